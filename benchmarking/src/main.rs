//! `vm-bench`: every workload on every engine, in one process, as a table.
//!
//! ```text
//! cargo run --profile bench -p vm-bench                      # full run
//! cargo run --profile bench -p vm-bench -- --markdown benchmarking/RESULTS.md
//! cargo run --profile bench -p vm-bench -- --section shapes   # one section
//! cargo test -p vm-bench                                      # quick mode: proves it works
//! ```
//!
//! The `bench` profile builds every engine alike, each crate in one codegen
//! unit. The quick mode (`--quick`) runs on the test build: its figures
//! measure nothing, its answers are checked all the same.
//!
//! Sections: `main` (the workload table), `host` (each kind of host call),
//! `hostile`, `shapes`; `--markdown`
//! writes the whole page, so it runs them all.
//!
//! Before timing a workload, every engine's answer (return data and final
//! storage) is compared with runtime-vm's; any difference aborts the run with
//! exit code 2, so no figure can come from a wrong answer. Ratios are each
//! engine's median time over runtime-vm's: above 1 means slower than runtime-vm.

mod compile_shapes;
mod engines;
mod host_calls;
mod hostile;
mod ink_peer;
mod measure;
mod wat_loop;
mod workloads;

use std::fmt::Write as _;

use workloads::{Row, Sizes};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let markdown = args
        .iter()
        .position(|a| a == "--markdown")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let section = args
        .iter()
        .position(|a| a == "--section")
        .and_then(|i| args.get(i + 1))
        .filter(|_| markdown.is_none());
    let runs = |name: &str| section.is_none_or(|s| s == name);
    let sizes = if quick { Sizes::quick() } else { Sizes::full() };

    let mut table_text = String::new();
    if runs("main") {
        let mut rows = Vec::new();
        rows.extend(workloads::kernels(sizes));
        rows.extend(workloads::token(sizes));
        rows.extend(workloads::ink_erc20(sizes));
        rows.extend(workloads::cosmwasm(quick, "main"));
        rows.extend(workloads::pallet_call(sizes));
        rows.extend(workloads::compile_and_instantiate(sizes));
        table_text = table(&rows);
        println!("{table_text}");
    }
    let mut host_calls = String::new();
    if runs("host") {
        let mut rows = workloads::storage(sizes);
        rows.extend(host_calls::measure(quick, sizes.plan));
        rows.extend(workloads::cosmwasm(quick, "host"));
        host_calls = table(&rows);
        println!("{HOST_HEADING}\n\n{host_calls}");
    }
    let mut hostile = String::new();
    if runs("hostile") {
        hostile = hostile::table(&hostile::measure(quick, sizes.plan));
        println!("{HOSTILE_HEADING}\n\n{hostile}");
    }
    let mut shapes = String::new();
    if runs("shapes") {
        shapes = compile_shapes::table(&compile_shapes::measure(quick));
        println!("{SHAPES_HEADING}\n\n{shapes}");
    }
    if quick {
        println!("(quick mode: small sizes, few samples; the figures prove the harness runs, they measure nothing)");
    }
    if let Some(path) = markdown {
        let page = format!(
            "{}\n{HOST_HEADING}\n\n{HOST_INTRO}\n\n{host_calls}\n{HOSTILE_HEADING}\n\n{HOSTILE_INTRO}\n\n{hostile}\n{SHAPES_HEADING}\n\n{SHAPES_INTRO}\n\n{shapes}",
            results_page(&table_text)
        );
        std::fs::write(&path, page).expect("write the results file");
        println!("written to {path}");
    }
}

const HOST_HEADING: &str = "## Host calls";
const HOST_INTRO: &str = "A contract writing and reading back 10 000 entries (`tests/fixtures/contracts/bench_storage.rs`), \
then each kind of host call a contract makes, in a loop of one import with valid arguments \
(`benchmarking/src/host_calls.rs`): on runtime-vm; on wasmi running the same host functions (the native ABI's \
charges, checks and `MockHost` calls, `engines::wasmi_engine`); and native Rust making the same `MockHost` calls \
directly, the host's own work. A row's engines (and the empty loops) are sampled in turn, one run of each per round, \
so they share the machine's noise and the heap the process has built up. The note gives the time per call beyond the same contract's empty loop on the same engine, \
and what of it is beyond the host's own work: the engine's host-call path (trampolines, charges, checks, guest memory). \
The last rows are CosmWasm's storage and query imports, in a loop of a CosmWasm contract written for them \
(`benchmarking/cosmwasm/src/host_calls.rs`), on runtime-vm and on cosmwasm-vm 3.0.10 (each engine with its own \
in-memory backend, in vm-bench-cosmwasm's process): time per call beyond the same contract's empty loop.";

const HOSTILE_HEADING: &str = "## Hostile contracts: wall time per charged ref_time";
const HOSTILE_INTRO: &str = "Each run-time attack of runtime-vm's hostile suite (`runtime_vm_hostile::attacks`, which the node's \
e2e `tests/e2e/test/hostile.test.js` deploys too), run with the dev node's calibrated schedule \
(`node-example/runtime/src/gas.rs`) and a whole block's gas, on the in-memory host: wall time over the `ref_time` it was \
charged. Above 1x, the attack bought more node time than it paid for; the target is at most 10x for every row. \
Storage rows are charged the node's database weights but run on an in-memory map, so their factors are low. \
The last rows are every family of inline operators (`runtime_vm::operators::Family`) at its slowest: long-latency \
operations chained so that each waits for the last, 16 per round of a loop; then loads chained the same way, each from an address \
the last decides, over 2, 4, 8 and 16 MiB of memory (`runtime_vm::memory_rate`: 1 up to 2 MiB, 8 up to 4, 16 up to 16), \
where every load can miss the caches; last, a byte written in each 4 KiB of a memory as large as the instance pool keeps \
resident between executions, and of one at the memory limit, whose other pages the kernel faults in, zeroes and takes back.";

const SHAPES_HEADING: &str = "## Compile time per byte by shape";
const SHAPES_INTRO: &str = "Modules at the maximum code size (1 MiB, functions of up to 252 KB) made of one shape each \
(`tests/hostile/src/compile.rs`; tiny and table functions and element segments stop at their `Limits` first, ordinary code filling the rest), each \
diluted with ordinary code (`dilution` rounds of it per round of the shape) until validation's compile-cost budget \
accepts it (`runtime-vm/src/compile_cost.rs`), then validated, instrumented and compiled by runtime-vm as an upload is \
(median of 3); cw-plus contracts (real code) follow, and last the module the `upload_code` benchmark weighs \
(`pallet_wasm_contracts::benchmark_contracts::sized`: table functions of the arity that compiles slowest per unit of \
compile cost, as many as the budget accepts; no code may compile slower per unit than it at the margin, between \
the two largest sizes, or the upload weight would not cover it: the last table; at 64 KiB a module's fixed costs, \
which the weight's intercept covers, make every module slower per unit). Beside each: what the pallet charges for uploading it \
(`upload_code`'s weight for its length, `pallet/src/weights.rs`; compile / charged above 1x would mean an upload \
bought more node time than it paid for), and, for comparison in the same run, the shape undiluted, as it compiled \
before the budget (validation now refuses it).";

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| workload | engine | median | vs runtime-vm | note |\n|---|---|---:|---:|---|\n",
    );
    let mut baseline = None;
    let mut current = "";
    for row in rows {
        if row.workload != current {
            current = &row.workload;
            baseline = row.time.filter(|_| row.engine == "runtime-vm");
        }
        let time = row.time.map_or("n/a".to_string(), measure::show);
        let ratio = match (row.time, baseline) {
            (Some(t), Some(b)) if row.engine != "runtime-vm" => {
                format!("{:.2}x", t.as_secs_f64() / b.as_secs_f64())
            }
            (Some(_), Some(_)) => "1.00x".to_string(),
            _ => "n/a".to_string(),
        };
        writeln!(
            out,
            "| {} | {} | {time} | {ratio} | {} |",
            row.workload, row.engine, row.note
        )
        .unwrap();
    }
    out
}

fn results_page(table: &str) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let date = std::process::Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!(
        "# Benchmark results\n\nMeasured {date} on {cpu}, {cores} cores (a shared machine: expect noise; ratios travel better than times).\n\
         Command: `cargo run --profile bench -p vm-bench -- --markdown benchmarking/RESULTS.md`.\n\n\
         Engines: runtime-vm (Wasmtime 48 + Winch, pooled instances, fuel-metered and stack-instrumented, as the pallet runs it); \
         wasmi 2.0 with fuel metering (the interpreter family of pallet-contracts); cosmwasm-vm 3.0.10 \
         (Wasmer singlepass, metered; the VM of Cosmos chains) on the same cw20-base wasm, in a second process \
         (see benchmarking/cosmwasm/Cargo.toml); the same Wasmtime and compiler unmetered, \
         uninstrumented and allocating instances on demand (the cost of metering); the same Wasmtime with Cranelift, unmetered \
         (the optimizing compiler runtime-vm gave up because its compile time cannot be bounded); native Rust running the same kernels (the physical limit). \
         Every call instantiates afresh, as a contract call does. \
         A warm row times its calls back to back; a \"CPU caches cold\" row writes 32 MiB of other memory (the last-level cache) before each call, untimed, \
         as a node's other work between two calls may. Each figure is a median; a ratio above 1 is slower than runtime-vm.\n\n{table}"
    )
}
