//! Starting partitions: k-means++ seeds and region growing over the adjacency graph.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::geometry::PlanarPoint;
use super::partition::{Problem, Regions};
use super::rng::SplitMix64;

/// Lloyd iterations that refine the k-means++ centres before snapping them to units.
const LLOYD_ITERATIONS: usize = 5;

/// Weighted k-means++ seeding followed by a few Lloyd iterations. Returns k centres.
pub(super) fn kmeans_plus_plus(problem: &Problem, rng: &mut SplitMix64) -> Vec<PlanarPoint> {
    let count = problem.len();
    let mut centres = Vec::with_capacity(problem.k);
    let mut nearest_squared = vec![f64::INFINITY; count];

    let first = sample_proportional(rng, &problem.masses).unwrap_or(0);
    centres.push(problem.positions[first]);
    while centres.len() < problem.k {
        let latest = *centres.last().expect("at least one centre");
        for (unit, nearest) in nearest_squared.iter_mut().enumerate() {
            *nearest = nearest.min(problem.positions[unit].squared_distance(latest));
        }
        let scores: Vec<f64> = (0..count)
            .map(|unit| problem.masses[unit] * nearest_squared[unit])
            .collect();
        // All scores are 0 only when every unit sits on a centre already. Any unit
        // then works, because `snap_to_units` keeps the seeds distinct.
        let chosen = sample_proportional(rng, &scores).unwrap_or_else(|| rng.next_index(count));
        centres.push(problem.positions[chosen]);
    }

    for _ in 0..LLOYD_ITERATIONS {
        let mut sums = vec![(0.0, 0.0, 0.0); problem.k];
        for unit in 0..count {
            let cluster = nearest_centre(&centres, problem.positions[unit]);
            let mass = problem.masses[unit];
            sums[cluster].0 += mass;
            sums[cluster].1 += mass * problem.positions[unit].x;
            sums[cluster].2 += mass * problem.positions[unit].y;
        }
        for (centre, (mass, mass_x, mass_y)) in centres.iter_mut().zip(sums) {
            if mass > 0.0 {
                *centre = PlanarPoint {
                    x: mass_x / mass,
                    y: mass_y / mass,
                };
            }
        }
    }
    centres
}

/// Draws an index with probability proportional to `scores`, or None when all are 0.
fn sample_proportional(rng: &mut SplitMix64, scores: &[f64]) -> Option<usize> {
    let total: f64 = scores.iter().sum();
    if total <= 0.0 || !total.is_finite() {
        return None;
    }
    let target = rng.next_f64() * total;
    let mut running = 0.0;
    for (index, &score) in scores.iter().enumerate() {
        running += score;
        if running > target && score > 0.0 {
            return Some(index);
        }
    }
    scores.iter().rposition(|&score| score > 0.0)
}

fn nearest_centre(centres: &[PlanarPoint], position: PlanarPoint) -> usize {
    let mut best = (f64::INFINITY, 0);
    for (index, centre) in centres.iter().enumerate() {
        let distance = position.squared_distance(*centre);
        if distance < best.0 {
            best = (distance, index);
        }
    }
    best.1
}

/// Picks for every centre, in order, the nearest unit that no earlier centre took.
pub(super) fn snap_to_units(problem: &Problem, centres: &[PlanarPoint]) -> Vec<usize> {
    let mut taken = vec![false; problem.len()];
    let mut seeds = Vec::with_capacity(centres.len());
    for centre in centres {
        let mut best = (f64::INFINITY, usize::MAX);
        for unit in (0..problem.len()).filter(|&unit| !taken[unit]) {
            let distance = problem.positions[unit].squared_distance(*centre);
            if distance < best.0 {
                best = (distance, unit);
            }
        }
        taken[best.1] = true;
        seeds.push(best.1);
    }
    seeds
}

/// Frontier entry of the region growing: squared distance to the cluster's centre as
/// `f64::to_bits`, then unit index. For non-negative finite numbers the bit patterns
/// sort like the numbers.
type FrontierEntry = Reverse<(u64, usize)>;

/// State of the region growing: the partial assignment and each cluster's frontier.
struct Growth<'p, 'a> {
    problem: &'p Problem<'a>,
    centres: &'p [PlanarPoint],
    assignment: Vec<Option<usize>>,
    weights: Vec<f64>,
    frontiers: Vec<BinaryHeap<FrontierEntry>>,
}

impl Growth<'_, '_> {
    fn take(&mut self, unit: usize, cluster: usize) {
        self.assignment[unit] = Some(cluster);
        self.weights[cluster] += self.problem.weights[unit];
        for &next in self.problem.adjacency.neighbours(unit) {
            if self.assignment[next].is_none() {
                let distance = self.problem.positions[next].squared_distance(self.centres[cluster]);
                self.frontiers[cluster].push(Reverse((distance.to_bits(), next)));
            }
        }
    }

    /// Returns the lightest cluster that still borders an unassigned unit, after
    /// dropping frontier entries that another cluster has taken meanwhile.
    fn lightest_growable_cluster(&mut self) -> Option<usize> {
        for frontier in &mut self.frontiers {
            while let Some(Reverse((_, unit))) = frontier.peek() {
                if self.assignment[*unit].is_none() {
                    break;
                }
                frontier.pop();
            }
        }
        (0..self.problem.k)
            .filter(|&cluster| !self.frontiers[cluster].is_empty())
            .min_by(|&a, &b| self.weights[a].total_cmp(&self.weights[b]).then(a.cmp(&b)))
    }
}

/// Grows one contiguous cluster from every seed until all units are assigned.
pub(super) fn grow_regions(problem: &Problem, seeds: &[usize], centres: &[PlanarPoint]) -> Regions {
    let mut growth = Growth {
        problem,
        centres,
        assignment: vec![None; problem.len()],
        weights: vec![0.0; problem.k],
        frontiers: vec![BinaryHeap::new(); problem.k],
    };
    for (cluster, &seed) in seeds.iter().enumerate() {
        growth.take(seed, cluster);
    }

    // The graph is connected, so some cluster borders every unassigned unit's
    // component until all units are taken.
    while let Some(cluster) = growth.lightest_growable_cluster() {
        let Some(Reverse((_, unit))) = growth.frontiers[cluster].pop() else {
            break;
        };
        growth.take(unit, cluster);
    }

    let assignment: Vec<usize> = growth
        .assignment
        .iter()
        .map(|cluster| cluster.expect("a connected graph leaves no unit unassigned"))
        .collect();
    Regions::from_assignment(problem, assignment)
}
