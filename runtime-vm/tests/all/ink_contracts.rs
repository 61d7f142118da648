//! ink! 5 contracts built by cargo-contract (`tests/fixtures/ink`), called
//! as their clients call them: a message is its selector (from the
//! contract's metadata) followed by its SCALE-encoded arguments, and what
//! comes back is ink!'s `MessageResult`.

use codec::{Decode, Encode};
use runtime_vm::{Address, CallRequest, EntryPoint, Event, Outcome, Status, TrapKind};
use runtime_vm_fixtures::{self as fixtures, InkMetadata};

use crate::common::*;

/// An ink! contract deployed in an [`Env`], with its metadata.
struct Ink {
    env: Env,
    metadata: InkMetadata,
}

impl Ink {
    /// Deploys `code` with the constructor `label` and its encoded `args`, as Alice.
    fn deploy(code: &[u8], name: &str, label: &str, args: impl Encode) -> Self {
        let metadata = InkMetadata::of(name);
        let mut env = Env::new();
        env.install(CONTRACT, code);
        let input = metadata.constructor(label, &args.encode());
        let request = CallRequest {
            entry: EntryPoint::Deploy,
            ..env.request(CONTRACT, &input)
        };
        let outcome = env.run_ink(request).unwrap();
        assert_eq!(outcome.status, Status::Success, "{outcome:?}");
        Self { env, metadata }
    }

    /// Calls the message `label` with `args` as `caller`, moving `value`.
    fn call_with(
        &mut self,
        caller: Address,
        value: u128,
        label: &str,
        args: impl Encode,
    ) -> Outcome {
        let input = self.metadata.message(label, &args.encode());
        let request = CallRequest {
            caller,
            value,
            ..self.env.request(CONTRACT, &input)
        };
        self.env.run_ink(request).unwrap()
    }

    /// Calls `label` as Alice and decodes its `Ok` result.
    fn query<R: Decode>(&mut self, label: &str, args: impl Encode) -> R {
        let outcome = self.call_with(ALICE, 0, label, args);
        assert_eq!(outcome.status, Status::Success, "{label}: {outcome:?}");
        decode_ok(&outcome.return_data)
    }
}

/// The value of an ink! `MessageResult::Ok`.
fn decode_ok<R: Decode>(data: &[u8]) -> R {
    match Result::<R, u8>::decode(&mut &data[..]).expect("a MessageResult") {
        Ok(value) => value,
        Err(lang_error) => panic!("ink! LangError {lang_error}"),
    }
}

#[test]
fn flipper_flips_and_emits_an_event_with_its_topics() {
    let mut flipper = Ink::deploy(fixtures::INK_FLIPPER, "ink_flipper", "new", true);
    assert!(flipper.query::<bool>("get", ()));

    let flipped = flipper.call_with(ALICE, 0, "flip", ());
    assert_eq!(flipped.status, Status::Success);
    let topic = flipper.metadata.event_topic("Flipped");
    // The signature topic, then the `#[ink(topic)]` field's encoding, padded.
    let value_topic = [0; 32];
    assert_eq!(
        flipped.events,
        vec![Event {
            contract: CONTRACT,
            topics: vec![topic, value_topic],
            data: false.encode(),
        }]
    );
    assert!(!flipper.query::<bool>("get", ()));

    let mut default = Ink::deploy(fixtures::INK_FLIPPER, "ink_flipper", "default", ());
    assert!(!default.query::<bool>("get", ()));
}

#[test]
fn incrementer_keeps_mappings_reverts_errors_and_takes_value() {
    let mut counter = Ink::deploy(fixtures::INK_INCREMENTER, "ink_incrementer", "new", 5i32);
    for _ in 0..2 {
        assert_eq!(
            counter.call_with(ALICE, 0, "inc", 3i32).status,
            Status::Success
        );
    }
    assert_eq!(
        counter.call_with(BOB, 0, "inc", 1i32).status,
        Status::Success
    );
    assert_eq!(counter.query::<i32>("get", ()), 12);
    assert_eq!(counter.query::<u32>("calls_of", ALICE), 2);
    assert_eq!(counter.query::<u32>("calls_of", BOB), 1);

    // An `Err` reverts the message: the state stays, the error comes back.
    let storage = counter.env.host.contract_storage(&CONTRACT);
    let refused = counter.call_with(ALICE, 0, "dec", 20i32);
    assert_eq!(refused.status, Status::Revert(1));
    assert_eq!(
        decode_ok::<Result<(), u8>>(&refused.return_data),
        Err(0),
        "Error::WouldGoNegative"
    );
    assert_eq!(counter.env.host.contract_storage(&CONTRACT), storage);
    assert_eq!(
        counter.call_with(ALICE, 0, "dec", 2i32).status,
        Status::Success
    );
    assert_eq!(counter.query::<i32>("get", ()), 10);

    // `take` removes the caller's entry and hands it back.
    assert_eq!(counter.query::<Option<u32>>("forget_me", ()), Some(2));
    assert_eq!(counter.query::<u32>("calls_of", ALICE), 0);

    // A payable message keeps the value; an unpayable one refuses it.
    counter.env.host.set_balance(ALICE, 1_000);
    assert_eq!(
        counter.call_with(ALICE, 300, "deposit", ()).status,
        Status::Success
    );
    assert_eq!(counter.query::<(u128, u128)>("funds", ()), (300, 300));
    assert_eq!(
        counter.call_with(ALICE, 1, "inc", 1i32).status,
        Status::Trap(TrapKind::Unreachable),
        "ink! panics on value sent to an unpayable message"
    );
    assert_eq!(counter.env.host.free_balance(&ALICE), 700);
}

#[test]
fn incrementer_reads_hashes_and_the_context() {
    let mut counter = Ink::deploy(fixtures::INK_INCREMENTER, "ink_incrementer", "new", 0i32);
    let input = b"wasmtime".to_vec();
    let (sha2, keccak, blake2, blake2_128) =
        counter.query::<([u8; 32], [u8; 32], [u8; 32], [u8; 16])>("hashes", input.clone());
    use sha2::Digest as _;
    assert_eq!(sha2, <[u8; 32]>::from(sha2::Sha256::digest(&input)));
    assert_eq!(keccak, <[u8; 32]>::from(sha3::Keccak256::digest(&input)));
    assert_eq!(
        blake2,
        <[u8; 32]>::from(blake2::Blake2b::<blake2::digest::consts::U32>::digest(
            &input
        ))
    );
    assert_eq!(
        blake2_128,
        <[u8; 16]>::from(blake2::Blake2b::<blake2::digest::consts::U16>::digest(
            &input
        ))
    );
    let (number, now, caller, me, is_origin) =
        counter.query::<(u32, u64, Address, Address, bool)>("context", ());
    assert_eq!(
        (number, now, caller, me, is_origin),
        (BLOCK.number as u32, BLOCK.timestamp, ALICE, CONTRACT, true)
    );
}

#[test]
fn erc20_transfers_approves_and_refuses_with_its_errors() {
    let mut token = Ink::deploy(fixtures::INK_ERC20, "ink_erc20", "new", 1_000u128);
    assert_eq!(token.query::<u128>("total_supply", ()), 1_000);
    assert_eq!(token.query::<u128>("balance_of", ALICE), 1_000);

    let sent = token.call_with(ALICE, 0, "transfer", (BOB, 100u128));
    assert_eq!(sent.status, Status::Success);
    assert_eq!(decode_ok::<Result<(), u8>>(&sent.return_data), Ok(()));
    let transfer = token.metadata.event_topic("Transfer");
    let [event] = sent.events.as_slice() else {
        panic!("one event: {:?}", sent.events)
    };
    assert_eq!(event.topics[0], transfer);
    assert_eq!(event.topics.len(), 3, "the signature, from and to");
    assert_eq!(
        event.data,
        (Some(ALICE), Some(BOB), 100u128).encode(),
        "the event's fields"
    );
    assert_eq!(token.query::<u128>("balance_of", BOB), 100);

    let too_much = token.call_with(BOB, 0, "transfer", (ALICE, 101u128));
    assert_eq!(too_much.status, Status::Revert(1));
    assert_eq!(
        decode_ok::<Result<(), u8>>(&too_much.return_data),
        Err(0),
        "InsufficientBalance"
    );

    assert_eq!(
        token.call_with(ALICE, 0, "approve", (BOB, 50u128)).status,
        Status::Success
    );
    assert_eq!(token.query::<u128>("allowance", (ALICE, BOB)), 50);
    let over = token.call_with(BOB, 0, "transfer_from", (ALICE, BOB, 51u128));
    assert_eq!(
        decode_ok::<Result<(), u8>>(&over.return_data),
        Err(1),
        "InsufficientAllowance"
    );
    let spent = token.call_with(BOB, 0, "transfer_from", (ALICE, BOB, 50u128));
    assert_eq!(spent.status, Status::Success);
    assert_eq!(token.query::<u128>("balance_of", ALICE), 850);
    assert_eq!(token.query::<u128>("balance_of", BOB), 150);
    assert_eq!(token.query::<u128>("allowance", (ALICE, BOB)), 0);
}
