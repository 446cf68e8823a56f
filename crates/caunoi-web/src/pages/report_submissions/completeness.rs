//! A request's completeness: counts per standing overall, per cluster and per commune,
//! the list of schools with filters, and its .xlsx export.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::policy::{Action, StaffVisibility, report_visibility};
use caunoi_core::report::Completeness;
use caunoi_db::reports::completeness::{self, Counts, SchoolFilter, SchoolStanding};
use caunoi_db::reports::requests::{self, ReportRequest};
use caunoi_db::now_ms;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Deserialize;
use tracing::instrument;

use super::actions::xlsx_response;
use super::parse_id;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::pages::schools::{Choice, last_page_if_past_end, non_blank, parse_page};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    standing: Option<String>,
    cluster: Option<String>,
    commune: Option<String>,
    q: Option<String>,
    page: Option<String>,
}

/// Loads a request and the schools the caller may follow; 404 when none.
async fn load(state: &AppState, user: &CurrentUser, raw_id: &str) -> AppResult<(ReportRequest, StaffVisibility)> {
    let id = parse_id(raw_id)?;
    let facts = requests::facts(&state.db, id, user.id).await?;
    user.require(Action::ViewReport { report: &facts })?;
    let visibility = report_visibility(&user.actor, &facts);
    if visibility.is_empty() || !facts.published {
        return Err(AppError::NotFound);
    }
    Ok((requests::get(&state.db, id).await?, visibility))
}

fn parse_filters(locale: Locale, query: &Filters, notices: &mut Vec<String>) -> SchoolFilter {
    let standing = non_blank(&query.standing).and_then(|raw| {
        let parsed = Completeness::parse(raw);
        if parsed.is_none() {
            notices.push(locale.t1("rsub-completeness-bad-standing", "value", raw));
        }
        parsed
    });
    let cluster = non_blank(&query.cluster).and_then(|raw| {
        let parsed = raw.parse::<i64>().ok().filter(|id| *id >= 0);
        if parsed.is_none() {
            notices.push(locale.t1("rsub-completeness-bad-cluster", "value", raw));
        }
        parsed
    });
    SchoolFilter {
        standing,
        cluster,
        commune: non_blank(&query.commune).map(str::to_owned),
        text: non_blank(&query.q).map(|q| caunoi_core::text::normalize(q)),
    }
}

struct CountsRow {
    name: String,
    link: String,
    cells: Vec<String>,
    total: String,
}

struct CountsTable {
    heading: String,
    rows: Vec<CountsRow>,
}

struct SchoolRow {
    link: String,
    name: String,
    level: String,
    cluster: String,
    commune: String,
    standing: String,
    standing_code: &'static str,
    submitted: String,
    scan: bool,
}

#[derive(Template)]
#[template(path = "report_submissions/completeness.html")]
struct Page {
    nav: Nav,
    id: i64,
    title: String,
    deadline: String,
    headers: Vec<String>,
    tables: Vec<CountsTable>,
    standings: Vec<Choice>,
    cluster_choices: Vec<Choice>,
    commune: String,
    q: String,
    notices: Vec<String>,
    summary: String,
    schools: Vec<SchoolRow>,
    pager: Pager,
    export_link: String,
}

fn counts_cells(locale: Locale, counts: &Counts) -> Vec<String> {
    Completeness::ALL.iter().map(|c| locale.int(counts.get(*c))).collect()
}

fn standing_label(locale: Locale, school: &SchoolStanding, deadline_at: i64) -> (String, &'static str) {
    let standing = school.completeness(deadline_at);
    (locale.tp("rsub-standing", standing.as_str()), standing.as_str())
}

/// Shows the completeness of a request to those who follow its schools.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn page(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<Filters>,
) -> AppResult<Response> {
    let (request, visibility) = load(&state, &user, &raw_id).await?;
    let overview = completeness::overview(&state.db, request.id, request.deadline_at, &visibility).await?;
    let mut notices = Vec::new();
    let filter = parse_filters(locale, &query, &mut notices);
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    let (mut rows, mut total) = completeness::schools(&state.db, request.id, request.deadline_at, &visibility, &filter, Some(page)).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (rows, total) = completeness::schools(&state.db, request.id, request.deadline_at, &visibility, &filter, Some(page)).await?;
    }

    let own = format!("/reports/{}/completeness", request.id);
    let pairs = [
        ("standing", filter.standing.map(|s| s.as_str().to_owned())),
        ("cluster", filter.cluster.map(|c| c.to_string())),
        ("commune", filter.commune.clone()),
        ("q", filter.text.clone()),
    ];
    let base = query_base(&own, &pairs);
    let export_link = query_base(&format!("/reports/{}/completeness.xlsx", request.id), &pairs);
    let group_name = |name: &str, none: &str| if name.is_empty() { locale.t(none) } else { name.to_owned() };
    let view = Page {
        nav: Nav::new(locale, &user, Some(&request.province_code), "reports", &uri),
        id: request.id,
        title: request.title.clone(),
        deadline: i18n::datetime(request.deadline_at),
        headers: Completeness::ALL.iter().map(|c| locale.tp("rsub-standing", c.as_str())).collect(),
        tables: vec![
            CountsTable {
                heading: locale.t("rsub-completeness-overall"),
                rows: vec![CountsRow {
                    name: locale.t("rsub-completeness-overall"),
                    link: own.clone(),
                    cells: counts_cells(locale, &overview.overall),
                    total: locale.int(overview.overall.total()),
                }],
            },
            CountsTable { heading: locale.t("rsub-completeness-by-cluster"), rows: overview
            .clusters
            .iter()
            .map(|g| CountsRow {
                name: group_name(&g.name, "rsub-completeness-no-cluster"),
                link: format!("{own}?cluster={}", g.key),
                cells: counts_cells(locale, &g.counts),
                total: locale.int(g.counts.total()),
            })
            .collect() },
            CountsTable { heading: locale.t("rsub-completeness-by-commune"), rows: overview
            .communes
            .iter()
            .map(|g| CountsRow {
                name: group_name(&g.name, "rsub-completeness-no-commune"),
                link: format!("{own}?commune={}", crate::error::urlencode(&g.key)),
                cells: counts_cells(locale, &g.counts),
                total: locale.int(g.counts.total()),
            })
            .collect() },
        ],
        standings: Completeness::ALL
            .iter()
            .map(|c| Choice { value: c.as_str().to_owned(), label: locale.tp("rsub-standing", c.as_str()), selected: filter.standing == Some(*c) })
            .collect(),
        cluster_choices: overview
            .clusters
            .iter()
            .map(|g| Choice {
                value: g.key.clone(),
                label: group_name(&g.name, "rsub-completeness-no-cluster"),
                selected: filter.cluster.map(|c| c.to_string()).as_deref() == Some(g.key.as_str()),
            })
            .collect(),
        commune: filter.commune.clone().unwrap_or_default(),
        q: filter.text.clone().unwrap_or_default(),
        notices,
        summary: locale.t1("rsub-completeness-count", "count", &locale.int(total)),
        schools: rows
            .iter()
            .map(|school| {
                let (standing, standing_code) = standing_label(locale, school, request.deadline_at);
                SchoolRow {
                    link: format!("/reports/{}/schools/{}", request.id, school.school_id),
                    name: school.school_name.clone(),
                    level: locale.tp("level", &school.level),
                    cluster: school.cluster_name.clone().unwrap_or_default(),
                    commune: school.commune_name.clone().unwrap_or_default(),
                    standing,
                    standing_code,
                    submitted: school.submitted_at.map(i18n::datetime).unwrap_or_default(),
                    scan: school.has_scan == 1,
                }
            })
            .collect(),
        pager: Pager::new(page, total, base),
        export_link,
    };
    render(&view)
}

/// Sends the filtered school list as .xlsx with Vietnamese headers.
#[instrument(skip_all, fields(report_request.id = %raw_id))]
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(raw_id): Path<String>,
    Query(query): Query<Filters>,
) -> AppResult<Response> {
    let (request, visibility) = load(&state, &user, &raw_id).await?;
    let locale = Locale::Vi;
    let filter = parse_filters(locale, &query, &mut Vec::new());
    let (rows, _) = completeness::schools(&state.db, request.id, request.deadline_at, &visibility, &filter, None).await?;
    let title = request.title.clone();
    let deadline_at = request.deadline_at;
    let bytes = tokio::task::spawn_blocking(move || export_workbook(locale, &title, deadline_at, &rows))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    Ok(xlsx_response(bytes, &format!("tien-do-bao-cao-{}.xlsx", request.id)))
}

fn write_text(sheet: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, text: &str) -> Result<(), XlsxError> {
    caunoi_db::xlsx::write_text(sheet, row, col, text, None)
}

fn export_workbook(locale: Locale, title: &str, deadline_at: i64, rows: &[SchoolStanding]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(locale.t("rsub-export-sheet"))?;
    write_text(sheet, 0, 0, title)?;
    write_text(sheet, 1, 0, &locale.t1("rsub-export-generated", "at", &i18n::datetime(now_ms())))?;
    let headers = [
        "rsub-col-school",
        "rsub-col-level",
        "rsub-col-cluster",
        "rsub-col-commune",
        "rsub-col-standing",
        "rsub-col-submitted",
        "rsub-col-scan",
    ];
    for (col, id) in headers.iter().enumerate() {
        sheet.write_string_with_format(3, col as u16, locale.t(id), &bold)?;
    }
    for (index, school) in rows.iter().enumerate() {
        let line = 4 + index as u32;
        write_text(sheet, line, 0, &school.school_name)?;
        write_text(sheet, line, 1, &locale.tp("level", &school.level))?;
        write_text(sheet, line, 2, school.cluster_name.as_deref().unwrap_or_default())?;
        write_text(sheet, line, 3, school.commune_name.as_deref().unwrap_or_default())?;
        write_text(sheet, line, 4, &locale.tp("rsub-standing", school.completeness(deadline_at).as_str()))?;
        write_text(sheet, line, 5, &school.submitted_at.map(i18n::datetime).unwrap_or_default())?;
        write_text(sheet, line, 6, if school.has_scan == 1 { "Có" } else { "" })?;
    }
    sheet.set_column_width(0, 45)?;
    for col in 1..7 {
        sheet.set_column_width(col, 20)?;
    }
    workbook.save_to_buffer()
}
