//! Staff records of the personnel map: who may list, open, edit and import them, and
//! who may read their protected personal data.
//!
//! Identity number, date of birth, phone and email are protected. They are shown only
//! to the person themself (the record's linked account), the leaders of the record's
//! school, and the department's personnel role. The department administrator
//! (`Role::DepartmentAdmin` on the province) is that personnel role: it already
//! manages the province's people and accounts. Department specialists, cluster boards,
//! commune officers and colleagues see the record without them. A deployment
//! administrator passes these checks too, as every check of `allows`.

use super::{Actor, SchoolFacts, covers_school, has_department_role, is_school_leader};
use crate::org::Role;

/// The facts of one staff record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffFacts {
    pub id: i64,
    pub school: SchoolFacts,
    /// The account linked to the record, when the person has one.
    pub user_id: Option<i64>,
}

impl StaffFacts {
    fn is_own(&self, actor: &Actor) -> bool {
        self.user_id == Some(actor.user_id)
    }
}

/// List a school's staff without protected data: everyone whose role reaches the school.
pub(super) fn may_list(actor: &Actor, school: &SchoolFacts) -> bool {
    actor.grants.iter().any(|grant| covers_school(grant, school))
}

/// Open one record without protected data: those who may list it, and the person.
pub(super) fn may_view(actor: &Actor, staff: &StaffFacts) -> bool {
    staff.is_own(actor) || may_list(actor, &staff.school)
}

/// Read the protected personal data of a record.
pub(super) fn may_view_personal(actor: &Actor, staff: &StaffFacts) -> bool {
    staff.is_own(actor) || is_personnel_manager(actor, &staff.school)
}

/// Edit every field of a record: the school's leaders and the department's personnel role.
pub(super) fn may_edit(actor: &Actor, staff: &StaffFacts) -> bool {
    is_personnel_manager(actor, &staff.school)
}

/// Correct one's own record: the person, on the fields about themself.
pub(super) fn may_correct_own(actor: &Actor, staff: &StaffFacts) -> bool {
    staff.is_own(actor)
}

/// Import a staff list into a school: those who edit every field, because a list
/// writes identity numbers, dates of birth and contact details too.
pub(super) fn may_import(actor: &Actor, school: &SchoolFacts) -> bool {
    is_personnel_manager(actor, school)
}

/// Import a list for the schools of a whole province: the department's personnel role.
pub(super) fn may_import_province(actor: &Actor, province: &str) -> bool {
    has_department_role(actor, province, &[Role::DepartmentAdmin])
}

fn is_personnel_manager(actor: &Actor, school: &SchoolFacts) -> bool {
    is_school_leader(actor, school.id) || has_department_role(actor, &school.province, &[Role::DepartmentAdmin])
}

#[cfg(test)]
mod tests {
    use super::super::{Action, Grant, allows};
    use super::*;
    use crate::org::Scope;

    fn actor(user_id: i64, role: Role, scope: Scope, province: &str) -> Actor {
        Actor { user_id, deployment_admin: false, grants: vec![Grant { role, scope, province: Some(province.to_owned()) }] }
    }

    fn record() -> StaffFacts {
        let school = SchoolFacts { id: 10, province: "79".into(), commune: Some("26734".into()), clusters: vec![3] };
        StaffFacts { id: 1, school, user_id: Some(7) }
    }

    #[test]
    fn personal_data_for_self_leaders_and_personnel() {
        let staff = record();
        let own = actor(7, Role::Teacher, Scope::School(10), "79");
        let leader = actor(2, Role::SchoolLeader, Scope::School(10), "79");
        let personnel = actor(3, Role::DepartmentAdmin, Scope::Province("79".into()), "79");
        for allowed in [&own, &leader, &personnel] {
            assert!(allows(allowed, Action::ViewStaffPersonalData { staff: &staff }));
        }
    }

    #[test]
    fn personal_data_refused_to_others() {
        let staff = record();
        let refused = [
            actor(8, Role::Teacher, Scope::School(10), "79"),
            actor(8, Role::CoreTeacher, Scope::School(10), "79"),
            actor(8, Role::Teacher, Scope::School(11), "79"),
            actor(8, Role::SchoolLeader, Scope::School(11), "79"),
            actor(8, Role::ClusterCoordinator, Scope::Cluster(3), "79"),
            actor(8, Role::CommuneOfficer, Scope::Commune("26734".into()), "79"),
            actor(8, Role::DepartmentSpecialist, Scope::Province("79".into()), "79"),
            actor(8, Role::DepartmentAdmin, Scope::Province("01".into()), "01"),
        ];
        for other in &refused {
            assert!(!allows(other, Action::ViewStaffPersonalData { staff: &staff }), "{:?}", other.grants);
        }
    }

    #[test]
    fn colleague_sees_record_without_personal_data() {
        let staff = record();
        let colleague = actor(8, Role::Teacher, Scope::School(10), "79");
        assert!(allows(&colleague, Action::ViewStaff { staff: &staff }));
        assert!(!allows(&colleague, Action::EditStaff { staff: &staff }));
        assert!(!allows(&colleague, Action::CorrectOwnStaffRecord { staff: &staff }));
    }

    #[test]
    fn other_school_and_province_cannot_open_record() {
        let staff = record();
        let teacher = actor(8, Role::Teacher, Scope::School(11), "79");
        let department = actor(8, Role::DepartmentAdmin, Scope::Province("01".into()), "01");
        assert!(!allows(&teacher, Action::ViewStaff { staff: &staff }));
        assert!(!allows(&department, Action::ViewStaff { staff: &staff }));
        assert!(!allows(&department, Action::ImportStaff { school: &staff.school }));
    }

    #[test]
    fn leaders_edit_and_import_teachers_correct_own() {
        let staff = record();
        let leader = actor(2, Role::SchoolLeader, Scope::School(10), "79");
        let own = actor(7, Role::Teacher, Scope::School(10), "79");
        let specialist = actor(3, Role::DepartmentSpecialist, Scope::Province("79".into()), "79");
        assert!(allows(&leader, Action::EditStaff { staff: &staff }));
        assert!(allows(&leader, Action::ImportStaff { school: &staff.school }));
        assert!(allows(&own, Action::CorrectOwnStaffRecord { staff: &staff }));
        assert!(!allows(&own, Action::EditStaff { staff: &staff }));
        assert!(!allows(&specialist, Action::ImportStaff { school: &staff.school }), "an import writes personal data");
        assert!(!allows(&specialist, Action::EditStaff { staff: &staff }));
    }

    #[test]
    fn only_personnel_role_imports_province() {
        let personnel = actor(3, Role::DepartmentAdmin, Scope::Province("79".into()), "79");
        assert!(allows(&personnel, Action::ImportProvinceStaff { province: "79" }));
        let refused = [
            actor(3, Role::DepartmentSpecialist, Scope::Province("79".into()), "79"),
            actor(2, Role::SchoolLeader, Scope::School(10), "79"),
            actor(8, Role::ClusterCoordinator, Scope::Cluster(3), "79"),
            actor(8, Role::CommuneOfficer, Scope::Commune("26734".into()), "79"),
            actor(8, Role::DepartmentAdmin, Scope::Province("01".into()), "01"),
        ];
        for other in &refused {
            assert!(!allows(other, Action::ImportProvinceStaff { province: "79" }), "{:?}", other.grants);
        }
    }
}
