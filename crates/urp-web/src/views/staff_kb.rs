//! The staff side of the knowledge base: the list of sheets with filters, the editor (every
//! section, messages next to each field), the sheet as operators read it (internal notes,
//! ratings), the workflow buttons, the version history with diff and restore, and the list
//! of sheets overdue for review.

use crate::context::Ctx;
use crate::forms::{Errors, FormData};
use crate::kb::{self, FieldDiff};
use crate::pages::{Page, render};
use crate::views::{Id, Notice};
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use urp_domain::kb::{Section, SheetState, publication_problems};
use urp_domain::service_category::SERVICE_CATEGORIES;
use urp_domain::validate::{self, FieldError};
use urp_domain::{Action, OfficeId};
use urp_store::{Office, Sheet, SheetContent, SheetFilter, StoreError, Topic};

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn state_label(ctx: &Ctx, s: SheetState) -> String {
    ctx.t(&format!("kb-state-{}", s.code()))
}

fn office_name(offices: &[Office], id: Option<OfficeId>) -> String {
    id.and_then(|id| offices.iter().find(|o| o.id == id)).map(|o| o.data.name.clone()).unwrap_or_default()
}

fn today() -> NaiveDate {
    crate::intake::local_date(Utc::now())
}

// ------------------------------------------------------------------------------------------
// List and review list
// ------------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct ListQuery {
    stato: Option<String>,
    ufficio: Option<String>,
    argomento: Option<String>,
    da_rivedere: Option<String>,
}

pub struct Row {
    pub id: i64,
    pub title: String,
    pub office: String,
    pub state: String,
    pub review_by: String,
    pub overdue: bool,
    pub views: i64,
}

#[derive(Template)]
#[template(path = "staff/kb_list.html")]
struct ListPage {
    page: Page,
    rows: Vec<Row>,
    states: Vec<Opt>,
    offices: Vec<Opt>,
    topics: Vec<Opt>,
    overdue_only: bool,
    can_edit: bool,
    review_list: bool,
    summary: String,
}

fn rows(ctx: &Ctx, sheets: &[Sheet], offices: &[Office]) -> Vec<Row> {
    let today = today();
    sheets
        .iter()
        .map(|s| Row {
            id: s.id,
            title: s.content.title.clone(),
            office: office_name(offices, s.content.office_id),
            state: state_label(ctx, s.state),
            review_by: s.content.review_by.map(crate::deadline_text::date).unwrap_or_else(|| "—".into()),
            overdue: s.content.review_by.is_some_and(|d| d <= today) && s.state == SheetState::Pubblicata,
            views: s.views,
        })
        .collect()
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ReadSheets)?;
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let f = SheetFilter {
        states: q.stato.as_deref().and_then(|c| c.parse().ok()).into_iter().collect(),
        office_id: q.ufficio.as_deref().and_then(|o| o.parse().ok()).map(OfficeId),
        topic_id: q.argomento.as_deref().and_then(|t| t.parse().ok()),
        category: None,
        review_due_on: q.da_rivedere.as_ref().map(|_| today()),
    };
    let sheets = state.store.list_sheets(ctx.tenant.id, &f, 500, 0).await?;
    let total = state.store.count_sheets(ctx.tenant.id, &f).await?;
    let states = SheetState::ALL
        .into_iter()
        .map(|st| Opt { value: st.code().into(), label: state_label(&ctx, st), selected: f.states.contains(&st) })
        .collect();
    render(&ListPage {
        page: Page::new(&ctx, "kb-title").crumb(ctx.t("kb-title"), "/staff/kb"),
        rows: rows(&ctx, &sheets, &offices),
        states,
        offices: offices
            .iter()
            .map(|o| Opt { value: o.id.0.to_string(), label: o.data.name.clone(), selected: f.office_id == Some(o.id) })
            .collect(),
        topics: topics
            .iter()
            .map(|t| Opt { value: t.id.to_string(), label: t.name.clone(), selected: f.topic_id == Some(t.id) })
            .collect(),
        overdue_only: q.da_rivedere.is_some(),
        can_edit: s.actor.may(Action::EditSheets),
        review_list: false,
        summary: ctx.lang.t_count("kb-list-count", "count", total, &[]),
    })
}

/// Published sheets whose review-by date has come, oldest first.
pub async fn review_list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ReadSheets)?;
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let f = SheetFilter { states: vec![SheetState::Pubblicata], review_due_on: Some(today()), ..Default::default() };
    let mut sheets = state.store.list_sheets(ctx.tenant.id, &f, 1000, 0).await?;
    sheets.sort_by_key(|s| (s.content.review_by, s.id));
    render(&ListPage {
        page: Page::new(&ctx, "kb-review-title")
            .crumb(ctx.t("kb-title"), "/staff/kb")
            .crumb(ctx.t("kb-review-title"), "/staff/kb/da-rivedere"),
        summary: ctx.lang.t_count("kb-review-count", "count", i64::try_from(sheets.len()).unwrap_or(0), &[]),
        rows: rows(&ctx, &sheets, &offices),
        states: Vec::new(),
        offices: Vec::new(),
        topics: Vec::new(),
        overdue_only: true,
        can_edit: s.actor.may(Action::EditSheets),
        review_list: true,
    })
}

// ------------------------------------------------------------------------------------------
// The sheet as operators read it
// ------------------------------------------------------------------------------------------

pub struct ShownSection {
    pub field: &'static str,
    pub title: &'static str,
    pub html: String,
}

pub struct Transition {
    pub to: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "staff/kb_sheet.html")]
struct SheetPage {
    page: Page,
    sheet: Sheet,
    state: String,
    office: String,
    description_html: String,
    sections: Vec<ShownSection>,
    notes_html: String,
    topics: String,
    public_url: String,
    mailto: String,
    transitions: Vec<Transition>,
    can_edit: bool,
    ratings: Vec<urp_store::SheetRating>,
    rating_avg: String,
}

fn transitions(ctx: &Ctx, sheet: &Sheet) -> Vec<Transition> {
    let Some(s) = ctx.session.as_deref() else { return Vec::new() };
    sheet
        .state
        .next()
        .iter()
        .filter(|to| may_move(&s.actor, sheet, **to))
        .map(|to| Transition { to: to.code().into(), label: ctx.t(&format!("kb-to-{}", to.code())) })
        .collect()
}

/// Publication needs the owner office's approval; the other steps are the editors' (an
/// approver may also send a sheet back to draft or archive it).
fn may_move(actor: &urp_domain::Actor, sheet: &Sheet, to: SheetState) -> bool {
    let approve = actor.may(Action::ApproveSheet { office: sheet.content.office_id });
    if to.needs_approval() { approve } else { actor.may(Action::EditSheets) || approve }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(id): Id,
    Query(n): Query<Notice>,
) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ReadSheets)?;
    let sheet = state.store.sheet(ctx.tenant.id, id).await?;
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let ratings = state.store.sheet_ratings(ctx.tenant.id, id).await?;
    let c = &sheet.content;
    let sections = Section::ALL
        .into_iter()
        .map(|sec| ShownSection {
            field: sec.field(),
            title: sec.title(),
            html: kb::markdown(kb::import::section_text(c, sec)),
        })
        .collect();
    let public_url = format!("{}{}", ctx.origin, kb::sheet_url(sheet.id, &c.title));
    let mailto = format!(
        "mailto:?subject={}&body={}",
        crate::forms::encode(&c.title).replace('+', "%20"),
        crate::forms::encode(&format!("{}\n\n{public_url}", c.summary)).replace('+', "%20")
    );
    #[allow(clippy::cast_precision_loss)]
    let rating_avg = if ratings.is_empty() {
        String::new()
    } else {
        format!("{:.1}", ratings.iter().map(|r| r.stars).sum::<i64>() as f64 / ratings.len() as f64)
    };
    let topic_names: Vec<String> =
        c.topic_ids.iter().filter_map(|id| topics.iter().find(|t| t.id == *id)).map(|t| t.name.clone()).collect();
    render(&SheetPage {
        page: Page::titled(&ctx, c.title.clone())
            .crumb(ctx.t("kb-title"), "/staff/kb")
            .crumb(c.title.clone(), "")
            .with_notice_from(n.ok.as_deref()),
        state: state_label(&ctx, sheet.state),
        office: office_name(&offices, c.office_id),
        description_html: kb::markdown(&c.description),
        sections,
        notes_html: kb::markdown(&c.notes),
        topics: topic_names.join(", "),
        public_url,
        mailto,
        transitions: transitions(&ctx, &sheet),
        can_edit: s.actor.may(Action::EditSheets),
        ratings,
        rating_avg,
        sheet,
    })
}

// ------------------------------------------------------------------------------------------
// Editor
// ------------------------------------------------------------------------------------------

/// The editor's fields as typed, so a refused form comes back as the user left it.
#[derive(Default)]
pub struct SheetForm {
    pub title: String,
    pub category: String,
    pub service_active: bool,
    pub status_reason: String,
    pub summary: String,
    pub description: String,
    pub audience: String,
    pub how_to: String,
    pub needed: String,
    pub obtained: String,
    pub deadlines: String,
    pub max_response_days: String,
    pub costs: String,
    pub online_url: String,
    pub booking_url: String,
    pub place: String,
    pub conditions: String,
    pub contacts: String,
    pub office_id: String,
    pub topic_ids: Vec<String>,
    pub keywords: String,
    pub related: Vec<String>,
    pub notes: String,
    pub review_by: String,
    pub version: String,
}

impl SheetForm {
    fn from_content(c: &SheetContent, version: i64) -> SheetForm {
        SheetForm {
            title: c.title.clone(),
            category: c.category.clone().unwrap_or_default(),
            service_active: c.service_active,
            status_reason: c.status_reason.clone().unwrap_or_default(),
            summary: c.summary.clone(),
            description: c.description.clone(),
            audience: c.audience.clone(),
            how_to: c.how_to.clone(),
            needed: c.needed.clone(),
            obtained: c.obtained.clone(),
            deadlines: c.deadlines.clone(),
            max_response_days: c.max_response_days.map(|d| d.to_string()).unwrap_or_default(),
            costs: c.costs.clone(),
            online_url: c.online_url.clone().unwrap_or_default(),
            booking_url: c.booking_url.clone().unwrap_or_default(),
            place: c.place.clone(),
            conditions: c.conditions.clone(),
            contacts: c.contacts.clone(),
            office_id: c.office_id.map(|o| o.0.to_string()).unwrap_or_default(),
            topic_ids: c.topic_ids.iter().map(i64::to_string).collect(),
            keywords: c.keywords.join(", "),
            related: c.related.iter().map(i64::to_string).collect(),
            notes: c.notes.clone(),
            review_by: c.review_by.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            version: version.to_string(),
        }
    }

    fn parse(f: &FormData) -> SheetForm {
        let g = |k: &str| f.get(k).to_string();
        SheetForm {
            title: g("title"),
            category: g("category"),
            service_active: f.checked("service_active"),
            status_reason: g("status_reason"),
            summary: g("summary"),
            description: g("description"),
            audience: g("audience"),
            how_to: g("how_to"),
            needed: g("needed"),
            obtained: g("obtained"),
            deadlines: g("deadlines"),
            max_response_days: g("max_response_days"),
            costs: g("costs"),
            online_url: g("online_url"),
            booking_url: g("booking_url"),
            place: g("place"),
            conditions: g("conditions"),
            contacts: g("contacts"),
            office_id: g("office_id"),
            topic_ids: f.all("topic_ids").into_iter().map(str::to_string).collect(),
            keywords: g("keywords"),
            related: f.all("related").into_iter().map(str::to_string).collect(),
            notes: g("notes"),
            review_by: g("review_by"),
            version: g("version"),
        }
    }

    pub fn has_topic(&self, id: &i64) -> bool {
        self.topic_ids.iter().any(|t| *t == id.to_string())
    }

    pub fn has_related(&self, id: &i64) -> bool {
        self.related.iter().any(|t| *t == id.to_string())
    }

    /// The text of a section field, for the editor loop.
    pub fn section(&self, field: &str) -> &str {
        match field {
            "audience" => &self.audience,
            "how_to" => &self.how_to,
            "needed" => &self.needed,
            "obtained" => &self.obtained,
            "deadlines" => &self.deadlines,
            "costs" => &self.costs,
            "conditions" => &self.conditions,
            "contacts" => &self.contacts,
            _ => "",
        }
    }
}

const LONG: usize = 20_000;

/// Checks the form; `Some(content)` when it can be saved.
fn validate_form(form: &SheetForm, offices: &[Office], topics: &[Topic], errors: &mut Errors) -> Option<SheetContent> {
    let text = |errors: &mut Errors, field: &'static str, v: &str| -> String {
        errors.check(field, validate::optional_text(v, LONG)).flatten().unwrap_or_default()
    };
    let title = errors.check("title", validate::required_text(&form.title, 200));
    let category = match form.category.trim() {
        "" => Some(None),
        c if SERVICE_CATEGORIES.contains(&c) => Some(Some(c.to_string())),
        _ => {
            errors.add_key("category", "err-service-category");
            None
        }
    };
    let status_reason = errors.check("status_reason", validate::optional_text(&form.status_reason, 1000)).flatten();
    if !form.service_active && status_reason.is_none() {
        errors.add_key("status_reason", "kb-err-status-reason");
    }
    let summary = errors.check("summary", validate::optional_text(&form.summary, 600)).flatten().unwrap_or_default();
    let description = text(errors, "description", &form.description);
    let audience = text(errors, "audience", &form.audience);
    let how_to = text(errors, "how_to", &form.how_to);
    let needed = text(errors, "needed", &form.needed);
    let obtained = text(errors, "obtained", &form.obtained);
    let deadlines = text(errors, "deadlines", &form.deadlines);
    let max_response_days = match form.max_response_days.trim() {
        "" => None,
        d => match d.parse::<i64>() {
            Ok(n) if (1..=3650).contains(&n) => Some(n),
            _ => {
                errors.add_key("max_response_days", "kb-err-days");
                None
            }
        },
    };
    let costs = text(errors, "costs", &form.costs);
    let online_url = errors.check("online_url", validate::optional_url(&form.online_url)).flatten();
    let booking_url = errors.check("booking_url", validate::optional_url(&form.booking_url)).flatten();
    let place = text(errors, "place", &form.place);
    let conditions = text(errors, "conditions", &form.conditions);
    let contacts = text(errors, "contacts", &form.contacts);
    let office_id = match form.office_id.trim() {
        "" => None,
        o => match o.parse::<i64>().ok().map(OfficeId).filter(|id| offices.iter().any(|x| x.id == *id)) {
            Some(id) => Some(id),
            None => {
                errors.add_key("office_id", "kb-err-office");
                None
            }
        },
    };
    let topic_ids: Vec<i64> = form
        .topic_ids
        .iter()
        .filter_map(|t| t.parse::<i64>().ok())
        .filter(|id| topics.iter().any(|t| t.id == *id))
        .collect();
    let keywords: Vec<String> =
        form.keywords.split([',', '\n']).map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).take(50).collect();
    if keywords.iter().any(|k| k.chars().count() > 80) {
        errors.add("keywords", FieldError::TooLong);
    }
    let related: Vec<i64> = form.related.iter().filter_map(|t| t.parse::<i64>().ok()).collect();
    let notes = text(errors, "notes", &form.notes);
    let review_by = match form.review_by.trim() {
        "" => None,
        d => match NaiveDate::parse_from_str(d, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(d, "%d/%m/%Y")) {
            Ok(d) => Some(d),
            Err(_) => {
                errors.add_key("review_by", "kb-err-date");
                None
            }
        },
    };
    if errors.any() {
        return None;
    }
    Some(SheetContent {
        title: title?,
        category: category?,
        service_active: form.service_active,
        status_reason: if form.service_active { None } else { status_reason },
        summary,
        description,
        audience,
        how_to,
        needed,
        obtained,
        deadlines,
        max_response_days,
        costs,
        online_url,
        booking_url,
        place,
        conditions,
        contacts,
        office_id,
        topic_ids,
        keywords,
        related,
        notes,
        review_by,
    })
}

/// The problems that keep `c` from being published, recorded against their fields.
fn publication_errors(c: &SheetContent, offices: &[Office], errors: &mut Errors) {
    let sections: Vec<(Section, &str)> =
        Section::ALL.into_iter().map(|s| (s, kb::import::section_text(c, s))).collect();
    let office_ok = c.office_id.is_some_and(|id| offices.iter().any(|o| o.id == id));
    for (field, _) in publication_problems(&c.title, &c.summary, &sections, office_ok) {
        let key = if field == "office_id" { "kb-err-office-required" } else { "kb-err-required-publish" };
        errors.add_key(field, key);
    }
}

pub struct EditorSection {
    pub field: &'static str,
    pub title: &'static str,
    pub required: bool,
}

#[derive(Template)]
#[template(path = "staff/kb_edit.html")]
struct EditPage {
    page: Page,
    errors: Errors,
    form: SheetForm,
    action: String,
    categories: Vec<Opt>,
    offices: Vec<Office>,
    topics: Vec<Topic>,
    others: Vec<(i64, String)>,
    sections: Vec<EditorSection>,
    sheet_id: Option<i64>,
}

async fn editor(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    form: SheetForm,
    errors: Errors,
) -> Result<Response, AppError> {
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let others = state
        .store
        .list_sheets(ctx.tenant.id, &SheetFilter::default(), 2000, 0)
        .await?
        .into_iter()
        .filter(|s| Some(s.id) != id)
        .map(|s| (s.id, s.content.title))
        .collect();
    let categories = SERVICE_CATEGORIES
        .iter()
        .map(|c| Opt {
            value: (*c).into(),
            label: ctx.t(&format!("service-category-{c}")),
            selected: form.category == *c,
        })
        .collect();
    let (title, action) = match id {
        Some(id) => (ctx.t("kb-edit"), format!("/staff/kb/{id}/modifica")),
        None => (ctx.t("kb-new"), "/staff/kb/nuova".to_string()),
    };
    let mut page = Page::titled(ctx, title.clone()).crumb(ctx.t("kb-title"), "/staff/kb");
    if let Some(id) = id {
        page = page.crumb(form.title.clone(), &format!("/staff/kb/{id}"));
    }
    let invalid = errors.any();
    let r = render(&EditPage {
        page: page.crumb(title, ""),
        errors,
        form,
        action,
        categories,
        offices,
        topics,
        others,
        sections: Section::ALL
            .into_iter()
            .filter(|s| !matches!(s, Section::Access))
            .map(|s| EditorSection { field: s.field(), title: s.title(), required: s.required() })
            .collect(),
        sheet_id: id,
    })?;
    Ok(if invalid { (StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::EditSheets)?;
    let form = SheetForm { service_active: true, ..Default::default() };
    editor(&state, &ctx, None, form, Errors::new(ctx.lang)).await
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    ctx.authorize(Action::EditSheets)?;
    let sheet = state.store.sheet(ctx.tenant.id, id).await?;
    editor(&state, &ctx, Some(id), SheetForm::from_content(&sheet.content, sheet.version), Errors::new(ctx.lang)).await
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    save(state, ctx, None, body).await
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    save(state, ctx, Some(id), body).await
}

async fn save(state: AppState, ctx: Ctx, id: Option<i64>, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::EditSheets)?;
    let form = SheetForm::parse(&FormData::parse(&body));
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let mut errors = Errors::new(ctx.lang);
    let content = validate_form(&form, &offices, &topics, &mut errors);
    let current = match id {
        Some(id) => Some(state.store.sheet(ctx.tenant.id, id).await?),
        None => None,
    };
    if let (Some(c), Some(cur)) = (&content, &current) {
        // What is public (or waiting for approval) must stay publishable.
        if matches!(cur.state, SheetState::Pubblicata | SheetState::InRevisione) {
            publication_errors(c, &offices, &mut errors);
        }
    }
    let Some(content) = content.filter(|_| !errors.any()) else {
        return editor(&state, &ctx, id, form, errors).await;
    };
    let now = Utc::now();
    let user = Some(s.user.id);
    let result = match id {
        None => state
            .store
            .create_sheet(ctx.tenant.id, None, &content, SheetState::Bozza, user, "", now)
            .await
            .map(|s| (s, true)),
        Some(id) => {
            let expected = form.version.parse::<i64>().ok();
            state
                .store
                .update_sheet(ctx.tenant.id, id, &content, expected, user, "", now)
                .await
                .map(|r| (r.sheet, r.changed))
        }
    };
    match result {
        Ok((sheet, changed)) => {
            if changed {
                state.store.audit(ctx.tenant.id, user, "sheet.save", &sheet.id.to_string(), now).await?;
            }
            let ok = if changed { "saved" } else { "kb-unchanged" };
            Ok(Redirect::to(&format!("/staff/kb/{}?ok={ok}", sheet.id)).into_response())
        }
        Err(StoreError::Conflict(_)) => {
            errors.add_key("title", "kb-err-conflict");
            editor(&state, &ctx, id, form, errors).await
        }
        Err(StoreError::InvalidReference(_)) => {
            errors.add_key("office_id", "kb-err-office");
            editor(&state, &ctx, id, form, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

// ------------------------------------------------------------------------------------------
// Workflow
// ------------------------------------------------------------------------------------------

pub async fn change_state(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(id): Id,
    body: Bytes,
) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ReadSheets)?;
    let f = FormData::parse(&body);
    let to: SheetState = f.get("to").parse().map_err(|_| AppError::BadRequest)?;
    let sheet = state.store.sheet(ctx.tenant.id, id).await?;
    if !sheet.state.may_become(to) {
        return Ok(Redirect::to(&format!("/staff/kb/{id}?ok=kb-stale")).into_response());
    }
    if !may_move(&s.actor, &sheet, to) {
        return Err(AppError::Forbidden);
    }
    if matches!(to, SheetState::InRevisione | SheetState::Pubblicata) {
        let offices = state.store.list_offices(ctx.tenant.id).await?;
        let mut errors = Errors::new(ctx.lang);
        publication_errors(&sheet.content, &offices, &mut errors);
        if errors.any() {
            return editor(&state, &ctx, Some(id), SheetForm::from_content(&sheet.content, sheet.version), errors)
                .await;
        }
    }
    let now = Utc::now();
    match state.store.set_sheet_state(ctx.tenant.id, id, sheet.state, to, Some(s.user.id), now).await {
        Ok(_) => {
            state
                .store
                .audit(ctx.tenant.id, Some(s.user.id), &format!("sheet.{}", to.code()), &id.to_string(), now)
                .await?;
            Ok(Redirect::to(&format!("/staff/kb/{id}?ok=kb-state-changed")).into_response())
        }
        Err(StoreError::Conflict(_)) => Ok(Redirect::to(&format!("/staff/kb/{id}?ok=kb-stale")).into_response()),
        Err(e) => Err(e.into()),
    }
}

// ------------------------------------------------------------------------------------------
// History, diff, restore
// ------------------------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct DiffQuery {
    da: Option<i64>,
    a: Option<i64>,
}

pub struct VersionRow {
    pub version: i64,
    pub at: String,
    pub who: String,
    pub state: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "staff/kb_history.html")]
struct HistoryPage {
    page: Page,
    sheet_id: i64,
    current: i64,
    versions: Vec<VersionRow>,
    diff: Option<(i64, i64, Vec<FieldDiff>)>,
    can_edit: bool,
}

pub async fn history(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(id): Id,
    Query(q): Query<DiffQuery>,
) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ReadSheets)?;
    let sheet = state.store.sheet(ctx.tenant.id, id).await?;
    let versions = state.store.sheet_versions(ctx.tenant.id, id).await?;
    let users = state.store.list_users(ctx.tenant.id).await?;
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let office = |o: Option<OfficeId>| office_name(&offices, o);
    let label = |field: &str| {
        let key = format!("kb-field-{field}");
        if ctx.lang.has(&key) { ctx.t(&key) } else { field.to_string() }
    };
    // Default comparison: the latest version against the one before it.
    let newest = versions.first().map_or(1, |v| v.version);
    let (from, to) = match (q.da, q.a) {
        (Some(a), Some(b)) => (a.min(b), a.max(b)),
        (Some(a), None) => (a, newest),
        _ => (newest - 1, newest),
    };
    let find = |v: i64| versions.iter().find(|x| x.version == v);
    let diff = match (find(from), find(to)) {
        (Some(a), Some(b)) if a.version != b.version => Some((
            a.version,
            b.version,
            kb::diff(&kb::comparable(&a.content, &office), &kb::comparable(&b.content, &office), label),
        )),
        _ => None,
    };
    let rows = versions
        .iter()
        .map(|v| VersionRow {
            version: v.version,
            at: v.at.with_timezone(&chrono_tz::Europe::Rome).format("%d/%m/%Y %H:%M").to_string(),
            who: v
                .actor_id
                .and_then(|u| users.iter().find(|x| x.id == u))
                .map_or_else(|| ctx.t("kb-who-system"), |u| u.data.name.clone()),
            state: state_label(&ctx, v.state),
            note: match v.note.strip_prefix("state:") {
                Some(code) => code.parse::<SheetState>().map(|st| state_label(&ctx, st)).unwrap_or_default(),
                None if v.note == "import" => ctx.t("kb-note-import"),
                None => v.note.clone(),
            },
        })
        .collect();
    render(&HistoryPage {
        page: Page::new(&ctx, "kb-history")
            .crumb(ctx.t("kb-title"), "/staff/kb")
            .crumb(sheet.content.title.clone(), &format!("/staff/kb/{id}"))
            .crumb(ctx.t("kb-history"), ""),
        sheet_id: id,
        current: sheet.version,
        versions: rows,
        diff,
        can_edit: s.actor.may(Action::EditSheets),
    })
}

pub async fn restore(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::EditSheets)?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let version: i64 = version.parse().map_err(|_| AppError::NotFound)?;
    let old = state.store.sheet_version(ctx.tenant.id, id, version).await?;
    let sheet = state.store.sheet(ctx.tenant.id, id).await?;
    if matches!(sheet.state, SheetState::Pubblicata | SheetState::InRevisione) {
        let offices = state.store.list_offices(ctx.tenant.id).await?;
        let mut errors = Errors::new(ctx.lang);
        publication_errors(&old.content, &offices, &mut errors);
        if errors.any() {
            return Ok(Redirect::to(&format!("/staff/kb/{id}/versioni?ok=kb-restore-refused")).into_response());
        }
    }
    let now = Utc::now();
    let note = ctx.lang.t_args("kb-note-restore", &[("version", version.to_string())]);
    match state.store.update_sheet(ctx.tenant.id, id, &old.content, None, Some(s.user.id), &note, now).await {
        Ok(r) => {
            if r.changed {
                state
                    .store
                    .audit(ctx.tenant.id, Some(s.user.id), "sheet.restore", &format!("{id} v{version}"), now)
                    .await?;
            }
            Ok(Redirect::to(&format!("/staff/kb/{id}?ok=kb-restored")).into_response())
        }
        Err(StoreError::InvalidReference(_)) => {
            Ok(Redirect::to(&format!("/staff/kb/{id}/versioni?ok=kb-restore-refused")).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

// ------------------------------------------------------------------------------------------
// Ratings report
// ------------------------------------------------------------------------------------------

pub struct RatingRow {
    pub id: i64,
    pub title: String,
    pub count: i64,
    pub average: String,
}

#[derive(Template)]
#[template(path = "staff/kb_ratings.html")]
struct RatingsPage {
    page: Page,
    rows: Vec<RatingRow>,
}

pub async fn ratings(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::ReadSheets)?;
    let sums = state.store.rating_summaries(ctx.tenant.id).await?;
    let sheets = state.store.list_sheets(ctx.tenant.id, &SheetFilter::default(), 100_000, 0).await?;
    let mut rows: Vec<RatingRow> = sums
        .iter()
        .filter_map(|r| {
            sheets.iter().find(|s| s.id == r.sheet_id).map(|s| RatingRow {
                id: s.id,
                title: s.content.title.clone(),
                count: r.count,
                average: format!("{:.1}", r.average),
            })
        })
        .collect();
    rows.sort_by(|a, b| a.average.cmp(&b.average).then(b.count.cmp(&a.count)));
    render(&RatingsPage {
        page: Page::new(&ctx, "kb-ratings-title")
            .crumb(ctx.t("kb-title"), "/staff/kb")
            .crumb(ctx.t("kb-ratings-title"), ""),
        rows,
    })
}
