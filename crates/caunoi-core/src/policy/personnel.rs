//! Rules on the personnel map: teaching loads, shortage figures, class counts and
//! staffing rule sets.
//!
//! A school's leaders see their own school's figures, a cluster's board those of its
//! cluster, and the department those of its province. Class counts are edited by the
//! school's leaders and the department. Rule sets are the department's. A teacher can
//! read their own load.

use super::{Actor, ClusterFacts, DEPARTMENT_ROLES, SchoolFacts, StaffFacts, has_department_role, is_school_leader, on_cluster_board};

/// The part of a province a set of personnel figures covers.
#[derive(Debug, Clone, Copy)]
pub enum PersonnelScope<'a> {
    Province(&'a str),
    Cluster(&'a ClusterFacts),
    School(&'a SchoolFacts),
}

pub(super) fn may_view_figures(actor: &Actor, scope: PersonnelScope<'_>) -> bool {
    match scope {
        PersonnelScope::Province(province) => has_department_role(actor, province, DEPARTMENT_ROLES),
        PersonnelScope::Cluster(cluster) => {
            has_department_role(actor, &cluster.province, DEPARTMENT_ROLES) || on_cluster_board(actor, cluster.id)
        }
        PersonnelScope::School(school) => {
            has_department_role(actor, &school.province, DEPARTMENT_ROLES)
                || is_school_leader(actor, school.id)
                || school.clusters.iter().any(|cluster| on_cluster_board(actor, *cluster))
        }
    }
}

/// Edit a school's classes per grade: its leaders and the department.
pub(super) fn may_edit_classes(actor: &Actor, school: &SchoolFacts) -> bool {
    has_department_role(actor, &school.province, DEPARTMENT_ROLES) || is_school_leader(actor, school.id)
}

/// Copy, edit and activate the province's own rule sets: the department.
pub(super) fn may_manage_rules(actor: &Actor, province: &str) -> bool {
    has_department_role(actor, province, DEPARTMENT_ROLES)
}

/// Read one staff member's quota and load: the person, and every role that may read
/// their school's figures.
pub(super) fn may_view_load(actor: &Actor, staff: &StaffFacts) -> bool {
    staff.user_id == Some(actor.user_id) || may_view_figures(actor, PersonnelScope::School(&staff.school))
}

#[cfg(test)]
mod tests {
    use super::super::{Action, Grant, allows};
    use super::*;
    use crate::org::{Role, Scope};

    fn actor(user_id: i64, role: Role, scope: Scope) -> Actor {
        Actor { user_id, deployment_admin: false, grants: vec![Grant { role, scope, province: Some("79".into()) }] }
    }

    fn school(id: i64, cluster: i64) -> SchoolFacts {
        SchoolFacts { id, province: "79".into(), commune: Some("26743".into()), clusters: vec![cluster] }
    }

    fn view(actor: &Actor, scope: PersonnelScope<'_>) -> bool {
        allows(actor, Action::ViewPersonnel { scope })
    }

    #[test]
    fn each_role_sees_its_own_scope() {
        let specialist = actor(1, Role::DepartmentSpecialist, Scope::Province("79".into()));
        let board = actor(2, Role::BoardMember, Scope::Cluster(3));
        let leader = actor(3, Role::SchoolLeader, Scope::School(10));
        let own_cluster = ClusterFacts { id: 3, province: "79".into() };
        let other_cluster = ClusterFacts { id: 4, province: "79".into() };

        assert!(view(&specialist, PersonnelScope::Province("79")));
        assert!(!view(&specialist, PersonnelScope::Province("01")));
        assert!(!view(&board, PersonnelScope::Province("79")));
        assert!(view(&board, PersonnelScope::Cluster(&own_cluster)));
        assert!(!view(&board, PersonnelScope::Cluster(&other_cluster)));
        assert!(view(&board, PersonnelScope::School(&school(10, 3))));
        assert!(!view(&board, PersonnelScope::School(&school(11, 4))));
        assert!(view(&leader, PersonnelScope::School(&school(10, 3))));
        assert!(!view(&leader, PersonnelScope::School(&school(12, 3))));
        assert!(!view(&leader, PersonnelScope::Cluster(&own_cluster)));
    }

    #[test]
    fn teacher_sees_own_load_only() {
        let teacher = actor(5, Role::Teacher, Scope::School(10));
        let own = StaffFacts { id: 1, user_id: Some(5), school: school(10, 3) };
        let colleague = StaffFacts { id: 2, user_id: Some(6), school: school(10, 3) };
        assert!(allows(&teacher, Action::ViewStaffLoad { staff: &own }));
        assert!(!allows(&teacher, Action::ViewStaffLoad { staff: &colleague }));
        assert!(!allows(&teacher, Action::EditClassCounts { school: &school(10, 3) }));
    }

    #[test]
    fn rules_belong_to_the_department() {
        let admin = actor(1, Role::DepartmentAdmin, Scope::Province("79".into()));
        let leader = actor(3, Role::SchoolLeader, Scope::School(10));
        assert!(allows(&admin, Action::ManageStaffingRules { province: "79" }));
        assert!(!allows(&admin, Action::ManageStaffingRules { province: "01" }));
        assert!(!allows(&leader, Action::ManageStaffingRules { province: "79" }));
        assert!(allows(&leader, Action::EditClassCounts { school: &school(10, 3) }));
    }
}
