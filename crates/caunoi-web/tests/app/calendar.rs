//! Activity calendars: the `.ics` of one activity and the personal feeds, read back
//! with the `icalendar` crate's parser as a calendar client would.

use axum::http::StatusCode;
use caunoi_core::activity::{ActivityKind, Openness, Organiser};
use caunoi_core::directive::Audience;
use caunoi_core::report::deadline::local_instant;
use caunoi_db::activities::{self, ActivityInput};
use caunoi_db::users;
use chrono::{Days, NaiveTime};
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus};
use sha2::{Digest, Sha256};

use crate::harness::{Client, TestApp};

/// Returns the day of the test workshop: a month from today, so the feed lists it.
fn workshop_day() -> chrono::NaiveDate {
    caunoi_web::i18n::today().checked_add_days(Days::new(30)).expect("date")
}

fn input(title: &str, starts_at: i64, cluster: i64) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::ThematicWorkshop,
        title: title.into(),
        description: "Dạy học STEM; chia sẻ, thảo luận".into(),
        subjects: vec!["toan".into()],
        levels: Vec::new(),
        grades: Vec::new(),
        presenters: "Nguyễn Văn An\nTrần Thị Bình".into(),
        place_school_id: None,
        place_address: "3 Nguyễn Bỉnh Khiêm, Bến Thành".into(),
        meeting_url: String::new(),
        starts_at,
        ends_at: starts_at + 2 * 3_600_000,
        capacity: Some(30),
        registration_deadline: None,
        credit_minutes: 120,
        openness: Openness::Audience,
        audience: Audience { clusters: vec![cluster], ..Audience::default() },
        plan_item_id: None,
    }
}

/// Creates and publishes a workshop of cluster A at 14:00 Vietnam time on `workshop_day`.
async fn workshop(app: &TestApp, title: &str) -> i64 {
    let coordinator = users::id_by_username(&app.db, "dieuphoi_a").await.expect("user");
    let starts_at = local_instant(workshop_day(), NaiveTime::from_hms_opt(14, 0, 0).expect("time"));
    let organiser = Organiser::Cluster(app.world.cluster_a);
    let id = activities::create(&app.db, "79", organiser, &input(title, starts_at, app.world.cluster_a), "ABCDEF", coordinator)
        .await
        .expect("create");
    activities::publish(&app.db, id, &app.world.year).await.expect("publish");
    id
}

/// Registers a person with plain SQL: registration itself is another module's work.
async fn register(app: &TestApp, activity: i64, username: &str, status: &str) {
    let user = users::id_by_username(&app.db, username).await.expect("user");
    sqlx::query(
        "INSERT INTO activity_registrations (activity_id, user_id, school_id, status, queued_at, updated_at) \
         VALUES ($1, $2, $3, $4, 0, 0)",
    )
    .bind(activity)
    .bind(user)
    .bind(app.world.school_a1)
    .bind(status)
    .execute(&app.db.pool)
    .await
    .expect("registration");
}

/// Makes a feed on `/me/calendar` and returns its URL path and token.
async fn make_feed(client: &Client<'_>) -> (String, String) {
    let page = client.post_form("/me/calendar", &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.headers["cache-control"], "no-store");
    let start = page.body.find("http://caunoi.test/calendar/").expect("feed URL on the page");
    let url = &page.body[start..];
    let url = &url[..url.find(".ics").expect("ends with .ics") + 4];
    let path = url.trim_start_matches("http://caunoi.test").to_owned();
    let token = path.trim_start_matches("/calendar/").trim_end_matches(".ics").to_owned();
    (path, token)
}

async fn fetch_calendar(app: &TestApp, path: &str) -> Calendar {
    let response = app.anonymous().get(path).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.headers["content-type"], "text/calendar; charset=utf-8");
    assert!(response.body.contains("\r\n"), "lines end with CRLF");
    response.body.parse::<Calendar>().expect("the feed parses")
}

fn event_titled<'a>(calendar: &'a Calendar, title: &str) -> Option<&'a icalendar::Event> {
    calendar.events().find(|event| event.get_summary() == Some(title))
}

#[tokio::test]
async fn feed_shows_workshop_at_utc_and_follows_changes() {
    let app = TestApp::spawn().await;
    let id = workshop(&app, "Sinh hoạt chuyên đề STEM").await;
    register(&app, id, "giaovien_a1", "registered").await;
    let teacher = app.login("giaovien_a1").await;
    let (path, _) = make_feed(&teacher).await;

    let calendar = fetch_calendar(&app, &path).await;
    let event = event_titled(&calendar, "Sinh hoạt chuyên đề STEM").expect("the workshop is in the feed");
    let expected_start = workshop_day().and_hms_opt(7, 0, 0).expect("time").and_utc();
    assert_eq!(event.get_start(), Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(expected_start))));
    assert_eq!(event.get_uid(), Some(format!("activity-{id}@caunoi.test").as_str()));
    assert_eq!(event.get_sequence(), Some(0));
    assert_eq!(event.get_status(), Some(EventStatus::Confirmed));
    assert_eq!(event.get_location(), Some("3 Nguyễn Bỉnh Khiêm, Bến Thành"));
    let description = event.get_description().expect("description");
    assert!(description.contains("Sinh hoạt chuyên đề"), "{description}");
    assert!(description.contains("Báo cáo viên: Nguyễn Văn An"), "{description}");
    assert!(description.contains("Trần Thị Bình"), "{description}");
    assert!(description.contains(&format!("http://caunoi.test/activities/{id}")), "{description}");

    let mut edited = input("Sinh hoạt chuyên đề STEM (đổi giờ)", 0, app.world.cluster_a);
    let later = expected_start.timestamp_millis() + 3_600_000;
    edited.starts_at = later;
    edited.ends_at = later + 2 * 3_600_000;
    activities::update(&app.db, id, &edited).await.expect("update");
    let calendar = fetch_calendar(&app, &path).await;
    let event = event_titled(&calendar, "Sinh hoạt chuyên đề STEM (đổi giờ)").expect("the edited workshop");
    assert_eq!(event.get_uid(), Some(format!("activity-{id}@caunoi.test").as_str()), "the UID stays across an edit");
    assert_eq!(event.get_sequence(), Some(1));
    assert_eq!(calendar.events().count(), 1, "an edit replaces the entry");

    activities::cancel(&app.db, id, "Báo cáo viên bận").await.expect("cancel");
    let calendar = fetch_calendar(&app, &path).await;
    let event = event_titled(&calendar, "Sinh hoạt chuyên đề STEM (đổi giờ)").expect("a cancelled workshop stays");
    assert_eq!(event.get_status(), Some(EventStatus::Cancelled));
    assert_eq!(event.get_sequence(), Some(2));
}

#[tokio::test]
async fn feed_token_is_stored_hashed_only() {
    let app = TestApp::spawn().await;
    let teacher = app.login("giaovien_a1").await;
    let (_, token) = make_feed(&teacher).await;
    assert_eq!(token.len(), 43, "32 bytes in URL-safe base64");

    let stored: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM calendar_feeds").fetch_all(&app.db.pool).await.unwrap();
    assert_eq!(stored.len(), 1);
    let expected: String = Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(stored[0].0, expected);
    assert!(!stored[0].0.contains(&token));
    let listing = teacher.get("/me/calendar").await;
    assert!(!listing.body.contains(&token), "the list never shows the token again");
}

#[tokio::test]
async fn revoked_or_unknown_feed_is_not_found() {
    let app = TestApp::spawn().await;
    let teacher = app.login("giaovien_a1").await;
    let (path, _) = make_feed(&teacher).await;
    assert_eq!(app.anonymous().get(&path).await.status, StatusCode::OK);
    let feed_id: i64 = sqlx::query_scalar("SELECT id FROM calendar_feeds").fetch_one(&app.db.pool).await.unwrap();

    let other = app.login("cotcan_a1").await;
    assert_eq!(other.post_form(&format!("/me/calendar/{feed_id}/revoke"), &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.anonymous().get(&path).await.status, StatusCode::OK, "another person cannot revoke it");

    let revoked = teacher.post_form(&format!("/me/calendar/{feed_id}/revoke"), &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(app.anonymous().get(&path).await.status, StatusCode::NOT_FOUND);
    let unknown = format!("/calendar/{}.ics", "A".repeat(43));
    assert_eq!(app.anonymous().get(&unknown).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.anonymous().get("/calendar/abc.ics").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.anonymous().get(path.trim_end_matches(".ics")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn feeds_never_leak_between_people() {
    let app = TestApp::spawn().await;
    let first = workshop(&app, "Hội thảo của giáo viên").await;
    let second = workshop(&app, "Chuyên đề của cốt cán").await;
    register(&app, first, "giaovien_a1", "registered").await;
    register(&app, second, "cotcan_a1", "waitlisted").await;
    let (teacher_path, _) = make_feed(&app.login("giaovien_a1").await).await;
    let (core_path, _) = make_feed(&app.login("cotcan_a1").await).await;

    let teacher_calendar = fetch_calendar(&app, &teacher_path).await;
    let titles: Vec<_> = teacher_calendar.events().filter_map(|event| event.get_summary()).collect();
    assert_eq!(titles, ["Hội thảo của giáo viên"]);

    let core_calendar = fetch_calendar(&app, &core_path).await;
    let titles: Vec<_> = core_calendar.events().filter_map(|event| event.get_summary()).collect();
    assert_eq!(titles, ["Chuyên đề của cốt cán"]);
    let waiting = core_calendar.events().next().and_then(|event| event.get_description()).unwrap_or_default();
    assert!(waiting.contains("danh sách chờ"), "{waiting}");

    // The coordinator organises both, so both appear in their feed.
    let (board_path, _) = make_feed(&app.login("dieuphoi_a").await).await;
    assert_eq!(fetch_calendar(&app, &board_path).await.events().count(), 2);
}

#[tokio::test]
async fn activity_ics_follows_view_policy() {
    let app = TestApp::spawn().await;
    let id = workshop(&app, "Dạy học tích hợp, lớp 6; môn Khoa học").await;
    let path = format!("/activities/{id}/calendar.ics");

    let response = app.login("giaovien_a1").await.get(&path).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.headers["content-type"], "text/calendar; charset=utf-8");
    assert!(response.headers["content-disposition"].to_str().unwrap().contains(".ics"));
    let calendar: Calendar = response.body.parse().expect("parses");
    let event = calendar.events().next().expect("one event");
    assert_eq!(event.get_summary(), Some("Dạy học tích hợp, lớp 6; môn Khoa học"));
    assert!(response.body.contains(r"SUMMARY:Dạy học tích hợp\, lớp 6\; môn Khoa học"), "{}", response.body);

    for outsider in ["hieutruong_b1", "chuyenvien_hn", "hieutruong_hn"] {
        assert_eq!(app.login(outsider).await.get(&path).await.status, StatusCode::NOT_FOUND, "{outsider}");
    }
    assert_eq!(app.login("giaovien_a1").await.get("/activities/999999/calendar.ics").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_feed_url_is_shown_once() {
    let app = TestApp::spawn().await;
    let api = app.api_as("giaovien_a1").await;

    let created = api.post_form("/api/v1/me/calendar-feeds", &[]).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let body = created.json();
    let url = body["url"].as_str().expect("url");
    assert!(url.starts_with("http://caunoi.test/calendar/"), "{url}");
    assert!(url.ends_with(".ics"), "{url}");
    let id = body["id"].as_i64().expect("id");

    let listed = api.get("/api/v1/me/calendar-feeds").await.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert!(listed[0].get("url").is_none(), "the list never carries the URL");

    let other = app.api_as("cotcan_a1").await;
    assert_eq!(other.post_form(&format!("/api/v1/me/calendar-feeds/{id}/revoke"), &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get("/api/v1/me/calendar-feeds").await.json().as_array().map(Vec::len), Some(0));
    assert_eq!(api.post_form(&format!("/api/v1/me/calendar-feeds/{id}/revoke"), &[]).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api.post_form(&format!("/api/v1/me/calendar-feeds/{id}/revoke"), &[]).await.status, StatusCode::NOT_FOUND);
    let path = url.trim_start_matches("http://caunoi.test");
    assert_eq!(app.anonymous().get(path).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn too_many_feeds_are_explained() {
    let app = TestApp::spawn().await;
    let teacher = app.login("giaovien_a1").await;
    for _ in 0..caunoi_db::activities::calendar::MAX_ACTIVE_FEEDS {
        make_feed(&teacher).await;
    }
    let refused = teacher.post_form("/me/calendar", &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("thu hồi"), "{}", refused.body);
    assert_eq!(refused.body.matches("/revoke").count(), 5, "the list of feeds stays on the page");
}
