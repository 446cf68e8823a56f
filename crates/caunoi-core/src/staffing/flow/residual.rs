//! The residual graph the solver works on. Each edge becomes an arc and its reverse,
//! stored by tail node, so that the arcs leaving a node lie together in memory.

use std::collections::VecDeque;
use std::ops::Range;

use super::EdgeSpec;

pub(super) struct ResidualGraph {
    /// The arcs leaving node `u` are `first[u]..first[u + 1]`.
    first: Vec<usize>,
    pub(super) head: Vec<u32>,
    pub(super) residual: Vec<i64>,
    /// Cost per unit of flow, negated on reverse arcs.
    pub(super) cost: Vec<i64>,
    /// The reverse of each arc.
    pub(super) pair: Vec<u32>,
    /// The forward arc of each edge, in the order the edges were added.
    forward: Vec<u32>,
}

impl ResidualGraph {
    /// Builds the residual graph of `edges` carrying `flows`.
    ///
    /// # Panics
    ///
    /// When there are 2³¹ edges or more, as arcs are numbered in 32 bits.
    pub(super) fn new(nodes: usize, edges: &[EdgeSpec], flows: &[i64]) -> ResidualGraph {
        assert!(edges.len() < 1 << 31, "{} edges are too many; the solver numbers arcs in 32 bits", edges.len());
        let mut first = vec![0usize; nodes + 1];
        for edge in edges {
            first[edge.from + 1] += 1;
            first[edge.to + 1] += 1;
        }
        for node in 0..nodes {
            first[node + 1] += first[node];
        }

        let arcs = 2 * edges.len();
        let mut next = first.clone();
        let mut graph = ResidualGraph {
            first,
            head: vec![0; arcs],
            residual: vec![0; arcs],
            cost: vec![0; arcs],
            pair: vec![0; arcs],
            forward: Vec::with_capacity(edges.len()),
        };
        for (edge, &flow) in edges.iter().zip(flows) {
            let (arc, back) = (next[edge.from], next[edge.to] + usize::from(edge.from == edge.to));
            next[edge.from] += 1;
            next[edge.to] += 1;
            graph.head[arc] = edge.to as u32;
            graph.residual[arc] = edge.capacity - flow;
            graph.cost[arc] = edge.cost;
            graph.pair[arc] = back as u32;
            graph.head[back] = edge.from as u32;
            graph.residual[back] = flow;
            graph.cost[back] = -edge.cost;
            graph.pair[back] = arc as u32;
            graph.forward.push(arc as u32);
        }
        graph
    }

    pub(super) fn node_count(&self) -> usize {
        self.first.len() - 1
    }

    pub(super) fn arcs(&self, node: usize) -> Range<usize> {
        self.first[node]..self.first[node + 1]
    }

    pub(super) fn tail(&self, arc: usize) -> usize {
        self.head[self.pair[arc] as usize] as usize
    }

    pub(super) fn push(&mut self, arc: usize, amount: i64) {
        self.residual[arc] -= amount;
        self.residual[self.pair[arc] as usize] += amount;
    }

    /// Writes the flow on each edge into `flows`, in the order the edges were added.
    pub(super) fn read_flows(&self, flows: &mut [i64]) {
        for (flow, &arc) in flows.iter_mut().zip(&self.forward) {
            *flow = self.residual[self.pair[arc as usize] as usize];
        }
    }

    /// Dinic's algorithm: blocking flows on breadth-first levels until `sink` is
    /// unreachable from `source`.
    pub(super) fn max_flow(&mut self, source: usize, sink: usize) {
        while let Some(level) = self.levels(source, sink) {
            self.push_blocking_flow(source, sink, &level);
        }
    }

    /// Breadth-first levels from `source` over residual arcs, or `None` when they do
    /// not reach `sink`.
    fn levels(&self, source: usize, sink: usize) -> Option<Vec<usize>> {
        let mut level = vec![usize::MAX; self.node_count()];
        let mut queue = VecDeque::from([source]);
        level[source] = 0;
        while let Some(node) = queue.pop_front() {
            for arc in self.arcs(node) {
                let to = self.head[arc] as usize;
                if level[to] == usize::MAX && self.residual[arc] > 0 {
                    level[to] = level[node] + 1;
                    queue.push_back(to);
                }
            }
        }
        (level[sink] != usize::MAX).then_some(level)
    }

    /// Saturates every residual path that climbs the levels, by depth-first search
    /// with a current-arc pointer per node. Iterative, so long paths cannot overflow
    /// the stack.
    fn push_blocking_flow(&mut self, source: usize, sink: usize, level: &[usize]) {
        let mut current: Vec<usize> = self.first[..self.node_count()].to_vec();
        let mut path: Vec<usize> = Vec::new();
        let mut node = source;
        loop {
            if node == sink {
                let amount = path.iter().map(|&arc| self.residual[arc]).min().unwrap_or(0);
                for &arc in &path {
                    self.push(arc, amount);
                }
                // Retreat to the tail of the first saturated arc and search on from there.
                let saturated = path.iter().position(|&arc| self.residual[arc] == 0).unwrap_or(0);
                node = self.tail(path[saturated]);
                path.truncate(saturated);
                continue;
            }
            let end = self.first[node + 1];
            while current[node] < end {
                let arc = current[node];
                let to = self.head[arc] as usize;
                if level[to] == level[node] + 1 && self.residual[arc] > 0 {
                    break;
                }
                current[node] += 1;
            }
            if current[node] < end {
                path.push(current[node]);
                node = self.head[current[node]] as usize;
                continue;
            }
            // A dead end: step back and skip the arc that led here.
            let Some(arc) = path.pop() else { break };
            node = self.tail(arc);
            current[node] += 1;
        }
    }
}
