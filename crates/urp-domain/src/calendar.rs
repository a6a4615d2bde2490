//! The Italian working-day calendar of an ente: national public holidays plus the local
//! patron saint's day, with Saturday and Sunday as non-working days.
//!
//! Legal terms (L. 241/1990, art. 2963 c.c., art. 155 c.p.c.) depend on which days are
//! "festivi", so this is the single place that decides it. The current rules are applied to
//! every year, except the feast of St Francis which only exists from 2026: historical
//! changes (e.g. the holidays suppressed by L. 54/1977) are not modelled because the software
//! only computes present and future deadlines.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Why a day is a public holiday.
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
}

/// First year in which 4 October is a national holiday (L. 151/2025, in force 1 January 2026).
const FIRST_ST_FRANCIS_YEAR: i32 = 2026;

impl HolidayReason {
    /// Every reason, in calendar order. When two holidays fall on the same day (e.g. Easter
    /// Monday on 25 April, as in 2011) the first one in this order is the one reported, so
    /// national holidays win over the patron's day.
    pub const ALL: [HolidayReason; 14] = [
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
        }
    }

    /// `true` for the holidays that hold in the whole country, `false` for the patron's day.
    pub fn is_national(self) -> bool {
        self != HolidayReason::Patron
    }

    /// The fixed (month, day) of the holiday, `None` for the movable ones (Easter-based and
    /// patron, whose date depends on the ente).
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
            HolidayReason::Easter | HolidayReason::EasterMonday | HolidayReason::Patron => None,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Calendar {
    patron: Option<(u32, u32)>,
}

impl Calendar {
    /// The national calendar, with no patron day.
    pub const NATIONAL: Calendar = Calendar { patron: None };

    /// A calendar with the ente's patron saint's day given as `(month, day)`.
    pub fn new(patron: Option<(u32, u32)>) -> Result<Self, CalendarError> {
        if let Some((month, day)) = patron {
            // 2000 is a leap year, so 29 February is accepted as a possible patron day.
            if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
                return Err(CalendarError::InvalidPatronDay { month, day });
            }
        }
        Ok(Calendar { patron })
    }

    /// The patron saint's day as `(month, day)`, if the ente has one.
    pub fn patron(&self) -> Option<(u32, u32)> {
        self.patron
    }

    /// The date of `reason` in `year`, if it is a holiday that year for this calendar.
    pub fn holiday_date(&self, reason: HolidayReason, year: i32) -> Option<NaiveDate> {
        match reason {
            HolidayReason::Easter => easter_sunday(year),
            HolidayReason::EasterMonday => easter_sunday(year)?.succ_opt(),
            HolidayReason::Patron => {
                let (month, day) = self.patron?;
                NaiveDate::from_ymd_opt(year, month, day)
            }
            HolidayReason::StFrancis if year < FIRST_ST_FRANCIS_YEAR => None,
            fixed => {
                let (month, day) = fixed.fixed_month_day()?;
                NaiveDate::from_ymd_opt(year, month, day)
            }
        }
    }

    /// Why `date` is a public holiday, or `None` if it is not one. Sundays are not reported
    /// here unless they are also a holiday: see [`Calendar::is_working_day`].
    pub fn is_holiday(&self, date: NaiveDate) -> Option<HolidayReason> {
        HolidayReason::ALL.into_iter().find(|&r| self.holiday_date(r, date.year()) == Some(date))
    }

    /// All holidays of `year`, sorted by date, one entry per date (see [`HolidayReason::ALL`]
    /// for which reason is kept when two coincide).
    pub fn holidays(&self, year: i32) -> Vec<(NaiveDate, HolidayReason)> {
        let mut days: Vec<(NaiveDate, HolidayReason)> =
            HolidayReason::ALL.into_iter().filter_map(|r| self.holiday_date(r, year).map(|d| (d, r))).collect();
        // Stable sort keeps ALL order among equal dates, so dedup keeps the same reason that
        // `is_holiday` reports.
        days.sort_by_key(|&(d, _)| d);
        days.dedup_by_key(|&mut (d, _)| d);
        days
    }

    /// A working day is Monday to Friday and not a holiday.
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
        // At most a weekend plus a couple of adjacent holidays: the loop is short.
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
    /// cost one step per year instead of one per day.
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
}
