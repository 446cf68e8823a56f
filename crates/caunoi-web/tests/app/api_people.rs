//! The JSON API: schools, school staff and people.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use caunoi_db::users;
use serde_json::Value;

use crate::api::{error_message, field_of_items, strings, total, usernames};
use crate::harness::TestApp;

fn ids(values: Vec<Value>) -> BTreeSet<i64> {
    values.iter().map(|value| value.as_i64().expect("an id")).collect()
}

// Schools -------------------------------------------------------------------------

#[tokio::test]
async fn schools_list_province() {
    let app = TestApp::spawn().await;

    let response = app.api_as("giaovien_a1").await.get("/api/v1/schools?province=79").await;

    assert_eq!(total(&response), 3);
    assert_eq!(ids(field_of_items(&response, "id")), BTreeSet::from([app.world.school_a1, app.world.school_a2, app.world.school_b1]));
    for flag in field_of_items(&response, "is_generated") {
        assert_eq!(flag, Value::Bool(false));
    }
}

#[tokio::test]
async fn schools_list_filters() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;
    let world = &app.world;
    let cases = [
        ("level=upper_secondary".to_owned(), vec![world.school_a1]),
        (format!("cluster={}", world.cluster_a), vec![world.school_a1, world.school_a2]),
        (format!("cluster={}", world.cluster_b), vec![world.school_b1]),
        (format!("commune={}", world.commune_b1), vec![world.school_b1]),
        ("q=dong%20khoi".to_owned(), vec![world.school_b1]),
        ("q=TR%C6%AFNG%20V%C6%AF%C6%A0NG".to_owned(), vec![world.school_a1]),
        (format!("level=primary&cluster={}", world.cluster_a), vec![world.school_a2]),
        (format!("year={}&cluster={}", world.year, world.cluster_a), vec![world.school_a1, world.school_a2]),
        ("level=preschool".to_owned(), vec![]),
    ];

    for (query, expected) in cases {
        let response = client.get(&format!("/api/v1/schools?province=79&{query}")).await;
        assert_eq!(ids(field_of_items(&response, "id")), expected.iter().copied().collect(), "{query}");
        assert_eq!(total(&response), expected.len() as i64, "{query}");
    }
}

#[tokio::test]
async fn schools_list_cluster_of_other_province_is_empty() {
    let app = TestApp::spawn().await;

    let response = app.api_as("chuyenvien_hn").await.get(&format!("/api/v1/schools?cluster={}", app.world.cluster_a)).await;

    assert_eq!(total(&response), 0);
}

#[tokio::test]
async fn schools_list_pages() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;

    let first = client.get("/api/v1/schools?province=79&per_page=2").await;
    let second = client.get("/api/v1/schools?province=79&per_page=2&page=2").await;

    assert_eq!(total(&first), 3);
    assert_eq!(total(&second), 3);
    let first = ids(field_of_items(&first, "id"));
    let second = ids(field_of_items(&second, "id"));
    assert_eq!(first.len(), 2);
    assert_eq!(second.len(), 1);
    assert!(first.is_disjoint(&second));
}

#[tokio::test]
async fn schools_list_other_province_404() {
    let app = TestApp::spawn().await;

    let response = app.api_as("hieutruong_hn").await.get("/api/v1/schools?province=79").await;

    error_message(&response, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn schools_list_bad_parameters_400() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;
    let cases = [
        ("level=college", "level", "college"),
        ("cluster=abc", "cluster", "abc"),
        ("cluster=0", "cluster", "0"),
        ("commune=ben-thanh", "commune", "ben-thanh"),
        ("year=2026", "year", "2026"),
        ("province=7a", "province", "7a"),
    ];

    for (query, name, value) in cases {
        let response = client.get(&format!("/api/v1/schools?{query}")).await;
        let message = error_message(&response, StatusCode::BAD_REQUEST, "bad_request");
        assert!(message.contains(&format!("Tham số {name} không hợp lệ")), "{query}: {message}");
        assert!(message.contains(&format!("“{value}”")), "{query}: {message}");
    }
}

#[tokio::test]
async fn school_detail_fields() {
    let app = TestApp::spawn().await;

    let response = app.api_as("hieutruong_b1").await.get(&format!("/api/v1/schools/{}", app.world.school_a1)).await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let school = response.json();
    assert_eq!(school["id"], app.world.school_a1);
    assert_eq!(school["name"], "Trường THPT Trưng Vương");
    assert_eq!(school["level"], "upper_secondary");
    assert_eq!(school["ownership"], "public");
    assert_eq!(school["province_code"], "79");
    assert_eq!(school["commune_code"], app.world.commune_a1.as_str());
    assert_eq!(school["cluster_id"], app.world.cluster_a);
    assert_eq!(school["cluster_name"], "Cụm A");
    assert_eq!(school["school_year"], app.world.year.as_str());
    assert_eq!(school["moet_code"], Value::Null);
    assert_eq!(school["is_generated"], Value::Bool(false));
}

#[tokio::test]
async fn school_detail_generated_flag() {
    let app = TestApp::spawn().await;
    sqlx::query("UPDATE schools SET is_generated = 1 WHERE id = $1").bind(app.world.school_b1).execute(&app.db.pool).await.unwrap();

    let response = app.api_as("chuyenvien").await.get(&format!("/api/v1/schools/{}", app.world.school_b1)).await;

    assert_eq!(response.json()["is_generated"], Value::Bool(true));
}

#[tokio::test]
async fn school_detail_refusals() {
    let app = TestApp::spawn().await;
    let hanoi = app.api_as("hieutruong_hn").await;

    error_message(&hanoi.get(&format!("/api/v1/schools/{}", app.world.school_a1)).await, StatusCode::NOT_FOUND, "not_found");
    error_message(&hanoi.get("/api/v1/schools/999999").await, StatusCode::NOT_FOUND, "not_found");
    let message = error_message(&hanoi.get("/api/v1/schools/abc").await, StatusCode::BAD_REQUEST, "bad_request");
    assert!(message.contains("“abc”"), "{message}");
}

#[tokio::test]
async fn school_people_for_own_leader() {
    let app = TestApp::spawn().await;

    let response = app.api_as("hieutruong_a1").await.get(&format!("/api/v1/schools/{}/people", app.world.school_a1)).await;

    assert_eq!(total(&response), 3);
    assert_eq!(
        strings(field_of_items(&response, "username")),
        usernames(&["cotcan_a1", "giaovien_a1", "hieutruong_a1"])
    );
    let items = response.json()["items"].as_array().unwrap().clone();
    let core = items.iter().find(|p| p["full_name"] == "Đặng Văn Cốt").unwrap();
    assert_eq!(core["roles"], serde_json::json!(["core_teacher", "teacher"]));
    assert_eq!(core["id"], users::id_by_username(&app.db, "cotcan_a1").await.unwrap());
}

#[tokio::test]
async fn school_people_for_cluster_and_commune() {
    let app = TestApp::spawn().await;
    let path = format!("/api/v1/schools/{}/people", app.world.school_a1);

    for username in ["dieuphoi_a", "bandieuphoi_a", "canboxa_a", "chuyenvien", "admin"] {
        let response = app.api_as(username).await.get(&path).await;
        assert_eq!(response.status, StatusCode::OK, "{username}: {}", response.body);
    }
}

#[tokio::test]
async fn school_people_other_school_404() {
    let app = TestApp::spawn().await;
    let cases = [
        ("hieutruong_b1", app.world.school_a1),
        ("hieutruong_a2", app.world.school_a1),
        ("giaovien_a1", app.world.school_a2),
        ("dieuphoi_a", app.world.school_b1),
        ("canboxa_a", app.world.school_a2),
        ("chuyenvien_hn", app.world.school_a1),
        ("chuyenvien", app.world.school_hn),
    ];

    for (username, school) in cases {
        let response = app.api_as(username).await.get(&format!("/api/v1/schools/{school}/people")).await;
        let message = error_message(&response, StatusCode::NOT_FOUND, "not_found");
        assert!(message.contains("Không tìm thấy"), "{username}: {message}");
    }
}

#[tokio::test]
async fn school_people_missing_school_404() {
    let app = TestApp::spawn().await;

    let response = app.api_as("admin").await.get("/api/v1/schools/999999/people").await;

    error_message(&response, StatusCode::NOT_FOUND, "not_found");
}

// People --------------------------------------------------------------------------

#[tokio::test]
async fn people_list_role_filter() {
    let app = TestApp::spawn().await;

    let response = app.api_as("chuyenvien").await.get("/api/v1/people?province=79&role=school_leader").await;

    assert_eq!(total(&response), 3);
    assert_eq!(
        strings(field_of_items(&response, "username")),
        usernames(&["hieutruong_a1", "hieutruong_a2", "hieutruong_b1"])
    );
    let items = response.json()["items"].as_array().unwrap().clone();
    let leader = items.iter().find(|p| p["full_name"] == "Võ Thị Hiệu").unwrap();
    assert_eq!(leader["school_id"], app.world.school_a1);
    assert_eq!(leader["roles"], serde_json::json!(["school_leader"]));
    assert_eq!(leader["full_name"], "Võ Thị Hiệu");
    assert_eq!(leader["is_generated"], Value::Bool(false));
}

#[tokio::test]
async fn people_list_school_and_search() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;

    let staff = client.get(&format!("/api/v1/people?school={}", app.world.school_a1)).await;
    let search = client.get("/api/v1/people?q=giao").await;

    assert_eq!(total(&staff), 3);
    assert_eq!(strings(field_of_items(&search, "username")), usernames(&["giaovien_a1"]));
}

#[tokio::test]
async fn people_list_restricted_to_own_school() {
    let app = TestApp::spawn().await;

    let response = app.api_as("hieutruong_a1").await.get("/api/v1/people").await;

    assert_eq!(
        strings(field_of_items(&response, "username")),
        usernames(&["cotcan_a1", "giaovien_a1", "hieutruong_a1"])
    );
    assert_eq!(total(&response), 3);
}

#[tokio::test]
async fn people_list_restricted_to_cluster() {
    let app = TestApp::spawn().await;

    let response = app.api_as("dieuphoi_a").await.get("/api/v1/people?province=79").await;

    let visible = strings(field_of_items(&response, "username"));
    let expected = usernames(&["hieutruong_a1", "cotcan_a1", "giaovien_a1", "hieutruong_a2", "dieuphoi_a", "bandieuphoi_a"]);
    assert_eq!(visible, expected);
}

#[tokio::test]
async fn people_list_other_province_404() {
    let app = TestApp::spawn().await;

    let response = app.api_as("hieutruong_hn").await.get("/api/v1/people?province=79").await;

    error_message(&response, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn people_list_needs_province_for_admin() {
    let app = TestApp::spawn().await;
    let client = app.api_as("admin").await;

    let response = client.get("/api/v1/people").await;

    let message = error_message(&response, StatusCode::BAD_REQUEST, "bad_request");
    assert!(message.contains("province"), "{message}");
    assert_eq!(total(&client.get("/api/v1/people?province=01").await), 2);
}

#[tokio::test]
async fn people_list_admin_single_department() {
    let app = TestApp::spawn().await;
    sqlx::query("DELETE FROM departments WHERE province_code = '01'").execute(&app.db.pool).await.unwrap();

    let response = app.api_as("admin").await.get("/api/v1/people").await;

    assert_eq!(total(&response), 10, "{}", response.body);
}

#[tokio::test]
async fn people_list_bad_parameters_400() {
    let app = TestApp::spawn().await;
    let client = app.api_as("chuyenvien").await;

    let role = error_message(&client.get("/api/v1/people?role=principal").await, StatusCode::BAD_REQUEST, "bad_request");
    let school = error_message(&client.get("/api/v1/people?school=a1").await, StatusCode::BAD_REQUEST, "bad_request");

    assert!(role.contains("Tham số role không hợp lệ: “principal”"), "{role}");
    assert!(school.contains("Tham số school không hợp lệ: “a1”"), "{school}");
}

#[tokio::test]
async fn person_detail_for_colleague() {
    let app = TestApp::spawn().await;
    let id = users::id_by_username(&app.db, "cotcan_a1").await.unwrap();

    let response = app.api_as("hieutruong_a1").await.get(&format!("/api/v1/people/{id}")).await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let person = response.json();
    assert_eq!(person["id"], id);
    assert_eq!(person["username"], users::normalize_username("cotcan_a1").as_str());
    assert_eq!(person["school_id"], app.world.school_a1);
    assert_eq!(person["roles"], serde_json::json!(["core_teacher", "teacher"]));
    assert_eq!(person["grants"].as_array().unwrap().len(), 2);
    assert_eq!(person["grants"][0]["scope"], "school");
}

#[tokio::test]
async fn person_detail_self() {
    let app = TestApp::spawn().await;
    let id = users::id_by_username(&app.db, "giaovien_a1").await.unwrap();

    let response = app.api_as("giaovien_a1").await.get(&format!("/api/v1/people/{id}")).await;

    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
}

#[tokio::test]
async fn person_detail_refusals() {
    let app = TestApp::spawn().await;
    let core_teacher = users::id_by_username(&app.db, "cotcan_a1").await.unwrap();
    let hanoi_leader = users::id_by_username(&app.db, "hieutruong_hn").await.unwrap();
    let cases = [
        ("hieutruong_b1", core_teacher),
        ("giaovien_a1", hanoi_leader),
        ("hieutruong_hn", core_teacher),
        ("chuyenvien", hanoi_leader),
        ("chuyenvien", 999_999),
        ("admin", 999_999),
    ];

    for (username, id) in cases {
        let response = app.api_as(username).await.get(&format!("/api/v1/people/{id}")).await;
        error_message(&response, StatusCode::NOT_FOUND, "not_found");
    }
    let bad = app.api_as("chuyenvien").await.get("/api/v1/people/-3").await;
    let message = error_message(&bad, StatusCode::BAD_REQUEST, "bad_request");
    assert!(message.contains("“-3”"), "{message}");
}
