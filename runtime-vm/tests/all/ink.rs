//! The ink! ABI on hand-written modules: how it is recognized and
//! validated, its imported memory, its output buffers, storage layout,
//! returns and reverts, calls between contracts. The ink! contracts built
//! by cargo-contract run in `fixtures.rs`.

use runtime_vm::abi::Abi;
use runtime_vm::{HostTrap, Limits, Semantics, Status, TrapKind, ValidationError};
use runtime_vm_hostile::ink;

use crate::common::*;

const OTHER: [u8; 32] = [0xC1; 32];

/// Writes the 32-bit `value` at `ptr`.
fn store(ptr: u32, value: u32) -> String {
    format!("(i32.store (i32.const {ptr}) (i32.const {value}))")
}

/// `seal_return(flags, ptr, len)`.
fn ret(flags: u32, ptr: u32, len: u32) -> String {
    format!("(call $seal0.seal_return (i32.const {flags}) (i32.const {ptr}) (i32.const {len}))")
}

fn trap_of(outcome: &runtime_vm::Outcome) -> TrapKind {
    match outcome.status {
        Status::Trap(kind) => kind,
        other => panic!("expected a trap, got {other:?}"),
    }
}

#[test]
fn a_module_importing_env_memory_is_an_ink_contract_from_semantics_3() {
    let code = ink(&[], "");
    let info = runtime_vm::validate(&code, &Limits::default(), Semantics::V3).unwrap();
    assert_eq!(info.abi, Abi::Ink);
    assert_eq!(info.usage.memory_pages, 1);
    for older in [Semantics::V1, Semantics::V2] {
        assert_eq!(
            runtime_vm::validate(&code, &Limits::default(), older).unwrap_err(),
            ValidationError::UnknownImport {
                module: "seal0".into(),
                name: "input".into()
            },
            "{older:?} knows no ink! ABI"
        );
    }
}

#[test]
fn the_imported_memory_keeps_its_declared_maximum_within_the_limit() {
    let module = |memory: &str| {
        wat::parse_str(format!(
            r#"(module (import "env" "memory" (memory {memory}))
                 (func (export "deploy")) (func (export "call")))"#
        ))
        .unwrap()
    };
    let validate = |code: &[u8]| runtime_vm::validate(code, &Limits::default(), Semantics::V3);
    let max = Limits::default().execution.max_memory_pages;
    assert!(validate(&module("1 16")).is_ok());
    // No maximum: the limit stands for it, as pallet-contracts' schedule does.
    assert!(validate(&module("1")).is_ok());
    assert_eq!(
        validate(&module(&format!("1 {}", max + 1))).unwrap_err(),
        ValidationError::MemoryTooLarge {
            pages: u64::from(max) + 1,
            max
        }
    );
    // A memory grows to its declared maximum and no further.
    let grow = |pages: u32| {
        format!(
            "(i32.store (i32.const 0) (memory.grow (i32.const {pages}))) {}",
            ret(0, 0, 4)
        )
    };
    let mut env = Env::new();
    env.install(CONTRACT, &ink(&[], &grow(15)));
    assert_eq!(env.call_ink(CONTRACT, &[]).return_data, 1u32.to_le_bytes());
    env.install(OTHER, &ink(&[], &grow(16)));
    assert_eq!(env.call_ink(OTHER, &[]).return_data, (-1i32).to_le_bytes());
}

#[test]
fn ink_modules_export_call_and_deploy_and_not_the_memory_name() {
    let validate = |wat: &str| {
        runtime_vm::validate(
            &wat::parse_str(wat).unwrap(),
            &Limits::default(),
            Semantics::V3,
        )
    };
    assert_eq!(
        validate(r#"(module (import "env" "memory" (memory 1)) (func (export "call")))"#)
            .unwrap_err(),
        ValidationError::MissingExport("deploy".into())
    );
    assert!(matches!(
        validate(
            r#"(module (import "env" "memory" (memory 1))
                 (func (export "deploy")) (func (export "call") (param i32)))"#
        ),
        Err(ValidationError::ExportSignature { name, .. }) if name == "call"
    ));
    assert_eq!(
        validate(
            r#"(module (import "env" "memory" (memory 1))
                 (func (export "deploy")) (func (export "call")) (func (export "memory")))"#
        )
        .unwrap_err(),
        ValidationError::ReservedExport("memory".into())
    );
    // pallet-contracts' chain extensions, runtime calls and XCM are refused by name.
    assert_eq!(
        validate(
            r#"(module (import "seal0" "call_chain_extension"
                 (func (param i32 i32 i32 i32 i32) (result i32)))
                 (import "env" "memory" (memory 1))
                 (func (export "deploy")) (func (export "call")))"#
        )
        .unwrap_err(),
        ValidationError::UnknownImport {
            module: "seal0".into(),
            name: "call_chain_extension".into()
        }
    );
}

#[test]
fn input_comes_through_an_output_buffer_and_seal_return_ends_the_call() {
    // Echo: the input at 64 (capacity 256 at 32), returned as is; the
    // `unreachable` after `seal_return` never runs.
    let echo = format!(
        "{} (call $seal0.input (i32.const 64) (i32.const 32)) \
         (call $seal0.seal_return (i32.const 0) (i32.const 64) (i32.load (i32.const 32))) \
         unreachable",
        store(32, 256)
    );
    let mut env = Env::new();
    env.install(CONTRACT, &ink(&[], &echo));
    let outcome = env.call_ink(CONTRACT, b"hello ink");
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(outcome.return_data, b"hello ink");

    // A buffer too small for the input traps.
    let small = format!(
        "{} (call $seal0.input (i32.const 64) (i32.const 32))",
        store(32, 4)
    );
    env.install(OTHER, &ink(&[], &small));
    assert_eq!(
        trap_of(&env.call_ink(OTHER, b"hello ink")),
        TrapKind::Host(HostTrap::OutputBufferTooSmall)
    );
}

#[test]
fn the_revert_flag_rolls_back_storage_and_keeps_the_returned_data() {
    // Writes key 0..32 -> "v", then returns "no" with the flags of its input's first byte.
    let body = format!(
        "{} (call $seal0.input (i32.const 64) (i32.const 32)) \
         (call $seal0.set_storage (i32.const 128) (i32.const 0) (i32.const 1)) \
         (call $seal0.seal_return (i32.load8_u (i32.const 64)) (i32.const 1) (i32.const 2))",
        store(32, 16)
    );
    let mut env = Env::new();
    env.install(CONTRACT, &ink(b"vno", &body));
    let reverted = env.call_ink(CONTRACT, &[1]);
    assert_eq!(reverted.status, Status::Revert(1));
    assert_eq!(reverted.return_data, b"no");
    assert!(env.host.contract_storage(&CONTRACT).is_empty());

    let kept = env.call_ink(CONTRACT, &[0]);
    assert_eq!(kept.status, Status::Success);
    // A 32-byte key is stored under its BLAKE2b-256, as pallet-contracts does.
    let key = blake2_256(&[0; 32]);
    assert_eq!(
        env.host.contract_storage(&CONTRACT).get(key.as_slice()),
        Some(&b"v".to_vec())
    );

    // Flags other than REVERT trap.
    assert_eq!(
        trap_of(&env.call_ink(CONTRACT, &[2])),
        TrapKind::Host(HostTrap::InvalidFlags)
    );
}

#[test]
fn keys_of_a_given_length_are_stored_under_blake2_128_concat() {
    // seal2.set_storage("abc" -> "xyz") returns the old length (none: u32::MAX),
    // then seal1.get_storage reads it back into a buffer and returns it.
    let body = format!(
        "(i32.store (i32.const 200) (call $seal2.set_storage (i32.const 0) (i32.const 3) (i32.const 3) (i32.const 3))) \
         {} \
         (drop (call $seal1.get_storage (i32.const 0) (i32.const 3) (i32.const 64) (i32.const 32))) \
         (i32.store (i32.const 204) (call $seal1.contains_storage (i32.const 0) (i32.const 3))) \
         (i32.store (i32.const 208) (call $seal1.get_storage (i32.const 9) (i32.const 1) (i32.const 64) (i32.const 32))) \
         {}",
        store(32, 16),
        ret(0, 64, 152)
    );
    let mut env = Env::new();
    env.install(CONTRACT, &ink(b"abcxyz", &body));
    let outcome = env.call_ink(CONTRACT, &[]);
    assert_eq!(outcome.status, Status::Success, "{outcome:?}");
    let data = &outcome.return_data;
    assert_eq!(&data[..3], b"xyz");
    let word = |at: usize| u32::from_le_bytes(data[at - 64..at - 60].try_into().unwrap());
    assert_eq!(word(200), u32::MAX, "no value replaced");
    assert_eq!(word(204), 3, "the value's length");
    assert_eq!(word(208), 3, "KeyNotFound");
    let mut key = blake2_128(b"abc").to_vec();
    key.extend_from_slice(b"abc");
    assert_eq!(
        env.host.contract_storage(&CONTRACT).get(&key),
        Some(&b"xyz".to_vec())
    );
}

#[test]
fn a_call_runs_the_callee_with_value_and_copies_its_output() {
    // The callee returns its input reversed... simply: returns "pong" and
    // reverts when its input is "revert".
    let callee = format!(
        "{} (call $seal0.input (i32.const 64) (i32.const 32)) \
         (if (i32.eq (i32.load (i32.const 32)) (i32.const 6)) \
           (then (call $seal0.seal_return (i32.const 1) (i32.const 0) (i32.const 4)))) \
         {}",
        store(32, 16),
        ret(0, 0, 4)
    );
    // The caller: seal1.call(flags 0, callee at 0, gas 0, value at 32,
    // input = its own input, output at 128 with capacity at 96) and returns
    // [code, output...].
    let caller = format!(
        "{} (call $seal0.input (i32.const 300) (i32.const 296)) \
         {} \
         (i32.store (i32.const 124) (call $seal1.call (i32.const 0) (i32.const 0) (i64.const 0) \
            (i32.const 32) (i32.const 300) (i32.load (i32.const 296)) (i32.const 128) (i32.const 96))) \
         {}",
        store(296, 64),
        store(96, 64),
        ret(0, 124, 8)
    );
    let mut data = OTHER.to_vec();
    data.extend_from_slice(&7u128.to_le_bytes());
    let mut env = Env::new();
    env.install(CONTRACT, &ink(&data, &caller));
    env.install(OTHER, &ink(b"pong", &callee));
    env.host.set_balance(CONTRACT, 100);

    let outcome = env.call_ink(CONTRACT, b"ping");
    assert_eq!(outcome.status, Status::Success, "{outcome:?}");
    assert_eq!(outcome.return_data[..4], 0i32.to_le_bytes());
    assert_eq!(&outcome.return_data[4..], b"pong");
    assert_eq!(env.host.free_balance(&OTHER), 7);

    let reverted = env.call_ink(CONTRACT, b"revert");
    assert_eq!(reverted.status, Status::Success);
    assert_eq!(
        reverted.return_data[..4],
        2i32.to_le_bytes(),
        "CalleeReverted"
    );
    assert_eq!(
        &reverted.return_data[4..],
        b"pong",
        "a revert's output is copied"
    );
    assert_eq!(env.host.free_balance(&OTHER), 7, "its value went back");
}

#[test]
fn a_call_back_into_a_contract_on_the_stack_needs_allow_reentry() {
    // Calls itself (address at 0) with flags from its input; the inner
    // call (input empty) returns at once.
    let body = format!(
        "{} (call $seal0.input (i32.const 300) (i32.const 296)) \
         (if (i32.eqz (i32.load (i32.const 296))) (then {})) \
         (i32.store (i32.const 124) (call $seal1.call (i32.load8_u (i32.const 300)) (i32.const 0) (i64.const 0) \
            (i32.const 32) (i32.const 0) (i32.const 0) (i32.const -1) (i32.const 0))) \
         {}",
        store(296, 64),
        ret(0, 0, 0),
        ret(0, 124, 4)
    );
    let mut data = CONTRACT.to_vec();
    data.extend_from_slice(&0u128.to_le_bytes());
    let mut env = Env::new();
    env.install(CONTRACT, &ink(&data, &body));
    assert_eq!(
        trap_of(&env.call_ink(CONTRACT, &[0])),
        TrapKind::Host(HostTrap::ReentranceDenied)
    );
    let allowed = env.call_ink(CONTRACT, &[8]);
    assert_eq!(allowed.return_data, 0i32.to_le_bytes(), "{allowed:?}");
}

#[test]
fn context_imports_write_scale_values() {
    // caller, address, value, block number (u32), now (u64), minimum
    // balance, each into a 64-byte buffer at 64 * (n + 1), lengths kept.
    let imports = [
        "caller",
        "address",
        "value_transferred",
        "block_number",
        "now",
        "minimum_balance",
    ];
    let mut body = String::new();
    for (n, name) in imports.iter().enumerate() {
        let (out, len) = (64 * (n as u32 + 1), 8 + 4 * n as u32);
        body += &format!(
            "{} (call $seal0.{name} (i32.const {out}) (i32.const {len})) ",
            store(len, 64)
        );
    }
    body += &format!(
        "(i32.store (i32.const 40) (call $seal0.caller_is_origin)) {}",
        ret(0, 0, 64 * 7)
    );
    let mut env = Env::new();
    env.install(CONTRACT, &ink(&[], &body));
    let out = env.call_ink(CONTRACT, &[]).return_data;
    let field = |n: usize| {
        let len = u32::from_le_bytes(out[8 + 4 * n..12 + 4 * n].try_into().unwrap()) as usize;
        &out[64 * (n + 1)..64 * (n + 1) + len]
    };
    assert_eq!(field(0), ALICE);
    assert_eq!(field(1), CONTRACT);
    assert_eq!(field(2), 0u128.to_le_bytes());
    assert_eq!(field(3), (BLOCK.number as u32).to_le_bytes());
    assert_eq!(field(4), BLOCK.timestamp.to_le_bytes());
    assert_eq!(field(5), INK_CHAIN.minimum_balance.to_le_bytes());
    assert_eq!(out[40], 1, "the top-level caller is the origin");
}

fn blake2_256(data: &[u8]) -> [u8; 32] {
    use blake2::Digest;
    blake2::Blake2b::<blake2::digest::consts::U32>::digest(data).into()
}

fn blake2_128(data: &[u8]) -> [u8; 16] {
    use blake2::Digest;
    blake2::Blake2b::<blake2::digest::consts::U16>::digest(data).into()
}

/// Runs `body` in an ink! module with `data` at 0 and returns what it returns.
fn run_body(data: &[u8], body: &str) -> Vec<u8> {
    let mut env = Env::new();
    env.install(CONTRACT, &ink(data, body));
    let outcome = env.call_ink(CONTRACT, &[]);
    assert_eq!(outcome.status, Status::Success, "{outcome:?}");
    outcome.return_data
}

#[test]
fn ecdsa_recover_gives_the_compressed_key_and_its_ethereum_address() {
    use sha3::Digest;
    let key = k256::ecdsa::SigningKey::from_bytes(&[9u8; 32].into()).unwrap();
    let hash = [0x42; 32];
    let (signature, recovery) = key.sign_prehash_recoverable(&hash).unwrap();
    // [r, s, v] at 0, the hash at 65, the key written at 100, the address at 140.
    let mut data = signature.to_bytes().to_vec();
    data.push(recovery.to_byte());
    data.extend_from_slice(&hash);
    let body = format!(
        "(i32.store (i32.const 200) (call $seal0.ecdsa_recover (i32.const 0) (i32.const 65) (i32.const 100))) \
         (i32.store (i32.const 204) (call $seal0.ecdsa_to_eth_address (i32.const 100) (i32.const 140))) \
         {}",
        ret(0, 100, 108)
    );
    let out = run_body(&data, &body);
    let public = key.verifying_key().to_encoded_point(true);
    assert_eq!(&out[..33], public.as_bytes());
    let uncompressed = key.verifying_key().to_encoded_point(false);
    let address = &sha3::Keccak256::digest(&uncompressed.as_bytes()[1..])[12..];
    assert_eq!(&out[40..60], address);
    assert_eq!(out[100..108], [0; 8], "both Success");

    // A recovery id beyond 3 (or 30) fails.
    data[64] = 4;
    let failed = run_body(&data, &body);
    assert_eq!(failed[100..104], 11u32.to_le_bytes(), "EcdsaRecoveryFailed");
}

#[test]
fn sr25519_verify_accepts_substrate_signatures_only() {
    let pair = schnorrkel::MiniSecretKey::from_bytes(&[7; 32])
        .unwrap()
        .expand_to_keypair(schnorrkel::ExpansionMode::Ed25519);
    let message = b"ink! on wasmtime";
    let signature = pair.sign_simple(b"substrate", message).to_bytes();
    // Signature at 0, key at 64, message at 96.
    let mut data = signature.to_vec();
    data.extend_from_slice(&pair.public.to_bytes());
    data.extend_from_slice(message);
    let body = |len: usize| {
        format!(
            "(i32.store (i32.const 200) (call $seal0.sr25519_verify (i32.const 0) (i32.const 64) (i32.const {len}) (i32.const 96))) {}",
            ret(0, 200, 4)
        )
    };
    assert_eq!(run_body(&data, &body(message.len())), 0u32.to_le_bytes());
    // One byte less of the message: Sr25519VerifyFailed.
    assert_eq!(
        run_body(&data, &body(message.len() - 1)),
        12u32.to_le_bytes()
    );
}

#[test]
fn every_read_of_the_input_pays_for_its_bytes() {
    // Reads the input `n` times into a buffer of 60 000 bytes.
    let reads = |n: u32| {
        let body = format!(
            "(local.set $i (i32.const {n})) (loop $l \
               {} (call $seal0.input (i32.const 1024) (i32.const 0)) \
               (local.set $i (i32.sub (local.get $i) (i32.const 1))) \
               (br_if $l (local.get $i)))",
            store(0, 60_000)
        );
        let mut env = Env::new();
        env.install(CONTRACT, &ink(&[], &body));
        let outcome = env.call_ink(CONTRACT, &[7; 30_000]);
        assert_eq!(outcome.status, Status::Success, "{outcome:?}");
        outcome.gas_used
    };
    let per_read = runtime_vm::Schedule::default().input.of(30_000);
    assert!(
        reads(11) - reads(1) >= 10 * per_read,
        "ten more reads of 30 000 bytes pay at least {} fuel",
        10 * per_read
    );
}
