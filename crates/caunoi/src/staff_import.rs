//! `caunoi import staff`: a staff list from a file, with every row problem printed in
//! Vietnamese.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, bail};
use caunoi_db::Db;
use caunoi_db::import::ImportError;
use caunoi_db::staff::{self, SchoolDirectory, Target};
use caunoi_web::i18n::{Locale, today};
use caunoi_web::staff_problem_text as problem_text;

/// Rows with problems printed before the summary line; the rest are counted.
const MAX_PRINTED_PROBLEMS: usize = 50;

pub async fn import_staff_file(db: &Db, province: &str, school: Option<&str>, file: &Path) -> anyhow::Result<()> {
    let code = caunoi_core::org::province_code(province)
        .with_context(|| format!("invalid province code {province:?}: use the official code, such as 79"))?;
    let directory = SchoolDirectory::load(db, &code).await?;
    let default_school = match school {
        Some(text) => Some(directory.resolve(text).map_err(|message_id| {
            anyhow::anyhow!("{}", problem_text(Locale::Vi, &caunoi_db::import::Problem::error(message_id).with_arg("value", text)))
        })?),
        None => None,
    };
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();

    let started = Instant::now();
    let target = Target { default_school, directory: &directory, today: today(), max_rows: staff::LIMITS.max_rows };
    let parsed = match staff::parse_staff_file(&bytes, &name, &target) {
        Ok(parsed) => parsed,
        Err(ImportError::Rejected(problem)) => bail!("{}", problem_text(Locale::Vi, &problem)),
        Err(other) => return Err(other.into()),
    };
    drop(bytes);
    let parsed_ms = started.elapsed().as_millis();
    let problems = parsed.rows.iter().flat_map(|row| row.problems.iter());
    let mut printed = 0;
    for problem in problems.filter(|p| p.is_error()) {
        if printed < MAX_PRINTED_PROBLEMS {
            eprintln!("{}", problem_text(Locale::Vi, problem));
        }
        printed += 1;
    }
    match staff::import_parsed(db, &parsed, &code, None).await {
        Ok(summary) => {
            println!(
                "Imported {} rows in {} ms (parsed in {parsed_ms} ms): {} created, {} updated, {} schools.",
                summary.rows,
                started.elapsed().as_millis(),
                summary.created,
                summary.updated,
                summary.schools
            );
            Ok(())
        }
        Err(ImportError::Rejected(problem)) => bail!("{}", problem_text(Locale::Vi, &problem)),
        Err(other) => Err(other.into()),
    }
}
