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
    /// A case opened for a catalogue service: the service, its definition version and the answers.
    pub intake: Option<CaseIntake>,
}

/// What a case opened for a service keeps: the definition version it was opened with (so the
/// answers are always read against the questions that were asked) and the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseIntake {
    pub service_id: i64,
    pub definition_id: i64,
    pub answers: Vec<urp_domain::catalogue::Answer>,
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
    pub intake: Option<CaseIntake>,
}

impl CaseRecord {
    /// The record of a case just written with row `id` and registry sequence `seq`: exactly
    /// what reading it back would return (timestamps are kept to the millisecond, as stored).
    pub(crate) fn stored(id: i64, seq: i64, c: &NewCase) -> crate::StoreResult<CaseRecord> {
        use chrono::Datelike as _;
        let received_at = crate::time::from_db(crate::time::to_db(c.received_at))?;
        Ok(CaseRecord {
            id: CaseId(id),
            registry: RegistryNumber {
                year: c.received_date.year(),
                seq: u64::try_from(seq).map_err(|_| crate::StoreError::Corrupt("seq".into()))?,
            },
            tracking_code: c.tracking_code.clone(),
            kind: c.kind,
            channel: c.channel,
            status: CaseStatus::INITIAL,
            subject: c.subject.clone(),
            description: c.description.clone(),
            service: c.service.clone(),
            topic_id: c.topic_id,
            office_id: c.office_id,
            assignee_id: None,
            citizen: c.citizen.clone(),
            location: c.location.clone(),
            term: c.term,
            received_at,
            received_date: c.received_date,
            due_date: c.due_date,
            closed_at: None,
            created_by: c.created_by,
            updated_at: received_at,
            intake: c.intake.clone(),
        })
    }
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

/// The ente's settings a new case is checked and timed against: closing days, terms per
/// kind, topics and offices. Read together, and cached briefly (see `cache`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IntakeRefs {
    pub closures: Vec<NaiveDate>,
    pub kind_terms: Vec<(CaseKind, Term)>,
    pub topics: Vec<crate::Topic>,
    pub offices: Vec<OfficeId>,
}
