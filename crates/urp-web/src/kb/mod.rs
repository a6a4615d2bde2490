//! The knowledge base's web-side logic shared by the staff and portal pages, the CLI and the
//! search side: Markdown to safe HTML, the public address of a sheet, the schema.org JSON-LD,
//! the readable diff between versions, import/export and the review reminders.

pub mod import;
pub mod reminders;

use serde_json::json;
use urp_domain::kb::slugify;
use urp_store::{Office, Sheet, SheetContent, Tenant};

/// The portal address of a sheet: `/servizi/{id}-{slug}` (the id decides; the slug is for people).
pub fn sheet_url(id: i64, title: &str) -> String {
    let slug = slugify(title);
    if slug.is_empty() { format!("/servizi/{id}") } else { format!("/servizi/{id}-{slug}") }
}

/// The id at the start of a `/servizi/{id}-{slug}` segment.
pub fn id_from_slug(segment: &str) -> Option<i64> {
    let digits: String = segment.chars().take_while(char::is_ascii_digit).collect();
    let rest = &segment[digits.len()..];
    if !(rest.is_empty() || rest.starts_with('-')) {
        return None;
    }
    digits.parse().ok()
}

/// Markdown to HTML with everything unsafe removed (scripts, event handlers, `javascript:`
/// links, raw HTML beyond the usual formatting). Links get `rel="noopener noreferrer"`.
pub fn markdown(text: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(text, opts));
    ammonia::Builder::default()
        // Sheet headings sit below the section's own <h2>.
        .rm_tags(&["h1", "h2", "img"])
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

/// Plain text of a Markdown body (for JSON-LD and e-mails): formatting dropped, one space
/// between words.
pub fn plain(text: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for ev in Parser::new(text) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The schema.org `GovernmentService` description the AgID validator reads (every property
/// it requires is present and non-empty; missing data falls back to the ente's).
pub fn json_ld(
    tenant: &Tenant,
    sheet: &Sheet,
    office: Option<&Office>,
    origin: &str,
    category: Option<&str>,
) -> String {
    let c = &sheet.content;
    let comune = tenant.data.name.clone();
    let locality = comune.trim_start_matches("Comune di ").to_string();
    let office_name = office.map_or_else(|| comune.clone(), |o| o.data.name.clone());
    let street = office
        .and_then(|o| o.data.address.clone())
        .or_else(|| tenant.data.address.clone())
        .unwrap_or_else(|| comune.clone());
    let postal = postal_code(&street).unwrap_or_else(|| "00000".into());
    let audience = non_empty(plain(&c.audience), &c.summary);
    let service_url = c
        .online_url
        .clone()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| format!("{origin}{}", sheet_url(sheet.id, &c.title)));
    let v = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": c.title,
        "description": c.summary,
        "serviceType": non_empty(category.unwrap_or_default().to_string(), &c.title),
        "serviceOperator": { "@type": "GovernmentOrganization", "name": comune },
        "areaServed": { "@type": "AdministrativeArea", "name": locality },
        "audience": { "@type": "Audience", "audienceType": audience },
        "availableChannel": {
            "@type": "ServiceChannel",
            "serviceUrl": service_url,
            "serviceLocation": {
                "@type": "Place",
                "name": office_name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": street,
                    "postalCode": postal,
                    "addressLocality": locality,
                }
            }
        },
        "url": format!("{origin}{}", sheet_url(sheet.id, &c.title)),
    });
    // `</` inside a string would end the <script> element early.
    v.to_string().replace("</", "<\\/")
}

fn non_empty(s: String, fallback: &str) -> String {
    if s.trim().is_empty() { fallback.to_string() } else { s }
}

/// A five-digit Italian CAP in an address, if there is one.
fn postal_code(address: &str) -> Option<String> {
    address.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 5).map(str::to_string)
}

/// One line of a readable diff: `-` removed, `+` added, ` ` unchanged.
pub struct DiffLine {
    pub sign: char,
    pub text: String,
}

/// The fields of two versions that differ, each with a line diff.
pub struct FieldDiff {
    pub label: String,
    pub lines: Vec<DiffLine>,
}

/// Field name and text of every editable part of a sheet, for comparing versions.
pub fn comparable(
    c: &SheetContent,
    office: &dyn Fn(Option<urp_domain::OfficeId>) -> String,
) -> Vec<(&'static str, String)> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        ("title", c.title.clone()),
        ("category", opt(&c.category)),
        ("service_active", if c.service_active { "sì".into() } else { "no".into() }),
        ("status_reason", opt(&c.status_reason)),
        ("summary", c.summary.clone()),
        ("description", c.description.clone()),
        ("audience", c.audience.clone()),
        ("how_to", c.how_to.clone()),
        ("needed", c.needed.clone()),
        ("obtained", c.obtained.clone()),
        ("deadlines", c.deadlines.clone()),
        ("max_response_days", c.max_response_days.map(|d| d.to_string()).unwrap_or_default()),
        ("costs", c.costs.clone()),
        ("online_url", opt(&c.online_url)),
        ("booking_url", opt(&c.booking_url)),
        ("place", c.place.clone()),
        ("conditions", c.conditions.clone()),
        ("contacts", c.contacts.clone()),
        ("office_id", office(c.office_id)),
        ("topic_ids", c.topic_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")),
        ("keywords", c.keywords.join(", ")),
        ("related", c.related.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")),
        ("notes", c.notes.clone()),
        ("review_by", c.review_by.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()),
    ]
}

/// The differences from `old` to `new`, field by field, labelled with `label(field)`.
pub fn diff(
    old: &[(&'static str, String)],
    new: &[(&'static str, String)],
    label: impl Fn(&str) -> String,
) -> Vec<FieldDiff> {
    use similar::{ChangeTag, TextDiff};
    let mut out = Vec::new();
    for ((field, a), (_, b)) in old.iter().zip(new) {
        if a == b {
            continue;
        }
        let d = TextDiff::from_lines(a.as_str(), b.as_str());
        let lines = d
            .iter_all_changes()
            .map(|ch| DiffLine {
                sign: match ch.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                },
                text: ch.value().trim_end_matches('\n').to_string(),
            })
            .collect();
        out.push(FieldDiff { label: label(field), lines });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_sanitised() {
        let html = markdown(
            "**Bold** [x](javascript:alert(1)) <script>alert(1)</script> <a href=\"/y\" onclick=\"z()\">y</a>",
        );
        assert!(html.contains("<strong>Bold</strong>"), "{html}");
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(markdown("- uno\n- due").contains("<li>uno</li>"));
    }

    #[test]
    fn plain_text_drops_formatting() {
        assert_eq!(plain("**Ai residenti** del\n\n- Comune"), "Ai residenti del Comune");
    }

    #[test]
    fn urls_round_trip_to_the_id() {
        assert_eq!(sheet_url(12, "Carta d'identità"), "/servizi/12-carta-d-identita");
        assert_eq!(id_from_slug("12-carta-d-identita"), Some(12));
        assert_eq!(id_from_slug("12"), Some(12));
        assert_eq!(id_from_slug("12abc"), None);
        assert_eq!(id_from_slug("carta"), None);
        assert_eq!(postal_code("Piazza Roma 1, 05100 Terni").as_deref(), Some("05100"));
    }

    #[test]
    fn diff_shows_changed_fields_only() {
        let a = vec![("title", "A".to_string()), ("summary", "uno\ndue".to_string())];
        let b = vec![("title", "A".to_string()), ("summary", "uno\ntre".to_string())];
        let d = diff(&a, &b, str::to_uppercase);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].label, "SUMMARY");
        let signs: String = d[0].lines.iter().map(|l| l.sign).collect();
        assert_eq!(signs, " -+");
    }
}
