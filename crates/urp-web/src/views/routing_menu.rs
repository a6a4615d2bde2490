//! The staff menu entries of the back-office loop, kept here so the shared menu changes by
//! one line.

use crate::pages::{MenuItem, Page};
use urp_domain::{Action, Role};

pub fn extend(page: &Page, items: &mut Vec<MenuItem>) {
    let item = |label: String, href: &'static str| MenuItem { label, href, active: page.path.starts_with(href) };
    let Some(actor) = page.actor.as_ref() else { return };
    if actor.has(Role::Referent) && !actor.offices.is_empty() {
        items.push(item(page.t("office-queue-title"), "/staff/ufficio"));
    }
    if page.may(Action::ViewFlow) {
        items.push(item(page.t("waiting-title"), "/staff/attese"));
    }
    if page.may(Action::ManageRouting) {
        items.push(item(page.t("routing-rules-title"), "/staff/admin/smistamento"));
    }
    let label = if page.unread > 0 {
        page.lang.t_args("notifications-menu-unread", &[("count", page.unread.to_string())])
    } else {
        page.t("notifications-title")
    };
    items.push(item(label, "/staff/notifiche"));
}
