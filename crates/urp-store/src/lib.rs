//! Storage for URP: one interface (`Store`), two engines (SQLite and PostgreSQL) chosen by the
//! URL scheme. Every method takes the tenant it works for, so no caller can forget to scope a
//! query. Statements the two dialects agree on are written once (`shared.rs`); only connection
//! set-up, migrations and write-transaction start differ per backend.

mod cache;
mod case_model;
mod cases;
mod catalogue;
mod catalogue_model;
mod error;
mod group;
mod model;
mod postgres;
pub mod routing;
mod shared;
mod sqlite;
mod time;
mod url_info;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use urp_domain::{OfficeId, TenantId, UserId};

pub use cache::TTL as CACHE_TTL;
pub use case_model::*;
pub use cases::CaseStore;
pub use catalogue::CatalogueStore;
pub use catalogue_model::*;
pub use error::{StoreError, StoreResult};
pub use model::*;
pub use routing::RoutingStore;
pub use url_info::{DatabaseKind, masked_url};

/// Settings for opening a store, independent of the engine.
#[derive(Clone)]
pub struct ConnectOptions {
    pub url: String,
    pub max_connections: u32,
    /// How long a request waits for a connection before the database counts as unavailable.
    pub acquire_timeout: std::time::Duration,
    /// Run pending migrations on open (the default for `serve`).
    pub migrate: bool,
}

impl std::fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("url", &masked_url(&self.url))
            .field("max_connections", &self.max_connections)
            .field("acquire_timeout", &self.acquire_timeout)
            .field("migrate", &self.migrate)
            .finish()
    }
}

impl ConnectOptions {
    pub fn new(url: impl Into<String>) -> Self {
        ConnectOptions {
            url: url.into(),
            max_connections: 16,
            acquire_timeout: std::time::Duration::from_secs(2),
            migrate: true,
        }
    }
}

/// Opens the store the URL names: `sqlite://…` or `postgres://…` (`postgresql://…`).
pub async fn connect(opts: &ConnectOptions) -> StoreResult<Arc<dyn Store>> {
    match DatabaseKind::of(&opts.url) {
        Some(DatabaseKind::Sqlite) => Ok(Arc::new(sqlite::SqliteStore::open(opts).await?)),
        Some(DatabaseKind::Postgres) => Ok(Arc::new(postgres::PgStore::open(opts).await?)),
        None => Err(StoreError::Other(format!(
            "unsupported database URL `{}`: use sqlite://… or postgres://…",
            masked_url(&opts.url)
        ))),
    }
}

/// The whole storage interface. Object-safe, so the web layer holds one `Arc<dyn Store>` and is
/// compiled once for both engines.
#[async_trait]
pub trait Store: CaseStore + CatalogueStore + RoutingStore + Send + Sync + 'static {
    fn kind(&self) -> DatabaseKind;

    // --- operations -------------------------------------------------------------------------
    /// A cheap round trip to the database.
    async fn ping(&self) -> StoreResult<()>;
    /// Whether every migration this binary embeds has been applied.
    async fn migrations_current(&self) -> StoreResult<bool>;
    async fn migrate(&self) -> StoreResult<()>;
    async fn close(&self);

    // --- tenants ----------------------------------------------------------------------------
    async fn create_tenant(&self, t: &NewTenant, now: DateTime<Utc>) -> StoreResult<Tenant>;
    async fn update_tenant(
        &self,
        id: TenantId,
        d: &TenantData,
        hosts: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<Tenant>;
    async fn tenant(&self, id: TenantId) -> StoreResult<Tenant>;
    async fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<Tenant>>;
    async fn tenant_by_host(&self, host: &str) -> StoreResult<Option<Tenant>>;
    async fn default_tenant(&self) -> StoreResult<Option<Tenant>>;
    async fn list_tenants(&self) -> StoreResult<Vec<Tenant>>;
    async fn set_default_tenant(&self, id: TenantId) -> StoreResult<()>;
    async fn set_tenant_logo(&self, id: TenantId, logo: Option<&Logo>, now: DateTime<Utc>) -> StoreResult<()>;
    async fn tenant_logo(&self, id: TenantId) -> StoreResult<Option<Logo>>;

    // --- offices ----------------------------------------------------------------------------
    async fn list_offices(&self, t: TenantId) -> StoreResult<Vec<Office>>;
    async fn office(&self, t: TenantId, id: OfficeId) -> StoreResult<Office>;
    async fn office_by_name(&self, t: TenantId, name: &str) -> StoreResult<Option<Office>>;
    async fn create_office(&self, t: TenantId, d: &OfficeData, now: DateTime<Utc>) -> StoreResult<Office>;
    async fn update_office(&self, t: TenantId, id: OfficeId, d: &OfficeData, now: DateTime<Utc>)
    -> StoreResult<Office>;
    async fn delete_office(&self, t: TenantId, id: OfficeId) -> StoreResult<()>;

    // --- staff users --------------------------------------------------------------------------
    async fn create_user(
        &self,
        t: TenantId,
        d: &UserData,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<User>;
    async fn update_user(&self, t: TenantId, id: UserId, d: &UserData, now: DateTime<Utc>) -> StoreResult<User>;
    async fn user(&self, t: TenantId, id: UserId) -> StoreResult<User>;
    async fn list_users(&self, t: TenantId) -> StoreResult<Vec<User>>;
    async fn credentials_by_email(&self, t: TenantId, email: &str) -> StoreResult<Option<UserCredentials>>;
    async fn credentials(&self, t: TenantId, id: UserId) -> StoreResult<UserCredentials>;
    async fn set_password(&self, t: TenantId, id: UserId, password_hash: &str, now: DateTime<Utc>) -> StoreResult<()>;
    async fn count_active_admins(&self, t: TenantId) -> StoreResult<i64>;

    // --- topics and channels --------------------------------------------------------------------
    async fn list_topics(&self, t: TenantId) -> StoreResult<Vec<Topic>>;
    async fn create_topic(
        &self,
        t: TenantId,
        name: &str,
        description: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<Topic>;
    async fn update_topic(
        &self,
        t: TenantId,
        id: i64,
        name: &str,
        description: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<Topic>;
    async fn delete_topic(&self, t: TenantId, id: i64) -> StoreResult<()>;
    async fn list_channels(&self, t: TenantId) -> StoreResult<Vec<Channel>>;
    async fn upsert_channel(
        &self,
        t: TenantId,
        code: &str,
        name: &str,
        active: bool,
        position: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Channel>;

    // --- sessions and login throttling --------------------------------------------------------------
    async fn create_session(&self, s: &NewSession) -> StoreResult<()>;
    /// The session with this token hash, if it exists, has not expired and its user is active.
    async fn session(&self, t: TenantId, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<SessionRecord>>;
    async fn touch_session(
        &self,
        t: TenantId,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn delete_session(&self, t: TenantId, token_hash: &str) -> StoreResult<()>;
    /// Ends every session of a user except `keep` (after a password change or deactivation).
    async fn delete_user_sessions(&self, t: TenantId, user: UserId, keep: Option<&str>) -> StoreResult<u64>;
    async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64>;
    async fn record_login_failure(&self, t: TenantId, key: &str, now: DateTime<Utc>) -> StoreResult<()>;
    async fn count_login_failures(&self, t: TenantId, key: &str, since: DateTime<Utc>) -> StoreResult<i64>;
    async fn clear_login_failures(&self, t: TenantId, key: &str) -> StoreResult<()>;
    async fn purge_login_failures(&self, before: DateTime<Utc>) -> StoreResult<u64>;

    // --- audit ---------------------------------------------------------------------------------
    async fn audit(
        &self,
        t: TenantId,
        user: Option<UserId>,
        action: &str,
        subject: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn list_audit(&self, t: TenantId, limit: i64) -> StoreResult<Vec<AuditEvent>>;
}

#[cfg(feature = "test-support")]
pub mod test_support;
