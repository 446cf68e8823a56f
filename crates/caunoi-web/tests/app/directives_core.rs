//! The directive repository's core: audience resolution, publication and the facts
//! the policy reads, on the test world.

use caunoi_core::directive::{Audience, DirectiveKind};
use caunoi_core::org::{Ownership, Role, SchoolLevel};
use caunoi_core::policy::{Action, allows};
use caunoi_db::directives::{self, AudienceScope, DirectiveInput};
use caunoi_db::sql::SqlBuilder;
use caunoi_db::{DbError, SearchTable, users};

use crate::harness::TestApp;

fn input(audience: Audience) -> DirectiveInput {
    DirectiveInput {
        kind: DirectiveKind::Dispatch,
        number_symbol: "1581/SGDĐT-GDTrH".into(),
        issuing_body: "Sở Giáo dục và Đào tạo".into(),
        signer: "Nguyễn Văn Hiếu".into(),
        issued_on: chrono::NaiveDate::from_ymd_opt(2026, 9, 5),
        title: "Hướng dẫn thực hiện nhiệm vụ giáo dục trung học".into(),
        summary: "Công văn hướng dẫn năm học mới".into(),
        body: "Nội dung".into(),
        ack_deadline: None,
        remind_before_min: 24 * 60,
        audience,
    }
}

async fn draft(app: &TestApp, audience: Audience) -> i64 {
    let specialist = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    directives::create_draft(&app.db, "79", None, &input(audience), specialist).await.unwrap()
}

#[tokio::test]
async fn audience_combines_filters_and_named_schools() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let scope = AudienceScope { province: "79", school_year: &w.year, cluster: None };
    let cluster_a = Audience { clusters: vec![w.cluster_a], ..Audience::default() };
    let ids = |schools: Vec<directives::ResolvedSchool>| schools.into_iter().map(|s| s.id).collect::<Vec<_>>();
    let resolved = ids(directives::resolve_audience(&app.db, &scope, &cluster_a).await.unwrap());
    assert_eq!(resolved.len(), 2);
    assert!(resolved.contains(&w.school_a1) && resolved.contains(&w.school_a2));

    let primary_a = Audience { levels: vec![SchoolLevel::Primary], ..cluster_a.clone() };
    assert_eq!(ids(directives::resolve_audience(&app.db, &scope, &primary_a).await.unwrap()), vec![w.school_a2]);

    let plus_b1 = Audience { schools: vec![w.school_b1, w.school_hn], ..primary_a };
    let resolved = ids(directives::resolve_audience(&app.db, &scope, &plus_b1).await.unwrap());
    assert_eq!(resolved.len(), 2, "the Hà Nội school is outside the province");

    let everyone_private = Audience { everyone: true, ownerships: vec![Ownership::Private], ..Audience::default() };
    assert!(directives::resolve_audience(&app.db, &scope, &everyone_private).await.unwrap().is_empty());

    let board_scope = AudienceScope { cluster: Some(w.cluster_a), ..scope };
    let everyone = Audience { everyone: true, schools: vec![w.school_b1], ..Audience::default() };
    assert_eq!(directives::resolve_audience(&app.db, &board_scope, &everyone).await.unwrap().len(), 2);
}

#[tokio::test]
async fn publish_creates_recipients_once_and_notifies() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let audience = Audience { clusters: vec![w.cluster_a], roles: vec![Role::CoreTeacher], ..Audience::default() };
    let id = draft(&app, audience).await;
    let user = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    let summary = directives::publish(&app.db, id, user, &w.year).await.unwrap();
    assert_eq!(summary.recipients, 2);
    // Leaders of A1 and A2 and the core teacher of A1; not the plain teacher.
    assert_eq!(summary.notified, 3);
    assert!(matches!(directives::publish(&app.db, id, user, &w.year).await, Err(DbError::Invalid(_))));
    let directive = directives::get(&app.db, id).await.unwrap();
    assert_eq!((directive.status.as_str(), directive.version), ("published", 1));

    let leader = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    let facts = directives::facts(&app.db, id, leader).await.unwrap();
    assert_eq!(facts.actor_schools, vec![w.school_a1]);
    let actor = users::actor(&app.db, leader).await.unwrap();
    assert!(allows(&actor, Action::AcknowledgeDirective { directive: &facts, school: w.school_a1 }));

    for (username, visible) in [("cotcan_a1", true), ("giaovien_a1", false), ("hieutruong_b1", false), ("dieuphoi_a", true)] {
        let user = users::id_by_username(&app.db, username).await.unwrap();
        let facts = directives::facts(&app.db, id, user).await.unwrap();
        let actor = users::actor(&app.db, user).await.unwrap();
        assert_eq!(allows(&actor, Action::ViewDirective { directive: &facts }), visible, "{username}");
    }
}

#[tokio::test]
async fn publish_queues_emails_for_those_with_addresses() {
    let app = TestApp::spawn().await;
    let leader = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    sqlx::query("UPDATE users SET email = 'hieutruong.a1@truong.example.vn' WHERE id = $1")
        .bind(leader)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let id = draft(&app, Audience { clusters: vec![app.world.cluster_a], ..Audience::default() }).await;
    let user = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    directives::publish(&app.db, id, user, &app.world.year).await.unwrap();
    let states: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT user_id, email_state FROM notifications WHERE kind = 'directive' ORDER BY user_id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(states.len(), 2);
    for (user_id, state) in states {
        let expected = if user_id == leader { "queued" } else { "skipped" };
        assert_eq!(state.as_deref(), Some(expected), "user {user_id}");
    }
    let jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'send_email'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(jobs, 1);
}

#[tokio::test]
async fn empty_audience_publishes_nothing() {
    let app = TestApp::spawn().await;
    let id = draft(&app, Audience { ownerships: vec![Ownership::Private], ..Audience::default() }).await;
    let user = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    let result = directives::publish(&app.db, id, user, &app.world.year).await;
    assert!(matches!(result, Err(DbError::Invalid(_))));
    assert_eq!(directives::get(&app.db, id).await.unwrap().status, "draft");
}

#[tokio::test]
async fn search_ignores_tone_marks_and_d() {
    let app = TestApp::spawn().await;
    let id = draft(&app, Audience::default()).await;
    for (text, found) in [("1581/SGDĐT", true), ("sgddt gdtrh", true), ("huong dan nhiem vu", true), ("Hướng", true), ("tiểu học", false), ("%", false)] {
        let mut query = SqlBuilder::new("SELECT d.id FROM directives d WHERE d.province_code = '79'");
        let searched = app.db.dialect.push_text_match(&mut query, SearchTable::Directives, "d", text);
        let ids: Vec<i64> = query.build_query_scalar().fetch_all(&app.db.pool).await.unwrap();
        assert_eq!(searched && ids.contains(&id), found, "{text}");
    }
}
