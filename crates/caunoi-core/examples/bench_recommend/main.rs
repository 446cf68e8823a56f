//! Generates the recommendation benchmark's instances, writes them, and times
//! `staffing::recommend` on them.
//!
//! Usage: `bench_recommend OUT_DIR [REPETITIONS]`
//!
//! For each instance (one cluster, and the whole of Ho Chi Minh City) it writes
//! `OUT_DIR/NAME.json` (schools, teachers, shortages, parameters) and
//! `OUT_DIR/NAME.dimacs`, the aggregated flow network in the DIMACS minimum-cost flow
//! format, for `bench/recommend_ortools.py`. It then prints one line per instance:
//! `result NAME FLOW COST BUILD_MS SOLVE_MS SPLIT_MS TOTAL_MS` with the median of each
//! step over the repetitions. A `split` line follows (see [`describe_split`]), then a
//! `facts` line about the instance.

mod generate;

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use caunoi_core::staffing::recommend::{Assignment, RecommendNetwork, build_network, recommend};
use generate::{Instance, Shape, generate};

const DEFAULT_REPETITIONS: usize = 3;

const SHAPES: [Shape; 2] = [
    Shape {
        name: "cluster",
        seed: 7,
        schools: 220,
        clusters: 1,
        teachers: 7_000,
        spread_km: 0.0,
        cluster_radius_km: 6.0,
        max_distance_km: 15.0,
        penalty_km: 0.0,
    },
    Shape {
        name: "hcmc",
        seed: 79,
        schools: 3_500,
        clusters: 16,
        teachers: 110_000,
        spread_km: 50.0,
        cluster_radius_km: 6.0,
        max_distance_km: 20.0,
        penalty_km: 5.0,
    },
];

fn main() -> Result<(), Box<dyn Error>> {
    let mut arguments = std::env::args().skip(1);
    let out_dir = arguments.next().ok_or("usage: bench_recommend OUT_DIR [REPETITIONS]")?;
    let repetitions = match arguments.next() {
        Some(text) => text.parse::<usize>().ok().filter(|&n| n > 0).ok_or_else(|| format!("invalid REPETITIONS {text:?}; expected a positive integer"))?,
        None => DEFAULT_REPETITIONS,
    };
    std::fs::create_dir_all(&out_dir)?;

    for shape in &SHAPES {
        let instance = generate(shape);
        let base = Path::new(&out_dir).join(shape.name);
        serde_json::to_writer(BufWriter::new(File::create(base.with_extension("json"))?), &instance)?;
        let built = build_network(&instance.schools, &instance.teachers, &instance.shortages, &instance.parameters)?;
        write_dimacs(&built, &base.with_extension("dimacs"))?;
        time_instance(&instance, repetitions)?;
        println!(
            "facts {} schools={} teachers={} shortages={} shortage_periods={} nodes={} edges={}",
            shape.name,
            instance.schools.len(),
            instance.teachers.len(),
            instance.shortages.len(),
            built.shortage_periods,
            built.network.node_count(),
            built.network.edge_count()
        );
    }
    Ok(())
}

/// Times the three steps of `recommend` (building the network, solving it, splitting
/// the flow onto teachers) and checks the result against `recommend` itself.
fn time_instance(instance: &Instance, repetitions: usize) -> Result<(), Box<dyn Error>> {
    let (mut build, mut solve, mut split, mut total) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut outcome = None;
    for _ in 0..repetitions {
        let started = Instant::now();
        let mut built = build_network(&instance.schools, &instance.teachers, &instance.shortages, &instance.parameters)?;
        let built_at = Instant::now();
        let summary = built.network.min_cost_max_flow(built.source, built.sink);
        let solved_at = Instant::now();
        let assignments = built.assignments(&instance.teachers);
        let split_at = Instant::now();
        build.push(built_at - started);
        solve.push(solved_at - built_at);
        split.push(split_at - solved_at);
        total.push(split_at - started);
        outcome = Some((summary, assignments));
    }
    let (summary, assignments) = outcome.expect("at least one repetition");
    let recommendation = recommend(&instance.schools, &instance.teachers, &instance.shortages, &instance.parameters)?;
    assert_eq!((recommendation.covered_periods as i64, recommendation.cost), (summary.flow, summary.cost));
    assert_eq!(recommendation.assignments, assignments);
    let (build, solve, split, total) = (median_ms(build), median_ms(solve), median_ms(split), median_ms(total));
    println!("result {} {} {} {build:.1} {solve:.1} {split:.1} {total:.1}", instance.name, summary.flow, summary.cost);
    describe_split(&instance.name, &assignments);
    Ok(())
}

/// Prints how the split spread the periods: `split NAME ASSIGNMENTS TEACHERS
/// MULTI_SCHOOL MAX_SCHOOLS`, where MULTI_SCHOOL counts teachers sent to more than one
/// school and MAX_SCHOOLS is the most schools any teacher is sent to.
fn describe_split(name: &str, assignments: &[Assignment]) {
    let mut schools_by_teacher: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for assignment in assignments {
        schools_by_teacher.entry(assignment.teacher_id).or_default().insert(assignment.to_school_id);
    }
    let multi_school = schools_by_teacher.values().filter(|schools| schools.len() > 1).count();
    let max_schools = schools_by_teacher.values().map(BTreeSet::len).max().unwrap_or(0);
    println!("split {name} {} {} {multi_school} {max_schools}", assignments.len(), schools_by_teacher.len());
}

fn median_ms(mut samples: Vec<std::time::Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

/// Writes the network in the DIMACS minimum-cost flow format (1-based nodes). The
/// source's supply is its total outgoing capacity, and the comment lines name the
/// source and sink, because the problem is a maximum flow at minimum cost rather than
/// a flow of fixed value.
fn write_dimacs(built: &RecommendNetwork, path: &Path) -> Result<(), Box<dyn Error>> {
    let network = &built.network;
    let mut out = BufWriter::new(File::create(path)?);
    let edges: Vec<_> = (0..network.edge_count()).map(|id| network.edge(id)).collect();
    let supply: i64 = edges.iter().filter(|edge| edge.from == built.source).map(|edge| edge.capacity).sum();
    writeln!(out, "c maximum flow at minimum cost from the source to the sink")?;
    writeln!(out, "c source {} sink {}", built.source + 1, built.sink + 1)?;
    writeln!(out, "p min {} {}", network.node_count(), edges.len())?;
    writeln!(out, "n {} {supply}", built.source + 1)?;
    writeln!(out, "n {} {}", built.sink + 1, -supply)?;
    for edge in edges {
        writeln!(out, "a {} {} 0 {} {}", edge.from + 1, edge.to + 1, edge.capacity, edge.cost)?;
    }
    out.flush()?;
    Ok(())
}
