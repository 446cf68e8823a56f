//! The sender's page of one directive. A draft shows the schools it would reach and
//! the publish button. A published one shows its counts, its history and the way to
//! amend or withdraw it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use caunoi_core::directive::{Audience, DirectiveStatus};
use caunoi_db::directives::audience::AudienceScope;
use caunoi_db::directives::{self, Directive, ResolvedSchool};
use caunoi_db::attachments::{self, OwnerKind};
use caunoi_db::{Db, DbError, Page, clusters, communes, provinces};
use serde::Deserialize;
use tracing::instrument;

use super::load_managed;
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale};
use crate::pages::attachments::AttachmentView;
use crate::pages::render;
use crate::pages::schools::{last_page_if_past_end, parse_page};
use crate::state::AppState;
use crate::uploads;
use crate::view::{Nav, Pager, query_base};

/// Schools per page of the preview list.
const PREVIEW_PAGE_SIZE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    page: Option<String>,
}

/// A label and its value in the directive's facts.
pub(super) struct Fact {
    pub label: String,
    pub value: String,
}

/// A group of the preview and its number of schools.
pub(super) struct GroupCount {
    pub name: String,
    pub count: String,
}

/// The schools a draft would reach, as resolved now.
pub(super) struct Preview {
    pub total: i64,
    pub summary: String,
    pub by_cluster: Vec<GroupCount>,
    pub by_commune: Vec<GroupCount>,
    pub schools: Vec<ResolvedSchool>,
}

/// One version in the history.
pub(super) struct VersionRow {
    pub version: i64,
    pub published_at: String,
    pub published_by: String,
    pub number_symbol: String,
    pub title: String,
    pub change_note: String,
}

#[derive(Template)]
#[template(path = "directives/show.html")]
pub(super) struct ShowPage {
    nav: Nav,
    id: i64,
    province: String,
    status: String,
    status_label: String,
    kind_label: String,
    number_symbol: String,
    title: String,
    version: i64,
    facts: Vec<Fact>,
    summary: Vec<Vec<String>>,
    body: Vec<Vec<String>>,
    audience: Vec<Fact>,
    /// A message above the actions, such as why publishing failed.
    notices: Vec<String>,
    preview: Option<Preview>,
    /// Paging of the preview's school list.
    pager: Pager,
    publish_label: String,
    counts_text: String,
    versions: Vec<VersionRow>,
    withdrawn: Option<Fact>,
    files: Vec<FileRow>,
    /// The file input's `accept` list and the line on types and limits under it.
    accept: &'static str,
    upload_hint: String,
}

/// An attached file, with its id for the remove button of a draft.
pub(super) struct FileRow {
    pub id: i64,
    /// The version it came with, when later than the first.
    pub version: Option<i64>,
    pub view: AttachmentView,
}

/// Splits stored text into paragraphs of lines, for `<p>` and `<br>`.
pub(super) fn paragraphs(text: &str) -> Vec<Vec<String>> {
    text.split("\n\n")
        .map(|paragraph| paragraph.lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|lines| !lines.is_empty())
        .collect()
}

/// Returns the sender's name: the department's, or the cluster's for a board.
pub(super) async fn sender_name(db: &Db, directive: &Directive) -> AppResult<String> {
    Ok(match directive.cluster_id {
        Some(id) => clusters::get(db, id).await?.name,
        None => provinces::department(db, &directive.province_code).await?.name,
    })
}

/// Describes an audience line by line in the reader's language.
async fn describe_audience(db: &Db, locale: Locale, directive: &Directive, audience: &Audience) -> AppResult<Vec<Fact>> {
    let mut lines = Vec::new();
    let fact = |label: &str, value: String| Fact { label: locale.t(label), value };
    if audience.everyone {
        let id = if directive.cluster_id.is_some() { "directives-audience-everyone-cluster" } else { "directives-audience-everyone" };
        lines.push(fact("directives-audience-scope", locale.t(id)));
    }
    if !audience.clusters.is_empty() {
        let mut names = Vec::new();
        for id in &audience.clusters {
            names.push(clusters::get(db, *id).await.map(|c| c.name).unwrap_or_else(|_| format!("#{id}")));
        }
        lines.push(fact("directives-field-clusters", names.join(", ")));
    }
    if !audience.communes.is_empty() {
        let all = communes::all_in_province(db, &directive.province_code).await?;
        let names: Vec<String> = audience
            .communes
            .iter()
            .map(|code| all.iter().find(|c| c.code == *code).map(|c| c.name.clone()).unwrap_or_else(|| code.clone()))
            .collect();
        lines.push(fact("directives-field-communes", names.join(", ")));
    }
    if !audience.levels.is_empty() {
        let names: Vec<String> = audience.levels.iter().map(|l| locale.tp("level", l.as_str())).collect();
        lines.push(fact("directives-field-levels", names.join(", ")));
    }
    if !audience.ownerships.is_empty() {
        let names: Vec<String> = audience.ownerships.iter().map(|o| locale.tp("ownership", o.as_str())).collect();
        lines.push(fact("directives-field-ownerships", names.join(", ")));
    }
    if !audience.schools.is_empty() {
        let named = directives::list::find_schools(db, &directive.province_code, &audience.schools, &[], &[]).await?;
        let names: Vec<String> = named.into_iter().map(|s| s.name).collect();
        lines.push(fact("directives-field-schools", names.join(", ")));
    }
    let roles: Vec<String> = audience.school_roles().iter().map(|r| locale.tp("role", r.as_str())).collect();
    lines.push(fact("directives-field-roles", roles.join(", ")));
    Ok(lines)
}

/// Resolves a draft's audience and cuts one page of the schools.
async fn preview(
    db: &Db,
    locale: Locale,
    directive: &Directive,
    raw_page: Option<&str>,
    notices: &mut Vec<String>,
) -> AppResult<(Preview, Pager)> {
    let school_year = clusters::current_year(db, &directive.province_code, i18n::today()).await?;
    let scope = AudienceScope { province: &directive.province_code, school_year: &school_year, cluster: directive.cluster_id };
    let schools = directives::resolve_audience(db, &scope, &directive.audience()).await?;
    let total = i64::try_from(schools.len()).unwrap_or(i64::MAX);

    let unknown = locale.t("directives-preview-no-cluster");
    let mut by_cluster: Vec<(String, i64)> = Vec::new();
    let mut by_commune: Vec<(String, i64)> = Vec::new();
    for school in &schools {
        count_into(&mut by_cluster, school.cluster_name.clone().unwrap_or_else(|| unknown.clone()));
        count_into(&mut by_commune, school.commune_name.clone().unwrap_or_else(|| locale.t("directives-preview-no-commune")));
    }
    by_commune.sort_by_cached_key(|(name, _)| caunoi_core::text::collate::sort_key(name));

    let mut page = parse_page(raw_page, locale, notices);
    page = Page::new(Some(page.number), Some(PREVIEW_PAGE_SIZE));
    if let Some(last) = last_page_if_past_end(page, total, locale, notices) {
        page = last;
    }
    let offset = usize::try_from(page.offset()).unwrap_or(usize::MAX);
    let size = usize::try_from(page.size).unwrap_or(usize::MAX);
    let pager = Pager::new(page, total, query_base(&format!("/directives/{}", directive.id), &[]));
    let to_counts = |groups: Vec<(String, i64)>| {
        groups.into_iter().map(|(name, count)| GroupCount { name, count: locale.int(count) }).collect()
    };
    let preview = Preview {
        total,
        summary: locale.t1("directives-preview-total", "count", &locale.int(total)),
        by_cluster: to_counts(by_cluster),
        by_commune: to_counts(by_commune),
        schools: schools.into_iter().skip(offset).take(size).collect(),
    };
    Ok((preview, pager))
}

/// Adds one to the count of `name`, keeping groups in the order they first appear.
fn count_into(groups: &mut Vec<(String, i64)>, name: String) {
    match groups.iter_mut().find(|(existing, _)| *existing == name) {
        Some((_, count)) => *count += 1,
        None => groups.push((name, 1)),
    }
}

/// Builds the sender's page of a directive.
pub(super) async fn show_page(
    state: &AppState,
    locale: Locale,
    nav: Nav,
    directive: &Directive,
    raw_page: Option<&str>,
    mut notices: Vec<String>,
) -> AppResult<ShowPage> {
    let db = &state.db;
    let status = directive.status();
    let audience = directive.audience();

    let mut facts = vec![Fact { label: locale.t("directives-field-sender"), value: sender_name(db, directive).await? }];
    facts.push(Fact { label: locale.t("directives-field-issuing-body"), value: directive.issuing_body.clone() });
    if !directive.signer.is_empty() {
        facts.push(Fact { label: locale.t("directives-field-signer"), value: directive.signer.clone() });
    }
    if let Some(date) = directive.issued_on.as_deref().and_then(super::input::parse_date) {
        facts.push(Fact { label: locale.t("directives-field-issued-on"), value: date.format("%d/%m/%Y").to_string() });
    }
    match directive.ack_deadline {
        Some(deadline) => {
            facts.push(Fact { label: locale.t("directives-field-deadline"), value: i18n::datetime(deadline) });
            let hours = (directive.remind_before_min / 60).to_string();
            facts.push(Fact { label: locale.t("directives-fact-remind"), value: locale.t1("directives-remind-hours", "hours", &hours) });
            if status == DirectiveStatus::Draft && deadline <= caunoi_db::now_ms() {
                notices.push(locale.t1("directives-error-publish-deadline", "value", &i18n::datetime(deadline)));
            }
        }
        None => facts.push(Fact { label: locale.t("directives-field-deadline"), value: locale.t("directives-no-deadline") }),
    }

    let empty_pager = Pager::new(Page::new(None, Some(PREVIEW_PAGE_SIZE)), 0, String::new());
    let (preview, pager, counts) = if status == DirectiveStatus::Draft {
        let (preview, pager) = preview(db, locale, directive, raw_page, &mut notices).await?;
        (Some(preview), pager, None)
    } else {
        (None, empty_pager, Some(directives::list::recipient_counts(db, directive.id).await?))
    };
    let publish_label = preview
        .as_ref()
        .map(|p| locale.t1("directives-publish", "count", &locale.int(p.total)))
        .unwrap_or_default();
    let counts_text = counts
        .map(|c| {
            locale.t_args(
                "directives-counts",
                &[
                    ("recipients", i18n::FluentArg::Text(locale.int(c.recipients))),
                    ("read", i18n::FluentArg::Text(locale.int(c.read))),
                    ("acknowledged", i18n::FluentArg::Text(locale.int(c.acknowledged))),
                ],
            )
        })
        .unwrap_or_default();
    let versions = directives::amend::versions(db, directive.id)
        .await?
        .into_iter()
        .map(|v| VersionRow {
            version: v.version,
            published_at: i18n::datetime(v.published_at),
            published_by: v.published_by_name,
            number_symbol: v.number_symbol,
            title: v.title,
            change_note: v.change_note,
        })
        .collect();
    let stored = attachments::list(db, OwnerKind::Directive, directive.id).await?;
    let files = crate::pages::attachments::views(locale, &stored)
        .into_iter()
        .zip(&stored)
        .map(|(view, attachment)| FileRow {
            id: attachment.id,
            version: attachment.owner_part.filter(|version| *version > 1),
            view,
        })
        .collect();
    let withdrawn = directive.withdrawn_at.map(|at| Fact {
        label: i18n::datetime(at),
        value: directive.withdraw_reason.clone().unwrap_or_default(),
    });

    Ok(ShowPage {
        id: directive.id,
        province: directive.province_code.clone(),
        status: directive.status.clone(),
        status_label: locale.tp("directive-status", &directive.status),
        kind_label: locale.tp("directive-kind", &directive.kind),
        number_symbol: directive.number_symbol.clone(),
        title: directive.title.clone(),
        version: directive.version,
        facts,
        summary: paragraphs(&directive.summary),
        body: paragraphs(&directive.body),
        audience: describe_audience(db, locale, directive, &audience).await?,
        notices,
        preview,
        pager,
        publish_label,
        counts_text,
        versions,
        withdrawn,
        files,
        accept: uploads::ACCEPT,
        upload_hint: uploads::hint(locale, state),
        nav,
    })
}

/// Shows a directive to its sender: the preview of a draft with the publish button,
/// or the counts and history of a published one.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn show(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<ShowQuery>,
) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;

    let nav = Nav::new(locale, &user, Some(&directive.province_code), "directives", &uri);
    let page = show_page(&state, locale, nav, &directive, query.page.as_deref(), Vec::new()).await?;
    render(&page)
}

/// Publishes a draft to the schools its audience selects now, then opens the tracking
/// page. A passed deadline or an audience without schools shows the preview again with
/// the reason.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn publish(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;
    if directive.status() != DirectiveStatus::Draft {
        return Err(AppError::conflict("directives-error-not-draft"));
    }
    let nav = Nav::new(locale, &user, Some(&directive.province_code), "directives", &uri);
    if directive.ack_deadline.is_some_and(|deadline| deadline <= caunoi_db::now_ms()) {
        tracing::info!(directive.id = directive.id, "publication rejected: the deadline has passed");
        // The page itself explains the passed deadline.
        let page = show_page(&state, locale, nav, &directive, None, Vec::new()).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }

    let school_year = clusters::current_year(&state.db, &directive.province_code, i18n::today()).await?;
    match directives::publish(&state.db, directive.id, user.id, &school_year).await {
        Ok(_) => Ok(Redirect::to(&format!("/directives/{}/tracking", directive.id)).into_response()),
        Err(DbError::Invalid(_)) => {
            let current = directives::get(&state.db, directive.id).await?;
            if current.status() != DirectiveStatus::Draft {
                return Err(AppError::conflict("directives-error-not-draft"));
            }
            tracing::info!(directive.id = directive.id, "publication rejected: the audience selects no school");
            let notices = vec![locale.t("directives-error-publish-no-school")];
            let page = show_page(&state, locale, nav, &current, None, notices).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// Deletes a draft and returns to the list of drafts.
#[instrument(skip_all, fields(directive.id = %raw_id))]
pub async fn delete(State(state): State<AppState>, user: CurrentUser, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (_, directive) = load_managed(&state.db, &user, &raw_id).await?;
    if directive.status() != DirectiveStatus::Draft {
        return Err(AppError::conflict("directives-error-not-draft"));
    }

    let storage_keys = match directives::amend::delete_draft(&state.db, directive.id, user.id).await {
        Ok(keys) => keys,
        Err(DbError::Invalid(_)) => return Err(AppError::conflict("directives-error-not-draft")),
        Err(other) => return Err(other.into()),
    };
    super::files::delete_stored(&state, &storage_keys).await;

    Ok(Redirect::to(&format!("/p/{}/directives?status=draft", directive.province_code)).into_response())
}
