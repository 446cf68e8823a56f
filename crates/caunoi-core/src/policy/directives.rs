//! Rules on sending, reading, tracking and acknowledging directives.

use super::{Actor, ClusterFacts, DEPARTMENT_ROLES, StaffVisibility, has_department_role, is_school_leader, on_cluster_board};
use crate::org::{Role, Scope};

/// The facts the policy needs about a directive, seen from one actor. Those that depend
/// on the actor (`actor_schools`, `forwarded_to_actor`) are loaded for that actor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DirectiveFacts {
    pub id: i64,
    pub province: String,
    /// The sending cluster; `None` when the department sent it.
    pub cluster: Option<i64>,
    /// Published or withdrawn: schools have received it.
    pub published: bool,
    pub withdrawn: bool,
    /// Clusters and communes of the receiving schools.
    pub recipient_clusters: Vec<i64>,
    pub recipient_communes: Vec<String>,
    /// Roles the audience names in each school, besides its leaders.
    pub roles: Vec<Role>,
    /// The receiving schools among those where the actor holds a role.
    pub actor_schools: Vec<i64>,
    /// A school leader forwarded it to the actor.
    pub forwarded_to_actor: bool,
}

pub(super) fn may_create(actor: &Actor, province: &str, cluster: Option<&ClusterFacts>) -> bool {
    match cluster {
        None => has_department_role(actor, province, DEPARTMENT_ROLES),
        Some(cluster) => {
            cluster.province == province
                && (has_department_role(actor, province, DEPARTMENT_ROLES) || on_cluster_board(actor, cluster.id))
        }
    }
}

pub(super) fn may_manage(actor: &Actor, directive: &DirectiveFacts) -> bool {
    has_department_role(actor, &directive.province, DEPARTMENT_ROLES)
        || directive.cluster.is_some_and(|cluster| on_cluster_board(actor, cluster))
}

pub(super) fn may_view(actor: &Actor, directive: &DirectiveFacts) -> bool {
    if may_manage(actor, directive) {
        return true;
    }
    if !directive.published {
        return false;
    }
    !directive_tracking(actor, directive).is_empty()
        || directive.forwarded_to_actor
        || actor.grants.iter().any(|g| match g.scope {
            Scope::School(school) => {
                directive.actor_schools.contains(&school)
                    && (g.role == Role::SchoolLeader || directive.roles.contains(&g.role))
            }
            _ => false,
        })
}

pub(super) fn may_acknowledge(actor: &Actor, directive: &DirectiveFacts, school: i64) -> bool {
    directive.published
        && !directive.withdrawn
        && directive.actor_schools.contains(&school)
        && is_school_leader(actor, school)
}

/// Returns the receiving schools whose status the actor may follow on the tracking page.
/// The sender's side follows all of them. Others follow the schools of the clusters on
/// whose board they sit and of the communes whose education officer they are.
pub fn directive_tracking(actor: &Actor, directive: &DirectiveFacts) -> StaffVisibility {
    let visibility = StaffVisibility {
        whole_province: actor.deployment_admin || may_manage(actor, directive),
        ..StaffVisibility::default()
    };
    if visibility.whole_province || !directive.published {
        return visibility;
    }
    super::follower_visibility(actor, &directive.recipient_clusters, &directive.recipient_communes)
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn department_directive() -> DirectiveFacts {
        DirectiveFacts {
            id: 5,
            province: "79".into(),
            published: true,
            recipient_clusters: vec![3],
            recipient_communes: vec!["26734".into()],
            roles: vec![Role::CoreTeacher],
            actor_schools: vec![10],
            ..DirectiveFacts::default()
        }
    }

    #[test]
    fn create_by_department_and_own_board() {
        let specialist = actor(&[(Role::DepartmentSpecialist, Scope::Province("79".into()))]);
        let coordinator = actor(&[(Role::ClusterCoordinator, Scope::Cluster(3))]);
        let own = ClusterFacts { id: 3, province: "79".into() };
        let other = ClusterFacts { id: 4, province: "79".into() };
        assert!(allows(&specialist, Action::CreateDirective { province: "79", cluster: None }));
        assert!(!allows(&specialist, Action::CreateDirective { province: "01", cluster: None }));
        assert!(!allows(&coordinator, Action::CreateDirective { province: "79", cluster: None }));
        assert!(allows(&coordinator, Action::CreateDirective { province: "79", cluster: Some(&own) }));
        assert!(!allows(&coordinator, Action::CreateDirective { province: "79", cluster: Some(&other) }));
    }

    #[test]
    fn leader_of_receiving_school_reads_and_acknowledges() {
        let leader = actor(&[(Role::SchoolLeader, Scope::School(10))]);
        let directive = department_directive();
        assert!(allows(&leader, Action::ViewDirective { directive: &directive }));
        assert!(allows(&leader, Action::AcknowledgeDirective { directive: &directive, school: 10 }));
        assert!(!allows(&leader, Action::AcknowledgeDirective { directive: &directive, school: 11 }));
        assert!(!allows(&leader, Action::ManageDirective { directive: &directive }));
        let outside = DirectiveFacts { actor_schools: Vec::new(), ..directive.clone() };
        assert!(!allows(&leader, Action::ViewDirective { directive: &outside }));
        let withdrawn = DirectiveFacts { withdrawn: true, ..directive };
        assert!(!allows(&leader, Action::AcknowledgeDirective { directive: &withdrawn, school: 10 }));
    }

    #[test]
    fn teachers_see_targeted_or_forwarded_only() {
        let core = actor(&[(Role::CoreTeacher, Scope::School(10))]);
        let teacher = actor(&[(Role::Teacher, Scope::School(10))]);
        let directive = department_directive();
        assert!(allows(&core, Action::ViewDirective { directive: &directive }));
        assert!(!allows(&teacher, Action::ViewDirective { directive: &directive }));
        let forwarded = DirectiveFacts { forwarded_to_actor: true, ..directive };
        assert!(allows(&teacher, Action::ViewDirective { directive: &forwarded }));
        assert!(!allows(&teacher, Action::AcknowledgeDirective { directive: &forwarded, school: 10 }));
    }

    #[test]
    fn drafts_stay_with_the_sender() {
        let leader = actor(&[(Role::SchoolLeader, Scope::School(10))]);
        let draft = DirectiveFacts { published: false, ..department_directive() };
        assert!(!allows(&leader, Action::ViewDirective { directive: &draft }));
    }

    #[test]
    fn tracking_is_limited_to_own_cluster_and_commune() {
        let coordinator = actor(&[(Role::ClusterCoordinator, Scope::Cluster(3))]);
        let elsewhere = actor(&[(Role::ClusterCoordinator, Scope::Cluster(4))]);
        let officer = actor(&[(Role::CommuneOfficer, Scope::Commune("26734".into()))]);
        let directive = department_directive();
        assert_eq!(directive_tracking(&coordinator, &directive).clusters, vec![3]);
        assert!(directive_tracking(&elsewhere, &directive).is_empty());
        assert_eq!(directive_tracking(&officer, &directive).communes, vec!["26734".to_owned()]);
        let specialist = actor(&[(Role::DepartmentSpecialist, Scope::Province("79".into()))]);
        assert!(directive_tracking(&specialist, &directive).whole_province);
    }
}
