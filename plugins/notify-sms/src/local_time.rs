//! Times as a candidate reads them in a text message: the host sends RFC 3339
//! in UTC (`2027-12-03T10:00:00.000Z`); the candidate reads `12月3日 18:00` or
//! `3 Dec 18:00` in the configured time zone offset.

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

    /// Parses `+HH:MM` or `-HH:MM` (up to ±14:00, the widest offset in use).
    pub fn parse(text: &str) -> Option<Self> {
        let (sign, rest) = match text.as_bytes().first()? {
            b'+' => (1, &text[1..]),
            b'-' => (-1, &text[1..]),
            _ => return None,
        };
        let minutes = hours_and_minutes(rest)?;
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

/// `HH:MM` as minutes.
fn hours_and_minutes(text: &str) -> Option<i64> {
    let (hours, minutes) = text.split_once(':')?;
    let hours = two_digits(hours)?;
    let minutes = two_digits(minutes)?;
    (minutes < 60).then_some(hours * 60 + minutes)
}

fn two_digits(text: &str) -> Option<i64> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

fn number(text: &str, digits: usize) -> Option<i64> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// Seconds since the Unix epoch of an RFC 3339 timestamp
/// (`2027-12-03T10:00:00.000Z`, `2027-12-03T18:00:00+08:00`).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let (date, time) = text.split_once(['T', 't', ' '])?;
    let mut parts = date.splitn(3, '-');
    let year = number(parts.next()?, 4)?;
    let month = number(parts.next()?, 2)?;
    let day = number(parts.next()?, 2)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let hour = number(time.get(0..2)?, 2)?;
    let minute = number(time.get(3..5)?, 2)?;
    let second = number(time.get(6..8)?, 2)?;
    if time.get(2..3)? != ":" || time.get(5..6)? != ":" || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut zone = &time[8..];
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

/// (month, day) of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
fn month_and_day(days: i64) -> (i64, i64) {
    let z = days + 719_468;
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    (month, day)
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// An RFC 3339 timestamp as local time at `offset`: `12月3日 18:00` in
/// Chinese, `3 Dec 18:00` in English. The year is left out: a window is days
/// long. `None` when the text is not a timestamp.
pub fn format(timestamp: &str, offset: UtcOffset, chinese: bool) -> Option<String> {
    let local = parse_rfc3339(timestamp)? + offset.minutes * 60;
    let (days, second_of_day) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (month, day) = month_and_day(days);
    let (hour, minute) = (second_of_day / 3600, second_of_day % 3600 / 60);
    let month_name = usize::try_from(month - 1).ok().and_then(|i| MONTHS.get(i))?;
    Some(if chinese {
        format!("{month}月{day}日 {hour:02}:{minute:02}")
    } else {
        format!("{day} {month_name} {hour:02}:{minute:02}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_timestamps_read_as_local_time() {
        let beijing = UtcOffset::CHINA;
        assert_eq!(format("2027-12-03T10:00:00.000Z", beijing, true).as_deref(), Some("12月3日 18:00"));
        assert_eq!(format("2027-12-03T10:00:00.000Z", beijing, false).as_deref(), Some("3 Dec 18:00"));
        // Crossing midnight, a month end and a year end.
        assert_eq!(format("2027-12-31T16:05:00Z", beijing, false).as_deref(), Some("1 Jan 00:05"));
        assert_eq!(format("2028-02-28T20:00:00Z", beijing, true).as_deref(), Some("2月29日 04:00"), "leap day");
        let new_york = UtcOffset::parse("-05:00").expect("offset");
        assert_eq!(format("2027-03-01T02:30:00Z", new_york, false).as_deref(), Some("28 Feb 21:30"));
        let india = UtcOffset::parse("+05:30").expect("offset");
        assert_eq!(format("2027-06-10T00:00:00Z", india, false).as_deref(), Some("10 Jun 05:30"));
    }

    #[test]
    fn timestamps_with_an_offset_are_read_at_that_offset() {
        assert_eq!(parse_rfc3339("2027-12-03T18:00:00+08:00"), parse_rfc3339("2027-12-03T10:00:00Z"));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2027-01-15T08:00:00.123Z"), Some(1_800_000_000));
    }

    #[test]
    fn what_is_not_a_timestamp_or_offset_is_refused() {
        for text in ["", "tomorrow", "2027-13-01T00:00:00Z", "2027-12-03", "2027-12-03T25:00:00Z", "2027-12-03T10:00Z"]
        {
            assert_eq!(parse_rfc3339(text), None, "{text}");
        }
        for offset in ["08:00", "+8:00", "+15:00", "+08:60", "+08", ""] {
            assert_eq!(UtcOffset::parse(offset), None, "{offset}");
        }
        assert_eq!(UtcOffset::parse("-03:30"), Some(UtcOffset { minutes: -210 }));
    }
}
