//! `TestApp`: a fresh database with the reference data and a small world of two
//! provinces, two clusters and four schools, plus a client per person.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_core::org::{Role, Scope, SchoolLevel, Ownership};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::clusters::{self, ClusterDraft};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::users::{self, NewUser};
use caunoi_db::{Db, provinces, reference, security};
use caunoi_web::{AppState, Config};
use http_body_util::BodyExt;
use serde_json::Value;
use tempfile::TempDir;
use tokio::sync::OnceCell;
use tower::ServiceExt;

/// Password of every person of the test world.
pub const PASSWORD: &str = "mat-khau-thu-nghiem";

/// Ids of the test world.
#[derive(Debug, Clone)]
pub struct World {
    pub year: String,
    pub cluster_a: i64,
    pub cluster_b: i64,
    /// Communes of Ho Chi Minh City: two in cluster A, one in cluster B.
    pub commune_a1: String,
    pub commune_a2: String,
    pub commune_b1: String,
    pub school_a1: i64,
    pub school_a2: i64,
    pub school_b1: i64,
    /// A school of Hà Nội (province 01).
    pub school_hn: i64,
}

pub struct TestApp {
    pub router: Router,
    pub db: Db,
    pub world: World,
    _dir: TempDir,
}

/// Who can log in, and what they hold.
pub const PEOPLE: &[&str] = &[
    "admin", "quantri79", "chuyenvien", "dieuphoi_a", "bandieuphoi_a", "canboxa_a", "hieutruong_a1",
    "cotcan_a1", "giaovien_a1", "hieutruong_a2", "hieutruong_b1", "chuyenvien_hn", "hieutruong_hn",
];

static TEMPLATE: OnceCell<TempDir> = OnceCell::const_new();
static PG_TEMPLATE: OnceCell<String> = OnceCell::const_new();
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Builds a migrated SQLite file with the reference data once per test binary.
async fn sqlite_template() -> &'static TempDir {
    TEMPLATE
        .get_or_init(|| async {
            let dir = TempDir::new().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("template.sqlite").display());
            let db = Db::connect(&url).await.expect("connect template");
            db.migrate().await.expect("migrate template");
            reference::load(&db).await.expect("load reference data");
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&db.pool).await.expect("checkpoint");
            db.pool.close().await;
            dir
        })
        .await
}

fn database_url(admin_url: &str, name: &str) -> String {
    let base = admin_url.rsplit_once('/').map(|(base, _)| base).expect("URL with a database name");
    format!("{base}/{name}")
}

/// Builds a migrated PostgreSQL database with the reference data once per test
/// binary; each test then copies it with `CREATE DATABASE … TEMPLATE`.
async fn postgres_template(admin_url: &str) -> &'static str {
    PG_TEMPLATE
        .get_or_init(|| async {
            let name = format!("caunoi_template_{}", std::process::id());
            let admin = Db::connect(admin_url).await.expect("connect TEST_DATABASE_URL");
            drop_finished_runs(&admin).await;
            let create = format!("CREATE DATABASE {name}");
            sqlx::query(sqlx::AssertSqlSafe(create)).execute(&admin.pool).await.expect("create template");
            admin.pool.close().await;
            let db = Db::connect(&database_url(admin_url, &name)).await.expect("connect template");
            db.migrate().await.expect("migrate template");
            reference::load(&db).await.expect("load reference data");
            db.pool.close().await;
            name
        })
        .await
}

/// Name prefixes of the databases the web and database test suites create.
const TEST_DATABASE_PREFIXES: &[&str] = &[
    "caunoi_test_", "caunoi_template_", "caunoi_calendar_", "caunoi_rollups_", "caunoi_activities_", "caunoi_plans_", "caunoi_reference_", "caunoi_surveys_", "caunoi_lesson_", "caunoi_import_", "caunoi_staffing_",
];

/// Drops the test databases of earlier runs, so a long-lived server does not fill
/// up. Every test database name carries the id of the process that made it, so a
/// name with no number of a running process belongs to a finished run.
async fn drop_finished_runs(admin: &Db) {
    let names: Vec<String> = sqlx::query_scalar("SELECT datname::text FROM pg_database WHERE datname LIKE 'caunoi\\_%'")
        .fetch_all(&admin.pool)
        .await
        .expect("list test databases");
    for name in names {
        // Only the names the test suites make, so other databases on the server are safe.
        let ours = TEST_DATABASE_PREFIXES.iter().any(|prefix| name.starts_with(prefix));
        if !ours {
            continue;
        }
        let running = name.split('_').filter_map(|part| part.parse::<u32>().ok()).any(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists());
        if running {
            continue;
        }
        let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        if let Err(error) = sqlx::query(sqlx::AssertSqlSafe(drop)).execute(&admin.pool).await {
            eprintln!("could not drop the leftover test database {name}: {error}");
        }
    }
}

async fn fresh_database(dir: &TempDir) -> Db {
    if let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") {
        let template = postgres_template(&admin_url).await;
        let name = format!("caunoi_test_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst));
        let admin = Db::connect(&admin_url).await.expect("connect TEST_DATABASE_URL");
        let create = format!("CREATE DATABASE {name} TEMPLATE {template}");
        sqlx::query(sqlx::AssertSqlSafe(create)).execute(&admin.pool).await.expect("create database");
        admin.pool.close().await;
        let db = Db::connect(&database_url(&admin_url, &name)).await.expect("connect test database");
        db.migrate().await.expect("migrate");
        return db;
    }
    let template = sqlite_template().await;
    let path = dir.path().join("test.sqlite");
    std::fs::copy(template.path().join("template.sqlite"), &path).expect("copy template");
    let db = Db::connect(&format!("sqlite://{}", path.display())).await.expect("connect");
    db.migrate().await.expect("migrate");
    db
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with_storage(None).await
    }

    /// Spawns an app whose files go to `storage` instead of the temp directory, such as
    /// an in-memory store standing in for a remote one.
    pub async fn spawn_with_storage(storage: Option<caunoi_db::storage::Storage>) -> TestApp {
        security::use_fast_password_hashing();
        let dir = TempDir::new().expect("temp dir");
        let db = fresh_database(&dir).await;
        let world = seed(&db).await;
        let config = Config::for_tests(dir.path().to_path_buf());
        let state = match storage {
            Some(storage) => AppState::with_storage(db.clone(), config, storage),
            None => AppState::new(db.clone(), config),
        };
        let router = caunoi_web::router(state);
        TestApp { router, db, world, _dir: dir }
    }

    /// Sends a request through the router.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.expect("router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// Sends a request through the router and keeps the body as bytes, for files.
    pub async fn send_bytes(&self, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.expect("router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, headers, bytes.to_vec())
    }

    /// Logs a person of the world in and returns a client carrying their session.
    pub async fn login(&self, username: &str) -> Client<'_> {
        let response = self
            .send(form_request("/login", &[("username", username), ("password", PASSWORD), ("next", "/")], None))
            .await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "login of {username} failed: {}", response.body);
        let cookie = response.session_cookie().expect("login sets a session cookie");
        Client { app: self, cookie: Some(cookie), token: None }
    }

    /// Returns an API client with a fresh bearer token of a person.
    pub async fn api_as(&self, username: &str) -> Client<'_> {
        let id = users::id_by_username(&self.db, username).await.expect("known user");
        let token = security::create_api_token(&self.db, id, "test").await.expect("token");
        Client { app: self, cookie: None, token: Some(token) }
    }

    /// Returns a client without credentials.
    pub fn anonymous(&self) -> Client<'_> {
        Client { app: self, cookie: None, token: None }
    }
}

pub struct Client<'a> {
    app: &'a TestApp,
    cookie: Option<String>,
    token: Option<String>,
}

impl Client<'_> {
    fn authorise(&self, mut builder: axum::http::request::Builder) -> axum::http::request::Builder {
        if let Some(cookie) = &self.cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        if let Some(token) = &self.token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        builder
    }

    /// Returns the session cookie, for requests built by hand (such as event streams).
    pub fn cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        let request = self.authorise(Request::get(path)).body(Body::empty()).expect("request");
        self.app.send(request).await
    }

    /// Gets a file and returns its bytes.
    pub async fn get_bytes(&self, path: &str) -> Vec<u8> {
        let request = self.authorise(Request::get(path)).body(Body::empty()).expect("request");
        let (status, _, bytes) = self.app.send_bytes(request).await;
        assert_eq!(status, StatusCode::OK, "GET {path}");
        bytes
    }

    /// Sends a JSON body with PUT.
    pub async fn put_json(&self, path: &str, body: &Value) -> TestResponse {
        let request = self
            .authorise(Request::put(path))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("request");
        self.app.send(request).await
    }

    /// Posts a form as a same-origin browser would.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let request = form_request(path, fields, self.cookie.as_deref());
        let request = match &self.token {
            Some(token) => {
                let (mut parts, body) = request.into_parts();
                parts.headers.insert(header::AUTHORIZATION, format!("Bearer {token}").parse().expect("header"));
                Request::from_parts(parts, body)
            }
            None => request,
        };
        self.app.send(request).await
    }

    /// Posts a multipart upload with one file field named `file`.
    pub async fn post_file(&self, path: &str, file_name: &str, bytes: &[u8], fields: &[(&str, &str)]) -> TestResponse {
        let boundary = "caunoi-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = self
            .authorise(Request::post(path))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .body(Body::from(body))
            .expect("request");
        self.app.send(request).await
    }
}

fn form_request(path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> Request<Body> {
    let body: String = fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut builder = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header("sec-fetch-site", "same-origin");
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::from(body)).expect("request")
}

pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("invalid JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    }

    fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("caunoi_session="))
            .and_then(|v| v.split(';').next())
            .map(str::to_owned)
    }
}

async fn person(db: &Db, username: &str, full_name: &str, grants: &[(Role, Scope, &str)], deployment_admin: bool) {
    let user = NewUser {
        username: username.into(),
        full_name: full_name.into(),
        email: None,
        password_hash: Some(security::hash_password(PASSWORD)),
        must_change_password: false,
        deployment_admin,
        is_generated: false,
    };
    let id = users::create(db, &user).await.expect("create user");
    for (role, scope, province) in grants {
        users::grant(db, id, *role, scope, province).await.expect("grant");
    }
}

fn school(province: &str, commune: &str, name: &str, level: SchoolLevel, key: &str) -> NewSchool {
    NewSchool {
        province_code: province.into(),
        commune_code: Some(commune.into()),
        name: name.into(),
        level,
        ownership: Ownership::Public,
        moet_code: None,
        former_district: None,
        import_key: key.into(),
        is_generated: false,
    }
}

async fn school_id(db: &Db, key: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM schools WHERE import_key = $1").bind(key).fetch_one(&db.pool).await.expect("school")
}

/// Seeds two hosted provinces, two clusters of Ho Chi Minh City, four schools and one
/// person per role. Communes are real: Bến Thành (26743), Sài Gòn (26740), Tân Định
/// (26737) and Hà Nội's Hoàn Kiếm (00070).
async fn seed(db: &Db) -> World {
    provinces::add_department(db, "79").await.expect("department 79");
    provinces::add_department(db, "01").await.expect("department 01");
    let year = SchoolYear::containing(caunoi_web::i18n::today());
    let (commune_a1, commune_a2, commune_b1) = ("26743".to_owned(), "26740".to_owned(), "26737".to_owned());
    let ids = clusters::save_layout(
        db,
        "79",
        year,
        &[
            ClusterDraft { name: "Cụm A".into(), communes: vec![commune_a1.clone(), commune_a2.clone()] },
            ClusterDraft { name: "Cụm B".into(), communes: vec![commune_b1.clone()] },
        ],
        None,
    )
    .await
    .expect("layout");
    let (cluster_a, cluster_b) = (ids[0], ids[1]);
    schools::insert_many(
        db,
        &[
            school("79", &commune_a1, "Trường THPT Trưng Vương", SchoolLevel::UpperSecondary, "t:a1"),
            school("79", &commune_a2, "Trường Tiểu học Lê Ngọc Hân", SchoolLevel::Primary, "t:a2"),
            school("79", &commune_b1, "Trường THCS Đồng Khởi", SchoolLevel::LowerSecondary, "t:b1"),
            school("01", "00070", "Trường THPT Trần Phú", SchoolLevel::UpperSecondary, "t:hn"),
        ],
    )
    .await
    .expect("schools");
    let school_a1 = school_id(db, "t:a1").await;
    let school_a2 = school_id(db, "t:a2").await;
    let school_b1 = school_id(db, "t:b1").await;
    let school_hn = school_id(db, "t:hn").await;

    let hcmc = Scope::Province("79".into());
    person(db, "admin", "Quản trị hệ thống", &[], true).await;
    person(db, "quantri79", "Nguyễn Văn Quản", &[(Role::DepartmentAdmin, hcmc.clone(), "79")], false).await;
    person(db, "chuyenvien", "Trần Thị Chuyên", &[(Role::DepartmentSpecialist, hcmc.clone(), "79")], false).await;
    person(db, "dieuphoi_a", "Lê Văn Điều", &[(Role::ClusterCoordinator, Scope::Cluster(cluster_a), "79")], false).await;
    person(db, "bandieuphoi_a", "Phạm Thị Ban", &[(Role::BoardMember, Scope::Cluster(cluster_a), "79")], false).await;
    person(db, "canboxa_a", "Hồ Văn Xã", &[(Role::CommuneOfficer, Scope::Commune(commune_a1.clone()), "79")], false).await;
    person(db, "hieutruong_a1", "Võ Thị Hiệu", &[(Role::SchoolLeader, Scope::School(school_a1), "79")], false).await;
    person(
        db,
        "cotcan_a1",
        "Đặng Văn Cốt",
        &[(Role::CoreTeacher, Scope::School(school_a1), "79"), (Role::Teacher, Scope::School(school_a1), "79")],
        false,
    )
    .await;
    person(db, "giaovien_a1", "Bùi Thị Giáo", &[(Role::Teacher, Scope::School(school_a1), "79")], false).await;
    person(db, "hieutruong_a2", "Ngô Văn Hai", &[(Role::SchoolLeader, Scope::School(school_a2), "79")], false).await;
    person(db, "hieutruong_b1", "Đỗ Thị Bê", &[(Role::SchoolLeader, Scope::School(school_b1), "79")], false).await;
    person(db, "chuyenvien_hn", "Lý Văn Hà", &[(Role::DepartmentSpecialist, Scope::Province("01".into()), "01")], false).await;
    person(db, "hieutruong_hn", "Mai Thị Nội", &[(Role::SchoolLeader, Scope::School(school_hn), "01")], false).await;

    World { year: year.to_string(), cluster_a, cluster_b, commune_a1, commune_a2, commune_b1, school_a1, school_a2, school_b1, school_hn }
}
