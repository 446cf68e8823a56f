//! iCalendar (RFC 5545) rendering of activities, for the `.ics` download of one
//! activity and for each person's calendar feed.
//!
//! Times are written in UTC (`20270315T070000Z`), so every client shows them in its own
//! time zone: 14:00 in Vietnam (UTC+7, no daylight saving) is 07:00Z. The `icalendar`
//! crate escapes `\`, `;`, `,` and newlines in text values, folds lines at 75 octets on
//! character boundaries and ends them with CRLF. An edited activity keeps its `UID` and
//! raises its `SEQUENCE`, so clients replace their entry. A cancelled one stays in the
//! feed with `STATUS:CANCELLED`, so clients mark it rather than keep a stale copy.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, EventLike, EventStatus, Property};

/// Product identifier written in every calendar (RFC 5545 §3.7.3).
pub const PRODUCT_ID: &str = "-//Cau Noi//Hoat dong chuyen mon//VI";

/// How often subscribed clients should fetch the feed again, as an RFC 5545 duration.
pub const REFRESH_INTERVAL: &str = "PT1H";

/// One activity, ready to be written as a `VEVENT`. Instants are Unix ms UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// From [`uid`]: stable for the life of the activity.
    pub uid: String,
    /// The activity's `sequence`, raised by every change that calendars must show.
    pub sequence: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub last_modified: i64,
    pub summary: String,
    pub description: String,
    /// Place of an in-person activity, or the word for "online".
    pub location: String,
    /// The online meeting link, if any.
    pub url: Option<String>,
    pub cancelled: bool,
}

/// Builds the `UID` of activity `id` under `host`, the host name of the public URL
/// (`activity-42@caunoi.example.vn`), so that UIDs stay unique across deployments.
pub fn uid(id: i64, host: &str) -> String {
    format!("activity-{id}@{host}")
}

/// Returns the host name of a URL such as `https://caunoi.example.vn:8443/x`, without
/// the scheme, the port, the path or any user information, lower-cased.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = if host_port.starts_with('[') {
        // An IPv6 literal keeps its brackets and loses the port after them.
        host_port.split_once(']').map_or(host_port.to_owned(), |(address, _)| format!("{address}]"))
    } else {
        host_port.split(':').next().unwrap_or_default().to_owned()
    };
    if host.is_empty() { "localhost".to_owned() } else { host.to_ascii_lowercase() }
}

/// Renders a whole `VCALENDAR` with `name` as its display name (`X-WR-CALNAME`).
/// `stamp` (Unix ms) becomes each event's `DTSTAMP`: the time the calendar was written.
pub fn render(name: &str, events: &[CalendarEvent], stamp: i64) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODUCT_ID))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .append_property(Property::new("X-WR-CALNAME", clean_text(name)))
        // A hint for Google Calendar and Apple Calendar; every time below is UTC anyway.
        .append_property(Property::new("X-WR-TIMEZONE", "Asia/Ho_Chi_Minh"))
        .append_property(Property::new("REFRESH-INTERVAL", REFRESH_INTERVAL).add_parameter("VALUE", "DURATION").done())
        .append_property(Property::new("X-PUBLISHED-TTL", REFRESH_INTERVAL));
    for event in events {
        calendar.push(vevent(event, stamp));
    }
    calendar.to_string()
}

fn vevent(event: &CalendarEvent, stamp: i64) -> icalendar::Event {
    let mut vevent = icalendar::Event::new();
    vevent
        .uid(&event.uid)
        .sequence(u32::try_from(event.sequence).unwrap_or(0))
        .timestamp(instant(stamp))
        .last_modified(instant(event.last_modified))
        .starts(instant(event.starts_at))
        .ends(instant(event.ends_at))
        .summary(&clean_text(&event.summary))
        .description(&clean_text(&event.description))
        .status(if event.cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed });
    if !event.location.trim().is_empty() {
        vevent.location(&clean_text(&event.location));
    }
    if let Some(url) = event.url.as_deref().map(clean_uri).filter(|url| !url.is_empty()) {
        vevent.url(&url);
    }
    vevent.done()
}

fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Turns every line break into `\n`, which the crate escapes, and drops the other
/// control characters except tabs, because RFC 5545 does not allow them in TEXT values.
fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// A URI value is written unescaped, so it must not carry any control character or
/// space that would break the line.
fn clean_uri(url: &str) -> String {
    url.trim().chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::{CalendarDateTime, DatePerhapsTime};

    /// 15/03/2027 14:00 in Vietnam is 07:00 UTC.
    const START: i64 = 1_805_094_000_000;

    fn event() -> CalendarEvent {
        CalendarEvent {
            uid: uid(42, "caunoi.example.vn"),
            sequence: 3,
            starts_at: START,
            ends_at: START + 2 * 3_600_000,
            last_modified: START - 86_400_000,
            summary: "Sinh hoạt chuyên đề: Dạy học STEM, lớp 6; tổ Toán\\Tin".into(),
            description: "Báo cáo viên: Nguyễn Văn A\r\nTrần Thị B".into(),
            location: "Trường THPT Trưng Vương, 3 Nguyễn Bỉnh Khiêm".into(),
            url: Some("https://meet.example.vn/abc?x=1,2".into()),
            cancelled: false,
        }
    }

    fn lines(text: &str) -> Vec<&str> {
        text.split("\r\n").collect()
    }

    #[test]
    fn start_is_written_in_utc() {
        let text = render("Lịch", &[event()], START);
        assert!(text.contains("\r\nDTSTART:20270315T070000Z\r\n"), "{text}");
        assert!(text.contains("\r\nDTEND:20270315T090000Z\r\n"), "{text}");
    }

    #[test]
    fn text_values_are_escaped() {
        let text = render("Lịch", &[event()], START);
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(r"SUMMARY:Sinh hoạt chuyên đề: Dạy học STEM\, lớp 6\; tổ Toán\\Tin"), "{unfolded}");
        assert!(unfolded.contains(r"DESCRIPTION:Báo cáo viên: Nguyễn Văn A\nTrần Thị B"), "{unfolded}");
        assert!(!text.replace("\r\n", "").contains('\r'), "a bare CR left in a value");
    }

    #[test]
    fn lines_fold_at_75_octets_on_char_boundaries() {
        let long = CalendarEvent { description: "Nghiên cứu bài học ".repeat(20), ..event() };
        let text = render("Lịch", &[long], START);
        assert!(text.ends_with("\r\n"));
        for line in lines(&text) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Every piece is valid UTF-8 on its own: `lines` would not even split otherwise,
        // but check that no folded piece starts inside a character.
        assert!(lines(&text).iter().all(|line| std::str::from_utf8(line.as_bytes()).is_ok()));
    }

    #[test]
    fn cancelled_event_is_marked() {
        let text = render("Lịch", &[CalendarEvent { cancelled: true, ..event() }], START);
        assert!(text.contains("\r\nSTATUS:CANCELLED\r\n"), "{text}");
        let confirmed = render("Lịch", &[event()], START);
        assert!(confirmed.contains("\r\nSTATUS:CONFIRMED\r\n"), "{confirmed}");
    }

    #[test]
    fn parser_reads_the_calendar_back() {
        let text = render("Lịch, của tôi", &[event()], START);
        let calendar: Calendar = text.parse().expect("parses");
        let parsed = calendar.events().next().expect("one event");
        assert_eq!(parsed.get_uid(), Some("activity-42@caunoi.example.vn"));
        assert_eq!(parsed.get_sequence(), Some(3));
        assert_eq!(parsed.get_summary(), Some("Sinh hoạt chuyên đề: Dạy học STEM, lớp 6; tổ Toán\\Tin"));
        assert_eq!(parsed.get_description(), Some("Báo cáo viên: Nguyễn Văn A\nTrần Thị B"));
        assert_eq!(parsed.get_url(), Some("https://meet.example.vn/abc?x=1,2"));
        let start = DateTime::from_timestamp_millis(START).unwrap();
        assert_eq!(parsed.get_start(), Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(start))));
        assert_eq!(calendar.get_name(), Some("Lịch, của tôi"));
    }

    #[test]
    fn host_of_strips_scheme_port_and_path() {
        assert_eq!(host_of("https://CauNoi.example.vn:8443/p/79"), "caunoi.example.vn");
        assert_eq!(host_of("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_of("http://user:pw@[::1]:80/"), "[::1]");
        assert_eq!(host_of(""), "localhost");
    }
}
