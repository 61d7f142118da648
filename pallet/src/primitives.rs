//! What the pallet stores and is configured with, and (re-exported from
//! `pallet_wasm_contracts_api::interface`) what crosses the runtime interface.
//!
//! Everything here is SCALE-encoded: the runtime encodes an [`ExecRequest`],
//! the node decodes it, runs the VM and encodes an [`ExecOutcome`] back. The
//! node also decodes code, [`CodeInfo`] and the [`ContractInfoHead`] of
//! every [`ContractInfo`] straight from storage, so their encodings are part
//! of the interface (pinned by `tests/layouts.rs`).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::ConstU32;
use frame_support::BoundedVec;
pub use pallet_wasm_contracts_api::interface::{
    Effect, Ended, ExecEntry, ExecOutcome, ExecRequest, PreparedCode, StorageDelta, StorageLayout,
    Transfer, VmConfig,
};
use runtime_vm_primitives::Abi;
use scale_info::TypeInfo;

/// How CosmWasm contracts see the chain (its SS58 prefix is `frame_system`'s).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct CosmWasmConfig {
    /// `Env.block.chain_id`.
    pub chain_id: alloc::string::String,
    /// The denom of the native currency in `funds`, `BankMsg::Send` and bank queries.
    pub denom: alloc::string::String,
}

/// Longest contract label, in bytes.
pub const MAX_LABEL_LEN: u32 = 128;

/// A contract's label (CosmWasm's `label`; free text for native contracts).
pub type Label = BoundedVec<u8, ConstU32<MAX_LABEL_LEN>>;

/// The leading fields of every layout of [`ContractInfo`], all the node
/// reads of one. A stored layout may change what follows them (with a
/// migration, `migrations/`), never them: a node decodes them from any
/// version the chain has stored.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ContractInfoHead {
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
}

/// A contract instance, keyed by its address (storage version 1).
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
    /// Bytes of keys and values in its storage.
    pub storage_bytes: u64,
    /// Entries in its storage.
    pub storage_items: u64,
    /// What it paid for the bytes of its storage, held on its account: a
    /// byte removed refunds its share of this (pro rata), whatever the
    /// price is then.
    pub storage_byte_deposit: u128,
    /// What it paid for the entries of its storage, held likewise.
    pub storage_item_deposit: u128,
    /// What it paid for this info, held likewise.
    pub base_deposit: u128,
}

impl ContractInfo {
    /// Everything its account holds for it.
    pub fn deposit(&self) -> u128 {
        self.base_deposit
            .saturating_add(self.storage_byte_deposit)
            .saturating_add(self.storage_item_deposit)
    }
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
    /// What its uploader holds for it, released when it is removed.
    pub deposit: u128,
    /// The SHA-256 of the code: CosmWasm's checksum (`CodeInfoResponse`,
    /// `Instantiate2` addresses).
    pub checksum: [u8; 32],
    /// Its CosmWasm migrate version (`cw_migrate_version`), if it has one.
    pub migrate_version: Option<u64>,
}

/// The address of the contract `deployer` instantiates from `code_hash`
/// with `salt`: the BLAKE2b-256 of the three, domain-separated. The
/// runtime derives it for an `instantiate` extrinsic and the node for a
/// contract's `instantiate`.
pub fn contract_address(deployer: &[u8; 32], code_hash: &[u8; 32], salt: &[u8]) -> [u8; 32] {
    let preimage = [
        b"wasm-contracts/address".as_slice(),
        deployer,
        code_hash,
        salt,
    ]
    .concat();
    sp_io::hashing::blake2_256(&preimage)
}

/// The child trie id of the contract at `address` created when
/// `TrieNonce` was `nonce`: unique even when a contract is created again
/// at the address of a terminated one whose trie is not deleted yet.
pub fn trie_id(address: &[u8; 32], nonce: u64) -> [u8; 32] {
    let preimage = [
        b"wasm-contracts/trie".as_slice(),
        address,
        &nonce.to_le_bytes(),
    ]
    .concat();
    sp_io::hashing::blake2_256(&preimage)
}
