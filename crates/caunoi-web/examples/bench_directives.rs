//! Times publishing a directive to every school of Ho Chi Minh City and rendering its
//! tracking page, on a demo database built by `caunoi demo --no-serve`.
//!
//! Usage: bench_directives DATABASE_URL [REPETITIONS]
//! Prints a Markdown table: the baseline is resolving the same audience (the read half
//! of a publication), and every case is reported as a ratio to it.

use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_core::directive::{Audience, DirectiveKind};
use caunoi_db::directives::{self, AudienceScope, DirectiveInput};
use caunoi_db::{Db, clusters, security, users};
use caunoi_web::{AppState, Config};
use tower::ServiceExt;

const PROVINCE: &str = "79";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or_else(|| anyhow::anyhow!("usage: bench_directives DATABASE_URL [REPETITIONS]"))?;
    let repetitions: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(100);
    let db = Db::connect(&url).await?;
    db.migrate().await?;
    let today = caunoi_web::i18n::today();
    let year = clusters::current_year(&db, PROVINCE, today).await?;
    let specialist = users::id_by_username(&db, "chuyenvien").await?;
    let scope = AudienceScope { province: PROVINCE, school_year: &year, cluster: None };
    let everyone = Audience { everyone: true, ..Audience::default() };

    let schools = directives::resolve_audience(&db, &scope, &everyone).await?.len();
    let baseline = time(repetitions, || async {
        directives::resolve_audience(&db, &scope, &everyone).await?;
        Ok(())
    })
    .await?;

    let mut published = Vec::new();
    let mut publish_times = Vec::new();
    for run in 0..repetitions {
        let id = directives::create_draft(&db, PROVINCE, None, &input(run, everyone.clone()), specialist).await?;
        let started = Instant::now();
        directives::publish(&db, id, specialist, &year).await?;
        publish_times.push(started.elapsed().as_secs_f64() * 1000.0);
        published.push(id);
    }

    let dir = tempfile::TempDir::new()?;
    let router = caunoi_web::router(AppState::new(db.clone(), Config::for_tests(dir.path().to_path_buf())));
    let token = security::create_api_token(&db, specialist, "benchmark").await?;
    let tracked = published[0];
    let page = time(repetitions, || {
        let router = router.clone();
        let token = token.clone();
        async move {
            let request = Request::get(format!("/directives/{tracked}/tracking"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::HOST, "localhost")
                .body(Body::empty())?;
            let response = router.oneshot(request).await?;
            anyhow::ensure!(response.status() == StatusCode::OK, "tracking page answered {}", response.status());
            axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            Ok(())
        }
    })
    .await?;

    println!("Schools in the audience: {schools}; {repetitions} timed runs per row.");
    println!();
    println!("| case | median ms | p99 ms | median / baseline |");
    println!("|---|---:|---:|---:|");
    let base = percentile(&baseline, 0.5);
    for (name, times) in [
        ("baseline: resolve the audience", &baseline),
        ("publish to every school (commit included)", &publish_times),
        ("tracking page, whole province (HTTP, in-process)", &page),
    ] {
        let median = percentile(times, 0.5);
        println!("| {name} | {median:.2} | {:.2} | {:.1} |", percentile(times, 0.99), median / base);
    }
    Ok(())
}

fn input(run: usize, audience: Audience) -> DirectiveInput {
    DirectiveInput {
        kind: DirectiveKind::Dispatch,
        number_symbol: format!("{}/SGDĐT-GDTrH", 1000 + run),
        issuing_body: "Sở Giáo dục và Đào tạo".into(),
        signer: "Giám đốc".into(),
        issued_on: None,
        title: format!("Văn bản đo tốc độ số {run}"),
        summary: String::new(),
        body: String::new(),
        ack_deadline: Some(caunoi_db::now_ms() + 7 * 24 * 3_600_000),
        remind_before_min: 24 * 60,
        audience,
    }
}

async fn time<F, Fut>(repetitions: usize, mut run: F) -> anyhow::Result<Vec<f64>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    run().await?;
    let mut times = Vec::with_capacity(repetitions);
    for _ in 0..repetitions {
        let started = Instant::now();
        run().await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(times)
}

fn percentile(times: &[f64], quantile: f64) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let index = ((sorted.len() as f64 - 1.0) * quantile).round() as usize;
    sorted[index]
}
