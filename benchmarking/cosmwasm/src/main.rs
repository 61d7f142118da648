//! `vm-bench-cosmwasm`: vm-bench's CosmWasm rows, on runtime-vm and on
//! cosmwasm-vm 3.0.10, warm caches, in-memory storage, both in this one
//! process, on the same wasm bytes:
//! - the main table's cw20-base `transfer` (the crates.io release,
//!   unmodified), built for the MVP feature set by `build.rs`, because
//!   cosmwasm-vm rejects the bulk-memory instructions today's rustc emits;
//! - the host section's rows per kind of CosmWasm host call
//!   (`host_calls.rs`).
//!
//! vm-bench spawns it (see `../Cargo.toml` for why it is a process of its
//! own) and reads one line per row from stdout:
//! `row<TAB>section<TAB>workload<TAB>engine<TAB>median nanoseconds<TAB>note`.
//! Before timing, both engines' answers are compared (for cw20-base the
//! transfer's attributes, the full storage and a balance query); a
//! difference exits with code 2.

mod engines;
mod host_calls;
#[path = "../../src/measure.rs"]
#[allow(dead_code, reason = "vm-bench's table formatting is not used here")]
mod measure;
#[path = "../../src/wat_loop.rs"]
mod wat_loop;

use std::time::Duration;

use engines::{human, CosmwasmVm, OursCw, CALLER};
use measure::{warm_and_cold, Plan};

/// The engine names vm-bench's tables use.
const RUNTIME_VM: &str = "runtime-vm";
const COSMWASM_VM: &str = "cosmwasm-vm 3.0.10 (singlepass)";

/// One measured row, as vm-bench prints it.
struct Row {
    workload: String,
    engine: &'static str,
    time: Duration,
    note: String,
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let plan = if quick {
        Plan {
            warmup: 1,
            samples: 3,
        }
    } else {
        Plan {
            warmup: 20,
            samples: 201,
        }
    };
    print_rows("main", &cw20(plan));
    print_rows("host", &host_calls::measure(quick, plan));
}

fn print_rows(section: &str, rows: &[Row]) {
    for row in rows {
        println!(
            "row\t{section}\t{}\t{}\t{}\t{}",
            row.workload,
            row.engine,
            row.time.as_nanos(),
            row.note
        );
    }
}

/// cw20-base's transfer on both engines, warm and with the CPU's caches cold.
fn cw20(plan: Plan) -> Vec<Row> {
    let code: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cw20_base_mvp.wasm"));
    let instantiate = format!(
        r#"{{"name":"Bench","symbol":"BNC","decimals":0,"initial_balances":[{{"address":"{}","amount":"1000000000"}}]}}"#,
        human(CALLER)
    );
    let transfer = format!(
        r#"{{"transfer":{{"recipient":"{}","amount":"1"}}}}"#,
        human([0xB0; 32])
    );
    let balance = format!(r#"{{"balance":{{"address":"{}"}}}}"#, human(CALLER));

    let mut ours = OursCw::new(code);
    ours.instantiate(instantiate.as_bytes());
    let mut theirs = CosmwasmVm::new(code).unwrap_or_else(|reason| {
        eprintln!("cosmwasm-vm rejects the cw20-base wasm: {reason}");
        std::process::exit(2);
    });
    theirs.instantiate(instantiate.as_bytes());
    let (a, b) = (
        (ours.execute(transfer.as_bytes()), ours.storage()),
        (theirs.execute(transfer.as_bytes()), theirs.storage()),
    );
    if a != b {
        eprintln!("MISMATCH in cw20 transfer: cosmwasm-vm disagrees with runtime-vm");
        eprintln!("  runtime-vm: {a:?}\n  cosmwasm-vm: {b:?}");
        std::process::exit(2);
    }
    let (a, b) = (
        ours.query(balance.as_bytes()),
        theirs.query(balance.as_bytes()),
    );
    if a != b {
        eprintln!("MISMATCH in cw20 balance query: {a:?} vs {b:?}");
        std::process::exit(2);
    }

    let name = "cw20-base transfer (crates.io wasm)";
    let input = "wasm built with -C target-cpu=mvp + build-std: cosmwasm-vm rejects bulk memory";
    let mut rows = Vec::new();
    for (workload, timing) in warm_and_cold(name) {
        let ours_time = timing(plan, &mut || drop(ours.execute(transfer.as_bytes())));
        let theirs_time = timing(plan, &mut || drop(theirs.execute(transfer.as_bytes())));
        rows.push(Row {
            workload: workload.clone(),
            engine: RUNTIME_VM,
            time: ours_time,
            note: format!("{} fuel; {input}", ours.fuel),
        });
        rows.push(Row {
            workload,
            engine: COSMWASM_VM,
            time: theirs_time,
            note: format!("{} CosmWasm gas", theirs.gas),
        });
    }
    rows
}
