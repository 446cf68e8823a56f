//! A school's inbox and the directives that reach the signed-in person: one list style
//! for both, unread first, with deadlines and status badges.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::directive::ReceiptStatus;
use caunoi_core::policy::Action;
use caunoi_core::text::normalize;
use caunoi_db::directives::inbox::{self, InboxFilter, InboxItem, InboxOwner};
use caunoi_db::{now_ms, schools};
use serde::Deserialize;
use tracing::instrument;

use super::{StatusBadge, parse_status};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{self, Locale};
use crate::pages::render;
use crate::pages::schools::{Choice, last_page_if_past_end, non_blank, parse_id, parse_page};
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    status: Option<String>,
    page: Option<String>,
}

/// One directive of the list, formatted for the screen.
struct InboxRow {
    link: String,
    number_symbol: String,
    title: String,
    kind: String,
    issuing_body: String,
    school_name: String,
    published: String,
    deadline: Option<String>,
    badge: StatusBadge,
    unread: bool,
    withdrawn: bool,
    is_generated: bool,
    /// "Version N", and whether a new acknowledgement is due, when amended.
    amended: Option<String>,
}

impl InboxRow {
    fn new(locale: Locale, item: InboxItem, now: i64) -> InboxRow {
        let status = item.receipt_status(now);
        let amended = item.is_amended().then(|| {
            let version = locale.int(item.version);
            if item.acknowledged_at.is_none() {
                locale.t1("inbox-amended-acknowledge-again", "version", &version)
            } else {
                locale.t1("inbox-amended", "version", &version)
            }
        });
        InboxRow {
            link: format!("/directives/{}/view?school={}", item.directive_id, item.school_id),
            kind: locale.tp("directive-kind", &item.kind),
            published: item.published_at.map(i18n::datetime).unwrap_or_default(),
            deadline: item.ack_deadline.map(i18n::datetime),
            badge: StatusBadge::new(locale, status),
            unread: item.read_at.is_none(),
            withdrawn: item.is_withdrawn(),
            is_generated: item.is_generated == 1,
            amended,
            number_symbol: item.number_symbol,
            title: item.title,
            issuing_body: item.issuing_body,
            school_name: item.school_name,
        }
    }
}

#[derive(Template)]
#[template(path = "inbox/list.html")]
struct ListPage {
    nav: Nav,
    heading: String,
    /// The school whose inbox this is, linked under the heading.
    school: Option<SchoolLink>,
    /// Path the filter form submits to.
    action: String,
    q: String,
    statuses: Vec<Choice>,
    notices: Vec<String>,
    summary: String,
    /// Whether to show the school column: a person may receive through several schools.
    show_school: bool,
    empty: String,
    rows: Vec<InboxRow>,
    pager: Pager,
}

/// The parts that differ between the two lists.
struct ListContext {
    owner: InboxOwner,
    province: Option<String>,
    path: String,
    heading: String,
    school: Option<SchoolLink>,
    show_school: bool,
    empty: String,
}

struct SchoolLink {
    id: i64,
    name: String,
}

/// Lists what a school received. Its leaders and the department's staff may see it.
#[instrument(skip_all, fields(school.id = %raw_id))]
pub async fn school_inbox(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = schools::facts(&state.db, id).await?;
    user.require(Action::ViewSchoolInbox { school: &facts })?;

    let name = inbox::school_names(&state.db, &[id]).await?.into_iter().next().map(|(_, name)| name).unwrap_or_default();
    let context = ListContext {
        owner: InboxOwner::School(id),
        province: Some(facts.province),
        path: format!("/schools/{id}/inbox"),
        heading: locale.t1("inbox-title", "school", &name),
        school: Some(SchoolLink { id, name }),
        show_school: false,
        empty: locale.t("inbox-empty"),
    };
    render_list(&state, locale, &user, &uri, context, query).await
}

/// Lists the directives that reach the signed-in person through their schools.
#[instrument(skip_all, fields(user.id = user.id))]
pub async fn my_directives(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let context = ListContext {
        owner: InboxOwner::Person(user.id),
        province: None,
        path: "/me/directives".to_owned(),
        heading: locale.t("my-directives-title"),
        school: None,
        show_school: true,
        empty: locale.t("my-directives-empty"),
    };
    render_list(&state, locale, &user, &uri, context, query).await
}

async fn render_list(
    state: &AppState,
    locale: Locale,
    user: &CurrentUser,
    uri: &Uri,
    context: ListContext,
    query: ListQuery,
) -> AppResult<Response> {
    let mut notices = Vec::new();
    let q = non_blank(&query.q).map(normalize).unwrap_or_default();
    let status = parse_status(non_blank(&query.status), locale, &mut notices);
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    let filter = InboxFilter { owner: context.owner, text: Some(q.clone()).filter(|q| !q.is_empty()), status };
    let now = now_ms();

    let (mut items, mut total) = inbox::list(&state.db, &filter, now, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (items, total) = inbox::list(&state.db, &filter, now, page).await?;
    }

    let base = query_base(
        &context.path,
        &[("q", Some(q.clone())), ("status", status.map(|s| s.as_str().to_owned()))],
    );
    let statuses = ReceiptStatus::ALL
        .iter()
        .map(|s| Choice {
            value: s.as_str().to_owned(),
            label: locale.tp("inbox-status", s.as_str()),
            selected: status == Some(*s),
        })
        .collect();
    let page = ListPage {
        nav: Nav::new(locale, user, context.province.as_deref(), "inbox", uri),
        heading: context.heading,
        school: context.school,
        action: context.path,
        q,
        statuses,
        notices,
        summary: locale.t1("inbox-count", "count", &locale.int(total)),
        show_school: context.show_school,
        empty: context.empty,
        rows: items.into_iter().map(|item| InboxRow::new(locale, item, now)).collect(),
        pager: Pager::new(page, total, base),
    };
    render(&page)
}
