//! The public "Servizi" pages: published services by category, and each service's page
//! (who handles it, within which term, through which channels, with which forms).

use crate::context::Ctx;
use crate::pages::{Page, render};
use crate::views::admin_services::term_text;
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use urp_domain::service_category::SERVICE_CATEGORIES;
use urp_store::{FormFilter, Service};

pub struct Card {
    pub code: String,
    pub name: String,
    pub description: String,
}

#[derive(Template)]
#[template(path = "portal/services.html")]
struct ListPage {
    page: Page,
    groups: Vec<(String, String, Vec<Card>)>,
}

/// The first sentence-ish of a description, for a card.
fn excerpt(s: &str) -> String {
    let first = s.lines().next().unwrap_or_default();
    if first.chars().count() > 220 {
        format!("{}…", first.chars().take(220).collect::<String>())
    } else {
        first.into()
    }
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let services = state.store.list_services(ctx.tenant.id, true).await?;
    let groups = SERVICE_CATEGORIES
        .iter()
        .filter_map(|c| {
            let cards: Vec<Card> = services
                .iter()
                .filter(|s| s.data.category == *c)
                .map(|s| Card {
                    code: s.data.code.clone(),
                    name: s.data.name.clone(),
                    description: excerpt(&s.data.description),
                })
                .collect();
            (!cards.is_empty()).then(|| (c.to_string(), ctx.t(&format!("service-category-{c}")), cards))
        })
        .collect();
    let page = Page::new(&ctx, "cat-public-title").crumb(ctx.t("cat-public-title"), "/servizi");
    render(&ListPage { page, groups })
}

pub struct FormLink {
    pub id: i64,
    pub title: String,
    pub file: String,
}

#[derive(Template)]
#[template(path = "portal/service.html")]
struct ServicePage {
    page: Page,
    service: Service,
    category: String,
    office: Option<(i64, String)>,
    term: String,
    channels: Vec<String>,
    sheet: Option<String>,
    forms: Vec<FormLink>,
    can_apply: bool,
}

/// A published service by code; drafts do not exist for the public.
pub async fn published(state: &AppState, ctx: &Ctx, code: &str) -> Result<Service, AppError> {
    state.store.service_by_code(ctx.tenant.id, code).await?.filter(|s| s.data.published).ok_or(AppError::NotFound)
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> Result<Response, AppError> {
    let s = published(&state, &ctx, &code).await?;
    let office = match s.data.office_id {
        Some(o) => Some((o.0, state.store.office(ctx.tenant.id, o).await?.data.name)),
        None => None,
    };
    let forms = state
        .store
        .list_forms(ctx.tenant.id, &FormFilter { published_only: true, service_id: Some(s.id), ..Default::default() })
        .await?
        .into_iter()
        .map(|f| FormLink {
            id: f.id,
            file: f.current.map(|v| crate::views::forms_library::file_label(&ctx, &v)).unwrap_or_default(),
            title: f.data.title,
        })
        .collect();
    let channels = s.data.channels.iter().map(|c| ctx.t(&format!("cat-channel-{c}"))).collect();
    // Only links inside the site or to the web are shown as links.
    let sheet = s.data.sheet_ref.clone().filter(|r| r.starts_with('/') || r.starts_with("https://"));
    let page = Page::titled(&ctx, s.data.name.clone())
        .crumb(ctx.t("cat-public-title"), "/servizi")
        .crumb(s.data.name.clone(), "");
    render(&ServicePage {
        page,
        category: ctx.t(&format!("service-category-{}", s.data.category)),
        term: term_text(&ctx, s.data.term),
        can_apply: s.data.channels.iter().any(|c| c == "online"),
        service: s,
        office,
        channels,
        sheet,
        forms,
    })
}
