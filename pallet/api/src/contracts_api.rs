//! pallet-contracts' runtime API, `ContractsApi`, and its types, encoded as
//! pallet-contracts encodes them: the surface `@polkadot/api-contract` and
//! `cargo contract` call for dry runs (`ContractsApi_call`,
//! `ContractsApi_instantiate`, `ContractsApi_upload_code`,
//! `ContractsApi_get_storage`). A runtime serving ink! authors' clients
//! implements it with the pallet's `compat` module; these are this
//! project's own definitions of pallet-contracts' (version 2 of the API),
//! not a dependency on it.

// The generated client-side functions add the block hash and context to each signature.
#![allow(clippy::too_many_arguments)]

use alloc::vec::Vec;

use codec::{Codec, Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchError;
use sp_weights::Weight;

/// What a dry run did, as pallet-contracts reports it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ContractResult<R, Balance, EventRecord> {
    /// The weight the execution consumed.
    pub gas_consumed: Weight,
    /// The weight to give the transaction as its gas limit.
    pub gas_required: Weight,
    /// What the origin pays into (or gets back from) deposits.
    pub storage_deposit: StorageDeposit<Balance>,
    /// The contracts' debug output, as UTF-8.
    pub debug_message: Vec<u8>,
    /// How the execution ended.
    pub result: R,
    /// The events it deposited, if collected (this implementation does not).
    pub events: Option<Vec<EventRecord>>,
}

/// A dry run of `call`.
pub type ContractExecResult<Balance, EventRecord> =
    ContractResult<Result<ExecReturnValue, DispatchError>, Balance, EventRecord>;

/// A dry run of `instantiate` or `instantiate_with_code`.
pub type ContractInstantiateResult<AccountId, Balance, EventRecord> =
    ContractResult<Result<InstantiateReturnValue<AccountId>, DispatchError>, Balance, EventRecord>;

/// A dry run of `upload_code`.
pub type CodeUploadResult<CodeHash, Balance> =
    Result<CodeUploadReturnValue<CodeHash, Balance>, DispatchError>;

/// A read of contract storage.
pub type GetStorageResult = Result<Option<Vec<u8>>, ContractAccessError>;

/// The flags a contract ended with: bit 0 (`REVERT`) when it reverted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ReturnFlags {
    /// The flag bits.
    pub bits: u32,
}

impl ReturnFlags {
    /// The flags of a reverted execution.
    pub const REVERT: ReturnFlags = ReturnFlags { bits: 1 };
}

/// What an execution that ran to its end returned.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ExecReturnValue {
    /// [`ReturnFlags::REVERT`] if it reverted.
    pub flags: ReturnFlags,
    /// Its output.
    pub data: Vec<u8>,
}

/// What an instantiation that ran to its end returned.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct InstantiateReturnValue<AccountId> {
    /// The constructor's output.
    pub result: ExecReturnValue,
    /// The new contract's address.
    pub account_id: AccountId,
}

/// What an upload stored.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct CodeUploadReturnValue<CodeHash, Balance> {
    /// The code's hash.
    pub code_hash: CodeHash,
    /// The deposit held for it (zero if it was stored already).
    pub deposit: Balance,
}

/// The code an instantiation runs.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Code<Hash> {
    /// Code uploaded with the instantiation.
    Upload(Vec<u8>),
    /// Code stored under its hash.
    Existing(Hash),
}

/// What the origin pays into deposits, or gets back, net.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub enum StorageDeposit<Balance> {
    /// Released to the origin.
    Refund(Balance),
    /// Paid by the origin.
    Charge(Balance),
}

/// pallet-contracts' determinism requirement of uploaded code: every
/// contract here runs deterministically, whatever was asked.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Encode,
    Decode,
    DecodeWithMemTracking,
    MaxEncodedLen,
    TypeInfo,
)]
pub enum Determinism {
    /// Deterministic code only.
    Enforced,
    /// Code that may be indeterministic (refused by pallet-contracts on chain).
    Relaxed,
}

/// Why contract storage could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub enum ContractAccessError {
    /// No contract at the address.
    DoesntExist,
    /// The key could not be used.
    KeyDecodingFailed,
    /// Storage is being migrated.
    MigrationInProgress,
}

sp_api::decl_runtime_apis! {
    /// pallet-contracts' `ContractsApi` (its version 2).
    #[api_version(2)]
    pub trait ContractsApi<AccountId, Balance, BlockNumber, Hash, EventRecord> where
        AccountId: Codec,
        Balance: Codec,
        BlockNumber: Codec,
        Hash: Codec,
        EventRecord: Codec,
    {
        /// A dry run of `Contracts::call`.
        fn call(
            origin: AccountId,
            dest: AccountId,
            value: Balance,
            gas_limit: Option<Weight>,
            storage_deposit_limit: Option<Balance>,
            input_data: Vec<u8>,
        ) -> ContractExecResult<Balance, EventRecord>;

        /// A dry run of `Contracts::instantiate` (or, given `Code::Upload`,
        /// `instantiate_with_code`).
        fn instantiate(
            origin: AccountId,
            value: Balance,
            gas_limit: Option<Weight>,
            storage_deposit_limit: Option<Balance>,
            code: Code<Hash>,
            data: Vec<u8>,
            salt: Vec<u8>,
        ) -> ContractInstantiateResult<AccountId, Balance, EventRecord>;

        /// A dry run of `Contracts::upload_code`.
        fn upload_code(
            origin: AccountId,
            code: Vec<u8>,
            storage_deposit_limit: Option<Balance>,
            determinism: Determinism,
        ) -> CodeUploadResult<Hash, Balance>;

        /// The value under an ink! storage key (hashed as pallet-contracts
        /// hashes it) of a contract.
        fn get_storage(address: AccountId, key: Vec<u8>) -> GetStorageResult;
    }
}
