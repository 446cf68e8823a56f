//! Surveys against a real database (SQLite in a temp file, or PostgreSQL when
//! `TEST_DATABASE_URL` is set): anonymous storage, the once-only rule, edits with the
//! key, the window, fixed anonymity, participants, reminders, grouped cells,
//! templates and action items.


mod common;

use caunoi_core::activity::plan::{PlanItemStatus, PlanMonth, Semester};
use caunoi_core::activity::{ActivityKind, Openness, Organiser};
use caunoi_core::directive::Audience;
use caunoi_core::school_year::SchoolYear;
use caunoi_core::survey::{AnswerValue, Phase, default_questions};
use caunoi_db::activities::plans::{self, ItemInput};
use caunoi_db::activities::{self, ActivityInput, attendance};
use caunoi_db::clusters::{self, ClusterDraft};
use caunoi_db::surveys::action_items::{self, NewActionItem};
use caunoi_db::surveys::answers::{self, AnswerError};
use caunoi_db::surveys::{self, SurveySettings, UpdateError, reminders, results, templates};
use caunoi_db::{Db, DbError, now_ms};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

struct World {
    db: Db,
    year: SchoolYear,
    cluster: i64,
    school: i64,
    teachers: Vec<i64>,
    organiser: i64,
}

async fn world(dir: &tempfile::TempDir, tag: &str, teachers: usize) -> World {
    let db = common::database(dir, "surveys", tag).await;
    let base = common::school(&db, teachers).await;
    World { db, year: base.year, cluster: base.cluster, school: base.school, teachers: base.teachers, organiser: base.organiser }
}

/// Publishes a cluster activity that started `ago` ms before now and lasted two hours,
/// with `registered` teachers holding a seat.
async fn past_activity(world: &World, ago: i64, registered: &[i64], presenters: &str, subject: &str) -> i64 {
    let starts_at = now_ms() - ago;
    let input = ActivityInput {
        kind: ActivityKind::Seminar,
        title: format!("Hội thảo {subject}"),
        description: String::new(),
        subjects: vec![subject.into()],
        levels: vec!["lower_secondary".into()],
        grades: Vec::new(),
        presenters: presenters.into(),
        place_school_id: Some(world.school),
        place_address: String::new(),
        meeting_url: String::new(),
        starts_at,
        ends_at: starts_at + 2 * HOUR,
        capacity: None,
        registration_deadline: None,
        credit_minutes: 120,
        openness: Openness::Audience,
        audience: Audience { clusters: vec![world.cluster], ..Audience::default() },
        plan_item_id: None,
    };
    let id = activities::create(&world.db, "79", Organiser::Cluster(world.cluster), &input, "K7M9AC", world.organiser).await.unwrap();
    activities::publish(&world.db, id, &world.year.to_string()).await.unwrap();
    for user in registered {
        sqlx::query(
            "INSERT INTO activity_registrations (activity_id, user_id, school_id, status, queued_at, updated_at) \
             VALUES ($1, $2, $3, 'registered', $4, $4)",
        )
        .bind(id)
        .bind(*user)
        .bind(world.school)
        .bind(now_ms())
        .execute(&world.db.pool)
        .await
        .unwrap();
    }
    id
}

/// Attaches the default questions, open from `opens_at` to `closes_at`.
async fn survey(world: &World, activity: i64, opens_at: i64, closes_at: i64, anonymous: bool) -> i64 {
    let settings = SurveySettings { opens_at, closes_at, anonymous };
    surveys::attach(&world.db, activity, None, &default_questions(), &settings, world.organiser).await.unwrap()
}

fn answers_of(points: [i64; 4], open: Option<&str>) -> Vec<Option<AnswerValue>> {
    let mut list: Vec<Option<AnswerValue>> = points.iter().map(|point| Some(AnswerValue::Rating(*point))).collect();
    list.push(open.map(|text| AnswerValue::Open(text.into())));
    list.push(None);
    list
}

async fn answer_ids(db: &Db, survey_id: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT id FROM survey_answers WHERE survey_id = $1 ORDER BY id").bind(survey_id).fetch_all(&db.pool).await.unwrap()
}

#[tokio::test]
async fn anonymous_answers_carry_no_respondent() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "anon", 3).await;
    let activity = past_activity(&world, DAY, &world.teachers, "Cô Lan", "Ngữ văn").await;
    let id = survey(&world, activity, now_ms() - HOUR, now_ms() + DAY, true).await;

    for (index, teacher) in world.teachers.iter().enumerate() {
        answers::answer(&world.db, id, *teacher, &answers_of([5, 4, 3, index as i64 + 1], Some("Hữu ích")), now_ms()).await.unwrap();
    }

    let rows: Vec<(Option<i64>, Option<String>)> =
        sqlx::query_as("SELECT user_id, edit_tag FROM survey_answers WHERE survey_id = $1").bind(id).fetch_all(&world.db.pool).await.unwrap();
    assert_eq!(rows.len(), 3 * 6, "one row per question and respondent, blank ones included");
    assert!(rows.iter().all(|(user, _)| user.is_none()), "an anonymous answer stores no user");
    let mut tags: Vec<String> = rows.iter().filter_map(|(_, tag)| tag.clone()).collect();
    tags.sort();
    tags.dedup();
    assert_eq!(tags.len(), rows.len(), "no two rows share an edit tag");
    assert_eq!(surveys::respondent_count(&world.db, id).await.unwrap(), 3);

    if world.db.dialect == caunoi_db::Dialect::Postgres {
        let writers: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT xmin::text) FROM survey_answers WHERE survey_id = $1")
            .bind(id)
            .fetch_one(&world.db.pool)
            .await
            .unwrap();
        assert_eq!(writers, 1, "every row carries the transaction id of the latest answer");
    }
}

#[tokio::test]
async fn answer_rewrites_every_row_id() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "rewrite", 2).await;
    let activity = past_activity(&world, DAY, &world.teachers, "", "Toán").await;
    let id = survey(&world, activity, now_ms() - HOUR, now_ms() + DAY, true).await;

    answers::answer(&world.db, id, world.teachers[0], &answers_of([5, 5, 5, 5], None), now_ms()).await.unwrap();
    let first = answer_ids(&world.db, id).await;
    answers::answer(&world.db, id, world.teachers[1], &answers_of([1, 1, 1, 1], None), now_ms()).await.unwrap();
    let second = answer_ids(&world.db, id).await;

    assert_eq!(second.len(), 12);
    assert!(first.iter().all(|old| !second.contains(old)), "the first respondent's rows got new ids");
}

#[tokio::test]
async fn each_person_answers_once_and_edits_with_key() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "once", 2).await;
    let activity = past_activity(&world, DAY, &world.teachers, "", "Toán").await;
    let id = survey(&world, activity, now_ms() - HOUR, now_ms() + DAY, true).await;
    let teacher = world.teachers[0];

    let key = answers::answer(&world.db, id, teacher, &answers_of([2, 2, 2, 2], None), now_ms()).await.unwrap();
    let again = answers::answer(&world.db, id, teacher, &answers_of([5, 5, 5, 5], None), now_ms()).await;
    assert!(matches!(again, Err(AnswerError::AlreadyAnswered)), "{again:?}");

    let wrong = answers::edit(&world.db, id, teacher, &"0".repeat(64), &answers_of([5, 5, 5, 5], None), now_ms()).await;
    assert!(matches!(wrong, Err(AnswerError::WrongKey)), "{wrong:?}");
    answers::edit(&world.db, id, teacher, &key, &answers_of([5, 5, 5, 5], Some("Đã sửa")), now_ms()).await.unwrap();

    let saved = surveys::get(&world.db, id).await.unwrap();
    let own = answers::own_answers(&world.db, &saved, teacher, &key).await.unwrap().expect("the key finds the answers");
    assert_eq!(own[0], Some(AnswerValue::Rating(5)));
    assert_eq!(own[4], Some(AnswerValue::Open("Đã sửa".into())));
    assert_eq!(answers::row_count(&world.db, id).await.unwrap(), 6, "an edit replaces rather than adds");

    let outsider = answers::edit(&world.db, id, world.teachers[1], &key, &answers_of([1, 1, 1, 1], None), now_ms()).await;
    assert!(matches!(outsider, Err(AnswerError::NotAnswered)), "{outsider:?}");

    // A colleague who answered elsewhere, then uses this browser with its key cookie.
    answers::answer(&world.db, id, world.teachers[1], &answers_of([3, 3, 3, 3], None), now_ms()).await.unwrap();
    let borrowed = answers::edit(&world.db, id, world.teachers[1], &key, &answers_of([1, 1, 1, 1], None), now_ms()).await;
    assert!(matches!(borrowed, Err(AnswerError::WrongKey)), "a key works only for its respondent: {borrowed:?}");
    let own = answers::own_answers(&world.db, &saved, teacher, &key).await.unwrap().expect("still found");
    assert_eq!(own[0], Some(AnswerValue::Rating(5)), "the first teacher's answers are untouched");
}

#[tokio::test]
async fn answers_only_inside_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "window", 1).await;
    let activity = past_activity(&world, DAY, &world.teachers, "", "Toán").await;
    let opens_at = now_ms() + HOUR;
    let id = survey(&world, activity, opens_at, opens_at + DAY, true).await;
    let teacher = world.teachers[0];

    let early = answers::answer(&world.db, id, teacher, &answers_of([3, 3, 3, 3], None), opens_at - 1).await;
    assert!(matches!(early, Err(AnswerError::NotOpen(Phase::NotOpen))), "{early:?}");
    let key = answers::answer(&world.db, id, teacher, &answers_of([3, 3, 3, 3], None), opens_at).await.unwrap();
    let late = answers::edit(&world.db, id, teacher, &key, &answers_of([4, 4, 4, 4], None), opens_at + DAY).await;
    assert!(matches!(late, Err(AnswerError::NotOpen(Phase::Closed))), "{late:?}");
    assert_eq!(surveys::respondent_count(&world.db, id).await.unwrap(), 1, "the refused attempts saved nothing");
}

#[tokio::test]
async fn anonymity_is_fixed_after_first_answer() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "fixed", 1).await;
    let activity = past_activity(&world, DAY, &world.teachers, "", "Toán").await;
    let (opens_at, closes_at) = (now_ms() - HOUR, now_ms() + DAY);
    let id = survey(&world, activity, opens_at, closes_at, true).await;

    surveys::update(&world.db, id, &SurveySettings { opens_at, closes_at, anonymous: false }, now_ms()).await.unwrap();
    surveys::update(&world.db, id, &SurveySettings { opens_at, closes_at, anonymous: true }, now_ms()).await.unwrap();
    answers::answer(&world.db, id, world.teachers[0], &answers_of([4, 4, 4, 4], None), now_ms()).await.unwrap();

    let named = surveys::update(&world.db, id, &SurveySettings { opens_at, closes_at: closes_at + HOUR, anonymous: false }, now_ms()).await;
    assert!(matches!(named, Err(UpdateError::AnonymityFixed)), "{named:?}");
    let saved = surveys::get(&world.db, id).await.unwrap();
    assert!(saved.anonymous());
    assert_eq!(saved.closes_at, closes_at, "nothing of the refused change was saved");
    surveys::update(&world.db, id, &SurveySettings { opens_at, closes_at: closes_at + HOUR, anonymous: true }, now_ms()).await.unwrap();

    let after_close = closes_at + 2 * HOUR;
    let reopen = surveys::update(&world.db, id, &SurveySettings { opens_at, closes_at: after_close + DAY, anonymous: true }, after_close).await;
    assert!(matches!(reopen, Err(UpdateError::Closed)), "a closed survey does not reopen: {reopen:?}");
}

#[tokio::test]
async fn named_survey_stores_the_respondent() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "named", 1).await;
    let activity = past_activity(&world, DAY, &world.teachers, "", "Toán").await;
    let id = survey(&world, activity, now_ms() - HOUR, now_ms() + DAY, false).await;
    let teacher = world.teachers[0];

    answers::answer(&world.db, id, teacher, &answers_of([4, 4, 4, 4], None), now_ms()).await.unwrap();
    answers::edit(&world.db, id, teacher, "", &answers_of([2, 2, 2, 2], None), now_ms()).await.unwrap();

    let users: Vec<Option<i64>> = sqlx::query_scalar("SELECT user_id FROM survey_answers WHERE survey_id = $1").bind(id).fetch_all(&world.db.pool).await.unwrap();
    assert_eq!(users.len(), 6);
    assert!(users.iter().all(|user| *user == Some(teacher)));
}

#[tokio::test]
async fn participants_are_attendees_else_registrants() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "participants", 3).await;
    let activity = past_activity(&world, DAY, &world.teachers, "", "Toán").await;

    assert_eq!(surveys::participant_count(&world.db, activity).await.unwrap(), 3, "registrants before attendance");
    attendance::mark(&world.db, activity, &[world.teachers[0]], &[], world.organiser).await.unwrap();
    assert_eq!(surveys::participant_count(&world.db, activity).await.unwrap(), 1, "attendees once marked");
    assert!(surveys::is_participant(&world.db, activity, world.teachers[0]).await.unwrap());
    assert!(!surveys::is_participant(&world.db, activity, world.teachers[1]).await.unwrap());
}

#[tokio::test]
async fn reminders_reach_non_respondents_once() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "remind", 3).await;
    let activity = past_activity(&world, DAY, &world.teachers, "", "Toán").await;
    let closes_at = now_ms() + HOUR;
    let id = survey(&world, activity, now_ms() - HOUR, closes_at, true).await;
    let invited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE message_id = 'survey-notify-attached' AND link = $1")
        .bind(format!("/surveys/{id}"))
        .fetch_one(&world.db.pool)
        .await
        .unwrap();
    assert_eq!(invited, 3, "attaching invites every participant");
    answers::answer(&world.db, id, world.teachers[0], &answers_of([4, 4, 4, 4], None), now_ms()).await.unwrap();

    assert_eq!(reminders::scan(&world.db, closes_at - reminders::REMIND_BEFORE_CLOSE_MS - 1).await.unwrap(), 0, "too early");
    assert_eq!(reminders::scan(&world.db, now_ms()).await.unwrap(), 2);
    assert_eq!(reminders::scan(&world.db, now_ms()).await.unwrap(), 0, "each person once");
    assert_eq!(reminders::remind_now(&world.db, id, now_ms()).await.unwrap(), 0);
    assert_eq!(reminders::count(&world.db, id).await.unwrap(), 2);

    let reminded: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM notifications WHERE message_id = 'survey-notify-reminder' ORDER BY user_id")
        .fetch_all(&world.db.pool)
        .await
        .unwrap();
    assert_eq!(reminded, vec![world.teachers[1], world.teachers[2]]);
}

#[tokio::test]
async fn cells_pool_only_publishable_surveys() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "cells", 6).await;
    let big = past_activity(&world, 3 * DAY, &world.teachers, "Cô Lan\nThầy Minh", "Ngữ văn").await;
    let small = past_activity(&world, 2 * DAY, &world.teachers[..3], "Cô Lan", "Ngữ văn").await;
    let big_survey = survey(&world, big, now_ms() - 3 * DAY, now_ms() + HOUR, true).await;
    let small_survey = survey(&world, small, now_ms() - 2 * DAY, now_ms() + HOUR, true).await;
    for (index, teacher) in world.teachers.iter().enumerate() {
        answers::answer(&world.db, big_survey, *teacher, &answers_of([5, 4, 4, (index % 5) as i64 + 1], None), now_ms()).await.unwrap();
    }
    for teacher in &world.teachers[..3] {
        answers::answer(&world.db, small_survey, *teacher, &answers_of([1, 1, 1, 1], None), now_ms()).await.unwrap();
    }

    let open = results::cells(&world.db, "79", None, now_ms()).await.unwrap();
    assert!(open.iter().all(|cell| !cell.closed && cell.tally.total() == 0), "open surveys load no ratings");

    let after_close = now_ms() + 2 * HOUR;
    let cells = results::cells(&world.db, "79", Some(world.cluster), after_close).await.unwrap();
    assert_eq!(cells.len(), 2);
    let big_cell = cells.iter().find(|cell| cell.survey_id == big_survey).unwrap();
    assert_eq!(big_cell.respondents, 6);
    assert_eq!(big_cell.tally.total(), 6 * 4);
    assert_eq!(big_cell.presenters, vec!["Cô Lan".to_owned(), "Thầy Minh".to_owned()]);
    let small_cell = cells.iter().find(|cell| cell.survey_id == small_survey).unwrap();
    assert_eq!(small_cell.respondents, 3);
    assert_eq!(small_cell.tally.total(), 0, "a survey of 3 respondents loads no ratings");
}

#[tokio::test]
async fn template_edit_keeps_attached_survey() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "templates", 1).await;
    templates::ensure_default(&world.db, "79").await.unwrap();
    templates::ensure_default(&world.db, "79").await.unwrap();
    let list = templates::list(&world.db, "79").await.unwrap();
    assert_eq!(list.len(), 1, "one default per province");
    let template = &list[0];
    assert!(template.is_default());

    let activity = past_activity(&world, DAY, &world.teachers, "", "Toán").await;
    let settings = SurveySettings { opens_at: now_ms() - HOUR, closes_at: now_ms() + DAY, anonymous: true };
    let id = surveys::attach(&world.db, activity, Some(template.id), &template.questions(), &settings, world.organiser).await.unwrap();
    let mut edited = template.questions();
    edited.truncate(1);
    templates::update(&world.db, template.id, "Mẫu rút gọn", &edited).await.unwrap();

    assert_eq!(surveys::get(&world.db, id).await.unwrap().questions().len(), 6);
    let second = surveys::attach(&world.db, activity, Some(template.id), &edited, &settings, world.organiser).await;
    assert!(matches!(second, Err(DbError::Conflict(_))), "one survey per activity: {second:?}");
}

#[tokio::test]
async fn action_item_follows_cluster_into_next_year() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "actions", 0).await;
    let next_year = world.year.next();
    let next = clusters::save_layout(&world.db, "79", next_year, &[ClusterDraft { name: "Cụm A".into(), communes: vec!["26743".into()] }], None)
        .await
        .unwrap()[0];
    let new = |semester: Semester, year: SchoolYear| NewActionItem {
        cluster_id: world.cluster,
        province: "79".into(),
        survey_id: None,
        text: "Tăng thời lượng thực hành".into(),
        owner: "Tổ Ngữ văn".into(),
        target_year: year,
        target_semester: semester,
    };
    let this_year = action_items::create(&world.db, &new(Semester::Second, world.year), world.organiser).await.unwrap();
    let following = action_items::create(&world.db, &new(Semester::First, next_year), world.organiser).await.unwrap();

    let shown = action_items::for_plan(&world.db, world.cluster, world.year, Semester::Second).await.unwrap();
    assert_eq!(shown.iter().map(|item| item.id).collect::<Vec<_>>(), vec![this_year]);
    let shown = action_items::for_plan(&world.db, next, next_year, Semester::First).await.unwrap();
    assert_eq!(shown.iter().map(|item| item.id).collect::<Vec<_>>(), vec![following], "the next year's cluster of the same name");

    let plan = plans::ensure(&world.db, "79", next, next_year, Semester::First, world.organiser).await.unwrap();
    let month = Semester::First.months(next_year)[1];
    let input = ItemInput {
        title: "Tăng thời lượng thực hành".into(),
        kind: ActivityKind::ThematicWorkshop,
        subjects: Vec::new(),
        month: PlanMonth { ..month },
        status: PlanItemStatus::Planned,
        note: String::new(),
    };
    let item = action_items::convert(&world.db, following, plan.id, &input).await.unwrap();
    assert_eq!(action_items::get(&world.db, following).await.unwrap().plan_item_id, Some(item));
    assert_eq!(plans::items(&world.db, plan.id).await.unwrap().len(), 1);
    let twice = action_items::convert(&world.db, following, plan.id, &input).await;
    assert!(matches!(twice, Err(DbError::Invalid(_))), "{twice:?}");
    assert_eq!(plans::items(&world.db, plan.id).await.unwrap().len(), 1, "a refused conversion adds no item");
}

#[tokio::test]
async fn open_answers_come_shuffled() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "shuffle", 8).await;
    let activity = past_activity(&world, DAY, &world.teachers, "", "Toán").await;
    let id = survey(&world, activity, now_ms() - HOUR, now_ms() + DAY, true).await;
    let given: Vec<String> = (0..world.teachers.len()).map(|index| format!("Góp ý {index}")).collect();
    for (teacher, text) in world.teachers.iter().zip(&given) {
        answers::answer(&world.db, id, *teacher, &answers_of([4, 4, 4, 4], Some(text)), now_ms()).await.unwrap();
    }

    let mut orders = Vec::new();
    for _ in 0..10 {
        let mut texts = answers::open_answers(&world.db, id, 4).await.unwrap();
        orders.push(texts.clone());
        texts.sort();
        assert_eq!(texts, given, "every open answer, once");
    }
    // Ten reads of 8 answers (8! orders) in answer order, or all alike, would happen by
    // chance with probability under 1e-40.
    assert!(orders.iter().any(|order| *order != given), "not in answer order");
    assert!(orders.iter().any(|order| *order != orders[0]), "a new order each read");
}
