//! Search for a balanced, compact and contiguous partition of the adjacency graph.
//!
//! Each restart runs these steps:
//! 1. Seeds: weighted k-means++ on the planar positions, refined by a few Lloyd
//!    iterations, then snapped to k distinct units (see `seeding`).
//! 2. Region growing: every cluster starts from its seed unit. Repeatedly, the
//!    lightest cluster that still touches an unassigned unit takes the unassigned
//!    neighbour nearest to its k-means centre. Clusters are contiguous by construction.
//! 3. Local search: boundary units move to an adjacent cluster when that lowers the
//!    objective, the donor cluster stays contiguous and keeps at least one unit
//!    (see `search`).
//! 4. Recombination: two adjacent clusters are merged and split again along the best
//!    edge of a random spanning tree of their units, when that lowers the objective.
//!    Passes of recombination and local search alternate until a recombination pass
//!    finds nothing, at most `RECOMBINATION_PASSES` times.
//!
//! Single moves get stuck when weights are uneven, for example when one unit carries
//! a fifth of a cluster's weight. Recombination shifts a whole boundary at once and
//! gets out of such states.
//!
//! The restart with the lowest objective wins. The objective, summed over clusters, is
//!
//! `OUTSIDE_TOLERANCE_PENALTY · excess + DEVIATION_PENALTY · deviation² + sse / sse_scale`
//!
//! where `deviation = (weight − mean) / mean`, `excess = max(0, |deviation| − tolerance)`,
//! `sse` is the sum over members of `mass · (squared distance to the cluster's mass
//! centroid)`, and `sse_scale` is the same sum for all units around their common
//! centroid, divided by k. A unit's mass is its weight plus a small share of the mean
//! unit weight, so units of weight 0 still pull towards compact shapes.
//!
//! For the objective only, every part of the graph that hangs off a sea link is
//! shifted so that the link has length 0: an island then counts as if it lay at the
//! mainland end of its link. Otherwise one island 200 km offshore would dominate the
//! squared distances of its cluster. The metrics use the true positions.

use std::cmp::Reverse;
use std::collections::VecDeque;

use super::geometry::PlanarPoint;
use super::metrics::compute_metrics;
use super::rng::SplitMix64;
use super::search::{FailedRecombinations, local_search, recombine};
use super::seeding::{grow_regions, kmeans_plus_plus, snap_to_units};
use super::{Adjacency, Proposal, ProposalError, ProposalParams, UnitPoint, validate_params};

/// Penalty per unit of relative deviation beyond the tolerance. Linear, so that the
/// penalty is steep from the first step beyond the tolerance, unlike a square.
const OUTSIDE_TOLERANCE_PENALTY: f64 = 100.0;
/// Penalty factor for the squared relative deviation from the mean weight. On the
/// Hồ Chí Minh City test data with population weights and k = 16 (bench_cluster_proposal
/// example, seed 0), raising it from 1 to 16 cut the maximum deviation from 18% to 4%
/// while the weighted mean distance to the centroid grew by 12%.
const DEVIATION_PENALTY: f64 = 16.0;
/// Share of the mean unit weight added to every unit's mass for compactness.
const ZERO_WEIGHT_MASS_SHARE: f64 = 0.1;
/// Maximum number of recombination passes per restart.
const RECOMBINATION_PASSES: usize = 8;
/// Steps that improve the objective by less than this are ignored, to stop cycling
/// on rounding noise.
pub(super) const MIN_IMPROVEMENT: f64 = 1e-9;

/// Proposes `params.k` contiguous clusters of `points`, balanced by weight and compact.
///
/// Builds the adjacency graph with [`Adjacency::build`] and runs the search described
/// in this module's documentation. Every cluster of the result is non-empty and
/// contiguous in that graph.
pub fn propose(points: &[UnitPoint], params: &ProposalParams) -> Result<Proposal, ProposalError> {
    validate_params(points, params)?;
    let adjacency = Adjacency::try_build(points)?;
    let assignment = partition(points, &adjacency, params);
    let metrics = compute_metrics(points, &adjacency, &assignment, params.k);
    Ok(Proposal {
        assignment,
        metrics,
    })
}

/// Runs all restarts and returns the assignment with the lowest objective.
/// Expects input that passed `validate_params`.
pub(crate) fn partition(
    points: &[UnitPoint],
    adjacency: &Adjacency,
    params: &ProposalParams,
) -> Vec<usize> {
    let problem = Problem::new(points, adjacency, params);
    let mut rng = SplitMix64::new(params.seed);

    let mut best: Option<(f64, Vec<usize>)> = None;
    for _ in 0..params.restarts {
        let centres = kmeans_plus_plus(&problem, &mut rng);
        let seeds = snap_to_units(&problem, &centres);
        let mut regions = grow_regions(&problem, &seeds, &centres);
        let mut budget = params.max_iterations;
        let mut failed = FailedRecombinations::new();
        local_search(&problem, &mut regions, &mut budget);
        for _ in 0..RECOMBINATION_PASSES {
            if !recombine(&problem, &mut regions, &mut rng, &mut failed, &mut budget) {
                break;
            }
            local_search(&problem, &mut regions, &mut budget);
        }
        let objective = regions.objective(&problem);
        if best
            .as_ref()
            .is_none_or(|(best_objective, _)| objective < *best_objective)
        {
            best = Some((objective, regions.assignment));
        }
    }
    best.map(|(_, assignment)| assignment).unwrap_or_default()
}

/// Input of one search, with the derived constants of the objective.
pub(super) struct Problem<'a> {
    pub(super) adjacency: &'a Adjacency,
    /// Positions with sea links shortened to length 0, see the module documentation.
    pub(super) positions: Vec<PlanarPoint>,
    /// Distance in `positions` from each unit to each of its neighbours, in the order
    /// of `Adjacency::neighbours`.
    pub(super) neighbour_distances: Vec<Vec<f64>>,
    pub(super) weights: Vec<f64>,
    pub(super) masses: Vec<f64>,
    pub(super) k: usize,
    mean_weight: f64,
    tolerance: f64,
    sse_scale: f64,
}

impl<'a> Problem<'a> {
    pub(super) fn new(
        points: &[UnitPoint],
        adjacency: &'a Adjacency,
        params: &ProposalParams,
    ) -> Problem<'a> {
        let positions = positions_without_sea_gaps(adjacency);
        let neighbour_distances = (0..positions.len())
            .map(|unit| {
                adjacency
                    .neighbours(unit)
                    .iter()
                    .map(|&next| positions[unit].distance_km(positions[next]))
                    .collect()
            })
            .collect();
        let weights: Vec<f64> = points.iter().map(|point| point.weight).collect();
        let total_weight: f64 = weights.iter().sum();
        let extra_mass = ZERO_WEIGHT_MASS_SHARE * total_weight / points.len() as f64;
        let masses: Vec<f64> = weights.iter().map(|weight| weight + extra_mass).collect();

        let total_mass: f64 = masses.iter().sum();
        let mut centre = PlanarPoint { x: 0.0, y: 0.0 };
        for (position, mass) in positions.iter().zip(&masses) {
            centre.x += mass * position.x / total_mass;
            centre.y += mass * position.y / total_mass;
        }
        let total_sse: f64 = positions
            .iter()
            .zip(&masses)
            .map(|(position, mass)| mass * position.squared_distance(centre))
            .sum();
        let sse_scale = if total_sse > 0.0 {
            total_sse / params.k as f64
        } else {
            1.0
        };

        Problem {
            adjacency,
            positions,
            neighbour_distances,
            weights,
            masses,
            k: params.k,
            mean_weight: total_weight / params.k as f64,
            tolerance: params.balance_tolerance,
            sse_scale,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.positions.len()
    }

    /// Objective share of one cluster with the given weight and sum of squared errors.
    pub(super) fn cluster_cost(&self, weight: f64, sse: f64) -> f64 {
        let deviation = (weight - self.mean_weight) / self.mean_weight;
        let excess = (deviation.abs() - self.tolerance).max(0.0);
        OUTSIDE_TOLERANCE_PENALTY * excess
            + DEVIATION_PENALTY * deviation * deviation
            + sse / self.sse_scale
    }
}

/// Returns the unit positions with every part of the graph beyond a sea link moved
/// by the link's vector, so that all sea links have length 0.
///
/// Sea links join the components of the other edges like a tree (they come from a
/// Kruskal pass), so one breadth-first search from the largest component enters
/// every other component exactly once, through its sea link.
fn positions_without_sea_gaps(adjacency: &Adjacency) -> Vec<PlanarPoint> {
    let true_positions = adjacency.positions();
    let count = true_positions.len();
    if adjacency.edges().iter().all(|edge| !edge.is_sea_link) {
        return true_positions.to_vec();
    }

    // Label components of the graph without sea links, to start in the largest one.
    let mut component = vec![usize::MAX; count];
    let mut sizes = Vec::new();
    for start in 0..count {
        if component[start] != usize::MAX {
            continue;
        }
        let label = sizes.len();
        component[start] = label;
        let mut stack = vec![start];
        let mut size = 0;
        while let Some(unit) = stack.pop() {
            size += 1;
            for &next in adjacency.neighbours(unit) {
                if component[next] == usize::MAX && !is_sea_link(adjacency, unit, next) {
                    component[next] = label;
                    stack.push(next);
                }
            }
        }
        sizes.push(size);
    }
    let largest = (0..sizes.len())
        .max_by_key(|&label| (sizes[label], Reverse(label)))
        .unwrap_or(0);
    let root = component
        .iter()
        .position(|&label| label == largest)
        .unwrap_or(0);

    let mut shifted: Vec<Option<PlanarPoint>> = vec![None; count];
    shifted[root] = Some(true_positions[root]);
    let mut queue = VecDeque::from([root]);
    while let Some(unit) = queue.pop_front() {
        let unit_position = shifted[unit].expect("queued units have a position");
        for &next in adjacency.neighbours(unit) {
            if shifted[next].is_some() {
                continue;
            }
            let position = if is_sea_link(adjacency, unit, next) {
                unit_position
            } else {
                // Same offset as `unit`.
                PlanarPoint {
                    x: true_positions[next].x + unit_position.x - true_positions[unit].x,
                    y: true_positions[next].y + unit_position.y - true_positions[unit].y,
                }
            };
            shifted[next] = Some(position);
            queue.push_back(next);
        }
    }
    shifted
        .iter()
        .zip(true_positions)
        .map(|(position, &true_position)| position.unwrap_or(true_position))
        .collect()
}

fn is_sea_link(adjacency: &Adjacency, a: usize, b: usize) -> bool {
    let (low, high) = (a.min(b), a.max(b));
    adjacency
        .edges()
        .binary_search_by_key(&(low, high), |edge| (edge.a, edge.b))
        .is_ok_and(|index| adjacency.edges()[index].is_sea_link)
}

/// Running sums of one cluster, enough to update its objective share in O(1).
#[derive(Debug, Clone, Default)]
pub(super) struct ClusterSums {
    pub(super) units: usize,
    pub(super) weight: f64,
    mass: f64,
    mass_x: f64,
    mass_y: f64,
    mass_squared_norm: f64,
}

impl ClusterSums {
    /// Adds `unit` when `sign` is 1, removes it when `sign` is −1.
    pub(super) fn add_unit(&mut self, problem: &Problem, unit: usize, sign: f64) {
        let (position, mass) = (problem.positions[unit], problem.masses[unit]);
        if sign > 0.0 {
            self.units += 1;
        } else {
            self.units -= 1;
        }
        self.weight += sign * problem.weights[unit];
        self.mass += sign * mass;
        self.mass_x += sign * mass * position.x;
        self.mass_y += sign * mass * position.y;
        self.mass_squared_norm += sign * mass * (position.x * position.x + position.y * position.y);
    }

    fn with_unit(&self, problem: &Problem, unit: usize, sign: f64) -> ClusterSums {
        let mut copy = self.clone();
        copy.add_unit(problem, unit, sign);
        copy
    }

    pub(super) fn merge(&mut self, other: &ClusterSums) {
        self.units += other.units;
        self.weight += other.weight;
        self.mass += other.mass;
        self.mass_x += other.mass_x;
        self.mass_y += other.mass_y;
        self.mass_squared_norm += other.mass_squared_norm;
    }

    /// Sums of the units in `self` but not in `part`, which must be a subset.
    pub(super) fn difference(&self, part: &ClusterSums) -> ClusterSums {
        ClusterSums {
            units: self.units - part.units,
            weight: self.weight - part.weight,
            mass: self.mass - part.mass,
            mass_x: self.mass_x - part.mass_x,
            mass_y: self.mass_y - part.mass_y,
            mass_squared_norm: self.mass_squared_norm - part.mass_squared_norm,
        }
    }

    /// Sum of mass × squared distance to the mass centroid.
    pub(super) fn sse(&self) -> f64 {
        if self.mass <= 0.0 {
            return 0.0;
        }
        let value = self.mass_squared_norm
            - (self.mass_x * self.mass_x + self.mass_y * self.mass_y) / self.mass;
        value.max(0.0)
    }
}

/// A complete assignment with the sums of every cluster.
pub(super) struct Regions {
    pub(super) assignment: Vec<usize>,
    pub(super) sums: Vec<ClusterSums>,
    /// Number of changes applied so far, used as a clock.
    pub(super) changes: u64,
    /// Value of `changes` when each cluster last changed.
    pub(super) changed_at: Vec<u64>,
}

impl Regions {
    pub(super) fn from_assignment(problem: &Problem, assignment: Vec<usize>) -> Regions {
        let mut sums = vec![ClusterSums::default(); problem.k];
        for (unit, &cluster) in assignment.iter().enumerate() {
            sums[cluster].add_unit(problem, unit, 1.0);
        }
        Regions {
            assignment,
            sums,
            changes: 0,
            changed_at: vec![0; problem.k],
        }
    }

    fn mark_changed(&mut self, clusters: &[usize]) {
        self.changes += 1;
        for &cluster in clusters {
            self.changed_at[cluster] = self.changes;
        }
    }

    /// Recomputes the sums of `clusters` after their units were reassigned.
    pub(super) fn recompute_sums(&mut self, problem: &Problem, clusters: &[usize]) {
        self.mark_changed(clusters);
        for &cluster in clusters {
            self.sums[cluster] = ClusterSums::default();
        }
        for (unit, &cluster) in self.assignment.iter().enumerate() {
            if clusters.contains(&cluster) {
                self.sums[cluster].add_unit(problem, unit, 1.0);
            }
        }
    }

    pub(super) fn cluster_cost(&self, problem: &Problem, cluster: usize) -> f64 {
        let sums = &self.sums[cluster];
        problem.cluster_cost(sums.weight, sums.sse())
    }

    fn objective(&self, problem: &Problem) -> f64 {
        (0..problem.k)
            .map(|cluster| self.cluster_cost(problem, cluster))
            .sum()
    }

    /// Change of the objective if `unit` moved from its cluster to `receiver`.
    pub(super) fn move_delta(&self, problem: &Problem, unit: usize, receiver: usize) -> f64 {
        let donor = self.assignment[unit];
        let donor_after = self.sums[donor].with_unit(problem, unit, -1.0);
        let receiver_after = self.sums[receiver].with_unit(problem, unit, 1.0);
        problem.cluster_cost(donor_after.weight, donor_after.sse())
            + problem.cluster_cost(receiver_after.weight, receiver_after.sse())
            - self.cluster_cost(problem, donor)
            - self.cluster_cost(problem, receiver)
    }

    pub(super) fn apply_move(&mut self, problem: &Problem, unit: usize, receiver: usize) {
        let donor = self.assignment[unit];
        self.sums[donor].add_unit(problem, unit, -1.0);
        self.sums[receiver].add_unit(problem, unit, 1.0);
        self.assignment[unit] = receiver;
        self.mark_changed(&[donor, receiver]);
    }

    /// Returns whether the cluster of `unit` stays connected without `unit`.
    pub(super) fn stays_connected_without(
        &self,
        adjacency: &Adjacency,
        unit: usize,
        search: &mut GraphSearch,
    ) -> bool {
        let cluster = self.assignment[unit];
        let remaining = self.sums[cluster].units - 1;
        let Some(&start) = adjacency
            .neighbours(unit)
            .iter()
            .find(|&&next| self.assignment[next] == cluster)
        else {
            return remaining == 0;
        };
        let reached = search.count_reachable(adjacency, start, |next| {
            next != unit && self.assignment[next] == cluster
        });
        reached == remaining
    }
}

/// Reusable buffers for breadth-first searches on the adjacency graph.
pub(super) struct GraphSearch {
    /// Generation in which each unit was last visited.
    visited_in: Vec<u32>,
    generation: u32,
    queue: Vec<usize>,
}

impl GraphSearch {
    pub(super) fn new(units: usize) -> GraphSearch {
        GraphSearch {
            visited_in: vec![0; units],
            generation: 0,
            queue: Vec::new(),
        }
    }

    /// Returns the number of units reachable from `start` through units for which
    /// `allowed` is true, counting `start` itself.
    fn count_reachable(
        &mut self,
        adjacency: &Adjacency,
        start: usize,
        allowed: impl Fn(usize) -> bool,
    ) -> usize {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.visited_in.iter_mut().for_each(|mark| *mark = 0);
            self.generation = 1;
        }
        self.queue.clear();
        self.queue.push(start);
        self.visited_in[start] = self.generation;
        let mut cursor = 0;
        while cursor < self.queue.len() {
            let current = self.queue[cursor];
            cursor += 1;
            for &next in adjacency.neighbours(current) {
                if self.visited_in[next] != self.generation && allowed(next) {
                    self.visited_in[next] = self.generation;
                    self.queue.push(next);
                }
            }
        }
        self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: String, lat: f64, lon: f64, weight: f64) -> UnitPoint {
        UnitPoint {
            code,
            lat,
            lon,
            weight,
            area_km2: None,
        }
    }

    /// Square grid on the equator with 0.01° steps, row by row, every weight 1.
    fn grid(size: usize) -> Vec<UnitPoint> {
        let mut points = Vec::new();
        for row in 0..size {
            for column in 0..size {
                points.push(unit(
                    format!("r{row}c{column}"),
                    row as f64 * 0.01,
                    column as f64 * 0.01,
                    1.0,
                ));
            }
        }
        points
    }

    fn params(k: usize, seed: u64) -> ProposalParams {
        ProposalParams {
            k,
            seed,
            ..ProposalParams::default()
        }
    }

    /// Relabels clusters in order of first appearance, so equal partitions compare equal.
    fn canonical(assignment: &[usize]) -> Vec<usize> {
        let mut labels = Vec::new();
        assignment
            .iter()
            .map(
                |cluster| match labels.iter().position(|label| label == cluster) {
                    Some(position) => position,
                    None => {
                        labels.push(*cluster);
                        labels.len() - 1
                    }
                },
            )
            .collect()
    }

    #[test]
    fn line_splits_into_equal_blocks() {
        let points: Vec<UnitPoint> = (0..12)
            .map(|step| unit(format!("p{step}"), 10.0, 106.0 + step as f64 * 0.01, 1.0))
            .collect();
        for seed in 0..5 {
            let proposal = propose(&points, &params(3, seed)).expect("valid input");
            assert_eq!(
                canonical(&proposal.assignment),
                vec![0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2],
                "seed {seed}"
            );
        }
    }

    #[test]
    fn line_balances_unequal_weights() {
        // Weights 4, 1, 1, 1, 1 | 2, 2, 2, 2: the only split into two equal halves of 8.
        let weights = [4.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0];
        let points: Vec<UnitPoint> = weights
            .iter()
            .enumerate()
            .map(|(step, &weight)| {
                unit(format!("p{step}"), 10.0, 106.0 + step as f64 * 0.01, weight)
            })
            .collect();
        // A 7 | 9 split is more compact, so a tight tolerance makes 8 | 8 the optimum.
        let tight = ProposalParams {
            balance_tolerance: 0.05,
            ..params(2, 3)
        };
        let proposal = propose(&points, &tight).expect("valid input");
        assert_eq!(
            canonical(&proposal.assignment),
            vec![0, 0, 0, 0, 0, 1, 1, 1, 1]
        );
        assert_eq!(proposal.metrics.balance_ratio, 1.0);
    }

    #[test]
    fn grid_splits_into_quadrants() {
        let points = grid(4);
        for seed in 0..5 {
            let proposal = propose(&points, &params(4, seed)).expect("valid input");
            let quadrants: Vec<usize> = (0..16)
                .map(|index| (index / 8) * 2 + (index % 4) / 2)
                .collect();
            assert_eq!(
                canonical(&proposal.assignment),
                canonical(&quadrants),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn single_cluster_takes_everything() {
        let proposal = propose(&grid(3), &params(1, 0)).expect("valid input");
        assert!(proposal.assignment.iter().all(|&cluster| cluster == 0));
        assert!(proposal.metrics.all_contiguous);
    }

    #[test]
    fn one_unit_per_cluster() {
        let proposal = propose(&grid(3), &params(9, 0)).expect("valid input");
        let mut sorted = proposal.assignment.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..9).collect::<Vec<_>>());
    }

    #[test]
    fn identical_points_get_distinct_seeds() {
        let points: Vec<UnitPoint> = (0..5)
            .map(|index| unit(format!("u{index}"), 10.0, 106.0, 1.0))
            .collect();
        let proposal = propose(&points, &params(3, 1)).expect("valid input");
        assert!(
            proposal
                .metrics
                .clusters
                .iter()
                .all(|cluster| cluster.units > 0)
        );
        assert!(proposal.metrics.all_contiguous);
    }

    #[test]
    fn zero_weight_units_are_assigned() {
        let mut points = grid(4);
        for point in points.iter_mut().step_by(3) {
            point.weight = 0.0;
        }
        let proposal = propose(&points, &params(3, 5)).expect("valid input");
        assert_eq!(proposal.assignment.len(), 16);
        assert!(proposal.metrics.all_contiguous);
        assert!(
            proposal
                .metrics
                .clusters
                .iter()
                .all(|cluster| cluster.units > 0)
        );
    }

    #[test]
    fn max_iterations_zero_keeps_grown_regions() {
        let points = grid(5);
        let proposal = propose(
            &points,
            &ProposalParams {
                k: 4,
                max_iterations: 0,
                ..ProposalParams::default()
            },
        )
        .expect("valid input");
        assert!(proposal.metrics.all_contiguous);
        assert!(
            proposal
                .metrics
                .clusters
                .iter()
                .all(|cluster| cluster.units > 0)
        );
    }
}
