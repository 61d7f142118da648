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
//! contracts cost 1.8 to 2.6 units per byte under version 4 (small ones
//! more: their fixed costs fall in the allowance); the default budget is
//! 3.25.
//!
//! Wasmtime compiles more than the functions, with Cranelift: a trampoline
//! for every function callable from outside the module's code, one for
//! every distinct function type (calls into the host go through it), and a
//! start-up function that initializes the globals, the active data segments
//! (copied at instantiation: copy-on-write images are off) and every
//! element the table images cannot hold (passive segments, and active ones
//! it cannot place at compile time), each in code of its own. From version
//! 4, the semantics count all of them ([`module`]) at 50 ns per unit, the
//! time a unit of ordinary code takes, but for functions' trampolines,
//! priced at 80 so that functions in the table (of 24 parameters) stay the
//! code slowest per unit by a margin; versions 1 to 3 counted a trampoline
//! per imported function instead of per type, priced functions'
//! trampolines at about 125 ns per unit, and counted the start-up code not
//! at all. The `upload_code` benchmark is made of functions in the table,
//! and vm-bench's compile-shapes section checks at three sizes that no
//! module compiles slower per unit than it.

//! The model decides which uploads a chain accepts, so it is part of the
//! VM's [semantics](crate::semantics): a change to any figure is a new
//! version, and each figure below is that of every version unless its
//! documentation says otherwise.

use std::collections::BTreeSet;

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

/// Units of a trampoline in versions 1 to 3: Wasmtime compiles one (with
/// Cranelift) for each defined function callable from outside the module's
/// code (exported, or in an element segment; each distinct one counted
/// once); those versions also counted one per imported function. Real
/// contracts put hundreds of functions in their table. Measured at 455 plus
/// 16 per parameter and result (against ordinary code of a module carrying
/// the hostile suite's wide types, whose own trampolines made it look 1.5x
/// slower per unit than it is).
pub const TRAMPOLINE: u64 = 512;

/// Units a trampoline costs per parameter and result of its function, in
/// versions 1 to 3.
pub const TRAMPOLINE_VALUE: u64 = 24;

/// In versions 1 to 3, a trampoline also costs one unit per this many pairs
/// of its function's parameters and results: Cranelift compiles it in time
/// that grows with the square of its values. Measured (256 functions in the
/// table, each compiled with its trampoline): flat per unit up to 200
/// values, then 2x the per-unit time at 400 values and 3.8x at 1 000 (the
/// wasmparser maximum); a least-squares fit gives one unit per 13 pairs,
/// and 8 covers the widest 1.5x.
pub const TRAMPOLINE_PAIRS_PER_UNIT: u64 = 8;

/// How a kind of trampoline is priced from version 4: a base, units per
/// parameter and result, and one unit per `squares_per_unit` of the square
/// of its values (`(params + results)²` for a function's, `params² +
/// results²` for a type's, as measured).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrampolinePrice {
    /// Units of the trampoline of a function or type without values.
    pub base: u64,
    /// Units per parameter and result.
    pub per_value: u64,
    /// Squares of values per unit.
    pub squares_per_unit: u64,
}

/// From version 4, the trampoline Wasmtime compiles (with Cranelift) for
/// each defined function callable from outside the module's code: exported,
/// in an element segment, or named by a global's initializer (each distinct
/// one counted once). Measured: 64 µs without values, 150 µs for 24
/// parameters, 14.3 ms for 1 000. Priced at 80 ns per unit where everything
/// else is priced at 50 (what a unit of ordinary code takes: vm-bench,
/// 2026-12-07, Arithmetic 49 to 54 ns per unit at every size), on purpose:
/// functions in the table are then the code slowest per unit, by a margin
/// over every shape without them, and the `upload_code` benchmark, made of
/// them, weighs an upload for the slowest code the budget accepts whatever
/// the machine's noise.
pub const FUNCTION_TRAMPOLINE: TrampolinePrice = TrampolinePrice {
    base: 800,
    per_value: 48,
    squares_per_unit: 8,
};

/// From version 4, the trampoline Wasmtime compiles (with Cranelift) for
/// each distinct function type, through which code calls the host (imported
/// functions have none of their own). Measured: 55 µs, plus 2.5 µs per
/// parameter and result and 11 ns per square of the parameters and of the
/// results (1 000 parameters: 13.7 ms); priced at 50 ns per unit.
pub const TYPE_TRAMPOLINE: TrampolinePrice = TrampolinePrice {
    base: 1_152,
    per_value: 56,
    squares_per_unit: 4,
};

/// Units a table element costs beyond its bytes (measured at ~3: a table
/// filled by 256 segments).
pub const TABLE_ELEMENT: u64 = 4;

/// Units a defined global costs beyond its bytes, from version 4: the
/// start-up function initializes it (measured at 0.4 µs for an `i32`, 2.8
/// µs for a null `funcref`).
pub const GLOBAL: u64 = 64;

/// Units an active data segment costs beyond its bytes, from version 4: the
/// start-up function copies it in code of its own, compiled twice (for
/// both of the start-up function's calling conventions): measured at 52
/// µs.
pub const DATA_SEGMENT: u64 = 1_152;

/// Units each element the start-up function writes costs beyond its bytes
/// and [`TABLE_ELEMENT`], from version 4: every element of a passive
/// segment, and of every active segment from the first one Wasmtime cannot
/// put in the table's image at compile time (one given as expressions, at
/// an offset that is not a constant, or past the table's initial size).
/// Measured at 4.9 µs each.
pub const INSTANTIATED_ELEMENT: u64 = 96;

/// Bytes of code each element the start-up function writes counts as when
/// a frame is charged for loading its contract (`Schedule::instantiate`),
/// from version 4: writing one took 46 ns at each instantiation, 15 bytes
/// at the dev node's 3 ns per byte. (The compile-cost budget bounds them
/// too: each needs [`INSTANTIATED_ELEMENT`] units, 25 bytes' share of the
/// budget, beyond the allowance.)
pub const INSTANTIATED_ELEMENT_BYTES: u64 = 32;

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

/// Units of the trampoline of a function of type `ty` in versions 1 to 3.
pub fn trampoline(ty: &FuncType) -> u64 {
    let values = (ty.params().len() + ty.results().len()) as u64;
    TRAMPOLINE + TRAMPOLINE_VALUE * values + values * values / TRAMPOLINE_PAIRS_PER_UNIT
}

impl TrampolinePrice {
    /// Units of the trampoline for a function of type `ty` (from version 4).
    pub fn of_function(self, ty: &FuncType) -> u64 {
        let values = (ty.params().len() + ty.results().len()) as u64;
        self.base + self.per_value * values + values * values / self.squares_per_unit
    }

    /// Units of the trampoline for the function type `ty` (from version 4).
    pub fn of_type(self, ty: &FuncType) -> u64 {
        let (params, results) = (ty.params().len() as u64, ty.results().len() as u64);
        self.base
            + self.per_value * (params + results)
            + (params * params + results * results) / self.squares_per_unit
    }
}

/// What a module holds outside its function bodies that Wasmtime compiles
/// code for, as validation counts it.
pub struct Sections<'a> {
    /// Every function type of the type section.
    pub types: &'a [FuncType],
    /// The type of each imported function.
    pub imported: Vec<&'a FuncType>,
    /// The type of each function callable from outside the module's code
    /// (exported, or in an element segment), imported or defined.
    pub escaping: Vec<&'a FuncType>,
    /// The type of each defined function among them.
    pub escaping_defined: Vec<&'a FuncType>,
    /// The type of each defined function a global's initializer names
    /// (`ref.func`) and that is not among `escaping`.
    pub named_by_globals: Vec<&'a FuncType>,
    /// Defined globals.
    pub globals: u32,
    /// Active data segments.
    pub active_data_segments: u32,
    /// Elements the start-up function writes (see [`INSTANTIATED_ELEMENT`]).
    pub instantiated_elements: u64,
}

/// The length a frame is charged for loading a contract of `code_len`
/// bytes whose start-up function writes `instantiated_elements` elements,
/// under `semantics` (`Schedule::instantiate` is per byte): its code's, and
/// from version 4 [`INSTANTIATED_ELEMENT_BYTES`] for each element.
pub fn load_len(code_len: usize, instantiated_elements: u64, semantics: Semantics) -> usize {
    let elements = match semantics {
        Semantics::V1 | Semantics::V2 | Semantics::V3 => 0,
        Semantics::V4 | Semantics::V5 | Semantics::V6 => {
            instantiated_elements * INSTANTIATED_ELEMENT_BYTES
        }
    };
    code_len.saturating_add(usize::try_from(elements).unwrap_or(usize::MAX))
}

/// Units of everything in `sections` under `semantics`: trampolines, and
/// from version 4 the start-up function's work.
pub fn module(sections: &Sections<'_>, semantics: Semantics) -> u64 {
    let sum = |types: &[&FuncType], units: fn(&FuncType) -> u64| -> u64 {
        types.iter().map(|ty| units(ty)).sum()
    };
    match semantics {
        Semantics::V1 | Semantics::V2 | Semantics::V3 => {
            sum(&sections.imported, trampoline) + sum(&sections.escaping, trampoline)
        }
        Semantics::V4 | Semantics::V5 | Semantics::V6 => {
            let distinct: BTreeSet<&FuncType> = sections.types.iter().collect();
            let types: u64 = distinct
                .into_iter()
                .map(|ty| TYPE_TRAMPOLINE.of_type(ty))
                .sum();
            let functions = |ty: &FuncType| FUNCTION_TRAMPOLINE.of_function(ty);
            types
                + sum(&sections.escaping_defined, functions)
                + sum(&sections.named_by_globals, functions)
                + GLOBAL * u64::from(sections.globals)
                + DATA_SEGMENT * u64::from(sections.active_data_segments)
                + INSTANTIATED_ELEMENT * sections.instantiated_elements
        }
    }
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
