//! Registration for an activity: seats up to the capacity, then a waiting list in
//! order of registration. A freed seat goes to the first person waiting.

use serde::{Deserialize, Serialize};

use super::ActivityStatus;

/// A person's place for one activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Registered,
    Waitlisted,
    Cancelled,
}

impl RegistrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Registered => "registered",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<RegistrationStatus> {
        [RegistrationStatus::Registered, RegistrationStatus::Waitlisted, RegistrationStatus::Cancelled]
            .into_iter()
            .find(|status| status.as_str() == s)
    }

    /// Holds a seat or a place in the queue.
    pub fn is_active(self) -> bool {
        !matches!(self, RegistrationStatus::Cancelled)
    }
}

/// Reason a registration is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationRefusal {
    /// The activity is a draft or was cancelled.
    NotOpen,
    /// The registration deadline has passed.
    DeadlinePassed,
    /// The activity has already started.
    Started,
}

impl RegistrationRefusal {
    pub fn message_id(self) -> &'static str {
        match self {
            RegistrationRefusal::NotOpen => "activity-register-not-open",
            RegistrationRefusal::DeadlinePassed => "activity-register-deadline-passed",
            RegistrationRefusal::Started => "activity-register-started",
        }
    }
}

/// Checks that registration (or a nomination) is open at `now`. The deadline is
/// inclusive; without one, registration closes when the activity starts.
pub fn check_open(
    status: ActivityStatus,
    registration_deadline: Option<i64>,
    starts_at: i64,
    now: i64,
) -> Result<(), RegistrationRefusal> {
    if status != ActivityStatus::Published {
        return Err(RegistrationRefusal::NotOpen);
    }
    if registration_deadline.is_some_and(|deadline| now > deadline) {
        return Err(RegistrationRefusal::DeadlinePassed);
    }
    if now >= starts_at {
        return Err(RegistrationRefusal::Started);
    }
    Ok(())
}

/// Returns the place a new registration gets when `registered` seats are taken.
pub fn admit(capacity: Option<i64>, registered: i64) -> RegistrationStatus {
    match capacity {
        Some(capacity) if registered >= capacity => RegistrationStatus::Waitlisted,
        _ => RegistrationStatus::Registered,
    }
}

/// Counts the people at the head of the waiting list move up when `registered` seats
/// are taken and `waiting` people wait: after a cancellation or a larger capacity.
pub fn promotions(capacity: Option<i64>, registered: i64, waiting: i64) -> i64 {
    let free = match capacity {
        Some(capacity) => (capacity - registered).max(0),
        None => waiting,
    };
    free.min(waiting.max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_activity_waitlists() {
        assert_eq!(admit(Some(2), 1), RegistrationStatus::Registered);
        assert_eq!(admit(Some(2), 2), RegistrationStatus::Waitlisted);
        assert_eq!(admit(None, 10_000), RegistrationStatus::Registered);
    }

    #[test]
    fn freed_seats_promote_the_head() {
        assert_eq!(promotions(Some(3), 2, 5), 1);
        assert_eq!(promotions(Some(3), 3, 5), 0);
        assert_eq!(promotions(None, 3, 5), 5);
        assert_eq!(promotions(Some(10), 3, 2), 2);
    }

    #[test]
    fn deadline_is_inclusive() {
        let open = check_open(ActivityStatus::Published, Some(100), 200, 100);
        assert_eq!(open, Ok(()));
        let late = check_open(ActivityStatus::Published, Some(100), 200, 101);
        assert_eq!(late, Err(RegistrationRefusal::DeadlinePassed));
    }

    #[test]
    fn closes_at_start() {
        assert_eq!(check_open(ActivityStatus::Published, None, 200, 200), Err(RegistrationRefusal::Started));
    }

    #[test]
    fn drafts_refuse() {
        assert_eq!(check_open(ActivityStatus::Draft, None, 200, 0), Err(RegistrationRefusal::NotOpen));
    }
}
