//! The template lists of the department and of a cluster board, with the form that
//! starts a new template.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::policy::Action;
use caunoi_core::report::TemplateDefinition;
use caunoi_core::text::normalize;
use caunoi_db::DbError;
use caunoi_db::reports::templates::{self, NewTemplate, TemplateFilter, TemplateSummary};
use caunoi_db::{clusters, provinces};
use serde::Deserialize;
use tracing::instrument;

use super::design::{DesignError, MAX_HELP};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, Locale};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::pages::schools::{non_blank, parse_id};
use crate::state::AppState;
use crate::view::Nav;

/// Maximum length of a template name, in characters.
const MAX_NAME: usize = 200;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    archived: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewForm {
    pub name: String,
    pub description: String,
}

struct Row {
    id: i64,
    name: String,
    owner: String,
    version: i64,
    requests: String,
    updated: String,
}

#[derive(Template)]
#[template(path = "report_templates/list.html")]
struct ListPage {
    nav: Nav,
    heading: String,
    path: String,
    reports_href: String,
    q: String,
    archived: bool,
    rows: Vec<Row>,
    name: String,
    description: String,
    error: Option<String>,
}

/// Checks a template's name and description as typed.
pub(crate) fn parse_details(raw_name: &str, raw_description: &str) -> Result<(String, String), DesignError> {
    let name = normalize(raw_name);
    if name.is_empty() {
        return Err(DesignError::new("rtpl-error-missing").with("name", "name"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(DesignError::new("rtpl-error-too-long").with("name", "name").with("max", MAX_NAME.to_string()));
    }
    let description = raw_description.lines().map(normalize).collect::<Vec<_>>().join("\n").trim().to_owned();
    if description.chars().count() > MAX_HELP {
        return Err(DesignError::new("rtpl-error-too-long").with("name", "description").with("max", MAX_HELP.to_string()));
    }
    Ok((name, description))
}

/// Owner of a list: the department, or one cluster board.
struct Owner {
    province: String,
    cluster: Option<i64>,
    heading: String,
    path: String,
    reports_href: String,
}

async fn render_list(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    owner: &Owner,
    query: &ListQuery,
    typed: Option<(&NewForm, String)>,
) -> AppResult<Response> {
    let q = non_blank(&query.q).unwrap_or_default().to_owned();
    let archived = non_blank(&query.archived).is_some_and(|v| v == "1");
    let filter = TemplateFilter {
        province: owner.province.clone(),
        clusters: owner.cluster.map(|id| vec![id]),
        department_only: false,
        archived,
        query: (!q.is_empty()).then(|| q.clone()),
    };
    let items = templates::list(&state.db, &filter).await?;
    let department = provinces::department(&state.db, &owner.province).await?.name;
    let rows = items.into_iter().map(|item| row(locale, item, &department)).collect();
    let (name, description, error) = match typed {
        Some((form, message)) => (form.name.clone(), form.description.clone(), Some(message)),
        None => (String::new(), String::new(), None),
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = ListPage {
        nav: Nav::new(locale, user, Some(&owner.province), "reports", uri),
        heading: owner.heading.clone(),
        path: owner.path.clone(),
        reports_href: owner.reports_href.clone(),
        q,
        archived,
        rows,
        name,
        description,
        error,
    };
    Ok((status, render(&page)?).into_response())
}

fn row(locale: Locale, item: TemplateSummary, department: &str) -> Row {
    Row {
        id: item.id,
        name: item.name,
        owner: item.cluster_name.unwrap_or_else(|| department.to_owned()),
        version: item.current_version,
        requests: locale.int(item.requests),
        updated: i18n::datetime(item.updated_at),
    }
}

async fn department_owner(state: &AppState, locale: Locale, user: &CurrentUser, raw_province: &str) -> AppResult<Owner> {
    let province = hosted_code(&state.db, raw_province).await?;
    user.require(Action::DesignReportTemplate { province: &province, cluster: None })?;
    let department = provinces::department(&state.db, &province).await?;
    Ok(Owner {
        heading: locale.t1("rtpl-list-title", "owner", &department.name),
        path: format!("/p/{province}/report-templates"),
        reports_href: format!("/p/{province}/reports"),
        province,
        cluster: None,
    })
}

async fn cluster_owner(state: &AppState, locale: Locale, user: &CurrentUser, raw_id: &str) -> AppResult<Owner> {
    let id = parse_id(raw_id)?;
    let facts = clusters::facts(&state.db, id).await?;
    user.require(Action::DesignReportTemplate { province: &facts.province, cluster: Some(&facts) })?;
    let cluster = clusters::get(&state.db, id).await?;
    Ok(Owner {
        heading: locale.t1("rtpl-list-title", "owner", &locale.t1("rtpl-owner-cluster", "cluster", &cluster.name)),
        path: format!("/clusters/{id}/report-templates"),
        reports_href: format!("/clusters/{id}/reports"),
        province: facts.province,
        cluster: Some(id),
    })
}

/// Lists the templates of a province: the department's and the clusters'.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn department(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let owner = department_owner(&state, locale, &user, &raw_province).await?;
    render_list(&state, locale, &user, &uri, &owner, &query, None).await
}

/// Lists the templates of one cluster board.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn cluster(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let owner = cluster_owner(&state, locale, &user, &raw_id).await?;
    render_list(&state, locale, &user, &uri, &owner, &query, None).await
}

async fn create(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, owner: &Owner, form: &NewForm) -> AppResult<Response> {
    let (name, description) = match parse_details(&form.name, &form.description) {
        Ok(details) => details,
        Err(error) => {
            let message = error.message(locale);
            return render_list(state, locale, user, uri, owner, &ListQuery::default(), Some((form, message))).await;
        }
    };
    let definition = TemplateDefinition::default();
    let new = NewTemplate {
        province: &owner.province,
        cluster: owner.cluster,
        name: &name,
        description: &description,
        definition: &definition,
        created_by: user.id,
    };
    let id = match templates::create(&state.db, &new).await {
        Ok((id, _)) => id,
        Err(DbError::Conflict(constraint)) if constraint == templates::NAME_TAKEN => {
            let message = locale.t1("rtpl-error-name-taken", "name", &name);
            return render_list(state, locale, user, uri, owner, &ListQuery::default(), Some((form, message))).await;
        }
        Err(other) => return Err(other.into()),
    };
    tracing::info!(report_template.id = id, "report template created");
    Ok(Redirect::to(&format!("/report-templates/{id}")).into_response())
}

/// Starts a department template and opens its designer.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn create_department(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Form(form): Form<NewForm>,
) -> AppResult<Response> {
    let owner = department_owner(&state, locale, &user, &raw_province).await?;
    create(&state, locale, &user, &uri, &owner, &form).await
}

/// Starts a template of a cluster board and opens its designer.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn create_cluster(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<NewForm>,
) -> AppResult<Response> {
    let owner = cluster_owner(&state, locale, &user, &raw_id).await?;
    create(&state, locale, &user, &uri, &owner, &form).await
}
