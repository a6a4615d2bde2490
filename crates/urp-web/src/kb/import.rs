//! `urp import sheets` / `urp export sheets`: one JSON object a line.
//!
//! `{"id": external id, "title", "office": name (created if missing), "topic": name (created
//! if missing), "summary", "body": Markdown whose headings — or lines holding just a section
//! name — fill the sections ("Ufficio responsabile" is *Contatti*), "keywords": [..],
//! optional "status" (workflow state; new sheets default to published), optional "category"}`.
//!
//! A file with a bad line imports nothing unless the caller asks to skip bad lines. Importing
//! the same file again changes nothing: a sheet whose content is unchanged gets no version.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use urp_domain::TenantId;
use urp_domain::kb::{Section, SheetState, publication_problems, split_body};
use urp_store::{OfficeData, SheetContent, SheetFilter, Store, StoreError};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SheetLine {
    pub id: String,
    pub title: String,
    pub office: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "riga {}: {}", self.line, self.message)
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: Vec<LineError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} righe non valide; nessuna scheda importata (usa --skip-invalid per importare le altre)", .0.len())]
    Invalid(Vec<LineError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A checked line: its sections split out and its state decided.
struct Parsed {
    line: usize,
    src: SheetLine,
    state: Option<SheetState>,
    content: SheetContent,
}

fn check(line: usize, raw: &str, seen: &mut HashSet<String>) -> Result<Parsed, LineError> {
    let err = |m: String| LineError { line, message: m };
    let src: SheetLine = serde_json::from_str(raw).map_err(|e| err(format!("JSON non valido: {e}")))?;
    let mut problems = Vec::new();
    if src.id.trim().is_empty() {
        problems.push("manca \"id\"".to_string());
    } else if !seen.insert(src.id.trim().to_string()) {
        problems.push(format!("l'id \"{}\" compare più volte nel file", src.id.trim()));
    }
    if src.title.trim().is_empty() {
        problems.push("manca \"title\"".into());
    }
    if src.office.trim().is_empty() {
        problems.push("manca \"office\" (Ufficio responsabile)".into());
    }
    let state = match src.status.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => match s.parse::<SheetState>() {
            Ok(st) => Some(st),
            Err(_) => {
                problems.push(format!("stato \"{s}\" sconosciuto (bozza, in_revisione, pubblicata, archiviata)"));
                None
            }
        },
        None => None,
    };
    if let Some(c) = src.category.as_deref().filter(|c| !urp_domain::service_category::is_service_category(c)) {
        problems.push(format!("categoria di servizio \"{c}\" sconosciuta"));
    }
    let split = split_body(&src.body);
    let content = SheetContent {
        title: src.title.trim().to_string(),
        category: src.category.clone().filter(|c| !c.is_empty()),
        service_active: true,
        summary: src.summary.trim().to_string(),
        description: split.description.clone(),
        audience: split.get(Section::Audience).to_string(),
        how_to: split.get(Section::HowTo).to_string(),
        needed: split.get(Section::Needed).to_string(),
        obtained: split.get(Section::Obtained).to_string(),
        deadlines: split.get(Section::Deadlines).to_string(),
        costs: split.get(Section::Costs).to_string(),
        place: split.get(Section::Access).to_string(),
        conditions: split.get(Section::Conditions).to_string(),
        contacts: split.get(Section::Contacts).to_string(),
        keywords: src.keywords.iter().map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect(),
        ..Default::default()
    };
    if state.unwrap_or(SheetState::Pubblicata) == SheetState::Pubblicata {
        let sections: Vec<(Section, &str)> = Section::ALL.into_iter().map(|s| (s, section_text(&content, s))).collect();
        for (field, _) in publication_problems(&content.title, &content.summary, &sections, true) {
            if field != "title" {
                problems.push(format!("per pubblicarla manca la sezione \"{}\"", field_title(field)));
            }
        }
    }
    if problems.is_empty() { Ok(Parsed { line, src, state, content }) } else { Err(err(problems.join("; "))) }
}

fn field_title(field: &str) -> &'static str {
    if field == "summary" {
        return "summary (Descrizione breve)";
    }
    Section::ALL.into_iter().find(|s| s.field() == field).map_or("?", Section::title)
}

/// The Markdown text of a section of `c`.
pub fn section_text(c: &SheetContent, s: Section) -> &str {
    match s {
        Section::Audience => &c.audience,
        Section::HowTo => &c.how_to,
        Section::Needed => &c.needed,
        Section::Obtained => &c.obtained,
        Section::Deadlines => &c.deadlines,
        Section::Costs => &c.costs,
        Section::Access => &c.place,
        Section::Conditions => &c.conditions,
        Section::Contacts => &c.contacts,
    }
}

/// Checks every line of `text`; with no bad line (or with `skip_invalid`) stores the good ones.
pub async fn import_sheets(
    store: &dyn Store,
    t: TenantId,
    text: &str,
    skip_invalid: bool,
    now: DateTime<Utc>,
) -> Result<ImportReport, ImportError> {
    let mut seen = HashSet::new();
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        match check(i + 1, raw, &mut seen) {
            Ok(p) => good.push(p),
            Err(e) => bad.push(e),
        }
    }
    if !bad.is_empty() && !skip_invalid {
        return Err(ImportError::Invalid(bad));
    }
    let mut report = ImportReport { skipped: bad, ..Default::default() };
    let mut topics = store.list_topics(t).await?;
    for mut p in good {
        let office = match store.office_by_name(t, p.src.office.trim()).await? {
            Some(o) => o,
            None => {
                let d = OfficeData { name: p.src.office.trim().to_string(), ..Default::default() };
                store.create_office(t, &d, now).await?
            }
        };
        p.content.office_id = Some(office.id);
        if let Some(name) = p.src.topic.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            let id = match topics.iter().find(|x| x.name.eq_ignore_ascii_case(name)) {
                Some(x) => x.id,
                None => {
                    let x = store.create_topic(t, name, None, now).await?;
                    let id = x.id;
                    topics.push(x);
                    id
                }
            };
            p.content.topic_ids = vec![id];
        }
        let ext = p.src.id.trim();
        match existing(store, t, ext).await? {
            Some(cur) => {
                // What the file does not carry stays as the editors left it.
                let keep = &cur.content;
                p.content.category = p.content.category.or_else(|| keep.category.clone());
                p.content.service_active = keep.service_active;
                p.content.status_reason = keep.status_reason.clone();
                p.content.max_response_days = keep.max_response_days;
                p.content.online_url = keep.online_url.clone();
                p.content.booking_url = keep.booking_url.clone();
                p.content.related = keep.related.clone();
                p.content.notes = keep.notes.clone();
                p.content.review_by = keep.review_by;
                if p.src.topic.is_none() {
                    p.content.topic_ids = keep.topic_ids.clone();
                }
                let saved = store.update_sheet(t, cur.id, &p.content, None, None, "import", now).await?;
                let mut changed = saved.changed;
                if let Some(st) = p.state.filter(|s| *s != saved.sheet.state) {
                    store.set_sheet_state(t, cur.id, saved.sheet.state, st, None, now).await?;
                    changed = true;
                }
                if changed {
                    report.updated += 1;
                } else {
                    report.unchanged += 1;
                }
            }
            None => {
                let state = p.state.unwrap_or(SheetState::Pubblicata);
                store.create_sheet(t, Some(ext), &p.content, state, None, "import", now).await?;
                report.created += 1;
            }
        }
        let _ = p.line;
    }
    Ok(report)
}

/// The sheet an external id names; `urp-N` (what export writes for sheets created in URP)
/// names sheet N when no sheet carries that external id.
async fn existing(store: &dyn Store, t: TenantId, ext: &str) -> Result<Option<urp_store::Sheet>, StoreError> {
    if let Some(s) = store.sheet_by_external_id(t, ext).await? {
        return Ok(Some(s));
    }
    if let Some(n) = ext.strip_prefix("urp-").and_then(|n| n.parse::<i64>().ok()) {
        match store.sheet(t, n).await {
            Ok(s) if s.external_id.is_none() => return Ok(Some(s)),
            Ok(_) | Err(StoreError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

/// Every sheet of the ente as import lines, by title.
pub async fn export_sheets(store: &dyn Store, t: TenantId) -> Result<Vec<SheetLine>, StoreError> {
    let offices = store.list_offices(t).await?;
    let topics = store.list_topics(t).await?;
    let sheets = store.list_sheets(t, &SheetFilter::default(), 1_000_000, 0).await?;
    Ok(sheets
        .iter()
        .map(|s| {
            let c = &s.content;
            let mut body = Vec::new();
            if !c.description.trim().is_empty() {
                body.push(c.description.trim().to_string());
            }
            for sec in Section::ALL {
                let text = section_text(c, sec).trim();
                if !text.is_empty() {
                    let heading = if sec == Section::Contacts { "Ufficio responsabile" } else { sec.title() };
                    body.push(format!("## {heading}\n{text}"));
                }
            }
            SheetLine {
                id: s.external_id.clone().unwrap_or_else(|| format!("urp-{}", s.id)),
                title: c.title.clone(),
                office: c
                    .office_id
                    .and_then(|o| offices.iter().find(|x| x.id == o))
                    .map(|o| o.data.name.clone())
                    .unwrap_or_default(),
                topic: c.topic_ids.first().and_then(|id| topics.iter().find(|x| x.id == *id)).map(|x| x.name.clone()),
                summary: c.summary.clone(),
                body: body.join("\n\n"),
                keywords: c.keywords.clone(),
                status: Some(s.state.code().to_string()),
                category: c.category.clone(),
            }
        })
        .collect())
}
