//! Report submissions: the school's form (drafts, submission, problems, lateness),
//! review (forward, return, correct, accept), .xlsx workbooks, the signed scan,
//! completeness, reminders, the API, and refusals outside each person's scope.

use axum::http::StatusCode;
use caunoi_core::directive::Audience;
use caunoi_core::report::{SubmissionStatus, TableRow, TemplateDefinition, Value, Values};
use caunoi_db::reports::requests::{self, RequestInput};
use caunoi_db::reports::submissions::{self, Save, Source};
use caunoi_db::reports::templates::{self, NewTemplate};
use caunoi_db::reports::workbook::{self, Header};
use caunoi_db::reports::{reminders, review};
use caunoi_db::{now_ms, users};
use serde_json::json;

use crate::harness::{TestApp, TestResponse};

/// Sends a JSON body with a fresh bearer token of a person.
async fn send_json(app: &TestApp, user: &str, method: &str, url: &str, body: &serde_json::Value) -> TestResponse {
    let id = users::id_by_username(&app.db, user).await.expect("user");
    let token = caunoi_db::security::create_api_token(&app.db, id, "test").await.expect("token");
    let request = axum::http::Request::builder()
        .method(method)
        .uri(url)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .expect("request");
    app.send(request).await
}

const HOUR: i64 = 3_600_000;

fn definition() -> TemplateDefinition {
    serde_json::from_value(json!({
        "sections": [{
            "key": "hs", "title": "Học sinh", "help": "Số liệu đến cuối học kì.",
            "fields": [
                {"key": "tong", "label": "Tổng số học sinh", "type": "integer", "required": true, "min": 0},
                {"key": "khoi", "label": "Số liệu theo khối lớp", "type": "table",
                 "rows": {"mode": "fixed", "rows": [{"key": "k10", "label": "Lớp 10"}, {"key": "k11", "label": "Lớp 11"}]},
                 "columns": [
                    {"key": "lop", "label": "Số lớp", "kind": "integer"},
                    {"key": "hs", "label": "Số học sinh", "kind": "integer", "required": true},
                    {"key": "nu", "label": "Học sinh nữ", "kind": "integer"}
                 ]},
                {"key": "ghichu", "label": "Ghi chú", "type": "text"}
            ]
        }],
        "rules": [
            {"rule": "at_most", "left": "khoi.nu", "right": "khoi.hs"},
            {"rule": "sum_equals", "parts": ["khoi.*.hs"], "total": "tong"}
        ]
    }))
    .expect("definition")
}

/// Publishes a department request to every school of Ho Chi Minh City with the given
/// deadline, open since an hour ago.
async fn publish(app: &TestApp, deadline_at: i64) -> (i64, i64) {
    let specialist = users::id_by_username(&app.db, "chuyenvien").await.expect("user");
    let def = definition();
    let new = NewTemplate { province: "79", cluster: None, name: "Thống kê học kì I", description: "", definition: &def, created_by: specialist };
    let (_, version) = templates::create(&app.db, &new).await.expect("template");
    let input = RequestInput {
        template_version_id: version,
        title: "Thống kê học kì I".into(),
        instructions: String::new(),
        period_kind: "semester".into(),
        period_label: "Học kì I".into(),
        period_start: "2026-09-01".into(),
        period_end: "2027-01-15".into(),
        audience: Audience { clusters: vec![app.world.cluster_a, app.world.cluster_b], ..Audience::default() },
        opens_at: (now_ms() - HOUR).min(deadline_at - 24 * HOUR),
        deadline_at,
        remind_before_hours: 48,
    };
    let id = requests::create_draft(&app.db, "79", None, &app.world.year, &input, specialist).await.expect("draft");
    requests::publish(&app.db, id, specialist).await.expect("publish");
    (id, version)
}

fn good_values(total: i64) -> Values {
    let row = |key: &str, hs: i64, nu: i64| TableRow {
        key: key.into(),
        cells: [("hs".to_owned(), Value::Integer(hs)), ("nu".to_owned(), Value::Integer(nu))].into(),
    };
    let mut values = Values::default();
    values.0.insert("tong".into(), Value::Integer(total));
    values.0.insert("khoi".into(), Value::Table(vec![row("k10", total - 40, 30), row("k11", 40, 20)]));
    values
}

async fn rollup(app: &TestApp, request: i64, item: &str) -> (f64, i64) {
    sqlx::query_as::<_, (f64, i64)>(
        "SELECT COALESCE(SUM(total), 0.0), CAST(COALESCE(SUM(schools), 0) AS BIGINT) FROM report_rollups WHERE request_id = $1 AND item = $2",
    )
    .bind(request)
    .bind(item.to_owned())
    .fetch_one(&app.db.pool)
    .await
    .expect("rollup")
}

fn form_url(request: i64, school: i64) -> String {
    format!("/reports/{request}/schools/{school}")
}

#[tokio::test]
async fn form_draft_problems_and_submit() {
    let app = TestApp::spawn().await;
    let (request, _) = publish(&app, now_ms() + 48 * HOUR).await;
    let a1 = app.world.school_a1;
    let leader = app.login("hieutruong_a1").await;

    let page = leader.get(&form_url(request, a1)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("name=\"f.tong\""), "{}", page.body);
    assert!(page.body.contains("name=\"f.khoi.k10.hs\""));
    assert!(page.body.contains("Lưu nháp") && page.body.contains("Nộp báo cáo"));

    // A draft keeps what was typed, even incomplete.
    let draft = leader.post_form(&form_url(request, a1), &[("action", "draft"), ("f.tong", "100"), ("f.ghichu", "=1+1")]).await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    let saved = submissions::get(&app.db, request, a1).await.expect("get").expect("draft row");
    assert_eq!(saved.status, "draft");
    assert_eq!(rollup(&app, request, "tong").await.1, 0, "a draft is not counted");

    // Submitting with problems: every problem is listed, typed values kept, nothing saved.
    let bad = leader
        .post_form(
            &form_url(request, a1),
            &[("action", "submit"), ("f.tong", "100"), ("f.khoi.k10.hs", "60"), ("f.khoi.k10.nu", "70"), ("f.khoi.k11.hs", "mười")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("“mười” không phải là số"), "{}", bad.body);
    assert!(bad.body.contains("value=\"mười\""), "typed text is kept");
    let missing = leader.post_form(&form_url(request, a1), &[("action", "submit"), ("f.khoi.k10.hs", "60"), ("f.khoi.k10.nu", "70")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("“Tổng số học sinh” chưa có giá trị"), "{}", missing.body);
    assert!(missing.body.contains("Lớp 11 › Số học sinh” chưa có giá trị"), "{}", missing.body);
    assert_eq!(submissions::get(&app.db, request, a1).await.unwrap().unwrap().status, "draft");

    let rule = leader
        .post_form(
            &form_url(request, a1),
            &[("action", "submit"), ("f.tong", "100"), ("f.khoi.k10.hs", "60"), ("f.khoi.k10.nu", "70"), ("f.khoi.k11.hs", "40")],
        )
        .await;
    assert_eq!(rule.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(rule.body.contains("không được lớn hơn"), "{}", rule.body);

    let ok = leader
        .post_form(
            &form_url(request, a1),
            &[("action", "submit"), ("f.tong", "100"), ("f.khoi.k10.hs", "60"), ("f.khoi.k10.nu", "30"), ("f.khoi.k11.hs", "40")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let submitted = submissions::get(&app.db, request, a1).await.unwrap().unwrap();
    assert_eq!(submitted.status, "submitted");
    assert_eq!(submitted.revision, 1);
    assert_eq!(rollup(&app, request, "tong").await, (100.0, 1));

    // Resubmitting while open replaces the counted figures.
    let again = leader
        .post_form(&form_url(request, a1), &[("action", "submit"), ("f.tong", "90"), ("f.khoi.k10.hs", "50"), ("f.khoi.k11.hs", "40")])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    assert_eq!(rollup(&app, request, "tong").await, (90.0, 1));
    let page = leader.get(&form_url(request, a1)).await;
    assert!(page.body.contains("Nộp lại"), "{}", page.body);
    assert!(page.body.contains("Võ Thị Hiệu"), "history names the person");

    // The board of cluster A was told.
    let coordinator = users::id_by_username(&app.db, "dieuphoi_a").await.unwrap();
    let told: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND message_id = 'rsub-notify-submitted'")
        .bind(coordinator)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(told, 2);
}

#[tokio::test]
async fn deadline_minute_boundaries() {
    let app = TestApp::spawn().await;
    // A deadline on a whole minute, already passed.
    let deadline = (now_ms() - 2 * HOUR).div_euclid(60_000) * 60_000;
    let (request, _) = publish(&app, deadline).await;
    let leader = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    let values = good_values(100);
    let save = |school: i64, user: i64, now: i64| Save { request_id: request, school_id: school, values: &values, source: Source::Api, submit: true, user_id: user, now };

    let on_time = submissions::save(&app.db, &save(app.world.school_a1, leader, deadline + 59_999)).await.expect("save");
    assert_eq!(on_time.completeness(deadline).as_str(), "on_time");
    let leader_a2 = users::id_by_username(&app.db, "hieutruong_a2").await.unwrap();
    let late = submissions::save(&app.db, &save(app.world.school_a2, leader_a2, deadline + 60_000)).await.expect("save");
    assert_eq!(late.completeness(deadline).as_str(), "late");

    // The page warns a school that has not sent yet, and marks the late one.
    let b1 = app.login("hieutruong_b1").await;
    let page = b1.get(&form_url(request, app.world.school_b1)).await;
    assert!(page.body.contains("Đã quá hạn nộp"), "{}", page.body);
    let a2 = app.login("hieutruong_a2").await;
    assert!(a2.get(&form_url(request, app.world.school_a2)).await.body.contains("Nộp muộn"));

    let counts = app.api_as("chuyenvien").await.get(&format!("/api/v1/report-requests/{request}/completeness")).await;
    assert_eq!(counts.status, StatusCode::OK, "{}", counts.body);
    let body = counts.json();
    assert_eq!(body["overall"]["on_time"], 1);
    assert_eq!(body["overall"]["late"], 1);
    assert_eq!(body["overall"]["not_started"], 1);
    assert_eq!(body["overall"]["total"], 3);
}

#[tokio::test]
async fn return_correct_resubmit_accept() {
    let app = TestApp::spawn().await;
    let deadline = (now_ms() - HOUR).div_euclid(60_000) * 60_000;
    let (request, _) = publish(&app, deadline).await;
    let a1 = app.world.school_a1;
    let school = app.login("hieutruong_a1").await;
    let fields = [("action", "submit"), ("f.tong", "100"), ("f.khoi.k10.hs", "60"), ("f.khoi.k11.hs", "40")];
    assert_eq!(school.post_form(&form_url(request, a1), &fields).await.status, StatusCode::SEE_OTHER);

    // The cluster board forwards; it may not accept a department request.
    let board = app.login("dieuphoi_a").await;
    let page = board.get(&form_url(request, a1)).await;
    assert!(page.body.contains("Chuyển lên Sở") && !page.body.contains("value=\"accept\""), "{}", page.body);
    let refused = board.post_form(&format!("{}/review", form_url(request, a1)), &[("action", "accept")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let forwarded = board.post_form(&format!("{}/review", form_url(request, a1)), &[("action", "forward")]).await;
    assert_eq!(forwarded.status, StatusCode::SEE_OTHER, "{}", forwarded.body);

    // The department returns it, with a required comment.
    let department = app.login("chuyenvien").await;
    let review_url = format!("{}/review", form_url(request, a1));
    let no_comment = department.post_form(&review_url, &[("action", "return"), ("comment", "  ")]).await;
    assert_eq!(no_comment.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_comment.body.contains("Hãy ghi góp ý"), "{}", no_comment.body);
    let returned = department.post_form(&review_url, &[("action", "return"), ("comment", "Số lớp 10 chưa đúng.")]).await;
    assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
    assert_eq!(rollup(&app, request, "tong").await.1, 0, "a returned report is not counted");
    let page = school.get(&form_url(request, a1)).await;
    assert!(page.body.contains("Số lớp 10 chưa đúng.") && page.body.contains("bị trả lại"), "{}", page.body);

    // Corrected and submitted again: still late, as the first submission was.
    let corrected = [("action", "submit"), ("f.tong", "101"), ("f.khoi.k10.hs", "61"), ("f.khoi.k11.hs", "40")];
    assert_eq!(school.post_form(&form_url(request, a1), &corrected).await.status, StatusCode::SEE_OTHER);
    let resubmitted = submissions::get(&app.db, request, a1).await.unwrap().unwrap();
    assert_eq!((resubmitted.status.as_str(), resubmitted.revision), ("submitted", 2));
    assert_eq!(resubmitted.completeness(deadline).as_str(), "late");
    assert_eq!(rollup(&app, request, "tong").await, (101.0, 1));

    // The correction goes through the cluster's check again before the department.
    let early = department.post_form(&review_url, &[("action", "accept")]).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", early.body);
    assert_eq!(board.post_form(&review_url, &[("action", "forward")]).await.status, StatusCode::SEE_OTHER);
    let accepted = department.post_form(&review_url, &[("action", "accept")]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert_eq!(submissions::get(&app.db, request, a1).await.unwrap().unwrap().status, "accepted");
    assert_eq!(rollup(&app, request, "tong").await, (101.0, 1));
    // Accepted: the school can no longer change it.
    let locked = school.post_form(&form_url(request, a1), &corrected).await;
    assert_eq!(locked.status, StatusCode::UNPROCESSABLE_ENTITY);
    let events = submissions::events(&app.db, resubmitted.id).await.unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["submit", "forward", "return", "resubmit", "forward", "accept"]);
    let told: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE message_id = 'rsub-notify-returned'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(told, 1);
}

#[tokio::test]
async fn concurrent_submits_count_once() {
    let app = TestApp::spawn().await;
    let (request, _) = publish(&app, now_ms() + 48 * HOUR).await;
    let leader = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    let (first, second) = (good_values(100), good_values(120));
    let save = |values| Save { request_id: request, school_id: app.world.school_a1, values, source: Source::Api, submit: true, user_id: leader, now: now_ms() };
    let (one, two) = (save(&first), save(&second));
    let (a, b) = tokio::join!(submissions::save(&app.db, &one), submissions::save(&app.db, &two));
    a.expect("first submit");
    b.expect("second submit");

    let (total, schools) = rollup(&app, request, "tong").await;
    assert_eq!(schools, 1, "one school counted once");
    assert!(total == 100.0 || total == 120.0, "{total}");
    let current = submissions::get(&app.db, request, app.world.school_a1).await.unwrap().unwrap();
    assert_eq!(current.revision, 2);
    assert_eq!(current.values().get("tong"), Some(&Value::Integer(total as i64)));
    let values: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report_values WHERE submission_id = $1 AND item = 'tong'")
        .bind(current.id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(values, 1);
}

fn header(request: i64, version: i64) -> Header {
    Header { request_id: request, version_id: version, title: "Thống kê".into(), school_name: None, school_id: None, deadline: String::new() }
}

#[tokio::test]
async fn upload_three_bad_cells_saves_nothing() {
    let app = TestApp::spawn().await;
    let (request, version) = publish(&app, now_ms() + 48 * HOUR).await;
    let a1 = app.world.school_a1;
    let leader = app.login("hieutruong_a1").await;
    let upload_url = format!("{}/upload", form_url(request, a1));

    // The downloaded workbook opens and carries the request's marker sheet.
    let download = leader.get(&format!("{}/workbook.xlsx", form_url(request, a1))).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(
        download.headers.get("content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );

    // Three cells of the wrong kind, written as text into a generated workbook.
    let mut bad = good_values(100);
    bad.0.insert("tong".into(), Value::Text("nhiều".into()));
    if let Some(Value::Table(rows)) = bad.0.get_mut("khoi") {
        rows[0].cells.insert("lop".into(), Value::Text("3,5".into()));
        rows[1].cells.insert("nu".into(), Value::Text("abc".into()));
    }
    let bytes = workbook::generate(&definition(), None, Some(&bad), &header(request, version)).expect("workbook");
    let response = leader.post_file(&upload_url, "bao-cao.xlsx", &bytes, &[("action", "submit")]).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", response.body);
    assert!(response.body.contains("Tệp có 3 lỗi"), "{}", response.body);
    assert!(response.body.contains("Trang «Học sinh», ô B6: “Tổng số học sinh”: “nhiều” không phải là số"), "{}", response.body);
    assert!(response.body.contains("Trang «Học sinh», ô B9: “Số liệu theo khối lớp › Lớp 10 › Số lớp”: “3,5” không phải là số nguyên"), "{}", response.body);
    assert!(response.body.contains("Trang «Học sinh», ô D10: “Số liệu theo khối lớp › Lớp 11 › Học sinh nữ”: “abc”"), "{}", response.body);
    assert_eq!(response.body.matches("Trang «Học sinh», ô").count(), 3);
    assert!(submissions::get(&app.db, request, a1).await.unwrap().is_none(), "nothing saved");

    // The same through the API: 422 with the three cells.
    let api = app.api_as("hieutruong_a1").await;
    let api_url = format!("/api/v1/report-requests/{request}/schools/{a1}/submission.xlsx");
    let refused = api.post_file(&api_url, "bao-cao.xlsx", &bytes, &[("submit", "true")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let cells: Vec<String> = refused.json()["problems"].as_array().unwrap().iter().map(|p| p["cell"].as_str().unwrap().to_owned()).collect();
    assert_eq!(cells, ["B6", "B9", "D10"]);

    // Three bad cells of three kinds: unreadable, out of range and breaking a rule.
    let mut mixed = good_values(100);
    mixed.0.insert("tong".into(), Value::Integer(-5));
    if let Some(Value::Table(rows)) = mixed.0.get_mut("khoi") {
        rows[0].cells.insert("lop".into(), Value::Text("ba".into()));
        rows[1].cells.insert("nu".into(), Value::Integer(999));
    }
    let mixed = workbook::generate(&definition(), None, Some(&mixed), &header(request, version)).unwrap();
    let refused = api.post_file(&api_url, "bao-cao.xlsx", &mixed, &[("submit", "true")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let cells: Vec<String> = refused.json()["problems"].as_array().unwrap().iter().map(|p| p["cell"].as_str().unwrap().to_owned()).collect();
    assert_eq!(cells, ["B9", "B6", "D10"]);

    // A workbook made for another school is refused.
    let mut for_a2 = header(request, version);
    for_a2.school_id = Some(app.world.school_a2);
    let other_school = workbook::generate(&definition(), None, Some(&good_values(100)), &for_a2).unwrap();
    let wrong = leader.post_file(&upload_url, "a2.xlsx", &other_school, &[("action", "submit")]).await;
    assert!(wrong.body.contains("được tạo cho một trường khác"), "{}", wrong.body);

    // Another request's workbook and a file that is not .xlsx get clear messages.
    let other = workbook::generate(&definition(), None, Some(&good_values(100)), &header(request + 1000, version)).unwrap();
    let wrong = leader.post_file(&upload_url, "khac.xlsx", &other, &[("action", "submit")]).await;
    assert!(wrong.body.contains("của một yêu cầu báo cáo khác"), "{}", wrong.body);
    let garbage = leader.post_file(&upload_url, "x.xlsx", b"not a workbook", &[("action", "submit")]).await;
    assert!(garbage.body.contains("không phải là tệp .xlsx"), "{}", garbage.body);
    assert!(submissions::get(&app.db, request, a1).await.unwrap().is_none());

    // A valid workbook submits.
    let good = workbook::generate(&definition(), None, Some(&good_values(100)), &header(request, version)).unwrap();
    let ok = leader.post_file(&upload_url, "bao-cao.xlsx", &good, &[("action", "submit")]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let saved = submissions::get(&app.db, request, a1).await.unwrap().unwrap();
    assert_eq!((saved.status.as_str(), saved.source.as_str()), ("submitted", "xlsx"));
    assert_eq!(saved.values(), good_values(100));
    assert_eq!(rollup(&app, request, "khoi/k10/hs").await, (60.0, 1));
}

#[test]
fn zip_bomb_refused_before_reading() {
    // A zip whose central directory declares a part of 4 GB - 2 bytes.
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(&[0; 26]);
    let directory_at = bytes.len() as u32;
    bytes.extend_from_slice(b"PK\x01\x02");
    let mut entry = [0u8; 42];
    entry[16..20].copy_from_slice(&1000u32.to_le_bytes());
    entry[20..24].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    bytes.extend_from_slice(&entry);
    let directory_size = bytes.len() as u32 - directory_at;
    bytes.extend_from_slice(b"PK\x05\x06");
    let mut end = [0u8; 18];
    end[4..6].copy_from_slice(&1u16.to_le_bytes());
    end[6..8].copy_from_slice(&1u16.to_le_bytes());
    end[8..12].copy_from_slice(&directory_size.to_le_bytes());
    end[12..16].copy_from_slice(&directory_at.to_le_bytes());
    bytes.extend_from_slice(&end);
    assert!(matches!(workbook::check_container(&bytes), Err(workbook::UploadError::Expands)));
}

#[tokio::test]
async fn scan_pdf_upload_and_download() {
    let app = TestApp::spawn().await;
    let (request, _) = publish(&app, now_ms() + 48 * HOUR).await;
    let a1 = app.world.school_a1;
    let leader = app.login("hieutruong_a1").await;
    let scan_url = format!("{}/scan", form_url(request, a1));

    let not_pdf = leader.post_file(&scan_url, "anh.png", b"\x89PNG\r\n\x1a\n0000000000000000", &[]).await;
    assert_eq!(not_pdf.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", not_pdf.body);
    assert!(not_pdf.body.contains("không phải PDF") || not_pdf.body.contains("PDF"), "{}", not_pdf.body);

    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let stored = leader.post_file(&scan_url, "Báo cáo đã kí.pdf", pdf, &[]).await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    let submission = submissions::get(&app.db, request, a1).await.unwrap().unwrap();
    let attachment = submission.scan_attachment_id.expect("scan attached");
    let url = format!("/attachments/{attachment}");

    for (user, expected) in [
        ("hieutruong_a1", StatusCode::OK),
        ("chuyenvien", StatusCode::OK),
        ("dieuphoi_a", StatusCode::OK),
        ("canboxa_a", StatusCode::OK),
        ("hieutruong_a2", StatusCode::NOT_FOUND),
        ("hieutruong_b1", StatusCode::NOT_FOUND),
        ("giaovien_a1", StatusCode::NOT_FOUND),
        ("chuyenvien_hn", StatusCode::NOT_FOUND),
    ] {
        let response = app.login(user).await.get(&url).await;
        assert_eq!(response.status, expected, "{user}");
    }
}

#[tokio::test]
async fn reminders_sent_once_per_step() {
    let app = TestApp::spawn().await;
    let (request, _) = publish(&app, now_ms() + 10 * HOUR).await;
    let leader = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    submissions::save(
        &app.db,
        &Save { request_id: request, school_id: app.world.school_a1, values: &good_values(100), source: Source::Api, submit: true, user_id: leader, now: now_ms() },
    )
    .await
    .unwrap();

    let now = now_ms();
    let (first, second) = tokio::join!(reminders::scan(&app.db, now), reminders::scan(&app.db, now));
    let (first, second) = (first.expect("scan"), second.expect("scan"));
    assert_eq!(first.before_deadline + second.before_deadline, 2, "a2 and b1 have not submitted");
    assert_eq!(reminders::count(&app.db, request, reminders::Step::BeforeDeadline).await.unwrap(), 2);
    let again = reminders::scan(&app.db, now + 60_000).await.unwrap();
    assert_eq!(again.before_deadline, 0);

    // Reports are on time to the end of the deadline minute: no overdue reminder before.
    let deadline: i64 = sqlx::query_scalar("SELECT deadline_at FROM report_requests WHERE id = $1")
        .bind(request)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(reminders::scan(&app.db, deadline + 59_999).await.unwrap().overdue, 0);
    let overdue = reminders::scan(&app.db, now + 11 * HOUR).await.unwrap();
    assert_eq!(overdue.overdue, 2);
    assert_eq!(reminders::scan(&app.db, now + 12 * HOUR).await.unwrap().overdue, 0);
    let leader_a2 = users::id_by_username(&app.db, "hieutruong_a2").await.unwrap();
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND message_id LIKE 'rsub-notify-reminder-%'")
        .bind(leader_a2)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(lines, 2);
    let a1_lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND message_id LIKE 'rsub-notify-reminder-%'")
        .bind(leader)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(a1_lines, 0);
}

#[tokio::test]
async fn completeness_page_and_export() {
    let app = TestApp::spawn().await;
    let (request, _) = publish(&app, now_ms() + 48 * HOUR).await;
    let school = app.login("hieutruong_a1").await;
    let fields = [("action", "submit"), ("f.tong", "100"), ("f.khoi.k10.hs", "60"), ("f.khoi.k11.hs", "40")];
    school.post_form(&form_url(request, app.world.school_a1), &fields).await;
    app.login("hieutruong_b1").await.post_form(&form_url(request, app.world.school_b1), &[("action", "draft"), ("f.tong", "5")]).await;

    let department = app.login("chuyenvien").await;
    let page = department.get(&format!("/reports/{request}/completeness")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Cụm A") && page.body.contains("Cụm B"), "{}", page.body);
    assert!(page.body.contains("Trường THPT Trưng Vương") && page.body.contains("3 trường"), "{}", page.body);
    let filtered = department.get(&format!("/reports/{request}/completeness?standing=draft")).await;
    assert!(filtered.body.contains("Trường THCS Đồng Khởi") && !filtered.body.contains("Trường THPT Trưng Vương</a>"), "{}", filtered.body);
    let search = department.get(&format!("/reports/{request}/completeness?q=dong+khoi")).await;
    assert!(search.body.contains("1 trường"), "{}", search.body);

    // The cluster board sees its cluster only.
    let board = app.api_as("dieuphoi_a").await.get(&format!("/api/v1/report-requests/{request}/completeness")).await.json();
    assert_eq!(board["overall"]["total"], 2);
    assert_eq!(board["overall"]["on_time"], 1);
    assert_eq!(board["overall"]["not_started"], 1);
    let list = app.api_as("dieuphoi_a").await.get(&format!("/api/v1/report-requests/{request}/submissions")).await.json();
    assert_eq!(list["total"], 2);

    let export = department.get(&format!("/reports/{request}/completeness.xlsx")).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.headers.get("content-disposition").unwrap().to_str().unwrap().contains("tien-do-bao-cao"));

    // Outside the scope: a school leader, another cluster's leader, another province.
    for user in ["hieutruong_a1", "chuyenvien_hn", "hieutruong_hn", "giaovien_a1"] {
        let response = app.login(user).await.get(&format!("/reports/{request}/completeness")).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{user}");
    }
}

#[tokio::test]
async fn forms_refuse_other_scopes() {
    let app = TestApp::spawn().await;
    let (request, _) = publish(&app, now_ms() + 48 * HOUR).await;
    let (a1, a2, b1) = (app.world.school_a1, app.world.school_a2, app.world.school_b1);
    let cases = [
        ("hieutruong_a2", a1, StatusCode::NOT_FOUND),
        ("hieutruong_b1", a1, StatusCode::NOT_FOUND),
        ("giaovien_a1", a1, StatusCode::NOT_FOUND),
        ("chuyenvien_hn", a1, StatusCode::NOT_FOUND),
        ("hieutruong_hn", a1, StatusCode::NOT_FOUND),
        ("dieuphoi_a", b1, StatusCode::NOT_FOUND),
        ("canboxa_a", a2, StatusCode::NOT_FOUND),
        ("canboxa_a", a1, StatusCode::OK),
        ("dieuphoi_a", a1, StatusCode::OK),
        ("chuyenvien", b1, StatusCode::OK),
        ("hieutruong_a1", a1, StatusCode::OK),
        ("hieutruong_a1", app.world.school_hn, StatusCode::NOT_FOUND),
    ];
    for (user, school, expected) in cases {
        let client = app.login(user).await;
        assert_eq!(client.get(&form_url(request, school)).await.status, expected, "{user} on school {school}");
        let api = app.api_as(user).await;
        let status = api.get(&format!("/api/v1/report-requests/{request}/schools/{school}/submission")).await.status;
        assert_eq!(status, expected, "API: {user} on school {school}");
    }
    // Reviewers may read but not fill.
    let board = app.login("dieuphoi_a").await;
    assert_eq!(board.post_form(&form_url(request, a1), &[("action", "draft")]).await.status, StatusCode::NOT_FOUND);
    // A school leader may not review.
    let leader = app.login("hieutruong_a1").await;
    assert_eq!(leader.post_form(&format!("{}/review", form_url(request, a1)), &[("action", "accept")]).await.status, StatusCode::NOT_FOUND);
    // A school's list.
    assert_eq!(leader.get(&format!("/schools/{a1}/reports")).await.status, StatusCode::OK);
    assert!(leader.get(&format!("/schools/{a1}/reports")).await.body.contains("Thống kê học kì I"));
    assert_eq!(app.login("hieutruong_a2").await.get(&format!("/schools/{a1}/reports")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.login("chuyenvien_hn").await.get(&format!("/schools/{a1}/reports")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_submission_round_trip() {
    let app = TestApp::spawn().await;
    let (request, _) = publish(&app, now_ms() + 48 * HOUR).await;
    let a1 = app.world.school_a1;
    let api = app.api_as("hieutruong_a1").await;
    let url = format!("/api/v1/report-requests/{request}/schools/{a1}/submission");

    let bad = json!({"values": {"tong": {"t": "integer", "v": 100}, "khoi": {"t": "table", "v": [
        {"key": "k10", "cells": {"hs": {"t": "integer", "v": 60}, "nu": {"t": "integer", "v": 70}}},
        {"key": "k11", "cells": {"hs": {"t": "integer", "v": 40}}}
    ]}}, "submit": true});
    let refused = send_json(&app, "hieutruong_a1", "PUT", &url, &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let body = refused.json();
    assert_eq!(body["problems"][0]["path"], "khoi.k10.nu");
    assert!(body["problems"][0]["message"].as_str().unwrap().contains("không được lớn hơn"));
    assert!(submissions::get(&app.db, request, a1).await.unwrap().is_none());

    // A draft may be incomplete, but not of the wrong shape: an unknown key, text in a
    // number field and a note longer than any cell are refused.
    let misshapen = json!({"values": {"tong": {"t": "text", "v": "nhiều"}, "la": {"t": "integer", "v": 1},
        "ghichu": {"t": "text", "v": "x".repeat(6_000)}}, "submit": false});
    let refused = send_json(&app, "hieutruong_a1", "PUT", &url, &misshapen).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let problems = refused.json();
    let paths: Vec<&str> = problems["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["la", "tong", "ghichu"]);
    assert!(submissions::get(&app.db, request, a1).await.unwrap().is_none());
    let incomplete = json!({"values": {"tong": {"t": "integer", "v": 5}}, "submit": false});
    assert_eq!(send_json(&app, "hieutruong_a1", "PUT", &url, &incomplete).await.status, StatusCode::OK);

    let good = json!({"values": serde_json::to_value(good_values(100)).unwrap(), "submit": true});
    let saved = send_json(&app, "hieutruong_a1", "PUT", &url, &good).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.json()["status"], "submitted");
    assert_eq!(saved.json()["standing"], "on_time");
    let read = api.get(&url).await.json();
    assert_eq!(read["values"]["tong"]["v"], 100);

    let review_url = format!("/api/v1/report-requests/{request}/schools/{a1}/review");
    let forwarded = send_json(&app, "dieuphoi_a", "POST", &review_url, &json!({"action": "forward"})).await;
    assert_eq!(forwarded.status, StatusCode::OK, "{}", forwarded.body);
    assert_eq!(forwarded.json()["status"], "forwarded");
    let no_comment = send_json(&app, "chuyenvien", "POST", &review_url, &json!({"action": "return"})).await;
    assert_eq!(no_comment.status, StatusCode::BAD_REQUEST, "{}", no_comment.body);
    let accepted = send_json(&app, "chuyenvien", "POST", &review_url, &json!({"action": "accept"})).await;
    assert_eq!(accepted.json()["status"], "accepted");
    let review_db = review::review(&app.db, request, a1, review::ReviewAction::Forward, SubmissionStatus::Accepted, "", 1, now_ms()).await;
    assert!(matches!(review_db, Err(review::ReviewError::NotAllowed(_))));
    // A board member who saw the report before the department accepted it cannot
    // return it afterwards.
    let stale = review::review(&app.db, request, a1, review::ReviewAction::Return, SubmissionStatus::Submitted, "x", 1, now_ms()).await;
    assert!(matches!(stale, Err(review::ReviewError::NotAllowed(_))));

    let workbook = api.get(&format!("/api/v1/report-requests/{request}/schools/{a1}/workbook.xlsx")).await;
    assert_eq!(workbook.status, StatusCode::OK);
}
