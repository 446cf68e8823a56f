//! Inter-school teaching recommendations through the router: the department runs one
//! for a cluster, accepts assignments that then count in both schools' figures, reads
//! the .xlsx, tries a what-if, and every other scope is refused.

use axum::http::StatusCode;
use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::staffing::figures;
use caunoi_db::{Db, now_ms};
use caunoi_core::staffing::Subject;

use crate::harness::{TestApp, TestResponse};

/// A bearer-token client of one person, for JSON requests.
struct Api<'a> {
    app: &'a TestApp,
    token: String,
}

impl<'a> Api<'a> {
    async fn of(app: &'a TestApp, username: &str) -> Api<'a> {
        let id = caunoi_db::users::id_by_username(&app.db, username).await.unwrap();
        Api { app, token: caunoi_db::security::create_api_token(&app.db, id, "test").await.unwrap() }
    }

    async fn send(&self, method: &str, path: &str, body: Option<&serde_json::Value>) -> TestResponse {
        use axum::body::Body;
        use axum::http::{Request, header};
        let builder = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {}", self.token));
        let request = match body {
            Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
            None => builder.body(Body::empty()),
        };
        self.app.send(request.unwrap()).await
    }

    async fn get(&self, path: &str) -> TestResponse {
        self.send("GET", path, None).await
    }

    async fn post_json(&self, path: &str, body: &serde_json::Value) -> TestResponse {
        self.send("POST", path, Some(body)).await
    }
}

/// Two lower-secondary schools of cluster A: one with English teachers to spare, one
/// with none. Returns (sending school, receiving school).
async fn english_gap(app: &TestApp) -> (i64, i64) {
    let db = &app.db;
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
    schools::insert_many(db, &[school(&app.world.commune_a1, "Trường THCS Văn Lang", "t:x"), school(&app.world.commune_a2, "Trường THCS Minh Đức", "t:y")])
        .await
        .unwrap();
    let sending: i64 = sqlx::query_scalar("SELECT id FROM schools WHERE import_key = 't:x'").fetch_one(&db.pool).await.unwrap();
    let receiving: i64 = sqlx::query_scalar("SELECT id FROM schools WHERE import_key = 't:y'").fetch_one(&db.pool).await.unwrap();
    // One grade-6 class needs 3 English periods; three teachers give 57.
    classes(db, sending, &app.world.year, 6, 1).await;
    // Seven grade-6 classes need 21 English periods, with no English teacher.
    classes(db, receiving, &app.world.year, 6, 7).await;
    for name in ["Nguyễn Thị Lan", "Trần Văn Bình", "Lê Thị Cúc"] {
        staff(db, sending, name, Subject::English).await;
    }
    (sending, receiving)
}

async fn classes(db: &Db, school: i64, year: &str, grade: i64, count: i64) {
    sqlx::query("INSERT INTO school_classes (school_id, school_year, grade, classes, updated_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(school)
        .bind(year.to_owned())
        .bind(grade)
        .bind(count)
        .bind(now_ms())
        .execute(&db.pool)
        .await
        .unwrap();
}

async fn staff(db: &Db, school: i64, name: &str, subject: Subject) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO staff_members (school_id, import_key, full_name, name_folded, sort_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(school)
    .bind(format!("n:{name}"))
    .bind(name)
    .bind(caunoi_core::text::fold(name))
    .bind(caunoi_core::text::collate::person_sort_key(name))
    .bind(now_ms())
    .fetch_one(&db.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO staff_subjects (staff_id, subject, source) VALUES ($1, $2, 'major')")
        .bind(id)
        .bind(subject.key())
        .execute(&db.pool)
        .await
        .unwrap();
    id
}

fn english(figures: &figures::ProvinceFigures, school: i64) -> (f64, f64) {
    let (_, balance) = figures.schools.iter().find(|(place, _)| place.id == school).expect("school in figures");
    let english = balance.subjects[&Subject::English];
    (english.required, english.available)
}

/// Runs a recommendation for cluster A on English as the department; returns its id.
async fn run_for_cluster_a(app: &TestApp) -> i64 {
    let specialist = app.login("chuyenvien").await;
    let cluster = app.world.cluster_a.to_string();
    let fields = [("scope", cluster.as_str()), ("subjects", "english"), ("max_distance_km", "20"), ("cluster_penalty_km", "5")];
    let created = specialist.post_form("/p/79/recommendations", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    created.location().expect("location").trim_start_matches("/recommendations/").parse().expect("run id")
}

#[tokio::test]
async fn accepted_assignments_change_both_schools() {
    let app = TestApp::spawn().await;
    let (sending, receiving) = english_gap(&app).await;
    let before = figures::province(&app.db, "79", &app.world.year).await.unwrap();
    assert_eq!(english(&before, receiving), (21.0, 0.0));

    let run = run_for_cluster_a(&app).await;
    let specialist = app.login("chuyenvien").await;
    let page = specialist.get(&format!("/recommendations/{run}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Trường THCS Minh Đức"), "{}", page.body);
    assert!(page.body.contains("Trường THCS Văn Lang"), "{}", page.body);
    assert!(page.body.contains("<strong>21</strong>"), "all 21 periods covered: {}", page.body);

    let ids: Vec<(i64, i64)> = sqlx::query_as("SELECT id, periods_per_week FROM teaching_assignments WHERE run_id = $1 ORDER BY id")
        .bind(run)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert!(ids.len() >= 2, "at least two teachers are sent: {ids:?}");
    let mut accepted = 0;
    for (id, periods) in ids.iter().take(2) {
        let done = specialist.post_form(&format!("/teaching-assignments/{id}/decide"), &[("action", "accept"), ("periods", "")]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        accepted += periods;
    }

    let after = figures::province(&app.db, "79", &app.world.year).await.unwrap();
    assert_eq!(english(&after, receiving), (21.0, accepted as f64), "the receiving school counts the accepted periods");
    let (_, sent_before) = english(&before, sending);
    let (_, sent_after) = english(&after, sending);
    assert_eq!(sent_before - sent_after, accepted as f64, "the sending school's teachers have fewer periods at home");

    let xlsx = specialist.get(&format!("/recommendations/{run}/assignments.xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
}

#[tokio::test]
async fn teachers_stay_at_their_level() {
    let app = TestApp::spawn().await;
    let (sending, receiving) = english_gap(&app).await;
    // The English teachers of the sending school are appointed to primary classes.
    sqlx::query("UPDATE staff_members SET teaching_level = 'primary' WHERE school_id = $1")
        .bind(sending)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let specialist = app.login("chuyenvien").await;
    let cluster = app.world.cluster_a.to_string();
    let mut fields = vec![("scope", cluster.as_str()), ("subjects", "english"), ("max_distance_km", "20"), ("cluster_penalty_km", "5")];

    let same_level = specialist.post_form("/p/79/recommendations", &fields).await;
    assert_eq!(same_level.status, StatusCode::SEE_OTHER, "{}", same_level.body);
    let run = same_level.location().unwrap().trim_start_matches("/recommendations/").to_owned();
    let proposed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM teaching_assignments WHERE run_id = $1 AND to_school_id = $2")
        .bind(run.parse::<i64>().unwrap())
        .bind(receiving)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(proposed, 0, "primary teachers are not sent to a lower-secondary school");

    fields.push(("other_levels", "1"));
    let any_level = specialist.post_form("/p/79/recommendations", &fields).await;
    assert_eq!(any_level.status, StatusCode::SEE_OTHER, "{}", any_level.body);
    let run: i64 = any_level.location().unwrap().trim_start_matches("/recommendations/").parse().unwrap();
    let covered: i64 = sqlx::query_scalar("SELECT covered_periods FROM recommendation_runs WHERE id = $1 AND other_levels = 1")
        .bind(run)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(covered, 21, "the department allowed teaching at another level");
}

#[tokio::test]
async fn decisions_refuse_bad_input_and_keep_state() {
    let app = TestApp::spawn().await;
    english_gap(&app).await;
    let run = run_for_cluster_a(&app).await;
    let specialist = app.login("chuyenvien").await;
    let (id, spare): (i64, i64) = sqlx::query_as("SELECT id, teacher_spare FROM teaching_assignments WHERE run_id = $1 ORDER BY id LIMIT 1")
        .bind(run)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();

    for bad in ["0", "abc", &(spare + 1).to_string()] {
        let refused = specialist.post_form(&format!("/teaching-assignments/{id}/decide"), &[("action", "edit"), ("periods", bad)]).await;
        assert_eq!(refused.status, StatusCode::SEE_OTHER);
        let page = specialist.get(refused.location().unwrap()).await;
        assert!(page.body.contains(&format!("Số tiết “{bad}” của ")), "the message names {bad}: {}", page.body);
        assert!(page.body.contains(&format!("từ 1 đến {spare}")), "the message gives the range: {}", page.body);
    }
    let status: String = sqlx::query_scalar("SELECT status FROM teaching_assignments WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(status, "proposed", "refusals change nothing");

    let unknown = specialist.post_form(&format!("/teaching-assignments/{id}/decide"), &[("action", "approve")]).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);

    // Periods typed beside the accept button are saved with the acceptance.
    let (other, other_spare): (i64, i64) =
        sqlx::query_as("SELECT id, teacher_spare FROM teaching_assignments WHERE run_id = $1 AND id <> $2 ORDER BY id LIMIT 1")
            .bind(run)
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let typed = (other_spare - 1).max(1).to_string();
    let accepted = specialist.post_form(&format!("/teaching-assignments/{other}/decide"), &[("action", "accept"), ("periods", &typed)]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    let (status, periods): (String, i64) =
        sqlx::query_as("SELECT status, periods_per_week FROM teaching_assignments WHERE id = $1").bind(other).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!((status.as_str(), periods.to_string()), ("accepted", typed));

    // Rejected twice: the second time names the status.
    specialist.post_form(&format!("/teaching-assignments/{id}/decide"), &[("action", "reject")]).await;
    let again = specialist.post_form(&format!("/teaching-assignments/{id}/decide"), &[("action", "accept")]).await;
    let page = specialist.get(again.location().unwrap()).await;
    assert!(page.body.contains("Đã từ chối"), "{}", page.body);
}

#[tokio::test]
async fn run_form_names_each_bad_value() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    let map = specialist.get("/p/79/personnel").await;
    assert!(map.body.contains("href=\"/p/79/recommendations\""), "the map links to recommendations: {}", map.body);
    assert!(map.body.contains("href=\"/p/79/personnel\""), "the bar links to the map");
    let board = app.login("bandieuphoi_a").await.get("/activities").await;
    assert!(board.body.contains(&format!("href=\"/clusters/{}/personnel\"", app.world.cluster_a)), "the board's bar links to its cluster");
    let form = specialist.get("/p/79/recommendations").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Tiếng Anh (Ngoại ngữ 1)"));

    let bad = specialist
        .post_form("/p/79/recommendations", &[("scope", "99999"), ("subjects", "chess"), ("max_distance_km", "mười"), ("cluster_penalty_km", "-3")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for named in ["«99999»", "«chess»", "«mười»", "«-3»"] {
        assert!(bad.body.contains(named), "{named} is named: {}", bad.body);
    }
    assert!(bad.body.contains("value=\"mười\""), "the typed value stays");
    let none = specialist.post_form("/p/79/recommendations", &[("scope", "province")]).await;
    assert!(none.body.contains("Chưa chọn môn nào"), "{}", none.body);
    let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recommendation_runs").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(runs, 0, "nothing is saved from a bad form");
}

#[tokio::test]
async fn what_if_never_accepted() {
    let app = TestApp::spawn().await;
    let (_, receiving) = english_gap(&app).await;
    let run = run_for_cluster_a(&app).await;
    let specialist = app.login("chuyenvien").await;
    // Ten classes instead of seven need 30 periods; the three teachers can still cover them.
    let receiving_text = receiving.to_string();
    let fields = [("school", receiving_text.as_str()), ("grade", "6"), ("classes", "10")];
    let what_if = specialist.post_form(&format!("/recommendations/{run}/what-if"), &fields).await;
    assert_eq!(what_if.status, StatusCode::SEE_OTHER, "{}", what_if.body);
    let what_if_id: i64 = what_if.location().unwrap().trim_start_matches("/recommendations/").parse().unwrap();
    let (covered, json): (i64, Option<String>) = sqlx::query_as("SELECT covered_periods, what_if FROM recommendation_runs WHERE id = $1")
        .bind(what_if_id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(covered, 30);
    assert!(json.is_some());
    let classes: i64 = sqlx::query_scalar("SELECT classes FROM school_classes WHERE school_id = $1 AND grade = 6").bind(receiving).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(classes, 7, "the recorded classes stay");

    let page = specialist.get(&format!("/recommendations/{what_if_id}")).await;
    assert!(page.body.contains("Giả định"), "{}", page.body);
    assert!(!page.body.contains("value=\"accept\""), "no accept button on a what-if");
    let assignment: i64 = sqlx::query_scalar("SELECT id FROM teaching_assignments WHERE run_id = $1 LIMIT 1").bind(what_if_id).fetch_one(&app.db.pool).await.unwrap();
    let refused = specialist.post_form(&format!("/teaching-assignments/{assignment}/decide"), &[("action", "accept")]).await;
    let page = specialist.get(refused.location().unwrap()).await;
    assert!(page.body.contains("đề xuất giả định"), "{}", page.body);

    // A grade the school does not teach is named with the fix.
    let bad = specialist.post_form(&format!("/recommendations/{run}/what-if"), &[("school", receiving_text.as_str()), ("grade", "3"), ("classes", "4")]).await;
    assert_eq!(bad.status, StatusCode::SEE_OTHER);
    let page = specialist.get(bad.location().unwrap()).await;
    assert!(page.body.contains("khối “3” tại Trường THCS Minh Đức không hợp lệ"), "the run page names the change: {}", page.body);

    // The API checks the same way: an unknown school or a grade outside the school.
    let api = Api::of(&app, "chuyenvien").await;
    let cluster = app.world.cluster_a;
    for change in [serde_json::json!({"school_id": 999_999, "grade": 6, "classes": 3}), serde_json::json!({"school_id": receiving, "grade": 11, "classes": 3})] {
        let body = serde_json::json!({"cluster_id": cluster, "subjects": ["english"], "what_if": {"classes": [change]}});
        let response = api.post_json("/api/v1/provinces/79/recommendations", &body).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", response.body);
        assert!(response.json()["error"]["fields"]["what_if"].is_string(), "{}", response.body);
    }
}

#[tokio::test]
async fn other_scopes_are_refused() {
    let app = TestApp::spawn().await;
    english_gap(&app).await;
    let run = run_for_cluster_a(&app).await;
    let assignment: i64 = sqlx::query_scalar("SELECT id FROM teaching_assignments WHERE run_id = $1 LIMIT 1").bind(run).fetch_one(&app.db.pool).await.unwrap();

    // Cluster A's board reads its cluster's run but does not decide.
    let board = app.login("bandieuphoi_a").await;
    assert_eq!(board.get(&format!("/recommendations/{run}")).await.status, StatusCode::OK);
    assert_eq!(board.post_form(&format!("/teaching-assignments/{assignment}/decide"), &[("action", "accept")]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(board.get("/p/79/recommendations").await.status, StatusCode::NOT_FOUND);

    for outsider in ["hieutruong_b1", "giaovien_a1", "chuyenvien_hn", "hieutruong_hn"] {
        let client = app.login(outsider).await;
        assert_eq!(client.get(&format!("/recommendations/{run}")).await.status, StatusCode::NOT_FOUND, "{outsider} reads the run");
        assert_eq!(client.get(&format!("/recommendations/{run}/assignments.xlsx")).await.status, StatusCode::NOT_FOUND, "{outsider} downloads");
        let decided = client.post_form(&format!("/teaching-assignments/{assignment}/decide"), &[("action", "accept")]).await;
        assert_eq!(decided.status, StatusCode::NOT_FOUND, "{outsider} decides");
        assert_eq!(client.post_form(&format!("/recommendations/{run}/what-if"), &[("unavailable", "1")]).await.status, StatusCode::NOT_FOUND);
    }
    let hanoi = app.login("chuyenvien_hn").await;
    assert_eq!(hanoi.get("/p/79/recommendations").await.status, StatusCode::NOT_FOUND);
    assert_eq!(hanoi.post_form("/p/79/recommendations", &[("scope", "province"), ("subjects", "english")]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_runs_reads_and_decides() {
    let app = TestApp::spawn().await;
    english_gap(&app).await;
    let api = Api::of(&app, "chuyenvien").await;
    let body = serde_json::json!({"cluster_id": app.world.cluster_a, "subjects": ["english"], "max_distance_km": 20});
    let created = api.post_json("/api/v1/provinces/79/recommendations", &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let run = created.json();
    assert_eq!(run["covered_periods"], 21);
    let first = run["assignments"][0]["id"].as_i64().expect("an assignment");

    let over = api.post_json(&format!("/api/v1/teaching-assignments/{first}/decision"), &serde_json::json!({"action": "edit", "periods_per_week": 99})).await;
    assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.json()["error"]["fields"]["periods_per_week"].as_str().unwrap().contains("99"), "{}", over.body);
    let accepted = api.post_json(&format!("/api/v1/teaching-assignments/{first}/decision"), &serde_json::json!({"action": "accept"})).await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    assert_eq!(accepted.json()["status"], "accepted");

    let bad = api.post_json("/api/v1/provinces/79/recommendations", &serde_json::json!({"subjects": ["chess"], "max_distance_km": 900})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json()["error"]["fields"]["subjects"].is_string());
    assert!(bad.json()["error"]["fields"]["max_distance_km"].is_string());

    let id = run["id"].as_i64().unwrap();
    let outsider = Api::of(&app, "chuyenvien_hn").await;
    assert_eq!(outsider.get(&format!("/api/v1/recommendations/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(outsider.post_json("/api/v1/provinces/79/recommendations", &body).await.status, StatusCode::NOT_FOUND);
    let decided = outsider.post_json(&format!("/api/v1/teaching-assignments/{first}/decision"), &serde_json::json!({"action": "end"})).await;
    assert_eq!(decided.status, StatusCode::NOT_FOUND);
    let board = Api::of(&app, "bandieuphoi_a").await;
    assert_eq!(board.get(&format!("/api/v1/recommendations/{id}")).await.status, StatusCode::OK);
}
