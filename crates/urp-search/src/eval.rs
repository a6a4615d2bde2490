//! Relevance evaluation: MRR@10 and recall@1/3/10, overall and per query style, over a set of
//! sheets (the import format) and labelled queries (`{"q", "relevant": [ids best first],
//! "style"}`).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::{DocKind, SearchDoc, SearchIndex, SearchQuery, Synonyms};

#[derive(Debug, Clone, Deserialize)]
pub struct EvalQuery {
    pub q: String,
    pub relevant: Vec<String>,
    #[serde(default)]
    pub style: String,
}

/// A sheet line of the import format, as far as search needs it.
#[derive(Debug, Clone, Deserialize)]
pub struct EvalSheet {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub office: Option<String>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Metrics {
    pub queries: usize,
    pub mrr10: f64,
    pub recall1: f64,
    pub recall3: f64,
    pub recall10: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub overall: Metrics,
    pub by_style: BTreeMap<String, Metrics>,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} line {line}: {source}")]
    Parse { path: String, line: usize, source: serde_json::Error },
    #[error(transparent)]
    Search(#[from] crate::SearchError),
}

fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, EvalError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| EvalError::Read { path: path.display().to_string(), source })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|source| EvalError::Parse {
                path: path.display().to_string(),
                line: i + 1,
                source,
            })
        })
        .collect()
}

pub fn load_queries(path: &Path) -> Result<Vec<EvalQuery>, EvalError> {
    read_jsonl(path)
}

pub fn load_sheets(path: &Path) -> Result<Vec<EvalSheet>, EvalError> {
    read_jsonl(path)
}

#[derive(Default)]
struct Acc {
    n: usize,
    mrr: f64,
    r: [f64; 3],
}

impl Acc {
    fn add(&mut self, ranked: &[String], relevant: &[String]) {
        self.n += 1;
        let top10 = &ranked[..ranked.len().min(10)];
        if let Some(pos) = top10.iter().position(|id| relevant.contains(id)) {
            self.mrr += 1.0 / (pos + 1) as f64;
        }
        for (slot, k) in [1usize, 3, 10].into_iter().enumerate() {
            let top = &ranked[..ranked.len().min(k)];
            let found = relevant.iter().filter(|r| top.contains(r)).count();
            self.r[slot] += found as f64 / relevant.len().max(1) as f64;
        }
    }
    fn metrics(&self) -> Metrics {
        let n = self.n.max(1) as f64;
        Metrics {
            queries: self.n,
            mrr10: self.mrr / n,
            recall1: self.r[0] / n,
            recall3: self.r[1] / n,
            recall10: self.r[2] / n,
        }
    }
}

/// Scores a ranking function: `search` returns the external ids of its results, best first.
pub fn evaluate<E>(queries: &[EvalQuery], mut search: impl FnMut(&str) -> Result<Vec<String>, E>) -> Result<Report, E> {
    let mut all = Acc::default();
    let mut styles: BTreeMap<String, Acc> = BTreeMap::new();
    for q in queries {
        let ranked = search(&q.q)?;
        all.add(&ranked, &q.relevant);
        styles.entry(q.style.clone()).or_default().add(&ranked, &q.relevant);
    }
    Ok(Report { overall: all.metrics(), by_style: styles.into_iter().map(|(k, v)| (k, v.metrics())).collect() })
}

/// Sheets of the import format as search documents (tenant 1, ids from 1 in file order).
pub fn sheets_to_docs(sheets: &[EvalSheet]) -> Vec<SearchDoc> {
    sheets
        .iter()
        .enumerate()
        .map(|(i, s)| SearchDoc {
            tenant: 1,
            kind: DocKind::Sheet,
            id: i as i64 + 1,
            external_id: Some(s.id.clone()),
            title: s.title.clone(),
            summary: s.summary.clone(),
            body: s.body.clone(),
            keywords: s.keywords.clone(),
            topic: s.topic.clone(),
            office: s.office.clone(),
            url: format!("/schede/{}", i + 1),
        })
        .collect()
}

/// Evaluates the engine alone: the sheets in an in-memory index, no database.
pub fn evaluate_engine(sheets: &Path, queries: &Path) -> Result<Report, EvalError> {
    let docs = sheets_to_docs(&load_sheets(sheets)?);
    let queries = load_queries(queries)?;
    let index = SearchIndex::in_memory();
    index.upsert(&docs)?;
    let syn = Synonyms::empty();
    let report = evaluate(&queries, |q| -> Result<Vec<String>, crate::SearchError> {
        let r = index.search(1, &SearchQuery::new(q, 10), &syn)?;
        Ok(r.hits.into_iter().filter_map(|h| h.external_id).collect())
    })?;
    Ok(report)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "| style | queries | MRR@10 | recall@1 | recall@3 | recall@10 |")?;
        writeln!(f, "|---|---:|---:|---:|---:|---:|")?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, m: &Metrics| {
            writeln!(
                f,
                "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
                m.queries, m.mrr10, m.recall1, m.recall3, m.recall10
            )
        };
        row(f, "**all**", &self.overall)?;
        for (style, m) in &self.by_style {
            row(f, style, m)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_follow_their_definitions() {
        let qs = vec![
            EvalQuery { q: "a".into(), relevant: vec!["x".into()], style: "s".into() },
            EvalQuery { q: "b".into(), relevant: vec!["x".into(), "y".into()], style: "t".into() },
        ];
        let r = evaluate(&qs, |q| -> Result<Vec<String>, ()> {
            Ok(if q == "a" {
                vec!["z".into(), "x".into()]
            } else {
                vec!["y".into(), "k".into(), "j".into(), "x".into()]
            })
        })
        .unwrap_or_default();
        assert!((r.overall.mrr10 - (0.5 + 1.0) / 2.0).abs() < 1e-9);
        assert!((r.overall.recall1 - (0.0 + 0.5) / 2.0).abs() < 1e-9);
        assert!((r.overall.recall3 - (1.0 + 0.5) / 2.0).abs() < 1e-9);
        assert!((r.overall.recall10 - 1.0).abs() < 1e-9);
        assert_eq!(r.by_style.len(), 2);
    }
}
