//! The JSON API, version 1: case intake and public case state. Errors are
//! `application/problem+json` in the request's language.

use crate::context::Ctx;
use crate::intake::{self, IntakeError, IntakeInput};
use crate::{AppError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use urp_store::{CaseRecord, Created};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CitizenIn {
    #[serde(default)]
    name: String,
    #[serde(default)]
    surname: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    fiscal_code: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LocationIn {
    #[serde(default)]
    address: String,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// A topic by id or by name.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum TopicRef {
    Id(i64),
    Name(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseIn {
    kind: String,
    channel: String,
    subject: String,
    description: String,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    topic: Option<TopicRef>,
    #[serde(default)]
    office_id: Option<i64>,
    #[serde(default)]
    citizen: Option<CitizenIn>,
    #[serde(default)]
    location: Option<LocationIn>,
}

#[derive(Serialize)]
pub struct CaseCreated {
    registry_number: String,
    tracking_code: String,
    tracking_url: String,
    received_at: String,
    due_date: Option<String>,
}

pub fn problem(status: StatusCode, title: String, detail: String, errors: Vec<serde_json::Value>) -> Response {
    let mut body =
        serde_json::json!({ "type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail });
    if !errors.is_empty() {
        body["errors"] = serde_json::Value::Array(errors);
    }
    let mut res = (status, body.to_string()).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    res
}

fn created_body(ctx: &Ctx, c: &CaseRecord) -> CaseCreated {
    CaseCreated {
        registry_number: c.registry.to_string(),
        tracking_code: c.tracking_code.clone(),
        tracking_url: format!("{}/segui/{}", ctx.origin, c.tracking_code),
        received_at: c.received_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        due_date: c.due_date.map(|d| d.to_string()),
    }
}

pub async fn create_case(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    if !state.intake_allowed(&ctx.client_ip) {
        let mut res = problem(StatusCode::TOO_MANY_REQUESTS, ctx.t("error-429-title"), ctx.t("error-429-text"), vec![]);
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        return Ok(res);
    }
    let input: CaseIn = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return Ok(problem(StatusCode::BAD_REQUEST, ctx.t("error-400-title"), e.to_string(), vec![])),
    };
    let topic_id = match input.topic {
        None => None,
        Some(TopicRef::Id(id)) => Some(id),
        Some(TopicRef::Name(name)) => {
            let refs = state.store.intake_refs(ctx.tenant.id).await?;
            match refs.topics.iter().find(|t| t.name.eq_ignore_ascii_case(name.trim())) {
                Some(t) => Some(t.id),
                None => return Ok(invalid(&ctx, &[("topic", "err-unknown-topic")])),
            }
        }
    };
    let citizen = input.citizen.unwrap_or_default();
    let location = input.location.unwrap_or_default();
    let idempotency_key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_string);
    let intake = IntakeInput {
        kind: input.kind,
        channel: input.channel,
        subject: input.subject,
        description: input.description,
        service: input.service.unwrap_or_default(),
        topic_id,
        office_id: input.office_id,
        name: citizen.name,
        surname: citizen.surname,
        email: citizen.email,
        phone: citizen.phone,
        fiscal_code: citizen.fiscal_code,
        address: location.address,
        lat: location.lat,
        lon: location.lon,
        attachments: vec![],
        idempotency_key,
        created_by: ctx.session.as_ref().map(|s| s.user.id),
        service_intake: None,
    };
    match intake::submit(&state, &ctx.tenant, &intake, ctx.lang).await {
        Ok(Created::New(c) | Created::Replayed(c)) => {
            Ok((StatusCode::CREATED, Json(created_body(&ctx, &c))).into_response())
        }
        Err(IntakeError::Invalid(r)) => Ok(invalid(&ctx, &r.0)),
        Err(IntakeError::Store(e)) => Err(e.into()),
    }
}

fn invalid(ctx: &Ctx, refusals: &[(&'static str, &'static str)]) -> Response {
    let errors =
        refusals.iter().map(|(field, key)| serde_json::json!({ "field": field, "message": ctx.t(key) })).collect();
    problem(StatusCode::UNPROCESSABLE_ENTITY, ctx.t("error-422-title"), ctx.t("error-422-text"), errors)
}

#[derive(Serialize)]
pub struct PublicEvent {
    at: String,
    status: Option<String>,
    status_label: Option<String>,
    text: Option<String>,
}

#[derive(Serialize)]
pub struct PublicCase {
    pub(crate) registry_number: String,
    pub(crate) kind: String,
    pub(crate) status: String,
    pub(crate) stage: String,
    pub(crate) stage_label: String,
    pub(crate) subject: String,
    pub(crate) received_at: String,
    pub(crate) due_date: Option<String>,
    pub(crate) office: Option<String>,
    pub(crate) history: Vec<PublicEvent>,
}

/// What the citizen may see of a case: no internal notes, no other person's data.
pub async fn public_case(state: &AppState, ctx: &Ctx, tracking: &str) -> Result<(CaseRecord, PublicCase), AppError> {
    let c = state.store.case_by_tracking(ctx.tenant.id, tracking).await?.ok_or(AppError::NotFound)?;
    let events = state.store.case_events(ctx.tenant.id, c.id, true).await?;
    let office = match c.office_id {
        Some(o) => Some(state.store.office(ctx.tenant.id, o).await?.data.name),
        None => None,
    };
    let stage = c.status.public_stage();
    let history = events
        .into_iter()
        .map(|e| PublicEvent {
            at: e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            status: e.to_status.map(|s| s.code().to_string()),
            status_label: e.to_status.map(|s| ctx.t(&format!("stage-{}", s.public_stage().code()))),
            text: e.body.filter(|_| e.kind == "reply" || e.kind == "transition"),
        })
        .collect();
    let p = PublicCase {
        registry_number: c.registry.to_string(),
        kind: c.kind.code().into(),
        status: c.status.code().into(),
        stage: stage.code().into(),
        stage_label: ctx.t(&format!("stage-{}", stage.code())),
        subject: c.subject.clone(),
        received_at: c.received_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        due_date: c.due_date.map(|d| d.to_string()),
        office,
        history,
    };
    Ok((c, p))
}

pub async fn get_case(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Path(tracking): axum::extract::Path<String>,
) -> Result<Response, AppError> {
    let (_, p) = public_case(&state, &ctx, &tracking).await?;
    Ok(Json(p).into_response())
}
