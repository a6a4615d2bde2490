//! Domain types and rules of URP. Everything here is pure: no I/O, no clock, no database.
//! The web and storage layers translate to and from these types, so each rule lives in one place.

pub mod calendar;
pub mod case;
pub mod catalogue;
pub mod deadline;
pub mod fiscal_code;
pub mod ids;
pub mod policy;
pub mod registry;
pub mod role;
pub mod routing;
pub mod service_category;
pub mod validate;

pub use ids::{OfficeId, TenantId, UserId};
pub use policy::{Action, Actor};
pub use role::Role;
