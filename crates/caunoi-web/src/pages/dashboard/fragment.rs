//! The figures fragment of a dashboard: charts, their tables, the deadlines and the map.
//! Pages embed it, and the event streams send it again when the figures change.

use askama::Template;
use caunoi_core::report::Completeness;
use caunoi_db::dashboard::{ClusterFigures, Figures};

use super::model::{DashboardModel, DashboardTarget, Indicator};
use crate::charts::{self, Bar, ChartLabels, Series, StackedBar};
use crate::error::{AppError, AppResult};
use crate::i18n::{self, FluentArg, Locale};
use crate::map::{self, Colouring, MapLabels, MapUnit, Scale, ScaleClass};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// One cluster's row in the tables, with numbers already formatted.
pub(crate) struct ClusterRow {
    pub name: String,
    /// Link to the cluster's dashboard, on the department's dashboard only.
    pub href: Option<String>,
    pub recipients: String,
    pub acknowledged: String,
    pub ack_rate: String,
    pub overdue: String,
    /// Counts per completeness class, in [`Completeness::ALL`] order.
    pub completeness: Vec<String>,
    pub report_total: String,
    pub report_rate: String,
    pub open: String,
    pub under_3_days: String,
    pub from_3_to_7_days: String,
    pub over_7_days: String,
    pub oldest: String,
}

pub(crate) struct DeadlineRow {
    pub kind: String,
    pub title: String,
    pub href: String,
    pub deadline: String,
    pub recipients: String,
    pub owing: String,
}

pub(crate) struct CommuneRow {
    pub code: String,
    pub name: String,
    pub ack_rate: String,
    pub report_rate: String,
    pub open: String,
}

#[derive(Template)]
#[template(path = "dashboard/figures.html")]
pub(crate) struct FiguresFragment {
    pub locale: Locale,
    pub total: ClusterRow,
    pub ack_detail: String,
    pub clusters: Vec<ClusterRow>,
    pub completeness_names: Vec<String>,
    pub ack_chart: String,
    pub completeness_chart: String,
    pub requests_chart: String,
    pub deadlines: Vec<DeadlineRow>,
    pub communes: Vec<CommuneRow>,
    pub map_svg: String,
    pub map_heading: String,
    pub updated: String,
}

/// Renders the fragment of a model for a locale and map indicator.
pub(crate) fn render(
    model: &DashboardModel,
    target: &DashboardTarget,
    locale: Locale,
    indicator: Indicator,
) -> AppResult<String> {
    let figures = &model.figures;
    // Rows link to the clusters' own dashboards the viewer may open.
    let linked = |id: i64| {
        target.cluster.is_none()
            && (target.visibility.whole_province || target.visibility.clusters.contains(&id))
    };
    let clusters: Vec<ClusterRow> = figures.clusters.iter().map(|c| cluster_row(locale, c, &linked, model.computed_at)).collect();
    let total = row(locale, locale.t("dash-total"), None, &figures.total, model.computed_at);
    let ack_detail = locale.t_args(
        "dash-card-ack-detail",
        &[
            ("acknowledged", FluentArg::Text(total.acknowledged.clone())),
            ("recipients", FluentArg::Text(total.recipients.clone())),
            ("overdue", FluentArg::Text(total.overdue.clone())),
        ],
    );
    let fragment = FiguresFragment {
        locale,
        ack_detail,
        ack_chart: ack_chart(locale, &figures.clusters),
        completeness_chart: completeness_chart(locale, &figures.clusters),
        requests_chart: requests_chart(locale, &figures.clusters),
        completeness_names: Completeness::ALL.iter().map(|c| locale.tp("dash-completeness", c.as_str())).collect(),
        deadlines: figures.deadlines.iter().map(|d| DeadlineRow {
            kind: locale.tp("dash-deadline-kind", &d.kind),
            title: d.title.clone(),
            href: match d.kind.as_str() {
                "directive" => format!("/directives/{}", d.id),
                _ => format!("/reports/{}/completeness", d.id),
            },
            deadline: i18n::datetime(d.deadline_at),
            recipients: locale.int(d.recipients),
            owing: locale.int(d.owing),
        }).collect(),
        communes: figures.communes.iter().map(|c| CommuneRow {
            code: c.code.clone(),
            name: c.name.clone(),
            ack_rate: rate(locale, c.figures.acknowledgement.rate()),
            report_rate: rate(locale, c.figures.completeness.rate()),
            open: locale.int(c.figures.requests.open),
        }).collect(),
        map_svg: commune_map(model, locale, indicator),
        map_heading: locale.tp("dash-map-heading", indicator.as_str()),
        updated: locale.t1("dash-updated", "time", &i18n::datetime(model.computed_at)),
        total,
        clusters,
    };
    fragment.render().map_err(AppError::internal)
}

fn cluster_name(locale: Locale, cluster: &ClusterFigures) -> String {
    cluster.name.clone().unwrap_or_else(|| locale.t("dash-no-cluster"))
}

fn cluster_row(locale: Locale, cluster: &ClusterFigures, linked: &dyn Fn(i64) -> bool, now: i64) -> ClusterRow {
    let href = cluster.cluster_id.filter(|id| linked(*id)).map(|id| format!("/clusters/{id}/dashboard"));
    row(locale, cluster_name(locale, cluster), href, &cluster.figures, now)
}

fn row(locale: Locale, name: String, href: Option<String>, figures: &Figures, now: i64) -> ClusterRow {
    let ack = &figures.acknowledgement;
    let reports = &figures.completeness;
    let requests = &figures.requests;
    ClusterRow {
        name,
        href,
        recipients: locale.int(ack.recipients),
        acknowledged: locale.int(ack.acknowledged),
        ack_rate: rate(locale, ack.rate()),
        overdue: locale.int(ack.overdue),
        completeness: Completeness::ALL.iter().map(|c| locale.int(reports.get(*c))).collect(),
        report_total: locale.int(reports.total()),
        report_rate: rate(locale, reports.rate()),
        open: locale.int(requests.open),
        under_3_days: locale.int(requests.under_3_days),
        from_3_to_7_days: locale.int(requests.from_3_to_7_days),
        over_7_days: locale.int(requests.over_7_days),
        oldest: match requests.oldest_created_at {
            Some(at) => locale.t_args("dash-age-days", &[("days", FluentArg::Number((now - at).max(0) / DAY_MS))]),
            None => "–".to_owned(),
        },
    }
}

/// Formats a percentage with one decimal, or a dash when there is nothing to divide.
fn rate(locale: Locale, value: Option<f64>) -> String {
    match value {
        Some(value) => format!("{} %", locale.decimal(value, 1)),
        None => "–".to_owned(),
    }
}

fn ack_chart(locale: Locale, clusters: &[ClusterFigures]) -> String {
    let bars: Vec<Bar> = clusters
        .iter()
        .map(|c| {
            let ack = &c.figures.acknowledgement;
            Bar {
                label: cluster_name(locale, c),
                value: ack.rate().unwrap_or(0.0),
                value_label: rate(locale, ack.rate()),
                href: None,
            }
        })
        .collect();
    let labels = ChartLabels {
        id: "dash-ack-chart".into(),
        title: locale.t("dash-ack-heading"),
        description: locale.t("dash-ack-description"),
    };
    charts::horizontal_bars(&labels, &bars, 100.0)
}

fn completeness_chart(locale: Locale, clusters: &[ClusterFigures]) -> String {
    let series: Vec<Series> = Completeness::ALL
        .iter()
        .zip(charts::COMPLETENESS_FILLS)
        .map(|(class, fill)| Series { name: locale.tp("dash-completeness", class.as_str()), fill: fill.to_owned() })
        .collect();
    let bars: Vec<StackedBar> = clusters
        .iter()
        .map(|c| {
            let reports = &c.figures.completeness;
            StackedBar {
                label: cluster_name(locale, c),
                values: Completeness::ALL.iter().map(|class| reports.get(*class) as f64).collect(),
                total_label: locale.t_args(
                    "dash-completeness-total",
                    &[
                        ("submitted", FluentArg::Number(reports.submitted())),
                        ("total", FluentArg::Number(reports.total())),
                        ("rate", FluentArg::Text(rate(locale, reports.rate()))),
                    ],
                ),
                href: None,
            }
        })
        .collect();
    let labels = ChartLabels {
        id: "dash-completeness-chart".into(),
        title: locale.t("dash-completeness-heading"),
        description: locale.t("dash-completeness-description"),
    };
    charts::stacked_bars(&labels, &series, &bars)
}

fn requests_chart(locale: Locale, clusters: &[ClusterFigures]) -> String {
    let bars: Vec<Bar> = clusters
        .iter()
        .map(|c| {
            let requests = &c.figures.requests;
            Bar {
                label: cluster_name(locale, c),
                value: requests.open as f64,
                value_label: locale.int(requests.open),
                href: None,
            }
        })
        .collect();
    let labels = ChartLabels {
        id: "dash-requests-chart".into(),
        title: locale.t("dash-requests-heading"),
        description: locale.t("dash-requests-description"),
    };
    charts::horizontal_bars(&labels, &bars, 0.0)
}

/// Fixed classes for percentages, so colours mean the same on every dashboard.
fn percent_scale(title: String) -> Scale {
    let classes = [20.0, 40.0, 60.0, 80.0, 100.0]
        .into_iter()
        .map(|upper: f64| ScaleClass { upper, label: format!("≤ {} %", upper as i64) })
        .collect();
    Scale { title, classes }
}

fn commune_map(model: &DashboardModel, locale: Locale, indicator: Indicator) -> String {
    let value_of = |code: &str| -> Option<f64> {
        let figures = &model.figures.communes.iter().find(|c| c.code == code)?.figures;
        match indicator {
            Indicator::Acknowledgement => figures.acknowledgement.rate(),
            Indicator::Completeness => figures.completeness.rate(),
            Indicator::Requests => Some(figures.requests.open as f64),
        }
    };
    let units: Vec<MapUnit> = model
        .map_communes
        .iter()
        .map(|commune| {
            let value = value_of(&commune.code);
            let shown = match (indicator, value) {
                (_, None) => locale.t("dash-map-no-data"),
                (Indicator::Requests, Some(v)) => locale.int(v as i64),
                (_, Some(v)) => rate(locale, Some(v)),
            };
            MapUnit {
                name: commune.name.clone(),
                short_name: commune.short_name.clone(),
                lat: commune.lat,
                lon: commune.lon,
                area_km2: commune.area_km2,
                href: format!("/communes/{}", commune.code),
                details: vec![shown],
                group: None,
                value,
            }
        })
        .collect();
    let title = locale.tp("dash-map-heading", indicator.as_str());
    let scale = match indicator {
        Indicator::Requests => {
            let values: Vec<f64> = units.iter().filter_map(|u| u.value).collect();
            Scale::quantiles(title.clone(), &values, |v| locale.int(v as i64))
        }
        _ => percent_scale(title.clone()),
    };
    let labels = MapLabels {
        id: "dash-map".into(),
        title,
        description: locale.t("dash-map-description"),
        missing: locale.t("dash-map-no-data"),
        inset_note: locale.t("map-inset-note"),
    };
    map::commune_map(&units, &Colouring::Scale(scale), &labels)
}
