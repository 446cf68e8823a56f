//! Rules on recorded lessons.
//!
//! Classroom videos show children, so a recording reaches beyond the people of the
//! lesson only as far as the families' consent allows. The organiser's side, the
//! uploader and those who attended the activity (marked present, or checked in with
//! the code shown at the session) may always watch. Registering is self-service, so
//! it lets a person upload but not watch. Consent for the cluster adds the people of
//! the activity's cluster and the department; consent for the province adds anyone
//! working in the province.

use super::activities::may_manage;
use super::{ActivityFacts, Actor, DEPARTMENT_ROLES, has_department_role, in_province};
use crate::activity::recording::Consent;

/// The facts the policy needs about a recording, seen from one actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingFacts {
    pub id: i64,
    pub activity: ActivityFacts,
    pub consent: Consent,
    pub uploaded_by: i64,
    /// The actor attended the activity: marked present, or checked in with its code.
    pub actor_attended: bool,
    /// The actor sits on the board of the activity's cluster or works in one of its
    /// schools. The cluster of a school's activity is the school's cluster.
    pub actor_in_cluster: bool,
}

/// Upload a recording to an activity: its lesson-study group, once it is published.
pub(super) fn may_upload(actor: &Actor, activity: &ActivityFacts, actor_in_group: bool) -> bool {
    may_manage(actor, activity) || (activity.published && actor_in_group)
}

pub(super) fn may_view(actor: &Actor, recording: &RecordingFacts) -> bool {
    if may_manage(actor, &recording.activity) || recording.actor_attended || recording.uploaded_by == actor.user_id {
        return true;
    }
    let province = recording.activity.province.as_str();
    match recording.consent {
        Consent::Pending => false,
        Consent::Cluster => recording.actor_in_cluster || has_department_role(actor, province, DEPARTMENT_ROLES),
        Consent::Province => actor.grants.iter().any(|grant| in_province(grant, province)),
    }
}

/// Set the consent status: the organiser's side, which is responsible for the
/// families' consent.
pub(super) fn may_manage_recording(actor: &Actor, recording: &RecordingFacts) -> bool {
    may_manage(actor, &recording.activity)
}

/// Delete a recording: the organiser's side, or the person who uploaded it.
pub(super) fn may_delete(actor: &Actor, recording: &RecordingFacts) -> bool {
    may_manage(actor, &recording.activity) || recording.uploaded_by == actor.user_id
}

#[cfg(test)]
mod tests {
    use super::super::{Action, Grant, allows};
    use super::*;
    use crate::activity::{Openness, Organiser};
    use crate::org::{Role, Scope};

    fn actor(user_id: i64, role: Role, scope: Scope, province: &str) -> Actor {
        Actor { user_id, deployment_admin: false, grants: vec![Grant { role, scope, province: Some(province.into()) }] }
    }

    fn recording(consent: Consent) -> RecordingFacts {
        RecordingFacts {
            id: 5,
            activity: ActivityFacts {
                id: 1,
                province: "79".into(),
                organiser: Organiser::Cluster(3),
                published: true,
                openness: Openness::Audience,
                actor_in_audience: true,
                actor_led_schools: vec![],
                actor_registered: false,
            },
            consent,
            uploaded_by: 40,
            actor_attended: false,
            actor_in_cluster: false,
        }
    }

    #[test]
    fn pending_stays_in_the_group() {
        let teacher = actor(7, Role::Teacher, Scope::School(10), "79");
        let specialist = actor(8, Role::DepartmentSpecialist, Scope::Province("79".into()), "79");
        let board = actor(9, Role::ClusterCoordinator, Scope::Cluster(3), "79");
        let outsider = RecordingFacts { actor_in_cluster: true, ..recording(Consent::Pending) };
        let member = RecordingFacts { actor_attended: true, ..recording(Consent::Pending) };

        assert!(!allows(&teacher, Action::ViewRecording { recording: &outsider }));
        assert!(allows(&teacher, Action::ViewRecording { recording: &member }));
        assert!(allows(&board, Action::ViewRecording { recording: &outsider }), "the organiser's board");
        assert!(allows(&specialist, Action::ViewRecording { recording: &outsider }), "department staff manage cluster activities");
    }

    #[test]
    fn cluster_consent_reaches_the_cluster_only() {
        let teacher = actor(7, Role::Teacher, Scope::School(10), "79");
        let in_cluster = RecordingFacts { actor_in_cluster: true, ..recording(Consent::Cluster) };
        let elsewhere = recording(Consent::Cluster);

        assert!(allows(&teacher, Action::ViewRecording { recording: &in_cluster }));
        assert!(!allows(&teacher, Action::ViewRecording { recording: &elsewhere }));
    }

    #[test]
    fn province_consent_stops_at_the_border() {
        let teacher = actor(7, Role::Teacher, Scope::School(10), "79");
        let other_province = actor(7, Role::DepartmentSpecialist, Scope::Province("01".into()), "01");

        assert!(allows(&teacher, Action::ViewRecording { recording: &recording(Consent::Province) }));
        assert!(!allows(&other_province, Action::ViewRecording { recording: &recording(Consent::Province) }));
    }

    #[test]
    fn uploader_deletes_but_cannot_widen_consent() {
        let uploader = actor(40, Role::Teacher, Scope::School(10), "79");
        let facts = recording(Consent::Pending);

        assert!(allows(&uploader, Action::ViewRecording { recording: &facts }), "the uploader watches their own");
        assert!(allows(&uploader, Action::DeleteRecording { recording: &facts }));
        assert!(!allows(&uploader, Action::ManageRecording { recording: &facts }));
    }

    #[test]
    fn upload_needs_the_group() {
        let teacher = actor(7, Role::Teacher, Scope::School(10), "79");
        let activity = recording(Consent::Pending).activity;

        assert!(allows(&teacher, Action::UploadRecording { activity: &activity, actor_in_group: true }));
        assert!(!allows(&teacher, Action::UploadRecording { activity: &activity, actor_in_group: false }));
    }
}
