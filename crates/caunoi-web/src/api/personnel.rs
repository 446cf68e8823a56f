//! The personnel map: a teacher's weekly quota and load, shortage and surplus per
//! subject by scope, and the staffing rule sets of a province.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use caunoi_core::policy::{Action, StaffFacts};
use caunoi_core::staffing::shortage::GroupTotals;
use caunoi_db::schools;
use caunoi_db::staffing::figures::{self, GroupRow};
use caunoi_db::staffing::rule_sets::{self, NATIONAL};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, parse_commune, parse_id, parse_province, parse_year, present, school_year};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::pages::personnel::scope::{FigureRequest, authorised_figures, parse_subjects};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/{id}/load", get(staff_load))
        .route("/provinces/{code}/shortages", get(shortages))
        .route("/provinces/{code}/staffing-rule-sets", get(rule_set_list))
        .route("/staffing-rule-sets/{id}", get(rule_set_detail))
}

/// The paths of this area, merged into the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths(staff_load, shortages, rule_set_list, rule_set_detail), tags((name = "personnel", description = "Teaching loads, subject shortages and staffing rules (Circular 05/2025, Curriculum 2018, Circular 20/2023)")))]
pub struct Doc;

/// One reduction of a quota.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReductionBody {
    #[schema(example = "homeroom")]
    pub duty: String,
    pub periods: f64,
}

/// A staff member's weekly quota and load, in periods per week.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoadBody {
    pub staff_id: i64,
    pub school_id: i64,
    /// Subject keys the person is qualified for.
    pub subjects: Vec<String>,
    pub duties: Vec<String>,
    /// Quota of the level and school type before reductions.
    pub base_quota: f64,
    pub reductions: Vec<ReductionBody>,
    /// Duties beyond the two whose reductions count (Circular 05/2025 Art. 3 cl. 3).
    pub ignored_duties: Vec<String>,
    /// base_quota minus reductions, at least 0.
    pub quota: f64,
    /// Accepted inter-school periods, converted one for one.
    pub inter_school: f64,
    /// Declared periods at the school plus inter_school.
    pub load: f64,
    /// quota minus inter_school: what the person can teach at their own school.
    pub capacity_at_school: f64,
}

/// Show a staff member's weekly quota and load.
#[utoipa::path(
    get,
    path = "/api/v1/staff/{id}/load",
    operation_id = "get_staff_load",
    tag = "personnel",
    params(("id" = i64, Path, description = "Staff record id")),
    responses(
        (status = 200, description = "The quota and load", body = LoadBody),
        (status = 400, description = "The id is not a positive integer", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such staff record, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(staff.id = %raw_id))]
pub async fn staff_load(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<LoadBody>> {
    let id = parse_id("id", &raw_id)?;

    let (user_id, school_id) = figures::staff_owner(&state.db, id).await?;
    let school = schools::facts(&state.db, school_id).await?;
    user.require(Action::ViewStaffLoad { staff: &StaffFacts { id, user_id, school } })?;

    let staff = figures::staff_load(&state.db, id).await?;
    let load = staff.load;
    Ok(Json(LoadBody {
        staff_id: staff.staff_id,
        school_id: staff.school_id,
        subjects: staff.subjects,
        duties: staff.duties,
        base_quota: load.base_quota,
        reductions: load.reductions.into_iter().map(|r| ReductionBody { duty: r.duty, periods: r.periods }).collect(),
        ignored_duties: load.ignored_duties,
        quota: load.quota,
        inter_school: load.inter_school,
        load: load.load,
        capacity_at_school: load.capacity_at_school,
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShortageQuery {
    /// School year such as `2025-2026`; defaults to the current one.
    pub year: Option<String>,
    /// Narrow to one cluster (a cluster board's own).
    pub cluster: Option<String>,
    /// Narrow to one commune-level unit.
    pub commune: Option<String>,
    /// Narrow to one school (its leaders' own).
    pub school: Option<String>,
    /// Subject keys, comma-separated; defaults to english,informatics,music,fine_arts,technology.
    #[param(example = "english,informatics")]
    pub subjects: Option<String>,
}

/// Periods per week of one subject in a group.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectFigureBody {
    #[schema(example = "english")]
    pub subject: String,
    pub required: f64,
    pub available: f64,
    /// Sum of the schools' shortages; a surplus elsewhere never offsets it.
    pub shortage: f64,
    pub surplus: f64,
    pub short_schools: i64,
}

/// The figures of a group of schools: a cluster, commune or school, or the total.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupBody {
    /// Cluster id, commune code or school id; empty for the total and for schools in no cluster.
    pub key: String,
    pub name: String,
    pub schools: i64,
    pub classes: i64,
    pub teachers: i64,
    /// Maximum teachers of the staffing norms (Circular 20/2023) for these classes.
    pub norm_teachers: f64,
    pub subjects: Vec<SubjectFigureBody>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShortagesBody {
    pub province: String,
    pub school_year: String,
    /// `cluster`, `commune` or `school`: what each row is.
    pub grouping: String,
    pub total: GroupBody,
    pub rows: Vec<GroupBody>,
}

/// Rounds to one decimal, the precision of periods per week on screen.
fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

pub(crate) fn group_body(key: String, name: String, totals: &GroupTotals, subjects: &[caunoi_core::staffing::Subject]) -> GroupBody {
    GroupBody {
        key,
        name,
        schools: totals.schools,
        classes: totals.classes,
        teachers: totals.teachers,
        norm_teachers: round(totals.norm_teachers),
        subjects: subjects
            .iter()
            .map(|subject| {
                let figures = totals.subjects.get(subject).copied().unwrap_or_default();
                SubjectFigureBody {
                    subject: subject.key().to_owned(),
                    required: round(figures.required),
                    available: round(figures.available),
                    shortage: round(figures.shortage),
                    surplus: round(figures.surplus),
                    short_schools: figures.short_schools,
                }
            })
            .collect(),
    }
}

/// Show shortage and surplus per subject for the province, a cluster, a commune or a school.
#[utoipa::path(
    get,
    path = "/api/v1/provinces/{code}/shortages",
    operation_id = "get_shortages",
    tag = "personnel",
    params(("code" = String, Path, description = "Province code", example = "79"), ShortageQuery),
    responses(
        (status = 200, description = "Totals and one row per cluster, commune or school", body = ShortagesBody),
        (status = 400, description = "Invalid parameter", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, cluster or school, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn shortages(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_code): ApiPath,
    ApiQuery(query): ApiQuery<ShortageQuery>,
) -> AppResult<Json<ShortagesBody>> {
    let province = parse_province("code", &raw_code)?;
    let year = parse_year(&query.year)?;
    let subjects = parse_subjects(present(&query.subjects))?;
    let cluster = present(&query.cluster).map(|raw| parse_id("cluster", raw)).transpose()?;
    let school = present(&query.school).map(|raw| parse_id("school", raw)).transpose()?;
    let commune = present(&query.commune).map(|raw| parse_commune("commune", raw)).transpose()?;
    let school_year = school_year(&state.db, &province, year).await?;
    let request = FigureRequest { province: province.clone(), school_year: school_year.clone(), cluster, commune, school };

    let figures = authorised_figures(&state.db, &user, &request).await?;

    let grouping = request.grouping();
    let rows = figures
        .grouped(grouping)
        .into_iter()
        .map(|GroupRow { key, name, totals }| group_body(key, name, &totals, &subjects))
        .collect();
    Ok(Json(ShortagesBody {
        province,
        school_year,
        grouping: grouping_key(grouping).to_owned(),
        total: group_body(String::new(), String::new(), &figures.totals(), &subjects),
        rows,
    }))
}

pub(crate) fn grouping_key(grouping: figures::Grouping) -> &'static str {
    match grouping {
        figures::Grouping::Cluster => "cluster",
        figures::Grouping::Commune => "commune",
        figures::Grouping::School => "school",
    }
}

/// A version of one family of staffing rules.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleSetBody {
    pub id: i64,
    /// `teaching_load`, `curriculum` or `staffing_norms`.
    pub family: String,
    /// `national`, or the province code of a department's own version.
    pub owner: String,
    pub version: i64,
    pub name: String,
    /// The circular or programme the values come from.
    pub source: String,
    pub based_on: Option<i64>,
    /// `draft`, `active` or `retired`.
    pub status: String,
}

impl From<rule_sets::RuleSet> for RuleSetBody {
    fn from(set: rule_sets::RuleSet) -> RuleSetBody {
        RuleSetBody {
            id: set.id,
            family: set.family,
            owner: set.owner,
            version: set.version,
            name: set.name,
            source: set.source,
            based_on: set.based_on,
            status: set.status,
        }
    }
}

/// List the staffing rule sets a province can use: the national ones and its own.
#[utoipa::path(
    get,
    path = "/api/v1/provinces/{code}/staffing-rule-sets",
    operation_id = "list_staffing_rule_sets",
    tag = "personnel",
    params(("code" = String, Path, description = "Province code", example = "79")),
    responses(
        (status = 200, description = "Versions by family, newest first", body = Vec<RuleSetBody>),
        (status = 400, description = "Invalid province code", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(province.code = %raw_code))]
pub async fn rule_set_list(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_code): ApiPath) -> AppResult<Json<Vec<RuleSetBody>>> {
    let province = parse_province("code", &raw_code)?;
    user.require(Action::ViewProvince { province: &province })?;

    let sets = rule_sets::list(&state.db, &province).await?;
    Ok(Json(sets.into_iter().map(RuleSetBody::from).collect()))
}

/// One rule with its source.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleBody {
    pub position: i64,
    pub kind: String,
    pub level: String,
    pub school_type: String,
    pub grade: Option<i32>,
    pub subject: Option<String>,
    pub item_key: String,
    pub item_vi: String,
    pub item_en: String,
    /// Null where the source's value was not found.
    pub value: Option<f64>,
    pub unit: String,
    pub article: String,
    pub source: String,
    /// False for values not checked against the source's text.
    pub verified: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleSetDetailBody {
    #[serde(flatten)]
    pub set: RuleSetBody,
    pub rules: Vec<RuleBody>,
}

/// Show one staffing rule set with its rules.
#[utoipa::path(
    get,
    path = "/api/v1/staffing-rule-sets/{id}",
    operation_id = "get_staffing_rule_set",
    tag = "personnel",
    params(("id" = i64, Path, description = "Rule set id")),
    responses(
        (status = 200, description = "The version and its rules in file order", body = RuleSetDetailBody),
        (status = 400, description = "The id is not a positive integer", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such rule set, or another province's", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(rule_set.id = %raw_id))]
pub async fn rule_set_detail(State(state): State<AppState>, user: CurrentUser, ApiPath(raw_id): ApiPath) -> AppResult<Json<RuleSetDetailBody>> {
    let id = parse_id("id", &raw_id)?;

    let set = rule_sets::get(&state.db, id).await?;
    let visible = if set.owner == NATIONAL { !user.actor.grants.is_empty() || user.actor.deployment_admin } else { user.allows(Action::ViewProvince { province: &set.owner }) };
    if !visible {
        return Err(AppError::NotFound);
    }

    let rules = rule_sets::rules(&state.db, id).await?;
    Ok(Json(RuleSetDetailBody {
        set: set.into(),
        rules: rules
            .into_iter()
            .map(|stored| RuleBody {
                position: stored.position,
                kind: stored.rule.kind,
                level: stored.rule.level,
                school_type: stored.rule.school_type,
                grade: stored.rule.grade,
                subject: stored.rule.subject,
                item_key: stored.rule.item_key,
                item_vi: stored.rule.item_vi,
                item_en: stored.rule.item_en,
                value: stored.rule.value,
                unit: stored.rule.unit,
                article: stored.rule.article,
                source: stored.rule.source,
                verified: stored.rule.verified,
            })
            .collect(),
    }))
}
