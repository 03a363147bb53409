//! The official calendar of working days (`cn-workdays.toml`): weekends, the State
//! Council's days off (放假) and make-up working days (调休上班), year by year.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// Today's date in China (UTC+8, no daylight saving): what "today" means for received
/// dates, reminders and the dates documents carry, wherever the machine's clock is set.
pub fn today_in_china() -> Date {
    jiff::tz::Offset::constant(8)
        .to_datetime(jiff::Timestamp::now())
        .date()
}

/// The bundled copy of the official calendar.
pub const OFFICIAL_TOML: &str = include_str!("../data/cn-workdays.toml");

/// What can go wrong with the calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The calendar text is not valid.
    #[error("工作日历无法读取：{0} / the calendar cannot be read: {0}")]
    Invalid(String),
    /// A date falls in a year the calendar does not hold: never guessed.
    #[error(
        "工作日历没有 {0} 年的放假安排，期限无法计算 / the calendar has no holiday schedule for {0}: the deadline cannot be computed"
    )]
    UnknownYear(i16),
    /// Date arithmetic left the supported range.
    #[error("日期超出范围 / date out of range")]
    OutOfRange,
}

#[derive(Deserialize)]
struct YearToml {
    source: String,
    #[serde(default)]
    off: Vec<Date>,
    #[serde(default)]
    work: Vec<Date>,
}

/// The working-day calendar: which years it holds, their days off and make-up working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    sources: BTreeMap<i16, String>,
    off: BTreeSet<Date>,
    work: BTreeSet<Date>,
}

impl Calendar {
    /// The bundled official calendar.
    pub fn official() -> Calendar {
        // the bundled file is tested to parse (tests::the_bundled_calendar_parses)
        Calendar::from_toml(OFFICIAL_TOML).unwrap_or_else(|_| Calendar {
            sources: BTreeMap::new(),
            off: BTreeSet::new(),
            work: BTreeSet::new(),
        })
    }

    /// A calendar from the text of a `cn-workdays.toml`: one table per year with `source`,
    /// `off` and `work` lists of dates.
    pub fn from_toml(text: &str) -> Result<Calendar, CalendarError> {
        let years: BTreeMap<String, YearToml> =
            toml::from_str(text).map_err(|e| CalendarError::Invalid(e.to_string()))?;
        let mut cal = Calendar {
            sources: BTreeMap::new(),
            off: BTreeSet::new(),
            work: BTreeSet::new(),
        };
        for (key, y) in years {
            let year: i16 = key
                .parse()
                .map_err(|_| CalendarError::Invalid(format!("“{key}” 不是年份 / not a year")))?;
            if let Some(d) = y.off.iter().find(|d| y.work.contains(d)) {
                return Err(CalendarError::Invalid(format!(
                    "{d} 同时列为放假和上班 / listed as both off and work"
                )));
            }
            cal.sources.insert(year, y.source);
            cal.off.extend(y.off);
            cal.work.extend(y.work);
        }
        Ok(cal)
    }

    /// The years the calendar holds.
    pub fn years(&self) -> impl Iterator<Item = i16> + '_ {
        self.sources.keys().copied()
    }

    /// The notice a year's schedule comes from.
    pub fn source(&self, year: i16) -> Option<&str> {
        self.sources.get(&year).map(String::as_str)
    }

    /// Whether the calendar holds `year`.
    pub fn knows(&self, year: i16) -> bool {
        self.sources.contains_key(&year)
    }

    /// Whether `d` is a working day; an error for a year the calendar does not hold.
    pub fn is_working_day(&self, d: Date) -> Result<bool, CalendarError> {
        if !self.knows(d.year()) {
            return Err(CalendarError::UnknownYear(d.year()));
        }
        if self.work.contains(&d) {
            return Ok(true);
        }
        if self.off.contains(&d) {
            return Ok(false);
        }
        Ok(!matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday))
    }

    /// The `n`th working day after `start` (day 0): `add_working_days(d, 20)` is the
    /// statutory deadline for a request received on `d`. `n = 0` is `start` itself.
    pub fn add_working_days(&self, start: Date, n: u32) -> Result<Date, CalendarError> {
        self.add_working_days_skipping(start, n, |_| false)
    }

    /// As [`Calendar::add_working_days`], not counting the days for which `paused` is true.
    pub fn add_working_days_skipping(
        &self,
        start: Date,
        n: u32,
        paused: impl Fn(Date) -> bool,
    ) -> Result<Date, CalendarError> {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = next_day(d)?;
            if self.is_working_day(d)? && !paused(d) {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// The working days after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<u32, CalendarError> {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = next_day(d)?;
            if self.is_working_day(d)? {
                n += 1;
            }
        }
        Ok(n)
    }
}

pub(crate) fn next_day(d: Date) -> Result<Date, CalendarError> {
    d.checked_add(1.day())
        .map_err(|_| CalendarError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_bundled_calendar_parses() {
        let cal = Calendar::from_toml(OFFICIAL_TOML).expect("bundled calendar");
        assert!(cal.knows(2025));
        assert!(cal.source(2025).is_some_and(|s| s.contains("2025")));
    }

    #[test]
    fn the_bundled_calendar_is_the_shared_spec() {
        let shared = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/spec/cn-workdays.toml"
        );
        if let Ok(text) = std::fs::read_to_string(shared) {
            assert_eq!(
                text, OFFICIAL_TOML,
                "crates/ledger/data/cn-workdays.toml differs from {shared}: copy it again"
            );
        }
    }

    #[test]
    fn weekends_holidays_and_make_up_days() {
        let cal = Calendar::official();
        assert_eq!(cal.is_working_day(date(2025, 9, 28)), Ok(true)); // Sunday, make-up
        assert_eq!(cal.is_working_day(date(2025, 10, 1)), Ok(false)); // National Day
        assert_eq!(cal.is_working_day(date(2025, 10, 8)), Ok(false)); // Wednesday, off
        assert_eq!(cal.is_working_day(date(2025, 10, 11)), Ok(true)); // Saturday, make-up
        assert_eq!(cal.is_working_day(date(2025, 10, 12)), Ok(false)); // Sunday
        assert_eq!(cal.is_working_day(date(2025, 10, 13)), Ok(true)); // Monday
        assert_eq!(
            cal.is_working_day(date(2030, 1, 7)),
            Err(CalendarError::UnknownYear(2030))
        );
    }

    #[test]
    fn counting_working_days() {
        let cal = Calendar::official();
        assert_eq!(
            cal.add_working_days(date(2025, 9, 26), 20),
            Ok(date(2025, 10, 30))
        );
        assert_eq!(
            cal.working_days_between(date(2025, 9, 26), date(2025, 10, 30)),
            Ok(20)
        );
        assert_eq!(
            cal.add_working_days(date(2025, 9, 26), 0),
            Ok(date(2025, 9, 26))
        );
    }

    #[test]
    fn a_bad_calendar_is_refused() {
        assert!(matches!(
            Calendar::from_toml(
                "[2025]\nsource = \"x\"\noff = [\"2025-01-01\"]\nwork = [\"2025-01-01\"]\n"
            ),
            Err(CalendarError::Invalid(_))
        ));
        assert!(matches!(
            Calendar::from_toml("[abc]\nsource = \"x\"\n"),
            Err(CalendarError::Invalid(_))
        ));
    }
}
