//! Login, logout and the staff session cookie. Messages never reveal whether an e-mail
//! belongs to an account; repeated failures are throttled per e-mail and per client address.

use crate::context::{Ctx, SESSION_COOKIE, cookie, random_token, token_hash};
use crate::forms::{Errors, FormData, safe_next};
use crate::pages::{Page, render};
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use urp_store::NewSession;

#[derive(Template)]
#[template(path = "portal/login.html")]
struct LoginPage {
    page: Page,
    errors: Errors,
    email: String,
    next: String,
    message: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    if ctx.session.is_some() {
        return Ok(Redirect::to(&safe_next(q.next.as_deref(), "/staff")).into_response());
    }
    render(&LoginPage {
        page: Page::new(&ctx, "login-title"),
        errors: Errors::new(ctx.lang),
        email: String::new(),
        next: safe_next(q.next.as_deref(), "/staff"),
        message: None,
    })
}

pub async fn login(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let form = FormData::parse(&body);
    let next = safe_next(Some(form.get("next")), "/staff");
    let email_raw = form.get("email").trim().to_string();
    let password = form.get("password").to_string();
    let mut errors = Errors::new(ctx.lang);
    if email_raw.is_empty() {
        errors.add_key("email", "err-required");
    }
    if password.is_empty() {
        errors.add_key("password", "err-required");
    }
    let again = |errors: Errors, message: Option<String>| {
        render(&LoginPage {
            page: Page::new(&ctx, "login-title"),
            errors,
            email: email_raw.clone(),
            next: next.clone(),
            message,
        })
        .map(|r| (axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
    };
    if errors.any() {
        return again(errors, None);
    }
    let email = email_raw.to_lowercase();
    let t = ctx.tenant.id;
    let now = Utc::now();
    let window_start =
        now - chrono::Duration::from_std(state.config.login_window).unwrap_or(chrono::Duration::minutes(15));
    let email_key = format!("email:{email}");
    let ip_key = format!("ip:{}", ctx.client_ip);
    let max = state.config.login_max_failures;
    let throttled = state.store.count_login_failures(t, &email_key, window_start).await? >= max
        || state.store.count_login_failures(t, &ip_key, window_start).await? >= max * 10;
    if throttled {
        tracing::warn!(client = %ctx.client_ip, "login throttled");
        return again(Errors::new(ctx.lang), Some(ctx.t("login-throttled")));
    }

    let creds = state.store.credentials_by_email(t, &email).await?;
    let stored = creds.as_ref().map_or_else(|| crate::password::dummy_hash().to_string(), |c| c.password_hash.clone());
    let ok = crate::password::verify(password, stored).await;
    let user = match creds {
        Some(c) if ok && c.user.data.active && !c.user.data.roles.is_empty() => c.user,
        _ => {
            state.store.record_login_failure(t, &email_key, now).await?;
            state.store.record_login_failure(t, &ip_key, now).await?;
            return again(Errors::new(ctx.lang), Some(ctx.t("login-failed")));
        }
    };
    state.store.clear_login_failures(t, &email_key).await?;

    // A fresh token at every login: a token planted before login is worth nothing after it.
    let token = random_token();
    let idle = chrono::Duration::from_std(state.config.session_idle).unwrap_or(chrono::Duration::hours(8));
    state
        .store
        .create_session(&NewSession {
            token_hash: token_hash(&token),
            tenant_id: t,
            user_id: user.id,
            csrf_token: random_token(),
            created_at: now,
            expires_at: now + idle,
        })
        .await?;
    state.store.audit(t, Some(user.id), "login", &user.data.email, now).await?;
    tracing::info!(user = user.id.0, tenant = t.0, "staff login");
    let mut res = Redirect::to(&next).into_response();
    res.headers_mut().append(header::SET_COOKIE, cookie(SESSION_COOKIE, token, ctx.secure, None));
    Ok(res)
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if let Some(s) = &ctx.session {
        state.store.delete_session(ctx.tenant.id, &s.token_hash).await?;
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().append(header::SET_COOKIE, cookie(SESSION_COOKIE, String::new(), ctx.secure, Some(0)));
    Ok(res)
}

#[derive(Deserialize)]
pub struct LangQuery {
    next: Option<String>,
}

/// The language switch: remembers the choice in a cookie (a technical preference) and returns.
pub async fn switch_lang(
    ctx: Ctx,
    axum::extract::Path(code): axum::extract::Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    let next = safe_next(q.next.as_deref(), "/");
    let mut res = Redirect::to(&next).into_response();
    if let Some(lang) = crate::i18n::Lang::from_code(&code) {
        res.headers_mut().append(
            header::SET_COOKIE,
            cookie(crate::i18n::LANG_COOKIE, lang.code().to_string(), ctx.secure, Some(365 * 24 * 3600)),
        );
    }
    res
}
