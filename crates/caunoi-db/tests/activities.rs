//! Registrations, the waiting list, check-in and lists of activities, against a real
//! database: SQLite in a temp file, or PostgreSQL when `TEST_DATABASE_URL` is set.

mod common;

use caunoi_core::activity::registration::{RegistrationRefusal, RegistrationStatus};
use caunoi_core::activity::{ActivityKind, Openness, Organiser};
use caunoi_core::directive::Audience;
use caunoi_db::activities::attendance::{self, CheckIn, CheckInError};
use caunoi_db::activities::list::{ActivityFilter, ListScope};
use caunoi_db::activities::registrations::{self, NewRegistration, RegisterError};
use caunoi_db::activities::{self, ActivityInput};
use caunoi_db::{Db, Page, now_ms};

const HOUR: i64 = 3_600_000;
const CODE: &str = "K7M9AC";

struct World {
    db: Db,
    year: String,
    cluster: i64,
    school: i64,
    /// Teachers of the school, in creation order.
    teachers: Vec<i64>,
    organiser: i64,
}

async fn world(dir: &tempfile::TempDir, tag: &str, teachers: usize) -> World {
    let db = common::database(dir, "activities", tag).await;
    let base = common::school(&db, teachers).await;
    World { db, year: base.year.to_string(), cluster: base.cluster, school: base.school, teachers: base.teachers, organiser: base.organiser }
}

fn input(world: &World, capacity: Option<i64>, starts_at: i64) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::ThematicWorkshop,
        title: "Sinh hoạt chuyên đề Ngữ văn".into(),
        description: "Dạy học đọc hiểu văn bản".into(),
        subjects: vec!["Ngữ văn".into()],
        levels: vec!["lower_secondary".into()],
        grades: vec![6, 7],
        presenters: "Cô Lan".into(),
        place_school_id: Some(world.school),
        place_address: String::new(),
        meeting_url: String::new(),
        starts_at,
        ends_at: starts_at + 2 * HOUR,
        capacity,
        registration_deadline: None,
        credit_minutes: 120,
        openness: Openness::Audience,
        audience: Audience { clusters: vec![world.cluster], ..Audience::default() },
        plan_item_id: None,
    }
}

/// Creates and publishes an activity of the cluster starting in `starts_in` ms.
async fn published(world: &World, capacity: Option<i64>, starts_in: i64) -> i64 {
    let id = activities::create(&world.db, "79", Organiser::Cluster(world.cluster), &input(world, capacity, now_ms() + starts_in), CODE, world.organiser)
        .await
        .unwrap();
    activities::publish(&world.db, id, &world.year).await.unwrap();
    id
}

fn registration(world: &World, activity_id: i64, user_id: i64) -> NewRegistration {
    NewRegistration { activity_id, user_id, school_id: Some(world.school), nominated_by: None, now: now_ms() }
}

async fn statuses(db: &Db, activity_id: i64) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT user_id, status FROM activity_registrations WHERE activity_id = $1 ORDER BY user_id")
        .bind(activity_id)
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

async fn seats_taken(db: &Db, activity_id: i64) -> i64 {
    activities::get(db, activity_id).await.unwrap().registered_count
}

#[tokio::test]
async fn full_activity_waitlists_then_promotes() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "waitlist", 3).await;
    let id = published(&world, Some(2), 24 * HOUR).await;
    let [first, second, third] = [world.teachers[0], world.teachers[1], world.teachers[2]];

    for (user, expected) in [(first, RegistrationStatus::Registered), (second, RegistrationStatus::Registered), (third, RegistrationStatus::Waitlisted)] {
        let status = registrations::register(&world.db, &registration(&world, id, user)).await.unwrap();
        assert_eq!(status, expected, "user {user}");
    }
    assert_eq!(registrations::waiting_position(&world.db, id, third).await.unwrap(), Some(1));

    let promoted = registrations::cancel(&world.db, id, first).await.unwrap();
    assert_eq!(promoted, vec![third]);
    let rows = statuses(&world.db, id).await;
    assert_eq!(rows, vec![(first, "cancelled".into()), (second, "registered".into()), (third, "registered".into())]);
    assert_eq!(seats_taken(&world.db, id).await, 2);

    let notified: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT user_id, kind, message_id FROM notifications WHERE link = $1 ORDER BY id")
            .bind(format!("/activities/{id}"))
            .fetch_all(&world.db.pool)
            .await
            .unwrap();
    assert_eq!(notified, vec![(third, "activity".into(), "act-notify-promoted".into())]);
}

#[tokio::test]
async fn reregistration_joins_end_of_queue() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "requeue", 3).await;
    let id = published(&world, Some(1), 24 * HOUR).await;
    let [holder, waiting, returning] = [world.teachers[0], world.teachers[1], world.teachers[2]];
    registrations::register(&world.db, &registration(&world, id, holder)).await.unwrap();
    registrations::register(&world.db, &registration(&world, id, returning)).await.unwrap();
    registrations::register(&world.db, &registration(&world, id, waiting)).await.unwrap();

    registrations::cancel(&world.db, id, returning).await.unwrap();
    let again = registrations::register(&world.db, &registration(&world, id, returning)).await.unwrap();
    assert_eq!(again, RegistrationStatus::Waitlisted);
    assert_eq!(registrations::waiting_position(&world.db, id, waiting).await.unwrap(), Some(1));
    assert_eq!(registrations::waiting_position(&world.db, id, returning).await.unwrap(), Some(2));

    let twice = registrations::register(&world.db, &registration(&world, id, returning)).await;
    assert!(matches!(twice, Err(RegisterError::AlreadyActive(RegistrationStatus::Waitlisted))), "{twice:?}");
}

#[tokio::test]
async fn concurrent_registrations_never_exceed_capacity() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "concurrent", 20).await;
    let id = published(&world, Some(5), 24 * HOUR).await;

    let mut tasks = Vec::new();
    for user in world.teachers.clone() {
        let db = world.db.clone();
        let new = registration(&world, id, user);
        tasks.push(tokio::spawn(async move { registrations::register(&db, &new).await }));
    }
    let mut seated = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(RegistrationStatus::Registered) => seated += 1,
            Ok(RegistrationStatus::Waitlisted) => {}
            other => panic!("unexpected outcome {other:?}"),
        }
    }

    assert_eq!(seated, 5);
    assert_eq!(seats_taken(&world.db, id).await, 5);
    let rows = statuses(&world.db, id).await;
    assert_eq!(rows.iter().filter(|(_, s)| s == "registered").count(), 5);
    assert_eq!(rows.iter().filter(|(_, s)| s == "waitlisted").count(), 15);
}

#[tokio::test]
async fn deadline_is_inclusive() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "deadline", 2).await;
    let starts_at = now_ms() + 48 * HOUR;
    let deadline = starts_at - 24 * HOUR;
    let activity = ActivityInput { registration_deadline: Some(deadline), ..input(&world, None, starts_at) };
    let id = activities::create(&world.db, "79", Organiser::Cluster(world.cluster), &activity, CODE, world.organiser).await.unwrap();
    activities::publish(&world.db, id, &world.year).await.unwrap();

    let on_time = NewRegistration { now: deadline, ..registration(&world, id, world.teachers[0]) };
    assert_eq!(registrations::register(&world.db, &on_time).await.unwrap(), RegistrationStatus::Registered);
    let late = NewRegistration { now: deadline + 1, ..registration(&world, id, world.teachers[1]) };
    let refused = registrations::register(&world.db, &late).await;
    assert!(matches!(refused, Err(RegisterError::Closed(RegistrationRefusal::DeadlinePassed))), "{refused:?}");
}

#[tokio::test]
async fn drafts_and_cancelled_refuse_registration() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "closed", 2).await;
    let draft = activities::create(&world.db, "79", Organiser::Cluster(world.cluster), &input(&world, None, now_ms() + 24 * HOUR), CODE, world.organiser)
        .await
        .unwrap();
    let refused = registrations::register(&world.db, &registration(&world, draft, world.teachers[0])).await;
    assert!(matches!(refused, Err(RegisterError::Closed(RegistrationRefusal::NotOpen))), "{refused:?}");

    let id = published(&world, None, 24 * HOUR).await;
    registrations::register(&world.db, &registration(&world, id, world.teachers[0])).await.unwrap();
    registrations::cancel_activity(&world.db, id, "Trùng lịch thi").await.unwrap();
    let refused = registrations::register(&world.db, &registration(&world, id, world.teachers[1])).await;
    assert!(matches!(refused, Err(RegisterError::Closed(RegistrationRefusal::NotOpen))), "{refused:?}");
    let notified: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND message_id = 'act-notify-cancelled'")
        .bind(world.teachers[0])
        .fetch_one(&world.db.pool)
        .await
        .unwrap();
    assert_eq!(notified, 1);
}

#[tokio::test]
async fn raised_capacity_promotes_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "raise", 4).await;
    let id = published(&world, Some(1), 24 * HOUR).await;
    for user in &world.teachers {
        registrations::register(&world.db, &registration(&world, id, *user)).await.unwrap();
    }
    let mut changed = input(&world, Some(3), activities::get(&world.db, id).await.unwrap().starts_at);
    changed.capacity = Some(3);
    activities::update(&world.db, id, &changed).await.unwrap();

    let promoted = registrations::promote(&world.db, id).await.unwrap();
    assert_eq!(promoted, vec![world.teachers[1], world.teachers[2]]);
    assert_eq!(seats_taken(&world.db, id).await, 3);
    assert_eq!(registrations::waiting_position(&world.db, id, world.teachers[3]).await.unwrap(), Some(1));
}

#[tokio::test]
async fn check_in_rules() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "checkin", 3).await;
    let id = published(&world, Some(2), 24 * HOUR).await;
    let activity = activities::get(&world.db, id).await.unwrap();
    let during = activity.starts_at + HOUR;
    let [attendee, walk_in, late] = [world.teachers[0], world.teachers[1], world.teachers[2]];
    registrations::register(&world.db, &registration(&world, id, attendee)).await.unwrap();

    let wrong = attendance::check_in(&world.db, id, attendee, Some(world.school), "K7M9AD", during).await;
    assert!(matches!(wrong, Err(CheckInError::WrongCode)), "{wrong:?}");
    let early = attendance::check_in(&world.db, id, attendee, Some(world.school), CODE, activity.starts_at - 31 * 60_000).await;
    assert!(matches!(early, Err(CheckInError::OutsideWindow)), "{early:?}");
    let after = attendance::check_in(&world.db, id, attendee, Some(world.school), CODE, activity.ends_at + 61 * 60_000).await;
    assert!(matches!(after, Err(CheckInError::OutsideWindow)), "{after:?}");

    let first = attendance::check_in(&world.db, id, attendee, Some(world.school), " k7m-9ac ", during).await.unwrap();
    assert_eq!(first, CheckIn::Recorded { minutes: 120 });
    let second = attendance::check_in(&world.db, id, attendee, Some(world.school), CODE, during + 60_000).await.unwrap();
    assert_eq!(second, CheckIn::AlreadyPresent { minutes: 120 });

    // One seat is left: the first walk-in takes it, the next finds none.
    let seated = attendance::check_in(&world.db, id, walk_in, Some(world.school), CODE, during).await.unwrap();
    assert_eq!(seated, CheckIn::WalkIn { minutes: 120 });
    let full = attendance::check_in(&world.db, id, late, Some(world.school), CODE, during).await;
    assert!(matches!(full, Err(CheckInError::Full)), "{full:?}");
    assert_eq!(seats_taken(&world.db, id).await, 2);

    let credited = attendance::credited_minutes(&world.db, attendee, activity.starts_at - HOUR, activity.starts_at + HOUR).await.unwrap();
    assert_eq!(credited, 120);
    let attendees = attendance::list(&world.db, id).await.unwrap();
    assert_eq!(attendees.iter().map(|a| a.user_id).collect::<Vec<_>>().len(), 2);
}

#[tokio::test]
async fn organiser_marks_attendance() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "mark", 2).await;
    let id = published(&world, None, 24 * HOUR).await;
    let [present, absent] = [world.teachers[0], world.teachers[1]];
    attendance::mark(&world.db, id, &[present, absent], &[], world.organiser).await.unwrap();
    attendance::mark(&world.db, id, &[present], &[absent], world.organiser).await.unwrap();

    let attendees = attendance::list(&world.db, id).await.unwrap();
    assert_eq!(attendees.len(), 1);
    assert_eq!(attendees[0].user_id, present);
    assert_eq!(attendees[0].credited_minutes, 120);
    assert_eq!(attendees[0].method, "organiser");
}

#[tokio::test]
async fn lists_hide_drafts_from_audience() {
    let dir = tempfile::tempdir().unwrap();
    let world = world(&dir, "lists", 1).await;
    let open = published(&world, None, 24 * HOUR).await;
    let draft = activities::create(&world.db, "79", Organiser::Cluster(world.cluster), &input(&world, None, now_ms() + HOUR), CODE, world.organiser)
        .await
        .unwrap();
    let teacher = world.teachers[0];
    let page = Page::new(None, None);
    let now = now_ms();

    let upcoming = ListScope::Upcoming { user_id: teacher, provinces: vec!["79".into()] };
    let (items, total) = activities::list::list(&world.db, &upcoming, &ActivityFilter::default(), teacher, now, page).await.unwrap();
    assert_eq!(total, 1);
    assert_eq!(items[0].id, open);

    let organised = ListScope::Organised(activities::list::Organisers { clusters: vec![world.cluster], ..Default::default() });
    let (items, _) = activities::list::list(&world.db, &organised, &ActivityFilter::default(), world.organiser, now, page).await.unwrap();
    let ids: Vec<i64> = items.iter().map(|item| item.id).collect();
    assert!(ids.contains(&draft) && ids.contains(&open), "{ids:?}");

    let searched = ActivityFilter { text: Some("doc hieu".into()), subject: Some("Ngữ văn".into()), ..ActivityFilter::default() };
    let province = ListScope::Province { province: "79".into(), with_drafts: false };
    let (items, total) = activities::list::list(&world.db, &province, &searched, teacher, now, page).await.unwrap();
    assert_eq!(total, 1, "{items:?}");
    let other_subject = ActivityFilter { subject: Some("Toán".into()), ..ActivityFilter::default() };
    let (_, total) = activities::list::list(&world.db, &province, &other_subject, teacher, now, page).await.unwrap();
    assert_eq!(total, 0);
}
