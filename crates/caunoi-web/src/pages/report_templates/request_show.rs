//! The page of one report request, `/reports/{id}`, for everyone the policy lets see
//! it, and the sender's actions: publish with a confirmation, delete a draft, close,
//! and extend the deadline.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::policy::{Action, ReportFacts};
use caunoi_db::directives::audience::AudienceScope;
use caunoi_db::reports::requests::{self, ReportRequest};
use caunoi_db::reports::templates;
use caunoi_db::{Db, DbError, clusters, provinces};
use serde::Deserialize;
use tracing::instrument;

use super::load_managed;
use super::request_form::parse_deadline;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::directives::input::Problems;
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

pub(super) struct Fact {
    pub label: String,
    pub value: String,
}

pub(super) struct GroupCount {
    pub name: String,
    pub count: String,
}

/// A receiving school the reader leads, with the link to its form.
pub(super) struct SchoolLink {
    pub id: i64,
    pub name: String,
}

#[derive(Template)]
#[template(path = "report_templates/request_show.html")]
struct ShowPage {
    nav: Nav,
    id: i64,
    title: String,
    status: String,
    status_label: String,
    facts: Vec<Fact>,
    instructions: Vec<String>,
    template_href: Option<String>,
    template_text: String,
    manage: bool,
    /// The confirmation step of publication.
    confirm: bool,
    notices: Vec<String>,
    schools_total: i64,
    schools_summary: String,
    by_cluster: Vec<GroupCount>,
    by_commune: Vec<GroupCount>,
    my_schools: Vec<SchoolLink>,
    list_href: String,
    extend_date: String,
    extend_time: String,
    extend_error: Option<String>,
}

/// Adds one to the count of `name`, keeping groups in the order they first appear.
fn count_into(groups: &mut Vec<(String, i64)>, name: String) {
    match groups.iter_mut().find(|(existing, _)| *existing == name) {
        Some((_, count)) => *count += 1,
        None => groups.push((name, 1)),
    }
}

pub(super) async fn sender_name(db: &Db, request: &ReportRequest) -> AppResult<String> {
    Ok(match request.cluster_id {
        Some(id) => clusters::get(db, id).await?.name,
        None => provinces::department(db, &request.province_code).await?.name,
    })
}

struct Extras {
    confirm: bool,
    notices: Vec<String>,
    extend: Option<(String, String, String)>,
}

async fn show_page(state: &AppState, locale: Locale, user: &CurrentUser, nav: Nav, facts: &ReportFacts, request: &ReportRequest, extras: Extras) -> AppResult<ShowPage> {
    let db = &state.db;
    let manage = user.allows(Action::ManageReport { report: facts });
    let version = templates::version(db, request.template_version_id).await?;
    let template_facts = templates::facts(db, version.template_id).await?;
    let template = templates::get(db, version.template_id).await?;
    let template_href = user
        .allows(Action::ManageReportTemplate { template: &template_facts })
        .then(|| format!("/report-templates/{}/preview?version={}", template.id, version.version));
    let template_text = locale.t_args(
        "rtpl-request-template",
        &[("name", i18n::FluentArg::Text(template.name.clone())), ("version", i18n::FluentArg::Number(version.version))],
    );

    let mut facts_list = vec![
        Fact { label: locale.t("rtpl-request-sender"), value: sender_name(db, request).await? },
        Fact { label: locale.t("rtpl-request-period"), value: request.period_label.clone() },
    ];
    let dates = [&request.period_start, &request.period_end].map(|d| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|_| d.clone())
    });
    facts_list.push(Fact { label: locale.t("rtpl-request-period-dates"), value: format!("{} – {}", dates[0], dates[1]) });
    facts_list.push(Fact { label: locale.t("rtpl-opens-on"), value: i18n::date(request.opens_at) });
    facts_list.push(Fact { label: locale.t("rtpl-deadline"), value: i18n::datetime(request.deadline_at) });
    facts_list.push(Fact {
        label: locale.t("directives-fact-remind"),
        value: locale.t1("directives-remind-hours", "hours", &request.remind_before_hours.to_string()),
    });
    if let Some(at) = request.published_at {
        facts_list.push(Fact { label: locale.t("rtpl-published-at"), value: i18n::datetime(at) });
    }
    if let Some(at) = request.closed_at {
        facts_list.push(Fact { label: locale.t("rtpl-closed-at"), value: i18n::datetime(at) });
    }

    let mut notices = extras.notices;
    let unknown_cluster = locale.t("directives-preview-no-cluster");
    let (schools_total, by_cluster, by_commune) = if !request.is_published() && manage {
        let scope = AudienceScope { province: &request.province_code, school_year: &request.school_year, cluster: request.cluster_id };
        let schools = caunoi_db::directives::resolve_audience(db, &scope, &request.audience()).await?;
        let mut by_cluster = Vec::new();
        let mut by_commune = Vec::new();
        for school in &schools {
            count_into(&mut by_cluster, school.cluster_name.clone().unwrap_or_else(|| unknown_cluster.clone()));
            count_into(&mut by_commune, school.commune_name.clone().unwrap_or_else(|| locale.t("directives-preview-no-commune")));
        }
        by_commune.sort_by_cached_key(|(name, _)| caunoi_core::text::collate::sort_key(name));
        if request.deadline_at <= caunoi_db::now_ms() {
            notices.push(locale.t1("rtpl-error-publish-deadline", "value", &i18n::datetime(request.deadline_at)));
        }
        (i64::try_from(schools.len()).unwrap_or(i64::MAX), by_cluster, by_commune)
    } else if request.is_published() && manage {
        let counts = requests::recipients_by_cluster(db, request.id).await?;
        let names = clusters::list(db, &request.province_code, &request.school_year).await?;
        let by_cluster: Vec<(String, i64)> = counts
            .iter()
            .map(|(id, count)| (names.iter().find(|c| c.id == *id).map_or_else(|| unknown_cluster.clone(), |c| c.name.clone()), *count))
            .collect();
        (by_cluster.iter().map(|(_, n)| n).sum(), by_cluster, Vec::new())
    } else {
        (0, Vec::new(), Vec::new())
    };
    let to_counts = |groups: Vec<(String, i64)>| groups.into_iter().map(|(name, count)| GroupCount { name, count: locale.int(count) }).collect();

    let mut my_schools = Vec::new();
    let leading: Vec<i64> = facts.actor_schools.iter().copied().filter(|school| user.allows(Action::SubmitReport { report: facts, school: *school })).collect();
    if !leading.is_empty() {
        let named = caunoi_db::directives::list::find_schools(db, &request.province_code, &leading, &[], &[]).await?;
        my_schools = named.into_iter().map(|s| SchoolLink { id: s.id, name: s.name }).collect();
    }
    // Department staff go back to the province's list; everyone else to their own
    // list, which `/reports` finds for them.
    let list_href = if user.allows(Action::DesignReportTemplate { province: &request.province_code, cluster: None }) {
        format!("/p/{}/reports", request.province_code)
    } else {
        "/reports".to_owned()
    };
    let (extend_date, extend_time, extend_error) = match extras.extend {
        Some((date, time, error)) => (date, time, Some(error)),
        None => {
            let (date, time) = super::request_form::split_instant(request.deadline_at);
            (date, time, None)
        }
    };

    Ok(ShowPage {
        id: request.id,
        title: request.title.clone(),
        status: request.status.clone(),
        status_label: locale.tp("rtpl-status", &request.status),
        facts: facts_list,
        instructions: request.instructions.split("\n\n").map(str::to_owned).filter(|p| !p.is_empty()).collect(),
        template_href,
        template_text,
        manage,
        confirm: extras.confirm,
        notices,
        schools_summary: locale.t1("rtpl-schools-total", "count", &locale.int(schools_total)),
        schools_total,
        by_cluster: to_counts(by_cluster),
        by_commune: to_counts(by_commune),
        my_schools,
        list_href,
        extend_date,
        extend_time,
        extend_error,
        nav,
    })
}

async fn load_viewable(db: &Db, user: &CurrentUser, raw_id: &str) -> AppResult<(ReportFacts, ReportRequest)> {
    let id = parse_id(raw_id)?;
    let facts = requests::facts(db, id, user.id).await?;
    user.require(Action::ViewReport { report: &facts })?;
    let request = requests::get(db, id).await?;
    Ok((facts, request))
}

fn plain() -> Extras {
    Extras { confirm: false, notices: Vec::new(), extend: None }
}

/// Shows a report request.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn show(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (facts, request) = load_viewable(&state.db, &user, &raw_id).await?;
    let nav = Nav::new(locale, &user, Some(&request.province_code), "reports", &uri);
    render(&show_page(&state, locale, &user, nav, &facts, &request, plain()).await?)
}

/// Shows the confirmation step of a draft's publication: the schools it would reach.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn confirm_publish(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (facts, request) = load_managed(&state.db, &user, &raw_id).await?;
    if request.is_published() {
        return Err(AppError::conflict("rtpl-error-not-draft"));
    }
    let nav = Nav::new(locale, &user, Some(&request.province_code), "reports", &uri);
    let extras = Extras { confirm: true, ..plain() };
    render(&show_page(&state, locale, &user, nav, &facts, &request, extras).await?)
}

async fn unprocessable(state: &AppState, locale: Locale, user: &CurrentUser, uri: &Uri, facts: &ReportFacts, request: &ReportRequest, extras: Extras) -> AppResult<Response> {
    let nav = Nav::new(locale, user, Some(&request.province_code), "reports", uri);
    let page = show_page(state, locale, user, nav, facts, request, extras).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// Publishes a draft to the schools its audience selects now and notifies their
/// leaders. A passed deadline or an audience without schools shows the page again.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn publish(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (facts, request) = load_managed(&state.db, &user, &raw_id).await?;
    if request.is_published() {
        return Err(AppError::conflict("rtpl-error-not-draft"));
    }
    if request.deadline_at <= caunoi_db::now_ms() {
        tracing::info!(report_request.id = request.id, "publication rejected: the deadline has passed");
        return unprocessable(&state, locale, &user, &uri, &facts, &request, plain()).await;
    }
    match requests::publish(&state.db, request.id, user.id).await {
        Ok(_) => Ok(Redirect::to(&format!("/reports/{}", request.id)).into_response()),
        Err(DbError::Invalid(_)) => {
            let current = requests::get(&state.db, request.id).await?;
            if current.is_published() {
                return Err(AppError::conflict("rtpl-error-not-draft"));
            }
            tracing::info!(report_request.id = request.id, "publication rejected: the audience selects no school");
            let extras = Extras { notices: vec![locale.t("rtpl-error-publish-no-school")], ..plain() };
            unprocessable(&state, locale, &user, &uri, &facts, &current, extras).await
        }
        Err(other) => Err(other.into()),
    }
}

/// Deletes a draft and returns to the template.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn delete(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (_, request) = load_managed(&state.db, &user, &raw_id).await?;
    let template_id = templates::version(&state.db, request.template_version_id).await?.template_id;
    match requests::delete_draft(&state.db, request.id, user.id).await {
        Ok(()) => Ok(Redirect::to(&format!("/report-templates/{template_id}")).into_response()),
        Err(DbError::Invalid(_)) => Err(AppError::conflict("rtpl-error-not-draft")),
        Err(other) => Err(other.into()),
    }
}

/// Closes a published request: schools can no longer submit.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn close(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (_, request) = load_managed(&state.db, &user, &raw_id).await?;
    match requests::close(&state.db, request.id, user.id).await {
        Ok(()) => Ok(Redirect::to(&format!("/reports/{}", request.id)).into_response()),
        Err(DbError::Invalid(_)) => Err(AppError::conflict("rtpl-error-not-published")),
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExtendForm {
    pub deadline_date: String,
    pub deadline_time: String,
}

/// Moves the deadline of a published request later.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn extend(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<ExtendForm>,
) -> AppResult<Response> {
    let (facts, request) = load_managed(&state.db, &user, &raw_id).await?;
    if request.status != "published" {
        return Err(AppError::conflict("rtpl-error-not-published"));
    }
    let mut problems = Problems::default();
    let deadline = parse_deadline(&form.deadline_date, &form.deadline_time, &mut problems);
    let error = match (deadline, problems.0.first()) {
        (_, Some(problem)) => Some(problem.message(locale)),
        (Some(at), None) if at <= request.deadline_at => Some(locale.t_args(
            "rtpl-error-extend-earlier",
            &[
                ("value", i18n::FluentArg::Text(i18n::datetime(at))),
                ("current", i18n::FluentArg::Text(i18n::datetime(request.deadline_at))),
            ],
        )),
        (Some(at), None) if at <= caunoi_db::now_ms() => Some(locale.t1("rtpl-error-deadline-past", "value", &i18n::datetime(at))),
        _ => None,
    };
    if let Some(message) = error {
        let extras = Extras { extend: Some((form.deadline_date.clone(), form.deadline_time.clone(), message)), ..plain() };
        return unprocessable(&state, locale, &user, &uri, &facts, &request, extras).await;
    }
    let Some(deadline) = deadline else { return Err(AppError::internal("deadline rejected without a problem")) };
    match requests::extend(&state.db, request.id, deadline, user.id).await {
        Ok(()) => Ok(Redirect::to(&format!("/reports/{}", request.id)).into_response()),
        Err(DbError::Invalid(_)) => Err(AppError::conflict("rtpl-error-not-published")),
        Err(other) => Err(other.into()),
    }
}
