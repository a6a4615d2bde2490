//! The operators' side of cases: the queue with its filters, the case page with history,
//! deadline and lifecycle actions, and intake on a citizen's behalf from any channel.

use crate::case_flow::{self, FlowError};
use crate::context::Ctx;
use crate::deadline_text;
use crate::forms::{Errors, FormData};
use crate::intake::{self, IntakeError, IntakeInput, local_date};
use crate::pages::{Page, render};
use crate::views::{Id, Notice};
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use serde::Deserialize;
use urp_domain::case::{CaseEvent, CaseEventKind, CaseKind, CaseStatus, Channel, allowed_events};
use urp_domain::{Action, OfficeId};
use urp_store::{CaseFilter, CaseId, CaseRecord, Created, Office, Topic};

const PAGE_SIZE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct QueueQuery {
    stato: Option<String>,
    tipo: Option<String>,
    canale: Option<String>,
    ufficio: Option<String>,
    argomento: Option<String>,
    scadute: Option<String>,
    giorni: Option<String>,
    miei: Option<String>,
    pagina: Option<i64>,
}

pub struct Row {
    pub id: i64,
    pub registry: String,
    pub received: String,
    pub kind: String,
    pub subject: String,
    pub office: String,
    pub status: String,
    pub due: String,
    pub overdue: bool,
}

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "staff/cases.html")]
struct QueuePage {
    page: Page,
    rows: Vec<Row>,
    statuses: Vec<Opt>,
    kinds: Vec<Opt>,
    channels: Vec<Opt>,
    offices: Vec<Opt>,
    topics: Vec<Opt>,
    overdue: bool,
    days: String,
    mine: bool,
    can_create: bool,
    prev: Option<String>,
    next: Option<String>,
    summary: String,
}

fn opts<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
    selected: Option<&str>,
) -> Vec<Opt> {
    all.iter()
        .map(|v| Opt { value: code(*v), label: label(*v), selected: selected == Some(code(*v).as_str()) })
        .collect()
}

fn office_name(offices: &[Office], id: Option<OfficeId>) -> String {
    id.and_then(|id| offices.iter().find(|o| o.id == id)).map(|o| o.data.name.clone()).unwrap_or_default()
}

pub async fn queue(State(state): State<AppState>, ctx: Ctx, Query(q): Query<QueueQuery>) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ViewCaseQueue)?;
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let today = local_date(chrono::Utc::now());
    let open: Vec<CaseStatus> = CaseStatus::ALL.into_iter().filter(|s| s.is_open()).collect();
    let status_sel = q.stato.clone().unwrap_or_else(|| "aperte".into());
    let mut f = CaseFilter {
        statuses: match status_sel.as_str() {
            "aperte" => open,
            "tutte" => vec![],
            code => code.parse::<CaseStatus>().map(|s| vec![s]).unwrap_or_default(),
        },
        kind: q.tipo.as_deref().and_then(|k| k.parse().ok()),
        channel: q.canale.as_deref().and_then(|c| c.parse().ok()),
        office_id: q.ufficio.as_deref().and_then(|o| o.parse().ok()).map(OfficeId),
        topic_id: q.argomento.as_deref().and_then(|t| t.parse().ok()),
        assignee_id: q.miei.as_ref().map(|_| s.user.id),
        due_before: None,
    };
    if q.scadute.is_some() {
        f.due_before = Some(today);
    } else if let Some(days) =
        q.giorni.as_deref().and_then(|d| d.trim().parse::<i64>().ok()).filter(|d| (0..=3650).contains(d))
    {
        f.due_before = Some(today + Duration::days(days + 1));
    }
    // A referent who is not also URP staff sees their offices' cases only.
    let urp_staff = s.actor.may(Action::ViewCase { office: None });
    if !urp_staff {
        let own: Vec<OfficeId> = s.actor.offices.clone();
        if f.office_id.is_none_or(|o| !own.contains(&o)) {
            f.office_id = own.first().copied();
        }
        if f.office_id.is_none() {
            return Err(AppError::Forbidden);
        }
    }
    let page_no = q.pagina.unwrap_or(1).max(1);
    let total = state.store.count_cases(ctx.tenant.id, &f).await?;
    let cases = state.store.list_cases(ctx.tenant.id, &f, PAGE_SIZE, (page_no - 1) * PAGE_SIZE).await?;
    let rows = cases
        .iter()
        .map(|c| Row {
            id: c.id.0,
            registry: c.registry.to_string(),
            received: deadline_text::date(c.received_date),
            kind: ctx.t(&format!("kind-{}", c.kind.code())),
            subject: c.subject.clone(),
            office: office_name(&offices, c.office_id),
            status: ctx.t(&format!("status-{}", c.status.code())),
            due: c.due_date.map(deadline_text::date).unwrap_or_else(|| "—".into()),
            overdue: c.status.is_open() && c.due_date.is_some_and(|d| d < today),
        })
        .collect();
    let mut statuses = vec![
        Opt { value: "aperte".into(), label: ctx.t("queue-open"), selected: status_sel == "aperte" },
        Opt { value: "tutte".into(), label: ctx.t("queue-all"), selected: status_sel == "tutte" },
    ];
    statuses.extend(opts(
        &CaseStatus::ALL,
        |s| s.code().into(),
        |s| ctx.t(&format!("status-{}", s.code())),
        Some(&status_sel),
    ));
    let visible_offices: Vec<&Office> = offices.iter().filter(|o| urp_staff || s.actor.belongs_to(o.id)).collect();
    let base_query = |page: i64| {
        let mut parts: Vec<(String, String)> = vec![("stato".into(), status_sel.clone())];
        for (k, v) in [
            ("tipo", &q.tipo),
            ("canale", &q.canale),
            ("ufficio", &q.ufficio),
            ("argomento", &q.argomento),
            ("giorni", &q.giorni),
        ] {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                parts.push((k.into(), v.clone()));
            }
        }
        if q.scadute.is_some() {
            parts.push(("scadute".into(), "1".into()));
        }
        if q.miei.is_some() {
            parts.push(("miei".into(), "1".into()));
        }
        parts.push(("pagina".into(), page.to_string()));
        format!(
            "/staff/casi?{}",
            parts.iter().map(|(k, v)| format!("{k}={}", crate::forms::encode(v))).collect::<Vec<_>>().join("&")
        )
    };
    render(&QueuePage {
        page: Page::new(&ctx, "cases-queue").crumb(ctx.t("cases-queue"), "/staff/casi"),
        rows,
        statuses,
        kinds: opts(&CaseKind::ALL, |k| k.code().into(), |k| ctx.t(&format!("kind-{}", k.code())), q.tipo.as_deref()),
        channels: opts(
            &Channel::ALL,
            |c| c.code().into(),
            |c| ctx.t(&format!("channel-{}", c.code())),
            q.canale.as_deref(),
        ),
        offices: visible_offices
            .iter()
            .map(|o| Opt { value: o.id.0.to_string(), label: o.data.name.clone(), selected: f.office_id == Some(o.id) })
            .collect(),
        topics: topics
            .iter()
            .map(|t| Opt { value: t.id.to_string(), label: t.name.clone(), selected: f.topic_id == Some(t.id) })
            .collect(),
        overdue: q.scadute.is_some(),
        days: q.giorni.clone().unwrap_or_default(),
        mine: q.miei.is_some(),
        can_create: s.actor.may(Action::CreateCaseForCitizen),
        prev: (page_no > 1).then(|| base_query(page_no - 1)),
        next: (page_no * PAGE_SIZE < total).then(|| base_query(page_no + 1)),
        summary: ctx.lang.t_count("queue-summary", "count", total, &[]),
    })
}

pub struct HistoryRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub text: String,
    pub internal: bool,
}

pub struct ActionButton {
    pub code: &'static str,
    pub label: String,
    pub needs_reason: bool,
}

#[derive(Template)]
#[template(path = "staff/case.html")]
struct CasePage {
    page: Page,
    case: CaseRecord,
    kind: String,
    channel: String,
    status: String,
    office: String,
    topic: String,
    due: String,
    because: Vec<String>,
    received: String,
    history: Vec<HistoryRow>,
    attachments: Vec<urp_store::AttachmentMeta>,
    actions: Vec<ActionButton>,
    can_work: bool,
    can_reply: bool,
    errors: Errors,
    tracking_url: String,
    /// A case for a catalogue service: "service — version n", and the answers.
    service_note: String,
    answers: Vec<(String, String)>,
    routing: crate::views::routing_case::Panel,
}

/// The answers of a case opened for a service, read against the version it was opened with.
async fn case_answers(
    state: &AppState,
    ctx: &Ctx,
    case: &CaseRecord,
) -> Result<(String, Vec<(String, String)>), AppError> {
    let Some(i) = &case.intake else { return Ok((String::new(), Vec::new())) };
    let def = state.store.service_definition(ctx.tenant.id, i.definition_id).await?;
    let name = state.store.service(ctx.tenant.id, i.service_id).await?.data.name;
    let note = format!("{name} — {}", ctx.lang.t_args("cat-case-version", &[("version", def.version.to_string())]));
    Ok((note, crate::service_intake::rows(&def.fields, &i.answers)))
}

async fn load_case(state: &AppState, ctx: &Ctx, id: i64) -> Result<CaseRecord, AppError> {
    let case = state.store.case(ctx.tenant.id, CaseId(id)).await?;
    crate::views::routing_case::authorize_view(state, ctx, &case).await?;
    Ok(case)
}

pub(crate) async fn case_page(
    state: &AppState,
    ctx: &Ctx,
    case: CaseRecord,
    errors: Errors,
    notice: Option<&str>,
) -> Result<Response, AppError> {
    let s = ctx.require_session()?;
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let topics: Vec<Topic> = state.store.list_topics(ctx.tenant.id).await?;
    let users = state.store.list_users(ctx.tenant.id).await?;
    let suspensions = state.store.case_suspensions(ctx.tenant.id, case.id).await?;
    let deadline = case_flow::deadline(
        &crate::intake::CaseRules::load(state.store.as_ref(), &ctx.tenant).await?,
        &case,
        &suspensions,
    );
    let history = state
        .store
        .case_events(ctx.tenant.id, case.id, false)
        .await?
        .into_iter()
        .map(|e| HistoryRow {
            when: e.at.with_timezone(&chrono_tz::Europe::Rome).format("%d/%m/%Y %H:%M").to_string(),
            who: e
                .actor_id
                .and_then(|a| users.iter().find(|u| u.id == a))
                .map_or_else(|| ctx.t("history-citizen-or-system"), |u| u.data.name.clone()),
            what: match (e.kind.as_str(), e.to_status) {
                (k, _) if ctx.lang.has(&format!("history-{k}")) && k != "transition" => ctx.t(&format!("history-{k}")),
                ("note", _) => ctx.t("history-note"),
                ("reply", _) => ctx.t("history-reply"),
                ("created", _) => ctx.t("history-created"),
                (_, Some(to)) => {
                    ctx.lang.t_args("history-status", &[("status", ctx.t(&format!("status-{}", to.code())))])
                }
                _ => e.kind.clone(),
            },
            text: e.body.unwrap_or_default(),
            internal: !e.public,
        })
        .collect();
    let can_work = s.actor.may(Action::WorkCase { office: case.office_id });
    let events = if can_work { allowed_events(case.kind, case.status) } else { vec![] };
    let direct = crate::views::routing_case::may_reply_directly(state, ctx, s, &case).await?;
    let routing = crate::views::routing_case::panel(state, ctx, s, &case).await?;
    let actions = events
        .iter()
        .filter(|e| **e != CaseEventKind::SendReply)
        .map(|e| ActionButton {
            code: e.code(),
            label: ctx.t(&format!("event-{}", e.code())),
            needs_reason: e.requires_reason(),
        })
        .collect();
    let title = ctx.lang.t_args("case-title", &[("registry", case.registry.to_string())]);
    let page = Page::titled(ctx, title.clone())
        .crumb(ctx.t("cases-queue"), "/staff/casi")
        .crumb(title, "")
        .with_notice_from(notice);
    let invalid = errors.any();
    let (service_note, answers) = case_answers(state, ctx, &case).await?;
    let r = render(&CasePage {
        service_note,
        answers,
        kind: ctx.t(&format!("kind-{}", case.kind.code())),
        channel: ctx.t(&format!("channel-{}", case.channel.code())),
        status: ctx.t(&format!("status-{}", case.status.code())),
        office: office_name(&offices, case.office_id),
        topic: case
            .topic_id
            .and_then(|t| topics.iter().find(|x| x.id == t))
            .map(|t| t.name.clone())
            .unwrap_or_default(),
        due: deadline_text::headline(ctx.lang, &deadline),
        because: deadline_text::explain(ctx.lang, &deadline),
        received: case.received_at.with_timezone(&chrono_tz::Europe::Rome).format("%d/%m/%Y %H:%M").to_string(),
        attachments: state.store.attachments(ctx.tenant.id, case.id).await?,
        tracking_url: format!("{}/segui/{}", ctx.origin, case.tracking_code),
        can_reply: direct && events.contains(&CaseEventKind::SendReply),
        routing,
        history,
        actions,
        can_work,
        errors,
        page,
        case,
    })?;
    Ok(if invalid { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(id): Id,
    Query(n): Query<Notice>,
) -> Result<Response, AppError> {
    let case = load_case(&state, &ctx, id).await?;
    case_page(&state, &ctx, case, Errors::new(ctx.lang), n.ok.as_deref()).await
}

/// One lifecycle action, a reply or an internal note, posted from the case page.
pub async fn act(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    let case = load_case(&state, &ctx, id).await?;
    let s = ctx.authorize(Action::WorkCase { office: case.office_id })?;
    let f = FormData::parse(&body);
    let mut errors = Errors::new(ctx.lang);
    // The status the operator saw: if someone moved the case meanwhile, nothing is applied.
    if f.get("expected") != case.status.code() {
        errors.add_key("reason", "err-case-changed");
        return case_page(&state, &ctx, case, errors, None).await;
    }
    let reason = f.get("reason").to_string();
    let text = f.get("text").to_string();
    let result = match f.get("event") {
        "note" => {
            return match crate::routing_flow::note(&state, &ctx.tenant, s.user.id, &case, &text, ctx.lang).await {
                Ok(_) => Ok(Redirect::to(&format!("/staff/casi/{id}?ok=saved")).into_response()),
                Err(crate::routing_flow::LoopError::Store(e)) => Err(e.into()),
                Err(e) => {
                    errors.add_key("note", e.code());
                    case_page(&state, &ctx, case, errors, None).await
                }
            };
        }
        // Taking in charge also records who took it and when, for the flow figures.
        "take_in_charge" => {
            return match crate::routing_flow::take(&state, &ctx.tenant, s.user.id, &case, ctx.lang).await {
                Ok(_) => Ok(Redirect::to(&format!("/staff/casi/{id}?ok=saved")).into_response()),
                Err(crate::routing_flow::LoopError::Store(e)) => Err(e.into()),
                Err(e) => {
                    errors.add_key("reason", e.code());
                    case_page(&state, &ctx, case, errors, None).await
                }
            };
        }
        "send_reply" if !crate::views::routing_case::may_reply_directly(&state, &ctx, s, &case).await? => {
            return Err(AppError::Forbidden);
        }
        code => {
            let Ok(kind) = code.parse::<CaseEventKind>() else { return Err(AppError::BadRequest) };
            let event = CaseEvent::from_kind(kind, reason);
            case_flow::apply(&state, &ctx.tenant, Some(s.user.id), &case, &event, Some(&text), vec![], ctx.lang).await
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/staff/casi/{id}?ok=saved")).into_response()),
        Err(e) => {
            let field = match f.get("event") {
                "note" => "note",
                "send_reply" => "text",
                _ => "reason",
            };
            match e {
                FlowError::Transition(t) => errors.add_key(field, t.code()),
                FlowError::EmptyText => errors.add_key(field, "err-required"),
                FlowError::Stale => errors.add_key(field, "err-case-changed"),
                FlowError::Store(e) => return Err(e.into()),
            }
            let fresh = state.store.case(ctx.tenant.id, case.id).await?;
            case_page(&state, &ctx, fresh, errors, None).await
        }
    }
}

/// The reply to the citizen, with documents attached (a multipart form of its own).
pub async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(id): Id,
    mut mp: Multipart,
) -> Result<Response, AppError> {
    let case = load_case(&state, &ctx, id).await?;
    let s = ctx.authorize(Action::WorkCase { office: case.office_id })?;
    let (mut text, mut expected, mut files) = (String::new(), String::new(), Vec::new());
    while let Some(field) = mp.next_field().await.map_err(|_| AppError::BadRequest)? {
        match field.name().unwrap_or_default() {
            "attachments" => {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(|_| AppError::BadRequest)?;
                if !bytes.is_empty() {
                    files.push((name, bytes.to_vec()));
                }
            }
            "text" => text = field.text().await.map_err(|_| AppError::BadRequest)?,
            "expected" => expected = field.text().await.map_err(|_| AppError::BadRequest)?,
            _ => {}
        }
    }
    if !crate::views::routing_case::may_reply_directly(&state, &ctx, s, &case).await? {
        return Err(AppError::Forbidden);
    }
    let mut errors = Errors::new(ctx.lang);
    if expected != case.status.code() {
        errors.add_key("text", "err-case-changed");
        return case_page(&state, &ctx, case, errors, None).await;
    }
    let mut refusals = intake::Refusals::default();
    let attachments = intake::check_attachments(&files, &mut refusals);
    if !refusals.is_empty() {
        for (field, key) in &refusals.0 {
            errors.add_key(field, key);
        }
        return case_page(&state, &ctx, case, errors, None).await;
    }
    let event = CaseEvent::SendReply;
    match case_flow::apply(&state, &ctx.tenant, Some(s.user.id), &case, &event, Some(&text), attachments, ctx.lang)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/staff/casi/{id}?ok=saved")).into_response()),
        Err(e) => {
            match e {
                FlowError::Transition(t) => errors.add_key("text", t.code()),
                FlowError::EmptyText => errors.add_key("text", "err-required"),
                FlowError::Stale => errors.add_key("text", "err-case-changed"),
                FlowError::Store(e) => return Err(e.into()),
            }
            let fresh = state.store.case(ctx.tenant.id, case.id).await?;
            case_page(&state, &ctx, fresh, errors, None).await
        }
    }
}

/// A stored file as a download, sandboxed so a document can never run in our origin.
pub fn download(meta: urp_store::AttachmentMeta, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", meta.file_name.replace('"', ""));
    (
        [
            (header::CONTENT_TYPE, meta.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox".to_string()),
        ],
        bytes,
    )
        .into_response()
}

pub async fn attachment(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let aid: i64 = aid.parse().map_err(|_| AppError::NotFound)?;
    let case = load_case(&state, &ctx, id).await?;
    let (meta, bytes) = state.store.attachment(ctx.tenant.id, case.id, aid).await?;
    Ok(download(meta, bytes))
}

#[derive(Default)]
pub struct NewCaseForm {
    pub kind: String,
    pub channel: String,
    pub office_id: String,
    pub topic_id: String,
    pub subject: String,
    pub description: String,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub phone: String,
    pub fiscal_code: String,
    pub address: String,
    pub idem: String,
    /// The catalogue service the case is opened for (its code), if any.
    pub service: String,
}

#[derive(Template)]
#[template(path = "staff/case_new.html")]
struct NewCasePage {
    page: Page,
    form: NewCaseForm,
    errors: Errors,
    kinds: Vec<Opt>,
    channels: Vec<Opt>,
    offices: Vec<Opt>,
    topics: Vec<Opt>,
    services: Vec<Opt>,
    /// The chosen service's extra fields and term.
    fields: Vec<crate::service_intake::FieldView>,
    service_term: String,
}

async fn new_case_page(
    state: &AppState,
    ctx: &Ctx,
    form: NewCaseForm,
    errors: Errors,
    raw: &FormData,
) -> Result<Response, AppError> {
    let chosen = match form.service.as_str() {
        "" => None,
        code => crate::service_intake::load(state, ctx.tenant.id, code, false).await?,
    };
    let fields = chosen.as_ref().map(|(_, d)| crate::service_intake::views(&d.fields, raw)).unwrap_or_default();
    let service_term =
        chosen.as_ref().map(|(s, _)| crate::views::admin_services::term_text(ctx, s.data.term)).unwrap_or_default();
    let services = state
        .store
        .list_services(ctx.tenant.id, false)
        .await?
        .into_iter()
        .map(|s| Opt { selected: s.data.code == form.service, value: s.data.code, label: s.data.name })
        .collect();
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let invalid = errors.any();
    let r = render(&NewCasePage {
        page: Page::new(ctx, "case-new").crumb(ctx.t("cases-queue"), "/staff/casi").crumb(ctx.t("case-new"), ""),
        kinds: opts(&CaseKind::ALL, |k| k.code().into(), |k| ctx.t(&format!("kind-{}", k.code())), Some(&form.kind)),
        channels: opts(
            &Channel::ALL,
            |c| c.code().into(),
            |c| ctx.t(&format!("channel-{}", c.code())),
            Some(&form.channel),
        ),
        offices: offices
            .iter()
            .map(|o| Opt {
                value: o.id.0.to_string(),
                label: o.data.name.clone(),
                selected: form.office_id == o.id.0.to_string(),
            })
            .collect(),
        topics: topics
            .iter()
            .map(|t| Opt {
                value: t.id.to_string(),
                label: t.name.clone(),
                selected: form.topic_id == t.id.to_string(),
            })
            .collect(),
        form,
        errors,
        services,
        fields,
        service_term,
    })?;
    Ok(if invalid { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

#[derive(serde::Deserialize, Default)]
pub struct NewCaseQuery {
    servizio: Option<String>,
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NewCaseQuery>,
) -> Result<Response, AppError> {
    ctx.authorize(Action::CreateCaseForCitizen)?;
    let mut form = NewCaseForm {
        kind: CaseKind::Informazione.code().into(),
        channel: Channel::Sportello.code().into(),
        idem: crate::context::random_bytes_b64(16),
        ..Default::default()
    };
    // A service chosen: a procedure of that service, routed to its office.
    if let Some(code) = q.servizio.filter(|c| !c.is_empty())
        && let Some((s, _)) = crate::service_intake::load(&state, ctx.tenant.id, &code, false).await?
    {
        form.kind = CaseKind::AvvioProcedimento.code().into();
        form.office_id = s.data.office_id.map(|o| o.0.to_string()).unwrap_or_default();
        form.subject = s.data.name.clone();
        form.service = code;
    }
    new_case_page(&state, &ctx, form, Errors::new(ctx.lang), &FormData(Vec::new())).await
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::CreateCaseForCitizen)?;
    let f = FormData::parse(&body);
    let form = NewCaseForm {
        kind: f.get("kind").into(),
        channel: f.get("channel").into(),
        office_id: f.get("office_id").into(),
        topic_id: f.get("topic_id").into(),
        subject: f.get("subject").into(),
        description: f.get("description").into(),
        name: f.get("name").into(),
        surname: f.get("surname").into(),
        email: f.get("email").into(),
        phone: f.get("phone").into(),
        fiscal_code: f.get("fiscal_code").into(),
        address: f.get("address").into(),
        idem: f.get("idem").into(),
        service: f.get("service").into(),
    };
    let mut errors = Errors::new(ctx.lang);
    let (service_text, service_intake) = match form.service.as_str() {
        "" => (String::new(), None),
        code => match crate::service_intake::load(&state, ctx.tenant.id, code, false).await? {
            Some((svc, def)) => {
                let answers = crate::service_intake::check(&def.fields, &f, &mut errors);
                (svc.data.name.clone(), answers.map(|a| crate::service_intake::intake_of(&svc, &def, a)))
            }
            None => {
                errors.add_key("service", "err-unknown-service");
                (String::new(), None)
            }
        },
    };
    if errors.any() {
        return new_case_page(&state, &ctx, form, errors, &f).await;
    }
    let input = IntakeInput {
        kind: form.kind.clone(),
        channel: form.channel.clone(),
        subject: form.subject.clone(),
        description: form.description.clone(),
        service: service_text,
        topic_id: form.topic_id.parse().ok(),
        office_id: form.office_id.parse().ok(),
        name: form.name.clone(),
        surname: form.surname.clone(),
        email: form.email.clone(),
        phone: form.phone.clone(),
        fiscal_code: form.fiscal_code.clone(),
        address: form.address.clone(),
        lat: None,
        lon: None,
        attachments: vec![],
        idempotency_key: Some(format!("desk:{}", form.idem)).filter(|_| !form.idem.is_empty()),
        created_by: Some(s.user.id),
        service_intake,
    };
    match intake::submit(&state, &ctx.tenant, &input, ctx.lang).await {
        Ok(Created::New(c) | Created::Replayed(c)) => {
            // The case page lists open cases that look like this one (possible duplicates).
            Ok(Redirect::to(&format!("/staff/casi/{}?ok=created", c.id)).into_response())
        }
        Err(IntakeError::Invalid(r)) => {
            let mut errors = Errors::new(ctx.lang);
            for (field, key) in &r.0 {
                errors.add_key(field, key);
            }
            new_case_page(&state, &ctx, form, errors, &f).await
        }
        Err(IntakeError::Store(e)) => Err(e.into()),
    }
}
