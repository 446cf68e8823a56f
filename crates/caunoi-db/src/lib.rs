//! Storage of Cầu Nối: one `sqlx` `AnyPool` over SQLite or PostgreSQL, migrations,
//! repositories and loaders. Only [`dialect`] knows which database is behind the pool.

pub mod activities;
pub mod attachments;
pub mod audit;
pub mod clusters;
pub mod communes;
pub mod dashboard;
pub mod dialect;
pub mod directives;
pub mod import;
pub mod jobs;
pub mod lesson_study;
pub mod notifications;
mod error;
pub mod sql;
pub mod staff;
pub mod storage;
pub mod provinces;
pub mod recordings;
pub mod recommendations;
pub mod reports;
pub mod reference;
pub mod requests;
pub mod schools;
pub mod security;
pub mod staffing;
pub mod surveys;
pub mod users;
pub mod xlsx;

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::AnyPool;
use tracing::info;

pub use dialect::{Dialect, SearchTable};
pub use error::{DbError, DbResult};

/// A connection pool and the dialect it speaks.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub dialect: Dialect,
}

impl Db {
    /// Starts a transaction that may write (see [`Dialect::begin_statement`]).
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        self.pool.begin_with(sqlx::AssertSqlSafe(self.dialect.begin_statement())).await
    }

    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating a SQLite file if
    /// it does not exist, and applies the per-connection settings of the dialect.
    pub async fn connect(url: &str) -> DbResult<Db> {
        install_default_drivers();
        let dialect = Dialect::from_url(url)?;
        let options = AnyPoolOptions::new()
            .max_connections(dialect.max_connections())
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| Box::pin(dialect.configure(conn)));
        let pool = options.connect(&dialect.connect_url(url)).await?;
        info!(database.dialect = dialect.name(), "database connected");
        Ok(Db { pool, dialect })
    }

    /// Applies the pending migrations of this dialect.
    pub async fn migrate(&self) -> DbResult<()> {
        self.dialect.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Checks that the database responds to a trivial query.
    pub async fn ping(&self) -> DbResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Returns the current instant as Unix milliseconds UTC, the unit of every instant column.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Longest search text and number of words a search uses; the rest is ignored, so a
/// pasted page of text cannot build a huge query.
const MAX_SEARCH_TERMS: usize = 12;
const MAX_TERM_CHARS: usize = 40;

/// Folds a search box's text into the words a full-text search looks for.
pub fn search_terms(text: &str) -> Vec<String> {
    let folded = caunoi_core::text::fold(&text.chars().take(2_000).collect::<String>());
    let mut terms: Vec<String> = Vec::new();
    for word in caunoi_core::text::tokens(&folded) {
        let word: String = word.chars().take(MAX_TERM_CHARS).collect();
        if !terms.contains(&word) {
            terms.push(word);
        }
        if terms.len() == MAX_SEARCH_TERMS {
            break;
        }
    }
    terms
}

/// Builds the folded `search_text` column of a searchable row from its parts.
pub fn search_text(parts: &[&str]) -> String {
    parts.iter().map(|part| caunoi_core::text::fold(part)).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Longest text a `LIKE` search uses: SQLite refuses patterns over 50,000 bytes, and
/// no name is longer than this.
const MAX_LIKE_CHARS: usize = 200;

/// Builds a `LIKE` pattern (backslash escapes) matching `text` anywhere, with the text
/// cut to a length every database accepts.
pub fn like_contains(text: &str) -> String {
    let cut: String = text.chars().take(MAX_LIKE_CHARS).collect();
    format!("%{}%", like_escape(&cut))
}

/// Escapes `%`, `_` and the backslash, for a `LIKE` pattern with a backslash as its
/// escape character.
pub fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A page of a list: 1-based page number and page size, clamped to sane bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub number: i64,
    pub size: i64,
}

impl Page {
    pub const MAX_SIZE: i64 = 500;

    pub fn new(number: Option<i64>, size: Option<i64>) -> Page {
        Page {
            number: number.unwrap_or(1).max(1),
            size: size.unwrap_or(50).clamp(1, Page::MAX_SIZE),
        }
    }

    pub fn offset(self) -> i64 {
        (self.number - 1) * self.size
    }

    fn push_limit(self, query: &mut sql::SqlBuilder) {
        query.push(" LIMIT ").push_bind(self.size).push(" OFFSET ").push_bind(self.offset());
    }
}
