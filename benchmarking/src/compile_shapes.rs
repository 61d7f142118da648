//! The "compile shapes" section: runtime-vm's compile time per byte for
//! modules made of one shape each (`tests/hostile`'s compile bombs),
//! validated, instrumented and compiled as an upload is, beside what the
//! pallet charges for the upload (`upload_code`'s weight for the module's
//! length and function count). The worst shape, not ordinary code, decides
//! what the weight must cover. Targets: worst shape at most 3x ordinary
//! code, ordinary code at most 300 ns per byte, and no shape compiling
//! longer than its upload is charged.

use std::time::Duration;

use runtime_vm::{Limits, Schedule, Vm};
use runtime_vm_hostile::compile::{module, Shape};

use crate::measure::{median, show, worst, Plan};

/// One shape, measured.
pub struct Measured {
    shape: Shape,
    bytes: usize,
    time: Duration,
    /// The `ref_time` its upload is charged, in picoseconds.
    charged: u64,
}

impl Measured {
    fn ns_per_byte(&self) -> f64 {
        self.time.as_nanos() as f64 / self.bytes as f64
    }

    /// Wall time over charged `ref_time`: above 1, the upload bought more
    /// compile time than it paid for.
    fn over_charged(&self) -> f64 {
        self.time.as_nanos() as f64 * 1_000.0 / self.charged as f64
    }
}

/// What the pallet charges for uploading `code` (its `upload_code` weight
/// for the code's length and function count), in picoseconds of `ref_time`.
fn upload_charge(vm: &Vm, code: &[u8]) -> u64 {
    use pallet_wasm_contracts::WeightInfo;
    let functions = vm.validate(code).expect("valid").usage.functions;
    <() as WeightInfo>::upload_code(code.len() as u32, functions).ref_time()
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
                charged: upload_charge(&vm, &code),
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
        "| shape | module | compile | ns per byte | vs ordinary | upload charged | compile / charged |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {:?} | {} KB | {} | {:.0} | {:.2}x | {} | {:.2}x |\n",
            row.shape,
            row.bytes / 1000,
            show(row.time),
            row.ns_per_byte(),
            row.ns_per_byte() / ordinary,
            show(Duration::from_nanos(row.charged / 1_000)),
            row.over_charged()
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
    if let Some(worst) = worst(rows, Measured::over_charged) {
        out.push_str(&format!(
            "Least covered: {:?}, compiles in {:.2}x the time its upload is charged. Target: at most 1x.\n",
            worst.shape,
            worst.over_charged()
        ));
    }
    out
}
