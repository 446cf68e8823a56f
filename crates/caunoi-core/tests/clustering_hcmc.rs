//! Cluster proposals on the 168 commune-level units of Hồ Chí Minh City (2025).
//!
//! `tests/data/hcmc_168_units.csv` contains the city's rows of the 2025 commune list
//! with locations (see `tests/data/README.md` for source and licence).

use std::collections::BTreeSet;

use caunoi_core::clustering::{Adjacency, ProposalParams, UnitPoint, evaluate, propose};

const CSV_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/hcmc_168_units.csv");
const CON_DAO: &str = "26732";
const THUONG_TAN: &str = "25909";
const CHAU_DUC: &str = "26596";
const PHU_GIAO: &str = "25858";
const BAU_LAM: &str = "26638";

enum Weighting {
    Uniform,
    /// Population / 10,000, a proxy for the number of schools.
    Population,
}

fn load_units(weighting: Weighting) -> Vec<UnitPoint> {
    let mut reader = csv::Reader::from_path(CSV_PATH).expect("test CSV is readable");
    let headers = reader.headers().expect("CSV header").clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|header| header == name)
            .unwrap_or_else(|| panic!("missing column {name}"))
    };
    let (code, lat, lon, area, population) = (
        column("wardCode"),
        column("wardLat"),
        column("wardLon"),
        column("wardAreaKm2"),
        column("population"),
    );
    reader
        .records()
        .map(|record| {
            let record = record.expect("valid CSV row");
            let number = |index: usize| record[index].parse::<f64>().expect("numeric field");
            UnitPoint {
                code: record[code].to_string(),
                lat: number(lat),
                lon: number(lon),
                weight: match weighting {
                    Weighting::Uniform => 1.0,
                    Weighting::Population => number(population) / 10_000.0,
                },
                area_km2: Some(number(area)),
            }
        })
        .collect()
}

fn index_of(points: &[UnitPoint], code: &str) -> usize {
    points
        .iter()
        .position(|point| point.code == code)
        .unwrap_or_else(|| panic!("unit {code} not in test data"))
}

fn params(k: usize) -> ProposalParams {
    ProposalParams {
        k,
        seed: 2025,
        ..ProposalParams::default()
    }
}

#[test]
fn hcmc_data_has_168_units() {
    let points = load_units(Weighting::Population);
    assert_eq!(points.len(), 168);
    let codes: BTreeSet<&str> = points.iter().map(|point| point.code.as_str()).collect();
    assert_eq!(codes.len(), 168, "unit codes must be unique");
    let population: f64 = points.iter().map(|point| point.weight).sum();
    assert!(
        (population - 1454.4929).abs() < 1e-6,
        "population / 10,000 = {population}"
    );
}

#[test]
fn adjacency_links_con_dao_by_sea() {
    let points = load_units(Weighting::Uniform);
    let adjacency = Adjacency::build(&points);
    let con_dao = index_of(&points, CON_DAO);

    let all: Vec<usize> = (0..points.len()).collect();
    assert!(adjacency.is_connected_subset(&all));

    let sea_links: Vec<_> = adjacency
        .edges()
        .iter()
        .filter(|edge| edge.is_sea_link)
        .collect();
    assert_eq!(sea_links.len(), 1, "sea links: {sea_links:?}");
    assert!(sea_links[0].a == con_dao || sea_links[0].b == con_dao);
    assert_eq!(adjacency.neighbours(con_dao).len(), 1);

    // The link goes to the nearest unit on the mainland.
    let positions = adjacency.positions();
    let nearest = (0..points.len())
        .filter(|&unit| unit != con_dao)
        .min_by(|&a, &b| {
            positions[a]
                .distance_km(positions[con_dao])
                .total_cmp(&positions[b].distance_km(positions[con_dao]))
        })
        .expect("other units");
    assert_eq!(adjacency.neighbours(con_dao), &[nearest]);
    assert!(
        sea_links[0].length_km > 150.0,
        "length {}",
        sea_links[0].length_km
    );
}

#[test]
fn adjacency_drops_edges_across_dong_nai() {
    // The former Bình Dương and Bà Rịa–Vũng Tàu parts of the city do not touch:
    // Đồng Nai province lies between them.
    let points = load_units(Weighting::Uniform);
    let adjacency = Adjacency::build(&points);
    for (a, b) in [(THUONG_TAN, CHAU_DUC), (PHU_GIAO, BAU_LAM)] {
        let (a_index, b_index) = (index_of(&points, a), index_of(&points, b));
        assert!(
            !adjacency.neighbours(a_index).contains(&b_index),
            "units {a} and {b} must not be adjacent"
        );
    }
}

#[test]
fn adjacency_keeps_most_delaunay_edges() {
    let points = load_units(Weighting::Uniform);
    let adjacency = Adjacency::build(&points);
    // A planar triangulation of 168 points has at most 3 × 168 − 6 = 498 edges.
    let edges = adjacency.edges().len();
    assert!(edges <= 498);
    assert!(edges >= 430, "only {edges} edges kept");
    let isolated = (0..points.len())
        .filter(|&unit| adjacency.neighbours(unit).is_empty())
        .count();
    assert_eq!(isolated, 0);
}

/// Checks the invariants that every proposal must satisfy.
fn assert_valid_proposal(points: &[UnitPoint], assignment: &[usize], k: usize) {
    assert_eq!(assignment.len(), points.len(), "every unit assigned");
    assert!(
        assignment.iter().all(|&cluster| cluster < k),
        "cluster index below k"
    );
    let adjacency = Adjacency::build(points);
    for cluster in 0..k {
        let members: Vec<usize> = (0..points.len())
            .filter(|&unit| assignment[unit] == cluster)
            .collect();
        assert!(!members.is_empty(), "cluster {cluster} is empty");
        assert!(
            adjacency.is_connected_subset(&members),
            "cluster {cluster} is not contiguous"
        );
    }
}

#[test]
fn proposal_k16_uniform() {
    let points = load_units(Weighting::Uniform);
    let proposal = propose(&points, &params(16)).expect("valid input");
    assert_valid_proposal(&points, &proposal.assignment, 16);

    let metrics = &proposal.metrics;
    assert!(metrics.all_contiguous);
    assert_eq!(metrics.clusters.len(), 16);
    // 168 / 16 = 10.5 units, so clusters of 10 and 11 units are the best possible.
    assert!(
        metrics.max_relative_deviation <= 0.5 / 10.5 + 1e-9,
        "max deviation {}",
        metrics.max_relative_deviation
    );
    assert!(
        metrics.balance_ratio <= 1.1 + 1e-9,
        "balance ratio {}",
        metrics.balance_ratio
    );
    assert!(
        metrics.compactness_km < 9.5,
        "compactness {} km",
        metrics.compactness_km
    );
}

#[test]
fn proposal_k16_population() {
    let points = load_units(Weighting::Population);
    let proposal = propose(&points, &params(16)).expect("valid input");
    assert_valid_proposal(&points, &proposal.assignment, 16);

    let metrics = &proposal.metrics;
    assert!(metrics.all_contiguous);
    assert!(
        metrics.max_relative_deviation <= 0.15,
        "max deviation {}",
        metrics.max_relative_deviation
    );
    assert!(metrics.weight_cv < 0.06, "weight CV {}", metrics.weight_cv);
    assert!(
        metrics.compactness_km < 7.5,
        "compactness {} km",
        metrics.compactness_km
    );
}

#[test]
fn proposal_k5_uniform() {
    let points = load_units(Weighting::Uniform);
    let proposal = propose(&points, &params(5)).expect("valid input");
    assert_valid_proposal(&points, &proposal.assignment, 5);

    let metrics = &proposal.metrics;
    assert!(metrics.all_contiguous);
    // 168 / 5 = 33.6 units, so clusters of 33 and 34 units are the best possible.
    assert!(
        metrics.max_relative_deviation <= 0.6 / 33.6 + 1e-9,
        "max deviation {}",
        metrics.max_relative_deviation
    );
    assert!(
        metrics.compactness_km < 13.5,
        "compactness {} km",
        metrics.compactness_km
    );
}

#[test]
fn proposal_k5_population() {
    let points = load_units(Weighting::Population);
    let proposal = propose(&points, &params(5)).expect("valid input");
    assert_valid_proposal(&points, &proposal.assignment, 5);

    let metrics = &proposal.metrics;
    assert!(metrics.all_contiguous);
    assert!(
        metrics.max_relative_deviation <= 0.1,
        "max deviation {}",
        metrics.max_relative_deviation
    );
    assert!(
        metrics.compactness_km < 13.5,
        "compactness {} km",
        metrics.compactness_km
    );
}

#[test]
fn proposal_is_deterministic() {
    let points = load_units(Weighting::Population);
    for k in [5, 16] {
        let first = propose(&points, &params(k)).expect("valid input");
        let second = propose(&points, &params(k)).expect("valid input");
        assert_eq!(first, second, "k = {k}");
    }
}

#[test]
fn proposal_valid_for_many_seeds() {
    let points = load_units(Weighting::Population);
    for seed in 0..10 {
        let proposal = propose(
            &points,
            &ProposalParams {
                k: 16,
                seed,
                restarts: 1,
                ..ProposalParams::default()
            },
        )
        .expect("valid input");
        assert_valid_proposal(&points, &proposal.assignment, 16);
    }
}

#[test]
fn evaluate_matches_proposal_metrics() {
    let points = load_units(Weighting::Population);
    let proposal = propose(&points, &params(16)).expect("valid input");
    let adjacency = Adjacency::build(&points);
    assert_eq!(
        evaluate(&points, &adjacency, &proposal.assignment, 16),
        proposal.metrics
    );
}

#[test]
fn evaluate_detects_non_contiguous_edit() {
    let points = load_units(Weighting::Population);
    let proposal = propose(&points, &params(16)).expect("valid input");
    let adjacency = Adjacency::build(&points);

    // Move Côn Đảo into a cluster that none of its neighbours belongs to.
    let con_dao = index_of(&points, CON_DAO);
    let neighbour_clusters: BTreeSet<usize> = adjacency
        .neighbours(con_dao)
        .iter()
        .map(|&unit| proposal.assignment[unit])
        .collect();
    let target = (0..16)
        .find(|cluster| !neighbour_clusters.contains(cluster))
        .expect("a cluster away from Côn Đảo");
    let mut edited = proposal.assignment.clone();
    edited[con_dao] = target;

    let metrics = evaluate(&points, &adjacency, &edited, 16);
    assert!(!metrics.all_contiguous);
    assert!(!metrics.clusters[target].contiguous);
    assert_eq!(
        metrics
            .clusters
            .iter()
            .filter(|cluster| !cluster.contiguous)
            .count(),
        1
    );
}

#[test]
fn proposal_serializes_to_json() {
    let points = load_units(Weighting::Uniform);
    let proposal = propose(&points, &params(5)).expect("valid input");
    let json = serde_json::to_string(&proposal).expect("serializable");
    let parsed: caunoi_core::clustering::Proposal =
        serde_json::from_str(&json).expect("deserializable");
    assert_eq!(parsed.assignment, proposal.assignment);
    assert_eq!(parsed.metrics.clusters.len(), 5);
    assert!((parsed.metrics.compactness_km - proposal.metrics.compactness_km).abs() < 1e-9);
}
