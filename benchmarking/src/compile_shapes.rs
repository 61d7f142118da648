//! The "compile shapes" section: runtime-vm's compile time per byte for
//! modules made of one shape each (`tests/hostile`'s compile bombs), as
//! dense as validation's compile-cost budget accepts, validated,
//! instrumented and compiled as an upload is, beside what the pallet
//! charges for the upload (`upload_code`'s weight for the module's length).
//! Each shape is measured at three sizes (64 KiB, 256 KiB, the largest): a
//! module's fixed costs (its types' trampolines, its start-up code) weigh
//! most in a small one, and the upload weight's intercept must cover them.
//! The worst shape, not ordinary code, decides what the weight must cover.
//! Real contracts (cw-plus) follow, for comparison: they are what the
//! compile-cost model must never refuse. Last, the module the `upload_code`
//! benchmark weighs (`pallet_wasm_contracts::benchmark_contracts::sized`):
//! the upload weight covers every module only if no code compiles slower
//! per unit of compile cost than it, at the margin (a unit more of it,
//! between the two largest sizes: a small module's fixed costs make it slow
//! per unit, and the weight's intercept covers them). Targets: worst shape
//! at most 3x ordinary code, ordinary code at most 300 ns per byte, no
//! module compiling longer than its upload is charged, and no shape slower
//! at the margin than the benchmark's module. The weighed module is compiled again after every
//! shape of its size: what a node compiled before must not slow a compile.

use std::time::Duration;

use runtime_vm::{CodeLimits, Limits, Schedule, Semantics, Vm};
use runtime_vm_hostile::compile::{densest_accepted, module, Shape};

use crate::measure::{median_from, show, worst, Plan};

/// One module, measured.
pub struct Measured {
    /// The shape, or the real contract.
    name: String,
    /// The size its module was built at, in KiB.
    size_kib: usize,
    /// Rounds of ordinary code per round of the shape it took to be
    /// accepted (none for real contracts).
    dilution: Option<u32>,
    bytes: usize,
    /// Its compile cost per byte (`runtime_vm::compile_cost`).
    cost_per_byte: f64,
    /// Nanoseconds per byte of the shape undiluted, compiled without the
    /// budget (before it existed); none for real contracts.
    undiluted_ns_per_byte: Option<f64>,
    time: Duration,
    /// The `ref_time` its upload is charged, in picoseconds.
    charged: u64,
}

impl Measured {
    fn ns_per_byte(&self) -> f64 {
        self.time.as_nanos() as f64 / self.bytes as f64
    }

    /// Nanoseconds per unit of compile cost; none for data alone, which
    /// has no compile cost to divide by.
    fn ns_per_unit(&self) -> Option<f64> {
        (self.cost_per_byte >= 0.01).then(|| self.ns_per_byte() / self.cost_per_byte)
    }

    /// Wall time over charged `ref_time`: above 1, the upload bought more
    /// compile time than it paid for.
    fn over_charged(&self) -> f64 {
        self.time.as_nanos() as f64 * 1_000.0 / self.charged as f64
    }
}

/// The row of ordinary code, the unit of the table.
const ORDINARY: &str = "Arithmetic";

/// The row of the module the `upload_code` benchmark weighs.
const WEIGHED: &str = "upload_code's module (weighed)";

/// The same module compiled again after every shape of its size.
const WEIGHED_AFTER: &str = "upload_code's module, after the shapes";

/// What the pallet charges for uploading `code` (its `upload_code` weight
/// for the code's length, with the pallet's margin for the machine's
/// drift), in picoseconds of `ref_time`.
fn upload_charge(code: &[u8]) -> u64 {
    pallet_wasm_contracts::upload_weight::<()>(code.len() as u32).ref_time()
}

/// Every shape at each size, and the real contracts.
pub fn measure(quick: bool) -> Vec<Measured> {
    // Full: up to the largest code and function body `Limits` accept.
    let limits = Limits::default();
    let function_len = if quick {
        4 << 10
    } else {
        limits.code.max_function_body_len as usize - (4 << 10)
    };
    let largest = limits.code.max_code_len as usize - (16 << 10);
    let sizes = if quick {
        vec![16 << 10]
    } else {
        // Headroom for the module's own sections at the largest.
        vec![64 << 10, 256 << 10, largest]
    };
    // Compiles take milliseconds to seconds: few samples suffice.
    let plan = Plan {
        warmup: 0,
        samples: if quick { 1 } else { 3 },
    };
    // Without the compile-cost budget: the shapes as they compiled before it.
    let unbounded = Vm::new(
        Semantics::LATEST,
        Limits {
            code: CodeLimits {
                max_compile_cost_per_kib: u32::MAX,
                ..limits.clone().code
            },
            ..limits.clone()
        },
        Schedule::default(),
        64 << 20,
    )
    .expect("engine");
    let vm = Vm::new(Semantics::LATEST, limits, Schedule::default(), 64 << 20).expect("engine");
    let compile_time = |vm: &Vm, name: &str, code: &[u8]| {
        let hash = runtime_vm::code_hash(code);
        // Emptying the cache drops the previous sample's module: work, but
        // not this compile's.
        median_from(
            plan,
            || vm.clear_cache(),
            |()| {
                vm.prepare(&hash, code)
                    .unwrap_or_else(|e| panic!("{name} is not a valid contract: {e}"));
            },
        )
    };
    let measure = |name: String, size_kib: usize, dilution: Option<u32>, code: &[u8]| {
        let cost = vm.validate(code).expect("accepted").usage.compile_cost;
        Measured {
            time: compile_time(&vm, &name, code),
            name,
            size_kib,
            dilution,
            bytes: code.len(),
            cost_per_byte: cost as f64 / code.len() as f64,
            undiluted_ns_per_byte: None,
            charged: upload_charge(code),
        }
    };
    // One compile unmeasured first: a process's first compiles pay for
    // growing its heap (the weighed 64 KiB module, measured first, took
    // 1.45x what it took after the shapes), which a node paid long before.
    let largest_size = *sizes.last().expect("a size");
    let warm_up = pallet_wasm_contracts::benchmark_contracts::sized(
        largest_size as u32,
        &Limits::default(),
        b"warm-up",
    );
    compile_time(&vm, "warm-up", &warm_up);
    let mut rows = Vec::new();
    for &code_len in &sizes {
        let size_kib = code_len >> 10;
        let function_len = function_len.min(code_len / 4);
        // The weighed module first: its compile is the reference each
        // shape's is set against.
        let weighed = pallet_wasm_contracts::benchmark_contracts::sized(
            code_len as u32,
            &Limits::default(),
            b"vm-bench",
        );
        rows.push(measure(WEIGHED.to_string(), size_kib, None, &weighed));
        for shape in Shape::ALL {
            let accepts = |code: &[u8]| vm.validate(code).is_ok();
            // A shape whose fixed part (a wide type's trampoline) leaves a
            // small module no budget for the rest is not a module at all.
            let Some((code, dilution)) = densest_accepted(shape, code_len, function_len, accepts)
            else {
                continue;
            };
            rows.push(measure(
                format!("{shape:?}"),
                size_kib,
                Some(dilution),
                &code,
            ));
        }
        // Again after every shape: a compile's time is its code's alone,
        // whatever the engine compiled before (`engine::compiler`).
        rows.push(measure(WEIGHED_AFTER.to_string(), size_kib, None, &weighed));
    }
    let contracts = [
        ("cw20-base", runtime_vm_fixtures::CW20_BASE),
        ("cw1-whitelist", runtime_vm_fixtures::CW1_WHITELIST),
        ("cw721-base", runtime_vm_fixtures::CW721_BASE),
    ]
    .into_iter()
    .map(|(name, code)| measure(format!("{name} (real)"), code.len() >> 10, None, code));
    rows.extend(contracts);
    // The undiluted compiles last (allocating gigabytes, they leave the
    // process slower for a while), at the largest size only, and not in
    // quick mode: the slowest code by design, and no path the diluted
    // compile does not take.
    if !quick {
        for row in rows.iter_mut().filter(|row| row.size_kib == largest >> 10) {
            let Some(shape) = Shape::ALL
                .into_iter()
                .find(|s| format!("{s:?}") == row.name)
            else {
                continue;
            };
            let undiluted = module(shape, largest, function_len, 0);
            let before = compile_time(&unbounded, &row.name, &undiluted);
            row.undiluted_ns_per_byte = Some(before.as_nanos() as f64 / undiluted.len() as f64);
        }
    }
    rows
}

/// The sizes the shapes were measured at, in KiB, smallest first.
fn shape_sizes(rows: &[Measured]) -> Vec<usize> {
    let mut sizes: Vec<usize> = rows
        .iter()
        .filter(|row| row.dilution.is_some())
        .map(|row| row.size_kib)
        .collect();
    sizes.dedup();
    sizes
}

/// The section's tables, one per size (real contracts with the largest),
/// each with its worst shape, and the targets over every size.
pub fn table(rows: &[Measured]) -> String {
    let sizes = shape_sizes(rows);
    let largest = sizes.last().copied().unwrap_or(0);
    let mut out = String::new();
    for &size in &sizes {
        let group: Vec<&Measured> = rows
            .iter()
            .filter(|row| {
                let real = row.dilution.is_none()
                    && ![WEIGHED, WEIGHED_AFTER].contains(&row.name.as_str());
                if real {
                    size == largest
                } else {
                    row.size_kib == size
                }
            })
            .collect();
        out.push_str(&format!("**Modules of {size} KiB**\n\n"));
        out.push_str(&size_table(&group));
        out.push('\n');
    }
    out.push_str(&margin_table(rows));
    if let Some(worst) = worst(rows, Measured::over_charged) {
        out.push_str(&format!(
            "Least covered at any size: {} ({} KiB), compiles in {:.2}x the time its upload is charged. Target: at most 1x.\n",
            worst.name,
            worst.size_kib,
            worst.over_charged()
        ));
    }
    out
}

/// One size's table: its rows, its worst shape per byte and its least
/// covered module.
fn size_table(rows: &[&Measured]) -> String {
    let ordinary = rows
        .iter()
        .find(|row| row.name == ORDINARY)
        .map_or(f64::NAN, |row| row.ns_per_byte());
    let mut out = String::from(
        "| shape | dilution | module | compile cost per byte | compile | ns per byte | ns per unit of cost | vs ordinary | upload charged | compile / charged | undiluted: ns per byte | undiluted: vs ordinary |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | {} | {} KB | {:.2} | {} | {:.0} | {} | {:.2}x | {} | {:.2}x | {} | {} |\n",
            row.name,
            row.dilution.map_or("-".to_string(), |d| d.to_string()),
            row.bytes / 1000,
            row.cost_per_byte,
            show(row.time),
            row.ns_per_byte(),
            row.ns_per_unit()
                .map_or("-".to_string(), |ns| format!("{ns:.1}")),
            row.ns_per_byte() / ordinary,
            show(Duration::from_nanos(row.charged / 1_000)),
            row.over_charged(),
            row.undiluted_ns_per_byte
                .map_or("-".to_string(), |ns| format!("{ns:.0}")),
            row.undiluted_ns_per_byte
                .map_or("-".to_string(), |ns| format!("{:.2}x", ns / ordinary)),
        ));
    }
    if let Some(worst) = worst(rows, |row| row.ns_per_byte()) {
        out.push_str(&format!(
            "\nWorst: {}, {:.0} ns per byte, {:.1}x ordinary code ({ordinary:.0} ns per byte). \
             Targets: at most 3x ordinary, ordinary at most 300 ns per byte.\n",
            worst.name,
            worst.ns_per_byte(),
            worst.ns_per_byte() / ordinary
        ));
    }
    if let Some(worst) = worst(rows, |row| row.over_charged()) {
        out.push_str(&format!(
            "Least covered: {}, compiles in {:.2}x the time its upload is charged. Target: at most 1x.\n",
            worst.name,
            worst.over_charged()
        ));
    }
    out
}

/// A module's compile time, in nanoseconds, and its compile cost, in units.
fn time_and_units(row: &Measured) -> (f64, f64) {
    (
        row.time.as_nanos() as f64,
        row.cost_per_byte * row.bytes as f64,
    )
}

/// Each shape's nanoseconds per unit of compile cost at the margin, between
/// its two largest sizes, beside the weighed module's: what a unit more of
/// that code costs, apart from a module's fixed costs (which make small
/// modules slow per unit and which the upload weight's intercept covers).
/// The upload weight covers every module by construction when no code is
/// slower at the margin than the weighed module and every module is within
/// its charge at each size. Empty with fewer than two sizes.
fn margin_table(rows: &[Measured]) -> String {
    let sizes = shape_sizes(rows);
    let [.., small, large] = sizes[..] else {
        return String::new();
    };
    let at = |name: &str, size: usize| {
        rows.iter()
            .find(|row| row.name == name && row.size_kib == size)
            .map(time_and_units)
    };
    let margin = |name: &str| {
        let ((small_ns, small_units), (large_ns, large_units)) =
            (at(name, small)?, at(name, large)?);
        Some((large_ns - small_ns) / (large_units - small_units))
    };
    let Some(weighed) = margin(WEIGHED) else {
        return String::new();
    };
    let margins: Vec<(String, f64)> = Shape::ALL
        .iter()
        .map(|shape| format!("{shape:?}"))
        .filter_map(|name| {
            let ns = margin(&name)?;
            Some((name, ns))
        })
        .collect();
    let mut out = format!(
        "**At the margin, between {small} KiB and {large} KiB**\n\n\
         | shape | ns per unit of cost | vs the weighed module |\n|---|---:|---:|\n\
         | {WEIGHED} | {weighed:.1} | 1.00x |\n"
    );
    for (name, ns) in &margins {
        out.push_str(&format!("| {name} | {ns:.1} | {:.2}x |\n", ns / weighed));
    }
    if let Some((name, ns)) = worst(&margins, |(_, ns)| *ns) {
        out.push_str(&format!(
            "\nSlowest at the margin: {name}, {ns:.1} ns per unit of compile cost, {:.2}x the module \
             `upload_code` weighs ({weighed:.1} ns). Target: at most 1x (with every module within its \
             charge at each size, the weight then covers every module by construction).\n\n",
            ns / weighed
        ));
    }
    out
}
