//! # Wasm contracts pallet
//!
//! Upload, instantiate and call WebAssembly contracts, executed by Wasmtime
//! (compiled, not interpreted) on the node through the [`vm`] runtime
//! interface. Fuel is the gas unit; a call's `gas_limit` is a [`Weight`](frame_support::weights::Weight)
//! whose `ref_time` converts to fuel at [`Config::RefTimePerFuel`], and what
//! was not used is refunded.
//!
//! Every node of a chain using this pallet must register
//! [`vm::wasm_contracts_vm::HostFunctions`]: the runtime cannot run contracts
//! on its own.
//!
//! Logic lives outside this file: `exec.rs` (the one path every dispatchable,
//! dry run and test takes), `node.rs` (the node side of the interface),
//! `primitives.rs` (what crosses it), [`runtime_api`] (dry runs for UIs),
//! `weights.rs`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(any(test, feature = "runtime-benchmarks"))]
mod benchmarking;
mod exec;
#[cfg(not(substrate_runtime))]
mod node;
pub mod primitives;
pub mod runtime_api;
pub mod vm;
pub mod weights;

/// A test runtime with this pallet, Balances and Timestamp (tests, benchmarks, the harness).
#[cfg(any(test, feature = "mock-runtime"))]
pub mod mock;
#[cfg(test)]
mod tests;

pub use exec::{CallOutcome, CodeRejection, ContractAccessError, TrapCode};
pub use pallet::*;
pub use primitives::{Code, CodeInfo, ContractInfo};
pub use runtime_vm_primitives::{Limits, Schedule};
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
    use alloc::vec::Vec;

    use frame_support::pallet_prelude::*;
    use frame_support::traits::fungible;
    use frame_support::traits::UnixTime;
    use frame_system::pallet_prelude::*;
    use sp_core::H256;
    use sp_runtime::AccountId32;

    use super::*;

    #[pallet::pallet]
    pub struct Pallet<T>(_);

    #[pallet::config]
    pub trait Config: frame_system::Config<AccountId = AccountId32> {
        /// The overarching event type.
        #[allow(deprecated)]
        type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

        /// The currency value moves in. The node reads balances from
        /// `frame_system::Account` as pallet-balances lays them out.
        type Currency: fungible::Mutate<Self::AccountId, Balance = u128>;

        /// Block time, handed to contracts in milliseconds.
        type Time: UnixTime;

        /// The VM's limits. Upload-time limits may only grow on a live chain;
        /// run-time ones change contract behaviour (a consensus change).
        #[pallet::constant]
        type Limits: Get<Limits>;

        /// Fuel cost of every host function. Changing it changes gas figures.
        #[pallet::constant]
        type Schedule: Get<Schedule>;

        /// `ref_time` (picoseconds) one unit of fuel stands for.
        #[pallet::constant]
        type RefTimePerFuel: Get<u64>;

        /// Weights of the dispatchables (excluding the gas they are given).
        type WeightInfo: WeightInfo;
    }

    /// Code by hash, exactly as uploaded. The node reads it from here on every call.
    #[pallet::storage]
    #[pallet::unbounded]
    pub(crate) type PristineCode<T: Config> = StorageMap<_, Identity, H256, Vec<u8>>;

    /// Who uploaded each code, its size, ABI and how many contracts run it.
    #[pallet::storage]
    pub(crate) type CodeInfoOf<T: Config> = StorageMap<_, Identity, H256, CodeInfo<T::AccountId>>;

    /// Every contract, by address.
    #[pallet::storage]
    pub(crate) type ContractInfoOf<T: Config> =
        StorageMap<_, Blake2_128Concat, [u8; 32], ContractInfo>;

    #[pallet::event]
    #[pallet::generate_deposit(pub(super) fn deposit_event)]
    pub enum Event<T: Config> {
        /// Code was uploaded.
        CodeStored {
            /// Its hash.
            code_hash: H256,
            /// Its uploader.
            owner: T::AccountId,
        },
        /// Code was removed by its owner.
        CodeRemoved {
            /// Its hash.
            code_hash: H256,
        },
        /// A contract was instantiated.
        Deployed {
            /// Who instantiated it.
            deployer: T::AccountId,
            /// Its address.
            contract: T::AccountId,
            /// The code it runs.
            code_hash: H256,
        },
        /// A contract was called. In a block `success` is always true: a
        /// failed call fails the extrinsic, which keeps no events; dry runs
        /// report failures with their return data.
        Called {
            /// The caller.
            caller: T::AccountId,
            /// The contract.
            contract: T::AccountId,
            /// Whether the entry point returned 0.
            success: bool,
        },
        /// A contract emitted an event.
        ContractEmitted {
            /// The emitting contract.
            contract: T::AccountId,
            /// Zero to four topics.
            topics: Vec<H256>,
            /// The payload.
            data: Vec<u8>,
        },
    }

    #[pallet::error]
    pub enum Error<T> {
        /// The code failed validation; the reason says which rule it broke.
        InvalidCode(CodeRejection),
        /// The code is larger than `Limits::max_code_len`.
        CodeTooLarge,
        /// No code with this hash was uploaded.
        CodeNotFound,
        /// Contracts still run this code.
        CodeInUse,
        /// Only the uploader may remove code.
        NotCodeOwner,
        /// There is no contract at this address.
        ContractNotFound,
        /// A contract already exists at the derived address (same deployer, code and salt).
        ContractAlreadyExists,
        /// The contract used up its gas.
        OutOfGas,
        /// The contract trapped.
        ContractTrapped(TrapCode),
        /// The contract reverted (its return data is in the dry run's outcome).
        ContractReverted,
        /// The caller cannot pay the value.
        InsufficientBalance,
        /// A value transfer was refused (the payee would stay below the
        /// existential deposit) or could not be applied.
        TransferFailed,
        /// The input is larger than `Limits::max_input_len`.
        InputTooLarge,
        /// The node's VM failed (not the contract's fault).
        VmFailure,
    }

    #[pallet::hooks]
    impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
        fn integrity_test() {
            let limits = T::Limits::get();
            assert!(
                T::RefTimePerFuel::get() > 0,
                "RefTimePerFuel must be positive"
            );
            assert!(
                limits.max_call_depth > 0,
                "max_call_depth must allow the top-level call"
            );
            // Every frame of a maximal call stack may hold a full memory.
            let memory = u64::from(limits.max_call_depth) * limits.max_memory_bytes() as u64;
            assert!(
                memory <= 1 << 30,
                "call depth × memory cap exceeds 1 GiB of node memory per call"
            );
        }
    }

    #[pallet::call(weight(<T as Config>::WeightInfo))]
    impl<T: Config> Pallet<T> {
        /// Validates `code`, compiles it on the node and stores it by hash.
        #[pallet::call_index(0)]
        #[pallet::weight(T::WeightInfo::upload_code(code.len() as u32))]
        pub fn upload_code(origin: OriginFor<T>, code: Vec<u8>) -> DispatchResult {
            let owner = ensure_signed(origin)?;
            Self::bare_upload_code(owner, code)?;
            Ok(())
        }

        /// Uploads `code` if it is new, then instantiates it.
        #[pallet::call_index(1)]
        #[pallet::weight(T::WeightInfo::upload_code(code.len() as u32)
            .saturating_add(T::WeightInfo::instantiate(input.len() as u32))
            .saturating_add(*gas_limit))]
        pub fn deploy(
            origin: OriginFor<T>,
            code: Vec<u8>,
            input: Vec<u8>,
            #[pallet::compact] value: u128,
            gas_limit: Weight,
            salt: Vec<u8>,
        ) -> DispatchResultWithPostInfo {
            let deployer = ensure_signed(origin)?;
            let code_len = code.len() as u32;
            let code_hash = Self::bare_upload_code(deployer.clone(), code)?;
            let outcome =
                Self::bare_instantiate(deployer, code_hash, input.clone(), value, gas_limit, salt);
            let base = T::WeightInfo::upload_code(code_len)
                .saturating_add(T::WeightInfo::instantiate(input.len() as u32));
            exec::into_post_info(outcome, base)
        }

        /// Instantiates uploaded code at an address derived from the deployer,
        /// the code hash and `salt`, running its `deploy` entry point if any.
        #[pallet::call_index(2)]
        #[pallet::weight(T::WeightInfo::instantiate(input.len() as u32).saturating_add(*gas_limit))]
        pub fn instantiate(
            origin: OriginFor<T>,
            code_hash: H256,
            input: Vec<u8>,
            #[pallet::compact] value: u128,
            gas_limit: Weight,
            salt: Vec<u8>,
        ) -> DispatchResultWithPostInfo {
            let deployer = ensure_signed(origin)?;
            let base = T::WeightInfo::instantiate(input.len() as u32);
            let outcome =
                Self::bare_instantiate(deployer, code_hash, input, value, gas_limit, salt);
            exec::into_post_info(outcome, base)
        }

        /// Calls `contract`'s `execute` entry point with `input`, sending `value`.
        #[pallet::call_index(3)]
        #[pallet::weight(T::WeightInfo::call(input.len() as u32).saturating_add(*gas_limit))]
        pub fn call(
            origin: OriginFor<T>,
            contract: T::AccountId,
            input: Vec<u8>,
            #[pallet::compact] value: u128,
            gas_limit: Weight,
        ) -> DispatchResultWithPostInfo {
            let caller = ensure_signed(origin)?;
            let base = T::WeightInfo::call(input.len() as u32);
            let outcome = Self::bare_call(caller, contract, input, value, gas_limit);
            exec::into_post_info(outcome, base)
        }

        /// Removes code no contract runs; only its uploader may.
        #[pallet::call_index(4)]
        pub fn remove_code(origin: OriginFor<T>, code_hash: H256) -> DispatchResult {
            let who = ensure_signed(origin)?;
            let info = CodeInfoOf::<T>::get(code_hash).ok_or(Error::<T>::CodeNotFound)?;
            ensure!(info.owner == who, Error::<T>::NotCodeOwner);
            ensure!(info.refcount == 0, Error::<T>::CodeInUse);
            CodeInfoOf::<T>::remove(code_hash);
            PristineCode::<T>::remove(code_hash);
            Self::deposit_event(Event::CodeRemoved { code_hash });
            Ok(())
        }
    }
}
