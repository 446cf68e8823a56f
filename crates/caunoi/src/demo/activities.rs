//! Professional development in the demo: a plan of 3 to 5 activities for every
//! cluster. Cluster 1 also gets a thematic workshop a few days ahead with a waiting
//! list, a lesson study the week after (its records seeded by `lesson_study`), and a
//! past seminar with attendance, so that people's records show credited hours.

use anyhow::Context;
use caunoi_core::activity::plan::{PlanItemStatus, PlanMonth, Semester};
use caunoi_core::activity::{ActivityKind, Openness, Organiser, default_credit_minutes};
use caunoi_core::directive::Audience;
use caunoi_core::report::deadline::local_instant;
use caunoi_core::school_year::SchoolYear;
use caunoi_db::activities::plans::{self, ItemInput};
use caunoi_db::activities::registrations::{self, NewRegistration};
use caunoi_db::activities::{self, ActivityInput, attendance};
use caunoi_db::{Db, now_ms, schools, users};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

use super::PROVINCE;

/// Title of the workshop the demo's story follows.
pub const WORKSHOP_TITLE: &str = "Sinh hoạt chuyên đề: Dạy học phát triển năng lực môn Tiếng Anh";
/// Title of the past seminar whose attendees answer the demo's survey.
pub const SEMINAR_TITLE: &str = "Hội thảo đổi mới kiểm tra, đánh giá môn Ngữ văn";
/// Seats of the workshop: four teachers get one and the demo teacher `giaovien`, who
/// registers last, waits.
const WORKSHOP_CAPACITY: i64 = 4;

/// Plan items every cluster draws from, in order: title, kind, subjects.
const PLAN_ITEMS: [(&str, ActivityKind, &[&str]); 5] = [
    ("Sinh hoạt chuyên đề đổi mới phương pháp dạy học môn Ngữ văn", ActivityKind::ThematicWorkshop, &["Ngữ văn"]),
    ("Nghiên cứu bài học môn Toán lớp 6", ActivityKind::LessonStudy, &["Toán"]),
    ("Dạy minh họa ứng dụng công nghệ thông tin", ActivityKind::DemonstrationLesson, &["Tin học"]),
    ("Hội thảo kiểm tra, đánh giá theo định hướng phát triển năng lực", ActivityKind::Seminar, &[]),
    ("Trao đổi kinh nghiệm tổ chức hoạt động trải nghiệm", ActivityKind::ExperienceSharing, &["Hoạt động trải nghiệm, hướng nghiệp"]),
];

/// Returns the first weekday at least `days` after `from`.
fn weekday_after(from: NaiveDate, days: i64) -> NaiveDate {
    let mut date = from + Duration::days(days);
    while matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        date += Duration::days(1);
    }
    date
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> i64 {
    local_instant(date, NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time"))
}

/// Returns the month of `date` when it lies in the semester, else the semester's
/// nearest end.
fn month_in(semester: Semester, year: SchoolYear, date: NaiveDate) -> PlanMonth {
    let months = semester.months(year);
    let month = PlanMonth { year: date.year(), month: date.month() };
    if months.contains(&month) {
        month
    } else if Some(month) < months.first().copied() {
        months[0]
    } else {
        *months.last().expect("a semester has months")
    }
}

/// Seeds the plans and cluster 1's activities of school year `year`.
pub async fn seed(db: &Db, year: SchoolYear) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let today = caunoi_web::i18n::today();
    let workshop_day = weekday_after(today, 3);
    // The plan follows the semester of the workshop. NOTE: outside the school year
    // (summer) the plan is semester I and the workshop's item takes its nearest month.
    let semester = match Semester::containing(workshop_day) {
        (workshop_year, semester) if workshop_year == year => semester,
        _ => Semester::First,
    };
    let clusters: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM clusters WHERE province_code = $1 AND school_year = $2 ORDER BY position, id")
            .bind(PROVINCE)
            .bind(year.to_string())
            .fetch_all(&db.pool)
            .await?;
    let specialist = users::id_by_username(db, "chuyenvien").await.context("the demo specialist is missing")?;
    let coordinator = users::id_by_username(db, "dieuphoi").await.context("the demo coordinator is missing")?;
    let months = semester.months(year);
    let this_month = PlanMonth { year: today.year(), month: today.month() };

    // Every cluster but the first: items spread over the semester, the past ones done.
    for (index, (cluster_id, _)) in clusters.iter().enumerate().skip(1) {
        let plan = plans::ensure(db, PROVINCE, *cluster_id, year, semester, specialist).await?;
        let count = 3 + index % 3;
        for (position, (title, kind, subjects)) in PLAN_ITEMS.iter().cycle().skip(index).take(count).enumerate() {
            let month = months[(position * months.len()) / count];
            let status = match (month < this_month, (index + position) % 4) {
                (true, 0) => PlanItemStatus::Cancelled,
                (true, _) => PlanItemStatus::Done,
                (false, _) => PlanItemStatus::Planned,
            };
            let input = ItemInput {
                title: (*title).into(),
                kind: *kind,
                subjects: subjects.iter().map(|s| (*s).to_owned()).collect(),
                month,
                status,
                note: String::new(),
            };
            plans::add_item(db, plan.id, &input).await?;
        }
    }

    if let Some((first, _)) = clusters.first() {
        seed_first_cluster(db, year, semester, *first, coordinator, today, workshop_day).await?;
    }
    tracing::info!(demo.plans = clusters.len(), demo.elapsed_ms = started.elapsed().as_millis() as u64, "demo activity plans ready");
    Ok(())
}

/// Cluster 1: the workshop, the lesson study and a past seminar, each from a plan item.
async fn seed_first_cluster(
    db: &Db,
    year: SchoolYear,
    semester: Semester,
    cluster: i64,
    coordinator: i64,
    today: NaiveDate,
    workshop_day: NaiveDate,
) -> anyhow::Result<()> {
    let plan = plans::ensure(db, PROVINCE, cluster, year, semester, coordinator).await?;
    let past_day = weekday_after(today, -12);
    let lesson_day = weekday_after(workshop_day, 7);
    let item = |title: &str, kind: ActivityKind, subjects: &[&str], day: NaiveDate, status: PlanItemStatus| ItemInput {
        title: title.into(),
        kind,
        subjects: subjects.iter().map(|s| (*s).to_owned()).collect(),
        month: month_in(semester, year, day),
        status,
        note: String::new(),
    };
    let seminar_title = SEMINAR_TITLE;
    let lesson_title = "Nghiên cứu bài học: Hàm số bậc nhất, Toán lớp 9";
    let past_item = plans::add_item(db, plan.id, &item(seminar_title, ActivityKind::Seminar, &["Ngữ văn"], past_day, PlanItemStatus::Done)).await?;
    let workshop_item = plans::add_item(db, plan.id, &item(WORKSHOP_TITLE, ActivityKind::ThematicWorkshop, &["Tiếng Anh"], workshop_day, PlanItemStatus::Planned)).await?;
    let lesson_item = plans::add_item(db, plan.id, &item(lesson_title, ActivityKind::LessonStudy, &["Toán"], lesson_day, PlanItemStatus::Planned)).await?;
    let last_month = *semester.months(year).last().expect("a semester has months");
    plans::add_item(db, plan.id, &ItemInput { month: last_month, ..item(PLAN_ITEMS[2].0, PLAN_ITEMS[2].1, PLAN_ITEMS[2].2, today, PlanItemStatus::Planned) }).await?;

    let host: i64 = sqlx::query_scalar("SELECT school_id FROM role_grants WHERE user_id = $1 AND school_id IS NOT NULL")
        .bind(users::id_by_username(db, "giaovien").await?)
        .fetch_one(&db.pool)
        .await
        .context("the demo teacher has no school")?;
    let audience = Audience { clusters: vec![cluster], ..Audience::default() };
    let activity = |title: &str, kind: ActivityKind, subjects: &[&str], starts_at: i64, ends_at: i64, capacity: Option<i64>, item: i64| ActivityInput {
        kind,
        title: title.into(),
        description: String::new(),
        subjects: subjects.iter().map(|s| (*s).to_owned()).collect(),
        levels: vec!["lower_secondary".into(), "upper_secondary".into()],
        grades: Vec::new(),
        presenters: String::new(),
        place_school_id: Some(host),
        place_address: String::new(),
        meeting_url: String::new(),
        starts_at,
        ends_at,
        capacity,
        registration_deadline: None,
        credit_minutes: default_credit_minutes(starts_at, ends_at),
        openness: Openness::Audience,
        audience: audience.clone(),
        plan_item_id: Some(item),
    };
    let create = |input: ActivityInput| async move {
        let id = activities::create(db, PROVINCE, Organiser::Cluster(cluster), &input, &attendance::new_code(), coordinator).await?;
        activities::publish(db, id, &year.to_string()).await?;
        anyhow::Ok(id)
    };

    let workshop = create(activity(
        WORKSHOP_TITLE,
        ActivityKind::ThematicWorkshop,
        &["Tiếng Anh"],
        at(workshop_day, 14, 0),
        at(workshop_day, 16, 30),
        Some(WORKSHOP_CAPACITY),
        workshop_item,
    ))
    .await?;
    let lesson = create(activity(lesson_title, ActivityKind::LessonStudy, &["Toán"], at(lesson_day, 7, 30), at(lesson_day, 11, 0), None, lesson_item)).await?;
    let seminar =
        create(activity(seminar_title, ActivityKind::Seminar, &["Ngữ văn"], at(past_day, 8, 0), at(past_day, 11, 0), None, past_item)).await?;

    // Teachers of four schools take the workshop's seats; the demo teacher waits.
    let others: Vec<i64> =
        schools::in_cluster(db, cluster).await?.into_iter().map(|school| school.id).filter(|id| *id != host).take(3).collect();
    let mut people = vec![(users::id_by_username(db, "cotcan").await?, host)];
    for school in others {
        people.push((users::id_by_username(db, &format!("gv{school}_1")).await?, school));
    }
    people.push((users::id_by_username(db, "giaovien").await?, host));
    for (user_id, school) in &people {
        let new = NewRegistration { activity_id: workshop, user_id: *user_id, school_id: Some(*school), nominated_by: None, now: now_ms() };
        registrations::register(db, &new).await.map_err(|error| anyhow::anyhow!("demo registration failed: {error:?}"))?;
    }

    // The past seminar: registered and present, so their records show its hours.
    let now = now_ms();
    for (user_id, school) in &people {
        sqlx::query(
            "INSERT INTO activity_registrations (activity_id, user_id, school_id, status, queued_at, updated_at) \
             VALUES ($1, $2, $3, 'registered', $4, $4)",
        )
        .bind(seminar)
        .bind(*user_id)
        .bind(*school)
        .bind(now)
        .execute(&db.pool)
        .await?;
    }
    sqlx::query("UPDATE activities SET registered_count = $1 WHERE id = $2").bind(people.len() as i64).bind(seminar).execute(&db.pool).await?;
    let present: Vec<i64> = people.iter().map(|(user_id, _)| *user_id).collect();
    attendance::mark(db, seminar, &present, &[], coordinator).await?;

    // The lesson study: the core teacher teaches, the demo teacher and a colleague observe.
    let group = super::lesson_study::Group { activity: lesson, coordinator, teacher: people[0], observers: vec![people[people.len() - 1], people[1]] };
    super::lesson_study::seed(db, &group).await?;
    Ok(())
}
