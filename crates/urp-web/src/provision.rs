//! Creating tenants and staff accounts: shared by the command line (`urp tenant add`,
//! `urp user add`, `urp demo`) and the admin screens, so both apply the same rules.

use crate::i18n::Lang;
use chrono::Utc;
use std::sync::Arc;
use urp_domain::validate::{self, FieldError};
use urp_domain::{OfficeId, Role, TenantId};
use urp_store::{NewTenant, Store, StoreError, Tenant, TenantData, User, UserData};

/// The channels every ente starts with (codes fixed by the API; names editable per ente).
pub const DEFAULT_CHANNELS: [&str; 8] = ["sportello", "telefono", "email", "pec", "web", "app", "social", "posta"];

#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    #[error("invalid {field}: {error}")]
    Invalid { field: &'static str, error: FieldError },
    #[error("{0} already exists")]
    Exists(&'static str),
    #[error("unknown office `{0}`")]
    UnknownOffice(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Password(#[from] crate::password::PasswordError),
}

fn check<T>(field: &'static str, r: Result<T, FieldError>) -> Result<T, ProvisionError> {
    r.map_err(|error| ProvisionError::Invalid { field, error })
}

pub struct TenantInput<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub ipa_code: &'a str,
    pub hosts: &'a [String],
    pub patron_day: Option<&'a str>,
    pub is_default: bool,
}

pub async fn create_tenant(store: &Arc<dyn Store>, input: &TenantInput<'_>) -> Result<Tenant, ProvisionError> {
    let slug = check("slug", validate::slug(input.slug))?;
    let name = check("name", validate::required_text(input.name, 200))?;
    let ipa_code = check("ipa_code", validate::ipa_code(input.ipa_code))?;
    let hosts = check("hosts", validate::host_names(&input.hosts.join(" ")))?;
    let patron_day = check("patron_day", validate::day_of_year(input.patron_day.unwrap_or_default()))?;
    if store.tenant_by_slug(&slug).await?.is_some() {
        return Err(ProvisionError::Exists("tenant"));
    }
    let now = Utc::now();
    let tenant = store
        .create_tenant(
            &NewTenant {
                slug,
                data: TenantData { name, ipa_code, patron_day, ..Default::default() },
                hosts,
                is_default: input.is_default,
            },
            now,
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => ProvisionError::Exists("host name"),
            other => other.into(),
        })?;
    for (pos, code) in DEFAULT_CHANNELS.iter().enumerate() {
        let name = Lang::It.t(&format!("channel-{code}"));
        store.upsert_channel(tenant.id, code, &name, true, i64::try_from(pos).unwrap_or(0) + 1, now).await?;
    }
    Ok(tenant)
}

pub struct UserInput<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub roles: &'a [Role],
    /// Office names.
    pub offices: &'a [String],
    pub password: &'a str,
}

pub async fn create_user(
    store: &Arc<dyn Store>,
    tenant: TenantId,
    input: &UserInput<'_>,
) -> Result<User, ProvisionError> {
    let email = check("email", validate::email(input.email))?;
    let name = check("name", validate::required_text(input.name, 200))?;
    check("password", validate::new_password(input.password, input.password, &email))?;
    let mut offices: Vec<OfficeId> = Vec::new();
    for office in input.offices {
        let o = store
            .office_by_name(tenant, office.trim())
            .await?
            .ok_or_else(|| ProvisionError::UnknownOffice(office.clone()))?;
        offices.push(o.id);
    }
    let hash = crate::password::hash(input.password.to_string()).await?;
    let data = UserData { email, name, roles: input.roles.to_vec(), offices, active: true };
    let user = store.create_user(tenant, &data, &hash, Utc::now()).await.map_err(|e| match e {
        StoreError::Conflict(_) => ProvisionError::Exists("user"),
        other => other.into(),
    })?;
    Ok(user)
}
