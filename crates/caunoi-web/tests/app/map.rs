//! The SVG maps as pages serve them: one linked cell per unit, a legend, the table of
//! the same numbers, escaping of names and the size budget.

use axum::http::StatusCode;
use caunoi_db::clusters;

use crate::harness::TestApp;

/// Returns the `<svg class="map">` element of a page.
fn map_svg(body: &str) -> &str {
    let start = body.find("<svg class=\"map\"").expect("page has a map");
    let end = body[start..].find("</svg>").expect("map closes") + start + "</svg>".len();
    &body[start..end]
}

#[tokio::test]
async fn province_map_has_cell_per_unit() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get("/p/79").await;

    assert_eq!(response.status, StatusCode::OK);
    let svg = map_svg(&response.body);
    assert_eq!(svg.matches("<path ").count(), 168);
    assert_eq!(svg.matches("<a href=\"/communes/").count(), 168);
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("<title id=\"province-map-title\">Bản đồ cụm chuyên môn của Thành phố Hồ Chí Minh"));
    assert!(svg.contains("<desc id=\"province-map-desc\">"));
    assert!(svg.len() < 60_000, "{} bytes", svg.len());
    // Côn Đảo lies about 180 km offshore and is drawn in an inset.
    assert!(svg.contains("<g class=\"inset\">"));
}

#[tokio::test]
async fn province_map_cells_name_cluster_and_schools() {
    let app = TestApp::spawn().await;
    let client = app.login("giaovien_a1").await;

    let response = client.get("/p/79").await;

    let svg = map_svg(&response.body);
    assert!(svg.contains("<a href=\"/communes/26743\"><title>Phường Bến Thành · Cụm A · 1 trường</title>"), "{svg}");
    assert!(svg.contains("<title>Đặc khu Côn Đảo · Chưa thuộc cụm nào · 0 trường</title>"));
    // The legend names both clusters and the units in none.
    let legend = &response.body[response.body.find("<ul class=\"legend\">").expect("legend")..];
    assert!(legend.contains("Cụm A"));
    assert!(legend.contains("Cụm B"));
    assert!(legend.contains("Chưa thuộc cụm nào"));
}

#[tokio::test]
async fn province_map_table_repeats_numbers() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get("/p/79/clusters").await;

    let body = &response.body;
    let table = &body[body.find("<details class=\"map-data\">").expect("map table")..];
    assert_eq!(table.matches("<td><a href=\"/communes/").count(), 168);
    assert!(table.contains(&format!(
        "<td><a href=\"/communes/26743\">Phường Bến Thành</a></td>\n        <td>Phường</td>\n        <td><a href=\"/clusters/{}\">Cụm A</a></td>\n        <td class=\"num\">1</td>",
        app.world.cluster_a
    )));
}

#[tokio::test]
async fn cluster_map_highlights_cluster() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get(&format!("/clusters/{}", app.world.cluster_b)).await;

    let svg = map_svg(&response.body);
    assert!(svg.contains("<title id=\"cluster-map-title\">Bản đồ Cụm B"));
    // The view zooms to Tân Định and its neighbours, leaving out the rest of the city.
    let cells = svg.matches("<path ").count();
    assert!((2..168).contains(&cells), "{cells} cells");
    assert!(svg.contains("<a href=\"/communes/26737\">"));
    assert!(!svg.contains("<a href=\"/communes/26732\">"), "Côn Đảo is outside the view");
    // Only Tân Định (cluster B) is coloured; every other unit is grey.
    let coloured = svg.matches("<path fill=\"#").count() - svg.matches("<path fill=\"#d5dbe3\"").count();
    assert_eq!(coloured, 1);
}

#[tokio::test]
async fn map_escapes_cluster_names() {
    let app = TestApp::spawn().await;
    clusters::rename(&app.db, app.world.cluster_a, "Cụm <A> & \"Quận 1\"", None).await.unwrap();
    let client = app.login("chuyenvien").await;

    let response = client.get("/p/79").await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(!response.body.contains("<A>"), "raw name in the page");
    assert!(response.body.contains("Cụm &lt;A&gt; &amp; &quot;Quận 1&quot;"), "{}", response.body);
}
