//! Server-rendered SVG charts: horizontal bars and stacked (100%) bars.
//!
//! Each chart is plain SVG with presentation attributes, a `<title>` and a `<desc>`, and
//! no script or inline style, as the Content-Security-Policy requires. The viewBox is
//! 360 units wide and every row puts its label on a line of its own above the bar, so a
//! chart stays legible on a 360 px phone and long Vietnamese names are never cut. Give
//! the `<svg>` the CSS class `chart` (`width: 100%; height: auto`). Screen readers get the
//! title and description only, so pages must show the same numbers in a table.

use std::fmt::Write;

/// Width of the viewBox. Fonts and bars are sized for this width.
const WIDTH: f64 = 360.0;
/// Horizontal margin on both sides.
const MARGIN: f64 = 4.0;
/// Room kept right of the longest bar for its value label.
const VALUE_ROOM: f64 = 64.0;
const FONT: f64 = 13.0;
const LABEL_HEIGHT: f64 = 17.0;
const BAR_HEIGHT: f64 = 16.0;
const ROW_GAP: f64 = 9.0;
const INK: &str = "#1d2733";
const MUTED: &str = "#5b6776";
/// Default fill of plain bars (the brand blue).
pub const BAR_FILL: &str = "#2f6fb3";

/// Fills of the six report completeness statuses, in the order not started, draft,
/// submitted on time, late, returned, accepted. Neighbouring statuses differ in lightness
/// as well as hue, so the stack still reads in greyscale.
pub const COMPLETENESS_FILLS: [&str; 6] = ["#d5dbe3", "#9ecae1", "#41ab5d", "#f39c12", "#c0392b", "#08519c"];

/// Texts of a chart, all from the caller's locale.
#[derive(Debug, Clone)]
pub struct ChartLabels {
    /// Prefix of the element ids, unique on the page, such as `ack-chart`.
    pub id: String,
    pub title: String,
    pub description: String,
}

/// One row of a horizontal bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Row label written above the bar, such as a cluster name.
    pub label: String,
    /// Bar length relative to the chart's maximum. Negative and non-finite values draw
    /// an empty bar.
    pub value: f64,
    /// Text written right of the bar, such as "87,5 %".
    pub value_label: String,
    /// Optional link of the row.
    pub href: Option<String>,
}

/// One series (segment colour) of a stacked bar chart.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    /// An SVG colour such as `#41ab5d`.
    pub fill: String,
}

/// One row of a stacked bar chart: a count per series, drawn as shares of the row total.
#[derive(Debug, Clone)]
pub struct StackedBar {
    pub label: String,
    /// One count per series, in the order of the chart's series.
    pub values: Vec<f64>,
    /// Text written under the bar, such as "120 trường".
    pub total_label: String,
    pub href: Option<String>,
}

/// Renders horizontal bars scaled so that `max` fills the width. A `max` of zero or less
/// scales to the largest value, and an empty `bars` draws the description only.
pub fn horizontal_bars(labels: &ChartLabels, bars: &[Bar], max: f64) -> String {
    let max = if max > 0.0 && max.is_finite() {
        max
    } else {
        bars.iter().map(|bar| bar.value).filter(|v| v.is_finite()).fold(0.0, f64::max)
    };
    let track = WIDTH - 2.0 * MARGIN - VALUE_ROOM;
    let row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP;
    let height = (bars.len() as f64 * row_height).max(row_height);

    let mut out = open_svg(labels, height, "chart chart-bars");
    for (index, bar) in bars.iter().enumerate() {
        let top = index as f64 * row_height;
        let length = if max > 0.0 && bar.value.is_finite() && bar.value > 0.0 {
            (bar.value.min(max) / max * track).max(1.0)
        } else {
            0.0
        };
        open_row(&mut out, bar.href.as_deref(), &format!("{}: {}", bar.label, bar.value_label));
        write_label(&mut out, &bar.label, top);
        let bar_top = top + LABEL_HEIGHT;
        // A faint track shows the full scale, so short bars still read as a share.
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eef2f6\"/>",
            number(MARGIN),
            number(bar_top),
            number(track),
            number(BAR_HEIGHT)
        );
        if length > 0.0 {
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{BAR_FILL}\"/>",
                number(MARGIN),
                number(bar_top),
                number(length),
                number(BAR_HEIGHT)
            );
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{INK}\">{}</text>",
            number(MARGIN + track + 6.0),
            number(bar_top + BAR_HEIGHT - 3.0),
            number(FONT),
            escape(&bar.value_label)
        );
        close_row(&mut out, bar.href.is_some());
    }
    out.push_str("</svg>");
    out
}

/// Renders 100% stacked bars, one per row, with a legend of the series on top. Each
/// segment has hover text with the series name and count. A row whose total is zero
/// draws an empty track.
pub fn stacked_bars(labels: &ChartLabels, series: &[Series], bars: &[StackedBar]) -> String {
    let track = WIDTH - 2.0 * MARGIN;
    let legend = legend_layout(series);
    let legend_height = legend.last().map(|item| item.y + LABEL_HEIGHT).unwrap_or(0.0) + ROW_GAP;
    let row_height = LABEL_HEIGHT + BAR_HEIGHT + LABEL_HEIGHT + ROW_GAP;
    let height = legend_height + (bars.len() as f64 * row_height).max(row_height);

    let mut out = open_svg(labels, height, "chart chart-stacked");
    out.push_str("<g class=\"chart-legend\">");
    for (item, serie) in legend.iter().zip(series) {
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"11\" height=\"11\" fill=\"{}\" stroke=\"{MUTED}\" stroke-width=\"0.5\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{INK}\">{}</text>",
            number(item.x),
            number(item.y + 2.0),
            escape(&serie.fill),
            number(item.x + 15.0),
            number(item.y + 12.0),
            number(FONT - 1.0),
            escape(&serie.name)
        );
    }
    out.push_str("</g>");

    for (index, bar) in bars.iter().enumerate() {
        let top = legend_height + index as f64 * row_height;
        let total: f64 = bar.values.iter().copied().filter(|v| v.is_finite() && *v > 0.0).sum();
        open_row(&mut out, bar.href.as_deref(), &format!("{}: {}", bar.label, bar.total_label));
        write_label(&mut out, &bar.label, top);
        let bar_top = top + LABEL_HEIGHT;
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eef2f6\"/>",
            number(MARGIN),
            number(bar_top),
            number(track),
            number(BAR_HEIGHT)
        );
        if total > 0.0 {
            let mut x = MARGIN;
            for (value, serie) in bar.values.iter().zip(series) {
                if !value.is_finite() || *value <= 0.0 {
                    continue;
                }
                let width = value / total * track;
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>",
                    number(x),
                    number(bar_top),
                    number(width),
                    number(BAR_HEIGHT),
                    escape(&serie.fill),
                    escape(&serie.name),
                    number(*value)
                );
                x += width;
            }
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{MUTED}\">{}</text>",
            number(MARGIN),
            number(bar_top + BAR_HEIGHT + LABEL_HEIGHT - 4.0),
            number(FONT - 1.0),
            escape(&bar.total_label)
        );
        close_row(&mut out, bar.href.is_some());
    }
    out.push_str("</svg>");
    out
}

struct LegendItem {
    x: f64,
    y: f64,
}

/// Places legend entries left to right, wrapping to a new line when an entry would pass
/// the right edge.
fn legend_layout(series: &[Series]) -> Vec<LegendItem> {
    let mut items = Vec::with_capacity(series.len());
    let (mut x, mut y) = (MARGIN, 0.0);
    for serie in series {
        let width = 15.0 + text_width(&serie.name, FONT - 1.0) + 12.0;
        if x > MARGIN && x + width > WIDTH - MARGIN {
            x = MARGIN;
            y += LABEL_HEIGHT;
        }
        items.push(LegendItem { x, y });
        x += width;
    }
    items
}

/// Returns a rough text width: 0.55 em per character, enough for wrapping decisions.
fn text_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * font * 0.55
}

fn open_svg(labels: &ChartLabels, height: f64, class: &str) -> String {
    let id = escape(&labels.id);
    format!(
        "<svg class=\"{class}\" id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        number(WIDTH),
        number(height),
        escape(&labels.title),
        escape(&labels.description)
    )
}

fn open_row(out: &mut String, href: Option<&str>, hover: &str) {
    match href {
        Some(href) => {
            let _ = write!(out, "<a href=\"{}\"><title>{}</title>", escape(href), escape(hover));
        }
        None => {
            let _ = write!(out, "<g><title>{}</title>", escape(hover));
        }
    }
}

fn close_row(out: &mut String, linked: bool) {
    out.push_str(if linked { "</a>" } else { "</g>" });
}

fn write_label(out: &mut String, label: &str, top: f64) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{INK}\">{}</text>",
        number(MARGIN),
        number(top + LABEL_HEIGHT - 4.0),
        number(FONT),
        escape(label)
    );
}

/// Writes a coordinate with at most one decimal and no trailing zero.
fn number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> ChartLabels {
        ChartLabels { id: "c".into(), title: "Tỉ lệ <xác nhận>".into(), description: "Mô tả".into() }
    }

    #[test]
    fn bars_scale_to_max_and_escape_text() {
        let bars = vec![
            Bar { label: "Cụm A & B".into(), value: 50.0, value_label: "50 %".into(), href: Some("/a?x=1&y=2".into()) },
            Bar { label: "Cụm C".into(), value: 100.0, value_label: "100 %".into(), href: None },
        ];
        let svg = horizontal_bars(&labels(), &bars, 100.0);
        assert!(svg.starts_with("<svg class=\"chart chart-bars\""));
        assert!(svg.contains("<title id=\"c-title\">Tỉ lệ &lt;xác nhận&gt;</title>"));
        assert!(svg.contains("<desc id=\"c-desc\">Mô tả</desc>"));
        assert!(svg.contains("Cụm A &amp; B"));
        assert!(svg.contains("href=\"/a?x=1&amp;y=2\""));
        // The track is 360 - 8 - 64 = 288 wide, so 50% is 144.
        assert!(svg.contains("width=\"144\" height=\"16\" fill=\"#2f6fb3\""));
        assert!(svg.contains("width=\"288\" height=\"16\" fill=\"#2f6fb3\""));
        assert!(!svg.contains("style="));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn bars_with_zero_max_use_largest_value() {
        let bars = vec![Bar { label: "x".into(), value: 4.0, value_label: "4".into(), href: None }];
        let svg = horizontal_bars(&labels(), &bars, 0.0);
        assert!(svg.contains("width=\"288\" height=\"16\" fill=\"#2f6fb3\""));
        let empty = horizontal_bars(&labels(), &[], 0.0);
        assert!(empty.ends_with("</svg>"));
    }

    #[test]
    fn stacked_segments_share_the_track() {
        let series: Vec<Series> =
            ["a", "b"].iter().zip(COMPLETENESS_FILLS).map(|(n, f)| Series { name: n.to_string(), fill: f.into() }).collect();
        let bars = vec![
            StackedBar { label: "Cụm A".into(), values: vec![1.0, 3.0], total_label: "4".into(), href: None },
            StackedBar { label: "Cụm B".into(), values: vec![0.0, 0.0], total_label: "0".into(), href: None },
        ];
        let svg = stacked_bars(&labels(), &series, &bars);
        // The track is 352 wide: one quarter is 88, three quarters 264.
        assert!(svg.contains("width=\"88\" height=\"16\" fill=\"#d5dbe3\"><title>a: 1</title>"));
        assert!(svg.contains("x=\"92\" y=\"43\" width=\"264\""));
        assert_eq!(svg.matches("<title>").count(), 2 + 2);
        assert!(!svg.contains("style="));
    }
}
