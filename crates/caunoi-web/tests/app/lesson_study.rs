//! Lesson study through the screens and the API. Covers who is in the group (and the
//! 403 and 404 for everyone else), the lesson plan's versions with stale saves
//! rejected, the seating chart and notes with photos, analysis forms and the summary,
//! and the minutes as .docx sent to the cluster board.

use std::io::Read;

use axum::http::StatusCode;
use caunoi_db::activities::attendance;
use caunoi_db::users;
use chrono::{Duration, Utc};
use serde_json::json;

use crate::harness::{Client, TestApp, TestResponse};

/// Returns the date and time inputs of the instant `ahead` from now, in Vietnam.
fn vietnam_inputs(ahead: Duration) -> (String, String) {
    let local = (Utc::now() + ahead).with_timezone(&caunoi_web::i18n::vietnam_offset());
    (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
}

async fn post(client: &Client<'_>, path: &str, fields: &[(&str, String)]) -> TestResponse {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.post_form(path, &borrowed).await
}

/// Creates and publishes an activity of `kind` as `organiser` (`cluster:ID` or
/// `school:ID`) reaching cluster A; returns its id.
async fn activity(app: &TestApp, username: &str, organiser: &str, kind: &str) -> i64 {
    let client = app.login(username).await;
    let (start_date, start_time) = vietnam_inputs(Duration::days(3));
    let (end_date, end_time) = vietnam_inputs(Duration::days(3) + Duration::hours(3));
    let fields = vec![
        ("organiser", organiser.to_owned()),
        ("title", "Nghiên cứu bài học: Hàm số bậc nhất".to_owned()),
        ("kind", kind.to_owned()),
        ("subjects", "Toán".to_owned()),
        ("levels", "upper_secondary".to_owned()),
        ("place_school", format!("#{}", app.world.school_a1)),
        ("start_date", start_date),
        ("start_time", start_time),
        ("end_date", end_date),
        ("end_time", end_time),
        ("credit_hours", "3".to_owned()),
        ("openness", "audience".to_owned()),
        ("clusters", app.world.cluster_a.to_string()),
    ];
    let created = post(&client, "/activities/new", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id: i64 = created.location().expect("location").trim_start_matches("/activities/").parse().expect("id");
    let published = client.post_form(&format!("/activities/{id}/publish"), &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.body);
    id
}

/// Creates a lesson study of cluster A's board that `giaovien_a1` registers for, and
/// returns its id.
async fn lesson_study(app: &TestApp) -> i64 {
    let id = activity(app, "dieuphoi_a", &format!("cluster:{}", app.world.cluster_a), "lesson_study").await;
    let teacher = app.login("giaovien_a1").await;
    let registered = teacher.post_form(&format!("/activities/{id}/register"), &[]).await;
    assert_eq!(registered.status, StatusCode::SEE_OTHER, "{}", registered.body);
    id
}

fn plan_fields(based_on: i64, title: &str, changes: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = vec![
        ("based_on", based_on.to_string()),
        ("school", "Trường THPT Trưng Vương".into()),
        ("subject_group", "Tổ Toán".into()),
        ("teacher", "Bùi Thị Giáo".into()),
        ("title", title.into()),
        ("subject", "Toán".into()),
        ("grade", "10A1".into()),
        ("periods", "2".into()),
        ("knowledge", "Nhận biết hàm số bậc nhất.".into()),
        ("activity1_name", "Khởi động".into()),
        ("activity1_objective", "Gợi nhu cầu tìm hiểu".into()),
        ("activity2_product", "Bảng giá trị".into()),
        ("note", String::new()),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(field, _)| field == name) {
            Some(field) => field.1 = (*value).to_owned(),
            None => fields.push((name, (*value).to_owned())),
        }
    }
    fields
}

#[tokio::test]
async fn lesson_study_group_and_refusals() {
    let app = TestApp::spawn().await;
    let id = lesson_study(&app).await;
    let page = format!("/activities/{id}/lesson-study");

    for username in ["dieuphoi_a", "bandieuphoi_a", "giaovien_a1", "chuyenvien"] {
        let response = app.login(username).await.get(&page).await;
        assert_eq!(response.status, StatusCode::OK, "{username}: {}", response.body);
        assert!(response.body.contains("Xây dựng kế hoạch bài dạy"), "{username}");
    }
    // In the audience without a seat: the activity opens, the group's work is forbidden.
    let colleague = app.login("cotcan_a1").await;
    let outside_group = colleague.get(&page).await;
    assert_eq!(outside_group.status, StatusCode::FORBIDDEN);
    assert!(outside_group.body.contains("không thuộc nhóm nghiên cứu bài học"), "{}", outside_group.body);
    assert_eq!(colleague.get(&format!("/activities/{id}")).await.status, StatusCode::OK);
    // Another cluster's school, another province: the activity does not exist for them.
    for username in ["hieutruong_b1", "chuyenvien_hn", "hieutruong_hn"] {
        let client = app.login(username).await;
        assert_eq!(client.get(&page).await.status, StatusCode::NOT_FOUND, "{username}");
        assert_eq!(client.get(&format!("{page}/plan")).await.status, StatusCode::NOT_FOUND, "{username}");
        let api = app.api_as(username).await;
        assert_eq!(api.get(&format!("/api/v1/activities/{id}/lesson-study")).await.status, StatusCode::NOT_FOUND, "{username}");
    }
    let api = app.api_as("cotcan_a1").await;
    let forbidden = api.get(&format!("/api/v1/activities/{id}/lesson-study")).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(forbidden.json()["error"]["code"], "forbidden");

    // A participant may not lead: the summary is the organiser's.
    let teacher = app.login("giaovien_a1").await;
    let summary = post(&teacher, &format!("{page}/summary"), &[("conclusions", "x".into()), ("lessons_to_apply", "y".into())]).await;
    assert_eq!(summary.status, StatusCode::FORBIDDEN);

    // Another kind of activity has no lesson study.
    let workshop = activity(&app, "dieuphoi_a", &format!("cluster:{}", app.world.cluster_a), "thematic_workshop").await;
    let board = app.login("dieuphoi_a").await;
    assert_eq!(board.get(&format!("/activities/{workshop}/lesson-study")).await.status, StatusCode::NOT_FOUND);
    let activity_page = board.get(&format!("/activities/{id}")).await;
    assert!(activity_page.body.contains(&format!("/activities/{id}/lesson-study")), "{}", activity_page.body);
}

#[tokio::test]
async fn lesson_plan_versions_refuse_stale_save() {
    let app = TestApp::spawn().await;
    let id = lesson_study(&app).await;
    let path = format!("/activities/{id}/lesson-study/plan");
    let teacher = app.login("giaovien_a1").await;
    let board = app.login("dieuphoi_a").await;

    let first = post(&teacher, &path, &plan_fields(0, "Hàm số bậc nhất", &[("note", "Bản đầu tiên")])).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = post(&board, &path, &plan_fields(1, "Hàm số bậc nhất y = ax + b", &[("periods", "3")])).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    let stale = post(&teacher, &path, &plan_fields(1, "Hàm số bậc nhất", &[("activity3_content", "Bài tập 1, 2, 3 trang 48")])).await;

    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("bạn sửa từ phiên bản 1, nhưng Lê Văn Điều đã lưu phiên bản 2"), "{}", stale.body);
    assert!(stale.body.contains("Tên bài dạy; Thời gian thực hiện (số tiết)"), "{}", stale.body);
    assert!(stale.body.contains("Bài tập 1, 2, 3 trang 48"), "typed text lost: {}", stale.body);
    assert!(stale.body.contains("name=\"based_on\" value=\"2\""), "{}", stale.body);
    let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lesson_plan_versions").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(saved, 2);

    let history = teacher.get(&format!("{path}/versions")).await;
    assert!(history.body.contains("Phiên bản 2 – Lê Văn Điều"), "{}", history.body);
    assert!(history.body.contains("Bản đầu tiên"), "{}", history.body);
    let compare = teacher.get(&format!("{path}/compare?from=1&to=2")).await;
    assert_eq!(compare.status, StatusCode::OK);
    assert!(compare.body.contains("Có 2 mục thay đổi."), "{}", compare.body);
    assert!(compare.body.contains("y = ax + b"), "{}", compare.body);
    let first_version = teacher.get(&format!("{path}/versions/1")).await;
    assert!(first_version.body.contains("Bảng giá trị"), "{}", first_version.body);
    assert_eq!(teacher.get(&format!("{path}/versions/9")).await.status, StatusCode::NOT_FOUND);
    let missing = teacher.get(&format!("{path}/compare?from=1&to=9")).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(missing.body.contains("Không có phiên bản 9"), "{}", missing.body);
}

#[tokio::test]
async fn lesson_plan_rejects_each_bad_field() {
    let app = TestApp::spawn().await;
    let id = lesson_study(&app).await;
    let path = format!("/activities/{id}/lesson-study/plan");
    let teacher = app.login("giaovien_a1").await;
    let long_section = "ý".repeat(10_001);
    let long_note = "n".repeat(501);
    let cases: Vec<(&'static str, &str, &str)> = vec![
        ("title", "  ", "Chưa nhập «Tên bài dạy»"),
        ("periods", "hai", "«Thời gian thực hiện (số tiết)»: “hai” không hợp lệ; hãy nhập số nguyên từ 1 đến 20"),
        ("periods", "0", "từ 1 đến 20"),
        ("knowledge", &long_section, "«1. Về kiến thức» dài 10001 ký tự, vượt mức tối đa 10000 ký tự"),
        ("activity2_organisation", &long_section, "«Hoạt động 2: Hình thành kiến thức mới – d) Tổ chức thực hiện» dài 10001 ký tự"),
        ("note", &long_note, "«Ghi chú cho phiên bản này» dài 501 ký tự"),
    ];

    for (field, value, expected) in cases {
        let mut changes = vec![(field, value)];
        if field != "title" {
            changes.push(("activity4_product", "Giữ nguyên phần đã gõ"));
        }
        let response = post(&teacher, &path, &plan_fields(0, "Hàm số", &changes)).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(response.body.contains(expected), "{field}: expected “{expected}” in {}", response.body);
        if field != "title" {
            assert!(response.body.contains("Giữ nguyên phần đã gõ"), "{field}: typed text lost");
        }
    }

    let bad_base = post(&teacher, &path, &plan_fields(0, "Hàm số", &[("based_on", "abc")])).await;
    assert_eq!(bad_base.status, StatusCode::BAD_REQUEST);
    assert!(bad_base.body.contains("Phiên bản gốc “abc” không hợp lệ"), "{}", bad_base.body);
    let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lesson_plan_versions").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(saved, 0);
}

/// Fields of a note form, the file sent with it, and the message expected.
type NoteCase<'a> = (Vec<(&'a str, &'a str)>, &'a [u8], &'a str);

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\nIDATx\x9cc\0\x01\0\0\x05\0\x01\r\n-\xb4\0\0\0\0IEND\xaeB`\x82";
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

#[tokio::test]
async fn observation_chart_notes_and_photos() {
    let app = TestApp::spawn().await;
    let id = lesson_study(&app).await;
    let base = format!("/activities/{id}/lesson-study");
    let teacher = app.login("giaovien_a1").await;

    let bad_chart = post(&teacher, &format!("{base}/seating"), &[("rows", "0".into()), ("columns", "40".into())]).await;
    assert_eq!(bad_chart.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_chart.body.contains("«Số hàng»: “0” không hợp lệ; hãy nhập số nguyên từ 1 đến 12"), "{}", bad_chart.body);
    assert!(bad_chart.body.contains("«Số cột»: “40”"), "{}", bad_chart.body);
    let chart = post(
        &teacher,
        &format!("{base}/seating"),
        &[("rows", "3".into()), ("columns", "4".into()), ("seat_2_3_student", "Nguyễn Văn An".into()), ("seat_2_3_group", "Nhóm 2".into())],
    )
    .await;
    assert_eq!(chart.status, StatusCode::SEE_OTHER, "{}", chart.body);

    let note = teacher
        .post_file(
            &format!("{base}/notes"),
            "lop-hoc.png",
            PNG,
            &[("time_kind", "clock"), ("time", "09:15:30"), ("target", "seat:2:3"), ("group", ""), ("body", "Em An chưa biết lập bảng giá trị")],
        )
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER, "{}", note.body);
    let board = app.login("dieuphoi_a").await;
    let group_note = post(
        &board,
        &format!("{base}/notes"),
        &[("time_kind", "lesson".into()), ("time", "12:05".into()), ("target", "group".into()), ("group", "Nhóm 2".into()), ("body", "Nhóm 2 chia việc rõ ràng".into())],
    )
    .await;
    assert_eq!(group_note.status, StatusCode::BAD_REQUEST, "notes take multipart forms only");

    let page = board.get(&format!("{base}/observation")).await;
    assert!(page.body.contains("lúc 09:15:30"), "{}", page.body);
    assert!(page.body.contains("Hàng 2, ghế 3 – Nguyễn Văn An (Nhóm 2)"), "{}", page.body);
    assert!(page.body.contains("Em An chưa biết lập bảng giá trị"), "{}", page.body);
    assert!(page.body.contains("lop-hoc.png"), "{}", page.body);
    let photo: i64 = sqlx::query_scalar("SELECT id FROM attachments WHERE owner_kind = 'lesson_note'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(board.get(&format!("/attachments/{photo}")).await.status, StatusCode::OK);
    assert_eq!(app.login("cotcan_a1").await.get(&format!("/attachments/{photo}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(teacher.get(&format!("/attachments/{photo}")).await.status, StatusCode::OK, "the photographer");
    // A seat is self-service, so it shows the notes but not the photos of students.
    let colleague = app.login("cotcan_a1").await;
    let seat = colleague.post_form(&format!("/activities/{id}/register"), &[]).await;
    assert_eq!(seat.status, StatusCode::SEE_OTHER, "{}", seat.body);
    assert_eq!(colleague.get(&format!("/attachments/{photo}")).await.status, StatusCode::NOT_FOUND, "a seat without attendance");
    let colleague_id = caunoi_db::users::id_by_username(&app.db, "cotcan_a1").await.unwrap();
    let organiser = caunoi_db::users::id_by_username(&app.db, "dieuphoi_a").await.unwrap();
    caunoi_db::activities::attendance::mark(&app.db, id, &[colleague_id], &[], organiser).await.unwrap();
    assert_eq!(colleague.get(&format!("/attachments/{photo}")).await.status, StatusCode::OK, "marked present");

    let cases: Vec<NoteCase> = vec![
        (vec![("time_kind", "clock"), ("time", "25:61"), ("target", "seat:1:1"), ("body", "Ghi chép giữ lại")], PNG, "«Thời điểm»: “25:61” không hợp lệ"),
        (vec![("time_kind", "lesson"), ("time", "301"), ("target", "seat:1:1"), ("body", "Ghi chép giữ lại")], PNG, "«Thời điểm»: “301” không hợp lệ"),
        (vec![("time_kind", "clock"), ("time", ""), ("target", "seat:9:9"), ("body", "Ghi chép giữ lại")], PNG, "«Ghi về»: “seat:9:9” không hợp lệ"),
        (vec![("time_kind", "clock"), ("time", ""), ("target", "group"), ("group", ""), ("body", "Ghi chép giữ lại")], PNG, "Chưa nhập «Tên nhóm»"),
        (vec![("time_kind", "clock"), ("time", ""), ("target", "seat:1:1"), ("body", "Ghi chép giữ lại")], PDF, "Tệp «lop-hoc.png» không phải ảnh"),
    ];
    for (fields, bytes, expected) in cases {
        let response = teacher.post_file(&format!("{base}/notes"), "lop-hoc.png", bytes, &fields).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{expected}");
        assert!(response.body.contains(expected), "expected “{expected}” in {}", response.body);
        assert!(response.body.contains("Ghi chép giữ lại"), "typed note lost: {expected}");
    }
    let empty = teacher.post_file(&format!("{base}/notes"), "a.png", PNG, &[("time_kind", "clock"), ("target", "seat:1:1"), ("body", " ")]).await;
    assert!(empty.body.contains("Chưa nhập «Điều quan sát được về việc học của học sinh»"), "{}", empty.body);
    let notes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lesson_observation_notes").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(notes, 1);
    let photos: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(photos, 1, "rejected notes keep no photo");
}

#[tokio::test]
async fn analysis_forms_summary_and_close() {
    let app = TestApp::spawn().await;
    let id = lesson_study(&app).await;
    let base = format!("/activities/{id}/lesson-study");
    let teacher = app.login("giaovien_a1").await;
    let board = app.login("dieuphoi_a").await;

    let page = teacher.get(&format!("{base}/analysis")).await;
    assert!(page.body.contains("Mức độ phù hợp của chuỗi hoạt động học với mục tiêu"), "{}", page.body);
    assert!(page.body.contains("CV 5555/BGDĐT-GDTrH"), "sources are shown: {}", page.body);
    let empty = post(&teacher, &format!("{base}/analysis"), &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Chưa nhập «Nhận xét về tiêu chí “Mức độ phù hợp của chuỗi hoạt động học"), "{}", empty.body);
    let long = post(&teacher, &format!("{base}/analysis"), &[("comment_moet-2", "x".repeat(3_001)), ("comment_moet-1", "Giữ ý này".into())]).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long.body.contains("dài 3001 ký tự, vượt mức tối đa 3000 ký tự"), "{}", long.body);
    assert!(long.body.contains("Giữ ý này"), "typed comment lost");

    let saved = post(&teacher, &format!("{base}/analysis"), &[("comment_moet-1", "Chuỗi hoạt động phù hợp mục tiêu.".into())]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let mine = post(&board, &format!("{base}/analysis"), &[("comment_moet-10", "Học sinh hợp tác tích cực.".into())]).await;
    assert_eq!(mine.status, StatusCode::SEE_OTHER, "{}", mine.body);
    let criteria = post(&board, &format!("{base}/criteria"), &[("action", "save".into()), ("criteria", "Tiêu chí riêng".into())]).await;
    assert_eq!(criteria.status, StatusCode::CONFLICT);
    let shared = board.get(&format!("{base}/analysis")).await;
    assert!(shared.body.contains("Chuỗi hoạt động phù hợp mục tiêu."), "{}", shared.body);

    let missing = post(&board, &format!("{base}/summary"), &[("conclusions", "Học sinh tích cực".into()), ("lessons_to_apply", " ".into())]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("Chưa nhập «Bài học vận dụng vào bài dạy hằng ngày»"), "{}", missing.body);
    assert!(missing.body.contains("Học sinh tích cực"), "typed conclusions lost");
    let long_secretary = post(&board, &format!("{base}/summary"), &[("conclusions", "Học sinh tích cực".into()), ("lessons_to_apply", "Luyện tập".into()), ("secretary", "T".repeat(121))]).await;
    assert_eq!(long_secretary.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long_secretary.body.contains("«Thư ký (ký biên bản cùng người chủ trì)» dài 121 ký tự, vượt mức tối đa 120 ký tự"), "{}", long_secretary.body);
    let early_close = board.post_form(&format!("{base}/close"), &[]).await;
    assert_eq!(early_close.status, StatusCode::CONFLICT);
    let summary = post(&board, &format!("{base}/summary"), &[("conclusions", "Học sinh tích cực".into()), ("lessons_to_apply", "Tăng thời gian luyện tập nhóm".into())]).await;
    assert_eq!(summary.status, StatusCode::SEE_OTHER, "{}", summary.body);
    assert_eq!(board.post_form(&format!("{base}/close"), &[]).await.status, StatusCode::SEE_OTHER);

    let late = post(&teacher, &format!("{base}/analysis"), &[("comment_moet-1", "Sửa muộn".into())]).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.body.contains("Kết luận đã được chốt"), "{}", late.body);
    let overview = teacher.get(&base).await;
    assert!(overview.body.contains("Tăng thời gian luyện tập nhóm"), "step 4 shows the lessons to apply: {}", overview.body);
}

#[tokio::test]
async fn analysis_criteria_set_by_organiser() {
    let app = TestApp::spawn().await;
    let id = lesson_study(&app).await;
    let base = format!("/activities/{id}/lesson-study");
    let board = app.login("dieuphoi_a").await;

    let repeated = post(&board, &format!("{base}/criteria"), &[("action", "save".into()), ("criteria", "# Học sinh\nHọc sinh hợp tác\nHọc sinh hợp tác".into())]).await;
    assert_eq!(repeated.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(repeated.body.contains("Tiêu chí bị lặp lại"), "{}", repeated.body);
    let empty = post(&board, &format!("{base}/criteria"), &[("action", "save".into()), ("criteria", "# Chỉ có nhóm".into())]).await;
    assert!(empty.body.contains("Chưa nhập «Tiêu chí»"), "{}", empty.body);
    let own = post(&board, &format!("{base}/criteria"), &[("action", "save".into()), ("criteria", "# Học sinh\nHọc sinh hợp tác khi làm nhiệm vụ".into())]).await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.body);
    let page = board.get(&format!("{base}/analysis")).await;
    assert!(page.body.contains("comment_custom-1"), "{}", page.body);
    assert!(page.body.contains("tiêu chí do nhóm đặt"), "{}", page.body);
    let reset = post(&board, &format!("{base}/criteria"), &[("action", "reset".into())]).await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    assert!(board.get(&format!("{base}/analysis")).await.body.contains("comment_moet-12"));
    let teacher = app.login("giaovien_a1").await;
    assert_eq!(post(&teacher, &format!("{base}/criteria"), &[("action", "reset".into())]).await.status, StatusCode::FORBIDDEN);
}

/// Reads `word/document.xml` out of a .docx.
fn document_xml(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip");
    let mut xml = String::new();
    archive.by_name("word/document.xml").expect("document.xml").read_to_string(&mut xml).expect("utf-8");
    xml
}

#[tokio::test]
async fn minutes_docx_and_sending_to_board() {
    let app = TestApp::spawn().await;
    let id = lesson_study(&app).await;
    let base = format!("/activities/{id}/lesson-study");
    let teacher_id = users::id_by_username(&app.db, "giaovien_a1").await.unwrap();
    let organiser_id = users::id_by_username(&app.db, "dieuphoi_a").await.unwrap();
    attendance::mark(&app.db, id, &[teacher_id], &[], organiser_id).await.unwrap();
    let board = app.login("dieuphoi_a").await;
    let teacher = app.login("giaovien_a1").await;
    post(&teacher, &format!("{base}/plan"), &plan_fields(0, "Hàm số bậc nhất", &[])).await;
    post(&teacher, &format!("{base}/analysis"), &[("comment_moet-1", "Chuỗi hoạt động phù hợp.".into())]).await;
    post(&board, &format!("{base}/summary"), &[("conclusions", "Học sinh chủ động".into()), ("lessons_to_apply", "Giao nhiệm vụ rõ hơn".into()), ("secretary", "Phạm Thị Ban".into())]).await;

    let api = app.api_as("giaovien_a1").await;
    let response = api.get(&format!("/api/v1/activities/{id}/lesson-study/minutes.docx")).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    );
    let xml = minutes_xml(&app, &format!("/activities/{id}/lesson-study/minutes.docx"), "giaovien_a1").await;
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BAN ĐIỀU PHỐI CỤM A",
        "BIÊN BẢN SINH HOẠT CHUYÊN MÔN THEO NGHIÊN CỨU BÀI HỌC",
        "Thành phố Hồ Chí Minh, ngày ",
        "1. Bùi Thị Giáo",
        "Tên bài dạy: Hàm số bậc nhất",
        "Mức độ phù hợp của chuỗi hoạt động học",
        "Bùi Thị Giáo: Chuỗi hoạt động phù hợp.",
        "Học sinh chủ động",
        "Giao nhiệm vụ rõ hơn",
        "CHỦ TRÌ",
        "THƯ KÝ",
        "Lê Văn Điều",
        "Phạm Thị Ban",
    ] {
        assert!(xml.contains(expected), "“{expected}” missing from document.xml");
    }

    let early = board.post_form(&format!("{base}/minutes/send"), &[]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(early.body.contains("kết luận chưa được chốt"), "{}", early.body);
    board.post_form(&format!("{base}/close"), &[]).await;
    assert_eq!(teacher.post_form(&format!("{base}/minutes/send"), &[]).await.status, StatusCode::FORBIDDEN);
    let sent = board.post_form(&format!("{base}/minutes/send"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let member = app.login("bandieuphoi_a").await;
    let inbox = member.get("/notifications").await;
    assert!(inbox.body.contains("Biên bản nghiên cứu bài học “Nghiên cứu bài học: Hàm số bậc nhất”"), "{}", inbox.body);
    let attachment: i64 = sqlx::query_scalar("SELECT attachment_id FROM lesson_minutes_sent").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(member.get(&format!("/attachments/{attachment}")).await.status, StatusCode::OK);
    assert_eq!(app.login("hieutruong_b1").await.get(&format!("/attachments/{attachment}")).await.status, StatusCode::NOT_FOUND);
    let overview = board.get(&base).await;
    assert!(overview.body.contains("Đã gửi Cụm A – Lê Văn Điều"), "{}", overview.body);
}

/// Downloads minutes through a raw request, since the harness decodes bodies as text.
async fn minutes_xml(app: &TestApp, path: &str, username: &str) -> String {
    use axum::body::Body;
    use axum::http::{Request, header};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let id = users::id_by_username(&app.db, username).await.unwrap();
    let token = caunoi_db::security::create_api_token(&app.db, id, "test").await.unwrap();
    let request = Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    document_xml(&bytes)
}

#[tokio::test]
async fn minutes_of_a_school_reach_its_cluster_board() {
    let app = TestApp::spawn().await;
    let id = activity(&app, "hieutruong_a1", &format!("school:{}", app.world.school_a1), "lesson_study").await;
    let base = format!("/activities/{id}/lesson-study");
    let leader = app.login("hieutruong_a1").await;
    post(&leader, &format!("{base}/summary"), &[("conclusions", "Kết luận".into()), ("lessons_to_apply", "Vận dụng".into())]).await;
    leader.post_form(&format!("{base}/close"), &[]).await;
    let member = app.login("bandieuphoi_a").await;
    assert_eq!(member.get(&base).await.status, StatusCode::NOT_FOUND, "the board is not in a school's group");

    let sent = leader.post_form(&format!("{base}/minutes/send"), &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let attachment: i64 = sqlx::query_scalar("SELECT attachment_id FROM lesson_minutes_sent").fetch_one(&app.db.pool).await.unwrap();
    let cluster: i64 = sqlx::query_scalar("SELECT cluster_id FROM lesson_minutes_sent").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(cluster, app.world.cluster_a);
    assert_eq!(member.get(&format!("/attachments/{attachment}")).await.status, StatusCode::OK);
}

/// A JSON client with a bearer token.
struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

async fn api<'a>(app: &'a TestApp, username: &str) -> Api<'a> {
    let id = users::id_by_username(&app.db, username).await.expect("user");
    let token = caunoi_db::security::create_api_token(&app.db, id, "test").await.expect("token");
    Api { app, token }
}

impl Api<'_> {
    async fn send(&self, method: &str, path: &str, body: Option<&serde_json::Value>) -> TestResponse {
        use axum::body::Body;
        use axum::http::{Request, header};
        let builder = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        let request = match body {
            Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.app.send(request.expect("request")).await
    }

    async fn get(&self, path: &str) -> TestResponse {
        self.send("GET", path, None).await
    }

    async fn post_json(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.send("POST", path, Some(body)).await
    }

    async fn put_json(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.send("PUT", path, Some(body)).await
    }
}

#[tokio::test]
async fn lesson_study_api_round_trip() {
    let app = TestApp::spawn().await;
    let id = lesson_study(&app).await;
    let base = format!("/api/v1/activities/{id}/lesson-study");
    let teacher = api(&app, "giaovien_a1").await;
    let board = api(&app, "dieuphoi_a").await;

    let overview = teacher.get(&base).await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    let body = overview.json();
    assert_eq!(body["criteria"].as_array().map(Vec::len), Some(12));
    assert_eq!(body["can_contribute"], true);
    assert_eq!(body["can_lead"], false);

    let created = teacher.post_json(&format!("{base}/plan/versions"), &json!({"based_on": 0, "note": "API", "fields": {"title": "Hàm số", "activity2_content": "Đọc SGK"}})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.json()["version"], 1);
    assert_eq!(created.json()["fields"]["activity2_content"], "Đọc SGK");
    let stale = board.post_json(&format!("{base}/plan/versions"), &json!({"based_on": 0, "fields": {"title": "Khác"}})).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.json()["error"]["message"].as_str().unwrap_or("").contains("phiên bản 1"), "{}", stale.body);
    let unknown = teacher.post_json(&format!("{base}/plan/versions"), &json!({"based_on": 1, "fields": {"tieu_de": "x"}})).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.body.contains("tieu_de"), "{}", unknown.body);
    let listed = teacher.get(&format!("{base}/plan/versions")).await;
    assert_eq!(listed.json()["total"], 1);

    let bad_note = teacher.post_json(&format!("{base}/notes"), &json!({"time_kind": "lesson", "time": "abc", "target": "group", "group": "Nhóm 1", "body": "x"})).await;
    assert_eq!(bad_note.status, StatusCode::BAD_REQUEST);
    assert!(bad_note.body.contains("“abc” không hợp lệ"), "{}", bad_note.body);
    let note = teacher.post_json(&format!("{base}/notes"), &json!({"time_kind": "lesson", "time": "7:05", "target": "group", "group": "Nhóm 1", "body": "Nhóm 1 thảo luận"})).await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    let notes = board.get(&format!("{base}/notes")).await;
    assert_eq!(notes.json()["items"][0]["time"], "07:05");
    assert_eq!(notes.json()["items"][0]["time_seconds"], 425);

    let analysis = teacher.put_json(&format!("{base}/analysis"), &json!({"comments": {"moet-3": "Học liệu phù hợp"}})).await;
    assert_eq!(analysis.status, StatusCode::NO_CONTENT, "{}", analysis.body);
    let bad_key = teacher.put_json(&format!("{base}/analysis"), &json!({"comments": {"moet-99": "x"}})).await;
    assert_eq!(bad_key.status, StatusCode::BAD_REQUEST);
    assert_eq!(teacher.put_json(&format!("{base}/summary"), &json!({"conclusions": "a", "lessons_to_apply": "b"})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(board.put_json(&format!("{base}/summary"), &json!({"conclusions": "a", "lessons_to_apply": "b"})).await.status, StatusCode::NO_CONTENT);

    let document = app.anonymous().get("/api/openapi.json").await.json();
    for path in ["/api/v1/activities/{id}/lesson-study", "/api/v1/activities/{id}/lesson-study/plan/versions", "/api/v1/activities/{id}/lesson-study/minutes/send"] {
        assert!(document["paths"][path].is_object(), "{path} missing from the OpenAPI document");
    }
}

#[tokio::test]
async fn cancelled_lesson_study_is_read_only() {
    let app = TestApp::spawn().await;
    let id = lesson_study(&app).await;
    let base = format!("/activities/{id}/lesson-study");
    let teacher = app.login("giaovien_a1").await;
    let board = app.login("dieuphoi_a").await;
    post(&teacher, &format!("{base}/plan"), &plan_fields(0, "Hàm số bậc nhất", &[])).await;

    let cancelled = post(&board, &format!("/activities/{id}/cancel"), &[("reason", "Trùng lịch kiểm tra học kỳ".into())]).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER, "{}", cancelled.body);

    let page = teacher.get(&format!("{base}/plan")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Hàm số bậc nhất"), "{}", page.body);
    assert!(!page.body.contains("Lưu thành phiên bản mới"), "a cancelled plan offers no save");
    let save = post(&teacher, &format!("{base}/plan"), &plan_fields(1, "Sửa sau khi hủy", &[])).await;
    assert_eq!(save.status, StatusCode::CONFLICT);
    assert!(save.body.contains("Hoạt động đã bị hủy"), "{}", save.body);
    let summary = post(&board, &format!("{base}/summary"), &[("conclusions", "a".into()), ("lessons_to_apply", "b".into())]).await;
    assert_eq!(summary.status, StatusCode::CONFLICT);
    let versions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lesson_plan_versions").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(versions, 1);
}
