//! Cases (richieste / pratiche): their kinds, intake channels, statuses and the one state
//! machine that moves a case through its lifecycle.
//!
//! The lifecycle (issue "Cases", rule 3): `nuova` → `presa_in_carico` → `in_lavorazione` ⇄
//! `sospesa` (waiting for the citizen's additions) … → `risposta_inviata` → `chiusa`; an open
//! case may also end `respinta` (rejected) or `ritirata` (withdrawn by the citizen), and an
//! answered, closed or rejected one may be `riaperta` (reopened). The full table is on
//! [`transition`].
//!
//! [`transition`] is the only place that decides whether a status may change; the store
//! records each accepted change (who, when, from, to, why) in the case history. Who may fire
//! an event (an operator, a referent, the citizen for [`CaseEvent::Withdraw`]) is a question
//! for [`crate::policy`], not for this module.

use crate::deadline::Term;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

// ---------------------------------------------------------------------------------------------
// Case kinds
// ---------------------------------------------------------------------------------------------

/// What the citizen asks for. The kind decides the default term, whether a reply is owed
/// before closing, and whether the case belongs in the public "registro degli accessi".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// A request for information. The URP exists to inform citizens on the administration's
    /// services, structures and procedures (L. 150/2000 art. 8 c. 2 lett. a–b), so the
    /// question is answered. No statute sets a term: the general 30 days of L. 241/1990
    /// art. 2 c. 2 apply.
    Informazione,
    /// A complaint about a service failure (reclamo / disservizio). The public-service
    /// complaint procedure (Direttiva PCM 27 gennaio 1994, "Principi sull'erogazione dei
    /// servizi pubblici"; D.Lgs. 286/1999 art. 11) requires an answer to the complainant.
    /// Default 30 days (L. 241/1990 art. 2 c. 2), usually configured per tenant by its carta
    /// dei servizi.
    Reclamo,
    /// A report of a problem (a broken street light, litter, a pothole). A report is not an
    /// application (istanza) under L. 241/1990 art. 2 c. 1, which is what creates the duty
    /// to conclude with an express act, so the office may close it once handled without a
    /// formal reply; the reporter still hears of each status change. Default 30 days
    /// (art. 2 c. 2) as the office's target.
    Segnalazione,
    /// A suggestion. Collected to check service quality by listening to citizens
    /// (L. 150/2000 art. 8 c. 2 lett. d); no formal answer is owed. Default 30 days.
    Suggerimento,
    /// Praise. Collected with suggestions (L. 150/2000 art. 8 c. 2 lett. d); no formal
    /// answer is owed. Default 30 days.
    Elogio,
    /// Documentary access to administrative documents (L. 241/1990 art. 22–25; DPR
    /// 184/2006). 30 days from filing (art. 25 c. 4); a refusal must be motivated (art. 25
    /// c. 3), so a reply is owed.
    AccessoDocumentale,
    /// Simple civic access: data that had to be published and were not (D.Lgs. 33/2013
    /// art. 5 c. 1). Concluded by an express, motivated decision within 30 days (art. 5 c. 6).
    AccessoCivicoSemplice,
    /// Generalised civic access, the Italian FOIA: data held beyond those published
    /// (D.Lgs. 33/2013 art. 5 c. 2). Concluded by an express, motivated decision within 30
    /// days (art. 5 c. 6).
    AccessoCivicoGeneralizzato,
    /// An application that starts an administrative procedure. The administration must
    /// conclude it with an express act (L. 241/1990 art. 2 c. 1) within the term of the
    /// service, 30 days where none is set (art. 2 c. 2).
    AvvioProcedimento,
}

impl CaseKind {
    pub const ALL: [CaseKind; 9] = [
        CaseKind::Informazione,
        CaseKind::Reclamo,
        CaseKind::Segnalazione,
        CaseKind::Suggerimento,
        CaseKind::Elogio,
        CaseKind::AccessoDocumentale,
        CaseKind::AccessoCivicoSemplice,
        CaseKind::AccessoCivicoGeneralizzato,
        CaseKind::AvvioProcedimento,
    ];

    /// The stable code used in storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            CaseKind::Informazione => "informazione",
            CaseKind::Reclamo => "reclamo",
            CaseKind::Segnalazione => "segnalazione",
            CaseKind::Suggerimento => "suggerimento",
            CaseKind::Elogio => "elogio",
            CaseKind::AccessoDocumentale => "accesso_documentale",
            CaseKind::AccessoCivicoSemplice => "accesso_civico_semplice",
            CaseKind::AccessoCivicoGeneralizzato => "accesso_civico_generalizzato",
            CaseKind::AvvioProcedimento => "avvio_procedimento",
        }
    }

    /// The term that applies when neither the tenant nor the service sets one: 30 calendar
    /// days for every kind (L. 241/1990 art. 2 c. 2; art. 25 c. 4 for documentary access;
    /// D.Lgs. 33/2013 art. 5 c. 6 for civic access). See each variant for its source.
    pub fn default_term(self) -> Term {
        match self {
            CaseKind::Informazione
            | CaseKind::Reclamo
            | CaseKind::Segnalazione
            | CaseKind::Suggerimento
            | CaseKind::Elogio
            | CaseKind::AccessoDocumentale
            | CaseKind::AccessoCivicoSemplice
            | CaseKind::AccessoCivicoGeneralizzato
            | CaseKind::AvvioProcedimento => Term::DEFAULT,
        }
    }

    /// Whether the citizen is owed a reply before the case may be closed. Only reports,
    /// suggestions and praise may be closed without one (see each variant); every other kind
    /// must pass through `risposta_inviata` (see [`transition`]).
    pub fn requires_answer(self) -> bool {
        match self {
            CaseKind::Informazione
            | CaseKind::Reclamo
            | CaseKind::AccessoDocumentale
            | CaseKind::AccessoCivicoSemplice
            | CaseKind::AccessoCivicoGeneralizzato
            | CaseKind::AvvioProcedimento => true,
            CaseKind::Segnalazione | CaseKind::Suggerimento | CaseKind::Elogio => false,
        }
    }

    /// The three kinds of access request, which go in the public "registro degli accessi"
    /// (ANAC delibera 1309/2016: one register for documentary, simple and generalised civic
    /// access).
    pub fn is_access_request(self) -> bool {
        matches!(
            self,
            CaseKind::AccessoDocumentale | CaseKind::AccessoCivicoSemplice | CaseKind::AccessoCivicoGeneralizzato
        )
    }
}

impl fmt::Display for CaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown case kind `{0}` (expected one of informazione, reclamo, segnalazione, suggerimento, elogio, \
     accesso_documentale, accesso_civico_semplice, accesso_civico_generalizzato, avvio_procedimento)"
)]
pub struct UnknownCaseKind(pub String);

impl FromStr for CaseKind {
    type Err = UnknownCaseKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseKind::ALL.into_iter().find(|k| k.code() == s.trim()).ok_or_else(|| UnknownCaseKind(s.to_string()))
    }
}

// ---------------------------------------------------------------------------------------------
// Channels
// ---------------------------------------------------------------------------------------------

/// How a request reached the office. Every channel leads to the same rules: an operator
/// entering a case from the counter or the phone creates exactly what the portal creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// In person at the counter.
    Sportello,
    Telefono,
    /// Ordinary e-mail.
    Email,
    /// Posta elettronica certificata: delivery has legal value (D.Lgs. 82/2005 art. 48).
    Pec,
    /// The citizen portal.
    Web,
    /// A mobile app (the ente's own, or the IO app).
    App,
    Social,
    /// A paper letter.
    Posta,
}

impl Channel {
    pub const ALL: [Channel; 8] = [
        Channel::Sportello,
        Channel::Telefono,
        Channel::Email,
        Channel::Pec,
        Channel::Web,
        Channel::App,
        Channel::Social,
        Channel::Posta,
    ];

    /// The stable code used in storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Sportello => "sportello",
            Channel::Telefono => "telefono",
            Channel::Email => "email",
            Channel::Pec => "pec",
            Channel::Web => "web",
            Channel::App => "app",
            Channel::Social => "social",
            Channel::Posta => "posta",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel `{0}` (expected one of sportello, telefono, email, pec, web, app, social, posta)")]
pub struct UnknownChannel(pub String);

impl FromStr for Channel {
    type Err = UnknownChannel;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::ALL.into_iter().find(|c| c.code() == s.trim()).ok_or_else(|| UnknownChannel(s.to_string()))
    }
}

// ---------------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------------

/// Where a case stands. The statuses fall in three groups:
///
/// - **open** ([`CaseStatus::is_open`]): the office still owes something — `nuova`,
///   `presa_in_carico`, `in_lavorazione`, `sospesa`, `riaperta`;
/// - **answered**: `risposta_inviata`, neither open nor terminal — the reply is sent (the
///   term is met), the case waits to be closed or reopened;
/// - **terminal** ([`CaseStatus::is_terminal`]): `chiusa`, `respinta`, `ritirata` — nothing
///   happens any more, except reopening `chiusa` and `respinta`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Received and registered, nobody has looked at it yet. The term already runs: it
    /// starts from receipt (L. 241/1990 art. 2 c. 6, art. 18-bis).
    Nuova,
    /// An office and a person responsible are assigned (L. 241/1990 art. 4–6).
    PresaInCarico,
    /// Being worked on.
    InLavorazione,
    /// Waiting for the citizen's additions: the clock is stopped (L. 241/1990 art. 2 c. 7).
    Sospesa,
    /// The reply was sent to the citizen.
    RispostaInviata,
    /// Concluded.
    Chiusa,
    /// Rejected without being handled on the merits: inadmissible, incomplete after the
    /// request for additions, out of the ente's competence, abusive. Always with a reason
    /// (L. 241/1990 art. 3: every decision is motivated). A refusal on the merits of, say, an
    /// access request is a reply, whose outcome is data of the reply, not a status.
    Respinta,
    /// Withdrawn by the citizen.
    Ritirata,
    /// Reopened after being answered, closed or rejected (e.g. the reply was incomplete, or
    /// the rejection was wrong): the office works on it again.
    Riaperta,
}

impl CaseStatus {
    /// Every case starts here.
    pub const INITIAL: CaseStatus = CaseStatus::Nuova;

    pub const ALL: [CaseStatus; 9] = [
        CaseStatus::Nuova,
        CaseStatus::PresaInCarico,
        CaseStatus::InLavorazione,
        CaseStatus::Sospesa,
        CaseStatus::RispostaInviata,
        CaseStatus::Chiusa,
        CaseStatus::Respinta,
        CaseStatus::Ritirata,
        CaseStatus::Riaperta,
    ];

    /// The stable code used in storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            CaseStatus::Nuova => "nuova",
            CaseStatus::PresaInCarico => "presa_in_carico",
            CaseStatus::InLavorazione => "in_lavorazione",
            CaseStatus::Sospesa => "sospesa",
            CaseStatus::RispostaInviata => "risposta_inviata",
            CaseStatus::Chiusa => "chiusa",
            CaseStatus::Respinta => "respinta",
            CaseStatus::Ritirata => "ritirata",
            CaseStatus::Riaperta => "riaperta",
        }
    }

    /// The office still owes an action: the case is in the work queues and may become
    /// overdue. Only open cases can be rejected or withdrawn.
    pub fn is_open(self) -> bool {
        match self {
            CaseStatus::Nuova
            | CaseStatus::PresaInCarico
            | CaseStatus::InLavorazione
            | CaseStatus::Sospesa
            | CaseStatus::Riaperta => true,
            CaseStatus::RispostaInviata | CaseStatus::Chiusa | CaseStatus::Respinta | CaseStatus::Ritirata => false,
        }
    }

    /// Nothing more happens to the case, except [`CaseEvent::Reopen`] from `chiusa` and
    /// `respinta`.
    pub fn is_terminal(self) -> bool {
        matches!(self, CaseStatus::Chiusa | CaseStatus::Respinta | CaseStatus::Ritirata)
    }

    /// What the citizen sees on the tracking page and in the personal area.
    pub fn public_stage(self) -> PublicStage {
        match self {
            CaseStatus::Nuova => PublicStage::Inviata,
            CaseStatus::PresaInCarico => PublicStage::PresaInCarico,
            // Reopening is internal bookkeeping: to the citizen the case is being worked again.
            CaseStatus::InLavorazione | CaseStatus::Riaperta => PublicStage::InElaborazione,
            CaseStatus::Sospesa => PublicStage::DaIntegrare,
            // Once the reply is out the citizen's request is concluded; closing it is internal.
            CaseStatus::RispostaInviata | CaseStatus::Chiusa => PublicStage::Conclusa,
            CaseStatus::Respinta => PublicStage::Rifiutata,
            CaseStatus::Ritirata => PublicStage::Ritirata,
        }
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown case status `{0}` (expected one of nuova, presa_in_carico, in_lavorazione, sospesa, \
     risposta_inviata, chiusa, respinta, ritirata, riaperta)"
)]
pub struct UnknownCaseStatus(pub String);

impl FromStr for CaseStatus {
    type Err = UnknownCaseStatus;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseStatus::ALL.into_iter().find(|c| c.code() == s.trim()).ok_or_else(|| UnknownCaseStatus(s.to_string()))
    }
}

/// Whether the legal term runs while a case is in `status`.
///
/// It runs from receipt (L. 241/1990 art. 2 c. 6) while the office owes an action, including
/// `nuova` (nobody has looked yet, but the citizen is waiting) and `riaperta`. It is stopped
/// while waiting for the citizen's additions (`sospesa`, art. 2 c. 7), once the reply is
/// sent (the term is met), and in every terminal status. Which term applies after reopening
/// is the caller's policy; this only says whether time counts against the office.
pub fn clock_running(status: CaseStatus) -> bool {
    match status {
        CaseStatus::Nuova | CaseStatus::PresaInCarico | CaseStatus::InLavorazione | CaseStatus::Riaperta => true,
        CaseStatus::Sospesa
        | CaseStatus::RispostaInviata
        | CaseStatus::Chiusa
        | CaseStatus::Respinta
        | CaseStatus::Ritirata => false,
    }
}

/// The stage a citizen sees, named after the states of a request in the personal area of the
/// Designers Italia "Modello Comuni" ("inviate, in elaborazione, accettate, rifiutate, da
/// integrare"; the detail timeline "Presa in carico → In elaborazione"). Drafts ("in bozza")
/// never become cases, so they have no stage. "Accettata" is not used: a reply may grant or
/// deny what was asked, so the stage says only that the request is concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicStage {
    /// Sent and registered.
    Inviata,
    /// Taken in charge by an office.
    PresaInCarico,
    /// Being worked on.
    InElaborazione,
    /// The office waits for the citizen's additions.
    DaIntegrare,
    /// Answered or concluded.
    Conclusa,
    /// Rejected.
    Rifiutata,
    /// Withdrawn by the citizen.
    Ritirata,
}

impl PublicStage {
    pub const ALL: [PublicStage; 7] = [
        PublicStage::Inviata,
        PublicStage::PresaInCarico,
        PublicStage::InElaborazione,
        PublicStage::DaIntegrare,
        PublicStage::Conclusa,
        PublicStage::Rifiutata,
        PublicStage::Ritirata,
    ];

    /// The stable code used in the API and as a message-catalogue key.
    pub fn code(self) -> &'static str {
        match self {
            PublicStage::Inviata => "inviata",
            PublicStage::PresaInCarico => "presa_in_carico",
            PublicStage::InElaborazione => "in_elaborazione",
            PublicStage::DaIntegrare => "da_integrare",
            PublicStage::Conclusa => "conclusa",
            PublicStage::Rifiutata => "rifiutata",
            PublicStage::Ritirata => "ritirata",
        }
    }

    /// The statuses shown as this stage, for filters such as "Stato della pratica".
    pub fn statuses(self) -> Vec<CaseStatus> {
        CaseStatus::ALL.into_iter().filter(|s| s.public_stage() == self).collect()
    }
}

impl fmt::Display for PublicStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown public stage `{0}` (expected one of inviata, presa_in_carico, in_elaborazione, da_integrare, \
     conclusa, rifiutata, ritirata)"
)]
pub struct UnknownPublicStage(pub String);

impl FromStr for PublicStage {
    type Err = UnknownPublicStage;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PublicStage::ALL.into_iter().find(|c| c.code() == s.trim()).ok_or_else(|| UnknownPublicStage(s.to_string()))
    }
}

// ---------------------------------------------------------------------------------------------
// Events and the state machine
// ---------------------------------------------------------------------------------------------

/// Something that happens to a case. Events that the citizen or the record must be able to
/// understand later carry a reason (L. 241/1990 art. 3: decisions are motivated).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CaseEvent {
    /// An office and a person responsible take the case (L. 241/1990 art. 5).
    TakeInCharge,
    /// Work starts (or restarts after reopening).
    StartWork,
    /// Stop the clock while waiting for the citizen (L. 241/1990 art. 2 c. 7); the reason
    /// says what is missing.
    Suspend { reason: String },
    /// The additions arrived (or the wait ended): the clock runs again.
    Resume,
    /// The reply to the citizen is sent.
    SendReply,
    /// Conclude the case.
    Close,
    /// Reject the case; the reason is communicated to the citizen.
    Reject { reason: String },
    /// The citizen withdraws the request.
    Withdraw,
    /// Reopen an answered, closed or rejected case; the reason goes in the history.
    Reopen { reason: String },
}

impl CaseEvent {
    /// The event of `kind`, carrying `reason` where that kind takes one (it is ignored
    /// otherwise); whether a reason is required is checked by [`transition`].
    pub fn from_kind(kind: CaseEventKind, reason: String) -> CaseEvent {
        match kind {
            CaseEventKind::TakeInCharge => CaseEvent::TakeInCharge,
            CaseEventKind::StartWork => CaseEvent::StartWork,
            CaseEventKind::Suspend => CaseEvent::Suspend { reason },
            CaseEventKind::Resume => CaseEvent::Resume,
            CaseEventKind::SendReply => CaseEvent::SendReply,
            CaseEventKind::Close => CaseEvent::Close,
            CaseEventKind::Reject => CaseEvent::Reject { reason },
            CaseEventKind::Withdraw => CaseEvent::Withdraw,
            CaseEventKind::Reopen => CaseEvent::Reopen { reason },
        }
    }

    pub fn kind(&self) -> CaseEventKind {
        match self {
            CaseEvent::TakeInCharge => CaseEventKind::TakeInCharge,
            CaseEvent::StartWork => CaseEventKind::StartWork,
            CaseEvent::Suspend { .. } => CaseEventKind::Suspend,
            CaseEvent::Resume => CaseEventKind::Resume,
            CaseEvent::SendReply => CaseEventKind::SendReply,
            CaseEvent::Close => CaseEventKind::Close,
            CaseEvent::Reject { .. } => CaseEventKind::Reject,
            CaseEvent::Withdraw => CaseEventKind::Withdraw,
            CaseEvent::Reopen { .. } => CaseEventKind::Reopen,
        }
    }

    /// The reason carried by the event, if its kind has one.
    pub fn reason(&self) -> Option<&str> {
        match self {
            CaseEvent::Suspend { reason } | CaseEvent::Reject { reason } | CaseEvent::Reopen { reason } => Some(reason),
            CaseEvent::TakeInCharge
            | CaseEvent::StartWork
            | CaseEvent::Resume
            | CaseEvent::SendReply
            | CaseEvent::Close
            | CaseEvent::Withdraw => None,
        }
    }
}

/// The kind of a [`CaseEvent`] without its data: what a UI offers as buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseEventKind {
    TakeInCharge,
    StartWork,
    Suspend,
    Resume,
    SendReply,
    Close,
    Reject,
    Withdraw,
    Reopen,
}

impl CaseEventKind {
    pub const ALL: [CaseEventKind; 9] = [
        CaseEventKind::TakeInCharge,
        CaseEventKind::StartWork,
        CaseEventKind::Suspend,
        CaseEventKind::Resume,
        CaseEventKind::SendReply,
        CaseEventKind::Close,
        CaseEventKind::Reject,
        CaseEventKind::Withdraw,
        CaseEventKind::Reopen,
    ];

    /// The stable code used in storage (the case history) and the API.
    pub fn code(self) -> &'static str {
        match self {
            CaseEventKind::TakeInCharge => "take_in_charge",
            CaseEventKind::StartWork => "start_work",
            CaseEventKind::Suspend => "suspend",
            CaseEventKind::Resume => "resume",
            CaseEventKind::SendReply => "send_reply",
            CaseEventKind::Close => "close",
            CaseEventKind::Reject => "reject",
            CaseEventKind::Withdraw => "withdraw",
            CaseEventKind::Reopen => "reopen",
        }
    }

    /// Whether the event must carry a non-blank reason.
    pub fn requires_reason(self) -> bool {
        matches!(self, CaseEventKind::Suspend | CaseEventKind::Reject | CaseEventKind::Reopen)
    }
}

impl fmt::Display for CaseEventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown case event `{0}` (expected one of take_in_charge, start_work, suspend, resume, send_reply, close, \
     reject, withdraw, reopen)"
)]
pub struct UnknownCaseEventKind(pub String);

impl FromStr for CaseEventKind {
    type Err = UnknownCaseEventKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseEventKind::ALL.into_iter().find(|c| c.code() == s.trim()).ok_or_else(|| UnknownCaseEventKind(s.to_string()))
    }
}

/// Why [`transition`] refused an event. Each carries the status and the event, so the
/// message can name both ("cannot reopen a case that is `ritirata`").
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The event does not apply to a case in this status.
    #[error("event `{event}` is not allowed on a case in status `{from}`")]
    NotAllowed { from: CaseStatus, event: CaseEventKind },
    /// Closing without a reply a case whose kind requires one.
    #[error("a `{kind}` case must be answered before it is closed (status `{from}`)")]
    ReplyRequired { kind: CaseKind, from: CaseStatus },
    /// The event requires a reason and it is blank.
    #[error("event `{event}` requires a reason (status `{from}`)")]
    ReasonRequired { from: CaseStatus, event: CaseEventKind },
}

impl TransitionError {
    /// The status the case was in.
    pub fn from(&self) -> CaseStatus {
        match *self {
            TransitionError::NotAllowed { from, .. }
            | TransitionError::ReplyRequired { from, .. }
            | TransitionError::ReasonRequired { from, .. } => from,
        }
    }

    /// The event that was refused.
    pub fn event(&self) -> CaseEventKind {
        match *self {
            TransitionError::NotAllowed { event, .. } | TransitionError::ReasonRequired { event, .. } => event,
            TransitionError::ReplyRequired { .. } => CaseEventKind::Close,
        }
    }

    /// The message-catalogue key the web layer shows.
    pub fn code(&self) -> &'static str {
        match self {
            TransitionError::NotAllowed { .. } => "err-transition-not-allowed",
            TransitionError::ReplyRequired { .. } => "err-transition-reply-required",
            TransitionError::ReasonRequired { .. } => "err-transition-reason-required",
        }
    }
}

/// The status a case of `kind` in status `from` moves to on `event`; the one state machine of
/// the case lifecycle. Each allowed move, and why:
///
/// | from | event | to | why |
/// |---|---|---|---|
/// | `nuova` | take_in_charge | `presa_in_carico` | an office and a responsible person are assigned (L. 241/1990 art. 5) |
/// | `nuova`, `presa_in_carico`, `riaperta` | start_work | `in_lavorazione` | work may start directly when the receiving office is competent |
/// | `presa_in_carico`, `in_lavorazione`, `riaperta` | suspend (reason) | `sospesa` | waiting for the citizen's additions stops the clock (art. 2 c. 7); a new case must be looked at first |
/// | `sospesa` | resume | `in_lavorazione` | the additions arrived; the clock restarts |
/// | `presa_in_carico`, `in_lavorazione`, `riaperta` | send_reply | `risposta_inviata` | the answer is given; from `sospesa` the case must be resumed first, so the suspension is closed |
/// | `risposta_inviata` | close | `chiusa` | the normal end |
/// | `in_lavorazione` | close | `chiusa` | only for kinds that do not require an answer ([`CaseKind::requires_answer`]) |
/// | any open status | reject (reason) | `respinta` | inadmissible or out of competence, motivated (art. 3) |
/// | any open status | withdraw | `ritirata` | the citizen may withdraw an application while it is pending |
/// | `risposta_inviata`, `chiusa`, `respinta` | reopen (reason) | `riaperta` | the answer was incomplete or the rejection wrong |
///
/// Everything else is refused. `ritirata` has no way out: a withdrawn request is not revived;
/// the citizen files a new one. The legal limits on suspensions (once, at most 30 days for
/// art. 2 c. 7) are policy of the caller, as they differ by kind of suspension.
pub fn transition(kind: CaseKind, from: CaseStatus, event: &CaseEvent) -> Result<CaseStatus, TransitionError> {
    let to = move_to(kind, from, event.kind())?;
    // Checked after the move itself, so a move that is never allowed says so whatever the reason.
    if event.reason().is_some_and(|r| r.trim().is_empty()) {
        return Err(TransitionError::ReasonRequired { from, event: event.kind() });
    }
    Ok(to)
}

/// The events a case of `kind` in status `from` accepts (given a reason where one is needed),
/// in [`CaseEventKind::ALL`] order: the buttons a UI offers.
pub fn allowed_events(kind: CaseKind, from: CaseStatus) -> Vec<CaseEventKind> {
    CaseEventKind::ALL.into_iter().filter(|&ev| move_to(kind, from, ev).is_ok()).collect()
}

/// [`transition`] without the reason check: the part [`allowed_events`] shares.
fn move_to(kind: CaseKind, from: CaseStatus, event: CaseEventKind) -> Result<CaseStatus, TransitionError> {
    let to = target(from, event).ok_or(TransitionError::NotAllowed { from, event })?;
    if event == CaseEventKind::Close && from != CaseStatus::RispostaInviata && kind.requires_answer() {
        return Err(TransitionError::ReplyRequired { kind, from });
    }
    Ok(to)
}

/// The status `event` leads to from `from`, for the kinds that allow the most (those that
/// need no answer); [`transition`] adds the checks that depend on the kind and the reason.
fn target(from: CaseStatus, event: CaseEventKind) -> Option<CaseStatus> {
    use CaseEventKind as E;
    use CaseStatus as S;
    match (from, event) {
        (S::Nuova, E::TakeInCharge) => Some(S::PresaInCarico),
        (S::Nuova | S::PresaInCarico | S::Riaperta, E::StartWork) => Some(S::InLavorazione),
        (S::PresaInCarico | S::InLavorazione | S::Riaperta, E::Suspend) => Some(S::Sospesa),
        (S::Sospesa, E::Resume) => Some(S::InLavorazione),
        (S::PresaInCarico | S::InLavorazione | S::Riaperta, E::SendReply) => Some(S::RispostaInviata),
        (S::RispostaInviata | S::InLavorazione, E::Close) => Some(S::Chiusa),
        (s, E::Reject) if s.is_open() => Some(S::Respinta),
        (s, E::Withdraw) if s.is_open() => Some(S::Ritirata),
        (S::RispostaInviata | S::Chiusa | S::Respinta, E::Reopen) => Some(S::Riaperta),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An event of `kind` with a valid reason where one is needed.
    fn event(kind: CaseEventKind) -> CaseEvent {
        event_with_reason(kind, "documento mancante")
    }

    fn event_with_reason(kind: CaseEventKind, reason: &str) -> CaseEvent {
        CaseEvent::from_kind(kind, reason.to_string())
    }

    // The expected lifecycle, written out independently of `target`. Rows follow
    // `CaseStatus::ALL`, columns `CaseEventKind::ALL`:
    //   take_in_charge, start_work, suspend, resume, send_reply, close, reject, withdraw, reopen.
    // `nuova` never appears as a target: no event leads back to the start.
    const PC: Option<CaseStatus> = Some(CaseStatus::PresaInCarico);
    const IL: Option<CaseStatus> = Some(CaseStatus::InLavorazione);
    const SO: Option<CaseStatus> = Some(CaseStatus::Sospesa);
    const RI: Option<CaseStatus> = Some(CaseStatus::RispostaInviata);
    const CH: Option<CaseStatus> = Some(CaseStatus::Chiusa);
    const RE: Option<CaseStatus> = Some(CaseStatus::Respinta);
    const RT: Option<CaseStatus> = Some(CaseStatus::Ritirata);
    const RA: Option<CaseStatus> = Some(CaseStatus::Riaperta);
    const __: Option<CaseStatus> = None;

    /// For kinds that require an answer.
    #[rustfmt::skip]
    const ANSWERED: [[Option<CaseStatus>; 9]; 9] = [
        //               take start susp resu repl clos reje with reop
        /* nuova */     [PC,  IL,   __,  __,  __,  __,  RE,  RT,  __],
        /* presa */     [__,  IL,   SO,  __,  RI,  __,  RE,  RT,  __],
        /* lavoraz. */  [__,  __,   SO,  __,  RI,  __,  RE,  RT,  __],
        /* sospesa */   [__,  __,   __,  IL,  __,  __,  RE,  RT,  __],
        /* risposta */  [__,  __,   __,  __,  __,  CH,  __,  __,  RA],
        /* chiusa */    [__,  __,   __,  __,  __,  __,  __,  __,  RA],
        /* respinta */  [__,  __,   __,  __,  __,  __,  __,  __,  RA],
        /* ritirata */  [__,  __,   __,  __,  __,  __,  __,  __,  __],
        /* riaperta */  [__,  IL,   SO,  __,  RI,  __,  RE,  RT,  __],
    ];

    /// For kinds that may be closed without an answer: as above, plus in_lavorazione → chiusa.
    #[rustfmt::skip]
    const UNANSWERED: [[Option<CaseStatus>; 9]; 9] = [
        //               take start susp resu repl clos reje with reop
        /* nuova */     [PC,  IL,   __,  __,  __,  __,  RE,  RT,  __],
        /* presa */     [__,  IL,   SO,  __,  RI,  __,  RE,  RT,  __],
        /* lavoraz. */  [__,  __,   SO,  __,  RI,  CH,  RE,  RT,  __],
        /* sospesa */   [__,  __,   __,  IL,  __,  __,  RE,  RT,  __],
        /* risposta */  [__,  __,   __,  __,  __,  CH,  __,  __,  RA],
        /* chiusa */    [__,  __,   __,  __,  __,  __,  __,  __,  RA],
        /* respinta */  [__,  __,   __,  __,  __,  __,  __,  __,  RA],
        /* ritirata */  [__,  __,   __,  __,  __,  __,  __,  __,  __],
        /* riaperta */  [__,  IL,   SO,  __,  RI,  __,  RE,  RT,  __],
    ];

    fn expected(kind: CaseKind, from: CaseStatus, ev: CaseEventKind) -> Option<CaseStatus> {
        let row = CaseStatus::ALL.iter().position(|&s| s == from).unwrap();
        let col = CaseEventKind::ALL.iter().position(|&e| e == ev).unwrap();
        if kind.requires_answer() { ANSWERED[row][col] } else { UNANSWERED[row][col] }
    }

    #[test]
    fn every_pair_matches_the_expected_table() {
        let mut checked = 0;
        for kind in CaseKind::ALL {
            for from in CaseStatus::ALL {
                for ev in CaseEventKind::ALL {
                    let got = transition(kind, from, &event(ev));
                    match expected(kind, from, ev) {
                        Some(to) => assert_eq!(got, Ok(to), "{kind}: {from} --{ev}-->"),
                        None if ev == CaseEventKind::Close
                            && kind.requires_answer()
                            && from == CaseStatus::InLavorazione =>
                        {
                            assert_eq!(got, Err(TransitionError::ReplyRequired { kind, from }), "{kind}: {from}")
                        }
                        None => {
                            assert_eq!(got, Err(TransitionError::NotAllowed { from, event: ev }), "{kind}: {from} {ev}")
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 9 * 9 * 9);
    }

    #[test]
    fn allowed_events_match_the_expected_table() {
        for kind in CaseKind::ALL {
            for from in CaseStatus::ALL {
                let want: Vec<_> =
                    CaseEventKind::ALL.into_iter().filter(|&ev| expected(kind, from, ev).is_some()).collect();
                assert_eq!(allowed_events(kind, from), want, "{kind}: {from}");
            }
        }
        assert!(allowed_events(CaseKind::Reclamo, CaseStatus::Ritirata).is_empty());
        assert_eq!(
            allowed_events(CaseKind::Reclamo, CaseStatus::Nuova),
            vec![CaseEventKind::TakeInCharge, CaseEventKind::StartWork, CaseEventKind::Reject, CaseEventKind::Withdraw]
        );
    }

    #[test]
    fn reasons_are_required_and_checked_after_the_move() {
        for ev in [CaseEventKind::Suspend, CaseEventKind::Reject, CaseEventKind::Reopen] {
            assert!(ev.requires_reason());
            for blank in ["", "   ", "\n\t"] {
                for from in CaseStatus::ALL {
                    let got = transition(CaseKind::Reclamo, from, &event_with_reason(ev, blank));
                    if expected(CaseKind::Reclamo, from, ev).is_some() {
                        assert_eq!(got, Err(TransitionError::ReasonRequired { from, event: ev }));
                    } else {
                        // A move that is not allowed at all says so, whatever the reason.
                        assert_eq!(got, Err(TransitionError::NotAllowed { from, event: ev }));
                    }
                }
            }
        }
        let no_reason: Vec<_> = CaseEventKind::ALL.into_iter().filter(|e| !e.requires_reason()).collect();
        assert_eq!(no_reason.len(), 6);
        for ev in no_reason {
            assert_eq!(event(ev).reason(), None);
        }
    }

    #[test]
    fn the_happy_paths() {
        use CaseEvent as E;
        let run =
            |kind, events: &[CaseEvent]| events.iter().try_fold(CaseStatus::INITIAL, |s, e| transition(kind, s, e));
        let full = [
            E::TakeInCharge,
            E::StartWork,
            E::Suspend { reason: "manca il documento d'identità".into() },
            E::Resume,
            E::Suspend { reason: "manca la planimetria".into() },
            E::Resume,
            E::SendReply,
            E::Close,
        ];
        for kind in CaseKind::ALL {
            assert_eq!(run(kind, &full), Ok(CaseStatus::Chiusa), "{kind}");
        }
        let quick = [E::StartWork, E::Close];
        assert_eq!(run(CaseKind::Elogio, &quick), Ok(CaseStatus::Chiusa));
        assert_eq!(
            run(CaseKind::Reclamo, &quick),
            Err(TransitionError::ReplyRequired { kind: CaseKind::Reclamo, from: CaseStatus::InLavorazione })
        );
        let reopened = [
            E::TakeInCharge,
            E::SendReply,
            E::Close,
            E::Reopen { reason: "risposta incompleta".into() },
            E::StartWork,
            E::SendReply,
            E::Close,
        ];
        assert_eq!(run(CaseKind::AccessoDocumentale, &reopened), Ok(CaseStatus::Chiusa));
        assert_eq!(run(CaseKind::Informazione, &[E::Withdraw]), Ok(CaseStatus::Ritirata));
        assert_eq!(
            run(CaseKind::Informazione, &[E::Withdraw, E::Reopen { reason: "x".into() }]),
            Err(TransitionError::NotAllowed { from: CaseStatus::Ritirata, event: CaseEventKind::Reopen })
        );
    }

    #[test]
    fn error_accessors_and_codes() {
        let e = TransitionError::NotAllowed { from: CaseStatus::Chiusa, event: CaseEventKind::Resume };
        assert_eq!((e.from(), e.event()), (CaseStatus::Chiusa, CaseEventKind::Resume));
        assert_eq!(e.code(), "err-transition-not-allowed");
        assert_eq!(e.to_string(), "event `resume` is not allowed on a case in status `chiusa`");
        let e = TransitionError::ReplyRequired { kind: CaseKind::Reclamo, from: CaseStatus::InLavorazione };
        assert_eq!((e.from(), e.event()), (CaseStatus::InLavorazione, CaseEventKind::Close));
        assert_eq!(e.code(), "err-transition-reply-required");
        let e = TransitionError::ReasonRequired { from: CaseStatus::Nuova, event: CaseEventKind::Reject };
        assert_eq!((e.from(), e.event()), (CaseStatus::Nuova, CaseEventKind::Reject));
        assert_eq!(e.code(), "err-transition-reason-required");
    }

    #[test]
    fn every_status_is_reachable_from_nuova() {
        for kind in CaseKind::ALL {
            let mut seen = vec![CaseStatus::INITIAL];
            let mut todo = vec![CaseStatus::INITIAL];
            while let Some(s) = todo.pop() {
                for ev in allowed_events(kind, s) {
                    let to = transition(kind, s, &event(ev)).unwrap();
                    if !seen.contains(&to) {
                        seen.push(to);
                        todo.push(to);
                    }
                }
            }
            seen.sort();
            assert_eq!(seen, CaseStatus::ALL.to_vec(), "{kind}");
        }
    }

    #[test]
    fn status_groups() {
        use CaseStatus as S;
        for s in CaseStatus::ALL {
            // open, answered and terminal partition the statuses.
            let groups = [s.is_open(), s == S::RispostaInviata, s.is_terminal()];
            assert_eq!(groups.iter().filter(|&&g| g).count(), 1, "{s}");
            // Time never runs against the office once it has answered or the case is over.
            if clock_running(s) {
                assert!(s.is_open(), "{s}");
            }
        }
        let running: Vec<_> = CaseStatus::ALL.into_iter().filter(|&s| clock_running(s)).collect();
        assert_eq!(running, vec![S::Nuova, S::PresaInCarico, S::InLavorazione, S::Riaperta]);
        assert!(!clock_running(S::Sospesa));
    }

    #[test]
    fn public_stages() {
        use CaseStatus as S;
        use PublicStage as P;
        let table = [
            (S::Nuova, P::Inviata),
            (S::PresaInCarico, P::PresaInCarico),
            (S::InLavorazione, P::InElaborazione),
            (S::Sospesa, P::DaIntegrare),
            (S::RispostaInviata, P::Conclusa),
            (S::Chiusa, P::Conclusa),
            (S::Respinta, P::Rifiutata),
            (S::Ritirata, P::Ritirata),
            (S::Riaperta, P::InElaborazione),
        ];
        assert_eq!(table.len(), CaseStatus::ALL.len());
        for (s, p) in table {
            assert_eq!(s.public_stage(), p, "{s}");
        }
        // Every stage is shown for some status, and the reverse lookup is consistent.
        for p in PublicStage::ALL {
            let statuses = p.statuses();
            assert!(!statuses.is_empty(), "{p}");
            assert!(statuses.iter().all(|s| s.public_stage() == p));
        }
        assert_eq!(P::Conclusa.statuses(), vec![S::RispostaInviata, S::Chiusa]);
    }

    #[test]
    fn kinds() {
        for k in CaseKind::ALL {
            assert_eq!(k.default_term(), Term::calendar_days(30), "{k}");
        }
        let access: Vec<_> = CaseKind::ALL.into_iter().filter(|k| k.is_access_request()).collect();
        assert_eq!(
            access,
            vec![CaseKind::AccessoDocumentale, CaseKind::AccessoCivicoSemplice, CaseKind::AccessoCivicoGeneralizzato]
        );
        let optional: Vec<_> = CaseKind::ALL.into_iter().filter(|k| !k.requires_answer()).collect();
        assert_eq!(optional, vec![CaseKind::Segnalazione, CaseKind::Suggerimento, CaseKind::Elogio]);
        // Access requests and complaints always get an answer.
        assert!(CaseKind::Reclamo.requires_answer());
        assert!(access.iter().all(|k| k.requires_answer()));
    }

    /// `code()`, `FromStr`, `Display` and serde agree; codes are unique and snake_case.
    /// Serde is checked by deserialising the code: the derive uses the same name both ways.
    fn check_codes<T>(all: &[T], code: fn(&T) -> &'static str)
    where
        T: FromStr + fmt::Display + for<'de> Deserialize<'de> + PartialEq + fmt::Debug,
        T::Err: fmt::Debug,
    {
        use serde::de::value::{Error, StrDeserializer};
        let mut codes: Vec<&str> = all.iter().map(code).collect();
        for v in all {
            let c = code(v);
            assert!(c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "{c}");
            assert_eq!(&c.parse::<T>().unwrap(), v);
            assert_eq!(&format!(" {c} ").parse::<T>().unwrap(), v);
            assert_eq!(v.to_string(), c);
            assert_eq!(&T::deserialize(StrDeserializer::<Error>::new(c)).unwrap(), v);
        }
        assert!(T::deserialize(StrDeserializer::<Error>::new("unknown")).is_err());
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        assert!("".parse::<T>().is_err());
        assert!("NUOVA_X".parse::<T>().is_err());
    }

    #[test]
    fn codes_round_trip() {
        check_codes(&CaseKind::ALL, |k| k.code());
        check_codes(&Channel::ALL, |c| c.code());
        check_codes(&CaseStatus::ALL, |s| s.code());
        check_codes(&PublicStage::ALL, |p| p.code());
        check_codes(&CaseEventKind::ALL, |e| e.code());
        assert_eq!(CaseKind::AccessoCivicoGeneralizzato.code(), "accesso_civico_generalizzato");
        assert_eq!(Channel::Pec.code(), "pec");
        assert_eq!(CaseStatus::RispostaInviata.code(), "risposta_inviata");
        assert_eq!(
            "reclamo ".parse::<CaseKind>(),
            Ok(CaseKind::Reclamo),
            "surrounding blanks are tolerated like role codes"
        );
        assert_eq!("Reclamo".parse::<CaseKind>(), Err(UnknownCaseKind("Reclamo".into())));
        assert_eq!("fax".parse::<Channel>(), Err(UnknownChannel("fax".into())));
    }

    #[test]
    fn events_serialise_with_their_kind_code() {
        use serde::de::value::{Error, MapDeserializer};
        for kind in CaseEventKind::ALL {
            let mut fields = vec![("event", kind.code())];
            if kind.requires_reason() {
                fields.push(("reason", "motivo"));
            }
            let e = CaseEvent::deserialize(MapDeserializer::<_, Error>::new(fields.into_iter())).unwrap();
            assert_eq!(e, event_with_reason(kind, "motivo"));
            assert_eq!(e.kind(), kind);
        }
    }

    fn any_kind() -> impl Strategy<Value = CaseKind> {
        proptest::sample::select(CaseKind::ALL.to_vec())
    }

    fn any_status() -> impl Strategy<Value = CaseStatus> {
        proptest::sample::select(CaseStatus::ALL.to_vec())
    }

    fn any_event() -> impl Strategy<Value = CaseEvent> {
        (proptest::sample::select(CaseEventKind::ALL.to_vec()), prop_oneof![Just(""), Just("  "), Just("motivo")])
            .prop_map(|(k, r)| event_with_reason(k, r))
    }

    proptest! {
        /// Random event sequences from `nuova`: each step either follows the expected table or
        /// is refused leaving the status unchanged; the case never leaves the known statuses
        /// and, once withdrawn, never moves again.
        #[test]
        fn random_sequences_stay_on_the_map(kind in any_kind(), events in prop::collection::vec(any_event(), 0..60)) {
            let mut status = CaseStatus::INITIAL;
            for e in &events {
                let before = status;
                match transition(kind, status, e) {
                    Ok(to) => {
                        prop_assert_eq!(Some(to), expected(kind, before, e.kind()));
                        prop_assert!(e.reason().is_none_or(|r| !r.trim().is_empty()));
                        prop_assert!(allowed_events(kind, before).contains(&e.kind()));
                        prop_assert_ne!(to, CaseStatus::INITIAL);
                        status = to;
                    }
                    Err(err) => {
                        prop_assert_eq!(err.from(), before);
                        prop_assert_eq!(err.event(), e.kind());
                    }
                }
                prop_assert!(CaseStatus::ALL.contains(&status));
                if before == CaseStatus::Ritirata {
                    prop_assert_eq!(status, CaseStatus::Ritirata);
                }
            }
        }

        /// A terminal status is left only by reopening.
        #[test]
        fn terminal_states_only_leave_via_reopen(kind in any_kind(), from in any_status(), e in any_event()) {
            if from.is_terminal() && let Ok(to) = transition(kind, from, &e) {
                prop_assert_eq!(e.kind(), CaseEventKind::Reopen);
                prop_assert_eq!(to, CaseStatus::Riaperta);
            }
        }

        /// `allowed_events` lists exactly the events that `transition` accepts with a reason,
        /// and a refused event is never offered.
        #[test]
        fn allowed_events_agree_with_transition(kind in any_kind(), from in any_status(), e in any_event()) {
            let offered = allowed_events(kind, from).contains(&e.kind());
            let blank = e.reason().is_some_and(|r| r.trim().is_empty());
            match transition(kind, from, &e) {
                Ok(_) => prop_assert!(offered),
                Err(TransitionError::ReasonRequired { .. }) => prop_assert!(offered && blank),
                Err(TransitionError::NotAllowed { .. } | TransitionError::ReplyRequired { .. }) => {
                    prop_assert!(!offered)
                }
            }
        }

        /// Suspending and resuming any number of times comes back to work, with the clock
        /// stopped exactly while suspended.
        #[test]
        fn suspensions_alternate_with_work(kind in any_kind(), n in 1usize..10) {
            let mut s = transition(kind, CaseStatus::INITIAL, &CaseEvent::StartWork).unwrap();
            for _ in 0..n {
                s = transition(kind, s, &CaseEvent::Suspend { reason: "integrazione".into() }).unwrap();
                prop_assert!(!clock_running(s));
                let again = CaseEvent::Suspend { reason: "di nuovo".into() };
                prop_assert!(transition(kind, s, &again).is_err());
                s = transition(kind, s, &CaseEvent::Resume).unwrap();
                prop_assert!(clock_running(s));
            }
            prop_assert_eq!(s, CaseStatus::InLavorazione);
        }
    }
}
