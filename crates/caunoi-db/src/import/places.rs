//! Keys for matching place names that files write in many ways.
//!
//! A key is the folded proper name with the unit type removed and its words joined.
//! "Quận 1", "Q.1", "Q1" and "Quận 01" all give `1`. "Thị xã Bến Cát", "TX Bến Cát"
//! and "Thành phố Bến Cát" give `bencat`. "Huyện Đắk R'Lấp" and "Huyện Đăk Rlấp" give
//! `dakrlap`. Unit types are compared separately, because a district often changed
//! type (a thị xã became a thành phố) while keeping its name.

use caunoi_core::text::fold;

/// Type of an old district-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum DistrictKind {
    /// `quận`
    Urban,
    /// `huyện`
    Rural,
    /// `thị xã`
    Town,
    /// `thành phố` under a province
    City,
}

/// Unit-type prefixes of districts in folded words, longest first.
const DISTRICT_PREFIXES: &[(&[&str], DistrictKind)] = &[
    (&["thanh", "pho"], DistrictKind::City),
    (&["th", "pho"], DistrictKind::City),
    (&["t", "p"], DistrictKind::City),
    (&["tp"], DistrictKind::City),
    (&["thi", "xa"], DistrictKind::Town),
    (&["t", "x"], DistrictKind::Town),
    (&["tx"], DistrictKind::Town),
    (&["huyen", "dao"], DistrictKind::Rural),
    (&["huyen"], DistrictKind::Rural),
    (&["h"], DistrictKind::Rural),
    (&["quan"], DistrictKind::Urban),
    (&["q"], DistrictKind::Urban),
];

const PROVINCE_PREFIXES: &[&[&str]] = &[
    &["thanh", "pho"],
    &["thu", "do"],
    &["tp"],
    &["t", "p"],
    &["tinh"],
];

const COMMUNE_PREFIXES: &[&[&str]] = &[
    &["thi", "tran"],
    &["dac", "khu"],
    &["phuong"],
    &["xa"],
    &["tt"],
    &["p"],
    &["x"],
];

/// Province names that differ beyond their prefix, in key form: abbreviations, and the
/// old "Thừa Thiên Huế" that became the centrally run "Thành phố Huế" in January 2025.
const PROVINCE_ALIASES: &[(&str, &str)] = &[
    ("hcm", "hochiminh"),
    ("tphcm", "hochiminh"),
    ("hcmc", "hochiminh"),
    ("sai gon", "hochiminh"),
    ("brvt", "bariavungtau"),
    ("thuathienhue", "hue"),
    ("hn", "hanoi"),
];

/// Districts that no longer existed on 30 June 2025, the date of the conversion table,
/// but still appear in older school lists such as MOET's 2019–2020 code list. Each
/// entry is (old province key, former district key, keys of the districts that took it
/// over). A district split between successors lists them all, so its schools go to
/// review.
///
/// Sources: the National Assembly Standing Committee resolutions on district mergers of
/// 2018–2024. NOTE: this covers the districts of MOET's 2019–2020 list that the
/// conversion table lacks; other renamed districts fall back to fuzzy matching or fail.
pub(crate) const FORMER_DISTRICTS: &[(&str, &str, &[&str])] = &[
    // Ho Chi Minh City: Quận 2, Quận 9 and Quận Thủ Đức formed Thành phố Thủ Đức (2021).
    ("hochiminh", "2", &["thuduc"]),
    ("hochiminh", "9", &["thuduc"]),
    // Bà Rịa – Vũng Tàu: Tân Thành became Thị xã Phú Mỹ (2018); Long Điền and Đất Đỏ
    // merged into Long Đất (2025).
    ("bariavungtau", "tanthanh", &["phumy"]),
    ("bariavungtau", "longdien", &["longdat"]),
    ("bariavungtau", "datdo", &["longdat"]),
    // Cao Bằng (2020): Phục Hòa and Quảng Uyên formed Quảng Hòa; Thông Nông joined Hà
    // Quảng; Trà Lĩnh joined Trùng Khánh.
    ("caobang", "phuchoa", &["quanghoa"]),
    ("caobang", "quanguyen", &["quanghoa"]),
    ("caobang", "thongnong", &["haquang"]),
    ("caobang", "tralinh", &["trungkhanh"]),
    // Hòa Bình: Kỳ Sơn joined Thành phố Hòa Bình (2020).
    ("hoabinh", "kyson", &["hoabinh"]),
    // Quảng Ninh: Hoành Bồ joined Thành phố Hạ Long (2019).
    ("quangninh", "hoanhbo", &["halong"]),
    // Quảng Ngãi: Tây Trà joined Trà Bồng (2019).
    ("quangngai", "taytra", &["trabong"]),
    // Thanh Hóa: Tĩnh Gia became Thị xã Nghi Sơn (2020); Đông Sơn joined Thành phố
    // Thanh Hóa (2025).
    ("thanhhoa", "tinhgia", &["nghison"]),
    ("thanhhoa", "dongson", &["thanhhoa"]),
    // Mergers effective 1 January 2025.
    ("bacgiang", "yendung", &["bacgiang", "vietyen"]),
    ("hatinh", "locha", &["thachha"]),
    ("lamdong", "cattien", &["dahuoai"]),
    ("lamdong", "dateh", &["dahuoai"]),
    ("namdinh", "myloc", &["namdinh"]),
    ("nghean", "cualo", &["vinh"]),
    ("ninhbinh", "ninhbinh", &["hoalu"]),
    ("quangnam", "nongson", &["queson"]),
    ("hue", "namdong", &["phuloc"]),
    ("hue", "hue", &["thuanhoa", "phuxuan"]),
];

/// A place name split into its unit type and proper-name words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DistrictName {
    pub kind: Option<DistrictKind>,
    /// Folded words of the whole text, unit type included, for fallback matching.
    pub words: Vec<String>,
    /// Number of leading words that formed the unit type.
    pub prefix_len: usize,
}

impl DistrictName {
    pub fn parse(text: &str) -> DistrictName {
        let mut words = key_words(text);
        let mut kind = None;
        let mut prefix_len = 0;
        if let Some(number) = glued_urban_number(words.first()) {
            words.splice(0..1, ["q".to_owned(), number]);
        }
        for (prefix, prefix_kind) in DISTRICT_PREFIXES {
            if words.len() > prefix.len() && words.iter().zip(prefix.iter()).all(|(w, p)| w == p) {
                kind = Some(*prefix_kind);
                prefix_len = prefix.len();
                break;
            }
        }
        DistrictName {
            kind,
            words,
            prefix_len,
        }
    }

    /// Returns the key of the proper name, without the unit type.
    pub fn key(&self) -> String {
        self.words[self.prefix_len..].concat()
    }

    /// Returns keys made by dropping one or two leading words, for names whose unit
    /// type is misspelt ("Huện Bàu Bàng") or unknown.
    pub fn shortened_keys(&self) -> Vec<String> {
        (1..=2)
            .filter(|drop| self.words.len() > drop + self.prefix_len)
            .map(|drop| self.words[self.prefix_len + drop..].concat())
            .collect()
    }
}

/// Splits "Q1" into the number after it, as in "Q1" or "q10".
fn glued_urban_number(word: Option<&String>) -> Option<String> {
    let digits = word?.strip_prefix('q')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| trim_zeros(digits))
}

/// Returns the key of a province name: "Tp. Hồ Chí Minh", "Thành phố Hồ Chí Minh (79)"
/// and "TP.HCM" all give `hochiminh`.
pub(crate) fn province_key(text: &str) -> String {
    let words = key_words(text);
    let rest = strip_prefix(&words, PROVINCE_PREFIXES);
    let key = rest.concat();
    let spaced = rest.join(" ");
    PROVINCE_ALIASES
        .iter()
        .find(|(alias, _)| *alias == key || *alias == spaced)
        .map(|(_, target)| (*target).to_owned())
        .unwrap_or(key)
}

/// Returns the keys of a commune name with and without its unit type: "Phường Bến
/// Nghé" gives (`phuongbennghe`, `bennghe`).
pub(crate) fn commune_keys(text: &str) -> (String, String) {
    let words = key_words(text);
    (
        words.concat(),
        strip_prefix(&words, COMMUNE_PREFIXES).concat(),
    )
}

fn strip_prefix<'a>(words: &'a [String], prefixes: &[&[&str]]) -> &'a [String] {
    prefixes
        .iter()
        .find(|prefix| {
            words.len() > prefix.len() && words.iter().zip(prefix.iter()).all(|(w, p)| w == p)
        })
        .map(|prefix| &words[prefix.len()..])
        .unwrap_or(words)
}

/// Folds `text` into words: a trailing "(760)" code dropped, apostrophes removed
/// ("R'Lấp" gives `rlap`), diacritics and case removed, other punctuation splitting
/// words, and numbers without leading zeros.
fn key_words(text: &str) -> Vec<String> {
    let without_apostrophes = strip_code_suffix(text).replace(['\'', '’', '`', '‘'], "");
    fold(&without_apostrophes)
        .split(' ')
        .filter(|word| !word.is_empty())
        .map(|word| {
            if word.bytes().all(|b| b.is_ascii_digit()) {
                trim_zeros(word)
            } else {
                word.to_owned()
            }
        })
        .collect()
}

fn strip_code_suffix(text: &str) -> &str {
    let trimmed = text.trim_end();
    if let Some(inner) = trimmed.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
        && inner[open + 1..].trim().bytes().all(|b| b.is_ascii_digit())
    {
        return &trimmed[..open];
    }
    trimmed
}

fn trim_zeros(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Returns the edit distance between two keys, or `None` once it exceeds `limit`.
pub(crate) fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    let distance = previous[b.len()];
    (distance <= limit).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn district_spellings_share_a_key() {
        for text in ["Quận 1", "Q.1", "Q1", "Quận 01", "quan 1", "Q. 1"] {
            let name = DistrictName::parse(text);
            assert_eq!(name.key(), "1", "{text}");
            assert_eq!(name.kind, Some(DistrictKind::Urban), "{text}");
        }
        for text in [
            "Thị xã Bến Cát",
            "TX Bến Cát",
            "TX. Bến Cát",
            "Thành phố Bến Cát (721)",
            "TP Bến Cát",
            "Th. phố Bến Cát",
        ] {
            assert_eq!(DistrictName::parse(text).key(), "bencat", "{text}");
        }
        assert_eq!(DistrictName::parse("Huyện Đắk R'Lấp").key(), "dakrlap");
        assert_eq!(DistrictName::parse("Huyện Đăk RLấp").key(), "dakrlap");
        assert_eq!(DistrictName::parse("Huyện đảo Phú Quý").key(), "phuquy");
    }

    #[test]
    fn misspelt_prefix_is_dropped_by_shortening() {
        let name = DistrictName::parse("Huện Bàu Bàng");
        assert_eq!(name.kind, None);
        assert!(name.shortened_keys().contains(&"baubang".to_owned()));
    }

    #[test]
    fn province_spellings_share_a_key() {
        for text in [
            "Tp. Hồ Chí Minh",
            "Thành phố Hồ Chí Minh (79)",
            "TP.HCM",
            "TP HCM",
            "Hồ Chí Minh",
        ] {
            assert_eq!(province_key(text), "hochiminh", "{text}");
        }
        assert_eq!(
            province_key("Bà Rịa-Vũng Tàu"),
            province_key("Tỉnh Bà Rịa - Vũng Tàu (77)")
        );
        assert_eq!(province_key("Thừa Thiên -Huế"), "hue");
    }

    #[test]
    fn commune_keys_strip_type() {
        assert_eq!(
            commune_keys("Phường Bến Nghé"),
            ("phuongbennghe".to_owned(), "bennghe".to_owned())
        );
        assert_eq!(commune_keys("P. 12").1, "12");
    }

    #[test]
    fn edit_distance_stops_at_limit() {
        assert_eq!(edit_distance_within("namnhum", "namnhun", 1), Some(1));
        assert_eq!(edit_distance_within("namnhum", "namdinh", 1), None);
    }
}
