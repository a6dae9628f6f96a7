//! Times as a notifier writes them for the candidate. The host sends RFC 3339
//! in UTC (`2026-12-03T10:00:00.000Z`, docs/plugins.md); a notifier shows it
//! at the offset its configuration names, in its own wording. No time-zone
//! database: a fixed [`UtcOffset`] per configuration is what a message needs,
//! and it keeps the component small.
//!
//! ```
//! use panel_plugin_sdk::time::{LocalTime, UtcOffset};
//!
//! let at = LocalTime::of("2026-12-03T10:00:00.000Z", UtcOffset::CHINA).expect("a timestamp");
//! assert_eq!((at.month, at.day, at.hour), (12, 3, 18));
//! assert_eq!((at.month_name(), UtcOffset::CHINA.to_string()), ("December", "UTC+08:00".to_owned()));
//! ```

use std::fmt;

use serde::Deserialize;

/// A fixed offset from UTC, such as `+08:00`. In a configuration it is that
/// text; a malformed one is refused naming the `utc_offset` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct UtcOffset {
    minutes: i64,
}

impl UtcOffset {
    /// China Standard Time, the default: most candidates are in mainland China.
    pub const CHINA: UtcOffset = UtcOffset { minutes: 8 * 60 };

    /// Parses `+HH:MM` or `-HH:MM`, up to ±14:00 (the widest offset in use).
    pub fn parse(text: &str) -> Option<Self> {
        let sign = match text.as_bytes().first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let (hours, minutes) = text[1..].split_once(':')?;
        let minutes = fixed_digits(hours, 2)? * 60 + fixed_digits(minutes, 2).filter(|m| *m < 60)?;
        (minutes <= 14 * 60).then_some(UtcOffset { minutes: sign * minutes })
    }

    /// Minutes east of UTC.
    pub fn minutes(self) -> i64 {
        self.minutes
    }
}

impl Default for UtcOffset {
    fn default() -> Self {
        Self::CHINA
    }
}

impl TryFrom<String> for UtcOffset {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        UtcOffset::parse(&text).ok_or_else(|| format!("utc_offset {text:?} is not an offset such as \"+08:00\""))
    }
}

impl fmt::Display for UtcOffset {
    /// `UTC+08:00`, `UTC-03:30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minutes < 0 { '-' } else { '+' };
        let minutes = self.minutes.abs();
        write!(f, "UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// A number written with exactly `digits` ASCII digits.
fn fixed_digits(text: &str, digits: usize) -> Option<i64> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// Seconds since the Unix epoch of an RFC 3339 timestamp
/// (`2026-12-03T10:00:00.000Z`, `2026-12-03T18:00:00+08:00`); `None` when
/// the text is not one.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let (date, time) = text.split_once(['T', 't', ' '])?;
    let mut parts = date.splitn(3, '-');
    let year = fixed_digits(parts.next()?, 4)?;
    let month = fixed_digits(parts.next()?, 2).filter(|m| (1..=12).contains(m))?;
    let day = fixed_digits(parts.next()?, 2).filter(|d| (1..=31).contains(d))?;
    if time.get(2..3)? != ":" || time.get(5..6)? != ":" {
        return None;
    }
    let hour = fixed_digits(time.get(0..2)?, 2).filter(|h| *h <= 23)?;
    let minute = fixed_digits(time.get(3..5)?, 2).filter(|m| *m <= 59)?;
    // 60 is a leap second.
    let second = fixed_digits(time.get(6..8)?, 2).filter(|s| *s <= 60)?;
    let mut zone = time.get(8..)?;
    if let Some(fraction) = zone.strip_prefix('.') {
        zone = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset_minutes = match zone {
        "Z" | "z" => 0,
        _ => UtcOffset::parse(zone)?.minutes,
    };
    let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(local - offset_minutes * 60)
}

/// A moment as a clock and calendar at some offset read it, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// The year, e.g. 2026.
    pub year: i64,
    /// 1 to 12.
    pub month: i64,
    /// 1 to 31.
    pub day: i64,
    /// 0 to 23.
    pub hour: i64,
    /// 0 to 59.
    pub minute: i64,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl LocalTime {
    /// An RFC 3339 timestamp as local time at `offset`; `None` when the text
    /// is not a timestamp.
    pub fn of(timestamp: &str, offset: UtcOffset) -> Option<Self> {
        let local = parse_rfc3339(timestamp)? + offset.minutes * 60;
        let (year, month, day) = civil_from_days(local.div_euclid(86_400));
        let second_of_day = local.rem_euclid(86_400);
        Some(Self { year, month, day, hour: second_of_day / 3600, minute: second_of_day % 3600 / 60 })
    }

    /// The month's English name, `January` to `December` (its first three
    /// letters are the usual abbreviation).
    pub fn month_name(&self) -> &'static str {
        usize::try_from(self.month - 1).ok().and_then(|i| MONTHS.get(i)).copied().unwrap_or_default()
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// (year, month, day) of a day count since 1970-01-01 (Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(timestamp: &str, offset: UtcOffset) -> Option<(i64, i64, i64, i64, i64)> {
        LocalTime::of(timestamp, offset).map(|t| (t.year, t.month, t.day, t.hour, t.minute))
    }

    #[test]
    fn utc_timestamps_read_as_local_time_at_the_offset() {
        let beijing = UtcOffset::CHINA;
        assert_eq!(at("2026-12-03T10:00:00.000Z", beijing), Some((2026, 12, 3, 18, 0)));
        // Crossing midnight into a new year, and a leap day.
        assert_eq!(at("2026-12-31T16:05:00Z", beijing), Some((2027, 1, 1, 0, 5)));
        assert_eq!(at("2028-02-28T20:00:00Z", beijing), Some((2028, 2, 29, 4, 0)));
        let new_york = UtcOffset::parse("-05:00").expect("offset");
        assert_eq!(at("2027-01-01T02:30:00Z", new_york), Some((2026, 12, 31, 21, 30)));
        let india = UtcOffset::parse("+05:30").expect("offset");
        assert_eq!(at("2027-06-10T00:00:00Z", india), Some((2027, 6, 10, 5, 30)));
        let names = LocalTime::of("2027-09-01T00:00:00Z", beijing).map(|t| t.month_name());
        assert_eq!(names, Some("September"));
    }

    #[test]
    fn timestamps_with_an_offset_are_read_at_that_offset() {
        assert_eq!(parse_rfc3339("2026-12-03T18:00:00+08:00"), parse_rfc3339("2026-12-03T10:00:00Z"));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2027-01-15T08:00:00.123Z"), Some(1_800_000_000));
    }

    #[test]
    fn what_is_not_a_timestamp_or_offset_is_refused() {
        for text in ["", "tomorrow", "2026-13-01T00:00:00Z", "2026-12-03", "2026-12-03T25:00:00Z", "2026-12-03T10:00Z"]
        {
            assert_eq!(parse_rfc3339(text), None, "{text}");
            assert_eq!(LocalTime::of(text, UtcOffset::CHINA), None, "{text}");
        }
        for offset in ["08:00", "+8:00", "+15:00", "+08:60", "+08", ""] {
            assert_eq!(UtcOffset::parse(offset), None, "{offset}");
        }
        let offset = UtcOffset::parse("-03:30").expect("offset");
        assert_eq!((offset.minutes(), offset.to_string()), (-210, "UTC-03:30".to_owned()));
        let error = serde_json::from_str::<UtcOffset>(r#""8""#).expect_err("not an offset");
        assert!(error.to_string().starts_with(r#"utc_offset "8" is not an offset"#), "{error}");
    }
}
