//! The citizen's side of cases: one form per kind of request, a single summary screen before
//! sending (AgID C.SE.1.4), the receipt (L. 241/1990 art. 18-bis) and the tracking page.

use crate::api::public_case;
use crate::context::Ctx;
use crate::deadline_text;
use crate::forms::Errors;
use crate::intake::{self, IntakeError, IntakeInput};
use crate::pages::{Page, render};
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use urp_domain::case::CaseKind;
use urp_store::{Created, Topic};

/// The kinds a citizen can send from the portal, with the URL slug of each form.
pub const PORTAL_KINDS: [(&str, CaseKind); 8] = [
    ("segnalazione", CaseKind::Segnalazione),
    ("assistenza", CaseKind::Informazione),
    ("reclamo", CaseKind::Reclamo),
    ("suggerimento", CaseKind::Suggerimento),
    ("elogio", CaseKind::Elogio),
    ("accesso-atti", CaseKind::AccessoDocumentale),
    ("accesso-civico", CaseKind::AccessoCivicoSemplice),
    ("foia", CaseKind::AccessoCivicoGeneralizzato),
];

fn kind_of(slug: &str) -> Option<CaseKind> {
    PORTAL_KINDS.iter().find(|(s, _)| *s == slug).map(|(_, k)| *k)
}

/// What a form asks for, per kind. Assistance requests follow AgID's "Richiedi assistenza"
/// model (details of at most 600 characters); access requests must identify the requester.
#[derive(Clone)]
pub struct FormSpec {
    pub slug: &'static str,
    pub kind: CaseKind,
    pub needs_identity: bool,
    pub has_place: bool,
    pub description_max: usize,
}

fn spec(slug: &str) -> Option<FormSpec> {
    let kind = kind_of(slug)?;
    let slug = PORTAL_KINDS.iter().find(|(s, _)| *s == slug).map(|(s, _)| *s)?;
    Some(FormSpec {
        slug,
        kind,
        needs_identity: kind.is_access_request() || kind == CaseKind::Informazione,
        has_place: matches!(kind, CaseKind::Segnalazione | CaseKind::Reclamo),
        description_max: if kind == CaseKind::Informazione { 600 } else { intake::DESCRIPTION_MAX },
    })
}

#[derive(Default, Clone)]
pub struct CaseForm {
    pub subject: String,
    pub description: String,
    pub topic_id: String,
    /// Service category (assistance requests): a code of `SERVICE_CATEGORIES`.
    pub category: String,
    pub service: String,
    pub address: String,
    /// A point chosen with the browser's geolocation (optional; needs JavaScript).
    pub lat: String,
    pub lon: String,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub phone: String,
    pub fiscal_code: String,
    pub privacy: bool,
    pub idem: String,
}

impl CaseForm {
    /// The category's name, then the service the citizen named, as the case stores them.
    fn service_text(&self) -> String {
        let category = urp_domain::service_category::is_service_category(&self.category)
            .then(|| crate::i18n::Lang::It.t(&format!("service-category-{}", self.category)));
        match (category, self.service.trim()) {
            (Some(c), "") => c,
            (Some(c), s) => format!("{c} — {s}"),
            (None, s) => s.to_string(),
        }
    }

    fn point(&self) -> String {
        if self.lat.trim().is_empty() || self.lon.trim().is_empty() {
            String::new()
        } else {
            format!("{}, {}", self.lat.trim(), self.lon.trim())
        }
    }

    fn set(&mut self, name: &str, value: String) {
        match name {
            "subject" => self.subject = value,
            "description" => self.description = value,
            "topic_id" => self.topic_id = value,
            "category" => self.category = value,
            "service" => self.service = value,
            "address" => self.address = value,
            "lat" => self.lat = value,
            "lon" => self.lon = value,
            "name" => self.name = value,
            "surname" => self.surname = value,
            "email" => self.email = value,
            "phone" => self.phone = value,
            "fiscal_code" => self.fiscal_code = value,
            "privacy" => self.privacy = !value.is_empty(),
            "idem" => self.idem = value,
            _ => {}
        }
    }

    fn intake(&self, spec: &FormSpec, attachments: Vec<(String, Vec<u8>)>) -> IntakeInput {
        IntakeInput {
            kind: spec.kind.code().into(),
            channel: "web".into(),
            subject: self.subject.clone(),
            description: self.description.clone(),
            service: self.service_text(),
            topic_id: self.topic_id.parse().ok(),
            office_id: None,
            name: self.name.clone(),
            surname: self.surname.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            fiscal_code: self.fiscal_code.clone(),
            address: self.address.clone(),
            lat: self.lat.trim().parse().ok(),
            lon: self.lon.trim().parse().ok(),
            attachments,
            idempotency_key: Some(format!("web:{}", self.idem)).filter(|_| !self.idem.is_empty()),
            created_by: None,
            service_intake: None,
        }
    }
}

#[derive(Template)]
#[template(path = "portal/case_form.html")]
struct FormPage {
    page: Page,
    spec: FormSpec,
    form: CaseForm,
    errors: Errors,
    topics: Vec<Topic>,
    categories: Vec<(&'static str, String)>,
    intro: String,
    map: Option<crate::map::MapConfig>,
}

#[derive(Template)]
#[template(path = "portal/case_summary.html")]
struct SummaryPage {
    page: Page,
    spec: FormSpec,
    form: CaseForm,
    errors: Errors,
    rows: Vec<(String, String)>,
}

fn title_key(kind: CaseKind) -> String {
    format!("form-title-{}", kind.code())
}

fn form_page(
    ctx: &Ctx,
    spec: FormSpec,
    form: CaseForm,
    errors: Errors,
    topics: Vec<Topic>,
    map: Option<&crate::map::MapConfig>,
) -> Result<Response, AppError> {
    let title = ctx.t(&title_key(spec.kind));
    let intro = ctx.t(&format!("form-intro-{}", spec.kind.code()));
    let invalid = errors.any();
    let page = Page::titled(ctx, title.clone()).crumb(ctx.t("nav-requests"), "/richieste").crumb(title, "");
    let categories = urp_domain::service_category::SERVICE_CATEGORIES
        .iter()
        .map(|c| (*c, ctx.t(&format!("service-category-{c}"))))
        .collect();
    let r = render(&FormPage { page, spec, form, errors, topics, categories, intro, map: map.cloned() })?;
    Ok(if invalid { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

pub async fn form(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> Result<Response, AppError> {
    let spec = spec(&slug).ok_or(AppError::NotFound)?;
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let form = CaseForm { idem: crate::context::random_bytes_b64(16), ..Default::default() };
    form_page(&ctx, spec, form, Errors::new(ctx.lang), topics, state.config.map.as_ref())
}

/// Reads the multipart form: text fields into `CaseForm`, files into attachments.
async fn read_form(mut mp: Multipart) -> Result<(CaseForm, String, Vec<(String, Vec<u8>)>), AppError> {
    let mut form = CaseForm::default();
    let mut step = String::new();
    let mut files = Vec::new();
    while let Some(field) = mp.next_field().await.map_err(|_| AppError::BadRequest)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "attachments" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|_| AppError::BadRequest)?;
            if !bytes.is_empty() {
                files.push((file_name, bytes.to_vec()));
            }
        } else {
            let value = field.text().await.map_err(|_| AppError::BadRequest)?;
            if name == "step" {
                step = value;
            } else {
                form.set(&name, value);
            }
        }
    }
    Ok((form, step, files))
}

/// Checks beyond the shared intake rules that only the portal form has.
fn portal_checks(spec: &FormSpec, form: &CaseForm, errors: &mut Errors) {
    if !form.privacy {
        errors.add_key("privacy", "err-privacy");
    }
    if spec.kind == CaseKind::Informazione && !urp_domain::service_category::is_service_category(&form.category) {
        errors.add_key("category", "err-service-category");
    }
    if spec.needs_identity {
        for (field, value) in [("name", &form.name), ("surname", &form.surname), ("email", &form.email)] {
            if value.trim().is_empty() {
                errors.add_key(field, "err-required");
            }
        }
    }
    if form.description.trim().chars().count() > spec.description_max {
        errors.add_key("description", "err-too-long");
    }
}

fn refusals_into(errors: &mut Errors, r: &intake::Refusals) {
    for (field, key) in &r.0 {
        errors.add_key(field, key);
    }
}

fn summary_rows(ctx: &Ctx, spec: &FormSpec, form: &CaseForm, topics: &[Topic]) -> Vec<(String, String)> {
    let mut rows = vec![(ctx.t("label-kind"), ctx.t(&format!("kind-{}", spec.kind.code())))];
    if urp_domain::service_category::is_service_category(&form.category) {
        rows.push((ctx.t("label-service-category"), ctx.t(&format!("service-category-{}", form.category))));
    }
    if let Some(t) = form.topic_id.parse::<i64>().ok().and_then(|id| topics.iter().find(|t| t.id == id)) {
        rows.push((ctx.t("label-topic"), t.name.clone()));
    }
    for (key, value) in [
        ("label-service", &form.service),
        ("label-place", &form.address),
        ("label-point", &form.point()),
        ("label-subject", &form.subject),
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
    rows
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    mp: Multipart,
) -> Result<Response, AppError> {
    let spec = spec(&slug).ok_or(AppError::NotFound)?;
    let (form, step, files) = read_form(mp).await?;
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let mut errors = Errors::new(ctx.lang);
    portal_checks(&spec, &form, &mut errors);
    if let Err(r) = intake::validate(
        &form.intake(&spec, vec![]),
        &crate::intake::CaseRules::load(state.store.as_ref(), &ctx.tenant).await?,
        chrono::Utc::now(),
        ctx.lang,
    ) {
        refusals_into(&mut errors, &r);
    }
    if step == "edit" || errors.any() {
        return form_page(
            &ctx,
            spec,
            form,
            if step == "edit" { Errors::new(ctx.lang) } else { errors },
            topics,
            state.config.map.as_ref(),
        );
    }
    let title = ctx.t(&title_key(spec.kind));
    let summary = |errors: Errors| {
        let rows = summary_rows(&ctx, &spec, &form, &topics);
        let page = Page::titled(&ctx, ctx.t("summary-title"))
            .crumb(ctx.t("nav-requests"), "/richieste")
            .crumb(title.clone(), "");
        render(&SummaryPage { page, spec: spec.clone(), form: form.clone(), errors, rows })
    };
    if step != "send" {
        return summary(Errors::new(ctx.lang));
    }
    if !state.intake_allowed(&ctx.client_ip) {
        let mut errors = Errors::new(ctx.lang);
        errors.add_key("attachments", "error-429-text");
        return Ok((axum::http::StatusCode::TOO_MANY_REQUESTS, summary(errors)?).into_response());
    }
    match intake::submit(&state, &ctx.tenant, &form.intake(&spec, files), ctx.lang).await {
        Ok(Created::New(c) | Created::Replayed(c)) => {
            Ok(Redirect::to(&format!("/ricevuta/{}", c.tracking_code)).into_response())
        }
        Err(IntakeError::Invalid(r)) => {
            let mut errors = Errors::new(ctx.lang);
            refusals_into(&mut errors, &r);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, summary(errors)?).into_response())
        }
        Err(IntakeError::Store(e)) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "portal/requests.html")]
struct RequestsPage {
    page: Page,
    kinds: Vec<(&'static str, String, String)>,
}

/// All the ways to write to the ente, one card each.
pub async fn requests(ctx: Ctx) -> Result<Response, AppError> {
    let kinds = PORTAL_KINDS
        .iter()
        .map(|(slug, kind)| (*slug, ctx.t(&title_key(*kind)), ctx.t(&format!("form-card-{}", kind.code()))))
        .collect();
    let page = Page::new(&ctx, "nav-requests").crumb(ctx.t("nav-requests"), "/richieste");
    render(&RequestsPage { page, kinds })
}

#[derive(Template)]
#[template(path = "portal/receipt.html")]
struct ReceiptPage {
    page: Page,
    registry: String,
    received: String,
    kind: String,
    office: Option<String>,
    term: String,
    due: String,
    tracking_url: String,
    emailed_to: Option<String>,
}

pub async fn receipt(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(tracking): Path<String>,
) -> Result<Response, AppError> {
    let c = state.store.case_by_tracking(ctx.tenant.id, &tracking).await?.ok_or(AppError::NotFound)?;
    let suspensions = state.store.case_suspensions(ctx.tenant.id, c.id).await?;
    let deadline = crate::case_flow::deadline(
        &crate::intake::CaseRules::load(state.store.as_ref(), &ctx.tenant).await?,
        &c,
        &suspensions,
    );
    let office = match c.office_id {
        Some(o) => Some(state.store.office(ctx.tenant.id, o).await?.data.name),
        None => None,
    };
    let term = deadline_text::explain(ctx.lang, &deadline).into_iter().nth(1).unwrap_or_default();
    render(&ReceiptPage {
        page: Page::new(&ctx, "receipt-title"),
        registry: c.registry.to_string(),
        received: c.received_at.with_timezone(&chrono_tz::Europe::Rome).format("%d/%m/%Y %H:%M").to_string(),
        kind: ctx.t(&format!("kind-{}", c.kind.code())),
        office,
        term,
        due: deadline_text::headline(ctx.lang, &deadline),
        tracking_url: format!("{}/segui/{}", ctx.origin, c.tracking_code),
        emailed_to: c.citizen.email.clone(),
    })
}

#[derive(Template)]
#[template(path = "portal/track.html")]
struct TrackPage {
    page: Page,
    tracking: String,
    files: Vec<urp_store::AttachmentMeta>,
    subject: String,
    kind: String,
    stage: String,
    office: Option<String>,
    due: String,
    because: Vec<String>,
    history: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "portal/track_lookup.html")]
struct LookupPage {
    page: Page,
    code: String,
    not_found: bool,
}

#[derive(Deserialize)]
pub struct LookupQuery {
    codice: Option<String>,
}

pub async fn lookup(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LookupQuery>,
) -> Result<Response, AppError> {
    let code = q.codice.unwrap_or_default().trim().to_string();
    if !code.is_empty() && state.store.case_by_tracking(ctx.tenant.id, &code).await?.is_some() {
        return Ok(Redirect::to(&format!("/segui/{}", crate::forms::encode(&code))).into_response());
    }
    let page = Page::new(&ctx, "track-title").crumb(ctx.t("track-title"), "/segui");
    let not_found = !code.is_empty();
    let r = render(&LookupPage { page, code, not_found })?;
    Ok(if not_found { (axum::http::StatusCode::NOT_FOUND, r).into_response() } else { r })
}

pub async fn track(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(tracking): Path<String>,
) -> Result<Response, AppError> {
    let (c, p) = public_case(&state, &ctx, &tracking).await?;
    let suspensions = state.store.case_suspensions(ctx.tenant.id, c.id).await?;
    let deadline = crate::case_flow::deadline(
        &crate::intake::CaseRules::load(state.store.as_ref(), &ctx.tenant).await?,
        &c,
        &suspensions,
    );
    let history = state
        .store
        .case_events(ctx.tenant.id, c.id, true)
        .await?
        .into_iter()
        .map(|e| {
            let when = e.at.with_timezone(&chrono_tz::Europe::Rome).format("%d/%m/%Y %H:%M").to_string();
            // The citizen reads the public stages, not the office's internal statuses.
            let what = match (e.kind.as_str(), e.to_status) {
                ("reply", _) | (_, None) => ctx.t("event-reply"),
                (_, Some(s)) => ctx.t(&format!("stage-{}", s.public_stage().code())),
            };
            (when, what, e.body.unwrap_or_default())
        })
        .collect();
    let page = Page::titled(&ctx, ctx.lang.t_args("track-case-title", &[("registry", p.registry_number.clone())]))
        .crumb(ctx.t("track-title"), "/segui")
        .crumb(p.registry_number.clone(), "");
    let files = state.store.attachments(ctx.tenant.id, c.id).await?.into_iter().filter(|a| a.public).collect();
    render(&TrackPage {
        page,
        tracking: c.tracking_code.clone(),
        files,
        subject: p.subject,
        kind: ctx.t(&format!("kind-{}", c.kind.code())),
        stage: p.stage_label,
        office: p.office,
        due: deadline_text::headline(ctx.lang, &deadline),
        because: deadline_text::explain(ctx.lang, &deadline),
        history,
    })
}

/// A document of the case for whoever holds the tracking code: the citizen's own uploads and
/// the office's public reply documents, never internal ones.
pub async fn attachment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((tracking, aid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let aid: i64 = aid.parse().map_err(|_| AppError::NotFound)?;
    let c = state.store.case_by_tracking(ctx.tenant.id, &tracking).await?.ok_or(AppError::NotFound)?;
    let (meta, bytes) = state.store.attachment(ctx.tenant.id, c.id, aid).await?;
    if !meta.public {
        return Err(AppError::NotFound);
    }
    Ok(crate::views::staff_cases::download(meta, bytes))
}
