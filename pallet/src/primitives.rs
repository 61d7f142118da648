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
    Abi, BlockContext, CwChain, CwEntry, CwOutcome, EntryPoint, Error as VmError, Limits, Outcome,
    Schedule,
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
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct PreparedCode {
    /// Its ABI.
    pub abi: Abi,
    /// Its functions, imported and defined: the upload's weight counts them.
    pub functions: u32,
}

/// A request to run one entry point of a contract, as the pallet decided it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct ExecRequest {
    /// The contract's address.
    pub contract: [u8; 32],
    /// Who calls it (CosmWasm: `MessageInfo.sender`).
    pub caller: [u8; 32],
    /// Value moved from the caller to the contract first (CosmWasm: `funds`).
    pub value: u128,
    /// The entry point, with what its ABI hands it.
    pub entry: ExecEntry,
    /// Fuel the execution may use.
    pub fuel_limit: u64,
    /// Bytes the execution may read from storage (the proof it may add):
    /// a contract reading past them stops out of gas.
    pub proof_size_limit: u64,
    /// The block it runs in.
    pub block: BlockContext,
    /// The VM's configuration.
    pub config: VmConfig,
    /// Where the node reads contracts, code and balances.
    pub layout: StorageLayout,
    /// Return the contracts' debug output (dry runs and queries only).
    pub collect_debug: bool,
}

/// An entry point of either ABI, with what that ABI hands it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum ExecEntry {
    /// A native entry point and its input.
    Native {
        /// `deploy` or `execute`.
        entry: EntryPoint,
        /// The input.
        input: Vec<u8>,
    },
    /// A CosmWasm entry point and its message.
    CosmWasm {
        /// The entry point and its message.
        entry: CwEntry,
        /// The chain as the contract sees it.
        chain: CwChain,
        /// `Env.transaction.index`, if the execution is part of a transaction.
        transaction_index: Option<u32>,
    },
}

/// What an execution produced.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct ExecOutcome {
    /// How the entry point ended, or why the VM refused to run it.
    pub result: Result<Ended, VmError>,
    /// Fuel consumed, also when the VM gave up after doing work.
    pub fuel_used: u64,
    /// Bytes the execution read from storage (the proof it adds).
    pub proof_size: u64,
    /// Value transfers, in order, for the pallet to apply; empty unless the
    /// entry point succeeded.
    pub transfers: Vec<Transfer>,
}

/// How an entry point of either ABI ended.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Ended {
    /// A native entry point: status, return data, events, debug output.
    Native(Outcome),
    /// A CosmWasm entry point: its result (a `Response`, data or an error) and debug output.
    CosmWasm(CwOutcome),
}

/// How CosmWasm contracts see the chain (its SS58 prefix is `frame_system`'s).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct CosmWasmConfig {
    /// `Env.block.chain_id`.
    pub chain_id: alloc::string::String,
    /// The denom of the native currency in `funds`, `BankMsg::Send` and bank queries.
    pub denom: alloc::string::String,
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
