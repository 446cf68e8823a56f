//! The personnel map: class counts, shortage figures on screen and through the API,
//! a teacher's load and the department's rule versions, each rejected outside the
//! caller's scope with a 404.

use axum::http::StatusCode;
use caunoi_db::{now_ms, users};

use crate::harness::TestApp;

/// Adds an English teacher with a homeroom class to a school, linked to `username`'s account.
async fn english_teacher(app: &TestApp, school: i64, username: Option<&str>) -> i64 {
    let user_id = match username {
        Some(name) => Some(users::id_by_username(&app.db, name).await.unwrap()),
        None => None,
    };
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO staff_members (school_id, import_key, full_name, name_folded, sort_key, position, user_id, created_at, updated_at) \
         VALUES ($1, $2, 'Giáo viên Anh', 'giao vien anh', 'anh', 'teacher', $3, $4, $4) RETURNING id",
    )
    .bind(school)
    .bind(format!("k:{school}:{}", username.unwrap_or("none")))
    .bind(user_id)
    .bind(now)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO staff_subjects (staff_id, subject, source) VALUES ($1, 'english', 'major')").bind(id).execute(&app.db.pool).await.unwrap();
    sqlx::query("INSERT INTO staff_duties (staff_id, duty) VALUES ($1, 'homeroom')").bind(id).execute(&app.db.pool).await.unwrap();
    id
}

#[tokio::test]
async fn class_counts_saved_by_leader() {
    let app = TestApp::spawn().await;
    let school = app.world.school_a1;
    let leader = app.login("hieutruong_a1").await;

    let form = leader.get(&format!("/schools/{school}/classes")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Khối 10"), "{}", form.body);

    let saved = leader.post_form(&format!("/schools/{school}/classes"), &[("year", &app.world.year), ("grade_10", "7"), ("grade_11", "")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let classes = caunoi_db::staffing::classes::get(&app.db, school, &app.world.year).await.unwrap();
    assert_eq!(classes.get(&10), Some(&7));
    assert_eq!(classes.get(&11), None);
}

#[tokio::test]
async fn elective_classes_replace_estimate() {
    use caunoi_core::staffing::Subject;
    let app = TestApp::spawn().await;
    let school = app.world.school_a1;
    let leader = app.login("hieutruong_a1").await;
    let path = format!("/schools/{school}/classes");
    let form = leader.get(&path).await;
    assert!(form.body.contains("Số lớp học môn lựa chọn"), "{}", form.body);
    assert!(form.body.contains("name=\"elective_10_physics\""), "{}", form.body);

    // Seven grade-10 classes: 9 taking Informatics is more than the grade has.
    let year = app.world.year.clone();
    let too_many = [("year", year.as_str()), ("grade_10", "7"), ("elective_10_physics", "5"), ("elective_10_informatics", "9")];
    let refused = leader.post_form(&path, &too_many).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Khối 10 chỉ có 7 lớp"), "{}", refused.body);
    assert!(refused.body.contains("value=\"9\""), "the typed value stays");
    assert!(caunoi_db::staffing::classes::get(&app.db, school, &year).await.unwrap().is_empty(), "nothing saved");
    leader.post_form(&path, &[("year", year.as_str()), ("grade_10", "7")]).await;
    let estimated = caunoi_db::staffing::figures::province(&app.db, "79", &year).await.unwrap();
    let (_, balance) = estimated.schools.iter().find(|(place, _)| place.id == school).unwrap();
    assert!(balance.electives_estimated, "no elective recorded yet");
    assert!((balance.subjects[&Subject::Physics].required - 7.0 * 4.0 / 9.0 * 2.0).abs() < 1e-9);
    let valid = [("year", year.as_str()), ("grade_10", "7"), ("elective_10_physics", "5"), ("elective_10_informatics", "2")];
    let saved = leader.post_form(&path, &valid).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let figures = caunoi_db::staffing::figures::province(&app.db, "79", &year).await.unwrap();
    let (_, balance) = figures.schools.iter().find(|(place, _)| place.id == school).unwrap();
    // 5 classes × 70 periods a year / 35 weeks; Chemistry was left empty, so none.
    assert_eq!(balance.subjects[&Subject::Physics].required, 10.0);
    assert_eq!(balance.subjects[&Subject::Informatics].required, 4.0);
    assert_eq!(balance.subjects.get(&Subject::Chemistry).map(|b| b.required).unwrap_or(0.0), 0.0);
    assert!(!balance.electives_estimated);
    let again = leader.get(&path).await;
    assert!(again.body.contains("id=\"elective_10_physics\" name=\"elective_10_physics\" inputmode=\"numeric\" size=\"3\" value=\"5\""), "{}", again.body);
}

#[tokio::test]
async fn commune_region_makes_school_large() {
    let app = TestApp::spawn().await;
    let world = &app.world;
    // A primary school of 20 classes whose Young Pioneer leader also teaches.
    caunoi_db::staffing::classes::replace(&app.db, world.school_a2, &world.year, &[(1, 4), (2, 4), (3, 4), (4, 4), (5, 4)].into(), &Default::default(), 1)
        .await
        .unwrap();
    let leader = english_teacher(&app, world.school_a2, None).await;
    sqlx::query("UPDATE staff_duties SET duty = 'pioneer_leader' WHERE staff_id = $1").bind(leader).execute(&app.db.pool).await.unwrap();
    let quota = |app: &TestApp| {
        let db = app.db.clone();
        async move { caunoi_db::staffing::figures::staff_load(&db, leader).await.unwrap().load.base_quota }
    };
    assert_eq!(quota(&app).await, 8.0, "20 classes is not large outside region 1");

    let specialist = app.login("chuyenvien").await;
    let page = specialist.get("/p/79/personnel/regions").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("name=\"region_{}\"", world.commune_a2)), "{}", page.body);
    let field = format!("region_{}", world.commune_a2);

    let refused = specialist.post_form("/p/79/personnel/regions", &[(field.as_str(), "vung_9")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Vùng “vung_9” không hợp lệ"), "{}", refused.body);
    assert_eq!(quota(&app).await, 8.0, "nothing saved");

    let saved = specialist.post_form("/p/79/personnel/regions", &[(field.as_str(), "vung_1")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(quota(&app).await, 2.0, "20 classes is large in region 1");
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'communes.set_region'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(audited, 1);

    for username in ["hieutruong_a2", "dieuphoi_a", "chuyenvien_hn"] {
        let web = app.login(username).await;
        assert_eq!(web.get("/p/79/personnel/regions").await.status, StatusCode::NOT_FOUND, "{username}");
        let post = web.post_form("/p/79/personnel/regions", &[(field.as_str(), "vung_3")]).await;
        assert_eq!(post.status, StatusCode::NOT_FOUND, "{username}");
    }
    assert_eq!(quota(&app).await, 2.0, "refused changes saved nothing");
}

#[tokio::test]
async fn class_counts_bad_input_explained() {
    let app = TestApp::spawn().await;
    let school = app.world.school_a1;
    let leader = app.login("hieutruong_a1").await;
    let path = format!("/schools/{school}/classes");
    leader.post_form(&path, &[("year", &app.world.year), ("grade_10", "7")]).await;

    let cases = [
        ("grade_10", "bảy", "Số lớp không hợp lệ: “bảy”. Nhập một số nguyên, ví dụ 8."),
        ("grade_11", "-2", "Số lớp của một khối phải từ 0 đến 100."),
        ("grade_12", "150", "Số lớp không hợp lệ: “150”"),
    ];
    for (field, value, message) in cases {
        let response = leader.post_form(&path, &[("year", &app.world.year), (field, value)]).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        assert!(response.body.contains(message), "{field}={value}: {}", response.body);
    }
    let bad_year = leader.post_form(&path, &[("year", "2025"), ("grade_10", "8")]).await;
    assert_eq!(bad_year.status, StatusCode::BAD_REQUEST);
    assert!(bad_year.body.contains("Năm học không hợp lệ: “2025”"), "{}", bad_year.body);

    // Nothing of a rejected form is saved.
    let classes = caunoi_db::staffing::classes::get(&app.db, school, &app.world.year).await.unwrap();
    assert_eq!(classes.get(&10), Some(&7));
}

#[tokio::test]
async fn class_counts_rejected_elsewhere() {
    let app = TestApp::spawn().await;
    let path = format!("/schools/{}/classes", app.world.school_a1);
    for username in ["hieutruong_b1", "giaovien_a1", "bandieuphoi_a", "chuyenvien_hn"] {
        let client = app.login(username).await;
        assert_eq!(client.get(&path).await.status, StatusCode::NOT_FOUND, "{username}");
        let post = client.post_form(&path, &[("grade_10", "3")]).await;
        assert_eq!(post.status, StatusCode::NOT_FOUND, "{username}");
    }
    assert!(caunoi_db::staffing::classes::get(&app.db, app.world.school_a1, &app.world.year).await.unwrap().is_empty());
    let department = app.login("chuyenvien").await;
    assert_eq!(department.get(&path).await.status, StatusCode::OK);
}

#[tokio::test]
async fn map_screen_by_scope() {
    let app = TestApp::spawn().await;
    let world = &app.world;
    caunoi_db::staffing::classes::replace(&app.db, world.school_a1, &world.year, &[(10, 6)].into(), &Default::default(), 1).await.unwrap();

    let department = app.login("chuyenvien").await;
    let province = department.get("/p/79/personnel").await;
    assert_eq!(province.status, StatusCode::OK, "{}", province.body);
    assert!(province.body.contains("Cụm A"), "{}", province.body);
    assert!(province.body.contains("<svg"), "the map of communes is drawn");
    assert!(province.body.contains("Tiếng Anh"));

    let board = app.login("bandieuphoi_a").await;
    assert_eq!(board.get("/p/79/personnel").await.status, StatusCode::NOT_FOUND);
    assert_eq!(board.get(&format!("/p/79/personnel?cluster={}", world.cluster_a)).await.status, StatusCode::OK);
    assert_eq!(board.get(&format!("/p/79/personnel?cluster={}", world.cluster_b)).await.status, StatusCode::NOT_FOUND);
    let redirect = board.get(&format!("/clusters/{}/personnel", world.cluster_a)).await;
    assert_eq!(redirect.location(), Some(format!("/p/79/personnel?cluster={}", world.cluster_a).as_str()));

    let leader = app.login("hieutruong_a1").await;
    assert_eq!(leader.get(&format!("/p/79/personnel?school={}", world.school_a1)).await.status, StatusCode::OK);
    assert_eq!(leader.get(&format!("/p/79/personnel?school={}", world.school_b1)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(leader.get(&format!("/p/79/personnel?cluster={}", world.cluster_a)).await.status, StatusCode::NOT_FOUND);

    let other_province = app.login("chuyenvien_hn").await;
    assert_eq!(other_province.get("/p/79/personnel").await.status, StatusCode::NOT_FOUND);
    assert_eq!(other_province.get(&format!("/p/01/personnel?school={}", world.school_a1)).await.status, StatusCode::NOT_FOUND);

    let bad_subject = department.get("/p/79/personnel?subjects=english,bơi").await;
    assert_eq!(bad_subject.status, StatusCode::BAD_REQUEST);
    assert!(bad_subject.body.contains("“bơi” không phải tên môn học"), "{}", bad_subject.body);

    let by_name = department.get("/p/79/personnel?subjects=Ti%E1%BA%BFng%20Anh,%20tin%20hoc").await;
    assert_eq!(by_name.status, StatusCode::OK, "Vietnamese names work like keys");
    assert!(by_name.body.contains("value=\"Tiếng Anh, Tin học\""), "{}", by_name.body);
}

#[tokio::test]
async fn shortages_api_by_scope() {
    let app = TestApp::spawn().await;
    let world = &app.world;
    // Six grade-10 classes need 6 × 105 / 35 = 18 English periods a week; the
    // teacher's upper-secondary quota of 17 less 4 for the homeroom class gives 13.
    caunoi_db::staffing::classes::replace(&app.db, world.school_a1, &world.year, &[(10, 6)].into(), &Default::default(), 1).await.unwrap();
    english_teacher(&app, world.school_a1, None).await;

    let department = app.api_as("chuyenvien").await;
    let body = department.get("/api/v1/provinces/79/shortages?subjects=english").await.json();
    assert_eq!(body["grouping"], "cluster");
    assert_eq!(body["total"]["subjects"][0]["subject"], "english");
    assert_eq!(body["total"]["subjects"][0]["required"], 18.0);
    assert_eq!(body["total"]["subjects"][0]["available"], 13.0);
    assert_eq!(body["total"]["subjects"][0]["shortage"], 5.0);
    assert_eq!(body["total"]["subjects"][0]["short_schools"], 1);

    let cluster = department.get(&format!("/api/v1/provinces/79/shortages?cluster={}", world.cluster_a)).await.json();
    assert_eq!(cluster["grouping"], "commune");
    assert_eq!(cluster["total"]["subjects"].as_array().unwrap().len(), 5, "five subjects by default");

    let bad = department.get("/api/v1/provinces/79/shortages?subjects=swimming").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.json()["error"]["message"].as_str().unwrap().contains("“swimming”"));

    let board = app.api_as("bandieuphoi_a").await;
    assert_eq!(board.get("/api/v1/provinces/79/shortages").await.status, StatusCode::NOT_FOUND);
    assert_eq!(board.get(&format!("/api/v1/provinces/79/shortages?cluster={}", world.cluster_b)).await.status, StatusCode::NOT_FOUND);
    let other_province = app.api_as("chuyenvien_hn").await;
    assert_eq!(other_province.get("/api/v1/provinces/79/shortages").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_load_for_self_and_leaders() {
    let app = TestApp::spawn().await;
    let staff = english_teacher(&app, app.world.school_a1, Some("giaovien_a1")).await;
    let path = format!("/api/v1/staff/{staff}/load");

    let own = app.api_as("giaovien_a1").await.get(&path).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let body = own.json();
    assert_eq!(body["base_quota"], 17.0);
    assert_eq!(body["quota"], 13.0);
    assert_eq!(body["reductions"][0]["duty"], "homeroom");

    assert_eq!(app.api_as("hieutruong_a1").await.get(&path).await.status, StatusCode::OK);
    for username in ["cotcan_a1", "hieutruong_b1", "chuyenvien_hn", "hieutruong_hn"] {
        assert_eq!(app.api_as(username).await.get(&path).await.status, StatusCode::NOT_FOUND, "{username}");
    }
    assert_eq!(app.api_as("chuyenvien").await.get("/api/v1/staff/0/load").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn department_rule_version_applies() {
    let app = TestApp::spawn().await;
    let staff = english_teacher(&app, app.world.school_a1, Some("giaovien_a1")).await;
    let admin = app.login("quantri79").await;
    let list = admin.get("/p/79/personnel/rules").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Thông tư 05/2025/TT-BGDĐT"), "{}", list.body);

    let sets = app.api_as("quantri79").await.get("/api/v1/provinces/79/staffing-rule-sets").await.json();
    let national = sets.as_array().unwrap().iter().find(|set| set["family"] == "teaching_load").unwrap()["id"].as_i64().unwrap();
    let copied = admin.post_form(&format!("/personnel/rules/{national}/copy"), &[]).await;
    assert_eq!(copied.status, StatusCode::SEE_OTHER);
    let draft_path = copied.location().unwrap().to_owned();
    let draft: i64 = draft_path.rsplit('/').next().unwrap().parse().unwrap();

    let page = admin.get(&draft_path).await;
    assert!(page.body.contains("Định mức · Trung học phổ thông · Trường phổ thông"), "rows are named in Vietnamese: {}", page.body);
    let national_page = admin.get(&format!("/personnel/rules/{national}")).await;
    assert!(national_page.body.contains("tiết/tuần"), "units are in Vietnamese: {}", national_page.body);
    assert!(!national_page.body.contains("periods/week"), "no English unit on a Vietnamese page");
    let detail = app.api_as("quantri79").await.get(&format!("/api/v1/staffing-rule-sets/{draft}")).await.json();
    assert_eq!(detail["status"], "draft");
    let position = detail["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|rule| rule["kind"] == "quota" && rule["item_key"] == "teacher" && rule["level"] == "upper_secondary" && rule["school_type"] == "regular")
        .unwrap()["position"]
        .as_i64()
        .unwrap()
        .to_string();

    for (value, message) in [("mười sáu", "Định mức không hợp lệ: “mười sáu”"), ("0", "Định mức không hợp lệ: “0”"), ("", "Định mức không hợp lệ: “”"), ("1e-300", "“1e-300”")] {
        let rejected = admin.post_form(&format!("/personnel/rules/{draft}/value"), &[("position", &position), ("value", value)]).await;
        assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY, "{value}");
        assert!(rejected.body.contains(message), "{value}: {}", rejected.body);
    }
    let homeroom = detail["rules"].as_array().unwrap().iter().find(|rule| rule["kind"] == "reduction").unwrap()["position"].as_i64().unwrap().to_string();
    let too_large = admin.post_form(&format!("/personnel/rules/{draft}/value"), &[("position", &homeroom), ("value", "30")]).await;
    assert_eq!(too_large.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_large.body.contains("phải từ 0 đến 23"), "{}", too_large.body);
    let changed = admin.post_form(&format!("/personnel/rules/{draft}/value"), &[("position", &position), ("value", "16")]).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);

    let load_path = format!("/api/v1/staff/{staff}/load");
    assert_eq!(app.api_as("giaovien_a1").await.get(&load_path).await.json()["quota"], 13.0, "a draft changes nothing");
    let activated = admin.post_form(&format!("/personnel/rules/{draft}/activate"), &[]).await;
    assert_eq!(activated.status, StatusCode::SEE_OTHER);
    assert_eq!(app.api_as("giaovien_a1").await.get(&load_path).await.json()["quota"], 12.0);
    let list = admin.get("/p/79/personnel/rules").await;
    assert!(list.body.contains("Được thay bằng phiên bản của Sở"), "the national set no longer shows as active: {}", list.body);

    // An active version no longer changes; the department copies it again instead.
    let locked = admin.post_form(&format!("/personnel/rules/{draft}/value"), &[("position", &position), ("value", "15")]).await;
    assert_eq!(locked.status, StatusCode::CONFLICT);

    let leader = app.login("hieutruong_a1").await;
    assert_eq!(leader.post_form(&format!("/personnel/rules/{national}/copy"), &[]).await.status, StatusCode::NOT_FOUND);
    let other_province = app.login("chuyenvien_hn").await;
    assert_eq!(other_province.get(&draft_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other_province.post_form(&format!("/personnel/rules/{draft}/activate"), &[]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn openapi_lists_personnel_paths() {
    let app = TestApp::spawn().await;
    let document = app.anonymous().get("/api/openapi.json").await.json();
    for path in ["/api/v1/staff/{id}/load", "/api/v1/provinces/{code}/shortages", "/api/v1/provinces/{code}/staffing-rule-sets", "/api/v1/staffing-rule-sets/{id}"] {
        assert!(document["paths"].get(path).is_some(), "{path} missing from the OpenAPI document");
    }
}
