use axum::http::StatusCode;

use crate::harness::{PASSWORD, TestApp};

#[tokio::test]
async fn login_then_home_redirects_to_province() {
    let app = TestApp::spawn().await;
    let client = app.login("chuyenvien").await;

    let response = client.get("/").await;

    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/p/79"));
}

#[tokio::test]
async fn wrong_password_is_refused_in_vietnamese() {
    let app = TestApp::spawn().await;

    let response = app.anonymous().post_form("/login", &[("username", "chuyenvien"), ("password", "sai")]).await;

    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.body.contains("không đúng"), "{}", response.body);
}

#[tokio::test]
async fn anonymous_page_redirects_to_login() {
    let app = TestApp::spawn().await;

    let response = app.anonymous().get("/me").await;

    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/login?next=/me"));
}

#[tokio::test]
async fn throttling_blocks_guesses_but_not_owner_elsewhere() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        let response = app.anonymous().post_form("/login", &[("username", "giaovien_a1"), ("password", "doan-sai")]).await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }

    let blocked = app.anonymous().post_form("/login", &[("username", "giaovien_a1"), ("password", PASSWORD)]).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.headers.contains_key("retry-after"));
    assert!(blocked.body.contains("phút"), "{}", blocked.body);

    // The same account from another address still gets in.
    sqlx::query("UPDATE login_attempts SET address = 'other-address'").execute(&app.db.pool).await.unwrap();
    let client = app.login("giaovien_a1").await;
    assert_eq!(client.get("/me").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_guesses_stay_within_limit() {
    let app = TestApp::spawn().await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let router = app.router.clone();
        tasks.spawn(async move {
            let request = axum::http::Request::post("/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("host", "localhost")
                .header("origin", "http://localhost")
                .header("sec-fetch-site", "same-origin")
                .body(axum::body::Body::from("username=giaovien_a1&password=doan-sai"))
                .unwrap();
            tower::ServiceExt::oneshot(router, request).await.unwrap().status()
        });
    }

    let statuses = tasks.join_all().await;

    let checked = statuses.iter().filter(|status| **status == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|status| **status == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(checked <= 5, "{checked} of 16 parallel guesses reached the password check");
    assert_eq!(checked + refused, 16, "{statuses:?}");
}

#[tokio::test]
async fn cross_site_post_is_rejected() {
    let app = TestApp::spawn().await;
    let request = axum::http::Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "localhost")
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::from("username=admin&password=x"))
        .unwrap();

    let response = app.send(request).await;

    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(response.body.contains("gửi từ một trang khác"), "{}", response.body);
}

#[tokio::test]
async fn framework_rejections_are_translated() {
    let app = TestApp::spawn().await;
    let client = app.login("hieutruong_a1").await;
    // A repeated single-value field, and a method the route does not take.
    let repeated = client.post_form("/me/password", &[("current", "a"), ("current", "b")]).await;
    let wrong_method = client.get("/logout").await;

    assert_eq!(repeated.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(repeated.body.contains("trường bị lặp"), "{}", repeated.body);
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.body.contains("không nhận thao tác"), "{}", wrong_method.body);
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = TestApp::spawn().await;

    let response = app.anonymous().get("/login").await;

    assert_eq!(response.status, StatusCode::OK);
    for name in ["content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"] {
        assert!(response.headers.contains_key(name), "missing {name}");
    }
    let csp = response.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn login_rotates_session_id() {
    let app = TestApp::spawn().await;
    let first = app.anonymous().get("/login").await;
    let before = first.headers.get("set-cookie").map(|v| v.to_str().unwrap().to_owned());

    let client = app.login("chuyenvien").await;

    assert_eq!(client.get("/me").await.status, StatusCode::OK);
    assert!(before.is_none(), "anonymous pages must not create sessions");
}

async fn user_with_one_time_password(app: &TestApp) {
    let user = caunoi_db::users::NewUser {
        username: "moi".into(),
        full_name: "Trương Thị Mới".into(),
        email: None,
        password_hash: Some(caunoi_db::security::hash_password(PASSWORD)),
        must_change_password: true,
        deployment_admin: false,
        is_generated: false,
    };
    caunoi_db::users::create(&app.db, &user).await.unwrap();
}

#[tokio::test]
async fn one_time_password_leads_to_change() {
    let app = TestApp::spawn().await;
    user_with_one_time_password(&app).await;

    let response = app.anonymous().post_form("/login", &[("username", "moi"), ("password", PASSWORD), ("next", "/me")]).await;

    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/me/password?next=/me"));
}

#[tokio::test]
async fn password_change_checks_rules() {
    let app = TestApp::spawn().await;
    let client = app.login("giaovien_a1").await;
    let cases = [
        ("sai-mat-khau", "mat-khau-moi-123", "mat-khau-moi-123", "không đúng"),
        (PASSWORD, "ngan", "ngan", "quá ngắn"),
        (PASSWORD, "mat-khau-moi-123", "mat-khau-khac-123", "không khớp"),
        (PASSWORD, PASSWORD, PASSWORD, "phải khác"),
    ];
    for (current, new, confirm, expected) in cases {
        let response = client.post_form("/me/password", &[("current", current), ("new", new), ("confirm", confirm)]).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        assert!(response.body.contains(expected), "{expected}: {}", response.body);
    }
}

#[tokio::test]
async fn password_change_takes_effect() {
    let app = TestApp::spawn().await;
    let client = app.login("giaovien_a1").await;

    let response = client
        .post_form("/me/password", &[("current", PASSWORD), ("new", "mat-khau-moi-123"), ("confirm", "mat-khau-moi-123")])
        .await;

    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let old = app.anonymous().post_form("/login", &[("username", "giaovien_a1"), ("password", PASSWORD)]).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = app.anonymous().post_form("/login", &[("username", "giaovien_a1"), ("password", "mat-khau-moi-123")]).await;
    assert_eq!(new.status, StatusCode::SEE_OTHER);
}
