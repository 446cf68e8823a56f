//! Answering a survey, editing one's answers while it is open, and reading one
//! survey's answers back for its results.
//!
//! On an anonymous survey an answer row carries no respondent and no response id, so
//! two answers of one person cannot be matched across questions. The person's edit
//! key is the only link: each row stores SHA-256 of the key, the respondent's id, the
//! survey and the question, so the rows of one key share no value. The key goes to the respondent's
//! browser (a cookie) or API client and is never stored.
//!
//! Every write ends by rewriting all of the survey's answer rows with new random ids,
//! inserted in random order, inside the same transaction as the respondent's row. The
//! order of rows in storage (SQLite's B-tree on the random id, PostgreSQL's heap) then
//! reveals nothing about who answered when, and in PostgreSQL every answer row carries the
//! transaction id (`xmin`) of the latest write, not that of the row's author. The cost
//! is one rewrite of the survey's rows per answer, which grows with respondents times
//! questions (a few thousand rows for an activity of a few hundred people).
//!
//! NOTE: someone who can read the tables both before and after one answer (two backups,
//! say) can still compare the two copies and the respondents, and so learn that
//! answer. Only holding answers back and writing them in batches would hide that, and
//! nothing here does. Dead row versions and the write-ahead logs also keep old copies
//! until the databases reclaim them.

use caunoi_core::survey::{AnswerValue, Phase};
use rand::RngCore;
use rand::seq::SliceRandom;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, FromRow};

use crate::sql::SqlBuilder;
use crate::{Db, DbError};

/// Rows per multi-row insert: 7 binds each, far below SQLite's 32,766 bind limit.
const CHUNK: usize = 500;

/// Reason an answer or an edit was not saved.
#[derive(Debug)]
pub enum AnswerError {
    /// The survey is not open at this instant.
    NotOpen(Phase),
    /// The person has answered already; they may edit with their key.
    AlreadyAnswered,
    /// The person has not answered yet, so there is nothing to edit.
    NotAnswered,
    /// The edit key does not match this person's answers.
    WrongKey,
    Db(DbError),
}

impl From<DbError> for AnswerError {
    fn from(error: DbError) -> Self {
        AnswerError::Db(error)
    }
}

impl From<sqlx::Error> for AnswerError {
    fn from(error: sqlx::Error) -> Self {
        AnswerError::Db(error.into())
    }
}

/// Draws a new edit key: 32 random bytes from the operating system, as hex.
pub fn new_edit_key() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Returns the tag of the row answering `question` under `key`. The respondent's id is
/// hashed in, so a key left in a shared browser cannot edit another person's answers.
fn edit_tag(key: &str, user_id: i64, survey_id: i64, question: usize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(key.as_bytes());
    hasher.update(format!(":{user_id}:{survey_id}:{question}").as_bytes());
    hex(&hasher.finalize())
}

fn random_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// One answer row without its id.
#[derive(Debug, Clone, FromRow)]
struct Row {
    question: i64,
    rating: Option<i64>,
    answer_text: Option<String>,
    edit_tag: Option<String>,
    user_id: Option<i64>,
}

/// Locks the survey's row for this transaction and returns its anonymity and window.
/// The no-op update takes PostgreSQL's row lock (SQLite's write lock), so that two
/// answers to one survey never rewrite its rows at the same time.
async fn lock_survey(conn: &mut AnyConnection, survey_id: i64) -> Result<(bool, i64, i64), AnswerError> {
    let (anonymous, opens_at, closes_at): (i64, i64, i64) =
        sqlx::query_as("UPDATE surveys SET anonymous = anonymous WHERE id = $1 RETURNING anonymous, opens_at, closes_at")
            .bind(survey_id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(AnswerError::Db(DbError::NotFound))?;
    Ok((anonymous != 0, opens_at, closes_at))
}

/// Builds the rows of one respondent's answers. The respondent is stored only when the
/// survey is not anonymous.
fn rows_of(answers: &[Option<AnswerValue>], survey_id: i64, key: &str, respondent: i64, anonymous: bool) -> Vec<Row> {
    answers
        .iter()
        .enumerate()
        .map(|(question, answer)| {
            let (rating, answer_text) = match answer {
                Some(AnswerValue::Rating(point)) => (Some(*point), None),
                Some(AnswerValue::Open(text)) => (None, Some(text.clone())),
                None => (None, None),
            };
            Row {
                question: question as i64,
                rating,
                answer_text,
                edit_tag: Some(edit_tag(key, respondent, survey_id, question)),
                user_id: (!anonymous).then_some(respondent),
            }
        })
        .collect()
}

/// Records a first answer of `user_id` at `now` and returns the edit key. Every
/// question gets a row, blank ones too, so that an edit can prove it replaces a whole
/// answer. Answers are checked by the caller with `caunoi_core::survey::parse_answers`.
pub async fn answer(db: &Db, survey_id: i64, user_id: i64, answers: &[Option<AnswerValue>], now: i64) -> Result<String, AnswerError> {
    let mut tx = db.begin().await?;
    let (anonymous, opens_at, closes_at) = lock_survey(&mut tx, survey_id).await?;
    let phase = Phase::at(opens_at, closes_at, now);
    if phase != Phase::Open {
        return Err(AnswerError::NotOpen(phase));
    }
    let inserted = sqlx::query("INSERT INTO survey_respondents (survey_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(survey_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if inserted == 0 {
        return Err(AnswerError::AlreadyAnswered);
    }
    let key = new_edit_key();
    let mut rows = load_rows(&mut tx, survey_id).await?;
    rows.extend(rows_of(answers, survey_id, &key, user_id, anonymous));
    rewrite(&mut tx, survey_id, rows).await?;
    tx.commit().await?;
    Ok(key)
}

/// Replaces the answers of `user_id` while the survey is open. On an anonymous survey
/// the rows are found by the edit key alone, and a key that does not match every
/// question's row is [`AnswerError::WrongKey`], so no one can add a second answer. On a
/// survey with names the rows are found by the person, and `key` may be empty.
pub async fn edit(
    db: &Db,
    survey_id: i64,
    user_id: i64,
    key: &str,
    answers: &[Option<AnswerValue>],
    now: i64,
) -> Result<(), AnswerError> {
    let mut tx = db.begin().await?;
    let (anonymous, opens_at, closes_at) = lock_survey(&mut tx, survey_id).await?;
    let phase = Phase::at(opens_at, closes_at, now);
    if phase != Phase::Open {
        return Err(AnswerError::NotOpen(phase));
    }

    let answered: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_respondents WHERE survey_id = $1 AND user_id = $2")
        .bind(survey_id)
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
    if answered == 0 {
        return Err(AnswerError::NotAnswered);
    }

    let rows = load_rows(&mut tx, survey_id).await?;
    let tags: Vec<String> = (0..answers.len()).map(|question| edit_tag(key, user_id, survey_id, question)).collect();
    let own = |row: &Row| {
        if anonymous {
            row.edit_tag.as_ref().is_some_and(|tag| tags.contains(tag))
        } else {
            row.user_id == Some(user_id)
        }
    };
    let matched = rows.iter().filter(|row| own(row)).count();
    if matched != answers.len() {
        return Err(AnswerError::WrongKey);
    }

    let mut kept: Vec<Row> = rows.iter().filter(|row| !own(row)).cloned().collect();
    kept.extend(rows_of(answers, survey_id, key, user_id, anonymous));
    rewrite(&mut tx, survey_id, kept).await?;
    tx.commit().await?;
    Ok(())
}

/// Returns the current answers of a key's holder, one per question, for the edit form.
/// `None` when the key matches no row of the survey.
pub async fn own_answers(db: &Db, survey: &super::Survey, user_id: i64, key: &str) -> Result<Option<Vec<Option<AnswerValue>>>, DbError> {
    let questions = survey.questions();
    let mut conn = db.pool.acquire().await?;
    let rows = load_rows(&mut conn, survey.id).await?;
    let mut answers: Vec<Option<AnswerValue>> = vec![None; questions.len()];
    let mut found = 0;
    for row in rows {
        let Ok(question) = usize::try_from(row.question) else { continue };
        let matches = if survey.anonymous() {
            row.edit_tag.as_deref() == Some(edit_tag(key, user_id, survey.id, question).as_str())
        } else {
            row.user_id == Some(user_id)
        };
        if !matches || question >= questions.len() {
            continue;
        }
        found += 1;
        answers[question] = match (row.rating, row.answer_text) {
            (Some(point), _) => Some(AnswerValue::Rating(point)),
            (None, Some(text)) => Some(AnswerValue::Open(text)),
            (None, None) => None,
        };
    }
    Ok((found == questions.len()).then_some(answers))
}

async fn load_rows(conn: &mut AnyConnection, survey_id: i64) -> Result<Vec<Row>, DbError> {
    Ok(sqlx::query_as("SELECT question, rating, answer_text, edit_tag, user_id FROM survey_answers WHERE survey_id = $1")
        .bind(survey_id)
        .fetch_all(&mut *conn)
        .await?)
}

/// Deletes every answer row of a survey and inserts `rows` again with new random ids,
/// shuffled, so that storage order and transaction ids carry no trace of who wrote
/// which row (see the module's documentation).
async fn rewrite(conn: &mut AnyConnection, survey_id: i64, mut rows: Vec<Row>) -> Result<(), DbError> {
    sqlx::query("DELETE FROM survey_answers WHERE survey_id = $1").bind(survey_id).execute(&mut *conn).await?;
    rows.shuffle(&mut rand::rng());
    for chunk in rows.chunks(CHUNK) {
        let mut insert = SqlBuilder::new("INSERT INTO survey_answers (id, survey_id, question, rating, answer_text, edit_tag, user_id) ");
        insert.push_values(chunk, |mut values, row| {
            values
                .push_bind(random_id())
                .push_bind(survey_id)
                .push_bind(row.question)
                .push_bind(row.rating)
                .push_bind(row.answer_text.clone())
                .push_bind(row.edit_tag.clone())
                .push_bind(row.user_id);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Counts of each point given to one rating question.
#[derive(Debug, Clone, FromRow)]
pub struct RatingCount {
    pub question: i64,
    pub rating: i64,
    pub count: i64,
}

/// Counts the points of every rating question of a survey. The caller shows them only
/// when `caunoi_core::survey::suppression::is_publishable` allows.
pub async fn rating_counts(db: &Db, survey_id: i64) -> Result<Vec<RatingCount>, DbError> {
    Ok(sqlx::query_as(
        "SELECT question, rating, COUNT(*) AS count FROM survey_answers WHERE survey_id = $1 AND rating IS NOT NULL \
         GROUP BY question, rating ORDER BY question, rating",
    )
    .bind(survey_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Returns the open answers of one question in random order, never in the order they
/// were given. The caller shows them only when the survey's results are publishable.
pub async fn open_answers(db: &Db, survey_id: i64, question: usize) -> Result<Vec<String>, DbError> {
    let mut texts: Vec<String> = sqlx::query_scalar(
        "SELECT answer_text FROM survey_answers WHERE survey_id = $1 AND question = $2 AND answer_text IS NOT NULL",
    )
    .bind(survey_id)
    .bind(question as i64)
    .fetch_all(&db.pool)
    .await?;
    texts.shuffle(&mut rand::rng());
    Ok(texts)
}

/// Blanks the edit tags of closed surveys, which no edit can use any more, so that a
/// leaked key ties no rows together after the close. Returns how many rows changed.
pub async fn forget_edit_tags(db: &Db, now: i64) -> Result<u64, DbError> {
    Ok(sqlx::query(
        "UPDATE survey_answers SET edit_tag = NULL WHERE edit_tag IS NOT NULL \
         AND survey_id IN (SELECT id FROM surveys WHERE closes_at <= $1)",
    )
    .bind(now)
    .execute(&db.pool)
    .await?
    .rows_affected())
}

/// Number of answer rows a survey holds, for tests and operators.
pub async fn row_count(db: &Db, survey_id: i64) -> Result<i64, DbError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM survey_answers WHERE survey_id = $1").bind(survey_id).fetch_one(&db.pool).await?)
}
