//! Shortage and surplus per subject for every school of a province, computed in Rust
//! from six bulk queries (schools, classes, staff, their subjects, their duties and the
//! accepted inter-school assignments), then summed per commune, cluster and province.

use std::collections::{BTreeMap, HashMap};

use caunoi_core::org::SchoolLevel;
use caunoi_core::staffing::Subject;
use caunoi_core::staffing::load::{TeacherFacts, TeacherLoad, is_large_school, teacher_load};
use caunoi_core::staffing::shortage::{GroupTotals, SchoolBalance, SchoolInput, StaffInput, StaffingRules, school_balance};
use serde::Serialize;
use sqlx::FromRow;
use tracing::debug;

use super::rule_sets;
use crate::{Db, DbError, DbResult};

/// A school's place in the organisation (commune and cluster) in the school year of the figures.
#[derive(Debug, Clone, PartialEq, Serialize, FromRow)]
pub struct SchoolPlace {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub school_type: String,
    pub commune_code: Option<String>,
    pub commune_name: Option<String>,
    pub cluster_id: Option<i64>,
    pub cluster_name: Option<String>,
    /// The region of Circular 20/2023 of the school's commune, when designated.
    pub commune_region: Option<String>,
}

/// The balance of every school of a province in one school year.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceFigures {
    pub province: String,
    pub school_year: String,
    pub schools: Vec<(SchoolPlace, SchoolBalance)>,
}

/// The grouping of figures one level down a drill-down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Cluster,
    Commune,
    School,
}

/// One row of a grouped table: a cluster, commune or school with its totals.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    /// Cluster id, commune code or school id as text; empty for schools with no
    /// cluster or commune.
    pub key: String,
    pub name: String,
    pub totals: GroupTotals,
}

impl ProvinceFigures {
    /// Keeps the schools that `keep` accepts, for a cluster's or a commune's figures.
    pub fn retain(&mut self, keep: impl Fn(&SchoolPlace) -> bool) {
        self.schools.retain(|(place, _)| keep(place));
    }

    /// Sums every school.
    pub fn totals(&self) -> GroupTotals {
        let mut totals = GroupTotals::default();
        for (_, balance) in &self.schools {
            totals.add(balance);
        }
        totals
    }

    /// Sums the schools per cluster, commune or school, in Vietnamese alphabetical
    /// order of their names with numbers in numeric order ("Cụm 2" before "Cụm 10").
    pub fn grouped(&self, grouping: Grouping) -> Vec<GroupRow> {
        let mut groups: BTreeMap<(String, String, String), GroupTotals> = BTreeMap::new();
        for (place, balance) in &self.schools {
            let (key, name) = match grouping {
                Grouping::Cluster => (place.cluster_id.map(|id| id.to_string()), place.cluster_name.clone()),
                Grouping::Commune => (place.commune_code.clone(), place.commune_name.clone()),
                Grouping::School => (Some(place.id.to_string()), Some(place.name.clone())),
            };
            let name = name.unwrap_or_default();
            let group = (natural_sort_key(&name), name, key.unwrap_or_default());
            groups.entry(group).or_default().add(balance);
        }
        groups.into_iter().map(|((_, name, key), totals)| GroupRow { key, name, totals }).collect()
    }
}

/// Returns the Vietnamese sort key of a name whose digit runs are padded, so that
/// numbers sort by value.
fn natural_sort_key(name: &str) -> String {
    let mut padded = String::with_capacity(name.len() + 8);
    let mut digits = String::new();
    for c in name.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            padded.push_str(&format!("{digits:0>8}"));
            digits.clear();
        }
        padded.push(c);
    }
    caunoi_core::text::collate::sort_key(&padded)
}

#[derive(FromRow)]
struct StaffRow {
    id: i64,
    school_id: i64,
    position: String,
    teaching_level: Option<String>,
    on_probation: i64,
    available: i64,
    periods_per_week: Option<f64>,
}

#[derive(FromRow)]
struct AssignmentRow {
    staff_id: i64,
    to_school_id: i64,
    subject: String,
    periods_per_week: f64,
}

/// Computes the balance of every school of `province` in `school_year`.
pub async fn province(db: &Db, province: &str, school_year: &str) -> DbResult<ProvinceFigures> {
    let (rules, places, inputs) = province_inputs(db, province, school_year).await?;
    let schools: Vec<(SchoolPlace, SchoolBalance)> =
        places.into_iter().zip(inputs).map(|(place, input)| (place, school_balance(&rules, &input))).collect();
    debug!(province.code = province, schools = schools.len(), "staffing figures computed");
    Ok(ProvinceFigures { province: province.to_string(), school_year: school_year.to_string(), schools })
}

/// Reads what the figures of `province` in `school_year` depend on: the active rules,
/// and every school with its place and its [`SchoolInput`], in the same order.
pub async fn province_inputs(db: &Db, province: &str, school_year: &str) -> DbResult<(StaffingRules, Vec<SchoolPlace>, Vec<SchoolInput>)> {
    let rules = rule_sets::active(db, province).await?;
    let places: Vec<SchoolPlace> = sqlx::query_as(
        "SELECT s.id, s.name, s.level, s.school_type, s.commune_code, c.short_name AS commune_name, \
         COALESCE(o.cluster_id, cc.cluster_id) AS cluster_id, k.name AS cluster_name, c.region AS commune_region \
         FROM schools s \
         LEFT JOIN communes c ON c.code = s.commune_code \
         LEFT JOIN cluster_school_overrides o ON o.school_id = s.id AND o.school_year = $2 \
         LEFT JOIN cluster_communes cc ON cc.commune_code = s.commune_code AND cc.school_year = $2 \
         LEFT JOIN clusters k ON k.id = COALESCE(o.cluster_id, cc.cluster_id) \
         WHERE s.province_code = $1 AND s.level <> 'preschool' ORDER BY s.id",
    )
    .bind(province)
    .bind(school_year)
    .fetch_all(&db.pool)
    .await?;

    let classes: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT sc.school_id, sc.grade, sc.classes FROM school_classes sc JOIN schools s ON s.id = sc.school_id \
         WHERE s.province_code = $1 AND sc.school_year = $2",
    )
    .bind(province)
    .bind(school_year)
    .fetch_all(&db.pool)
    .await?;

    let electives: Vec<(i64, i64, String, i64)> = sqlx::query_as(
        "SELECT e.school_id, e.grade, e.subject, e.classes FROM school_elective_classes e JOIN schools s ON s.id = e.school_id \
         WHERE s.province_code = $1 AND e.school_year = $2",
    )
    .bind(province)
    .bind(school_year)
    .fetch_all(&db.pool)
    .await?;

    let staff: Vec<StaffRow> = sqlx::query_as(
        "SELECT m.id, m.school_id, m.position, m.teaching_level, m.on_probation, m.available, m.periods_per_week \
         FROM staff_members m JOIN schools s ON s.id = m.school_id WHERE s.province_code = $1",
    )
    .bind(province)
    .fetch_all(&db.pool)
    .await?;
    let subjects = staff_pairs(db, "SELECT x.staff_id, x.subject FROM staff_subjects x", province).await?;
    let duties = staff_pairs(db, "SELECT x.staff_id, x.duty FROM staff_duties x", province).await?;
    let assignments = accepted_assignments(db, province).await?;

    let mut inputs = assemble(&places, classes, staff, subjects, duties, assignments);
    add_electives(&places, &mut inputs, electives);
    Ok((rules, places, inputs))
}

/// Runs `select` (which names `staff_id` and one text column from alias `x`) for the
/// staff of a province, grouped by staff id.
async fn staff_pairs(db: &Db, select: &str, province: &str) -> DbResult<HashMap<i64, Vec<String>>> {
    let sql = format!(
        "{select} JOIN staff_members m ON m.id = x.staff_id JOIN schools s ON s.id = m.school_id WHERE s.province_code = $1"
    );
    let rows: Vec<(i64, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(province).fetch_all(&db.pool).await?;
    let mut grouped: HashMap<i64, Vec<String>> = HashMap::new();
    for (staff_id, value) in rows {
        grouped.entry(staff_id).or_default().push(value);
    }
    Ok(grouped)
}

/// Accepted inter-school assignments that leave from or arrive at a school of the
/// province. The table comes with the recommendations' migration.
async fn accepted_assignments(db: &Db, province: &str) -> DbResult<Vec<AssignmentRow>> {
    Ok(sqlx::query_as(
        "SELECT a.staff_id, a.to_school_id, a.subject, CAST(a.periods_per_week AS DOUBLE PRECISION) AS periods_per_week \
         FROM teaching_assignments a \
         JOIN schools t ON t.id = a.to_school_id JOIN schools f ON f.id = a.from_school_id \
         WHERE a.status = 'accepted' AND (t.province_code = $1 OR f.province_code = $1)",
    )
    .bind(province)
    .fetch_all(&db.pool)
    .await?)
}

/// Adds the recorded elective classes to the inputs of their schools.
fn add_electives(places: &[SchoolPlace], inputs: &mut [SchoolInput], electives: Vec<(i64, i64, String, i64)>) {
    let index: HashMap<i64, usize> = places.iter().enumerate().map(|(i, place)| (place.id, i)).collect();
    for (school_id, grade, subject, count) in electives {
        if let (Some(&i), Ok(grade), Some(subject)) = (index.get(&school_id), i32::try_from(grade), Subject::from_key(&subject)) {
            inputs[i].elective_classes.insert((grade, subject), count);
        }
    }
}

/// Builds one [`SchoolInput`] per place, in the order of `places`.
fn assemble(
    places: &[SchoolPlace],
    classes: Vec<(i64, i64, i64)>,
    staff: Vec<StaffRow>,
    mut subjects: HashMap<i64, Vec<String>>,
    mut duties: HashMap<i64, Vec<String>>,
    assignments: Vec<AssignmentRow>,
) -> Vec<SchoolInput> {
    let index: HashMap<i64, usize> = places.iter().enumerate().map(|(i, place)| (place.id, i)).collect();
    let mut inputs: Vec<SchoolInput> = places
        .iter()
        .map(|place| SchoolInput {
            school_id: place.id,
            level: SchoolLevel::parse(&place.level).unwrap_or(SchoolLevel::Preschool),
            school_type: place.school_type.clone(),
            classes: BTreeMap::new(),
            elective_classes: BTreeMap::new(),
            staff: Vec::new(),
            incoming: Vec::new(),
        })
        .collect();
    for (school_id, grade, count) in classes {
        if let (Some(&i), Ok(grade)) = (index.get(&school_id), i32::try_from(grade)) {
            inputs[i].classes.insert(grade, count);
        }
    }

    let mut outgoing: HashMap<i64, f64> = HashMap::new();
    for assignment in &assignments {
        *outgoing.entry(assignment.staff_id).or_default() += assignment.periods_per_week;
        if let (Some(&i), Some(subject)) = (index.get(&assignment.to_school_id), Subject::from_key(&assignment.subject)) {
            inputs[i].incoming.push((subject, assignment.periods_per_week));
        }
    }

    let large: Vec<bool> = places
        .iter()
        .zip(&inputs)
        .map(|(place, input)| is_large_school(input.classes.values().sum(), place.commune_region.as_deref()))
        .collect();
    for row in staff {
        let Some(&i) = index.get(&row.school_id) else { continue };
        let input = &mut inputs[i];
        let facts = TeacherFacts {
            level: input.level,
            teaching_level: row.teaching_level.as_deref().and_then(SchoolLevel::parse),
            school_type: input.school_type.clone(),
            position: row.position,
            duties: duties.remove(&row.id).unwrap_or_default(),
            on_probation: row.on_probation == 1,
            declared_periods: row.periods_per_week,
            inter_school_periods: outgoing.get(&row.id).copied().unwrap_or(0.0),
            large_school: large[i],
        };
        let subjects = subjects.remove(&row.id).unwrap_or_default().iter().filter_map(|key| Subject::from_key(key)).collect();
        input.staff.push(StaffInput { id: row.id, facts, subjects, available: row.available == 1 });
    }
    inputs
}

/// A staff member's quota and load, with what they depend on.
#[derive(Debug, Clone, Serialize)]
pub struct StaffLoad {
    pub staff_id: i64,
    pub school_id: i64,
    pub duties: Vec<String>,
    pub subjects: Vec<String>,
    #[serde(flatten)]
    pub load: TeacherLoad,
}

#[derive(FromRow)]
struct StaffRecord {
    school_id: i64,
    province_code: String,
    level: String,
    school_type: String,
    position: String,
    teaching_level: Option<String>,
    on_probation: i64,
    periods_per_week: Option<f64>,
}

/// Computes the load of one staff member under the rules of their province.
pub async fn staff_load(db: &Db, staff_id: i64) -> DbResult<StaffLoad> {
    let record: Option<StaffRecord> = sqlx::query_as(
        "SELECT m.school_id, s.province_code, s.level, s.school_type, m.position, m.teaching_level, m.on_probation, \
         m.periods_per_week \
         FROM staff_members m JOIN schools s ON s.id = m.school_id WHERE m.id = $1",
    )
    .bind(staff_id)
    .fetch_optional(&db.pool)
    .await?;
    let StaffRecord { school_id, province_code, level, school_type, position, teaching_level, on_probation, periods_per_week } =
        record.ok_or(DbError::NotFound)?;

    let duties: Vec<String> = sqlx::query_scalar("SELECT duty FROM staff_duties WHERE staff_id = $1 ORDER BY duty")
        .bind(staff_id)
        .fetch_all(&db.pool)
        .await?;
    let subjects: Vec<String> = sqlx::query_scalar("SELECT subject FROM staff_subjects WHERE staff_id = $1 ORDER BY subject")
        .bind(staff_id)
        .fetch_all(&db.pool)
        .await?;
    let inter_school: Option<f64> = sqlx::query_scalar(
        "SELECT SUM(CAST(periods_per_week AS DOUBLE PRECISION)) FROM teaching_assignments WHERE staff_id = $1 AND status = 'accepted'",
    )
    .bind(staff_id)
    .fetch_one(&db.pool)
    .await?;

    let rules: StaffingRules = rule_sets::active(db, &province_code).await?;
    let large_school = school_is_large(db, school_id).await?;
    let facts = TeacherFacts {
        level: SchoolLevel::parse(&level).unwrap_or(SchoolLevel::Preschool),
        teaching_level: teaching_level.as_deref().and_then(SchoolLevel::parse),
        school_type,
        position,
        duties: duties.clone(),
        on_probation: on_probation == 1,
        declared_periods: periods_per_week,
        inter_school_periods: inter_school.unwrap_or(0.0),
        large_school,
    };
    Ok(StaffLoad { staff_id, school_id, duties, subjects, load: teacher_load(&rules.load, &facts) })
}

/// Returns whether a school is large, by its classes in the latest school year it
/// recorded and its commune's region.
async fn school_is_large(db: &Db, school_id: i64) -> DbResult<bool> {
    let classes: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(classes) AS BIGINT) FROM school_classes WHERE school_id = $1 \
         AND school_year = (SELECT MAX(school_year) FROM school_classes WHERE school_id = $1)",
    )
    .bind(school_id)
    .fetch_one(&db.pool)
    .await?;
    let region: Option<String> =
        sqlx::query_scalar("SELECT c.region FROM schools s JOIN communes c ON c.code = s.commune_code WHERE s.id = $1")
            .bind(school_id)
            .fetch_optional(&db.pool)
            .await?
            .flatten();
    Ok(is_large_school(classes.unwrap_or(0), region.as_deref()))
}

/// Returns whether a staff member works at a school of `province`.
pub async fn staff_in_province(db: &Db, staff_id: i64, province: &str) -> DbResult<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT m.id FROM staff_members m JOIN schools s ON s.id = m.school_id WHERE m.id = $1 AND s.province_code = $2")
            .bind(staff_id)
            .bind(province)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// Returns the account (if any) and the school of a staff member, for authorisation.
pub async fn staff_owner(db: &Db, staff_id: i64) -> DbResult<(Option<i64>, i64)> {
    let row: Option<(Option<i64>, i64)> = sqlx::query_as("SELECT user_id, school_id FROM staff_members WHERE id = $1")
        .bind(staff_id)
        .fetch_optional(&db.pool)
        .await?;
    row.ok_or(DbError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::natural_sort_key;

    #[test]
    fn cluster_numbers_sort_by_value() {
        let mut names = ["Cụm 10", "Cụm 2", "Cụm 1", "Côn Đảo", "Cần Giờ"];
        names.sort_by_key(|name| natural_sort_key(name));
        assert_eq!(names, ["Cần Giờ", "Côn Đảo", "Cụm 1", "Cụm 2", "Cụm 10"]);
    }
}
