//! Talking to a node: the connection, the signer, dry runs through the
//! pallet's runtime API (`WasmContractsApi`), and transactions watched until
//! they are in a block.
//!
//! Dry runs are encoded and decoded with the pallet's own types; transactions
//! are built from the node's metadata (subxt's dynamic payloads), so the tool
//! follows the runtime it talks to.

use std::io::{IsTerminal, Write};

use codec::{Decode, Encode};
use pallet_wasm_contracts_api::{CallOutcome, Code, ContractAccessError, UploadOutcome};
use serde_json::{json, Value as Json};
use sp_core::crypto::{AccountId32, Ss58Codec};
use sp_core::H256;
use sp_runtime::DispatchError;
use subxt::dynamic::Value;
use subxt::ext::scale_value::At;
use subxt::metadata::ArcMetadata;
use subxt::transactions::TransactionStatus;
use subxt::{OnlineClient, SubstrateConfig};
use subxt_signer::sr25519::Keypair;
use subxt_signer::SecretUri;

/// The pallet's name in the runtime.
const PALLET: &str = "WasmContracts";

/// A node, connected, and who signs for the commands that change state.
pub struct Chain {
    client: OnlineClient<SubstrateConfig>,
    metadata: ArcMetadata,
    signer: Keypair,
}

/// Gas and deposit, as a dry run found them and a transaction is given them.
#[derive(Clone, Copy, Debug)]
pub struct TxLimits {
    /// `ref_time` and `proof_size`.
    pub gas: (u64, u64),
    /// The storage deposit limit.
    pub deposit: u128,
}

/// What a transaction did once its block was finalized.
pub struct Included {
    /// The block's hash.
    pub block: H256,
    /// The transaction's events (the pallet's, with CosmWasm attributes as text).
    pub events: Vec<Json>,
}

impl Chain {
    /// Connects to the node at `url` and reads the signer from `suri`
    /// (`//Alice`, a mnemonic, with optional `//hard/soft` paths).
    pub async fn connect(url: &str, suri: &str) -> Result<Self, String> {
        let uri: SecretUri = suri.parse().map_err(|_| {
            "--suri is not a secret URI (//Alice, a mnemonic or 0x seed)".to_string()
        })?;
        let signer = Keypair::from_uri(&uri).map_err(|e| format!("--suri: {e}"))?;
        let client = OnlineClient::<SubstrateConfig>::from_insecure_url(url)
            .await
            .map_err(|e| format!("cannot connect to {url}: {e}"))?;
        let metadata = client
            .at_current_block()
            .await
            .map_err(|e| format!("cannot read the chain at {url}: {e}"))?
            .metadata();
        if metadata.pallet_by_name(PALLET).is_none() {
            return Err(format!("the chain at {url} has no {PALLET} pallet"));
        }
        Ok(Self {
            client,
            metadata,
            signer,
        })
    }

    /// The signer's account.
    pub fn account(&self) -> AccountId32 {
        AccountId32::new(self.signer.public_key().0)
    }

    /// Calls `WasmContractsApi_<method>` at the best block.
    async fn runtime_api<R: Decode>(&self, method: &str, args: impl Encode) -> Result<R, String> {
        let at = self
            .client
            .at_current_block()
            .await
            .map_err(|e| format!("cannot read the chain: {e}"))?;
        let bytes = at
            .runtime_apis()
            .call_raw(&format!("WasmContractsApi_{method}"), Some(&args.encode()))
            .await
            .map_err(|e| format!("dry run failed: {e}"))?;
        R::decode(&mut &bytes[..]).map_err(|e| format!("cannot decode the node's answer: {e}"))
    }

    /// Dry-runs an upload of `code`.
    pub async fn dry_run_upload(&self, code: &[u8]) -> Result<UploadOutcome, String> {
        let result: Result<UploadOutcome, DispatchError> = self
            .runtime_api("upload_code", (self.account(), code, None::<u128>))
            .await?;
        result.map_err(|e| self.error_name(&e))
    }

    /// Dry-runs an instantiation of `code` (uploaded or new).
    pub async fn dry_run_instantiate(
        &self,
        code: Code,
        value: u128,
        input: &[u8],
        instance: &Instance,
    ) -> Result<CallOutcome, String> {
        let args = (
            self.account(),
            code,
            value,
            None::<sp_weights::Weight>,
            None::<u128>,
            input,
            &instance.salt,
            instance.admin.clone(),
            &instance.label,
        );
        self.runtime_api("instantiate", args).await
    }

    /// Dry-runs a call of `contract`.
    pub async fn dry_run_call(
        &self,
        contract: &AccountId32,
        value: u128,
        input: &[u8],
    ) -> Result<CallOutcome, String> {
        let args = (
            self.account(),
            contract.clone(),
            value,
            None::<sp_weights::Weight>,
            None::<u128>,
            input,
        );
        self.runtime_api("call", args).await
    }

    /// A CosmWasm smart query of `contract`.
    pub async fn query(&self, contract: &AccountId32, msg: &[u8]) -> Result<CallOutcome, String> {
        self.runtime_api("query", (contract.clone(), None::<sp_weights::Weight>, msg))
            .await
    }

    /// The value under `key` in `contract`'s storage.
    pub async fn storage(
        &self,
        contract: &AccountId32,
        key: &[u8],
    ) -> Result<Option<Vec<u8>>, String> {
        let result: Result<Option<Vec<u8>>, ContractAccessError> = self
            .runtime_api("get_storage", (contract.clone(), key))
            .await?;
        result.map_err(|e| format!("{e:?}: {}", address(contract)))
    }

    /// The code id of uploaded `code_hash`, read from `CodeInfoOf`.
    pub async fn code_id(&self, code_hash: H256) -> Result<u64, String> {
        let at = self
            .client
            .at_current_block()
            .await
            .map_err(|e| format!("cannot read the chain: {e}"))?;
        let entry = subxt::dynamic::storage::<([u8; 32],), Value>(PALLET, "CodeInfoOf");
        let info = at
            .storage()
            .fetch(entry, (code_hash.0,))
            .await
            .map_err(|e| format!("cannot read the code's info: {e}"))?
            .decode()
            .map_err(|e| format!("cannot decode the code's info: {e}"))?;
        info.at("code_id")
            .and_then(|id| id.as_u128())
            .map(|id| id as u64)
            .ok_or_else(|| "the code's info has no code_id".to_string())
    }

    /// Signs `call` (`WasmContracts::<call>` with `fields`), submits it and
    /// waits until its block is finalized, printing its progress on
    /// standard error. A failed dispatch is an error naming the pallet's
    /// error.
    pub async fn submit(&self, call: &str, fields: Vec<Value>) -> Result<Included, String> {
        let payload = subxt::dynamic::transaction(PALLET, call, fields);
        let at = self
            .client
            .at_current_block()
            .await
            .map_err(|e| format!("cannot read the chain: {e}"))?;
        let mut progress = at
            .transactions()
            .sign_and_submit_then_watch_default(&payload, &self.signer)
            .await
            .map_err(|e| format!("transaction refused: {e}"))?;
        let mut spinner = Progress::new();
        while let Some(status) = progress.next().await {
            let status = status.map_err(|e| format!("lost the transaction: {e}"))?;
            match status {
                TransactionStatus::InBestBlock(_) => {
                    spinner.tick("in a block, waiting for finality")
                }
                TransactionStatus::InFinalizedBlock(in_block) => {
                    spinner.done("finalized");
                    let block = H256(in_block.block_hash().into());
                    let events = in_block
                        .wait_for_success()
                        .await
                        .map_err(|e| format!("transaction failed: {e}"))?;
                    let events = events
                        .iter()
                        .filter_map(Result::ok)
                        .filter(|event| event.pallet_name() == PALLET)
                        .map(|event| {
                            event_json(
                                event.event_name(),
                                event.decode_fields_unchecked_as::<Value>(),
                            )
                        })
                        .collect();
                    return Ok(Included { block, events });
                }
                TransactionStatus::Error { message }
                | TransactionStatus::Invalid { message }
                | TransactionStatus::Dropped { message } => {
                    spinner.done("refused");
                    return Err(format!("transaction refused: {message}"));
                }
                _ => spinner.tick("waiting for a block"),
            }
        }
        Err("the node stopped reporting on the transaction".to_string())
    }

    /// `error` with the pallet error's name, as the metadata tells it.
    pub fn error_name(&self, error: &DispatchError) -> String {
        if let DispatchError::Module(module) = error {
            let name = self
                .metadata
                .pallet_by_error_index(module.index)
                .and_then(|pallet| {
                    let variant = pallet.error_variant_by_index(module.error[0])?;
                    Some(format!("{}::{}", pallet.name(), variant.name))
                });
            if let Some(name) = name {
                return name;
            }
        }
        format!("{error:?}")
    }
}

/// Who an instance is for: CosmWasm's salt, admin and label.
pub struct Instance {
    /// Salt for the address.
    pub salt: Vec<u8>,
    /// The contract's admin.
    pub admin: Option<AccountId32>,
    /// Its label.
    pub label: Vec<u8>,
}

/// `account` in SS58.
pub fn address(account: &AccountId32) -> String {
    account.to_ss58check()
}

/// An event as JSON: byte strings as text where they are UTF-8 (CosmWasm
/// event types and attributes), else as hex; accounts as hex.
fn event_json(name: &str, fields: Result<Value, impl std::fmt::Display>) -> Json {
    match fields {
        Ok(fields) => json!({ "event": name, "fields": value_json(&fields) }),
        Err(e) => json!({ "event": name, "error": e.to_string() }),
    }
}

/// `value` as JSON, sequences of bytes as text or hex.
fn value_json(value: &Value) -> Json {
    use subxt::ext::scale_value::{Composite, Primitive, ValueDef};
    let bytes = |values: &[Value]| -> Option<Vec<u8>> {
        values
            .iter()
            .map(|v| match &v.value {
                ValueDef::Primitive(Primitive::U128(b)) => u8::try_from(*b).ok(),
                _ => None,
            })
            .collect()
    };
    match &value.value {
        ValueDef::Composite(Composite::Named(fields)) => Json::Object(
            fields
                .iter()
                .map(|(name, v)| (name.clone(), value_json(v)))
                .collect(),
        ),
        ValueDef::Composite(Composite::Unnamed(values)) => match bytes(values) {
            Some(b) if !values.is_empty() => match String::from_utf8(b.clone()) {
                Ok(text) if values.len() != 32 && !text.chars().any(char::is_control) => {
                    Json::String(text)
                }
                _ => Json::String(format!("0x{}", hex::encode(b))),
            },
            _ if values.len() == 1 => value_json(&values[0]),
            _ => Json::Array(values.iter().map(value_json).collect()),
        },
        ValueDef::Variant(variant) => match &variant.values {
            Composite::Unnamed(values) if values.is_empty() => Json::String(variant.name.clone()),
            values => {
                json!({ variant.name.clone(): value_json(&Value::without_context(ValueDef::Composite(values.clone()))) })
            }
        },
        ValueDef::Primitive(Primitive::Bool(b)) => Json::Bool(*b),
        ValueDef::Primitive(Primitive::String(s)) => Json::String(s.clone()),
        ValueDef::Primitive(Primitive::U128(n)) => json!(*n as u64),
        other => Json::String(format!("{}", Value::without_context(other.clone()))),
    }
}

/// A progress line on standard error while a transaction waits, when
/// standard error is a terminal (scripts read one error line, if any).
struct Progress {
    frame: usize,
    shown: bool,
}

impl Progress {
    fn new() -> Self {
        Self {
            frame: 0,
            shown: std::io::stderr().is_terminal(),
        }
    }

    fn tick(&mut self, what: &str) {
        const FRAMES: [char; 4] = ['|', '/', '-', '\\'];
        if self.shown {
            eprint!("\r{} {what}", FRAMES[self.frame % FRAMES.len()]);
            let _ = std::io::stderr().flush();
        }
        self.frame += 1;
    }

    fn done(&mut self, what: &str) {
        if self.shown {
            eprintln!("\r  {what}            ");
        }
    }
}
