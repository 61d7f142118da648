//! The "hostile" section: every attack of runtime-vm's hostile suite (the
//! `runtime-vm-hostile` crate), run as the dev node runs contracts (its
//! calibrated `Schedule` and `RefTimePerFuel`, default `Limits`, a whole
//! block's gas), timed against the `ref_time` it was charged. The factor is
//! wall time over charged time: above 1, the attack bought more node time
//! than it paid for. The target is at most 10 for every row.
//!
//! The host is runtime-vm's in-memory `MockHost`, far faster than the node's
//! trie and database: rows dominated by storage (the scans) show the time of
//! the VM's own work against a charge that includes the database's.

use std::time::Duration;

use frame_support::weights::constants::ParityDbWeight;
use runtime_vm::testing::MockHost;
use runtime_vm::{
    Address, BlockContext, CallRequest, CwChain, CwEntry, CwRequest, CwStatus, EntryPoint, Limits,
    Vm,
};
use runtime_vm_hostile as hostile;

use crate::measure::{median, show, worst, Plan};

/// The dev node's gas calibration, from its runtime's own source (derived
/// from the pallet's `weights.rs`), so the two cannot drift apart.
#[path = "../../node-example/runtime/src/gas.rs"]
pub mod node_gas;

const CONTRACT: Address = [0xC0; 32];
const CALLER: Address = [0xA1; 32];
/// The dev node's picoseconds of `ref_time` per unit of fuel.
pub fn ref_time_per_fuel() -> u64 {
    node_gas::ref_time_per_fuel::<()>()
}

/// The dev node's host-function costs.
pub fn node_schedule() -> runtime_vm::Schedule {
    node_gas::schedule::<(), ParityDbWeight>()
}

/// A whole block's gas on the dev node (2 s of `ref_time`), in fuel.
fn block_fuel() -> u64 {
    2_000_000_000_000 / ref_time_per_fuel()
}

/// An attack: its contract, its ABI, and the chain state it needs.
struct Attack {
    name: String,
    code: Vec<u8>,
    cosmwasm: bool,
    storage: Vec<(Vec<u8>, Vec<u8>)>,
}

/// One measured attack.
pub struct Measured {
    name: String,
    wall: Duration,
    charged: Duration,
    end: String,
}

impl Measured {
    fn factor(&self) -> f64 {
        self.wall.as_secs_f64() / self.charged.as_secs_f64()
    }
}

fn attacks(quick: bool) -> Vec<Attack> {
    let scale = |full: u32, small: u32| if quick { small } else { full };
    let native = |name: String, code| Attack {
        name,
        code,
        cosmwasm: false,
        storage: Vec::new(),
    };
    let cosmwasm = |name: String, code| Attack {
        name,
        code,
        cosmwasm: true,
        storage: Vec::new(),
    };
    let (queries, keys, scans) = (scale(20, 2), scale(20_000, 2_000), scale(200, 20));
    let (batch_kib, signatures, batches) = (scale(128, 16), scale(128, 16), scale(20, 2));
    let limits = Limits::default();
    let attacks = vec![
        cosmwasm(
            format!("query_chain: bank balance of a 60 KB address, x{queries}"),
            hostile::long_address_queries(60_000, queries),
        ),
        Attack {
            storage: (0..keys)
                .map(|i| (format!("key{i:06}").into_bytes(), vec![1]))
                .collect(),
            ..cosmwasm(
                format!("db_scan descending over {keys} keys, never iterated, x{scans}"),
                hostile::descending_scans(scans),
            )
        },
        cosmwasm(
            format!("ed25519_batch_verify: {batch_kib} KiB message, {signatures} signatures, x{batches}"),
            hostile::batch_verify(&vec![0x5A; batch_kib as usize * 1024], signatures as usize, batches),
        ),
        cosmwasm(
            "ed25519_batch_verify: 7 MiB of empty sections".into(),
            hostile::empty_sections(7 << 20),
        ),
        cosmwasm(
            "response with 1 000 attributes".into(),
            hostile::attributes(1_000),
        ),
        Attack {
            storage: vec![(hostile::REENTRY_KEY.to_vec(), b"v".to_vec())],
            ..cosmwasm(
                "allocate re-entering the host until the stack budget".into(),
                hostile::reentrant_allocate(),
            )
        },
        native(
            "debug_log: 3 000 x 4 KiB of 0xFF".into(),
            hostile::debug_flood(3_000),
        ),
        native(
            "emit_event: 3 000 x 16 KiB".into(),
            hostile::event_flood(3_000, limits.max_event_data_len),
        ),
        native(
            format!("emit_event: {} x 1 KiB (the caps)", limits.max_events),
            hostile::event_flood(limits.max_events, limits.max_events_len / limits.max_events),
        ),
        native(
            format!("transfer: {} transfers of nothing", limits.max_transfers),
            hostile::transfer_loop(limits.max_transfers),
        ),
        native(
            format!("keccak256 of an empty input, x{}", scale(100_000, 1_000)),
            hostile::empty_hashes(scale(100_000, 1_000)),
        ),
        cosmwasm(
            format!(
                "secp256k1_recover_pubkey, recovery parameter 256, x{}",
                scale(1_000, 10)
            ),
            hostile::invalid_recoveries(scale(1_000, 10)),
        ),
    ];
    // Every library-call operator at its worst operand, in a loop.
    let operators = hostile::LIBRARY_CALLS.iter().map(|(name, snippet)| {
        let count = match name.contains("4 096") {
            true => scale(5_000, 50),
            false => scale(200_000, 2_000),
        };
        native(
            format!("{name}, x{count}"),
            hostile::operator_loop(snippet, count),
        )
    });
    attacks.into_iter().chain(operators).collect()
}

/// Runs `attack` once: its end (as the outcome's `Debug`) and fuel used.
fn run(vm: &Vm, host: &mut MockHost, chain: &CwChain, attack: &Attack) -> (String, u64) {
    let block = BlockContext {
        number: 1,
        timestamp: 0,
    };
    if attack.cosmwasm {
        let request = CwRequest {
            entry: CwEntry::Execute(b"{}".to_vec()),
            contract: CONTRACT,
            sender: CALLER,
            funds: 0,
            gas_limit: block_fuel(),
            block,
            chain,
            transaction_index: Some(0),
            collect_debug: false,
        };
        let outcome = vm
            .execute_cosmwasm(host, request)
            .expect("the VM serves it");
        let end = match outcome.status {
            CwStatus::Ok(_) => "Ok(response)".to_string(),
            CwStatus::Data(_) => "Ok(data)".to_string(),
            CwStatus::Err(_) => "Err(contract error)".to_string(),
            CwStatus::Trap(kind) => format!("Trap({kind:?})"),
        };
        (end, outcome.gas_used)
    } else {
        let request = CallRequest {
            entry: EntryPoint::Execute,
            contract: CONTRACT,
            caller: CALLER,
            value: 0,
            input: &[],
            gas_limit: block_fuel(),
            block,
            collect_debug: false,
        };
        let outcome = vm.execute(host, request).expect("the VM serves it");
        (format!("{:?}", outcome.status), outcome.gas_used)
    }
}

/// Every attack, measured.
pub fn measure(quick: bool, plan: Plan) -> Vec<Measured> {
    let schedule = node_schedule();
    let vm = Vm::new(Limits::default(), schedule, 256 << 20).expect("engine");
    let chain = CwChain {
        chain_id: "vm-bench".into(),
        denom: "unit".into(),
        ss58_prefix: 42,
        total_supply: 0,
    };
    attacks(quick)
        .into_iter()
        .map(|attack| {
            let mut host = MockHost::new();
            host.add_contract(CONTRACT, attack.code.clone());
            host.set_balance(CONTRACT, 1 << 60);
            for (key, value) in &attack.storage {
                host.set_storage(CONTRACT, key.clone(), value.clone());
            }
            let (end, fuel) = run(&vm, &mut host, &chain, &attack);
            let wall = median(plan, || drop(run(&vm, &mut host, &chain, &attack)));
            let charged = Duration::from_nanos(fuel * ref_time_per_fuel() / 1_000);
            Measured {
                name: attack.name,
                wall,
                charged,
                end,
            }
        })
        .collect()
}

/// The section's table and its worst factor.
pub fn table(rows: &[Measured]) -> String {
    let mut out = String::from(
        "| attack | wall time | charged ref_time | wall / charged | how it ended |\n|---|---:|---:|---:|---|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {:.2}x | {} |\n",
            row.name,
            show(row.wall),
            show(row.charged),
            row.factor(),
            row.end
        ));
    }
    if let Some(worst) = worst(rows, Measured::factor) {
        out.push_str(&format!(
            "\nWorst factor: {:.2}x ({}); target: at most 10x for every row.\n",
            worst.factor(),
            worst.name
        ));
    }
    out
}
