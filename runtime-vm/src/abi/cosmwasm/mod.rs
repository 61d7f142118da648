//! The CosmWasm ABI (`docs/cosmwasm.md`): unmodified `cosmwasm-std` 2.x
//! and 3.x contracts on this VM.
//!
//! A CosmWasm module shares the core with every ABI (engine, validation,
//! metering, stack instrumentation, cache, frames and transactions); what
//! is its own is how data crosses the boundary (Regions allocated by the
//! contract's `allocate`, JSON built with `cosmwasm-std`'s own types), its
//! per-frame state (iterators, the entry point's result) and its imports.
//! The reference for every detail is cosmwasm-vm.
//!
//! An entry point's `Response` is parsed and handed back as a
//! [`CwResponse`]: running its messages (bank sends, calls, instantiations,
//! replies) is the chain's job, as it is wasmd's and not cosmwasm-vm's.
//!
//! Modules: `table` (imports, capabilities, exports and how validation
//! recognizes a CosmWasm module), `region` (Regions and sections), `address`
//! (SS58 human addresses), `iterator` (ordered storage iteration),
//! `imports` (the imports), `querier` (`query_chain`), `messages` (the
//! JSON).
//!
//! [`CwResponse`]: crate::CwResponse

mod address;
mod imports;
mod iterator;
mod messages;
mod querier;
mod region;
mod table;

use std::sync::Arc;

use wasmtime::{AsContextMut, Linker, Store, TypedFunc, Val};

pub use table::{
    ALLOCATE, CAPABILITIES, CAPABILITY_PREFIX, DEALLOCATE, ENTRY_POINTS, IMPORTS, IMPORT_MODULE,
    MARKER, REQUIRED_EXPORTS, VERSION_PREFIX,
};

use crate::abi::table::AbiRules;
use crate::context::{ContractAbi, FrameContext, FrameResult, State};
use crate::exports::ContractInstance;
use crate::fault::{classify, internal, status_of, ExecError, HostFault};
use crate::frame::{self, TopLevel};
use crate::gas;
use crate::host::Host;
use crate::imports::trap;
use crate::output;
use crate::runtime::Runtime;
use crate::validation::ModuleInfo;
use crate::BlockContext;
use crate::{Address, Balance, Error};
use crate::{CwChain, CwEntry, CwOutcome, CwResponse, CwStatus, HostTrap, Status, TrapKind};
use messages::CwContext;

/// A top-level call of a CosmWasm entry point.
#[derive(Clone, Debug)]
pub struct CwRequest<'a> {
    /// The entry point and its message.
    pub entry: CwEntry,
    /// The contract.
    pub contract: Address,
    /// `MessageInfo.sender` (and `MigrateInfo.sender`).
    pub sender: Address,
    /// Value moved from `sender` to the contract before it runs, shown as
    /// `MessageInfo.funds` in the native denom.
    pub funds: Balance,
    /// Fuel the call may consume, sub-queries included.
    pub gas_limit: u64,
    /// Block number and time (`Env.block`).
    pub block: BlockContext,
    /// The chain's identity.
    pub chain: &'a CwChain,
    /// `Env.transaction.index`, if the call is part of a transaction.
    pub transaction_index: Option<u32>,
    /// Keep `debug` and `abort` messages in the outcome (dry runs and
    /// queries; a transaction does not). Counted and charged either way.
    pub collect_debug: bool,
}

/// Runs `request` against `host` ([`Vm::execute_cosmwasm`](crate::Vm::execute_cosmwasm)).
pub(crate) fn execute(
    runtime: &Arc<Runtime>,
    host: &mut dyn Host,
    request: CwRequest<'_>,
) -> Result<CwOutcome, ExecError> {
    let input_len = match &request.entry {
        CwEntry::Reply(_) => 0,
        CwEntry::Instantiate(msg)
        | CwEntry::Execute(msg)
        | CwEntry::Migrate { msg, .. }
        | CwEntry::Sudo(msg)
        | CwEntry::Query(msg) => msg.len(),
    };
    let context = CwContext {
        chain: request.chain.clone(),
        transaction_index: request.transaction_index,
    };
    let frame = FrameContext::<CosmWasm>::top_level(
        request.contract,
        request.sender,
        request.funds,
        request.block,
        matches!(request.entry, CwEntry::Query(_)),
        Arc::new(context),
    );
    let top = TopLevel {
        input_len,
        gas_limit: request.gas_limit,
        collect_debug: request.collect_debug,
    };
    let result = frame::run_top_level(runtime, host, frame, &request.entry, top)?;
    Ok(CwOutcome {
        status: status(&result),
        gas_used: result.gas_used,
        debug: result.debug,
    })
}

/// The CosmWasm ABI, as the core runs it.
pub(crate) struct CosmWasm;

/// What a CosmWasm frame keeps besides the common frame state.
#[derive(Default)]
pub(crate) struct FrameState {
    /// The contract's `allocate`, for handing it data.
    allocate: Option<TypedFunc<u32, u32>>,
    /// Open storage iterators; id `n` is index `n - 1`.
    iterators: Vec<iterator::Iter>,
    /// What the entry point returned.
    result: Option<CwStatus>,
}

impl ContractAbi for CosmWasm {
    const RULES: &'static AbiRules = &table::RULES;
    type Context = Arc<CwContext>;
    type FrameState = FrameState;
    type Entry<'a> = &'a CwEntry;
    /// What the entry point returned (`None` if it never returned).
    type Output = Option<CwStatus>;

    fn exports() -> impl Iterator<Item = &'static str> {
        let entry_points = ENTRY_POINTS.iter().map(|(name, _)| *name);
        entry_points.chain([ALLOCATE, DEALLOCATE])
    }

    fn define_imports(linker: &mut Linker<State<Self>>) -> wasmtime::Result<()> {
        imports::define(linker)
    }

    fn run_entry(
        store: &mut Store<State<Self>>,
        _: &ModuleInfo,
        instance: &ContractInstance<'_>,
        entry: &CwEntry,
    ) -> Result<Status, Error> {
        run_entry(store, instance, entry)
    }

    fn finish(state: FrameState) -> Option<CwStatus> {
        state.result
    }
}

/// A frame's end as CosmWasm reports it: a trap wins over what the entry
/// point returned.
fn status(result: &FrameResult<CosmWasm>) -> CwStatus {
    match (result.status, &result.abi) {
        (Status::Trap(kind), _) => CwStatus::Trap(kind),
        (_, Some(status)) => status.clone(),
        (_, None) => CwStatus::Trap(TrapKind::Host(HostTrap::InvalidResult)),
    }
}

/// Copies `data` into a Region the contract allocates (a call back into the
/// contract, counted in the stack budget); returns the Region's address.
/// The copy is charged per byte before it is made.
fn write_to_contract(
    ctx: &mut impl AsContextMut<Data = State<CosmWasm>>,
    data: &[u8],
) -> Result<u32, wasmtime::Error> {
    let mut ctx = ctx.as_context_mut();
    gas::charge_copy(&mut ctx, data.len()).map_err(wasmtime::Error::new)?;
    let allocate = ctx
        .data()
        .abi
        .allocate
        .clone()
        .ok_or_else(|| trap(HostTrap::InvalidRegion))?;
    let len = u32::try_from(data.len()).map_err(|_| trap(HostTrap::InvalidRegion))?;
    let ptr = frame::reenter(&mut ctx, |ctx| allocate.call(ctx, len))?;
    if ptr == 0 {
        return Err(trap(HostTrap::InvalidRegion));
    }
    let memory = ctx
        .data()
        .memory
        .ok_or_else(|| trap(HostTrap::InvalidRegion))?;
    region::write(memory.data_mut(&mut ctx), ptr, data).map_err(trap)?;
    Ok(ptr)
}

/// Builds the entry point's arguments, runs it and keeps what it returned in
/// the frame state. `Success` if it returned `Ok`, `Revert(1)` for an error.
fn run_entry(
    store: &mut Store<State<CosmWasm>>,
    instance: &ContractInstance<'_>,
    entry: &CwEntry,
) -> Result<Status, Error> {
    let Some(func) = instance.get_func(&mut *store, entry.export_name()) else {
        return Ok(Status::Trap(TrapKind::Host(HostTrap::MissingEntryPoint)));
    };
    // Validation checked both exports and their signatures.
    let allocate = instance
        .get_typed_func::<u32, u32>(&mut *store, ALLOCATE)
        .map_err(internal)?;
    let deallocate = instance
        .get_typed_func::<u32, ()>(&mut *store, DEALLOCATE)
        .map_err(internal)?;
    store.data_mut().abi.allocate = Some(allocate);

    let args = arguments(store, &func, entry)?;
    let input_cost = store.data().vm.schedule.input;
    if gas::consume(store, input_cost.base).is_err() {
        return Ok(Status::Trap(TrapKind::OutOfGas));
    }
    let mut params = Vec::with_capacity(args.len());
    for arg in &args {
        match write_to_contract(store, arg) {
            Ok(ptr) => params.push(Val::I32(ptr as i32)),
            Err(e) => return classify(e),
        }
    }
    let mut results = [Val::I32(0)];
    if let Err(e) = func.call(&mut *store, &params, &mut results) {
        return classify(e);
    }
    let result_ptr = results[0].unwrap_i32() as u32;
    let max = store.data().vm.limits.execution.max_return_data_len as usize;
    let memory = store
        .data()
        .memory
        .ok_or_else(|| Error::Internal("contract has no memory".into()))?;
    let len = match region::length(memory.data(&*store), result_ptr, max) {
        Ok(len) => len,
        Err(kind) => return Ok(Status::Trap(TrapKind::Host(kind))),
    };
    if gas::charge_returned(store, len).is_err() {
        return Ok(Status::Trap(TrapKind::OutOfGas));
    }
    let data = match region::read(memory.data(&*store), result_ptr, max) {
        Ok(data) => data,
        Err(kind) => return Ok(Status::Trap(TrapKind::Host(kind))),
    };
    if let Err(e) = deallocate.call(&mut *store, result_ptr) {
        return classify(e);
    }
    let parsed = match entry {
        CwEntry::Query(_) => CwContext::query_result(&data),
        _ => match context(store).response(&data) {
            Some(status) => Some(status),
            // Perhaps a message of a kind this host does not know: parsed
            // again, leniently (twice over, paid for as two more copies),
            // so that it fails by name.
            None => {
                if gas::charge_copy(store, 2 * len).is_err() {
                    return Ok(Status::Trap(TrapKind::OutOfGas));
                }
                context(store).response_with_unknown_messages(&data)
            }
        },
    };
    let Some(status) = parsed else {
        return Ok(Status::Trap(TrapKind::Host(HostTrap::InvalidResult)));
    };
    if let CwStatus::Ok(response) = &status {
        if let Err(fault) = charge_events(store, response) {
            return status_of(fault);
        }
    }
    let ok = matches!(status, CwStatus::Ok(_) | CwStatus::Data(_));
    store.data_mut().abi.result = Some(status);
    Ok(if ok {
        Status::Success
    } else {
        Status::Revert(1)
    })
}

/// Counts and charges a response's events and attributes (the `wasm` event
/// of its top-level attributes included) before the chain deposits them.
fn charge_events(
    store: &mut Store<State<CosmWasm>>,
    response: &CwResponse,
) -> Result<(), HostFault> {
    let schedule = &store.data().vm.schedule;
    let (event_cost, attribute_cost) = (schedule.emit_event, schedule.event_attribute);
    let wasm_event = (!response.attributes.is_empty()).then_some(("wasm", &response.attributes));
    let custom = response
        .events
        .iter()
        .map(|e| (e.ty.as_str(), &e.attributes));
    for (ty, attributes) in wasm_event.into_iter().chain(custom) {
        output::count_event(ty.len())?;
        gas::consume(store, event_cost.of(ty.len()))?;
        for attribute in attributes {
            let bytes = attribute.key.len() + attribute.value.len();
            output::count_attribute(bytes)?;
            gas::consume(store, attribute_cost.of(bytes))?;
        }
    }
    Ok(())
}

fn context(store: &Store<State<CosmWasm>>) -> Arc<CwContext> {
    store.data().frame.abi.clone()
}

/// The JSON arguments of `entry`, `Env` first.
fn arguments(
    store: &mut Store<State<CosmWasm>>,
    func: &wasmtime::Func,
    entry: &CwEntry,
) -> Result<Vec<Vec<u8>>, Error> {
    let context = context(store);
    let frame = &store.data().frame;
    let mut args = vec![context.env(frame)?];
    match entry {
        CwEntry::Instantiate(msg) | CwEntry::Execute(msg) => {
            args.push(context.message_info(frame)?);
            args.push(msg.clone());
        }
        CwEntry::Migrate {
            msg,
            old_migrate_version,
        } => {
            args.push(msg.clone());
            if func.ty(&*store).params().len() == 3 {
                let frame = &store.data().frame;
                args.push(context.migrate_info(frame, *old_migrate_version)?);
            }
        }
        CwEntry::Sudo(msg) | CwEntry::Query(msg) => args.push(msg.clone()),
        CwEntry::Reply(reply) => args.push(context.reply(reply)?),
    }
    Ok(args)
}
