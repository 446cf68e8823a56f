//! Report deadlines: instants in Vietnam time, kept to the minute.

use chrono::{NaiveDate, NaiveTime, TimeZone};

const MINUTE_MS: i64 = 60_000;

/// Whether a submission at `submitted_at` meets `deadline_at` (both Unix milliseconds).
/// The whole deadline minute counts: a 17:00 deadline accepts 17:00:59.999.
pub fn on_time(deadline_at: i64, submitted_at: i64) -> bool {
    submitted_at < deadline_at.div_euclid(MINUTE_MS) * MINUTE_MS + MINUTE_MS
}

/// The instant of a date and time on a Vietnamese wall clock, in Unix milliseconds.
/// The date is taken as typed, so the browser's own time zone never shifts it.
pub fn local_instant(date: NaiveDate, time: NaiveTime) -> i64 {
    crate::vietnam_time::offset()
        .from_local_datetime(&date.and_time(time))
        .single()
        .map(|instant| instant.timestamp_millis())
        .expect("a fixed offset maps every local time to one instant")
}

/// Reads `HH:MM` on a 24-hour clock.
pub fn parse_time(raw: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deadline() -> i64 {
        local_instant(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(), parse_time("17:00").unwrap())
    }

    #[test]
    fn deadline_minute_is_inclusive() {
        let deadline = deadline();
        assert!(on_time(deadline, deadline - 1));
        assert!(on_time(deadline, deadline));
        assert!(on_time(deadline, deadline + 59_999));
        assert!(!on_time(deadline, deadline + 60_000));
    }

    #[test]
    fn local_time_is_utc_plus_seven() {
        // 31/12/2026 17:00 in Vietnam is 10:00 UTC.
        assert_eq!(deadline(), 1_798_711_200_000);
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("7:05").map(|t| t.to_string()), Some("07:05:00".to_owned()));
    }
}
