//! The figures of a report request: hand-computed totals and a weighted percentage on
//! screen and in the API, drill-down, the per-grade table, comparisons, exports parsed
//! back, bad parameters, and who may see which schools.

use axum::http::StatusCode;
use caunoi_core::directive::Audience;
use caunoi_core::report::aggregate::numeric_items;
use caunoi_core::report::definition::{Column, ColumnKind, Field, FieldKind, RowDef, Section, TableRows, TableSpec, TemplateDefinition};
use caunoi_core::report::values::{TableRow, Value, Values};
use caunoi_db::reports::requests::{self, RequestInput};
use caunoi_db::reports::rollups;
use caunoi_db::reports::templates::{self, NewTemplate};
use caunoi_db::users;

use crate::harness::TestApp;

/// Fetches a file with a bearer token of a person, as bytes.
async fn get_bytes(app: &TestApp, username: &str, path: &str) -> (StatusCode, Vec<u8>) {
    use axum::body::Body;
    use axum::http::{Request, header};
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let id = users::id_by_username(&app.db, username).await.unwrap();
    let token = caunoi_db::security::create_api_token(&app.db, id, "test").await.unwrap();
    let request = Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    (status, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

fn definition() -> TemplateDefinition {
    let field = |key: &str, label: &str, kind: FieldKind| Field {
        key: key.into(),
        label: label.into(),
        help: String::new(),
        required: false,
        levels: Vec::new(),
        kind,
    };
    let column = |key: &str, label: &str| Column { key: key.into(), label: label.into(), kind: ColumnKind::Integer, min: None, max: None, required: false };
    let rows = vec![
        RowDef { key: "g6".into(), label: "Lớp 6".into(), levels: Vec::new() },
        RowDef { key: "g7".into(), label: "Lớp 7".into(), levels: Vec::new() },
    ];
    TemplateDefinition {
        sections: vec![Section {
            key: "s".into(),
            title: "Thống kê".into(),
            help: String::new(),
            levels: Vec::new(),
            fields: vec![
                field("students", "Số học sinh", FieldKind::Integer { min: Some(0), max: None, unit: String::new() }),
                field("pass_rate", "Tỉ lệ lên lớp", FieldKind::Percent { weight: Some("students".into()) }),
                field("note", "Ghi chú", FieldKind::Text { max_len: None, multiline: false }),
                field(
                    "grades",
                    "Theo khối lớp",
                    FieldKind::Table(TableSpec { rows: TableRows::Fixed { rows }, columns: vec![column("students", "Học sinh"), column("girls", "Nữ")] }),
                ),
            ],
        }],
        ..TemplateDefinition::default()
    }
}

fn values(students: i64, pass_rate: f64, note: &str, g6: (i64, i64)) -> Values {
    let mut values = Values::default();
    values.0.insert("students".into(), Value::Integer(students));
    values.0.insert("pass_rate".into(), Value::Decimal(pass_rate));
    values.0.insert("note".into(), Value::Text(note.into()));
    let cells = [("students".to_owned(), Value::Integer(g6.0)), ("girls".to_owned(), Value::Integer(g6.1))];
    values.0.insert("grades".into(), Value::Table(vec![TableRow { key: "g6".into(), cells: cells.into() }]));
    values
}

/// A request to every school of Ho Chi Minh City (a1, a2 in cluster A; b1 in B) with
/// counted submissions of a1 (1.000 students, 90 %), a2 (3.000, 50 %) and b1 (2.000,
/// 80 %): 6.000 students, a weighted pass rate of 66,7 % where the naive mean is 73,3 %.
async fn setup(app: &TestApp) -> (i64, i64) {
    let specialist = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    let definition = definition();
    let new = NewTemplate { province: "79", cluster: None, name: "Thống kê học kì I", description: "", definition: &definition, created_by: specialist };
    let (template, version) = templates::create(&app.db, &new).await.unwrap();
    let input = RequestInput {
        template_version_id: version,
        title: "Thống kê học kì I".into(),
        instructions: String::new(),
        period_kind: "semester".into(),
        period_label: "Học kì I 2025-2026".into(),
        period_start: "2025-09-05".into(),
        period_end: "2026-01-15".into(),
        audience: Audience { everyone: true, ..Audience::default() },
        opens_at: 0,
        deadline_at: caunoi_db::now_ms() + 86_400_000,
        remind_before_hours: 48,
    };
    let request = requests::create_draft(&app.db, "79", None, &app.world.year, &input, specialist).await.unwrap();
    requests::publish(&app.db, request, specialist).await.unwrap();
    let w = &app.world;
    submit(app, request, w.school_a1, &values(1000, 90.0, "=SUM(A1:A2)", (400, 200))).await;
    submit(app, request, w.school_a2, &values(3000, 50.0, "", (100, 40))).await;
    submit(app, request, w.school_b1, &values(2000, 80.0, "", (500, 260))).await;
    (template, request)
}

async fn submit(app: &TestApp, request: i64, school: i64, values: &Values) {
    let json = serde_json::to_string(values).unwrap();
    let mut tx = app.db.begin().await.unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO report_submissions (request_id, school_id, status, values_json, source, first_submitted_at, submitted_at, \
         revision, created_at, updated_at) VALUES ($1, $2, 'submitted', $3, 'form', $4, $4, 1, $4, $4) RETURNING id",
    )
    .bind(request)
    .bind(school)
    .bind(json)
    .bind(caunoi_db::now_ms())
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    let items = numeric_items(&definition(), None, values);
    rollups::replace(&mut tx, id, Some(&items)).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn department_sees_totals_weighted_rates_and_drills_down() {
    let app = TestApp::spawn().await;
    let (_, id) = setup(&app).await;
    let w = &app.world;
    let specialist = app.login("chuyenvien").await;

    let page = specialist.get(&format!("/reports/{id}/figures?field=students")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("6.000"), "hand-computed total in Vietnamese format");
    assert!(page.body.contains("4.000") && page.body.contains("Cụm A"), "cluster A: 1.000 + 3.000");
    assert!(page.body.contains("<svg"), "a bar chart beside the table");
    assert!(page.body.contains(&format!("/reports/{id}/figures?field=students&amp;item=students&amp;cluster={}", w.cluster_a)));

    let rate = specialist.get(&format!("/reports/{id}/figures?field=pass_rate&group=province")).await;
    assert!(rate.body.contains("66,7 %"), "weighted: (1.000×90 + 3.000×50 + 2.000×80) / 6.000");
    assert!(!rate.body.contains("73,3 %"), "never the mean of the three rates");

    let cluster = specialist.get(&format!("/reports/{id}/figures?field=students&cluster={}", w.cluster_a)).await;
    assert_eq!(cluster.status, StatusCode::OK);
    assert!(cluster.body.contains("Bến Thành") && cluster.body.contains("Sài Gòn"), "the communes of cluster A");
    assert!(!cluster.body.contains("Tân Định"));
    let commune = specialist.get(&format!("/reports/{id}/figures?field=students&cluster={}&commune={}", w.cluster_a, w.commune_a1)).await;
    assert!(commune.body.contains("Trường THPT Trưng Vương") && commune.body.contains("1.000"));
    assert!(!commune.body.contains("Lê Ngọc Hân"));

    let grid = specialist.get(&format!("/reports/{id}/figures?field=grades&group=level")).await;
    assert!(grid.body.contains("Lớp 6") && grid.body.contains("1.000") && grid.body.contains("500"), "row by row: 400+100+500, 200+40+260");

    let reform = specialist.get(&format!("/reports/{id}/figures?field=students&view=reform")).await;
    assert!(reform.body.contains("Theo quận, huyện cũ") && reform.body.contains("Theo xã, phường hiện nay"));
    let series = specialist.get(&format!("/reports/{id}/figures?field=students&view=series")).await;
    assert!(series.body.contains("Học kì I 2025-2026") && series.body.contains("6.000"));
}

#[tokio::test]
async fn bad_parameters_get_a_message_and_the_default_view() {
    let app = TestApp::spawn().await;
    let (_, id) = setup(&app).await;
    let specialist = app.login("chuyenvien").await;
    let page = specialist.get(&format!("/reports/{id}/figures?group=huyen&field=khong_co&view=bieu_do&cluster=abc")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Không có cách nhóm “huyen”"));
    assert!(page.body.contains("Không có chỉ tiêu “khong_co”"));
    assert!(page.body.contains("Không có cách xem “bieu_do”"));
    assert!(page.body.contains("“abc” không phải mã cụm"));
    assert!(page.body.contains("6.000"), "the default figures still show");
    let export = specialist.get(&format!("/reports/{id}/figures.xlsx?kind=pdf")).await;
    assert_eq!(export.status, StatusCode::BAD_REQUEST);
    assert!(export.body.contains("pdf"));
}

#[tokio::test]
async fn each_reader_sees_only_their_schools() {
    let app = TestApp::spawn().await;
    let (template, id) = setup(&app).await;
    let w = &app.world;

    let board = app.login("bandieuphoi_a").await;
    let page = board.get(&format!("/reports/{id}/figures?field=students")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("4.000") && !page.body.contains("6.000") && !page.body.contains("Cụm B"));
    assert_eq!(board.get(&format!("/reports/{id}/figures?cluster={}", w.cluster_b)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(board.get(&format!("/reports/{id}/figures?commune={}", w.commune_b1)).await.status, StatusCode::NOT_FOUND);

    let officer = app.login("canboxa_a").await;
    let page = officer.get(&format!("/reports/{id}/figures?field=students&group=commune")).await;
    assert!(page.body.contains("1.000") && !page.body.contains("4.000"), "commune A1 only");
    assert_eq!(officer.get(&format!("/reports/{id}/figures?commune={}", w.commune_a2)).await.status, StatusCode::NOT_FOUND);

    let leader = app.login("hieutruong_a1").await;
    let page = leader.get(&format!("/reports/{id}/figures?field=students")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Trường THPT Trưng Vương") && page.body.contains("1.000"));
    assert!(!page.body.contains("6.000") && !page.body.contains("4.000") && !page.body.contains("Lê Ngọc Hân"), "compared with nothing else");
    assert_eq!(leader.get(&format!("/reports/{id}/figures.xlsx?kind=aggregated")).await.status, StatusCode::NOT_FOUND);

    for (person, path) in [
        ("giaovien_a1", format!("/reports/{id}/figures")),
        ("chuyenvien_hn", format!("/reports/{id}/figures")),
        ("hieutruong_hn", format!("/reports/{id}/figures.xlsx")),
    ] {
        assert_eq!(app.login(person).await.get(&path).await.status, StatusCode::NOT_FOUND, "{person} {path}");
    }
    for person in ["chuyenvien_hn", "hieutruong_b1", "giaovien_a1"] {
        let api = app.api_as(person).await;
        if person != "hieutruong_b1" {
            assert_eq!(api.get(&format!("/api/v1/report-requests/{id}/figures")).await.status, StatusCode::NOT_FOUND, "{person}");
            assert_eq!(api.get(&format!("/api/v1/report-requests/{id}/values")).await.status, StatusCode::NOT_FOUND, "{person}");
            assert_eq!(api.get(&format!("/api/v1/report-requests/{id}/export.xlsx")).await.status, StatusCode::NOT_FOUND);
        }
        assert_eq!(api.get(&format!("/api/v1/report-templates/{template}/series")).await.status, StatusCode::NOT_FOUND, "{person}");
    }
    let leader_api = app.api_as("hieutruong_b1").await;
    assert_eq!(leader_api.get(&format!("/api/v1/report-requests/{id}/figures")).await.status, StatusCode::NOT_FOUND);
    let values = leader_api.get(&format!("/api/v1/report-requests/{id}/values")).await.json();
    assert_eq!(values["total"], 1, "a school leader reads their own school's values only");
}

#[tokio::test]
async fn exports_parse_back_with_text_that_cannot_run() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::spawn().await;
    let (_, id) = setup(&app).await;
    let specialist = app.login("chuyenvien").await;

    let raw = specialist.get(&format!("/reports/{id}/figures.xlsx?kind=raw")).await;
    assert_eq!(raw.status, StatusCode::OK);
    assert!(raw.headers["content-type"].to_str().unwrap().contains("spreadsheetml"));
    // The harness reads bodies as text; fetch the bytes through the API instead.
    let api = app.api_as("chuyenvien").await;
    let (status, bytes) = get_bytes(&app, "chuyenvien", &format!("/api/v1/report-requests/{id}/export.xlsx?kind=raw")).await;
    assert_eq!(status, StatusCode::OK);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range(&book.sheet_names()[0]).unwrap();
    let header: Vec<String> = sheet.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header[0], "Trường");
    assert!(header.contains(&"Theo khối lớp › Lớp 6 › Nữ".to_owned()));
    let note = header.iter().position(|h| h == "Ghi chú").unwrap();
    assert!(sheet.rows().any(|row| row[note] == Data::String("=SUM(A1:A2)".into())), "kept as text");
    assert_eq!(book.worksheet_formula(&book.sheet_names()[0]).unwrap().used_cells().count(), 0);

    let (_, bytes) = get_bytes(&app, "chuyenvien", &format!("/reports/{id}/figures.xlsx?kind=aggregated")).await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 5);
    assert!(names.iter().all(|name| name.chars().count() <= 31 && !name.contains(['[', ']', ':', '*', '?', '/', '\\'])), "{names:?}");
    let province = book.worksheet_range(&names[0]).unwrap();
    let header: Vec<String> = province.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let row = province.rows().nth(1).unwrap();
    let students = header.iter().position(|h| h == "Số học sinh").unwrap();
    assert_eq!(row[students], Data::Float(6000.0));
    let rate = header.iter().position(|h| h == "Tỉ lệ lên lớp").unwrap();
    let Data::Float(rate) = row[rate] else { panic!("{:?}", row[rate]) };
    assert!((rate - 400_000.0 / 6000.0).abs() < 1e-9);
    assert_eq!(api.get(&format!("/api/v1/report-requests/{id}/export.xlsx?kind=csv")).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn api_serves_figures_values_and_series() {
    let app = TestApp::spawn().await;
    let (template, id) = setup(&app).await;
    let w = &app.world;
    let api = app.api_as("chuyenvien").await;

    let figures = api.get(&format!("/api/v1/report-requests/{id}/figures?group=cluster&item=pass_rate")).await;
    assert_eq!(figures.status, StatusCode::OK, "{}", figures.body);
    let json = figures.json();
    assert_eq!(json["total"]["recipients"], 3);
    assert_eq!(json["total"]["counted"], 3);
    let figure = json["total"]["items"][0]["figure"].as_f64().unwrap();
    assert!((figure - 400_000.0 / 6000.0).abs() < 1e-9, "{figure}");
    assert_eq!(json["total"]["items"][0]["kind"], "percent");
    let cluster_a = json["groups"].as_array().unwrap().iter().find(|g| g["key"] == w.cluster_a.to_string()).unwrap();
    assert_eq!(cluster_a["recipients"], 2);

    let table = api.get(&format!("/api/v1/report-requests/{id}/figures?group=province&item=grades")).await.json();
    let girls = table["total"]["items"].as_array().unwrap().iter().find(|i| i["item"] == "grades/g6/girls").unwrap().clone();
    assert_eq!(girls["total"], 500.0);
    assert_eq!(girls["label"], "Theo khối lớp › Lớp 6 › Nữ");

    let bad = api.get(&format!("/api/v1/report-requests/{id}/figures?group=huyen")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("huyen"));
    assert_eq!(api.get(&format!("/api/v1/report-requests/{id}/figures?item=khong_co")).await.status, StatusCode::BAD_REQUEST);

    let page = api.get(&format!("/api/v1/report-requests/{id}/values?per_page=2&page=2")).await.json();
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert!(page["items"][0]["values"]["students"].is_object());

    let series = api.get(&format!("/api/v1/report-templates/{template}/series?item=students")).await;
    assert_eq!(series.status, StatusCode::OK, "{}", series.body);
    let series = series.json();
    assert_eq!(series.as_array().unwrap().len(), 1);
    assert_eq!(series[0]["figures"]["items"][0]["total"], 6000.0);

    let board = app.api_as("dieuphoi_a").await.get(&format!("/api/v1/report-requests/{id}/figures?group=province&item=students")).await.json();
    assert_eq!(board["total"]["items"][0]["total"], 4000.0, "the cluster's schools only");
}
