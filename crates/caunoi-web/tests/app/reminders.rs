//! Reminders of acknowledgement deadlines: each step once per school and version, also
//! with concurrent scans, and delivered in the app and by email.

use axum::http::StatusCode;
use caunoi_core::directive::{Audience, DirectiveKind};
use caunoi_db::directives::reminders::{self, ScanSummary, Step};
use caunoi_db::directives::{self, DirectiveInput};
use caunoi_db::{now_ms, users};

use crate::harness::TestApp;
use crate::notifications::{SmtpSink, run_jobs, set_email, worker};

const HOUR_MS: i64 = 3_600_000;

fn input(app: &TestApp, deadline: i64) -> DirectiveInput {
    DirectiveInput {
        kind: DirectiveKind::Dispatch,
        number_symbol: "2045/SGDĐT-GDTrH".into(),
        issuing_body: "Sở Giáo dục và Đào tạo".into(),
        signer: "Nguyễn Văn Hiếu".into(),
        issued_on: None,
        title: "Kế hoạch kiểm tra cuối học kỳ I".into(),
        summary: "Các trường xác nhận đã nhận kế hoạch".into(),
        body: "Nội dung".into(),
        ack_deadline: Some(deadline),
        remind_before_min: 24 * 60,
        audience: Audience { clusters: vec![app.world.cluster_a], ..Audience::default() },
    }
}

/// Publishes a directive to the schools of cluster A (A1 and A2) with a deadline in
/// three days and a reminder one day before. Returns its id and deadline.
async fn published(app: &TestApp) -> (i64, i64) {
    let deadline = now_ms() + 72 * HOUR_MS;
    let specialist = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    let id = directives::create_draft(&app.db, "79", None, &input(app, deadline), specialist).await.unwrap();
    directives::publish(&app.db, id, specialist, &app.world.year).await.unwrap();
    (id, deadline)
}

/// Counts the reminder notifications of a person with a message id.
async fn reminders_of(app: &TestApp, username: &str, message_id: &str) -> i64 {
    let user = users::id_by_username(&app.db, username).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = 'reminder' AND message_id = $2")
        .bind(user)
        .bind(message_id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn each_step_once() {
    let app = TestApp::spawn().await;
    let (id, deadline) = published(&app).await;

    assert_eq!(reminders::scan(&app.db, now_ms()).await.unwrap(), ScanSummary::default(), "too early");

    let before = reminders::scan(&app.db, deadline - 12 * HOUR_MS).await.unwrap();
    assert_eq!(before, ScanSummary { before_deadline: 2, overdue: 0, notified: 2 });
    assert_eq!(reminders::scan(&app.db, deadline - 11 * HOUR_MS).await.unwrap(), ScanSummary::default(), "taken once");

    // A1 acknowledges; only A2 is overdue.
    let leader_a1 = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    directives::inbox::acknowledge(&app.db, id, app.world.school_a1, leader_a1, Some("Đã nhận")).await.unwrap();
    let overdue = reminders::scan(&app.db, deadline + HOUR_MS).await.unwrap();
    assert_eq!(overdue, ScanSummary { before_deadline: 0, overdue: 1, notified: 1 });
    assert_eq!(reminders::scan(&app.db, deadline + 2 * HOUR_MS).await.unwrap(), ScanSummary::default());

    assert_eq!(reminders::count(&app.db, id, Step::BeforeDeadline).await.unwrap(), 2);
    assert_eq!(reminders::count(&app.db, id, Step::Overdue).await.unwrap(), 1);
    assert_eq!(reminders_of(&app, "hieutruong_a2", "notify-reminder-before-deadline").await, 1);
    assert_eq!(reminders_of(&app, "hieutruong_a2", "notify-reminder-overdue").await, 1);
    assert_eq!(reminders_of(&app, "hieutruong_a1", "notify-reminder-before-deadline").await, 1);
    assert_eq!(reminders_of(&app, "hieutruong_a1", "notify-reminder-overdue").await, 0, "A1 acknowledged");
    assert_eq!(reminders_of(&app, "giaovien_a1", "notify-reminder-before-deadline").await, 0, "leaders only");
    assert_eq!(reminders_of(&app, "hieutruong_b1", "notify-reminder-before-deadline").await, 0, "outside the audience");
}

#[tokio::test]
async fn late_first_scan_sends_overdue_only() {
    let app = TestApp::spawn().await;
    let (id, deadline) = published(&app).await;
    let summary = reminders::scan(&app.db, deadline + HOUR_MS).await.unwrap();
    assert_eq!((summary.before_deadline, summary.overdue), (0, 2));
    assert_eq!(reminders::count(&app.db, id, Step::BeforeDeadline).await.unwrap(), 0);

    // Past the catch-up window nothing is sent any more.
    let app = TestApp::spawn().await;
    let (_, deadline) = published(&app).await;
    let summary = reminders::scan(&app.db, deadline + reminders::OVERDUE_CATCH_UP_MS + HOUR_MS).await.unwrap();
    assert_eq!(summary, ScanSummary::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_scans_remind_once() {
    let app = TestApp::spawn().await;
    let (id, deadline) = published(&app).await;

    for (at, step, message_id) in [
        (deadline - HOUR_MS, Step::BeforeDeadline, "notify-reminder-before-deadline"),
        (deadline + HOUR_MS, Step::Overdue, "notify-reminder-overdue"),
    ] {
        let scans: Vec<_> = (0..4)
            .map(|_| {
                let db = app.db.clone();
                tokio::spawn(async move { reminders::scan(&db, at).await })
            })
            .collect();
        let mut taken = 0;
        for scan in scans {
            // A scan may lose a race on PostgreSQL and fail; the queue retries it. None
            // may take a step another took.
            if let Ok(summary) = scan.await.unwrap() {
                taken += summary.before_deadline + summary.overdue;
            }
        }
        assert_eq!(taken, 2, "{step:?}: one per school across all scans");
        assert_eq!(reminders::count(&app.db, id, step).await.unwrap(), 2);
        for leader in ["hieutruong_a1", "hieutruong_a2"] {
            assert_eq!(reminders_of(&app, leader, message_id).await, 1, "{leader} {step:?}");
        }
    }
}

#[tokio::test]
async fn withdrawn_not_reminded() {
    let app = TestApp::spawn().await;
    let (id, deadline) = published(&app).await;
    let specialist = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    directives::amend::withdraw(&app.db, id, "Ban hành nhầm", specialist).await.unwrap();
    assert_eq!(reminders::scan(&app.db, deadline + HOUR_MS).await.unwrap(), ScanSummary::default());
}

#[tokio::test]
async fn amendment_reminds_again() {
    let app = TestApp::spawn().await;
    let (id, deadline) = published(&app).await;
    assert_eq!(reminders::scan(&app.db, deadline - HOUR_MS).await.unwrap().before_deadline, 2);

    let specialist = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    let mut changed = input(&app, deadline);
    changed.title = "Kế hoạch kiểm tra cuối học kỳ I (sửa đổi)".into();
    directives::amend::amend(&app.db, id, &changed, "Đổi lịch kiểm tra", specialist).await.unwrap();

    let again = reminders::scan(&app.db, deadline - HOUR_MS / 2).await.unwrap();
    assert_eq!(again.before_deadline, 2, "version 2 has its own steps");
    assert_eq!(reminders_of(&app, "hieutruong_a2", "notify-reminder-before-deadline").await, 2);
}

#[tokio::test]
async fn no_deadline_no_reminder() {
    let app = TestApp::spawn().await;
    let specialist = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    let mut without = input(&app, 0);
    without.ack_deadline = None;
    let id = directives::create_draft(&app.db, "79", None, &without, specialist).await.unwrap();
    directives::publish(&app.db, id, specialist, &app.world.year).await.unwrap();
    assert_eq!(reminders::scan(&app.db, now_ms() + 1_000 * HOUR_MS).await.unwrap(), ScanSummary::default());
}

#[tokio::test]
async fn reminder_shown_in_centre() {
    let app = TestApp::spawn().await;
    let (id, deadline) = published(&app).await;
    reminders::scan(&app.db, deadline + HOUR_MS).await.unwrap();

    let client = app.login("hieutruong_a2").await;
    let page = client.get("/notifications?show=unread").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Đã quá hạn xác nhận văn bản 2045/SGDĐT-GDTrH"), "{}", page.body);
    assert!(page.body.contains(&caunoi_web::i18n::datetime(deadline)), "the deadline in Vietnam time");
    assert!(page.body.contains("Nhắc hạn"), "the kind");

    let notification: i64 = sqlx::query_scalar(
        "SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id \
         WHERE u.username = 'hieutruong_a2' AND n.kind = 'reminder'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let response = client.get(&format!("/notifications/{notification}/open")).await;
    assert_eq!(response.location(), Some(format!("/directives/{id}/view").as_str()));
}

#[tokio::test]
async fn overdue_reminder_emailed_once() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start().await;
    let (id, _) = published(&app).await;
    // The address arrives after publication, so only the reminder is emailed.
    set_email(&app, "hieutruong_a2", "hieu.a2@truong.test").await;
    sqlx::query("UPDATE directives SET ack_deadline = $1 WHERE id = $2")
        .bind(now_ms() - HOUR_MS)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();

    let worker = worker(&app, sink.mailer());
    assert!(worker.schedule_scan(now_ms()).await.unwrap());
    // The scan, then the one email it queued (A1's leader has no address).
    assert_eq!(run_jobs(&worker).await, 2);
    assert_eq!(run_jobs(&worker).await, 0);

    let messages = sink.messages();
    assert_eq!(messages.len(), 1, "exactly one email");
    assert_eq!(messages[0].recipients, vec!["hieu.a2@truong.test".to_owned()]);
    let subject = messages[0].header("Subject").unwrap();
    assert!(subject.starts_with("[Cầu Nối] Đã quá hạn xác nhận văn bản 2045/SGDĐT-GDTrH"), "{subject}");
    assert_eq!(reminders::count(&app.db, id, Step::Overdue).await.unwrap(), 2);
}
