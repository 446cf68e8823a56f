//! The life of a request a school raises (kiến nghị, phản ánh): its statuses, who may
//! move it from one to another, and when its first answer is due.
//!
//! A request starts `open`. Its handler (the cluster board, or the department after an
//! escalation) takes it `in_progress` and answers it (`answered`); the school or the
//! handler closes it. Either side may reopen an answered or closed request.

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    InProgress,
    Answered,
    Closed,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 4] =
        [RequestStatus::Open, RequestStatus::InProgress, RequestStatus::Answered, RequestStatus::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::Answered => "answered",
            RequestStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// Whether the request still waits for its handler: open or in progress.
    pub fn is_pending(self) -> bool {
        matches!(self, RequestStatus::Open | RequestStatus::InProgress)
    }
}

/// The side a person acts on in a request's thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// A leader of the school that raised the request.
    School,
    /// The handling cluster board or department.
    Handler,
}

/// The reason a change of a request's status or thread is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the request already has this status")]
    Unchanged,
    #[error("this side may not make this change of status")]
    NotAllowed,
    /// Replies, assignments and escalations need the request reopened first.
    #[error("the request is closed")]
    Closed,
}

/// Lists the statuses one side may move a request to from `from`, in display order.
///
/// The handler may move an unresolved request anywhere, and reopen an answered or
/// closed one. The school may close its request (withdrawn, or the answer accepted)
/// and reopen an answered or closed one.
pub fn targets(from: RequestStatus, side: Side) -> Vec<RequestStatus> {
    use RequestStatus::{Answered, Closed, InProgress, Open};
    match (side, from) {
        (Side::Handler, Open) => vec![InProgress, Answered, Closed],
        (Side::Handler, InProgress) => vec![Open, Answered, Closed],
        (Side::Handler, Answered) => vec![Open, InProgress, Closed],
        (Side::Handler, Closed) => vec![Open],
        (Side::School, Open | InProgress) => vec![Closed],
        (Side::School, Answered) => vec![Open, Closed],
        (Side::School, Closed) => vec![Open],
    }
}

/// Checks a change of status made by one side.
pub fn check_transition(from: RequestStatus, to: RequestStatus, side: Side) -> Result<(), TransitionError> {
    if from == to {
        return Err(TransitionError::Unchanged);
    }
    if targets(from, side).contains(&to) { Ok(()) } else { Err(TransitionError::NotAllowed) }
}

/// Returns the status after a reply. A handler's reply marked as the answer makes the
/// request `answered`; any other handler reply to an open request shows that someone
/// is working on it. A school's reply leaves the status alone.
pub fn after_reply(from: RequestStatus, side: Side, marks_answer: bool) -> Result<RequestStatus, TransitionError> {
    match (from, side) {
        (RequestStatus::Closed, _) => Err(TransitionError::Closed),
        (_, Side::Handler) if marks_answer => Ok(RequestStatus::Answered),
        (RequestStatus::Open, Side::Handler) => Ok(RequestStatus::InProgress),
        (status, _) => Ok(status),
    }
}

/// Returns the status after an owner is assigned: an open request is then in progress.
pub fn after_assignment(from: RequestStatus) -> Result<RequestStatus, TransitionError> {
    match from {
        RequestStatus::Closed => Err(TransitionError::Closed),
        RequestStatus::Open => Ok(RequestStatus::InProgress),
        status => Ok(status),
    }
}

/// Returns the status after an escalation to the department: open again, because the
/// department has not acted on it yet, whatever the board had done.
pub fn after_escalation(from: RequestStatus) -> Result<RequestStatus, TransitionError> {
    match from {
        RequestStatus::Closed => Err(TransitionError::Closed),
        _ => Ok(RequestStatus::Open),
    }
}

/// Working days a handler has for the first answer to a new request.
///
/// NOTE: three working days is a product choice, not a regulation; public holidays
/// (Tết, 30/4, 2/9 …) are not skipped.
pub const FIRST_ANSWER_WORKING_DAYS: u32 = 3;

/// Returns the instant (Unix ms) `working_days` working days after `created_ms`, at
/// the same time of day in Vietnam (UTC+7), skipping Saturdays and Sundays.
pub fn first_answer_due(created_ms: i64, working_days: u32) -> i64 {
    let offset = crate::vietnam_time::offset();
    let Some(created) = DateTime::<Utc>::from_timestamp_millis(created_ms) else {
        return created_ms;
    };
    let mut due = created.with_timezone(&offset);
    let mut counted = 0;
    while counted < working_days {
        due += Duration::days(1);
        if !matches!(due.weekday(), Weekday::Sat | Weekday::Sun) {
            counted += 1;
        }
    }
    due.timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestStatus::{Answered, Closed, InProgress, Open};

    #[test]
    fn status_codes_round_trip() {
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(RequestStatus::parse("done"), None);
    }

    #[test]
    fn handler_moves_forward_and_reopens() {
        assert_eq!(check_transition(Open, InProgress, Side::Handler), Ok(()));
        assert_eq!(check_transition(InProgress, Answered, Side::Handler), Ok(()));
        assert_eq!(check_transition(Answered, Closed, Side::Handler), Ok(()));
        assert_eq!(check_transition(Closed, Open, Side::Handler), Ok(()));
        assert_eq!(check_transition(Closed, Answered, Side::Handler), Err(TransitionError::NotAllowed));
    }

    #[test]
    fn school_closes_and_reopens_only() {
        assert_eq!(check_transition(Open, Closed, Side::School), Ok(()));
        assert_eq!(check_transition(Answered, Open, Side::School), Ok(()));
        assert_eq!(check_transition(Closed, Open, Side::School), Ok(()));
        assert_eq!(check_transition(Open, Answered, Side::School), Err(TransitionError::NotAllowed));
        assert_eq!(check_transition(Open, InProgress, Side::School), Err(TransitionError::NotAllowed));
        assert_eq!(check_transition(InProgress, Open, Side::School), Err(TransitionError::NotAllowed));
    }

    #[test]
    fn same_status_is_unchanged() {
        for status in RequestStatus::ALL {
            assert_eq!(check_transition(status, status, Side::Handler), Err(TransitionError::Unchanged));
        }
    }

    #[test]
    fn reply_moves_status() {
        assert_eq!(after_reply(Open, Side::Handler, false), Ok(InProgress));
        assert_eq!(after_reply(Open, Side::Handler, true), Ok(Answered));
        assert_eq!(after_reply(InProgress, Side::Handler, false), Ok(InProgress));
        assert_eq!(after_reply(Answered, Side::School, false), Ok(Answered));
        assert_eq!(after_reply(Open, Side::School, true), Ok(Open));
        assert_eq!(after_reply(Closed, Side::Handler, true), Err(TransitionError::Closed));
        assert_eq!(after_reply(Closed, Side::School, false), Err(TransitionError::Closed));
    }

    #[test]
    fn assignment_and_escalation() {
        assert_eq!(after_assignment(Open), Ok(InProgress));
        assert_eq!(after_assignment(Answered), Ok(Answered));
        assert_eq!(after_assignment(Closed), Err(TransitionError::Closed));
        assert_eq!(after_escalation(Answered), Ok(Open));
        assert_eq!(after_escalation(InProgress), Ok(Open));
        assert_eq!(after_escalation(Closed), Err(TransitionError::Closed));
    }

    /// Unix ms of a time in Vietnam.
    fn vietnam_ms(year: i32, month: u32, day: u32, hour: u32) -> i64 {
        let offset = crate::vietnam_time::offset();
        chrono::NaiveDate::from_ymd_opt(year, month, day)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
            .and_local_timezone(offset)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn due_skips_weekends() {
        // Monday 7 December 2026, 09:00 → Thursday 10 December, 09:00.
        assert_eq!(first_answer_due(vietnam_ms(2026, 12, 7, 9), 3), vietnam_ms(2026, 12, 10, 9));
        // Thursday 10 December → Tuesday 15 December.
        assert_eq!(first_answer_due(vietnam_ms(2026, 12, 10, 9), 3), vietnam_ms(2026, 12, 15, 9));
        // Saturday 12 December, 23:00 in Vietnam (still Saturday 16:00 UTC) → Wednesday 16.
        assert_eq!(first_answer_due(vietnam_ms(2026, 12, 12, 23), 3), vietnam_ms(2026, 12, 16, 23));
        assert_eq!(first_answer_due(vietnam_ms(2026, 12, 7, 9), 0), vietnam_ms(2026, 12, 7, 9));
    }
}
