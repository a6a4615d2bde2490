//! The ente's own settings: name, IPA code, host names, patron saint's day, contacts, logo.

use crate::context::Ctx;
use crate::forms::{Errors, FormData};
use crate::pages::{Page, render};
use crate::views::Notice;
use crate::{AppError, AppState};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use urp_domain::Action;
use urp_domain::validate;
use urp_store::{Logo, StoreError, Tenant, TenantData};

#[derive(Default)]
pub struct TenantForm {
    pub name: String,
    pub ipa_code: String,
    pub hosts: String,
    pub patron_day: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub pec: String,
}

impl TenantForm {
    fn from_tenant(t: &Tenant) -> TenantForm {
        TenantForm {
            name: t.data.name.clone(),
            ipa_code: t.data.ipa_code.clone(),
            hosts: t.hosts.join("\n"),
            patron_day: t.data.patron_day.map(|(m, d)| format!("{d:02}/{m:02}")).unwrap_or_default(),
            address: t.data.address.clone().unwrap_or_default(),
            phone: t.data.phone.clone().unwrap_or_default(),
            email: t.data.email.clone().unwrap_or_default(),
            pec: t.data.pec.clone().unwrap_or_default(),
        }
    }

    fn from_form(f: &FormData) -> TenantForm {
        TenantForm {
            name: f.get("name").into(),
            ipa_code: f.get("ipa_code").into(),
            hosts: f.get("hosts").into(),
            patron_day: f.get("patron_day").into(),
            address: f.get("address").into(),
            phone: f.get("phone").into(),
            email: f.get("email").into(),
            pec: f.get("pec").into(),
        }
    }

    fn validate(&self, errors: &mut Errors) -> Option<(TenantData, Vec<String>)> {
        let name = errors.check("name", validate::required_text(&self.name, 200));
        let ipa_code = errors.check("ipa_code", validate::ipa_code(&self.ipa_code));
        let hosts = errors.check("hosts", validate::host_names(&self.hosts));
        let patron_day = errors.check("patron_day", validate::day_of_year(&self.patron_day));
        let address = errors.check("address", validate::optional_text(&self.address, 300));
        let phone = errors.check("phone", validate::optional_phone(&self.phone));
        let email = errors.check("email", validate::optional_email(&self.email));
        let pec = errors.check("pec", validate::optional_email(&self.pec));
        Some((
            TenantData {
                name: name?,
                ipa_code: ipa_code?,
                patron_day: patron_day?,
                address: address?,
                phone: phone?,
                email: email?,
                pec: pec?,
            },
            hosts?,
        ))
    }
}

#[derive(Template)]
#[template(path = "admin/tenant.html")]
struct TenantPage {
    page: Page,
    errors: Errors,
    form: TenantForm,
    has_logo: bool,
    logo_error: Option<String>,
}

fn page(ctx: &Ctx, notice: Option<&str>) -> Page {
    Page::new(ctx, "admin-tenant").crumb(ctx.t("admin-tenant"), "/staff/admin/ente").with_notice_from(notice)
}

pub async fn show(ctx: Ctx, Query(n): Query<Notice>) -> Result<Response, AppError> {
    ctx.authorize(Action::ManageTenant)?;
    render(&TenantPage {
        page: page(&ctx, n.ok.as_deref()),
        errors: Errors::new(ctx.lang),
        form: TenantForm::from_tenant(&ctx.tenant),
        has_logo: ctx.tenant.has_logo,
        logo_error: None,
    })
}

pub async fn save(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageTenant)?;
    let form = TenantForm::from_form(&FormData::parse(&body));
    let mut errors = Errors::new(ctx.lang);
    if let Some((data, hosts)) = form.validate(&mut errors) {
        match state.store.update_tenant(ctx.tenant.id, &data, &hosts, Utc::now()).await {
            Ok(_) => {
                state.store.audit(ctx.tenant.id, Some(s.user.id), "tenant.update", &data.name, Utc::now()).await?;
                return Ok(Redirect::to("/staff/admin/ente?ok=saved").into_response());
            }
            Err(StoreError::Conflict(_)) => errors.add_key("hosts", "err-host-taken"),
            Err(e) => return Err(e.into()),
        }
    }
    let r =
        render(&TenantPage { page: page(&ctx, None), errors, form, has_logo: ctx.tenant.has_logo, logo_error: None })?;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
}

const LOGO_MAX_BYTES: usize = 512 * 1024;

/// The content type of an image, read from its first bytes (never from the client's claim).
fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    crate::intake::sniff(bytes).filter(|t| t.starts_with("image/"))
}

pub async fn upload_logo(State(state): State<AppState>, ctx: Ctx, mut mp: Multipart) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageTenant)?;
    let mut bytes: Option<Vec<u8>> = None;
    while let Some(field) = mp.next_field().await.map_err(|_| AppError::BadRequest)? {
        if field.name() == Some("logo") {
            bytes = Some(field.bytes().await.map_err(|_| AppError::BadRequest)?.to_vec());
        }
    }
    let problem = match &bytes {
        None => Some("err-logo-missing"),
        Some(b) if b.is_empty() => Some("err-logo-missing"),
        Some(b) if b.len() > LOGO_MAX_BYTES => Some("err-logo-too-large"),
        Some(b) if sniff_image(b).is_none() => Some("err-logo-type"),
        _ => None,
    };
    match (problem, bytes) {
        (None, Some(b)) => {
            let content_type = sniff_image(&b).unwrap_or("application/octet-stream").to_string();
            state.store.set_tenant_logo(ctx.tenant.id, Some(&Logo { content_type, bytes: b }), Utc::now()).await?;
            state.store.audit(ctx.tenant.id, Some(s.user.id), "tenant.logo", "upload", Utc::now()).await?;
            Ok(Redirect::to("/staff/admin/ente?ok=saved").into_response())
        }
        (p, _) => {
            let r = render(&TenantPage {
                page: page(&ctx, None),
                errors: Errors::new(ctx.lang),
                form: TenantForm::from_tenant(&ctx.tenant),
                has_logo: ctx.tenant.has_logo,
                logo_error: Some(ctx.t(p.unwrap_or("err-logo-missing"))),
            })?;
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
        }
    }
}

pub async fn remove_logo(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let s = ctx.authorize(Action::ManageTenant)?;
    state.store.set_tenant_logo(ctx.tenant.id, None, Utc::now()).await?;
    state.store.audit(ctx.tenant.id, Some(s.user.id), "tenant.logo", "remove", Utc::now()).await?;
    Ok(Redirect::to("/staff/admin/ente?ok=saved").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_images_by_content() {
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"<svg onload=alert(1)>"), None);
    }
}
