//! Staff accounts: name, e-mail, roles, offices, active flag, password resets.

use crate::context::Ctx;
use crate::forms::{Errors, FormData};
use crate::pages::{Page, render};
use crate::views::Id;
use crate::views::Notice;
use crate::views::staff::role_label;
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use urp_domain::policy::RoleChangeRefused;
use urp_domain::validate::{self, PASSWORD_MIN_CHARS};
use urp_domain::{Action, OfficeId, Role, UserId};
use urp_store::{Office, StoreError, User, UserData};

pub struct Row {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub roles: String,
    pub offices: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct ListPage {
    page: Page,
    rows: Vec<Row>,
}

pub struct Choice {
    pub code: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Default)]
pub struct UserForm {
    pub name: String,
    pub email: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin/user_form.html")]
struct FormPage {
    page: Page,
    errors: Errors,
    form: UserForm,
    roles: Vec<Choice>,
    offices: Vec<Choice>,
    is_new: bool,
    action: String,
    min_chars: usize,
}

fn crumbs(ctx: &Ctx, title: String) -> Page {
    Page::titled(ctx, title.clone()).crumb(ctx.t("admin-users"), "/staff/admin/utenti").crumb(title, "")
}

fn office_names(offices: &[Office], ids: &[OfficeId]) -> String {
    offices.iter().filter(|o| ids.contains(&o.id)).map(|o| o.data.name.clone()).collect::<Vec<_>>().join(", ")
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageUsers)?;
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let rows = state
        .store
        .list_users(ctx.tenant.id)
        .await?
        .into_iter()
        .map(|u| Row {
            id: u.id.0,
            roles: u.data.roles.iter().map(|r| role_label(&ctx, *r)).collect::<Vec<_>>().join(", "),
            offices: office_names(&offices, &u.data.offices),
            status: ctx.t(if u.data.active { "user-status-active" } else { "user-status-inactive" }),
            name: u.data.name,
            email: u.data.email,
        })
        .collect();
    let page = Page::new(&ctx, "admin-users")
        .crumb(ctx.t("admin-users"), "/staff/admin/utenti")
        .with_notice_from(n.ok.as_deref());
    render(&ListPage { page, rows })
}

fn choices(ctx: &Ctx, offices: &[Office], roles: &[Role], office_ids: &[OfficeId]) -> (Vec<Choice>, Vec<Choice>) {
    let r = Role::ALL
        .iter()
        .map(|r| Choice { code: r.code().into(), label: role_label(ctx, *r), checked: roles.contains(r) })
        .collect();
    let o = offices
        .iter()
        .map(|o| Choice { code: o.id.0.to_string(), label: o.data.name.clone(), checked: office_ids.contains(&o.id) })
        .collect();
    (r, o)
}

/// The account fields common to creation and edit, as submitted; `checked` holds the valid
/// (name, e-mail) when both passed.
struct Parsed {
    form: UserForm,
    roles: Vec<Role>,
    offices: Vec<OfficeId>,
    checked: Option<(String, String)>,
}

fn parse(f: &FormData, errors: &mut Errors, offices: &[Office]) -> Parsed {
    let form = UserForm { name: f.get("name").into(), email: f.get("email").into(), active: f.checked("active") };
    let roles: Vec<Role> = f.all("roles").iter().filter_map(|r| r.parse().ok()).collect();
    let office_ids: Vec<OfficeId> = f
        .all("offices")
        .iter()
        .filter_map(|o| o.parse::<i64>().ok())
        .map(OfficeId)
        .filter(|id| offices.iter().any(|o| o.id == *id))
        .collect();
    let name = errors.check("name", validate::required_text(&form.name, 200));
    let email = errors.check("email", validate::email(&form.email));
    if roles.is_empty() {
        errors.add_key("roles", "err-roles-required");
    }
    Parsed { form, roles, offices: office_ids, checked: name.zip(email) }
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageUsers)?;
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let (roles, offices) = choices(&ctx, &offices, &[], &[]);
    render(&FormPage {
        page: crumbs(&ctx, ctx.t("user-new")),
        errors: Errors::new(ctx.lang),
        form: UserForm { active: true, ..Default::default() },
        roles,
        offices,
        is_new: true,
        action: "/staff/admin/utenti/nuovo".into(),
        min_chars: PASSWORD_MIN_CHARS,
    })
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageUsers)?;
    let f = FormData::parse(&body);
    let all_offices = state.store.list_offices(ctx.tenant.id).await?;
    let mut errors = Errors::new(ctx.lang);
    let Parsed { form, roles, offices: office_ids, checked } = parse(&f, &mut errors, &all_offices);
    if let Some((_, email)) = &checked {
        errors.check("password", validate::new_password(f.get("password"), f.get("confirm"), email));
    }
    if let (Some((name, email)), false) = (checked, errors.any()) {
        let hash = crate::password::hash(f.get("password").to_string()).await.map_err(AppError::internal)?;
        let data = UserData { email, name, roles: roles.clone(), offices: office_ids.clone(), active: true };
        match state.store.create_user(ctx.tenant.id, &data, &hash, Utc::now()).await {
            Ok(u) => {
                state.store.audit(ctx.tenant.id, Some(s.user.id), "user.create", &u.data.email, Utc::now()).await?;
                return Ok(Redirect::to("/staff/admin/utenti?ok=saved").into_response());
            }
            Err(StoreError::Conflict(_)) => errors.add_key("email", "err-user-exists"),
            Err(e) => return Err(e.into()),
        }
    }
    let (roles, offices) = choices(&ctx, &all_offices, &roles, &office_ids);
    let r = render(&FormPage {
        page: crumbs(&ctx, ctx.t("user-new")),
        errors,
        form,
        roles,
        offices,
        is_new: true,
        action: "/staff/admin/utenti/nuovo".into(),
        min_chars: PASSWORD_MIN_CHARS,
    })?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    errors: Errors,
    form: UserForm,
    roles: &[Role],
    office_ids: &[OfficeId],
) -> Result<Response, AppError> {
    let all_offices = state.store.list_offices(ctx.tenant.id).await?;
    let (roles, offices) = choices(ctx, &all_offices, roles, office_ids);
    let invalid = errors.any();
    let r = render(&FormPage {
        page: crumbs(ctx, user.data.name.clone()),
        errors,
        form,
        roles,
        offices,
        is_new: false,
        action: format!("/staff/admin/utenti/{}", user.id),
        min_chars: PASSWORD_MIN_CHARS,
    })?;
    Ok(if invalid { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageUsers)?;
    let user = state.store.user(ctx.tenant.id, UserId(id)).await?;
    let form = UserForm { name: user.data.name.clone(), email: user.data.email.clone(), active: user.data.active };
    edit_page(&state, &ctx, &user, Errors::new(ctx.lang), form, &user.data.roles.clone(), &user.data.offices.clone())
        .await
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageUsers)?;
    let user = state.store.user(ctx.tenant.id, UserId(id)).await?;
    let f = FormData::parse(&body);
    let all_offices = state.store.list_offices(ctx.tenant.id).await?;
    let mut errors = Errors::new(ctx.lang);
    let Parsed { form, roles, offices: office_ids, checked } = parse(&f, &mut errors, &all_offices);
    match s.actor.may_set_roles(user.id, &roles) {
        Ok(()) => {}
        Err(RoleChangeRefused::WouldDropOwnAdmin) => errors.add_key("roles", "err-own-admin"),
        Err(RoleChangeRefused::NotAllowed) => return Err(AppError::Forbidden),
    }
    if user.id == s.user.id && !form.active {
        errors.add_key("roles", "err-own-deactivate");
    }
    if let (Some((name, email)), false) = (checked, errors.any()) {
        let data = UserData { email, name, roles: roles.clone(), offices: office_ids.clone(), active: form.active };
        match state.store.update_user(ctx.tenant.id, user.id, &data, Utc::now()).await {
            Ok(u) => {
                state.store.audit(ctx.tenant.id, Some(s.user.id), "user.update", &u.data.email, Utc::now()).await?;
                return Ok(Redirect::to("/staff/admin/utenti?ok=saved").into_response());
            }
            Err(StoreError::Conflict(_)) => errors.add_key("email", "err-user-exists"),
            Err(e) => return Err(e.into()),
        }
    }
    edit_page(&state, &ctx, &user, errors, form, &roles, &office_ids).await
}

pub async fn set_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(id): Id,
    body: Bytes,
) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageUsers)?;
    let user = state.store.user(ctx.tenant.id, UserId(id)).await?;
    let f = FormData::parse(&body);
    let mut errors = Errors::new(ctx.lang);
    errors.check("password", validate::new_password(f.get("password"), f.get("confirm"), &user.data.email));
    if errors.any() {
        let form = UserForm { name: user.data.name.clone(), email: user.data.email.clone(), active: user.data.active };
        return edit_page(&state, &ctx, &user, errors, form, &user.data.roles.clone(), &user.data.offices.clone())
            .await;
    }
    let hash = crate::password::hash(f.get("password").to_string()).await.map_err(AppError::internal)?;
    let now = Utc::now();
    state.store.set_password(ctx.tenant.id, user.id, &hash, now).await?;
    // A reset ends the account's sessions everywhere (except the admin's own, if it is theirs).
    let keep = (user.id == s.user.id).then_some(s.token_hash.as_str());
    state.store.delete_user_sessions(ctx.tenant.id, user.id, keep).await?;
    state.store.audit(ctx.tenant.id, Some(s.user.id), "user.password", &user.data.email, now).await?;
    Ok(Redirect::to("/staff/admin/utenti?ok=password").into_response())
}
