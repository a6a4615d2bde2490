//! Duplicate suggestions: open cases of the same kind (or service) whose text is similar and,
//! when both are placed, that are near. The rule is `urp_domain::routing::duplicate_score`;
//! this reads the candidates and ranks them.

use crate::AppState;
use urp_domain::TenantId;
use urp_domain::case::CaseKind;
use urp_domain::routing::{DUPLICATE_THRESHOLD, DupFacts, duplicate_score};
use urp_store::routing::DupCandidate;
use urp_store::{CaseId, StoreError};

/// How many recent open cases of the kind are compared.
pub const CANDIDATES: i64 = 400;
/// How many suggestions are shown.
pub const SHOWN: usize = 5;
/// Distance within which two placed reports may be the same problem, unless the ente sets one.
pub const DEFAULT_DISTANCE_M: u32 = 300;

/// What the new (or current) case says.
pub struct Probe<'a> {
    pub kind: CaseKind,
    pub service: Option<&'a str>,
    pub subject: &'a str,
    pub description: &'a str,
    pub point: Option<(f64, f64)>,
    pub exclude: Option<CaseId>,
}

/// The best-scoring open cases above the threshold, best first.
pub async fn suggest(state: &AppState, t: TenantId, p: &Probe<'_>) -> Result<Vec<(DupCandidate, f64)>, StoreError> {
    let settings = state.store.routing_settings(t).await?;
    let max_m = f64::from(settings.duplicate_distance_m.unwrap_or(DEFAULT_DISTANCE_M));
    let candidates = state.store.duplicate_candidates(t, p.kind, p.service, p.exclude, CANDIDATES).await?;
    Ok(rank(p, candidates, max_m))
}

/// Scores and orders candidates (pure: the part the benchmark and the labelled set exercise).
pub fn rank(p: &Probe<'_>, candidates: Vec<DupCandidate>, max_m: f64) -> Vec<(DupCandidate, f64)> {
    let text = format!("{} {}", p.subject, p.description);
    let new = DupFacts { kind: p.kind, service: p.service, text: &text, point: p.point };
    let mut scored: Vec<(DupCandidate, f64)> = candidates
        .into_iter()
        .filter_map(|c| {
            let ctext = format!("{} {}", c.subject, c.description);
            let point = c.lat.zip(c.lon);
            let other = DupFacts { kind: c.kind, service: c.service.as_deref(), text: &ctext, point };
            let s = duplicate_score(&new, &other, max_m)?;
            (s >= DUPLICATE_THRESHOLD).then_some((c, s))
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.id.cmp(&a.0.id)));
    scored.truncate(SHOWN);
    scored
}
