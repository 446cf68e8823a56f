//! The directive form: a new draft of the department or of a cluster board, and the
//! edit of a draft. The amendment form reuses its template without the audience.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::directive::Audience;
use caunoi_core::org::{Ownership, Role, SchoolLevel};
use caunoi_core::policy::Action;
use caunoi_db::directives::{self, Directive, DirectiveInput};
use caunoi_db::{Db, clusters, communes, provinces};
use serde::Deserialize;
use tracing::instrument;

use super::input::{self, Problem, Problems, RawContent, Sender};
use super::load_managed;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale, vietnam_offset};
use crate::pages::provinces::hosted_code;
use crate::pages::render;
use crate::pages::schools::{Choice, parse_id};
use crate::state::AppState;
use crate::view::Nav;

/// The form's fields, kept as typed so that a rejected form shows them again.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DirectiveForm {
    pub kind: String,
    pub number_symbol: String,
    pub issuing_body: String,
    pub signer: String,
    pub issued_on: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub ack_date: String,
    pub ack_time: String,
    pub remind_hours: String,
    /// Present when "all schools" is ticked.
    pub everyone: Option<String>,
    pub clusters: Vec<String>,
    /// Codes or names of communes separated by commas.
    pub communes: String,
    pub levels: Vec<String>,
    pub ownerships: Vec<String>,
    /// One school per line: MOET code, `#id` or full name.
    pub schools: String,
    pub roles: Vec<String>,
    /// Only on the amendment form.
    pub change_note: String,
}

impl DirectiveForm {
    pub(super) fn raw_content(&self) -> RawContent<'_> {
        RawContent {
            kind: &self.kind,
            number_symbol: &self.number_symbol,
            issuing_body: &self.issuing_body,
            signer: &self.signer,
            issued_on: &self.issued_on,
            title: &self.title,
            summary: &self.summary,
            body: &self.body,
        }
    }

    /// Fills the form from a stored directive, the audience's schools written back as
    /// `#id name` lines and its communes as `name (code)`.
    pub(super) async fn from_directive(db: &Db, directive: &Directive) -> AppResult<DirectiveForm> {
        let audience = directive.audience();
        let named = directives::list::find_schools(db, &directive.province_code, &audience.schools, &[], &[]).await?;
        let all_communes = communes::all_in_province(db, &directive.province_code).await?;
        let (ack_date, ack_time) = match directive.ack_deadline {
            Some(ms) => split_instant(ms),
            None => (String::new(), String::new()),
        };
        Ok(DirectiveForm {
            kind: directive.kind.clone(),
            number_symbol: directive.number_symbol.clone(),
            issuing_body: directive.issuing_body.clone(),
            signer: directive.signer.clone(),
            issued_on: directive.issued_on.clone().unwrap_or_default(),
            title: directive.title.clone(),
            summary: directive.summary.clone(),
            body: directive.body.clone(),
            ack_date,
            ack_time,
            remind_hours: (directive.remind_before_min / 60).to_string(),
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
            levels: audience.levels.iter().map(|level| level.as_str().to_owned()).collect(),
            ownerships: audience.ownerships.iter().map(|o| o.as_str().to_owned()).collect(),
            schools: named.iter().map(|school| format!("#{} {}", school.id, school.name)).collect::<Vec<_>>().join("\n"),
            roles: audience.roles.iter().map(|role| role.as_str().to_owned()).collect(),
            change_note: String::new(),
        })
    }
}

/// Splits an instant into the ISO date and `HH:MM` that `<input type="date">` and
/// `<input type="time">` expect, in Vietnam.
fn split_instant(ms: i64) -> (String, String) {
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(instant) => {
            let local = instant.with_timezone(&vietnam_offset());
            (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
        }
        None => (String::new(), String::new()),
    }
}

/// Sender of the form and the choices it offers.
pub(crate) struct FormContext {
    pub sender: Sender,
    /// The department's name, or "Ban điều phối" and the cluster's name: the default
    /// issuing body.
    pub sender_name: String,
    /// This year's clusters to choose from; empty for a cluster board, whose audience
    /// is its own cluster.
    pub clusters: Vec<clusters::Cluster>,
    /// The communes an audience may name: the province's, or the cluster's.
    pub communes: Vec<communes::Commune>,
}

impl FormContext {
    pub(crate) async fn load(db: &Db, province: &str, cluster: Option<i64>) -> AppResult<FormContext> {
        let school_year = clusters::current_year(db, province, i18n::today()).await?;
        let mut all_communes = communes::all_in_province(db, province).await?;
        let (sender_name, year_clusters) = match cluster {
            None => {
                let department = provinces::department(db, province).await?;
                (department.name, clusters::list(db, province, &school_year).await?)
            }
            Some(id) => {
                let cluster = clusters::get(db, id).await?;
                let members: Vec<String> = clusters::member_communes(db, id).await?.into_iter().map(|c| c.code).collect();
                all_communes.retain(|c| members.contains(&c.code));
                // Stored data, so Vietnamese whatever the reader's language.
                (format!("Ban điều phối {}", cluster.name), Vec::new())
            }
        };
        all_communes.sort_by_cached_key(|c| caunoi_core::text::collate::sort_key(&c.name));
        Ok(FormContext {
            sender: Sender { province: province.to_owned(), cluster, school_year },
            sender_name,
            clusters: year_clusters,
            communes: all_communes,
        })
    }

    /// Checks that a cluster board sends from a cluster of the current school year,
    /// since its audience is resolved among that year's schools.
    pub(crate) async fn require_current_cluster(db: &Db, cluster_id: i64, school_year: &str) -> AppResult<()> {
        let cluster = clusters::get(db, cluster_id).await?;
        if cluster.school_year != school_year {
            return Err(AppError::Conflict {
                message_id: "directives-error-cluster-year",
                args: vec![
                    ("year", FluentArg::Text(cluster.school_year)),
                    ("current", FluentArg::Text(school_year.to_owned())),
                ],
            });
        }
        Ok(())
    }
}

/// Parses the whole form into a directive, or the problems of its fields.
pub(super) async fn parse_form(db: &Db, context: &FormContext, form: &DirectiveForm) -> AppResult<Result<DirectiveInput, Problems>> {
    let mut problems = Problems::default();
    let content = input::content(form.raw_content(), &mut problems);
    let ack_deadline = input::deadline(&form.ack_date, &form.ack_time, &mut problems);
    input::check_future(ack_deadline, caunoi_db::now_ms(), &mut problems);
    let remind_before_min = input::remind_minutes(&form.remind_hours, &mut problems);
    let audience = parse_audience(db, context, form, &mut problems).await?;

    match content {
        Some(content) if problems.is_empty() => {
            Ok(Ok(DirectiveInput { ack_deadline, remind_before_min, audience, ..content }))
        }
        _ => Ok(Err(problems)),
    }
}

async fn parse_audience(db: &Db, context: &FormContext, form: &DirectiveForm, problems: &mut Problems) -> AppResult<Audience> {
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
                let message_id = if context.sender.cluster.is_some() {
                    "directives-error-outside-cluster"
                } else {
                    "directives-error-commune"
                };
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
    for raw in &form.roles {
        match Role::parse(raw.trim()) {
            Some(role) => audience.roles.push(role),
            None => problems.push(Problem::new("roles", "directives-error-choice").with("value", raw.trim())),
        }
    }
    audience.schools = input::school_ids(db, &context.sender.province, &form.schools, problems).await?;
    input::check_audience(db, &context.sender, audience, problems).await
}

/// The form's translated problems by field.
pub(super) struct FieldErrors(pub Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn new(problems: &Problems, locale: Locale) -> FieldErrors {
        let mut messages: Vec<(&'static str, String)> = Vec::new();
        for problem in &problems.0 {
            if !messages.iter().any(|(field, _)| *field == problem.field) {
                messages.push((problem.field, problem.message(locale)));
            }
        }
        FieldErrors(messages)
    }

    pub fn none() -> FieldErrors {
        FieldErrors(Vec::new())
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| *name == field).map(|(_, message)| message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A commune listed under the communes field, so a sender can copy codes.
pub(super) struct CommuneHint {
    pub code: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "directives/form.html")]
pub(super) struct FormPage {
    pub nav: Nav,
    pub heading: String,
    pub lead: String,
    pub action: String,
    pub cancel: String,
    pub submit_label: String,
    /// The audience fieldset is shown for drafts; an amendment keeps the audience.
    pub show_audience: bool,
    /// The change-note field of an amendment.
    pub amend: bool,
    /// The sender is a cluster board: "all schools" means the cluster's.
    pub from_cluster: bool,
    pub values: DirectiveForm,
    /// Dates as `<input type="date">` expects them when they parse, else as typed.
    pub issued_on_value: String,
    pub ack_date_value: String,
    pub errors: FieldErrors,
    pub kinds: Vec<Choice>,
    pub clusters: Vec<Choice>,
    pub levels: Vec<Choice>,
    pub ownerships: Vec<Choice>,
    pub roles: Vec<Choice>,
    pub communes: Vec<CommuneHint>,
}

/// Parts that differ between the pages using the form.
pub(super) struct FormMode {
    pub heading: String,
    pub lead: String,
    pub action: String,
    pub cancel: String,
    pub submit_label: String,
    pub show_audience: bool,
    pub amend: bool,
}

impl FormPage {
    pub(super) fn new(nav: Nav, context: &FormContext, mode: FormMode, values: DirectiveForm, errors: FieldErrors) -> FormPage {
        let locale = nav.locale;
        let selected = |list: &[String], value: &str| list.iter().any(|v| v.trim() == value);
        let kinds = caunoi_core::directive::DirectiveKind::ALL
            .iter()
            .map(|kind| Choice {
                value: kind.as_str().to_owned(),
                label: locale.tp("directive-kind", kind.as_str()),
                selected: values.kind == kind.as_str(),
            })
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
            .map(|o| Choice {
                value: o.as_str().to_owned(),
                label: locale.tp("ownership", o.as_str()),
                selected: selected(&values.ownerships, o.as_str()),
            })
            .collect();
        let roles = [Role::CoreTeacher, Role::Teacher]
            .iter()
            .map(|r| Choice { value: r.as_str().to_owned(), label: locale.tp("role", r.as_str()), selected: selected(&values.roles, r.as_str()) })
            .collect();
        let communes = context.communes.iter().map(|c| CommuneHint { code: c.code.clone(), name: c.name.clone() }).collect();
        FormPage {
            heading: mode.heading,
            lead: mode.lead,
            action: mode.action,
            cancel: mode.cancel,
            submit_label: mode.submit_label,
            show_audience: mode.show_audience,
            amend: mode.amend,
            from_cluster: context.sender.cluster.is_some(),
            issued_on_value: iso_or_typed(&values.issued_on),
            ack_date_value: iso_or_typed(&values.ack_date),
            values,
            errors,
            kinds,
            clusters,
            levels,
            ownerships,
            roles,
            communes,
            nav,
        }
    }
}

fn iso_or_typed(raw: &str) -> String {
    input::parse_date(raw).map(|date| date.to_string()).unwrap_or_else(|| raw.trim().to_owned())
}

/// Returns the empty form of a new draft, with the sender's name as issuing body.
fn blank_form(context: &FormContext) -> DirectiveForm {
    DirectiveForm {
        kind: "dispatch".to_owned(),
        issuing_body: context.sender_name.clone(),
        remind_hours: input::DEFAULT_REMIND_HOURS.to_string(),
        ..DirectiveForm::default()
    }
}

fn new_mode(locale: Locale, context: &FormContext, action: String, cancel: String) -> FormMode {
    FormMode {
        heading: locale.t("directives-new-title"),
        lead: locale.t1("directives-new-lead", "sender", &context.sender_name),
        action,
        cancel,
        submit_label: locale.t("directives-save-draft"),
        show_audience: true,
        amend: false,
    }
}

fn unprocessable(page: &FormPage) -> AppResult<Response> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

/// Shows the form of a new directive of the department.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn new_department(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::CreateDirective { province: &province, cluster: None })?;

    let context = FormContext::load(&state.db, &province, None).await?;

    let nav = Nav::new(locale, &user, Some(&province), "directives", &uri);
    let mode = new_mode(locale, &context, uri.path().to_owned(), format!("/p/{province}/directives"));
    let values = blank_form(&context);
    render(&FormPage::new(nav, &context, mode, values, FieldErrors::none()))
}

/// Saves a new draft of the department and opens its preview.
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn create_department(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Form(form): Form<DirectiveForm>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::CreateDirective { province: &province, cluster: None })?;

    let context = FormContext::load(&state.db, &province, None).await?;
    let input = match parse_form(&state.db, &context, &form).await? {
        Ok(input) => input,
        Err(problems) => {
            let nav = Nav::new(locale, &user, Some(&province), "directives", &uri);
            let mode = new_mode(locale, &context, uri.path().to_owned(), format!("/p/{province}/directives"));
            return unprocessable(&FormPage::new(nav, &context, mode, form, FieldErrors::new(&problems, locale)));
        }
    };

    let id = directives::create_draft(&state.db, &province, None, &input, user.id).await?;

    Ok(Redirect::to(&format!("/directives/{id}")).into_response())
}

/// Shows the form of a new directive of a cluster board, for its own schools.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn new_cluster(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let cluster = clusters::facts(&state.db, id).await?;
    user.require(Action::CreateDirective { province: &cluster.province, cluster: Some(&cluster) })?;

    let context = FormContext::load(&state.db, &cluster.province, Some(id)).await?;
    FormContext::require_current_cluster(&state.db, id, &context.sender.school_year).await?;

    let nav = Nav::new(locale, &user, Some(&cluster.province), "directives", &uri);
    let mode = new_mode(locale, &context, uri.path().to_owned(), format!("/p/{}/directives", cluster.province));
    let values = blank_form(&context);
    render(&FormPage::new(nav, &context, mode, values, FieldErrors::none()))
}

/// Saves a new draft of a cluster board and opens its preview.
#[instrument(skip_all, fields(cluster.id = %raw_id))]
pub async fn create_cluster(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<DirectiveForm>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let cluster = clusters::facts(&state.db, id).await?;
    user.require(Action::CreateDirective { province: &cluster.province, cluster: Some(&cluster) })?;

    let context = FormContext::load(&state.db, &cluster.province, Some(id)).await?;
    FormContext::require_current_cluster(&state.db, id, &context.sender.school_year).await?;
    let input = match parse_form(&state.db, &context, &form).await? {
        Ok(input) => input,
        Err(problems) => {
            let nav = Nav::new(locale, &user, Some(&cluster.province), "directives", &uri);
            let mode = new_mode(locale, &context, uri.path().to_owned(), format!("/p/{}/directives", cluster.province));
            return unprocessable(&FormPage::new(nav, &context, mode, form, FieldErrors::new(&problems, locale)));
        }
    };

    let directive_id = directives::create_draft(&state.db, &cluster.province, Some(id), &input, user.id).await?;

    Ok(Redirect::to(&format!("/directives/{directive_id}")).into_response())
}

fn edit_mode(locale: Locale, directive: &Directive) -> FormMode {
    FormMode {
        heading: locale.t1("directives-edit-title", "number", &directive.number_symbol),
        lead: locale.t("directives-edit-lead"),
        action: format!("/directives/{}/edit", directive.id),
        cancel: format!("/directives/{}", directive.id),
        submit_label: locale.t("directives-save-draft"),
        show_audience: true,
        amend: false,
    }
}

/// Refuses to edit a directive that schools received: it changes by amendment.
fn require_draft(directive: &Directive) -> AppResult<()> {
    if directive.status() != caunoi_core::directive::DirectiveStatus::Draft {
        return Err(AppError::conflict("directives-error-not-draft"));
    }
    Ok(())
}

/// Shows a draft in the form.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn edit(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;
    require_draft(&directive)?;

    let context = FormContext::load(&state.db, &directive.province_code, directive.cluster_id).await?;
    let values = DirectiveForm::from_directive(&state.db, &directive).await?;

    let nav = Nav::new(locale, &user, Some(&directive.province_code), "directives", &uri);
    render(&FormPage::new(nav, &context, edit_mode(locale, &directive), values, FieldErrors::none()))
}

/// Saves the edited draft and returns to its preview.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn update(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<DirectiveForm>,
) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;
    require_draft(&directive)?;

    let context = FormContext::load(&state.db, &directive.province_code, directive.cluster_id).await?;
    let input = match parse_form(&state.db, &context, &form).await? {
        Ok(input) => input,
        Err(problems) => {
            let nav = Nav::new(locale, &user, Some(&directive.province_code), "directives", &uri);
            let page = FormPage::new(nav, &context, edit_mode(locale, &directive), form, FieldErrors::new(&problems, locale));
            return unprocessable(&page);
        }
    };

    let file_names = directives::list::attachment_names(&state.db, directive.id).await?;
    match directives::update_draft(&state.db, directive.id, &input, &file_names).await {
        Ok(()) => {}
        // Published in the meantime, from another tab.
        Err(caunoi_db::DbError::Invalid(_)) => return Err(AppError::conflict("directives-error-not-draft")),
        Err(other) => return Err(other.into()),
    }

    Ok(Redirect::to(&format!("/directives/{}", directive.id)).into_response())
}
