//! Execution: the call stack, fuel accounting and storage transactions.
//!
//! # Design
//!
//! Every contract frame (the top-level call and each nested `call`) runs in a
//! [`Store`] of its own, created for the frame and dropped when it returns.
//! A callee's instance and linear memory are therefore freed as soon as the
//! callee returns, and a contract calling others in a loop cannot pile up
//! instances. Frames are linked only by what passes between them: the callee's
//! [`FrameContext`] going in, a [`FrameResult`] coming out.
//!
//! The chain is reached through the [`Host`] published with `environmental`
//! for the duration of [`Vm::execute`]; host functions borrow it one call at a
//! time and no pointer to it is ever stored.
//!
//! ## Fuel
//!
//! A frame with a budget of `b` fuel runs in a store holding `b + 1`. Wasmtime
//! checks fuel only at function entries and loop headers, so straight-line
//! code can run past zero and Wasmtime then reports 0 left; the extra unit
//! makes "exactly `b` consumed" (1 left) distinguishable from "more than `b`"
//! (0 left), so a frame is out of gas exactly when it consumed more than its
//! budget, wherever that happened. Host functions charge by lowering the
//! store's fuel, refusing (with [`TrapKind::OutOfGas`]) any charge that would
//! reach the reserved unit.
//!
//! ## State changes
//!
//! Each frame opens a host transaction before it moves value or runs code and
//! commits it only if the entry point returned `0`. Events are buffered in the
//! frame and handed to the caller only on success, so they roll back with
//! storage.

use std::sync::Arc;

use wasmtime::{
    AsContextMut, Engine, Global, Instance, Linker, Memory, Store, StoreLimits, StoreLimitsBuilder,
    Val,
};

use crate::abi::{self, Abi};
use crate::cache::{CacheStats, CompiledContract, ModuleCache};
use crate::host::{Address, Balance, CodeHash, Host};
use crate::instrument::{self, STACK_HEIGHT_EXPORT};
use crate::validation::{self, ModuleInfo};
use crate::Limits;
use crate::Schedule;
use crate::{engine, native};
use crate::{Error, ValidationError};
use crate::{Event, HostTrap, Outcome, Status, TrapKind};

environmental::environmental!(current_host: trait Host);

/// Runs `f` with the host of the current execution.
pub(crate) fn with_host<R>(f: impl FnOnce(&mut dyn Host) -> R) -> Result<R, HostFault> {
    current_host::with(|host| f(host))
        .ok_or_else(|| HostFault::Fatal(Error::Internal("no host in scope".into())))
}

/// Which entry point to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryPoint {
    /// `deploy`, run once when a contract is instantiated (success if not exported).
    Deploy,
    /// `execute`, run by every call.
    Execute,
}

impl EntryPoint {
    fn export_name(self) -> &'static str {
        match self {
            EntryPoint::Deploy => abi::DEPLOY,
            EntryPoint::Execute => abi::EXECUTE,
        }
    }
}

/// The block a call executes in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BlockContext {
    /// Block number.
    pub number: u64,
    /// Block time, milliseconds since the Unix epoch.
    pub timestamp: u64,
}

/// A top-level call into a contract.
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
}

/// Default capacity of the module cache: 256 MiB of compiled code.
pub const DEFAULT_CACHE_BYTES: usize = 256 * 1024 * 1024;

/// The contract VM: a deterministic engine, its limits and fuel schedule, and
/// a cache of compiled contracts.
///
/// Cheap to clone and `Send + Sync`: a node keeps one and shares it between
/// threads, so every runtime instance uses the same cache.
#[derive(Clone)]
pub struct Vm {
    inner: Arc<VmInner>,
}

/// What every frame shares.
pub(crate) struct VmInner {
    engine: Engine,
    linker: Linker<State>,
    cache: ModuleCache,
    pub limits: Limits,
    pub schedule: Schedule,
}

impl Vm {
    /// A VM with the given limits and schedule and a cache of `cache_bytes`.
    ///
    /// # Errors
    ///
    /// [`Error::Internal`] if the engine or the host functions cannot be set up.
    pub fn new(limits: Limits, schedule: Schedule, cache_bytes: usize) -> Result<Self, Error> {
        let engine = engine::new_engine()?;
        let linker = native::linker(&engine)?;
        let cache = ModuleCache::new(cache_bytes);
        Ok(Self {
            inner: Arc::new(VmInner {
                engine,
                linker,
                cache,
                limits,
                schedule,
            }),
        })
    }

    /// The limits this VM enforces.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// The fuel schedule of host functions.
    pub fn schedule(&self) -> &Schedule {
        &self.inner.schedule
    }

    /// Validates `code` without compiling it.
    ///
    /// # Errors
    ///
    /// The [`ValidationError`] that rejects it.
    pub fn validate(&self, code: &[u8]) -> Result<ModuleInfo, ValidationError> {
        validation::validate(code, &self.inner.limits)
    }

    /// Validates and compiles `code` into the cache under `hash` (at upload).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] or [`Error::Compilation`].
    pub fn prepare(&self, hash: &CodeHash, code: &[u8]) -> Result<ModuleInfo, Error> {
        Ok(self.inner.compiled(hash, code)?.info.clone())
    }

    /// The module cache's counters.
    pub fn cache_stats(&self) -> CacheStats {
        self.inner.cache.stats()
    }

    /// Whether the compiled module for `hash` is in the cache.
    pub fn is_cached(&self, hash: &CodeHash) -> bool {
        self.inner.cache.contains(hash)
    }

    /// Empties the module cache (the next call of every contract compiles again).
    pub fn clear_cache(&self) {
        self.inner.cache.clear()
    }

    /// Runs `request` against `host`.
    ///
    /// State changes (storage, transfers) reach `host` inside a transaction
    /// that is committed only if the entry point returned `0`.
    ///
    /// # Errors
    ///
    /// An [`Error`] when the request could not be served at all: input too
    /// large, no contract at the address, invalid code, or the value transfer
    /// failed. A contract that reverts or traps is an `Ok` [`Outcome`].
    pub fn execute(&self, host: &mut dyn Host, request: CallRequest<'_>) -> Result<Outcome, Error> {
        let limits = &self.inner.limits;
        if request.input.len() > limits.max_input_len as usize {
            return Err(Error::InputTooLarge {
                len: u32::try_from(request.input.len()).unwrap_or(u32::MAX),
                max: limits.max_input_len,
            });
        }
        if request.gas_limit == u64::MAX {
            return Err(Error::GasLimitTooLarge(request.gas_limit));
        }
        let frame = FrameContext {
            address: request.contract,
            caller: request.caller,
            value: request.value,
            block: request.block,
            call_stack: vec![request.contract],
            stack_height: 0,
        };
        let result = current_host::using(host, || {
            run_frame(
                &self.inner,
                frame,
                request.entry,
                request.input,
                request.gas_limit,
            )
        })?;
        Ok(Outcome {
            status: result.status,
            gas_used: result.gas_used,
            return_data: result.return_data,
            events: result.events,
            debug: result.debug,
        })
    }
}

impl VmInner {
    /// The compiled contract for `code`, from the cache or compiled now.
    fn compiled(&self, hash: &CodeHash, code: &[u8]) -> Result<Arc<CompiledContract>, Error> {
        self.cache.get_or_compile(hash, || {
            let info = validation::validate(code, &self.limits)?;
            if info.abi != Abi::Native {
                return Err(ValidationError::UnsupportedAbi(info.abi).into());
            }
            let instrumented = instrument::limit_stack_height(
                code,
                &info.functions,
                self.limits.max_stack_height,
            )?;
            let module = wasmtime::Module::new(&self.engine, &instrumented)
                .map_err(|e| Error::Compilation(e.to_string()))?;
            let image = module.image_range();
            let weight = code.len() + (image.end as usize).saturating_sub(image.start as usize);
            let instance_pre = self
                .linker
                .instantiate_pre(&module)
                .map_err(|e| Error::Compilation(e.to_string()))?;
            Ok(CompiledContract {
                info,
                instance_pre,
                weight,
            })
        })
    }
}

/// Who and where a frame runs.
#[derive(Clone, Debug)]
pub(crate) struct FrameContext {
    pub address: Address,
    pub caller: Address,
    pub value: Balance,
    pub block: BlockContext,
    /// Addresses of every frame from the top-level call to this one (inclusive).
    pub call_stack: Vec<Address>,
    /// The caller's stack height when it called: where this frame's starts.
    pub stack_height: i32,
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
    pub debug: Vec<String>,
    store_limits: StoreLimits,
}

/// What a frame hands back to its caller.
pub(crate) struct FrameResult {
    pub status: Status,
    pub gas_used: u64,
    pub return_data: Vec<u8>,
    pub events: Vec<Event>,
    pub debug: Vec<String>,
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
pub(crate) fn run_frame(
    vm: &Arc<VmInner>,
    frame: FrameContext,
    entry: EntryPoint,
    input: &[u8],
    budget: u64,
) -> Result<FrameResult, Error> {
    let code = with_host(|host| host.contract_code(&frame.address))
        .map_err(fatal)?
        .ok_or(Error::ContractNotFound)?;
    let compiled = vm.compiled(&code.hash, &code.code)?;

    let store_limits = StoreLimitsBuilder::new()
        .memory_size(vm.limits.max_memory_bytes())
        .table_elements(vm.limits.max_table_elements as usize)
        .instances(1)
        .memories(1)
        .tables(vm.limits.max_tables as usize)
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
        store_limits,
    };
    let mut store = Store::new(&vm.engine, state);
    store.limiter(|state| &mut state.store_limits);
    store.set_fuel(budget + 1).map_err(internal)?;

    with_host(|host| host.start_transaction()).map_err(fatal)?;
    let mut status = run_entry(&mut store, &compiled, code.code.len(), entry, input);
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
    let status = status?;

    let state = store.into_data();
    let trapped = matches!(status, Status::Trap(_));
    Ok(FrameResult {
        status,
        gas_used: (budget + 1 - left).min(budget),
        return_data: if trapped {
            Vec::new()
        } else {
            state.return_data
        },
        events: if keep { state.events } else { Vec::new() },
        debug: state.debug,
    })
}

/// Charges the load, moves the value, instantiates, passes the input and runs `entry`.
fn run_entry(
    store: &mut Store<State>,
    compiled: &CompiledContract,
    code_len: usize,
    entry: EntryPoint,
    input: &[u8],
) -> Result<Status, Error> {
    let schedule = &store.data().vm.schedule;
    let (load_cost, transfer_cost, input_cost) = (
        schedule.instantiate.of(code_len),
        schedule.transfer.of(0),
        schedule.input.of(input.len()),
    );
    if charge(store, load_cost).is_err() {
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
        if charge(store, transfer_cost).is_err() {
            return Ok(Status::Trap(TrapKind::OutOfGas));
        }
        with_host(|host| host.transfer(&caller, &address, value)).map_err(fatal)??;
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

    if entry == EntryPoint::Deploy && !compiled.info.exports_function(abi::DEPLOY) {
        return Ok(Status::Success);
    }
    let run = instance
        .get_typed_func::<(i32, i32), i32>(&mut *store, entry.export_name())
        .map_err(|e| Error::Internal(format!("entry point: {e}")))?;
    let (ptr, len) = match pass_input(store, &instance, input, input_cost) {
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
    if charge(store, cost).is_err() {
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

/// Fuel left to the running frame (excluding the reserved unit).
pub(crate) fn gas_left(ctx: &mut impl AsContextMut) -> u64 {
    ctx.as_context_mut()
        .get_fuel()
        .unwrap_or(0)
        .saturating_sub(1)
}

/// Takes `fuel` from the running frame, or all of it and [`TrapKind::OutOfGas`].
pub(crate) fn charge(ctx: &mut impl AsContextMut, fuel: u64) -> Result<(), HostFault> {
    let mut ctx = ctx.as_context_mut();
    let left = ctx.get_fuel().unwrap_or(0);
    let (remaining, result) = match left.checked_sub(fuel) {
        Some(remaining) if remaining >= 1 => (remaining, Ok(())),
        _ => (0, Err(HostFault::Trap(TrapKind::OutOfGas))),
    };
    ctx.set_fuel(remaining)
        .map_err(|e| HostFault::Fatal(internal(e)))?;
    result
}

/// Turns an error out of Wasmtime into the frame's status.
fn classify(error: wasmtime::Error) -> Result<Status, Error> {
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
        // Only reachable if the instrumented limit failed to trip first.
        wasmtime::Trap::StackOverflow => TrapKind::StackExhausted,
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

fn internal(error: wasmtime::Error) -> Error {
    Error::Internal(error.to_string())
}

fn fatal(fault: HostFault) -> Error {
    match fault {
        HostFault::Fatal(error) => error,
        HostFault::Trap(kind) => Error::Internal(format!("unexpected trap outside wasm: {kind}")),
    }
}
