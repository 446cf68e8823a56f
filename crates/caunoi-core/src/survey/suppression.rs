//! The small-group rule of survey results: no result of fewer than
//! [`MIN_RESPONDENTS`] people is ever shown, directly or by subtracting one shown
//! result from another.
//!
//! The rule works on cells. A cell is one survey, the finest unit any screen groups
//! by. Every grouping (per activity, presenter, topic, cluster or semester) is a union
//! of whole cells. A cell counts towards results only when it is *publishable*: closed,
//! and answered by at least [`MIN_RESPONDENTS`] people. A group shows the sum of its
//! publishable cells and leaves the others out entirely, so a group whose publishable
//! cells are all left out is hidden.
//!
//! This is stricter than complementary suppression and needs no search for the
//! siblings to hide. Any sum or difference of shown groups (A minus B, or A minus B
//! minus C for disjoint subgroups) is a sum of whole publishable cells with
//! coefficients, and each cell has at least five respondents. Subtraction therefore
//! can isolate at most one whole cell, which is itself allowed to be shown. The price is
//! that a survey with one to four answers adds nothing to any total, and the screens
//! say how many surveys were left out.
//!
//! Results wait for the close: while a survey is open, comparing its results before
//! and after one more answer would reveal that answer, because that is a group of one.
//! For the same reason a closed survey never reopens (`caunoi_db::surveys::update`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::SCALE_POINTS;

/// Minimum number of respondents a shown result may come from.
pub const MIN_RESPONDENTS: i64 = 5;

/// Returns whether a survey's answers may count towards any result.
pub fn is_publishable(respondents: i64, closed: bool) -> bool {
    closed && respondents >= MIN_RESPONDENTS
}

/// Counts of the points 1 to 5 given to rating questions. Index 0 is point 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally(pub [i64; SCALE_POINTS]);

impl Tally {
    /// Adds `count` ratings of `point`. A point outside 1 to 5 is ignored.
    pub fn add_point(&mut self, point: i64, count: i64) {
        if let Some(slot) = usize::try_from(point - 1).ok().and_then(|index| self.0.get_mut(index)) {
            *slot += count;
        }
    }

    pub fn add(&mut self, other: &Tally) {
        for (slot, count) in self.0.iter_mut().zip(other.0) {
            *slot += count;
        }
    }

    pub fn total(&self) -> i64 {
        self.0.iter().sum()
    }

    /// Returns the mean point, or `None` without ratings.
    pub fn mean(&self) -> Option<f64> {
        let total = self.total();
        let weighted: i64 = self.0.iter().enumerate().map(|(index, count)| (index as i64 + 1) * count).sum();
        (total > 0).then(|| weighted as f64 / total as f64)
    }
}

/// One survey as the unit of grouping: the groups it belongs to in one grouping, its
/// respondents and its pooled ratings.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell<K> {
    /// Keys of the groups the survey belongs to, such as its presenters. A survey may
    /// belong to several groups of one grouping, or to none.
    pub keys: Vec<K>,
    pub respondents: i64,
    pub closed: bool,
    pub tally: Tally,
}

impl<K> Cell<K> {
    pub fn publishable(&self) -> bool {
        is_publishable(self.respondents, self.closed)
    }
}

/// One group of a grouping, after the rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group<K> {
    pub key: K,
    /// Indexes of the cells that count, in the order given.
    pub included: Vec<usize>,
    /// Cells of the group left out: still open, or answered by one to four people.
    pub left_out: usize,
    /// Respondents of the included cells.
    pub respondents: i64,
    pub tally: Tally,
}

impl<K> Group<K> {
    /// Returns whether the group has a result to show.
    pub fn shown(&self) -> bool {
        !self.included.is_empty()
    }
}

/// Groups cells by key, in key order, applying the rule. A key repeated within one
/// cell counts that cell once.
pub fn group<K: Ord + Clone>(cells: &[Cell<K>]) -> Vec<Group<K>> {
    let mut groups: BTreeMap<K, Group<K>> = BTreeMap::new();
    for (index, cell) in cells.iter().enumerate() {
        let mut keys: Vec<&K> = cell.keys.iter().collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let group = groups.entry(key.clone()).or_insert_with(|| Group {
                key: key.clone(),
                included: Vec::new(),
                left_out: 0,
                respondents: 0,
                tally: Tally::default(),
            });
            if cell.publishable() {
                group.included.push(index);
                group.respondents += cell.respondents;
                group.tally.add(&cell.tally);
            } else {
                group.left_out += 1;
            }
        }
    }
    groups.into_values().collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// A small deterministic generator (64-bit LCG, Knuth's constants), so that the
    /// property tests are reproducible without a dependency.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, bound: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (self.0 >> 33) % bound
        }
    }

    fn random_cells(rng: &mut Lcg, keys: u64) -> Vec<Cell<u64>> {
        let count = 1 + rng.below(12) as usize;
        (0..count)
            .map(|_| {
                let respondents = rng.below(12) as i64;
                let mut tally = Tally::default();
                for _ in 0..respondents {
                    tally.add_point(1 + rng.below(5) as i64, 1);
                }
                let key_count = rng.below(3);
                Cell {
                    keys: (0..key_count).map(|_| rng.below(keys)).collect(),
                    respondents,
                    closed: rng.below(4) != 0,
                    tally,
                }
            })
            .collect()
    }

    fn respondents_of(cells: &[Cell<u64>], set: &BTreeSet<usize>) -> i64 {
        set.iter().map(|index| cells[*index].respondents).sum()
    }

    fn cell(keys: &[u64], respondents: i64, closed: bool) -> Cell<u64> {
        let mut tally = Tally::default();
        tally.add_point(4, respondents);
        Cell { keys: keys.to_vec(), respondents, closed, tally }
    }

    #[test]
    fn small_survey_is_hidden() {
        let groups = group(&[cell(&[1], 4, true)]);
        assert!(!groups[0].shown());
        assert_eq!(groups[0].left_out, 1);
        assert_eq!(groups[0].tally, Tally::default());
    }

    #[test]
    fn open_survey_is_hidden() {
        let groups = group(&[cell(&[1], 30, false)]);
        assert!(!groups[0].shown());
    }

    #[test]
    fn subtraction_cannot_reveal_small_survey() {
        // Presenter 1 ran surveys of 10 and 3 answers, presenter 2 only the one of 10.
        // Without the rule, presenter 1 minus presenter 2 would show the 3 answers.
        let cells = [cell(&[1, 2], 10, true), cell(&[1], 3, true)];
        let groups = group(&cells);
        assert_eq!(groups[0].respondents, 10);
        assert_eq!(groups[1].respondents, 10);
        assert_eq!(groups[0].tally, groups[1].tally);
        assert_eq!(groups[0].left_out, 1);
    }

    #[test]
    fn repeated_key_counts_once() {
        let groups = group(&[cell(&[7, 7], 6, true)]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].respondents, 6);
    }

    #[test]
    fn tally_mean_and_bounds() {
        let mut tally = Tally::default();
        tally.add_point(5, 2);
        tally.add_point(2, 2);
        tally.add_point(9, 1);
        assert_eq!(tally.total(), 4);
        assert_eq!(tally.mean(), Some(3.5));
        assert_eq!(Tally::default().mean(), None);
    }

    /// Property: on random cells and groupings, every shown group has at least five
    /// respondents and its totals are the sums of publishable cells only. Every
    /// difference of shown groups (A minus B, and A minus B minus C) covers either no
    /// respondent or at least five.
    #[test]
    fn property_no_small_group_by_difference() {
        let mut rng = Lcg(0x5eed_cafe);
        for _ in 0..2_000 {
            let cells = random_cells(&mut rng, 5);
            let groups = group(&cells);
            let shown: Vec<BTreeSet<usize>> =
                groups.iter().filter(|g| g.shown()).map(|g| g.included.iter().copied().collect()).collect();
            for g in groups.iter().filter(|g| g.shown()) {
                assert!(g.respondents >= MIN_RESPONDENTS, "{g:?}");
                assert!(g.included.iter().all(|index| cells[*index].publishable()), "{g:?}");
                let mut tally = Tally::default();
                for index in &g.included {
                    tally.add(&cells[*index].tally);
                }
                assert_eq!(tally, g.tally);
            }
            for a in &shown {
                for b in &shown {
                    let rest: BTreeSet<usize> = a.difference(b).copied().collect();
                    let count = respondents_of(&cells, &rest);
                    assert!(count == 0 || count >= MIN_RESPONDENTS, "A {a:?} minus B {b:?} leaves {count}");
                    for c in &shown {
                        let rest: BTreeSet<usize> = rest.difference(c).copied().collect();
                        let count = respondents_of(&cells, &rest);
                        assert!(count == 0 || count >= MIN_RESPONDENTS, "A {a:?} minus B {b:?} minus C {c:?} leaves {count}");
                    }
                }
            }
        }
    }

    /// Property: a cell is counted in a group exactly when it is publishable and has
    /// the group's key, and every key of a cell gets a group.
    #[test]
    fn property_membership_is_exact() {
        let mut rng = Lcg(42);
        for _ in 0..2_000 {
            let cells = random_cells(&mut rng, 4);
            let groups = group(&cells);
            for (index, cell) in cells.iter().enumerate() {
                for key in &cell.keys {
                    let group = groups.iter().find(|g| g.key == *key).expect("every key has a group");
                    assert_eq!(group.included.contains(&index), cell.publishable());
                }
            }
            for g in &groups {
                let members = cells.iter().filter(|c| c.keys.contains(&g.key)).count();
                assert_eq!(g.included.len() + g.left_out, members);
            }
        }
    }
}
