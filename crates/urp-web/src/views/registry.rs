//! The daily register of registry numbers (DPR 445/2000 art. 53: the *registro giornaliero di
//! protocollo*): every number issued on a day, in order, printable and exportable as CSV.

use crate::context::Ctx;
use crate::deadline_text;
use crate::intake::local_date;
use crate::pages::{Page, render};
use crate::{AppError, AppState};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use urp_domain::Action;

#[derive(Deserialize)]
pub struct DayQuery {
    giorno: Option<String>,
    formato: Option<String>,
}

pub struct Entry {
    pub registry: String,
    pub time: String,
    pub kind: String,
    pub channel: String,
    pub subject: String,
    pub sender: String,
}

#[derive(Template)]
#[template(path = "staff/registry.html")]
struct RegisterPage {
    page: Page,
    day: String,
    day_label: String,
    entries: Vec<Entry>,
    csv_url: String,
}

/// The sender as the register shows it: name and surname, or "anonimo".
fn sender(ctx: &Ctx, c: &urp_store::CaseRecord) -> String {
    let name =
        [c.citizen.name.as_deref(), c.citizen.surname.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    if name.trim().is_empty() { ctx.t("case-anonymous") } else { name }
}

fn csv_field(s: &str) -> String {
    // Cells starting with a formula sign are neutralised so a spreadsheet never runs them.
    let safe = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", safe.replace('"', "\"\""))
}

pub async fn daily(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DayQuery>) -> Result<Response, AppError> {
    ctx.authorize(Action::ViewCase { office: None })?;
    let day = q
        .giorno
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_else(|| local_date(chrono::Utc::now()));
    let cases = state.store.daily_register(ctx.tenant.id, day).await?;
    let entries: Vec<Entry> = cases
        .iter()
        .map(|c| Entry {
            registry: c.registry.to_string(),
            time: c.received_at.with_timezone(&chrono_tz::Europe::Rome).format("%H:%M:%S").to_string(),
            kind: ctx.t(&format!("kind-{}", c.kind.code())),
            channel: ctx.t(&format!("channel-{}", c.channel.code())),
            subject: c.subject.clone(),
            sender: sender(&ctx, c),
        })
        .collect();
    if q.formato.as_deref() == Some("csv") {
        let mut out = String::from("\u{feff}");
        let header_row = [
            "label-registry-number",
            "register-time",
            "label-kind",
            "label-channel",
            "label-subject",
            "register-sender",
        ]
        .iter()
        .map(|k| csv_field(&ctx.t(k)))
        .collect::<Vec<_>>()
        .join(";");
        out.push_str(&header_row);
        out.push_str("\r\n");
        for e in &entries {
            let row = [&e.registry, &e.time, &e.kind, &e.channel, &e.subject, &e.sender]
                .iter()
                .map(|v| csv_field(v))
                .collect::<Vec<_>>()
                .join(";");
            out.push_str(&row);
            out.push_str("\r\n");
        }
        let file = format!("attachment; filename=\"registro-protocollo-{day}.csv\"");
        return Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, file)],
            out,
        )
            .into_response());
    }
    let day_text = day.format("%Y-%m-%d").to_string();
    render(&RegisterPage {
        page: Page::new(&ctx, "register-title").crumb(ctx.t("register-title"), "/staff/registro-protocollo"),
        day_label: deadline_text::date(day),
        csv_url: format!("/staff/registro-protocollo?giorno={day_text}&formato=csv"),
        day: day_text,
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_field("=SUM(A1)"), "\"'=SUM(A1)\"");
    }
}
