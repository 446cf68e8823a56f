//! Screens of professional-development activities (sinh hoạt chuyên môn): the lists,
//! the organiser's form, an activity's page with registration, nominations and
//! check-in, and the organiser's registrations and attendance pages.

mod form;
pub(crate) mod input;
mod list;
mod manage;
mod show;

use axum::Router;
use axum::routing::{get, post};
use caunoi_core::activity::Organiser;
use caunoi_core::org::{Role, Scope};
use caunoi_core::policy::{Action, ActivityFacts};
use caunoi_db::Db;
use caunoi_db::activities::list::Organisers;
use caunoi_db::activities::{self, Activity};

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::i18n::{FluentArg, Locale};
use crate::pages::schools::parse_id;
use crate::state::AppState;

pub(crate) use list::month_range;
pub(crate) use show::MAX_REASON;

/// Routes of this area, merged into the route table.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/activities", get(list::list))
        .route("/activities/new", get(form::new).post(form::create))
        .route("/activities/{id}", get(show::detail))
        .route("/activities/{id}/edit", get(form::edit).post(form::update))
        .route("/activities/{id}/publish", post(show::publish))
        .route("/activities/{id}/cancel", post(show::cancel))
        .route("/activities/{id}/register", post(show::register))
        .route("/activities/{id}/leave", post(show::leave))
        .route("/activities/{id}/nominate", post(show::nominate))
        .route("/activities/{id}/checkin", post(show::check_in))
        .route("/activities/{id}/registrations", get(manage::registrations))
        .route("/activities/{id}/registrations.xlsx", get(manage::registrations_xlsx))
        .route("/activities/{id}/registrations/{registration}/remove", post(manage::remove))
        .route("/activities/{id}/attendance", get(manage::attendance).post(manage::mark))
        .route("/checkin", get(manage::checkin_form).post(manage::checkin_submit))
}

/// Loads an activity the user may see, with its facts; anything else is a 404.
pub(crate) async fn load_visible(db: &Db, user: &CurrentUser, raw_id: &str) -> AppResult<(ActivityFacts, Activity)> {
    let id = parse_id(raw_id)?;
    let facts = activities::facts(db, id, user.id).await?;
    user.require(Action::ViewActivity { activity: &facts })?;
    Ok((facts, activities::get(db, id).await?))
}

/// Loads an activity the user organises (edit, publish, cancel, registrations,
/// attendance); anything else is a 404.
pub(crate) async fn load_managed(db: &Db, user: &CurrentUser, raw_id: &str) -> AppResult<(ActivityFacts, Activity)> {
    let id = parse_id(raw_id)?;
    let facts = activities::facts(db, id, user.id).await?;
    user.require(Action::ManageActivity { activity: &facts })?;
    Ok((facts, activities::get(db, id).await?))
}

/// Collects the organisers the user acts for from their grants.
pub(crate) fn organisers(user: &CurrentUser) -> Organisers {
    let mut organisers = Organisers::default();
    for grant in &user.actor.grants {
        match (&grant.role, &grant.scope) {
            (Role::DepartmentAdmin | Role::DepartmentSpecialist, Scope::Province(code)) => organisers.departments.push(code.clone()),
            (Role::ClusterCoordinator | Role::BoardMember, Scope::Cluster(id)) => organisers.clusters.push(*id),
            (Role::SchoolLeader, Scope::School(id)) => organisers.schools.push(*id),
            _ => {}
        }
    }
    organisers.departments.dedup();
    organisers.clusters.dedup();
    organisers.schools.dedup();
    organisers
}

/// The first school the user works in, recorded with their registration.
pub(crate) fn own_school(user: &CurrentUser) -> Option<i64> {
    user.actor.grants.iter().find_map(|grant| match grant.scope {
        Scope::School(id) => Some(id),
        _ => None,
    })
}

pub(crate) fn kind_label(locale: Locale, kind: &str) -> String {
    locale.tp("act-kind", kind)
}

/// Formats credited minutes as hours and minutes ("2 giờ 30 phút").
pub(crate) fn credit_label(locale: Locale, minutes: i64) -> String {
    locale.t_args("act-credit", &[("hours", FluentArg::Number(minutes / 60)), ("minutes", FluentArg::Number(minutes % 60))])
}

/// Writes credited minutes as the form's hours, with a decimal comma ("1,5").
pub(crate) fn credit_hours_value(minutes: i64) -> String {
    if minutes % 60 == 0 {
        (minutes / 60).to_string()
    } else {
        format!("{:.2}", minutes as f64 / 60.0).trim_end_matches('0').replace('.', ",")
    }
}

/// The organiser's name: the department, a cluster's board or a school.
pub(crate) async fn organiser_name(db: &Db, locale: Locale, activity: &Activity) -> AppResult<String> {
    Ok(match activity.organiser() {
        Organiser::Department => caunoi_db::provinces::department(db, &activity.province_code).await?.name,
        Organiser::Cluster(id) => locale.t1("act-organiser-cluster", "name", &caunoi_db::clusters::get(db, id).await?.name),
        Organiser::School(id) => school_name(db, id).await?,
    })
}

pub(crate) async fn school_name(db: &Db, id: i64) -> AppResult<String> {
    Ok(activities::list::school_name(db, id).await?)
}
