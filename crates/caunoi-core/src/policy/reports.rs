//! Rules on report templates, report requests, submissions and their review.
//!
//! The sender (the department, or a cluster board for its own cluster) designs
//! templates and requests reports. Leaders of receiving schools fill and submit. For a
//! department request the board of the school's cluster checks and forwards, and the
//! department accepts or returns; for a cluster request its board does both. Figures
//! are visible to the sender, to the boards of receiving clusters and the officers of
//! receiving communes for their own schools, and to each school for itself.

use super::{Actor, ClusterFacts, DEPARTMENT_ROLES, StaffVisibility, has_department_role, is_school_leader, on_cluster_board};

/// Who owns a template: a province's department, or one cluster board.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateFacts {
    pub id: i64,
    pub province: String,
    pub cluster: Option<i64>,
}

/// The facts the policy needs about a report request, seen from one actor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportFacts {
    pub id: i64,
    pub province: String,
    /// The requesting cluster; `None` when the department requested it.
    pub cluster: Option<i64>,
    pub published: bool,
    /// Clusters and communes of the receiving schools.
    pub recipient_clusters: Vec<i64>,
    pub recipient_communes: Vec<String>,
    /// The receiving schools among those where the actor holds a role.
    pub actor_schools: Vec<i64>,
}

pub(super) fn may_design(actor: &Actor, province: &str, cluster: Option<&ClusterFacts>) -> bool {
    super::directives::may_create(actor, province, cluster)
}

pub(super) fn may_manage_template(actor: &Actor, template: &TemplateFacts) -> bool {
    has_department_role(actor, &template.province, DEPARTMENT_ROLES)
        || template.cluster.is_some_and(|cluster| on_cluster_board(actor, cluster))
}

/// The sender's side: edit, publish, close, extend, accept.
pub(super) fn may_manage(actor: &Actor, report: &ReportFacts) -> bool {
    has_department_role(actor, &report.province, DEPARTMENT_ROLES)
        || report.cluster.is_some_and(|cluster| on_cluster_board(actor, cluster))
}

pub(super) fn may_view(actor: &Actor, report: &ReportFacts) -> bool {
    may_manage(actor, report) || (report.published && (!report_visibility(actor, report).is_empty() || leads_receiving_school(actor, report)))
}

pub(super) fn may_submit(actor: &Actor, report: &ReportFacts, school: i64) -> bool {
    report.published && report.actor_schools.contains(&school) && is_school_leader(actor, school)
}

/// Check and forward, or return, the submission of a school of `cluster` (the
/// school's cluster in the request's school year).
pub(super) fn may_forward(actor: &Actor, report: &ReportFacts, cluster: Option<i64>) -> bool {
    report.published
        && report.cluster.is_none()
        && cluster.is_some_and(|cluster| report.recipient_clusters.contains(&cluster) && on_cluster_board(actor, cluster))
}

fn leads_receiving_school(actor: &Actor, report: &ReportFacts) -> bool {
    report.actor_schools.iter().any(|school| is_school_leader(actor, *school))
}

/// Returns the receiving schools whose submissions and figures the actor may see: all
/// of them for the sender's side, else those of the clusters on whose board the actor
/// sits and of the communes whose officer they are. A school leader sees their own
/// school through [`super::Action::SubmitReport`], not through this.
pub fn report_visibility(actor: &Actor, report: &ReportFacts) -> StaffVisibility {
    let visibility = StaffVisibility {
        whole_province: actor.deployment_admin || may_manage(actor, report),
        ..StaffVisibility::default()
    };
    if visibility.whole_province || !report.published {
        return visibility;
    }
    super::follower_visibility(actor, &report.recipient_clusters, &report.recipient_communes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::{Role, Scope};
    use crate::policy::{Action, Grant, allows};

    fn actor(grants: &[(Role, Scope)]) -> Actor {
        Actor {
            user_id: 1,
            deployment_admin: false,
            grants: grants
                .iter()
                .map(|(role, scope)| Grant { role: *role, scope: scope.clone(), province: Some("79".into()) })
                .collect(),
        }
    }

    fn report() -> ReportFacts {
        ReportFacts {
            id: 9,
            province: "79".into(),
            cluster: None,
            published: true,
            recipient_clusters: vec![3],
            recipient_communes: vec!["26734".into()],
            actor_schools: vec![10],
        }
    }

    #[test]
    fn department_designs_and_manages() {
        let specialist = actor(&[(Role::DepartmentSpecialist, Scope::Province("79".into()))]);
        let coordinator = actor(&[(Role::ClusterCoordinator, Scope::Cluster(3))]);
        let own = ClusterFacts { id: 3, province: "79".into() };
        assert!(allows(&specialist, Action::DesignReportTemplate { province: "79", cluster: None }));
        assert!(!allows(&coordinator, Action::DesignReportTemplate { province: "79", cluster: None }));
        assert!(allows(&coordinator, Action::DesignReportTemplate { province: "79", cluster: Some(&own) }));
        let template = TemplateFacts { id: 1, province: "79".into(), cluster: None };
        assert!(allows(&specialist, Action::ManageReportTemplate { template: &template }));
        assert!(!allows(&coordinator, Action::ManageReportTemplate { template: &template }));
        assert!(allows(&specialist, Action::ManageReport { report: &report() }));
        let elsewhere = actor(&[(Role::DepartmentSpecialist, Scope::Province("01".into()))]);
        assert!(!allows(&elsewhere, Action::ViewReport { report: &report() }));
    }

    #[test]
    fn leaders_submit_for_their_school_only() {
        let leader = actor(&[(Role::SchoolLeader, Scope::School(10))]);
        let teacher = actor(&[(Role::Teacher, Scope::School(10))]);
        assert!(allows(&leader, Action::SubmitReport { report: &report(), school: 10 }));
        assert!(!allows(&leader, Action::SubmitReport { report: &report(), school: 11 }));
        assert!(!allows(&teacher, Action::SubmitReport { report: &report(), school: 10 }));
        assert!(allows(&leader, Action::ViewReport { report: &report() }));
        let draft = ReportFacts { published: false, ..report() };
        assert!(!allows(&leader, Action::SubmitReport { report: &draft, school: 10 }));
        assert!(!allows(&leader, Action::ViewReport { report: &draft }));
    }

    #[test]
    fn boards_forward_for_their_cluster() {
        let coordinator = actor(&[(Role::ClusterCoordinator, Scope::Cluster(3))]);
        let other = actor(&[(Role::ClusterCoordinator, Scope::Cluster(4))]);
        assert!(allows(&coordinator, Action::ForwardReport { report: &report(), cluster: Some(3) }));
        assert!(!allows(&coordinator, Action::ForwardReport { report: &report(), cluster: Some(4) }));
        assert!(!allows(&other, Action::ForwardReport { report: &report(), cluster: Some(3) }));
        assert!(!allows(&other, Action::ViewReport { report: &report() }));
        assert_eq!(report_visibility(&coordinator, &report()).clusters, vec![3]);
        // A cluster's own request is accepted by its board directly: nothing to forward.
        let own = ReportFacts { cluster: Some(3), ..report() };
        assert!(!allows(&coordinator, Action::ForwardReport { report: &own, cluster: Some(3) }));
        assert!(allows(&coordinator, Action::ManageReport { report: &own }));
    }

    #[test]
    fn commune_officers_follow_their_commune() {
        let officer = actor(&[(Role::CommuneOfficer, Scope::Commune("26734".into()))]);
        assert!(allows(&officer, Action::ViewReport { report: &report() }));
        assert_eq!(report_visibility(&officer, &report()).communes, vec!["26734".to_owned()]);
        let elsewhere = actor(&[(Role::CommuneOfficer, Scope::Commune("26737".into()))]);
        assert!(!allows(&elsewhere, Action::ViewReport { report: &report() }));
    }
}
