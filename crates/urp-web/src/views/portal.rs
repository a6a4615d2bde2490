//! The citizen portal shell: home, offices, topics, a simple site search, and the pages every
//! Italian PA site must have (privacy, accessibility, legal notes).

use crate::context::Ctx;
use crate::pages::{Page, render};
use crate::views::Id;
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use urp_domain::OfficeId;
use urp_store::{Office, Topic};

#[derive(Template)]
#[template(path = "portal/home.html")]
struct Home {
    page: Page,
    offices: Vec<Office>,
    topics: Vec<Topic>,
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let mut offices = state.store.list_offices(ctx.tenant.id).await?;
    offices.truncate(6);
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let mut page = Page::titled(&ctx, ctx.t("nav-home"));
    page.title = ctx.tenant.data.name.clone();
    render(&Home { page, offices, topics })
}

#[derive(Template)]
#[template(path = "portal/offices.html")]
struct Offices {
    page: Page,
    offices: Vec<Office>,
}

pub async fn offices(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let offices = state.store.list_offices(ctx.tenant.id).await?;
    let page = Page::new(&ctx, "nav-offices").crumb(ctx.t("nav-offices"), "/uffici");
    render(&Offices { page, offices })
}

#[derive(Template)]
#[template(path = "portal/office.html")]
struct OfficePage {
    page: Page,
    office: Office,
}

pub async fn office(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    let office = state.store.office(ctx.tenant.id, OfficeId(id)).await?;
    let page = Page::titled(&ctx, office.data.name.clone())
        .crumb(ctx.t("nav-offices"), "/uffici")
        .crumb(office.data.name.clone(), "");
    render(&OfficePage { page, office })
}

#[derive(Template)]
#[template(path = "portal/topics.html")]
struct Topics {
    page: Page,
    topics: Vec<Topic>,
}

pub async fn topics(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let page = Page::new(&ctx, "nav-topics").crumb(ctx.t("nav-topics"), "/argomenti");
    render(&Topics { page, topics })
}

pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub links: Vec<(String, String)>,
    pub data_element: &'static str,
    pub body_element: &'static str,
}

#[derive(Template)]
#[template(path = "portal/text.html")]
struct TextPage {
    page: Page,
    sections: Vec<Section>,
}

fn section(ctx: &Ctx, heading: &str, paragraphs: &[&str]) -> Section {
    Section {
        heading: if heading.is_empty() { String::new() } else { ctx.t(heading) },
        paragraphs: paragraphs.iter().map(|k| ctx.t(k)).collect(),
        links: Vec::new(),
        data_element: "",
        body_element: "",
    }
}

fn text_page(ctx: &Ctx, title_key: &str, href: &str, sections: Vec<Section>) -> Result<Response, AppError> {
    let page = Page::new(ctx, title_key).crumb(ctx.t(title_key), href);
    render(&TextPage { page, sections })
}

pub async fn privacy(ctx: Ctx) -> Result<Response, AppError> {
    let name = ctx.tenant.data.name.clone();
    let mut controller = section(&ctx, "privacy-controller-h", &[]);
    controller.paragraphs.push(ctx.lang.t_args("privacy-controller", &[("name", name)]));
    text_page(
        &ctx,
        "page-privacy",
        "/privacy",
        vec![
            controller,
            section(&ctx, "privacy-data-h", &["privacy-data"]),
            section(&ctx, "privacy-cookies-h", &["privacy-cookies"]),
            section(&ctx, "privacy-rights-h", &["privacy-rights"]),
        ],
    )
}

pub async fn accessibility(ctx: Ctx) -> Result<Response, AppError> {
    let mut decl = section(&ctx, "a11y-declaration-h", &["a11y-declaration"]);
    decl.links.push((ctx.t("a11y-agid-link"), "https://form.agid.gov.it/".into()));
    text_page(
        &ctx,
        "page-accessibility",
        "/accessibilita",
        vec![section(&ctx, "", &["a11y-intro"]), decl, section(&ctx, "a11y-feedback-h", &["a11y-feedback"])],
    )
}

pub async fn legal_notes(ctx: Ctx) -> Result<Response, AppError> {
    let mut licence = section(&ctx, "legal-licence-h", &["legal-licence"]);
    licence.data_element = "legal-notes-section";
    licence.body_element = "legal-notes-body";
    text_page(&ctx, "page-legal", "/note-legali", vec![licence, section(&ctx, "legal-software-h", &["legal-software"])])
}

pub async fn credits(ctx: Ctx) -> Result<Response, AppError> {
    let mut s = section(&ctx, "credits-h", &["credits-intro"]);
    for (label, file) in [
        ("Bootstrap Italia (BSD-3-Clause)", "licenses/bootstrap-italia.txt"),
        ("htmx (0BSD)", "licenses/htmx.txt"),
        ("Titillium Web (SIL OFL 1.1)", "licenses/titillium-web.txt"),
        ("Lora (SIL OFL 1.1)", "licenses/lora.txt"),
        ("Roboto Mono (Apache 2.0)", "licenses/roboto-mono.txt"),
    ] {
        s.links.push((label.to_string(), crate::assets::url(file)));
    }
    text_page(&ctx, "page-credits", "/crediti", vec![s])
}

pub async fn logo(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let logo = state.store.tenant_logo(ctx.tenant.id).await?.ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, logo.content_type),
            (header::CACHE_CONTROL, "public, max-age=300".to_string()),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox".to_string()),
        ],
        logo.bytes,
    )
        .into_response())
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
