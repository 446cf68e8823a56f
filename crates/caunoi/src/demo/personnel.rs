//! Demo personnel: classes per grade and generated teachers for every primary and
//! secondary school, placed around their commune's centre.
//!
//! Teachers of most subjects match what the curriculum needs. English and Informatics
//! are deliberately uneven: schools of the first eight clusters are more often short,
//! and those of the last eight more often have spare periods. The personnel map then
//! shows shortages per cluster, and a recommendation has teachers to send.

use std::collections::BTreeMap;

use caunoi_core::org::SchoolLevel;
use caunoi_core::school_year::SchoolYear;
use caunoi_core::staffing::Subject;
use caunoi_core::staffing::curriculum::grades_of;
use caunoi_core::staffing::rules::level_key;
use caunoi_core::staffing::shortage::StaffingRules;
use caunoi_db::staffing::generated::{self, GeneratedStaff};
use caunoi_db::staffing::rule_sets;
use caunoi_db::{Db, clusters, communes, users};

use super::PROVINCE;
use super::names::{Rng, full_name};
use super::people::all_schools;

/// Subjects a primary class teacher teaches; the others have subject teachers.
const PRIMARY_CLASS_TEACHER: [Subject; 7] =
    [Subject::Vietnamese, Subject::Maths, Subject::Ethics, Subject::NatureSociety, Subject::Science, Subject::HistoryGeography, Subject::Experiential];

/// Largest offset of a school from its commune's centre, in degrees (about 1.5 km).
const SPREAD_DEGREES: f64 = 0.014;

/// Generates classes, staff and positions; returns the number of staff.
pub async fn seed(db: &Db, year: SchoolYear) -> anyhow::Result<usize> {
    let rules = rule_sets::active(db, PROVINCE).await?;
    let schools = all_schools(db, year).await?;
    let cluster_positions: BTreeMap<i64, i64> =
        clusters::list(db, PROVINCE, &year.to_string()).await?.into_iter().map(|c| (c.id, c.position)).collect();
    let centres: BTreeMap<String, (f64, f64)> = communes::all_in_province(db, PROVINCE).await?.into_iter().map(|c| (c.code, (c.lat, c.lon))).collect();

    let mut rng = Rng::new(2026);
    let mut classes = Vec::new();
    let mut staff = Vec::new();
    let mut positions = Vec::new();
    for school in &schools {
        let Some(level) = SchoolLevel::parse(&school.level) else { continue };
        if grades_of(level).is_empty() || level == SchoolLevel::MultiLevel {
            continue;
        }
        if let Some(&(lat, lon)) = school.commune_code.as_ref().and_then(|code| centres.get(code)) {
            let offset = |rng: &mut Rng| (rng.below(2001) as f64 / 1000.0 - 1.0) * SPREAD_DEGREES;
            positions.push((school.id, lat + offset(&mut rng), lon + offset(&mut rng)));
        }
        let base = match level {
            SchoolLevel::Primary => 3 + rng.below(5) as i64,
            SchoolLevel::LowerSecondary => 4 + rng.below(6) as i64,
            _ => 5 + rng.below(7) as i64,
        };
        let mut school_classes = BTreeMap::new();
        for grade in grades_of(level) {
            let count = (base + rng.below(3) as i64 - 1).max(1);
            school_classes.insert(grade, count);
            classes.push((school.id, grade, count));
        }
        let cluster = school.cluster_id.and_then(|id| cluster_positions.get(&id)).copied().unwrap_or(0);
        let needs = teachers_needed(&rules, level, &school_classes);
        for (subjects, need) in needs {
            let count = teacher_count(&mut rng, subjects[0], need, cluster);
            for n in 0..count {
                staff.push(teacher(&mut rng, school.id, staff.len(), &subjects, n == 0 && subjects.len() == 1));
            }
        }
    }
    generated::set_positions(db, &positions).await?;
    generated::insert_classes(db, &year.to_string(), &classes).await?;
    generated::insert_staff(db, &staff).await?;
    link_demo_teacher(db).await?;
    tracing::info!(demo.staff = staff.len(), demo.schools = positions.len(), "demo personnel ready");
    Ok(staff.len())
}

/// Teachers a school needs per group of subjects: the class teachers of a primary
/// school as one group, every other subject alone.
fn teachers_needed(rules: &StaffingRules, level: SchoolLevel, classes: &BTreeMap<i32, i64>) -> Vec<(Vec<Subject>, f64)> {
    let weeks = rules.load.teaching_weeks();
    let quota = rules.load.quota("teacher", level_key(level), "regular").unwrap_or(19.0);
    let mut periods: BTreeMap<Subject, f64> = BTreeMap::new();
    for (&grade, &count) in classes {
        for (subject, per_year) in rules.curriculum.periods_of_grade(grade) {
            *periods.entry(subject).or_default() += count as f64 * per_year / weeks;
        }
    }
    let mut needs = Vec::new();
    if level == SchoolLevel::Primary {
        let class_teaching: f64 = PRIMARY_CLASS_TEACHER.iter().filter_map(|s| periods.remove(s)).sum();
        needs.push((PRIMARY_CLASS_TEACHER.to_vec(), class_teaching / quota));
    }
    needs.extend(periods.into_iter().filter(|(_, p)| *p > 0.0).map(|(subject, p)| (vec![subject], p / quota)));
    needs
}

/// Draws the number of teachers of a subject at a school: about what it needs, except
/// English and Informatics, which clusters 1–8 lack more often and clusters 9–16 have
/// to spare.
fn teacher_count(rng: &mut Rng, subject: Subject, need: f64, cluster: i64) -> usize {
    let factor = match subject {
        Subject::English | Subject::Informatics => {
            let draw = rng.below(100);
            let short_share = if cluster <= 8 { 55 } else { 15 };
            if draw < short_share { 0.3 } else if draw < 85 { 1.0 } else { 1.9 }
        }
        Subject::Music | Subject::FineArts | Subject::Technology => 0.7 + rng.below(60) as f64 / 100.0,
        _ => 1.0,
    };
    let count = need * factor;
    // A subject with little teaching is often covered by one teacher of the school.
    if count < 0.5 && factor >= 1.0 { 1 } else { count.round() as usize }
}

fn teacher(rng: &mut Rng, school: i64, index: usize, subjects: &[Subject], group_head: bool) -> GeneratedStaff {
    let name = full_name(rng);
    let female = name.contains(" Thị ") || rng.below(100) < 60;
    let year = 1966 + rng.below(34);
    let birth_date = format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
    let mut duties = Vec::new();
    if rng.below(100) < 45 {
        duties.push("homeroom");
    }
    if group_head {
        duties.push("subject_group_head");
    }
    GeneratedStaff {
        school_id: school,
        staff_code: format!("79-{school}-{index:06}"),
        full_name: name,
        gender: if female { "female" } else { "male" },
        birth_date,
        identity_number: format!("079{}{:02}{:06}", if female { 1 } else { 0 }, year % 100, rng.below(1_000_000)),
        phone: format!("09{:08}", rng.below(100_000_000)),
        position: "teacher",
        trained_major: format!("Sư phạm {}", subjects[0].name_vi()),
        subjects: subjects.to_vec(),
        duties,
        is_core_teacher: rng.below(100) < 8,
        standard_rating: rating(rng.below(100)),
    }
}

/// Draws a professional-standard rating from an invented spread, mostly Khá or Tốt.
fn rating(roll: u64) -> Option<&'static str> {
    match roll {
        0..30 => Some("excellent"),
        30..80 => Some("good"),
        80..95 => Some("pass"),
        95..97 => Some("fail"),
        _ => None,
    }
}

/// Gives the demo teacher account (`giaovien`) a staff record at their school.
async fn link_demo_teacher(db: &Db) -> anyhow::Result<()> {
    if let Ok(user) = users::id_by_username(db, "giaovien").await {
        let full_name = users::get(db, user).await?.full_name;
        generated::link_account(db, user, &full_name).await?;
    }
    Ok(())
}
