//! Relevance regression on the knowledge-base development set (shared/eval/kb-dev, beside the
//! repository on every machine of the project, or at $URP_KB_EVAL_DIR). The set is required:
//! a missing set fails the test rather than skipping it.

use std::path::PathBuf;

use urp_search::eval;

/// Figures reached by the engine on the development set, less a small margin.
const MIN_MRR10: f64 = 0.957 - 0.02;
const MIN_RECALL3: f64 = 0.943 - 0.02;

fn eval_dir() -> PathBuf {
    if let Ok(d) = std::env::var("URP_KB_EVAL_DIR") {
        return PathBuf::from(d);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/kb-dev")
}

#[test]
fn development_set_relevance_does_not_regress() {
    let dir = eval_dir();
    assert!(dir.join("queries.jsonl").exists(), "evaluation set not found at {}", dir.display());
    let report = eval::evaluate_engine(&dir.join("sheets.jsonl"), &dir.join("queries.jsonl"))
        .unwrap_or_else(|e| panic!("evaluation failed: {e}"));
    println!("{report}");
    assert!(report.overall.mrr10 >= MIN_MRR10, "MRR@10 {:.3} < {MIN_MRR10:.3}", report.overall.mrr10);
    assert!(report.overall.recall3 >= MIN_RECALL3, "recall@3 {:.3} < {MIN_RECALL3:.3}", report.overall.recall3);
    // The two kinds of people word matching fails: foreign residents and long stories.
    let english = report.by_style.get("english").map(|m| m.recall1).unwrap_or_default();
    assert!(english >= 0.7, "english recall@1 {english:.3}");
}
