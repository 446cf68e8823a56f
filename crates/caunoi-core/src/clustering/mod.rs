//! Proposals of compact, contiguous professional clusters from commune coordinates.
//!
//! Input is one point per commune-level unit (ward, commune or special zone) with a
//! weight, normally the number of schools. [`propose`] splits the units into `k`
//! clusters that are contiguous, balanced by weight and compact. [`evaluate`]
//! computes the same metrics for an assignment that a person edited.
//!
//! No commune polygons are available, so contiguity is defined on an adjacency graph
//! built from the points (see [`adjacency`]). The graph is a Delaunay triangulation in
//! a local planar projection, without edges much longer than the typical neighbour
//! distance, plus "sea links" that keep islands connected. A cluster is contiguous
//! when its units form a connected subgraph of that graph.
//!
//! The search (see [`partition`]) is a heuristic, so a proposal is good but not
//! proven optimal. It is deterministic for a given input and [`ProposalParams::seed`].
//! NOTE: the projection uses `cos` from the platform's math library, so builds for
//! different platforms may round differently and, in rare ties, propose differently.
//! All distances are planar km in the equirectangular projection around the centre
//! of the input's bounding box.

pub mod adjacency;
pub mod geometry;
pub mod metrics;
pub mod partition;
mod rng;
mod search;
mod seeding;

use serde::{Deserialize, Serialize};

pub use adjacency::{Adjacency, AdjacencyEdge};
pub use metrics::{ClusterMetrics, ProposalMetrics, evaluate, try_evaluate};
pub use partition::propose;

/// One commune-level unit: its representative point and its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitPoint {
    /// Unit code, for example the national statistics code of the commune.
    pub code: String,
    /// Latitude in degrees (WGS 84).
    pub lat: f64,
    /// Longitude in degrees (WGS 84).
    pub lon: f64,
    /// Non-negative weight to balance, normally the number of schools.
    pub weight: f64,
    /// Area in km², when known. Only summed into [`ClusterMetrics::area_km2`].
    pub area_km2: Option<f64>,
}

/// Parameters of [`propose`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalParams {
    /// Number of clusters, from 1 to the number of units.
    pub k: usize,
    /// Seed of the deterministic random choices. The same input and seed give the
    /// same proposal in every run.
    pub seed: u64,
    /// Maximum number of improvement steps (boundary moves and recombinations) in
    /// each restart.
    pub max_iterations: usize,
    /// Number of independent starts. The best result is kept. At least 1.
    pub restarts: usize,
    /// Allowed relative deviation of a cluster's weight from the mean cluster weight,
    /// for example 0.2 for ±20%. Deviations beyond it are penalised much more than
    /// deviations within it. From 0 to 1.
    pub balance_tolerance: f64,
}

impl Default for ProposalParams {
    fn default() -> ProposalParams {
        ProposalParams {
            k: 1,
            seed: 0,
            max_iterations: 10_000,
            restarts: 8,
            balance_tolerance: 0.2,
        }
    }
}

/// Result of [`propose`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// Cluster index (0 to k − 1) of every unit, in input order.
    pub assignment: Vec<usize>,
    pub metrics: ProposalMetrics,
}

/// Invalid input to [`propose`], [`Adjacency::try_build`] or [`try_evaluate`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProposalError {
    #[error("no units were given; a proposal needs at least one commune")]
    EmptyInput,
    #[error("k is 0; the number of clusters must be at least 1")]
    ZeroClusters,
    #[error("k = {k} is larger than the number of units ({units}); choose k from 1 to {units}")]
    TooManyClusters { k: usize, units: usize },
    #[error(
        "unit {code} (row {index}) has invalid coordinates lat = {lat}, lon = {lon}; \
         expected finite degrees with lat from -90 to 90 and lon from -180 to 180"
    )]
    InvalidCoordinates {
        index: usize,
        code: String,
        lat: f64,
        lon: f64,
    },
    #[error("unit {code} (row {index}) has invalid weight {weight}; expected a finite number ≥ 0")]
    InvalidWeight {
        index: usize,
        code: String,
        weight: f64,
    },
    #[error(
        "unit {code} (row {index}) has invalid area {area_km2} km²; expected a finite number ≥ 0"
    )]
    InvalidArea {
        index: usize,
        code: String,
        area_km2: f64,
    },
    #[error(
        "the total weight of all units is 0; give units a positive weight, \
         such as their number of schools or 1 each"
    )]
    ZeroTotalWeight,
    #[error("invalid parameter {name} = {value}; expected {expected}")]
    InvalidParameter {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("the assignment has {actual} entries but there are {expected} units")]
    AssignmentLengthMismatch { expected: usize, actual: usize },
    #[error(
        "the adjacency graph was built for {adjacency_units} units but {units} units were given"
    )]
    AdjacencyMismatch {
        adjacency_units: usize,
        units: usize,
    },
    #[error("unit {code} (row {index}) is assigned to cluster {cluster}, but with k = {k} clusters are numbered 0 to {max}", max = .k.saturating_sub(1))]
    ClusterOutOfRange {
        index: usize,
        code: String,
        cluster: usize,
        k: usize,
    },
}

/// Checks coordinates, weights and areas of every point.
pub(crate) fn validate_points(points: &[UnitPoint]) -> Result<(), ProposalError> {
    for (index, point) in points.iter().enumerate() {
        let valid_lat = point.lat.is_finite() && (-90.0..=90.0).contains(&point.lat);
        let valid_lon = point.lon.is_finite() && (-180.0..=180.0).contains(&point.lon);
        if !valid_lat || !valid_lon {
            return Err(ProposalError::InvalidCoordinates {
                index,
                code: point.code.clone(),
                lat: point.lat,
                lon: point.lon,
            });
        }
        if !point.weight.is_finite() || point.weight < 0.0 {
            return Err(ProposalError::InvalidWeight {
                index,
                code: point.code.clone(),
                weight: point.weight,
            });
        }
        if let Some(area_km2) = point.area_km2
            && (!area_km2.is_finite() || area_km2 < 0.0)
        {
            return Err(ProposalError::InvalidArea {
                index,
                code: point.code.clone(),
                area_km2,
            });
        }
    }
    Ok(())
}

/// Checks the parameters against the number of units and their total weight.
pub(crate) fn validate_params(
    points: &[UnitPoint],
    params: &ProposalParams,
) -> Result<(), ProposalError> {
    if points.is_empty() {
        return Err(ProposalError::EmptyInput);
    }
    if params.k == 0 {
        return Err(ProposalError::ZeroClusters);
    }
    if params.k > points.len() {
        return Err(ProposalError::TooManyClusters {
            k: params.k,
            units: points.len(),
        });
    }
    if params.restarts == 0 {
        return Err(ProposalError::InvalidParameter {
            name: "restarts",
            value: params.restarts.to_string(),
            expected: "at least 1",
        });
    }
    if !(0.0..=1.0).contains(&params.balance_tolerance) {
        return Err(ProposalError::InvalidParameter {
            name: "balance_tolerance",
            value: params.balance_tolerance.to_string(),
            expected: "a number from 0 to 1, such as 0.2 for ±20%",
        });
    }
    validate_points(points)?;
    let total_weight: f64 = points.iter().map(|point| point.weight).sum();
    if total_weight <= 0.0 {
        return Err(ProposalError::ZeroTotalWeight);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, lat: f64, lon: f64, weight: f64) -> UnitPoint {
        UnitPoint {
            code: code.to_string(),
            lat,
            lon,
            weight,
            area_km2: None,
        }
    }

    fn three_units() -> Vec<UnitPoint> {
        vec![
            unit("a", 10.0, 106.0, 1.0),
            unit("b", 10.01, 106.0, 1.0),
            unit("c", 10.02, 106.0, 1.0),
        ]
    }

    fn params(k: usize) -> ProposalParams {
        ProposalParams {
            k,
            ..ProposalParams::default()
        }
    }

    #[test]
    fn propose_rejects_empty_input() {
        assert_eq!(propose(&[], &params(1)), Err(ProposalError::EmptyInput));
    }

    #[test]
    fn propose_rejects_zero_k() {
        assert_eq!(
            propose(&three_units(), &params(0)),
            Err(ProposalError::ZeroClusters)
        );
    }

    #[test]
    fn propose_rejects_k_above_unit_count() {
        assert_eq!(
            propose(&three_units(), &params(4)),
            Err(ProposalError::TooManyClusters { k: 4, units: 3 })
        );
    }

    #[test]
    fn propose_rejects_non_finite_coordinates() {
        for (lat, lon) in [
            (f64::NAN, 106.0),
            (10.0, f64::INFINITY),
            (91.0, 106.0),
            (10.0, -181.0),
        ] {
            let mut points = three_units();
            points[1].lat = lat;
            points[1].lon = lon;
            let result = propose(&points, &params(2));
            assert!(
                matches!(
                    result,
                    Err(ProposalError::InvalidCoordinates { index: 1, .. })
                ),
                "lat {lat}, lon {lon}: {result:?}"
            );
        }
    }

    #[test]
    fn propose_rejects_invalid_weights() {
        for weight in [-1.0, f64::NAN, f64::INFINITY] {
            let mut points = three_units();
            points[2].weight = weight;
            let result = propose(&points, &params(2));
            assert!(
                matches!(result, Err(ProposalError::InvalidWeight { index: 2, .. })),
                "weight {weight}: {result:?}"
            );
        }
    }

    #[test]
    fn propose_rejects_invalid_area() {
        let mut points = three_units();
        points[0].area_km2 = Some(-3.0);
        assert!(matches!(
            propose(&points, &params(2)),
            Err(ProposalError::InvalidArea { index: 0, .. })
        ));
    }

    #[test]
    fn propose_rejects_zero_total_weight() {
        let mut points = three_units();
        for point in &mut points {
            point.weight = 0.0;
        }
        assert_eq!(
            propose(&points, &params(2)),
            Err(ProposalError::ZeroTotalWeight)
        );
    }

    #[test]
    fn propose_rejects_invalid_parameters() {
        let zero_restarts = ProposalParams {
            k: 2,
            restarts: 0,
            ..ProposalParams::default()
        };
        assert!(matches!(
            propose(&three_units(), &zero_restarts),
            Err(ProposalError::InvalidParameter {
                name: "restarts",
                ..
            })
        ));
        let bad_tolerance = ProposalParams {
            k: 2,
            balance_tolerance: f64::NAN,
            ..ProposalParams::default()
        };
        assert!(matches!(
            propose(&three_units(), &bad_tolerance),
            Err(ProposalError::InvalidParameter {
                name: "balance_tolerance",
                ..
            })
        ));
    }

    #[test]
    fn error_messages_name_the_value() {
        let message = ProposalError::TooManyClusters { k: 20, units: 12 }.to_string();
        assert_eq!(
            message,
            "k = 20 is larger than the number of units (12); choose k from 1 to 12"
        );
        let message = ProposalError::ClusterOutOfRange {
            index: 4,
            code: "26734".to_string(),
            cluster: 7,
            k: 5,
        }
        .to_string();
        assert_eq!(
            message,
            "unit 26734 (row 4) is assigned to cluster 7, but with k = 5 clusters are numbered 0 to 4"
        );
    }

    #[test]
    fn params_deserialize_with_defaults() {
        let params: ProposalParams =
            serde_json::from_str(r#"{"k": 5, "seed": 42}"#).expect("valid JSON");
        assert_eq!(params.k, 5);
        assert_eq!(params.seed, 42);
        assert_eq!(params.restarts, ProposalParams::default().restarts);
        assert_eq!(params.balance_tolerance, 0.2);
    }
}
