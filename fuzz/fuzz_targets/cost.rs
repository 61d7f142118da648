//! Costs by construction, searched by a machine: a generated contract of
//! any registered ABI (its imports called with whatever arguments `wasm-smith`
//! chooses) runs under a fuel budget, and the node time it takes per unit
//! of fuel charged must stay within 20x of the calibration: what nobody
//! enumerated (an operator, an import path, an argument) and that buys
//! orders of magnitude more time than it pays is a crash here.
//!
//! The schedule is the default one's estimates (about a nanosecond per
//! unit) converted to fuel at `PS_PER_FUEL`, stricter than the dev node's
//! ratio. What is judged is the time beyond a trivial call that ends the same way
//! (returns, or traps), measured in this process, against `MOST` times the
//! charge, scaled by how much slower than its charge this build runs a
//! trivial trapping call (`slowdown`): a fuzzing build's coverage
//! instrumentation and debug assertions slow the host's Rust code many
//! times over (a trap's unwinding 20x), not the contract's compiled code,
//! and a release build runs that call in about its charge. A run is judged
//! only when that time is long enough to measure (`JUDGED_FROM`), on the
//! fastest of a few repetitions, so timer noise, a busy machine or the
//! build cannot make a crash: it looks for orders of magnitude.

#![no_main]

use std::time::{Duration, Instant};

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use runtime_vm::abi::Abi;
use runtime_vm::testing::MockHost;
use runtime_vm::{
    BlockContext, Cost, CwChain, CwEntry, CwRequest, CwStatus, InkChain, Limits, Schedule,
    Semantics, Status, Vm,
};
use runtime_vm_fuzz::{contract_config, execute, CONTRACT};

/// Picoseconds of node time one unit of fuel pays for: the dev node's
/// `RefTimePerFuel` of 2026-11 (95); today's weights give 167, so judging
/// at 95 is 1.76x stricter than the node.
const PS_PER_FUEL: u64 = 95;
/// The most node time per charged time a run may take.
const MOST: f64 = 20.0;
/// Fuel each run gets: about 10 ms of node time.
const FUEL: u64 = 100_000_000;
/// Runs whose time beyond a trivial call is shorter than this are not
/// judged: a fuzzing build's per-call overheads vary by up to a
/// millisecond (a module's imports and traps through its instrumented host
/// code), while a run amplified 20x over a quarter of its fuel takes far
/// longer.
const JUDGED_FROM: Duration = Duration::from_millis(5);

/// The VM: default limits, the default schedule in the node's fuel.
fn vm() -> &'static Vm {
    static VM: std::sync::OnceLock<Vm> = std::sync::OnceLock::new();
    VM.get_or_init(|| {
        Vm::new(
            Semantics::LATEST,
            Limits::default(),
            node_fuel(Schedule::default()),
            64 << 20,
        )
        .expect("the VM builds")
    })
}

/// `schedule`'s nanosecond estimates as fuel at [`PS_PER_FUEL`].
fn node_fuel(schedule: Schedule) -> Schedule {
    let scale = |cost: Cost| {
        let fuel = |ns: u64| (ns * 1_000).div_ceil(PS_PER_FUEL);
        Cost::new(fuel(cost.base), fuel(cost.per_byte))
    };
    let s = schedule;
    Schedule {
        instantiate: scale(s.instantiate),
        input: scale(s.input),
        storage_read: scale(s.storage_read),
        storage_write: scale(s.storage_write),
        storage_remove: scale(s.storage_remove),
        context: scale(s.context),
        balance: scale(s.balance),
        transfer: scale(s.transfer),
        sha256: scale(s.sha256),
        keccak256: scale(s.keccak256),
        blake2_256: scale(s.blake2_256),
        set_return: scale(s.set_return),
        emit_event: scale(s.emit_event),
        event_attribute: scale(s.event_attribute),
        call: scale(s.call),
        return_data_copy: scale(s.return_data_copy),
        debug_log: scale(s.debug_log),
        db_scan: scale(s.db_scan),
        db_next: scale(s.db_next),
        address: scale(s.address),
        secp256k1_verify: scale(s.secp256k1_verify),
        secp256k1_recover_pubkey: scale(s.secp256k1_recover_pubkey),
        ed25519_verify: scale(s.ed25519_verify),
        ed25519_batch_verify: scale(s.ed25519_batch_verify),
        secp256r1_verify: scale(s.secp256r1_verify),
        secp256r1_recover_pubkey: scale(s.secp256r1_recover_pubkey),
        bls12_381_aggregate_g1: scale(s.bls12_381_aggregate_g1),
        bls12_381_aggregate_g2: scale(s.bls12_381_aggregate_g2),
        bls12_381_pairing_equality: scale(s.bls12_381_pairing_equality),
        bls12_381_hash_to_g1: scale(s.bls12_381_hash_to_g1),
        bls12_381_hash_to_g2: scale(s.bls12_381_hash_to_g2),
        query_chain: scale(s.query_chain),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let abis: Vec<Abi> = runtime_vm::abi::registered().collect();
    let Ok(&abi) = u.choose(&abis) else {
        return;
    };
    let mut config = contract_config(abi);
    config.available_imports = Some(runtime_vm_fuzz::imports_of(abi));
    let Ok(module) = wasm_smith::Module::new(config, &mut u) else {
        return;
    };
    let wasm = module.to_bytes();
    if vm().validate(&wasm).is_err() {
        return;
    }
    let mut host = MockHost::new();
    host.add_contract(CONTRACT, wasm);
    host.set_balance(CONTRACT, 1 << 60);
    // The first run compiles; the next are timed (each against its own
    // fuel: storage may differ between runs), the least ratio kept.
    if run(&mut host, abi).is_none() {
        return;
    }
    let mut least = (f64::MAX, Duration::ZERO, 0);
    for _ in 0..3 {
        let start = Instant::now();
        let Some((fuel, trapped)) = run(&mut host, abi) else {
            return;
        };
        let wall = start.elapsed().saturating_sub(trivial(abi, trapped));
        let charged = Duration::from_nanos(fuel * PS_PER_FUEL / 1_000);
        let ratio = wall.as_secs_f64() / charged.as_secs_f64().max(1e-9);
        if wall < JUDGED_FROM || ratio <= MOST * slowdown() {
            return;
        }
        if ratio < least.0 {
            least = (ratio, wall, fuel);
        }
    }
    let (ratio, wall, fuel) = least;
    panic!(
        "{abi:?} contract took {wall:?} beyond a trivial call for {fuel} fuel: \
         {ratio:.0}x the node time it paid for"
    );
});

/// How many times its charge this build takes for a trivial trapping call
/// (the slowest ABI's), at least 1.
fn slowdown() -> f64 {
    static SLOWDOWN: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *SLOWDOWN.get_or_init(|| {
        runtime_vm::abi::registered()
            .map(|abi| {
                let (wall, fuel) = trivial_run(abi, true);
                wall.as_secs_f64() / (fuel * PS_PER_FUEL) as f64 * 1e12
            })
            .fold(1.0, f64::max)
    })
}

/// The wall time of a trivial call of the ABI's entry point that returns,
/// or traps at once (`unreachable`), in this build: the fastest of a few.
fn trivial(abi: Abi, trapped: bool) -> Duration {
    trivial_run(abi, trapped).0
}

/// [`trivial`]'s wall time, and the fuel the call was charged.
fn trivial_run(abi: Abi, trapped: bool) -> (Duration, u64) {
    type Times = Vec<(Abi, [(Duration, u64); 2])>;
    static TIMES: std::sync::OnceLock<Times> = std::sync::OnceLock::new();
    let times = TIMES.get_or_init(|| {
        let time = |abi: Abi, trapping: bool| {
            let body = if trapping { "unreachable" } else { "" };
            let code = match abi {
                Abi::Native => runtime_vm_hostile::native(&[], body),
                Abi::CosmWasm => runtime_vm_hostile::CwModule::new(body).build(),
                Abi::Ink => runtime_vm_hostile::ink(&[], body),
            };
            let mut host = MockHost::new();
            host.add_contract(CONTRACT, code);
            let (fuel, _) = run(&mut host, abi).expect("a trivial contract runs");
            let wall = (0..20)
                .map(|_| {
                    let start = Instant::now();
                    run(&mut host, abi);
                    start.elapsed()
                })
                .min()
                .unwrap_or_default();
            (wall, fuel)
        };
        runtime_vm::abi::registered()
            .map(|abi| (abi, [false, true].map(|trapping| time(abi, trapping))))
            .collect()
    });
    let (_, by_end) = times
        .iter()
        .find(|(registered, _)| *registered == abi)
        .expect("every registered ABI is timed");
    by_end[usize::from(trapped)]
}

/// Runs the contract's entry point once: the fuel it used and whether it
/// trapped, or `None` if the VM refused to run it.
fn run(host: &mut MockHost, abi: Abi) -> Option<(u64, bool)> {
    let outcome = match abi {
        Abi::CosmWasm => {
            let chain = CwChain {
                chain_id: "fuzz".into(),
                denom: "unit".into(),
                ss58_prefix: 42,
                total_supply: 0,
            };
            let request = CwRequest {
                entry: CwEntry::Execute(b"{}".to_vec()),
                contract: CONTRACT,
                sender: [0xA1; 32],
                funds: 0,
                gas_limit: FUEL,
                block: BlockContext::default(),
                chain: &chain,
                transaction_index: Some(0),
                collect_debug: false,
            };
            let outcome = vm().execute_cosmwasm(host, request).ok()?;
            let trapped = matches!(outcome.status, CwStatus::Trap(_));
            return Some((outcome.gas_used, trapped));
        }
        Abi::Native => vm().execute(host, execute(FUEL)).ok()?,
        Abi::Ink => {
            let chain = InkChain {
                minimum_balance: 1,
                ref_time_per_fuel: PS_PER_FUEL,
            };
            vm().execute_ink(host, execute(FUEL), chain).ok()?
        }
    };
    Some((outcome.gas_used, matches!(outcome.status, Status::Trap(_))))
}
