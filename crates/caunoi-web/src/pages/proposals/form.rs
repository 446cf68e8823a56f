//! The proposal form of a province and the request that runs the proposal.

use std::collections::HashMap;
use std::time::Instant;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use caunoi_core::clustering::{ProposalParams, propose};
use caunoi_core::policy::Action;
use caunoi_core::school_year::SchoolYear;
use caunoi_db::clusters::{self, ProposalLayout, ProposalSummary};
use caunoi_db::{Db, communes, provinces, schools};
use serde::Deserialize;
use tracing::info;

use super::figures::{WeightBasis, unit_points};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// Number of clusters offered when the province has none yet.
const DEFAULT_K: usize = 5;

/// Facts about the province that the form page shows besides the form.
struct FormContext {
    province_code: String,
    province_name: String,
    commune_count: usize,
    school_count: i64,
    generated_schools: i64,
    /// School years that have clusters, newest first, with their cluster count.
    years: Vec<(String, i64)>,
    proposals: Vec<ProposalSummary>,
    default_year: SchoolYear,
    default_k: usize,
}

impl FormContext {
    async fn load(db: &Db, province: &str) -> AppResult<FormContext> {
        let details = provinces::get(db, province).await?;
        let years = clusters::year_counts(db, province).await?;
        let school_count = schools::count_by_commune(db, province).await?.iter().map(|(_, count)| count).sum();
        let generated_schools = clusters::generated_school_count(db, province).await?;
        let proposals = clusters::proposals(db, province).await?;
        let today = i18n::today();
        let current_year = clusters::current_year(db, province, today).await?;

        let default_year = years
            .first()
            .and_then(|(latest, _)| SchoolYear::parse(latest))
            .map(SchoolYear::next)
            .unwrap_or_else(|| SchoolYear::containing(today));
        let commune_count = usize::try_from(details.commune_count).unwrap_or(0);
        let current_count = years.iter().find(|(year, _)| *year == current_year).map(|(_, count)| *count);
        let default_k = current_count
            .and_then(|count| usize::try_from(count).ok())
            .unwrap_or(DEFAULT_K)
            .clamp(1, commune_count.max(1));

        Ok(FormContext {
            province_code: details.code,
            province_name: details.name,
            commune_count,
            school_count,
            generated_schools,
            years,
            proposals,
            default_year,
            default_k,
        })
    }
}

/// The form fields, kept as typed so that a rejected form shows them again.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CreateForm {
    school_year: String,
    k: String,
    seed: String,
}

/// Messages of the rejected fields, already translated.
#[derive(Debug, Default)]
struct FieldErrors {
    school_year: Option<String>,
    k: Option<String>,
    seed: Option<String>,
}

impl FieldErrors {
    fn is_empty(&self) -> bool {
        self.school_year.is_none() && self.k.is_none() && self.seed.is_none()
    }
}

/// A valid proposal request.
struct ProposalRequest {
    school_year: SchoolYear,
    k: usize,
    seed: u64,
}

/// Parses the form. Every rejected field gets its own message.
fn parse(input: &CreateForm, context: &FormContext, locale: Locale) -> Result<ProposalRequest, FieldErrors> {
    let mut errors = FieldErrors::default();

    let year_text = input.school_year.trim();
    let school_year = if year_text.is_empty() {
        errors.school_year = Some(locale.t("proposals-error-year-missing"));
        None
    } else {
        match SchoolYear::parse(year_text) {
            None => {
                errors.school_year = Some(locale.t1("proposals-error-year", "value", year_text));
                None
            }
            Some(year) => {
                let existing = context.years.iter().find(|(taken, _)| *taken == year.to_string());
                if let Some((_, count)) = existing {
                    let args = [("year", FluentArg::Text(year.to_string())), ("count", FluentArg::Number(*count))];
                    errors.school_year = Some(locale.t_args("proposals-error-year-exists", &args));
                }
                Some(year)
            }
        }
    };

    let k_text = input.k.trim();
    let max = FluentArg::Number(i64::try_from(context.commune_count).unwrap_or(i64::MAX));
    let k = match k_text.parse::<usize>() {
        _ if context.commune_count == 0 => {
            errors.k = Some(locale.t("proposals-error-no-communes"));
            None
        }
        Ok(k) if (1..=context.commune_count).contains(&k) => Some(k),
        _ if k_text.is_empty() => {
            errors.k = Some(locale.t_args("proposals-error-k-missing", &[("max", max)]));
            None
        }
        _ => {
            let args = [("value", FluentArg::Text(k_text.to_owned())), ("max", max)];
            errors.k = Some(locale.t_args("proposals-error-k", &args));
            None
        }
    };

    let seed_text = input.seed.trim();
    let seed = if seed_text.is_empty() {
        Some(0)
    } else {
        let parsed = seed_text.parse::<u64>().ok();
        if parsed.is_none() {
            errors.seed = Some(locale.t1("proposals-error-seed", "value", seed_text));
        }
        parsed
    };

    match (school_year, k, seed) {
        (Some(school_year), Some(k), Some(seed)) if errors.is_empty() => Ok(ProposalRequest { school_year, k, seed }),
        _ => Err(errors),
    }
}

struct YearRow {
    school_year: String,
    clusters: String,
}

struct ProposalRow {
    id: i64,
    school_year: String,
    k: String,
    created_by: String,
    created_at: String,
    saved_at: Option<String>,
}

#[derive(Template)]
#[template(path = "proposals/form.html")]
struct FormPage {
    nav: Nav,
    province_code: String,
    province_name: String,
    commune_count: String,
    school_count: String,
    has_communes: bool,
    weights_by_commune: bool,
    generated_schools: bool,
    years: Vec<YearRow>,
    proposals: Vec<ProposalRow>,
    action: String,
    max_k: usize,
    values: CreateForm,
    errors: FieldErrors,
}

impl FormPage {
    fn new(nav: Nav, context: &FormContext, values: CreateForm, errors: FieldErrors) -> FormPage {
        let locale = nav.locale;
        FormPage {
            province_code: context.province_code.clone(),
            province_name: context.province_name.clone(),
            commune_count: locale.int(i64::try_from(context.commune_count).unwrap_or(i64::MAX)),
            school_count: locale.int(context.school_count),
            has_communes: context.commune_count > 0,
            weights_by_commune: context.school_count == 0,
            generated_schools: context.generated_schools > 0,
            years: context
                .years
                .iter()
                .map(|(year, count)| YearRow { school_year: year.clone(), clusters: locale.int(*count) })
                .collect(),
            proposals: context
                .proposals
                .iter()
                .map(|proposal| ProposalRow {
                    id: proposal.id,
                    school_year: proposal.school_year.clone(),
                    k: locale.int(proposal.k),
                    created_by: proposal.created_by_name.clone(),
                    created_at: i18n::datetime(proposal.created_at),
                    saved_at: proposal.saved_at.map(i18n::datetime),
                })
                .collect(),
            action: format!("/p/{}/proposals", context.province_code),
            max_k: context.commune_count.max(1),
            values,
            errors,
            nav,
        }
    }
}

/// Shows the proposal form of a province, with its cluster years and earlier proposals.
#[tracing::instrument(skip_all, fields(province.code = %province))]
pub async fn form(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(province): Path<String>,
    uri: Uri,
) -> AppResult<Response> {
    user.require(Action::ManageProvince { province: &province })?;

    let context = FormContext::load(&state.db, &province).await?;

    let values = CreateForm {
        school_year: context.default_year.to_string(),
        k: context.default_k.to_string(),
        seed: String::new(),
    };
    let nav = Nav::new(locale, &user, Some(&province), "proposals", &uri);
    render(&FormPage::new(nav, &context, values, FieldErrors::default()))
}

/// Runs a proposal of `k` clusters for a school year that has no clusters yet, stores
/// it as a draft named "Cụm 1" to "Cụm k" and opens it.
#[tracing::instrument(skip_all, fields(province.code = %province))]
pub async fn create(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    Path(province): Path<String>,
    uri: Uri,
    Form(input): Form<CreateForm>,
) -> AppResult<Response> {
    user.require(Action::ManageProvince { province: &province })?;

    let context = FormContext::load(&state.db, &province).await?;
    let request = match parse(&input, &context, locale) {
        Ok(request) => request,
        Err(errors) => {
            let nav = Nav::new(locale, &user, Some(&province), "proposals", &uri);
            let page = render(&FormPage::new(nav, &context, input, errors))?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };

    let communes = communes::all_in_province(&state.db, &province).await?;
    let school_counts: HashMap<String, i64> = schools::count_by_commune(&state.db, &province).await?.into_iter().collect();
    let commune_refs: Vec<&communes::Commune> = communes.iter().collect();
    let (points, basis) = unit_points(&commune_refs, &school_counts);
    let params = ProposalParams { k: request.k, seed: request.seed, ..ProposalParams::default() };
    let started = Instant::now();
    let proposal = tokio::task::spawn_blocking(move || propose(&points, &params))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    let elapsed_ms = started.elapsed().as_millis();

    // Cluster names are data, stored in Vietnamese whatever the display language.
    let layout = ProposalLayout {
        names: (1..=request.k).map(|number| format!("Cụm {number}")).collect(),
        assignment: communes.iter().map(|commune| commune.code.clone()).zip(proposal.assignment).collect(),
    };
    let id = clusters::create_proposal(&state.db, &province, request.school_year, &layout, user.id).await?;

    info!(
        proposal.id = id,
        proposal.k = request.k,
        proposal.units = communes.len(),
        proposal.by_commune_count = basis == WeightBasis::Communes,
        elapsed_ms,
        "cluster proposal {id} created"
    );
    Ok(Redirect::to(&format!("/proposals/{id}")).into_response())
}
