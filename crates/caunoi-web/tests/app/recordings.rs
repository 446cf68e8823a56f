//! Recorded lessons: resumable uploads in parts through the API, the form upload
//! without JavaScript, playback by byte range (probes, suffixes, part boundaries),
//! time-stamped comments, consent that widens who may watch, and deletion by
//! retention with its audit record.

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use caunoi_db::recordings::retention::{self, RetentionPolicy};
use caunoi_db::storage::Storage;
use caunoi_db::{now_ms, users};
use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::harness::{TestApp, TestResponse};

/// Builds a file of `len` bytes that starts like an MP4 video, with varied content.
fn video_bytes(len: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
    bytes[..12].copy_from_slice(&[0, 0, 0, 0x20, b'f', b't', b'y', b'p', b'i', b's', b'o', b'm']);
    bytes
}

fn vietnam_inputs(ahead: Duration) -> (String, String) {
    let local = (Utc::now() + ahead).with_timezone(&caunoi_web::i18n::vietnam_offset());
    (local.format("%Y-%m-%d").to_string(), local.format("%H:%M").to_string())
}

/// Publishes a lesson study of cluster A's board that `giaovien_a1` registers for;
/// returns its id.
async fn lesson_study(app: &TestApp) -> i64 {
    let (start_date, start_time) = vietnam_inputs(Duration::days(2));
    let (end_date, end_time) = vietnam_inputs(Duration::days(2) + Duration::hours(2));
    let cluster = format!("cluster:{}", app.world.cluster_a);
    let clusters = app.world.cluster_a.to_string();
    let fields = [
        ("organiser", cluster.as_str()),
        ("title", "Nghiên cứu bài học Toán 6: Phân số"),
        ("kind", "lesson_study"),
        ("subjects", "Toán"),
        ("description", ""),
        ("presenters", "Cô Bùi Thị Giáo"),
        ("place_school", ""),
        ("place_address", "Phòng 12, Trường A1"),
        ("meeting_url", ""),
        ("start_date", start_date.as_str()),
        ("start_time", start_time.as_str()),
        ("end_date", end_date.as_str()),
        ("end_time", end_time.as_str()),
        ("capacity", "10"),
        ("credit_hours", "2"),
        ("openness", "audience"),
        ("clusters", clusters.as_str()),
    ];
    let board = app.login("dieuphoi_a").await;
    let created = board.post_form("/activities/new", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id: i64 = created.location().expect("location").trim_start_matches("/activities/").parse().expect("id");
    let publish = board.post_form(&format!("/activities/{id}/publish"), &[]).await;
    assert_eq!(publish.status, StatusCode::SEE_OTHER, "{}", publish.body);
    let teacher = app.login("giaovien_a1").await;
    let registered = teacher.post_form(&format!("/activities/{id}/register"), &[]).await;
    assert_eq!(registered.status, StatusCode::SEE_OTHER, "{}", registered.body);
    id
}

/// An API client of one person, with raw requests for parts and ranges.
struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl<'a> Api<'a> {
    async fn of(app: &'a TestApp, username: &str) -> Api<'a> {
        let id = users::id_by_username(&app.db, username).await.expect("user");
        let token = caunoi_db::security::create_api_token(&app.db, id, "test").await.expect("token");
        Api { app, token }
    }

    fn builder(&self, method: &str, path: &str) -> axum::http::request::Builder {
        Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {}", self.token))
    }

    async fn get(&self, path: &str) -> TestResponse {
        self.app.send(self.builder("GET", path).body(Body::empty()).expect("request")).await
    }

    async fn post_json(&self, path: &str, body: &Value) -> TestResponse {
        let request = self.builder("POST", path).header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string()));
        self.app.send(request.expect("request")).await
    }

    async fn put_part(&self, recording: i64, offset: u64, body: Body) -> TestResponse {
        let request = self
            .builder("PUT", &format!("/api/v1/recordings/{recording}/content"))
            .header("upload-offset", offset.to_string())
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .body(body);
        self.app.send(request.expect("request")).await
    }

    /// Starts an upload of `size` bytes; returns the recording's id.
    async fn start(&self, activity: i64, size: usize) -> i64 {
        let body = json!({"title": "Tiết dạy minh hoạ Phân số", "file_name": "tiết-dạy.mp4", "size_bytes": size});
        let created = self.post_json(&format!("/api/v1/activities/{activity}/recordings"), &body).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        created.json()["id"].as_i64().expect("id")
    }
}

/// Reads the video with an optional `Range` header as a signed-in person.
async fn play(app: &TestApp, cookie: &str, recording: i64, range: Option<&str>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut builder = Request::get(format!("/recordings/{recording}/video")).header(header::COOKIE, cookie);
    if let Some(range) = range {
        builder = builder.header(header::RANGE, range);
    }
    app.send_bytes(builder.body(Body::empty()).expect("request")).await
}

/// Uploads `content` whole in parts of `part` bytes; returns the recording's id.
async fn uploaded(app: &TestApp, activity: i64, content: &[u8], part: usize) -> i64 {
    let api = Api::of(app, "giaovien_a1").await;
    let id = api.start(activity, content.len()).await;
    for (index, chunk) in content.chunks(part).enumerate() {
        let sent = api.put_part(id, (index * part) as u64, Body::from(chunk.to_vec())).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    }
    id
}

#[tokio::test]
async fn recordings_upload_resumes_after_interruption() {
    let app = TestApp::spawn().await;
    let activity = lesson_study(&app).await;
    let api = Api::of(&app, "giaovien_a1").await;
    let content = video_bytes(3_000);
    let id = api.start(activity, content.len()).await;

    let first = api.put_part(id, 0, Body::from(content[..1_000].to_vec())).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.json()["received_bytes"], 1_000);
    let unfinished = app.login("giaovien_a1").await.get(&format!("/recordings/{id}")).await;
    assert_eq!(unfinished.status, StatusCode::NOT_FOUND, "no player for an unfinished upload");

    // The connection drops half-way through the second part: nothing of it counts.
    let broken = futures_util::stream::iter(vec![
        Ok::<Bytes, std::io::Error>(Bytes::copy_from_slice(&content[1_000..1_500])),
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "network lost")),
    ]);
    let cut = api.put_part(id, 1_000, Body::from_stream(broken)).await;
    assert_ne!(cut.status, StatusCode::OK, "{}", cut.body);
    let state = api.get(&format!("/api/v1/recordings/{id}")).await;
    assert_eq!(state.json()["received_bytes"], 1_000);
    assert_eq!(state.headers.get("upload-offset").and_then(|v| v.to_str().ok()), Some("1000"));

    // A part sent at a stale offset is refused with the right one.
    let stale = api.put_part(id, 500, Body::from(content[500..1_000].to_vec())).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(stale.headers.get("upload-offset").and_then(|v| v.to_str().ok()), Some("1000"));
    assert!(stale.json()["error"]["message"].as_str().unwrap_or_default().contains("byte 1000"), "{}", stale.body);

    let rest = api.put_part(id, 1_000, Body::from(content[1_000..].to_vec())).await;
    assert_eq!(rest.status, StatusCode::OK, "{}", rest.body);
    assert_eq!(rest.json()["status"], "ready");
    let parts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recording_parts WHERE recording_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("parts");
    assert_eq!(parts, 2);

    let teacher = app.login("giaovien_a1").await;
    let (status, headers, body) = play(&app, teacher.cookie().expect("cookie"), id, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("video/mp4"));
    assert_eq!(body, content);
}

#[tokio::test]
async fn recordings_range_requests_seek() {
    let app = TestApp::spawn().await;
    let activity = lesson_study(&app).await;
    let content = video_bytes(2_500);
    let id = uploaded(&app, activity, &content, 1_000).await;
    let teacher = app.login("giaovien_a1").await;
    let cookie = teacher.cookie().expect("cookie");

    // Chrome's and Safari's probe.
    let (status, headers, body) = play(&app, cookie, id, Some("bytes=0-1")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(headers.get(header::CONTENT_RANGE).and_then(|v| v.to_str().ok()), Some("bytes 0-1/2500"));
    assert_eq!(headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()), Some("2"));
    assert_eq!(headers.get(header::ACCEPT_RANGES).and_then(|v| v.to_str().ok()), Some("bytes"));
    assert_eq!(body, content[0..2]);

    // Across the boundaries of the 1,000-byte parts.
    let (status, headers, body) = play(&app, cookie, id, Some("bytes=900-2099")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(headers.get(header::CONTENT_RANGE).and_then(|v| v.to_str().ok()), Some("bytes 900-2099/2500"));
    assert_eq!(body, content[900..2100]);

    // A suffix range reads the end, as players do for an MP4 index at the end.
    let (status, headers, body) = play(&app, cookie, id, Some("bytes=-300")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(headers.get(header::CONTENT_RANGE).and_then(|v| v.to_str().ok()), Some("bytes 2200-2499/2500"));
    assert_eq!(body, content[2200..]);

    // A suffix longer than the file selects all of it; an empty suffix selects nothing.
    let (status, headers, body) = play(&app, cookie, id, Some("bytes=-99999")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(headers.get(header::CONTENT_RANGE).and_then(|v| v.to_str().ok()), Some("bytes 0-2499/2500"));
    assert_eq!(body, content);
    let (status, _, _) = play(&app, cookie, id, Some("bytes=-0")).await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);

    // An open range from the middle.
    let (status, _, body) = play(&app, cookie, id, Some("bytes=1999-")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, content[1999..]);

    // Past the end.
    let (status, headers, _) = play(&app, cookie, id, Some("bytes=2500-")).await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(headers.get(header::CONTENT_RANGE).and_then(|v| v.to_str().ok()), Some("bytes */2500"));

    // If-Range naming another version gets the whole file.
    let request = Request::get(format!("/recordings/{id}/video"))
        .header(header::COOKIE, cookie)
        .header(header::RANGE, "bytes=0-1")
        .header(header::IF_RANGE, "\"old\"")
        .body(Body::empty())
        .expect("request");
    let (status, _, body) = app.send_bytes(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.len(), 2_500);
}

#[tokio::test]
async fn recordings_remote_store_serves_ranges() {
    // The in-memory store goes through the same object_store calls as S3 does.
    let app = TestApp::spawn_with_storage(Some(Storage::in_memory())).await;
    let activity = lesson_study(&app).await;
    let content = video_bytes(5_000);
    let id = uploaded(&app, activity, &content, 2_000).await;
    let teacher = app.login("giaovien_a1").await;

    let (status, _, body) = play(&app, teacher.cookie().expect("cookie"), id, Some("bytes=1990-4010")).await;

    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, content[1990..4011]);
}

#[tokio::test]
async fn recordings_reject_unfit_parts() {
    let app = TestApp::spawn().await;
    let activity = lesson_study(&app).await;
    let api = Api::of(&app, "giaovien_a1").await;
    let id = api.start(activity, 1_000).await;

    let pdf = api.put_part(id, 0, Body::from(b"%PDF-1.7 a document, not a lesson video ........................".to_vec())).await;
    assert_eq!(pdf.status, StatusCode::BAD_REQUEST, "{}", pdf.body);
    assert!(pdf.json()["error"]["message"].as_str().unwrap_or_default().contains("tiết-dạy.mp4"), "{}", pdf.body);

    let past_end = api.put_part(id, 0, Body::from(video_bytes(1_200))).await;
    assert_eq!(past_end.status, StatusCode::BAD_REQUEST, "{}", past_end.body);
    assert!(past_end.body.contains("1000 byte"), "{}", past_end.body);

    let bad_offset = api
        .app
        .send(api.builder("PUT", &format!("/api/v1/recordings/{id}/content")).header("upload-offset", "mười").body(Body::from(video_bytes(100))).expect("request"))
        .await;
    assert_eq!(bad_offset.status, StatusCode::BAD_REQUEST, "{}", bad_offset.body);
    assert!(bad_offset.body.contains("Upload-Offset “mười” không hợp lệ"), "{}", bad_offset.body);
    let empty = api.put_part(id, 0, Body::empty()).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.body);
    assert!(empty.body.contains("từ 1 đến"), "{}", empty.body);

    let state = api.get(&format!("/api/v1/recordings/{id}")).await;
    assert_eq!(state.json()["received_bytes"], 0);

    let too_large = api
        .post_json(&format!("/api/v1/activities/{activity}/recordings"), &json!({"title": "Quá lớn", "file_name": "a.mp4", "size_bytes": 50u64 * 1024 * 1024 * 1024}))
        .await;
    assert_eq!(too_large.status, StatusCode::BAD_REQUEST, "{}", too_large.body);
    assert!(too_large.body.contains("MB"), "{}", too_large.body);
    let no_title = api
        .post_json(&format!("/api/v1/activities/{activity}/recordings"), &json!({"title": "  ", "file_name": "a.mp4", "size_bytes": 10}))
        .await;
    assert_eq!(no_title.status, StatusCode::BAD_REQUEST, "{}", no_title.body);
    assert!(no_title.body.contains("Chưa nhập tên video"), "{}", no_title.body);

    // Someone else cannot send parts of this upload.
    let leader = Api::of(&app, "hieutruong_a1").await;
    let foreign = leader.put_part(id, 0, Body::from(video_bytes(100))).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);
}

#[tokio::test]
async fn recordings_form_upload_without_javascript() {
    let app = TestApp::spawn().await;
    let activity = lesson_study(&app).await;
    let teacher = app.login("giaovien_a1").await;
    // Over two parts of 8 MiB, so the form's stream is cut into three.
    let content = video_bytes(17 * 1024 * 1024);

    let response = multipart(&app, teacher.cookie().expect("cookie"), activity, "Tiết dạy minh hoạ", "bài-12.mp4", &content).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.location().expect("location").to_owned();
    let id: i64 = location.trim_start_matches("/recordings/").split('?').next().expect("id").parse().expect("id");
    let parts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recording_parts WHERE recording_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("parts");
    assert_eq!(parts, 3);
    let (status, _, body) = play(&app, teacher.cookie().expect("cookie"), id, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.len(), content.len());
    assert!(body == content);

    let page = teacher.get(&location).await;
    assert!(page.body.contains("Đã tải lên xong video."), "{}", page.body);

    let bad = multipart(&app, teacher.cookie().expect("cookie"), activity, "Tài liệu", "ke-hoach.pdf", b"%PDF-1.7 not a video at all, only text for a test of the check....").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("Tệp “ke-hoach.pdf” không phải video"), "{}", bad.body);
    assert!(bad.body.contains("value=\"Tài liệu\""), "the typed title is kept: {}", bad.body);

    let empty = multipart(&app, teacher.cookie().expect("cookie"), activity, "Tiết trống", "rong.mp4", b"").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.body);
    assert!(empty.body.contains("Tệp video rỗng"), "{}", empty.body);

    let huge_title = "a".repeat(5_000);
    let huge = multipart(&app, teacher.cookie().expect("cookie"), activity, &huge_title, "a.mp4", &video_bytes(100)).await;
    assert_eq!(huge.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", huge.body);
    assert!(huge.body.contains("dài quá 300 ký tự"), "{}", huge.body);
    assert!(!huge.body.contains(&huge_title), "an oversized title is not echoed back");

    let untitled = multipart(&app, teacher.cookie().expect("cookie"), activity, "", "a.mp4", &video_bytes(100)).await;
    assert_eq!(untitled.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", untitled.body);
    assert!(untitled.body.contains("Chưa nhập tên video"), "{}", untitled.body);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recordings WHERE status = 'ready'")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(count, 1, "rejected uploads leave nothing ready");
}

async fn multipart(app: &TestApp, cookie: &str, activity: i64, title: &str, file_name: &str, bytes: &[u8]) -> TestResponse {
    let boundary = "caunoi-recording-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n{title}\r\n").as_bytes());
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"video\"; filename=\"{file_name}\"\r\nContent-Type: video/mp4\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::post(format!("/activities/{activity}/recordings"))
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .body(Body::from(body))
        .expect("request");
    app.send(request).await
}

#[tokio::test]
async fn recordings_consent_widens_viewers() {
    let app = TestApp::spawn().await;
    let activity = lesson_study(&app).await;
    let id = uploaded(&app, activity, &video_bytes(500), 500).await;
    let page = format!("/recordings/{id}");
    let video = format!("/recordings/{id}/video");

    // Pending: the group and the organisers only.
    for (username, expected) in [
        ("giaovien_a1", StatusCode::OK),
        ("dieuphoi_a", StatusCode::OK),
        ("hieutruong_a2", StatusCode::NOT_FOUND),
        ("hieutruong_b1", StatusCode::NOT_FOUND),
        ("chuyenvien_hn", StatusCode::NOT_FOUND),
    ] {
        let client = app.login(username).await;
        assert_eq!(client.get(&page).await.status, expected, "{username} on the page");
        assert_eq!(client.get(&video).await.status, expected, "{username} on the video");
    }

    // Registering is self-service, so it does not open a pending video; attending does.
    let colleague = app.login("cotcan_a1").await;
    let registered = colleague.post_form(&format!("/activities/{activity}/register"), &[]).await;
    assert_eq!(registered.status, StatusCode::SEE_OTHER, "{}", registered.body);
    assert_eq!(colleague.get(&page).await.status, StatusCode::NOT_FOUND, "registered but not present");
    let colleague_id = users::id_by_username(&app.db, "cotcan_a1").await.expect("user");
    let organiser = users::id_by_username(&app.db, "dieuphoi_a").await.expect("user");
    caunoi_db::activities::attendance::mark(&app.db, activity, &[colleague_id], &[], organiser).await.expect("mark present");
    assert_eq!(colleague.get(&page).await.status, StatusCode::OK, "marked present");

    // The uploader cannot widen consent; the organiser can.
    let teacher = app.login("giaovien_a1").await;
    let refused = teacher.post_form(&format!("/recordings/{id}/consent"), &[("consent", "province")]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let board = app.login("dieuphoi_a").await;
    let bad = board.post_form(&format!("/recordings/{id}/consent"), &[("consent", "everyone")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("everyone"), "{}", bad.body);
    let cluster = board.post_form(&format!("/recordings/{id}/consent"), &[("consent", "cluster")]).await;
    assert_eq!(cluster.status, StatusCode::SEE_OTHER, "{}", cluster.body);
    assert_eq!(app.login("hieutruong_a2").await.get(&page).await.status, StatusCode::OK, "same cluster");
    assert_eq!(app.login("hieutruong_b1").await.get(&page).await.status, StatusCode::NOT_FOUND, "other cluster");

    let province = board.post_form(&format!("/recordings/{id}/consent"), &[("consent", "province")]).await;
    assert_eq!(province.status, StatusCode::SEE_OTHER, "{}", province.body);
    assert_eq!(app.login("hieutruong_b1").await.get(&page).await.status, StatusCode::OK, "same province");
    assert_eq!(app.login("chuyenvien_hn").await.get(&page).await.status, StatusCode::NOT_FOUND, "other province");
    let api = Api::of(&app, "hieutruong_hn").await;
    assert_eq!(api.get(&format!("/api/v1/recordings/{id}")).await.status, StatusCode::NOT_FOUND);

    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'recording.consent' AND entity_id = $1")
        .bind(id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .expect("audit");
    assert_eq!(logged, 2);
}

#[tokio::test]
async fn recordings_comments_keep_milliseconds() {
    let app = TestApp::spawn().await;
    let activity = lesson_study(&app).await;
    let id = uploaded(&app, activity, &video_bytes(500), 500).await;
    let board = app.login("dieuphoi_a").await;
    let comments = format!("/recordings/{id}/comments");

    let added = board
        .post_form(&comments, &[("position", "1:23.456"), ("kind", "question"), ("criterion", "5"), ("body", "Học sinh nhóm 3 chưa hiểu yêu cầu.")])
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = board.get(&format!("/recordings/{id}?t=83456")).await;
    assert!(page.body.contains("?t=83456"), "{}", page.body);
    assert!(page.body.contains("data-seconds=\"83.456\""), "{}", page.body);
    assert!(page.body.contains("src=\"/recordings/") && page.body.contains("/video#t=83.456\""), "{}", page.body);
    assert!(page.body.contains("1:23.456"), "{}", page.body);
    assert!(page.body.contains("Câu hỏi"), "{}", page.body);

    let api = Api::of(&app, "giaovien_a1").await;
    let created = api
        .post_json(&format!("/api/v1/recordings/{id}/comments"), &json!({"position_ms": 5_001, "kind": "strength", "body": "Mở đầu cuốn hút."}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let listed = api.get(&format!("/api/v1/recordings/{id}/comments")).await.json();
    assert_eq!(listed[0]["position_ms"], 5_001, "ordered by moment");
    assert_eq!(listed[1]["position_ms"], 83_456);
    assert_eq!(listed[1]["criterion"], "5");

    for (fields, expected) in [
        ([("position", "1:99"), ("kind", "question"), ("criterion", ""), ("body", "Giữ lại nội dung")], "Thời điểm “1:99” không hợp lệ"),
        ([("position", "0:10"), ("kind", "khen"), ("criterion", ""), ("body", "Giữ lại nội dung")], "Chưa chọn loại nhận xét"),
        ([("position", "0:10"), ("kind", "strength"), ("criterion", "99"), ("body", "Giữ lại nội dung")], "Không có tiêu chí “99”"),
        ([("position", "0:10"), ("kind", "strength"), ("criterion", ""), ("body", "   ")], "Chưa nhập nội dung nhận xét"),
    ] {
        let rejected = board.post_form(&comments, &fields).await;
        assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(rejected.body.contains(expected), "{expected}: {}", rejected.body);
        if fields[3].1 != "   " {
            assert!(rejected.body.contains("Giữ lại nội dung"), "typed text kept");
        }
    }
    let missing = board.post_form(&comments, &[("position", " "), ("kind", "strength"), ("body", "Giữ lại nội dung")]).await;
    assert!(missing.body.contains("Chưa nhập thời điểm trong video"), "{}", missing.body);
    let praise = api
        .post_json(&format!("/api/v1/recordings/{id}/comments"), &json!({"position_ms": 1_000, "kind": "praise", "body": "Tốt"}))
        .await;
    assert_eq!(praise.status, StatusCode::BAD_REQUEST, "{}", praise.body);
    assert!(praise.body.contains("“praise”"), "{}", praise.body);
    let too_late = api
        .post_json(&format!("/api/v1/recordings/{id}/comments"), &json!({"position_ms": 36_000_001, "kind": "strength", "body": "Tốt"}))
        .await;
    assert_eq!(too_late.status, StatusCode::BAD_REQUEST, "{}", too_late.body);
    assert!(too_late.body.contains("36000001 ms"), "{}", too_late.body);

    let long = "x".repeat(2_001);
    let rejected = board.post_form(&comments, &[("position", "0:10"), ("kind", "strength"), ("body", &long)]).await;
    assert!(rejected.body.contains("Nhận xét dài quá 2000 ký tự"), "{}", rejected.body);

    let outsider = app.login("hieutruong_b1").await;
    let refused = outsider.post_form(&comments, &[("position", "0:10"), ("kind", "strength"), ("body", "Không được phép")]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn recordings_retention_deletes_and_logs() {
    let app = TestApp::spawn().await;
    let activity = lesson_study(&app).await;
    let kept = uploaded(&app, activity, &video_bytes(400), 400).await;
    let api = Api::of(&app, "giaovien_a1").await;
    let abandoned = api.start(activity, 1_000).await;
    let first = api.put_part(abandoned, 0, Body::from(video_bytes(300))).await;
    assert_eq!(first.status, StatusCode::OK);
    let storage = Storage::local(&std::env::temp_dir().join(format!("caunoi-retention-{}", std::process::id()))).expect("store");

    let none = retention::apply(&app.db, &storage, RetentionPolicy { keep_days: Some(30), abandon_after_days: 7 }, now_ms()).await.expect("apply");
    assert_eq!(none, 0, "nothing is due yet");
    let later = now_ms() + 31 * 24 * 3_600_000;
    let deleted = retention::apply(&app.db, &storage, RetentionPolicy { keep_days: Some(30), abandon_after_days: 7 }, later).await.expect("apply");
    assert_eq!(deleted, 2);

    let teacher = app.login("giaovien_a1").await;
    assert_eq!(teacher.get(&format!("/recordings/{kept}")).await.status, StatusCode::NOT_FOUND);
    let reasons: Vec<String> = sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'recording.delete' ORDER BY entity_id")
        .fetch_all(&app.db.pool)
        .await
        .expect("audit");
    assert_eq!(reasons.len(), 2);
    assert!(reasons.iter().any(|details| details.contains("\"retention\"")), "{reasons:?}");
    assert!(reasons.iter().any(|details| details.contains("\"abandoned\"")), "{reasons:?}");
    let parts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recording_parts").fetch_one(&app.db.pool).await.expect("parts");
    assert_eq!(parts, 0);
}

#[tokio::test]
async fn recordings_uploader_deletes_own() {
    let app = TestApp::spawn().await;
    let activity = lesson_study(&app).await;
    let id = uploaded(&app, activity, &video_bytes(400), 400).await;
    let outsider = app.login("hieutruong_b1").await;
    assert_eq!(outsider.post_form(&format!("/recordings/{id}/delete"), &[]).await.status, StatusCode::NOT_FOUND);

    let teacher = app.login("giaovien_a1").await;
    let deleted = teacher.post_form(&format!("/recordings/{id}/delete"), &[]).await;

    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert_eq!(teacher.get(&format!("/recordings/{id}")).await.status, StatusCode::NOT_FOUND);
    let list = teacher.get(&format!("/activities/{activity}/recordings")).await;
    assert!(list.body.contains("chưa có bản ghi hình nào"), "{}", list.body);
}

/// Publishes a lesson study with `giaovien_a1` registered and uploads `content` as
/// their recording, in parts of 64 KiB; returns the activity's and recording's ids.
pub(crate) async fn with_recording(app: &TestApp, content: &[u8]) -> (i64, i64) {
    let activity = lesson_study(app).await;
    let recording = uploaded(app, activity, content, 64 * 1024).await;
    (activity, recording)
}

/// Uploads with an interrupted part, then seeks, against a real S3-compatible server.
/// It runs when `CAUNOI_TEST_S3_URL` names a bucket (such as `s3://caunoi-test`, with
/// `AWS_ENDPOINT` and credentials in the environment), which `.ci/run` sets up. Without
/// it the test is skipped, unless `CAUNOI_REQUIRE_S3=1` makes that a failure.
#[cfg(feature = "s3")]
#[tokio::test]
async fn recordings_s3_bucket_resumes_and_seeks() {
    let Ok(url) = std::env::var("CAUNOI_TEST_S3_URL") else {
        assert!(std::env::var("CAUNOI_REQUIRE_S3").as_deref() != Ok("1"), "CAUNOI_REQUIRE_S3=1 but CAUNOI_TEST_S3_URL is not set");
        eprintln!("skipped: set CAUNOI_TEST_S3_URL to an S3 bucket to run");
        return;
    };
    let app = TestApp::spawn_with_storage(Some(Storage::s3(&url).expect("open the bucket"))).await;
    let activity = lesson_study(&app).await;
    let api = Api::of(&app, "giaovien_a1").await;
    let content = video_bytes(7 * 1024 * 1024);
    let id = api.start(activity, content.len()).await;

    let first = api.put_part(id, 0, Body::from(content[..3 * 1024 * 1024].to_vec())).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let broken = futures_util::stream::iter(vec![
        Ok::<Bytes, std::io::Error>(Bytes::copy_from_slice(&content[3 * 1024 * 1024..5 * 1024 * 1024])),
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "network lost")),
    ]);
    let cut = api.put_part(id, 3 * 1024 * 1024, Body::from_stream(broken)).await;
    assert_ne!(cut.status, StatusCode::OK, "{}", cut.body);
    let state = api.get(&format!("/api/v1/recordings/{id}")).await;
    assert_eq!(state.json()["received_bytes"], 3 * 1024 * 1024);
    let rest = api.put_part(id, 3 * 1024 * 1024, Body::from(content[3 * 1024 * 1024..].to_vec())).await;
    assert_eq!(rest.status, StatusCode::OK, "{}", rest.body);
    assert_eq!(rest.json()["status"], "ready");

    let teacher = app.login("giaovien_a1").await;
    let cookie = teacher.cookie().expect("cookie");
    let boundary = 3 * 1024 * 1024;
    let (status, _, body) = play(&app, cookie, id, Some(&format!("bytes={}-{}", boundary - 100, boundary + 99))).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, content[boundary - 100..boundary + 100]);
    let (status, _, body) = play(&app, cookie, id, Some("bytes=-1000")).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, content[content.len() - 1000..]);
    let (status, _, body) = play(&app, cookie, id, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body == content, "the whole video comes back unchanged");
}
