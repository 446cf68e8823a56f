//! The notification centre, email settings, the email jobs and their delivery to a
//! small SMTP server run by the test on loopback.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use base64::Engine;
use caunoi_db::notifications::{self, NewNotification};
use caunoi_db::{jobs, users};
use caunoi_web::mail::{MailConfig, Mailer, SmtpUrl};
use caunoi_web::worker::{Worker, WorkerConfig};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::harness::TestApp;

/// Notifies people of the world by username and returns the id of the first one's
/// notification.
pub async fn notify(app: &TestApp, usernames: &[&str], kind: &str, title: &str) -> i64 {
    let mut ids = Vec::new();
    for username in usernames {
        ids.push(users::id_by_username(&app.db, username).await.unwrap());
    }
    let note = NewNotification {
        kind,
        message_id: "notify-reminder-overdue",
        // 2026-12-20T10:00:00Z, 17:00 in Vietnam.
        params: json!({ "number": "1581/SGDĐT-GDTrH", "title": title, "deadline_ms": 1_797_760_800_000_i64 }),
        link: "/directives/1/view".into(),
    };
    let mut conn = app.db.pool.acquire().await.unwrap();
    notifications::notify(&mut conn, &ids, &note).await.unwrap();
    sqlx::query_scalar("SELECT MAX(id) FROM notifications WHERE user_id = $1")
        .bind(ids[0])
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

pub async fn set_email(app: &TestApp, username: &str, email: &str) {
    sqlx::query("UPDATE users SET email = $1 WHERE username = $2")
        .bind(email)
        .bind(username)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

async fn email_state(app: &TestApp, id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT email_state FROM notifications WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap()
}

async fn email_jobs(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'send_email'").fetch_one(&app.db.pool).await.unwrap()
}

/// One message received by [`SmtpSink`]: the envelope recipients and the raw data.
#[derive(Debug, Clone)]
pub struct Received {
    pub recipients: Vec<String>,
    pub data: String,
}

impl Received {
    /// Returns a header's value, unfolded, with RFC 2047 encoded words decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        let line = unfolded.lines().find(|line| line.to_ascii_lowercase().starts_with(&format!("{}:", name.to_ascii_lowercase())))?;
        Some(decode_words(line[name.len() + 1..].trim()))
    }

    /// Returns the body decoded from base64 or quoted-printable.
    pub fn body(&self) -> String {
        let (_, body) = self.data.split_once("\r\n\r\n").unwrap_or_default();
        match self.header("Content-Transfer-Encoding").map(|e| e.to_ascii_lowercase()).as_deref() {
            Some("base64") => {
                let compact: String = body.split_whitespace().collect();
                String::from_utf8(base64::engine::general_purpose::STANDARD.decode(compact).unwrap()).unwrap()
            }
            Some("quoted-printable") => decode_quoted_printable(body),
            _ => body.to_owned(),
        }
    }
}

/// Decodes RFC 2047 encoded words. Whitespace between two encoded words is dropped;
/// whitespace next to a plain word is kept.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<bool> = None;
    for word in value.split(' ').filter(|word| !word.is_empty()) {
        let lower = word.to_ascii_lowercase();
        let decoded = if lower.starts_with("=?utf-8?b?") && word.ends_with("?=") {
            let bytes = base64::engine::general_purpose::STANDARD.decode(&word[10..word.len() - 2]).unwrap();
            Some(String::from_utf8(bytes).unwrap())
        } else if lower.starts_with("=?utf-8?q?") && word.ends_with("?=") {
            Some(decode_quoted_printable(&word[10..word.len() - 2].replace('_', " ")))
        } else {
            None
        };
        let encoded = decoded.is_some();
        if previous.is_some() && !(previous == Some(true) && encoded) {
            out.push(' ');
        }
        out.push_str(&decoded.unwrap_or_else(|| word.to_owned()));
        previous = Some(encoded);
    }
    out
}

fn decode_quoted_printable(text: &str) -> String {
    let text = text.replace("=\r\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'=' && index + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A minimal SMTP server on 127.0.0.1 that accepts every message and keeps it.
pub struct SmtpSink {
    pub address: SocketAddr,
    messages: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let store = messages.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(smtp_session(socket, store.clone()));
            }
        });
        SmtpSink { address, messages, task }
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().unwrap().clone()
    }

    /// Returns a mailer that sends to this sink without TLS.
    pub fn mailer(&self) -> Mailer {
        Mailer::new(&MailConfig {
            smtp_url: Some(SmtpUrl::new(format!("smtp://{}?tls=none", self.address))),
            mail_from: Some("Cầu Nối <khong-tra-loi@caunoi.test>".into()),
            public_url: "https://caunoi.test".into(),
        })
        .unwrap()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn smtp_session(socket: TcpStream, store: Arc<Mutex<Vec<Received>>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut recipients = Vec::new();
    if write.write_all(b"220 sink.test ESMTP\r\n").await.is_err() {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let command = line.to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-sink.test\r\n250 8BITMIME\r\n"
        } else if command.starts_with("HELO") {
            b"250 sink.test\r\n"
        } else if command.starts_with("MAIL FROM") || command.starts_with("RSET") || command.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if command.starts_with("RCPT TO") {
            recipients.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
            b"250 OK\r\n"
        } else if command == "DATA" {
            if write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await.is_err() {
                return;
            }
            let mut data = Vec::new();
            while let Ok(Some(line)) = lines.next_line().await {
                if line == "." {
                    break;
                }
                // Undo the dot-stuffing of lines that start with a dot.
                data.push(if line.starts_with("..") { line[1..].to_owned() } else { line });
            }
            store.lock().unwrap().push(Received { recipients: std::mem::take(&mut recipients), data: data.join("\r\n") });
            b"250 OK queued\r\n"
        } else if command.starts_with("QUIT") {
            let _ = write.write_all(b"221 Bye\r\n").await;
            return;
        } else {
            b"502 Command not implemented\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// Returns a worker that polls every 50 ms.
pub fn worker(app: &TestApp, mailer: Mailer) -> Worker {
    let config = WorkerConfig { id: "test-worker".into(), poll: Duration::from_millis(50), ..WorkerConfig::for_instance() };
    Worker::new(app.db.clone(), mailer, config)
}

/// Runs every due job once, as a round of the worker would.
pub async fn run_jobs(worker: &Worker) -> usize {
    let (_stop, running) = watch::channel(false);
    worker.run_due(&running).await.unwrap()
}

#[tokio::test]
async fn centre_lists_own_notifications() {
    let app = TestApp::spawn().await;
    notify(&app, &["hieutruong_a1"], "directive", "Kế hoạch kiểm tra cuối kỳ").await;
    notify(&app, &["hieutruong_a2"], "directive", "Lịch họp cụm riêng").await;

    let client = app.login("hieutruong_a1").await;
    let page = client.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Kế hoạch kiểm tra cuối kỳ"), "{}", page.body);
    assert!(page.body.contains("1581/SGDĐT-GDTrH"));
    assert!(page.body.contains("20/12/2026 17:00"), "instants shown in Vietnam time");
    assert!(!page.body.contains("Lịch họp cụm riêng"), "another person's notification leaked");
    assert!(page.body.contains("Bạn có 1 thông báo chưa đọc."));
}

#[tokio::test]
async fn nav_shows_unread_count() {
    let app = TestApp::spawn().await;
    notify(&app, &["giaovien_a1"], "directive", "Một").await;
    notify(&app, &["giaovien_a1"], "directive", "Hai").await;

    let client = app.login("giaovien_a1").await;
    let page = client.get("/me").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("href=\"/notifications\""), "{}", page.body);
    assert!(page.body.contains("unread-count"));
    assert!(page.body.contains(">2</span>"), "{}", page.body);

    let other = app.login("giaovien_a1").await;
    other.post_form("/notifications/read-all", &[]).await;
    let page = client.get("/me").await;
    assert!(!page.body.contains("unread-count"), "no badge without unread notifications");
}

#[tokio::test]
async fn nav_caps_unread_count() {
    let app = TestApp::spawn().await;
    let user = users::id_by_username(&app.db, "giaovien_a1").await.unwrap();
    let note = NewNotification { kind: "directive", message_id: "notify-directive-published", params: json!({}), link: "/".into() };
    let mut conn = app.db.pool.acquire().await.unwrap();
    for _ in 0..120 {
        notifications::notify(&mut conn, &[user], &note).await.unwrap();
    }
    drop(conn);
    let page = app.login("giaovien_a1").await.get("/me").await;
    assert!(page.body.contains(">99+</span>"), "{}", page.body);
}

#[tokio::test]
async fn open_marks_read_and_redirects() {
    let app = TestApp::spawn().await;
    let id = notify(&app, &["hieutruong_a1"], "directive", "Kế hoạch").await;
    let client = app.login("hieutruong_a1").await;

    let response = client.get(&format!("/notifications/{id}/open")).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/directives/1/view"));
    let read_at: Option<i64> =
        sqlx::query_scalar("SELECT read_at FROM notifications WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert!(read_at.is_some());
    let page = client.get("/notifications?show=unread").await;
    assert!(page.body.contains("Không có thông báo chưa đọc."), "{}", page.body);
}

#[tokio::test]
async fn mark_one_read() {
    let app = TestApp::spawn().await;
    let first = notify(&app, &["hieutruong_a1"], "directive", "Một").await;
    notify(&app, &["hieutruong_a1"], "directive", "Hai").await;
    let client = app.login("hieutruong_a1").await;

    let response = client.post_form(&format!("/notifications/{first}/read"), &[("next", "/notifications?page=1")]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/notifications?page=1"));
    let user = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    assert_eq!(notifications::unread_count(&app.db, user, 100).await.unwrap(), 1);

    // A return address outside the centre goes back to the centre.
    let response = client.post_form(&format!("/notifications/{first}/read"), &[("next", "https://example.com/")]).await;
    assert_eq!(response.location(), Some("/notifications"));
}

#[tokio::test]
async fn read_all_marks_everything() {
    let app = TestApp::spawn().await;
    notify(&app, &["hieutruong_a1", "hieutruong_a2"], "directive", "Một").await;
    notify(&app, &["hieutruong_a1"], "reminder", "Hai").await;
    let client = app.login("hieutruong_a1").await;

    let response = client.post_form("/notifications/read-all", &[("next", "/notifications")]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let a1 = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    let a2 = users::id_by_username(&app.db, "hieutruong_a2").await.unwrap();
    assert_eq!(notifications::unread_count(&app.db, a1, 100).await.unwrap(), 0);
    assert_eq!(notifications::unread_count(&app.db, a2, 100).await.unwrap(), 1, "only the caller's");
}

#[tokio::test]
async fn others_notifications_are_404() {
    let app = TestApp::spawn().await;
    let id = notify(&app, &["hieutruong_a1"], "directive", "Riêng").await;
    for username in ["hieutruong_a2", "hieutruong_b1", "hieutruong_hn", "chuyenvien"] {
        let client = app.login(username).await;
        assert_eq!(client.get(&format!("/notifications/{id}/open")).await.status, StatusCode::NOT_FOUND, "{username}");
        let response = client.post_form(&format!("/notifications/{id}/read"), &[]).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
    let read_at: Option<i64> =
        sqlx::query_scalar("SELECT read_at FROM notifications WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(read_at, None);
}

#[tokio::test]
async fn bad_ids_and_filters() {
    let app = TestApp::spawn().await;
    let client = app.login("hieutruong_a1").await;
    for path in ["/notifications/abc/open", "/notifications/0/open", "/notifications/99999999999999999999/open"] {
        assert_eq!(client.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(client.post_form("/notifications/x/read", &[]).await.status, StatusCode::NOT_FOUND);

    let page = client.get("/notifications?show=nhieu&page=abc").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Bộ lọc “nhieu” không có"), "{}", page.body);
    let page = client.get("/notifications?page=50").await;
    assert_eq!(page.status, StatusCode::OK);
}

#[tokio::test]
async fn anonymous_is_sent_to_login() {
    let app = TestApp::spawn().await;
    let response = app.anonymous().get("/notifications").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert!(response.location().unwrap().starts_with("/login"));
    assert_eq!(app.anonymous().get("/api/v1/notifications").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn centre_pages_in_english() {
    let app = TestApp::spawn().await;
    notify(&app, &["hieutruong_a1"], "directive", "Kế hoạch").await;
    let request = axum::http::Request::get("/notifications")
        .header(axum::http::header::ACCEPT_LANGUAGE, "en")
        .header(axum::http::header::COOKIE, session_cookie(&app).await)
        .body(axum::body::Body::empty())
        .unwrap();
    let page = app.send(request).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("You have one unread notification."), "{}", page.body);
}

/// Logs `hieutruong_a1` in and returns the session cookie.
async fn session_cookie(app: &TestApp) -> String {
    let response = app
        .send(
            axum::http::Request::post("/login")
                .header(axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(axum::http::header::HOST, "localhost")
                .header(axum::http::header::ORIGIN, "http://localhost")
                .body(axum::body::Body::from(format!("username=hieutruong_a1&password={}&next=%2F", crate::harness::PASSWORD)))
                .unwrap(),
        )
        .await;
    response
        .headers
        .get_all(axum::http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("caunoi_session="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn settings_default_and_save() {
    let app = TestApp::spawn().await;
    let client = app.login("hieutruong_a1").await;
    let page = client.get("/notifications/settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"directive\" checked"), "{}", page.body);
    assert!(page.body.contains("value=\"request_status\" >"), "status changes are off by default");
    assert!(page.body.contains("chưa có địa chỉ thư điện tử"), "the test world has no addresses");

    let response = client.post_form("/notifications/settings", &[("email", "reminder"), ("email", "request_status")]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/notifications/settings?saved=1"));
    let page = client.get("/notifications/settings?saved=1").await;
    assert!(page.body.contains("Đã lưu cài đặt."));
    assert!(page.body.contains("value=\"directive\" >"), "{}", page.body);
    assert!(page.body.contains("value=\"reminder\" checked"));
    assert!(page.body.contains("value=\"request_status\" checked"));

    let user = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    let settings = notifications::settings(&app.db, user).await.unwrap();
    let emailed: Vec<&str> = settings.iter().filter(|s| s.email).map(|s| s.kind.as_str()).collect();
    assert_eq!(emailed, vec!["reminder", "request_status"]);

    // Unchecking every box is a valid choice: nothing by email.
    client.post_form("/notifications/settings", &[]).await;
    let settings = notifications::settings(&app.db, user).await.unwrap();
    assert!(settings.iter().all(|s| !s.email && !s.is_default));
}

#[tokio::test]
async fn settings_reject_unknown_kind() {
    let app = TestApp::spawn().await;
    let client = app.login("hieutruong_a1").await;
    let response = client.post_form("/notifications/settings", &[("email", "reminder"), ("email", "tin-rac")]).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Loại thông báo “tin-rac” không có."), "{}", response.body);
    assert!(response.body.contains("value=\"reminder\" checked"), "keeps the valid choice");
    let user = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    assert!(notifications::settings(&app.db, user).await.unwrap().iter().all(|s| s.is_default), "nothing saved");
}

#[tokio::test]
async fn notify_queues_email_per_setting() {
    let app = TestApp::spawn().await;
    set_email(&app, "hieutruong_a1", "hieu.a1@truong.test").await;

    let wanted = notify(&app, &["hieutruong_a1"], "directive", "Một").await;
    assert_eq!(email_state(&app, wanted).await.as_deref(), Some("queued"));
    assert_eq!(email_jobs(&app).await, 1);

    let status_change = notify(&app, &["hieutruong_a1"], "request_status", "Hai").await;
    assert_eq!(email_state(&app, status_change).await.as_deref(), Some("skipped"), "off by default");

    let no_address = notify(&app, &["hieutruong_a2"], "directive", "Ba").await;
    assert_eq!(email_state(&app, no_address).await.as_deref(), Some("skipped"));

    let user = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    notifications::set_settings(&app.db, user, &[]).await.unwrap();
    let opted_out = notify(&app, &["hieutruong_a1"], "directive", "Bốn").await;
    assert_eq!(email_state(&app, opted_out).await.as_deref(), Some("skipped"));
    assert_eq!(email_jobs(&app).await, 1);
}

#[tokio::test]
async fn notify_many_people_at_once() {
    let app = TestApp::spawn().await;
    set_email(&app, "hieutruong_a1", "hieu.a1@truong.test").await;
    set_email(&app, "hieutruong_a2", "hieu.a2@truong.test").await;
    let everyone = ["hieutruong_a1", "hieutruong_a2", "hieutruong_b1", "giaovien_a1", "hieutruong_a1"];
    notify(&app, &everyone, "directive", "Gửi nhiều người").await;
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(rows, 4, "one per person, repeated ids once");
    assert_eq!(email_jobs(&app).await, 2, "only people with an address");
}

#[tokio::test]
async fn email_arrives_once() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start().await;
    set_email(&app, "hieutruong_a1", "hieu.a1@truong.test").await;
    let id = notify(&app, &["hieutruong_a1"], "directive", "Kế hoạch kiểm tra cuối kỳ").await;

    let worker = worker(&app, sink.mailer());
    assert_eq!(run_jobs(&worker).await, 1);
    assert_eq!(run_jobs(&worker).await, 0, "nothing left to send");

    let messages = sink.messages();
    assert_eq!(messages.len(), 1, "exactly one email");
    let message = &messages[0];
    assert_eq!(message.recipients, vec!["hieu.a1@truong.test".to_owned()]);
    let subject = message.header("Subject").unwrap();
    assert!(subject.starts_with("[Cầu Nối] Đã quá hạn xác nhận văn bản 1581/SGDĐT-GDTrH"), "{subject}");
    assert!(subject.contains("Kế hoạch kiểm tra cuối kỳ"), "{subject}");
    let body = message.body();
    assert!(body.contains("Kính gửi Võ Thị Hiệu,"), "{body}");
    assert!(body.contains("https://caunoi.test/directives/1/view"), "{body}");
    assert!(body.contains("Dear Võ Thị Hiệu,"), "the English version follows: {body}");
    assert!(body.contains("https://caunoi.test/notifications/settings"));
    assert_eq!(email_state(&app, id).await.as_deref(), Some("sent"));
    let counts = jobs::count_by_status(&app.db, jobs::SEND_EMAIL).await.unwrap();
    assert_eq!((counts[0].status.as_str(), counts[0].count), ("done", 1));
}

#[tokio::test]
async fn email_skipped_without_smtp() {
    let app = TestApp::spawn().await;
    set_email(&app, "hieutruong_a1", "hieu.a1@truong.test").await;
    let id = notify(&app, &["hieutruong_a1"], "directive", "Một").await;

    let worker = worker(&app, Mailer::disabled("http://localhost:8080"));
    assert_eq!(run_jobs(&worker).await, 1);
    let counts = jobs::count_by_status(&app.db, jobs::SEND_EMAIL).await.unwrap();
    assert_eq!((counts[0].status.as_str(), counts[0].count), ("skipped", 1));
    assert_eq!(email_state(&app, id).await.as_deref(), Some("skipped"));
}

#[tokio::test]
async fn email_skipped_after_opt_out() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start().await;
    set_email(&app, "hieutruong_a1", "hieu.a1@truong.test").await;
    let id = notify(&app, &["hieutruong_a1"], "directive", "Một").await;
    assert_eq!(email_state(&app, id).await.as_deref(), Some("queued"));

    // The reader turns directive emails off before the job runs.
    let user = users::id_by_username(&app.db, "hieutruong_a1").await.unwrap();
    notifications::set_settings(&app.db, user, &[notifications::NotificationKind::Reminder]).await.unwrap();
    assert_eq!(run_jobs(&worker(&app, sink.mailer())).await, 1);

    assert!(sink.messages().is_empty());
    assert_eq!(email_state(&app, id).await.as_deref(), Some("skipped"));
}

#[tokio::test]
async fn email_retried_when_server_down() {
    let app = TestApp::spawn().await;
    set_email(&app, "hieutruong_a1", "hieu.a1@truong.test").await;
    notify(&app, &["hieutruong_a1"], "directive", "Một").await;
    // A port nothing listens on: bind one, then free it.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let mailer = Mailer::new(&MailConfig {
        smtp_url: Some(SmtpUrl::new(format!("smtp://{closed}?tls=none"))),
        mail_from: Some("khong-tra-loi@caunoi.test".into()),
        public_url: "https://caunoi.test".into(),
    })
    .unwrap();

    assert_eq!(run_jobs(&worker(&app, mailer)).await, 1);
    let (status, attempts, error): (String, i64, Option<String>) =
        sqlx::query_as("SELECT status, attempts, last_error FROM jobs WHERE kind = 'send_email'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), attempts), ("queued", 1), "queued again with a backoff");
    assert!(!error.unwrap_or_default().contains("truong.test"), "no address in the stored error");
}

#[tokio::test]
async fn worker_loop_sends_and_stops() {
    let app = TestApp::spawn().await;
    let sink = SmtpSink::start().await;
    set_email(&app, "hieutruong_a1", "hieu.a1@truong.test").await;
    notify(&app, &["hieutruong_a1"], "reminder", "Một").await;

    let (stop, running) = watch::channel(false);
    let handle = caunoi_web::worker::spawn(worker(&app, sink.mailer()), running);
    for _ in 0..100 {
        if !sink.messages().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(10), handle).await.expect("the worker stops").unwrap();
    assert_eq!(sink.messages().len(), 1);
    let scans: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'scan_reminders'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(scans, 1, "one scan for the slot");
}

#[tokio::test]
async fn scan_scheduled_once_per_slot() {
    let app = TestApp::spawn().await;
    let one = worker(&app, Mailer::disabled("http://localhost"));
    let two = Worker::new(
        app.db.clone(),
        Mailer::disabled("http://localhost"),
        WorkerConfig { id: "second".into(), ..WorkerConfig::for_instance() },
    );
    let slot_start = 1_800_000_000_000 / 60_000 * 60_000;
    assert!(one.schedule_scan(slot_start + 1_000).await.unwrap());
    assert!(!two.schedule_scan(slot_start + 30_000).await.unwrap(), "same slot, other instance");
    assert!(two.schedule_scan(slot_start + 61_000).await.unwrap(), "next slot");
}

#[tokio::test]
async fn api_lists_and_reads() {
    let app = TestApp::spawn().await;
    let first = notify(&app, &["hieutruong_a1"], "directive", "Một").await;
    notify(&app, &["hieutruong_a1"], "reminder", "Hai").await;
    notify(&app, &["hieutruong_a2"], "directive", "Của người khác").await;
    let api = app.api_as("hieutruong_a1").await;

    let response = api.get("/api/v1/notifications").await;
    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(body["total"], 2);
    assert_eq!(body["unread"], 2);
    assert_eq!(body["items"][0]["kind"], "reminder", "newest first");
    assert_eq!(body["items"][1]["id"], first);
    assert_eq!(body["items"][1]["params"]["title"], "Một");
    assert!(body["items"][1]["text"].as_str().unwrap().contains("Một"));
    assert!(body["items"][1]["created_at"].as_str().unwrap().ends_with("+07:00"));

    let response = api.post_form(&format!("/api/v1/notifications/{first}/read"), &[]).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert!(response.json()["read_at"].is_string());

    let unread = api.get("/api/v1/notifications?unread=true&per_page=10").await.json();
    assert_eq!(unread["total"], 1);
    assert_eq!(unread["unread"], 1);

    let response = api.post_form("/api/v1/notifications/read-all", &[]).await;
    assert_eq!(response.json()["marked"], 1);
}

#[tokio::test]
async fn api_refuses_others_and_bad_input() {
    let app = TestApp::spawn().await;
    let id = notify(&app, &["hieutruong_a1"], "directive", "Riêng").await;
    for username in ["hieutruong_a2", "hieutruong_b1", "chuyenvien_hn"] {
        let api = app.api_as(username).await;
        let response = api.post_form(&format!("/api/v1/notifications/{id}/read"), &[]).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
        assert_eq!(api.get("/api/v1/notifications").await.json()["total"], 0, "{username}");
    }
    let api = app.api_as("hieutruong_a1").await;
    let response = api.post_form("/api/v1/notifications/abc/read", &[]).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.json()["error"]["code"], "bad_request");
    let response = api.get("/api/v1/notifications?unread=yes").await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(response.json()["error"]["message"].as_str().unwrap().contains("unread"));
    assert_eq!(api.get("/api/v1/notifications?page=0").await.status, StatusCode::BAD_REQUEST);
}
