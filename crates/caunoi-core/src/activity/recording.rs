//! Recorded lessons: videos of demonstration lessons and lesson-study sessions, uploaded
//! in parts that survive an interrupted connection, played back by byte range, and
//! commented on at exact moments.
//!
//! A recording shows children, so it carries the consent of their families. Until the
//! school confirms consent, only the lesson-study group may watch it. Confirmed consent
//! widens the audience to the cluster or to the whole province.

use serde::{Deserialize, Serialize};

/// Maximum length of a recording's title, in characters.
pub const MAX_TITLE: usize = 300;

/// Maximum length of a comment on a recording, in characters.
pub const MAX_COMMENT: usize = 2_000;

/// Maximum position a comment may point to: ten hours, in milliseconds.
pub const MAX_POSITION_MS: i64 = 10 * 3_600_000;

/// Audience of a recording, set by the consent given for the children filmed in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    /// Not confirmed yet: the lesson-study group only.
    Pending,
    /// Confirmed for showing within the cluster.
    Cluster,
    /// Confirmed for showing anywhere in the province.
    Province,
}

impl Consent {
    pub const ALL: [Consent; 3] = [Consent::Pending, Consent::Cluster, Consent::Province];

    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Pending => "pending",
            Consent::Cluster => "cluster",
            Consent::Province => "province",
        }
    }

    pub fn parse(s: &str) -> Option<Consent> {
        Consent::ALL.into_iter().find(|consent| consent.as_str() == s)
    }
}

/// The kind of a time-stamped comment on a recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    /// Điểm mạnh.
    Strength,
    /// Câu hỏi.
    Question,
    /// Đề xuất.
    Suggestion,
}

impl CommentKind {
    pub const ALL: [CommentKind; 3] = [CommentKind::Strength, CommentKind::Question, CommentKind::Suggestion];

    pub fn as_str(self) -> &'static str {
        match self {
            CommentKind::Strength => "strength",
            CommentKind::Question => "question",
            CommentKind::Suggestion => "suggestion",
        }
    }

    pub fn parse(s: &str) -> Option<CommentKind> {
        CommentKind::ALL.into_iter().find(|kind| kind.as_str() == s)
    }
}

/// The video formats browsers play, recognised from a file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoFormat {
    Mp4,
    QuickTime,
    WebM,
}

impl VideoFormat {
    /// Recognises MP4 and QuickTime (an ISO base media `ftyp` box) and WebM (an EBML
    /// header whose doc type is `webm`). Returns `None` for anything else, Matroska
    /// files included, because browsers do not promise to play them.
    pub fn sniff(head: &[u8]) -> Option<VideoFormat> {
        if head.len() >= 12 && &head[4..8] == b"ftyp" {
            return Some(if &head[8..12] == b"qt  " { VideoFormat::QuickTime } else { VideoFormat::Mp4 });
        }
        if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) && head.windows(4).any(|window| window == b"webm") {
            return Some(VideoFormat::WebM);
        }
        None
    }

    pub fn content_type(self) -> &'static str {
        match self {
            VideoFormat::Mp4 => "video/mp4",
            VideoFormat::QuickTime => "video/quicktime",
            VideoFormat::WebM => "video/webm",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            VideoFormat::Mp4 => "mp4",
            VideoFormat::QuickTime => "mov",
            VideoFormat::WebM => "webm",
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<VideoFormat> {
        [VideoFormat::Mp4, VideoFormat::QuickTime, VideoFormat::WebM]
            .into_iter()
            .find(|format| format.content_type() == content_type)
    }
}

/// Problem that makes a part of an upload unacceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartProblem {
    /// The part starts at another offset than the bytes received so far.
    WrongOffset { expected: u64 },
    /// The part would carry the file past its announced size.
    PastEnd { size: u64 },
    /// The part is empty or larger than one part may be.
    BadLength { max: u64 },
    /// Every byte has arrived already.
    Complete,
}

/// Checks a part of `length` bytes announced at `offset` against an upload that has
/// received `received` of `size` bytes, with parts of at most `max_part` bytes.
pub fn check_part(size: u64, received: u64, offset: u64, length: u64, max_part: u64) -> Result<(), PartProblem> {
    if received >= size {
        return Err(PartProblem::Complete);
    }
    if offset != received {
        return Err(PartProblem::WrongOffset { expected: received });
    }
    if length == 0 || length > max_part {
        return Err(PartProblem::BadLength { max: max_part });
    }
    if offset + length > size {
        return Err(PartProblem::PastEnd { size });
    }
    Ok(())
}

/// One stored part of a recording: the bytes `offset..offset + size` of the video.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartSpan {
    pub offset: u64,
    pub size: u64,
}

/// One piece of a read: which part, and which bytes of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartRead {
    pub part: usize,
    pub bytes: std::ops::Range<u64>,
}

/// Maps a byte range of the whole video to reads of its parts, in order. `parts` must
/// be sorted, contiguous and start at zero; the range must lie inside the video.
pub fn reads_for(parts: &[PartSpan], range: std::ops::Range<u64>) -> Vec<PartRead> {
    parts
        .iter()
        .enumerate()
        .filter_map(|(index, part)| {
            let start = range.start.max(part.offset);
            let end = range.end.min(part.offset + part.size);
            (start < end).then(|| PartRead { part: index, bytes: start - part.offset..end - part.offset })
        })
        .collect()
}

/// Formats a position in a video as `m:ss.mmm`, or `h:mm:ss.mmm` from one hour on.
pub fn position_text(position_ms: i64) -> String {
    let position_ms = position_ms.max(0);
    let millis = position_ms % 1000;
    let seconds = position_ms / 1000 % 60;
    let minutes = position_ms / 60_000 % 60;
    let hours = position_ms / 3_600_000;
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}.{millis:03}")
    } else {
        format!("{minutes}:{seconds:02}.{millis:03}")
    }
}

/// Reads a position typed as `m:ss`, `m:ss.mmm`, `h:mm:ss(.mmm)` or plain seconds
/// (`75.5`), with a comma accepted as the decimal mark. Returns milliseconds.
pub fn parse_position(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    if text.is_empty() {
        return None;
    }
    let fields: Vec<&str> = text.split(':').collect();
    if fields.len() > 3 {
        return None;
    }
    let (last, whole) = fields.split_last()?;
    let seconds_ms = parse_seconds(last)?;
    let mut total: i64 = 0;
    for field in whole {
        if field.is_empty() || field.len() > 3 || !field.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        total = total * 60 + field.parse::<i64>().ok()?;
    }
    if !whole.is_empty() && seconds_ms >= 60_000 {
        return None;
    }
    let position = total.checked_mul(60_000)?.checked_add(seconds_ms)?;
    (position <= MAX_POSITION_MS).then_some(position)
}

/// Seconds with at most three decimals, as milliseconds.
fn parse_seconds(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || whole.len() > 5 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis = format!("{fraction:0<3}").parse::<i64>().ok()?;
    Some(whole.parse::<i64>().ok()? * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_recognises_browser_formats() {
        let mp4 = [0, 0, 0, 0x20, b'f', b't', b'y', b'p', b'i', b's', b'o', b'm'];
        let mov = [0, 0, 0, 0x14, b'f', b't', b'y', b'p', b'q', b't', b' ', b' '];
        let webm = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x84, b'w', b'e', b'b', b'm'];
        let matroska = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x88, b'm', b'a', b't', b'r'];

        assert_eq!(VideoFormat::sniff(&mp4), Some(VideoFormat::Mp4));
        assert_eq!(VideoFormat::sniff(&mov), Some(VideoFormat::QuickTime));
        assert_eq!(VideoFormat::sniff(&webm), Some(VideoFormat::WebM));
        assert_eq!(VideoFormat::sniff(&matroska), None);
        assert_eq!(VideoFormat::sniff(b"%PDF-1.7 not a video"), None);
        assert_eq!(VideoFormat::sniff(b"ftyp"), None);
    }

    #[test]
    fn part_checks_offset_length_and_end() {
        assert_eq!(check_part(100, 0, 0, 40, 50), Ok(()));
        assert_eq!(check_part(100, 40, 0, 40, 50), Err(PartProblem::WrongOffset { expected: 40 }));
        assert_eq!(check_part(100, 40, 80, 10, 50), Err(PartProblem::WrongOffset { expected: 40 }));
        assert_eq!(check_part(100, 40, 40, 51, 50), Err(PartProblem::BadLength { max: 50 }));
        assert_eq!(check_part(100, 40, 40, 0, 50), Err(PartProblem::BadLength { max: 50 }));
        assert_eq!(check_part(100, 80, 80, 30, 50), Err(PartProblem::PastEnd { size: 100 }));
        assert_eq!(check_part(100, 80, 80, 20, 50), Ok(()));
        assert_eq!(check_part(100, 100, 100, 1, 50), Err(PartProblem::Complete));
    }

    #[test]
    fn reads_cross_part_boundaries() {
        let parts = [PartSpan { offset: 0, size: 10 }, PartSpan { offset: 10, size: 10 }, PartSpan { offset: 20, size: 5 }];

        assert_eq!(reads_for(&parts, 0..2), vec![PartRead { part: 0, bytes: 0..2 }]);
        assert_eq!(
            reads_for(&parts, 8..22),
            vec![
                PartRead { part: 0, bytes: 8..10 },
                PartRead { part: 1, bytes: 0..10 },
                PartRead { part: 2, bytes: 0..2 }
            ]
        );
        assert_eq!(reads_for(&parts, 24..25), vec![PartRead { part: 2, bytes: 4..5 }]);
        assert_eq!(reads_for(&parts, 10..20), vec![PartRead { part: 1, bytes: 0..10 }]);
    }

    #[test]
    fn positions_round_trip_to_the_millisecond() {
        assert_eq!(position_text(83_456), "1:23.456");
        assert_eq!(position_text(3_723_004), "1:02:03.004");
        assert_eq!(parse_position("1:23.456"), Some(83_456));
        assert_eq!(parse_position("1:02:03.004"), Some(3_723_004));
        assert_eq!(parse_position("75,5"), Some(75_500));
        assert_eq!(parse_position(" 0:07 "), Some(7_000));
        for position in [0, 1, 999, 59_999, 60_000, 3_599_999, 3_600_000, 35_999_999] {
            assert_eq!(parse_position(&position_text(position)), Some(position), "{position}");
        }
    }

    #[test]
    fn bad_positions_are_rejected() {
        for text in ["", "abc", "1:60", "1:2:3:4", "1.2345", "-5", "1::2", "11:00:00", ":30"] {
            assert_eq!(parse_position(text), None, "{text}");
        }
    }
}
