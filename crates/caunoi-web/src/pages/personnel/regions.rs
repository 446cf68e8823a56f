//! The regions of Circular 20/2023 the department designates for its communes. A
//! commune's region decides from how many classes its schools count as large, which
//! changes the Young Pioneer leader's quota and some reductions.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::policy::Action;
use caunoi_db::provinces::{self, Province};
use caunoi_db::staffing::regions::{self, CommuneRegion, REGIONS};
use tracing::instrument;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

#[derive(Template)]
#[template(path = "personnel/regions.html")]
struct RegionsPage {
    nav: Nav,
    province: Province,
    communes: Vec<CommuneRegion>,
    regions: [&'static str; 3],
    saved: bool,
    /// The message of a rejected form; nothing was saved then.
    error: Option<String>,
}

impl RegionsPage {
    fn is(&self, commune: &CommuneRegion, region: &&str) -> bool {
        commune.region.as_deref() == Some(*region)
    }
}

/// Shows every commune of the province with its region, for the department.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn form(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_province): Path<String>) -> AppResult<Response> {
    let code = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ManageStaffingRules { province: &code })?;
    let saved = uri.query().is_some_and(|q| q.contains("saved=1"));
    render(&page(&state, locale, &user, &uri, &code, saved, None).await?)
}

async fn page(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, code: &str, saved: bool, error: Option<String>) -> AppResult<RegionsPage> {
    Ok(RegionsPage {
        nav: Nav::new(locale, user, Some(code), "personnel", uri),
        province: provinces::get(&state.db, code).await?,
        communes: regions::list(&state.db, code).await?,
        regions: REGIONS,
        saved,
        error,
    })
}

/// Saves the regions of the form's communes (`region_<code>`; empty for none). A value
/// outside the three regions shows the form again with status 422 and saves nothing.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn save(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Form(input): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let code = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ManageStaffingRules { province: &code })?;

    let known: Vec<String> = regions::list(&state.db, &code).await?.into_iter().map(|commune| commune.code).collect();
    let mut changes = Vec::new();
    for (field, value) in &input {
        let Some(commune) = field.strip_prefix("region_") else { continue };
        let value = value.trim();
        if !known.iter().any(|k| k == commune) {
            let message = locale.t1("personnel-regions-error-commune", "value", commune);
            return rejected(&state, locale, &user, &uri, &code, message).await;
        }
        if !value.is_empty() && !REGIONS.contains(&value) {
            let message = locale.t1("personnel-regions-error-region", "value", value);
            return rejected(&state, locale, &user, &uri, &code, message).await;
        }
        changes.push((commune.to_owned(), Some(value.to_owned()).filter(|v| !v.is_empty())));
    }
    regions::set(&state.db, &code, &changes, user.id).await?;
    Ok(Redirect::to(&format!("/p/{code}/personnel/regions?saved=1")).into_response())
}

async fn rejected(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, code: &str, message: String) -> AppResult<Response> {
    let html = render(&page(state, locale, user, uri, code, false, Some(message)).await?)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
}
