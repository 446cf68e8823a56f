//! The monitoring dashboards: exact figures on a small world, who sees which part, the
//! cache following the database revision, live updates across two instances, and the
//! API.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_core::directive::{Audience, DirectiveKind};
use caunoi_db::directives::{self, DirectiveInput};
use caunoi_db::requests::{self, NewRequest, RequestCategory};
use caunoi_db::{now_ms, users};
use caunoi_web::{AppState, Config};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::harness::TestApp;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

async fn user_id(app: &TestApp, username: &str) -> i64 {
    users::id_by_username(&app.db, username).await.expect("user")
}

/// Publishes a department directive to clusters, with an acknowledgement deadline.
async fn directive(app: &TestApp, title: &str, clusters: Vec<i64>, deadline: i64) -> i64 {
    let specialist = user_id(app, "chuyenvien").await;
    let input = DirectiveInput {
        kind: DirectiveKind::Dispatch,
        number_symbol: "12/SGDĐT-VP".into(),
        issuing_body: "Sở Giáo dục và Đào tạo".into(),
        signer: "Giám đốc".into(),
        issued_on: None,
        title: title.into(),
        summary: String::new(),
        body: String::new(),
        ack_deadline: Some(deadline),
        remind_before_min: 24 * 60,
        audience: Audience { clusters, ..Audience::default() },
    };
    let id = directives::create_draft(&app.db, "79", None, &input, specialist).await.expect("draft");
    directives::publish(&app.db, id, specialist, &app.world.year).await.expect("publish");
    id
}

/// Publishes a department report request to clusters A and B and sets its deadline.
async fn report(app: &TestApp, title: &str, deadline: i64) -> i64 {
    use caunoi_db::reports::{requests as report_requests, templates};
    let specialist = user_id(app, "chuyenvien").await;
    let definition = caunoi_core::report::TemplateDefinition::default();
    let new = templates::NewTemplate {
        province: "79",
        cluster: None,
        name: title,
        description: "",
        definition: &definition,
        created_by: specialist,
    };
    let (_, version) = templates::create(&app.db, &new).await.expect("template");
    let input = report_requests::RequestInput {
        template_version_id: version,
        title: title.into(),
        instructions: String::new(),
        period_kind: "month".into(),
        period_label: "Tháng 10/2026".into(),
        period_start: "2026-10-01".into(),
        period_end: "2026-10-31".into(),
        audience: Audience { clusters: vec![app.world.cluster_a, app.world.cluster_b], ..Audience::default() },
        opens_at: now_ms() - DAY_MS,
        deadline_at: now_ms() + 10 * DAY_MS,
        remind_before_hours: 48,
    };
    let id = report_requests::create_draft(&app.db, "79", None, &app.world.year, &input, specialist).await.expect("report");
    report_requests::publish(&app.db, id, specialist).await.expect("publish report");
    sqlx::query("UPDATE report_requests SET deadline_at = $1 WHERE id = $2")
        .bind(deadline)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .expect("deadline");
    id
}

/// Stores a school's submission with a status and first submission instant.
async fn submission(app: &TestApp, request: i64, school: i64, status: &str, first_submitted_at: Option<i64>) {
    sqlx::query(
        "INSERT INTO report_submissions (request_id, school_id, status, values_json, counted, source, \
         first_submitted_at, submitted_at, revision, created_at, updated_at) \
         VALUES ($1, $2, $3, '{}', 0, 'form', $4, $4, 1, $5, $5)",
    )
    .bind(request)
    .bind(school)
    .bind(status)
    .bind(first_submitted_at)
    .bind(now_ms())
    .execute(&app.db.pool)
    .await
    .expect("submission");
}

async fn raise(app: &TestApp, school: i64, leader: &str) -> i64 {
    let raised = NewRequest {
        school_id: school,
        category: RequestCategory::Facilities,
        category_label: String::new(),
        title: "Sửa mái phòng học".into(),
        body: "Mái dột khi mưa.".into(),
        directive_id: None,
        created_by: user_id(app, leader).await,
        today: caunoi_web::i18n::today(),
        answer_within_days: 3,
    };
    requests::raise(&app.db, &raised, &[]).await.expect("request")
}

/// Builds the small world the figure tests count by hand; see the comments for the
/// expected figures.
async fn story(app: &TestApp) {
    let w = &app.world;
    let now = now_ms();
    // D1 reaches a1, a2 and b1 with a deadline in three days; a1 and b1 acknowledge.
    let d1 = directive(app, "Kiểm tra giữa kì", vec![w.cluster_a, w.cluster_b], now + 3 * DAY_MS).await;
    // D2 reaches a1 and a2; its deadline has passed and nobody acknowledged: 2 overdue.
    let d2 = directive(app, "Báo cáo sĩ số", vec![w.cluster_a], now + DAY_MS).await;
    sqlx::query("UPDATE directives SET ack_deadline = $1 WHERE id = $2")
        .bind(now - HOUR_MS)
        .bind(d2)
        .execute(&app.db.pool)
        .await
        .expect("past deadline");
    for (leader, school) in [("hieutruong_a1", w.school_a1), ("hieutruong_b1", w.school_b1)] {
        let response = app
            .login(leader)
            .await
            .post_form(&format!("/directives/{d1}/acknowledge"), &[("school", &school.to_string())])
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    }

    // R1 is due in five days: a1 submitted in the deadline's own minute (on time), a2
    // has a draft, b1 has not started.
    let r1_deadline = now + 5 * DAY_MS;
    let r1 = report(app, "Thống kê học kì I", r1_deadline).await;
    submission(app, r1, w.school_a1, "submitted", Some((r1_deadline / 60_000) * 60_000 + 59_999)).await;
    submission(app, r1, w.school_a2, "draft", None).await;
    // R2 was due two days ago: a1 submitted a minute late, a2 was returned, b1 accepted.
    let r2_deadline = now - 2 * DAY_MS;
    let r2 = report(app, "Thống kê tháng 9", r2_deadline).await;
    submission(app, r2, w.school_a1, "submitted", Some((r2_deadline / 60_000) * 60_000 + 60_000)).await;
    submission(app, r2, w.school_a2, "returned", Some(r2_deadline - HOUR_MS)).await;
    submission(app, r2, w.school_b1, "accepted", Some(r2_deadline - HOUR_MS)).await;

    // One fresh request of a1 and one of b1 raised ten days ago.
    raise(app, w.school_a1, "hieutruong_a1").await;
    let old = raise(app, w.school_b1, "hieutruong_b1").await;
    sqlx::query("UPDATE requests SET created_at = $1 WHERE id = $2")
        .bind(now - 10 * DAY_MS)
        .bind(old)
        .execute(&app.db.pool)
        .await
        .expect("old request");
    // The direct SQL changes above bypass the repositories, so raise the revision here.
    let mut conn = app.db.pool.acquire().await.expect("connection");
    caunoi_db::reports::live::touch(&mut conn, "79", now).await.expect("touch");
}

fn cluster<'a>(body: &'a Value, id: i64) -> &'a Value {
    body["clusters"]
        .as_array()
        .expect("clusters")
        .iter()
        .find(|c| c["cluster_id"] == id)
        .unwrap_or_else(|| panic!("cluster {id} missing in {body}"))
}

fn counts(figures: &Value, part: &str, names: &[&str]) -> Vec<i64> {
    names.iter().map(|name| figures[part][*name].as_i64().unwrap_or_else(|| panic!("{part}.{name}"))).collect()
}

const COMPLETENESS: [&str; 7] = ["not_started", "draft", "on_time", "late", "returned", "accepted", "total"];
const ACK: [&str; 3] = ["recipients", "acknowledged", "overdue"];
const AGES: [&str; 4] = ["open", "under_3_days", "from_3_to_7_days", "over_7_days"];

/// Fetches the API body until its revision is at least the database's, because the
/// poller may lag by up to a second.
async fn current_api(app: &TestApp, username: &str, path: &str) -> Value {
    let client = app.api_as(username).await;
    let expected_revision = caunoi_db::reports::live::revision(&app.db, "79").await.expect("revision");
    let started = Instant::now();
    loop {
        let response = client.get(path).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let body = response.json();
        if body["revision"].as_i64().unwrap_or(0) >= expected_revision || started.elapsed() > Duration::from_secs(5) {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn figures_exact_on_small_world() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    story(&app).await;

    let body = current_api(&app, "chuyenvien", "/api/v1/provinces/79/dashboard").await;
    let total = &body["total"];
    assert_eq!(counts(total, "acknowledgement", &ACK), [5, 2, 2]);
    assert_eq!(total["acknowledgement"]["rate_percent"], 40.0);
    assert_eq!(counts(total, "completeness", &COMPLETENESS), [1, 1, 1, 1, 1, 1, 6]);
    assert_eq!(total["completeness"]["submitted_percent"], 50.0);
    assert_eq!(counts(total, "requests", &AGES), [2, 1, 0, 1]);

    let a = &cluster(&body, w.cluster_a)["figures"];
    assert_eq!(counts(a, "acknowledgement", &ACK), [4, 1, 2]);
    assert_eq!(a["acknowledgement"]["rate_percent"], 25.0);
    assert_eq!(counts(a, "completeness", &COMPLETENESS), [0, 1, 1, 1, 1, 0, 4]);
    assert_eq!(a["completeness"]["submitted_percent"], 50.0);
    assert_eq!(counts(a, "requests", &AGES), [1, 1, 0, 0]);
    let b = &cluster(&body, w.cluster_b)["figures"];
    assert_eq!(counts(b, "acknowledgement", &ACK), [1, 1, 0]);
    assert_eq!(counts(b, "completeness", &COMPLETENESS), [1, 0, 0, 0, 0, 1, 2]);
    assert_eq!(counts(b, "requests", &AGES), [1, 0, 0, 1]);

    // D1 (a2 still owes it) and R1 (a2 and b1 owe it) fall in the next 14 days.
    let deadlines = body["deadlines"].as_array().expect("deadlines");
    let listed: Vec<(&str, i64, i64)> = deadlines
        .iter()
        .map(|d| (d["kind"].as_str().unwrap(), d["recipients"].as_i64().unwrap(), d["owing"].as_i64().unwrap()))
        .collect();
    assert_eq!(listed, [("directive", 3, 1), ("report", 3, 2)]);

    let communes = body["communes"].as_array().expect("communes");
    let a1 = communes.iter().find(|c| c["code"] == w.commune_a1.as_str()).expect("commune a1");
    assert_eq!(counts(&a1["figures"], "acknowledgement", &ACK), [2, 1, 1]);

    let page = app.login("chuyenvien").await.get("/p/79/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"dash-ack-chart\""), "no acknowledgement chart");
    assert!(page.body.contains("id=\"dash-completeness-chart\""), "no completeness chart");
    assert!(page.body.contains("id=\"dash-map-title\""), "no map");
    assert!(page.body.contains("25,0 %"), "cluster A rate missing from the tables");
    assert!(page.body.contains("40,0 %"), "total rate missing");
    assert!(page.body.contains("Thống kê học kì I"), "R1 missing from the deadlines");
    assert!(!page.body.contains("Thống kê tháng 9"), "a past deadline is listed");
    assert!(page.body.contains(&format!("/clusters/{}/dashboard", w.cluster_a)));
    assert!(!page.body.contains("style="), "inline style in the page");
}

#[tokio::test]
async fn cluster_page_and_map_indicator() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    story(&app).await;

    let board = app.login("bandieuphoi_a").await;
    let page = board.get(&format!("/clusters/{}/dashboard?indicator=reports", w.cluster_a)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<option value=\"reports\" selected>"));
    assert!(page.body.contains("Bản đồ tỉ lệ nộp báo cáo"));
    assert!(page.body.contains("25,0 %"));

    let wrong = board.get(&format!("/clusters/{}/dashboard?indicator=bogus", w.cluster_a)).await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(wrong.body.contains("Không có chỉ số «bogus»"), "no notice for a bad indicator");
    assert!(wrong.body.contains("<option value=\"ack\" selected>"));
}

#[tokio::test]
async fn visibility_narrows_and_refuses() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    story(&app).await;

    // The board of cluster A sees only its cluster on the province dashboard.
    let body = current_api(&app, "bandieuphoi_a", "/api/v1/provinces/79/dashboard").await;
    let ids: Vec<i64> = body["clusters"].as_array().unwrap().iter().map(|c| c["cluster_id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [w.cluster_a]);
    assert_eq!(counts(&body["total"], "acknowledgement", &ACK), [4, 1, 2]);

    // The commune officer of A1's commune sees that commune only.
    let body = current_api(&app, "canboxa_a", "/api/v1/provinces/79/dashboard").await;
    let codes: Vec<&str> = body["communes"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(codes, [w.commune_a1.as_str()]);

    let not_found = StatusCode::NOT_FOUND;
    let refusals = [
        ("bandieuphoi_a", format!("/clusters/{}/dashboard", w.cluster_b)),
        ("bandieuphoi_a", format!("/api/v1/clusters/{}/dashboard", w.cluster_b)),
        ("chuyenvien_hn", "/p/79/dashboard".to_owned()),
        ("chuyenvien_hn", format!("/clusters/{}/dashboard", w.cluster_a)),
        ("chuyenvien_hn", "/api/v1/provinces/79/dashboard".to_owned()),
        ("chuyenvien", "/p/01/dashboard".to_owned()),
        ("chuyenvien", "/api/v1/provinces/01/dashboard".to_owned()),
        ("hieutruong_a1", "/p/79/dashboard".to_owned()),
        ("giaovien_a1", format!("/clusters/{}/dashboard", w.cluster_a)),
        ("chuyenvien", "/clusters/999999/dashboard".to_owned()),
    ];
    for (user, path) in refusals {
        let client = if path.starts_with("/api/") { app.api_as(user).await } else { app.login(user).await };
        assert_eq!(client.get(&path).await.status, not_found, "{user} {path}");
    }
    let events = app.login("hieutruong_b1").await.get("/p/79/dashboard/events").await;
    assert_eq!(events.status, not_found);
    // The department sees cluster B's dashboard.
    let ok = app.login("chuyenvien").await.get(&format!("/clusters/{}/dashboard", w.cluster_b)).await;
    assert_eq!(ok.status, StatusCode::OK);
}

#[tokio::test]
async fn cache_follows_revision() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let d1 = directive(&app, "Kiểm tra giữa kì", vec![w.cluster_a, w.cluster_b], now_ms() + 3 * DAY_MS).await;

    let before = current_api(&app, "chuyenvien", "/api/v1/provinces/79/dashboard").await;
    assert_eq!(counts(&before["total"], "acknowledgement", &ACK), [3, 0, 0]);
    // Without a change, the figures come from the cache: same computation instant.
    let again = current_api(&app, "chuyenvien", "/api/v1/provinces/79/dashboard").await;
    assert_eq!(again["computed_at"], before["computed_at"]);

    let response = app
        .login("hieutruong_b1")
        .await
        .post_form(&format!("/directives/{d1}/acknowledge"), &[("school", &w.school_b1.to_string())])
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let after = current_api(&app, "chuyenvien", "/api/v1/provinces/79/dashboard").await;
    assert!(after["revision"].as_i64() > before["revision"].as_i64(), "the acknowledgement did not raise the revision");
    assert_eq!(counts(&after["total"], "acknowledgement", &ACK), [3, 1, 0]);
}

/// Reads an event stream until an `update` event arrives or the time runs out.
async fn next_update(body: &mut Body, limit: Duration) -> Option<String> {
    let deadline = Instant::now() + limit;
    let mut text = String::new();
    while Instant::now() < deadline {
        let frame = tokio::time::timeout(deadline - Instant::now(), body.frame()).await.ok()??.ok()?;
        if let Ok(data) = frame.into_data() {
            text.push_str(&String::from_utf8_lossy(&data));
            if let Some(start) = text.find("event: update") {
                if let Some(end) = text[start..].find("\n\n") {
                    return Some(text[start..start + end].to_owned());
                }
            }
        }
    }
    None
}

#[tokio::test]
async fn update_reaches_second_instance() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let d1 = directive(&app, "Kiểm tra giữa kì", vec![w.cluster_a, w.cluster_b], now_ms() + 3 * DAY_MS).await;

    // A second instance on the same database, with its own poller and caches.
    let dir = tempfile::TempDir::new().expect("temp dir");
    let second = caunoi_web::router(AppState::new(app.db.clone(), Config::for_tests(dir.path().to_path_buf())));
    let department = app.login("chuyenvien").await;
    let since = caunoi_db::reports::live::revision(&app.db, "79").await.expect("revision");
    let request = Request::get(format!("/p/79/dashboard/events?since={since}"))
        .header(header::COOKIE, department.cookie().expect("cookie"))
        .body(Body::empty())
        .expect("request");
    let response = second.clone().oneshot(request).await.expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()[header::CONTENT_TYPE].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/event-stream"), "{content_type}");
    let mut body = response.into_body();

    // Nothing changed yet, so no update comes.
    assert!(next_update(&mut body, Duration::from_millis(1500)).await.is_none(), "update without a change");

    // The acknowledgement goes through the first instance.
    let response = app
        .login("hieutruong_b1")
        .await
        .post_form(&format!("/directives/{d1}/acknowledge"), &[("school", &w.school_b1.to_string())])
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);

    let event = next_update(&mut body, Duration::from_secs(10)).await.expect("an update within 10 s");
    assert!(event.contains("dash-ack-chart"), "the update carries the figures: {event}");
    assert!(event.contains("33,3 %"), "the update shows the new rate: {event}");
}

#[tokio::test]
async fn cluster_api_matches_page() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    story(&app).await;

    let body = current_api(&app, "dieuphoi_a", &format!("/api/v1/clusters/{}/dashboard", w.cluster_a)).await;
    assert_eq!(body["cluster_id"], w.cluster_a);
    assert_eq!(body["province"], "79");
    assert_eq!(counts(&body["total"], "acknowledgement", &ACK), [4, 1, 2]);
    assert_eq!(counts(&body["total"], "completeness", &COMPLETENESS), [0, 1, 1, 1, 1, 0, 4]);
    let ids: Vec<i64> = body["clusters"].as_array().unwrap().iter().map(|c| c["cluster_id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [w.cluster_a]);
    let anonymous = app.anonymous().get(&format!("/api/v1/clusters/{}/dashboard", w.cluster_a)).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
