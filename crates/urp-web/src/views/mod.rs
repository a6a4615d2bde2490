//! Page handlers, one module per area.

pub mod admin_channels;
pub mod admin_offices;
pub mod admin_tenant;
pub mod admin_topics;
pub mod admin_users;
pub mod portal;
pub mod staff;

use serde::Deserialize;

/// `?ok=saved` after a successful POST-redirect-GET: which confirmation to show.
#[derive(Deserialize, Default)]
pub struct Notice {
    pub ok: Option<String>,
}
