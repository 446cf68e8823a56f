//! The .xlsx export of a school's staff list. Personal data columns are added only
//! for those allowed to read them, and that read is audited.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use caunoi_core::policy::Action;
use caunoi_db::schools;
use caunoi_db::staff::records::{self, PersonalData, Reader};
use caunoi_db::xlsx::write_text;
use rust_xlsxwriter::{Format, Workbook};
use tracing::{info, instrument};

use super::{label, school_wide};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::pages::schools::parse_id;
use crate::state::AppState;

/// Column headers of the public part, then of the personal part.
const PUBLIC_HEADERS: [&str; 9] = [
    "staff-col-name",
    "staff-col-code",
    "staff-field-gender",
    "staff-col-position",
    "staff-col-qualification",
    "staff-field-trained-major",
    "staff-col-subjects",
    "staff-col-periods",
    "staff-field-teaching-level",
];
/// The professional-standard rating is an evaluation, exported like personal data.
const PERSONAL_HEADERS: [&str; 5] =
    ["staff-field-standard-rating", "staff-field-birth-date", "staff-field-identity-number", "staff-field-phone", "staff-field-email"];

/// Sends a school's staff list as .xlsx, with personal data only for the school's
/// leaders and the department administrator.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn export(State(state): State<AppState>, locale: Locale, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ListStaff { school: &facts })?;

    let list = records::all_of_school(&state.db, id).await?;
    let personal = if user.allows(Action::ViewStaffPersonalData { staff: &school_wide(&facts) }) {
        let reader = Reader { user_id: user.id, province: &facts.province, via: "export" };
        Some(records::read_personal_of_school(&state.db, id, reader).await?.into_iter().collect::<std::collections::HashMap<_, _>>())
    } else {
        None
    };

    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = Format::new().set_bold();
    let headers = PUBLIC_HEADERS.iter().chain(personal.as_ref().map_or(&[][..], |_| &PERSONAL_HEADERS[..]));
    for (column, id) in headers.enumerate() {
        write_text(sheet, 0, column as u16, &locale.t(id), Some(&bold)).map_err(AppError::internal)?;
    }
    for (index, record) in list.iter().enumerate() {
        let row = index as u32 + 1;
        let mut cells = vec![
            record.full_name.clone(),
            record.staff_code.clone().unwrap_or_default(),
            label(locale, "staff-gender", record.gender.as_deref()),
            label(locale, "staff-position", Some(&record.position)),
            label(locale, "staff-qualification", record.qualification.as_deref()),
            record.trained_major.clone().unwrap_or_default(),
            record.subjects_taught.clone(),
            record.periods_per_week.map(|p| p.to_string()).unwrap_or_default(),
            record.teaching_level.as_deref().map(|level| locale.tp("level", level)).unwrap_or_default(),
        ];
        if let Some(personal) = &personal {
            let data = personal.get(&record.id).cloned().unwrap_or_else(PersonalData::default);
            let birth_date = data.birth_date.as_deref().map(super::display_date).unwrap_or_default();
            cells.push(label(locale, "staff-rating", record.standard_rating.as_deref()));
            cells.push(birth_date);
            cells.extend([data.identity_number, data.phone, data.email].map(Option::unwrap_or_default));
        }
        for (column, text) in cells.iter().enumerate() {
            write_text(sheet, row, column as u16, text, None).map_err(AppError::internal)?;
        }
    }
    let bytes = workbook.save_to_buffer().map_err(AppError::internal)?;
    info!(school.id = id, staff.rows = list.len(), staff.personal = personal.is_some(), "staff list of school {id} exported");
    let disposition = format!("attachment; filename=\"staff-{id}.xlsx\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
