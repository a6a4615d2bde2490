//! Notices (avvisi, comunicati, notizie): written in the back office, published on the portal
//! under "Novità" between two instants, with an Atom feed. Publication is decided by the
//! clock when a page is read, so every app server shows the same thing without a scheduler.

use crate::context::Ctx;
use crate::forms::{Errors, FormData};
use crate::pages::{Page, render};
use crate::views::staff_cases::Opt;
use crate::views::{Id, Notice as OkNotice};
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Rome;
use urp_domain::Action;
use urp_domain::validate;
use urp_store::{Notice, NoticeData, NoticeImage};

pub const IMAGE_MAX_BYTES: usize = 2 * 1024 * 1024;

fn local(d: DateTime<Utc>) -> String {
    d.with_timezone(&Rome).format("%d/%m/%Y %H:%M").to_string()
}

fn input_value(d: DateTime<Utc>) -> String {
    d.with_timezone(&Rome).format("%Y-%m-%dT%H:%M").to_string()
}

/// A `datetime-local` value, read as Italian time.
fn parse_local(v: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(v.trim(), "%Y-%m-%dT%H:%M").ok()?;
    Rome.from_local_datetime(&naive).earliest().map(|d| d.with_timezone(&Utc))
}

#[derive(Default)]
pub struct NoticeForm {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub topic_id: String,
    pub publish_from: String,
    pub publish_until: String,
    pub image_alt: String,
    pub services: Vec<String>,
}

impl NoticeForm {
    fn from_notice(n: &Notice) -> NoticeForm {
        NoticeForm {
            title: n.data.title.clone(),
            summary: n.data.summary.clone(),
            body: n.data.body.clone(),
            topic_id: n.data.topic_id.map(|t| t.to_string()).unwrap_or_default(),
            publish_from: input_value(n.data.publish_from),
            publish_until: n.data.publish_until.map(input_value).unwrap_or_default(),
            image_alt: n.data.image_alt.clone().unwrap_or_default(),
            services: n.service_ids.iter().map(i64::to_string).collect(),
        }
    }

    fn from_data(f: &FormData) -> NoticeForm {
        NoticeForm {
            title: f.get("title").into(),
            summary: f.get("summary").into(),
            body: f.get("body").into(),
            topic_id: f.get("topic_id").into(),
            publish_from: f.get("publish_from").trim().into(),
            publish_until: f.get("publish_until").trim().into(),
            image_alt: f.get("image_alt").into(),
            services: f.all("services").into_iter().map(str::to_string).collect(),
        }
    }
}

pub struct Check {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "admin/notice.html")]
struct EditPage {
    page: Page,
    errors: Errors,
    form: NoticeForm,
    id: Option<i64>,
    has_image: bool,
    topics: Vec<Opt>,
    services: Vec<Check>,
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    id: Option<i64>,
    has_image: bool,
    form: NoticeForm,
    errors: Errors,
    notice: Option<&str>,
) -> Result<Response, AppError> {
    let topics = state
        .store
        .list_topics(ctx.tenant.id)
        .await?
        .into_iter()
        .map(|t| Opt { selected: form.topic_id == t.id.to_string(), value: t.id.to_string(), label: t.name })
        .collect();
    let services = state
        .store
        .list_services(ctx.tenant.id, false)
        .await?
        .into_iter()
        .map(|s| Check {
            checked: form.services.iter().any(|x| *x == s.id.to_string()),
            value: s.id.to_string(),
            label: s.data.name,
        })
        .collect();
    let title = if id.is_some() { form.title.clone() } else { ctx.t("notice-new") };
    let invalid = errors.any();
    let page = Page::titled(ctx, title.clone())
        .crumb(ctx.t("notice-staff-title"), "/staff/catalogo/avvisi")
        .crumb(title, "")
        .with_notice_from(notice);
    let r = render(&EditPage { page, errors, form, id, has_image, topics, services })?;
    Ok(if invalid { (StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

async fn read_multipart(mp: Multipart) -> Result<(FormData, Option<Vec<u8>>), AppError> {
    let (data, file) = crate::views::forms_library::read_multipart(mp, "image").await?;
    Ok((data, file.map(|(_, bytes)| bytes)))
}

/// Checks the form; `previous` is the notice being edited.
async fn check(
    state: &AppState,
    ctx: &Ctx,
    form: &NoticeForm,
    image: Option<Vec<u8>>,
    previous: Option<&Notice>,
    errors: &mut Errors,
) -> Result<Option<(NoticeData, Option<NoticeImage>, Vec<i64>)>, AppError> {
    let now = Utc::now();
    let title = errors.check("title", validate::required_text(&form.title, 200));
    let summary = errors.check("summary", validate::required_text(&form.summary, 500));
    let body = errors.check("body", validate::required_text(&form.body, 10_000));
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let topic_id = match form.topic_id.trim() {
        "" => Some(None),
        v => match v.parse::<i64>().ok().filter(|id| topics.iter().any(|t| t.id == *id)) {
            Some(id) => Some(Some(id)),
            None => {
                errors.add_key("topic_id", "err-unknown-topic");
                None
            }
        },
    };
    // An empty start means "now"; a start kept from before stays as it was.
    let from = if form.publish_from.is_empty() {
        Some(now)
    } else {
        match parse_local(&form.publish_from) {
            Some(d) => Some(d),
            None => {
                errors.add_key("publish_from", "err-date");
                None
            }
        }
    };
    let until = if form.publish_until.is_empty() {
        Some(None)
    } else {
        match parse_local(&form.publish_until) {
            Some(d) => Some(Some(d)),
            None => {
                errors.add_key("publish_until", "err-date");
                None
            }
        }
    };
    if let (Some(from), Some(until)) = (from, until) {
        // Minute precision: the form shows minutes, so "now" is the current minute.
        let minute = now - chrono::Duration::seconds(60);
        let previous_from =
            previous.map(|p| p.data.publish_from).and_then(|p| (input_value(p) == form.publish_from).then_some(from));
        if let Err(list) = urp_domain::catalogue::check_publication(from, until, minute, previous_from) {
            for (field, key) in list {
                errors.add_key(field, key);
            }
        }
    }
    let image = match image {
        None => None,
        Some(bytes) if bytes.len() > IMAGE_MAX_BYTES => {
            errors.add_key("image", "notice-err-image-size");
            None
        }
        Some(bytes) => match crate::intake::sniff(&bytes).filter(|t| t.starts_with("image/")) {
            Some(t) => Some(NoticeImage { content_type: t.into(), bytes }),
            None => {
                errors.add_key("image", "notice-err-image-type");
                None
            }
        },
    };
    let has_image = image.is_some() || previous.is_some_and(|p| p.has_image);
    let image_alt = errors.check("image_alt", validate::optional_text(&form.image_alt, 300));
    if has_image && image_alt.as_ref().is_some_and(Option::is_none) {
        errors.add_key("image_alt", "notice-err-alt");
    }
    let services: Vec<i64> = form.services.iter().filter_map(|s| s.parse().ok()).collect();
    if errors.any() {
        return Ok(None);
    }
    let (Some(title), Some(summary), Some(body), Some(topic_id), Some(from), Some(until), Some(image_alt)) =
        (title, summary, body, topic_id, from, until, image_alt)
    else {
        return Ok(None);
    };
    Ok(Some((
        NoticeData { title, summary, body, topic_id, publish_from: from, publish_until: until, image_alt },
        image,
        services,
    )))
}

pub struct StaffRow {
    pub id: i64,
    pub title: String,
    pub from: String,
    pub until: String,
    pub state: String,
}

#[derive(Template)]
#[template(path = "admin/notices.html")]
struct StaffList {
    page: Page,
    rows: Vec<StaffRow>,
}

pub async fn staff_list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(n): Query<OkNotice>,
) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageCatalogue)?;
    let now = Utc::now();
    let rows = state
        .store
        .list_notices(ctx.tenant.id, None, 500)
        .await?
        .into_iter()
        .map(|x| StaffRow {
            id: x.id,
            from: local(x.data.publish_from),
            until: x.data.publish_until.map(local).unwrap_or_default(),
            state: ctx.t(if x.is_published(now) {
                "notice-state-online"
            } else if x.data.publish_from > now {
                "notice-state-scheduled"
            } else {
                "notice-state-expired"
            }),
            title: x.data.title,
        })
        .collect();
    let page = Page::new(&ctx, "notice-staff-title")
        .crumb(ctx.t("notice-staff-title"), "/staff/catalogo/avvisi")
        .with_notice_from(n.ok.as_deref());
    render(&StaffList { page, rows })
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageCatalogue)?;
    edit_page(&state, &ctx, None, false, NoticeForm::default(), Errors::new(ctx.lang), None).await
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageCatalogue)?;
    let (data, image) = read_multipart(mp).await?;
    let form = NoticeForm::from_data(&data);
    let mut errors = Errors::new(ctx.lang);
    if let Some((d, image, services)) = check(&state, &ctx, &form, image, None, &mut errors).await? {
        let now = Utc::now();
        let n = state.store.create_notice(ctx.tenant.id, &d, image.as_ref(), &services, Some(s.user.id), now).await?;
        state.store.audit(ctx.tenant.id, Some(s.user.id), "notice.create", &n.data.title, now).await?;
        return Ok(Redirect::to(&format!("/staff/catalogo/avvisi/{}?ok=saved", n.id)).into_response());
    }
    edit_page(&state, &ctx, None, false, form, errors, None).await
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(id): Id,
    Query(n): Query<OkNotice>,
) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageCatalogue)?;
    let x = state.store.notice(ctx.tenant.id, id).await?;
    edit_page(&state, &ctx, Some(id), x.has_image, NoticeForm::from_notice(&x), Errors::new(ctx.lang), n.ok.as_deref())
        .await
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Id(id): Id, mp: Multipart) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageCatalogue)?;
    let previous = state.store.notice(ctx.tenant.id, id).await?;
    let (data, image) = read_multipart(mp).await?;
    let form = NoticeForm::from_data(&data);
    let mut errors = Errors::new(ctx.lang);
    if let Some((d, image, services)) = check(&state, &ctx, &form, image, Some(&previous), &mut errors).await? {
        let now = Utc::now();
        state.store.update_notice(ctx.tenant.id, id, &d, image.as_ref(), &services, now).await?;
        state.store.audit(ctx.tenant.id, Some(s.user.id), "notice.save", &d.title, now).await?;
        return Ok(Redirect::to(&format!("/staff/catalogo/avvisi/{id}?ok=saved")).into_response());
    }
    edit_page(&state, &ctx, Some(id), previous.has_image, form, errors, None).await
}

// --- the public side ----------------------------------------------------------------------------

pub struct PublicRow {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "portal/notices.html")]
struct PublicList {
    page: Page,
    rows: Vec<PublicRow>,
}

pub async fn public_list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let rows = state
        .store
        .list_notices(ctx.tenant.id, Some(Utc::now()), 100)
        .await?
        .into_iter()
        .map(|n| PublicRow {
            id: n.id,
            date: n.data.publish_from.with_timezone(&Rome).format("%d/%m/%Y").to_string(),
            title: n.data.title,
            summary: n.data.summary,
        })
        .collect();
    let page = Page::new(&ctx, "notice-public-title").crumb(ctx.t("notice-public-title"), "/novita");
    render(&PublicList { page, rows })
}

#[derive(Template)]
#[template(path = "portal/notice.html")]
struct PublicPage {
    page: Page,
    notice: Notice,
    date: String,
    topic: Option<String>,
    services: Vec<(String, String)>,
}

async fn published(state: &AppState, ctx: &Ctx, id: i64) -> Result<Notice, AppError> {
    let n = state.store.notice(ctx.tenant.id, id).await?;
    if n.is_published(Utc::now()) { Ok(n) } else { Err(AppError::NotFound) }
}

pub async fn public_show(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    let n = published(&state, &ctx, id).await?;
    let topic = match n.data.topic_id {
        Some(t) => state.store.list_topics(ctx.tenant.id).await?.into_iter().find(|x| x.id == t).map(|x| x.name),
        None => None,
    };
    let services = state
        .store
        .list_services(ctx.tenant.id, true)
        .await?
        .into_iter()
        .filter(|s| n.service_ids.contains(&s.id))
        .map(|s| (s.data.code, s.data.name))
        .collect();
    let page = Page::titled(&ctx, n.data.title.clone())
        .crumb(ctx.t("notice-public-title"), "/novita")
        .crumb(n.data.title.clone(), "");
    render(&PublicPage { page, date: local(n.data.publish_from), topic, services, notice: n })
}

pub async fn image(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    published(&state, &ctx, id).await?;
    let img = state.store.notice_image(ctx.tenant.id, id).await?.ok_or(AppError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, img.content_type), (header::CACHE_CONTROL, "public, max-age=300".into())], img.bytes)
        .into_response())
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The Atom feed (RFC 4287) of the notices published now.
pub async fn feed(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let notices = state.store.list_notices(ctx.tenant.id, Some(Utc::now()), 50).await?;
    let updated = notices.iter().map(|n| n.data.publish_from.max(n.updated_at)).max().unwrap_or(ctx.tenant.updated_at);
    let base = &ctx.origin;
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "<title>{} — {}</title>\n<id>{base}/novita</id>\n<link rel=\"self\" href=\"{base}/novita.atom\"/>\n<link href=\"{base}/novita\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
        xml(&ctx.tenant.data.name),
        xml(&ctx.t("notice-public-title")),
        updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        xml(&ctx.tenant.data.name),
    ));
    for n in notices {
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{base}/novita/{}</id>\n<link href=\"{base}/novita/{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<summary>{}</summary>\n</entry>\n",
            xml(&n.data.title),
            n.id,
            n.id,
            n.data.publish_from.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            n.data.publish_from.max(n.updated_at).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            xml(&n.data.summary),
        ));
    }
    out.push_str("</feed>\n");
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], out).into_response())
}
