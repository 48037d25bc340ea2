//! Instants as milliseconds since the Unix epoch, printed and parsed as ISO-8601.
//!
//! The core never reads a clock: the shell passes `now` in, so every rule about time is
//! a plain function tested natively. Only the one format ConsentGate writes
//! (`2026-11-25T08:50:00.000Z`) is accepted back; anything else in storage is untrusted.

#[allow(unused_imports)]
use crate::prelude::*;
use core::fmt;

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u64);

/// One day in milliseconds.
pub const DAY_MS: u64 = 24 * 60 * 60 * 1000;

impl Timestamp {
    /// This instant plus `days` whole days.
    #[must_use]
    pub fn plus_days(self, days: u32) -> Timestamp {
        Timestamp(self.0.saturating_add(u64::from(days) * DAY_MS))
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SS.mmmZ` (the form [`fmt::Display`] prints).
    #[must_use]
    pub fn parse_iso(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() != 24
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'.'
            || b[23] != b'Z'
        {
            return None;
        }
        let num = |from: usize, to: usize| -> Option<u64> {
            let part = &s[from..to];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (hour, minute, second, milli) =
            (num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?);
        if year < 1970
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Timestamp(
            days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + milli,
        ))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0 / DAY_MS;
        let rest = self.0 % DAY_MS;
        let (year, month, day) = civil_from_days(days);
        let (hour, minute) = (rest / 3_600_000, rest / 60_000 % 60);
        let (second, milli) = (rest / 1000 % 60, rest % 1000);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}Z"
        )
    }
}

impl Timestamp {
    /// The HTTP date of a cookie's `Expires` (`Thu, 01 Jan 1970 00:00:00 GMT`).
    #[must_use]
    pub fn http_date(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let days = self.0 / DAY_MS;
        let rest = self.0 % DAY_MS;
        let (year, month, day) = civil_from_days(days);
        let weekday = DAYS[usize::try_from(days % 7).unwrap_or(0)];
        let month = MONTHS[usize::try_from(month - 1).unwrap_or(0)];
        format!(
            "{weekday}, {day:02} {month} {year:04} {:02}:{:02}:{:02} GMT",
            rest / 3_600_000,
            rest / 60_000 % 60,
            rest / 1000 % 60
        )
    }
}

fn is_leap(year: u64) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's `days_from_civil`/`civil_from_days`, restricted to dates from 1970 on.
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_known_instants() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00.000Z");
        assert_eq!(Timestamp(0).http_date(), "Thu, 01 Jan 1970 00:00:00 GMT");
        let t = Timestamp::parse_iso("2026-12-07T06:03:37.250Z").unwrap_or(Timestamp(0));
        assert_eq!(t.http_date(), "Mon, 07 Dec 2026 06:03:37 GMT");
        assert_eq!(
            Timestamp(1_764_060_600_123).to_string(),
            "2025-11-25T08:50:00.123Z"
        );
        assert_eq!(
            Timestamp(951_782_400_000).to_string(),
            "2000-02-29T00:00:00.000Z"
        );
    }

    #[test]
    fn round_trips_across_leap_years_and_month_ends() {
        let mut t = 0u64;
        while t < 5_000_000_000_000 {
            let ts = Timestamp(t);
            assert_eq!(Timestamp::parse_iso(&ts.to_string()), Some(ts), "{ts}");
            t += 7_919_999_917; // a prime-ish stride that visits every month and time of day
        }
    }

    #[test]
    fn refuses_anything_but_the_written_form() {
        for bad in [
            "",
            "2025-11-25",
            "2025-11-25T08:50:00Z",
            "2025-11-25T08:50:00.000+01:00",
            "2025-13-01T00:00:00.000Z",
            "2025-02-29T00:00:00.000Z",
            "2025-11-25T24:00:00.000Z",
            "1969-12-31T23:59:59.999Z",
            "2025-11-25T08:50:00.0a0Z",
            "+025-11-25T08:50:00.000Z",
        ] {
            assert_eq!(Timestamp::parse_iso(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn adds_days() {
        assert_eq!(
            Timestamp(0).plus_days(182).to_string(),
            "1970-07-02T00:00:00.000Z"
        );
    }
}
