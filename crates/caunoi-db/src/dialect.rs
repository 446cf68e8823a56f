//! Everything that differs between SQLite and PostgreSQL.

use std::borrow::Cow;

use sqlx::AnyConnection;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AssertSqlSafe, Executor, SqlSafeStr};

use crate::sql::SqlBuilder;
use crate::{DbError, DbResult};

/// Tables with a full-text index over their `search_text` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchTable {
    Directives,
    Requests,
}

impl SearchTable {
    fn as_str(self) -> &'static str {
        match self {
            SearchTable::Directives => "directives",
            SearchTable::Requests => "requests",
        }
    }
}

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
    (5, "directives", include_str!("../migrations/sqlite/0005_directives.sql")),
    (6, "reports", include_str!("../migrations/sqlite/0006_reports.sql")),
    (7, "rollup speed", include_str!("../migrations/sqlite/0007_rollup_speed.sql")),
    (8, "activities", include_str!("../migrations/sqlite/0008_activities.sql")),
    (9, "lesson study", include_str!("../migrations/sqlite/0009_lesson_study.sql")),
    (11, "recordings", include_str!("../migrations/sqlite/0011_recordings.sql")),
    (12, "check-in failures", include_str!("../migrations/sqlite/0012_checkin_failures.sql")),
    (10, "surveys", include_str!("../migrations/sqlite/0010_surveys.sql")),
    (13, "staff", include_str!("../migrations/sqlite/0013_staff.sql")),
    (14, "staffing rules", include_str!("../migrations/sqlite/0014_staffing_rules.sql")),
    (15, "recommendations", include_str!("../migrations/sqlite/0015_recommendations.sql")),
    (16, "levels_and_electives", include_str!("../migrations/sqlite/0016_levels_and_electives.sql")),
];

const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "organisation", include_str!("../migrations/postgres/0001_organisation.sql")),
    (2, "security", include_str!("../migrations/postgres/0002_security.sql")),
    (3, "imports", include_str!("../migrations/postgres/0003_imports.sql")),
    (4, "people indexes", include_str!("../migrations/postgres/0004_people_indexes.sql")),
    (5, "directives", include_str!("../migrations/postgres/0005_directives.sql")),
    (6, "reports", include_str!("../migrations/postgres/0006_reports.sql")),
    (7, "rollup speed", include_str!("../migrations/postgres/0007_rollup_speed.sql")),
    (8, "activities", include_str!("../migrations/postgres/0008_activities.sql")),
    (9, "lesson study", include_str!("../migrations/postgres/0009_lesson_study.sql")),
    (11, "recordings", include_str!("../migrations/postgres/0011_recordings.sql")),
    (12, "check-in failures", include_str!("../migrations/postgres/0012_checkin_failures.sql")),
    (10, "surveys", include_str!("../migrations/postgres/0010_surveys.sql")),
    (13, "staff", include_str!("../migrations/postgres/0013_staff.sql")),
    (14, "staffing rules", include_str!("../migrations/postgres/0014_staffing_rules.sql")),
    (15, "recommendations", include_str!("../migrations/postgres/0015_recommendations.sql")),
    (16, "levels_and_electives", include_str!("../migrations/postgres/0016_levels_and_electives.sql")),
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

    /// Returns the statement that starts a transaction. SQLite's `BEGIN IMMEDIATE`
    /// takes the write lock at once, so a transaction that reads before it writes
    /// waits for other writers under the busy timeout. A deferred `BEGIN` would fail
    /// with "database is locked" when another writer commits between its read and its
    /// first write, which the busy timeout does not cover.
    pub fn begin_statement(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
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

    /// Adds `AND <alias>.id IN …` matching every word of `text` as a word prefix in the
    /// full-text index of `table` (`directives` or `requests`). Returns false, adding
    /// nothing, when `text` has no searchable word.
    ///
    /// Words are folded in Rust first ([`crate::search_terms`]), so only letters and
    /// digits reach the index's query syntax.
    pub fn push_text_match(self, query: &mut SqlBuilder, table: SearchTable, alias: &str, text: &str) -> bool {
        let terms = crate::search_terms(text);
        if terms.is_empty() {
            return false;
        }
        let table = table.as_str();
        match self {
            Dialect::Sqlite => {
                let expression: Vec<String> = terms.iter().map(|term| format!("\"{term}\"*")).collect();
                query
                    .push(format_args!(" AND {alias}.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH "))
                    .push_bind(expression.join(" "))
                    .push(")");
            }
            Dialect::Postgres => {
                let expression: Vec<String> = terms.iter().map(|term| format!("{term}:*")).collect();
                query
                    .push(format_args!(" AND {alias}.search_vector @@ to_tsquery('simple', "))
                    .push_bind(expression.join(" & "))
                    .push(")");
            }
        }
        true
    }

    /// Returns the clause that ends a `SELECT` picking rows to claim, such as the next
    /// due job. PostgreSQL locks the picked row and skips rows other instances hold, so
    /// concurrent claimers pick different rows. SQLite needs nothing: it runs one
    /// writer at a time and a single `UPDATE` takes the write lock before reading.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        }
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
