//! Hostile contracts: one test per attack a contract author can make on the
//! node's time or memory (built by `runtime-vm-hostile`), each with a bound
//! that holds on every machine: the fuel charged against the work the host
//! counted, or the named trap that stops the attack. Never a wall-clock
//! threshold: vm-bench's "hostile" section measures wall time per charged
//! fuel for the same attacks.

use runtime_vm::abi::{self, Abi};
use runtime_vm::{
    CallRequest, CwStatus, HostTrap, Limits, Schedule, Status, TrapKind, ValidationError,
    DEBUG_MESSAGE_OVERHEAD, HOST_FRAME_COST,
};
use runtime_vm_hostile as hostile;

use crate::common::*;

#[test]
fn an_over_long_address_is_refused_undecoded_and_its_bytes_are_paid() {
    // Measured before the fix: 50 s of base58 decoding for 0.4 ms of gas.
    let mut cw = CwEnv::new(hostile::long_address_queries(60_000, 1));
    let outcome = cw.execute(GAS, true);
    assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
    assert!(
        outcome.debug[0].contains("longer than an SS58 address can be"),
        "{}",
        &outcome.debug[0][..200.min(outcome.debug[0].len())]
    );
    // Every byte of the request was paid for, copied and parsed.
    let request = hostile::long_address_request(60_000);
    assert!(outcome.gas_used >= Schedule::default().query_chain.of(request.len()));
}

#[test]
fn descending_scans_pay_for_every_key_before_it_is_visited() {
    // Measured before the fix: 200 scans over 20 000 keys, never iterated,
    // 2.7 s for 1.56 ms of gas (each collected its range before any charge).
    let (keys, scans) = (2_000, 20);
    let mut cw = CwEnv::new(hostile::descending_scans(scans, keys));
    cw.instantiate();
    let before = cw.host.work();
    let outcome = cw.execute(GAS, false);
    assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
    let steps = cw.host.work().next_keys - before.next_keys;
    assert_eq!(
        steps,
        u64::from(scans * (keys + 1)),
        "each scan walks its range"
    );
    let db_next = Schedule::default().db_next;
    assert!(outcome.gas_used >= steps * db_next.base + db_next.per_byte * steps * 4);

    // With fuel for 100 steps, the host takes no more than 100.
    let before = cw.host.work();
    let outcome = cw.execute(100 * db_next.base, false);
    assert_eq!(outcome.status, CwStatus::Trap(TrapKind::OutOfGas));
    let steps = cw.host.work().next_keys - before.next_keys;
    assert!(steps <= 100, "{steps} steps for 100 steps' fuel");
}

#[test]
fn batch_verification_pays_for_every_message_byte_each_signature_hashes() {
    // Measured before the fix: one 128 KiB message with 128 signatures, 20
    // times, 1.1 s for 3.1 ms of gas (charged per signature only).
    let message = vec![0x5A; 32 * 1024];
    let gas = |count| {
        let outcome = CwEnv::new(hostile::batch_verify(&message, count, 1)).execute(GAS, false);
        assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
        outcome.gas_used
    };
    let (one, many) = (gas(1), gas(64));
    let hashed_more = 63 * message.len() as u64;
    let per_byte = Schedule::default().ed25519_verify.per_byte;
    assert!(many - one >= per_byte * hashed_more, "{many} - {one}");
}

#[test]
fn a_batch_of_millions_of_empty_sections_is_paid_per_byte_and_refused_by_count() {
    // 7 MiB of 4-byte empty sections: 1.8 million entries for one call, where
    // cosmwasm-vm allows 256. Decoding stops at the 257th.
    let len = 7 << 20;
    let outcome = CwEnv::new(hostile::empty_sections(len)).execute(GAS, false);
    assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
    let copied = Schedule::default().input.per_byte * len as u64;
    assert!(
        outcome.gas_used >= copied,
        "{} < {copied}",
        outcome.gas_used
    );
}

#[test]
fn debug_output_is_capped_counted_always_and_kept_only_when_collected() {
    // Measured before the fix: 3 000 messages of 4 KiB of 0xFF, kept on chain
    // and tripled by lossy UTF-8 conversion, made a 12 MB report.
    let mut env = Env::new();
    env.install(CONTRACT, &hostile::debug_flood(3_000));
    let collected = env.call(CONTRACT, &[]);
    let cap = Limits::default().execution.max_debug_output_len as usize;
    assert_eq!(
        collected.status,
        Status::Trap(TrapKind::Host(HostTrap::DebugOutputTooLarge))
    );
    let kept: usize = collected
        .debug
        .iter()
        .map(|m| m.len() + DEBUG_MESSAGE_OVERHEAD as usize)
        .sum();
    assert!(kept <= cap, "{kept} bytes kept");
    // Each 0xFF became U+FFFD (3 bytes): 12 KiB a message, five fit in 64 KiB.
    assert_eq!(collected.debug.len(), 5);

    // A transaction does not collect: same end, same fuel, nothing kept.
    let request = CallRequest {
        collect_debug: false,
        ..env.request(CONTRACT, &[])
    };
    let uncollected = env.run(request).unwrap();
    assert_eq!(uncollected.status, collected.status);
    assert_eq!(uncollected.gas_used, collected.gas_used);
    assert!(uncollected.debug.is_empty());
    let per_byte = Schedule::default().debug_log.per_byte;
    assert!(collected.gas_used >= 6 * 4096 * per_byte);
}

#[test]
fn events_are_capped_in_count_and_bytes_per_execution() {
    // Measured before the fix: 3 000 events of 16 KiB, 98 MB of events.
    let limits = Limits::default();
    let mut env = Env::new();
    env.install(
        CONTRACT,
        &hostile::event_flood(3_000, limits.execution.max_event_data_len),
    );
    let outcome = env.call(CONTRACT, &[]);
    assert_eq!(
        outcome.status,
        Status::Trap(TrapKind::Host(HostTrap::EventsTooLarge))
    );
    let fit = u64::from(limits.execution.max_events_len / limits.execution.max_event_data_len);
    let emit = Schedule::default().emit_event;
    assert!(outcome.gas_used >= fit * emit.of(limits.execution.max_event_data_len as usize));

    env.install(
        CONTRACT,
        &hostile::event_flood(limits.execution.max_events + 1, 0),
    );
    assert_eq!(
        env.call(CONTRACT, &[]).status,
        Status::Trap(TrapKind::Host(HostTrap::TooManyEvents))
    );
    env.install(
        CONTRACT,
        &hostile::event_flood(limits.execution.max_events, 0),
    );
    let outcome = env.call(CONTRACT, &[]);
    assert_eq!(outcome.events.len(), limits.execution.max_events as usize);
}

#[test]
fn cosmwasm_events_and_attributes_are_charged_each_and_capped() {
    let run = |count| CwEnv::new(hostile::attributes(count)).execute(GAS, false);
    let (none, some) = (run(0), run(100));
    assert!(matches!(some.status, CwStatus::Ok(_)), "{some:?}");
    let attribute = Schedule::default().event_attribute;
    assert!(some.gas_used - none.gas_used >= 100 * attribute.of(16));

    let too_many = Limits::default().execution.max_event_attributes as usize + 1;
    assert_eq!(
        run(too_many).status,
        CwStatus::Trap(TrapKind::Host(HostTrap::TooManyAttributes))
    );
}

/// The re-entrant contract, instantiated: the value it reads in place.
fn reentrant() -> CwEnv {
    let mut cw = CwEnv::new(hostile::reentrant_allocate());
    cw.instantiate();
    cw
}

#[test]
fn host_reentry_counts_in_the_deterministic_stack_budget() {
    let mut cw = reentrant();
    let outcome = cw.execute(GAS, false);
    assert_eq!(outcome.status, CwStatus::Trap(TrapKind::StackExhausted));
    // Each re-entry reads storage once: no more than the budget allows.
    let reentries = Limits::default().execution.max_stack_height as u64 / HOST_FRAME_COST as u64;
    assert!(cw.host.work().reads <= reentries, "{:?}", cw.host.work());
}

/// Runs `f` on a thread with `stack` bytes of native stack.
fn on_thread<R: Send + 'static>(stack: usize, f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// What the stack tests compare between threads: each run's end and fuel.
fn stack_outcomes() -> Vec<(String, u64)> {
    let mut ends = Vec::new();
    let outcome = reentrant().execute(GAS, false);
    ends.push((format!("{:?}", outcome.status), outcome.gas_used));

    let mut env = Env::new();
    env.install(CONTRACT, runtime_vm_fixtures::RECURSION);
    for depth in [1_000u32, 4_000, 5_000, 100_000] {
        let outcome = env.call(CONTRACT, &depth.to_le_bytes());
        ends.push((format!("{:?}", outcome.status), outcome.gas_used));
    }
    ends
}

#[test]
fn outcomes_are_the_same_on_small_and_large_native_stacks() {
    let small = on_thread(2 << 20, stack_outcomes);
    let large = on_thread(8 << 20, stack_outcomes);
    assert_eq!(small, large);
    assert!(small.iter().any(|(end, _)| end.contains("StackExhausted")));
}

#[test]
fn a_native_value_transfer_loop_is_capped() {
    let mut env = Env::new();
    env.install(
        CONTRACT,
        &hostile::transfer_loop(Limits::default().execution.max_effects + 1),
    );
    env.host.set_balance(CONTRACT, 1_000_000);
    // Each transfer moves nothing to the zero address, and still counts.
    let outcome = env.call(CONTRACT, &[]);
    assert_eq!(
        outcome.status,
        Status::Trap(TrapKind::Host(HostTrap::TooManyEffects))
    );
}

#[test]
fn every_compile_bomb_is_refused_denser_than_its_compile_cost_allows() {
    // vm-bench's compile-shape section measures each shape as dense as
    // validation accepts: that module must compile, and one round of the
    // shape more per round of ordinary code must be refused by name. The
    // shapes that compile slowest per byte are refused undiluted.
    use hostile::compile::{densest_accepted, module, Shape};
    let env = Env::new();
    // vm-bench's sizes: the largest module and function body accepted.
    let (code_len, function_len) = (1008 * 1024, 252 * 1024);
    let mut diluted = Vec::new();
    for shape in Shape::ALL {
        let accepts = |code: &[u8]| env.vm.validate(code).is_ok();
        let (code, dilution) = densest_accepted(shape, code_len, function_len, accepts)
            .unwrap_or_else(|| panic!("{shape:?}: no module accepted"));
        let hash = runtime_vm::code_hash(&code);
        if let Err(error) = env.vm.prepare(&hash, &code) {
            panic!("{shape:?}: {error}");
        }
        if dilution > 0 {
            diluted.push(shape);
            let denser = module(shape, code_len, function_len, dilution - 1);
            assert!(
                matches!(
                    env.vm.validate(&denser),
                    Err(ValidationError::CompileCostTooHigh { .. })
                ),
                "{shape:?}"
            );
        }
    }
    for shape in [
        Shape::CallIndirect,
        Shape::TinyFunctions,
        Shape::TableFunctions,
        Shape::BulkMemory,
        Shape::Loops,
        Shape::Calls,
        Shape::Floats,
        Shape::WideTableFunctions,
        Shape::WideBlocks,
        Shape::WideBranches,
        Shape::WideBrTables,
        Shape::DistinctTypes,
        Shape::WideTypes,
        Shape::PassiveElements,
        Shape::ElementsThenTypes,
    ] {
        assert!(diluted.contains(&shape), "{shape:?} is accepted undiluted");
    }
}

#[test]
fn a_raw_query_pays_for_its_key_first_and_never_looks_up_an_impossible_one() {
    // No stored key is longer than `max_storage_key_len`: a 40 KB key is
    // paid for per byte and answered empty without touching storage.
    let key = vec![7u8; 40_000];
    let request = format!(
        r#"{{"wasm":{{"raw":{{"contract_addr":"{}","key":"{}"}}}}}}"#,
        crate::cosmwasm::ss58(&CONTRACT),
        cosmwasm_std::Binary::from(key.clone()).to_base64()
    );
    let body = format!(
        "(drop (call $query_chain (i32.const {})))",
        hostile::slot(0)
    );
    let code = hostile::CwModule::new(&body)
        .region(0, hostile::SCRATCH, request.as_bytes())
        .build();
    let mut cw = CwEnv::new(code);
    let before = cw.host.work();
    let outcome = cw.execute(GAS, false);
    assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
    assert_eq!(cw.host.work().reads, before.reads, "no lookup");
    assert!(outcome.gas_used >= Schedule::default().storage_read.of(key.len()));
}

/// The fuel `code` uses in `abi`, less its load (whatever its end).
fn gas_without_load(abi: Abi, code: Vec<u8>) -> u64 {
    let load = Schedule::default().instantiate.of(code.len());
    let gas_used = match abi {
        Abi::Native => {
            let mut env = Env::new();
            env.install(CONTRACT, &code);
            env.call(CONTRACT, &[]).gas_used
        }
        Abi::CosmWasm => CwEnv::new(code).execute(GAS, false).gas_used,
        Abi::Ink => {
            let mut env = Env::new();
            env.install(CONTRACT, &code);
            env.call_ink(CONTRACT, &[]).gas_used
        }
    };
    gas_used - load
}

/// Calls every import of every ABI with arguments of each early-error class
/// and checks each call paid at least its price's base.
fn every_import_pays_its_base() {
    let schedule = Schedule::default();
    for abi in abi::registered() {
        for import in abi::imports(abi) {
            let base = (import.price)(&schedule).base;
            for arg in [-1, 0, 256] {
                let without = gas_without_load(abi, hostile::import_call(abi, import, arg, false));
                let with = gas_without_load(abi, hostile::import_call(abi, import, arg, true));
                assert!(
                    with - without >= base,
                    "{abi:?} {}.{} with arguments {arg}: paid {} of its base {base}",
                    import.module,
                    import.name,
                    with - without
                );
            }
        }
    }
}

#[test]
fn every_import_pays_its_base_on_every_path() {
    every_import_pays_its_base();
}

/// Set in the child process [`no_error_value_captures_a_backtrace`] starts.
const BACKTRACE_CHILD: &str = "RUNTIME_VM_TEST_BACKTRACE_CHILD";

#[test]
fn no_error_value_captures_a_backtrace() {
    if std::env::var_os(BACKTRACE_CHILD).is_none() {
        // Run this test again in a process started as an operator debugging
        // a node would start it.
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "hostile::no_error_value_captures_a_backtrace"])
            .env(BACKTRACE_CHILD, "1")
            .env("RUST_BACKTRACE", "1")
            .env("RUST_LIB_BACKTRACE", "1")
            .status()
            .unwrap();
        assert!(status.success());
        return;
    }
    // The environment does make std capture backtraces here...
    let captured = std::backtrace::Backtrace::capture();
    assert_eq!(captured.status(), std::backtrace::BacktraceStatus::Captured);
    // ...but the crypto errors a contract can provoke in a loop do not.
    let error = cosmwasm_crypto::CryptoError::invalid_recovery_param();
    assert!(format!("{error:?}").contains("<disabled>"), "{error:?}");
    let error = cosmwasm_crypto::CryptoError::batch_err("x");
    assert!(format!("{error:?}").contains("<disabled>"), "{error:?}");
    // Every import's early-error paths still pay their base.
    every_import_pays_its_base();
}

#[test]
fn an_invalid_recovery_parameter_pays_for_a_recovery() {
    // Measured before the fix: 80 000 of these charged 0.04 ms, and a
    // backtrace each with RUST_BACKTRACE set.
    let mut cw = CwEnv::new(hostile::invalid_recoveries(10));
    let outcome = cw.execute(GAS, false);
    assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
    assert!(outcome.gas_used >= 10 * Schedule::default().secp256k1_recover_pubkey.base);
}

#[test]
fn hashing_an_empty_input_pays_for_its_padded_block() {
    let schedule = Schedule::default();
    let mut env = Env::new();
    env.install(CONTRACT, &hostile::empty_hashes(10));
    let hashes = env.call(CONTRACT, &[]).gas_used;
    let mut env = Env::new();
    env.install(CONTRACT, &hostile::empty_hashes(20));
    let per_hash = (env.call(CONTRACT, &[]).gas_used - hashes) / 10;
    // Keccak-256 absorbs 136-byte blocks.
    assert!(per_hash >= schedule.keccak256.of(136), "{per_hash}");
}
