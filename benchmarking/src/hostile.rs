//! The "hostile" section: every run-time attack of runtime-vm's hostile
//! suite (`runtime_vm_hostile::attacks`, which the node's e2e deploys too), run as the dev node runs contracts (its
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
use runtime_vm::abi::Abi;
use runtime_vm::testing::MockHost;
use runtime_vm::{
    Address, BlockContext, CallRequest, CwChain, CwEntry, CwOutcome, CwRequest, CwStatus,
    EntryPoint, InkChain, Limits, Semantics, Vm,
};
use runtime_vm_hostile::attacks::{attacks, import_calls, Attack, Scale};

use crate::measure::{median_from, show, worst, Plan};

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

const BLOCK: BlockContext = BlockContext {
    number: 1,
    timestamp: 0,
};

/// Runs `entry` of the CosmWasm contract under attack.
fn cosmwasm(vm: &Vm, host: &mut MockHost, chain: &CwChain, entry: CwEntry) -> CwOutcome {
    let request = CwRequest {
        entry,
        contract: CONTRACT,
        sender: CALLER,
        funds: 0,
        gas_limit: block_fuel(),
        block: BLOCK,
        chain,
        transaction_index: Some(0),
        collect_debug: false,
    };
    vm.execute_cosmwasm(host, request)
        .expect("the VM serves it")
}

/// Runs a CosmWasm `attack`'s `instantiate`: the state it needs.
fn set_up(vm: &Vm, host: &mut MockHost, chain: &CwChain, attack: &Attack) {
    let outcome = cosmwasm(vm, host, chain, CwEntry::Instantiate(b"{}".to_vec()));
    assert!(
        matches!(outcome.status, CwStatus::Ok(_)),
        "{}: instantiate failed: {:?}",
        attack.name,
        outcome.status
    );
}

/// Runs `attack` once: its end (as the outcome's `Debug`) and fuel used.
fn run(vm: &Vm, host: &mut MockHost, chain: &CwChain, attack: &Attack) -> (String, u64) {
    let request = CallRequest {
        entry: EntryPoint::Execute,
        contract: CONTRACT,
        caller: CALLER,
        value: 0,
        input: &[],
        gas_limit: block_fuel(),
        block: BLOCK,
        collect_debug: false,
    };
    let outcome = match attack.abi {
        Abi::CosmWasm => {
            let outcome = cosmwasm(vm, host, chain, CwEntry::Execute(b"{}".to_vec()));
            let end = match outcome.status {
                CwStatus::Ok(_) => "Ok(response)".to_string(),
                CwStatus::Data(_) => "Ok(data)".to_string(),
                CwStatus::Err(_) => "Err(contract error)".to_string(),
                CwStatus::Trap(kind) => format!("Trap({kind:?})"),
            };
            return (end, outcome.gas_used);
        }
        Abi::Native => vm.execute(host, request),
        Abi::Ink => {
            let ink = InkChain {
                minimum_balance: 1,
                ref_time_per_fuel: ref_time_per_fuel(),
            };
            vm.execute_ink(host, request, ink)
        }
    }
    .expect("the VM serves it");
    (format!("{:?}", outcome.status), outcome.gas_used)
}

/// Every attack, measured.
pub fn measure(quick: bool, plan: Plan) -> Vec<Measured> {
    let schedule = node_schedule();
    let vm = Vm::new(Semantics::LATEST, Limits::default(), schedule, 256 << 20).expect("engine");
    let chain = CwChain {
        chain_id: "vm-bench".into(),
        denom: "unit".into(),
        ss58_prefix: 42,
        total_supply: 0,
    };
    let (scale, calls) = if quick {
        (Scale::Quick, 100)
    } else {
        (Scale::Full, 10_000)
    };
    attacks(scale)
        .into_iter()
        .chain(import_calls(calls))
        .map(|attack| {
            let mut host = MockHost::new();
            host.add_contract(CONTRACT, attack.code.clone());
            host.set_balance(CONTRACT, 1 << 60);
            if attack.abi == Abi::CosmWasm {
                set_up(&vm, &mut host, &chain, &attack);
            }
            // Each sample on the state the attack starts from: a run may
            // change it for good (ink!'s `terminate` removes the contract).
            let (end, fuel) = run(&vm, &mut host.clone(), &chain, &attack);
            let wall = median_from(
                plan,
                || host.clone(),
                |mut host| drop(run(&vm, &mut host, &chain, &attack)),
            );
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
