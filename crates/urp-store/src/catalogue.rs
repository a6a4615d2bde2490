//! Storage of the service catalogue (services and their versioned intake definitions) and the
//! forms library (forms, their versions with the bytes, download counts per day).

use crate::StoreResult;
use crate::catalogue_model::*;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use urp_domain::TenantId;
use urp_domain::catalogue::IntakeField;

#[async_trait]
pub trait CatalogueStore: Send + Sync {
    /// Services by category and name; drafts too unless `published_only`.
    async fn list_services(&self, t: TenantId, published_only: bool) -> StoreResult<Vec<Service>>;
    async fn service(&self, t: TenantId, id: i64) -> StoreResult<Service>;
    async fn service_by_code(&self, t: TenantId, code: &str) -> StoreResult<Option<Service>>;
    /// Creates a service with version 1 of its intake definition, in one transaction.
    async fn create_service(
        &self,
        t: TenantId,
        d: &ServiceData,
        fields: &[IntakeField],
        by: Option<urp_domain::UserId>,
        now: DateTime<Utc>,
    ) -> StoreResult<Service>;
    /// Changes the service; when `fields` differ from the current definition a new version is
    /// added and becomes current (cases keep the version they were opened with).
    async fn update_service(
        &self,
        t: TenantId,
        id: i64,
        d: &ServiceData,
        fields: &[IntakeField],
        by: Option<urp_domain::UserId>,
        now: DateTime<Utc>,
    ) -> StoreResult<Service>;
    async fn service_definition(&self, t: TenantId, id: i64) -> StoreResult<ServiceDefinition>;
    /// Every version of a service's definition, newest first.
    async fn service_definitions(&self, t: TenantId, service_id: i64) -> StoreResult<Vec<ServiceDefinition>>;

    /// Creates a form with its first version and the services that need it.
    async fn create_form(
        &self,
        t: TenantId,
        d: &FormDocData,
        services: &[i64],
        first: &NewFormVersion,
        by: Option<urp_domain::UserId>,
        now: DateTime<Utc>,
    ) -> StoreResult<FormDoc>;
    async fn update_form(
        &self,
        t: TenantId,
        id: i64,
        d: &FormDocData,
        services: &[i64],
        now: DateTime<Utc>,
    ) -> StoreResult<FormDoc>;
    /// Adds a version; it becomes the one the public link serves, the old ones stay.
    async fn add_form_version(
        &self,
        t: TenantId,
        form_id: i64,
        v: &NewFormVersion,
        by: Option<urp_domain::UserId>,
        now: DateTime<Utc>,
    ) -> StoreResult<FormVersionMeta>;
    async fn form(&self, t: TenantId, id: i64) -> StoreResult<FormDoc>;
    async fn list_forms(&self, t: TenantId, f: &FormFilter) -> StoreResult<Vec<FormDoc>>;
    /// Every version of a form, newest first, with its downloads.
    async fn form_versions(&self, t: TenantId, form_id: i64) -> StoreResult<Vec<FormVersionMeta>>;
    /// The bytes of a version (`None`: the current one).
    async fn form_file(
        &self,
        t: TenantId,
        form_id: i64,
        version_id: Option<i64>,
    ) -> StoreResult<(FormVersionMeta, Vec<u8>)>;
    async fn record_form_download(&self, t: TenantId, version_id: i64, day: NaiveDate) -> StoreResult<()>;
    /// Downloads of the given forms (every version) on the days `from..=to`.
    async fn form_downloads_between(
        &self,
        t: TenantId,
        form_ids: &[i64],
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<i64>;

    /// Creates a notice with its image (if any) and related services.
    async fn create_notice(
        &self,
        t: TenantId,
        d: &NoticeData,
        image: Option<&NoticeImage>,
        services: &[i64],
        by: Option<urp_domain::UserId>,
        now: DateTime<Utc>,
    ) -> StoreResult<Notice>;
    /// Changes a notice; `image: Some` replaces the image, `None` keeps it.
    async fn update_notice(
        &self,
        t: TenantId,
        id: i64,
        d: &NoticeData,
        image: Option<&NoticeImage>,
        services: &[i64],
        now: DateTime<Utc>,
    ) -> StoreResult<Notice>;
    async fn notice(&self, t: TenantId, id: i64) -> StoreResult<Notice>;
    /// Newest first; with `visible_at`, only the notices published at that instant.
    async fn list_notices(
        &self,
        t: TenantId,
        visible_at: Option<DateTime<Utc>>,
        limit: i64,
    ) -> StoreResult<Vec<Notice>>;
    async fn notice_image(&self, t: TenantId, id: i64) -> StoreResult<Option<NoticeImage>>;
}

macro_rules! notice_cols {
    () => {
        "id, title, summary, body, topic_id, image_type, image_alt, publish_from, publish_until, created_at, updated_at"
    };
}
pub(crate) use notice_cols;

pub(crate) fn fields_json(fields: &[IntakeField]) -> StoreResult<String> {
    serde_json::to_string(fields).map_err(|e| crate::StoreError::Other(format!("definition: {e}")))
}

pub(crate) fn fields_from_json(s: &str) -> StoreResult<Vec<IntakeField>> {
    serde_json::from_str(s).map_err(|e| crate::StoreError::Corrupt(format!("definition: {e}")))
}

macro_rules! service_cols {
    () => {
        "id, code, name, description, category, office_id, responsible, term_days, term_unit, silence_consent, \
         substitute, channels, fee, sheet_ref, published, current_definition_id, created_at, updated_at"
    };
}
pub(crate) use service_cols;

macro_rules! form_cols {
    () => {
        "id, title, description, office_id, topic_id, sheet_refs, valid_from, valid_until, review_by, needs_review, \
         published, created_at, updated_at"
    };
}
pub(crate) use form_cols;

macro_rules! version_cols {
    () => {
        "v.id, v.form_id, v.version, v.file_name, v.content_type, v.size, v.sha256, v.note, v.created_at, \
         CAST(COALESCE((SELECT SUM(d.count) FROM form_downloads d WHERE d.tenant_id = v.tenant_id \
         AND d.version_id = v.id), 0) AS BIGINT) AS downloads"
    };
}
pub(crate) use version_cols;

macro_rules! impl_catalogue_store {
    ($Store:ty, $Db:ty, $Row:ty) => {
        mod catalogue_rows {
            use crate::StoreResult;
            use crate::catalogue_model::*;
            use crate::cases::{parse_date, term_from};
            use crate::shared::ts;
            use sqlx::Row as _;

            fn opt_date(r: &$Row, col: &str) -> StoreResult<Option<chrono::NaiveDate>> {
                r.try_get::<Option<String>, _>(col)?.as_deref().map(parse_date).transpose()
            }

            pub(super) fn service(r: &$Row) -> StoreResult<Service> {
                let channels: String = r.try_get("channels")?;
                Ok(Service {
                    id: r.try_get("id")?,
                    data: ServiceData {
                        code: r.try_get("code")?,
                        name: r.try_get("name")?,
                        description: r.try_get("description")?,
                        category: r.try_get("category")?,
                        office_id: r.try_get::<Option<i64>, _>("office_id")?.map(urp_domain::OfficeId),
                        responsible: r.try_get("responsible")?,
                        term: term_from(r.try_get("term_days")?, &r.try_get::<String, _>("term_unit")?)?,
                        silence_consent: r.try_get("silence_consent")?,
                        substitute: r.try_get("substitute")?,
                        channels: channels.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect(),
                        fee: r.try_get("fee")?,
                        sheet_ref: r.try_get("sheet_ref")?,
                        published: r.try_get("published")?,
                    },
                    current_definition_id: r.try_get("current_definition_id")?,
                    created_at: ts(r.try_get("created_at")?)?,
                    updated_at: ts(r.try_get("updated_at")?)?,
                })
            }

            pub(super) fn definition(r: &$Row) -> StoreResult<ServiceDefinition> {
                Ok(ServiceDefinition {
                    id: r.try_get("id")?,
                    service_id: r.try_get("service_id")?,
                    version: r.try_get("version")?,
                    fields: crate::catalogue::fields_from_json(&r.try_get::<String, _>("fields")?)?,
                    created_at: ts(r.try_get("created_at")?)?,
                })
            }

            pub(super) fn form(r: &$Row) -> StoreResult<FormDoc> {
                Ok(FormDoc {
                    id: r.try_get("id")?,
                    data: FormDocData {
                        title: r.try_get("title")?,
                        description: r.try_get("description")?,
                        office_id: r.try_get::<Option<i64>, _>("office_id")?.map(urp_domain::OfficeId),
                        topic_id: r.try_get("topic_id")?,
                        sheet_refs: r.try_get("sheet_refs")?,
                        valid_from: opt_date(r, "valid_from")?,
                        valid_until: opt_date(r, "valid_until")?,
                        review_by: opt_date(r, "review_by")?,
                        needs_review: r.try_get("needs_review")?,
                        published: r.try_get("published")?,
                    },
                    service_ids: Vec::new(),
                    current: None,
                    created_at: ts(r.try_get("created_at")?)?,
                    updated_at: ts(r.try_get("updated_at")?)?,
                })
            }

            pub(super) fn notice(r: &$Row) -> StoreResult<Notice> {
                Ok(Notice {
                    id: r.try_get("id")?,
                    data: NoticeData {
                        title: r.try_get("title")?,
                        summary: r.try_get("summary")?,
                        body: r.try_get("body")?,
                        topic_id: r.try_get("topic_id")?,
                        publish_from: ts(r.try_get("publish_from")?)?,
                        publish_until: r.try_get::<Option<i64>, _>("publish_until")?.map(ts).transpose()?,
                        image_alt: r.try_get("image_alt")?,
                    },
                    has_image: r.try_get::<Option<String>, _>("image_type")?.is_some(),
                    service_ids: Vec::new(),
                    created_at: ts(r.try_get("created_at")?)?,
                    updated_at: ts(r.try_get("updated_at")?)?,
                })
            }

            pub(super) fn version(r: &$Row) -> StoreResult<FormVersionMeta> {
                Ok(FormVersionMeta {
                    id: r.try_get("id")?,
                    form_id: r.try_get("form_id")?,
                    version: r.try_get("version")?,
                    file_name: r.try_get("file_name")?,
                    content_type: r.try_get("content_type")?,
                    size: r.try_get("size")?,
                    sha256: r.try_get("sha256")?,
                    note: r.try_get("note")?,
                    created_at: ts(r.try_get("created_at")?)?,
                    downloads: r.try_get("downloads")?,
                })
            }
        }

        impl $Store {
            async fn insert_definition(
                tx: &mut sqlx::Transaction<'_, $Db>,
                t: urp_domain::TenantId,
                service_id: i64,
                fields: &[urp_domain::catalogue::IntakeField],
                by: Option<urp_domain::UserId>,
                now: i64,
            ) -> $crate::StoreResult<i64> {
                let version: i64 = sqlx::query_scalar(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM service_definitions WHERE tenant_id = $1 AND service_id = $2",
                )
                .bind(t.0)
                .bind(service_id)
                .fetch_one(&mut **tx)
                .await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO service_definitions (tenant_id, service_id, version, fields, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(t.0)
                .bind(service_id)
                .bind(version)
                .bind($crate::catalogue::fields_json(fields)?)
                .bind(now)
                .bind(by.map(|u| u.0))
                .fetch_one(&mut **tx)
                .await?;
                sqlx::query("UPDATE services SET current_definition_id = $1 WHERE tenant_id = $2 AND id = $3")
                    .bind(id)
                    .bind(t.0)
                    .bind(service_id)
                    .execute(&mut **tx)
                    .await?;
                Ok(id)
            }

            /// Replaces the links of one row (a form's or a notice's services) with `ids`.
            async fn replace_links(
                tx: &mut sqlx::Transaction<'_, $Db>,
                delete_sql: &'static str,
                insert_sql: &'static str,
                t: urp_domain::TenantId,
                owner: i64,
                ids: &[i64],
            ) -> $crate::StoreResult<()> {
                sqlx::query(delete_sql).bind(t.0).bind(owner).execute(&mut **tx).await?;
                let mut seen = Vec::new();
                for id in ids {
                    if seen.contains(id) {
                        continue;
                    }
                    seen.push(*id);
                    sqlx::query(insert_sql).bind(t.0).bind(owner).bind(*id).execute(&mut **tx).await?;
                }
                Ok(())
            }

            async fn set_form_services(
                tx: &mut sqlx::Transaction<'_, $Db>,
                t: urp_domain::TenantId,
                form_id: i64,
                services: &[i64],
            ) -> $crate::StoreResult<()> {
                Self::replace_links(
                    tx,
                    "DELETE FROM service_forms WHERE tenant_id = $1 AND form_id = $2",
                    "INSERT INTO service_forms (tenant_id, form_id, service_id) VALUES ($1, $2, $3)",
                    t,
                    form_id,
                    services,
                )
                .await
            }

            async fn insert_form_version(
                tx: &mut sqlx::Transaction<'_, $Db>,
                t: urp_domain::TenantId,
                form_id: i64,
                v: &$crate::NewFormVersion,
                by: Option<urp_domain::UserId>,
                now: i64,
            ) -> $crate::StoreResult<i64> {
                let version: i64 = sqlx::query_scalar(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM form_versions WHERE tenant_id = $1 AND form_id = $2",
                )
                .bind(t.0)
                .bind(form_id)
                .fetch_one(&mut **tx)
                .await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO form_versions (tenant_id, form_id, version, file_name, content_type, size, sha256, bytes, \
                     note, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                )
                .bind(t.0)
                .bind(form_id)
                .bind(version)
                .bind(&v.file_name)
                .bind(&v.content_type)
                .bind(i64::try_from(v.bytes.len()).unwrap_or(i64::MAX))
                .bind(&v.sha256)
                .bind(&v.bytes)
                .bind(&v.note)
                .bind(now)
                .bind(by.map(|u| u.0))
                .fetch_one(&mut **tx)
                .await?;
                sqlx::query("UPDATE forms SET updated_at = $1 WHERE tenant_id = $2 AND id = $3")
                    .bind(now)
                    .bind(t.0)
                    .bind(form_id)
                    .execute(&mut **tx)
                    .await?;
                Ok(id)
            }

            async fn set_notice_services(
                tx: &mut sqlx::Transaction<'_, $Db>,
                t: urp_domain::TenantId,
                notice_id: i64,
                services: &[i64],
            ) -> $crate::StoreResult<()> {
                Self::replace_links(
                    tx,
                    "DELETE FROM notice_services WHERE tenant_id = $1 AND notice_id = $2",
                    "INSERT INTO notice_services (tenant_id, notice_id, service_id) VALUES ($1, $2, $3)",
                    t,
                    notice_id,
                    services,
                )
                .await
            }

            async fn complete_notices(
                &self,
                t: urp_domain::TenantId,
                mut notices: Vec<$crate::Notice>,
            ) -> $crate::StoreResult<Vec<$crate::Notice>> {
                if notices.is_empty() {
                    return Ok(notices);
                }
                let mut q = sqlx::QueryBuilder::<$Db>::new(
                    "SELECT notice_id, service_id FROM notice_services WHERE tenant_id = ",
                );
                q.push_bind(t.0).push(" AND notice_id IN (");
                let mut sep = q.separated(", ");
                for n in &notices {
                    sep.push_bind(n.id);
                }
                q.push(") ORDER BY service_id");
                let links: Vec<(i64, i64)> = q.build_query_as().fetch_all(&self.pool).await?;
                for n in &mut notices {
                    n.service_ids = links.iter().filter(|(nid, _)| *nid == n.id).map(|(_, s)| *s).collect();
                }
                Ok(notices)
            }

            /// Fills each form's services and current version.
            async fn complete_forms(
                &self,
                t: urp_domain::TenantId,
                mut forms: Vec<$crate::FormDoc>,
            ) -> $crate::StoreResult<Vec<$crate::FormDoc>> {
                if forms.is_empty() {
                    return Ok(forms);
                }
                let mut q = sqlx::QueryBuilder::<$Db>::new(
                    "SELECT form_id, service_id FROM service_forms WHERE tenant_id = ",
                );
                q.push_bind(t.0).push(" AND form_id IN (");
                let mut sep = q.separated(", ");
                for f in &forms {
                    sep.push_bind(f.id);
                }
                q.push(") ORDER BY service_id");
                let links: Vec<(i64, i64)> = q.build_query_as().fetch_all(&self.pool).await?;
                let mut q = sqlx::QueryBuilder::<$Db>::new(concat!(
                    "SELECT ",
                    $crate::catalogue::version_cols!(),
                    " FROM form_versions v WHERE v.tenant_id = "
                ));
                q.push_bind(t.0).push(
                    " AND v.version = (SELECT MAX(w.version) FROM form_versions w WHERE w.tenant_id = v.tenant_id \
                     AND w.form_id = v.form_id) AND v.form_id IN (",
                );
                let mut sep = q.separated(", ");
                for f in &forms {
                    sep.push_bind(f.id);
                }
                q.push(")");
                let current = q
                    .build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(catalogue_rows::version)
                    .collect::<$crate::StoreResult<Vec<_>>>()?;
                for f in &mut forms {
                    f.service_ids = links.iter().filter(|(fid, _)| *fid == f.id).map(|(_, s)| *s).collect();
                    f.current = current.iter().find(|v| v.form_id == f.id).cloned();
                }
                Ok(forms)
            }
        }

        #[async_trait::async_trait]
        impl $crate::CatalogueStore for $Store {
            async fn list_services(
                &self,
                t: urp_domain::TenantId,
                published_only: bool,
            ) -> $crate::StoreResult<Vec<$crate::Service>> {
                let rows = if published_only {
                    sqlx::query::<$Db>(concat!(
                        "SELECT ",
                        $crate::catalogue::service_cols!(),
                        " FROM services WHERE tenant_id = $1 AND published = $2 ORDER BY category, name"
                    ))
                    .bind(t.0)
                    .bind(true)
                    .fetch_all(&self.pool)
                    .await?
                } else {
                    sqlx::query::<$Db>(concat!(
                        "SELECT ",
                        $crate::catalogue::service_cols!(),
                        " FROM services WHERE tenant_id = $1 ORDER BY category, name"
                    ))
                    .bind(t.0)
                    .fetch_all(&self.pool)
                    .await?
                };
                rows.iter().map(catalogue_rows::service).collect()
            }

            async fn service(&self, t: urp_domain::TenantId, id: i64) -> $crate::StoreResult<$crate::Service> {
                let r = sqlx::query::<$Db>(concat!(
                    "SELECT ",
                    $crate::catalogue::service_cols!(),
                    " FROM services WHERE tenant_id = $1 AND id = $2"
                ))
                .bind(t.0)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .ok_or($crate::StoreError::NotFound)?;
                catalogue_rows::service(&r)
            }

            async fn service_by_code(
                &self,
                t: urp_domain::TenantId,
                code: &str,
            ) -> $crate::StoreResult<Option<$crate::Service>> {
                sqlx::query::<$Db>(concat!(
                    "SELECT ",
                    $crate::catalogue::service_cols!(),
                    " FROM services WHERE tenant_id = $1 AND code = $2"
                ))
                .bind(t.0)
                .bind(code)
                .fetch_optional(&self.pool)
                .await?
                .as_ref()
                .map(catalogue_rows::service)
                .transpose()
            }

            async fn create_service(
                &self,
                t: urp_domain::TenantId,
                d: &$crate::ServiceData,
                fields: &[urp_domain::catalogue::IntakeField],
                by: Option<urp_domain::UserId>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::Service> {
                let now = $crate::time::to_db(now);
                let mut tx = self.begin_write().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO services (tenant_id, code, name, description, category, office_id, responsible, term_days, \
                     term_unit, silence_consent, substitute, channels, fee, sheet_ref, published, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
                )
                .bind(t.0)
                .bind(&d.code)
                .bind(&d.name)
                .bind(&d.description)
                .bind(&d.category)
                .bind(d.office_id.map(|o| o.0))
                .bind(&d.responsible)
                .bind(i64::from(d.term.days))
                .bind(d.term.unit.code())
                .bind(d.silence_consent)
                .bind(&d.substitute)
                .bind(d.channels.join(","))
                .bind(&d.fee)
                .bind(&d.sheet_ref)
                .bind(d.published)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                Self::insert_definition(&mut tx, t, id, fields, by, now).await?;
                tx.commit().await?;
                self.service(t, id).await
            }

            async fn update_service(
                &self,
                t: urp_domain::TenantId,
                id: i64,
                d: &$crate::ServiceData,
                fields: &[urp_domain::catalogue::IntakeField],
                by: Option<urp_domain::UserId>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::Service> {
                let now = $crate::time::to_db(now);
                let mut tx = self.begin_write().await?;
                let current: Option<Option<String>> = sqlx::query_scalar(
                    "SELECT d.fields FROM services s LEFT JOIN service_definitions d \
                     ON d.tenant_id = s.tenant_id AND d.id = s.current_definition_id WHERE s.tenant_id = $1 AND s.id = $2",
                )
                .bind(t.0)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(current) = current else { return Err($crate::StoreError::NotFound) };
                sqlx::query(
                    "UPDATE services SET code = $1, name = $2, description = $3, category = $4, office_id = $5, \
                     responsible = $6, term_days = $7, term_unit = $8, silence_consent = $9, substitute = $10, \
                     channels = $11, fee = $12, sheet_ref = $13, published = $14, updated_at = $15 \
                     WHERE tenant_id = $16 AND id = $17",
                )
                .bind(&d.code)
                .bind(&d.name)
                .bind(&d.description)
                .bind(&d.category)
                .bind(d.office_id.map(|o| o.0))
                .bind(&d.responsible)
                .bind(i64::from(d.term.days))
                .bind(d.term.unit.code())
                .bind(d.silence_consent)
                .bind(&d.substitute)
                .bind(d.channels.join(","))
                .bind(&d.fee)
                .bind(&d.sheet_ref)
                .bind(d.published)
                .bind(now)
                .bind(t.0)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                let unchanged = match current.as_deref() {
                    Some(json) => $crate::catalogue::fields_from_json(json)? == fields,
                    None => false,
                };
                if !unchanged {
                    Self::insert_definition(&mut tx, t, id, fields, by, now).await?;
                }
                tx.commit().await?;
                self.service(t, id).await
            }

            async fn service_definition(
                &self,
                t: urp_domain::TenantId,
                id: i64,
            ) -> $crate::StoreResult<$crate::ServiceDefinition> {
                let r = sqlx::query::<$Db>(
                    "SELECT id, service_id, version, fields, created_at FROM service_definitions WHERE tenant_id = $1 AND id = $2",
                )
                .bind(t.0)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .ok_or($crate::StoreError::NotFound)?;
                catalogue_rows::definition(&r)
            }

            async fn service_definitions(
                &self,
                t: urp_domain::TenantId,
                service_id: i64,
            ) -> $crate::StoreResult<Vec<$crate::ServiceDefinition>> {
                sqlx::query::<$Db>(
                    "SELECT id, service_id, version, fields, created_at FROM service_definitions \
                     WHERE tenant_id = $1 AND service_id = $2 ORDER BY version DESC",
                )
                .bind(t.0)
                .bind(service_id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(catalogue_rows::definition)
                .collect()
            }

            async fn create_form(
                &self,
                t: urp_domain::TenantId,
                d: &$crate::FormDocData,
                services: &[i64],
                first: &$crate::NewFormVersion,
                by: Option<urp_domain::UserId>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::FormDoc> {
                let now = $crate::time::to_db(now);
                let mut tx = self.begin_write().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO forms (tenant_id, title, description, office_id, topic_id, sheet_refs, valid_from, \
                     valid_until, review_by, needs_review, published, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
                )
                .bind(t.0)
                .bind(&d.title)
                .bind(&d.description)
                .bind(d.office_id.map(|o| o.0))
                .bind(d.topic_id)
                .bind(&d.sheet_refs)
                .bind(d.valid_from.map($crate::cases::date_text))
                .bind(d.valid_until.map($crate::cases::date_text))
                .bind(d.review_by.map($crate::cases::date_text))
                .bind(d.needs_review)
                .bind(d.published)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                Self::set_form_services(&mut tx, t, id, services).await?;
                Self::insert_form_version(&mut tx, t, id, first, by, now).await?;
                tx.commit().await?;
                self.form(t, id).await
            }

            async fn update_form(
                &self,
                t: urp_domain::TenantId,
                id: i64,
                d: &$crate::FormDocData,
                services: &[i64],
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::FormDoc> {
                let mut tx = self.begin_write().await?;
                let n = sqlx::query(
                    "UPDATE forms SET title = $1, description = $2, office_id = $3, topic_id = $4, sheet_refs = $5, \
                     valid_from = $6, valid_until = $7, review_by = $8, needs_review = $9, published = $10, updated_at = $11 \
                     WHERE tenant_id = $12 AND id = $13",
                )
                .bind(&d.title)
                .bind(&d.description)
                .bind(d.office_id.map(|o| o.0))
                .bind(d.topic_id)
                .bind(&d.sheet_refs)
                .bind(d.valid_from.map($crate::cases::date_text))
                .bind(d.valid_until.map($crate::cases::date_text))
                .bind(d.review_by.map($crate::cases::date_text))
                .bind(d.needs_review)
                .bind(d.published)
                .bind($crate::time::to_db(now))
                .bind(t.0)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err($crate::StoreError::NotFound);
                }
                Self::set_form_services(&mut tx, t, id, services).await?;
                tx.commit().await?;
                self.form(t, id).await
            }

            async fn add_form_version(
                &self,
                t: urp_domain::TenantId,
                form_id: i64,
                v: &$crate::NewFormVersion,
                by: Option<urp_domain::UserId>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::FormVersionMeta> {
                let mut tx = self.begin_write().await?;
                let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM forms WHERE tenant_id = $1 AND id = $2")
                    .bind(t.0)
                    .bind(form_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if exists.is_none() {
                    return Err($crate::StoreError::NotFound);
                }
                let id = Self::insert_form_version(&mut tx, t, form_id, v, by, $crate::time::to_db(now)).await?;
                tx.commit().await?;
                self.form_versions(t, form_id)
                    .await?
                    .into_iter()
                    .find(|m| m.id == id)
                    .ok_or($crate::StoreError::NotFound)
            }

            async fn form(&self, t: urp_domain::TenantId, id: i64) -> $crate::StoreResult<$crate::FormDoc> {
                let r = sqlx::query::<$Db>(concat!(
                    "SELECT ",
                    $crate::catalogue::form_cols!(),
                    " FROM forms WHERE tenant_id = $1 AND id = $2"
                ))
                .bind(t.0)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .ok_or($crate::StoreError::NotFound)?;
                let f = catalogue_rows::form(&r)?;
                self.complete_forms(t, vec![f]).await?.pop().ok_or($crate::StoreError::NotFound)
            }

            async fn list_forms(
                &self,
                t: urp_domain::TenantId,
                f: &$crate::FormFilter,
            ) -> $crate::StoreResult<Vec<$crate::FormDoc>> {
                let mut q = sqlx::QueryBuilder::<$Db>::new(concat!(
                    "SELECT ",
                    $crate::catalogue::form_cols!(),
                    " FROM forms WHERE tenant_id = "
                ));
                q.push_bind(t.0);
                if f.published_only {
                    q.push(" AND published = ").push_bind(true);
                }
                if let Some(o) = f.office_id {
                    q.push(" AND office_id = ").push_bind(o.0);
                }
                if let Some(topic) = f.topic_id {
                    q.push(" AND topic_id = ").push_bind(topic);
                }
                if let Some(s) = f.service_id {
                    q.push(" AND id IN (SELECT form_id FROM service_forms WHERE tenant_id = ")
                        .push_bind(t.0)
                        .push(" AND service_id = ")
                        .push_bind(s)
                        .push(")");
                }
                if let Some(text) = f.text.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    for word in text.split_whitespace().take(8) {
                        let escaped = word.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                        let pattern = format!("%{escaped}%");
                        q.push(" AND (LOWER(title) LIKE ")
                            .push_bind(pattern.clone())
                            .push(" ESCAPE '\\' OR LOWER(description) LIKE ")
                            .push_bind(pattern)
                            .push(" ESCAPE '\\')");
                    }
                }
                q.push(" ORDER BY title, id LIMIT 500");
                let forms = q
                    .build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(catalogue_rows::form)
                    .collect::<$crate::StoreResult<Vec<_>>>()?;
                self.complete_forms(t, forms).await
            }

            async fn form_versions(
                &self,
                t: urp_domain::TenantId,
                form_id: i64,
            ) -> $crate::StoreResult<Vec<$crate::FormVersionMeta>> {
                sqlx::query::<$Db>(concat!(
                    "SELECT ",
                    $crate::catalogue::version_cols!(),
                    " FROM form_versions v WHERE v.tenant_id = $1 AND v.form_id = $2 ORDER BY v.version DESC"
                ))
                .bind(t.0)
                .bind(form_id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(catalogue_rows::version)
                .collect()
            }

            async fn form_file(
                &self,
                t: urp_domain::TenantId,
                form_id: i64,
                version_id: Option<i64>,
            ) -> $crate::StoreResult<($crate::FormVersionMeta, Vec<u8>)> {
                let r = match version_id {
                    Some(v) => sqlx::query::<$Db>(concat!(
                        "SELECT ",
                        $crate::catalogue::version_cols!(),
                        ", v.bytes FROM form_versions v WHERE v.tenant_id = $1 AND v.form_id = $2 AND v.id = $3"
                    ))
                    .bind(t.0)
                    .bind(form_id)
                    .bind(v)
                    .fetch_optional(&self.pool)
                    .await?,
                    None => sqlx::query::<$Db>(concat!(
                        "SELECT ",
                        $crate::catalogue::version_cols!(),
                        ", v.bytes FROM form_versions v WHERE v.tenant_id = $1 AND v.form_id = $2 \
                         ORDER BY v.version DESC LIMIT 1"
                    ))
                    .bind(t.0)
                    .bind(form_id)
                    .fetch_optional(&self.pool)
                    .await?,
                }
                .ok_or($crate::StoreError::NotFound)?;
                Ok((catalogue_rows::version(&r)?, sqlx::Row::try_get(&r, "bytes")?))
            }

            async fn record_form_download(
                &self,
                t: urp_domain::TenantId,
                version_id: i64,
                day: chrono::NaiveDate,
            ) -> $crate::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO form_downloads (tenant_id, version_id, day, count) VALUES ($1, $2, $3, 1) \
                     ON CONFLICT (tenant_id, version_id, day) DO UPDATE SET count = form_downloads.count + 1",
                )
                .bind(t.0)
                .bind(version_id)
                .bind($crate::cases::date_text(day))
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn form_downloads_between(
                &self,
                t: urp_domain::TenantId,
                form_ids: &[i64],
                from: chrono::NaiveDate,
                to: chrono::NaiveDate,
            ) -> $crate::StoreResult<i64> {
                if form_ids.is_empty() {
                    return Ok(0);
                }
                let mut q = sqlx::QueryBuilder::<$Db>::new(
                    "SELECT CAST(COALESCE(SUM(d.count), 0) AS BIGINT) FROM form_downloads d JOIN form_versions v \
                     ON v.tenant_id = d.tenant_id AND v.id = d.version_id WHERE d.tenant_id = ",
                );
                q.push_bind(t.0)
                    .push(" AND d.day >= ")
                    .push_bind($crate::cases::date_text(from))
                    .push(" AND d.day <= ")
                    .push_bind($crate::cases::date_text(to))
                    .push(" AND v.form_id IN (");
                let mut sep = q.separated(", ");
                for id in form_ids {
                    sep.push_bind(*id);
                }
                q.push(")");
                Ok(q.build_query_scalar::<i64>().fetch_one(&self.pool).await?)
            }
            async fn create_notice(
                &self,
                t: urp_domain::TenantId,
                d: &$crate::NoticeData,
                image: Option<&$crate::NoticeImage>,
                services: &[i64],
                by: Option<urp_domain::UserId>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::Notice> {
                let now = $crate::time::to_db(now);
                let mut tx = self.begin_write().await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO notices (tenant_id, title, summary, body, topic_id, image_type, image_bytes, image_alt, \
                     publish_from, publish_until, created_by, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
                )
                .bind(t.0)
                .bind(&d.title)
                .bind(&d.summary)
                .bind(&d.body)
                .bind(d.topic_id)
                .bind(image.map(|i| i.content_type.clone()))
                .bind(image.map(|i| i.bytes.clone()))
                .bind(&d.image_alt)
                .bind($crate::time::to_db(d.publish_from))
                .bind(d.publish_until.map($crate::time::to_db))
                .bind(by.map(|u| u.0))
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                Self::set_notice_services(&mut tx, t, id, services).await?;
                tx.commit().await?;
                self.notice(t, id).await
            }

            async fn update_notice(
                &self,
                t: urp_domain::TenantId,
                id: i64,
                d: &$crate::NoticeData,
                image: Option<&$crate::NoticeImage>,
                services: &[i64],
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<$crate::Notice> {
                let mut tx = self.begin_write().await?;
                let n = sqlx::query(
                    "UPDATE notices SET title = $1, summary = $2, body = $3, topic_id = $4, image_alt = $5, \
                     publish_from = $6, publish_until = $7, updated_at = $8 WHERE tenant_id = $9 AND id = $10",
                )
                .bind(&d.title)
                .bind(&d.summary)
                .bind(&d.body)
                .bind(d.topic_id)
                .bind(&d.image_alt)
                .bind($crate::time::to_db(d.publish_from))
                .bind(d.publish_until.map($crate::time::to_db))
                .bind($crate::time::to_db(now))
                .bind(t.0)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err($crate::StoreError::NotFound);
                }
                if let Some(i) = image {
                    sqlx::query("UPDATE notices SET image_type = $1, image_bytes = $2 WHERE tenant_id = $3 AND id = $4")
                        .bind(&i.content_type)
                        .bind(&i.bytes)
                        .bind(t.0)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                Self::set_notice_services(&mut tx, t, id, services).await?;
                tx.commit().await?;
                self.notice(t, id).await
            }

            async fn notice(&self, t: urp_domain::TenantId, id: i64) -> $crate::StoreResult<$crate::Notice> {
                let r = sqlx::query::<$Db>(concat!(
                    "SELECT ",
                    $crate::catalogue::notice_cols!(),
                    " FROM notices WHERE tenant_id = $1 AND id = $2"
                ))
                .bind(t.0)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .ok_or($crate::StoreError::NotFound)?;
                let n = catalogue_rows::notice(&r)?;
                self.complete_notices(t, vec![n]).await?.pop().ok_or($crate::StoreError::NotFound)
            }

            async fn list_notices(
                &self,
                t: urp_domain::TenantId,
                visible_at: Option<chrono::DateTime<chrono::Utc>>,
                limit: i64,
            ) -> $crate::StoreResult<Vec<$crate::Notice>> {
                let mut q = sqlx::QueryBuilder::<$Db>::new(concat!(
                    "SELECT ",
                    $crate::catalogue::notice_cols!(),
                    " FROM notices WHERE tenant_id = "
                ));
                q.push_bind(t.0);
                if let Some(now) = visible_at {
                    let now = $crate::time::to_db(now);
                    q.push(" AND publish_from <= ")
                        .push_bind(now)
                        .push(" AND (publish_until IS NULL OR publish_until > ")
                        .push_bind(now)
                        .push(")");
                }
                q.push(" ORDER BY publish_from DESC, id DESC LIMIT ").push_bind(limit);
                let notices = q
                    .build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(catalogue_rows::notice)
                    .collect::<$crate::StoreResult<Vec<_>>>()?;
                self.complete_notices(t, notices).await
            }

            async fn notice_image(
                &self,
                t: urp_domain::TenantId,
                id: i64,
            ) -> $crate::StoreResult<Option<$crate::NoticeImage>> {
                let row: Option<(Option<String>, Option<Vec<u8>>)> =
                    sqlx::query_as("SELECT image_type, image_bytes FROM notices WHERE tenant_id = $1 AND id = $2")
                        .bind(t.0)
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                match row {
                    None => Err($crate::StoreError::NotFound),
                    Some((Some(content_type), Some(bytes))) => Ok(Some($crate::NoticeImage { content_type, bytes })),
                    Some(_) => Ok(None),
                }
            }
        }
    };
}
pub(crate) use impl_catalogue_store;
