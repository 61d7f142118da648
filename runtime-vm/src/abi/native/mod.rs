//! The native ABI (`docs/native-abi.md`): contracts written against this VM.
//!
//! An entry point (`execute`, or `deploy` once at deployment) takes its
//! input in a buffer from the contract's `alloc` and returns a status
//! (`0` commits); the imports are in `imports.rs`.

mod imports;
mod table;

use std::sync::Arc;

use wasmtime::{Linker, Store};

pub use table::{ALLOC, ALLOC_SIGNATURE, DEPLOY, ENTRY_SIGNATURE, EXECUTE, IMPORTS, IMPORT_MODULE};

use crate::abi::table::AbiRules;
use crate::context::{ContractAbi, State};
use crate::exports::ContractInstance;
use crate::fault::{classify, ExecError};
use crate::frame::{self, CallRequest};
use crate::gas;
use crate::host::Host;
use crate::runtime::Runtime;
use crate::validation::ModuleInfo;
use crate::{EntryPoint, Error, HostTrap, Outcome, Status, TrapKind};

/// The native ABI, as the core runs it.
pub(crate) struct Native;

/// What a native frame keeps besides the common frame state.
#[derive(Default)]
pub(crate) struct FrameState {
    /// The return data of the last `call`.
    last_call_output: Vec<u8>,
}

impl ContractAbi for Native {
    const RULES: &'static AbiRules = &table::RULES;
    type Context = ();
    type FrameState = FrameState;
    type Entry<'a> = (EntryPoint, &'a [u8]);
    type Output = ();

    fn exports() -> impl Iterator<Item = &'static str> {
        [EXECUTE, DEPLOY, ALLOC].into_iter()
    }

    fn define_imports(linker: &mut Linker<State<Self>>) -> wasmtime::Result<()> {
        imports::define(linker)
    }

    fn run_entry(
        store: &mut Store<State<Self>>,
        info: &ModuleInfo,
        instance: &ContractInstance<'_>,
        (entry, input): Self::Entry<'_>,
    ) -> Result<Status, Error> {
        let name = match entry {
            EntryPoint::Deploy if !info.exports_function(DEPLOY) => return Ok(Status::Success),
            EntryPoint::Deploy => DEPLOY,
            EntryPoint::Execute => EXECUTE,
        };
        let input_cost = store.data().vm.schedule.input.of(input.len());
        let run = instance
            .get_typed_func::<(i32, i32), i32>(&mut *store, name)
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

    fn finish(_: FrameState) {}
}

/// Copies `input` into a buffer from the contract's `alloc`; `(0, 0)` for no input.
fn pass_input(
    store: &mut Store<State<Native>>,
    instance: &ContractInstance<'_>,
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
    let Ok(alloc) = instance.get_typed_func::<i32, i32>(&mut *store, ALLOC) else {
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

/// Runs `request` against `host` ([`Vm::execute`](crate::Vm::execute)).
pub(crate) fn execute(
    runtime: &Arc<Runtime>,
    host: &mut dyn Host,
    request: CallRequest<'_>,
) -> Result<Outcome, ExecError> {
    frame::execute_call::<Native>(runtime, host, request, ())
}
