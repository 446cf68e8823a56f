//! Improvement steps on a complete partition: boundary moves and recombination of
//! two adjacent clusters.

use std::collections::HashMap;

use super::partition::{ClusterSums, GraphSearch, MIN_IMPROVEMENT, Problem, Regions};
use super::rng::SplitMix64;

/// Random spanning trees tried for each pair of adjacent clusters in a recombination pass.
const TREES_PER_PAIR: usize = 2;

/// Improves `regions` by boundary moves until no move helps or `budget` runs out.
/// Every move applied takes one from `budget`.
///
/// A move sends a unit to a cluster that one of its neighbours belongs to, so the
/// receiver stays contiguous. The move is applied only when the donor stays
/// contiguous without the unit and keeps at least one unit.
pub(super) fn local_search(problem: &Problem, regions: &mut Regions, budget: &mut usize) {
    let adjacency = problem.adjacency;
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    let mut search = GraphSearch::new(problem.len());
    let mut touched = vec![false; problem.k];
    let mut receivers = Vec::new();

    while *budget > 0 {
        candidates.clear();
        for unit in 0..problem.len() {
            let donor = regions.assignment[unit];
            if regions.sums[donor].units == 1 {
                continue;
            }
            receivers.clear();
            for &next in adjacency.neighbours(unit) {
                let receiver = regions.assignment[next];
                if receiver == donor || receivers.contains(&receiver) {
                    continue;
                }
                receivers.push(receiver);
                let delta = regions.move_delta(problem, unit, receiver);
                if delta < -MIN_IMPROVEMENT {
                    candidates.push((delta, unit, receiver));
                }
            }
        }
        if candidates.is_empty() {
            break;
        }
        candidates.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));

        // A move's delta depends only on the sums of its two clusters, so moves between
        // clusters that no earlier move of this pass touched can all be applied.
        touched.iter_mut().for_each(|flag| *flag = false);
        let mut applied = 0;
        for &(_, unit, receiver) in &candidates {
            let donor = regions.assignment[unit];
            if touched[donor] || touched[receiver] || *budget == 0 {
                continue;
            }
            if !regions.stays_connected_without(adjacency, unit, &mut search) {
                continue;
            }
            regions.apply_move(problem, unit, receiver);
            touched[donor] = true;
            touched[receiver] = true;
            applied += 1;
            *budget -= 1;
        }
        if applied == 0 {
            break;
        }
    }
}

/// Value of `Regions::changes` when recombining each pair of clusters last failed.
pub(super) type FailedRecombinations = HashMap<(usize, usize), u64>;

/// Runs one recombination pass over the pairs of adjacent clusters in random order
/// and returns whether any pair improved. Every improvement takes one from `budget`.
/// A pair is skipped when it failed before and neither cluster changed since.
///
/// Recombination merges two adjacent clusters, draws a random spanning tree of the
/// merged units and replaces the pair by the two subtrees of the tree edge whose
/// removal gives the lowest objective, when that is lower than before. Both parts of
/// a tree are connected, so contiguity holds. Unlike single moves, this can shift a
/// whole boundary at once.
pub(super) fn recombine(
    problem: &Problem,
    regions: &mut Regions,
    rng: &mut SplitMix64,
    failed: &mut FailedRecombinations,
    budget: &mut usize,
) -> bool {
    let mut pairs = adjacent_cluster_pairs(problem, regions);
    for index in (1..pairs.len()).rev() {
        pairs.swap(index, rng.next_index(index + 1));
    }

    let mut workspace = TreeWorkspace::new(problem.len());
    let mut improved = false;
    for (first, second) in pairs {
        if *budget == 0 {
            break;
        }
        let last_change = regions.changed_at[first].max(regions.changed_at[second]);
        if failed
            .get(&(first, second))
            .is_some_and(|&failed_at| failed_at >= last_change)
        {
            continue;
        }
        if recombine_pair(problem, regions, rng, first, second, &mut workspace) {
            improved = true;
            *budget -= 1;
        } else {
            failed.insert((first, second), regions.changes);
        }
    }
    improved
}

/// Returns every pair (a, b), a < b, of clusters joined by at least one edge.
fn adjacent_cluster_pairs(problem: &Problem, regions: &Regions) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize)> = problem
        .adjacency
        .edges()
        .iter()
        .filter_map(|edge| {
            let (a, b) = (regions.assignment[edge.a], regions.assignment[edge.b]);
            (a != b).then(|| (a.min(b), a.max(b)))
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Buffers reused across recombinations.
struct TreeWorkspace {
    /// Index of each unit among the merged units, or `usize::MAX` outside them.
    local_index: Vec<usize>,
    members: Vec<usize>,
    edges: Vec<(f64, usize, usize)>,
    parent_set: Vec<usize>,
    tree_neighbours: Vec<Vec<usize>>,
    preorder: Vec<usize>,
    tree_parent: Vec<usize>,
    subtree: Vec<ClusterSums>,
}

impl TreeWorkspace {
    fn new(units: usize) -> TreeWorkspace {
        TreeWorkspace {
            local_index: vec![usize::MAX; units],
            members: Vec::new(),
            edges: Vec::new(),
            parent_set: Vec::new(),
            tree_neighbours: Vec::new(),
            preorder: Vec::new(),
            tree_parent: Vec::new(),
            subtree: Vec::new(),
        }
    }

    fn find(&mut self, mut item: usize) -> usize {
        while self.parent_set[item] != item {
            self.parent_set[item] = self.parent_set[self.parent_set[item]];
            item = self.parent_set[item];
        }
        item
    }
}

/// Tries one recombination of clusters `first` and `second` and applies it when it
/// lowers the objective. Returns whether it did.
fn recombine_pair(
    problem: &Problem,
    regions: &mut Regions,
    rng: &mut SplitMix64,
    first: usize,
    second: usize,
    workspace: &mut TreeWorkspace,
) -> bool {
    workspace.members.clear();
    workspace.members.extend(
        (0..problem.len()).filter(|&unit| {
            regions.assignment[unit] == first || regions.assignment[unit] == second
        }),
    );
    for (local, &unit) in workspace.members.iter().enumerate() {
        workspace.local_index[unit] = local;
    }

    let current_cost = regions.cluster_cost(problem, first) + regions.cluster_cost(problem, second);
    let mut best: Option<(f64, Vec<usize>)> = None;
    for _ in 0..TREES_PER_PAIR {
        if !random_spanning_tree(problem, rng, workspace) {
            break;
        }
        if let Some((cost, part)) = best_tree_cut(problem, workspace)
            && cost < current_cost - MIN_IMPROVEMENT
            && best.as_ref().is_none_or(|(best_cost, _)| cost < *best_cost)
        {
            best = Some((cost, part));
        }
    }

    for &unit in &workspace.members {
        workspace.local_index[unit] = usize::MAX;
    }
    let Some((_, part)) = best else {
        return false;
    };

    // Keep labels stable: choose the labelling that leaves more units in their cluster.
    let part_in_first = part
        .iter()
        .filter(|&&unit| regions.assignment[unit] == first)
        .count();
    let part_in_second = part.len() - part_in_first;
    let rest_in_first = regions.sums[first].units - part_in_first;
    let rest_in_second = regions.sums[second].units - part_in_second;
    let (part_label, rest_label) =
        if part_in_first + rest_in_second >= part_in_second + rest_in_first {
            (first, second)
        } else {
            (second, first)
        };
    let members = std::mem::take(&mut workspace.members);
    for &unit in &members {
        regions.assignment[unit] = rest_label;
    }
    for &unit in &part {
        regions.assignment[unit] = part_label;
    }
    workspace.members = members;
    regions.recompute_sums(problem, &[first, second]);
    true
}

/// Builds a spanning tree of the merged units (Kruskal with edge keys
/// length × a random factor from 1 to 2, so short edges are preferred) and records a
/// preorder. Returns false when the merged units are not connected.
fn random_spanning_tree(
    problem: &Problem,
    rng: &mut SplitMix64,
    workspace: &mut TreeWorkspace,
) -> bool {
    let count = workspace.members.len();
    workspace.edges.clear();
    for (local, &unit) in workspace.members.iter().enumerate() {
        let neighbours = problem.adjacency.neighbours(unit);
        for (&next, &length) in neighbours.iter().zip(&problem.neighbour_distances[unit]) {
            let next_local = workspace.local_index[next];
            if next_local != usize::MAX && next_local > local {
                workspace.edges.push((
                    (length + f64::EPSILON) * (1.0 + rng.next_f64()),
                    local,
                    next_local,
                ));
            }
        }
    }
    workspace
        .edges
        .sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));

    workspace.parent_set.clear();
    workspace.parent_set.extend(0..count);
    workspace.tree_neighbours.iter_mut().for_each(Vec::clear);
    workspace
        .tree_neighbours
        .resize_with(count.max(workspace.tree_neighbours.len()), Vec::new);
    let mut tree_edges = 0;
    for index in 0..workspace.edges.len() {
        let (_, a, b) = workspace.edges[index];
        let (root_a, root_b) = (workspace.find(a), workspace.find(b));
        if root_a != root_b {
            workspace.parent_set[root_a] = root_b;
            workspace.tree_neighbours[a].push(b);
            workspace.tree_neighbours[b].push(a);
            tree_edges += 1;
        }
    }
    if tree_edges + 1 != count {
        return false;
    }

    workspace.preorder.clear();
    workspace.tree_parent.clear();
    workspace.tree_parent.resize(count, usize::MAX);
    let mut stack = vec![0];
    workspace.tree_parent[0] = 0;
    while let Some(node) = stack.pop() {
        workspace.preorder.push(node);
        for &child in &workspace.tree_neighbours[node] {
            if workspace.tree_parent[child] == usize::MAX {
                workspace.tree_parent[child] = node;
                stack.push(child);
            }
        }
    }
    true
}

/// Returns the lowest objective of the two clusters obtained by cutting one tree
/// edge, and the units of the subtree below that edge.
fn best_tree_cut(problem: &Problem, workspace: &mut TreeWorkspace) -> Option<(f64, Vec<usize>)> {
    let count = workspace.members.len();
    workspace.subtree.clear();
    workspace.subtree.resize(count, ClusterSums::default());
    for (local, &unit) in workspace.members.iter().enumerate() {
        workspace.subtree[local].add_unit(problem, unit, 1.0);
    }
    // Children come after their parent in preorder, so a reverse walk completes every
    // subtree before adding it to the parent.
    for &node in workspace
        .preorder
        .iter()
        .rev()
        .take(count.saturating_sub(1))
    {
        let parent = workspace.tree_parent[node];
        let child_sums = workspace.subtree[node].clone();
        workspace.subtree[parent].merge(&child_sums);
    }

    let root = workspace.preorder[0];
    let total = &workspace.subtree[root];
    let mut best: Option<(f64, usize)> = None;
    for &node in workspace.preorder.iter().skip(1) {
        let part = &workspace.subtree[node];
        let rest = total.difference(part);
        let cost = problem.cluster_cost(part.weight, part.sse())
            + problem.cluster_cost(rest.weight, rest.sse());
        if best.is_none_or(|(best_cost, _)| cost < best_cost) {
            best = Some((cost, node));
        }
    }
    let (cost, cut_node) = best?;

    // Collect the subtree of `cut_node` by walking down the tree.
    let mut part = Vec::new();
    let mut stack = vec![cut_node];
    while let Some(node) = stack.pop() {
        part.push(workspace.members[node]);
        for &child in &workspace.tree_neighbours[node] {
            if child != workspace.tree_parent[node] {
                stack.push(child);
            }
        }
    }
    Some((cost, part))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clustering::{Adjacency, ProposalParams, UnitPoint};

    /// Eight units of weight 1 on a line along the equator, 0.01° apart.
    fn line() -> Vec<UnitPoint> {
        (0..8)
            .map(|step| UnitPoint {
                code: format!("u{step}"),
                lat: 0.0,
                lon: step as f64 * 0.01,
                weight: 1.0,
                area_km2: None,
            })
            .collect()
    }

    fn two_clusters() -> ProposalParams {
        ProposalParams {
            k: 2,
            ..ProposalParams::default()
        }
    }

    #[test]
    fn local_search_balances_line() {
        let points = line();
        let adjacency = Adjacency::build(&points);
        let problem = Problem::new(&points, &adjacency, &two_clusters());
        let mut regions = Regions::from_assignment(&problem, vec![0, 0, 0, 0, 0, 0, 0, 1]);
        let mut budget = 100;

        local_search(&problem, &mut regions, &mut budget);

        assert_eq!(regions.assignment, vec![0, 0, 0, 0, 1, 1, 1, 1]);
        assert_eq!(budget, 97, "three moves expected");
    }

    #[test]
    fn local_search_respects_budget() {
        let points = line();
        let adjacency = Adjacency::build(&points);
        let problem = Problem::new(&points, &adjacency, &two_clusters());
        let mut regions = Regions::from_assignment(&problem, vec![0, 0, 0, 0, 0, 0, 0, 1]);
        let mut budget = 1;

        local_search(&problem, &mut regions, &mut budget);

        assert_eq!(regions.assignment, vec![0, 0, 0, 0, 0, 0, 1, 1]);
        assert_eq!(budget, 0);
    }

    #[test]
    fn recombination_splits_line_in_one_step() {
        let points = line();
        let adjacency = Adjacency::build(&points);
        let problem = Problem::new(&points, &adjacency, &two_clusters());
        let mut regions = Regions::from_assignment(&problem, vec![0, 0, 0, 0, 0, 0, 0, 1]);
        let mut rng = SplitMix64::new(1);
        let mut failed = FailedRecombinations::new();
        let mut budget = 100;

        // The spanning tree of a path is the path, so the best cut is the middle edge.
        assert!(recombine(
            &problem,
            &mut regions,
            &mut rng,
            &mut failed,
            &mut budget
        ));
        assert_eq!(regions.assignment, vec![0, 0, 0, 0, 1, 1, 1, 1]);
        assert_eq!(regions.sums[0].units, 4);
        assert_eq!(regions.sums[1].weight, 4.0);
        assert_eq!(budget, 99);

        // Nothing is left to improve, and the failed pair is skipped afterwards.
        assert!(!recombine(
            &problem,
            &mut regions,
            &mut rng,
            &mut failed,
            &mut budget
        ));
        assert_eq!(failed.len(), 1);
        assert!(!recombine(
            &problem,
            &mut regions,
            &mut rng,
            &mut failed,
            &mut budget
        ));
    }
}
