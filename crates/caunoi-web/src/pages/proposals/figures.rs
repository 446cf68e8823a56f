//! Unit points of a province's communes and the balance, compactness and contiguity
//! figures of an assignment, formatted for display.

use std::collections::HashMap;

use caunoi_core::clustering::{Adjacency, ProposalError, ProposalMetrics, UnitPoint, try_evaluate};
use caunoi_db::communes::Commune;

use crate::i18n::Locale;

/// Quantity that the clusters are balanced by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightBasis {
    /// The number of schools in each commune. Communes without schools weigh 0. The
    /// search accepts that, and they still count for compactness and contiguity.
    Schools,
    /// One per commune, used when no school of the province is linked to a commune yet,
    /// because the search rejects a total weight of 0.
    Communes,
}

/// Builds one point per commune in the given order, weighted by its school count, or
/// by 1 each when the province has no school linked to a commune.
pub fn unit_points(communes: &[&Commune], school_counts: &HashMap<String, i64>) -> (Vec<UnitPoint>, WeightBasis) {
    let schools = |commune: &Commune| school_counts.get(&commune.code).copied().unwrap_or(0);
    let total: i64 = communes.iter().map(|commune| schools(commune)).sum();
    let basis = if total > 0 { WeightBasis::Schools } else { WeightBasis::Communes };
    let points = communes
        .iter()
        .map(|commune| UnitPoint {
            code: commune.code.clone(),
            lat: commune.lat,
            lon: commune.lon,
            weight: match basis {
                WeightBasis::Schools => schools(commune) as f64,
                WeightBasis::Communes => 1.0,
            },
            area_km2: commune.area_km2,
        })
        .collect();
    (points, basis)
}

/// The figures of one assignment: the metrics of the clustering module plus the school
/// count of every cluster.
pub struct Evaluation {
    pub metrics: ProposalMetrics,
    pub basis: WeightBasis,
    pub schools: Vec<i64>,
}

/// Evaluates `assignment` (cluster index of each commune, in the order of `communes`)
/// for `k` clusters. The adjacency graph is rebuilt from the coordinates, as `propose`
/// builds it, so contiguity means the same as in the proposal.
pub fn evaluate(
    communes: &[&Commune],
    assignment: &[usize],
    k: usize,
    school_counts: &HashMap<String, i64>,
) -> Result<Evaluation, ProposalError> {
    let (points, basis) = unit_points(communes, school_counts);
    let adjacency = Adjacency::try_build(&points)?;
    let metrics = try_evaluate(&points, &adjacency, assignment, k)?;
    let mut schools = vec![0; k];
    for (commune, &cluster) in communes.iter().zip(assignment) {
        schools[cluster] += school_counts.get(&commune.code).copied().unwrap_or(0);
    }
    Ok(Evaluation { metrics, basis, schools })
}

/// Formats a relative deviation such as −0.125 as `-12,5%`, with `+` above the mean.
pub fn deviation_percent(locale: Locale, relative_deviation: f64) -> String {
    let formatted = locale.decimal(relative_deviation * 100.0, 1);
    if relative_deviation > 0.0 && formatted.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{formatted}%")
    } else {
        format!("{formatted}%")
    }
}

/// Formats a distance in km with one decimal.
pub fn kilometres(locale: Locale, km: f64) -> String {
    if km.is_finite() { format!("{} km", locale.decimal(km, 1)) } else { "—".to_owned() }
}

/// Formats the max/min ratio of cluster weights, which is infinite when a cluster weighs 0.
pub fn balance_ratio(locale: Locale, ratio: f64) -> String {
    if ratio.is_finite() { locale.decimal(ratio, 2) } else { locale.t("proposals-ratio-infinite") }
}

/// Formats a coefficient of variation as a percentage.
pub fn coefficient_of_variation(locale: Locale, cv: f64) -> String {
    format!("{}%", locale.decimal(cv * 100.0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(code: &str, lat: f64, lon: f64) -> Commune {
        Commune {
            code: code.into(),
            province_code: "79".into(),
            name: format!("Phường {code}"),
            short_name: code.into(),
            kind: "ward".into(),
            lat,
            lon,
            area_km2: None,
            population: None,
            school_count: 0,
        }
    }

    #[test]
    fn weights_fall_back_to_communes() {
        let communes = [commune("1", 10.0, 106.0), commune("2", 10.01, 106.0)];
        let refs: Vec<&Commune> = communes.iter().collect();

        let (points, basis) = unit_points(&refs, &HashMap::new());

        assert_eq!(basis, WeightBasis::Communes);
        assert!(points.iter().all(|point| point.weight == 1.0));
    }

    #[test]
    fn weights_keep_zero_school_communes() {
        let communes = [commune("1", 10.0, 106.0), commune("2", 10.01, 106.0)];
        let refs: Vec<&Commune> = communes.iter().collect();
        let counts = HashMap::from([("2".to_owned(), 3)]);

        let (points, basis) = unit_points(&refs, &counts);

        assert_eq!(basis, WeightBasis::Schools);
        assert_eq!(points[0].weight, 0.0);
        assert_eq!(points[1].weight, 3.0);
    }

    #[test]
    fn deviation_has_sign() {
        assert_eq!(deviation_percent(Locale::Vi, 0.125), "+12,5%");
        assert_eq!(deviation_percent(Locale::Vi, -0.5), "-50,0%");
        assert_eq!(deviation_percent(Locale::Vi, 0.0), "0,0%");
        assert_eq!(deviation_percent(Locale::Vi, 0.00001), "0,0%");
    }
}
