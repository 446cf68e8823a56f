//! Keeping the aggregates of a request current as submissions arrive.
//!
//! A counted submission has its aggregating numbers in `report_values`, and each of
//! them is added to the `report_rollups` row of its item and the school's grouping
//! cell. Counting a new version of a submission first takes the old numbers back out,
//! so a roll-up is always the sum over the currently counted submissions, and a
//! dashboard reads a few hundred rows instead of every value. The same deltas go to
//! `report_cluster_rollups`, the sums by cluster and level that coarse reads use.

use caunoi_core::report::aggregate::{NumericItem, Summary};
use sqlx::AnyConnection;

use crate::sql::SqlBuilder;
use crate::DbResult;

/// Rows per multi-row statement, well under both databases' bind limits.
const CHUNK: usize = 200;

/// Replaces what a submission contributes to the aggregates of its request: removes its
/// counted numbers, if any, and when `items` is `Some`, stores them and adds them
/// (marking the submission counted); with `None` it is left uncounted. Call it in the
/// transaction that changes the submission's status or values.
pub async fn replace(conn: &mut AnyConnection, submission_id: i64, items: Option<&[NumericItem]>) -> DbResult<()> {
    let (request_id, cell) = cell_of(conn, submission_id).await?;
    let old: Vec<(String, f64, Option<f64>)> =
        sqlx::query_as("SELECT item, value, weight FROM report_values WHERE submission_id = $1")
            .bind(submission_id)
            .fetch_all(&mut *conn)
            .await?;
    let old: Vec<NumericItem> = old.into_iter().map(|(item, value, weight)| NumericItem { item, value, weight }).collect();
    let mut deltas: Vec<(String, Summary)> = old.iter().map(|item| (item.item.clone(), Summary::of_item(item).negated())).collect();
    sqlx::query("DELETE FROM report_values WHERE submission_id = $1").bind(submission_id).execute(&mut *conn).await?;

    if let Some(items) = items {
        for chunk in items.chunks(CHUNK) {
            let mut insert = SqlBuilder::new("INSERT INTO report_values (submission_id, item, value, weight) ");
            insert.push_values(chunk, |mut row, item| {
                row.push_bind(submission_id).push_bind(item.item.clone()).push_bind(item.value).push_bind(item.weight);
            });
            insert.build().execute(&mut *conn).await?;
        }
        deltas.extend(items.iter().map(|item| (item.item.clone(), Summary::of_item(item))));
    }
    add_to_rollups(conn, request_id, &cell, &merge(deltas)).await?;
    sqlx::query("UPDATE report_submissions SET counted = $1 WHERE id = $2")
        .bind(i64::from(items.is_some()))
        .bind(submission_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The grouping cell of a school in one request: cluster, commune, level, district.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Cell {
    pub cluster_id: i64,
    pub commune_code: String,
    pub level: String,
    pub district: String,
}

async fn cell_of(conn: &mut AnyConnection, submission_id: i64) -> DbResult<(i64, Cell)> {
    let (request_id, cluster_id, commune_code, level, district): (i64, i64, String, String, String) = sqlx::query_as(
        "SELECT r.request_id, r.cluster_id, r.commune_code, r.level, r.district FROM report_submissions s \
         JOIN report_recipients r ON r.request_id = s.request_id AND r.school_id = s.school_id WHERE s.id = $1",
    )
    .bind(submission_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok((request_id, Cell { cluster_id, commune_code, level, district }))
}

/// Sums deltas of the same item, dropping those that cancel out entirely.
fn merge(deltas: Vec<(String, Summary)>) -> Vec<(String, Summary)> {
    let mut merged: std::collections::BTreeMap<String, Summary> = std::collections::BTreeMap::new();
    for (item, delta) in deltas {
        merged.entry(item).or_default().add(&delta);
    }
    merged.into_iter().filter(|(_, summary)| *summary != Summary::default()).collect()
}

/// Adds deltas to one cell's roll-up rows and to its cluster and level's, creating
/// missing rows, in a few statements.
pub(crate) async fn add_to_rollups(conn: &mut AnyConnection, request_id: i64, cell: &Cell, deltas: &[(String, Summary)]) -> DbResult<()> {
    for chunk in deltas.chunks(CHUNK) {
        let mut upsert = SqlBuilder::new(
            "INSERT INTO report_rollups (request_id, item, cluster_id, commune_code, level, district, \
             total, weighted, weight, schools) ",
        );
        upsert.push_values(chunk, |mut row, (item, delta)| {
            row.push_bind(request_id)
                .push_bind(item.clone())
                .push_bind(cell.cluster_id)
                .push_bind(cell.commune_code.clone())
                .push_bind(cell.level.clone())
                .push_bind(cell.district.clone())
                .push_bind(delta.total)
                .push_bind(delta.weighted)
                .push_bind(delta.weight)
                .push_bind(delta.schools);
        });
        upsert.push(
            " ON CONFLICT (request_id, item, cluster_id, commune_code, level, district) DO UPDATE SET \
             total = report_rollups.total + excluded.total, weighted = report_rollups.weighted + excluded.weighted, \
             weight = report_rollups.weight + excluded.weight, schools = report_rollups.schools + excluded.schools",
        );
        upsert.build().execute(&mut *conn).await?;

        let mut coarse = SqlBuilder::new(
            "INSERT INTO report_cluster_rollups (request_id, item, cluster_id, level, total, weighted, weight, schools) ",
        );
        coarse.push_values(chunk, |mut row, (item, delta)| {
            row.push_bind(request_id)
                .push_bind(item.clone())
                .push_bind(cell.cluster_id)
                .push_bind(cell.level.clone())
                .push_bind(delta.total)
                .push_bind(delta.weighted)
                .push_bind(delta.weight)
                .push_bind(delta.schools);
        });
        coarse.push(
            " ON CONFLICT (request_id, item, cluster_id, level) DO UPDATE SET \
             total = report_cluster_rollups.total + excluded.total, \
             weighted = report_cluster_rollups.weighted + excluded.weighted, \
             weight = report_cluster_rollups.weight + excluded.weight, \
             schools = report_cluster_rollups.schools + excluded.schools",
        );
        coarse.build().execute(&mut *conn).await?;
    }
    Ok(())
}
