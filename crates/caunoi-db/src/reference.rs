//! The national reference data shipped in `reference-data/`: provinces, commune-level
//! units with coordinates and population, the old→new commune conversion table and
//! MOET's upper-secondary school codes. Loading is idempotent: a reload updates rows
//! in place and never duplicates them.

use std::collections::HashMap;

use caunoi_core::org::{CommuneKind, commune_code, province_code};
use caunoi_core::text::{fold, normalize, normalize_tone_placement};
use serde::Serialize;
use crate::sql::SqlBuilder;
use tracing::{info, warn};

use crate::{Db, DbError, DbResult};

const UNITS_CSV: &str =
    include_str!("../../../reference-data/vn-wards-2025-location/2025_34-province-3221-ward_with_location.csv");
const POPULATION_CSV: &str =
    include_str!("../../../reference-data/vn-wards-2025-location/sapnhap.bando.com.vn_ward_2025-07-17.csv");
const CONVERSION_CSV: &str =
    include_str!("../../../reference-data/vn-admin-2025-nso/BangChuyendoiDVHCmoi_cu_khong_merge.csv");
const MOET_CODES_CSV: &str =
    include_str!("../../../reference-data/moet-thpt-codes-2020/schools_nationwide.csv");

/// Rows per multi-row INSERT; keeps each statement under SQLite's bound-parameter limit.
const CHUNK_ROWS: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceRow {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CommuneRow {
    pub code: String,
    pub province_code: String,
    pub name: String,
    pub short_name: String,
    pub kind: CommuneKind,
    pub lat: f64,
    pub lon: f64,
    pub area_km2: Option<f64>,
    pub population: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConversionRow {
    pub new_commune_code: String,
    pub old_commune_code: String,
    pub old_commune_name: String,
    pub note: String,
    pub old_district_code: String,
    pub old_district_name: String,
    pub old_province_code: String,
    pub old_province_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MoetCodeRow {
    pub moet_province_code: String,
    pub moet_province_name: String,
    pub district_code: String,
    pub district_name: String,
    pub district_type: String,
    pub school_code: String,
    pub school_name: String,
}

/// Counts of what a load wrote.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LoadSummary {
    pub provinces: usize,
    pub communes: usize,
    pub communes_with_population: usize,
    pub conversions: usize,
    pub moet_school_codes: usize,
}

/// Parsed reference data, ready to write.
#[derive(Debug, Clone)]
pub struct ReferenceData {
    pub provinces: Vec<ProvinceRow>,
    pub communes: Vec<CommuneRow>,
    pub conversions: Vec<ConversionRow>,
    pub moet_codes: Vec<MoetCodeRow>,
}

impl ReferenceData {
    /// Parses the files embedded in the binary.
    pub fn embedded() -> DbResult<ReferenceData> {
        let (provinces, mut communes) = parse_units(UNITS_CSV)?;
        attach_population(&mut communes, &provinces, POPULATION_CSV)?;
        let conversions = parse_conversions(CONVERSION_CSV)?;
        let moet_codes = parse_moet_codes(MOET_CODES_CSV)?;
        Ok(ReferenceData { provinces, communes, conversions, moet_codes })
    }
}

/// Loads the embedded reference data into the database, updating rows already there.
pub async fn load(db: &Db) -> DbResult<LoadSummary> {
    let data = tokio::task::spawn_blocking(ReferenceData::embedded)
        .await
        .map_err(|error| DbError::Invalid(format!("reference data parser panicked: {error}")))??;
    let summary = write(db, &data).await?;
    crate::staffing::rule_sets::load_national(db).await?;
    info!(
        reference.provinces = summary.provinces,
        reference.communes = summary.communes,
        reference.conversions = summary.conversions,
        "reference data loaded"
    );
    Ok(summary)
}

/// Loads a units file in the layout of the shipped one (such as a newer national list),
/// updating the provinces and communes it names and leaving the rest alone.
pub async fn load_units_file(db: &Db, text: &str) -> DbResult<LoadSummary> {
    let (provinces, mut communes) = parse_units(text)?;
    attach_population(&mut communes, &provinces, POPULATION_CSV)?;
    let data = ReferenceData { provinces, communes, conversions: Vec::new(), moet_codes: Vec::new() };
    write(db, &data).await
}

/// Returns whether the reference tables have been loaded.
pub async fn is_loaded(db: &Db) -> DbResult<bool> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM communes").fetch_one(&db.pool).await?;
    Ok(count > 0)
}

async fn write(db: &Db, data: &ReferenceData) -> DbResult<LoadSummary> {
    let mut tx = db.begin().await?;
    for chunk in data.provinces.chunks(CHUNK_ROWS) {
        let mut query = SqlBuilder::new(
            "INSERT INTO provinces (code, name, short_name, name_folded, lat, lon) ",
        );
        query.push_values(chunk, |mut row, p| {
            row.push_bind(p.code.clone())
                .push_bind(p.name.clone())
                .push_bind(p.short_name.clone())
                .push_bind(fold(&p.short_name))
                .push_bind(p.lat)
                .push_bind(p.lon);
        });
        query.push(
            " ON CONFLICT (code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, \
             name_folded = excluded.name_folded, lat = excluded.lat, lon = excluded.lon",
        );
        query.build().execute(&mut *tx).await?;
    }
    for chunk in data.communes.chunks(CHUNK_ROWS) {
        let mut query = SqlBuilder::new(
            "INSERT INTO communes (code, province_code, name, short_name, name_folded, kind, lat, lon, \
             area_km2, population) ",
        );
        query.push_values(chunk, |mut row, c| {
            row.push_bind(c.code.clone())
                .push_bind(c.province_code.clone())
                .push_bind(c.name.clone())
                .push_bind(c.short_name.clone())
                .push_bind(fold(&c.short_name))
                .push_bind(c.kind.as_str())
                .push_bind(c.lat)
                .push_bind(c.lon)
                .push_bind(c.area_km2)
                .push_bind(c.population);
        });
        query.push(
            " ON CONFLICT (code) DO UPDATE SET province_code = excluded.province_code, name = excluded.name, \
             short_name = excluded.short_name, name_folded = excluded.name_folded, kind = excluded.kind, \
             lat = excluded.lat, lon = excluded.lon, area_km2 = excluded.area_km2, \
             population = excluded.population",
        );
        query.build().execute(&mut *tx).await?;
    }
    for chunk in data.conversions.chunks(CHUNK_ROWS) {
        let mut query = SqlBuilder::new(
            "INSERT INTO commune_conversions (new_commune_code, old_commune_code, old_commune_name, note, \
             old_district_code, old_district_name, old_district_folded, old_province_code, old_province_name) ",
        );
        query.push_values(chunk, |mut row, c| {
            row.push_bind(c.new_commune_code.clone())
                .push_bind(c.old_commune_code.clone())
                .push_bind(c.old_commune_name.clone())
                .push_bind(c.note.clone())
                .push_bind(c.old_district_code.clone())
                .push_bind(c.old_district_name.clone())
                .push_bind(fold(&c.old_district_name))
                .push_bind(c.old_province_code.clone())
                .push_bind(c.old_province_name.clone());
        });
        query.push(
            " ON CONFLICT (new_commune_code, old_commune_code) DO UPDATE SET \
             old_commune_name = excluded.old_commune_name, note = excluded.note, \
             old_district_code = excluded.old_district_code, old_district_name = excluded.old_district_name, \
             old_district_folded = excluded.old_district_folded, \
             old_province_code = excluded.old_province_code, old_province_name = excluded.old_province_name",
        );
        query.build().execute(&mut *tx).await?;
    }
    for chunk in data.moet_codes.chunks(CHUNK_ROWS) {
        let mut query = SqlBuilder::new(
            "INSERT INTO moet_school_codes (moet_province_code, moet_province_name, district_code, \
             district_name, district_type, school_code, school_name) ",
        );
        query.push_values(chunk, |mut row, m| {
            row.push_bind(m.moet_province_code.clone())
                .push_bind(m.moet_province_name.clone())
                .push_bind(m.district_code.clone())
                .push_bind(m.district_name.clone())
                .push_bind(m.district_type.clone())
                .push_bind(m.school_code.clone())
                .push_bind(m.school_name.clone());
        });
        query.push(
            " ON CONFLICT (moet_province_code, school_code) DO UPDATE SET \
             moet_province_name = excluded.moet_province_name, district_code = excluded.district_code, \
             district_name = excluded.district_name, district_type = excluded.district_type, \
             school_name = excluded.school_name",
        );
        query.build().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(LoadSummary {
        provinces: data.provinces.len(),
        communes: data.communes.len(),
        communes_with_population: data.communes.iter().filter(|c| c.population.is_some()).count(),
        conversions: data.conversions.len(),
        moet_school_codes: data.moet_codes.len(),
    })
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes())
}

fn invalid(file: &str, line: usize, what: &str) -> DbError {
    DbError::Invalid(format!("reference file {file}, line {line}: {what}"))
}

fn number(raw: &str) -> Option<f64> {
    raw.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parses the units file: one row per commune-level unit, with its province's name,
/// code and representative point repeated on every row.
pub fn parse_units(text: &str) -> DbResult<(Vec<ProvinceRow>, Vec<CommuneRow>)> {
    const FILE: &str = "2025_34-province-3221-ward_with_location.csv";
    let mut provinces: Vec<ProvinceRow> = Vec::new();
    let mut communes = Vec::new();
    for (index, record) in csv_reader(text).records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|e| invalid(FILE, line, &e.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or_default();
        let province = province_code(field(5)).ok_or_else(|| invalid(FILE, line, "bad province code"))?;
        if !provinces.iter().any(|p| p.code == province) {
            provinces.push(ProvinceRow {
                code: province.clone(),
                name: normalize(field(0)),
                short_name: normalize(field(2)),
                lat: number(field(6)).ok_or_else(|| invalid(FILE, line, "bad province latitude"))?,
                lon: number(field(7)).ok_or_else(|| invalid(FILE, line, "bad province longitude"))?,
            });
        }
        communes.push(CommuneRow {
            code: commune_code(field(8)).ok_or_else(|| invalid(FILE, line, "bad commune code"))?,
            province_code: province,
            name: normalize(field(1)),
            short_name: normalize(field(3)),
            kind: CommuneKind::from_vietnamese(field(4)).ok_or_else(|| invalid(FILE, line, "bad unit type"))?,
            lat: number(field(9)).ok_or_else(|| invalid(FILE, line, "bad latitude"))?,
            lon: number(field(10)).ok_or_else(|| invalid(FILE, line, "bad longitude"))?,
            area_km2: number(field(11)),
            population: None,
        });
    }
    provinces.sort_by(|a, b| a.code.cmp(&b.code));
    Ok((provinces, communes))
}

/// Folds a province name down to its proper name: "Thủ đô Hà Nội", "Thành phố Hà Nội"
/// and "Tỉnh Bắc Ninh (24)" become "ha noi" and "bac ninh".
pub fn province_key(name: &str) -> String {
    let folded = fold(name);
    let without_code = folded.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    ["thu do ", "thanh pho ", "tp ", "tinh "]
        .iter()
        .find_map(|prefix| without_code.strip_prefix(prefix))
        .unwrap_or(without_code)
        .trim()
        .to_owned()
}

/// Fills in 2025 population from the map publisher's file, joined on province, unit
/// type and name because that file carries its own ids rather than NSO codes.
fn attach_population(communes: &mut [CommuneRow], provinces: &[ProvinceRow], text: &str) -> DbResult<()> {
    const FILE: &str = "sapnhap.bando.com.vn_ward_2025-07-17.csv";
    let province_by_key: HashMap<String, &str> =
        provinces.iter().map(|p| (province_key(&p.short_name), p.code.as_str())).collect();
    let mut population = HashMap::new();
    for (index, record) in csv_reader(text).records().enumerate() {
        let record = record.map_err(|e| invalid(FILE, index + 2, &e.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or_default();
        let Some(province) = province_by_key.get(&province_key(field(3))) else {
            warn!(reference.line = index + 2, "population row names an unknown province");
            continue;
        };
        let people = field(8).trim().replace('.', "").parse::<i64>().ok();
        population.insert((province.to_string(), fold(field(4)), name_key(field(5))), people);
    }
    for commune in communes.iter_mut() {
        let kind = match commune.kind {
            CommuneKind::Commune => "xa",
            CommuneKind::Ward => "phuong",
            CommuneKind::SpecialZone => "dac khu",
        };
        let key = (commune.province_code.clone(), kind.to_owned(), name_key(&commune.short_name));
        commune.population = population.get(&key).copied().flatten();
    }
    Ok(())
}

/// Keys a unit name for the population join. Tone marks stay, because names such as
/// Thạnh An and Thanh An differ only by them; tone placement and case are unified.
fn name_key(name: &str) -> String {
    normalize_tone_placement(&normalize(name)).to_lowercase()
}

/// Splits "Quận Ba Đình (001)" into its name and code.
fn name_and_code(raw: &str) -> (String, String) {
    let text = normalize(raw);
    if let Some(open) = text.rfind('(')
        && text.ends_with(')')
    {
        let code = text[open + 1..text.len() - 1].trim().to_owned();
        return (text[..open].trim().to_owned(), code);
    }
    (text, String::new())
}

/// Parses the official conversion table. Its two header rows and the province banner
/// rows (a name in the first column only) are skipped. Names are trimmed of the stray
/// spaces and line breaks that the published file carries.
pub fn parse_conversions(text: &str) -> DbResult<Vec<ConversionRow>> {
    const FILE: &str = "BangChuyendoiDVHCmoi_cu_khong_merge.csv";
    let mut rows = Vec::new();
    for (index, record) in csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes())
        .records()
        .enumerate()
    {
        let line = index + 1;
        let record = record.map_err(|e| invalid(FILE, line, &e.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or_default();
        let Some(new_code) = commune_code(field(2)) else {
            continue;
        };
        let (old_district_name, old_district_code) = name_and_code(field(6));
        // Island districts without communes (Côn Đảo, Lý Sơn, Bạch Long Vĩ …) became
        // special zones whole. Their row names no old commune, so the district replaces it.
        let (old_code, old_name) = match commune_code(field(4)) {
            Some(code) => (code, normalize(field(3))),
            None if field(4).trim().is_empty() && !old_district_code.is_empty() => {
                let name = if field(3).trim().is_empty() { old_district_name.clone() } else { normalize(field(3)) };
                (format!("D{old_district_code}"), name)
            }
            None => return Err(invalid(FILE, line, "bad old commune code")),
        };
        let (old_province_name, old_province_code) = name_and_code(field(7));
        rows.push(ConversionRow {
            new_commune_code: new_code,
            old_commune_code: old_code,
            old_commune_name: old_name,
            note: normalize(field(5)),
            old_district_code,
            old_district_name,
            old_province_code: province_code(&old_province_code).unwrap_or(old_province_code),
            old_province_name,
        });
    }
    rows.sort_by(|a, b| (&a.new_commune_code, &a.old_commune_code).cmp(&(&b.new_commune_code, &b.old_commune_code)));
    rows.dedup_by(|a, b| a.new_commune_code == b.new_commune_code && a.old_commune_code == b.old_commune_code);
    Ok(rows)
}

/// Parses MOET's national list of upper-secondary school codes.
pub fn parse_moet_codes(text: &str) -> DbResult<Vec<MoetCodeRow>> {
    const FILE: &str = "schools_nationwide.csv";
    let mut rows = Vec::new();
    for (index, record) in csv_reader(text).records().enumerate() {
        let record = record.map_err(|e| invalid(FILE, index + 2, &e.to_string()))?;
        let field = |i: usize| normalize(record.get(i).unwrap_or_default());
        rows.push(MoetCodeRow {
            moet_province_code: field(0),
            moet_province_name: field(1),
            district_code: field(2),
            district_name: field(3),
            district_type: field(4),
            school_code: field(5),
            school_name: field(6),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_has_every_unit() {
        let data = ReferenceData::embedded().unwrap();
        assert_eq!(data.provinces.len(), 34);
        assert_eq!(data.communes.len(), 3321);
        let hcmc: Vec<_> = data.communes.iter().filter(|c| c.province_code == "79").collect();
        assert_eq!(hcmc.len(), 168);
    }

    #[test]
    fn population_joins_most_units() {
        let data = ReferenceData::embedded().unwrap();
        let with_population = data.communes.iter().filter(|c| c.population.is_some()).count();
        // The source marks about 70 units as "still being updated".
        assert!(with_population > 3200, "only {with_population} units have a population");
        let hcmc: i64 = data.communes.iter().filter(|c| c.province_code == "79").filter_map(|c| c.population).sum();
        assert_eq!(hcmc, 14_544_929);
    }

    #[test]
    fn conversions_cover_every_new_unit() {
        let data = ReferenceData::embedded().unwrap();
        let mut new_codes: Vec<_> = data.conversions.iter().map(|c| c.new_commune_code.as_str()).collect();
        new_codes.sort_unstable();
        new_codes.dedup();
        assert_eq!(new_codes.len(), 3321);
        let sample = data.conversions.iter().find(|c| c.old_district_name == "Quận Ba Đình").unwrap();
        assert_eq!(sample.old_district_code, "001");
        assert_eq!(sample.old_province_code, "01");
    }

    #[test]
    fn province_key_strips_prefixes() {
        assert_eq!(province_key("Thủ đô Hà Nội"), "ha noi");
        assert_eq!(province_key("Tỉnh Bắc Ninh (24)"), "bac ninh");
        assert_eq!(province_key("Tp. Hồ Chí Minh"), "ho chi minh");
    }
}
