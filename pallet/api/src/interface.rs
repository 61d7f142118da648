//! The runtime interface between a FRAME runtime and runtime-vm on its node
//! (`pallet-wasm-contracts`' `wasm_contracts_vm` host functions): the
//! request the runtime encodes, the outcome the node encodes back, and what
//! the node needs to find contracts in the runtime's storage.
//!
//! The encoding of these types is frozen per interface version: a node must
//! decode what every runtime it imports blocks of encodes. A change of shape
//! is a new version of the host function with new types.

use alloc::vec::Vec;

use codec::{Decode, DecodeWithMemTracking, Encode};
use runtime_vm_primitives::{
    Abi, BlockContext, CwChain, CwEntry, CwOutcome, EntryPoint, Error as VmError, InkChain, Limits,
    Outcome, Schedule,
};
use scale_info::TypeInfo;

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
    /// `TrieNonce` (a `u64`, a value's full key): the number of contracts
    /// created so far, part of each new contract's child trie id.
    pub trie_nonce: Vec<u8>,
    /// `DelegateDependencies` (keys: `blake2_128_concat(contract) ++ code
    /// hash`): the code each contract locked.
    pub delegate_dependencies: Vec<u8>,
    /// `DelegateDependencyCount` (keys: `blake2_128_concat(contract)`, a
    /// `u32`): how many codes each contract locked.
    pub delegate_dependency_count: Vec<u8>,
}

/// How the node's VM is configured: the pallet's `VmSemantics`, `Limits`
/// and `Schedule` constants.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct VmConfig {
    /// The version of the VM's semantics (runtime-vm's `Semantics`) the
    /// block runs under: a node that does not implement it refuses to run
    /// anything (`Error::UnknownSemantics`).
    pub semantics: u32,
    /// The VM's limits.
    pub limits: Limits,
    /// Host-function costs.
    pub schedule: Schedule,
}

/// What the node reports of code it validated and compiled at upload.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct PreparedCode {
    /// Its ABI.
    pub abi: Abi,
    /// Its CosmWasm migrate version (`cw_migrate_version`), if it has one.
    pub migrate_version: Option<u64>,
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

/// An entry point of any ABI, with what that ABI hands it.
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
    /// An ink! entry point (`deploy` or `call`) and its input.
    Ink {
        /// `Deploy` runs `deploy`, `Execute` runs `call`.
        entry: EntryPoint,
        /// The input: a selector and its SCALE-encoded arguments.
        input: Vec<u8>,
        /// The chain as ink! contracts see it.
        chain: InkChain,
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
    /// What the execution changed on the chain besides contract storage,
    /// in order, for the pallet to apply; empty unless the entry point
    /// succeeded.
    pub effects: Vec<Effect>,
    /// How much each contract's storage grew or shrank, one entry per
    /// contract whose storage changed, in address order; empty unless the
    /// entry point succeeded. The pallet charges storage deposits from it.
    pub storage: Vec<StorageDelta>,
}

/// How an entry point of any ABI ended.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Ended {
    /// A native or ink! entry point: status, return data, events, debug output.
    Native(Outcome),
    /// A CosmWasm entry point: its result (a `Response`, data or an error) and debug output.
    CosmWasm(CwOutcome),
}

/// The net change an execution made to one contract's storage: what was
/// written and removed, less what frames that rolled back did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct StorageDelta {
    /// The contract.
    pub contract: [u8; 32],
    /// Bytes of keys and values added (negative: removed).
    pub bytes: i64,
    /// Entries added (negative: removed).
    pub items: i64,
}

/// A change an execution made to the chain besides contract storage.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Effect {
    /// Value moved.
    Transfer(Transfer),
    /// A contract (ink!'s `instantiate`) created a contract, whose
    /// constructor succeeded. The pallet records it as the node made it
    /// (its trie takes the next `TrieNonce`), paid by the origin as any
    /// new contract is.
    Instantiated {
        /// Its address.
        contract: [u8; 32],
        /// The contract that instantiated it.
        deployer: [u8; 32],
        /// The code it runs.
        code_hash: [u8; 32],
        /// Its child trie, which the execution may have written already.
        trie_id: [u8; 32],
    },
    /// A contract runs other code from now on (ink!'s `set_code_hash`).
    CodeChanged {
        /// The contract.
        contract: [u8; 32],
        /// The code it runs now.
        code_hash: [u8; 32],
    },
    /// A contract removed itself (ink!'s `terminate`), after a transfer of
    /// all it could spend to `beneficiary`: the pallet releases its
    /// deposits and moves everything left on its account there too.
    Terminated {
        /// The contract.
        contract: [u8; 32],
        /// Who gets what it held.
        beneficiary: [u8; 32],
    },
    /// A contract locked code it runs by delegate calls (ink!'s
    /// `lock_delegate_dependency`): the pallet records the lock, counts a
    /// user of the code and holds the lock's deposit on the contract.
    DependencyLocked {
        /// The contract.
        contract: [u8; 32],
        /// The code locked.
        code_hash: [u8; 32],
    },
    /// A contract released such a lock (`unlock_delegate_dependency`).
    DependencyUnlocked {
        /// The contract.
        contract: [u8; 32],
        /// The code released.
        code_hash: [u8; 32],
    },
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
