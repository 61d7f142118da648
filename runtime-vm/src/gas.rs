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
//!
//! # The memory's rate
//!
//! From version 6, wasm code pays each unit of Wasmtime's fuel at the rate
//! of the memory it can reach ([`memory_rate`]): a load's time is its
//! cache's latency, and a chain of loads, each from an address the last
//! decides, spread over the whole memory misses every cache once the memory
//! outgrows them (vm-bench's hostile rows on the reference machine, quiet:
//! 4 ns a link over 128 KiB, 12 ns over 2 MiB, 16 ns over 4 MiB, 28 ns over
//! 8 MiB, 78 to 128 ns over 16 MiB; in the dev node's dry runs and blocks
//! beside CI's builds, 13 to 21, 21 to 81, 120 to 152 and 161 to 165 ns of
//! CPU time over 2 to 16 MiB; a link is charged about 13 fuel, 2.1 ns on
//! the dev node). The store then holds the budget in units of `rate` fuel,
//! and the rest below one unit as its `Meter`'s carry; host charges stay at
//! their price, taken from both. A frame's gas used is what it consumed,
//! whatever its budget, so a dry run's figure, given as the budget, is
//! enough.
//!
//! Memory also costs what the kernel does for it: from version 6 each page
//! beyond the pool slot's resident part pays when it becomes accessible
//! ([`unkept_pages_fuel`]).

use wasmtime::AsContextMut;

use crate::context::{ContractAbi, Ctx, HostResult, Meter, State};
use crate::engine::RESIDENT_PAGES;
use crate::fault::{internal, HostFault};
use crate::operators::FUEL_PER_UNKEPT_PAGE;
use crate::semantics::Semantics;
use crate::{Cost, TrapKind};

/// Pages of memory within which wasm code pays fuel at 1 ([`memory_rate`]):
/// 2 MiB, a Rust contract's 1 MiB stack and its data.
pub const RATE_FREE_PAGES: u64 = 32;

/// Pages of memory within which wasm code pays fuel at 8 (4 MiB).
const RATE_EIGHT_PAGES: u64 = 2 * RATE_FREE_PAGES;

/// Pages of memory each step of the highest rates covers: 16 up to 16 MiB,
/// then doubling with every doubling of the memory.
const RATE_SIXTEEN_PAGES: u64 = 8 * RATE_FREE_PAGES;

/// The fuel each unit of Wasmtime's fuel costs wasm code running with a
/// memory of `pages` under `semantics`: 1 up to [`RATE_FREE_PAGES`] (2 MiB),
/// 8 up to 4 MiB, 16 up to 16 MiB (the default limit), doubling with every
/// doubling of the memory beyond. Past 2 MiB a chain of loads misses the
/// core's own caches and, as soon as other work shares the last-level
/// cache, goes to the machine's memory: over 4 MiB, 16 ns a link on a quiet
/// machine, 21 to 81 ns of CPU time on a busy one. Past 8 MiB it also
/// misses the TLB (whose second level maps 8 MiB), each miss a nested page
/// walk in a virtual machine: over 8 MiB, 28 ns quiet and 120 to 152 ns
/// busy; over 16 MiB, 78 to 128 ns and 161 to 165 ns. Before version 6,
/// always 1.
pub const fn memory_rate(semantics: Semantics, pages: u64) -> u64 {
    match semantics {
        Semantics::V1 | Semantics::V2 | Semantics::V3 | Semantics::V4 | Semantics::V5 => 1,
        Semantics::V6 if pages <= RATE_FREE_PAGES => 1,
        Semantics::V6 if pages <= RATE_EIGHT_PAGES => 8,
        Semantics::V6 => 16 * pages.div_ceil(RATE_SIXTEEN_PAGES).next_power_of_two(),
    }
}

/// The fuel a memory growing from `from` to `to` pages pays under
/// `semantics` for its pages beyond the pool slot's resident part (from
/// version 6; nothing before).
pub fn unkept_pages_fuel(semantics: Semantics, from: u64, to: u64) -> u64 {
    match semantics {
        Semantics::V1 | Semantics::V2 | Semantics::V3 | Semantics::V4 | Semantics::V5 => 0,
        Semantics::V6 => {
            let unkept = |pages: u64| pages.saturating_sub(RESIDENT_PAGES);
            (unkept(to).saturating_sub(unkept(from))).saturating_mul(FUEL_PER_UNKEPT_PAGE)
        }
    }
}

/// Gives the frame `budget` fuel at `rate` (its memory's, when it starts).
pub(crate) fn start<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    budget: u64,
    rate: u64,
) -> Result<(), HostFault> {
    let mut ctx = ctx.as_context_mut();
    ctx.data_mut().meter.rate = rate;
    hold(&mut ctx, budget)
}

/// Makes `left` (excluding the reserved unit) what the frame holds, at its
/// rate (at rate 1, the common case, without dividing).
fn hold<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    left: u64,
) -> Result<(), HostFault> {
    let mut ctx = ctx.as_context_mut();
    let held = match ctx.data().meter.rate {
        1 => left,
        rate => {
            ctx.data_mut().meter.carry = left % rate;
            left / rate
        }
    };
    ctx.set_fuel(held + 1)
        .map_err(|e| HostFault::Fatal(internal(e)))
}

/// Takes `fuel` from the running frame, or all of it and [`TrapKind::OutOfGas`].
pub(crate) fn consume<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    fuel: u64,
) -> Result<(), HostFault> {
    let mut ctx = ctx.as_context_mut();
    let held = ctx.get_fuel().unwrap_or(0);
    match left_of(held, ctx.data().meter).and_then(|left| left.checked_sub(fuel)) {
        Some(remaining) => hold(&mut ctx, remaining),
        None => {
            ctx.data_mut().meter.carry = 0;
            ctx.set_fuel(0).map_err(|e| HostFault::Fatal(internal(e)))?;
            Err(HostFault::Trap(TrapKind::OutOfGas))
        }
    }
}

/// Fuel left to the running frame (excluding the reserved unit).
pub(crate) fn left<A: ContractAbi>(ctx: &mut impl AsContextMut<Data = State<A>>) -> u64 {
    let ctx = ctx.as_context_mut();
    left_of(ctx.get_fuel().unwrap_or(0), ctx.data().meter).unwrap_or(0)
}

/// Fuel left beyond the reserved unit when the store holds `held` units
/// under `meter`; `None` once the frame has run out.
fn left_of(held: u64, Meter { rate, carry }: Meter) -> Option<u64> {
    match held {
        0 => None,
        held => Some((held - 1).saturating_mul(rate).saturating_add(carry)),
    }
}

/// Fuel a frame given `budget` used: all of it if it ran out.
pub(crate) fn used<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    budget: u64,
) -> u64 {
    budget.saturating_sub(left(ctx))
}

/// Moves the frame to the rate of a memory of `pages`, if higher: what it
/// has left is held in units of the new rate from here on.
pub(crate) fn rerate<A: ContractAbi>(
    ctx: &mut impl AsContextMut<Data = State<A>>,
    pages: u64,
) -> Result<(), HostFault> {
    let mut ctx = ctx.as_context_mut();
    let (rate, meter) = (
        memory_rate(ctx.data().vm.semantics, pages),
        ctx.data().meter,
    );
    let Some(remaining) = left_of(ctx.get_fuel().unwrap_or(0), meter) else {
        return Ok(());
    };
    if rate <= meter.rate {
        return Ok(());
    }
    ctx.data_mut().meter.rate = rate;
    hold(&mut ctx, remaining)
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
        Semantics::V5 | Semantics::V6 => vm.schedule.set_return.per_byte,
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
