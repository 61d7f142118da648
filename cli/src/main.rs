//! `runtime-vm`: check and run contracts locally, and put them on a chain.
//!
//! - `runtime-vm check FILE.wasm` validates a contract and describes it;
//! - `runtime-vm run FILE.wasm --input HEX ...` runs it against an in-memory
//!   chain and prints the outcome as one JSON object; for a CosmWasm contract
//!   `--entry execute --msg JSON [--instantiate JSON]` picks the entry point;
//! - `upload`, `instantiate`, `call`, `query` and `storage` reach a node
//!   running the pallet (`--url`, `--suri`; see `remote.rs`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod chain;
mod check;
mod remote;
mod run;

#[derive(Parser)]
#[command(
    name = "runtime-vm",
    version,
    about = "Check and run runtime-vm contracts locally, and upload, instantiate, call and query them on a node"
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
    /// Check a contract locally, then upload it; prints its code hash and code id.
    Upload(remote::UploadArgs),
    /// Instantiate uploaded code (or a wasm file, uploaded with it) after a dry run.
    Instantiate(remote::InstantiateArgs),
    /// Call a contract after a dry run; prints events, return data and gas.
    Call(remote::CallArgs),
    /// A CosmWasm smart query.
    Query(remote::QueryArgs),
    /// Read a contract's storage under a key.
    Storage(remote::StorageArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { file } => check::check(&file),
        Command::Run(args) => run::run(&args),
        Command::Upload(args) => on_node(remote::upload(&args)),
        Command::Instantiate(args) => on_node(remote::instantiate(&args)),
        Command::Call(args) => on_node(remote::call(&args)),
        Command::Query(args) => on_node(remote::query(&args)),
        Command::Storage(args) => on_node(remote::storage(&args)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a command that talks to a node.
fn on_node(command: impl std::future::Future<Output = Result<(), String>>) -> Result<(), String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?
        .block_on(command)
}

/// Prints `report` as pretty JSON.
fn print_json(report: &serde_json::Value) -> Result<(), String> {
    use std::io::Write;
    let text = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
    // A closed pipe (`| head`) is the reader's choice, not an error worth a panic.
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    Ok(())
}

/// Hex (with or without `0x`) as bytes.
fn decode_hex(text: &str, what: &str) -> Result<Vec<u8>, String> {
    let text = text.trim().trim_start_matches("0x");
    hex::decode(text).map_err(|e| format!("{what}: invalid hex: {e}"))
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
