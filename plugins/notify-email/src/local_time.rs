//! Times as the candidate reads them: the host sends RFC 3339 in UTC
//! (`2026-12-03T10:00:00.000Z`); the email says `2026年12月3日 18:00 (UTC+08:00)`
//! or `3 December 2026, 18:00 (UTC+08:00)` at the configured offset. The offset
//! is always written out: a candidate abroad must not guess whose 18:00 it is.
//! Reading the timestamp and the offset is the SDK's `time` module.

use panel_plugin_sdk::time::LocalTime;
pub use panel_plugin_sdk::time::UtcOffset;

/// An RFC 3339 timestamp as local time at `offset`, in Chinese or English.
/// `None` when the text is not a timestamp.
pub fn format(timestamp: &str, offset: UtcOffset, chinese: bool) -> Option<String> {
    let at = LocalTime::of(timestamp, offset)?;
    let LocalTime { year, month, day, hour, minute } = at;
    Some(if chinese {
        format!("{year}年{month}月{day}日 {hour:02}:{minute:02} ({offset})")
    } else {
        format!("{day} {} {year}, {hour:02}:{minute:02} ({offset})", at.month_name())
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
    fn what_is_not_a_timestamp_is_left_unformatted() {
        assert_eq!(format("tomorrow", UtcOffset::CHINA, true), None);
    }
}
