//! Directives sent down to schools: their kinds, audience and each school's status.

use serde::{Deserialize, Serialize};

use crate::org::{Ownership, Role, SchoolLevel, ScopeKind};

/// The kinds of document a department or cluster sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectiveKind {
    /// Công văn.
    Dispatch,
    /// Kế hoạch.
    Plan,
    /// Hướng dẫn.
    Guidance,
    /// Quyết định.
    Decision,
    /// Thông báo.
    Notice,
}

impl DirectiveKind {
    pub const ALL: [DirectiveKind; 5] = [
        DirectiveKind::Dispatch,
        DirectiveKind::Plan,
        DirectiveKind::Guidance,
        DirectiveKind::Decision,
        DirectiveKind::Notice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DirectiveKind::Dispatch => "dispatch",
            DirectiveKind::Plan => "plan",
            DirectiveKind::Guidance => "guidance",
            DirectiveKind::Decision => "decision",
            DirectiveKind::Notice => "notice",
        }
    }

    pub fn parse(s: &str) -> Option<DirectiveKind> {
        DirectiveKind::ALL.into_iter().find(|kind| kind.as_str() == s)
    }
}

/// The stage of a directive: draft, published or withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectiveStatus {
    Draft,
    Published,
    Withdrawn,
}

impl DirectiveStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DirectiveStatus::Draft => "draft",
            DirectiveStatus::Published => "published",
            DirectiveStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<DirectiveStatus> {
        match s {
            "draft" => Some(DirectiveStatus::Draft),
            "published" => Some(DirectiveStatus::Published),
            "withdrawn" => Some(DirectiveStatus::Withdrawn),
            _ => None,
        }
    }
}

/// The schools a directive goes to, and who inside them sees it.
///
/// The filters combine with AND: `levels = [lower_secondary]` with `clusters = [3, 7]`
/// means the lower-secondary schools of clusters 3 and 7. They apply when `everyone`
/// is set or at least one filter is given; named `schools` are added to the result
/// whatever the filters say. Inside each school its leaders always receive it, and
/// the people holding one of `roles` see it too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    #[serde(default)]
    pub everyone: bool,
    #[serde(default)]
    pub clusters: Vec<i64>,
    #[serde(default)]
    pub communes: Vec<String>,
    #[serde(default)]
    pub levels: Vec<SchoolLevel>,
    #[serde(default)]
    pub ownerships: Vec<Ownership>,
    #[serde(default)]
    pub schools: Vec<i64>,
    #[serde(default)]
    pub roles: Vec<Role>,
}

impl Audience {
    /// Tells whether the filters select schools, as opposed to only the named ones.
    pub fn filters_apply(&self) -> bool {
        self.everyone
            || !self.clusters.is_empty()
            || !self.communes.is_empty()
            || !self.levels.is_empty()
            || !self.ownerships.is_empty()
    }

    /// Tells whether the audience selects nothing at all.
    pub fn is_empty(&self) -> bool {
        !self.filters_apply() && self.schools.is_empty()
    }

    /// Returns the roles inside a school that receive the directive, leaders first.
    pub fn school_roles(&self) -> Vec<Role> {
        let mut roles = vec![Role::SchoolLeader];
        roles.extend(self.roles.iter().copied().filter(|role| *role != Role::SchoolLeader && role.scope_kind() == ScopeKind::School));
        roles
    }
}

/// A receiving school's status for the current version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStatus {
    NotOpened,
    Read,
    Acknowledged,
    /// Not acknowledged, and the deadline has passed.
    Overdue,
}

impl ReceiptStatus {
    pub const ALL: [ReceiptStatus; 4] =
        [ReceiptStatus::NotOpened, ReceiptStatus::Read, ReceiptStatus::Acknowledged, ReceiptStatus::Overdue];

    pub fn as_str(self) -> &'static str {
        match self {
            ReceiptStatus::NotOpened => "not_opened",
            ReceiptStatus::Read => "read",
            ReceiptStatus::Acknowledged => "acknowledged",
            ReceiptStatus::Overdue => "overdue",
        }
    }

    pub fn parse(s: &str) -> Option<ReceiptStatus> {
        ReceiptStatus::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// Returns the status of one school at instant `now` (Unix ms).
    pub fn of(read_at: Option<i64>, acknowledged_at: Option<i64>, deadline: Option<i64>, now: i64) -> ReceiptStatus {
        match (acknowledged_at, read_at) {
            (Some(_), _) => ReceiptStatus::Acknowledged,
            _ if deadline.is_some_and(|deadline| now > deadline) => ReceiptStatus::Overdue,
            (None, Some(_)) => ReceiptStatus::Read,
            (None, None) => ReceiptStatus::NotOpened,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audience_round_trips_through_json() {
        let audience = Audience {
            clusters: vec![3, 7],
            levels: vec![SchoolLevel::LowerSecondary],
            roles: vec![Role::CoreTeacher],
            ..Audience::default()
        };
        let json = serde_json::to_string(&audience).unwrap();
        assert_eq!(serde_json::from_str::<Audience>(&json).unwrap(), audience);
        assert_eq!(serde_json::from_str::<Audience>("{}").unwrap(), Audience::default());
    }

    #[test]
    fn empty_audience_selects_nothing() {
        assert!(Audience::default().is_empty());
        assert!(!Audience { schools: vec![1], ..Audience::default() }.is_empty());
        assert!(!Audience { schools: vec![1], ..Audience::default() }.filters_apply());
    }

    #[test]
    fn school_roles_keep_leaders_and_drop_other_scopes() {
        let audience = Audience { roles: vec![Role::CoreTeacher, Role::ClusterCoordinator], ..Audience::default() };
        assert_eq!(audience.school_roles(), vec![Role::SchoolLeader, Role::CoreTeacher]);
    }

    #[test]
    fn status_prefers_acknowledgement_then_deadline() {
        assert_eq!(ReceiptStatus::of(None, None, None, 10), ReceiptStatus::NotOpened);
        assert_eq!(ReceiptStatus::of(Some(1), None, Some(20), 10), ReceiptStatus::Read);
        assert_eq!(ReceiptStatus::of(Some(1), None, Some(5), 10), ReceiptStatus::Overdue);
        assert_eq!(ReceiptStatus::of(None, Some(8), Some(5), 10), ReceiptStatus::Acknowledged);
    }
}
