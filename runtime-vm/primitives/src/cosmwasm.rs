//! CosmWasm: what a chain and the VM exchange to run a CosmWasm entry point.
//!
//! The VM speaks JSON with the contract (with `cosmwasm-std`'s own types);
//! the chain gets and gives these plain types instead, so a `no_std` runtime
//! never parses JSON. Addresses are already canonical (32 bytes) and funds
//! already in the chain's native denom: whatever the VM could not convert
//! arrives as a [`CwMsg::Rejected`] naming why, and fails when dispatched.

#[cfg(feature = "codec")]
use crate::scale::*;

use alloc::string::String;
use alloc::vec::Vec;

use crate::outcome::TrapKind;
use crate::types::{Address, Balance};

/// How the chain presents itself to CosmWasm contracts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct CwChain {
    /// `Env.block.chain_id`.
    pub chain_id: String,
    /// The denom of the native currency in `funds`, `BankMsg` and bank queries.
    pub denom: String,
    /// The SS58 prefix of human-readable addresses.
    pub ss58_prefix: u16,
    /// Total issuance of the native currency (the bank `Supply` query).
    pub total_supply: Balance,
}

/// A CosmWasm entry point with its input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum CwEntry {
    /// `instantiate(env, info, msg)`.
    Instantiate(Vec<u8>),
    /// `execute(env, info, msg)`.
    Execute(Vec<u8>),
    /// `migrate(env, msg)`, or `migrate(env, msg, migrate_info)` if the
    /// contract takes three.
    Migrate {
        /// The message.
        msg: Vec<u8>,
        /// `MigrateInfo.old_migrate_version`: the migrate version of the
        /// code the contract ran before.
        old_migrate_version: Option<u64>,
    },
    /// `sudo(env, msg)`.
    Sudo(Vec<u8>),
    /// `query(env, msg)`: read-only.
    Query(Vec<u8>),
    /// `reply(env, reply)`, the message built from this.
    Reply(CwReply),
}

impl CwEntry {
    /// The export that implements this entry point.
    pub fn export_name(&self) -> &'static str {
        match self {
            CwEntry::Instantiate(_) => "instantiate",
            CwEntry::Execute(_) => "execute",
            CwEntry::Migrate { .. } => "migrate",
            CwEntry::Sudo(_) => "sudo",
            CwEntry::Query(_) => "query",
            CwEntry::Reply(_) => "reply",
        }
    }
}

/// A submessage's result, handed to the contract's `reply`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct CwReply {
    /// The submessage's `id`.
    pub id: u64,
    /// The submessage's `payload`.
    pub payload: Vec<u8>,
    /// Gas the submessage used, in fuel.
    pub gas_used: u64,
    /// What it produced, or its error.
    pub result: Result<CwSubMsgResponse, String>,
}

/// What a successful submessage produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct CwSubMsgResponse {
    /// Events it emitted.
    pub events: Vec<CwEvent>,
    /// Its data (deprecated in CosmWasm 2, still filled as wasmd does).
    pub data: Option<Vec<u8>>,
    /// One response per message, protobuf-encoded as wasmd's `Msg*Response`.
    pub msg_responses: Vec<CwMsgResponse>,
}

/// A message's protobuf response.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct CwMsgResponse {
    /// The response's type URL, e.g. `/cosmwasm.wasm.v1.MsgExecuteContractResponse`.
    pub type_url: String,
    /// The protobuf bytes.
    pub value: Vec<u8>,
}

/// A key/value attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct CwAttribute {
    /// Key.
    pub key: String,
    /// Value.
    pub value: String,
}

/// An event: a type and its attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct CwEvent {
    /// The event type (`wasm`, `wasm-<custom>`, `execute`, ...).
    pub ty: String,
    /// Its attributes, in order.
    pub attributes: Vec<CwAttribute>,
}

/// A contract's `Response`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct CwResponse {
    /// Messages to run, in order, after the entry point.
    pub messages: Vec<CwSubMsg>,
    /// Attributes of the `wasm` event.
    pub attributes: Vec<CwAttribute>,
    /// Custom events (their types without the `wasm-` prefix).
    pub events: Vec<CwEvent>,
    /// Data returned to the caller.
    pub data: Option<Vec<u8>>,
}

/// A message with its reply settings.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct CwSubMsg {
    /// Handed back to `reply`.
    pub id: u64,
    /// Handed back to `reply`.
    pub payload: Vec<u8>,
    /// The message.
    pub msg: CwMsg,
    /// Fuel the message may use at most (`None`: what is left).
    pub gas_limit: Option<u64>,
    /// When `reply` runs.
    pub reply_on: CwReplyOn,
}

/// When a submessage's result goes to `reply`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum CwReplyOn {
    /// Always.
    Always,
    /// Only on error (the error is then caught).
    Error,
    /// Only on success (an error fails the whole call).
    Success,
    /// Never (an error fails the whole call).
    Never,
}

impl CwReplyOn {
    /// Whether a result of this kind (`success` or not) goes to `reply`.
    pub fn replies_to(self, success: bool) -> bool {
        match self {
            CwReplyOn::Always => true,
            CwReplyOn::Error => !success,
            CwReplyOn::Success => success,
            CwReplyOn::Never => false,
        }
    }
}

/// A `CosmosMsg` the chain can carry out, with addresses and funds converted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum CwMsg {
    /// `BankMsg::Send` of the native denom.
    BankSend {
        /// Payee.
        to: Address,
        /// Amount.
        amount: Balance,
    },
    /// `WasmMsg::Execute`.
    Execute {
        /// The contract.
        contract: Address,
        /// JSON message.
        msg: Vec<u8>,
        /// Funds sent along.
        funds: Balance,
    },
    /// `WasmMsg::Instantiate` or, with a salt, `WasmMsg::Instantiate2`.
    Instantiate {
        /// Admin of the new contract.
        admin: Option<Address>,
        /// The code to instantiate.
        code_id: u64,
        /// JSON message.
        msg: Vec<u8>,
        /// Funds sent along.
        funds: Balance,
        /// Label.
        label: String,
        /// `Instantiate2`'s salt (the address then depends only on it, the code and the sender).
        salt: Option<Vec<u8>>,
    },
    /// `WasmMsg::Migrate`.
    Migrate {
        /// The contract.
        contract: Address,
        /// The code it moves to.
        new_code_id: u64,
        /// JSON message.
        msg: Vec<u8>,
    },
    /// `WasmMsg::UpdateAdmin`.
    UpdateAdmin {
        /// The contract.
        contract: Address,
        /// Its new admin.
        admin: Address,
    },
    /// `WasmMsg::ClearAdmin`.
    ClearAdmin {
        /// The contract.
        contract: Address,
    },
    /// A message this chain cannot carry out: the reason names the message
    /// kind (`staking`, `ibc`, ...) or what was wrong with it (an invalid
    /// address, a foreign denom). Dispatching it fails with this reason.
    Rejected(String),
}

/// How a CosmWasm entry point ended.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum CwStatus {
    /// A state-changing entry point returned `Ok(Response)`: its storage changes are kept.
    Ok(CwResponse),
    /// `query` returned `Ok(data)`.
    Data(Vec<u8>),
    /// The contract returned an error; its storage changes were rolled back.
    Err(String),
    /// The contract trapped (or aborted); its storage changes were rolled back.
    Trap(TrapKind),
}

/// The result of running a CosmWasm entry point.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct CwOutcome {
    /// How it ended.
    pub status: CwStatus,
    /// Fuel consumed, host-function charges and sub-queries included.
    pub gas_used: u64,
    /// Messages from `debug` and the `abort` message, kept even on failure;
    /// empty unless the request asked for them (dry runs and queries do).
    pub debug: Vec<String>,
}
