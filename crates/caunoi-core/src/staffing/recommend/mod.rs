//! Inter-school teaching recommendations as a minimum-cost maximum flow.
//!
//! Teachers with spare periods supply, schools short of a subject demand. The
//! recommendation covers as many shortage periods as possible and, among the plans
//! that do, travels the least total distance in period-kilometres (plus the penalty
//! for leaving the cluster). It never gives a teacher more periods than they have
//! spare, and only sends a teacher to teach a subject they are qualified for at a
//! school that teaches one of the teacher's levels. It never
//! pairs schools farther apart than the maximum distance, and never sends a teacher to
//! their own school.
//!
//! The network stays small by aggregating. Teachers of one school with the same levels
//! and qualified for the same chosen subjects share one node. Each (school, subject,
//! levels) has one supply node and each (school, subject) one demand node, and the
//! school-to-school edges run between those. The flow is then
//! split back onto teachers (see [`split`]).

mod network;
mod split;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::Subject;
use crate::org::SchoolLevel;
pub use network::{RecommendNetwork, build_network};

/// The largest cluster penalty accepted, which keeps flow costs far from overflow.
pub const MAX_PENALTY_KM: f64 = 1_000.0;

/// A set of school levels: those a school teaches, or those a teacher may teach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Levels(u8);

impl Levels {
    /// Every level: a school or a teacher that no level restricts.
    pub const ANY: Levels = Levels(u8::MAX);
    pub const NONE: Levels = Levels(0);

    pub fn of(level: SchoolLevel) -> Levels {
        let bit = SchoolLevel::ALL.iter().position(|l| *l == level).unwrap_or(0);
        Levels(1 << bit)
    }

    pub fn with(self, level: SchoolLevel) -> Levels {
        Levels(self.0 | Levels::of(level).0)
    }

    pub fn overlaps(self, other: Levels) -> bool {
        self.0 & other.0 != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl Default for Levels {
    fn default() -> Levels {
        Levels::ANY
    }
}

/// A school's position, cluster and levels, the ends of every recommended trip.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SchoolSite {
    pub id: i64,
    pub cluster_id: Option<i64>,
    pub lat: f64,
    pub lon: f64,
    /// The levels the school teaches; a teacher only goes where one of theirs is.
    #[serde(default)]
    pub levels: Levels,
}

/// A teacher with periods to spare each week, the subjects they are qualified for and
/// the levels they may teach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpareTeacher {
    pub id: i64,
    pub school_id: i64,
    pub spare_periods: u32,
    pub subjects: Vec<Subject>,
    #[serde(default)]
    pub levels: Levels,
}

/// Periods per week of a subject that a school cannot staff from its own teachers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortage {
    pub school_id: i64,
    pub subject: Subject,
    pub periods: u32,
}

/// The preference for keeping teachers inside their own cluster.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ClusterPreference {
    /// Teaching in another cluster costs this many extra km per period. A school
    /// without a cluster counts as outside every other school's cluster.
    Penalty { km: f64 },
    /// Teachers only go to schools of their own cluster, and schools without a
    /// cluster neither send nor receive.
    SameClusterOnly,
}

/// The choices of one recommendation run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecommendParameters {
    pub subjects: Vec<Subject>,
    pub max_distance_km: f64,
    pub cluster_preference: ClusterPreference,
}

/// One recommended inter-school teaching assignment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub teacher_id: i64,
    pub from_school_id: i64,
    pub to_school_id: i64,
    pub subject: Subject,
    pub periods: u32,
    pub distance_km: f64,
}

/// The assignments and what they achieve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub assignments: Vec<Assignment>,
    /// Shortage periods per week of the chosen subjects, covered or not.
    pub shortage_periods: u64,
    pub covered_periods: u64,
    /// The minimised objective: periods times metres, plus the cluster penalties.
    pub cost: i64,
}

/// Input that cannot be turned into a recommendation.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RecommendError {
    #[error("school {school_id} appears twice in the school list; give each school once")]
    DuplicateSchool { school_id: i64 },
    #[error("school {school_id} has invalid coordinates ({lat}, {lon}); latitude must be within ±90 and longitude within ±180")]
    InvalidCoordinates { school_id: i64, lat: f64, lon: f64 },
    #[error("teacher {teacher_id} appears twice in the teacher list; give each teacher once, with all their spare periods")]
    DuplicateTeacher { teacher_id: i64 },
    #[error("teacher {teacher_id} belongs to school {school_id}, which is not in the school list")]
    UnknownTeacherSchool { teacher_id: i64, school_id: i64 },
    #[error("a shortage of {subject} names school {school_id}, which is not in the school list")]
    UnknownShortageSchool { school_id: i64, subject: &'static str },
    #[error("maximum distance {km} km is invalid; give a number of km of 0 or more")]
    InvalidMaxDistance { km: f64 },
    #[error("cluster penalty {km} km is invalid; give a number of km from 0 to {MAX_PENALTY_KM}")]
    InvalidPenalty { km: f64 },
}

/// Recommends inter-school teaching that covers the most shortage periods of the
/// chosen subjects at the least travel.
pub fn recommend(
    schools: &[SchoolSite],
    teachers: &[SpareTeacher],
    shortages: &[Shortage],
    parameters: &RecommendParameters,
) -> Result<Recommendation, RecommendError> {
    let mut built = build_network(schools, teachers, shortages, parameters)?;
    let summary = built.network.min_cost_max_flow(built.source, built.sink);
    let assignments = built.assignments(teachers);
    Ok(Recommendation {
        assignments,
        shortage_periods: built.shortage_periods,
        covered_periods: summary.flow as u64,
        cost: summary.cost,
    })
}

/// Great-circle distance in km by the haversine formula on the mean Earth radius.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    use crate::clustering::geometry::EARTH_RADIUS_KM;
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let half_dphi = (phi2 - phi1) / 2.0;
    let half_dlambda = (lon2 - lon1).to_radians() / 2.0;
    let h = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}
