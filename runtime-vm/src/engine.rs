//! The one place the Wasmtime [`Config`] is built.
//!
//! Everything here is consensus-critical: two nodes compiling the same code
//! must run it to the same result and the same fuel. So:
//!
//! - Cranelift is the only compiler, with NaN canonicalization on, so float
//!   results are bit-identical on every machine.
//! - Fuel metering is on and epochs are off. Each operator costs what
//!   [`operator_costs`] says; `memory.copy`, `memory.fill` and `memory.init`
//!   also pay per byte, and `memory.grow` per page, so bulk memory is metered.
//! - Exactly the features current `rustc` emits for `wasm32-unknown-unknown`
//!   are on ([`FEATURES`]); threads, SIMD, multi-memory, memory64, GC,
//!   exceptions, tail calls and the component model are off.
//! - No compilation cache on disk: a compiled artifact never outlives the
//!   process, so nothing stale or tampered with can be loaded.
//!
//! Stack depth is bounded deterministically by instrumentation (see
//! `instrument.rs`); `max_wasm_stack` is only the safety net behind it.

use wasmtime::{Config, Engine, OperatorCost, OptLevel, Strategy, WasmFeatures};

use crate::Error;

/// The WebAssembly features contracts may use: those `rustc` enables by
/// default for `wasm32-unknown-unknown` (bulk memory, sign extension, mutable
/// globals, multi-value, reference types, non-trapping float-to-int) and the
/// MVP's floats. Validation and the engine use this same set.
pub const FEATURES: WasmFeatures = WasmFeatures::FLOATS
    .union(WasmFeatures::MUTABLE_GLOBAL)
    .union(WasmFeatures::SATURATING_FLOAT_TO_INT)
    .union(WasmFeatures::SIGN_EXTENSION)
    .union(WasmFeatures::REFERENCE_TYPES)
    .union(WasmFeatures::MULTI_VALUE)
    .union(WasmFeatures::BULK_MEMORY);

/// Native stack Wasmtime lets wasm use before it traps with a stack overflow.
///
/// Only a safety net: the instrumented stack-height limit trips first for any
/// contract within [`Limits`](crate::Limits), identically on every machine.
/// The thread running the VM must have at least this much stack free, plus
/// room for host frames.
pub const MAX_WASM_STACK: usize = 1024 * 1024;

/// The fuel cost of each operator.
///
/// Wasmtime's defaults (1 per operator, 0 for `nop`, `drop`, `block`, `loop`,
/// `end`, `else`, `return`, `unreachable`) with calls made dearer for the frame
/// they set up, and `memory.grow` charged per page. Bulk memory operators pay
/// 1 per byte on top of their flat cost.
pub fn operator_costs() -> OperatorCost {
    let mut costs = OperatorCost::new();
    costs.Call = 2;
    costs.CallIndirect = 3;
    costs.MemoryGrow = 10;
    costs.variable.memory_grow_per_page = 100;
    costs
}

/// Builds the deterministic, fuel-metered engine every contract runs on.
///
/// # Errors
///
/// [`Error::Internal`] if Wasmtime rejects the configuration (it cannot for
/// this crate's fixed settings on a supported platform).
pub fn new_engine() -> Result<Engine, Error> {
    let mut config = Config::new();
    config
        .strategy(Strategy::Cranelift)
        .cranelift_opt_level(OptLevel::Speed)
        .cranelift_nan_canonicalization(true)
        .consume_fuel(true)
        .operator_cost(operator_costs())
        .epoch_interruption(false)
        .max_wasm_stack(MAX_WASM_STACK)
        .wasm_features(WasmFeatures::all(), false)
        .wasm_features(FEATURES, true);
    Engine::new(&config).map_err(|e| Error::Internal(format!("engine configuration: {e}")))
}
