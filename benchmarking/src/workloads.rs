//! The workloads, each run on every engine that can run it, with answers
//! checked to agree before any time is reported.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Duration;

use runtime_vm::testing::MockHost;
use runtime_vm::Host;
use wasmtime::Strategy;

use crate::engines::{plain_wasmtime::Plain, wasmi_engine::Wasmi, Answer, Ours, CONTRACT};
use crate::ink_peer::WasmiInk;
use crate::measure::{median, medians, warm_and_cold, Plan};

/// The optimizing compiler runtime-vm does not use, unmetered.
const CRANELIFT: &str = "wasmtime + Cranelift, no fuel";
const CRANELIFT_NOTE: &str = "the optimizing compiler (compile time unbounded)";

/// One measured cell of the table.
#[derive(Clone)]
pub struct Row {
    pub workload: String,
    pub engine: &'static str,
    pub time: Option<Duration>,
    pub note: String,
}

/// A kernel case: its name, the contract's op code, its size, and the same logic natively.
type Kernel = (String, u8, u32, fn(u32) -> Vec<u8>);

/// Sizes: a quick run proves the harness works; a full run measures.
#[derive(Clone, Copy)]
pub struct Sizes {
    pub loop_rounds: u32,
    pub sha_bytes: u32,
    pub copy_rounds: u32,
    pub storage_entries: u32,
    pub compile_functions: u32,
    pub plan: Plan,
}

impl Sizes {
    pub fn full() -> Self {
        Self {
            loop_rounds: 10_000_000,
            sha_bytes: 1 << 20,
            copy_rounds: 200,
            storage_entries: 10_000,
            compile_functions: 100,
            plan: Plan {
                warmup: 2,
                samples: 11,
            },
        }
    }

    pub fn quick() -> Self {
        Self {
            loop_rounds: 100_000,
            sha_bytes: 16 << 10,
            copy_rounds: 4,
            storage_entries: 200,
            compile_functions: 10,
            plan: Plan {
                warmup: 1,
                samples: 3,
            },
        }
    }
}

/// Fails loudly when two engines disagree: a time from a wrong answer is worthless.
pub fn agree(workload: &str, engine: &str, ours: &Answer, theirs: &Answer) {
    if ours != theirs {
        eprintln!("MISMATCH in {workload}: {engine} disagrees with runtime-vm");
        eprintln!(
            "  runtime-vm: output {:02x?}, {} storage entries",
            ours.output,
            ours.storage.len()
        );
        eprintln!(
            "  {engine}: output {:02x?}, {} storage entries",
            theirs.output,
            theirs.storage.len()
        );
        std::process::exit(2);
    }
}

fn kernel_input(op: u8, n: u32) -> Vec<u8> {
    [&[op][..], &n.to_le_bytes()].concat()
}

/// Rows 1 and 2: kernels inside wasm, on runtime-vm, wasmi, plain Wasmtime and native Rust.
pub fn kernels(sizes: Sizes) -> Vec<Row> {
    let code = runtime_vm_fixtures::BENCH_COMPUTE;
    let cases: [Kernel; 3] = [
        (
            format!("compute: integer loop, {} rounds", sizes.loop_rounds),
            0,
            sizes.loop_rounds,
            |n| bench_kernels::integer_loop(n).to_le_bytes().to_vec(),
        ),
        (
            format!("compute: sha256 of {} KiB in wasm", sizes.sha_bytes >> 10),
            1,
            sizes.sha_bytes,
            |n| bench_kernels::sha256_of_pattern(n).to_vec(),
        ),
        (
            format!("memory: 64 KiB fill+copy x{}", sizes.copy_rounds),
            2,
            sizes.copy_rounds,
            |n| bench_kernels::copy_and_fill(n).to_le_bytes().to_vec(),
        ),
    ];
    let mut rows = Vec::new();
    for (name, op, n, native) in cases {
        let input = kernel_input(op, n);
        let mut ours = Ours::new(code);
        let mut wasmi = Wasmi::new(code);
        let mut plain = Plain::new(code, Strategy::Winch);
        let mut cranelift = Plain::new(code, Strategy::Cranelift);
        let expected = ours.call(&input);
        agree(&name, "wasmi", &expected, &wasmi.run("execute", &input));
        agree(&name, "wasmtime unmetered", &expected, &plain.run(&input));
        agree(
            &name,
            "cranelift unmetered",
            &expected,
            &cranelift.run(&input),
        );
        agree(
            &name,
            "native",
            &expected,
            &Answer {
                output: native(n),
                storage: BTreeMap::new(),
            },
        );

        let fuel = ours.fuel;
        rows.push(Row {
            workload: name.clone(),
            engine: "runtime-vm",
            time: Some(median(sizes.plan, || drop(ours.call(&input)))),
            note: format!("{fuel} fuel"),
        });
        rows.push(Row {
            workload: name.clone(),
            engine: "wasmi 2 (fuel)",
            time: Some(median(sizes.plan, || drop(wasmi.run("execute", &input)))),
            note: String::new(),
        });
        rows.push(Row {
            workload: name.clone(),
            engine: "wasmtime, no fuel",
            time: Some(median(sizes.plan, || drop(plain.run(&input)))),
            note: "metering overhead".into(),
        });
        rows.push(Row {
            workload: name.clone(),
            engine: CRANELIFT,
            time: Some(median(sizes.plan, || drop(cranelift.run(&input)))),
            note: CRANELIFT_NOTE.into(),
        });
        rows.push(Row {
            workload: name,
            engine: "native Rust",
            time: Some(median(sizes.plan, || {
                drop(std::hint::black_box(native(std::hint::black_box(n))))
            })),
            note: String::new(),
        });
    }
    rows
}

/// Row 3: host-call heavy, against in-memory storage.
pub fn storage(sizes: Sizes) -> Vec<Row> {
    let name = format!(
        "host calls: {} storage writes + reads",
        sizes.storage_entries
    );
    let code = runtime_vm_fixtures::BENCH_STORAGE;
    let input = sizes.storage_entries.to_le_bytes().to_vec();
    // The same host calls made directly: the map work alone.
    let native = |n: u32| {
        let mut host = MockHost::new();
        host.start_transaction();
        for i in 0..n {
            host.storage_write(&CONTRACT, &i.to_le_bytes(), &[i as u8; 32]);
        }
        let sum: u64 = (0..n)
            .map(|i| {
                host.storage_read(&CONTRACT, &i.to_le_bytes())
                    .map_or(0, |v| u64::from(v[0]))
            })
            .sum();
        host.commit_transaction();
        (sum.to_le_bytes().to_vec(), host)
    };
    let fresh_ours = || Ours::new(code);
    let fresh_wasmi = || Wasmi::new(code);
    let expected = fresh_ours().call(&input);
    agree(
        &name,
        "wasmi",
        &expected,
        &fresh_wasmi().run("execute", &input),
    );
    let (output, host) = native(sizes.storage_entries);
    let storage = host.contract_storage(&CONTRACT);
    agree(&name, "native", &expected, &Answer { output, storage });

    // Each sample starts from empty storage, so every write creates an
    // entry; it times the execution, not the comparison's copy of storage.
    let (mut ours, mut wasmi) = (fresh_ours(), fresh_wasmi());
    let [ours_time, wasmi_time, native_time] = medians(
        sizes.plan,
        [
            &mut || {
                ours.host = MockHost::new();
                ours.host.add_contract(CONTRACT, code.to_vec());
                drop(ours.execute(&input));
            },
            &mut || {
                wasmi.host = MockHost::new();
                drop(wasmi.execute("execute", &input));
            },
            &mut || drop(std::hint::black_box(native(sizes.storage_entries))),
        ],
    );
    vec![
        Row {
            workload: name.clone(),
            engine: "runtime-vm",
            time: Some(ours_time),
            note: format!("{} fuel", ours.fuel),
        },
        Row {
            workload: name.clone(),
            engine: "wasmi 2 (fuel)",
            time: Some(wasmi_time),
            note: String::new(),
        },
        Row {
            workload: name,
            engine: "native Rust",
            time: Some(native_time),
            note: "the same MockHost calls".into(),
        },
    ]
}

/// Row 4: the token fixture's `transfer`, warm and with the caches cold.
pub fn token(sizes: Sizes) -> Vec<Row> {
    let name = "token transfer (native-ABI fixture)";
    let code = runtime_vm_fixtures::TOKEN;
    let supply = 1_000_000_000u128.to_le_bytes();
    let transfer = [&[1u8][..], &[0xB0; 32], &1u128.to_le_bytes()].concat();
    let mut ours = Ours::new(code);
    ours.deploy(&supply);
    let mut wasmi = Wasmi::new(code);
    wasmi.run("deploy", &supply);
    let peer = |input: &[u8]| wasmi.run("execute", input);
    call_rows(sizes, name, (&mut ours, peer), &transfer, String::new())
}

/// The rows of a call with `input` on runtime-vm and on wasmi (`peer`),
/// once their answers agree, warm and with the CPU's caches cold.
fn call_rows(
    sizes: Sizes,
    name: &str,
    (ours, mut peer): (&mut Ours, impl FnMut(&[u8]) -> Answer),
    input: &[u8],
    note: String,
) -> Vec<Row> {
    agree(name, "wasmi", &ours.call(input), &peer(input));
    let mut rows = Vec::new();
    for (workload, timing) in warm_and_cold(name) {
        let ours_time = timing(sizes.plan, &mut || drop(ours.call(input)));
        let peer_time = timing(sizes.plan, &mut || drop(peer(input)));
        rows.push(Row {
            workload: workload.clone(),
            engine: "runtime-vm",
            time: Some(ours_time),
            note: format!("{} fuel", ours.fuel),
        });
        rows.push(Row {
            workload,
            engine: "wasmi 2 (fuel)",
            time: Some(peer_time),
            note: note.clone(),
        });
    }
    rows
}

/// Row 4b: ink!'s erc20 (our fixture, built by cargo-contract) `transfer`,
/// warm and with the caches cold: the same wasm on runtime-vm and on wasmi running it as
/// pallet-contracts does, with the same host functions.
pub fn ink_erc20(sizes: Sizes) -> Vec<Row> {
    let name = "erc20 transfer (ink! 5, cargo-contract)";
    let metadata = runtime_vm_fixtures::InkMetadata::of("ink_erc20");
    let code = runtime_vm_fixtures::INK_ERC20;
    let new = metadata.constructor("new", &1_000_000_000u128.to_le_bytes());
    let args = [&[0xB0; 32][..], &1u128.to_le_bytes()].concat();
    let transfer = metadata.message("transfer", &args);
    let mut ours = Ours::ink(code);
    ours.deploy(&new);
    let mut wasmi = WasmiInk::new(code);
    wasmi.run("deploy", &new);
    let peer = |input: &[u8]| wasmi.run("call", input);
    let note = "pallet-contracts' host functions, a linker per call".to_string();
    call_rows(sizes, name, (&mut ours, peer), &transfer, note)
}

/// The CosmWasm rows of `section` (`main`: cw20-base's `transfer`; `host`:
/// each kind of CosmWasm host call) on runtime-vm and on cosmwasm-vm
/// 3.0.10, run by `vm-bench-cosmwasm` in a process of its own (see its
/// manifest for why); both engines share that process, and it checks their
/// answers. It runs once per vm-bench run, for every section. It is built
/// as this harness was: optimised in the `bench` profile, or unoptimised
/// (CI's quick run on the test build).
pub fn cosmwasm(quick: bool, section: &str) -> Vec<Row> {
    static ROWS: OnceLock<Vec<(String, Row)>> = OnceLock::new();
    ROWS.get_or_init(|| run_vm_bench_cosmwasm(quick))
        .iter()
        .filter(|(of, _)| of == section)
        .map(|(_, row)| row.clone())
        .collect()
}

fn run_vm_bench_cosmwasm(quick: bool) -> Vec<(String, Row)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/cosmwasm/Cargo.toml");
    let profile = if cfg!(debug_assertions) {
        "dev"
    } else {
        "bench"
    };
    let mut command = std::process::Command::new(cargo);
    command.args([
        "run",
        "--profile",
        profile,
        "--quiet",
        "--manifest-path",
        manifest,
    ]);
    // Beside this workspace's builds, never in the same directory: a workspace
    // of its own shares nothing with them, and `cargo test` may hold their lock.
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        command
            .arg("--target-dir")
            .arg(std::path::Path::new(&target).join("vm-bench-cosmwasm"));
    }
    command.arg("--");
    if quick {
        command.arg("--quick");
    }
    let output = command
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("cargo runs vm-bench-cosmwasm");
    match output.status.code() {
        Some(0) => {}
        Some(2) => {
            eprintln!("MISMATCH in a CosmWasm row: see vm-bench-cosmwasm's message above");
            std::process::exit(2);
        }
        _ => {
            eprintln!("vm-bench-cosmwasm failed: {}", output.status);
            std::process::exit(1);
        }
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let mut fields = line.strip_prefix("row\t")?.split('\t');
            let section = fields.next()?.to_string();
            let workload = fields.next()?.to_string();
            let (engine, nanos, note) = (fields.next()?, fields.next()?, fields.next()?);
            let row = Row {
                workload,
                engine: if engine == "runtime-vm" {
                    "runtime-vm"
                } else {
                    "cosmwasm-vm 3.0.10 (singlepass)"
                },
                time: Some(Duration::from_nanos(nanos.parse().ok()?)),
                note: note.into(),
            };
            Some((section, row))
        })
        .collect()
}

/// Loading `code`'s compiled artifact from disk on a cache miss (as a
/// restarted node does), and what the dev node charges every call for
/// loading code of that size.
fn artifact_load(code: &[u8], sizes: Sizes) -> (Duration, Duration) {
    let root = std::env::temp_dir().join(format!("vm-bench-artifacts-{}", std::process::id()));
    let ours = Ours::new(code);
    ours.vm
        .keep_artifacts_in(&root)
        .expect("artifact directory");
    let hash = runtime_vm::code_hash(code);
    ours.vm.prepare(&hash, code).expect("compiles");
    let time = median(sizes.plan, || {
        ours.vm.clear_cache();
        ours.vm.prepare(&hash, code).expect("loads");
    });
    assert_eq!(
        ours.vm.cache_stats().compiled,
        1,
        "every load after the first compile"
    );
    let _ = std::fs::remove_dir_all(&root);
    let schedule = crate::hostile::node_schedule();
    let fuel = schedule.instantiate.per_byte * code.len() as u64;
    let charged = Duration::from_nanos(fuel * crate::hostile::ref_time_per_fuel() / 1_000);
    (time, charged)
}

/// Row 7: cold compile per 100 KB of code, and instantiate + trivial call
/// from a warm module cache, with the CPU's caches warm and cold.
pub fn compile_and_instantiate(sizes: Sizes) -> Vec<Row> {
    // Ordinary code: about 1 KB functions of arithmetic and branches.
    let code = runtime_vm_hostile::compile::module(
        runtime_vm_hostile::compile::Shape::Arithmetic,
        sizes.compile_functions as usize * 1024,
        1024,
        0,
    );
    let per_100kb = |time: Duration| time.mul_f64(100_000.0 / code.len() as f64);
    let name = format!("cold compile, per 100 KB ({} KB module)", code.len() / 1000);
    let hash = runtime_vm::code_hash(&code);
    let ours = Ours::new(&code);
    let ours_time = median(sizes.plan, || {
        ours.vm.clear_cache();
        ours.vm.prepare(&hash, &code).expect("compiles");
    });
    let (load_time, load_charged) = artifact_load(&code, sizes);
    let wasmi_time = median(sizes.plan, || Wasmi::compile(&code));
    let compile_time = |strategy| {
        let engine = Plain::engine(strategy);
        median(sizes.plan, || {
            drop(wasmtime::Module::new(&engine, &code).expect("compiles"))
        })
    };
    let plain_time = compile_time(Strategy::Winch);
    let cranelift_time = compile_time(Strategy::Cranelift);

    let trivial = kernel_input(0, 0);
    let compute = runtime_vm_fixtures::BENCH_COMPUTE;
    let (mut ours_call, mut wasmi_call, mut plain_call) = (
        Ours::new(compute),
        Wasmi::new(compute),
        Plain::new(compute, Strategy::Winch),
    );
    let mut rows = vec![
        Row {
            workload: name.clone(),
            engine: "runtime-vm",
            time: Some(per_100kb(ours_time)),
            note: "validate + instrument + Winch".into(),
        },
        Row {
            workload: name.clone(),
            engine: "runtime-vm, from disk",
            time: Some(per_100kb(load_time)),
            note: format!(
                "describe + checksum + load its artifact; a call is charged {} for it",
                crate::measure::show(per_100kb(load_charged))
            ),
        },
        Row {
            workload: name.clone(),
            engine: "wasmi 2 (eager)",
            time: Some(per_100kb(wasmi_time)),
            note: String::new(),
        },
        Row {
            workload: name.clone(),
            engine: "wasmtime, no fuel",
            time: Some(per_100kb(plain_time)),
            note: String::new(),
        },
        Row {
            workload: name,
            engine: CRANELIFT,
            time: Some(per_100kb(cranelift_time)),
            note: CRANELIFT_NOTE.into(),
        },
    ];
    drop(ours_call.call(&trivial));
    let fuel = format!("{} fuel", ours_call.fuel);
    let mut calls: [(&'static str, &mut dyn FnMut()); 3] = [
        ("runtime-vm", &mut || drop(ours_call.call(&trivial))),
        ("wasmi 2 (fuel)", &mut || {
            drop(wasmi_call.run("execute", &trivial))
        }),
        ("wasmtime, no fuel", &mut || drop(plain_call.run(&trivial))),
    ];
    for (workload, timing) in warm_and_cold("instantiate from cache + trivial call") {
        for (engine, call) in &mut calls {
            rows.push(Row {
                workload: workload.clone(),
                engine,
                time: Some(timing(sizes.plan, call)),
                note: if *engine == "runtime-vm" {
                    fuel.clone()
                } else {
                    String::new()
                },
            });
        }
    }
    rows
}

/// Row 6: a trivial call through the pallet's `call` dispatchable on
/// `TestExternalities`: runtime interface, storage overlay, events, weights.
pub fn pallet_call(sizes: Sizes) -> Vec<Row> {
    use frame_support::weights::Weight;
    use pallet_wasm_contracts::mock::{new_test_ext, RuntimeOrigin, WasmContracts, ALICE};

    let name = "trivial call: direct vs through the pallet (TestExternalities)".to_string();
    let code = runtime_vm_fixtures::BENCH_COMPUTE;
    let input = kernel_input(0, 0);
    let gas = Weight::from_parts(5_000_000_000_000, 2_000_000);
    let mut ours = Ours::new(code);
    let direct = ours.call(&input);
    let direct_time = median(sizes.plan, || drop(ours.call(&input)));

    new_test_ext().execute_with(|| {
        WasmContracts::deploy(
            RuntimeOrigin::signed(ALICE),
            code.to_vec(),
            Vec::new(),
            0,
            gas,
            None,
            Vec::new(),
            None,
            Vec::new(),
        )
        .expect("deploys");
        let contract =
            WasmContracts::contract_address(&ALICE, &runtime_vm::code_hash(code).into(), &[]);
        let dry = WasmContracts::bare_call(ALICE, contract.clone(), input.clone(), 0, gas, None);
        let through_pallet = Answer {
            output: dry.return_data,
            storage: BTreeMap::new(),
        };
        agree(
            &name,
            "pallet",
            &Answer {
                output: direct.output.clone(),
                storage: BTreeMap::new(),
            },
            &through_pallet,
        );
        let pallet_time = median(sizes.plan, || {
            WasmContracts::call(
                RuntimeOrigin::signed(ALICE),
                contract.clone(),
                input.clone(),
                0,
                gas,
                None,
            )
            .expect("calls");
        });
        let per_second = |time: Duration| format!("{:.0} calls/s", 1.0 / time.as_secs_f64());
        vec![
            Row {
                workload: name.clone(),
                engine: "runtime-vm",
                time: Some(direct_time),
                note: per_second(direct_time),
            },
            Row {
                workload: name.clone(),
                engine: "pallet call",
                time: Some(pallet_time),
                note: per_second(pallet_time),
            },
        ]
    })
}
