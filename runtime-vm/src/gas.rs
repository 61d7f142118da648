//! Fuel: every charge the VM makes goes through this module.
//!
//! Wasm code pays per operator through Wasmtime's fuel; host work pays here,
//! from the [`Schedule`](crate::Schedule), before the work is done and in
//! proportion to it (per byte copied, decoded or hashed, per key visited,
//! per event, per signature).
//!
//! # The reserved unit
//!
//! A frame with a budget of `b` fuel runs in a store holding `b + 1`.
//! Wasmtime checks fuel only at function entries and loop headers, so
//! straight-line code can run past zero and Wasmtime then reports 0 left;
//! the extra unit makes "exactly `b` consumed" (1 left) distinguishable from
//! "more than `b`" (0 left), so a frame is out of gas exactly when it
//! consumed more than its budget, wherever that happened. Host charges
//! refuse (with [`TrapKind::OutOfGas`]) any amount that would reach the
//! reserved unit, and take all the fuel when they do.

use wasmtime::AsContextMut;

use crate::context::{ContractAbi, Ctx, HostResult, State};
use crate::fault::{internal, HostFault};
use crate::semantics::Semantics;
use crate::{Cost, TrapKind};

/// Takes `fuel` from the running frame, or all of it and [`TrapKind::OutOfGas`].
pub(crate) fn consume(ctx: &mut impl AsContextMut, fuel: u64) -> Result<(), HostFault> {
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

/// Fuel left to the running frame (excluding the reserved unit).
pub(crate) fn left(ctx: &mut impl AsContextMut) -> u64 {
    ctx.as_context_mut()
        .get_fuel()
        .unwrap_or(0)
        .saturating_sub(1)
}

/// Charges `cost` for `units` (bytes, or what the cost counts), from an import.
pub(crate) fn charge<A: ContractAbi>(
    ctx: &mut Ctx<'_, A>,
    cost: Cost,
    units: usize,
) -> HostResult<()> {
    charge_fuel(ctx, cost.of(units))
}

/// Charges `cost`'s per-unit part only, for `units` (its base was charged
/// before the size was known).
pub(crate) fn charge_per_byte<A: ContractAbi>(
    ctx: &mut Ctx<'_, A>,
    cost: Cost,
    units: usize,
) -> HostResult<()> {
    charge(ctx, Cost::new(0, cost.per_byte), units)
}

/// Charges the `bytes` of a result the execution hands back (a CosmWasm
/// entry point's), before they are read: from version 5 at
/// `Schedule::set_return`'s per-byte price, as return data is; before it,
/// as a copy (`Schedule::input`'s).
pub(crate) fn charge_returned<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    bytes: usize,
) -> Result<(), HostFault> {
    let mut ctx = ctx.as_context_mut();
    let vm = &ctx.data().vm;
    let per_byte = match vm.semantics {
        Semantics::V1 | Semantics::V2 | Semantics::V3 | Semantics::V4 => vm.schedule.input.per_byte,
        Semantics::V5 => vm.schedule.set_return.per_byte,
    };
    consume(&mut ctx, per_byte.saturating_mul(bytes as u64))
}

/// Charges the value a storage write or removal replaced (`replaced`
/// bytes, if there was one) as read, at `Schedule::storage_read`'s per-byte
/// cost: the host read it to learn its length.
pub(crate) fn charge_replaced<A: ContractAbi>(
    ctx: &mut Ctx<'_, A>,
    replaced: Option<u32>,
) -> HostResult<()> {
    let cost = ctx.data().vm.schedule.storage_read;
    charge_per_byte(ctx, cost, replaced.unwrap_or(0) as usize)
}

/// Charges an amount of fuel, from an import.
pub(crate) fn charge_fuel<A: ContractAbi>(ctx: &mut Ctx<'_, A>, fuel: u64) -> HostResult<()> {
    consume(ctx, fuel).map_err(wasmtime::Error::new)
}

/// Charges the copy of `bytes` bytes between the contract's memory and the
/// host (`Schedule::input`'s per-byte part), before the copy.
pub(crate) fn charge_copy<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    bytes: usize,
) -> Result<(), HostFault> {
    let mut ctx = ctx.as_context_mut();
    let per_byte = ctx.data().vm.schedule.input.per_byte;
    consume(&mut ctx, per_byte.saturating_mul(bytes as u64))
}
