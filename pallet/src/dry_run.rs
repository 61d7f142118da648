//! Dry runs: the runtime API's rehearsal of a transaction a UI is about to
//! submit with the dry run's `gas_required`.
//!
//! That transaction runs in a later block, so a dry run presents what it
//! will see there rather than what the last block saw: the next block's
//! number and, to CosmWasm contracts, an extrinsic index. Both reach a
//! CosmWasm contract as JSON digits it parses, and which index the
//! transaction gets, and in which block, is unknown until it is included.
//! The VM writes `Env`'s numbers at fixed widths (spaces after the height
//! and the index, zeros before the time's digits), so its JSON has one
//! length whatever they are: the time then costs the same at every value,
//! and the height and the index cost in proportion to their digits, at the
//! per-character rate of the contract's parser, which reads both alike
//! (measured on cw20-base: 101 fuel per digit). A dry run that showed a
//! contract its `Env` is rehearsed twice: at the next block with the
//! shortest index, and at the block with the most digits a transaction
//! signed now can land in (a mortal transaction lives at most
//! `BlockHashCount` blocks) with the longest index a block can give.
//! `gas_required` is the more either needed: whichever sign the parser's
//! rate has, one of the two corners is the costliest, so the transaction has
//! enough at any position in any block it can land in, for two executions'
//! work at most. Each rehearsal's changes are rolled back; the outcome
//! returned is the first's.
//!
//! Contracts' debug output is collected only here: a transaction never
//! carries it. The VM counts and charges debug output either way, so a dry
//! run and the real transaction consume alike.

use alloc::vec::Vec;
use core::cell::Cell;

use frame_support::dispatch::DispatchClass;
use frame_support::traits::{EnsureOrigin, Get};
use frame_support::weights::Weight;
use sp_core::H256;
use sp_runtime::traits::UniqueSaturatedInto;
use sp_runtime::DispatchError;

use crate::interface::wasm_contracts_vm;
use crate::outcome::empty_outcome;
use crate::Code;
use crate::{CallOutcome, CodeInfoOf, Config, Instance, Pallet, UploadOutcome};

environmental::environmental!(rehearsal: Rehearsal);

/// One rehearsal of a dry run.
struct Rehearsal {
    /// The number of the block the transaction runs in.
    block_number: u64,
    /// The extrinsic index CosmWasm contracts see.
    transaction_index: u32,
    /// Whether an execution asked for the index: a CosmWasm one did, to
    /// show the contract its `Env`.
    env_seen: Cell<bool>,
}

impl<T: Config> Pallet<T> {
    /// `WasmContractsApi::call`: `bare_call` as the next block will run it
    /// with a block's weight as the default gas and the
    /// contracts' debug output collected.
    pub fn dry_run_call(
        origin: T::AccountId,
        contract: T::AccountId,
        value: u128,
        gas_limit: Option<Weight>,
        storage_deposit_limit: Option<u128>,
        input: Vec<u8>,
    ) -> CallOutcome {
        let gas_limit = gas_limit.unwrap_or_else(Self::max_gas);
        predict::<T>(|| {
            Self::bare_call(
                origin.clone(),
                contract.clone(),
                input.clone(),
                value,
                gas_limit,
                storage_deposit_limit,
            )
        })
    }

    /// `WasmContractsApi::instantiate`: `bare_instantiate` as the next block
    /// will run it uploading the code first if it is
    /// given, with a block's weight as the default gas and the contracts'
    /// debug output collected. The storage deposit includes the code's.
    /// An origin `InstantiateOrigin` (and, uploading, `UploadOrigin`)
    /// refuses gets `BadOrigin`, as the extrinsic would.
    pub fn dry_run_instantiate(
        origin: T::AccountId,
        code: Code,
        value: u128,
        gas_limit: Option<Weight>,
        storage_deposit_limit: Option<u128>,
        input: Vec<u8>,
        instance: Instance,
    ) -> CallOutcome {
        let gas_limit = gas_limit.unwrap_or_else(Self::max_gas);
        let instantiate = |code_hash, code_deposit: u128| {
            let mut outcome = predict::<T>(|| {
                Self::bare_instantiate(
                    origin.clone(),
                    code_hash,
                    input.clone(),
                    value,
                    gas_limit,
                    storage_deposit_limit.map(|limit| limit.saturating_sub(code_deposit)),
                    instance.clone(),
                )
            });
            if outcome.result.is_ok() {
                outcome.storage_deposit = outcome.storage_deposit.plus_charge(code_deposit);
            }
            outcome
        };
        let refused = |code_hash: H256, error| {
            let contract = Self::contract_address(&origin, &code_hash, &instance.salt);
            let mut outcome = empty_outcome(contract);
            outcome.result = Err(error);
            outcome
        };
        let may_instantiate = permitted::<T, T::InstantiateOrigin>(&origin);
        match code {
            Code::Existing(hash) => match may_instantiate {
                Ok(()) => instantiate(hash, 0),
                Err(error) => refused(hash, error),
            },
            Code::Upload(code) => {
                let may_upload = permitted::<T, T::UploadOrigin>(&origin);
                if let Err(error) = may_instantiate.and(may_upload) {
                    return refused(H256(sp_io::hashing::blake2_256(&code)), error);
                }
                with_upload::<T, _>(
                    origin.clone(),
                    code,
                    storage_deposit_limit,
                    |hash, uploaded| match uploaded {
                        Ok(deposit) => instantiate(hash, deposit),
                        Err(error) => refused(hash, error),
                    },
                )
            }
        }
    }

    /// `WasmContractsApi::upload_code`: validates and compiles `code` as
    /// `upload_code` would and returns its hash and deposit, leaving nothing
    /// behind.
    ///
    /// # Errors
    ///
    /// `BadOrigin` if `UploadOrigin` refuses `origin`; else as
    /// [`Self::bare_upload_code`].
    pub fn dry_run_upload_code(
        origin: T::AccountId,
        code: Vec<u8>,
        storage_deposit_limit: Option<u128>,
    ) -> Result<UploadOutcome, DispatchError> {
        permitted::<T, T::UploadOrigin>(&origin)?;
        with_upload::<T, _>(
            origin,
            code,
            storage_deposit_limit,
            |code_hash, uploaded| uploaded.map(|deposit| UploadOutcome { code_hash, deposit }),
        )
    }

    /// `WasmContractsApi::migrate`: `bare_migrate` as the next block will
    /// run it, with a block's weight as the default gas and the contracts'
    /// debug output collected.
    pub fn dry_run_migrate(
        origin: T::AccountId,
        contract: T::AccountId,
        new_code_hash: H256,
        gas_limit: Option<Weight>,
        storage_deposit_limit: Option<u128>,
        msg: Vec<u8>,
    ) -> CallOutcome {
        let gas_limit = gas_limit.unwrap_or_else(Self::max_gas);
        predict::<T>(|| {
            Self::bare_migrate(
                origin.clone(),
                contract.clone(),
                new_code_hash,
                msg.clone(),
                gas_limit,
                storage_deposit_limit,
            )
        })
    }
}

/// Whether `origin`, signing, passes `O`, as the extrinsic checks it.
fn permitted<T: Config, O: EnsureOrigin<T::RuntimeOrigin, Success = T::AccountId>>(
    origin: &T::AccountId,
) -> Result<(), DispatchError> {
    O::ensure_origin(frame_system::RawOrigin::Signed(origin.clone()).into())
        .map(drop)
        .map_err(|_| DispatchError::BadOrigin)
}

/// Uploads `code` for a dry run and runs `then` with its hash and the
/// result (the deposit held for it). If the chain
/// did not store the code already, the node forgets it afterwards: a dry run
/// leaves no compiled module or artifact behind for code the chain does not
/// keep (else anyone could fill a node's disk through its RPC, for free).
fn with_upload<T: Config, R>(
    origin: T::AccountId,
    code: Vec<u8>,
    storage_deposit_limit: Option<u128>,
    then: impl FnOnce(H256, Result<u128, DispatchError>) -> R,
) -> R {
    let hash = H256(sp_io::hashing::blake2_256(&code));
    let stored = CodeInfoOf::<T>::contains_key(hash);
    let uploaded = Pallet::<T>::bare_upload_code(origin, code, storage_deposit_limit)
        .map(|upload| upload.deposit);
    let result = then(hash, uploaded);
    if !stored {
        wasm_contracts_vm::forget(&hash.0);
    }
    result
}

/// Runs a dry run (`run`: a `bare_*` call) at the next block with the
/// shortest extrinsic index, and, if a contract was shown its `Env`, again
/// at the widest block number and the longest index (see the module doc),
/// rolling each back, and returns the first rehearsal's outcome with the
/// larger `gas_required` and storage deposit of the two (a contract may
/// store what it is shown).
pub(crate) fn predict<T: Config>(run: impl Fn() -> CallOutcome) -> CallOutcome {
    let rehearse = |block_number, transaction_index| {
        let mut rehearsal = Rehearsal {
            block_number,
            transaction_index,
            env_seen: Cell::new(false),
        };
        let outcome = rolled_back(|| rehearsal::using(&mut rehearsal, &run));
        (outcome, rehearsal.env_seen.get())
    };
    let next = next_block_number::<T>();
    let (mut predicted, env_seen) = rehearse(next, 1);
    let (widest, longest) = (widest_block_number::<T>(next), longest_index::<T>());
    if env_seen && (widest, longest) != (next, 1) {
        let (outcome, _) = rehearse(widest, longest);
        predicted.gas_required = predicted.gas_required.max(outcome.gas_required);
        predicted.storage_deposit = predicted.storage_deposit.max(outcome.storage_deposit);
    }
    predicted
}

/// A smart query: contracts' debug output collected, no transaction to predict.
pub(crate) fn query<T: Config, R>(run: impl FnOnce() -> R) -> R {
    let mut rehearsal = Rehearsal {
        block_number: next_block_number::<T>(),
        transaction_index: 0,
        env_seen: Cell::new(false),
    };
    rehearsal::using(&mut rehearsal, run)
}

/// Whether a dry run (or a query) is running: contracts' debug output is collected.
pub(crate) fn is_dry_run() -> bool {
    rehearsal::with(|_| ()).is_some()
}

/// The number of the block the running execution is in: a dry run's
/// rehearsal's, else the current one.
pub(crate) fn block_number<T: Config>() -> u64 {
    rehearsal::with(|rehearsal| rehearsal.block_number)
        .unwrap_or_else(|| frame_system::Pallet::<T>::block_number().unique_saturated_into())
}

/// The number of the block after the current one.
fn next_block_number<T: Config>() -> u64 {
    let current: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
    current.saturating_add(1)
}

/// The block number with the most digits that a transaction signed before
/// block `next` can still be included at: the first with as many digits as
/// the last block of its longest mortality, `BlockHashCount` blocks on, or
/// `next` if no number between has more digits.
fn widest_block_number<T: Config>(next: u64) -> u64 {
    let lifetime: u64 = <T as frame_system::Config>::BlockHashCount::get().unique_saturated_into();
    let last = next.saturating_add(lifetime);
    let first_with_its_digits = core::iter::successors(Some(1u64), |n| n.checked_mul(10))
        .take_while(|n| *n <= last)
        .last()
        .unwrap_or(1);
    next.max(first_with_its_digits)
}

/// `Env.transaction.index` for a CosmWasm execution: the extrinsic's index
/// in its block, the rehearsal's in a dry run, none for a smart query (as on
/// wasmd: a query is not part of a transaction).
pub(crate) fn transaction_index<T: Config>(query: bool) -> Option<u32> {
    if query {
        return None;
    }
    rehearsal::with(|rehearsal| {
        rehearsal.env_seen.set(true);
        rehearsal.transaction_index
    })
    .or_else(frame_system::Pallet::<T>::extrinsic_index)
}

/// An index with as many digits as any extrinsic index a block can give
/// (`1`, `10`, `100`, ...: only the number of digits matters): a block of
/// `max` bytes holds at most `max` extrinsics. Index 0 is the timestamp
/// inherent's, never a transaction's.
fn longest_index<T: Config>() -> u32 {
    let max_extrinsics = *<T as frame_system::Config>::BlockLength::get()
        .max
        .get(DispatchClass::Normal);
    core::iter::successors(Some(1u32), |index| index.checked_mul(10))
        .take_while(|index| *index <= max_extrinsics)
        .last()
        .unwrap_or(1)
}

/// Runs `f` in a storage transaction that is always rolled back.
///
/// `sp_io`'s transactions directly: unlike `with_transaction` they have no
/// nesting limit to fail on (a dry run starts at the top level anyway).
fn rolled_back<R>(f: impl FnOnce() -> R) -> R {
    sp_io::storage::start_transaction();
    let result = f();
    sp_io::storage::rollback_transaction();
    result
}
