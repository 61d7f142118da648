//! The polkadot.js end-to-end suite (`tests/e2e`) against this very binary.
//!
//! Cargo builds `node-example` for this test and passes its path; the suite
//! starts it with `--dev --tmp` on free ports and stops it by its pid. Needs
//! Node.js 20 and npm; `npm ci` installs the pinned dependencies on first run.

use std::path::Path;
use std::process::Command;

#[test]
fn polkadot_js_drives_the_dev_node() {
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e");
    if !suite.join("node_modules").exists() {
        npm(&suite, &["ci", "--no-audit", "--no-fund"]);
    }
    let status = Command::new("npm")
        .arg("test")
        .current_dir(&suite)
        .env("NODE_EXAMPLE_BIN", env!("CARGO_BIN_EXE_node-example"))
        .env(
            "TOKEN_WASM",
            runtime_vm_fixtures::path("token").expect("built"),
        )
        .env(
            "CW20_WASM",
            runtime_vm_fixtures::path("cw20_base").expect("built"),
        )
        .env(
            "CW1_WHITELIST_WASM",
            runtime_vm_fixtures::path("cw1_whitelist").expect("built"),
        )
        .status()
        .expect("npm runs (Node.js 20 and npm are prerequisites of the tests)");
    assert!(status.success(), "the end-to-end suite failed: {status}");
}

fn npm(dir: &Path, args: &[&str]) {
    let status = Command::new("npm")
        .args(args)
        .current_dir(dir)
        .status()
        .expect("npm runs (Node.js 20 and npm are prerequisites of the tests)");
    assert!(status.success(), "npm {} failed: {status}", args.join(" "));
}
