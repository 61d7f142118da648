//! `runtime-vm run`: one execution against an in-memory chain, printed as JSON.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use runtime_vm::abi::Abi;
use runtime_vm::testing::MockHost;
use runtime_vm::{
    Address, BlockContext, CallRequest, CwChain, CwEntry, CwOutcome, CwRequest, CwStatus,
    EntryPoint, InkChain, Limits, Outcome, Schedule, Semantics, Status, TrapKind, Vm,
    DEFAULT_CACHE_BYTES,
};
use serde_json::{json, Map, Value};

use crate::{decode_hex, print_json, read_file, variant_name};

/// Arguments of `runtime-vm run`.
#[derive(Args)]
pub struct RunArgs {
    /// The contract's wasm file.
    file: PathBuf,
    /// Input to the entry point, hex (with or without `0x`).
    #[arg(long, default_value = "")]
    input: String,
    /// Gas (fuel) limit.
    #[arg(long, default_value_t = 10_000_000_000)]
    gas: u64,
    /// The version of the VM's semantics to run under (a chain's runtime
    /// names its own: the pallet's `VmSemantics`).
    #[arg(long, default_value_t = Semantics::LATEST.version())]
    semantics: u32,
    /// The caller's 32-byte address, hex.
    #[arg(long)]
    caller: Option<String>,
    /// The contract's 32-byte address, hex.
    #[arg(long)]
    address: Option<String>,
    /// Value sent with the call (the caller is funded with exactly this much).
    #[arg(long, default_value_t = 0)]
    value: u128,
    /// Block number.
    #[arg(long, default_value_t = 1)]
    block: u64,
    /// Block time, milliseconds since the Unix epoch.
    #[arg(long, default_value_t = 0)]
    timestamp: u64,
    /// Initial contract storage: a JSON object of hex key to hex value.
    #[arg(long)]
    storage: Option<PathBuf>,
    /// Run `deploy` instead of `execute` (ink!: instead of `call`).
    #[arg(long)]
    deploy: bool,
    /// CosmWasm: the entry point to run.
    #[arg(long, value_enum, default_value_t = CwEntryArg::Execute)]
    entry: CwEntryArg,
    /// CosmWasm: the entry point's JSON message.
    #[arg(long, default_value = "{}")]
    msg: String,
    /// CosmWasm: instantiate with this JSON message first (in the same chain).
    #[arg(long)]
    instantiate: Option<String>,
}

/// A CosmWasm entry point `run` can call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CwEntryArg {
    /// `instantiate(env, info, msg)`.
    Instantiate,
    /// `execute(env, info, msg)`.
    Execute,
    /// `query(env, msg)`.
    Query,
    /// `migrate(env, msg)`.
    Migrate,
    /// `sudo(env, msg)`.
    Sudo,
}

const DEFAULT_CALLER: Address = [0x01; 32];
const DEFAULT_ADDRESS: Address = [0xC0; 32];

/// Runs the contract and prints the outcome.
pub fn run(args: &RunArgs) -> Result<(), String> {
    let code = read_file(&args.file)?;
    let input = decode_hex(&args.input, "--input")?;
    let caller = parse_address(args.caller.as_deref(), DEFAULT_CALLER, "--caller")?;
    let contract = parse_address(args.address.as_deref(), DEFAULT_ADDRESS, "--address")?;

    let mut host = MockHost::new();
    host.add_contract(contract, code);
    host.set_balance(caller, args.value);
    if let Some(path) = &args.storage {
        for (key, value) in load_storage(path)? {
            host.set_storage(contract, key, value);
        }
    }

    let semantics =
        Semantics::from_version(args.semantics, &Semantics::ALL).map_err(|e| e.to_string())?;
    let vm = Vm::new(
        semantics,
        Limits::default(),
        Schedule::default(),
        DEFAULT_CACHE_BYTES,
    )
    .map_err(|e| e.to_string())?;
    let abi = vm
        .validate(&read_file(&args.file)?)
        .map_err(|e| format!("[{}] {e}", variant_name(&e)))?
        .abi;
    let request = CallRequest {
        entry: if args.deploy {
            EntryPoint::Deploy
        } else {
            EntryPoint::Execute
        },
        contract,
        caller,
        value: args.value,
        input: &input,
        gas_limit: args.gas,
        block: BlockContext {
            number: args.block,
            timestamp: args.timestamp,
        },
        collect_debug: true,
    };
    let outcome = match abi {
        Abi::CosmWasm => return run_cosmwasm(args, &vm, &mut host, caller, contract),
        Abi::Native => vm.execute(&mut host, request),
        // Gas in fuel: one `ref_time` per unit, so ink!'s gas limits and
        // `gas_left` read in the units `--gas` gives.
        Abi::Ink => {
            let chain = InkChain {
                minimum_balance: 1,
                ref_time_per_fuel: 1,
            };
            vm.execute_ink(&mut host, request, chain)
        }
    }
    .map_err(|e| format!("[{}] {e}", variant_name(&e.error)))?;
    print_json(&report(&outcome, &host.contract_storage(&contract)))
}

/// Runs a CosmWasm entry point (after `instantiate`, if asked) and prints the outcome.
fn run_cosmwasm(
    args: &RunArgs,
    vm: &Vm,
    host: &mut MockHost,
    sender: Address,
    contract: Address,
) -> Result<(), String> {
    let chain = CwChain {
        chain_id: "runtime-vm-cli".into(),
        denom: "unit".into(),
        ss58_prefix: 42,
        total_supply: args.value,
    };
    let mut call = |entry: CwEntry, funds: u128| {
        let request = CwRequest {
            entry,
            contract,
            sender,
            funds,
            gas_limit: args.gas,
            block: BlockContext {
                number: args.block,
                timestamp: args.timestamp,
            },
            chain: &chain,
            transaction_index: Some(0),
            collect_debug: true,
        };
        vm.execute_cosmwasm(host, request)
            .map_err(|e| format!("[{}] {e}", variant_name(&e.error)))
    };
    if let Some(msg) = &args.instantiate {
        let outcome = call(CwEntry::Instantiate(msg.clone().into_bytes()), 0)?;
        if !matches!(outcome.status, CwStatus::Ok(_)) {
            return Err(format!("instantiate failed: {:?}", outcome.status));
        }
    }
    let msg = args.msg.clone().into_bytes();
    let entry = match args.entry {
        CwEntryArg::Instantiate => CwEntry::Instantiate(msg),
        CwEntryArg::Execute => CwEntry::Execute(msg),
        CwEntryArg::Query => CwEntry::Query(msg),
        CwEntryArg::Migrate => CwEntry::Migrate {
            msg,
            old_migrate_version: None,
        },
        CwEntryArg::Sudo => CwEntry::Sudo(msg),
    };
    let outcome = call(entry, args.value)?;
    print_json(&cosmwasm_report(
        &outcome,
        &host.contract_storage(&contract),
    ))
}

/// A CosmWasm outcome as a JSON object: `ok` (with the response), `data`
/// (a query's answer), `error` (the contract's message) or `trap`.
fn cosmwasm_report(outcome: &CwOutcome, storage: &BTreeMap<Vec<u8>, Vec<u8>>) -> Value {
    let mut report = json!({
        "gas_used": outcome.gas_used,
        "storage": storage_json(storage),
        "debug": outcome.debug,
    });
    match &outcome.status {
        CwStatus::Ok(response) => {
            report["outcome"] = json!("ok");
            let attributes: Vec<Value> = response
                .attributes
                .iter()
                .map(|a| json!([a.key, a.value]))
                .collect();
            report["attributes"] = json!(attributes);
            report["messages"] = json!(response
                .messages
                .iter()
                .map(|m| format!("{:?}", m.msg))
                .collect::<Vec<_>>());
            report["data"] = json!(response.data.as_ref().map(hex::encode));
        }
        CwStatus::Data(data) => {
            report["outcome"] = json!("data");
            report["data"] =
                serde_json::from_slice(data).unwrap_or_else(|_| json!(hex::encode(data)));
        }
        CwStatus::Err(error) => {
            report["outcome"] = json!("error");
            report["error"] = json!(error);
        }
        CwStatus::Trap(kind) => {
            report["outcome"] = json!("trap");
            report["trap"] = json!(trap_name(*kind));
        }
    }
    report
}

fn storage_json(storage: &BTreeMap<Vec<u8>, Vec<u8>>) -> Map<String, Value> {
    storage
        .iter()
        .map(|(k, v)| (hex::encode(k), Value::String(hex::encode(v))))
        .collect()
}

/// The outcome as the documented JSON object.
fn report(outcome: &Outcome, storage: &BTreeMap<Vec<u8>, Vec<u8>>) -> Value {
    let (status, trap, revert_code) = match outcome.status {
        Status::Success => ("success", Value::Null, Value::Null),
        Status::Revert(code) => ("revert", Value::Null, json!(code)),
        Status::Trap(kind) => ("trap", json!(trap_name(kind)), Value::Null),
    };
    let events: Vec<Value> = outcome
        .events
        .iter()
        .map(|e| json!({ "topics": e.topics.iter().map(hex::encode).collect::<Vec<_>>(), "data": hex::encode(&e.data) }))
        .collect();
    let storage = storage_json(storage);
    let mut report = json!({
        "outcome": status,
        "gas_used": outcome.gas_used,
        "return_data": hex::encode(&outcome.return_data),
        "events": events,
        "storage": storage,
        "debug": outcome.debug,
    });
    if !trap.is_null() {
        report["trap"] = trap;
    }
    if !revert_code.is_null() {
        report["revert_code"] = revert_code;
    }
    report
}

/// A trap's kind as a snake_case name, e.g. `out_of_gas` or `host:pointer_out_of_bounds`.
fn trap_name(kind: TrapKind) -> String {
    match kind {
        TrapKind::Host(host) => format!("host:{}", snake_case(&format!("{host:?}"))),
        other => snake_case(&format!("{other:?}")),
    }
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn parse_address(text: Option<&str>, default: Address, what: &str) -> Result<Address, String> {
    let Some(text) = text else { return Ok(default) };
    decode_hex(text, what)?
        .try_into()
        .map_err(|bytes: Vec<u8>| format!("{what}: expected 32 bytes, got {}", bytes.len()))
}

fn load_storage(path: &Path) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json: Map<String, Value> = serde_json::from_str(&text)
        .map_err(|e| format!("{}: expected a JSON object: {e}", path.display()))?;
    json.iter()
        .map(|(key, value)| {
            let value = value
                .as_str()
                .ok_or_else(|| format!("{}: value of {key} is not a string", path.display()))?;
            Ok((
                decode_hex(key, "storage key")?,
                decode_hex(value, "storage value")?,
            ))
        })
        .collect()
}
