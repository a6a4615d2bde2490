//! The statements both engines agree on, written once. `impl_store!` expands them into a
//! `Store` implementation for each backend type; the backend supplies `begin_write`,
//! `run_migrations`, `applied_migrations_current` and `KIND` as inherent items.
//!
//! Rules that keep the SQL portable: `$n` placeholders, `RETURNING`, `ON CONFLICT`, booleans
//! bound from Rust, and timestamps bound as epoch milliseconds (`crate::time`), never `now()`.

use crate::time::from_db;
use crate::{StoreError, StoreResult};
use urp_domain::{OfficeId, Role, UserId};

// Column lists as macros, so statements stay `&'static str` (sqlx refuses unaudited dynamic SQL).
macro_rules! tenant_cols {
    () => {
        "id, slug, name, ipa_code, patron_month, patron_day, address, phone, email, pec, is_default, \
         logo_type IS NOT NULL AS has_logo, updated_at"
    };
}
macro_rules! office_cols {
    () => {
        "id, name, competences, address, opening_hours, phone, email, pec, responsible, updated_at"
    };
}
macro_rules! user_cols {
    () => {
        "id, tenant_id, email, name, active, created_at"
    };
}
pub(crate) use {office_cols, tenant_cols, user_cols};

/// Whether every embedded up-migration is among the applied versions.
pub(crate) fn all_applied(migrator: &sqlx::migrate::Migrator, applied: &[i64]) -> bool {
    migrator.iter().filter(|m| m.migration_type.is_up_migration()).all(|m| applied.contains(&m.version))
}

pub(crate) fn patron(month: Option<i64>, day: Option<i64>) -> Option<(u32, u32)> {
    match (month, day) {
        (Some(m), Some(d)) => Some((u32::try_from(m).ok()?, u32::try_from(d).ok()?)),
        _ => None,
    }
}

pub(crate) fn parse_roles(codes: &[String]) -> StoreResult<Vec<Role>> {
    let mut roles: Vec<Role> = codes
        .iter()
        .map(|c| c.parse::<Role>().map_err(|e| StoreError::Corrupt(e.to_string())))
        .collect::<Result<_, _>>()?;
    roles.sort();
    Ok(roles)
}

pub(crate) fn group_roles(rows: Vec<(i64, String)>) -> std::collections::HashMap<UserId, Vec<String>> {
    let mut map: std::collections::HashMap<UserId, Vec<String>> = std::collections::HashMap::new();
    for (uid, role) in rows {
        map.entry(UserId(uid)).or_default().push(role);
    }
    map
}

pub(crate) fn group_offices(rows: Vec<(i64, i64)>) -> std::collections::HashMap<UserId, Vec<OfficeId>> {
    let mut map: std::collections::HashMap<UserId, Vec<OfficeId>> = std::collections::HashMap::new();
    for (uid, office) in rows {
        map.entry(UserId(uid)).or_default().push(OfficeId(office));
    }
    for v in map.values_mut() {
        v.sort();
    }
    map
}

pub(crate) fn ts(ms: i64) -> StoreResult<chrono::DateTime<chrono::Utc>> {
    from_db(ms)
}

macro_rules! impl_store {
    ($Store:ty, $Db:ty, $Row:ty) => {
        mod rows {
            use crate::model::*;
            use crate::shared::*;
            use crate::StoreResult;
            use sqlx::Row as _;
            use urp_domain::{OfficeId, TenantId, UserId};

            pub(super) fn tenant(r: &$Row, hosts: Vec<String>) -> StoreResult<Tenant> {
                Ok(Tenant {
                    id: TenantId(r.try_get("id")?),
                    slug: r.try_get("slug")?,
                    data: TenantData {
                        name: r.try_get("name")?,
                        ipa_code: r.try_get("ipa_code")?,
                        patron_day: patron(r.try_get("patron_month")?, r.try_get("patron_day")?),
                        address: r.try_get("address")?,
                        phone: r.try_get("phone")?,
                        email: r.try_get("email")?,
                        pec: r.try_get("pec")?,
                    },
                    is_default: r.try_get("is_default")?,
                    has_logo: r.try_get("has_logo")?,
                    hosts,
                    updated_at: ts(r.try_get("updated_at")?)?,
                })
            }

            pub(super) fn office(r: &$Row) -> StoreResult<Office> {
                Ok(Office {
                    id: OfficeId(r.try_get("id")?),
                    data: OfficeData {
                        name: r.try_get("name")?,
                        competences: r.try_get("competences")?,
                        address: r.try_get("address")?,
                        opening_hours: r.try_get("opening_hours")?,
                        phone: r.try_get("phone")?,
                        email: r.try_get("email")?,
                        pec: r.try_get("pec")?,
                        responsible: r.try_get("responsible")?,
                    },
                    updated_at: ts(r.try_get("updated_at")?)?,
                })
            }

            pub(super) fn user(r: &$Row, roles: &[String], offices: Vec<OfficeId>) -> StoreResult<User> {
                Ok(User {
                    id: UserId(r.try_get("id")?),
                    tenant_id: TenantId(r.try_get("tenant_id")?),
                    data: UserData {
                        email: r.try_get("email")?,
                        name: r.try_get("name")?,
                        roles: parse_roles(roles)?,
                        offices,
                        active: r.try_get("active")?,
                    },
                    created_at: ts(r.try_get("created_at")?)?,
                })
            }

            pub(super) fn topic(r: &$Row) -> StoreResult<Topic> {
                Ok(Topic { id: r.try_get("id")?, name: r.try_get("name")?, description: r.try_get("description")? })
            }

            pub(super) fn channel(r: &$Row) -> StoreResult<Channel> {
                Ok(Channel {
                    id: r.try_get("id")?,
                    code: r.try_get("code")?,
                    name: r.try_get("name")?,
                    active: r.try_get("active")?,
                    position: r.try_get("position")?,
                })
            }
        }

        impl $Store {
            async fn hosts_of(&self, id: urp_domain::TenantId) -> $crate::StoreResult<Vec<String>> {
                Ok(sqlx::query_scalar::<$Db, String>("SELECT host FROM tenant_hosts WHERE tenant_id = $1 ORDER BY host")
                    .bind(id.0)
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn tenant_where(&self, sql: &'static str, arg: &str) -> $crate::StoreResult<Option<$crate::Tenant>> {
                match sqlx::query::<$Db>(sql).bind(arg).fetch_optional(&self.pool).await? {
                    Some(r) => {
                        let id = urp_domain::TenantId(sqlx::Row::try_get(&r, "id")?);
                        Ok(Some(rows::tenant(&r, self.hosts_of(id).await?)?))
                    }
                    None => Ok(None),
                }
            }

            async fn load_user(
                &self,
                t: urp_domain::TenantId,
                r: &$Row,
            ) -> $crate::StoreResult<$crate::User> {
                let id: i64 = sqlx::Row::try_get(r, "id")?;
                let roles = sqlx::query_scalar::<$Db, String>(
                    "SELECT role FROM user_roles WHERE tenant_id = $1 AND user_id = $2",
                )
                .bind(t.0)
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                let mut offices: Vec<urp_domain::OfficeId> = sqlx::query_scalar::<$Db, i64>(
                    "SELECT office_id FROM user_offices WHERE tenant_id = $1 AND user_id = $2",
                )
                .bind(t.0)
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map(urp_domain::OfficeId)
                .collect();
                offices.sort();
                rows::user(r, &roles, offices)
            }

            async fn write_memberships(
                tx: &mut sqlx::Transaction<'_, $Db>,
                t: urp_domain::TenantId,
                id: urp_domain::UserId,
                d: &$crate::UserData,
            ) -> $crate::StoreResult<()> {
                sqlx::query("DELETE FROM user_roles WHERE tenant_id = $1 AND user_id = $2")
                    .bind(t.0)
                    .bind(id.0)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query("DELETE FROM user_offices WHERE tenant_id = $1 AND user_id = $2")
                    .bind(t.0)
                    .bind(id.0)
                    .execute(&mut **tx)
                    .await?;
                let mut roles = d.roles.clone();
                roles.sort();
                roles.dedup();
                for role in roles {
                    sqlx::query("INSERT INTO user_roles (tenant_id, user_id, role) VALUES ($1, $2, $3)")
                        .bind(t.0)
                        .bind(id.0)
                        .bind(role.code())
                        .execute(&mut **tx)
                        .await?;
                }
                let mut offices = d.offices.clone();
                offices.sort();
                offices.dedup();
                for office in offices {
                    sqlx::query("INSERT INTO user_offices (tenant_id, user_id, office_id) VALUES ($1, $2, $3)")
                        .bind(t.0)
                        .bind(id.0)
                        .bind(office.0)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }

            async fn write_hosts(
                tx: &mut sqlx::Transaction<'_, $Db>,
                id: urp_domain::TenantId,
                hosts: &[String],
            ) -> $crate::StoreResult<()> {
                sqlx::query("DELETE FROM tenant_hosts WHERE tenant_id = $1").bind(id.0).execute(&mut **tx).await?;
                for h in hosts {
                    sqlx::query("INSERT INTO tenant_hosts (host, tenant_id) VALUES ($1, $2)")
                        .bind(h)
                        .bind(id.0)
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::Store for $Store {
            fn kind(&self) -> $crate::DatabaseKind {
                Self::KIND
            }

            async fn ping(&self) -> $crate::StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn migrations_current(&self) -> $crate::StoreResult<bool> {
                self.applied_migrations_current().await
            }

            async fn migrate(&self) -> $crate::StoreResult<()> {
                self.run_migrations().await
            }

            async fn close(&self) {
                self.pool.close().await;
            }

            async fn create_tenant(&self, t: &$crate::NewTenant, now: chrono::DateTime<chrono::Utc>) -> $crate::StoreResult<$crate::Tenant> {
                let outcome: $crate::StoreResult<_> = async {
                    let now = $crate::time::to_db(now);
                    let mut tx = self.begin_write().await?;
                    if t.is_default {
                        sqlx::query("UPDATE tenants SET is_default = $1 WHERE is_default = $2")
                            .bind(false)
                            .bind(true)
                            .execute(&mut *tx)
                            .await?;
                    }
                    let (month, day) = t.data.patron_day.map_or((None, None), |(m, d)| (Some(i64::from(m)), Some(i64::from(d))));
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO tenants (slug, name, ipa_code, patron_month, patron_day, address, phone, email, pec, is_default, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
                    )
                    .bind(&t.slug)
                    .bind(&t.data.name)
                    .bind(&t.data.ipa_code)
                    .bind(month)
                    .bind(day)
                    .bind(&t.data.address)
                    .bind(&t.data.phone)
                    .bind(&t.data.email)
                    .bind(&t.data.pec)
                    .bind(t.is_default)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    let id = urp_domain::TenantId(id);
                    Self::write_hosts(&mut tx, id, &t.hosts).await?;
                    tx.commit().await?;
                    self.tenant(id).await
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn update_tenant(
                &self,
                id: urp_domain::TenantId,
                d: &$crate::TenantData,
                hosts: &[String],
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::Tenant> {
                let outcome: $crate::StoreResult<_> = async {
                    let mut tx = self.begin_write().await?;
                    let (month, day) = d.patron_day.map_or((None, None), |(m, d)| (Some(i64::from(m)), Some(i64::from(d))));
                    let n = sqlx::query(
                        "UPDATE tenants SET name = $2, ipa_code = $3, patron_month = $4, patron_day = $5, address = $6, \
                         phone = $7, email = $8, pec = $9, updated_at = $10 WHERE id = $1",
                    )
                    .bind(id.0)
                    .bind(&d.name)
                    .bind(&d.ipa_code)
                    .bind(month)
                    .bind(day)
                    .bind(&d.address)
                    .bind(&d.phone)
                    .bind(&d.email)
                    .bind(&d.pec)
                    .bind($crate::time::to_db(now))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n == 0 {
                        return Err($crate::StoreError::NotFound);
                    }
                    Self::write_hosts(&mut tx, id, hosts).await?;
                    tx.commit().await?;
                    self.tenant(id).await
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn tenant(&self, id: urp_domain::TenantId) -> $crate::StoreResult<$crate::Tenant> {
                let sql = concat!("SELECT ", $crate::shared::tenant_cols!(), " FROM tenants WHERE id = $1");
                let r = sqlx::query::<$Db>(sql).bind(id.0).fetch_optional(&self.pool).await?;
                match r {
                    Some(r) => rows::tenant(&r, self.hosts_of(id).await?),
                    None => Err($crate::StoreError::NotFound),
                }
            }

            async fn tenant_by_slug(&self, slug: &str) -> $crate::StoreResult<Option<$crate::Tenant>> {
                self.tenant_where(concat!("SELECT ", $crate::shared::tenant_cols!(), " FROM tenants WHERE slug = $1"), slug).await
            }

            async fn tenant_by_host(&self, host: &str) -> $crate::StoreResult<Option<$crate::Tenant>> {
                if let Some(cached) = self.cache.tenant_by_host(host) {
                    return Ok(cached.map(|t| (*t).clone()));
                }
                let generation = self.cache.generation();
                let found = self.tenant_where(
                    concat!("SELECT ", $crate::shared::tenant_cols!(), " FROM tenants WHERE id = (SELECT tenant_id FROM tenant_hosts WHERE host = $1)"),
                    host,
                ).await?;
                // Unknown hosts are remembered too (requests by IP address, say); adding an
                // ente or a host name empties the cache.
                self.cache.put_tenant_by_host(host, found.clone().map(std::sync::Arc::new), generation);
                Ok(found)
            }

            async fn default_tenant(&self) -> $crate::StoreResult<Option<$crate::Tenant>> {
                if let Some(t) = self.cache.default_tenant() {
                    return Ok(Some((*t).clone()));
                }
                let generation = self.cache.generation();
                // Booleans are compared with a bound value: SQLite stores them as integers.
                let sql = concat!("SELECT ", $crate::shared::tenant_cols!(), " FROM tenants WHERE is_default = $1");
                match sqlx::query::<$Db>(sql).bind(true).fetch_optional(&self.pool).await? {
                    Some(r) => {
                        let id = urp_domain::TenantId(sqlx::Row::try_get(&r, "id")?);
                        let t = rows::tenant(&r, self.hosts_of(id).await?)?;
                        self.cache.put_default_tenant(std::sync::Arc::new(t.clone()), generation);
                        Ok(Some(t))
                    }
                    None => Ok(None),
                }
            }

            async fn list_tenants(&self) -> $crate::StoreResult<Vec<$crate::Tenant>> {
                let sql = concat!("SELECT ", $crate::shared::tenant_cols!(), " FROM tenants ORDER BY name, id");
                let all = sqlx::query::<$Db>(sql).fetch_all(&self.pool).await?;
                let mut out = Vec::with_capacity(all.len());
                for r in &all {
                    let id = urp_domain::TenantId(sqlx::Row::try_get(r, "id")?);
                    out.push(rows::tenant(r, self.hosts_of(id).await?)?);
                }
                Ok(out)
            }

            async fn set_default_tenant(&self, id: urp_domain::TenantId) -> $crate::StoreResult<()> {
                let outcome: $crate::StoreResult<_> = async {
                    let mut tx = self.begin_write().await?;
                    sqlx::query("UPDATE tenants SET is_default = $1 WHERE is_default = $2 AND id <> $3")
                        .bind(false)
                        .bind(true)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await?;
                    let n = sqlx::query("UPDATE tenants SET is_default = $1 WHERE id = $2")
                        .bind(true)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if n == 0 {
                        return Err($crate::StoreError::NotFound);
                    }
                    tx.commit().await?;
                    Ok(())
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn set_tenant_logo(
                &self,
                id: urp_domain::TenantId,
                logo: Option<&$crate::Logo>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                let outcome: $crate::StoreResult<_> = async {
                    let n = sqlx::query("UPDATE tenants SET logo = $2, logo_type = $3, updated_at = $4 WHERE id = $1")
                        .bind(id.0)
                        .bind(logo.map(|l| l.bytes.clone()))
                        .bind(logo.map(|l| l.content_type.clone()))
                        .bind($crate::time::to_db(now))
                        .execute(&self.pool)
                        .await?
                        .rows_affected();
                    if n == 0 { Err($crate::StoreError::NotFound) } else { Ok(()) }
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn tenant_logo(&self, id: urp_domain::TenantId) -> $crate::StoreResult<Option<$crate::Logo>> {
                let row: Option<(Option<Vec<u8>>, Option<String>)> =
                    sqlx::query_as("SELECT logo, logo_type FROM tenants WHERE id = $1")
                        .bind(id.0)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(match row {
                    Some((Some(bytes), Some(content_type))) => Some($crate::Logo { content_type, bytes }),
                    _ => None,
                })
            }

            async fn list_offices(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<$crate::Office>> {
                let sql = concat!("SELECT ", $crate::shared::office_cols!(), " FROM offices WHERE tenant_id = $1 ORDER BY name, id");
                sqlx::query::<$Db>(sql).bind(t.0).fetch_all(&self.pool).await?.iter().map(rows::office).collect()
            }

            async fn office(&self, t: urp_domain::TenantId, id: urp_domain::OfficeId) -> $crate::StoreResult<$crate::Office> {
                let sql = concat!("SELECT ", $crate::shared::office_cols!(), " FROM offices WHERE tenant_id = $1 AND id = $2");
                match sqlx::query::<$Db>(sql).bind(t.0).bind(id.0).fetch_optional(&self.pool).await? {
                    Some(r) => rows::office(&r),
                    None => Err($crate::StoreError::NotFound),
                }
            }

            async fn office_by_name(&self, t: urp_domain::TenantId, name: &str) -> $crate::StoreResult<Option<$crate::Office>> {
                let sql = concat!("SELECT ", $crate::shared::office_cols!(), " FROM offices WHERE tenant_id = $1 AND name = $2");
                sqlx::query::<$Db>(sql).bind(t.0).bind(name).fetch_optional(&self.pool).await?.as_ref().map(rows::office).transpose()
            }

            async fn create_office(
                &self,
                t: urp_domain::TenantId,
                d: &$crate::OfficeData,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::Office> {
                let outcome: $crate::StoreResult<_> = async {
                    let mut tx = self.begin_write().await?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO offices (tenant_id, name, competences, address, opening_hours, phone, email, pec, responsible, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
                    )
                    .bind(t.0)
                    .bind(&d.name)
                    .bind(&d.competences)
                    .bind(&d.address)
                    .bind(&d.opening_hours)
                    .bind(&d.phone)
                    .bind(&d.email)
                    .bind(&d.pec)
                    .bind(&d.responsible)
                    .bind($crate::time::to_db(now))
                    .fetch_one(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    self.office(t, urp_domain::OfficeId(id)).await
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn update_office(
                &self,
                t: urp_domain::TenantId,
                id: urp_domain::OfficeId,
                d: &$crate::OfficeData,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::Office> {
                let outcome: $crate::StoreResult<_> = async {
                    let mut tx = self.begin_write().await?;
                    let n = sqlx::query(
                        "UPDATE offices SET name = $3, competences = $4, address = $5, opening_hours = $6, phone = $7, \
                         email = $8, pec = $9, responsible = $10, updated_at = $11 WHERE tenant_id = $1 AND id = $2",
                    )
                    .bind(t.0)
                    .bind(id.0)
                    .bind(&d.name)
                    .bind(&d.competences)
                    .bind(&d.address)
                    .bind(&d.opening_hours)
                    .bind(&d.phone)
                    .bind(&d.email)
                    .bind(&d.pec)
                    .bind(&d.responsible)
                    .bind($crate::time::to_db(now))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if n == 0 {
                        return Err($crate::StoreError::NotFound);
                    }
                    tx.commit().await?;
                    self.office(t, id).await
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn delete_office(&self, t: urp_domain::TenantId, id: urp_domain::OfficeId) -> $crate::StoreResult<()> {
                let outcome: $crate::StoreResult<_> = async {
                    let mut tx = self.begin_write().await?;
                    sqlx::query("DELETE FROM user_offices WHERE tenant_id = $1 AND office_id = $2")
                        .bind(t.0)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await?;
                    let n = sqlx::query("DELETE FROM offices WHERE tenant_id = $1 AND id = $2")
                        .bind(t.0)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if n == 0 {
                        return Err($crate::StoreError::NotFound);
                    }
                    tx.commit().await?;
                    Ok(())
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn create_user(
                &self,
                t: urp_domain::TenantId,
                d: &$crate::UserData,
                password_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::User> {
                let now = $crate::time::to_db(now);
                let mut tx = self.begin_write().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO users (tenant_id, email, name, password_hash, active, created_at, updated_at, password_changed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING id",
                )
                .bind(t.0)
                .bind(&d.email)
                .bind(&d.name)
                .bind(password_hash)
                .bind(d.active)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                let id = urp_domain::UserId(id);
                Self::write_memberships(&mut tx, t, id, d).await?;
                tx.commit().await?;
                self.user(t, id).await
            }

            async fn update_user(
                &self,
                t: urp_domain::TenantId,
                id: urp_domain::UserId,
                d: &$crate::UserData,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::User> {
                let mut tx = self.begin_write().await?;
                let n = sqlx::query(
                    "UPDATE users SET email = $3, name = $4, active = $5, updated_at = $6 WHERE tenant_id = $1 AND id = $2",
                )
                .bind(t.0)
                .bind(id.0)
                .bind(&d.email)
                .bind(&d.name)
                .bind(d.active)
                .bind($crate::time::to_db(now))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err($crate::StoreError::NotFound);
                }
                Self::write_memberships(&mut tx, t, id, d).await?;
                if !d.active {
                    sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
                        .bind(t.0)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                self.user(t, id).await
            }

            async fn user(&self, t: urp_domain::TenantId, id: urp_domain::UserId) -> $crate::StoreResult<$crate::User> {
                let sql = concat!("SELECT ", $crate::shared::user_cols!(), " FROM users WHERE tenant_id = $1 AND id = $2");
                match sqlx::query::<$Db>(sql).bind(t.0).bind(id.0).fetch_optional(&self.pool).await? {
                    Some(r) => self.load_user(t, &r).await,
                    None => Err($crate::StoreError::NotFound),
                }
            }

            async fn list_users(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<$crate::User>> {
                let sql = concat!("SELECT ", $crate::shared::user_cols!(), " FROM users WHERE tenant_id = $1 ORDER BY name, id");
                let users = sqlx::query::<$Db>(sql).bind(t.0).fetch_all(&self.pool).await?;
                let roles: Vec<(i64, String)> = sqlx::query_as("SELECT user_id, role FROM user_roles WHERE tenant_id = $1")
                    .bind(t.0)
                    .fetch_all(&self.pool)
                    .await?;
                let offices: Vec<(i64, i64)> =
                    sqlx::query_as("SELECT user_id, office_id FROM user_offices WHERE tenant_id = $1")
                        .bind(t.0)
                        .fetch_all(&self.pool)
                        .await?;
                let roles = $crate::shared::group_roles(roles);
                let mut offices = $crate::shared::group_offices(offices);
                users
                    .iter()
                    .map(|r| {
                        let id = urp_domain::UserId(sqlx::Row::try_get(r, "id")?);
                        rows::user(r, roles.get(&id).map_or(&[][..], Vec::as_slice), offices.remove(&id).unwrap_or_default())
                    })
                    .collect()
            }

            async fn credentials_by_email(
                &self,
                t: urp_domain::TenantId,
                email: &str,
            ) -> $crate::StoreResult<Option<$crate::UserCredentials>> {
                let sql = concat!("SELECT ", $crate::shared::user_cols!(), ", password_hash FROM users WHERE tenant_id = $1 AND email = $2");
                match sqlx::query::<$Db>(sql).bind(t.0).bind(email).fetch_optional(&self.pool).await? {
                    Some(r) => Ok(Some($crate::UserCredentials {
                        password_hash: sqlx::Row::try_get(&r, "password_hash")?,
                        user: self.load_user(t, &r).await?,
                    })),
                    None => Ok(None),
                }
            }

            async fn credentials(&self, t: urp_domain::TenantId, id: urp_domain::UserId) -> $crate::StoreResult<$crate::UserCredentials> {
                let sql = concat!("SELECT ", $crate::shared::user_cols!(), ", password_hash FROM users WHERE tenant_id = $1 AND id = $2");
                match sqlx::query::<$Db>(sql).bind(t.0).bind(id.0).fetch_optional(&self.pool).await? {
                    Some(r) => Ok($crate::UserCredentials {
                        password_hash: sqlx::Row::try_get(&r, "password_hash")?,
                        user: self.load_user(t, &r).await?,
                    }),
                    None => Err($crate::StoreError::NotFound),
                }
            }

            async fn set_password(
                &self,
                t: urp_domain::TenantId,
                id: urp_domain::UserId,
                password_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                let now = $crate::time::to_db(now);
                let n = sqlx::query(
                    "UPDATE users SET password_hash = $3, password_changed_at = $4, updated_at = $4 WHERE tenant_id = $1 AND id = $2",
                )
                .bind(t.0)
                .bind(id.0)
                .bind(password_hash)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected();
                if n == 0 { Err($crate::StoreError::NotFound) } else { Ok(()) }
            }

            async fn count_active_admins(&self, t: urp_domain::TenantId) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar(
                    "SELECT COUNT(*) FROM users u JOIN user_roles r ON r.tenant_id = u.tenant_id AND r.user_id = u.id \
                     WHERE u.tenant_id = $1 AND u.active = $2 AND r.role = $3",
                )
                .bind(t.0)
                .bind(true)
                .bind(urp_domain::Role::Admin.code())
                .fetch_one(&self.pool)
                .await?)
            }

            async fn list_topics(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<$crate::Topic>> {
                sqlx::query::<$Db>("SELECT id, name, description FROM topics WHERE tenant_id = $1 ORDER BY name, id")
                    .bind(t.0)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(rows::topic)
                    .collect()
            }

            async fn create_topic(
                &self,
                t: urp_domain::TenantId,
                name: &str,
                description: Option<&str>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::Topic> {
                let outcome: $crate::StoreResult<_> = async {
                    let mut tx = self.begin_write().await?;
                    let r = sqlx::query::<$Db>(
                        "INSERT INTO topics (tenant_id, name, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
                         RETURNING id, name, description",
                    )
                    .bind(t.0)
                    .bind(name)
                    .bind(description)
                    .bind($crate::time::to_db(now))
                    .fetch_one(&mut *tx)
                    .await?;
                    let topic = rows::topic(&r)?;
                    tx.commit().await?;
                    Ok(topic)
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn update_topic(
                &self,
                t: urp_domain::TenantId,
                id: i64,
                name: &str,
                description: Option<&str>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::Topic> {
                let outcome: $crate::StoreResult<_> = async {
                    let mut tx = self.begin_write().await?;
                    let r = sqlx::query::<$Db>(
                        "UPDATE topics SET name = $3, description = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2 \
                         RETURNING id, name, description",
                    )
                    .bind(t.0)
                    .bind(id)
                    .bind(name)
                    .bind(description)
                    .bind($crate::time::to_db(now))
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or($crate::StoreError::NotFound)?;
                    let topic = rows::topic(&r)?;
                    tx.commit().await?;
                    Ok(topic)
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn delete_topic(&self, t: urp_domain::TenantId, id: i64) -> $crate::StoreResult<()> {
                let outcome: $crate::StoreResult<_> = async {
                    let n = sqlx::query("DELETE FROM topics WHERE tenant_id = $1 AND id = $2")
                        .bind(t.0)
                        .bind(id)
                        .execute(&self.pool)
                        .await?
                        .rows_affected();
                    if n == 0 { Err($crate::StoreError::NotFound) } else { Ok(()) }
                }
                .await;
                // Settings every request reads: drop what this server cached.
                self.cache.invalidate();
                outcome
            }

            async fn list_channels(&self, t: urp_domain::TenantId) -> $crate::StoreResult<Vec<$crate::Channel>> {
                sqlx::query::<$Db>(
                    "SELECT id, code, name, active, position FROM channels WHERE tenant_id = $1 ORDER BY position, code",
                )
                .bind(t.0)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(rows::channel)
                .collect()
            }

            async fn upsert_channel(
                &self,
                t: urp_domain::TenantId,
                code: &str,
                name: &str,
                active: bool,
                position: i64,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::Channel> {
                let mut tx = self.begin_write().await?;
                let r = sqlx::query::<$Db>(
                    "INSERT INTO channels (tenant_id, code, name, active, position, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6) \
                     ON CONFLICT (tenant_id, code) DO UPDATE SET name = excluded.name, active = excluded.active, \
                     position = excluded.position, updated_at = excluded.updated_at \
                     RETURNING id, code, name, active, position",
                )
                .bind(t.0)
                .bind(code)
                .bind(name)
                .bind(active)
                .bind(position)
                .bind($crate::time::to_db(now))
                .fetch_one(&mut *tx)
                .await?;
                let ch = rows::channel(&r)?;
                tx.commit().await?;
                Ok(ch)
            }

            async fn create_session(&self, s: &$crate::NewSession) -> $crate::StoreResult<()> {
                let created = $crate::time::to_db(s.created_at);
                sqlx::query(
                    "INSERT INTO sessions (token_hash, tenant_id, user_id, csrf_token, created_at, last_seen_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $5, $6)",
                )
                .bind(&s.token_hash)
                .bind(s.tenant_id.0)
                .bind(s.user_id.0)
                .bind(&s.csrf_token)
                .bind(created)
                .bind($crate::time::to_db(s.expires_at))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn session(
                &self,
                t: urp_domain::TenantId,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<Option<$crate::SessionRecord>> {
                let row: Option<(String, i64, i64, i64)> = sqlx::query_as(
                    "SELECT s.csrf_token, s.user_id, s.last_seen_at, s.expires_at FROM sessions s \
                     JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id \
                     WHERE s.tenant_id = $1 AND s.token_hash = $2 AND s.expires_at > $3 AND u.active = $4",
                )
                .bind(t.0)
                .bind(token_hash)
                .bind($crate::time::to_db(now))
                .bind(true)
                .fetch_optional(&self.pool)
                .await?;
                let Some((csrf_token, user_id, last_seen, expires)) = row else {
                    return Ok(None);
                };
                Ok(Some($crate::SessionRecord {
                    token_hash: token_hash.to_string(),
                    csrf_token,
                    user: self.user(t, urp_domain::UserId(user_id)).await?,
                    last_seen_at: $crate::shared::ts(last_seen)?,
                    expires_at: $crate::shared::ts(expires)?,
                }))
            }

            async fn touch_session(
                &self,
                t: urp_domain::TenantId,
                token_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
                expires_at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE sessions SET last_seen_at = $3, expires_at = $4 WHERE tenant_id = $1 AND token_hash = $2")
                    .bind(t.0)
                    .bind(token_hash)
                    .bind($crate::time::to_db(now))
                    .bind($crate::time::to_db(expires_at))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_session(&self, t: urp_domain::TenantId, token_hash: &str) -> $crate::StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND token_hash = $2")
                    .bind(t.0)
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_user_sessions(
                &self,
                t: urp_domain::TenantId,
                user: urp_domain::UserId,
                keep: Option<&str>,
            ) -> $crate::StoreResult<u64> {
                Ok(sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND token_hash <> $3")
                    .bind(t.0)
                    .bind(user.0)
                    .bind(keep.unwrap_or(""))
                    .execute(&self.pool)
                    .await?
                    .rows_affected())
            }

            async fn purge_expired_sessions(&self, now: chrono::DateTime<chrono::Utc>) -> $crate::StoreResult<u64> {
                Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                    .bind($crate::time::to_db(now))
                    .execute(&self.pool)
                    .await?
                    .rows_affected())
            }

            async fn record_login_failure(
                &self,
                t: urp_domain::TenantId,
                key: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO login_failures (tenant_id, key, at) VALUES ($1, $2, $3)")
                    .bind(t.0)
                    .bind(key)
                    .bind($crate::time::to_db(now))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn count_login_failures(
                &self,
                t: urp_domain::TenantId,
                key: &str,
                since: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE tenant_id = $1 AND key = $2 AND at >= $3")
                    .bind(t.0)
                    .bind(key)
                    .bind($crate::time::to_db(since))
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn clear_login_failures(&self, t: urp_domain::TenantId, key: &str) -> $crate::StoreResult<()> {
                sqlx::query("DELETE FROM login_failures WHERE tenant_id = $1 AND key = $2")
                    .bind(t.0)
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn purge_login_failures(&self, before: chrono::DateTime<chrono::Utc>) -> $crate::StoreResult<u64> {
                Ok(sqlx::query("DELETE FROM login_failures WHERE at < $1")
                    .bind($crate::time::to_db(before))
                    .execute(&self.pool)
                    .await?
                    .rows_affected())
            }

            async fn audit(
                &self,
                t: urp_domain::TenantId,
                user: Option<urp_domain::UserId>,
                action: &str,
                subject: &str,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                sqlx::query("INSERT INTO audit_events (tenant_id, user_id, action, subject, at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(t.0)
                    .bind(user.map(|u| u.0))
                    .bind(action)
                    .bind(subject)
                    .bind($crate::time::to_db(now))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn list_audit(&self, t: urp_domain::TenantId, limit: i64) -> $crate::StoreResult<Vec<$crate::AuditEvent>> {
                let rows: Vec<(Option<i64>, String, String, i64)> = sqlx::query_as(
                    "SELECT user_id, action, subject, at FROM audit_events WHERE tenant_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
                )
                .bind(t.0)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(u, action, subject, at)| {
                        Ok($crate::AuditEvent { user_id: u.map(urp_domain::UserId), action, subject, at: $crate::shared::ts(at)? })
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use impl_store;
