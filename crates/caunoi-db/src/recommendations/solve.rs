//! Runs the optimiser on a province's or a cluster's recorded staffing, optionally with
//! what-if changes, and turns its result into assignments to store.
//!
//! Shortages and spare periods come from the same computation as the personnel map
//! (`staffing::figures`), so a recommendation covers exactly the shortages the map
//! shows. Spare periods are rounded down and shortages to the nearest period, because
//! a teacher is sent for whole periods.

use std::collections::HashMap;
use std::time::Instant;

use caunoi_core::staffing::Subject;
use caunoi_core::org::SchoolLevel;
use caunoi_core::staffing::curriculum::level_of_grade;
use caunoi_core::staffing::recommend::{
    self, ClusterPreference, Levels, RecommendError, RecommendParameters, Recommendation, SchoolSite, Shortage, SpareTeacher,
};
use caunoi_core::staffing::shortage::{SchoolBalance, SchoolInput, school_balance, spare_periods};
use serde::{Deserialize, Serialize};

use super::NewAssignment;
use crate::staffing::figures::{self, SchoolPlace};
use crate::{Db, DbResult};

/// Changes a what-if run assumes on top of the recorded data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIf {
    /// Classes per grade that replace the recorded ones: (school, grade, classes).
    #[serde(default)]
    pub classes: Vec<(i64, i32, i64)>,
    /// Staff taken out of the available periods (leave, secondment).
    #[serde(default)]
    pub unavailable: Vec<i64>,
    /// Staff put back although recorded as unavailable.
    #[serde(default)]
    pub available: Vec<i64>,
}

impl WhatIf {
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty() && self.unavailable.is_empty() && self.available.is_empty()
    }

    /// Applies the changes to the inputs of the schools they name.
    pub fn apply(&self, inputs: &mut [SchoolInput]) {
        for input in inputs.iter_mut() {
            for (school, grade, classes) in &self.classes {
                if *school == input.school_id {
                    input.classes.insert(*grade, *classes);
                }
            }
            for staff in &mut input.staff {
                if self.unavailable.contains(&staff.id) {
                    staff.available = false;
                } else if self.available.contains(&staff.id) {
                    staff.available = true;
                }
            }
        }
    }
}

/// The question of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub province: String,
    pub school_year: String,
    pub cluster_id: Option<i64>,
    pub subjects: Vec<Subject>,
    pub max_distance_km: f64,
    pub same_cluster_only: bool,
    /// Extra km per period for teaching in another cluster, when allowed.
    pub cluster_penalty_km: f64,
    /// Lets teachers teach at schools of another level than their own.
    pub other_levels: bool,
    pub what_if: WhatIf,
}

/// The optimiser's result, with the figures it started from.
#[derive(Debug, Clone)]
pub struct Answer {
    pub recommendation: Recommendation,
    pub assignments: Vec<NewAssignment>,
    /// The schools in scope with their balance before the recommendation (with the
    /// what-if changes applied).
    pub schools: Vec<(SchoolPlace, SchoolBalance)>,
    pub solve_ms: i64,
}

/// The reason no recommendation came out.
#[derive(Debug)]
pub enum SolveError {
    Db(crate::DbError),
    Model(RecommendError),
}

impl From<crate::DbError> for SolveError {
    fn from(error: crate::DbError) -> Self {
        SolveError::Db(error)
    }
}

/// Positions of the schools of a province: their own, else their commune's centre.
async fn positions(db: &Db, province: &str) -> DbResult<HashMap<i64, (f64, f64)>> {
    let rows: Vec<(i64, Option<f64>, Option<f64>)> = sqlx::query_as(
        "SELECT s.id, COALESCE(s.lat, c.lat), COALESCE(s.lon, c.lon) FROM schools s \
         LEFT JOIN communes c ON c.code = s.commune_code WHERE s.province_code = $1",
    )
    .bind(province)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().filter_map(|(id, lat, lon)| Some((id, (lat?, lon?)))).collect())
}

/// Returns the levels a school teaches: its level, or for a multi-level school the
/// levels of the grades it has classes in (every general level when it has none).
fn school_levels(input: &SchoolInput) -> Levels {
    match input.level {
        SchoolLevel::MultiLevel => {
            let levels = input
                .classes
                .iter()
                .filter(|(_, count)| **count > 0)
                .filter_map(|(grade, _)| level_of_grade(*grade))
                .fold(Levels::NONE, Levels::with);
            if levels.is_empty() {
                [SchoolLevel::Primary, SchoolLevel::LowerSecondary, SchoolLevel::UpperSecondary].into_iter().fold(Levels::NONE, Levels::with)
            } else {
                levels
            }
        }
        SchoolLevel::ContinuingEducation => Levels::NONE.with(SchoolLevel::LowerSecondary).with(SchoolLevel::UpperSecondary),
        level => Levels::of(level),
    }
}

/// Runs the optimiser for `question` on the recorded staffing.
pub async fn solve(db: &Db, question: &Question) -> Result<Answer, SolveError> {
    let (rules, places, mut inputs) = figures::province_inputs(db, &question.province, &question.school_year).await?;
    question.what_if.apply(&mut inputs);
    let positions = positions(db, &question.province).await?;
    let in_scope = |place: &SchoolPlace| question.cluster_id.is_none() || place.cluster_id == question.cluster_id;

    let mut sites = Vec::new();
    let mut teachers = Vec::new();
    let mut shortages = Vec::new();
    let mut spare_of: HashMap<i64, u32> = HashMap::new();
    let mut schools = Vec::new();
    for (place, input) in places.into_iter().zip(&inputs) {
        if !in_scope(&place) {
            continue;
        }
        let Some(&(lat, lon)) = positions.get(&place.id) else { continue };
        let levels = school_levels(input);
        sites.push(SchoolSite { id: place.id, cluster_id: place.cluster_id, lat, lon, levels });
        let balance = school_balance(&rules, input);
        for subject in &question.subjects {
            let short = balance.subjects.get(subject).map(|b| b.shortage().round()).unwrap_or(0.0);
            if short >= 1.0 {
                shortages.push(Shortage { school_id: place.id, subject: *subject, periods: short as u32 });
            }
        }
        for (staff_id, spare) in spare_periods(&rules, input) {
            let spare = spare.floor().max(0.0) as u32;
            let Some(staff) = input.staff.iter().find(|staff| staff.id == staff_id) else { continue };
            let subjects: Vec<Subject> = staff.subjects.iter().copied().filter(|s| question.subjects.contains(s)).collect();
            let levels = match (question.other_levels, staff.facts.teaching_level) {
                (true, _) => Levels::ANY,
                (false, Some(level)) => Levels::NONE.with(level),
                (false, None) => levels,
            };
            if spare > 0 && !subjects.is_empty() {
                spare_of.insert(staff_id, spare);
                teachers.push(SpareTeacher { id: staff_id, school_id: place.id, spare_periods: spare, subjects, levels });
            }
        }
        schools.push((place, balance));
    }

    let parameters = RecommendParameters {
        subjects: question.subjects.clone(),
        max_distance_km: question.max_distance_km,
        cluster_preference: if question.same_cluster_only {
            ClusterPreference::SameClusterOnly
        } else {
            ClusterPreference::Penalty { km: question.cluster_penalty_km }
        },
    };
    let started = Instant::now();
    let recommendation = tokio::task::spawn_blocking(move || recommend::recommend(&sites, &teachers, &shortages, &parameters))
        .await
        .map_err(|error| SolveError::Db(crate::DbError::Invalid(format!("the optimiser stopped: {error}"))))?
        .map_err(SolveError::Model)?;
    let solve_ms = started.elapsed().as_millis() as i64;
    let assignments = recommendation
        .assignments
        .iter()
        .map(|a| NewAssignment {
            staff_id: a.teacher_id,
            from_school_id: a.from_school_id,
            to_school_id: a.to_school_id,
            subject: a.subject,
            periods_per_week: i64::from(a.periods),
            distance_km: a.distance_km,
            teacher_spare: i64::from(spare_of.get(&a.teacher_id).copied().unwrap_or(a.periods)),
        })
        .collect();
    tracing::info!(
        province.code = %question.province,
        cluster.id = question.cluster_id,
        recommendation.covered = recommendation.covered_periods,
        recommendation.shortage = recommendation.shortage_periods,
        recommendation.solve_ms = solve_ms,
        "recommendation solved"
    );
    Ok(Answer { recommendation, assignments, schools, solve_ms })
}
