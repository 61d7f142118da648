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
//! nothing here); [`CodeLimits::max_compile_cost_per_kib`](crate::Limits)
//! bounds the total per byte of the module. Every module validation accepts
//! then compiles within a constant factor of ordinary code per byte, and an
//! upload is weighed for the slowest code per byte that budget accepts.
//!
//! Each figure is measured (vm-bench's "compile time per byte by shape" and
//! one shape per operator family), rounded up so the model over-estimates
//! every shape: any mix of them then compiles within the sum. Real
//! contracts cost 1.8 to 2.2 units per byte (small ones more: their fixed
//! costs fall in the allowance); the default budget is 2.75. Per unit, functions
//! in the table (their trampolines are compiled by Cranelift) compile
//! slowest, those of 24 parameters the slowest of all (about 1.3x real
//! contracts and the slowest generated shape): the `upload_code` benchmark
//! is made of such functions, and vm-bench's compile-shapes section checks
//! that no shape compiles slower per unit than it.
//!
//! The model decides which uploads a chain accepts, so it is part of the
//! VM's [semantics](crate::semantics): the figures below are those of every
//! version so far, and a change to any is a new version.

use wasmparser::{FuncType, Operator};

use crate::operators;
use crate::semantics::Semantics;

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

/// A trampoline also costs one unit per this many pairs of its function's
/// parameters and results: Cranelift compiles it in time that grows with
/// the square of its values. Measured (256 functions in the table, each
/// compiled with its trampoline): flat per unit up to 200 values, then
/// 2x the per-unit time at 400 values and 3.8x at 1 000 (the wasmparser
/// maximum); a least-squares fit gives one unit per 13 pairs, and 8 covers
/// the widest 1.5x.
pub const TRAMPOLINE_PAIRS_PER_UNIT: u64 = 8;

/// Units a table element costs beyond its bytes (measured at ~3: a table
/// filled by 256 segments).
pub const TABLE_ELEMENT: u64 = 4;

/// Units every operator costs beyond its bytes: the compiler's work per
/// operator hardly depends on its length (a one-byte `i32.and` costs about
/// as much as a three-byte load), so dense one-byte code would otherwise
/// cost more than its bytes.
pub const OPERATOR: u64 = 1;

/// Units each value an operator moves costs (see `validation`'s
/// `values_moved`): a call's parameters and results, a branch target's
/// arity, a block boundary's parameters and results, a `return`'s results.
/// Winch moves each between a register or stack slot and the callee's or
/// the label's location: without this, 2 bytes of `call` to a function of
/// 1 000 parameters, or of `br` out of a block of 1 000 results, compiled
/// as 1 000 moves (up to 85x ordinary code per byte). Measured on
/// `tests/hostile`'s wide shapes (1 000 values each, at 1 MiB): a call's
/// parameter takes about 2.2x the `local.get` that pushed it (3 units), so
/// 4 more; blocks, branches and `br_table` targets about 30 ns per value,
/// where a unit of ordinary code takes 60 ns or more on the same machine.
/// One figure for every family, the calls': at their densest accepted, every
/// wide shape compiles within 1.6x ordinary code per byte.
pub const VALUE: u64 = 4;

/// Units `op` costs beyond its own bytes under `semantics`.
pub fn operator(op: &Operator<'_>, semantics: Semantics) -> u64 {
    OPERATOR + extra(op, semantics)
}

/// Units of the trampoline of a function of type `ty`.
pub fn trampoline(ty: &FuncType) -> u64 {
    let values = (ty.params().len() + ty.results().len()) as u64;
    TRAMPOLINE + TRAMPOLINE_VALUE * values + values * values / TRAMPOLINE_PAIRS_PER_UNIT
}

/// Units a function body of `len` bytes with `locals` locals (parameters
/// included) costs before its operators ([`operator`]): its bytes,
/// [`FUNCTION`] and its locals.
pub fn function(len: usize, locals: u32) -> u64 {
    len as u64 + FUNCTION + u64::from(locals) * LOCAL
}

/// Units `op` costs beyond its bytes and [`OPERATOR`]: its family's
/// ([`operators`]), and two per `br_table` target.
fn extra(op: &Operator<'_>, semantics: Semantics) -> u64 {
    let family = operators::family(op).map_or(0, |family| family.price(semantics).compile);
    match op {
        Operator::BrTable { targets } => family + 2 * u64::from(targets.len()),
        _ => family,
    }
}
