//! "Who is waiting for whom": every open case by whose move it is (an office, the citizen, the
//! URP) and for how long, with the totals per party.

use crate::context::Ctx;
use crate::intake::local_date;
use crate::pages::{Page, render};
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use urp_domain::Action;
use urp_domain::case::CaseStatus;
use urp_domain::routing::{WaitFacts, WaitingOn, waiting_on};
use urp_store::CaseFilter;

pub struct Row {
    pub id: i64,
    pub registry: String,
    pub subject: String,
    pub party: String,
    pub days: i64,
}

pub struct Total {
    pub party: String,
    pub count: usize,
    pub oldest: i64,
}

#[derive(Template)]
#[template(path = "staff/waiting.html")]
struct WaitingPage {
    page: Page,
    totals: Vec<Total>,
    rows: Vec<Row>,
}

/// How many open cases the page looks at (the oldest due first).
const LIMIT: i64 = 500;

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::ViewFlow)?;
    let t = ctx.tenant.id;
    let now = chrono::Utc::now();
    let today = local_date(now);
    let offices = state.store.list_offices(t).await?;
    let name = |id| offices.iter().find(|o| o.id == id).map(|o| o.data.name.clone()).unwrap_or_default();
    let open: Vec<CaseStatus> = CaseStatus::ALL.into_iter().filter(|s| s.is_open()).collect();
    let cases = state.store.list_cases(t, &CaseFilter { statuses: open, ..Default::default() }, LIMIT, 0).await?;
    let opinions = state.store.open_opinions(t).await?;
    let proposals = state.store.pending_proposals(t).await?;
    let mut rows: Vec<Row> = Vec::new();
    for c in &cases {
        let asked: Vec<_> = opinions.iter().filter(|o| o.case_id == c.id).collect();
        let proposal = proposals.iter().find(|p| p.case_id == c.id);
        let facts = WaitFacts {
            status: c.status,
            office: c.office_id,
            open_opinions: asked.iter().map(|o| o.office_id).collect(),
            proposal_pending: proposal.is_some(),
        };
        let Some(w) = waiting_on(&facts) else { continue };
        // The wait starts when the other party got the ball: the proposal, the oldest open
        // request, or (for the office in charge, the citizen and the URP) the case's last change.
        let since = match &w {
            WaitingOn::Urp if proposal.is_some() => proposal.map(|p| p.proposed_at),
            WaitingOn::Offices(_) if !asked.is_empty() => asked.iter().map(|o| o.asked_at).min(),
            WaitingOn::Urp if c.office_id.is_none() => Some(c.received_at),
            _ => Some(c.updated_at),
        }
        .unwrap_or(c.received_at);
        let party = match &w {
            WaitingOn::Offices(list) => list.iter().map(|o| name(*o)).collect::<Vec<_>>().join(", "),
            other => ctx.t(&format!("waiting-party-{}", other.code())),
        };
        rows.push(Row {
            id: c.id.0,
            registry: c.registry.to_string(),
            subject: c.subject.clone(),
            party,
            days: (today - local_date(since)).num_days().max(0),
        });
    }
    rows.sort_by(|a, b| b.days.cmp(&a.days).then(a.id.cmp(&b.id)));
    let mut totals: Vec<Total> = Vec::new();
    for r in &rows {
        match totals.iter_mut().find(|t| t.party == r.party) {
            Some(t) => {
                t.count += 1;
                t.oldest = t.oldest.max(r.days);
            }
            None => totals.push(Total { party: r.party.clone(), count: 1, oldest: r.days }),
        }
    }
    totals.sort_by(|a, b| b.count.cmp(&a.count).then(a.party.cmp(&b.party)));
    render(&WaitingPage { page: Page::new(&ctx, "waiting-title").crumb(ctx.t("waiting-title"), ""), totals, rows })
}
