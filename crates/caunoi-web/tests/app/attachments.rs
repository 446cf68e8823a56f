//! Attached files: downloads for those who may read the owner, 404 for everyone else,
//! byte ranges and the headers that keep a browser from running a file.
//!
//! The harness does not expose its file store, so these tests build a second router
//! over the same database with a file store they can write to. Sessions live in the
//! database, so logging in through that router works as through the harness's.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use caunoi_db::attachments::{self, FileKind, NewAttachment, OwnerKind, StoredFile};
use caunoi_db::storage::Storage;
use caunoi_web::{AppState, Config};
use http_body_util::BodyExt;
use tempfile::TempDir;
use tower::ServiceExt;

use crate::harness::{PASSWORD, TestApp, urlencode};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const FILE_NAME: &str = "Công văn 1581.pdf";

/// The test world plus a router whose file store this test can write to.
struct Files {
    app: TestApp,
    router: Router,
    storage: Storage,
    _dir: TempDir,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Files {
    async fn spawn() -> Files {
        let app = TestApp::spawn().await;
        let dir = TempDir::new().expect("temp dir");
        let state = AppState::new(app.db.clone(), Config::for_tests(dir.path().to_path_buf()));
        let storage = state.storage.clone();
        Files { app, router: caunoi_web::router(state), storage, _dir: dir }
    }

    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.expect("router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.expect("body").to_bytes().to_vec();
        Reply { status, headers, body }
    }

    /// Logs a person in and returns their session cookie.
    async fn login(&self, username: &str) -> String {
        let body = format!("username={}&password={}&next=%2F", urlencode(username), urlencode(PASSWORD));
        let request = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body))
            .expect("request");
        let reply = self.send(request).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "login of {username} failed");
        reply
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with("caunoi_session="))
            .and_then(|value| value.split(';').next())
            .expect("session cookie")
            .to_owned()
    }

    async fn get(&self, username: &str, path: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
        let cookie = self.login(username).await;
        let mut request = Request::get(path).header(header::COOKIE, cookie);
        for (name, value) in headers {
            request = request.header(name, *value);
        }
        self.send(request.body(Body::empty()).expect("request")).await
    }

    async fn user_id(&self, username: &str) -> i64 {
        caunoi_db::users::id_by_username(&self.app.db, username).await.expect("known user")
    }

    /// Inserts a directive of the department of Ho Chi Minh City, received by school A1
    /// when published.
    async fn directive(&self, status: &str) -> i64 {
        let world = &self.app.world;
        let author = self.user_id("chuyenvien").await;
        let version = i64::from(status != "draft");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO directives (province_code, status, version, kind, number_symbol, issuing_body, signer, \
             title, summary, body, remind_before_min, audience, search_text, created_by, created_at, updated_at) \
             VALUES ('79', $1, $2, 'dispatch', '1581/SGDĐT-GDTrH', 'Sở GD&ĐT', 'Nguyễn Văn A', 'Hướng dẫn', '', '', \
             1440, '{}', '', $3, 0, 0) RETURNING id",
        )
        .bind(status)
        .bind(version)
        .bind(author)
        .fetch_one(&self.app.db.pool)
        .await
        .expect("directive");
        if status != "draft" {
            sqlx::query(
                "INSERT INTO directive_recipients (directive_id, school_id, cluster_id, commune_code) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(world.school_a1)
            .bind(world.cluster_a)
            .bind(world.commune_a1.clone())
            .execute(&self.app.db.pool)
            .await
            .expect("recipient");
        }
        id
    }

    /// Inserts an open request raised by school A1, handled by the board of cluster A.
    async fn request(&self) -> i64 {
        let world = &self.app.world;
        let author = self.user_id("hieutruong_a1").await;
        sqlx::query_scalar(
            "INSERT INTO requests (province_code, school_id, cluster_id, category, title, body, status, handler_level, \
             created_by, created_at, updated_at, first_answer_due, search_text) \
             VALUES ('79', $1, $2, 'other', 'Hỏi về lịch thi', '', 'open', 'cluster', $3, 0, 0, 0, '') RETURNING id",
        )
        .bind(world.school_a1)
        .bind(world.cluster_a)
        .bind(author)
        .fetch_one(&self.app.db.pool)
        .await
        .expect("request")
    }

    /// Stores `bytes` and attaches them to an owner; returns the attachment id.
    async fn attach(&self, owner_kind: OwnerKind, owner_id: i64, bytes: &[u8]) -> i64 {
        let key = Storage::generate_key();
        self.storage.put(&key, bytes.to_vec()).await.expect("put");
        let file = StoredFile {
            kind: FileKind::Pdf,
            size_bytes: bytes.len() as i64,
            sha256: "0123abcd".into(),
            storage_key: key,
        };
        let new = NewAttachment {
            province_code: "79".into(),
            owner_kind,
            owner_id,
            owner_part: Some(1),
            file_name: FILE_NAME.into(),
            file,
            uploaded_by: self.user_id("chuyenvien").await,
        };
        attachments::insert(&self.app.db.pool, &new).await.expect("insert attachment")
    }
}

fn header(reply: &Reply, name: header::HeaderName) -> &str {
    reply.headers.get(&name).and_then(|value| value.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn recipient_downloads_file() {
    let files = Files::spawn().await;
    let directive = files.directive("published").await;
    let id = files.attach(OwnerKind::Directive, directive, PDF).await;

    let reply = files.get("hieutruong_a1", &format!("/attachments/{id}"), &[]).await;

    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, PDF);
    assert_eq!(header(&reply, header::CONTENT_TYPE), "application/pdf");
    assert_eq!(header(&reply, header::CONTENT_LENGTH), PDF.len().to_string());
    assert_eq!(
        header(&reply, header::CONTENT_DISPOSITION),
        "attachment; filename=\"Cong van 1581.pdf\"; filename*=UTF-8''C%C3%B4ng%20v%C4%83n%201581.pdf"
    );
    assert_eq!(header(&reply, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(header(&reply, header::ACCEPT_RANGES), "bytes");
    assert_eq!(header(&reply, header::ETAG), "\"0123abcd\"");
    assert!(header(&reply, header::CONTENT_SECURITY_POLICY).contains("sandbox"));
}

#[tokio::test]
async fn sender_side_downloads_file() {
    let files = Files::spawn().await;
    let published = files.directive("published").await;
    let draft = files.directive("draft").await;
    let published_file = files.attach(OwnerKind::Directive, published, PDF).await;
    let draft_file = files.attach(OwnerKind::Directive, draft, PDF).await;

    let published_reply = files.get("chuyenvien", &format!("/attachments/{published_file}"), &[]).await;
    let draft_reply = files.get("chuyenvien", &format!("/attachments/{draft_file}"), &[]).await;

    assert_eq!(published_reply.status, StatusCode::OK);
    assert_eq!(draft_reply.status, StatusCode::OK);
    assert_eq!(draft_reply.body, PDF);
}

#[tokio::test]
async fn outsiders_get_not_found() {
    let files = Files::spawn().await;
    let directive = files.directive("published").await;
    let id = files.attach(OwnerKind::Directive, directive, PDF).await;
    let path = format!("/attachments/{id}");

    // Same cluster but not in the audience, another cluster, another province.
    for username in ["hieutruong_a2", "hieutruong_b1", "chuyenvien_hn", "hieutruong_hn"] {
        let reply = files.get(username, &path, &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{username}");
        assert!(!reply.body.starts_with(b"%PDF"), "{username} received the file");
    }
}

#[tokio::test]
async fn draft_files_hidden_from_schools() {
    let files = Files::spawn().await;
    let draft = files.directive("draft").await;
    let id = files.attach(OwnerKind::Directive, draft, PDF).await;

    let reply = files.get("hieutruong_a1", &format!("/attachments/{id}"), &[]).await;

    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_or_unknown_ids_not_found() {
    let files = Files::spawn().await;

    for path in ["/attachments/abc", "/attachments/999999", "/attachments/-1", "/attachments/1e3"] {
        let reply = files.get("chuyenvien", path, &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn anonymous_sent_to_login() {
    let files = Files::spawn().await;
    let directive = files.directive("published").await;
    let id = files.attach(OwnerKind::Directive, directive, PDF).await;

    let request = Request::get(format!("/attachments/{id}")).body(Body::empty()).expect("request");
    let reply = files.send(request).await;

    assert!(reply.status.is_redirection(), "{}", reply.status);
    assert!(header(&reply, header::LOCATION).starts_with("/login"));
    assert!(reply.body.is_empty());
}

#[tokio::test]
async fn request_file_for_its_readers() {
    let files = Files::spawn().await;
    let request = files.request().await;
    let id = files.attach(OwnerKind::Request, request, PDF).await;
    let path = format!("/attachments/{id}");

    // The raising school's leader, its cluster board, its commune officer, the department.
    for username in ["hieutruong_a1", "dieuphoi_a", "bandieuphoi_a", "canboxa_a", "chuyenvien"] {
        let reply = files.get(username, &path, &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{username}");
        assert_eq!(reply.body, PDF, "{username}");
    }
}

#[tokio::test]
async fn request_file_hidden_from_others() {
    let files = Files::spawn().await;
    let request = files.request().await;
    let id = files.attach(OwnerKind::Request, request, PDF).await;
    let path = format!("/attachments/{id}");

    // A teacher of the school, another school of the cluster, another cluster, another province.
    for username in ["giaovien_a1", "hieutruong_a2", "hieutruong_b1", "chuyenvien_hn", "hieutruong_hn"] {
        let reply = files.get(username, &path, &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{username}");
    }
}

#[tokio::test]
async fn missing_owner_not_found() {
    let files = Files::spawn().await;
    let orphan_request = files.attach(OwnerKind::Request, 999_999, PDF).await;
    let orphan_directive = files.attach(OwnerKind::Directive, 999_999, PDF).await;

    for id in [orphan_request, orphan_directive] {
        let reply = files.get("chuyenvien", &format!("/attachments/{id}"), &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "attachment {id}");
    }
}

#[tokio::test]
async fn range_returns_partial_content() {
    let files = Files::spawn().await;
    let directive = files.directive("published").await;
    let id = files.attach(OwnerKind::Directive, directive, PDF).await;
    let path = format!("/attachments/{id}");
    let size = PDF.len();

    let head = files.get("hieutruong_a1", &path, &[(header::RANGE, "bytes=0-3")]).await;
    let tail = files.get("hieutruong_a1", &path, &[(header::RANGE, "bytes=-6")]).await;
    let outside = files.get("hieutruong_a1", &path, &[(header::RANGE, "bytes=5000-")]).await;
    let stale = files.get("hieutruong_a1", &path, &[(header::RANGE, "bytes=0-3"), (header::IF_RANGE, "\"other\"")]).await;

    assert_eq!(head.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(head.body, b"%PDF");
    assert_eq!(header(&head, header::CONTENT_RANGE), format!("bytes 0-3/{size}"));
    assert_eq!(header(&head, header::CONTENT_LENGTH), "4");
    assert_eq!(tail.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(tail.body, b"%%EOF\n");
    assert_eq!(header(&tail, header::CONTENT_RANGE), format!("bytes {}-{}/{size}", size - 6, size - 1));
    assert_eq!(outside.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(header(&outside, header::CONTENT_RANGE), format!("bytes */{size}"));
    assert_eq!(stale.status, StatusCode::OK);
    assert_eq!(stale.body, PDF);
}

#[tokio::test]
async fn range_refused_to_outsiders() {
    let files = Files::spawn().await;
    let directive = files.directive("published").await;
    let id = files.attach(OwnerKind::Directive, directive, PDF).await;

    let reply = files.get("hieutruong_b1", &format!("/attachments/{id}"), &[(header::RANGE, "bytes=0-3")]).await;

    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn matching_etag_not_modified() {
    let files = Files::spawn().await;
    let directive = files.directive("published").await;
    let id = files.attach(OwnerKind::Directive, directive, PDF).await;

    let reply = files.get("hieutruong_a1", &format!("/attachments/{id}"), &[(header::IF_NONE_MATCH, "\"0123abcd\"")]).await;

    assert_eq!(reply.status, StatusCode::NOT_MODIFIED);
    assert!(reply.body.is_empty());
}

#[tokio::test]
async fn file_store_created_in_data_dir() {
    let app = TestApp::spawn().await;
    let dir = TempDir::new().expect("temp dir");

    let _state = AppState::new(app.db.clone(), Config::for_tests(dir.path().join("data")));

    assert!(dir.path().join("data").join("files").is_dir());
}

/// Inserts a draft directive of the department of Ho Chi Minh City.
async fn draft(app: &TestApp) -> i64 {
    let author = caunoi_db::users::id_by_username(&app.db, "chuyenvien").await.expect("known user");
    sqlx::query_scalar(
        "INSERT INTO directives (province_code, status, version, kind, number_symbol, issuing_body, signer, \
         title, summary, body, remind_before_min, audience, search_text, created_by, created_at, updated_at) \
         VALUES ('79', 'draft', 0, 'dispatch', '12/SGDĐT', 'Sở GD&ĐT', 'Nguyễn Văn A', 'Kế hoạch', '', '', \
         1440, '{}', '', $1, 0, 0) RETURNING id",
    )
    .bind(author)
    .fetch_one(&app.db.pool)
    .await
    .expect("draft")
}

#[tokio::test]
async fn uploaded_file_downloads_intact() {
    let app = TestApp::spawn().await;
    let directive = draft(&app).await;
    let client = app.login("chuyenvien").await;

    let upload = client.post_file(&format!("/directives/{directive}/files"), FILE_NAME, PDF, &[]).await;
    let stored = attachments::list(&app.db, OwnerKind::Directive, directive).await.expect("list");
    let download = client.get(&format!("/attachments/{}", stored[0].id)).await;

    assert_eq!(upload.status, StatusCode::SEE_OTHER, "{}", upload.body);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].file_name, FILE_NAME);
    assert_eq!(stored[0].content_type, "application/pdf");
    assert_eq!(stored[0].size_bytes, PDF.len() as i64);
    assert_eq!(stored[0].sha256.len(), 64);
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.as_bytes(), PDF);
}

#[tokio::test]
async fn renamed_exe_rejected_with_reason() {
    let app = TestApp::spawn().await;
    let directive = draft(&app).await;
    let client = app.login("chuyenvien").await;
    let exe = b"MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.";

    let reply = client.post_file(&format!("/directives/{directive}/files"), "cong-van.pdf", exe, &[]).await;
    let stored = attachments::list(&app.db, OwnerKind::Directive, directive).await.expect("list");

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("Tệp «cong-van.pdf» không phải PDF, Word (DOCX, DOC), Excel (XLSX, XLS) hay ảnh"),
        "{}",
        reply.body
    );
    assert!(stored.is_empty());
}

#[tokio::test]
async fn oversized_file_rejected_with_limit() {
    let app = TestApp::spawn().await;
    let directive = draft(&app).await;
    let client = app.login("chuyenvien").await;
    let mut large = PDF.to_vec();
    large.resize(caunoi_web::DEFAULT_MAX_ATTACHMENT_BYTES + 1, b' ');

    let reply = client.post_file(&format!("/directives/{directive}/files"), "bản quét.pdf", &large, &[]).await;
    let stored = attachments::list(&app.db, OwnerKind::Directive, directive).await.expect("list");

    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Tệp «bản quét.pdf» lớn hơn 20 MB"), "{}", reply.body);
    assert!(stored.is_empty());
}
