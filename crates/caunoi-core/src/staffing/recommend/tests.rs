use super::*;
use crate::staffing::Subject::{English, Informatics, Music};

/// About 1.11 km per 0.01° of latitude.
fn school(id: i64, cluster: i64, lat_hundredths: i32) -> SchoolSite {
    SchoolSite { id, cluster_id: Some(cluster), lat: 10.0 + f64::from(lat_hundredths) / 100.0, lon: 106.7, levels: Levels::ANY }
}

fn teacher(id: i64, school_id: i64, spare_periods: u32, subjects: &[Subject]) -> SpareTeacher {
    SpareTeacher { id, school_id, spare_periods, subjects: subjects.to_vec(), levels: Levels::ANY }
}

fn short(school_id: i64, subject: Subject, periods: u32) -> Shortage {
    Shortage { school_id, subject, periods }
}

fn parameters(subjects: &[Subject]) -> RecommendParameters {
    RecommendParameters {
        subjects: subjects.to_vec(),
        max_distance_km: 50.0,
        cluster_preference: ClusterPreference::Penalty { km: 0.0 },
    }
}

fn periods_by_teacher(recommendation: &Recommendation, teacher_id: i64) -> u32 {
    recommendation.assignments.iter().filter(|a| a.teacher_id == teacher_id).map(|a| a.periods).sum()
}

#[test]
fn teachers_stay_within_their_levels() {
    use crate::org::SchoolLevel::{LowerSecondary, Primary};
    let primary = Levels::NONE.with(Primary);
    let secondary = Levels::NONE.with(LowerSecondary);
    let schools = [
        SchoolSite { levels: secondary, ..school(1, 1, 0) },
        SchoolSite { levels: primary, ..school(2, 1, 1) },
        SchoolSite { levels: secondary, ..school(3, 1, 5) },
    ];
    // The primary teacher is nearer, but only the lower-secondary one may go.
    let teachers = [
        SpareTeacher { levels: primary, ..teacher(10, 2, 4, &[English]) },
        SpareTeacher { levels: secondary, ..teacher(11, 3, 2, &[English]) },
    ];
    let shortages = [short(1, English, 3)];

    let result = recommend(&schools, &teachers, &shortages, &parameters(&[English])).unwrap();

    assert_eq!(result.covered_periods, 2);
    assert_eq!(periods_by_teacher(&result, 10), 0);
    assert_eq!(periods_by_teacher(&result, 11), 2);
}

#[test]
fn nearest_teacher_is_chosen() {
    let schools = [school(1, 1, 0), school(2, 1, 1), school(3, 1, 5)];
    let teachers = [teacher(10, 2, 4, &[English]), teacher(11, 3, 4, &[English])];
    let shortages = [short(1, English, 3)];

    let result = recommend(&schools, &teachers, &shortages, &parameters(&[English])).unwrap();

    assert_eq!(result.covered_periods, 3);
    assert_eq!(result.assignments.len(), 1);
    let assignment = result.assignments[0];
    assert_eq!((assignment.teacher_id, assignment.from_school_id, assignment.to_school_id), (10, 2, 1));
    assert_eq!(assignment.periods, 3);
    assert!((assignment.distance_km - 1.112).abs() < 0.01, "{}", assignment.distance_km);
    assert_eq!(result.cost, 3 * metres_between(&schools[1], &schools[0]));
}

fn metres_between(a: &SchoolSite, b: &SchoolSite) -> i64 {
    (haversine_km(a.lat, a.lon, b.lat, b.lon) * 1000.0).round() as i64
}

#[test]
fn coverage_comes_before_distance() {
    // Teacher 10 is nearest to both schools but can only cover one. The far teacher 11
    // can only reach school 1, so covering everything sends 10 to school 2.
    let schools = [school(1, 1, 0), school(2, 1, 20), school(3, 1, 10), school(4, 1, -10)];
    let teachers = [teacher(10, 3, 2, &[English]), teacher(11, 4, 2, &[English])];
    let shortages = [short(1, English, 2), short(2, English, 2)];
    let mut chosen = parameters(&[English]);
    chosen.max_distance_km = 12.0;

    let result = recommend(&schools, &teachers, &shortages, &chosen).unwrap();

    assert_eq!(result.covered_periods, 4);
    assert_eq!(result.shortage_periods, 4);
    let to_school_2 = result.assignments.iter().find(|a| a.to_school_id == 2).unwrap();
    assert_eq!(to_school_2.teacher_id, 10);
}

#[test]
fn spare_periods_are_never_exceeded() {
    let schools = [school(1, 1, 0), school(2, 1, 1), school(3, 1, 2)];
    let teachers = [teacher(10, 2, 3, &[English]), teacher(11, 3, 2, &[English])];
    let shortages = [short(1, English, 10)];

    let result = recommend(&schools, &teachers, &shortages, &parameters(&[English])).unwrap();

    assert_eq!(result.covered_periods, 5);
    assert_eq!(periods_by_teacher(&result, 10), 3);
    assert_eq!(periods_by_teacher(&result, 11), 2);
}

#[test]
fn only_qualified_teachers_are_sent() {
    let schools = [school(1, 1, 0), school(2, 1, 1), school(3, 1, 9)];
    let teachers = [teacher(10, 2, 4, &[Music]), teacher(11, 3, 4, &[English, Music])];
    let shortages = [short(1, English, 2)];

    let result = recommend(&schools, &teachers, &shortages, &parameters(&[English, Music])).unwrap();

    assert_eq!(result.covered_periods, 2);
    assert!(result.assignments.iter().all(|a| a.teacher_id == 11 && a.subject == English));
}

#[test]
fn unchosen_subjects_are_ignored() {
    let schools = [school(1, 1, 0), school(2, 1, 1)];
    let teachers = [teacher(10, 2, 4, &[English, Informatics])];
    let shortages = [short(1, English, 2), short(1, Informatics, 2)];

    let result = recommend(&schools, &teachers, &shortages, &parameters(&[Informatics])).unwrap();

    assert_eq!(result.shortage_periods, 2);
    assert_eq!(result.covered_periods, 2);
    assert!(result.assignments.iter().all(|a| a.subject == Informatics));
}

#[test]
fn schools_beyond_maximum_distance_are_not_paired() {
    let schools = [school(1, 1, 0), school(2, 1, 30)];
    let teachers = [teacher(10, 2, 4, &[English])];
    let shortages = [short(1, English, 2)];
    let mut chosen = parameters(&[English]);
    chosen.max_distance_km = 30.0;

    let result = recommend(&schools, &teachers, &shortages, &chosen).unwrap();

    assert_eq!(result.covered_periods, 0);
    assert!(result.assignments.is_empty());
    chosen.max_distance_km = 40.0;
    assert_eq!(recommend(&schools, &teachers, &shortages, &chosen).unwrap().covered_periods, 2);
}

#[test]
fn teacher_never_assigned_to_own_school() {
    let schools = [school(1, 1, 0), school(2, 1, 5)];
    let teachers = [teacher(10, 1, 4, &[English]), teacher(11, 2, 1, &[English])];
    let shortages = [short(1, English, 3)];

    let result = recommend(&schools, &teachers, &shortages, &parameters(&[English])).unwrap();

    assert_eq!(result.covered_periods, 1);
    assert!(result.assignments.iter().all(|a| a.from_school_id != a.to_school_id));
    assert_eq!(periods_by_teacher(&result, 10), 0);
}

#[test]
fn cluster_penalty_prefers_own_cluster() {
    // School 2 (cluster 2) is nearer to school 1 than school 3 (cluster 1).
    let schools = [school(1, 1, 0), school(2, 2, 1), school(3, 1, 4)];
    let teachers = [teacher(10, 2, 2, &[English]), teacher(11, 3, 2, &[English])];
    let shortages = [short(1, English, 2)];
    let mut chosen = parameters(&[English]);

    let no_penalty = recommend(&schools, &teachers, &shortages, &chosen).unwrap();
    chosen.cluster_preference = ClusterPreference::Penalty { km: 5.0 };
    let with_penalty = recommend(&schools, &teachers, &shortages, &chosen).unwrap();

    assert_eq!(periods_by_teacher(&no_penalty, 10), 2);
    assert_eq!(periods_by_teacher(&with_penalty, 11), 2);
    assert_eq!(with_penalty.cost, 2 * metres_between(&schools[2], &schools[0]));
}

#[test]
fn penalty_still_allows_other_cluster() {
    let schools = [school(1, 1, 0), school(2, 2, 1)];
    let teachers = [teacher(10, 2, 2, &[English])];
    let shortages = [short(1, English, 2)];
    let mut chosen = parameters(&[English]);
    chosen.cluster_preference = ClusterPreference::Penalty { km: 5.0 };

    let result = recommend(&schools, &teachers, &shortages, &chosen).unwrap();

    assert_eq!(result.covered_periods, 2);
    assert_eq!(result.cost, 2 * (metres_between(&schools[1], &schools[0]) + 5000));
}

#[test]
fn same_cluster_rule_forbids_other_clusters() {
    let mut unclustered = school(3, 0, 2);
    unclustered.cluster_id = None;
    let schools = [school(1, 1, 0), school(2, 2, 1), unclustered, school(4, 1, 3)];
    let teachers = [teacher(10, 2, 5, &[English]), teacher(11, 3, 5, &[English]), teacher(12, 4, 1, &[English])];
    let shortages = [short(1, English, 4)];
    let mut chosen = parameters(&[English]);
    chosen.cluster_preference = ClusterPreference::SameClusterOnly;

    let result = recommend(&schools, &teachers, &shortages, &chosen).unwrap();

    assert_eq!(result.covered_periods, 1);
    assert_eq!(periods_by_teacher(&result, 12), 1);
}

#[test]
fn split_keeps_teachers_at_one_school() {
    // Two identical teachers of one school cover 3 periods at each of two schools:
    // each should go to one school, not both to both.
    let schools = [school(1, 1, 0), school(2, 1, 2), school(3, 1, 1)];
    let teachers = [teacher(10, 3, 3, &[English]), teacher(11, 3, 3, &[English])];
    let shortages = [short(1, English, 3), short(2, English, 3)];

    let result = recommend(&schools, &teachers, &shortages, &parameters(&[English])).unwrap();

    assert_eq!(result.covered_periods, 6);
    assert_eq!(result.assignments.len(), 2);
    assert_ne!(result.assignments[0].teacher_id, result.assignments[1].teacher_id);
}

#[test]
fn teachers_of_two_subjects_share_spare_periods() {
    // One teacher qualified for both subjects has 3 spare periods in all, not 3 each.
    let schools = [school(1, 1, 0), school(2, 1, 1)];
    let teachers = [teacher(10, 2, 3, &[English, Informatics])];
    let shortages = [short(1, English, 2), short(1, Informatics, 2)];

    let result = recommend(&schools, &teachers, &shortages, &parameters(&[English, Informatics])).unwrap();

    assert_eq!(result.covered_periods, 3);
    assert_eq!(periods_by_teacher(&result, 10), 3);
}

#[test]
fn assignments_sum_to_covered_periods() {
    let schools: Vec<SchoolSite> = (0..12).map(|i| school(i, i % 3, (i * 7 % 11) as i32)).collect();
    let teachers: Vec<SpareTeacher> =
        (0..30).map(|i| teacher(100 + i, i % 12, (i % 5) as u32, if i % 2 == 0 { &[English] } else { &[English, Music] })).collect();
    let shortages: Vec<Shortage> = (0..12).step_by(4).flat_map(|i| [short(i, English, 7), short(i, Music, 5)]).collect();

    let result = recommend(&schools, &teachers, &shortages, &parameters(&[English, Music])).unwrap();

    let assigned: u64 = result.assignments.iter().map(|a| u64::from(a.periods)).sum();
    assert_eq!(assigned, result.covered_periods);
    for t in &teachers {
        assert!(periods_by_teacher(&result, t.id) <= t.spare_periods, "teacher {}", t.id);
    }
}

#[test]
fn empty_input_recommends_nothing() {
    let result = recommend(&[], &[], &[], &parameters(&[English])).unwrap();

    assert_eq!(result, Recommendation { assignments: Vec::new(), shortage_periods: 0, covered_periods: 0, cost: 0 });
}

#[test]
fn invalid_input_is_rejected() {
    let schools = [school(1, 1, 0)];
    let mut far_off = school(2, 1, 0);
    far_off.lat = 91.0;
    let chosen = parameters(&[English]);

    assert_eq!(
        recommend(&[school(1, 1, 0), school(1, 1, 1)], &[], &[], &chosen),
        Err(RecommendError::DuplicateSchool { school_id: 1 })
    );
    assert!(matches!(recommend(&[far_off], &[], &[], &chosen), Err(RecommendError::InvalidCoordinates { school_id: 2, .. })));
    far_off.lat = f64::NAN;
    assert!(matches!(recommend(&[far_off], &[], &[], &chosen), Err(RecommendError::InvalidCoordinates { school_id: 2, .. })));
    assert_eq!(
        recommend(&schools, &[teacher(10, 1, 1, &[English]), teacher(10, 1, 2, &[Music])], &[], &chosen),
        Err(RecommendError::DuplicateTeacher { teacher_id: 10 })
    );
    assert_eq!(
        recommend(&schools, &[teacher(10, 9, 1, &[English])], &[], &chosen),
        Err(RecommendError::UnknownTeacherSchool { teacher_id: 10, school_id: 9 })
    );
    assert_eq!(
        recommend(&schools, &[], &[short(9, English, 1)], &chosen),
        Err(RecommendError::UnknownShortageSchool { school_id: 9, subject: "english" })
    );
    let mut negative = chosen.clone();
    negative.max_distance_km = -1.0;
    assert!(matches!(recommend(&schools, &[], &[], &negative), Err(RecommendError::InvalidMaxDistance { .. })));
    let mut bad_penalty = chosen.clone();
    bad_penalty.cluster_preference = ClusterPreference::Penalty { km: f64::NAN };
    assert!(matches!(recommend(&schools, &[], &[], &bad_penalty), Err(RecommendError::InvalidPenalty { .. })));
    bad_penalty.cluster_preference = ClusterPreference::Penalty { km: MAX_PENALTY_KM + 1.0 };
    assert!(matches!(recommend(&schools, &[], &[], &bad_penalty), Err(RecommendError::InvalidPenalty { .. })));
    bad_penalty.cluster_preference = ClusterPreference::Penalty { km: MAX_PENALTY_KM };
    assert!(recommend(&schools, &[], &[], &bad_penalty).is_ok());
}

#[test]
fn haversine_matches_known_distance() {
    // One degree of longitude on the equator is 2πR / 360 km.
    let expected = 2.0 * std::f64::consts::PI * 6371.0088 / 360.0;

    assert!((haversine_km(0.0, 0.0, 0.0, 1.0) - expected).abs() < 1e-9);
    assert_eq!(haversine_km(10.7, 106.7, 10.7, 106.7), 0.0);
}
