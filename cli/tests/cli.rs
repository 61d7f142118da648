//! The `runtime-vm` binary, run as a contract author would.

use std::process::{Command, Output};

use serde_json::Value;

fn runtime_vm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_runtime-vm"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn fixture(name: &str) -> &'static str {
    runtime_vm_fixtures::path(name).unwrap_or_else(|| panic!("no fixture {name}"))
}

fn run_json(args: &[&str]) -> Value {
    let output = runtime_vm(args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

#[test]
fn check_describes_every_fixture() {
    let native = runtime_vm_fixtures::PATHS
        .iter()
        .filter(|(name, _)| !name.starts_with("cw") && !name.starts_with("ink_"));
    for (name, path) in native {
        let output = runtime_vm(&["check", path]);
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("abi: native v1"), "{name}: {text}");
        assert!(
            text.contains("func   execute (i32, i32) -> (i32)"),
            "{name}: {text}"
        );
        assert!(text.contains("memory pages"), "{name}: {text}");
    }
    let token = String::from_utf8(runtime_vm(&["check", fixture("token")]).stdout).unwrap();
    assert!(
        token.contains("env.emit_event (i32, i32, i32, i32) -> ()"),
        "{token}"
    );
    assert!(
        token.contains("func   deploy (i32, i32) -> (i32)"),
        "{token}"
    );
    let erc20 = String::from_utf8(runtime_vm(&["check", fixture("ink_erc20")]).stdout).unwrap();
    for line in [
        "abi: ink! 5",
        "func   call () -> ()",
        "func   deploy () -> ()",
        "seal0.seal_return (i32, i32, i32) -> ()",
    ] {
        assert!(erc20.contains(line), "{line}: {erc20}");
    }
}

#[test]
fn check_names_the_error_of_a_bad_file() {
    let dir = std::env::temp_dir().join(format!("runtime-vm-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.wasm");
    let wasm =
        wat::parse_str(r#"(module (import "env" "launch" (func)) (memory (export "memory") 1))"#)
            .unwrap();
    std::fs::write(&bad, wasm).unwrap();
    let output = runtime_vm(&["check", bad.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("[UnknownImport]: unknown import `env.launch`"),
        "{stderr}"
    );

    let missing = runtime_vm(&["check", dir.join("nope.wasm").to_str().unwrap()]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}

#[test]
fn run_reports_success_with_storage_and_gas() {
    let report = run_json(&["run", fixture("counter"), "--input", "00"]);
    assert_eq!(report["outcome"], "success");
    assert_eq!(report["return_data"], "0100000000000000");
    assert_eq!(report["storage"]["636f756e74"], "0100000000000000");
    assert!(report["gas_used"].as_u64().unwrap() > 0);
    assert!(report.get("trap").is_none());
}

#[test]
fn run_loads_initial_storage_and_deploys() {
    let dir = std::env::temp_dir().join(format!("runtime-vm-cli-storage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let storage = dir.join("storage.json");
    // count = 41
    std::fs::write(&storage, r#"{"636f756e74": "2900000000000000"}"#).unwrap();
    let report = run_json(&[
        "run",
        fixture("counter"),
        "--input",
        "0x00",
        "--storage",
        storage.to_str().unwrap(),
    ]);
    assert_eq!(report["return_data"], "2a00000000000000");

    let deployed = run_json(&[
        "run",
        fixture("counter"),
        "--deploy",
        "--input",
        "0700000000000000",
    ]);
    assert_eq!(deployed["storage"]["636f756e74"], "0700000000000000");
}

#[test]
fn run_reports_context_events_reverts_and_traps() {
    let caller = "11".repeat(32);
    let context = run_json(&[
        "run",
        fixture("context"),
        "--input",
        "00",
        "--caller",
        &caller,
        "--value",
        "5",
        "--block",
        "9",
        "--timestamp",
        "1000",
    ]);
    let data = context["return_data"].as_str().unwrap();
    assert_eq!(&data[..64], caller);
    assert_eq!(&data[160..176], "0900000000000000");
    assert_eq!(&data[176..192], "e803000000000000");
    assert_eq!(context["debug"][0], "context");

    let token = run_json(&[
        "run",
        fixture("token"),
        "--deploy",
        "--input",
        &format!("{:032x}", 5u128.swap_bytes()),
    ]);
    assert_eq!(
        token["events"][0]["data"],
        format!("{:032x}", 5u128.swap_bytes())
    );
    assert_eq!(token["events"][0]["topics"].as_array().unwrap().len(), 3);

    let revert = run_json(&["run", fixture("reverter"), "--input", "6869"]);
    assert_eq!(
        (revert["outcome"].as_str(), revert["return_data"].as_str()),
        (Some("revert"), Some("6869"))
    );
    assert_eq!(revert["revert_code"], 1);
    assert_eq!(revert["storage"], serde_json::json!({}));

    let out_of_gas = run_json(&["run", fixture("infinite_loop"), "--gas", "100000"]);
    assert_eq!(
        (out_of_gas["outcome"].as_str(), out_of_gas["trap"].as_str()),
        (Some("trap"), Some("out_of_gas"))
    );
    assert_eq!(out_of_gas["gas_used"], 100000);
    let bad_pointer = run_json(&["run", fixture("bad_pointer"), "--input", "00"]);
    assert_eq!(bad_pointer["trap"], "host:pointer_out_of_bounds");
    let deep = run_json(&["run", fixture("recursion"), "--input", "a0860100"]);
    assert_eq!(deep["trap"], "stack_exhausted");
}

#[test]
fn run_rejects_bad_arguments_with_a_message() {
    let output = runtime_vm(&["run", fixture("counter"), "--input", "zz"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--input: invalid hex"));
    let output = runtime_vm(&["run", fixture("counter"), "--caller", "00"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("--caller: expected 32 bytes, got 1"));
    let output = runtime_vm(&[
        "run",
        fixture("counter"),
        "--value",
        "5",
        "--input",
        "00",
        "--gas",
        "18446744073709551615",
    ]);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("[GasLimitTooLarge]"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn check_lists_a_cosmwasm_contracts_entry_points_and_capabilities() {
    let output = runtime_vm(&["check", fixture("cw20_base")]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("abi: cosmwasm"), "{text}");
    assert!(
        text.contains("entry points: instantiate, execute, query, migrate"),
        "{text}"
    );
    assert!(text.contains("capabilities: iterator\n"), "{text}");
    assert!(
        text.contains("env.db_scan (i32, i32, i32) -> (i32)"),
        "{text}"
    );
}

#[test]
fn run_instantiates_and_queries_a_cosmwasm_contract() {
    // The CLI's sender is 0x01 repeated; its SS58 form with prefix 42:
    let sender = "5C62Ck4UrFPiBtoCmeSrgF7x9yv9mn38446dhCpsi2mLHiFT";
    let instantiate = format!(
        r#"{{"name":"Cli Token","symbol":"CLI","decimals":0,"initial_balances":[{{"address":"{sender}","amount":"42"}}]}}"#
    );
    let balance = format!(r#"{{"balance":{{"address":"{sender}"}}}}"#);
    let report = run_json(&[
        "run",
        fixture("cw20_base"),
        "--instantiate",
        &instantiate,
        "--entry",
        "query",
        "--msg",
        &balance,
    ]);
    assert_eq!(report["outcome"], "data", "{report}");
    assert_eq!(report["data"]["balance"], "42", "{report}");
    assert!(report["gas_used"].as_u64().unwrap() > 0);

    let transfer = format!(r#"{{"transfer":{{"recipient":"{sender}","amount":"43"}}}}"#);
    let report = run_json(&[
        "run",
        fixture("cw20_base"),
        "--instantiate",
        &instantiate,
        "--msg",
        &transfer,
    ]);
    assert_eq!(report["outcome"], "error", "{report}");
    assert!(
        report["error"].as_str().unwrap().contains("Overflow"),
        "{report}"
    );
}

#[test]
fn run_deploys_and_calls_an_ink_contract_by_its_selectors() {
    let metadata = runtime_vm_fixtures::InkMetadata::of("ink_flipper");
    let hex = |bytes: Vec<u8>| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let deployed = run_json(&[
        "run",
        fixture("ink_flipper"),
        "--deploy",
        "--input",
        &hex(metadata.constructor("new", &[1])),
    ]);
    assert_eq!(deployed["outcome"], "success", "{deployed}");
    // Its storage, handed to the next run: `get` answers `Ok(true)`.
    let dir = std::env::temp_dir().join(format!("runtime-vm-cli-ink-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let storage = dir.join("storage.json");
    std::fs::write(&storage, deployed["storage"].to_string()).unwrap();
    let got = run_json(&[
        "run",
        fixture("ink_flipper"),
        "--input",
        &hex(metadata.message("get", &[])),
        "--storage",
        storage.to_str().unwrap(),
    ]);
    assert_eq!(got["outcome"], "success", "{got}");
    assert_eq!(got["return_data"], "0001");
}
