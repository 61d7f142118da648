//! Every operator a contract may use, priced in one table.
//!
//! Each operator of [`FEATURES`](crate::engine::FEATURES) belongs to one
//! [`Family`], and each family has one [`Price`] in each version of the
//! semantics ([`Semantics`]; a version changes a price by matching on it in
//! [`Family::price`]): the flat fuel Winch
//! charges for it (Wasmtime's per-operator cost table, built from
//! [`fuel_table`]), the compile units validation counts for it
//! ([`compile_cost`](crate::compile_cost) adds what depends on its types),
//! and, for the operators Winch compiles to a call into Wasmtime's runtime
//! (a "library call"), the charge the instrumentation makes before it runs:
//! a base for the call itself, plus, where the work depends on an operand,
//! a price per byte, page or table element of it ([`Charge`]).
//!
//! The table is a list of operator names per family, so an operator
//! without a family does not compile into [`family`]: a test enumerates
//! every operator wasmparser knows for the enabled proposals and fails on
//! any the table lacks, or any it prices that contracts cannot use.
//!
//! # Why a family's price covers its operators
//!
//! - **Plain** operators (arithmetic, comparisons, locals, globals, loads,
//!   stores, constants, `select`, `memory.size`, `table.size`, `ref.null`,
//!   `ref.is_null`) are a few instructions each, inline: one fuel each, the
//!   calibration unit (`RefTimePerFuel` is measured on Winch's slowest code
//!   per fuel, a loop). A load's latency grows with the memory it can miss
//!   the caches over: from version 6 every unit of fuel is paid at the
//!   memory's rate (`gas::memory_rate`), not the loads alone.
//! - **Long-latency** operators are priced by their slowest use, a chain in
//!   which each waits for the last (vm-bench's "hostile" rows, the dev
//!   build's Winch code, on the reference machine): per link of a few
//!   plain operators and one of them, `f64.sqrt` 9.1 ns, `f64.div` and the
//!   trapping `i64.trunc_f64_s` 7.0 ns, `f32.min` 5.4 ns, `f64.nearest`
//!   4.5 ns, `i64.rem_s` 4.8 ns, `i64.div_u` 3.7 ns, even `f64.mul` 3.2 ns
//!   (a float local goes through memory). At 1 fuel (95 ps) these chains
//!   bought 6x to 17x their charge; **FloatHeavy** (20 fuel), **Float** (4)
//!   and **Division** (8) bring the worst to about 4x. **FloatRounding**
//!   was priced as FloatHeavy until semantics 2, which charges it 8.
//! - **Control** operators cost what Wasmtime charges by default (blocks and
//!   `end` nothing) and calls their frame's setup. Winch flushes the fuel it
//!   has counted to memory at every branch, `end` and call, and checks it at
//!   each loop header: a header after one fuel of code takes 2.2 ns, so a
//!   loop costs 6 fuel on entry (9.7x at one).
//! - **Library calls** leave the compiled code: Winch spills its registers
//!   and calls into Wasmtime's runtime, which looks up the instance, the
//!   table or memory, checks bounds and does the work. None of that is
//!   metered by Winch, so the instrumentation inserts a host call before
//!   each that charges its family's [`Charge`]: a base covering the
//!   charging call and the library call at the cheapest operand (measured
//!   per family, zero lengths included), and a price per byte, page or
//!   table element of its operand, before the operator runs: a zero-length
//!   `memory.fill`, a `table.grow` by 0 or an `elem.drop` pay what they cost.
//!
//! The bases were measured in a loop of each operator at its cheapest
//! operand, the charging call included (vm-bench's "hostile" rows), on a
//! machine also running a build: `memory.copy`/`memory.init` 14-15 ns,
//! `memory.fill` 92-97 ns, `memory.grow` 31-33 ns, `table.grow` 24-26 ns,
//! `ref.func` 42-45 ns, `table.get`/`data.drop`/`elem.drop` 12-19 ns; each
//! base is about twice its family's figure, at the dev node's 95 ps per fuel.

use wasmparser::Operator;

use crate::semantics::Semantics;

/// Fuel each byte of `memory.copy`, `memory.fill` and `memory.init` costs,
/// on top of its [`Charge`]'s base.
pub const FUEL_PER_BYTE: u64 = 1;

/// Fuel each page `memory.grow` asks for costs (granted or not), on top of
/// its base: the pool's slot is reset and the page mapped.
pub const FUEL_PER_PAGE: u64 = 100;

/// Fuel each page of memory beyond the pool slot's resident part
/// ([`RESIDENT_PAGES`](crate::engine::RESIDENT_PAGES)) costs from version 6
/// when it becomes accessible (a module's initial pages, a granted
/// `memory.grow`): its 16 pages of the host are mapped and zeroed by the
/// kernel when first touched, and returned to it after the execution.
/// Touching one byte of each over a 16 MiB memory took 25 to 31 µs per page
/// (5.8 to 7.1 ms for 224 pages) where version 5 charged 17 ns; 200 000
/// fuel is 33 µs on the dev node.
pub const FUEL_PER_UNKEPT_PAGE: u64 = 200_000;

/// Fuel each table element `table.copy`, `table.fill`, `table.init` and
/// `table.grow` handles costs, on top of their base: a function reference
/// resolved (lazily initialised, for `table.init`) and written. Measured
/// over a whole 4 096-element table: `table.copy` 2.0 to 3.2 ns per element
/// (the slowest; the machine also running a build), `table.init` 0.8 to
/// 0.9, `table.fill` 0.8 to 1.3; 48 fuel is 4.6 ns.
pub const FUEL_PER_TABLE_ELEMENT: u64 = 48;

/// What the instrumentation charges before a library call: one host
/// function per charge (named `name`), which takes the operator's length,
/// page or element count from the top of the stack if it has a per-unit
/// price, and gives it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Charge {
    /// The charging import's name.
    pub name: &'static str,
    /// Fuel charged whatever the operand.
    pub base: u64,
    /// Fuel per unit of the operand on top of the stack, if it reads one.
    pub per_unit: Option<u64>,
}

/// `memory.copy`, `memory.init`.
const MEMORY_COPY: Charge = Charge {
    name: "charge_memory_copy",
    base: 300,
    per_unit: Some(FUEL_PER_BYTE),
};
/// `memory.fill` (its library call is the slowest at zero length).
const MEMORY_FILL: Charge = Charge {
    name: "charge_memory_fill",
    base: 2_000,
    per_unit: Some(FUEL_PER_BYTE),
};
/// `memory.grow`: the frame moves to the rate of the memory it asks for
/// (`gas::rerate`), once charged.
pub const MEMORY_GROW: Charge = Charge {
    name: "charge_memory_grow",
    base: 700,
    per_unit: Some(FUEL_PER_PAGE),
};
/// `table.copy`, `table.fill`, `table.init`, `table.grow`.
const BULK_TABLE: Charge = Charge {
    name: "charge_bulk_table",
    base: 600,
    per_unit: Some(FUEL_PER_TABLE_ELEMENT),
};
/// `ref.func`.
const REF_FUNC: Charge = Charge {
    name: "charge_ref_func",
    base: 1_000,
    per_unit: None,
};
/// `table.get`, `data.drop`, `elem.drop`.
const LIBRARY_CALL: Charge = Charge {
    name: "charge_library_call",
    base: 400,
    per_unit: None,
};

/// Every charge, in the order the instrumentation imports them: the same
/// in every version of the semantics (a test checks; a version changing one
/// makes this list a function of it).
pub const CHARGES: [Charge; 6] = [
    MEMORY_COPY,
    MEMORY_FILL,
    MEMORY_GROW,
    BULK_TABLE,
    REF_FUNC,
    LIBRARY_CALL,
];

impl Charge {
    /// The fuel charged for `units` of the operand (ignored without a per-unit price).
    pub fn fuel(&self, units: u32) -> u64 {
        let per_unit = self.per_unit.unwrap_or(0);
        u64::from(units)
            .saturating_mul(per_unit)
            .saturating_add(self.base)
    }
}

/// What an operator costs: Winch's flat fuel, its compile units beyond its
/// bytes, and the instrumentation's charge, if it is a library call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Price {
    /// Fuel Winch charges each time the operator runs.
    pub fuel: u8,
    /// Compile units beyond the operator's bytes and [`compile_cost::OPERATOR`](crate::compile_cost::OPERATOR)
    /// (what depends on its types is [`compile_cost`](crate::compile_cost)'s).
    pub compile: u64,
    /// The charge the instrumentation makes before it runs.
    pub charge: Option<Charge>,
}

impl Price {
    const fn inline(fuel: u8, compile: u64) -> Self {
        Self {
            fuel,
            compile,
            charge: None,
        }
    }

    /// A library call: one fuel from Winch, the rest charged by the
    /// instrumentation; its compile units include the charging call.
    const fn library(charge: Charge) -> Self {
        Self {
            fuel: 1,
            compile: 64,
            charge: Some(charge),
        }
    }
}

/// The families operators are priced by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// No code of its own: `nop`, `drop`, `end`.
    Free,
    /// A block boundary: `block`, `else`.
    Block,
    /// A loop header (its fuel check; the body pays per iteration).
    Loop,
    /// A conditional: `if`.
    If,
    /// A branch: `br`, `br_if`.
    Branch,
    /// `br_table` (its targets are counted by `compile_cost`).
    BrTable,
    /// Leaving the function: `return`, `unreachable`.
    Exit,
    /// A direct call.
    Call,
    /// An indirect call: table lookup, lazy initialisation, signature check.
    CallIndirect,
    /// A few inline instructions.
    Plain,
    /// Integer division and remainder (a trap check each).
    Division,
    /// Floating point arithmetic, comparisons and conversions of short
    /// latency.
    Float,
    /// Floating point division, square root, `min`/`max` and the trapping
    /// truncations to integers: long latencies, priced by a chain of them.
    FloatHeavy,
    /// Floating point rounding to an integral value: `ceil`, `floor`,
    /// `trunc`, `nearest`.
    FloatRounding,
    /// `table.set`: an inline store.
    TableSet,
    /// `ref.func`: a library call returning the function's reference.
    RefFunc,
    /// A library call with no length: `table.get`, `data.drop`, `elem.drop`.
    LibraryCall,
    /// `memory.copy`, `memory.init`: per byte.
    MemoryCopy,
    /// `memory.fill`: per byte.
    MemoryFill,
    /// `memory.grow`: per page.
    MemoryGrow,
    /// `table.copy`, `table.fill`, `table.init`, `table.grow`: per element.
    BulkTable,
}

impl Family {
    /// The family's price under `semantics`.
    pub const fn price(self, semantics: Semantics) -> Price {
        match self {
            Family::Free => Price::inline(0, 0),
            Family::Block => Price::inline(0, 3),
            // A loop header: Winch flushes the fuel counted so far to memory
            // and checks it (2.2 ns per header, entered and left unlooped,
            // with one fuel of code before each). Charged once per entry:
            // the check each iteration repeats is paid by the back edge.
            Family::Loop => Price::inline(6, 18),
            Family::If => Price::inline(1, 8),
            Family::Branch => Price::inline(1, 3),
            Family::BrTable => Price::inline(1, 4),
            Family::Exit => Price::inline(0, 4),
            // Argument moves, spills, stack-height bookkeeping (measured at 8).
            Family::Call => Price::inline(2, 12),
            // Measured at 42 units.
            Family::CallIndirect => Price::inline(3, 56),
            Family::Plain => Price::inline(1, 0),
            // A chain of `i64.rem_s`: 4.8 ns per link of five operators.
            Family::Division => Price::inline(8, 3),
            // Above all the trapping and saturating conversions (measured up to 7).
            // A chain of `f64.mul` through a local: 3.2 ns per link of four
            // operators (a float local is stored and reloaded each time).
            Family::Float => Price::inline(4, 9),
            // A chain of `f64.sqrt`: 9.1 ns per link of five operators.
            Family::FloatHeavy => Price::inline(20, 9),
            Family::FloatRounding => match semantics {
                Semantics::V1 => Family::FloatHeavy.price(semantics),
                // One instruction (SSE4.1's `round`): a chain of `f64.ceil`
                // took 4.5 ns per link of four operators, `f32.floor`
                // (through `f64`) 6.3 ns per link of six, where `f64.sqrt`'s
                // took 9.1: at 20 they paid 1.7x and 1.9x, at 8 3.1x and
                // 2.8x, as the other families.
                Semantics::V2 | Semantics::V3 | Semantics::V4 | Semantics::V5 | Semantics::V6 => {
                    Price::inline(8, 9)
                }
            },
            Family::TableSet => Price::inline(1, 8),
            Family::RefFunc => Price::library(REF_FUNC),
            Family::LibraryCall => Price::library(LIBRARY_CALL),
            Family::MemoryCopy => Price::library(MEMORY_COPY),
            Family::MemoryFill => Price::library(MEMORY_FILL),
            Family::MemoryGrow => Price::library(MEMORY_GROW),
            Family::BulkTable => Price::library(BULK_TABLE),
        }
    }
}

macro_rules! operator_table {
    ($($family:ident: [$($op:ident),* $(,)?])*) => {
        /// The family of `op`, or `None` for an operator contracts may not
        /// use (validation refuses those before anything asks).
        pub fn family(op: &Operator<'_>) -> Option<Family> {
            match op {
                $($(Operator::$op { .. } => Some(Family::$family),)*)*
                _ => None,
            }
        }

        /// Every operator the table prices, by its name in wasmparser's
        /// `Operator`, with its family.
        pub const PRICED: &[(&str, Family)] = &[$($((stringify!($op), Family::$family),)*)*];

        /// Wasmtime's per-operator fuel table under `semantics`, from the
        /// families' prices (operators contracts cannot use keep Wasmtime's
        /// default).
        pub fn fuel_table(semantics: Semantics) -> wasmtime::OperatorCost {
            let mut costs = wasmtime::OperatorCost::new();
            $($(costs.$op = Family::$family.price(semantics).fuel;)*)*
            // The instrumentation charges every operand-dependent part.
            costs.variable.memory_copy_per_byte = 0;
            costs.variable.memory_fill_per_byte = 0;
            costs.variable.memory_init_per_byte = 0;
            costs.variable.memory_grow_per_page = 0;
            costs.variable.table_copy_per_element = 0;
            costs.variable.table_fill_per_element = 0;
            costs.variable.table_init_per_element = 0;
            costs.variable.table_grow_per_element = 0;
            costs
        }
    };
}

operator_table! {
    Free: [Nop, Drop, End]
    Block: [Block, Else]
    Loop: [Loop]
    If: [If]
    Branch: [Br, BrIf]
    BrTable: [BrTable]
    Exit: [Return, Unreachable]
    Call: [Call]
    CallIndirect: [CallIndirect]
    Plain: [
        Select, TypedSelect, TypedSelectMulti,
        LocalGet, LocalSet, LocalTee, GlobalGet, GlobalSet,
        I32Load, I64Load, F32Load, F64Load, I32Load8S, I32Load8U, I32Load16S, I32Load16U,
        I64Load8S, I64Load8U, I64Load16S, I64Load16U, I64Load32S, I64Load32U,
        I32Store, I64Store, F32Store, F64Store, I32Store8, I32Store16,
        I64Store8, I64Store16, I64Store32,
        MemorySize, TableSize, RefNull, RefIsNull,
        I32Const, I64Const, F32Const, F64Const,
        I32Eqz, I32Eq, I32Ne, I32LtS, I32LtU, I32GtS, I32GtU, I32LeS, I32LeU, I32GeS, I32GeU,
        I64Eqz, I64Eq, I64Ne, I64LtS, I64LtU, I64GtS, I64GtU, I64LeS, I64LeU, I64GeS, I64GeU,
        I32Clz, I32Ctz, I32Popcnt, I32Add, I32Sub, I32Mul,
        I32And, I32Or, I32Xor, I32Shl, I32ShrS, I32ShrU, I32Rotl, I32Rotr,
        I64Clz, I64Ctz, I64Popcnt, I64Add, I64Sub, I64Mul,
        I64And, I64Or, I64Xor, I64Shl, I64ShrS, I64ShrU, I64Rotl, I64Rotr,
        I32WrapI64, I64ExtendI32S, I64ExtendI32U,
        I32ReinterpretF32, I64ReinterpretF64, F32ReinterpretI32, F64ReinterpretI64,
        I32Extend8S, I32Extend16S, I64Extend8S, I64Extend16S, I64Extend32S,
    ]
    Division: [I32DivS, I32DivU, I32RemS, I32RemU, I64DivS, I64DivU, I64RemS, I64RemU]
    Float: [
        F32Eq, F32Ne, F32Lt, F32Gt, F32Le, F32Ge, F64Eq, F64Ne, F64Lt, F64Gt, F64Le, F64Ge,
        F32Abs, F32Neg, F32Add, F32Sub, F32Mul, F32Copysign,
        F64Abs, F64Neg, F64Add, F64Sub, F64Mul, F64Copysign,
        F32ConvertI32S, F32ConvertI32U, F32ConvertI64S, F32ConvertI64U, F32DemoteF64,
        F64ConvertI32S, F64ConvertI32U, F64ConvertI64S, F64ConvertI64U, F64PromoteF32,
        I32TruncSatF32S, I32TruncSatF32U, I32TruncSatF64S, I32TruncSatF64U,
        I64TruncSatF32S, I64TruncSatF32U, I64TruncSatF64S, I64TruncSatF64U,
    ]
    FloatHeavy: [
        F32Sqrt, F32Div, F32Min, F32Max, F64Sqrt, F64Div, F64Min, F64Max,
        I32TruncF32S, I32TruncF32U, I32TruncF64S, I32TruncF64U,
        I64TruncF32S, I64TruncF32U, I64TruncF64S, I64TruncF64U,
    ]
    FloatRounding: [
        F32Ceil, F32Floor, F32Trunc, F32Nearest, F64Ceil, F64Floor, F64Trunc, F64Nearest,
    ]
    TableSet: [TableSet]
    RefFunc: [RefFunc]
    LibraryCall: [TableGet, DataDrop, ElemDrop]
    MemoryCopy: [MemoryCopy, MemoryInit]
    MemoryFill: [MemoryFill]
    MemoryGrow: [MemoryGrow]
    BulkTable: [TableCopy, TableFill, TableInit, TableGrow]
}

/// The charge the instrumentation makes before `op` under `semantics`, if
/// it is a library call.
pub(crate) fn charge(op: &Operator<'_>, semantics: Semantics) -> Option<Charge> {
    family(op).and_then(|family| family.price(semantics).charge)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use wasmparser::WasmFeatures;

    use super::*;
    use crate::engine::FEATURES;

    /// Every operator wasmparser knows, as `(proposal, name)`.
    fn every_operator() -> Vec<(&'static str, &'static str)> {
        macro_rules! list {
            ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
                vec![$((stringify!($proposal), stringify!($op)),)*]
            };
        }
        wasmparser::for_each_operator!(list)
    }

    /// The feature each proposal of wasmparser's operator list needs. A
    /// proposal missing here fails the test: a wasmparser upgrade that adds
    /// one must say whether contracts may use it.
    fn feature(proposal: &str) -> WasmFeatures {
        match proposal {
            "mvp" => WasmFeatures::empty(),
            "sign_extension" => WasmFeatures::SIGN_EXTENSION,
            "saturating_float_to_int" => WasmFeatures::SATURATING_FLOAT_TO_INT,
            "bulk_memory" => WasmFeatures::BULK_MEMORY,
            "reference_types" => WasmFeatures::REFERENCE_TYPES,
            "simd" => WasmFeatures::SIMD,
            "relaxed_simd" => WasmFeatures::RELAXED_SIMD,
            "gc" => WasmFeatures::GC,
            "custom_descriptors" => WasmFeatures::CUSTOM_DESCRIPTORS,
            "tail_call" => WasmFeatures::TAIL_CALL,
            "memory_control" => WasmFeatures::MEMORY_CONTROL,
            "threads" => WasmFeatures::THREADS,
            "exceptions" => WasmFeatures::EXCEPTIONS,
            "legacy_exceptions" => WasmFeatures::LEGACY_EXCEPTIONS,
            "shared_everything_threads" => WasmFeatures::SHARED_EVERYTHING_THREADS,
            "function_references" => WasmFeatures::FUNCTION_REFERENCES,
            "stack_switching" => WasmFeatures::STACK_SWITCHING,
            "wide_arithmetic" => WasmFeatures::WIDE_ARITHMETIC,
            other => panic!("wasmparser lists operators of an unknown proposal: {other}"),
        }
    }

    #[test]
    fn every_operator_contracts_may_use_is_priced_once_and_nothing_else() {
        let priced: BTreeMap<&str, Family> = PRICED.iter().copied().collect();
        assert_eq!(priced.len(), PRICED.len(), "an operator is priced twice");
        let mut enabled = Vec::new();
        for (proposal, name) in every_operator() {
            if FEATURES.contains(feature(proposal)) {
                assert!(
                    priced.contains_key(name),
                    "{name} ({proposal}) has no price"
                );
                enabled.push(name);
            } else {
                assert!(
                    !priced.contains_key(name),
                    "{name} ({proposal}) is priced but contracts cannot use it"
                );
            }
        }
        assert_eq!(enabled.len(), PRICED.len());
    }

    #[test]
    fn library_calls_are_charged_before_they_run_and_nothing_else_is() {
        for (semantics, (name, family)) in every_version_and_operator() {
            let library = matches!(
                family,
                Family::RefFunc
                    | Family::LibraryCall
                    | Family::MemoryCopy
                    | Family::MemoryFill
                    | Family::MemoryGrow
                    | Family::BulkTable
            );
            let charged = family.price(semantics).charge.is_some();
            assert_eq!(charged, library, "{name} in {semantics:?}");
        }
    }

    /// Every operator the table prices under every version of the semantics.
    fn every_version_and_operator(
    ) -> impl Iterator<Item = (Semantics, &'static (&'static str, Family))> {
        Semantics::ALL
            .into_iter()
            .flat_map(|semantics| PRICED.iter().map(move |priced| (semantics, priced)))
    }

    #[test]
    fn every_charge_is_imported_once() {
        for (semantics, (name, family)) in every_version_and_operator() {
            if let Some(charge) = family.price(semantics).charge {
                assert_eq!(
                    CHARGES.iter().filter(|c| **c == charge).count(),
                    1,
                    "{name} in {semantics:?}"
                );
            }
        }
        let names: std::collections::BTreeSet<_> = CHARGES.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), CHARGES.len());
    }

    #[test]
    fn the_fuel_table_is_the_families_prices() {
        for semantics in Semantics::ALL {
            let costs = fuel_table(semantics);
            let op = Operator::I32DivU;
            let division = Family::Division.price(semantics).fuel;
            assert_eq!(costs.cost(&op), i64::from(division));
            assert_eq!(costs.cost(&Operator::Call { function_index: 0 }), 2);
            assert_eq!(costs.cost(&Operator::ElemDrop { elem_index: 0 }), 1);
            assert_eq!(costs.cost(&Operator::Nop), 0);
            assert_eq!(costs.variable.table_fill_per_element, 0);
        }
    }

    /// Version 2 differs from 1 in the fuel of rounding alone.
    #[test]
    fn semantics_2_prices_rounding_and_nothing_else_differently() {
        let (v1, v2) = (fuel_table(Semantics::V1), fuel_table(Semantics::V2));
        assert_eq!(v1.cost(&Operator::F64Nearest), 20);
        assert_eq!(v2.cost(&Operator::F64Nearest), 8);
        assert_eq!(v2.cost(&Operator::F32Floor), 8);
        for (name, family) in PRICED {
            let (old, new) = (family.price(Semantics::V1), family.price(Semantics::V2));
            assert_eq!(old == new, *family != Family::FloatRounding, "{name}");
            assert_eq!(old.compile, new.compile, "{name}");
        }
    }

    /// Versions 3 (an ABI), 4 (the module's start-up code and type
    /// trampolines) and 5 (returned bytes) price every operator as version 2.
    #[test]
    fn semantics_after_2_price_every_operator_as_2() {
        for (name, family) in PRICED {
            let v2 = family.price(Semantics::V2);
            for later in [Semantics::V3, Semantics::V4, Semantics::V5] {
                assert_eq!(v2, family.price(later), "{name} in {later:?}");
            }
        }
    }
}
