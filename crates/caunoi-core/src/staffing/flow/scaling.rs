//! Cost scaling: Goldberg and Tarjan's push-relabel method for minimum-cost flow.
//!
//! A flow is ε-optimal for node potentials `p` when every residual edge `u → v` has
//! reduced cost `cost + p[u] - p[v] ≥ -ε`. Costs are multiplied by `n + 1` for `n`
//! nodes, so a 1-optimal flow is optimal for the original integer costs: a cycle has
//! at most `n` edges, so its original cost is above -1 and, being an integer, not
//! negative. Each refinement divides ε by [`ALPHA`] and first saturates every residual
//! edge of negative reduced cost. It then restores ε-optimality by pushing the excess
//! this creates along admissible edges (residual, negative reduced cost), and by
//! lowering the potential of a node that has none.
//!
//! Source: A. V. Goldberg and R. E. Tarjan, "Finding minimum-cost circulations by
//! successive approximation", Mathematics of Operations Research 15(3), 1990.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::FlowNetwork;

/// The factor by which ε shrinks between refinements.
const ALPHA: i64 = 8;

impl FlowNetwork {
    /// Turns the current flow into a minimum-cost one with the same balance at every
    /// node, so the flow from source to sink is unchanged. `flow` is that flow's value.
    pub(super) fn minimise_cost(&mut self, flow: i64) {
        let nodes = self.outgoing.len();
        if nodes == 0 || self.edges.is_empty() {
            return;
        }
        // An optimal flow without zero-cost cycles carries at most the flow's value on
        // any edge, so bounding capacities there keeps the optimum and keeps excesses
        // far from overflow on edges of unbounded capacity.
        let bound = self.edges.iter().step_by(2).map(|edge| edge.flow).max().unwrap_or(0).max(flow);
        let capacities: Vec<i64> = self.edges.iter().step_by(2).map(|edge| edge.capacity).collect();
        for edge in self.edges.iter_mut().step_by(2) {
            edge.capacity = edge.capacity.min(bound);
        }

        let scale = nodes as i64 + 1;
        let scaled: Vec<i64> = self.edges.iter().map(|edge| edge.cost * scale).collect();
        let mut potential = vec![0i64; nodes];
        let mut epsilon = scaled.iter().map(|cost| cost.abs()).max().unwrap_or(0);
        while epsilon > 1 {
            epsilon = (epsilon / ALPHA).max(1);
            self.refine(epsilon, &scaled, &mut potential);
        }

        for (edge, capacity) in self.edges.iter_mut().step_by(2).zip(capacities) {
            edge.capacity = capacity;
        }
    }

    /// Makes the flow ε-optimal for `epsilon`, starting from any flow with the wanted
    /// balances, by lowering potentials.
    fn refine(&mut self, epsilon: i64, scaled: &[i64], potential: &mut [i64]) {
        let nodes = self.outgoing.len();
        let mut excess = vec![0i64; nodes];
        for node in 0..nodes {
            for &id in &self.outgoing[node] {
                let edge = &self.edges[id];
                let residual = edge.residual();
                if residual > 0 && scaled[id] + potential[node] - potential[edge.to] < 0 {
                    let to = edge.to;
                    self.edges[id].flow += residual;
                    self.edges[id ^ 1].flow -= residual;
                    excess[node] -= residual;
                    excess[to] += residual;
                }
            }
        }

        let mut active: VecDeque<usize> = (0..nodes).filter(|&node| excess[node] > 0).collect();
        let mut current = vec![0usize; nodes];
        let mut relabels = 0;
        self.update_prices(epsilon, scaled, potential, &excess);
        while let Some(node) = active.pop_front() {
            while excess[node] > 0 {
                let Some(&id) = self.outgoing[node].get(current[node]) else {
                    let relabelled = self.relabel(node, epsilon, scaled, potential);
                    debug_assert!(relabelled, "a node with excess has a residual edge back along its inflow");
                    current[node] = 0;
                    relabels += 1;
                    if relabels % nodes == 0 {
                        self.update_prices(epsilon, scaled, potential, &excess);
                        current.fill(0);
                    }
                    continue;
                };
                let edge = &self.edges[id];
                let to = edge.to;
                let residual = edge.residual();
                if residual > 0 && scaled[id] + potential[node] - potential[to] < 0 {
                    // Look-ahead: rather than push into a node that could not pass the
                    // flow on, relabel it, which may make this edge inadmissible.
                    if excess[to] >= 0
                        && !self.advance_to_admissible(to, &mut current[to], scaled, potential)
                        && self.relabel(to, epsilon, scaled, potential)
                    {
                        current[to] = 0;
                        relabels += 1;
                        continue;
                    }
                    let push = residual.min(excess[node]);
                    self.edges[id].flow += push;
                    self.edges[id ^ 1].flow -= push;
                    excess[node] -= push;
                    let was_active = excess[to] > 0;
                    excess[to] += push;
                    if !was_active && excess[to] > 0 {
                        active.push_back(to);
                    }
                    if push == residual {
                        current[node] += 1;
                    }
                } else {
                    current[node] += 1;
                }
            }
        }
    }

    /// Goldberg's global price update: lowers each potential by ε times the node's
    /// distance to a node with a deficit, with edge lengths ⌊reduced cost / ε⌋ + 1,
    /// so that admissible paths lead from excesses to deficits. Distances grow along no
    /// edge by more than its length, which keeps the flow ε-optimal. The search stops
    /// once every node with excess is reached, and the nodes not yet reached are
    /// lowered by the last distance reached, which is no more than their own.
    fn update_prices(&self, epsilon: i64, scaled: &[i64], potential: &mut [i64], excess: &[i64]) {
        let nodes = self.outgoing.len();
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
            // Edges `from → node` are the reverses of the edges leaving `node`.
            for &id in &self.outgoing[node] {
                let from = self.edges[id].to;
                let into = id ^ 1;
                if settled[from] || self.edges[into].residual() <= 0 {
                    continue;
                }
                let reduced = scaled[into] + potential[from] - potential[node];
                let candidate = dist + reduced.div_euclid(epsilon) + 1;
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

    /// Moves `current` to the first admissible edge out of `node` from there on, and
    /// returns whether there is one.
    fn advance_to_admissible(&self, node: usize, current: &mut usize, scaled: &[i64], potential: &[i64]) -> bool {
        while let Some(&id) = self.outgoing[node].get(*current) {
            let edge = &self.edges[id];
            if edge.residual() > 0 && scaled[id] + potential[node] - potential[edge.to] < 0 {
                return true;
            }
            *current += 1;
        }
        false
    }

    /// Lowers the potential of `node` as far as ε-optimality allows, which makes at
    /// least one residual edge out of it admissible. Returns false, changing nothing,
    /// when no residual edge leaves `node`.
    fn relabel(&self, node: usize, epsilon: i64, scaled: &[i64], potential: &mut [i64]) -> bool {
        let highest = self.outgoing[node]
            .iter()
            .filter(|&&id| self.edges[id].residual() > 0)
            .map(|&id| potential[self.edges[id].to] - scaled[id])
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
