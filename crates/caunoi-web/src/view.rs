//! What every screen shares: the navigation bar and list paging.

use axum::http::Uri;

use crate::auth::CurrentUser;
use crate::i18n::Locale;
use caunoi_core::org::{Role, Scope};
use caunoi_core::policy::Action;

/// The unread count the navigation bar shows exactly; from this many on it shows `99+`,
/// so counting never reads more than this many index entries.
pub const UNREAD_CAP: i64 = 100;

/// The navigation bar of a page.
#[derive(Debug, Clone)]
pub struct Nav {
    pub locale: Locale,
    pub user_name: Option<String>,
    /// Province whose pages the bar links to.
    pub province: Option<String>,
    pub can_manage: bool,
    /// Whether the audit log of the province may be read.
    pub can_audit: bool,
    pub deployment_admin: bool,
    /// Identifier of the current entry.
    pub active: &'static str,
    /// Path and query of this page, for the language switch.
    pub path: String,
    /// Unread notifications of the user, up to [`UNREAD_CAP`].
    pub unread: i64,
    /// Sends directives: department staff, or a cluster board.
    pub can_send: bool,
    /// Holds a role in a school, so receives directives there.
    pub at_school: bool,
    /// Raises or handles requests.
    pub sees_requests: bool,
    /// Requests standard reports (department, cluster boards) or submits them (school
    /// leaders).
    pub sees_reports: bool,
    /// May open the province's monitoring dashboard.
    pub sees_dashboard: bool,
    /// The personnel map the person may read: the province's for the department, their
    /// cluster's for a cluster board; `None` for everyone else.
    pub personnel_link: Option<String>,
    /// The staff records of the user's school, for school leaders and teachers.
    pub staff_records_link: Option<String>,
    /// May run inter-school teaching recommendations: the department.
    pub recommends: bool,
}

impl Nav {
    pub fn new(locale: Locale, user: &CurrentUser, province: Option<&str>, active: &'static str, uri: &Uri) -> Nav {
        let province = province.map(str::to_owned).or_else(|| user.provinces().into_iter().next());
        let can_manage = province
            .as_deref()
            .is_some_and(|code| user.allows(Action::ManageProvince { province: code }));
        let can_audit = province
            .as_deref()
            .is_some_and(|code| user.allows(Action::ViewAudit { province: code }));
        let grants = &user.actor.grants;
        let on_board = grants.iter().any(|g| matches!(g.role, Role::ClusterCoordinator | Role::BoardMember));
        let can_send = on_board
            || province.as_deref().is_some_and(|code| user.allows(Action::CreateDirective { province: code, cluster: None }));
        let at_school = grants.iter().any(|g| matches!(g.scope, Scope::School(_)));
        let sees_requests =
            can_send || grants.iter().any(|g| matches!(g.role, Role::SchoolLeader | Role::CommuneOfficer));
        let sees_dashboard =
            province.as_deref().is_some_and(|code| user.allows(Action::ViewDashboard { province: code }));
        let sees_reports = can_send || grants.iter().any(|g| g.role == Role::SchoolLeader);
        let recommends = province.as_deref().is_some_and(|code| user.allows(Action::RecommendTeaching { province: code }));
        let personnel_link = match (&province, grants.iter().find_map(|g| match (&g.role, &g.scope) {
            (Role::ClusterCoordinator | Role::BoardMember, Scope::Cluster(id)) => Some(*id),
            _ => None,
        })) {
            (Some(code), _) if user.allows(Action::ViewPersonnel { scope: caunoi_core::policy::PersonnelScope::Province(code) }) => {
                Some(format!("/p/{code}/personnel"))
            }
            (_, Some(cluster)) => Some(format!("/clusters/{cluster}/personnel")),
            _ => None,
        };
        let staff_records_link = grants.iter().find_map(|g| match g.scope {
            Scope::School(school) => Some(format!("/schools/{school}/staff-records")),
            _ => None,
        });
        Nav {
            personnel_link,
            staff_records_link,
            recommends,
            locale,
            sees_reports,
            sees_dashboard,
            user_name: Some(user.full_name.clone()),
            can_send,
            at_school,
            sees_requests,
            province,
            can_manage,
            can_audit,
            deployment_admin: user.actor.deployment_admin,
            active,
            path: uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_else(|| "/".into()),
            unread: user.unread,
        }
    }

    /// Formats the unread count for the bar: `99+` from [`UNREAD_CAP`] on.
    pub fn unread_label(&self) -> String {
        if self.unread >= UNREAD_CAP { format!("{}+", UNREAD_CAP - 1) } else { self.locale.int(self.unread) }
    }
}

/// Paging links under a list.
#[derive(Debug, Clone)]
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    /// The list's query string without `page`, ending so that `page=N` can follow.
    pub base: String,
}

impl Pager {
    pub fn new(page: caunoi_db::Page, total: i64, base: String) -> Pager {
        let pages = ((total + page.size - 1) / page.size).max(1);
        Pager { page: page.number, pages, total, base }
    }

    pub fn has_previous(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages
    }
}

/// Builds a query string from the non-empty pairs, percent-encoded, ending with `&`.
pub fn query_base(path: &str, pairs: &[(&str, Option<String>)]) -> String {
    let mut base = format!("{path}?");
    for (name, value) in pairs {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            base.push_str(name);
            base.push('=');
            base.push_str(&crate::error::urlencode(value));
            base.push('&');
        }
    }
    base
}
