//! Standard reports of the demo: the department's "Thống kê học kì I" template, asked of
//! every school for this semester (deadline ahead, schools at every stage) and for the
//! same semester last year (closed, nearly all accepted), so the dashboards, figures
//! and comparisons across periods have something to show. Values are invented.

use caunoi_core::directive::Audience;
use caunoi_core::org::SchoolLevel;
use caunoi_core::report::aggregate::numeric_items;
use caunoi_core::report::deadline::{local_instant, on_time};
use caunoi_core::report::values::{TableRow, Value, Values};
use caunoi_core::report::{FieldKind, SubmissionStatus, TemplateDefinition};
use caunoi_core::school_year::SchoolYear;
use caunoi_db::reports::requests::{self, RequestInput};
use caunoi_db::reports::{rollups, templates};
use caunoi_db::{Db, now_ms, users};
use chrono::{Datelike, Duration, NaiveTime};

use super::PROVINCE;
use super::names::Rng;
use super::semester_template;

const DAY_MS: i64 = 24 * 3_600_000;

/// Builds the template and both requests, with the submissions of the schools.
pub async fn seed(db: &Db, year: SchoolYear) -> anyhow::Result<()> {
    let specialist = users::id_by_username(db, "chuyenvien").await?;
    let definition = semester_template::definition();
    let new = templates::NewTemplate {
        province: PROVINCE,
        cluster: None,
        name: "Thống kê học kì I",
        description: "Quy mô trường lớp, học sinh theo khối lớp, kết quả học kì I và cơ sở vật chất.",
        definition: &definition,
        created_by: specialist,
    };
    let (template_id, version_id) = templates::create(db, &new).await?;
    sqlx::query("UPDATE report_templates SET is_generated = 1 WHERE id = $1").bind(template_id).execute(&db.pool).await?;

    let today = caunoi_web::i18n::today();
    let five_pm = NaiveTime::from_hms_opt(17, 0, 0).expect("17:00");
    let current = Period {
        year,
        deadline_at: local_instant(today + Duration::days(5), five_pm),
        opens_at: now_ms() - 10 * DAY_MS,
        closed: false,
    };
    let previous_year = SchoolYear::starting(year.start_year() - 1).expect("a school year");
    let previous = Period {
        year: previous_year,
        deadline_at: local_instant(today.with_year(today.year() - 1).unwrap_or(today) + Duration::days(5), five_pm),
        opens_at: now_ms() - 375 * DAY_MS,
        closed: true,
    };
    for (period, seed) in [(previous, 11), (current, 7)] {
        let id = request(db, &period, version_id, specialist).await?;
        submit_all(db, id, &definition, &period, specialist, seed).await?;
    }
    Ok(())
}

struct Period {
    year: SchoolYear,
    deadline_at: i64,
    opens_at: i64,
    closed: bool,
}

async fn request(db: &Db, period: &Period, version_id: i64, specialist: i64) -> anyhow::Result<i64> {
    let year = period.year.to_string();
    let start = period.year.start_year();
    let input = RequestInput {
        template_version_id: version_id,
        title: format!("Thống kê học kì I năm học {year}"),
        instructions: "Các trường nộp trực tuyến hoặc tải tệp Excel về điền rồi tải lên. Hiệu trưởng kiểm tra số liệu trước khi nộp.".into(),
        period_kind: "semester".into(),
        period_label: format!("Học kì I năm học {year}"),
        period_start: format!("{start}-09-05"),
        period_end: format!("{}-01-15", start + 1),
        audience: Audience { everyone: true, ..Audience::default() },
        opens_at: period.opens_at,
        deadline_at: period.deadline_at,
        remind_before_hours: 48,
    };
    let id = requests::create_draft(db, PROVINCE, None, &year, &input, specialist).await?;
    sqlx::query("UPDATE report_requests SET is_generated = 1 WHERE id = $1").bind(id).execute(&db.pool).await?;
    requests::publish(db, id, specialist).await?;
    if period.closed {
        sqlx::query("UPDATE report_requests SET status = 'closed', closed_at = $1 WHERE id = $2")
            .bind(period.deadline_at + 20 * DAY_MS)
            .bind(id)
            .execute(&db.pool)
            .await?;
    }
    Ok(id)
}

/// What happens to one school's report in the demo.
#[derive(Clone, Copy)]
enum Fate {
    Nothing,
    Draft,
    Submitted { late: bool },
    Returned,
    Accepted { late: bool },
}

fn fate(rng: &mut Rng, closed: bool) -> Fate {
    let roll = rng.below(100);
    if closed {
        return match roll {
            0..=2 => Fate::Nothing,
            3..=10 => Fate::Accepted { late: true },
            _ => Fate::Accepted { late: false },
        };
    }
    match roll {
        0..=29 => Fate::Nothing,
        30..=39 => Fate::Draft,
        40..=44 => Fate::Returned,
        45..=64 => Fate::Accepted { late: false },
        _ => Fate::Submitted { late: false },
    }
}

/// Inserts every school's submission of one request in a single transaction, with the
/// same roll-up bookkeeping as a real submission, so the demo builds in seconds.
async fn submit_all(db: &Db, request_id: i64, definition: &TemplateDefinition, period: &Period, reviewer: i64, seed: u64) -> anyhow::Result<()> {
    let recipients: Vec<(i64, String)> =
        sqlx::query_as("SELECT school_id, level FROM report_recipients WHERE request_id = $1 ORDER BY school_id")
            .bind(request_id)
            .fetch_all(&db.pool)
            .await?;
    let leaders: std::collections::HashMap<i64, i64> = sqlx::query_as(
        "SELECT g.school_id, MIN(g.user_id) FROM role_grants g JOIN report_recipients r ON r.school_id = g.school_id \
         WHERE r.request_id = $1 AND g.role = 'school_leader' GROUP BY g.school_id",
    )
    .bind(request_id)
    .fetch_all(&db.pool)
    .await?
    .into_iter()
    .collect();
    let mut rng = Rng::new(seed);
    let now = caunoi_db::now_ms();
    let mut tx = db.begin().await?;
    for (school_id, level) in recipients {
        let fate = fate(&mut rng, period.closed);
        if matches!(fate, Fate::Nothing) {
            continue;
        }
        let level = SchoolLevel::parse(&level);
        let values = invent_values(definition, level, &mut rng);
        let values_json = serde_json::to_string(&values)?;
        let author = leaders.get(&school_id).copied().unwrap_or(reviewer);
        let (status, late) = match fate {
            Fate::Nothing | Fate::Draft => (SubmissionStatus::Draft, false),
            Fate::Submitted { late } => (SubmissionStatus::Submitted, late),
            Fate::Returned => (SubmissionStatus::Returned, false),
            Fate::Accepted { late } => (SubmissionStatus::Accepted, late),
        };
        // Never in the future: on-time reports come between the opening and now (or the
        // deadline, when it has passed), late ones after the deadline.
        let latest_on_time = period.deadline_at.min(now) - 1;
        let submitted_at = (status != SubmissionStatus::Draft).then(|| {
            if late {
                (period.deadline_at + DAY_MS + rng.below(3 * DAY_MS as u64) as i64).min(now)
            } else {
                latest_on_time - rng.below((latest_on_time - period.opens_at).clamp(1, 8 * DAY_MS) as u64) as i64
            }
        });
        debug_assert!(submitted_at.is_none_or(|at| on_time(period.deadline_at, at) != late));
        let updated_at = submitted_at.unwrap_or(period.opens_at + DAY_MS);
        let submission_id: i64 = sqlx::query_scalar(
            "INSERT INTO report_submissions (request_id, school_id, status, values_json, source, first_submitted_at, \
             submitted_at, submitted_by, revision, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'form', $5, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(request_id)
        .bind(school_id)
        .bind(status.as_str())
        .bind(values_json.clone())
        .bind(submitted_at)
        .bind(submitted_at.map(|_| author))
        .bind(i64::from(submitted_at.is_some()))
        .bind(period.opens_at + DAY_MS)
        .bind(updated_at)
        .fetch_one(&mut *tx)
        .await?;
        let mut events = vec![("saved", String::new(), None, author, period.opens_at + DAY_MS)];
        if let Some(at) = submitted_at {
            events.push(("submitted", String::new(), Some(values_json.clone()), author, at));
            match status {
                SubmissionStatus::Returned => events.push((
                    "returned",
                    "Tổng số học sinh các khối chưa khớp với sĩ số báo cáo tháng trước, đề nghị trường kiểm tra lại.".to_owned(),
                    None,
                    reviewer,
                    at + DAY_MS / 2,
                )),
                SubmissionStatus::Accepted => events.push(("accepted", String::new(), None, reviewer, at + DAY_MS)),
                _ => {}
            }
        }
        for (action, comment, snapshot, user, at) in events {
            sqlx::query(
                "INSERT INTO report_events (submission_id, action, comment, values_json, user_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(submission_id)
            .bind(action)
            .bind(comment)
            .bind(snapshot)
            .bind(user)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        if status.is_counted() {
            let items = numeric_items(definition, level, &values);
            rollups::replace(&mut tx, submission_id, Some(&items)).await?;
        }
    }
    caunoi_db::reports::live::touch(&mut tx, PROVINCE, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// Invents consistent values for a school of `level`: per-grade classes and students
/// that add up to the totals, about half of them girls.
fn invent_values(definition: &TemplateDefinition, level: Option<SchoolLevel>, rng: &mut Rng) -> Values {
    let mut values = Values::default();
    let grades = match definition.field("grades").map(|field| &field.kind) {
        Some(FieldKind::Table(table)) => table.rows_for(level).into_iter().map(|row| row.key.clone()).collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    let class_size = match level {
        Some(SchoolLevel::Preschool) => 25,
        Some(SchoolLevel::Primary) => 35,
        _ => 40,
    };
    let (mut classes, mut students, mut girls) = (0, 0, 0);
    let mut rows = Vec::new();
    for grade in grades {
        let row_classes = 2 + rng.below(8) as i64;
        let row_students = row_classes * (class_size - 5 + rng.below(10) as i64);
        let row_girls = row_students * (44 + rng.below(10) as i64) / 100;
        classes += row_classes;
        students += row_students;
        girls += row_girls;
        let cells = [
            ("classes".to_owned(), Value::Integer(row_classes)),
            ("students".to_owned(), Value::Integer(row_students)),
            ("girls".to_owned(), Value::Integer(row_girls)),
        ];
        rows.push(TableRow { key: grade, cells: cells.into() });
    }
    values.0.insert("classes".into(), Value::Integer(classes));
    values.0.insert("students".into(), Value::Integer(students));
    values.0.insert("girls".into(), Value::Integer(girls));
    values.0.insert("disabled".into(), Value::Integer(rng.below(6) as i64));
    values.0.insert("grades".into(), Value::Table(rows));
    values.0.insert("attendance".into(), Value::Decimal(92.0 + rng.below(75) as f64 / 10.0));
    values.0.insert("good_results".into(), Value::Decimal(55.0 + rng.below(350) as f64 / 10.0));
    values.0.insert("classrooms".into(), Value::Integer(classes + rng.below(4) as i64));
    values.0.insert("two_sessions".into(), Value::Bool(rng.below(100) < 75));
    let library = ["Đạt chuẩn", "Chưa đạt chuẩn", "Chưa có"][(rng.below(10) / 4) as usize];
    values.0.insert("library".into(), Value::Choice(library.into()));
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invented_values_pass_validation_at_every_level() {
        let definition = semester_template::definition();
        let mut rng = Rng::new(3);
        for level in [SchoolLevel::Preschool, SchoolLevel::Primary, SchoolLevel::LowerSecondary, SchoolLevel::UpperSecondary, SchoolLevel::MultiLevel, SchoolLevel::ContinuingEducation] {
            for _ in 0..20 {
                let values = invent_values(&definition, Some(level), &mut rng);
                let problems = caunoi_core::report::validate(&definition, Some(level), &values);
                assert!(problems.is_empty(), "{level:?}: {problems:?}");
            }
        }
    }
}
