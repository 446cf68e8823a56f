//! Requests schools raise (kiến nghị, phản ánh): raising, the board's and department's
//! handling, the thread the school sees, published answers, the API, and the walls
//! between schools, clusters and provinces.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_core::org::{Role, Scope};
use caunoi_db::clusters::{self, NewBoardMember};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::users::{self, NewUser};
use caunoi_db::{now_ms, security};
use serde_json::{Value, json};

use crate::harness::{Client, PASSWORD, TestApp, TestResponse};

// Helpers ---------------------------------------------------------------------------

/// Returns the id at the end of a redirect such as `/requests/12`.
fn redirect_id(response: &TestResponse, prefix: &str) -> i64 {
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.location().expect("redirect location");
    location.strip_prefix(prefix).and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("unexpected redirect {location}"))
}

/// Raises a request of school A1 through the form and returns its id.
async fn raise(app: &TestApp, client: &Client<'_>, category: &str, title: &str, body: &str) -> i64 {
    let path = format!("/schools/{}/requests", app.world.school_a1);
    let response = client.post_form(&path, &[("category", category), ("title", title), ("body", body)]).await;
    redirect_id(&response, "/requests/")
}

async fn user_id(app: &TestApp, username: &str) -> i64 {
    users::id_by_username(&app.db, username).await.expect("known user")
}

/// Lists the notifications of a person as (kind, message id, link).
async fn notifications(app: &TestApp, username: &str) -> Vec<(String, String, String)> {
    let id = user_id(app, username).await;
    sqlx::query_as("SELECT kind, message_id, link FROM notifications WHERE user_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&app.db.pool)
        .await
        .expect("notifications")
}

async fn request_row(app: &TestApp, id: i64) -> (String, String, Option<i64>, Option<i64>, Option<i64>) {
    sqlx::query_as("SELECT status, handler_level, cluster_id, owner_id, first_answered_at FROM requests WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("request")
}

/// Publishes a directive of the department to school A1 directly in the tables, so the
/// requests area can be tested without the directives area.
async fn directive_for_a1(app: &TestApp) -> i64 {
    let specialist = user_id(app, "chuyenvien").await;
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO directives (province_code, status, version, kind, number_symbol, issuing_body, signer, title, \
         summary, body, remind_before_min, audience, search_text, created_by, created_at, updated_at, published_at) \
         VALUES ('79', 'published', 1, 'dispatch', '1581/SGDĐT-GDTrH', 'Sở GD&ĐT', 'Nguyễn Văn A', \
         'Hướng dẫn kiểm tra giữa kỳ', 'Tóm tắt', 'Nội dung', 1440, '{}', 'huong dan', $1, $2, $2, $2) RETURNING id",
    )
    .bind(specialist)
    .bind(now)
    .fetch_one(&app.db.pool)
    .await
    .expect("directive");
    sqlx::query("INSERT INTO directive_recipients (directive_id, school_id, cluster_id, commune_code) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(app.world.school_a1)
        .bind(app.world.cluster_a)
        .bind(app.world.commune_a1.clone())
        .execute(&app.db.pool)
        .await
        .expect("recipient");
    id
}

/// Sends a JSON request to the API with a fresh bearer token of a person.
async fn api(app: &TestApp, username: &str, method: &str, path: &str, body: Option<Value>) -> TestResponse {
    let id = user_id(app, username).await;
    let token = security::create_api_token(&app.db, id, "test").await.expect("token");
    let builder = Request::builder().method(method).uri(path).header(header::AUTHORIZATION, format!("Bearer {token}"));
    let request = match body {
        Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    };
    app.send(request.expect("request")).await
}

fn error_message(response: &TestResponse) -> String {
    response.json()["error"]["message"].as_str().unwrap_or_default().to_owned()
}

/// Returns the table rows of a list page, without the header where the user's name shows.
fn table_rows(body: &str) -> &str {
    let start = body.find("<tbody>").unwrap_or(body.len());
    let end = body.find("</tbody>").unwrap_or(body.len());
    &body[start..end.max(start)]
}

// Raising ---------------------------------------------------------------------------

#[tokio::test]
async fn raise_goes_to_cluster_board() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;

    let form = leader.get(&format!("/schools/{}/requests/new", app.world.school_a1)).await;
    let id = raise(&app, &leader, "facilities", "Thiếu máy chiếu phòng Tin học", "Phòng Tin học\nchỉ còn 1 máy chiếu.").await;

    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("ban điều phối Cụm A"), "destination missing");
    let (status, level, cluster, owner, answered) = request_row(&app, id).await;
    assert_eq!(status, "open");
    assert_eq!(level, "cluster");
    assert_eq!(cluster, Some(app.world.cluster_a));
    assert_eq!(owner, None);
    assert_eq!(answered, None);
    let page = leader.get(&format!("/requests/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Thiếu máy chiếu phòng Tin học"));
    assert!(page.body.contains("Phòng Tin học\nchỉ còn 1 máy chiếu."), "line break lost");
    assert!(page.body.contains("Cơ sở vật chất, thiết bị"), "category label missing");
    assert!(page.body.contains("Mới gửi"), "status label missing");
}

#[tokio::test]
async fn raise_notifies_board_and_audits() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;

    let id = raise(&app, &leader, "assessment", "Ma trận đề giữa kỳ", "Xin hướng dẫn ma trận đề.").await;

    let link = format!("/requests/{id}");
    for board in ["dieuphoi_a", "bandieuphoi_a"] {
        let notes = notifications(&app, board).await;
        assert_eq!(notes, vec![("request_new".to_owned(), "notification-request-new".to_owned(), link.clone())], "{board}");
    }
    for outsider in ["hieutruong_a1", "hieutruong_b1", "chuyenvien"] {
        assert!(notifications(&app, outsider).await.is_empty(), "{outsider} notified");
    }
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'requests.raise' AND entity_id = $1")
        .bind(id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn raise_without_cluster_goes_to_department() {
    let app = TestApp::spawn().await;
    // A commune of Ho Chi Minh City outside both clusters of the test world.
    let commune: String = sqlx::query_scalar(
        "SELECT code FROM communes WHERE province_code = '79' AND code NOT IN ($1, $2, $3) ORDER BY code LIMIT 1",
    )
    .bind(app.world.commune_a1.clone())
    .bind(app.world.commune_a2.clone())
    .bind(app.world.commune_b1.clone())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let school = NewSchool {
        province_code: "79".into(),
        commune_code: Some(commune),
        name: "Trường THCS Ngoài Cụm".into(),
        level: caunoi_core::org::SchoolLevel::LowerSecondary,
        ownership: caunoi_core::org::Ownership::Public,
        moet_code: None,
        former_district: None,
        import_key: "t:outside".into(),
        is_generated: false,
    };
    schools::insert_many(&app.db, &[school]).await.unwrap();
    let school_id: i64 = sqlx::query_scalar("SELECT id FROM schools WHERE import_key = 't:outside'").fetch_one(&app.db.pool).await.unwrap();
    let user = NewUser {
        username: "hieutruong_ngoai".into(),
        full_name: "Trịnh Văn Ngoài".into(),
        email: None,
        password_hash: Some(security::hash_password(PASSWORD)),
        must_change_password: false,
        deployment_admin: false,
        is_generated: false,
    };
    let leader_id = users::create(&app.db, &user).await.unwrap();
    users::grant(&app.db, leader_id, Role::SchoolLeader, &Scope::School(school_id), "79").await.unwrap();
    let leader = app.login("hieutruong_ngoai").await;

    let form = leader.get(&format!("/schools/{school_id}/requests/new")).await;
    let response = leader
        .post_form(&format!("/schools/{school_id}/requests"), &[("category", "other"), ("title", "Câu hỏi"), ("body", "Nội dung")])
        .await;

    assert!(form.body.contains("gửi thẳng tới Sở GD&#38;ĐT"), "destination missing");
    let id = redirect_id(&response, "/requests/");
    let (_, level, cluster, _, _) = request_row(&app, id).await;
    assert_eq!(level, "department");
    assert_eq!(cluster, None);
    assert_eq!(notifications(&app, "chuyenvien").await.len(), 1);
    assert!(notifications(&app, "dieuphoi_a").await.is_empty());
    let department = app.login("chuyenvien").await;
    assert_eq!(department.get(&format!("/requests/{id}")).await.status, StatusCode::OK);
    assert_eq!(app.login("dieuphoi_a").await.get(&format!("/requests/{id}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn raise_rejects_bad_input() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let path = format!("/schools/{}/requests", app.world.school_a1);
    let long_title = "a".repeat(201);
    let long_body = "b".repeat(10_001);
    let cases: [(&[(&str, &str)], &str); 6] = [
        (&[("category", "facilities"), ("title", "  "), ("body", "x")], "Nhập tiêu đề kiến nghị."),
        (&[("category", "khac"), ("title", "Tiêu đề"), ("body", "x")], "Không có lĩnh vực “khac”"),
        (&[("category", ""), ("title", "Tiêu đề"), ("body", "x")], "Chọn lĩnh vực của kiến nghị."),
        (&[("category", "other"), ("title", &long_title), ("body", "x")], "Tiêu đề dài 201 ký tự, vượt mức tối đa 200 ký tự."),
        (&[("category", "other"), ("title", "Tiêu đề"), ("body", &long_body)], "Nội dung dài 10001 ký tự"),
        (&[("category", "other"), ("title", "Tiêu đề"), ("body", "x"), ("directive", "abc")], "Văn bản mã “abc” không có"),
    ];

    for (fields, message) in cases {
        let response = leader.post_form(&path, fields).await;

        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(response.body.contains(message), "{fields:?}: message missing in:\n{}", response.body);
    }
    let kept = leader.post_form(&path, &[("category", "digital"), ("title", ""), ("body", "Mạng chậm")]).await;
    assert!(kept.body.contains(">Mạng chậm</textarea>"), "typed body not kept");
    assert!(kept.body.contains(r#"<option value="digital" selected>"#), "category not kept");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM requests").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn raise_about_received_directive() {
    let app = TestApp::spawn().await;
    let directive = directive_for_a1(&app).await;
    let leader = app.login("hieutruong_a1").await;
    let other = app.login("hieutruong_a2").await;

    let form = leader.get(&format!("/schools/{}/requests/new?directive={directive}", app.world.school_a1)).await;
    let response = leader
        .post_form(
            &format!("/schools/{}/requests", app.world.school_a1),
            &[("category", "assessment"), ("title", "Hỏi về công văn"), ("body", "Nội dung"), ("directive", &directive.to_string())],
        )
        .await;
    // School A2 never received the directive.
    let refused = other
        .post_form(
            &format!("/schools/{}/requests", app.world.school_a2),
            &[("category", "assessment"), ("title", "Hỏi"), ("body", "Nội dung"), ("directive", &directive.to_string())],
        )
        .await;

    assert!(form.body.contains("1581/SGDĐT-GDTrH"), "directive not shown on the form");
    let id = redirect_id(&response, "/requests/");
    let stored: Option<i64> = sqlx::query_scalar("SELECT directive_id FROM requests WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(stored, Some(directive));
    assert!(leader.get(&format!("/requests/{id}")).await.body.contains("1581/SGDĐT-GDTrH"));
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains(&format!("Văn bản mã “{directive}” không có")), "{}", refused.body);
}

/// The smallest file the attachment check accepts as a PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

#[tokio::test]
async fn raise_and_reply_with_files() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let coordinator = app.login("dieuphoi_a").await;
    let path = format!("/schools/{}/requests", app.world.school_a1);
    let fields = [("category", "facilities"), ("title", "Biên bản hư hỏng"), ("body", "Xem tệp đính kèm.")];

    let rejected = leader.post_file(&path, "ghi-chu.txt", b"chi la van ban", &fields).await;
    let raised = leader.post_file(&path, "bien-ban.pdf", PDF, &fields).await;
    let id = redirect_id(&raised, "/requests/");
    let replied = coordinator.post_file(&format!("/requests/{id}/reply"), "tra-loi.pdf", PDF, &[("body", "Cụm gửi mẫu biên bản.")]).await;

    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", rejected.body);
    assert!(rejected.body.contains("ghi-chu.txt"), "file not named in the message");
    assert!(rejected.body.contains(r#"value="Biên bản hư hỏng""#), "typed title not kept");
    assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.body);
    let rows: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT file_name, owner_part FROM attachments WHERE owner_kind = 'request' AND owner_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let message: i64 = sqlx::query_scalar("SELECT id FROM request_messages WHERE request_id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(rows, [("bien-ban.pdf".to_owned(), None), ("tra-loi.pdf".to_owned(), Some(message))]);
    let page = leader.get(&format!("/requests/{id}")).await;
    assert!(page.body.contains("bien-ban.pdf"), "request file not listed");
    assert!(page.body.contains("tra-loi.pdf"), "reply file not listed");
    let detail = api(&app, "hieutruong_a1", "GET", &format!("/api/v1/requests/{id}"), None).await;
    assert_eq!(detail.json()["files"].as_array().map(Vec::len), Some(2));
}

// The story -------------------------------------------------------------------------

/// A school raises a problem on a directive, the cluster escalates it, the department
/// answers, and the school sees the answer.
#[tokio::test]
async fn story_escalated_and_answered() {
    let app = TestApp::spawn().await;
    let directive = directive_for_a1(&app).await;
    let leader = app.login("hieutruong_a1").await;
    let coordinator = app.login("dieuphoi_a").await;
    let specialist = app.login("chuyenvien").await;

    // The school raises it about the directive.
    let response = leader
        .post_form(
            &format!("/schools/{}/requests", app.world.school_a1),
            &[
                ("category", "assessment"),
                ("title", "Đề kiểm tra giữa kỳ môn Tin học"),
                ("body", "Công văn chưa nêu số tiết thực hành."),
                ("directive", &directive.to_string()),
            ],
        )
        .await;
    let id = redirect_id(&response, "/requests/");
    let board_list = coordinator.get(&format!("/clusters/{}/requests", app.world.cluster_a)).await;
    assert!(table_rows(&board_list.body).contains("Đề kiểm tra giữa kỳ môn Tin học"), "not in the board's list");

    // The board escalates it with a reason.
    let escalated = coordinator.post_form(&format!("/requests/{id}/escalate"), &[("note", "Vượt thẩm quyền của cụm.")]).await;
    assert_eq!(escalated.status, StatusCode::SEE_OTHER, "{}", escalated.body);
    let (status, level, _, _, _) = request_row(&app, id).await;
    assert_eq!((status.as_str(), level.as_str()), ("open", "department"));
    assert!(notifications(&app, "chuyenvien").await.iter().any(|(kind, message, _)| kind == "request_new"
        && message == "notification-request-escalated"));
    // The board keeps reading it but no longer handles it.
    assert_eq!(coordinator.get(&format!("/requests/{id}")).await.status, StatusCode::OK);
    let late = coordinator.post_form(&format!("/requests/{id}/reply"), &[("body", "Cụm trả lời")]).await;
    assert_eq!(late.status, StatusCode::NOT_FOUND);

    // The department finds it in its list and answers.
    let department_list = specialist.get("/p/79/requests?level=department").await;
    assert!(table_rows(&department_list.body).contains("Đề kiểm tra giữa kỳ môn Tin học"), "not in the department's list");
    let answered = specialist
        .post_form(&format!("/requests/{id}/reply"), &[("body", "Thực hành 2 tiết, lý thuyết 1 tiết."), ("answer", "1")])
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let (status, _, _, _, first_answered) = request_row(&app, id).await;
    assert_eq!(status, "answered");
    assert!(first_answered.is_some());

    // The school sees every step and the answer.
    let page = leader.get(&format!("/requests/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in ["Vượt thẩm quyền của cụm.", "chuyển lên Sở GD&#38;ĐT", "Thực hành 2 tiết, lý thuyết 1 tiết.", "Đã trả lời", "1581/SGDĐT-GDTrH"] {
        assert!(page.body.contains(text), "{text} missing on the school's page");
    }
    let school_notes = notifications(&app, "hieutruong_a1").await;
    assert!(school_notes.iter().any(|(kind, _, _)| kind == "request_reply"), "{school_notes:?}");
    assert!(school_notes.iter().any(|(_, message, _)| message == "notification-request-escalated-school"), "{school_notes:?}");

    // The school accepts the answer and closes the request.
    let closed = leader.post_form(&format!("/requests/{id}/status"), &[("status", "closed"), ("note", "Cảm ơn Sở.")]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    assert_eq!(request_row(&app, id).await.0, "closed");
    assert!(notifications(&app, "chuyenvien").await.iter().any(|(kind, _, _)| kind == "request_status"));
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'request' AND entity_id = $1 ORDER BY id")
        .bind(id.to_string())
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(actions, ["requests.raise", "requests.escalate", "requests.reply", "requests.status"]);
}

// Handling --------------------------------------------------------------------------

#[tokio::test]
async fn board_assigns_and_replies() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let coordinator = app.login("dieuphoi_a").await;
    let id = raise(&app, &leader, "personnel", "Thiếu giáo viên Tiếng Anh", "Cần 1 giáo viên.").await;
    let member = user_id(&app, "bandieuphoi_a").await;

    let page = coordinator.get(&format!("/requests/{id}")).await;
    let assigned = coordinator.post_form(&format!("/requests/{id}/assign"), &[("owner", &member.to_string())]).await;
    let replied = coordinator.post_form(&format!("/requests/{id}/reply"), &[("body", "Cụm đang điều phối dạy liên trường.")]).await;

    assert!(page.body.contains("Phạm Thị Ban"), "board member not offered");
    assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{}", assigned.body);
    assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.body);
    let (status, _, _, owner, first_answered) = request_row(&app, id).await;
    assert_eq!(status, "in_progress");
    assert_eq!(owner, Some(member));
    assert!(first_answered.is_some());
    let notes = notifications(&app, "bandieuphoi_a").await;
    assert!(notes.iter().any(|(_, message, _)| message == "notification-request-assigned"), "{notes:?}");
    let school = leader.get(&format!("/requests/{id}")).await;
    assert!(school.body.contains("phân công cho Phạm Thị Ban"));
    assert!(school.body.contains("Cụm đang điều phối dạy liên trường."));
}

#[tokio::test]
async fn assign_outside_board_rejected() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let coordinator = app.login("dieuphoi_a").await;
    let id = raise(&app, &leader, "personnel", "Thiếu giáo viên", "Cần 1 giáo viên.").await;
    let specialist = user_id(&app, "chuyenvien").await;

    let outsider = coordinator.post_form(&format!("/requests/{id}/assign"), &[("owner", &specialist.to_string())]).await;
    let garbage = coordinator.post_form(&format!("/requests/{id}/assign"), &[("owner", "abc")]).await;

    assert_eq!(outsider.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(outsider.body.contains("không thuộc ban điều phối cụm hoặc Sở"), "{}", outsider.body);
    assert_eq!(garbage.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(garbage.body.contains("Mã người phụ trách “abc” không hợp lệ"));
    assert_eq!(request_row(&app, id).await.3, None);
}

#[tokio::test]
async fn status_changes_validated() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let coordinator = app.login("dieuphoi_a").await;
    let id = raise(&app, &leader, "other", "Câu hỏi", "Nội dung").await;
    let path = format!("/requests/{id}/status");

    let school_answers = leader.post_form(&path, &[("status", "answered")]).await;
    let unknown = coordinator.post_form(&path, &[("status", "done")]).await;
    let missing = coordinator.post_form(&path, &[("status", "")]).await;
    let same = coordinator.post_form(&path, &[("status", "open")]).await;
    let long_note = coordinator.post_form(&path, &[("status", "closed"), ("note", &"n".repeat(2_001))]).await;

    assert_eq!(school_answers.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(school_answers.body.contains("Không thể chuyển kiến nghị từ “Mới gửi” sang “Đã trả lời”"), "{}", school_answers.body);
    assert!(unknown.body.contains("Không có trạng thái “done”"));
    assert!(missing.body.contains("Chọn trạng thái mới."));
    assert!(same.body.contains("Kiến nghị đang ở trạng thái này rồi."));
    assert!(long_note.body.contains("Ghi chú dài 2001 ký tự"));
    assert_eq!(request_row(&app, id).await.0, "open");

    // Closed by the handler, then reopened by the school.
    let closed = coordinator.post_form(&path, &[("status", "closed")]).await;
    let reply_closed = leader.post_form(&format!("/requests/{id}/reply"), &[("body", "Thêm")]).await;
    let reopened = leader.post_form(&path, &[("status", "open"), ("note", "Chưa giải quyết xong.")]).await;

    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    assert_eq!(reply_closed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply_closed.body.contains("Kiến nghị đã đóng."));
    assert_eq!(reopened.status, StatusCode::SEE_OTHER, "{}", reopened.body);
    let (status, ..) = request_row(&app, id).await;
    assert_eq!(status, "open");
    let closed_at: Option<i64> = sqlx::query_scalar("SELECT closed_at FROM requests WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(closed_at, None);
}

#[tokio::test]
async fn escalate_needs_reason_and_once() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let coordinator = app.login("dieuphoi_a").await;
    let specialist = app.login("chuyenvien").await;
    let id = raise(&app, &leader, "other", "Câu hỏi", "Nội dung").await;

    let empty = coordinator.post_form(&format!("/requests/{id}/escalate"), &[("note", " ")]).await;
    let by_school = leader.post_form(&format!("/requests/{id}/escalate"), &[("note", "Lý do")]).await;
    let done = coordinator.post_form(&format!("/requests/{id}/escalate"), &[("note", "Lý do")]).await;
    let again = specialist.post_form(&format!("/requests/{id}/escalate"), &[("note", "Lý do")]).await;

    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Nhập lý do chuyển lên Sở"));
    assert_eq!(by_school.status, StatusCode::NOT_FOUND);
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("đã được chuyển lên Sở GD&#38;ĐT"), "{}", again.body);
}

// Lists -----------------------------------------------------------------------------

#[tokio::test]
async fn lists_filter_and_count() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let coordinator = app.login("dieuphoi_a").await;
    let first = raise(&app, &leader, "facilities", "Máy chiếu hỏng", "Nội dung").await;
    let second = raise(&app, &leader, "assessment", "Đánh giá học sinh lớp 6", "Nội dung").await;
    raise(&app, &leader, "assessment", "Đề kiểm tra cuối kỳ", "Nội dung").await;
    // The first request waited past its due time without an answer.
    sqlx::query("UPDATE requests SET first_answer_due = $1 WHERE id = $2").bind(now_ms() - 1_000).bind(first).execute(&app.db.pool).await.unwrap();
    coordinator.post_form(&format!("/requests/{second}/status"), &[("status", "answered")]).await;
    let base = format!("/clusters/{}/requests", app.world.cluster_a);

    let pending = coordinator.get(&base).await;
    let all = coordinator.get(&format!("{base}?status=all")).await;
    let category = coordinator.get(&format!("{base}?status=all&category=assessment")).await;
    let search = coordinator.get(&format!("{base}?status=all&q=danh+gia")).await;
    let school = coordinator.get(&format!("{base}?status=all&school=trung+vuong")).await;
    let bad = coordinator.get(&format!("{base}?status=done&category=xyz&level=tinh")).await;

    assert_eq!(pending.status, StatusCode::OK);
    let rows = table_rows(&pending.body);
    assert!(rows.contains("Máy chiếu hỏng"));
    assert!(rows.contains("Đề kiểm tra cuối kỳ"));
    assert!(!rows.contains("Đánh giá học sinh lớp 6"), "answered request in the pending list");
    assert!(rows.find("Máy chiếu hỏng") < rows.find("Đề kiểm tra cuối kỳ"), "not oldest first");
    assert_eq!(rows.matches("Quá hạn trả lời").count(), 1, "overdue flag");
    assert!(all.body.contains("Tìm thấy 3 kiến nghị."));
    assert!(all.body.contains("Kiểm tra, đánh giá <span class=\"badge\">2</span>"), "count per category");
    assert!(category.body.contains("Tìm thấy 2 kiến nghị."));
    let found = table_rows(&search.body);
    assert!(found.contains("Đánh giá học sinh lớp 6"), "search without tone marks missed");
    assert!(!found.contains("Máy chiếu hỏng"), "search matched an unrelated request");
    assert!(school.body.contains("Tìm thấy 3 kiến nghị."));
    for notice in ["Không có trạng thái “done”", "Không có lĩnh vực “xyz”", "Không có nơi xử lý “tinh”"] {
        assert!(bad.body.contains(notice), "{notice} missing");
    }
}

#[tokio::test]
async fn school_list_shows_own_only() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let other = app.login("hieutruong_a2").await;
    raise(&app, &leader, "other", "Kiến nghị của A1", "Nội dung").await;
    other
        .post_form(&format!("/schools/{}/requests", app.world.school_a2), &[("category", "other"), ("title", "Kiến nghị của A2"), ("body", "x")])
        .await;

    let own = leader.get(&format!("/schools/{}/requests", app.world.school_a1)).await;
    let mine = leader.get("/requests").await;
    let department = app.login("chuyenvien").await.get("/p/79/requests").await;

    assert_eq!(own.status, StatusCode::OK);
    assert!(table_rows(&own.body).contains("Kiến nghị của A1"));
    assert!(!table_rows(&own.body).contains("Kiến nghị của A2"));
    assert!(own.body.contains(&format!("/schools/{}/requests/new", app.world.school_a1)), "no link to raise");
    assert_eq!(mine.location(), Some(format!("/schools/{}/requests", app.world.school_a1).as_str()));
    let rows = table_rows(&department.body);
    assert!(rows.contains("Kiến nghị của A1"));
    assert!(rows.contains("Kiến nghị của A2"));
}

// Walls -----------------------------------------------------------------------------

#[tokio::test]
async fn other_scopes_get_404() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let id = raise(&app, &leader, "other", "Kiến nghị riêng của A1", "Nội dung").await;
    // Leader of B1 also sits on the board of cluster B.
    let b1 = user_id(&app, "hieutruong_b1").await;
    let member = NewBoardMember { cluster_id: app.world.cluster_b, user_id: b1, board_role: "member".into(), level: None, affiliation: "Trường THCS Đồng Khởi".into() };
    clusters::add_board_member(&app.db, &member).await.unwrap();
    let paths_get = [
        format!("/requests/{id}"),
        format!("/schools/{}/requests", app.world.school_a1),
        format!("/schools/{}/requests/new", app.world.school_a1),
        format!("/requests/{id}/publish"),
    ];
    let paths_post = [
        format!("/requests/{id}/reply"),
        format!("/requests/{id}/status"),
        format!("/requests/{id}/assign"),
        format!("/requests/{id}/escalate"),
        format!("/requests/{id}/publish"),
        format!("/schools/{}/requests", app.world.school_a1),
    ];

    let mut failures = Vec::new();
    for user in ["hieutruong_a2", "hieutruong_b1", "chuyenvien_hn", "hieutruong_hn", "giaovien_a1", "cotcan_a1"] {
        let client = app.login(user).await;
        for path in &paths_get {
            let status = client.get(path).await.status;
            if status != StatusCode::NOT_FOUND {
                failures.push(format!("GET {path} as {user}: {status}"));
            }
        }
        for path in &paths_post {
            let status = client.post_form(path, &[]).await.status;
            if status != StatusCode::NOT_FOUND {
                failures.push(format!("POST {path} as {user}: {status}"));
            }
        }
    }
    for (user, path) in [
        ("hieutruong_b1", format!("/clusters/{}/requests", app.world.cluster_a)),
        ("hieutruong_a1", format!("/clusters/{}/requests", app.world.cluster_a)),
        ("dieuphoi_a", "/p/79/requests".to_owned()),
        ("chuyenvien_hn", "/p/79/requests".to_owned()),
        ("chuyenvien_hn", "/p/79/answers".to_owned()),
        ("chuyenvien_hn", format!("/clusters/{}/requests", app.world.cluster_a)),
        ("chuyenvien", "/p/01/requests".to_owned()),
        ("hieutruong_a1", "/p/79/answers/new".to_owned()),
    ] {
        let status = app.login(user).await.get(&path).await.status;
        if status != StatusCode::NOT_FOUND {
            failures.push(format!("GET {path} as {user}: {status}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Cluster B's board opens its own list, which lacks A1's request.
    let board_b = app.login("hieutruong_b1").await.get(&format!("/clusters/{}/requests?status=all", app.world.cluster_b)).await;
    assert_eq!(board_b.status, StatusCode::OK);
    assert!(!board_b.body.contains("Kiến nghị riêng của A1"));
    // The commune officer of A1's commune reads it but cannot act.
    let officer = app.login("canboxa_a").await;
    assert_eq!(officer.get(&format!("/requests/{id}")).await.status, StatusCode::OK);
    assert_eq!(officer.post_form(&format!("/requests/{id}/reply"), &[("body", "x")]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn non_numeric_ids_are_404() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    for path in ["/requests/abc", "/requests/0", "/requests/-1", "/clusters/x/requests", "/schools/1.5/requests", "/answers/abc", "/requests/99999"] {
        assert_eq!(client.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(client.post_form("/requests/abc/reply", &[("body", "x")]).await.status, StatusCode::NOT_FOUND);
    let page = client.get("/p/79/requests?page=abc").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Số trang “abc” không hợp lệ"));
}

// Published answers -----------------------------------------------------------------

#[tokio::test]
async fn answer_published_from_request() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let specialist = app.login("chuyenvien").await;
    let id = raise(&app, &leader, "assessment", "Cách tính điểm trung bình môn", "Nội dung").await;
    specialist.post_form(&format!("/requests/{id}/reply"), &[("body", "Theo Thông tư 22/2021."), ("answer", "1")]).await;

    let form = specialist.get(&format!("/requests/{id}/publish")).await;
    let published = specialist
        .post_form(
            &format!("/requests/{id}/publish"),
            &[("category", "assessment"), ("question", "Cách tính điểm trung bình môn?"), ("answer", "Theo Thông tư 22/2021.")],
        )
        .await;

    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(">Theo Thông tư 22/2021.</textarea>"), "answer not prefilled");
    let answer = redirect_id(&published, "/answers/");
    // Every school of the province sees it, and finds it without tone marks.
    let other_school = app.login("hieutruong_b1").await;
    let list = other_school.get("/p/79/answers?q=diem+trung+binh").await;
    assert!(list.body.contains("Cách tính điểm trung bình môn?"), "{}", list.body);
    let page = other_school.get(&format!("/answers/{answer}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains(&format!("/requests/{id}")), "link to a request the school cannot read");
    assert!(leader.get(&format!("/answers/{answer}")).await.body.contains(&format!("/requests/{id}")));
    assert_eq!(app.login("hieutruong_hn").await.get(&format!("/answers/{answer}")).await.status, StatusCode::NOT_FOUND);
    let empty = other_school.get("/p/79/answers?q=khong+co+gi").await;
    assert!(empty.body.contains("Chưa có câu trả lời nào khớp"));
}

#[tokio::test]
async fn answer_standalone_and_bad_input() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;

    let missing = specialist.post_form("/p/79/answers", &[("category", "other"), ("question", ""), ("answer", "Trả lời")]).await;
    let category = specialist.post_form("/p/79/answers", &[("category", "x"), ("question", "Hỏi"), ("answer", "Trả lời")]).await;
    let leader = app.login("hieutruong_a1").await.post_form("/p/79/answers", &[("category", "other"), ("question", "Hỏi"), ("answer", "Đáp")]).await;
    let done = specialist
        .post_form("/p/79/answers", &[("category", "digital"), ("question", "Tài khoản CSDL ngành?"), ("answer", "Liên hệ phòng CNTT của Sở.")])
        .await;

    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("Nhập câu hỏi."));
    assert!(missing.body.contains(">Trả lời</textarea>"), "typed answer not kept");
    assert!(category.body.contains("Không có lĩnh vực “x”"));
    assert_eq!(leader.status, StatusCode::NOT_FOUND);
    let id = redirect_id(&done, "/answers/");
    let by_category = specialist.get("/p/79/answers?category=digital").await;
    assert!(by_category.body.contains("Tài khoản CSDL ngành?"));
    let page = specialist.get(&format!("/answers/{id}")).await;
    assert!(page.body.contains("Công nghệ thông tin, chuyển đổi số"));
}

// API -------------------------------------------------------------------------------

#[tokio::test]
async fn api_story() {
    let app = TestApp::spawn().await;
    let directive = directive_for_a1(&app).await;
    let body = json!({
        "school_id": app.world.school_a1,
        "category": "curriculum",
        "title": "Phân phối chương trình",
        "body": "Dòng 1\nDòng 2",
        "directive_id": directive,
    });

    let created = api(&app, "hieutruong_a1", "POST", "/api/v1/requests", Some(body)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let request = created.json();
    let id = request["id"].as_i64().unwrap();
    assert_eq!(request["status"], "open");
    assert_eq!(request["handler_level"], "cluster");
    assert_eq!(request["body"], "Dòng 1\nDòng 2");
    assert_eq!(request["directive"]["id"], directive);
    assert_eq!(request["caller_side"], "school");
    assert_eq!(request["allowed_statuses"], json!(["closed"]));

    let board = api(&app, "dieuphoi_a", "GET", &format!("/api/v1/requests?cluster={}&status=pending", app.world.cluster_a), None).await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    assert_eq!(board.json()["total"], 1);
    assert_eq!(board.json()["items"][0]["overdue"], false);

    let escalated = api(&app, "dieuphoi_a", "POST", &format!("/api/v1/requests/{id}/escalate"), Some(json!({"note": "Lên Sở"}))).await;
    assert_eq!(escalated.status, StatusCode::OK, "{}", escalated.body);
    assert_eq!(escalated.json()["handler_level"], "department");
    assert_eq!(escalated.json()["caller_side"], Value::Null);

    let specialist = user_id(&app, "chuyenvien").await;
    let owned = api(&app, "chuyenvien", "POST", &format!("/api/v1/requests/{id}/owner"), Some(json!({"owner_id": specialist}))).await;
    assert_eq!(owned.status, StatusCode::OK, "{}", owned.body);
    assert_eq!(owned.json()["owner_id"], specialist);
    let answered = api(&app, "chuyenvien", "POST", &format!("/api/v1/requests/{id}/replies"), Some(json!({"body": "Trả lời", "answer": true}))).await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
    assert_eq!(answered.json()["status"], "answered");

    let seen = api(&app, "hieutruong_a1", "GET", &format!("/api/v1/requests/{id}"), None).await;
    assert_eq!(seen.status, StatusCode::OK);
    let messages = seen.json()["messages"].clone();
    let kinds: Vec<&str> = messages.as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["escalate", "assign", "reply"]);
    let closed = api(&app, "hieutruong_a1", "POST", &format!("/api/v1/requests/{id}/status"), Some(json!({"status": "closed"}))).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    assert_eq!(closed.json()["status"], "closed");
    let own = api(&app, "hieutruong_a1", "GET", &format!("/api/v1/requests?school={}", app.world.school_a1), None).await;
    assert_eq!(own.json()["total"], 1);
    let department = api(&app, "chuyenvien", "GET", "/api/v1/requests?q=phan+phoi", None).await;
    assert_eq!(department.json()["total"], 1, "{}", department.body);
}

#[tokio::test]
async fn api_refusals_and_bad_input() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let id = raise(&app, &leader, "other", "Câu hỏi", "Nội dung").await;
    let new = |school: i64| json!({"school_id": school, "category": "other", "title": "T", "body": "B"});

    for user in ["hieutruong_a2", "hieutruong_b1", "chuyenvien_hn"] {
        assert_eq!(api(&app, user, "GET", &format!("/api/v1/requests/{id}"), None).await.status, StatusCode::NOT_FOUND, "{user}");
        let reply = api(&app, user, "POST", &format!("/api/v1/requests/{id}/replies"), Some(json!({"body": "x"}))).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{user}");
        let raised = api(&app, user, "POST", "/api/v1/requests", Some(new(app.world.school_a1))).await;
        assert_eq!(raised.status, StatusCode::NOT_FOUND, "{user}");
    }
    let list = api(&app, "hieutruong_a2", "GET", &format!("/api/v1/requests?school={}", app.world.school_a1), None).await;
    assert_eq!(list.status, StatusCode::NOT_FOUND);
    let province = api(&app, "hieutruong_a1", "GET", "/api/v1/requests", None).await;
    assert_eq!(province.status, StatusCode::NOT_FOUND);
    let hanoi = api(&app, "chuyenvien_hn", "GET", "/api/v1/requests?province=79", None).await;
    assert_eq!(hanoi.status, StatusCode::NOT_FOUND);

    let word = api(&app, "chuyenvien", "GET", "/api/v1/requests/abc", None).await;
    assert_eq!(word.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&word).contains("“abc”"));
    let bad_json = api(&app, "hieutruong_a1", "POST", "/api/v1/requests", None).await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&bad_json).contains("JSON"));
    let no_title = api(&app, "hieutruong_a1", "POST", "/api/v1/requests", Some(json!({"school_id": app.world.school_a1, "category": "other", "title": " ", "body": "B"}))).await;
    assert_eq!(no_title.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_message(&no_title), "Nhập tiêu đề kiến nghị.");
    let category = api(&app, "hieutruong_a1", "POST", "/api/v1/requests", Some(json!({"school_id": app.world.school_a1, "category": "xyz", "title": "T", "body": "B"}))).await;
    assert!(error_message(&category).contains("“xyz”"));
    let transition = api(&app, "hieutruong_a1", "POST", &format!("/api/v1/requests/{id}/status"), Some(json!({"status": "answered"}))).await;
    assert_eq!(transition.status, StatusCode::CONFLICT);
    assert!(error_message(&transition).contains("Không thể chuyển"));
    let status = api(&app, "chuyenvien", "GET", "/api/v1/requests?status=done", None).await;
    assert_eq!(status.status, StatusCode::BAD_REQUEST);
    assert!(error_message(&status).contains("“done”"));
}

#[tokio::test]
async fn api_answers_list() {
    let app = TestApp::spawn().await;
    let specialist = app.login("chuyenvien").await;
    specialist.post_form("/p/79/answers", &[("category", "digital"), ("question", "Đổi mật khẩu CSDL?"), ("answer", "Vào mục Tài khoản.")]).await;

    let found = api(&app, "hieutruong_b1", "GET", "/api/v1/answers?q=mat+khau", None).await;
    let hanoi = api(&app, "chuyenvien_hn", "GET", "/api/v1/answers", None).await;
    let bad = api(&app, "hieutruong_b1", "GET", "/api/v1/answers?category=xyz", None).await;

    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert_eq!(found.json()["total"], 1);
    assert_eq!(found.json()["items"][0]["category"], "digital");
    assert_eq!(hanoi.json()["total"], 0, "Hà Nội sees Ho Chi Minh City's answers");
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}
