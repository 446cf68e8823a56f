//! `caunoi demo`: Ho Chi Minh City with its real units, its real upper-secondary school
//! list, generated lower-level schools and people, and a 16-cluster layout.

mod activities;
mod exchange;
mod lesson_study;
mod reports;
mod semester_template;
mod names;
mod people;
mod personnel;
mod recordings;
mod schools;
mod surveys;

use anyhow::Context;
use caunoi_core::clustering::{self, ProposalParams, UnitPoint};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::clusters::{self, ClusterDraft};
use caunoi_db::{Db, communes, provinces, reference};
use caunoi_web::Config;

use crate::cli::{DatabaseArgs, DemoArgs};
use crate::serve::{open, serve};

pub use schools::import_school_file;

/// The demo province: Ho Chi Minh City.
pub const PROVINCE: &str = "79";
/// Number of clusters in the demo layout, as the city's department runs.
pub const CLUSTERS: usize = 16;
/// Password of every demo account, unless `CAUNOI_ADMIN_PASSWORD` sets another.
pub const DEMO_PASSWORD: &str = "caunoi-demo";

pub async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let database = DatabaseArgs { data_dir: args.data_dir.clone(), database_url: args.database_url.clone() };
    let db = open(&database).await?;
    db.migrate().await.context("database migration failed")?;
    let accounts = if provinces::departments(&db).await?.is_empty() {
        println!("Building the demo province (Ho Chi Minh City); this takes a few seconds…");
        let accounts = build(&db).await?;
        let storage = crate::serve::open_storage(&args.data_dir, args.files.storage_url.as_deref())?;
        recordings::seed(&db, &storage).await?;
        accounts
    } else {
        people::demo_accounts(&db).await?
    };
    print_accounts(&accounts, args.listen);
    if args.no_serve {
        return Ok(());
    }
    let config = Config {
        data_dir: args.data_dir,
        listen: args.listen,
        secure_cookies: false,
        trust_proxy: false,
        trusted_origins: Vec::new(),
        max_upload_bytes: 20 * 1024 * 1024,
        max_attachment_bytes: args.max_attachment_mb * 1024 * 1024,
        public_url: args.mail.public_url.clone().unwrap_or_else(|| format!("http://{}", args.listen)),
        max_video_bytes: args.files.max_video_bytes(),
    };
    serve(db, config, &args.mail, &args.files).await
}

/// Builds the whole demo on an empty database.
pub async fn build(db: &Db) -> anyhow::Result<Vec<people::DemoAccount>> {
    if !reference::is_loaded(db).await? {
        reference::load(db).await.context("loading the reference data failed")?;
    }
    provinces::add_department(db, PROVINCE).await?;
    let year = SchoolYear::containing(caunoi_web::i18n::today());

    let real = schools::import_real_upper_secondary(db).await?;
    let generated = schools::generate_lower_levels(db).await?;
    tracing::info!(demo.real_schools = real, demo.generated_schools = generated, "demo schools ready");

    draw_clusters(db, year).await?;
    people::generate_staff(db, year).await?;
    let accounts = people::create_demo_accounts(db, year).await?;
    exchange::seed(db, year).await?;
    reports::seed(db, year).await?;
    activities::seed(db, year).await?;
    surveys::seed(db, year).await?;
    personnel::seed(db, year).await?;
    Ok(accounts)
}

/// Proposes and saves a 16-cluster layout balanced by school count.
async fn draw_clusters(db: &Db, year: SchoolYear) -> anyhow::Result<()> {
    let units = communes::all_in_province(db, PROVINCE).await?;
    let points: Vec<UnitPoint> = units
        .iter()
        .map(|c| UnitPoint { code: c.code.clone(), lat: c.lat, lon: c.lon, weight: c.school_count as f64, area_km2: c.area_km2 })
        .collect();
    let params = ProposalParams { k: CLUSTERS, seed: 2025, ..ProposalParams::default() };
    let proposal = clustering::propose(&points, &params)?;
    let drafts: Vec<ClusterDraft> = (0..CLUSTERS)
        .map(|index| ClusterDraft {
            name: format!("Cụm {}", index + 1),
            communes: units
                .iter()
                .zip(&proposal.assignment)
                .filter(|(_, cluster)| **cluster == index)
                .map(|(unit, _)| unit.code.clone())
                .collect(),
        })
        .collect();
    clusters::save_layout(db, PROVINCE, year, &drafts, None).await?;
    Ok(())
}

fn print_accounts(accounts: &[people::DemoAccount], listen: std::net::SocketAddr) {
    println!();
    println!("Demo: Ho Chi Minh City at http://{listen}/");
    println!("Demo accounts (password: {}):", std::env::var("CAUNOI_ADMIN_PASSWORD").unwrap_or_else(|_| DEMO_PASSWORD.into()));
    for account in accounts {
        println!("  {:<14} {}", account.username, account.description);
    }
    println!();
}
