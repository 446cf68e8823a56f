//! Directives on the sender's side: the form, the preview, publication, amendment,
//! withdrawal, the list with search, the API and the refusals.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_core::org::{Role, Scope};
use caunoi_core::policy::{Action, allows};
use caunoi_db::users::{self, NewUser};
use caunoi_db::{directives, security};
use serde_json::{Value, json};

use crate::harness::{Client, PASSWORD, TestApp, TestResponse};

const TRUNG_VUONG: &str = "Trường THPT Trưng Vương";
const LE_NGOC_HAN: &str = "Trường Tiểu học Lê Ngọc Hân";
const DONG_KHOI: &str = "Trường THCS Đồng Khởi";

/// Returns the fields of a valid draft, with `extra` replacing or adding fields.
fn fields(extra: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut fields: Vec<(&'static str, String)> = vec![
        ("kind", "dispatch".into()),
        ("number_symbol", "1581/SGDĐT-GDTrH".into()),
        ("issuing_body", "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh".into()),
        ("signer", "Nguyễn Văn Hiếu".into()),
        ("issued_on", "05/09/2026".into()),
        ("title", "Công văn hướng dẫn thực hiện nhiệm vụ năm học".into()),
        ("summary", "Hướng dẫn chung".into()),
        ("body", "Đoạn một.\n\nĐoạn hai.".into()),
        ("ack_date", "".into()),
        ("ack_time", "".into()),
        ("remind_hours", "24".into()),
    ];
    for (name, value) in extra {
        match fields.iter_mut().find(|(field, _)| field == name) {
            Some(field) => field.1 = (*value).to_owned(),
            None => fields.push((name, (*value).to_owned())),
        }
    }
    fields
}

async fn post(client: &Client<'_>, path: &str, fields: &[(&'static str, String)]) -> TestResponse {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(name, value)| (*name, value.as_str())).collect();
    client.post_form(path, &pairs).await
}

/// Returns the id at the end of a `/directives/{id}` redirect.
fn created_id(response: &TestResponse) -> i64 {
    assert_eq!(response.status, StatusCode::SEE_OTHER, "draft not created: {}", response.body);
    let location = response.location().expect("redirect");
    location.trim_start_matches("/directives/").parse().unwrap_or_else(|_| panic!("unexpected location {location}"))
}

/// Creates a department draft for cluster A's primary and upper-secondary schools.
async fn department_draft(app: &TestApp, extra: &[(&'static str, &str)]) -> i64 {
    let client = app.login("chuyenvien").await;
    let cluster = app.world.cluster_a.to_string();
    let mut fields = fields(extra);
    fields.push(("clusters", cluster));
    fields.push(("levels", "upper_secondary".into()));
    fields.push(("levels", "primary".into()));
    created_id(&post(&client, "/p/79/directives/new", &fields).await)
}

async fn publish(app: &TestApp, id: i64) {
    let client = app.login("chuyenvien").await;
    let response = client.post_form(&format!("/directives/{id}/publish"), &[]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "publish failed: {}", response.body);
    assert_eq!(response.location(), Some(format!("/directives/{id}/tracking").as_str()));
}

async fn recipient_ids(app: &TestApp, id: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT school_id FROM directive_recipients WHERE directive_id = $1 ORDER BY school_id")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await
        .expect("recipients")
}

async fn audit_actions(app: &TestApp, id: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'directive' AND entity_id = $1 ORDER BY id")
        .bind(id.to_string())
        .fetch_all(&app.db.pool)
        .await
        .expect("audit")
}

async fn notifications_of(app: &TestApp, username: &str, message_id: &str) -> i64 {
    let user = users::id_by_username(&app.db, username).await.expect("user");
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND message_id = $2")
        .bind(user)
        .bind(message_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("notifications")
}

/// Adds a board member of cluster B, whom the test world lacks.
async fn board_member_b(app: &TestApp) {
    let user = NewUser {
        username: "bandieuphoi_b".into(),
        full_name: "Trịnh Văn Bê".into(),
        email: None,
        password_hash: Some(security::hash_password(PASSWORD)),
        must_change_password: false,
        deployment_admin: false,
        is_generated: false,
    };
    let id = users::create(&app.db, &user).await.expect("user");
    users::grant(&app.db, id, Role::BoardMember, &Scope::Cluster(app.world.cluster_b), "79").await.expect("grant");
}

#[tokio::test]
async fn create_preview_publish() {
    let app = TestApp::spawn().await;
    let id = department_draft(&app, &[]).await;
    let client = app.login("chuyenvien").await;

    let preview = client.get(&format!("/directives/{id}")).await;

    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.body.contains("Đối tượng nhận hiện gồm 2 trường."), "count missing: {}", preview.body);
    assert!(preview.body.contains(TRUNG_VUONG));
    assert!(preview.body.contains(LE_NGOC_HAN));
    assert!(!preview.body.contains(DONG_KHOI), "school of cluster B in the preview");
    assert!(preview.body.contains("Ban hành tới 2 trường"), "publish button missing");
    assert!(preview.body.contains("<p>Đoạn một.</p><p>Đoạn hai.</p>"), "paragraphs lost");
    assert!(recipient_ids(&app, id).await.is_empty(), "a draft has recipients");

    publish(&app, id).await;

    let mut expected = vec![app.world.school_a1, app.world.school_a2];
    expected.sort_unstable();
    assert_eq!(recipient_ids(&app, id).await, expected);
    let directive = directives::get(&app.db, id).await.expect("directive");
    assert_eq!(directive.status, "published");
    assert_eq!(directive.version, 1);
    assert_eq!(notifications_of(&app, "hieutruong_a1", "notify-directive-published").await, 1);
    assert_eq!(notifications_of(&app, "hieutruong_b1", "notify-directive-published").await, 0);
    assert_eq!(audit_actions(&app, id).await, vec!["directive.create", "directive.publish"]);
    let page = client.get(&format!("/directives/{id}")).await;
    assert!(page.body.contains("Đã gửi tới 2 trường"), "counts missing: {}", page.body);
    assert!(page.body.contains(&format!("/directives/{id}/tracking")), "tracking link missing");
}

#[tokio::test]
async fn publish_twice_conflicts() {
    let app = TestApp::spawn().await;
    let id = department_draft(&app, &[]).await;
    publish(&app, id).await;
    let client = app.login("chuyenvien").await;

    let again = client.post_form(&format!("/directives/{id}/publish"), &[]).await;

    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(recipient_ids(&app, id).await.len(), 2);
}

/// A deadline date well inside the year ahead that forms accept.
fn in_two_months() -> chrono::NaiveDate {
    caunoi_web::i18n::today() + chrono::Days::new(60)
}

#[tokio::test]
async fn publish_refuses_passed_deadline() {
    let app = TestApp::spawn().await;
    let date = in_two_months().format("%d/%m/%Y").to_string();
    let id = department_draft(&app, &[("ack_date", date.as_str())]).await;
    sqlx::query("UPDATE directives SET ack_deadline = $1 WHERE id = $2")
        .bind(caunoi_db::now_ms() - 60_000)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .expect("update");
    let client = app.login("chuyenvien").await;

    let response = client.post_form(&format!("/directives/{id}/publish"), &[]).await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("đã qua nên chưa ban hành được"), "reason missing: {}", response.body);
    assert!(recipient_ids(&app, id).await.is_empty());
}

#[tokio::test]
async fn deadline_stored_in_utc() {
    let app = TestApp::spawn().await;

    let day = in_two_months();
    let date = day.to_string();
    let id = department_draft(&app, &[("ack_date", date.as_str()), ("ack_time", "17:00"), ("remind_hours", "48")]).await;

    let directive = directives::get(&app.db, id).await.expect("directive");
    // 17:00 in Ho Chi Minh City is 10:00 UTC.
    let expected = day.and_hms_opt(10, 0, 0).expect("valid time").and_utc().timestamp_millis();
    assert_eq!(directive.ack_deadline, Some(expected));
    assert_eq!(directive.remind_before_min, 48 * 60);
    assert_eq!(directive.issued_on.as_deref(), Some("2026-09-05"));
}

#[tokio::test]
async fn cluster_board_targets_own_cluster() {
    let app = TestApp::spawn().await;
    let client = app.login("bandieuphoi_a").await;
    let path = format!("/clusters/{}/directives/new", app.world.cluster_a);

    let form = client.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Ban điều phối Cụm A"), "issuing body not prefilled");
    assert!(!form.body.contains("name=\"clusters\""), "a board may not choose clusters");

    let id = created_id(&post(&client, &path, &fields(&[("everyone", "1")])).await);
    let preview = client.get(&format!("/directives/{id}")).await;
    assert!(preview.body.contains("Đối tượng nhận hiện gồm 2 trường."), "preview: {}", preview.body);
    assert!(!preview.body.contains(DONG_KHOI));

    let outside_school = post(&client, &path, &fields(&[("schools", "Trường THCS Đồng Khởi")])).await;
    assert_eq!(outside_school.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(outside_school.body.contains("không thuộc cụm của ban điều phối"), "{}", outside_school.body);
    let outside_commune = post(&client, &path, &fields(&[("communes", &app.world.commune_b1)])).await;
    assert_eq!(outside_commune.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(outside_commune.body.contains("không thuộc cụm của ban điều phối"));

    let publish = client.post_form(&format!("/directives/{id}/publish"), &[]).await;
    assert_eq!(publish.status, StatusCode::SEE_OTHER);
    let mut expected = vec![app.world.school_a1, app.world.school_a2];
    expected.sort_unstable();
    assert_eq!(recipient_ids(&app, id).await, expected);
}

#[tokio::test]
async fn cluster_board_refused_elsewhere() {
    let app = TestApp::spawn().await;
    let client = app.login("bandieuphoi_a").await;

    let other_cluster = client.get(&format!("/clusters/{}/directives/new", app.world.cluster_b)).await;
    let department = client.get("/p/79/directives/new").await;
    let post_other = post(&client, &format!("/clusters/{}/directives/new", app.world.cluster_b), &fields(&[("everyone", "1")])).await;

    assert_eq!(other_cluster.status, StatusCode::NOT_FOUND);
    assert_eq!(department.status, StatusCode::NOT_FOUND);
    assert_eq!(post_other.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn form_rejects_bad_input() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let cluster = app.world.cluster_a.to_string();
    // Changed fields, the expected message and the typed value the form keeps.
    type Case<'a> = (&'a [(&'static str, &'a str)], &'a str, &'a str);
    let cases: &[Case] = &[
        (&[("title", "  ")], "Chưa nhập tiêu đề", ""),
        (&[("number_symbol", "SGDĐT-GDTrH")], "thiếu số văn bản hoặc dấu", "SGDĐT-GDTrH"),
        (&[("kind", "circular")], "Loại văn bản “circular” không có", ""),
        (&[("issued_on", "31/02/2026")], "Ngày ban hành “31/02/2026” không phải ngày hợp lệ", "31/02/2026"),
        (&[("ack_date", "01/01/2020")], "Hạn xác nhận 01/01/2020 17:00 đã qua", ""),
        (&[("ack_time", "17:00")], "chưa có ngày hạn", ""),
        (&[("ack_date", "20/12/2099"), ("ack_time", "25:00")], "Giờ hạn “25:00” không hợp lệ", "25:00"),
        (&[("ack_date", "20/12/2099")], "cách hôm nay hơn một năm", ""),
        (&[("remind_hours", "abc")], "Số giờ nhắc trước hạn “abc” không hợp lệ", "abc"),
        (&[("communes", "Phường Không Có")], "Không tìm thấy xã/phường “Phường Không Có”", "Phường Không Có"),
        (&[("schools", "Trường Không Có")], "Dòng “Trường Không Có” không khớp trường nào", "Trường Không Có"),
        (&[("schools", "#999999")], "Dòng “#999999” không khớp", "#999999"),
        (&[("levels", "college")], "Cấp học “college” không có trong danh sách", ""),
        (&[("clusters", "abc")], "Cụm “abc” không phải cụm của năm học hiện tại", ""),
        (&[("roles", "department_admin")], "Vai trò “department_admin” không nhận văn bản", ""),
    ];
    for (extra, message, kept) in cases {
        let mut form = fields(extra);
        form.push(("clusters", cluster.clone()));

        let response = post(&client, "/p/79/directives/new", &form).await;

        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{extra:?} accepted");
        assert!(response.body.contains(message), "{extra:?}: message {message:?} missing in\n{}", response.body);
        assert!(response.body.contains(kept), "{extra:?}: typed value {kept:?} lost");
        if !extra.iter().any(|(name, _)| *name == "title") {
            assert!(response.body.contains("Công văn hướng dẫn thực hiện nhiệm vụ năm học"), "{extra:?}: title lost");
        }
    }

    let empty = post(&client, "/p/79/directives/new", &fields(&[])).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Chưa chọn trường nhận"), "{}", empty.body);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM directives").fetch_one(&app.db.pool).await.expect("count");
    assert_eq!(count, 0, "a rejected form saved a draft");
}

#[tokio::test]
async fn audience_by_commune_and_school() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let school = format!("#{} ghi chú bỏ qua\n{DONG_KHOI}", app.world.school_a2);
    let mut form = fields(&[("communes", "Phường Bến Thành"), ("schools", &school)]);
    form.push(("levels", "upper_secondary".into()));

    let id = created_id(&post(&client, "/p/79/directives/new", &form).await);

    let audience = directives::get(&app.db, id).await.expect("directive").audience();
    assert_eq!(audience.communes, vec![app.world.commune_a1.clone()]);
    let mut schools = vec![app.world.school_a2, app.world.school_b1];
    schools.sort_unstable();
    assert_eq!(audience.schools, schools);
    let preview = client.get(&format!("/directives/{id}")).await;
    assert!(preview.body.contains("Đối tượng nhận hiện gồm 3 trường."), "{}", preview.body);
    let edit = client.get(&format!("/directives/{id}/edit")).await;
    assert!(edit.body.contains("(26743)"), "commune not written back");
    assert!(edit.body.contains(&format!("#{} {LE_NGOC_HAN}", app.world.school_a2)), "school not written back");
}

#[tokio::test]
async fn edit_draft_saves() {
    let app = TestApp::spawn().await;
    let id = department_draft(&app, &[]).await;
    let client = app.login("chuyenvien").await;

    let form = client.get(&format!("/directives/{id}/edit")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"1581/SGDĐT-GDTrH\""), "number not prefilled");
    assert!(form.body.contains("value=\"2026-09-05\""), "issue date not prefilled");
    let cluster = app.world.cluster_a.to_string();
    let mut changed = fields(&[("title", "Kế hoạch kiểm tra nội bộ"), ("kind", "plan")]);
    changed.push(("clusters", cluster));
    let saved = post(&client, &format!("/directives/{id}/edit"), &changed).await;

    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let directive = directives::get(&app.db, id).await.expect("directive");
    assert_eq!(directive.title, "Kế hoạch kiểm tra nội bộ");
    assert_eq!(directive.kind, "plan");
    let bad = post(&client, &format!("/directives/{id}/edit"), &fields(&[("title", "")])).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    publish(&app, id).await;
    let after = client.get(&format!("/directives/{id}/edit")).await;
    assert_eq!(after.status, StatusCode::CONFLICT, "a published directive opened as a draft");
}

#[tokio::test]
async fn delete_draft_only() {
    let app = TestApp::spawn().await;
    let draft = department_draft(&app, &[]).await;
    let published = department_draft(&app, &[]).await;
    publish(&app, published).await;
    let client = app.login("chuyenvien").await;

    let deleted = client.post_form(&format!("/directives/{draft}/delete"), &[]).await;
    let refused = client.post_form(&format!("/directives/{published}/delete"), &[]).await;

    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(client.get(&format!("/directives/{draft}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(audit_actions(&app, draft).await, vec!["directive.create", "directive.delete"]);
}

/// Marks a recipient school read and acknowledged, with its receipts, as the inbox does.
async fn acknowledge(app: &TestApp, id: i64, school: i64) {
    let leader = users::id_by_username(&app.db, "hieutruong_a1").await.expect("user");
    let now = caunoi_db::now_ms();
    sqlx::query(
        "UPDATE directive_recipients SET read_at = $1, read_by = $2, acknowledged_at = $1, acknowledged_by = $2, \
         ack_note = 'Đã triển khai' WHERE directive_id = $3 AND school_id = $4",
    )
    .bind(now)
    .bind(leader)
    .bind(id)
    .bind(school)
    .execute(&app.db.pool)
    .await
    .expect("acknowledge");
    sqlx::query(
        "INSERT INTO directive_receipts (directive_id, school_id, version, event, user_id, note, occurred_at) \
         VALUES ($1, $2, 1, 'acknowledged', $3, 'Đã triển khai', $4)",
    )
    .bind(id)
    .bind(school)
    .bind(leader)
    .bind(now)
    .execute(&app.db.pool)
    .await
    .expect("receipt");
}

#[tokio::test]
async fn amend_resets_acknowledgements() {
    let app = TestApp::spawn().await;
    let id = department_draft(&app, &[]).await;
    publish(&app, id).await;
    acknowledge(&app, id, app.world.school_a1).await;
    let client = app.login("chuyenvien").await;

    let form = client.get(&format!("/directives/{id}/amend")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("phiên bản 2"), "version missing: {}", form.body);
    assert!(!form.body.contains("name=\"levels\""), "amendment must keep the audience");
    let no_note = post(&client, &format!("/directives/{id}/amend"), &fields(&[("title", "Bản sửa")])).await;
    assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_note.body.contains("Chưa ghi nội dung sửa đổi"));
    let amended = post(
        &client,
        &format!("/directives/{id}/amend"),
        &fields(&[("title", "Công văn hướng dẫn (sửa đổi)"), ("change_note", "Sửa thời hạn báo cáo")]),
    )
    .await;

    assert_eq!(amended.status, StatusCode::SEE_OTHER, "{}", amended.body);
    let directive = directives::get(&app.db, id).await.expect("directive");
    assert_eq!(directive.version, 2);
    assert_eq!(directive.title, "Công văn hướng dẫn (sửa đổi)");
    let acknowledged: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM directive_recipients WHERE directive_id = $1 \
         AND (acknowledged_at IS NOT NULL OR read_at IS NOT NULL OR ack_note IS NOT NULL)",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(acknowledged, 0, "acknowledgements survived the amendment");
    let receipts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM directive_receipts WHERE directive_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("receipts");
    assert_eq!(receipts, 1, "the receipts history was lost");
    let versions = directives::amend::versions(&app.db, id).await.expect("versions");
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), vec![2, 1]);
    assert_eq!(versions[0].change_note, "Sửa thời hạn báo cáo");
    assert_eq!(notifications_of(&app, "hieutruong_a1", "notify-directive-amended").await, 1);
    assert_eq!(notifications_of(&app, "hieutruong_b1", "notify-directive-amended").await, 0);
    assert!(audit_actions(&app, id).await.contains(&"directive.amend".to_owned()));
    let page = client.get(&format!("/directives/{id}")).await;
    assert!(page.body.contains("Sửa thời hạn báo cáo"), "history missing: {}", page.body);
    assert!(page.body.contains("Phiên bản 2"));
    assert!(page.body.contains("Ban hành lần đầu."));
}

#[tokio::test]
async fn withdraw_blocks_acknowledgement() {
    let app = TestApp::spawn().await;
    let id = department_draft(&app, &[]).await;
    publish(&app, id).await;
    let client = app.login("chuyenvien").await;
    let leader = users::id_by_username(&app.db, "hieutruong_a1").await.expect("user");
    let actor = users::actor(&app.db, leader).await.expect("actor");
    let before = directives::facts(&app.db, id, leader).await.expect("facts");
    assert!(allows(&actor, Action::AcknowledgeDirective { directive: &before, school: app.world.school_a1 }));

    let no_reason = client.post_form(&format!("/directives/{id}/withdraw"), &[("reason", " ")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("Chưa ghi lý do thu hồi"));
    let form = client.get(&format!("/directives/{id}/withdraw")).await;
    assert_eq!(form.status, StatusCode::OK);
    let withdrawn = client.post_form(&format!("/directives/{id}/withdraw"), &[("reason", "Ban hành nhầm đối tượng")]).await;

    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    let directive = directives::get(&app.db, id).await.expect("directive");
    assert_eq!(directive.status, "withdrawn");
    assert_eq!(directive.withdraw_reason.as_deref(), Some("Ban hành nhầm đối tượng"));
    let after = directives::facts(&app.db, id, leader).await.expect("facts");
    assert!(!allows(&actor, Action::AcknowledgeDirective { directive: &after, school: app.world.school_a1 }));
    assert!(allows(&actor, Action::ViewDirective { directive: &after }), "schools keep seeing it");
    assert_eq!(notifications_of(&app, "hieutruong_a1", "notify-directive-withdrawn").await, 1);
    assert!(audit_actions(&app, id).await.contains(&"directive.withdraw".to_owned()));
    let page = client.get(&format!("/directives/{id}")).await;
    assert!(page.body.contains("Ban hành nhầm đối tượng"));
    let amend = post(&client, &format!("/directives/{id}/amend"), &fields(&[("change_note", "x")])).await;
    assert_eq!(amend.status, StatusCode::CONFLICT);
    let again = client.post_form(&format!("/directives/{id}/withdraw"), &[("reason", "Lần nữa")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn search_ignores_tone_marks() {
    let app = TestApp::spawn().await;
    let first = department_draft(&app, &[]).await;
    let second = department_draft(&app, &[]).await;
    let client = app.login("chuyenvien").await;
    let cluster = app.world.cluster_a.to_string();
    let mut changed = fields(&[("number_symbol", "22/KH-SGDĐT"), ("title", "Kế hoạch kiểm tra nội bộ"), ("kind", "plan")]);
    changed.push(("clusters", cluster));
    assert_eq!(post(&client, &format!("/directives/{second}/edit"), &changed).await.status, StatusCode::SEE_OTHER);
    let link = |id: i64| format!("href=\"/directives/{id}\"");

    for (query, expected) in [
        ("1581/SGDĐT", vec![first]),
        ("1581%2FSGDDT", vec![first]),
        ("cong%20van%20huong%20dan", vec![first]),
        ("C%C3%B4ng%20v%C4%83n", vec![first]),
        ("sgddt", vec![first, second]),
        ("kiem%20tra", vec![second]),
        ("khong%20co", vec![]),
    ] {
        let response = client.get(&format!("/p/79/directives?q={query}")).await;

        assert_eq!(response.status, StatusCode::OK);
        for id in [first, second] {
            assert_eq!(response.body.contains(&link(id)), expected.contains(&id), "q={query}: directive {id}");
        }
    }
}

#[tokio::test]
async fn list_scope_and_filters() {
    let app = TestApp::spawn().await;
    let department = department_draft(&app, &[]).await;
    publish(&app, department).await;
    let board = app.login("bandieuphoi_a").await;
    let path = format!("/clusters/{}/directives/new", app.world.cluster_a);
    let cluster_draft = created_id(&post(&board, &path, &fields(&[("everyone", "1"), ("kind", "notice")])).await);
    let specialist = app.login("chuyenvien").await;
    let link = |id: i64| format!("href=\"/directives/{id}\"");

    let all = specialist.get("/p/79/directives").await;
    let drafts = specialist.get("/p/79/directives?status=draft").await;
    let notices = specialist.get("/p/79/directives?kind=notice").await;
    let own = board.get("/p/79/directives").await;
    let bad = specialist.get("/p/79/directives?status=lost&kind=x&page=zz").await;

    assert!(all.body.contains(&link(department)), "{}", all.body);
    assert!(all.body.contains(&link(cluster_draft)), "{}", all.body);
    assert!(all.body.contains("Tất cả (2)"), "tab count missing");
    assert!(all.body.contains(&format!("/clusters/{}/directives/new", app.world.cluster_a)), "cluster link missing");
    assert!(all.body.contains("/p/79/directives/new"), "department link missing");
    assert!(drafts.body.contains(&link(cluster_draft)), "draft missing under drafts");
    assert!(!drafts.body.contains(&link(department)), "published directive under drafts");
    assert!(notices.body.contains(&link(cluster_draft)), "notice missing under notices");
    assert!(!notices.body.contains(&link(department)), "dispatch under notices");
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains(&link(cluster_draft)), "board misses its draft");
    assert!(!own.body.contains(&link(department)), "board lists the department's directive");
    assert!(!own.body.contains("/p/79/directives/new"), "board offered the department form");
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad.body.contains("Trạng thái “lost” không có"), "{}", bad.body);
    assert!(bad.body.contains("Loại văn bản “x” không có"));
    assert!(bad.body.contains("Số trang “zz” không hợp lệ"));
}

#[tokio::test]
async fn routes_refuse_outsiders() {
    let app = TestApp::spawn().await;
    let id = department_draft(&app, &[]).await;
    let published = department_draft(&app, &[]).await;
    publish(&app, published).await;
    let board_draft = {
        let board = app.login("bandieuphoi_a").await;
        let path = format!("/clusters/{}/directives/new", app.world.cluster_a);
        created_id(&post(&board, &path, &fields(&[("everyone", "1")])).await)
    };
    board_member_b(&app).await;

    for username in ["chuyenvien_hn", "hieutruong_a1", "giaovien_a1", "canboxa_a", "bandieuphoi_b"] {
        let client = app.login(username).await;
        for directive in [id, published, board_draft] {
            for path in ["", "/edit", "/amend", "/withdraw"] {
                let response = client.get(&format!("/directives/{directive}{path}")).await;
                assert_eq!(response.status, StatusCode::NOT_FOUND, "{username} GET /directives/{directive}{path}");
            }
            for path in ["/publish", "/delete", "/withdraw", "/amend", "/edit"] {
                let response = client.post_form(&format!("/directives/{directive}{path}"), &[("reason", "x")]).await;
                assert_eq!(response.status, StatusCode::NOT_FOUND, "{username} POST /directives/{directive}{path}");
            }
        }
        assert_eq!(client.get("/p/79/directives/new").await.status, StatusCode::NOT_FOUND, "{username} new");
        let cluster_a_new = client.get(&format!("/clusters/{}/directives/new", app.world.cluster_a)).await;
        assert_eq!(cluster_a_new.status, StatusCode::NOT_FOUND, "{username} cluster A new");
    }
    for username in ["chuyenvien_hn", "hieutruong_a1", "giaovien_a1", "canboxa_a"] {
        let client = app.login(username).await;
        assert_eq!(client.get("/p/79/directives").await.status, StatusCode::NOT_FOUND, "{username} list");
    }
    let bandieuphoi_b = app.login("bandieuphoi_b").await;
    let list_b = bandieuphoi_b.get("/p/79/directives").await;
    assert_eq!(list_b.status, StatusCode::OK, "a board member of B sends for B");
    assert!(!list_b.body.contains(&format!("href=\"/directives/{board_draft}\"")), "B lists A's draft");

    let specialist = app.login("chuyenvien").await;
    for path in ["/directives/abc", "/directives/0", "/directives/99999", "/p/99/directives", "/p/01/directives", "/clusters/abc/directives/new"] {
        assert_eq!(specialist.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(specialist.get(&format!("/directives/{board_draft}")).await.status, StatusCode::OK, "the department manages cluster drafts");
    assert_eq!(app.anonymous().get("/p/79/directives").await.status, StatusCode::SEE_OTHER);
}

/// Sends a JSON request with a bearer token, as an API client does.
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

fn api_body(app: &TestApp) -> Value {
    json!({
        "kind": "dispatch",
        "number_symbol": "1581/SGDĐT-GDTrH",
        "title": "Công văn hướng dẫn thực hiện nhiệm vụ năm học",
        "issued_on": "2026-09-05",
        "ack_deadline": format!("{}T17:00:00+07:00", in_two_months()),
        "audience": { "clusters": [app.world.cluster_a], "levels": ["upper_secondary", "primary"], "roles": ["core_teacher"] }
    })
}

#[tokio::test]
async fn api_create_publish_list_detail() {
    let app = TestApp::spawn().await;

    let created = api(&app, "chuyenvien", "POST", "/api/v1/directives", Some(api_body(&app))).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let draft = created.json();
    let id = draft["id"].as_i64().expect("id");
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["issuing_body"], "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh");
    assert_eq!(draft["ack_deadline"], format!("{}T17:00:00+07:00", in_two_months()));
    assert_eq!(draft["audience"]["roles"], json!(["core_teacher"]));

    let published = api(&app, "chuyenvien", "POST", &format!("/api/v1/directives/{id}/publish"), None).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    let published = published.json();
    assert_eq!(published["status"], "published");
    assert_eq!(published["recipients"], 2);
    assert_eq!(published["schools"].as_array().expect("schools").len(), 2);
    assert_eq!(published["schools"][0]["status"], "not_opened");
    let again = api(&app, "chuyenvien", "POST", &format!("/api/v1/directives/{id}/publish"), None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    let list = api(&app, "chuyenvien", "GET", "/api/v1/directives?q=cong%20van&status=published", None).await;
    assert_eq!(list.status, StatusCode::OK);
    let list = list.json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], id);
    assert_eq!(list["items"][0]["recipients"], 2);

    let coordinator = api(&app, "dieuphoi_a", "GET", &format!("/api/v1/directives/{id}"), None).await;
    assert_eq!(coordinator.status, StatusCode::OK, "the receiving cluster's board follows it");
    assert_eq!(coordinator.json()["schools"].as_array().expect("schools").len(), 2);
    let leader = api(&app, "hieutruong_a1", "GET", &format!("/api/v1/directives/{id}"), None).await;
    assert_eq!(leader.status, StatusCode::OK, "a receiving school reads it");
    assert!(leader.json()["schools"].as_array().expect("schools").is_empty(), "a school sees other schools' status");
    for username in ["hieutruong_b1", "chuyenvien_hn", "giaovien_a1"] {
        let response = api(&app, username, "GET", &format!("/api/v1/directives/{id}"), None).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username} read it");
    }
}

#[tokio::test]
async fn api_amend_and_withdraw() {
    let app = TestApp::spawn().await;
    let created = api(&app, "chuyenvien", "POST", "/api/v1/directives", Some(api_body(&app))).await;
    let id = created.json()["id"].as_i64().expect("id");
    api(&app, "chuyenvien", "POST", &format!("/api/v1/directives/{id}/publish"), None).await;
    acknowledge(&app, id, app.world.school_a1).await;

    let mut amendment = api_body(&app);
    amendment["title"] = json!("Công văn hướng dẫn (sửa đổi)");
    amendment["change_note"] = json!("Đổi tiêu đề");
    let amended = api(&app, "chuyenvien", "POST", &format!("/api/v1/directives/{id}/amend"), Some(amendment)).await;
    assert_eq!(amended.status, StatusCode::OK, "{}", amended.body);
    let amended = amended.json();
    assert_eq!(amended["version"], 2);
    assert_eq!(amended["acknowledged"], 0);
    assert_eq!(amended["versions"][0]["change_note"], "Đổi tiêu đề");

    let empty_reason = api(&app, "chuyenvien", "POST", &format!("/api/v1/directives/{id}/withdraw"), Some(json!({"reason": ""}))).await;
    assert_eq!(empty_reason.status, StatusCode::BAD_REQUEST);
    let withdrawn = api(&app, "chuyenvien", "POST", &format!("/api/v1/directives/{id}/withdraw"), Some(json!({"reason": "Nhầm"}))).await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    assert_eq!(withdrawn.json()["status"], "withdrawn");
    let mut outsider_body = api_body(&app);
    outsider_body["change_note"] = json!("x");
    let outsider = api(&app, "chuyenvien_hn", "POST", &format!("/api/v1/directives/{id}/amend"), Some(outsider_body)).await;
    assert_eq!(outsider.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_rejects_bad_input() {
    let app = TestApp::spawn().await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({"kind": "circular"}), "circular"),
        (json!({"number_symbol": "abc"}), "abc"),
        (json!({"ack_deadline": "mai"}), "ack_deadline “mai”"),
        (json!({"ack_deadline": "2020-01-01T00:00:00+07:00"}), "đã qua"),
        (json!({"remind_before_hours": 0}), "“0”"),
        (json!({"audience": {"levels": ["college"]}}), "college"),
        (json!({"audience": {"communes": ["99999"]}}), "99999"),
        (json!({"audience": {}}), "Chưa chọn trường nhận"),
        (json!({"audience": {"schools": [app.world.school_hn]}}), "không khớp trường nào"),
    ];
    for (change, message) in cases {
        let mut body = api_body(&app);
        for (key, value) in change.as_object().expect("object") {
            body[key] = value.clone();
        }

        let response = api(&app, "chuyenvien", "POST", "/api/v1/directives", Some(body)).await;

        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{change} accepted");
        let error = response.json();
        assert_eq!(error["error"]["code"], "bad_request");
        let text = error["error"]["message"].as_str().expect("message");
        assert!(text.contains(message), "{change}: {text}");
    }
    let not_json = app
        .send(
            Request::post("/api/v1/directives")
                .header(header::AUTHORIZATION, format!("Bearer {}", {
                    let id = users::id_by_username(&app.db, "chuyenvien").await.expect("user");
                    security::create_api_token(&app.db, id, "test").await.expect("token")
                }))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{"))
                .expect("request"),
        )
        .await;
    assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(not_json.json()["error"]["code"], "bad_request");
}

#[tokio::test]
async fn api_refuses_outsiders() {
    let app = TestApp::spawn().await;
    let mut for_cluster_b = api_body(&app);
    for_cluster_b["cluster_id"] = json!(app.world.cluster_b);

    let board_b = api(&app, "bandieuphoi_a", "POST", "/api/v1/directives", Some(for_cluster_b)).await;
    let leader = api(&app, "hieutruong_a1", "POST", "/api/v1/directives", Some(api_body(&app))).await;
    let mut for_hcmc = api_body(&app);
    for_hcmc["province"] = json!("79");
    let hanoi = api(&app, "chuyenvien_hn", "POST", "/api/v1/directives", Some(for_hcmc)).await;
    let list_leader = api(&app, "hieutruong_a1", "GET", "/api/v1/directives", None).await;
    let list_hanoi = api(&app, "chuyenvien_hn", "GET", "/api/v1/directives?province=79", None).await;
    let bad_status = api(&app, "chuyenvien", "GET", "/api/v1/directives?status=lost", None).await;
    let bad_id = api(&app, "chuyenvien", "GET", "/api/v1/directives/abc", None).await;

    assert_eq!(board_b.status, StatusCode::NOT_FOUND);
    assert_eq!(leader.status, StatusCode::NOT_FOUND);
    assert_eq!(hanoi.status, StatusCode::NOT_FOUND);
    assert_eq!(list_leader.status, StatusCode::NOT_FOUND);
    assert_eq!(list_hanoi.status, StatusCode::NOT_FOUND);
    assert_eq!(bad_status.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);

    let mut own_cluster = api_body(&app);
    own_cluster["cluster_id"] = json!(app.world.cluster_a);
    own_cluster["audience"] = json!({"everyone": true});
    let board_a = api(&app, "bandieuphoi_a", "POST", "/api/v1/directives", Some(own_cluster)).await;
    assert_eq!(board_a.status, StatusCode::CREATED, "{}", board_a.body);
    assert_eq!(board_a.json()["issuing_body"], "Ban điều phối Cụm A");
}

#[tokio::test]
async fn openapi_lists_directives() {
    let app = TestApp::spawn().await;

    let document = app.anonymous().get("/api/openapi.json").await.json();

    for path in ["/api/v1/directives", "/api/v1/directives/{id}", "/api/v1/directives/{id}/publish", "/api/v1/directives/{id}/amend", "/api/v1/directives/{id}/withdraw"] {
        assert!(document["paths"][path].is_object(), "{path} missing");
    }
    assert!(document["components"]["schemas"]["DirectiveDetail"].is_object());
}

/// The smallest PDF the type sniffing accepts.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

async fn attachment_ids(app: &TestApp, id: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM attachments WHERE owner_kind = 'directive' AND owner_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await
        .expect("attachments")
}

#[tokio::test]
async fn draft_files_upload_remove() {
    let app = TestApp::spawn().await;
    let id = department_draft(&app, &[]).await;
    let client = app.login("chuyenvien").await;
    let link = format!("href=\"/directives/{id}\"");

    let uploaded = client.post_file(&format!("/directives/{id}/files"), "Phụ lục kế hoạch.pdf", PDF, &[]).await;

    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let page = client.get(&format!("/directives/{id}")).await;
    assert!(page.body.contains("Phụ lục kế hoạch.pdf"), "file not listed: {}", page.body);
    let files = attachment_ids(&app, id).await;
    assert_eq!(files.len(), 1);
    assert!(page.body.contains(&format!("/attachments/{}", files[0])), "download link missing");
    let found = client.get("/p/79/directives?q=phu%20luc").await;
    assert!(found.body.contains(&link), "search misses the file name");
    assert!(audit_actions(&app, id).await.contains(&"directive.attach".to_owned()));

    let rejected = client.post_file(&format!("/directives/{id}/files"), "chuong-trinh.pdf", b"MZ not a document", &[]).await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(rejected.body.contains("chuong-trinh.pdf"), "rejected file not named: {}", rejected.body);
    assert_eq!(attachment_ids(&app, id).await.len(), 1, "a rejected file was attached");

    let removed = client.post_form(&format!("/directives/{id}/files/{}/delete", files[0]), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(attachment_ids(&app, id).await.is_empty());
    let not_found = client.get("/p/79/directives?q=phu%20luc").await;
    assert!(!not_found.body.contains(&link), "search still finds a removed file");
}

#[tokio::test]
async fn files_refused_after_publication() {
    let app = TestApp::spawn().await;
    let id = department_draft(&app, &[]).await;
    let other = department_draft(&app, &[]).await;
    let client = app.login("chuyenvien").await;
    client.post_file(&format!("/directives/{other}/files"), "khac.pdf", PDF, &[]).await;
    let other_file = attachment_ids(&app, other).await[0];

    let wrong_owner = client.post_form(&format!("/directives/{id}/files/{other_file}/delete"), &[]).await;
    let outsider = app.login("hieutruong_a1").await.post_file(&format!("/directives/{id}/files"), "x.pdf", PDF, &[]).await;
    let bad_id = client.post_form(&format!("/directives/{id}/files/abc/delete"), &[]).await;
    publish(&app, id).await;
    let published = client.post_file(&format!("/directives/{id}/files"), "muon.pdf", PDF, &[]).await;

    assert_eq!(wrong_owner.status, StatusCode::NOT_FOUND);
    assert_eq!(attachment_ids(&app, other).await.len(), 1, "another directive's file was removed");
    assert_eq!(outsider.status, StatusCode::NOT_FOUND);
    assert_eq!(bad_id.status, StatusCode::NOT_FOUND);
    assert_eq!(published.status, StatusCode::CONFLICT);
    assert!(attachment_ids(&app, id).await.is_empty());
}
