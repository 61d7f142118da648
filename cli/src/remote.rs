//! The subcommands that reach a node: `upload`, `instantiate`, `call`,
//! `query` and `storage`.
//!
//! Every state-changing command dry-runs first, shows what it found (gas,
//! storage deposit, the outcome) and submits with the dry run's gas (plus
//! `--gas-margin` percent) and deposit; `--dry-run` stops after it. A failed
//! dry run is reported by the pallet error's name with the contract's message
//! and nothing is submitted. Each command prints one report: text, or one
//! JSON object with `--output json`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use pallet_wasm_contracts_api::{CallOutcome, Code, StorageDeposit};
use serde_json::{json, Map, Value as Json};
use sp_core::crypto::{AccountId32, Ss58Codec};
use sp_core::H256;
use subxt::dynamic::Value;

use crate::chain::{address, Chain, Included, Instance, TxLimits};
use crate::{decode_hex, read_file};

/// Where the node is, who signs, how to print.
#[derive(Args)]
pub struct Node {
    /// The node's WebSocket URL.
    #[arg(long, default_value = "ws://127.0.0.1:9944")]
    url: String,
    /// Who signs: a dev URI (`//Alice`) or a mnemonic, with optional
    /// `//hard/soft` paths. Never printed.
    #[arg(long, default_value = "//Alice")]
    suri: String,
    /// `json` prints one JSON object, for scripts.
    #[arg(long, value_enum, default_value = "text")]
    output: Output,
}

/// How a report is printed.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// `key: value` lines.
    Text,
    /// One JSON object.
    Json,
}

/// How a state-changing command submits.
#[derive(Args)]
pub struct Submit {
    /// Dry-run only: show gas, deposit and outcome, submit nothing.
    #[arg(long)]
    dry_run: bool,
    /// Gas given beyond the dry run's, in percent.
    #[arg(long, default_value_t = 10)]
    gas_margin: u64,
    /// Value moved to the contract (CosmWasm: `funds` in the native denom).
    #[arg(long, default_value_t = 0)]
    value: u128,
}

/// The input of an entry point.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct Input {
    /// CosmWasm: the JSON message.
    #[arg(long)]
    msg: Option<String>,
    /// Native ABI: the input, hex.
    #[arg(long)]
    input: Option<String>,
}

impl Input {
    fn bytes(&self) -> Result<Vec<u8>, String> {
        match (&self.msg, &self.input) {
            (Some(msg), _) => json_bytes(msg),
            (_, Some(input)) => decode_hex(input, "--input"),
            (None, None) => Err("give --msg JSON or --input HEX".to_string()),
        }
    }
}

/// `runtime-vm upload` arguments.
#[derive(Args)]
pub struct UploadArgs {
    /// The contract's wasm file.
    file: PathBuf,
    #[command(flatten)]
    node: Node,
    /// Dry-run only: validate on the node and show the deposit.
    #[arg(long)]
    dry_run: bool,
}

/// `runtime-vm instantiate` arguments.
#[derive(Args)]
pub struct InstantiateArgs {
    /// An uploaded code's hash (0x…), or a wasm file to upload with it.
    code: String,
    #[command(flatten)]
    input: Input,
    /// CosmWasm: the contract's label.
    #[arg(long, default_value = "")]
    label: String,
    /// CosmWasm: the contract's admin (SS58).
    #[arg(long)]
    admin: Option<String>,
    /// Salt for the contract's address, hex.
    #[arg(long, default_value = "")]
    salt: String,
    #[command(flatten)]
    submit: Submit,
    #[command(flatten)]
    node: Node,
}

/// `runtime-vm call` arguments.
#[derive(Args)]
pub struct CallArgs {
    /// The contract's address (SS58).
    contract: String,
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    submit: Submit,
    #[command(flatten)]
    node: Node,
}

/// `runtime-vm query` arguments.
#[derive(Args)]
pub struct QueryArgs {
    /// The contract's address (SS58).
    contract: String,
    /// The JSON query message.
    #[arg(long)]
    msg: String,
    #[command(flatten)]
    node: Node,
}

/// `runtime-vm storage` arguments.
#[derive(Args)]
pub struct StorageArgs {
    /// The contract's address (SS58).
    contract: String,
    /// The key: hex with `0x`, else its UTF-8 bytes.
    key: String,
    #[command(flatten)]
    node: Node,
}

/// Checks `file` locally, then uploads it.
pub async fn upload(args: &UploadArgs) -> Result<(), String> {
    let code = read_file(&args.file)?;
    let info = crate::check::validated(&args.file, &code)?;
    if args.node.output == Output::Text {
        crate::check::describe(&args.file, &code, &info);
    }
    let chain = connect(&args.node).await?;
    let dry = chain.dry_run_upload(&code).await?;
    let mut report = json!({
        "code_hash": format!("{:?}", dry.code_hash),
        "storage_deposit": dry.deposit.to_string(),
    });
    if !args.dry_run {
        let deposit = Value::unnamed_variant("Some", [Value::u128(dry.deposit)]);
        let included = chain
            .submit("upload_code", vec![Value::from_bytes(&code), deposit])
            .await?;
        report["code_id"] = json!(chain.code_id(dry.code_hash).await?);
        add_inclusion(&mut report, included);
    }
    print(&args.node, report)
}

/// Dry-runs an instantiation, then submits it with the gas and deposit found.
pub async fn instantiate(args: &InstantiateArgs) -> Result<(), String> {
    let input = args.input.bytes()?;
    let (code, code_field) = if args.code.starts_with("0x") {
        let hash = parse_hash(&args.code)?;
        (Code::Existing(hash), Value::from_bytes(hash.0))
    } else {
        let code = read_file(&PathBuf::from(&args.code))?;
        crate::check::validated(&PathBuf::from(&args.code), &code)?;
        (Code::Upload(code.clone()), Value::from_bytes(&code))
    };
    let upload = matches!(code, Code::Upload(_));
    let instance = Instance {
        salt: decode_hex(&args.salt, "--salt")?,
        admin: args.admin.as_deref().map(parse_account).transpose()?,
        label: args.label.clone().into_bytes(),
    };
    let chain = connect(&args.node).await?;
    let dry = chain
        .dry_run_instantiate(code, args.submit.value, &input, &instance)
        .await?;
    let mut report = outcome_report(&chain, &dry)?;
    report["contract"] = json!(address(&dry.contract));
    if !args.submit.dry_run {
        let limits = limits(&dry, args.submit.gas_margin);
        let admin = match &instance.admin {
            Some(admin) => {
                Value::unnamed_variant("Some", [Value::from_bytes(<[u8; 32]>::from(admin.clone()))])
            }
            None => Value::unnamed_variant("None", []),
        };
        let fields = vec![
            code_field,
            Value::from_bytes(&input),
            Value::u128(args.submit.value),
            gas_value(limits),
            Value::unnamed_variant("Some", [Value::u128(limits.deposit)]),
            Value::from_bytes(&instance.salt),
            admin,
            Value::from_bytes(&instance.label),
        ];
        let call = if upload { "deploy" } else { "instantiate" };
        add_submitted(&mut report, limits, chain.submit(call, fields).await?);
    }
    print(&args.node, report)
}

/// Dry-runs a call, then submits it with the gas and deposit found.
pub async fn call(args: &CallArgs) -> Result<(), String> {
    let input = args.input.bytes()?;
    let contract = parse_account(&args.contract)?;
    let chain = connect(&args.node).await?;
    let dry = chain
        .dry_run_call(&contract, args.submit.value, &input)
        .await?;
    let mut report = outcome_report(&chain, &dry)?;
    if !args.submit.dry_run {
        let limits = limits(&dry, args.submit.gas_margin);
        let fields = vec![
            Value::from_bytes(<[u8; 32]>::from(contract)),
            Value::from_bytes(&input),
            Value::u128(args.submit.value),
            gas_value(limits),
            Value::unnamed_variant("Some", [Value::u128(limits.deposit)]),
        ];
        add_submitted(&mut report, limits, chain.submit("call", fields).await?);
    }
    print(&args.node, report)
}

/// A CosmWasm smart query.
pub async fn query(args: &QueryArgs) -> Result<(), String> {
    let msg = json_bytes(&args.msg)?;
    let contract = parse_account(&args.contract)?;
    let chain = connect(&args.node).await?;
    let outcome = chain.query(&contract, &msg).await?;
    let report = outcome_report(&chain, &outcome)?;
    print(&args.node, report)
}

/// A raw storage read.
pub async fn storage(args: &StorageArgs) -> Result<(), String> {
    let contract = parse_account(&args.contract)?;
    let key = match args.key.strip_prefix("0x") {
        Some(hex) => decode_hex(hex, "KEY")?,
        None => args.key.clone().into_bytes(),
    };
    let chain = connect(&args.node).await?;
    let value = chain.storage(&contract, &key).await?;
    let report = json!({
        "key": format!("0x{}", hex::encode(&key)),
        "value": value.as_ref().map(|v| format!("0x{}", hex::encode(v))),
        "text": value.as_ref().and_then(|v| String::from_utf8(v.clone()).ok()),
    });
    print(&args.node, report)
}

async fn connect(node: &Node) -> Result<Chain, String> {
    Chain::connect(&node.url, &node.suri).await
}

/// A dry run's report; a failed one is the error, by name, with the
/// contract's message (its return data, or its debug output).
fn outcome_report(chain: &Chain, outcome: &CallOutcome) -> Result<Json, String> {
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    if let Err(error) = &outcome.result {
        let mut message = text(&outcome.return_data);
        if message.is_empty() {
            message = outcome
                .debug
                .iter()
                .map(|m| text(m))
                .collect::<Vec<_>>()
                .join("; ");
        }
        let name = chain.error_name(error);
        return Err(if message.is_empty() {
            name
        } else {
            format!("{name}: {message}")
        });
    }
    let (deposit_kind, deposit) = match outcome.storage_deposit {
        StorageDeposit::Charge(n) => ("charge", n),
        StorageDeposit::Refund(n) => ("refund", n),
    };
    let data = &outcome.return_data;
    let mut report = Map::new();
    let gas = |weight: sp_weights::Weight| json!({ "ref_time": weight.ref_time(), "proof_size": weight.proof_size() });
    report.insert("gas_used".into(), gas(outcome.gas_consumed));
    report.insert("gas_required".into(), gas(outcome.gas_required));
    report.insert(
        "storage_deposit".into(),
        json!({ deposit_kind: deposit.to_string() }),
    );
    report.insert(
        "return_data".into(),
        match serde_json::from_slice::<Json>(data) {
            Ok(json) if !data.is_empty() => json,
            _ => json!(format!("0x{}", hex::encode(data))),
        },
    );
    Ok(Json::Object(report))
}

/// The gas and deposit to submit with: the dry run's, gas plus `margin` percent.
fn limits(dry: &CallOutcome, margin: u64) -> TxLimits {
    let more = |n: u64| n.saturating_add(n / 100 * margin);
    let deposit = match dry.storage_deposit {
        StorageDeposit::Charge(n) => n,
        StorageDeposit::Refund(_) => 0,
    };
    TxLimits {
        gas: (
            more(dry.gas_required.ref_time()),
            more(dry.gas_required.proof_size()),
        ),
        deposit,
    }
}

fn gas_value(limits: TxLimits) -> Value {
    Value::named_composite([
        ("ref_time", Value::u128(limits.gas.0.into())),
        ("proof_size", Value::u128(limits.gas.1.into())),
    ])
}

/// Adds the limits a transaction was given and where it landed.
fn add_submitted(report: &mut Json, limits: TxLimits, included: Included) {
    report["gas_limit"] = json!({ "ref_time": limits.gas.0, "proof_size": limits.gas.1 });
    report["storage_deposit_limit"] = json!(limits.deposit.to_string());
    add_inclusion(report, included);
}

/// Adds the block a transaction landed in and its events.
fn add_inclusion(report: &mut Json, included: Included) {
    report["block"] = json!(format!("{:?}", included.block));
    report["events"] = Json::Array(included.events);
}

fn print(node: &Node, report: Json) -> Result<(), String> {
    match node.output {
        Output::Json => crate::print_json(&report),
        Output::Text => {
            if let Json::Object(fields) = &report {
                for (key, value) in fields {
                    match (key.as_str(), value) {
                        ("events", Json::Array(events)) => {
                            println!("events:");
                            events
                                .iter()
                                .for_each(|event| println!("  {}", event_line(event)));
                        }
                        _ => println!("{key}: {value}"),
                    }
                }
            }
            Ok(())
        }
    }
}

/// One event as a line of text: a CosmWasm event as its type and
/// `key=value` attributes, any other as its name and fields.
fn event_line(event: &Json) -> String {
    let fields = &event["fields"];
    match (&event["event"], &fields["attributes"]) {
        (Json::String(name), Json::Array(attributes)) if name == "WasmEvent" => {
            let pairs: Vec<String> = attributes
                .iter()
                .filter_map(|pair| Some(format!("{}={}", pair[0].as_str()?, pair[1].as_str()?)))
                .collect();
            format!(
                "{}: {}",
                fields["ty"].as_str().unwrap_or("?"),
                pairs.join(" ")
            )
        }
        (name, _) => format!("{} {fields}", name.as_str().unwrap_or("?")),
    }
}

/// `text` as the bytes of a JSON message, refused if it is not JSON.
fn json_bytes(text: &str) -> Result<Vec<u8>, String> {
    serde_json::from_str::<Json>(text).map_err(|e| format!("--msg is not JSON: {e}"))?;
    Ok(text.as_bytes().to_vec())
}

fn parse_account(text: &str) -> Result<AccountId32, String> {
    AccountId32::from_ss58check(text).map_err(|e| format!("{text} is not an SS58 address: {e:?}"))
}

fn parse_hash(text: &str) -> Result<H256, String> {
    let bytes = decode_hex(text, "code hash")?;
    <[u8; 32]>::try_from(bytes)
        .map(H256)
        .map_err(|bytes| format!("a code hash has 32 bytes, {text} has {}", bytes.len()))
}
