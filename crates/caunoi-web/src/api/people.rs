//! People holding roles in a province, one person, and the caller.

use axum::Json;
use axum::extract::State;
use caunoi_core::org::Role;
use caunoi_core::policy::{self, Action};
use caunoi_core::text::fold;
use caunoi_db::users::{self, GrantView, PeopleFilter, Person};
use serde::{Deserialize, Serialize};
use tracing::instrument;
use utoipa::{IntoParams, ToSchema};

use super::error::ErrorBody;
use super::params::{ApiPath, ApiQuery, List, PageQuery, bad_parameter, parse_id, present, visible_province};
use super::schools::split_roles;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;

/// A person in a list of people.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonItem {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    /// The person's first school, when they hold a role on one.
    pub school_id: Option<i64>,
    pub school_name: Option<String>,
    /// Every role the person holds, such as `school_leader`.
    #[schema(example = json!(["school_leader"]))]
    pub roles: Vec<String>,
    /// Demo data generated with the demo schools, not a real person.
    pub is_generated: bool,
}

impl From<Person> for PersonItem {
    fn from(person: Person) -> PersonItem {
        PersonItem {
            id: person.id,
            username: person.username,
            full_name: person.full_name,
            school_id: person.school_id,
            school_name: person.school_name,
            roles: split_roles(&person.roles),
            is_generated: person.is_generated == 1,
        }
    }
}

/// A person with every role they hold and where.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonDetail {
    #[serde(flatten)]
    pub person: PersonItem,
    pub email: Option<String>,
    pub grants: Vec<GrantItem>,
}

/// One role held on one scope.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantItem {
    #[schema(example = "school_leader")]
    pub role: String,
    /// `province`, `cluster`, `commune` or `school`.
    #[schema(example = "school")]
    pub scope: String,
    #[schema(example = "79")]
    pub province_code: String,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    pub school_id: Option<i64>,
    pub school_name: Option<String>,
}

impl From<GrantView> for GrantItem {
    fn from(grant: GrantView) -> GrantItem {
        let scope = match (&grant.cluster_id, &grant.commune_code, &grant.school_id) {
            (Some(_), _, _) => "cluster",
            (_, Some(_), _) => "commune",
            (_, _, Some(_)) => "school",
            _ => "province",
        };
        GrantItem {
            role: grant.role,
            scope: scope.to_owned(),
            province_code: grant.province_code,
            cluster_id: grant.cluster_id,
            cluster_name: grant.cluster_name,
            commune_code: grant.commune_code,
            commune_name: grant.commune_name,
            school_id: grant.school_id,
            school_name: grant.school_name,
        }
    }
}

/// The caller and their roles.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    /// Operator of this deployment, who adds departments and may open every province.
    pub deployment_admin: bool,
    /// Codes of the provinces where the caller has a role.
    #[schema(example = json!(["79"]))]
    pub provinces: Vec<String>,
    /// Distinct roles the caller holds.
    #[schema(example = json!(["school_leader"]))]
    pub roles: Vec<String>,
    pub grants: Vec<GrantItem>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Province code; defaults to the caller's only province.
    #[param(example = "79")]
    pub province: Option<String>,
    /// Only people holding this role in the province, such as `school_leader`.
    #[param(example = "school_leader")]
    pub role: Option<String>,
    /// Only people holding a role on this school.
    #[param(value_type = Option<i64>)]
    pub school: Option<String>,
    /// Search in full names and usernames, ignoring case and tone marks.
    pub q: Option<String>,
}

/// List the people of a province whom the caller may see, in Vietnamese name order.
///
/// The list covers what the caller's roles reach: the whole province for its
/// department, else the schools of their clusters, communes and own school.
#[utoipa::path(
    get,
    path = "/api/v1/people",
    operation_id = "list_people",
    tag = "people",
    params(PeopleQuery, PageQuery),
    responses(
        (status = 200, description = "One page of people", body = List<PersonItem>),
        (status = 400, description = "Invalid parameter, or `province` needed", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such province, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiQuery(query): ApiQuery<PeopleQuery>,
    ApiQuery(paging): ApiQuery<PageQuery>,
) -> AppResult<Json<List<PersonItem>>> {
    let page = paging.parse()?;
    let role = present(&query.role)
        .map(|raw| Role::parse(raw).ok_or_else(|| bad_parameter("api-error-role", "role", raw)))
        .transpose()?;
    let school_id = present(&query.school).map(|raw| parse_id("school", raw)).transpose()?;
    let province = visible_province(&state.db, &user, &query.province).await?;
    let visibility = policy::staff_visibility(&user.actor, &province);
    let filter = PeopleFilter { province, role, school_id, query: present(&query.q).map(fold), visibility };

    let (items, total) = users::list(&state.db, &filter, page).await?;

    Ok(Json(List { items: items.into_iter().map(PersonItem::from).collect(), total }))
}

/// Show one person and every role they hold.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}",
    operation_id = "get_person",
    tag = "people",
    params(("id" = i64, Path, description = "Person id")),
    responses(
        (status = 200, description = "The person", body = PersonDetail),
        (status = 400, description = "The id is not a number", body = ErrorBody),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
        (status = 404, description = "No such person, or outside the caller's scope", body = ErrorBody),
    )
)]
#[instrument(skip_all, fields(user.id = %raw_id))]
pub async fn detail(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiPath(raw_id): ApiPath,
) -> AppResult<Json<PersonDetail>> {
    let id = parse_id("id", &raw_id)?;

    let facts = users::facts(&state.db, id).await?;
    user.require(Action::ViewPerson { person: &facts })?;

    let person = users::get(&state.db, id).await?;
    let grants = users::grant_views(&state.db, id).await?;

    // Contact details follow the same rule as on screen: the person and department staff.
    let email = person.email.clone().filter(|_| user.allows(Action::ViewContact { person: &facts }));
    Ok(Json(PersonDetail {
        person: person.into(),
        email,
        grants: grants.into_iter().map(GrantItem::from).collect(),
    }))
}

/// Show the caller and their roles.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    operation_id = "get_me",
    tag = "people",
    responses(
        (status = 200, description = "The caller", body = Me),
        (status = 401, description = "Missing, unknown or revoked credentials", body = ErrorBody),
    )
)]
#[instrument(skip_all)]
pub async fn me(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Me>> {
    let person = users::get(&state.db, user.id).await?;
    let grants = users::grant_views(&state.db, user.id).await?;

    let mut roles: Vec<String> = grants.iter().map(|grant| grant.role.clone()).collect();
    roles.sort();
    roles.dedup();
    Ok(Json(Me {
        id: user.id,
        username: person.username,
        full_name: person.full_name,
        email: person.email,
        deployment_admin: user.actor.deployment_admin,
        provinces: user.provinces(),
        roles,
        grants: grants.into_iter().map(GrantItem::from).collect(),
    }))
}
