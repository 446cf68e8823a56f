//! Checks the minimum-cost flow solver and the recommender against linear programs
//! solved by microlp (through good_lp) on random and degenerate instances. Flow
//! networks have totally unimodular constraints, so the LP optimum is the integer one.

use caunoi_core::org::SchoolLevel;
use caunoi_core::staffing::Subject;
use caunoi_core::staffing::flow::{FlowNetwork, FlowSummary};
use caunoi_core::staffing::recommend::{
    ClusterPreference, Levels, RecommendParameters, Recommendation, SchoolSite, Shortage, SpareTeacher, haversine_km, recommend,
};
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, constraint, microlp, variable};

#[derive(Debug, Clone, Copy)]
struct Arc {
    from: usize,
    to: usize,
    capacity: i64,
    cost: i64,
}

/// SplitMix64, so every run solves the same instances.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % bound
    }

    fn upto(&mut self, max: i64) -> i64 {
        self.below(max as u64 + 1) as i64
    }
}

/// Maximum net flow out of `source`, then the least cost at that flow, by two LPs.
fn lp_optimum(nodes: usize, arcs: &[Arc], source: usize, sink: usize) -> FlowSummary {
    let mut variables = ProblemVariables::new();
    let x: Vec<Variable> = arcs.iter().map(|arc| variables.add(variable().min(0).max(arc.capacity as f64))).collect();
    let net_out = |node: usize| -> Expression {
        let mut total = Expression::default();
        for (arc, &var) in arcs.iter().zip(&x) {
            if arc.from == node {
                total += var;
            }
            if arc.to == node {
                total -= var;
            }
        }
        total
    };
    let conservation: Vec<_> = (0..nodes).filter(|&n| n != source && n != sink).map(|n| constraint!(net_out(n) == 0)).collect();

    let max_flow = variables
        .clone()
        .maximise(net_out(source))
        .using(microlp)
        .with_all(conservation.clone())
        .solve()
        .expect("the maximum-flow LP is feasible and bounded");
    let flow = max_flow.eval(net_out(source)).round();

    let cost: Expression = arcs.iter().zip(&x).map(|(arc, &var)| arc.cost as f64 * var).sum();
    let cheapest = variables
        .minimise(cost.clone())
        .using(microlp)
        .with_all(conservation)
        .with(constraint!(net_out(source) == flow))
        .solve()
        .expect("the minimum-cost LP at the maximum flow is feasible");
    FlowSummary { flow: flow as i64, cost: cheapest.eval(cost).round() as i64 }
}

fn solve(nodes: usize, arcs: &[Arc], source: usize, sink: usize) -> (FlowSummary, FlowNetwork, Vec<usize>) {
    let mut network = FlowNetwork::new(nodes);
    let ids: Vec<usize> = arcs.iter().map(|a| network.add_edge(a.from, a.to, a.capacity, a.cost)).collect();
    let summary = network.min_cost_max_flow(source, sink);
    (summary, network, ids)
}

/// Checks capacities, conservation and the reported summary of the solver's flow, then
/// its optimality against the LP.
fn check_against_lp(shape: &str, case: usize, nodes: usize, arcs: &[Arc], source: usize, sink: usize) {
    let (summary, network, ids) = solve(nodes, arcs, source, sink);
    let mut balance = vec![0i64; nodes];
    let mut cost = 0;
    for (arc, &id) in arcs.iter().zip(&ids) {
        let flow = network.flow_on(id);
        assert!((0..=arc.capacity).contains(&flow), "{shape} {case}: flow {flow} on {arc:?}");
        balance[arc.from] += flow;
        balance[arc.to] -= flow;
        cost += flow * arc.cost;
    }
    for node in (0..nodes).filter(|&n| n != source && n != sink) {
        assert_eq!(balance[node], 0, "{shape} {case}: node {node} does not conserve flow");
    }
    assert_eq!(balance[source], summary.flow, "{shape} {case}: reported flow");
    assert_eq!(cost, summary.cost, "{shape} {case}: reported cost");

    let expected = lp_optimum(nodes, arcs, source, sink);

    assert_eq!(summary, expected, "{shape} {case}: {arcs:?}");
}

/// Arcs between random nodes, self-loops and parallel arcs included.
fn random_arcs(random: &mut Random, nodes: usize, count: u64, max_capacity: i64, max_cost: i64) -> Vec<Arc> {
    (0..count)
        .map(|_| Arc {
            from: random.below(nodes as u64) as usize,
            to: random.below(nodes as u64) as usize,
            capacity: random.upto(max_capacity),
            cost: random.upto(max_cost),
        })
        .collect()
}

fn random_graph(random: &mut Random) -> (usize, Vec<Arc>) {
    let nodes = 2 + random.below(9) as usize;
    let count = random.below(26);
    (nodes, random_arcs(random, nodes, count, 10, 20))
}

/// Source 0, sink 1, suppliers, then demands, as in a recommendation.
fn transport(random: &mut Random, equal_costs: bool) -> (usize, Vec<Arc>) {
    let (suppliers, demands) = (1 + random.below(5) as usize, 1 + random.below(6) as usize);
    let mut arcs = Vec::new();
    for i in 0..suppliers {
        arcs.push(Arc { from: 0, to: 2 + i, capacity: random.upto(8), cost: 0 });
        for j in 0..demands {
            if random.below(4) > 0 {
                let cost = if equal_costs { 5 } else { random.upto(30) };
                arcs.push(Arc { from: 2 + i, to: 2 + suppliers + j, capacity: random.upto(6), cost });
            }
        }
    }
    for j in 0..demands {
        arcs.push(Arc { from: 2 + suppliers + j, to: 1, capacity: random.upto(8), cost: 0 });
    }
    (2 + suppliers + demands, arcs)
}

/// Source 0, sink 1, then up to four layers with edges between neighbouring layers,
/// some backwards, so that optimal flows use reverse residual edges.
fn layered(random: &mut Random) -> (usize, Vec<Arc>) {
    let layers: Vec<usize> = (0..2 + random.below(3)).map(|_| 1 + random.below(4) as usize).collect();
    let mut first = vec![2];
    for size in &layers {
        first.push(first.last().unwrap() + size);
    }
    let node = |layer: usize, k: usize| first[layer] + k;
    let mut arcs = Vec::new();
    for k in 0..layers[0] {
        arcs.push(Arc { from: 0, to: node(0, k), capacity: random.upto(9), cost: random.upto(3) });
    }
    for l in 0..layers.len() - 1 {
        for a in 0..layers[l] {
            for b in 0..layers[l + 1] {
                if random.below(3) > 0 {
                    arcs.push(Arc { from: node(l, a), to: node(l + 1, b), capacity: random.upto(7), cost: random.upto(15) });
                }
                if random.below(5) == 0 {
                    arcs.push(Arc { from: node(l + 1, b), to: node(l, a), capacity: random.upto(4), cost: random.upto(15) });
                }
            }
        }
    }
    let last = layers.len() - 1;
    for k in 0..layers[last] {
        arcs.push(Arc { from: node(last, k), to: 1, capacity: random.upto(9), cost: random.upto(3) });
    }
    (first[layers.len()], arcs)
}

#[test]
fn random_graphs_match_lp() {
    let mut random = Random(1);
    for case in 0..150 {
        let (nodes, arcs) = random_graph(&mut random);
        let sink = nodes - 1;
        check_against_lp("random", case, nodes, &arcs, 0, sink);
    }
}

#[test]
fn transport_problems_match_lp() {
    let mut random = Random(2);
    for case in 0..150 {
        let (nodes, arcs) = transport(&mut random, case % 5 == 0);
        check_against_lp("transport", case, nodes, &arcs, 0, 1);
    }
}

#[test]
fn layered_networks_match_lp() {
    let mut random = Random(3);
    for case in 0..150 {
        let (nodes, arcs) = layered(&mut random);
        check_against_lp("layered", case, nodes, &arcs, 0, 1);
    }
}

#[test]
fn larger_networks_match_lp() {
    // Enough nodes and relabels for the periodic price updates of cost scaling to run.
    let mut random = Random(6);
    for case in 0..20 {
        let nodes = 30 + random.below(20) as usize;
        let count = 150 + random.below(150);
        let arcs = random_arcs(&mut random, nodes, count, 40, 1_000);
        check_against_lp("larger", case, nodes, &arcs, 0, 1);
    }
}

#[test]
fn degenerate_networks_match_lp() {
    let arc = |from, to, capacity, cost| Arc { from, to, capacity, cost };
    let cases: Vec<(&str, usize, Vec<Arc>)> = vec![
        ("no edges", 2, vec![]),
        ("no supply", 4, vec![arc(0, 2, 0, 1), arc(2, 3, 5, 1), arc(3, 1, 5, 1)]),
        ("no demand", 4, vec![arc(0, 2, 5, 1), arc(2, 3, 5, 1), arc(3, 1, 0, 1)]),
        ("zero capacity in the middle", 4, vec![arc(0, 2, 5, 1), arc(2, 3, 0, 1), arc(3, 1, 5, 1)]),
        ("disconnected", 5, vec![arc(0, 2, 5, 1), arc(3, 1, 5, 1), arc(4, 4, 3, 0)]),
        ("all costs zero", 4, vec![arc(0, 2, 3, 0), arc(0, 3, 3, 0), arc(2, 1, 4, 0), arc(3, 1, 1, 0)]),
        ("tied routes", 4, vec![arc(0, 2, 2, 1), arc(0, 3, 2, 1), arc(2, 1, 3, 1), arc(3, 1, 3, 1)]),
        ("parallel edges", 2, vec![arc(0, 1, 2, 7), arc(0, 1, 2, 3), arc(0, 1, 2, 5)]),
        ("edge into the source", 3, vec![arc(2, 0, 4, 0), arc(0, 2, 4, 2), arc(2, 1, 3, 1)]),
        ("edge out of the sink", 3, vec![arc(0, 1, 3, 1), arc(1, 2, 3, 0), arc(2, 1, 1, 0)]),
        ("self-loop", 3, vec![arc(0, 2, 3, 1), arc(2, 2, 9, 0), arc(2, 1, 2, 1)]),
        ("unbounded middle edge", 4, vec![arc(0, 2, 6, 0), arc(2, 3, i64::MAX / 4, 2), arc(3, 1, 4, 0)]),
    ];
    for (case, (name, nodes, arcs)) in cases.iter().enumerate() {
        let bounded: Vec<Arc> = arcs.iter().map(|a| Arc { capacity: a.capacity.min(1_000), ..*a }).collect();
        let (summary, ..) = solve(*nodes, arcs, 0, 1);

        assert_eq!(summary, lp_optimum(*nodes, &bounded, 0, 1), "{name}");
        check_against_lp(name, case, *nodes, &bounded, 0, 1);
    }
}

#[test]
fn second_solve_keeps_flow_and_cost() {
    let (nodes, arcs) = transport(&mut Random(4), false);
    let mut network = FlowNetwork::new(nodes);
    for a in &arcs {
        network.add_edge(a.from, a.to, a.capacity, a.cost);
    }

    let first = network.min_cost_max_flow(0, 1);
    let second = network.min_cost_max_flow(0, 1);

    assert_eq!(first, second);
}

const SUBJECTS: [Subject; 2] = [Subject::English, Subject::Music];

struct RecommendCase {
    schools: Vec<SchoolSite>,
    teachers: Vec<SpareTeacher>,
    shortages: Vec<Shortage>,
    parameters: RecommendParameters,
}

fn random_recommend_case(random: &mut Random) -> RecommendCase {
    let schools: Vec<SchoolSite> = (0..2 + random.below(5) as i64)
        .map(|id| SchoolSite {
            id,
            cluster_id: if random.below(6) == 0 { None } else { Some(random.upto(1)) },
            lat: 10.6 + random.upto(30) as f64 / 100.0,
            lon: 106.6 + random.upto(30) as f64 / 100.0,
            levels: random_levels(random),
        })
        .collect();
    let school_count = schools.len() as u64;
    let teachers = (0..random.below(9) as i64)
        .map(|id| {
            let subjects = match random.below(4) {
                0 => vec![Subject::English, Subject::Music],
                1 => vec![Subject::Music],
                2 => vec![Subject::Maths],
                _ => vec![Subject::English],
            };
            let (school_id, spare_periods) = (random.below(school_count) as i64, random.upto(5) as u32);
            SpareTeacher { id: 100 + id, school_id, spare_periods, subjects, levels: random_levels(random) }
        })
        .collect();
    let shortages = (0..random.below(6))
        .map(|_| Shortage { school_id: random.below(school_count) as i64, subject: SUBJECTS[random.below(2) as usize], periods: random.upto(6) as u32 })
        .collect();
    let cluster_preference =
        if random.below(3) == 0 { ClusterPreference::SameClusterOnly } else { ClusterPreference::Penalty { km: random.upto(8) as f64 } };
    let parameters = RecommendParameters { subjects: SUBJECTS.to_vec(), max_distance_km: 10.0 + random.upto(30) as f64, cluster_preference };
    RecommendCase { schools, teachers, shortages, parameters }
}

/// Draws one level, two levels or no restriction, so that some pairs of schools are
/// closed to some teachers.
fn random_levels(random: &mut Random) -> Levels {
    match random.below(4) {
        0 => Levels::NONE.with(SchoolLevel::Primary),
        1 => Levels::NONE.with(SchoolLevel::LowerSecondary),
        2 => Levels::NONE.with(SchoolLevel::Primary).with(SchoolLevel::LowerSecondary),
        _ => Levels::ANY,
    }
}

/// Computes the cost per period of teaching from `from` at `to` independently of the
/// network, or `None` where the rules of the recommender forbid it.
fn trip_cost(case: &RecommendCase, from: i64, to: i64) -> Option<i64> {
    let (a, b) = (&case.schools[from as usize], &case.schools[to as usize]);
    let km = haversine_km(a.lat, a.lon, b.lat, b.lon);
    let same_cluster = a.cluster_id.is_some() && a.cluster_id == b.cluster_id;
    let penalty = match case.parameters.cluster_preference {
        _ if same_cluster => 0.0,
        ClusterPreference::SameClusterOnly => return None,
        ClusterPreference::Penalty { km } => km,
    };
    (from != to && km <= case.parameters.max_distance_km).then(|| (km * 1000.0).round() as i64 + (penalty * 1000.0).round() as i64)
}

/// Solves the recommendation as an LP over (teacher, school, subject) variables,
/// without the recommender's aggregation.
fn recommend_lp(case: &RecommendCase) -> FlowSummary {
    // Nodes: source 0, sink 1, teachers, then (school, subject) demands.
    let demand_node = |school: i64, k: usize| 2 + case.teachers.len() + 2 * school as usize + k;
    let nodes = 2 + case.teachers.len() + 2 * case.schools.len();
    let mut arcs = Vec::new();
    for (t, teacher) in case.teachers.iter().enumerate() {
        arcs.push(Arc { from: 0, to: 2 + t, capacity: i64::from(teacher.spare_periods), cost: 0 });
        for (k, subject) in SUBJECTS.iter().enumerate() {
            for school in &case.schools {
                let allowed = teacher.subjects.contains(subject) && teacher.levels.overlaps(school.levels);
                if let (true, Some(cost)) = (allowed, trip_cost(case, teacher.school_id, school.id)) {
                    arcs.push(Arc { from: 2 + t, to: demand_node(school.id, k), capacity: 100, cost });
                }
            }
        }
    }
    for shortage in &case.shortages {
        let k = SUBJECTS.iter().position(|s| *s == shortage.subject).unwrap();
        arcs.push(Arc { from: demand_node(shortage.school_id, k), to: 1, capacity: i64::from(shortage.periods), cost: 0 });
    }
    lp_optimum(nodes, &arcs, 0, 1)
}

/// Checks every rule on the assignments and that they add up to the reported totals.
fn check_assignments(index: usize, case: &RecommendCase, result: &Recommendation) {
    let mut cost = 0;
    for a in &result.assignments {
        let teacher = case.teachers.iter().find(|t| t.id == a.teacher_id).unwrap();
        assert_eq!(teacher.school_id, a.from_school_id, "case {index}: {a:?}");
        assert!(teacher.subjects.contains(&a.subject), "case {index}: unqualified {a:?}");
        let school = case.schools.iter().find(|s| s.id == a.to_school_id).unwrap();
        assert!(teacher.levels.overlaps(school.levels), "case {index}: wrong level {a:?}");
        let per_period = trip_cost(case, a.from_school_id, a.to_school_id);
        assert!(per_period.is_some(), "case {index}: forbidden trip {a:?}");
        cost += i64::from(a.periods) * per_period.unwrap();
    }
    for teacher in &case.teachers {
        let assigned_to_teacher: u32 = result.assignments.iter().filter(|a| a.teacher_id == teacher.id).map(|a| a.periods).sum();
        assert!(assigned_to_teacher <= teacher.spare_periods, "case {index}: teacher {} over spare periods", teacher.id);
    }
    for shortage in &case.shortages {
        let short: u32 = case.shortages.iter().filter(|s| s.school_id == shortage.school_id && s.subject == shortage.subject).map(|s| s.periods).sum();
        let received: u32 = result
            .assignments
            .iter()
            .filter(|a| a.to_school_id == shortage.school_id && a.subject == shortage.subject)
            .map(|a| a.periods)
            .sum();
        assert!(received <= short, "case {index}: school {} over-covered", shortage.school_id);
    }
    let assigned: u64 = result.assignments.iter().map(|a| u64::from(a.periods)).sum();
    assert_eq!(assigned, result.covered_periods, "case {index}: assigned periods");
    assert_eq!(cost, result.cost, "case {index}: assignment cost");
}

#[test]
fn recommendations_match_lp() {
    let mut random = Random(5);
    for index in 0..200 {
        let case = random_recommend_case(&mut random);

        let result = recommend(&case.schools, &case.teachers, &case.shortages, &case.parameters).unwrap();

        check_assignments(index, &case, &result);
        let expected = recommend_lp(&case);
        assert_eq!(
            FlowSummary { flow: result.covered_periods as i64, cost: result.cost },
            expected,
            "case {index}: {:?} {:?} {:?}",
            case.teachers,
            case.shortages,
            case.parameters
        );
    }
}
