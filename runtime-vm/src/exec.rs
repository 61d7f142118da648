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
use crate::cosmwasm::{self, CwContext, CwRequest};
use crate::host::{Address, Balance, CodeHash, Host};
use crate::instrument::{self, STACK_HEIGHT_EXPORT};
use crate::validation::{self, ModuleInfo};
use crate::Limits;
use crate::Schedule;
use crate::{engine, native};
use crate::{CwEntry, CwOutcome, CwStatus};
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
    pub(crate) fn export_name(self) -> &'static str {
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
    native_linker: Linker<State>,
    cosmwasm_linker: Linker<State>,
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
        let native_linker = native::linker(&engine)?;
        let cosmwasm_linker = cosmwasm::linker(&engine)?;
        let cache = ModuleCache::new(cache_bytes);
        Ok(Self {
            inner: Arc::new(VmInner {
                engine,
                native_linker,
                cosmwasm_linker,
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
        let frame = FrameContext {
            address: request.contract,
            caller: request.caller,
            value: request.value,
            block: request.block,
            call_stack: vec![request.contract],
            stack_height: 0,
            read_only: false,
            cosmwasm: None,
        };
        let entry = FrameEntry::Native(request.entry, request.input);
        let result =
            self.run_top_level(host, frame, entry, request.input.len(), request.gas_limit)?;
        Ok(Outcome {
            status: result.status,
            gas_used: result.gas_used,
            return_data: result.return_data,
            events: result.events,
            debug: result.debug,
        })
    }

    /// Runs a CosmWasm entry point against `host`.
    ///
    /// Storage changes reach `host` inside a transaction committed only if
    /// the entry point returned `Ok`. The messages of its `Response` are
    /// returned, not run: the chain dispatches them (and calls `reply`).
    ///
    /// # Errors
    ///
    /// As [`Vm::execute`]: the request could not be served at all.
    pub fn execute_cosmwasm(
        &self,
        host: &mut dyn Host,
        request: CwRequest<'_>,
    ) -> Result<CwOutcome, Error> {
        let input_len = match &request.entry {
            CwEntry::Reply(_) => 0,
            CwEntry::Instantiate(msg)
            | CwEntry::Execute(msg)
            | CwEntry::Migrate(msg)
            | CwEntry::Sudo(msg)
            | CwEntry::Query(msg) => msg.len(),
        };
        let frame = FrameContext {
            address: request.contract,
            caller: request.sender,
            value: request.funds,
            block: request.block,
            call_stack: vec![request.contract],
            stack_height: 0,
            read_only: matches!(request.entry, CwEntry::Query(_)),
            cosmwasm: Some(Arc::new(CwContext {
                chain: request.chain.clone(),
                transaction_index: request.transaction_index,
            })),
        };
        let entry = FrameEntry::CosmWasm(&request.entry);
        let result = self.run_top_level(host, frame, entry, input_len, request.gas_limit)?;
        Ok(CwOutcome {
            status: result.cosmwasm_status(),
            gas_used: result.gas_used,
            debug: result.debug,
        })
    }
}

impl Vm {
    /// Checks a top-level request's input length and gas limit, then runs its frame on `host`.
    fn run_top_level(
        &self,
        host: &mut dyn Host,
        frame: FrameContext,
        entry: FrameEntry<'_>,
        input_len: usize,
        gas_limit: u64,
    ) -> Result<FrameResult, Error> {
        let limits = &self.inner.limits;
        if input_len > limits.max_input_len as usize {
            return Err(Error::InputTooLarge {
                len: u32::try_from(input_len).unwrap_or(u32::MAX),
                max: limits.max_input_len,
            });
        }
        if gas_limit == u64::MAX {
            return Err(Error::GasLimitTooLarge(gas_limit));
        }
        current_host::using(host, || run_frame(&self.inner, frame, entry, gas_limit))
    }
}

impl VmInner {
    /// The compiled contract for `code`, from the cache or compiled now.
    fn compiled(&self, hash: &CodeHash, code: &[u8]) -> Result<Arc<CompiledContract>, Error> {
        self.cache.get_or_compile(hash, || {
            let info = validation::validate(code, &self.limits)?;
            let linker = match info.abi {
                Abi::Native => &self.native_linker,
                Abi::CosmWasm => &self.cosmwasm_linker,
            };
            let instrumented = instrument::limit_stack_height(
                code,
                &info.functions,
                self.limits.max_stack_height,
            )?;
            let module = wasmtime::Module::new(&self.engine, &instrumented)
                .map_err(|e| Error::Compilation(e.to_string()))?;
            let image = module.image_range();
            let weight = code.len() + (image.end as usize).saturating_sub(image.start as usize);
            let instance_pre = linker
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
pub(crate) fn run_frame(
    vm: &Arc<VmInner>,
    frame: FrameContext,
    entry: FrameEntry<'_>,
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
        cosmwasm: cosmwasm::FrameState::default(),
        store_limits,
    };
    let mut store = Store::new(&vm.engine, state);
    store.limiter(|state| &mut state.store_limits);
    store.set_fuel(budget + 1).map_err(internal)?;

    with_host(|host| host.start_transaction()).map_err(fatal)?;
    let mut status = run_entry(&mut store, &compiled, code.code.len(), entry);
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
        cosmwasm: state.cosmwasm.result,
    })
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
    let schedule = &store.data().vm.schedule;
    let (load_cost, transfer_cost) = (schedule.instantiate.of(code_len), schedule.transfer.of(0));
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
        .get_typed_func::<(i32, i32), i32>(&mut *store, entry.export_name())
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

/// The running frame's stack height: where a frame it opens starts.
pub(crate) fn stack_height(ctx: &mut impl AsContextMut<Data = State>) -> i32 {
    let mut ctx = ctx.as_context_mut();
    match ctx.data().stack_height {
        Some(global) => global.get(&mut ctx).i32().unwrap_or(0),
        None => 0,
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

pub(crate) fn internal(error: wasmtime::Error) -> Error {
    Error::Internal(error.to_string())
}

pub(crate) fn fatal(fault: HostFault) -> Error {
    match fault {
        HostFault::Fatal(error) => error,
        HostFault::Trap(kind) => Error::Internal(format!("unexpected trap outside wasm: {kind}")),
    }
}
