//! The one execution path: dispatchables, dry runs and tests all come here.
//!
//! `bare_*` functions do the work and return a [`CallOutcome`] with
//! everything a UI wants to see (gas, status, return data, events, debug
//! messages); the dispatchables turn it into a `DispatchResultWithPostInfo`.
//! Each runs in a storage transaction: an error leaves no change behind.

use alloc::vec;
use alloc::vec::Vec;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::dispatch::{
    DispatchErrorWithPostInfo, DispatchResultWithPostInfo, PostDispatchInfo,
};
use frame_support::pallet_prelude::*;
use frame_support::storage::{with_transaction, StoragePrefixedMap, TransactionOutcome};
use frame_support::traits::fungible::{Inspect, Mutate};
use frame_support::traits::tokens::Preservation;
use frame_support::traits::UnixTime;
use frame_support::PalletError;
use runtime_vm_primitives::{
    Abi, CwEntry, CwEvent, Error as VmError, HostTrap, Status, TransferError, TrapKind,
    ValidationError,
};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::traits::{Hash, UniqueSaturatedInto};
use sp_runtime::AccountId32;

use crate::primitives::{
    Code, ContractInfo, Entry, ExecOutcome, ExecRequest, Label, PreparedCode, StorageLayout,
    VmConfig,
};
use crate::vm::wasm_contracts_vm;
use crate::{cosmwasm, dry_run, CodeIdOf, NextCodeId, WeightInfo};
use crate::{CodeInfo, CodeInfoOf, Config, ContractInfoOf, Error, Event, Pallet, PristineCode};

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
    /// How the entry point ended (`None` if it never ran).
    pub status: Option<Status>,
    /// The contract's return data (also for a revert).
    pub return_data: Vec<u8>,
    /// Events the contract emitted (empty unless it succeeded).
    pub events: Vec<runtime_vm_primitives::Event>,
    /// CosmWasm: the `wasm` and `wasm-*` events of every contract that ran
    /// (empty unless the call succeeded).
    pub wasm_events: Vec<CwEvent>,
    /// Its `debug_log` messages (CosmWasm: `debug` and `abort` messages).
    pub debug: Vec<Vec<u8>>,
}

/// What a new contract gets besides its code: the salt of its address, and
/// (used by CosmWasm) an admin and a label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Instance {
    /// Part of the address: deployer, code hash and salt decide it.
    pub salt: Vec<u8>,
    /// Who may migrate the contract.
    pub admin: Option<AccountId32>,
    /// Free text, at most 128 bytes.
    pub label: Vec<u8>,
}

/// Why a contract's storage could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum ContractAccessError {
    /// There is no contract at the address.
    ContractNotFound,
}

/// Why code was rejected at upload.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, PalletError,
)]
pub enum CodeRejection {
    /// Not valid WebAssembly for the enabled features.
    InvalidWasm,
    /// A CosmWasm interface version other than 8.
    UnsupportedInterfaceVersion,
    /// A CosmWasm capability this chain does not offer.
    UnsupportedCapability,
    /// Too many functions.
    TooManyFunctions,
    /// A function has too many locals.
    TooManyLocals,
    /// A function's frame exceeds the stack budget.
    FrameTooLarge,
    /// A function body is too large.
    FunctionBodyTooLarge,
    /// Too many globals.
    TooManyGlobals,
    /// Too many tables.
    TooManyTables,
    /// A table is too large.
    TableTooLarge,
    /// Too many element segments.
    TooManyElementSegments,
    /// Too many data segments.
    TooManyDataSegments,
    /// Not exactly one memory.
    MemoryCount,
    /// The memory is larger than the cap.
    MemoryTooLarge,
    /// Too many imports.
    TooManyImports,
    /// An import outside the ABI.
    UnknownImport,
    /// An ABI import with the wrong signature.
    ImportSignature,
    /// An import that is not a function.
    NonFunctionImport,
    /// A required export is missing.
    MissingExport,
    /// An export with the wrong signature.
    ExportSignature,
    /// An export name reserved by the VM.
    ReservedExport,
    /// A start function.
    StartFunction,
    /// Valid, but the compiler refused it.
    CompilationFailed,
}

impl From<&ValidationError> for CodeRejection {
    fn from(error: &ValidationError) -> Self {
        use ValidationError as V;
        match error {
            V::CodeTooLarge { .. } | V::InvalidWasm(_) => Self::InvalidWasm,
            V::UnsupportedInterfaceVersion(_) => Self::UnsupportedInterfaceVersion,
            V::UnsupportedCapability(_) => Self::UnsupportedCapability,
            V::TooManyFunctions { .. } => Self::TooManyFunctions,
            V::TooManyLocals { .. } => Self::TooManyLocals,
            V::FrameTooLarge { .. } => Self::FrameTooLarge,
            V::FunctionBodyTooLarge { .. } => Self::FunctionBodyTooLarge,
            V::TooManyGlobals { .. } => Self::TooManyGlobals,
            V::TooManyTables { .. } => Self::TooManyTables,
            V::TableTooLarge { .. } => Self::TableTooLarge,
            V::TooManyElementSegments { .. } => Self::TooManyElementSegments,
            V::TooManyDataSegments { .. } => Self::TooManyDataSegments,
            V::MemoryCount { .. } => Self::MemoryCount,
            V::MemoryTooLarge { .. } => Self::MemoryTooLarge,
            V::TooManyImports { .. } => Self::TooManyImports,
            V::UnknownImport { .. } => Self::UnknownImport,
            V::ImportSignature { .. } => Self::ImportSignature,
            V::NonFunctionImport { .. } => Self::NonFunctionImport,
            V::MissingExport(_) => Self::MissingExport,
            V::ExportSignature { .. } => Self::ExportSignature,
            V::ReservedExport(_) => Self::ReservedExport,
            V::StartFunction => Self::StartFunction,
        }
    }
}

/// How a contract trapped (out of gas has its own error).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, PalletError,
)]
pub enum TrapCode {
    /// The deterministic stack budget was exceeded.
    StackExhausted,
    /// A load or store outside linear memory.
    MemoryOutOfBounds,
    /// `unreachable` ran (a Rust panic or abort).
    Unreachable,
    /// Integer division by zero.
    IntegerDivisionByZero,
    /// Signed division overflow.
    IntegerOverflow,
    /// Invalid float-to-int conversion.
    BadConversionToInteger,
    /// Indirect call outside the table.
    TableOutOfBounds,
    /// Indirect call to a null entry.
    IndirectCallToNull,
    /// Indirect call with the wrong signature.
    IndirectCallTypeMismatch,
    /// A pointer passed to a host function is outside memory.
    PointerOutOfBounds,
    /// A host function's size limit was exceeded (key, value, event, return data, input, message).
    HostLimitExceeded,
    /// `return_data_copy` past the end of the return data.
    ReturnDataOutOfBounds,
    /// Input given to a contract without a (valid) `alloc` export.
    InvalidAlloc,
    /// A CosmWasm contract aborted (a Rust panic; the message is in the debug log).
    Aborted,
    /// The contract broke its ABI's rules: a bad CosmWasm Region or result,
    /// a missing entry point, a write during a query, another ABI's entry point.
    AbiViolation,
}

impl From<TrapKind> for TrapCode {
    fn from(kind: TrapKind) -> Self {
        match kind {
            TrapKind::OutOfGas | TrapKind::Unreachable => Self::Unreachable,
            TrapKind::StackExhausted => Self::StackExhausted,
            TrapKind::MemoryOutOfBounds => Self::MemoryOutOfBounds,
            TrapKind::IntegerDivisionByZero => Self::IntegerDivisionByZero,
            TrapKind::IntegerOverflow => Self::IntegerOverflow,
            TrapKind::BadConversionToInteger => Self::BadConversionToInteger,
            TrapKind::TableOutOfBounds => Self::TableOutOfBounds,
            TrapKind::IndirectCallToNull => Self::IndirectCallToNull,
            TrapKind::IndirectCallTypeMismatch => Self::IndirectCallTypeMismatch,
            TrapKind::Host(HostTrap::PointerOutOfBounds) => Self::PointerOutOfBounds,
            TrapKind::Host(HostTrap::ReturnDataOutOfBounds) => Self::ReturnDataOutOfBounds,
            TrapKind::Host(HostTrap::MissingAlloc | HostTrap::InvalidAlloc) => Self::InvalidAlloc,
            TrapKind::Host(HostTrap::Aborted) => Self::Aborted,
            TrapKind::Host(
                HostTrap::AbiMismatch
                | HostTrap::InvalidRegion
                | HostTrap::InvalidResult
                | HostTrap::MissingEntryPoint
                | HostTrap::WriteAccessDenied
                | HostTrap::UnknownIterator
                | HostTrap::InvalidOrder
                | HostTrap::EmptyStorageKey,
            ) => Self::AbiViolation,
            TrapKind::Host(_) => Self::HostLimitExceeded,
        }
    }
}

/// Size of the first outcome buffer; larger outcomes take a second host call.
const OUTCOME_BUFFER: usize = 16 * 1024;

impl<T: Config> Pallet<T> {
    /// Validates, compiles (on the node) and stores `code`; returns its hash.
    /// Uploading code that is already stored changes nothing.
    ///
    /// # Errors
    ///
    /// `CodeTooLarge`, `InvalidCode(reason)` or `VmFailure`.
    pub fn bare_upload_code(owner: T::AccountId, code: Vec<u8>) -> Result<H256, DispatchError> {
        Self::upload(owner, code).map(|(hash, _)| hash)
    }

    /// The most an upload of `len` bytes can weigh: compiling `len` bytes of
    /// the slowest code per byte, and as many functions as `len` bytes can
    /// hold (each takes at least 4) up to `Limits::max_functions`.
    pub fn upload_weight_bound(len: u32) -> Weight {
        let functions = (len / 4).min(T::Limits::get().max_functions);
        T::WeightInfo::upload_code(len, functions)
    }

    /// As [`Self::bare_upload_code`], with the weight of the work done: the
    /// code's length and its function count (none if it was already stored).
    pub(crate) fn upload(
        owner: T::AccountId,
        code: Vec<u8>,
    ) -> Result<(H256, Weight), DispatchError> {
        let limits = T::Limits::get();
        ensure!(
            code.len() <= limits.max_code_len as usize,
            Error::<T>::CodeTooLarge
        );
        let code_len = code.len() as u32;
        let code_hash = <sp_runtime::traits::BlakeTwo256 as Hash>::hash(&code);
        if CodeInfoOf::<T>::contains_key(code_hash) {
            return Ok((code_hash, T::WeightInfo::upload_code(code_len, 0)));
        }
        let config = VmConfig {
            limits,
            schedule: T::Schedule::get(),
        };
        let mut buffer = vec![0u8; 1024];
        let len = wasm_contracts_vm::prepare(&code_hash.0, &code, config, &mut buffer) as usize;
        let prepared = buffer
            .get(..len)
            .and_then(|bytes| Result::<PreparedCode, VmError>::decode(&mut &bytes[..]).ok());
        let prepared = match prepared {
            Some(Ok(prepared)) => prepared,
            Some(Err(VmError::Validation(ValidationError::CodeTooLarge { .. }))) => {
                return Err(Error::<T>::CodeTooLarge.into())
            }
            Some(Err(VmError::Validation(reason))) => {
                return Err(Error::<T>::InvalidCode(CodeRejection::from(&reason)).into())
            }
            Some(Err(VmError::Compilation(_))) => {
                return Err(Error::<T>::InvalidCode(CodeRejection::CompilationFailed).into())
            }
            _ => return Err(Error::<T>::VmFailure.into()),
        };
        let code_id = NextCodeId::<T>::mutate(|next| {
            *next += 1;
            *next
        });
        let info = CodeInfo {
            owner: owner.clone(),
            len: code_len,
            abi: prepared.abi,
            refcount: 0,
            code_id,
        };
        CodeIdOf::<T>::insert(code_id, code_hash);
        PristineCode::<T>::insert(code_hash, code);
        CodeInfoOf::<T>::insert(code_hash, info);
        Self::deposit_event(Event::CodeStored { code_hash, owner });
        let weight = T::WeightInfo::upload_code(code_len, prepared.functions);
        Ok((code_hash, weight))
    }

    /// The address a contract instantiated by `deployer` from `code_hash` with `salt` gets.
    pub fn contract_address(
        deployer: &T::AccountId,
        code_hash: &H256,
        salt: &[u8],
    ) -> T::AccountId {
        let preimage = [
            b"wasm-contracts/address".as_slice(),
            deployer.as_ref(),
            code_hash.as_bytes(),
            salt,
        ]
        .concat();
        AccountId32::new(sp_io::hashing::blake2_256(&preimage))
    }

    /// Creates the contract `deployer` instantiates from `code_hash` with
    /// `instance`, without running any code; returns its address and ABI.
    pub(crate) fn create_contract(
        deployer: &T::AccountId,
        code_hash: H256,
        instance: &Instance,
    ) -> Result<(T::AccountId, Abi), DispatchError> {
        let label =
            Label::try_from(instance.label.clone()).map_err(|_| Error::<T>::LabelTooLong)?;
        let mut code = CodeInfoOf::<T>::get(code_hash).ok_or(Error::<T>::CodeNotFound)?;
        let contract = Self::contract_address(deployer, &code_hash, &instance.salt);
        let address: [u8; 32] = contract.clone().into();
        ensure!(
            !ContractInfoOf::<T>::contains_key(address),
            Error::<T>::ContractAlreadyExists
        );
        let trie_id =
            sp_io::hashing::blake2_256(&[b"wasm-contracts/trie".as_slice(), &address].concat());
        let info = ContractInfo {
            code_hash: code_hash.0,
            trie_id,
            deployer: deployer.clone().into(),
            abi: code.abi,
            admin: instance.admin.clone().map(Into::into),
            label,
        };
        ContractInfoOf::<T>::insert(address, info);
        code.refcount += 1;
        CodeInfoOf::<T>::insert(code_hash, code.clone());
        Self::deposit_event(Event::Deployed {
            deployer: deployer.clone(),
            contract: contract.clone(),
            code_hash,
        });
        Ok((contract, code.abi))
    }

    /// Instantiates `code_hash` and runs its `deploy` (CosmWasm: `instantiate`) entry point.
    pub fn bare_instantiate(
        deployer: T::AccountId,
        code_hash: H256,
        input: Vec<u8>,
        value: u128,
        gas_limit: Weight,
        instance: Instance,
    ) -> CallOutcome {
        let contract = Self::contract_address(&deployer, &code_hash, &instance.salt);
        transactional(contract.clone(), |outcome| {
            let (contract, abi) = Self::create_contract(&deployer, code_hash, &instance)?;
            match abi {
                Abi::Native => run::<T>(
                    outcome,
                    Entry::Deploy,
                    &deployer,
                    &contract,
                    input,
                    value,
                    gas_limit,
                ),
                Abi::CosmWasm => cosmwasm::call::<T>(
                    outcome,
                    &deployer,
                    &contract,
                    CwEntry::Instantiate(input),
                    value,
                    gas_limit,
                ),
            }
        })
    }

    /// Calls `contract`'s `execute` entry point.
    pub fn bare_call(
        caller: T::AccountId,
        contract: T::AccountId,
        input: Vec<u8>,
        value: u128,
        gas_limit: Weight,
    ) -> CallOutcome {
        transactional(contract.clone(), |outcome| {
            let address: [u8; 32] = contract.clone().into();
            let info = ContractInfoOf::<T>::get(address).ok_or(Error::<T>::ContractNotFound)?;
            match info.abi {
                Abi::Native => run::<T>(
                    outcome,
                    Entry::Execute,
                    &caller,
                    &contract,
                    input,
                    value,
                    gas_limit,
                )?,
                Abi::CosmWasm => cosmwasm::call::<T>(
                    outcome,
                    &caller,
                    &contract,
                    CwEntry::Execute(input),
                    value,
                    gas_limit,
                )?,
            }
            Self::deposit_event(Event::Called {
                caller,
                contract: contract.clone(),
                success: true,
            });
            Ok(())
        })
    }
}

impl<T: Config> Pallet<T> {
    /// `WasmContractsApi::call`: `bare_call` as the next block will run it
    /// (see `dry_run.rs`), with a block's weight as the default gas and the
    /// contracts' debug output collected.
    pub fn dry_run_call(
        origin: T::AccountId,
        contract: T::AccountId,
        value: u128,
        gas_limit: Option<Weight>,
        input: Vec<u8>,
    ) -> CallOutcome {
        let gas_limit = gas_limit.unwrap_or_else(Self::max_gas);
        dry_run::predict::<T>(|| {
            Self::bare_call(
                origin.clone(),
                contract.clone(),
                input.clone(),
                value,
                gas_limit,
            )
        })
    }

    /// `WasmContractsApi::instantiate`: `bare_instantiate` as the next block
    /// will run it (see `dry_run.rs`), uploading the code first if it is
    /// given, with a block's weight as the default gas and the contracts'
    /// debug output collected.
    pub fn dry_run_instantiate(
        origin: T::AccountId,
        code: Code,
        value: u128,
        gas_limit: Option<Weight>,
        input: Vec<u8>,
        instance: Instance,
    ) -> CallOutcome {
        let gas_limit = gas_limit.unwrap_or_else(Self::max_gas);
        let code_hash = match code {
            Code::Existing(hash) => hash,
            Code::Upload(code) => {
                let hash = H256(sp_io::hashing::blake2_256(&code));
                if let Err(error) = Self::bare_upload_code(origin.clone(), code) {
                    let contract = Self::contract_address(&origin, &hash, &instance.salt);
                    let mut outcome = empty_outcome(contract);
                    outcome.result = Err(error);
                    return outcome;
                }
                hash
            }
        };
        dry_run::predict::<T>(|| {
            Self::bare_instantiate(
                origin.clone(),
                code_hash,
                input.clone(),
                value,
                gas_limit,
                instance.clone(),
            )
        })
    }

    /// The value under `key` in `contract`'s child trie.
    ///
    /// # Errors
    ///
    /// [`ContractAccessError::ContractNotFound`] if there is no contract at `contract`.
    pub fn get_storage(
        contract: T::AccountId,
        key: Vec<u8>,
    ) -> Result<Option<Vec<u8>>, ContractAccessError> {
        let address: [u8; 32] = contract.into();
        let info =
            ContractInfoOf::<T>::get(address).ok_or(ContractAccessError::ContractNotFound)?;
        let trie = sp_core::storage::ChildInfo::new_default(&info.trie_id);
        Ok(sp_io::default_child_storage::get(trie.storage_key(), &key))
    }

    pub(crate) fn max_gas() -> Weight {
        <T as frame_system::Config>::BlockWeights::get().max_block
    }
}

/// An outcome for `contract` before anything ran.
fn empty_outcome(contract: AccountId32) -> CallOutcome {
    CallOutcome {
        result: Ok(()),
        contract,
        gas_consumed: Weight::zero(),
        gas_required: Weight::zero(),
        status: None,
        return_data: Vec::new(),
        events: Vec::new(),
        wasm_events: Vec::new(),
        debug: Vec::new(),
    }
}

/// Runs `body` in a storage transaction that is kept only if it returns `Ok`.
pub(crate) fn transactional(
    contract: AccountId32,
    body: impl FnOnce(&mut CallOutcome) -> DispatchResult,
) -> CallOutcome {
    let mut outcome = empty_outcome(contract);
    outcome.result = with_transaction(|| {
        let result = body(&mut outcome);
        match result {
            Ok(()) => TransactionOutcome::Commit(Ok(())),
            Err(error) => TransactionOutcome::Rollback(Err(error)),
        }
    });
    outcome
}

/// Where the node finds contracts, code and balances in this runtime's storage.
pub(crate) fn layout<T: Config>() -> StorageLayout {
    StorageLayout {
        contract_info: ContractInfoOf::<T>::final_prefix().to_vec(),
        code: PristineCode::<T>::final_prefix().to_vec(),
        accounts: frame_system::Account::<T>::final_prefix().to_vec(),
        code_info: CodeInfoOf::<T>::final_prefix().to_vec(),
        code_ids: CodeIdOf::<T>::final_prefix().to_vec(),
        nonce_len: T::Nonce::max_encoded_len() as u32,
        existential_deposit: T::Currency::minimum_balance(),
    }
}

/// Runs an entry point through the runtime interface and applies its effects.
///
/// Gas has two dimensions: fuel (`ref_time`) is metered by the VM as the code
/// runs; the storage the node read (`proof_size`) is counted by the node and
/// checked against the limit afterwards. Past either limit the call is out of
/// gas and keeps no change.
fn run<T: Config>(
    outcome: &mut CallOutcome,
    entry: Entry,
    caller: &T::AccountId,
    contract: &T::AccountId,
    input: Vec<u8>,
    value: u128,
    gas_limit: Weight,
) -> DispatchResult {
    let limits = T::Limits::get();
    ensure!(
        input.len() <= limits.max_input_len as usize,
        Error::<T>::InputTooLarge
    );
    let request = ExecRequest {
        entry,
        contract: contract.clone().into(),
        caller: caller.clone().into(),
        value,
        input,
        fuel_limit: gas_limit.ref_time() / T::RefTimePerFuel::get(),
        block_number: dry_run::block_number::<T>(),
        timestamp: now_ms::<T>(),
        config: vm_config::<T>(),
        layout: layout::<T>(),
        collect_debug: dry_run::is_dry_run(),
    };
    let executed = execute_on_node::<T>(request).ok_or(Error::<T>::VmFailure)?;

    outcome.gas_consumed = Weight::from_parts(
        executed.fuel_used.saturating_mul(T::RefTimePerFuel::get()),
        executed.proof_size,
    );
    outcome.gas_required = match executed.result {
        Ok(Status::Trap(TrapKind::OutOfGas)) => gas_limit.max(outcome.gas_consumed),
        _ => outcome.gas_consumed,
    };
    if executed.proof_size > gas_limit.proof_size() {
        return Err(Error::<T>::OutOfGas.into());
    }
    outcome.return_data = executed.return_data;
    outcome.debug = executed.debug;
    let status = executed.result.map_err(vm_error::<T>)?;
    outcome.status = Some(status);
    match status {
        Status::Success => {}
        Status::Revert(_) => return Err(Error::<T>::ContractReverted.into()),
        Status::Trap(TrapKind::OutOfGas) => return Err(Error::<T>::OutOfGas.into()),
        Status::Trap(kind) => return Err(Error::<T>::ContractTrapped(kind.into()).into()),
    }
    apply_transfers::<T>(&executed.transfers)?;
    for event in &executed.events {
        Pallet::<T>::deposit_event(Event::ContractEmitted {
            contract: AccountId32::new(event.contract),
            topics: event.topics.iter().map(|topic| H256(*topic)).collect(),
            data: event.data.clone(),
        });
    }
    outcome.events = executed.events;
    Ok(())
}

/// The current time in milliseconds, as contracts see it.
pub(crate) fn now_ms<T: Config>() -> u64 {
    T::Time::now().as_millis().unique_saturated_into()
}

/// The VM configuration the node must run with.
pub(crate) fn vm_config<T: Config>() -> VmConfig {
    VmConfig {
        limits: T::Limits::get(),
        schedule: T::Schedule::get(),
    }
}

/// Calls `wasm_contracts_vm::execute`, fetching a large outcome in a second call.
fn execute_on_node<T: Config>(request: ExecRequest) -> Option<ExecOutcome> {
    fetch_outcome::<T, _>(|buffer| wasm_contracts_vm::execute(request, buffer))
}

/// Runs a host function that writes a SCALE outcome into a buffer (or keeps
/// it for `take_outcome` when it does not fit) and decodes the outcome.
///
/// A length past [`Limits::max_outcome_len`](runtime_vm_primitives::Limits::max_outcome_len)
/// is refused before anything is allocated for it: the VM keeps every
/// outcome within it, so only a faulty node reports more.
pub(crate) fn fetch_outcome<T: Config, O: Decode>(
    call: impl FnOnce(&mut [u8]) -> u32,
) -> Option<O> {
    let mut buffer = vec![0u8; OUTCOME_BUFFER];
    let len = call(&mut buffer) as usize;
    if len > T::Limits::get().max_outcome_len() as usize {
        return None;
    }
    if len > buffer.len() {
        buffer = vec![0u8; len];
        wasm_contracts_vm::take_outcome(&mut buffer);
    }
    O::decode(&mut buffer.get(..len)?).ok()
}

/// The dispatch error of a VM refusal (nothing ran).
pub(crate) fn vm_error<T: Config>(error: VmError) -> DispatchError {
    match error {
        VmError::ContractNotFound => Error::<T>::ContractNotFound.into(),
        VmError::Transfer(TransferError::InsufficientBalance) => {
            Error::<T>::InsufficientBalance.into()
        }
        VmError::Transfer(TransferError::Refused(_)) => Error::<T>::TransferFailed.into(),
        VmError::InputTooLarge { .. } => Error::<T>::InputTooLarge.into(),
        _ => Error::<T>::VmFailure.into(),
    }
}

/// Applies the transfers an execution made, with the pallet's currency.
pub(crate) fn apply_transfers<T: Config>(
    transfers: &[crate::primitives::Transfer],
) -> DispatchResult {
    for transfer in transfers {
        let (from, to) = (
            AccountId32::new(transfer.from),
            AccountId32::new(transfer.to),
        );
        T::Currency::transfer(&from, &to, transfer.amount, Preservation::Preserve)
            .map_err(|_| Error::<T>::TransferFailed)?;
    }
    Ok(())
}

/// A dispatchable's result: `base` plus the gas consumed, success or not.
pub(crate) fn into_post_info(outcome: CallOutcome, base: Weight) -> DispatchResultWithPostInfo {
    let post_info = PostDispatchInfo {
        actual_weight: Some(base.saturating_add(outcome.gas_consumed)),
        pays_fee: Pays::Yes,
    };
    match outcome.result {
        Ok(()) => Ok(post_info),
        Err(error) => Err(DispatchErrorWithPostInfo { post_info, error }),
    }
}
