//! Calendar dates (ISO 8601 `YYYY-MM-DD`) and the tour-end rule: the same day `months` later, clamped, minus one day.
//!
//! Only what the engine needs: parsing with validation, ordering, adding
//! calendar months with end-of-month clamping, the day before and after.

use std::fmt;

/// A valid proleptic Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl Date {
    /// The date `year-month-day`, or `None` if no such day exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        (self.year, self.month, self.day)
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &text[range];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        Date::new(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
    }

    /// The same day of the month `months` later, clamped to that month's last day.
    pub fn add_months(self, months: u32) -> Date {
        let total = self.year as i64 * 12 + (self.month as i64 - 1) + months as i64;
        let year = (total / 12) as i32;
        let month = (total % 12) as u32 + 1;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// The day before.
    pub fn pred(self) -> Date {
        if self.day > 1 {
            return Date {
                day: self.day - 1,
                ..self
            };
        }
        let (year, month) = if self.month == 1 {
            (self.year - 1, 12)
        } else {
            (self.year, self.month - 1)
        };
        Date {
            year,
            month,
            day: days_in_month(year, month),
        }
    }

    /// The day after.
    pub fn succ(self) -> Date {
        if self.day < days_in_month(self.year, self.month) {
            return Date {
                day: self.day + 1,
                ..self
            };
        }
        let (year, month) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        Date {
            year,
            month,
            day: 1,
        }
    }

    /// `days` days later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        let mut d = self;
        for _ in 0..days.unsigned_abs() {
            d = if days > 0 { d.succ() } else { d.pred() };
        }
        d
    }

    /// The day's number from a fixed origin: `b.day_number() −
    /// a.day_number()` is the number of days from `a` to `b`.
    pub fn day_number(self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (i64::from(self.year) - 1, i64::from(self.month) + 9)
        } else {
            (i64::from(self.year), i64::from(self.month) - 3)
        };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * m + 2) / 5 + i64::from(self.day) - 1;
        era * 146_097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year
    }

    /// The first day of the next month.
    pub fn next_month_start(self) -> Date {
        Date {
            day: 1,
            ..self.add_months(1)
        }
    }

    /// Last day of a tour of `months` calendar months starting on `self`.
    pub fn tour_end(self, months: u32) -> Date {
        self.add_months(months).pred()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn spec_example_tour_end() {
        // 2027-01-15 + 6 months ends 2027-07-14.
        assert_eq!(d("2027-01-15").tour_end(6), d("2027-07-14"));
    }

    #[test]
    fn month_end_is_clamped() {
        assert_eq!(d("2027-01-31").add_months(1), d("2027-02-28"));
        assert_eq!(d("2028-01-31").add_months(1), d("2028-02-29"));
        assert_eq!(d("2027-01-31").tour_end(1), d("2027-02-27"));
        assert_eq!(d("2027-03-01").tour_end(12), d("2028-02-29"));
        assert_eq!(d("2027-11-30").add_months(3), d("2028-02-29"));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "",
            "2026-00-10",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(
            d("2027-01-01").day_number() - d("2026-12-31").day_number(),
            1
        );
        assert_eq!(
            d("2028-03-01").day_number() - d("2028-02-01").day_number(),
            29
        );
        assert_eq!(
            d("2028-01-01").day_number() - d("2027-01-01").day_number(),
            365
        );
        assert_eq!(d("2027-01-31").next_month_start(), d("2027-02-01"));
    }

    #[test]
    fn pred_crosses_year() {
        assert_eq!(d("2027-01-01").pred(), d("2026-12-31"));
    }
}
