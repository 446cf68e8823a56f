//! Professional-development activities: seminars, workshops, lesson study,
//! demonstration lessons and observations that the department, a cluster or a school
//! organises, with registration, a waiting list, check-in and credited hours.

pub mod calendar;
pub mod checkin;
pub mod plan;
pub mod recording;
pub mod registration;

use serde::{Deserialize, Serialize};

/// Maximum length of an activity: a workshop may run over several days.
pub const MAX_DURATION_MS: i64 = 14 * 24 * 3_600_000;

/// The kinds of professional-development activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// Hội thảo.
    Seminar,
    /// Sinh hoạt chuyên đề.
    ThematicWorkshop,
    /// Nghiên cứu bài học.
    LessonStudy,
    /// Dạy minh họa.
    DemonstrationLesson,
    /// Tiết dạy mẫu.
    ModelLesson,
    /// Dự giờ.
    ClassroomObservation,
    /// Sinh hoạt cộng đồng học tập (PLC).
    PlcMeeting,
    /// Trao đổi kinh nghiệm.
    ExperienceSharing,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 8] = [
        ActivityKind::Seminar,
        ActivityKind::ThematicWorkshop,
        ActivityKind::LessonStudy,
        ActivityKind::DemonstrationLesson,
        ActivityKind::ModelLesson,
        ActivityKind::ClassroomObservation,
        ActivityKind::PlcMeeting,
        ActivityKind::ExperienceSharing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Seminar => "seminar",
            ActivityKind::ThematicWorkshop => "thematic_workshop",
            ActivityKind::LessonStudy => "lesson_study",
            ActivityKind::DemonstrationLesson => "demonstration_lesson",
            ActivityKind::ModelLesson => "model_lesson",
            ActivityKind::ClassroomObservation => "classroom_observation",
            ActivityKind::PlcMeeting => "plc_meeting",
            ActivityKind::ExperienceSharing => "experience_sharing",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|kind| kind.as_str() == s)
    }
}

/// The stage of an activity. Whether it has taken place follows from its end time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    Draft,
    Published,
    Cancelled,
}

impl ActivityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Draft => "draft",
            ActivityStatus::Published => "published",
            ActivityStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityStatus> {
        [ActivityStatus::Draft, ActivityStatus::Published, ActivityStatus::Cancelled]
            .into_iter()
            .find(|status| status.as_str() == s)
    }
}

/// Organiser of an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Organiser {
    Department,
    Cluster(i64),
    School(i64),
}

impl Organiser {
    /// Returns the value of the `organiser_kind` column.
    pub fn kind_str(self) -> &'static str {
        match self {
            Organiser::Department => "department",
            Organiser::Cluster(_) => "cluster",
            Organiser::School(_) => "school",
        }
    }

    /// Rebuilds an organiser from the `organiser_kind`, `cluster_id` and `school_id`
    /// columns.
    pub fn from_columns(kind: &str, cluster: Option<i64>, school: Option<i64>) -> Option<Organiser> {
        match (kind, cluster, school) {
            ("department", _, _) => Some(Organiser::Department),
            ("cluster", Some(cluster), _) => Some(Organiser::Cluster(cluster)),
            ("school", _, Some(school)) => Some(Organiser::School(school)),
            _ => None,
        }
    }

    pub fn cluster(self) -> Option<i64> {
        match self {
            Organiser::Cluster(id) => Some(id),
            _ => None,
        }
    }

    pub fn school(self) -> Option<i64> {
        match self {
            Organiser::School(id) => Some(id),
            _ => None,
        }
    }
}

/// Reach of registration beyond the audience the organiser chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Openness {
    /// Only people of the schools (and roles) in the audience.
    Audience,
    /// Anyone working in a school of the organiser's province.
    Province,
    /// Anyone signed in, from any province: shared activities.
    Everyone,
}

impl Openness {
    pub fn as_str(self) -> &'static str {
        match self {
            Openness::Audience => "audience",
            Openness::Province => "province",
            Openness::Everyone => "everyone",
        }
    }

    pub fn parse(s: &str) -> Option<Openness> {
        [Openness::Audience, Openness::Province, Openness::Everyone].into_iter().find(|o| o.as_str() == s)
    }
}

/// Reason a schedule is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleError {
    /// The end is not after the start.
    EndsBeforeStart,
    /// Longer than [`MAX_DURATION_MS`].
    TooLong,
    /// The registration deadline falls after the start.
    DeadlineAfterStart,
}

impl ScheduleError {
    /// Returns the Fluent id of the message shown beside the field.
    pub fn message_id(self) -> &'static str {
        match self {
            ScheduleError::EndsBeforeStart => "activity-error-ends-before-start",
            ScheduleError::TooLong => "activity-error-too-long",
            ScheduleError::DeadlineAfterStart => "activity-error-deadline-after-start",
        }
    }
}

/// Checks the instants of an activity (Unix ms UTC).
pub fn check_schedule(starts_at: i64, ends_at: i64, registration_deadline: Option<i64>) -> Result<(), ScheduleError> {
    if ends_at <= starts_at {
        return Err(ScheduleError::EndsBeforeStart);
    }
    if ends_at - starts_at > MAX_DURATION_MS {
        return Err(ScheduleError::TooLong);
    }
    if registration_deadline.is_some_and(|deadline| deadline > starts_at) {
        return Err(ScheduleError::DeadlineAfterStart);
    }
    Ok(())
}

/// Minutes credited to each attendee when the organiser sets none: the length of the
/// activity, rounded to the nearest quarter hour, and at most 8 hours a day.
pub fn default_credit_minutes(starts_at: i64, ends_at: i64) -> i64 {
    let minutes = (ends_at - starts_at).max(0) / 60_000;
    let rounded = (minutes + 7) / 15 * 15;
    let days = (ends_at - starts_at).max(0) / (24 * 3_600_000) + 1;
    rounded.min(days * 8 * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn kinds_round_trip() {
        for kind in ActivityKind::ALL {
            assert_eq!(ActivityKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn organiser_from_columns() {
        assert_eq!(Organiser::from_columns("cluster", Some(3), None), Some(Organiser::Cluster(3)));
        assert_eq!(Organiser::from_columns("school", None, None), None);
    }

    #[test]
    fn schedule_rules() {
        assert_eq!(check_schedule(HOUR, HOUR, None), Err(ScheduleError::EndsBeforeStart));
        assert_eq!(check_schedule(0, 15 * 24 * HOUR, None), Err(ScheduleError::TooLong));
        assert_eq!(check_schedule(HOUR, 2 * HOUR, Some(HOUR + 1)), Err(ScheduleError::DeadlineAfterStart));
        assert_eq!(check_schedule(HOUR, 2 * HOUR, Some(HOUR)), Ok(()));
    }

    #[test]
    fn credit_rounds_to_quarter_hours() {
        assert_eq!(default_credit_minutes(0, 2 * HOUR + 8 * 60_000), 2 * 60 + 15);
        assert_eq!(default_credit_minutes(0, 2 * HOUR + 7 * 60_000), 2 * 60);
    }

    #[test]
    fn credit_caps_a_full_day() {
        assert_eq!(default_credit_minutes(0, 20 * HOUR), 8 * 60);
    }
}
