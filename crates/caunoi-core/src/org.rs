//! The organisation model: levels, unit kinds, roles and their scopes.

use serde::{Deserialize, Serialize};

/// Education level of a school, as MOET names the tiers of the school system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolLevel {
    Preschool,
    Primary,
    LowerSecondary,
    UpperSecondary,
    MultiLevel,
    ContinuingEducation,
}

impl SchoolLevel {
    pub const ALL: [SchoolLevel; 6] = [
        SchoolLevel::Preschool,
        SchoolLevel::Primary,
        SchoolLevel::LowerSecondary,
        SchoolLevel::UpperSecondary,
        SchoolLevel::MultiLevel,
        SchoolLevel::ContinuingEducation,
    ];

    /// Returns the identifier used in the database, the API and message ids.
    pub fn as_str(self) -> &'static str {
        match self {
            SchoolLevel::Preschool => "preschool",
            SchoolLevel::Primary => "primary",
            SchoolLevel::LowerSecondary => "lower_secondary",
            SchoolLevel::UpperSecondary => "upper_secondary",
            SchoolLevel::MultiLevel => "multi_level",
            SchoolLevel::ContinuingEducation => "continuing_education",
        }
    }

    pub fn parse(s: &str) -> Option<SchoolLevel> {
        SchoolLevel::ALL.into_iter().find(|level| level.as_str() == s)
    }
}

/// Public or private ownership of a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ownership {
    Public,
    Private,
}

impl Ownership {
    pub fn as_str(self) -> &'static str {
        match self {
            Ownership::Public => "public",
            Ownership::Private => "private",
        }
    }

    pub fn parse(s: &str) -> Option<Ownership> {
        match s {
            "public" => Some(Ownership::Public),
            "private" => Some(Ownership::Private),
            _ => None,
        }
    }
}

/// Kind of a commune-level unit since 1 July 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommuneKind {
    /// `xã`
    Commune,
    /// `phường`
    Ward,
    /// `đặc khu`
    SpecialZone,
}

impl CommuneKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CommuneKind::Commune => "commune",
            CommuneKind::Ward => "ward",
            CommuneKind::SpecialZone => "special_zone",
        }
    }

    pub fn parse(s: &str) -> Option<CommuneKind> {
        match s {
            "commune" => Some(CommuneKind::Commune),
            "ward" => Some(CommuneKind::Ward),
            "special_zone" => Some(CommuneKind::SpecialZone),
            _ => None,
        }
    }

    /// Reads the Vietnamese unit type of the national lists (`Xã`, `Phường`, `Đặc khu`).
    pub fn from_vietnamese(s: &str) -> Option<CommuneKind> {
        match crate::text::fold(s).as_str() {
            "xa" => Some(CommuneKind::Commune),
            "phuong" => Some(CommuneKind::Ward),
            "dac khu" => Some(CommuneKind::SpecialZone),
            _ => None,
        }
    }
}

/// A role a person holds. Every role is granted on one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    DepartmentAdmin,
    DepartmentSpecialist,
    ClusterCoordinator,
    BoardMember,
    CommuneOfficer,
    SchoolLeader,
    CoreTeacher,
    Teacher,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::DepartmentAdmin,
        Role::DepartmentSpecialist,
        Role::ClusterCoordinator,
        Role::BoardMember,
        Role::CommuneOfficer,
        Role::SchoolLeader,
        Role::CoreTeacher,
        Role::Teacher,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::DepartmentAdmin => "department_admin",
            Role::DepartmentSpecialist => "department_specialist",
            Role::ClusterCoordinator => "cluster_coordinator",
            Role::BoardMember => "board_member",
            Role::CommuneOfficer => "commune_officer",
            Role::SchoolLeader => "school_leader",
            Role::CoreTeacher => "core_teacher",
            Role::Teacher => "teacher",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == s)
    }

    /// Returns the kind of scope this role is granted on.
    pub fn scope_kind(self) -> ScopeKind {
        match self {
            Role::DepartmentAdmin | Role::DepartmentSpecialist => ScopeKind::Province,
            Role::ClusterCoordinator | Role::BoardMember => ScopeKind::Cluster,
            Role::CommuneOfficer => ScopeKind::Commune,
            Role::SchoolLeader | Role::CoreTeacher | Role::Teacher => ScopeKind::School,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    Deployment,
    Province,
    Cluster,
    Commune,
    School,
}

/// The part of the organisation a role is granted on.
///
/// `Deployment` is reserved for the operator's administrator, who adds departments.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    Deployment,
    Province(String),
    Cluster(i64),
    Commune(String),
    School(i64),
}

impl Scope {
    /// Returns the key stored in `role_grants.scope_key`, unique per user and role.
    pub fn key(&self) -> String {
        match self {
            Scope::Deployment => "deployment".to_owned(),
            Scope::Province(code) => format!("province:{code}"),
            Scope::Cluster(id) => format!("cluster:{id}"),
            Scope::Commune(code) => format!("commune:{code}"),
            Scope::School(id) => format!("school:{id}"),
        }
    }
}

/// Normalises an official province code: `"1"`, `"01"` and `" 01 "` become `"01"`.
pub fn province_code(raw: &str) -> Option<String> {
    official_code(raw, 2)
}

/// Normalises an official commune code to its five digits: `"4"` becomes `"00004"`.
pub fn commune_code(raw: &str) -> Option<String> {
    official_code(raw, 5)
}

fn official_code(raw: &str, width: usize) -> Option<String> {
    let trimmed = raw.trim();
    let digits = trimmed.strip_suffix(".0").unwrap_or(trimmed);
    if digits.is_empty() || digits.len() > width || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{digits:0>width$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_pad_with_leading_zeros() {
        assert_eq!(province_code("1").as_deref(), Some("01"));
        assert_eq!(province_code("79").as_deref(), Some("79"));
        assert_eq!(commune_code("4").as_deref(), Some("00004"));
        assert_eq!(commune_code("26734.0").as_deref(), Some("26734"));
    }

    #[test]
    fn codes_reject_garbage() {
        assert_eq!(province_code(""), None);
        assert_eq!(province_code("7a"), None);
        assert_eq!(province_code("123"), None);
        assert_eq!(commune_code("-1"), None);
    }

    #[test]
    fn identifiers_round_trip() {
        for level in SchoolLevel::ALL {
            assert_eq!(SchoolLevel::parse(level.as_str()), Some(level));
        }
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
