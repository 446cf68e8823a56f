//! Times the aggregation of reports on a demo database built by `caunoi demo --no-serve`:
//! a template with 300 indicators submitted by every school of Ho Chi Minh City (about
//! one million values), then dashboard-style reads of the roll-ups, the figures page,
//! one incremental update and a full recompute.
//!
//! Usage: bench_reports DATABASE_URL [REPETITIONS]
//! Prints a Markdown table. Two baselines are measured in the same run: counting the
//! request's values, and computing one figure by cluster by scanning `report_values`
//! (what a dashboard would do without roll-ups). Every case is also given as a ratio to
//! the first baseline.

use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use caunoi_core::directive::Audience;
use caunoi_core::report::aggregate::numeric_items;
use caunoi_core::report::definition::{Column, ColumnKind, Field, FieldKind, RowDef, Section, TableRows, TableSpec, TemplateDefinition};
use caunoi_core::report::values::{TableRow, Value, Values};
use caunoi_db::reports::figures::{self, Grouping, Narrowing};
use caunoi_db::reports::requests::{self, RequestInput};
use caunoi_db::reports::templates::{self, NewTemplate};
use caunoi_db::reports::{recompute, rollups};
use caunoi_db::sql::SqlBuilder;
use caunoi_db::{Db, clusters, security, users};
use caunoi_web::{AppState, Config};
use tower::ServiceExt;

const PROVINCE: &str = "79";
const INTEGERS: usize = 200;
const PERCENTS: usize = 20;
const GRADES: usize = 10;
const COLUMNS: usize = 8;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args.next().ok_or_else(|| anyhow::anyhow!("usage: bench_reports DATABASE_URL [REPETITIONS]"))?;
    let repetitions: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(200);
    let db = Db::connect(&url).await?;
    db.migrate().await?;
    let today = caunoi_web::i18n::today();
    let year = clusters::current_year(&db, PROVINCE, today).await?;
    let specialist = users::id_by_username(&db, "chuyenvien").await?;

    let definition = definition();
    let (template, version) = templates::create(
        &db,
        &NewTemplate { province: PROVINCE, cluster: None, name: "Đo tốc độ tổng hợp", description: "", definition: &definition, created_by: specialist },
    )
    .await?;
    let input = RequestInput {
        template_version_id: version,
        title: "Đo tốc độ tổng hợp".into(),
        instructions: String::new(),
        period_kind: "semester".into(),
        period_label: "Học kì I".into(),
        period_start: "2025-09-05".into(),
        period_end: "2026-01-15".into(),
        audience: Audience { everyone: true, ..Audience::default() },
        opens_at: 0,
        deadline_at: caunoi_db::now_ms() + 7 * 24 * 3_600_000,
        remind_before_hours: 48,
    };
    let request = requests::create_draft(&db, PROVINCE, None, &year, &input, specialist).await?;
    let schools = requests::publish(&db, request, specialist).await?;

    let started = Instant::now();
    let values_written = generate(&db, request, &definition).await?;
    let generation = started.elapsed().as_secs_f64();
    let rollup_rows = recompute::request(&db, request).await?;
    let cells: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT DISTINCT cluster_id, commune_code, level, district FROM report_recipients WHERE request_id = $1) c",
    )
    .bind(request)
    .fetch_one(&db.pool)
    .await?;

    let all = Narrowing::whole_province();
    let one = vec!["i000".to_owned()];
    let percent = vec!["p00".to_owned()];
    let table: Vec<String> = figures::items(&definition, "Tổng").into_iter().filter(|i| i.field == "grades").map(|i| i.key).collect();

    let count = time(repetitions, || async {
        let _: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM report_values v JOIN report_submissions s ON s.id = v.submission_id WHERE s.request_id = $1",
        )
        .bind(request)
        .fetch_one(&db.pool)
        .await?;
        Ok(())
    })
    .await?;
    let scan = time(repetitions.min(20), || async {
        let _: Vec<(i64, f64)> = sqlx::query_as(
            "SELECT r.cluster_id, SUM(v.value) FROM report_values v JOIN report_submissions s ON s.id = v.submission_id \
             JOIN report_recipients r ON r.request_id = s.request_id AND r.school_id = s.school_id \
             WHERE s.request_id = $1 AND s.counted = 1 AND v.item = 'i000' GROUP BY r.cluster_id",
        )
        .bind(request)
        .fetch_all(&db.pool)
        .await?;
        Ok(())
    })
    .await?;
    let by_cluster = time(repetitions, || async {
        figures::by_group(&db, request, Grouping::Cluster, &all, Some(&one)).await?;
        Ok(())
    })
    .await?;
    let by_commune = time(repetitions, || async {
        figures::by_group(&db, request, Grouping::Commune, &all, Some(&percent)).await?;
        Ok(())
    })
    .await?;
    let table_by_cluster = time(repetitions, || async {
        figures::by_group(&db, request, Grouping::Cluster, &all, Some(&table)).await?;
        Ok(())
    })
    .await?;
    let province_all = time(repetitions.min(50), || async {
        figures::total(&db, request, &all, None).await?;
        Ok(())
    })
    .await?;

    let dir = tempfile::TempDir::new()?;
    let router = caunoi_web::router(AppState::new(db.clone(), Config::for_tests(dir.path().to_path_buf())));
    let token = security::create_api_token(&db, specialist, "benchmark").await?;
    let page = time(repetitions, || {
        let router = router.clone();
        let token = token.clone();
        async move {
            let request = Request::get(format!("/reports/{request}/figures?group=cluster&field=i000"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::HOST, "localhost")
                .body(Body::empty())?;
            let response = router.oneshot(request).await?;
            anyhow::ensure!(response.status() == StatusCode::OK, "figures page answered {}", response.status());
            axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            Ok(())
        }
    })
    .await?;

    // One school's submission counted again: what every submit, return or accept costs.
    let (submission, level): (i64, String) = sqlx::query_as(
        "SELECT s.id, r.level FROM report_submissions s JOIN report_recipients r ON r.request_id = s.request_id \
         AND r.school_id = s.school_id WHERE s.request_id = $1 ORDER BY s.id LIMIT 1",
    )
    .bind(request)
    .fetch_one(&db.pool)
    .await?;
    let items = numeric_items(&definition, caunoi_core::org::SchoolLevel::parse(&level), &values(7));
    let incremental = time(repetitions.min(50), || async {
        let mut tx = db.begin().await?;
        rollups::replace(&mut tx, submission, Some(&items)).await?;
        tx.commit().await?;
        Ok(())
    })
    .await?;
    let full = time(5, || async {
        recompute::request(&db, request).await?;
        Ok(())
    })
    .await?;

    println!(
        "Schools: {schools}; values: {values_written}; roll-up rows: {rollup_rows} in {cells} grouping cells; \
         template {template} with {} items; generated in {generation:.1} s; {repetitions} timed runs per read \
         (20 for the scan, 50 for the whole-province read and the incremental update, 5 for the recompute).",
        INTEGERS + PERCENTS + GRADES * COLUMNS
    );
    println!();
    println!("| case | p50 ms | p95 ms | p50 / baseline | requirement |");
    println!("|---|---:|---:|---:|---|");
    let base = percentile(&count, 0.5);
    for (name, times, requirement) in [
        ("baseline: COUNT(*) of the request's values", &count, ""),
        ("baseline: one figure by cluster scanning report_values", &scan, ""),
        ("roll-ups: one figure by cluster", &by_cluster, "p95 < 100 ms"),
        ("roll-ups: one weighted percentage by commune", &by_commune, "p95 < 100 ms"),
        ("roll-ups: per-grade table (80 items) by cluster", &table_by_cluster, "p95 < 100 ms"),
        ("roll-ups: all 300 items, whole province", &province_all, "p95 < 100 ms"),
        ("figures page by cluster (HTTP, in-process)", &page, "p95 < 100 ms"),
        ("incremental: count one school's 300 values again", &incremental, ""),
        ("full recompute of the request", &full, "< 2,000 ms"),
    ] {
        let median = percentile(times, 0.5);
        println!("| {name} | {median:.2} | {:.2} | {:.2} | {requirement} |", percentile(times, 0.95), median / base);
    }
    Ok(())
}

fn definition() -> TemplateDefinition {
    let field = |key: String, kind: FieldKind| Field { label: format!("Chỉ tiêu {key}"), key, help: String::new(), required: false, levels: Vec::new(), kind };
    let mut fields: Vec<Field> =
        (0..INTEGERS).map(|n| field(format!("i{n:03}"), FieldKind::Integer { min: Some(0), max: None, unit: String::new() })).collect();
    fields.extend((0..PERCENTS).map(|n| field(format!("p{n:02}"), FieldKind::Percent { weight: Some("i000".into()) })));
    let rows = (0..GRADES).map(|n| RowDef { key: format!("g{}", n + 1), label: format!("Lớp {}", n + 1), levels: Vec::new() }).collect();
    let columns = (0..COLUMNS)
        .map(|n| Column { key: format!("c{n}"), label: format!("Cột {n}"), kind: ColumnKind::Integer, min: None, max: None, required: false })
        .collect();
    fields.push(Field {
        key: "grades".into(),
        label: "Theo khối lớp".into(),
        help: String::new(),
        required: false,
        levels: Vec::new(),
        kind: FieldKind::Table(TableSpec { rows: TableRows::Fixed { rows }, columns }),
    });
    TemplateDefinition {
        sections: vec![Section { key: "s".into(), title: "Số liệu".into(), help: String::new(), levels: Vec::new(), fields }],
        ..TemplateDefinition::default()
    }
}

/// A school's values, varied by a seed.
fn values(seed: i64) -> Values {
    let mut values = Values::default();
    for n in 0..INTEGERS {
        values.0.insert(format!("i{n:03}"), Value::Integer(100 + (seed * 7 + n as i64) % 900));
    }
    for n in 0..PERCENTS {
        values.0.insert(format!("p{n:02}"), Value::Decimal(((seed * 13 + n as i64) % 1000) as f64 / 10.0));
    }
    let rows = (0..GRADES)
        .map(|g| TableRow {
            key: format!("g{}", g + 1),
            cells: (0..COLUMNS).map(|c| (format!("c{c}"), Value::Integer((seed + (g * COLUMNS + c) as i64) % 50))).collect(),
        })
        .collect();
    values.0.insert("grades".into(), Value::Table(rows));
    values
}

/// Writes a counted submission with 300 values for every receiving school, in bulk, and
/// returns the number of values. Roll-ups are then built by a recompute.
async fn generate(db: &Db, request: i64, definition: &TemplateDefinition) -> anyhow::Result<u64> {
    let schools: Vec<(i64, String)> =
        sqlx::query_as("SELECT school_id, level FROM report_recipients WHERE request_id = $1 ORDER BY school_id")
            .bind(request)
            .fetch_all(&db.pool)
            .await?;
    let now = caunoi_db::now_ms();
    let mut tx = db.begin().await?;
    let mut written = 0;
    for (school, level) in &schools {
        let values = values(*school);
        let json = serde_json::to_string(&values)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO report_submissions (request_id, school_id, status, values_json, counted, source, first_submitted_at, \
             submitted_at, revision, created_at, updated_at) VALUES ($1, $2, 'submitted', $3, 1, 'form', $4, $4, 1, $4, $4) RETURNING id",
        )
        .bind(request)
        .bind(*school)
        .bind(json)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let items = numeric_items(definition, caunoi_core::org::SchoolLevel::parse(level), &values);
        for chunk in items.chunks(200) {
            let mut insert = SqlBuilder::new("INSERT INTO report_values (submission_id, item, value, weight) ");
            insert.push_values(chunk, |mut row, item| {
                row.push_bind(id).push_bind(item.item.clone()).push_bind(item.value).push_bind(item.weight);
            });
            insert.build().execute(&mut *tx).await?;
        }
        written += items.len() as u64;
    }
    tx.commit().await?;
    Ok(written)
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
