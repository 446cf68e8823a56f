//! Staff-list import against a real database: a SQLite file in a temporary directory,
//! or PostgreSQL when `TEST_DATABASE_URL` is set.

mod common;

use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_db::import::ImportError;
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::staff::{self, ParsedStaff, SchoolDirectory, Target, records};
use caunoi_db::{Db, Page};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};

const HEADER: &str = "STT,Họ và tên,Ngày sinh,Giới tính,Mã cán bộ,Chức vụ,Trình độ,Chuyên ngành đào tạo,Môn giảng dạy,Số tiết/tuần,Kiêm nhiệm,Số CCCD,Điện thoại,Email";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
}

async fn world(tag: &str) -> (tempfile::TempDir, Db, i64) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::database(&dir, "staff_import", tag).await;
    let school = common::school(&db, 0).await.school;
    (dir, db, school)
}

async fn parse(db: &Db, school: i64, name: &str, bytes: &[u8]) -> ParsedStaff {
    let directory = SchoolDirectory::load(db, "79").await.unwrap();
    let target = Target { default_school: Some(school), directory: &directory, today: today(), max_rows: 1_000 };
    staff::parse_staff_file(bytes, name, &target).unwrap()
}

fn csv(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("DANH SÁCH CÁN BỘ, GIÁO VIÊN NĂM HỌC 2025-2026\n");
    text.push_str(HEADER);
    text.push('\n');
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text.into_bytes()
}

const THREE: [&str; 3] = [
    // "Trần Thị Bình" typed decomposed (NFD), a two-digit year, a CCCD and a phone that lost their zeros.
    "1,Tra\u{302}\u{300}n Thi\u{323} Bi\u{300}nh,04/03/85,Nữ,00123,Giáo viên,ĐHSP,Sư phạm Tiếng Anh,\"Tiếng Anh, Tin học\",17,\"GVCN 6A1, Tổ trưởng\",79185001234,903123456,Binh@Truong.edu.vn",
    // 31110 is 4 March 1985 as an Excel serial date.
    "2,Nguyễn Văn An,31110,Nam,00124,Phó Hiệu trưởng,ThS,Toán,Toán,4,,025123456,0912 345 678,",
    "3,Lê Thị Ánh,1990-07-15,Nữ,,Giáo viên,Cao đẳng,Âm nhạc,Âm nhạc,19,Cốt cán,,,",
];

#[tokio::test]
async fn csv_import_stores_records() {
    let (_dir, db, school) = world("stores").await;
    let parsed = parse(&db, school, "gv.csv", &csv(&THREE)).await;
    assert_eq!(parsed.error_rows(), 0, "{:?}", parsed.rows.iter().map(|r| &r.problems).collect::<Vec<_>>());
    let summary = staff::import_parsed(&db, &parsed, "79", None).await.unwrap();
    assert_eq!(summary.created, 3);

    let (list, total) = records::list(&db, school, None, Page::new(None, None)).await.unwrap();
    assert_eq!(total, 3);
    let names: Vec<&str> = list.iter().map(|r| r.full_name.as_str()).collect();
    // Given name first: An, Ánh, Bình.
    assert_eq!(names, ["Nguyễn Văn An", "Lê Thị Ánh", "Trần Thị Bình"]);
    assert_eq!(list[2].staff_code.as_deref(), Some("00123"));
    assert_eq!(list[0].position, "deputy_head");
    assert_eq!(list[1].is_core_teacher, 1);

    let binh = list[2].id;
    let reader = records::Reader { user_id: 1, province: "79", via: "test" };
    let personal = records::read_personal(&db, binh, reader).await.unwrap();
    assert_eq!(personal.birth_date.as_deref(), Some("1985-03-04"));
    assert_eq!(personal.identity_number.as_deref(), Some("079185001234"));
    assert_eq!(personal.phone.as_deref(), Some("0903123456"));
    assert_eq!(personal.email.as_deref(), Some("binh@truong.edu.vn"));
    let an = records::read_personal(&db, list[0].id, reader).await.unwrap();
    assert_eq!(an.birth_date.as_deref(), Some("1985-03-04"));
    assert_eq!(an.identity_number.as_deref(), Some("025123456"));
}

#[tokio::test]
async fn competencies_and_duties_from_columns() {
    let (_dir, db, school) = world("competencies").await;
    let parsed = parse(&db, school, "gv.csv", &csv(&THREE)).await;
    staff::import_parsed(&db, &parsed, "79", None).await.unwrap();
    let (list, _) = records::list(&db, school, Some("binh"), Page::new(None, None)).await.unwrap();
    assert_eq!(list.len(), 1);
    let subjects = records::competencies(&db, list[0].id).await.unwrap();
    let pairs: Vec<(&str, &str)> = subjects.iter().map(|c| (c.subject.as_str(), c.source.as_str())).collect();
    assert_eq!(pairs, [("english", "major"), ("informatics", "declared")]);
    let duties = records::duties(&db, list[0].id).await.unwrap();
    assert_eq!(duties, ["homeroom", "subject_group_head"]);
}

/// A list with the competency columns: certificates, the standard rating, the level
/// taught and probation in the roles.
const COMPETENCY_LIST: &str = "Họ và tên,Mã cán bộ,Chuyên ngành đào tạo,Văn bằng 2,Xếp loại chuẩn nghề nghiệp,Cấp dạy,Kiêm nhiệm\n\
    Trần Thị Bình,1,Sư phạm Toán,\"Văn bằng 2 Tiếng Anh; Chứng chỉ bồi dưỡng dạy Tin học\",Khá,THCS,\"GVCN 6A1; Tập sự\"\n\
    Lê Văn Cường,2,Sư phạm Âm nhạc,,Tốt,Tiểu học,\n";

#[tokio::test]
async fn certificates_rating_and_level_stored() {
    let (_dir, db, school) = world("certificates").await;
    let parsed = parse(&db, school, "gv.csv", COMPETENCY_LIST.as_bytes()).await;
    assert_eq!(parsed.error_rows(), 0, "{:?}", parsed.rows.iter().map(|r| &r.problems).collect::<Vec<_>>());
    staff::import_parsed(&db, &parsed, "79", None).await.unwrap();

    let (list, _) = records::list(&db, school, Some("binh"), Page::new(None, None)).await.unwrap();
    let binh = &list[0];
    assert_eq!(binh.standard_rating.as_deref(), Some("good"));
    assert_eq!(binh.teaching_level.as_deref(), Some("lower_secondary"));
    assert_eq!(binh.on_probation, 1);
    let subjects = records::competencies(&db, binh.id).await.unwrap();
    let pairs: Vec<(&str, &str)> = subjects.iter().map(|c| (c.subject.as_str(), c.source.as_str())).collect();
    assert_eq!(pairs, [("english", "certificate"), ("informatics", "certificate"), ("maths", "major")]);
    assert_eq!(records::duties(&db, binh.id).await.unwrap(), ["homeroom"], "probation is a status, not a duty");

    let (list, _) = records::list(&db, school, Some("cuong"), Page::new(None, None)).await.unwrap();
    assert_eq!(list[0].standard_rating.as_deref(), Some("excellent"));
    assert_eq!(list[0].teaching_level.as_deref(), Some("primary"));
    assert_eq!(list[0].on_probation, 0);
}

#[tokio::test]
async fn probation_ends_with_roles_column() {
    let (_dir, db, school) = world("probation").await;
    let first = parse(&db, school, "gv.csv", COMPETENCY_LIST.as_bytes()).await;
    staff::import_parsed(&db, &first, "79", None).await.unwrap();

    // A list without the roles column keeps probation and the certificates; one with
    // it and without "Tập sự" ends probation.
    let short = parse(&db, school, "lan2.csv", "Họ và tên,Mã cán bộ,Số tiết/tuần\nTrần Thị Bình,1,15\n".as_bytes()).await;
    staff::import_parsed(&db, &short, "79", None).await.unwrap();
    let (list, _) = records::list(&db, school, Some("binh"), Page::new(None, None)).await.unwrap();
    assert_eq!(list[0].on_probation, 1);
    assert_eq!(list[0].standard_rating.as_deref(), Some("good"));
    assert_eq!(records::competencies(&db, list[0].id).await.unwrap().len(), 3);

    let roles = parse(&db, school, "lan3.csv", "Họ và tên,Mã cán bộ,Kiêm nhiệm\nTrần Thị Bình,1,GVCN 7A2\n".as_bytes()).await;
    staff::import_parsed(&db, &roles, "79", None).await.unwrap();
    let (list, _) = records::list(&db, school, Some("binh"), Page::new(None, None)).await.unwrap();
    assert_eq!(list[0].on_probation, 0);
}

#[tokio::test]
async fn bad_competency_values_named() {
    let (_dir, db, school) = world("bad_competency").await;
    let cases = [
        ("Văn bằng 2", "Chứng chỉ B tiếng Pháp du lịch", "certificates", "staff-invalid-certificate"),
        ("Xếp loại chuẩn nghề nghiệp", "Giỏi", "standard_rating", "staff-invalid-standard-rating"),
        ("Cấp dạy", "Mầm non", "teaching_level", "staff-invalid-teaching-level"),
    ];
    for (column, value, field, message_id) in cases {
        let text = format!("Họ và tên,{column}\nTrần Thị Bình,{value}\n");
        let parsed = parse(&db, school, "gv.csv", text.as_bytes()).await;
        let problem = parsed.rows[0].problems.iter().find(|p| p.message_id == message_id);
        let problem = problem.unwrap_or_else(|| panic!("{message_id} missing: {:?}", parsed.rows[0].problems));
        assert_eq!(problem.field.as_deref(), Some(field));
        assert_eq!(problem.args["value"], value, "{message_id}");
    }
}

#[tokio::test]
async fn repeated_import_updates_records() {
    let (_dir, db, school) = world("repeat").await;
    let first = parse(&db, school, "gv.csv", &csv(&THREE)).await;
    staff::import_parsed(&db, &first, "79", None).await.unwrap();

    // The second list has no identity column and changes one load.
    let text = "Họ và tên,Mã cán bộ,Số tiết/tuần\nTrần Thị Bình,123,15\nLê Thị Ánh,,19\n";
    let second = parse(&db, school, "lan2.csv", text.as_bytes()).await;
    let summary = staff::import_parsed(&db, &second, "79", None).await.unwrap();
    assert_eq!(summary.created, 1, "Lê Thị Ánh has no code and no birth date in the second list");

    let (list, total) = records::list(&db, school, Some("Trần"), Page::new(None, None)).await.unwrap();
    assert_eq!(total, 1);
    assert_eq!(list[0].periods_per_week, Some(15.0));
    let reader = records::Reader { user_id: 1, province: "79", via: "test" };
    let personal = records::read_personal(&db, list[0].id, reader).await.unwrap();
    assert_eq!(personal.identity_number.as_deref(), Some("079185001234"), "a missing column keeps stored values");
    let subjects = records::competencies(&db, list[0].id).await.unwrap();
    assert_eq!(subjects.len(), 2, "a missing column keeps stored competencies");
}

#[tokio::test]
async fn staff_codes_keep_leading_zeros() {
    let (_dir, db, school) = world("codes").await;
    let parsed = parse(&db, school, "gv.csv", &csv(&THREE[..1])).await;
    assert_eq!(parsed.rows[0].staff_code.as_deref(), Some("00123"));
    assert_eq!(parsed.rows[0].import_key, "c:123", "the key matches the code without its zeros");
}

/// Each bad value with the column it sits in and the message that explains the fix.
const BAD_VALUES: [(&str, &str, &str); 11] = [
    ("1,,04/03/1985,Nữ,1,,,,,,,,,", "full_name", "staff-missing-name"),
    ("1,Trần Bình,31/02/1985,Nữ,1,,,,,,,,,", "birth_date", "staff-invalid-birth-date"),
    ("1,Trần Bình,04/03/2019,Nữ,1,,,,,,,,,", "birth_date", "staff-invalid-birth-date-range"),
    ("1,Trần Bình,04/03/1985,Không rõ,1,,,,,,,,,", "gender", "staff-invalid-gender"),
    ("1,Trần Bình,04/03/1985,Nữ,1,Bảo mẫu,,,,,,,,", "position", "staff-invalid-position"),
    ("1,Trần Bình,04/03/1985,Nữ,1,,Tú tài,,,,,,,", "qualification", "staff-invalid-qualification"),
    ("1,Trần Bình,04/03/1985,Nữ,1,,,,Cờ vua,,,,,", "subjects_taught", "staff-invalid-subject"),
    ("1,Trần Bình,04/03/1985,Nữ,1,,,,,mười,,,,", "periods_per_week", "staff-invalid-periods"),
    ("1,Trần Bình,04/03/1985,Nữ,1,,,,,,Thủ quỹ,,,", "roles", "staff-invalid-role"),
    ("1,Trần Bình,04/03/1985,Nữ,1,,,,,,,07918500X234,,", "identity_number", "staff-invalid-identity-number"),
    ("1,Trần Bình,04/03/1985,Nữ,1,,,,,,,,12345,binh@", "phone", "staff-invalid-phone"),
];

#[tokio::test]
async fn bad_values_name_row_column_and_value() {
    let (_dir, db, school) = world("bad").await;
    for (line, field, message_id) in BAD_VALUES {
        let parsed = parse(&db, school, "gv.csv", &csv(&[THREE[0], line])).await;
        let row = &parsed.rows[1];
        let problem = row.problems.iter().find(|p| p.message_id == message_id);
        let problem = problem.unwrap_or_else(|| panic!("{message_id} missing for {line}: {:?}", row.problems));
        assert_eq!(problem.field.as_deref(), Some(field));
        assert_eq!(problem.args["row"], 4, "{message_id}");
        assert!(problem.args["column"].as_str().is_some_and(|c| !c.is_empty()), "{message_id}");
        assert!(problem.args.contains_key("value"), "{message_id}");
    }
}

#[tokio::test]
async fn invalid_email_is_an_error() {
    let (_dir, db, school) = world("email").await;
    let parsed = parse(&db, school, "gv.csv", &csv(&["1,Trần Bình,04/03/1985,Nữ,1,,,,,,,,,binh@"])).await;
    let problem = &parsed.rows[0].problems[0];
    assert_eq!(problem.message_id, "staff-invalid-email");
    assert_eq!(problem.value.as_deref(), Some("binh@"));
}

#[tokio::test]
async fn one_bad_row_imports_nothing() {
    let (_dir, db, school) = world("nothing").await;
    let good = parse(&db, school, "gv.csv", &csv(&THREE[..1])).await;
    staff::import_parsed(&db, &good, "79", None).await.unwrap();

    let mut lines = THREE.to_vec();
    lines.push("4,Phạm Văn Cường,31/02/1985,Nam,00199,,,,,,,,,");
    let parsed = parse(&db, school, "gv.csv", &csv(&lines)).await;
    assert_eq!(parsed.error_rows(), 1);
    let error = staff::import_parsed(&db, &parsed, "79", None).await.unwrap_err();
    let ImportError::Rejected(problem) = error else { panic!("expected a rejection, got {error:?}") };
    assert_eq!(problem.message_id, "staff-import-has-errors");
    assert_eq!(problem.args["errors"], 1);
    let (_, total) = records::list(&db, school, None, Page::new(None, None)).await.unwrap();
    assert_eq!(total, 1, "the record saved before stays and nothing new is written");
}

#[tokio::test]
async fn duplicate_rows_are_errors() {
    let (_dir, db, school) = world("duplicate").await;
    let parsed = parse(&db, school, "gv.csv", &csv(&[THREE[0], THREE[0]])).await;
    let problem = &parsed.rows[1].problems[0];
    assert_eq!(problem.message_id, "staff-duplicate-row");
    assert_eq!(problem.args["first_row"], 3);
}

#[tokio::test]
async fn file_without_name_column_is_rejected() {
    let (_dir, db, school) = world("header").await;
    let directory = SchoolDirectory::load_one(&db, school).await.unwrap();
    let target = Target { default_school: Some(school), directory: &directory, today: today(), max_rows: 10 };
    let error = staff::parse_staff_file(b"Ngay,Mon\n1,2\n", "x.csv", &target).unwrap_err();
    let ImportError::Rejected(problem) = error else { panic!("expected a rejection") };
    assert_eq!(problem.message_id, "staff-file-no-header");
}

#[tokio::test]
async fn school_column_names_schools_by_code_or_name() {
    let (_dir, db, school) = world("schools").await;
    let other = NewSchool {
        province_code: "79".into(),
        commune_code: Some("26743".into()),
        name: "Trường THPT Trưng Vương".into(),
        level: SchoolLevel::UpperSecondary,
        ownership: Ownership::Public,
        moet_code: Some("02-007".into()),
        former_district: None,
        import_key: "t:2".into(),
        is_generated: false,
    };
    schools::insert_many(&db, &[other]).await.unwrap();
    let text = "Họ và tên,Ngày sinh,Trường\nTrần Bình,04/03/1985,7\nLê An,05/06/1980,Trường THCS Bến Thành\nLý Cúc,05/06/1980,Trường Không Có\n";
    let directory = SchoolDirectory::load(&db, "79").await.unwrap();
    let target = Target { default_school: None, directory: &directory, today: today(), max_rows: 10 };
    let parsed = staff::parse_staff_file(text.as_bytes(), "so.csv", &target).unwrap();
    assert!(parsed.rows[0].school_id.is_some_and(|id| id != school));
    assert_eq!(parsed.rows[1].school_id, Some(school));
    assert_eq!(parsed.rows[2].problems[0].message_id, "staff-unknown-school");
}

#[tokio::test]
async fn xlsx_merged_header_and_tcvn3() {
    let (_dir, db, school) = world("xlsx").await;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let plain = Format::new();
    sheet.merge_range(0, 0, 0, 3, "DANH SÁCH GIÁO VIÊN", &plain).unwrap();
    sheet.merge_range(1, 0, 2, 0, "STT", &plain).unwrap();
    sheet.merge_range(1, 1, 1, 2, "Thông tin cá nhân", &plain).unwrap();
    sheet.write_string(2, 1, "Họ và tên").unwrap();
    sheet.write_string(2, 2, "Ngày sinh").unwrap();
    sheet.merge_range(1, 3, 2, 3, "Số CCCD", &plain).unwrap();
    sheet.write_number(3, 0, 1).unwrap();
    // TCVN3 of "Lê Quý Đôn", as a legacy font shows it.
    sheet.write_string(3, 1, "L\u{aa} Qu\u{fd} \u{a7}\u{ab}n").unwrap();
    sheet.write_number(3, 2, 31110).unwrap();
    sheet.write_number(3, 3, 79_185_001_234.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let parsed = parse(&db, school, "gv.xlsx", &bytes).await;
    assert_eq!(parsed.error_rows(), 0, "{:?}", parsed.rows[0].problems);
    assert_eq!(parsed.rows[0].full_name, "Lê Quý Đôn");
    assert_eq!(parsed.rows[0].birth_date, NaiveDate::from_ymd_opt(1985, 3, 4));
    assert_eq!(parsed.rows[0].identity_number.as_deref(), Some("079185001234"));
}

#[tokio::test]
async fn staged_import_applies_once() {
    let (_dir, db, school) = world("staged").await;
    let parsed = parse(&db, school, "gv.csv", &csv(&THREE)).await;
    let batch = staff::stage(&db, "79", Some(school), &parsed, None).await.unwrap();
    let staged = staff::staged(&db, batch).await.unwrap();
    assert_eq!(staged.rows.len(), 3);
    let summary = staff::apply_staged(&db, staged, None).await.unwrap();
    assert_eq!(summary.created, 3);
    let again = staff::staged(&db, batch).await.unwrap();
    assert_eq!(again.status, "applied");
    assert!(again.rows.is_empty(), "applied rows with personal data are deleted");
    assert!(staff::apply_staged(&db, again, None).await.is_err());
}
