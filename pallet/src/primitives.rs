//! What the pallet stores and is configured with, and (re-exported from
//! `runtime_vm_primitives::interface`) what crosses the runtime interface.
//!
//! Everything here is SCALE-encoded: the runtime encodes an [`ExecRequest`],
//! the node decodes it, runs the VM and encodes an [`ExecOutcome`] back. The
//! node also decodes [`ContractInfo`] and code straight from storage, so their
//! encodings are part of the interface.

use alloc::vec::Vec;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::ConstU32;
use frame_support::BoundedVec;
pub use runtime_vm_primitives::interface::{
    Ended, ExecEntry, ExecOutcome, ExecRequest, PreparedCode, StorageDelta, StorageLayout,
    Transfer, VmConfig,
};
use runtime_vm_primitives::Abi;
use scale_info::TypeInfo;

/// The code an instantiation dry run uses.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Code {
    /// Upload this code first, as `deploy` does.
    Upload(Vec<u8>),
    /// Code already uploaded, by hash.
    Existing(sp_core::H256),
}

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
    /// Bytes of keys and values in its storage.
    pub storage_bytes: u64,
    /// Entries in its storage.
    pub storage_items: u64,
    /// What its account holds for its storage (besides its info's deposit).
    pub storage_deposit: u128,
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

/// What a transaction's state cost its origin, net: a dry run predicts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum StorageDeposit {
    /// The origin paid this much (held on it or on contracts).
    Charge(u128),
    /// The origin got this much back (its call shrank contracts' storage).
    Refund(u128),
}

impl Default for StorageDeposit {
    fn default() -> Self {
        Self::Charge(0)
    }
}

impl StorageDeposit {
    /// As a signed amount: positive for a charge.
    fn signed(self) -> i128 {
        match self {
            Self::Charge(amount) => amount.min(i128::MAX as u128) as i128,
            Self::Refund(amount) => -(amount.min(i128::MAX as u128) as i128),
        }
    }

    fn from_signed(amount: i128) -> Self {
        match amount >= 0 {
            true => Self::Charge(amount.unsigned_abs()),
            false => Self::Refund(amount.unsigned_abs()),
        }
    }

    /// This and `amount` more charged.
    pub fn plus_charge(self, amount: u128) -> Self {
        let amount = amount.min(i128::MAX as u128) as i128;
        Self::from_signed(self.signed().saturating_add(amount))
    }

    /// The larger cost of this and `other` to the origin.
    pub fn max(self, other: Self) -> Self {
        Self::from_signed(self.signed().max(other.signed()))
    }
}

/// What uploading code did: `WasmContractsApi::upload_code`'s answer.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct UploadOutcome {
    /// The code's hash.
    pub code_hash: sp_core::H256,
    /// The deposit held on the uploader for it (0 if it was stored already).
    pub deposit: u128,
}
