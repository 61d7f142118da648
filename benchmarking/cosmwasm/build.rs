//! Builds cw20-base (from its fixture workspace and lockfile) the
//! way cosmwasm-vm needs it: cosmwasm-vm 3.0.10 rejects the bulk-memory
//! instructions today's rustc emits for wasm32-unknown-unknown, so this one
//! input is built for the MVP feature set, with the standard library rebuilt
//! for it, as CosmWasm's documentation prescribes
//! (`RUSTFLAGS="-C target-cpu=mvp"` and `-Z build-std`; `RUSTC_BOOTSTRAP`
//! lets a stable toolchain take that flag). Both engines of the row run the
//! resulting bytes.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let workspace = manifest_dir.join("../../tests/fixtures/cosmwasm/cw20-base");
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    for watched in ["Cargo.toml", "Cargo.lock"] {
        println!(
            "cargo:rerun-if-changed={}",
            workspace.join(watched).display()
        );
    }
    let target_dir = out_dir.join("cw20-mvp");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(&workspace)
        .args([
            "build",
            "--release",
            "--locked",
            "--lib",
            "-p",
            "cw20-base",
            "--target",
            "wasm32-unknown-unknown",
            "-Z",
            "build-std=std,panic_abort",
            "--target-dir",
        ])
        .arg(&target_dir)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("RUSTFLAGS", "-C target-cpu=mvp");
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
    ] {
        command.env_remove(var);
    }
    let status = command.status().expect("cargo runs");
    assert!(
        status.success(),
        "building cw20-base for the MVP failed (needs the rust-src component)"
    );
    let wasm = target_dir.join("wasm32-unknown-unknown/release/cw20_base.wasm");
    std::fs::copy(&wasm, out_dir.join("cw20_base_mvp.wasm")).expect("copy the wasm");
}
