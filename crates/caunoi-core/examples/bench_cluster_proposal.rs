//! Times `clustering::propose` on a commune CSV and prints a Markdown report.
//!
//! Usage: `bench_cluster_proposal CSV [REPETITIONS]`
//!
//! The CSV needs the columns `wardCode`, `wardLat`, `wardLon` and `wardAreaKm2`, as in
//! the 2025 commune files with locations. An optional `population` column enables the
//! population-weighted runs (weight = population / 10,000). Each unit otherwise has
//! weight 1. When a `provinceCode` column contains more than one province, every
//! province is also proposed separately once, as a check of the whole country.
//!
//! The baseline, timed in the same run, is `Adjacency::build` alone, which every
//! proposal includes.

use std::collections::BTreeMap;
use std::error::Error;
use std::time::{Duration, Instant};

use caunoi_core::clustering::{Adjacency, Proposal, ProposalParams, UnitPoint, propose};

const DEFAULT_REPETITIONS: usize = 50;
const CLUSTER_COUNTS: [usize; 2] = [5, 16];

struct Dataset {
    /// Province code of every unit, or an empty string when the CSV has no such column.
    provinces: Vec<String>,
    uniform: Vec<UnitPoint>,
    population: Option<Vec<UnitPoint>>,
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut arguments = std::env::args().skip(1);
    let Some(path) = arguments.next() else {
        return Err("usage: bench_cluster_proposal CSV [REPETITIONS]".into());
    };
    let repetitions = match arguments.next() {
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|&count| count > 0)
            .ok_or_else(|| format!("invalid REPETITIONS {text:?}; expected a positive integer"))?,
        None => DEFAULT_REPETITIONS,
    };

    let dataset = read_dataset(&path)?;
    let distinct_provinces: BTreeMap<&str, usize> =
        dataset
            .provinces
            .iter()
            .fold(BTreeMap::new(), |mut counts, code| {
                *counts.entry(code.as_str()).or_insert(0) += 1;
                counts
            });

    println!(
        "Input: `{path}`, {} units, {repetitions} repetitions per row.",
        dataset.uniform.len()
    );
    println!();
    println!("| case | k | median ms | p95 ms | median / baseline |");
    println!("|---|---:|---:|---:|---:|");

    let baseline = time_repeated(repetitions, || {
        std::hint::black_box(Adjacency::build(&dataset.uniform));
    });
    let baseline_median = median(&baseline);
    println!(
        "| baseline: `Adjacency::build` | – | {:.3} | {:.3} | 1.0 |",
        millis(baseline_median),
        millis(percentile(&baseline, 0.95))
    );

    let mut cases = vec![("uniform weights", &dataset.uniform)];
    if let Some(population) = &dataset.population {
        cases.push(("weight = population / 10,000", population));
    }
    let mut proposals = Vec::new();
    for &(label, points) in &cases {
        for k in CLUSTER_COUNTS.into_iter().filter(|&k| k <= points.len()) {
            let params = ProposalParams {
                k,
                ..ProposalParams::default()
            };
            let mut last = None;
            let timings = time_repeated(repetitions, || {
                last = Some(propose(points, &params).expect("valid input"));
            });
            println!(
                "| `propose`, {label} | {k} | {:.3} | {:.3} | {:.1} |",
                millis(median(&timings)),
                millis(percentile(&timings, 0.95)),
                median(&timings).as_secs_f64() / baseline_median.as_secs_f64()
            );
            proposals.push((label, k, last.expect("at least one repetition")));
        }
    }

    println!();
    println!(
        "| case | k | all contiguous | max / min weight | weight CV | max deviation | compactness km | max radius km |"
    );
    println!("|---|---:|---|---:|---:|---:|---:|---:|");
    for (label, k, proposal) in &proposals {
        print_quality_row(label, *k, proposal);
    }

    if distinct_provinces.len() > 1 {
        check_each_province(&dataset, &distinct_provinces)?;
    }
    Ok(())
}

fn print_quality_row(label: &str, k: usize, proposal: &Proposal) {
    let metrics = &proposal.metrics;
    let max_radius = metrics
        .clusters
        .iter()
        .map(|cluster| cluster.radius_km)
        .fold(0.0, f64::max);
    println!(
        "| {label} | {k} | {} | {:.3} | {:.3} | {:.1}% | {:.2} | {:.1} |",
        if metrics.all_contiguous { "yes" } else { "no" },
        metrics.balance_ratio,
        metrics.weight_cv,
        100.0 * metrics.max_relative_deviation,
        metrics.compactness_km,
        max_radius
    );
}

/// Proposes k = 5 clusters (or fewer for small provinces) for every province once.
fn check_each_province(
    dataset: &Dataset,
    provinces: &BTreeMap<&str, usize>,
) -> Result<(), Box<dyn Error>> {
    println!();
    println!("Per-province check, k = min(5, units), uniform weights:");
    println!();
    println!("| provinces | units | all contiguous | worst max deviation | slowest ms |");
    println!("|---:|---:|---|---:|---:|");
    let mut all_contiguous = true;
    let mut worst_deviation: f64 = 0.0;
    let mut slowest = Duration::ZERO;
    for &code in provinces.keys() {
        let points: Vec<UnitPoint> = dataset
            .uniform
            .iter()
            .zip(&dataset.provinces)
            .filter(|(_, province)| province.as_str() == code)
            .map(|(point, _)| point.clone())
            .collect();
        let params = ProposalParams {
            k: points.len().min(5),
            ..ProposalParams::default()
        };
        let start = Instant::now();
        let proposal =
            propose(&points, &params).map_err(|error| format!("province {code}: {error}"))?;
        slowest = slowest.max(start.elapsed());
        all_contiguous &= proposal.metrics.all_contiguous;
        worst_deviation = worst_deviation.max(proposal.metrics.max_relative_deviation);
    }
    println!(
        "| {} | {} | {} | {:.1}% | {:.3} |",
        provinces.len(),
        dataset.uniform.len(),
        if all_contiguous { "yes" } else { "no" },
        100.0 * worst_deviation,
        millis(slowest)
    );
    Ok(())
}

fn read_dataset(path: &str) -> Result<Dataset, Box<dyn Error>> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|header| header == name);
    let required =
        |name: &str| column(name).ok_or_else(|| format!("{path}: missing column {name}"));
    let (code_column, lat_column, lon_column) = (
        required("wardCode")?,
        required("wardLat")?,
        required("wardLon")?,
    );
    let area_column = column("wardAreaKm2");
    let province_column = column("provinceCode");
    let population_column = column("population");

    let mut provinces = Vec::new();
    let mut uniform = Vec::new();
    let mut population = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record?;
        let number = |index: usize| -> Result<f64, Box<dyn Error>> {
            let text = record.get(index).unwrap_or("");
            text.trim().parse::<f64>().map_err(|_| {
                format!(
                    "{path}: row {}: invalid number {text:?} in column {}",
                    row + 2,
                    &headers[index]
                )
                .into()
            })
        };
        let area_km2 = match area_column {
            Some(index) if !record.get(index).unwrap_or("").trim().is_empty() => {
                Some(number(index)?)
            }
            _ => None,
        };
        let point = UnitPoint {
            code: record.get(code_column).unwrap_or("").to_string(),
            lat: number(lat_column)?,
            lon: number(lon_column)?,
            weight: 1.0,
            area_km2,
        };
        if let Some(index) = population_column {
            population.push(UnitPoint {
                weight: number(index)? / 10_000.0,
                ..point.clone()
            });
        }
        provinces.push(
            province_column
                .and_then(|index| record.get(index))
                .unwrap_or("")
                .to_string(),
        );
        uniform.push(point);
    }
    Ok(Dataset {
        provinces,
        uniform,
        population: population_column.map(|_| population),
    })
}

/// Runs `task` once to warm up, then `repetitions` times, and returns the sorted durations.
fn time_repeated(repetitions: usize, mut task: impl FnMut()) -> Vec<Duration> {
    task();
    let mut timings: Vec<Duration> = (0..repetitions)
        .map(|_| {
            let start = Instant::now();
            task();
            start.elapsed()
        })
        .collect();
    timings.sort_unstable();
    timings
}

fn median(sorted: &[Duration]) -> Duration {
    sorted[sorted.len() / 2]
}

/// Nearest-rank percentile of sorted durations.
fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let rank = (fraction * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
