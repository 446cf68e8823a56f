//! Lesson study storage against a real database: SQLite in a temp file, or PostgreSQL
//! when `TEST_DATABASE_URL` is set. Covers plan versions with optimistic concurrency,
//! the seating chart and notes with photos, analysis forms, criteria, the summary and
//! minutes sent to a cluster board.


mod common;

use caunoi_core::activity::{ActivityKind, Openness, Organiser};
use caunoi_core::directive::Audience;
use caunoi_core::lesson_study::analysis::{Answer, Summary};
use caunoi_core::lesson_study::observation::{NoteInput, NoteTarget, NoteTime, Seat, SeatingChart};
use caunoi_core::lesson_study::plan::LessonPlan;
use caunoi_core::org::{Role, Scope};
use caunoi_db::activities::registrations::{self, NewRegistration};
use caunoi_db::activities::{self, ActivityInput};
use caunoi_db::attachments::{FileKind, NewAttachment, OwnerKind, StoredFile};
use caunoi_db::lesson_study::analysis::{self, AnalysisError};
use caunoi_db::lesson_study::plan::{self, SaveError};
use caunoi_db::lesson_study::{self, minutes, observation};
use caunoi_db::{Db, now_ms};

const HOUR: i64 = 3_600_000;

struct World {
    db: Db,
    cluster: i64,
    activity: i64,
    organiser: i64,
    teacher: i64,
    outsider: i64,
}

async fn world(dir: &tempfile::TempDir, tag: &str) -> World {
    let db = common::database(dir, "lesson", tag).await;
    let base = common::school(&db, 3).await;
    let (ids, school, organiser, year) = ([base.cluster], base.school, base.organiser, base.year);
    let (teacher, outsider) = (base.teachers[1], base.teachers[2]);
    let starts_at = now_ms() + 48 * HOUR;
    let input = ActivityInput {
        kind: ActivityKind::LessonStudy,
        title: "Nghiên cứu bài học Toán 9".into(),
        description: String::new(),
        subjects: vec!["Toán".into()],
        levels: vec!["lower_secondary".into()],
        grades: vec![9],
        presenters: String::new(),
        place_school_id: Some(school),
        place_address: String::new(),
        meeting_url: String::new(),
        starts_at,
        ends_at: starts_at + 3 * HOUR,
        capacity: None,
        registration_deadline: None,
        credit_minutes: 180,
        openness: Openness::Audience,
        audience: Audience { clusters: vec![ids[0]], ..Audience::default() },
        plan_item_id: None,
    };
    let activity = activities::create(&db, "79", Organiser::Cluster(ids[0]), &input, "K7M9AC", organiser).await.unwrap();
    activities::publish(&db, activity, &year.to_string()).await.unwrap();
    let new = NewRegistration { activity_id: activity, user_id: teacher, school_id: Some(school), nominated_by: None, now: now_ms() };
    registrations::register(&db, &new).await.unwrap();
    World { db, cluster: ids[0], activity, organiser, teacher, outsider }
}

fn plan(title: &str) -> LessonPlan {
    LessonPlan { title: title.into(), subject: "Toán".into(), ..LessonPlan::default() }
}

#[tokio::test]
async fn plan_versions_refuse_stale_saves() {
    let dir = tempfile::TempDir::new().unwrap();
    let w = world(&dir, "versions").await;

    assert_eq!(plan::save(&w.db, w.activity, 0, &plan("Hàm số"), "bản đầu", w.organiser).await.unwrap(), 1);
    assert_eq!(plan::save(&w.db, w.activity, 1, &plan("Hàm số bậc nhất"), "", w.teacher).await.unwrap(), 2);
    let stale = plan::save(&w.db, w.activity, 1, &plan("Bản cũ"), "", w.organiser).await;

    assert!(matches!(stale, Err(SaveError::Stale { based_on: 1, latest: 2 })), "{stale:?}");
    let versions = plan::versions(&w.db, w.activity).await.unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(versions[0].plan.title, "Hàm số bậc nhất");
    assert_eq!(versions[0].author_name, "Người gv1");
    assert_eq!(versions[1].note, "bản đầu");
    assert_eq!(plan::latest(&w.db, w.activity).await.unwrap().unwrap().version, 2);
}

#[tokio::test]
async fn plan_concurrent_saves_keep_one() {
    let dir = tempfile::TempDir::new().unwrap();
    let w = world(&dir, "race").await;

    let (plan_a, plan_b) = (plan("A"), plan("B"));
    let (a, b) = tokio::join!(
        plan::save(&w.db, w.activity, 0, &plan_a, "", w.organiser),
        plan::save(&w.db, w.activity, 0, &plan_b, "", w.teacher),
    );

    let saved = [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count();
    assert_eq!(saved, 1, "{a:?} {b:?}");
    assert_eq!(plan::versions(&w.db, w.activity).await.unwrap().len(), 1);
}

#[tokio::test]
async fn facts_name_the_group() {
    let dir = tempfile::TempDir::new().unwrap();
    let w = world(&dir, "facts").await;

    let teacher = lesson_study::facts(&w.db, w.activity, w.teacher).await.unwrap();
    let outsider = lesson_study::facts(&w.db, w.activity, w.outsider).await.unwrap();

    assert!(teacher.is_lesson_study);
    assert!(teacher.actor_participant);
    assert!(!outsider.actor_participant);
    assert!(!teacher.cancelled);
}

fn photo(key: &str) -> NewAttachment {
    NewAttachment {
        province_code: "79".into(),
        owner_kind: OwnerKind::LessonNote,
        owner_id: 0,
        owner_part: None,
        file_name: "lop.jpg".into(),
        file: StoredFile { kind: FileKind::Jpeg, size_bytes: 3, sha256: "00".into(), storage_key: key.into() },
        uploaded_by: 1,
    }
}

#[tokio::test]
async fn notes_keep_seconds_targets_and_photos() {
    let dir = tempfile::TempDir::new().unwrap();
    let w = world(&dir, "notes").await;
    let chart = SeatingChart { rows: 5, columns: 6, seats: vec![Seat { row: 2, column: 3, student: "An".into(), group: "Nhóm 1".into() }] };
    observation::save_seating(&w.db, w.activity, &chart).await.unwrap();

    let late = NoteInput { time: NoteTime::Clock(9 * 3600 + 15 * 60 + 30), target: NoteTarget::Seat { row: 2, column: 3 }, body: "Em An lúng túng".into() };
    let early = NoteInput { time: NoteTime::Clock(9 * 3600 + 5), target: NoteTarget::Group { name: "Nhóm 1".into() }, body: "Nhóm thảo luận".into() };
    let minute = NoteInput { time: NoteTime::Lesson(12 * 60 + 30), target: NoteTarget::Group { name: "Nhóm 2".into() }, body: "Nhóm 2 im lặng".into() };
    let with_photo = observation::add_note(&w.db, w.activity, w.teacher, &late, &[photo("2026/12/a")]).await.unwrap();
    observation::add_note(&w.db, w.activity, w.organiser, &early, &[]).await.unwrap();
    observation::add_note(&w.db, w.activity, w.teacher, &minute, &[]).await.unwrap();

    let notes = observation::notes(&w.db, w.activity).await.unwrap();
    assert_eq!(notes.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(), ["Nhóm thảo luận", "Em An lúng túng", "Nhóm 2 im lặng"]);
    assert_eq!(notes[1].time(), NoteTime::Clock(33_330));
    assert_eq!(notes[1].target(), NoteTarget::Seat { row: 2, column: 3 });
    assert_eq!(notes[2].time(), NoteTime::Lesson(750));
    let photos = observation::photos(&w.db, w.activity).await.unwrap();
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].owner_id, with_photo);
    assert_eq!(observation::activity_of_note(&w.db, with_photo).await.unwrap(), w.activity);
    assert_eq!(lesson_study::get(&w.db, w.activity).await.unwrap().seating, chart);
}

fn answers(comment: &str) -> Vec<Answer> {
    vec![Answer { criterion: "moet-1".into(), comment: comment.into(), rating: None }]
}

#[tokio::test]
async fn analysis_forms_lock_criteria_and_close() {
    let dir = tempfile::TempDir::new().unwrap();
    let w = world(&dir, "analysis").await;
    let defaults = lesson_study::get(&w.db, w.activity).await.unwrap();
    assert_eq!(defaults.criteria.len(), 12);
    assert!(!defaults.custom_criteria);

    let own = vec![defaults.criteria[0].clone()];
    analysis::set_criteria(&w.db, w.activity, Some(&own)).await.unwrap();
    assert!(lesson_study::get(&w.db, w.activity).await.unwrap().custom_criteria);
    analysis::save_form(&w.db, w.activity, w.teacher, &answers("Phù hợp")).await.unwrap();
    analysis::save_form(&w.db, w.activity, w.teacher, &answers("Phù hợp, rõ ràng")).await.unwrap();
    let locked = analysis::set_criteria(&w.db, w.activity, None).await;
    let no_summary = analysis::close(&w.db, w.activity).await;

    assert!(matches!(locked, Err(AnalysisError::FormsExist)), "{locked:?}");
    assert!(matches!(no_summary, Err(AnalysisError::NoSummary)), "{no_summary:?}");
    let forms = analysis::forms(&w.db, w.activity).await.unwrap();
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0].answers[0].comment, "Phù hợp, rõ ràng");

    let summary = Summary { conclusions: "Học sinh hợp tác tốt".into(), lessons_to_apply: "Tăng thời gian luyện tập".into(), secretary: "Người gv1".into() };
    analysis::save_summary(&w.db, w.activity, &summary, w.organiser).await.unwrap();
    analysis::close(&w.db, w.activity).await.unwrap();
    let after_close = analysis::save_form(&w.db, w.activity, w.organiser, &answers("Muộn")).await;
    let summary_after = analysis::save_summary(&w.db, w.activity, &summary, w.organiser).await;

    assert!(matches!(after_close, Err(AnalysisError::Closed)), "{after_close:?}");
    assert!(matches!(summary_after, Err(AnalysisError::Closed)), "{summary_after:?}");
    let study = lesson_study::get(&w.db, w.activity).await.unwrap();
    assert!(study.closed_at.is_some());
    assert_eq!(study.summary, summary);
    assert_eq!(study.summary_by, Some(w.organiser));
}

#[tokio::test]
async fn minutes_notify_the_cluster_board() {
    let dir = tempfile::TempDir::new().unwrap();
    let w = world(&dir, "minutes").await;
    let board_member = common::person(&w.db, "bandieuphoi", Role::BoardMember, Scope::Cluster(w.cluster)).await;
    let file = NewAttachment {
        owner_kind: OwnerKind::LessonMinutes,
        file_name: "bien-ban.docx".into(),
        file: StoredFile { kind: FileKind::Docx, size_bytes: 10, sha256: "ab".into(), storage_key: "2026/12/m".into() },
        ..photo("unused")
    };

    let attachment = minutes::send(&w.db, w.activity, &file, &[w.cluster], "Nghiên cứu bài học Toán 9", w.organiser).await.unwrap();

    assert_eq!(minutes::clusters_of(&w.db, attachment).await.unwrap(), [w.cluster]);
    let sent = minutes::sent(&w.db, w.activity).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].cluster_name, "Cụm A");
    let notified: Vec<(i64, String)> = sqlx::query_as("SELECT user_id, link FROM notifications WHERE message_id = 'notification-lesson-minutes' ORDER BY user_id")
        .fetch_all(&w.db.pool)
        .await
        .unwrap();
    let link = format!("/attachments/{attachment}");
    assert_eq!(notified, vec![(w.organiser, link.clone()), (board_member, link)]);
}
