//! The runtime API a UI calls before submitting: dry runs and storage reads.
//!
//! A runtime implements it by forwarding to the pallet's `dry_run_*` and
//! `get_storage` functions. The node runs
//! runtime API calls on a state it throws away, so a dry run's changes never
//! persist.

// The generated client-side functions add the block hash and context to each signature.
#![allow(clippy::too_many_arguments)]

use alloc::vec::Vec;

use sp_core::H256;
use sp_runtime::{AccountId32, DispatchError};
use sp_weights::Weight;

use crate::{CallOutcome, Code, ContractAccessError, UploadOutcome};

sp_api::decl_runtime_apis! {
    /// Dry runs of the pallet's dispatchables, and contract storage reads.
    pub trait WasmContractsApi {
        /// Runs `call` without keeping its effects. `gas_limit` `None` means
        /// a block's worth, `storage_deposit_limit` `None` what the origin has.
        fn call(
            origin: AccountId32,
            contract: AccountId32,
            value: u128,
            gas_limit: Option<Weight>,
            storage_deposit_limit: Option<u128>,
            input: Vec<u8>,
        ) -> CallOutcome;

        /// Runs `instantiate` (or, given `Code::Upload`, `deploy`) without keeping its effects.
        fn instantiate(
            origin: AccountId32,
            code: Code,
            value: u128,
            gas_limit: Option<Weight>,
            storage_deposit_limit: Option<u128>,
            input: Vec<u8>,
            salt: Vec<u8>,
            admin: Option<AccountId32>,
            label: Vec<u8>,
        ) -> CallOutcome;

        /// Runs `migrate` without keeping its effects: moves CosmWasm
        /// `contract` to `new_code_hash` and runs its `migrate` with `msg`.
        fn migrate(
            origin: AccountId32,
            contract: AccountId32,
            new_code_hash: H256,
            gas_limit: Option<Weight>,
            storage_deposit_limit: Option<u128>,
            msg: Vec<u8>,
        ) -> CallOutcome;

        /// A CosmWasm smart query: `contract`'s `query` with the JSON `msg`.
        /// The answer (or the error's text) is the outcome's return data.
        fn query(contract: AccountId32, gas_limit: Option<Weight>, msg: Vec<u8>) -> CallOutcome;

        /// Validates and compiles `code` as `upload_code` would; returns its
        /// hash and the deposit its upload holds.
        fn upload_code(
            origin: AccountId32,
            code: Vec<u8>,
            storage_deposit_limit: Option<u128>,
        ) -> Result<UploadOutcome, DispatchError>;

        /// The value under `key` in `contract`'s storage (a CosmWasm raw query).
        fn get_storage(contract: AccountId32, key: Vec<u8>) -> Result<Option<Vec<u8>>, ContractAccessError>;
    }
}
