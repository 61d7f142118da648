//! Hostile contracts: one test per attack a contract author can make on the
//! node's time or memory, each with a bound that holds on every machine: the
//! fuel charged against the work the host counted, or the named trap that
//! stops the attack. Never a wall-clock threshold: vm-bench's "hostile"
//! section measures wall time per charged fuel for the same attacks.

use runtime_vm::abi::COSMWASM_IMPORTS;
use runtime_vm::testing::MockHost;
use runtime_vm::{
    CallRequest, CwChain, CwEntry, CwOutcome, CwRequest, CwStatus, HostTrap, Limits, Schedule,
    Status, TrapKind, Vm, DEBUG_MESSAGE_OVERHEAD, HOST_FRAME_COST,
};

use crate::common::*;

/// Where the hostile CosmWasm modules keep what they hand the host.
const SCRATCH: u32 = 0x1000;
/// Where their `allocate` starts handing out Regions (above all data).
const HEAP: u32 = 8 << 20;
/// The Region of the empty `Response` their `execute` returns.
const RESULT_REGION: u32 = 0x100;
/// Fixed Regions a body can point the imports at.
const REGIONS: u32 = 0x200;
/// Where the `execute` result's JSON lives (above the heap's reach in these tests).
const RESULT: u32 = 12 << 20;

/// The 12-byte Region `{offset, capacity = length, length}`.
fn region(offset: u32, len: usize) -> Vec<u8> {
    let len = len as u32;
    [offset, len, len]
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .collect()
}

/// The wat string literal of `bytes`.
fn escaped(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("\\{b:02x}")).collect()
}

/// A CosmWasm module importing every CosmWasm import as `$name`, with 256
/// pages, `data` placed at the given offsets, a bump `allocate` (whose
/// `allocate_hook` runs first), and an `execute` that runs `body` then
/// returns an empty `Response` (or `result`, if given).
struct CwModule {
    data: Vec<(u32, Vec<u8>)>,
    allocate_hook: String,
    body: String,
    result: Vec<u8>,
}

impl CwModule {
    fn new(body: &str) -> Self {
        Self {
            data: Vec::new(),
            allocate_hook: String::new(),
            body: body.into(),
            result: br#"{"ok":{"messages":[],"attributes":[],"events":[],"data":null}}"#.to_vec(),
        }
    }

    /// Places `bytes` at `offset` and a Region of them at `REGIONS + 12 * slot`.
    fn region(mut self, slot: u32, offset: u32, bytes: &[u8]) -> Self {
        self.data
            .push((REGIONS + 12 * slot, region(offset, bytes.len())));
        self.data.push((offset, bytes.to_vec()));
        self
    }

    /// A Region at slot `slot` over `len` bytes at `offset` that stay zero.
    fn zeroed_region(mut self, slot: u32, offset: u32, len: usize) -> Self {
        self.data.push((REGIONS + 12 * slot, region(offset, len)));
        self
    }

    fn result(mut self, result: &[u8]) -> Self {
        self.result = result.to_vec();
        self
    }

    fn allocate_hook(mut self, hook: &str) -> Self {
        self.allocate_hook = hook.into();
        self
    }

    fn build(mut self) -> Vec<u8> {
        self.data
            .push((RESULT_REGION, region(RESULT, self.result.len())));
        self.data.push((RESULT, self.result.clone()));
        let mut wat = String::from("(module\n");
        wat.push_str(&imports_wat(COSMWASM_IMPORTS));
        wat.push_str("  (memory (export \"memory\") 256)\n");
        for (offset, bytes) in &self.data {
            wat.push_str(&format!(
                "  (data (i32.const {offset}) \"{}\")\n",
                escaped(bytes)
            ));
        }
        wat.push_str(&format!(
            r#"  (global $bump (mut i32) (i32.const {HEAP}))
  (func (export "interface_version_8"))
  (func (export "allocate") (param $size i32) (result i32) (local $region i32)
    {hook}
    (local.set $region (global.get $bump))
    (i32.store (local.get $region) (i32.add (local.get $region) (i32.const 12)))
    (i32.store offset=4 (local.get $region) (local.get $size))
    (i32.store offset=8 (local.get $region) (i32.const 0))
    (global.set $bump (i32.add (local.get $region) (i32.add (local.get $size) (i32.const 12))))
    (local.get $region))
  (func (export "deallocate") (param i32))
  (func (export "execute") (param i32 i32 i32) (result i32) (local $i i32) (local $r i32)
    {body}
    (i32.const {RESULT_REGION})))"#,
            hook = self.allocate_hook,
            body = self.body,
        ));
        wat::parse_str(&wat).unwrap_or_else(|e| panic!("bad test wat: {e}"))
    }
}

/// The pointer of Region slot `n`.
fn slot(n: u32) -> u32 {
    REGIONS + 12 * n
}

/// `body` `count` times, in a loop.
fn repeat(count: u32, body: &str) -> String {
    format!(
        "(local.set $i (i32.const {count}))
         (loop $l {body}
           (local.set $i (i32.sub (local.get $i) (i32.const 1)))
           (br_if $l (local.get $i)))"
    )
}

struct Cw {
    vm: Vm,
    host: MockHost,
    chain: CwChain,
}

impl Cw {
    fn new(code: Vec<u8>) -> Self {
        let mut host = MockHost::new();
        host.add_contract(CONTRACT, code);
        Self {
            vm: Vm::new(Limits::default(), Schedule::default(), 64 << 20).unwrap(),
            host,
            chain: CwChain {
                chain_id: "hostile".into(),
                denom: "unit".into(),
                ss58_prefix: 42,
                total_supply: 0,
            },
        }
    }

    fn execute(&mut self, gas_limit: u64, collect_debug: bool) -> CwOutcome {
        let request = CwRequest {
            entry: CwEntry::Execute(b"{}".to_vec()),
            contract: CONTRACT,
            sender: ALICE,
            funds: 0,
            gas_limit,
            block: BLOCK,
            chain: &self.chain,
            transaction_index: Some(0),
            collect_debug,
        };
        self.vm.execute_cosmwasm(&mut self.host, request).unwrap()
    }
}

#[test]
fn an_over_long_address_is_refused_undecoded_and_its_bytes_are_paid() {
    // Measured before the fix: 50 s of base58 decoding for 0.4 ms of gas.
    let address = "1".repeat(60_000);
    let request = format!(r#"{{"bank":{{"balance":{{"address":"{address}","denom":"unit"}}}}}}"#);
    let body = format!("(call $debug (call $query_chain (i32.const {})))", slot(0));
    let code = CwModule::new(&body)
        .region(0, SCRATCH, request.as_bytes())
        .build();
    let mut cw = Cw::new(code);
    let outcome = cw.execute(GAS, true);
    assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
    assert!(
        outcome.debug[0].contains("longer than an SS58 address can be"),
        "{}",
        &outcome.debug[0][..200.min(outcome.debug[0].len())]
    );
    // Every byte of the request was paid for, copied and parsed.
    let schedule = Schedule::default();
    assert!(outcome.gas_used >= schedule.query_chain.of(request.len()));
}

/// Stores `count` keys in `CONTRACT`'s storage.
fn fill(host: &mut MockHost, count: u32) {
    for i in 0..count {
        host.set_storage(CONTRACT, format!("key{i:06}").into_bytes(), vec![1]);
    }
}

#[test]
fn descending_scans_pay_for_every_key_before_it_is_visited() {
    // Measured before the fix: 200 scans over 20 000 keys, never iterated,
    // 2.7 s for 1.56 ms of gas (each collected its range before any charge).
    let (keys, scans) = (2_000, 20);
    let body = repeat(
        scans,
        "(drop (call $db_scan (i32.const 0) (i32.const 0) (i32.const 2)))",
    );
    let mut cw = Cw::new(CwModule::new(&body).build());
    fill(&mut cw.host, keys);
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
    assert!(outcome.gas_used >= steps * db_next.base + db_next.per_byte * steps * 9);

    // With fuel for 100 steps, the host takes no more than 100.
    let before = cw.host.work();
    let outcome = cw.execute(100 * db_next.base, false);
    assert_eq!(outcome.status, CwStatus::Trap(TrapKind::OutOfGas));
    let steps = cw.host.work().next_keys - before.next_keys;
    assert!(steps <= 100, "{steps} steps for 100 steps' fuel");
}

/// An `ed25519_batch_verify` of `count` valid signatures of one shared `message`.
fn batch_module(message: &[u8], count: usize) -> Vec<u8> {
    use ed25519_zebra::{SigningKey, VerificationKey};
    let key = SigningKey::from([7u8; 32]);
    let public: [u8; 32] = VerificationKey::from(&key).into();
    let signature = key.sign(message).to_bytes();
    let section = |bytes: &[u8]| [bytes, &(bytes.len() as u32).to_be_bytes()].concat();
    let messages = section(message);
    let signatures = section(&signature).repeat(count);
    let pubkeys = section(&public).repeat(count);
    let body = format!(
        "(if (i32.ne (call $ed25519_batch_verify (i32.const {}) (i32.const {}) (i32.const {})) (i32.const 0))
           (then unreachable))",
        slot(0),
        slot(1),
        slot(2)
    );
    CwModule::new(&body)
        .region(0, SCRATCH, &messages)
        .region(1, SCRATCH + messages.len() as u32, &signatures)
        .region(
            2,
            SCRATCH + (messages.len() + signatures.len()) as u32,
            &pubkeys,
        )
        .build()
}

#[test]
fn batch_verification_pays_for_every_message_byte_each_signature_hashes() {
    // Measured before the fix: one 128 KiB message with 128 signatures, 20
    // times, 1.1 s for 3.1 ms of gas (charged per signature only).
    let message = vec![0x5A; 32 * 1024];
    let gas = |count| {
        let outcome = Cw::new(batch_module(&message, count)).execute(GAS, false);
        assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
        outcome.gas_used
    };
    let (one, many) = (gas(1), gas(64));
    let schedule = Schedule::default();
    let hashed_more = 63 * message.len();
    assert!(
        many - one >= schedule.ed25519_verify.per_byte * hashed_more as u64,
        "{many} - {one}"
    );
}

#[test]
fn a_batch_of_millions_of_empty_sections_is_paid_per_byte_and_refused_by_count() {
    // 7 MiB of 4-byte empty sections: 1.8 million entries for one call, where
    // cosmwasm-vm allows 256. Decoding stops at the 257th.
    let len = 7 << 20;
    let batch_error = cosmwasm_crypto::CryptoError::batch_err("").code();
    let body = format!(
        "(if (i32.ne (call $ed25519_batch_verify (i32.const {}) (i32.const {}) (i32.const {})) (i32.const {batch_error}))
           (then unreachable))",
        slot(0),
        slot(1),
        slot(1),
    );
    let code = CwModule::new(&body)
        .zeroed_region(0, SCRATCH, len)
        .zeroed_region(1, SCRATCH, 0)
        .build();
    let outcome = Cw::new(code).execute(GAS, false);
    assert!(matches!(outcome.status, CwStatus::Ok(_)), "{outcome:?}");
    let copied = Schedule::default().input.per_byte * len as u64;
    assert!(
        outcome.gas_used >= copied,
        "{} < {copied}",
        outcome.gas_used
    );
}

/// A native contract whose `execute` (with a local `$i`) runs `body`, with `data` at 0.
fn native(data: &[u8], body: &str) -> Vec<u8> {
    wat_contract_with(
        &escaped(data),
        &format!(
            "(func (export \"execute\") (param i32 i32) (result i32) (local $i i32) {body} (i32.const 0))"
        ),
    )
}

#[test]
fn debug_output_is_capped_counted_always_and_kept_only_when_collected() {
    // Measured before the fix: 3 000 messages of 4 KiB of 0xFF, kept on chain
    // and tripled by lossy UTF-8 conversion, made a 12 MB report.
    let code = native(
        &[0xFF; 4096],
        &repeat(3_000, "(call $debug_log (i32.const 0) (i32.const 4096))"),
    );
    let mut env = Env::new();
    env.install(CONTRACT, &code);
    let collected = env.call(CONTRACT, &[]);
    let cap = Limits::default().max_debug_output_len as usize;
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
    let big = native(
        &[],
        &repeat(
            3_000,
            &format!(
                "(call $emit_event (i32.const 0) (i32.const 0) (i32.const 0) (i32.const {}))",
                limits.max_event_data_len
            ),
        ),
    );
    let mut env = Env::new();
    env.install(CONTRACT, &big);
    let outcome = env.call(CONTRACT, &[]);
    assert_eq!(
        outcome.status,
        Status::Trap(TrapKind::Host(HostTrap::EventsTooLarge))
    );
    let fit = u64::from(limits.max_events_len / limits.max_event_data_len);
    let emit = Schedule::default().emit_event;
    assert!(outcome.gas_used >= fit * emit.of(limits.max_event_data_len as usize));

    let many = native(
        &[],
        &repeat(
            limits.max_events + 1,
            "(call $emit_event (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))",
        ),
    );
    env.install(CONTRACT, &many);
    assert_eq!(
        env.call(CONTRACT, &[]).status,
        Status::Trap(TrapKind::Host(HostTrap::TooManyEvents))
    );
    let just_enough = native(
        &[],
        &repeat(
            limits.max_events,
            "(call $emit_event (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))",
        ),
    );
    env.install(CONTRACT, &just_enough);
    let outcome = env.call(CONTRACT, &[]);
    assert_eq!(outcome.events.len(), limits.max_events as usize);
}

/// A response JSON with `count` attributes of 8-byte keys and values.
fn response_with_attributes(count: usize) -> Vec<u8> {
    let attributes: Vec<String> = (0..count)
        .map(|i| format!(r#"{{"key":"key{i:05}","value":"val{i:05}"}}"#))
        .collect();
    format!(
        r#"{{"ok":{{"messages":[],"attributes":[{}],"events":[],"data":null}}}}"#,
        attributes.join(",")
    )
    .into_bytes()
}

#[test]
fn cosmwasm_events_and_attributes_are_charged_each_and_capped() {
    let run = |count| {
        let code = CwModule::new("")
            .result(&response_with_attributes(count))
            .build();
        Cw::new(code).execute(GAS, false)
    };
    let (none, some) = (run(0), run(100));
    assert!(matches!(some.status, CwStatus::Ok(_)), "{some:?}");
    let attribute = Schedule::default().event_attribute;
    assert!(some.gas_used - none.gas_used >= 100 * attribute.of(16));

    let too_many = Limits::default().max_event_attributes as usize + 1;
    assert_eq!(
        run(too_many).status,
        CwStatus::Trap(TrapKind::Host(HostTrap::TooManyAttributes))
    );
}

/// An `allocate` that reads storage, whose answer the host hands back
/// through `allocate` again: host re-entry without end.
fn reentrant_allocate() -> Vec<u8> {
    CwModule::new("")
        .region(0, SCRATCH, b"k")
        .allocate_hook(&format!("(drop (call $db_read (i32.const {})))", slot(0)))
        .build()
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
    let mut cw = Cw::new(reentrant_allocate());
    cw.host.set_storage(CONTRACT, b"k".to_vec(), b"v".to_vec());
    let outcome = cw.execute(GAS, false);
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
fn host_reentry_counts_in_the_deterministic_stack_budget() {
    let mut cw = Cw::new(reentrant_allocate());
    cw.host.set_storage(CONTRACT, b"k".to_vec(), b"v".to_vec());
    let outcome = cw.execute(GAS, false);
    assert_eq!(outcome.status, CwStatus::Trap(TrapKind::StackExhausted));
    // Each re-entry reads storage once: no more than the budget allows.
    let reentries = Limits::default().max_stack_height as u64 / HOST_FRAME_COST as u64;
    assert!(cw.host.work().reads <= reentries, "{:?}", cw.host.work());
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
    let code = native(
        &[],
        &repeat(
            Limits::default().max_transfers + 1,
            "(drop (call $transfer (i32.const 64) (i32.const 128)))",
        ),
    );
    let mut env = Env::new();
    env.install(CONTRACT, &code);
    env.host.set_balance(CONTRACT, 1_000_000);
    // Address 64 is all zeros; amount at 128 is zero: each transfer is a no-op
    // for the host, and still counts.
    let outcome = env.call(CONTRACT, &[]);
    assert_eq!(
        outcome.status,
        Status::Trap(TrapKind::Host(HostTrap::TooManyTransfers))
    );
}
