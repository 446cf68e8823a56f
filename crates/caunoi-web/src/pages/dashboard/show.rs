//! The dashboard pages of a province and of a cluster.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use serde::Deserialize;
use tracing::instrument;

use super::model::{DashboardTarget, Indicator};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{FluentArg, Locale};
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    /// Map colouring: `ack`, `reports` or `requests`.
    pub indicator: Option<String>,
}

/// One choice of the map indicator selector.
pub(crate) struct IndicatorChoice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "dashboard/page.html")]
struct DashboardPage {
    nav: Nav,
    heading: String,
    lead: String,
    notices: Vec<String>,
    page_path: String,
    /// Event stream of the figures, with the revision the page shows.
    events_url: String,
    indicators: Vec<IndicatorChoice>,
    figures: std::sync::Arc<String>,
}

/// Shows the department dashboard of a province.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn province(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<DashboardQuery>,
) -> AppResult<Response> {
    let target = DashboardTarget::for_province(&state, &user, &raw_province).await?;
    page(&state, locale, &user, &uri, &target, &query).await
}

/// Shows the dashboard of one cluster.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn cluster(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<DashboardQuery>,
) -> AppResult<Response> {
    let target = DashboardTarget::for_cluster(&state, &user, &raw_id).await?;
    page(&state, locale, &user, &uri, &target, &query).await
}

async fn page(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    target: &DashboardTarget,
    query: &DashboardQuery,
) -> AppResult<Response> {
    let mut notices = Vec::new();
    let indicator = Indicator::parse(query.indicator.as_deref()).unwrap_or_else(|value| {
        notices.push(locale.t_args("dash-notice-invalid-indicator", &[("value", FluentArg::Text(value))]));
        Indicator::default()
    });

    let (_, model) = target.model(state).await?;
    let (revision, figures) = target.fragment(state, locale, indicator).await?;

    let heading = match &model.cluster_name {
        Some(name) => locale.t1("dash-heading-cluster", "cluster", name),
        None => locale.t1("dash-heading-province", "province", &model.province_name),
    };
    let lead = if target.visibility.whole_province || target.cluster.is_some() {
        locale.t1("dash-lead", "year", &model.school_year)
    } else {
        locale.t1("dash-lead-narrowed", "year", &model.school_year)
    };
    let indicators = Indicator::ALL
        .into_iter()
        .map(|choice| IndicatorChoice {
            value: choice.as_str(),
            label: locale.tp("dash-indicator", choice.as_str()),
            selected: choice == indicator,
        })
        .collect();
    let active = if target.cluster.is_some() { "cluster-dashboard" } else { "dashboard" };
    let page = DashboardPage {
        nav: Nav::new(locale, user, Some(&target.province), active, uri),
        heading,
        lead,
        notices,
        page_path: target.page_path(),
        events_url: format!("{}?indicator={}&since={revision}", target.events_path(), indicator.as_str()),
        indicators,
        figures,
    };
    render(&page)
}
