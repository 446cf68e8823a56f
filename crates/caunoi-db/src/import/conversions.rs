//! The reference data a school list is matched against: today's communes of the
//! importing province and the old provinces, districts and communes they were formed
//! from, after the official conversion table (`commune_conversions`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::places::{
    DistrictKind, DistrictName, FORMER_DISTRICTS, commune_keys, edit_distance_within, province_key,
};
use crate::{Db, DbResult};

/// Minimum key length for a one-letter-off district match; shorter keys ("1", "go")
/// are too easily confused.
const FUZZY_MIN_KEY_LEN: usize = 5;

/// A commune-level unit of today, as rows store it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CommuneRef {
    pub code: String,
    pub name: String,
}

/// One row of the conversion table, reduced to what matching needs. Old provinces are
/// matched by name, because school lists carry MOET's province codes, which differ from
/// the NSO codes of the table (`02` against `79` for the old Ho Chi Minh City).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionEntry {
    pub new_commune_code: String,
    pub old_commune_name: String,
    pub old_district_name: String,
    pub old_province_name: String,
}

/// Today's communes of one province and the old units that formed them.
#[derive(Debug, Clone)]
pub struct ConversionIndex {
    province_code: String,
    province_name: String,
    province_key: String,
    communes: BTreeMap<String, CommuneRef>,
    /// Commune codes by name key with and without the unit type.
    communes_by_key: HashMap<String, BTreeSet<String>>,
    old_provinces: Vec<OldProvince>,
    /// MOET province code → MOET province name, from `moet_school_codes`.
    moet_names: HashMap<String, String>,
    /// Old province key → MOET province code.
    moet_codes: HashMap<String, String>,
}

#[derive(Debug, Clone)]
struct OldProvince {
    key: String,
    districts: Vec<OldDistrict>,
}

#[derive(Debug, Clone)]
struct OldDistrict {
    name: String,
    kind: Option<DistrictKind>,
    key: String,
    communes: BTreeSet<String>,
    /// New commune codes by the key of the old commune they came from.
    by_old_commune: HashMap<String, BTreeSet<String>>,
}

/// Old provinces a row's province column points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProvinceScope {
    /// No province given, or today's province itself: every old province qualifies.
    All,
    /// Positions in the index of the matching old provinces.
    Some(Vec<usize>),
    /// An old province that is no part of the importing province.
    Outside,
}

/// Kind of match between a district name and the conversion table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DistrictMatchKind {
    Exact,
    /// A district that had been merged or renamed before the conversion table.
    Former,
    /// A misspelt name matched by dropping a word or one letter off; needs a person.
    Guessed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DistrictMatch {
    pub kind: DistrictMatchKind,
    /// Names of the matched districts as the conversion table writes them.
    pub names: Vec<String>,
    pub communes: BTreeSet<String>,
    /// (old province, district) positions, to narrow by old commune.
    positions: Vec<(usize, usize)>,
}

impl ConversionIndex {
    /// Builds the index of `province` from its communes, the conversion rows of those
    /// communes and MOET's province names (code, name).
    pub fn new(
        province_code: &str,
        province_name: &str,
        communes: Vec<CommuneRef>,
        conversions: Vec<ConversionEntry>,
        moet_provinces: Vec<(String, String)>,
    ) -> ConversionIndex {
        let mut index = ConversionIndex {
            province_code: province_code.to_owned(),
            province_name: province_name.to_owned(),
            province_key: province_key(province_name),
            communes: BTreeMap::new(),
            communes_by_key: HashMap::new(),
            old_provinces: Vec::new(),
            moet_names: HashMap::new(),
            moet_codes: HashMap::new(),
        };
        for commune in communes {
            index.add_commune(commune);
        }
        for entry in conversions {
            if index.communes.contains_key(&entry.new_commune_code) {
                index.add_conversion(entry);
            }
        }
        for (code, name) in moet_provinces {
            index
                .moet_codes
                .entry(province_key(&name))
                .or_insert_with(|| code.clone());
            index.moet_names.insert(code, name);
        }
        index
    }

    /// Loads the index of `province` from the reference tables.
    pub async fn load(db: &Db, province: &str) -> DbResult<ConversionIndex> {
        let (code, name): (String, String) =
            sqlx::query_as("SELECT code, name FROM provinces WHERE code = $1")
                .bind(province)
                .fetch_one(&db.pool)
                .await?;

        let communes: Vec<(String, String)> = sqlx::query_as(
            "SELECT code, name FROM communes WHERE province_code = $1 ORDER BY code",
        )
        .bind(province)
        .fetch_all(&db.pool)
        .await?;
        let communes = communes
            .into_iter()
            .map(|(code, name)| CommuneRef { code, name })
            .collect();

        let conversions: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT cc.new_commune_code, cc.old_commune_name, cc.old_district_name, \
             cc.old_province_name FROM commune_conversions cc \
             JOIN communes c ON c.code = cc.new_commune_code WHERE c.province_code = $1",
        )
        .bind(province)
        .fetch_all(&db.pool)
        .await?;
        let conversions = conversions
            .into_iter()
            .map(
                |(new_commune_code, old_commune_name, old_district_name, old_province_name)| {
                    ConversionEntry {
                        new_commune_code,
                        old_commune_name,
                        old_district_name,
                        old_province_name,
                    }
                },
            )
            .collect();

        let moet_provinces: Vec<(String, String)> = sqlx::query_as(
            "SELECT DISTINCT moet_province_code, moet_province_name FROM moet_school_codes",
        )
        .fetch_all(&db.pool)
        .await?;

        Ok(ConversionIndex::new(
            &code,
            &name,
            communes,
            conversions,
            moet_provinces,
        ))
    }

    fn add_commune(&mut self, commune: CommuneRef) {
        let (full, short) = commune_keys(&commune.name);
        for key in [full, short] {
            self.communes_by_key
                .entry(key)
                .or_default()
                .insert(commune.code.clone());
        }
        self.communes.insert(commune.code.clone(), commune);
    }

    fn add_conversion(&mut self, entry: ConversionEntry) {
        let key = province_key(&entry.old_province_name);
        let province = match self.old_provinces.iter().position(|p| p.key == key) {
            Some(position) => position,
            None => {
                self.old_provinces.push(OldProvince {
                    key,
                    districts: Vec::new(),
                });
                self.old_provinces.len() - 1
            }
        };
        let name = DistrictName::parse(&entry.old_district_name);
        let districts = &mut self.old_provinces[province].districts;
        let district = match districts
            .iter()
            .position(|d| d.key == name.key() && d.kind == name.kind)
        {
            Some(position) => &mut districts[position],
            None => {
                districts.push(OldDistrict {
                    name: entry.old_district_name.clone(),
                    kind: name.kind,
                    key: name.key(),
                    communes: BTreeSet::new(),
                    by_old_commune: HashMap::new(),
                });
                districts.last_mut().expect("just pushed")
            }
        };
        district.communes.insert(entry.new_commune_code.clone());
        let (_, old_commune) = commune_keys(&entry.old_commune_name);
        district
            .by_old_commune
            .entry(old_commune)
            .or_default()
            .insert(entry.new_commune_code);
    }

    pub fn province_code(&self) -> &str {
        &self.province_code
    }

    pub fn province_name(&self) -> &str {
        &self.province_name
    }

    pub(crate) fn commune(&self, code: &str) -> Option<&CommuneRef> {
        self.communes.get(code)
    }

    /// Returns today's communes whose name matches `text`, with or without its type.
    pub(crate) fn communes_named(&self, text: &str) -> Vec<&CommuneRef> {
        let (full, short) = commune_keys(text);
        let codes = self
            .communes_by_key
            .get(&full)
            .or_else(|| self.communes_by_key.get(&short));
        codes
            .into_iter()
            .flatten()
            .filter_map(|code| self.communes.get(code))
            .collect()
    }

    /// Returns the communes of `codes`, sorted by name.
    pub(crate) fn commune_refs(&self, codes: &BTreeSet<String>) -> Vec<CommuneRef> {
        let mut refs: Vec<CommuneRef> = codes
            .iter()
            .filter_map(|code| self.communes.get(code))
            .cloned()
            .collect();
        refs.sort_by_cached_key(|c| (caunoi_core::text::fold(&c.name), c.code.clone()));
        refs
    }

    pub(crate) fn moet_province_name(&self, code: &str) -> Option<&str> {
        self.moet_names.get(code).map(String::as_str)
    }

    /// Returns MOET's code of an old province, when `scope` is exactly one province.
    pub(crate) fn moet_province_code(&self, scope: &ProvinceScope) -> Option<&str> {
        match scope {
            ProvinceScope::Some(positions) if positions.len() == 1 => self
                .moet_codes
                .get(&self.old_provinces[positions[0]].key)
                .map(String::as_str),
            _ => None,
        }
    }

    /// Resolves a province name written in a row.
    pub(crate) fn province_scope(&self, text: &str) -> ProvinceScope {
        let key = province_key(text);
        if key.is_empty() || key == self.province_key {
            return ProvinceScope::All;
        }
        let positions: Vec<usize> = self
            .old_provinces
            .iter()
            .enumerate()
            .filter(|(_, p)| p.key == key)
            .map(|(i, _)| i)
            .collect();
        if positions.is_empty() {
            ProvinceScope::Outside
        } else {
            ProvinceScope::Some(positions)
        }
    }

    /// Matches an old district name within `scope`: by type and name, then by name
    /// alone, then through [`FORMER_DISTRICTS`], then by dropping misspelt leading
    /// words, then one letter off.
    pub(crate) fn match_district(
        &self,
        scope: &ProvinceScope,
        text: &str,
    ) -> Option<DistrictMatch> {
        let provinces: Vec<usize> = match scope {
            ProvinceScope::All => (0..self.old_provinces.len()).collect(),
            ProvinceScope::Some(positions) => positions.clone(),
            ProvinceScope::Outside => return None,
        };
        let name = DistrictName::parse(text);
        let key = name.key();
        if key.is_empty() {
            return None;
        }
        let exact = |d: &OldDistrict| d.key == key && d.kind == name.kind && name.kind.is_some();
        self.collect(&provinces, DistrictMatchKind::Exact, |_, d| exact(d))
            .or_else(|| self.collect(&provinces, DistrictMatchKind::Exact, |_, d| d.key == key))
            .or_else(|| {
                self.collect(&provinces, DistrictMatchKind::Former, |p, d| {
                    is_successor(&p.key, &key, &d.key)
                })
            })
            .or_else(|| {
                let shortened = name.shortened_keys();
                self.collect(&provinces, DistrictMatchKind::Guessed, |_, d| {
                    shortened.contains(&d.key)
                })
            })
            .or_else(|| {
                let close = |d: &OldDistrict| {
                    key.len() >= FUZZY_MIN_KEY_LEN
                        && edit_distance_within(&key, &d.key, 1).is_some()
                };
                self.collect(&provinces, DistrictMatchKind::Guessed, |_, d| close(d))
            })
    }

    fn collect(
        &self,
        provinces: &[usize],
        kind: DistrictMatchKind,
        matches: impl Fn(&OldProvince, &OldDistrict) -> bool,
    ) -> Option<DistrictMatch> {
        let mut found = DistrictMatch {
            kind,
            names: Vec::new(),
            communes: BTreeSet::new(),
            positions: Vec::new(),
        };
        for &p in provinces {
            let province = &self.old_provinces[p];
            for (d, district) in province.districts.iter().enumerate() {
                if matches(province, district) {
                    found.names.push(district.name.clone());
                    found.communes.extend(district.communes.iter().cloned());
                    found.positions.push((p, d));
                }
            }
        }
        (!found.positions.is_empty()).then_some(found)
    }

    /// Narrows a district match to the new communes formed from the old commune named
    /// `text`. Returns `None` when no old commune of the district has that name.
    pub(crate) fn narrow_by_old_commune(
        &self,
        matched: &DistrictMatch,
        text: &str,
    ) -> Option<BTreeSet<String>> {
        let (_, key) = commune_keys(text);
        let mut codes = BTreeSet::new();
        for &(p, d) in &matched.positions {
            if let Some(found) = self.old_provinces[p].districts[d].by_old_commune.get(&key) {
                codes.extend(found.iter().cloned());
            }
        }
        (!codes.is_empty()).then_some(codes)
    }
}

fn is_successor(province: &str, former: &str, district: &str) -> bool {
    FORMER_DISTRICTS
        .iter()
        .any(|(p, f, successors)| *p == province && *f == former && successors.contains(&district))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(new: &str, old_commune: &str, district: &str, province: &str) -> ConversionEntry {
        ConversionEntry {
            new_commune_code: new.to_owned(),
            old_commune_name: old_commune.to_owned(),
            old_district_name: district.to_owned(),
            old_province_name: province.to_owned(),
        }
    }

    /// Đồng Tháp had both a Thành phố and a Huyện Cao Lãnh.
    fn dong_thap() -> ConversionIndex {
        let communes = ["Phường Cao Lãnh", "Xã Mỹ Thọ", "Xã Ba Sao"]
            .iter()
            .enumerate()
            .map(|(i, name)| CommuneRef {
                code: format!("0000{i}"),
                name: (*name).to_owned(),
            })
            .collect();
        let conversions = vec![
            entry("00000", "Phường 1", "Thành phố Cao Lãnh", "Tỉnh Đồng Tháp"),
            entry(
                "00001",
                "Thị trấn Mỹ Thọ",
                "Huyện Cao Lãnh",
                "Tỉnh Đồng Tháp",
            ),
            entry("00002", "Xã Ba Sao", "Huyện Cao Lãnh", "Tỉnh Đồng Tháp"),
        ];
        ConversionIndex::new("82", "Tỉnh Đồng Tháp", communes, conversions, Vec::new())
    }

    fn codes(found: &DistrictMatch) -> Vec<&str> {
        found.communes.iter().map(String::as_str).collect()
    }

    #[test]
    fn district_type_decides_between_namesakes() {
        let index = dong_thap();
        let scope = index.province_scope("Đồng Tháp");
        let rural = index.match_district(&scope, "H. Cao Lãnh").unwrap();
        assert_eq!(codes(&rural), ["00001", "00002"]);
        let city = index.match_district(&scope, "TP Cao Lãnh").unwrap();
        assert_eq!(codes(&city), ["00000"]);
        let either = index.match_district(&scope, "Cao Lãnh").unwrap();
        assert_eq!(codes(&either), ["00000", "00001", "00002"]);
        assert_eq!(either.kind, DistrictMatchKind::Exact);
    }

    #[test]
    fn misspelt_district_is_guessed() {
        let index = dong_thap();
        let found = index
            .match_district(&ProvinceScope::All, "Huyện Cao Lãng")
            .unwrap();
        assert_eq!(found.kind, DistrictMatchKind::Guessed);
        assert!(
            index
                .match_district(&ProvinceScope::All, "Huyện Tháp Mười")
                .is_none()
        );
    }

    #[test]
    fn old_commune_narrows_the_district() {
        let index = dong_thap();
        let found = index
            .match_district(&ProvinceScope::All, "Huyện Cao Lãnh")
            .unwrap();
        let narrowed = index.narrow_by_old_commune(&found, "TT Mỹ Thọ").unwrap();
        assert_eq!(narrowed.into_iter().collect::<Vec<_>>(), ["00001"]);
        assert!(index.narrow_by_old_commune(&found, "Xã Không Có").is_none());
    }

    #[test]
    fn provinces_outside_are_told_apart() {
        let index = dong_thap();
        assert_eq!(
            index.province_scope("Thành phố Hồ Chí Minh"),
            ProvinceScope::Outside
        );
        assert_eq!(index.province_scope("Tỉnh Đồng Tháp"), ProvinceScope::All);
        assert_eq!(index.province_scope(""), ProvinceScope::All);
    }
}
