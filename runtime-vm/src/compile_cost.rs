//! The compile-cost model: how long a module takes to compile, in units of
//! one byte of ordinary code, counted by validation before anything is
//! compiled.
//!
//! The baseline compiler (Winch) is linear in a module's size, but not
//! equally so for every byte: a `call_indirect` takes as long as ~50 bytes of
//! arithmetic, each function ~200, each function in the table ~400 more (a
//! trampoline), a loop (with its fuel check) ~20. Code dense in them would
//! compile many times slower per byte than ordinary code, and an upload
//! would have to be weighed for the worst of them. So every byte and every
//! operator of a function body costs one unit, each operator below its
//! extra units on top, and each defined function, local, table element and
//! trampoline its own (data and custom sections are not compiled and cost
//! nothing here); [`Limits::max_compile_cost_per_kib`](crate::Limits)
//! bounds the total per byte of the module. Every module validation accepts
//! then compiles within a constant factor of ordinary code per byte, and an
//! upload is weighed for the slowest code per byte that budget accepts.
//!
//! Each figure is measured (vm-bench's "compile time per byte by shape" and
//! one shape per operator family), rounded up so the model over-estimates
//! every shape: any mix of them then compiles within the sum. Real
//! contracts cost 1.8 to 2.2 units per byte (small ones more: their fixed
//! costs fall in the allowance); the default budget is 2.75. Per unit, real
//! contracts and functions in the table (their trampolines are compiled by
//! Cranelift) compile slowest, about 1.4x the generated shapes: the
//! `upload_code` benchmark is made of such functions.

use wasmparser::{FuncType, Operator};

/// Units a defined function costs beyond its bytes: Winch's fixed work per
/// function (prologue, epilogue, fuel and stack-height checks, relocation),
/// measured at 195.
pub const FUNCTION: u64 = 256;

/// Units each declared local (parameters included) costs: the prologue
/// zeroes it, so a few bytes declaring thousands of locals are thousands of
/// stores (measured at 0.6).
pub const LOCAL: u64 = 1;

/// Units of a trampoline: Wasmtime compiles one (with Cranelift) for each
/// imported function and each function callable from outside the module's
/// code (exported, or in an element segment; each distinct one counted
/// once). Real contracts put hundreds of functions in their table. Measured
/// at 455 plus 16 per parameter and result.
pub const TRAMPOLINE: u64 = 512;

/// Units a trampoline costs per parameter and result of its function.
pub const TRAMPOLINE_VALUE: u64 = 24;

/// Units a table element costs beyond its bytes (measured at ~3: a table
/// filled by 256 segments).
pub const TABLE_ELEMENT: u64 = 4;

/// Units every operator costs beyond its bytes: the compiler's work per
/// operator hardly depends on its length (a one-byte `i32.and` costs about
/// as much as a three-byte load), so dense one-byte code would otherwise
/// cost more than its bytes.
pub const OPERATOR: u64 = 1;

/// Units `op` costs beyond its own bytes.
pub fn operator(op: &Operator<'_>) -> u64 {
    OPERATOR + extra(op)
}

/// Units of the trampoline of a function of type `ty`.
pub fn trampoline(ty: &FuncType) -> u64 {
    TRAMPOLINE + TRAMPOLINE_VALUE * (ty.params().len() + ty.results().len()) as u64
}

/// Units a function body of `len` bytes with `locals` locals (parameters
/// included) costs before its operators ([`operator`]): its bytes,
/// [`FUNCTION`] and its locals.
pub fn function(len: usize, locals: u32) -> u64 {
    len as u64 + FUNCTION + u64::from(locals) * LOCAL
}

/// Units `op` costs beyond its bytes and [`OPERATOR`].
fn extra(op: &Operator<'_>) -> u64 {
    use Operator as O;
    match op {
        // Measured at 42 (with its table lookup, lazy initialisation and signature check).
        O::CallIndirect { .. } => 56,
        // Library calls: bulk memory and `memory.grow` each also get a
        // charging call from the instrumentation (measured 17 to 48).
        O::MemoryCopy { .. }
        | O::MemoryFill { .. }
        | O::MemoryInit { .. }
        | O::MemoryGrow { .. }
        | O::TableGrow { .. }
        | O::TableFill { .. }
        | O::TableCopy { .. }
        | O::TableInit { .. }
        | O::DataDrop { .. }
        | O::ElemDrop { .. } => 64,
        // A table read with lazy initialisation (measured 17), and taking a
        // function reference (the same lookup).
        O::TableGet { .. } | O::RefFunc { .. } => 24,
        // A loop header's fuel check (measured 14).
        O::Loop { .. } => 18,
        // A call: argument moves, spills, stack-height bookkeeping (measured 8).
        O::Call { .. } => 12,
        O::TableSet { .. } => 8,
        O::If { .. } => 8,
        O::BrTable { targets } => 4 + 2 * u64::from(targets.len()),
        O::Block { .. } | O::Else | O::Br { .. } | O::BrIf { .. } => 3,
        O::Return | O::Unreachable => 4,
        O::I32DivS | O::I32DivU | O::I32RemS | O::I32RemU => 3,
        O::I64DivS | O::I64DivU | O::I64RemS | O::I64RemU => 3,
        // Floating point, above all the trapping and saturating
        // conversions (measured up to 7).
        op if is_float(op) => 9,
        _ => 0,
    }
}

/// Whether `op` computes on floats: arithmetic, comparisons and
/// conversions (loads, stores, constants and bit reinterpretations are
/// plain moves and cost their bytes only).
fn is_float(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::F32Eq
            | O::F32Ne
            | O::F32Lt
            | O::F32Gt
            | O::F32Le
            | O::F32Ge
            | O::F64Eq
            | O::F64Ne
            | O::F64Lt
            | O::F64Gt
            | O::F64Le
            | O::F64Ge
            | O::F32Abs
            | O::F32Neg
            | O::F32Ceil
            | O::F32Floor
            | O::F32Trunc
            | O::F32Nearest
            | O::F32Sqrt
            | O::F32Add
            | O::F32Sub
            | O::F32Mul
            | O::F32Div
            | O::F32Min
            | O::F32Max
            | O::F32Copysign
            | O::F64Abs
            | O::F64Neg
            | O::F64Ceil
            | O::F64Floor
            | O::F64Trunc
            | O::F64Nearest
            | O::F64Sqrt
            | O::F64Add
            | O::F64Sub
            | O::F64Mul
            | O::F64Div
            | O::F64Min
            | O::F64Max
            | O::F64Copysign
            | O::I32TruncF32S
            | O::I32TruncF32U
            | O::I32TruncF64S
            | O::I32TruncF64U
            | O::I64TruncF32S
            | O::I64TruncF32U
            | O::I64TruncF64S
            | O::I64TruncF64U
            | O::F32ConvertI32S
            | O::F32ConvertI32U
            | O::F32ConvertI64S
            | O::F32ConvertI64U
            | O::F32DemoteF64
            | O::F64ConvertI32S
            | O::F64ConvertI32U
            | O::F64ConvertI64S
            | O::F64ConvertI64U
            | O::F64PromoteF32
            | O::I32TruncSatF32S
            | O::I32TruncSatF32U
            | O::I32TruncSatF64S
            | O::I32TruncSatF64U
            | O::I64TruncSatF32S
            | O::I64TruncSatF32U
            | O::I64TruncSatF64S
            | O::I64TruncSatF64U
    )
}
