//! Recommendation runs and the review of their assignments: saved whole, accepted
//! within what a teacher had spare, edited within bounds, never accepted from a what-if
//! run, and every decision audited.

mod common;

use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_core::staffing::Subject;
use caunoi_db::recommendations::{self, Decision, NewAssignment, Refusal, RunInput};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::{Db, now_ms};

/// A second school in the same commune; returns its id.
async fn other_school(db: &Db) -> i64 {
    let school = NewSchool {
        province_code: "79".into(),
        commune_code: Some("26743".into()),
        name: "Trường THCS Nguyễn Du".into(),
        level: SchoolLevel::LowerSecondary,
        ownership: Ownership::Public,
        moet_code: None,
        former_district: None,
        import_key: "t:2".into(),
        is_generated: false,
    };
    schools::insert_many(db, &[school]).await.unwrap();
    sqlx::query_scalar("SELECT id FROM schools WHERE import_key = 't:2'").fetch_one(&db.pool).await.unwrap()
}

async fn staff(db: &Db, school: i64, name: &str) -> i64 {
    let now = now_ms();
    sqlx::query_scalar(
        "INSERT INTO staff_members (school_id, import_key, full_name, name_folded, sort_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(school)
    .bind(format!("n:{name}"))
    .bind(name)
    .bind(caunoi_core::text::fold(name))
    .bind(caunoi_core::text::collate::person_sort_key(name))
    .bind(now)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

fn input(created_by: i64, what_if: Option<&str>) -> RunInput {
    RunInput {
        province: "79".into(),
        school_year: "2026-2027".into(),
        cluster_id: None,
        subjects: vec![Subject::English, Subject::Informatics],
        max_distance_km: 15.0,
        same_cluster_only: false,
        other_levels: false,
        what_if: what_if.map(str::to_owned),
        shortage_periods: 12,
        covered_periods: 10,
        total_distance_km: 7.5,
        solve_ms: 3,
        created_by,
    }
}

fn proposal(staff_id: i64, from: i64, to: i64, periods: i64, spare: i64) -> NewAssignment {
    NewAssignment { staff_id, from_school_id: from, to_school_id: to, subject: Subject::English, periods_per_week: periods, distance_km: 2.5, teacher_spare: spare }
}

#[tokio::test]
async fn runs_are_reviewed_within_spare_periods() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::database(&dir, "recommend", "review").await;
    let world = common::school(&db, 0).await;
    let receiving = other_school(&db).await;
    let lan = staff(&db, world.school, "Nguyễn Thị Lan").await;
    let binh = staff(&db, world.school, "Trần Văn Bình").await;

    // Lan has 6 spare periods, split over two proposals of two runs.
    let first = recommendations::save_run(&db, &input(world.organiser, None), &[proposal(lan, world.school, receiving, 4, 6), proposal(binh, world.school, receiving, 3, 3)])
        .await
        .unwrap();
    let listed = recommendations::assignments_of_run(&db, first).await.unwrap();
    assert_eq!(listed.len(), 2);
    let run = recommendations::run(&db, first).await.unwrap();
    assert_eq!(run.subject_list(), vec![Subject::English, Subject::Informatics]);
    assert_eq!(recommendations::runs(&db, "79", None, 10).await.unwrap().len(), 1);
    assert!(recommendations::runs(&db, "79", Some(world.cluster), 10).await.unwrap().is_empty(), "a province run is not a cluster's");

    // A second run made before any decision proposes 4 periods of Lan's 6 again.
    let second = recommendations::save_run(&db, &input(world.organiser, None), &[proposal(lan, world.school, receiving, 4, 6)]).await.unwrap();
    let lan_second = recommendations::assignments_of_run(&db, second).await.unwrap()[0].id;
    let lan_first = listed.iter().find(|a| a.staff_id == lan).unwrap().id;
    let binh_first = listed.iter().find(|a| a.staff_id == binh).unwrap().id;
    // Editing is bounded by the spare periods.
    assert_eq!(recommendations::decide(&db, "79", lan_first, &Decision::Edit { periods_per_week: 7 }, world.organiser).await.unwrap(), Err(Refusal::Periods { max: 6 }));
    assert_eq!(recommendations::decide(&db, "79", lan_first, &Decision::Edit { periods_per_week: 0 }, world.organiser).await.unwrap(), Err(Refusal::Periods { max: 6 }));
    recommendations::decide(&db, "79", lan_first, &Decision::Edit { periods_per_week: 5 }, world.organiser).await.unwrap().unwrap();
    recommendations::decide(&db, "79", lan_first, &Decision::Accept, world.organiser).await.unwrap().unwrap();
    recommendations::decide(&db, "79", binh_first, &Decision::Reject, world.organiser).await.unwrap().unwrap();
    assert_eq!(
        recommendations::decide(&db, "79", binh_first, &Decision::Accept, world.organiser).await.unwrap(),
        Err(Refusal::WrongStatus { status: "rejected".into() })
    );

    // The second run, made before the first was accepted, also counted on 6 spare
    // periods; with 5 accepted since, Lan has 1 left.
    assert_eq!(
        recommendations::decide(&db, "79", lan_second, &Decision::Accept, world.organiser).await.unwrap(),
        Err(Refusal::OverQuota { spare: 6, taken: 5 })
    );

    let accepted = recommendations::accepted_for_school(&db, receiving).await.unwrap();
    assert_eq!(accepted.len(), 1);
    assert_eq!((accepted[0].periods_per_week, accepted[0].status.as_str()), (5, "accepted"));

    // Ending frees the periods again.
    recommendations::decide(&db, "79", lan_first, &Decision::End, world.organiser).await.unwrap().unwrap();
    assert!(recommendations::accepted_for_school(&db, receiving).await.unwrap().is_empty());

    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'teaching_assignment'").fetch_one(&db.pool).await.unwrap();
    assert_eq!(audited, 4, "edit, accept, reject and end are audited");
}

#[tokio::test]
async fn what_if_runs_are_never_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::database(&dir, "recommend", "whatif").await;
    let world = common::school(&db, 0).await;
    let receiving = other_school(&db).await;
    let lan = staff(&db, world.school, "Nguyễn Thị Lan").await;
    let run = recommendations::save_run(&db, &input(world.organiser, Some(r#"{"classes":[]}"#)), &[proposal(lan, world.school, receiving, 4, 6)])
        .await
        .unwrap();
    assert!(recommendations::run(&db, run).await.unwrap().is_what_if());
    let id = recommendations::assignments_of_run(&db, run).await.unwrap()[0].id;
    assert_eq!(recommendations::decide(&db, "79", id, &Decision::Accept, world.organiser).await.unwrap(), Err(Refusal::WhatIf));
    assert!(matches!(recommendations::decide(&db, "79", id + 1000, &Decision::Accept, world.organiser).await, Err(caunoi_db::DbError::NotFound)));
}

#[tokio::test]
async fn export_keeps_numbers_and_defuses_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::database(&dir, "recommend", "export").await;
    let world = common::school(&db, 0).await;
    let receiving = other_school(&db).await;
    let trick = staff(&db, world.school, "=HYPERLINK(\"x\")").await;
    let run = recommendations::save_run(&db, &input(world.organiser, None), &[proposal(trick, world.school, receiving, 4, 6)]).await.unwrap();
    let rows = recommendations::assignments_of_run(&db, run).await.unwrap();
    let subject = |key: &str| Subject::from_key(key).map(Subject::name_vi).unwrap_or(key).to_string();
    let status = |key: &str| key.to_uppercase();
    let labels = recommendations::ExportLabels {
        sheet: "Phân công liên trường".into(),
        title: vec!["Phân công dạy liên trường".into(), "Năm học 2026-2027".into()],
        headers: ["Giáo viên", "Trường cử", "Trường nhận", "Môn", "Tiết/tuần", "Khoảng cách (km)", "Trạng thái", "Ghi chú"].map(String::from),
        subject: &subject,
        status: &status,
    };
    let bytes = recommendations::assignments_xlsx(&rows, &labels).unwrap();
    use calamine::{Reader, Xlsx};
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range("Phân công liên trường").unwrap();
    assert_eq!(range.get_value((0, 0)).unwrap().to_string(), "Phân công dạy liên trường");
    assert_eq!(range.get_value((3, 0)).unwrap().to_string(), "Giáo viên", "the table starts after the title and a blank row");
    assert_eq!(range.get_value((4, 0)).unwrap().to_string(), "=HYPERLINK(\"x\")", "kept as text");
    assert_eq!(range.get_value((4, 3)).unwrap().to_string(), "Tiếng Anh (Ngoại ngữ 1)");
    assert_eq!(range.get_value((4, 4)).unwrap(), &calamine::Data::Float(4.0));
    let formulas = workbook.worksheet_formula("Phân công liên trường").unwrap();
    assert!(formulas.used_cells().all(|(_, _, formula)| formula.is_empty()), "no formula in the export");
}
