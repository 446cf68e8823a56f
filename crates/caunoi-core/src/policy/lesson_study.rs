//! Rules on lesson study. The lesson-study group of an activity of kind
//! `lesson_study` is its organiser's side (those who manage the activity) and its
//! participants: people with a seat or marked present. The group reads everything and
//! writes the plan, notes and analysis forms. The organiser's side also sets the
//! criteria, writes and closes the summary, and sends the minutes. The board of a
//! cluster the minutes were sent to may read them too.

use super::activities::may_manage;
use super::{Actor, ActivityFacts, on_cluster_board};

/// The facts the policy needs about a lesson study, seen from one actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonStudyFacts {
    pub activity: ActivityFacts,
    /// The activity's kind is `lesson_study`.
    pub is_lesson_study: bool,
    pub cancelled: bool,
    /// The actor has a seat (not a place on the waiting list) or was marked present.
    pub actor_participant: bool,
}

pub(super) fn may_view(actor: &Actor, lesson: &LessonStudyFacts) -> bool {
    lesson.is_lesson_study && (may_manage(actor, &lesson.activity) || lesson.actor_participant)
}

/// Write the plan, notes and one's own analysis form: the group, until the activity
/// is cancelled.
pub(super) fn may_contribute(actor: &Actor, lesson: &LessonStudyFacts) -> bool {
    !lesson.cancelled && may_view(actor, lesson)
}

/// Set the criteria, write and close the summary, send the minutes.
pub(super) fn may_lead(actor: &Actor, lesson: &LessonStudyFacts) -> bool {
    lesson.is_lesson_study && !lesson.cancelled && may_manage(actor, &lesson.activity)
}

pub(super) fn may_view_minutes(actor: &Actor, lesson: &LessonStudyFacts, sent_to_clusters: &[i64]) -> bool {
    may_view(actor, lesson) || sent_to_clusters.iter().any(|cluster| on_cluster_board(actor, *cluster))
}

#[cfg(test)]
mod tests {
    use super::super::{Action, Grant, allows};
    use super::*;
    use crate::activity::{Openness, Organiser};
    use crate::org::{Role, Scope};

    fn actor(role: Role, scope: Scope, province: &str) -> Actor {
        Actor { user_id: 7, deployment_admin: false, grants: vec![Grant { role, scope, province: Some(province.into()) }] }
    }

    fn lesson(organiser: Organiser, participant: bool) -> LessonStudyFacts {
        LessonStudyFacts {
            activity: ActivityFacts {
                id: 1,
                province: "79".into(),
                organiser,
                published: true,
                openness: Openness::Audience,
                actor_in_audience: true,
                actor_led_schools: vec![],
                actor_registered: participant,
            },
            is_lesson_study: true,
            cancelled: false,
            actor_participant: participant,
        }
    }

    #[test]
    fn participants_contribute_but_do_not_lead() {
        let teacher = actor(Role::Teacher, Scope::School(10), "79");
        let facts = lesson(Organiser::Cluster(3), true);
        assert!(allows(&teacher, Action::ContributeLessonStudy { lesson: &facts }));
        assert!(!allows(&teacher, Action::LeadLessonStudy { lesson: &facts }));
    }

    #[test]
    fn non_participant_is_refused() {
        let teacher = actor(Role::Teacher, Scope::School(10), "79");
        assert!(!allows(&teacher, Action::ViewLessonStudy { lesson: &lesson(Organiser::Cluster(3), false) }));
    }

    #[test]
    fn other_cluster_and_province_are_refused() {
        let facts = lesson(Organiser::Cluster(3), false);
        let other_board = actor(Role::ClusterCoordinator, Scope::Cluster(4), "79");
        let other_province = actor(Role::DepartmentSpecialist, Scope::Province("01".into()), "01");
        assert!(!allows(&other_board, Action::ViewLessonStudy { lesson: &facts }));
        assert!(!allows(&other_province, Action::ViewLessonStudy { lesson: &facts }));
        assert!(allows(&actor(Role::BoardMember, Scope::Cluster(3), "79"), Action::LeadLessonStudy { lesson: &facts }));
    }

    #[test]
    fn other_kinds_and_cancelled_are_closed() {
        let board = actor(Role::ClusterCoordinator, Scope::Cluster(3), "79");
        let seminar = LessonStudyFacts { is_lesson_study: false, ..lesson(Organiser::Cluster(3), false) };
        let cancelled = LessonStudyFacts { cancelled: true, ..lesson(Organiser::Cluster(3), false) };
        assert!(!allows(&board, Action::ViewLessonStudy { lesson: &seminar }));
        assert!(allows(&board, Action::ViewLessonStudy { lesson: &cancelled }));
        assert!(!allows(&board, Action::ContributeLessonStudy { lesson: &cancelled }));
    }

    #[test]
    fn minutes_reach_the_boards_they_were_sent_to() {
        let facts = lesson(Organiser::School(10), false);
        let board = actor(Role::BoardMember, Scope::Cluster(3), "79");
        assert!(!allows(&board, Action::ViewLessonMinutes { lesson: &facts, sent_to_clusters: &[] }));
        assert!(allows(&board, Action::ViewLessonMinutes { lesson: &facts, sent_to_clusters: &[3] }));
        assert!(!allows(&board, Action::ViewLessonMinutes { lesson: &facts, sent_to_clusters: &[4] }));
    }
}
