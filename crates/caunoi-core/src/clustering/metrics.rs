//! Balance, compactness and contiguity metrics of an assignment of units to clusters.

use serde::{Deserialize, Serialize};

use super::geometry::PlanarPoint;
use super::{Adjacency, ProposalError, UnitPoint, validate_points};

/// Metrics of one cluster.
///
/// The centroid is the weight-weighted mean of the member points (the unweighted mean
/// when the cluster's weight is 0). Distances are planar km from that centroid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterMetrics {
    pub index: usize,
    /// Number of member units.
    pub units: usize,
    /// Sum of member weights.
    pub weight: f64,
    /// Centroid latitude in degrees. NaN for an empty cluster.
    pub centroid_lat: f64,
    /// Centroid longitude in degrees. NaN for an empty cluster.
    pub centroid_lon: f64,
    /// Maximum distance of a member point from the centroid.
    pub radius_km: f64,
    /// Weight-weighted mean distance of the member points from the centroid
    /// (unweighted when the cluster's weight is 0).
    pub mean_distance_km: f64,
    /// Whether the members form one connected subgraph of the adjacency graph.
    /// False for an empty cluster.
    pub contiguous: bool,
    /// Sum of member areas, or None when a member has no area.
    pub area_km2: Option<f64>,
    /// (weight − mean cluster weight) / mean cluster weight, for example −0.1 for 10%
    /// below the mean. 0 when the total weight is 0.
    pub relative_deviation: f64,
}

/// Metrics of a whole proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalMetrics {
    pub clusters: Vec<ClusterMetrics>,
    /// Maximum cluster weight / minimum cluster weight. Infinite when a cluster has
    /// weight 0 and another has a positive weight, 1 when all weights are 0.
    pub balance_ratio: f64,
    /// Coefficient of variation of the cluster weights: population standard
    /// deviation / mean. 0 when the mean is 0.
    pub weight_cv: f64,
    /// Maximum absolute [`ClusterMetrics::relative_deviation`].
    pub max_relative_deviation: f64,
    /// Weight-weighted mean distance of every unit from its own cluster's centroid,
    /// in km (unweighted when the total weight is 0).
    pub compactness_km: f64,
    /// Whether every cluster is non-empty and contiguous.
    pub all_contiguous: bool,
}

/// Computes the metrics of `assignment` (cluster index per unit, in input order)
/// for `k` clusters, for example of a proposal that a person edited.
///
/// # Panics
/// Panics when [`try_evaluate`] would return an error.
pub fn evaluate(
    points: &[UnitPoint],
    adjacency: &Adjacency,
    assignment: &[usize],
    k: usize,
) -> ProposalMetrics {
    match try_evaluate(points, adjacency, assignment, k) {
        Ok(metrics) => metrics,
        Err(error) => panic!("invalid assignment to evaluate: {error}"),
    }
}

/// Computes the metrics of `assignment`, or returns an error when `k` is 0, the
/// lengths of `points`, `adjacency` and `assignment` differ, a point is invalid,
/// or a cluster index is `k` or more.
pub fn try_evaluate(
    points: &[UnitPoint],
    adjacency: &Adjacency,
    assignment: &[usize],
    k: usize,
) -> Result<ProposalMetrics, ProposalError> {
    if k == 0 {
        return Err(ProposalError::ZeroClusters);
    }
    if adjacency.len() != points.len() {
        return Err(ProposalError::AdjacencyMismatch {
            adjacency_units: adjacency.len(),
            units: points.len(),
        });
    }
    if assignment.len() != points.len() {
        return Err(ProposalError::AssignmentLengthMismatch {
            expected: points.len(),
            actual: assignment.len(),
        });
    }
    validate_points(points)?;
    if let Some(index) = assignment.iter().position(|&cluster| cluster >= k) {
        return Err(ProposalError::ClusterOutOfRange {
            index,
            code: points[index].code.clone(),
            cluster: assignment[index],
            k,
        });
    }
    Ok(compute_metrics(points, adjacency, assignment, k))
}

/// Computes the metrics of a valid assignment.
pub(crate) fn compute_metrics(
    points: &[UnitPoint],
    adjacency: &Adjacency,
    assignment: &[usize],
    k: usize,
) -> ProposalMetrics {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for (unit, &cluster) in assignment.iter().enumerate() {
        members[cluster].push(unit);
    }
    let total_weight: f64 = points.iter().map(|point| point.weight).sum();
    let mean_weight = total_weight / k as f64;

    let mut clusters = Vec::with_capacity(k);
    let mut distance_sum = 0.0;
    let mut weighted_distance_sum = 0.0;
    for (index, units) in members.iter().enumerate() {
        let (metrics, distances) = cluster_metrics(index, units, points, adjacency, mean_weight);
        for (&unit, distance) in units.iter().zip(distances) {
            distance_sum += distance;
            weighted_distance_sum += points[unit].weight * distance;
        }
        clusters.push(metrics);
    }

    let weights: Vec<f64> = clusters.iter().map(|cluster| cluster.weight).collect();
    let max_weight = weights.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min_weight = weights.iter().copied().fold(f64::INFINITY, f64::min);
    let balance_ratio = if max_weight == 0.0 {
        1.0
    } else if min_weight == 0.0 {
        f64::INFINITY
    } else {
        max_weight / min_weight
    };
    let weight_cv = if mean_weight > 0.0 {
        let variance = weights
            .iter()
            .map(|weight| (weight - mean_weight).powi(2))
            .sum::<f64>()
            / k as f64;
        variance.sqrt() / mean_weight
    } else {
        0.0
    };
    let max_relative_deviation = clusters
        .iter()
        .map(|cluster| cluster.relative_deviation.abs())
        .fold(0.0, f64::max);
    let compactness_km = if total_weight > 0.0 {
        weighted_distance_sum / total_weight
    } else {
        distance_sum / points.len().max(1) as f64
    };
    let all_contiguous = clusters.iter().all(|cluster| cluster.contiguous);

    ProposalMetrics {
        clusters,
        balance_ratio,
        weight_cv,
        max_relative_deviation,
        compactness_km,
        all_contiguous,
    }
}

/// Returns the metrics of one cluster and the distance of each member from its centroid.
fn cluster_metrics(
    index: usize,
    units: &[usize],
    points: &[UnitPoint],
    adjacency: &Adjacency,
    mean_weight: f64,
) -> (ClusterMetrics, Vec<f64>) {
    let positions = adjacency.positions();
    let weight: f64 = units.iter().map(|&unit| points[unit].weight).sum();
    let relative_deviation = if mean_weight > 0.0 {
        (weight - mean_weight) / mean_weight
    } else {
        0.0
    };
    let area_km2 = units
        .iter()
        .map(|&unit| points[unit].area_km2)
        .sum::<Option<f64>>();

    if units.is_empty() {
        let metrics = ClusterMetrics {
            index,
            units: 0,
            weight,
            centroid_lat: f64::NAN,
            centroid_lon: f64::NAN,
            radius_km: 0.0,
            mean_distance_km: 0.0,
            contiguous: false,
            area_km2,
            relative_deviation,
        };
        return (metrics, Vec::new());
    }

    // With weight 0 every member counts once, so the centroid stays defined.
    let unit_weight = |unit: usize| {
        if weight > 0.0 {
            points[unit].weight
        } else {
            1.0
        }
    };
    let weight_sum: f64 = units.iter().map(|&unit| unit_weight(unit)).sum();
    let mut centroid = PlanarPoint { x: 0.0, y: 0.0 };
    for &unit in units {
        centroid.x += unit_weight(unit) * positions[unit].x;
        centroid.y += unit_weight(unit) * positions[unit].y;
    }
    centroid.x /= weight_sum;
    centroid.y /= weight_sum;

    let distances: Vec<f64> = units
        .iter()
        .map(|&unit| positions[unit].distance_km(centroid))
        .collect();
    let radius_km = distances.iter().copied().fold(0.0, f64::max);
    let mean_distance_km = units
        .iter()
        .zip(&distances)
        .map(|(&unit, distance)| unit_weight(unit) * distance)
        .sum::<f64>()
        / weight_sum;
    let (centroid_lat, centroid_lon) = adjacency.projection().unproject(centroid);

    let metrics = ClusterMetrics {
        index,
        units: units.len(),
        weight,
        centroid_lat,
        centroid_lon,
        radius_km,
        mean_distance_km,
        contiguous: adjacency.is_connected_subset(units),
        area_km2,
        relative_deviation,
    };
    (metrics, distances)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four units on a line along the equator, 0.01° (about 1.11 km) apart.
    fn line(weights: [f64; 4]) -> Vec<UnitPoint> {
        weights
            .iter()
            .enumerate()
            .map(|(step, &weight)| UnitPoint {
                code: format!("u{step}"),
                lat: 0.0,
                lon: step as f64 * 0.01,
                weight,
                area_km2: Some(2.0),
            })
            .collect()
    }

    #[test]
    fn metrics_of_two_halves() {
        let points = line([1.0, 3.0, 2.0, 2.0]);
        let adjacency = Adjacency::build(&points);
        let metrics = evaluate(&points, &adjacency, &[0, 0, 1, 1], 2);

        assert!(metrics.all_contiguous);
        assert_eq!(metrics.clusters[0].weight, 4.0);
        assert_eq!(metrics.clusters[1].weight, 4.0);
        assert_eq!(metrics.balance_ratio, 1.0);
        assert_eq!(metrics.weight_cv, 0.0);
        assert_eq!(metrics.clusters[0].area_km2, Some(4.0));

        // Cluster 0 has its centroid 3/4 of the way from u0 to u1.
        let step_km = adjacency.positions()[0].distance_km(adjacency.positions()[1]);
        assert!((metrics.clusters[0].radius_km - 0.75 * step_km).abs() < 1e-9);
        let expected_mean = (1.0 * 0.75 + 3.0 * 0.25) * step_km / 4.0;
        assert!((metrics.clusters[0].mean_distance_km - expected_mean).abs() < 1e-9);
        assert!((metrics.clusters[0].centroid_lon - 0.0075).abs() < 1e-9);
        assert!((metrics.clusters[1].mean_distance_km - 0.5 * step_km).abs() < 1e-9);
        let expected_compactness = (4.0 * expected_mean + 4.0 * 0.5 * step_km) / 8.0;
        assert!((metrics.compactness_km - expected_compactness).abs() < 1e-9);
    }

    #[test]
    fn metrics_detect_non_contiguous_cluster() {
        let points = line([1.0; 4]);
        let adjacency = Adjacency::build(&points);
        let metrics = evaluate(&points, &adjacency, &[0, 1, 0, 1], 2);

        assert!(!metrics.clusters[0].contiguous);
        assert!(!metrics.clusters[1].contiguous);
        assert!(!metrics.all_contiguous);
    }

    #[test]
    fn metrics_of_empty_cluster() {
        let points = line([1.0; 4]);
        let adjacency = Adjacency::build(&points);
        let metrics = evaluate(&points, &adjacency, &[0, 0, 0, 0], 2);

        assert_eq!(metrics.clusters[1].units, 0);
        assert!(!metrics.clusters[1].contiguous);
        assert!(metrics.clusters[1].centroid_lat.is_nan());
        assert!(!metrics.all_contiguous);
        assert_eq!(metrics.balance_ratio, f64::INFINITY);
        assert_eq!(metrics.max_relative_deviation, 1.0);
        assert!((metrics.weight_cv - 1.0).abs() < 1e-12);
    }

    #[test]
    fn metrics_with_zero_weight_cluster() {
        let points = line([0.0, 0.0, 2.0, 2.0]);
        let adjacency = Adjacency::build(&points);
        let metrics = evaluate(&points, &adjacency, &[0, 0, 1, 1], 2);

        assert_eq!(metrics.clusters[0].weight, 0.0);
        assert!((metrics.clusters[0].centroid_lon - 0.005).abs() < 1e-9);
        assert_eq!(metrics.balance_ratio, f64::INFINITY);
    }

    #[test]
    fn area_is_none_when_a_member_lacks_it() {
        let mut points = line([1.0; 4]);
        points[1].area_km2 = None;
        let adjacency = Adjacency::build(&points);
        let metrics = evaluate(&points, &adjacency, &[0, 0, 1, 1], 2);
        assert_eq!(metrics.clusters[0].area_km2, None);
        assert_eq!(metrics.clusters[1].area_km2, Some(4.0));
    }

    #[test]
    fn try_evaluate_rejects_bad_assignments() {
        let points = line([1.0; 4]);
        let adjacency = Adjacency::build(&points);

        assert_eq!(
            try_evaluate(&points, &adjacency, &[0, 0, 1], 2),
            Err(ProposalError::AssignmentLengthMismatch {
                expected: 4,
                actual: 3
            })
        );
        assert!(matches!(
            try_evaluate(&points, &adjacency, &[0, 0, 2, 1], 2),
            Err(ProposalError::ClusterOutOfRange {
                index: 2,
                cluster: 2,
                k: 2,
                ..
            })
        ));
        assert_eq!(
            try_evaluate(&points, &adjacency, &[0, 0, 0, 0], 0),
            Err(ProposalError::ZeroClusters)
        );
        assert_eq!(
            try_evaluate(&points[..3], &adjacency, &[0, 0, 0], 1),
            Err(ProposalError::AdjacencyMismatch {
                adjacency_units: 4,
                units: 3
            })
        );
    }
}
