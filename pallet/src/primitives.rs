//! What crosses the runtime interface, and what the pallet stores.
//!
//! Everything here is SCALE-encoded: the runtime encodes an [`ExecRequest`],
//! the node decodes it, runs the VM and encodes an [`ExecOutcome`] back. The
//! node also decodes [`ContractInfo`] and code straight from storage, so their
//! encodings are part of the interface.

use alloc::vec::Vec;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::ConstU32;
use frame_support::BoundedVec;
use runtime_vm_primitives::{
    Abi, CwChain, CwEntry, CwOutcome, Error as VmError, Event, Limits, Schedule, Status,
};
use scale_info::TypeInfo;

/// The code an instantiation dry run uses.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Code {
    /// Upload this code first, as `deploy` does.
    Upload(Vec<u8>),
    /// Code already uploaded, by hash.
    Existing(sp_core::H256),
}

/// A contract's entry point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Entry {
    /// `deploy`: once, at instantiation.
    Deploy,
    /// `execute`: every call.
    Execute,
}

/// Where the node finds what it reads directly from storage.
///
/// Passed by the runtime so the node needs no knowledge of the runtime's
/// pallet names: each field is a storage map's full key prefix.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct StorageLayout {
    /// `ContractInfoOf` (keys: `blake2_128_concat(address)`).
    pub contract_info: Vec<u8>,
    /// `PristineCode` (keys: the code hash).
    pub code: Vec<u8>,
    /// `frame_system::Account` (keys: `blake2_128_concat(account)`).
    pub accounts: Vec<u8>,
    /// `CodeInfoOf` (keys: the code hash).
    pub code_info: Vec<u8>,
    /// `CodeIdOf` (keys: `blake2_128_concat(code id)`).
    pub code_ids: Vec<u8>,
    /// Encoded length of the runtime's `Nonce`, which precedes the balances in
    /// an `AccountInfo`.
    pub nonce_len: u32,
    /// The existential deposit transfers must respect.
    pub existential_deposit: u128,
}

/// How the node's VM is configured: the pallet's `Limits` and `Schedule` constants.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct VmConfig {
    /// The VM's limits.
    pub limits: Limits,
    /// Host-function costs.
    pub schedule: Schedule,
}

/// What the node reports of code it validated and compiled at upload.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct PreparedCode {
    /// Its ABI.
    pub abi: Abi,
    /// Its functions, imported and defined: the upload's weight counts them.
    pub functions: u32,
}

/// A request to run a contract, as the pallet decided it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct ExecRequest {
    /// The entry point.
    pub entry: Entry,
    /// The contract's address.
    pub contract: [u8; 32],
    /// The caller.
    pub caller: [u8; 32],
    /// Value moved from the caller to the contract first.
    pub value: u128,
    /// The entry point's input.
    pub input: Vec<u8>,
    /// Fuel the execution may use.
    pub fuel_limit: u64,
    /// Current block number.
    pub block_number: u64,
    /// Current block time, milliseconds since the Unix epoch.
    pub timestamp: u64,
    /// The VM's configuration.
    pub config: VmConfig,
    /// Where the node reads contracts, code and balances.
    pub layout: StorageLayout,
    /// Return `debug_log` messages (dry runs only).
    pub collect_debug: bool,
}

/// How CosmWasm contracts see the chain (its SS58 prefix is `frame_system`'s).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct CosmWasmConfig {
    /// `Env.block.chain_id`.
    pub chain_id: alloc::string::String,
    /// The denom of the native currency in `funds`, `BankMsg::Send` and bank queries.
    pub denom: alloc::string::String,
}

/// A request to run a CosmWasm entry point, as the pallet decided it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct CwExecRequest {
    /// The entry point and its message.
    pub entry: CwEntry,
    /// The contract's address.
    pub contract: [u8; 32],
    /// `MessageInfo.sender`.
    pub sender: [u8; 32],
    /// Funds moved from the sender to the contract first.
    pub funds: u128,
    /// Fuel the execution may use.
    pub fuel_limit: u64,
    /// Current block number.
    pub block_number: u64,
    /// Current block time, milliseconds since the Unix epoch.
    pub timestamp: u64,
    /// The chain as CosmWasm contracts see it.
    pub chain: CwChain,
    /// The extrinsic's index in the block, if any.
    pub transaction_index: Option<u32>,
    /// The VM's configuration.
    pub config: VmConfig,
    /// Where the node reads contracts, code and balances.
    pub layout: StorageLayout,
    /// Return `debug` and `abort` messages (dry runs and queries only).
    pub collect_debug: bool,
}

/// What a CosmWasm execution produced.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct CwExecOutcome {
    /// How it ended, or why the VM refused it.
    pub result: Result<CwOutcome, VmError>,
    /// Fuel consumed, also when the VM gave up after doing work.
    pub fuel_used: u64,
    /// Bytes the execution read from storage (the proof it adds).
    pub proof_size: u64,
    /// The funds transfer, if the entry point succeeded.
    pub transfers: Vec<Transfer>,
}

/// A balance transfer the execution made, for the pallet to apply.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct Transfer {
    /// Payer.
    pub from: [u8; 32],
    /// Payee.
    pub to: [u8; 32],
    /// Amount.
    pub amount: u128,
}

/// What an execution produced.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct ExecOutcome {
    /// How it ended, or why the VM refused it.
    pub result: Result<Status, VmError>,
    /// Fuel consumed, also when the VM gave up after doing work.
    pub fuel_used: u64,
    /// Bytes the execution read from storage (the proof it adds).
    pub proof_size: u64,
    /// The contract's return data.
    pub return_data: Vec<u8>,
    /// Events of every frame that committed.
    pub events: Vec<Event>,
    /// `debug_log` messages.
    pub debug: Vec<Vec<u8>>,
    /// Value transfers, in order; empty unless the execution succeeded.
    pub transfers: Vec<Transfer>,
}

/// Longest contract label, in bytes.
pub const MAX_LABEL_LEN: u32 = 128;

/// A contract's label (CosmWasm's `label`; free text for native contracts).
pub type Label = BoundedVec<u8, ConstU32<MAX_LABEL_LEN>>;

/// A contract instance, keyed by its address.
#[derive(
    Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct ContractInfo {
    /// The code it runs.
    pub code_hash: [u8; 32],
    /// Its child trie.
    pub trie_id: [u8; 32],
    /// Who instantiated it.
    pub deployer: [u8; 32],
    /// Its ABI.
    pub abi: Abi,
    /// Who may migrate it and change this (CosmWasm), if anyone.
    pub admin: Option<[u8; 32]>,
    /// Its label.
    pub label: Label,
}

/// Uploaded code, keyed by its hash.
#[derive(
    Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct CodeInfo<AccountId> {
    /// Who uploaded it (the only one who may remove it).
    pub owner: AccountId,
    /// Its length in bytes.
    pub len: u32,
    /// Its ABI.
    pub abi: Abi,
    /// How many contracts run it.
    pub refcount: u64,
    /// Its sequential id (CosmWasm's `code_id`), from 1.
    pub code_id: u64,
}
