//! Contact channels (sportello, telefono, e-mail, PEC, …) and the settings audit trail.

use crate::context::Ctx;
use crate::forms::{Errors, FormData};
use crate::pages::{Page, render};
use crate::views::Notice;
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use urp_domain::Action;
use urp_domain::validate;
use urp_store::Channel;

#[derive(Template)]
#[template(path = "admin/channels.html")]
struct ChannelsPage {
    page: Page,
    errors: Errors,
    channels: Vec<Channel>,
    new_code: String,
    new_name: String,
}

async fn show(
    state: &AppState,
    ctx: &Ctx,
    errors: Errors,
    new_code: String,
    new_name: String,
    notice: Option<&str>,
) -> Result<Response, AppError> {
    let channels = state.store.list_channels(ctx.tenant.id).await?;
    let invalid = errors.any();
    let r = render(&ChannelsPage {
        page: Page::new(ctx, "admin-channels")
            .crumb(ctx.t("admin-channels"), "/staff/admin/canali")
            .with_notice_from(notice),
        errors,
        channels,
        new_code,
        new_name,
    })?;
    Ok(if invalid { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageChannels)?;
    show(&state, &ctx, Errors::new(ctx.lang), String::new(), String::new(), n.ok.as_deref()).await
}

/// Saves every row of the table at once; a bad row refuses the whole form.
pub async fn save(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageChannels)?;
    let f = FormData::parse(&body);
    let existing = state.store.list_channels(ctx.tenant.id).await?;
    let mut errors = Errors::new(ctx.lang);
    let mut updates = Vec::new();
    for c in &existing {
        let name = errors.check("channels", validate::required_text(f.get(&format!("name_{}", c.code)), 80));
        let position = f
            .get(&format!("position_{}", c.code))
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|p| (0..=999).contains(p))
            .unwrap_or(c.position);
        let active = f.checked(&format!("active_{}", c.code));
        if let Some(name) = name {
            updates.push((c.code.clone(), name, active, position));
        }
    }
    if errors.any() {
        return show(&state, &ctx, errors, String::new(), String::new(), None).await;
    }
    let now = Utc::now();
    for (code, name, active, position) in updates {
        state.store.upsert_channel(ctx.tenant.id, &code, &name, active, position, now).await?;
    }
    state.store.audit(ctx.tenant.id, Some(s.user.id), "channels.update", "", now).await?;
    Ok(Redirect::to("/staff/admin/canali?ok=saved").into_response())
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageChannels)?;
    let f = FormData::parse(&body);
    let mut errors = Errors::new(ctx.lang);
    let code = errors.check("new_code", validate::slug(f.get("new_code")).map(|c| c.replace('-', "_")));
    let name = errors.check("new_name", validate::required_text(f.get("new_name"), 80));
    let existing = state.store.list_channels(ctx.tenant.id).await?;
    if let Some(c) = &code
        && existing.iter().any(|e| &e.code == c)
    {
        errors.add_key("new_code", "err-channel-exists");
    }
    if let (Some(code), Some(name), false) = (code, name, errors.any()) {
        let position = existing.iter().map(|c| c.position).max().unwrap_or(0) + 1;
        state.store.upsert_channel(ctx.tenant.id, &code, &name, true, position, Utc::now()).await?;
        state.store.audit(ctx.tenant.id, Some(s.user.id), "channel.create", &code, Utc::now()).await?;
        return Ok(Redirect::to("/staff/admin/canali?ok=saved").into_response());
    }
    show(&state, &ctx, errors, f.get("new_code").into(), f.get("new_name").into(), None).await
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    page: Page,
    events: Vec<(String, String, String, String)>,
}

pub async fn audit(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageUsers)?;
    let users = state.store.list_users(ctx.tenant.id).await?;
    let events = state
        .store
        .list_audit(ctx.tenant.id, 200)
        .await?
        .into_iter()
        .map(|e| {
            let who = e
                .user_id
                .and_then(|id| users.iter().find(|u| u.id == id))
                .map_or_else(|| "—".to_string(), |u| u.data.name.clone());
            let when = e.at.with_timezone(&chrono_tz_rome()).format("%d/%m/%Y %H:%M").to_string();
            (when, who, e.action, e.subject)
        })
        .collect();
    render(&AuditPage {
        page: Page::new(&ctx, "admin-audit").crumb(ctx.t("admin-audit"), "/staff/admin/registro"),
        events,
    })
}

/// Italian local time for display (storage is always UTC).
fn chrono_tz_rome() -> chrono_tz::Tz {
    chrono_tz::Europe::Rome
}
