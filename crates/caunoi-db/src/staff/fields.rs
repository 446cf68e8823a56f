//! The columns of a staff list and the header texts that name them.

use serde::Serialize;

use crate::import::header::HeaderField;

/// A column of a staff list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffField {
    FullName,
    BirthDate,
    Gender,
    StaffCode,
    Position,
    Qualification,
    TrainedMajor,
    SubjectsTaught,
    PeriodsPerWeek,
    /// Duties held beside teaching: homeroom (GVCN), subject-group head and so on,
    /// and the core-teacher and probation statuses.
    Roles,
    /// Subjects qualified by certificates or a second degree (văn bằng 2).
    Certificates,
    /// The professional-standard rating: Tốt, Khá, Đạt or Chưa đạt.
    StandardRating,
    /// The level the teacher is appointed to, in a multi-level school.
    TeachingLevel,
    IdentityNumber,
    Phone,
    Email,
    /// The school, by name or MOET code, when one file lists several schools.
    School,
    /// Recognised so the header scores, but not read: row numbers and notes.
    Ignored,
}

impl StaffField {
    pub fn as_str(self) -> &'static str {
        match self {
            StaffField::FullName => "full_name",
            StaffField::BirthDate => "birth_date",
            StaffField::Gender => "gender",
            StaffField::StaffCode => "staff_code",
            StaffField::Position => "position",
            StaffField::Qualification => "qualification",
            StaffField::TrainedMajor => "trained_major",
            StaffField::SubjectsTaught => "subjects_taught",
            StaffField::PeriodsPerWeek => "periods_per_week",
            StaffField::Roles => "roles",
            StaffField::Certificates => "certificates",
            StaffField::StandardRating => "standard_rating",
            StaffField::TeachingLevel => "teaching_level",
            StaffField::IdentityNumber => "identity_number",
            StaffField::Phone => "phone",
            StaffField::Email => "email",
            StaffField::School => "school",
            StaffField::Ignored => "ignored",
        }
    }
}

/// Header synonyms in folded form (see `import::header::header_key`).
const SYNONYMS: &[(StaffField, &[&str])] = &[
    (
        StaffField::FullName,
        &["ho va ten", "ho ten", "ho ten giao vien", "ho va ten giao vien", "ho ten can bo", "ten giao vien", "full name", "name"],
    ),
    (
        StaffField::BirthDate,
        &["ngay sinh", "ngay thang nam sinh", "ngay thang nam sinh", "sinh ngay", "nam sinh", "date of birth", "birth date"],
    ),
    (StaffField::Gender, &["gioi tinh", "gioi", "nam nu", "gender", "sex"]),
    (
        StaffField::StaffCode,
        &["ma can bo", "ma cb", "ma giao vien", "ma gv", "ma nhan su", "ma so", "ma vien chuc", "staff code"],
    ),
    (StaffField::Position, &["chuc vu", "vi tri viec lam", "chuc danh", "position"]),
    (
        StaffField::Qualification,
        &["trinh do", "trinh do dao tao", "trinh do chuyen mon", "bang cap", "qualification"],
    ),
    (
        StaffField::TrainedMajor,
        &["chuyen nganh", "chuyen nganh dao tao", "chuyen mon dao tao", "nganh dao tao", "trained major", "major"],
    ),
    (
        StaffField::SubjectsTaught,
        &["mon day", "mon giang day", "mon hoc giang day", "mon dang day", "mon", "subjects taught", "subjects"],
    ),
    (
        StaffField::PeriodsPerWeek,
        &["so tiet tuan", "so tiet", "so tiet mot tuan", "so tiet day tuan", "tiet tuan", "periods per week", "periods"],
    ),
    (
        StaffField::Roles,
        &["kiem nhiem", "chuc vu kiem nhiem", "cong tac kiem nhiem", "nhiem vu", "vai tro", "roles", "duties"],
    ),
    (
        StaffField::Certificates,
        &[
            "chung chi",
            "chung chi van bang 2",
            "van bang 2",
            "van bang chung chi",
            "mon theo chung chi",
            "chung chi boi duong",
            "certificates",
        ],
    ),
    (
        StaffField::StandardRating,
        &[
            "xep loai chuan nghe nghiep",
            "danh gia chuan nghe nghiep",
            "chuan nghe nghiep",
            "xep loai chuan",
            "xep loai cnn",
            "standard rating",
        ],
    ),
    (StaffField::TeachingLevel, &["cap day", "cap hoc giang day", "cap giang day", "teaching level"]),
    (
        StaffField::IdentityNumber,
        &["so cccd", "cccd", "so cmnd", "cmnd", "so dinh danh", "so dinh danh ca nhan", "cmnd cccd", "identity number"],
    ),
    (StaffField::Phone, &["so dien thoai", "dien thoai", "sdt", "dt", "phone"]),
    (StaffField::Email, &["email", "e mail", "thu dien tu", "dia chi email"]),
    (
        StaffField::School,
        &["truong", "ten truong", "don vi", "ten don vi", "ma truong", "don vi cong tac", "school", "school code"],
    ),
    (StaffField::Ignored, &["stt", "tt", "so thu tu", "no", "ghi chu", "note", "notes"]),
];

impl HeaderField for StaffField {
    const SYNONYMS: &'static [(StaffField, &'static [&'static str])] = SYNONYMS;
    const ANCHOR: StaffField = StaffField::FullName;

    fn is_ignored(self) -> bool {
        self == StaffField::Ignored
    }

    fn name(self) -> &'static str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::header::field_of;

    #[test]
    fn staff_headers_fold() {
        assert_eq!(field_of("Họ và tên (*)"), Some(StaffField::FullName));
        assert_eq!(field_of("NGÀY SINH"), Some(StaffField::BirthDate));
        assert_eq!(field_of("Số CCCD"), Some(StaffField::IdentityNumber));
        assert_eq!(field_of("Môn giảng dạy"), Some(StaffField::SubjectsTaught));
        assert_eq!(field_of("Kiêm nhiệm"), Some(StaffField::Roles));
        assert_eq!(field_of("Văn bằng 2"), Some(StaffField::Certificates));
        assert_eq!(field_of("Xếp loại chuẩn nghề nghiệp"), Some(StaffField::StandardRating));
        assert_eq!(field_of("Cấp dạy"), Some(StaffField::TeachingLevel));
        assert_eq!(field_of::<StaffField>("Quê quán"), None);
    }
}
