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

use wasmtime::{AsContextMut, Store, StoreContextMut, StoreLimitsBuilder, Val};

use crate::abi::table::MEMORY;
use crate::compile_cost;
use crate::context::{
    using_host, with_host, ContractAbi, FrameContext, FrameResult, Linked, Meter, State,
};
use crate::exports::ContractInstance;
use crate::fault::{classify, fatal, internal, status_of, ExecError, HostFault};
use crate::gas;
use crate::host::{Address, Balance, CodeHash, ContractCode, Host, LifecycleError};
use crate::instrument::STACK_HEIGHT_EXPORT;
use crate::output::{self, OutputMeter};
use crate::runtime::Runtime;
use crate::validation::ModuleInfo;
use crate::validation::Origin;
use crate::{BlockContext, EntryPoint, Error, HostTrap, Outcome, Status, TrapKind};

/// Stack-height units (8 bytes each) one host re-entry into wasm costs: the
/// native frames of the import, the VM and Wasmtime's trampolines between
/// the wasm frame that called the host and the one the host calls. Measured
/// at under 2 KiB per re-entry in release builds and under 20 KiB in debug
/// builds; 32 KiB keeps a margin, and bounds re-entries to
/// `max_stack_height / HOST_FRAME_COST` (16 by default).
pub const HOST_FRAME_COST: i32 = 4096;

/// A top-level call into a native or ink! contract.
#[derive(Clone, Debug)]
pub struct CallRequest<'a> {
    /// The entry point to run.
    pub entry: EntryPoint,
    /// The contract's address (the host resolves its code).
    pub contract: Address,
    /// Who calls it.
    pub caller: Address,
    /// Value moved from `caller` to `contract` before the code runs.
    pub value: Balance,
    /// The input handed to the entry point.
    pub input: &'a [u8],
    /// Fuel the call may consume, host-function charges included.
    pub gas_limit: u64,
    /// Block number and time.
    pub block: BlockContext,
    /// Keep `debug_log` messages in the outcome (dry runs and tools; a
    /// transaction does not). Debug output is counted and charged either way.
    pub collect_debug: bool,
}

/// Runs a top-level `request` of an ABI whose entries are an entry point
/// and an input (native, ink!), its frames sharing `context`.
pub(crate) fn execute_call<A>(
    vm: &Arc<Runtime>,
    host: &mut dyn Host,
    request: CallRequest<'_>,
    context: A::Context,
) -> Result<Outcome, ExecError>
where
    A: for<'a> ContractAbi<Entry<'a> = (EntryPoint, &'a [u8])>,
{
    let frame = FrameContext::<A>::top_level(
        request.contract,
        request.caller,
        request.value,
        request.block,
        false,
        context,
    );
    let top = TopLevel {
        input_len: request.input.len(),
        gas_limit: request.gas_limit,
        collect_debug: request.collect_debug,
    };
    let entry = (request.entry, request.input);
    let result = run_top_level(vm, host, frame, entry, top)?;
    Ok(Outcome {
        status: result.status,
        gas_used: result.gas_used,
        return_data: result.return_data,
        events: result.events,
        debug: result.debug,
    })
}

/// What a top-level request asks besides its frame.
pub(crate) struct TopLevel {
    /// The length of its input (message), checked against `max_input_len`.
    pub input_len: usize,
    /// Fuel it may consume.
    pub gas_limit: u64,
    /// Whether its outcome keeps debug messages.
    pub collect_debug: bool,
}

/// Checks a top-level request's input length and gas limit, then runs its
/// frame with `host` and a fresh output meter published, in a slot.
pub(crate) fn run_top_level<A: ContractAbi>(
    vm: &Arc<Runtime>,
    host: &mut dyn Host,
    frame: FrameContext<A>,
    entry: A::Entry<'_>,
    top: TopLevel,
) -> Result<FrameResult<A>, ExecError> {
    let limits = &vm.limits;
    if top.input_len > limits.execution.max_input_len as usize {
        return Err(Error::InputTooLarge {
            len: u32::try_from(top.input_len).unwrap_or(u32::MAX),
            max: limits.execution.max_input_len,
        }
        .into());
    }
    if top.gas_limit == u64::MAX {
        return Err(Error::GasLimitTooLarge(top.gas_limit).into());
    }
    let mut output = OutputMeter::new(&limits.execution, top.collect_debug);
    let _slot = vm.slots.take();
    using_host(host, || {
        output.using(|| run_frame(vm, frame, entry, top.gas_limit))
    })
}

/// Runs one contract frame with a budget of `budget` fuel.
///
/// # Errors
///
/// The [`ExecError`] that ended it, with the fuel the frame had used.
fn run_frame<A: ContractAbi>(
    vm: &Arc<Runtime>,
    frame: FrameContext<A>,
    entry: A::Entry<'_>,
    budget: u64,
) -> Result<FrameResult<A>, ExecError> {
    let code = match frame.code {
        Some(delegated) => delegated,
        None => with_host(|host| host.contract_code(&frame.address))
            .map_err(fatal)?
            .ok_or(Error::ContractNotFound)?,
    };
    let compiled = vm.compiled(&code.hash, Origin::Stored, || {
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
        debug: Vec::new(),
        abi: A::FrameState::default(),
        store_limits,
        meter: Meter::default(),
    };
    let mut store = Store::new(&vm.engine, state);
    store.limiter(|state| &mut state.store_limits);
    let rate = gas::memory_rate(vm.semantics, compiled.info.usage.memory_pages);
    gas::start(&mut store, budget, rate).map_err(fatal)?;

    with_host(|host| host.start_transaction()).map_err(fatal)?;
    let code_len = code.len as usize;
    let linked = compiled.linked.as_ref();
    let mut status = run_entry(&mut store, &compiled.info, linked, code_len, entry);
    let exhausted = store.get_fuel().map_err(internal)? == 0;
    if exhausted && matches!(status, Ok(Status::Success | Status::Revert(_))) {
        status = Ok(Status::Trap(TrapKind::OutOfGas));
    }
    let keep = matches!(status, Ok(Status::Success));
    end_transaction(keep)?;
    let gas_used = gas::used(&mut store, budget);
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
        abi: A::finish(state.abi),
    })
}

/// Commits (`keep`) or rolls back the host transaction opened last.
fn end_transaction(keep: bool) -> Result<(), Error> {
    with_host(|host| match keep {
        true => host.commit_transaction(),
        false => host.rollback_transaction(),
    })
    .map_err(fatal)
}

/// Runs a child frame of the running one (a native or ink! `call`, a
/// CosmWasm smart query) with `budget` fuel: the one place a child's
/// context is decided.
pub(crate) fn run_child<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    callee: Address,
    value: Balance,
    read_only: bool,
    entry: A::Entry<'_>,
    budget: u64,
) -> Result<FrameResult<A>, ExecError> {
    run_nested(ctx, entry, budget, |parent| FrameContext {
        address: callee,
        caller: parent.address,
        value,
        read_only,
        code: None,
        ..parent.clone()
    })
}

/// Creates a contract running `code` for the running frame's contract at
/// the address the host derives with `salt`, and runs `entry` (its
/// constructor) there with `value` moved to it first and `budget` fuel: an
/// instantiation. The creation is kept only if the constructor succeeds.
///
/// # Errors
///
/// The host's refusal to create the contract (nothing ran), inside; the
/// [`ExecError`] that ended the constructor's frame, outside.
pub(crate) fn run_instantiate<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    code: &CodeHash,
    salt: &[u8],
    value: Balance,
    entry: A::Entry<'_>,
    budget: u64,
) -> Result<Result<(Address, FrameResult<A>), LifecycleError>, ExecError> {
    let deployer = ctx.as_context_mut().data().frame.address;
    with_host(|host| host.start_transaction()).map_err(fatal)?;
    let created = with_host(|host| host.instantiate(&deployer, code, salt)).map_err(fatal)?;
    let result = match created {
        Ok(address) => {
            run_child(ctx, address, value, false, entry, budget).map(|result| Ok((address, result)))
        }
        Err(refused) => Ok(Err(refused)),
    };
    let keep = matches!(&result, Ok(Ok((_, result))) if result.status == Status::Success);
    end_transaction(keep)?;
    result
}

/// Runs `code` in the running frame's contract, for its caller and with
/// its value (not moved again), with `budget` fuel: a delegate call. It
/// counts on the call stack as a frame of the contract.
pub(crate) fn run_delegate<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    code: ContractCode,
    entry: A::Entry<'_>,
    budget: u64,
) -> Result<FrameResult<A>, ExecError> {
    run_nested(ctx, entry, budget, |parent| FrameContext {
        code: Some(code),
        ..parent.clone()
    })
}

/// Runs a frame nested in the running one, with the context `nested`
/// makes from the running frame's, on top of its call stack and
/// [`HOST_FRAME_COST`] above its stack height.
fn run_nested<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    entry: A::Entry<'_>,
    budget: u64,
    nested: impl FnOnce(&FrameContext<A>) -> FrameContext<A>,
) -> Result<FrameResult<A>, ExecError> {
    let mut ctx = ctx.as_context_mut();
    let stack_height = stack_height(&mut ctx).saturating_add(HOST_FRAME_COST);
    let parent = &ctx.data().frame;
    let frame = nested(parent);
    let mut call_stack = parent.call_stack.clone();
    call_stack.push(frame.address);
    let frame = FrameContext {
        call_stack,
        stack_height,
        ..frame
    };
    let vm = ctx.data().vm.clone();
    run_frame(&vm, frame, entry, budget)
}

/// Calls back into the running instance from the host (CosmWasm's
/// `allocate`), with the stack height raised by [`HOST_FRAME_COST`] for the
/// native frames in between, and restored after.
pub(crate) fn reenter<A: ContractAbi, R>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    f: impl FnOnce(&mut StoreContextMut<'_, State<A>>) -> wasmtime::Result<R>,
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
pub(crate) fn transfer<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    from: &Address,
    to: &Address,
    value: Balance,
) -> Result<Result<(), crate::TransferError>, HostFault> {
    let mut ctx = ctx.as_context_mut();
    output::count_effect()?;
    let cost = ctx.data().vm.schedule.transfer.of(0);
    gas::consume(&mut ctx, cost)?;
    with_host(|host| host.transfer(from, to, value))
}

/// Charges the load (and, from version 6, the initial memory's pages
/// beyond the slot's resident part), moves the value, instantiates and runs
/// `entry`.
fn run_entry<A: ContractAbi>(
    store: &mut Store<State<A>>,
    info: &ModuleInfo,
    linked: &(dyn std::any::Any + Send + Sync),
    code_len: usize,
    entry: A::Entry<'_>,
) -> Result<Status, Error> {
    // Linked by another ABI's linker: the code speaks another ABI.
    let Some(linked) = linked.downcast_ref::<Linked<A>>() else {
        return Ok(Status::Trap(TrapKind::Host(HostTrap::AbiMismatch)));
    };
    let vm = &store.data().vm;
    let load_cost = vm
        .schedule
        .instantiate
        .of(compile_cost::load_len(
            code_len,
            info.usage.instantiated_elements,
            vm.semantics,
        ))
        .saturating_add(gas::unkept_pages_fuel(
            vm.semantics,
            0,
            info.usage.memory_pages,
        ));
    if gas::consume(store, load_cost).is_err() {
        return Ok(Status::Trap(TrapKind::OutOfGas));
    }
    let FrameContext {
        caller,
        address,
        value,
        stack_height,
        code,
        ..
    } = store.data().frame.clone();
    if value > 0 && code.is_none() {
        match transfer(store, &caller, &address, value) {
            Ok(moved) => moved?,
            Err(fault) => return status_of(fault),
        }
    }

    let instance = match linked.pre.instantiate(&mut *store) {
        Ok(instance) => ContractInstance {
            instance,
            exports: &linked.exports,
        },
        Err(e) => return classify(e),
    };
    let memory = instance.get_memory(&mut *store, MEMORY);
    let height = instance.get_global(&mut *store, STACK_HEIGHT_EXPORT);
    if let Some(height) = height {
        height
            .set(&mut *store, Val::I32(stack_height))
            .map_err(internal)?;
    }
    store.data_mut().memory = memory;
    store.data_mut().stack_height = height;
    A::run_entry(store, info, &instance, entry)
}

/// The running frame's stack height: where a frame it opens starts.
pub(crate) fn stack_height<A: ContractAbi>(ctx: &mut impl AsContextMut<Data = State<A>>) -> i32 {
    let mut ctx = ctx.as_context_mut();
    match ctx.data().stack_height {
        Some(global) => global.get(&mut ctx).i32().unwrap_or(0),
        None => ctx.data().frame.stack_height,
    }
}

fn set_stack_height<A: ContractAbi>(
    ctx: &mut StoreContextMut<'_, State<A>>,
    height: i32,
) -> wasmtime::Result<()> {
    match ctx.data().stack_height {
        Some(global) => global.set(ctx, Val::I32(height)),
        None => Ok(()),
    }
}
