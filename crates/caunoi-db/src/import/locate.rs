//! Placing a school in today's commune of the importing province.
//!
//! An explicit commune column (code or name) wins. Otherwise the old district is
//! looked up in the conversion table: one new commune places the school, several go
//! to a person as candidates. The old province only narrows the search and rejects
//! schools of provinces outside the importing one.

use std::collections::BTreeSet;

use caunoi_core::org::{commune_code, province_code};

use super::conversions::{ConversionIndex, DistrictMatch, DistrictMatchKind, ProvinceScope};
use super::header::Field;
use super::problem::{Problem, Severity, ids};
use super::row::{CommuneSource, SchoolRow};
use super::schools::RowCells;

/// Fills the place fields of `data`: old province, district and commune, today's
/// commune or its candidates, and MOET's province code.
pub(crate) fn locate(
    cells: &RowCells,
    index: &ConversionIndex,
    data: &mut SchoolRow,
    problems: &mut Vec<Problem>,
) {
    let scope = province_scope(cells, index, data, problems);
    if scope == ProvinceScope::Outside {
        return;
    }
    if data.moet_province_code.is_none() {
        data.moet_province_code = index.moet_province_code(&scope).map(str::to_owned);
    }
    let district = district_communes(cells, index, &scope, data, problems);
    let explicit = explicit_commune(
        cells,
        index,
        district.as_ref().map(|d| &d.0),
        data,
        problems,
    );
    report_district(cells, district.as_ref().map(|d| &d.0), &explicit, problems);
    match explicit {
        Explicit::Resolved => {
            check_inside_district(cells, district.as_ref().map(|d| &d.1), data, problems)
        }
        Explicit::Candidates(codes) => {
            let codes = within_district(codes, district.as_ref().map(|d| &d.1));
            offer(cells, index, &codes, false, data, problems);
        }
        Explicit::Missing => match district {
            Some((matched, codes)) => offer(
                cells,
                index,
                &codes,
                matched.kind == DistrictMatchKind::Guessed,
                data,
                problems,
            ),
            None if cells.value(Field::District).is_none() => {
                problems.push(cells.problem(Severity::Error, ids::MISSING_PLACE, Field::District));
            }
            None => {}
        },
        Explicit::Failed => {}
    }
}

/// Resolves the old province from its name, or from MOET's code through MOET's list.
fn province_scope(
    cells: &RowCells,
    index: &ConversionIndex,
    data: &mut SchoolRow,
    problems: &mut Vec<Problem>,
) -> ProvinceScope {
    let code = cells
        .value(Field::ProvinceCode)
        .map(|raw| province_code(raw).unwrap_or_else(|| raw.to_owned()));
    data.moet_province_code.clone_from(&code);
    let (name, field) = match (cells.value(Field::ProvinceName), code.as_deref()) {
        (Some(name), _) => (name.to_owned(), Field::ProvinceName),
        (None, Some(code)) => match index.moet_province_name(code) {
            Some(name) => (name.to_owned(), Field::ProvinceCode),
            None => return ProvinceScope::All,
        },
        (None, None) => return ProvinceScope::All,
    };
    data.old_province = Some(name.clone());
    let scope = index.province_scope(&name);
    if scope == ProvinceScope::Outside {
        problems.push(
            cells
                .problem(Severity::Error, ids::PROVINCE_OUTSIDE, field)
                .with_arg("province", index.province_name())
                .with_arg("old_province", name),
        );
    }
    scope
}

/// Matches the old district and, when given, the old commune. Returns the match and
/// the new communes it leads to: those formed from the old commune when it is found
/// in the district, else those formed from the whole district.
fn district_communes(
    cells: &RowCells,
    index: &ConversionIndex,
    scope: &ProvinceScope,
    data: &mut SchoolRow,
    problems: &mut Vec<Problem>,
) -> Option<(DistrictMatch, BTreeSet<String>)> {
    let text = cells.value(Field::District)?;
    data.old_district = Some(text.to_owned());
    data.old_commune = cells.value(Field::OldCommune).map(str::to_owned);
    let matched = index.match_district(scope, text)?;
    let Some(old_commune) = data.old_commune.as_deref() else {
        let codes = matched.communes.clone();
        return Some((matched, codes));
    };
    let codes = index
        .narrow_by_old_commune(&matched, old_commune)
        .unwrap_or_else(|| {
            problems.push(
                cells
                    .problem(
                        Severity::Warning,
                        ids::UNKNOWN_OLD_COMMUNE,
                        Field::OldCommune,
                    )
                    .with_arg("district", matched.names.join(", ")),
            );
            matched.communes.clone()
        });
    Some((matched, codes))
}

/// Outcome of the commune columns.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Explicit {
    /// No commune column value.
    Missing,
    /// The commune is set on the row.
    Resolved,
    /// The name fits several communes, or it is an old commune of the district.
    Candidates(BTreeSet<String>),
    /// The value names no commune; an error is recorded.
    Failed,
}

fn explicit_commune(
    cells: &RowCells,
    index: &ConversionIndex,
    district: Option<&DistrictMatch>,
    data: &mut SchoolRow,
    problems: &mut Vec<Problem>,
) -> Explicit {
    if let Some(raw) = cells.value(Field::CommuneCode) {
        return match commune_code(raw).and_then(|code| index.commune(&code)) {
            Some(commune) => {
                data.set_commune(commune, CommuneSource::Column);
                Explicit::Resolved
            }
            None => {
                problems.push(
                    cells
                        .problem(
                            Severity::Error,
                            ids::UNKNOWN_COMMUNE_CODE,
                            Field::CommuneCode,
                        )
                        .with_arg("province", index.province_name()),
                );
                Explicit::Failed
            }
        };
    }
    let Some(name) = cells.value(Field::Commune) else {
        return Explicit::Missing;
    };
    let found = index.communes_named(name);
    match found.as_slice() {
        [commune] => {
            data.set_commune(commune, CommuneSource::Column);
            Explicit::Resolved
        }
        [] => old_commune_of_district(cells, index, district, name, problems),
        several => Explicit::Candidates(several.iter().map(|c| c.code.clone()).collect()),
    }
}

/// Reads a commune column that contains an old commune's name, as lists written before
/// July 2025 do, by looking it up among the old communes of the row's district.
fn old_commune_of_district(
    cells: &RowCells,
    index: &ConversionIndex,
    district: Option<&DistrictMatch>,
    name: &str,
    problems: &mut Vec<Problem>,
) -> Explicit {
    match district.and_then(|matched| index.narrow_by_old_commune(matched, name)) {
        Some(codes) => {
            problems.push(cells.problem(Severity::Warning, ids::COMMUNE_IS_OLD, Field::Commune));
            Explicit::Candidates(codes)
        }
        None => {
            problems.push(
                cells
                    .problem(Severity::Error, ids::UNKNOWN_COMMUNE, Field::Commune)
                    .with_arg("province", index.province_name()),
            );
            Explicit::Failed
        }
    }
}

/// Records what the district lookup found. An unknown district blocks the row only
/// when no commune column placed the school.
fn report_district(
    cells: &RowCells,
    district: Option<&DistrictMatch>,
    explicit: &Explicit,
    problems: &mut Vec<Problem>,
) {
    if cells.value(Field::District).is_none() {
        return;
    }
    match district {
        None => {
            let severity = if *explicit == Explicit::Missing {
                Severity::Error
            } else {
                Severity::Warning
            };
            problems.push(cells.problem(severity, ids::UNKNOWN_DISTRICT, Field::District));
        }
        Some(matched) => {
            let names = matched.names.join(", ");
            let id = match matched.kind {
                DistrictMatchKind::Exact => return,
                DistrictMatchKind::Former => ids::FORMER_DISTRICT,
                DistrictMatchKind::Guessed => ids::DISTRICT_GUESSED,
            };
            let severity = if matched.kind == DistrictMatchKind::Guessed {
                Severity::Warning
            } else {
                Severity::Info
            };
            problems.push(
                cells
                    .problem(severity, id, Field::District)
                    .with_arg("district", names),
            );
        }
    }
}

/// Keeps the communes that the old district became, when that leaves any: a commune
/// name shared by several units is then settled by the district.
fn within_district(
    codes: BTreeSet<String>,
    district: Option<&BTreeSet<String>>,
) -> BTreeSet<String> {
    let Some(district) = district else {
        return codes;
    };
    let inside: BTreeSet<String> = codes.intersection(district).cloned().collect();
    if inside.is_empty() { codes } else { inside }
}

/// Warns when the commune column names a commune that the old district did not become.
fn check_inside_district(
    cells: &RowCells,
    district: Option<&BTreeSet<String>>,
    data: &SchoolRow,
    problems: &mut Vec<Problem>,
) {
    let (Some(codes), Some(code)) = (district, data.commune_code.as_deref()) else {
        return;
    };
    if !codes.contains(code) {
        let field = if cells.value(Field::CommuneCode).is_some() {
            Field::CommuneCode
        } else {
            Field::Commune
        };
        let district = data.old_district.clone().unwrap_or_default();
        problems.push(
            cells
                .problem(Severity::Warning, ids::COMMUNE_OUTSIDE_DISTRICT, field)
                .with_arg("district", district),
        );
    }
}

/// Places the school when exactly one commune fits and the match is sure; otherwise
/// stores the candidates for a person to choose from.
fn offer(
    cells: &RowCells,
    index: &ConversionIndex,
    codes: &BTreeSet<String>,
    guessed: bool,
    data: &mut SchoolRow,
    problems: &mut Vec<Problem>,
) {
    let candidates = index.commune_refs(codes);
    if let [only] = candidates.as_slice()
        && !guessed
    {
        let source = if cells.value(Field::District).is_some() {
            CommuneSource::District
        } else {
            CommuneSource::Column
        };
        data.set_commune(only, source);
        return;
    }
    let field = if cells.value(Field::Commune).is_some() {
        Field::Commune
    } else {
        Field::District
    };
    problems.push(
        cells
            .problem(Severity::Info, ids::SEVERAL_COMMUNES, field)
            .with_arg("count", candidates.len()),
    );
    data.candidates = candidates;
}
