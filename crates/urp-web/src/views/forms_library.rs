//! The forms library (modulistica): documents with versions kept forever, each with its size,
//! content type detected from the bytes and SHA-256; a public list with search and filters,
//! downloads counted per version and day; "da rivedere" with a review-by date.

use crate::context::Ctx;
use crate::forms::{Errors, FormData};
use crate::pages::{Page, render};
use crate::views::staff_cases::Opt;
use crate::views::{Id, Notice};
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use urp_domain::Action;
use urp_domain::validate;
use urp_store::{FormDoc, FormDocData, FormFilter, FormVersionMeta, NewFormVersion};

use crate::library::FORM_MAX_BYTES;

/// A short label for a file: "PDF, 120 kB".
pub fn file_label(ctx: &Ctx, v: &FormVersionMeta) -> String {
    format!("{}, {}", kind_label(ctx, &v.content_type), size_text(v.size))
}

fn kind_label(ctx: &Ctx, content_type: &str) -> String {
    let key = match content_type {
        "application/pdf" => "pdf",
        "application/vnd.oasis.opendocument.text" => "odt",
        "application/vnd.oasis.opendocument.spreadsheet" => "ods",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        _ => "other",
    };
    ctx.t(&format!("forms-type-{key}"))
}

pub fn size_text(size: i64) -> String {
    if size >= 1024 * 1024 {
        format!("{:.1} MB", size as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} kB", (size + 1023) / 1024)
    }
}

fn day_text(d: chrono::DateTime<Utc>) -> String {
    d.with_timezone(&chrono_tz::Europe::Rome).format("%d/%m/%Y").to_string()
}

fn today() -> NaiveDate {
    crate::intake::local_date(Utc::now())
}

/// Whether the public sees the form today: published and within its validity dates.
fn in_force(f: &FormDoc, today: NaiveDate) -> bool {
    f.data.published && f.data.valid_from.is_none_or(|d| d <= today) && f.data.valid_until.is_none_or(|d| d >= today)
}

// --- the editor's side ------------------------------------------------------------------------

#[derive(Default, Clone)]
pub struct DocForm {
    pub title: String,
    pub description: String,
    pub office_id: String,
    pub topic_id: String,
    pub services: Vec<String>,
    pub sheet_refs: String,
    pub valid_from: String,
    pub valid_until: String,
    pub review_by: String,
    pub needs_review: bool,
    pub published: bool,
    pub note: String,
}

impl DocForm {
    fn from_doc(f: &FormDoc) -> DocForm {
        let d = &f.data;
        let date = |x: Option<NaiveDate>| x.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        DocForm {
            title: d.title.clone(),
            description: d.description.clone(),
            office_id: d.office_id.map(|o| o.0.to_string()).unwrap_or_default(),
            topic_id: d.topic_id.map(|t| t.to_string()).unwrap_or_default(),
            services: f.service_ids.iter().map(i64::to_string).collect(),
            sheet_refs: d.sheet_refs.clone().unwrap_or_default(),
            valid_from: date(d.valid_from),
            valid_until: date(d.valid_until),
            review_by: date(d.review_by),
            needs_review: d.needs_review,
            published: d.published,
            note: String::new(),
        }
    }

    fn from_data(f: &FormData) -> DocForm {
        DocForm {
            title: f.get("title").into(),
            description: f.get("description").into(),
            office_id: f.get("office_id").into(),
            topic_id: f.get("topic_id").into(),
            services: f.all("services").into_iter().map(str::to_string).collect(),
            sheet_refs: f.get("sheet_refs").into(),
            valid_from: f.get("valid_from").trim().into(),
            valid_until: f.get("valid_until").trim().into(),
            review_by: f.get("review_by").trim().into(),
            needs_review: f.checked("needs_review"),
            published: f.checked("published"),
            note: f.get("note").into(),
        }
    }
}

/// Text fields and the one file (`file_field`) of a multipart form; an empty file is none.
pub(crate) async fn read_multipart(
    mut mp: Multipart,
    file_field: &str,
) -> Result<(FormData, Option<(String, Vec<u8>)>), AppError> {
    let mut fields = Vec::new();
    let mut file = None;
    while let Some(field) = mp.next_field().await.map_err(|_| AppError::BadRequest)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(|_| AppError::BadRequest)?;
            if !bytes.is_empty() {
                file = Some((file_name, bytes.to_vec()));
            }
        } else {
            fields.push((name, field.text().await.map_err(|_| AppError::BadRequest)?));
        }
    }
    Ok((FormData(fields), file))
}

fn optional_date(errors: &mut Errors, field: &'static str, v: &str) -> Option<Option<NaiveDate>> {
    if v.is_empty() {
        return Some(None);
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(Some(d)),
        Err(_) => {
            errors.add_key(field, "err-date");
            None
        }
    }
}

/// Checks a file: present, within the limit, of an accepted type by its content.
fn check_file(errors: &mut Errors, file: Option<(String, Vec<u8>)>, note: &str) -> Option<NewFormVersion> {
    let Some((name, bytes)) = file else {
        errors.add_key("file", "forms-err-file-missing");
        return None;
    };
    if bytes.len() > FORM_MAX_BYTES {
        errors.add_key("file", "forms-err-file-too-large");
        return None;
    }
    let note = errors.check("note", validate::optional_text(note, 300))?;
    match crate::library::form_version(&name, bytes, note) {
        Some(v) => Some(v),
        None => {
            errors.add_key("file", "forms-err-file-type");
            None
        }
    }
}

struct Refs {
    offices: Vec<urp_store::Office>,
    topics: Vec<urp_store::Topic>,
    services: Vec<urp_store::Service>,
}

async fn refs(state: &AppState, ctx: &Ctx) -> Result<Refs, AppError> {
    Ok(Refs {
        offices: state.store.list_offices(ctx.tenant.id).await?,
        topics: state.store.list_topics(ctx.tenant.id).await?,
        services: state.store.list_services(ctx.tenant.id, false).await?,
    })
}

fn check_data(errors: &mut Errors, form: &DocForm, refs: &Refs) -> Option<(FormDocData, Vec<i64>)> {
    let title = errors.check("title", validate::required_text(&form.title, 200));
    let description = errors.check("description", validate::optional_text(&form.description, 2000));
    let office_id = match form.office_id.trim() {
        "" => Some(None),
        v => match v.parse::<i64>().ok().and_then(|id| refs.offices.iter().find(|o| o.id.0 == id)) {
            Some(o) => Some(Some(o.id)),
            None => {
                errors.add_key("office_id", "err-unknown-office");
                None
            }
        },
    };
    let topic_id = match form.topic_id.trim() {
        "" => Some(None),
        v => match v.parse::<i64>().ok().filter(|id| refs.topics.iter().any(|t| t.id == *id)) {
            Some(id) => Some(Some(id)),
            None => {
                errors.add_key("topic_id", "err-unknown-topic");
                None
            }
        },
    };
    let services: Vec<i64> = form
        .services
        .iter()
        .filter_map(|s| s.parse::<i64>().ok())
        .filter(|id| refs.services.iter().any(|s| s.id == *id))
        .collect();
    let sheet_refs = errors.check("sheet_refs", validate::optional_text(&form.sheet_refs, 2000));
    let valid_from = optional_date(errors, "valid_from", &form.valid_from);
    let valid_until = optional_date(errors, "valid_until", &form.valid_until);
    if let (Some(Some(a)), Some(Some(b))) = (valid_from, valid_until)
        && b < a
    {
        errors.add_key("valid_until", "forms-err-dates");
    }
    let review_by = optional_date(errors, "review_by", &form.review_by);
    if errors.any() {
        return None;
    }
    Some((
        FormDocData {
            title: title?,
            description: description?.unwrap_or_default(),
            office_id: office_id?,
            topic_id: topic_id?,
            sheet_refs: sheet_refs?,
            valid_from: valid_from?,
            valid_until: valid_until?,
            review_by: review_by?,
            needs_review: form.needs_review,
            published: form.published,
        },
        services,
    ))
}

pub struct Check {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub struct VersionRow {
    pub id: i64,
    pub version: i64,
    pub file_name: String,
    pub file: String,
    pub sha256: String,
    pub when: String,
    pub note: String,
    pub downloads: i64,
}

fn version_rows(ctx: &Ctx, versions: &[FormVersionMeta]) -> Vec<VersionRow> {
    versions
        .iter()
        .map(|v| VersionRow {
            id: v.id,
            version: v.version,
            file_name: v.file_name.clone(),
            file: file_label(ctx, v),
            sha256: v.sha256.clone(),
            when: day_text(v.created_at),
            note: v.note.clone().unwrap_or_default(),
            downloads: v.downloads,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "admin/form_doc.html")]
struct EditPage {
    page: Page,
    errors: Errors,
    form: DocForm,
    id: Option<i64>,
    offices: Vec<Opt>,
    topics: Vec<Opt>,
    services: Vec<Check>,
    versions: Vec<VersionRow>,
}

/// Which form the editor shows: a new one, or an existing one with its versions.
struct Head<'a> {
    id: Option<i64>,
    title: String,
    versions: Vec<VersionRow>,
    notice: Option<&'a str>,
}

fn edit_page(ctx: &Ctx, refs: &Refs, head: Head<'_>, form: DocForm, errors: Errors) -> Result<Response, AppError> {
    let Head { id, title, versions, notice } = head;
    let offices = refs
        .offices
        .iter()
        .map(|o| Opt {
            value: o.id.0.to_string(),
            label: o.data.name.clone(),
            selected: form.office_id == o.id.0.to_string(),
        })
        .collect();
    let topics = refs
        .topics
        .iter()
        .map(|t| Opt { value: t.id.to_string(), label: t.name.clone(), selected: form.topic_id == t.id.to_string() })
        .collect();
    let services = refs
        .services
        .iter()
        .map(|s| Check {
            value: s.id.to_string(),
            label: s.data.name.clone(),
            checked: form.services.iter().any(|x| *x == s.id.to_string()),
        })
        .collect();
    let invalid = errors.any();
    let page = Page::titled(ctx, title.clone())
        .crumb(ctx.t("cat-forms"), "/staff/catalogo/moduli")
        .crumb(title, "")
        .with_notice_from(notice);
    let r = render(&EditPage { page, errors, form, id, offices, topics, services, versions })?;
    Ok(if invalid { (StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

pub struct StaffRow {
    pub id: i64,
    pub title: String,
    pub published: bool,
    pub review: bool,
    pub review_by: String,
    pub version: i64,
    pub updated: String,
    pub downloads: i64,
}

#[derive(Template)]
#[template(path = "admin/form_docs.html")]
struct StaffListPage {
    page: Page,
    rows: Vec<StaffRow>,
}

pub async fn staff_list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(n): Query<Notice>,
) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageCatalogue)?;
    let today = today();
    let rows = state
        .store
        .list_forms(ctx.tenant.id, &FormFilter::default())
        .await?
        .into_iter()
        .map(|f| StaffRow {
            id: f.id,
            review: f.due_for_review(today),
            review_by: f.data.review_by.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
            published: f.data.published,
            version: f.current.as_ref().map_or(0, |v| v.version),
            updated: f.current.as_ref().map(|v| day_text(v.created_at)).unwrap_or_default(),
            downloads: f.current.as_ref().map_or(0, |v| v.downloads),
            title: f.data.title,
        })
        .collect();
    let page = Page::new(&ctx, "cat-forms")
        .crumb(ctx.t("cat-forms"), "/staff/catalogo/moduli")
        .with_notice_from(n.ok.as_deref());
    render(&StaffListPage { page, rows })
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageCatalogue)?;
    let refs = refs(&state, &ctx).await?;
    edit_page(&ctx, &refs, new_head(&ctx), DocForm::default(), Errors::new(ctx.lang))
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageCatalogue)?;
    let (data, file) = read_multipart(mp, "file").await?;
    let form = DocForm::from_data(&data);
    let refs = refs(&state, &ctx).await?;
    let mut errors = Errors::new(ctx.lang);
    let checked = check_data(&mut errors, &form, &refs);
    let version = check_file(&mut errors, file, &form.note);
    if let (Some((d, services)), Some(v)) = (checked, version) {
        let now = Utc::now();
        let f = state.store.create_form(ctx.tenant.id, &d, &services, &v, Some(s.user.id), now).await?;
        state.store.audit(ctx.tenant.id, Some(s.user.id), "form.create", &f.data.title, now).await?;
        return Ok(Redirect::to(&format!("/staff/catalogo/moduli/{}?ok=saved", f.id)).into_response());
    }
    edit_page(&ctx, &refs, new_head(&ctx), form, errors)
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(id): Id,
    Query(n): Query<Notice>,
) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageCatalogue)?;
    let f = state.store.form(ctx.tenant.id, id).await?;
    let refs = refs(&state, &ctx).await?;
    let versions = version_rows(&ctx, &state.store.form_versions(ctx.tenant.id, id).await?);
    let head = Head { id: Some(id), title: f.data.title.clone(), versions, notice: n.ok.as_deref() };
    edit_page(&ctx, &refs, head, DocForm::from_doc(&f), Errors::new(ctx.lang))
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Id(id): Id, mp: Multipart) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageCatalogue)?;
    let current = state.store.form(ctx.tenant.id, id).await?;
    let (data, file) = read_multipart(mp, "file").await?;
    let refs = refs(&state, &ctx).await?;
    let mut errors = Errors::new(ctx.lang);
    let now = Utc::now();
    if data.get("step") == "version" {
        // A new version: only the file and its note; the details stay as they are.
        let mut form = DocForm::from_doc(&current);
        form.note = data.get("note").into();
        if let Some(v) = check_file(&mut errors, file, &form.note) {
            state.store.add_form_version(ctx.tenant.id, id, &v, Some(s.user.id), now).await?;
            state.store.audit(ctx.tenant.id, Some(s.user.id), "form.version", &current.data.title, now).await?;
            return Ok(Redirect::to(&format!("/staff/catalogo/moduli/{id}?ok=saved")).into_response());
        }
        let versions = version_rows(&ctx, &state.store.form_versions(ctx.tenant.id, id).await?);
        let head = Head { id: Some(id), title: current.data.title, versions, notice: None };
        return edit_page(&ctx, &refs, head, form, errors);
    }
    let form = DocForm::from_data(&data);
    if let Some((d, services)) = check_data(&mut errors, &form, &refs) {
        state.store.update_form(ctx.tenant.id, id, &d, &services, now).await?;
        state.store.audit(ctx.tenant.id, Some(s.user.id), "form.save", &d.title, now).await?;
        return Ok(Redirect::to(&format!("/staff/catalogo/moduli/{id}?ok=saved")).into_response());
    }
    let versions = version_rows(&ctx, &state.store.form_versions(ctx.tenant.id, id).await?);
    let head = Head { id: Some(id), title: current.data.title, versions, notice: None };
    edit_page(&ctx, &refs, head, form, errors)
}

fn new_head(ctx: &Ctx) -> Head<'static> {
    Head { id: None, title: ctx.t("forms-new"), versions: vec![], notice: None }
}

// --- the public side ----------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct LibraryQuery {
    q: Option<String>,
    ufficio: Option<String>,
    argomento: Option<String>,
    servizio: Option<String>,
}

pub struct PublicRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub file: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "portal/forms.html")]
struct PublicListPage {
    page: Page,
    q: String,
    offices: Vec<Opt>,
    topics: Vec<Opt>,
    services: Vec<Opt>,
    rows: Vec<PublicRow>,
    filtered: bool,
}

pub async fn public_list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LibraryQuery>,
) -> Result<Response, AppError> {
    let pick = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<i64>().ok());
    let filter = FormFilter {
        published_only: true,
        text: q.q.clone().filter(|s| !s.trim().is_empty()),
        office_id: pick(&q.ufficio).map(urp_domain::OfficeId),
        topic_id: pick(&q.argomento),
        service_id: pick(&q.servizio),
    };
    let today = today();
    let rows = state
        .store
        .list_forms(ctx.tenant.id, &filter)
        .await?
        .into_iter()
        .filter(|f| in_force(f, today))
        .map(|f| PublicRow {
            id: f.id,
            file: f.current.as_ref().map(|v| file_label(&ctx, v)).unwrap_or_default(),
            updated: f.current.as_ref().map(|v| day_text(v.created_at)).unwrap_or_default(),
            title: f.data.title,
            description: f.data.description,
        })
        .collect();
    let sel = |v: &Option<String>, id: String| v.as_deref() == Some(id.as_str());
    let offices = state
        .store
        .list_offices(ctx.tenant.id)
        .await?
        .into_iter()
        .map(|o| Opt { selected: sel(&q.ufficio, o.id.0.to_string()), value: o.id.0.to_string(), label: o.data.name })
        .collect();
    let topics = state
        .store
        .list_topics(ctx.tenant.id)
        .await?
        .into_iter()
        .map(|t| Opt { selected: sel(&q.argomento, t.id.to_string()), value: t.id.to_string(), label: t.name })
        .collect();
    let services = state
        .store
        .list_services(ctx.tenant.id, true)
        .await?
        .into_iter()
        .map(|s| Opt { selected: sel(&q.servizio, s.id.to_string()), value: s.id.to_string(), label: s.data.name })
        .collect();
    let filtered =
        filter.text.is_some() || filter.office_id.is_some() || filter.topic_id.is_some() || filter.service_id.is_some();
    let page = Page::new(&ctx, "forms-public-title").crumb(ctx.t("forms-public-title"), "/modulistica");
    render(&PublicListPage { page, q: q.q.unwrap_or_default(), offices, topics, services, rows, filtered })
}

#[derive(Template)]
#[template(path = "portal/form.html")]
struct PublicPage {
    page: Page,
    id: i64,
    description: String,
    office: Option<(i64, String)>,
    services: Vec<(String, String)>,
    current: Option<VersionRow>,
    archived: Vec<VersionRow>,
    valid_until: String,
}

async fn public_form(state: &AppState, ctx: &Ctx, id: i64) -> Result<FormDoc, AppError> {
    let f = state.store.form(ctx.tenant.id, id).await?;
    if in_force(&f, today()) { Ok(f) } else { Err(AppError::NotFound) }
}

pub async fn public_show(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    let f = public_form(&state, &ctx, id).await?;
    let mut versions = version_rows(&ctx, &state.store.form_versions(ctx.tenant.id, id).await?).into_iter();
    let current = versions.next();
    let office = match f.data.office_id {
        Some(o) => Some((o.0, state.store.office(ctx.tenant.id, o).await?.data.name)),
        None => None,
    };
    let services = state
        .store
        .list_services(ctx.tenant.id, true)
        .await?
        .into_iter()
        .filter(|s| f.service_ids.contains(&s.id))
        .map(|s| (s.data.code, s.data.name))
        .collect();
    let page = Page::titled(&ctx, f.data.title.clone())
        .crumb(ctx.t("forms-public-title"), "/modulistica")
        .crumb(f.data.title.clone(), "");
    render(&PublicPage {
        page,
        id,
        description: f.data.description,
        office,
        services,
        current,
        archived: versions.collect(),
        valid_until: f.data.valid_until.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
    })
}

/// The file with download headers. The current-version link revalidates (it changes when a
/// new version is uploaded); a numbered version never changes, so it may be cached for good.
fn file_response(meta: &FormVersionMeta, bytes: Vec<u8>, immutable: bool, headers: &HeaderMap) -> Response {
    let etag = format!("\"{}\"", meta.sha256);
    let cache = if immutable { "public, max-age=31536000, immutable" } else { "public, no-cache" };
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag), (header::CACHE_CONTROL, cache.to_string())])
            .into_response();
    }
    let name = meta.file_name.replace(['"', '\\'], "");
    let ascii: String = name.chars().map(|c| if c.is_ascii() && !c.is_ascii_control() { c } else { '_' }).collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::forms::encode(&name).replace('+', "%20")
    );
    (
        [
            (header::CONTENT_TYPE, meta.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, cache.to_string()),
            (header::ETAG, etag),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox".to_string()),
        ],
        bytes,
    )
        .into_response()
}

async fn serve(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    version: Option<i64>,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    public_form(state, ctx, id).await?;
    let (meta, bytes) = state.store.form_file(ctx.tenant.id, id, version).await?;
    let r = file_response(&meta, bytes, version.is_some(), headers);
    if r.status() == StatusCode::OK {
        state.store.record_form_download(ctx.tenant.id, meta.id, today()).await?;
    }
    Ok(r)
}

pub async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    Id(id): Id,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    serve(&state, &ctx, id, None, &headers).await
}

pub async fn download_version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, vid)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let vid: i64 = vid.parse().map_err(|_| AppError::NotFound)?;
    serve(&state, &ctx, id, Some(vid), &headers).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_kilobytes_or_megabytes() {
        assert_eq!(size_text(1), "1 kB");
        assert_eq!(size_text(2048), "2 kB");
        assert_eq!(size_text(5 * 1024 * 1024 + 300_000), "5,3 MB");
    }
}
