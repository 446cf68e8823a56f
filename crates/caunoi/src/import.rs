//! `caunoi import …`: reference data, communes and school lists.

use anyhow::Context;
use caunoi_db::reference;

use crate::cli::ImportCommand;
use crate::serve::open;

pub async fn run(command: ImportCommand) -> anyhow::Result<()> {
    match command {
        ImportCommand::Reference(database) => {
            let db = open(&database).await?;
            db.migrate().await?;
            let summary = reference::load(&db).await?;
            println!(
                "Reference data loaded: {} provinces, {} communes ({} with population), {} conversion rows, {} MOET school codes.",
                summary.provinces, summary.communes, summary.communes_with_population, summary.conversions, summary.moet_school_codes
            );
        }
        ImportCommand::Communes { file, database } => {
            let db = open(&database).await?;
            db.migrate().await?;
            let text = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let text = caunoi_core::text::legacy::decode_bytes(&text);
            let summary = reference::load_units_file(&db, &text).await.with_context(|| format!("cannot import {}", file.display()))?;
            println!("Communes imported: {} provinces, {} communes updated or added.", summary.provinces, summary.communes);
        }
        ImportCommand::Staff { file, province, school, database } => {
            let db = open(&database).await?;
            db.migrate().await?;
            crate::staff_import::import_staff_file(&db, &province, school.as_deref(), &file).await?;
        }
        ImportCommand::Schools { file, province, skip_unresolved, database } => {
            let db = open(&database).await?;
            db.migrate().await?;
            crate::demo::import_school_file(&db, &province, &file, skip_unresolved).await?;
        }
    }
    Ok(())
}
