//! The runtime side of each execution: the request the pallet decides (who,
//! what, with how much gas, in which block, under which limits) and the
//! decoding of what the node answers through the runtime interface.

use alloc::vec;

use codec::Decode;
use frame_support::traits::{Get, UnixTime};
use runtime_vm_primitives::{BlockContext, Error as VmError};
use sp_runtime::traits::{UniqueSaturatedInto, Zero};
use sp_runtime::AccountId32;

use crate::interface::wasm_contracts_vm;
use crate::metering::GasMeter;
use crate::primitives::{ExecEntry, ExecOutcome, ExecRequest, PreparedCode, VmConfig};
use crate::{dry_run, storage, Config};

/// Size of the first result buffer; a larger result takes a second host call.
const RESULT_BUFFER: usize = 16 * 1024;

/// Runs `request` on the node.
pub(crate) fn execute<T: Config>(request: ExecRequest) -> Option<ExecOutcome> {
    let outcome: ExecOutcome = fetch::<T, _>(|buffer| wasm_contracts_vm::execute(request, buffer))?;
    if let Err(error) = &outcome.result {
        stop_if_semantics_unknown(error);
    }
    Some(outcome)
}

/// Validates and compiles `code` on the node, as an upload does.
pub(crate) fn prepare<T: Config>(
    code_hash: &[u8; 32],
    code: &[u8],
    config: VmConfig,
) -> Option<Result<PreparedCode, VmError>> {
    let prepared =
        fetch::<T, _>(|buffer| wasm_contracts_vm::prepare(code_hash, code, config, buffer))?;
    if let Err(error) = &prepared {
        stop_if_semantics_unknown(error);
    }
    Some(prepared)
}

/// Stops the block if the node does not implement the version of the VM's
/// semantics numbered `VmSemantics` (see [`stop_if_semantics_unknown`]).
pub(crate) fn require_semantics<T: Config>() {
    let version = T::VmSemantics::get();
    if !wasm_contracts_vm::implements_semantics(version) {
        panic!(
            "this node does not implement version {version} of the VM's semantics, which the \
             runtime now runs contracts under: run a node release that does"
        );
    }
}

/// Stops the block (the runtime panics) if the node refused to run anything
/// because it does not implement the runtime's version of the VM's
/// semantics: every other node runs it, so no outcome this node could
/// report would be theirs. The block fails to import on this node, with the
/// error, until its operator runs a release implementing the version.
fn stop_if_semantics_unknown(error: &VmError) {
    if let VmError::UnknownSemantics { .. } = error {
        panic!("{error}");
    }
}

/// Runs a host function that writes a SCALE result into a buffer (or keeps
/// it for `take_outcome` when it does not fit) and decodes the result.
///
/// A length past [`ExecutionLimits::max_outcome_len`](runtime_vm_primitives::ExecutionLimits::max_outcome_len)
/// is refused before anything is allocated for it: the VM keeps every
/// outcome within it, so only a faulty node reports more.
pub(crate) fn fetch<T: Config, O: Decode>(call: impl FnOnce(&mut [u8]) -> u32) -> Option<O> {
    let mut buffer = vec![0u8; RESULT_BUFFER];
    let len = call(&mut buffer) as usize;
    if len > T::Limits::get().execution.max_outcome_len() as usize {
        return None;
    }
    if len > buffer.len() {
        buffer = vec![0u8; len];
        wasm_contracts_vm::take_outcome(&mut buffer);
    }
    O::decode(&mut buffer.get(..len)?).ok()
}

/// A request to run `entry` of `contract` for `caller`, moving `value`
/// first, within the gas `meter` has left, in the current block (a dry
/// run's: the next).
pub(crate) fn request<T: Config>(
    contract: &AccountId32,
    caller: &AccountId32,
    value: u128,
    entry: ExecEntry,
    meter: &GasMeter<T>,
) -> ExecRequest {
    ExecRequest {
        contract: contract.clone().into(),
        caller: caller.clone().into(),
        value,
        entry,
        fuel_limit: meter.fuel_left(),
        proof_size_limit: meter.proof_size_left(),
        block: BlockContext {
            number: dry_run::block_number::<T>(),
            timestamp: block_time::<T>(),
        },
        config: config::<T>(),
        layout: storage::layout::<T>(),
        collect_debug: dry_run::is_dry_run(),
    }
}

/// The block's time in milliseconds; 0 at genesis, which has none (and
/// where `UnixTime` would complain).
fn block_time<T: Config>() -> u64 {
    if frame_system::Pallet::<T>::block_number() == Zero::zero() {
        return 0;
    }
    T::Time::now().as_millis().unique_saturated_into()
}

/// The VM configuration the node must run with: the pallet's constants.
pub(crate) fn config<T: Config>() -> VmConfig {
    VmConfig {
        semantics: T::VmSemantics::get(),
        limits: T::Limits::get(),
        schedule: T::Schedule::get(),
    }
}
