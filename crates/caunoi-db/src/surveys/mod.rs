//! Feedback surveys of activities: attaching a survey from a template, its window and
//! anonymity, who may answer, and the facts the policy needs.
//!
//! Answers live in `answers`, grouped results in `results`, reminders in `reminders`,
//! templates in `templates` and the boards' action items in `action_items`.

pub mod action_items;
pub mod answers;
pub mod reminders;
pub mod results;
pub mod templates;

use caunoi_core::policy::SurveyFacts;
use caunoi_core::survey::{Phase, Question};
use serde::Serialize;
use sqlx::FromRow;

use crate::notifications::{self, NewNotification, NotificationKind};
use crate::{Db, DbError, DbResult, activities, now_ms};

/// The people who may answer the survey of the activity whose id is bound as `$1`:
/// its attendees, or its registrants holding a seat when no attendance was marked.
pub(crate) const PARTICIPANTS_OF_ONE: &str = "SELECT x.user_id FROM activity_attendance x WHERE x.activity_id = $1 \
     UNION SELECT r.user_id FROM activity_registrations r WHERE r.activity_id = $1 AND r.status = 'registered' \
     AND NOT EXISTS (SELECT 1 FROM activity_attendance y WHERE y.activity_id = $1)";

/// The same rule for every activity at once, as `(activity_id, user_id)` rows.
pub(crate) const PARTICIPANTS_OF_ALL: &str = "SELECT x.activity_id, x.user_id FROM activity_attendance x \
     UNION SELECT r.activity_id, r.user_id FROM activity_registrations r WHERE r.status = 'registered' \
     AND NOT EXISTS (SELECT 1 FROM activity_attendance y WHERE y.activity_id = r.activity_id)";

/// A survey row.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Survey {
    pub id: i64,
    pub activity_id: i64,
    pub template_id: Option<i64>,
    pub questions: String,
    pub anonymous: i64,
    pub opens_at: i64,
    pub closes_at: i64,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Survey {
    pub fn questions(&self) -> Vec<Question> {
        serde_json::from_str(&self.questions).unwrap_or_default()
    }

    pub fn anonymous(&self) -> bool {
        self.anonymous != 0
    }

    pub fn phase(&self, now: i64) -> Phase {
        Phase::at(self.opens_at, self.closes_at, now)
    }
}

const COLUMNS: &str = "id, activity_id, template_id, questions, anonymous, opens_at, closes_at, created_by, created_at, updated_at";

/// Settings the organiser chooses when attaching a survey or changing it.
#[derive(Debug, Clone)]
pub struct SurveySettings {
    pub opens_at: i64,
    pub closes_at: i64,
    pub anonymous: bool,
}

/// Attaches a survey to an activity with a copy of the template's questions, notifies
/// its participants in the same transaction, and returns its id. An activity has at
/// most one survey: a second attach is a [`DbError::Conflict`] on `surveys_activity_key`.
pub async fn attach(
    db: &Db,
    activity_id: i64,
    template_id: Option<i64>,
    questions: &[Question],
    settings: &SurveySettings,
    user_id: i64,
) -> DbResult<i64> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO surveys (activity_id, template_id, questions, anonymous, opens_at, closes_at, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(activity_id)
    .bind(template_id)
    .bind(serde_json::to_string(questions).map_err(|error| DbError::Invalid(error.to_string()))?)
    .bind(i64::from(settings.anonymous))
    .bind(settings.opens_at)
    .bind(settings.closes_at)
    .bind(user_id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;

    let participants: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(PARTICIPANTS_OF_ONE)).bind(activity_id).fetch_all(&mut *tx).await?;
    let title: String = sqlx::query_scalar("SELECT title FROM activities WHERE id = $1").bind(activity_id).fetch_one(&mut *tx).await?;
    let note = NewNotification {
        kind: NotificationKind::Activity.as_str(),
        message_id: "survey-notify-attached",
        params: serde_json::json!({ "title": title, "opens_ms": settings.opens_at, "closes_ms": settings.closes_at }),
        link: format!("/surveys/{id}"),
    };
    notifications::notify(&mut tx, &participants, &note).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn get(db: &Db, id: i64) -> DbResult<Survey> {
    let sql = format!("SELECT {COLUMNS} FROM surveys WHERE id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Returns the survey of an activity, if one is attached.
pub async fn of_activity(db: &Db, activity_id: i64) -> DbResult<Option<Survey>> {
    let sql = format!("SELECT {COLUMNS} FROM surveys WHERE activity_id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(activity_id).fetch_optional(&db.pool).await?)
}

/// Reason a survey's settings were not saved.
#[derive(Debug)]
pub enum UpdateError {
    /// Someone has answered, so the anonymity can no longer change either way.
    AnonymityFixed,
    /// The survey has closed, so it can neither reopen nor change.
    Closed,
    Db(DbError),
}

impl From<DbError> for UpdateError {
    fn from(error: DbError) -> Self {
        UpdateError::Db(error)
    }
}

impl From<sqlx::Error> for UpdateError {
    fn from(error: sqlx::Error) -> Self {
        UpdateError::Db(error.into())
    }
}

/// Saves a survey's window and anonymity at `now`. The anonymity is fixed once anyone
/// has answered: answers given anonymously must never gain a name, and answers given
/// with a name were not given under the promise of anonymity. A closed survey never
/// changes: reopening it after its results showed, then closing it again after one
/// more answer, would reveal that answer by comparing the two results. The checks and
/// the write are one statement, so an answer arriving at the same time cannot slip
/// between them.
pub async fn update(db: &Db, id: i64, settings: &SurveySettings, now: i64) -> Result<(), UpdateError> {
    let updated = sqlx::query(
        "UPDATE surveys SET opens_at = $1, closes_at = $2, anonymous = $3, updated_at = $4 \
         WHERE id = $5 AND closes_at > $4 \
         AND (anonymous = $3 OR NOT EXISTS (SELECT 1 FROM survey_respondents r WHERE r.survey_id = $5))",
    )
    .bind(settings.opens_at)
    .bind(settings.closes_at)
    .bind(i64::from(settings.anonymous))
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if updated == 1 {
        return Ok(());
    }
    let survey = get(db, id).await?;
    if survey.closes_at <= now { Err(UpdateError::Closed) } else { Err(UpdateError::AnonymityFixed) }
}

/// Counts who has answered a survey.
pub async fn respondent_count(db: &Db, survey_id: i64) -> DbResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM survey_respondents WHERE survey_id = $1")
        .bind(survey_id)
        .fetch_one(&db.pool)
        .await?)
}

/// Counts who may answer the survey of an activity.
pub async fn participant_count(db: &Db, activity_id: i64) -> DbResult<i64> {
    let sql = format!("SELECT COUNT(*) FROM ({PARTICIPANTS_OF_ONE}) p");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(activity_id).fetch_one(&db.pool).await?)
}

/// Returns whether a person may answer the survey of an activity.
pub async fn is_participant(db: &Db, activity_id: i64, user_id: i64) -> DbResult<bool> {
    let sql = format!("SELECT COUNT(*) FROM ({PARTICIPANTS_OF_ONE}) p WHERE p.user_id = $2");
    let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(activity_id).bind(user_id).fetch_one(&db.pool).await?;
    Ok(count > 0)
}

/// Returns whether a person has answered a survey.
pub async fn has_answered(db: &Db, survey_id: i64, user_id: i64) -> DbResult<bool> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_respondents WHERE survey_id = $1 AND user_id = $2")
        .bind(survey_id)
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(count > 0)
}

/// Loads the facts about a survey as seen by `user_id`.
pub async fn facts(db: &Db, survey: &Survey, user_id: i64) -> DbResult<SurveyFacts> {
    let activity = activities::facts(db, survey.activity_id, user_id).await?;
    let actor_participant = is_participant(db, survey.activity_id, user_id).await?;
    Ok(SurveyFacts { activity, actor_participant })
}
