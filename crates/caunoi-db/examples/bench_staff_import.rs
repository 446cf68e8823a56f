//! Imports one staff list into a fresh database and prints the time of each phase, for
//! `bench/staff_import.sh`, which generates the list and measures peak memory.
//!
//! Usage: `bench_staff_import DATABASE_URL FILE SCHOOLS`. The database must be empty,
//! such as a new SQLite file. The example migrates it, loads the reference data and
//! adds SCHOOLS schools of province 79 with MOET codes `02-000`, `02-001` and so on,
//! which the list's school column names.

use std::time::Instant;

use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::staff::{self, SchoolDirectory, Target};
use caunoi_db::{Db, provinces, reference};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, file, schools] = args.as_slice() else {
        return Err("usage: bench_staff_import DATABASE_URL FILE SCHOOLS".into());
    };
    let school_count: usize = schools.parse()?;

    let db = Db::connect(url).await?;
    db.migrate().await?;
    reference::load(&db).await?;
    provinces::add_department(&db, "79").await?;
    let new_schools: Vec<NewSchool> = (0..school_count)
        .map(|index| NewSchool {
            province_code: "79".into(),
            commune_code: None,
            name: format!("Trường thử nghiệm {index}"),
            level: SchoolLevel::LowerSecondary,
            ownership: Ownership::Public,
            moet_code: Some(school_code(index)),
            former_district: None,
            import_key: format!("bench:{index}"),
            is_generated: true,
        })
        .collect();
    schools::insert_many(&db, &new_schools).await?;

    let started = Instant::now();
    let bytes = std::fs::read(file)?;
    let directory = SchoolDirectory::load(&db, "79").await?;
    let target = Target { default_school: None, directory: &directory, today: chrono::Utc::now().date_naive(), max_rows: staff::LIMITS.max_rows };
    let parsed = staff::parse_staff_file(&bytes, file, &target)?;
    drop(bytes);
    let parsed_at = started.elapsed();
    let errors = parsed.error_rows();
    if errors > 0 {
        let first = parsed.rows.iter().find(|row| row.has_errors()).map(|row| format!("{:?}", row.problems));
        return Err(format!("{errors} rows with errors, first: {}", first.unwrap_or_default()).into());
    }
    let summary = staff::import_parsed(&db, &parsed, "79", None).await?;
    let total = started.elapsed();
    println!("rows\t{}", summary.rows);
    println!("created\t{}", summary.created);
    println!("schools\t{}", summary.schools);
    println!("parse_ms\t{}", parsed_at.as_millis());
    println!("write_ms\t{}", (total - parsed_at).as_millis());
    println!("total_ms\t{}", total.as_millis());
    Ok(())
}

/// MOET-style codes with three digits after the old province prefix, `02` first.
fn school_code(index: usize) -> String {
    format!("{:02}-{:03}", 2 + index / 1000, index % 1000)
}
