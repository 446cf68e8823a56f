//! Cost scaling: Goldberg and Tarjan's push-relabel method for minimum-cost flow.
//!
//! A flow is ε-optimal for node potentials `p` when every residual arc `u → v` has
//! reduced cost `cost + p[u] - p[v] ≥ -ε`. Costs are multiplied by `n + 1` for `n`
//! nodes, so a 1-optimal flow is optimal for the original integer costs: a cycle has
//! at most `n` arcs, so its original cost is above -1 and, being an integer, not
//! negative. Each refinement divides ε by [`ALPHA`] and first saturates every residual
//! arc of negative reduced cost. It then restores ε-optimality by pushing the excess
//! this creates along admissible arcs (residual, negative reduced cost), and by
//! lowering the potential of a node that has none.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::ResidualGraph;

/// The factor by which ε shrinks between refinements.
const ALPHA: i64 = 8;

impl ResidualGraph {
    /// Turns the current flow into a minimum-cost one with the same balance at every
    /// node, so the flow from source to sink is unchanged. Leaves the arc costs scaled.
    pub(super) fn minimise_cost(&mut self) {
        let nodes = self.node_count();
        let scale = nodes as i64 + 1;
        for cost in &mut self.cost {
            *cost *= scale;
        }
        let mut potential = vec![0i64; nodes];
        let mut epsilon = self.cost.iter().map(|cost| cost.abs()).max().unwrap_or(0);
        while epsilon > 1 {
            epsilon = (epsilon / ALPHA).max(1);
            self.refine(epsilon, &mut potential);
        }
    }

    fn reduced_cost(&self, arc: usize, from: usize, potential: &[i64]) -> i64 {
        self.cost[arc] + potential[from] - potential[self.head[arc] as usize]
    }

    /// Makes the flow ε-optimal for `epsilon`, starting from any flow with the wanted
    /// balances, by lowering potentials.
    fn refine(&mut self, epsilon: i64, potential: &mut [i64]) {
        let nodes = self.node_count();
        let mut excess = vec![0i64; nodes];
        for node in 0..nodes {
            for arc in self.arcs(node) {
                let residual = self.residual[arc];
                if residual > 0 && self.reduced_cost(arc, node, potential) < 0 {
                    self.push(arc, residual);
                    excess[node] -= residual;
                    excess[self.head[arc] as usize] += residual;
                }
            }
        }

        let mut active: VecDeque<usize> = (0..nodes).filter(|&node| excess[node] > 0).collect();
        let mut current: Vec<usize> = (0..nodes).map(|node| self.arcs(node).start).collect();
        let mut relabels = 0;
        self.update_prices(epsilon, potential, &excess);
        while let Some(node) = active.pop_front() {
            while excess[node] > 0 {
                if current[node] == self.arcs(node).end {
                    let relabelled = self.relabel(node, epsilon, potential);
                    debug_assert!(relabelled, "a node with excess has a residual arc back along its inflow");
                    current[node] = self.arcs(node).start;
                    relabels += 1;
                    if relabels % nodes == 0 {
                        self.update_prices(epsilon, potential, &excess);
                        for (start, node) in current.iter_mut().zip(0..) {
                            *start = self.arcs(node).start;
                        }
                    }
                    continue;
                }
                let arc = current[node];
                let to = self.head[arc] as usize;
                let residual = self.residual[arc];
                if residual <= 0 || self.reduced_cost(arc, node, potential) >= 0 {
                    current[node] += 1;
                    continue;
                }
                // Look-ahead: rather than push into a node that could not pass the flow
                // on, relabel it, which may make this arc inadmissible.
                if excess[to] >= 0
                    && !self.advance_to_admissible(to, &mut current[to], potential)
                    && self.relabel(to, epsilon, potential)
                {
                    current[to] = self.arcs(to).start;
                    relabels += 1;
                    continue;
                }
                let amount = residual.min(excess[node]);
                self.push(arc, amount);
                excess[node] -= amount;
                let was_active = excess[to] > 0;
                excess[to] += amount;
                if !was_active && excess[to] > 0 {
                    active.push_back(to);
                }
                if amount == residual {
                    current[node] += 1;
                }
            }
        }
    }

    /// Goldberg's global price update: lowers each potential by ε times the node's
    /// distance to a node with a deficit, with arc lengths ⌊reduced cost / ε⌋ + 1,
    /// so that admissible paths lead from excesses to deficits. Distances grow along no
    /// arc by more than its length, which keeps the flow ε-optimal. The search stops
    /// once every node with excess is reached, and the nodes not yet reached are
    /// lowered by the last distance reached, which is no more than their own.
    fn update_prices(&self, epsilon: i64, potential: &mut [i64], excess: &[i64]) {
        let nodes = self.node_count();
        let mut waiting = excess.iter().filter(|&&value| value > 0).count();
        if waiting == 0 {
            return;
        }
        let mut distance = vec![i64::MAX; nodes];
        let mut settled = vec![false; nodes];
        let mut queue = BinaryHeap::new();
        for node in (0..nodes).filter(|&node| excess[node] < 0) {
            distance[node] = 0;
            queue.push(Reverse((0i64, node)));
        }
        let mut reached = 0;
        while let Some(Reverse((dist, node))) = queue.pop() {
            if settled[node] {
                continue;
            }
            settled[node] = true;
            reached = dist;
            if excess[node] > 0 {
                waiting -= 1;
                if waiting == 0 {
                    break;
                }
            }
            // Arcs `from → node` are the reverses of the arcs leaving `node`.
            for arc in self.arcs(node) {
                let from = self.head[arc] as usize;
                let into = self.pair[arc] as usize;
                if settled[from] || self.residual[into] <= 0 {
                    continue;
                }
                let candidate = dist + self.reduced_cost(into, from, potential).div_euclid(epsilon) + 1;
                if candidate < distance[from] {
                    distance[from] = candidate;
                    queue.push(Reverse((candidate, from)));
                }
            }
        }
        for node in 0..nodes {
            let lowered = if settled[node] { distance[node] } else { reached };
            potential[node] -= epsilon * lowered;
        }
    }

    /// Moves `current` to the first admissible arc out of `node` from there on, and
    /// returns whether there is one.
    fn advance_to_admissible(&self, node: usize, current: &mut usize, potential: &[i64]) -> bool {
        let end = self.arcs(node).end;
        while *current < end {
            if self.residual[*current] > 0 && self.reduced_cost(*current, node, potential) < 0 {
                return true;
            }
            *current += 1;
        }
        false
    }

    /// Lowers the potential of `node` as far as ε-optimality allows, which makes at
    /// least one residual arc out of it admissible. Returns false, changing nothing,
    /// when no residual arc leaves `node`.
    fn relabel(&self, node: usize, epsilon: i64, potential: &mut [i64]) -> bool {
        let highest = self
            .arcs(node)
            .filter(|&arc| self.residual[arc] > 0)
            .map(|arc| potential[self.head[arc] as usize] - self.cost[arc])
            .max();
        match highest {
            Some(highest) => {
                potential[node] = highest - epsilon;
                true
            }
            None => false,
        }
    }
}
