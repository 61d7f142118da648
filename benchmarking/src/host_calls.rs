//! The host-call section: one row group per kind of host call, each a
//! contract calling one import in a loop with valid arguments, on
//! runtime-vm, on wasmi running the same host functions over the same
//! `MockHost` (`engines::wasmi_engine`), and native Rust making the same
//! host calls directly (the host's work alone). Every engine's answer
//! (return data, storage; the native work's storage) is compared first.
//! The note gives the time per call beyond an empty loop's execution on
//! the same engine, and what of it is the engine's own: beyond the native
//! row's time per call, the host's work.

use std::time::Duration;

use runtime_vm::testing::MockHost;
use runtime_vm::Host;
use sha2::Digest;

use crate::engines::{wasmi_engine::Wasmi, Ours, CALLER, CONTRACT};
use crate::measure::{medians, Plan};
use crate::workloads::{agree, Row};

/// Where the contracts keep their arguments: a 4-byte storage key, a
/// 32-byte value (also an address and a topic), and an output buffer.
const KEY: [u8; 4] = *b"key0";
const KEY_AT: u32 = 0;
const VALUE: [u8; 32] = [0xAB; 32];
const VALUE_AT: u32 = 32;
const OUT_AT: u32 = 64;

/// One kind of host call.
struct Kind {
    /// What the row measures.
    name: &'static str,
    /// The import, as `(module name signature)` for the WAT.
    import: (&'static str, &'static str),
    /// One call of it, as WAT, leaving nothing on the stack.
    call: &'static str,
    /// Calls per execution.
    calls: u32,
    /// What the chain holds before the execution.
    setup: fn(&mut MockHost),
    /// The same host work, done natively.
    native: fn(&mut MockHost, &mut Vec<Vec<u8>>),
}

const KINDS: &[Kind] = &[
    Kind {
        name: "storage_read of a 32-byte value",
        import: ("storage_read", "(param i32 i32 i32 i32) (result i32)"),
        call: "(drop (call $f (i32.const 0) (i32.const 4) (i32.const 64) (i32.const 64)))",
        calls: 10_000,
        setup: |host| host.set_storage(CONTRACT, KEY.to_vec(), VALUE.to_vec()),
        native: |host, _| {
            std::hint::black_box(host.storage_read(&CONTRACT, &KEY));
        },
    },
    Kind {
        name: "storage_write of a 32-byte value",
        import: ("storage_write", "(param i32 i32 i32 i32) (result i32)"),
        call: "(drop (call $f (i32.const 0) (i32.const 4) (i32.const 32) (i32.const 32)))",
        calls: 10_000,
        setup: |_| {},
        native: |host, _| {
            std::hint::black_box(host.storage_write(&CONTRACT, &KEY, &VALUE));
        },
    },
    Kind {
        name: "storage_remove of an absent key",
        import: ("storage_remove", "(param i32 i32) (result i32)"),
        call: "(drop (call $f (i32.const 0) (i32.const 4)))",
        calls: 10_000,
        setup: |_| {},
        native: |host, _| {
            std::hint::black_box(host.storage_remove(&CONTRACT, &KEY));
        },
    },
    Kind {
        name: "sha256 of 32 bytes",
        import: ("sha256", "(param i32 i32 i32) (result i32)"),
        call: "(drop (call $f (i32.const 32) (i32.const 32) (i32.const 64)))",
        calls: 10_000,
        setup: |_| {},
        native: |_, out| out.push(sha2::Sha256::digest(VALUE).to_vec()),
    },
    Kind {
        name: "emit_event: a topic and 32 bytes (128 calls: the cap)",
        import: ("emit_event", "(param i32 i32 i32 i32)"),
        call: "(call $f (i32.const 32) (i32.const 1) (i32.const 32) (i32.const 32))",
        calls: 128,
        setup: |_| {},
        native: |_, out| {
            out.push(VALUE.to_vec());
            out.push(VALUE.to_vec());
        },
    },
    Kind {
        name: "get_balance",
        import: ("get_balance", "(param i32 i32)"),
        call: "(call $f (i32.const 32) (i32.const 64))",
        calls: 10_000,
        setup: |host| host.set_balance(VALUE, 1_000),
        native: |host, _| {
            std::hint::black_box(host.balance(&VALUE));
        },
    },
    Kind {
        name: "caller (context)",
        import: ("caller", "(param i32)"),
        call: "(call $f (i32.const 64))",
        calls: 10_000,
        setup: |_| {},
        native: |_, _| {
            std::hint::black_box(CALLER);
        },
    },
    Kind {
        name: "block_number (context)",
        import: ("block_number", "(result i64)"),
        call: "(drop (call $f))",
        calls: 10_000,
        setup: |_| {},
        native: |_, _| {
            std::hint::black_box(1u64);
        },
    },
];

/// A native-ABI contract whose `execute` makes `calls` calls of `kind`
/// (`calls` = 0: the empty loop), then returns the output buffer.
fn contract(kind: &Kind, calls: u32) -> Vec<u8> {
    let (name, signature) = kind.import;
    let call = if calls == 0 { "" } else { kind.call };
    let wat = format!(
        r#"(module
  (import "env" "{name}" (func $f {signature}))
  (import "env" "set_return" (func $return (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const {KEY_AT}) "key0")
  (data (i32.const {VALUE_AT}) "{value}")
  (func (export "execute") (param i32 i32) (result i32)
    (local $i i32)
    {body}
    (call $return (i32.const {OUT_AT}) (i32.const 64))
    (i32.const 0)))"#,
        value = "\\ab".repeat(VALUE.len()),
        body = crate::wat_loop::counted(call, calls),
    );
    wat::parse_str(wat).expect("the host-call contracts are valid WAT")
}

/// Every kind's rows.
pub fn measure(quick: bool, plan: Plan) -> Vec<Row> {
    KINDS
        .iter()
        .flat_map(|kind| rows(kind, quick, plan))
        .collect()
}

/// One kind's rows: runtime-vm, wasmi, native; times per execution, the
/// note per call beyond the empty loop.
fn rows(kind: &Kind, quick: bool, plan: Plan) -> Vec<Row> {
    let calls = if quick {
        kind.calls.min(10)
    } else {
        kind.calls
    };
    let (code, empty) = (contract(kind, calls), contract(kind, 0));
    let fresh_ours = |code: &[u8]| {
        let mut ours = Ours::new(code);
        (kind.setup)(&mut ours.host);
        ours
    };
    let fresh_wasmi = |code: &[u8]| {
        let mut wasmi = Wasmi::new(code);
        (kind.setup)(&mut wasmi.host);
        wasmi
    };
    let native = |host: &mut MockHost| {
        let mut outputs = Vec::new();
        host.start_transaction();
        for _ in 0..calls {
            (kind.native)(host, &mut outputs);
        }
        host.commit_transaction();
        outputs
    };

    let name = format!("{} x{calls}", kind.name);
    let (mut ours, mut wasmi) = (fresh_ours(&code), fresh_wasmi(&code));
    let expected = ours.call(&[]);
    agree(&name, "wasmi", &expected, &wasmi.run("execute", &[]));
    let mut host = fresh_ours(&code).host;
    native(&mut host);
    assert_eq!(
        host.contract_storage(&CONTRACT),
        expected.storage,
        "{name}: the native host work leaves other storage than runtime-vm"
    );

    let mut host = fresh_ours(&code).host;
    let (mut ours_empty, mut wasmi_empty) = (fresh_ours(&empty), fresh_wasmi(&empty));
    let [ours_time, wasmi_time, native_time, ours_base, wasmi_base] = medians(
        plan,
        [
            &mut || drop(ours.execute(&[])),
            &mut || drop(wasmi.execute("execute", &[])),
            &mut || drop(std::hint::black_box(native(&mut host))),
            &mut || drop(ours_empty.execute(&[])),
            &mut || drop(wasmi_empty.execute("execute", &[])),
        ],
    );
    let ours_fuel = ours.fuel;

    let per_call = |time: Duration, base: Duration| {
        time.saturating_sub(base).as_nanos() as f64 / f64::from(calls.max(1))
    };
    let host_work = per_call(native_time, Duration::ZERO);
    let note = |time: Duration, base: Duration| {
        let ns = per_call(time, base);
        format!(
            "{ns:.0} ns per call, {:.0} beyond the host's work",
            ns - host_work
        )
    };
    vec![
        Row {
            workload: name.clone(),
            engine: "runtime-vm",
            time: Some(ours_time),
            note: format!("{}; {ours_fuel} fuel", note(ours_time, ours_base)),
        },
        Row {
            workload: name.clone(),
            engine: "wasmi 2 (fuel)",
            time: Some(wasmi_time),
            note: note(wasmi_time, wasmi_base),
        },
        Row {
            workload: name,
            engine: "native Rust",
            time: Some(native_time),
            note: format!("{host_work:.0} ns per call: the same MockHost calls"),
        },
    ]
}
