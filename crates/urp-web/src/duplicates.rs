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

#[cfg(test)]
mod tests {
    use super::*;
    use urp_domain::registry::RegistryNumber;

    struct Labelled {
        group: String,
        case: DupCandidate,
    }

    fn labelled() -> Vec<Labelled> {
        include_str!("../tests/data/duplicates_labelled.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .enumerate()
            .map(|(i, line)| {
                let f: Vec<&str> = line.split('\t').collect();
                assert_eq!(f.len(), 5, "{line}");
                let seq = u64::try_from(i).unwrap() + 1;
                Labelled {
                    group: f[0].to_string(),
                    case: DupCandidate {
                        id: CaseId(i64::try_from(seq).unwrap()),
                        registry: RegistryNumber { year: 2026, seq },
                        kind: f[1].parse().unwrap(),
                        subject: f[4].to_string(),
                        description: String::new(),
                        service: None,
                        lat: f[2].parse().ok(),
                        lon: f[3].parse().ok(),
                    },
                }
            })
            .collect()
    }

    /// Each report in turn is the new one and all the others are the open cases: precision
    /// and recall of the suggestions over every (report, suggested case) pair.
    fn evaluate() -> (usize, usize, usize, f64, f64) {
        let set = labelled();
        let (mut tp, mut fp, mut fneg) = (0, 0, 0);
        for probe in &set {
            let c = &probe.case;
            let p = Probe {
                kind: c.kind,
                service: None,
                subject: &c.subject,
                description: &c.description,
                point: c.lat.zip(c.lon),
                exclude: Some(c.id),
            };
            let others: Vec<DupCandidate> = set.iter().filter(|o| o.case.id != c.id).map(|o| o.case.clone()).collect();
            let suggested: Vec<CaseId> =
                rank(&p, others, f64::from(DEFAULT_DISTANCE_M)).into_iter().map(|(d, _)| d.id).collect();
            let same = |o: &Labelled| probe.group != "-" && o.group == probe.group && o.case.id != c.id;
            for o in &set {
                match (same(o), suggested.contains(&o.case.id)) {
                    (true, true) => tp += 1,
                    (false, true) => {
                        println!("false positive: {:?} ~ {:?}", c.subject, o.case.subject);
                        fp += 1
                    }
                    (true, false) => {
                        println!("missed: {:?} ~ {:?}", c.subject, o.case.subject);
                        fneg += 1
                    }
                    (false, false) => {}
                }
            }
        }
        let precision = tp as f64 / (tp + fp).max(1) as f64;
        let recall = tp as f64 / (tp + fneg).max(1) as f64;
        (tp, fp, fneg, precision, recall)
    }

    #[test]
    fn precision_and_recall_on_the_labelled_set() {
        let (tp, fp, fneg, precision, recall) = evaluate();
        println!("duplicates: tp={tp} fp={fp} fn={fneg} precision={precision:.2} recall={recall:.2}");
        assert!(precision >= 0.8, "precision {precision:.2} (tp={tp} fp={fp})");
        assert!(recall >= 0.7, "recall {recall:.2} (tp={tp} fn={fneg})");
    }
}
