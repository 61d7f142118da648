//! The ink! ABI: pallet-contracts' `seal0`/`seal1`/`seal2` imports, so
//! that ink! 5 contracts run unmodified (`docs/ink.md`).
//!
//! A contract imports its memory (`env.memory`, with the maximum it
//! declares: the instrumentation defines it instead, `instrument.rs`) and
//! exports `deploy` (run once, at instantiation) and `call`, both
//! `() -> ()`. It reads its input with `seal0.input` and ends with
//! `seal0.seal_return(flags, data)` (flag `1` reverts) or by returning
//! (success, no data). Encodings are SCALE, as ink!'s default environment
//! has them: 32-byte account ids and hashes, `u128` balances, `u32` block
//! numbers, `u64` timestamps. The imports are in `imports.rs`.

mod imports;
mod table;

use std::sync::Arc;

use wasmtime::{Linker, Store};

pub use runtime_vm_primitives::InkChain;
pub use table::{CALL, DEPLOY, ENTRY_SIGNATURE, IMPORTS, MEMORY_MODULE, SEAL0, SEAL1, SEAL2};

use crate::abi::table::AbiRules;
use crate::context::{ContractAbi, State};
use crate::exports::ContractInstance;
use crate::fault::{classify, ExecError};
use crate::frame::{self, CallRequest};
use crate::gas;
use crate::host::Host;
use crate::runtime::Runtime;
use crate::validation::ModuleInfo;
use crate::{EntryPoint, Error, Outcome, Status, TrapKind};

/// The ink! ABI, as the core runs it.
pub(crate) struct Ink;

/// What every frame of an ink! execution shares.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Context {
    /// Who signed the call: the top-level caller.
    origin: crate::host::Address,
    chain: InkChain,
}

/// What an ink! frame keeps besides the common frame state.
#[derive(Default)]
pub(crate) struct FrameState {
    /// The frame's input, until a call forwards it (`FORWARD_INPUT`).
    input: Option<Vec<u8>>,
}

impl ContractAbi for Ink {
    const RULES: &'static AbiRules = &table::RULES;
    type Context = Context;
    type FrameState = FrameState;
    type Entry<'a> = (EntryPoint, &'a [u8]);
    type Output = ();

    fn exports() -> impl Iterator<Item = &'static str> {
        [CALL, DEPLOY].into_iter()
    }

    fn define_imports(linker: &mut Linker<State<Self>>) -> wasmtime::Result<()> {
        imports::define(linker)
    }

    fn run_entry(
        store: &mut Store<State<Self>>,
        _info: &ModuleInfo,
        instance: &ContractInstance<'_>,
        (entry, input): Self::Entry<'_>,
    ) -> Result<Status, Error> {
        let name = match entry {
            EntryPoint::Deploy => DEPLOY,
            EntryPoint::Execute => CALL,
        };
        let input_cost = store.data().vm.schedule.input.of(input.len());
        if gas::consume(store, input_cost).is_err() {
            return Ok(Status::Trap(TrapKind::OutOfGas));
        }
        store.data_mut().abi.input = Some(input.to_vec());
        let run = instance
            .get_typed_func::<(), ()>(&mut *store, name)
            .map_err(|e| Error::Internal(format!("entry point: {e}")))?;
        match run.call(&mut *store, ()) {
            Ok(()) => Ok(Status::Success),
            Err(e) => classify(e),
        }
    }

    fn finish(_: FrameState) {}
}

/// Runs `request` against `host` ([`Vm::execute_ink`](crate::Vm::execute_ink)).
pub(crate) fn execute(
    runtime: &Arc<Runtime>,
    host: &mut dyn Host,
    request: CallRequest<'_>,
    chain: InkChain,
) -> Result<Outcome, ExecError> {
    let context = Context {
        origin: request.caller,
        chain,
    };
    frame::execute_call::<Ink>(runtime, host, request, context)
}
