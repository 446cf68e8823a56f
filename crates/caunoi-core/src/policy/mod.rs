//! The permission policy: the one place that decides every read and write.
//!
//! Handlers load the facts about a target (its province, commune and clusters), then ask
//! [`allows`]. A refusal must look like "not found" to the caller, so that nobody learns
//! what exists outside their scope.

use serde::{Deserialize, Serialize};

use crate::activity::Organiser;
use crate::org::{Role, Scope};

mod activities;
mod directives;
mod recordings;
mod lesson_study;
mod personnel;
mod reports;
mod requests;
mod staff;
mod surveys;

pub use activities::ActivityFacts;
pub use directives::{DirectiveFacts, directive_tracking};
pub use recordings::RecordingFacts;
pub use lesson_study::LessonStudyFacts;
pub use personnel::PersonnelScope;
pub use reports::{ReportFacts, TemplateFacts, report_visibility};
pub use requests::{RequestFacts, RequestLevel};
pub use staff::StaffFacts;
pub use surveys::SurveyFacts;

/// One role held on one scope, with the province the scope belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub scope: Scope,
    /// Province of the scope; `None` only for [`Scope::Deployment`].
    pub province: Option<String>,
}

/// The signed-in person, as the policy evaluates them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub deployment_admin: bool,
    pub grants: Vec<Grant>,
}

/// The position of a school in the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolFacts {
    pub id: i64,
    pub province: String,
    pub commune: Option<String>,
    /// Clusters the school belongs to, in any school year.
    pub clusters: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterFacts {
    pub id: i64,
    pub province: String,
}

/// The workplaces of a person: the schools and provinces of their grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFacts {
    pub user_id: i64,
    pub provinces: Vec<String>,
    pub schools: Vec<SchoolFacts>,
    /// Clusters on which the person has a role (board members, coordinators).
    pub clusters: Vec<i64>,
    /// Communes on which the person has a role (commune education officers).
    pub communes: Vec<String>,
}

/// Everything a route can ask the policy about.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// Add the department of a province to this deployment.
    AddDepartment,
    /// See a province's communes, clusters and school list.
    ViewProvince { province: &'a str },
    /// Draw clusters, edit and import schools, save cluster proposals.
    ManageProvince { province: &'a str },
    /// Create people and grant roles anywhere in the province.
    ManageUsers { province: &'a str },
    /// Read the audit log of the province.
    ViewAudit { province: &'a str },
    ViewCluster { cluster: &'a ClusterFacts },
    ManageClusterBoard { cluster: &'a ClusterFacts },
    ViewSchool { school: &'a SchoolFacts },
    EditSchool { school: &'a SchoolFacts },
    ViewSchoolStaff { school: &'a SchoolFacts },
    ViewPerson { person: &'a PersonFacts },
    /// See a person's email and phone: the person themself and department staff only.
    ViewContact { person: &'a PersonFacts },
    /// Start a directive from the department (`cluster: None`) or a cluster board.
    CreateDirective { province: &'a str, cluster: Option<&'a ClusterFacts> },
    /// Edit a draft, publish, amend or withdraw: the sender's side.
    ManageDirective { directive: &'a DirectiveFacts },
    /// Read a directive: its sender, the boards and schools that received it, and
    /// the teachers it targets or was forwarded to.
    ViewDirective { directive: &'a DirectiveFacts },
    /// Acknowledge or forward a directive on behalf of one receiving school.
    AcknowledgeDirective { directive: &'a DirectiveFacts, school: i64 },
    /// See a school's inbox of directives and its requests.
    ViewSchoolInbox { school: &'a SchoolFacts },
    /// Raise a request (question or problem) on behalf of a school.
    RaiseRequest { school: &'a SchoolFacts },
    ViewRequest { request: &'a RequestFacts },
    /// Reply, change status or owner, escalate: the handling board or department.
    HandleRequest { request: &'a RequestFacts },
    /// Publish an answer that every school of the province sees.
    PublishAnswer { province: &'a str },
    /// Create a report template for the department (`cluster: None`) or a cluster.
    DesignReportTemplate { province: &'a str, cluster: Option<&'a ClusterFacts> },
    /// Edit, version or archive a template, and request reports with it.
    ManageReportTemplate { template: &'a TemplateFacts },
    /// The sender's side of a report request: edit, publish, close, accept or return.
    ManageReport { report: &'a ReportFacts },
    /// Open a report request: its sender, the boards and officers following receiving
    /// schools, and the leaders of receiving schools.
    ViewReport { report: &'a ReportFacts },
    /// Fill, submit and correct the report of one receiving school.
    SubmitReport { report: &'a ReportFacts, school: i64 },
    /// Check and forward (or return) a submission of a school of `cluster`.
    ForwardReport { report: &'a ReportFacts, cluster: Option<i64> },
    /// See the department and cluster dashboards of a province.
    ViewDashboard { province: &'a str },
    /// Organise an activity as the department, a cluster board (`cluster` gives its
    /// facts) or a school.
    OrganiseActivity { province: &'a str, organiser: Organiser, cluster: Option<&'a ClusterFacts> },
    /// The organiser's side: edit, publish, cancel, registrations and attendance.
    ManageActivity { activity: &'a ActivityFacts },
    ViewActivity { activity: &'a ActivityFacts },
    /// Register oneself, or join the waiting list.
    RegisterForActivity { activity: &'a ActivityFacts },
    /// Register teachers of `school` on their behalf.
    NominateForActivity { activity: &'a ActivityFacts, school: i64 },
    /// Draw up a cluster's activity plan for a semester.
    PlanActivities { cluster: &'a ClusterFacts },
    /// Read the professional-development records (attended activities, credited
    /// hours) of a school's staff: its leaders and the department of its province.
    ViewDevelopmentRecords { school: &'a SchoolFacts },
    /// Upload a recorded lesson to an activity. `actor_in_group` is true when the actor
    /// is registered for it (not waiting) or attended it.
    UploadRecording { activity: &'a ActivityFacts, actor_in_group: bool },
    /// Watch a recording and comment on it.
    ViewRecording { recording: &'a RecordingFacts },
    /// Set a recording's consent status and title.
    ManageRecording { recording: &'a RecordingFacts },
    DeleteRecording { recording: &'a RecordingFacts },
    /// Read a lesson study's plan, notes, analyses and minutes: its group.
    ViewLessonStudy { lesson: &'a LessonStudyFacts },
    /// Edit the plan, write notes and one's own analysis form.
    ContributeLessonStudy { lesson: &'a LessonStudyFacts },
    /// Set the criteria, write and close the summary, send the minutes.
    LeadLessonStudy { lesson: &'a LessonStudyFacts },
    /// Download minutes: the group, and the boards of the clusters they were sent to.
    ViewLessonMinutes { lesson: &'a LessonStudyFacts, sent_to_clusters: &'a [i64] },
    /// Attach an activity's feedback survey, change its window or anonymity, and
    /// remind those who have not answered: the organiser's side.
    ManageSurvey { activity: &'a ActivityFacts },
    /// Read one survey's aggregated results: the organiser's side and the department.
    ViewSurveyResults { activity: &'a ActivityFacts },
    /// Answer a survey, or edit one's answers while it is open: its participants.
    AnswerSurvey { survey: &'a SurveyFacts },
    /// Read results grouped by activity, presenter, topic, cluster or semester, for the
    /// province (`cluster: None`) or one cluster.
    ViewSurveyAggregates { province: &'a str, cluster: Option<&'a ClusterFacts> },
    /// Create and edit the survey templates of the department (`cluster: None`) or a cluster.
    ManageSurveyTemplates { province: &'a str, cluster: Option<&'a ClusterFacts> },
    /// Read shortage and surplus figures of a school, a cluster or the province.
    ViewPersonnel { scope: PersonnelScope<'a> },
    /// Edit a school's classes per grade.
    EditClassCounts { school: &'a SchoolFacts },
    /// Copy, edit and activate the province's staffing rule sets.
    ManageStaffingRules { province: &'a str },
    /// Read one staff member's weekly quota and load.
    ViewStaffLoad { staff: &'a StaffFacts },
    /// Run the inter-school teaching recommender, and review, edit, accept or end its
    /// assignments: the department, which decides inter-school teaching.
    RecommendTeaching { province: &'a str },
    /// Read the recommendation runs and assignments of a scope: anyone who may read its
    /// figures.
    ViewRecommendations { scope: PersonnelScope<'a> },
    /// List a school's staff records, without protected personal data.
    ListStaff { school: &'a SchoolFacts },
    /// Open one staff record, without protected personal data.
    ViewStaff { staff: &'a StaffFacts },
    /// Read a record's identity number, date of birth, phone and email: the person,
    /// their school's leaders and the department administrator (see `policy::staff`).
    ViewStaffPersonalData { staff: &'a StaffFacts },
    /// Edit every field of a staff record.
    EditStaff { staff: &'a StaffFacts },
    /// Correct the fields about oneself on one's own record.
    CorrectOwnStaffRecord { staff: &'a StaffFacts },
    /// Import a staff list into a school.
    ImportStaff { school: &'a SchoolFacts },
    /// Import a staff list whose school column names schools anywhere in a province:
    /// the department's personnel role only, because a list writes personal data.
    ImportProvinceStaff { province: &'a str },
}

/// Decides whether `actor` may perform `action`.
pub fn allows(actor: &Actor, action: Action<'_>) -> bool {
    if actor.deployment_admin {
        return true;
    }
    match action {
        Action::AddDepartment => false,
        Action::ViewProvince { province } => actor.grants.iter().any(|g| in_province(g, province)),
        Action::ManageProvince { province } => has_department_role(actor, province, DEPARTMENT_ROLES),
        Action::ManageUsers { province } | Action::ViewAudit { province } => {
            has_department_role(actor, province, &[Role::DepartmentAdmin])
        }
        Action::ViewCluster { cluster } => actor.grants.iter().any(|g| in_province(g, &cluster.province)),
        Action::ManageClusterBoard { cluster } => {
            has_department_role(actor, &cluster.province, DEPARTMENT_ROLES)
                || actor.grants.iter().any(|g| {
                    g.role == Role::ClusterCoordinator && g.scope == Scope::Cluster(cluster.id)
                })
        }
        Action::ViewSchool { school } => actor.grants.iter().any(|g| in_province(g, &school.province)),
        Action::EditSchool { school } => {
            has_department_role(actor, &school.province, DEPARTMENT_ROLES)
                || actor.grants.iter().any(|g| {
                    g.role == Role::SchoolLeader && g.scope == Scope::School(school.id)
                })
        }
        Action::ViewSchoolStaff { school } => actor.grants.iter().any(|g| covers_school(g, school)),
        Action::ViewPerson { person } => {
            person.user_id == actor.user_id
                || person.provinces.iter().any(|p| has_department_role(actor, p, DEPARTMENT_ROLES))
                || person
                    .schools
                    .iter()
                    .any(|school| actor.grants.iter().any(|g| covers_school(g, school)))
                || actor.grants.iter().any(|g| match &g.scope {
                    Scope::Cluster(id) => person.clusters.contains(id),
                    Scope::Commune(code) => person.communes.contains(code),
                    _ => false,
                })
        }
        Action::ViewContact { person } => {
            person.user_id == actor.user_id
                || person.provinces.iter().any(|p| has_department_role(actor, p, DEPARTMENT_ROLES))
        }
        Action::CreateDirective { province, cluster } => directives::may_create(actor, province, cluster),
        Action::ManageDirective { directive } => directives::may_manage(actor, directive),
        Action::ViewDirective { directive } => directives::may_view(actor, directive),
        Action::AcknowledgeDirective { directive, school } => directives::may_acknowledge(actor, directive, school),
        Action::ViewSchoolInbox { school } => {
            has_department_role(actor, &school.province, DEPARTMENT_ROLES) || is_school_leader(actor, school.id)
        }
        Action::RaiseRequest { school } => is_school_leader(actor, school.id),
        Action::ViewRequest { request } => requests::may_view(actor, request),
        Action::HandleRequest { request } => requests::may_handle(actor, request),
        Action::PublishAnswer { province } => has_department_role(actor, province, DEPARTMENT_ROLES),
        Action::DesignReportTemplate { province, cluster } => reports::may_design(actor, province, cluster),
        Action::ManageReportTemplate { template } => reports::may_manage_template(actor, template),
        Action::ManageReport { report } => reports::may_manage(actor, report),
        Action::ViewReport { report } => reports::may_view(actor, report),
        Action::SubmitReport { report, school } => reports::may_submit(actor, report, school),
        Action::ForwardReport { report, cluster } => reports::may_forward(actor, report, cluster),
        Action::ViewDashboard { province } => {
            has_department_role(actor, province, DEPARTMENT_ROLES)
                || actor.grants.iter().any(|g| {
                    in_province(g, province)
                        && matches!(g.role, Role::ClusterCoordinator | Role::BoardMember | Role::CommuneOfficer)
                })
        }
        Action::OrganiseActivity { province, organiser, cluster } => {
            activities::may_organise(actor, province, organiser, cluster)
        }
        Action::ManageActivity { activity } => activities::may_manage(actor, activity),
        Action::ViewActivity { activity } => activities::may_view(actor, activity),
        Action::RegisterForActivity { activity } => activities::may_register(actor, activity),
        Action::NominateForActivity { activity, school } => activities::may_nominate(actor, activity, school),
        Action::PlanActivities { cluster } => activities::may_plan(actor, cluster),
        Action::ViewDevelopmentRecords { school } => activities::may_view_records(actor, school),
        Action::UploadRecording { activity, actor_in_group } => recordings::may_upload(actor, activity, actor_in_group),
        Action::ViewRecording { recording } => recordings::may_view(actor, recording),
        Action::ManageRecording { recording } => recordings::may_manage_recording(actor, recording),
        Action::DeleteRecording { recording } => recordings::may_delete(actor, recording),
        Action::ViewLessonStudy { lesson } => lesson_study::may_view(actor, lesson),
        Action::ContributeLessonStudy { lesson } => lesson_study::may_contribute(actor, lesson),
        Action::LeadLessonStudy { lesson } => lesson_study::may_lead(actor, lesson),
        Action::ViewLessonMinutes { lesson, sent_to_clusters } => lesson_study::may_view_minutes(actor, lesson, sent_to_clusters),
        Action::ManageSurvey { activity } => surveys::may_manage_survey(actor, activity),
        Action::ViewSurveyResults { activity } => surveys::may_view_results(actor, activity),
        Action::AnswerSurvey { survey } => surveys::may_answer(survey),
        Action::ViewSurveyAggregates { province, cluster } => surveys::may_view_aggregates(actor, province, cluster),
        Action::ManageSurveyTemplates { province, cluster } => surveys::may_manage_templates(actor, province, cluster),
        Action::ViewPersonnel { scope } => personnel::may_view_figures(actor, scope),
        Action::EditClassCounts { school } => personnel::may_edit_classes(actor, school),
        Action::ManageStaffingRules { province } => personnel::may_manage_rules(actor, province),
        Action::ViewStaffLoad { staff } => personnel::may_view_load(actor, staff),
        Action::RecommendTeaching { province } => personnel::may_manage_rules(actor, province),
        Action::ViewRecommendations { scope } => personnel::may_view_figures(actor, scope),
        Action::ListStaff { school } => staff::may_list(actor, school),
        Action::ViewStaff { staff } => staff::may_view(actor, staff),
        Action::ViewStaffPersonalData { staff } => staff::may_view_personal(actor, staff),
        Action::EditStaff { staff } => staff::may_edit(actor, staff),
        Action::CorrectOwnStaffRecord { staff } => staff::may_correct_own(actor, staff),
        Action::ImportStaff { school } => staff::may_import(actor, school),
        Action::ImportProvinceStaff { province } => staff::may_import_province(actor, province),
    }
}

/// The part of a province's staff that a person may list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StaffVisibility {
    pub whole_province: bool,
    pub clusters: Vec<i64>,
    pub communes: Vec<String>,
    pub schools: Vec<i64>,
}

impl StaffVisibility {
    pub fn is_empty(&self) -> bool {
        !self.whole_province && self.clusters.is_empty() && self.communes.is_empty() && self.schools.is_empty()
    }
}

/// Returns the part of a province's staff the actor may list, the same rule as
/// [`Action::ViewSchoolStaff`] applied to every school at once.
pub fn staff_visibility(actor: &Actor, province: &str) -> StaffVisibility {
    let mut visibility = StaffVisibility {
        whole_province: actor.deployment_admin || has_department_role(actor, province, DEPARTMENT_ROLES),
        ..StaffVisibility::default()
    };
    for grant in actor.grants.iter().filter(|g| in_province(g, province)) {
        match &grant.scope {
            Scope::Cluster(id) => visibility.clusters.push(*id),
            Scope::Commune(code) => visibility.commune_push(code),
            Scope::School(id) => visibility.schools.push(*id),
            Scope::Deployment | Scope::Province(_) => {}
        }
    }
    visibility
}

/// The receiving schools that boards and commune officers follow: those of the
/// receiving clusters on whose board the actor sits, and of the receiving communes
/// whose officer they are. Shared by directives and reports.
pub(crate) fn follower_visibility(actor: &Actor, recipient_clusters: &[i64], recipient_communes: &[String]) -> StaffVisibility {
    let mut visibility = StaffVisibility::default();
    for grant in &actor.grants {
        match &grant.scope {
            Scope::Cluster(id) if recipient_clusters.contains(id) && on_cluster_board(actor, *id) => {
                visibility.clusters.push(*id);
            }
            Scope::Commune(code) if grant.role == Role::CommuneOfficer && recipient_communes.contains(code) => {
                visibility.communes.push(code.clone());
            }
            _ => {}
        }
    }
    visibility.clusters.dedup();
    visibility.communes.dedup();
    visibility
}

impl StaffVisibility {
    fn commune_push(&mut self, code: &str) {
        if !self.communes.iter().any(|c| c == code) {
            self.communes.push(code.to_owned());
        }
    }
}

pub(crate) const DEPARTMENT_ROLES: &[Role] = &[Role::DepartmentAdmin, Role::DepartmentSpecialist];

fn is_school_leader(actor: &Actor, school: i64) -> bool {
    actor.grants.iter().any(|g| g.role == Role::SchoolLeader && g.scope == Scope::School(school))
}

/// Tells whether the actor coordinates or sits on the board of a cluster.
fn on_cluster_board(actor: &Actor, cluster: i64) -> bool {
    actor.grants.iter().any(|g| {
        matches!(g.role, Role::ClusterCoordinator | Role::BoardMember) && g.scope == Scope::Cluster(cluster)
    })
}

fn in_province(grant: &Grant, province: &str) -> bool {
    grant.province.as_deref() == Some(province)
}

fn has_department_role(actor: &Actor, province: &str, roles: &[Role]) -> bool {
    actor.grants.iter().any(|g| {
        roles.contains(&g.role) && matches!(&g.scope, Scope::Province(code) if code == province)
    })
}

/// Whether a grant reaches into one school: its province (department roles), a cluster
/// it belongs to, its commune, or the school itself.
fn covers_school(grant: &Grant, school: &SchoolFacts) -> bool {
    match &grant.scope {
        Scope::Deployment => false,
        Scope::Province(code) => DEPARTMENT_ROLES.contains(&grant.role) && *code == school.province,
        Scope::Cluster(id) => school.clusters.contains(id),
        Scope::Commune(code) => school.commune.as_deref() == Some(code.as_str()),
        Scope::School(id) => *id == school.id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, scope: Scope, province: &str) -> Grant {
        Grant { role, scope, province: Some(province.to_owned()) }
    }

    fn actor(grants: Vec<Grant>) -> Actor {
        Actor { user_id: 1, deployment_admin: false, grants }
    }

    fn school(id: i64, province: &str, commune: &str, clusters: &[i64]) -> SchoolFacts {
        SchoolFacts {
            id,
            province: province.to_owned(),
            commune: Some(commune.to_owned()),
            clusters: clusters.to_vec(),
        }
    }

    #[test]
    fn school_leader_sees_own_staff_only() {
        let leader = actor(vec![grant(Role::SchoolLeader, Scope::School(10), "79")]);
        let own = school(10, "79", "26734", &[1]);
        let neighbour = school(11, "79", "26734", &[1]);
        assert!(allows(&leader, Action::ViewSchoolStaff { school: &own }));
        assert!(!allows(&leader, Action::ViewSchoolStaff { school: &neighbour }));
        assert!(allows(&leader, Action::ViewSchool { school: &neighbour }));
    }

    #[test]
    fn cluster_coordinator_covers_member_schools() {
        let coordinator = actor(vec![grant(Role::ClusterCoordinator, Scope::Cluster(3), "79")]);
        let member = school(10, "79", "26734", &[3]);
        let other = school(11, "79", "26737", &[4]);
        assert!(allows(&coordinator, Action::ViewSchoolStaff { school: &member }));
        assert!(!allows(&coordinator, Action::ViewSchoolStaff { school: &other }));
    }

    #[test]
    fn commune_officer_covers_commune_schools() {
        let officer = actor(vec![grant(Role::CommuneOfficer, Scope::Commune("26734".into()), "79")]);
        assert!(allows(&officer, Action::ViewSchoolStaff { school: &school(10, "79", "26734", &[]) }));
        assert!(!allows(&officer, Action::ViewSchoolStaff { school: &school(11, "79", "26737", &[]) }));
    }

    #[test]
    fn other_province_is_refused_everything() {
        let specialist = actor(vec![grant(Role::DepartmentSpecialist, Scope::Province("01".into()), "01")]);
        let hcmc_school = school(10, "79", "26734", &[3]);
        let hcmc_cluster = ClusterFacts { id: 3, province: "79".into() };
        assert!(!allows(&specialist, Action::ViewProvince { province: "79" }));
        assert!(!allows(&specialist, Action::ManageProvince { province: "79" }));
        assert!(!allows(&specialist, Action::ViewSchool { school: &hcmc_school }));
        assert!(!allows(&specialist, Action::ViewSchoolStaff { school: &hcmc_school }));
        assert!(!allows(&specialist, Action::ViewCluster { cluster: &hcmc_cluster }));
        assert!(allows(&specialist, Action::ManageProvince { province: "01" }));
    }

    #[test]
    fn teacher_cannot_manage_province() {
        let teacher = actor(vec![grant(Role::Teacher, Scope::School(10), "79")]);
        assert!(allows(&teacher, Action::ViewProvince { province: "79" }));
        assert!(!allows(&teacher, Action::ManageProvince { province: "79" }));
        assert!(!allows(&teacher, Action::ManageUsers { province: "79" }));
        assert!(!allows(&teacher, Action::AddDepartment));
    }

    #[test]
    fn specialist_cannot_manage_users() {
        let specialist = actor(vec![grant(Role::DepartmentSpecialist, Scope::Province("79".into()), "79")]);
        assert!(!allows(&specialist, Action::ManageUsers { province: "79" }));
        assert!(allows(&specialist, Action::ManageProvince { province: "79" }));
    }

    #[test]
    fn person_visible_through_their_school() {
        let leader = actor(vec![grant(Role::SchoolLeader, Scope::School(10), "79")]);
        let colleague = PersonFacts {
            user_id: 7,
            provinces: vec!["79".into()],
            schools: vec![school(10, "79", "26734", &[])],
            clusters: Vec::new(),
            communes: Vec::new(),
        };
        let stranger = PersonFacts {
            user_id: 8,
            provinces: vec!["79".into()],
            schools: vec![school(12, "79", "26734", &[])],
            clusters: Vec::new(),
            communes: Vec::new(),
        };
        assert!(allows(&leader, Action::ViewPerson { person: &colleague }));
        assert!(!allows(&leader, Action::ViewPerson { person: &stranger }));
    }

    #[test]
    fn staff_visibility_lists_scopes() {
        let person = actor(vec![
            grant(Role::SchoolLeader, Scope::School(10), "79"),
            grant(Role::BoardMember, Scope::Cluster(3), "79"),
            grant(Role::Teacher, Scope::School(99), "01"),
        ]);
        let visibility = staff_visibility(&person, "79");
        assert!(!visibility.whole_province);
        assert_eq!(visibility.schools, vec![10]);
        assert_eq!(visibility.clusters, vec![3]);
    }

    #[test]
    fn contact_visible_to_self_and_department() {
        let colleague_facts = PersonFacts {
            user_id: 7,
            provinces: vec!["79".into()],
            schools: vec![school(10, "79", "26734", &[3])],
            clusters: Vec::new(),
            communes: Vec::new(),
        };
        let leader = actor(vec![grant(Role::SchoolLeader, Scope::School(10), "79")]);
        let specialist = actor(vec![grant(Role::DepartmentSpecialist, Scope::Province("79".into()), "79")]);
        let other_specialist = actor(vec![grant(Role::DepartmentSpecialist, Scope::Province("01".into()), "01")]);
        let own = Actor { user_id: 7, ..leader.clone() };
        assert!(allows(&leader, Action::ViewPerson { person: &colleague_facts }));
        assert!(!allows(&leader, Action::ViewContact { person: &colleague_facts }));
        assert!(allows(&specialist, Action::ViewContact { person: &colleague_facts }));
        assert!(!allows(&other_specialist, Action::ViewContact { person: &colleague_facts }));
        assert!(allows(&own, Action::ViewContact { person: &colleague_facts }));
    }

    #[test]
    fn board_members_see_each_other() {
        let coordinator = actor(vec![grant(Role::ClusterCoordinator, Scope::Cluster(3), "79")]);
        let member = PersonFacts {
            user_id: 9,
            provinces: vec!["79".into()],
            schools: Vec::new(),
            clusters: vec![3],
            communes: Vec::new(),
        };
        let elsewhere = PersonFacts { clusters: vec![4], ..member.clone() };
        assert!(allows(&coordinator, Action::ViewPerson { person: &member }));
        assert!(!allows(&coordinator, Action::ViewPerson { person: &elsewhere }));
    }
}
