//! The database job queue: idempotent enqueueing, exclusive claims, retries with
//! backoff and reclaimed leases, on SQLite and PostgreSQL.

use std::collections::HashSet;

use caunoi_db::jobs::{self, Retry};
use caunoi_db::now_ms;
use serde_json::json;

use crate::harness::TestApp;

const LEASE_MS: i64 = 60_000;

async fn status(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM jobs WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn enqueue_dedupes() {
    let app = TestApp::spawn().await;
    let now = now_ms();
    let first = jobs::enqueue(&app.db.pool, "test", &json!({"n": 1}), now, Some("slot:1")).await.unwrap();
    let second = jobs::enqueue(&app.db.pool, "test", &json!({"n": 2}), now, Some("slot:1")).await.unwrap();
    assert!(first.is_some());
    assert_eq!(second, None);
    // Jobs without a key never collide.
    assert!(jobs::enqueue(&app.db.pool, "test", &json!({}), now, None).await.unwrap().is_some());
    assert!(jobs::enqueue(&app.db.pool, "test", &json!({}), now, None).await.unwrap().is_some());
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(count, 3);
}

#[tokio::test]
async fn claim_takes_due_jobs_in_order() {
    let app = TestApp::spawn().await;
    let now = now_ms();
    let later = jobs::enqueue(&app.db.pool, "test", &json!({}), now + 10_000, None).await.unwrap().unwrap();
    let due = jobs::enqueue(&app.db.pool, "test", &json!({"due": true}), now - 10, None).await.unwrap().unwrap();

    let job = jobs::claim(&app.db, "w1", now, LEASE_MS).await.unwrap().expect("a due job");
    assert_eq!(job.id, due);
    assert_eq!(job.attempts, 1);
    assert_eq!(job.payload_json()["due"], true);
    assert_eq!(status(&app, due).await, "running");
    assert!(jobs::claim(&app.db, "w1", now, LEASE_MS).await.unwrap().is_none(), "the other job is not due");

    let job = jobs::claim(&app.db, "w1", now + 20_000, LEASE_MS).await.unwrap().expect("due later");
    assert_eq!(job.id, later);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_never_overlap() {
    let app = TestApp::spawn().await;
    let now = now_ms();
    for n in 0..60 {
        jobs::enqueue(&app.db.pool, "test", &json!({ "n": n }), now - 1, None).await.unwrap();
    }

    let mut claimers = Vec::new();
    for worker in 0..4 {
        let db = app.db.clone();
        claimers.push(tokio::spawn(async move {
            let name = format!("w{worker}");
            let mut claimed = Vec::new();
            while let Some(job) = jobs::claim(&db, &name, now, LEASE_MS).await.unwrap() {
                claimed.push(job.id);
                assert!(jobs::complete(&db, job.id, &name, now).await.unwrap(), "{name} lost job {}", job.id);
            }
            claimed
        }));
    }
    let mut all = Vec::new();
    for claimer in claimers {
        all.extend(claimer.await.unwrap());
    }
    let unique: HashSet<i64> = all.iter().copied().collect();
    assert_eq!(all.len(), 60, "every job claimed once");
    assert_eq!(unique.len(), 60, "no job claimed twice");
}

#[tokio::test]
async fn failures_back_off_then_give_up() {
    let app = TestApp::spawn().await;
    let now = now_ms();
    let id = jobs::enqueue(&app.db.pool, "test", &json!({}), now, None).await.unwrap().unwrap();
    sqlx::query("UPDATE jobs SET max_attempts = 2 WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();

    let job = jobs::claim(&app.db, "w1", now, LEASE_MS).await.unwrap().unwrap();
    let retry = jobs::fail(&app.db, &job, "w1", now, "server busy").await.unwrap();
    assert_eq!(retry, Retry::At(now + 30_000));
    assert_eq!(status(&app, id).await, "queued");
    assert!(jobs::claim(&app.db, "w1", now + 29_000, LEASE_MS).await.unwrap().is_none(), "backing off");

    let job = jobs::claim(&app.db, "w1", now + 30_000, LEASE_MS).await.unwrap().unwrap();
    assert_eq!(job.attempts, 2);
    assert_eq!(jobs::fail(&app.db, &job, "w1", now + 30_000, "server busy").await.unwrap(), Retry::GaveUp);
    assert_eq!(status(&app, id).await, "failed");
    let error: Option<String> =
        sqlx::query_scalar("SELECT last_error FROM jobs WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(error.as_deref(), Some("server busy"));
    assert!(jobs::claim(&app.db, "w1", now + 10_000_000, LEASE_MS).await.unwrap().is_none());
}

#[tokio::test]
async fn expired_lease_is_reclaimed() {
    let app = TestApp::spawn().await;
    let now = now_ms();
    let id = jobs::enqueue(&app.db.pool, "test", &json!({}), now, None).await.unwrap().unwrap();

    let first = jobs::claim(&app.db, "w1", now, 1_000).await.unwrap().unwrap();
    assert!(jobs::claim(&app.db, "w2", now + 500, 1_000).await.unwrap().is_none(), "lease still held");
    let second = jobs::claim(&app.db, "w2", now + 1_500, 1_000).await.unwrap().expect("lease expired");
    assert_eq!(second.id, id);
    assert_eq!(second.attempts, 2);

    assert!(!jobs::complete(&app.db, first.id, "w1", now + 1_600).await.unwrap(), "w1 lost the lease");
    assert!(jobs::complete(&app.db, id, "w2", now + 1_600).await.unwrap());
    assert_eq!(status(&app, id).await, "done");
}

#[tokio::test]
async fn last_attempt_lease_expiry_fails() {
    let app = TestApp::spawn().await;
    let now = now_ms();
    let id = jobs::enqueue(&app.db.pool, "test", &json!({}), now, None).await.unwrap().unwrap();
    sqlx::query("UPDATE jobs SET max_attempts = 1 WHERE id = $1").bind(id).execute(&app.db.pool).await.unwrap();

    jobs::claim(&app.db, "w1", now, 1_000).await.unwrap().unwrap();
    assert!(jobs::claim(&app.db, "w2", now + 5_000, 1_000).await.unwrap().is_none());
    assert_eq!(status(&app, id).await, "failed");
}

#[tokio::test]
async fn skip_give_up_and_purge() {
    let app = TestApp::spawn().await;
    let now = now_ms();
    let skipped = jobs::enqueue(&app.db.pool, "test", &json!({}), now - 2, None).await.unwrap().unwrap();
    let given_up = jobs::enqueue(&app.db.pool, "test", &json!({}), now - 1, None).await.unwrap().unwrap();

    let job = jobs::claim(&app.db, "w1", now, LEASE_MS).await.unwrap().unwrap();
    assert_eq!(job.id, skipped);
    assert!(jobs::skip(&app.db, job.id, "w1", now, "nothing to do").await.unwrap());
    let job = jobs::claim(&app.db, "w1", now, LEASE_MS).await.unwrap().unwrap();
    assert!(jobs::give_up(&app.db, job.id, "w1", now, "bad payload").await.unwrap());
    assert_eq!(status(&app, skipped).await, "skipped");
    assert_eq!(status(&app, given_up).await, "failed");

    let counts = jobs::count_by_status(&app.db, "test").await.unwrap();
    let counts: Vec<(String, i64)> = counts.into_iter().map(|c| (c.status, c.count)).collect();
    assert_eq!(counts, vec![("failed".to_owned(), 1), ("skipped".to_owned(), 1)]);

    assert_eq!(jobs::purge_finished(&app.db, now).await.unwrap(), 0, "finished at `now`, not before");
    assert_eq!(jobs::purge_finished(&app.db, now + 1).await.unwrap(), 2);
}
