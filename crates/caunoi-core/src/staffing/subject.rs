//! Subjects as the personnel map counts them.
//!
//! Staff lists name subjects in many ways ("Tiếng Anh", "Anh văn", "NN1", "Tin",
//! "Mỹ thuật"), and the 2018 curriculum names some subjects jointly ("Nghệ thuật (Âm
//! nhạc, Mĩ thuật)"). Every count of required or available periods uses the stable
//! keys of [`Subject`], so that a shortage of English is one number whatever a file
//! called it.

use serde::{Deserialize, Serialize};

use crate::text::fold;

/// A subject a teacher can be qualified for and a school needs periods of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Maths,
    Vietnamese,
    Literature,
    English,
    ForeignLanguage2,
    Ethics,
    NatureSociety,
    Science,
    NaturalSciences,
    HistoryGeography,
    History,
    Geography,
    Physics,
    Chemistry,
    Biology,
    Informatics,
    Technology,
    Music,
    FineArts,
    PhysicalEducation,
    CivicEducation,
    EconomicsLaw,
    DefenceSecurity,
    Experiential,
    LocalContent,
    EthnicLanguage,
}

impl Subject {
    pub const ALL: [Subject; 26] = [
        Subject::Maths,
        Subject::Vietnamese,
        Subject::Literature,
        Subject::English,
        Subject::ForeignLanguage2,
        Subject::Ethics,
        Subject::NatureSociety,
        Subject::Science,
        Subject::NaturalSciences,
        Subject::HistoryGeography,
        Subject::History,
        Subject::Geography,
        Subject::Physics,
        Subject::Chemistry,
        Subject::Biology,
        Subject::Informatics,
        Subject::Technology,
        Subject::Music,
        Subject::FineArts,
        Subject::PhysicalEducation,
        Subject::CivicEducation,
        Subject::EconomicsLaw,
        Subject::DefenceSecurity,
        Subject::Experiential,
        Subject::LocalContent,
        Subject::EthnicLanguage,
    ];

    /// The subjects departments most often lack teachers of, offered first in forms.
    pub const OFTEN_SHORT: [Subject; 5] = [Subject::English, Subject::Informatics, Subject::Music, Subject::FineArts, Subject::Technology];

    /// Returns the key stored in the database and used in URLs and the API.
    pub fn key(self) -> &'static str {
        self.names().0
    }

    /// Returns the official Vietnamese name.
    pub fn name_vi(self) -> &'static str {
        self.names().1
    }

    /// Returns the English name.
    pub fn name_en(self) -> &'static str {
        self.names().2
    }

    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Subject::Maths => ("maths", "Toán", "Mathematics"),
            Subject::Vietnamese => ("vietnamese", "Tiếng Việt", "Vietnamese language"),
            Subject::Literature => ("literature", "Ngữ văn", "Literature"),
            Subject::English => ("english", "Tiếng Anh (Ngoại ngữ 1)", "English (foreign language 1)"),
            Subject::ForeignLanguage2 => ("foreign_language_2", "Ngoại ngữ 2", "Foreign language 2"),
            Subject::Ethics => ("ethics", "Đạo đức", "Ethics"),
            Subject::NatureSociety => ("nature_society", "Tự nhiên và Xã hội", "Nature and society"),
            Subject::Science => ("science", "Khoa học", "Science"),
            Subject::NaturalSciences => ("natural_sciences", "Khoa học tự nhiên", "Natural sciences"),
            Subject::HistoryGeography => ("history_geography", "Lịch sử và Địa lí", "History and geography"),
            Subject::History => ("history", "Lịch sử", "History"),
            Subject::Geography => ("geography", "Địa lí", "Geography"),
            Subject::Physics => ("physics", "Vật lí", "Physics"),
            Subject::Chemistry => ("chemistry", "Hoá học", "Chemistry"),
            Subject::Biology => ("biology", "Sinh học", "Biology"),
            Subject::Informatics => ("informatics", "Tin học", "Informatics"),
            Subject::Technology => ("technology", "Công nghệ", "Technology"),
            Subject::Music => ("music", "Âm nhạc", "Music"),
            Subject::FineArts => ("fine_arts", "Mĩ thuật", "Fine arts"),
            Subject::PhysicalEducation => ("physical_education", "Giáo dục thể chất", "Physical education"),
            Subject::CivicEducation => ("civic_education", "Giáo dục công dân", "Civic education"),
            Subject::EconomicsLaw => ("economics_law", "Giáo dục kinh tế và pháp luật", "Economic and legal education"),
            Subject::DefenceSecurity => ("defence_security", "Giáo dục quốc phòng và an ninh", "National defence and security education"),
            Subject::Experiential => ("experiential", "Hoạt động trải nghiệm, hướng nghiệp", "Experiential and career activities"),
            Subject::LocalContent => ("local_content", "Nội dung giáo dục của địa phương", "Local education content"),
            Subject::EthnicLanguage => ("ethnic_language", "Tiếng dân tộc thiểu số", "Ethnic minority language"),
        }
    }

    /// Finds the subject of a stored key.
    pub fn from_key(key: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|subject| subject.key() == key)
    }

    /// Reads one subject as a person wrote it, in any spelling a staff list uses:
    /// official names, common short forms, `Mỹ`/`Mĩ`, with or without marks.
    pub fn parse(text: &str) -> Option<Subject> {
        let folded = fold(text);
        let folded = folded.trim();
        if folded.is_empty() {
            return None;
        }
        if let Some(subject) = Subject::ALL.into_iter().find(|subject| fold(subject.name_vi()) == folded || fold(subject.key()) == folded) {
            return Some(subject);
        }
        ALIASES.iter().find(|(alias, _)| *alias == folded).map(|(_, subject)| *subject)
    }

    /// Reads a list of subjects as written in one cell ("Toán, Tin học; Công nghệ").
    /// Returns the subjects in the cell's order without repeats, and the parts that
    /// name no known subject.
    pub fn parse_list(text: &str) -> (Vec<Subject>, Vec<String>) {
        let mut subjects = Vec::new();
        let mut unknown = Vec::new();
        let parts: Vec<&str> = text.split([',', ';', '/', '+', '\n']).map(str::trim).filter(|part| !part.is_empty()).collect();
        let mut index = 0;
        while index < parts.len() {
            // "Hoạt động trải nghiệm, hướng nghiệp" has a comma in its name, so two
            // parts that name a subject together are read as one.
            let joined = parts.get(index + 1).and_then(|next| Subject::parse(&format!("{}, {next}", parts[index])));
            let (parsed, used) = match joined {
                Some(subject) => (Some(subject), 2),
                None => (Subject::parse(parts[index]), 1),
            };
            match parsed {
                Some(subject) if !subjects.contains(&subject) => subjects.push(subject),
                Some(_) => {}
                None => unknown.push(parts[index].to_string()),
            }
            index += used;
        }
        (subjects, unknown)
    }
}

/// Other names of subjects, folded (lower case, no marks, `đ` as `d`).
const ALIASES: &[(&str, Subject)] = &[
    ("toan hoc", Subject::Maths),
    ("van", Subject::Literature),
    ("ngu van", Subject::Literature),
    ("van hoc", Subject::Literature),
    ("tieng anh", Subject::English),
    ("anh", Subject::English),
    ("anh van", Subject::English),
    ("ngoai ngu", Subject::English),
    ("ngoai ngu 1", Subject::English),
    ("nn1", Subject::English),
    ("su pham tieng anh", Subject::English),
    ("ngon ngu anh", Subject::English),
    ("nn2", Subject::ForeignLanguage2),
    ("tnxh", Subject::NatureSociety),
    ("tu nhien va xa hoi", Subject::NatureSociety),
    ("khtn", Subject::NaturalSciences),
    ("lich su va dia ly", Subject::HistoryGeography),
    ("ls dl", Subject::HistoryGeography),
    ("lsdl", Subject::HistoryGeography),
    ("su", Subject::History),
    ("dia", Subject::Geography),
    ("dia ly", Subject::Geography),
    ("ly", Subject::Physics),
    ("vat ly", Subject::Physics),
    ("hoa", Subject::Chemistry),
    ("hoa hoc", Subject::Chemistry),
    ("sinh", Subject::Biology),
    ("tin", Subject::Informatics),
    ("tin hoc", Subject::Informatics),
    ("cong nghe thong tin", Subject::Informatics),
    ("su pham tin hoc", Subject::Informatics),
    ("cn", Subject::Technology),
    ("ky thuat", Subject::Technology),
    ("nhac", Subject::Music),
    ("am nhac", Subject::Music),
    ("su pham am nhac", Subject::Music),
    ("my thuat", Subject::FineArts),
    ("mi thuat", Subject::FineArts),
    ("su pham my thuat", Subject::FineArts),
    ("hoi hoa", Subject::FineArts),
    ("the duc", Subject::PhysicalEducation),
    ("gdtc", Subject::PhysicalEducation),
    ("gdcd", Subject::CivicEducation),
    ("gdktpl", Subject::EconomicsLaw),
    ("gdkt pl", Subject::EconomicsLaw),
    ("gdqp", Subject::DefenceSecurity),
    ("gdqp an", Subject::DefenceSecurity),
    ("quoc phong", Subject::DefenceSecurity),
    ("hdtn", Subject::Experiential),
    ("hdtn hn", Subject::Experiential),
    ("hoat dong trai nghiem", Subject::Experiential),
    ("gddp", Subject::LocalContent),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for subject in Subject::ALL {
            assert_eq!(Subject::from_key(subject.key()), Some(subject));
            assert_eq!(Subject::parse(subject.name_vi()), Some(subject), "{}", subject.name_vi());
        }
    }

    #[test]
    fn spellings_of_staff_lists() {
        assert_eq!(Subject::parse("Tiếng Anh"), Some(Subject::English));
        assert_eq!(Subject::parse("  ANH VĂN "), Some(Subject::English));
        assert_eq!(Subject::parse("Mỹ thuật"), Some(Subject::FineArts));
        assert_eq!(Subject::parse("Mĩ thuật"), Some(Subject::FineArts));
        // Decomposed input, as some Mac keyboards type it.
        assert_eq!(Subject::parse("Tin ho\u{323}c"), Some(Subject::Informatics));
        assert_eq!(Subject::parse("Địa lý"), Some(Subject::Geography));
        assert_eq!(Subject::parse("Bơi lội"), None);
        assert_eq!(Subject::parse(""), None);
    }

    #[test]
    fn lists_keep_order_and_report_unknown_parts() {
        let (subjects, unknown) = Subject::parse_list("Toán, Tin học; toán / Cờ vua");
        assert_eq!(subjects, vec![Subject::Maths, Subject::Informatics]);
        assert_eq!(unknown, vec!["Cờ vua".to_string()]);
    }

    #[test]
    fn comma_inside_subject_name() {
        let (subjects, unknown) = Subject::parse_list("Hoạt động trải nghiệm, hướng nghiệp, Toán");
        assert_eq!(subjects, vec![Subject::Experiential, Subject::Maths]);
        assert!(unknown.is_empty(), "{unknown:?}");
    }
}
