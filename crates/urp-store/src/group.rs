//! Group commit of new cases: requests queue for one writer per store, which stores a batch in
//! one transaction (a savepoint each) and answers each request after the commit. An answer is
//! only ever sent once the case is durable.

use crate::{NewCase, StoreError, StoreResult};
use tokio::sync::{mpsc, oneshot};
use urp_domain::TenantId;

/// Most cases stored by one commit.
pub(crate) const BATCH: usize = 64;
/// Requests that may wait for the writer before submitters wait to enqueue.
pub(crate) const QUEUE: usize = 1024;

pub(crate) struct Job {
    pub tenant: TenantId,
    pub case: NewCase,
    reply: oneshot::Sender<StoreResult<Stored>>,
}

/// Where the writer put a case: its row id and its registry sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stored {
    pub id: i64,
    pub seq: i64,
}

/// Queues a case for the writer and waits for where it was stored (or its own error).
pub(crate) async fn submit(writer: &mpsc::Sender<Job>, tenant: TenantId, case: &NewCase) -> StoreResult<Stored> {
    let (reply, answer) = oneshot::channel();
    writer
        .send(Job { tenant, case: case.clone(), reply })
        .await
        .map_err(|_| StoreError::Unavailable("the case writer has stopped".into()))?;
    answer.await.map_err(|_| StoreError::Unavailable("the case writer has stopped".into()))?
}

/// After a successful commit: each request gets its own outcome.
pub(crate) fn answer(batch: Vec<Job>, outcomes: Vec<StoreResult<Stored>>) {
    for (job, outcome) in batch.into_iter().zip(outcomes) {
        // A submitter that went away (time-out) no longer waits; the case is stored anyway
        // and a retry with the same idempotency key finds it.
        let _ = job.reply.send(outcome);
    }
}

/// When the transaction could not start or commit, nothing of the batch was stored.
pub(crate) fn fail_all(batch: Vec<Job>, error: &StoreError) {
    for job in batch {
        let e = match error {
            StoreError::Unavailable(m) => StoreError::Unavailable(m.clone()),
            other => StoreError::Other(other.to_string()),
        };
        let _ = job.reply.send(Err(e));
    }
}

/// Counts the cases a writer stored and says when the tables have grown enough since the last
/// refresh of the planner's statistics: after 256 cases, then each time eight times as many.
#[derive(Debug)]
pub(crate) struct Growth {
    written: u64,
    next: u64,
}

impl Default for Growth {
    fn default() -> Self {
        Growth { written: 0, next: 256 }
    }
}

impl Growth {
    /// Adds `n` stored cases; `true` when a refresh is due.
    pub(crate) fn add(&mut self, n: usize) -> bool {
        self.written = self.written.saturating_add(n as u64);
        if self.written < self.next {
            return false;
        }
        self.next = self.next.saturating_mul(8);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::Growth;

    #[test]
    fn refreshes_become_rarer_as_the_tables_grow() {
        let mut g = Growth::default();
        let mut due = Vec::new();
        for _ in 0..40_000 {
            if g.add(1) {
                due.push(g.written);
            }
        }
        assert_eq!(due, vec![256, 2048, 16_384]);
        let mut g = Growth::default();
        assert!(!g.add(255));
        assert!(g.add(64), "a batch that crosses the mark triggers once");
        assert!(!g.add(64));
    }
}
