//! The ink! ABI's imports, one function each, with pallet-contracts'
//! semantics (its `wasm/runtime.rs`): the same output-buffer convention,
//! return codes, storage key layout and call flags. Each pays its
//! [`Schedule`](crate::Schedule) entry's base on entry (`imports::define`)
//! and every per-byte part before the work it pays for.
//!
//! # Output buffers
//!
//! An import that hands back a value of varying length takes `(out_ptr,
//! out_len_ptr)`: the `u32` at `out_len_ptr` is the buffer's capacity; a
//! value longer than it traps ([`HostTrap::OutputBufferTooSmall`]), else
//! it is written at `out_ptr` and its length at `out_len_ptr`. Where
//! pallet-contracts allows it (a call's output), `out_ptr == u32::MAX`
//! skips the copy.
//!
//! # Storage keys
//!
//! As pallet-contracts stores them, so a contract's child trie holds what
//! it would there: a 32-byte key (`seal0`) under its BLAKE2b-256, a key of
//! a given length (at most `max_storage_key_len`) under its BLAKE2b-128
//! followed by the key itself.

use codec::{Compact, Decode, Encode};
use wasmtime::Linker;

use super::{Ink, IMPORTS, SEAL0, SEAL1, SEAL2};
use crate::context::{HostResult, State};
use crate::frame;
use crate::gas::{self, charge_per_byte, charge_replaced};
use crate::hashing::{BLAKE2_128, BLAKE2_256, KECCAK_256, SHA2_256};
use crate::host::{Address, DependencyError, LifecycleError};
use crate::imports::{
    self, check_len, fatal, hash_into, host, push_event, read, read_array, set_return_data, trap,
    write,
};
use crate::output;
use crate::{EntryPoint, Error, HostTrap, Status};

/// The context an ink! import runs in.
type Ctx<'a> = crate::context::Ctx<'a, Ink>;

/// pallet-contracts' "no value" marker: an absent storage value's length,
/// an output pointer that skips the copy.
const SENTINEL: u32 = u32::MAX;

/// pallet-contracts' return codes (`ReturnErrorCode`).
mod code {
    pub const SUCCESS: i32 = 0;
    pub const CALLEE_TRAPPED: i32 = 1;
    pub const CALLEE_REVERTED: i32 = 2;
    pub const KEY_NOT_FOUND: i32 = 3;
    pub const TRANSFER_FAILED: i32 = 5;
    pub const CODE_NOT_FOUND: i32 = 7;
    pub const NOT_CALLABLE: i32 = 8;
    pub const ECDSA_RECOVERY_FAILED: i32 = 11;
    pub const SR25519_VERIFY_FAILED: i32 = 12;
}

/// `seal_return`'s flag that reverts the frame's changes.
const REVERT: u32 = 1;

/// pallet-contracts' call flags (`CallFlags`).
mod flags {
    pub const FORWARD_INPUT: u32 = 1;
    pub const CLONE_INPUT: u32 = 2;
    pub const TAIL_CALL: u32 = 4;
    pub const ALLOW_REENTRY: u32 = 8;
    pub const READ_ONLY: u32 = 16;
    pub const ALL: u32 = FORWARD_INPUT | CLONE_INPUT | TAIL_CALL | ALLOW_REENTRY | READ_ONLY;
}

/// Most topics an event may have (pallet-contracts' default schedule).
const MAX_TOPICS: usize = 4;

/// Defines every ink! import in `linker`, each paying the base of its price
/// in [`IMPORTS`] on entry (`imports::define`).
pub(super) fn define(linker: &mut Linker<State<Ink>>) -> wasmtime::Result<()> {
    use crate::imports::define as import;
    let (seal0, seal1, seal2) = ((SEAL0, IMPORTS), (SEAL1, IMPORTS), (SEAL2, IMPORTS));
    import(linker, seal0, "input", input)?;
    import(linker, seal0, "seal_return", seal_return)?;
    import(linker, seal0, "debug_message", debug_message)?;
    import(linker, seal0, "get_storage", get_storage_fixed)?;
    import(linker, seal1, "get_storage", get_storage)?;
    import(linker, seal0, "set_storage", set_storage_fixed)?;
    import(linker, seal1, "set_storage", set_storage_fixed_v1)?;
    import(linker, seal2, "set_storage", set_storage)?;
    import(linker, seal0, "clear_storage", clear_storage_fixed)?;
    import(linker, seal1, "clear_storage", clear_storage)?;
    import(linker, seal0, "contains_storage", contains_storage_fixed)?;
    import(linker, seal1, "contains_storage", contains_storage)?;
    import(linker, seal0, "take_storage", take_storage)?;
    import(linker, seal0, "caller", caller)?;
    import(linker, seal0, "address", address)?;
    import(linker, seal0, "value_transferred", value_transferred)?;
    import(linker, seal0, "block_number", block_number)?;
    import(linker, seal0, "now", now)?;
    import(linker, seal0, "minimum_balance", minimum_balance)?;
    import(linker, seal0, "gas_left", gas_left)?;
    import(linker, seal1, "gas_left", gas_left_weight)?;
    import(linker, seal0, "caller_is_origin", caller_is_origin)?;
    import(linker, seal0, "caller_is_root", caller_is_root)?;
    import(linker, seal0, "reentrance_count", reentrance_count)?;
    import(
        linker,
        seal0,
        "account_reentrance_count",
        account_reentrance_count,
    )?;
    import(linker, seal0, "balance", balance)?;
    import(linker, seal0, "is_contract", is_contract)?;
    import(linker, seal0, "code_hash", code_hash)?;
    import(linker, seal0, "own_code_hash", own_code_hash)?;
    import(linker, seal0, "transfer", transfer)?;
    import(linker, seal0, "deposit_event", deposit_event)?;
    import(linker, seal0, "hash_sha2_256", hash_sha2_256)?;
    import(linker, seal0, "hash_keccak_256", hash_keccak_256)?;
    import(linker, seal0, "hash_blake2_256", hash_blake2_256)?;
    import(linker, seal0, "hash_blake2_128", hash_blake2_128)?;
    import(linker, seal0, "ecdsa_recover", ecdsa_recover)?;
    import(linker, seal0, "ecdsa_to_eth_address", ecdsa_to_eth_address)?;
    import(linker, seal0, "sr25519_verify", sr25519_verify)?;
    import(linker, seal0, "call", call_v0)?;
    import(linker, seal1, "call", call_v1)?;
    import(linker, seal2, "call", call_v2)?;
    import(linker, seal0, "delegate_call", delegate_call)?;
    import(linker, seal0, "instantiate", instantiate_v0)?;
    import(linker, seal1, "instantiate", instantiate_v1)?;
    import(linker, seal2, "instantiate", instantiate_v2)?;
    import(linker, seal0, "terminate", terminate_v0)?;
    import(linker, seal1, "terminate", terminate)?;
    import(linker, seal0, "set_code_hash", set_code_hash)?;
    import(
        linker,
        seal0,
        "lock_delegate_dependency",
        lock_delegate_dependency,
    )?;
    import(
        linker,
        seal0,
        "unlock_delegate_dependency",
        unlock_delegate_dependency,
    )
}

// ---- helpers -------------------------------------------------------------

/// Writes `data` to the output buffer `(out_ptr, out_len_ptr)` (see the
/// module docs); `skippable` lets `out_ptr == u32::MAX` skip it.
fn write_output(
    ctx: &mut Ctx<'_>,
    out_ptr: i32,
    out_len_ptr: i32,
    data: &[u8],
    skippable: bool,
) -> HostResult<()> {
    if skippable && out_ptr as u32 == SENTINEL {
        return Ok(());
    }
    let capacity = u32::from_le_bytes(read_array(ctx, out_len_ptr)?);
    // Every value handed back is far below 4 GiB (limits bound them all).
    let len = data.len() as u32;
    if capacity < len {
        return Err(trap(HostTrap::OutputBufferTooSmall));
    }
    write(ctx, out_ptr, data)?;
    write(ctx, out_len_ptr, &len.to_le_bytes())
}

/// Traps when the frame may not change state (a read-only call's frames).
fn ensure_mutable(ctx: &Ctx<'_>) -> HostResult<()> {
    match ctx.data().frame.read_only {
        true => Err(trap(HostTrap::WriteAccessDenied)),
        false => Ok(()),
    }
}

/// A key as the contract gives it: 32 bytes, or a length.
#[derive(Clone, Copy)]
enum Key {
    Fixed,
    Var(i32),
}

/// Reads the key at `ptr` and returns it as stored (see the module docs),
/// charging `cost` per byte of it and of `extra_bytes`.
fn storage_key(
    ctx: &mut Ctx<'_>,
    key: Key,
    ptr: i32,
    cost: crate::Cost,
    extra_bytes: usize,
) -> HostResult<Vec<u8>> {
    let max = ctx.data().vm.limits.execution.max_storage_key_len;
    let len = match key {
        Key::Fixed => 32,
        Key::Var(len) => check_len(len, max, HostTrap::StorageKeyTooLarge)?,
    };
    let stored_len = match key {
        Key::Fixed => 32,
        Key::Var(_) => BLAKE2_128.len + len,
    };
    charge_per_byte(ctx, cost, stored_len + extra_bytes)?;
    let raw = read(ctx, ptr, len as i32)?;
    Ok(match key {
        Key::Fixed => BLAKE2_256.digest(&raw).to_vec(),
        Key::Var(_) => {
            let mut stored = BLAKE2_128.digest(&raw)[..BLAKE2_128.len].to_vec();
            stored.extend_from_slice(&raw);
            stored
        }
    })
}

/// A value's length as pallet-contracts reports it: [`SENTINEL`] for none.
fn len_or_sentinel(len: Option<u32>) -> i32 {
    len.unwrap_or(SENTINEL) as i32
}

/// A balance as the contract passes it: SCALE's `u128`, 16 bytes.
fn read_balance(ctx: &mut Ctx<'_>, ptr: i32) -> HostResult<u128> {
    Ok(u128::from_le_bytes(read_array(ctx, ptr)?))
}

// ---- input and output ------------------------------------------------------

fn input(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    let Some(input) = ctx.data_mut().abi.input.take() else {
        return Err(trap(HostTrap::InputAlreadyRead));
    };
    // Every read copies the whole input: each pays for its bytes.
    let cost = ctx.data().vm.schedule.input;
    let written = charge_per_byte(&mut ctx, cost, input.len())
        .and_then(|()| write_output(&mut ctx, out_ptr, out_len_ptr, &input, false));
    ctx.data_mut().abi.input = Some(input);
    written
}

fn seal_return(mut ctx: Ctx<'_>, flags: i32, data_ptr: i32, data_len: i32) -> HostResult<()> {
    let flags = flags as u32;
    if flags & !REVERT != 0 {
        return Err(trap(HostTrap::InvalidFlags));
    }
    set_return_data(&mut ctx, data_ptr, data_len)?;
    let status = match flags {
        REVERT => Status::Revert(REVERT as i32),
        _ => Status::Success,
    };
    Err(trap(crate::fault::HostFault::Exit(status)))
}

fn debug_message(mut ctx: Ctx<'_>, ptr: i32, len: i32) -> HostResult<i32> {
    imports::debug_message(&mut ctx, ptr, len)?;
    Ok(code::SUCCESS)
}

// ---- storage -------------------------------------------------------------

fn get(
    ctx: &mut Ctx<'_>,
    key: Key,
    key_ptr: i32,
    out_ptr: i32,
    out_len_ptr: i32,
) -> HostResult<i32> {
    let cost = ctx.data().vm.schedule.storage_read;
    let key = storage_key(ctx, key, key_ptr, cost, 0)?;
    let contract = ctx.data().frame.address;
    let Some(value) = host(|h| h.storage_read(&contract, &key))? else {
        return Ok(code::KEY_NOT_FOUND);
    };
    charge_per_byte(ctx, cost, value.len())?;
    write_output(ctx, out_ptr, out_len_ptr, &value, false)?;
    Ok(code::SUCCESS)
}

fn get_storage_fixed(
    mut ctx: Ctx<'_>,
    key_ptr: i32,
    out_ptr: i32,
    out_len_ptr: i32,
) -> HostResult<i32> {
    get(&mut ctx, Key::Fixed, key_ptr, out_ptr, out_len_ptr)
}

fn get_storage(
    mut ctx: Ctx<'_>,
    key_ptr: i32,
    key_len: i32,
    out_ptr: i32,
    out_len_ptr: i32,
) -> HostResult<i32> {
    get(&mut ctx, Key::Var(key_len), key_ptr, out_ptr, out_len_ptr)
}

/// Writes a value; returns the length of the one it replaced, if any.
fn set(
    ctx: &mut Ctx<'_>,
    key: Key,
    key_ptr: i32,
    value_ptr: i32,
    value_len: i32,
) -> HostResult<Option<u32>> {
    ensure_mutable(ctx)?;
    let (max, cost) = (
        ctx.data().vm.limits.execution.max_storage_value_len,
        ctx.data().vm.schedule.storage_write,
    );
    let value_len = check_len(value_len, max, HostTrap::StorageValueTooLarge)?;
    let key = storage_key(ctx, key, key_ptr, cost, value_len)?;
    let value = read(ctx, value_ptr, value_len as i32)?;
    let contract = ctx.data().frame.address;
    let replaced = host(|h| h.storage_write(&contract, &key, &value))?;
    charge_replaced(ctx, replaced)?;
    Ok(replaced)
}

fn set_storage_fixed(
    mut ctx: Ctx<'_>,
    key_ptr: i32,
    value_ptr: i32,
    value_len: i32,
) -> HostResult<()> {
    set(&mut ctx, Key::Fixed, key_ptr, value_ptr, value_len).map(drop)
}

fn set_storage_fixed_v1(
    mut ctx: Ctx<'_>,
    key_ptr: i32,
    value_ptr: i32,
    value_len: i32,
) -> HostResult<i32> {
    set(&mut ctx, Key::Fixed, key_ptr, value_ptr, value_len).map(len_or_sentinel)
}

fn set_storage(
    mut ctx: Ctx<'_>,
    key_ptr: i32,
    key_len: i32,
    value_ptr: i32,
    value_len: i32,
) -> HostResult<i32> {
    set(&mut ctx, Key::Var(key_len), key_ptr, value_ptr, value_len).map(len_or_sentinel)
}

/// Removes a value; returns the length of the one removed, if any.
fn clear(ctx: &mut Ctx<'_>, key: Key, key_ptr: i32) -> HostResult<Option<u32>> {
    ensure_mutable(ctx)?;
    let cost = ctx.data().vm.schedule.storage_remove;
    let key = storage_key(ctx, key, key_ptr, cost, 0)?;
    let contract = ctx.data().frame.address;
    let removed = host(|h| h.storage_remove(&contract, &key))?;
    charge_replaced(ctx, removed)?;
    Ok(removed)
}

fn clear_storage_fixed(mut ctx: Ctx<'_>, key_ptr: i32) -> HostResult<()> {
    clear(&mut ctx, Key::Fixed, key_ptr).map(drop)
}

fn clear_storage(mut ctx: Ctx<'_>, key_ptr: i32, key_len: i32) -> HostResult<i32> {
    clear(&mut ctx, Key::Var(key_len), key_ptr).map(len_or_sentinel)
}

/// The length of the value under a key, if any (the host reads the value
/// to know it: charged as read).
fn contains(ctx: &mut Ctx<'_>, key: Key, key_ptr: i32) -> HostResult<i32> {
    let cost = ctx.data().vm.schedule.storage_read;
    let key = storage_key(ctx, key, key_ptr, cost, 0)?;
    let contract = ctx.data().frame.address;
    let len = host(|h| h.storage_read(&contract, &key))?.map(|value| value.len() as u32);
    charge_replaced(ctx, len)?;
    Ok(len_or_sentinel(len))
}

fn contains_storage_fixed(mut ctx: Ctx<'_>, key_ptr: i32) -> HostResult<i32> {
    contains(&mut ctx, Key::Fixed, key_ptr)
}

fn contains_storage(mut ctx: Ctx<'_>, key_ptr: i32, key_len: i32) -> HostResult<i32> {
    contains(&mut ctx, Key::Var(key_len), key_ptr)
}

fn take_storage(
    mut ctx: Ctx<'_>,
    key_ptr: i32,
    key_len: i32,
    out_ptr: i32,
    out_len_ptr: i32,
) -> HostResult<i32> {
    ensure_mutable(&ctx)?;
    let cost = ctx.data().vm.schedule.storage_write;
    let key = storage_key(&mut ctx, Key::Var(key_len), key_ptr, cost, 0)?;
    let contract = ctx.data().frame.address;
    let Some(value) = host(|h| h.storage_read(&contract, &key))? else {
        return Ok(code::KEY_NOT_FOUND);
    };
    let read_cost = ctx.data().vm.schedule.storage_read;
    charge_per_byte(&mut ctx, read_cost, value.len())?;
    // Checked before the removal: a trap here leaves the value in place
    // (the frame's changes roll back anyway).
    let capacity = u32::from_le_bytes(read_array(&mut ctx, out_len_ptr)?);
    if (capacity as usize) < value.len() {
        return Err(trap(HostTrap::OutputBufferTooSmall));
    }
    let removed = host(|h| h.storage_remove(&contract, &key))?;
    charge_replaced(&mut ctx, removed)?;
    write_output(&mut ctx, out_ptr, out_len_ptr, &value, false)?;
    Ok(code::SUCCESS)
}

// ---- context -------------------------------------------------------------

fn caller(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    let caller = ctx.data().frame.caller;
    write_output(&mut ctx, out_ptr, out_len_ptr, &caller, false)
}

fn address(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    let address = ctx.data().frame.address;
    write_output(&mut ctx, out_ptr, out_len_ptr, &address, false)
}

fn value_transferred(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    let value = ctx.data().frame.value;
    write_output(&mut ctx, out_ptr, out_len_ptr, &value.to_le_bytes(), false)
}

fn block_number(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    // ink!'s default environment numbers blocks with `u32`.
    let number = u32::try_from(ctx.data().frame.block.number).unwrap_or(u32::MAX);
    write_output(&mut ctx, out_ptr, out_len_ptr, &number.to_le_bytes(), false)
}

fn now(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    let timestamp = ctx.data().frame.block.timestamp;
    write_output(
        &mut ctx,
        out_ptr,
        out_len_ptr,
        &timestamp.to_le_bytes(),
        false,
    )
}

fn minimum_balance(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    let minimum = ctx.data().frame.abi.chain.minimum_balance;
    write_output(
        &mut ctx,
        out_ptr,
        out_len_ptr,
        &minimum.to_le_bytes(),
        false,
    )
}

/// The `ref_time` left: the fuel left at the chain's price.
fn ref_time_left(ctx: &mut Ctx<'_>) -> u64 {
    let per_fuel = ctx.data().frame.abi.chain.ref_time_per_fuel;
    gas::left(ctx).saturating_mul(per_fuel)
}

fn gas_left(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    let left = ref_time_left(&mut ctx);
    write_output(&mut ctx, out_ptr, out_len_ptr, &left.to_le_bytes(), false)
}

/// `gas_left` as a `Weight`: `ref_time` and `proof_size`, each SCALE
/// compact. The proof size is metered by the host, not the VM: it reports
/// none left to plan with.
fn gas_left_weight(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    let weight = (Compact(ref_time_left(&mut ctx)), Compact(0u64)).encode();
    write_output(&mut ctx, out_ptr, out_len_ptr, &weight, false)
}

fn caller_is_origin(ctx: Ctx<'_>) -> HostResult<i32> {
    let frame = &ctx.data().frame;
    Ok((frame.caller == frame.abi.origin) as i32)
}

/// Calls come from signed accounts (the pallet has no root calls).
fn caller_is_root(_ctx: Ctx<'_>) -> HostResult<i32> {
    Ok(0)
}

/// How many frames of this contract are on the stack below this one.
fn reentrance_count(ctx: Ctx<'_>) -> HostResult<i32> {
    let frame = &ctx.data().frame;
    let below = &frame.call_stack[..frame.call_stack.len() - 1];
    Ok(below.iter().filter(|a| **a == frame.address).count() as i32)
}

/// How many frames of `account` are on the stack (bounded by the call depth).
fn account_reentrance_count(mut ctx: Ctx<'_>, account_ptr: i32) -> HostResult<i32> {
    let account: Address = read_array(&mut ctx, account_ptr)?;
    let stack = &ctx.data().frame.call_stack;
    Ok(stack.iter().filter(|a| **a == account).count() as i32)
}

// ---- accounts --------------------------------------------------------------

fn balance(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    let me = ctx.data().frame.address;
    let balance = host(|h| h.balance(&me))?;
    write_output(
        &mut ctx,
        out_ptr,
        out_len_ptr,
        &balance.to_le_bytes(),
        false,
    )
}

fn is_contract(mut ctx: Ctx<'_>, account_ptr: i32) -> HostResult<i32> {
    let account: Address = read_array(&mut ctx, account_ptr)?;
    Ok(host(|h| h.contract_code(&account))?.is_some() as i32)
}

fn code_hash(
    mut ctx: Ctx<'_>,
    account_ptr: i32,
    out_ptr: i32,
    out_len_ptr: i32,
) -> HostResult<i32> {
    let account: Address = read_array(&mut ctx, account_ptr)?;
    let Some(code) = host(|h| h.contract_code(&account))? else {
        return Ok(code::KEY_NOT_FOUND);
    };
    write_output(&mut ctx, out_ptr, out_len_ptr, &code.hash, false)?;
    Ok(code::SUCCESS)
}

fn own_code_hash(mut ctx: Ctx<'_>, out_ptr: i32, out_len_ptr: i32) -> HostResult<()> {
    let me = ctx.data().frame.address;
    let code = host(|h| h.contract_code(&me))?
        .ok_or_else(|| fatal(Error::Internal("a running contract has no code".into())))?;
    write_output(&mut ctx, out_ptr, out_len_ptr, &code.hash, false)
}

fn transfer(
    mut ctx: Ctx<'_>,
    account_ptr: i32,
    _account_len: i32,
    value_ptr: i32,
    _value_len: i32,
) -> HostResult<i32> {
    ensure_mutable(&ctx)?;
    let to: Address = read_array(&mut ctx, account_ptr)?;
    let value = read_balance(&mut ctx, value_ptr)?;
    let from = ctx.data().frame.address;
    let moved = frame::transfer(&mut ctx, &from, &to, value).map_err(wasmtime::Error::new)?;
    Ok(match moved {
        Ok(()) => code::SUCCESS,
        Err(_) => code::TRANSFER_FAILED,
    })
}

fn deposit_event(
    mut ctx: Ctx<'_>,
    topics_ptr: i32,
    topics_len: i32,
    data_ptr: i32,
    data_len: i32,
) -> HostResult<()> {
    ensure_mutable(&ctx)?;
    let (limits, cost) = (&ctx.data().vm.limits, ctx.data().vm.schedule.emit_event);
    let data_len = check_len(
        data_len,
        limits.execution.max_event_data_len,
        HostTrap::EventDataTooLarge,
    )?;
    // A SCALE `Vec<[u8; 32]>`: a compact count (one byte for up to 63), then the topics.
    let topics_len = check_len(
        topics_len,
        1 + 32 * MAX_TOPICS as u32,
        HostTrap::TooManyTopics,
    )?;
    output::count_event(topics_len + data_len).map_err(wasmtime::Error::new)?;
    charge_per_byte(&mut ctx, cost, topics_len + data_len)?;
    let topics = match topics_len {
        0 => Vec::new(),
        _ => {
            let encoded = read(&mut ctx, topics_ptr, topics_len as i32)?;
            Vec::<[u8; 32]>::decode(&mut encoded.as_slice())
                .map_err(|_| trap(HostTrap::DecodingFailed))?
        }
    };
    if topics.len() > MAX_TOPICS {
        return Err(trap(HostTrap::TooManyTopics));
    }
    let data = read(&mut ctx, data_ptr, data_len as i32)?;
    push_event(&mut ctx, topics, data);
    Ok(())
}

// ---- hashing -------------------------------------------------------------

fn hash_sha2_256(mut ctx: Ctx<'_>, ptr: i32, len: i32, out_ptr: i32) -> HostResult<()> {
    let cost = ctx.data().vm.schedule.sha256;
    hash_into(&mut ctx, cost, &SHA2_256, (ptr, len), out_ptr)
}

fn hash_keccak_256(mut ctx: Ctx<'_>, ptr: i32, len: i32, out_ptr: i32) -> HostResult<()> {
    let cost = ctx.data().vm.schedule.keccak256;
    hash_into(&mut ctx, cost, &KECCAK_256, (ptr, len), out_ptr)
}

fn hash_blake2_256(mut ctx: Ctx<'_>, ptr: i32, len: i32, out_ptr: i32) -> HostResult<()> {
    let cost = ctx.data().vm.schedule.blake2_256;
    hash_into(&mut ctx, cost, &BLAKE2_256, (ptr, len), out_ptr)
}

fn hash_blake2_128(mut ctx: Ctx<'_>, ptr: i32, len: i32, out_ptr: i32) -> HostResult<()> {
    let cost = ctx.data().vm.schedule.blake2_256;
    hash_into(&mut ctx, cost, &BLAKE2_128, (ptr, len), out_ptr)
}

// ---- signatures ------------------------------------------------------------

/// Recovers the compressed secp256k1 key that signed `message_hash` with
/// the 65-byte `[r, s, v]` signature (`v` 0 or 1, or 27 or 28).
fn ecdsa_recover(
    mut ctx: Ctx<'_>,
    signature_ptr: i32,
    message_hash_ptr: i32,
    out_ptr: i32,
) -> HostResult<i32> {
    let signature: [u8; 65] = read_array(&mut ctx, signature_ptr)?;
    let message_hash: [u8; 32] = read_array(&mut ctx, message_hash_ptr)?;
    match crate::signatures::ecdsa_recover_compressed(&signature, &message_hash) {
        Some(key) => {
            write(&mut ctx, out_ptr, &key)?;
            Ok(code::SUCCESS)
        }
        None => Ok(code::ECDSA_RECOVERY_FAILED),
    }
}

/// The Ethereum address of a compressed secp256k1 key: the last 20 bytes
/// of the Keccak-256 of its uncompressed coordinates.
fn ecdsa_to_eth_address(mut ctx: Ctx<'_>, key_ptr: i32, out_ptr: i32) -> HostResult<i32> {
    let key: [u8; 33] = read_array(&mut ctx, key_ptr)?;
    match crate::signatures::ecdsa_to_eth_address(&key) {
        Some(address) => {
            write(&mut ctx, out_ptr, &address)?;
            Ok(code::SUCCESS)
        }
        None => Ok(code::ECDSA_RECOVERY_FAILED),
    }
}

/// Verifies an sr25519 signature of the message as Substrate signs
/// (context `substrate`), charged per byte of message before it is read.
fn sr25519_verify(
    mut ctx: Ctx<'_>,
    signature_ptr: i32,
    key_ptr: i32,
    message_len: i32,
    message_ptr: i32,
) -> HostResult<i32> {
    let cost = ctx.data().vm.schedule.ed25519_verify;
    let max = ctx.data().vm.limits.execution.max_input_len;
    let message_len = check_len(message_len, max, HostTrap::InputTooLarge)?;
    charge_per_byte(&mut ctx, cost, message_len)?;
    let signature: [u8; 64] = read_array(&mut ctx, signature_ptr)?;
    let key: [u8; 32] = read_array(&mut ctx, key_ptr)?;
    let message = read(&mut ctx, message_ptr, message_len as i32)?;
    Ok(
        match crate::signatures::sr25519_verify(&signature, &message, &key) {
            true => code::SUCCESS,
            false => code::SR25519_VERIFY_FAILED,
        },
    )
}

// ---- calls ---------------------------------------------------------------

/// A call as the contract asked for it.
struct Call {
    flags: u32,
    callee_ptr: i32,
    /// Its `ref_time` limit; 0 for all that is left.
    ref_time: u64,
    value_ptr: i32,
    input: (i32, i32),
    output: (i32, i32),
}

/// `seal0.call`: as `seal1`'s with reentry allowed (the lengths are
/// ignored, as pallet-contracts ignores them).
#[allow(clippy::too_many_arguments, reason = "pallet-contracts' signature")]
fn call_v0(
    ctx: Ctx<'_>,
    callee_ptr: i32,
    _callee_len: i32,
    gas: i64,
    value_ptr: i32,
    _value_len: i32,
    input_ptr: i32,
    input_len: i32,
    out_ptr: i32,
    out_len_ptr: i32,
) -> HostResult<i32> {
    let allow_reentry = flags::ALLOW_REENTRY as i32;
    call_v1(
        ctx,
        allow_reentry,
        callee_ptr,
        gas,
        value_ptr,
        input_ptr,
        input_len,
        out_ptr,
        out_len_ptr,
    )
}

/// `seal1.call`: as `seal2`'s with no proof size or deposit limit.
#[allow(clippy::too_many_arguments, reason = "pallet-contracts' signature")]
fn call_v1(
    ctx: Ctx<'_>,
    flags: i32,
    callee_ptr: i32,
    gas: i64,
    value_ptr: i32,
    input_ptr: i32,
    input_len: i32,
    out_ptr: i32,
    out_len_ptr: i32,
) -> HostResult<i32> {
    call_v2(
        ctx,
        flags,
        callee_ptr,
        gas,
        0,
        SENTINEL as i32,
        value_ptr,
        input_ptr,
        input_len,
        out_ptr,
        out_len_ptr,
    )
}

/// `seal2.call`: as `seal1`'s, with a proof size limit (the host meters
/// proof size for the whole execution) and a deposit limit (deposits are
/// the pallet's, charged to the origin whatever the frame).
#[allow(clippy::too_many_arguments, reason = "pallet-contracts' signature")]
fn call_v2(
    mut ctx: Ctx<'_>,
    flags: i32,
    callee_ptr: i32,
    ref_time_limit: i64,
    _proof_size_limit: i64,
    _deposit_ptr: i32,
    value_ptr: i32,
    input_ptr: i32,
    input_len: i32,
    out_ptr: i32,
    out_len_ptr: i32,
) -> HostResult<i32> {
    let call = Call {
        flags: flags as u32,
        callee_ptr,
        ref_time: ref_time_limit as u64,
        value_ptr,
        input: (input_ptr, input_len),
        output: (out_ptr, out_len_ptr),
    };
    run_call(&mut ctx, call)
}

/// The input a call passes: the frame's own (cloned or forwarded, as
/// `call_flags` say), or `(ptr, len)` read from memory; charged per byte
/// before it is copied.
fn call_input(ctx: &mut Ctx<'_>, call_flags: u32, (ptr, len): (i32, i32)) -> HostResult<Vec<u8>> {
    let (max, cost) = (
        ctx.data().vm.limits.execution.max_input_len,
        ctx.data().vm.schedule.call,
    );
    if call_flags & (flags::CLONE_INPUT | flags::FORWARD_INPUT) == 0 {
        let len = check_len(len, max, HostTrap::InputTooLarge)?;
        charge_per_byte(ctx, cost, len)?;
        return read(ctx, ptr, len as i32);
    }
    let Some(input) = ctx.data().abi.input.as_ref() else {
        return Err(trap(HostTrap::InputAlreadyRead));
    };
    let len = input.len();
    charge_per_byte(ctx, cost, len)?;
    let state = &mut ctx.data_mut().abi;
    Ok(match call_flags & flags::FORWARD_INPUT {
        0 => state.input.clone().unwrap_or_default(),
        _ => state.input.take().unwrap_or_default(),
    })
}

/// Traps unless another frame fits on the call stack.
fn ensure_depth(ctx: &Ctx<'_>) -> HostResult<()> {
    let max_depth = ctx.data().vm.limits.execution.max_call_depth;
    match ctx.data().frame.call_stack.len() >= max_depth as usize {
        true => Err(trap(HostTrap::MaxCallDepth)),
        false => Ok(()),
    }
}

/// The fuel a nested frame may use: what its `ref_time` limit buys (0:
/// no limit), at most what is left.
fn budget(ctx: &mut Ctx<'_>, ref_time: u64) -> u64 {
    let available = gas::left(ctx);
    let per_fuel = ctx.data().frame.abi.chain.ref_time_per_fuel.max(1);
    match ref_time {
        0 => available,
        ref_time => (ref_time / per_fuel).min(available),
    }
}

fn run_call(ctx: &mut Ctx<'_>, call: Call) -> HostResult<i32> {
    if call.flags & !flags::ALL != 0 {
        return Err(trap(HostTrap::InvalidFlags));
    }
    output::count_call()?;
    let input = call_input(ctx, call.flags, call.input)?;
    let callee: Address = read_array(ctx, call.callee_ptr)?;
    let value = read_balance(ctx, call.value_ptr)?;
    let read_only = ctx.data().frame.read_only || call.flags & flags::READ_ONLY != 0;
    if value > 0 && read_only {
        return Err(trap(HostTrap::WriteAccessDenied));
    }
    ensure_depth(ctx)?;
    if call.flags & flags::ALLOW_REENTRY == 0 && ctx.data().frame.call_stack.contains(&callee) {
        return Err(trap(HostTrap::ReentranceDenied));
    }
    let budget = budget(ctx, call.ref_time);
    let entry = (EntryPoint::Execute, input.as_slice());
    let result = frame::run_child(ctx, callee, value, read_only, entry, budget);
    finish_call(ctx, call.flags, call.output, result)
}

/// Runs the code stored under a hash in this contract, for its caller and
/// with its value and storage (pallet-contracts' `delegate_call`).
fn delegate_call(
    mut ctx: Ctx<'_>,
    call_flags: i32,
    code_hash_ptr: i32,
    input_ptr: i32,
    input_len: i32,
    out_ptr: i32,
    out_len_ptr: i32,
) -> HostResult<i32> {
    let call_flags = call_flags as u32;
    let refused = !flags::ALL | flags::ALLOW_REENTRY | flags::READ_ONLY;
    if call_flags & refused != 0 {
        return Err(trap(HostTrap::InvalidFlags));
    }
    output::count_call()?;
    let input = call_input(&mut ctx, call_flags, (input_ptr, input_len))?;
    let hash: [u8; 32] = read_array(&mut ctx, code_hash_ptr)?;
    let Some(code) = host(|h| h.stored_code(&hash))? else {
        return Ok(code::CODE_NOT_FOUND);
    };
    ensure_depth(&ctx)?;
    let budget = gas::left(&mut ctx);
    let entry = (EntryPoint::Execute, input.as_slice());
    let result = frame::run_delegate(&mut ctx, code, entry, budget);
    finish_call(&mut ctx, call_flags, (out_ptr, out_len_ptr), result)
}

/// Charges a call's fuel, keeps what its frame handed back, and answers
/// the contract: a return code, the output written (or, for a tail call,
/// this frame ended with it).
fn finish_call(
    ctx: &mut Ctx<'_>,
    call_flags: u32,
    (out_ptr, out_len_ptr): (i32, i32),
    result: Result<crate::context::FrameResult<Ink>, crate::fault::ExecError>,
) -> HostResult<i32> {
    let result = match result {
        Ok(result) => result,
        Err(failure) => {
            gas::charge_fuel(ctx, failure.gas_used)?;
            return match failure.error {
                Error::ContractNotFound => Ok(code::NOT_CALLABLE),
                Error::Transfer(_) => Ok(code::TRANSFER_FAILED),
                error => Err(fatal(error)),
            };
        }
    };
    gas::charge_fuel(ctx, result.gas_used)?;
    ctx.data_mut().debug.extend(result.debug);
    let code = match result.status {
        Status::Success => code::SUCCESS,
        Status::Revert(_) => code::CALLEE_REVERTED,
        Status::Trap(_) => return Ok(code::CALLEE_TRAPPED),
    };
    if result.status == Status::Success {
        ctx.data_mut().events.extend(result.events);
    }
    // A tail call returns what the callee returned, reverting if it did.
    if call_flags & flags::TAIL_CALL != 0 {
        ctx.data_mut().return_data = result.return_data;
        return Err(trap(crate::fault::HostFault::Exit(result.status)));
    }
    let copy_cost = ctx.data().vm.schedule.return_data_copy;
    charge_per_byte(ctx, copy_cost, result.return_data.len())?;
    write_output(ctx, out_ptr, out_len_ptr, &result.return_data, true)?;
    Ok(code)
}

// ---- contract lifecycle ----------------------------------------------------

/// An instantiation as the contract asked for it.
struct Instantiation {
    code_hash_ptr: i32,
    /// Its `ref_time` limit; 0 for all that is left.
    ref_time: u64,
    value_ptr: i32,
    input: (i32, i32),
    address: (i32, i32),
    output: (i32, i32),
    salt: (i32, i32),
}

/// `seal0.instantiate`: as `seal2`'s with no proof size or deposit limit
/// (as pallet-contracts runs it; the lengths are ignored, as there).
#[allow(clippy::too_many_arguments, reason = "pallet-contracts' signature")]
fn instantiate_v0(
    ctx: Ctx<'_>,
    code_hash_ptr: i32,
    _code_hash_len: i32,
    gas: i64,
    value_ptr: i32,
    _value_len: i32,
    input_ptr: i32,
    input_len: i32,
    address_ptr: i32,
    address_len_ptr: i32,
    out_ptr: i32,
    out_len_ptr: i32,
    salt_ptr: i32,
    salt_len: i32,
) -> HostResult<i32> {
    instantiate_v1(
        ctx,
        code_hash_ptr,
        gas,
        value_ptr,
        input_ptr,
        input_len,
        address_ptr,
        address_len_ptr,
        out_ptr,
        out_len_ptr,
        salt_ptr,
        salt_len,
    )
}

/// `seal1.instantiate`: as `seal2`'s with no proof size or deposit limit.
#[allow(clippy::too_many_arguments, reason = "pallet-contracts' signature")]
fn instantiate_v1(
    ctx: Ctx<'_>,
    code_hash_ptr: i32,
    gas: i64,
    value_ptr: i32,
    input_ptr: i32,
    input_len: i32,
    address_ptr: i32,
    address_len_ptr: i32,
    out_ptr: i32,
    out_len_ptr: i32,
    salt_ptr: i32,
    salt_len: i32,
) -> HostResult<i32> {
    instantiate_v2(
        ctx,
        code_hash_ptr,
        gas,
        0,
        SENTINEL as i32,
        value_ptr,
        input_ptr,
        input_len,
        address_ptr,
        address_len_ptr,
        out_ptr,
        out_len_ptr,
        salt_ptr,
        salt_len,
    )
}

/// `seal2.instantiate`: as `seal1`'s, with a proof size limit and a
/// deposit limit, unused as `seal2.call`'s are.
#[allow(clippy::too_many_arguments, reason = "pallet-contracts' signature")]
fn instantiate_v2(
    mut ctx: Ctx<'_>,
    code_hash_ptr: i32,
    ref_time_limit: i64,
    _proof_size_limit: i64,
    _deposit_ptr: i32,
    value_ptr: i32,
    input_ptr: i32,
    input_len: i32,
    address_ptr: i32,
    address_len_ptr: i32,
    out_ptr: i32,
    out_len_ptr: i32,
    salt_ptr: i32,
    salt_len: i32,
) -> HostResult<i32> {
    let instantiation = Instantiation {
        code_hash_ptr,
        ref_time: ref_time_limit as u64,
        value_ptr,
        input: (input_ptr, input_len),
        address: (address_ptr, address_len_ptr),
        output: (out_ptr, out_len_ptr),
        salt: (salt_ptr, salt_len),
    };
    run_instantiation(&mut ctx, instantiation)
}

/// Creates a contract from stored code and runs its `deploy` with the
/// input and value given: the new contract's address goes to the address
/// buffer if it deployed, what `deploy` returned to the output buffer.
fn run_instantiation(ctx: &mut Ctx<'_>, instantiation: Instantiation) -> HostResult<i32> {
    ensure_mutable(ctx)?;
    output::count_call()?;
    output::count_effect()?;
    let vm = &ctx.data().vm;
    let (max, copy, hash) = (
        vm.limits.execution.max_input_len,
        vm.schedule.call,
        vm.schedule.blake2_256,
    );
    let input_len = check_len(instantiation.input.1, max, HostTrap::InputTooLarge)?;
    let salt_len = check_len(instantiation.salt.1, max, HostTrap::InputTooLarge)?;
    // The input is copied as a call's; the salt is copied and hashed into
    // the address.
    charge_per_byte(ctx, copy, input_len + salt_len)?;
    charge_per_byte(ctx, hash, salt_len)?;
    let input = read(ctx, instantiation.input.0, input_len as i32)?;
    let salt = read(ctx, instantiation.salt.0, salt_len as i32)?;
    let code_hash: [u8; 32] = read_array(ctx, instantiation.code_hash_ptr)?;
    let value = read_balance(ctx, instantiation.value_ptr)?;
    ensure_depth(ctx)?;
    let budget = budget(ctx, instantiation.ref_time);
    let entry = (EntryPoint::Deploy, input.as_slice());
    let (address, result) =
        match frame::run_instantiate(ctx, &code_hash, &salt, value, entry, budget) {
            Ok(Ok((address, result))) => (Some(address), Ok(result)),
            Ok(Err(LifecycleError::DuplicateContract)) => {
                return Err(trap(HostTrap::DuplicateContract))
            }
            Ok(Err(LifecycleError::CodeNotFound | LifecycleError::AbiMismatch)) => {
                return Ok(code::CODE_NOT_FOUND)
            }
            Err(failure) => (None, Err(failure)),
        };
    let deployed = matches!(&result, Ok(result) if result.status == Status::Success);
    let code = finish_call(ctx, 0, instantiation.output, result)?;
    if let (true, Some(address)) = (deployed, address) {
        let (ptr, len_ptr) = instantiation.address;
        write_output(ctx, ptr, len_ptr, &address, true)?;
    }
    Ok(code)
}

/// `seal0.terminate`: as `seal1`'s (the length is ignored, as
/// pallet-contracts ignores it).
fn terminate_v0(ctx: Ctx<'_>, beneficiary_ptr: i32, _beneficiary_len: i32) -> HostResult<()> {
    terminate(ctx, beneficiary_ptr)
}

/// Removes this contract, everything its account holds going to the
/// beneficiary, and ends the frame successfully with no output. Refused
/// (a trap) while the contract is on the call stack more than once, as
/// pallet-contracts refuses it.
fn terminate(mut ctx: Ctx<'_>, beneficiary_ptr: i32) -> HostResult<()> {
    ensure_mutable(&ctx)?;
    let frame = &ctx.data().frame;
    let me = frame.address;
    if frame.call_stack.iter().filter(|a| **a == me).count() > 1 {
        return Err(trap(HostTrap::TerminatedWhileReentrant));
    }
    output::count_effect()?;
    let beneficiary: Address = read_array(&mut ctx, beneficiary_ptr)?;
    host(|h| h.terminate(&me, &beneficiary))?;
    ctx.data_mut().return_data.clear();
    Err(trap(crate::fault::HostFault::Exit(Status::Success)))
}

/// Makes this contract run the ink! code stored under a hash from its
/// next call on (this frame runs on with the code it started with).
fn set_code_hash(mut ctx: Ctx<'_>, code_hash_ptr: i32) -> HostResult<i32> {
    ensure_mutable(&ctx)?;
    output::count_effect()?;
    let code_hash: [u8; 32] = read_array(&mut ctx, code_hash_ptr)?;
    let me = ctx.data().frame.address;
    Ok(match host(|h| h.set_code(&me, &code_hash))? {
        Ok(()) => code::SUCCESS,
        // No ink! code under the hash, as far as an ink! contract can tell.
        Err(LifecycleError::CodeNotFound | LifecycleError::AbiMismatch) => code::CODE_NOT_FOUND,
        Err(LifecycleError::DuplicateContract) => {
            return Err(fatal(Error::Internal(
                "the host refused new code as a duplicate contract".into(),
            )))
        }
    })
}

/// Locks the code stored under a hash for this contract, which runs it by
/// delegate calls: it cannot be removed while locked. Traps
/// (`DelegateDependencyRefused`) if there is no such code, it is the
/// contract's own, it is locked already or the contract holds
/// [`MAX_DELEGATE_DEPENDENCIES`](crate::MAX_DELEGATE_DEPENDENCIES) locks,
/// as pallet-contracts refuses them.
fn lock_delegate_dependency(ctx: Ctx<'_>, code_hash_ptr: i32) -> HostResult<()> {
    change_dependency(ctx, code_hash_ptr, |host, contract, code| {
        host.lock_dependency(contract, code)
    })
}

/// Releases a lock [`lock_delegate_dependency`] took; traps
/// (`DelegateDependencyRefused`) if there is none.
fn unlock_delegate_dependency(ctx: Ctx<'_>, code_hash_ptr: i32) -> HostResult<()> {
    change_dependency(ctx, code_hash_ptr, |host, contract, code| {
        host.unlock_dependency(contract, code)
    })
}

/// Locks or unlocks (`change`) the code under the hash at `code_hash_ptr`
/// for this contract, a chain effect.
fn change_dependency(
    mut ctx: Ctx<'_>,
    code_hash_ptr: i32,
    change: impl FnOnce(&mut dyn crate::Host, &Address, &[u8; 32]) -> Result<(), DependencyError>,
) -> HostResult<()> {
    ensure_mutable(&ctx)?;
    output::count_effect()?;
    let code_hash: [u8; 32] = read_array(&mut ctx, code_hash_ptr)?;
    let me = ctx.data().frame.address;
    host(|h| change(h, &me, &code_hash))?.map_err(|_| trap(HostTrap::DelegateDependencyRefused))
}
