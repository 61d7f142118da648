//! The engine's deterministic configuration: features, NaN canonicalization, fuel.

use runtime_vm::{Limits, Semantics, Status, ValidationError};

use crate::common::*;

fn rejected_as_invalid(fields: &str) -> String {
    let code = wat_contract_with(
        "",
        &format!("{fields} (func (export \"execute\") (param i32 i32) (result i32) (i32.const 0))"),
    );
    match runtime_vm::validate(&code, &Limits::default(), Semantics::LATEST) {
        Err(ValidationError::InvalidWasm(message)) => message,
        other => panic!("expected InvalidWasm, got {other:?}"),
    }
}

#[test]
fn proposals_outside_the_rustc_feature_set_are_rejected() {
    let simd = rejected_as_invalid("(func (result v128) (v128.const i64x2 0 0))");
    assert!(simd.contains("SIMD"), "{simd}");
    let threads = rejected_as_invalid("(func (param i32) (drop (i32.atomic.load (local.get 0))))");
    assert!(threads.contains("threads"), "{threads}");
    let tail_calls = rejected_as_invalid("(func $f (return_call $f))");
    assert!(tail_calls.contains("tail call"), "{tail_calls}");
    let memory64 = runtime_vm::validate(
        &wat::parse_str("(module (memory i64 1))").unwrap(),
        &Limits::default(),
        Semantics::LATEST,
    );
    assert!(
        matches!(&memory64, Err(ValidationError::InvalidWasm(m)) if m.contains("memory64")),
        "{memory64:?}"
    );
    let multi_memory = rejected_as_invalid("(memory 1)");
    assert!(multi_memory.contains("multiple memories"), "{multi_memory}");
    let exceptions = rejected_as_invalid("(tag $e) (func (throw $e))");
    assert!(exceptions.contains("exception"), "{exceptions}");
    let gc = rejected_as_invalid("(type (struct (field i32)))");
    assert!(gc.contains("gc"), "{gc}");
    let externref = rejected_as_invalid("(func (param externref))");
    assert!(externref.contains("gc types are disallowed"), "{externref}");
}

#[test]
fn the_features_rustc_emits_run() {
    // bulk memory, sign extension, multi-value, reference types (funcref tables),
    // non-trapping float-to-int, mutable globals.
    let code = wat_contract_with(
        "abcd",
        r#"(global $g (mut i32) (i32.const 0))
           (table 1 funcref) (elem (i32.const 0) $two)
           (type $pair (func (result i32 i32)))
           (func $two (type $pair) (i32.const 20) (i32.const 22))
           (func (export "execute") (param i32 i32) (result i32)
             (memory.copy (i32.const 100) (i32.const 0) (i32.const 4))
             (memory.fill (i32.const 104) (i32.const 255) (i32.const 1))
             (i32.store (i32.const 108) (i32.extend8_s (i32.load8_u (i32.const 104))))
             (i32.store (i32.const 112) (i32.trunc_sat_f32_s (f32.const 1e30)))
             (global.set $g (i32.add (call_indirect (type $pair) (i32.const 0))))
             (i32.store (i32.const 116) (global.get $g))
             (call $set_return (i32.const 100) (i32.const 20))
             (i32.const 0))"#,
    );
    let mut env = Env::new();
    env.install(CONTRACT, &code);
    let outcome = env.call(CONTRACT, &[]);
    assert_eq!(outcome.status, Status::Success);
    let mut expected = b"abcd".to_vec();
    expected.extend_from_slice(&[255, 0, 0, 0]);
    expected.extend_from_slice(&(-1i32).to_le_bytes());
    expected.extend_from_slice(&i32::MAX.to_le_bytes());
    expected.extend_from_slice(&42i32.to_le_bytes());
    assert_eq!(outcome.return_data, expected);
}

#[test]
fn nan_results_are_canonical() {
    // x86's default NaN for 0/0 is negative (0xffc00000); canonicalization makes it 0x7fc00000.
    let outcome = run_wat(
        "",
        "(i32.store (i32.const 0) (i32.reinterpret_f32 (f32.div (f32.const 0) (f32.const 0))))
         (i64.store (i32.const 4) (i64.reinterpret_f64 (f64.div (f64.const 0) (f64.const 0))))
         (call $set_return (i32.const 0) (i32.const 12))",
    );
    assert_eq!(outcome.return_data[..4], 0x7fc0_0000u32.to_le_bytes());
    assert_eq!(
        outcome.return_data[4..],
        0x7ff8_0000_0000_0000u64.to_le_bytes()
    );
}

#[test]
fn every_operator_is_metered() {
    // Each iteration runs local.get, i32.const, i32.sub, local.tee, br_if: 5 fuel.
    let looped = |n: u32| {
        format!(
            "(local $i i32) (local.set $i (i32.const {n}))
             (loop $l (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))"
        )
    };
    let hundred = run_wat("", &looped(100));
    let two_hundred = run_wat("", &looped(200));
    assert_eq!(two_hundred.gas_used - hundred.gas_used, 500);
}

#[test]
fn bulk_memory_is_charged_per_byte() {
    let fill = |n: u32| {
        marginal_gas(
            "",
            &format!("(memory.fill (i32.const 0) (i32.const 1) (i32.const {n}))"),
        )
    };
    let copy = |n: u32| {
        marginal_gas(
            "",
            &format!("(memory.copy (i32.const 0) (i32.const 4096) (i32.const {n}))"),
        )
    };
    let per_byte = runtime_vm::operators::FUEL_PER_BYTE;
    assert_eq!(fill(8000) - fill(4000), 4000 * per_byte);
    assert_eq!(copy(2000) - copy(1000), 1000 * per_byte);
}

#[test]
fn memory_grow_is_charged_per_page() {
    let grow = |pages: u32| marginal_gas("", &format!("(drop (memory.grow (i32.const {pages})))"));
    assert_eq!(grow(3) - grow(1), 2 * runtime_vm::operators::FUEL_PER_PAGE);
}

/// A module with a 4 096-element table holding `$f`, a passive element
/// segment of `$f` `segment` times and a passive data segment, whose
/// `execute` runs `body`; the fuel it used, less its load.
fn table_gas(segment: usize, body: &str) -> u64 {
    let elements = "(ref.func $f) ".repeat(segment);
    let fields = format!(
        "(table $t 4096 4096 funcref) (elem declare func $f) (elem $e funcref {elements})
         (data $d \"0123456789\") (func $f)
         (func (export \"execute\") (param i32 i32) (result i32) {body} (i32.const 0))"
    );
    let code = wat_contract_with("", &fields);
    let mut env = Env::new();
    env.install(CONTRACT, &code);
    let outcome = env.call(CONTRACT, &[]);
    assert!(outcome.is_success(), "{outcome:?}");
    outcome.gas_used - runtime_vm::Schedule::default().instantiate.of(code.len())
}

/// The fuel `snippet` adds when run once more.
fn marginal_table_gas(snippet: &str) -> u64 {
    table_gas(8, &format!("{snippet} {snippet}")) - table_gas(8, snippet)
}

#[test]
fn every_library_call_pays_its_base_before_it_runs_whatever_its_operand() {
    use runtime_vm::operators::Family;
    // Each library call at its cheapest operand (zero length, a page or an
    // element of nothing), with its family and how many operators push its
    // operands.
    let cheapest = [
        (
            "(memory.fill (i32.const 0) (i32.const 0) (i32.const 0))",
            Family::MemoryFill,
            3,
        ),
        (
            "(memory.copy (i32.const 0) (i32.const 0) (i32.const 0))",
            Family::MemoryCopy,
            3,
        ),
        (
            "(memory.init $d (i32.const 0) (i32.const 0) (i32.const 0))",
            Family::MemoryCopy,
            3,
        ),
        ("(drop (memory.grow (i32.const 0)))", Family::MemoryGrow, 1),
        (
            "(table.fill $t (i32.const 0) (ref.null func) (i32.const 0))",
            Family::BulkTable,
            3,
        ),
        (
            "(table.copy $t $t (i32.const 0) (i32.const 0) (i32.const 0))",
            Family::BulkTable,
            3,
        ),
        (
            "(table.init $t $e (i32.const 0) (i32.const 0) (i32.const 0))",
            Family::BulkTable,
            3,
        ),
        (
            "(drop (table.grow $t (ref.null func) (i32.const 0)))",
            Family::BulkTable,
            2,
        ),
        (
            "(drop (table.get $t (i32.const 0)))",
            Family::LibraryCall,
            1,
        ),
        ("(drop (ref.func $f))", Family::RefFunc, 0),
        ("(elem.drop $e)", Family::LibraryCall, 0),
        ("(data.drop $d)", Family::LibraryCall, 0),
    ];
    // The charging call the instrumentation inserts is a call.
    let charging_call = u64::from(Family::Call.price(Semantics::LATEST).fuel);
    for (snippet, family, operands) in cheapest {
        let price = family.price(Semantics::LATEST);
        let base = price.charge.expect("a library call").base;
        assert_eq!(
            marginal_table_gas(snippet),
            operands + u64::from(price.fuel) + charging_call + base,
            "{snippet}"
        );
    }
}

#[test]
fn table_operators_are_charged_per_element() {
    use runtime_vm::operators::FUEL_PER_TABLE_ELEMENT as PER_ELEMENT;
    let fill = |n: u32| {
        table_gas(
            8,
            &format!("(table.fill $t (i32.const 0) (ref.null func) (i32.const {n}))"),
        )
    };
    assert_eq!(fill(4096) - fill(1024), 3072 * PER_ELEMENT);
    let copy = |n: u32| {
        table_gas(
            8,
            &format!("(table.copy (i32.const 0) (i32.const 2048) (i32.const {n}))"),
        )
    };
    assert_eq!(copy(2048) - copy(1), 2047 * PER_ELEMENT);
    let init = |n: usize| {
        table_gas(
            n,
            &format!("(table.init $t $e (i32.const 0) (i32.const 0) (i32.const {n}))"),
        ) - table_gas(n, "")
    };
    assert_eq!(init(2000) - init(1000), 1000 * PER_ELEMENT);
    // Growing is charged for what it asks, granted or not (the table is at its maximum).
    let grow = |n: u32| {
        table_gas(
            8,
            &format!("(drop (table.grow $t (ref.null func) (i32.const {n})))"),
        )
    };
    assert_eq!(grow(100_000) - grow(0), 100_000 * PER_ELEMENT);
}

#[test]
fn an_execution_out_of_fuel_for_a_table_operator_never_starts_it() {
    // The whole table, 4 096 elements, with fuel for a few hundred: the
    // charge fails before `table.fill` runs.
    let code = wat_contract_with(
        "",
        "(table $t 4096 4096 funcref)
         (func (export \"execute\") (param i32 i32) (result i32)
           (table.fill $t (i32.const 0) (ref.null func) (i32.const 4096)) (i32.const 0))",
    );
    let mut env = Env::new();
    env.install(CONTRACT, &code);
    let mut request = env.request(CONTRACT, &[]);
    let load = runtime_vm::Schedule::default().instantiate.of(code.len());
    request.gas_limit = load + 2_000;
    let outcome = env.run(request).unwrap();
    assert_eq!(outcome.status, Status::Trap(runtime_vm::TrapKind::OutOfGas));
    assert_eq!(outcome.gas_used, load + 2_000);
}

#[test]
fn initial_memory_is_written_at_each_instantiation_and_paid_before_it() {
    // Two 30 000-byte data segments: every instantiation writes them into
    // its memory (no copy-on-write image), a write the load charge, per byte
    // of code, pays for before the instance exists.
    let segment = "\\2a".repeat(30_000);
    let code = wat_contract_with(
        "",
        &format!(
            "(data (i32.const 1024) \"{segment}\")
             (data (i32.const 32768) \"{segment}\")
             (func (export \"execute\") (param i32 i32) (result i32)
               (local $byte i32)
               (local.set $byte (i32.load8_u (i32.const 40000)))
               (i32.store8 (i32.const 40000) (i32.const 0))
               (local.get $byte))"
        ),
    );
    let written = 2 * 30_000;
    assert!(code.len() >= written, "{}", code.len());
    let load = runtime_vm::Schedule::default().instantiate.of(code.len());
    let mut env = Env::new();
    env.install(CONTRACT, &code);
    // The first call overwrites its data; the next instance starts from the
    // segments again, in a reused slot.
    for _ in 0..2 {
        let outcome = env.call(CONTRACT, &[]);
        assert_eq!(outcome.status, Status::Revert(0x2a));
        assert!(outcome.gas_used > load);
    }
    let mut request = env.request(CONTRACT, &[]);
    request.gas_limit = load - 1;
    let outcome = env.run(request).unwrap();
    assert_eq!(outcome.status, Status::Trap(runtime_vm::TrapKind::OutOfGas));
    assert_eq!(outcome.gas_used, load - 1);
}

#[test]
fn a_vm_refuses_limits_it_cannot_serve_by_name() {
    let mut limits = Limits::default();
    limits.execution.max_call_depth = 0;
    let refused = runtime_vm::Vm::new(
        Semantics::LATEST,
        limits,
        runtime_vm::Schedule::default(),
        1 << 20,
    );
    assert_eq!(
        refused.err(),
        Some(runtime_vm::Error::Internal(
            "invalid limits: max_call_depth must allow the top-level call".into()
        ))
    );
}
