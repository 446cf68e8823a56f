//! The `caunoi` binary: serve the platform, run the demo, migrate, import and administer.

mod admin;
mod cli;
mod demo;
mod import;
mod serve;
mod staff_import;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("CAUNOI_LOG").unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();

    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => serve::run(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Migrate(args) => serve::migrate(args).await,
        Command::Import(command) => import::run(command).await,
        Command::Admin(command) => admin::run(command).await,
    }
}
