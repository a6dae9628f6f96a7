//! Times as a candidate reads them in a text message: the host sends RFC 3339
//! in UTC (`2027-12-03T10:00:00.000Z`); the candidate reads `12月3日 18:00` or
//! `3 Dec 18:00` in the configured time zone offset. Reading the timestamp and
//! the offset is the SDK's `time` module.

use panel_plugin_sdk::time::LocalTime;
pub use panel_plugin_sdk::time::UtcOffset;

/// An RFC 3339 timestamp as local time at `offset`: `12月3日 18:00` in
/// Chinese, `3 Dec 18:00` in English. The year is left out: a window is days
/// long. `None` when the text is not a timestamp.
pub fn format(timestamp: &str, offset: UtcOffset, chinese: bool) -> Option<String> {
    let at = LocalTime::of(timestamp, offset)?;
    let LocalTime { month, day, hour, minute, .. } = at;
    let month_abbreviation = at.month_name().get(..3)?;
    Some(if chinese {
        format!("{month}月{day}日 {hour:02}:{minute:02}")
    } else {
        format!("{day} {month_abbreviation} {hour:02}:{minute:02}")
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
        assert_eq!(format("2027-09-01T00:00:00Z", india, false).as_deref(), Some("1 Sep 05:30"));
    }

    #[test]
    fn what_is_not_a_timestamp_is_left_unformatted() {
        assert_eq!(format("2027-12-03T10:00Z", UtcOffset::CHINA, false), None);
    }
}
