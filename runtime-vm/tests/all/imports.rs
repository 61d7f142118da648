//! Every native import: the values it gives, the bounds it checks, the fuel it charges.

use runtime_vm::{
    CallRequest, Error, Event, HostTrap, Limits, Outcome, Schedule, Status, TrapKind,
};

use crate::common::*;

fn host_trap(outcome: &Outcome) -> HostTrap {
    match outcome.status {
        Status::Trap(TrapKind::Host(trap)) => trap,
        other => panic!("expected a host trap, got {other:?}"),
    }
}

fn i32s(data: &[u8]) -> Vec<i32> {
    data.chunks_exact(4)
        .map(|c| i32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

// ---- fuel ----------------------------------------------------------------

/// `(snippet, fuel of its own wasm operators, host charge)` for every import.
/// Operators: `i32.const`/`i64.const` 1, `call` 2, `drop` 0. Measured as
/// the second of two runs: the second `storage_write` replaces the first's
/// 5-byte value, charged as read. A `transfer` pays the host call
/// (`context`) on entry and the transfer itself; a hash pays per byte of
/// the whole blocks it processes (100 bytes: two of SHA-256's 64, with its
/// 9 bytes of padding; one of Keccak's 136; one of BLAKE2b's 128).
fn charges() -> Vec<(&'static str, &'static str, u64, u64)> {
    let s = Schedule::default();
    vec![
        ("storage_write", "(drop (call $storage_write (i32.const 0) (i32.const 3) (i32.const 3) (i32.const 5)))", 6, s.storage_write.of(8) + 5 * s.storage_read.per_byte),
        ("storage_read (absent)", "(drop (call $storage_read (i32.const 8) (i32.const 3) (i32.const 100) (i32.const 64)))", 6, s.storage_read.of(3)),
        ("storage_remove", "(drop (call $storage_remove (i32.const 0) (i32.const 3)))", 4, s.storage_remove.of(3)),
        ("block_number", "(drop (call $block_number))", 2, s.context.of(0)),
        ("timestamp", "(drop (call $timestamp))", 2, s.context.of(0)),
        ("gas_left", "(drop (call $gas_left))", 2, s.context.of(0)),
        ("return_data_len", "(drop (call $return_data_len))", 2, s.context.of(0)),
        ("caller", "(call $caller (i32.const 100))", 3, s.context.of(0)),
        ("address", "(call $address (i32.const 100))", 3, s.context.of(0)),
        ("value_transferred", "(call $value_transferred (i32.const 100))", 3, s.context.of(0)),
        ("get_balance", "(call $get_balance (i32.const 0) (i32.const 100))", 4, s.balance.of(0)),
        ("transfer", "(drop (call $transfer (i32.const 200) (i32.const 300)))", 4, s.context.of(0) + s.transfer.of(0)),
        ("sha256", "(drop (call $sha256 (i32.const 0) (i32.const 100) (i32.const 200)))", 5, s.sha256.of(128)),
        ("keccak256", "(drop (call $keccak256 (i32.const 0) (i32.const 100) (i32.const 200)))", 5, s.keccak256.of(136)),
        ("blake2_256", "(drop (call $blake2_256 (i32.const 0) (i32.const 100) (i32.const 200)))", 5, s.blake2_256.of(128)),
        ("set_return", "(call $set_return (i32.const 0) (i32.const 10))", 4, s.set_return.of(10)),
        ("emit_event", "(call $emit_event (i32.const 0) (i32.const 2) (i32.const 64) (i32.const 10))", 6, s.emit_event.of(74)),
        ("debug_log", "(call $debug_log (i32.const 0) (i32.const 5))", 4, s.debug_log.of(5)),
        ("return_data_copy", "(call $return_data_copy (i32.const 0) (i32.const 0) (i32.const 0))", 5, s.return_data_copy.of(0)),
        ("call (no contract)", "(drop (call $call (i32.const 400) (i32.const 0) (i32.const 0) (i32.const 300) (i64.const 0)))", 7, s.call.of(0)),
    ]
}

#[test]
fn every_import_charges_its_schedule_cost_exactly() {
    for (name, snippet, operators, charge) in charges() {
        assert_eq!(
            marginal_gas("keyvalue", snippet),
            operators + charge,
            "{name}"
        );
    }
}

#[test]
fn storage_read_charges_per_byte_of_the_value_found() {
    let s = Schedule::default();
    let setup =
        "(drop (call $storage_write (i32.const 0) (i32.const 3) (i32.const 3) (i32.const 5)))";
    let read =
        "(drop (call $storage_read (i32.const 0) (i32.const 3) (i32.const 100) (i32.const 64)))";
    assert_eq!(
        marginal_gas_after("keyvalue", setup, read),
        6 + s.storage_read.of(3) + 5 * s.storage_read.per_byte
    );
}

// ---- storage -------------------------------------------------------------

#[test]
fn reads_past_the_proof_size_stop_the_contract_out_of_gas() {
    let body =
        "(drop (call $storage_write (i32.const 0) (i32.const 3) (i32.const 3) (i32.const 5)))
        (local.set 0 (i32.const 1000))
        (loop $again
          (drop (call $storage_read (i32.const 0) (i32.const 3) (i32.const 100) (i32.const 64)))
          (br_if $again (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))";
    let mut env = Env::new();
    env.install(CONTRACT, &wat_contract("keyvalue", body));
    env.host.limit_proof_size(100);
    let outcome = env.call(CONTRACT, &[]);
    assert_eq!(outcome.status, Status::Trap(TrapKind::OutOfGas));
    // The write looks its key up (3 bytes, no value replaced); each read
    // adds 8 bytes (3 of key, 5 of value): the 13th passes 100, and the
    // contract reads no further.
    assert_eq!(env.host.work().reads, 13);
    assert_eq!(env.host.work().read_bytes, 3 + 13 * 8);
}

#[test]
fn removing_a_value_charges_its_bytes_as_read() {
    let s = Schedule::default();
    // Writes a `len`-byte value under "key", then removes it.
    let gas_and_read = |len: i32| {
        let body = format!(
            "(drop (call $storage_write (i32.const 0) (i32.const 3) (i32.const 0) (i32.const {len})))
             (drop (call $storage_remove (i32.const 0) (i32.const 3)))"
        );
        let code = wat_contract("keyvalue", &body);
        let mut env = Env::new();
        env.install(CONTRACT, &code);
        let outcome = env.call(CONTRACT, &[]);
        assert!(outcome.is_success(), "{outcome:?}");
        let load = s.instantiate.of(code.len());
        (outcome.gas_used - load, env.host.work().read_bytes)
    };
    let (small_gas, small_read) = gas_and_read(1);
    let (large_gas, large_read) = gas_and_read(4_001);
    // The host read the 4 000 bytes more the removal replaced, and the
    // contract paid for them as read, besides writing them.
    assert_eq!(large_read - small_read, 4_000);
    assert_eq!(
        large_gas - small_gas,
        4_000 * (s.storage_write.per_byte + s.storage_read.per_byte)
    );
}

#[test]
fn storage_round_trip() {
    let outcome = run_wat(
        "keyvalue",
        "(drop (call $storage_write (i32.const 0) (i32.const 3) (i32.const 3) (i32.const 5)))
         (memory.fill (i32.const 100) (i32.const 46) (i32.const 8))
         (i32.store (i32.const 108) (call $storage_read (i32.const 0) (i32.const 3) (i32.const 100) (i32.const 3)))
         (i32.store (i32.const 112) (call $storage_remove (i32.const 0) (i32.const 3)))
         (i32.store (i32.const 116) (call $storage_remove (i32.const 0) (i32.const 3)))
         (i32.store (i32.const 120) (call $storage_read (i32.const 0) (i32.const 3) (i32.const 100) (i32.const 3)))
         (call $set_return (i32.const 100) (i32.const 24))",
    );
    assert_eq!(outcome.status, Status::Success);
    // Only `min(len, out_cap)` = 3 bytes were copied; the read reported the full 5.
    assert_eq!(&outcome.return_data[..8], b"val.....");
    assert_eq!(i32s(&outcome.return_data[8..]), [5, 1, 0, -1]);
}

#[test]
fn storage_persists_per_contract() {
    let mut env = Env::new();
    let other = [0xC1; 32];
    let code = wat_contract(
        "keyvalue",
        "(drop (call $storage_write (i32.const 0) (i32.const 3) (i32.const 3) (i32.const 5)))",
    );
    env.install(CONTRACT, &code);
    env.install(other, &code);
    assert!(env.call(CONTRACT, &[]).is_success());
    assert_eq!(
        env.host.contract_storage(&CONTRACT).get(&b"key"[..]),
        Some(&b"value".to_vec())
    );
    assert!(env.host.contract_storage(&other).is_empty());
}

#[test]
fn storage_bounds() {
    let limits = Limits::default();
    let key_too_large = format!(
        "(drop (call $storage_write (i32.const 0) (i32.const {}) (i32.const 0) (i32.const 1)))",
        limits.execution.max_storage_key_len + 1
    );
    assert_eq!(
        host_trap(&run_wat("", &key_too_large)),
        HostTrap::StorageKeyTooLarge
    );
    let value_too_large = format!(
        "(drop (call $storage_write (i32.const 0) (i32.const 1) (i32.const 0) (i32.const {})))",
        limits.execution.max_storage_value_len + 1
    );
    assert_eq!(
        host_trap(&run_wat("", &value_too_large)),
        HostTrap::StorageValueTooLarge
    );
    let read_key_too_large = format!(
        "(drop (call $storage_read (i32.const 0) (i32.const {}) (i32.const 0) (i32.const 0)))",
        limits.execution.max_storage_key_len + 1
    );
    assert_eq!(
        host_trap(&run_wat("", &read_key_too_large)),
        HostTrap::StorageKeyTooLarge
    );
    let negative_len = "(drop (call $storage_remove (i32.const 0) (i32.const -1)))";
    assert_eq!(
        host_trap(&run_wat("", negative_len)),
        HostTrap::StorageKeyTooLarge
    );
    let key_outside =
        "(drop (call $storage_write (i32.const 65530) (i32.const 10) (i32.const 0) (i32.const 1)))";
    assert_eq!(
        host_trap(&run_wat("", key_outside)),
        HostTrap::PointerOutOfBounds
    );
    let output_outside =
        "(drop (call $storage_write (i32.const 0) (i32.const 3) (i32.const 3) (i32.const 5)))
        (drop (call $storage_read (i32.const 0) (i32.const 3) (i32.const 65534) (i32.const 5)))";
    assert_eq!(
        host_trap(&run_wat("keyvalue", output_outside)),
        HostTrap::PointerOutOfBounds
    );
}

// ---- context -------------------------------------------------------------

#[test]
fn context_values_reach_the_contract() {
    let mut env = Env::new();
    env.install(CONTRACT, runtime_vm_fixtures::CONTEXT);
    env.host.set_balance(ALICE, 1_000);
    env.host.set_balance(CONTRACT, 50);
    let request = CallRequest {
        value: 7,
        ..env.request(CONTRACT, &[0])
    };
    let outcome = env.run(request).unwrap();
    assert_eq!(outcome.status, Status::Success);
    let out = &outcome.return_data;
    assert_eq!(out.len(), 120);
    assert_eq!(out[..32], ALICE);
    assert_eq!(out[32..64], CONTRACT);
    assert_eq!(u128_le(&out[64..80]), 7);
    assert_eq!(u64_le(&out[80..88]), BLOCK.number);
    assert_eq!(u64_le(&out[88..96]), BLOCK.timestamp);
    // The value was moved before the code ran.
    assert_eq!(u128_le(&out[96..112]), 57);
    let gas_left = u64_le(&out[112..120]);
    assert!(
        gas_left < GAS && gas_left > GAS - outcome.gas_used,
        "{gas_left}"
    );
    assert_eq!(outcome.debug, ["context"]);
    assert_eq!(
        (
            env.host.free_balance(&ALICE),
            env.host.free_balance(&CONTRACT)
        ),
        (993, 57)
    );
}

#[test]
fn gas_left_is_exact() {
    // Between the two reads: i64.store, i32.const, call and the import's own charge.
    let outcome = run_wat(
        "",
        "(i64.store (i32.const 0) (call $gas_left))
         (i64.store (i32.const 8) (call $gas_left))
         (call $set_return (i32.const 0) (i32.const 16))",
    );
    let (first, second) = (
        u64_le(&outcome.return_data[..8]),
        u64_le(&outcome.return_data[8..]),
    );
    assert_eq!(first - second, 4 + Schedule::default().context.base);
}

// ---- balances ------------------------------------------------------------

#[test]
fn balances_and_transfers() {
    let mut env = Env::new();
    env.install(CONTRACT, runtime_vm_fixtures::CONTEXT);
    env.host.set_balance(CONTRACT, 100);
    env.host.set_balance(BOB, 5);
    let issuance = env.host.total_issuance();

    let balance_of_bob = env.call(CONTRACT, &[&[2u8][..], &BOB].concat());
    assert_eq!(u128_le(&balance_of_bob.return_data), 5);

    let send = |amount: u128| [&[1u8][..], &BOB, &amount.to_le_bytes()].concat();
    assert_eq!(env.call(CONTRACT, &send(60)).return_data, [0]);
    assert_eq!(
        (
            env.host.free_balance(&CONTRACT),
            env.host.free_balance(&BOB)
        ),
        (40, 65)
    );
    // Refused: nothing moves, the contract sees 1 and carries on.
    let refused = env.call(CONTRACT, &send(41));
    assert_eq!(
        (refused.status, refused.return_data),
        (Status::Success, vec![1])
    );
    assert_eq!(
        (
            env.host.free_balance(&CONTRACT),
            env.host.free_balance(&BOB)
        ),
        (40, 65)
    );
    assert_eq!(env.host.total_issuance(), issuance);
}

#[test]
fn balance_bounds() {
    assert_eq!(
        host_trap(&run_wat(
            "",
            "(call $get_balance (i32.const 65520) (i32.const 0))"
        )),
        HostTrap::PointerOutOfBounds
    );
    assert_eq!(
        host_trap(&run_wat(
            "",
            "(call $get_balance (i32.const 0) (i32.const 65530))"
        )),
        HostTrap::PointerOutOfBounds
    );
    assert_eq!(
        host_trap(&run_wat(
            "",
            "(drop (call $transfer (i32.const 0) (i32.const 65530)))"
        )),
        HostTrap::PointerOutOfBounds
    );
    assert_eq!(
        host_trap(&run_wat("", "(call $caller (i32.const 65535))")),
        HostTrap::PointerOutOfBounds
    );
}

// ---- hashing -------------------------------------------------------------

#[test]
fn hashes_match_the_reference_crates() {
    use sha2::Digest as _;
    let mut env = Env::new();
    env.install(CONTRACT, runtime_vm_fixtures::HASHER);
    for data in [&b""[..], b"a", &[0x5A; 1000]] {
        let mut hash = |op: u8| env.call(CONTRACT, &[&[op][..], data].concat()).return_data;
        assert_eq!(hash(0), sha2::Sha256::digest(data).to_vec());
        assert_eq!(hash(1), sha3::Keccak256::digest(data).to_vec());
        assert_eq!(
            hash(2),
            blake2::Blake2b::<blake2::digest::consts::U32>::digest(data).to_vec()
        );
    }
    assert_eq!(
        host_trap(&run_wat(
            "",
            "(drop (call $sha256 (i32.const 65500) (i32.const 100) (i32.const 0)))"
        )),
        HostTrap::PointerOutOfBounds
    );
    assert_eq!(
        host_trap(&run_wat(
            "",
            "(drop (call $keccak256 (i32.const 0) (i32.const 1) (i32.const 65530)))"
        )),
        HostTrap::PointerOutOfBounds
    );
}

// ---- output --------------------------------------------------------------

#[test]
fn the_last_set_return_wins() {
    let outcome = run_wat("abcdef", "(call $set_return (i32.const 0) (i32.const 2)) (call $set_return (i32.const 2) (i32.const 3))");
    assert_eq!(outcome.return_data, b"cde");
    let too_large = format!(
        "(call $set_return (i32.const 0) (i32.const {}))",
        Limits::default().execution.max_return_data_len + 1
    );
    assert_eq!(
        host_trap(&run_wat("", &too_large)),
        HostTrap::ReturnDataTooLarge
    );
}

#[test]
fn events_carry_topics_and_data() {
    let topics = format!("{}{}", "\\01".repeat(32), "\\02".repeat(32));
    let outcome = run_wat(&format!("{topics}payload"), "(call $emit_event (i32.const 0) (i32.const 2) (i32.const 64) (i32.const 7)) (call $emit_event (i32.const 0) (i32.const 0) (i32.const 64) (i32.const 0))");
    assert_eq!(
        outcome.events,
        [
            Event {
                contract: CONTRACT,
                topics: vec![[1; 32], [2; 32]],
                data: b"payload".to_vec()
            },
            Event {
                contract: CONTRACT,
                topics: vec![],
                data: vec![]
            },
        ]
    );
    assert_eq!(
        host_trap(&run_wat(
            "",
            "(call $emit_event (i32.const 0) (i32.const 5) (i32.const 0) (i32.const 0))"
        )),
        HostTrap::TooManyTopics
    );
    assert_eq!(
        host_trap(&run_wat(
            "",
            "(call $emit_event (i32.const 0) (i32.const -1) (i32.const 0) (i32.const 0))"
        )),
        HostTrap::TooManyTopics
    );
    let too_large = format!(
        "(call $emit_event (i32.const 0) (i32.const 0) (i32.const 0) (i32.const {}))",
        Limits::default().execution.max_event_data_len + 1
    );
    assert_eq!(
        host_trap(&run_wat("", &too_large)),
        HostTrap::EventDataTooLarge
    );
}

#[test]
fn debug_messages_survive_failure() {
    let code = wat_contract_with(
        "hello\\ff",
        r#"(func (export "execute") (param i32 i32) (result i32)
             (call $debug_log (i32.const 0) (i32.const 6)) (i32.const 1))"#,
    );
    let mut env = Env::new();
    env.install(CONTRACT, &code);
    let outcome = env.call(CONTRACT, &[]);
    assert_eq!(outcome.status, Status::Revert(1));
    assert_eq!(outcome.debug, ["hello\u{fffd}"]);
    let too_large = format!(
        "(call $debug_log (i32.const 0) (i32.const {}))",
        Limits::default().execution.max_debug_message_len + 1
    );
    assert_eq!(
        host_trap(&run_wat("", &too_large)),
        HostTrap::DebugMessageTooLarge
    );
}

#[test]
fn return_data_copy_bounds() {
    // No call yet: the return data is empty, so any non-empty copy is out of bounds.
    assert_eq!(
        host_trap(&run_wat(
            "",
            "(call $return_data_copy (i32.const 0) (i32.const 0) (i32.const 1))"
        )),
        HostTrap::ReturnDataOutOfBounds
    );
    assert_eq!(
        host_trap(&run_wat(
            "",
            "(call $return_data_copy (i32.const 0) (i32.const -1) (i32.const 1))"
        )),
        HostTrap::ReturnDataOutOfBounds
    );
}

// ---- input ---------------------------------------------------------------

#[test]
fn input_arrives_through_alloc() {
    let echo = wat_contract_with(
        "",
        r#"(func (export "alloc") (param i32) (result i32)
             (i32.mul (memory.grow (i32.const 2)) (i32.const 65536)))
           (func (export "execute") (param i32 i32) (result i32)
             (call $set_return (local.get 0) (local.get 1)) (i32.const 0))"#,
    );
    let mut env = Env::new();
    env.install(CONTRACT, &echo);
    assert_eq!(env.call(CONTRACT, b"hello").return_data, b"hello");
    // An input one byte over the limit is refused before anything runs.
    let max = Limits::default().execution.max_input_len;
    let big = vec![1u8; max as usize + 1];
    assert_eq!(
        env.run(env.request(CONTRACT, &big)),
        Err(Error::InputTooLarge {
            len: big.len() as u32,
            max
        }
        .into())
    );
    assert_eq!(
        env.call(CONTRACT, &big[1..]).return_data.len(),
        max as usize
    );
}

#[test]
fn input_needs_a_valid_alloc() {
    let mut env = Env::new();
    env.install(CONTRACT, &wat_contract("", ""));
    assert_eq!(host_trap(&env.call(CONTRACT, b"x")), HostTrap::MissingAlloc);
    assert!(
        env.call(CONTRACT, b"").is_success(),
        "no input needs no alloc"
    );

    let bad_alloc = wat_contract_with(
        "",
        r#"(func (export "alloc") (param i32) (result i32) (i32.const 65530))
           (func (export "execute") (param i32 i32) (result i32) (i32.const 0))"#,
    );
    env.install(CONTRACT, &bad_alloc);
    assert_eq!(
        host_trap(&env.call(CONTRACT, &[0; 10])),
        HostTrap::InvalidAlloc
    );
}
