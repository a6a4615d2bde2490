//! The citizens' side of the knowledge base: the services by category and each published
//! sheet as the Designers Italia "Servizio" page (breadcrumb, sections with their
//! `data-element`, page index, `GovernmentService` JSON-LD) with the AgID rating component.

use crate::context::Ctx;
use crate::forms::FormData;
use crate::kb;
use crate::pages::{Page, render};
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use urp_domain::kb::{Section, SheetState, rating};
use urp_domain::service_category::SERVICE_CATEGORIES;
use urp_store::{NewRating, Office, Sheet};

pub struct Card {
    pub href: String,
    pub title: String,
    pub summary: String,
}

pub struct CategoryGroup {
    pub code: String,
    pub name: String,
    pub cards: Vec<Card>,
}

#[derive(Template)]
#[template(path = "portal/services.html")]
struct ServicesPage {
    page: Page,
    groups: Vec<CategoryGroup>,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    categoria: Option<String>,
}

fn card(s: &Sheet) -> Card {
    Card {
        href: kb::sheet_url(s.id, &s.content.title),
        title: s.content.title.clone(),
        summary: s.content.summary.clone(),
    }
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let sheets = state.store.published_sheets(ctx.tenant.id).await?;
    let chosen = q.categoria.as_deref().filter(|c| SERVICE_CATEGORIES.contains(c));
    let mut groups: Vec<CategoryGroup> = SERVICE_CATEGORIES
        .iter()
        .filter(|c| chosen.is_none_or(|x| x == **c))
        .map(|c| CategoryGroup {
            code: (*c).into(),
            name: ctx.t(&format!("service-category-{c}")),
            cards: sheets.iter().filter(|s| s.content.category.as_deref() == Some(*c)).map(card).collect(),
        })
        .filter(|g| !g.cards.is_empty())
        .collect();
    let other: Vec<Card> = sheets.iter().filter(|s| s.content.category.is_none()).map(card).collect();
    if chosen.is_none() && !other.is_empty() {
        groups.push(CategoryGroup { code: String::new(), name: ctx.t("kb-other-services"), cards: other });
    }
    let page = Page::new(&ctx, "kb-services").crumb(ctx.t("kb-services"), "/servizi");
    render(&ServicesPage { page, groups })
}

pub struct PortalSection {
    pub anchor: &'static str,
    pub title: &'static str,
    pub element: &'static str,
    pub html: String,
}

#[derive(Template)]
#[template(path = "portal/service.html")]
struct ServicePage {
    page: Page,
    sheet: Sheet,
    json_ld: String,
    summary: String,
    description_html: String,
    status_reason: String,
    sections: Vec<PortalSection>,
    deadlines_html: String,
    costs_html: String,
    access_html: String,
    conditions_html: String,
    contacts_html: String,
    office: Option<Office>,
    topics: Vec<(i64, String)>,
    related: Vec<Card>,
    rating: RatingBox,
}

/// The rating component's state: what the form shows, or the thanks after a submission.
pub struct RatingBox {
    pub action: String,
    pub thanks: bool,
    pub error: Option<String>,
    pub positive: [&'static str; 5],
    pub negative: [&'static str; 5],
    pub stars: [u8; 5],
}

impl RatingBox {
    fn new(url: &str, thanks: bool, error: Option<String>) -> RatingBox {
        RatingBox {
            action: format!("{url}/valutazione"),
            thanks,
            error,
            positive: rating::POSITIVE,
            negative: rating::NEGATIVE,
            stars: [1, 2, 3, 4, 5],
        }
    }
}

#[derive(Template)]
#[template(path = "portal/rating.html")]
struct RatingFragment {
    page: Page,
    rating: RatingBox,
}

/// A published sheet of this ente, from the path segment `{id}-{slug}`.
async fn published(state: &AppState, ctx: &Ctx, slug: &str) -> Result<Sheet, AppError> {
    let id = kb::id_from_slug(slug).ok_or(AppError::NotFound)?;
    let sheet = state.store.sheet(ctx.tenant.id, id).await?;
    if sheet.state != SheetState::Pubblicata {
        return Err(AppError::NotFound);
    }
    Ok(sheet)
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    valutazione: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, AppError> {
    let sheet = published(&state, &ctx, &slug).await?;
    let url = kb::sheet_url(sheet.id, &sheet.content.title);
    if format!("/servizi/{slug}") != url {
        return Ok(Redirect::permanent(&url).into_response());
    }
    if let Err(e) = state.store.count_sheet_view(ctx.tenant.id, sheet.id).await {
        tracing::warn!(error = %e, sheet = sheet.id, "view not counted");
    }
    let thanks = q.valutazione.as_deref() == Some("grazie");
    service_page(&state, &ctx, sheet, RatingBox::new(&url, thanks, None)).await
}

async fn service_page(state: &AppState, ctx: &Ctx, sheet: Sheet, rating: RatingBox) -> Result<Response, AppError> {
    let c = &sheet.content;
    let office = match c.office_id {
        Some(o) => state.store.office(ctx.tenant.id, o).await.ok(),
        None => None,
    };
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let mut related = Vec::new();
    for r in &c.related {
        if let Ok(s) = state.store.sheet(ctx.tenant.id, *r).await
            && s.state == SheetState::Pubblicata
        {
            related.push(card(&s));
        }
    }
    let category = c.category.clone().map(|code| {
        let name = ctx.t(&format!("service-category-{code}"));
        (code, name)
    });
    let mut page = Page::titled(ctx, c.title.clone()).crumb(ctx.t("kb-services"), "/servizi");
    if let Some((code, name)) = &category {
        page = page.crumb(name.clone(), &format!("/servizi?categoria={code}"));
    }
    page = page.crumb(c.title.clone(), "");
    let section = |s: Section, element: &'static str| PortalSection {
        anchor: s.field(),
        title: s.title(),
        element,
        html: kb::markdown(kb::import::section_text(c, s)),
    };
    let json_ld =
        kb::json_ld(&ctx.tenant, &sheet, office.as_ref(), &ctx.origin, category.as_ref().map(|x| x.1.as_str()));
    render(&ServicePage {
        page,
        json_ld,
        summary: c.summary.clone(),
        description_html: kb::markdown(&c.description),
        status_reason: c.status_reason.clone().unwrap_or_default(),
        sections: vec![
            section(Section::Audience, "service-addressed"),
            section(Section::HowTo, "service-how-to"),
            section(Section::Needed, "service-needed"),
            section(Section::Obtained, "service-achieved"),
        ],
        deadlines_html: kb::markdown(&c.deadlines),
        costs_html: kb::markdown(&c.costs),
        access_html: kb::markdown(&c.place),
        conditions_html: kb::markdown(&c.conditions),
        contacts_html: kb::markdown(&c.contacts),
        topics: c
            .topic_ids
            .iter()
            .filter_map(|id| topics.iter().find(|t| t.id == *id))
            .map(|t| (t.id, t.name.clone()))
            .collect(),
        office,
        related,
        rating,
        sheet,
    })
}

/// Stores one rating. Without JavaScript the page comes back with the thanks; with htmx only
/// the component is replaced.
pub async fn rate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let sheet = published(&state, &ctx, &slug).await?;
    let url = kb::sheet_url(sheet.id, &sheet.content.title);
    let f = FormData::parse(&body);
    let stars: u8 = f.get("stars").parse().unwrap_or(0);
    let field = if rating::is_positive(stars) { "answer_pos" } else { "answer_neg" };
    let answer_idx: Option<usize> = f.get(field).parse().ok();
    let details = f.get("details").trim().to_string();
    // Ratings share the per-client budget of public submissions, so a script cannot flood them.
    let refusal = match rating::validate(stars, answer_idx, &details) {
        Err(e) => Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            match e {
                rating::RatingError::Stars => "kb-rating-err-stars",
                rating::RatingError::Answer => "kb-rating-err-answer",
                rating::RatingError::TooLong => "kb-rating-err-long",
            },
        )),
        Ok(()) if !state.intake_allowed(&ctx.client_ip) => Some((StatusCode::TOO_MANY_REQUESTS, "error-429-text")),
        Ok(()) => None,
    };
    if let Some((status, key)) = refusal {
        let rb = RatingBox::new(&url, false, Some(ctx.t(key)));
        return if ctx.htmx {
            let r = render(&RatingFragment { page: Page::titled(&ctx, String::new()), rating: rb })?;
            Ok((status, r).into_response())
        } else {
            let r = service_page(&state, &ctx, sheet, rb).await?;
            Ok((status, r).into_response())
        };
    }
    let r = NewRating {
        stars,
        answer: answer_idx.map(|i| rating::answers(stars)[i].to_string()),
        details: Some(details).filter(|d| !d.is_empty()),
    };
    state.store.add_rating(ctx.tenant.id, sheet.id, &r, Utc::now()).await?;
    if ctx.htmx {
        render(&RatingFragment { page: Page::titled(&ctx, String::new()), rating: RatingBox::new(&url, true, None) })
    } else {
        Ok(Redirect::to(&format!("{url}?valutazione=grazie#feedback")).into_response())
    }
}
