//! Records of the service catalogue and the forms library.

use chrono::{DateTime, NaiveDate, Utc};
use urp_domain::OfficeId;
use urp_domain::catalogue::IntakeField;
use urp_domain::deadline::Term;

/// What an editor sets on a service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceData {
    pub code: String,
    pub name: String,
    pub description: String,
    /// A code of `urp_domain::service_category::SERVICE_CATEGORIES`.
    pub category: String,
    pub office_id: Option<OfficeId>,
    /// Responsabile del procedimento.
    pub responsible: Option<String>,
    pub term: Term,
    pub silence_consent: bool,
    /// Titolare del potere sostitutivo.
    pub substitute: Option<String>,
    /// Codes of `urp_domain::catalogue::SERVICE_CHANNELS`.
    pub channels: Vec<String>,
    pub fee: Option<String>,
    /// The service's information sheet (an id or a URL; not checked until sheets exist).
    pub sheet_ref: Option<String>,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: i64,
    pub data: ServiceData,
    /// The definition version new cases are opened with.
    pub current_definition_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One version of a service's intake definition; never changed once written.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDefinition {
    pub id: i64,
    pub service_id: i64,
    pub version: i64,
    pub fields: Vec<IntakeField>,
    pub created_at: DateTime<Utc>,
}

/// What an editor sets on a form of the library.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormDocData {
    pub title: String,
    pub description: String,
    pub office_id: Option<OfficeId>,
    pub topic_id: Option<i64>,
    /// Sheets that use the form, one id or URL per line (not checked until sheets exist).
    pub sheet_refs: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub review_by: Option<NaiveDate>,
    /// Marked "da rivedere" by an editor.
    pub needs_review: bool,
    pub published: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormVersionMeta {
    pub id: i64,
    pub form_id: i64,
    pub version: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub downloads: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormDoc {
    pub id: i64,
    pub data: FormDocData,
    /// The services that need this form.
    pub service_ids: Vec<i64>,
    /// The version the public link serves (the latest).
    pub current: Option<FormVersionMeta>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl FormDoc {
    /// Whether the form is due for review: marked so, or its review-by date has come.
    pub fn due_for_review(&self, today: NaiveDate) -> bool {
        self.data.needs_review || self.data.review_by.is_some_and(|d| d <= today)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewFormVersion {
    pub file_name: String,
    /// Detected from the bytes by the caller.
    pub content_type: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormFilter {
    pub published_only: bool,
    /// Words in the title or description (case-insensitive).
    pub text: Option<String>,
    pub office_id: Option<OfficeId>,
    pub topic_id: Option<i64>,
    pub service_id: Option<i64>,
}

/// What an editor sets on a notice (avviso, comunicato, notizia).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NoticeData {
    pub title: String,
    pub summary: String,
    pub body: String,
    pub topic_id: Option<i64>,
    pub publish_from: DateTime<Utc>,
    /// `None`: published until withdrawn.
    pub publish_until: Option<DateTime<Utc>>,
    pub image_alt: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NoticeImage {
    /// Detected from the bytes by the caller.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub id: i64,
    pub data: NoticeData,
    pub has_image: bool,
    pub service_ids: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Notice {
    /// Whether the public sees it at `now`.
    pub fn is_published(&self, now: DateTime<Utc>) -> bool {
        self.data.publish_from <= now && self.data.publish_until.is_none_or(|u| now < u)
    }
}
