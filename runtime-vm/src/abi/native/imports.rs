//! The native ABI's imports (`docs/native-abi.md`), one function each.
//!
//! Every import has the same shape: its [`Schedule`] entry's base paid on
//! entry (`imports::define`), sizes checked against the [`Limits`], the
//! per-byte part charged before the work it pays for, guest memory read
//! through [`crate::memory`], the [`Host`](crate::Host) called, results
//! written back. Anything the contract got wrong traps it with a named
//! [`HostTrap`].
//!
//! [`Limits`]: crate::Limits
//! [`Schedule`]: crate::Schedule

use wasmtime::Linker;

use super::{Native, IMPORTS, IMPORT_MODULE};
use crate::context::{HostResult, State};
use crate::frame;
use crate::gas::{self, charge_per_byte, charge_replaced};
use crate::hashing::{BLAKE2_256, KECCAK_256, SHA2_256};
use crate::imports::{
    check_len, debug_message, fatal, hash_into, host, host_on_memory, memory_and_state, push_event,
    read, read_array, set_return_data, trap, write,
};
use crate::{memory, output};
use crate::{Cost, EntryPoint, Error, HostTrap, Status};

/// The context a native import runs in.
type Ctx<'a> = crate::context::Ctx<'a, Native>;

/// `call` result: the callee returned `0`.
const CALL_SUCCESS: i32 = 0;
/// `call` result: the callee returned another value.
const CALL_REVERTED: i32 = 1;
/// `call` result: the callee trapped, ran out of gas, or could not be entered.
const CALL_TRAPPED: i32 = 2;
/// `call` result: there is no contract at the address.
const CALL_NO_CONTRACT: i32 = 3;

/// Defines every native import in `linker`, each paying the base of its
/// price in [`IMPORTS`] on entry (`imports::define`).
pub(super) fn define(linker: &mut Linker<State<Native>>) -> wasmtime::Result<()> {
    use crate::imports::define as import;
    let abi = (IMPORT_MODULE, IMPORTS);
    import(linker, abi, "storage_read", storage_read)?;
    import(linker, abi, "storage_write", storage_write)?;
    import(linker, abi, "storage_remove", storage_remove)?;
    import(linker, abi, "block_number", block_number)?;
    import(linker, abi, "timestamp", timestamp)?;
    import(linker, abi, "caller", caller)?;
    import(linker, abi, "address", address)?;
    import(linker, abi, "value_transferred", value_transferred)?;
    import(linker, abi, "get_balance", get_balance)?;
    import(linker, abi, "transfer", transfer)?;
    import(linker, abi, "sha256", sha256)?;
    import(linker, abi, "keccak256", keccak256)?;
    import(linker, abi, "blake2_256", blake2_256)?;
    import(linker, abi, "set_return", set_return)?;
    import(linker, abi, "emit_event", emit_event)?;
    import(linker, abi, "gas_left", gas_left)?;
    import(linker, abi, "call", call)?;
    import(linker, abi, "return_data_len", return_data_len)?;
    import(linker, abi, "return_data_copy", return_data_copy)?;
    import(linker, abi, "debug_log", debug_log)
}

// ---- helpers -------------------------------------------------------------

/// Checks a storage key's length and charges `cost` per byte of it and of
/// `extra_bytes`; the key's length.
fn storage_key_len(ctx: &mut Ctx<'_>, len: i32, cost: Cost, extra_bytes: usize) -> HostResult<i32> {
    let max = ctx.data().vm.limits.execution.max_storage_key_len;
    let len = check_len(len, max, HostTrap::StorageKeyTooLarge)?;
    charge_per_byte(ctx, cost, len + extra_bytes)?;
    Ok(len as i32)
}

// ---- storage -------------------------------------------------------------
//
// Keys and values go to the host from the contract's memory, not copied.

fn storage_read(
    mut ctx: Ctx<'_>,
    key_ptr: i32,
    key_len: i32,
    out_ptr: i32,
    out_cap: i32,
) -> HostResult<i32> {
    let cost = ctx.data().vm.schedule.storage_read;
    let key_len = storage_key_len(&mut ctx, key_len, cost, 0)?;
    let contract = ctx.data().frame.address;
    let value = host_on_memory(&mut ctx, |memory, h| {
        Ok(h.storage_read(&contract, memory::read(memory, key_ptr, key_len)?))
    })?;
    let Some(value) = value else {
        return Ok(-1);
    };
    charge_per_byte(&mut ctx, cost, value.len())?;
    let copied = value.len().min(out_cap as u32 as usize);
    write(&mut ctx, out_ptr, &value[..copied])?;
    // Values are bounded by `max_storage_value_len` when written.
    Ok(value.len() as i32)
}

fn storage_write(
    mut ctx: Ctx<'_>,
    key_ptr: i32,
    key_len: i32,
    val_ptr: i32,
    val_len: i32,
) -> HostResult<i32> {
    let (max, cost) = (
        ctx.data().vm.limits.execution.max_storage_value_len,
        ctx.data().vm.schedule.storage_write,
    );
    let val_len = check_len(val_len, max, HostTrap::StorageValueTooLarge)?;
    let key_len = storage_key_len(&mut ctx, key_len, cost, val_len)?;
    let contract = ctx.data().frame.address;
    let replaced = host_on_memory(&mut ctx, |memory, h| {
        let key = memory::read(memory, key_ptr, key_len)?;
        let value = memory::read(memory, val_ptr, val_len as i32)?;
        Ok(h.storage_write(&contract, key, value))
    })?;
    charge_replaced(&mut ctx, replaced)?;
    Ok(0)
}

fn storage_remove(mut ctx: Ctx<'_>, key_ptr: i32, key_len: i32) -> HostResult<i32> {
    let cost = ctx.data().vm.schedule.storage_remove;
    let key_len = storage_key_len(&mut ctx, key_len, cost, 0)?;
    let contract = ctx.data().frame.address;
    let removed = host_on_memory(&mut ctx, |memory, h| {
        Ok(h.storage_remove(&contract, memory::read(memory, key_ptr, key_len)?))
    })?;
    charge_replaced(&mut ctx, removed)?;
    Ok(removed.is_some() as i32)
}

// ---- context -------------------------------------------------------------

fn block_number(ctx: Ctx<'_>) -> HostResult<i64> {
    Ok(ctx.data().frame.block.number as i64)
}

fn timestamp(ctx: Ctx<'_>) -> HostResult<i64> {
    Ok(ctx.data().frame.block.timestamp as i64)
}

fn caller(mut ctx: Ctx<'_>, out_ptr: i32) -> HostResult<()> {
    let caller = ctx.data().frame.caller;
    write(&mut ctx, out_ptr, &caller)
}

fn address(mut ctx: Ctx<'_>, out_ptr: i32) -> HostResult<()> {
    let address = ctx.data().frame.address;
    write(&mut ctx, out_ptr, &address)
}

fn value_transferred(mut ctx: Ctx<'_>, out_ptr: i32) -> HostResult<()> {
    let value = ctx.data().frame.value;
    write(&mut ctx, out_ptr, &value.to_le_bytes())
}

fn gas_left(mut ctx: Ctx<'_>) -> HostResult<i64> {
    Ok(gas::left(&mut ctx) as i64)
}

// ---- balances ------------------------------------------------------------

fn get_balance(mut ctx: Ctx<'_>, addr_ptr: i32, out_ptr: i32) -> HostResult<()> {
    let who = read_array(&mut ctx, addr_ptr)?;
    let balance = host(|h| h.balance(&who))?;
    write(&mut ctx, out_ptr, &balance.to_le_bytes())
}

fn transfer(mut ctx: Ctx<'_>, to_ptr: i32, amount_ptr: i32) -> HostResult<i32> {
    let to = read_array(&mut ctx, to_ptr)?;
    let amount = u128::from_le_bytes(read_array(&mut ctx, amount_ptr)?);
    let from = ctx.data().frame.address;
    let moved = frame::transfer(&mut ctx, &from, &to, amount).map_err(wasmtime::Error::new)?;
    Ok(match moved {
        Ok(()) => 0,
        Err(_) => 1,
    })
}

// ---- hashing -------------------------------------------------------------

fn sha256(mut ctx: Ctx<'_>, data_ptr: i32, data_len: i32, out_ptr: i32) -> HostResult<i32> {
    let cost = ctx.data().vm.schedule.sha256;
    hash_into(&mut ctx, cost, &SHA2_256, (data_ptr, data_len), out_ptr).map(|()| 0)
}

fn keccak256(mut ctx: Ctx<'_>, data_ptr: i32, data_len: i32, out_ptr: i32) -> HostResult<i32> {
    let cost = ctx.data().vm.schedule.keccak256;
    hash_into(&mut ctx, cost, &KECCAK_256, (data_ptr, data_len), out_ptr).map(|()| 0)
}

fn blake2_256(mut ctx: Ctx<'_>, data_ptr: i32, data_len: i32, out_ptr: i32) -> HostResult<i32> {
    let cost = ctx.data().vm.schedule.blake2_256;
    hash_into(&mut ctx, cost, &BLAKE2_256, (data_ptr, data_len), out_ptr).map(|()| 0)
}

// ---- output --------------------------------------------------------------

fn set_return(mut ctx: Ctx<'_>, ptr: i32, len: i32) -> HostResult<()> {
    set_return_data(&mut ctx, ptr, len)
}

fn emit_event(
    mut ctx: Ctx<'_>,
    topics_ptr: i32,
    topics_count: i32,
    data_ptr: i32,
    data_len: i32,
) -> HostResult<()> {
    let (limits, cost) = (&ctx.data().vm.limits, ctx.data().vm.schedule.emit_event);
    let count = check_len(topics_count, 4, HostTrap::TooManyTopics)?;
    let data_len = check_len(
        data_len,
        limits.execution.max_event_data_len,
        HostTrap::EventDataTooLarge,
    )?;
    output::count_event(32 * count + data_len).map_err(wasmtime::Error::new)?;
    charge_per_byte(&mut ctx, cost, 32 * count + data_len)?;
    let (memory, _) = memory_and_state(&mut ctx)?;
    let topics = memory::read(memory, topics_ptr, 32 * count as i32)
        .map_err(trap)?
        .chunks_exact(32)
        .map(|t| t.try_into().expect("chunks of 32"))
        .collect();
    let data = memory::read(memory, data_ptr, data_len as i32).map_err(trap)?;
    let data = data.to_vec();
    push_event(&mut ctx, topics, data);
    Ok(())
}

fn debug_log(mut ctx: Ctx<'_>, ptr: i32, len: i32) -> HostResult<()> {
    debug_message(&mut ctx, ptr, len)
}

// ---- calls ---------------------------------------------------------------

fn call(
    mut ctx: Ctx<'_>,
    addr_ptr: i32,
    input_ptr: i32,
    input_len: i32,
    value_ptr: i32,
    gas_limit: i64,
) -> HostResult<i32> {
    let (limits, cost) = (&ctx.data().vm.limits, ctx.data().vm.schedule.call);
    let (max_input, max_depth) = (
        limits.execution.max_input_len,
        limits.execution.max_call_depth,
    );
    let input_len = check_len(input_len, max_input, HostTrap::InputTooLarge)?;
    output::count_call()?;
    charge_per_byte(&mut ctx, cost, input_len)?;
    let callee: [u8; 32] = read_array(&mut ctx, addr_ptr)?;
    let input = read(&mut ctx, input_ptr, input_len as i32)?;
    let value = u128::from_le_bytes(read_array(&mut ctx, value_ptr)?);
    ctx.data_mut().abi.last_call_output.clear();

    let frame = &ctx.data().frame;
    if frame.call_stack.len() >= max_depth as usize || frame.call_stack.contains(&callee) {
        return Ok(CALL_TRAPPED);
    }
    let available = gas::left(&mut ctx);
    let budget = match gas_limit as u64 {
        0 => available,
        requested => requested.min(available),
    };
    let entry = (EntryPoint::Execute, input.as_slice());
    let result = match frame::run_child(&mut ctx, callee, value, false, entry, budget) {
        Ok(result) => result,
        Err(failure) => {
            gas::charge_fuel(&mut ctx, failure.gas_used)?;
            return match failure.error {
                Error::ContractNotFound => Ok(CALL_NO_CONTRACT),
                Error::Transfer(_) => Ok(CALL_TRAPPED),
                error => Err(fatal(error)),
            };
        }
    };
    gas::charge_fuel(&mut ctx, result.gas_used)?;
    let state = ctx.data_mut();
    state.debug.extend(result.debug);
    state.abi.last_call_output = result.return_data;
    Ok(match result.status {
        Status::Success => {
            state.events.extend(result.events);
            CALL_SUCCESS
        }
        Status::Revert(_) => CALL_REVERTED,
        Status::Trap(_) => CALL_TRAPPED,
    })
}

fn return_data_len(ctx: Ctx<'_>) -> HostResult<i32> {
    // Bounded by `max_return_data_len`.
    Ok(ctx.data().abi.last_call_output.len() as i32)
}

fn return_data_copy(mut ctx: Ctx<'_>, out_ptr: i32, offset: i32, len: i32) -> HostResult<()> {
    let cost = ctx.data().vm.schedule.return_data_copy;
    let output = &ctx.data().abi.last_call_output;
    let (start, len) = (offset as u32 as usize, len as u32 as usize);
    let Some(bytes) = start
        .checked_add(len)
        .and_then(|end| output.get(start..end))
    else {
        return Err(trap(HostTrap::ReturnDataOutOfBounds));
    };
    let bytes = bytes.to_vec();
    charge_per_byte(&mut ctx, cost, len)?;
    write(&mut ctx, out_ptr, &bytes)
}
