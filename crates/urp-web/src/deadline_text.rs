//! Deadlines explained in words: "scade il 04/01/2027 perché: ricevuta il …, termine 30
//! giorni, il 03/01/2027 è domenica: la scadenza passa al 04/01/2027".

use crate::i18n::Lang;
use chrono::{NaiveDate, Weekday};
use urp_domain::deadline::{Deadline, DeadlineStatus, DeadlineStep, TermUnit};

pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The headline: when it is due, or since when the clock is stopped.
pub fn headline(lang: Lang, d: &Deadline) -> String {
    match d.status {
        DeadlineStatus::Due { date: due } => lang.t_args("deadline-due", &[("date", date(due))]),
        DeadlineStatus::Suspended { since, .. } => lang.t_args("deadline-suspended", &[("since", date(since))]),
        DeadlineStatus::OutOfRange => lang.t("deadline-out-of-range"),
    }
}

/// One sentence per step, in the order they apply.
pub fn explain(lang: Lang, d: &Deadline) -> Vec<String> {
    d.steps
        .iter()
        .map(|s| match *s {
            DeadlineStep::StartsDayAfter { received, first_day } => {
                lang.t_args("deadline-starts", &[("received", date(received)), ("first", date(first_day))])
            }
            DeadlineStep::Term { term } => {
                let key = match term.unit {
                    TermUnit::CalendarDays => "deadline-term-calendar",
                    TermUnit::WorkingDays => "deadline-term-working",
                };
                lang.t_count(key, "days", i64::from(term.days), &[])
            }
            DeadlineStep::SuspendedFor { from, to, days } => lang.t_count(
                "deadline-suspended-for",
                "days",
                i64::try_from(days).unwrap_or(i64::MAX),
                &[("from", date(from)), ("to", date(to))],
            ),
            DeadlineStep::SuspendedSince { from, remaining_days } => lang.t_count(
                "deadline-suspended-since",
                "days",
                i64::try_from(remaining_days).unwrap_or(i64::MAX),
                &[("from", date(from))],
            ),
            DeadlineStep::SuspensionNotCounted { from, .. } => {
                lang.t_args("deadline-not-counted", &[("from", date(from))])
            }
            DeadlineStep::LastDay { date: d } => lang.t_args("deadline-last-day", &[("date", date(d))]),
            DeadlineStep::ShiftedFromHoliday { from, to, reason } => lang.t_args(
                "deadline-shift-holiday",
                &[("from", date(from)), ("to", date(to)), ("holiday", lang.t(&format!("holiday-{}", reason.code())))],
            ),
            DeadlineStep::ShiftedFromWeekend { from, to, weekday } => {
                let day = if weekday == Weekday::Sat { "weekday-sat" } else { "weekday-sun" };
                lang.t_args(
                    "deadline-shift-weekend",
                    &[("from", date(from)), ("to", date(to)), ("weekday", lang.t(day))],
                )
            }
            DeadlineStep::OutOfRange => lang.t("deadline-out-of-range"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use urp_domain::calendar::Calendar;
    use urp_domain::deadline::{Term, compute_deadline};

    #[test]
    fn explains_a_shift_off_a_sunday() {
        let received = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let d = compute_deadline(received, Term::DEFAULT, &[], &Calendar::NATIONAL);
        assert_eq!(headline(Lang::It, &d), "Scade il 04/01/2027");
        let text = explain(Lang::It, &d).join(" · ");
        assert!(text.contains("ricevuta il 04/12/2026"), "{text}");
        assert!(text.contains("30 giorni"), "{text}");
        assert!(text.contains("domenica"), "{text}");
        assert!(text.contains("04/01/2027"), "{text}");
    }

    #[test]
    fn explains_holidays_in_english_too() {
        let received = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let d = compute_deadline(received, Term::DEFAULT, &[], &Calendar::NATIONAL);
        // 30 days after 25 Nov is 25 Dec (Christmas), then 26 Dec: due on Monday 28 Dec.
        let text = explain(Lang::En, &d).join(" · ");
        assert!(text.contains("Christmas"), "{text}");
        assert_eq!(d.due(), NaiveDate::from_ymd_opt(2026, 12, 28));
    }
}
