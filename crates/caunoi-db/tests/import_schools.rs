//! School import against a real database, seeded with the Ho Chi Minh City rows of
//! the official conversion table (new ↔ old communes): a SQLite file in a temporary
//! directory, or PostgreSQL when `TEST_DATABASE_URL` is set.

use std::sync::atomic::{AtomicUsize, Ordering};

use caunoi_core::text::fold;
use caunoi_db::import::{
    self, ApplyOptions, BatchSummary, Decision, ImportError, ImportRow, RowFilter, RowStatus,
    Severity, ids,
};
use caunoi_db::{Db, Page};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use tempfile::TempDir;

const HCMC_CONVERSIONS: &str =
    include_str!("fixtures/hcmc_BangChuyendoiDVHCmoi_cu_khong_merge.csv");
const HCMC_SCHOOLS: &[u8] = include_bytes!("fixtures/schools_hcmc_2025_area.csv");

const HCMC: &str = "79";
/// Đặc khu Côn Đảo, the only unit formed from the old Huyện Côn Đảo.
const CON_DAO: &str = "26732";
/// Phường Sài Gòn, one of the four units formed from the old Quận 1.
const SAI_GON: &str = "26740";

static DATABASE_COUNTER: AtomicUsize = AtomicUsize::new(0);

struct TestDb {
    // Keeps the SQLite directory alive for the test.
    _dir: TempDir,
    db: Db,
}

/// Opens a fresh migrated database seeded with Ho Chi Minh City: a SQLite file in a
/// temporary directory, or a new PostgreSQL database when `TEST_DATABASE_URL` names a
/// server, as the CI script does.
async fn hcmc_db() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) => postgres_database(&admin_url).await,
        Err(_) => format!("sqlite://{}/t.db", dir.path().display()),
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    seed_hcmc(&db).await;
    TestDb { _dir: dir, db }
}

async fn postgres_database(admin_url: &str) -> String {
    let name = format!(
        "caunoi_import_{}_{}",
        std::process::id(),
        DATABASE_COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let admin = Db::connect(admin_url).await.unwrap();
    let create = format!("CREATE DATABASE {name}");
    sqlx::query(sqlx::AssertSqlSafe(create))
        .execute(&admin.pool)
        .await
        .unwrap();
    admin.pool.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map(|(base, _)| base)
        .expect("URL with a database name");
    format!("{base}/{name}")
}

/// Splits "Quận 1 (760)" into its name and code.
fn name_and_code(text: &str) -> (String, String) {
    let text = text.trim();
    match text.rsplit_once(" (") {
        Some((name, code)) => (
            name.trim().to_owned(),
            code.trim_end_matches(')').to_owned(),
        ),
        None => (text.to_owned(), String::new()),
    }
}

fn commune_kind(name: &str) -> &'static str {
    if name.starts_with("Phường") {
        "ward"
    } else if name.starts_with("Đặc khu") {
        "special_zone"
    } else {
        "commune"
    }
}

/// Inserts Ho Chi Minh City, its 168 units and the conversion rows from the fixture.
/// Coordinates are not needed by the import, so they are zero.
async fn seed_hcmc(db: &Db) {
    sqlx::query(
        "INSERT INTO provinces (code, name, short_name, name_folded) VALUES ($1, $2, $3, $4)",
    )
    .bind(HCMC)
    .bind("Thành phố Hồ Chí Minh")
    .bind("Hồ Chí Minh")
    .bind("ho chi minh")
    .execute(&db.pool)
    .await
    .unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(HCMC_CONVERSIONS.as_bytes());
    for record in reader.records() {
        let record = record.unwrap();
        let field = |i: usize| record.get(i).unwrap_or_default().trim().to_owned();
        let new_code = field(2);
        if new_code.len() != 5 || !new_code.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let new_name = field(1);
        sqlx::query(
            "INSERT INTO communes (code, province_code, name, short_name, name_folded, kind, lat, lon) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, 0) ON CONFLICT (code) DO NOTHING",
        )
        .bind(&new_code)
        .bind(HCMC)
        .bind(&new_name)
        .bind(&new_name)
        .bind(fold(&new_name))
        .bind(commune_kind(&new_name))
        .execute(&db.pool)
        .await
        .unwrap();
        let (district, district_code) = name_and_code(&field(6));
        let (province, province_code) = name_and_code(&field(7));
        sqlx::query(
            "INSERT INTO commune_conversions (new_commune_code, old_commune_code, old_commune_name, note, \
             old_district_code, old_district_name, old_district_folded, old_province_code, old_province_name) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
        )
        .bind(&new_code)
        .bind(field(4))
        .bind(field(3))
        .bind(field(5))
        .bind(district_code)
        .bind(&district)
        .bind(fold(&district))
        .bind(province_code)
        .bind(province)
        .execute(&db.pool)
        .await
        .unwrap();
    }
}

async fn stage(db: &Db, file_name: &str, bytes: &[u8]) -> BatchSummary {
    import::stage_schools(db, HCMC, file_name, bytes, None)
        .await
        .unwrap()
}

async fn stage_rejected(db: &Db, file_name: &str, bytes: &[u8]) -> String {
    match import::stage_schools(db, HCMC, file_name, bytes, None).await {
        Err(ImportError::Rejected(problem)) => problem.message_id,
        other => panic!("expected a rejected file, got {other:?}"),
    }
}

async fn rows(db: &Db, batch_id: i64) -> Vec<ImportRow> {
    let page = Page::new(Some(1), Some(Page::MAX_SIZE));
    import::batch(db, batch_id, &RowFilter::default(), page)
        .await
        .unwrap()
        .rows
}

async fn batch_count(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM import_batches")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn school_count(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM schools")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

fn rejection_id(error: ImportError) -> String {
    match error {
        ImportError::Rejected(problem) => problem.message_id,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

fn has_problem(row: &ImportRow, message_id: &str) -> bool {
    row.problems.iter().any(|p| p.message_id == message_id)
}

/// Joins CSV lines with `line_end`, which the tests vary.
fn csv_text(lines: &[&str], line_end: &str) -> String {
    let mut text = lines.join(line_end);
    text.push_str(line_end);
    text
}

/// Encodes text whose characters are all below U+0100 as one byte each, as TCVN3 and
/// other 8-bit files store the Windows-1252 reading seen on screen.
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 character"))
        .collect()
}

fn xlsx(build: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    build(workbook.add_worksheet());
    workbook.save_to_buffer().unwrap()
}

const SIMPLE_LINES: [&str; 4] = [
    "Tỉnh,Mã trường,Tên trường,Quận/Huyện",
    "Tp. Hồ Chí Minh,001,THPT Trưng Vương,Quận 1",
    "Bà Rịa-Vũng Tàu,002,THPT Võ Thị Sáu,Huyện Côn Đảo",
    "Bình Dương,003,THPT Dĩ An,Thị xã Dĩ An",
];

#[tokio::test]
async fn csv_with_bom_and_crlf() {
    let test = hcmc_db().await;
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(csv_text(&SIMPLE_LINES, "\r\n").as_bytes());
    let summary = stage(&test.db, "truong.csv", &bytes).await;
    assert_eq!(summary.counts.total, 3);
    assert_eq!(summary.header_row, 1);

    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows[0].data.name, "THPT Trưng Vương");
    assert_eq!(rows[0].row_number, 2);
    assert_eq!(rows[0].status, RowStatus::Review);
    assert_eq!(rows[0].data.candidates.len(), 4);
    assert_eq!(rows[1].status, RowStatus::Ready);
    assert_eq!(rows[1].data.commune_code.as_deref(), Some(CON_DAO));
    assert_eq!(rows[2].data.old_district.as_deref(), Some("Thị xã Dĩ An"));
    assert!(!rows[2].data.candidates.is_empty() || rows[2].data.commune_code.is_some());
}

#[tokio::test]
async fn csv_utf16_with_bom() {
    let test = hcmc_db().await;
    let text = csv_text(&SIMPLE_LINES, "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let summary = stage(&test.db, "truong.csv", &bytes).await;
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1].data.name, "THPT Võ Thị Sáu");
    assert_eq!(rows[1].data.commune_code.as_deref(), Some(CON_DAO));
}

#[tokio::test]
async fn csv_nfd_text_matches_nfc() {
    let test = hcmc_db().await;
    // "Trường THPT Võ Thị Sáu" and "Huyện Côn Đảo" decomposed into base letters and
    // combining marks, as macOS file names and some exports write them.
    let lines = [
        "Te\u{302}n tru\u{31b}o\u{31b}\u{300}ng,Qua\u{302}\u{323}n/Huye\u{302}\u{323}n",
        "Tru\u{31b}o\u{31b}\u{300}ng THPT Vo\u{303} Thi\u{323} Sa\u{301}u,Huye\u{302}\u{323}n Co\u{302}n \u{110}a\u{309}o",
    ];
    let summary = stage(&test.db, "nfd.csv", csv_text(&lines, "\n").as_bytes()).await;
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows[0].data.name, "Trường THPT Võ Thị Sáu");
    assert_eq!(rows[0].data.old_district.as_deref(), Some("Huyện Côn Đảo"));
    assert_eq!(rows[0].status, RowStatus::Ready);
}

#[tokio::test]
async fn csv_tcvn3_bytes_are_repaired() {
    let test = hcmc_db().await;
    // TCVN3 bytes of "Tên trường,Quận/Huyện" and "Trường THPT Lê Quý Đôn,Quận 3".
    let lines = [
        "T\u{aa}n tr\u{ad}\u{ea}ng,Qu\u{cb}n/Huy\u{d6}n",
        "Tr\u{ad}\u{ea}ng THPT L\u{aa} Qu\u{fd} \u{a7}\u{ab}n,Qu\u{cb}n 3",
    ];
    let bytes = latin1(&csv_text(&lines, "\r\n"));
    let summary = stage(&test.db, "tcvn3.csv", &bytes).await;
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].data.name, "Trường THPT Lê Quý Đôn");
    assert_eq!(rows[0].data.old_district.as_deref(), Some("Quận 3"));
    assert_eq!(rows[0].status, RowStatus::Review);
}

#[tokio::test]
async fn xlsx_tcvn3_strings_are_repaired() {
    let test = hcmc_db().await;
    let bytes = xlsx(|sheet| {
        sheet
            .write_string(0, 0, "T\u{aa}n tr\u{ad}\u{ea}ng")
            .unwrap();
        sheet.write_string(0, 1, "Qu\u{cb}n/Huy\u{d6}n").unwrap();
        sheet
            .write_string(1, 0, "Tr\u{ad}\u{ea}ng THPT L\u{aa} Qu\u{fd} \u{a7}\u{ab}n")
            .unwrap();
        sheet.write_string(1, 1, "Qu\u{cb}n 3").unwrap();
        sheet
            .write_string(2, 0, "Tr\u{ad}\u{ea}ng THPT V\u{a8}n Ph\u{f3}c")
            .unwrap();
        sheet.write_string(2, 1, "Qu\u{cb}n 3").unwrap();
    });

    let summary = stage(&test.db, "tcvn3.xlsx", &bytes).await;
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows[0].data.name, "Trường THPT Lê Quý Đôn");
    assert_eq!(rows[0].data.old_district.as_deref(), Some("Quận 3"));
    assert_eq!(rows[1].data.name, "Trường THPT Văn Phúc");
}

#[tokio::test]
async fn csv_vni_text_is_repaired() {
    let test = hcmc_db().await;
    // VNI Windows text read as Latin-1: "Tên trường,Quận/Huyện" and
    // "Trường THPT Lê Quý Đôn,Quận 3".
    let lines = [
        "Teân tröôøng,Quaän/Huyeän",
        "Tröôøng THPT Leâ Quyù Ñoân,Quaän 3",
    ];
    let summary = stage(&test.db, "vni.csv", csv_text(&lines, "\n").as_bytes()).await;
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].data.name, "Trường THPT Lê Quý Đôn");
    assert_eq!(rows[0].data.old_district.as_deref(), Some("Quận 3"));
}

#[tokio::test]
async fn csv_semicolon_and_tab_delimiters() {
    let test = hcmc_db().await;
    for (file_name, delimiter) in [("semicolon.csv", ";"), ("tab.txt", "\t")] {
        let lines: Vec<String> = [
            "DANH SÁCH TRƯỜNG",
            "Tên trường{d}Quận/Huyện{d}Ghi chú",
            "\"THPT Võ Thị Sáu, Côn Đảo\"{d}Huyện Côn Đảo{d}\"có 2,5 lớp\"",
            "THPT Trưng Vương{d}Quận 1{d}",
        ]
        .iter()
        .map(|line| line.replace("{d}", delimiter))
        .collect();
        let text = lines.join("\n");
        let summary = stage(&test.db, file_name, text.as_bytes()).await;
        let rows = rows(&test.db, summary.batch_id).await;
        assert_eq!(rows.len(), 2, "{file_name}");
        assert_eq!(rows[0].data.name, "THPT Võ Thị Sáu, Côn Đảo", "{file_name}");
        assert_eq!(
            rows[0].data.commune_code.as_deref(),
            Some(CON_DAO),
            "{file_name}"
        );
        assert_eq!(rows[1].status, RowStatus::Review, "{file_name}");
    }
}

#[tokio::test]
async fn xlsx_numeric_codes_regain_zeros() {
    let test = hcmc_db().await;
    let bytes = xlsx(|sheet| {
        sheet
            .write_row(
                0,
                0,
                ["Mã tỉnh", "Mã trường", "Tên trường", "Quận/Huyện", "Mã xã"],
            )
            .unwrap();
        // Codes typed as numbers lose their zeros in Excel.
        sheet.write_number(1, 0, 2).unwrap();
        sheet.write_number(1, 1, 1).unwrap();
        sheet.write_string(1, 2, "THPT Trưng Vương").unwrap();
        sheet.write_string(1, 3, "Quận 1").unwrap();
        sheet.write_number(1, 4, 26740).unwrap();
        // Numbers stored as text, as some exports write them.
        sheet.write_string(2, 0, "2").unwrap();
        sheet.write_string(2, 1, "2.0").unwrap();
        sheet.write_string(2, 2, "THPT Bùi Thị Xuân").unwrap();
        sheet.write_string(2, 3, "Quận 1").unwrap();
        sheet.write_string(2, 4, "26740").unwrap();
        // Codes kept as text with their zeros.
        sheet.write_string(3, 0, "52").unwrap();
        sheet.write_string(3, 1, "045").unwrap();
        sheet.write_string(3, 2, "THPT Võ Thị Sáu").unwrap();
        sheet.write_string(3, 3, "Huyện Côn Đảo").unwrap();
    });

    let summary = stage(&test.db, "codes.xlsx", &bytes).await;
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows[0].data.moet_code().as_deref(), Some("02-001"));
    assert_eq!(rows[0].data.import_key.as_deref(), Some("moet:02-001"));
    assert_eq!(rows[0].data.commune_code.as_deref(), Some(SAI_GON));
    assert_eq!(rows[0].status, RowStatus::Ready);
    assert_eq!(rows[1].data.moet_code().as_deref(), Some("02-002"));
    assert_eq!(rows[1].data.commune_code.as_deref(), Some(SAI_GON));
    assert_eq!(rows[2].data.moet_code().as_deref(), Some("52-045"));
}

#[tokio::test]
async fn xlsx_blank_formatted_rows_are_skipped() {
    let test = hcmc_db().await;
    let bytes = xlsx(|sheet| {
        let bordered = Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
        sheet
            .write_row(0, 0, ["STT", "Tên trường", "Quận/Huyện"])
            .unwrap();
        sheet.write_number(1, 0, 1).unwrap();
        sheet.write_string(1, 1, "THPT Trưng Vương").unwrap();
        sheet.write_string(1, 2, "Quận 1").unwrap();
        // A template's formatted rows: borders but no values, or only a row number.
        for row in 2..40 {
            for column in 0..3 {
                sheet.write_blank(row, column, &bordered).unwrap();
            }
        }
        sheet.write_number(5, 0, 5).unwrap();
        sheet.write_string(40, 1, "   ").unwrap();
        sheet.write_number(41, 0, 2).unwrap();
        sheet.write_string(41, 1, "THPT Võ Thị Sáu").unwrap();
        sheet.write_string(41, 2, "Huyện Côn Đảo").unwrap();
    });

    let summary = stage(&test.db, "blank.xlsx", &bytes).await;
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].row_number, 42);
    assert_eq!(rows[1].data.name, "THPT Võ Thị Sáu");
}

#[tokio::test]
async fn xlsx_merged_headers_under_a_title() {
    let test = hcmc_db().await;
    let bytes = xlsx(|sheet| {
        let plain = Format::new();
        sheet
            .merge_range(
                0,
                0,
                0,
                4,
                "DANH SÁCH TRƯỜNG TRUNG HỌC PHỔ THÔNG NĂM HỌC 2025-2026",
                &plain,
            )
            .unwrap();
        sheet.merge_range(2, 0, 3, 0, "STT", &plain).unwrap();
        sheet
            .merge_range(2, 1, 2, 2, "Thông tin trường", &plain)
            .unwrap();
        sheet.merge_range(2, 3, 2, 4, "Địa bàn", &plain).unwrap();
        sheet
            .write_row(3, 1, ["Mã trường", "Tên trường", "Quận/Huyện", "Xã/Phường"])
            .unwrap();
        // Official forms number their columns under the header.
        sheet
            .write_row(4, 0, ["(1)", "(2)", "(3)", "(4)", "(5)"])
            .unwrap();
        sheet
            .write_row(5, 0, ["1", "001", "THPT Trưng Vương", "Quận 1", ""])
            .unwrap();
        sheet
            .write_row(
                6,
                0,
                ["2", "002", "THPT Bùi Thị Xuân", "", "Phường Bến Thành"],
            )
            .unwrap();
        sheet
            .write_row(7, 0, ["3", "003", "THPT Lương Thế Vinh", "", ""])
            .unwrap();
        // A district merged down over the rows of its schools.
        sheet.merge_range(6, 3, 7, 3, "Quận 1", &plain).unwrap();
    });

    let summary = stage(&test.db, "merged.xlsx", &bytes).await;
    assert_eq!(summary.header_row, 4);
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].row_number, 6);
    assert_eq!(rows[0].data.school_code.as_deref(), Some("001"));
    assert_eq!(rows[0].status, RowStatus::Review);
    assert_eq!(rows[1].data.old_district.as_deref(), Some("Quận 1"));
    assert_eq!(
        rows[1].data.commune_name.as_deref(),
        Some("Phường Bến Thành")
    );
    assert_eq!(rows[1].status, RowStatus::Ready);
    assert_eq!(rows[2].data.old_district.as_deref(), Some("Quận 1"));
}

#[tokio::test]
async fn named_sheet_is_read() {
    let test = hcmc_db().await;
    let mut workbook = Workbook::new();
    workbook
        .add_worksheet()
        .set_name("Ghi chú")
        .unwrap()
        .write_string(0, 0, "Không dùng")
        .unwrap();
    let sheet = workbook.add_worksheet().set_name("Trường").unwrap();
    sheet.write_row(0, 0, ["Tên trường", "Quận/Huyện"]).unwrap();
    sheet
        .write_row(1, 0, ["THPT Võ Thị Sáu", "Huyện Côn Đảo"])
        .unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let index = import::ConversionIndex::load(&test.db, HCMC).await.unwrap();

    let parsed = import::parse_school_sheet(&bytes, "hai.xlsx", Some("Trường"), &index).unwrap();
    assert_eq!(parsed.sheet.as_deref(), Some("Trường"));
    assert_eq!(parsed.rows.len(), 1);
    let missing =
        import::parse_school_sheet(&bytes, "hai.xlsx", Some("Không có"), &index).unwrap_err();
    assert_eq!(rejection_id(missing), ids::FILE_SHEET_NOT_FOUND);
    // Without a name, the first sheet has text but no header.
    let first = import::parse_school_file(&bytes, "hai.xlsx", &index).unwrap_err();
    assert_eq!(rejection_id(first), ids::FILE_NO_HEADER);
}

#[tokio::test]
async fn repeated_import_creates_no_duplicates() {
    let test = hcmc_db().await;
    let bytes = csv_text(&SIMPLE_LINES, "\n");
    let first = stage(&test.db, "truong.csv", bytes.as_bytes()).await;
    for row in rows(&test.db, first.batch_id)
        .await
        .into_iter()
        .filter(|row| row.status == RowStatus::Review)
    {
        let choice = Decision::Commune(row.data.candidates[0].code.clone());
        import::decide(&test.db, first.batch_id, row.row_number, choice)
            .await
            .unwrap();
    }
    let applied = import::apply(&test.db, first.batch_id, Some(1), ApplyOptions::default())
        .await
        .unwrap();
    assert_eq!(applied.created, 3);
    assert_eq!(school_count(&test.db).await, 3);

    let second = stage(&test.db, "truong.csv", bytes.as_bytes()).await;
    assert_eq!(second.counts.ready, 3);
    assert_eq!(second.counts.unchanged, 3);
    assert_eq!(second.counts.new, 0);
    let rows = rows(&test.db, second.batch_id).await;
    let stored: String =
        sqlx::query_scalar("SELECT commune_code FROM schools WHERE name = 'THPT Trưng Vương'")
            .fetch_one(&test.db.pool)
            .await
            .unwrap();
    assert_eq!(
        rows[0].data.commune_code.as_deref(),
        Some(stored.as_str()),
        "the stored commune is kept"
    );
    let reapplied = import::apply(&test.db, second.batch_id, Some(1), ApplyOptions::default())
        .await
        .unwrap();
    assert_eq!(reapplied.created, 0);
    assert_eq!(reapplied.updated, 0);
    assert_eq!(reapplied.unchanged, 3);
    assert_eq!(school_count(&test.db).await, 3);
}

#[tokio::test]
async fn changed_row_counts_as_updated() {
    let test = hcmc_db().await;
    let lines = [
        "Mã tỉnh,Mã trường,Tên trường,Quận/Huyện",
        "52,045,THPT Võ Thị Sáu,Huyện Côn Đảo",
    ];
    let first = stage(&test.db, "a.csv", csv_text(&lines, "\n").as_bytes()).await;
    import::apply(&test.db, first.batch_id, None, ApplyOptions::default())
        .await
        .unwrap();

    let renamed = [
        "Mã tỉnh,Mã trường,Tên trường,Quận/Huyện",
        "52,45,Trường THPT Võ Thị Sáu,Huyện Côn Đảo",
    ];
    let second = stage(&test.db, "b.csv", csv_text(&renamed, "\n").as_bytes()).await;
    assert_eq!(second.counts.updated, 1);
    let applied = import::apply(&test.db, second.batch_id, None, ApplyOptions::default())
        .await
        .unwrap();
    assert_eq!(applied.updated, 1);
    let name: String = sqlx::query_scalar("SELECT name FROM schools")
        .fetch_one(&test.db.pool)
        .await
        .unwrap();
    assert_eq!(name, "Trường THPT Võ Thị Sáu");
    assert_eq!(school_count(&test.db).await, 1);
}

#[tokio::test]
async fn duplicate_rows_keep_the_first() {
    let test = hcmc_db().await;
    let lines = [
        "Mã tỉnh,Mã trường,Tên trường,Quận/Huyện",
        "52,045,THPT Võ Thị Sáu,Huyện Côn Đảo",
        "52,045,THPT Võ Thị Sáu (bản sao),Huyện Côn Đảo",
        "52,046,THPT Côn Đảo,Huyện Côn Đảo",
    ];
    let summary = stage(&test.db, "dup.csv", csv_text(&lines, "\n").as_bytes()).await;
    assert_eq!(summary.counts.duplicate, 1);
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows[0].status, RowStatus::Ready);
    assert_eq!(rows[1].status, RowStatus::Duplicate);
    assert_eq!(rows[1].data.duplicate_of, Some(2));
    assert_eq!(rows[2].status, RowStatus::Ready);
}

#[tokio::test]
async fn non_school_rows_are_excluded() {
    let test = hcmc_db().await;
    let lines = [
        "Tên trường,Quận/Huyện",
        "ĐH Sân Khấu Điện ảnh,Quận 1",
        "CĐ nghề Du lịch Vũng Tàu,Huyện Côn Đảo",
        "THPT Võ Thị Sáu,Huyện Côn Đảo",
    ];
    let summary = stage(&test.db, "mixed.csv", csv_text(&lines, "\n").as_bytes()).await;
    assert_eq!(summary.counts.excluded, 2);
    let rows = rows(&test.db, summary.batch_id).await;
    for row in &rows[..2] {
        assert_eq!(row.status, RowStatus::Excluded, "{}", row.data.name);
        let reason = row
            .problems
            .iter()
            .find(|p| p.message_id == ids::NOT_A_SCHOOL)
            .expect("exclusion reason");
        assert_eq!(reason.severity, Severity::Info);
        assert!(reason.args.contains_key("kind"));
    }

    // A person may still include an excluded row, at a level they choose.
    let included = import::decide(
        &test.db,
        summary.batch_id,
        3,
        Decision::Include(caunoi_core::org::SchoolLevel::UpperSecondary),
    )
    .await
    .unwrap();
    assert_eq!(included.status, RowStatus::Ready);
    assert_eq!(included.decision.as_deref(), Some("include"));
    let applied = import::apply(&test.db, summary.batch_id, None, ApplyOptions::default()).await;
    // Row 2 (Quận 1) is excluded, so nothing is unresolved.
    let applied = applied.unwrap();
    assert_eq!(applied.created, 2);
    assert_eq!(applied.skipped, 1);
}

#[tokio::test]
async fn ambiguous_commune_goes_to_review() {
    let test = hcmc_db().await;
    let lines = [
        "Tên trường,Quận/Huyện",
        "THPT Trưng Vương,Q.1",
        "THPT Thủ Thiêm,Quận 2",
    ];
    let summary = stage(&test.db, "review.csv", csv_text(&lines, "\n").as_bytes()).await;
    assert_eq!(summary.counts.review, 2);
    let rows = rows(&test.db, summary.batch_id).await;
    let codes: Vec<&str> = rows[0]
        .data
        .candidates
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    assert_eq!(codes.len(), 4);
    assert!(codes.contains(&SAI_GON));
    assert!(has_problem(&rows[0], ids::SEVERAL_COMMUNES));
    // Quận 2 became part of Thành phố Thủ Đức in 2021.
    assert!(has_problem(&rows[1], ids::FORMER_DISTRICT));
    assert!(rows[1].data.candidates.len() > 4);

    let rejected = import::apply(&test.db, summary.batch_id, None, ApplyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(rejection_id(rejected), ids::UNRESOLVED_ROWS);

    let outside = import::decide(
        &test.db,
        summary.batch_id,
        2,
        Decision::Commune(CON_DAO.to_owned()),
    )
    .await
    .unwrap_err();
    assert_eq!(rejection_id(outside), ids::DECISION_NOT_CANDIDATE);
    let decided = import::decide(
        &test.db,
        summary.batch_id,
        2,
        Decision::Commune(SAI_GON.to_owned()),
    )
    .await
    .unwrap();
    assert_eq!(decided.status, RowStatus::Ready);
    assert_eq!(decided.decision.as_deref(), Some(SAI_GON));
    let excluded = import::decide(&test.db, summary.batch_id, 3, Decision::Exclude)
        .await
        .unwrap();
    assert_eq!(excluded.status, RowStatus::Excluded);

    let batch = import::batch(
        &test.db,
        summary.batch_id,
        &RowFilter::default(),
        Page::new(None, None),
    )
    .await
    .unwrap();
    assert_eq!(batch.info.counts.ready, 1);
    assert_eq!(batch.info.counts.review, 0);
    assert_eq!(batch.info.counts.excluded, 1);

    let applied = import::apply(&test.db, summary.batch_id, Some(7), ApplyOptions::default())
        .await
        .unwrap();
    assert_eq!(applied.created, 1);
    let commune: String = sqlx::query_scalar("SELECT commune_code FROM schools")
        .fetch_one(&test.db.pool)
        .await
        .unwrap();
    assert_eq!(commune, SAI_GON);
    let audit: (String, String, Option<i64>) =
        sqlx::query_as("SELECT action, entity_id, user_id FROM audit_log")
            .fetch_one(&test.db.pool)
            .await
            .unwrap();
    assert_eq!(
        audit,
        (
            "import.apply".to_owned(),
            summary.batch_id.to_string(),
            Some(7)
        )
    );
}

#[tokio::test]
async fn unknown_district_blocks_until_skipped() {
    let test = hcmc_db().await;
    let lines = [
        "Tỉnh,Tên trường,Quận/Huyện",
        "Tp. Hồ Chí Minh,THPT Không Tồn Tại,Quận 13",
        "Bà Rịa-Vũng Tàu,THPT Võ Thị Sáu,Huyện Côn Đảo",
        "Tp. Hồ Chí Minh,THPT Trưng Vương,Quận 1",
        "Hà Nội,THPT Chu Văn An,Quận Tây Hồ",
    ];
    let summary = stage(&test.db, "errors.csv", csv_text(&lines, "\n").as_bytes()).await;
    assert_eq!(summary.counts.error, 2);
    let rows = rows(&test.db, summary.batch_id).await;
    let unknown = rows[0]
        .problems
        .iter()
        .find(|p| p.message_id == ids::UNKNOWN_DISTRICT)
        .unwrap();
    assert_eq!(unknown.args["row"], 2);
    assert_eq!(unknown.args["value"], "Quận 13");
    assert_eq!(unknown.args["column"], "Quận/Huyện");
    let outside = rows[3]
        .problems
        .iter()
        .find(|p| p.message_id == ids::PROVINCE_OUTSIDE)
        .unwrap();
    assert_eq!(outside.args["value"], "Hà Nội");
    assert_eq!(outside.args["province"], "Thành phố Hồ Chí Minh");

    let rejected = import::apply(&test.db, summary.batch_id, None, ApplyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(rejection_id(rejected), ids::UNRESOLVED_ROWS);
    assert_eq!(school_count(&test.db).await, 0);

    let options = ApplyOptions {
        skip_unresolved: true,
    };
    let applied = import::apply(&test.db, summary.batch_id, None, options)
        .await
        .unwrap();
    assert_eq!(applied.created, 1);
    assert_eq!(applied.skipped, 3);
    assert_eq!(school_count(&test.db).await, 1);

    let twice = import::apply(&test.db, summary.batch_id, None, options)
        .await
        .unwrap_err();
    assert_eq!(rejection_id(twice), ids::BATCH_NOT_PENDING);
    let late = import::decide(&test.db, summary.batch_id, 2, Decision::Exclude)
        .await
        .unwrap_err();
    assert_eq!(rejection_id(late), ids::BATCH_NOT_PENDING);
}

#[tokio::test]
async fn commune_column_wins_over_district() {
    let test = hcmc_db().await;
    let lines = [
        "Tên trường,Quận/Huyện,Xã/Phường,Mã xã",
        "THPT Trưng Vương,Quận 1,Phường Sài Gòn,",
        "THPT Bùi Thị Xuân,Quận 13,,26743",
        "THPT Lê Quý Đôn,Quận 3,Không Có,",
        "THPT Nguyễn Du,Quận 1,Phường Bến Nghé,",
    ];
    let summary = stage(&test.db, "communes.csv", csv_text(&lines, "\n").as_bytes()).await;
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows[0].data.commune_code.as_deref(), Some(SAI_GON));
    assert_eq!(rows[0].status, RowStatus::Ready);
    // An unknown district only warns when the commune code places the school.
    assert_eq!(rows[1].data.commune_code.as_deref(), Some("26743"));
    assert_eq!(rows[1].status, RowStatus::Ready);
    assert!(
        rows[1]
            .problems
            .iter()
            .any(|p| p.message_id == ids::UNKNOWN_DISTRICT && p.severity == Severity::Warning)
    );
    assert_eq!(rows[2].status, RowStatus::Error);
    assert!(has_problem(&rows[2], ids::UNKNOWN_COMMUNE));
    // Bến Nghé is an old ward of Quận 1, now inside Phường Sài Gòn.
    assert!(has_problem(&rows[3], ids::COMMUNE_IS_OLD));
    assert_eq!(rows[3].data.commune_code.as_deref(), Some(SAI_GON));
}

#[tokio::test]
async fn moet_province_codes_resolve_through_moet_list() {
    let test = hcmc_db().await;
    for (code, name) in [("44", "Bình Dương"), ("01", "Hà Nội")] {
        sqlx::query(
            "INSERT INTO moet_school_codes (moet_province_code, moet_province_name, district_code, district_name, \
             district_type, school_code, school_name) VALUES ($1, $2, '01', 'Huyện X', 'Huyện', '001', 'THPT X')",
        )
        .bind(code)
        .bind(name)
        .execute(&test.db.pool)
        .await
        .unwrap();
    }
    let lines = [
        "Mã tỉnh,Tỉnh,Mã trường,Tên trường,Quận/Huyện",
        "44,,5,THPT Dĩ An,Thị xã Dĩ An",
        "01,,6,THPT Chu Văn An,Quận Tây Hồ",
        ",Bình Dương,7,THPT Nguyễn An Ninh,TX Dĩ An",
    ];
    let summary = stage(&test.db, "moet.csv", csv_text(&lines, "\n").as_bytes()).await;
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(rows[0].data.old_province.as_deref(), Some("Bình Dương"));
    assert_eq!(rows[0].data.import_key.as_deref(), Some("moet:44-005"));
    assert_eq!(rows[0].status, RowStatus::Review);
    assert!(has_problem(&rows[1], ids::PROVINCE_OUTSIDE));
    // MOET's code is found from the province name when the file has no code column value.
    assert_eq!(rows[2].data.import_key.as_deref(), Some("moet:44-007"));
}

#[tokio::test]
async fn discarded_batch_is_closed() {
    let test = hcmc_db().await;
    let summary = stage(&test.db, "a.csv", csv_text(&SIMPLE_LINES, "\n").as_bytes()).await;
    import::discard(&test.db, summary.batch_id).await.unwrap();
    let again = import::discard(&test.db, summary.batch_id)
        .await
        .unwrap_err();
    assert_eq!(rejection_id(again), ids::BATCH_NOT_PENDING);
    let options = ApplyOptions {
        skip_unresolved: true,
    };
    let apply = import::apply(&test.db, summary.batch_id, None, options)
        .await
        .unwrap_err();
    assert_eq!(rejection_id(apply), ids::BATCH_NOT_PENDING);
    assert_eq!(school_count(&test.db).await, 0);
    let missing = import::apply(&test.db, 999, None, options)
        .await
        .unwrap_err();
    assert!(matches!(
        missing,
        ImportError::Db(caunoi_db::DbError::NotFound)
    ));
    let listed = import::batches(&test.db, HCMC, Page::new(None, None))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, "discarded");
}

#[tokio::test]
async fn unusable_files_are_rejected() {
    let test = hcmc_db().await;
    let no_header = csv_text(&["Cột A,Cột B", "1,2", "3,4"], "\n");
    let no_place = csv_text(&["Tên trường,Mã trường", "THPT Trưng Vương,001"], "\n");
    let header_only = csv_text(&["Tên trường,Quận/Huyện"], "\n");
    let ole2 = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("khong.csv", no_header.into_bytes(), ids::FILE_NO_HEADER),
        (
            "thieu.csv",
            no_place.into_bytes(),
            ids::FILE_MISSING_PLACE_COLUMN,
        ),
        ("rong.csv", b"\r\n\r\n".to_vec(), ids::FILE_EMPTY),
        ("dau.csv", header_only.into_bytes(), ids::FILE_NO_DATA_ROWS),
        ("cu.xls", ole2, ids::FILE_UNSUPPORTED_TYPE),
        (
            "hong.xlsx",
            b"PK\x03\x04 not a zip".to_vec(),
            ids::FILE_UNREADABLE,
        ),
    ];

    for (file_name, bytes, expected) in cases {
        let message_id = stage_rejected(&test.db, file_name, &bytes).await;
        assert_eq!(message_id, expected, "{file_name}");
    }
    assert_eq!(batch_count(&test.db).await, 0);
}

#[tokio::test]
async fn oversized_files_are_rejected() {
    let test = hcmc_db().await;
    let mut text = String::from("Tên trường,Quận/Huyện\n");
    for i in 0..=import::MAX_ROWS {
        text.push_str(&format!("THPT Số {i},Quận 1\n"));
    }
    assert_eq!(
        stage_rejected(&test.db, "nhieu.csv", text.as_bytes()).await,
        ids::FILE_TOO_MANY_ROWS
    );

    let huge = vec![b'a'; import::MAX_FILE_BYTES + 1];
    assert_eq!(
        stage_rejected(&test.db, "lon.csv", &huge).await,
        ids::FILE_TOO_LARGE
    );
    assert_eq!(batch_count(&test.db).await, 0);
}

#[tokio::test]
async fn decisions_are_validated() {
    let test = hcmc_db().await;
    assert!(
        matches!(Decision::parse("26740").unwrap(), Decision::Commune(code) if code == SAI_GON)
    );
    assert_eq!(Decision::parse("exclude").unwrap(), Decision::Exclude);
    assert!(matches!(
        Decision::parse("include:primary").unwrap(),
        Decision::Include(_)
    ));
    assert_eq!(
        rejection_id(Decision::parse("include:khác").unwrap_err()),
        ids::DECISION_INVALID
    );

    let lines = [
        "Tên trường,Quận/Huyện",
        "THPT Võ Thị Sáu,Huyện Côn Đảo",
        "THPT Võ Thị Sáu,Huyện Côn Đảo",
    ];
    let summary = stage(&test.db, "d.csv", csv_text(&lines, "\n").as_bytes()).await;
    let not_excluded = import::decide(
        &test.db,
        summary.batch_id,
        2,
        Decision::Include(caunoi_core::org::SchoolLevel::Primary),
    )
    .await
    .unwrap_err();
    assert_eq!(rejection_id(not_excluded), ids::DECISION_NOT_ALLOWED);
    let duplicate = import::decide(&test.db, summary.batch_id, 3, Decision::Exclude)
        .await
        .unwrap_err();
    assert_eq!(rejection_id(duplicate), ids::DECISION_NOT_ALLOWED);
    let missing = import::decide(&test.db, summary.batch_id, 99, Decision::Exclude)
        .await
        .unwrap_err();
    assert!(matches!(
        missing,
        ImportError::Db(caunoi_db::DbError::NotFound)
    ));
}

#[tokio::test]
async fn real_hcmc_list_stages() {
    let test = hcmc_db().await;
    let summary = stage(&test.db, "schools_hcmc_2025_area.csv", HCMC_SCHOOLS).await;
    let counts = summary.counts;
    println!("real HCMC list: {counts:?}");
    let rows = rows(&test.db, summary.batch_id).await;
    assert_eq!(counts.total, 390);
    assert_eq!(rows.len(), 390);

    let unknown_districts: Vec<_> = rows
        .iter()
        .filter(|row| has_problem(row, ids::UNKNOWN_DISTRICT))
        .map(|row| row.data.old_district.clone())
        .collect();
    assert!(
        unknown_districts.is_empty(),
        "unknown districts: {unknown_districts:?}"
    );
    assert_eq!(counts.duplicate, 0);
    assert!(counts.ready + counts.review >= 300, "{counts:?}");
    assert!(counts.excluded >= 30, "{counts:?}");
    assert!(counts.error <= 20, "{counts:?}");
    for row in &rows {
        assert!(
            row.data.import_key.as_deref().unwrap().starts_with("moet:"),
            "{:?}",
            row.data.import_key
        );
        if row.status == RowStatus::Review {
            assert!(row.data.candidates.len() > 1 || has_problem(row, ids::DISTRICT_GUESSED));
        }
    }
    let excluded: Vec<&str> = rows
        .iter()
        .filter(|row| row.status == RowStatus::Excluded)
        .map(|row| row.data.name.as_str())
        .collect();
    println!("real HCMC list excluded: {excluded:?}");
    for name in [
        "ĐH Sân Khấu Điện ảnh",
        "CĐ Giao thông Vận tải",
        "ĐH Công nghiệp",
    ] {
        assert!(excluded.contains(&name), "{name} is not excluded");
    }
    let errors: Vec<(&str, Vec<&str>)> = rows
        .iter()
        .filter(|row| row.status == RowStatus::Error)
        .map(|row| {
            (
                row.data.name.as_str(),
                row.problems.iter().map(|p| p.message_id.as_str()).collect(),
            )
        })
        .collect();
    println!("real HCMC list errors: {errors:?}");
    let mut messages: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for problem in rows.iter().flat_map(|row| &row.problems) {
        *messages.entry(problem.message_id.as_str()).or_default() += 1;
    }
    println!("real HCMC list problems: {messages:?}");
    let guessed: Vec<_> = rows
        .iter()
        .filter(|row| has_problem(row, ids::DISTRICT_GUESSED))
        .map(|row| row.data.old_district.clone())
        .collect();
    println!("real HCMC list guessed districts: {guessed:?}");

    // Importing the valid rows leaves the rest for later.
    let options = ApplyOptions {
        skip_unresolved: true,
    };
    let applied = import::apply(&test.db, summary.batch_id, None, options)
        .await
        .unwrap();
    assert_eq!(applied.created, counts.ready);
    assert_eq!(school_count(&test.db).await, counts.ready as i64);
}
