//! Rules on seeing and handling the requests schools raise.

use super::{Actor, DEPARTMENT_ROLES, SchoolFacts, has_department_role, on_cluster_board};
use crate::org::{Role, Scope};

/// The level that handles a request now: the cluster board or the department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestLevel {
    Cluster,
    Department,
}

impl RequestLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestLevel::Cluster => "cluster",
            RequestLevel::Department => "department",
        }
    }

    pub fn parse(s: &str) -> Option<RequestLevel> {
        match s {
            "cluster" => Some(RequestLevel::Cluster),
            "department" => Some(RequestLevel::Department),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    pub id: i64,
    pub school: SchoolFacts,
    /// The cluster whose board the request went to.
    pub cluster: Option<i64>,
    pub level: RequestLevel,
}

pub(super) fn may_view(actor: &Actor, request: &RequestFacts) -> bool {
    may_handle_any_level(actor, request)
        || actor.grants.iter().any(|g| match &g.scope {
            Scope::School(id) => *id == request.school.id && g.role == Role::SchoolLeader,
            Scope::Commune(code) => {
                g.role == Role::CommuneOfficer && request.school.commune.as_deref() == Some(code.as_str())
            }
            _ => false,
        })
}

/// Tells whether the actor handles the request. The department handles every request of
/// its province. The cluster board handles those at cluster level, and after an
/// escalation it may still read them but no longer act.
pub(super) fn may_handle(actor: &Actor, request: &RequestFacts) -> bool {
    has_department_role(actor, &request.school.province, DEPARTMENT_ROLES)
        || (request.level == RequestLevel::Cluster
            && request.cluster.is_some_and(|cluster| on_cluster_board(actor, cluster)))
}

fn may_handle_any_level(actor: &Actor, request: &RequestFacts) -> bool {
    has_department_role(actor, &request.school.province, DEPARTMENT_ROLES)
        || request.cluster.is_some_and(|cluster| on_cluster_board(actor, cluster))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Action, Grant, allows};

    fn actor(role: Role, scope: Scope, province: &str) -> Actor {
        Actor {
            user_id: 1,
            deployment_admin: false,
            grants: vec![Grant { role, scope, province: Some(province.into()) }],
        }
    }

    fn request(level: RequestLevel) -> RequestFacts {
        RequestFacts {
            id: 1,
            school: SchoolFacts { id: 10, province: "79".into(), commune: Some("26734".into()), clusters: vec![3] },
            cluster: Some(3),
            level,
        }
    }

    #[test]
    fn board_handles_until_escalated_then_reads() {
        let coordinator = actor(Role::ClusterCoordinator, Scope::Cluster(3), "79");
        let at_cluster = request(RequestLevel::Cluster);
        let escalated = request(RequestLevel::Department);
        assert!(allows(&coordinator, Action::HandleRequest { request: &at_cluster }));
        assert!(!allows(&coordinator, Action::HandleRequest { request: &escalated }));
        assert!(allows(&coordinator, Action::ViewRequest { request: &escalated }));
    }

    #[test]
    fn school_sees_own_requests_only() {
        let leader = actor(Role::SchoolLeader, Scope::School(10), "79");
        let other = actor(Role::SchoolLeader, Scope::School(11), "79");
        let teacher = actor(Role::Teacher, Scope::School(10), "79");
        let raised = request(RequestLevel::Cluster);
        assert!(allows(&leader, Action::ViewRequest { request: &raised }));
        assert!(!allows(&leader, Action::HandleRequest { request: &raised }));
        assert!(!allows(&other, Action::ViewRequest { request: &raised }));
        assert!(!allows(&teacher, Action::ViewRequest { request: &raised }));
    }

    #[test]
    fn other_province_department_is_refused() {
        let specialist = actor(Role::DepartmentSpecialist, Scope::Province("01".into()), "01");
        let raised = request(RequestLevel::Department);
        assert!(!allows(&specialist, Action::ViewRequest { request: &raised }));
        assert!(!allows(&specialist, Action::HandleRequest { request: &raised }));
        let own = actor(Role::DepartmentSpecialist, Scope::Province("79".into()), "79");
        assert!(allows(&own, Action::HandleRequest { request: &raised }));
    }
}
