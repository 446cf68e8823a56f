//! Storage of Cầu Nối: one `sqlx` `AnyPool` over SQLite or PostgreSQL, migrations,
//! repositories and loaders. Only [`dialect`] knows which database is behind the pool.

pub mod audit;
pub mod clusters;
pub mod communes;
pub mod dialect;
pub mod import;
mod error;
pub mod sql;
pub mod provinces;
pub mod reference;
pub mod schools;
pub mod security;
pub mod users;

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::AnyPool;
use tracing::info;

pub use dialect::Dialect;
pub use error::{DbError, DbResult};

/// A connection pool and the dialect it speaks.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub dialect: Dialect,
}

impl Db {
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
