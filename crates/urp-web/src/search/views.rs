//! Search pages: the portal's "Cerca nel sito", the front office's search-as-you-type, the
//! synonym editor, the content-gap report, and `GET /api/v1/search`.

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use urp_domain::Action;
use urp_search::{DocKind, SearchQuery, Synonyms};
use urp_store::Topic;

use super::{Found, Outcome};
use crate::context::Ctx;
use crate::forms::{Errors, FormData};
use crate::pages::{Page, render};
use crate::views::Notice;
use crate::{AppError, AppState};

/// Longest query considered (longer text is cut, never refused).
const MAX_QUERY_CHARS: usize = 1000;
const PAGE_SIZE: usize = 20;

#[derive(Debug, Deserialize, Default)]
pub struct SearchParams {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
    /// Content type (`sheet`); empty: all.
    #[serde(default)]
    pub tipo: Option<String>,
    /// Topic name; empty: all.
    #[serde(default)]
    pub argomento: Option<String>,
}

fn clean(q: Option<&str>) -> String {
    q.unwrap_or_default().trim().chars().take(MAX_QUERY_CHARS).collect()
}

async fn run(
    state: &AppState,
    ctx: &Ctx,
    text: &str,
    limit: usize,
    kind: Option<DocKind>,
    topic: Option<String>,
    source: &str,
) -> Result<(Outcome, Option<i64>), AppError> {
    let mut q = SearchQuery::new(text, limit);
    q.kinds = kind.into_iter().collect();
    q.topic = topic;
    let outcome = state.search.search(state.store.as_ref(), ctx.tenant.id, &q).await?;
    let folded = urp_search::analysis::fold(text);
    // Logged for the content-gap report; a failure here must not cost the user the results.
    let log = if folded.is_empty() {
        None
    } else {
        let total = i64::try_from(outcome.total).unwrap_or(i64::MAX);
        match state.store.log_search(ctx.tenant.id, &folded, source, total, Utc::now()).await {
            Ok(id) => Some(id),
            Err(e) => {
                tracing::warn!(error = %e, "search not logged");
                None
            }
        }
    };
    Ok((outcome, log))
}

// --- API --------------------------------------------------------------------------------------

#[derive(serde::Serialize)]
struct ApiResults {
    total: usize,
    results: Vec<Found>,
}

/// `GET /api/v1/search?q=&limit=`: published content, best first.
pub async fn api(State(state): State<AppState>, ctx: Ctx, Query(p): Query<SearchParams>) -> Result<Response, AppError> {
    let text = clean(p.q.as_deref());
    let limit = p.limit.as_deref().and_then(|l| l.trim().parse::<usize>().ok()).unwrap_or(10).clamp(1, 50);
    let (outcome, _) = run(&state, &ctx, &text, limit, None, None, "api").await?;
    Ok(Json(ApiResults { total: outcome.total, results: outcome.results }).into_response())
}

// --- portal -----------------------------------------------------------------------------------

/// One line of the portal's results: a sheet, an office or a topic.
pub struct Item {
    pub kind: String,
    pub href: String,
    pub title_html: String,
    pub snippet_html: String,
}

#[derive(Template)]
#[template(path = "search/portal.html")]
struct PortalSearch {
    page: Page,
    q: String,
    tipo: String,
    argomento: String,
    topics: Vec<Topic>,
    summary: String,
    results: Vec<Item>,
    /// Set when the query was empty: the most consulted sheets instead of results.
    popular: bool,
    degraded: bool,
}

fn sheet_items(ctx: &Ctx, found: Vec<Found>, log: Option<i64>) -> Vec<Item> {
    found
        .into_iter()
        .map(|r| Item {
            kind: ctx.t("srch-type-sheet"),
            href: log.map_or_else(|| r.url.clone(), |l| format!("/cerca/apri/{l}/{}", r.id)),
            title_html: r.title_html,
            snippet_html: r.snippet,
        })
        .collect()
}

/// Offices and topics whose name or description holds every word (they are few per ente).
async fn office_and_topic_items(
    state: &AppState,
    ctx: &Ctx,
    q: &str,
    topics: &[Topic],
    tipo: &str,
) -> Result<Vec<Item>, AppError> {
    use urp_search::analysis::fold;
    use urp_search::snippet::escape;
    let words: Vec<String> = fold(q).split_whitespace().map(str::to_string).collect();
    let matches = |text: &str| {
        let t = fold(text);
        !words.is_empty() && words.iter().all(|w| t.contains(w.as_str()))
    };
    let mut out = Vec::new();
    if tipo.is_empty() || tipo == "office" {
        for o in state.store.list_offices(ctx.tenant.id).await? {
            if matches(&format!("{} {}", o.data.name, o.data.competences)) {
                out.push(Item {
                    kind: ctx.t("search-kind-office"),
                    href: format!("/uffici/{}", o.id),
                    title_html: escape(&o.data.name),
                    snippet_html: escape(&o.data.competences.chars().take(200).collect::<String>()),
                });
            }
        }
    }
    if tipo.is_empty() || tipo == "topic" {
        for t in topics {
            if matches(&format!("{} {}", t.name, t.description.clone().unwrap_or_default())) {
                out.push(Item {
                    kind: ctx.t("search-kind-topic"),
                    href: format!("/argomenti#topic-{}", t.id),
                    title_html: escape(&t.name),
                    snippet_html: escape(t.description.as_deref().unwrap_or_default()),
                });
            }
        }
    }
    Ok(out)
}

pub async fn portal(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<SearchParams>,
) -> Result<Response, AppError> {
    let q = clean(p.q.as_deref());
    let tipo = p.tipo.clone().unwrap_or_default();
    let argomento = p.argomento.clone().unwrap_or_default();
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let topic = topics.iter().find(|t| t.name == argomento).map(|t| t.name.clone());
    let page = Page::new(&ctx, "nav-search-site").crumb(ctx.t("nav-search"), "/cerca");
    if urp_search::analysis::analyze(&q).is_empty() {
        let results = sheet_items(&ctx, popular(&state, &ctx).await?, None);
        let summary = ctx.t("srch-popular");
        return render(&PortalSearch {
            page,
            q,
            tipo,
            argomento,
            topics,
            summary,
            results,
            popular: true,
            degraded: false,
        });
    }
    let mut results = Vec::new();
    let mut degraded = false;
    if tipo.is_empty() || tipo == "sheet" {
        let (outcome, log) = run(&state, &ctx, &q, PAGE_SIZE, Some(DocKind::Sheet), topic.clone(), "portal").await?;
        degraded = outcome.degraded;
        results = sheet_items(&ctx, outcome.results, log);
    }
    if topic.is_none() {
        results.extend(office_and_topic_items(&state, &ctx, &q, &topics, &tipo).await?);
    }
    let count = i64::try_from(results.len()).unwrap_or(i64::MAX);
    let summary = ctx.lang.t_count("search-summary", "count", count, &[("q", q.clone())]);
    render(&PortalSearch { page, q, tipo, argomento, topics, summary, results, popular: false, degraded })
}

async fn popular(state: &AppState, ctx: &Ctx) -> Result<Vec<Found>, AppError> {
    Ok(state
        .store
        .most_viewed_sheets(ctx.tenant.id, 10)
        .await?
        .into_iter()
        .map(|b| Found {
            kind: DocKind::Sheet.as_str(),
            url: crate::kb::sheet_url(b.id, &b.title),
            id: b.id,
            external_id: b.external_id,
            title_html: urp_search::snippet::escape(&b.title),
            snippet: urp_search::snippet::escape(&b.summary),
            title: b.title,
            score: 0.0,
        })
        .collect())
}

/// `/cerca/apri/{log}/{id}`: records which result of a search was opened, then opens it.
pub async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((log, id)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let sheet = state.store.sheet(ctx.tenant.id, id).await?;
    if let Err(e) = state.store.log_search_click(ctx.tenant.id, log, id, Utc::now()).await {
        tracing::warn!(error = %e, "search click not logged");
    }
    let staff = ctx.session.is_some() && ctx.query.as_deref().is_some_and(|q| q.contains("staff=1"));
    let to = if staff { format!("/staff/kb/{id}") } else { crate::kb::sheet_url(id, &sheet.content.title) };
    Ok(Redirect::to(&to).into_response())
}

// --- staff: search as you type ----------------------------------------------------------------

#[derive(Template)]
#[template(path = "search/staff.html")]
struct StaffSearch {
    page: Page,
    q: String,
    results: StaffResults,
}

#[derive(Template)]
#[template(path = "search/staff_results.html")]
struct StaffResults {
    q: String,
    summary: String,
    results: Vec<Found>,
    log: Option<i64>,
    origin: String,
    lang: crate::i18n::Lang,
}

impl StaffResults {
    fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
    fn mail_href(&self, r: &Found) -> String {
        let body = format!("{}\n{}{}", r.title, self.origin, r.url);
        format!(
            "mailto:?subject={}&body={}",
            form_urlencoded::byte_serialize(r.title.as_bytes()).collect::<String>().replace('+', "%20"),
            form_urlencoded::byte_serialize(body.as_bytes()).collect::<String>().replace('+', "%20")
        )
    }
}

fn origin(headers: &HeaderMap, state: &AppState) -> String {
    let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if crate::context::is_secure(state, headers) { "https" } else { "http" };
    format!("{scheme}://{host}")
}

pub async fn staff(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(p): Query<SearchParams>,
) -> Result<Response, AppError> {
    ctx.authorize(Action::ReadSheets)?;
    let q = clean(p.q.as_deref());
    let (results, summary, log) = if urp_search::analysis::analyze(&q).is_empty() {
        (Vec::new(), String::new(), None)
    } else {
        let (outcome, log) = run(&state, &ctx, &q, 10, None, None, "staff").await?;
        let count = i64::try_from(outcome.total).unwrap_or(i64::MAX);
        (outcome.results, ctx.lang.t_count("search-summary", "count", count, &[("q", q.clone())]), log)
    };
    let results =
        StaffResults { q: q.clone(), summary, results, log, origin: origin(&headers, &state), lang: ctx.lang };
    if headers.contains_key("hx-request") {
        return render(&results);
    }
    let page = Page::new(&ctx, "srch-staff-title").crumb(ctx.t("srch-staff-title"), "/staff/cerca");
    render(&StaffSearch { page, q, results })
}

// --- synonyms ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "search/synonyms.html")]
struct SynonymsPage {
    page: Page,
    errors: Errors,
    text: String,
}

const MAX_SYNONYM_TEXT: usize = 20_000;

pub async fn synonyms(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    ctx.authorize(Action::EditSheets)?;
    let groups = state.store.synonym_groups(ctx.tenant.id).await?;
    let text = groups.iter().map(|g| g.join(", ")).collect::<Vec<_>>().join("\n");
    let page = Page::new(&ctx, "srch-synonyms-title")
        .crumb(ctx.t("srch-synonyms-title"), "/staff/admin/sinonimi")
        .with_notice_from(n.ok.as_deref());
    render(&SynonymsPage { page, errors: Errors::new(ctx.lang), text })
}

pub async fn save_synonyms(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    ctx.authorize(Action::EditSheets)?;
    let f = FormData::parse(&body);
    let text = f.get("groups").to_string();
    let mut errors = Errors::new(ctx.lang);
    let groups = Synonyms::parse_groups(&text);
    if text.chars().count() > MAX_SYNONYM_TEXT {
        errors.add_key("groups", "srch-synonyms-too-long");
    } else if text.lines().any(|l| !l.trim().is_empty() && l.split(',').filter(|m| !m.trim().is_empty()).count() < 2) {
        errors.add_key("groups", "srch-synonyms-bad-line");
    }
    if errors.any() {
        let page = Page::new(&ctx, "srch-synonyms-title").crumb(ctx.t("srch-synonyms-title"), "/staff/admin/sinonimi");
        let r = render(&SynonymsPage { page, errors, text })?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response());
    }
    state.store.replace_synonym_groups(ctx.tenant.id, &groups, Utc::now()).await?;
    state.search.synonyms_changed(ctx.tenant.id);
    Ok(Redirect::to("/staff/admin/sinonimi?ok=srch-synonyms-saved").into_response())
}

// --- content gaps -----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "search/gaps.html")]
struct GapsPage {
    page: Page,
    days: i64,
    gaps: Vec<urp_store::ContentGap>,
}

#[derive(Debug, Deserialize, Default)]
pub struct GapParams {
    #[serde(default)]
    giorni: Option<String>,
}

pub async fn gaps(State(state): State<AppState>, ctx: Ctx, Query(p): Query<GapParams>) -> Result<Response, AppError> {
    ctx.authorize(Action::EditSheets)?;
    let days = p.giorni.as_deref().and_then(|d| d.parse::<i64>().ok()).unwrap_or(30).clamp(1, 365);
    let since = Utc::now() - chrono::Duration::days(days);
    let gaps = state.store.content_gaps(ctx.tenant.id, since, 200).await?;
    let page = Page::new(&ctx, "srch-gaps-title").crumb(ctx.t("srch-gaps-title"), "/staff/kb/lacune");
    render(&GapsPage { page, days, gaps })
}
