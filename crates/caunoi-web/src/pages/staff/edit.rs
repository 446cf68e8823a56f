//! The edit form of a staff record. School leaders and the department administrator
//! edit every field; the person corrects the fields about themself.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::policy::{Action, StaffFacts};
use caunoi_core::staffing::Subject;
use caunoi_core::staffing::record::{self, Gender, Position, Qualification};
use caunoi_core::text::normalize;
use caunoi_db::import::Problem;
use caunoi_db::staff::records::{self, EmploymentFields, PersonalFields, Reader};
use serde::Deserialize;
use tracing::{info, instrument};

use super::problem_text;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{Locale, today};
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

/// The form as typed; every field is text so that invalid input is shown back as typed.
/// The API takes the same fields as JSON.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct StaffForm {
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub identity_number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub qualification: String,
    #[serde(default)]
    pub trained_major: String,
    #[serde(default)]
    pub staff_code: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub subjects_taught: String,
    #[serde(default)]
    pub periods_per_week: String,
    #[serde(default)]
    pub roles: String,
    #[serde(default)]
    pub core_teacher: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/edit.html")]
struct EditPage {
    nav: Nav,
    id: i64,
    name: String,
    form: StaffForm,
    /// Messages by field name.
    errors: BTreeMap<String, String>,
    /// False when the person corrects their own record: employment fields are hidden.
    employment: bool,
    positions: Vec<(String, String)>,
    qualifications: Vec<(String, String)>,
    /// Text inputs as (field, label id, value): those about the person, then those
    /// about the work at the school.
    personal_inputs: Vec<(&'static str, &'static str, String)>,
    employment_inputs: Vec<(&'static str, &'static str, String)>,
}

impl EditPage {
    /// Returns the message of an invalid field.
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

/// Returns whether the user may edit the employment fields too, or a 404 when they may
/// change nothing on this record.
fn rights(user: &CurrentUser, facts: &StaffFacts) -> AppResult<bool> {
    if user.allows(Action::EditStaff { staff: facts }) {
        return Ok(true);
    }
    user.require(Action::CorrectOwnStaffRecord { staff: facts })?;
    Ok(false)
}

/// Shows the form filled with the stored record; reading it counts as a read of the
/// personal data and is audited.
#[instrument(skip_all, fields(staff.id = %raw_id))]
pub async fn edit_form(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = records::facts(&state.db, id).await?;
    let employment = rights(&user, &facts)?;

    let record = records::get(&state.db, id).await?;
    let reader = Reader { user_id: user.id, province: &facts.school.province, via: "edit" };
    let personal = records::read_personal(&state.db, id, reader).await?;
    let duties = records::duties(&state.db, id).await?;
    // Duties are written as staff lists write them, in Vietnamese, which the parser reads.
    let mut roles: Vec<String> = duties.iter().map(|d| Locale::Vi.tp("staff-duty", d)).collect();
    if record.is_core_teacher == 1 {
        roles.push("Cốt cán".to_owned());
    }
    let form = StaffForm {
        full_name: record.full_name.clone(),
        gender: record.gender.clone().unwrap_or_default(),
        birth_date: personal.birth_date.as_deref().map(display_date).unwrap_or_default(),
        identity_number: personal.identity_number.unwrap_or_default(),
        phone: personal.phone.unwrap_or_default(),
        email: personal.email.unwrap_or_default(),
        qualification: record.qualification.clone().unwrap_or_default(),
        trained_major: record.trained_major.clone().unwrap_or_default(),
        staff_code: record.staff_code.clone().unwrap_or_default(),
        position: record.position.clone(),
        subjects_taught: record.subjects_taught.clone(),
        periods_per_week: record.periods_per_week.map(|p| p.to_string()).unwrap_or_default(),
        roles: roles.join(", "),
        core_teacher: None,
    };
    render(&page(locale, &user, &uri, &facts, id, record.full_name, form, BTreeMap::new(), employment))
}

/// Saves the form, or shows it again with status 422, the typed values and one
/// Vietnamese message per invalid field; nothing is saved then.
#[instrument(skip_all, fields(staff.id = %raw_id))]
pub async fn edit_submit(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Form(form): Form<StaffForm>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = records::facts(&state.db, id).await?;
    let employment_allowed = rights(&user, &facts)?;

    let mut errors = BTreeMap::new();
    let personal = parse_personal(&form, &mut errors);
    let employment = employment_allowed.then(|| parse_employment(&form, &mut errors));
    if !errors.is_empty() {
        let name = records::get(&state.db, id).await?.full_name;
        let messages = errors.iter().map(|(field, problem)| (field.clone(), capitalise(&problem_text(locale, problem)))).collect();
        let html = render(&page(locale, &user, &uri, &facts, id, name, form, messages, employment_allowed))?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }

    let editor = Reader { user_id: user.id, province: &facts.school.province, via: "edit" };
    records::update(&state.db, id, &personal, employment.as_ref(), editor).await?;
    info!(staff.id = id, "staff record {id} saved from the form");
    Ok(Redirect::to(&format!("/staff/{id}")).into_response())
}

#[expect(clippy::too_many_arguments, reason = "the page's parts, each used once")]
fn page(
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    facts: &StaffFacts,
    id: i64,
    name: String,
    form: StaffForm,
    errors: BTreeMap<String, String>,
    employment: bool,
) -> EditPage {
    let personal_inputs = vec![
        ("full_name", "staff-field-full-name", form.full_name.clone()),
        ("birth_date", "staff-field-birth-date", form.birth_date.clone()),
        ("identity_number", "staff-field-identity-number", form.identity_number.clone()),
        ("phone", "staff-field-phone", form.phone.clone()),
        ("email", "staff-field-email", form.email.clone()),
        ("trained_major", "staff-field-trained-major", form.trained_major.clone()),
    ];
    let employment_inputs = vec![
        ("staff_code", "staff-field-staff-code", form.staff_code.clone()),
        ("subjects_taught", "staff-field-subjects-taught", form.subjects_taught.clone()),
        ("periods_per_week", "staff-field-periods", form.periods_per_week.clone()),
        ("roles", "staff-field-roles", form.roles.clone()),
    ];
    EditPage {
        personal_inputs,
        employment_inputs,
        nav: Nav::new(locale, user, Some(&facts.school.province), "schools", uri),
        id,
        name,
        form,
        errors,
        employment,
        positions: Position::ALL.iter().map(|p| (p.as_str().to_owned(), locale.tp("staff-position", p.as_str()))).collect(),
        qualifications: Qualification::ALL
            .iter()
            .map(|q| (q.as_str().to_owned(), locale.tp("staff-qualification", q.as_str())))
            .collect(),
    }
}

/// Stored dates are ISO; the form shows dd/mm/yyyy.
fn display_date(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(date) => date.format("%d/%m/%Y").to_string(),
        Err(_) => iso.to_owned(),
    }
}

/// Parses an optional field; an invalid value records the field's message.
fn optional<T>(
    field: &str,
    text: &str,
    errors: &mut Problems,
    parse: impl FnOnce(&str) -> Result<T, record::Invalid>,
) -> Option<T> {
    let text = normalize(text.trim());
    if text.is_empty() {
        return None;
    }
    match parse(&text) {
        Ok(value) => Some(value),
        Err(message_id) => {
            errors.insert(field.to_owned(), Problem::error(message_id).with_value(field, &text));
            None
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Problems of the form by field name.
pub(crate) type Problems = BTreeMap<String, Problem>;

/// Parses the fields about the person; invalid ones add a problem.
pub(crate) fn parse_personal(form: &StaffForm, errors: &mut Problems) -> PersonalFields {
    let full_name = match record::parse_full_name(&normalize(&form.full_name)) {
        Ok(name) => name,
        Err(message_id) => {
            errors.insert("full_name".to_owned(), Problem::error(message_id).with_value("full_name", form.full_name.trim()));
            String::new()
        }
    };
    let today = today();
    PersonalFields {
        full_name,
        gender: optional("gender", &form.gender, errors, Gender::parse),
        birth_date: optional("birth_date", &form.birth_date, errors, |text| record::parse_birth_date(text, today)),
        identity_number: optional("identity_number", &form.identity_number, errors, record::parse_identity_number),
        phone: optional("phone", &form.phone, errors, record::parse_phone),
        email: optional("email", &form.email, errors, record::parse_email),
        qualification: optional("qualification", &form.qualification, errors, Qualification::parse),
        trained_major: Some(normalize(form.trained_major.trim())).filter(|text| !text.is_empty()),
    }
}

/// Parses the fields about the work at the school; invalid ones add a problem.
pub(crate) fn parse_employment(form: &StaffForm, errors: &mut Problems) -> EmploymentFields {
    let subjects_taught = normalize(form.subjects_taught.trim());
    let (declared_subjects, unknown) = Subject::parse_list(&subjects_taught);
    if let Some(part) = unknown.first() {
        let problem = Problem::error("staff-invalid-subject").with_value("subjects_taught", &subjects_taught).with_arg("part", part.clone());
        errors.insert("subjects_taught".to_owned(), problem);
    }
    let roles = match record::parse_roles(&normalize(&form.roles)) {
        Ok(roles) => roles,
        Err((message_id, part)) => {
            let problem = Problem::error(message_id).with_value("roles", form.roles.trim()).with_arg("part", part);
            errors.insert("roles".to_owned(), problem);
            record::Roles::default()
        }
    };
    EmploymentFields {
        staff_code: Some(record::clean_staff_code(&form.staff_code)).filter(|code| !code.is_empty()),
        position: optional("position", &form.position, errors, Position::parse).unwrap_or(Position::Teacher),
        subjects_taught,
        declared_subjects,
        periods_per_week: optional("periods_per_week", &form.periods_per_week, errors, record::parse_periods),
        duties: roles.duties,
        core_teacher: roles.core_teacher || form.core_teacher.is_some(),
    }
}
