//! One batch: its counts, its rows with their problems and decision forms, and the
//! apply and discard buttons.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use caunoi_core::org::SchoolLevel;
use caunoi_core::policy::Action;
use caunoi_db::Page;
use caunoi_db::import::{self, Batch, Change, ImportRow, RowCounts, RowFilter, RowStatus};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use tracing::{instrument, warn};

use super::{problem_text, unexpected};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, FluentArg, Locale};
use crate::pages::render;
use crate::pages::schools::{Choice, last_page_if_past_end, parse_id, parse_page};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

/// Row counts of one apply, kept in the session so that the batch page can show them
/// after the redirect.
///
/// NOTE: the pipeline stores these counts only in the audit log, not in the batch, so
/// a later session sees the applied date and the staged counts without this summary.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(super) struct ApplyResult {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

/// Returns the session key of a batch's [`ApplyResult`].
pub(super) fn result_key(batch_id: i64) -> String {
    format!("import_result_{batch_id}")
}

/// The filter and page a batch page shows, and what to tell the reader.
#[derive(Debug, Default)]
pub(super) struct View {
    pub status: Option<RowStatus>,
    pub page: Option<Page>,
    pub notices: Vec<String>,
    /// A rejected request, shown above the rows or at the row it concerns.
    pub error: Option<String>,
    pub error_row: Option<u32>,
}

impl View {
    /// Reads the filter and page sent back by a form's hidden fields. They came from
    /// our own page, so invalid values are dropped without a notice.
    pub fn from_fields(status: &str, page: &str) -> View {
        View {
            status: RowStatus::parse(status.trim()),
            page: page.trim().parse::<i64>().ok().filter(|n| *n >= 1).map(|n| Page::new(Some(n), None)),
            ..View::default()
        }
    }

    /// Returns the batch page's address with this view's filter and page.
    pub fn path(&self, batch_id: i64) -> String {
        let base = query_base(
            &format!("/imports/{batch_id}"),
            &[
                ("status", self.status.map(|s| s.as_str().to_owned())),
                ("page", self.page.filter(|p| p.number > 1).map(|p| p.number.to_string())),
            ],
        );
        base.trim_end_matches(['&', '?']).to_owned()
    }
}

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    status: Option<String>,
    page: Option<String>,
}

/// Shows a batch with one page of its rows, optionally only the rows of one status.
#[instrument(skip_all, fields(batch.id = %raw_id))]
pub async fn show(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    session: Session,
    Path(raw_id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;

    let mut notices = Vec::new();
    let status = match query.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => {
            let status = RowStatus::parse(raw);
            if status.is_none() {
                notices.push(locale.t1("imports-notice-invalid-status", "value", raw));
            }
            status
        }
    };
    let page = parse_page(query.page.as_deref(), locale, &mut notices);
    let view = View { status, page: Some(page), notices, ..View::default() };
    render_show(&state, locale, &user, &session, id, view, StatusCode::OK).await
}

/// One problem of a row, translated.
struct ProblemView {
    /// `error`, `warning` or `info`, for the class.
    severity: &'static str,
    text: String,
}

/// The decision form of a row.
struct DecisionView {
    communes: Vec<Choice>,
    /// Levels offered with `include:<level>`; empty when including is not possible.
    levels: Vec<Choice>,
    can_exclude: bool,
}

struct RowView {
    number: u32,
    status: &'static str,
    status_label: String,
    /// Effect of applying the row (new, updated, unchanged), for ready rows.
    change_label: Option<String>,
    name: String,
    level: Option<String>,
    moet_code: Option<String>,
    old_district: Option<String>,
    commune: Option<String>,
    /// The candidate communes when none is chosen, joined.
    candidates: Option<String>,
    problems: Vec<ProblemView>,
    decision_label: Option<String>,
    form: Option<DecisionView>,
    error: Option<String>,
}

/// One count above the rows, linking to the rows of its status.
struct CountView {
    label: String,
    value: String,
    /// The filter link; `None` for counts that are not a status.
    status: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "imports/show.html")]
struct ShowPage {
    nav: Nav,
    id: i64,
    province: String,
    file_name: String,
    created_at: String,
    /// `pending`, `applied` or `discarded`.
    batch_status: String,
    batch_status_label: String,
    pending: bool,
    applied_at: Option<String>,
    counts: Vec<CountView>,
    statuses: Vec<Choice>,
    /// The filter and page of this view, sent back by the forms.
    filter_status: String,
    page_number: i64,
    notices: Vec<String>,
    error: Option<String>,
    rows_summary: String,
    rows: Vec<RowView>,
    pager: Pager,
    /// Rows in error or review; apply needs them settled or skipped.
    unresolved: Option<String>,
    apply_label: String,
    skip_label: String,
    result: Option<String>,
}

/// Renders the batch page with `view` and `status`, after checking that the user
/// manages the batch's province. Handlers of rejected requests call it with 409 or 422.
pub(super) async fn render_show(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    session: &Session,
    id: i64,
    mut view: View,
    status: StatusCode,
) -> AppResult<Response> {
    let filter = RowFilter { status: view.status };
    let mut page = view.page.unwrap_or_else(|| Page::new(None, None));
    let mut batch = import::batch(&state.db, id, &filter, page).await.map_err(unexpected)?;
    user.require(Action::ManageProvince { province: &batch.info.province_code })?;

    if let Some(last) = last_page_if_past_end(page, batch.matching_rows, locale, &mut view.notices) {
        page = last;
        batch = import::batch(&state.db, id, &filter, page).await.map_err(unexpected)?;
    }
    view.page = Some(page);
    let result = match session.get::<ApplyResult>(&result_key(id)).await {
        Ok(result) => result,
        Err(error) => {
            warn!(batch.id = id, %error, "the session's import result is unreadable");
            None
        }
    };

    let path = view.path(id);
    let uri: Uri = path.parse().unwrap_or_default();
    let nav = Nav::new(locale, user, Some(&batch.info.province_code), "imports", &uri);
    let show = show_page(nav, locale, batch, &view, page, result);
    let response = render(&show)?;
    Ok((status, response).into_response())
}

fn show_page(nav: Nav, locale: Locale, batch: Batch, view: &View, page: Page, result: Option<ApplyResult>) -> ShowPage {
    let info = batch.info;
    let counts = info.counts;
    let pending = info.status == "pending";
    let base = query_base(&format!("/imports/{}", info.id), &[("status", view.status.map(|s| s.as_str().to_owned()))]);
    let rows_summary = locale.t_args(
        "imports-rows-count",
        &[("count", FluentArg::Text(locale.int(batch.matching_rows))), ("n", FluentArg::Number(batch.matching_rows))],
    );
    let rows = batch
        .rows
        .iter()
        .map(|row| {
            let error = view.error.clone().filter(|_| view.error_row == Some(row.row_number));
            row_view(locale, row, pending, error)
        })
        .collect();
    let unresolved = counts.error + counts.review;
    ShowPage {
        id: info.id,
        province: info.province_code,
        file_name: info.file_name,
        created_at: i18n::datetime(info.created_at),
        batch_status_label: locale.tp("imports-batch-status", &info.status),
        batch_status: info.status,
        pending,
        applied_at: info.applied_at.map(i18n::datetime),
        counts: count_views(locale, &counts),
        statuses: RowStatus::ALL
            .iter()
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: locale.tp("imports-row-status", s.as_str()),
                selected: view.status == Some(*s),
            })
            .collect(),
        filter_status: view.status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        page_number: page.number,
        notices: view.notices.clone(),
        error: view.error.clone().filter(|_| view.error_row.is_none()),
        rows_summary,
        rows,
        pager: Pager::new(page, batch.matching_rows, base),
        unresolved: (unresolved > 0).then(|| {
            locale.t_args(
                "imports-apply-unresolved",
                &[("errors", counted(locale, counts.error)), ("reviews", counted(locale, counts.review))],
            )
        }),
        apply_label: locale.t_args("imports-apply-all", &[("count", counted(locale, counts.ready)), ("n", number(counts.ready))]),
        skip_label: locale.t_args("imports-apply-skip", &[("count", counted(locale, counts.ready)), ("n", number(counts.ready))]),
        result: result.map(|r| {
            locale.t_args(
                "imports-result",
                &[
                    ("created", counted(locale, r.created)),
                    ("updated", counted(locale, r.updated)),
                    ("unchanged", counted(locale, r.unchanged)),
                    ("skipped", counted(locale, r.skipped)),
                ],
            )
        }),
        nav,
    }
}

/// Returns a count as Fluent text grouped the locale's way (`1.234`), since Fluent
/// itself prints numbers without grouping.
fn counted(locale: Locale, count: usize) -> FluentArg {
    FluentArg::Text(locale.int(i64::try_from(count).unwrap_or(i64::MAX)))
}

/// Returns a count as a Fluent number, for plural selectors.
fn number(count: usize) -> FluentArg {
    FluentArg::Number(i64::try_from(count).unwrap_or(i64::MAX))
}

fn count_views(locale: Locale, counts: &RowCounts) -> Vec<CountView> {
    let int = |n: usize| locale.int(i64::try_from(n).unwrap_or(i64::MAX));
    let mut views = vec![CountView { label: locale.t("imports-count-total"), value: int(counts.total), status: None }];
    views.push(CountView { label: locale.t("imports-count-new"), value: int(counts.new), status: None });
    views.push(CountView { label: locale.t("imports-count-updated"), value: int(counts.updated), status: None });
    views.push(CountView { label: locale.t("imports-count-unchanged"), value: int(counts.unchanged), status: None });
    for status in RowStatus::ALL {
        views.push(CountView {
            label: locale.tp("imports-row-status", status.as_str()),
            value: int(counts.get(status)),
            status: Some(status.as_str()),
        });
    }
    views
}

fn row_view(locale: Locale, row: &ImportRow, pending: bool, error: Option<String>) -> RowView {
    let data = &row.data;
    let candidates = (data.commune_code.is_none() && !data.candidates.is_empty())
        .then(|| data.candidates.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "));
    let change_label = (row.status == RowStatus::Ready).then_some(data.change).flatten().map(|change| {
        let key = match change {
            Change::New => "new",
            Change::Updated => "updated",
            Change::Unchanged => "unchanged",
        };
        locale.tp("imports-change", key)
    });
    RowView {
        number: row.row_number,
        status: row.status.as_str(),
        status_label: locale.tp("imports-row-status", row.status.as_str()),
        change_label,
        name: data.name.clone(),
        level: data.level.map(|level| locale.tp("level", level.as_str())),
        moet_code: data.moet_code().or_else(|| data.school_code.clone()),
        old_district: data.old_district.clone(),
        commune: data.commune_name.clone(),
        candidates,
        problems: row
            .problems
            .iter()
            .map(|p| ProblemView {
                severity: match p.severity {
                    import::Severity::Error => "error",
                    import::Severity::Warning => "warning",
                    import::Severity::Info => "info",
                },
                text: problem_text(locale, p),
            })
            .collect(),
        decision_label: decision_label(locale, row),
        form: pending.then(|| decision_form(locale, row)).flatten(),
        error,
    }
}

/// Describes the decision stored on a row: a commune code, `include` or `exclude`.
fn decision_label(locale: Locale, row: &ImportRow) -> Option<String> {
    let decision = row.decision.as_deref()?;
    Some(match decision {
        "include" => locale.t("imports-decision-included"),
        "exclude" => locale.t("imports-decision-excluded"),
        code => {
            let name = row.data.candidates.iter().find(|c| c.code == code).map(|c| c.name.as_str()).unwrap_or(code);
            locale.t1("imports-decision-commune", "commune", name)
        }
    })
}

/// Builds the choices a row offers, mirroring what `Decision` accepts for its status:
/// a candidate commune, inclusion at a level (excluded rows and rows without a level),
/// or exclusion. Duplicates offer nothing.
fn decision_form(locale: Locale, row: &ImportRow) -> Option<DecisionView> {
    if row.status == RowStatus::Duplicate {
        return None;
    }
    let data = &row.data;
    let communes: Vec<Choice> = data
        .candidates
        .iter()
        .map(|c| Choice {
            value: c.code.clone(),
            label: c.name.clone(),
            selected: data.commune_code.as_deref() == Some(c.code.as_str()),
        })
        .collect();
    let can_include = row.status == RowStatus::Excluded || (row.status == RowStatus::Error && data.level.is_none());
    let levels = if can_include {
        SchoolLevel::ALL
            .iter()
            .map(|level| Choice {
                value: format!("include:{}", level.as_str()),
                label: locale.tp("level", level.as_str()),
                selected: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    let can_exclude = row.status != RowStatus::Excluded;
    if communes.is_empty() && levels.is_empty() && !can_exclude {
        return None;
    }
    Some(DecisionView { communes, levels, can_exclude })
}
