//! Applying a lifecycle event to a stored case: the domain state machine decides, the
//! deadline is recomputed from the suspensions, and the change, its history row and the
//! citizen's e-mail are stored together.

use crate::AppState;
use crate::i18n::Lang;
use crate::intake::{CaseRules, local_date};
use chrono::{Duration, NaiveDate, Utc};
use urp_domain::UserId;
use urp_domain::case::{CaseEvent, CaseEventKind, CaseStatus, TransitionError, transition};
use urp_domain::deadline::{Deadline, Suspension, compute_deadline};
use urp_store::{CaseChange, CaseRecord, StoreError, SuspensionRecord, Tenant};

#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// Someone else changed the case first; reload and retry.
    #[error("the case changed meanwhile")]
    Stale,
    #[error("empty text")]
    EmptyText,
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for FlowError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(_) => FlowError::Stale,
            other => FlowError::Store(other),
        }
    }
}

/// Stored suspensions as the domain sees them. A suspension resumed on day Y stopped the
/// clock up to the day before; resumed the same day it began, it counts that one day.
pub fn suspensions(records: &[SuspensionRecord]) -> Vec<Suspension> {
    records
        .iter()
        .map(|r| match r.to {
            None => Suspension::open(r.from),
            Some(to) => Suspension { from: r.from, to: Some(to.max(r.from)) },
        })
        .collect()
}

pub fn deadline(rules: &CaseRules, case: &CaseRecord, records: &[SuspensionRecord]) -> Deadline {
    compute_deadline(case.received_date, case.term, &suspensions(records), &rules.calendar)
}

fn resume_day(today: NaiveDate) -> NaiveDate {
    today - Duration::days(1)
}

/// Moves the case with `event`; `text` is the reply for `SendReply` (shown to the citizen)
/// and `attachments` the documents that go with it.
#[allow(clippy::too_many_arguments)]
pub async fn apply(
    state: &AppState,
    tenant: &Tenant,
    actor: Option<UserId>,
    case: &CaseRecord,
    event: &CaseEvent,
    text: Option<&str>,
    attachments: Vec<urp_store::NewAttachment>,
    lang: Lang,
) -> Result<CaseRecord, FlowError> {
    let new_status = transition(case.kind, case.status, event)?;
    let now = Utc::now();
    let today = local_date(now);
    let mut records = state.store.case_suspensions(tenant.id, case.id).await?;
    let mut open_suspension = None;
    let mut close_suspension = None;
    match event {
        CaseEvent::Suspend { reason } => {
            open_suspension = Some((today, reason.trim().to_string()));
            records.push(SuspensionRecord { from: today, to: None, reason: reason.clone() });
        }
        CaseEvent::Resume => {
            if let Some(open) = records.iter_mut().find(|r| r.to.is_none()) {
                let to = resume_day(today).max(open.from);
                open.to = Some(to);
                close_suspension = Some(to);
            }
        }
        _ => {}
    }
    let body = match event {
        CaseEvent::SendReply => {
            let t = text.map(str::trim).unwrap_or_default();
            if t.is_empty() {
                return Err(FlowError::EmptyText);
            }
            Some(t.to_string())
        }
        other => other.reason().map(|r| r.trim().to_string()),
    };
    let rules = CaseRules::load(state.store.as_ref(), tenant).await?;
    let due_date = deadline(&rules, case, &records).due();
    let (event_kind, mail) =
        if event.kind() == CaseEventKind::SendReply { ("reply", "case_reply") } else { ("transition", "case_status") };
    let change = CaseChange {
        case_id: case.id,
        expected_status: case.status,
        new_status,
        actor_id: actor,
        at: now,
        event_kind: event_kind.into(),
        body,
        public: true,
        due_date,
        open_suspension,
        close_suspension,
        closed: matches!(new_status, CaseStatus::Chiusa | CaseStatus::Respinta | CaseStatus::Ritirata),
        assign_to: (event.kind() == CaseEventKind::TakeInCharge).then_some(actor).flatten(),
        attachments,
        // A reply also reaches the citizens of the cases merged into this one.
        outbox: crate::routing_flow::citizen_mail(state, tenant, case, mail, lang).await?,
    };
    Ok(state.store.change_case(tenant.id, &change).await?)
}

/// An internal note: never shown to the citizen, no e-mail, status unchanged.
pub async fn note(
    state: &AppState,
    tenant: &Tenant,
    actor: UserId,
    case: &CaseRecord,
    text: &str,
) -> Result<CaseRecord, FlowError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FlowError::EmptyText);
    }
    let change = CaseChange {
        case_id: case.id,
        expected_status: case.status,
        new_status: case.status,
        actor_id: Some(actor),
        at: Utc::now(),
        event_kind: "note".into(),
        body: Some(text.chars().take(4000).collect()),
        public: false,
        due_date: case.due_date,
        open_suspension: None,
        close_suspension: None,
        closed: case.closed_at.is_some(),
        assign_to: None,
        attachments: vec![],
        outbox: vec![],
    };
    Ok(state.store.change_case(tenant.id, &change).await?)
}
