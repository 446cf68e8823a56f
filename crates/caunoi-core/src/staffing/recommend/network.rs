//! Building the aggregated flow network of a recommendation.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{ClusterPreference, Levels, MAX_PENALTY_KM, RecommendError, RecommendParameters, SchoolSite, Shortage, SpareTeacher, haversine_km};
use crate::staffing::Subject;
use crate::staffing::flow::FlowNetwork;

/// Km per degree of latitude on the mean Earth radius, for a cheap lower bound on
/// distances before the haversine formula.
const KM_PER_DEGREE_LAT: f64 = 111.19;

/// Teachers of one school with the same levels, qualified for the same chosen
/// subjects. Any split of the group's flow among them is feasible, because each can
/// teach every subject of it wherever the group may go.
#[derive(Debug, Clone)]
pub(super) struct TeacherGroup {
    pub teachers: Vec<usize>,
}

/// Flow from a group to the supply node of one of its subjects.
#[derive(Debug, Clone, Copy)]
pub(super) struct GroupEdge {
    pub group: usize,
    pub supply: usize,
    pub edge: usize,
}

/// The periods of one subject that teachers of one school with the same levels can
/// give away.
#[derive(Debug, Clone, Copy)]
pub(super) struct Supply {
    pub school: usize,
    pub subject: Subject,
}

/// A school-to-school edge: teachers behind `supply` teaching at `to_school`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Transfer {
    pub supply: usize,
    pub to_school: usize,
    pub distance_km: f64,
    pub edge: usize,
}

/// The flow network of one recommendation, with what is needed to read its flow back
/// as assignments.
#[derive(Debug, Clone)]
pub struct RecommendNetwork {
    pub network: FlowNetwork,
    pub source: usize,
    pub sink: usize,
    /// Shortage periods of the chosen subjects over all schools.
    pub shortage_periods: u64,
    pub(super) school_ids: Vec<i64>,
    pub(super) groups: Vec<TeacherGroup>,
    pub(super) group_edges: Vec<GroupEdge>,
    pub(super) supplies: Vec<Supply>,
    pub(super) transfers: Vec<Transfer>,
}

/// Validates the input and builds the aggregated network: source → teacher group →
/// (school, subject) supply → (school, subject) demand → sink.
pub fn build_network(
    schools: &[SchoolSite],
    teachers: &[SpareTeacher],
    shortages: &[Shortage],
    parameters: &RecommendParameters,
) -> Result<RecommendNetwork, RecommendError> {
    let school_index = index_schools(schools)?;
    check_parameters(parameters)?;
    let chosen: BTreeSet<Subject> = parameters.subjects.iter().copied().collect();

    let mut demand: BTreeMap<(Subject, usize), u64> = BTreeMap::new();
    for shortage in shortages {
        let Some(&school) = school_index.get(&shortage.school_id) else {
            return Err(RecommendError::UnknownShortageSchool { school_id: shortage.school_id, subject: shortage.subject.key() });
        };
        if chosen.contains(&shortage.subject) && shortage.periods > 0 {
            *demand.entry((shortage.subject, school)).or_default() += u64::from(shortage.periods);
        }
    }
    let demanded: BTreeSet<Subject> = demand.keys().map(|(subject, _)| *subject).collect();

    let mut grouped: BTreeMap<(usize, Levels, Vec<Subject>), (u64, Vec<usize>)> = BTreeMap::new();
    let mut teacher_ids = HashSet::with_capacity(teachers.len());
    for (index, teacher) in teachers.iter().enumerate() {
        let Some(&school) = school_index.get(&teacher.school_id) else {
            return Err(RecommendError::UnknownTeacherSchool { teacher_id: teacher.id, school_id: teacher.school_id });
        };
        if !teacher_ids.insert(teacher.id) {
            return Err(RecommendError::DuplicateTeacher { teacher_id: teacher.id });
        }
        let subjects: BTreeSet<Subject> = teacher.subjects.iter().copied().filter(|s| demanded.contains(s)).collect();
        if teacher.spare_periods == 0 || subjects.is_empty() || teacher.levels.is_empty() {
            continue;
        }
        let entry = grouped.entry((school, teacher.levels, subjects.into_iter().collect())).or_default();
        entry.0 += u64::from(teacher.spare_periods);
        entry.1.push(index);
    }

    let mut supply_keys: BTreeSet<(Subject, usize, Levels)> = BTreeSet::new();
    for (school, levels, subjects) in grouped.keys() {
        supply_keys.extend(subjects.iter().map(|subject| (*subject, *school, *levels)));
    }
    let supplies: Vec<Supply> = supply_keys.iter().map(|&(subject, school, _)| Supply { school, subject }).collect();
    let supply_of: HashMap<(Subject, usize, Levels), usize> = supply_keys.iter().enumerate().map(|(i, key)| (*key, i)).collect();

    // Nodes: 0 source, 1 sink, then groups, supplies and demands.
    let first_supply = 2 + grouped.len();
    let first_demand = first_supply + supplies.len();
    let mut network = FlowNetwork::new(first_demand + demand.len());
    let (source, sink) = (0, 1);

    let mut groups = Vec::with_capacity(grouped.len());
    let mut group_edges = Vec::new();
    for (group, ((school, levels, subjects), (spare, members))) in grouped.into_iter().enumerate() {
        let node = 2 + group;
        network.add_edge(source, node, spare as i64, 0);
        for subject in subjects {
            let supply = supply_of[&(subject, school, levels)];
            let edge = network.add_edge(node, first_supply + supply, spare as i64, 0);
            group_edges.push(GroupEdge { group, supply, edge });
        }
        groups.push(TeacherGroup { teachers: members });
    }

    let mut transfers = Vec::new();
    for (offset, (&(subject, to_school), &periods)) in demand.iter().enumerate() {
        let node = first_demand + offset;
        network.add_edge(node, sink, periods as i64, 0);
        let candidates = supply_keys.range((subject, 0, Levels::NONE)..=(subject, usize::MAX, Levels::ANY));
        for &(_, from_school, levels) in candidates {
            if !levels.overlaps(schools[to_school].levels) {
                continue;
            }
            let Some((distance_km, cost)) = trip(&schools[from_school], &schools[to_school], parameters) else { continue };
            let supply = supply_of[&(subject, from_school, levels)];
            let edge = network.add_edge(first_supply + supply, node, periods as i64, cost);
            transfers.push(Transfer { supply, to_school, distance_km, edge });
        }
    }

    Ok(RecommendNetwork {
        network,
        source,
        sink,
        shortage_periods: demand.values().sum(),
        school_ids: schools.iter().map(|school| school.id).collect(),
        groups,
        group_edges,
        supplies,
        transfers,
    })
}

/// Returns the distance and cost per period of sending a teacher from `from` to `to`,
/// or `None` when the rules forbid it: the same school, too far, or another cluster
/// under [`ClusterPreference::SameClusterOnly`].
fn trip(from: &SchoolSite, to: &SchoolSite, parameters: &RecommendParameters) -> Option<(f64, i64)> {
    if from.id == to.id || (from.lat - to.lat).abs() * KM_PER_DEGREE_LAT > parameters.max_distance_km {
        return None;
    }
    let distance_km = haversine_km(from.lat, from.lon, to.lat, to.lon);
    if distance_km > parameters.max_distance_km {
        return None;
    }
    let same_cluster = from.cluster_id.is_some() && from.cluster_id == to.cluster_id;
    let penalty_km = match parameters.cluster_preference {
        ClusterPreference::SameClusterOnly if !same_cluster => return None,
        ClusterPreference::Penalty { km } if !same_cluster => km,
        _ => 0.0,
    };
    Some((distance_km, metres(distance_km) + metres(penalty_km)))
}

/// Whole metres, so that costs are exact integers.
fn metres(km: f64) -> i64 {
    (km * 1000.0).round() as i64
}

fn index_schools(schools: &[SchoolSite]) -> Result<HashMap<i64, usize>, RecommendError> {
    let mut index = HashMap::with_capacity(schools.len());
    for (position, school) in schools.iter().enumerate() {
        if !(-90.0..=90.0).contains(&school.lat) || !(-180.0..=180.0).contains(&school.lon) {
            return Err(RecommendError::InvalidCoordinates { school_id: school.id, lat: school.lat, lon: school.lon });
        }
        if index.insert(school.id, position).is_some() {
            return Err(RecommendError::DuplicateSchool { school_id: school.id });
        }
    }
    Ok(index)
}

fn check_parameters(parameters: &RecommendParameters) -> Result<(), RecommendError> {
    let km = parameters.max_distance_km;
    if km.is_nan() || km < 0.0 {
        return Err(RecommendError::InvalidMaxDistance { km });
    }
    if let ClusterPreference::Penalty { km } = parameters.cluster_preference
        && !(0.0..=MAX_PENALTY_KM).contains(&km)
    {
        return Err(RecommendError::InvalidPenalty { km });
    }
    Ok(())
}
