//! The service catalogue in the back office: each service's details (office, responsabile del
//! procedimento, term, silenzio-assenso, potere sostitutivo, channels, fee, sheet) and its
//! intake definition — the extra fields citizens fill, edited as rows and versioned on save.

use crate::context::Ctx;
use crate::forms::{Errors, FormData};
use crate::pages::{Page, render};
use crate::views::staff_cases::Opt;
use crate::views::{Id, Notice};
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use urp_domain::Action;
use urp_domain::catalogue::{self, Datatype, IntakeField, SERVICE_CHANNELS};
use urp_domain::deadline::{Term, TermUnit};
use urp_domain::service_category::{SERVICE_CATEGORIES, is_service_category};
use urp_domain::validate;
use urp_store::{Service, ServiceData, StoreError};

/// Blank rows offered under the existing fields, so a new field needs no extra round trip.
const BLANK_ROWS: usize = 2;
const ROWS_MAX: usize = catalogue::FIELDS_MAX + BLANK_ROWS;

/// One row of the definition editor, as typed.
#[derive(Default, Clone)]
pub struct FieldRow {
    pub code: String,
    pub label: String,
    pub datatype: String,
    pub required: bool,
    pub order: String,
    pub help: String,
    pub values: String,
}

impl FieldRow {
    fn from_field(f: &IntakeField) -> FieldRow {
        FieldRow {
            code: f.code.clone(),
            label: f.label.clone(),
            datatype: f.datatype.code().into(),
            required: f.required,
            order: f.order.to_string(),
            help: f.help.clone(),
            values: catalogue::list_values_text(&f.values),
        }
    }

    fn is_blank(&self) -> bool {
        self.code.trim().is_empty() && self.label.trim().is_empty() && self.values.trim().is_empty()
    }
}

#[derive(Default, Clone)]
pub struct ServiceForm {
    pub code: String,
    pub name: String,
    pub description: String,
    pub category: String,
    pub office_id: String,
    pub responsible: String,
    pub term_days: String,
    pub term_unit: String,
    pub silence_consent: bool,
    pub substitute: String,
    pub channels: Vec<String>,
    pub fee: String,
    pub sheet_ref: String,
    pub published: bool,
    pub rows: Vec<FieldRow>,
}

impl ServiceForm {
    fn from_service(s: &Service, fields: &[IntakeField]) -> ServiceForm {
        let d = &s.data;
        ServiceForm {
            code: d.code.clone(),
            name: d.name.clone(),
            description: d.description.clone(),
            category: d.category.clone(),
            office_id: d.office_id.map(|o| o.0.to_string()).unwrap_or_default(),
            responsible: d.responsible.clone().unwrap_or_default(),
            term_days: d.term.days.to_string(),
            term_unit: d.term.unit.code().into(),
            silence_consent: d.silence_consent,
            substitute: d.substitute.clone().unwrap_or_default(),
            channels: d.channels.clone(),
            fee: d.fee.clone().unwrap_or_default(),
            sheet_ref: d.sheet_ref.clone().unwrap_or_default(),
            published: d.published,
            rows: fields.iter().map(FieldRow::from_field).collect(),
        }
    }

    fn parse(f: &FormData) -> ServiceForm {
        let n = f.get("rows").parse::<usize>().unwrap_or(0).min(ROWS_MAX);
        let rows = (0..n)
            .map(|i| FieldRow {
                code: f.get(&format!("f{i}_code")).trim().to_string(),
                label: f.get(&format!("f{i}_label")).into(),
                datatype: f.get(&format!("f{i}_datatype")).into(),
                required: f.checked(&format!("f{i}_required")),
                order: f.get(&format!("f{i}_order")).trim().into(),
                help: f.get(&format!("f{i}_help")).into(),
                values: f.get(&format!("f{i}_values")).into(),
            })
            .filter(|r| !r.is_blank())
            .collect();
        ServiceForm {
            code: f.get("code").trim().into(),
            name: f.get("name").into(),
            description: f.get("description").into(),
            category: f.get("category").into(),
            office_id: f.get("office_id").into(),
            responsible: f.get("responsible").into(),
            term_days: f.get("term_days").trim().into(),
            term_unit: f.get("term_unit").into(),
            silence_consent: f.checked("silence_consent"),
            substitute: f.get("substitute").into(),
            channels: f.all("channels").into_iter().map(str::to_string).collect(),
            fee: f.get("fee").into(),
            sheet_ref: f.get("sheet_ref").into(),
            published: f.checked("published"),
            rows,
        }
    }
}

/// Row errors go under `f{i}_{attr}`, labelled "Campo n — attribute" in the summary.
fn row_error(errors: &mut Errors, ctx: &Ctx, i: usize, attr: &str, key: &str) {
    let label = format!("{} {} — {}", ctx.t("cat-field"), i + 1, ctx.t(&format!("cat-field-{attr}")));
    errors.add_named(format!("f{i}_{attr}"), label, key);
}

/// Checks the form; the service data and its fields when everything is valid.
fn check(
    ctx: &Ctx,
    form: &ServiceForm,
    offices: &[urp_store::Office],
    errors: &mut Errors,
) -> Option<(ServiceData, Vec<IntakeField>)> {
    if !catalogue::valid_service_code(&form.code) {
        errors.add_key("code", "cat-err-service-code");
    }
    let name = errors.check("name", validate::required_text(&form.name, 200));
    let description = errors.check("description", validate::required_text(&form.description, 4000));
    if !is_service_category(&form.category) {
        errors.add_key("category", "err-service-category");
    }
    let office_id = match form.office_id.trim() {
        "" => None,
        v => match v.parse::<i64>().ok().and_then(|id| offices.iter().find(|o| o.id.0 == id)) {
            Some(o) => Some(o.id),
            None => {
                errors.add_key("office_id", "err-unknown-office");
                None
            }
        },
    };
    let responsible = errors.check("responsible", validate::optional_text(&form.responsible, 200));
    let days = form.term_days.parse::<u32>().ok().filter(|d| (1..=3650).contains(d));
    if days.is_none() {
        errors.add_key("term_days", "cat-err-term");
    }
    let unit = match form.term_unit.as_str() {
        "calendar_days" => Some(TermUnit::CalendarDays),
        "working_days" => Some(TermUnit::WorkingDays),
        _ => {
            errors.add_key("term_unit", "cat-err-term-unit");
            None
        }
    };
    let substitute = errors.check("substitute", validate::optional_text(&form.substitute, 300));
    if form.channels.is_empty() || form.channels.iter().any(|c| !SERVICE_CHANNELS.contains(&c.as_str())) {
        errors.add_key("channels", "cat-err-channels");
    }
    let fee = errors.check("fee", validate::optional_text(&form.fee, 200));
    let sheet_ref = errors.check("sheet_ref", validate::optional_text(&form.sheet_ref, 300));

    let mut fields = Vec::new();
    for (i, r) in form.rows.iter().enumerate() {
        let datatype = Datatype::parse(&r.datatype);
        if datatype.is_none() {
            row_error(errors, ctx, i, "datatype", "cat-err-datatype");
        }
        let order = r.order.parse::<u32>().ok();
        if order.is_none() {
            row_error(errors, ctx, i, "order", "cat-err-order");
        }
        fields.push(IntakeField {
            code: r.code.clone(),
            label: r.label.trim().to_string(),
            datatype: datatype.unwrap_or(Datatype::String),
            required: r.required,
            order: order.unwrap_or(u32::MAX),
            help: r.help.trim().to_string(),
            values: catalogue::parse_list_values(&r.values),
        });
    }
    let fields = match catalogue::check_definition(&fields) {
        Ok(sorted) => Some(sorted),
        Err(list) => {
            for e in list {
                row_error(errors, ctx, e.index, e.attr, e.key);
            }
            None
        }
    };
    if errors.any() {
        return None;
    }
    let data = ServiceData {
        code: form.code.clone(),
        name: name?,
        description: description?,
        category: form.category.clone(),
        office_id,
        responsible: responsible?,
        term: Term { days: days?, unit: unit? },
        silence_consent: form.silence_consent,
        substitute: substitute?,
        channels: SERVICE_CHANNELS
            .iter()
            .filter(|c| form.channels.iter().any(|x| x == *c))
            .map(|c| c.to_string())
            .collect(),
        fee: fee?,
        sheet_ref: sheet_ref?,
        published: form.published,
    };
    Some((data, fields?))
}

pub struct Check {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

pub struct RowView {
    pub i: usize,
    pub row: FieldRow,
    pub datatypes: Vec<Opt>,
}

impl RowView {
    /// The form name of one attribute of this row.
    pub fn n(&self, attr: &str) -> String {
        format!("f{}_{attr}", self.i)
    }

    pub fn number(&self) -> usize {
        self.i + 1
    }
}

#[derive(Template)]
#[template(path = "admin/service_form.html")]
struct FormPage {
    page: Page,
    errors: Errors,
    form: ServiceForm,
    action: String,
    categories: Vec<Opt>,
    offices: Vec<Opt>,
    units: Vec<Opt>,
    channels: Vec<Check>,
    rows: Vec<RowView>,
    versions: Vec<(i64, String, usize)>,
    public_url: Option<String>,
}

async fn show_form(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    form: ServiceForm,
    errors: Errors,
    extra_rows: usize,
    notice: Option<&str>,
) -> Result<Response, AppError> {
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let (title, action, versions, public_url) = match id {
        Some(id) => {
            let s = state.store.service(ctx.tenant.id, id).await?;
            let versions = state
                .store
                .service_definitions(ctx.tenant.id, id)
                .await?
                .into_iter()
                .map(|d| {
                    let when =
                        d.created_at.with_timezone(&chrono_tz::Europe::Rome).format("%d/%m/%Y %H:%M").to_string();
                    (d.version, when, d.fields.len())
                })
                .collect();
            let url = s.data.published.then(|| format!("/procedimenti/{}", s.data.code));
            (s.data.name, format!("/staff/catalogo/servizi/{id}"), versions, url)
        }
        None => (ctx.t("cat-service-new"), "/staff/catalogo/servizi/nuovo".to_string(), Vec::new(), None),
    };
    let categories = SERVICE_CATEGORIES
        .iter()
        .map(|c| Opt {
            value: c.to_string(),
            label: ctx.t(&format!("service-category-{c}")),
            selected: form.category == *c,
        })
        .collect();
    let office_opts = offices
        .iter()
        .map(|o| Opt {
            value: o.id.0.to_string(),
            label: o.data.name.clone(),
            selected: form.office_id == o.id.0.to_string(),
        })
        .collect();
    let units = ["calendar_days", "working_days"]
        .iter()
        .map(|u| Opt { value: u.to_string(), label: ctx.t(&format!("cat-unit-{u}")), selected: form.term_unit == *u })
        .collect();
    let channels = SERVICE_CHANNELS
        .iter()
        .map(|c| Check {
            value: c,
            label: ctx.t(&format!("cat-channel-{c}")),
            checked: form.channels.iter().any(|x| x == c),
        })
        .collect();
    let mut all_rows = form.rows.clone();
    let next_order = all_rows.iter().filter_map(|r| r.order.parse::<u32>().ok()).max().unwrap_or(0);
    for k in 0..extra_rows {
        let order = u32::try_from(k).unwrap_or(0) + next_order + 1;
        all_rows.push(FieldRow { datatype: "string".into(), order: order.to_string(), ..Default::default() });
    }
    let rows = all_rows
        .into_iter()
        .take(ROWS_MAX)
        .enumerate()
        .map(|(i, row)| RowView {
            i,
            datatypes: Datatype::ALL
                .iter()
                .map(|d| Opt {
                    value: d.code().into(),
                    label: ctx.t(&format!("cat-datatype-{}", d.code())),
                    selected: row.datatype == d.code(),
                })
                .collect(),
            row,
        })
        .collect();
    let invalid = errors.any();
    let page = Page::titled(ctx, title.clone())
        .crumb(ctx.t("cat-services"), "/staff/catalogo/servizi")
        .crumb(title, "")
        .with_notice_from(notice);
    let r = render(&FormPage {
        page,
        errors,
        form,
        action,
        categories,
        offices: office_opts,
        units,
        channels,
        rows,
        versions,
        public_url,
    })?;
    Ok(if invalid { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

pub struct ServiceRow {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub category: String,
    pub term: String,
    pub published: bool,
}

#[derive(Template)]
#[template(path = "admin/services.html")]
struct ListPage {
    page: Page,
    services: Vec<ServiceRow>,
}

pub fn term_text(ctx: &Ctx, t: Term) -> String {
    ctx.lang.t_args(&format!("cat-term-{}", t.unit.code()), &[("days", t.days.to_string())])
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageCatalogue)?;
    let services = state
        .store
        .list_services(ctx.tenant.id, false)
        .await?
        .into_iter()
        .map(|s| ServiceRow {
            id: s.id,
            category: ctx.t(&format!("service-category-{}", s.data.category)),
            term: term_text(&ctx, s.data.term),
            name: s.data.name,
            code: s.data.code,
            published: s.data.published,
        })
        .collect();
    let page = Page::new(&ctx, "cat-services")
        .crumb(ctx.t("cat-services"), "/staff/catalogo/servizi")
        .with_notice_from(n.ok.as_deref());
    render(&ListPage { page, services })
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageCatalogue)?;
    let form = ServiceForm {
        term_days: "30".into(),
        term_unit: "calendar_days".into(),
        channels: vec!["online".into()],
        ..Default::default()
    };
    show_form(&state, &ctx, None, form, Errors::new(ctx.lang), BLANK_ROWS, None).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(id): Id,
    Query(n): Query<Notice>,
) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageCatalogue)?;
    let s = state.store.service(ctx.tenant.id, id).await?;
    let fields = match s.current_definition_id {
        Some(d) => state.store.service_definition(ctx.tenant.id, d).await?.fields,
        None => Vec::new(),
    };
    let form = ServiceForm::from_service(&s, &fields);
    show_form(&state, &ctx, Some(id), form, Errors::new(ctx.lang), BLANK_ROWS, n.ok.as_deref()).await
}

async fn save(state: AppState, ctx: Ctx, id: Option<i64>, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageCatalogue)?;
    let f = FormData::parse(&body);
    let form = ServiceForm::parse(&f);
    if f.get("step") == "add" {
        // "Aggiungi campi": the same form with more blank rows, nothing saved.
        return show_form(&state, &ctx, id, form, Errors::new(ctx.lang), BLANK_ROWS + 2, None).await;
    }
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let mut errors = Errors::new(ctx.lang);
    if let Some((data, fields)) = check(&ctx, &form, &offices, &mut errors) {
        let now = Utc::now();
        let by = Some(s.user.id);
        let r = match id {
            Some(id) => state.store.update_service(ctx.tenant.id, id, &data, &fields, by, now).await,
            None => state.store.create_service(ctx.tenant.id, &data, &fields, by, now).await,
        };
        match r {
            Ok(svc) => {
                state.store.audit(ctx.tenant.id, by, "service.save", &svc.data.code, now).await?;
                return Ok(Redirect::to(&format!("/staff/catalogo/servizi/{}?ok=saved", svc.id)).into_response());
            }
            Err(StoreError::Conflict(_)) => errors.add_key("code", "cat-err-code-taken"),
            Err(e) => return Err(e.into()),
        }
    }
    show_form(&state, &ctx, id, form, errors, BLANK_ROWS, None).await
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    save(state, ctx, None, body).await
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    save(state, ctx, Some(id), body).await
}
