//! Live updates and caching of the dashboards.
//!
//! Every change a dashboard shows raises its province's revision in the database
//! (`caunoi_db::reports::live`). One poller task per process reads the revisions every
//! [`POLL_INTERVAL`] and publishes them on a `watch` channel. Server-sent event streams
//! wait on that channel, so a change made through any instance reaches pages served by
//! every instance within about a second. The same revisions key the in-memory caches of
//! dashboard models and rendered fragments: a cached value is used only while its
//! province's revision is unchanged and it is younger than [`CACHE_TTL`], because ages
//! and overdue counts also move with the clock.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use caunoi_db::Db;
use tokio::sync::watch;

/// How often the poller reads the revisions.
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Longest time a cached value is used without a revision change.
pub const CACHE_TTL: Duration = Duration::from_secs(60);
/// Entries kept per cache before it is emptied; keys are per province, cluster, viewer
/// scope, locale and indicator, so a deployment rarely reaches it.
const MAX_ENTRIES: usize = 512;

/// The revisions as last polled; `polled` is false until the first poll succeeds.
#[derive(Debug, Clone, Default)]
pub struct Revisions {
    pub polled: bool,
    pub by_province: Arc<HashMap<String, i64>>,
}

impl Revisions {
    pub fn get(&self, province: &str) -> i64 {
        self.by_province.get(province).copied().unwrap_or(0)
    }
}

/// The poller's channel and the caches, one per process, shared by every handler.
pub struct LiveHub {
    db: Db,
    sender: watch::Sender<Revisions>,
    started: std::sync::Once,
    /// Serialise the cache misses of each cache, so a burst of requests computes a value
    /// once. A fragment is computed from a model, so each cache has its own lock.
    compute_model: tokio::sync::Mutex<()>,
    compute_fragment: tokio::sync::Mutex<()>,
    models: Mutex<HashMap<String, Entry>>,
    fragments: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    revision: i64,
    made_at: Instant,
    value: Arc<dyn std::any::Any + Send + Sync>,
}

/// Which of the two caches a value lives in.
#[derive(Debug, Clone, Copy)]
pub enum CacheKind {
    Model,
    Fragment,
}

impl LiveHub {
    pub fn new(db: Db) -> Arc<LiveHub> {
        let (sender, _) = watch::channel(Revisions::default());
        Arc::new(LiveHub {
            db,
            sender,
            started: std::sync::Once::new(),
            compute_model: tokio::sync::Mutex::new(()),
            compute_fragment: tokio::sync::Mutex::new(()),
            models: Mutex::new(HashMap::new()),
            fragments: Mutex::new(HashMap::new()),
        })
    }

    /// Starts the poller on first use. It must be called inside a Tokio runtime; the
    /// task ends when the hub is dropped.
    fn ensure_started(self: &Arc<LiveHub>) {
        self.started.call_once(|| {
            let hub = Arc::downgrade(self);
            tokio::spawn(poll(hub));
            tracing::debug!("live revision poller started");
        });
    }

    /// Returns a receiver of the polled revisions.
    pub fn subscribe(self: &Arc<LiveHub>) -> watch::Receiver<Revisions> {
        self.ensure_started();
        self.sender.subscribe()
    }

    /// Returns a province's revision: the polled value, or a database read before the
    /// first poll.
    pub async fn revision(self: &Arc<LiveHub>, province: &str) -> Result<i64, caunoi_db::DbError> {
        self.ensure_started();
        let polled = self.sender.borrow().clone();
        if polled.polled {
            return Ok(polled.get(province));
        }
        caunoi_db::reports::live::revision(&self.db, province).await
    }

    /// Returns the cached value of `key` at `revision`, or computes, stores and returns it.
    pub async fn cached<T, F, Fut, E>(&self, kind: CacheKind, key: &str, revision: i64, compute: F) -> Result<Arc<T>, E>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, E>>,
    {
        if let Some(value) = self.lookup::<T>(kind, key, revision) {
            return Ok(value);
        }
        let lock = match kind {
            CacheKind::Model => &self.compute_model,
            CacheKind::Fragment => &self.compute_fragment,
        };
        let _guard = lock.lock().await;
        // Another request may have computed it while this one waited for the lock.
        if let Some(value) = self.lookup::<T>(kind, key, revision) {
            return Ok(value);
        }
        let value = Arc::new(compute().await?);
        let mut map = self.map(kind).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        let stored: Arc<dyn std::any::Any + Send + Sync> = value.clone();
        map.insert(key.to_owned(), Entry { revision, made_at: Instant::now(), value: stored });
        Ok(value)
    }

    fn lookup<T: Send + Sync + 'static>(&self, kind: CacheKind, key: &str, revision: i64) -> Option<Arc<T>> {
        let map = self.map(kind).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = map.get(key)?;
        if entry.revision != revision || entry.made_at.elapsed() > CACHE_TTL {
            return None;
        }
        entry.value.clone().downcast::<T>().ok()
    }

    fn map(&self, kind: CacheKind) -> &Mutex<HashMap<String, Entry>> {
        match kind {
            CacheKind::Model => &self.models,
            CacheKind::Fragment => &self.fragments,
        }
    }
}

/// Reads the revisions every [`POLL_INTERVAL`] and publishes them when they change.
async fn poll(hub: Weak<LiveHub>) {
    let mut interval = tokio::time::interval(POLL_INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failures: u32 = 0;
    loop {
        interval.tick().await;
        let Some(hub) = hub.upgrade() else {
            tracing::debug!("live revision poller stopped");
            return;
        };
        match caunoi_db::reports::live::revisions(&hub.db).await {
            Ok(rows) => {
                if failures > 0 {
                    tracing::info!(poll.failures = failures, "live revision polling recovered");
                    failures = 0;
                }
                let by_province: HashMap<String, i64> = rows.into_iter().collect();
                hub.sender.send_if_modified(|current| {
                    if current.polled && *current.by_province == by_province {
                        return false;
                    }
                    *current = Revisions { polled: true, by_province: Arc::new(by_province) };
                    true
                });
            }
            Err(error) => {
                failures += 1;
                // One line per minute of failures is enough to see the outage.
                if failures == 1 || failures % 60 == 0 {
                    tracing::error!(%error, poll.failures = failures, "reading live revisions failed");
                }
            }
        }
    }
}
