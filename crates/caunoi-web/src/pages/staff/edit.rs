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
use caunoi_core::staffing::competence::{self, StandardRating, TEACHING_LEVELS};
use caunoi_core::staffing::record::{self, Gender, Position, Qualification};
use caunoi_core::text::normalize;
use caunoi_db::import::Problem;
use caunoi_db::staff::records::{self, EmploymentFields, PersonalFields, Reader, UpdateError};
use serde::Deserialize;
use tracing::{info, instrument};

use super::{display_date, duplicate_code_text, field_message};
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
    #[serde(default, deserialize_with = "lenient_text")]
    pub full_name: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub gender: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub birth_date: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub identity_number: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub phone: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub email: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub qualification: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub trained_major: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub staff_code: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub position: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub subjects_taught: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub periods_per_week: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub roles: String,
    #[serde(default)]
    pub core_teacher: Option<String>,
    /// Subjects qualified by certificates or a second degree, as a list.
    #[serde(default, deserialize_with = "lenient_text")]
    pub certificates: String,
    /// `excellent`, `good`, `pass`, `fail`, or the Vietnamese names.
    #[serde(default, deserialize_with = "lenient_text")]
    pub standard_rating: String,
    /// `primary`, `lower_secondary`, `upper_secondary`, or empty for the school's level.
    #[serde(default, deserialize_with = "lenient_text")]
    pub teaching_level: String,
    /// `0` (or `Không`, `false`) while the person is away (leave, study,
    /// secondment); `1` (or `Có`, `true`) or nothing means at work.
    #[serde(default, deserialize_with = "lenient_text")]
    pub available: String,
}

/// Reads a field as text whether a JSON client sends it as a string, a number, a
/// boolean or null, so that `"periods_per_week": 17` reaches the field's own check.
/// Arrays and objects are rejected, because their JSON text would be stored as typed.
fn lenient_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::String(text) => text,
        serde_json::Value::Null => String::new(),
        serde_json::Value::Bool(flag) => if flag { "1" } else { "0" }.to_owned(),
        serde_json::Value::Number(number) => number.to_string(),
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
            return Err(serde::de::Error::custom("a staff field must be text, a number, true, false or null"));
        }
    })
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
    ratings: Vec<(String, String)>,
    teaching_levels: Vec<(String, String)>,
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

    /// Returns the input attributes that bring up the right phone keyboard and hint
    /// the format; constant text, never user input.
    fn input_attrs(&self, field: &str) -> &'static str {
        match field {
            "phone" => r#"type="tel" inputmode="tel" autocomplete="tel""#,
            "email" => r#"type="email" inputmode="email" autocomplete="email""#,
            "birth_date" => r#"inputmode="numeric" placeholder="dd/mm/yyyy""#,
            "identity_number" | "periods_per_week" => r#"inputmode="numeric""#,
            _ => "",
        }
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
    let certificates: Vec<String> = records::competencies(&state.db, id)
        .await?
        .into_iter()
        .filter(|c| c.source == "certificate")
        .filter_map(|c| Subject::from_key(&c.subject).map(|subject| subject.name_vi().to_owned()))
        .collect();
    // Duties are written as staff lists write them, in Vietnamese, which the parser reads.
    let mut roles: Vec<String> = duties.iter().map(|d| Locale::Vi.tp("staff-duty", d)).collect();
    if record.is_core_teacher == 1 {
        roles.push("Cốt cán".to_owned());
    }
    if record.on_probation == 1 {
        roles.push("Tập sự".to_owned());
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
        certificates: certificates.join(", "),
        standard_rating: record.standard_rating.clone().unwrap_or_default(),
        teaching_level: record.teaching_level.clone().unwrap_or_default(),
        available: if record.available == 1 { "1" } else { "0" }.to_owned(),
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
        let messages = errors.iter().map(|(field, problem)| (field.clone(), field_message(locale, problem))).collect();
        let html = render(&page(locale, &user, &uri, &facts, id, name, form, messages, employment_allowed))?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }

    let editor = Reader { user_id: user.id, province: &facts.school.province, via: "edit" };
    match records::update(&state.db, id, &personal, employment.as_ref(), editor).await {
        Ok(()) => {
            info!(staff.id = id, "staff record {id} saved from the form");
            Ok(Redirect::to(&format!("/staff/{id}")).into_response())
        }
        Err(UpdateError::DuplicateCode { holder }) => {
            let name = records::get(&state.db, id).await?.full_name;
            let messages = BTreeMap::from([("staff_code".to_owned(), duplicate_code_text(locale, &form.staff_code, &holder))]);
            let html = render(&page(locale, &user, &uri, &facts, id, name, form, messages, employment_allowed))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(UpdateError::Db(error)) => Err(error.into()),
    }
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
    ];
    let employment_inputs = vec![
        ("staff_code", "staff-field-staff-code", form.staff_code.clone()),
        ("trained_major", "staff-field-trained-major", form.trained_major.clone()),
        ("subjects_taught", "staff-field-subjects-taught", form.subjects_taught.clone()),
        ("certificates", "staff-field-certificates", form.certificates.clone()),
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
        ratings: StandardRating::ALL.iter().map(|r| (r.as_str().to_owned(), locale.tp("staff-rating", r.as_str()))).collect(),
        teaching_levels: TEACHING_LEVELS.iter().map(|l| (l.as_str().to_owned(), locale.tp("level", l.as_str()))).collect(),
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
    let certificates = normalize(form.certificates.trim());
    let certificate_subjects = match competence::certificate_subjects(&certificates) {
        Ok(subjects) => subjects,
        Err((message_id, part)) => {
            let problem = Problem::error(message_id).with_value("certificates", &certificates).with_arg("part", part);
            errors.insert("certificates".to_owned(), problem);
            Vec::new()
        }
    };
    EmploymentFields {
        staff_code: Some(record::clean_staff_code(&form.staff_code)).filter(|code| !code.is_empty()),
        position: optional("position", &form.position, errors, Position::parse).unwrap_or(Position::Teacher),
        qualification: optional("qualification", &form.qualification, errors, Qualification::parse),
        trained_major: Some(normalize(form.trained_major.trim())).filter(|text| !text.is_empty()),
        subjects_taught,
        declared_subjects,
        certificate_subjects,
        periods_per_week: optional("periods_per_week", &form.periods_per_week, errors, record::parse_periods),
        duties: roles.duties,
        core_teacher: roles.core_teacher || form.core_teacher.is_some(),
        on_probation: roles.on_probation,
        standard_rating: optional("standard_rating", &form.standard_rating, errors, StandardRating::parse),
        teaching_level: optional("teaching_level", &form.teaching_level, errors, competence::parse_teaching_level),
        available: optional("available", &form.available, errors, competence::parse_flag).unwrap_or(true),
    }
}
