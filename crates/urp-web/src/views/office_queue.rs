//! The referent's queue: the open cases of their offices and the internal requests addressed
//! to them, each with its due date.

use crate::context::Ctx;
use crate::deadline_text;
use crate::intake::local_date;
use crate::pages::{Page, render};
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use urp_domain::case::CaseStatus;
use urp_domain::{Action, Role};
use urp_store::CaseFilter;

pub struct CaseRow {
    pub id: i64,
    pub registry: String,
    pub subject: String,
    pub office: String,
    pub status: String,
    pub due: String,
    pub overdue: bool,
    pub mine: bool,
}

pub struct AskedRow {
    pub case_id: i64,
    pub registry: String,
    pub office: String,
    pub question: String,
    pub due: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "staff/office_queue.html")]
struct OfficeQueue {
    page: Page,
    cases: Vec<CaseRow>,
    asked: Vec<AskedRow>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ViewCaseQueue)?;
    if !s.actor.has(Role::Referent) || s.actor.offices.is_empty() {
        return Err(AppError::Forbidden);
    }
    let t = ctx.tenant.id;
    let today = local_date(chrono::Utc::now());
    let offices = state.store.list_offices(t).await?;
    let name = |id| offices.iter().find(|o| o.id == id).map(|o| o.data.name.clone()).unwrap_or_default();
    let open: Vec<CaseStatus> = CaseStatus::ALL.into_iter().filter(|s| s.is_open()).collect();
    let mut cases = Vec::new();
    for office in &s.actor.offices {
        let f = CaseFilter { statuses: open.clone(), office_id: Some(*office), ..Default::default() };
        for c in state.store.list_cases(t, &f, 100, 0).await? {
            cases.push(CaseRow {
                id: c.id.0,
                registry: c.registry.to_string(),
                subject: c.subject.clone(),
                office: name(*office),
                status: ctx.t(&format!("status-{}", c.status.code())),
                overdue: c.due_date.is_some_and(|d| d < today),
                due: c.due_date.map(deadline_text::date).unwrap_or_else(|| "—".into()),
                mine: c.assignee_id == Some(s.user.id),
            });
        }
    }
    let mut asked = Vec::new();
    for o in state.store.opinions_for(t, &s.actor.offices, true).await? {
        let c = state.store.case(t, o.case_id).await?;
        asked.push(AskedRow {
            case_id: c.id.0,
            registry: c.registry.to_string(),
            office: name(o.office_id),
            question: o.question,
            overdue: o.due_date < today,
            due: deadline_text::date(o.due_date),
        });
    }
    render(&OfficeQueue {
        page: Page::new(&ctx, "office-queue-title").crumb(ctx.t("office-queue-title"), ""),
        cases,
        asked,
    })
}
