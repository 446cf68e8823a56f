//! The life of one school's submission, and how complete a school is for a request.
//!
//! A school saves drafts and submits. When a cluster sent the request, its board reviews
//! and accepts or returns. When the department sent it, the board of the school's
//! cluster checks and forwards (or returns) and the department accepts or returns.
//! A returned submission goes back to the school for correction and is submitted again.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionStatus {
    Draft,
    Submitted,
    /// Checked by the cluster board and passed on to the department.
    Forwarded,
    Returned,
    Accepted,
}

impl SubmissionStatus {
    pub const ALL: [SubmissionStatus; 5] = [
        SubmissionStatus::Draft,
        SubmissionStatus::Submitted,
        SubmissionStatus::Forwarded,
        SubmissionStatus::Returned,
        SubmissionStatus::Accepted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "draft",
            SubmissionStatus::Submitted => "submitted",
            SubmissionStatus::Forwarded => "forwarded",
            SubmissionStatus::Returned => "returned",
            SubmissionStatus::Accepted => "accepted",
        }
    }

    pub fn parse(s: &str) -> Option<SubmissionStatus> {
        SubmissionStatus::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// Whether the submission's values count in aggregates: submitted and not returned.
    pub fn is_counted(self) -> bool {
        matches!(self, SubmissionStatus::Submitted | SubmissionStatus::Forwarded | SubmissionStatus::Accepted)
    }

    /// Whether the school may still edit and (re)submit, given the request is open.
    pub fn school_may_edit(self) -> bool {
        matches!(self, SubmissionStatus::Draft | SubmissionStatus::Submitted | SubmissionStatus::Returned)
    }

    /// Whether a reviewer may move the submission to `next`. `two_stage` is true when
    /// the department sent the request, so the cluster forwards before it accepts.
    /// Tells whether a department request's submission goes through the board of the
    /// school's cluster (`school_cluster`, 0 for none) before the department.
    pub fn two_stage(request_cluster: Option<i64>, school_cluster: i64) -> bool {
        request_cluster.is_none() && school_cluster != 0
    }

    pub fn review_allows(self, next: SubmissionStatus, two_stage: bool) -> bool {
        use SubmissionStatus::*;
        match (self, next) {
            (Submitted, Forwarded) => two_stage,
            (Submitted, Returned) | (Forwarded, Returned) => true,
            (Submitted, Accepted) => !two_stage,
            (Forwarded, Accepted) => two_stage,
            (Accepted, Returned) => true,
            _ => false,
        }
    }
}

/// A school's standing on one request, as the completeness tables count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completeness {
    NotStarted,
    Draft,
    OnTime,
    Late,
    Returned,
    Accepted,
}

impl Completeness {
    pub const ALL: [Completeness; 6] = [
        Completeness::NotStarted,
        Completeness::Draft,
        Completeness::OnTime,
        Completeness::Late,
        Completeness::Returned,
        Completeness::Accepted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Completeness::NotStarted => "not_started",
            Completeness::Draft => "draft",
            Completeness::OnTime => "on_time",
            Completeness::Late => "late",
            Completeness::Returned => "returned",
            Completeness::Accepted => "accepted",
        }
    }

    pub fn parse(s: &str) -> Option<Completeness> {
        Completeness::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Classifies a school. `first_submitted_at` is the first submission's instant: a
    /// correction after a return keeps the punctuality of the first submission.
    pub fn of(status: Option<SubmissionStatus>, first_submitted_at: Option<i64>, deadline_at: i64) -> Completeness {
        match status {
            None => Completeness::NotStarted,
            Some(SubmissionStatus::Draft) => Completeness::Draft,
            Some(SubmissionStatus::Returned) => Completeness::Returned,
            Some(SubmissionStatus::Accepted) => Completeness::Accepted,
            Some(SubmissionStatus::Submitted | SubmissionStatus::Forwarded) => match first_submitted_at {
                Some(at) if !crate::report::deadline::on_time(deadline_at, at) => Completeness::Late,
                _ => Completeness::OnTime,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_stage_review() {
        use SubmissionStatus::*;
        assert!(Submitted.review_allows(Forwarded, true));
        assert!(!Submitted.review_allows(Accepted, true));
        assert!(Submitted.review_allows(Accepted, false));
        assert!(!Submitted.review_allows(Forwarded, false));
        assert!(Forwarded.review_allows(Accepted, true));
        assert!(Forwarded.review_allows(Returned, true));
        assert!(!Draft.review_allows(Accepted, true));
        assert!(!Returned.review_allows(Accepted, true));
    }

    #[test]
    fn counted_statuses() {
        assert!(SubmissionStatus::Submitted.is_counted());
        assert!(SubmissionStatus::Accepted.is_counted());
        assert!(!SubmissionStatus::Returned.is_counted());
        assert!(!SubmissionStatus::Draft.is_counted());
    }

    #[test]
    fn completeness_follows_first_submission() {
        let deadline = 1_000_000 * 60_000;
        let late = deadline + 60_000;
        assert_eq!(Completeness::of(None, None, deadline), Completeness::NotStarted);
        assert_eq!(Completeness::of(Some(SubmissionStatus::Submitted), Some(deadline), deadline), Completeness::OnTime);
        assert_eq!(Completeness::of(Some(SubmissionStatus::Forwarded), Some(late), deadline), Completeness::Late);
        assert_eq!(Completeness::of(Some(SubmissionStatus::Accepted), Some(late), deadline), Completeness::Accepted);
    }
}
