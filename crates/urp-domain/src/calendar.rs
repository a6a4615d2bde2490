//! The Italian working-day calendar of an ente: national public holidays plus the local
//! patron saint's day and the extra closing days the ente declares (e.g. 24 December or a
//! bridge day), with Saturday and Sunday as non-working days.
//!
//! Legal terms (L. 241/1990, art. 2963 c.c., art. 155 c.p.c.) depend on which days are
//! "festivi", so this is the single place that decides it. The current rules are applied to
//! every year, except the feast of St Francis which only exists from 2026: historical
//! changes (e.g. the holidays suppressed by L. 54/1977) are not modelled because the software
//! only computes present and future deadlines.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::str::FromStr;

/// Why a day is a holiday, or a closing day of the ente.
///
/// The web layer maps [`HolidayReason::code`] to the Italian text, e.g. `liberation` →
/// "Festa della Liberazione".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayReason {
    /// 1 January, Capodanno.
    NewYear,
    /// 6 January, Epifania.
    Epiphany,
    /// Easter Sunday, Pasqua (always a Sunday, listed so the calendar can name it).
    Easter,
    /// Easter Monday, Lunedì dell'Angelo.
    EasterMonday,
    /// 25 April, Festa della Liberazione.
    Liberation,
    /// 1 May, Festa del Lavoro.
    Labour,
    /// 2 June, Festa della Repubblica.
    Republic,
    /// 15 August, Assunzione (Ferragosto).
    Assumption,
    /// 4 October, San Francesco d'Assisi patrono d'Italia: a national holiday from 2026
    /// (L. 151/2025, which adds it to the list of L. 260/1949 art. 2).
    StFrancis,
    /// 1 November, Ognissanti.
    AllSaints,
    /// 8 December, Immacolata Concezione.
    ImmaculateConception,
    /// 25 December, Natale.
    Christmas,
    /// 26 December, Santo Stefano.
    StStephen,
    /// The patron saint's day of the ente (santo patrono), a holiday only locally.
    Patron,
    /// An extra closing day declared by the ente (e.g. 24 December, a bridge day). Not a
    /// "giorno festivo", but the office is closed, so terms treat it exactly like a holiday.
    Closure,
}

/// First year in which 4 October is a national holiday (L. 151/2025, in force 1 January 2026).
const FIRST_ST_FRANCIS_YEAR: i32 = 2026;

impl HolidayReason {
    /// Every reason, in calendar order. When two holidays fall on the same day (e.g. Easter
    /// Monday on 25 April, as in 2011) the first one in this order is the one reported, so
    /// national holidays win over the patron's day, and both win over a closing day: the
    /// explanation of a deadline then cites the legal holiday, not the office's choice.
    pub const ALL: [HolidayReason; 15] = [
        HolidayReason::NewYear,
        HolidayReason::Epiphany,
        HolidayReason::Easter,
        HolidayReason::EasterMonday,
        HolidayReason::Liberation,
        HolidayReason::Labour,
        HolidayReason::Republic,
        HolidayReason::Assumption,
        HolidayReason::StFrancis,
        HolidayReason::AllSaints,
        HolidayReason::ImmaculateConception,
        HolidayReason::Christmas,
        HolidayReason::StStephen,
        HolidayReason::Patron,
        HolidayReason::Closure,
    ];

    /// The stable code used in storage, the API and as the key of the Italian text.
    pub fn code(self) -> &'static str {
        match self {
            HolidayReason::NewYear => "new_year",
            HolidayReason::Epiphany => "epiphany",
            HolidayReason::Easter => "easter",
            HolidayReason::EasterMonday => "easter_monday",
            HolidayReason::Liberation => "liberation",
            HolidayReason::Labour => "labour",
            HolidayReason::Republic => "republic",
            HolidayReason::Assumption => "assumption",
            HolidayReason::StFrancis => "st_francis",
            HolidayReason::AllSaints => "all_saints",
            HolidayReason::ImmaculateConception => "immaculate_conception",
            HolidayReason::Christmas => "christmas",
            HolidayReason::StStephen => "st_stephen",
            HolidayReason::Patron => "patron",
            HolidayReason::Closure => "closure",
        }
    }

    /// `true` for the holidays that hold in the whole country, `false` for the patron's day
    /// and the ente's closing days.
    pub fn is_national(self) -> bool {
        !matches!(self, HolidayReason::Patron | HolidayReason::Closure)
    }

    /// The fixed (month, day) of the holiday, `None` for the movable ones (Easter-based) and
    /// for those whose date depends on the ente (patron, closing days).
    fn fixed_month_day(self) -> Option<(u32, u32)> {
        match self {
            HolidayReason::NewYear => Some((1, 1)),
            HolidayReason::Epiphany => Some((1, 6)),
            HolidayReason::Liberation => Some((4, 25)),
            HolidayReason::Labour => Some((5, 1)),
            HolidayReason::Republic => Some((6, 2)),
            HolidayReason::Assumption => Some((8, 15)),
            HolidayReason::StFrancis => Some((10, 4)),
            HolidayReason::AllSaints => Some((11, 1)),
            HolidayReason::ImmaculateConception => Some((12, 8)),
            HolidayReason::Christmas => Some((12, 25)),
            HolidayReason::StStephen => Some((12, 26)),
            HolidayReason::Easter | HolidayReason::EasterMonday | HolidayReason::Patron | HolidayReason::Closure => {
                None
            }
        }
    }
}

impl std::fmt::Display for HolidayReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown holiday reason `{0}`")]
pub struct UnknownHolidayReason(pub String);

impl FromStr for HolidayReason {
    type Err = UnknownHolidayReason;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HolidayReason::ALL.into_iter().find(|r| r.code() == s.trim()).ok_or_else(|| UnknownHolidayReason(s.to_string()))
    }
}

/// Easter Sunday of `year` in the Gregorian calendar, by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher).
///
/// Years before 1583 get the proleptic Gregorian result, which is not the Easter that was
/// actually celebrated then. `None` only when the date is outside chrono's range.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    // Euclidean division keeps the algorithm periodic (and in March/April) for negative
    // years too, so the function is total over chrono's range.
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Saturday or Sunday. Offices of Italian public administrations are closed on both, so
/// neither is a working day.
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("invalid patron saint's day: month {month}, day {day}")]
    InvalidPatronDay { month: u32, day: u32 },
}

/// The working-day calendar of one ente.
///
/// A patron day that coincides with a national holiday (e.g. 8 December) changes nothing.
/// A patron feast on 29 February is a holiday only in leap years. Movable patron feasts
/// (tied to Easter, or "the first Sunday of …") cannot be expressed and must be given as the
/// nearest fixed date, if at all.
///
/// Closing days are concrete dates, not yearly rules: the ente decides them year by year
/// (a bridge day depends on the weekday of the holiday). One that falls on a weekend or on a
/// holiday changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Calendar {
    patron: Option<(u32, u32)>,
    closures: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// The national calendar, with no patron day and no closing days.
    pub const NATIONAL: Calendar = Calendar { patron: None, closures: BTreeSet::new() };

    /// A calendar with the ente's patron saint's day given as `(month, day)`.
    pub fn new(patron: Option<(u32, u32)>) -> Result<Self, CalendarError> {
        if let Some((month, day)) = patron {
            // 2000 is a leap year, so 29 February is accepted as a possible patron day.
            if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
                return Err(CalendarError::InvalidPatronDay { month, day });
            }
        }
        Ok(Calendar { patron, closures: BTreeSet::new() })
    }

    /// The same calendar with `days` added to its closing days. Duplicates, and days that are
    /// already weekends or holidays, are harmless: each date is non-working once.
    #[must_use]
    pub fn with_closures(mut self, days: impl IntoIterator<Item = NaiveDate>) -> Calendar {
        self.closures.extend(days);
        self
    }

    /// The patron saint's day as `(month, day)`, if the ente has one.
    pub fn patron(&self) -> Option<(u32, u32)> {
        self.patron
    }

    /// The extra closing days of the ente, in date order.
    pub fn closures(&self) -> &BTreeSet<NaiveDate> {
        &self.closures
    }

    /// The date of `reason` in `year`, if it is a holiday that year for this calendar.
    ///
    /// Always `None` for [`HolidayReason::Closure`]: a year may hold any number of closing
    /// days, so there is no single date to return. Use [`Calendar::closures`] or
    /// [`Calendar::holidays`] instead.
    pub fn holiday_date(&self, reason: HolidayReason, year: i32) -> Option<NaiveDate> {
        match reason {
            HolidayReason::Easter => easter_sunday(year),
            HolidayReason::EasterMonday => easter_sunday(year)?.succ_opt(),
            HolidayReason::Patron => {
                let (month, day) = self.patron?;
                NaiveDate::from_ymd_opt(year, month, day)
            }
            HolidayReason::Closure => None,
            HolidayReason::StFrancis if year < FIRST_ST_FRANCIS_YEAR => None,
            fixed => {
                let (month, day) = fixed.fixed_month_day()?;
                NaiveDate::from_ymd_opt(year, month, day)
            }
        }
    }

    /// Why `date` is a holiday or a closing day, or `None` if it is neither. Sundays are not
    /// reported here unless they are also a holiday: see [`Calendar::is_working_day`].
    pub fn is_holiday(&self, date: NaiveDate) -> Option<HolidayReason> {
        // `holiday_date` never yields a closing day, and `Closure` is last in `ALL`, so
        // checking the set afterwards keeps the precedence `ALL` documents.
        HolidayReason::ALL
            .into_iter()
            .find(|&r| self.holiday_date(r, date.year()) == Some(date))
            .or_else(|| self.closures.contains(&date).then_some(HolidayReason::Closure))
    }

    /// All holidays and closing days of `year`, sorted by date, one entry per date (see
    /// [`HolidayReason::ALL`] for which reason is kept when two coincide).
    pub fn holidays(&self, year: i32) -> Vec<(NaiveDate, HolidayReason)> {
        let mut days: Vec<(NaiveDate, HolidayReason)> =
            HolidayReason::ALL.into_iter().filter_map(|r| self.holiday_date(r, year).map(|d| (d, r))).collect();
        // Appended after every other reason, so the dedup below drops a closing day that
        // coincides with a holiday.
        days.extend(self.closures_in_year(year).map(|d| (d, HolidayReason::Closure)));
        // Stable sort keeps ALL order among equal dates, so dedup keeps the same reason that
        // `is_holiday` reports.
        days.sort_by_key(|&(d, _)| d);
        days.dedup_by_key(|&mut (d, _)| d);
        days
    }

    /// The closing days that fall in `year`.
    fn closures_in_year(&self, year: i32) -> impl Iterator<Item = NaiveDate> + '_ {
        // Both ends exist for every year in chrono's range; outside it there is nothing.
        let bounds = NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year, 12, 31));
        bounds.into_iter().flat_map(|(first, last)| self.closures.range(first..=last).copied())
    }

    /// A working day is Monday to Friday, not a holiday and not a closing day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date) && self.is_holiday(date).is_none()
    }

    /// The first working day strictly after `date`. `None` past the end of chrono's range.
    pub fn next_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.working_day_on_or_after(date.succ_opt()?)
    }

    /// `date` itself if it is a working day, otherwise the next one.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> Option<NaiveDate> {
        let mut d = date;
        // A weekend plus adjacent holidays and closing days: the loop is short unless the
        // ente closes for weeks in a row, and even then it is bounded by its closing days.
        while !self.is_working_day(d) {
            d = d.succ_opt()?;
        }
        Some(d)
    }

    /// The day reached counting `n` working days after `date` (`date` itself is not counted,
    /// as in legal terms). `n == 0` gives `date` unchanged, whatever day it is.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n == 0 {
            return Some(date);
        }
        self.nth_working_day_from(date.succ_opt()?, u64::from(n))
    }

    /// The number of working days in `from..=to`; 0 when `to < from`.
    pub fn count_working_days(&self, from: NaiveDate, to: NaiveDate) -> u64 {
        if to < from {
            return 0;
        }
        // `holidays` lists each date once (a closing day on Christmas is one entry) and the
        // weekend filter drops those already excluded by `weekdays_between`, so no
        // non-working day is subtracted twice.
        let holidays_on_weekdays: u64 = (from.year()..=to.year())
            .flat_map(|y| self.holidays(y))
            .filter(|&(d, _)| from <= d && d <= to && !is_weekend(d))
            .map(|_| 1)
            .sum();
        weekdays_between(from, to) - holidays_on_weekdays
    }

    /// The `n`-th working day counting `first` as the first candidate (`n >= 1`); `None` for
    /// `n == 0` or past the end of chrono's range.
    ///
    /// Whole years are skipped with [`Calendar::count_working_days`], so even absurd terms
    /// cost one step per year instead of one per day. That count already excludes the
    /// closing days of the year, so the skip and the day-by-day walk agree.
    pub(crate) fn nth_working_day_from(&self, first: NaiveDate, n: u64) -> Option<NaiveDate> {
        if n == 0 {
            return None;
        }
        let mut cursor = first;
        let mut remaining = n;
        loop {
            let year_end = NaiveDate::from_ymd_opt(cursor.year(), 12, 31)?;
            let in_year = self.count_working_days(cursor, year_end);
            if in_year < remaining {
                remaining -= in_year;
                cursor = year_end.succ_opt()?;
                continue;
            }
            let mut d = cursor;
            loop {
                if self.is_working_day(d) {
                    remaining -= 1;
                    if remaining == 0 {
                        return Some(d);
                    }
                }
                d = d.succ_opt()?;
            }
        }
    }
}

/// Monday-to-Friday days in `from..=to` (`from <= to`), in constant time.
fn weekdays_between(from: NaiveDate, to: NaiveDate) -> u64 {
    let total = u64::try_from((to - from).num_days() + 1).unwrap_or(0);
    let full_weeks = total / 7;
    let start = u64::from(from.weekday().num_days_from_monday());
    let partial = (0..total % 7).filter(|offset| (start + offset) % 7 < 5).count() as u64;
    full_weeks * 5 + partial
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::{DeadlineStep, Term, compute_deadline};
    use chrono::Days;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn milan() -> Calendar {
        // Sant'Ambrogio, 7 December.
        Calendar::new(Some((12, 7))).unwrap()
    }

    #[test]
    fn easter_known_years() {
        let known = [
            (1818, 3, 22),
            (1943, 4, 25),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2016, 3, 27),
            (2019, 4, 21),
            (2020, 4, 12),
            (2021, 4, 4),
            (2022, 4, 17),
            (2023, 4, 9),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2029, 4, 1),
            (2030, 4, 21),
            (2038, 4, 25),
            (2285, 3, 22),
        ];
        for (y, m, d) in known {
            assert_eq!(easter_sunday(y), Some(ymd(y, m, d)), "Easter {y}");
        }
    }

    #[test]
    fn easter_and_easter_monday_are_holidays() {
        let cal = Calendar::NATIONAL;
        assert_eq!(cal.is_holiday(ymd(2026, 4, 5)), Some(HolidayReason::Easter));
        assert_eq!(cal.is_holiday(ymd(2026, 4, 6)), Some(HolidayReason::EasterMonday));
        assert_eq!(cal.is_holiday(ymd(2025, 4, 21)), Some(HolidayReason::EasterMonday));
        assert!(!cal.is_working_day(ymd(2026, 4, 6)));
        assert!(cal.is_working_day(ymd(2026, 4, 7)));
    }

    #[test]
    fn fixed_national_holidays() {
        let cal = Calendar::NATIONAL;
        let cases = [
            ((1, 1), HolidayReason::NewYear),
            ((1, 6), HolidayReason::Epiphany),
            ((4, 25), HolidayReason::Liberation),
            ((5, 1), HolidayReason::Labour),
            ((6, 2), HolidayReason::Republic),
            ((8, 15), HolidayReason::Assumption),
            ((10, 4), HolidayReason::StFrancis),
            ((11, 1), HolidayReason::AllSaints),
            ((12, 8), HolidayReason::ImmaculateConception),
            ((12, 25), HolidayReason::Christmas),
            ((12, 26), HolidayReason::StStephen),
        ];
        for ((m, d), reason) in cases {
            assert_eq!(cal.is_holiday(ymd(2027, m, d)), Some(reason), "{m}-{d}");
        }
        assert_eq!(cal.is_holiday(ymd(2027, 12, 7)), None);
        assert_eq!(cal.is_holiday(ymd(2027, 8, 16)), None);
    }

    #[test]
    fn st_francis_only_from_2026() {
        let cal = Calendar::NATIONAL;
        assert_eq!(cal.is_holiday(ymd(2025, 10, 4)), None);
        assert_eq!(cal.is_holiday(ymd(2026, 10, 4)), Some(HolidayReason::StFrancis));
        // Monday 4 October 2027 is the first one that closes the offices.
        assert!(!cal.is_working_day(ymd(2027, 10, 4)));
    }

    #[test]
    fn holidays_list_2026() {
        let list = Calendar::NATIONAL.holidays(2026);
        assert_eq!(list.len(), 13);
        assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(list[2], (ymd(2026, 4, 5), HolidayReason::Easter));
        assert_eq!(Calendar::NATIONAL.holidays(2025).len(), 12);
        assert_eq!(milan().holidays(2026).len(), 14);
    }

    #[test]
    fn coinciding_holidays_keep_one_reason() {
        // 2011: Easter Monday on 25 April.
        let cal = Calendar::NATIONAL;
        assert_eq!(cal.is_holiday(ymd(2011, 4, 25)), Some(HolidayReason::EasterMonday));
        assert_eq!(cal.holidays(2011).len(), 11);
        // A patron day on a national holiday is reported as the national one.
        let cal = Calendar::new(Some((12, 8))).unwrap();
        assert_eq!(cal.is_holiday(ymd(2026, 12, 8)), Some(HolidayReason::ImmaculateConception));
        assert_eq!(cal.holidays(2026).len(), 13);
    }

    #[test]
    fn patron_day() {
        let cal = milan();
        assert_eq!(cal.patron(), Some((12, 7)));
        assert_eq!(cal.is_holiday(ymd(2026, 12, 7)), Some(HolidayReason::Patron));
        assert!(!cal.is_working_day(ymd(2026, 12, 7)));
        assert!(Calendar::NATIONAL.is_working_day(ymd(2026, 12, 7)));
        assert!(!HolidayReason::Patron.is_national());
        assert!(HolidayReason::Christmas.is_national());
    }

    #[test]
    fn patron_on_29_february_only_in_leap_years() {
        let cal = Calendar::new(Some((2, 29))).unwrap();
        assert_eq!(cal.is_holiday(ymd(2028, 2, 29)), Some(HolidayReason::Patron));
        assert_eq!(cal.is_holiday(ymd(2027, 2, 28)), None);
        assert_eq!(cal.is_holiday(ymd(2027, 3, 1)), None);
    }

    #[test]
    fn invalid_patron_day_is_rejected() {
        for (m, d) in [(0, 1), (13, 1), (2, 30), (4, 31), (1, 0), (1, 32)] {
            assert_eq!(Calendar::new(Some((m, d))), Err(CalendarError::InvalidPatronDay { month: m, day: d }));
        }
        assert_eq!(Calendar::new(None), Ok(Calendar::NATIONAL));
        assert_eq!(Calendar::default(), Calendar::NATIONAL);
    }

    #[test]
    fn weekends_are_not_working_days() {
        let cal = Calendar::NATIONAL;
        assert!(!cal.is_working_day(ymd(2026, 3, 7))); // Saturday
        assert!(!cal.is_working_day(ymd(2026, 3, 8))); // Sunday
        assert!(cal.is_working_day(ymd(2026, 3, 9))); // Monday
        assert!(is_weekend(ymd(2026, 3, 7)));
        assert!(!is_weekend(ymd(2026, 3, 6)));
    }

    #[test]
    fn next_working_day_skips_christmas_and_weekend() {
        let cal = Calendar::NATIONAL;
        // Thu 24 Dec 2026 → Fri 25 Christmas, Sat 26, Sun 27 → Mon 28.
        assert_eq!(cal.next_working_day(ymd(2026, 12, 24)), Some(ymd(2026, 12, 28)));
        assert_eq!(cal.working_day_on_or_after(ymd(2026, 12, 28)), Some(ymd(2026, 12, 28)));
        assert_eq!(cal.working_day_on_or_after(ymd(2026, 12, 25)), Some(ymd(2026, 12, 28)));
    }

    #[test]
    fn add_working_days_examples() {
        let cal = Calendar::NATIONAL;
        // Thu 2 Apr 2026 + 3: Fri 3, (Sat, Sun Easter, Easter Monday), Tue 7, Wed 8.
        assert_eq!(cal.add_working_days(ymd(2026, 4, 2), 3), Some(ymd(2026, 4, 8)));
        assert_eq!(cal.add_working_days(ymd(2026, 4, 4), 0), Some(ymd(2026, 4, 4)));
        // Fri + 1 → Mon.
        assert_eq!(cal.add_working_days(ymd(2026, 3, 6), 1), Some(ymd(2026, 3, 9)));
        assert_eq!(cal.add_working_days(NaiveDate::MAX, 1), None);
        assert_eq!(cal.add_working_days(ymd(2026, 1, 1), u32::MAX), None);
    }

    #[test]
    fn count_working_days_examples() {
        let cal = Calendar::NATIONAL;
        // 2026: 261 weekdays; weekday holidays: 1 Jan Thu, 6 Jan Tue, 6 Apr Mon, 1 May Fri,
        // 2 Jun Tue, 1 Nov is Sunday, 8 Dec Tue, 25 Dec Fri; 25 Apr, 15 Aug, 26 Dec are
        // Saturdays and 4 Oct is a Sunday.
        assert_eq!(cal.count_working_days(ymd(2026, 1, 1), ymd(2026, 12, 31)), 261 - 7);
        assert_eq!(cal.count_working_days(ymd(2026, 3, 9), ymd(2026, 3, 13)), 5);
        assert_eq!(cal.count_working_days(ymd(2026, 3, 13), ymd(2026, 3, 9)), 0);
        assert_eq!(cal.count_working_days(ymd(2026, 3, 7), ymd(2026, 3, 8)), 0);
    }

    #[test]
    fn codes_round_trip() {
        for r in HolidayReason::ALL {
            assert_eq!(r.code().parse::<HolidayReason>(), Ok(r));
            assert_eq!(r.to_string(), r.code());
        }
        assert!("ferragosto".parse::<HolidayReason>().is_err());
        let mut codes: Vec<_> = HolidayReason::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), HolidayReason::ALL.len());
    }

    fn naive_count(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> u64 {
        from.iter_days().take_while(|d| *d <= to).filter(|d| cal.is_working_day(*d)).count() as u64
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        // 1990..2100 covers every date the software will meet, and Easter's full range.
        (0i64..40_000).prop_map(|n| ymd(1990, 1, 1) + chrono::Days::new(n as u64))
    }

    fn any_calendar() -> impl Strategy<Value = Calendar> {
        prop_oneof![
            Just(Calendar::NATIONAL),
            (1u32..=12, 1u32..=31).prop_filter_map("valid day", |(m, d)| { Calendar::new(Some((m, d))).ok() }),
        ]
    }

    proptest! {
        #[test]
        fn easter_is_a_sunday_between_22_march_and_25_april(year in -5000i32..10_000) {
            let e = easter_sunday(year).unwrap();
            prop_assert_eq!(e.weekday(), Weekday::Sun);
            prop_assert!(e >= ymd(year, 3, 22) && e <= ymd(year, 4, 25));
        }

        #[test]
        fn holidays_agree_with_is_holiday(cal in any_calendar(), year in 1990i32..2100) {
            for (d, r) in cal.holidays(year) {
                prop_assert_eq!(cal.is_holiday(d), Some(r));
            }
            let count = ymd(year, 1, 1).iter_days()
                .take_while(|d| d.year() == year)
                .filter(|d| cal.is_holiday(*d).is_some())
                .count();
            prop_assert_eq!(count, cal.holidays(year).len());
        }

        #[test]
        fn count_matches_naive(cal in any_calendar(), from in any_date(), len in 0u64..800) {
            let to = from + chrono::Days::new(len);
            prop_assert_eq!(cal.count_working_days(from, to), naive_count(&cal, from, to));
        }

        #[test]
        fn add_working_days_matches_naive(cal in any_calendar(), from in any_date(), n in 0u32..600) {
            let got = cal.add_working_days(from, n).unwrap();
            let mut d = from;
            for _ in 0..n {
                d = d.succ_opt().unwrap();
                while !cal.is_working_day(d) {
                    d = d.succ_opt().unwrap();
                }
            }
            prop_assert_eq!(got, d);
            if n > 0 {
                prop_assert!(cal.is_working_day(got));
                prop_assert_eq!(cal.count_working_days(from.succ_opt().unwrap(), got), u64::from(n));
            }
        }

        #[test]
        fn next_working_day_is_working_and_nothing_in_between(cal in any_calendar(), from in any_date()) {
            let next = cal.next_working_day(from).unwrap();
            prop_assert!(next > from);
            prop_assert!(cal.is_working_day(next));
            prop_assert_eq!(cal.count_working_days(from.succ_opt().unwrap(), next), 1);
        }
    }

    // Extra closing days.

    #[test]
    fn closure_is_a_non_working_day() {
        // Thu 24 Dec 2026: the office closes on Christmas Eve.
        let cal = Calendar::NATIONAL.with_closures([ymd(2026, 12, 24)]);
        assert_eq!(cal.is_holiday(ymd(2026, 12, 24)), Some(HolidayReason::Closure));
        assert!(!cal.is_working_day(ymd(2026, 12, 24)));
        assert!(cal.closures().contains(&ymd(2026, 12, 24)));
        assert_eq!(cal.closures().len(), 1);
        // 24 closed, 25 Christmas, weekend → Mon 28.
        assert_eq!(cal.next_working_day(ymd(2026, 12, 23)), Some(ymd(2026, 12, 28)));
        assert_eq!(cal.working_day_on_or_after(ymd(2026, 12, 24)), Some(ymd(2026, 12, 28)));
        // The closure belongs to 2026 only.
        assert_eq!(cal.is_holiday(ymd(2027, 12, 24)), None);
        assert_eq!(cal.holiday_date(HolidayReason::Closure, 2026), None);
        assert!(!HolidayReason::Closure.is_national());
        assert_eq!(HolidayReason::Closure.code(), "closure");
        assert_eq!("closure".parse::<HolidayReason>(), Ok(HolidayReason::Closure));
        assert_eq!(HolidayReason::ALL.last(), Some(&HolidayReason::Closure));
    }

    #[test]
    fn with_closures_adds_and_ignores_duplicates() {
        assert_eq!(Calendar::NATIONAL.with_closures([]), Calendar::NATIONAL);
        assert!(Calendar::default().closures().is_empty());
        let cal = milan().with_closures([ymd(2026, 8, 14), ymd(2026, 8, 14)]).with_closures([ymd(2026, 12, 24)]);
        assert_eq!(cal.closures().iter().copied().collect::<Vec<_>>(), vec![ymd(2026, 8, 14), ymd(2026, 12, 24)]);
        assert_eq!(cal.patron(), Some((12, 7)));
        assert_ne!(cal, milan());
    }

    #[test]
    fn holidays_and_patron_win_over_a_closure_on_the_same_day() {
        let cal = milan().with_closures([ymd(2026, 12, 7), ymd(2026, 12, 8), ymd(2026, 12, 25)]);
        assert_eq!(cal.is_holiday(ymd(2026, 12, 7)), Some(HolidayReason::Patron));
        assert_eq!(cal.is_holiday(ymd(2026, 12, 8)), Some(HolidayReason::ImmaculateConception));
        assert_eq!(cal.is_holiday(ymd(2026, 12, 25)), Some(HolidayReason::Christmas));
        assert_eq!(cal.holidays(2026), milan().holidays(2026));
    }

    #[test]
    fn closures_on_weekdays_are_counted_once() {
        // 2026 has 254 working days. Fri 14 Aug (bridge to Ferragosto, a Saturday) and
        // Thu 24 Dec remove one each; Sat 7 Mar, Sun 1 Nov (All Saints) and Fri 25 Dec
        // (Christmas) were not working days anyway.
        let closures = [ymd(2026, 8, 14), ymd(2026, 12, 24), ymd(2026, 3, 7), ymd(2026, 11, 1), ymd(2026, 12, 25)];
        let cal = Calendar::NATIONAL.with_closures(closures);
        assert_eq!(cal.count_working_days(ymd(2026, 1, 1), ymd(2026, 12, 31)), 252);
        assert_eq!(cal.count_working_days(ymd(2026, 8, 10), ymd(2026, 8, 16)), 4);
        assert_eq!(cal.count_working_days(ymd(2026, 3, 7), ymd(2026, 3, 7)), 0);
        // 13 holidays plus 14 Aug, 7 Mar and 24 Dec; the other two coincide with holidays.
        let list = cal.holidays(2026);
        assert_eq!(list.len(), 16);
        assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(list.contains(&(ymd(2026, 3, 7), HolidayReason::Closure)));
        assert!(list.contains(&(ymd(2026, 12, 25), HolidayReason::Christmas)));
    }

    #[test]
    fn closures_are_counted_when_whole_years_are_skipped() {
        // 254 working days after 31 Dec 2025 end on Thu 31 Dec 2026 in the national calendar;
        // with two weekday closures 2026 is skipped whole and the term ends two working days
        // into 2027: Fri 1 Jan is New Year, so Mon 4 and Tue 5 Jan.
        assert_eq!(Calendar::NATIONAL.add_working_days(ymd(2025, 12, 31), 254), Some(ymd(2026, 12, 31)));
        let cal = Calendar::NATIONAL.with_closures([ymd(2026, 8, 14), ymd(2026, 12, 24)]);
        assert_eq!(cal.add_working_days(ymd(2025, 12, 31), 254), Some(ymd(2027, 1, 5)));
        // Closures on a weekend and on Christmas change nothing.
        let cal = cal.with_closures([ymd(2026, 3, 7), ymd(2026, 12, 25)]);
        assert_eq!(cal.add_working_days(ymd(2025, 12, 31), 254), Some(ymd(2027, 1, 5)));
        assert_eq!(cal.count_working_days(ymd(2026, 1, 1), ymd(2027, 1, 5)), 254);
    }

    fn due_with(cal: &Calendar, received: NaiveDate, term: Term) -> Option<NaiveDate> {
        compute_deadline(received, term, &[], cal).due()
    }

    #[test]
    fn closure_on_the_last_day_moves_the_deadline() {
        // Mon 2 Mar 2026 + 30 = Wed 1 Apr, closed → Thu 2 Apr.
        let cal = Calendar::NATIONAL.with_closures([ymd(2026, 4, 1)]);
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &[], &cal);
        assert_eq!(d.due(), Some(ymd(2026, 4, 2)));
        assert!(d.steps.contains(&DeadlineStep::LastDay { date: ymd(2026, 4, 1) }));
        assert!(d.steps.contains(&DeadlineStep::ShiftedFromHoliday {
            from: ymd(2026, 4, 1),
            to: ymd(2026, 4, 2),
            reason: HolidayReason::Closure
        }));
        // Wed 4 Mar + 30 = Fri 3 Apr, closed → past the weekend, Easter and Easter Monday.
        let cal = Calendar::NATIONAL.with_closures([ymd(2026, 4, 3)]);
        assert_eq!(due_with(&cal, ymd(2026, 3, 4), Term::DEFAULT), Some(ymd(2026, 4, 7)));
        assert_eq!(due_with(&Calendar::NATIONAL, ymd(2026, 3, 4), Term::DEFAULT), Some(ymd(2026, 4, 3)));
    }

    #[test]
    fn closure_inside_a_working_day_term_extends_it_by_one() {
        // Fri 6 Mar 2026, 10 working days → Fri 20 Mar; Wed 11 Mar closed → Mon 23 Mar.
        let cal = Calendar::NATIONAL.with_closures([ymd(2026, 3, 11)]);
        assert_eq!(due_with(&Calendar::NATIONAL, ymd(2026, 3, 6), Term::working_days(10)), Some(ymd(2026, 3, 20)));
        assert_eq!(due_with(&cal, ymd(2026, 3, 6), Term::working_days(10)), Some(ymd(2026, 3, 23)));
        // A calendar-day term counts the closed day like any other: only its last day matters.
        let cal = Calendar::NATIONAL.with_closures([ymd(2026, 3, 20)]);
        assert_eq!(due_with(&cal, ymd(2026, 3, 2), Term::DEFAULT), Some(ymd(2026, 4, 1)));
    }

    #[test]
    fn closure_on_a_saturday_or_on_christmas_changes_nothing() {
        // Mon 14 Dec 2026, 10 working days: 15-18, 21-24, (Christmas, weekend), 28, 29.
        let term = Term::working_days(10);
        assert_eq!(due_with(&Calendar::NATIONAL, ymd(2026, 12, 14), term), Some(ymd(2026, 12, 29)));
        let cal = Calendar::NATIONAL.with_closures([ymd(2026, 12, 19), ymd(2026, 12, 25), ymd(2026, 12, 27)]);
        assert_eq!(due_with(&cal, ymd(2026, 12, 14), term), Some(ymd(2026, 12, 29)));
        // Thu 5 Feb 2026 + 30 = Sat 7 Mar → Mon 9 Mar, closed or not.
        let cal = Calendar::NATIONAL.with_closures([ymd(2026, 3, 7)]);
        assert_eq!(due_with(&cal, ymd(2026, 2, 5), Term::DEFAULT), Some(ymd(2026, 3, 9)));
        // Tue 25 Nov 2025 + 30 = Thu 25 Dec → Mon 29 Dec, still explained by Christmas.
        let cal = Calendar::NATIONAL.with_closures([ymd(2025, 12, 25)]);
        let d = compute_deadline(ymd(2025, 11, 25), Term::DEFAULT, &[], &cal);
        assert_eq!(d.due(), Some(ymd(2025, 12, 29)));
        assert!(d.steps.contains(&DeadlineStep::ShiftedFromHoliday {
            from: ymd(2025, 12, 25),
            to: ymd(2025, 12, 29),
            reason: HolidayReason::Christmas
        }));
    }

    #[test]
    fn several_closures() {
        // Wed 1 to Fri 3 Apr 2026 closed, then weekend, Easter and Easter Monday: a term
        // ending on 1 Apr moves to Tue 7 Apr.
        let cal = Calendar::NATIONAL.with_closures([ymd(2026, 4, 1), ymd(2026, 4, 2), ymd(2026, 4, 3)]);
        let d = compute_deadline(ymd(2026, 3, 2), Term::DEFAULT, &[], &cal);
        assert_eq!(d.due(), Some(ymd(2026, 4, 7)));
        assert!(d.steps.contains(&DeadlineStep::ShiftedFromHoliday {
            from: ymd(2026, 4, 1),
            to: ymd(2026, 4, 7),
            reason: HolidayReason::Closure
        }));
        // Fri 6 Mar 2026, 10 working days: 9, 10, (11, 12 closed), 13, 16, (17 closed), 18,
        // 19, 20, 23, 24, 25; the closed Saturday 14 adds nothing.
        let cal = Calendar::NATIONAL.with_closures([11, 12, 14, 17].map(|d| ymd(2026, 3, d)));
        assert_eq!(due_with(&cal, ymd(2026, 3, 6), Term::working_days(10)), Some(ymd(2026, 3, 25)));
        assert_eq!(cal.count_working_days(ymd(2026, 3, 9), ymd(2026, 3, 25)), 10);
    }

    /// Working day by the definition, checked without going through the closure code of
    /// `Calendar`: `base` is the calendar without closing days.
    fn reference_working(base: &Calendar, closures: &BTreeSet<NaiveDate>, d: NaiveDate) -> bool {
        !is_weekend(d) && base.is_holiday(d).is_none() && !closures.contains(&d)
    }

    fn without_closures(cal: &Calendar) -> Calendar {
        Calendar::new(cal.patron()).unwrap()
    }

    /// Closing days from 10 days before `start` to `span` days after it: scattered single
    /// days plus a few runs (a week or two of summer closure), so they hit weekends,
    /// holidays, year ends and each other.
    fn closures_near(start: NaiveDate, span: u64) -> impl Strategy<Value = Vec<NaiveDate>> {
        let base = start - Days::new(10);
        (prop::collection::vec(0..span + 10, 0..40), prop::collection::vec((0..span + 10, 1u64..15), 0..3)).prop_map(
            move |(days, runs)| {
                let mut all: Vec<NaiveDate> = days.into_iter().map(|o| base + Days::new(o)).collect();
                all.extend(runs.into_iter().flat_map(|(o, len)| (o..o + len).map(|o| base + Days::new(o))));
                all
            },
        )
    }

    /// A calendar with closing days around a start date, and that date.
    fn closing_calendar(span: u64) -> impl Strategy<Value = (Calendar, NaiveDate)> {
        (any_calendar(), any_date()).prop_flat_map(move |(cal, from)| {
            closures_near(from, span).prop_map(move |days| (cal.clone().with_closures(days), from))
        })
    }

    proptest! {
        #[test]
        fn closures_count_matches_reference((cal, from) in closing_calendar(1300), len in 0u64..1300) {
            let base = without_closures(&cal);
            let to = from + Days::new(len);
            let expected =
                from.iter_days().take_while(|d| *d <= to).filter(|d| reference_working(&base, cal.closures(), *d)).count();
            prop_assert_eq!(cal.count_working_days(from, to), expected as u64);
        }

        #[test]
        fn closures_add_working_days_matches_reference((cal, from) in closing_calendar(1300), n in 0u32..900) {
            let base = without_closures(&cal);
            let mut d = from;
            for _ in 0..n {
                d = d.succ_opt().unwrap();
                while !reference_working(&base, cal.closures(), d) {
                    d = d.succ_opt().unwrap();
                }
            }
            let got = cal.add_working_days(from, n).unwrap();
            prop_assert_eq!(got, d);
            if n > 0 {
                prop_assert!(!cal.closures().contains(&got));
                prop_assert_eq!(cal.count_working_days(from.succ_opt().unwrap(), got), u64::from(n));
            }
        }

        #[test]
        fn closures_agree_with_holidays_list((cal, from) in closing_calendar(800)) {
            for year in from.year()..=from.year() + 3 {
                let list = cal.holidays(year);
                prop_assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
                for &(d, r) in &list {
                    prop_assert_eq!(cal.is_holiday(d), Some(r));
                }
                let count = ymd(year, 1, 1).iter_days()
                    .take_while(|d| d.year() == year)
                    .filter(|d| cal.is_holiday(*d).is_some())
                    .count();
                prop_assert_eq!(count, list.len());
                // Every closing day is non-working, and reported as a closure only when no
                // holiday falls on it.
                for &d in cal.closures().iter().filter(|d| d.year() == year) {
                    prop_assert!(!cal.is_working_day(d));
                    let holiday = without_closures(&cal).is_holiday(d);
                    prop_assert_eq!(cal.is_holiday(d), Some(holiday.unwrap_or(HolidayReason::Closure)));
                }
            }
        }

        #[test]
        fn due_date_never_falls_on_a_closure(
            (cal, r) in closing_calendar(900), days in 0u32..400, working in any::<bool>(),
        ) {
            let term = if working { Term::working_days(days) } else { Term::calendar_days(days) };
            let due = due_with(&cal, r, term).unwrap();
            prop_assert!(!cal.closures().contains(&due));
            prop_assert!(cal.is_working_day(due));
            // Day-by-day reference of the deadline rules.
            let base = without_closures(&cal);
            let is_working = |d: NaiveDate| reference_working(&base, cal.closures(), d);
            let mut last = r;
            for _ in 0..days {
                last = last.succ_opt().unwrap();
                while working && !is_working(last) {
                    last = last.succ_opt().unwrap();
                }
            }
            let mut expected = last;
            while !is_working(expected) {
                expected = expected.succ_opt().unwrap();
            }
            prop_assert_eq!(due, expected);
        }

        #[test]
        fn closing_the_last_day_moves_the_deadline(
            cal in any_calendar(), r in any_date(), days in 1u32..400, working in any::<bool>(),
        ) {
            let term = if working { Term::working_days(days) } else { Term::calendar_days(days) };
            let plain = due_with(&cal, r, term).unwrap();
            let closed = cal.clone().with_closures([plain]);
            let moved = due_with(&closed, r, term).unwrap();
            prop_assert!(moved > plain);
            prop_assert_eq!(Some(moved), cal.next_working_day(plain));
        }

        #[test]
        fn closing_a_day_inside_a_working_term_adds_one(
            cal in any_calendar(), r in any_date(), days in 1u32..400, k in 0u32..400,
        ) {
            // The k-th working day of the term, at most its last one.
            let inside = cal.add_working_days(r, k % days + 1).unwrap();
            let plain = due_with(&cal, r, Term::working_days(days)).unwrap();
            let closed = cal.clone().with_closures([inside]);
            prop_assert_eq!(due_with(&closed, r, Term::working_days(days)), cal.next_working_day(plain));
        }
    }

    proptest! {
        // Terms of decades with closures spread over them: whole years are skipped with
        // closures inside. Few cases because the reference walks every day.
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn closures_over_many_years_match_reference((cal, from) in closing_calendar(30_000), n in 0u32..20_000) {
            let base = without_closures(&cal);
            let mut d = from;
            for _ in 0..n {
                d = d.succ_opt().unwrap();
                while !reference_working(&base, cal.closures(), d) {
                    d = d.succ_opt().unwrap();
                }
            }
            prop_assert_eq!(cal.add_working_days(from, n), Some(d));
            prop_assert_eq!(cal.count_working_days(from, d), u64::from(n) + u64::from(cal.is_working_day(from)));
        }
    }
}
