//! A short-lived cache of what every request reads and almost nothing writes: which ente a
//! host name belongs to, and the settings that shape a new case (closing days, terms, topics,
//! offices). Without it a public submission spends most of its database time re-reading them.
//!
//! Correctness: every write of those settings through this store empties the cache at once
//! (a generation counter, so a read that raced with the write cannot put stale data back);
//! writes made by another server or by the CLI reach this one within [`TTL`]. Host names are
//! chosen by clients, so their map is bounded.

use crate::{IntakeRefs, Tenant};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use urp_domain::TenantId;

/// How long another server's change may take to be seen here.
pub const TTL: Duration = Duration::from_secs(2);
/// Host names are chosen by clients: the map is emptied rather than allowed to grow past this.
const MAX_ENTRIES: usize = 1024;

struct Entry<T> {
    value: T,
    at: Instant,
    generation: u64,
}

#[derive(Default)]
pub(crate) struct RefCache {
    generation: AtomicU64,
    hosts: Mutex<HashMap<String, Entry<Option<Arc<Tenant>>>>>,
    default_tenant: Mutex<Option<Entry<Arc<Tenant>>>>,
    intake: Mutex<HashMap<TenantId, Entry<Arc<IntakeRefs>>>>,
}

fn fresh<T: Clone>(e: &Entry<T>, generation: u64) -> Option<T> {
    (e.generation == generation && e.at.elapsed() < TTL).then(|| e.value.clone())
}

fn put<K: std::hash::Hash + Eq, T>(map: &Mutex<HashMap<K, Entry<T>>>, key: K, value: T, generation: u64) {
    if let Ok(mut m) = map.lock() {
        if m.len() >= MAX_ENTRIES {
            m.clear();
        }
        m.insert(key, Entry { value, at: Instant::now(), generation });
    }
}

impl RefCache {
    /// The generation to read under: take it *before* reading the database, and store what
    /// was read with it, so a write that happened meanwhile makes the entry useless.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Called after every write of cached settings.
    pub(crate) fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// `Some(None)`: the host is known to belong to no ente.
    pub(crate) fn tenant_by_host(&self, host: &str) -> Option<Option<Arc<Tenant>>> {
        let g = self.generation();
        self.hosts.lock().ok()?.get(host).and_then(|e| fresh(e, g))
    }

    pub(crate) fn put_tenant_by_host(&self, host: &str, t: Option<Arc<Tenant>>, generation: u64) {
        put(&self.hosts, host.to_string(), t, generation);
    }

    pub(crate) fn default_tenant(&self) -> Option<Arc<Tenant>> {
        let g = self.generation();
        self.default_tenant.lock().ok()?.as_ref().and_then(|e| fresh(e, g))
    }

    pub(crate) fn put_default_tenant(&self, t: Arc<Tenant>, generation: u64) {
        if let Ok(mut d) = self.default_tenant.lock() {
            *d = Some(Entry { value: t, at: Instant::now(), generation });
        }
    }

    pub(crate) fn intake(&self, t: TenantId) -> Option<Arc<IntakeRefs>> {
        let g = self.generation();
        self.intake.lock().ok()?.get(&t).and_then(|e| fresh(e, g))
    }

    pub(crate) fn put_intake(&self, t: TenantId, refs: Arc<IntakeRefs>, generation: u64) {
        put(&self.intake, t, refs, generation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs() -> Arc<IntakeRefs> {
        Arc::new(IntakeRefs::default())
    }

    #[test]
    fn an_entry_read_before_a_write_is_never_served_after_it() {
        let c = RefCache::default();
        let g = c.generation();
        c.invalidate(); // a write lands while the read was in flight
        c.put_intake(TenantId(1), refs(), g);
        assert!(c.intake(TenantId(1)).is_none());
        let g = c.generation();
        c.put_intake(TenantId(1), refs(), g);
        assert!(c.intake(TenantId(1)).is_some());
        c.invalidate();
        assert!(c.intake(TenantId(1)).is_none());
    }

    #[test]
    fn host_map_stays_bounded() {
        let c = RefCache::default();
        let g = c.generation();
        let mut t = crate::Tenant {
            id: TenantId(1),
            slug: String::new(),
            data: crate::TenantData::default(),
            is_default: false,
            has_logo: false,
            hosts: vec![],
            updated_at: chrono::Utc::now(),
        };
        for i in 0..(MAX_ENTRIES * 2) {
            t.slug = format!("e{i}");
            c.put_tenant_by_host(&format!("h{i}.example"), Some(Arc::new(t.clone())), g);
        }
        assert!(c.hosts.lock().unwrap().len() <= MAX_ENTRIES);
    }
}
