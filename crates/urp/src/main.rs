//! `urp`: the server and its command line.

use clap::Parser;
use urp::{cli, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    telemetry::init(&cli.log, cli.log_format);
    match cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One line a sysadmin can act on; secrets were masked where the error was made.
            eprintln!("urp: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
