//! Parsing of the activity form, shared by the screens and the API. Every rejected
//! value becomes a [`Problem`] naming the field, the value typed and the fix.

use std::sync::LazyLock;

use caunoi_core::activity::{self, ActivityKind, Openness, Organiser};
use caunoi_core::directive::Audience;
use caunoi_core::org::{Ownership, Role, SchoolLevel};
use caunoi_core::report::deadline::{local_instant, parse_time};
use caunoi_db::Db;
use caunoi_db::activities::ActivityInput;
use serde::Deserialize;

use crate::error::AppResult;
use crate::pages::directives::input::{self as shared, Problem, Problems, Sender};

pub(crate) const MAX_TITLE: usize = 300;
pub(crate) const MAX_DESCRIPTION: usize = 10_000;
pub(crate) const MAX_PRESENTERS: usize = 2_000;
pub(crate) const MAX_ADDRESS: usize = 300;
pub(crate) const MAX_SUBJECTS: usize = 20;
pub(crate) const MAX_SUBJECT_CHARS: usize = 100;
/// Seats of the largest hall a seminar is likely to fill; beyond it a typing mistake.
pub(crate) const MAX_CAPACITY: i64 = 100_000;
/// Credited time is at most 8 hours a day over the longest activity.
pub(crate) const MAX_CREDIT_MINUTES: i64 = 14 * 8 * 60;

/// The activity form's fields, kept as typed so a rejected form shows them again.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    /// `department:79`, `cluster:12` or `school:345`.
    pub organiser: String,
    pub title: String,
    pub kind: String,
    /// Subject names separated by commas.
    pub subjects: String,
    pub levels: Vec<String>,
    /// Grades 1 to 12 separated by commas or spaces.
    pub grades: String,
    pub description: String,
    pub presenters: String,
    /// A school of the province: `#id`, MOET code or full name.
    pub place_school: String,
    pub place_address: String,
    pub meeting_url: String,
    pub start_date: String,
    pub start_time: String,
    /// Blank means the start date.
    pub end_date: String,
    pub end_time: String,
    pub capacity: String,
    pub deadline_date: String,
    pub deadline_time: String,
    /// Hours, with a decimal comma or point; blank takes the activity's length.
    pub credit_hours: String,
    pub openness: String,
    pub plan_item: String,
    // The audience, with the directive form's fields.
    pub everyone: Option<String>,
    pub clusters: Vec<String>,
    pub communes: String,
    pub audience_levels: Vec<String>,
    pub ownerships: Vec<String>,
    pub schools: String,
    pub roles: Vec<String>,
}

/// Parses an organiser choice of the form.
pub(crate) fn parse_organiser(raw: &str) -> Option<(Organiser, Option<String>)> {
    let (kind, value) = raw.trim().split_once(':')?;
    match kind {
        "department" => Some((Organiser::Department, Some(value.to_owned()))),
        "cluster" => value.parse().ok().filter(|id| *id > 0).map(|id| (Organiser::Cluster(id), None)),
        "school" => value.parse().ok().filter(|id| *id > 0).map(|id| (Organiser::School(id), None)),
        _ => None,
    }
}

/// Writes an organiser as the form's value.
pub(crate) fn organiser_value(organiser: Organiser, province: &str) -> String {
    match organiser {
        Organiser::Department => format!("department:{province}"),
        Organiser::Cluster(id) => format!("cluster:{id}"),
        Organiser::School(id) => format!("school:{id}"),
    }
}

/// The subject names of the 2018 general education curriculum, offered as suggestions.
pub(crate) static CURRICULUM_SUBJECTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let csv = include_str!("../../../../../reference-data/rules/curriculum_2018_periods.csv");
    let mut names: Vec<String> = csv
        .lines()
        .skip(1)
        .filter_map(|line| {
            let fields = csv_fields(line);
            let kind = fields.get(4)?;
            if !matches!(kind.as_str(), "compulsory" | "compulsory_activity" | "elective_choice" | "optional") {
                return None;
            }
            let name = fields.get(2)?;
            // "Ngoại ngữ 1 (tự chọn lớp 1, 2)" is offered as "Ngoại ngữ 1".
            Some(name.split(" (").next().unwrap_or(name).trim().to_owned())
        })
        .filter(|name| !name.is_empty())
        .collect();
    names.sort_by_cached_key(|name| caunoi_core::text::collate::sort_key(name));
    names.dedup();
    names
});

/// Splits one CSV line into fields, with `"` quoting and `""` escapes.
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// Names the service of an online meeting link for its label, or `None` for any
/// other https URL.
pub(crate) fn meeting_service(url: &str) -> Option<&'static str> {
    let host = url.strip_prefix("https://")?.split(['/', '?', '#']).next()?.to_lowercase();
    let host = host.rsplit_once('@').map_or(host.as_str(), |(_, host)| host).split(':').next().unwrap_or_default().to_owned();
    let is = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    if is("zoom.us") || is("zoom.com") {
        Some("Zoom")
    } else if host == "meet.google.com" {
        Some("Google Meet")
    } else if is("teams.microsoft.com") || is("teams.live.com") {
        Some("Microsoft Teams")
    } else if host == "meet.jit.si" || host.contains("jitsi") {
        Some("Jitsi")
    } else {
        None
    }
}

/// Checks an online meeting link: an https URL with a host name and no spaces.
pub(crate) fn check_meeting_url(raw: &str) -> bool {
    let Some(rest) = raw.strip_prefix("https://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !raw.chars().any(char::is_whitespace) && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
}

fn date_and_time(field: &'static str, raw_date: &str, raw_time: &str, default_time: Option<&str>, problems: &mut Problems) -> Option<i64> {
    let (date_text, time_text) = (raw_date.trim(), raw_time.trim());
    if date_text.is_empty() {
        problems.push(Problem::new(field, "act-error-date-missing"));
        return None;
    }
    let date = shared::parse_date(date_text);
    if date.is_none() {
        problems.push(Problem::new(field, "act-error-date").with("value", date_text));
    }
    let time = match (time_text.is_empty(), default_time) {
        (true, Some(default)) => parse_time(default),
        (true, None) => {
            problems.push(Problem::new(field, "act-error-time-missing"));
            None
        }
        (false, _) => {
            let time = parse_time(time_text);
            if time.is_none() {
                problems.push(Problem::new(field, "act-error-time").with("value", time_text));
            }
            time
        }
    };
    Some(local_instant(date?, time?))
}

fn subjects(raw: &str, problems: &mut Problems) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for item in raw.split([',', ';', '\n']).map(caunoi_core::text::normalize).filter(|s| !s.is_empty()) {
        if item.chars().count() > MAX_SUBJECT_CHARS {
            problems.push(Problem::new("subjects", "act-error-subject-long").with("value", item).with_number("max", MAX_SUBJECT_CHARS as i64));
            break;
        }
        if !list.contains(&item) {
            list.push(item);
        }
    }
    if list.len() > MAX_SUBJECTS {
        problems.push(Problem::new("subjects", "act-error-subjects-many").with_number("count", list.len() as i64).with_number("max", MAX_SUBJECTS as i64));
    }
    list
}

fn grades(raw: &str, problems: &mut Problems) -> Vec<i64> {
    let mut list = Vec::new();
    for item in raw.split([',', ';', ' ']).map(str::trim).filter(|s| !s.is_empty()) {
        match item.parse::<i64>().ok().filter(|grade| (1..=12).contains(grade)) {
            Some(grade) => list.push(grade),
            None => {
                problems.push(Problem::new("grades", "act-error-grade").with("value", item));
                break;
            }
        }
    }
    list.sort_unstable();
    list.dedup();
    list
}

fn capacity(raw: &str, problems: &mut Problems) -> Option<i64> {
    let text = raw.trim().replace('.', "");
    if text.is_empty() {
        return None;
    }
    match text.parse::<i64>().ok().filter(|n| (1..=MAX_CAPACITY).contains(n)) {
        Some(n) => Some(n),
        None => {
            problems.push(Problem::new("capacity", "act-error-capacity").with("value", raw.trim()).with_number("max", MAX_CAPACITY));
            None
        }
    }
}

fn credit_minutes(raw: &str, starts_at: Option<i64>, ends_at: Option<i64>, problems: &mut Problems) -> i64 {
    let text = raw.trim().replace(',', ".");
    if text.is_empty() {
        return match (starts_at, ends_at) {
            (Some(start), Some(end)) => activity::default_credit_minutes(start, end),
            _ => 0,
        };
    }
    let minutes = text.parse::<f64>().ok().filter(|h| h.is_finite()).map(|hours| (hours * 60.0).round() as i64);
    match minutes.filter(|m| (1..=MAX_CREDIT_MINUTES).contains(m)) {
        Some(minutes) => minutes,
        None => {
            problems.push(Problem::new("credit_hours", "act-error-credit").with("value", raw.trim()).with_number("max", MAX_CREDIT_MINUTES / 60));
            0
        }
    }
}

/// The organiser's context the parser needs.
pub(crate) struct FormScope {
    pub province: String,
    pub organiser: Organiser,
    pub school_year: String,
    /// The communes an audience may name: the province's, or the organising cluster's.
    pub communes: Vec<caunoi_db::communes::Commune>,
    /// Whether the activity is new or its start changed, so it must lie ahead.
    pub check_future: bool,
}

/// Parses the whole form. `now` decides whether the start lies ahead.
pub(crate) async fn parse(db: &Db, scope: &FormScope, form: &ActivityForm, now: i64) -> AppResult<Result<ActivityInput, Problems>> {
    let mut problems = Problems::default();
    let title = shared::single_line("title", &form.title, MAX_TITLE, false, &mut problems);
    if title.is_empty() {
        problems.push(Problem::new("title", "act-error-title-missing"));
    }
    let kind = ActivityKind::parse(form.kind.trim());
    if kind.is_none() {
        problems.push(Problem::new("kind", "act-error-kind").with("value", form.kind.trim()));
    }
    let subjects = subjects(&form.subjects, &mut problems);
    let mut levels = Vec::new();
    for raw in &form.levels {
        match SchoolLevel::parse(raw.trim()) {
            Some(level) => levels.push(level.as_str().to_owned()),
            None => problems.push(Problem::new("levels", "act-error-choice").with("value", raw.trim())),
        }
    }
    levels.sort();
    levels.dedup();
    let grades = grades(&form.grades, &mut problems);
    let description = shared::paragraphs("description", &form.description, MAX_DESCRIPTION, false, &mut problems);
    let presenters = shared::paragraphs("presenters", &form.presenters, MAX_PRESENTERS, false, &mut problems);

    let place_school_id = place_school(db, &scope.province, &form.place_school, &mut problems).await?;
    let place_address = shared::single_line("place_address", &form.place_address, MAX_ADDRESS, false, &mut problems);
    let meeting_url = form.meeting_url.trim().to_owned();
    if !meeting_url.is_empty() && !check_meeting_url(&meeting_url) {
        problems.push(Problem::new("meeting_url", "act-error-url").with("value", meeting_url.clone()));
    }
    if place_school_id.is_none() && place_address.is_empty() && meeting_url.is_empty() && form.place_school.trim().is_empty() {
        problems.push(Problem::new("place", "act-error-place-missing"));
    }

    let starts_at = date_and_time("start", &form.start_date, &form.start_time, None, &mut problems);
    let end_date = if form.end_date.trim().is_empty() { &form.start_date } else { &form.end_date };
    let ends_at = date_and_time("end", end_date, &form.end_time, None, &mut problems);
    let deadline = if form.deadline_date.trim().is_empty() && form.deadline_time.trim().is_empty() {
        None
    } else {
        date_and_time("deadline", &form.deadline_date, &form.deadline_time, Some("23:59"), &mut problems)
    };
    if let (Some(start), Some(end)) = (starts_at, ends_at) {
        if let Err(error) = activity::check_schedule(start, end, deadline) {
            let field = if error == activity::ScheduleError::DeadlineAfterStart { "deadline" } else { "end" };
            problems.push(Problem::new(field, error.message_id()).with("value", crate::i18n::datetime(if field == "end" { end } else { deadline.unwrap_or(end) })));
        }
        if scope.check_future && start <= now {
            problems.push(Problem::new("start", "act-error-start-past").with("value", crate::i18n::datetime(start)));
        }
    }
    let capacity = capacity(&form.capacity, &mut problems);
    let credit_minutes = credit_minutes(&form.credit_hours, starts_at, ends_at, &mut problems);
    let openness = Openness::parse(form.openness.trim());
    if openness.is_none() {
        problems.push(Problem::new("openness", "act-error-choice").with("value", form.openness.trim()));
    }
    let plan_item_id = match form.plan_item.trim() {
        "" => None,
        raw => match raw.parse::<i64>().ok().filter(|id| *id > 0) {
            Some(id) => Some(id),
            None => {
                problems.push(Problem::new("plan_item", "act-error-choice").with("value", raw));
                None
            }
        },
    };
    let audience = audience(db, scope, form, openness.unwrap_or(Openness::Audience), &mut problems).await?;

    match (kind, starts_at, ends_at, openness) {
        (Some(kind), Some(starts_at), Some(ends_at), Some(openness)) if problems.is_empty() => Ok(Ok(ActivityInput {
            kind,
            title,
            description,
            subjects,
            levels,
            grades,
            presenters,
            place_school_id,
            place_address,
            meeting_url,
            starts_at,
            ends_at,
            capacity,
            registration_deadline: deadline,
            credit_minutes,
            openness,
            audience,
            plan_item_id,
        })),
        _ => Ok(Err(problems)),
    }
}

async fn place_school(db: &Db, province: &str, raw: &str, problems: &mut Problems) -> AppResult<Option<i64>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let mut found = Problems::default();
    let ids = shared::school_ids(db, province, raw, &mut found).await?;
    if !found.is_empty() || ids.len() != 1 {
        problems.push(Problem::new("place_school", "act-error-place-school").with("value", raw.trim()));
        return Ok(None);
    }
    Ok(ids.first().copied())
}

/// Parses the audience with the directive form's rules. An activity open to the
/// province or to everyone may leave it empty; a school's own activity without one
/// reaches that school.
async fn audience(db: &Db, scope: &FormScope, form: &ActivityForm, openness: Openness, problems: &mut Problems) -> AppResult<Audience> {
    let mut audience = Audience { everyone: form.everyone.is_some(), ..Audience::default() };
    let mut found = Problems::default();
    for raw in form.clusters.iter().map(|raw| raw.trim()).filter(|raw| !raw.is_empty()) {
        match raw.parse::<i64>() {
            Ok(id) => audience.clusters.push(id),
            Err(_) => found.push(Problem::new("clusters", "directives-error-cluster").with("value", raw)),
        }
    }
    for item in shared::commune_items(&form.communes) {
        match shared::commune_code(&item, &scope.communes) {
            Some(code) => audience.communes.push(code),
            None => {
                found.push(Problem::new("communes", "directives-error-commune").with("value", item));
                break;
            }
        }
    }
    for raw in &form.audience_levels {
        match SchoolLevel::parse(raw.trim()) {
            Some(level) => audience.levels.push(level),
            None => found.push(Problem::new("audience_levels", "directives-error-choice").with("value", raw.trim())),
        }
    }
    for raw in &form.ownerships {
        match Ownership::parse(raw.trim()) {
            Some(ownership) => audience.ownerships.push(ownership),
            None => found.push(Problem::new("ownerships", "directives-error-choice").with("value", raw.trim())),
        }
    }
    for raw in &form.roles {
        match Role::parse(raw.trim()) {
            Some(role) => audience.roles.push(role),
            None => found.push(Problem::new("roles", "directives-error-choice").with("value", raw.trim())),
        }
    }
    audience.schools = shared::school_ids(db, &scope.province, &form.schools, &mut found).await?;
    if let Organiser::School(own) = scope.organiser
        && audience.is_empty()
        && openness == Openness::Audience
    {
        audience.schools.push(own);
    }
    let sender = Sender { province: scope.province.clone(), cluster: scope.organiser.cluster(), school_year: scope.school_year.clone() };
    let audience = shared::check_audience(db, &sender, audience, &mut found).await?;
    for problem in found.0 {
        // Openness beyond the audience lets the activity reach no school by it.
        if problem.field == "audience" && openness != Openness::Audience {
            continue;
        }
        problems.push(problem);
    }
    Ok(audience)
}
