//! The polkadot.js end-to-end suite (`tests/e2e`) against this very binary.
//!
//! Cargo builds `node-example` for this test and passes its path; the suite
//! starts the dev node with `--dev --tmp` and a network of three validators
//! with `--chain local`, on free ports, and stops them by their pids. Needs
//! Node.js 20 and npm; `npm ci` installs the pinned dependencies on first run.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn polkadot_js_drives_the_dev_node_and_a_network_of_validators() {
    npm_run("test", &[]);
}

/// The long load run on three validators (README, "A local network of three
/// validators"): `cargo test --release -p node-example --test e2e -- --ignored
/// --nocapture`, `LOAD_CALLS` calls (default 500).
#[test]
#[ignore = "minutes of load on three nodes: run by hand, in release"]
fn load_run_on_three_validators() {
    npm_run("run", &["load"]);
}

fn npm_run(command: &str, args: &[&str]) {
    let suite = suite();
    if !suite.join("node_modules").exists() {
        npm(&suite, &["ci", "--no-audit", "--no-fund"]);
    }
    let status = Command::new("npm")
        .arg(command)
        .args(args)
        .current_dir(&suite)
        .env("NODE_EXAMPLE_BIN", env!("CARGO_BIN_EXE_node-example"))
        .env("TOKEN_WASM", fixture("token"))
        .env("CW20_WASM", fixture("cw20_base"))
        .env("CW1_WHITELIST_WASM", fixture("cw1_whitelist"))
        .env("INFINITE_LOOP_WASM", fixture("infinite_loop"))
        .env("RUNTIME_VM_BIN", runtime_vm_bin())
        .status()
        .expect("npm runs (Node.js 20 and npm are prerequisites of the tests)");
    assert!(status.success(), "npm {command} {args:?} failed: {status}");
}

/// The `runtime-vm` client, built beside this package's binaries by the
/// README's `cargo test --workspace`.
fn runtime_vm_bin() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_node-example")).with_file_name("runtime-vm");
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build -p runtime-vm-cli` (`cargo test --workspace` does)",
        bin.display()
    );
    bin
}

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e")
}

fn fixture(name: &str) -> &'static str {
    runtime_vm_fixtures::path(name).expect("the fixtures are built")
}

fn npm(dir: &Path, args: &[&str]) {
    let status = Command::new("npm")
        .args(args)
        .current_dir(dir)
        .status()
        .expect("npm runs (Node.js 20 and npm are prerequisites of the tests)");
    assert!(status.success(), "npm {} failed: {status}", args.join(" "));
}
