//! Application state shared by every handler.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use caunoi_db::Db;
use tokio::sync::Semaphore;

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
}

impl AppState {
    pub fn new(db: Db, config: Config) -> AppState {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        AppState { db, config: Arc::new(config), hashing: Arc::new(Semaphore::new(cores)) }
    }
}
