//! One staff record, with its personal data for those allowed to read it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::policy::Action;
use caunoi_db::staff::records::{self, PersonalData, Reader, StaffRecord};
use tracing::instrument;

use super::label;
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::pages::render;
use crate::pages::schools::parse_id;
use crate::state::AppState;
use crate::view::Nav;

#[derive(Template)]
#[template(path = "staff/record.html")]
struct RecordPage {
    nav: Nav,
    record: StaffRecord,
    gender: String,
    position: String,
    qualification: String,
    periods: String,
    rating: Option<String>,
    teaching_level: String,
    status: String,
    /// Only for the person, the school's leaders and the department administrator.
    personal: Option<PersonalData>,
    competencies: Vec<String>,
    duties: Vec<String>,
    /// The weekly quota under the active rules, explained, for teaching staff.
    load: Option<LoadView>,
    may_edit: bool,
}

/// A staff member's quota and load as the record page shows them.
struct LoadView {
    base_quota: String,
    /// Each counted reduction: the duty's name and its periods.
    reductions: Vec<(String, String)>,
    quota: String,
    inter_school: String,
    capacity_at_school: String,
}

fn load_view(locale: Locale, load: &caunoi_core::staffing::load::TeacherLoad) -> Option<LoadView> {
    if load.base_quota <= 0.0 {
        return None;
    }
    let periods = |value: f64| locale.decimal(value, 1);
    Some(LoadView {
        base_quota: periods(load.base_quota),
        reductions: load.reductions.iter().map(|r| (locale.tp("staff-duty", &r.duty), periods(r.periods))).collect(),
        quota: periods(load.quota),
        inter_school: periods(load.inter_school),
        capacity_at_school: periods(load.capacity_at_school),
    })
}

/// Shows a record to those who may list its school's staff, and to the person. The
/// personal data is read, and the read audited, only when the policy allows it.
#[instrument(skip_all, fields(staff.id = %raw_id))]
pub async fn show(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = records::facts(&state.db, id).await?;
    user.require(Action::ViewStaff { staff: &facts })?;

    let record = records::get(&state.db, id).await?;
    let personal = if user.allows(Action::ViewStaffPersonalData { staff: &facts }) {
        let reader = Reader { user_id: user.id, province: &facts.school.province, via: "page" };
        let mut data = records::read_personal(&state.db, id, reader).await?;
        data.birth_date = data.birth_date.as_deref().map(super::display_date);
        Some(data)
    } else {
        None
    };
    let competencies = records::competencies(&state.db, id)
        .await?
        .into_iter()
        .map(|c| format!("{} ({})", subject_name(locale, &c.subject), locale.tp("staff-source", &c.source)))
        .collect();
    let duties = records::duties(&state.db, id).await?.iter().map(|d| locale.tp("staff-duty", d)).collect();
    let load = caunoi_db::staffing::figures::staff_load(&state.db, id).await?;
    let page = RecordPage {
        nav: Nav::new(locale, &user, Some(&facts.school.province), "schools", &uri),
        gender: label(locale, "staff-gender", record.gender.as_deref()),
        position: label(locale, "staff-position", Some(&record.position)),
        qualification: label(locale, "staff-qualification", record.qualification.as_deref()),
        periods: record.periods_per_week.map(|p| locale.decimal(p, 1)).unwrap_or_default(),
        // The professional-standard rating is an evaluation, shown like personal data.
        rating: personal.as_ref().map(|_| label(locale, "staff-rating", record.standard_rating.as_deref())),
        teaching_level: match record.teaching_level.as_deref() {
            Some(level) => locale.tp("level", level),
            None => locale.t("staff-teaching-level-school"),
        },
        status: status(locale, &record),
        record,
        personal,
        competencies,
        duties,
        load: load_view(locale, &load.load),
        may_edit: user.allows(Action::EditStaff { staff: &facts }) || user.allows(Action::CorrectOwnStaffRecord { staff: &facts }),
    };
    render(&page)
}

/// Describes whether the person is at work and on probation.
fn status(locale: Locale, record: &StaffRecord) -> String {
    let mut status = locale.t(if record.available == 1 { "staff-available-yes" } else { "staff-available-no" });
    if record.on_probation == 1 {
        status.push_str(", ");
        status.push_str(&locale.t("staff-on-probation").to_lowercase());
    }
    status
}

fn subject_name(locale: Locale, key: &str) -> String {
    let subject = caunoi_core::staffing::Subject::from_key(key);
    match (subject, locale) {
        (Some(subject), Locale::Vi) => subject.name_vi().to_owned(),
        (Some(subject), Locale::En) => subject.name_en().to_owned(),
        (None, _) => key.to_owned(),
    }
}
