//! School list imports: upload, review, apply and discard through the screens, with the
//! real reference data of Ho Chi Minh City.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use rust_xlsxwriter::{Format, Workbook};

use crate::harness::{Client, PASSWORD, TestApp, TestResponse};

/// Phường Sài Gòn, one of the four communes formed from the old Quận 1.
const SAI_GON: &str = "26740";

/// A MOET-style list of Ho Chi Minh City after the 2025 merger. Two schools of the old
/// Quận 1 need review, because Quận 1 was split among four communes. The school of
/// Côn Đảo (from the old Bà Rịa–Vũng Tàu, one commune today) is ready, and the
/// university is excluded.
const MOET_LINES: [&str; 5] = [
    "old_province_code,old_province_name,old_district_code,old_district_name,old_district_type,school_code,school_name",
    "02,Tp. Hồ Chí Minh,01,Quận 1,Quận,002,THPT Bùi Thị Xuân",
    "02,Tp. Hồ Chí Minh,01,Quận 1,Quận,005,THPT Lương Thế Vinh",
    "52,Bà Rịa-Vũng Tàu,08,Huyện Côn Đảo,Huyện,045,THPT Võ Thị Sáu",
    "02,Tp. Hồ Chí Minh,01,Quận 1,Quận,900,Trường Đại học Sài Gòn",
];

/// Returns the list as Excel's "CSV UTF-8" saves it: a BOM and CRLF line ends.
fn moet_csv() -> Vec<u8> {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    for line in MOET_LINES {
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(b"\r\n");
    }
    bytes
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(&app.db.pool).await.expect("count")
}

async fn batch_count(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) FROM import_batches").await
}

async fn school_count(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) FROM schools").await
}

async fn row_status(app: &TestApp, batch: i64, row: i64) -> String {
    sqlx::query_scalar("SELECT status FROM import_rows WHERE batch_id = $1 AND row_number = $2")
        .bind(batch)
        .bind(row)
        .fetch_one(&app.db.pool)
        .await
        .expect("row")
}

async fn batch_status(app: &TestApp, batch: i64) -> String {
    sqlx::query_scalar("SELECT status FROM import_batches WHERE id = $1").bind(batch).fetch_one(&app.db.pool).await.expect("batch")
}

/// Uploads a file and returns the id of the batch it was staged as.
async fn upload(client: &Client<'_>, file_name: &str, bytes: &[u8]) -> i64 {
    let response = client.post_file("/p/79/imports", file_name, bytes, &[]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.location().expect("redirect to the batch");
    location.strip_prefix("/imports/").and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("unexpected redirect {location}"))
}

/// Checks that a page has no missing translation or unfilled Fluent argument.
fn assert_translated(response: &TestResponse) {
    assert!(!response.body.contains("Unknown localization"), "{}", response.body);
    assert!(!response.body.contains("{$"), "{}", response.body);
}

#[tokio::test]
async fn upload_csv_shows_counts() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let id = upload(&client, "truong.csv", &moet_csv()).await;
    let page = client.get(&format!("/imports/{id}")).await;

    assert_eq!(page.status, StatusCode::OK);
    assert_translated(&page);
    assert!(page.body.contains("truong.csv"), "{}", page.body);
    assert!(page.body.contains("THPT Bùi Thị Xuân"));
    assert!(page.body.contains("Trường Đại học Sài Gòn"));
    assert!(page.body.contains("Đặc khu Côn Đảo"), "Côn Đảo is placed: {}", page.body);
    assert!(page.body.contains("Phường Sài Gòn"), "Quận 1 offers its communes: {}", page.body);
    assert!(page.body.contains("Có 4 dòng."));
    assert!(page.body.contains("Còn 0 dòng lỗi và 2 dòng chưa chọn xã, phường"), "{}", page.body);
    assert!(page.body.contains("trường đại học, học viện"), "the exclusion is explained");
    assert!(page.body.contains("value=\"include:upper_secondary\""), "an excluded row can be included");
    assert!(page.body.contains(&format!("value=\"{SAI_GON}\"")), "a review row offers its candidates");
    assert!(page.body.contains("href=\"#apply\""));
    assert_eq!(row_status(&app, id, 2).await, "review");
    assert_eq!(row_status(&app, id, 4).await, "ready");
    assert_eq!(row_status(&app, id, 5).await, "excluded");

    let list = client.get("/p/79/imports").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_translated(&list);
    assert!(list.body.contains(&format!("href=\"/imports/{id}\"")), "{}", list.body);
    assert!(list.body.contains("Chờ xử lý"));
    assert!(list.body.contains("enctype=\"multipart/form-data\""));
    assert!(list.body.contains("accept=\".xlsx,.csv\""));
    assert!(list.body.contains("TCVN3"));
}

#[tokio::test]
async fn review_apply_and_reimport() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let schools_before = school_count(&app).await;
    let id = upload(&client, "truong.csv", &moet_csv()).await;

    let decided = client
        .post_form(&format!("/imports/{id}/rows/2"), &[("decision", SAI_GON), ("status", "review"), ("page", "1")])
        .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    assert_eq!(decided.location(), Some(format!("/imports/{id}?status=review#row-2").as_str()));
    assert_eq!(row_status(&app, id, 2).await, "ready");
    let page = client.get(&format!("/imports/{id}")).await;
    assert!(page.body.contains("Đã chọn: Phường Sài Gòn"), "{}", page.body);

    let refused = client.post_form(&format!("/imports/{id}/apply"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Còn 0 dòng lỗi và 1 dòng chưa chọn xã, phường"), "{}", refused.body);
    assert_eq!(school_count(&app).await, schools_before, "a refused apply writes nothing");
    assert_eq!(batch_status(&app, id).await, "pending");

    let applied = client.post_form(&format!("/imports/{id}/apply"), &[("skip_unresolved", "1")]).await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    assert_eq!(applied.location(), Some(format!("/imports/{id}").as_str()));
    assert_eq!(school_count(&app).await, schools_before + 2);
    assert_eq!(batch_status(&app, id).await, "applied");
    let result = client.get(&format!("/imports/{id}")).await;
    assert_translated(&result);
    assert!(result.body.contains("Kết quả: 2 trường mới, 0 trường được cập nhật, 0 trường không đổi, 2 dòng bỏ qua."), "{}", result.body);
    assert!(result.body.contains("href=\"/p/79/schools\""));
    assert!(!result.body.contains("method=\"post\" action=\"/imports/"), "an applied batch offers no forms");
    let schools = client.get("/p/79/schools?q=vo+thi+sau").await;
    assert!(schools.body.contains("THPT Võ Thị Sáu"), "{}", schools.body);
    let audited = count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'import.apply'").await;
    assert_eq!(audited, 1);

    // The same file again: the stored schools are recognised and nothing is added.
    let again = upload(&client, "truong.csv", &moet_csv()).await;
    let page = client.get(&format!("/imports/{again}?status=ready")).await;
    assert!(page.body.contains("(không đổi)"), "{}", page.body);
    assert!(!page.body.contains("(trường mới)"), "{}", page.body);
    let summary: String = sqlx::query_scalar("SELECT summary FROM import_batches WHERE id = $1")
        .bind(again)
        .fetch_one(&app.db.pool)
        .await
        .expect("summary");
    let counts: serde_json::Value = serde_json::from_str(&summary).expect("JSON");
    assert_eq!(counts["ready"], 2);
    assert_eq!(counts["unchanged"], 2);
    assert_eq!(counts["new"], 0);
    let reapplied = client.post_form(&format!("/imports/{again}/apply"), &[("skip_unresolved", "1")]).await;
    assert_eq!(reapplied.status, StatusCode::SEE_OTHER);
    assert_eq!(school_count(&app).await, schools_before + 2);
    let repeated = count(&app, "SELECT COUNT(*) FROM (SELECT import_key FROM schools GROUP BY province_code, import_key HAVING COUNT(*) > 1) AS repeated").await;
    assert_eq!(repeated, 0);
    let result = client.get(&format!("/imports/{again}")).await;
    assert!(result.body.contains("Kết quả: 0 trường mới, 0 trường được cập nhật, 2 trường không đổi"), "{}", result.body);
}

#[tokio::test]
async fn decide_rejects_bad_choices() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = upload(&client, "truong.csv", &moet_csv()).await;
    let path = format!("/imports/{id}/rows/2");

    let cases = [
        ("", "Chưa chọn cách xử lý"),
        ("bất kỳ", "Lựa chọn “bất kỳ” không hợp lệ"),
        ("26732", "không nằm trong các xã, phường được đề xuất"),
        ("include:primary", "không thể thực hiện lựa chọn này"),
    ];
    for (decision, message) in cases {
        let response = client.post_form(&path, &[("decision", decision)]).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{decision}");
        assert!(response.body.contains(message), "{decision}: {}", response.body);
        assert_translated(&response);
    }
    assert_eq!(row_status(&app, id, 2).await, "review");

    for row in ["0", "abc", "999", "-1"] {
        let response = client.post_form(&format!("/imports/{id}/rows/{row}"), &[("decision", "exclude")]).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "row {row}");
    }

    // The university may be included at a level a person chooses; like the other
    // schools of Quận 1, it then needs its commune.
    let included = client.post_form(&format!("/imports/{id}/rows/5"), &[("decision", "include:upper_secondary")]).await;
    assert_eq!(included.status, StatusCode::SEE_OTHER, "{}", included.body);
    assert_eq!(row_status(&app, id, 5).await, "review");
    let excluded = client.post_form(&format!("/imports/{id}/rows/3"), &[("decision", "exclude")]).await;
    assert_eq!(excluded.status, StatusCode::SEE_OTHER);
    assert_eq!(row_status(&app, id, 3).await, "excluded");
}

#[tokio::test]
async fn upload_rejects_unusable_files() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let oversized = vec![b'a'; 20 * 1024 * 1024 + 1];
    let old_excel = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];

    let cases: [(&str, &[u8], &str); 5] = [
        ("", b"", "Chưa chọn tệp"),
        ("trong.csv", b"", "Tệp “trong.csv” không có dữ liệu"),
        ("ghi-chu.txt", "Danh sách gửi kèm công văn.\nXin cảm ơn.\n".as_bytes(), "Không tìm thấy dòng tiêu đề"),
        ("truong.xls", &old_excel, "chỉ nhận tệp Excel .xlsx hoặc tệp văn bản .csv"),
        ("lon.csv", &oversized, "vượt giới hạn 20 MB"),
    ];
    for (file_name, bytes, message) in cases {
        let response = client.post_file("/p/79/imports", file_name, bytes, &[]).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{file_name}");
        assert!(response.body.contains(message), "{file_name}: {}", response.body);
        assert!(response.body.contains("role=\"alert\""), "{file_name}");
    }

    let not_multipart = client.post_form("/p/79/imports", &[("file", "truong.csv")]).await;
    assert_eq!(not_multipart.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_multipart.body.contains("Không nhận được tệp"), "{}", not_multipart.body);

    assert_eq!(batch_count(&app).await, 0, "nothing is staged");
}

#[tokio::test]
async fn xlsx_with_title_and_merged_header() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let plain = Format::new();
    sheet.merge_range(0, 0, 0, 4, "DANH SÁCH TRƯỜNG TRUNG HỌC PHỔ THÔNG NĂM HỌC 2025-2026", &plain).unwrap();
    sheet.merge_range(2, 0, 3, 0, "STT", &plain).unwrap();
    sheet.merge_range(2, 1, 2, 2, "Thông tin trường", &plain).unwrap();
    sheet.merge_range(2, 3, 2, 4, "Địa bàn", &plain).unwrap();
    sheet.write_row(3, 1, ["Mã trường", "Tên trường", "Quận/Huyện", "Cấp học"]).unwrap();
    sheet.write_row(4, 0, ["1", "045", "THPT Võ Thị Sáu", "Huyện Côn Đảo", "THPT"]).unwrap();
    sheet.write_row(5, 0, ["2", "046", "Trường Mầm non Hoa Sen", "Huyện Côn Đảo", ""]).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let id = upload(&client, "danh-sach.xlsx", &bytes).await;
    let page = client.get(&format!("/imports/{id}")).await;

    assert_eq!(page.status, StatusCode::OK);
    assert_translated(&page);
    assert!(page.body.contains("Có 2 dòng."), "{}", page.body);
    assert!(page.body.contains("THPT Võ Thị Sáu"));
    assert!(page.body.contains("Mầm non"), "the level is read from the name");
    assert_eq!(row_status(&app, id, 5).await, "ready");
    assert_eq!(row_status(&app, id, 6).await, "ready");
    assert!(page.body.contains("Nhập 2 trường"), "{}", page.body);
}

#[tokio::test]
async fn show_handles_bad_filters() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = upload(&client, "truong.csv", &moet_csv()).await;

    let bad_status = client.get(&format!("/imports/{id}?status=bogus")).await;
    assert_eq!(bad_status.status, StatusCode::OK);
    assert!(bad_status.body.contains("Trạng thái “bogus” không hợp lệ"), "{}", bad_status.body);
    assert!(bad_status.body.contains("Có 4 dòng."));

    let review = client.get(&format!("/imports/{id}?status=review")).await;
    assert!(review.body.contains("Có 2 dòng."), "{}", review.body);
    assert!(!review.body.contains("THPT Võ Thị Sáu"));

    let bad_page = client.get(&format!("/imports/{id}?page=abc")).await;
    assert_eq!(bad_page.status, StatusCode::OK);
    assert!(bad_page.body.contains("abc"), "{}", bad_page.body);
    let past_end = client.get(&format!("/imports/{id}?page=99")).await;
    assert_eq!(past_end.status, StatusCode::OK);
    assert!(past_end.body.contains("THPT Bùi Thị Xuân"), "the last page is shown: {}", past_end.body);

    for path in ["/imports/abc", "/imports/0", "/imports/999999", "/p/79x/imports", "/p/7/imports"] {
        assert_eq!(client.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let bad_list_page = client.get("/p/79/imports?page=-3").await;
    assert_eq!(bad_list_page.status, StatusCode::OK);
    assert!(bad_list_page.body.contains("Số trang “-3” không hợp lệ"), "{}", bad_list_page.body);
    let list_past_end = client.get("/p/79/imports?page=5").await;
    assert_eq!(list_past_end.status, StatusCode::OK);
    assert!(list_past_end.body.contains("Không có trang 5"), "{}", list_past_end.body);
    assert!(list_past_end.body.contains(&format!("href=\"/imports/{id}\"")), "page 1 is shown instead");
    assert!(!list_past_end.body.contains("rel=\"next\""), "one batch fits on one page");
}

#[tokio::test]
async fn discard_then_changes_conflict() {
    let app = TestApp::spawn().await;
    let client = app.login("quantri79").await;
    let id = upload(&client, "truong.csv", &moet_csv()).await;

    let discarded = client.post_form(&format!("/imports/{id}/discard"), &[]).await;
    assert_eq!(discarded.status, StatusCode::SEE_OTHER);
    assert_eq!(batch_status(&app, id).await, "discarded");
    let page = client.get(&format!("/imports/{id}")).await;
    assert!(page.body.contains("Lần nhập này đã bị hủy"), "{}", page.body);

    let apply = client.post_form(&format!("/imports/{id}/apply"), &[("skip_unresolved", "1")]).await;
    assert_eq!(apply.status, StatusCode::CONFLICT);
    assert!(apply.body.contains(&format!("Lần nhập số {id} đã bị hủy")), "{}", apply.body);
    let decide = client.post_form(&format!("/imports/{id}/rows/2"), &[("decision", SAI_GON)]).await;
    assert_eq!(decide.status, StatusCode::CONFLICT);
    let again = client.post_form(&format!("/imports/{id}/discard"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM schools WHERE name = 'THPT Võ Thị Sáu'").await, 0);
}

#[tokio::test]
async fn other_scopes_get_404() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    let id = upload(&specialist, "truong.csv", &moet_csv()).await;

    // Another province's specialist, a school leader of the province, a teacher.
    for username in ["chuyenvien_hn", "hieutruong_a1", "giaovien_a1"] {
        let client = app.login(username).await;
        let get_list = client.get("/p/79/imports").await;
        assert_eq!(get_list.status, StatusCode::NOT_FOUND, "{username} list");
        let upload = client.post_file("/p/79/imports", "truong.csv", &moet_csv(), &[]).await;
        assert_eq!(upload.status, StatusCode::NOT_FOUND, "{username} upload");
        let show = client.get(&format!("/imports/{id}")).await;
        assert_eq!(show.status, StatusCode::NOT_FOUND, "{username} show");
        let decide = client.post_form(&format!("/imports/{id}/rows/2"), &[("decision", SAI_GON)]).await;
        assert_eq!(decide.status, StatusCode::NOT_FOUND, "{username} decide");
        let apply = client.post_form(&format!("/imports/{id}/apply"), &[("skip_unresolved", "1")]).await;
        assert_eq!(apply.status, StatusCode::NOT_FOUND, "{username} apply");
        let discard = client.post_form(&format!("/imports/{id}/discard"), &[]).await;
        assert_eq!(discard.status, StatusCode::NOT_FOUND, "{username} discard");
    }
    assert_eq!(batch_count(&app).await, 1, "no outsider staged a batch");
    assert_eq!(batch_status(&app, id).await, "pending");
    assert_eq!(row_status(&app, id, 2).await, "review");

    // A refused batch looks exactly like a missing one.
    let outsider = app.login("chuyenvien_hn").await;
    let refused = outsider.get(&format!("/imports/{id}")).await;
    let missing = outsider.get(&format!("/imports/{}", id + 1000)).await;
    assert_eq!(refused.status, missing.status);
    assert_eq!(refused.body, missing.body);

    // Hà Nội's specialist manages imports of Hà Nội.
    assert_eq!(outsider.get("/p/01/imports").await.status, StatusCode::OK);
}

/// Logs a person in with a raw request and returns their session cookie.
async fn session_cookie(app: &TestApp, username: &str) -> String {
    let body = format!("username={username}&password={}&next=%2F", crate::harness::urlencode(PASSWORD));
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .body(Body::from(body))
        .expect("request");
    let response = app.send(request).await;
    let cookie = response.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).expect("session cookie");
    cookie.split(';').next().expect("cookie pair").to_owned()
}

#[tokio::test]
async fn english_page_is_translated() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = upload(&client, "truong.csv", &moet_csv()).await;
    let cookie = format!("{}; lang=en", session_cookie(&app, "chuyenvien").await);

    for path in [format!("/imports/{id}"), "/p/79/imports".to_owned()] {
        let request = Request::get(&path).header(header::COOKIE, &cookie).body(Body::empty()).expect("request");
        let page = app.send(request).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_translated(&page);
        assert!(page.body.contains("lang=\"en\""), "{path}");
    }
    let request = Request::get(format!("/imports/{id}")).header(header::COOKIE, &cookie).body(Body::empty()).expect("request");
    let page = app.send(request).await;
    assert!(page.body.contains("Row 2: “Quận 1” is now split among 4 communes."), "{}", page.body);
    assert!(page.body.contains("Import only the 1 valid row and skip the rest"), "{}", page.body);
}

/// Every message id of the import pipeline must be translated in both locales, since
/// the screens show its problems by id.
#[test]
fn locales_contain_pipeline_ids() {
    let pipeline = include_str!("../../../caunoi-db/src/import/MESSAGES.ftl.txt");
    let vi = include_str!("../../locales/vi/main.ftl");
    let en = include_str!("../../locales/en/main.ftl");
    let ids = message_ids(pipeline);
    assert!(ids.len() >= 30, "{ids:?}");
    let vi_ids = message_ids(vi);
    let en_ids = message_ids(en);
    for id in &ids {
        assert!(vi_ids.contains(id), "{id} missing in vi/main.ftl");
        assert!(en_ids.contains(id), "{id} missing in en/main.ftl");
    }
    for id in vi_ids.iter().filter(|id| id.starts_with("imports-")) {
        assert!(en_ids.contains(id), "{id} missing in en/main.ftl");
    }
    for id in en_ids.iter().filter(|id| id.starts_with("imports-")) {
        assert!(vi_ids.contains(id), "{id} missing in vi/main.ftl");
    }
}

/// Returns the ids of the messages defined in a Fluent file.
fn message_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.split_once(" ="))
        .map(|(id, _)| id)
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'))
        .map(str::to_owned)
        .collect()
}
