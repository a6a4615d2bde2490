//! Turning a request from any channel (portal form, operator screen, JSON API) into a stored
//! case: one set of rules for all of them. Validation happens before anything is written, so
//! a refused submission consumes no registry number.

use crate::AppState;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use urp_domain::calendar::Calendar;
use urp_domain::case::{CaseKind, Channel};
use urp_domain::deadline::{Deadline, compute_deadline};
use urp_domain::fiscal_code::AnyFiscalCode;
use urp_domain::validate::{self, FieldError};
use urp_domain::{OfficeId, UserId};
use urp_store::{Citizen, Created, IntakeRefs, Location, NewAttachment, NewCase, NewOutbox, StoreError, Tenant};

pub const SUBJECT_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const ATTACHMENT_MAX_BYTES: usize = 5 * 1024 * 1024;
pub const ATTACHMENTS_MAX_TOTAL: usize = 15 * 1024 * 1024;
pub const ATTACHMENTS_MAX_COUNT: usize = 5;

/// A submission as it arrives, before any check.
#[derive(Debug, Clone, Default)]
pub struct IntakeInput {
    pub kind: String,
    pub channel: String,
    pub subject: String,
    pub description: String,
    pub service: String,
    pub topic_id: Option<i64>,
    pub office_id: Option<i64>,
    pub name: String,
    pub surname: String,
    pub email: String,
    pub phone: String,
    pub fiscal_code: String,
    pub address: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub attachments: Vec<(String, Vec<u8>)>,
    pub idempotency_key: Option<String>,
    pub created_by: Option<UserId>,
    /// A case for a catalogue service: its term replaces the kind's, and the answers (already
    /// checked against the definition) are stored with the definition's version.
    pub service_intake: Option<ServiceIntake>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceIntake {
    pub service_id: i64,
    pub definition_id: i64,
    pub term: urp_domain::deadline::Term,
    pub answers: Vec<urp_domain::catalogue::Answer>,
}

/// Field-level refusals: (field name, message-catalogue key).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Refusals(pub Vec<(&'static str, &'static str)>);

impl Refusals {
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        if !self.0.iter().any(|(f, _)| *f == field) {
            self.0.push((field, key));
        }
    }

    fn check<T>(&mut self, field: &'static str, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.add(field, e.code())).ok()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("invalid submission")]
    Invalid(Refusals),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What an ente has set that changes deadlines: its calendar (national holidays, patron
/// saint, extra closing days) and its terms per kind of case.
#[derive(Debug, Clone, Default)]
pub struct CaseRules {
    pub calendar: Calendar,
    pub terms: Vec<(CaseKind, urp_domain::deadline::Term)>,
}

impl CaseRules {
    /// The ente's term for `kind`, or the legal default.
    pub fn term(&self, kind: CaseKind) -> urp_domain::deadline::Term {
        self.terms.iter().find(|(k, _)| *k == kind).map_or_else(|| kind.default_term(), |(_, t)| *t)
    }

    pub async fn load(store: &dyn urp_store::Store, tenant: &Tenant) -> Result<CaseRules, StoreError> {
        Ok(CaseRules::from_refs(tenant, &*store.intake_refs(tenant.id).await?))
    }

    pub fn from_refs(tenant: &Tenant, refs: &IntakeRefs) -> CaseRules {
        let closures = refs.closures.iter().copied();
        let calendar = Calendar::new(tenant.data.patron_day).unwrap_or_default().with_closures(closures);
        CaseRules { calendar, terms: refs.kind_terms.clone() }
    }
}

/// The day in Italy (the ente's legal calendar) of an instant.
pub fn local_date(at: DateTime<Utc>) -> chrono::NaiveDate {
    at.with_timezone(&chrono_tz::Europe::Rome).date_naive()
}

/// 128 random bits, URL-safe: the citizen's key to the tracking page, unrelated to the
/// registry number so that it cannot be guessed from it.
pub fn tracking_code() -> String {
    crate::context::random_bytes_b64(16)
}

/// What a file really is, from its first bytes; the name and the client's claim are ignored.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"PK\x03\x04") {
        // OpenDocument and Office Open XML files are ZIP containers.
        Some("application/zip")
    } else {
        None
    }
}

/// A file name safe to store and to offer for download: no path, no control characters.
pub fn sanitize_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') { c } else { '_' })
        .collect::<String>()
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .chars()
        .take(120)
        .collect();
    if cleaned.is_empty() { "allegato".into() } else { cleaned }
}

/// Checks files by size, count and content (never by name or claimed type) and keeps the
/// valid ones; refusals go under the `attachments` field.
pub fn check_attachments(files: &[(String, Vec<u8>)], r: &mut Refusals) -> Vec<NewAttachment> {
    let mut attachments = Vec::new();
    let mut total = 0usize;
    if files.len() > ATTACHMENTS_MAX_COUNT {
        r.add("attachments", "err-attachments-count");
    }
    for (file_name, bytes) in files {
        total += bytes.len();
        if bytes.len() > ATTACHMENT_MAX_BYTES {
            r.add("attachments", "err-attachment-too-large");
        } else if let Some(content_type) = sniff(bytes) {
            attachments.push(NewAttachment {
                file_name: sanitize_file_name(file_name),
                content_type: content_type.to_string(),
                sha256: Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect(),
                bytes: bytes.clone(),
                public: true,
            });
        } else {
            r.add("attachments", "err-attachment-type");
        }
    }
    if total > ATTACHMENTS_MAX_TOTAL {
        r.add("attachments", "err-attachments-total");
    }
    attachments
}

/// Checks everything and builds the case to store; `Err` lists every refused field.
pub fn validate(
    input: &IntakeInput,
    rules: &CaseRules,
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<(NewCase, Deadline), Refusals> {
    let mut r = Refusals::default();
    let kind = input.kind.trim().parse::<CaseKind>().map_err(|_| r.add("kind", "err-case-kind")).ok();
    let channel = input.channel.trim().parse::<Channel>().map_err(|_| r.add("channel", "err-case-channel")).ok();
    let subject = r.check("subject", validate::required_text(&input.subject, SUBJECT_MAX));
    let description = r.check("description", validate::required_text(&input.description, DESCRIPTION_MAX));
    let service = r.check("service", validate::optional_text(&input.service, 200));
    let name = r.check("name", validate::optional_text(&input.name, 100));
    let surname = r.check("surname", validate::optional_text(&input.surname, 100));
    let email = r.check("email", validate::optional_email(&input.email));
    let phone = r.check("phone", validate::optional_phone(&input.phone));
    let fiscal_code = if input.fiscal_code.trim().is_empty() {
        Some(None)
    } else {
        match AnyFiscalCode::parse(&input.fiscal_code) {
            Ok(fc) => Some(Some(fc.to_string())),
            Err(_) => {
                r.add("fiscal_code", "err-fiscal-code");
                None
            }
        }
    };
    let address = r.check("address", validate::optional_text(&input.address, 300));
    if input.lat.is_some_and(|v| !(-90.0..=90.0).contains(&v))
        || input.lon.is_some_and(|v| !(-180.0..=180.0).contains(&v))
    {
        r.add("location", "err-location");
    }
    if input.lat.is_some() != input.lon.is_some() {
        r.add("location", "err-location");
    }
    // Access requests must identify who asks (L. 241/1990 art. 25; D.Lgs. 33/2013 art. 5 c. 3).
    if kind.is_some_and(CaseKind::is_access_request) {
        if input.name.trim().is_empty() {
            r.add("name", "err-required");
        }
        if input.surname.trim().is_empty() {
            r.add("surname", "err-required");
        }
        if input.email.trim().is_empty() {
            r.add("email", "err-email-needed");
        }
    }
    let attachments = check_attachments(&input.attachments, &mut r);
    let (Some(kind), Some(channel), Some(subject), Some(description), Some(service)) =
        (kind, channel, subject, description, service)
    else {
        return Err(r);
    };
    let (Some(name), Some(surname), Some(email), Some(phone), Some(fiscal_code), Some(address)) =
        (name, surname, email, phone, fiscal_code, address)
    else {
        return Err(r);
    };
    if !r.is_empty() {
        return Err(r);
    }
    let received_date = local_date(now);
    // A service's legal term decides the deadline, not the kind's default (L. 241/1990 art. 2).
    let term = input.service_intake.as_ref().map_or_else(|| rules.term(kind), |s| s.term);
    let deadline = compute_deadline(received_date, term, &[], &rules.calendar);
    let outbox = email
        .iter()
        .map(|e| NewOutbox { kind: "case_receipt".into(), recipient: e.clone(), lang: lang.code().into() })
        .collect();
    let case = NewCase {
        kind,
        channel,
        subject,
        description,
        service,
        topic_id: input.topic_id,
        office_id: input.office_id.map(OfficeId),
        citizen: Citizen { name, surname, email, phone, fiscal_code },
        location: Location { address, lat: input.lat, lon: input.lon },
        term,
        received_at: now,
        received_date,
        due_date: deadline.due(),
        tracking_code: tracking_code(),
        created_by: input.created_by,
        idempotency_key: input
            .idempotency_key
            .clone()
            .filter(|k| !k.trim().is_empty())
            .map(|k| k.chars().take(200).collect()),
        attachments,
        outbox,
        intake: input.service_intake.as_ref().map(|s| urp_store::CaseIntake {
            service_id: s.service_id,
            definition_id: s.definition_id,
            answers: s.answers.clone(),
        }),
    };
    Ok((case, deadline))
}

/// Validates and stores. Offices and topics must belong to the ente; an unknown one is a
/// refused field, not a server error.
pub async fn submit(
    state: &AppState,
    tenant: &Tenant,
    input: &IntakeInput,
    lang: Lang,
) -> Result<Created, IntakeError> {
    let refs = state.store.intake_refs(tenant.id).await?;
    let rules = CaseRules::from_refs(tenant, &refs);
    let (case, _) = validate(input, &rules, Utc::now(), lang).map_err(IntakeError::Invalid)?;
    if case.office_id.is_some_and(|o| !refs.offices.contains(&o)) {
        return Err(IntakeError::Invalid(Refusals(vec![("office_id", "err-unknown-office")])));
    }
    if case.topic_id.is_some_and(|topic| !refs.topics.iter().any(|t| t.id == topic)) {
        return Err(IntakeError::Invalid(Refusals(vec![("topic_id", "err-unknown-topic")])));
    }
    let created = state.store.create_case(tenant.id, &case).await?;
    if let Created::New(c) = &created {
        metrics::counter!("urp_cases_created_total", "channel" => c.channel.code()).increment(1);
        crate::routing_flow::auto_route(state, tenant, c, lang).await;
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant() -> CaseRules {
        CaseRules { calendar: Calendar::new(Some((9, 29))).unwrap(), terms: vec![] }
    }

    fn input() -> IntakeInput {
        IntakeInput {
            kind: "reclamo".into(),
            channel: "web".into(),
            subject: "Buche in via Roma".into(),
            description: "Ci sono buche pericolose.".into(),
            email: "Anna@Example.org".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_input_builds_a_case_with_a_due_date_and_a_receipt() {
        let now = DateTime::parse_from_rfc3339("2026-12-04T10:00:00+01:00").unwrap().with_timezone(&Utc);
        let (c, d) = validate(&input(), &tenant(), now, Lang::It).unwrap();
        assert_eq!(c.kind, CaseKind::Reclamo);
        assert_eq!(c.citizen.email.as_deref(), Some("anna@example.org"));
        // 30 calendar days from Fri 4 Dec 2026 end on Sun 3 Jan 2027: moved to Monday.
        assert_eq!(c.due_date, chrono::NaiveDate::from_ymd_opt(2027, 1, 4));
        assert_eq!(d.due(), c.due_date);
        assert_eq!(c.outbox.len(), 1);
        assert!(c.tracking_code.len() >= 22);
    }

    #[test]
    fn the_entes_term_for_a_kind_applies() {
        let now = DateTime::parse_from_rfc3339("2026-12-04T10:00:00+01:00").unwrap().with_timezone(&Utc);
        let rules = CaseRules {
            calendar: Calendar::default(),
            terms: vec![(CaseKind::Reclamo, urp_domain::deadline::Term::working_days(10))],
        };
        let (c, _) = validate(&input(), &rules, now, Lang::It).unwrap();
        assert_eq!(c.term, urp_domain::deadline::Term::working_days(10));
        // Ten working days after Fri 4 Dec 2026, skipping 8 December (Immacolata): Mon 21 Dec.
        assert_eq!(c.due_date, chrono::NaiveDate::from_ymd_opt(2026, 12, 21));
    }

    #[test]
    fn a_services_term_replaces_the_kinds_and_its_answers_are_kept() {
        let now = DateTime::parse_from_rfc3339("2026-12-04T10:00:00+01:00").unwrap().with_timezone(&Utc);
        let mut i = input();
        i.kind = "avvio_procedimento".into();
        let answers = vec![urp_domain::catalogue::Answer { code: "targa".into(), values: vec!["AB123CD".into()] }];
        i.service_intake = Some(ServiceIntake {
            service_id: 7,
            definition_id: 3,
            term: urp_domain::deadline::Term::working_days(5),
            answers: answers.clone(),
        });
        let (c, _) = validate(&i, &tenant(), now, Lang::It).unwrap();
        assert_eq!(c.term, urp_domain::deadline::Term::working_days(5));
        // Five working days after Fri 4 Dec 2026 — Mon 7, Wed 9, Thu 10, Fri 11, Mon 14 —
        // skipping the weekend and Tue 8 December (Immacolata).
        assert_eq!(c.due_date, chrono::NaiveDate::from_ymd_opt(2026, 12, 14));
        let kept = c.intake.unwrap();
        assert_eq!((kept.service_id, kept.definition_id, kept.answers), (7, 3, answers));
    }

    #[test]
    fn receipt_day_is_the_italian_day() {
        // 23:30 UTC on 31 December is already 1 January in Italy: next year's register.
        let now = DateTime::parse_from_rfc3339("2026-12-31T23:30:00Z").unwrap().with_timezone(&Utc);
        let (c, _) = validate(&input(), &tenant(), now, Lang::It).unwrap();
        assert_eq!(c.received_date, chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    }

    #[test]
    fn bad_fields_are_all_reported() {
        let mut i = input();
        i.kind = "lamentela".into();
        i.description = "x".repeat(DESCRIPTION_MAX + 1);
        i.email = "anna@".into();
        i.fiscal_code = "RSSMRA85T10A562X".into();
        i.lat = Some(95.0);
        i.lon = Some(12.0);
        let r = validate(&i, &tenant(), Utc::now(), Lang::It).unwrap_err();
        let fields: Vec<&str> = r.0.iter().map(|(f, _)| *f).collect();
        for f in ["kind", "description", "email", "fiscal_code", "location"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn access_requests_need_an_identified_requester() {
        let mut i = input();
        i.kind = "accesso_civico_generalizzato".into();
        i.email = String::new();
        let r = validate(&i, &tenant(), Utc::now(), Lang::It).unwrap_err();
        let fields: Vec<&str> = r.0.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["name", "surname", "email"]);
    }

    #[test]
    fn attachments_are_checked_by_content() {
        let mut i = input();
        i.attachments = vec![("../../etc/foto.png".into(), b"\x89PNG\r\n\x1a\nrest".to_vec())];
        let (c, _) = validate(&i, &tenant(), Utc::now(), Lang::It).unwrap();
        assert_eq!(c.attachments[0].file_name, "foto.png");
        assert_eq!(c.attachments[0].content_type, "image/png");
        i.attachments = vec![("foto.png".into(), b"MZ\x90\0 not an image".to_vec())];
        let r = validate(&i, &tenant(), Utc::now(), Lang::It).unwrap_err();
        assert_eq!(r.0, vec![("attachments", "err-attachment-type")]);
    }

    #[test]
    fn file_names_are_sanitised() {
        assert_eq!(sanitize_file_name("C:\\Users\\a\\relazione finale.pdf"), "relazione finale.pdf");
        assert_eq!(sanitize_file_name("<script>.pdf"), "_script_.pdf");
        assert_eq!(sanitize_file_name("..."), "allegato");
    }
}
