//! Minimum-cost maximum flow: Dinic's maximum flow, then cost scaling.
//!
//! Inter-school teaching recommendations are a transportation problem: teachers with
//! spare periods supply, schools short of a subject demand, and an edge from a teacher
//! to a school costs the travel distance. The flow that covers the most shortage
//! periods at the least total distance is a minimum-cost maximum flow.
//!
//! Dinic's algorithm first finds a maximum flow. Goldberg and Tarjan's cost scaling
//! (push-relabel on ε-optimal flows, in the `scaling` submodule) then makes it a
//! minimum-cost flow with the same value, without changing how much leaves the source
//! or reaches the sink. Costs are integers, so the result is exact.

mod residual;
mod scaling;

use residual::ResidualGraph;

/// A flow network with integer capacities and non-negative integer costs.
#[derive(Debug, Clone, Default)]
pub struct FlowNetwork {
    nodes: usize,
    edges: Vec<EdgeSpec>,
    flows: Vec<i64>,
}

/// Flow sent and its total cost, from [`FlowNetwork::min_cost_max_flow`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowSummary {
    pub flow: i64,
    pub cost: i64,
}

/// One edge as added: its endpoints, capacity and cost per unit of flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EdgeSpec {
    pub from: usize,
    pub to: usize,
    pub capacity: i64,
    pub cost: i64,
}

impl FlowNetwork {
    pub fn new(nodes: usize) -> FlowNetwork {
        FlowNetwork { nodes, edges: Vec::new(), flows: Vec::new() }
    }

    pub fn node_count(&self) -> usize {
        self.nodes
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// Adds an edge and returns its id for [`FlowNetwork::flow_on`].
    ///
    /// NOTE: cost scaling multiplies costs by the number of nodes plus one, and its
    /// potentials can reach about 3 × nodes² × the largest cost, which must fit in an
    /// `i64`. For 10,000 nodes that allows costs up to about 3 × 10¹⁰.
    ///
    /// # Panics
    ///
    /// When a node is out of range, or the capacity or cost is negative.
    pub fn add_edge(&mut self, from: usize, to: usize, capacity: i64, cost: i64) -> usize {
        assert!(from < self.nodes, "node {from} out of range");
        assert!(to < self.nodes, "node {to} out of range");
        assert!(capacity >= 0, "capacity {capacity} is negative");
        assert!(cost >= 0, "cost {cost} is negative: shortest paths need non-negative costs");
        self.edges.push(EdgeSpec { from, to, capacity, cost });
        self.flows.push(0);
        self.edges.len() - 1
    }

    /// Returns the edge `id` as it was added.
    pub fn edge(&self, id: usize) -> EdgeSpec {
        self.edges[id]
    }

    /// Returns the flow on the edge `id` returned by [`FlowNetwork::add_edge`].
    pub fn flow_on(&self, id: usize) -> i64 {
        self.flows[id]
    }

    /// Sends as much flow as possible from `source` to `sink` at the least total cost.
    ///
    /// Returns the flow from `source` to `sink` and the cost of all flow on the
    /// network. Flow already on the network is kept as a starting point, so a second
    /// call returns the same flow and cost, though it may move flow between edges of
    /// equally cheap routes.
    pub fn min_cost_max_flow(&mut self, source: usize, sink: usize) -> FlowSummary {
        let mut graph = ResidualGraph::new(self.nodes, &self.edges, &self.flows);
        if source != sink {
            graph.max_flow(source, sink);
        }
        graph.read_flows(&mut self.flows);
        let flow = self.net_outflow(source);

        // An optimal flow without zero-cost cycles carries at most the flow's value on
        // any edge, so bounding capacities there keeps the optimum and keeps excesses
        // far from overflow on edges of unbounded capacity.
        let bound = self.flows.iter().copied().max().unwrap_or(0).max(flow);
        let bounded: Vec<EdgeSpec> = self.edges.iter().map(|edge| EdgeSpec { capacity: edge.capacity.min(bound), ..*edge }).collect();
        let mut graph = ResidualGraph::new(self.nodes, &bounded, &self.flows);
        graph.minimise_cost();
        graph.read_flows(&mut self.flows);

        let cost = self.edges.iter().zip(&self.flows).map(|(edge, flow)| flow * edge.cost).sum();
        FlowSummary { flow, cost }
    }

    fn net_outflow(&self, node: usize) -> i64 {
        let mut total = 0;
        for (edge, flow) in self.edges.iter().zip(&self.flows) {
            if edge.from == node {
                total += flow;
            }
            if edge.to == node {
                total -= flow;
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cheaper_route_is_taken_first() {
        // 0 → 1 → 3 costs 2 per unit, 0 → 2 → 3 costs 10; both carry 2 units.
        let mut network = FlowNetwork::new(4);
        let a = network.add_edge(0, 1, 2, 1);
        network.add_edge(1, 3, 2, 1);
        let b = network.add_edge(0, 2, 2, 5);
        network.add_edge(2, 3, 2, 5);

        let summary = network.min_cost_max_flow(0, 3);

        assert_eq!(summary, FlowSummary { flow: 4, cost: 2 * 2 + 2 * 10 });
        assert_eq!(network.flow_on(a), 2);
        assert_eq!(network.flow_on(b), 2);
    }

    #[test]
    fn rerouting_through_reverse_edges() {
        // The greedy first path 0-1-2-3 must be partly undone to reach the maximum.
        let mut network = FlowNetwork::new(4);
        network.add_edge(0, 1, 1, 1);
        network.add_edge(0, 2, 1, 4);
        network.add_edge(1, 2, 1, 1);
        network.add_edge(1, 3, 1, 4);
        network.add_edge(2, 3, 1, 1);

        let summary = network.min_cost_max_flow(0, 3);

        assert_eq!(summary.flow, 2);
        assert_eq!(summary.cost, 10);
    }

    /// A small deterministic generator, so the test needs no dependency.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, bound: u64) -> i64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % bound) as i64
        }
    }

    /// Most units shipped, then least cost, over every integer plan of a 2 × 3
    /// transportation problem, found by enumeration.
    fn brute_force(supply: &[i64; 2], demand: &[i64; 3], cost: &[[i64; 3]; 2]) -> FlowSummary {
        let mut best = FlowSummary { flow: 0, cost: 0 };
        let cells = 6;
        let mut plan = [0i64; 6];
        loop {
            let rows_ok = (0..2).all(|i| plan[i * 3..i * 3 + 3].iter().sum::<i64>() <= supply[i]);
            let columns_ok = (0..3).all(|j| plan[j] + plan[3 + j] <= demand[j]);
            if rows_ok && columns_ok {
                let flow: i64 = plan.iter().sum();
                let total: i64 = (0..cells).map(|k| plan[k] * cost[k / 3][k % 3]).sum();
                if flow > best.flow || (flow == best.flow && total < best.cost) {
                    best = FlowSummary { flow, cost: total };
                }
            }
            let mut k = 0;
            loop {
                if k == cells {
                    return best;
                }
                plan[k] += 1;
                if plan[k] <= supply[k / 3].min(demand[k % 3]) {
                    break;
                }
                plan[k] = 0;
                k += 1;
            }
        }
    }

    #[test]
    fn matches_enumeration_on_random_transport_problems() {
        let mut random = Lcg(2026);
        for case in 0..300 {
            let supply = [random.below(5), random.below(5)];
            let demand = [random.below(4), random.below(4), random.below(4)];
            let mut cost = [[0i64; 3]; 2];
            for row in &mut cost {
                for cell in row.iter_mut() {
                    *cell = random.below(20);
                }
            }
            // Source 0, suppliers 1-2, demands 3-5, sink 6.
            let mut network = FlowNetwork::new(7);
            for (i, amount) in supply.iter().enumerate() {
                network.add_edge(0, 1 + i, *amount, 0);
            }
            for (j, amount) in demand.iter().enumerate() {
                network.add_edge(3 + j, 6, *amount, 0);
            }
            for (i, row) in cost.iter().enumerate() {
                for (j, price) in row.iter().enumerate() {
                    network.add_edge(1 + i, 3 + j, i64::MAX / 4, *price);
                }
            }

            let summary = network.min_cost_max_flow(0, 6);

            assert_eq!(summary, brute_force(&supply, &demand, &cost), "case {case}: {supply:?} {demand:?} {cost:?}");
        }
    }
}
