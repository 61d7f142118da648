//! `vm-bench-cosmwasm`: vm-bench's row 5, cw20-base's `transfer` (the
//! crates.io release, unmodified) on runtime-vm and on cosmwasm-vm 3.0.10,
//! warm caches, in-memory storage, both in this one process, on the same
//! wasm bytes: built for the MVP feature set by `build.rs`, because
//! cosmwasm-vm rejects the bulk-memory instructions today's rustc emits.
//!
//! vm-bench spawns it (see `../Cargo.toml` for why it is a process of its
//! own) and reads one line per engine from stdout:
//! `row<TAB>engine<TAB>median nanoseconds<TAB>note`. Before timing, both
//! engines' transfer answers (attributes, full storage) and a balance query
//! are compared; a difference exits with code 2.

mod engines;
#[path = "../../src/measure.rs"]
#[allow(dead_code, reason = "vm-bench's table formatting is not used here")]
mod measure;

use engines::{human, CosmwasmVm, OursCw, CALLER};
use measure::{median, Plan};

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
        ours.execute(transfer.as_bytes()),
        theirs.execute(transfer.as_bytes()),
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

    let ours_time = median(plan, || drop(ours.execute(transfer.as_bytes())));
    let theirs_time = median(plan, || drop(theirs.execute(transfer.as_bytes())));
    let input = "wasm built with -C target-cpu=mvp + build-std: cosmwasm-vm rejects bulk memory";
    println!(
        "row\truntime-vm\t{}\t{} fuel; {input}",
        ours_time.as_nanos(),
        ours.fuel
    );
    println!(
        "row\tcosmwasm-vm 3.0.10 (singlepass)\t{}\t{} CosmWasm gas",
        theirs_time.as_nanos(),
        theirs.gas
    );
}
