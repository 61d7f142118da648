//! What the pallet answers its callers: the outcome of a call, an
//! instantiation or a dry run, what state cost, and why a read failed.

use alloc::vec::Vec;

use codec::{Decode, DecodeWithMemTracking, Encode};
use runtime_vm_primitives::{CwEvent, Event, Status};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{AccountId32, DispatchResult};
use sp_weights::Weight;

/// What a call or instantiation did, for dispatchables, dry runs and tests.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct CallOutcome {
    /// `Ok` if the entry point succeeded and its effects were applied.
    pub result: DispatchResult,
    /// The contract called or instantiated.
    pub contract: AccountId32,
    /// Gas consumed: fuel used, in `ref_time`, and bytes read from storage
    /// (code, contract info, balances, contract storage), in `proof_size`.
    pub gas_consumed: Weight,
    /// Gas the same call needs to succeed. Metering is exact, so this is
    /// `gas_consumed` when the call got that far; after running out of gas it
    /// is the limit given (more is needed, how much is unknown).
    pub gas_required: Weight,
    /// What the state the call added or removed cost its origin, net (a
    /// `storage_deposit_limit` of at least a `Charge` lets it through).
    /// Zero unless the call succeeded.
    pub storage_deposit: StorageDeposit,
    /// How the entry point ended (`None` if it never ran).
    pub status: Option<Status>,
    /// The contract's return data (also for a revert).
    pub return_data: Vec<u8>,
    /// Events the contract emitted (empty unless it succeeded).
    pub events: Vec<Event>,
    /// CosmWasm: the `wasm` and `wasm-*` events of every contract that ran
    /// (empty unless the call succeeded).
    pub wasm_events: Vec<CwEvent>,
    /// Its `debug_log` messages (CosmWasm: `debug` and `abort` messages).
    pub debug: Vec<Vec<u8>>,
}

/// The code an instantiation dry run uses.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Code {
    /// Upload this code first, as `deploy` does.
    Upload(Vec<u8>),
    /// Code already uploaded, by hash.
    Existing(H256),
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
    pub code_hash: H256,
    /// The deposit held on the uploader for it (0 if it was stored already).
    pub deposit: u128,
}
/// Why a contract's storage could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum ContractAccessError {
    /// There is no contract at the address.
    ContractNotFound,
}
