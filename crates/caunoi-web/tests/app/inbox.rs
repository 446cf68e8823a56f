//! The receiving side of directives: a school's inbox, the person's directives, the
//! directive page with its read marking, acknowledgement and forward, and the API.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_core::directive::{Audience, DirectiveKind};
use caunoi_core::org::{Ownership, Role, SchoolLevel};
use caunoi_db::directives::{self, DirectiveInput};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::{now_ms, users};
use serde_json::Value;

use crate::harness::{TestApp, TestResponse, urlencode};

pub const NUMBER: &str = "1581/SGDĐT-GDTrH";
pub const TITLE: &str = "Hướng dẫn kiểm tra giữa kỳ môn Ngữ văn";
const HOUR_MS: i64 = 3_600_000;

/// Two lower-secondary schools besides Đồng Khởi (cluster B): one in cluster A, one in B.
pub struct Extra {
    pub minh_duc: i64,
    pub van_lang: i64,
}

pub async fn add_lower_secondary(app: &TestApp) -> Extra {
    let school = |commune: &str, name: &str, key: &str| NewSchool {
        province_code: "79".into(),
        commune_code: Some(commune.into()),
        name: name.into(),
        level: SchoolLevel::LowerSecondary,
        ownership: Ownership::Public,
        moet_code: None,
        former_district: None,
        import_key: key.into(),
        is_generated: false,
    };
    let w = &app.world;
    schools::insert_many(
        &app.db,
        &[
            school(&w.commune_a2, "Trường THCS Minh Đức", "t:minhduc"),
            school(&w.commune_b1, "Trường THCS Văn Lang", "t:vanlang"),
        ],
    )
    .await
    .expect("schools");
    let id = |key: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT id FROM schools WHERE import_key = $1")
            .bind(key)
            .fetch_one(&app.db.pool)
            .await
            .expect("school id")
    };
    Extra { minh_duc: id("t:minhduc").await, van_lang: id("t:vanlang").await }
}

/// Publishes a dispatch of the department specialist and returns its id.
pub async fn send(app: &TestApp, number: &str, title: &str, audience: Audience, deadline: Option<i64>) -> i64 {
    let specialist = users::id_by_username(&app.db, "chuyenvien").await.expect("specialist");
    let input = DirectiveInput {
        kind: DirectiveKind::Dispatch,
        number_symbol: number.into(),
        issuing_body: "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh".into(),
        signer: "Nguyễn Văn Hiếu".into(),
        issued_on: chrono::NaiveDate::from_ymd_opt(2026, 9, 5),
        title: title.into(),
        summary: "Tổ chức kiểm tra giữa học kỳ I theo ma trận đề thống nhất.".into(),
        body: "Các trường tổ chức kiểm tra trong tuần 9.\nBáo cáo kết quả về Sở.".into(),
        ack_deadline: deadline,
        remind_before_min: 24 * 60,
        audience,
    };
    let id = directives::create_draft(&app.db, "79", None, &input, specialist).await.expect("draft");
    directives::publish(&app.db, id, specialist, &app.world.year).await.expect("publish");
    id
}

/// Publishes to the lower-secondary schools of clusters A and B, with a deadline in three days.
pub async fn send_story(app: &TestApp) -> i64 {
    let w = &app.world;
    let audience =
        Audience { clusters: vec![w.cluster_a, w.cluster_b], levels: vec![SchoolLevel::LowerSecondary], ..Audience::default() };
    send(app, NUMBER, TITLE, audience, Some(now_ms() + 72 * HOUR_MS)).await
}

/// Returns the rows of the page's first table body.
pub fn table_rows(body: &str) -> &str {
    let start = body.find("<tbody>").unwrap_or(body.len());
    let end = body.find("</tbody>").unwrap_or(body.len());
    &body[start..end.max(start)]
}

pub async fn user_id(app: &TestApp, username: &str) -> i64 {
    users::id_by_username(&app.db, username).await.expect("user")
}

async fn recipient(app: &TestApp, directive: i64, school: i64) -> (Option<i64>, Option<i64>, Option<i64>, Option<String>) {
    sqlx::query_as("SELECT read_at, read_by, acknowledged_at, ack_note FROM directive_recipients WHERE directive_id = $1 AND school_id = $2")
        .bind(directive)
        .bind(school)
        .fetch_one(&app.db.pool)
        .await
        .expect("recipient row")
}

async fn receipts(app: &TestApp, directive: i64, event: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM directive_receipts WHERE directive_id = $1 AND event = $2")
        .bind(directive)
        .bind(event)
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
}

/// Sends a JSON body to the API as a non-browser client would.
async fn post_json(app: &TestApp, username: &str, path: &str, body: &str) -> TestResponse {
    let id = user_id(app, username).await;
    let token = caunoi_db::security::create_api_token(&app.db, id, "test").await.expect("token");
    let request = Request::post(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .expect("request");
    app.send(request).await
}

#[tokio::test]
async fn story_read_ack_tracked() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let extra = add_lower_secondary(&app).await;
    let id = send_story(&app).await;
    let leader = app.login("hieutruong_b1").await;
    let specialist = app.login("chuyenvien").await;

    let inbox = leader.get(&format!("/schools/{}/inbox", w.school_b1)).await;
    assert_eq!(inbox.status, StatusCode::OK);
    let rows = table_rows(&inbox.body);
    assert!(rows.contains(TITLE), "directive missing from the inbox:\n{}", inbox.body);
    assert!(rows.contains("Chưa mở"), "status badge missing");
    assert!(rows.contains(r#"class="unread""#), "unread row not marked");
    assert!(rows.contains(&caunoi_web::i18n::datetime(directives::get(&app.db, id).await.unwrap().ack_deadline.unwrap())));

    let before = specialist.get(&format!("/directives/{id}/tracking")).await;
    assert_eq!(before.status, StatusCode::OK);
    assert_eq!(counts(&before.body), [3, 0, 0, 0, 3]);

    let page = leader.get(&format!("/directives/{id}/view")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(TITLE), "title missing");
    assert!(page.body.contains(NUMBER), "number missing");
    assert!(page.body.contains("Nguyễn Văn Hiếu"), "signer missing");
    assert!(page.body.contains("05/09/2026"), "issue date missing");
    assert!(!page.body.contains(&format!("/directives/{id}/tracking")), "a school leader is offered the tracking page");
    let sender_view = specialist.get(&format!("/directives/{id}/view")).await;
    assert!(sender_view.body.contains(&format!("/directives/{id}/tracking")), "tracking link missing for the sender");
    let (read_at, read_by, acknowledged_at, _) = recipient(&app, id, w.school_b1).await;
    assert!(read_at.is_some(), "opening did not mark the school read");
    assert_eq!(read_by, Some(user_id(&app, "hieutruong_b1").await));
    assert!(acknowledged_at.is_none());

    let read = specialist.get(&format!("/directives/{id}/tracking")).await;
    assert_eq!(counts(&read.body), [2, 1, 0, 0, 3]);

    let note = "Nhà trường đã phổ biến tới các tổ chuyên môn.";
    let school = w.school_b1.to_string();
    let ack = leader.post_form(&format!("/directives/{id}/acknowledge"), &[("school", &school), ("note", note)]).await;
    assert_eq!(ack.status, StatusCode::SEE_OTHER, "{}", ack.body);
    let after = leader.get(ack.location().unwrap()).await;
    assert!(after.body.contains("Đã xác nhận văn bản cho nhà trường."), "{}", after.body);
    assert!(after.body.contains(note));

    let tracked = specialist.get(&format!("/directives/{id}/tracking")).await;
    assert_eq!(counts(&tracked.body), [2, 0, 1, 0, 3]);
    let rows = &tracked.body[tracked.body.find(r#"id="schools""#).unwrap()..];
    assert!(rows.contains(note), "acknowledgement note missing from the list");
    assert!(rows.contains("Trường THCS Đồng Khởi"));
    assert!(rows.contains("Trường THCS Minh Đức"));
    assert!(rows.contains("Trường THCS Văn Lang"));
    assert!(!rows.contains("Trường THPT Trưng Vương"), "a school outside the audience is listed");
    for school in [extra.minh_duc, extra.van_lang] {
        assert_eq!(recipient(&app, id, school).await.2, None, "another school's status changed");
    }
}

/// Reads the five overall counts (not opened, read, acknowledged, overdue, total) from
/// the tracking page's cards.
pub fn counts(body: &str) -> [i64; 5] {
    let start = body.find(r#"class="cards tracking-counts""#).expect("counts cards");
    let cards = &body[start..];
    let mut values = [0; 5];
    let mut rest = cards;
    for value in &mut values {
        let at = rest.find(r#"<div class="stat">"#).expect("stat");
        rest = &rest[at + r#"<div class="stat">"#.len()..];
        let end = rest.find('<').unwrap();
        *value = rest[..end].replace('.', "").parse().expect("number");
    }
    values
}

#[tokio::test]
async fn outsider_sees_nothing() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    add_lower_secondary(&app).await;
    let id = send_story(&app).await;
    // Trưng Vương (A1) is an upper-secondary school, so the audience leaves it out.
    let outsider = app.login("hieutruong_a1").await;

    let inbox = outsider.get(&format!("/schools/{}/inbox", w.school_a1)).await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(!inbox.body.contains(TITLE), "listed for a school outside the audience");
    let search = outsider.get(&format!("/schools/{}/inbox?q=1581", w.school_a1)).await;
    assert!(!search.body.contains(TITLE), "found by search outside the audience");
    let mine = outsider.get("/me/directives?q=kiem+tra").await;
    assert!(!mine.body.contains(TITLE));

    for username in ["hieutruong_a1", "hieutruong_a2", "giaovien_a1", "chuyenvien_hn", "hieutruong_hn"] {
        let page = app.login(username).await.get(&format!("/directives/{id}/view")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{username}");
    }
    let with_school = outsider.get(&format!("/directives/{id}/view?school={}", w.school_a1)).await;
    assert_eq!(with_school.status, StatusCode::NOT_FOUND);
    assert_eq!(outsider.get(&format!("/directives/{id}/tracking")).await.status, StatusCode::NOT_FOUND);
    let school = w.school_a1.to_string();
    let ack = outsider.post_form(&format!("/directives/{id}/acknowledge"), &[("school", &school)]).await;
    assert_eq!(ack.status, StatusCode::NOT_FOUND);

    let api = app.api_as("hieutruong_a1").await;
    let listed = api.get(&format!("/api/v1/inbox?school={}", w.school_a1)).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.json()["total"], 0);
    assert_eq!(api.get(&format!("/api/v1/directives/{id}/status")).await.status, StatusCode::NOT_FOUND);
    let body = format!(r#"{{"school": {}}}"#, w.school_a1);
    let posted = post_json(&app, "hieutruong_a1", &format!("/api/v1/directives/{id}/acknowledge"), &body).await;
    assert_eq!(posted.status, StatusCode::NOT_FOUND);
    assert!(recipient_count(&app, id, w.school_a1).await == 0);
}

async fn recipient_count(app: &TestApp, directive: i64, school: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM directive_recipients WHERE directive_id = $1 AND school_id = $2")
        .bind(directive)
        .bind(school)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn inbox_refuses_others() {
    let app = TestApp::spawn().await;
    let path = format!("/schools/{}/inbox", app.world.school_a1);
    for (username, expected) in [
        ("hieutruong_a1", StatusCode::OK),
        ("chuyenvien", StatusCode::OK),
        ("hieutruong_a2", StatusCode::NOT_FOUND),
        ("dieuphoi_a", StatusCode::NOT_FOUND),
        ("giaovien_a1", StatusCode::NOT_FOUND),
        ("chuyenvien_hn", StatusCode::NOT_FOUND),
        ("hieutruong_hn", StatusCode::NOT_FOUND),
    ] {
        let response = app.login(username).await.get(&path).await;
        assert_eq!(response.status, expected, "{username}");
    }
    let leader = app.login("hieutruong_a1").await;
    assert_eq!(leader.get("/schools/abc/inbox").await.status, StatusCode::NOT_FOUND);
    assert_eq!(leader.get("/schools/999999/inbox").await.status, StatusCode::NOT_FOUND);
    assert_eq!(leader.get("/directives/abc/view").await.status, StatusCode::NOT_FOUND);
    assert_eq!(leader.get("/directives/-3/view").await.status, StatusCode::NOT_FOUND);
    assert_eq!(leader.get("/directives/999999/tracking").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn inbox_order_search_filter() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let to_a1 = Audience { schools: vec![w.school_a1], ..Audience::default() };
    let first = send(&app, "12/SGDĐT-KHTC", "Kế hoạch bồi dưỡng thường xuyên", to_a1.clone(), None).await;
    let second = send(&app, "13/SGDĐT-GDTrH", "Đề kiểm tra Địa lý", to_a1.clone(), Some(now_ms() + HOUR_MS)).await;
    let leader = app.login("hieutruong_a1").await;
    leader.get(&format!("/directives/{first}/view")).await;

    let inbox = leader.get(&format!("/schools/{}/inbox", w.school_a1)).await;
    let rows = table_rows(&inbox.body);
    let (unread, read) = (rows.find("Đề kiểm tra Địa lý").unwrap(), rows.find("Kế hoạch bồi dưỡng").unwrap());
    assert!(unread < read, "unread directive not first");
    assert!(rows.contains("Đã đọc"));
    assert!(rows.contains("Chưa mở"));
    assert!(inbox.body.contains("2 văn bản"));

    let folded = leader.get(&format!("/schools/{}/inbox?q=dia+ly", w.school_a1)).await;
    assert!(table_rows(&folded.body).contains("Đề kiểm tra Địa lý"));
    assert!(!table_rows(&folded.body).contains("Kế hoạch bồi dưỡng"));
    let by_number = leader.get(&format!("/schools/{}/inbox?q={}", w.school_a1, urlencode("12/SGDĐT"))).await;
    assert!(table_rows(&by_number.body).contains("Kế hoạch bồi dưỡng"));
    assert!(!table_rows(&by_number.body).contains("Đề kiểm tra Địa lý"));
    assert!(by_number.body.contains(r#"value="12/SGDĐT""#), "search text not kept");

    let read_only = leader.get(&format!("/schools/{}/inbox?status=read", w.school_a1)).await;
    assert!(table_rows(&read_only.body).contains("Kế hoạch bồi dưỡng"));
    assert!(!table_rows(&read_only.body).contains("Đề kiểm tra Địa lý"));

    let bad = leader.get(&format!("/schools/{}/inbox?status=lost&page=x", w.school_a1)).await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.body.contains("Trạng thái “lost” không có"), "{}", bad.body);
    assert!(bad.body.contains("Số trang “x” không hợp lệ"));
    let past = leader.get(&format!("/schools/{}/inbox?page=9", w.school_a1)).await;
    assert!(past.body.contains("Không có trang 9"));
    let _ = second;
}

#[tokio::test]
async fn first_open_marks_once() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let audience = Audience { schools: vec![w.school_a1], roles: vec![Role::CoreTeacher], ..Audience::default() };
    let id = send(&app, NUMBER, TITLE, audience, None).await;

    let core = app.login("cotcan_a1").await;
    assert_eq!(core.get(&format!("/directives/{id}/view")).await.status, StatusCode::OK);
    assert!(recipient(&app, id, w.school_a1).await.0.is_none(), "a teacher's opening marked the school read");
    let specialist = app.login("chuyenvien").await;
    specialist.get(&format!("/directives/{id}/view?school={}", w.school_a1)).await;
    assert!(recipient(&app, id, w.school_a1).await.0.is_none(), "the sender's opening marked the school read");

    let leader = app.login("hieutruong_a1").await;
    leader.get(&format!("/directives/{id}/view")).await;
    let first = recipient(&app, id, w.school_a1).await.0;
    assert!(first.is_some());
    let path = format!("/directives/{id}/view");
    let (a, b) = tokio::join!(leader.get(&path), leader.get(&path));
    assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(recipient(&app, id, w.school_a1).await.0, first, "a later opening moved the read time");
    assert_eq!(receipts(&app, id, "read").await, 1);
}

#[tokio::test]
async fn opening_reads_its_notification() {
    let app = TestApp::spawn().await;
    let id = send(&app, NUMBER, TITLE, Audience { schools: vec![app.world.school_a1], ..Audience::default() }, None).await;
    let leader = app.login("hieutruong_a1").await;
    let unread = "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
                  WHERE u.username = 'hieutruong_a1' AND n.read_at IS NULL";
    let before: i64 = sqlx::query_scalar(unread).fetch_one(&app.db.pool).await.unwrap();

    leader.get(&format!("/directives/{id}/view")).await;

    let after: i64 = sqlx::query_scalar(unread).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(before, 1);
    assert_eq!(after, 0);
}

#[tokio::test]
async fn second_ack_is_noop() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let id = send(&app, NUMBER, TITLE, Audience { schools: vec![w.school_a1], ..Audience::default() }, None).await;
    let leader = app.login("hieutruong_a1").await;
    let school = w.school_a1.to_string();

    // Acknowledging without opening first also records the read.
    let first = leader.post_form(&format!("/directives/{id}/acknowledge"), &[("school", &school), ("note", "  ")]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let (read_at, _, acknowledged_at, note) = recipient(&app, id, w.school_a1).await;
    assert!(read_at.is_some(), "acknowledging did not record the read");
    assert!(acknowledged_at.is_some());
    assert_eq!(note, None, "a blank note is stored as none");

    let second = leader.post_form(&format!("/directives/{id}/acknowledge"), &[("school", &school), ("note", "lần hai")]).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    let page = leader.get(second.location().unwrap()).await;
    assert!(page.body.contains("Nhà trường đã xác nhận phiên bản này từ trước"), "{}", page.body);
    assert!(!page.body.contains("Xác nhận đã nhận văn bản</button>"), "the form is still offered");
    assert_eq!(recipient(&app, id, w.school_a1).await.2, acknowledged_at);
    assert_eq!(receipts(&app, id, "acknowledged").await, 1);
    assert_eq!(receipts(&app, id, "read").await, 1);
}

#[tokio::test]
async fn ack_refusals() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let id = send(&app, NUMBER, TITLE, Audience { schools: vec![w.school_a1], ..Audience::default() }, None).await;
    let path = format!("/directives/{id}/acknowledge");
    let a1 = w.school_a1.to_string();
    let a2 = w.school_a2.to_string();

    // Another school's leader, a teacher of the school, a leader naming another school.
    for (username, school) in [("hieutruong_a2", &a2), ("hieutruong_a2", &a1), ("cotcan_a1", &a1), ("hieutruong_a1", &a2)] {
        let response = app.login(username).await.post_form(&path, &[("school", school)]).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username} for school {school}");
    }
    let leader = app.login("hieutruong_a1").await;
    assert_eq!(leader.post_form(&path, &[("school", "abc")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(leader.post_form(&path, &[]).await.status, StatusCode::NOT_FOUND);
    assert!(recipient(&app, id, w.school_a1).await.2.is_none());

    let long = "ý".repeat(2_001);
    let too_long = leader.post_form(&path, &[("school", &a1), ("note", &long)]).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.body.contains("Ghi chú dài 2001 ký tự, vượt quá 2000 ký tự"), "{}", too_long.body);
    assert!(too_long.body.contains(&long), "the typed note was lost");
    assert!(recipient(&app, id, w.school_a1).await.2.is_none());

    let specialist = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    directives::amend::withdraw(&app.db, id, "Ban hành nhầm", specialist).await.expect("withdraw");
    let withdrawn = leader.post_form(&path, &[("school", &a1), ("note", "ok")]).await;
    assert_eq!(withdrawn.status, StatusCode::CONFLICT);
    assert!(withdrawn.body.contains("Văn bản này đã bị thu hồi nên không thể xác nhận"), "{}", withdrawn.body);
    assert!(recipient(&app, id, w.school_a1).await.2.is_none());
    let inbox = leader.get(&format!("/schools/{}/inbox", w.school_a1)).await;
    assert!(table_rows(&inbox.body).contains("Đã thu hồi"));
}

#[tokio::test]
async fn teacher_sees_targeted_or_forwarded() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let to_core = Audience { schools: vec![w.school_a1], roles: vec![Role::CoreTeacher], ..Audience::default() };
    let targeted = send(&app, "20/SGDĐT-GDTrH", "Tập huấn giáo viên cốt cán", to_core, None).await;
    let plain = send(&app, "21/SGDĐT-GDTrH", "Lịch thi học kỳ", Audience { schools: vec![w.school_a1], ..Audience::default() }, None).await;

    let core = app.login("cotcan_a1").await;
    let teacher = app.login("giaovien_a1").await;
    let core_list = core.get("/me/directives").await;
    assert!(table_rows(&core_list.body).contains("Tập huấn giáo viên cốt cán"));
    assert!(!table_rows(&core_list.body).contains("Lịch thi học kỳ"));
    assert!(!table_rows(&teacher.get("/me/directives").await.body).contains("Tập huấn"));
    assert_eq!(teacher.get(&format!("/directives/{targeted}/view")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(teacher.get(&format!("/directives/{plain}/view")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(core.get(&format!("/directives/{plain}/view")).await.status, StatusCode::NOT_FOUND);

    let leader = app.login("hieutruong_a1").await;
    let leader_list = leader.get("/me/directives").await;
    assert!(table_rows(&leader_list.body).contains("Tập huấn"));
    assert!(table_rows(&leader_list.body).contains("Lịch thi"));

    let teacher_id = user_id(&app, "giaovien_a1").await.to_string();
    let school = w.school_a1.to_string();
    let forwarded = leader.post_form(&format!("/directives/{plain}/forward"), &[("school", &school), ("user", &teacher_id)]).await;
    assert_eq!(forwarded.status, StatusCode::SEE_OTHER, "{}", forwarded.body);
    let list = teacher.get("/me/directives").await;
    assert!(table_rows(&list.body).contains("Lịch thi học kỳ"));
    let page = teacher.get(&format!("/directives/{plain}/view")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("/acknowledge"), "a teacher is offered the acknowledgement");
    assert!(recipient(&app, plain, w.school_a1).await.0.is_none(), "a forwarded teacher's opening marked the school read");
}

#[tokio::test]
async fn forward_notifies_once() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let id = send(&app, NUMBER, TITLE, Audience { schools: vec![w.school_a1], ..Audience::default() }, None).await;
    let leader = app.login("hieutruong_a1").await;
    let path = format!("/directives/{id}/forward");
    let school = w.school_a1.to_string();
    let teacher = user_id(&app, "giaovien_a1").await;
    let core = user_id(&app, "cotcan_a1").await;

    let page = leader.get(&format!("/directives/{id}/view")).await;
    assert!(page.body.contains(&format!(r#"name="user" value="{teacher}""#)), "colleague missing from the form");
    assert!(page.body.contains("Bùi Thị Giáo"));

    let empty = leader.post_form(&path, &[("school", &school)]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Chưa chọn người nhận"));
    let stranger = user_id(&app, "hieutruong_b1").await.to_string();
    let outside = leader.post_form(&path, &[("school", &school), ("user", &stranger)]).await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(outside.body.contains(&format!("Người nhận có mã “{stranger}” không thuộc trường này")), "{}", outside.body);

    let (t, c) = (teacher.to_string(), core.to_string());
    let sent = leader.post_form(&path, &[("school", &school), ("user", &t), ("user", &c)]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let done = leader.get(sent.location().unwrap()).await;
    assert!(done.body.contains("Đã chuyển văn bản cho 2 người"), "{}", done.body);
    let again = leader.post_form(&path, &[("school", &school), ("user", &t)]).await;
    let done = leader.get(again.location().unwrap()).await;
    assert!(done.body.contains("đều đã nhận văn bản này từ trước"), "{}", done.body);

    let notified: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND message_id = 'notify-directive-forwarded' AND link = $2",
    )
    .bind(teacher)
    .bind(format!("/directives/{id}/view"))
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(notified, 1);
    let forwards: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM directive_forwards WHERE directive_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(forwards, 2);

    for username in ["cotcan_a1", "hieutruong_a2", "chuyenvien_hn"] {
        let refused = app.login(username).await.post_form(&path, &[("school", &school), ("user", &t)]).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{username}");
    }
}

#[tokio::test]
async fn amended_asks_again() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let audience = Audience { schools: vec![w.school_a1], ..Audience::default() };
    let id = send(&app, NUMBER, TITLE, audience.clone(), None).await;
    let leader = app.login("hieutruong_a1").await;
    let school = w.school_a1.to_string();
    leader.post_form(&format!("/directives/{id}/acknowledge"), &[("school", &school)]).await;

    let specialist = user_id(&app, "chuyenvien").await;
    let mut input = DirectiveInput {
        kind: DirectiveKind::Dispatch,
        number_symbol: NUMBER.into(),
        issuing_body: "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh".into(),
        signer: "Nguyễn Văn Hiếu".into(),
        issued_on: None,
        title: TITLE.into(),
        summary: "Tóm tắt".into(),
        body: "Nội dung mới".into(),
        ack_deadline: None,
        remind_before_min: 60,
        audience,
    };
    input.title = format!("{TITLE} (sửa đổi)");
    directives::amend::amend(&app.db, id, &input, "Đổi lịch kiểm tra sang tuần 10", specialist).await.expect("amend");

    let inbox = leader.get(&format!("/schools/{}/inbox", w.school_a1)).await;
    assert!(table_rows(&inbox.body).contains("Phiên bản 2 — cần xác nhận lại"), "{}", inbox.body);
    let page = leader.get(&format!("/directives/{id}/view")).await;
    assert!(page.body.contains("Đổi lịch kiểm tra sang tuần 10"), "change note missing");
    assert!(page.body.contains("/acknowledge"), "acknowledgement not offered again");
    let again = leader.post_form(&format!("/directives/{id}/acknowledge"), &[("school", &school)]).await;
    assert!(again.location().unwrap().contains("done=acknowledged"));
    assert_eq!(receipts(&app, id, "acknowledged").await, 2);
}

#[tokio::test]
async fn leader_of_two_schools_chooses() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let leader_id = user_id(&app, "hieutruong_a1").await;
    users::grant(&app.db, leader_id, Role::SchoolLeader, &caunoi_core::org::Scope::School(w.school_a2), "79").await.unwrap();
    let id = send(&app, NUMBER, TITLE, Audience { schools: vec![w.school_a1, w.school_a2], ..Audience::default() }, None).await;
    let leader = app.login("hieutruong_a1").await;

    let page = leader.get(&format!("/directives/{id}/view")).await;
    assert!(page.body.contains(&format!("/directives/{id}/view?school={}", w.school_a2)), "no school choice");
    assert!(recipient(&app, id, w.school_a1).await.0.is_none(), "read marked without a chosen school");
    leader.get(&format!("/directives/{id}/view?school={}", w.school_a2)).await;
    assert!(recipient(&app, id, w.school_a2).await.0.is_some());
    assert!(recipient(&app, id, w.school_a1).await.0.is_none());

    let mine = leader.get("/me/directives").await;
    assert!(table_rows(&mine.body).contains("Trường Tiểu học Lê Ngọc Hân"));
    assert!(table_rows(&mine.body).contains("Trường THPT Trưng Vương"));
}

#[tokio::test]
async fn api_inbox_lists_school() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let id = send(&app, NUMBER, TITLE, Audience { schools: vec![w.school_a1], ..Audience::default() }, Some(now_ms() - HOUR_MS)).await;
    let api = app.api_as("hieutruong_a1").await;

    let listed = api.get(&format!("/api/v1/inbox?school={}", w.school_a1)).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let json = listed.json();
    assert_eq!(json["total"], 1);
    let item = &json["items"][0];
    assert_eq!(item["directive_id"], id);
    assert_eq!(item["number_symbol"], NUMBER);
    assert_eq!(item["status"], "overdue");
    assert_eq!(item["version"], 1);
    let searched = api.get(&format!("/api/v1/inbox?school={}&q=ngu+van&status=overdue", w.school_a1)).await;
    assert_eq!(searched.json()["total"], 1);
    let none = api.get(&format!("/api/v1/inbox?school={}&q=toan+hoc", w.school_a1)).await;
    assert_eq!(none.json()["total"], 0);

    let missing = api.get("/api/v1/inbox").await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(missing.json()["error"]["message"].as_str().unwrap().contains("school=42"));
    let bad_status = api.get(&format!("/api/v1/inbox?school={}&status=seen", w.school_a1)).await;
    assert_eq!(bad_status.status, StatusCode::BAD_REQUEST);
    assert_eq!(api.get("/api/v1/inbox?school=abc").await.status, StatusCode::BAD_REQUEST);
    for (username, school) in [("hieutruong_a1", w.school_a2), ("hieutruong_hn", w.school_a1), ("dieuphoi_a", w.school_a1)] {
        let response = app.api_as(username).await.get(&format!("/api/v1/inbox?school={school}")).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
    let specialist = app.api_as("chuyenvien").await.get(&format!("/api/v1/inbox?school={}", w.school_a1)).await;
    assert_eq!(specialist.json()["total"], 1);
}

#[tokio::test]
async fn api_acknowledge() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let id = send(&app, NUMBER, TITLE, Audience { schools: vec![w.school_a1], ..Audience::default() }, None).await;
    let path = format!("/api/v1/directives/{id}/acknowledge");
    let body = format!(r#"{{"school": {}, "note": "Đã nhận"}}"#, w.school_a1);

    let first = post_json(&app, "hieutruong_a1", &path, &body).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let json: Value = first.json();
    assert_eq!(json["already_acknowledged"], false);
    let at = json["acknowledged_at"].as_i64().unwrap();
    let second = post_json(&app, "hieutruong_a1", &path, &body).await;
    assert_eq!(second.json()["already_acknowledged"], true);
    assert_eq!(second.json()["acknowledged_at"], at);
    assert_eq!(recipient(&app, id, w.school_a1).await.3.as_deref(), Some("Đã nhận"));

    let bad = post_json(&app, "hieutruong_a1", &path, "{\"school\": \"x\"}").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.json()["error"]["message"].as_str().unwrap().contains("JSON"));
    for username in ["hieutruong_a2", "giaovien_a1", "hieutruong_hn", "dieuphoi_a"] {
        let refused = post_json(&app, username, &path, &body).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{username}");
    }

    let specialist = user_id(&app, "chuyenvien").await;
    directives::amend::withdraw(&app.db, id, "Ban hành nhầm", specialist).await.expect("withdraw");
    let withdrawn = post_json(&app, "hieutruong_a1", &path, &body).await;
    assert_eq!(withdrawn.status, StatusCode::CONFLICT);
    assert!(withdrawn.json()["error"]["message"].as_str().unwrap().contains("thu hồi"));
}
