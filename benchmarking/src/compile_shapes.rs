//! The "compile shapes" section: runtime-vm's compile time per byte for
//! modules made of one function shape each (`tests/hostile`'s compile
//! bombs), validated, instrumented and compiled as an upload is. An upload
//! is weighed per byte, so the worst shape, not ordinary code, decides what
//! the weight must cover. Targets: worst shape at most 3x ordinary code,
//! ordinary code at most 300 ns per byte.

use std::time::Duration;

use runtime_vm::{Limits, Schedule, Vm};
use runtime_vm_hostile::compile::{module, Shape};

use crate::measure::{median, show, worst, Plan};

/// One shape, measured.
pub struct Measured {
    shape: Shape,
    bytes: usize,
    time: Duration,
}

impl Measured {
    fn ns_per_byte(&self) -> f64 {
        self.time.as_nanos() as f64 / self.bytes as f64
    }
}

/// Every shape at `code_len` bytes in functions of `function_len` bytes.
pub fn measure(quick: bool) -> Vec<Measured> {
    // Full: the largest code and function body `Limits` accept.
    let limits = Limits::default();
    let (code_len, function_len) = if quick {
        (64 << 10, 16 << 10)
    } else {
        // Headroom for the module's own sections.
        (
            limits.max_code_len as usize - (16 << 10),
            limits.max_function_body_len as usize - (4 << 10),
        )
    };
    // Compiles take milliseconds to seconds: few samples suffice.
    let plan = Plan {
        warmup: 0,
        samples: if quick { 1 } else { 3 },
    };
    let vm = Vm::new(limits, Schedule::default(), 64 << 20).expect("engine");
    Shape::ALL
        .into_iter()
        .map(|shape| {
            let code = module(shape, code_len, function_len);
            let hash = runtime_vm::code_hash(&code);
            let time = median(plan, || {
                vm.clear_cache();
                vm.prepare(&hash, &code)
                    .unwrap_or_else(|e| panic!("{shape:?} is not a valid contract: {e}"));
            });
            Measured {
                shape,
                bytes: code.len(),
                time,
            }
        })
        .collect()
}

/// The section's table, its worst shape and the targets.
pub fn table(rows: &[Measured]) -> String {
    let ordinary = rows
        .iter()
        .find(|row| row.shape == Shape::Arithmetic)
        .map_or(f64::NAN, Measured::ns_per_byte);
    let mut out = String::from(
        "| shape | module | compile | ns per byte | vs ordinary |\n|---|---:|---:|---:|---:|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {:?} | {} KB | {} | {:.0} | {:.2}x |\n",
            row.shape,
            row.bytes / 1000,
            show(row.time),
            row.ns_per_byte(),
            row.ns_per_byte() / ordinary
        ));
    }
    if let Some(worst) = worst(rows, Measured::ns_per_byte) {
        out.push_str(&format!(
            "\nWorst shape: {:?}, {:.0} ns per byte, {:.1}x ordinary code ({ordinary:.0} ns per byte). \
             Targets: at most 3x ordinary, ordinary at most 300 ns per byte.\n",
            worst.shape,
            worst.ns_per_byte(),
            worst.ns_per_byte() / ordinary
        ));
    }
    out
}
