//! The polkadot.js end-to-end suite (`tests/e2e`) against this very binary.
//!
//! Cargo builds `node-example` for this test and passes its path; the suite
//! starts the dev node with `--dev --tmp` and a network of four validators
//! of `--chain local` started from the runtime's previous release (see
//! [`previous_release_spec`]), on free ports, and stops them by their pids (and
//! this test stops whatever the suite's process group left running). Needs
//! Node.js 20 and npm; `npm ci` installs the pinned dependencies on first run.
//! `E2E_TESTS` (files under `tests/e2e`, space-separated) runs those alone:
//! `E2E_TESTS=test/network.test.js cargo test --workspace --test e2e`.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use runtime_vm::abi::Abi;
use runtime_vm::{Limits, Schedule, Semantics, Vm};
use runtime_vm_hostile as hostile;
use runtime_vm_hostile::attacks::{attacks, Scale};
use runtime_vm_hostile::compile::{densest_accepted, Shape};

#[test]
fn polkadot_js_drives_the_dev_node_and_a_network_of_validators() {
    let only = std::env::var("E2E_TESTS").unwrap_or_default();
    // TAP on the output as it runs; the spec reporter's summary in a file,
    // whose failing tests (with their assertions' messages) end the panic
    // message: the last lines of a CI log say what failed and by how much.
    let summary = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-summary.txt");
    // Not an earlier run's.
    let _ = std::fs::remove_file(&summary);
    let reporters = [
        "--test-reporter=tap".to_owned(),
        "--test-reporter-destination=stdout".to_owned(),
        "--test-reporter=spec".to_owned(),
        format!("--test-reporter-destination={}", summary.display()),
    ];
    let args = std::iter::once("--")
        .chain(reporters.iter().map(String::as_str))
        .chain(only.split_whitespace());
    if let Err(status) = npm_run("test", &args.collect::<Vec<_>>()) {
        panic!("npm test failed: {status}\n{}", failing_tests(&summary));
    }
}

/// The long load run on four validators (docs/network.md): `cargo test
/// --release -p node-example --test e2e -- --ignored --nocapture`,
/// `LOAD_CALLS` calls (default 500).
#[test]
#[ignore = "minutes of load on four nodes: run by hand, in release"]
fn load_run_on_four_validators() {
    if let Err(status) = npm_run("run", &["load"]) {
        panic!("npm run load failed: {status}");
    }
}

/// Runs `npm <command> <args>` in the suite with the fixtures' and the
/// node's paths in its environment; its exit status if it failed.
fn npm_run(command: &str, args: &[&str]) -> Result<(), std::process::ExitStatus> {
    let suite = suite();
    if !suite.join("node_modules").exists() {
        npm(&suite, &["ci", "--no-audit", "--no-fund"]);
    }
    let mut npm = Command::new("npm");
    // Every ink! fixture, as `INK_<NAME>_WASM` and `INK_<NAME>_JSON` (its metadata).
    for (name, metadata) in runtime_vm_fixtures::INK_METADATA {
        let var = name.to_uppercase();
        npm.env(format!("{var}_WASM"), fixture(name))
            .env(format!("{var}_JSON"), metadata);
    }
    let mut npm = npm
        .arg(command)
        .args(args)
        .current_dir(&suite)
        .env("NODE_EXAMPLE_BIN", env!("CARGO_BIN_EXE_node-example"))
        .env("TOKEN_WASM", fixture("token"))
        .env("CW20_WASM", fixture("cw20_base"))
        .env("CW1_WHITELIST_WASM", fixture("cw1_whitelist"))
        .env("INFINITE_LOOP_WASM", fixture("infinite_loop"))
        .env("RUNTIME_VM_BIN", runtime_vm_bin())
        .env("HOSTILE_CONTRACTS", hostile_contracts())
        .env("LOCAL_CHAIN_SPEC", previous_release_spec())
        .env("UPGRADE_RUNTIME_WASM", upgrade_runtime())
        .process_group(0)
        .spawn()
        .expect("npm runs (Node.js 20 and npm are prerequisites of the tests)");
    let status = npm.wait().expect("npm is waited for");
    stop_group(npm.id());
    status.success().then_some(()).ok_or(status)
}

/// The spec reporter's "failing tests" section of the summary at `path`
/// without the stack frames, or why there is none.
fn failing_tests(path: &Path) -> String {
    let Ok(summary) = std::fs::read_to_string(path) else {
        return format!("(no test summary at {})", path.display());
    };
    match summary.find("failing tests:") {
        Some(start) => summary[start..]
            .lines()
            .filter(|line| !line.trim_start().starts_with("at "))
            .collect::<Vec<_>>()
            .join("\n"),
        None => {
            "(the summary lists no failing test: a file failed to load or was cancelled)".into()
        }
    }
}

/// Stops every process left in the process group `group`: a node whose
/// test file the runner cancelled (its timeout) before the file's `after`
/// hook could stop it. SIGTERM first, so nodes remove their `--tmp` paths.
fn stop_group(group: u32) {
    let signal = |name: &str| {
        Command::new("kill")
            .args([name, "--", &format!("-{group}")])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if signal("-TERM") {
        std::thread::sleep(std::time::Duration::from_secs(5));
        signal("-KILL");
    }
}

/// Writes the hostile contracts `test/hostile.test.js` deploys into a
/// directory and returns it: `attacks.json` lists each run-time attack
/// (`runtime_vm_hostile::attacks` at the node's scale) as `{ name, abi,
/// file }`, `baselines.json` a trivial contract of each ABI built alike
/// (`{ native, cosmwasm, ink }` files), `shapes.json` each compile shape as
/// `{ name, dilution, file }`, the densest module of [`SHAPE_BYTES`] of it
/// that validation accepts.
fn hostile_contracts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-contracts");
    std::fs::create_dir_all(&dir).expect("a directory for the hostile contracts");
    let write = |file: String, code: &[u8]| {
        std::fs::write(dir.join(&file), code).expect("the contract is written");
        file
    };
    let attacks: Vec<_> = attacks(Scale::Node)
        .into_iter()
        .enumerate()
        .map(|(i, attack)| {
            let abi = match attack.abi {
                Abi::Native => "native",
                Abi::CosmWasm => "cosmwasm",
                Abi::Ink => "ink",
            };
            let file = write(format!("attack-{i:02}.wasm"), &attack.code);
            serde_json::json!({ "name": attack.name, "abi": abi, "file": file })
        })
        .collect();
    let baselines = serde_json::json!({
        "native": write("trivial-native.wasm".into(), &hostile::native(&[], "")),
        "cosmwasm": write("trivial-cosmwasm.wasm".into(), &hostile::CwModule::new("").build()),
        "ink": write("trivial-ink.wasm".into(), &hostile::ink(&[], "")),
    });
    let limits = Limits::default();
    let function_len = SHAPE_BYTES.min(limits.code.max_function_body_len as usize) - (4 << 10);
    let vm =
        Vm::new(Semantics::LATEST, limits, Schedule::default(), 64 << 20).expect("the VM builds");
    let shapes: Vec<_> = Shape::ALL
        .into_iter()
        .map(|shape| {
            let (code, dilution) = densest_accepted(shape, SHAPE_BYTES, function_len, |code| {
                vm.validate(code).is_ok()
            })
            .unwrap_or_else(|| panic!("no {shape:?} module is accepted"));
            let file = write(format!("shape-{shape:?}.wasm"), &code);
            serde_json::json!({ "name": format!("{shape:?}"), "dilution": dilution, "file": file })
        })
        .collect();
    let lists = [
        ("attacks.json", attacks.into()),
        ("baselines.json", baselines),
        ("shapes.json", shapes.into()),
    ];
    for (name, list) in lists {
        let json = serde_json::to_vec_pretty(&list).expect("JSON");
        std::fs::write(dir.join(name), json).expect("the list is written");
    }
    dir
}

/// Writes the chain spec the validators of `network.test.js` start from and
/// returns its path: `--chain local` with the runtime's previous release
/// (VM semantics 2, built beside it) as its genesis code, its genesis built
/// by that runtime, as a chain launched with it was. The test upgrades the
/// network live to this node's runtime ([`upgrade_runtime`]).
fn previous_release_spec() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let build_spec = |chain: &Path, raw: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_node-example"));
        command.args(["export-chain-spec", "--chain"]).arg(chain);
        if raw {
            command.arg("--raw");
        }
        let output = command.output().expect("node-example runs");
        assert!(
            output.status.success(),
            "export-chain-spec failed: {output:?}"
        );
        output.stdout
    };
    let mut spec: serde_json::Value =
        serde_json::from_slice(&build_spec(Path::new("local"), false)).expect("a JSON chain spec");
    let code = node_example_runtime::previous_release::WASM_BINARY
        .expect("the runtimes are built (not with SKIP_WASM_BUILD)");
    let hex: String = code.iter().map(|byte| format!("{byte:02x}")).collect();
    spec["genesis"]["runtimeGenesis"]["code"] = serde_json::Value::String(format!("0x{hex}"));
    let plain = dir.join("local-previous-release.json");
    std::fs::write(&plain, serde_json::to_vec(&spec).expect("JSON")).expect("the spec is written");
    let raw = dir.join("local-previous-release-raw.json");
    std::fs::write(&raw, build_spec(&plain, true)).expect("the raw spec is written");
    raw
}

/// Writes the runtime `network.test.js` upgrades the validators to (this
/// node's runtime, VM semantics 3), compressed as runtime code is for an
/// upgrade, and returns its path.
fn upgrade_runtime() -> PathBuf {
    let wasm = node_example_runtime::WASM_BINARY
        .expect("the runtimes are built (not with SKIP_WASM_BUILD)");
    let limit = sp_maybe_compressed_blob::CODE_BLOB_BOMB_LIMIT;
    let code =
        sp_maybe_compressed_blob::compress_weakly(wasm, limit).expect("the runtime compresses");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("upgrade-runtime.wasm");
    std::fs::write(&path, code).expect("the runtime is written");
    path
}

/// The length of each compile shape's module in the e2e: a quarter of the
/// largest code (vm-bench measures them at the largest), long enough that
/// its upload takes tens of milliseconds.
const SHAPE_BYTES: usize = 256 << 10;

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
