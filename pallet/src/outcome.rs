//! What the pallet makes of a contract call's end: the [`CallOutcome`]
//! (the api crate's type) every dispatchable, dry run and test gets, why
//! code was rejected, how a contract trapped, and the dispatch error of each.

use alloc::vec::Vec;

use codec::{Decode, DecodeWithMemTracking, Encode};
use frame_support::dispatch::{
    DispatchErrorWithPostInfo, DispatchResultWithPostInfo, PostDispatchInfo,
};
use frame_support::pallet_prelude::*;
use frame_support::storage::{with_transaction, TransactionOutcome};
use frame_support::PalletError;
use runtime_vm_primitives::{Error as VmError, HostTrap, TransferError, TrapKind, ValidationError};
use scale_info::TypeInfo;
use sp_runtime::AccountId32;

use crate::metering::Meter;
use crate::{CallOutcome, Config, Error, StorageDeposit};

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
    /// Too slow to compile for its size (`CodeLimits::max_compile_cost_per_kib`).
    CompileCostTooHigh,
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
            V::CompileCostTooHigh { .. } => Self::CompileCostTooHigh,
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
    /// a missing entry point, a write during a query, another ABI's entry
    /// point, ink! flags or arguments that do not decode, a denied reentry.
    AbiViolation,
    /// An ink! contract instantiated a contract where one exists.
    DuplicateContract,
    /// An ink! contract's delegate dependency was refused.
    DelegateDependencyRefused,
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
                | HostTrap::EmptyStorageKey
                | HostTrap::InputAlreadyRead
                | HostTrap::InvalidFlags
                | HostTrap::DecodingFailed
                | HostTrap::ReentranceDenied
                | HostTrap::TerminatedWhileReentrant,
            ) => Self::AbiViolation,
            TrapKind::Host(HostTrap::DuplicateContract) => Self::DuplicateContract,
            TrapKind::Host(HostTrap::DelegateDependencyRefused) => Self::DelegateDependencyRefused,
            TrapKind::Host(
                HostTrap::StorageKeyTooLarge
                | HostTrap::StorageValueTooLarge
                | HostTrap::TooManyTopics
                | HostTrap::EventDataTooLarge
                | HostTrap::ReturnDataTooLarge
                | HostTrap::InputTooLarge
                | HostTrap::DebugMessageTooLarge
                | HostTrap::RegionTooLarge
                | HostTrap::TooManyEvents
                | HostTrap::EventsTooLarge
                | HostTrap::TooManyAttributes
                | HostTrap::DebugOutputTooLarge
                | HostTrap::TooManyEffects
                | HostTrap::TooManyCalls
                | HostTrap::OutputBufferTooSmall
                | HostTrap::MaxCallDepth,
            ) => Self::HostLimitExceeded,
        }
    }
}

/// An outcome for `contract` before anything ran.
pub(crate) fn empty_outcome(contract: AccountId32) -> CallOutcome {
    CallOutcome {
        result: Ok(()),
        contract,
        gas_consumed: Weight::zero(),
        gas_required: Weight::zero(),
        storage_deposit: StorageDeposit::default(),
        status: None,
        return_data: Vec::new(),
        events: Vec::new(),
        wasm_events: Vec::new(),
        debug: Vec::new(),
    }
}

/// Runs `body` in a storage transaction, metered by `meter`, then settles
/// the storage deposits it counted; all is kept only if both succeed.
pub(crate) fn transactional<T: Config>(
    contract: AccountId32,
    mut meter: Meter<T>,
    body: impl FnOnce(&mut CallOutcome, &mut Meter<T>) -> DispatchResult,
) -> CallOutcome {
    let mut outcome = empty_outcome(contract);
    outcome.result = with_transaction(|| {
        let result = body(&mut outcome, &mut meter).and_then(|()| meter.deposits.settle());
        match result {
            Ok(deposit) => {
                outcome.storage_deposit = deposit;
                TransactionOutcome::Commit(Ok(()))
            }
            Err(error) => TransactionOutcome::Rollback(Err(error)),
        }
    });
    outcome
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
