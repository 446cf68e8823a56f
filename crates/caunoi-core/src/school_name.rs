//! Classification of school names into education levels.
//!
//! Real lists (the MOET upper-secondary code list, department registers) mix
//! schools with continuing-education centres, colleges, universities and even
//! education offices, and they abbreviate freely: `THPT`, `TTGDTX`, `CĐ nghề`,
//! `PT DTNT`. [`classify`] reads the folded name word by word and looks for the
//! words that name the kind of institution.

use serde::{Deserialize, Serialize};

use crate::org::SchoolLevel;
use crate::text::{fold, normalize, tokens};

/// Classification of a name: a school, another kind of institution, or unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "class", rename_all = "snake_case")]
pub enum NameClass {
    /// A school of general education or a continuing-education centre.
    School {
        level: SchoolLevel,
        /// The levels taught. A single-level school lists its own level. A
        /// [`SchoolLevel::MultiLevel`] school lists the levels that the name gives
        /// and is empty when the name only says "several levels"
        /// (`Trường PT nhiều cấp học`, `Phổ thông Hermann Gmeiner`).
        levels: Vec<SchoolLevel>,
        /// The name contains a word that private schools use: `Tư thục`, `Dân lập`
        /// (`DL`), `Quốc tế` (`QT`), or `TT` right after `THPT`.
        private_hint: bool,
    },
    /// An institution that is not a school for the platform.
    NotASchool { kind: NonSchoolKind },
    /// The name gives no word that identifies the kind of institution.
    Unknown,
}

/// Kind of an institution that is not a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NonSchoolKind {
    /// Đại học, học viện, nhạc viện.
    University,
    /// Cao đẳng, including cao đẳng nghề.
    College,
    /// Trung cấp, trung cấp nghề, vocational training centres, professional
    /// secondary schools (trung học chuyên nghiệp) and arts schools.
    VocationalSchool,
    /// Education offices (Phòng and Sở GD&ĐT), companies, military schools,
    /// pre-university schools and other centres.
    Other,
}

/// A word or phrase in a name that says something about the institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// Names a level of general education: `THPT`, `tiểu học`, `cấp 2`.
    Level(SchoolLevel),
    /// `GDTX`, `bổ túc văn hóa`, `GD-DN`.
    ContinuingEducation,
    /// A technical and career-guidance centre (`TT KTTH-HN`). These teach school
    /// students part-time and have since been merged into the GDNN-GDTX centres.
    TechnicalCentre,
    University,
    College,
    Vocational,
    /// Phòng or Sở Giáo dục và Đào tạo.
    EducationOffice,
    OtherInstitution,
    /// `dân tộc nội trú`: an ethnic boarding school.
    Boarding,
    /// `phổ thông` without a level.
    GeneralSchool,
    /// `nhiều cấp học`, `liên cấp`.
    SeveralLevels,
    /// `chuyên`: a specialised upper-secondary school.
    Specialised,
    Private,
}

use Marker::*;
use SchoolLevel::{LowerSecondary, Preschool, Primary, UpperSecondary};

/// Phrases of folded words, tried in this order at each word.
const PHRASES: &[(&[&str], &[Marker])] = &[
    (&["giao", "duc", "thuong", "xuyen"], &[ContinuingEducation]),
    (&["bo", "tuc"], &[ContinuingEducation]),
    (&["gd", "dn"], &[ContinuingEducation]),
    (&["trung", "hoc", "pho", "thong"], &[Level(UpperSecondary)]),
    (&["pho", "thong", "trung", "hoc"], &[Level(UpperSecondary)]),
    (&["trung", "hoc", "co", "so"], &[Level(LowerSecondary)]),
    (&["pho", "thong", "co", "so"], &[Level(Primary), Level(LowerSecondary)]),
    (&["trung", "hoc", "chuyen", "nghiep"], &[Vocational]),
    (&["trung", "tieu", "hoc"], &[Level(Primary), Level(LowerSecondary), Level(UpperSecondary)]),
    (&["tieu", "hoc"], &[Level(Primary)]),
    (&["mam", "non"], &[Level(Preschool)]),
    (&["mau", "giao"], &[Level(Preschool)]),
    (&["nha", "tre"], &[Level(Preschool)]),
    (&["nhom", "tre"], &[Level(Preschool)]),
    (&["trung", "cap"], &[Vocational]),
    (&["day", "nghe"], &[Vocational]),
    (&["truong", "nghe"], &[Vocational]),
    (&["van", "hoa", "nghe", "thuat"], &[Vocational]),
    (&["nghe", "thuat"], &[Vocational]),
    (&["cao", "dang"], &[College]),
    (&["c", "d"], &[College]),
    (&["dai", "hoc"], &[University]),
    (&["hoc", "vien"], &[University]),
    (&["nhac", "vien"], &[University]),
    (&["du", "bi"], &[OtherInstitution]),
    (&["cong", "ty"], &[OtherInstitution]),
    (&["quan", "su"], &[OtherInstitution]),
    (&["ky", "thuat", "tong", "hop"], &[TechnicalCentre]),
    (&["ky", "thuat", "th"], &[TechnicalCentre]),
    (&["kt", "th"], &[TechnicalCentre]),
    (&["noi", "tru"], &[Boarding]),
    (&["ban", "tru"], &[GeneralSchool]),
    (&["pho", "thong"], &[GeneralSchool]),
    (&["thuc", "hanh", "su", "pham"], &[GeneralSchool]),
    (&["tu", "thuc"], &[Private]),
    (&["t", "thuc"], &[Private]),
    (&["dan", "lap"], &[Private]),
    (&["quoc", "te"], &[Private]),
];

/// Fields of vocational training. After `TH` or `Trung học` they mark a
/// professional secondary school (`TH Y tế`, `Trung học Kinh tế`), not a primary
/// or general secondary school.
const VOCATIONAL_FIELDS: &[&[&str]] = &[
    &["y", "te"],
    &["y", "duoc"],
    &["y", "khoa"],
    &["duoc"],
    &["kinh", "te"],
    &["ky", "thuat"],
    &["kt"],
    &["ktkt"],
    &["vhnt"],
    &["van", "hoa", "nghe", "thuat"],
    &["nghe", "thuat"],
    &["nghe"],
    &["buu", "chinh"],
    &["thuong", "mai"],
    &["nong", "nghiep"],
    &["lam", "nghiep"],
    &["thuy", "san"],
    &["xay", "dung"],
    &["giao", "thong"],
    &["tai", "chinh"],
    &["ke", "toan"],
    &["cong", "nghiep"],
    &["cong", "nghe"],
    &["su", "pham"],
    &["luong", "thuc"],
    &["co", "khi"],
    &["van", "thu"],
];

/// Words after which `TH` is the school type (tiểu học) rather than an
/// abbreviation inside the name.
const HEAD_WORDS: &[&str] = &["truong", "tr", "tru", "thuc", "lap", "cap", "dtnt", "dtbt"];

/// Classifies a school name. The name is normalized (legacy encodings repaired)
/// and folded first, so case, diacritics and punctuation do not matter.
///
/// A continuing-education word (`GDTX`, `bổ túc`) anywhere makes the name a
/// continuing-education school, because combined centres such as
/// `TT DN&GDTX` or `Trung cấp nghề - GDTX` run the GDTX programme. Otherwise the
/// general-education levels named anywhere (`THPT`, `THCS`, `tiểu học`, `cấp 2-3`)
/// decide. Otherwise the first word that names a kind of institution decides, so
/// that `CĐ Kinh tế kỹ thuật - ĐH TN` is a college and `Chuyên Toán ĐH Vinh` a
/// specialised upper-secondary school.
pub fn classify(name: &str) -> NameClass {
    let folded = fold(&normalize(name));
    let words: Vec<&str> = tokens(&folded).collect();
    let markers = scan(&words);
    let private_hint = markers.iter().any(|&(_, marker)| marker == Private);

    if markers.iter().any(|&(_, marker)| marker == ContinuingEducation) {
        return single_level(SchoolLevel::ContinuingEducation, private_hint);
    }
    let levels = named_levels(&markers);
    if !levels.is_empty() {
        let several = markers.iter().any(|&(_, marker)| marker == SeveralLevels);
        return school_with_levels(levels, several, private_hint);
    }
    let first_kind = markers.iter().map(|&(_, marker)| marker).find(|marker| !matches!(marker, Private));
    match first_kind {
        Some(University) => not_a_school(NonSchoolKind::University),
        Some(College) => not_a_school(NonSchoolKind::College),
        Some(Vocational) => not_a_school(NonSchoolKind::VocationalSchool),
        Some(EducationOffice | OtherInstitution) => not_a_school(NonSchoolKind::Other),
        Some(TechnicalCentre) => single_level(SchoolLevel::ContinuingEducation, private_hint),
        Some(Boarding | GeneralSchool | SeveralLevels | Specialised) => general_school(&markers, &words, private_hint),
        // Levels and continuing-education words were handled above.
        Some(Level(_) | ContinuingEducation | Private) | None => {
            if starts_with_centre_or_company(&words) {
                not_a_school(NonSchoolKind::Other)
            } else {
                NameClass::Unknown
            }
        }
    }
}

fn single_level(level: SchoolLevel, private_hint: bool) -> NameClass {
    NameClass::School { level, levels: vec![level], private_hint }
}

fn not_a_school(kind: NonSchoolKind) -> NameClass {
    NameClass::NotASchool { kind }
}

fn named_levels(markers: &[(usize, Marker)]) -> Vec<SchoolLevel> {
    let mut levels: Vec<SchoolLevel> = markers
        .iter()
        .filter_map(|&(_, marker)| match marker {
            Level(level) => Some(level),
            _ => None,
        })
        .collect();
    levels.sort();
    levels.dedup();
    levels
}

fn school_with_levels(levels: Vec<SchoolLevel>, several: bool, private_hint: bool) -> NameClass {
    if levels.len() == 1 && !several {
        return single_level(levels[0], private_hint);
    }
    NameClass::School { level: SchoolLevel::MultiLevel, levels, private_hint }
}

/// Classifies a general school whose name gives no level.
///
/// An ethnic boarding school (`PT DTNT`) run by a province teaches upper
/// secondary, and one run by a district teaches lower secondary and often upper
/// secondary too, so "tỉnh" gives upper secondary and anything else both levels.
/// A specialised school (`chuyên`) is upper secondary. Other `phổ thông` names are
/// multi-level with the levels unknown.
fn general_school(markers: &[(usize, Marker)], words: &[&str], private_hint: bool) -> NameClass {
    let has = |wanted: Marker| markers.iter().any(|&(_, marker)| marker == wanted);
    if has(Boarding) {
        // NOTE: the province/district rule is a guess from the name. A boarding
        // school's real levels come from the department's register.
        // `starts_with` also catches a glued next word (`tỉnhTây Ninh`).
        if words.iter().any(|word| word.starts_with("tinh")) {
            return single_level(UpperSecondary, private_hint);
        }
        return school_with_levels(vec![LowerSecondary, UpperSecondary], true, private_hint);
    }
    if has(Specialised) {
        return single_level(UpperSecondary, private_hint);
    }
    NameClass::School { level: SchoolLevel::MultiLevel, levels: Vec::new(), private_hint }
}

fn starts_with_centre_or_company(words: &[&str]) -> bool {
    match words {
        ["trung", "tam", ..] | ["cong", "ty", ..] => true,
        [first, ..] => first.starts_with("tt") || *first == "cty",
        [] => false,
    }
}

/// Finds the markers in a folded name, with the index of the word where each starts.
fn scan(words: &[&str]) -> Vec<(usize, Marker)> {
    let mut markers = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let consumed = match_phrase(words, i, &mut markers)
            .or_else(|| match_word(words, i, &mut markers))
            .unwrap_or(1);
        i += consumed;
    }
    markers
}

fn match_phrase(words: &[&str], i: usize, markers: &mut Vec<(usize, Marker)>) -> Option<usize> {
    let (phrase, found) = PHRASES.iter().find(|(phrase, _)| words[i..].starts_with(phrase))?;
    markers.extend(found.iter().map(|&marker| (i, marker)));
    Some(phrase.len())
}

/// Matches single words and abbreviations, some of which depend on the words around
/// them. Returns the number of words consumed.
fn match_word(words: &[&str], i: usize, markers: &mut Vec<(usize, Marker)>) -> Option<usize> {
    let word = words[i];
    let mut push = |marker| markers.push((i, marker));

    if let Some(rest) = word.strip_prefix("thpt") {
        push(Level(UpperSecondary));
        if rest == "dl" {
            push(Private);
        }
        return Some(1);
    }
    if let Some((levels, consumed)) = levels_after_cap(words, i) {
        levels.into_iter().for_each(|level| push(Level(level)));
        return Some(consumed);
    }
    if matches!(word, "phong" | "so") && words.get(i + 1).is_some_and(|next| next.starts_with("gd") || *next == "giao") {
        push(EducationOffice);
        return Some(2);
    }
    if matches!(word, "lien" | "nhieu") && words.get(i + 1).is_some_and(|next| next.starts_with("cap")) {
        // Only `liên` is consumed, so that `cấp 2+3` is read next.
        push(SeveralLevels);
        return Some(1);
    }
    if word == "pho" && words.get(i + 1).is_some_and(|next| next.starts_with("thong")) {
        // `Phổ thôngVùng Cao`: the exact phrase did not match because of the glued word.
        push(GeneralSchool);
        return Some(2);
    }
    if word == "trung" && words.get(i + 1) == Some(&"hoc") {
        if vocational_field_at(words, i + 2) {
            push(Vocational);
        } else {
            push(Level(LowerSecondary));
            push(Level(UpperSecondary));
        }
        return Some(2);
    }
    if word == "th" {
        if vocational_field_at(words, i + 1) {
            push(Vocational);
        } else if th_names_primary(words, i) {
            push(Level(Primary));
        }
        return Some(1);
    }
    let marker = match word {
        "ptth" => Level(UpperSecondary),
        "thcs" => Level(LowerSecondary),
        "mn" | "mg" if i == head_index(words) => Level(Preschool),
        "btvh" | "btth" => ContinuingEducation,
        _ if word.contains("gdtx") => ContinuingEducation,
        _ if word.contains("ktth") => TechnicalCentre,
        "gdnn" | "thcn" | "dn" | "vhnt" => Vocational,
        _ if word.starts_with("tc") => Vocational,
        _ if word.starts_with("cd") => College,
        _ if word.starts_with("dh") => University,
        "university" => University,
        "college" => College,
        "dtnt" | "ptdtnt" | "dtn" => Boarding,
        _ if word.starts_with("pt") => GeneralSchool,
        "nch" => SeveralLevels,
        "cty" => OtherInstitution,
        "chuyen" if !matches!(words.get(i + 1), Some(&("nghiep" | "biet"))) => Specialised,
        "dl" | "qt" => Private,
        "tt" if i > 0 && words[i - 1].starts_with("thpt") => Private,
        _ => return None,
    };
    push(marker);
    Some(1)
}

/// Reads `cấp 2-3`, `cấp2,3` or `cấp II` (levels 1 to 3) at word `i`. Returns the
/// levels and the number of words consumed.
fn levels_after_cap(words: &[&str], i: usize) -> Option<(Vec<SchoolLevel>, usize)> {
    let first = words[i].strip_prefix("cap")?;
    let mut levels = Vec::new();
    if !first.is_empty() {
        levels.push(level_of_cap(first)?);
    }
    let mut next = i + 1;
    while let Some(level) = words.get(next).and_then(|word| level_of_cap(word)) {
        levels.push(level);
        next += 1;
    }
    (!levels.is_empty()).then_some((levels, next - i))
}

fn level_of_cap(number: &str) -> Option<SchoolLevel> {
    match number {
        "1" | "i" => Some(Primary),
        "2" | "ii" => Some(LowerSecondary),
        "3" | "iii" => Some(UpperSecondary),
        _ => None,
    }
}

fn vocational_field_at(words: &[&str], i: usize) -> bool {
    let rest = words.get(i..).unwrap_or_default();
    // `Múa` (dance) folds like `mùa` (season), so it counts only as the last word.
    if rest == ["mua"] {
        return true;
    }
    VOCATIONAL_FIELDS.iter().any(|field| rest.starts_with(field))
}

/// Decides whether the abbreviation `TH` at word `i` means tiểu học: it opens the
/// name, follows a word such as `Trường` or `PTDTBT`, or is next to another
/// level (`TH, THCS và THPT`). Elsewhere `TH` abbreviates other words (Thanh Hóa,
/// tổng hợp) and is ignored. `TH Bổ túc` is left to the `bổ túc` phrase.
fn th_names_primary(words: &[&str], i: usize) -> bool {
    if words.get(i + 1..i + 3) == Some(&["bo", "tuc"][..]) {
        return false;
    }
    if i == head_index(words) {
        return true;
    }
    let previous = match i {
        0 => "",
        1 => words[0],
        _ if words[i - 1] == "va" => words[i - 2],
        _ => words[i - 1],
    };
    let next = match words.get(i + 1) {
        Some(&"va") => words.get(i + 2).copied(),
        other => other.copied(),
    };
    let is_level = |word: &str| word == "thcs" || word.starts_with("thpt") || word == "tieu";
    HEAD_WORDS.contains(&previous)
        || previous.starts_with("pt")
        || is_level(previous)
        || next.is_some_and(is_level)
}

/// Index of the first word after a leading `Trường` (`Tr.`).
fn head_index(words: &[&str]) -> usize {
    words.iter().position(|word| !matches!(*word, "truong" | "tr")).unwrap_or(words.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school(level: SchoolLevel) -> NameClass {
        NameClass::School { level, levels: vec![level], private_hint: false }
    }

    fn private_school(level: SchoolLevel) -> NameClass {
        NameClass::School { level, levels: vec![level], private_hint: true }
    }

    fn multi(levels: &[SchoolLevel], private_hint: bool) -> NameClass {
        NameClass::School { level: SchoolLevel::MultiLevel, levels: levels.to_vec(), private_hint }
    }

    fn not_school(kind: NonSchoolKind) -> NameClass {
        NameClass::NotASchool { kind }
    }

    fn check(cases: &[(&str, NameClass)]) {
        for (name, expected) in cases {
            assert_eq!(classify(name), *expected, "name {name:?}");
        }
    }

    const CONTINUING: SchoolLevel = SchoolLevel::ContinuingEducation;

    #[test]
    fn classify_upper_secondary() {
        check(&[
            ("THPT Nguyễn Trãi-Ba Đình", school(UpperSecondary)),
            ("Trường THPT Chuyên Hùng Vương", school(UpperSecondary)),
            ("Trung THPT Lục Ngạn số 4", school(UpperSecondary)),
            ("THPTThực hành/ĐHSP", school(UpperSecondary)),
            ("THPT Chuyên Ngữ ĐH Ngoại ngữ", school(UpperSecondary)),
            ("THPT Năng khiếu Đại học Tân Tạo", school(UpperSecondary)),
            ("Trường THPT Kĩ thuật Việt Trì", school(UpperSecondary)),
            ("THPT Bán công Ba Tri", school(UpperSecondary)),
            ("Phổ thông Trung học Lê Duẩn", school(UpperSecondary)),
            ("Chuyên Toán ĐH Vinh", school(UpperSecondary)),
            ("Khối chuyên ĐHKH Huế", school(UpperSecondary)),
            ("THPT DTNT Tây Nguyên", school(UpperSecondary)),
            ("DTNT THPT Tỉnh", school(UpperSecondary)),
            ("Trường PT DTN THPT Mường Chà", school(UpperSecondary)),
            ("trường trung học phổ thông đông đô", school(UpperSecondary)),
        ]);
    }

    #[test]
    fn classify_private_hint() {
        check(&[
            ("THPT DL Nguyễn Bỉnh Khiêm", private_school(UpperSecondary)),
            ("THPTDL Nguyễn Khắc Viện", private_school(UpperSecondary)),
            ("THPT Dân lập Lương Thế Vinh", private_school(UpperSecondary)),
            ("THPT Tư thục Thế Hệ Mới", private_school(UpperSecondary)),
            ("THPT TT Việt Úc Hà Nội", private_school(UpperSecondary)),
            ("THPT quốc tế Việt úc", private_school(UpperSecondary)),
            ("Trường Tư thục THPT Phan Chu Trinh", private_school(UpperSecondary)),
            ("TH-THCS-THPT quốc tế Canada", multi(&[Primary, LowerSecondary, UpperSecondary], true)),
            ("PT Quốc Tế Việt Nam", multi(&[], true)),
        ]);
    }

    #[test]
    fn classify_multi_level() {
        let all = [Primary, LowerSecondary, UpperSecondary];
        let secondary = [LowerSecondary, UpperSecondary];
        check(&[
            ("TH, THCS và THPT Lê Quý Đôn", multi(&all, false)),
            ("TH,THCS&THPT Bồ Đề Phương Duy", multi(&all, false)),
            ("Tiểu học-THCS-THPT Văn Lang", multi(&all, false)),
            ("Trường TH, THCS, THPT Nguyễn văn Linh", multi(&all, false)),
            ("Trường Tư thục Trung tiểu học Việt Anh", multi(&all, true)),
            ("THCS-THPT Hà Thành", multi(&secondary, false)),
            ("THCS & THPT Nà Phặc", multi(&secondary, false)),
            ("Trường THCS&THPT Kpă Klơng", multi(&secondary, false)),
            ("THCS-THPT và DN Tân Hòa", multi(&secondary, false)),
            ("Cấp2,3 Khánh Sơn", multi(&secondary, false)),
            ("PT Cấp 2-3 Tân Quang", multi(&secondary, false)),
            ("PT Liên cấp 2+3 Trấn Yên II", multi(&secondary, false)),
            ("PT DTNT cấp 2-3 Bắc Quang", multi(&secondary, false)),
            ("PTDT nội trú THCS và THPT H.Sa Pa", multi(&secondary, false)),
            ("Trường PT nhiều cấp học Hoàng Sa", multi(&[], false)),
            ("PT NCH Nguyễn Tất Thành", multi(&[], false)),
            ("Trường Phổ thông Cô Tô", multi(&[], false)),
            ("Phổ thông Năng khiếu ĐHQG-HCM", multi(&[], false)),
            ("Trường Phổ thông Thực hành Sư phạm", multi(&[], false)),
            ("Trường Liên cấp TH-THCS Ngôi Sao", multi(&[Primary, LowerSecondary], false)),
        ]);
    }

    #[test]
    fn classify_boarding() {
        check(&[
            ("PT DTNT Kon Plong", multi(&[LowerSecondary, UpperSecondary], false)),
            ("DTNT H. Lục Ngạn", multi(&[LowerSecondary, UpperSecondary], false)),
            ("PTDTNT huyện Sìn Hồ", multi(&[LowerSecondary, UpperSecondary], false)),
            ("PT Dân tộc Nội trú tỉnh KH", school(UpperSecondary)),
            ("Trường PTDTNT tỉnh", school(UpperSecondary)),
            ("Phổ thông Dân tộc nội trú tỉnh Bạc Liêu", school(UpperSecondary)),
        ]);
    }

    #[test]
    fn classify_lower_levels() {
        check(&[
            ("Trường THCS An Sơn", school(LowerSecondary)),
            ("Trường Tiểu học Kim Đồng", school(Primary)),
            ("TH Nguyễn Du", school(Primary)),
            ("Trường TH Y Ngông", school(Primary)),
            ("Trường TH&THCS Sơn Hà", multi(&[Primary, LowerSecondary], false)),
            ("Trường PTDTBT TH Nậm Cuổi", school(Primary)),
            ("Trường Mầm non Hoa Sen", school(Preschool)),
            ("Trường MN Sao Mai", school(Preschool)),
            ("Trường Mẫu giáo Tư thục Vành Khuyên", private_school(Preschool)),
            ("Nhóm trẻ Bé Ngoan", school(Preschool)),
            ("Trường Trung học cơ sở Lê Lợi", school(LowerSecondary)),
        ]);
    }

    #[test]
    fn classify_continuing_education() {
        let continuing = school(CONTINUING);
        let names = [
            "GDTX Ba Đình",
            "TTGDTX Quận 1",
            "TT GDTX-HN Liên Chiểu",
            "TT. GDTX-HN&DN Hội An",
            "Trung tâm GDNN-GDTX huyện Mê Linh",
            "TT DN&GDTX An Dương",
            "TT Dạy nghề và GDTX Sa Pa",
            "Trung cấp nghề - GDTX Hồng Ngự",
            "Trung tâm GD&DN Giá Rai",
            "TT GD-DN Ba Đồn",
            "BTVH ĐH Ngọai Thương",
            "BTVH Cấp 2,3 Nguyễn Thái Học",
            "Bổ Túc Văn Hóa Tỉnh",
            "TH Bổ túc Phan Bội Châu",
            "Hệ GDTX tại THPT Ngô Gia Tự",
            "TTGDTX-HN Hải Châu+BTBK+CĐCN",
            "TT KTTH-HN Di Linh",
            "TT-KT-TH Tiên Lữ",
            "TT Kỹ thuật TH- HN Bắc Kạn",
            "Trung tâm giáo dục thường xuyên tỉnh",
        ];
        for name in names {
            assert_eq!(classify(name), continuing, "name {name:?}");
        }
    }

    #[test]
    fn classify_not_schools() {
        use NonSchoolKind::*;
        check(&[
            ("ĐH Công nghiệp", not_school(University)),
            ("Trường Đại học Phan Thiết", not_school(University)),
            ("Cơ sở 2 Đại học Hạ Long", not_school(University)),
            ("Học viện Âm nhạc Huế", not_school(University)),
            ("Nhạc Viện TP HCM", not_school(University)),
            ("TT.ĐTBD-ĐH Công nghiệp Q. Ninh", not_school(University)),
            ("CĐ nghề Hùng Vương", not_school(College)),
            ("C Đ nghề Việt Mỹ", not_school(College)),
            ("Cao đẳng Nghệ thuật Hà Nội", not_school(College)),
            ("CĐ Kinh tế kỹ thuật - ĐH TN", not_school(College)),
            ("P.hiệu ĐT Cẩm Phả, CĐN Than KSVN", not_school(College)),
            ("CĐSP Hà Giang", not_school(College)),
            ("TC nghề đồng hồ - điện tử - tin học HN", not_school(VocationalSchool)),
            ("Trường TCN Dĩ An", not_school(VocationalSchool)),
            ("TC Nghề Dân tộc Nội Trú An Giang", not_school(VocationalSchool)),
            ("Trung cấp Nghề DTNT tỉnh Kiên Giang", not_school(VocationalSchool)),
            ("TC nghề Dân lập Kỹ thuật tổng hợp Hà Nội", not_school(VocationalSchool)),
            ("TH Y Tế", not_school(VocationalSchool)),
            ("TH Múa", not_school(VocationalSchool)),
            ("TH VHNT, Thừa Thiên Huế", not_school(VocationalSchool)),
            ("Trung học Y tế Kon Tum", not_school(VocationalSchool)),
            ("THCN L.Thực T.Phẩm", not_school(VocationalSchool)),
            ("Trường VHNT Đắk Lắk", not_school(VocationalSchool)),
            ("Trường Nghệ thuật Quân đội", not_school(VocationalSchool)),
            ("Trung tâm dạy nghề huyện Ba Vì", not_school(VocationalSchool)),
            ("Phòng GD&ĐT Cam Lộ", not_school(Other)),
            ("Phòng Giáo dục H. Châu Thành", not_school(Other)),
            ("Sở GD&ĐT", not_school(Other)),
            ("Sở Giáo dục - Đào tạo Hòa Bình", not_school(Other)),
            ("Cty Cơ khí T.tâm Cẩm Phả", not_school(Other)),
            ("Trường Quân sự Quân khu 2", not_school(Other)),
            ("Trường dự bị ĐH Dân tộc TW Nha Trang", not_school(Other)),
            ("TT Ngoại ngữ - Tin học TP.Cần Thơ", not_school(Other)),
            ("TT Huấn luyện và thi đấu TDTT", not_school(Other)),
        ]);
    }

    #[test]
    fn classify_unknown() {
        for name in ["Hữu Nghị 80", "Thiếu Sinh Quân", "Trường Văn Hóa 3", "Huyện đảo Cồn Cỏ", "THTH Sài Gòn", ""] {
            assert_eq!(classify(name), NameClass::Unknown, "name {name:?}");
        }
    }

    #[test]
    fn classify_repairs_legacy() {
        assert_eq!(classify("Tr\u{AD}êng THPT Hµ Néi"), school(UpperSecondary));
        assert_eq!(classify("Tröôøng Tieåu hoïc Kim Ñoàng"), school(Primary));
    }

    #[test]
    fn classify_real_list_counts() {
        // Names from the MOET 2019–2020 list of upper-secondary school codes, chosen
        // for their spelling and abbreviations.
        let names = [
            "THPT Nguyễn Trãi-Ba Đình",
            "THCS-THPT Hà Thành",
            "GDTX Ba Đình",
            "CĐ nghề Hùng Vương",
            "Cao đẳng Nghệ thuật Hà Nội",
            "TC nghề đồng hồ - điện tử - tin học HN",
            "THPT DL Hà Nội",
            "Phòng GD&ĐT Gia Bình",
            "TT GDTX Phố Nối",
            "TTGDTX H. Lục Nam",
            "TT DN-HN và GDTX Can Lộc",
            "TT HN&GDTX Móng Cái",
            "TTHNGDTX Uông Bí",
            "TTKT-TH-HN-DN&GDTX tỉnh",
            "TT.GDTX&KTTH-HN Bến Lức",
            "TTGDTX- KTHN H. Bến Cát",
            "TTGDTX-DN-GTVL Bà Rịa",
            "Trung Tâm GDTX-DN huyện Duyên Hải",
            "TT KTTH-HN tỉnh Cao Bằng",
            "TTGD KTTH Hướng nghiệp",
            "BTTH Nha Trang 2",
            "Trường Bổ túc văn hóa tại chức",
            "TH,THCS và THPT Quốc tế á Châu",
            "TH, THCS, THPT Châu A\\' Thái Bình Dương",
            "Tr. Tiểu học, THCS, THPT Thu Hương",
            "Tr. Tư thục THCS và THPT Hiệp Hòa",
            "Trường Tư thục Trung Tiểu học PETRUS -KY",
            "PT có nhiều cấp học Quốc tế Kinh Bắc",
            "PT DTNT THPT Miền Tây",
            "THPT.DTNT tỉnh",
            "Phổ thông DTNT Đăk RLấp",
            "Trường phổ thông Dân Tộc Nội Trú THPT tỉnh Trà Vinh",
            "PT ĐB Nguyễn Đình Chiểu",
            "PTPT Phan Chu Trinh",
            "THPT Thực hành sư phạm - ĐHCT",
            "Trường THPT Lê Qúy Đôn",
            "THPT TT Nguyễn Khuyến -Đạ Tẻh",
            "ĐH DL Hồng Bàng",
            "Học viện âm nhạc QGVN",
            "Trường CĐ nghề số 05 Chi nhánh Gia Lai",
            "Tr CĐ Công nghệ Việt Hàn Bắc Giang",
            "CĐN Long An",
            "Trường TC Nghề Kinh tế - Kỹ thuật CĐ Bình Thuận",
            "Trường Trung cấp nghề Herman Gmeiner Việt Trì",
            "TCKTKT Tây Nam á",
            "TC cấp nghề Việt úc",
            "Phân hiệu TC Văn thư lưu trữ TW",
            "TH Bưu chính Viễn thông và CNTT Miền Núi",
            "TH Kinh Tế Q.Ninh",
            "Trung học Kinh tế -Kỹ Thuật HB",
            "Phòng GDCN Sở GD-ĐT TT-Huế",
            "Sở GDĐT Đắk Lắk",
            "Phòng GD -ĐT huyện Mộc Châu",
            "TT BT Người tàn tật TP",
            "Trường Thiếu sinh quân-Quân khu V",
            "Song ngữ Quốc tế Horizon",
            "Trường Hermann Gmeiner",
            "Năng khiếu TDTT Bến Tre",
            "Trường APC Nha Trang",
            "Hữu Nghị T78",
        ];
        let mut counts = std::collections::BTreeMap::new();
        for name in names {
            let class = match classify(name) {
                NameClass::School { level, .. } => level.as_str(),
                NameClass::NotASchool { kind: NonSchoolKind::University } => "university",
                NameClass::NotASchool { kind: NonSchoolKind::College } => "college",
                NameClass::NotASchool { kind: NonSchoolKind::VocationalSchool } => "vocational",
                NameClass::NotASchool { kind: NonSchoolKind::Other } => "other",
                NameClass::Unknown => "unknown",
            };
            *counts.entry(class).or_insert(0) += 1;
        }
        let expected = [
            ("college", 5),
            ("continuing_education", 15),
            ("lower_secondary", 0),
            ("multi_level", 10),
            ("other", 5),
            ("unknown", 6),
            ("university", 2),
            ("upper_secondary", 8),
            ("vocational", 9),
        ];
        assert_eq!(names.len(), 60);
        for (class, count) in expected {
            assert_eq!(counts.get(class).copied().unwrap_or(0), count, "class {class}, all counts {counts:?}");
        }
    }
}
