//! Everything that differs between SQLite and PostgreSQL.

use std::borrow::Cow;

use sqlx::AnyConnection;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AssertSqlSafe, Executor, SqlSafeStr};

use crate::{DbError, DbResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// Migrations of each dialect, embedded in the binary. Versions match across dialects.
const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "organisation", include_str!("../migrations/sqlite/0001_organisation.sql")),
    (2, "security", include_str!("../migrations/sqlite/0002_security.sql")),
    (3, "imports", include_str!("../migrations/sqlite/0003_imports.sql")),
    (4, "people indexes", include_str!("../migrations/sqlite/0004_people_indexes.sql")),
];

const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "organisation", include_str!("../migrations/postgres/0001_organisation.sql")),
    (2, "security", include_str!("../migrations/postgres/0002_security.sql")),
    (3, "imports", include_str!("../migrations/postgres/0003_imports.sql")),
    (4, "people indexes", include_str!("../migrations/postgres/0004_people_indexes.sql")),
];

impl Dialect {
    pub fn from_url(url: &str) -> DbResult<Dialect> {
        if url.starts_with("sqlite:") {
            Ok(Dialect::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Dialect::Postgres)
        } else {
            Err(DbError::Invalid(format!(
                "unsupported database URL scheme in {:?}: use sqlite://FILE or postgres://…",
                url.split(':').next().unwrap_or_default()
            )))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }

    /// SQLite serialises writers anyway, so a handful of connections suffices.
    pub fn max_connections(self) -> u32 {
        match self {
            Dialect::Sqlite => 8,
            Dialect::Postgres => 16,
        }
    }

    /// Adds `mode=rwc` to SQLite URLs so a missing database file is created.
    pub fn connect_url(self, url: &str) -> String {
        match self {
            Dialect::Sqlite if !url.contains("mode=") => {
                let separator = if url.contains('?') { '&' } else { '?' };
                format!("{url}{separator}mode=rwc")
            }
            _ => url.to_owned(),
        }
    }

    /// Applies per-connection settings. On SQLite: WAL for concurrent readers,
    /// `synchronous=FULL` so a power loss keeps the last commits, enforced foreign keys
    /// and a busy timeout so writers wait for each other instead of failing.
    pub async fn configure(self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        if self == Dialect::Sqlite {
            conn.execute("PRAGMA journal_mode = WAL").await?;
            conn.execute("PRAGMA synchronous = FULL").await?;
            conn.execute("PRAGMA foreign_keys = ON").await?;
            conn.execute("PRAGMA busy_timeout = 5000").await?;
        }
        Ok(())
    }

    pub fn migrator(self) -> Migrator {
        let sources = match self {
            Dialect::Sqlite => SQLITE_MIGRATIONS,
            Dialect::Postgres => POSTGRES_MIGRATIONS,
        };
        let migrations = sources
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    AssertSqlSafe(*sql).into_sql_str(),
                    false,
                )
            })
            .collect();
        Migrator::with_migrations(migrations)
    }
}
