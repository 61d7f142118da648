//! `runtime-vm`: check and run contracts locally.
//!
//! - `runtime-vm check FILE.wasm` validates a contract and describes it;
//! - `runtime-vm run FILE.wasm --input HEX ...` runs it against an in-memory
//!   chain and prints the outcome as one JSON object; for a CosmWasm contract
//!   `--entry execute --msg JSON [--instantiate JSON]` picks the entry point.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod check;
mod run;

#[derive(Parser)]
#[command(
    name = "runtime-vm",
    version,
    about = "Check and run runtime-vm contracts locally"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a contract and print its ABI, exports, imports and limit usage.
    Check {
        /// The contract's wasm file.
        file: PathBuf,
    },
    /// Run a contract's `execute` (or `deploy`, or a CosmWasm entry point) against an in-memory chain.
    Run(run::RunArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { file } => check::check(&file),
        Command::Run(args) => run::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads a wasm file, naming it in the error.
fn read_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The variant name of an error, e.g. `UnknownImport`, for messages a script can match.
fn variant_name(error: &impl std::fmt::Debug) -> String {
    let debug = format!("{error:?}");
    let end = debug
        .find(|c: char| !c.is_alphanumeric() && c != '_')
        .unwrap_or(debug.len());
    debug[..end].to_string()
}
