//! `caunoi serve` and `caunoi migrate`.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use caunoi_db::storage::Storage;
use caunoi_db::{Db, reference, security, users};
use caunoi_web::mail::{MailConfig, Mailer, SmtpUrl};
use caunoi_web::worker::{self, Worker, WorkerConfig};
use caunoi_web::{AppState, Config};
use tokio::sync::watch;
use tracing::{info, warn};

use crate::cli::{DatabaseArgs, MailArgs, FileArgs, ServeArgs};

/// How long a stopping server waits for the worker to finish the job in hand: the
/// longest job step is one SMTP exchange, which times out after 30 seconds.
const WORKER_STOP_TIMEOUT: Duration = Duration::from_secs(40);

/// Opens the database of a data directory, creating the directory when needed.
pub async fn open(args: &DatabaseArgs) -> anyhow::Result<Db> {
    if args.database_url.is_none() {
        std::fs::create_dir_all(&args.data_dir)
            .with_context(|| format!("cannot create the data directory {}", args.data_dir.display()))?;
    }
    let db = Db::connect(&args.url()).await.context("cannot open the database")?;
    Ok(db)
}

/// Migrates, loads the reference data when missing, and creates the administrator
/// `admin` on an empty database. Returns the one-time password when it made one.
pub async fn prepare(db: &Db) -> anyhow::Result<Option<String>> {
    db.migrate().await.context("database migration failed")?;
    if !reference::is_loaded(db).await? {
        reference::load(db).await.context("loading the reference data failed")?;
    }
    if users::any_exists(db).await? {
        return Ok(None);
    }
    let (password, generated) = match std::env::var("CAUNOI_ADMIN_PASSWORD") {
        Ok(password) if !password.is_empty() => (password, false),
        _ => (security::random_secret("").chars().take(16).collect(), true),
    };
    let hash = tokio::task::spawn_blocking({
        let password = password.clone();
        move || security::hash_password(&password)
    })
    .await?;
    let admin = users::NewUser {
        username: "admin".into(),
        full_name: "Quản trị hệ thống".into(),
        email: None,
        password_hash: Some(hash),
        must_change_password: generated,
        deployment_admin: true,
        is_generated: false,
    };
    users::create(db, &admin).await?;
    info!("created the administrator account admin");
    Ok(generated.then_some(password))
}

pub async fn migrate(args: DatabaseArgs) -> anyhow::Result<()> {
    let db = open(&args).await?;
    db.migrate().await.context("database migration failed")?;
    println!("Migrations applied ({}).", db.dialect.name());
    Ok(())
}

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let db = open(&args.database).await?;
    if let Some(password) = prepare(&db).await? {
        println!("Administrator account: admin");
        println!("One-time password: {password}");
        println!("Log in and change it; it is not shown again.");
    }
    let config = Config {
        data_dir: args.database.data_dir.clone(),
        listen: args.listen,
        secure_cookies: args.secure_cookies,
        trust_proxy: args.trust_proxy,
        trusted_origins: args.trusted_origins.clone(),
        max_upload_bytes: args.max_upload_mb * 1024 * 1024,
        max_attachment_bytes: args.max_attachment_mb * 1024 * 1024,
        public_url: args.mail.public_url.clone().unwrap_or_else(|| format!("http://{}", args.listen)),
        max_video_bytes: args.files.max_video_bytes(),
    };
    serve(db, config, &args.mail, &args.files).await
}

/// Serves the application and runs the background worker until Ctrl-C or SIGTERM.
pub async fn serve(db: Db, config: Config, mail: &MailArgs, files: &FileArgs) -> anyhow::Result<()> {
    let retention = files.policy();
    let storage_url = files.storage_url.as_deref();
    let listen = config.listen;
    spawn_session_cleanup(db.clone());
    let storage = open_storage(&config.data_dir, storage_url)?;
    let (stop_worker, worker_stop) = watch::channel(false);
    let worker = Worker::new(db.clone(), mailer(mail, listen)?, WorkerConfig::for_instance())
        .with_recording_retention(storage.clone(), retention);
    let worker = worker::spawn(worker, worker_stop);
    let state = AppState::with_storage(db, config, storage);
    let app = caunoi_web::router(state);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}: is another program using that port?"))?;
    let address = listener.local_addr()?;
    info!(%address, "listening");
    println!("Cầu Nối is serving at http://{address}/");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // The worker stops with the server: it finishes the job in hand, then exits.
            let _ = stop_worker.send(true);
        })
        .await?;
    if tokio::time::timeout(WORKER_STOP_TIMEOUT, worker).await.is_err() {
        warn!("the worker did not finish its job in time; another instance retries it when its lease expires");
    }
    info!("stopped");
    Ok(())
}

/// Opens the store of uploaded files: `<data_dir>/files`, or the bucket of an `s3://` URL.
pub fn open_storage(data_dir: &std::path::Path, url: Option<&str>) -> anyhow::Result<Storage> {
    match url.map(str::trim).filter(|url| !url.is_empty()) {
        None => Storage::local(&data_dir.join("files")).context("cannot open the file store in the data directory"),
        Some(url) if url.starts_with("s3://") => open_s3(url),
        Some(url) => anyhow::bail!("unsupported --storage-url {url:?}: leave it unset for the data directory, or give s3://BUCKET"),
    }
}

#[cfg(feature = "s3")]
fn open_s3(url: &str) -> anyhow::Result<Storage> {
    Storage::s3(url).with_context(|| format!("cannot open the S3 bucket {url}; check the AWS_* environment variables"))
}

#[cfg(not(feature = "s3"))]
fn open_s3(url: &str) -> anyhow::Result<Storage> {
    anyhow::bail!("--storage-url {url} needs S3 support: build with `cargo build --release --features s3`")
}

/// Builds the mailer of notification emails from the operator's settings. Without an
/// SMTP URL it is off, and email jobs are marked skipped.
fn mailer(args: &MailArgs, listen: SocketAddr) -> anyhow::Result<Mailer> {
    let config = MailConfig {
        smtp_url: args.smtp_url.as_deref().map(str::trim).filter(|url| !url.is_empty()).map(SmtpUrl::new),
        mail_from: args.mail_from.clone(),
        public_url: args.public_url.clone().unwrap_or_else(|| format!("http://{listen}")),
    };
    let mailer = Mailer::new(&config)?;
    if !mailer.is_configured() {
        info!("email is off: set --smtp-url and --mail-from to send notifications by email");
    }
    Ok(mailer)
}

/// Deletes expired sessions every hour. Safe with several instances: each delete is
/// idempotent.
fn spawn_session_cleanup(db: Db) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(3600));
        loop {
            interval.tick().await;
            match security::delete_expired_sessions(&db).await {
                Ok(deleted) if deleted > 0 => info!(sessions.deleted = deleted, "expired sessions deleted"),
                Ok(_) => {}
                Err(error) => warn!(%error, "deleting expired sessions failed"),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
