//! The public "Servizi" pages: published services by category, and each service's page
//! (who handles it, within which term, through which channels, with which forms).

use crate::context::Ctx;
use crate::pages::{Page, render};
use crate::views::admin_services::term_text;
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use urp_domain::service_category::SERVICE_CATEGORIES;
use urp_store::{FormFilter, Service};

pub struct Card {
    pub code: String,
    pub name: String,
    pub description: String,
}

#[derive(Template)]
#[template(path = "portal/procedures.html")]
struct ListPage {
    page: Page,
    groups: Vec<(String, String, Vec<Card>)>,
}

/// The first sentence-ish of a description, for a card.
fn excerpt(s: &str) -> String {
    let first = s.lines().next().unwrap_or_default();
    if first.chars().count() > 220 {
        format!("{}…", first.chars().take(220).collect::<String>())
    } else {
        first.into()
    }
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let services = state.store.list_services(ctx.tenant.id, true).await?;
    let groups = SERVICE_CATEGORIES
        .iter()
        .filter_map(|c| {
            let cards: Vec<Card> = services
                .iter()
                .filter(|s| s.data.category == *c)
                .map(|s| Card {
                    code: s.data.code.clone(),
                    name: s.data.name.clone(),
                    description: excerpt(&s.data.description),
                })
                .collect();
            (!cards.is_empty()).then(|| (c.to_string(), ctx.t(&format!("service-category-{c}")), cards))
        })
        .collect();
    let page = Page::new(&ctx, "cat-public-title").crumb(ctx.t("cat-public-title"), "/procedimenti");
    render(&ListPage { page, groups })
}

pub struct FormLink {
    pub id: i64,
    pub title: String,
    pub file: String,
}

#[derive(Template)]
#[template(path = "portal/procedure.html")]
struct ServicePage {
    page: Page,
    service: Service,
    category: String,
    office: Option<(i64, String)>,
    term: String,
    channels: Vec<String>,
    sheet: Option<String>,
    forms: Vec<FormLink>,
    can_apply: bool,
}

/// A published service by code; drafts do not exist for the public.
pub async fn published(state: &AppState, ctx: &Ctx, code: &str) -> Result<Service, AppError> {
    state.store.service_by_code(ctx.tenant.id, code).await?.filter(|s| s.data.published).ok_or(AppError::NotFound)
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> Result<Response, AppError> {
    let s = published(&state, &ctx, &code).await?;
    let office = match s.data.office_id {
        Some(o) => Some((o.0, state.store.office(ctx.tenant.id, o).await?.data.name)),
        None => None,
    };
    let forms = state
        .store
        .list_forms(ctx.tenant.id, &FormFilter { published_only: true, service_id: Some(s.id), ..Default::default() })
        .await?
        .into_iter()
        .map(|f| FormLink {
            id: f.id,
            file: f.current.map(|v| crate::views::forms_library::file_label(&ctx, &v)).unwrap_or_default(),
            title: f.data.title,
        })
        .collect();
    let channels = s.data.channels.iter().map(|c| ctx.t(&format!("cat-channel-{c}"))).collect();
    // Only links inside the site or to the web are shown as links.
    let sheet = s.data.sheet_ref.clone().filter(|r| r.starts_with('/') || r.starts_with("https://"));
    let page = Page::titled(&ctx, s.data.name.clone())
        .crumb(ctx.t("cat-public-title"), "/procedimenti")
        .crumb(s.data.name.clone(), "");
    render(&ServicePage {
        page,
        category: ctx.t(&format!("service-category-{}", s.data.category)),
        term: term_text(&ctx, s.data.term),
        can_apply: s.data.channels.iter().any(|c| c == "online"),
        service: s,
        office,
        channels,
        sheet,
        forms,
    })
}

// --- the portal's request form for a service, built from its intake definition -----------------

use crate::forms::{Errors, FormData};
use crate::intake::{self, IntakeError, IntakeInput};
use crate::service_intake::{self, FieldView};
use axum::body::Bytes;
use axum::response::{IntoResponse, Redirect};
use urp_store::{Created, ServiceDefinition};

/// The citizen's own fields of a service request (the extra ones come from the definition).
#[derive(Default)]
pub struct RequestForm {
    pub description: String,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub phone: String,
    pub fiscal_code: String,
    pub privacy: bool,
    pub idem: String,
}

impl RequestForm {
    fn parse(f: &FormData) -> RequestForm {
        RequestForm {
            description: f.get("description").into(),
            name: f.get("name").into(),
            surname: f.get("surname").into(),
            email: f.get("email").into(),
            phone: f.get("phone").into(),
            fiscal_code: f.get("fiscal_code").into(),
            privacy: f.checked("privacy"),
            idem: f.get("idem").into(),
        }
    }
}

#[derive(Template)]
#[template(path = "portal/service_request.html")]
struct RequestPage {
    page: Page,
    code: String,
    form: RequestForm,
    fields: Vec<FieldView>,
    errors: Errors,
    term: String,
}

#[derive(Template)]
#[template(path = "portal/service_summary.html")]
struct RequestSummary {
    page: Page,
    code: String,
    rows: Vec<(String, String)>,
    hidden: Vec<(String, String)>,
    errors: Errors,
}

fn request_page(
    ctx: &Ctx,
    s: &Service,
    def: &ServiceDefinition,
    raw: &FormData,
    errors: Errors,
) -> Result<Response, AppError> {
    let invalid = errors.any();
    let mut form = RequestForm::parse(raw);
    if form.idem.is_empty() {
        form.idem = crate::context::random_bytes_b64(16);
    }
    let page = Page::titled(ctx, ctx.lang.t_args("cat-request-title", &[("service", s.data.name.clone())]))
        .crumb(ctx.t("cat-public-title"), "/procedimenti")
        .crumb(s.data.name.clone(), &format!("/procedimenti/{}", s.data.code))
        .crumb(ctx.t("cat-request-crumb"), "");
    let r = render(&RequestPage {
        page,
        code: s.data.code.clone(),
        form,
        fields: service_intake::views(&def.fields, raw),
        errors,
        term: term_text(ctx, s.data.term),
    })?;
    Ok(if invalid { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

async fn requestable(state: &AppState, ctx: &Ctx, code: &str) -> Result<(Service, ServiceDefinition), AppError> {
    match service_intake::load(state, ctx.tenant.id, code, true).await? {
        Some((s, d)) if s.data.channels.iter().any(|c| c == "online") => Ok((s, d)),
        _ => Err(AppError::NotFound),
    }
}

pub async fn request_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let (s, def) = requestable(&state, &ctx, &code).await?;
    request_page(&ctx, &s, &def, &FormData(Vec::new()), Errors::new(ctx.lang))
}

fn intake_input(s: &Service, form: &RequestForm, intake: Option<intake::ServiceIntake>) -> IntakeInput {
    IntakeInput {
        kind: urp_domain::case::CaseKind::AvvioProcedimento.code().into(),
        channel: "web".into(),
        subject: s.data.name.chars().take(intake::SUBJECT_MAX).collect(),
        description: form.description.clone(),
        service: s.data.name.clone(),
        topic_id: None,
        office_id: s.data.office_id.map(|o| o.0),
        name: form.name.clone(),
        surname: form.surname.clone(),
        email: form.email.clone(),
        phone: form.phone.clone(),
        fiscal_code: form.fiscal_code.clone(),
        address: String::new(),
        lat: None,
        lon: None,
        attachments: vec![],
        idempotency_key: Some(format!("web:{}", form.idem)).filter(|_| !form.idem.is_empty()),
        created_by: None,
        service_intake: intake,
    }
}

pub async fn request_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let (s, def) = requestable(&state, &ctx, &code).await?;
    let raw = FormData::parse(&body);
    let step = raw.get("step").to_string();
    if step == "edit" {
        return request_page(&ctx, &s, &def, &raw, Errors::new(ctx.lang));
    }
    let form = RequestForm::parse(&raw);
    let mut errors = Errors::new(ctx.lang);
    if !form.privacy {
        errors.add_key("privacy", "err-privacy");
    }
    // Starting a procedure identifies who asks (L. 241/1990 art. 8).
    for (field, value) in [("name", &form.name), ("surname", &form.surname), ("email", &form.email)] {
        if value.trim().is_empty() {
            errors.add_key(field, "err-required");
        }
    }
    let answers = service_intake::check(&def.fields, &raw, &mut errors);
    let input = intake_input(&s, &form, answers.clone().map(|a| service_intake::intake_of(&s, &def, a)));
    let rules = intake::CaseRules::load(state.store.as_ref(), &ctx.tenant).await?;
    if let Err(r) = intake::validate(&input, &rules, chrono::Utc::now(), ctx.lang) {
        for (field, key) in &r.0 {
            errors.add_key(field, key);
        }
    }
    if errors.any() {
        return request_page(&ctx, &s, &def, &raw, errors);
    }
    let Some(answers) = answers else { return request_page(&ctx, &s, &def, &raw, errors) };
    if step != "send" {
        let mut rows = vec![(ctx.t("label-service"), s.data.name.clone())];
        rows.extend(service_intake::rows(&def.fields, &answers));
        for (key, value) in [
            ("label-description", &form.description),
            ("label-first-name", &form.name),
            ("label-surname", &form.surname),
            ("label-email", &form.email),
            ("label-phone", &form.phone),
            ("label-fiscal-code", &form.fiscal_code),
        ] {
            if !value.trim().is_empty() {
                rows.push((ctx.t(key), value.trim().to_string()));
            }
        }
        let hidden = raw.0.iter().filter(|(k, _)| k != "csrf_token" && k != "step").cloned().collect();
        let page = Page::titled(&ctx, ctx.t("summary-title"))
            .crumb(ctx.t("cat-public-title"), "/procedimenti")
            .crumb(s.data.name.clone(), &format!("/procedimenti/{}", s.data.code));
        return render(&RequestSummary { page, code: s.data.code.clone(), rows, hidden, errors });
    }
    if !state.intake_allowed(&ctx.client_ip) {
        let mut errors = Errors::new(ctx.lang);
        errors.add_key("description", "error-429-text");
        return Ok(
            (axum::http::StatusCode::TOO_MANY_REQUESTS, request_page(&ctx, &s, &def, &raw, errors)?).into_response()
        );
    }
    match intake::submit(&state, &ctx.tenant, &input, ctx.lang).await {
        Ok(Created::New(c) | Created::Replayed(c)) => {
            Ok(Redirect::to(&format!("/ricevuta/{}", c.tracking_code)).into_response())
        }
        Err(IntakeError::Invalid(r)) => {
            let mut errors = Errors::new(ctx.lang);
            for (field, key) in &r.0 {
                errors.add_key(field, key);
            }
            request_page(&ctx, &s, &def, &raw, errors)
        }
        Err(IntakeError::Store(e)) => Err(e.into()),
    }
}
