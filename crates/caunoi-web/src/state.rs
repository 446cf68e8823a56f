//! Application state shared by every handler.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use caunoi_db::Db;
use caunoi_db::storage::{Storage, StorageError};
use tokio::sync::Semaphore;

/// Default of [`Config::max_attachment_bytes`]: 20 MB holds a scanned dispatch of
/// many pages.
pub const DEFAULT_MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// Default of [`Config::max_video_bytes`]: 4 GiB holds a 45-minute lesson filmed in
/// 1080p on a phone.
pub const DEFAULT_MAX_VIDEO_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// Settings the operator chooses at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    /// Marks the session cookie `Secure`; set it when users reach the site over HTTPS.
    pub secure_cookies: bool,
    /// Trust `X-Forwarded-For` for client addresses; only behind a reverse proxy.
    pub trust_proxy: bool,
    /// Public origins (such as `https://caunoi.example.vn`) accepted for form posts when a
    /// proxy rewrites `Host`.
    pub trusted_origins: Vec<String>,
    /// Largest upload accepted by the import screens, in bytes.
    pub max_upload_bytes: usize,
    /// Largest file attached to a directive or request, in bytes.
    pub max_attachment_bytes: usize,
    /// Origin users reach the site at, such as `https://caunoi.example.vn`: calendar
    /// feed URLs start with it, and iCalendar UIDs end with its host name.
    pub public_url: String,
    /// Largest recorded lesson accepted, in bytes.
    pub max_video_bytes: u64,
}

impl Config {
    pub fn for_tests(data_dir: PathBuf) -> Config {
        Config {
            data_dir,
            listen: "127.0.0.1:0".parse().expect("constant address parses"),
            secure_cookies: false,
            trust_proxy: false,
            trusted_origins: Vec::new(),
            max_upload_bytes: 20 * 1024 * 1024,
            max_attachment_bytes: DEFAULT_MAX_ATTACHMENT_BYTES,
            public_url: "http://caunoi.test".into(),
            max_video_bytes: DEFAULT_MAX_VIDEO_BYTES,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    /// Bounds concurrent Argon2 computations to the number of cores, so a burst of
    /// logins cannot starve the blocking pool or the memory.
    pub hashing: Arc<Semaphore>,
    /// Attached files, under `<data_dir>/files`.
    pub storage: Storage,
    /// Revisions of live pages and the dashboard caches of this process.
    pub live: Arc<crate::live::LiveHub>,
}

impl AppState {
    /// Builds the state, with the file store in `<data_dir>/files`.
    ///
    /// # Panics
    ///
    /// When that directory cannot be created; [`AppState::try_new`] returns the error.
    pub fn new(db: Db, config: Config) -> AppState {
        AppState::try_new(db, config).expect("the file store directory can be created")
    }

    /// Builds the state, creating the file store directory `<data_dir>/files` when missing.
    pub fn try_new(db: Db, config: Config) -> Result<AppState, StorageError> {
        let storage = Storage::local(&config.data_dir.join("files"))?;
        Ok(AppState::with_storage(db, config, storage))
    }

    /// Builds the state around a given file store, such as an S3 bucket.
    pub fn with_storage(db: Db, config: Config, storage: Storage) -> AppState {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let live = crate::live::LiveHub::new(db.clone());
        AppState { db, config: Arc::new(config), hashing: Arc::new(Semaphore::new(cores)), storage, live }
    }
}
