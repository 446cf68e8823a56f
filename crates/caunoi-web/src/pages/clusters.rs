//! Professional clusters: a province's clusters of one school year, one cluster with
//! its communes, schools and coordinating board, and the forms that add a board member
//! or place a school in the cluster.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::org::SchoolLevel;
use caunoi_core::policy::{Action, ClusterFacts};
use caunoi_core::text::normalize;
use caunoi_db::audit::{self, AuditEntry};
use caunoi_db::clusters::{self, BoardMember, Cluster, NewBoardMember};
use caunoi_db::communes::Commune;
use caunoi_db::provinces::{self, Province};
use caunoi_db::schools::{self, School, SchoolFilter};
use caunoi_db::{DbError, users};
use serde::Deserialize;
use tracing::{info, instrument};

use super::province::{MapMode, MapView, ProvinceMap, YearChoice, YearQuery, choose_year};
use super::provinces::hosted_code;
use super::render;
use super::schools::{last_page_if_past_end, non_blank, parse_id, parse_page};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{FluentArg, Locale};
use crate::map;
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

/// A cluster in the list, with its colour on the map.
struct ClusterRow {
    cluster: Cluster,
    swatch: String,
}

#[derive(Template)]
#[template(path = "clusters/list.html")]
struct ListPage {
    nav: Nav,
    province: Province,
    choice: YearChoice,
    /// Target of the school-year selector.
    year_action: String,
    notices: Vec<String>,
    clusters: Vec<ClusterRow>,
    cluster_count: i64,
    commune_total: i64,
    school_total: i64,
    map: MapView,
}

/// Lists a province's clusters of one school year with their commune and school counts,
/// beside the map coloured by cluster.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<YearQuery>,
) -> AppResult<Response> {
    let code = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ViewProvince { province: &code })?;

    let mut notices = Vec::new();
    let choice = choose_year(&state.db, &code, query.year.as_deref(), locale, &mut notices).await?;
    let province = provinces::get(&state.db, &code).await?;
    let map_data = ProvinceMap::load(&state.db, &code, &choice.year).await?;

    let map = map_data.cluster_view(locale, &province, &choice.year);
    let clusters: Vec<ClusterRow> = map_data
        .clusters
        .iter()
        .enumerate()
        .map(|(index, cluster)| ClusterRow { cluster: cluster.clone(), swatch: map::group_swatch("province-map", index) })
        .collect();
    let page = ListPage {
        nav: Nav::new(locale, &user, Some(&code), "clusters", &uri),
        commune_total: clusters.iter().map(|row| row.cluster.commune_count).sum(),
        school_total: clusters.iter().map(|row| row.cluster.school_count).sum(),
        year_action: format!("/p/{code}/clusters"),
        cluster_count: clusters.len() as i64,
        province,
        choice,
        notices,
        clusters,
        map,
    };
    render(&page)
}

#[derive(Debug, Default, Deserialize)]
pub struct DetailQuery {
    level: Option<String>,
    page: Option<String>,
}

/// Messages of a form's invalid fields, by field name.
#[derive(Debug, Default)]
struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    fn add(&mut self, field: &'static str, message: String) {
        self.0.push((field, message));
    }

    fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| *name == field).map(|(_, message)| message.as_str())
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The values of the board form, as typed, and their errors.
#[derive(Debug, Default, Deserialize)]
pub struct BoardInput {
    #[serde(default)]
    username: String,
    #[serde(default)]
    board_role: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    affiliation: String,
    #[serde(skip)]
    errors: FieldErrors,
}

/// The values of the override form, as typed, and their errors.
#[derive(Debug, Default, Deserialize)]
pub struct OverrideInput {
    #[serde(default)]
    school: String,
    #[serde(default)]
    reason: String,
    #[serde(skip)]
    errors: FieldErrors,
}

/// Board roles in the order the form offers them. The first is preselected, so a form
/// sent without a choice adds a plain member rather than a coordinator.
const BOARD_ROLES: [&str; 3] = ["member", "level_head", "coordinator"];
const AFFILIATIONS: [&str; 3] = ["department", "commune", "school"];

/// Maximum length of an override reason in characters: a sentence or two, not a report.
const MAX_REASON_CHARS: usize = 500;

#[derive(Template)]
#[template(path = "clusters/detail.html")]
struct DetailPage {
    nav: Nav,
    cluster: Cluster,
    province: Province,
    communes: Vec<Commune>,
    map: MapView,
    notices: Vec<String>,
    level: String,
    levels: Vec<&'static str>,
    schools: Vec<School>,
    pager: Pager,
    board: Vec<BoardMember>,
    can_manage_board: bool,
    can_override: bool,
    board_roles: [&'static str; 3],
    affiliations: [&'static str; 3],
    board_form: BoardInput,
    override_form: OverrideInput,
}

/// Loads the cluster's facts and checks that the user may see it; a missing cluster and
/// a refused one are both "not found".
async fn authorised_cluster(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<ClusterFacts> {
    let id = parse_id(raw_id)?;
    let facts = clusters::facts(&state.db, id).await?;
    user.require(Action::ViewCluster { cluster: &facts })?;
    Ok(facts)
}

/// Builds the detail page of a cluster the user may see, with the forms' values.
async fn detail_page(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    facts: &ClusterFacts,
    query: DetailQuery,
    board_form: BoardInput,
    override_form: OverrideInput,
) -> AppResult<DetailPage> {
    let cluster = clusters::get(&state.db, facts.id).await?;
    let province = provinces::get(&state.db, &facts.province).await?;
    let map_data = ProvinceMap::load(&state.db, &facts.province, &cluster.school_year).await?;
    let board = clusters::board(&state.db, facts.id).await?;

    let mut notices = Vec::new();
    let level = match non_blank(&query.level) {
        Some(text) if SchoolLevel::parse(text).is_some() => Some(text.to_owned()),
        Some(text) => {
            notices.push(locale.t1("schools-notice-invalid-level", "value", text));
            None
        }
        None => None,
    };
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    let filter = SchoolFilter {
        province: facts.province.clone(),
        school_year: cluster.school_year.clone(),
        cluster_id: Some(facts.id),
        level: level.clone(),
        ..SchoolFilter::default()
    };
    let (mut schools, total) = schools::list(&state.db, &filter, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        schools = schools::list(&state.db, &filter, page).await?.0;
    }

    let title = locale.t_args(
        "map-title-cluster",
        &[("cluster", FluentArg::Text(cluster.name.clone())), ("year", FluentArg::Text(cluster.school_year.clone()))],
    );
    let description = locale.t_args(
        "map-description-cluster",
        &[
            ("cluster", FluentArg::Text(cluster.name.clone())),
            ("communes", FluentArg::Number(cluster.commune_count)),
            ("province", FluentArg::Text(province.name.clone())),
        ],
    );
    let svg = map_data.render(locale, MapMode::Highlight(facts.id), "cluster-map", title, description);
    let communes: Vec<Commune> = map_data
        .communes
        .iter()
        .filter(|commune| map_data.cluster_id(&commune.code) == Some(facts.id))
        .cloned()
        .collect();
    let base = query_base(&format!("/clusters/{}", facts.id), &[("level", level.clone())]);
    let nav_uri: Uri = format!("/clusters/{}", facts.id).parse().map_err(crate::error::AppError::internal)?;
    Ok(DetailPage {
        nav: Nav::new(locale, user, Some(&facts.province), "clusters", &nav_uri),
        can_manage_board: user.allows(Action::ManageClusterBoard { cluster: facts }),
        can_override: user.allows(Action::ManageProvince { province: &facts.province }),
        map: MapView { svg, rows: Vec::new() },
        pager: Pager::new(page, total, base),
        level: level.unwrap_or_default(),
        levels: SchoolLevel::ALL.iter().map(|level| level.as_str()).collect(),
        board_roles: BOARD_ROLES,
        affiliations: AFFILIATIONS,
        cluster,
        province,
        communes,
        notices,
        schools,
        board,
        board_form,
        override_form,
    })
}

/// Shows a cluster: its communes on the province map, its schools of the cluster's
/// year (paged, filtered by level), its coordinating board and, for those allowed,
/// the forms that change them.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn detail(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Query(query): Query<DetailQuery>,
) -> AppResult<Response> {
    let facts = authorised_cluster(&state, &user, &raw_id).await?;

    let page = detail_page(&state, locale, &user, &facts, query, BoardInput::default(), OverrideInput::default()).await?;
    render(&page)
}

/// Re-renders the detail page with a form's errors and status 422.
async fn invalid_form(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    facts: &ClusterFacts,
    board_form: BoardInput,
    override_form: OverrideInput,
) -> AppResult<Response> {
    let page = detail_page(state, locale, user, facts, DetailQuery::default(), board_form, override_form).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// Adds a person of the cluster's province to its coordinating board, or changes their
/// board role, and records it in the audit log.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn add_board_member(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Form(mut input): Form<BoardInput>,
) -> AppResult<Response> {
    let facts = authorised_cluster(&state, &user, &raw_id).await?;
    user.require(Action::ManageClusterBoard { cluster: &facts })?;

    let Some(member) = parse_board_member(&state, locale, &facts, &mut input).await? else {
        return invalid_form(&state, locale, &user, &facts, input, OverrideInput::default()).await;
    };
    clusters::add_board_member(&state.db, &member).await?;
    let entry = AuditEntry {
        user_id: Some(user.id),
        province: Some(&facts.province),
        action: "clusters.add_board_member",
        entity: "cluster",
        entity_id: facts.id.to_string(),
        details: serde_json::json!({
            "user_id": member.user_id,
            "board_role": member.board_role,
            "level": member.level,
            "affiliation": member.affiliation,
        }),
    };
    // NOTE: the board row and its audit record are two statements, not one transaction,
    // because the repository's `add_board_member` takes the pool rather than a transaction.
    audit::record(&state.db.pool, &entry).await?;
    info!(cluster.id = facts.id, user.id = member.user_id, board.role = %member.board_role, "board member added");
    Ok(Redirect::to(&format!("/clusters/{}#board", facts.id)).into_response())
}

/// Checks the board form, adding a message per invalid field to `input.errors`.
async fn parse_board_member(
    state: &AppState,
    locale: Locale,
    facts: &ClusterFacts,
    input: &mut BoardInput,
) -> AppResult<Option<NewBoardMember>> {
    input.username = input.username.trim().to_owned();
    let username = input.username.clone();
    let mut member_id = None;
    if username.is_empty() {
        input.errors.add("username", locale.t("board-error-username-missing"));
    } else {
        // A person of another province gets the same message as an unknown username, so
        // that the form does not reveal who exists elsewhere.
        let found = match users::id_by_username(&state.db, &username).await {
            Ok(id) => Some(id),
            Err(DbError::NotFound) => None,
            Err(other) => return Err(other.into()),
        };
        if let Some(id) = found {
            let person = users::facts(&state.db, id).await?;
            if person.provinces.contains(&facts.province) {
                member_id = Some(id);
            }
        }
        if member_id.is_none() {
            input.errors.add("username", locale.t1("board-error-username-unknown", "value", &username));
        }
    }

    let role = input.board_role.trim().to_owned();
    if !BOARD_ROLES.contains(&role.as_str()) {
        input.errors.add("board_role", locale.t("board-error-role"));
    }
    let level_text = input.level.trim().to_owned();
    let level = match (role.as_str(), SchoolLevel::parse(&level_text)) {
        ("level_head", Some(level)) => Some(level.as_str().to_owned()),
        ("level_head", None) if level_text.is_empty() => {
            input.errors.add("level", locale.t("board-error-level-missing"));
            None
        }
        ("level_head", None) => {
            input.errors.add("level", locale.t1("board-error-level", "value", &level_text));
            None
        }
        // Only a level head is tied to a level; a level chosen with another role is dropped.
        _ => None,
    };
    let affiliation = input.affiliation.trim().to_owned();
    if !AFFILIATIONS.contains(&affiliation.as_str()) {
        input.errors.add("affiliation", locale.t("board-error-affiliation"));
    }

    match member_id {
        Some(user_id) if input.errors.is_empty() => {
            Ok(Some(NewBoardMember { cluster_id: facts.id, user_id, board_role: role, level, affiliation }))
        }
        _ => Ok(None),
    }
}

/// Places a school of the province in this cluster for the cluster's school year,
/// whatever its commune's cluster. The repository records it in the audit log.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn add_override(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Form(mut input): Form<OverrideInput>,
) -> AppResult<Response> {
    let facts = authorised_cluster(&state, &user, &raw_id).await?;
    user.require(Action::ManageProvince { province: &facts.province })?;

    let Some((school_id, reason)) = parse_override(&state, locale, &facts, &mut input).await? else {
        return invalid_form(&state, locale, &user, &facts, BoardInput::default(), input).await;
    };
    clusters::set_override(&state.db, facts.id, school_id, &reason, Some(user.id)).await?;
    info!(cluster.id = facts.id, school.id = school_id, "school placed in cluster");
    Ok(Redirect::to(&format!("/clusters/{}#schools", facts.id)).into_response())
}

/// Checks the override form, adding a message per invalid field to `input.errors`.
async fn parse_override(
    state: &AppState,
    locale: Locale,
    facts: &ClusterFacts,
    input: &mut OverrideInput,
) -> AppResult<Option<(i64, String)>> {
    input.school = input.school.trim().to_owned();
    let mut school_id = None;
    if input.school.is_empty() {
        input.errors.add("school", locale.t("override-error-school-missing"));
    } else {
        let id = input.school.parse::<i64>().ok().filter(|id| *id > 0);
        // A school of another province gets the same message as a missing one.
        if let Some(id) = id {
            match schools::facts(&state.db, id).await {
                Ok(school) if school.province == facts.province => school_id = Some(id),
                Ok(_) | Err(DbError::NotFound) => {}
                Err(other) => return Err(other.into()),
            }
        }
        if school_id.is_none() {
            input.errors.add("school", locale.t1("override-error-school-unknown", "value", &input.school));
        }
    }

    let reason = normalize(input.reason.trim());
    let length = reason.chars().count();
    if reason.is_empty() {
        input.errors.add("reason", locale.t("override-error-reason-missing"));
    } else if length > MAX_REASON_CHARS {
        input.errors.add(
            "reason",
            locale.t_args(
                "override-error-reason-long",
                &[("length", FluentArg::Number(length as i64)), ("max", FluentArg::Number(MAX_REASON_CHARS as i64))],
            ),
        );
    }

    match school_id {
        Some(id) if input.errors.is_empty() => Ok(Some((id, reason))),
        _ => Ok(None),
    }
}
