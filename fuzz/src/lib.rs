//! What the fuzz targets share: the VM they run modules on, and the shape of
//! the modules `wasm-smith` generates for them.

use std::sync::OnceLock;

use runtime_vm::abi::Abi;
use runtime_vm::{BlockContext, CallRequest, EntryPoint, Limits, Schedule, Semantics, Vm};

/// The VM every target runs on: the default limits and schedule.
pub fn vm() -> &'static Vm {
    static VM: OnceLock<Vm> = OnceLock::new();
    VM.get_or_init(|| {
        Vm::new(
            Semantics::LATEST,
            Limits::default(),
            Schedule::default(),
            64 << 20,
        )
        .expect("the VM builds")
    })
}

/// Where the targets install the contract they run.
pub const CONTRACT: [u8; 32] = [0xC0; 32];

/// A call of [`CONTRACT`]'s `execute`, with no input or value, from a fixed
/// caller, with `gas_limit` fuel.
pub fn execute(gas_limit: u64) -> CallRequest<'static> {
    CallRequest {
        entry: EntryPoint::Execute,
        contract: CONTRACT,
        caller: [0xA1; 32],
        value: 0,
        input: &[],
        gas_limit,
        block: BlockContext::default(),
        collect_debug: false,
    }
}

/// `wasm-smith` generating contracts of `abi`: its exports (the one memory
/// among them), in runtime-vm's feature set (what `rustc` emits for
/// `wasm32-unknown-unknown`: no SIMD, threads, GC, exceptions, tail calls,
/// memory64 or other proposals), tables within the default [`Limits`],
/// every memory and table with a maximum (so every engine grows them alike)
/// and no start function.
pub fn contract_config(abi: Abi) -> wasm_smith::Config {
    let limits = Limits::default();
    wasm_smith::Config {
        exports: Some(exports_of(abi)),
        simd_enabled: false,
        relaxed_simd_enabled: false,
        threads_enabled: false,
        shared_everything_threads_enabled: false,
        gc_enabled: false,
        exceptions_enabled: false,
        tail_call_enabled: false,
        memory64_enabled: false,
        custom_page_sizes_enabled: false,
        wide_arithmetic_enabled: false,
        extended_const_enabled: false,
        custom_descriptors_enabled: false,
        allow_start_export: false,
        // The exports bring the memory; no other may be added.
        max_memories: 0,
        min_memories: 0,
        max_memory32_bytes: limits.execution.max_memory_bytes() as u64,
        memory_max_size_required: true,
        max_tables: limits.code.max_tables as usize,
        max_table_elements: u64::from(limits.code.max_table_elements),
        table_max_size_required: true,
        ..wasm_smith::Config::default()
    }
}

/// How `execute` of a module ended, as every engine can report it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// It returned this status.
    Returned(i32),
    /// It trapped, for this reason.
    Trapped(Trap),
}

/// A trap the WebAssembly specification defines, named alike by every engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trap {
    /// `unreachable`.
    Unreachable,
    /// A load, store or bulk operation outside memory (also a data segment).
    MemoryOutOfBounds,
    /// A table access outside the table (also an element segment).
    TableOutOfBounds,
    /// An indirect call to a null entry.
    IndirectCallToNull,
    /// An indirect call with the wrong signature.
    IndirectCallTypeMismatch,
    /// Integer division by zero.
    IntegerDivisionByZero,
    /// Signed division overflow.
    IntegerOverflow,
    /// A float-to-int conversion out of range.
    BadConversionToInteger,
}

/// The required exports of a native contract (`memory`, `execute`), of a
/// CosmWasm one (the interface marker, `allocate`, `deallocate`, `memory`,
/// `execute`) and of an ink! one (`deploy`, `call`), as modules for
/// `wasm_smith::Config::exports`.
fn exports_of(abi: Abi) -> Vec<u8> {
    let wat = match abi {
        Abi::Native => {
            r#"(module (memory (export "memory") 1)
                 (func (export "execute") (param i32 i32) (result i32) unreachable))"#
        }
        Abi::CosmWasm => {
            r#"(module (memory (export "memory") 1)
                 (func (export "interface_version_8"))
                 (func (export "allocate") (param i32) (result i32) unreachable)
                 (func (export "deallocate") (param i32))
                 (func (export "execute") (param i32 i32 i32) (result i32) unreachable))"#
        }
        // Its memory is imported (`imports_of`).
        Abi::Ink => {
            r#"(module (func (export "deploy") unreachable)
                 (func (export "call") unreachable))"#
        }
    };
    wat::parse_str(wat).expect("valid wat")
}

/// The imports of an ABI (and an ink! contract's memory), as a module for
/// `wasm_smith::Config::available_imports`.
pub fn imports_of(abi: Abi) -> Vec<u8> {
    let table = runtime_vm::abi::imports(abi);
    let memory = match abi {
        Abi::Ink => r#"(import "env" "memory" (memory 1 16))"#,
        Abi::Native | Abi::CosmWasm => "",
    };
    let wat = format!(
        "(module\n{}{memory})",
        runtime_vm_hostile::imports_wat(table)
    );
    wat::parse_str(wat).expect("valid wat")
}
