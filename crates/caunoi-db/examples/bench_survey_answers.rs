//! Times one survey answer as the survey grows, because every answer rewrites all of
//! the survey's answer rows (see `caunoi_db::surveys::answers`). The baseline is the
//! first answer of an empty survey, in the same run.
//!
//! Usage: `cargo run -p caunoi-db --example bench_survey_answers -- [DATABASE_URL] [RESPONDENTS]`.
//! Without a URL it uses SQLite in a temporary directory. A URL must name an empty
//! database made for this run, because the example migrates it and leaves its rows
//! behind. Respondents default to 300. Prints a Markdown table for docs/benchmarks.md.
//! The baseline is a single timing, so read the ratios as rough.

use std::time::Instant;

use caunoi_core::activity::{ActivityKind, Openness, Organiser};
use caunoi_core::directive::Audience;
use caunoi_core::org::{Role, Scope};
use caunoi_core::school_year::SchoolYear;
use caunoi_core::survey::{AnswerValue, default_questions};
use caunoi_db::activities::{self, ActivityInput};
use caunoi_db::clusters::{self, ClusterDraft};
use caunoi_db::surveys::{self, SurveySettings, answers};
use caunoi_db::users::{self, NewUser};
use caunoi_db::{Db, now_ms, provinces, reference};

const HOUR: i64 = 3_600_000;

async fn user(db: &Db, username: &str, cluster: i64) -> Result<i64, Box<dyn std::error::Error>> {
    let new = NewUser {
        username: username.into(),
        full_name: username.into(),
        email: None,
        password_hash: None,
        must_change_password: false,
        deployment_admin: false,
        is_generated: true,
    };
    let id = users::create(db, &new).await?;
    users::grant(db, id, Role::BoardMember, &Scope::Cluster(cluster), "79").await?;
    Ok(id)
}

fn percentile(sorted: &[f64], share: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = tempfile::tempdir()?;
    let url = args.next().unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.sqlite").display()));
    let respondents: usize = args.next().map(|raw| raw.parse()).transpose()?.unwrap_or(300);

    let db = Db::connect(&url).await?;
    db.migrate().await?;
    reference::load(&db).await?;
    provinces::add_department(&db, "79").await?;
    let year = SchoolYear::containing(chrono::Utc::now().date_naive());
    let cluster = clusters::save_layout(&db, "79", year, &[ClusterDraft { name: "Cụm đo".into(), communes: vec!["26743".into()] }], None).await?[0];
    let organiser = user(&db, "bench_organiser", cluster).await?;
    let starts_at = now_ms() - 2 * HOUR;
    let input = ActivityInput {
        kind: ActivityKind::Seminar,
        title: "Hội thảo đo thời gian".into(),
        description: String::new(),
        subjects: Vec::new(),
        levels: Vec::new(),
        grades: Vec::new(),
        presenters: String::new(),
        place_school_id: None,
        place_address: String::new(),
        meeting_url: String::new(),
        starts_at,
        ends_at: starts_at + HOUR,
        capacity: None,
        registration_deadline: None,
        credit_minutes: 60,
        openness: Openness::Province,
        audience: Audience::default(),
        plan_item_id: None,
    };
    let activity = activities::create(&db, "79", Organiser::Cluster(cluster), &input, "K7M9AC", organiser).await?;
    let settings = SurveySettings { opens_at: starts_at, closes_at: now_ms() + 24 * HOUR, anonymous: true };
    let survey = surveys::attach(&db, activity, None, &default_questions(), &settings, organiser).await?;
    let mut people = Vec::with_capacity(respondents);
    for index in 0..respondents {
        people.push(user(&db, &format!("bench_{index}"), cluster).await?);
    }

    let mut timings = Vec::with_capacity(respondents);
    for (index, person) in people.iter().enumerate() {
        let points = [1 + (index % 5) as i64, 4, 3, 5];
        let mut values: Vec<Option<AnswerValue>> = points.iter().map(|point| Some(AnswerValue::Rating(*point))).collect();
        values.push(Some(AnswerValue::Open(format!("Góp ý số {index}"))));
        values.push(None);
        let started = Instant::now();
        answers::answer(&db, survey, *person, &values, now_ms()).await.map_err(|error| format!("answer {index} failed: {error:?}"))?;
        timings.push(started.elapsed().as_secs_f64() * 1000.0);
    }

    let baseline = timings[0];
    println!("Database: {}, {} respondents, 6 questions", db.dialect.name(), respondents);
    println!();
    println!("| answers already stored | rows rewritten | median ms | p95 ms | median / baseline |");
    println!("|---:|---:|---:|---:|---:|");
    println!("| 0 (baseline) | 6 | {baseline:.2} | {baseline:.2} | 1.0 |");
    let window = 20.min(respondents / 3).max(1);
    for start in [respondents / 3, 2 * respondents / 3, respondents - window] {
        let mut slice: Vec<f64> = timings[start..(start + window).min(respondents)].to_vec();
        slice.sort_by(f64::total_cmp);
        let median = percentile(&slice, 0.5);
        println!(
            "| {start}–{} | {}–{} | {median:.2} | {:.2} | {:.1} |",
            start + window - 1,
            (start + 1) * 6,
            (start + window) * 6,
            percentile(&slice, 0.95),
            median / baseline
        );
    }
    Ok(())
}
