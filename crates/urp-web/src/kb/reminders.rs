//! Review reminders: when a published sheet's review-by date comes, its owner office gets one
//! e-mail through the outbox (sent by the usual SMTP worker). The clock is a parameter, so
//! tests decide what day it is.

use crate::i18n::Lang;
use crate::mail::{MailError, Rendered};
use chrono::{DateTime, Utc};
use urp_store::{OutboxItem, Store, StoreResult};

/// Queues the reminders due at `now` (the ente's local day). Returns how many were queued.
pub async fn queue_due(store: &dyn Store, now: DateTime<Utc>) -> StoreResult<usize> {
    let today = crate::intake::local_date(now);
    let queued = store.queue_review_reminders(today, now).await?;
    if !queued.is_empty() {
        tracing::info!(count = queued.len(), "review reminders queued");
    }
    Ok(queued.len())
}

/// The reminder an outbox row of kind `kb_review` stands for, from the sheet as it is now.
pub async fn render(store: &dyn Store, item: &OutboxItem, public_url: &str) -> Result<Rendered, MailError> {
    let id = item.sheet_id.ok_or_else(|| MailError::Render(format!("outbox row {} names no sheet", item.id)))?;
    let sheet = store.sheet(item.tenant_id, id).await?;
    let tenant = store.tenant(item.tenant_id).await?;
    let lang = Lang::from_code(&item.lang).unwrap_or_default();
    let title = sheet.content.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let date = sheet.content.review_by.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
    let args = [("title", title.clone()), ("date", date), ("ente", tenant.data.name.clone())];
    let body = [
        lang.t("kb-mail-greeting"),
        String::new(),
        lang.t_args("kb-mail-intro", &args),
        String::new(),
        format!("{}/staff/kb/{id}", public_url.trim_end_matches('/')),
        String::new(),
        lang.t("kb-mail-how"),
        String::new(),
        "-- ".into(),
        lang.t_args("mail-signature", &[("ente", tenant.data.name.clone())]),
        lang.t("mail-automatic"),
    ];
    // The subject carries only our own text and the sheet title on one line.
    Ok(Rendered { subject: lang.t_args("kb-mail-subject", &args), body: body.join("\n") + "\n" })
}
