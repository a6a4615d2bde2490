//! Offices (unità organizzative). Admins create and remove them; managers and each office's
//! referents keep the details current — the policy module decides which.

use crate::context::Ctx;
use crate::forms::{Errors, FormData};
use crate::pages::{Page, render};
use crate::views::Id;
use crate::views::Notice;
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use urp_domain::validate;
use urp_domain::{Action, OfficeId};
use urp_store::{Office, OfficeData, StoreError};

#[derive(Default)]
pub struct OfficeForm {
    pub name: String,
    pub competences: String,
    pub address: String,
    pub opening_hours: String,
    pub phone: String,
    pub email: String,
    pub pec: String,
    pub responsible: String,
}

impl OfficeForm {
    fn from_office(o: &OfficeData) -> OfficeForm {
        OfficeForm {
            name: o.name.clone(),
            competences: o.competences.clone(),
            address: o.address.clone().unwrap_or_default(),
            opening_hours: o.opening_hours.clone().unwrap_or_default(),
            phone: o.phone.clone().unwrap_or_default(),
            email: o.email.clone().unwrap_or_default(),
            pec: o.pec.clone().unwrap_or_default(),
            responsible: o.responsible.clone().unwrap_or_default(),
        }
    }

    fn from_form(f: &FormData) -> OfficeForm {
        OfficeForm {
            name: f.get("name").into(),
            competences: f.get("competences").into(),
            address: f.get("address").into(),
            opening_hours: f.get("opening_hours").into(),
            phone: f.get("phone").into(),
            email: f.get("email").into(),
            pec: f.get("pec").into(),
            responsible: f.get("responsible").into(),
        }
    }

    fn validate(&self, errors: &mut Errors) -> Option<OfficeData> {
        let name = errors.check("name", validate::required_text(&self.name, 200));
        let competences = errors.check("competences", validate::required_text(&self.competences, 4000));
        let address = errors.check("address", validate::optional_text(&self.address, 300));
        let opening_hours = errors.check("opening_hours", validate::optional_text(&self.opening_hours, 1000));
        let phone = errors.check("phone", validate::optional_phone(&self.phone));
        let email = errors.check("email", validate::optional_email(&self.email));
        let pec = errors.check("pec", validate::optional_email(&self.pec));
        let responsible = errors.check("responsible", validate::optional_text(&self.responsible, 200));
        Some(OfficeData {
            name: name?,
            competences: competences?,
            address: address?,
            opening_hours: opening_hours?,
            phone: phone?,
            email: email?,
            pec: pec?,
            responsible: responsible?,
        })
    }
}

pub struct Row {
    pub office: Office,
    pub members: usize,
    pub editable: bool,
}

#[derive(Template)]
#[template(path = "admin/offices.html")]
struct ListPage {
    page: Page,
    rows: Vec<Row>,
    can_create: bool,
}

#[derive(Template)]
#[template(path = "admin/office_form.html")]
struct FormPage {
    page: Page,
    errors: Errors,
    form: OfficeForm,
    action: String,
    delete_id: Option<i64>,
}

fn list_crumbs(ctx: &Ctx, title: String) -> Page {
    Page::titled(ctx, title).crumb(ctx.t("admin-offices"), "/staff/admin/uffici")
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::UseStaffArea)?;
    let users = state.store.list_users(ctx.tenant.id).await?;
    let rows: Vec<Row> = state
        .store
        .list_offices(ctx.tenant.id)
        .await?
        .into_iter()
        .map(|o| Row {
            members: users.iter().filter(|u| u.data.offices.contains(&o.id)).count(),
            editable: s.actor.may(Action::EditOfficeDetails(o.id)),
            office: o,
        })
        .collect();
    if !s.actor.may(Action::ManageOffices) && !rows.iter().any(|r| r.editable) {
        return Err(AppError::Forbidden);
    }
    render(&ListPage {
        page: list_crumbs(&ctx, ctx.t("admin-offices")).with_notice_from(n.ok.as_deref()),
        rows,
        can_create: s.actor.may(Action::ManageOffices),
    })
}

pub async fn new_form(ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageOffices)?;
    render(&FormPage {
        page: list_crumbs(&ctx, ctx.t("office-new")).crumb(ctx.t("office-new"), ""),
        errors: Errors::new(ctx.lang),
        form: OfficeForm::default(),
        action: "/staff/admin/uffici/nuovo".into(),
        delete_id: None,
    })
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageOffices)?;
    let form = OfficeForm::from_form(&FormData::parse(&body));
    let mut errors = Errors::new(ctx.lang);
    if let Some(data) = form.validate(&mut errors) {
        match state.store.create_office(ctx.tenant.id, &data, Utc::now()).await {
            Ok(o) => {
                state.store.audit(ctx.tenant.id, Some(s.user.id), "office.create", &o.data.name, Utc::now()).await?;
                return Ok(Redirect::to("/staff/admin/uffici?ok=saved").into_response());
            }
            Err(StoreError::Conflict(_)) => errors.add_key("name", "err-office-exists"),
            Err(e) => return Err(e.into()),
        }
    }
    let r = render(&FormPage {
        page: list_crumbs(&ctx, ctx.t("office-new")).crumb(ctx.t("office-new"), ""),
        errors,
        form,
        action: "/staff/admin/uffici/nuovo".into(),
        delete_id: None,
    })?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::EditOfficeDetails(OfficeId(id)))?;
    let office = state.store.office(ctx.tenant.id, OfficeId(id)).await?;
    render(&FormPage {
        page: list_crumbs(&ctx, office.data.name.clone()).crumb(office.data.name.clone(), ""),
        errors: Errors::new(ctx.lang),
        form: OfficeForm::from_office(&office.data),
        action: format!("/staff/admin/uffici/{id}"),
        delete_id: s.actor.may(Action::ManageOffices).then_some(id),
    })
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::EditOfficeDetails(OfficeId(id)))?;
    let current = state.store.office(ctx.tenant.id, OfficeId(id)).await?;
    let form = OfficeForm::from_form(&FormData::parse(&body));
    let mut errors = Errors::new(ctx.lang);
    if let Some(mut data) = form.validate(&mut errors) {
        // Only whoever may restructure offices renames them; referents keep the details.
        if !s.actor.may(Action::ManageOffices) {
            data.name = current.data.name.clone();
        }
        match state.store.update_office(ctx.tenant.id, OfficeId(id), &data, Utc::now()).await {
            Ok(o) => {
                state.store.audit(ctx.tenant.id, Some(s.user.id), "office.update", &o.data.name, Utc::now()).await?;
                return Ok(Redirect::to("/staff/admin/uffici?ok=saved").into_response());
            }
            Err(StoreError::Conflict(_)) => errors.add_key("name", "err-office-exists"),
            Err(e) => return Err(e.into()),
        }
    }
    let r = render(&FormPage {
        page: list_crumbs(&ctx, current.data.name.clone()).crumb(current.data.name.clone(), ""),
        errors,
        form,
        action: format!("/staff/admin/uffici/{id}"),
        delete_id: s.actor.may(Action::ManageOffices).then_some(id),
    })?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
}

pub async fn delete(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageOffices)?;
    let office = state.store.office(ctx.tenant.id, OfficeId(id)).await?;
    state.store.delete_office(ctx.tenant.id, OfficeId(id)).await?;
    state.store.audit(ctx.tenant.id, Some(s.user.id), "office.delete", &office.data.name, Utc::now()).await?;
    Ok(Redirect::to("/staff/admin/uffici?ok=deleted").into_response())
}
