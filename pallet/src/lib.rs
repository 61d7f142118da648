//! # Wasm contracts pallet
//!
//! Upload, instantiate and call WebAssembly contracts, executed by Wasmtime
//! (compiled, not interpreted) on the node through the [`interface`] runtime
//! interface. Fuel is the gas unit; a call's `gas_limit` is a [`Weight`](frame_support::weights::Weight)
//! whose `ref_time` converts to fuel at [`Config::RefTimePerFuel`], and what
//! was not used is refunded.
//!
//! Every node of a chain using this pallet must register
//! [`interface::wasm_contracts_vm::HostFunctions`]: the runtime cannot run contracts
//! on its own.
//!
//! CosmWasm contracts run through the same dispatchables: the input is the
//! JSON message, the value the funds in the native denom; `migrate`,
//! `update_admin` and `clear_admin` serve what CosmWasm adds, and the
//! messages a contract returns are carried out by `cosmwasm.rs` as wasmd
//! does.
//!
//! Logic lives outside this file: `exec.rs` (the one path every dispatchable,
//! dry run and test takes), `cosmwasm.rs` (CosmWasm entry points and their
//! messages), `metering/` (one meter per transaction: its gas and its
//! storage deposits), `dry_run.rs` (the runtime API's rehearsals),
//! `interface/` (the runtime interface and its node side), `migrations/`
//! (the storage versions and the multi-block steps between them), `vm.rs`
//! (the runtime side of each execution), `primitives.rs` (what crosses it), `weights.rs`; the api crate holds [`runtime_api`] (dry runs
//! for UIs) and the outcomes.
//!
//! State is paid for: code, contracts and contract storage cost
//! [`Config::DepositPerByte`] and [`Config::DepositPerItem`], held from the
//! transaction's origin while the state exists (see `metering/deposit.rs`). Every
//! state-changing dispatchable takes a `storage_deposit_limit`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(any(test, feature = "runtime-benchmarks", feature = "mock-runtime"))]
pub mod benchmark_contracts;
#[cfg(any(test, feature = "runtime-benchmarks"))]
mod benchmarking;
pub mod compat;
mod cosmwasm;
mod dry_run;
mod exec;
mod genesis;
pub mod interface;
mod metering;
pub mod migrations;
mod outcome;
pub mod primitives;
mod storage;
mod vm;
pub mod weights;

/// A test runtime with this pallet, Balances and Timestamp (tests, benchmarks, the harness).
#[cfg(any(test, feature = "mock-runtime"))]
pub mod mock;
#[cfg(test)]
mod tests;

pub use exec::{upload_weight, COMPILE_MARGIN_PERCENT};
pub use genesis::{GenesisCode, GenesisContract};
#[cfg(not(substrate_runtime))]
pub use interface::node::{implement_semantics_up_to, keep_compiled_contracts_in};
pub use outcome::{CodeRejection, TrapCode};
pub use pallet::*;
pub use pallet_wasm_contracts_api::{contracts_api, runtime_api};
pub use pallet_wasm_contracts_api::{
    CallOutcome, Code, ContractAccessError, StorageDeposit, UploadOutcome,
};
pub use primitives::{CodeInfo, ContractInfo, CosmWasmConfig};
pub use runtime_vm_primitives::{Cost, Limits, Schedule};
pub use storage::Instance;
pub use weights::WeightInfo;

#[frame_support::pallet]
#[allow(
    clippy::too_many_arguments,
    reason = "`deploy` and `instantiate`'s parameters, repeated by the generated call constructors"
)]
pub mod pallet {
    use alloc::vec::Vec;

    use codec::Compact;
    use frame_support::pallet_prelude::*;
    use frame_support::traits::fungible;
    use frame_support::traits::UnixTime;
    use frame_system::pallet_prelude::*;
    use sp_core::H256;
    use sp_runtime::AccountId32;

    use super::*;

    /// The layout of this pallet's storage (`migrations/`).
    pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

    #[pallet::pallet]
    #[pallet::storage_version(STORAGE_VERSION)]
    pub struct Pallet<T>(_);

    #[pallet::config]
    pub trait Config: frame_system::Config<AccountId = AccountId32> {
        /// The overarching event type.
        #[allow(deprecated)]
        type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

        /// The currency value moves in and deposits are held in. The node
        /// reads balances from `frame_system::Account` as pallet-balances
        /// lays them out.
        type Currency: fungible::Mutate<Self::AccountId, Balance = u128>
            + fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

        /// The overarching hold reason, which includes this pallet's [`HoldReason`].
        type RuntimeHoldReason: From<HoldReason>;

        /// Deposit per byte of state a transaction adds (code, contract
        /// info, keys and values of contract storage).
        #[pallet::constant]
        type DepositPerByte: Get<u128>;

        /// Deposit per entry of state a transaction adds.
        #[pallet::constant]
        type DepositPerItem: Get<u128>;

        /// Block time, handed to contracts in milliseconds.
        type Time: UnixTime;

        /// The version of the VM's semantics contracts run under (runtime-vm's
        /// `Semantics`: operator costs, instrumentation, compile-cost model,
        /// import behaviour, Wasmtime's configuration). Raise it only in a
        /// runtime upgrade, once every node of the chain runs a release that
        /// implements the new version: a node that does not stops importing
        /// blocks at the upgrade (`docs/upgrades.md`).
        #[pallet::constant]
        type VmSemantics: Get<u32>;

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

        /// How CosmWasm contracts see this chain: chain id and native denom.
        #[pallet::constant]
        type CosmWasm: Get<CosmWasmConfig>;

        /// Who may upload code (`upload_code`, and `deploy`'s upload): the
        /// account it yields owns the code and holds its deposit.
        /// `EnsureSigned` lets anyone; a chain restricting uploads names its
        /// uploaders (`EnsureSignedBy`) or governance
        /// (`EnsureRootWithSuccess` with the account that holds the deposit).
        type UploadOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Self::AccountId>;

        /// Who may instantiate code by extrinsic (`instantiate`, `deploy`):
        /// the account it yields is the deployer, who pays. Contracts
        /// instantiating others (CosmWasm's `WasmMsg::Instantiate`) are not
        /// bound by it, as in pallet-revive.
        type InstantiateOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Self::AccountId>;

        /// Weights of the dispatchables (excluding the gas they are given).
        type WeightInfo: WeightInfo;
    }

    /// Why this pallet holds funds.
    #[pallet::composite_enum]
    pub enum HoldReason {
        /// Code's deposit, held on its uploader until the code is removed.
        CodeUploadDepositReserve,
        /// A contract's deposit for its info and storage, held on its account.
        StorageDepositReserve,
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

    /// Code hashes by sequential id (CosmWasm's `code_id`).
    #[pallet::storage]
    pub(crate) type CodeIdOf<T: Config> = StorageMap<_, Blake2_128Concat, u64, H256>;

    /// The id the next new code gets.
    #[pallet::storage]
    pub(crate) type NextCodeId<T: Config> = StorageValue<_, u64, ValueQuery>;

    /// Contracts instantiated by CosmWasm's `WasmMsg::Instantiate` so far: the
    /// salt of the next one's address.
    #[pallet::storage]
    pub(crate) type InstanceCounter<T: Config> = StorageValue<_, u64, ValueQuery>;

    /// Contracts created so far, by any path: part of each new contract's
    /// child trie id ([`primitives::trie_id`]). The node reads it too.
    #[pallet::storage]
    pub(crate) type TrieNonce<T: Config> = StorageValue<_, u64, ValueQuery>;

    /// Child tries of terminated contracts, by their place in the queue,
    /// deleted in blocks' idle time (`on_idle`), oldest first.
    #[pallet::storage]
    pub(crate) type DeletionQueue<T: Config> = StorageMap<_, Twox64Concat, u64, [u8; 32]>;

    /// The place the next trie queued for deletion takes, and the place of
    /// the next to delete.
    #[pallet::storage]
    pub(crate) type DeletionQueueCounter<T: Config> = StorageValue<_, (u64, u64), ValueQuery>;

    /// The code each contract locked as a delegate dependency (ink!'s
    /// `lock_delegate_dependency`), with the deposit held for the lock.
    #[pallet::storage]
    pub(crate) type DelegateDependencies<T: Config> =
        StorageDoubleMap<_, Blake2_128Concat, [u8; 32], Identity, H256, u128>;

    /// How many codes each contract locked (at most
    /// `runtime_vm_primitives::MAX_DELEGATE_DEPENDENCIES`).
    #[pallet::storage]
    pub(crate) type DelegateDependencyCount<T: Config> =
        StorageMap<_, Blake2_128Concat, [u8; 32], u32, ValueQuery>;

    /// Code and contracts the chain starts with (`genesis.rs`).
    #[pallet::genesis_config]
    #[derive(frame_support::DefaultNoBound)]
    pub struct GenesisConfig<T: Config> {
        /// Code stored at genesis, each held on its owner as an upload.
        pub code: Vec<GenesisCode<T::AccountId>>,
        /// Contracts instantiated at genesis, in order, as `instantiate` would.
        pub contracts: Vec<GenesisContract<T::AccountId>>,
    }

    #[pallet::genesis_build]
    impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
        fn build(&self) {
            genesis::build::<T>(&self.code, &self.contracts);
        }
    }

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
        /// A CosmWasm contract's event: `wasm` for its response's attributes,
        /// `wasm-<type>` for its custom events.
        WasmEvent {
            /// The emitting contract.
            contract: T::AccountId,
            /// The event type.
            ty: Vec<u8>,
            /// Its attributes, `_contract_address` first.
            attributes: Vec<(Vec<u8>, Vec<u8>)>,
        },
        /// A contract moved to new code.
        Migrated {
            /// The contract.
            contract: T::AccountId,
            /// Its new code.
            code_hash: H256,
        },
        /// A contract's admin changed.
        AdminChanged {
            /// The contract.
            contract: T::AccountId,
            /// Its new admin (`None`: cleared).
            admin: Option<T::AccountId>,
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
        /// A contract removed itself (ink!'s `terminate`); its storage is
        /// deleted in idle time.
        Terminated {
            /// The contract.
            contract: T::AccountId,
            /// Who got its balance and deposits.
            beneficiary: T::AccountId,
        },
        /// A contract replaced its own code (ink!'s `set_code_hash`).
        ContractCodeUpdated {
            /// The contract.
            contract: T::AccountId,
            /// The code it runs now.
            new_code_hash: H256,
            /// The code it ran.
            old_code_hash: H256,
        },
    }

    #[pallet::error]
    pub enum Error<T> {
        /// The code failed validation; the reason says which rule it broke.
        InvalidCode(CodeRejection),
        /// The code is larger than `CodeLimits::max_code_len`.
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
        /// The input is larger than `ExecutionLimits::max_input_len`.
        InputTooLarge,
        /// The node's VM failed (not the contract's fault).
        VmFailure,
        /// A CosmWasm contract returned an error (its text is in the dry run's outcome).
        ContractFailed,
        /// Only the contract's admin may do this.
        NotAdmin,
        /// The operation needs a CosmWasm contract (or CosmWasm code).
        NotCosmWasm,
        /// A CosmWasm contract sent a message this chain does not carry out
        /// (staking, IBC, another denom, an invalid address: see the dry run's outcome).
        UnsupportedMessage,
        /// CosmWasm messages nested deeper than `ExecutionLimits::max_call_depth`.
        CallDepthExceeded,
        /// The label is longer than 128 bytes.
        LabelTooLong,
        /// The state the transaction adds costs more than its `storage_deposit_limit`.
        StorageDepositLimitExhausted,
        /// The origin cannot pay the deposit for the state the transaction adds.
        StorageDepositNotEnoughFunds,
        /// A CosmWasm `Instantiate2` salt must have 1 to 64 bytes.
        InvalidSalt,
    }

    #[pallet::hooks]
    impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
        /// Stops the first block of a runtime whose semantics the node does
        /// not implement, before anything runs under them.
        fn on_runtime_upgrade() -> Weight {
            vm::require_semantics::<T>();
            // One host call comparing a number: no more than a storage read.
            T::DbWeight::get().reads(1)
        }

        /// Deletes the storage of terminated contracts with the weight the
        /// block leaves.
        fn on_idle(_: BlockNumberFor<T>, remaining: Weight) -> Weight {
            crate::storage::delete_queued_tries::<T>(remaining)
        }

        fn integrity_test() {
            assert!(
                T::RefTimePerFuel::get() > 0,
                "RefTimePerFuel must be positive"
            );
            if let Err(reason) = T::Limits::get().validate() {
                panic!("Limits: {reason}");
            }
        }

        #[cfg(feature = "try-runtime")]
        fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
            migrations::v1::check_deposits::<T>().map_err(Into::into)
        }
    }

    #[pallet::call(weight(<T as Config>::WeightInfo))]
    impl<T: Config> Pallet<T> {
        /// Validates `code`, compiles it on the node and stores it by hash.
        /// Weighed before dispatch as the slowest code of its length to
        /// compile; what is not used is refunded.
        #[pallet::call_index(0)]
        #[pallet::weight(Pallet::<T>::upload_weight_bound(code.len() as u32))]
        pub fn upload_code(
            origin: OriginFor<T>,
            code: Vec<u8>,
            storage_deposit_limit: Option<Compact<u128>>,
        ) -> DispatchResultWithPostInfo {
            let owner = T::UploadOrigin::ensure_origin(origin)?;
            let limit = storage_deposit_limit.map(|limit| limit.0);
            let upload = Self::upload(owner, code, limit)?;
            Ok(Some(upload.weight).into())
        }

        /// Uploads `code` if it is new, then instantiates it. The origin must
        /// pass both [`Config::UploadOrigin`] and [`Config::InstantiateOrigin`].
        #[pallet::call_index(1)]
        #[pallet::weight(Pallet::<T>::upload_weight_bound(code.len() as u32)
            .saturating_add(T::WeightInfo::instantiate(input.len() as u32))
            .saturating_add(*gas_limit))]
        pub fn deploy(
            origin: OriginFor<T>,
            code: Vec<u8>,
            input: Vec<u8>,
            #[pallet::compact] value: u128,
            gas_limit: Weight,
            storage_deposit_limit: Option<Compact<u128>>,
            salt: Vec<u8>,
            admin: Option<T::AccountId>,
            label: Vec<u8>,
        ) -> DispatchResultWithPostInfo {
            let owner = T::UploadOrigin::ensure_origin(origin.clone())?;
            let deployer = T::InstantiateOrigin::ensure_origin(origin)?;
            let limit = storage_deposit_limit.map(|limit| limit.0);
            let upload = Self::upload(owner, code, limit)?;
            let instance = Instance { salt, admin, label };
            let outcome = Self::bare_instantiate(
                deployer,
                upload.code_hash,
                input.clone(),
                value,
                gas_limit,
                limit.map(|limit| limit.saturating_sub(upload.deposit)),
                instance,
            );
            let base = upload
                .weight
                .saturating_add(T::WeightInfo::instantiate(input.len() as u32));
            outcome::into_post_info(outcome, base)
        }

        /// Instantiates uploaded code at an address derived from the deployer,
        /// the code hash and `salt`, running its `deploy` entry point if any
        /// (CosmWasm: `instantiate`). `admin` may migrate a CosmWasm contract.
        #[pallet::call_index(2)]
        #[pallet::weight(T::WeightInfo::instantiate(input.len() as u32).saturating_add(*gas_limit))]
        pub fn instantiate(
            origin: OriginFor<T>,
            code_hash: H256,
            input: Vec<u8>,
            #[pallet::compact] value: u128,
            gas_limit: Weight,
            storage_deposit_limit: Option<Compact<u128>>,
            salt: Vec<u8>,
            admin: Option<T::AccountId>,
            label: Vec<u8>,
        ) -> DispatchResultWithPostInfo {
            let deployer = T::InstantiateOrigin::ensure_origin(origin)?;
            let base = T::WeightInfo::instantiate(input.len() as u32);
            let instance = Instance { salt, admin, label };
            let limit = storage_deposit_limit.map(|limit| limit.0);
            let outcome = Self::bare_instantiate(
                deployer, code_hash, input, value, gas_limit, limit, instance,
            );
            outcome::into_post_info(outcome, base)
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
            storage_deposit_limit: Option<Compact<u128>>,
        ) -> DispatchResultWithPostInfo {
            let caller = ensure_signed(origin)?;
            let base = T::WeightInfo::call(input.len() as u32);
            let limit = storage_deposit_limit.map(|limit| limit.0);
            let outcome = Self::bare_call(caller, contract, input, value, gas_limit, limit);
            outcome::into_post_info(outcome, base)
        }

        /// Removes code no contract runs; only its uploader may. Its deposit
        /// is released.
        #[pallet::call_index(4)]
        pub fn remove_code(origin: OriginFor<T>, code_hash: H256) -> DispatchResult {
            let who = ensure_signed(origin)?;
            crate::storage::remove_code::<T>(&who, code_hash)
        }

        /// Moves a CosmWasm contract to `new_code_hash` and runs its `migrate`
        /// with `msg`; only the contract's admin may.
        #[pallet::call_index(5)]
        #[pallet::weight(T::WeightInfo::migrate(msg.len() as u32).saturating_add(*gas_limit))]
        pub fn migrate(
            origin: OriginFor<T>,
            contract: T::AccountId,
            new_code_hash: H256,
            msg: Vec<u8>,
            gas_limit: Weight,
            storage_deposit_limit: Option<Compact<u128>>,
        ) -> DispatchResultWithPostInfo {
            let sender = ensure_signed(origin)?;
            let base = T::WeightInfo::migrate(msg.len() as u32);
            let limit = storage_deposit_limit.map(|limit| limit.0);
            let outcome =
                Self::bare_migrate(sender, contract, new_code_hash, msg, gas_limit, limit);
            outcome::into_post_info(outcome, base)
        }

        /// Makes `new_admin` the admin of a CosmWasm contract; only its admin may.
        #[pallet::call_index(6)]
        pub fn update_admin(
            origin: OriginFor<T>,
            contract: T::AccountId,
            new_admin: T::AccountId,
        ) -> DispatchResult {
            let sender = ensure_signed(origin)?;
            crate::storage::set_admin::<T>(&sender, &contract, Some(new_admin))
        }

        /// Removes the admin of a CosmWasm contract, freezing its code; only its admin may.
        #[pallet::call_index(7)]
        pub fn clear_admin(origin: OriginFor<T>, contract: T::AccountId) -> DispatchResult {
            let sender = ensure_signed(origin)?;
            crate::storage::set_admin::<T>(&sender, &contract, None)
        }
    }
}
