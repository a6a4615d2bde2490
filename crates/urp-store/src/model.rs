//! The records the store reads and writes, in domain terms.

use chrono::{DateTime, Utc};
use urp_domain::{OfficeId, Role, TenantId, UserId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    pub id: TenantId,
    pub slug: String,
    pub data: TenantData,
    pub is_default: bool,
    pub has_logo: bool,
    pub hosts: Vec<String>,
    pub updated_at: DateTime<Utc>,
}

/// What an administrator edits about an ente.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TenantData {
    pub name: String,
    pub ipa_code: String,
    /// Patron saint's day as (month, day): a local public holiday.
    pub patron_day: Option<(u32, u32)>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub pec: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTenant {
    pub slug: String,
    pub data: TenantData,
    pub hosts: Vec<String>,
    pub is_default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub id: OfficeId,
    pub data: OfficeData,
    pub updated_at: DateTime<Utc>,
}

/// An unità organizzativa, with the fields the Designers Italia model asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OfficeData {
    pub name: String,
    pub competences: String,
    pub address: Option<String>,
    pub opening_hours: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub pec: Option<String>,
    pub responsible: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub tenant_id: TenantId,
    pub data: UserData,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserData {
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub offices: Vec<OfficeId>,
    pub active: bool,
}

/// A user as the login needs it: with the password hash, which nothing else ever reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCredentials {
    pub user: User,
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub active: bool,
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token_hash: String,
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A live session joined with its (active) user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub csrf_token: String,
    pub user: User,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub user_id: Option<UserId>,
    pub action: String,
    pub subject: String,
    pub at: DateTime<Utc>,
}
