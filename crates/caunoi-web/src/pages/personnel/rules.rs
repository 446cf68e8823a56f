//! The staffing rule sets of a province: the national versions and the department's
//! own, which it copies from any version, edits value by value and activates. Old
//! versions stay for the record.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use caunoi_core::policy::Action;
use caunoi_db::provinces::{self, Province};
use caunoi_db::staffing::rule_sets::{self, NATIONAL, RuleSet, StoredRule};
use serde::Deserialize;
use tracing::instrument;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, Locale};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

#[derive(Template)]
#[template(path = "personnel/rules.html")]
struct ListPage {
    nav: Nav,
    province: Province,
    sets: Vec<RuleSet>,
    can_manage: bool,
}

impl ListPage {
    /// Returns the status key shown for a set: an active national set that the
    /// department's own active version of the family replaces shows as replaced.
    fn shown_status(&self, set: &RuleSet) -> &'static str {
        let replaced = set.owner == NATIONAL
            && self.sets.iter().any(|other| other.owner != NATIONAL && other.family == set.family && other.status == "active");
        match set.status.as_str() {
            "active" if replaced => "replaced",
            "active" => "active",
            "draft" => "draft",
            _ => "retired",
        }
    }
}

/// Lists the rule sets a province can use, by family, newest first.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn list(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_province): Path<String>) -> AppResult<Response> {
    let code = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ViewProvince { province: &code })?;

    let sets = rule_sets::list(&state.db, &code).await?;
    let province = provinces::get(&state.db, &code).await?;
    let can_manage = user.allows(Action::ManageStaffingRules { province: &code });
    render(&ListPage { nav: Nav::new(locale, &user, Some(&code), "personnel", &uri), province, sets, can_manage })
}

#[derive(Template)]
#[template(path = "personnel/rule_set.html")]
struct ShowPage {
    nav: Nav,
    /// The province whose screens link here: the owner, or the viewer's for a national set.
    province: String,
    set: RuleSet,
    rules: Vec<StoredRule>,
    editable: bool,
    can_copy: bool,
    /// The rule whose new value was rejected, with the value and the message.
    error: Option<(i64, String, String)>,
}

impl ShowPage {
    /// Formats a value with the decimals it has, at most two (`19`, `1,5`).
    fn value(&self, value: &Option<f64>) -> String {
        let Some(value) = value else { return String::new() };
        let decimals = if value.fract() == 0.0 { 0 } else if (value * 10.0).fract() == 0.0 { 1 } else { 2 };
        self.nav.locale.decimal(*value, decimals)
    }

    /// Names a row's kind, level and school types in the page's language; a key the
    /// locale does not know is shown as stored.
    fn scope_label(&self, rule: &caunoi_core::staffing::rules::Rule) -> String {
        let locale = self.nav.locale;
        let named = |prefix: &str, key: &str| locale.try_t(&format!("{prefix}-{key}")).unwrap_or_else(|| key.to_owned());
        let level = locale.try_t(&format!("level-{}", rule.level)).unwrap_or_else(|| named("personnel-level", &rule.level));
        let types: Vec<String> = rule.school_type.split('|').map(|key| named("personnel-school-type", key)).collect();
        format!("{} · {} · {}", named("personnel-kind", &rule.kind), level, types.join(" / "))
    }

    /// Names a row's unit in the page's language.
    fn unit(&self, unit: &str) -> String {
        match UNITS.iter().find(|(text, _)| *text == unit) {
            Some((_, id)) => self.nav.locale.t(id),
            None => unit.to_owned(),
        }
    }
}

/// The units of the shipped rule tables, as written there, with their message ids.
const UNITS: &[(&str, &str)] = &[
    ("person/school", "personnel-unit-person-school"),
    ("periods/week", "personnel-unit-periods-week"),
    ("persons/school (maximum)", "personnel-unit-persons-school-max"),
    ("periods/week (average)", "personnel-unit-periods-week-average"),
    ("weeks/year", "personnel-unit-weeks-year"),
    ("standard periods per period taught", "personnel-unit-standard-per-taught"),
    ("pupils/class", "personnel-unit-pupils-class"),
    ("leftover pupils per extra teacher", "personnel-unit-leftover-per-teacher"),
    ("teachers/class (maximum)", "personnel-unit-teachers-class-max"),
    ("periods/week per school", "personnel-unit-periods-week-school"),
    ("definition", "personnel-unit-definition"),
    ("pupils with disabilities per 1 staff", "personnel-unit-disabled-per-staff"),
    ("standard periods per period taught (maximum)", "personnel-unit-standard-per-taught-max"),
    ("hours/week", "personnel-unit-hours-week"),
    ("% of weekly quota", "personnel-unit-percent-quota"),
    ("duties", "personnel-unit-duties"),
    ("period per period taught", "personnel-unit-period-per-taught"),
    ("periods/subject/week", "personnel-unit-periods-subject-week"),
    ("standard periods per period of direct judging", "personnel-unit-standard-per-judging"),
    ("extra person/school", "personnel-unit-extra-person-school"),
];


/// Loads a rule set the user may see and the province it is seen from.
async fn visible_set(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(RuleSet, String)> {
    let id = raw_id.trim().parse::<i64>().ok().filter(|id| *id > 0).ok_or(AppError::NotFound)?;
    let set = rule_sets::get(&state.db, id).await?;
    let province = if set.owner == NATIONAL { user.provinces().into_iter().next().ok_or(AppError::NotFound)? } else { set.owner.clone() };
    user.require(Action::ViewProvince { province: &province })?;
    Ok((set, province))
}

async fn show_page(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, set: RuleSet, province: String, error: Option<(i64, String, String)>) -> AppResult<ShowPage> {
    let rules = rule_sets::rules(&state.db, set.id).await?;
    let manage = user.allows(Action::ManageStaffingRules { province: &province });
    Ok(ShowPage {
        nav: Nav::new(locale, user, Some(&province), "personnel", uri),
        editable: manage && set.owner == province && set.status == "draft",
        can_copy: manage,
        province,
        set,
        rules,
        error,
    })
}

/// Shows a rule set with every rule, its value and its source article.
#[instrument(skip_all, fields(rule_set.id = %raw_id))]
pub async fn show(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (set, province) = visible_set(&state, &user, &raw_id).await?;
    render(&show_page(&state, locale, &user, &uri, set, province, None).await?)
}

/// Copies a rule set into a new draft of the department.
#[instrument(skip_all, fields(rule_set.id = %raw_id))]
pub async fn copy(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (set, province) = visible_set(&state, &user, &raw_id).await?;
    user.require(Action::ManageStaffingRules { province: &province })?;

    let draft = rule_sets::copy(&state.db, set.id, &province, user.id).await?;
    Ok(Redirect::to(&format!("/personnel/rules/{draft}")).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ValueInput {
    position: String,
    value: String,
}

/// Sets one value of a draft. An invalid value re-renders the set with the message
/// and changes nothing.
#[instrument(skip_all, fields(rule_set.id = %raw_id))]
pub async fn set_value(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(input): Form<ValueInput>,
) -> AppResult<Response> {
    let (set, province) = visible_set(&state, &user, &raw_id).await?;
    user.require(Action::ManageStaffingRules { province: &province })?;
    if set.owner != province || set.status != "draft" {
        return Err(AppError::conflict("personnel-rules-error-not-draft"));
    }
    let position = input.position.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;

    let raw = input.value.trim();
    let value = if raw.is_empty() { Ok(None) } else { parse_periods(raw).map(Some) };
    let kind = rule_sets::rules(&state.db, set.id).await?.into_iter().find(|stored| stored.position == position).map(|stored| stored.rule.kind);
    let bounds = value_bounds(kind.as_deref().unwrap_or_default());
    let value = value.and_then(|value| match value {
        Some(number) if (bounds.min..=bounds.max).contains(&number) => Ok(Some(number)),
        None if !bounds.required => Ok(None),
        _ => Err(()),
    });
    let Ok(value) = value else {
        let args = [
            ("value", FluentArg::Text(raw.to_owned())),
            ("min", FluentArg::Text(locale.decimal(bounds.min, 0))),
            ("max", FluentArg::Text(locale.decimal(bounds.max, 0))),
        ];
        let message = locale.t_args(bounds.message_id, &args);
        let page = show_page(&state, locale, &user, &uri, set, province, Some((position, raw.to_owned(), message))).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    rule_sets::set_value(&state.db, set.id, position, value, user.id).await?;
    Ok(Redirect::to(&format!("/personnel/rules/{}#rule-{position}", set.id)).into_response())
}

/// The values a department may set for one kind of row, and whether it may leave one
/// empty. A quota of zero, or a reduction as large as a quota, would take every
/// teacher it applies to out of the figures, so those are bounded by the largest
/// quota of Circular 05/2025 (23 periods) with room to spare.
struct Bounds {
    min: f64,
    max: f64,
    required: bool,
    message_id: &'static str,
}

fn value_bounds(kind: &str) -> Bounds {
    match kind {
        "quota" => Bounds { min: 1.0, max: 40.0, required: true, message_id: "personnel-rules-error-quota" },
        "reduction" => Bounds { min: 0.0, max: 23.0, required: false, message_id: "personnel-rules-error-range" },
        "working_year" => Bounds { min: 0.0, max: 52.0, required: false, message_id: "personnel-rules-error-range" },
        "conversion" => Bounds { min: 0.0, max: 10.0, required: false, message_id: "personnel-rules-error-range" },
        _ => Bounds { min: 0.0, max: 1000.0, required: false, message_id: "personnel-rules-error-value" },
    }
}

/// Reads a number of periods written with `,` or `.` as the decimal mark.
fn parse_periods(raw: &str) -> Result<f64, ()> {
    raw.replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0 && *v <= 1000.0).ok_or(())
}

/// Makes a version of the department the active one of its family.
#[instrument(skip_all, fields(rule_set.id = %raw_id))]
pub async fn activate(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (set, province) = visible_set(&state, &user, &raw_id).await?;
    user.require(Action::ManageStaffingRules { province: &province })?;
    if set.owner != province {
        return Err(AppError::NotFound);
    }

    rule_sets::activate(&state.db, set.id, user.id).await?;
    Ok(Redirect::to(&format!("/p/{province}/personnel/rules")).into_response())
}
