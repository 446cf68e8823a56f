//! Splitting the aggregated flow back onto teachers.
//!
//! Any split is feasible and leaves the covered periods and the cost unchanged,
//! because the teachers of a group share a school and their qualifications. Among the
//! splits, this one tries to send each teacher to few schools. It is a greedy
//! heuristic: it does not minimise the number of schools per teacher.

use std::collections::BTreeMap;

use super::network::RecommendNetwork;
use super::{Assignment, SpareTeacher};

/// Flow of one group to one school-to-school edge.
struct Piece {
    group: usize,
    transfer: usize,
    periods: i64,
}

impl RecommendNetwork {
    /// Splits the flow found on this network onto the `teachers` it was built from,
    /// one assignment per teacher, school and subject.
    pub fn assignments(&self, teachers: &[SpareTeacher]) -> Vec<Assignment> {
        assign_teachers(self, teachers)
    }
}

fn assign_teachers(built: &RecommendNetwork, teachers: &[SpareTeacher]) -> Vec<Assignment> {
    let mut merged: BTreeMap<(i64, usize, usize), Assignment> = BTreeMap::new();
    let mut remaining: Vec<i64> = teachers.iter().map(|teacher| i64::from(teacher.spare_periods)).collect();
    let mut destinations: Vec<Vec<usize>> = vec![Vec::new(); teachers.len()];

    let mut pieces = pieces_by_group(built);
    pieces.sort_by_key(|piece| (piece.group, -piece.periods, piece.transfer));
    for piece in pieces {
        let transfer = built.transfers[piece.transfer];
        let supply = built.supplies[transfer.supply];
        let members = &built.groups[piece.group].teachers;
        let mut left = piece.periods;
        while left > 0 {
            let teacher = choose_teacher(members, &remaining, &destinations, transfer.to_school, left);
            let periods = left.min(remaining[teacher]);
            remaining[teacher] -= periods;
            left -= periods;
            if !destinations[teacher].contains(&transfer.to_school) {
                destinations[teacher].push(transfer.to_school);
            }
            let entry = merged.entry((teachers[teacher].id, transfer.to_school, supply.subject as usize)).or_insert(Assignment {
                teacher_id: teachers[teacher].id,
                from_school_id: built.school_ids[supply.school],
                to_school_id: built.school_ids[transfer.to_school],
                subject: supply.subject,
                periods: 0,
                distance_km: transfer.distance_km,
            });
            entry.periods += periods as u32;
        }
    }
    merged.into_values().collect()
}

/// Matches, at every supply node, the flow arriving from groups with the flow leaving
/// to schools, largest first.
fn pieces_by_group(built: &RecommendNetwork) -> Vec<Piece> {
    let network = &built.network;
    let mut inflows: Vec<Vec<(usize, i64)>> = vec![Vec::new(); built.supplies.len()];
    for edge in &built.group_edges {
        let flow = network.flow_on(edge.edge);
        if flow > 0 {
            inflows[edge.supply].push((edge.group, flow));
        }
    }
    let mut outflows: Vec<Vec<(usize, i64)>> = vec![Vec::new(); built.supplies.len()];
    for (index, transfer) in built.transfers.iter().enumerate() {
        let flow = network.flow_on(transfer.edge);
        if flow > 0 {
            outflows[transfer.supply].push((index, flow));
        }
    }

    let mut pieces = Vec::new();
    for (mut arriving, mut leaving) in inflows.into_iter().zip(outflows) {
        arriving.sort_by_key(|&(group, flow)| (-flow, group));
        leaving.sort_by_key(|&(transfer, flow)| (-flow, transfer));
        let mut arriving = arriving.into_iter().peekable();
        for (transfer, mut flow) in leaving {
            while flow > 0 {
                let Some((group, available)) = arriving.peek_mut() else { break };
                let periods = flow.min(*available);
                pieces.push(Piece { group: *group, transfer, periods });
                flow -= periods;
                *available -= periods;
                if *available == 0 {
                    arriving.next();
                }
            }
        }
    }
    pieces
}

/// Picks the teacher for `periods` at `to_school`. The first choice is a teacher
/// already going there with room for all of it, then an unused teacher with room, then
/// anyone with room, each time the one whose room fits most tightly. Failing all of
/// those, it is the teacher with the most room left.
fn choose_teacher(members: &[usize], remaining: &[i64], destinations: &[Vec<usize>], to_school: usize, periods: i64) -> usize {
    let fitting = |accept: &dyn Fn(usize) -> bool| {
        members.iter().copied().filter(|&t| remaining[t] >= periods && accept(t)).min_by_key(|&t| (remaining[t], t))
    };
    fitting(&|t| destinations[t].contains(&to_school))
        .or_else(|| fitting(&|t| destinations[t].is_empty()))
        .or_else(|| fitting(&|_| true))
        .unwrap_or_else(|| {
            let roomiest = members.iter().copied().filter(|&t| remaining[t] > 0).max_by_key(|&t| (remaining[t], std::cmp::Reverse(t)));
            roomiest.expect("a group's flow never exceeds its teachers' spare periods")
        })
}
