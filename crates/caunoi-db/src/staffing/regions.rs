//! The regions of Circular 20/2023 that a province designates for its communes. A
//! commune's region decides from how many classes its schools are large, which changes
//! some quotas and reductions of Circular 05/2025.

use caunoi_core::text::collate::sort_key;
use sqlx::FromRow;
use tracing::info;

use crate::audit::{self, AuditEntry};
use crate::{Db, DbError, DbResult};

/// The region keys of Circular 20/2023 Art. 3 cl. 1.
pub const REGIONS: [&str; 3] = ["vung_1", "vung_2", "vung_3"];

/// A commune with its designated region.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CommuneRegion {
    pub code: String,
    pub name: String,
    pub region: Option<String>,
}

/// Lists the communes of a province with their regions, in Vietnamese alphabetical
/// order of their short names (without "Xã", "Phường").
pub async fn list(db: &Db, province: &str) -> DbResult<Vec<CommuneRegion>> {
    let mut communes: Vec<(String, CommuneRegion)> =
        sqlx::query_as::<_, (String, String, String, Option<String>)>("SELECT code, name, short_name, region FROM communes WHERE province_code = $1")
            .bind(province)
            .fetch_all(&db.pool)
            .await?
            .into_iter()
            .map(|(code, name, short_name, region)| (sort_key(&short_name), CommuneRegion { code, name, region }))
            .collect();
    communes.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    Ok(communes.into_iter().map(|(_, commune)| commune).collect())
}

/// Sets the regions of communes of a province in one transaction and audits the
/// communes that changed. A code outside the province or a region outside [`REGIONS`]
/// rejects the whole change.
pub async fn set(db: &Db, province: &str, regions: &[(String, Option<String>)], user_id: i64) -> DbResult<usize> {
    if let Some((_, Some(region))) = regions.iter().find(|(_, region)| region.as_deref().is_some_and(|r| !REGIONS.contains(&r))) {
        return Err(DbError::Invalid(format!("region {region} is not one of {REGIONS:?}")));
    }
    let current: std::collections::HashMap<String, Option<String>> =
        list(db, province).await?.into_iter().map(|commune| (commune.code, commune.region)).collect();
    let mut tx = db.begin().await?;
    let mut changed = Vec::new();
    for (code, region) in regions {
        let Some(before) = current.get(code) else {
            return Err(DbError::NotFound);
        };
        if before == region {
            continue;
        }
        sqlx::query("UPDATE communes SET region = $1 WHERE code = $2 AND province_code = $3")
            .bind(region.clone())
            .bind(code.clone())
            .bind(province)
            .execute(&mut *tx)
            .await?;
        changed.push(serde_json::json!({ "commune": code, "old": before, "new": region }));
    }
    if !changed.is_empty() {
        let entry = AuditEntry {
            user_id: Some(user_id),
            province: Some(province),
            action: "communes.set_region",
            entity: "province",
            entity_id: province.to_owned(),
            details: serde_json::json!({ "changes": changed }),
        };
        audit::record(&mut *tx, &entry).await?;
    }
    tx.commit().await?;
    info!(province.code = province, communes.changed = changed.len(), user.id = user_id, "commune regions saved");
    Ok(changed.len())
}
