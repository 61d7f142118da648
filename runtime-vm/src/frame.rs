//! Frames: the call stack, state changes, and every way the host enters wasm.
//!
//! # Design
//!
//! Every contract frame (the top-level call, each nested `call` and each
//! CosmWasm smart query) runs in a [`Store`] of its own, created for the frame
//! and dropped when it returns. A callee's instance and linear memory are
//! therefore freed as soon as the callee returns, and a contract calling
//! others in a loop cannot pile up instances. Frames are linked only by what
//! passes between them: the callee's [`FrameContext`] going in (built in one
//! place, [`run_child`]), a [`FrameResult`] coming out.
//!
//! ## State changes
//!
//! Each frame opens a host transaction before it moves value or runs code and
//! commits it only if the entry point returned `0`. Events are buffered in the
//! frame and handed to the caller only on success, so they roll back with
//! storage.
//!
//! ## The stack
//!
//! Stack depth is bounded by the instrumented stack-height counter alone,
//! identically on every machine: a callee starts at its caller's height, and
//! whenever the host enters wasm again from inside an import (a child frame,
//! CosmWasm's `allocate` called to hand data back) the counter is raised by
//! [`HOST_FRAME_COST`] for the native frames in between. Wasmtime's native
//! limit is only the safety net behind it: if it ever trips, the execution
//! ends with [`Error::NativeStackOverflow`], a node error, never a result a
//! contract could observe.

use std::sync::Arc;

use wasmtime::{
    AsContextMut, Global, Instance, Memory, Store, StoreContextMut, StoreLimits,
    StoreLimitsBuilder, Val,
};

use crate::abi::{self, Abi};
use crate::cache::CompiledContract;
use crate::cosmwasm::{self, CwContext};
use crate::gas;
use crate::host::{Address, Balance};
use crate::instrument::STACK_HEIGHT_EXPORT;
use crate::output;
use crate::vm::{with_host, ExecError, VmInner};
use crate::{
    BlockContext, CwEntry, CwStatus, EntryPoint, Error, Event, HostTrap, Status, TrapKind,
};

/// Stack-height units (8 bytes each) one host re-entry into wasm costs: the
/// native frames of the import, the VM and Wasmtime's trampolines between
/// the wasm frame that called the host and the one the host calls. Measured
/// at under 2 KiB per re-entry in release builds and under 20 KiB in debug
/// builds; 32 KiB keeps a margin, and bounds re-entries to
/// `max_stack_height / HOST_FRAME_COST` (16 by default).
pub const HOST_FRAME_COST: i32 = 4096;

/// Who and where a frame runs.
#[derive(Clone, Debug)]
pub(crate) struct FrameContext {
    pub address: Address,
    pub caller: Address,
    pub value: Balance,
    pub block: BlockContext,
    /// Addresses of every frame from the top-level call to this one (inclusive).
    pub call_stack: Vec<Address>,
    /// The stack height this frame starts at.
    pub stack_height: i32,
    /// A query: storage writes trap.
    pub read_only: bool,
    /// What a CosmWasm frame needs to build `Env` and `MessageInfo`.
    pub cosmwasm: Option<Arc<CwContext>>,
}

/// What a frame runs: a native entry point with its input, or a CosmWasm one.
#[derive(Clone, Copy)]
pub(crate) enum FrameEntry<'a> {
    /// A native entry point and its input.
    Native(EntryPoint, &'a [u8]),
    /// A CosmWasm entry point and its message.
    CosmWasm(&'a CwEntry),
}

/// The data of a frame's [`Store`].
pub(crate) struct State {
    pub vm: Arc<VmInner>,
    pub frame: FrameContext,
    pub memory: Option<Memory>,
    /// The instrumentation's stack-height global of this frame's instance.
    pub stack_height: Option<Global>,
    /// Set by `set_return`.
    pub return_data: Vec<u8>,
    /// Emitted by this frame and by callees that succeeded.
    pub events: Vec<Event>,
    /// The return data of the last `call`.
    pub last_call_output: Vec<u8>,
    /// Debug messages of this frame and its callees, if the execution collects them.
    pub debug: Vec<String>,
    /// CosmWasm's per-frame state: iterators, the entry point's result.
    pub cosmwasm: cosmwasm::FrameState,
    store_limits: StoreLimits,
}

/// What a frame hands back to its caller.
pub(crate) struct FrameResult {
    pub status: Status,
    pub gas_used: u64,
    pub return_data: Vec<u8>,
    pub events: Vec<Event>,
    pub debug: Vec<String>,
    /// What a CosmWasm entry point returned (`None` if it never returned).
    pub cosmwasm: Option<CwStatus>,
}

impl FrameResult {
    /// The frame's end as CosmWasm reports it: a trap wins over what the entry point returned.
    pub fn cosmwasm_status(&self) -> CwStatus {
        match (self.status, &self.cosmwasm) {
            (Status::Trap(kind), _) => CwStatus::Trap(kind),
            (_, Some(status)) => status.clone(),
            (_, None) => CwStatus::Trap(TrapKind::Host(HostTrap::InvalidResult)),
        }
    }
}

/// Why a host function stopped the contract.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HostFault {
    /// The contract did something the host refuses: it traps.
    #[error("{0}")]
    Trap(TrapKind),
    /// The VM itself failed: the whole execution ends with this error.
    #[error("{0}")]
    Fatal(Error),
}

impl From<HostTrap> for HostFault {
    fn from(trap: HostTrap) -> Self {
        HostFault::Trap(TrapKind::Host(trap))
    }
}

/// Runs one contract frame with a budget of `budget` fuel.
///
/// # Errors
///
/// The [`ExecError`] that ended it, with the fuel the frame had used.
pub(crate) fn run_frame(
    vm: &Arc<VmInner>,
    frame: FrameContext,
    entry: FrameEntry<'_>,
    budget: u64,
) -> Result<FrameResult, ExecError> {
    let code = with_host(|host| host.contract_code(&frame.address))
        .map_err(fatal)?
        .ok_or(Error::ContractNotFound)?;
    let compiled = vm.compiled(&code.hash, || {
        with_host(|host| host.code(&code.hash))
            .map_err(fatal)?
            .ok_or_else(|| Error::Internal("the host has a contract but not its code".into()))
    })?;

    let store_limits = StoreLimitsBuilder::new()
        .memory_size(vm.limits.execution.max_memory_bytes())
        .table_elements(vm.limits.code.max_table_elements as usize)
        .instances(1)
        .memories(1)
        .tables(vm.limits.code.max_tables as usize)
        .build();
    let state = State {
        vm: vm.clone(),
        frame,
        memory: None,
        stack_height: None,
        return_data: Vec::new(),
        events: Vec::new(),
        last_call_output: Vec::new(),
        debug: Vec::new(),
        cosmwasm: cosmwasm::FrameState::default(),
        store_limits,
    };
    let mut store = Store::new(&vm.engine, state);
    store.limiter(|state| &mut state.store_limits);
    store.set_fuel(budget + 1).map_err(internal)?;

    with_host(|host| host.start_transaction()).map_err(fatal)?;
    let mut status = run_entry(&mut store, &compiled, code.len as usize, entry);
    let left = store.get_fuel().map_err(internal)?;
    if left == 0 && matches!(status, Ok(Status::Success | Status::Revert(_))) {
        status = Ok(Status::Trap(TrapKind::OutOfGas));
    }
    let keep = matches!(status, Ok(Status::Success));
    with_host(|host| {
        if keep {
            host.commit_transaction()
        } else {
            host.rollback_transaction()
        }
    })
    .map_err(fatal)?;
    let gas_used = (budget + 1 - left).min(budget);
    let status = status.map_err(|error| ExecError { error, gas_used })?;

    let state = store.into_data();
    let trapped = matches!(status, Status::Trap(_));
    Ok(FrameResult {
        status,
        gas_used,
        return_data: if trapped {
            Vec::new()
        } else {
            state.return_data
        },
        events: if keep { state.events } else { Vec::new() },
        debug: state.debug,
        cosmwasm: state.cosmwasm.result,
    })
}

/// Runs a child frame of the running one (a native `call`, a CosmWasm smart
/// query) with `budget` fuel: the one place a child's context is decided.
/// It starts [`HOST_FRAME_COST`] above its caller's stack height.
pub(crate) fn run_child(
    ctx: &mut impl AsContextMut<Data = State>,
    callee: Address,
    value: Balance,
    read_only: bool,
    entry: FrameEntry<'_>,
    budget: u64,
) -> Result<FrameResult, ExecError> {
    let mut ctx = ctx.as_context_mut();
    let stack_height = stack_height(&mut ctx).saturating_add(HOST_FRAME_COST);
    let parent = &ctx.data().frame;
    let mut call_stack = parent.call_stack.clone();
    call_stack.push(callee);
    let child = FrameContext {
        address: callee,
        caller: parent.address,
        value,
        block: parent.block,
        call_stack,
        stack_height,
        read_only,
        cosmwasm: parent.cosmwasm.clone(),
    };
    let vm = ctx.data().vm.clone();
    run_frame(&vm, child, entry, budget)
}

/// Calls back into the running instance from the host (CosmWasm's
/// `allocate`), with the stack height raised by [`HOST_FRAME_COST`] for the
/// native frames in between, and restored after.
pub(crate) fn reenter<R>(
    ctx: &mut impl AsContextMut<Data = State>,
    f: impl FnOnce(&mut StoreContextMut<'_, State>) -> wasmtime::Result<R>,
) -> wasmtime::Result<R> {
    let mut ctx = ctx.as_context_mut();
    let height = stack_height(&mut ctx);
    set_stack_height(&mut ctx, height.saturating_add(HOST_FRAME_COST))?;
    let result = f(&mut ctx);
    set_stack_height(&mut ctx, height)?;
    result
}

/// Counts a value transfer, charges it and makes it; a refusal is the host's
/// [`TransferError`](crate::TransferError).
pub(crate) fn transfer(
    ctx: &mut impl AsContextMut<Data = State>,
    from: &Address,
    to: &Address,
    value: Balance,
) -> Result<Result<(), crate::TransferError>, HostFault> {
    let mut ctx = ctx.as_context_mut();
    output::count_transfer()?;
    let cost = ctx.data().vm.schedule.transfer.of(0);
    gas::consume(&mut ctx, cost)?;
    with_host(|host| host.transfer(from, to, value))
}

/// Charges the load, moves the value, instantiates and runs `entry`.
fn run_entry(
    store: &mut Store<State>,
    compiled: &CompiledContract,
    code_len: usize,
    entry: FrameEntry<'_>,
) -> Result<Status, Error> {
    let abi_matches = match entry {
        FrameEntry::Native(..) => compiled.info.abi == Abi::Native,
        FrameEntry::CosmWasm(_) => compiled.info.abi == Abi::CosmWasm,
    };
    if !abi_matches {
        return Ok(Status::Trap(TrapKind::Host(HostTrap::AbiMismatch)));
    }
    let load_cost = store.data().vm.schedule.instantiate.of(code_len);
    if gas::consume(store, load_cost).is_err() {
        return Ok(Status::Trap(TrapKind::OutOfGas));
    }
    let FrameContext {
        caller,
        address,
        value,
        stack_height,
        ..
    } = store.data().frame.clone();
    if value > 0 {
        match transfer(store, &caller, &address, value) {
            Ok(moved) => moved?,
            Err(HostFault::Trap(kind)) => return Ok(Status::Trap(kind)),
            Err(HostFault::Fatal(error)) => return Err(error),
        }
    }

    let instance = match compiled.instance_pre.instantiate(&mut *store) {
        Ok(instance) => instance,
        Err(e) => return classify(e),
    };
    let memory = instance.get_memory(&mut *store, abi::MEMORY);
    let height = instance.get_global(&mut *store, STACK_HEIGHT_EXPORT);
    if let Some(height) = height {
        height
            .set(&mut *store, Val::I32(stack_height))
            .map_err(internal)?;
    }
    store.data_mut().memory = memory;
    store.data_mut().stack_height = height;

    match entry {
        FrameEntry::Native(point, input) => run_native(store, compiled, &instance, point, input),
        FrameEntry::CosmWasm(entry) => cosmwasm::run_entry(store, &instance, entry),
    }
}

/// Passes the input to a native entry point and runs it.
fn run_native(
    store: &mut Store<State>,
    compiled: &CompiledContract,
    instance: &Instance,
    entry: EntryPoint,
    input: &[u8],
) -> Result<Status, Error> {
    if entry == EntryPoint::Deploy && !compiled.info.exports_function(abi::DEPLOY) {
        return Ok(Status::Success);
    }
    let input_cost = store.data().vm.schedule.input.of(input.len());
    let run = instance
        .get_typed_func::<(i32, i32), i32>(&mut *store, abi::export_name(entry))
        .map_err(|e| Error::Internal(format!("entry point: {e}")))?;
    let (ptr, len) = match pass_input(store, instance, input, input_cost) {
        Ok(buffer) => buffer,
        Err(status) => return status,
    };
    match run.call(&mut *store, (ptr, len)) {
        Ok(0) => Ok(Status::Success),
        Ok(code) => Ok(Status::Revert(code)),
        Err(e) => classify(e),
    }
}

/// Copies `input` into a buffer from the contract's `alloc`; `(0, 0)` for no input.
fn pass_input(
    store: &mut Store<State>,
    instance: &Instance,
    input: &[u8],
    cost: u64,
) -> Result<(i32, i32), Result<Status, Error>> {
    if input.is_empty() {
        return Ok((0, 0));
    }
    let trap = |kind| Err(Ok(Status::Trap(kind)));
    if gas::consume(store, cost).is_err() {
        return trap(TrapKind::OutOfGas);
    }
    let Ok(alloc) = instance.get_typed_func::<i32, i32>(&mut *store, abi::ALLOC) else {
        return trap(TrapKind::Host(HostTrap::MissingAlloc));
    };
    // The input length is within `max_input_len`, far below `i32::MAX`.
    let len = input.len() as i32;
    let ptr = alloc.call(&mut *store, len).map_err(classify)?;
    let Some(memory) = store.data().memory else {
        return Err(Err(Error::Internal("contract has no memory".into())));
    };
    match crate::memory::write(memory.data_mut(&mut *store), ptr, input) {
        Ok(()) => Ok((ptr, len)),
        Err(_) => trap(TrapKind::Host(HostTrap::InvalidAlloc)),
    }
}

/// The running frame's stack height: where a frame it opens starts.
pub(crate) fn stack_height(ctx: &mut impl AsContextMut<Data = State>) -> i32 {
    let mut ctx = ctx.as_context_mut();
    match ctx.data().stack_height {
        Some(global) => global.get(&mut ctx).i32().unwrap_or(0),
        None => ctx.data().frame.stack_height,
    }
}

fn set_stack_height(ctx: &mut StoreContextMut<'_, State>, height: i32) -> wasmtime::Result<()> {
    match ctx.data().stack_height {
        Some(global) => global.set(ctx, Val::I32(height)),
        None => Ok(()),
    }
}

/// Turns an error out of Wasmtime into the frame's status.
pub(crate) fn classify(error: wasmtime::Error) -> Result<Status, Error> {
    if let Some(fault) = error.downcast_ref::<HostFault>() {
        return match fault {
            HostFault::Trap(kind) => Ok(Status::Trap(*kind)),
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
    }
}
