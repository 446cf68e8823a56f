//! A query builder that numbers its placeholders `$1, $2, …`.
//!
//! `sqlx::QueryBuilder<Any>` writes `?` placeholders, which PostgreSQL rejects, so every
//! dynamic statement is built here instead. The interface follows `QueryBuilder`.

use std::fmt::Write;

use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::{Any, Arguments, AssertSqlSafe, Encode, Type};

/// Builds one SQL statement and its arguments.
#[derive(Default)]
pub struct SqlBuilder {
    sql: String,
    arguments: AnyArguments,
    count: usize,
}

impl SqlBuilder {
    pub fn new(initial: impl Into<String>) -> SqlBuilder {
        SqlBuilder { sql: initial.into(), arguments: AnyArguments::default(), count: 0 }
    }

    /// Appends SQL text. Never pass user input here: bind it with [`SqlBuilder::push_bind`].
    pub fn push(&mut self, sql: impl std::fmt::Display) -> &mut SqlBuilder {
        write!(self.sql, "{sql}").expect("writing to a String cannot fail");
        self
    }

    /// Appends the next placeholder and binds a value to it.
    pub fn push_bind<T>(&mut self, value: T) -> &mut SqlBuilder
    where
        T: Encode<'static, Any> + Type<Any>,
    {
        self.count += 1;
        write!(self.sql, "${}", self.count).expect("writing to a String cannot fail");
        self.arguments.add(value).expect("encoding a value into Any arguments cannot fail");
        self
    }

    /// Starts a list whose items are joined by `separator`.
    pub fn separated(&mut self, separator: &'static str) -> Separated<'_> {
        Separated { builder: self, separator, first: true }
    }

    /// Appends `VALUES (…), (…)` with one tuple per row.
    pub fn push_values<I, F>(&mut self, rows: I, mut push_row: F) -> &mut SqlBuilder
    where
        I: IntoIterator,
        F: FnMut(Separated<'_>, I::Item),
    {
        self.push("VALUES ");
        for (index, row) in rows.into_iter().enumerate() {
            if index > 0 {
                self.push(", ");
            }
            self.push("(");
            push_row(Separated { builder: self, separator: ", ", first: true }, row);
            self.push(")");
        }
        self
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn build(self) -> Query<'static, Any, AnyArguments> {
        sqlx::query_with(AssertSqlSafe(self.sql), self.arguments)
    }

    pub fn build_query_as<T>(self) -> QueryAs<'static, Any, T, AnyArguments>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_as_with(AssertSqlSafe(self.sql), self.arguments)
    }

    pub fn build_query_scalar<T>(self) -> QueryScalar<'static, Any, T, AnyArguments>
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_scalar_with(AssertSqlSafe(self.sql), self.arguments)
    }
}

/// Items of a list inside a [`SqlBuilder`], joined by a separator.
pub struct Separated<'a> {
    builder: &'a mut SqlBuilder,
    separator: &'static str,
    first: bool,
}

impl Separated<'_> {
    fn separate(&mut self) {
        if !self.first {
            self.builder.push(self.separator);
        }
        self.first = false;
    }

    pub fn push(&mut self, sql: impl std::fmt::Display) -> &mut Self {
        self.separate();
        self.builder.push(sql);
        self
    }

    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'static, Any> + Type<Any>,
    {
        self.separate();
        self.builder.push_bind(value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered() {
        let mut builder = SqlBuilder::new("SELECT * FROM t WHERE a = ");
        builder.push_bind(1_i64).push(" AND b IN (");
        let mut list = builder.separated(", ");
        list.push_bind("x").push_bind("y");
        builder.push(")");
        assert_eq!(builder.sql(), "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
    }

    #[test]
    fn values_are_tuples() {
        let mut builder = SqlBuilder::new("INSERT INTO t (a, b) ");
        builder.push_values([(1_i64, "x"), (2, "y")], |mut row, (a, b)| {
            row.push_bind(a).push_bind(b);
        });
        assert_eq!(builder.sql(), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
    }
}
