//! People: the province's staff list, limited to what the user may see, and one
//! person's profile.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Uri;
use axum::response::Response;
use caunoi_core::org::Role;
use caunoi_core::policy::{self, Action};
use caunoi_core::text::fold;
use caunoi_db::users::{self, Contact, GrantView, PeopleFilter, Person};
use serde::Deserialize;
use tracing::instrument;

use super::provinces::hosted_code;
use super::render;
use super::schools::{Choice, last_page_if_past_end, non_blank, parse_id, parse_page};
use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::view::{Nav, Pager, query_base};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    role: Option<String>,
    page: Option<String>,
}

/// One person in the list.
struct PersonRow {
    person: Person,
    /// The roles, translated and joined.
    roles: String,
    /// Whether the user may open the person's profile.
    linked: bool,
}

#[derive(Template)]
#[template(path = "people/list.html")]
struct ListPage {
    nav: Nav,
    province: String,
    q: String,
    roles: Vec<Choice>,
    /// False when the user sees only the people of their own school, commune or cluster.
    whole_province: bool,
    notices: Vec<String>,
    /// How many people match, as a sentence.
    summary: String,
    people: Vec<PersonRow>,
    pager: Pager,
}

/// Lists the people holding a role in a province, sorted by given name. Department
/// staff see everyone; others see the people of the schools, communes and clusters
/// their own roles reach (`policy::staff_visibility`).
#[instrument(skip_all, fields(province.code = %raw_province))]
pub async fn list(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_province): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let province = hosted_code(&state.db, &raw_province).await?;
    user.require(Action::ViewProvince { province: &province })?;

    let visibility = policy::staff_visibility(&user.actor, &province);
    let whole_province = visibility.whole_province;
    let mut notices = Vec::new();
    let role = parse_role(non_blank(&query.role), locale, &mut notices);
    let mut page = parse_page(query.page.as_deref(), locale, &mut notices);
    let filter = PeopleFilter {
        province: province.clone(),
        role,
        school_id: None,
        query: non_blank(&query.q).map(fold).filter(|text| !text.is_empty()),
        visibility,
    };
    let (mut people, mut total) = users::list(&state.db, &filter, page).await?;
    if let Some(last) = last_page_if_past_end(page, total, locale, &mut notices) {
        page = last;
        (people, total) = users::list(&state.db, &filter, page).await?;
    }

    let mut rows = Vec::with_capacity(people.len());
    for person in people {
        // Department staff may open every profile of their province. For the others the
        // list reaches further than `ViewPerson` does (cluster and commune colleagues),
        // so each row is checked.
        let linked = whole_province || user.allows(Action::ViewPerson { person: &users::facts(&state.db, person.id).await? });
        let roles = translate_roles(locale, &person.roles);
        rows.push(PersonRow { person, roles, linked });
    }
    let q = non_blank(&query.q).unwrap_or_default().to_owned();
    let base = query_base(&format!("/p/{province}/people"), &[("q", Some(q.clone())), ("role", role.map(|r| r.as_str().to_owned()))]);
    let roles = Role::ALL
        .iter()
        .map(|r| Choice { value: r.as_str().to_owned(), label: locale.tp("role", r.as_str()), selected: role == Some(*r) })
        .collect();
    let page = ListPage {
        nav: Nav::new(locale, &user, Some(&province), "people", &uri),
        province,
        q,
        roles,
        whole_province,
        notices,
        summary: locale.t1("people-count", "count", &locale.int(total)),
        people: rows,
        pager: Pager::new(page, total, base),
    };
    render(&page)
}

fn parse_role(raw: Option<&str>, locale: Locale, notices: &mut Vec<String>) -> Option<Role> {
    let raw = raw?;
    let role = Role::parse(raw);
    if role.is_none() {
        notices.push(locale.t1("people-notice-invalid-role", "value", raw));
    }
    role
}

/// Translates a comma-separated list of role identifiers.
fn translate_roles(locale: Locale, roles: &str) -> String {
    roles.split(',').filter(|r| !r.is_empty()).map(|role| locale.tp("role", role)).collect::<Vec<_>>().join(", ")
}

#[derive(Template)]
#[template(path = "people/detail.html")]
struct DetailPage {
    nav: Nav,
    person: Person,
    grants: Vec<GrantView>,
    /// Email and phone, only for the person themself and department staff.
    contact: Option<Contact>,
}

/// Shows a person's name, username and roles with their scopes, and their email and
/// phone to those allowed to see them.
#[instrument(skip_all, fields(person.id = %raw_id))]
pub async fn detail(
    State(state): State<AppState>,
    locale: Locale,
    user: CurrentUser,
    uri: Uri,
    Path(raw_id): Path<String>,
) -> AppResult<Response> {
    let id = parse_id(&raw_id)?;
    let facts = users::facts(&state.db, id).await?;
    user.require(Action::ViewPerson { person: &facts })?;

    let person = users::get(&state.db, id).await?;
    let grants = users::grant_views(&state.db, id).await?;
    let contact = match user.allows(Action::ViewContact { person: &facts }) {
        true => Some(users::contact(&state.db, id).await?),
        false => None,
    };

    let province = facts.provinces.iter().find(|p| user.allows(Action::ViewProvince { province: p }));
    let page = DetailPage { nav: Nav::new(locale, &user, province.map(String::as_str), "people", &uri), person, grants, contact };
    render(&page)
}
