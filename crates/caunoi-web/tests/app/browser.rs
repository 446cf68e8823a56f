//! A real browser seeks in a recorded lesson: headless Chromium signs in, opens the
//! player, clicks a time-stamped comment, and the video lands on the comment's moment,
//! fetched from the server by range requests.
//!
//! The test drives Chromium through the DevTools protocol over a WebSocket. It runs
//! when Chromium is installed (`CAUNOI_CHROMIUM` or `/usr/bin/chromium`) and is
//! skipped otherwise, unless `CAUNOI_REQUIRE_BROWSER=1` (as `.ci/run` sets) makes a
//! missing browser a failure.

use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_db::users;
use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use crate::harness::{PASSWORD, TestApp};

/// A ten-second WebM (VP8, 160×120, a key frame every second) showing a counter.
const FIXTURE: &[u8] = include_bytes!("../fixtures/lesson-10s.webm");

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CAUNOI_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    path.exists().then_some(path)
}

/// Kills the browser when the test ends, passing or not.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts headless Chromium with its DevTools endpoint on a free loopback port and
/// returns it with the WebSocket URL of its first page.
fn launch(path: &PathBuf) -> (Browser, String) {
    let profile = tempfile::TempDir::new().expect("profile dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("addr").port();
    let child = Command::new(path)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--autoplay-policy=no-user-gesture-required",
            "--remote-debugging-address=127.0.0.1",
        ])
        .arg(format!("--remote-debugging-port={port}"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let browser = Browser { child, _profile: profile };
    let started = Instant::now();
    loop {
        let list = http_get_json(port, "/json/list");
        if let Ok(list) = &list
            && let Some(url) = list.as_array().and_then(|pages| {
                pages.iter().find(|page| page["type"] == "page").and_then(|page| page["webSocketDebuggerUrl"].as_str().map(str::to_owned))
            })
        {
            return (browser, url);
        }
        assert!(started.elapsed() < Duration::from_secs(30), "chromium did not open its DevTools endpoint: {list:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A GET to the DevTools HTTP endpoint, which answers small JSON documents. It keeps
/// the connection open, so the body is read by its `Content-Length`.
fn http_get_json(port: u16, path: &str) -> std::io::Result<Value> {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n")?;
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().map_err(std::io::Error::other)?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    serde_json::from_slice(&body).map_err(std::io::Error::other)
}

/// The DevTools protocol over one page's WebSocket.
struct DevTools {
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Events received while waiting for replies.
    events: Vec<Value>,
}

impl DevTools {
    fn connect(url: &str) -> DevTools {
        let (socket, _) = tungstenite::connect(url).expect("connect to DevTools");
        DevTools { socket, next_id: 1, events: Vec::new() }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({"id": id, "method": method, "params": params}).to_string();
        self.socket.send(Message::text(message)).expect("send to DevTools");
        loop {
            let message = self.socket.read().expect("read from DevTools");
            let Message::Text(text) = message else { continue };
            let value: Value = serde_json::from_str(text.as_str()).expect("DevTools JSON");
            if value["id"] == id {
                assert!(value.get("error").is_none(), "{method} failed: {value}");
                return value["result"].clone();
            }
            self.events.push(value);
        }
    }

    /// Evaluates an expression in the page, awaiting a promise, and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call("Runtime.evaluate", json!({"expression": expression, "awaitPromise": true, "returnByValue": true}));
        assert!(result.get("exceptionDetails").is_none(), "script failed: {result}");
        result["result"]["value"].clone()
    }

    /// Navigates and waits until the page's document has loaded.
    fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        let started = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let ready = self.eval("document.readyState === 'complete' ? location.href : ''");
            if ready.as_str().is_some_and(|href| href.starts_with(url.split('#').next().unwrap_or(url))) {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "{url} did not load");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_seeks_in_recorded_lesson() {
    let Some(path) = chromium() else {
        assert!(std::env::var("CAUNOI_REQUIRE_BROWSER").as_deref() != Ok("1"), "CAUNOI_REQUIRE_BROWSER=1 but Chromium is not installed");
        eprintln!("skipped: Chromium not found; set CAUNOI_CHROMIUM or install it");
        return;
    };
    let app = TestApp::spawn().await;
    let (activity, recording) = crate::recordings::with_recording(&app, FIXTURE).await;
    let board = app.login("dieuphoi_a").await;
    let comment = board
        .post_form(&format!("/recordings/{recording}/comments"), &[("position", "0:06.500"), ("kind", "strength"), ("body", "Học sinh tự phát hiện quy luật.")])
        .await;
    assert_eq!(comment.status, StatusCode::SEE_OTHER, "{}", comment.body);
    assert!(activity > 0);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let router = app.router.clone();
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
    });
    let origin = format!("http://{address}");
    let user = users::id_by_username(&app.db, "giaovien_a1").await.expect("user");
    assert!(user > 0);

    let outcome = tokio::task::spawn_blocking(move || {
        let (_browser, url) = launch(&path);
        let mut tools = DevTools::connect(&url);
        tools.call("Page.enable", json!({}));
        tools.call("Network.enable", json!({}));

        tools.open(&format!("{origin}/login"));
        tools.eval(&format!(
            "document.querySelector('input[name=username]').value = 'giaovien_a1';\
             document.querySelector('input[name=password]').value = '{PASSWORD}';\
             document.querySelector('form').submit(); true"
        ));
        std::thread::sleep(Duration::from_millis(1_000));
        tools.open(&format!("{origin}/recordings/{recording}"));
        let seek = tools.eval(
            "(async () => {\
               const video = document.getElementById('player');\
               video.muted = true;\
               if (video.readyState < 1) await new Promise(r => video.addEventListener('loadedmetadata', r, {once: true}));\
               const link = document.querySelector('a.seek[data-seconds=\"6.500\"]');\
               const seeked = new Promise(r => video.addEventListener('seeked', r, {once: true}));\
               link.click();\
               await seeked;\
               video.pause();\
               return {time: video.currentTime, duration: video.duration, url: location.href};\
             })()",
        );
        let statuses: Vec<i64> = tools
            .events
            .iter()
            .filter(|event| event["method"] == "Network.responseReceived")
            .filter(|event| event["params"]["response"]["url"].as_str().is_some_and(|url| url.ends_with("/video")))
            .filter_map(|event| event["params"]["response"]["status"].as_i64())
            .collect();
        (seek, statuses)
    })
    .await
    .expect("browser task");

    let (seek, statuses) = outcome;
    let time = seek["time"].as_f64().expect("currentTime");
    assert!((time - 6.5).abs() < 0.05, "the video is at {time} s, not 6.5 s: {seek}");
    assert!(seek["duration"].as_f64().is_some_and(|duration| duration > 9.0), "{seek}");
    assert!(seek["url"].as_str().is_some_and(|url| !url.contains("?t=")), "the click seeks without reloading: {seek}");
    assert!(statuses.contains(&206), "the video came by range requests: {statuses:?}");

    // The same file is readable by range without the browser.
    let teacher = app.login("giaovien_a1").await;
    let request = Request::get(format!("/recordings/{recording}/video"))
        .header(header::COOKIE, teacher.cookie().expect("cookie"))
        .header(header::RANGE, "bytes=0-1")
        .body(Body::empty())
        .expect("request");
    let (status, _, body) = app.send_bytes(request).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(body, FIXTURE[..2]);
}
