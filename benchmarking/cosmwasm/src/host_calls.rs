//! vm-bench's CosmWasm host-call rows: a CosmWasm contract (written here
//! in WAT) whose `execute` calls one import in a loop with valid
//! arguments, on runtime-vm and on cosmwasm-vm, each with its own
//! in-memory backend. Both engines' answers (the response, the storage)
//! are compared first, and the contract traps if an import answers other
//! than expected (a read finding nothing, a query refused), so no figure
//! comes from a failed call. The note gives the time per call beyond the
//! same contract's empty loop on the same engine.

use std::time::Duration;

use crate::engines::{human, CosmwasmVm, OursCw, CONTRACT};
use crate::measure::{medians, Plan};
use crate::Row;

/// The storage entry the contracts read and write.
const KEY: &[u8] = b"key0";
const VALUE: &[u8] = b"value-08";

/// Where the contract keeps its Regions (`offset`, `capacity`, `length`,
/// little-endian u32s) and their data.
const KEY_REGION: u32 = 0;
const VALUE_REGION: u32 = 12;
const REQUEST_REGION: u32 = 24;
const RESPONSE_REGION: u32 = 36;
const KEY_AT: u32 = 256;
const VALUE_AT: u32 = 264;
const REQUEST_AT: u32 = 512;
const RESPONSE_AT: u32 = 1024;
/// Where `allocate` starts handing out memory.
const HEAP_AT: u32 = 4096;

/// The response every `execute` returns: empty, as `Response::new()`.
const RESPONSE: &str = r#"{"ok":{"messages":[],"attributes":[],"events":[],"data":null}}"#;

/// One kind of CosmWasm host call.
struct Kind {
    /// What the row measures.
    name: &'static str,
    /// The import, as `(name signature)` for the WAT.
    import: (&'static str, &'static str),
    /// One call of it, as WAT, leaving nothing on the stack; it traps on
    /// an answer other than the one expected.
    call: &'static str,
    /// Whether the contract's entry exists before the run.
    stored: bool,
}

const KINDS: &[Kind] = &[
    Kind {
        name: "CosmWasm db_read of an 8-byte value",
        import: ("db_read", "(param i32) (result i32)"),
        // A Region of the value, or 0 if absent.
        call: "(if (i32.eqz (call $f (i32.const 0))) (then unreachable))",
        stored: true,
    },
    Kind {
        name: "CosmWasm db_write of an 8-byte value",
        import: ("db_write", "(param i32 i32)"),
        call: "(call $f (i32.const 0) (i32.const 12))",
        stored: false,
    },
    Kind {
        name: "CosmWasm query_chain: a bank balance",
        import: ("query_chain", "(param i32) (result i32)"),
        // The answer must begin `{"ok":{"ok"`: the query succeeded.
        call: "(local.set $answer (i32.load (call $f (i32.const 24))))
        (if (i64.ne (i64.load (local.get $answer)) (i64.const OK_OK_HEAD))
          (then unreachable))
        (if (i32.ne (i32.load16_u offset=8 (local.get $answer)) (i32.const OK_OK_TAIL))
          (then unreachable))",
        stored: false,
    },
];

/// A Region's bytes as a WAT string.
fn region(offset: u32, length: usize) -> String {
    let length = u32::try_from(length).expect("short data");
    [offset, length, length]
        .iter()
        .flat_map(|word| word.to_le_bytes())
        .map(|byte| format!("\\{byte:02x}"))
        .collect()
}

/// `text` as a WAT string literal's contents.
fn escaped(text: &str) -> String {
    text.bytes().map(|byte| format!("\\{byte:02x}")).collect()
}

/// A CosmWasm contract whose `execute` makes `calls` calls of `kind`
/// (`calls` = 0: the empty loop), then returns an empty response.
fn contract(kind: &Kind, calls: u32) -> Vec<u8> {
    let (name, signature) = kind.import;
    let request = format!(
        r#"{{"bank":{{"balance":{{"address":"{}","denom":"unit"}}}}}}"#,
        human(CONTRACT)
    );
    let head = i64::from_le_bytes(*br#"{"ok":{""#);
    let tail = u16::from_le_bytes(*b"ok");
    let call = if calls == 0 {
        String::new()
    } else {
        kind.call
            .replace("OK_OK_HEAD", &head.to_string())
            .replace("OK_OK_TAIL", &tail.to_string())
    };
    let wat = format!(
        r#"(module
  (import "env" "{name}" (func $f {signature}))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const {HEAP_AT}))
  (data (i32.const {KEY_REGION}) "{key_region}")
  (data (i32.const {VALUE_REGION}) "{value_region}")
  (data (i32.const {REQUEST_REGION}) "{request_region}")
  (data (i32.const {RESPONSE_REGION}) "{response_region}")
  (data (i32.const {KEY_AT}) "{key}")
  (data (i32.const {VALUE_AT}) "{value}")
  (data (i32.const {REQUEST_AT}) "{request}")
  (data (i32.const {RESPONSE_AT}) "{response}")
  (func (export "interface_version_8"))
  ;; A bump allocator: a Region, then its data, 8-byte aligned; memory
  ;; grows as needed. Nothing is freed (an execution is short).
  (func (export "allocate") (param $size i32) (result i32)
    (local $region i32)
    (local.set $region (global.get $heap))
    (i32.store (local.get $region) (i32.add (local.get $region) (i32.const 12)))
    (i32.store offset=4 (local.get $region) (local.get $size))
    (i32.store offset=8 (local.get $region) (i32.const 0))
    (global.set $heap
      (i32.and (i32.add (i32.add (local.get $region) (i32.const 19)) (local.get $size))
               (i32.const -8)))
    (if (i32.gt_u (global.get $heap) (i32.shl (memory.size) (i32.const 16)))
      (then (drop (memory.grow
        (i32.add (i32.shr_u (i32.sub (global.get $heap) (i32.shl (memory.size) (i32.const 16)))
                            (i32.const 16))
                 (i32.const 1))))))
    (local.get $region))
  (func (export "deallocate") (param i32))
  (func (export "execute") (param i32 i32 i32) (result i32)
    (local $i i32)
    (local $answer i32)
    {body}
    (i32.const {RESPONSE_REGION})))"#,
        key_region = region(KEY_AT, KEY.len()),
        value_region = region(VALUE_AT, VALUE.len()),
        request_region = region(REQUEST_AT, request.len()),
        response_region = region(RESPONSE_AT, RESPONSE.len()),
        key = escaped(std::str::from_utf8(KEY).expect("ASCII")),
        value = escaped(std::str::from_utf8(VALUE).expect("ASCII")),
        request = escaped(&request),
        response = escaped(RESPONSE),
        body = crate::wat_loop::counted(&call, calls),
    );
    wat::parse_str(wat).expect("the CosmWasm host-call contracts are valid WAT")
}

/// Every kind's rows.
pub fn measure(quick: bool, plan: Plan) -> Vec<Row> {
    let calls = if quick { 10 } else { 1_000 };
    KINDS
        .iter()
        .flat_map(|kind| rows(kind, calls, plan))
        .collect()
}

/// The engines ready to run `code`, holding what `kind` needs.
fn engines(kind: &Kind, code: &[u8]) -> (OursCw, CosmwasmVm) {
    let mut ours = OursCw::new(code);
    let mut theirs = CosmwasmVm::new(code).unwrap_or_else(|reason| {
        eprintln!("cosmwasm-vm rejects the {} contract: {reason}", kind.name);
        std::process::exit(2);
    });
    if kind.stored {
        ours.set_storage(KEY, VALUE);
        theirs.set_storage(KEY, VALUE);
    }
    (ours, theirs)
}

/// One kind's rows: runtime-vm, then cosmwasm-vm; times per execution, the
/// note per call beyond the empty loop.
fn rows(kind: &Kind, calls: u32, plan: Plan) -> Vec<Row> {
    let name = format!("{} x{calls}", kind.name);
    let (code, empty) = (contract(kind, calls), contract(kind, 0));
    let (mut ours, mut theirs) = engines(kind, &code);
    let answers = (ours.execute(b"{}"), theirs.execute(b"{}"));
    let storages = (ours.storage(), theirs.storage());
    if answers.0 != answers.1 || storages.0 != storages.1 {
        eprintln!("MISMATCH in {name}: cosmwasm-vm disagrees with runtime-vm");
        eprintln!("  runtime-vm: {:?} {:?}", answers.0, storages.0);
        eprintln!("  cosmwasm-vm: {:?} {:?}", answers.1, storages.1);
        std::process::exit(2);
    }

    let (mut ours_empty, mut theirs_empty) = engines(kind, &empty);
    let [ours_time, theirs_time, ours_base, theirs_base] = medians(
        plan,
        [
            &mut || drop(ours.execute(b"{}")),
            &mut || drop(theirs.execute(b"{}")),
            &mut || drop(ours_empty.execute(b"{}")),
            &mut || drop(theirs_empty.execute(b"{}")),
        ],
    );
    let (ours_fuel, theirs_gas) = (ours.fuel, theirs.gas);

    let per_call = |time: Duration, base: Duration| {
        time.saturating_sub(base).as_nanos() as f64 / f64::from(calls)
    };
    vec![
        Row {
            workload: name.clone(),
            engine: crate::RUNTIME_VM,
            time: ours_time,
            note: format!(
                "{:.0} ns per call; {ours_fuel} fuel",
                per_call(ours_time, ours_base)
            ),
        },
        Row {
            workload: name,
            engine: crate::COSMWASM_VM,
            time: theirs_time,
            note: format!(
                "{:.0} ns per call; {theirs_gas} CosmWasm gas",
                per_call(theirs_time, theirs_base)
            ),
        },
    ]
}
