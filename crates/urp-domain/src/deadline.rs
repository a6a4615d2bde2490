//! Legal deadline of an administrative procedure (L. 241/1990 art. 2), with its explanation.
//!
//! How the term is counted, and why:
//!
//! - **Dies a quo non computatur**: the day of receipt is not counted; the first day of the
//!   term is the next one (art. 2963 c. 2 c.c.; art. 155 c. 1 c.p.c.). The term expires at
//!   the end of its last day, so on the due date the administration is still in time.
//! - **Calendar-day terms** (the default, 30 days: art. 2 c. 2) count every day. If the last
//!   day is a public holiday, a Sunday or the patron's day, the deadline moves to the next
//!   working day (art. 2963 c. 3 c.c.; art. 155 c. 4 c.p.c.: "se il giorno di scadenza è
//!   festivo, la scadenza è prorogata di diritto al primo giorno seguente non festivo").
//! - **Saturday** also moves the deadline forward. Saturday is not a "giorno festivo" under
//!   art. 2963 c.c., but art. 155 c. 5 c.p.c. (added by L. 263/2005) extends the same
//!   postponement to terms expiring on a Saturday, and the offices of the ente are closed
//!   then, so the citizen could not act nor the office answer. This is the choice that
//!   never shortens the citizen's or the office's time.
//! - **Working-day terms** count only working days (Monday to Friday, not holidays), so their
//!   last day is always a working day and never moves.
//! - **Suspensions** (art. 2 c. 7; also art. 10-bis): while the office waits for the
//!   citizen's additions the clock is stopped; each day inside a suspension (both ends
//!   included) does not count, so the term is extended by the days the clock was actually
//!   stopped. Overlapping suspensions are merged so no day is counted twice. Only days while
//!   the clock runs matter: a suspension entirely before the first day, or starting after the
//!   last day, is reported but changes nothing (an expired term cannot be revived). An open
//!   suspension (no end yet) reached while the clock runs leaves the deadline undetermined
//!   until it is closed. The legal limits (once, at most 30 days) are policy of the caller,
//!   because they differ by kind of suspension.

use crate::calendar::{Calendar, HolidayReason, is_weekend};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// How the days of a term are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermUnit {
    CalendarDays,
    WorkingDays,
}

impl TermUnit {
    /// The stable code used in storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            TermUnit::CalendarDays => "calendar_days",
            TermUnit::WorkingDays => "working_days",
        }
    }
}

/// The term of a procedure, e.g. 30 calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Term {
    pub days: u32,
    pub unit: TermUnit,
}

impl Term {
    /// The term that applies when nothing else is set (L. 241/1990 art. 2 c. 2).
    pub const DEFAULT: Term = Term::calendar_days(30);

    pub const fn calendar_days(days: u32) -> Term {
        Term { days, unit: TermUnit::CalendarDays }
    }

    pub const fn working_days(days: u32) -> Term {
        Term { days, unit: TermUnit::WorkingDays }
    }
}

impl Default for Term {
    fn default() -> Self {
        Term::DEFAULT
    }
}

/// A period in which the clock was stopped: `from..=to`, both days not counted. `to == None`
/// means the suspension is still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Suspension {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SuspensionError {
    #[error("suspension ends on {to} before it starts on {from}")]
    EndsBeforeStart { from: NaiveDate, to: NaiveDate },
}

impl Suspension {
    /// A finished suspension; rejects an end before the start.
    pub fn closed(from: NaiveDate, to: NaiveDate) -> Result<Self, SuspensionError> {
        if to < from {
            return Err(SuspensionError::EndsBeforeStart { from, to });
        }
        Ok(Suspension { from, to: Some(to) })
    }

    /// A suspension still running since `from`.
    pub const fn open(from: NaiveDate) -> Self {
        Suspension { from, to: None }
    }

    pub fn is_open(&self) -> bool {
        self.to.is_none()
    }
}

/// Why a suspension did not change the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCountedReason {
    /// It ended before the first day of the term.
    BeforeTermStarted,
    /// It started after the last day of the term: the term had already run out.
    AfterTermEnded,
    /// Its end precedes its start (bad data, e.g. built without [`Suspension::closed`]).
    EndsBeforeItStarts,
}

impl NotCountedReason {
    pub fn code(self) -> &'static str {
        match self {
            NotCountedReason::BeforeTermStarted => "before_term_started",
            NotCountedReason::AfterTermEnded => "after_term_ended",
            NotCountedReason::EndsBeforeItStarts => "ends_before_it_starts",
        }
    }
}

/// One reason in the explanation of a deadline, in the order they apply. The web layer
/// renders each as an Italian sentence ("scade il … perché …").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum DeadlineStep {
    /// The day of receipt is not counted; the term starts on `first_day`.
    StartsDayAfter { received: NaiveDate, first_day: NaiveDate },
    /// The term that applies.
    Term { term: Term },
    /// The clock was stopped `from..=to` (`days` calendar days, both ends included): the term
    /// is extended by them. Overlapping suspensions appear merged; `from` is clipped to the
    /// first day of the term.
    SuspendedFor { from: NaiveDate, to: NaiveDate, days: u64 },
    /// The clock is stopped since `from` and not restarted yet: the deadline is undetermined;
    /// `remaining_days` (in the term's unit) will run once it restarts.
    SuspendedSince { from: NaiveDate, remaining_days: u64 },
    /// A suspension that did not change the deadline.
    SuspensionNotCounted { from: NaiveDate, to: Option<NaiveDate>, reason: NotCountedReason },
    /// The last day of the term, before any move off a non-working day.
    LastDay { date: NaiveDate },
    /// The last day was a public holiday, the patron's day or one of the ente's closing days:
    /// moved to the next working day.
    ShiftedFromHoliday { from: NaiveDate, to: NaiveDate, reason: HolidayReason },
    /// The last day was a Saturday or Sunday: moved to the next working day.
    ShiftedFromWeekend { from: NaiveDate, to: NaiveDate, weekday: Weekday },
    /// The deadline falls outside the representable dates (only with absurd terms or dates).
    OutOfRange,
}

/// Where the deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// The procedure must end by this day (included).
    Due { date: NaiveDate },
    /// The clock is stopped by an open suspension: no due date until it is closed.
    Suspended { since: NaiveDate, remaining_days: u64 },
    /// The due date would be beyond the last representable date (year 262143).
    OutOfRange,
}

/// A computed deadline and the steps that explain it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Deadline {
    pub status: DeadlineStatus,
    pub steps: Vec<DeadlineStep>,
}

impl Deadline {
    /// The due date, `None` while suspended (or out of range).
    pub fn due(&self) -> Option<NaiveDate> {
        match self.status {
            DeadlineStatus::Due { date } => Some(date),
            DeadlineStatus::Suspended { .. } | DeadlineStatus::OutOfRange => None,
        }
    }

    pub fn is_suspended(&self) -> bool {
        matches!(self.status, DeadlineStatus::Suspended { .. })
    }
}

/// Days from `today` to the due date: 0 on the due date itself (still in time), negative once
/// overdue. `None` while there is no due date (suspended).
pub fn days_remaining(today: NaiveDate, deadline: &Deadline) -> Option<i64> {
    deadline.due().map(|due| (due - today).num_days())
}

/// `true` once the due date has passed. A suspended deadline is never overdue: the clock is
/// stopped.
pub fn is_overdue(today: NaiveDate, deadline: &Deadline) -> bool {
    days_remaining(today, deadline).is_some_and(|d| d < 0)
}

/// The deadline of a procedure received on `received` with `term`, given the suspensions and
/// the ente's calendar. See the module documentation for the rules.
pub fn compute_deadline(received: NaiveDate, term: Term, suspensions: &[Suspension], cal: &Calendar) -> Deadline {
    let mut steps = Vec::new();
    let status = run_clock(received, term, suspensions, cal, &mut steps).unwrap_or(DeadlineStatus::OutOfRange);
    if status == DeadlineStatus::OutOfRange {
        steps.push(DeadlineStep::OutOfRange);
    }
    Deadline { status, steps }
}

/// `None` when a date computation leaves chrono's range.
fn run_clock(
    received: NaiveDate,
    term: Term,
    suspensions: &[Suspension],
    cal: &Calendar,
    steps: &mut Vec<DeadlineStep>,
) -> Option<DeadlineStatus> {
    let first_day = received.succ_opt()?;
    steps.push(DeadlineStep::StartsDayAfter { received, first_day });
    steps.push(DeadlineStep::Term { term });

    let (intervals, invalid) = merge(suspensions);
    steps.extend(invalid.into_iter().map(|s| DeadlineStep::SuspensionNotCounted {
        from: s.from,
        to: s.to,
        reason: NotCountedReason::EndsBeforeItStarts,
    }));

    // Suspensions found after the term ran out are listed after the due date, where the
    // reader expects "this did not count".
    let mut late = Vec::new();
    let mut remaining = u64::from(term.days);
    let mut cursor = first_day;
    // A zero-day term ends on the day of receipt itself: nothing is counted.
    let mut last = (remaining == 0).then_some(received);
    if let Some(date) = last {
        steps.push(DeadlineStep::LastDay { date });
    }

    for iv in intervals {
        if last.is_some() {
            late.push(not_counted(iv, NotCountedReason::AfterTermEnded));
            continue;
        }
        if iv.to.is_some_and(|to| to < first_day) {
            steps.push(not_counted(iv, NotCountedReason::BeforeTermStarted));
            continue;
        }
        let from = iv.from.max(first_day);
        if from > cursor {
            let before = from.pred_opt()?;
            let ticks = ticking_days(term.unit, cal, cursor, before);
            if ticks >= remaining {
                let date = nth_ticking_day(term.unit, cal, cursor, remaining)?;
                last = Some(date);
                steps.push(DeadlineStep::LastDay { date });
                late.push(not_counted(iv, NotCountedReason::AfterTermEnded));
                continue;
            }
            remaining -= ticks;
        }
        match iv.to {
            None => {
                steps.push(DeadlineStep::SuspendedSince { from, remaining_days: remaining });
                steps.append(&mut late);
                return Some(DeadlineStatus::Suspended { since: from, remaining_days: remaining });
            }
            Some(to) => {
                let days = u64::try_from((to - from).num_days() + 1).ok()?;
                steps.push(DeadlineStep::SuspendedFor { from, to, days });
                cursor = to.succ_opt()?;
            }
        }
    }

    let last = match last {
        Some(date) => date,
        None => {
            let date = nth_ticking_day(term.unit, cal, cursor, remaining)?;
            steps.push(DeadlineStep::LastDay { date });
            date
        }
    };

    let due = cal.working_day_on_or_after(last)?;
    if due != last {
        // A Sunday that is also a holiday is explained by the holiday: it says more.
        steps.push(match cal.is_holiday(last) {
            Some(reason) => DeadlineStep::ShiftedFromHoliday { from: last, to: due, reason },
            None => {
                debug_assert!(is_weekend(last));
                DeadlineStep::ShiftedFromWeekend { from: last, to: due, weekday: last.weekday() }
            }
        });
    }
    steps.append(&mut late);
    Some(DeadlineStatus::Due { date: due })
}

/// A suspension normalised for counting: `to == None` is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Interval {
    from: NaiveDate,
    to: Option<NaiveDate>,
}

fn not_counted(iv: Interval, reason: NotCountedReason) -> DeadlineStep {
    DeadlineStep::SuspensionNotCounted { from: iv.from, to: iv.to, reason }
}

/// Sorts the valid suspensions and merges overlapping or adjacent ones, so each stopped day
/// is counted once. Returns the merged intervals and the invalid suspensions.
fn merge(suspensions: &[Suspension]) -> (Vec<Interval>, Vec<Suspension>) {
    let (mut valid, invalid): (Vec<Suspension>, Vec<Suspension>) =
        suspensions.iter().partition(|s| s.to.is_none_or(|to| to >= s.from));
    valid.sort_by_key(|s| s.from);

    let mut merged: Vec<Interval> = Vec::with_capacity(valid.len());
    for s in valid {
        let next = Interval { from: s.from, to: s.to };
        match merged.last_mut() {
            Some(cur) if touches(cur, &next) => {
                cur.to = match (cur.to, next.to) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => merged.push(next),
        }
    }
    (merged, invalid)
}

/// Whether `next` (starting at or after `cur`) overlaps `cur` or starts the day after it.
fn touches(cur: &Interval, next: &Interval) -> bool {
    match cur.to {
        None => true,
        // `pred_opt` is `None` only for the first representable day, which touches anything.
        Some(to) => next.from.pred_opt().is_none_or(|p| p <= to),
    }
}

/// Days that advance the clock in `from..=to`.
fn ticking_days(unit: TermUnit, cal: &Calendar, from: NaiveDate, to: NaiveDate) -> u64 {
    match unit {
        TermUnit::CalendarDays => u64::try_from((to - from).num_days() + 1).unwrap_or(0),
        TermUnit::WorkingDays => cal.count_working_days(from, to),
    }
}

/// The `n`-th (`n >= 1`) day advancing the clock, counting `first` as the first candidate.
fn nth_ticking_day(unit: TermUnit, cal: &Calendar, first: NaiveDate, n: u64) -> Option<NaiveDate> {
    match unit {
        TermUnit::CalendarDays => first.checked_add_days(Days::new(n.checked_sub(1)?)),
        TermUnit::WorkingDays => cal.nth_working_day_from(first, n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn closed(from: NaiveDate, to: NaiveDate) -> Suspension {
        Suspension::closed(from, to).unwrap()
    }

    fn due(received: NaiveDate, term: Term, suspensions: &[Suspension]) -> Option<NaiveDate> {
        compute_deadline(received, term, suspensions, &Calendar::NATIONAL).due()
    }

    #[test]
    fn default_term_is_30_calendar_days() {
        assert_eq!(Term::DEFAULT, Term::calendar_days(30));
        assert_eq!(Term::default(), Term::DEFAULT);
        assert_eq!(Term::DEFAULT.unit.code(), "calendar_days");
        assert_eq!(TermUnit::WorkingDays.code(), "working_days");
    }

    #[test]
    fn plain_30_days() {
        // Mon 2 Mar 2026 + 30 → Wed 1 Apr 2026.
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &[], &Calendar::NATIONAL);
        assert_eq!(d.status, DeadlineStatus::Due { date: ymd(2026, 4, 1) });
        assert_eq!(
            d.steps,
            vec![
                DeadlineStep::StartsDayAfter { received: ymd(2026, 3, 2), first_day: ymd(2026, 3, 3) },
                DeadlineStep::Term { term: Term::DEFAULT },
                DeadlineStep::LastDay { date: ymd(2026, 4, 1) },
            ]
        );
    }

    #[test]
    fn last_day_on_sunday_moves_to_monday() {
        // Fri 4 Dec 2026 + 30 = Sun 3 Jan 2027 → Mon 4 Jan 2027.
        let d = compute_deadline(ymd(2026, 12, 4), Term::DEFAULT, &[], &Calendar::NATIONAL);
        assert_eq!(d.due(), Some(ymd(2027, 1, 4)));
        assert_eq!(
            d.steps.last(),
            Some(&DeadlineStep::ShiftedFromWeekend {
                from: ymd(2027, 1, 3),
                to: ymd(2027, 1, 4),
                weekday: Weekday::Sun
            })
        );
    }

    #[test]
    fn last_day_on_saturday_moves_to_monday() {
        // Thu 5 Feb 2026 + 30 = Sat 7 Mar 2026 → Mon 9 Mar.
        let d = compute_deadline(ymd(2026, 2, 5), Term::DEFAULT, &[], &Calendar::NATIONAL);
        assert_eq!(d.due(), Some(ymd(2026, 3, 9)));
        assert!(d.steps.contains(&DeadlineStep::ShiftedFromWeekend {
            from: ymd(2026, 3, 7),
            to: ymd(2026, 3, 9),
            weekday: Weekday::Sat
        }));
    }

    #[test]
    fn christmas_moves_past_st_stephen() {
        // 2025: Thu 25 Dec, Fri 26 Dec, weekend → Mon 29 Dec.
        let d = compute_deadline(ymd(2025, 11, 25), Term::DEFAULT, &[], &Calendar::NATIONAL);
        assert_eq!(d.due(), Some(ymd(2025, 12, 29)));
        assert!(d.steps.contains(&DeadlineStep::ShiftedFromHoliday {
            from: ymd(2025, 12, 25),
            to: ymd(2025, 12, 29),
            reason: HolidayReason::Christmas
        }));
        // 2028: Mon 25 Dec, Tue 26 Dec → Wed 27 Dec.
        assert_eq!(due(ymd(2028, 11, 25), Term::DEFAULT, &[]), Some(ymd(2028, 12, 27)));
    }

    #[test]
    fn holiday_on_sunday_is_explained_by_the_holiday() {
        // Sun 1 Nov 2026 (All Saints) → Mon 2 Nov.
        let d = compute_deadline(ymd(2026, 10, 2), Term::DEFAULT, &[], &Calendar::NATIONAL);
        assert_eq!(d.due(), Some(ymd(2026, 11, 2)));
        assert!(d.steps.contains(&DeadlineStep::ShiftedFromHoliday {
            from: ymd(2026, 11, 1),
            to: ymd(2026, 11, 2),
            reason: HolidayReason::AllSaints
        }));
    }

    #[test]
    fn patron_day_moves_the_deadline() {
        // Mon 7 Dec 2026 is Sant'Ambrogio in Milan, Tue 8 Dec the Immacolata → Wed 9 Dec.
        let milan = Calendar::new(Some((12, 7))).unwrap();
        let d = compute_deadline(ymd(2026, 11, 7), Term::DEFAULT, &[], &milan);
        assert_eq!(d.due(), Some(ymd(2026, 12, 9)));
        assert!(d.steps.contains(&DeadlineStep::ShiftedFromHoliday {
            from: ymd(2026, 12, 7),
            to: ymd(2026, 12, 9),
            reason: HolidayReason::Patron
        }));
        // Elsewhere 7 December is an ordinary Monday.
        assert_eq!(due(ymd(2026, 11, 7), Term::DEFAULT, &[]), Some(ymd(2026, 12, 7)));
    }

    #[test]
    fn working_day_terms_skip_weekends_and_easter_monday() {
        // Thu 2 Apr 2026, 3 working days: Fri 3, Tue 7 (after Easter Monday), Wed 8.
        let d = compute_deadline(ymd(2026, 4, 2), Term::working_days(3), &[], &Calendar::NATIONAL);
        assert_eq!(d.due(), Some(ymd(2026, 4, 8)));
        assert!(!d.steps.iter().any(|s| matches!(s, DeadlineStep::ShiftedFromWeekend { .. })));
        // Fri 6 Mar 2026, 10 working days → Fri 20 Mar.
        assert_eq!(due(ymd(2026, 3, 6), Term::working_days(10), &[]), Some(ymd(2026, 3, 20)));
    }

    #[test]
    fn working_day_term_received_on_a_holiday() {
        // Received on Sat 25 Apr 2026: the first working day is Mon 27.
        assert_eq!(due(ymd(2026, 4, 25), Term::working_days(1), &[]), Some(ymd(2026, 4, 27)));
    }

    #[test]
    fn zero_day_term_ends_on_receipt_or_next_working_day() {
        assert_eq!(due(ymd(2026, 3, 4), Term::calendar_days(0), &[]), Some(ymd(2026, 3, 4)));
        assert_eq!(due(ymd(2026, 3, 7), Term::working_days(0), &[]), Some(ymd(2026, 3, 9)));
    }

    #[test]
    fn ten_day_suspension_extends_by_ten() {
        // Mon 2 Mar 2026: 1 Apr without suspension, 11 Apr (Saturday) → Mon 13 Apr with it.
        let s = [closed(ymd(2026, 3, 10), ymd(2026, 3, 19))];
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &s, &Calendar::NATIONAL);
        assert!(d.steps.contains(&DeadlineStep::SuspendedFor {
            from: ymd(2026, 3, 10),
            to: ymd(2026, 3, 19),
            days: 10
        }));
        assert!(d.steps.contains(&DeadlineStep::LastDay { date: ymd(2026, 4, 11) }));
        assert_eq!(d.due(), Some(ymd(2026, 4, 13)));
    }

    #[test]
    fn overlapping_suspensions_do_not_double_count() {
        let s = [
            closed(ymd(2026, 3, 10), ymd(2026, 3, 19)),
            closed(ymd(2026, 3, 15), ymd(2026, 3, 24)),
            closed(ymd(2026, 3, 12), ymd(2026, 3, 13)),
        ];
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &s, &Calendar::NATIONAL);
        // 15 distinct days: 1 Apr + 15 = Thu 16 Apr.
        assert_eq!(d.due(), Some(ymd(2026, 4, 16)));
        let suspended: Vec<_> = d.steps.iter().filter(|s| matches!(s, DeadlineStep::SuspendedFor { .. })).collect();
        assert_eq!(
            suspended,
            vec![&DeadlineStep::SuspendedFor { from: ymd(2026, 3, 10), to: ymd(2026, 3, 24), days: 15 }]
        );
    }

    #[test]
    fn disjoint_suspensions_add_up() {
        let s = [closed(ymd(2026, 3, 20), ymd(2026, 3, 21)), closed(ymd(2026, 3, 10), ymd(2026, 3, 12))];
        // 1 Apr + 5 = Mon 6 Apr = Easter Monday → Tue 7 Apr.
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &s, &Calendar::NATIONAL);
        assert_eq!(d.due(), Some(ymd(2026, 4, 7)));
        assert!(d.steps.contains(&DeadlineStep::ShiftedFromHoliday {
            from: ymd(2026, 4, 6),
            to: ymd(2026, 4, 7),
            reason: HolidayReason::EasterMonday
        }));
    }

    #[test]
    fn open_suspension_leaves_no_due_date() {
        // Received Mon 2 Mar 2026; 3..=12 Mar run (10 days), stopped from 13 Mar.
        let s = [Suspension::open(ymd(2026, 3, 13))];
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &s, &Calendar::NATIONAL);
        assert_eq!(d.status, DeadlineStatus::Suspended { since: ymd(2026, 3, 13), remaining_days: 20 });
        assert_eq!(d.due(), None);
        assert!(d.is_suspended());
        assert_eq!(days_remaining(ymd(2026, 6, 1), &d), None);
        assert!(!is_overdue(ymd(2026, 6, 1), &d));
        // Closing it on 17 Mar (5 days) gives 1 Apr + 5 = Mon 6 Apr (Easter Monday) → 7 Apr.
        let s = [closed(ymd(2026, 3, 13), ymd(2026, 3, 17))];
        assert_eq!(due(ymd(2026, 3, 2), Term::DEFAULT, &s), Some(ymd(2026, 4, 7)));
    }

    #[test]
    fn open_suspension_absorbs_later_ones() {
        let s = [Suspension::open(ymd(2026, 3, 13)), closed(ymd(2026, 3, 20), ymd(2026, 3, 25))];
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &s, &Calendar::NATIONAL);
        assert!(d.is_suspended());
    }

    #[test]
    fn suspension_before_receipt_is_clipped_or_ignored() {
        // Entirely before the first day: not counted.
        let s = [closed(ymd(2026, 2, 1), ymd(2026, 3, 2))];
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &s, &Calendar::NATIONAL);
        assert_eq!(d.due(), Some(ymd(2026, 4, 1)));
        assert!(d.steps.contains(&DeadlineStep::SuspensionNotCounted {
            from: ymd(2026, 2, 1),
            to: Some(ymd(2026, 3, 2)),
            reason: NotCountedReason::BeforeTermStarted
        }));
        // Straddling the start: only 3..=5 Mar count.
        let s = [closed(ymd(2026, 2, 1), ymd(2026, 3, 5))];
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &s, &Calendar::NATIONAL);
        assert!(d.steps.contains(&DeadlineStep::SuspendedFor { from: ymd(2026, 3, 3), to: ymd(2026, 3, 5), days: 3 }));
        // 1 Apr + 3 = Sat 4 Apr → Sun (Easter) → Mon (Easter Monday) → Tue 7 Apr.
        assert_eq!(d.due(), Some(ymd(2026, 4, 7)));
    }

    #[test]
    fn suspension_after_the_term_ran_out_is_not_counted() {
        let s = [closed(ymd(2026, 4, 2), ymd(2026, 4, 20)), Suspension::open(ymd(2026, 5, 1))];
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &s, &Calendar::NATIONAL);
        assert_eq!(d.due(), Some(ymd(2026, 4, 1)));
        let late: Vec<_> = d
            .steps
            .iter()
            .filter(|s| {
                matches!(s, DeadlineStep::SuspensionNotCounted { reason: NotCountedReason::AfterTermEnded, .. })
            })
            .collect();
        assert_eq!(late.len(), 2);
        // They come after the due date in the explanation.
        assert!(matches!(d.steps.last(), Some(DeadlineStep::SuspensionNotCounted { .. })));
    }

    #[test]
    fn suspension_starting_on_the_last_day_counts() {
        let s = [closed(ymd(2026, 4, 1), ymd(2026, 4, 1))];
        // 1 Apr stopped → last day 2 Apr (Thursday).
        assert_eq!(due(ymd(2026, 3, 2), Term::DEFAULT, &s), Some(ymd(2026, 4, 2)));
    }

    #[test]
    fn invalid_suspension_is_reported_not_counted() {
        let bad = Suspension { from: ymd(2026, 3, 20), to: Some(ymd(2026, 3, 10)) };
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &[bad], &Calendar::NATIONAL);
        assert_eq!(d.due(), Some(ymd(2026, 4, 1)));
        assert!(d.steps.contains(&DeadlineStep::SuspensionNotCounted {
            from: ymd(2026, 3, 20),
            to: Some(ymd(2026, 3, 10)),
            reason: NotCountedReason::EndsBeforeItStarts
        }));
        assert_eq!(
            Suspension::closed(ymd(2026, 3, 20), ymd(2026, 3, 10)),
            Err(SuspensionError::EndsBeforeStart { from: ymd(2026, 3, 20), to: ymd(2026, 3, 10) })
        );
    }

    #[test]
    fn working_day_term_with_suspension() {
        // Mon 2 Mar 2026, 10 working days → Mon 16 Mar; stopped Mon 9..=Sun 15 Mar (5
        // working days) → Mon 23 Mar.
        let s = [closed(ymd(2026, 3, 9), ymd(2026, 3, 15))];
        assert_eq!(due(ymd(2026, 3, 2), Term::working_days(10), &s), Some(ymd(2026, 3, 23)));
    }

    #[test]
    fn remaining_and_overdue() {
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &[], &Calendar::NATIONAL);
        assert_eq!(days_remaining(ymd(2026, 3, 2), &d), Some(30));
        assert_eq!(days_remaining(ymd(2026, 4, 1), &d), Some(0));
        assert!(!is_overdue(ymd(2026, 4, 1), &d));
        assert_eq!(days_remaining(ymd(2026, 4, 3), &d), Some(-2));
        assert!(is_overdue(ymd(2026, 4, 2), &d));
    }

    #[test]
    fn out_of_range_does_not_panic() {
        let d = compute_deadline(NaiveDate::MAX, Term::DEFAULT, &[], &Calendar::NATIONAL);
        assert_eq!(d.status, DeadlineStatus::OutOfRange);
        assert_eq!(d.steps.last(), Some(&DeadlineStep::OutOfRange));
        let d = compute_deadline(ymd(2026, 1, 1), Term::working_days(u32::MAX), &[], &Calendar::NATIONAL);
        assert_eq!(d.status, DeadlineStatus::OutOfRange);
        assert!(!is_overdue(ymd(2026, 1, 1), &d));
    }

    #[test]
    fn codes_are_snake_case() {
        assert_eq!(NotCountedReason::AfterTermEnded.code(), "after_term_ended");
        assert_eq!(NotCountedReason::BeforeTermStarted.code(), "before_term_started");
        assert_eq!(NotCountedReason::EndsBeforeItStarts.code(), "ends_before_it_starts");
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..15_000).prop_map(|n| ymd(2000, 1, 1) + Days::new(n))
    }

    fn any_term() -> impl Strategy<Value = Term> {
        (0u32..400, prop_oneof![Just(TermUnit::CalendarDays), Just(TermUnit::WorkingDays)])
            .prop_map(|(days, unit)| Term { days, unit })
    }

    fn any_calendar() -> impl Strategy<Value = Calendar> {
        prop_oneof![
            Just(Calendar::NATIONAL),
            Just(Calendar::new(Some((12, 7))).unwrap()),
            Just(Calendar::new(Some((6, 29))).unwrap()),
            Just(Calendar::new(Some((9, 19))).unwrap()),
        ]
    }

    /// Suspensions around `received`, some open, some overlapping.
    fn any_suspensions(received: NaiveDate) -> impl Strategy<Value = Vec<Suspension>> {
        prop::collection::vec((-20i64..400, 0i64..60, prop::bool::weighted(0.1)), 0..5).prop_map(move |v| {
            v.into_iter()
                .map(|(start, len, open)| {
                    let from = received + chrono::Duration::days(start);
                    Suspension { from, to: (!open).then(|| from + chrono::Duration::days(len)) }
                })
                .collect()
        })
    }

    fn case() -> impl Strategy<Value = (NaiveDate, Term, Vec<Suspension>, Calendar)> {
        (any_date(), any_term(), any_calendar())
            .prop_flat_map(|(r, t, c)| (Just(r), Just(t), any_suspensions(r), Just(c)))
    }

    /// Naive day-by-day reference: walk the days, skipping stopped ones.
    fn reference(received: NaiveDate, term: Term, suspensions: &[Suspension], cal: &Calendar) -> Option<NaiveDate> {
        let stopped = |d: NaiveDate| suspensions.iter().any(|s| s.from <= d && s.to.is_none_or(|to| d <= to));
        let mut last = received;
        let mut left = term.days;
        let mut d = received;
        while left > 0 {
            d = d.succ_opt().unwrap();
            if stopped(d) {
                // The open suspension is reached while the clock still runs.
                if suspensions.iter().any(|s| s.to.is_none() && s.from <= d) {
                    return None;
                }
                continue;
            }
            if term.unit == TermUnit::CalendarDays || cal.is_working_day(d) {
                left -= 1;
                last = d;
            }
        }
        cal.working_day_on_or_after(last)
    }

    proptest! {
        #[test]
        fn matches_day_by_day_reference((r, t, s, cal) in case()) {
            let d = compute_deadline(r, t, &s, &cal);
            prop_assert_eq!(d.due(), reference(r, t, &s, &cal));
            prop_assert_ne!(d.status, DeadlineStatus::OutOfRange);
        }

        #[test]
        fn due_date_is_a_working_day((r, t, s, cal) in case()) {
            if let Some(due) = compute_deadline(r, t, &s, &cal).due() {
                prop_assert!(cal.is_working_day(due));
                prop_assert!(cal.is_holiday(due).is_none());
                prop_assert!(!is_weekend(due));
                prop_assert!(due >= r);
                if t.days > 0 {
                    prop_assert!(due > r);
                }
            }
        }

        #[test]
        fn monotone_in_term_days(r in any_date(), t in any_term(), extra in 0u32..100, cal in any_calendar()) {
            let longer = Term { days: t.days + extra, unit: t.unit };
            let a = compute_deadline(r, t, &[], &cal).due().unwrap();
            let b = compute_deadline(r, longer, &[], &cal).due().unwrap();
            prop_assert!(a <= b);
        }

        #[test]
        fn suspensions_never_shorten((r, t, s, cal) in case()) {
            let without = compute_deadline(r, t, &[], &cal).due().unwrap();
            let with = compute_deadline(r, t, &s, &cal);
            if let Some(with) = with.due() {
                prop_assert!(with >= without);
            } else {
                prop_assert!(with.is_suspended());
            }
        }

        #[test]
        fn order_and_duplicates_do_not_matter((r, t, s, cal) in case()) {
            let a = compute_deadline(r, t, &s, &cal);
            let mut shuffled: Vec<_> = s.iter().rev().copied().collect();
            shuffled.extend(s.iter().copied());
            let b = compute_deadline(r, t, &shuffled, &cal);
            prop_assert_eq!(a, b);
        }

        #[test]
        fn suspension_inside_calendar_term_extends_last_day_exactly(
            r in any_date(), days in 1u32..200, offset in 0u32..200, len in 1u64..60,
        ) {
            let offset = offset % days;
            let cal = Calendar::NATIONAL;
            let term = Term::calendar_days(days);
            let from = r + Days::new(u64::from(offset) + 1);
            let s = [closed(from, from + Days::new(len - 1))];
            let last_day = |d: &Deadline| d.steps.iter().find_map(|s| match s {
                DeadlineStep::LastDay { date } => Some(*date),
                _ => None,
            });
            let plain = last_day(&compute_deadline(r, term, &[], &cal)).unwrap();
            let ext = last_day(&compute_deadline(r, term, &s, &cal)).unwrap();
            prop_assert_eq!(ext, plain + Days::new(len));
        }

        #[test]
        fn remaining_days_counts_down(r in any_date(), t in any_term(), today_offset in -50i64..500) {
            let d = compute_deadline(r, t, &[], &Calendar::NATIONAL);
            let today = r + chrono::Duration::days(today_offset);
            let left = days_remaining(today, &d).unwrap();
            prop_assert_eq!(left, (d.due().unwrap() - today).num_days());
            prop_assert_eq!(is_overdue(today, &d), left < 0);
        }
    }
}
