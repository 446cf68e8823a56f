//! Report templates and requests on the sender's side: the designer through its
//! screens, versioning, request drafts, publication, closing, lists, the API, and
//! refusals outside the sender's scope.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_core::directive::Audience;
use caunoi_core::report::{FieldKind, Rule, TableRows, TemplateDefinition};
use caunoi_db::reports::requests::{self, RequestInput};
use caunoi_db::reports::templates::{self, NewTemplate};
use caunoi_db::{security, users};
use chrono::{Days, NaiveDate, NaiveTime};
use serde_json::{Value, json};

use crate::harness::{Client, TestApp, TestResponse};

/// Posts an edit to the designer and returns the response.
async fn design(client: &Client<'_>, template: i64, fields: &[(&str, &str)]) -> TestResponse {
    client.post_form(&format!("/report-templates/{template}/design"), fields).await
}

async fn definition(app: &TestApp, template: i64) -> TemplateDefinition {
    templates::current_version(&app.db, template).await.expect("current version").definition
}

/// Creates a department template through the list page and returns its id.
async fn new_template(client: &Client<'_>, name: &str) -> i64 {
    let response = client.post_form("/p/79/report-templates", &[("name", name), ("description", "")]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.location().expect("redirect to the designer");
    location.trim_start_matches("/report-templates/").parse().expect("template id")
}

fn assert_saved(response: &TestResponse, template: i64, anchor: &str) {
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.location(), Some(format!("/report-templates/{template}#{anchor}").as_str()));
}

/// Builds "Thống kê học kì I" through the designer: a per-grade table with rows for
/// primary and lower secondary, a female ≤ students rule row by row, a sum rule, a
/// weighted percentage, a choice field and an indicator.
async fn build_semester(client: &Client<'_>) -> i64 {
    let id = new_template(client, "Thống kê học kì I").await;
    let saved = design(client, id, &[("op", "section_add"), ("title", "Học sinh"), ("help", "Số liệu đến ngày cuối học kì.")]).await;
    assert_saved(&saved, id, "section-hoc_sinh");
    let add = |label: &'static str, kind: &'static str| vec![("op", "field_add"), ("section", "hoc_sinh"), ("label", label), ("kind", kind)];
    assert_saved(&design(client, id, &add("Tổng số học sinh", "integer")).await, id, "field-tong_so_hoc_sinh");
    let mut table = add("Số liệu theo khối lớp", "table");
    table.extend([
        ("columns", "Số lớp\nSố học sinh\nHọc sinh nữ"),
        ("rows", "Lớp 1\nLớp 2\nLớp 3\nLớp 4\nLớp 5"),
        ("levels", "primary"),
        ("help", "Mỗi khối lớp một hàng."),
    ]);
    assert_saved(&design(client, id, &table).await, id, "field-so_lieu_theo_khoi_lop");
    let rows = [
        ("op", "rows_add"),
        ("field", "so_lieu_theo_khoi_lop"),
        ("rows", "Lớp 6\nLớp 7\nLớp 8\nLớp 9"),
        ("levels", "lower_secondary"),
    ];
    assert_saved(&design(client, id, &rows).await, id, "field-so_lieu_theo_khoi_lop");
    let female = [
        ("op", "rule_add"),
        ("rule", "at_most"),
        ("left", "so_lieu_theo_khoi_lop.hoc_sinh_nu"),
        ("right", "so_lieu_theo_khoi_lop.so_hoc_sinh"),
    ];
    assert_saved(&design(client, id, &female).await, id, "rules");
    let sum = [("op", "rule_add"), ("rule", "sum_equals"), ("parts", "so_lieu_theo_khoi_lop.*.so_hoc_sinh"), ("total", "tong_so_hoc_sinh")];
    assert_saved(&design(client, id, &sum).await, id, "rules");
    assert_saved(&design(client, id, &add("Tỉ lệ lên lớp", "percent")).await, id, "field-ti_le_len_lop");
    let weight = [("op", "field_update"), ("field", "ti_le_len_lop"), ("label", "Tỉ lệ lên lớp"), ("weight", "tong_so_hoc_sinh"), ("required", "1")];
    assert_saved(&design(client, id, &weight).await, id, "field-ti_le_len_lop");
    let mut shift = add("Số buổi học", "choice");
    shift.push(("options", "1 buổi/ngày\n2 buổi/ngày"));
    assert_saved(&design(client, id, &shift).await, id, "field-so_buoi_hoc");
    let indicator = [
        ("op", "indicator_add"),
        ("label", "Tỉ lệ học sinh nữ"),
        ("numerator", "so_lieu_theo_khoi_lop/*/hoc_sinh_nu"),
        ("denominator", "so_lieu_theo_khoi_lop/*/so_hoc_sinh"),
    ];
    assert_saved(&design(client, id, &indicator).await, id, "indicators");
    id
}

#[tokio::test]
async fn designer_builds_semester_template() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;

    let id = build_semester(&specialist).await;

    let definition = definition(&app, id).await;
    assert_eq!(definition.sections.len(), 1);
    assert_eq!(definition.sections[0].help, "Số liệu đến ngày cuối học kì.");
    let keys: Vec<&str> = definition.fields().map(|f| f.key.as_str()).collect();
    assert_eq!(keys, ["tong_so_hoc_sinh", "so_lieu_theo_khoi_lop", "ti_le_len_lop", "so_buoi_hoc"]);
    let FieldKind::Table(table) = &definition.field("so_lieu_theo_khoi_lop").unwrap().kind else { panic!("table") };
    let TableRows::Fixed { rows } = &table.rows else { panic!("fixed rows") };
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[0].key, "lop_1");
    assert_eq!(rows[0].levels, vec![caunoi_core::org::SchoolLevel::Primary]);
    assert_eq!(rows[8].levels, vec![caunoi_core::org::SchoolLevel::LowerSecondary]);
    assert_eq!(
        definition.rules[0],
        Rule::AtMost { left: "so_lieu_theo_khoi_lop.hoc_sinh_nu".into(), right: "so_lieu_theo_khoi_lop.so_hoc_sinh".into() }
    );
    assert!(matches!(&definition.rules[1], Rule::SumEquals { total, .. } if total == "tong_so_hoc_sinh"));
    let percent = definition.field("ti_le_len_lop").unwrap();
    assert_eq!(percent.kind, FieldKind::Percent { weight: Some("tong_so_hoc_sinh".into()) });
    assert!(percent.required);
    assert_eq!(definition.indicators[0].key, "ti_le_hoc_sinh_nu");
    assert!(caunoi_core::report::validate::definition_problems(&definition).is_empty());

    let page = specialist.get(&format!("/report-templates/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Số liệu theo khối lớp"));
    assert!(page.body.contains("Học sinh nữ (từng hàng) ≤"), "the rule is described in words");

    let primary = specialist.get(&format!("/report-templates/{id}/preview?level=primary")).await;
    assert_eq!(primary.status, StatusCode::OK);
    assert!(primary.body.contains("Lớp 1"));
    assert!(!primary.body.contains("Lớp 6"));
    let lower = specialist.get(&format!("/report-templates/{id}/preview?level=lower_secondary")).await;
    assert!(lower.body.contains("Lớp 6"));
    assert!(!lower.body.contains("Lớp 1<"));
}

#[tokio::test]
async fn designer_moves_and_removes() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    let id = build_semester(&specialist).await;

    let moved = design(&specialist, id, &[("op", "field_move"), ("field", "so_buoi_hoc"), ("direction", "up")]).await;
    assert_saved(&moved, id, "field-so_buoi_hoc");
    let keys: Vec<String> = definition(&app, id).await.fields().map(|f| f.key.clone()).collect();
    assert_eq!(keys[2], "so_buoi_hoc");

    let row = design(&specialist, id, &[("op", "row_move"), ("field", "so_lieu_theo_khoi_lop"), ("row", "lop_2"), ("direction", "up")]).await;
    assert_eq!(row.status, StatusCode::SEE_OTHER);
    let removed = design(&specialist, id, &[("op", "field_remove"), ("field", "so_buoi_hoc")]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let rule = design(&specialist, id, &[("op", "rule_remove"), ("index", "0")]).await;
    assert_saved(&rule, id, "rules");

    let definition = definition(&app, id).await;
    assert!(definition.field("so_buoi_hoc").is_none());
    assert_eq!(definition.rules.len(), 1);
    let FieldKind::Table(table) = &definition.field("so_lieu_theo_khoi_lop").unwrap().kind else { panic!("table") };
    assert_eq!(table.rows_for(None)[0].key, "lop_2");
}

#[tokio::test]
async fn designer_rejects_bad_input() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    let id = build_semester(&specialist).await;
    let before = definition(&app, id).await;

    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![("op", "field_update"), ("field", "tong_so_hoc_sinh"), ("label", "Tổng số học sinh"), ("min", "500"), ("max", "20")],
            "Giá trị nhỏ nhất (500) lớn hơn giá trị lớn nhất (20)",
        ),
        (vec![("op", "field_add"), ("section", "hoc_sinh"), ("label", "Ca học"), ("kind", "choice"), ("options", "  ")], "chưa có phương án nào"),
        (
            vec![("op", "field_update"), ("field", "ti_le_len_lop"), ("label", "Tỉ lệ lên lớp"), ("weight", "so_buoi_hoc")],
            "“Số buổi học” không phải là trường số",
        ),
        (vec![("op", "field_add"), ("section", "hoc_sinh"), ("label", "Bảng trống"), ("kind", "table")], "Bảng chưa có cột nào"),
        (vec![("op", "section_add"), ("title", "  ")], "Tên còn trống"),
        (
            vec![("op", "field_update"), ("field", "tong_so_hoc_sinh"), ("label", "Tổng số học sinh"), ("min", "mười")],
            "“mười” không phải là số",
        ),
        (vec![("op", "field_remove"), ("field", "tong_so_hoc_sinh")], "đang được dùng trong một quy tắc kiểm tra"),
        (vec![("op", "rule_add"), ("rule", "sum_equals"), ("total", "tong_so_hoc_sinh")], "chưa có mục nào để cộng"),
        (vec![("op", "field_update"), ("field", "khong_co"), ("label", "X")], "không còn trong mẫu"),
    ];
    for (fields, expected) in &cases {
        let response = design(&specialist, id, fields).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(response.body.contains(expected), "{fields:?}: expected {expected:?} in the page");
    }

    // A rule across two tables names both columns.
    let second = [("op", "field_add"), ("section", "hoc_sinh"), ("label", "Đội ngũ"), ("kind", "table"), ("columns", "Giáo viên nữ")];
    assert_eq!(design(&specialist, id, &second).await.status, StatusCode::SEE_OTHER);
    let across = [("op", "rule_add"), ("rule", "at_most"), ("left", "doi_ngu.giao_vien_nu"), ("right", "so_lieu_theo_khoi_lop.so_hoc_sinh")];
    let response = design(&specialist, id, &across).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("là cột của hai bảng khác nhau"), "{}", response.body);

    // What was typed comes back in the form.
    let typed = [("op", "field_update"), ("field", "tong_so_hoc_sinh"), ("label", "Tổng số HS (đã sửa)"), ("min", "500"), ("max", "20")];
    let response = design(&specialist, id, &typed).await;
    assert!(response.body.contains("value=\"Tổng số HS (đã sửa)\""));
    assert!(response.body.contains("value=\"500\""));

    let after = definition(&app, id).await;
    for field in before.fields() {
        assert_eq!(after.field(&field.key), Some(field), "{} unchanged", field.key);
    }
    assert_eq!(after.rules, before.rules);
}

#[tokio::test]
async fn template_create_requires_name() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;

    let response = specialist.post_form("/p/79/report-templates", &[("name", " "), ("description", "Giữ lại mô tả")]).await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Tên mẫu còn trống"));
    assert!(response.body.contains("Giữ lại mô tả"));
}

#[tokio::test]
async fn template_list_searches_folded() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    new_template(&specialist, "Thống kê học kì I").await;
    let other = new_template(&specialist, "Cơ sở vật chất").await;

    let found = specialist.get("/p/79/report-templates?q=hoc%20ki").await;
    assert!(found.body.contains("Thống kê học kì I"));
    assert!(!found.body.contains("Cơ sở vật chất"));

    let archived = specialist.post_form(&format!("/report-templates/{other}/archive"), &[("archived", "1")]).await;
    assert_eq!(archived.status, StatusCode::SEE_OTHER);
    let active = specialist.get("/p/79/report-templates").await;
    assert!(!active.body.contains("Cơ sở vật chất"));
    let shelf = specialist.get("/p/79/report-templates?archived=1").await;
    assert!(shelf.body.contains("Cơ sở vật chất"));
    let new_request = specialist.get(&format!("/report-templates/{other}/requests/new")).await;
    assert_eq!(new_request.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn cluster_board_designs_own_templates() {
    let app = TestApp::spawn().await;
    let coordinator = app.login("dieuphoi_a").await;
    let path = format!("/clusters/{}/report-templates", app.world.cluster_a);

    let created = coordinator.post_form(&path, &[("name", "Báo cáo cụm"), ("description", "")]).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let list = coordinator.get(&path).await;
    assert!(list.body.contains("Báo cáo cụm"));

    let other_cluster = coordinator.get(&format!("/clusters/{}/report-templates", app.world.cluster_b)).await;
    assert_eq!(other_cluster.status, StatusCode::NOT_FOUND);
    assert_eq!(coordinator.get("/p/79/report-templates").await.status, StatusCode::NOT_FOUND);
}

/// Returns a date in the future, as `<input type="date">` sends it.
fn future(days: u64) -> NaiveDate {
    caunoi_web::i18n::today().checked_add_days(Days::new(days)).expect("date")
}

fn request_fields<'a>(title: &'a str, deadline: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("period_kind", "semester"),
        ("period_start", "2025-09-05"),
        ("period_end", "2026-01-15"),
        ("period_label", ""),
        ("opens_on", ""),
        ("deadline_date", deadline),
        ("deadline_time", "17:00"),
        ("remind_hours", "48"),
        ("instructions", "Điền theo số liệu cuối học kì."),
        ("everyone", "1"),
    ]
}

/// Creates a draft request through the form and returns its id.
async fn new_request(client: &Client<'_>, template: i64, fields: &[(&str, &str)]) -> i64 {
    let response = client.post_form(&format!("/report-templates/{template}/requests/new"), fields).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    response.location().expect("redirect").trim_start_matches("/reports/").parse().expect("request id")
}

#[tokio::test]
async fn request_deadline_is_date_typed() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    let template = build_semester(&specialist).await;
    let day = future(20);
    let typed = day.format("%Y-%m-%d").to_string();

    let id = new_request(&specialist, template, &request_fields("Thống kê học kì I", &typed)).await;

    let stored = requests::get(&app.db, id).await.expect("request");
    let expected = caunoi_core::report::deadline::local_instant(day, NaiveTime::from_hms_opt(17, 0, 0).unwrap());
    assert_eq!(stored.deadline_at, expected);
    let utc = chrono::DateTime::from_timestamp_millis(stored.deadline_at).unwrap();
    assert_eq!(utc.format("%Y-%m-%d %H:%M").to_string(), format!("{typed} 10:00"));
    assert_eq!(stored.period_label, "Học kì I năm học 2025-2026");
    assert_eq!(stored.status, "draft");
    assert_eq!(stored.remind_before_hours, 48);
    let page = specialist.get(&format!("/reports/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("{} 17:00", day.format("%d/%m/%Y"))));
    assert!(page.body.contains("3 trường"), "the draft previews the schools it would reach");
}

#[tokio::test]
async fn request_form_rejects_bad_input() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    let template = build_semester(&specialist).await;
    let typed = future(20).format("%Y-%m-%d").to_string();
    let path = format!("/report-templates/{template}/requests/new");

    let mut late = request_fields("Báo cáo", &typed);
    late.retain(|(name, _)| *name != "deadline_time");
    late.push(("deadline_time", "25:00"));
    let mut reversed = request_fields("Báo cáo", &typed);
    reversed.retain(|(name, _)| *name != "period_end");
    reversed.push(("period_end", "2025-08-01"));
    let mut past = request_fields("Báo cáo", "2020-01-01");
    past.push(("communes", "Không có xã này"));
    let mut no_audience = request_fields("Giữ tiêu đề này", &typed);
    no_audience.retain(|(name, _)| *name != "everyone");
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (late, "Giờ “25:00” không hợp lệ"),
        (reversed, "sau ngày kết thúc 01/08/2025"),
        (past, "đã qua"),
        (request_fields("Báo cáo", ""), "Chưa có hạn chót"),
        (no_audience, "Giữ tiêu đề này"),
    ];
    for (fields, expected) in &cases {
        let response = specialist.post_form(&path, fields).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(response.body.contains(expected), "{fields:?}: expected {expected:?}");
    }
    let filter = requests::RequestFilter { province: "79".into(), ..Default::default() };
    let (_, total) = requests::list(&app.db, &filter, caunoi_db::Page::new(None, None)).await.expect("list");
    assert_eq!(total, 0, "nothing saved");
}

#[tokio::test]
async fn request_publish_close_extend() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    let template = build_semester(&specialist).await;
    let typed = future(20).format("%Y-%m-%d").to_string();
    let id = new_request(&specialist, template, &request_fields("Thống kê học kì I", &typed)).await;

    let confirm = specialist.get(&format!("/reports/{id}/publish")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("Xác nhận ban hành"));
    assert!(confirm.body.contains("3 trường"));
    let published = specialist.post_form(&format!("/reports/{id}/publish"), &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let stored = requests::get(&app.db, id).await.expect("request");
    assert_eq!(stored.status, "published");
    let version = templates::version(&app.db, stored.template_version_id).await.expect("version");
    assert!(version.frozen_at.is_some());
    assert_eq!(specialist.post_form(&format!("/reports/{id}/edit"), &request_fields("X", &typed)).await.status, StatusCode::CONFLICT);

    // The leader of a receiving school gets the request page with a link to its form.
    let leader = app.login("hieutruong_a1").await;
    let page = leader.get(&format!("/reports/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("/reports/{id}/schools/{}", app.world.school_a1)));
    assert!(!page.body.contains(&format!("/reports/{id}/close")));
    let notified: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'hieutruong_a1' AND n.message_id = 'notify-report-requested'",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(notified, 1);

    // Extending to an earlier time is refused with the reason; a later one is saved.
    let earlier = future(10).format("%Y-%m-%d").to_string();
    let refused = specialist.post_form(&format!("/reports/{id}/extend"), &[("deadline_date", &earlier), ("deadline_time", "17:00")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("không sau hạn hiện tại"));
    let later_day = future(30);
    let later = later_day.format("%Y-%m-%d").to_string();
    let extended = specialist.post_form(&format!("/reports/{id}/extend"), &[("deadline_date", &later), ("deadline_time", "08:30")]).await;
    assert_eq!(extended.status, StatusCode::SEE_OTHER);
    let stored = requests::get(&app.db, id).await.expect("request");
    assert_eq!(stored.deadline_at, caunoi_core::report::deadline::local_instant(later_day, NaiveTime::from_hms_opt(8, 30, 0).unwrap()));

    let closed = specialist.post_form(&format!("/reports/{id}/close"), &[]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    assert_eq!(requests::get(&app.db, id).await.expect("request").status, "closed");
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'report_request' AND entity_id = $1 AND action IN ('report_request.close', 'report_request.extend')",
    )
    .bind(id.to_string())
    .fetch_one(&app.db.pool)
    .await
    .expect("audit");
    assert_eq!(audited, 2);
    assert_eq!(specialist.post_form(&format!("/reports/{id}/close"), &[]).await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn draft_edit_and_delete() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    let template = build_semester(&specialist).await;
    let typed = future(20).format("%Y-%m-%d").to_string();
    let id = new_request(&specialist, template, &request_fields("Bản nháp", &typed)).await;

    let form = specialist.get(&format!("/reports/{id}/edit")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(&format!("value=\"{typed}\"")), "the deadline date comes back as typed");
    let mut fields = request_fields("Bản nháp đã sửa", &typed);
    fields.push(("period_label", "Học kì I (sửa tên)"));
    fields.retain(|(name, value)| !(*name == "period_label" && value.is_empty()));
    let saved = specialist.post_form(&format!("/reports/{id}/edit"), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = requests::get(&app.db, id).await.expect("request");
    assert_eq!(stored.title, "Bản nháp đã sửa");
    assert_eq!(stored.period_label, "Học kì I (sửa tên)");

    let deleted = specialist.post_form(&format!("/reports/{id}/delete"), &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert!(requests::get(&app.db, id).await.is_err());
}

/// Stores a department template and a request of it published to cluster A.
async fn published_to_cluster_a(app: &TestApp) -> (i64, i64) {
    let specialist = users::id_by_username(&app.db, "chuyenvien").await.expect("user");
    let mut definition = TemplateDefinition::default();
    let json = json!({"sections": [{"key": "hs", "title": "Học sinh", "fields": [{"key": "tong", "label": "Tổng số", "type": "integer"}]}]});
    definition.sections = serde_json::from_value::<TemplateDefinition>(json).expect("definition").sections;
    let new = NewTemplate { province: "79", cluster: None, name: "Mẫu cụm A", description: "", definition: &definition, created_by: specialist };
    let (template, version) = templates::create(&app.db, &new).await.expect("template");
    let input = RequestInput {
        template_version_id: version,
        title: "Báo cáo gửi cụm A".into(),
        instructions: String::new(),
        period_kind: "month".into(),
        period_label: "Tháng 10/2025".into(),
        period_start: "2025-10-01".into(),
        period_end: "2025-10-31".into(),
        audience: Audience { clusters: vec![app.world.cluster_a], ..Audience::default() },
        opens_at: caunoi_db::now_ms(),
        deadline_at: caunoi_db::now_ms() + 10 * 24 * 3_600_000,
        remind_before_hours: 48,
    };
    let id = requests::create_draft(&app.db, "79", None, &app.world.year, &input, specialist).await.expect("draft");
    requests::publish(&app.db, id, specialist).await.expect("publish");
    (template, id)
}

#[tokio::test]
async fn editing_used_version_starts_new_one() {
    let app = TestApp::spawn().await;
    let (template, request) = published_to_cluster_a(&app).await;
    let specialist = app.login("chuyenvien").await;

    let page = specialist.get(&format!("/report-templates/{template}")).await;
    assert!(page.body.contains("Phiên bản 1 đã được dùng cho yêu cầu báo cáo"), "the designer says a change starts a new version");
    let edit = [("op", "field_update"), ("field", "tong"), ("label", "Tổng số học sinh"), ("min", "0")];
    assert_eq!(design(&specialist, template, &edit).await.status, StatusCode::SEE_OTHER);

    let versions = templates::versions(&app.db, template).await.expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].version, 2);
    assert_eq!(versions[0].definition.field("tong").unwrap().label, "Tổng số học sinh");
    assert_eq!(versions[1].definition.field("tong").unwrap().label, "Tổng số");
    let stored = requests::get(&app.db, request).await.expect("request");
    let used = templates::version(&app.db, stored.template_version_id).await.expect("version");
    assert_eq!(used.version, 1, "the published request keeps its version");

    // A second edit changes version 2 in place: no request used it yet.
    let again = [("op", "field_update"), ("field", "tong"), ("label", "Tổng số HS"), ("min", "0")];
    assert_eq!(design(&specialist, template, &again).await.status, StatusCode::SEE_OTHER);
    assert_eq!(templates::versions(&app.db, template).await.expect("versions").len(), 2);
}

#[tokio::test]
async fn definition_export_import_round_trip() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    let source = build_semester(&specialist).await;
    let target = new_template(&specialist, "Bản sao").await;

    let exported = specialist.get(&format!("/report-templates/{source}/definition.json")).await;
    assert_eq!(exported.status, StatusCode::OK);
    assert!(exported.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("attachment"));
    let imported = specialist.post_file(&format!("/report-templates/{target}/import"), "mau.json", exported.body.as_bytes(), &[]).await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    assert_eq!(definition(&app, target).await, definition(&app, source).await);

    let broken = specialist.post_file(&format!("/report-templates/{target}/import"), "mau.json", b"{\"sections\": 3}", &[]).await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(broken.body.contains("không phải là định nghĩa mẫu báo cáo"));
    assert_eq!(definition(&app, target).await, definition(&app, source).await, "nothing lost");
}

#[tokio::test]
async fn request_lists_follow_scope() {
    let app = TestApp::spawn().await;
    published_to_cluster_a(&app).await;

    let specialist = app.login("chuyenvien").await;
    let department = specialist.get("/p/79/reports").await;
    assert_eq!(department.status, StatusCode::OK);
    assert!(department.body.contains("Báo cáo gửi cụm A"));
    let filtered = specialist.get("/p/79/reports?status=draft").await;
    assert!(!filtered.body.contains("Báo cáo gửi cụm A"));
    let by_period = specialist.get("/p/79/reports?period=semester").await;
    assert!(!by_period.body.contains("Báo cáo gửi cụm A"));
    let searched = specialist.get("/p/79/reports?q=cum%20a").await;
    assert!(searched.body.contains("Báo cáo gửi cụm A"));

    let board_a = app.login("bandieuphoi_a").await;
    let cluster_a = board_a.get(&format!("/clusters/{}/reports", app.world.cluster_a)).await;
    assert_eq!(cluster_a.status, StatusCode::OK);
    assert!(cluster_a.body.contains("Báo cáo gửi cụm A"), "a department request reaching the cluster's schools");
    let cluster_b = specialist.get(&format!("/clusters/{}/reports", app.world.cluster_b)).await;
    assert!(!cluster_b.body.contains("Báo cáo gửi cụm A"));
}

#[tokio::test]
async fn routes_refuse_outsiders() {
    let app = TestApp::spawn().await;
    let (template, request) = published_to_cluster_a(&app).await;
    let specialist = app.login("chuyenvien").await;
    let typed = future(20).format("%Y-%m-%d").to_string();
    let draft = new_request(&specialist, template, &request_fields("Nháp", &typed)).await;

    let cases: Vec<(&str, String)> = vec![
        ("chuyenvien_hn", format!("/report-templates/{template}")),
        ("chuyenvien_hn", format!("/reports/{request}")),
        ("chuyenvien_hn", "/p/79/reports".into()),
        ("chuyenvien_hn", "/p/79/report-templates".into()),
        ("dieuphoi_a", format!("/report-templates/{template}")),
        ("dieuphoi_a", format!("/reports/{draft}")),
        ("hieutruong_a1", format!("/report-templates/{template}")),
        ("hieutruong_a1", format!("/reports/{draft}")),
        ("hieutruong_a1", "/p/79/reports".into()),
        ("hieutruong_b1", format!("/reports/{request}")),
        ("giaovien_a1", format!("/reports/{request}")),
        ("hieutruong_hn", format!("/reports/{request}")),
    ];
    for (user, path) in &cases {
        let client = app.login(user).await;
        assert_eq!(client.get(path).await.status, StatusCode::NOT_FOUND, "{user} GET {path}");
    }
    let leader = app.login("hieutruong_a1").await;
    assert_eq!(leader.post_form(&format!("/reports/{request}/close"), &[]).await.status, StatusCode::NOT_FOUND);
    let coordinator = app.login("dieuphoi_a").await;
    assert_eq!(coordinator.get(&format!("/reports/{request}")).await.status, StatusCode::OK, "the board follows its cluster");
    let officer = app.login("canboxa_a").await;
    assert_eq!(officer.get(&format!("/reports/{request}")).await.status, StatusCode::OK);
}

/// Sends a JSON request to the API with a fresh bearer token of a person.
async fn api(app: &TestApp, username: &str, method: &str, path: &str, body: Option<Value>) -> TestResponse {
    let id = users::id_by_username(&app.db, username).await.expect("user");
    let token = security::create_api_token(&app.db, id, "test").await.expect("token");
    let builder = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
    let request = match body {
        Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    };
    app.send(request.expect("request")).await
}

fn semester_json() -> Value {
    json!({
        "sections": [{
            "key": "hoc_sinh", "title": "Học sinh",
            "fields": [
                {"key": "tong", "label": "Tổng số học sinh", "type": "integer", "min": 0},
                {"key": "khoi", "label": "Theo khối", "type": "table",
                 "rows": {"mode": "fixed", "rows": [{"key": "lop_1", "label": "Lớp 1", "levels": ["primary"]}]},
                 "columns": [{"key": "hs", "label": "Học sinh", "kind": "integer"}, {"key": "nu", "label": "Nữ", "kind": "integer"}]}
            ]
        }],
        "rules": [{"rule": "at_most", "left": "khoi.nu", "right": "khoi.hs"}, {"rule": "sum_equals", "parts": ["khoi.*.hs"], "total": "tong"}]
    })
}

#[tokio::test]
async fn api_templates_and_requests() {
    let app = TestApp::spawn().await;

    let created = api(&app, "chuyenvien", "POST", "/api/v1/report-templates", Some(json!({"name": "Thống kê học kì I", "definition": semester_json()}))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let template = created.json()["id"].as_i64().unwrap();
    assert_eq!(created.json()["definition"]["rules"].as_array().unwrap().len(), 2);

    let invalid = json!({"sections": [{"key": "a", "title": "A", "fields": [{"key": "ca", "label": "Ca", "type": "choice", "options": []}]}]});
    let rejected = api(&app, "chuyenvien", "POST", "/api/v1/report-templates", Some(json!({"name": "Sai", "definition": invalid}))).await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", rejected.body);
    assert!(rejected.json()["error"]["message"].as_str().unwrap().contains("chưa có phương án nào"), "{}", rejected.body);

    // The designer's limits hold for JSON too: an over-long label, a reversed range
    // and a rule on a text field, each named in Vietnamese.
    let long_label = "x".repeat(301);
    let limits = [
        json!({"sections": [{"key": "a", "title": "A", "fields": [{"key": "n", "label": long_label, "type": "integer"}]}]}),
        json!({"sections": [{"key": "a", "title": "A", "fields": [{"key": "n", "label": "N", "type": "integer", "min": 10, "max": 1}]}]}),
        json!({"sections": [{"key": "a", "title": "A", "fields": [{"key": "t", "label": "T", "type": "text"}, {"key": "n", "label": "N", "type": "integer"}]}],
               "rules": [{"rule": "at_most", "left": "t", "right": "n"}]}),
    ];
    for (definition, expected) in limits.iter().zip(["dài quá 300 kí tự", "giá trị nhỏ nhất lớn hơn", "không phải số"]) {
        let refused = api(&app, "chuyenvien", "POST", "/api/v1/report-templates", Some(json!({"name": "Giới hạn", "definition": definition}))).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert!(refused.json()["error"]["message"].as_str().unwrap().contains(expected), "{}", refused.body);
    }

    // A second template in use with the same name is refused.
    let twin = api(&app, "chuyenvien", "POST", "/api/v1/report-templates", Some(json!({"name": "THỐNG KÊ HỌC KÌ I", "definition": semester_json()}))).await;
    assert_eq!(twin.status, StatusCode::CONFLICT, "{}", twin.body);
    assert!(twin.json()["error"]["message"].as_str().unwrap().contains("Đã có một mẫu đang dùng tên"), "{}", twin.body);

    let listed = api(&app, "chuyenvien", "GET", "/api/v1/report-templates?q=hoc%20ki", None).await;
    assert_eq!(listed.json()["total"], 1);

    let deadline = format!("{}T17:00:00+07:00", future(15).format("%Y-%m-%d"));
    let body = json!({
        "template_id": template, "title": "Thống kê học kì I", "period_kind": "semester",
        "period_start": "2025-09-05", "period_end": "2026-01-15", "deadline": deadline,
        "audience": {"clusters": [app.world.cluster_a]}
    });
    let draft = api(&app, "chuyenvien", "POST", "/api/v1/report-requests", Some(body.clone())).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);
    let request = draft.json()["id"].as_i64().unwrap();
    assert_eq!(draft.json()["deadline_at"], deadline.as_str());
    assert_eq!(draft.json()["period_label"], "Học kì I năm học 2025-2026");

    let published = api(&app, "chuyenvien", "POST", &format!("/api/v1/report-requests/{request}/publish"), None).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    assert_eq!(published.json()["status"], "published");
    assert_eq!(published.json()["recipients"], 2);

    let changed = api(&app, "chuyenvien", "PUT", &format!("/api/v1/report-templates/{template}/definition"), Some(json!({"definition": semester_json(), "change_note": "Sửa"}))).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.json()["current_version"], 2);
    assert_eq!(changed.json()["versions"].as_array().unwrap().len(), 2);

    let seen = api(&app, "hieutruong_a1", "GET", &format!("/api/v1/report-requests/{request}"), None).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.json()["template_version"], 1);
    let list = api(&app, "chuyenvien", "GET", "/api/v1/report-requests?status=published", None).await;
    assert_eq!(list.json()["total"], 1);
    let cluster_list = api(&app, "dieuphoi_a", "GET", &format!("/api/v1/report-requests?cluster_id={}", app.world.cluster_a), None).await;
    assert_eq!(cluster_list.json()["total"], 1);

    let closed = api(&app, "chuyenvien", "POST", &format!("/api/v1/report-requests/{request}/close"), None).await;
    assert_eq!(closed.json()["status"], "closed");

    for (user, method, path) in [
        ("chuyenvien_hn", "GET", format!("/api/v1/report-templates/{template}")),
        ("chuyenvien_hn", "GET", format!("/api/v1/report-requests/{request}")),
        ("hieutruong_b1", "GET", format!("/api/v1/report-requests/{request}")),
        ("giaovien_a1", "GET", format!("/api/v1/report-requests/{request}")),
        ("dieuphoi_a", "PUT", format!("/api/v1/report-templates/{template}/definition")),
        ("hieutruong_a1", "POST", format!("/api/v1/report-requests/{request}/close")),
    ] {
        let body = (method == "PUT").then(|| json!({"definition": semester_json()}));
        assert_eq!(api(&app, user, method, &path, body).await.status, StatusCode::NOT_FOUND, "{user} {method} {path}");
    }
}

#[tokio::test]
async fn api_request_rejects_bad_fields() {
    let app = TestApp::spawn().await;
    let created = api(&app, "chuyenvien", "POST", "/api/v1/report-templates", Some(json!({"name": "Mẫu", "definition": semester_json()}))).await;
    let template = created.json()["id"].as_i64().unwrap();
    let deadline = format!("{}T17:00:00+07:00", future(15).format("%Y-%m-%d"));
    let base = json!({
        "template_id": template, "title": "Báo cáo", "period_kind": "semester",
        "period_start": "2025-09-05", "period_end": "2026-01-15", "deadline": deadline,
        "audience": {"everyone": true}
    });
    let cases = [
        ("deadline", json!("mai"), "không hợp lệ"),
        ("period_kind", json!("quarter"), "Loại kì “quarter” không có"),
        ("period_end", json!("2025-01-01"), "sau ngày kết thúc"),
    ];
    for (field, value, expected) in cases {
        let mut body = base.clone();
        body[field] = value;
        let response = api(&app, "chuyenvien", "POST", "/api/v1/report-requests", Some(body)).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{field}: {}", response.body);
        assert!(response.json()["error"]["message"].as_str().unwrap().contains(expected), "{field}: {}", response.body);
    }
}
