//! Hard limits, checked at validation (upload) and at run time.

#[cfg(feature = "codec")]
use crate::scale::*;

/// Every limit the VM enforces, in one place.
///
/// Limits checked at upload (`max_code_len` to `max_imports`) decide which
/// code is accepted: on a live chain they may only grow, or already stored code
/// would stop validating. Limits contracts observe at run time
/// (`max_memory_pages` and below) are part of consensus: changing one is a
/// runtime upgrade that changes contract behaviour.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct Limits {
    /// Largest accepted code, in bytes. Default 1 MiB: keeps Cranelift's
    /// compile time and memory bounded while fitting real-world contracts.
    pub max_code_len: u32,
    /// Most functions (imported and defined). Default 20 000, as cosmwasm-vm.
    pub max_functions: u32,
    /// Most locals per function, parameters included. Default 4 096.
    pub max_locals: u32,
    /// Largest function body, in bytes. Default 256 KiB: Cranelift's register
    /// allocation is superlinear in function size.
    pub max_function_body_len: u32,
    /// Most globals. Default 256.
    pub max_globals: u32,
    /// Most tables. Default 1 (what rustc emits for indirect calls).
    pub max_tables: u32,
    /// Most elements a table may hold (initial and maximum). Default 4 096.
    pub max_table_elements: u32,
    /// Most element segments. Default 256.
    pub max_element_segments: u32,
    /// Most data segments. Default 1 024.
    pub max_data_segments: u32,
    /// Most imports. Default 64 (the native ABI has 20 functions).
    pub max_imports: u32,
    /// Most 64 KiB pages of linear memory, initial or grown. Default 256 (16 MiB).
    pub max_memory_pages: u32,
    /// Deterministic stack budget of the whole call stack (all contract
    /// frames together), in 8-byte units: each active wasm frame costs
    /// `8 + locals + max operand stack height` of its function. Default
    /// 65 536 (512 KiB worth; about 2 000 frames of a typical Rust function).
    /// Exceeding it traps with `StackExhausted` on every machine alike;
    /// Wasmtime's native `max_wasm_stack` only backs it up.
    pub max_stack_height: u32,
    /// Most contract frames on the call stack (the top-level call is 1).
    /// Default 8.
    pub max_call_depth: u32,
    /// Largest input to an entry point, in bytes. Default 64 KiB.
    pub max_input_len: u32,
    /// Largest storage key, in bytes. Default 128.
    pub max_storage_key_len: u32,
    /// Largest storage value, in bytes. Default 16 KiB.
    pub max_storage_value_len: u32,
    /// Largest return data, in bytes. Default 64 KiB.
    pub max_return_data_len: u32,
    /// Largest event payload, in bytes. Default 16 KiB.
    pub max_event_data_len: u32,
    /// Largest `debug_log` message, in bytes. Default 4 KiB.
    pub max_debug_message_len: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_code_len: 1024 * 1024,
            max_functions: 20_000,
            max_locals: 4096,
            max_function_body_len: 256 * 1024,
            max_globals: 256,
            max_tables: 1,
            max_table_elements: 4096,
            max_element_segments: 256,
            max_data_segments: 1024,
            max_imports: 64,
            max_memory_pages: 256,
            max_stack_height: 65_536,
            max_call_depth: 8,
            max_input_len: 64 * 1024,
            max_storage_key_len: 128,
            max_storage_value_len: 16 * 1024,
            max_return_data_len: 64 * 1024,
            max_event_data_len: 16 * 1024,
            max_debug_message_len: 4 * 1024,
        }
    }
}

impl Limits {
    /// The memory cap in bytes.
    pub fn max_memory_bytes(&self) -> usize {
        self.max_memory_pages as usize * WASM_PAGE_SIZE
    }
}

/// The size of a WebAssembly page.
pub const WASM_PAGE_SIZE: usize = 64 * 1024;
