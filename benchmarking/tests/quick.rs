//! vm-bench's quick mode as a test of `cargo test --workspace`: every
//! workload, hostile contract and compile shape runs on every engine at small
//! sizes, and the harness exits non-zero (2 for a mismatch) if any engine's
//! return data or final storage differs from runtime-vm's, or any engine
//! fails. Its figures measure nothing (an unoptimised build); the tables are
//! printed so a failing run shows where it stopped.

use std::process::Command;

#[test]
fn every_engine_agrees_on_every_workload() {
    let status = Command::new(env!("CARGO_BIN_EXE_vm-bench"))
        .arg("--quick")
        .status()
        .expect("vm-bench starts");
    assert!(status.success(), "vm-bench --quick failed: {status}");
}
