//! The staff home page (one per role) and the password change.

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
use urp_domain::validate::{self, PASSWORD_MIN_CHARS};
use urp_domain::{Action, Role};
use urp_store::User;

pub struct Card {
    pub title: String,
    pub text: String,
    pub href: &'static str,
}

#[derive(Template)]
#[template(path = "staff/home.html")]
struct Home {
    page: Page,
    greeting: String,
    role_intro: String,
    cards: Vec<Card>,
    user: User,
    roles: String,
    offices: String,
}

pub fn role_label(ctx: &Ctx, role: Role) -> String {
    ctx.t(&format!("role-{}", role.code()))
}

pub async fn home(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::UseStaffArea)?;
    let primary = s.actor.primary_role().unwrap_or(Role::FrontOffice);
    let card = |key: &str, href: &'static str| Card { title: ctx.t(key), text: ctx.t(&format!("{key}-text")), href };
    let mut cards = Vec::new();
    if s.actor.may(Action::ViewCaseQueue) {
        cards.push(card("cases-queue", "/staff/casi"));
    }
    if s.actor.may(Action::CreateCaseForCitizen) {
        cards.push(card("case-new", "/staff/casi/nuovo"));
    }
    if s.actor.may(Action::ManageTenant) {
        cards.push(card("admin-tenant", "/staff/admin/ente"));
    }
    if s.actor.may(Action::ManageUsers) {
        cards.push(card("admin-users", "/staff/admin/utenti"));
    }
    if s.actor.may(Action::ManageOffices) || s.actor.has(Role::Manager) || s.actor.has(Role::Referent) {
        cards.push(card("admin-offices", "/staff/admin/uffici"));
    }
    if s.actor.may(Action::ManageTopics) {
        cards.push(card("admin-topics", "/staff/admin/argomenti"));
    }
    if s.actor.may(Action::ManageChannels) {
        cards.push(card("admin-channels", "/staff/admin/canali"));
    }
    cards.push(card("portal-link", "/"));
    let all_offices = state.store.list_offices(ctx.tenant.id).await?;
    let offices = all_offices
        .iter()
        .filter(|o| s.user.data.offices.contains(&o.id))
        .map(|o| o.data.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let roles = s.user.data.roles.iter().map(|r| role_label(&ctx, *r)).collect::<Vec<_>>().join(", ");
    render(&Home {
        page: Page::new(&ctx, "staff-home").with_notice_from(n.ok.as_deref()),
        greeting: ctx.lang.t_args("staff-greeting", &[("name", s.user.data.name.clone())]),
        role_intro: ctx.t(&format!("staff-intro-{}", primary.code())),
        cards,
        user: s.user.clone(),
        roles,
        offices,
    })
}

#[derive(Template)]
#[template(path = "staff/password.html")]
struct PasswordPage {
    page: Page,
    errors: Errors,
    min_chars: usize,
}

pub async fn password_form(ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::ChangeOwnPassword)?;
    let page = Page::new(&ctx, "password-change").crumb(ctx.t("password-change"), "/staff/password");
    render(&PasswordPage { page, errors: Errors::new(ctx.lang), min_chars: PASSWORD_MIN_CHARS })
}

pub async fn password(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ChangeOwnPassword)?;
    let form = FormData::parse(&body);
    let mut errors = Errors::new(ctx.lang);
    let creds = state.store.credentials(ctx.tenant.id, s.user.id).await?;
    if form.get("current").is_empty() {
        errors.add_key("current", "err-required");
    } else if !crate::password::verify(form.get("current").to_string(), creds.password_hash).await {
        errors.add_key("current", "err-password-current");
    }
    errors.check(
        "new_password",
        validate::new_password(form.get("new_password"), form.get("confirm"), &s.user.data.email),
    );
    if errors.any() {
        let page = Page::new(&ctx, "password-change").crumb(ctx.t("password-change"), "/staff/password");
        let r = render(&PasswordPage { page, errors, min_chars: PASSWORD_MIN_CHARS })?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response());
    }
    let hash = crate::password::hash(form.get("new_password").to_string()).await.map_err(AppError::internal)?;
    let now = Utc::now();
    state.store.set_password(ctx.tenant.id, s.user.id, &hash, now).await?;
    // Other devices signed in with the old password are signed out; this one stays.
    state.store.delete_user_sessions(ctx.tenant.id, s.user.id, Some(&s.token_hash)).await?;
    state.store.audit(ctx.tenant.id, Some(s.user.id), "password.change", &s.user.data.email, now).await?;
    Ok(Redirect::to("/staff?ok=password").into_response())
}
