use thiserror::Error;

pub type DbResult<T> = Result<T, DbError>;

/// Errors of the storage layer, so that handlers never inspect `sqlx` errors.
#[derive(Debug, Error)]
pub enum DbError {
    #[error("record not found")]
    NotFound,
    /// A unique or foreign-key constraint rejected the write; carries the constraint name.
    #[error("constraint {0} rejected the write")]
    Conflict(String),
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Other(#[source] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for DbError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => DbError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() || db.is_foreign_key_violation() => {
                DbError::Conflict(constraint_name(db.as_ref()))
            }
            _ => DbError::Other(error),
        }
    }
}

/// Returns the violated constraint's name. SQLite reports columns rather than names, so
/// its message is mapped back to the constraint names shared by both dialects.
fn constraint_name(error: &dyn sqlx::error::DatabaseError) -> String {
    if let Some(name) = error.constraint() {
        return name.to_owned();
    }
    let message = error.message();
    let columns = message.rsplit(": ").next().unwrap_or(message);
    match columns {
        "users.username" => "users_username_key",
        "schools.province_code, schools.import_key" => "schools_import_key",
        "clusters.province_code, clusters.school_year, clusters.name" => "clusters_name_key",
        "departments.province_code" => "departments_province_key",
        "role_grants.user_id, role_grants.role, role_grants.scope_key" => "role_grants_key",
        "cluster_board_members.cluster_id, cluster_board_members.user_id" => "cluster_board_members_key",
        _ if message.contains("FOREIGN KEY") => "foreign_key",
        _ => columns,
    }
    .to_owned()
}
