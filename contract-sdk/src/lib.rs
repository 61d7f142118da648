//! Write contracts for runtime-vm's native ABI (`docs/native-abi.md`) in safe Rust.
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//! use contract_sdk::{entry_points, storage, Output};
//!
//! fn execute(input: &[u8]) -> Output {
//!     storage::set(b"last", input);
//!     Ok(input.to_vec())
//! }
//!
//! entry_points!(execute = execute);
//! ```
//!
//! Build with `cargo build --release --target wasm32-unknown-unknown` and a
//! `cdylib` crate type. On wasm32 the SDK also provides the contract's global
//! allocator, its panic handler (a panic traps) and the `alloc` export the host
//! uses to pass the input.

#![no_std]

extern crate alloc;

#[cfg(target_arch = "wasm32")]
mod allocator;
pub mod sys;

pub use alloc::{vec, vec::Vec};

/// A 32-byte account address.
pub type Address = [u8; 32];

/// What an entry point returns: `Ok(data)` succeeds, `Err(data)` reverts
/// every state change of the call. Either way `data` becomes the return data.
pub type Output = Result<Vec<u8>, Vec<u8>>;

/// Declares the contract's entry points.
///
/// `execute = path` names a `fn(&[u8]) -> Output` run by every call;
/// `deploy = path` optionally names one run once at instantiation.
#[macro_export]
macro_rules! entry_points {
    (execute = $execute:path $(, deploy = $deploy:path)? $(,)?) => {
        // Named outside the blocks below, whose exports would shadow the
        // contract's own `execute`/`deploy` functions.
        #[doc(hidden)]
        const __CONTRACT_EXECUTE: fn(&[u8]) -> $crate::Output = $execute;
        const _: () = {
            /// The native ABI's `execute` entry point.
            #[unsafe(no_mangle)]
            pub extern "C" fn execute(ptr: i32, len: i32) -> i32 {
                // SAFETY: the host wrote `len` input bytes at `ptr`, a buffer from `alloc`.
                unsafe { $crate::dispatch(ptr, len, __CONTRACT_EXECUTE) }
            }
        };
        $(
            #[doc(hidden)]
            const __CONTRACT_DEPLOY: fn(&[u8]) -> $crate::Output = $deploy;
            const _: () = {
                /// The native ABI's `deploy` entry point.
                #[unsafe(no_mangle)]
                pub extern "C" fn deploy(ptr: i32, len: i32) -> i32 {
                    // SAFETY: as for `execute`.
                    unsafe { $crate::dispatch(ptr, len, __CONTRACT_DEPLOY) }
                }
            };
        )?
    };
}

/// Runs an entry point over the input at `ptr`/`len` and returns its status.
///
/// # Safety
///
/// `ptr` must point to `len` readable bytes (or `len` must be 0).
#[doc(hidden)]
pub unsafe fn dispatch(ptr: i32, len: i32, entry: fn(&[u8]) -> Output) -> i32 {
    let input: &[u8] = if len == 0 {
        &[]
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { core::slice::from_raw_parts(ptr as usize as *const u8, len as usize) }
    };
    let (status, data) = match entry(input) {
        Ok(data) => (0, data),
        Err(data) => (1, data),
    };
    if !data.is_empty() {
        set_return(&data);
    }
    status
}

fn len(data: &[u8]) -> i32 {
    data.len() as i32
}

fn ptr(data: &[u8]) -> i32 {
    data.as_ptr() as usize as i32
}

fn out(data: &mut [u8]) -> i32 {
    data.as_mut_ptr() as usize as i32
}

/// The contract's key/value storage.
pub mod storage {
    use super::*;

    /// Most values fit: read them with one host call.
    const FIRST_TRY: usize = 128;

    /// The value under `key`, if any.
    pub fn get(key: &[u8]) -> Option<Vec<u8>> {
        let mut buf = Vec::with_capacity(FIRST_TRY);
        let found = read_into(key, &mut buf)?;
        if found > buf.len() {
            buf = Vec::with_capacity(found);
            read_into(key, &mut buf);
        }
        Some(buf)
    }

    /// Reads the value under `key` into `buf`'s capacity, not zeroed first
    /// (the host writes what it copies): `buf` holds the bytes copied; the
    /// value's whole length, or `None` if there is none.
    fn read_into(key: &[u8], buf: &mut Vec<u8>) -> Option<usize> {
        let cap = buf.capacity();
        // SAFETY: `key` is valid for its length and `buf` for `cap` bytes;
        // `storage_read` writes `min(value length, cap)` bytes there, which
        // `set_len` then covers exactly.
        unsafe {
            let found = sys::storage_read(
                ptr(key),
                len(key),
                buf.as_mut_ptr() as usize as i32,
                cap as i32,
            );
            let found = usize::try_from(found).ok()?;
            buf.set_len(found.min(cap));
            Some(found)
        }
    }

    /// Stores `value` under `key`.
    pub fn set(key: &[u8], value: &[u8]) {
        // SAFETY: key and value are valid for their lengths.
        unsafe { sys::storage_write(ptr(key), len(key), ptr(value), len(value)) };
    }

    /// Removes `key`; `true` if a value was there.
    pub fn remove(key: &[u8]) -> bool {
        // SAFETY: key is valid for its length.
        unsafe { sys::storage_remove(ptr(key), len(key)) == 1 }
    }

    /// The `u128` under `key` (little-endian), 0 if absent or malformed.
    pub fn get_u128(key: &[u8]) -> u128 {
        get(key)
            .and_then(|v| v.try_into().ok())
            .map(u128::from_le_bytes)
            .unwrap_or(0)
    }

    /// Stores a `u128` under `key` (little-endian).
    pub fn set_u128(key: &[u8], value: u128) {
        set(key, &value.to_le_bytes())
    }
}

fn address_from(f: unsafe extern "C" fn(i32)) -> Address {
    let mut out_buf = [0u8; 32];
    // SAFETY: the import writes exactly 32 bytes.
    unsafe { f(out(&mut out_buf)) };
    out_buf
}

/// Who called this contract.
pub fn caller() -> Address {
    address_from(sys::caller)
}

/// This contract's own address.
pub fn address() -> Address {
    address_from(sys::address)
}

/// The value sent with this call.
pub fn value_transferred() -> u128 {
    let mut buf = [0u8; 16];
    // SAFETY: the import writes exactly 16 bytes.
    unsafe { sys::value_transferred(out(&mut buf)) };
    u128::from_le_bytes(buf)
}

/// The free balance of `who`.
pub fn balance(who: &Address) -> u128 {
    let mut buf = [0u8; 16];
    // SAFETY: `who` is 32 bytes, `buf` 16.
    unsafe { sys::get_balance(ptr(who), out(&mut buf)) };
    u128::from_le_bytes(buf)
}

/// A transfer the chain refused (nothing moved).
#[derive(Debug, PartialEq, Eq)]
pub struct TransferFailed;

/// Sends `amount` from this contract to `to`.
pub fn transfer(to: &Address, amount: u128) -> Result<(), TransferFailed> {
    let amount = amount.to_le_bytes();
    // SAFETY: `to` is 32 bytes, `amount` 16.
    match unsafe { sys::transfer(ptr(to), ptr(&amount)) } {
        0 => Ok(()),
        _ => Err(TransferFailed),
    }
}

/// The current block number.
pub fn block_number() -> u64 {
    // SAFETY: no arguments.
    unsafe { sys::block_number() as u64 }
}

/// The current block time, in milliseconds since the Unix epoch.
pub fn timestamp() -> u64 {
    // SAFETY: no arguments.
    unsafe { sys::timestamp() as u64 }
}

/// Fuel left to this call.
pub fn gas_left() -> u64 {
    // SAFETY: no arguments.
    unsafe { sys::gas_left() as u64 }
}

fn digest(f: unsafe extern "C" fn(i32, i32, i32) -> i32, data: &[u8]) -> [u8; 32] {
    let mut hash = [0u8; 32];
    // SAFETY: `data` is valid for its length; the import writes 32 bytes.
    unsafe { f(ptr(data), len(data), out(&mut hash)) };
    hash
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    digest(sys::sha256, data)
}

/// Keccak-256 of `data`.
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    digest(sys::keccak256, data)
}

/// BLAKE2b-256 of `data`.
pub fn blake2_256(data: &[u8]) -> [u8; 32] {
    digest(sys::blake2_256, data)
}

/// Sets this call's return data (the last call wins).
pub fn set_return(data: &[u8]) {
    // SAFETY: `data` is valid for its length.
    unsafe { sys::set_return(ptr(data), len(data)) }
}

/// Emits an event with up to four topics.
pub fn emit_event(topics: &[[u8; 32]], data: &[u8]) {
    // SAFETY: `topics` is `topics.len()` contiguous 32-byte arrays.
    unsafe {
        sys::emit_event(
            topics.as_ptr() as usize as i32,
            topics.len() as i32,
            ptr(data),
            len(data),
        )
    }
}

/// Logs a message (kept in dry runs and node debug logs only).
pub fn debug(message: &str) {
    // SAFETY: `message` is valid for its length.
    unsafe { sys::debug_log(ptr(message.as_bytes()), len(message.as_bytes())) }
}

/// Why a [`call`] did not succeed.
#[derive(Debug, PartialEq, Eq)]
pub enum CallError {
    /// The callee reverted with this return data.
    Reverted(Vec<u8>),
    /// The callee trapped, ran out of gas, or could not be entered
    /// (call depth, re-entrancy, failed value transfer).
    Trapped,
    /// There is no contract at the address.
    NoContract,
}

/// Calls `contract`'s `execute` with `input`, sending `value`.
///
/// `gas_limit` 0 lends all remaining gas. On success returns the callee's
/// return data; its state changes are kept. Otherwise they are rolled back.
pub fn call(
    contract: &Address,
    input: &[u8],
    value: u128,
    gas_limit: u64,
) -> Result<Vec<u8>, CallError> {
    let value = value.to_le_bytes();
    // SAFETY: every pointer is valid for its length.
    let code = unsafe {
        sys::call(
            ptr(contract),
            ptr(input),
            len(input),
            ptr(&value),
            gas_limit as i64,
        )
    };
    match code {
        0 => Ok(return_data()),
        1 => Err(CallError::Reverted(return_data())),
        3 => Err(CallError::NoContract),
        _ => Err(CallError::Trapped),
    }
}

/// The return data of the last [`call`].
pub fn return_data() -> Vec<u8> {
    // SAFETY: no arguments.
    let n = unsafe { sys::return_data_len() } as usize;
    let mut data = vec![0u8; n];
    // SAFETY: `data` has room for `n` bytes.
    unsafe { sys::return_data_copy(out(&mut data), 0, n as i32) };
    data
}

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
