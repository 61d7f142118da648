//! Each trap kind, out of gas at exactly the limit, and what a trap leaves behind.

use runtime_vm::{CallRequest, Error, ExecutionLimits, Limits, Status, TrapKind};
use runtime_vm_fixtures as fixtures;

use crate::common::*;

fn trap_of(body: &str) -> TrapKind {
    match run_wat("", body).status {
        Status::Trap(kind) => kind,
        other => panic!("expected a trap, got {other:?}"),
    }
}

fn with_table(elems: &str, body: &str) -> TrapKind {
    let code = wat_contract_with(
        "",
        &format!(
            r#"(type $v (func)) (type $i (func (result i32)))
               (table 2 funcref) {elems}
               (func $nop) 
               (func (export "execute") (param i32 i32) (result i32) {body} (i32.const 0))"#
        ),
    );
    let mut env = Env::new();
    env.install(CONTRACT, &code);
    match env.call(CONTRACT, &[]).status {
        Status::Trap(kind) => kind,
        other => panic!("expected a trap, got {other:?}"),
    }
}

#[test]
fn every_wasm_trap_has_its_kind() {
    assert_eq!(trap_of("(unreachable)"), TrapKind::Unreachable);
    assert_eq!(
        trap_of("(drop (i32.load (i32.const 65535)))"),
        TrapKind::MemoryOutOfBounds
    );
    assert_eq!(
        trap_of("(drop (i32.div_u (i32.const 1) (i32.const 0)))"),
        TrapKind::IntegerDivisionByZero
    );
    assert_eq!(
        trap_of("(drop (i32.div_s (i32.const -2147483648) (i32.const -1)))"),
        TrapKind::IntegerOverflow
    );
    assert_eq!(
        trap_of("(drop (i32.trunc_f32_s (f32.const nan)))"),
        TrapKind::BadConversionToInteger
    );
    assert_eq!(
        with_table("", "(call_indirect (type $v) (i32.const 5))"),
        TrapKind::TableOutOfBounds
    );
    assert_eq!(
        with_table("", "(call_indirect (type $v) (i32.const 1))"),
        TrapKind::IndirectCallToNull
    );
    assert_eq!(
        with_table(
            "(elem (i32.const 0) $nop)",
            "(drop (call_indirect (type $i) (i32.const 0)))"
        ),
        TrapKind::IndirectCallTypeMismatch
    );
}

#[test]
fn hostile_fixtures_trap_cleanly() {
    let mut env = Env::new();
    let cases: [(&[u8], &[u8], TrapKind); 5] = [
        (
            fixtures::BAD_POINTER,
            &[0],
            TrapKind::Host(runtime_vm::HostTrap::PointerOutOfBounds),
        ),
        (fixtures::BAD_POINTER, &[2], TrapKind::MemoryOutOfBounds),
        (fixtures::MEMORY_BOMB, &[1], TrapKind::Unreachable),
        (
            fixtures::STORAGE_HOG,
            &[0, 0, 0, 1, 0],
            TrapKind::Host(runtime_vm::HostTrap::StorageValueTooLarge),
        ),
        (fixtures::INFINITE_LOOP, &[], TrapKind::OutOfGas),
    ];
    for (code, input, expected) in cases {
        env.install(CONTRACT, code);
        let request = CallRequest {
            gas_limit: 50_000_000,
            ..env.request(CONTRACT, input)
        };
        let outcome = env.run(request).unwrap();
        assert_eq!(outcome.status, Status::Trap(expected), "{input:?}");
        assert!(outcome.return_data.is_empty() && outcome.events.is_empty());
    }
}

#[test]
fn storage_hog_runs_out_of_gas_and_writes_nothing() {
    let mut env = Env::new();
    env.install(CONTRACT, fixtures::STORAGE_HOG);
    let request = CallRequest {
        gas_limit: 20_000_000,
        ..env.request(CONTRACT, &[1])
    };
    let outcome = env.run(request).unwrap();
    assert_eq!(
        (outcome.status, outcome.gas_used),
        (Status::Trap(TrapKind::OutOfGas), 20_000_000)
    );
    assert!(env.host.storage().is_empty());
    assert_eq!(env.host.open_transactions(), 0);
}

#[test]
fn out_of_gas_at_exactly_the_limit() {
    let mut env = Env::new();
    env.install(CONTRACT, fixtures::COUNTER);
    let probe = env.run(env.request(CONTRACT, &[1])).unwrap();
    let exact = probe.gas_used;

    // Limit == what it needs: succeeds, and uses all of it.
    let at_limit = env
        .run(CallRequest {
            gas_limit: exact,
            ..env.request(CONTRACT, &[1])
        })
        .unwrap();
    assert_eq!(
        (at_limit.status, at_limit.gas_used),
        (Status::Success, exact)
    );
    // One less: out of gas, charged the whole limit, no output.
    let below = env
        .run(CallRequest {
            gas_limit: exact - 1,
            ..env.request(CONTRACT, &[1])
        })
        .unwrap();
    assert_eq!(
        (below.status, below.gas_used),
        (Status::Trap(TrapKind::OutOfGas), exact - 1)
    );
    assert!(below.return_data.is_empty());

    // The same with a state change: out of gas by one leaves storage as it was.
    let before = env.host.contract_storage(&CONTRACT);
    let increment = env.run(env.request(CONTRACT, &[0])).unwrap().gas_used;
    let after_one = env.host.contract_storage(&CONTRACT);
    let below = env
        .run(CallRequest {
            gas_limit: increment - 1,
            ..env.request(CONTRACT, &[0])
        })
        .unwrap();
    assert_eq!(below.status, Status::Trap(TrapKind::OutOfGas));
    assert_eq!(env.host.contract_storage(&CONTRACT), after_one);
    assert_ne!(before, after_one);
}

#[test]
fn out_of_gas_while_loading() {
    let mut env = Env::new();
    env.install(CONTRACT, fixtures::TOKEN);
    let outcome = env
        .run(CallRequest {
            gas_limit: 10,
            ..env.request(CONTRACT, &[6])
        })
        .unwrap();
    assert_eq!(
        (outcome.status, outcome.gas_used),
        (Status::Trap(TrapKind::OutOfGas), 10)
    );
    let outcome = env
        .run(CallRequest {
            gas_limit: 0,
            ..env.request(CONTRACT, &[6])
        })
        .unwrap();
    assert_eq!(
        (outcome.status, outcome.gas_used),
        (Status::Trap(TrapKind::OutOfGas), 0)
    );
}

fn recurse(env: &mut Env, depth: u32) -> Status {
    env.call(CONTRACT, &depth.to_le_bytes()).status
}

/// The deepest recursion of the `recursion` fixture that fits, found by
/// bisection: it fails by the instrumented limit (a trap) or, without it, by
/// Wasmtime's native one (a node error, never a contract result).
fn deepest_recursion(env: &mut Env) -> u32 {
    let (mut fits, mut fails) = (1u32, 1_000_000u32);
    while fails - fits > 1 {
        let mid = (fits + fails) / 2;
        let result = env.run(env.request(CONTRACT, &mid.to_le_bytes()));
        match result.as_ref().map(|outcome| outcome.status) {
            Ok(Status::Success) => fits = mid,
            Ok(Status::Trap(TrapKind::StackExhausted)) => fails = mid,
            Err(e) if e.error == Error::NativeStackOverflow && e.gas_used > 0 => fails = mid,
            other => panic!("depth {mid}: {other:?}"),
        }
    }
    fits
}

#[test]
fn the_stack_limit_is_deterministic_and_counts_the_whole_call_stack() {
    let mut env = Env::new();
    env.install(CONTRACT, fixtures::RECURSION);
    let sum = env.call(CONTRACT, &1000u32.to_le_bytes());
    assert_eq!(u64_le(&sum.return_data), 1000 * 1001 / 2);

    let deepest = deepest_recursion(&mut env);
    assert_eq!(recurse(&mut env, deepest), Status::Success);
    assert_eq!(
        recurse(&mut env, deepest + 1),
        Status::Trap(TrapKind::StackExhausted)
    );
    // The limit is in stack-height units, not native bytes: halving the budget
    // roughly halves the depth, identically on every machine.
    let mut half = Env::with_limits(Limits {
        execution: ExecutionLimits {
            max_stack_height: Limits::default().execution.max_stack_height / 2,
            ..ExecutionLimits::default()
        },
        ..Limits::default()
    });
    half.install(CONTRACT, fixtures::RECURSION);
    let half_deepest = deepest_recursion(&mut half);
    assert!(
        half_deepest < deepest / 2 + 2 && half_deepest > deepest / 2 - 2,
        "{half_deepest} vs {deepest}"
    );

    // Called from another contract, the callee inherits the caller's height:
    // the depth that just fit at the top level no longer does.
    env.install(ALICE_CALLER, fixtures::CALLER);
    let via_caller = |env: &mut Env, depth: u32| {
        env.call(
            ALICE_CALLER,
            &caller_input(0, CONTRACT, 0, 0, &depth.to_le_bytes()),
        )
        .return_data[0]
    };
    assert_eq!(via_caller(&mut env, deepest / 2), 0);
    assert_eq!(via_caller(&mut env, deepest), 2);
}

const ALICE_CALLER: [u8; 32] = [0xCA; 32];

#[test]
fn memory_grows_to_the_cap_and_no_further() {
    let mut env = Env::new();
    env.install(CONTRACT, fixtures::MEMORY_BOMB);
    let pages = env.call(CONTRACT, &[0]);
    assert_eq!(pages.return_data, 256u32.to_le_bytes());

    let mut small = Env::with_limits(Limits {
        execution: ExecutionLimits {
            max_memory_pages: 40,
            ..ExecutionLimits::default()
        },
        ..Limits::default()
    });
    small.install(CONTRACT, fixtures::MEMORY_BOMB);
    assert_eq!(small.call(CONTRACT, &[0]).return_data, 40u32.to_le_bytes());
}

#[test]
fn a_trap_rolls_back_everything_but_debug_messages() {
    let code = wat_contract_with(
        "keyvalue",
        r#"(func (export "execute") (param i32 i32) (result i32)
             (drop (call $storage_write (i32.const 0) (i32.const 3) (i32.const 3) (i32.const 5)))
             (call $emit_event (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 3))
             (call $set_return (i32.const 0) (i32.const 3))
             (call $debug_log (i32.const 0) (i32.const 3))
             (unreachable))"#,
    );
    let mut env = Env::new();
    env.install(CONTRACT, &code);
    env.host.set_balance(ALICE, 10);
    let outcome = env
        .run(CallRequest {
            value: 4,
            ..env.request(CONTRACT, &[])
        })
        .unwrap();
    assert_eq!(outcome.status, Status::Trap(TrapKind::Unreachable));
    assert!(outcome.return_data.is_empty() && outcome.events.is_empty());
    assert_eq!(outcome.debug, ["key"]);
    assert!(env.host.storage().is_empty());
    assert_eq!(
        env.host.free_balance(&ALICE),
        10,
        "the value transfer rolled back too"
    );
}

#[test]
fn the_deterministic_limit_trips_well_before_the_native_safety_net() {
    let mut env = Env::new();
    env.install(CONTRACT, fixtures::RECURSION);
    // Without the instrumented budget only Wasmtime's `max_wasm_stack` stops the recursion.
    let mut native = Env::with_limits(Limits {
        execution: ExecutionLimits {
            max_stack_height: 1 << 30,
            ..ExecutionLimits::default()
        },
        ..Limits::default()
    });
    native.install(CONTRACT, fixtures::RECURSION);
    let (deterministic, native_deepest) =
        (deepest_recursion(&mut env), deepest_recursion(&mut native));
    // Measured on x86-64: 4 367 against 21 828.
    assert!(
        native_deepest > 2 * deterministic,
        "deterministic {deterministic}, native {native_deepest}"
    );
    // Past the native limit the execution is a node error with its fuel,
    // never a status a contract (or its caller) could observe.
    let overflow = native
        .run(native.request(CONTRACT, &(native_deepest + 1).to_le_bytes()))
        .unwrap_err();
    assert_eq!(overflow.error, Error::NativeStackOverflow);
    assert!(overflow.gas_used > 0);
}

#[test]
fn every_way_out_of_a_function_releases_its_stack_height() {
    // Each iteration leaves 4 functions by `return`, `br_if` and `br_table` to
    // the function's label, and with two results. If any exit skipped the
    // height decrement, 20 000 iterations would exhaust the budget.
    let code = wat_contract_with(
        "",
        r#"(func $early (param i32) (result i32)
             (if (i32.eq (local.get 0) (i32.const 1)) (then (return (i32.const 1))))
             (block (drop (br_if 1 (i32.const 2) (i32.eq (local.get 0) (i32.const 2)))))
             (drop (block (result i32) (br_table 0 1 (i32.const 3) (local.get 0))))
             (i32.const 4))
           (func $pair (param i32) (result i32 i64) (local.get 0) (i64.const 5))
           (func (export "execute") (param i32 i32) (result i32) (local $i i32) (local $sum i32)
             (local.set $i (i32.const 20000))
             (loop $l
               (local.set $sum (i32.add (local.get $sum) (call $early (i32.const 1))))
               (local.set $sum (i32.add (local.get $sum) (call $early (i32.const 2))))
               (local.set $sum (i32.add (local.get $sum) (call $early (i32.const 3))))
               (local.set $sum (i32.add (local.get $sum) (call $early (i32.const 0))))
               (drop (call $pair (i32.const 0)))
               (local.set $sum (i32.add (local.get $sum)))
               (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
             (i32.store (i32.const 0) (local.get $sum))
             (call $set_return (i32.const 0) (i32.const 4))
             (i32.const 0))"#,
    );
    let mut env = Env::new();
    env.install(CONTRACT, &code);
    let outcome = env.call(CONTRACT, &[]);
    assert_eq!(outcome.status, Status::Success);
    // Per iteration: 1 + 2 + 3 (br_table index 3 is out of range: the default, label 1) + 4.
    assert_eq!(outcome.return_data, (20_000i32 * 10).to_le_bytes());
}

#[test]
fn a_segment_out_of_bounds_traps_at_instantiation() {
    let run = |fields: &str| {
        let mut env = Env::new();
        let code = wat_contract_with(
            "",
            &format!(
                r#"{fields} (func (export "execute") (param i32 i32) (result i32) (i32.const 0))"#
            ),
        );
        env.install(CONTRACT, &code);
        env.call(CONTRACT, &[]).status
    };
    assert_eq!(
        run(r#"(data (i32.const 65535) "abc")"#),
        Status::Trap(TrapKind::MemoryOutOfBounds)
    );
    assert_eq!(
        run("(table 1 funcref) (func $f) (elem (i32.const 1) $f)"),
        Status::Trap(TrapKind::TableOutOfBounds)
    );
}
