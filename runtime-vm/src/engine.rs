//! The one place the Wasmtime [`Config`] is built.
//!
//! Everything here is consensus-critical: two nodes compiling the same code
//! must run it to the same result and the same fuel. So:
//!
//! - Winch, Wasmtime's baseline compiler, is the only compiler. It compiles in
//!   one pass, in time linear in the code, whatever its shape: an uploader
//!   cannot make a node compile for minutes (Cranelift's optimizing
//!   pipeline takes time quadratic in a function's loops, branches and
//!   indirect calls, measured at up to 23x its ordinary per-byte cost, and
//!   Wasmtime treats compile-time denial of service as out of scope). NEAR
//!   runs Wasmtime with Winch for the same reason. NaN canonicalization is
//!   on, so float results are bit-identical on every machine.
//! - Fuel metering is on and epochs are off. Each operator costs what
//!   [`operator_costs`] says for the version of the semantics
//!   ([`Semantics`]), from the one table of [`operators`](crate::operators); library calls (bulk memory and table
//!   operators, `memory.grow`, `ref.func`, drops) also pay a base and their
//!   operand's bytes, pages or elements, charged by instrumentation (Winch
//!   does not apply Wasmtime's variable operator costs).
//! - No cost depends on the node's environment: wasm backtraces are not
//!   captured on traps (a trap's cost would grow with the stack, uncharged)
//!   and `WASMTIME_BACKTRACE_DETAILS` is ignored (it would make compilation
//!   parse debug information).
//! - Exactly the features current `rustc` emits for `wasm32-unknown-unknown`
//!   are on ([`FEATURES`]); threads, SIMD, multi-memory, memory64, GC,
//!   exceptions, tail calls and the component model are off.
//! - Every compile runs on a fresh engine of the same configuration
//!   ([`compiler`]) and its code is loaded into the running one, so no
//!   compile's time depends on what the node compiled before.
//! - Wasmtime's own compilation cache is off. Compiled artifacts a node
//!   keeps on disk (`artifacts.rs`) are keyed by a fingerprint of this
//!   configuration and checksummed, so nothing stale or damaged is loaded.
//! - Instances come from Wasmtime's pooling allocator ([`pooling`]): memory,
//!   table and instance slots reserved once, sized from the [`Limits`], and
//!   reused (a slot's memory is reset to the next module's initial image
//!   first). Instantiating from the pool, with dirtied pages reset in place,
//!   made an instantiate-and-return call 7x faster (28.8 to 4.1 µs).
//! - A contract's initial memory is written by copying its data segments at
//!   instantiation (charged per byte of code with the instantiation), never
//!   mapped copy-on-write from a sealed `memfd`: sealing fails with `EBUSY`
//!   on kernels that see a just-written page as still pinned (observed: two
//!   of 122 tests on one Linux 6.18 machine), and a contract's outcome must
//!   not depend on the node's kernel.
//!
//! Stack depth is bounded deterministically by instrumentation (see
//! `instrument.rs`); `max_wasm_stack` is only the safety net behind it.

use wasmtime::{
    Config, Enabled, Engine, InstanceAllocationStrategy, OperatorCost, PoolingAllocationConfig,
    Strategy, WasmBacktraceDetails, WasmFeatures,
};

use crate::semantics::Semantics;
use crate::{Error, Limits};

/// Top-level executions that may hold instances at once. A further one waits
/// until one ends (see `slots.rs`): how many threads a node runs contracts on
/// must never decide whether an execution succeeds.
pub const CONCURRENT_EXECUTIONS: u32 = 8;

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
/// contract within [`Limits`], identically on every machine.
/// The thread running the VM must have at least this much stack free, plus
/// room for host frames.
pub const MAX_WASM_STACK: usize = 1024 * 1024;

/// The flat fuel cost of each operator under `semantics`:
/// [`operators::fuel_table`](crate::operators::fuel_table). The
/// operand-dependent costs are zero here: the instrumentation charges them,
/// with each library call's base.
pub fn operator_costs(semantics: Semantics) -> OperatorCost {
    crate::operators::fuel_table(semantics)
}

/// Bytes of a memory or table slot reset in place (the pages a contract
/// dirtied, found with Linux's `PAGEMAP_SCAN`, written back to their initial
/// contents) instead of returned to the kernel: 2 MiB covers a Rust
/// contract's 1 MiB stack and its data. Returning pages cost a page fault for
/// each on the next call, two-thirds of a short call's time.
const KEEP_RESIDENT: usize = 2 << 20;

/// Pages of a contract's memory the pool keeps resident (2 MiB): beyond them, a
/// page is returned to the kernel after each execution and faulted in again
/// by the next that touches it (charged from version 6:
/// [`FUEL_PER_UNKEPT_PAGE`](crate::operators::FUEL_PER_UNKEPT_PAGE)).
pub const RESIDENT_PAGES: u64 = (KEEP_RESIDENT >> 16) as u64;

/// Bytes of one table element (a function reference) in a table slot.
const TABLE_ELEMENT_BYTES: usize = 8;

/// The pooling allocator's slots: for each of [`CONCURRENT_EXECUTIONS`], one
/// instance, memory and table per frame of the deepest call stack
/// (`max_call_depth`), each as large as `limits` let a contract's be.
pub fn pooling(limits: &Limits) -> PoolingAllocationConfig {
    let instances = CONCURRENT_EXECUTIONS * limits.execution.max_call_depth;
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(0)
        .total_core_instances(instances)
        .total_memories(instances)
        .total_tables(instances * limits.code.max_tables)
        .max_memories_per_module(1)
        .max_tables_per_module(limits.code.max_tables)
        .max_memory_size(limits.execution.max_memory_bytes())
        .table_elements(limits.code.max_table_elements as usize)
        .pagemap_scan(Enabled::Auto)
        .linear_memory_keep_resident(KEEP_RESIDENT)
        .table_keep_resident(limits.code.max_table_elements as usize * TABLE_ELEMENT_BYTES);
    pool
}

/// Builds the deterministic, fuel-metered engine every contract runs on
/// under `semantics`, with instance slots for contracts within `limits`.
///
/// # Errors
///
/// [`Error::Internal`] if Wasmtime rejects the configuration (it cannot for
/// this crate's fixed settings on a supported platform).
pub fn new_engine(limits: &Limits, semantics: Semantics) -> Result<Engine, Error> {
    let mut config = config(semantics);
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pooling(limits)));
    build(&config)
}

/// A fresh engine for one compile: the configuration of [`new_engine`]
/// without its instance slots (it never instantiates), so the code it
/// produces loads into that engine.
///
/// Every compile gets its own because a Wasmtime engine keeps the
/// Cranelift contexts it compiled trampolines and start-up code with, and
/// their register allocator clears its largest tables in time proportional
/// to the largest function it ever compiled, many times per function: after
/// one upload whose start-up code writes 15 000 table elements, every later
/// module with many exported or tabled functions compiled 2.2x slower on
/// that engine (measured: the module `upload_code` weighs, 1 MiB, 231 ->
/// 503 ms; 1.57x its upload charge). A compile's time must depend on its
/// code alone, never on what the node compiled before.
///
/// # Errors
///
/// [`Error::Internal`] as for [`new_engine`].
pub fn compiler(semantics: Semantics) -> Result<Engine, Error> {
    build(&config(semantics))
}

/// Everything that decides what code compiles to and how it runs.
fn config(semantics: Semantics) -> Config {
    let mut config = Config::new();
    config
        .memory_init_cow(false)
        .strategy(Strategy::Winch)
        .cranelift_nan_canonicalization(true)
        .consume_fuel(true)
        .operator_cost(operator_costs(semantics))
        .epoch_interruption(false)
        .wasm_backtrace_max_frames(None)
        .wasm_backtrace_details(WasmBacktraceDetails::Disable)
        .max_wasm_stack(MAX_WASM_STACK)
        .wasm_features(WasmFeatures::all(), false)
        .wasm_features(FEATURES, true);
    config
}

fn build(config: &Config) -> Result<Engine, Error> {
    Engine::new(config).map_err(|e| Error::Internal(format!("engine configuration: {e}")))
}
