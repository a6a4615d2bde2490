//! The manager's routing screen: automatic routing rules (ordered, first match wins, tried on
//! a sample text before saving; a bad keyword pattern is refused with its reason), the ente's
//! internal term and duplicate distance, and each office's internal term, reply validation
//! and head.

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
use urp_domain::case::{CaseKind, Channel};
use urp_domain::routing::{CaseFacts, KeywordPattern, RoutingRule, first_match};
use urp_domain::{Action, OfficeId, UserId};
use urp_store::routing::{OfficeRouting, RuleData};

pub struct RuleRow {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub conditions: String,
    pub office: String,
}

pub struct OfficeRow {
    pub id: i64,
    pub name: String,
    pub days: String,
    pub validate: bool,
    pub heads: Vec<Opt>,
}

#[derive(Default)]
pub struct RuleForm {
    pub name: String,
    pub kind: String,
    pub channel: String,
    pub service: String,
    pub topic_id: String,
    pub keywords: String,
    pub office_id: String,
    pub sample: String,
}

#[derive(Template)]
#[template(path = "admin/routing_rules.html")]
struct RulesPage {
    page: Page,
    rules: Vec<RuleRow>,
    form: RuleForm,
    errors: Errors,
    kinds: Vec<Opt>,
    channels: Vec<Opt>,
    topics: Vec<Opt>,
    offices: Vec<Opt>,
    /// The outcome of "Prova": which rule would route the sample, and where.
    trial: Option<String>,
    days: String,
    distance: String,
    office_rows: Vec<OfficeRow>,
}

fn opt(value: String, label: String, selected: &str) -> Opt {
    Opt { selected: value == selected, value, label }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    form: RuleForm,
    errors: Errors,
    trial: Option<String>,
    notice: Option<&str>,
) -> Result<Response, AppError> {
    let t = ctx.tenant.id;
    let offices = state.store.list_offices(t).await?;
    let topics = state.store.list_topics(t).await?;
    let users = state.store.list_users(t).await?;
    let settings = state.store.routing_settings(t).await?;
    let office_name = |id: Option<OfficeId>| {
        offices.iter().find(|o| Some(o.id) == id).map(|o| o.data.name.clone()).unwrap_or_default()
    };
    let rules = state
        .store
        .routing_rules(t)
        .await?
        .into_iter()
        .map(|r| {
            let mut parts = Vec::new();
            if let Some(k) = r.data.kind {
                parts.push(format!("{}: {}", ctx.t("label-kind"), ctx.t(&format!("kind-{}", k.code()))));
            }
            if let Some(c) = r.data.channel {
                parts.push(format!("{}: {}", ctx.t("label-channel"), ctx.t(&format!("channel-{}", c.code()))));
            }
            if let Some(s) = &r.data.service {
                parts.push(format!("{}: {s}", ctx.t("routing-label-service")));
            }
            if let Some(tp) = r.data.topic_id.and_then(|id| topics.iter().find(|x| x.id == id)) {
                parts.push(format!("{}: {}", ctx.t("label-topic"), tp.name));
            }
            if !r.data.keywords.trim().is_empty() {
                parts.push(format!("{}: {}", ctx.t("routing-label-keywords"), r.data.keywords));
            }
            RuleRow {
                id: r.id,
                position: r.position,
                name: r.data.name,
                conditions: if parts.is_empty() { ctx.t("routing-any-case") } else { parts.join(" · ") },
                office: office_name(r.data.office_id),
            }
        })
        .collect();
    let office_rows = offices
        .iter()
        .map(|o| {
            let s = settings.office(o.id);
            let mut heads = vec![opt(String::new(), ctx.t("routing-head-none"), "")];
            heads.extend(users.iter().filter(|u| u.data.active && u.data.offices.contains(&o.id)).map(|u| Opt {
                value: u.id.0.to_string(),
                label: u.data.name.clone(),
                selected: s.head_user_id == Some(u.id),
            }));
            OfficeRow {
                id: o.id.0,
                name: o.data.name.clone(),
                days: s.opinion_days.map(|d| d.to_string()).unwrap_or_default(),
                validate: s.validate_replies,
                heads,
            }
        })
        .collect();
    let invalid = errors.any();
    let r = render(&RulesPage {
        page: Page::new(ctx, "routing-rules-title").crumb(ctx.t("routing-rules-title"), "").with_notice_from(notice),
        rules,
        kinds: CaseKind::ALL
            .iter()
            .map(|k| opt(k.code().into(), ctx.t(&format!("kind-{}", k.code())), &form.kind))
            .collect(),
        channels: Channel::ALL
            .iter()
            .map(|c| opt(c.code().into(), ctx.t(&format!("channel-{}", c.code())), &form.channel))
            .collect(),
        topics: topics.iter().map(|tp| opt(tp.id.to_string(), tp.name.clone(), &form.topic_id)).collect(),
        offices: offices.iter().map(|o| opt(o.id.0.to_string(), o.data.name.clone(), &form.office_id)).collect(),
        form,
        errors,
        trial,
        days: settings.opinion_days.map(|d| d.to_string()).unwrap_or_default(),
        distance: settings.duplicate_distance_m.map(|d| d.to_string()).unwrap_or_default(),
        office_rows,
    })?;
    Ok(if invalid { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageRouting)?;
    page(&state, &ctx, RuleForm::default(), Errors::new(ctx.lang), None, n.ok.as_deref()).await
}

/// Saves a new rule, or (with `azione=prova`) only tries it, and the saved rules, on the sample.
pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageRouting)?;
    let f = FormData::parse(&body);
    let form = RuleForm {
        name: f.get("name").trim().into(),
        kind: f.get("kind").into(),
        channel: f.get("channel").into(),
        service: f.get("service").trim().into(),
        topic_id: f.get("topic_id").into(),
        keywords: f.get("keywords").into(),
        office_id: f.get("office_id").into(),
        sample: f.get("sample").into(),
    };
    let mut errors = Errors::new(ctx.lang);
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let office = form.office_id.parse::<i64>().ok().map(OfficeId).filter(|o| offices.iter().any(|x| x.id == *o));
    let pattern = match KeywordPattern::parse(&form.keywords) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.add_key("keywords", e.code());
            None
        }
    };
    let trying = f.get("azione") == "prova";
    if trying {
        if form.sample.trim().is_empty() {
            errors.add_key("sample", "err-required");
        }
    } else {
        if form.name.is_empty() {
            errors.add_key("name", "err-required");
        }
        if office.is_none() {
            errors.add_key("office_id", "err-unknown-office");
        }
    }
    let kind = form.kind.parse::<CaseKind>().ok();
    let channel = form.channel.parse::<Channel>().ok();
    let topic = form.topic_id.parse::<i64>().ok();
    let service = Some(form.service.clone()).filter(|s| !s.is_empty());
    if errors.any() {
        return page(&state, &ctx, form, errors, None, None).await;
    }
    if trying {
        // The rule being written first, as if saved at the top, then the saved ones in order.
        let stored = state.store.routing_rules(ctx.tenant.id).await?;
        let mut rules: Vec<(String, RoutingRule)> = Vec::new();
        if let (Some(office), Some(keywords)) = (office, pattern.clone()) {
            rules.push((
                ctx.t("routing-trial-this-rule"),
                RoutingRule { kind, channel, service: service.clone(), topic_id: topic, keywords, office },
            ));
        }
        for r in stored {
            let (Ok(keywords), Some(office)) = (KeywordPattern::parse(&r.data.keywords), r.data.office_id) else {
                continue;
            };
            rules.push((
                r.data.name.clone(),
                RoutingRule {
                    kind: r.data.kind,
                    channel: r.data.channel,
                    service: r.data.service,
                    topic_id: r.data.topic_id,
                    keywords,
                    office,
                },
            ));
        }
        let facts = CaseFacts {
            kind: kind.unwrap_or(CaseKind::Segnalazione),
            channel: channel.unwrap_or(Channel::Web),
            service: service.as_deref(),
            topic_id: topic,
            subject: &form.sample,
            description: "",
        };
        let only: Vec<RoutingRule> = rules.iter().map(|(_, r)| r.clone()).collect();
        let trial = match first_match(&only, &facts) {
            Some(i) => ctx.lang.t_args(
                "routing-trial-match",
                &[
                    ("rule", rules[i].0.clone()),
                    (
                        "office",
                        offices
                            .iter()
                            .find(|o| o.id == only[i].office)
                            .map(|o| o.data.name.clone())
                            .unwrap_or_default(),
                    ),
                ],
            ),
            None => ctx.t("routing-trial-none"),
        };
        return page(&state, &ctx, form, errors, Some(trial), None).await;
    }
    let data = RuleData {
        name: form.name.chars().take(200).collect(),
        kind,
        channel,
        service,
        topic_id: topic,
        keywords: form.keywords.trim().to_string(),
        office_id: office,
    };
    state.store.save_rule(ctx.tenant.id, None, &data, chrono::Utc::now()).await?;
    Ok(Redirect::to("/staff/admin/smistamento?ok=saved").into_response())
}

pub async fn delete(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageRouting)?;
    state.store.delete_rule(ctx.tenant.id, id).await?;
    Ok(Redirect::to("/staff/admin/smistamento?ok=deleted").into_response())
}

pub async fn reorder(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageRouting)?;
    let up = FormData::parse(&body).get("dir") == "su";
    state.store.move_rule(ctx.tenant.id, id, up).await?;
    Ok(Redirect::to("/staff/admin/smistamento?ok=saved").into_response())
}

fn days(v: &str) -> Result<Option<u32>, ()> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<u32>().ok().filter(|d| (1..=365).contains(d)).map(Some).ok_or(())
}

/// The ente's internal term and duplicate distance, and every office's settings, in one form.
pub async fn save_settings(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageRouting)?;
    let f = FormData::parse(&body);
    let t = ctx.tenant.id;
    let mut errors = Errors::new(ctx.lang);
    let tenant_days = days(f.get("opinion_days")).map_err(|()| errors.add_key("opinion_days", "routing-err-days")).ok();
    let distance = match f.get("distance").trim() {
        "" => Some(None),
        v => match v.parse::<u32>() {
            Ok(d) if (10..=50_000).contains(&d) => Some(Some(d)),
            _ => {
                errors.add_key("distance", "routing-err-distance");
                None
            }
        },
    };
    let offices = state.store.list_offices(t).await?;
    let users = state.store.list_users(t).await?;
    let mut rows = Vec::new();
    for o in &offices {
        let d = match days(f.get(&format!("days_{}", o.id.0))) {
            Ok(d) => d,
            Err(()) => {
                errors.add_key("offices", "routing-err-days");
                None
            }
        };
        let head = f
            .get(&format!("head_{}", o.id.0))
            .parse::<i64>()
            .ok()
            .map(UserId)
            .filter(|u| users.iter().any(|x| x.id == *u && x.data.offices.contains(&o.id)));
        rows.push(OfficeRouting {
            office_id: Some(o.id),
            opinion_days: d,
            validate_replies: f.get(&format!("validate_{}", o.id.0)) == "1",
            head_user_id: head,
        });
    }
    let (Some(tenant_days), Some(distance)) = (tenant_days, distance) else {
        return page(&state, &ctx, RuleForm::default(), errors, None, None).await;
    };
    if errors.any() {
        return page(&state, &ctx, RuleForm::default(), errors, None, None).await;
    }
    state.store.set_tenant_routing(t, tenant_days, distance).await?;
    for r in &rows {
        state.store.set_office_routing(t, r).await?;
    }
    Ok(Redirect::to("/staff/admin/smistamento?ok=saved").into_response())
}
