//! Settings that change deadlines: the ente's extra closing days and the term of each kind of
//! case. Also the e-mails the outbox could not deliver, so staff can act on them.

use crate::context::Ctx;
use crate::deadline_text;
use crate::forms::{Errors, FormData};
use crate::pages::{Page, render};
use crate::views::Notice;
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use urp_domain::Action;
use urp_domain::case::CaseKind;
use urp_domain::deadline::{Term, TermUnit};
use urp_domain::validate;

pub struct TermRow {
    pub code: &'static str,
    pub label: String,
    pub days: u32,
    pub working: bool,
    pub custom: bool,
}

#[derive(Template)]
#[template(path = "admin/case_settings.html")]
struct SettingsPage {
    page: Page,
    errors: Errors,
    closures: Vec<(String, String, String)>,
    terms: Vec<TermRow>,
    new_day: String,
    new_reason: String,
}

async fn show(
    state: &AppState,
    ctx: &Ctx,
    errors: Errors,
    new_day: String,
    new_reason: String,
    notice: Option<&str>,
) -> Result<Response, AppError> {
    let closures = state
        .store
        .closures(ctx.tenant.id)
        .await?
        .into_iter()
        .map(|(d, r)| (d.format("%Y-%m-%d").to_string(), deadline_text::date(d), r))
        .collect();
    let custom = state.store.kind_terms(ctx.tenant.id).await?;
    let terms = CaseKind::ALL
        .iter()
        .map(|k| {
            let set = custom.iter().find(|(c, _)| c == k).map(|(_, t)| *t);
            let term = set.unwrap_or_else(|| k.default_term());
            TermRow {
                code: k.code(),
                label: ctx.t(&format!("kind-{}", k.code())),
                days: term.days,
                working: term.unit == TermUnit::WorkingDays,
                custom: set.is_some(),
            }
        })
        .collect();
    let invalid = errors.any();
    let r = render(&SettingsPage {
        page: Page::new(ctx, "admin-case-settings")
            .crumb(ctx.t("admin-case-settings"), "/staff/admin/termini")
            .with_notice_from(notice),
        errors,
        closures,
        terms,
        new_day,
        new_reason,
    })?;
    Ok(if invalid { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

pub async fn page(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageCaseSettings)?;
    show(&state, &ctx, Errors::new(ctx.lang), String::new(), String::new(), n.ok.as_deref()).await
}

pub async fn add_closure(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageCaseSettings)?;
    let f = FormData::parse(&body);
    let mut errors = Errors::new(ctx.lang);
    let day =
        NaiveDate::parse_from_str(f.get("day").trim(), "%Y-%m-%d").map_err(|_| errors.add_key("day", "err-date")).ok();
    let reason = errors.check("reason", validate::required_text(f.get("reason"), 120));
    if let (Some(day), Some(reason)) = (day, reason) {
        state.store.add_closure(ctx.tenant.id, day, &reason).await?;
        state.store.audit(ctx.tenant.id, Some(s.user.id), "closure.add", &day.to_string(), Utc::now()).await?;
        return Ok(Redirect::to("/staff/admin/termini?ok=saved").into_response());
    }
    show(&state, &ctx, errors, f.get("day").into(), f.get("reason").into(), None).await
}

pub async fn remove_closure(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageCaseSettings)?;
    let f = FormData::parse(&body);
    let day = NaiveDate::parse_from_str(f.get("day"), "%Y-%m-%d").map_err(|_| AppError::BadRequest)?;
    state.store.remove_closure(ctx.tenant.id, day).await?;
    state.store.audit(ctx.tenant.id, Some(s.user.id), "closure.remove", &day.to_string(), Utc::now()).await?;
    Ok(Redirect::to("/staff/admin/termini?ok=deleted").into_response())
}

/// Saves the whole table of terms; a term equal to the law's default is stored as "default".
pub async fn save_terms(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageCaseSettings)?;
    let f = FormData::parse(&body);
    let mut errors = Errors::new(ctx.lang);
    let mut terms = Vec::new();
    for k in CaseKind::ALL {
        match f.get(&format!("days_{}", k.code())).trim().parse::<u32>() {
            Ok(days) if (1..=365).contains(&days) => {
                let term = if f.checked(&format!("working_{}", k.code())) {
                    Term::working_days(days)
                } else {
                    Term::calendar_days(days)
                };
                terms.push((k, (term != k.default_term()).then_some(term)));
            }
            _ => errors.add_key("terms", "err-term-days"),
        }
    }
    if errors.any() {
        return show(&state, &ctx, errors, String::new(), String::new(), None).await;
    }
    for (k, term) in terms {
        state.store.set_kind_term(ctx.tenant.id, k, term).await?;
    }
    state.store.audit(ctx.tenant.id, Some(s.user.id), "terms.update", "", Utc::now()).await?;
    Ok(Redirect::to("/staff/admin/termini?ok=saved").into_response())
}

#[derive(Template)]
#[template(path = "staff/outbox.html")]
struct OutboxPage {
    page: Page,
    rows: Vec<(String, String, String, i64, String)>,
}

/// E-mails that could not be delivered yet, with the error, so staff can contact the citizen
/// another way or fix the address.
pub async fn outbox(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::ViewCase { office: None })?;
    let mut rows = Vec::new();
    for item in state.store.outbox_failures(ctx.tenant.id).await? {
        let (registry, link) = match item.case_id {
            Some(id) => match state.store.case(ctx.tenant.id, id).await {
                Ok(c) => (c.registry.to_string(), format!("/staff/casi/{}", c.id)),
                Err(_) => (String::new(), String::new()),
            },
            None => (String::new(), String::new()),
        };
        rows.push((registry, link, item.recipient, item.attempts, item.last_error.unwrap_or_default()));
    }
    render(&OutboxPage { page: Page::new(&ctx, "outbox-title").crumb(ctx.t("outbox-title"), "/staff/posta"), rows })
}
