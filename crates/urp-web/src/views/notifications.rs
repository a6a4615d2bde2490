//! The staff member's notifications (with the unread count) and their preferences per kind:
//! immediately (in the app and by e-mail), in the daily digest, or off.

use crate::context::Ctx;
use crate::forms::FormData;
use crate::pages::{Page, render};
use crate::routing_flow::{NOTIFY_KINDS, NOTIFY_MODES};
use crate::views::Notice;
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use urp_domain::Action;

pub struct Item {
    pub id: i64,
    pub when: String,
    pub body: String,
    pub case_id: Option<i64>,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "staff/notifications.html")]
struct ListPage {
    page: Page,
    items: Vec<Item>,
    unread: i64,
    summary: String,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::UseStaffArea)?;
    let items: Vec<Item> = state
        .store
        .notifications(ctx.tenant.id, s.user.id, 100)
        .await?
        .into_iter()
        .map(|n| Item {
            id: n.id,
            when: n.created_at.with_timezone(&chrono_tz::Europe::Rome).format("%d/%m/%Y %H:%M").to_string(),
            body: n.body,
            case_id: n.case_id.map(|c| c.0),
            unread: n.read_at.is_none(),
        })
        .collect();
    let unread = state.store.unread_count(ctx.tenant.id, s.user.id).await?;
    let mut page = Page::new(&ctx, "notifications-title")
        .crumb(ctx.t("notifications-title"), "")
        .with_notice_from(n.ok.as_deref());
    // The count in the menu was taken before this page marked anything; show the fresh one.
    page.unread = unread;
    render(&ListPage { summary: ctx.lang.t_count("notifications-unread", "count", unread, &[]), page, items, unread })
}

/// Marks one notification (`id`) or all of them as read.
pub async fn mark_read(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::UseStaffArea)?;
    let f = FormData::parse(&body);
    let id = f.get("id").parse::<i64>().ok();
    state.store.mark_read(ctx.tenant.id, s.user.id, id, chrono::Utc::now()).await?;
    Ok(Redirect::to("/staff/notifiche?ok=saved").into_response())
}

pub struct PrefRow {
    pub kind: &'static str,
    pub label: String,
    pub modes: Vec<(&'static str, String, bool)>,
}

#[derive(Template)]
#[template(path = "staff/notification_prefs.html")]
struct PrefsPage {
    page: Page,
    rows: Vec<PrefRow>,
}

pub async fn prefs(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::UseStaffArea)?;
    let stored = state.store.notification_prefs(ctx.tenant.id, s.user.id).await?;
    let rows = NOTIFY_KINDS
        .iter()
        .map(|k| {
            let current = stored.iter().find(|(sk, _)| sk == k).map_or("now", |(_, m)| m.as_str());
            PrefRow {
                kind: k,
                label: ctx.t(&format!("notify-kind-{k}")),
                modes: NOTIFY_MODES.iter().map(|m| (*m, ctx.t(&format!("notify-mode-{m}")), *m == current)).collect(),
            }
        })
        .collect();
    render(&PrefsPage {
        page: Page::new(&ctx, "notification-prefs-title")
            .crumb(ctx.t("notifications-title"), "/staff/notifiche")
            .crumb(ctx.t("notification-prefs-title"), "")
            .with_notice_from(n.ok.as_deref()),
        rows,
    })
}

pub async fn save_prefs(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::UseStaffArea)?;
    let f = FormData::parse(&body);
    for k in NOTIFY_KINDS {
        let mode = f.get(&format!("mode_{k}"));
        // Anything but a known mode is ignored: the form only offers those.
        if NOTIFY_MODES.contains(&mode) {
            state.store.set_notification_pref(ctx.tenant.id, s.user.id, k, mode).await?;
        }
    }
    Ok(Redirect::to("/staff/notifiche/preferenze?ok=saved").into_response())
}
