//! Staff records of the personnel map: import, list, record, edit, export and API,
//! and who may read the protected personal data.

use axum::http::StatusCode;
use caunoi_db::staff::records;
use caunoi_db::users;

use crate::harness::TestApp;

/// Two teachers of a school: Bình (CCCD 079185001234) and An.
const LIST: &str = "Họ và tên,Ngày sinh,Giới tính,Mã cán bộ,Chức vụ,Môn giảng dạy,Số tiết/tuần,Kiêm nhiệm,Số CCCD,Điện thoại,Email\n\
Trần Thị Bình,04/03/1985,Nữ,00123,Giáo viên,Tiếng Anh,17,GVCN 6A1,079185001234,0903123456,binh@truong.edu.vn\n\
Nguyễn Văn An,05/06/1980,Nam,00124,Giáo viên,Tin học,19,,025123456,0912345678,an@truong.edu.vn\n";

const IDENTITY: &str = "079185001234";

/// Imports [`LIST`] into school A1 as its leader; returns the ids of Bình and An.
async fn seed(app: &TestApp) -> (i64, i64) {
    let leader = app.login("hieutruong_a1").await;
    let school = app.world.school_a1;
    let upload = leader.post_file(&format!("/schools/{school}/staff-records/import"), "ds.csv", LIST.as_bytes(), &[]).await;
    assert_eq!(upload.status, StatusCode::SEE_OTHER, "{}", upload.body);
    let preview = upload.location().expect("preview address").to_owned();
    let applied = leader.post_form(&format!("{preview}/apply"), &[]).await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let done = leader.get(applied.location().expect("list address")).await;
    assert!(done.body.contains("Đã nhập 2 dòng: 2 hồ sơ mới"), "{}", done.body);
    let page = caunoi_db::Page::new(None, None);
    let (list, _) = records::list(&app.db, school, None, page).await.unwrap();
    let id_of = |name: &str| list.iter().find(|r| r.full_name == name).map(|r| r.id).expect("imported record");
    (id_of("Trần Thị Bình"), id_of("Nguyễn Văn An"))
}

async fn audit_reads(app: &TestApp, staff_id: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'staff.read_personal' AND entity_id = $1")
        .bind(staff_id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn staff_import_preview_then_confirm() {
    let app = TestApp::spawn().await;
    seed(&app).await;
    let list = app.login("hieutruong_a1").await.get(&format!("/schools/{}/staff-records", app.world.school_a1)).await;
    assert_eq!(list.status, StatusCode::OK);
    let an = list.body.find("Nguyễn Văn An").expect("An listed");
    let binh = list.body.find("Trần Thị Bình").expect("Bình listed");
    assert!(an < binh, "sorted by given name: An before Bình");
    assert!(!list.body.contains(IDENTITY), "lists never carry identity numbers");
}

#[tokio::test]
async fn staff_import_bad_row_imports_nothing() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let school = app.world.school_a1;
    let bad = LIST.replace("04/03/1985", "31/02/1985");
    let upload = leader.post_file(&format!("/schools/{school}/staff-records/import"), "ds.csv", bad.as_bytes(), &[]).await;
    let preview_path = upload.location().expect("preview").to_owned();
    let preview = leader.get(&preview_path).await;
    assert!(preview.body.contains("Dòng 2, cột “Ngày sinh”: ngày sinh “31/02/1985” không đọc được"), "{}", preview.body);
    assert!(!preview.body.contains("/apply"), "no confirm button while rows have errors");

    let applied = leader.post_form(&format!("{preview_path}/apply"), &[]).await;
    assert_eq!(applied.status, StatusCode::CONFLICT);
    let (_, total) = records::list(&app.db, school, None, caunoi_db::Page::new(None, None)).await.unwrap();
    assert_eq!(total, 0);
}

#[tokio::test]
async fn staff_import_file_without_header() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let response = leader.post_file(&format!("/schools/{}/staff-records/import", app.world.school_a1), "x.csv", b"a,b\n1,2\n", &[]).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Không tìm thấy dòng tiêu đề trong tệp “x.csv”"), "{}", response.body);
}

#[tokio::test]
async fn staff_import_refused_outside_school() {
    let app = TestApp::spawn().await;
    let path = format!("/schools/{}/staff-records/import", app.world.school_a1);
    for username in ["hieutruong_b1", "giaovien_a1", "dieuphoi_a", "chuyenvien", "chuyenvien_hn"] {
        let response = app.login(username).await.post_file(&path, "ds.csv", LIST.as_bytes(), &[]).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{username}");
    }
}

#[tokio::test]
async fn identity_number_for_leader_with_audit() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    for username in ["hieutruong_a1", "quantri79"] {
        let page = app.login(username).await.get(&format!("/staff/{binh}")).await;
        assert!(page.body.contains(IDENTITY), "{username}");
    }
    assert_eq!(audit_reads(&app, binh).await, 2);
}

#[tokio::test]
async fn identity_number_hidden_from_colleagues() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    let school = app.world.school_a1;
    // A colleague, a core teacher of the same school, the cluster coordinator and a
    // department specialist may open the record, but never see the identity number.
    for username in ["giaovien_a1", "cotcan_a1", "dieuphoi_a", "chuyenvien"] {
        let web = app.login(username).await;
        let page = web.get(&format!("/staff/{binh}")).await;
        assert_eq!(page.status, StatusCode::OK, "{username}");
        assert!(!page.body.contains(IDENTITY), "page, {username}");
        let search = web.get(&format!("/schools/{school}/staff-records?q=binh")).await;
        assert!(search.body.contains("Trần Thị Bình"), "search, {username}");
        assert!(!search.body.contains(IDENTITY), "search, {username}");
        let export = web.get(&format!("/schools/{school}/staff-records.xlsx")).await;
        assert_eq!(export.status, StatusCode::OK, "export, {username}");
        assert!(!xlsx_text(&app, &web, school).await.contains(IDENTITY), "export, {username}");
        let api = app.api_as(username).await.get(&format!("/api/v1/staff/{binh}")).await;
        assert_eq!(api.status, StatusCode::OK, "api, {username}");
        assert!(api.json()["personal"].is_null(), "api, {username}");
        assert!(!api.body.contains(IDENTITY), "api, {username}");
    }
    assert_eq!(audit_reads(&app, binh).await, 0);
}

#[tokio::test]
async fn identity_number_refused_to_other_schools() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    let school = app.world.school_a1;
    // A leader of another school of the province, and the department of another province.
    for username in ["hieutruong_b1", "hieutruong_a2", "chuyenvien_hn", "hieutruong_hn"] {
        let web = app.login(username).await;
        assert_eq!(web.get(&format!("/staff/{binh}")).await.status, StatusCode::NOT_FOUND, "page, {username}");
        assert_eq!(web.get(&format!("/schools/{school}/staff-records?q=binh")).await.status, StatusCode::NOT_FOUND, "search, {username}");
        assert_eq!(web.get(&format!("/schools/{school}/staff-records.xlsx")).await.status, StatusCode::NOT_FOUND, "export, {username}");
        let api = app.api_as(username).await;
        assert_eq!(api.get(&format!("/api/v1/staff/{binh}")).await.status, StatusCode::NOT_FOUND, "api, {username}");
        assert_eq!(api.get(&format!("/api/v1/schools/{school}/staff?q=binh")).await.status, StatusCode::NOT_FOUND, "api list, {username}");
    }
}

/// Downloads the school's export as `client` and returns the text of its cells.
async fn xlsx_text(app: &TestApp, client: &crate::harness::Client<'_>, school: i64) -> String {
    let _ = app;
    let response = client.get_bytes(&format!("/schools/{school}/staff-records.xlsx")).await;
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(response)).expect("an .xlsx");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("readable");
    sheet.rows().flat_map(|row| row.iter().map(|cell| cell.to_string())).collect::<Vec<_>>().join("|")
}

#[tokio::test]
async fn export_carries_personal_data_for_leader() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    let leader = app.login("hieutruong_a1").await;
    let text = xlsx_text(&app, &leader, app.world.school_a1).await;
    assert!(text.contains(IDENTITY));
    assert!(text.contains("Trần Thị Bình"));
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'staff.read_personal' AND entity_id = $1")
        .bind(format!("school:{}", app.world.school_a1))
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(audited, 1);
    let _ = binh;
}

#[tokio::test]
async fn teacher_sees_and_corrects_own_record() {
    let app = TestApp::spawn().await;
    let (binh, an) = seed(&app).await;
    let teacher = users::id_by_username(&app.db, "giaovien_a1").await.unwrap();
    records::link_user(&app.db, binh, Some(teacher)).await.unwrap();
    let web = app.login("giaovien_a1").await;

    let own = web.get(&format!("/staff/{binh}")).await;
    assert!(own.body.contains(IDENTITY));
    let saved = web
        .post_form(&format!("/staff/{binh}/edit"), &[("full_name", "Trần Thị Bình"), ("phone", "0987 654 321"), ("identity_number", IDENTITY), ("periods_per_week", "1")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let record = records::get(&app.db, binh).await.unwrap();
    assert_eq!(record.periods_per_week, Some(17.0), "the person cannot change their load");
    let reader = records::Reader { user_id: teacher, province: "79", via: "test" };
    assert_eq!(records::read_personal(&app.db, binh, reader).await.unwrap().phone.as_deref(), Some("0987654321"));

    // The trained major and qualification decide the subjects a person counts for, so
    // the school sets them.
    let fields = [("full_name", "Trần Thị Bình"), ("trained_major", "Sư phạm Toán"), ("qualification", "master"), ("identity_number", IDENTITY)];
    let saved = web.post_form(&format!("/staff/{binh}/edit"), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let record = records::get(&app.db, binh).await.unwrap();
    assert_eq!(record.trained_major, None);
    assert_eq!(record.qualification, None);
    let subjects: Vec<String> = records::competencies(&app.db, binh).await.unwrap().into_iter().map(|c| c.subject).collect();
    assert_eq!(subjects, ["english"], "the own edit changed no competency");
    let changed: String = sqlx::query_scalar("SELECT details FROM audit_log WHERE action = 'staff.update' ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert!(changed.contains("\"phone\""), "the phone left empty is a change: {changed}");
    assert!(!changed.contains("trained_major"), "the audit names changed fields only: {changed}");
    assert!(!changed.contains("0987654321"), "the audit holds no values: {changed}");

    let colleague = web.post_form(&format!("/staff/{an}/edit"), &[("full_name", "X")]).await;
    assert_eq!(colleague.status, StatusCode::NOT_FOUND);
    assert_eq!(web.get(&format!("/staff/{an}/edit")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn edit_form_keeps_typed_values() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    let leader = app.login("hieutruong_a1").await;
    let form = leader.get(&format!("/staff/{binh}/edit")).await;
    assert!(form.body.contains("04/03/1985"), "dates on screen are dd/mm/yyyy");

    let response = leader
        .post_form(
            &format!("/staff/{binh}/edit"),
            &[("full_name", "Trần Thị Bình Mới"), ("birth_date", "30/02/1985"), ("email", "binh@"), ("periods_per_week", "17"), ("position", "teacher")],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Trần Thị Bình Mới"), "the typed name stays");
    assert!(response.body.contains("Ngày sinh “30/02/1985” không đọc được"), "{}", response.body);
    assert!(response.body.contains("Email “binh@” không hợp lệ"));
    let stored = records::get(&app.db, binh).await.unwrap();
    assert_eq!(stored.full_name, "Trần Thị Bình", "nothing saved");
}

#[tokio::test]
async fn edit_by_leader_updates_duties() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    let leader = app.login("hieutruong_a1").await;
    let fields = [
        ("full_name", "Trần Thị Bình"),
        ("birth_date", "04/03/1985"),
        ("subjects_taught", "Tiếng Anh, Âm nhạc"),
        ("periods_per_week", "15"),
        ("roles", "Tổ trưởng, Cốt cán"),
        ("position", "teacher"),
    ];
    let saved = leader.post_form(&format!("/staff/{binh}/edit"), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(records::duties(&app.db, binh).await.unwrap(), ["subject_group_head"]);
    let record = records::get(&app.db, binh).await.unwrap();
    assert_eq!(record.is_core_teacher, 1);
    assert_eq!(record.periods_per_week, Some(15.0));
    let subjects: Vec<String> = records::competencies(&app.db, binh).await.unwrap().into_iter().map(|c| c.subject).collect();
    assert_eq!(subjects, ["english", "music"]);
}

#[tokio::test]
async fn leader_sets_competencies() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    let leader = app.login("hieutruong_a1").await;
    let fields = [
        ("full_name", "Trần Thị Bình"),
        ("birth_date", "04/03/1985"),
        ("trained_major", "Sư phạm Toán"),
        ("subjects_taught", "Toán, Tiếng Anh"),
        ("certificates", "Văn bằng 2 Tiếng Anh, Chứng chỉ Tin học"),
        ("standard_rating", "good"),
        ("teaching_level", "lower_secondary"),
        ("available", "0"),
        ("roles", "GVCN 6A1, Tập sự"),
        ("position", "teacher"),
    ];
    let saved = leader.post_form(&format!("/staff/{binh}/edit"), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let record = records::get(&app.db, binh).await.unwrap();
    assert_eq!(record.standard_rating.as_deref(), Some("good"));
    assert_eq!(record.teaching_level.as_deref(), Some("lower_secondary"));
    assert_eq!((record.available, record.on_probation), (0, 1));
    let competencies = records::competencies(&app.db, binh).await.unwrap();
    let pairs: Vec<(&str, &str)> = competencies.iter().map(|c| (c.subject.as_str(), c.source.as_str())).collect();
    assert_eq!(pairs, [("english", "certificate"), ("informatics", "certificate"), ("maths", "major")]);

    let page = leader.get(&format!("/staff/{binh}")).await;
    for text in ["Khá", "Trung học cơ sở", "Tạm vắng", "đang tập sự", "Tin học (theo chứng chỉ)", "04/03/1985"] {
        assert!(page.body.contains(text), "record page shows {text}: {}", page.body);
    }
    let form = leader.get(&format!("/staff/{binh}/edit")).await;
    assert!(form.body.contains("Tiếng Anh, Tin học"), "certificates are shown back: {}", form.body);
    assert!(form.body.contains("Tập sự"), "probation is shown among the roles");
}

#[tokio::test]
async fn duplicate_staff_code_names_holder() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    let leader = app.login("hieutruong_a1").await;
    let fields = [("full_name", "Trần Thị Bình"), ("staff_code", "00124"), ("position", "teacher"), ("periods_per_week", "9")];
    let response = leader.post_form(&format!("/staff/{binh}/edit"), &fields).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Mã cán bộ “00124” đã được dùng cho Nguyễn Văn An"), "{}", response.body);
    let record = records::get(&app.db, binh).await.unwrap();
    assert_eq!(record.staff_code.as_deref(), Some("00123"), "nothing saved");
    assert_eq!(record.periods_per_week, Some(17.0));

    let api = app.api_as("hieutruong_a1").await;
    let body = serde_json::json!({ "full_name": "Trần Thị Bình", "staff_code": "00124", "position": "teacher" });
    let response = api.put_json(&format!("/api/v1/staff/{binh}"), &body).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.json()["error"]["fields"]["staff_code"].as_str().is_some_and(|m| m.contains("Nguyễn Văn An")), "{}", response.body);
}

#[tokio::test]
async fn changed_code_moves_import_key() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    let leader = app.login("hieutruong_a1").await;
    let fields =
        [("full_name", "Trần Thị Bình"), ("staff_code", "00999"), ("identity_number", IDENTITY), ("position", "teacher"), ("periods_per_week", "17")];
    let saved = leader.post_form(&format!("/staff/{binh}/edit"), &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // The old code no longer names a record, so its row is a new person; the new code
    // finds Bình.
    let list = "Họ và tên,Mã cán bộ,Số tiết/tuần\nLê Văn Mới,00123,10\nTrần Thị Bình,999,15\n";
    let school = app.world.school_a1;
    let upload = leader.post_file(&format!("/schools/{school}/staff-records/import"), "ds.csv", list.as_bytes(), &[]).await;
    let applied = leader.post_form(&format!("{}/apply", upload.location().unwrap()), &[]).await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let record = records::get(&app.db, binh).await.unwrap();
    assert_eq!(record.full_name, "Trần Thị Bình", "the old code no longer renames Bình");
    assert_eq!(record.periods_per_week, Some(15.0));
    let (list, total) = records::list(&app.db, school, Some("Mới"), caunoi_db::Page::new(None, None)).await.unwrap();
    assert_eq!((total, list[0].staff_code.as_deref()), (1, Some("00123")));

    // A list made before the change still finds Bình by her identity number.
    let upload = leader.post_file(&format!("/schools/{school}/staff-records/import"), "cu.csv", LIST.as_bytes(), &[]).await;
    let applied = leader.post_form(&format!("{}/apply", upload.location().unwrap()), &[]).await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let (list, total) = records::list(&app.db, school, Some("Trần Thị Bình"), caunoi_db::Page::new(None, None)).await.unwrap();
    assert_eq!(total, 1, "no second Bình: {list:?}");
    assert_eq!(list[0].staff_code.as_deref(), Some("00999"), "the new code stays");
}

#[tokio::test]
async fn expanding_workbook_rejected() {
    use std::io::Write;
    // One sheet of 64 MiB of the same byte: well under a megabyte once compressed.
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buffer);
    writer.start_file("xl/worksheets/sheet1.xml", zip::write::SimpleFileOptions::default()).unwrap();
    let block = vec![b'A'; 1024 * 1024];
    for _ in 0..64 {
        writer.write_all(&block).unwrap();
    }
    writer.finish().unwrap();
    let bomb = buffer.into_inner();

    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let path = format!("/schools/{}/staff-records/import", app.world.school_a1);
    let response = leader.post_file(&path, "ds.xlsx", &bomb, &[]).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("khi giải nén lớn hơn 16 MB"), "{}", response.body);
}

#[tokio::test]
async fn school_list_row_limit() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let mut list = String::from("Họ và tên,Mã cán bộ\n");
    for row in 0..1_001 {
        list.push_str(&format!("Giáo viên Số {row},{row}\n"));
    }
    let path = format!("/schools/{}/staff-records/import", app.world.school_a1);
    let response = leader.post_file(&path, "ds.csv", list.as_bytes(), &[]).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("1001 dòng dữ liệu, vượt giới hạn 1000 dòng"), "{}", response.body);
    let (_, total) = records::list(&app.db, app.world.school_a1, None, caunoi_db::Page::new(None, None)).await.unwrap();
    assert_eq!(total, 0);
}

#[tokio::test]
async fn competency_fields_reject_bad_values() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    let leader = app.login("hieutruong_a1").await;
    let cases = [
        ("certificates", "Chứng chỉ lái xe", "“Chứng chỉ lái xe” trong “Chứng chỉ lái xe” không nêu môn học nào"),
        ("standard_rating", "Giỏi", "Xếp loại chuẩn nghề nghiệp “Giỏi” không hợp lệ"),
        ("teaching_level", "Mầm non", "Cấp dạy “Mầm non” không hợp lệ"),
        ("available", "có lẽ", "Giá trị “có lẽ” không hợp lệ"),
    ];
    for (field, value, message) in cases {
        let fields = [("full_name", "Trần Thị Bình"), ("position", "teacher"), ("periods_per_week", "9"), (field, value)];
        let response = leader.post_form(&format!("/staff/{binh}/edit"), &fields).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(response.body.contains(message), "{field}: {}", response.body);
        assert_eq!(records::get(&app.db, binh).await.unwrap().periods_per_week, Some(17.0), "{field}: nothing saved");
    }
}

/// A department's list of two schools of province 79 and one of Hà Nội's.
const PROVINCE_LIST: &str = "Trường,Họ và tên,Mã cán bộ,Môn giảng dạy\n\
Trường THPT Trưng Vương,Trần Thị Bình,101,Tiếng Anh\n\
Trường Tiểu học Lê Ngọc Hân,Phạm Văn Dũng,102,Tin học\n";

#[tokio::test]
async fn department_imports_several_schools() {
    let app = TestApp::spawn().await;
    let specialist = app.login("quantri79").await;
    let form = specialist.get("/p/79/staff-import").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("cột “Trường”"), "{}", form.body);

    let upload = specialist.post_file("/p/79/staff-import", "ds.csv", PROVINCE_LIST.as_bytes(), &[]).await;
    assert_eq!(upload.status, StatusCode::SEE_OTHER, "{}", upload.body);
    let preview = upload.location().expect("preview address").to_owned();
    let page = specialist.get(&preview).await;
    assert!(page.body.contains("Xác nhận nhập"), "{}", page.body);
    let applied = specialist.post_form(&format!("{preview}/apply"), &[]).await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let done = specialist.get(applied.location().unwrap()).await;
    assert!(done.body.contains("Đã nhập 2 dòng vào 2 trường"), "{}", done.body);

    let page = caunoi_db::Page::new(None, None);
    let (a1, _) = records::list(&app.db, app.world.school_a1, None, page).await.unwrap();
    let (a2, _) = records::list(&app.db, app.world.school_a2, None, page).await.unwrap();
    assert_eq!(a1.iter().map(|r| r.full_name.as_str()).collect::<Vec<_>>(), ["Trần Thị Bình"]);
    assert_eq!(a2.iter().map(|r| r.full_name.as_str()).collect::<Vec<_>>(), ["Phạm Văn Dũng"]);
}

#[tokio::test]
async fn province_import_names_unknown_school() {
    let app = TestApp::spawn().await;
    let specialist = app.login("quantri79").await;
    let list = "Trường,Họ và tên\nTrường THPT Trần Phú,Lê Văn Hà\n";
    let upload = specialist.post_file("/p/79/staff-import", "ds.csv", list.as_bytes(), &[]).await;
    let page = specialist.get(upload.location().unwrap()).await;
    assert!(page.body.contains("không tìm thấy trường “Trường THPT Trần Phú” trong tỉnh"), "a Hà Nội school is not in 79: {}", page.body);
    assert!(!page.body.contains("Xác nhận nhập"));
}

#[tokio::test]
async fn province_import_refused_outside_department() {
    let app = TestApp::spawn().await;
    for username in ["hieutruong_a1", "dieuphoi_a", "giaovien_a1", "chuyenvien", "chuyenvien_hn"] {
        let web = app.login(username).await;
        assert_eq!(web.get("/p/79/staff-import").await.status, StatusCode::NOT_FOUND, "{username}");
        let upload = web.post_file("/p/79/staff-import", "ds.csv", PROVINCE_LIST.as_bytes(), &[]).await;
        assert_eq!(upload.status, StatusCode::NOT_FOUND, "{username}");
    }
    // A department's staged list is refused to a school's leader too.
    let specialist = app.login("quantri79").await;
    let upload = specialist.post_file("/p/79/staff-import", "ds.csv", PROVINCE_LIST.as_bytes(), &[]).await;
    let preview = upload.location().unwrap().to_owned();
    let leader = app.login("hieutruong_a1").await;
    assert_eq!(leader.get(&preview).await.status, StatusCode::NOT_FOUND);
    assert_eq!(leader.post_form(&format!("{preview}/apply"), &[]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn api_lists_without_personal_data() {
    let app = TestApp::spawn().await;
    seed(&app).await;
    let response = app.api_as("hieutruong_a1").await.get(&format!("/api/v1/schools/{}/staff?q=an", app.world.school_a1)).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json()["total"], 1);
    assert_eq!(response.json()["items"][0]["full_name"], "Nguyễn Văn An");
    assert!(!response.body.contains("025123456"));
}

#[tokio::test]
async fn api_update_rejects_bad_value() {
    let app = TestApp::spawn().await;
    let (binh, _) = seed(&app).await;
    let api = app.api_as("hieutruong_a1").await;
    let body = serde_json::json!({ "full_name": "Trần Thị Bình", "phone": "12345" });
    let response = api.put_json(&format!("/api/v1/staff/{binh}"), &body).await;
    let message = crate::api::error_message(&response, StatusCode::UNPROCESSABLE_ENTITY, "unprocessable_entity");
    assert!(message.contains("“12345”"), "{message}");
    assert!(response.json()["error"]["fields"]["phone"].as_str().is_some_and(|m| m.starts_with("Số điện thoại")), "{}", response.body);

    let body = serde_json::json!({ "full_name": "Trần Thị Bình", "phone": "0903000111", "position": "teacher", "periods_per_week": "18" });
    let response = api.put_json(&format!("/api/v1/staff/{binh}"), &body).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.json()["personal"]["phone"], "0903000111");
    assert_eq!(response.json()["periods_per_week"], 18.0);
}

#[tokio::test]
async fn api_import_all_or_nothing() {
    let app = TestApp::spawn().await;
    let school = app.world.school_a1;
    let api = app.api_as("hieutruong_a1").await;
    let bad = LIST.replace("0903123456", "12");
    let rejected = api.post_file(&format!("/api/v1/schools/{school}/staff"), "ds.csv", bad.as_bytes(), &[]).await;
    assert_eq!(rejected.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", rejected.body);
    assert_eq!(rejected.json()[0]["row"], 2);
    assert_eq!(rejected.json()[0]["message_id"], "staff-invalid-phone");
    let (_, total) = records::list(&app.db, school, None, caunoi_db::Page::new(None, None)).await.unwrap();
    assert_eq!(total, 0);

    let imported = api.post_file(&format!("/api/v1/schools/{school}/staff"), "ds.csv", LIST.as_bytes(), &[]).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
    assert_eq!(imported.json()["created"], 2);
}

#[tokio::test]
async fn openapi_lists_staff_paths() {
    let app = TestApp::spawn().await;
    let document = app.anonymous().get("/api/openapi.json").await.json();
    for path in ["/api/v1/schools/{id}/staff", "/api/v1/staff/{id}"] {
        assert!(document["paths"][path].is_object(), "{path}");
    }
}

#[tokio::test]
async fn staff_batches_stay_out_of_school_imports() {
    let app = TestApp::spawn().await;
    let leader = app.login("hieutruong_a1").await;
    let upload = leader.post_file(&format!("/schools/{}/staff-records/import", app.world.school_a1), "ds.csv", LIST.as_bytes(), &[]).await;
    let batch = upload.location().expect("preview").trim_start_matches("/staff-imports/").to_owned();

    let department = app.login("quantri79").await;
    let list = department.get("/p/79/imports").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(!list.body.contains("ds.csv"), "the school import list shows school lists only");
    assert_eq!(department.get(&format!("/imports/{batch}")).await.status, StatusCode::NOT_FOUND);
}
