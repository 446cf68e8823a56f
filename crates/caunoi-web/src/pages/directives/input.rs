//! Parsing of what a sender types into a directive, shared by the form and the API.
//!
//! Every rejected value becomes a [`Problem`]: the field it belongs to and a Fluent
//! message that names the value and the fix. The form shows each next to its field;
//! the API answers 400 with the first one.

use std::collections::HashSet;

use caunoi_core::directive::{Audience, DirectiveKind};
use caunoi_core::org::Role;
use caunoi_core::text::{fold, normalize};
use caunoi_db::directives::DirectiveInput;
use caunoi_db::{Db, clusters, communes, schools};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::error::{AppError, AppResult};
use crate::i18n::{FluentArg, Locale, vietnam_offset};

/// Longest values accepted, in characters. Official number-symbols are under 40
/// characters; titles of dispatches rarely pass 250.
pub(crate) const MAX_NUMBER_SYMBOL: usize = 60;
pub(crate) const MAX_ISSUING_BODY: usize = 200;
pub(crate) const MAX_SIGNER: usize = 120;
pub(crate) const MAX_TITLE: usize = 300;
pub(crate) const MAX_SUMMARY: usize = 2_000;
pub(crate) const MAX_BODY: usize = 50_000;
pub(crate) const MAX_NOTE: usize = 1_000;
/// Named schools are for a few exceptions; larger groups are chosen by cluster,
/// commune or level.
pub(crate) const MAX_NAMED_SCHOOLS: usize = 500;
/// Reminder lead time in hours: from 1 hour to 30 days before the deadline.
pub(crate) const MAX_REMIND_HOURS: i64 = 720;
pub(crate) const DEFAULT_REMIND_HOURS: i64 = 24;

/// One rejected value: the field, the message id and its arguments.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub field: &'static str,
    pub message_id: &'static str,
    pub args: Vec<(&'static str, FluentArg)>,
}

impl Problem {
    /// A problem whose message selects its wording by the field name.
    pub fn new(field: &'static str, message_id: &'static str) -> Problem {
        Problem { field, message_id, args: vec![("field", FluentArg::Text(field.to_owned()))] }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Problem {
        self.args.push((name, FluentArg::Text(value.into())));
        self
    }

    pub fn with_number(mut self, name: &'static str, value: i64) -> Problem {
        self.args.push((name, FluentArg::Number(value)));
        self
    }

    pub fn message(&self, locale: Locale) -> String {
        locale.t_args(self.message_id, &self.args)
    }

    /// The API's 400 for this problem.
    pub fn into_error(self) -> AppError {
        AppError::BadRequest { message_id: self.message_id, args: self.args }
    }
}

/// The problems found in one submission, in field order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first problem of a field, translated.
    pub fn message(&self, field: &str, locale: Locale) -> Option<String> {
        self.0.iter().find(|p| p.field == field).map(|p| p.message(locale))
    }

    /// The API's 400 for the first problem, if any.
    pub fn into_result(self) -> AppResult<()> {
        match self.0.into_iter().next() {
            Some(problem) => Err(problem.into_error()),
            None => Ok(()),
        }
    }
}

/// Normalises a one-line value and checks its presence and length.
pub(crate) fn single_line(field: &'static str, raw: &str, max: usize, required: bool, problems: &mut Problems) -> String {
    let value = normalize(raw);
    check_length(field, &value, max, required, problems);
    value
}

/// Normalises text typed with paragraphs: each line is normalised on its own, and
/// runs of blank lines become one blank line, the paragraph break.
pub(crate) fn paragraphs(field: &'static str, raw: &str, max: usize, required: bool, problems: &mut Problems) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in raw.lines().map(normalize) {
        if line.is_empty() && lines.last().is_none_or(|last| last.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    let value = lines.join("\n");
    check_length(field, &value, max, required, problems);
    value
}

fn check_length(field: &'static str, value: &str, max: usize, required: bool, problems: &mut Problems) {
    let length = value.chars().count();
    if required && length == 0 {
        problems.push(Problem::new(field, "directives-error-missing"));
    } else if length > max {
        problems.push(
            Problem::new(field, "directives-error-too-long")
                .with_number("length", i64::try_from(length).unwrap_or(i64::MAX))
                .with_number("max", i64::try_from(max).unwrap_or(i64::MAX)),
        );
    }
}

/// Parses the number and symbol as printed, such as `1581/SGDĐT-GDTrH`. A leading
/// `Số:` copied from the document is dropped. It must hold a digit and a `/`, the
/// shape Decree 30/2020/NĐ-CP gives every number-symbol.
pub(crate) fn number_symbol(raw: &str, problems: &mut Problems) -> String {
    let value = normalize(raw);
    let folded_prefix = value.split(':').next().map(fold);
    let value = match (value.split_once(':'), folded_prefix.as_deref()) {
        (Some((_, rest)), Some("so")) => rest.trim().to_owned(),
        _ => value,
    };
    if value.is_empty() {
        problems.push(Problem::new("number_symbol", "directives-error-missing"));
    } else if value.chars().count() > MAX_NUMBER_SYMBOL {
        check_length("number_symbol", &value, MAX_NUMBER_SYMBOL, true, problems);
    } else if !value.contains('/') || !value.chars().any(|c| c.is_ascii_digit()) {
        problems.push(Problem::new("number_symbol", "directives-error-number").with("value", value.clone()));
    }
    value
}

pub(crate) fn kind(raw: &str, problems: &mut Problems) -> Option<DirectiveKind> {
    let raw = raw.trim();
    let kind = DirectiveKind::parse(raw);
    if kind.is_none() {
        problems.push(Problem::new("kind", "directives-error-kind").with("value", raw));
    }
    kind
}

/// Parses a date typed as `dd/mm/yyyy` (one-digit day and month too, `-` or `.` as
/// separators) or sent as `yyyy-mm-dd` by `<input type="date">`.
pub(crate) fn parse_date(raw: &str) -> Option<NaiveDate> {
    let text = raw.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    let unified = text.replace(['-', '.'], "/");
    let mut parts = unified.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// Parses a 24-hour time: `17:00`, `7:30`, and the Vietnamese `17h`, `17h30`.
pub(crate) fn parse_time(raw: &str) -> Option<NaiveTime> {
    let text = raw.trim().to_lowercase();
    let (hours, minutes) = match text.split_once([':', 'h']) {
        Some((hours, "")) => (hours, "0"),
        Some((hours, minutes)) => (hours, minutes),
        None => return None,
    };
    if hours.is_empty() || hours.len() > 2 || minutes.len() > 2 {
        return None;
    }
    NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, 0)
}

/// Converts a date and time in Vietnam to Unix milliseconds UTC.
pub(crate) fn vietnam_instant(date: NaiveDate, time: NaiveTime) -> i64 {
    let local = NaiveDateTime::new(date, time);
    vietnam_offset()
        .from_local_datetime(&local)
        .single()
        .expect("a fixed offset maps every local time to one instant")
        .timestamp_millis()
}

/// Parses the optional issue date of the form.
pub(crate) fn issued_on(raw: &str, problems: &mut Problems) -> Option<NaiveDate> {
    let text = raw.trim();
    if text.is_empty() {
        return None;
    }
    let date = parse_date(text);
    match date {
        None => problems.push(Problem::new("issued_on", "directives-error-date").with("value", text)),
        // A document is signed before it is sent; a month's slack allows for typos of the day.
        Some(day) if day > crate::i18n::today() + chrono::Days::new(31) => {
            problems.push(Problem::new("issued_on", "directives-error-issued-future").with("value", text));
        }
        Some(_) => {}
    }
    date
}

/// Parses the form's optional deadline from its date and time fields. A date without
/// a time means 17:00, the end of office hours.
pub(crate) fn deadline(raw_date: &str, raw_time: &str, problems: &mut Problems) -> Option<i64> {
    let (date_text, time_text) = (raw_date.trim(), raw_time.trim());
    if date_text.is_empty() {
        if !time_text.is_empty() {
            problems.push(Problem::new("ack_deadline", "directives-error-time-without-date").with("value", time_text));
        }
        return None;
    }
    let date = parse_date(date_text);
    if date.is_none() {
        problems.push(Problem::new("ack_deadline", "directives-error-date").with("value", date_text));
    }
    let time = if time_text.is_empty() {
        NaiveTime::from_hms_opt(17, 0, 0)
    } else {
        let time = parse_time(time_text);
        if time.is_none() {
            problems.push(Problem::new("ack_deadline", "directives-error-time").with("value", time_text));
        }
        time
    };
    Some(vietnam_instant(date?, time?))
}

/// Adds a problem when a deadline is not after `now`: schools must have time to act.
/// A deadline more than a year ahead is taken for a typing mistake (2099 for 2029).
pub(crate) fn check_future(deadline: Option<i64>, now: i64, problems: &mut Problems) {
    const YEAR_MS: i64 = 366 * 24 * 3_600_000;
    let Some(deadline) = deadline else { return };
    if deadline <= now {
        problems.push(Problem::new("ack_deadline", "directives-error-deadline-past").with("value", crate::i18n::datetime(deadline)));
    } else if deadline > now + YEAR_MS {
        problems.push(Problem::new("ack_deadline", "directives-error-deadline-far").with("value", crate::i18n::datetime(deadline)));
    }
}

/// Parses the reminder lead time in whole hours into minutes; blank means 24 hours.
pub(crate) fn remind_minutes(raw: &str, problems: &mut Problems) -> i64 {
    let text = raw.trim();
    if text.is_empty() {
        return DEFAULT_REMIND_HOURS * 60;
    }
    match text.parse::<i64>() {
        Ok(hours) if (1..=MAX_REMIND_HOURS).contains(&hours) => hours * 60,
        _ => {
            problems.push(
                Problem::new("remind_hours", "directives-error-remind")
                    .with("value", text)
                    .with_number("max", MAX_REMIND_HOURS),
            );
            DEFAULT_REMIND_HOURS * 60
        }
    }
}

/// The text fields of a directive as received, before parsing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawContent<'a> {
    pub kind: &'a str,
    pub number_symbol: &'a str,
    pub issuing_body: &'a str,
    pub signer: &'a str,
    pub issued_on: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
}

/// Parses the text fields of a directive. The deadline, reminder and audience are left
/// at their defaults for the caller to fill. Returns `None` when a field is rejected.
pub(crate) fn content(raw: RawContent<'_>, problems: &mut Problems) -> Option<DirectiveInput> {
    let before = problems.0.len();
    let kind = kind(raw.kind, problems);
    let number_symbol = number_symbol(raw.number_symbol, problems);
    let issuing_body = single_line("issuing_body", raw.issuing_body, MAX_ISSUING_BODY, true, problems);
    let signer = single_line("signer", raw.signer, MAX_SIGNER, false, problems);
    let issued_on = issued_on(raw.issued_on, problems);
    let title = single_line("title", raw.title, MAX_TITLE, true, problems);
    let summary = paragraphs("summary", raw.summary, MAX_SUMMARY, false, problems);
    let body = paragraphs("body", raw.body, MAX_BODY, false, problems);
    if problems.0.len() > before {
        return None;
    }
    Some(DirectiveInput {
        kind: kind?,
        number_symbol,
        issuing_body,
        signer,
        issued_on,
        title,
        summary,
        body,
        ack_deadline: None,
        remind_before_min: DEFAULT_REMIND_HOURS * 60,
        audience: Audience::default(),
    })
}

/// Who sends: the department of `province`, or the board of `cluster`, and the school
/// year whose clusters an audience refers to.
#[derive(Debug, Clone)]
pub(crate) struct Sender {
    pub province: String,
    pub cluster: Option<i64>,
    pub school_year: String,
}

/// Checks that every cluster, commune, school and role of an audience exists in the
/// sender's reach: this year's clusters and the communes and schools of the province,
/// or of its own cluster for a cluster board. Returns the audience sorted and without
/// repeats.
pub(crate) async fn check_audience(db: &Db, sender: &Sender, audience: Audience, problems: &mut Problems) -> AppResult<Audience> {
    let mut audience = audience;
    dedup(&mut audience.clusters);
    dedup(&mut audience.communes);
    dedup(&mut audience.schools);
    audience.levels.sort();
    audience.levels.dedup();
    audience.ownerships.sort_by_key(|ownership| ownership.as_str());
    audience.ownerships.dedup();
    audience.roles.retain(|role| *role != Role::SchoolLeader);
    audience.roles.sort();
    audience.roles.dedup();

    let allowed_clusters: Vec<i64> = match sender.cluster {
        Some(own) => vec![own],
        None => clusters::list(db, &sender.province, &sender.school_year).await?.into_iter().map(|c| c.id).collect(),
    };
    if let Some(bad) = audience.clusters.iter().find(|id| !allowed_clusters.contains(id)) {
        let message_id = if sender.cluster.is_some() { "directives-error-outside-cluster" } else { "directives-error-cluster" };
        problems.push(Problem::new("clusters", message_id).with("value", bad.to_string()));
    }

    let allowed_communes: HashSet<String> = match sender.cluster {
        Some(own) => clusters::member_communes(db, own).await?.into_iter().map(|c| c.code).collect(),
        None => communes::all_in_province(db, &sender.province).await?.into_iter().map(|c| c.code).collect(),
    };
    if let Some(bad) = audience.communes.iter().find(|code| !allowed_communes.contains(*code)) {
        let message_id = if sender.cluster.is_some() { "directives-error-outside-cluster" } else { "directives-error-commune" };
        problems.push(Problem::new("communes", message_id).with("value", bad.clone()));
    }

    if audience.schools.len() > MAX_NAMED_SCHOOLS {
        problems.push(
            Problem::new("schools", "directives-error-too-many-schools")
                .with_number("count", i64::try_from(audience.schools.len()).unwrap_or(i64::MAX))
                .with_number("max", i64::try_from(MAX_NAMED_SCHOOLS).unwrap_or(i64::MAX)),
        );
    } else if !audience.schools.is_empty() {
        let allowed: HashSet<i64> = match sender.cluster {
            Some(own) => schools::in_cluster(db, own).await?.into_iter().map(|s| s.id).collect(),
            None => caunoi_db::directives::list::find_schools(db, &sender.province, &audience.schools, &[], &[])
                .await?
                .into_iter()
                .map(|s| s.id)
                .collect(),
        };
        if let Some(bad) = audience.schools.iter().find(|id| !allowed.contains(id)) {
            let message_id = if sender.cluster.is_some() { "directives-error-outside-cluster" } else { "directives-error-school" };
            // The school by its name when it exists anywhere, else by its number.
            let name = match schools::get(db, *bad, &sender.school_year).await {
                Ok(school) => school.name,
                Err(_) => format!("#{bad}"),
            };
            problems.push(Problem::new("schools", message_id).with("value", name));
        }
    }

    if let Some(bad) = audience.roles.iter().find(|role| !matches!(role, Role::CoreTeacher | Role::Teacher)) {
        problems.push(Problem::new("roles", "directives-error-role").with("value", bad.as_str()));
    }

    if audience.is_empty() {
        problems.push(Problem::new("audience", "directives-error-audience-empty"));
    }
    Ok(audience)
}

fn dedup<T: Ord>(values: &mut Vec<T>) {
    values.sort();
    values.dedup();
}

/// Splits the communes field: codes or names separated by commas, semicolons or line
/// breaks. An item may be written `Tên (26743)`, the form's own rendering.
pub(crate) fn commune_items(raw: &str) -> Vec<String> {
    raw.split([',', ';', '\n'])
        .map(normalize)
        .filter(|item| !item.is_empty())
        .collect()
}

/// Finds the code of one commune item among a province's communes: by its code, with
/// or without leading zeros, else by its full or short name, ignoring tone marks.
pub(crate) fn commune_code(item: &str, communes: &[communes::Commune]) -> Option<String> {
    let inside = item
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once('('))
        .map(|(_, code)| code.trim())
        .filter(|code| caunoi_core::org::commune_code(code).is_some());
    if let Some(code) = caunoi_core::org::commune_code(inside.unwrap_or(item)) {
        return communes.iter().any(|c| c.code == code).then_some(code);
    }
    let folded = fold(item);
    communes
        .iter()
        .find(|c| fold(&c.name) == folded || fold(&c.short_name) == folded)
        .map(|c| c.code.clone())
}

/// One line of the named-schools field, as the sender meant it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SchoolKey {
    /// `#123`: the school's id in Cầu Nối, as the form writes it back.
    Id(i64),
    /// The first word, tried as a MOET code, then the whole line as a name.
    CodeOrName { line: String, code: String, folded: String },
}

/// Splits the named-schools field into one key per non-blank line. Text after an
/// id is ignored, so that `#12 Trường THPT Trưng Vương` reads back as school 12.
pub(crate) fn school_keys(raw: &str) -> Vec<SchoolKey> {
    raw.lines()
        .map(normalize)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let first = line.split(' ').next().unwrap_or_default().to_owned();
            match first.strip_prefix('#').and_then(|digits| digits.parse::<i64>().ok()) {
                Some(id) => SchoolKey::Id(id),
                None => SchoolKey::CodeOrName { folded: fold(&line), code: first, line },
            }
        })
        .collect()
}

/// Resolves the named-schools field to school ids of the province. Each line must name
/// exactly one school; the first line that does not gets a problem.
pub(crate) async fn school_ids(db: &Db, province: &str, raw: &str, problems: &mut Problems) -> AppResult<Vec<i64>> {
    let keys = school_keys(raw);
    if keys.len() > MAX_NAMED_SCHOOLS {
        problems.push(
            Problem::new("schools", "directives-error-too-many-schools")
                .with_number("count", i64::try_from(keys.len()).unwrap_or(i64::MAX))
                .with_number("max", i64::try_from(MAX_NAMED_SCHOOLS).unwrap_or(i64::MAX)),
        );
        return Ok(Vec::new());
    }
    let mut ids = Vec::new();
    let mut codes = Vec::new();
    let mut names = Vec::new();
    for key in &keys {
        match key {
            SchoolKey::Id(id) => ids.push(*id),
            SchoolKey::CodeOrName { code, folded, .. } => {
                codes.push(code.clone());
                names.push(folded.clone());
            }
        }
    }
    let found = caunoi_db::directives::list::find_schools(db, province, &ids, &codes, &names).await?;

    let mut resolved = Vec::with_capacity(keys.len());
    for key in keys {
        match key {
            SchoolKey::Id(id) => match found.iter().find(|s| s.id == id) {
                Some(school) => resolved.push(school.id),
                None => {
                    problems.push(Problem::new("schools", "directives-error-school").with("value", format!("#{id}")));
                    break;
                }
            },
            SchoolKey::CodeOrName { line, code, folded } => {
                if let Some(school) = found.iter().find(|s| s.moet_code.as_deref() == Some(code.as_str())) {
                    resolved.push(school.id);
                    continue;
                }
                let by_name: Vec<_> = found.iter().filter(|s| s.name_folded == folded).collect();
                match by_name.as_slice() {
                    [one] => resolved.push(one.id),
                    [] => {
                        problems.push(Problem::new("schools", "directives-error-school").with("value", line));
                        break;
                    }
                    many => {
                        problems.push(
                            Problem::new("schools", "directives-error-school-ambiguous")
                                .with("value", line)
                                .with_number("count", i64::try_from(many.len()).unwrap_or(i64::MAX)),
                        );
                        break;
                    }
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_shapes() {
        let expected = NaiveDate::from_ymd_opt(2026, 9, 5);
        assert_eq!(parse_date("05/09/2026"), expected);
        assert_eq!(parse_date("5/9/2026"), expected);
        assert_eq!(parse_date("2026-09-05"), expected);
        assert_eq!(parse_date("05-09-2026"), expected);
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("05/09/26"), None);
        assert_eq!(parse_date("hôm nay"), None);
    }

    #[test]
    fn times_in_vietnamese_shapes() {
        assert_eq!(parse_time("17:00"), NaiveTime::from_hms_opt(17, 0, 0));
        assert_eq!(parse_time("7:30"), NaiveTime::from_hms_opt(7, 30, 0));
        assert_eq!(parse_time("17h"), NaiveTime::from_hms_opt(17, 0, 0));
        assert_eq!(parse_time("17h30"), NaiveTime::from_hms_opt(17, 30, 0));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("1700"), None);
    }

    #[test]
    fn far_deadline_and_future_issue_rejected() {
        let mut problems = Problems::default();
        let now = 1_800_000_000_000;
        check_future(Some(now + 400 * 24 * 3_600_000), now, &mut problems);
        issued_on("01/01/2999", &mut problems);
        assert!(!problems.is_empty());
        let mut fine = Problems::default();
        check_future(Some(now + 30 * 24 * 3_600_000), now, &mut fine);
        assert!(fine.is_empty());
    }

    #[test]
    fn deadline_is_vietnam_time() {
        let mut problems = Problems::default();
        // 20/12/2026 17:00 in Ho Chi Minh City is 10:00 UTC.
        let ms = deadline("20/12/2026", "17:00", &mut problems).unwrap();
        assert!(problems.is_empty());
        assert_eq!(ms, chrono::Utc.with_ymd_and_hms(2026, 12, 20, 10, 0, 0).unwrap().timestamp_millis());
        assert_eq!(deadline("20/12/2026", "", &mut problems), Some(ms));
    }

    #[test]
    fn number_symbol_drops_prefix() {
        let mut problems = Problems::default();
        assert_eq!(number_symbol("Số: 1581/SGDĐT-GDTrH", &mut problems), "1581/SGDĐT-GDTrH");
        assert!(problems.is_empty());
        number_symbol("SGDĐT", &mut problems);
        assert_eq!(problems.0.len(), 1);
    }

    #[test]
    fn paragraphs_keep_one_blank_line() {
        let mut problems = Problems::default();
        let text = paragraphs("body", "\n Đoạn  một\r\n\n\n\nĐoạn hai \n\n", 100, false, &mut problems);
        assert_eq!(text, "Đoạn một\n\nĐoạn hai");
    }

    #[test]
    fn school_lines_read_ids_and_codes() {
        let keys = school_keys("#12 Trường THPT Trưng Vương\n\n79-001\nTrường Tiểu học Lê Ngọc Hân");
        assert_eq!(keys[0], SchoolKey::Id(12));
        assert!(matches!(&keys[1], SchoolKey::CodeOrName { code, .. } if code == "79-001"));
        assert!(matches!(&keys[2], SchoolKey::CodeOrName { folded, .. } if folded == "truong tieu hoc le ngoc han"));
        assert_eq!(keys.len(), 3);
    }
}
