//! The back-office panel of the case page (routing, taking in charge, internal opinions,
//! proposed replies, following, duplicates and merges) and the forms it posts to.

use crate::context::{Ctx, Session};
use crate::deadline_text;
use crate::duplicates::{self, Probe};
use crate::forms::{Errors, FormData};
use crate::intake::local_date;
use crate::routing_flow::{self as flow, LoopError, People};
use crate::views::Id;
use crate::views::staff_cases::{self, Opt};
use crate::{AppError, AppState};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use urp_domain::{Action, OfficeId, Role, UserId};
use urp_store::routing::Opinion;
use urp_store::{CaseId, CaseRecord};

pub struct OpinionRow {
    pub id: i64,
    pub office: String,
    pub question: String,
    pub due: String,
    pub overdue: bool,
    pub answer: Option<String>,
    pub answered: String,
    pub can_answer: bool,
}

pub struct ProposalRow {
    pub id: i64,
    pub body: String,
    pub who: String,
    pub when: String,
}

pub struct CaseLink {
    pub id: i64,
    pub registry: String,
    pub subject: String,
    pub score: String,
}

/// What the case page shows of the back-office loop.
#[derive(Default)]
pub struct Panel {
    pub can_route: bool,
    pub offices: Vec<Opt>,
    pub referents: Vec<Opt>,
    pub assignee: String,
    pub can_take: bool,
    pub opinions: Vec<OpinionRow>,
    pub can_propose: bool,
    pub pending: Option<ProposalRow>,
    pub can_decide: bool,
    pub following: bool,
    pub merged_into: Option<CaseLink>,
    pub merged_here: Vec<CaseLink>,
    pub duplicates: Vec<CaseLink>,
    pub can_merge: bool,
}

/// Whether the signed-in user may read this case: the URP and the office in charge always;
/// a referent also when their office was asked for an opinion on it.
pub async fn authorize_view(state: &AppState, ctx: &Ctx, case: &CaseRecord) -> Result<Vec<Opinion>, AppError> {
    let s = ctx.require_session()?;
    let opinions = state.store.opinions(ctx.tenant.id, case.id).await?;
    if s.actor.may(Action::ViewCase { office: case.office_id })
        || opinions.iter().any(|o| s.actor.may(Action::ReadAskedCase { office: o.office_id }))
    {
        Ok(opinions)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A referent of an office that validates its replies hands a proposal to the URP instead of
/// replying to the citizen; the URP (and offices that answer directly) reply themselves.
pub async fn may_reply_directly(state: &AppState, ctx: &Ctx, s: &Session, case: &CaseRecord) -> Result<bool, AppError> {
    if s.actor.may(Action::RouteCase) {
        return Ok(true);
    }
    let Some(office) = case.office_id else { return Ok(false) };
    Ok(!state.store.routing_settings(ctx.tenant.id).await?.office(office).validate_replies)
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Rome).format("%d/%m/%Y %H:%M").to_string()
}

pub async fn panel(state: &AppState, ctx: &Ctx, s: &Session, case: &CaseRecord) -> Result<Panel, AppError> {
    let t = ctx.tenant.id;
    let people = People::load(state, &ctx.tenant).await?;
    let today = local_date(chrono::Utc::now());
    let can_route = s.actor.may(Action::RouteCase) && case.status.is_open();
    let can_work = s.actor.may(Action::WorkCase { office: case.office_id });
    let opinions = state
        .store
        .opinions(t, case.id)
        .await?
        .into_iter()
        .map(|o| OpinionRow {
            id: o.id,
            office: people.office_name(Some(o.office_id)),
            overdue: o.answered_at.is_none() && o.due_date < today,
            due: deadline_text::date(o.due_date),
            can_answer: o.answered_at.is_none() && s.actor.may(Action::AnswerOpinion { office: o.office_id }),
            answered: o
                .answered_at
                .map(|a| format!("{} — {}", when(a), people.user_name(o.answered_by)))
                .unwrap_or_default(),
            answer: o.answer,
            question: o.question,
        })
        .collect();
    let pending = state.store.proposals(t, case.id).await?.into_iter().find(|p| p.decided_at.is_none());
    let following = state.store.followers(t, case.id).await?.contains(&s.user.id);
    let link = |c: &CaseRecord| CaseLink {
        id: c.id.0,
        registry: c.registry.to_string(),
        subject: c.subject.clone(),
        score: String::new(),
    };
    let merged_into = match state.store.active_merge(t, case.id).await? {
        Some(m) => Some(link(&state.store.case(t, m.into_case_id).await?)),
        None => None,
    };
    let mut merged_here = Vec::new();
    for m in state.store.merged_into(t, case.id).await? {
        merged_here.push(link(&state.store.case(t, m.case_id).await?));
    }
    let can_merge = s.actor.may(Action::RouteCase);
    let duplicates = if can_merge && case.status.is_open() {
        let probe = Probe {
            kind: case.kind,
            service: case.service.as_deref(),
            subject: &case.subject,
            description: &case.description,
            point: case.location.lat.zip(case.location.lon),
            exclude: Some(case.id),
        };
        duplicates::suggest(state, t, &probe)
            .await?
            .into_iter()
            .map(|(c, score)| CaseLink {
                id: c.id.0,
                registry: c.registry.to_string(),
                subject: c.subject,
                score: format!("{:.0}%", score * 100.0),
            })
            .collect()
    } else {
        vec![]
    };
    let referents = people
        .users
        .iter()
        .filter(|u| u.data.active && u.data.roles.contains(&Role::Referent))
        .flat_map(|u| u.data.offices.iter().map(move |o| (u, *o)))
        .map(|(u, o)| Opt {
            value: format!("{}:{}", o.0, u.id.0),
            label: format!("{} — {}", u.data.name, people.office_name(Some(o))),
            selected: false,
        })
        .collect();
    Ok(Panel {
        can_route,
        offices: people
            .offices
            .iter()
            .map(|o| Opt {
                value: o.id.0.to_string(),
                label: o.data.name.clone(),
                selected: case.office_id == Some(o.id),
            })
            .collect(),
        referents,
        assignee: people.user_name(case.assignee_id),
        // A new case is taken in charge with the lifecycle button; later, a referent may
        // still make an open case theirs.
        can_take: can_work
            && case.status.is_open()
            && case.status != urp_domain::case::CaseStatus::Nuova
            && case.assignee_id != Some(s.user.id),
        opinions,
        can_propose: can_work && case.status.is_open() && pending.is_none() && !s.actor.may(Action::RouteCase),
        can_decide: pending.is_some() && s.actor.may(Action::RouteCase),
        pending: pending.map(|p| ProposalRow {
            id: p.id,
            who: people.user_name(p.proposed_by),
            when: when(p.proposed_at),
            body: p.body,
        }),
        following,
        merged_into,
        merged_here,
        duplicates,
        can_merge,
    })
}

/// Loads the case the user may see, with the requests made on it.
async fn load(state: &AppState, ctx: &Ctx, id: i64) -> Result<(CaseRecord, Vec<Opinion>), AppError> {
    let case = state.store.case(ctx.tenant.id, CaseId(id)).await?;
    let opinions = authorize_view(state, ctx, &case).await?;
    Ok((case, opinions))
}

/// After an action: back to the case page, or the page again with the error next to `field`.
async fn outcome(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    field: &'static str,
    r: Result<CaseRecord, LoopError>,
) -> Result<Response, AppError> {
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/staff/casi/{id}?ok=saved")).into_response()),
        Err(LoopError::Store(e)) => Err(e.into()),
        Err(e) => {
            let mut errors = Errors::new(ctx.lang);
            errors.add_key(field, e.code());
            let fresh = state.store.case(ctx.tenant.id, CaseId(id)).await?;
            staff_cases::case_page(state, ctx, fresh, errors, None).await
        }
    }
}

fn stale(f: &FormData, case: &CaseRecord) -> bool {
    f.get("expected") != case.status.code()
}

/// Routes or re-routes the case (office, optional referent, reason).
pub async fn route(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    let (case, _) = load(&state, &ctx, id).await?;
    let s = ctx.authorize(Action::RouteCase)?;
    let f = FormData::parse(&body);
    if stale(&f, &case) {
        return outcome(&state, &ctx, id, "route", Err(LoopError::Stale)).await;
    }
    // The referent select carries "office:user"; the office select alone routes to the office.
    let (office, referent) = match f.get("referent").split_once(':') {
        Some((o, u)) => (o.parse().ok().map(OfficeId), u.parse().ok().map(UserId)),
        None => (f.get("office").parse().ok().map(OfficeId), None),
    };
    let Some(office) = office else {
        return outcome(&state, &ctx, id, "route", Err(LoopError::UnknownOffice)).await;
    };
    let r = flow::route(&state, &ctx.tenant, s.user.id, &case, office, referent, f.get("reason"), ctx.lang).await;
    outcome(&state, &ctx, id, "route", r).await
}

pub async fn take(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    let (case, _) = load(&state, &ctx, id).await?;
    let s = ctx.authorize(Action::WorkCase { office: case.office_id })?;
    let f = FormData::parse(&body);
    if stale(&f, &case) {
        return outcome(&state, &ctx, id, "take", Err(LoopError::Stale)).await;
    }
    let r = flow::take(&state, &ctx.tenant, s.user.id, &case, ctx.lang).await;
    outcome(&state, &ctx, id, "take", r).await
}

pub async fn ask(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    let (case, _) = load(&state, &ctx, id).await?;
    let s = ctx.authorize(Action::RouteCase)?;
    let f = FormData::parse(&body);
    if stale(&f, &case) {
        return outcome(&state, &ctx, id, "question", Err(LoopError::Stale)).await;
    }
    let Some(office) = f.get("opinion_office").parse().ok().map(OfficeId) else {
        return outcome(&state, &ctx, id, "question", Err(LoopError::UnknownOffice)).await;
    };
    let r = flow::ask_opinion(
        &state,
        &ctx.tenant,
        s.user.id,
        &case,
        office,
        f.get("question"),
        ctx.lang,
        chrono::Utc::now(),
    )
    .await;
    outcome(&state, &ctx, id, "question", r).await
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, oid)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let oid: i64 = oid.parse().map_err(|_| AppError::NotFound)?;
    let (case, opinions) = load(&state, &ctx, id).await?;
    let opinion = opinions.into_iter().find(|o| o.id == oid).ok_or(AppError::NotFound)?;
    let s = ctx.authorize(Action::AnswerOpinion { office: opinion.office_id })?;
    let f = FormData::parse(&body);
    if stale(&f, &case) {
        return outcome(&state, &ctx, id, "answer", Err(LoopError::Stale)).await;
    }
    let r = flow::answer_opinion(&state, &ctx.tenant, s.user.id, &case, &opinion, f.get("answer"), ctx.lang).await;
    outcome(&state, &ctx, id, "answer", r).await
}

pub async fn propose(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    let (case, _) = load(&state, &ctx, id).await?;
    let s = ctx.authorize(Action::WorkCase { office: case.office_id })?;
    let f = FormData::parse(&body);
    if stale(&f, &case) {
        return outcome(&state, &ctx, id, "proposal", Err(LoopError::Stale)).await;
    }
    let r = flow::propose_reply(&state, &ctx.tenant, s.user.id, &case, f.get("proposal"), ctx.lang).await;
    outcome(&state, &ctx, id, "proposal", r).await
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let pid: i64 = pid.parse().map_err(|_| AppError::NotFound)?;
    let (case, _) = load(&state, &ctx, id).await?;
    let s = ctx.authorize(Action::RouteCase)?;
    let proposal = state
        .store
        .proposals(ctx.tenant.id, case.id)
        .await?
        .into_iter()
        .find(|p| p.id == pid && p.decided_at.is_none())
        .ok_or(AppError::NotFound)?;
    let f = FormData::parse(&body);
    if stale(&f, &case) {
        return outcome(&state, &ctx, id, "decision", Err(LoopError::Stale)).await;
    }
    let approve = f.get("decision") == "approve";
    let r =
        flow::decide(&state, &ctx.tenant, s.user.id, &case, &proposal, approve, f.get("decision_text"), ctx.lang).await;
    outcome(&state, &ctx, id, "decision", r).await
}

pub async fn follow(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    let (case, _) = load(&state, &ctx, id).await?;
    let s = ctx.require_session()?;
    let f = FormData::parse(&body);
    let on = f.get("follow") == "1";
    state.store.set_following(ctx.tenant.id, case.id, s.user.id, on, chrono::Utc::now()).await?;
    Ok(Redirect::to(&format!("/staff/casi/{id}?ok={}", if on { "followed" } else { "unfollowed" })).into_response())
}

/// Merges this case into another, named by its registry number (`2026/0000012`) or row id.
pub async fn merge(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    let (case, _) = load(&state, &ctx, id).await?;
    let s = ctx.authorize(Action::RouteCase)?;
    let f = FormData::parse(&body);
    if stale(&f, &case) {
        return outcome(&state, &ctx, id, "merge", Err(LoopError::Stale)).await;
    }
    let target = f.get("into").trim().to_string();
    let into = match resolve_case(&state, &ctx, &target).await? {
        Some(c) => c,
        None => return outcome(&state, &ctx, id, "merge", Err(LoopError::Merge("merge-err-unknown"))).await,
    };
    let r = flow::merge(&state, &ctx.tenant, s.user.id, &case, into, ctx.lang).await;
    outcome(&state, &ctx, id, "merge", r).await
}

pub async fn unmerge(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    let (case, _) = load(&state, &ctx, id).await?;
    let s = ctx.authorize(Action::RouteCase)?;
    let f = FormData::parse(&body);
    if stale(&f, &case) {
        return outcome(&state, &ctx, id, "merge", Err(LoopError::Stale)).await;
    }
    let r = flow::unmerge(&state, &ctx.tenant, s.user.id, &case, ctx.lang).await;
    outcome(&state, &ctx, id, "merge", r).await
}

/// A case of this ente named by registry number ("2026/12" or "2026/0000012") or by id.
async fn resolve_case(state: &AppState, ctx: &Ctx, text: &str) -> Result<Option<CaseId>, AppError> {
    if let Some((y, n)) = text.split_once('/') {
        let (Ok(year), Ok(seq)) = (y.trim().parse::<i32>(), n.trim().parse::<u64>()) else { return Ok(None) };
        return Ok(state.store.case_by_registry(ctx.tenant.id, year, seq).await?.map(|c| c.id));
    }
    match text.parse::<i64>() {
        Ok(n) => match state.store.case(ctx.tenant.id, CaseId(n)).await {
            Ok(c) => Ok(Some(c.id)),
            Err(urp_store::StoreError::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        },
        Err(_) => Ok(None),
    }
}
