//! The demo comune's service sheets: a dozen published sheets written for Valfiorita, loaded
//! through the same import as `urp import sheets`, plus the touches an editorial team adds
//! (internal notes, review dates, links) so every knowledge-base page has something to show.

use chrono::{Duration, Utc};
use std::sync::Arc;
use urp_domain::TenantId;
use urp_store::Store;

const SHEETS: &str = include_str!("demo_kb.jsonl");

type Touch = (&'static str, &'static str, i64, Option<&'static str>, Option<i64>);

pub async fn seed(store: &Arc<dyn Store>, t: TenantId) -> anyhow::Result<()> {
    let now = Utc::now();
    urp_web::kb::import::import_sheets(&**store, t, SHEETS, false, now).await?;
    let today = urp_web::intake::local_date(now);
    // (external id, internal note, review-by in days from today, online link, max response days)
    let touches: [Touch; 4] = [
        (
            "vf-cie",
            "Chi ha la carta scaduta da più di 6 mesi può usare il passaporto in attesa della CIE.",
            180,
            Some("https://www.cartaidentita.interno.gov.it/"),
            Some(6),
        ),
        (
            "vf-tari",
            "Per rateizzazioni oltre le due rate passare la chiamata all'Ufficio Tributi.",
            -10,
            None,
            Some(30),
        ),
        ("vf-residenza", "", -3, None, Some(45)),
        ("vf-mensa", "I menù del mese sono affissi all'ingresso delle scuole.", 90, None, None),
    ];
    for (ext, notes, days, online, max_days) in touches {
        let Some(s) = store.sheet_by_external_id(t, ext).await? else { continue };
        let mut c = s.content.clone();
        c.notes = notes.into();
        c.review_by = Some(today + Duration::days(days));
        c.online_url = online.map(Into::into);
        c.max_response_days = max_days;
        store.update_sheet(t, s.id, &c, None, None, "", now).await?;
    }
    // Related services: the two Anagrafe sheets point at each other.
    if let (Some(a), Some(b)) =
        (store.sheet_by_external_id(t, "vf-cie").await?, store.sheet_by_external_id(t, "vf-residenza").await?)
    {
        let mut c = a.content.clone();
        c.related = vec![b.id];
        store.update_sheet(t, a.id, &c, None, None, "", now).await?;
    }
    Ok(())
}
