//! Versions of the semantics: each runs contracts at its own prices (its
//! artifacts are kept apart: `artifacts.rs`).

use runtime_vm::testing::MockHost;
use runtime_vm::{
    compile_cost, memory_rate, unkept_pages_fuel, CallRequest, Cost, CwStatus, Error, Limits,
    Schedule, Semantics, Status, TrapKind, ValidationError, Vm, RATE_FREE_PAGES,
};
use runtime_vm_hostile::{self as hostile, roundings};

use crate::common::*;

/// How often the contract rounds.
const ROUNDINGS: u32 = 1_000;

/// The fuel the rounding contract uses under `semantics`.
fn fuel_under(semantics: Semantics) -> u64 {
    let mut env = Env {
        vm: Vm::new(semantics, Limits::default(), Schedule::default(), 1 << 20).unwrap(),
        host: MockHost::new(),
    };
    env.install(CONTRACT, &roundings(ROUNDINGS));
    let outcome = env.call(CONTRACT, &[]);
    assert!(outcome.is_success(), "{outcome:?}");
    assert_eq!(env.vm.semantics(), semantics);
    outcome.gas_used
}

#[test]
fn version_2_charges_rounding_8_fuel_where_version_1_charged_20() {
    let (v1, v2) = (fuel_under(Semantics::V1), fuel_under(Semantics::V2));
    assert_eq!(v1 - v2, u64::from(ROUNDINGS) * (20 - 8), "v1 {v1}, v2 {v2}");
    // A VM follows its own version whatever others run.
    assert_eq!(fuel_under(Semantics::V1), v1);
}

/// A VM under `semantics` and an empty chain.
fn env_under(semantics: Semantics) -> Env {
    Env {
        vm: Vm::new(semantics, Limits::default(), Schedule::default(), 1 << 20).unwrap(),
        host: MockHost::new(),
    }
}

/// A native contract with `fields` beside its memory and `execute`.
fn contract(fields: &str) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module (memory (export "memory") 1)
             (func (export "execute") (param i32 i32) (result i32) (i32.const 0)) {fields})"#
    ))
    .unwrap()
}

#[test]
fn version_4_refuses_uploads_its_model_counts_over_budget_and_still_runs_them_stored() {
    // 1 024 one-byte data segments: free for versions 1 to 3, 768 units
    // each for 4, where a module of 7 KB may have 85 000.
    let segments: String = (0..1_024)
        .map(|i| format!(r#"(data (i32.const {}) "\01")"#, i * 8))
        .collect();
    let code = contract(&segments);
    let hash = runtime_vm::code_hash(&code);
    assert!(env_under(Semantics::V3).vm.prepare(&hash, &code).is_ok());
    let mut v4 = env_under(Semantics::V4);
    let Err(ValidationError::CompileCostTooHigh { cost, max }) = v4.vm.validate(&code) else {
        panic!("accepted under version 4");
    };
    assert!(cost >= 1_024 * compile_cost::DATA_SEGMENT, "{cost}");
    assert_eq!(
        max,
        Limits::default().code.max_compile_cost(code.len() as u32)
    );
    assert_eq!(
        v4.vm.prepare(&hash, &code),
        Err(Error::Validation(ValidationError::CompileCostTooHigh {
            cost,
            max
        }))
    );
    // Stored under version 3, the code is compiled and runs under 4: a
    // later model never makes a stored contract uncallable.
    v4.install(CONTRACT, &code);
    let outcome = v4.call(CONTRACT, &[]);
    assert!(outcome.is_success(), "{outcome:?}");
}

#[test]
fn version_4_charges_loading_for_the_elements_the_start_up_code_writes() {
    // 1 000 elements in a passive segment: under version 4, loading the
    // contract costs as much as 32 000 more bytes of code.
    let elements = "$f ".repeat(1_000);
    let code = contract(&format!("(func $f) (elem func {elements})"));
    let fuel = |semantics| {
        let mut env = env_under(semantics);
        env.install(CONTRACT, &code);
        let outcome = env.call(CONTRACT, &[]);
        assert!(outcome.is_success(), "{outcome:?}");
        outcome.gas_used
    };
    let per_byte = Schedule::default().instantiate.per_byte;
    assert_eq!(
        fuel(Semantics::V4) - fuel(Semantics::V3),
        1_000 * compile_cost::INSTANTIATED_ELEMENT_BYTES * per_byte
    );
}

/// The default schedule with a returned byte (return data, debug output)
/// priced 12 where a copied one costs 1, as on the dev node.
fn returned_bytes_at_12() -> Schedule {
    Schedule {
        set_return: Cost::new(100, 12),
        debug_log: Cost::new(100, 12),
        ..Schedule::default()
    }
}

/// The fuel `code`'s CosmWasm `execute` uses under `semantics`, with
/// [`returned_bytes_at_12`].
fn cosmwasm_fuel(semantics: Semantics, code: Vec<u8>) -> u64 {
    let vm = Vm::new(
        semantics,
        Limits::default(),
        returned_bytes_at_12(),
        1 << 20,
    )
    .unwrap();
    let outcome = CwEnv::with_vm(vm, code).execute(GAS, false);
    assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
    outcome.gas_used
}

#[test]
fn version_5_charges_a_cosmwasm_result_per_byte_returned_not_copied() {
    // 3 000 bytes of data: 4 000 characters of base64 more in the result
    // than an empty `data`, each 12 under version 5 where it was 1.
    let fuel = |semantics, len| cosmwasm_fuel(semantics, hostile::response_data(len));
    let v5_more = |len| fuel(Semantics::V5, len) - fuel(Semantics::V4, len);
    assert_eq!(v5_more(3_000) - v5_more(0), 4_000 * (12 - 1));
}

#[test]
fn version_5_charges_the_bytes_a_debug_message_gains_as_utf_8() {
    // Native: two messages of 4 096 bytes of 0xFF, each kept as 4 096
    // U+FFFD (12 288 bytes): 8 192 bytes more each, at 12.
    let native = |semantics| {
        let mut env = Env {
            vm: Vm::new(
                semantics,
                Limits::default(),
                returned_bytes_at_12(),
                1 << 20,
            )
            .unwrap(),
            host: MockHost::new(),
        };
        env.install(CONTRACT, &hostile::debug_flood(2));
        let outcome = env.call(CONTRACT, &[]);
        assert!(outcome.is_success(), "{outcome:?}");
        outcome.gas_used
    };
    assert_eq!(
        native(Semantics::V5) - native(Semantics::V4),
        2 * 8_192 * 12
    );
    // CosmWasm's `debug`: 1 000 bytes of 0xFF, 2 000 bytes more; valid
    // UTF-8 gains nothing. Each against ASCII of its length: version 5
    // also prices the result.
    let cosmwasm = |semantics, message: &[u8]| {
        let body = format!("(call $debug (i32.const {}))", hostile::slot(0));
        let code = hostile::CwModule::new(&body)
            .region(0, hostile::SCRATCH, message)
            .build();
        cosmwasm_fuel(semantics, code)
    };
    let v5_more =
        |message: &[u8]| cosmwasm(Semantics::V5, message) - cosmwasm(Semantics::V4, message);
    let gained = |message: &[u8]| v5_more(message) - v5_more(&vec![b'a'; message.len()]);
    assert_eq!(gained(&[0xFF; 1_000]), 2_000 * 12);
    assert_eq!(gained("ünïcödé".as_bytes()), 0);
}

/// A native contract with `memory` (its wat limits, in pages) that runs
/// `grow`, then `rounds` rounds of a loop of loads.
fn memory_contract(memory: &str, grow: &str, rounds: u32) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module (memory (export "memory") {memory})
             (func (export "execute") (param i32 i32) (result i32) (local $i i32)
               {grow}
               (local.set $i (i32.const {rounds}))
               (loop $l
                 (drop (i64.load (i32.const 8)))
                 (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                 (br_if $l (local.get $i)))
               (i32.const 0)))"#
    ))
    .unwrap()
}

/// The gas used by [`memory_contract`] under `semantics`, given `gas_limit`.
fn memory_run(semantics: Semantics, code: &[u8], gas_limit: u64) -> runtime_vm::Outcome {
    let mut env = env_under(semantics);
    env.install(CONTRACT, code);
    let request = CallRequest {
        gas_limit,
        ..env.request(CONTRACT, &[])
    };
    env.run(request).unwrap()
}

/// The gas 1 000 more rounds of [`memory_contract`]'s loop cost.
fn loop_fuel(semantics: Semantics, memory: &str, grow: &str) -> u64 {
    let gas = |rounds| {
        let outcome = memory_run(semantics, &memory_contract(memory, grow, rounds), GAS);
        assert!(outcome.is_success(), "{outcome:?}");
        outcome.gas_used
    };
    gas(2_000) - gas(1_000)
}

#[test]
fn version_6_charges_wasm_fuel_at_its_memory_rate() {
    let rate = |pages| memory_rate(Semantics::V6, pages);
    let rates: Vec<u64> = [0, 1, 32, 33, 64, 65, 128, 129, 256, 257, 512, 513]
        .map(rate)
        .into();
    assert_eq!(rates, [1, 1, 1, 8, 8, 16, 16, 16, 16, 32, 32, 64]);
    assert_eq!(RATE_FREE_PAGES, 32);
    let base = loop_fuel(Semantics::V6, "1", "");
    assert!(base >= 1_000 * 4, "{base}");
    for pages in [32, 33, 64, 65, 128, 129, 256] {
        let fuel = loop_fuel(Semantics::V6, &pages.to_string(), "");
        assert_eq!(fuel, base * rate(pages), "{pages} pages");
        // Version 5 charged every memory alike.
        assert_eq!(loop_fuel(Semantics::V5, &pages.to_string(), ""), base);
    }
}

#[test]
fn version_6_moves_a_frame_to_the_rate_of_a_granted_grow_only() {
    let base = loop_fuel(Semantics::V6, "1", "");
    let grow = |pages: u32| format!("(drop (memory.grow (i32.const {pages})))");
    // Granted: 1 + 63 pages.
    assert_eq!(loop_fuel(Semantics::V6, "1", &grow(63)), base * 8);
    assert_eq!(loop_fuel(Semantics::V6, "1", &grow(255)), base * 16);
    // Refused: past the memory limit (256 pages), or the module's maximum.
    assert_eq!(loop_fuel(Semantics::V6, "1", &grow(256)), base);
    assert_eq!(loop_fuel(Semantics::V6, "1 2", &grow(63)), base);
}

#[test]
fn version_6_gas_used_is_what_was_consumed_whatever_the_budget() {
    // At rate 16, with a host charge (the load) and wasm fuel both taken.
    let code = memory_contract("256", "", 1_000);
    let used = memory_run(Semantics::V6, &code, GAS).gas_used;
    for budget in [GAS + 5, used + 7, used] {
        let outcome = memory_run(Semantics::V6, &code, budget);
        assert!(outcome.is_success(), "{budget}: {outcome:?}");
        assert_eq!(outcome.gas_used, used, "{budget}");
    }
    let short = memory_run(Semantics::V6, &code, used - 1);
    assert_eq!(short.status, Status::Trap(TrapKind::OutOfGas));
    assert_eq!(short.gas_used, used - 1);
}

/// The gas version 6 charges `code` beyond what version 5 does, both with
/// the default gas.
fn v6_more(code: &[u8]) -> u64 {
    let gas = |semantics| {
        let outcome = memory_run(semantics, code, GAS);
        assert!(outcome.is_success(), "{outcome:?}");
        outcome.gas_used
    };
    gas(Semantics::V6) - gas(Semantics::V5)
}

#[test]
fn version_6_charges_the_pages_beyond_the_slots_resident_part_when_they_become_accessible() {
    let price = runtime_vm::operators::FUEL_PER_UNKEPT_PAGE;
    assert_eq!(runtime_vm::engine::RESIDENT_PAGES, 32);
    // Initial pages, one round of the loop: `wasm` fuel of code at the rate.
    let initial = |pages: u64| v6_more(&memory_contract(&pages.to_string(), "", 1));
    assert_eq!(initial(1), 0);
    assert_eq!(initial(32), 0);
    // 1 page beyond, code at rate 8: 7 more per unit of `wasm` fuel.
    let wasm = (initial(33) - price) / 7;
    assert!(wasm > 0 && wasm < 100, "{wasm}");
    assert_eq!(initial(33), price + 7 * wasm);
    assert_eq!(initial(256), 224 * price + 15 * wasm);
    assert_eq!(unkept_pages_fuel(Semantics::V6, 0, 256), 224 * price);
    assert_eq!(unkept_pages_fuel(Semantics::V5, 0, 256), 0);
    // Grown: from 1 page to 32 (nothing beyond), to 64 (32 pages beyond).
    let grown = |pages: u32| {
        let grow = format!("(drop (memory.grow (i32.const {pages})))");
        v6_more(&memory_contract("1", &grow, 1))
    };
    assert_eq!(grown(31), 0);
    let beyond = grown(63);
    assert!(beyond > 32 * price && beyond < 32 * price + 700, "{beyond}");
    // Refused grows pay no more than version 5's per-page price.
    assert_eq!(grown(300), 0);
    assert_eq!(
        v6_more(&memory_contract(
            "1 2",
            "(drop (memory.grow (i32.const 63)))",
            1
        )),
        0
    );
}
