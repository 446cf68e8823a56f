//! Demo schools: the real upper-secondary list of the city's area through the school
//! import, and generated lower-level schools per commune.

use std::path::Path;

use anyhow::{Context, bail};
use caunoi_core::org::{Ownership, SchoolLevel};
use caunoi_db::import::{self, ApplyOptions, Decision, RowFilter, RowStatus};
use caunoi_db::schools::{self, NewSchool};
use caunoi_db::{Db, Page, communes};

use super::PROVINCE;
use super::names::Rng;

/// MOET's upper-secondary list for the three old units that form today's city.
const HCMC_UPPER_SECONDARY: &[u8] = include_bytes!("../../../../reference-data/moet-thpt-codes-2020/schools_hcmc_2025_area.csv");

/// Inhabitants per generated school of each level. Estimates chosen so that the city
/// gets about 3,500 schools in all, the order of its real count.
const PEOPLE_PER_SCHOOL: [(SchoolLevel, f64, &str); 3] = [
    (SchoolLevel::Preschool, 7_000.0, "Trường Mầm non"),
    (SchoolLevel::Primary, 20_000.0, "Trường Tiểu học"),
    (SchoolLevel::LowerSecondary, 32_000.0, "Trường THCS"),
];

/// Imports the real list, deciding for each school whose old district became several
/// communes one candidate commune, chosen deterministically from its MOET code. A real
/// department would confirm each choice on the review screen.
pub async fn import_real_upper_secondary(db: &Db) -> anyhow::Result<usize> {
    let staged = import::stage_schools(db, PROVINCE, "schools_hcmc_2025_area.csv", HCMC_UPPER_SECONDARY, None)
        .await
        .map_err(|e| anyhow::anyhow!("staging the demo school list failed: {e}"))?;
    let batch = staged.batch_id;
    let review = import::batch(db, batch, &RowFilter { status: Some(RowStatus::Review) }, Page { number: 1, size: Page::MAX_SIZE })
        .await
        .map_err(|e| anyhow::anyhow!("reading the demo batch failed: {e}"))?;
    for row in review.rows {
        let candidates = &row.data.candidates;
        if candidates.is_empty() {
            continue;
        }
        let seed = row.data.import_key.as_deref().unwrap_or(&row.data.name).bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
        let chosen = &candidates[(Rng::new(seed).next() % candidates.len() as u64) as usize];
        import::decide(db, batch, row.row_number, Decision::Commune(chosen.code.clone()))
            .await
            .map_err(|e| anyhow::anyhow!("deciding demo row {} failed: {e}", row.row_number))?;
    }
    let summary = import::apply(db, batch, None, ApplyOptions { skip_unresolved: true })
        .await
        .map_err(|e| anyhow::anyhow!("applying the demo school list failed: {e}"))?;
    Ok(summary.created)
}

/// Generates preschools, primary and lower-secondary schools in every commune in
/// proportion to its 2025 population, at least one of each level per commune.
pub async fn generate_lower_levels(db: &Db) -> anyhow::Result<usize> {
    let units = communes::all_in_province(db, PROVINCE).await?;
    let mut rng = Rng::new(2025);
    let mut generated = Vec::new();
    for unit in &units {
        let population = unit.population.unwrap_or(20_000) as f64;
        for (level, people, prefix) in PEOPLE_PER_SCHOOL {
            let count = ((population / people).round() as usize).max(1);
            for number in 1..=count {
                let name = if count == 1 {
                    format!("{prefix} {}", unit.short_name)
                } else {
                    format!("{prefix} {} {number}", unit.short_name)
                };
                let private = level == SchoolLevel::Preschool && rng.below(100) < 20;
                let name = if private { name.replacen(prefix, &format!("{prefix} tư thục"), 1) } else { name };
                generated.push(NewSchool {
                    province_code: PROVINCE.into(),
                    commune_code: Some(unit.code.clone()),
                    name,
                    level,
                    ownership: if private { Ownership::Private } else { Ownership::Public },
                    moet_code: None,
                    former_district: None,
                    import_key: format!("demo:{}:{}:{number}", level.as_str(), unit.code),
                    is_generated: true,
                });
            }
        }
    }
    Ok(schools::insert_many(db, &generated).await? as usize)
}

/// `caunoi import schools FILE`: stages a school list, prints what every row became,
/// and applies it when nothing waits for a person's decision (or when told to skip).
pub async fn import_school_file(db: &Db, province: &str, file: &Path, skip_unresolved: bool) -> anyhow::Result<()> {
    let code = caunoi_core::org::province_code(province).with_context(|| format!("invalid province code {province:?}: use the official code, such as 79"))?;
    caunoi_db::provinces::department(db, &code)
        .await
        .with_context(|| format!("province {code} is not hosted: add its department first (caunoi admin add-department --province {code})"))?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staged = match import::stage_schools(db, &code, &name, &bytes, None).await {
        Ok(staged) => staged,
        Err(import::ImportError::Rejected(problem)) => bail!("the file was rejected ({}): {:?}", problem.message_id, problem.args),
        Err(other) => return Err(other.into()),
    };
    let counts = &staged.counts;
    println!(
        "Batch {}: {} rows — {} ready ({} new, {} updated, {} unchanged), {} to review, {} with errors, {} excluded, {} duplicates.",
        staged.batch_id, counts.total, counts.ready, counts.new, counts.updated, counts.unchanged, counts.review, counts.error, counts.excluded, counts.duplicate
    );
    if (counts.review > 0 || counts.error > 0) && !skip_unresolved {
        println!("Nothing imported yet. Review the rows at /imports/{} or run again with --skip-unresolved to import only the ready rows.", staged.batch_id);
        return Ok(());
    }
    let applied = import::apply(db, staged.batch_id, None, ApplyOptions { skip_unresolved })
        .await
        .map_err(|e| anyhow::anyhow!("applying batch {} failed: {e}", staged.batch_id))?;
    println!("Imported: {} created, {} updated, {} unchanged, {} skipped.", applied.created, applied.updated, applied.unchanged, applied.skipped);
    Ok(())
}
