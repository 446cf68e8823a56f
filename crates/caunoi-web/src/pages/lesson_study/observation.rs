//! Step 2: the seating chart and the observers' notes with photos. Every observer sees
//! all of the group's notes.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::lesson_study::observation::{NoteFields, NoteTarget, SeatingChart, parse_note};
use caunoi_db::attachments::{NewAttachment, OwnerKind};
use caunoi_db::lesson_study::{self as repo, observation as notes_repo};
use chrono::Timelike;
use serde::Deserialize;
use tracing::instrument;

use super::{FormErrors, FormMap, Lesson, field, load, messages, parse_id, seat_keys};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{FluentArg, Locale, vietnam_offset};
use crate::pages::attachments::{AttachmentView, views};
use crate::pages::render;
use crate::state::AppState;
use crate::uploads::{self, UploadForm};
use crate::view::Nav;

/// One seat as the chart and its form show it.
pub(crate) struct SeatView {
    pub row: i64,
    pub column: i64,
    pub student: String,
    pub group: String,
    pub student_key: String,
    pub group_key: String,
    /// "Hàng 2, ghế 3".
    pub label: String,
    pub notes: usize,
}

/// A note as the list shows it.
pub(crate) struct NoteView {
    pub time: String,
    pub author: String,
    pub target: String,
    pub body: String,
    pub photos: Vec<AttachmentView>,
}

/// A choice of the note's target.
pub(crate) struct TargetChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Values the observer typed into the note form, shown again after a rejection.
#[derive(Debug, Clone, Default)]
pub(crate) struct TypedNote {
    pub time_kind: String,
    pub time: String,
    pub target: String,
    pub group: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "lesson_study/observation.html")]
struct ObservationPage {
    nav: Nav,
    activity_id: i64,
    title: String,
    rows: i64,
    columns: i64,
    chart: Vec<Vec<SeatView>>,
    groups: Vec<String>,
    targets: Vec<TargetChoice>,
    notes: Vec<NoteView>,
    typed: TypedNote,
    chart_errors: FormErrors,
    note_errors: FormErrors,
    can_edit: bool,
    photo_hint: String,
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ObservationQuery {
    pub done: Option<String>,
}

/// Returns a note target's label: the seat and its student, or the group.
pub(crate) fn target_label(locale: Locale, target: &NoteTarget, chart: &SeatingChart) -> String {
    match target {
        NoteTarget::Seat { row, column } => {
            let seat = chart.seat(*row, *column);
            let mut label = locale.t_args("ls-seat-position", &[("row", FluentArg::Number(*row)), ("column", FluentArg::Number(*column))]);
            if let Some(seat) = seat.filter(|s| !s.student.is_empty()) {
                label = format!("{label} – {}", seat.student);
            }
            if let Some(seat) = seat.filter(|s| !s.group.is_empty()) {
                label = format!("{label} ({})", seat.group);
            }
            label
        }
        NoteTarget::Group { name } => locale.t1("ls-group-target", "name", name),
    }
}

/// Returns the time of a note as the list shows it.
pub(crate) fn time_label(locale: Locale, time: caunoi_core::lesson_study::observation::NoteTime) -> String {
    locale.t1(&format!("ls-time-{}", time.kind_str()), "time", &time.text())
}

#[expect(clippy::too_many_arguments, reason = "a page shown fresh or with one of two forms rejected")]
async fn render_page(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    lesson: &Lesson,
    chart: Option<SeatingChart>,
    typed: TypedNote,
    chart_errors: FormErrors,
    note_errors: FormErrors,
    notice: Option<String>,
) -> AppResult<Response> {
    let study = repo::get(&state.db, lesson.activity.id).await?;
    let saved_chart = study.seating.clone();
    let form_chart = chart.unwrap_or_else(|| saved_chart.clone());
    let notes = notes_repo::notes(&state.db, lesson.activity.id).await?;
    let photos = notes_repo::photos(&state.db, lesson.activity.id).await?;

    let mut grid = Vec::new();
    for row in 1..=form_chart.rows {
        let mut cells = Vec::new();
        for column in 1..=form_chart.columns {
            let seat = form_chart.seat(row, column);
            let (student_key, group_key) = seat_keys(row, column);
            cells.push(SeatView {
                row,
                column,
                student: seat.map(|s| s.student.clone()).unwrap_or_default(),
                group: seat.map(|s| s.group.clone()).unwrap_or_default(),
                student_key,
                group_key,
                label: locale.t_args("ls-seat-position", &[("row", FluentArg::Number(row)), ("column", FluentArg::Number(column))]),
                notes: notes.iter().filter(|n| n.seat_row == Some(row) && n.seat_column == Some(column)).count(),
            });
        }
        grid.push(cells);
    }
    let mut targets = Vec::new();
    for row in 1..=saved_chart.rows {
        for column in 1..=saved_chart.columns {
            let value = format!("seat:{row}:{column}");
            targets.push(TargetChoice { selected: typed.target == value, label: target_label(locale, &NoteTarget::Seat { row, column }, &saved_chart), value });
        }
    }
    targets.push(TargetChoice { value: "group".into(), label: locale.t("ls-target-group"), selected: typed.target == "group" });
    let note_views = notes
        .iter()
        .map(|note| NoteView {
            time: time_label(locale, note.time()),
            author: note.author_name.clone(),
            target: target_label(locale, &note.target(), &saved_chart),
            body: note.body.clone(),
            photos: views(locale, &photos.iter().filter(|p| p.owner_id == note.id).cloned().collect::<Vec<_>>()),
        })
        .collect();
    let status = if chart_errors.is_empty() && note_errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = ObservationPage {
        nav: Nav::new(locale, user, Some(&lesson.activity.province_code), "activities", uri),
        activity_id: lesson.activity.id,
        title: lesson.activity.title.clone(),
        rows: form_chart.rows,
        columns: form_chart.columns,
        chart: grid,
        groups: saved_chart.groups(),
        targets,
        notes: note_views,
        typed,
        chart_errors,
        note_errors,
        can_edit: lesson.can_contribute,
        photo_hint: locale.t_args(
            "ls-photos-hint",
            &[
                ("max_mb", FluentArg::Number(uploads::megabytes(state.config.max_attachment_bytes as u64))),
                ("max", FluentArg::Number(uploads::MAX_FILES as i64)),
            ],
        ),
        notice,
    };
    Ok((status, render(&page)?).into_response())
}

/// Shows the chart, the note form and every note.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn show(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Query(query): Query<ObservationQuery>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    let notice = query.done.as_deref().filter(|done| matches!(*done, "seating" | "note")).map(|done| locale.tp("ls-done", done));
    let typed = TypedNote { time_kind: "clock".into(), ..TypedNote::default() };
    render_page(&state, locale, &user, &uri, &lesson, None, typed, FormErrors::default(), FormErrors::default(), notice).await
}

/// Saves the seating chart.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn save_seating(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<FormMap>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    lesson.require_contribute()?;
    match SeatingChart::parse(|key| field(&form, key)) {
        Ok(chart) => {
            notes_repo::save_seating(&state.db, lesson.activity.id, &chart).await?;
            Ok(Redirect::to(&format!("/activities/{}/lesson-study/observation?done=seating", lesson.activity.id)).into_response())
        }
        Err((chart, problems)) => {
            let errors = messages(locale, &problems, &[]);
            let typed = TypedNote { time_kind: "clock".into(), ..TypedNote::default() };
            render_page(&state, locale, &user, &uri, &lesson, Some(chart), typed, errors, FormErrors::default(), None).await
        }
    }
}

/// Returns the seconds after midnight now, in Vietnam.
fn clock_now() -> i64 {
    let now = chrono::Utc::now().with_timezone(&vietnam_offset());
    i64::from(now.num_seconds_from_midnight())
}

/// Saves a note with its photos (images only).
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn add_note(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, multipart: Multipart) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    lesson.require_contribute()?;
    let (form, upload_error) = match uploads::read_multipart_keeping_fields(multipart, &state).await {
        Ok(form) => (form, None),
        Err(rejection) if rejection.is_server_fault() => return Err(rejection.into()),
        Err(rejection) => {
            let message = rejection.message(locale);
            (rejection.form, Some(message))
        }
    };
    let typed = typed_note(&form);
    let study = repo::get(&state.db, lesson.activity.id).await?;
    let fields = NoteFields { time_kind: &typed.time_kind, time: &typed.time, target: &typed.target, group: &typed.group, body: &typed.body };
    let parsed = parse_note(&fields, &study.seating, clock_now());
    let not_image = form.files.iter().find(|file| !file.kind().is_image());

    let mut errors = match &parsed {
        Ok(_) => FormErrors::default(),
        Err(problems) => messages(locale, problems, &[]),
    };
    if let Some(message) = upload_error {
        errors.0.push(("photos".into(), message));
    } else if let Some(file) = not_image {
        errors.0.push(("photos".into(), locale.t1("ls-error-photo-type", "name", &file.file_name)));
    }
    let note = match parsed {
        Ok(note) if errors.is_empty() => note,
        _ => {
            form.discard(&state.storage).await;
            return render_page(&state, locale, &user, &uri, &lesson, None, typed, FormErrors::default(), errors, None).await;
        }
    };

    let photos: Vec<NewAttachment> =
        form.files.iter().map(|file| file.attachment(&lesson.activity.province_code, OwnerKind::LessonNote, 0, None, user.id)).collect();
    if let Err(error) = notes_repo::add_note(&state.db, lesson.activity.id, user.id, &note, &photos).await {
        form.discard(&state.storage).await;
        return Err(error.into());
    }
    Ok(Redirect::to(&format!("/activities/{}/lesson-study/observation?done=note", lesson.activity.id)).into_response())
}

fn typed_note(form: &UploadForm) -> TypedNote {
    let text = |key: &str| form.text(key).unwrap_or("").to_owned();
    TypedNote { time_kind: text("time_kind"), time: text("time"), target: text("target"), group: text("group"), body: text("body") }
}
