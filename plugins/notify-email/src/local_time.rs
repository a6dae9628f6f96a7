//! Times as the candidate reads them: the host sends RFC 3339 in UTC
//! (`2026-12-03T10:00:00.000Z`); the email says `2026年12月3日 18:00 (UTC+08:00)`
//! or `3 December 2026, 18:00 (UTC+08:00)` at the configured offset. The offset
//! is always written out: a candidate abroad must not guess whose 18:00 it is.

use std::fmt;

use serde::Deserialize;

/// A fixed offset from UTC, such as `+08:00`.
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
/// (`2026-12-03T10:00:00.000Z`, `2026-12-03T18:00:00+08:00`).
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

/// An RFC 3339 timestamp as local time at `offset`, in Chinese or English.
/// `None` when the text is not a timestamp.
pub fn format(timestamp: &str, offset: UtcOffset, chinese: bool) -> Option<String> {
    let local = parse_rfc3339(timestamp)? + offset.minutes * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let second_of_day = local.rem_euclid(86_400);
    let (hour, minute) = (second_of_day / 3600, second_of_day % 3600 / 60);
    Some(if chinese {
        format!("{year}年{month}月{day}日 {hour:02}:{minute:02} ({offset})")
    } else {
        let month_name = usize::try_from(month - 1).ok().and_then(|i| MONTHS.get(i))?;
        format!("{day} {month_name} {year}, {hour:02}:{minute:02} ({offset})")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_timestamps_read_as_local_time_with_the_offset_written_out() {
        let beijing = UtcOffset::CHINA;
        assert_eq!(
            format("2026-12-03T10:00:00.000Z", beijing, true).as_deref(),
            Some("2026年12月3日 18:00 (UTC+08:00)")
        );
        assert_eq!(
            format("2026-12-03T10:00:00.000Z", beijing, false).as_deref(),
            Some("3 December 2026, 18:00 (UTC+08:00)")
        );
        // Crossing midnight into a new year, and a leap day.
        assert_eq!(
            format("2026-12-31T16:05:00Z", beijing, false).as_deref(),
            Some("1 January 2027, 00:05 (UTC+08:00)")
        );
        assert_eq!(format("2028-02-28T20:00:00Z", beijing, true).as_deref(), Some("2028年2月29日 04:00 (UTC+08:00)"));
        let new_york = UtcOffset::parse("-05:00").expect("offset");
        assert_eq!(
            format("2027-01-01T02:30:00Z", new_york, false).as_deref(),
            Some("31 December 2026, 21:30 (UTC-05:00)")
        );
        let india = UtcOffset::parse("+05:30").expect("offset");
        assert_eq!(format("2027-06-10T00:00:00Z", india, false).as_deref(), Some("10 June 2027, 05:30 (UTC+05:30)"));
        let utc = UtcOffset::parse("+00:00").expect("offset");
        assert_eq!(format("2027-06-10T00:00:00Z", utc, true).as_deref(), Some("2027年6月10日 00:00 (UTC+00:00)"));
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
        }
        for offset in ["08:00", "+8:00", "+15:00", "+08:60", "+08", ""] {
            assert_eq!(UtcOffset::parse(offset), None, "{offset}");
        }
        assert_eq!(UtcOffset::parse("-03:30").map(|o| o.to_string()).as_deref(), Some("UTC-03:30"));
    }
}
