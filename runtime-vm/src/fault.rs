//! How an execution fails: a host function's fault, Wasmtime's traps as
//! frame statuses, and the error a request ends with.

use crate::{Error, HostTrap, Status, TrapKind};

/// Why a host function stopped the contract.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HostFault {
    /// The contract did something the host refuses: it traps.
    #[error("{0}")]
    Trap(TrapKind),
    /// The contract ended its frame through an import (ink!'s
    /// `seal_return`, `terminate`) with this status: the frame returns as
    /// if its entry point had.
    #[error("the contract returned through an import")]
    Exit(Status),
    /// The VM itself failed: the whole execution ends with this error.
    #[error("{0}")]
    Fatal(Error),
}

impl From<HostTrap> for HostFault {
    fn from(trap: HostTrap) -> Self {
        HostFault::Trap(TrapKind::Host(trap))
    }
}

/// Why an execution could not be served, or was abandoned, with the fuel it
/// had consumed by then (so nothing is refunded for work done).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{error} (after {gas_used} fuel)")]
pub struct ExecError {
    /// What went wrong.
    pub error: Error,
    /// Fuel consumed before it did.
    pub gas_used: u64,
}

impl From<Error> for ExecError {
    /// An error before any fuel was consumed.
    fn from(error: Error) -> Self {
        Self { error, gas_used: 0 }
    }
}

/// Turns an error out of Wasmtime into the frame's status.
pub(crate) fn classify(error: wasmtime::Error) -> Result<Status, Error> {
    if let Some(fault) = error.downcast_ref::<HostFault>() {
        return match fault {
            HostFault::Trap(kind) => Ok(Status::Trap(*kind)),
            HostFault::Exit(status) => Ok(*status),
            HostFault::Fatal(error) => Err(error.clone()),
        };
    }
    let Some(trap) = error.downcast_ref::<wasmtime::Trap>() else {
        return Err(internal(error));
    };
    let kind = match trap {
        wasmtime::Trap::OutOfFuel => TrapKind::OutOfGas,
        // The instrumented limit trips first for every contract; the native
        // one depends on the node's binary and thread, so it is no result.
        wasmtime::Trap::StackOverflow => return Err(Error::NativeStackOverflow),
        wasmtime::Trap::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        wasmtime::Trap::UnreachableCodeReached => TrapKind::Unreachable,
        wasmtime::Trap::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        wasmtime::Trap::IntegerOverflow => TrapKind::IntegerOverflow,
        wasmtime::Trap::BadConversionToInteger => TrapKind::BadConversionToInteger,
        wasmtime::Trap::TableOutOfBounds => TrapKind::TableOutOfBounds,
        wasmtime::Trap::IndirectCallToNull => TrapKind::IndirectCallToNull,
        wasmtime::Trap::BadSignature => TrapKind::IndirectCallTypeMismatch,
        other => return Err(Error::Internal(format!("unexpected trap: {other}"))),
    };
    Ok(Status::Trap(kind))
}

/// A Wasmtime failure no contract can cause, as a VM error.
pub(crate) fn internal(error: wasmtime::Error) -> Error {
    Error::Internal(error.to_string())
}

/// A host fault outside wasm, as a VM error.
pub(crate) fn fatal(fault: HostFault) -> Error {
    match fault {
        HostFault::Fatal(error) => error,
        HostFault::Trap(kind) => Error::Internal(format!("unexpected trap outside wasm: {kind}")),
        HostFault::Exit(status) => {
            Error::Internal(format!("unexpected return outside wasm: {status:?}"))
        }
    }
}

/// A host fault met where a frame ends, as its status: a trap is the
/// frame's, anything else the execution's error.
pub(crate) fn status_of(fault: HostFault) -> Result<Status, Error> {
    match fault {
        HostFault::Trap(kind) => Ok(Status::Trap(kind)),
        HostFault::Exit(status) => Ok(status),
        HostFault::Fatal(error) => Err(error),
    }
}
