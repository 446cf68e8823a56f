//! Server-rendered SVG maps of a province's commune-level units.
//!
//! The reference data gives one point per unit and no boundaries, so each unit is drawn
//! as its Voronoi cell: the part of the plane nearer to its point than to any other. A
//! cell is clipped to the convex hull of its group of points, buffered outwards. It is
//! also capped to a radius that grows with the unit's area, so that units on a coast or
//! a border do not spread over the sea. Groups of points far from the rest (Côn Đảo,
//! Bạch Long Vĩ, Trường Sa) are drawn at the same scale in framed insets.
//!
//! The output is plain SVG with presentation attributes and no script or inline style,
//! as the Content-Security-Policy requires. Every cell links to its unit. Screen readers
//! get the map's title and description only, so pages must show the same numbers in a
//! table beside the map.

use std::fmt::Write;

use caunoi_core::clustering::geometry::{PlanarPoint, Projection};

/// One commune-level unit to draw.
#[derive(Debug, Clone)]
pub struct MapUnit {
    /// Full name such as "Phường Bến Thành", the first line of the cell's hover text.
    pub name: String,
    /// Name without the kind ("Bến Thành"), written on the frame of an inset.
    pub short_name: String,
    pub lat: f64,
    pub lon: f64,
    pub area_km2: Option<f64>,
    /// Link target of the cell.
    pub href: String,
    /// Lines of hover text after the name, such as the cluster and the school count.
    pub details: Vec<String>,
    /// Position of the unit's group in the legend, for [`Colouring::Groups`] and
    /// [`Colouring::Highlight`], or `None` for a unit outside every group.
    pub group: Option<usize>,
    /// Indicator value for [`Colouring::Scale`].
    pub value: Option<f64>,
}

/// The rule that picks each cell's fill.
#[derive(Debug, Clone)]
pub enum Colouring {
    /// Every group in its own colour, with `names[i]` labelling group `i` in the legend.
    Groups { names: Vec<String> },
    /// One group in its colour, every other unit grey. The view zooms to the group's
    /// cells with a margin of neighbouring units, and units outside it are left out.
    Highlight { group: usize, name: String, others: String },
    /// Shades of one hue by value class.
    Scale(Scale),
}

/// A sequential colour scale in classes, lightest for the smallest values.
#[derive(Debug, Clone)]
pub struct Scale {
    /// Legend heading, such as "Số trường".
    pub title: String,
    /// Classes in increasing order. A value falls in the first class whose upper bound
    /// is at least the value; values above every bound fall in the last class.
    pub classes: Vec<ScaleClass>,
}

#[derive(Debug, Clone)]
pub struct ScaleClass {
    pub upper: f64,
    pub label: String,
}

/// Texts of a map, all from the caller's locale.
#[derive(Debug, Clone)]
pub struct MapLabels {
    /// Prefix of the element ids, unique on the page, such as `cluster-map`.
    pub id: String,
    pub title: String,
    pub description: String,
    /// Legend label of units without a group or a value.
    pub missing: String,
    /// Hover text of an inset frame, saying that its units are drawn apart from their
    /// true position.
    pub inset_note: String,
}

/// Fill of units without a group or value, and of the others in [`Colouring::Highlight`].
const GREY: &str = "#d5dbe3";

/// Kelly's colours of maximum contrast (Kelly, 1965, "Twenty-two colors of maximum
/// contrast"), without white, black and grey, in Kelly's order so that neighbouring
/// indices differ most. Groups past the 19th reuse them with white hatching.
const GROUP_PALETTE: [&str; 19] = [
    "#f3c300", "#875692", "#f38400", "#a1caf1", "#be0032", "#c2b280", "#008856", "#e68fac", "#0067a5", "#f99379",
    "#604e97", "#f6a600", "#b3446c", "#dcd300", "#882d17", "#8db600", "#654522", "#e25822", "#2b3d26",
];

/// ColorBrewer "Blues", five classes (Cynthia Brewer, colorbrewer2.org).
const SCALE_PALETTE: [&str; 5] = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

/// Width of the longer side of the viewBox; coordinates are written with one decimal.
const VIEW_SIZE: f64 = 1000.0;

/// Vertices of the polygon that stands for a cell's cap circle.
const CAP_VERTICES: usize = 24;

/// Returns the fill of a group: a colour, or a hatching pattern defined by the map whose
/// ids start with `id`.
pub fn group_fill(id: &str, group: usize) -> String {
    let colour = GROUP_PALETTE[group % GROUP_PALETTE.len()];
    match group / GROUP_PALETTE.len() {
        0 => colour.to_owned(),
        _ => format!("url(#{}-h{})", escape(id), group % GROUP_PALETTE.len()),
    }
}

/// Renders a legend swatch: a small square filled like a group's cells, for tables that
/// list the groups of a map rendered on the same page with the same `id`.
pub fn group_swatch(id: &str, group: usize) -> String {
    swatch(&group_fill(id, group))
}

fn swatch(fill: &str) -> String {
    format!(
        "<svg class=\"swatch\" width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\" focusable=\"false\">\
         <rect x=\"0.5\" y=\"0.5\" width=\"13\" height=\"13\" rx=\"2\" fill=\"{fill}\" stroke=\"#5b6776\"/></svg>"
    )
}

impl Scale {
    /// Splits values into at most five classes of about equal counts (quantiles),
    /// labelled with `format` for each bound.
    pub fn quantiles(title: impl Into<String>, values: &[f64], format: impl Fn(f64) -> String) -> Scale {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let mut uppers: Vec<f64> = Vec::new();
        if !sorted.is_empty() {
            let count = SCALE_PALETTE.len();
            for class in 1..=count {
                let index = (class * sorted.len()).div_ceil(count).saturating_sub(1);
                let upper = sorted[index.min(sorted.len() - 1)];
                if uppers.last() != Some(&upper) {
                    uppers.push(upper);
                }
            }
        }
        let mut classes = Vec::with_capacity(uppers.len());
        let mut lower = sorted.first().copied().unwrap_or_default();
        for upper in uppers {
            let label = if lower == upper { format(upper) } else { format!("{} – {}", format(lower), format(upper)) };
            classes.push(ScaleClass { upper, label });
            // The next class starts just above this bound; labels show the next value present.
            lower = sorted.iter().copied().find(|v| *v > upper).unwrap_or(upper);
        }
        Scale { title: title.into(), classes }
    }

    fn class_of(&self, value: f64) -> usize {
        self.classes.iter().position(|class| value <= class.upper).unwrap_or(self.classes.len().saturating_sub(1))
    }

    /// Returns the colours of the classes, spread over the palette when there are fewer
    /// than five.
    fn colours(&self) -> Vec<&'static str> {
        let count = self.classes.len();
        let last = SCALE_PALETTE.len() - 1;
        (0..count)
            .map(|class| if count <= 1 { SCALE_PALETTE[last] } else { SCALE_PALETTE[(class * last).div_ceil(count - 1).min(last)] })
            .collect()
    }
}

/// Renders the map of `units` as an `<svg>` element followed by its legend (`<ul
/// class="legend">`). Units with non-finite coordinates are left out.
pub fn commune_map(units: &[MapUnit], colouring: &Colouring, labels: &MapLabels) -> String {
    let layout = layout(units);
    let id = escape(&labels.id);
    let scale_colours = match colouring {
        Colouring::Scale(scale) => scale.colours(),
        _ => Vec::new(),
    };
    let fill_of = |unit: &MapUnit| -> String {
        match colouring {
            Colouring::Groups { .. } => unit.group.map(|g| group_fill(&labels.id, g)).unwrap_or_else(|| GREY.to_owned()),
            Colouring::Highlight { group, .. } => match unit.group {
                Some(g) if g == *group => group_fill(&labels.id, g),
                _ => GREY.to_owned(),
            },
            Colouring::Scale(scale) => match unit.value.filter(|v| v.is_finite()) {
                Some(value) if !scale.classes.is_empty() => scale_colours[scale.class_of(value)].to_owned(),
                _ => GREY.to_owned(),
            },
        }
    };

    let frame = match colouring {
        Colouring::Highlight { group, .. } => zoom_frame(&layout, units, *group),
        _ => layout.bounds,
    };
    let cells: Vec<&Cell> = layout.cells.iter().filter(|cell| Rect::around(&cell.polygon).overlaps(frame)).collect();
    let insets: Vec<&Inset> = layout.insets.iter().filter(|inset| inset.frame.overlaps(frame)).collect();
    let scale = VIEW_SIZE / frame.width().max(frame.height()).max(1e-9);
    let to_view = |p: PlanarPoint| ((p.x - frame.min_x) * scale, (frame.max_y - p.y) * scale);
    let width = round1(frame.width() * scale);
    let height = round1(frame.height() * scale);

    let mut svg = String::with_capacity(256 + units.len() * 320);
    let _ = write!(
        svg,
        "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        number(width),
        number(height),
        escape(&labels.title),
        escape(&labels.description),
    );
    write_patterns(&mut svg, units, colouring, &labels.id);

    svg.push_str("<g stroke=\"#fff\" stroke-width=\"1\" stroke-linejoin=\"round\">");
    for cell in cells {
        let unit = &units[cell.unit];
        let mut title = escape(&unit.name);
        for line in &unit.details {
            title.push_str(" · ");
            title.push_str(&escape(line));
        }
        let _ = write!(
            svg,
            "<a href=\"{}\"><title>{title}</title><path fill=\"{}\" d=\"{}\"/></a>",
            escape(&unit.href),
            fill_of(unit),
            path_data(&cell.polygon, &to_view),
        );
    }
    svg.push_str("</g>");

    let font = VIEW_SIZE * 0.028;
    for inset in insets {
        let (x0, y0) = to_view(PlanarPoint { x: inset.frame.min_x, y: inset.frame.max_y });
        let (x1, y1) = to_view(PlanarPoint { x: inset.frame.max_x, y: inset.frame.min_y });
        let _ = write!(
            svg,
            "<g class=\"inset\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" \
             stroke=\"#5b6776\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"#1d2733\">{}</text></g>",
            escape(&labels.inset_note),
            number(round1(x0)),
            number(round1(y0)),
            number(round1(x1 - x0)),
            number(round1(y1 - y0)),
            number(round1(x0 + font * 0.4)),
            number(round1(y0 + font * 1.1)),
            number(round1(font)),
            escape(&inset.caption),
        );
    }
    svg.push_str("</svg>");

    write_legend(&mut svg, units, colouring, labels, &scale_colours);
    svg
}

/// Returns the part of the map that shows one group: its cells with a margin of half
/// their extent (at least 4% of the whole map), within the whole map's bounds. A group
/// without cells gives the whole map.
fn zoom_frame(layout: &Layout, units: &[MapUnit], group: usize) -> Rect {
    let highlighted = layout
        .cells
        .iter()
        .filter(|cell| units[cell.unit].group == Some(group))
        .fold(Rect::EMPTY, |rect, cell| rect.union(Rect::around(&cell.polygon)));
    if highlighted.is_empty() {
        return layout.bounds;
    }
    let whole = layout.bounds;
    let margin = (0.5 * highlighted.width().max(highlighted.height())).max(0.04 * whole.width().max(whole.height()));
    let grown = highlighted.grow(margin);
    Rect {
        min_x: grown.min_x.max(whole.min_x),
        min_y: grown.min_y.max(whole.min_y),
        max_x: grown.max_x.min(whole.max_x),
        max_y: grown.max_y.min(whole.max_y),
    }
}

/// Defines the hatching patterns of groups past the palette, only those in use.
fn write_patterns(svg: &mut String, units: &[MapUnit], colouring: &Colouring, id: &str) {
    let mut used: Vec<usize> = match colouring {
        Colouring::Groups { names } => units.iter().filter_map(|u| u.group).chain(0..names.len()).collect(),
        Colouring::Highlight { group, .. } => vec![*group],
        Colouring::Scale(_) => Vec::new(),
    };
    used.retain(|g| *g >= GROUP_PALETTE.len());
    used.iter_mut().for_each(|g| *g %= GROUP_PALETTE.len());
    used.sort_unstable();
    used.dedup();
    if used.is_empty() {
        return;
    }
    svg.push_str("<defs>");
    for index in used {
        let _ = write!(
            svg,
            "<pattern id=\"{}-h{index}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" \
             patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"{}\"/>\
             <rect width=\"3\" height=\"8\" fill=\"#fff\" fill-opacity=\"0.6\"/></pattern>",
            escape(id),
            GROUP_PALETTE[index],
        );
    }
    svg.push_str("</defs>");
}

fn write_legend(out: &mut String, units: &[MapUnit], colouring: &Colouring, labels: &MapLabels, scale_colours: &[&str]) {
    let item = |out: &mut String, fill: &str, label: &str| {
        let _ = write!(out, "<li>{} {}</li>", swatch(fill), escape(label));
    };
    out.push_str("<ul class=\"legend\">");
    match colouring {
        Colouring::Groups { names } => {
            for (group, name) in names.iter().enumerate() {
                item(out, &group_fill(&labels.id, group), name);
            }
            if units.iter().any(|u| u.group.is_none_or(|g| g >= names.len())) {
                item(out, GREY, &labels.missing);
            }
        }
        Colouring::Highlight { group, name, others } => {
            item(out, &group_fill(&labels.id, *group), name);
            item(out, GREY, others);
        }
        Colouring::Scale(scale) => {
            let _ = write!(out, "<li><strong>{}</strong></li>", escape(&scale.title));
            for (class, colour) in scale.classes.iter().zip(scale_colours) {
                item(out, colour, &class.label);
            }
            if units.iter().any(|u| !u.value.is_some_and(f64::is_finite)) {
                item(out, GREY, &labels.missing);
            }
        }
    }
    out.push_str("</ul>");
}

/// Writes a closed polygon as path data, dropping points that rounding makes repeat.
fn path_data(polygon: &[PlanarPoint], to_view: &impl Fn(PlanarPoint) -> (f64, f64)) -> String {
    let mut data = String::with_capacity(polygon.len() * 12);
    let mut previous: Option<(f64, f64)> = None;
    for point in polygon {
        let (x, y) = to_view(*point);
        let rounded = (round1(x), round1(y));
        if previous == Some(rounded) {
            continue;
        }
        data.push(if previous.is_none() { 'M' } else { ' ' });
        let _ = write!(data, "{} {}", number(rounded.0), number(rounded.1));
        previous = Some(rounded);
    }
    data.push('Z');
    data
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Formats a rounded coordinate without a trailing `.0`.
fn number(value: f64) -> String {
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

/// Escapes text for XML content and double-quoted attributes.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

// Geometry --------------------------------------------------------------------------

/// An axis-aligned rectangle in kilometres, y pointing north.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    min_x: f64,
    min_y: f64,
    max_x: f64,
    max_y: f64,
}

impl Rect {
    const EMPTY: Rect = Rect { min_x: f64::INFINITY, min_y: f64::INFINITY, max_x: f64::NEG_INFINITY, max_y: f64::NEG_INFINITY };

    fn around(points: &[PlanarPoint]) -> Rect {
        points.iter().fold(Rect::EMPTY, |rect, p| rect.include(*p))
    }

    fn include(self, p: PlanarPoint) -> Rect {
        Rect { min_x: self.min_x.min(p.x), min_y: self.min_y.min(p.y), max_x: self.max_x.max(p.x), max_y: self.max_y.max(p.y) }
    }

    fn union(self, other: Rect) -> Rect {
        Rect {
            min_x: self.min_x.min(other.min_x),
            min_y: self.min_y.min(other.min_y),
            max_x: self.max_x.max(other.max_x),
            max_y: self.max_y.max(other.max_y),
        }
    }

    fn is_empty(self) -> bool {
        self.min_x > self.max_x
    }

    fn width(self) -> f64 {
        if self.is_empty() { 0.0 } else { self.max_x - self.min_x }
    }

    fn height(self) -> f64 {
        if self.is_empty() { 0.0 } else { self.max_y - self.min_y }
    }

    fn centre(self) -> PlanarPoint {
        PlanarPoint { x: (self.min_x + self.max_x) / 2.0, y: (self.min_y + self.max_y) / 2.0 }
    }

    fn overlaps(self, other: Rect) -> bool {
        self.min_x < other.max_x && other.min_x < self.max_x && self.min_y < other.max_y && other.min_y < self.max_y
    }

    fn grow(self, margin: f64) -> Rect {
        Rect { min_x: self.min_x - margin, min_y: self.min_y - margin, max_x: self.max_x + margin, max_y: self.max_y + margin }
    }
}

/// One unit's cell, in kilometres after any inset has been moved into place.
#[derive(Debug, Clone)]
struct Cell {
    unit: usize,
    polygon: Vec<PlanarPoint>,
}

#[derive(Debug, Clone)]
struct Inset {
    frame: Rect,
    caption: String,
}

#[derive(Debug, Clone)]
struct Layout {
    cells: Vec<Cell>,
    insets: Vec<Inset>,
    bounds: Rect,
}

/// Smallest gap in km that sends a group of points to an inset. The gap used is the larger
/// of this and four times the median distance between nearest points. On the 2025
/// reference list, Lý Sơn, Cô Tô and Cồn Cỏ stay in place, while Côn Đảo, Bạch Long Vĩ,
/// Phú Quý, Phú Quốc, Thổ Châu, Hoàng Sa and Trường Sa go to insets.
const INSET_MIN_GAP_KM: f64 = 40.0;

/// Places every unit's cell: the largest group of points at its true position, far
/// groups in insets.
fn layout(units: &[MapUnit]) -> Layout {
    let drawable: Vec<usize> = (0..units.len()).filter(|&i| units[i].lat.is_finite() && units[i].lon.is_finite()).collect();
    if drawable.is_empty() {
        return Layout { cells: Vec::new(), insets: Vec::new(), bounds: Rect { min_x: 0.0, min_y: 0.0, max_x: 1.0, max_y: 1.0 } };
    }
    let count = drawable.len() as f64;
    let mean_lat = drawable.iter().map(|&i| units[i].lat).sum::<f64>() / count;
    let mean_lon = drawable.iter().map(|&i| units[i].lon).sum::<f64>() / count;
    let projection = Projection::centred_at(mean_lat, mean_lon);
    let mut points: Vec<PlanarPoint> = drawable.iter().map(|&i| projection.project(units[i].lat, units[i].lon)).collect();
    separate_duplicates(&mut points);

    let nearest = nearest_distances(&points);
    let link = INSET_MIN_GAP_KM.max(4.0 * median(&nearest).unwrap_or(0.0));
    let mut groups = components(&points, link);
    groups.sort_by_key(|members| std::cmp::Reverse(members.len()));

    let equivalent_radii: Vec<Option<f64>> = drawable
        .iter()
        .map(|&i| units[i].area_km2.filter(|a| a.is_finite() && *a > 0.0).map(|a| (a / std::f64::consts::PI).sqrt()))
        .collect();
    let typical_radius = median(&equivalent_radii.iter().flatten().copied().collect::<Vec<_>>())
        .or_else(|| median(&nearest).map(|d| d / 2.0))
        .unwrap_or(1.0)
        .max(0.05);

    let mut cells = Vec::with_capacity(points.len());
    let mut main_bounds = Rect::EMPTY;
    let mut far: Vec<(Vec<usize>, Vec<Vec<PlanarPoint>>)> = Vec::new();
    for (rank, members) in groups.iter().enumerate() {
        let sites: Vec<PlanarPoint> = members.iter().map(|&m| points[m]).collect();
        let radii: Vec<f64> = members.iter().map(|&m| equivalent_radii[m].unwrap_or(typical_radius)).collect();
        let polygons = group_cells(&sites, &radii, typical_radius);
        if rank == 0 {
            for (member, polygon) in members.iter().zip(polygons) {
                main_bounds = main_bounds.union(Rect::around(&polygon));
                cells.push(Cell { unit: drawable[*member], polygon });
            }
        } else {
            far.push((members.clone(), polygons));
        }
    }

    let mut bounds = main_bounds;
    let mut insets = Vec::new();
    let occupied: Vec<Rect> = cells.iter().map(|c| Rect::around(&c.polygon)).collect();
    let mut strip_cursor: Option<f64> = None;
    for (members, polygons) in far {
        let group_bounds = polygons.iter().fold(Rect::EMPTY, |r, p| r.union(Rect::around(p)));
        let caption = members.iter().map(|&m| units[drawable[m]].short_name.as_str()).collect::<Vec<_>>().join(", ");
        let frame = place_inset(group_bounds, &caption, main_bounds, &occupied, &insets, &mut strip_cursor);
        let content_centre = PlanarPoint { x: frame.centre().x, y: frame.min_y + (frame.height() - caption_height(main_bounds)) / 2.0 };
        let shift = PlanarPoint { x: content_centre.x - group_bounds.centre().x, y: content_centre.y - group_bounds.centre().y };
        for (member, polygon) in members.iter().zip(polygons) {
            let moved = polygon.iter().map(|p| PlanarPoint { x: p.x + shift.x, y: p.y + shift.y }).collect();
            cells.push(Cell { unit: drawable[*member], polygon: moved });
        }
        bounds = bounds.union(frame);
        insets.push(Inset { frame, caption });
    }
    cells.sort_by_key(|cell| cell.unit);

    let margin = 0.01 * bounds.width().max(bounds.height()).max(1e-6);
    Layout { cells, insets, bounds: bounds.grow(margin) }
}

/// Returns the height of an inset's caption line in kilometres. It is close to the font
/// size of [`commune_map`], which is 2.8% of the longer side of the whole map.
fn caption_height(main_bounds: Rect) -> f64 {
    main_bounds.width().max(main_bounds.height()) * 0.028 * 1.5
}

/// Chooses an inset's frame: an empty corner of the main map, the corner nearest the
/// group's true direction first, else the next place along a strip beside the map.
fn place_inset(
    group_bounds: Rect,
    caption: &str,
    main: Rect,
    occupied: &[Rect],
    placed: &[Inset],
    strip_cursor: &mut Option<f64>,
) -> Rect {
    let side = main.width().max(main.height());
    let padding = side * 0.03;
    let caption_km = caption_height(main);
    // A rough text width: 0.55 em per character, the font being 2.8% of the side.
    let caption_width = caption.chars().count() as f64 * side * 0.028 * 0.55 + padding;
    let width = (group_bounds.width() + 2.0 * padding).max(caption_width);
    let height = group_bounds.height() + 2.0 * padding + caption_km;

    let direction = PlanarPoint { x: group_bounds.centre().x - main.centre().x, y: group_bounds.centre().y - main.centre().y };
    let mut corners = [(main.max_x, main.min_y), (main.min_x, main.min_y), (main.max_x, main.max_y), (main.min_x, main.max_y)];
    corners.sort_by(|a, b| {
        let score = |c: &(f64, f64)| (c.0 - main.centre().x) * direction.x + (c.1 - main.centre().y) * direction.y;
        score(b).total_cmp(&score(a))
    });
    if width < main.width() / 2.0 && height < main.height() / 2.0 {
        for (cx, cy) in corners {
            let min_x = if cx == main.max_x { cx - width } else { cx };
            let min_y = if cy == main.min_y { cy } else { cy - height };
            let frame = Rect { min_x, min_y, max_x: min_x + width, max_y: min_y + height };
            let clear = frame.grow(padding / 2.0);
            if !occupied.iter().any(|r| r.overlaps(clear)) && !placed.iter().any(|i| i.frame.overlaps(clear)) {
                return frame;
            }
        }
    }

    // A strip on the right of a tall map, or below a wide one.
    if main.height() >= main.width() {
        let min_y = strip_cursor.unwrap_or(main.min_y);
        *strip_cursor = Some(min_y + height + padding);
        let min_x = main.max_x + padding;
        Rect { min_x, min_y, max_x: min_x + width, max_y: min_y + height }
    } else {
        let max_x = strip_cursor.unwrap_or(main.max_x);
        *strip_cursor = Some(max_x - width - padding);
        let max_y = main.min_y - padding;
        Rect { min_x: max_x - width, min_y: max_y - height, max_x, max_y }
    }
}

/// Computes the capped Voronoi cells of one group of points.
///
/// A cell's cap radius starts at 1.6 times its unit's equivalent radius, the radius of a
/// disc of the unit's area. It is raised towards three quarters of the distance to the
/// nearest other point so that neighbours meet. It never exceeds 2.5 times the equivalent
/// radius nor four times the province's typical radius, so far-off units get small cells
/// instead of cells reaching halfway to the next unit.
fn group_cells(sites: &[PlanarPoint], equivalent_radii: &[f64], typical_radius: f64) -> Vec<Vec<PlanarPoint>> {
    let nearest = nearest_distances(sites);
    let caps: Vec<f64> = sites
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let radius = equivalent_radii[i];
            let mut cap = 1.6 * radius;
            if nearest[i].is_finite() {
                cap = cap.max((0.75 * nearest[i]).min(2.5 * radius));
            }
            cap.min(4.0 * typical_radius).max(0.01)
        })
        .collect();
    let buffer = median(&caps).unwrap_or(typical_radius);
    let hull = buffered_hull(sites, buffer);

    sites
        .iter()
        .enumerate()
        .map(|(i, &site)| {
            let mut polygon = regular_polygon(site, caps[i]);
            for edge in 0..hull.len() {
                let (a, b) = (hull[edge], hull[(edge + 1) % hull.len()]);
                // Keep the left side of the counter-clockwise edge a→b.
                let normal = PlanarPoint { x: b.y - a.y, y: a.x - b.x };
                polygon = clip(&polygon, normal, normal.x * a.x + normal.y * a.y);
            }
            for (j, &other) in sites.iter().enumerate() {
                if j == i || site.distance_km(other) > 2.0 * caps[i] {
                    continue;
                }
                // Points at least as close to `site` as to `other`.
                let normal = PlanarPoint { x: other.x - site.x, y: other.y - site.y };
                let limit = (other.x * other.x + other.y * other.y - site.x * site.x - site.y * site.y) / 2.0;
                polygon = clip(&polygon, normal, limit);
            }
            if polygon.len() < 3 {
                // Only reachable through rounding in near-coincident points; a small disc
                // keeps every unit visible and clickable.
                polygon = regular_polygon(site, (0.3 * nearest[i]).min(caps[i]).max(0.01));
            }
            polygon
        })
        .collect()
}

/// Keeps the part of a convex polygon where `normal · p <= limit` (one step of
/// Sutherland–Hodgman clipping).
fn clip(polygon: &[PlanarPoint], normal: PlanarPoint, limit: f64) -> Vec<PlanarPoint> {
    let side = |p: PlanarPoint| normal.x * p.x + normal.y * p.y - limit;
    let mut clipped = Vec::with_capacity(polygon.len() + 1);
    for (index, &current) in polygon.iter().enumerate() {
        let next = polygon[(index + 1) % polygon.len()];
        let (current_side, next_side) = (side(current), side(next));
        if current_side <= 0.0 {
            clipped.push(current);
        }
        if (current_side <= 0.0) != (next_side <= 0.0) {
            let t = current_side / (current_side - next_side);
            clipped.push(PlanarPoint { x: current.x + t * (next.x - current.x), y: current.y + t * (next.y - current.y) });
        }
    }
    clipped
}

fn regular_polygon(centre: PlanarPoint, radius: f64) -> Vec<PlanarPoint> {
    (0..CAP_VERTICES)
        .map(|k| {
            let angle = std::f64::consts::TAU * k as f64 / CAP_VERTICES as f64;
            PlanarPoint { x: centre.x + radius * angle.cos(), y: centre.y + radius * angle.sin() }
        })
        .collect()
}

/// Returns the counter-clockwise convex hull of the points each widened to a disc of
/// radius `buffer` (approximated by 16 points).
fn buffered_hull(sites: &[PlanarPoint], buffer: f64) -> Vec<PlanarPoint> {
    let mut points: Vec<PlanarPoint> = sites
        .iter()
        .flat_map(|site| {
            (0..16).map(move |k| {
                let angle = std::f64::consts::TAU * k as f64 / 16.0;
                PlanarPoint { x: site.x + buffer * angle.cos(), y: site.y + buffer * angle.sin() }
            })
        })
        .collect();
    points.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    points.dedup();
    if points.len() < 3 {
        return points;
    }
    let cross = |o: PlanarPoint, a: PlanarPoint, b: PlanarPoint| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    // Andrew's monotone chain.
    let mut hull: Vec<PlanarPoint> = Vec::with_capacity(points.len() + 1);
    for pass in 0..2 {
        let start = hull.len();
        let ordered: Box<dyn Iterator<Item = &PlanarPoint>> =
            if pass == 0 { Box::new(points.iter()) } else { Box::new(points.iter().rev()) };
        for &p in ordered {
            while hull.len() >= start + 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0 {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    hull
}

/// Moves points that coincide with an earlier one by 50 m steps around it, because two
/// units at one point would share no bisector.
fn separate_duplicates(points: &mut [PlanarPoint]) {
    for i in 1..points.len() {
        let mut step = 0;
        while points[..i].iter().any(|p| p.squared_distance(points[i]) < 1e-8) {
            step += 1;
            let angle = step as f64 * 2.399_963; // the golden angle in radians
            points[i].x += 0.05 * angle.cos();
            points[i].y += 0.05 * angle.sin();
        }
    }
}

/// Returns each point's distance to its nearest other point, infinite when it is alone.
fn nearest_distances(points: &[PlanarPoint]) -> Vec<f64> {
    points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            points
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, q)| p.distance_km(*q))
                .fold(f64::INFINITY, f64::min)
        })
        .collect()
}

/// Splits points into groups linked by steps of at most `link` km (single linkage).
fn components(points: &[PlanarPoint], link: f64) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..points.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for i in 0..points.len() {
        for j in (i + 1)..points.len() {
            if points[i].distance_km(points[j]) <= link {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_root: Vec<Option<usize>> = vec![None; points.len()];
    for i in 0..points.len() {
        let r = root(&mut parent, i);
        match group_of_root[r] {
            Some(g) => groups[g].push(i),
            None => {
                group_of_root[r] = Some(groups.len());
                groups.push(vec![i]);
            }
        }
    }
    groups
}

fn median(values: &[f64]) -> Option<f64> {
    let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        return None;
    }
    finite.sort_by(f64::total_cmp);
    Some(finite[finite.len() / 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, name: &str, lat: f64, lon: f64, area: Option<f64>, group: Option<usize>) -> MapUnit {
        MapUnit {
            name: name.to_owned(),
            short_name: name.to_owned(),
            lat,
            lon,
            area_km2: area,
            href: format!("/communes/{code}"),
            details: vec![format!("group {group:?}")],
            group,
            value: None,
        }
    }

    fn labels() -> MapLabels {
        MapLabels {
            id: "map".into(),
            title: "Bản đồ".into(),
            description: "Mô tả".into(),
            missing: "Chưa thuộc cụm".into(),
            inset_note: "Vẽ tách khỏi vị trí thật".into(),
        }
    }

    /// Builds a 6×5 grid of wards about 2 km apart around Ho Chi Minh City's centre.
    fn grid() -> Vec<MapUnit> {
        let mut units = Vec::new();
        for row in 0..5 {
            for column in 0..6 {
                let index = row * 6 + column;
                let lat = 10.75 + row as f64 * 0.018;
                let lon = 106.65 + column as f64 * 0.018;
                units.push(unit(&format!("{index:05}"), &format!("Phường {index}"), lat, lon, Some(4.0), Some(index % 3)));
            }
        }
        units
    }

    /// Checks that tags nest and close, and returns how many times each name opened.
    fn balanced_tags(xml: &str) -> std::collections::HashMap<String, usize> {
        let mut stack: Vec<String> = Vec::new();
        let mut counts = std::collections::HashMap::new();
        let mut rest = xml;
        while let Some(start) = rest.find('<') {
            let end = rest[start..].find('>').expect("tag closes") + start;
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "unescaped < inside a tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop().as_deref(), Some(name), "closing tag out of order");
            } else {
                let name = tag.split([' ', '/']).next().unwrap().to_owned();
                *counts.entry(name.clone()).or_insert(0) += 1;
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            let text_end = rest[end + 1..].find('<').map_or(rest.len(), |i| i + end + 1);
            let text = &rest[end + 1..text_end];
            assert!(!text.contains('>'), "unescaped > in text: {text}");
            rest = &rest[end + 1..];
        }
        assert!(stack.is_empty(), "unclosed tags: {stack:?}");
        counts
    }

    fn polygon_radius(cell: &Cell, centre: PlanarPoint) -> f64 {
        cell.polygon.iter().map(|p| p.distance_km(centre)).fold(0.0, f64::max)
    }

    #[test]
    fn map_is_balanced_markup() {
        let units = grid();
        let names = vec!["Cụm 1".to_owned(), "Cụm 2".to_owned(), "Cụm 3".to_owned()];

        let svg = commune_map(&units, &Colouring::Groups { names }, &labels());

        let counts = balanced_tags(&svg);
        assert_eq!(counts.get("svg"), Some(&(1 + 3)), "the map and three legend swatches");
        assert_eq!(counts.get("path"), Some(&units.len()));
        assert_eq!(counts.get("a"), Some(&units.len()));
        assert!(svg.starts_with("<svg class=\"map\""));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"map-title\">Bản đồ</title>"));
    }

    #[test]
    fn map_links_every_unit() {
        let units = grid();

        let svg = commune_map(&units, &Colouring::Groups { names: vec!["A".into(), "B".into(), "C".into()] }, &labels());

        for unit in &units {
            assert!(svg.contains(&format!("<a href=\"{}\"><title>{}", unit.href, unit.name)), "{}", unit.href);
        }
    }

    #[test]
    fn map_escapes_names() {
        let mut units = grid();
        units[0].name = "Xã <Hòa> & \"Bình\"".into();
        units[1].details = vec!["Cụm A & B".into()];
        let mut labels = labels();
        labels.title = "Bản đồ <tỉnh> & thành".into();

        let svg = commune_map(&units, &Colouring::Groups { names: vec!["A<1>".into(), "B".into(), "C".into()] }, &labels);

        assert!(svg.contains("Xã &lt;Hòa&gt; &amp; &quot;Bình&quot;"));
        assert!(svg.contains("Cụm A &amp; B"));
        assert!(svg.contains("Bản đồ &lt;tỉnh&gt; &amp; thành"));
        assert!(svg.contains("A&lt;1&gt;"));
        balanced_tags(&svg);
    }

    #[test]
    fn cells_stay_within_cap() {
        let units = grid();

        let layout = layout(&units);

        assert_eq!(layout.cells.len(), units.len());
        for cell in &layout.cells {
            assert!(cell.polygon.len() >= 3);
        }
        // Interior wards are bounded by their neighbours, about 1 km each way.
        let inner = &layout.cells[7];
        let projection_centre = Rect::around(&inner.polygon).centre();
        assert!(polygon_radius(inner, projection_centre) < 1.6, "{:?}", inner.polygon);
    }

    #[test]
    fn far_island_goes_to_capped_inset() {
        let mut units = grid();
        // Côn Đảo lies about 230 km south of this grid; its area is 75.79 km².
        units.push(unit("26732", "Côn Đảo", 8.6981, 106.6115, Some(75.79), Some(1)));

        let layout = layout(&units);

        assert_eq!(layout.cells.len(), units.len());
        assert_eq!(layout.insets.len(), 1);
        assert_eq!(layout.insets[0].caption, "Côn Đảo");
        let island = layout.cells.iter().find(|c| c.unit == units.len() - 1).unwrap();
        let bounds = Rect::around(&island.polygon);
        let equivalent_radius = (75.79 / std::f64::consts::PI).sqrt();
        assert!(bounds.width() <= 2.0 * 1.6 * equivalent_radius + 1e-6, "{bounds:?}");
        assert!(layout.insets[0].frame.width() < 40.0);
        // The inset sits beside the grid, not 230 km away.
        assert!(layout.bounds.height() < 60.0, "{:?}", layout.bounds);
    }

    #[test]
    fn near_island_stays_capped() {
        let mut units = grid();
        // An island 25 km east of the grid, without a known area.
        units.push(unit("99999", "Đảo gần", 10.79, 107.0, None, Some(0)));

        let layout = layout(&units);

        assert!(layout.insets.is_empty());
        let island = layout.cells.iter().find(|c| c.unit == units.len() - 1).unwrap();
        let site = Rect::around(&island.polygon).centre();
        // The typical equivalent radius is √(4/π) ≈ 1.13 km, so the cap is 4.5 km at most.
        assert!(polygon_radius(island, site) <= 4.0 * (4.0 / std::f64::consts::PI).sqrt() + 1e-6);
    }

    #[test]
    fn coincident_points_get_own_cells() {
        let mut units = grid();
        units.push(unit("88888", "Trùng tọa độ", units[7].lat, units[7].lon, Some(4.0), Some(0)));

        let layout = layout(&units);

        assert_eq!(layout.cells.len(), units.len());
        assert!(layout.cells.iter().all(|c| c.polygon.len() >= 3));
    }

    #[test]
    fn highlight_greys_other_groups() {
        let units = grid();
        let colouring = Colouring::Highlight { group: 1, name: "Cụm 2".into(), others: "Cụm khác".into() };

        let svg = commune_map(&units, &colouring, &labels());

        let highlighted = svg.matches(&format!("fill=\"{}\" d=", GROUP_PALETTE[1])).count();
        let grey = svg.matches(&format!("fill=\"{GREY}\" d=")).count();
        assert_eq!(highlighted, 10);
        assert_eq!(grey, 20);
        assert!(svg.contains("Cụm khác"));
    }

    #[test]
    fn highlight_zooms_to_group() {
        let mut units = grid();
        for unit in &mut units {
            unit.group = Some(0);
        }
        // The corner ward alone forms group 1.
        units[0].group = Some(1);
        let colouring = Colouring::Highlight { group: 1, name: "Cụm 2".into(), others: "Cụm khác".into() };

        let svg = commune_map(&units, &colouring, &labels());

        let cells = svg.matches("<path ").count();
        assert!(cells < units.len(), "{cells} cells drawn");
        assert!(cells >= 4, "neighbours give context: {cells}");
        assert!(svg.contains(&format!("<a href=\"{}\">", units[0].href)));
        assert!(!svg.contains(&format!("<a href=\"{}\">", units[29].href)), "the far corner is outside the view");
        balanced_tags(&svg);
    }

    #[test]
    fn groups_past_palette_are_hatched() {
        let mut units = grid();
        units[0].group = Some(GROUP_PALETTE.len() + 2);
        let names: Vec<String> = (0..GROUP_PALETTE.len() + 3).map(|i| format!("Cụm {i}")).collect();

        let svg = commune_map(&units, &Colouring::Groups { names }, &labels());

        assert!(svg.contains("<pattern id=\"map-h2\""));
        assert!(svg.contains("fill=\"url(#map-h2)\" d="));
        balanced_tags(&svg);
    }

    #[test]
    fn scale_quantiles_and_fills() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        let scale = Scale::quantiles("Số trường", &values, |v| format!("{v}"));

        assert_eq!(scale.classes.len(), 5);
        assert_eq!(scale.classes[0].label, "1 – 2");
        assert_eq!(scale.classes[4].label, "9 – 10");
        assert_eq!(scale.class_of(10.0), 4);
        assert_eq!(scale.class_of(1.0), 0);

        let mut units = grid();
        for (index, unit) in units.iter_mut().enumerate() {
            unit.value = (index > 0).then_some(index as f64);
        }
        let svg = commune_map(&units, &Colouring::Scale(scale), &labels());
        assert!(svg.contains(SCALE_PALETTE[4]));
        assert!(svg.contains("Chưa thuộc cụm"), "the unit without a value gets the missing label");
    }

    #[test]
    fn scale_with_one_value_has_one_class() {
        let scale = Scale::quantiles("Số trường", &[3.0, 3.0, 3.0], |v| format!("{v}"));

        assert_eq!(scale.classes.len(), 1);
        assert_eq!(scale.colours(), vec![SCALE_PALETTE[4]]);
    }

    #[test]
    fn empty_map_renders() {
        let svg = commune_map(&[], &Colouring::Groups { names: Vec::new() }, &labels());

        balanced_tags(&svg);
        assert!(!svg.contains("<path"));
    }

    /// Ho Chi Minh City's 168 units from the shipped reference list.
    fn hcmc_units() -> Vec<MapUnit> {
        const UNITS_CSV: &str = include_str!(
            "../../../reference-data/vn-wards-2025-location/2025_34-province-3221-ward_with_location.csv"
        );
        UNITS_CSV
            .lines()
            .skip(1)
            .map(|line| line.split(',').collect::<Vec<_>>())
            .filter(|fields| fields[5] == "79")
            .enumerate()
            .map(|(index, fields)| MapUnit {
                name: fields[1].to_owned(),
                short_name: fields[3].to_owned(),
                lat: fields[9].parse().unwrap(),
                lon: fields[10].parse().unwrap(),
                area_km2: fields[11].parse().ok(),
                href: format!("/communes/{}", fields[8]),
                details: vec![format!("Cụm {}", index % 24 + 1), format!("{} trường", index % 40)],
                group: Some(index % 24),
                value: None,
            })
            .collect()
    }

    #[test]
    fn hcmc_map_is_small() {
        let units = hcmc_units();
        assert_eq!(units.len(), 168);
        let names: Vec<String> = (1..=24).map(|i| format!("Cụm chuyên môn số {i}")).collect();

        let started = std::time::Instant::now();
        let svg = commune_map(&units, &Colouring::Groups { names }, &labels());
        let elapsed = started.elapsed();

        let counts = balanced_tags(&svg);
        assert_eq!(counts.get("path"), Some(&168));
        assert!(svg.len() < 60_000, "{} bytes", svg.len());
        // Generous bound for unoptimised test builds on a slow machine.
        assert!(elapsed.as_millis() < 2_000, "{elapsed:?}");
    }

    #[test]
    fn hcmc_con_dao_is_inset() {
        let units = hcmc_units();

        let layout = layout(&units);

        assert_eq!(layout.insets.len(), 1);
        assert_eq!(layout.insets[0].caption, "Côn Đảo");
        // Without the inset the map would reach 8.7° N, about 300 km tall.
        assert!(layout.bounds.height() < 180.0, "{:?}", layout.bounds);
    }
}
