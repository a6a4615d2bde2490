//! Topics (argomenti): the shared vocabulary that sheets, cases and contacts are tagged with.

use crate::context::Ctx;
use crate::forms::{Errors, FormData};
use crate::pages::{Page, render};
use crate::views::Id;
use crate::views::Notice;
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use urp_domain::Action;
use urp_domain::validate;
use urp_store::{StoreError, Topic};

#[derive(Default)]
pub struct TopicForm {
    pub name: String,
    pub description: String,
}

#[derive(Template)]
#[template(path = "admin/topics.html")]
struct TopicsPage {
    page: Page,
    errors: Errors,
    form: TopicForm,
    topics: Vec<Topic>,
    editing: Option<i64>,
    action: String,
}

async fn show(
    state: &AppState,
    ctx: &Ctx,
    errors: Errors,
    form: TopicForm,
    editing: Option<i64>,
    notice: Option<&str>,
) -> Result<Response, AppError> {
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let action =
        editing.map_or_else(|| "/staff/admin/argomenti".to_string(), |id| format!("/staff/admin/argomenti/{id}"));
    let invalid = errors.any();
    let r = render(&TopicsPage {
        page: Page::new(ctx, "admin-topics")
            .crumb(ctx.t("admin-topics"), "/staff/admin/argomenti")
            .with_notice_from(notice),
        errors,
        form,
        topics,
        editing,
        action,
    })?;
    Ok(if invalid { (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response() } else { r })
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageTopics)?;
    show(&state, &ctx, Errors::new(ctx.lang), TopicForm::default(), None, n.ok.as_deref()).await
}

pub async fn edit_form(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageTopics)?;
    let topics = state.store.list_topics(ctx.tenant.id).await?;
    let t = topics.into_iter().find(|t| t.id == id).ok_or(AppError::NotFound)?;
    let form = TopicForm { name: t.name, description: t.description.unwrap_or_default() };
    show(&state, &ctx, Errors::new(ctx.lang), form, Some(id), None).await
}

async fn save(state: AppState, ctx: Ctx, id: Option<i64>, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageTopics)?;
    let f = FormData::parse(&body);
    let form = TopicForm { name: f.get("name").into(), description: f.get("description").into() };
    let mut errors = Errors::new(ctx.lang);
    let name = errors.check("name", validate::required_text(&form.name, 120));
    let description = errors.check("description", validate::optional_text(&form.description, 1000));
    if let (Some(name), Some(description)) = (name, description) {
        let now = Utc::now();
        let r = match id {
            Some(id) => state.store.update_topic(ctx.tenant.id, id, &name, description.as_deref(), now).await,
            None => state.store.create_topic(ctx.tenant.id, &name, description.as_deref(), now).await,
        };
        match r {
            Ok(t) => {
                state.store.audit(ctx.tenant.id, Some(s.user.id), "topic.save", &t.name, now).await?;
                return Ok(Redirect::to("/staff/admin/argomenti?ok=saved").into_response());
            }
            Err(StoreError::Conflict(_)) => errors.add_key("name", "err-topic-exists"),
            Err(e) => return Err(e.into()),
        }
    }
    show(&state, &ctx, errors, form, id, None).await
}

pub async fn create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    save(state, ctx, None, body).await
}

pub async fn update(State(state): State<AppState>, ctx: Ctx, Id(id): Id, body: Bytes) -> Result<Response, AppError> {
    save(state, ctx, Some(id), body).await
}

pub async fn delete(State(state): State<AppState>, ctx: Ctx, Id(id): Id) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageTopics)?;
    state.store.delete_topic(ctx.tenant.id, id).await?;
    state.store.audit(ctx.tenant.id, Some(s.user.id), "topic.delete", &id.to_string(), Utc::now()).await?;
    Ok(Redirect::to("/staff/admin/argomenti?ok=deleted").into_response())
}
