//! The lesson study's overview: the state of each of the four steps, the minutes'
//! download, and sending the minutes to the cluster board.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::activity::Organiser;
use caunoi_db::attachments::{Intake, NewAttachment, OwnerKind};
use caunoi_db::lesson_study::{self as repo, analysis, minutes, observation, plan};
use caunoi_db::schools;
use serde::Deserialize;
use tracing::instrument;

use super::docx::{self, MinutesData};
use super::{Lesson, load, parse_id};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::attachments::content_disposition;
use crate::pages::render;
use crate::state::AppState;
use crate::view::Nav;

/// One step of the four, with what has been done.
pub(crate) struct StepView {
    pub number: usize,
    pub name: String,
    pub status: String,
    pub link: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "lesson_study/overview.html")]
struct OverviewPage {
    nav: Nav,
    activity_id: i64,
    title: String,
    steps: Vec<StepView>,
    can_lead: bool,
    closed: bool,
    sent: Vec<String>,
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OverviewQuery {
    pub done: Option<String>,
}

/// Shows the four steps and the minutes.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn show(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Query(query): Query<OverviewQuery>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    let id = lesson.activity.id;
    let study = repo::get(&state.db, id).await?;
    let latest = plan::latest(&state.db, id).await?;
    let notes = observation::notes(&state.db, id).await?;
    let forms = analysis::forms(&state.db, id).await?;
    let base = format!("/activities/{id}/lesson-study");
    let number = |n: usize| FluentArg::Number(i64::try_from(n).unwrap_or(i64::MAX));
    let steps = vec![
        StepView {
            number: 1,
            name: locale.t("ls-step-1"),
            status: latest.as_ref().map_or_else(|| locale.t("ls-plan-none"), |v| super::plan::version_line(locale, v)),
            link: Some((format!("{base}/plan"), locale.t("ls-open-plan"))),
        },
        StepView {
            number: 2,
            name: locale.t("ls-step-2"),
            status: locale.t_args("ls-observation-status", &[("notes", number(notes.len())), ("rows", FluentArg::Number(study.seating.rows)), ("columns", FluentArg::Number(study.seating.columns))]),
            link: Some((format!("{base}/observation"), locale.t("ls-open-observation"))),
        },
        StepView {
            number: 3,
            name: locale.t("ls-step-3"),
            status: locale.t_args("ls-analysis-status", &[("forms", number(forms.len())), ("criteria", number(study.criteria.len()))]),
            link: Some((format!("{base}/analysis"), locale.t("ls-open-analysis"))),
        },
        StepView {
            number: 4,
            name: locale.t("ls-step-4"),
            status: if study.summary.lessons_to_apply.is_empty() { locale.t("ls-apply-none") } else { study.summary.lessons_to_apply.clone() },
            link: None,
        },
    ];
    let sent = minutes::sent(&state.db, id)
        .await?
        .into_iter()
        .map(|s| locale.t_args("ls-sent-line", &[("cluster", FluentArg::Text(s.cluster_name)), ("who", FluentArg::Text(s.sent_by_name)), ("when", FluentArg::Text(i18n::datetime(s.sent_at)))]))
        .collect();
    let notice = query.done.as_deref().filter(|done| *done == "sent").map(|done| locale.tp("ls-done", done));
    let page = OverviewPage {
        nav: Nav::new(locale, &user, Some(&lesson.activity.province_code), "activities", &uri),
        activity_id: id,
        title: lesson.activity.title.clone(),
        steps,
        can_lead: lesson.can_lead,
        closed: study.closed_at.is_some(),
        sent,
        notice,
    };
    render(&page)
}

/// Builds the minutes of a lesson study as .docx bytes.
async fn build_minutes(state: &AppState, lesson: &Lesson) -> AppResult<Vec<u8>> {
    let data = MinutesData::load(state, lesson).await?;
    docx::minutes(&data).map_err(AppError::internal)
}

/// Returns the file name of the minutes, such as `bien-ban-nghien-cuu-bai-hoc-12.docx`.
fn file_name(id: i64) -> String {
    format!("bien-ban-nghien-cuu-bai-hoc-{id}.docx")
}

/// Sends the minutes as a .docx download.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn minutes_docx(state: State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    minutes_response(state, user, raw_id).await
}

/// Builds the minutes download, for the screens and the API.
pub(crate) async fn minutes_response(State(state): State<AppState>, user: CurrentUser, raw_id: String) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    let bytes = build_minutes(&state, &lesson).await?;
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(caunoi_db::attachments::FileKind::Docx.content_type()));
    let disposition = HeaderValue::from_str(&content_disposition(&file_name(lesson.activity.id))).map_err(AppError::internal)?;
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    Ok(response)
}

/// Returns the clusters whose board receives the minutes: the organising cluster, the
/// organising school's cluster of the latest school year, or the clusters the
/// department's audience named.
pub(crate) async fn receiving_clusters(state: &AppState, lesson: &Lesson) -> AppResult<Vec<i64>> {
    Ok(match lesson.activity.organiser() {
        Organiser::Cluster(id) => vec![id],
        Organiser::School(id) => schools::cluster_history(&state.db, id).await?.first().map(|m| vec![m.cluster_id]).unwrap_or_default(),
        Organiser::Department => lesson.activity.audience().clusters,
    })
}

/// Generates the minutes, stores them as an attachment and notifies the cluster board.
/// The summary must be closed first, so what the board reads is final.
pub(crate) async fn send(state: &AppState, user: &CurrentUser, lesson: &Lesson) -> AppResult<i64> {
    lesson.require_lead()?;
    let study = repo::get(&state.db, lesson.activity.id).await?;
    if study.closed_at.is_none() {
        return Err(AppError::conflict("ls-error-send-not-closed"));
    }
    let clusters = receiving_clusters(state, lesson).await?;
    if clusters.is_empty() {
        return Err(AppError::conflict("ls-error-no-cluster"));
    }
    let bytes = build_minutes(state, lesson).await?;
    let limit = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let mut intake = Intake::new(&state.storage, limit);
    intake.write(&bytes).await.map_err(AppError::internal)?;
    let stored = intake.finish().await.map_err(AppError::internal)?;
    let file = NewAttachment {
        province_code: lesson.activity.province_code.clone(),
        owner_kind: OwnerKind::LessonMinutes,
        owner_id: lesson.activity.id,
        owner_part: None,
        file_name: file_name(lesson.activity.id),
        file: stored.clone(),
        uploaded_by: user.id,
    };
    match minutes::send(&state.db, lesson.activity.id, &file, &clusters, &lesson.activity.title, user.id).await {
        Ok(id) => Ok(id),
        Err(error) => {
            if let Err(delete) = state.storage.delete(&stored.storage_key).await {
                tracing::warn!(error = %delete, storage.key = %stored.storage_key, "deleting unsent minutes failed");
            }
            Err(error.into())
        }
    }
}

/// Sends the minutes to the cluster board from the overview page.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn send_minutes(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let lesson = load(&state, &user, parse_id(&raw_id)?).await?;
    send(&state, &user, &lesson).await?;
    Ok(Redirect::to(&format!("/activities/{}/lesson-study?done=sent", lesson.activity.id)).into_response())
}
