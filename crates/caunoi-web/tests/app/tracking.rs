//! The tracking page of a directive, its `.xlsx` export and the per-school status API:
//! exact counts, filters, and the part of the audience each viewer may follow.

use std::io::Cursor;
use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use calamine::{Data, DataType, Reader, Xlsx, open_workbook_from_rs};
use caunoi_core::directive::Audience;
use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::{now_ms, users};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::harness::TestApp;
use crate::inbox::{NUMBER, TITLE, add_lower_secondary, counts, send, send_story, table_rows};

const HOUR_MS: i64 = 3_600_000;

/// Returns the school list of the tracking page, after the count tables.
fn school_list(body: &str) -> &str {
    let start = body.find(r#"id="schools""#).expect("school list");
    table_rows(&body[start..])
}

#[tokio::test]
async fn counts_per_group_exact() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let extra = add_lower_secondary(&app).await;
    let id = send_story(&app).await;
    let b1 = app.login("hieutruong_b1").await;
    let school = w.school_b1.to_string();
    b1.post_form(&format!("/directives/{id}/acknowledge"), &[("school", &school), ("note", "Đã triển khai")]).await;
    let specialist = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    caunoi_db::directives::inbox::mark_read(&app.db, id, extra.minh_duc, specialist).await.unwrap();

    let page = app.login("chuyenvien").await.get(&format!("/directives/{id}/tracking")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(counts(&page.body), [1, 1, 1, 0, 3]);
    // Cluster A: Minh Đức read. Cluster B: Đồng Khởi acknowledged, Văn Lang not opened.
    let by_cluster = &page.body[page.body.find("Theo cụm").unwrap()..page.body.find("Theo xã, phường").unwrap()];
    assert!(by_cluster.contains("Cụm A"));
    assert!(by_cluster.contains("Cụm B"));
    let row_a = &by_cluster[by_cluster.find("Cụm A").unwrap()..];
    let cells: Vec<&str> = row_a.split(r#"<td class="num">"#).skip(1).take(5).map(|c| &c[..c.find('<').unwrap()]).collect();
    assert_eq!(cells, ["0", "1", "0", "0", "1"]);
    let row_b = &by_cluster[by_cluster.find("Cụm B").unwrap()..];
    let cells: Vec<&str> = row_b.split(r#"<td class="num">"#).skip(1).take(5).map(|c| &c[..c.find('<').unwrap()]).collect();
    assert_eq!(cells, ["1", "0", "1", "0", "2"]);
    let by_commune = &page.body[page.body.find("Theo xã, phường").unwrap()..];
    assert!(by_commune.contains("Phường Tân Định"), "{by_commune}");
    assert!(by_commune.contains("Phường Sài Gòn"), "{by_commune}");
    assert!(school_list(&page.body).contains("Đã triển khai"));
}

#[tokio::test]
async fn overdue_after_deadline() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let audience = Audience { clusters: vec![w.cluster_a], ..Audience::default() };
    let id = send(&app, NUMBER, TITLE, audience, Some(now_ms() - HOUR_MS)).await;
    let a1 = app.login("hieutruong_a1").await;
    let school = w.school_a1.to_string();
    a1.post_form(&format!("/directives/{id}/acknowledge"), &[("school", &school)]).await;

    let page = app.login("chuyenvien").await.get(&format!("/directives/{id}/tracking")).await;
    assert_eq!(counts(&page.body), [0, 0, 1, 1, 2]);
    let overdue = app.login("chuyenvien").await.get(&format!("/directives/{id}/tracking?status=overdue")).await;
    let rows = school_list(&overdue.body);
    assert!(rows.contains("Trường Tiểu học Lê Ngọc Hân"));
    assert!(!rows.contains("Trường THPT Trưng Vương"));
    assert!(rows.contains("Quá hạn"));
}

#[tokio::test]
async fn coordinator_sees_own_cluster() {
    let app = TestApp::spawn().await;
    add_lower_secondary(&app).await;
    let id = send_story(&app).await;
    let coordinator = app.login("dieuphoi_a").await;

    let page = coordinator.get(&format!("/directives/{id}/tracking")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(counts(&page.body), [1, 0, 0, 0, 1]);
    let rows = school_list(&page.body);
    assert!(rows.contains("Trường THCS Minh Đức"));
    assert!(!rows.contains("Trường THCS Đồng Khởi"));
    assert!(!rows.contains("Trường THCS Văn Lang"));
    assert!(!page.body.contains("Cụm B"), "cluster B shown to cluster A's coordinator");

    let board = app.login("bandieuphoi_a").await.get(&format!("/directives/{id}/tracking")).await;
    assert_eq!(counts(&board.body), [1, 0, 0, 0, 1]);
    // Cluster B's id in the filter is not theirs: ignored with a notice, still only A.
    let other = coordinator.get(&format!("/directives/{id}/tracking?cluster={}", app.world.cluster_b)).await;
    assert!(other.body.contains("không nằm trong phần bạn theo dõi"));
    assert!(!school_list(&other.body).contains("Trường THCS Đồng Khởi"));

    let api = app.api_as("dieuphoi_a").await.get(&format!("/api/v1/directives/{id}/status")).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let json = api.json();
    assert_eq!(json["total"], 1);
    assert_eq!(json["counts"]["total"], 1);
    assert_eq!(json["items"][0]["school_name"], "Trường THCS Minh Đức");
    assert_eq!(json["items"][0]["status"], "not_opened");
}

#[tokio::test]
async fn commune_officer_sees_commune() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let id = send(&app, NUMBER, TITLE, Audience { everyone: true, ..Audience::default() }, None).await;

    // Trưng Vương is the only school of Bến Thành (commune A1).
    let page = app.login("canboxa_a").await.get(&format!("/directives/{id}/tracking")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(counts(&page.body), [1, 0, 0, 0, 1]);
    assert!(school_list(&page.body).contains("Trường THPT Trưng Vương"));
    let only_b = send(&app, "2/SGDĐT", "Chỉ cụm B", Audience { clusters: vec![w.cluster_b], ..Audience::default() }, None).await;
    let refused = app.login("canboxa_a").await.get(&format!("/directives/{only_b}/tracking")).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn tracking_refusals() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let only_b = send(&app, NUMBER, TITLE, Audience { clusters: vec![w.cluster_b], ..Audience::default() }, None).await;
    for username in ["dieuphoi_a", "bandieuphoi_a", "hieutruong_b1", "hieutruong_a1", "giaovien_a1", "chuyenvien_hn", "hieutruong_hn"] {
        let client = app.login(username).await;
        let page = client.get(&format!("/directives/{only_b}/tracking")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{username}");
        let export = client.get(&format!("/directives/{only_b}/tracking.xlsx")).await;
        assert_eq!(export.status, StatusCode::NOT_FOUND, "{username} export");
        let api = app.api_as(username).await.get(&format!("/api/v1/directives/{only_b}/status")).await;
        assert_eq!(api.status, StatusCode::NOT_FOUND, "{username} API");
    }
    let specialist = app.login("chuyenvien").await;
    assert_eq!(specialist.get(&format!("/directives/{only_b}/tracking")).await.status, StatusCode::OK);
    assert_eq!(specialist.get("/directives/x/tracking").await.status, StatusCode::NOT_FOUND);
    assert_eq!(specialist.get("/directives/0/tracking.xlsx").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.api_as("chuyenvien").await.get("/api/v1/directives/x/status").await.status, StatusCode::BAD_REQUEST);

    // A draft has no recipients to track for anyone but its sender.
    let specialist_id = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    let draft: i64 = sqlx::query_scalar(
        "INSERT INTO directives (province_code, status, version, kind, number_symbol, issuing_body, signer, title, \
         summary, body, remind_before_min, audience, search_text, created_by, created_at, updated_at) \
         VALUES ('79', 'draft', 0, 'plan', '9/KH', 'Sở', 'A', 'Bản nháp', '', '', 60, '{}', '', $1, 0, 0) RETURNING id",
    )
    .bind(specialist_id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(app.login("dieuphoi_a").await.get(&format!("/directives/{draft}/tracking")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn filters_narrow_list() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    add_lower_secondary(&app).await;
    let id = send(&app, NUMBER, TITLE, Audience { everyone: true, ..Audience::default() }, None).await;
    let school = w.school_b1.to_string();
    app.login("hieutruong_b1").await.post_form(&format!("/directives/{id}/acknowledge"), &[("school", &school)]).await;
    let client = app.login("chuyenvien").await;
    let path = format!("/directives/{id}/tracking");

    let all = client.get(&path).await;
    assert_eq!(counts(&all.body), [4, 0, 1, 0, 5]);
    assert!(all.body.contains("5 trường khớp bộ lọc"));
    let acknowledged = client.get(&format!("{path}?status=acknowledged")).await;
    assert!(acknowledged.body.contains("1 trường khớp bộ lọc"));
    assert!(school_list(&acknowledged.body).contains("Trường THCS Đồng Khởi"));
    assert_eq!(counts(&acknowledged.body), [4, 0, 1, 0, 5], "filters changed the counts");
    let level = client.get(&format!("{path}?level=lower_secondary&cluster={}", w.cluster_b)).await;
    assert!(level.body.contains("2 trường khớp bộ lọc"), "{}", level.body);
    let commune = client.get(&format!("{path}?commune={}", w.commune_a2)).await;
    assert!(commune.body.contains("2 trường khớp bộ lọc"));
    let name = client.get(&format!("{path}?q=dong+khoi")).await;
    assert!(name.body.contains("1 trường khớp bộ lọc"));
    assert!(school_list(&name.body).contains("Trường THCS Đồng Khởi"));
    let nothing = client.get(&format!("{path}?q=zzz")).await;
    assert!(nothing.body.contains("0 trường khớp bộ lọc"));
    assert!(nothing.body.contains("Không có trường nào khớp bộ lọc."));

    let bad = client.get(&format!("{path}?status=x&cluster=abc&commune=99999&level=college&page=0")).await;
    assert_eq!(bad.status, StatusCode::OK);
    for notice in ["Trạng thái “x”", "Cụm “abc”", "Xã, phường “99999”", "Cấp học “college”", "Số trang “0”"] {
        assert!(bad.body.contains(notice), "notice {notice} missing");
    }
    assert!(bad.body.contains("5 trường khớp bộ lọc"));
    let (_, _, export) = download(&app, "chuyenvien", &format!("/directives/{id}/tracking.xlsx?status=acknowledged")).await;
    assert_eq!(sheet_rows(&export, 0).len(), 2, "the export ignored the filter");
}

/// Gets a binary response with an API token of a person; the harness's responses
/// hold text, which would corrupt a workbook.
async fn download(app: &TestApp, username: &str, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let id = users::id_by_username(&app.db, username).await.expect("user");
    let token = caunoi_db::security::create_api_token(&app.db, id, "test").await.expect("token");
    let request = Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).expect("request");
    let response = app.router.clone().oneshot(request).await.expect("router never fails");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes().to_vec();
    (parts.status, parts.headers, bytes)
}

/// Reads one sheet of a workbook as rows of cells.
fn sheet_rows(bytes: &[u8], index: usize) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("valid xlsx");
    let range = workbook.worksheet_range_at(index).expect("sheet").expect("readable sheet");
    range.rows().map(|row| row.to_vec()).collect()
}

fn text(cell: &Data) -> String {
    cell.get_string().map(str::to_owned).unwrap_or_else(|| cell.to_string())
}

#[tokio::test]
async fn export_parses_back() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    add_lower_secondary(&app).await;
    let id = send_story(&app).await;
    let school = w.school_b1.to_string();
    let note = "Đã phổ biến tới tổ Ngữ văn";
    app.login("hieutruong_b1").await.post_form(&format!("/directives/{id}/acknowledge"), &[("school", &school), ("note", note)]).await;
    let acknowledged_at: i64 =
        sqlx::query_scalar("SELECT acknowledged_at FROM directive_recipients WHERE directive_id = $1 AND school_id = $2")
            .bind(id)
            .bind(w.school_b1)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();

    let (status, headers, bytes) = download(&app, "chuyenvien", &format!("/directives/{id}/tracking.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get(header::CONTENT_TYPE).unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let disposition = headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap();
    assert_eq!(disposition, r#"attachment; filename="theo-doi-1581-sgddt-gdtrh.xlsx""#);

    let workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("valid xlsx");
    assert_eq!(workbook.sheet_names(), vec!["Trường nhận".to_owned(), "Tổng hợp".to_owned()]);
    let schools = sheet_rows(&bytes, 0);
    let header: Vec<String> = schools[0].iter().map(text).collect();
    assert_eq!(header[..6], ["STT", "Trường", "Cấp học", "Cụm", "Xã, phường", "Trạng thái"]);
    assert_eq!(header[8], "Xác nhận lúc");
    assert_eq!(schools.len(), 4, "three schools and the header");
    let names: Vec<String> = schools[1..].iter().map(|row| text(&row[1])).collect();
    assert_eq!(names, ["Trường THCS Đồng Khởi", "Trường THCS Minh Đức", "Trường THCS Văn Lang"]);
    let dong_khoi = &schools[1];
    assert_eq!(text(&dong_khoi[3]), "Cụm B");
    assert_eq!(text(&dong_khoi[5]), "Đã xác nhận");
    assert_eq!(text(&dong_khoi[9]), "Đỗ Thị Bê");
    assert_eq!(text(&dong_khoi[10]), note);
    let local = dong_khoi[8].as_datetime().expect("acknowledgement time is a date");
    let expected = chrono::DateTime::from_timestamp(acknowledged_at / 1000, 0).unwrap().naive_utc() + chrono::Duration::hours(7);
    assert_eq!(local, expected, "time not in UTC+7");
    assert_eq!(text(&schools[2][5]), "Chưa mở");
    assert!(schools[2][8].is_empty());

    let totals = sheet_rows(&bytes, 1);
    assert_eq!(text(&totals[1][0]), "Toàn bộ");
    let numbers: Vec<f64> = totals[1][2..7].iter().map(|cell| cell.get_float().unwrap_or_default()).collect();
    assert_eq!(numbers, [2.0, 0.0, 1.0, 0.0, 3.0]);
    assert!(totals.iter().any(|row| text(&row[1]) == "Cụm A"));
}

/// The tracking page stays fast with a province-wide audience. The bound is loose
/// because debug builds on a shared machine are slow; the measured time is printed.
#[tokio::test]
async fn many_schools_render_fast() {
    let app = TestApp::spawn().await;
    let w = &app.world;
    let communes = [&w.commune_a1, &w.commune_a2, &w.commune_b1];
    let batch: Vec<NewSchool> = (0..3_500)
        .map(|index| NewSchool {
            province_code: "79".into(),
            commune_code: Some(communes[index % 3].clone()),
            name: format!("Trường Tiểu học số {index}"),
            level: SchoolLevel::Primary,
            ownership: Ownership::Public,
            moet_code: None,
            former_district: None,
            import_key: format!("t:bulk:{index}"),
            is_generated: true,
        })
        .collect();
    schools::insert_many(&app.db, &batch).await.unwrap();
    let id = send(&app, NUMBER, TITLE, Audience { everyone: true, ..Audience::default() }, Some(now_ms() + HOUR_MS)).await;
    let client = app.login("chuyenvien").await;
    client.get(&format!("/directives/{id}/tracking")).await;

    let started = Instant::now();
    let page = client.get(&format!("/directives/{id}/tracking")).await;
    let elapsed = started.elapsed();
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(counts(&page.body)[4], 3_503);
    println!("tracking page with 3,503 recipients: {} ms", elapsed.as_millis());
    assert!(elapsed.as_millis() < 2_000, "tracking page took {} ms", elapsed.as_millis());

    let started = Instant::now();
    let (_, _, export) = download(&app, "chuyenvien", &format!("/directives/{id}/tracking.xlsx")).await;
    println!("tracking export with 3,503 recipients: {} ms", started.elapsed().as_millis());
    assert_eq!(sheet_rows(&export, 0).len(), 3_504);
}
