//! Command-line arguments. Every flag has a default, so a bare command works.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "caunoi", version, about = "Cầu Nối: the shared platform of professional clusters of schools")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the platform; on an empty database, migrate, load the reference data and
    /// create the administrator `admin`.
    Serve(ServeArgs),
    /// Create (if empty) and serve the demo province, Ho Chi Minh City.
    Demo(DemoArgs),
    /// Apply pending database migrations.
    Migrate(DatabaseArgs),
    /// Import reference data or a school list.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Manage users and API tokens.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Directory for the SQLite database and uploaded files.
    #[arg(long, env = "CAUNOI_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Database URL: `sqlite://FILE` or `postgres://USER@HOST/DB`. Defaults to
    /// `caunoi.sqlite` inside the data directory.
    #[arg(long, env = "CAUNOI_DATABASE_URL")]
    pub database_url: Option<String>,
}

impl DatabaseArgs {
    pub fn url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("caunoi.sqlite").display()))
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address and port to listen on.
    #[arg(long, env = "CAUNOI_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Mark the session cookie Secure; set this when users reach the site over HTTPS.
    #[arg(long, env = "CAUNOI_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Read client addresses from X-Forwarded-For; only behind a trusted reverse proxy.
    #[arg(long, env = "CAUNOI_TRUST_PROXY")]
    pub trust_proxy: bool,
    /// Public origin accepted on form posts when a proxy rewrites Host, such as
    /// https://caunoi.example.vn. Repeat for several.
    #[arg(long = "trusted-origin", env = "CAUNOI_TRUSTED_ORIGINS", value_delimiter = ',')]
    pub trusted_origins: Vec<String>,
    /// Largest accepted upload, in megabytes.
    #[arg(long, env = "CAUNOI_MAX_UPLOAD_MB", default_value_t = 20)]
    pub max_upload_mb: usize,
    #[command(flatten)]
    pub mail: MailArgs,
    /// Largest file attached to a directive or request, in megabytes.
    #[arg(long, env = "CAUNOI_MAX_ATTACHMENT_MB", default_value_t = 20)]
    pub max_attachment_mb: usize,
    #[command(flatten)]
    pub files: FileArgs,
}

/// The store of uploaded files, and the limits and retention of recorded lessons.
#[derive(Debug, Clone, Args)]
pub struct FileArgs {
    /// Store of uploaded files: the `files` folder of the data directory when unset, or
    /// an S3-compatible bucket such as s3://caunoi-files, with credentials, region and
    /// endpoint from the AWS_* environment variables (needs a build with `--features s3`).
    #[arg(long, env = "CAUNOI_STORAGE_URL")]
    pub storage_url: Option<String>,
    /// Largest recorded lesson accepted, in megabytes.
    #[arg(long, env = "CAUNOI_MAX_VIDEO_MB", default_value_t = 4096)]
    pub max_video_mb: u64,
    /// Days a recorded lesson is kept after its upload; without it, recordings are
    /// kept until someone deletes them. Every deletion is written to the audit log.
    #[arg(long, env = "CAUNOI_RECORDING_RETENTION_DAYS")]
    pub recording_retention_days: Option<u32>,
}

impl FileArgs {
    pub fn max_video_bytes(&self) -> u64 {
        self.max_video_mb.saturating_mul(1024 * 1024)
    }

    pub fn policy(&self) -> caunoi_db::recordings::retention::RetentionPolicy {
        caunoi_db::recordings::retention::RetentionPolicy { keep_days: self.recording_retention_days, ..Default::default() }
    }
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Directory for the demo database.
    #[arg(long, default_value = "./demo-data")]
    pub data_dir: PathBuf,
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Database URL; defaults to a SQLite file inside the data directory.
    #[arg(long, env = "CAUNOI_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Build the demo data and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub mail: MailArgs,
    /// Largest file attached to a directive or request, in megabytes.
    #[arg(long, env = "CAUNOI_MAX_ATTACHMENT_MB", default_value_t = 20)]
    pub max_attachment_mb: usize,
    #[command(flatten)]
    pub files: FileArgs,
}

/// Email of notifications; without `--smtp-url` none is sent and the app works as usual.
#[derive(Clone, Args)]
pub struct MailArgs {
    /// SMTP server for notification emails: smtp://USER:PASSWORD@HOST:587 (STARTTLS
    /// required), smtps://USER:PASSWORD@HOST:465 (TLS), or smtp://HOST:PORT?tls=none for
    /// a relay on a trusted network. Without it no email is sent.
    #[arg(long, env = "CAUNOI_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of notification emails, such as "Cầu Nối <khong-tra-loi@sogd.example.vn>";
    /// required with --smtp-url.
    #[arg(long, env = "CAUNOI_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Address users reach the site at, for the links in emails, such as
    /// https://caunoi.example.vn. Defaults to http:// and the listen address.
    #[arg(long, env = "CAUNOI_PUBLIC_URL")]
    pub public_url: Option<String>,
}

impl std::fmt::Debug for MailArgs {
    /// Leaves out the SMTP URL, which may carry a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailArgs")
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "…"))
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .finish()
    }
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Load or reload the national reference data built into the binary.
    Reference(DatabaseArgs),
    /// Import commune-level units from a CSV in the layout of the shipped units file.
    Communes {
        file: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Import a staff list (.xlsx or .csv): all rows in one transaction, or none when
    /// any row has an error. Rows go to `--school`, or to the school their "Trường"
    /// column names by MOET code or name.
    Staff {
        file: PathBuf,
        /// Official code of the province, such as 79 for Ho Chi Minh City.
        #[arg(long, default_value = "79")]
        province: String,
        /// The school of rows without a school column: its MOET code (`02-001` or
        /// `001`) or its name.
        #[arg(long)]
        school: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Import a school list (.xlsx or .csv) into a province.
    Schools {
        file: PathBuf,
        /// Official code of the province, such as 79 for Ho Chi Minh City.
        #[arg(long, default_value = "79")]
        province: String,
        /// Import the valid rows and skip rows with errors or undecided communes.
        #[arg(long)]
        skip_unresolved: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a user, optionally with a role.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        #[arg(long)]
        email: Option<String>,
        /// Password; when missing, a random one-time password is printed.
        #[arg(long, env = "CAUNOI_NEW_USER_PASSWORD")]
        password: Option<String>,
        /// Role: department_admin, department_specialist, cluster_coordinator,
        /// board_member, commune_officer, school_leader, core_teacher or teacher.
        #[arg(long)]
        role: Option<String>,
        /// Province code, for department roles and to place other scopes.
        #[arg(long)]
        province: Option<String>,
        #[arg(long)]
        cluster: Option<i64>,
        #[arg(long)]
        commune: Option<String>,
        #[arg(long)]
        school: Option<i64>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Print a new API bearer token for a user, alone on the last line.
    Token {
        #[arg(long)]
        user: String,
        #[arg(long, default_value = "cli")]
        label: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Set a user's password; when missing, a random one-time password is printed.
    SetPassword {
        #[arg(long)]
        user: String,
        #[arg(long, env = "CAUNOI_NEW_USER_PASSWORD")]
        password: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Host the department of a province on this deployment.
    AddDepartment {
        #[arg(long)]
        province: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Rebuild the report roll-ups from the stored values of counted submissions: of
    /// one request with --request, else of every published request.
    RecomputeReports {
        #[arg(long)]
        request: Option<i64>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}
