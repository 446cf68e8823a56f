//! Professional-development activities: creating and editing them, publishing to an
//! audience of schools, cancelling, and the facts the policy needs.
//!
//! Registration and attendance live in their own modules; the cluster plans in
//! `plans`, calendars and each person's record in `calendar` and `record`.

pub mod attendance;
pub mod calendar;
pub mod list;
pub mod plans;
pub mod record;
pub mod registrations;

use caunoi_core::activity::{ActivityKind, ActivityStatus, Openness, Organiser, checkin};
use caunoi_core::directive::Audience;
use caunoi_core::policy::ActivityFacts;
use caunoi_core::text::{fold, normalize};
use serde::Serialize;
use sqlx::FromRow;

use crate::directives::audience::{AudienceScope, push_from_where};
use crate::sql::SqlBuilder;
use crate::{Db, DbError, DbResult, now_ms};

/// An activity row.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Activity {
    pub id: i64,
    pub province_code: String,
    pub organiser_kind: String,
    pub cluster_id: Option<i64>,
    pub school_id: Option<i64>,
    pub kind: String,
    pub status: String,
    pub title: String,
    pub description: String,
    pub subjects: String,
    pub levels: String,
    pub grades: String,
    pub presenters: String,
    pub place_school_id: Option<i64>,
    pub place_address: String,
    pub meeting_url: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub registered_count: i64,
    pub registration_deadline: Option<i64>,
    pub credit_minutes: i64,
    pub openness: String,
    pub audience: String,
    pub checkin_code: String,
    pub sequence: i64,
    pub plan_item_id: Option<i64>,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub cancel_reason: String,
}

impl Activity {
    pub fn organiser(&self) -> Organiser {
        Organiser::from_columns(&self.organiser_kind, self.cluster_id, self.school_id).unwrap_or(Organiser::Department)
    }

    pub fn kind(&self) -> Option<ActivityKind> {
        ActivityKind::parse(&self.kind)
    }

    pub fn status(&self) -> ActivityStatus {
        ActivityStatus::parse(&self.status).unwrap_or(ActivityStatus::Draft)
    }

    pub fn openness(&self) -> Openness {
        Openness::parse(&self.openness).unwrap_or(Openness::Audience)
    }

    pub fn audience(&self) -> Audience {
        serde_json::from_str(&self.audience).unwrap_or_default()
    }

    pub fn subjects(&self) -> Vec<String> {
        serde_json::from_str(&self.subjects).unwrap_or_default()
    }

    pub fn grades(&self) -> Vec<i64> {
        serde_json::from_str(&self.grades).unwrap_or_default()
    }

    pub fn levels(&self) -> Vec<String> {
        serde_json::from_str(&self.levels).unwrap_or_default()
    }
}

const COLUMNS: &str = "id, province_code, organiser_kind, cluster_id, school_id, kind, status, title, description, \
     subjects, levels, grades, presenters, place_school_id, place_address, meeting_url, starts_at, ends_at, capacity, \
     registered_count, registration_deadline, credit_minutes, openness, audience, checkin_code, sequence, plan_item_id, \
     created_by, created_at, updated_at, published_at, cancelled_at, cancel_reason";

/// Fields the organiser fills in. Text is normalised to NFC on the way in.
#[derive(Debug, Clone)]
pub struct ActivityInput {
    pub kind: ActivityKind,
    pub title: String,
    pub description: String,
    pub subjects: Vec<String>,
    pub levels: Vec<String>,
    pub grades: Vec<i64>,
    pub presenters: String,
    pub place_school_id: Option<i64>,
    pub place_address: String,
    pub meeting_url: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub registration_deadline: Option<i64>,
    pub credit_minutes: i64,
    pub openness: Openness,
    pub audience: Audience,
    pub plan_item_id: Option<i64>,
}

/// Normalises the presenters, one per line.
fn presenter_lines(raw: &str) -> String {
    raw.lines().map(normalize).filter(|line| !line.is_empty()).collect::<Vec<_>>().join("\n")
}

fn search_text(input: &ActivityInput) -> String {
    fold(&format!("{} {} {}", input.title, input.description, input.presenters))
}

/// Creates a draft activity and returns its id. `checkin_code` comes from
/// [`checkin::code_from_bytes`] with bytes from a secure source.
pub async fn create(
    db: &Db,
    province: &str,
    organiser: Organiser,
    input: &ActivityInput,
    checkin_code: &str,
    user_id: i64,
) -> DbResult<i64> {
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO activities (province_code, organiser_kind, cluster_id, school_id, kind, status, title, search_text, \
         description, subjects, levels, grades, presenters, place_school_id, place_address, meeting_url, starts_at, \
         ends_at, capacity, registration_deadline, credit_minutes, openness, audience, checkin_code, plan_item_id, \
         created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
         $21, $22, $23, $24, $25, $26, $26) RETURNING id",
    )
    .bind(province.to_owned())
    .bind(organiser.kind_str())
    .bind(organiser.cluster())
    .bind(organiser.school())
    .bind(input.kind.as_str())
    .bind(normalize(input.title.trim()))
    .bind(search_text(input))
    .bind(normalize(input.description.trim()))
    .bind(serde_json::to_string(&input.subjects).unwrap_or_default())
    .bind(serde_json::to_string(&input.levels).unwrap_or_default())
    .bind(serde_json::to_string(&input.grades).unwrap_or_default())
    .bind(presenter_lines(&input.presenters))
    .bind(input.place_school_id)
    .bind(normalize(input.place_address.trim()))
    .bind(input.meeting_url.trim().to_owned())
    .bind(input.starts_at)
    .bind(input.ends_at)
    .bind(input.capacity)
    .bind(input.registration_deadline)
    .bind(input.credit_minutes)
    .bind(input.openness.as_str())
    .bind(serde_json::to_string(&input.audience).unwrap_or_default())
    .bind(checkin::normalize(checkin_code))
    .bind(input.plan_item_id)
    .bind(user_id)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(id)
}

/// Saves the organiser's changes. A published activity's `sequence` goes up, so that
/// calendars replace their entry.
pub async fn update(db: &Db, id: i64, input: &ActivityInput) -> DbResult<()> {
    let updated = sqlx::query(
        "UPDATE activities SET kind = $1, title = $2, search_text = $3, description = $4, subjects = $5, levels = $6, \
         grades = $7, presenters = $8, place_school_id = $9, place_address = $10, meeting_url = $11, starts_at = $12, \
         ends_at = $13, capacity = $14, registration_deadline = $15, credit_minutes = $16, openness = $17, \
         audience = CASE WHEN status = 'draft' THEN $18 ELSE audience END, plan_item_id = $19, \
         sequence = CASE WHEN status = 'published' THEN sequence + 1 ELSE sequence END, updated_at = $20 \
         WHERE id = $21 AND status <> 'cancelled'",
    )
    .bind(input.kind.as_str())
    .bind(normalize(input.title.trim()))
    .bind(search_text(input))
    .bind(normalize(input.description.trim()))
    .bind(serde_json::to_string(&input.subjects).unwrap_or_default())
    .bind(serde_json::to_string(&input.levels).unwrap_or_default())
    .bind(serde_json::to_string(&input.grades).unwrap_or_default())
    .bind(presenter_lines(&input.presenters))
    .bind(input.place_school_id)
    .bind(normalize(input.place_address.trim()))
    .bind(input.meeting_url.trim().to_owned())
    .bind(input.starts_at)
    .bind(input.ends_at)
    .bind(input.capacity)
    .bind(input.registration_deadline)
    .bind(input.credit_minutes)
    .bind(input.openness.as_str())
    .bind(serde_json::to_string(&input.audience).unwrap_or_default())
    .bind(input.plan_item_id)
    .bind(now_ms())
    .bind(id)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(DbError::Invalid(format!("activity {id} is cancelled or missing")));
    }
    Ok(())
}

pub async fn get(db: &Db, id: i64) -> DbResult<Activity> {
    let sql = format!("SELECT {COLUMNS} FROM activities WHERE id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?)
}

/// Publishes a draft: resolves its audience into `activity_recipients` in the school
/// year given, inside one transaction. Returns the number of schools reached. An
/// activity open to the province or to everyone may reach no school by its audience.
pub async fn publish(db: &Db, id: i64, school_year: &str) -> DbResult<u64> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let (province, cluster, audience, openness): (String, Option<i64>, String, String) = sqlx::query_as(
        "UPDATE activities SET status = 'published', published_at = $1, updated_at = $1 \
         WHERE id = $2 AND status = 'draft' RETURNING province_code, cluster_id, audience, openness",
    )
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| DbError::Invalid(format!("activity {id} is not a draft")))?;
    let audience: Audience = serde_json::from_str(&audience).unwrap_or_default();
    let reached = if audience.is_empty() {
        0
    } else {
        let scope = AudienceScope { province: &province, school_year, cluster };
        let mut insert = SqlBuilder::new("INSERT INTO activity_recipients (activity_id, school_id) SELECT ");
        insert.push_bind(id).push(", s.id");
        push_from_where(&mut insert, &scope, &audience);
        insert.build().execute(&mut *tx).await?.rows_affected()
    };
    if reached == 0 && openness == Openness::Audience.as_str() {
        return Err(DbError::Invalid(format!("the audience of activity {id} selects no school")));
    }
    crate::reports::live::touch(&mut tx, &province, now).await?;
    tx.commit().await?;
    Ok(reached)
}

/// Cancels an activity with a reason; calendars then show it cancelled.
pub async fn cancel(db: &Db, id: i64, reason: &str) -> DbResult<()> {
    let now = now_ms();
    let cancelled = sqlx::query(
        "UPDATE activities SET status = 'cancelled', cancelled_at = $1, cancel_reason = $2, sequence = sequence + 1, \
         updated_at = $1 WHERE id = $3 AND status <> 'cancelled'",
    )
    .bind(now)
    .bind(normalize(reason.trim()))
    .bind(id)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if cancelled == 0 {
        return Err(DbError::Invalid(format!("activity {id} is already cancelled or missing")));
    }
    Ok(())
}

/// Loads the facts about activity `id` as seen by `user_id`.
pub async fn facts(db: &Db, id: i64, user_id: i64) -> DbResult<ActivityFacts> {
    let activity = get(db, id).await?;
    let roles = activity.audience().school_roles();
    let grants: Vec<(i64, String)> = sqlx::query_as(
        "SELECT g.school_id, g.role FROM role_grants g JOIN activity_recipients r ON r.school_id = g.school_id \
         WHERE r.activity_id = $1 AND g.user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let leader = caunoi_core::org::Role::SchoolLeader.as_str();
    // Leaders are always reached; other roles when the audience names none or theirs.
    let all_roles = activity.audience().roles.is_empty();
    let actor_in_audience =
        grants.iter().any(|(_, role)| role == leader || all_roles || roles.iter().any(|r| r.as_str() == role));
    let mut actor_led_schools: Vec<i64> =
        grants.iter().filter(|(_, role)| role == leader).map(|(school, _)| *school).collect();
    actor_led_schools.sort_unstable();
    actor_led_schools.dedup();
    let registrations: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM activity_registrations WHERE activity_id = $1 AND user_id = $2 AND status <> 'cancelled'",
    )
    .bind(id)
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(ActivityFacts {
        id,
        province: activity.province_code.clone(),
        organiser: activity.organiser(),
        // A cancelled activity stays visible to those it reached, marked cancelled.
        published: activity.status() != ActivityStatus::Draft,
        openness: activity.openness(),
        actor_in_audience,
        actor_led_schools,
        actor_registered: registrations > 0,
    })
}
