//! Rules on feedback surveys and their results.
//!
//! The organiser's side of an activity attaches and manages its survey and reads its
//! results. Department staff read the results of every survey of their province, and a
//! cluster's board those of its cluster. Participants (attendees, or registrants when
//! attendance was not marked) answer. Templates belong to a department or a cluster.
//! Every result is subject to the small-group rule of `survey::suppression`.

use super::activities::may_manage;
use super::{Actor, ActivityFacts, ClusterFacts, DEPARTMENT_ROLES, has_department_role, on_cluster_board};

/// The facts the policy needs about a survey, seen from one actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyFacts {
    pub activity: ActivityFacts,
    /// The actor attended the activity, or registered when attendance was not marked.
    pub actor_participant: bool,
}

/// Attach, edit and remind: the organiser's side of the activity.
pub(super) fn may_manage_survey(actor: &Actor, activity: &ActivityFacts) -> bool {
    may_manage(actor, activity)
}

/// Read a survey's aggregated results: the organiser's side and the department of the
/// activity's province.
pub(super) fn may_view_results(actor: &Actor, activity: &ActivityFacts) -> bool {
    may_manage(actor, activity) || has_department_role(actor, &activity.province, DEPARTMENT_ROLES)
}

pub(super) fn may_answer(survey: &SurveyFacts) -> bool {
    survey.actor_participant
}

/// Read grouped results: the department for its whole province (`cluster: None`) or
/// any cluster of it, and a cluster's board for that cluster.
pub(super) fn may_view_aggregates(actor: &Actor, province: &str, cluster: Option<&ClusterFacts>) -> bool {
    if has_department_role(actor, province, DEPARTMENT_ROLES) {
        return cluster.is_none_or(|c| c.province == province);
    }
    cluster.is_some_and(|c| c.province == province && on_cluster_board(actor, c.id))
}

/// Create and edit templates of the department (`cluster: None`) or of a cluster.
pub(super) fn may_manage_templates(actor: &Actor, province: &str, cluster: Option<&ClusterFacts>) -> bool {
    may_view_aggregates(actor, province, cluster)
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

    fn activity(organiser: Organiser) -> ActivityFacts {
        ActivityFacts {
            id: 1,
            province: "79".into(),
            organiser,
            published: true,
            openness: Openness::Audience,
            actor_in_audience: true,
            actor_led_schools: vec![],
            actor_registered: true,
        }
    }

    #[test]
    fn organiser_and_department_read_results() {
        let facts = activity(Organiser::Cluster(3));
        assert!(allows(&actor(Role::ClusterCoordinator, Scope::Cluster(3), "79"), Action::ViewSurveyResults { activity: &facts }));
        assert!(allows(&actor(Role::DepartmentSpecialist, Scope::Province("79".into()), "79"), Action::ViewSurveyResults { activity: &facts }));
        assert!(!allows(&actor(Role::ClusterCoordinator, Scope::Cluster(4), "79"), Action::ViewSurveyResults { activity: &facts }));
        assert!(!allows(&actor(Role::Teacher, Scope::School(10), "79"), Action::ViewSurveyResults { activity: &facts }));
        assert!(!allows(&actor(Role::DepartmentSpecialist, Scope::Province("01".into()), "01"), Action::ViewSurveyResults { activity: &facts }));
    }

    #[test]
    fn only_participants_answer() {
        let teacher = actor(Role::Teacher, Scope::School(10), "79");
        let attended = SurveyFacts { activity: activity(Organiser::Cluster(3)), actor_participant: true };
        let absent = SurveyFacts { actor_participant: false, ..attended.clone() };
        assert!(allows(&teacher, Action::AnswerSurvey { survey: &attended }));
        assert!(!allows(&teacher, Action::AnswerSurvey { survey: &absent }));
    }

    #[test]
    fn aggregates_stay_in_scope() {
        let cluster = ClusterFacts { id: 3, province: "79".into() };
        let other = ClusterFacts { id: 4, province: "79".into() };
        let board = actor(Role::BoardMember, Scope::Cluster(3), "79");
        let department = actor(Role::DepartmentAdmin, Scope::Province("79".into()), "79");
        let hanoi = actor(Role::DepartmentAdmin, Scope::Province("01".into()), "01");
        assert!(allows(&board, Action::ViewSurveyAggregates { province: "79", cluster: Some(&cluster) }));
        assert!(!allows(&board, Action::ViewSurveyAggregates { province: "79", cluster: Some(&other) }));
        assert!(!allows(&board, Action::ViewSurveyAggregates { province: "79", cluster: None }));
        assert!(allows(&department, Action::ViewSurveyAggregates { province: "79", cluster: None }));
        assert!(allows(&department, Action::ViewSurveyAggregates { province: "79", cluster: Some(&other) }));
        assert!(!allows(&hanoi, Action::ViewSurveyAggregates { province: "79", cluster: None }));
        assert!(!allows(&hanoi, Action::ManageSurveyTemplates { province: "79", cluster: None }));
        assert!(!allows(&actor(Role::SchoolLeader, Scope::School(10), "79"), Action::ViewSurveyAggregates { province: "79", cluster: None }));
    }
}
