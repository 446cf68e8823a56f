//! Commune adjacency graph built from points, since no commune polygons are available.
//!
//! Steps:
//! 1. Project every point to the local plane (equirectangular, km).
//! 2. Triangulate the distinct positions (Delaunay). Points at the same position
//!    are joined to the first of them by an edge of length 0. When all positions lie
//!    on one line, consecutive points along the line are joined instead.
//! 3. Drop edges that pass by another unit. Edge (a, b) is dropped when a triangle
//!    containing it has an angle above 160° at its third point c. Then c lies almost
//!    on the segment, and the path a–c–b describes the neighbourhood better. This
//!    also removes the sliver triangles of nearly collinear input.
//! 4. Drop long edges. The typical neighbour distance `t` of a point is the lower
//!    tercile of its Delaunay edge lengths (rank ⌊(m − 1) / 3⌋ of m sorted lengths),
//!    so that a point on the edge of a gap, with half of its edges crossing it, still
//!    gets the distance to its near neighbours. Edge (a, b) is dropped when it is
//!    longer than 2 × max(t_a, t_b) or 4 × min(t_a, t_b). The first test drops edges
//!    across gaps that both ends see as unusually wide, such as a bay or a strip of
//!    another province. The second drops the edges of an isolated point (an island
//!    far offshore), whose own `t` is large but whose mainland ends have a short `t`.
//! 5. Restore connectivity. While the graph has more than one component, the
//!    shortest dropped edge between two components is added back and flagged as a
//!    sea link. The closest pair of points between a component and the rest of the
//!    points is always a Delaunay edge, so this adds the shortest possible links
//!    and joins an island to its nearest unit on the mainland.
//!
//! The tercile and the factors were chosen by drawing the graphs of all 34 provinces
//! of the 2025 commune list. With them the only components split off are the far
//! islands Bạch Long Vĩ, Hoàng Sa, Trường Sa, Phú Quý and Côn Đảo, and in Hồ Chí Minh
//! City the edges across the strip of Đồng Nai between the former Bình Dương and
//! Bà Rịa–Vũng Tàu parts are dropped. Some true neighbours across wide rivers lose
//! their edge too (Dầu Tiếng and Thái Mỹ across the Saigon River, for example).
//! NOTE: islands nearer the coast than the thresholds (Phú Quốc, Lý Sơn, Cô Tô) keep
//! ordinary edges, so `is_sea_link` marks only edges restored for connectivity,
//! not every crossing of water.

use serde::{Deserialize, Serialize};

use super::geometry::{PlanarPoint, Projection};
use super::{ProposalError, UnitPoint, validate_points};

/// An edge is dropped when a triangle containing it has an angle above 160° opposite
/// it. The value is cos(160°).
const MAX_OPPOSITE_ANGLE_COS: f64 = -0.939_692_620_785_908_3;
/// An edge is dropped when longer than this factor × the larger typical neighbour
/// distance of its two ends.
const MAX_TYPICAL_FACTOR: f64 = 2.0;
/// An edge is dropped when longer than this factor × the smaller typical neighbour
/// distance of its two ends.
const MIN_TYPICAL_FACTOR: f64 = 4.0;

/// Undirected edge of the adjacency graph between units `a < b` (indices into the input).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AdjacencyEdge {
    pub a: usize,
    pub b: usize,
    /// Planar distance between the two points.
    pub length_km: f64,
    /// True when the edge was dropped as too long and then added back only to keep
    /// the graph connected, typically a sea crossing to an island.
    pub is_sea_link: bool,
}

/// Adjacency graph of units, with the projection used to build it.
#[derive(Debug, Clone)]
pub struct Adjacency {
    projection: Projection,
    positions: Vec<PlanarPoint>,
    edges: Vec<AdjacencyEdge>,
    /// Sorted neighbour indices of every unit.
    neighbours: Vec<Vec<usize>>,
}

impl Adjacency {
    /// Builds the adjacency graph of `points` as described in the module documentation.
    ///
    /// # Panics
    /// Panics when a point has a non-finite or out-of-range coordinate or weight.
    /// Use [`Adjacency::try_build`] for input that was not validated.
    pub fn build(points: &[UnitPoint]) -> Adjacency {
        match Adjacency::try_build(points) {
            Ok(adjacency) => adjacency,
            Err(error) => panic!("invalid clustering input: {error}"),
        }
    }

    /// Builds the adjacency graph, or returns the validation error of the first
    /// invalid point. An empty input gives an empty graph.
    pub fn try_build(points: &[UnitPoint]) -> Result<Adjacency, ProposalError> {
        validate_points(points)?;

        let projection = Projection::around(points.iter().map(|point| (point.lat, point.lon)));
        let positions: Vec<PlanarPoint> = points
            .iter()
            .map(|point| projection.project(point.lat, point.lon))
            .collect();

        let (candidates, duplicate_links) = candidate_edges(&positions);
        let edges = select_edges(&positions, candidates, duplicate_links);
        Ok(Adjacency::from_edges(projection, positions, edges))
    }

    fn from_edges(
        projection: Projection,
        positions: Vec<PlanarPoint>,
        mut edges: Vec<AdjacencyEdge>,
    ) -> Adjacency {
        edges.sort_by_key(|edge| (edge.a, edge.b));
        let mut neighbours = vec![Vec::new(); positions.len()];
        for edge in &edges {
            neighbours[edge.a].push(edge.b);
            neighbours[edge.b].push(edge.a);
        }
        for list in &mut neighbours {
            list.sort_unstable();
        }
        Adjacency {
            projection,
            positions,
            edges,
            neighbours,
        }
    }

    /// Number of units (graph vertices).
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Indices of the units adjacent to unit `index`, in increasing order.
    pub fn neighbours(&self, index: usize) -> &[usize] {
        &self.neighbours[index]
    }

    /// Returns all edges, sorted by `(a, b)`.
    pub fn edges(&self) -> &[AdjacencyEdge] {
        &self.edges
    }

    pub fn projection(&self) -> &Projection {
        &self.projection
    }

    /// Planar positions of the units, in km from the projection centre.
    pub fn positions(&self) -> &[PlanarPoint] {
        &self.positions
    }

    /// Returns whether the units in `members` form one connected subgraph using only
    /// edges between members. An empty set counts as not connected.
    pub fn is_connected_subset(&self, members: &[usize]) -> bool {
        let Some(&start) = members.first() else {
            return false;
        };
        let mut in_set = vec![false; self.len()];
        for &member in members {
            in_set[member] = true;
        }
        let mut visited = vec![false; self.len()];
        visited[start] = true;
        let mut stack = vec![start];
        let mut reached = 1;
        while let Some(unit) = stack.pop() {
            for &next in &self.neighbours[unit] {
                if in_set[next] && !visited[next] {
                    visited[next] = true;
                    reached += 1;
                    stack.push(next);
                }
            }
        }
        let distinct_members = in_set.iter().filter(|&&flag| flag).count();
        reached == distinct_members
    }
}

/// Delaunay (or collinear chain) edge between two distinct positions, `a < b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    a: usize,
    b: usize,
    /// Whether a triangle containing the edge has an angle above 160° opposite it.
    passes_by_unit: bool,
}

/// Returns the Delaunay (or collinear chain) edges between distinct positions, and
/// the zero-length edges that join each repeated position to its first occurrence.
fn candidate_edges(positions: &[PlanarPoint]) -> (Vec<Candidate>, Vec<(usize, usize)>) {
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by(|&i, &j| {
        positions[i]
            .x
            .total_cmp(&positions[j].x)
            .then(positions[i].y.total_cmp(&positions[j].y))
            .then(i.cmp(&j))
    });

    let mut distinct: Vec<usize> = Vec::new();
    let mut duplicate_links = Vec::new();
    for &index in &order {
        match distinct.last() {
            Some(&first) if positions[first] == positions[index] => {
                duplicate_links.push((first.min(index), first.max(index)));
            }
            _ => distinct.push(index),
        }
    }
    distinct.sort_unstable();

    let triangles = if distinct.len() >= 3 {
        let delaunay_points: Vec<delaunator::Point> = distinct
            .iter()
            .map(|&index| delaunator::Point {
                x: positions[index].x,
                y: positions[index].y,
            })
            .collect();
        delaunator::triangulate(&delaunay_points).triangles
    } else {
        Vec::new()
    };

    let mut candidates = Vec::new();
    if triangles.is_empty() {
        // Fewer than three distinct points, or all on one line: join neighbours along the line.
        let mut along_line = distinct.clone();
        let spread_x = spread(along_line.iter().map(|&index| positions[index].x));
        let spread_y = spread(along_line.iter().map(|&index| positions[index].y));
        along_line.sort_by(|&i, &j| {
            let (first, second) = if spread_x >= spread_y {
                (
                    positions[i].x.total_cmp(&positions[j].x),
                    positions[i].y.total_cmp(&positions[j].y),
                )
            } else {
                (
                    positions[i].y.total_cmp(&positions[j].y),
                    positions[i].x.total_cmp(&positions[j].x),
                )
            };
            first.then(second)
        });
        for pair in along_line.windows(2) {
            candidates.push(Candidate {
                a: pair[0].min(pair[1]),
                b: pair[0].max(pair[1]),
                passes_by_unit: false,
            });
        }
    } else {
        for triangle in triangles.chunks_exact(3) {
            for (from, to, opposite) in [(0, 1, 2), (1, 2, 0), (2, 0, 1)] {
                let a = distinct[triangle[from]];
                let b = distinct[triangle[to]];
                let c = distinct[triangle[opposite]];
                candidates.push(Candidate {
                    a: a.min(b),
                    b: a.max(b),
                    passes_by_unit: angle_cosine(positions[c], positions[a], positions[b])
                        < MAX_OPPOSITE_ANGLE_COS,
                });
            }
        }
    }
    // An edge shared by two triangles appears twice, and a set flag of either entry wins.
    candidates.sort_unstable();
    candidates.dedup_by(|later, earlier| {
        let same_edge = later.a == earlier.a && later.b == earlier.b;
        if same_edge {
            earlier.passes_by_unit |= later.passes_by_unit;
        }
        same_edge
    });
    (candidates, duplicate_links)
}

/// Cosine of the angle at `vertex` between the directions to `first` and `second`.
fn angle_cosine(vertex: PlanarPoint, first: PlanarPoint, second: PlanarPoint) -> f64 {
    let (ux, uy) = (first.x - vertex.x, first.y - vertex.y);
    let (vx, vy) = (second.x - vertex.x, second.y - vertex.y);
    let lengths = ux.hypot(uy) * vx.hypot(vy);
    if lengths == 0.0 {
        return 1.0;
    }
    (ux * vx + uy * vy) / lengths
}

fn spread(values: impl Iterator<Item = f64>) -> f64 {
    let (min, max) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(min, max), value| {
        (min.min(value), max.max(value))
    });
    if min > max { 0.0 } else { max - min }
}

/// Applies the pass-by and long-edge tests to the candidates and restores
/// connectivity with sea links.
fn select_edges(
    positions: &[PlanarPoint],
    candidates: Vec<Candidate>,
    duplicate_links: Vec<(usize, usize)>,
) -> Vec<AdjacencyEdge> {
    let count = positions.len();
    let length = |a: usize, b: usize| positions[a].distance_km(positions[b]);

    let mut incident_lengths: Vec<Vec<f64>> = vec![Vec::new(); count];
    for &Candidate { a, b, .. } in &candidates {
        let edge_length = length(a, b);
        incident_lengths[a].push(edge_length);
        incident_lengths[b].push(edge_length);
    }
    let typical: Vec<f64> = incident_lengths
        .iter_mut()
        .map(|lengths| lower_tercile(lengths))
        .collect();

    let mut components = DisjointSet::new(count);
    let mut edges = Vec::with_capacity(candidates.len() + duplicate_links.len());
    for &(a, b) in &duplicate_links {
        components.union(a, b);
        edges.push(AdjacencyEdge {
            a,
            b,
            length_km: 0.0,
            is_sea_link: false,
        });
    }

    let mut dropped = Vec::new();
    for Candidate {
        a,
        b,
        passes_by_unit,
    } in candidates
    {
        let edge_length = length(a, b);
        let larger = typical[a].max(typical[b]);
        let smaller = typical[a].min(typical[b]);
        let too_long =
            edge_length > MAX_TYPICAL_FACTOR * larger || edge_length > MIN_TYPICAL_FACTOR * smaller;
        if passes_by_unit || too_long {
            dropped.push((edge_length, a, b));
        } else {
            components.union(a, b);
            edges.push(AdjacencyEdge {
                a,
                b,
                length_km: edge_length,
                is_sea_link: false,
            });
        }
    }

    // Kruskal over the dropped edges: each accepted edge is the shortest one joining
    // two different components.
    dropped.sort_by(|x, y| x.0.total_cmp(&y.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    for (edge_length, a, b) in dropped {
        if components.union(a, b) {
            edges.push(AdjacencyEdge {
                a,
                b,
                length_km: edge_length,
                is_sea_link: true,
            });
        }
    }

    // Points that the triangulation skipped (possible for near-duplicates) are still
    // isolated here. Join each remaining component to its nearest other point.
    while components.count > 1 {
        let (a, b) = nearest_pair_between_components(positions, &mut components);
        components.union(a, b);
        edges.push(AdjacencyEdge {
            a: a.min(b),
            b: a.max(b),
            length_km: length(a, b),
            is_sea_link: true,
        });
    }
    edges
}

/// Returns the closest pair of points (p, q) where p lies in the component of point 0
/// and q outside it. Quadratic, but only reached for degenerate input.
fn nearest_pair_between_components(
    positions: &[PlanarPoint],
    components: &mut DisjointSet,
) -> (usize, usize) {
    let root = components.find(0);
    let inside: Vec<bool> = (0..positions.len())
        .map(|i| components.find(i) == root)
        .collect();
    let mut best = (f64::INFINITY, 0, 0);
    for p in (0..positions.len()).filter(|&i| inside[i]) {
        for q in (0..positions.len()).filter(|&i| !inside[i]) {
            let distance = positions[p].squared_distance(positions[q]);
            if distance < best.0 {
                best = (distance, p, q);
            }
        }
    }
    (best.1, best.2)
}

/// Value at rank ⌊(m − 1) / 3⌋ of the m sorted `values`, or 0 when empty.
/// Reorders the slice.
fn lower_tercile(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    values[(values.len() - 1) / 3]
}

struct DisjointSet {
    parent: Vec<usize>,
    count: usize,
}

impl DisjointSet {
    fn new(size: usize) -> DisjointSet {
        DisjointSet {
            parent: (0..size).collect(),
            count: size,
        }
    }

    fn find(&mut self, mut item: usize) -> usize {
        while self.parent[item] != item {
            self.parent[item] = self.parent[self.parent[item]];
            item = self.parent[item];
        }
        item
    }

    /// Merges the sets of `a` and `b`, returning false when they were already one set.
    fn union(&mut self, a: usize, b: usize) -> bool {
        let root_a = self.find(a);
        let root_b = self.find(b);
        if root_a == root_b {
            return false;
        }
        self.parent[root_a.max(root_b)] = root_a.min(root_b);
        self.count -= 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, lat: f64, lon: f64) -> UnitPoint {
        UnitPoint {
            code: code.to_string(),
            lat,
            lon,
            weight: 1.0,
            area_km2: None,
        }
    }

    /// Grid of `rows` × `columns` points 0.01° apart on the equator, row by row.
    fn grid(rows: usize, columns: usize) -> Vec<UnitPoint> {
        let mut points = Vec::new();
        for row in 0..rows {
            for column in 0..columns {
                points.push(unit(
                    &format!("r{row}c{column}"),
                    row as f64 * 0.01,
                    column as f64 * 0.01,
                ));
            }
        }
        points
    }

    fn has_edge(adjacency: &Adjacency, a: usize, b: usize) -> bool {
        adjacency.neighbours(a).contains(&b)
    }

    #[test]
    fn grid_keeps_axis_neighbours() {
        let adjacency = Adjacency::build(&grid(4, 5));
        for row in 0..4 {
            for column in 0..5 {
                let index = row * 5 + column;
                if column + 1 < 5 {
                    assert!(
                        has_edge(&adjacency, index, index + 1),
                        "missing east edge of {index}"
                    );
                }
                if row + 1 < 4 {
                    assert!(
                        has_edge(&adjacency, index, index + 5),
                        "missing north edge of {index}"
                    );
                }
            }
        }
        assert!(adjacency.edges().iter().all(|edge| !edge.is_sea_link));
        assert!(
            !has_edge(&adjacency, 0, 2),
            "grid points two apart must not be adjacent"
        );
    }

    #[test]
    fn collinear_points_form_chain() {
        let points: Vec<UnitPoint> = [3, 0, 4, 1, 2]
            .iter()
            .map(|&step| {
                unit(
                    &format!("p{step}"),
                    10.0 + step as f64 * 0.02,
                    106.0 + step as f64 * 0.01,
                )
            })
            .collect();
        let adjacency = Adjacency::build(&points);
        let pairs: Vec<(usize, usize)> = adjacency
            .edges()
            .iter()
            .map(|edge| (edge.a, edge.b))
            .collect();
        // Input order is steps 3, 0, 4, 1, 2, so the chain 0-1-2-3-4 is 1-3, 3-4, 0-4, 0-2.
        assert_eq!(pairs, vec![(0, 2), (0, 4), (1, 3), (3, 4)]);
    }

    #[test]
    fn far_island_gets_one_sea_link() {
        let mut points = grid(5, 5);
        // About 100 km south of the grid, nearest to grid point 0 at (0, 0).
        points.push(unit("island", -0.9, 0.0));
        let adjacency = Adjacency::build(&points);
        let island = points.len() - 1;

        assert_eq!(adjacency.neighbours(island), &[0]);
        let link = adjacency
            .edges()
            .iter()
            .find(|edge| edge.b == island)
            .expect("island edge");
        assert!(link.is_sea_link);
        assert!(
            (link.length_km - 100.08).abs() < 0.1,
            "length {}",
            link.length_km
        );
        assert_eq!(
            adjacency
                .edges()
                .iter()
                .filter(|edge| edge.is_sea_link)
                .count(),
            1
        );
    }

    #[test]
    fn duplicate_points_are_joined() {
        let mut points = grid(3, 3);
        points.push(unit("copy of r1c1", 0.01, 0.01));
        let adjacency = Adjacency::build(&points);
        let copy = points.len() - 1;

        assert_eq!(adjacency.neighbours(copy), &[4]);
        let edge = adjacency
            .edges()
            .iter()
            .find(|edge| edge.b == copy)
            .expect("duplicate edge");
        assert_eq!(edge.length_km, 0.0);
        assert!(!edge.is_sea_link);
    }

    #[test]
    fn all_points_identical() {
        let points = vec![
            unit("a", 10.0, 106.0),
            unit("b", 10.0, 106.0),
            unit("c", 10.0, 106.0),
        ];
        let adjacency = Adjacency::build(&points);
        assert!(adjacency.is_connected_subset(&[0, 1, 2]));
    }

    #[test]
    fn tiny_inputs() {
        assert!(Adjacency::build(&[]).is_empty());
        let single = Adjacency::build(&[unit("a", 10.0, 106.0)]);
        assert_eq!(single.len(), 1);
        assert!(single.edges().is_empty());
        let pair = Adjacency::build(&[unit("a", 10.0, 106.0), unit("b", 10.1, 106.0)]);
        assert_eq!(pair.neighbours(0), &[1]);
    }

    #[test]
    fn connected_subset_checks() {
        let adjacency = Adjacency::build(&grid(3, 3));
        assert!(adjacency.is_connected_subset(&[0, 1, 2]));
        assert!(!adjacency.is_connected_subset(&[0, 8]));
        assert!(!adjacency.is_connected_subset(&[]));
    }

    #[test]
    fn try_build_rejects_nan() {
        let points = vec![unit("a", f64::NAN, 106.0)];
        assert!(matches!(
            Adjacency::try_build(&points),
            Err(ProposalError::InvalidCoordinates { .. })
        ));
    }
}
