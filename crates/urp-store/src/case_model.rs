//! Records of cases, their history and the outbox.

use chrono::{DateTime, NaiveDate, Utc};
use urp_domain::case::{CaseKind, CaseStatus, Channel};
use urp_domain::deadline::Term;
use urp_domain::registry::RegistryNumber;
use urp_domain::{OfficeId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseId(pub i64);

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Who the case is from. Every field is optional: anonymous reports are normal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Citizen {
    pub name: Option<String>,
    pub surname: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub fiscal_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Location {
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewAttachment {
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
    pub public: bool,
}

/// An e-mail (or later another side effect) to perform once the change has committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutbox {
    pub kind: String,
    pub recipient: String,
    pub lang: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewCase {
    pub kind: CaseKind,
    pub channel: Channel,
    pub subject: String,
    pub description: String,
    pub service: Option<String>,
    pub topic_id: Option<i64>,
    pub office_id: Option<OfficeId>,
    pub citizen: Citizen,
    pub location: Location,
    pub term: Term,
    pub received_at: DateTime<Utc>,
    /// The day of receipt in the ente's calendar (Europe/Rome): the registry year and the
    /// deadline both count from it.
    pub received_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub tracking_code: String,
    pub created_by: Option<UserId>,
    pub idempotency_key: Option<String>,
    pub attachments: Vec<NewAttachment>,
    /// The receipt, when the citizen left an e-mail address.
    pub outbox: Vec<NewOutbox>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub id: CaseId,
    pub registry: RegistryNumber,
    pub tracking_code: String,
    pub kind: CaseKind,
    pub channel: Channel,
    pub status: CaseStatus,
    pub subject: String,
    pub description: String,
    pub service: Option<String>,
    pub topic_id: Option<i64>,
    pub office_id: Option<OfficeId>,
    pub assignee_id: Option<UserId>,
    pub citizen: Citizen,
    pub location: Location,
    pub term: Term,
    pub received_at: DateTime<Utc>,
    pub received_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_by: Option<UserId>,
    pub updated_at: DateTime<Utc>,
}

/// The outcome of storing a case: new, or the one an earlier request with the same
/// idempotency key already created.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    New(CaseRecord),
    Replayed(CaseRecord),
}

impl Created {
    pub fn record(&self) -> &CaseRecord {
        match self {
            Created::New(r) | Created::Replayed(r) => r,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEventRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    /// `created`, `transition`, `note`, `reply`, `assign`.
    pub kind: String,
    pub from_status: Option<CaseStatus>,
    pub to_status: Option<CaseStatus>,
    pub body: Option<String>,
    pub public: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspensionRecord {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub reason: String,
}

/// One change to a case, applied atomically: the status moves only if it still is
/// `expected_status` (two operators acting at once cannot both win).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseChange {
    pub case_id: CaseId,
    pub expected_status: CaseStatus,
    pub new_status: CaseStatus,
    pub actor_id: Option<UserId>,
    pub at: DateTime<Utc>,
    pub event_kind: String,
    pub body: Option<String>,
    pub public: bool,
    pub due_date: Option<NaiveDate>,
    /// Opens a suspension on this day with this reason.
    pub open_suspension: Option<(NaiveDate, String)>,
    /// Closes the open suspension on this day.
    pub close_suspension: Option<NaiveDate>,
    pub closed: bool,
    /// Makes this user the one handling the case.
    pub assign_to: Option<UserId>,
    /// Files that go with this change (documents attached to a reply).
    pub attachments: Vec<NewAttachment>,
    pub outbox: Vec<NewOutbox>,
}

/// Filters of the operator queue. Empty means "any".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseFilter {
    pub statuses: Vec<CaseStatus>,
    pub kind: Option<CaseKind>,
    pub channel: Option<Channel>,
    pub office_id: Option<OfficeId>,
    pub topic_id: Option<i64>,
    pub assignee_id: Option<UserId>,
    /// Due strictly before this day (overdue when it is today), or within N days when later.
    pub due_before: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub tenant_id: urp_domain::TenantId,
    pub kind: String,
    pub recipient: String,
    pub lang: String,
    pub case_id: Option<CaseId>,
    pub event_id: Option<i64>,
    /// The knowledge-base sheet a review reminder is about.
    pub sheet_id: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentMeta {
    pub id: i64,
    /// The history row the file came with (the intake, or a reply).
    pub event_id: Option<i64>,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub public: bool,
}
