//! The form of a report request: a new draft from a template, and the edit of a draft.
//! The audience is chosen as for directives, with the same inputs and checks.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::directive::Audience;
use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_core::report::deadline::local_instant;
use caunoi_db::reports::requests::{self, ReportRequest, RequestInput};
use caunoi_db::reports::templates;
use caunoi_db::{Db, DbError, communes};
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::Deserialize;
use tracing::instrument;

use super::{load_managed, load_template};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale, vietnam_offset};
use crate::pages::directives::FormContext;
use crate::pages::directives::input::{self, Problem, Problems};
use crate::pages::render;
use crate::pages::schools::Choice;
use crate::state::AppState;
use crate::view::Nav;

pub(crate) const PERIOD_KINDS: [&str; 4] = ["school_year", "semester", "month", "range"];
const MAX_PERIOD_LABEL: usize = 120;
const MAX_INSTRUCTIONS: usize = 5_000;
/// Reminder lead time when none is typed: two days, the migration's default.
pub(crate) const DEFAULT_REMIND_HOURS: i64 = 48;

/// The form's fields, kept as typed so that a rejected form shows them again.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    pub title: String,
    pub period_kind: String,
    pub period_label: String,
    pub period_start: String,
    pub period_end: String,
    pub opens_on: String,
    pub deadline_date: String,
    pub deadline_time: String,
    pub remind_hours: String,
    pub instructions: String,
    pub everyone: Option<String>,
    pub clusters: Vec<String>,
    pub communes: String,
    pub levels: Vec<String>,
    pub ownerships: Vec<String>,
    pub schools: String,
}

/// Splits an instant into the ISO date and `HH:MM` of Vietnam.
pub(crate) fn split_instant(ms: i64) -> (String, String) {
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(instant) => {
            let local = instant.with_timezone(&vietnam_offset());
            (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
        }
        None => (String::new(), String::new()),
    }
}

impl RequestForm {
    async fn from_request(db: &Db, request: &ReportRequest) -> AppResult<RequestForm> {
        let audience = request.audience();
        let named = caunoi_db::directives::list::find_schools(db, &request.province_code, &audience.schools, &[], &[]).await?;
        let all_communes = communes::all_in_province(db, &request.province_code).await?;
        let (opens_on, _) = split_instant(request.opens_at);
        let (deadline_date, deadline_time) = split_instant(request.deadline_at);
        Ok(RequestForm {
            title: request.title.clone(),
            period_kind: request.period_kind.clone(),
            period_label: request.period_label.clone(),
            period_start: request.period_start.clone(),
            period_end: request.period_end.clone(),
            opens_on,
            deadline_date,
            deadline_time,
            remind_hours: request.remind_before_hours.to_string(),
            instructions: request.instructions.clone(),
            everyone: audience.everyone.then(|| "1".to_owned()),
            clusters: audience.clusters.iter().map(i64::to_string).collect(),
            communes: audience
                .communes
                .iter()
                .map(|code| match all_communes.iter().find(|c| c.code == *code) {
                    Some(commune) => format!("{} ({})", commune.name, commune.code),
                    None => code.clone(),
                })
                .collect::<Vec<_>>()
                .join(", "),
            levels: audience.levels.iter().map(|l| l.as_str().to_owned()).collect(),
            ownerships: audience.ownerships.iter().map(|o| o.as_str().to_owned()).collect(),
            schools: named.iter().map(|s| format!("#{} {}", s.id, s.name)).collect::<Vec<_>>().join("\n"),
        })
    }
}

/// Names a period the way schools do, from its kind and bounds. Stored data, so in
/// Vietnamese whatever the reader's language.
pub(crate) fn period_label(kind: &str, start: NaiveDate, end: NaiveDate) -> String {
    // A Vietnamese school year starts in August or September.
    let first_year = if start.month() >= 8 { start.year() } else { start.year() - 1 };
    let year = format!("{}-{}", first_year, first_year + 1);
    match kind {
        "school_year" => format!("Năm học {year}"),
        "semester" if start.month() >= 8 => format!("Học kì I năm học {year}"),
        "semester" => format!("Học kì II năm học {year}"),
        "month" => format!("Tháng {:02}/{}", start.month(), start.year()),
        _ => format!("{} – {}", start.format("%d/%m/%Y"), end.format("%d/%m/%Y")),
    }
}

/// Parses the deadline's date and time as Vietnamese wall-clock time; a blank time is
/// 17:00, the end of office hours.
pub(crate) fn parse_deadline(raw_date: &str, raw_time: &str, problems: &mut Problems) -> Option<i64> {
    let (date_text, time_text) = (raw_date.trim(), raw_time.trim());
    if date_text.is_empty() {
        problems.push(Problem::new("deadline", "rtpl-error-deadline-missing"));
        return None;
    }
    let date = input::parse_date(date_text);
    if date.is_none() {
        problems.push(Problem::new("deadline", "rtpl-error-date").with("value", date_text));
    }
    let time = if time_text.is_empty() {
        NaiveTime::from_hms_opt(17, 0, 0)
    } else {
        let time = input::parse_time(time_text);
        if time.is_none() {
            problems.push(Problem::new("deadline", "rtpl-error-time").with("value", time_text));
        }
        time
    };
    Some(local_instant(date?, time?))
}

/// Adds a problem when a deadline is not after `now`, or more than a year ahead,
/// which is taken for a typing mistake (2099 for 2029).
pub(crate) fn check_future(deadline: i64, now: i64, problems: &mut Problems) {
    const YEAR_MS: i64 = 366 * 24 * 3_600_000;
    if deadline <= now {
        problems.push(Problem::new("deadline", "rtpl-error-deadline-past").with("value", i18n::datetime(deadline)));
    } else if deadline > now + YEAR_MS {
        problems.push(Problem::new("deadline", "rtpl-error-deadline-far").with("value", i18n::datetime(deadline)));
    }
}

/// Parses everything but the audience; shared with the API.
pub(crate) fn parse_content(form: &RequestForm, now: i64, problems: &mut Problems) -> Option<RequestInput> {
    let before = problems.0.len();
    let title = input::single_line("title", &form.title, input::MAX_TITLE, true, problems);
    let kind = form.period_kind.trim();
    if !PERIOD_KINDS.contains(&kind) {
        problems.push(Problem::new("period_kind", "rtpl-error-period-kind").with("value", kind));
    }
    let mut date = |field: &'static str, raw: &str| {
        let text = raw.trim();
        if text.is_empty() {
            problems.push(Problem::new(field, "rtpl-error-date-missing"));
            return None;
        }
        let date = input::parse_date(text);
        if date.is_none() {
            problems.push(Problem::new(field, "rtpl-error-date").with("value", text));
        }
        date
    };
    let start = date("period_start", &form.period_start);
    let end = date("period_end", &form.period_end);
    if let (Some(start), Some(end)) = (start, end)
        && start > end
    {
        problems.push(
            Problem::new("period_end", "rtpl-error-period-order")
                .with("start", start.format("%d/%m/%Y").to_string())
                .with("end", end.format("%d/%m/%Y").to_string()),
        );
    }
    let mut label = input::single_line("period_label", &form.period_label, MAX_PERIOD_LABEL, false, problems);
    if label.is_empty()
        && let (Some(start), Some(end)) = (start, end)
    {
        label = period_label(kind, start, end);
    }
    let opens_on = match form.opens_on.trim() {
        "" => Some(i18n::today()),
        text => {
            let date = input::parse_date(text);
            if date.is_none() {
                problems.push(Problem::new("opens_on", "rtpl-error-date").with("value", text));
            }
            date
        }
    };
    let opens_at = opens_on.map(|d| local_instant(d, NaiveTime::MIN));
    let deadline_at = parse_deadline(&form.deadline_date, &form.deadline_time, problems);
    if let Some(deadline) = deadline_at {
        check_future(deadline, now, problems);
        if let Some(opens) = opens_at.filter(|opens| deadline <= *opens) {
            problems.push(
                Problem::new("deadline", "rtpl-error-deadline-before-opening")
                    .with("value", i18n::datetime(deadline))
                    .with("opens", i18n::date(opens)),
            );
        }
    }
    let remind_before_hours = match form.remind_hours.trim() {
        "" => DEFAULT_REMIND_HOURS,
        text => match text.parse::<i64>() {
            Ok(hours) if (1..=input::MAX_REMIND_HOURS).contains(&hours) => hours,
            _ => {
                problems.push(
                    Problem::new("remind_hours", "rtpl-error-remind")
                        .with("value", text)
                        .with_number("max", input::MAX_REMIND_HOURS)
                        .with_number("default", DEFAULT_REMIND_HOURS),
                );
                DEFAULT_REMIND_HOURS
            }
        },
    };
    let instructions = input::paragraphs("instructions", &form.instructions, MAX_INSTRUCTIONS, false, problems);
    if problems.0.len() > before {
        return None;
    }
    Some(RequestInput {
        template_version_id: 0,
        title,
        instructions,
        period_kind: kind.to_owned(),
        period_label: label,
        period_start: start?.to_string(),
        period_end: end?.to_string(),
        audience: Audience::default(),
        opens_at: opens_at?,
        deadline_at: deadline_at?,
        remind_before_hours,
    })
}

/// Parses the audience fields as the directive form does.
async fn parse_audience(db: &Db, context: &FormContext, form: &RequestForm, problems: &mut Problems) -> AppResult<Audience> {
    let mut audience = Audience { everyone: form.everyone.is_some(), ..Audience::default() };
    for raw in form.clusters.iter().map(|raw| raw.trim()).filter(|raw| !raw.is_empty()) {
        match raw.parse::<i64>() {
            Ok(id) => audience.clusters.push(id),
            Err(_) => problems.push(Problem::new("clusters", "directives-error-cluster").with("value", raw)),
        }
    }
    for item in input::commune_items(&form.communes) {
        match input::commune_code(&item, &context.communes) {
            Some(code) => audience.communes.push(code),
            None => {
                let message_id = if context.sender.cluster.is_some() { "directives-error-outside-cluster" } else { "directives-error-commune" };
                problems.push(Problem::new("communes", message_id).with("value", item));
                break;
            }
        }
    }
    for raw in &form.levels {
        match SchoolLevel::parse(raw.trim()) {
            Some(level) => audience.levels.push(level),
            None => problems.push(Problem::new("levels", "directives-error-choice").with("value", raw.trim())),
        }
    }
    for raw in &form.ownerships {
        match Ownership::parse(raw.trim()) {
            Some(ownership) => audience.ownerships.push(ownership),
            None => problems.push(Problem::new("ownerships", "directives-error-choice").with("value", raw.trim())),
        }
    }
    audience.schools = input::school_ids(db, &context.sender.province, &form.schools, problems).await?;
    input::check_audience(db, &context.sender, audience, problems).await
}

async fn parse_form(db: &Db, context: &FormContext, form: &RequestForm, version_id: i64) -> AppResult<Result<RequestInput, Problems>> {
    let mut problems = Problems::default();
    let content = parse_content(form, caunoi_db::now_ms(), &mut problems);
    let audience = parse_audience(db, context, form, &mut problems).await?;
    match content {
        Some(content) if problems.is_empty() => Ok(Ok(RequestInput { audience, template_version_id: version_id, ..content })),
        _ => Ok(Err(problems)),
    }
}

pub(super) struct CommuneHint {
    pub code: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "report_templates/request_form.html")]
struct RequestFormPage {
    nav: Nav,
    heading: String,
    lead: String,
    action: String,
    cancel: String,
    values: RequestForm,
    start_value: String,
    end_value: String,
    opens_value: String,
    deadline_value: String,
    errors: Vec<(&'static str, String)>,
    period_kinds: Vec<Choice>,
    clusters: Vec<Choice>,
    levels: Vec<Choice>,
    ownerships: Vec<Choice>,
    communes: Vec<CommuneHint>,
    from_cluster: bool,
}

impl RequestFormPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(name, _)| *name == field).map(|(_, message)| message.as_str())
    }
}

fn iso_or_typed(raw: &str) -> String {
    input::parse_date(raw).map(|date| date.to_string()).unwrap_or_else(|| raw.trim().to_owned())
}

struct Mode {
    heading: String,
    lead: String,
    action: String,
    cancel: String,
}

fn form_page(nav: Nav, context: &FormContext, mode: Mode, values: RequestForm, problems: Option<&Problems>) -> RequestFormPage {
    let locale = nav.locale;
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    for problem in problems.map(|p| p.0.as_slice()).unwrap_or_default() {
        if !errors.iter().any(|(field, _)| *field == problem.field) {
            errors.push((problem.field, problem.message(locale)));
        }
    }
    let selected = |list: &[String], value: &str| list.iter().any(|v| v.trim() == value);
    let period_kinds = PERIOD_KINDS
        .iter()
        .map(|k| Choice { value: (*k).to_owned(), label: locale.tp("rtpl-period", k), selected: values.period_kind == *k })
        .collect();
    let clusters = context
        .clusters
        .iter()
        .map(|c| Choice { value: c.id.to_string(), label: c.name.clone(), selected: selected(&values.clusters, &c.id.to_string()) })
        .collect();
    let levels = SchoolLevel::ALL
        .iter()
        .map(|l| Choice { value: l.as_str().to_owned(), label: locale.tp("level", l.as_str()), selected: selected(&values.levels, l.as_str()) })
        .collect();
    let ownerships = [Ownership::Public, Ownership::Private]
        .iter()
        .map(|o| Choice { value: o.as_str().to_owned(), label: locale.tp("ownership", o.as_str()), selected: selected(&values.ownerships, o.as_str()) })
        .collect();
    RequestFormPage {
        heading: mode.heading,
        lead: mode.lead,
        action: mode.action,
        cancel: mode.cancel,
        start_value: iso_or_typed(&values.period_start),
        end_value: iso_or_typed(&values.period_end),
        opens_value: iso_or_typed(&values.opens_on),
        deadline_value: iso_or_typed(&values.deadline_date),
        values,
        errors,
        period_kinds,
        clusters,
        levels,
        ownerships,
        communes: context.communes.iter().map(|c| CommuneHint { code: c.code.clone(), name: c.name.clone() }).collect(),
        from_cluster: context.sender.cluster.is_some(),
        nav,
    }
}

fn unprocessable(page: &RequestFormPage) -> AppResult<Response> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

fn new_mode(locale: Locale, template_id: i64, template_name: &str) -> Mode {
    Mode {
        heading: locale.t("rtpl-request-new"),
        lead: locale.t1("rtpl-request-new-lead", "template", template_name),
        action: format!("/report-templates/{template_id}/requests/new"),
        cancel: format!("/report-templates/{template_id}"),
    }
}

/// Loads the form's context for a template's owner, checking that a cluster board
/// requests from a cluster of the current school year.
async fn context_for(db: &Db, province: &str, cluster: Option<i64>) -> AppResult<FormContext> {
    let context = FormContext::load(db, province, cluster).await?;
    if let Some(id) = cluster {
        FormContext::require_current_cluster(db, id, &context.sender.school_year).await?;
    }
    Ok(context)
}

/// Shows the form of a new request from a template.
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn new(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (_, template) = load_template(&state.db, &user, &raw_id).await?;
    if template.archived != 0 {
        return Err(AppError::conflict("rtpl-error-archived"));
    }
    let context = context_for(&state.db, &template.province_code, template.cluster_id).await?;
    let values = RequestForm {
        period_kind: "semester".to_owned(),
        deadline_time: "17:00".to_owned(),
        remind_hours: DEFAULT_REMIND_HOURS.to_string(),
        opens_on: i18n::today().to_string(),
        ..RequestForm::default()
    };
    let nav = Nav::new(locale, &user, Some(&template.province_code), "reports", &uri);
    render(&form_page(nav, &context, new_mode(locale, template.id, &template.name), values, None))
}

/// Saves a new draft request and opens its page.
#[instrument(skip_all, fields(report_template.id = %raw_id))]
pub async fn create(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<RequestForm>,
) -> AppResult<Response> {
    let (_, template) = load_template(&state.db, &user, &raw_id).await?;
    if template.archived != 0 {
        return Err(AppError::conflict("rtpl-error-archived"));
    }
    let context = context_for(&state.db, &template.province_code, template.cluster_id).await?;
    let version = templates::current_version(&state.db, template.id).await?;
    let input = match parse_form(&state.db, &context, &form, version.id).await? {
        Ok(input) => input,
        Err(problems) => {
            let nav = Nav::new(locale, &user, Some(&template.province_code), "reports", &uri);
            return unprocessable(&form_page(nav, &context, new_mode(locale, template.id, &template.name), form, Some(&problems)));
        }
    };

    let id = requests::create_draft(&state.db, &template.province_code, template.cluster_id, &context.sender.school_year, &input, user.id).await?;
    tracing::info!(report_request.id = id, report_template.id = template.id, "report request drafted");

    Ok(Redirect::to(&format!("/reports/{id}")).into_response())
}

fn edit_mode(locale: Locale, request: &ReportRequest) -> Mode {
    Mode {
        heading: locale.t1("rtpl-request-edit", "title", &request.title),
        lead: String::new(),
        action: format!("/reports/{}/edit", request.id),
        cancel: format!("/reports/{}", request.id),
    }
}

fn require_draft(request: &ReportRequest) -> AppResult<()> {
    if request.is_published() {
        return Err(AppError::conflict("rtpl-error-not-draft"));
    }
    Ok(())
}

/// Shows a draft request in the form.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn edit(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (_, request) = load_managed(&state.db, &user, &raw_id).await?;
    require_draft(&request)?;
    let context = FormContext::load(&state.db, &request.province_code, request.cluster_id).await?;
    let values = RequestForm::from_request(&state.db, &request).await?;
    let nav = Nav::new(locale, &user, Some(&request.province_code), "reports", &uri);
    render(&form_page(nav, &context, edit_mode(locale, &request), values, None))
}

/// Saves an edited draft, moving it to the template's current version.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn update(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<RequestForm>,
) -> AppResult<Response> {
    let (_, request) = load_managed(&state.db, &user, &raw_id).await?;
    require_draft(&request)?;
    let context = FormContext::load(&state.db, &request.province_code, request.cluster_id).await?;
    let template_id = templates::version(&state.db, request.template_version_id).await?.template_id;
    let version = templates::current_version(&state.db, template_id).await?;
    let input = match parse_form(&state.db, &context, &form, version.id).await? {
        Ok(input) => input,
        Err(problems) => {
            let nav = Nav::new(locale, &user, Some(&request.province_code), "reports", &uri);
            return unprocessable(&form_page(nav, &context, edit_mode(locale, &request), form, Some(&problems)));
        }
    };
    match requests::update_draft(&state.db, request.id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/reports/{}", request.id)).into_response()),
        Err(DbError::Invalid(_)) => Err(AppError::conflict("rtpl-error-not-draft")),
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn period_labels_follow_school_year() {
        assert_eq!(period_label("semester", date(2025, 9, 5), date(2026, 1, 15)), "Học kì I năm học 2025-2026");
        assert_eq!(period_label("semester", date(2026, 1, 19), date(2026, 5, 31)), "Học kì II năm học 2025-2026");
        assert_eq!(period_label("school_year", date(2025, 9, 5), date(2026, 5, 31)), "Năm học 2025-2026");
        assert_eq!(period_label("month", date(2025, 10, 1), date(2025, 10, 31)), "Tháng 10/2025");
        assert_eq!(period_label("range", date(2025, 10, 1), date(2025, 10, 15)), "01/10/2025 – 15/10/2025");
    }

    #[test]
    fn deadline_is_vietnam_wall_clock() {
        let mut problems = Problems::default();
        let at = parse_deadline("2026-12-31", "17:00", &mut problems).unwrap();
        assert!(problems.is_empty());
        // 31/12/2026 17:00 in Vietnam is 10:00 UTC.
        assert_eq!(at, 1_798_711_200_000);
        assert_eq!(parse_deadline("31/12/2026", "", &mut problems), Some(at));
        parse_deadline("31/02/2026", "17:00", &mut problems);
        assert_eq!(problems.0.len(), 1);
    }
}
