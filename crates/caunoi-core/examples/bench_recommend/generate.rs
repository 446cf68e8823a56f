//! Deterministic synthetic instances shaped like a Vietnamese province's staffing.

use caunoi_core::staffing::Subject;
use caunoi_core::staffing::recommend::{ClusterPreference, Levels, RecommendParameters, SchoolSite, Shortage, SpareTeacher};
use serde::Serialize;

/// The subjects departments most often lack, as the benchmark chooses them.
const SUBJECTS: [Subject; 5] = Subject::OFTEN_SHORT;
/// Teachers of each chosen subject per school, in tenths, before a random 0–0.9 is
/// added and the sum rounded down: English 3, Informatics 1 or 2, the others 1. The
/// school's other teachers teach other subjects.
const TEACHERS_PER_SCHOOL_TENTHS: [u64; 5] = [30, 15, 10, 10, 10];
/// Km per degree of latitude.
const KM_PER_DEGREE: f64 = 111.19;

#[derive(Debug, Clone, Serialize)]
pub struct Instance {
    pub name: String,
    pub schools: Vec<SchoolSite>,
    pub teachers: Vec<SpareTeacher>,
    pub shortages: Vec<Shortage>,
    pub parameters: RecommendParameters,
}

/// The shape of an instance: how many schools, clusters and teachers, and how far
/// the clusters spread.
pub struct Shape {
    pub name: &'static str,
    pub seed: u64,
    pub schools: usize,
    pub clusters: usize,
    pub teachers: usize,
    /// Cluster centres lie uniformly within this many km of the province centre.
    pub spread_km: f64,
    /// Standard deviation of a school's offset from its cluster centre, in km.
    pub cluster_radius_km: f64,
    pub max_distance_km: f64,
    pub penalty_km: f64,
}

/// SplitMix64, so the instances are the same on every machine and need no dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    /// Draws a standard normal sample (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * self.unit()).cos()
    }
}

/// Generates schools around cluster centres near Ho Chi Minh City, then per school
/// and subject: a shortage (5–10 % of schools, the rate drawn per subject), 1–4 spare
/// periods per teacher (25 % of schools), or neither. Teachers of other subjects fill each school
/// up to the average size and have no spare periods of a chosen subject.
pub fn generate(shape: &Shape) -> Instance {
    let mut random = Random(shape.seed);
    let (centre_lat, centre_lon) = (10.78_f64, 106.70_f64);
    let km_per_degree_lon = KM_PER_DEGREE * centre_lat.to_radians().cos();
    let centres: Vec<(f64, f64)> = (0..shape.clusters)
        .map(|_| {
            let (r, angle) = (shape.spread_km * random.unit().sqrt(), 2.0 * std::f64::consts::PI * random.unit());
            (centre_lat + r * angle.sin() / KM_PER_DEGREE, centre_lon + r * angle.cos() / km_per_degree_lon)
        })
        .collect();
    let schools: Vec<SchoolSite> = (0..shape.schools)
        .map(|i| {
            let cluster = i % shape.clusters;
            let (lat, lon) = centres[cluster];
            SchoolSite {
                id: 1 + i as i64,
                cluster_id: Some(1 + cluster as i64),
                lat: lat + shape.cluster_radius_km * random.normal() / KM_PER_DEGREE,
                lon: lon + shape.cluster_radius_km * random.normal() / km_per_degree_lon,
                levels: Levels::ANY,
            }
        })
        .collect();

    let short_percent: Vec<u64> = SUBJECTS.iter().map(|_| 5 + random.below(6)).collect();
    let mut teachers = Vec::with_capacity(shape.teachers);
    let mut shortages = Vec::new();
    let per_school = shape.teachers / shape.schools;
    for school in &schools {
        let first = teachers.len();
        for (k, &subject) in SUBJECTS.iter().enumerate() {
            let count = (TEACHERS_PER_SCHOOL_TENTHS[k] + random.below(10)) / 10;
            let roll = random.below(100);
            let short = roll < short_percent[k];
            let spare = !short && roll < short_percent[k] + 25;
            if short {
                shortages.push(Shortage { school_id: school.id, subject, periods: 2 + random.below(11) as u32 });
            }
            for _ in 0..count {
                let mut subjects = vec![subject];
                // Some teachers are qualified for a second chosen subject too.
                if random.below(10) == 0 {
                    subjects.push(SUBJECTS[random.below(5) as usize]);
                }
                let spare_periods = if spare { 1 + random.below(4) as u32 } else { 0 };
                teachers.push(SpareTeacher { id: 0, school_id: school.id, spare_periods, subjects, levels: Levels::ANY });
            }
        }
        while teachers.len() - first < per_school {
            teachers.push(SpareTeacher { id: 0, school_id: school.id, spare_periods: random.below(3) as u32, subjects: vec![Subject::Maths], levels: Levels::ANY });
        }
    }
    while teachers.len() < shape.teachers {
        let school_id = schools[random.below(schools.len() as u64) as usize].id;
        teachers.push(SpareTeacher { id: 0, school_id, spare_periods: 0, subjects: vec![Subject::Literature], levels: Levels::ANY });
    }
    for (index, teacher) in teachers.iter_mut().enumerate() {
        teacher.id = 1 + index as i64;
    }

    Instance {
        name: shape.name.to_owned(),
        schools,
        teachers,
        shortages,
        parameters: RecommendParameters {
            subjects: SUBJECTS.to_vec(),
            max_distance_km: shape.max_distance_km,
            cluster_preference: ClusterPreference::Penalty { km: shape.penalty_km },
        },
    }
}
