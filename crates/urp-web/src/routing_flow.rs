//! The back-office loop on a stored case: routing to offices and referents, taking in charge,
//! internal opinions with their deadline, replies proposed by an office and validated by the
//! URP, internal notes with @mentions, merges of duplicates. Each action is one store change
//! that carries its history row, its typed flow row and the notifications it causes.

use crate::AppState;
use crate::i18n::Lang;
use crate::intake::{CaseRules, local_date};
use chrono::{DateTime, Utc};
use urp_domain::case::{CaseEvent, CaseStatus, TransitionError, transition};
use urp_domain::routing::{self as rules, mentions, office_handle, opinion_days, opinion_due};
use urp_domain::{OfficeId, Role, UserId};
use urp_store::routing::{
    FlowChange, FlowEvent, FlowKind, FlowOp, HistoryEntry, NewNotification, NotifyEmail, Opinion, Proposal,
};
use urp_store::{CaseId, CaseRecord, NewOutbox, Office, StoreError, Tenant, User};

#[derive(Debug, thiserror::Error)]
pub enum LoopError {
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error("the case changed meanwhile")]
    Stale,
    #[error("empty text")]
    EmptyText,
    #[error("unknown office")]
    UnknownOffice,
    #[error("the referent does not belong to the office")]
    NotInOffice,
    #[error("same office")]
    SameOffice,
    #[error("merge refused: {0}")]
    Merge(&'static str),
    #[error(transparent)]
    Store(StoreError),
}

impl LoopError {
    /// The message-catalogue key shown next to the field.
    pub fn code(&self) -> &'static str {
        match self {
            LoopError::Transition(t) => t.code(),
            LoopError::Stale => "err-case-changed",
            LoopError::EmptyText => "err-required",
            LoopError::UnknownOffice => "err-unknown-office",
            LoopError::NotInOffice => "routing-err-not-in-office",
            LoopError::SameOffice => "routing-err-same-office",
            LoopError::Merge(code) => code,
            LoopError::Store(_) => "err-case-changed",
        }
    }
}

impl From<StoreError> for LoopError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(_) => LoopError::Stale,
            other => LoopError::Store(other),
        }
    }
}

/// Kinds of notification, each with its own preference.
pub const NOTIFY_KINDS: [&str; 8] = [
    "routed",
    "opinion_requested",
    "opinion_answered",
    "reply_proposed",
    "reply_decided",
    "mention",
    "note",
    "escalation",
];

/// What a user wants for one kind of notification: `now` (in the app and by e-mail at once),
/// `digest` (in the app and in the daily e-mail) or `off` (nothing).
pub const NOTIFY_MODES: [&str; 3] = ["now", "digest", "off"];

fn text(t: &str, max: usize) -> Result<String, LoopError> {
    let t = t.trim();
    if t.is_empty() {
        return Err(LoopError::EmptyText);
    }
    Ok(t.chars().take(max).collect())
}

/// Everyone a notification may go to, loaded once per action.
pub struct People {
    pub users: Vec<User>,
    pub offices: Vec<Office>,
}

impl People {
    pub async fn load(state: &AppState, tenant: &Tenant) -> Result<People, StoreError> {
        Ok(People {
            users: state.store.list_users(tenant.id).await?,
            offices: state.store.list_offices(tenant.id).await?,
        })
    }

    pub fn office_name(&self, id: Option<OfficeId>) -> String {
        id.and_then(|id| self.offices.iter().find(|o| o.id == id)).map(|o| o.data.name.clone()).unwrap_or_default()
    }

    pub fn user_name(&self, id: Option<UserId>) -> String {
        id.and_then(|id| self.users.iter().find(|u| u.id == id)).map(|u| u.data.name.clone()).unwrap_or_default()
    }

    /// The active referents of an office.
    pub fn referents(&self, office: OfficeId) -> Vec<UserId> {
        self.users
            .iter()
            .filter(|u| u.data.active && u.data.roles.contains(&Role::Referent) && u.data.offices.contains(&office))
            .map(|u| u.id)
            .collect()
    }

    /// The URP managers.
    pub fn managers(&self) -> Vec<UserId> {
        self.users.iter().filter(|u| u.data.active && u.data.roles.contains(&Role::Manager)).map(|u| u.id).collect()
    }
}

#[allow(clippy::too_many_arguments)]
/// Builds the notifications for `who` (without the actor and repeats), honouring each user's
/// preference for `kind`.
pub async fn notifications(
    state: &AppState,
    tenant: &Tenant,
    people: &People,
    who: &[UserId],
    except: Option<UserId>,
    kind: &str,
    case: Option<CaseId>,
    body: &str,
) -> Result<Vec<NewNotification>, StoreError> {
    let mut out: Vec<NewNotification> = Vec::new();
    for id in who {
        if Some(*id) == except || out.iter().any(|n| n.user_id == *id) {
            continue;
        }
        let Some(user) = people.users.iter().find(|u| u.id == *id && u.data.active) else { continue };
        let prefs = state.store.notification_prefs(tenant.id, *id).await?;
        let mode = prefs.iter().find(|(k, _)| k == kind).map_or("now", |(_, m)| m.as_str());
        let email = match mode {
            "off" => continue,
            "digest" => NotifyEmail::Digest,
            _ => NotifyEmail::Now { recipient: user.data.email.clone(), lang: Lang::It.code().into() },
        };
        out.push(NewNotification {
            user_id: *id,
            kind: kind.into(),
            case_id: case,
            body: body.chars().take(600).collect(),
            email,
        });
    }
    Ok(out)
}

fn history(kind: &str, body: String) -> Option<HistoryEntry> {
    Some(HistoryEntry { kind: kind.into(), body: Some(body), public: false })
}

async fn followers_and(state: &AppState, tenant: &Tenant, case: &CaseRecord, more: &[UserId]) -> Vec<UserId> {
    let mut all = state.store.followers(tenant.id, case.id).await.unwrap_or_default();
    all.extend(case.assignee_id);
    all.extend_from_slice(more);
    all
}

/// Routes (or re-routes, with a reason) a case to an office and optionally a named referent.
#[allow(clippy::too_many_arguments)]
pub async fn route(
    state: &AppState,
    tenant: &Tenant,
    actor: UserId,
    case: &CaseRecord,
    office: OfficeId,
    referent: Option<UserId>,
    reason: &str,
    lang: Lang,
) -> Result<CaseRecord, LoopError> {
    let people = People::load(state, tenant).await?;
    if !people.offices.iter().any(|o| o.id == office) {
        return Err(LoopError::UnknownOffice);
    }
    let rerouting = case.office_id.is_some();
    if case.office_id == Some(office) && referent.is_none_or(|r| case.assignee_id == Some(r)) {
        return Err(LoopError::SameOffice);
    }
    if let Some(r) = referent
        && !people.referents(office).contains(&r)
    {
        return Err(LoopError::NotInOffice);
    }
    let reason = reason.trim();
    if rerouting && reason.is_empty() {
        return Err(LoopError::EmptyText);
    }
    let name = people.office_name(Some(office));
    let mut body = lang.t_args("routing-history-routed", &[("office", name.clone())]);
    if let Some(r) = referent {
        body.push_str(&format!(" — {}", people.user_name(Some(r))));
    }
    if !reason.is_empty() {
        body.push_str(&format!("\n{}", reason.chars().take(1000).collect::<String>()));
    }
    let mut ch = FlowChange::new(case, Some(actor), Utc::now());
    ch.office = Some(Some(office));
    // A new office starts without the previous office's assignee.
    ch.assignee = Some(referent);
    ch.history = history(if rerouting { "rerouted" } else { "routed" }, body);
    ch.flow.push(FlowEvent {
        kind: if rerouting { FlowKind::Rerouted } else { FlowKind::Routed },
        office_id: Some(office),
        from_office_id: case.office_id,
    });
    let who: Vec<UserId> = match referent {
        Some(r) => vec![r],
        None => people.referents(office),
    };
    let msg = lang.t_args("routing-notify-routed", &[("registry", case.registry.to_string()), ("office", name)]);
    ch.notify = notifications(state, tenant, &people, &who, Some(actor), "routed", Some(case.id), &msg).await?;
    Ok(state.store.apply_flow(tenant.id, &ch).await?)
}

/// The referent (or operator) takes the case in charge: it becomes theirs. A new case also
/// moves to "presa in carico", which the citizen sees and is told by e-mail.
pub async fn take(
    state: &AppState,
    tenant: &Tenant,
    actor: UserId,
    case: &CaseRecord,
    lang: Lang,
) -> Result<CaseRecord, LoopError> {
    if !case.status.is_open() {
        return Err(TransitionError::NotAllowed {
            from: case.status,
            event: urp_domain::case::CaseEventKind::TakeInCharge,
        }
        .into());
    }
    let mut ch = FlowChange::new(case, Some(actor), Utc::now());
    ch.assignee = Some(Some(actor));
    ch.flow.push(FlowEvent { kind: FlowKind::Taken, office_id: case.office_id, from_office_id: None });
    if case.status == CaseStatus::Nuova {
        ch.new_status = Some(transition(case.kind, case.status, &CaseEvent::TakeInCharge)?);
        ch.history = Some(HistoryEntry { kind: "transition".into(), body: None, public: true });
        ch.outbox = citizen_mail(state, tenant, case, "case_status", lang).await?;
    } else {
        ch.history = history("taken", lang.t("routing-history-taken"));
    }
    Ok(state.store.apply_flow(tenant.id, &ch).await?)
}

/// E-mails to the citizen of `case` and to the citizens of the cases merged into it.
pub async fn citizen_mail(
    state: &AppState,
    tenant: &Tenant,
    case: &CaseRecord,
    kind: &str,
    lang: Lang,
) -> Result<Vec<NewOutbox>, StoreError> {
    let mut out: Vec<NewOutbox> = case
        .citizen
        .email
        .iter()
        .map(|e| NewOutbox { kind: kind.into(), recipient: e.clone(), lang: lang.code().into() })
        .collect();
    if kind == "case_reply" {
        for m in state.store.merged_into(tenant.id, case.id).await? {
            let merged = state.store.case(tenant.id, m.case_id).await?;
            if let Some(e) = merged.citizen.email.filter(|e| !out.iter().any(|o| &o.recipient == e)) {
                out.push(NewOutbox { kind: kind.into(), recipient: e, lang: lang.code().into() });
            }
        }
    }
    Ok(out)
}

/// Asks an office for an internal opinion with its own internal deadline.
#[allow(clippy::too_many_arguments)]
pub async fn ask_opinion(
    state: &AppState,
    tenant: &Tenant,
    actor: UserId,
    case: &CaseRecord,
    office: OfficeId,
    question: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<CaseRecord, LoopError> {
    let question = text(question, 4000)?;
    let people = People::load(state, tenant).await?;
    if !people.offices.iter().any(|o| o.id == office) {
        return Err(LoopError::UnknownOffice);
    }
    let settings = state.store.routing_settings(tenant.id).await?;
    let days = opinion_days(settings.office(office).opinion_days, settings.opinion_days);
    let calendar = CaseRules::load(state.store.as_ref(), tenant).await?.calendar;
    let due = opinion_due(local_date(now), days, &calendar);
    let name = people.office_name(Some(office));
    let mut ch = FlowChange::new(case, Some(actor), now);
    ch.op = FlowOp::AskOpinion { office, question: question.clone(), due };
    ch.history = history(
        "opinion_request",
        format!(
            "{}\n{question}",
            lang.t_args(
                "routing-history-opinion-asked",
                &[("office", name.clone()), ("date", crate::deadline_text::date(due))]
            )
        ),
    );
    ch.flow.push(FlowEvent {
        kind: FlowKind::OpinionRequested,
        office_id: Some(office),
        from_office_id: case.office_id,
    });
    let msg = lang.t_args(
        "routing-notify-opinion",
        &[("registry", case.registry.to_string()), ("office", name), ("date", crate::deadline_text::date(due))],
    );
    ch.notify = notifications(
        state,
        tenant,
        &people,
        &people.referents(office),
        Some(actor),
        "opinion_requested",
        Some(case.id),
        &msg,
    )
    .await?;
    Ok(state.store.apply_flow(tenant.id, &ch).await?)
}

/// The office asked answers the URP; the answer goes in the case history.
pub async fn answer_opinion(
    state: &AppState,
    tenant: &Tenant,
    actor: UserId,
    case: &CaseRecord,
    opinion: &Opinion,
    answer: &str,
    lang: Lang,
) -> Result<CaseRecord, LoopError> {
    let answer = text(answer, 4000)?;
    let people = People::load(state, tenant).await?;
    let name = people.office_name(Some(opinion.office_id));
    let mut ch = FlowChange::new(case, Some(actor), Utc::now());
    ch.op = FlowOp::AnswerOpinion { opinion_id: opinion.id, answer: answer.clone() };
    ch.history = history(
        "opinion_answer",
        format!("{}\n{answer}", lang.t_args("routing-history-opinion-answered", &[("office", name.clone())])),
    );
    ch.flow.push(FlowEvent {
        kind: FlowKind::OpinionAnswered,
        office_id: Some(opinion.office_id),
        from_office_id: None,
    });
    let who = followers_and(state, tenant, case, &opinion.asked_by.into_iter().collect::<Vec<_>>()).await;
    let msg = lang.t_args("routing-notify-answered", &[("registry", case.registry.to_string()), ("office", name)]);
    ch.notify =
        notifications(state, tenant, &people, &who, Some(actor), "opinion_answered", Some(case.id), &msg).await?;
    Ok(state.store.apply_flow(tenant.id, &ch).await?)
}

/// The office hands the case back to the URP with a proposed reply to validate.
pub async fn propose_reply(
    state: &AppState,
    tenant: &Tenant,
    actor: UserId,
    case: &CaseRecord,
    body: &str,
    lang: Lang,
) -> Result<CaseRecord, LoopError> {
    let body = text(body, 4000)?;
    if !case.status.is_open() {
        return Err(TransitionError::NotAllowed {
            from: case.status,
            event: urp_domain::case::CaseEventKind::SendReply,
        }
        .into());
    }
    let people = People::load(state, tenant).await?;
    let mut ch = FlowChange::new(case, Some(actor), Utc::now());
    ch.op = FlowOp::Propose { office: case.office_id, body: body.clone() };
    ch.history = history("reply_proposed", format!("{}\n{body}", lang.t("routing-history-proposed")));
    ch.flow.push(FlowEvent { kind: FlowKind::HandedBack, office_id: case.office_id, from_office_id: None });
    let who = followers_and(state, tenant, case, &people.managers()).await;
    let msg = lang.t_args("routing-notify-proposed", &[("registry", case.registry.to_string())]);
    ch.notify = notifications(state, tenant, &people, &who, Some(actor), "reply_proposed", Some(case.id), &msg).await?;
    Ok(state.store.apply_flow(tenant.id, &ch).await?)
}

/// The URP approves a proposed reply (it is sent to the citizen as written, or as edited) or
/// returns it to the office with a reason.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    state: &AppState,
    tenant: &Tenant,
    actor: UserId,
    case: &CaseRecord,
    proposal: &Proposal,
    approve: bool,
    edited: &str,
    lang: Lang,
) -> Result<CaseRecord, LoopError> {
    let people = People::load(state, tenant).await?;
    let mut ch = FlowChange::new(case, Some(actor), Utc::now());
    ch.op = FlowOp::Decide { proposal_id: proposal.id, approved: approve };
    if approve {
        let reply = if edited.trim().is_empty() { proposal.body.clone() } else { text(edited, 4000)? };
        let to = transition(case.kind, case.status, &CaseEvent::SendReply)?;
        ch.new_status = Some(to);
        ch.history = Some(HistoryEntry { kind: "reply".into(), body: Some(reply), public: true });
        ch.outbox = citizen_mail(state, tenant, case, "case_reply", lang).await?;
        ch.flow.push(FlowEvent { kind: FlowKind::ReplyValidated, office_id: proposal.office_id, from_office_id: None });
    } else {
        let reason = text(edited, 2000)?;
        ch.history = history("reply_returned", format!("{}\n{reason}", lang.t("routing-history-returned")));
        ch.flow.push(FlowEvent { kind: FlowKind::ReplyReturned, office_id: proposal.office_id, from_office_id: None });
    }
    let key = if approve { "routing-notify-approved" } else { "routing-notify-returned" };
    let msg = lang.t_args(key, &[("registry", case.registry.to_string())]);
    let who: Vec<UserId> = proposal.proposed_by.into_iter().collect();
    ch.notify = notifications(state, tenant, &people, &who, Some(actor), "reply_decided", Some(case.id), &msg).await?;
    Ok(state.store.apply_flow(tenant.id, &ch).await?)
}

/// An internal note; colleagues (`@nome.cognome`, the part of their e-mail before the `@`)
/// and offices (`@ufficio-tributi`) it mentions are notified, and so are the followers.
pub async fn note(
    state: &AppState,
    tenant: &Tenant,
    actor: UserId,
    case: &CaseRecord,
    body: &str,
    lang: Lang,
) -> Result<CaseRecord, LoopError> {
    let body = text(body, 4000)?;
    let people = People::load(state, tenant).await?;
    let mut mentioned: Vec<UserId> = Vec::new();
    for handle in mentions(&body) {
        if let Some(u) = people
            .users
            .iter()
            .find(|u| u.data.email.split('@').next().is_some_and(|local| local.eq_ignore_ascii_case(&handle)))
        {
            mentioned.push(u.id);
        } else if let Some(o) = people.offices.iter().find(|o| office_handle(&o.data.name) == handle) {
            mentioned.extend(people.referents(o.id));
        }
    }
    let mut ch = FlowChange::new(case, Some(actor), Utc::now());
    ch.history = Some(HistoryEntry { kind: "note".into(), body: Some(body), public: false });
    let author = people.user_name(Some(actor));
    let msg =
        lang.t_args("routing-notify-mention", &[("registry", case.registry.to_string()), ("who", author.clone())]);
    let mut notify =
        notifications(state, tenant, &people, &mentioned, Some(actor), "mention", Some(case.id), &msg).await?;
    let followers = followers_and(state, tenant, case, &[]).await;
    let others: Vec<UserId> = followers.into_iter().filter(|u| !mentioned.contains(u)).collect();
    let msg = lang.t_args("routing-notify-note", &[("registry", case.registry.to_string()), ("who", author)]);
    notify.extend(notifications(state, tenant, &people, &others, Some(actor), "note", Some(case.id), &msg).await?);
    ch.notify = notify;
    Ok(state.store.apply_flow(tenant.id, &ch).await?)
}

/// Merges `case` into `into`: it keeps its number, is closed as a duplicate, and its citizen
/// receives the replies of the main case. Refused into itself, into a case of another ente
/// (not found), into a closed case, or when it would chain merges.
pub async fn merge(
    state: &AppState,
    tenant: &Tenant,
    actor: UserId,
    case: &CaseRecord,
    into: CaseId,
    lang: Lang,
) -> Result<CaseRecord, LoopError> {
    if into == case.id {
        return Err(LoopError::Merge("merge-err-self"));
    }
    let main = match state.store.case(tenant.id, into).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => return Err(LoopError::Merge("merge-err-unknown")),
        Err(e) => return Err(e.into()),
    };
    if !case.status.is_open() {
        return Err(LoopError::Merge("merge-err-closed-source"));
    }
    if !main.status.is_open() {
        return Err(LoopError::Merge("merge-err-closed"));
    }
    if state.store.active_merge(tenant.id, main.id).await?.is_some()
        || !state.store.merged_into(tenant.id, case.id).await?.is_empty()
    {
        return Err(LoopError::Merge("merge-err-chain"));
    }
    let mut ch = FlowChange::new(case, Some(actor), Utc::now());
    ch.new_status = Some(CaseStatus::Chiusa);
    ch.closed = Some(true);
    ch.op = FlowOp::Merge { into, previous_status: case.status };
    // Public: the citizen learns that the request is followed under the main case.
    ch.history = Some(HistoryEntry {
        kind: "merged".into(),
        body: Some(lang.t_args("merge-history-merged", &[("registry", main.registry.to_string())])),
        public: true,
    });
    ch.flow.push(FlowEvent { kind: FlowKind::Merged, office_id: main.office_id, from_office_id: case.office_id });
    ch.outbox = citizen_mail(state, tenant, case, "case_status", lang).await?;
    match state.store.apply_flow(tenant.id, &ch).await {
        Ok(c) => Ok(c),
        Err(StoreError::Conflict(m)) if m == "merge refused" => Err(LoopError::Merge("merge-err-chain")),
        Err(e) => Err(e.into()),
    }
}

/// Undoes the merge of `case`: it goes back to the status it had, open again.
pub async fn unmerge(
    state: &AppState,
    tenant: &Tenant,
    actor: UserId,
    case: &CaseRecord,
    lang: Lang,
) -> Result<CaseRecord, LoopError> {
    let Some(m) = state.store.active_merge(tenant.id, case.id).await? else {
        return Err(LoopError::Merge("merge-err-not-merged"));
    };
    let main = state.store.case(tenant.id, m.into_case_id).await?;
    let mut ch = FlowChange::new(case, Some(actor), Utc::now());
    ch.new_status = Some(m.previous_status);
    ch.closed = Some(false);
    ch.op = FlowOp::Unmerge { merge_id: m.id };
    ch.history = Some(HistoryEntry {
        kind: "unmerged".into(),
        body: Some(lang.t_args("merge-history-unmerged", &[("registry", main.registry.to_string())])),
        public: true,
    });
    ch.flow.push(FlowEvent { kind: FlowKind::Unmerged, office_id: case.office_id, from_office_id: main.office_id });
    Ok(state.store.apply_flow(tenant.id, &ch).await?)
}

/// Routes a case just created when an automatic rule matches and nobody chose an office.
/// The case is already stored and acknowledged: a failure here is logged, never lost work.
pub async fn auto_route(state: &AppState, tenant: &Tenant, case: &CaseRecord, lang: Lang) {
    if case.office_id.is_some() {
        return;
    }
    let outcome = async {
        let stored = state.store.routing_rules(tenant.id).await?;
        // (stored rule, compiled rule): a stored pattern was checked when saved; one that no
        // longer parses is skipped rather than routing by a rule nobody can read.
        let compiled: Vec<(&urp_store::routing::StoredRule, rules::RoutingRule)> = stored
            .iter()
            .filter_map(|r| {
                Some((
                    r,
                    rules::RoutingRule {
                        kind: r.data.kind,
                        channel: r.data.channel,
                        service: r.data.service.clone(),
                        topic_id: r.data.topic_id,
                        keywords: rules::KeywordPattern::parse(&r.data.keywords).ok()?,
                        office: r.data.office_id?,
                    },
                ))
            })
            .collect();
        let facts = rules::CaseFacts {
            kind: case.kind,
            channel: case.channel,
            service: case.service.as_deref(),
            topic_id: case.topic_id,
            subject: &case.subject,
            description: &case.description,
        };
        let only: Vec<rules::RoutingRule> = compiled.iter().map(|(_, r)| r.clone()).collect();
        let Some(i) = rules::first_match(&only, &facts) else { return Ok::<_, LoopError>(()) };
        let office = only[i].office;
        let name = compiled[i].0.data.name.clone();
        let people = People::load(state, tenant).await?;
        let mut ch = FlowChange::new(case, None, Utc::now());
        ch.office = Some(Some(office));
        ch.history = history(
            "routed",
            lang.t_args("routing-history-auto", &[("office", people.office_name(Some(office))), ("rule", name)]),
        );
        ch.flow.push(FlowEvent { kind: FlowKind::Routed, office_id: Some(office), from_office_id: None });
        let msg = lang.t_args(
            "routing-notify-routed",
            &[("registry", case.registry.to_string()), ("office", people.office_name(Some(office)))],
        );
        ch.notify =
            notifications(state, tenant, &people, &people.referents(office), None, "routed", Some(case.id), &msg)
                .await?;
        state.store.apply_flow(tenant.id, &ch).await?;
        Ok(())
    }
    .await;
    if let Err(e) = outcome {
        tracing::warn!(case_id = case.id.0, error = %e, "automatic routing not applied");
    }
}
