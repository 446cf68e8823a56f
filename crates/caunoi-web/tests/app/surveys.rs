//! Feedback surveys through the screens and the API. The tests cover attaching,
//! answering once and editing with the browser's key, every rejected value and fixed
//! anonymity. They also cover results hidden under five respondents or while open,
//! grouped results, reminders that show only a count, action items on the next plan,
//! and the walls between schools, clusters and provinces.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_core::activity::{ActivityKind, Openness, Organiser};
use caunoi_core::directive::Audience;
use caunoi_core::org::{Role, Scope};
use caunoi_db::activities::{self, ActivityInput};
use caunoi_db::surveys::{self, answers};
use caunoi_db::users::{self, NewUser};
use caunoi_db::{now_ms, security};
use serde_json::json;

use crate::harness::{PASSWORD, TestApp, TestResponse, urlencode};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// Adds a person of province 79 with one role, who logs in with the world's password.
async fn add_person(app: &TestApp, username: &str, role: Role, scope: Scope) {
    let user = NewUser {
        username: username.into(),
        full_name: format!("Người {username}"),
        email: None,
        password_hash: Some(security::hash_password(PASSWORD)),
        must_change_password: false,
        deployment_admin: false,
        is_generated: false,
    };
    let id = users::create(&app.db, &user).await.expect("user");
    users::grant(&app.db, id, role, &scope, "79").await.expect("grant");
}

/// Adds `count` teachers of school A1 and returns their usernames.
async fn extra_teachers(app: &TestApp, count: usize) -> Vec<String> {
    let mut names = Vec::new();
    for index in 0..count {
        let username = format!("gv_khao_sat_{index}");
        add_person(app, &username, Role::Teacher, Scope::School(app.world.school_a1)).await;
        names.push(username);
    }
    names
}

/// Publishes an activity of cluster A's board that took place yesterday, with the
/// given people registered; returns its id.
async fn past_activity(app: &TestApp, registered: &[&str], presenters: &str) -> i64 {
    let organiser = users::id_by_username(&app.db, "dieuphoi_a").await.expect("organiser");
    let starts_at = now_ms() - DAY;
    let input = ActivityInput {
        kind: ActivityKind::Seminar,
        title: "Hội thảo đổi mới kiểm tra, đánh giá".into(),
        description: String::new(),
        subjects: vec!["Ngữ văn".into()],
        levels: vec!["upper_secondary".into()],
        grades: Vec::new(),
        presenters: presenters.into(),
        place_school_id: Some(app.world.school_a1),
        place_address: String::new(),
        meeting_url: String::new(),
        starts_at,
        ends_at: starts_at + 2 * HOUR,
        capacity: None,
        registration_deadline: None,
        credit_minutes: 120,
        openness: Openness::Audience,
        audience: Audience { clusters: vec![app.world.cluster_a], ..Audience::default() },
        plan_item_id: None,
    };
    let id = activities::create(&app.db, "79", Organiser::Cluster(app.world.cluster_a), &input, "K7M9AC", organiser).await.expect("activity");
    activities::publish(&app.db, id, &app.world.year).await.expect("publish");
    for username in registered {
        let user = users::id_by_username(&app.db, username).await.expect("user");
        sqlx::query(
            "INSERT INTO activity_registrations (activity_id, user_id, school_id, status, queued_at, updated_at) \
             VALUES ($1, $2, $3, 'registered', $4, $4)",
        )
        .bind(id)
        .bind(user)
        .bind(app.world.school_a1)
        .bind(now_ms())
        .execute(&app.db.pool)
        .await
        .expect("registration");
    }
    id
}

/// Returns the date and time inputs of an instant, in Vietnam.
fn inputs(ms: i64) -> (String, String) {
    let local = chrono::DateTime::from_timestamp_millis(ms).expect("instant").with_timezone(&caunoi_web::i18n::vietnam_offset());
    (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
}

/// Attaches the default survey through the board's form, open from now for a day;
/// returns the survey's id.
async fn attach(app: &TestApp, activity: i64) -> i64 {
    let board = app.login("dieuphoi_a").await;
    let (opens_date, opens_time) = inputs(now_ms() - HOUR);
    let (closes_date, closes_time) = inputs(now_ms() + DAY);
    let response = board
        .post_form(
            &format!("/activities/{activity}/survey"),
            &[
                ("template", ""),
                ("opens_date", &opens_date),
                ("opens_time", &opens_time),
                ("closes_date", &closes_date),
                ("closes_time", &closes_time),
                ("anonymous", "on"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.location().expect("location").to_owned();
    location.trim_start_matches("/surveys/").split('?').next().expect("id").parse().expect("survey id")
}

/// The answer form's fields: four ratings and two open answers.
fn answer_fields(points: [&str; 4], open: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = points.iter().enumerate().map(|(index, point)| (format!("q{index}"), (*point).to_owned())).collect();
    fields.push(("q4".into(), open.into()));
    fields.push(("q5".into(), String::new()));
    fields
}

/// Posts answers as a browser would, with the session and, when given, the survey's key cookie.
async fn post_answers(app: &TestApp, session: &str, survey: i64, key_cookie: Option<&str>, fields: &[(String, String)]) -> TestResponse {
    let body: String = fields.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&");
    let cookie = match key_cookie {
        Some(key) => format!("{session}; {key}"),
        None => session.to_owned(),
    };
    let request = Request::post(format!("/surveys/{survey}/answers"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header("sec-fetch-site", "same-origin")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request");
    app.send(request).await
}

/// Returns the `name=value` of the survey key cookie a response sets.
fn key_cookie(response: &TestResponse) -> Option<String> {
    response
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("survey_key_"))
        .and_then(|value| value.split(';').next())
        .map(str::to_owned)
}

/// Answers as `username` with ratings of `point` and an open answer; returns the response.
async fn answer_as(app: &TestApp, username: &str, survey: i64, point: &str, open: &str) -> TestResponse {
    let client = app.login(username).await;
    let session = client.cookie().expect("session").to_owned();
    post_answers(app, &session, survey, None, &answer_fields([point, point, "4", "5"], open)).await
}

/// Moves a survey's close into the past, as if time had passed.
async fn close(app: &TestApp, survey: i64) {
    sqlx::query("UPDATE surveys SET closes_at = $1 WHERE id = $2").bind(now_ms() - 1).bind(survey).execute(&app.db.pool).await.expect("close");
}

#[tokio::test]
async fn surveys_answer_once_edit_with_key() {
    let app = TestApp::spawn().await;
    let activity = past_activity(&app, &["giaovien_a1", "cotcan_a1"], "Cô Lan").await;
    let survey = attach(&app, activity).await;

    let teacher = app.login("giaovien_a1").await;
    let invitation = teacher.get("/notifications").await;
    assert!(invitation.body.contains("Mời thầy/cô trả lời phiếu khảo sát về “Hội thảo đổi mới kiểm tra, đánh giá”"), "{}", invitation.body);
    assert!(!invitation.body.contains("survey-notify-attached"), "the line renders, not its id");
    let page = teacher.get(&format!("/surveys/{survey}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Gửi câu trả lời"), "{}", page.body);
    assert!(page.body.contains("Phiếu ẩn danh"), "{}", page.body);

    let session = teacher.cookie().expect("session").to_owned();
    let first = post_answers(&app, &session, survey, None, &answer_fields(["5", "4", "4", "3"], "Rất thiết thực")).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let key = key_cookie(&first).expect("the first answer sets the key cookie");
    let set_cookie = first.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains(&format!("Path=/surveys/{survey}")), "{set_cookie}");

    let elsewhere = post_answers(&app, &session, survey, None, &answer_fields(["1", "1", "1", "1"], "")).await;
    assert_eq!(elsewhere.status, StatusCode::CONFLICT, "{}", elsewhere.body);
    assert!(elsewhere.body.contains("chỉ sửa được trên trình duyệt đã dùng để trả lời"), "{}", elsewhere.body);

    let edit_page = app
        .send(Request::get(format!("/surveys/{survey}")).header(header::COOKIE, format!("{session}; {key}")).body(Body::empty()).expect("request"))
        .await;
    assert!(edit_page.body.contains("Sửa câu trả lời"), "{}", edit_page.body);
    assert!(edit_page.body.contains("Rất thiết thực"), "the edit form shows the saved answer: {}", edit_page.body);
    let edited = post_answers(&app, &session, survey, Some(&key), &answer_fields(["2", "2", "2", "2"], "Đã sửa")).await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);

    assert_eq!(surveys::respondent_count(&app.db, survey).await.expect("count"), 1);
    assert_eq!(answers::row_count(&app.db, survey).await.expect("rows"), 6, "the edit replaced the answer");
}

#[tokio::test]
async fn surveys_answer_form_rejects_each_bad_value() {
    let app = TestApp::spawn().await;
    let activity = past_activity(&app, &["giaovien_a1"], "").await;
    let survey = attach(&app, activity).await;
    let teacher = app.login("giaovien_a1").await;
    let session = teacher.cookie().expect("session").to_owned();

    let long = "x".repeat(2001);
    let cases: Vec<(Vec<(String, String)>, &str)> = vec![
        (answer_fields(["", "4", "4", "4"], "Giữ nguyên"), "Câu 1 chưa được chọn mức"),
        (answer_fields(["9", "4", "4", "4"], "Giữ nguyên"), "Câu 1: “9” không phải một mức từ 1 đến 5"),
        (answer_fields(["4", "bốn", "4", "4"], "Giữ nguyên"), "Câu 2: “bốn” không phải một mức từ 1 đến 5"),
        (answer_fields(["4", "4", "4", "4"], &long), "Câu 5 dài 2001 ký tự, quá giới hạn 2000"),
    ];
    for (fields, expected) in cases {
        let response = post_answers(&app, &session, survey, None, &fields).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{expected}: {}", response.body);
        assert!(response.body.contains(expected), "{expected}: {}", response.body);
    }
    let kept = post_answers(&app, &session, survey, None, &answer_fields(["", "4", "4", "4"], "Giữ nguyên")).await;
    assert!(kept.body.contains("Giữ nguyên"), "the typed answers are shown again: {}", kept.body);
    assert_eq!(surveys::respondent_count(&app.db, survey).await.expect("count"), 0, "nothing was saved");
}

#[tokio::test]
async fn surveys_settings_reject_each_bad_value() {
    let app = TestApp::spawn().await;
    let activity = past_activity(&app, &["giaovien_a1"], "").await;
    let survey = attach(&app, activity).await;
    let board = app.login("dieuphoi_a").await;
    let (date, time) = inputs(now_ms() + DAY);
    let (early_date, _) = inputs(now_ms() - 3 * DAY);

    let cases: Vec<(&str, &str, &str, &str, &str)> = vec![
        ("31/02/2027", "08:00", &date, &time, "Ngày “31/02/2027” không hợp lệ"),
        (&date, "25:00", &date, &time, "Giờ “25:00” không hợp lệ"),
        ("", "", &date, &time, "Chưa nhập ngày mở phiếu"),
        (&date, &time, &date, &time, "Giờ đóng phiếu phải sau giờ mở phiếu"),
        (&early_date, "08:00", &date, &time, "Phiếu không thể mở trước khi hoạt động bắt đầu"),
        (&date, &time, "2099-01-01", "08:00", "Phiếu chỉ được mở tối đa 60 ngày"),
    ];
    for (opens_date, opens_time, closes_date, closes_time, expected) in cases {
        let response = board
            .post_form(
                &format!("/surveys/{survey}/settings"),
                &[("opens_date", opens_date), ("opens_time", opens_time), ("closes_date", closes_date), ("closes_time", closes_time), ("anonymous", "on")],
            )
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{expected}: {}", response.body);
        assert!(response.body.contains(expected), "{expected}: {}", response.body);
    }
}

#[tokio::test]
async fn surveys_anonymity_fixed_after_answer() {
    let app = TestApp::spawn().await;
    let activity = past_activity(&app, &["giaovien_a1"], "").await;
    let survey = attach(&app, activity).await;
    let board = app.login("dieuphoi_a").await;
    let saved = surveys::get(&app.db, survey).await.expect("survey");
    let (opens_date, opens_time) = inputs(saved.opens_at);
    let (closes_date, closes_time) = inputs(saved.closes_at + HOUR);
    let named = [("opens_date", opens_date.as_str()), ("opens_time", opens_time.as_str()), ("closes_date", closes_date.as_str()), ("closes_time", closes_time.as_str())];

    let before = board.post_form(&format!("/surveys/{survey}/settings"), &named).await;
    assert_eq!(before.status, StatusCode::SEE_OTHER, "named is allowed before any answer: {}", before.body);
    let mut anonymous = named.to_vec();
    anonymous.push(("anonymous", "on"));
    board.post_form(&format!("/surveys/{survey}/settings"), &anonymous).await;
    let answered = answer_as(&app, "giaovien_a1", survey, "4", "").await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);

    let after = board.post_form(&format!("/surveys/{survey}/settings"), &named).await;
    assert_eq!(after.status, StatusCode::CONFLICT, "{}", after.body);
    assert!(after.body.contains("không thể đổi chế độ ẩn danh"), "{}", after.body);
    assert!(surveys::get(&app.db, survey).await.expect("survey").anonymous());

    let api = Api::of(&app, "dieuphoi_a").await;
    let body = json!({"opens_at": caunoi_web::i18n::rfc3339(saved.opens_at), "closes_at": caunoi_web::i18n::rfc3339(saved.closes_at), "anonymous": false});
    let refused = api.send("PUT", &format!("/api/v1/surveys/{survey}"), Some(&body)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);

    close(&app, survey).await;
    let mut reopen = named.to_vec();
    reopen.push(("anonymous", "on"));
    let reopened = board.post_form(&format!("/surveys/{survey}/settings"), &reopen).await;
    assert_eq!(reopened.status, StatusCode::CONFLICT, "{}", reopened.body);
    assert!(reopened.body.contains("Phiếu đã đóng nên không thể mở lại"), "{}", reopened.body);
    assert!(surveys::get(&app.db, survey).await.expect("survey").closes_at < now_ms(), "still closed");
}

#[tokio::test]
async fn surveys_results_need_five_and_close() {
    let app = TestApp::spawn().await;
    let extra = extra_teachers(&app, 5).await;
    let mut everyone: Vec<&str> = extra.iter().map(String::as_str).collect();
    everyone.push("giaovien_a1");
    let activity = past_activity(&app, &everyone, "Cô Lan").await;
    let survey = attach(&app, activity).await;
    let board = app.login("dieuphoi_a").await;
    let results = format!("/surveys/{survey}/results");

    for (index, username) in extra.iter().take(4).enumerate() {
        let open = if index == 0 { "Cần thêm thời gian thực hành" } else { "" };
        assert_eq!(answer_as(&app, username, survey, &(index % 5 + 1).to_string(), open).await.status, StatusCode::SEE_OTHER);
    }
    let while_open = board.get(&results).await;
    assert!(while_open.body.contains("Kết quả hiện sau khi phiếu đóng"), "{}", while_open.body);
    assert!(!while_open.body.contains("Cần thêm thời gian thực hành"));

    close(&app, survey).await;
    let four = board.get(&results).await;
    assert!(four.body.contains("Chỉ có 4 người trả lời, ít hơn 5"), "{}", four.body);
    assert!(!four.body.contains("Cần thêm thời gian thực hành"), "no open answer under five: {}", four.body);
    assert!(!four.body.contains("<svg"), "no chart under five");

    sqlx::query("UPDATE surveys SET closes_at = $1 WHERE id = $2").bind(now_ms() + DAY).bind(survey).execute(&app.db.pool).await.expect("reopen");
    assert_eq!(answer_as(&app, &extra[4], survey, "5", "Báo cáo viên nhiệt tình").await.status, StatusCode::SEE_OTHER);
    close(&app, survey).await;
    let five = board.get(&results).await;
    assert!(five.body.contains("5 người đã trả lời"), "{}", five.body);
    assert!(five.body.contains("Cần thêm thời gian thực hành"), "{}", five.body);
    assert!(five.body.contains("Báo cáo viên nhiệt tình"), "{}", five.body);
    assert!(five.body.contains("<svg"), "{}", five.body);
    assert!(five.body.contains("xếp ngẫu nhiên"), "{}", five.body);

    let department = app.login("chuyenvien").await;
    assert_eq!(department.get(&results).await.status, StatusCode::OK);
}

#[tokio::test]
async fn surveys_walls_between_scopes() {
    let app = TestApp::spawn().await;
    let activity = past_activity(&app, &["giaovien_a1"], "").await;
    let survey = attach(&app, activity).await;
    let page = format!("/surveys/{survey}");
    let results = format!("/surveys/{survey}/results");

    let participant = app.login("giaovien_a1").await;
    assert_eq!(participant.get(&results).await.status, StatusCode::FORBIDDEN, "a participant sees no results");
    let outsider_in_audience = app.login("cotcan_a1").await;
    let refused = answer_as(&app, "cotcan_a1", survey, "4", "").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "not registered, so not a participant: {}", refused.body);
    assert_eq!(outsider_in_audience.get(&page).await.status, StatusCode::OK);

    for (username, expected) in [("hieutruong_b1", StatusCode::NOT_FOUND), ("chuyenvien_hn", StatusCode::NOT_FOUND), ("hieutruong_hn", StatusCode::NOT_FOUND)] {
        let client = app.login(username).await;
        assert_eq!(client.get(&page).await.status, expected, "{username} on the survey");
        assert_eq!(client.get(&results).await.status, expected, "{username} on the results");
    }

    let cluster_results = format!("/clusters/{}/survey-results", app.world.cluster_a);
    assert_eq!(app.login("bandieuphoi_a").await.get(&cluster_results).await.status, StatusCode::OK);
    assert_eq!(app.login("hieutruong_a1").await.get(&cluster_results).await.status, StatusCode::FORBIDDEN, "sees the cluster, not its results");
    assert_eq!(app.login("hieutruong_b1").await.get(&cluster_results).await.status, StatusCode::FORBIDDEN, "another cluster's leader");
    assert_eq!(app.login("chuyenvien_hn").await.get(&cluster_results).await.status, StatusCode::NOT_FOUND, "another province");
    assert_eq!(app.login("chuyenvien").await.get("/p/79/survey-results").await.status, StatusCode::OK);
    assert_eq!(app.login("dieuphoi_a").await.get("/p/79/survey-results").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.login("chuyenvien_hn").await.get("/p/79/survey-results").await.status, StatusCode::NOT_FOUND);

    let other_board = app.login("hieutruong_a2").await;
    let attach_other = other_board.post_form(&format!("/activities/{activity}/survey"), &[]).await;
    assert_eq!(attach_other.status, StatusCode::FORBIDDEN, "a leader of a reached school does not organise: {}", attach_other.body);
}

#[tokio::test]
async fn surveys_groups_hide_small_surveys() {
    let app = TestApp::spawn().await;
    let extra = extra_teachers(&app, 6).await;
    let names: Vec<&str> = extra.iter().map(String::as_str).collect();
    let big = past_activity(&app, &names, "Cô Lan\nThầy Minh").await;
    let small = past_activity(&app, &names[..3], "Cô Lan").await;
    let big_survey = attach(&app, big).await;
    let small_survey = attach(&app, small).await;
    for name in &names {
        answer_as(&app, name, big_survey, "4", "").await;
    }
    for name in &names[..3] {
        answer_as(&app, name, small_survey, "1", "").await;
    }
    close(&app, big_survey).await;
    close(&app, small_survey).await;

    let api = Api::of(&app, "chuyenvien").await;
    let groups = api.send("GET", "/api/v1/provinces/79/survey-results?by=presenter", None).await;
    assert_eq!(groups.status, StatusCode::OK, "{}", groups.body);
    let list = groups.json();
    let lan = list.as_array().expect("list").iter().find(|g| g["label"] == "Cô Lan").expect("Cô Lan");
    let minh = list.as_array().expect("list").iter().find(|g| g["label"] == "Thầy Minh").expect("Thầy Minh");
    assert_eq!(lan["respondents"], 6, "the survey of 3 does not count: {lan}");
    assert_eq!(lan["left_out"], 1);
    assert_eq!(lan["counts"], minh["counts"], "Cô Lan minus Thầy Minh reveals nothing");

    let bad = api.send("GET", "/api/v1/provinces/79/survey-results?by=truong", None).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("truong"), "{}", bad.body);

    let page = app.login("bandieuphoi_a").await.get(&format!("/clusters/{}/survey-results?by=topic", app.world.cluster_a)).await;
    assert!(page.body.contains("Ngữ văn"), "{}", page.body);
    assert!(page.body.contains("<svg"), "{}", page.body);
}

#[tokio::test]
async fn surveys_reminders_show_count_only() {
    let app = TestApp::spawn().await;
    let activity = past_activity(&app, &["giaovien_a1", "cotcan_a1"], "").await;
    let survey = attach(&app, activity).await;
    answer_as(&app, "giaovien_a1", survey, "5", "").await;

    let board = app.login("dieuphoi_a").await;
    let reminded = board.post_form(&format!("/surveys/{survey}/remind"), &[]).await;
    assert_eq!(reminded.status, StatusCode::SEE_OTHER, "{}", reminded.body);
    let page = board.get(&format!("/surveys/{survey}")).await;
    assert!(page.body.contains("Đã có 1 trên 2 người tham dự trả lời"), "{}", page.body);
    assert!(page.body.contains("Đã nhắc 1 người"), "{}", page.body);
    assert!(!page.body.contains("Đặng Văn Cốt"), "no name on the organiser's page");
    assert!(!page.body.contains("Bùi Thị Giáo"), "no name on the organiser's page");

    let notified: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM notifications WHERE message_id = 'survey-notify-reminder'")
        .fetch_all(&app.db.pool)
        .await
        .expect("notifications");
    let core_teacher = users::id_by_username(&app.db, "cotcan_a1").await.expect("user");
    assert_eq!(notified, vec![core_teacher]);
    let reminder = app.login("cotcan_a1").await.get("/notifications").await;
    assert!(reminder.body.contains("trước "), "{}", reminder.body);
    assert!(!reminder.body.contains("survey-notify-reminder"), "the line renders, not its id");
}

#[tokio::test]
async fn surveys_action_item_reaches_next_plan() {
    let app = TestApp::spawn().await;
    let activity = past_activity(&app, &["giaovien_a1"], "").await;
    let survey = attach(&app, activity).await;
    let board = app.login("dieuphoi_a").await;

    let results = board.get(&format!("/surveys/{survey}/results")).await;
    let target = results.body.split("name=\"target\"").nth(1).and_then(|rest| rest.split("value=\"").nth(1)).and_then(|rest| rest.split('"').next()).expect("a target semester").to_owned();
    let missing = board.post_form(&format!("/surveys/{survey}/action-items"), &[("text", " "), ("owner", "Tổ Ngữ văn"), ("target", &target)]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("Chưa nhập nội dung việc cần làm"), "{}", missing.body);
    assert!(missing.body.contains("Tổ Ngữ văn"), "{}", missing.body);
    let bad_target = board.post_form(&format!("/surveys/{survey}/action-items"), &[("text", "Thêm thực hành"), ("target", "hk3")]).await;
    assert!(bad_target.body.contains("Học kỳ “hk3” không hợp lệ"), "{}", bad_target.body);

    let added = board.post_form(&format!("/surveys/{survey}/action-items"), &[("text", "Tăng thời lượng thực hành"), ("owner", "Tổ Ngữ văn"), ("target", &target)]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let (year, semester) = target.split_once(':').expect("year:semester");
    let plan_path = format!("/clusters/{}/activity-plans?year={year}&semester={semester}", app.world.cluster_a);
    if year != app.world.year {
        // NOTE: semester I of the next school year belongs to next year's cluster, which
        // this world does not draw; the database test covers that case.
        return;
    }
    let plan = board.get(&plan_path).await;
    assert!(plan.body.contains("Tăng thời lượng thực hành"), "{}", plan.body);
    assert!(plan.body.contains("Đưa vào kế hoạch"), "{}", plan.body);

    let action: i64 = sqlx::query_scalar("SELECT id FROM survey_action_items").fetch_one(&app.db.pool).await.expect("action item");
    let month = plan.body.split(&format!("action-{action}-month")).nth(2).and_then(|rest| rest.split("value=\"").nth(1)).and_then(|rest| rest.split('"').next()).expect("a month").to_owned();
    let teacher = app.login("giaovien_a1").await;
    let cluster = app.world.cluster_a.to_string();
    let refused = teacher.post_form(&format!("/survey-action-items/{action}/convert"), &[("cluster", &cluster), ("kind", "seminar"), ("month", &month)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let converted = board.post_form(&format!("/survey-action-items/{action}/convert"), &[("cluster", &cluster), ("kind", "seminar"), ("month", &month)]).await;
    assert_eq!(converted.status, StatusCode::SEE_OTHER, "{}", converted.body);
    let plan = board.get(&plan_path).await;
    assert!(plan.body.contains("Đã đưa vào kế hoạch"), "{}", plan.body);
    let again = board.post_form(&format!("/survey-action-items/{action}/convert"), &[("cluster", &cluster), ("kind", "seminar"), ("month", &month)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

/// An API client of one person.
struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl<'a> Api<'a> {
    async fn of(app: &'a TestApp, username: &str) -> Api<'a> {
        let id = users::id_by_username(&app.db, username).await.expect("known user");
        let token = security::create_api_token(&app.db, id, "test").await.expect("token");
        Api { app, token }
    }

    async fn send(&self, method: &str, path: &str, body: Option<&serde_json::Value>) -> TestResponse {
        let builder = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        let request = match body {
            Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.app.send(request.expect("request")).await
    }
}

#[tokio::test]
async fn surveys_api_answer_edit_results() {
    let app = TestApp::spawn().await;
    let activity = past_activity(&app, &["giaovien_a1"], "").await;
    let board = Api::of(&app, "dieuphoi_a").await;

    let attached = board.send("POST", &format!("/api/v1/activities/{activity}/survey"), Some(&json!({}))).await;
    assert_eq!(attached.status, StatusCode::CREATED, "{}", attached.body);
    let survey = attached.json()["id"].as_i64().expect("id");
    assert_eq!(attached.json()["anonymous"], true);
    assert_eq!(attached.json()["phase"], "open", "open from the activity's end, which has passed");
    let again = board.send("POST", &format!("/api/v1/activities/{activity}/survey"), Some(&json!({}))).await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    let teacher = Api::of(&app, "giaovien_a1").await;
    let responses = format!("/api/v1/surveys/{survey}/responses");
    let invalid = teacher.send("POST", &responses, Some(&json!({"answers": [5, 9, 4, 4, null, null]}))).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", invalid.body);
    assert!(invalid.json()["error"]["fields"]["answers[1]"].as_str().is_some_and(|m| m.contains("“9”")), "{}", invalid.body);
    let answered = teacher.send("POST", &responses, Some(&json!({"answers": [5, 4, "4", 4, "Hữu ích", null]}))).await;
    assert_eq!(answered.status, StatusCode::CREATED, "{}", answered.body);
    let key = answered.json()["edit_key"].as_str().expect("edit key").to_owned();
    let twice = teacher.send("POST", &responses, Some(&json!({"answers": [5, 4, 4, 4, null, null]}))).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let wrong = teacher.send("PUT", &responses, Some(&json!({"answers": [1, 1, 1, 1, null, null], "edit_key": "sai"}))).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST, "{}", wrong.body);
    let edited = teacher.send("PUT", &responses, Some(&json!({"answers": [1, 1, 1, 1, null, null], "edit_key": key}))).await;
    assert_eq!(edited.status, StatusCode::NO_CONTENT, "{}", edited.body);

    let shown = teacher.send("GET", &format!("/api/v1/activities/{activity}/survey"), None).await;
    assert_eq!(shown.json()["answered"], true);
    assert!(shown.json()["respondents"].is_null(), "a participant gets no counts");
    assert_eq!(teacher.send("GET", &format!("/api/v1/surveys/{survey}/results"), None).await.status, StatusCode::FORBIDDEN);
    let results = board.send("GET", &format!("/api/v1/surveys/{survey}/results"), None).await;
    assert_eq!(results.json()["shown"], false);
    assert_eq!(results.json()["hidden_reason"], "open");
    let reminded = board.send("POST", &format!("/api/v1/surveys/{survey}/reminders"), None).await;
    assert_eq!(reminded.json()["reminded"], 0, "the only participant answered");

    let hanoi = Api::of(&app, "chuyenvien_hn").await;
    assert_eq!(hanoi.send("GET", &format!("/api/v1/surveys/{survey}/results"), None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(hanoi.send("GET", "/api/v1/provinces/79/survey-results", None).await.status, StatusCode::NOT_FOUND);
    let document = board.send("GET", "/api/openapi.json", None).await;
    assert!(document.body.contains("/api/v1/surveys/{id}/responses"), "registered in the OpenAPI document");
}

#[tokio::test]
async fn surveys_templates_edit_and_scope() {
    let app = TestApp::spawn().await;
    let department = app.login("chuyenvien").await;
    let list = department.get("/p/79/survey-templates").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("Phiếu khảo sát sau hoạt động chuyên môn"), "the shipped default is listed: {}", list.body);
    let default_id: i64 = sqlx::query_scalar("SELECT id FROM survey_templates WHERE default_key = 'default'").fetch_one(&app.db.pool).await.expect("default");

    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("name", " "), ("kind_0", "rating"), ("text_0", "Nội dung hữu ích")], "Chưa nhập tên mẫu phiếu"),
        (vec![("name", "Mẫu A"), ("kind_0", "thang"), ("text_0", "Nội dung hữu ích")], "Câu 1: loại câu hỏi “thang” không có"),
        (vec![("name", "Mẫu A"), ("kind_0", "rating"), ("text_0", "Nội dung hữu ích"), ("labels_0", "Kém; Tốt")], "Câu 1 có 2 nhãn"),
        (vec![("name", "Mẫu A")], "Mẫu phiếu chưa có câu hỏi nào"),
    ];
    for (fields, expected) in cases {
        let response = department.post_form(&format!("/survey-templates/{default_id}"), &fields).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{expected}: {}", response.body);
        assert!(response.body.contains(expected), "{expected}: {}", response.body);
    }

    let activity = past_activity(&app, &["giaovien_a1"], "").await;
    let survey = attach(&app, activity).await;
    let saved = department
        .post_form(&format!("/survey-templates/{default_id}"), &[("name", "Mẫu rút gọn"), ("kind_0", "open"), ("text_0", "Góp ý của thầy/cô")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(surveys::get(&app.db, survey).await.expect("survey").questions().len(), 6, "the attached survey keeps its copy");

    let board = app.login("dieuphoi_a").await;
    let owner = format!("cluster:{}", app.world.cluster_a);
    let created = board.post_form("/p/79/survey-templates", &[("owner", &owner), ("name", "Mẫu của cụm A"), ("kind_0", "rating"), ("text_0", "Hoạt động bổ ích")]).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let cluster_template = created.location().expect("location").to_owned();
    assert_eq!(board.get(&format!("/survey-templates/{default_id}")).await.status, StatusCode::FORBIDDEN, "a board sees the department's but does not edit it");
    let as_department = board.post_form("/p/79/survey-templates", &[("owner", "department"), ("name", "Mẫu"), ("text_0", "Câu")]).await;
    assert_eq!(as_department.status, StatusCode::FORBIDDEN);

    assert_eq!(app.login("bandieuphoi_a").await.get(&cluster_template).await.status, StatusCode::OK);
    let listed = department.get("/p/79/survey-templates").await;
    assert!(listed.body.contains("Mẫu của cụm A"), "the department lists the clusters' templates too: {}", listed.body);
    let b_list = app.login(&b_board(&app).await).await.get("/p/79/survey-templates").await;
    assert!(!b_list.body.contains("Mẫu của cụm A"), "another cluster's board does not: {}", b_list.body);
    for username in ["hieutruong_b1", "giaovien_a1", "chuyenvien_hn"] {
        let client = app.login(username).await;
        assert_eq!(client.get(&cluster_template).await.status, StatusCode::NOT_FOUND, "{username}");
        assert_eq!(client.get("/p/79/survey-templates").await.status, StatusCode::NOT_FOUND, "{username}");
    }
    let foreign = app.login("dieuphoi_b").await.post_form("/p/79/survey-templates", &[("owner", &owner), ("name", "Mẫu"), ("text_0", "Câu")]).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "cluster B's board cannot write cluster A's template");
}

/// Adds a coordinator of cluster B and returns the username.
async fn b_board(app: &TestApp) -> String {
    add_person(app, "dieuphoi_b", Role::ClusterCoordinator, Scope::Cluster(app.world.cluster_b)).await;
    "dieuphoi_b".into()
}

#[tokio::test]
async fn surveys_api_templates_checked_and_scoped() {
    let app = TestApp::spawn().await;
    let department = Api::of(&app, "chuyenvien").await;

    let invalid = department
        .send("POST", "/api/v1/provinces/79/survey-templates", Some(&json!({"name": " ", "questions": [{"kind": "rating", "text": "Hữu ích", "labels": ["Kém"]}]})))
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", invalid.body);
    assert!(invalid.json()["error"]["fields"]["name"].is_string(), "{}", invalid.body);
    assert!(invalid.json()["error"]["fields"]["questions"].as_str().is_some_and(|m| m.contains("1 nhãn")), "{}", invalid.body);

    let created = department
        .send("POST", "/api/v1/provinces/79/survey-templates", Some(&json!({"name": "Mẫu ngắn", "questions": [{"kind": "open", "text": "Góp ý"}]})))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.json()["id"].as_i64().expect("id");

    let board = Api::of(&app, "dieuphoi_a").await;
    let body = json!({"name": "Đổi tên", "questions": [{"kind": "open", "text": "Góp ý"}]});
    assert_eq!(board.send("PUT", &format!("/api/v1/survey-templates/{id}"), Some(&body)).await.status, StatusCode::FORBIDDEN);
    let own = board
        .send("POST", "/api/v1/provinces/79/survey-templates", Some(&json!({"cluster_id": app.world.cluster_a, "name": "Mẫu cụm A", "questions": [{"kind": "rating", "text": "Bổ ích"}]})))
        .await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.body);
    let hanoi = Api::of(&app, "chuyenvien_hn").await;
    assert_eq!(hanoi.send("PUT", &format!("/api/v1/survey-templates/{id}"), Some(&body)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(hanoi.send("GET", "/api/v1/provinces/79/survey-templates", None).await.status, StatusCode::NOT_FOUND);
    let listed = department.send("GET", "/api/v1/provinces/79/survey-templates", None).await;
    assert_eq!(listed.json().as_array().map(Vec::len), Some(3), "default, the department's and cluster A's: {}", listed.body);
}

#[tokio::test]
async fn surveys_worker_reminds_and_forgets_tags() {
    let app = TestApp::spawn().await;
    let activity = past_activity(&app, &["giaovien_a1", "cotcan_a1"], "").await;
    let survey = attach(&app, activity).await;
    answer_as(&app, "giaovien_a1", survey, "4", "").await;
    sqlx::query("UPDATE surveys SET closes_at = $1 WHERE id = $2").bind(now_ms() + HOUR).bind(survey).execute(&app.db.pool).await.expect("close soon");

    let worker = crate::notifications::worker(&app, caunoi_web::mail::Mailer::disabled("http://localhost"));
    assert!(worker.schedule_scan(now_ms()).await.expect("schedule"));
    crate::notifications::run_jobs(&worker).await;

    let reminded: Vec<i64> = sqlx::query_scalar("SELECT user_id FROM notifications WHERE message_id = 'survey-notify-reminder'")
        .fetch_all(&app.db.pool)
        .await
        .expect("notifications");
    assert_eq!(reminded, vec![users::id_by_username(&app.db, "cotcan_a1").await.expect("user")]);

    close(&app, survey).await;
    assert!(worker.schedule_scan(now_ms() + 120_000).await.expect("schedule the next slot"));
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE kind = 'scan_reminders'").bind(now_ms()).execute(&app.db.pool).await.expect("due now");
    crate::notifications::run_jobs(&worker).await;
    let tags: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_answers WHERE edit_tag IS NOT NULL").fetch_one(&app.db.pool).await.expect("tags");
    assert_eq!(tags, 0, "a closed survey's edit tags are blanked");
}
