//! The organiser's form: a new activity (a draft), prefilled from a cluster's plan
//! item when `?plan_item=ID` is given, and the edit of an activity not cancelled.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use caunoi_core::activity::{ActivityKind, ActivityStatus, Openness, Organiser};
use caunoi_core::org::{Ownership, Role, SchoolLevel};
use caunoi_core::policy::Action;
use caunoi_db::activities::{self, Activity, attendance, registrations};
use caunoi_db::{Db, clusters, communes, now_ms};
use serde::Deserialize;
use tracing::instrument;

use super::input::{self, ActivityForm, CURRICULUM_SUBJECTS, FormScope, organiser_value, parse_organiser};
use super::{credit_hours_value, kind_label, load_managed, organisers};
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::i18n::{self, Locale, vietnam_offset};
use crate::pages::directives::input::Problems;
use crate::pages::render;
use crate::pages::schools::Choice;
use crate::state::AppState;
use crate::view::Nav;

/// Translated problems by field, the first of each field.
pub(crate) struct Errors(pub Vec<(&'static str, String)>);

impl Errors {
    pub fn new(problems: &Problems, locale: Locale) -> Errors {
        let mut messages: Vec<(&'static str, String)> = Vec::new();
        for problem in &problems.0 {
            if !messages.iter().any(|(field, _)| *field == problem.field) {
                messages.push((problem.field, problem.message(locale)));
            }
        }
        Errors(messages)
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(name, _)| *name == field).map(|(_, message)| message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Template)]
#[template(path = "activities/form.html")]
struct FormPage {
    nav: Nav,
    heading: String,
    action: String,
    cancel: String,
    /// The organiser is chosen on a new activity only.
    organisers: Vec<Choice>,
    /// A published activity keeps the audience it was published to.
    show_audience: bool,
    values: ActivityForm,
    errors: Errors,
    kinds: Vec<Choice>,
    levels: Vec<Choice>,
    openness: Vec<Choice>,
    clusters: Vec<Choice>,
    audience_levels: Vec<Choice>,
    ownerships: Vec<Choice>,
    roles: Vec<Choice>,
    subjects: &'static [String],
}

fn choices(values: impl IntoIterator<Item = (String, String)>, selected: &[String]) -> Vec<Choice> {
    values
        .into_iter()
        .map(|(value, label)| Choice { selected: selected.iter().any(|s| s.trim() == value), value, label })
        .collect()
}

impl FormPage {
    async fn new(db: &Db, nav: Nav, province: &str, heading: String, action: String, cancel: String, organisers: Vec<Choice>, values: ActivityForm, errors: Errors) -> AppResult<FormPage> {
        let locale = nav.locale;
        let year = clusters::current_year(db, province, i18n::today()).await?;
        let year_clusters = clusters::list(db, province, &year).await?;
        let one = |value: &str| vec![value.to_owned()];
        Ok(FormPage {
            kinds: choices(ActivityKind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_label(locale, k.as_str()))), &one(&values.kind)),
            levels: choices(SchoolLevel::ALL.iter().map(|l| (l.as_str().to_owned(), locale.tp("level", l.as_str()))), &values.levels),
            openness: choices(
                [Openness::Audience, Openness::Province, Openness::Everyone].iter().map(|o| (o.as_str().to_owned(), locale.tp("act-openness", o.as_str()))),
                &one(&values.openness),
            ),
            clusters: choices(year_clusters.iter().map(|c| (c.id.to_string(), c.name.clone())), &values.clusters),
            audience_levels: choices(SchoolLevel::ALL.iter().map(|l| (l.as_str().to_owned(), locale.tp("level", l.as_str()))), &values.audience_levels),
            ownerships: choices([Ownership::Public, Ownership::Private].iter().map(|o| (o.as_str().to_owned(), locale.tp("ownership", o.as_str()))), &values.ownerships),
            roles: choices([Role::CoreTeacher, Role::Teacher].iter().map(|r| (r.as_str().to_owned(), locale.tp("role", r.as_str()))), &values.roles),
            subjects: CURRICULUM_SUBJECTS.as_slice(),
            show_audience: true,
            heading,
            action,
            cancel,
            organisers,
            values,
            errors,
            nav,
        })
    }
}

fn unprocessable(page: &FormPage) -> AppResult<Response> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

/// Lists the organisers the user may choose on a new activity, each with its province.
async fn organiser_choices(db: &Db, locale: Locale, user: &CurrentUser, selected: &str) -> AppResult<Vec<(Choice, String)>> {
    let mine = organisers(user);
    let mut found = Vec::new();
    for province in &mine.departments {
        if user.allows(Action::OrganiseActivity { province, organiser: Organiser::Department, cluster: None }) {
            let name = caunoi_db::provinces::department(db, province).await?.name;
            found.push((Organiser::Department, name, province.clone()));
        }
    }
    for id in &mine.clusters {
        let facts = clusters::facts(db, *id).await?;
        if user.allows(Action::OrganiseActivity { province: &facts.province, organiser: Organiser::Cluster(*id), cluster: Some(&facts) }) {
            let name = locale.t1("act-organiser-cluster", "name", &clusters::get(db, *id).await?.name);
            found.push((Organiser::Cluster(*id), name, facts.province.clone()));
        }
    }
    for id in &mine.schools {
        let facts = caunoi_db::schools::facts(db, *id).await?;
        if user.allows(Action::OrganiseActivity { province: &facts.province, organiser: Organiser::School(*id), cluster: None }) {
            found.push((Organiser::School(*id), activities::list::school_name(db, *id).await?, facts.province.clone()));
        }
    }
    Ok(found
        .into_iter()
        .map(|(organiser, label, province)| {
            let value = organiser_value(organiser, &province);
            (Choice { selected: value == selected, value, label }, province)
        })
        .collect())
}

/// Checks the chosen organiser with the policy and returns its province.
async fn authorise_organiser(db: &Db, user: &CurrentUser, organiser: Organiser, department_province: Option<&str>) -> AppResult<String> {
    match organiser {
        Organiser::Department => {
            let province = department_province.ok_or(AppError::NotFound)?;
            user.require(Action::OrganiseActivity { province, organiser, cluster: None })?;
            Ok(province.to_owned())
        }
        Organiser::Cluster(id) => {
            let facts = clusters::facts(db, id).await?;
            user.require(Action::OrganiseActivity { province: &facts.province, organiser, cluster: Some(&facts) })?;
            Ok(facts.province.clone())
        }
        Organiser::School(id) => {
            let facts = caunoi_db::schools::facts(db, id).await?;
            user.require(Action::OrganiseActivity { province: &facts.province, organiser, cluster: None })?;
            Ok(facts.province.clone())
        }
    }
}

async fn form_scope(db: &Db, province: &str, organiser: Organiser, check_future: bool) -> AppResult<FormScope> {
    let school_year = clusters::current_year(db, province, i18n::today()).await?;
    let mut all = communes::all_in_province(db, province).await?;
    if let Organiser::Cluster(id) = organiser {
        let members: Vec<String> = clusters::member_communes(db, id).await?.into_iter().map(|c| c.code).collect();
        all.retain(|c| members.contains(&c.code));
    }
    Ok(FormScope { province: province.to_owned(), organiser, school_year, communes: all, check_future })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    pub plan_item: Option<String>,
}

/// Shows the form of a new activity, prefilled from a plan item when one is named.
#[instrument(skip_all)]
pub async fn new(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Query(query): Query<NewQuery>) -> AppResult<Response> {
    let mut values = ActivityForm { kind: ActivityKind::ThematicWorkshop.as_str().to_owned(), openness: Openness::Audience.as_str().to_owned(), ..ActivityForm::default() };
    if let Some(raw) = query.plan_item.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
        let id = crate::pages::schools::parse_id(raw)?;
        let item = activities::list::planned_item(&state.db, id).await?;
        let facts = clusters::facts(&state.db, item.cluster_id).await?;
        user.require(Action::OrganiseActivity { province: &facts.province, organiser: Organiser::Cluster(item.cluster_id), cluster: Some(&facts) })?;
        let subjects: Vec<String> = serde_json::from_str(&item.subjects).unwrap_or_default();
        values.organiser = organiser_value(Organiser::Cluster(item.cluster_id), &item.province_code);
        values.title = item.title;
        values.kind = item.kind;
        values.subjects = subjects.join(", ");
        values.start_date = format!("{}-01", item.planned_month);
        values.plan_item = item.id.to_string();
        values.clusters = vec![item.cluster_id.to_string()];
    }
    let choices = organiser_choices(&state.db, locale, &user, &values.organiser).await?;
    let Some((first_value, province)) = choices.first().map(|(choice, province)| (choice.value.clone(), province.clone())) else {
        return Err(AppError::NotFound);
    };
    if values.organiser.is_empty() {
        values.organiser = first_value;
    }
    let province = choices.iter().find(|(c, _)| c.selected).map_or(province, |(_, p)| p.clone());
    let nav = Nav::new(locale, &user, Some(&province), "activities", &uri);
    let organisers = choices.into_iter().map(|(choice, _)| Choice { selected: choice.value == values.organiser, ..choice }).collect();
    let page = FormPage::new(&state.db, nav, &province, locale.t("act-new-title"), "/activities/new".into(), "/activities".into(), organisers, values, Errors(Vec::new())).await?;
    render(&page)
}

/// Saves a new draft and opens its page.
#[instrument(skip_all)]
pub async fn create(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Form(form): Form<ActivityForm>) -> AppResult<Response> {
    let choices = organiser_choices(&state.db, locale, &user, &form.organiser).await?;
    if choices.is_empty() {
        return Err(AppError::NotFound);
    }
    let Some((organiser, department)) = parse_organiser(&form.organiser) else {
        let mut problems = Problems::default();
        problems.push(crate::pages::directives::input::Problem::new("organiser", "act-error-organiser").with("value", form.organiser.trim()));
        let province = choices[0].1.clone();
        let nav = Nav::new(locale, &user, Some(&province), "activities", &uri);
        let organisers = choices.into_iter().map(|(c, _)| c).collect();
        let page = FormPage::new(&state.db, nav, &province, locale.t("act-new-title"), "/activities/new".into(), "/activities".into(), organisers, form, Errors::new(&problems, locale)).await?;
        return unprocessable(&page);
    };
    let province = authorise_organiser(&state.db, &user, organiser, department.as_deref()).await?;

    let scope = form_scope(&state.db, &province, organiser, true).await?;
    let parsed = input::parse(&state.db, &scope, &form, now_ms()).await?;
    let input = match parsed {
        Ok(input) => input,
        Err(problems) => {
            let nav = Nav::new(locale, &user, Some(&province), "activities", &uri);
            let organisers = choices.into_iter().map(|(c, _)| c).collect();
            let page = FormPage::new(&state.db, nav, &province, locale.t("act-new-title"), "/activities/new".into(), "/activities".into(), organisers, form, Errors::new(&problems, locale)).await?;
            return unprocessable(&page);
        }
    };

    let code = attendance::new_code();
    let id = activities::create(&state.db, &province, organiser, &input, &code, user.id).await?;
    tracing::info!(activity.id = id, "activity created");
    Ok(Redirect::to(&format!("/activities/{id}")).into_response())
}

/// Splits an instant into the ISO date and `HH:MM` of the date and time inputs, in Vietnam.
fn split_instant(ms: i64) -> (String, String) {
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(instant) => {
            let local = instant.with_timezone(&vietnam_offset());
            (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
        }
        None => (String::new(), String::new()),
    }
}

/// Fills the form from a stored activity.
async fn form_of(db: &Db, activity: &Activity) -> AppResult<ActivityForm> {
    let audience = activity.audience();
    let named = caunoi_db::directives::list::find_schools(db, &activity.province_code, &audience.schools, &[], &[]).await?;
    let (start_date, start_time) = split_instant(activity.starts_at);
    let (end_date, end_time) = split_instant(activity.ends_at);
    let (deadline_date, deadline_time) = activity.registration_deadline.map(split_instant).unwrap_or_default();
    let place_school = match activity.place_school_id {
        Some(id) => format!("#{id} {}", activities::list::school_name(db, id).await?),
        None => String::new(),
    };
    Ok(ActivityForm {
        organiser: organiser_value(activity.organiser(), &activity.province_code),
        title: activity.title.clone(),
        kind: activity.kind.clone(),
        subjects: activity.subjects().join(", "),
        levels: activity.levels(),
        grades: activity.grades().iter().map(i64::to_string).collect::<Vec<_>>().join(", "),
        description: activity.description.clone(),
        presenters: activity.presenters.clone(),
        place_school,
        place_address: activity.place_address.clone(),
        meeting_url: activity.meeting_url.clone(),
        start_date,
        start_time,
        end_date,
        end_time,
        capacity: activity.capacity.map(|c| c.to_string()).unwrap_or_default(),
        deadline_date,
        deadline_time,
        credit_hours: credit_hours_value(activity.credit_minutes),
        openness: activity.openness.clone(),
        plan_item: activity.plan_item_id.map(|id| id.to_string()).unwrap_or_default(),
        everyone: audience.everyone.then(|| "1".to_owned()),
        clusters: audience.clusters.iter().map(i64::to_string).collect(),
        communes: audience.communes.join(", "),
        audience_levels: audience.levels.iter().map(|l| l.as_str().to_owned()).collect(),
        ownerships: audience.ownerships.iter().map(|o| o.as_str().to_owned()).collect(),
        schools: named.iter().map(|s| format!("#{} {}", s.id, s.name)).collect::<Vec<_>>().join("\n"),
        roles: audience.roles.iter().map(|r| r.as_str().to_owned()).collect(),
    })
}

fn require_editable(activity: &Activity) -> AppResult<()> {
    if activity.status() == ActivityStatus::Cancelled {
        return Err(AppError::conflict("act-error-cancelled"));
    }
    Ok(())
}

/// Shows an activity in the form.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn edit(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>) -> AppResult<Response> {
    let (_, activity) = load_managed(&state.db, &user, &raw_id).await?;
    require_editable(&activity)?;
    let values = form_of(&state.db, &activity).await?;
    let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);
    let mut page = FormPage::new(&state.db, nav, &activity.province_code, locale.t1("act-edit-title", "title", &activity.title), format!("/activities/{}/edit", activity.id), format!("/activities/{}", activity.id), Vec::new(), values, Errors(Vec::new())).await?;
    page.show_audience = activity.status() == ActivityStatus::Draft;
    render(&page)
}

/// Saves the changes. A larger capacity moves people up from the waiting list.
#[instrument(skip_all, fields(activity.id = %raw_id))]
pub async fn update(State(state): State<AppState>, locale: Locale, user: CurrentUser, uri: Uri, Path(raw_id): Path<String>, Form(form): Form<ActivityForm>) -> AppResult<Response> {
    let (_, activity) = load_managed(&state.db, &user, &raw_id).await?;
    require_editable(&activity)?;
    let mut form = form;
    let draft = activity.status() == ActivityStatus::Draft;
    if !draft {
        // The audience of a published activity does not change: keep the stored one.
        let stored = form_of(&state.db, &activity).await?;
        form = ActivityForm { everyone: stored.everyone, clusters: stored.clusters, communes: stored.communes, audience_levels: stored.audience_levels, ownerships: stored.ownerships, schools: stored.schools, roles: stored.roles, ..form };
    }
    let (start_date, start_time) = split_instant(activity.starts_at);
    let start_changed = form.start_date.trim() != start_date || form.start_time.trim() != start_time;
    let scope = form_scope(&state.db, &activity.province_code, activity.organiser(), start_changed).await?;
    let input = match input::parse(&state.db, &scope, &form, now_ms()).await? {
        Ok(input) => input,
        Err(problems) => {
            let nav = Nav::new(locale, &user, Some(&activity.province_code), "activities", &uri);
            let mut page = FormPage::new(&state.db, nav, &activity.province_code, locale.t1("act-edit-title", "title", &activity.title), format!("/activities/{}/edit", activity.id), format!("/activities/{}", activity.id), Vec::new(), form, Errors::new(&problems, locale)).await?;
            page.show_audience = draft;
            return unprocessable(&page);
        }
    };
    match activities::update(&state.db, activity.id, &input).await {
        Ok(()) => {}
        Err(caunoi_db::DbError::Invalid(_)) => return Err(AppError::conflict("act-error-cancelled")),
        Err(other) => return Err(other.into()),
    }
    if !draft {
        registrations::promote(&state.db, activity.id).await?;
        let after = activities::get(&state.db, activity.id).await?;
        registrations::notify_changed(&state.db, &activity, &after).await?;
    }
    Ok(Redirect::to(&format!("/activities/{}?done=saved", activity.id)).into_response())
}
