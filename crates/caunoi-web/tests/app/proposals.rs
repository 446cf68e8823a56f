//! Cluster proposals: the form, proposing on Ho Chi Minh City's communes, editing,
//! saving, input checks and who may see them.

use axum::http::StatusCode;
use caunoi_core::school_year::SchoolYear;
use caunoi_db::clusters::{self, ClusterDraft, ProposalLayout};
use caunoi_db::communes::{self, Commune};
use caunoi_db::users;

use crate::harness::{Client, TestApp};

/// Returns the school year after the test world's, which has no clusters.
fn next_year(app: &TestApp) -> String {
    SchoolYear::parse(&app.world.year).expect("world year").next().to_string()
}

/// Posts the proposal form and returns the new proposal's id.
async fn create(client: &Client<'_>, year: &str, k: &str) -> i64 {
    let response = client.post_form("/p/79/proposals", &[("school_year", year), ("k", k), ("seed", "")]).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.location().expect("redirect");
    location.strip_prefix("/proposals/").expect("proposal path").parse().expect("proposal id")
}

/// Ho Chi Minh City's communes from north to south.
async fn hcmc_communes_by_latitude(app: &TestApp) -> Vec<Commune> {
    let mut list = communes::all_in_province(&app.db, "79").await.expect("communes");
    list.sort_by(|a, b| b.lat.total_cmp(&a.lat));
    list
}

/// Stores a draft of two clusters: "Cụm Bắc" with the `north` communes and "Cụm Nam"
/// with all the others.
async fn two_cluster_draft(app: &TestApp, north: &[&str]) -> i64 {
    let all = communes::all_in_province(&app.db, "79").await.expect("communes");
    let layout = ProposalLayout {
        names: vec!["Cụm Bắc".into(), "Cụm Nam".into()],
        assignment: all
            .iter()
            .map(|commune| (commune.code.clone(), usize::from(!north.contains(&commune.code.as_str()))))
            .collect(),
    };
    let year = SchoolYear::parse(&next_year(app)).expect("year");
    let user = users::id_by_username(&app.db, "chuyenvien").await.expect("user");
    clusters::create_proposal(&app.db, "79", year, &layout, user).await.expect("draft")
}

async fn stored_layout(app: &TestApp, id: i64) -> ProposalLayout {
    clusters::proposal(&app.db, id).await.expect("proposal").layout
}

#[tokio::test]
async fn form_offers_next_year() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get("/p/79/proposals").await;

    assert_eq!(response.status, StatusCode::OK);
    let next = next_year(&app);
    assert!(response.body.contains(&format!("name=\"school_year\" value=\"{next}\"")), "{}", response.body);
    assert!(response.body.contains("name=\"k\" value=\"2\""), "the current year has 2 clusters: {}", response.body);
    assert!(response.body.contains(&app.world.year), "years with clusters are listed");
    assert!(response.body.contains("Chưa có đề xuất nào"));
}

#[tokio::test]
async fn form_lists_previous_proposals() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = create(&client, &next_year(&app), "2").await;

    let response = client.get("/p/79/proposals").await;

    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains(&format!("href=\"/proposals/{id}\"")), "{}", response.body);
    assert!(response.body.contains("Bản nháp"));
}

#[tokio::test]
async fn create_k2_then_show() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let id = create(&client, &next_year(&app), "2").await;
    let response = client.get(&format!("/proposals/{id}")).await;

    assert_eq!(response.status, StatusCode::OK);
    let layout = stored_layout(&app, id).await;
    assert_eq!(layout.names, vec!["Cụm 1".to_owned(), "Cụm 2".to_owned()]);
    assert_eq!(layout.assignment.len(), 168);
    for cluster in 0..2 {
        assert!(layout.assignment.iter().any(|(_, c)| *c == cluster), "cluster {cluster} is empty");
    }
    for text in ["Cụm 1", "Cụm 2", "Chênh lệch so với trung bình", "Bán kính", "Liền mạch", "Phường Bến Thành"] {
        assert!(response.body.contains(text), "missing {text}");
    }
    assert!(response.body.contains("action=\"/proposals/"), "editing forms are shown");
    assert!(response.body.contains("<svg class=\"map\""), "the map is drawn");
    assert!(response.body.contains("<ul class=\"legend\">"), "the map has a legend");
}

#[tokio::test]
async fn create_accepts_seed() {
    let app = TestApp::spawn().await;
    let client = app.login("quantri79").await;

    let response =
        client.post_form("/p/79/proposals", &[("school_year", &next_year(&app)), ("k", "3"), ("seed", "42")]).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
}

#[tokio::test]
async fn bad_k_is_rejected() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let year = next_year(&app);

    for k in ["0", "999", "abc", "-1", "2.5"] {
        let response = client.post_form("/p/79/proposals", &[("school_year", &year), ("k", k)]).await;

        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "k = {k}");
        assert!(response.body.contains(&format!("Số cụm “{k}” không hợp lệ")), "k = {k}: {}", response.body);
        assert!(response.body.contains("từ 1 đến 168"), "k = {k}");
        assert!(response.body.contains(&format!("name=\"k\" value=\"{k}\"")), "k = {k} is kept");
        assert!(response.body.contains(&format!("value=\"{year}\"")), "year is kept");
    }
    let empty = client.post_form("/p/79/proposals", &[("school_year", &year), ("k", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Nhập số cụm"));
    let proposals = clusters::proposals(&app.db, "79").await.unwrap();
    assert!(proposals.is_empty(), "nothing is stored");
}

#[tokio::test]
async fn bad_year_is_rejected() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    for year in ["2026", "2026-2028", "năm sau"] {
        let response = client.post_form("/p/79/proposals", &[("school_year", year), ("k", "2")]).await;

        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "year {year}");
        assert!(response.body.contains(&format!("Năm học “{year}” không hợp lệ")), "{}", response.body);
        assert!(response.body.contains("2026-2027"), "the expected form is named");
        assert!(response.body.contains("name=\"k\" value=\"2\""), "k is kept");
    }
    let missing = client.post_form("/p/79/proposals", &[("school_year", ""), ("k", "2")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn existing_year_is_rejected() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.post_form("/p/79/proposals", &[("school_year", &app.world.year), ("k", "2")]).await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let expected = format!("Năm học {} đã có 2 cụm", app.world.year);
    assert!(response.body.contains(&expected), "{}", response.body);
    assert!(response.body.contains("không bao giờ bị ghi đè"));
}

#[tokio::test]
async fn bad_seed_is_rejected() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response =
        client.post_form("/p/79/proposals", &[("school_year", &next_year(&app)), ("k", "2"), ("seed", "-5")]).await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("Số khởi tạo “-5” không hợp lệ"), "{}", response.body);
}

#[tokio::test]
async fn move_commune_updates_layout() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = create(&client, &next_year(&app), "2").await;
    let before = stored_layout(&app, id).await;
    let (code, cluster) = before.assignment.iter().find(|(code, _)| *code == app.world.commune_a1).unwrap().clone();
    let target = if cluster == 0 { "2" } else { "1" };

    let response = client.post_form(&format!("/proposals/{id}/move"), &[("commune", &code), ("cluster", target)]).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let after = stored_layout(&app, id).await;
    let moved = after.assignment.iter().find(|(c, _)| *c == code).unwrap().1;
    assert_eq!(moved, 1 - cluster);
    let page = client.get(response.location().unwrap()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Đã chuyển xã, phường"));
}

#[tokio::test]
async fn move_breaking_contiguity_warns() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let by_latitude = hcmc_communes_by_latitude(&app).await;
    let northernmost = by_latitude.first().unwrap().code.clone();
    let southernmost = by_latitude.last().unwrap().code.clone();
    let id = two_cluster_draft(&app, &[&northernmost]).await;
    let before = client.get(&format!("/proposals/{id}")).await;
    assert!(!before.body.contains("không liền mạch"), "one commune is contiguous");

    let response =
        client.post_form(&format!("/proposals/{id}/move"), &[("commune", &southernmost), ("cluster", "1")]).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let page = client.get(&format!("/proposals/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Các cụm sau không liền mạch"), "{}", page.body);
    assert!(page.body.contains("Không liền mạch"));
}

#[tokio::test]
async fn move_last_commune_rejected() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let northernmost = hcmc_communes_by_latitude(&app).await.first().unwrap().code.clone();
    let id = two_cluster_draft(&app, &[&northernmost]).await;

    let response =
        client.post_form(&format!("/proposals/{id}/move"), &[("commune", &northernmost), ("cluster", "2")]).await;

    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("xã, phường cuối cùng của Cụm Bắc"), "{}", response.body);
    let layout = stored_layout(&app, id).await;
    let (_, cluster) = layout.assignment.iter().find(|(code, _)| *code == northernmost).unwrap();
    assert_eq!(*cluster, 0, "the commune stays in Cụm Bắc");
}

#[tokio::test]
async fn move_bad_input_rejected() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = create(&client, &next_year(&app), "2").await;
    let path = format!("/proposals/{id}/move");

    let unknown = client.post_form(&path, &[("commune", "00070"), ("cluster", "1")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("mã “00070” không thuộc đề xuất này"), "{}", unknown.body);

    let missing = client.post_form(&path, &[("cluster", "1")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("Chọn xã, phường cần chuyển"));

    for cluster in ["0", "3", "x"] {
        let response = client.post_form(&path, &[("commune", &app.world.commune_a1), ("cluster", cluster)]).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "cluster {cluster}");
        assert!(response.body.contains(&format!("Cụm số “{cluster}” không có")), "cluster {cluster}");
    }
}

#[tokio::test]
async fn rename_cluster_normalizes() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = create(&client, &next_year(&app), "2").await;

    let response =
        client.post_form(&format!("/proposals/{id}/rename"), &[("cluster", "2"), ("name", "  Cụm   Sài Gòn ")]).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(stored_layout(&app, id).await.names, vec!["Cụm 1".to_owned(), "Cụm Sài Gòn".to_owned()]);
    let page = client.get(response.location().unwrap()).await;
    assert!(page.body.contains("Đã đổi tên cụm"));
}

#[tokio::test]
async fn rename_escapes_markup() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = create(&client, &next_year(&app), "2").await;

    let response = client.post_form(&format!("/proposals/{id}/rename"), &[("cluster", "1"), ("name", "<b>Cụm</b>")]).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let page = client.get(&format!("/proposals/{id}")).await;
    assert!(!page.body.contains("<b>Cụm</b>"), "names are escaped");
    assert!(page.body.contains("&lt;b&gt;Cụm&lt;/b&gt;") || page.body.contains("&#60;b&#62;Cụm"), "{}", page.body);
}

#[tokio::test]
async fn rename_bad_input_rejected() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = create(&client, &next_year(&app), "2").await;
    let path = format!("/proposals/{id}/rename");
    let long = "x".repeat(101);

    let cases = [
        ("1", "   ", "Nhập tên cụm"),
        ("1", long.as_str(), "dài 101 ký tự; tối đa 100"),
        ("1", "cụm 2", "Tên “Cụm 2” đã được dùng"),
        ("3", "Cụm Ba", "Cụm số “3” không có"),
        ("abc", "Cụm Ba", "Cụm số “abc” không có"),
    ];
    for (cluster, name, message) in cases {
        let response = client.post_form(&path, &[("cluster", cluster), ("name", name)]).await;

        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{cluster} {name:?}");
        assert!(response.body.contains(message), "{message}: {}", response.body);
    }
    let exactly_100 = "y".repeat(100);
    let accepted = client.post_form(&path, &[("cluster", "1"), ("name", &exactly_100)]).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert_eq!(stored_layout(&app, id).await.names[0], exactly_100);
}

#[tokio::test]
async fn save_creates_year_keeps_last() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let next = next_year(&app);
    let last_before = clusters::layout(&app.db, "79", &app.world.year).await.unwrap();
    let id = create(&client, &next, "2").await;
    let renamed = client.post_form(&format!("/proposals/{id}/rename"), &[("cluster", "1"), ("name", "Cụm Trung tâm")]).await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);

    let response = client.post_form(&format!("/proposals/{id}/save"), &[]).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    assert_eq!(response.location(), Some(format!("/p/79/clusters?year={next}").as_str()));
    let saved = clusters::list(&app.db, "79", &next).await.unwrap();
    let names: Vec<&str> = saved.iter().map(|cluster| cluster.name.as_str()).collect();
    assert_eq!(names, vec!["Cụm Trung tâm", "Cụm 2"]);
    let communes: i64 = saved.iter().map(|cluster| cluster.commune_count).sum();
    assert_eq!(communes, 168);
    let last = clusters::list(&app.db, "79", &app.world.year).await.unwrap();
    let last_names: Vec<&str> = last.iter().map(|cluster| cluster.name.as_str()).collect();
    assert_eq!(last_names, vec!["Cụm A", "Cụm B"]);
    assert_eq!(clusters::layout(&app.db, "79", &app.world.year).await.unwrap(), last_before);
    let page = client.get(&format!("/proposals/{id}")).await;
    assert!(page.body.contains("đã được lưu thành cụm của năm học"), "{}", page.body);
    assert!(!page.body.contains(&format!("action=\"/proposals/{id}/move\"")), "no editing after saving");
}

#[tokio::test]
async fn save_twice_conflicts() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = create(&client, &next_year(&app), "2").await;
    let first = client.post_form(&format!("/proposals/{id}/save"), &[]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);

    let second = client.post_form(&format!("/proposals/{id}/save"), &[]).await;

    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.body.contains("đã được lưu thành cụm của năm học"), "{}", second.body);
    assert_eq!(clusters::list(&app.db, "79", &next_year(&app)).await.unwrap().len(), 2);
}

#[tokio::test]
async fn edit_after_save_conflicts() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let id = create(&client, &next_year(&app), "2").await;
    assert_eq!(client.post_form(&format!("/proposals/{id}/save"), &[]).await.status, StatusCode::SEE_OTHER);

    let moved =
        client.post_form(&format!("/proposals/{id}/move"), &[("commune", &app.world.commune_a1), ("cluster", "1")]).await;
    let renamed = client.post_form(&format!("/proposals/{id}/rename"), &[("cluster", "1"), ("name", "Mới")]).await;

    assert_eq!(moved.status, StatusCode::CONFLICT);
    assert_eq!(renamed.status, StatusCode::CONFLICT);
    assert!(renamed.body.contains("không sửa hay lưu lại được"));
}

#[tokio::test]
async fn save_after_year_taken_conflicts() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let next = next_year(&app);
    let id = create(&client, &next, "2").await;
    let drafts = [ClusterDraft { name: "Cụm khác".into(), communes: vec![app.world.commune_a1.clone()] }];
    clusters::save_layout(&app.db, "79", SchoolYear::parse(&next).unwrap(), &drafts, None).await.unwrap();

    let page = client.get(&format!("/proposals/{id}")).await;
    let response = client.post_form(&format!("/proposals/{id}/save"), &[]).await;

    assert!(page.body.contains("được lưu sau khi tạo đề xuất này"), "{}", page.body);
    assert_eq!(response.status, StatusCode::CONFLICT);
    assert!(response.body.contains(&format!("năm học {next} đã có cụm")), "{}", response.body);
    let names: Vec<String> = clusters::list(&app.db, "79", &next).await.unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(names, vec!["Cụm khác".to_owned()]);
}

#[tokio::test]
async fn save_with_empty_cluster_rejected() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    let all = communes::all_in_province(&app.db, "79").await.unwrap();
    let layout = ProposalLayout {
        names: vec!["Cụm đủ".into(), "Cụm rỗng".into()],
        assignment: all.iter().map(|commune| (commune.code.clone(), 0)).collect(),
    };
    let user = users::id_by_username(&app.db, "chuyenvien").await.unwrap();
    let year = SchoolYear::parse(&next_year(&app)).unwrap();
    let id = clusters::create_proposal(&app.db, "79", year, &layout, user).await.unwrap();

    let page = client.get(&format!("/proposals/{id}")).await;
    let response = client.post_form(&format!("/proposals/{id}/save"), &[]).await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("không còn xã, phường nào: Cụm rỗng"), "{}", page.body);
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("không có xã, phường nào: Cụm rỗng"), "{}", response.body);
    assert!(clusters::list(&app.db, "79", &next_year(&app)).await.unwrap().is_empty());
}

#[tokio::test]
async fn show_unknown_ids_are_404() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    for path in ["/proposals/999999", "/proposals/abc", "/proposals/0", "/proposals/-3"] {
        assert_eq!(client.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let save = client.post_form("/proposals/abc/save", &[]).await;
    assert_eq!(save.status, StatusCode::NOT_FOUND);
    assert_eq!(client.get("/p/99/proposals").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn routes_hidden_outside_province() {
    let app = TestApp::spawn().await;
    let owner = app.login("chuyenvien").await;
    let id = create(&owner, &next_year(&app), "2").await;
    let year = next_year(&app);

    for username in ["giaovien_a1", "hieutruong_a1", "dieuphoi_a", "chuyenvien_hn", "hieutruong_hn"] {
        let client = app.login(username).await;

        let form = client.get("/p/79/proposals").await;
        let created = client.post_form("/p/79/proposals", &[("school_year", &year), ("k", "2")]).await;
        let shown = client.get(&format!("/proposals/{id}")).await;
        let moved = client
            .post_form(&format!("/proposals/{id}/move"), &[("commune", &app.world.commune_a1), ("cluster", "1")])
            .await;
        let renamed = client.post_form(&format!("/proposals/{id}/rename"), &[("cluster", "1"), ("name", "X")]).await;
        let saved = client.post_form(&format!("/proposals/{id}/save"), &[]).await;

        assert_eq!(form.status, StatusCode::NOT_FOUND, "{username} form");
        assert_eq!(created.status, StatusCode::NOT_FOUND, "{username} create");
        assert_eq!(shown.status, StatusCode::NOT_FOUND, "{username} show");
        assert_eq!(moved.status, StatusCode::NOT_FOUND, "{username} move");
        assert_eq!(renamed.status, StatusCode::NOT_FOUND, "{username} rename");
        assert_eq!(saved.status, StatusCode::NOT_FOUND, "{username} save");
    }
    assert_eq!(clusters::proposals(&app.db, "79").await.unwrap().len(), 1);
    assert_eq!(stored_layout(&app, id).await.names[0], "Cụm 1");
    assert!(clusters::list(&app.db, "79", &year).await.unwrap().is_empty());
}

#[tokio::test]
async fn other_province_specialist_uses_own() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien_hn").await;

    let form = client.get("/p/01/proposals").await;

    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Hà Nội"), "{}", form.body);
}

#[tokio::test]
async fn hcmc_all_communes_k16_and_k5() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;
    assert_eq!(communes::all_in_province(&app.db, "79").await.unwrap().len(), 168);

    for k in [16_usize, 5] {
        let id = create(&client, &next_year(&app), &k.to_string()).await;

        let layout = stored_layout(&app, id).await;
        assert_eq!(layout.names.len(), k);
        assert_eq!(layout.assignment.len(), 168);
        for cluster in 0..k {
            assert!(layout.assignment.iter().any(|(_, c)| *c == cluster), "k = {k}: cluster {cluster} is empty");
        }
        let page = client.get(&format!("/proposals/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "k = {k}");
    }
}
