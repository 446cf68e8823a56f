//! Storage of lesson study: the lesson plan's versions (`plan`), the seating chart and
//! observation notes (`observation`), analysis forms and the summary (`analysis`), the
//! default criteria (`criteria`) and the minutes sent to cluster boards (`minutes`).

pub mod analysis;
pub mod criteria;
pub mod minutes;
pub mod observation;
pub mod plan;

use caunoi_core::activity::{ActivityKind, ActivityStatus};
use caunoi_core::lesson_study::analysis::{Criterion, Summary};
use caunoi_core::lesson_study::observation::SeatingChart;
use caunoi_core::policy::LessonStudyFacts;
use sqlx::{AnyConnection, FromRow};

use crate::{Db, DbResult, activities, now_ms};

/// Loads the facts about the lesson study of activity `id` as seen by `user_id`.
pub async fn facts(db: &Db, id: i64, user_id: i64) -> DbResult<LessonStudyFacts> {
    let activity = activities::get(db, id).await?;
    let facts = activities::facts(db, id, user_id).await?;
    let participant: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM activity_registrations WHERE activity_id = $1 AND user_id = $2 AND status = 'registered') \
         + (SELECT COUNT(*) FROM activity_attendance WHERE activity_id = $1 AND user_id = $2)",
    )
    .bind(id)
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(LessonStudyFacts {
        activity: facts,
        is_lesson_study: activity.kind() == Some(ActivityKind::LessonStudy),
        cancelled: activity.status() == ActivityStatus::Cancelled,
        actor_participant: participant > 0,
    })
}

/// The lesson study's own row, with the criteria resolved.
#[derive(Debug, Clone)]
pub struct LessonStudy {
    pub activity_id: i64,
    pub seating: SeatingChart,
    pub criteria: Vec<Criterion>,
    /// The criteria are the activity's own rather than the defaults.
    pub custom_criteria: bool,
    pub summary: Summary,
    pub summary_by: Option<i64>,
    pub summary_at: Option<i64>,
    pub closed_at: Option<i64>,
}

#[derive(FromRow)]
struct Row {
    seating: String,
    criteria: Option<String>,
    conclusions: String,
    lessons_to_apply: String,
    secretary: String,
    summary_by: Option<i64>,
    summary_at: Option<i64>,
    closed_at: Option<i64>,
}

/// Creates the row of a lesson study if it has none, inside the caller's transaction.
pub(crate) async fn ensure(conn: &mut AnyConnection, activity_id: i64) -> DbResult<()> {
    sqlx::query("INSERT INTO lesson_studies (activity_id, updated_at) VALUES ($1, $2) ON CONFLICT (activity_id) DO NOTHING")
        .bind(activity_id)
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Loads a lesson study; one with nothing saved yet has an empty chart and the
/// default criteria.
pub async fn get(db: &Db, activity_id: i64) -> DbResult<LessonStudy> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT seating, criteria, conclusions, lessons_to_apply, secretary, summary_by, summary_at, closed_at \
         FROM lesson_studies WHERE activity_id = $1",
    )
    .bind(activity_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(LessonStudy {
            activity_id,
            seating: SeatingChart::default(),
            criteria: criteria::defaults().to_vec(),
            custom_criteria: false,
            summary: Summary::default(),
            summary_by: None,
            summary_at: None,
            closed_at: None,
        });
    };
    let custom: Option<Vec<Criterion>> = row.criteria.as_deref().and_then(|json| serde_json::from_str(json).ok());
    Ok(LessonStudy {
        activity_id,
        seating: serde_json::from_str(&row.seating).unwrap_or_default(),
        custom_criteria: custom.is_some(),
        criteria: custom.unwrap_or_else(|| criteria::defaults().to_vec()),
        summary: Summary { conclusions: row.conclusions, lessons_to_apply: row.lessons_to_apply, secretary: row.secretary },
        summary_by: row.summary_by,
        summary_at: row.summary_at,
        closed_at: row.closed_at,
    })
}
