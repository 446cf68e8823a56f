//! Rules on professional-development activities and the clusters' activity plans.
//!
//! The department organises for its province, a cluster board for its cluster and a
//! school's leaders for their school; the organiser's side edits, publishes, cancels
//! and marks attendance. Department staff oversee every activity of their province.
//! Once published, an activity is seen by the people its audience reaches, and, by
//! its openness, by anyone working in the province or anyone signed in. Leaders of a
//! reached school nominate their teachers.

use super::{Actor, ClusterFacts, DEPARTMENT_ROLES, SchoolFacts, has_department_role, in_province, is_school_leader, on_cluster_board};
use crate::activity::{Openness, Organiser};

/// The facts the policy needs about an activity, seen from one actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityFacts {
    pub id: i64,
    pub province: String,
    pub organiser: Organiser,
    pub published: bool,
    pub openness: Openness,
    /// The actor works in a school the audience reaches, in a role it targets.
    pub actor_in_audience: bool,
    /// The schools reached by the audience among those the actor leads.
    pub actor_led_schools: Vec<i64>,
    /// The actor has an active registration (or is waiting).
    pub actor_registered: bool,
}

pub(super) fn may_organise(actor: &Actor, province: &str, organiser: Organiser, cluster: Option<&ClusterFacts>) -> bool {
    match organiser {
        Organiser::Department => has_department_role(actor, province, DEPARTMENT_ROLES),
        Organiser::Cluster(id) => {
            cluster.is_some_and(|c| c.id == id && c.province == province)
                && (has_department_role(actor, province, DEPARTMENT_ROLES) || on_cluster_board(actor, id))
        }
        Organiser::School(id) => is_school_leader(actor, id),
    }
}

/// Decides the organiser's side: edit, publish, cancel, registrations and attendance.
pub(super) fn may_manage(actor: &Actor, activity: &ActivityFacts) -> bool {
    match activity.organiser {
        Organiser::Department => has_department_role(actor, &activity.province, DEPARTMENT_ROLES),
        Organiser::Cluster(id) => on_cluster_board(actor, id) || has_department_role(actor, &activity.province, DEPARTMENT_ROLES),
        Organiser::School(id) => is_school_leader(actor, id),
    }
}

pub(super) fn may_view(actor: &Actor, activity: &ActivityFacts) -> bool {
    if may_manage(actor, activity) || has_department_role(actor, &activity.province, DEPARTMENT_ROLES) {
        return true;
    }
    activity.published && (activity.actor_registered || may_join(actor, activity) || !activity.actor_led_schools.is_empty())
}

/// Register oneself: a published activity whose audience or openness reaches the actor.
pub(super) fn may_register(actor: &Actor, activity: &ActivityFacts) -> bool {
    activity.published && may_join(actor, activity)
}

/// Nominate teachers of `school`: its leaders, when the audience reaches the school
/// or the activity is open to the province or to everyone.
pub(super) fn may_nominate(actor: &Actor, activity: &ActivityFacts, school: i64) -> bool {
    activity.published
        && is_school_leader(actor, school)
        && (activity.actor_led_schools.contains(&school) || activity.openness != Openness::Audience)
}

/// Draw up and edit a cluster's activity plan: its board and department staff.
pub(super) fn may_plan(actor: &Actor, cluster: &ClusterFacts) -> bool {
    on_cluster_board(actor, cluster.id) || has_department_role(actor, &cluster.province, DEPARTMENT_ROLES)
}

/// Read the development records of a school's staff: its leaders and the department
/// staff of its province. Teachers, cluster boards and commune officers may not: a
/// record is personal, and each person reads their own on their own page.
pub(super) fn may_view_records(actor: &Actor, school: &SchoolFacts) -> bool {
    is_school_leader(actor, school.id) || has_department_role(actor, &school.province, DEPARTMENT_ROLES)
}

fn may_join(actor: &Actor, activity: &ActivityFacts) -> bool {
    match activity.openness {
        Openness::Audience => activity.actor_in_audience,
        Openness::Province => activity.actor_in_audience || actor.grants.iter().any(|g| in_province(g, &activity.province)),
        Openness::Everyone => !actor.grants.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Action, Grant, allows};
    use super::*;
    use crate::org::{Role, Scope};

    fn actor(role: Role, scope: Scope) -> Actor {
        Actor { user_id: 7, deployment_admin: false, grants: vec![Grant { role, scope, province: Some("79".into()) }] }
    }

    fn facts(organiser: Organiser) -> ActivityFacts {
        ActivityFacts {
            id: 1,
            province: "79".into(),
            organiser,
            published: true,
            openness: Openness::Audience,
            actor_in_audience: false,
            actor_led_schools: vec![],
            actor_registered: false,
        }
    }

    #[test]
    fn board_manages_its_cluster() {
        let board = actor(Role::ClusterCoordinator, Scope::Cluster(3));
        assert!(allows(&board, Action::ManageActivity { activity: &facts(Organiser::Cluster(3)) }));
        assert!(!allows(&board, Action::ManageActivity { activity: &facts(Organiser::Cluster(4)) }));
    }

    #[test]
    fn teacher_outside_audience_is_refused() {
        let teacher = actor(Role::Teacher, Scope::School(10));
        assert!(!allows(&teacher, Action::ViewActivity { activity: &facts(Organiser::Cluster(3)) }));
        assert!(!allows(&teacher, Action::RegisterForActivity { activity: &facts(Organiser::Cluster(3)) }));
    }

    #[test]
    fn province_openness_admits_teachers() {
        let teacher = actor(Role::Teacher, Scope::School(10));
        let open = ActivityFacts { openness: Openness::Province, ..facts(Organiser::Cluster(3)) };
        assert!(allows(&teacher, Action::RegisterForActivity { activity: &open }));
    }

    #[test]
    fn other_province_is_refused() {
        let mut teacher = actor(Role::Teacher, Scope::School(10));
        teacher.grants[0].province = Some("01".into());
        let open = ActivityFacts { openness: Openness::Province, ..facts(Organiser::Cluster(3)) };
        assert!(!allows(&teacher, Action::ViewActivity { activity: &open }));
    }

    #[test]
    fn drafts_stay_with_the_organiser() {
        let teacher = actor(Role::Teacher, Scope::School(10));
        let draft = ActivityFacts { published: false, actor_in_audience: true, ..facts(Organiser::Cluster(3)) };
        assert!(!allows(&teacher, Action::ViewActivity { activity: &draft }));
    }

    #[test]
    fn leaders_nominate_for_reached_schools() {
        let leader = actor(Role::SchoolLeader, Scope::School(10));
        let reached = ActivityFacts { actor_led_schools: vec![10], ..facts(Organiser::Cluster(3)) };
        assert!(allows(&leader, Action::NominateForActivity { activity: &reached, school: 10 }));
        assert!(!allows(&leader, Action::NominateForActivity { activity: &reached, school: 11 }));
    }

    #[test]
    fn records_are_for_leaders_and_department() {
        let school = SchoolFacts { id: 10, province: "79".into(), commune: Some("26743".into()), clusters: vec![3] };
        let elsewhere = SchoolFacts { id: 11, ..school.clone() };
        let leader = actor(Role::SchoolLeader, Scope::School(10));
        assert!(allows(&leader, Action::ViewDevelopmentRecords { school: &school }));
        assert!(!allows(&leader, Action::ViewDevelopmentRecords { school: &elsewhere }));
        let specialist = actor(Role::DepartmentSpecialist, Scope::Province("79".into()));
        assert!(allows(&specialist, Action::ViewDevelopmentRecords { school: &elsewhere }));
        for (role, scope) in [
            (Role::Teacher, Scope::School(10)),
            (Role::CoreTeacher, Scope::School(10)),
            (Role::ClusterCoordinator, Scope::Cluster(3)),
            (Role::CommuneOfficer, Scope::Commune("26743".into())),
        ] {
            assert!(!allows(&actor(role, scope), Action::ViewDevelopmentRecords { school: &school }), "{role:?}");
        }
        let mut other_province = actor(Role::DepartmentSpecialist, Scope::Province("01".into()));
        other_province.grants[0].province = Some("01".into());
        assert!(!allows(&other_province, Action::ViewDevelopmentRecords { school: &school }));
    }

    #[test]
    fn school_organises_for_itself() {
        let leader = actor(Role::SchoolLeader, Scope::School(10));
        let own = Action::OrganiseActivity { province: "79", organiser: Organiser::School(10), cluster: None };
        let other = Action::OrganiseActivity { province: "79", organiser: Organiser::School(11), cluster: None };
        assert!(allows(&leader, own));
        assert!(!allows(&leader, other));
    }
}
