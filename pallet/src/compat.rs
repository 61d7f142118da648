//! pallet-contracts' surface, for the clients ink! authors use unmodified:
//! `@polkadot/api-contract` and `cargo contract` address a pallet named
//! `Contracts` (its `upload_code`, `instantiate_with_code`, `instantiate`
//! and `call`, its `Instantiated`, `CodeStored` and `ContractEmitted`
//! events) and the `ContractsApi` runtime API
//! ([`contracts_api`](pallet_wasm_contracts_api::contracts_api)).
//!
//! This is a thin pallet forwarding each call to this crate's pallet (the
//! same checks, execution, gas and deposits as its own dispatchables) and
//! depositing what pallet-contracts deposits: a runtime adds it under the
//! name `Contracts` beside `WasmContracts`, and implements `ContractsApi`
//! with [`Pallet::contracts_api_call`] and its siblings. Differences from
//! pallet-contracts:
//!
//! - The contract's address leaves out the constructor's input (it is
//!   `WasmContracts::contract_address` of deployer, code hash and salt).
//! - `Instantiated` is deposited for the contract a call instantiates, not
//!   for those its constructor instantiates in turn (those are
//!   `WasmContracts::Deployed`); the `WasmContracts` pallet's own events
//!   are deposited too.
//! - A dry run's `events` are not collected (`None`).
//! - `determinism` is ignored: every contract runs deterministically.

pub use pallet::*;

#[frame_support::pallet]
pub mod pallet {
    use alloc::vec::Vec;

    use codec::Compact;
    use frame_support::dispatch::{DispatchErrorWithPostInfo, PostDispatchInfo};
    use frame_support::pallet_prelude::*;
    use frame_system::pallet_prelude::*;
    use pallet_wasm_contracts_api::contracts_api::{
        self, CodeUploadResult, ContractAccessError, ContractExecResult, ContractInstantiateResult,
        Determinism, ExecReturnValue, GetStorageResult, InstantiateReturnValue, ReturnFlags,
    };
    use runtime_vm_primitives::Status;
    use sp_core::H256;
    use sp_runtime::traits::StaticLookup;
    use sp_runtime::{AccountId32, DispatchError};

    use crate::{CallOutcome, Code, Instance, StorageDeposit, WeightInfo as _};

    /// pallet-contracts' `Contracts` over this crate's pallet.
    #[pallet::config]
    pub trait Config: crate::Config + frame_system::Config<Hash = H256> {
        /// The overarching event type.
        #[allow(deprecated)]
        type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;
    }

    #[pallet::pallet]
    pub struct Pallet<T>(_);

    /// The events of pallet-contracts that its clients read.
    #[pallet::event]
    #[pallet::generate_deposit(fn deposit_event)]
    pub enum Event<T: Config> {
        /// A contract was instantiated.
        Instantiated {
            /// Who instantiated it.
            deployer: T::AccountId,
            /// Its address.
            contract: T::AccountId,
        },
        /// Code was uploaded.
        CodeStored {
            /// Its hash.
            code_hash: H256,
            /// The deposit held for it.
            deposit_held: u128,
            /// Who uploaded it.
            uploader: T::AccountId,
        },
        /// A contract emitted an event; its topics are the event record's.
        ContractEmitted {
            /// The emitting contract.
            contract: T::AccountId,
            /// The event's data.
            data: Vec<u8>,
        },
    }

    #[pallet::call]
    impl<T: Config> Pallet<T> {
        /// `WasmContracts::upload_code`, as pallet-contracts' `upload_code`.
        #[pallet::call_index(3)]
        #[pallet::weight(crate::Pallet::<T>::upload_weight_bound(code.len() as u32))]
        pub fn upload_code(
            origin: OriginFor<T>,
            code: Vec<u8>,
            storage_deposit_limit: Option<Compact<u128>>,
            _determinism: Determinism,
        ) -> DispatchResult {
            let uploader = <T as crate::Config>::UploadOrigin::ensure_origin(origin)?;
            let limit = storage_deposit_limit.map(|limit| limit.0);
            Self::upload(uploader, code, limit).map(drop)
        }

        /// `WasmContracts::call`, as pallet-contracts' `call`.
        #[pallet::call_index(6)]
        #[pallet::weight(<T as crate::Config>::WeightInfo::call(data.len() as u32)
            .saturating_add(*gas_limit)
            .saturating_add(events_weight::<T>(max_events::<T>())))]
        pub fn call(
            origin: OriginFor<T>,
            dest: <T::Lookup as StaticLookup>::Source,
            #[pallet::compact] value: u128,
            gas_limit: Weight,
            storage_deposit_limit: Option<Compact<u128>>,
            data: Vec<u8>,
        ) -> DispatchResultWithPostInfo {
            let caller = ensure_signed(origin)?;
            let dest = T::Lookup::lookup(dest)?;
            let base = <T as crate::Config>::WeightInfo::call(data.len() as u32);
            let limit = storage_deposit_limit.map(|limit| limit.0);
            let outcome =
                crate::Pallet::<T>::bare_call(caller, dest, data, value, gas_limit, limit);
            Self::finish(outcome, base, None)
        }

        /// `WasmContracts::deploy`, as pallet-contracts' `instantiate_with_code`.
        #[pallet::call_index(7)]
        #[pallet::weight(crate::Pallet::<T>::upload_weight_bound(code.len() as u32)
            .saturating_add(<T as crate::Config>::WeightInfo::instantiate(data.len() as u32))
            .saturating_add(*gas_limit)
            .saturating_add(events_weight::<T>(max_events::<T>())))]
        pub fn instantiate_with_code(
            origin: OriginFor<T>,
            #[pallet::compact] value: u128,
            gas_limit: Weight,
            storage_deposit_limit: Option<Compact<u128>>,
            code: Vec<u8>,
            data: Vec<u8>,
            salt: Vec<u8>,
        ) -> DispatchResultWithPostInfo {
            let uploader = <T as crate::Config>::UploadOrigin::ensure_origin(origin.clone())?;
            let deployer = <T as crate::Config>::InstantiateOrigin::ensure_origin(origin)?;
            let limit = storage_deposit_limit.map(|limit| limit.0);
            let upload_weight = crate::Pallet::<T>::upload_weight_bound(code.len() as u32);
            let (code_hash, deposit) = Self::upload(uploader, code, limit)?;
            let limit = limit.map(|limit| limit.saturating_sub(deposit));
            let instantiation = Instantiation {
                deployer,
                code_hash,
                value,
                data,
                salt,
            };
            Self::instantiate_code(instantiation, gas_limit, limit, upload_weight)
        }

        /// `WasmContracts::instantiate`, as pallet-contracts' `instantiate`.
        #[pallet::call_index(8)]
        #[pallet::weight(<T as crate::Config>::WeightInfo::instantiate(data.len() as u32)
            .saturating_add(*gas_limit)
            .saturating_add(events_weight::<T>(max_events::<T>())))]
        pub fn instantiate(
            origin: OriginFor<T>,
            #[pallet::compact] value: u128,
            gas_limit: Weight,
            storage_deposit_limit: Option<Compact<u128>>,
            code_hash: H256,
            data: Vec<u8>,
            salt: Vec<u8>,
        ) -> DispatchResultWithPostInfo {
            let deployer = <T as crate::Config>::InstantiateOrigin::ensure_origin(origin)?;
            let limit = storage_deposit_limit.map(|limit| limit.0);
            let instantiation = Instantiation {
                deployer,
                code_hash,
                value,
                data,
                salt,
            };
            Self::instantiate_code(instantiation, gas_limit, limit, Weight::zero())
        }
    }

    /// Most contract events one execution deposits.
    fn max_events<T: Config>() -> u32 {
        <T as crate::Config>::Limits::get().execution.max_events
    }

    /// What depositing `count` more events weighs: a write each.
    fn events_weight<T: Config>(count: u32) -> Weight {
        T::DbWeight::get().writes(u64::from(count))
    }

    /// Who instantiates which stored code, with what value, input and salt.
    struct Instantiation {
        deployer: AccountId32,
        code_hash: H256,
        value: u128,
        data: Vec<u8>,
        salt: Vec<u8>,
    }

    impl<T: Config> Pallet<T> {
        /// Instantiates stored code through this crate's pallet and
        /// finishes as pallet-contracts does, weighing `before` (an
        /// upload's weight) on top.
        fn instantiate_code(
            instantiation: Instantiation,
            gas_limit: Weight,
            limit: Option<u128>,
            before: Weight,
        ) -> DispatchResultWithPostInfo {
            let Instantiation {
                deployer,
                code_hash,
                value,
                data,
                salt,
            } = instantiation;
            let base = before.saturating_add(<T as crate::Config>::WeightInfo::instantiate(
                data.len() as u32,
            ));
            let instance = Instance {
                salt,
                ..Instance::default()
            };
            let outcome = crate::Pallet::<T>::bare_instantiate(
                deployer.clone(),
                code_hash,
                data,
                value,
                gas_limit,
                limit,
                instance,
            );
            Self::finish(outcome, base, Some(deployer))
        }

        /// Uploads `code` through this crate's pallet; deposits `CodeStored`
        /// if it was new. Returns its hash and the deposit held for it.
        fn upload(
            uploader: AccountId32,
            code: Vec<u8>,
            limit: Option<u128>,
        ) -> Result<(H256, u128), DispatchError> {
            let code_hash = H256(sp_io::hashing::blake2_256(&code));
            let new = !crate::CodeInfoOf::<T>::contains_key(code_hash);
            let upload = crate::Pallet::<T>::bare_upload_code(uploader.clone(), code, limit)?;
            if new {
                Self::deposit_event(Event::CodeStored {
                    code_hash,
                    deposit_held: upload.deposit,
                    uploader,
                });
            }
            Ok((code_hash, upload.deposit))
        }

        /// Deposits what pallet-contracts deposits for `outcome` (the new
        /// contract, if `deployer` instantiated one, and the contracts'
        /// events, each with its topics) and turns it into the
        /// dispatchable's result, weighing `base`, the gas consumed and
        /// the events.
        fn finish(
            outcome: CallOutcome,
            base: Weight,
            deployer: Option<AccountId32>,
        ) -> DispatchResultWithPostInfo {
            let events = outcome.events.len() as u32;
            let post_info = PostDispatchInfo {
                actual_weight: Some(
                    base.saturating_add(outcome.gas_consumed)
                        .saturating_add(events_weight::<T>(events)),
                ),
                pays_fee: Pays::Yes,
            };
            if let Err(error) = outcome.result {
                return Err(DispatchErrorWithPostInfo { post_info, error });
            }
            if let Some(deployer) = deployer {
                Self::deposit_event(Event::Instantiated {
                    deployer,
                    contract: outcome.contract.clone(),
                });
            }
            for event in outcome.events {
                let topics = event.topics.iter().map(|topic| H256(*topic));
                let record = Event::<T>::ContractEmitted {
                    contract: AccountId32::new(event.contract),
                    data: event.data,
                };
                let event = <T as Config>::RuntimeEvent::from(record);
                frame_system::Pallet::<T>::deposit_event_indexed(
                    &topics.collect::<Vec<_>>(),
                    event.into(),
                );
            }
            Ok(post_info)
        }

        /// `ContractsApi::call`: [`crate::Pallet::dry_run_call`], as
        /// pallet-contracts reports it.
        pub fn contracts_api_call<EventRecord>(
            origin: AccountId32,
            dest: AccountId32,
            value: u128,
            gas_limit: Option<Weight>,
            storage_deposit_limit: Option<u128>,
            input_data: Vec<u8>,
        ) -> ContractExecResult<u128, EventRecord> {
            let outcome = crate::Pallet::<T>::dry_run_call(
                origin,
                dest,
                value,
                gas_limit,
                storage_deposit_limit,
                input_data,
            );
            let result = exec_result(&outcome);
            contract_result(outcome, result)
        }

        /// `ContractsApi::instantiate`: [`crate::Pallet::dry_run_instantiate`],
        /// as pallet-contracts reports it.
        pub fn contracts_api_instantiate<EventRecord>(
            origin: AccountId32,
            value: u128,
            gas_limit: Option<Weight>,
            storage_deposit_limit: Option<u128>,
            code: contracts_api::Code<H256>,
            data: Vec<u8>,
            salt: Vec<u8>,
        ) -> ContractInstantiateResult<AccountId32, u128, EventRecord> {
            let code = match code {
                contracts_api::Code::Upload(code) => Code::Upload(code),
                contracts_api::Code::Existing(hash) => Code::Existing(hash),
            };
            let instance = Instance {
                salt,
                ..Instance::default()
            };
            let outcome = crate::Pallet::<T>::dry_run_instantiate(
                origin,
                code,
                value,
                gas_limit,
                storage_deposit_limit,
                data,
                instance,
            );
            let account_id = outcome.contract.clone();
            let result =
                exec_result(&outcome).map(|result| InstantiateReturnValue { result, account_id });
            contract_result(outcome, result)
        }

        /// `ContractsApi::upload_code`: [`crate::Pallet::dry_run_upload_code`].
        pub fn contracts_api_upload_code(
            origin: AccountId32,
            code: Vec<u8>,
            storage_deposit_limit: Option<u128>,
        ) -> CodeUploadResult<H256, u128> {
            let upload =
                crate::Pallet::<T>::dry_run_upload_code(origin, code, storage_deposit_limit)?;
            Ok(contracts_api::CodeUploadReturnValue {
                code_hash: upload.code_hash,
                deposit: upload.deposit,
            })
        }

        /// `ContractsApi::get_storage`: the value under the ink! key `key`
        /// (stored under its BLAKE2b-128 followed by the key, as
        /// pallet-contracts stores a key of a given length).
        pub fn contracts_api_get_storage(address: AccountId32, key: Vec<u8>) -> GetStorageResult {
            let max = <T as crate::Config>::Limits::get()
                .execution
                .max_storage_key_len;
            if key.len() > max as usize {
                return Err(ContractAccessError::KeyDecodingFailed);
            }
            let stored = [&sp_io::hashing::blake2_128(&key)[..], &key].concat();
            crate::Pallet::<T>::get_storage(address, stored)
                .map_err(|_| ContractAccessError::DoesntExist)
        }
    }

    /// How an execution ended, as pallet-contracts reports it: a revert is
    /// an `Ok` with the `REVERT` flag and its output.
    fn exec_result(outcome: &CallOutcome) -> Result<ExecReturnValue, DispatchError> {
        let flags = match (&outcome.result, outcome.status) {
            (_, Some(Status::Revert(_))) => ReturnFlags::REVERT,
            (Ok(()), _) => ReturnFlags::default(),
            (Err(error), _) => return Err(*error),
        };
        Ok(ExecReturnValue {
            flags,
            data: outcome.return_data.clone(),
        })
    }

    /// `outcome`'s figures around `result`.
    fn contract_result<R, EventRecord>(
        outcome: CallOutcome,
        result: R,
    ) -> contracts_api::ContractResult<R, u128, EventRecord> {
        contracts_api::ContractResult {
            gas_consumed: outcome.gas_consumed,
            gas_required: outcome.gas_required,
            storage_deposit: match outcome.storage_deposit {
                StorageDeposit::Charge(amount) => contracts_api::StorageDeposit::Charge(amount),
                StorageDeposit::Refund(amount) => contracts_api::StorageDeposit::Refund(amount),
            },
            debug_message: outcome.debug.concat(),
            result,
            events: None,
        }
    }
}
