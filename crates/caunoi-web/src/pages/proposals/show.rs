//! The page of one proposal: map, figures, communes per cluster and the editing forms.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use caunoi_core::text::collate::sort_key;
use caunoi_db::clusters::{self, StoredProposal};
use caunoi_db::communes::{self, Commune};
use caunoi_db::schools;
use serde::Deserialize;
use tracing::warn;

use super::figures::{self, WeightBasis};
use super::{load_managed, parse_id};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::map::{self, Colouring, MapLabels, MapUnit};
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// Messages and kept values of a rejected edit, shown next to its form.
#[derive(Debug, Default)]
pub(super) struct EditErrors {
    /// A rejection of the whole request, such as an edit of a saved proposal.
    pub general: Option<String>,
    pub move_error: Option<String>,
    pub move_commune: String,
    pub move_cluster: String,
    /// Number (1-based) of the cluster whose rename was rejected.
    pub rename_cluster: Option<usize>,
    pub rename_value: String,
    pub rename_error: Option<String>,
    pub save_error: Option<String>,
}

struct ClusterView {
    /// 1-based number, the value of the cluster fields of the forms.
    number: usize,
    name: String,
    /// Legend swatch of the cluster's colour on the map, as SVG.
    swatch: String,
    /// Value of the rename field: the name, or the rejected input.
    name_value: String,
    rename_error: Option<String>,
    communes: Vec<String>,
    commune_count: String,
    schools: String,
    deviation: String,
    radius: String,
    contiguous: bool,
    empty: bool,
}

struct CommuneOption {
    code: String,
    label: String,
    selected: bool,
}

struct ClusterOption {
    number: usize,
    name: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "proposals/show.html")]
struct ShowPage {
    nav: Nav,
    id: i64,
    province_code: String,
    school_year: String,
    k: String,
    weights_by_commune: bool,
    generated_schools: bool,
    /// When the proposal was saved, formatted.
    saved_at: Option<String>,
    /// Cluster count of the proposal's year when that year got clusters in the meantime.
    year_taken: Option<String>,
    notice: Option<String>,
    map_svg: String,
    balance_ratio: String,
    weight_cv: String,
    compactness: String,
    all_contiguous: bool,
    not_contiguous: Vec<String>,
    empty_clusters: Vec<String>,
    clusters: Vec<ClusterView>,
    commune_options: Vec<CommuneOption>,
    cluster_options: Vec<ClusterOption>,
    errors: EditErrors,
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    notice: Option<String>,
}

/// Shows a proposal with its figures recomputed for the current assignment.
#[tracing::instrument(skip_all, fields(proposal.id = %id))]
pub async fn show(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<ShowQuery>,
    uri: Uri,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let stored = load_managed(&state, &user, id).await?;

    // Only the known notices are shown, so a link cannot put arbitrary text on the page.
    let notice = match query.notice.as_deref() {
        Some("moved") => Some(locale.t("proposals-notice-moved")),
        Some("renamed") => Some(locale.t("proposals-notice-renamed")),
        _ => None,
    };
    render_show(&state, locale, &user, &uri, &stored, notice, EditErrors::default(), StatusCode::OK).await
}

/// Renders the page of a proposal with the given status, notice and rejected edit.
#[expect(clippy::too_many_arguments, reason = "every handler passes its own parts, so a struct would only rename the arguments")]
pub(super) async fn render_show(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    stored: &StoredProposal,
    notice: Option<String>,
    errors: EditErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let province = stored.province_code.as_str();
    let communes = communes::all_in_province(&state.db, province).await?;
    let school_counts: HashMap<String, i64> = schools::count_by_commune(&state.db, province).await?.into_iter().collect();
    let years = clusters::year_counts(&state.db, province).await?;
    let generated_schools = clusters::generated_school_count(&state.db, province).await?;

    // NOTE: a commune removed from the reference list after the proposal was made is
    // left out of the figures, and one added since is not in the proposal at all.
    let by_code: HashMap<&str, &Commune> = communes.iter().map(|commune| (commune.code.as_str(), commune)).collect();
    let members: Vec<(&Commune, usize)> = stored
        .layout
        .assignment
        .iter()
        .filter_map(|(code, cluster)| by_code.get(code.as_str()).map(|commune| (*commune, *cluster)))
        .collect();
    if members.len() != stored.layout.assignment.len() {
        warn!(
            proposal.id = stored.id,
            missing_communes = stored.layout.assignment.len() - members.len(),
            "proposal {} names communes that are no longer in the reference list",
            stored.id
        );
    }
    let member_communes: Vec<&Commune> = members.iter().map(|(commune, _)| *commune).collect();
    let assignment: Vec<usize> = members.iter().map(|(_, cluster)| *cluster).collect();
    let k = stored.layout.names.len();
    let evaluation =
        figures::evaluate(&member_communes, &assignment, k, &school_counts).map_err(AppError::internal)?;

    let map_svg = proposal_map(locale, stored, &members, &school_counts);

    let page = build_page(locale, user, uri, stored, &members, &evaluation, &years, generated_schools, map_svg, notice, errors);
    let response = render(&page)?;
    Ok((status, response).into_response())
}

/// Prefix of the map's element ids; the swatches of the figures table use it too.
const MAP_ID: &str = "proposal-map";

/// Draws the communes coloured by proposed cluster, with a legend of cluster names.
fn proposal_map(
    locale: Locale,
    stored: &StoredProposal,
    members: &[(&Commune, usize)],
    school_counts: &HashMap<String, i64>,
) -> String {
    let names = &stored.layout.names;
    let units: Vec<MapUnit> = members
        .iter()
        .map(|(commune, cluster)| {
            let schools = school_counts.get(&commune.code).copied().unwrap_or(0);
            MapUnit {
                name: commune.name.clone(),
                short_name: commune.short_name.clone(),
                lat: commune.lat,
                lon: commune.lon,
                area_km2: commune.area_km2,
                href: format!("/communes/{}", commune.code),
                details: vec![names[*cluster].clone(), locale.t1("proposals-cluster-schools", "schools", &locale.int(schools))],
                group: Some(*cluster),
                value: None,
            }
        })
        .collect();
    let labels = MapLabels {
        id: MAP_ID.to_owned(),
        title: locale.t1("proposals-map-title", "year", &stored.school_year),
        description: locale.t("proposals-map-description"),
        missing: locale.t("proposals-map-no-cluster"),
        inset_note: locale.t("proposals-map-inset"),
    };
    map::commune_map(&units, &Colouring::Groups { names: names.clone() }, &labels)
}

#[expect(clippy::too_many_arguments, reason = "assembles the page from the loaded parts")]
fn build_page(
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    stored: &StoredProposal,
    members: &[(&Commune, usize)],
    evaluation: &figures::Evaluation,
    years: &[(String, i64)],
    generated_schools: i64,
    map_svg: String,
    notice: Option<String>,
    errors: EditErrors,
) -> ShowPage {
    let names = &stored.layout.names;
    let metrics = &evaluation.metrics;

    let mut communes_of: Vec<Vec<&Commune>> = vec![Vec::new(); names.len()];
    for (commune, cluster) in members {
        communes_of[*cluster].push(commune);
    }
    for list in &mut communes_of {
        list.sort_by_cached_key(|commune| sort_key(&commune.short_name));
    }

    let clusters: Vec<ClusterView> = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let cluster = &metrics.clusters[index];
            let number = index + 1;
            let rejected = errors.rename_cluster == Some(number);
            ClusterView {
                number,
                name: name.clone(),
                swatch: map::group_swatch(MAP_ID, index),
                name_value: if rejected { errors.rename_value.clone() } else { name.clone() },
                rename_error: if rejected { errors.rename_error.clone() } else { None },
                communes: communes_of[index].iter().map(|commune| commune.name.clone()).collect(),
                commune_count: locale.int(cluster.units as i64),
                schools: locale.int(evaluation.schools[index]),
                deviation: figures::deviation_percent(locale, cluster.relative_deviation),
                radius: if cluster.units == 0 { "—".to_owned() } else { figures::kilometres(locale, cluster.radius_km) },
                contiguous: cluster.contiguous,
                empty: cluster.units == 0,
            }
        })
        .collect();

    let mut commune_options: Vec<CommuneOption> = members
        .iter()
        .map(|(commune, cluster)| CommuneOption {
            code: commune.code.clone(),
            label: format!("{} ({})", commune.name, names[*cluster]),
            selected: errors.move_commune == commune.code,
        })
        .collect();
    let sort_keys: HashMap<&str, String> =
        members.iter().map(|(commune, _)| (commune.code.as_str(), sort_key(&commune.short_name))).collect();
    commune_options.sort_by(|a, b| sort_keys[a.code.as_str()].cmp(&sort_keys[b.code.as_str()]));
    let cluster_options = names
        .iter()
        .enumerate()
        .map(|(index, name)| ClusterOption {
            number: index + 1,
            name: name.clone(),
            selected: errors.move_cluster == (index + 1).to_string(),
        })
        .collect();

    let year_taken = if stored.saved_at.is_none() {
        years.iter().find(|(year, _)| *year == stored.school_year).map(|(_, count)| {
            let args = [("year", FluentArg::Text(stored.school_year.clone())), ("count", FluentArg::Number(*count))];
            locale.t_args("proposals-year-taken", &args)
        })
    } else {
        None
    };

    ShowPage {
        nav: Nav::new(locale, user, Some(&stored.province_code), "proposals", uri),
        id: stored.id,
        province_code: stored.province_code.clone(),
        school_year: stored.school_year.clone(),
        k: locale.int(names.len() as i64),
        weights_by_commune: evaluation.basis == WeightBasis::Communes,
        generated_schools: generated_schools > 0,
        saved_at: stored.saved_at.map(i18n::datetime),
        year_taken,
        notice,
        map_svg,
        balance_ratio: figures::balance_ratio(locale, metrics.balance_ratio),
        weight_cv: figures::coefficient_of_variation(locale, metrics.weight_cv),
        compactness: figures::kilometres(locale, metrics.compactness_km),
        all_contiguous: metrics.all_contiguous,
        not_contiguous: clusters.iter().filter(|c| !c.contiguous && !c.empty).map(|c| c.name.clone()).collect(),
        empty_clusters: clusters.iter().filter(|c| c.empty).map(|c| c.name.clone()).collect(),
        clusters,
        commune_options,
        cluster_options,
        errors,
    }
}
