//! What every page shares: the `Page` context the base layout reads (tenant, language,
//! signed-in user, CSRF token, menu) and the rendering of error pages.

use crate::assets;
use crate::context::Ctx;
use crate::error::ErrorKind;
use crate::i18n::Lang;
use askama::Template;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use std::sync::Arc;
use urp_domain::{Action, Actor};
use urp_store::Tenant;

pub struct MenuItem {
    pub label: String,
    pub href: &'static str,
    pub active: bool,
}

pub struct Page {
    pub lang: Lang,
    pub title: String,
    pub tenant_name: String,
    pub has_logo: bool,
    pub tenant: Option<Arc<Tenant>>,
    pub user_name: Option<String>,
    pub actor: Option<Actor>,
    pub unread: i64,
    pub csrf: String,
    pub path: String,
    pub query: Option<String>,
    /// Staff pages show the staff menu instead of the portal's.
    pub staff: bool,
    pub notice: Option<String>,
    pub breadcrumbs: Vec<(String, String)>,
}

impl Page {
    pub fn new(ctx: &Ctx, title_key: &str) -> Page {
        Page::titled(ctx, ctx.t(title_key))
    }

    pub fn titled(ctx: &Ctx, title: String) -> Page {
        let staff = ctx.path.starts_with("/staff");
        Page {
            lang: ctx.lang,
            title,
            tenant_name: ctx.tenant.data.name.clone(),
            has_logo: ctx.tenant.has_logo,
            tenant: Some(ctx.tenant.clone()),
            user_name: ctx.session.as_ref().map(|s| s.user.data.name.clone()),
            actor: ctx.session.as_ref().map(|s| s.actor.clone()),
            unread: ctx.session.as_ref().map_or(0, |s| s.unread),
            csrf: ctx.csrf.clone(),
            path: ctx.path.clone(),
            query: ctx.query.clone(),
            staff,
            notice: None,
            breadcrumbs: Vec::new(),
        }
    }

    /// A page with no tenant: errors that happen before the tenant is known.
    fn bare(lang: Lang, title: String) -> Page {
        Page {
            lang,
            title,
            tenant_name: lang.t("urp-name"),
            has_logo: false,
            tenant: None,
            user_name: None,
            actor: None,
            unread: 0,
            csrf: String::new(),
            path: "/".into(),
            query: None,
            staff: false,
            notice: None,
            breadcrumbs: Vec::new(),
        }
    }

    pub fn crumb(mut self, label: String, href: &str) -> Page {
        self.breadcrumbs.push((label, href.to_string()));
        self
    }

    /// Shows the confirmation that a redirect after a successful POST asked for (`?ok=…`).
    pub fn with_notice_from(mut self, ok: Option<&str>) -> Page {
        self.notice = ok.and_then(|code| {
            let key = format!("notice-{code}");
            self.lang.has(&key).then(|| self.lang.t(&key))
        });
        self
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    pub fn t_args(&self, key: &str, name: &'static str, value: impl std::fmt::Display) -> String {
        self.lang.t_args(key, &[(name, value.to_string())])
    }

    /// A message that agrees with a number (Fluent plural selection needs a number, not text).
    pub fn t_n(&self, key: &str, name: &'static str, n: impl std::borrow::Borrow<usize>) -> String {
        self.lang.t_count(key, name, i64::try_from(*n.borrow()).unwrap_or(i64::MAX), &[])
    }

    pub fn t_copyright(&self) -> String {
        self.lang.t_args("footer-copyright", &[("name", self.tenant_name.clone())])
    }

    pub fn asset(&self, name: &str) -> String {
        assets::url(name)
    }

    pub fn icon(&self, name: &str) -> String {
        format!("{}#{name}", assets::url("sprites.svg"))
    }

    /// A phone number as a `tel:` URI: digits and a leading plus only.
    pub fn tel(&self, number: &str) -> String {
        number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
    }

    pub(crate) fn may(&self, action: Action) -> bool {
        self.actor.as_ref().is_some_and(|a| a.may(action))
    }

    /// (is current, code, short label, full name) for each language.
    pub fn langs(&self) -> Vec<(bool, &'static str, String, String)> {
        Lang::ALL
            .iter()
            .map(|l| (*l == self.lang, l.code(), l.code().to_uppercase(), self.t(&format!("lang-{}", l.code()))))
            .collect()
    }

    pub fn lang_url(&self, code: &str) -> String {
        let back = match &self.query {
            Some(q) => format!("{}?{q}", self.path),
            None => self.path.clone(),
        };
        format!("/lingua/{code}?next={}", crate::forms::encode(&back))
    }

    pub fn menu(&self) -> Vec<MenuItem> {
        let item = |key: &str, href: &'static str| MenuItem {
            label: self.t(key),
            href,
            active: if href == "/" || href == "/staff" { self.path == href } else { self.path.starts_with(href) },
        };
        if !self.staff {
            return vec![
                item("nav-home", "/"),
                item("nav-offices", "/uffici"),
                item("nav-topics", "/argomenti"),
                item("cat-public-title", "/servizi"),
                item("notice-public-title", "/novita"),
                item("nav-search", "/cerca"),
            ];
        }
        let mut items = vec![item("staff-home", "/staff")];
        if self.may(Action::ViewCaseQueue) {
            items.push(item("cases-queue", "/staff/casi"));
        }
        crate::views::routing_menu::extend(self, &mut items);
        if self.may(Action::ViewCase { office: None }) {
            items.push(item("register-title", "/staff/registro-protocollo"));
            items.push(item("outbox-title", "/staff/posta"));
        }
        if self.may(Action::ManageCatalogue) {
            items.push(item("cat-menu", "/staff/catalogo/servizi"));
        }
        if self.may(Action::ManageCaseSettings) {
            items.push(item("admin-case-settings", "/staff/admin/termini"));
        }
        if self.may(Action::ManageTenant) {
            items.push(item("admin-tenant", "/staff/admin/ente"));
        }
        if self.actor.as_ref().is_some_and(|a| {
            a.may(Action::ManageOffices)
                || a.offices.iter().any(|o| a.may(Action::EditOfficeDetails(*o)))
                || a.has(urp_domain::Role::Manager)
        }) {
            items.push(item("admin-offices", "/staff/admin/uffici"));
        }
        if self.may(Action::ManageUsers) {
            items.push(item("admin-users", "/staff/admin/utenti"));
        }
        if self.may(Action::ManageTopics) {
            items.push(item("admin-topics", "/staff/admin/argomenti"));
        }
        if self.may(Action::ManageChannels) {
            items.push(item("admin-channels", "/staff/admin/canali"));
            items.push(item("admin-audit", "/staff/admin/registro"));
        }
        items
    }
}

/// Renders a template into an HTML response.
pub fn render<T: Template>(tpl: &T) -> Result<Response, crate::AppError> {
    let body = tpl.render()?;
    Ok(Html(body).into_response())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Page,
    status: u16,
    explanation: String,
}

fn problem_json(kind: ErrorKind, lang: Lang) -> Response {
    let body = serde_json::json!({
        "type": "about:blank",
        "title": lang.t(&format!("{}-title", kind.key())),
        "status": kind.status().as_u16(),
        "detail": lang.t(&format!("{}-text", kind.key())),
    });
    let mut res = (kind.status(), body.to_string()).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    res
}

fn html_error(kind: ErrorKind, page: Page, htmx: bool) -> Response {
    let explanation = page.t(&format!("{}-text", kind.key()));
    if htmx {
        // A fragment the page can swap in where the partial update was meant to go.
        let html = format!(
            "<div class=\"alert alert-danger\" role=\"alert\"><strong>{}</strong> {}</div>",
            askama_escape(&page.title),
            askama_escape(&explanation)
        );
        return (kind.status(), Html(html)).into_response();
    }
    let status = kind.status().as_u16();
    let tpl = ErrorPage { page, status, explanation };
    match tpl.render() {
        Ok(body) => (kind.status(), Html(body)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (kind.status(), kind.key()).into_response()
        }
    }
}

fn askama_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The error page for a request whose context is known.
pub fn error_page(kind: ErrorKind, ctx: &Ctx, api: bool) -> Response {
    if api {
        return problem_json(kind, ctx.lang);
    }
    let page = Page::titled(ctx, ctx.t(&format!("{}-title", kind.key())));
    html_error(kind, page, ctx.htmx)
}

/// The error page before (or without) a resolved tenant and session.
pub fn error_response(kind: ErrorKind, lang: Lang, tenant: Option<&Arc<Tenant>>, api: bool, htmx: bool) -> Response {
    if api {
        return problem_json(kind, lang);
    }
    let mut page = Page::bare(lang, lang.t(&format!("{}-title", kind.key())));
    if let Some(t) = tenant {
        page.tenant_name = t.data.name.clone();
        page.tenant = Some(t.clone());
    }
    html_error(kind, page, htmx)
}
