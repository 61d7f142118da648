//! ink! 5 contracts built by cargo-contract (`tests/fixtures/ink`), called
//! as their clients call them: a message is its selector (from the
//! contract's metadata) followed by its SCALE-encoded arguments, and what
//! comes back is ink!'s `MessageResult`.

use codec::{Decode, Encode};
use runtime_vm::testing::MockHost;
use runtime_vm::{Address, CallRequest, EntryPoint, Event, HostTrap, Outcome, Status, TrapKind};
use runtime_vm_fixtures::{self as fixtures, InkMetadata};

use crate::common::*;

const OTHER: Address = [0xC1; 32];

/// An ink! contract deployed in an [`Env`]: its address and metadata.
struct Ink {
    address: Address,
    metadata: InkMetadata,
}

impl Ink {
    /// Deploys `code` (the fixture `name`) at `address` with the
    /// constructor `label` and its encoded `args`, as Alice.
    fn deploy(
        env: &mut Env,
        address: Address,
        (code, name): (&[u8], &str),
        label: &str,
        args: impl Encode,
    ) -> Self {
        let metadata = InkMetadata::of(name);
        env.install(address, code);
        let input = metadata.constructor(label, &args.encode());
        let request = CallRequest {
            entry: EntryPoint::Deploy,
            ..env.request(address, &input)
        };
        let outcome = env.run_ink(request).unwrap();
        assert_eq!(outcome.status, Status::Success, "{outcome:?}");
        Self { address, metadata }
    }

    /// A new [`Env`] with `code` deployed at [`CONTRACT`] (as [`Ink::deploy`]).
    fn alone(code: (&[u8], &str), label: &str, args: impl Encode) -> (Env, Self) {
        let mut env = Env::new();
        let contract = Self::deploy(&mut env, CONTRACT, code, label, args);
        (env, contract)
    }

    /// Calls the message `label` with `args` as `caller`, moving `value`.
    fn call_with(
        &self,
        env: &mut Env,
        (caller, value): (Address, u128),
        label: &str,
        args: impl Encode,
    ) -> Outcome {
        let input = self.metadata.message(label, &args.encode());
        let request = CallRequest {
            caller,
            value,
            ..env.request(self.address, &input)
        };
        env.run_ink(request).unwrap()
    }

    /// Calls `label` as Alice and decodes its `Ok` result.
    fn query<R: Decode>(&self, env: &mut Env, label: &str, args: impl Encode) -> R {
        let outcome = self.call_with(env, (ALICE, 0), label, args);
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
    let (mut env, flipper) = Ink::alone((fixtures::INK_FLIPPER, "ink_flipper"), "new", true);
    assert!(flipper.query::<bool>(&mut env, "get", ()));

    let flipped = flipper.call_with(&mut env, (ALICE, 0), "flip", ());
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
    assert!(!flipper.query::<bool>(&mut env, "get", ()));

    let default = Ink::deploy(
        &mut env,
        OTHER,
        (fixtures::INK_FLIPPER, "ink_flipper"),
        "default",
        (),
    );
    assert!(!default.query::<bool>(&mut env, "get", ()));
}

#[test]
fn incrementer_keeps_mappings_reverts_errors_and_takes_value() {
    let (mut env, counter) =
        Ink::alone((fixtures::INK_INCREMENTER, "ink_incrementer"), "new", 5i32);
    for _ in 0..2 {
        assert_eq!(
            counter.call_with(&mut env, (ALICE, 0), "inc", 3i32).status,
            Status::Success
        );
    }
    assert_eq!(
        counter.call_with(&mut env, (BOB, 0), "inc", 1i32).status,
        Status::Success
    );
    assert_eq!(counter.query::<i32>(&mut env, "get", ()), 12);
    assert_eq!(counter.query::<u32>(&mut env, "calls_of", ALICE), 2);
    assert_eq!(counter.query::<u32>(&mut env, "calls_of", BOB), 1);

    // An `Err` reverts the message: the state stays, the error comes back.
    let storage = env.host.contract_storage(&CONTRACT);
    let refused = counter.call_with(&mut env, (ALICE, 0), "dec", 20i32);
    assert_eq!(refused.status, Status::Revert(1));
    assert_eq!(
        decode_ok::<Result<(), u8>>(&refused.return_data),
        Err(0),
        "Error::WouldGoNegative"
    );
    assert_eq!(env.host.contract_storage(&CONTRACT), storage);
    assert_eq!(
        counter.call_with(&mut env, (ALICE, 0), "dec", 2i32).status,
        Status::Success
    );
    assert_eq!(counter.query::<i32>(&mut env, "get", ()), 10);

    // `take` removes the caller's entry and hands it back.
    assert_eq!(
        counter.query::<Option<u32>>(&mut env, "forget_me", ()),
        Some(2)
    );
    assert_eq!(counter.query::<u32>(&mut env, "calls_of", ALICE), 0);

    // A payable message keeps the value; an unpayable one refuses it.
    env.host.set_balance(ALICE, 1_000);
    assert_eq!(
        counter
            .call_with(&mut env, (ALICE, 300), "deposit", ())
            .status,
        Status::Success
    );
    assert_eq!(
        counter.query::<(u128, u128)>(&mut env, "funds", ()),
        (300, 300)
    );
    assert_eq!(
        counter.call_with(&mut env, (ALICE, 1), "inc", 1i32).status,
        Status::Trap(TrapKind::Unreachable),
        "ink! panics on value sent to an unpayable message"
    );
    assert_eq!(env.host.free_balance(&ALICE), 700);
}

#[test]
fn incrementer_reads_hashes_and_the_context() {
    let (mut env, counter) =
        Ink::alone((fixtures::INK_INCREMENTER, "ink_incrementer"), "new", 0i32);
    let input = b"wasmtime".to_vec();
    let (sha2, keccak, blake2, blake2_128) = counter
        .query::<([u8; 32], [u8; 32], [u8; 32], [u8; 16])>(&mut env, "hashes", input.clone());
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
        counter.query::<(u32, u64, Address, Address, bool)>(&mut env, "context", ());
    assert_eq!(
        (number, now, caller, me, is_origin),
        (BLOCK.number as u32, BLOCK.timestamp, ALICE, CONTRACT, true)
    );
}

#[test]
fn erc20_transfers_approves_and_refuses_with_its_errors() {
    let (mut env, token) = Ink::alone((fixtures::INK_ERC20, "ink_erc20"), "new", 1_000u128);
    assert_eq!(token.query::<u128>(&mut env, "total_supply", ()), 1_000);
    assert_eq!(token.query::<u128>(&mut env, "balance_of", ALICE), 1_000);

    let sent = token.call_with(&mut env, (ALICE, 0), "transfer", (BOB, 100u128));
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
    assert_eq!(token.query::<u128>(&mut env, "balance_of", BOB), 100);

    let too_much = token.call_with(&mut env, (BOB, 0), "transfer", (ALICE, 101u128));
    assert_eq!(too_much.status, Status::Revert(1));
    assert_eq!(
        decode_ok::<Result<(), u8>>(&too_much.return_data),
        Err(0),
        "InsufficientBalance"
    );

    assert_eq!(
        token
            .call_with(&mut env, (ALICE, 0), "approve", (BOB, 50u128))
            .status,
        Status::Success
    );
    assert_eq!(token.query::<u128>(&mut env, "allowance", (ALICE, BOB)), 50);
    let over = token.call_with(&mut env, (BOB, 0), "transfer_from", (ALICE, BOB, 51u128));
    assert_eq!(
        decode_ok::<Result<(), u8>>(&over.return_data),
        Err(1),
        "InsufficientAllowance"
    );
    let spent = token.call_with(&mut env, (BOB, 0), "transfer_from", (ALICE, BOB, 50u128));
    assert_eq!(spent.status, Status::Success);
    assert_eq!(token.query::<u128>(&mut env, "balance_of", ALICE), 850);
    assert_eq!(token.query::<u128>(&mut env, "balance_of", BOB), 150);
    assert_eq!(token.query::<u128>(&mut env, "allowance", (ALICE, BOB)), 0);
}

#[test]
fn a_contract_calls_another_by_its_selectors_and_sees_its_events_and_reverts() {
    let (mut env, token) = Ink::alone((fixtures::INK_ERC20, "ink_erc20"), "new", 1_000u128);
    let caller = Ink::deploy(
        &mut env,
        OTHER,
        (fixtures::INK_TOKEN_CALLER, "ink_token_caller"),
        "new",
        CONTRACT,
    );
    // A query through the caller: a nested call of `balance_of`.
    assert_eq!(caller.query::<u128>(&mut env, "balance_of", ALICE), 1_000);

    // The caller spends its own tokens: the token sees it as the caller,
    // and the token's event comes out of the nested call.
    let funded = token.call_with(&mut env, (ALICE, 0), "transfer", (OTHER, 100u128));
    assert_eq!(funded.status, Status::Success);
    let sent = caller.call_with(&mut env, (BOB, 0), "send", (BOB, 30u128));
    assert_eq!(sent.status, Status::Success, "{sent:?}");
    assert_eq!(decode_ok::<Result<(), u8>>(&sent.return_data), Ok(()));
    let [event] = sent.events.as_slice() else {
        panic!("the token's event: {:?}", sent.events)
    };
    assert_eq!(event.contract, CONTRACT);
    assert_eq!(event.data, (Some(OTHER), Some(BOB), 30u128).encode());
    assert_eq!(token.query::<u128>(&mut env, "balance_of", OTHER), 70);
    assert_eq!(token.query::<u128>(&mut env, "balance_of", BOB), 30);

    // The token reverts: the caller sees its error and reverts in turn.
    let storage = env.host.contract_storage(&CONTRACT);
    let refused = caller.call_with(&mut env, (BOB, 0), "send", (BOB, 71u128));
    assert_eq!(refused.status, Status::Revert(1));
    assert_eq!(
        decode_ok::<Result<(), u8>>(&refused.return_data),
        Err(0),
        "Error::TokenRefused"
    );
    assert!(refused.events.is_empty());
    assert_eq!(env.host.contract_storage(&CONTRACT), storage);

    // Value: funded through a payable message, paid out with `transfer`.
    env.host.set_balance(ALICE, 1_000);
    let fund = caller.call_with(&mut env, (ALICE, 500), "fund", ());
    assert_eq!(fund.status, Status::Success);
    assert!(caller.query::<bool>(&mut env, "pay", (BOB, 120u128)));
    assert_eq!(env.host.free_balance(&BOB), 120);
    assert_eq!(env.host.free_balance(&OTHER), 380);

    // Which accounts are contracts, and what code they run.
    let erc20_hash = runtime_vm::code_hash(fixtures::INK_ERC20);
    assert_eq!(
        caller.query::<(bool, Option<[u8; 32]>)>(&mut env, "inspect", CONTRACT),
        (true, Some(erc20_hash))
    );
    assert_eq!(
        caller.query::<(bool, Option<[u8; 32]>)>(&mut env, "inspect", BOB),
        (false, None)
    );
}

/// A new [`Env`] with delegatee's code stored and a delegator running it
/// deployed at [`CONTRACT`]; returns the delegatee's code hash too.
fn delegator_of_delegatee() -> (Env, Ink, runtime_vm::CodeHash) {
    let mut env = Env::new();
    let logic = env.host.add_code(fixtures::INK_DELEGATEE.to_vec());
    let delegator = Ink::deploy(
        &mut env,
        CONTRACT,
        (fixtures::INK_DELEGATOR, "ink_delegator"),
        "new",
        logic,
    );
    (env, delegator, logic)
}

#[test]
fn a_delegate_call_runs_uploaded_code_on_the_callers_storage() {
    let (mut env, delegator, _) = delegator_of_delegatee();
    let inc = delegator.call_with(&mut env, (BOB, 0), "inc", 5i32);
    assert_eq!(inc.status, Status::Success, "{inc:?}");
    // The logic changed the delegator's storage, and saw Bob as its caller.
    assert_eq!(
        delegator.query::<(i32, Option<Address>)>(&mut env, "get", ()),
        (5, Some(BOB))
    );

    // The logic's error comes back; what it changed before is undone.
    let refused = delegator.call_with(&mut env, (ALICE, 0), "try_refuse", ());
    assert_eq!(refused.status, Status::Success);
    assert_eq!(decode_ok::<Option<u8>>(&refused.return_data), Some(7));
    assert_eq!(
        delegator.query::<(i32, Option<Address>)>(&mut env, "get", ()),
        (5, Some(BOB))
    );
}

#[test]
fn a_contract_instantiates_others_with_value_and_calls_them() {
    let mut env = Env::new();
    let flipper_code = env.host.add_code(fixtures::INK_FLIPPER.to_vec());
    let factory = Ink::deploy(
        &mut env,
        CONTRACT,
        (fixtures::INK_FACTORY, "ink_factory"),
        "new",
        flipper_code,
    );
    env.host.set_balance(ALICE, 1_000);

    // Flipper's constructor is not payable: an endowment traps it, and
    // the creation and the value roll back with it.
    let unpaid = factory.call_with(&mut env, (ALICE, 100), "create", (true, 1u32));
    assert_eq!(unpaid.status, Status::Revert(1), "{unpaid:?}");
    assert_eq!(
        decode_ok::<Result<Address, u8>>(&unpaid.return_data),
        Err(0),
        "Error::InstantiationFailed"
    );
    let salt = 1u32.to_le_bytes();
    let address = MockHost::contract_address(&CONTRACT, &flipper_code, &salt);
    assert_eq!(env.host.contract(&address), None);
    assert_eq!(env.host.free_balance(&ALICE), 1_000);

    let created = factory.call_with(&mut env, (ALICE, 0), "create", (true, 1u32));
    assert_eq!(created.status, Status::Success, "{created:?}");
    let flipper: Address = decode_ok::<Result<Address, u8>>(&created.return_data).unwrap();
    assert_eq!(flipper, address);
    assert_eq!(env.host.contract(&flipper), Some(flipper_code));

    // Called through the factory: the flipper's event comes out.
    let flipped = factory.call_with(&mut env, (BOB, 0), "flip", flipper);
    assert_eq!(flipped.status, Status::Success, "{flipped:?}");
    assert!(!decode_ok::<bool>(&flipped.return_data));
    let [event] = flipped.events.as_slice() else {
        panic!("the flipper's event: {:?}", flipped.events)
    };
    assert_eq!(event.contract, flipper);
    assert_eq!(factory.query::<u32>(&mut env, "created", ()), 1);
    assert_eq!(
        factory.query::<Option<Address>>(&mut env, "last", ()),
        Some(flipper)
    );

    // The same salt again: a contract is there already, a trap (as
    // pallet-contracts' `DuplicateContract`), and nothing changes.
    let storage = env.host.contract_storage(&CONTRACT);
    let again = factory.call_with(&mut env, (ALICE, 0), "create", (false, 1u32));
    assert_eq!(
        again.status,
        Status::Trap(TrapKind::Host(HostTrap::DuplicateContract))
    );
    assert_eq!(env.host.contract_storage(&CONTRACT), storage);

    // Code that is not stored: the factory gets `CodeNotFound` and
    // reverts with its error; no contract is created.
    let missing = Ink::deploy(
        &mut env,
        OTHER,
        (fixtures::INK_FACTORY, "ink_factory"),
        "new",
        [7u8; 32],
    );
    let refused = missing.call_with(&mut env, (ALICE, 0), "create", (true, 2u32));
    assert_eq!(refused.status, Status::Revert(1));
    assert_eq!(
        decode_ok::<Result<Address, u8>>(&refused.return_data),
        Err(0),
        "Error::InstantiationFailed"
    );
    let would_be = MockHost::contract_address(&OTHER, &[7; 32], &2u32.to_le_bytes());
    assert_eq!(env.host.contract(&would_be), None);
}

#[test]
fn set_code_hash_moves_a_contract_to_new_code_keeping_its_storage() {
    let mut env = Env::new();
    let v2 = env.host.add_code(fixtures::INK_UPGRADEABLE_V2.to_vec());
    let code = (fixtures::INK_UPGRADEABLE, "ink_upgradeable");
    let counter = Ink::deploy(&mut env, CONTRACT, code, "new", ());
    assert_eq!(
        counter.call_with(&mut env, (ALICE, 0), "inc", ()).status,
        Status::Success
    );
    assert_eq!(counter.query::<u8>(&mut env, "version", ()), 1);

    let not_owner = counter.call_with(&mut env, (BOB, 0), "set_code", v2);
    assert_eq!(not_owner.status, Status::Revert(1));
    assert_eq!(
        decode_ok::<Result<(), u8>>(&not_owner.return_data),
        Err(0),
        "NotOwner"
    );
    let unknown = counter.call_with(&mut env, (ALICE, 0), "set_code", [9u8; 32]);
    assert_eq!(unknown.status, Status::Revert(1));
    assert_eq!(
        decode_ok::<Result<(), u8>>(&unknown.return_data),
        Err(1),
        "CodeNotFound"
    );
    let v1 = runtime_vm::code_hash(fixtures::INK_UPGRADEABLE);
    assert_eq!(env.host.contract(&CONTRACT), Some(v1));

    let upgraded = counter.call_with(&mut env, (ALICE, 0), "set_code", v2);
    assert_eq!(upgraded.status, Status::Success, "{upgraded:?}");
    assert_eq!(env.host.contract(&CONTRACT), Some(v2));
    // The new code runs on the old storage.
    assert_eq!(counter.query::<u8>(&mut env, "version", ()), 2);
    assert_eq!(
        counter.call_with(&mut env, (ALICE, 0), "inc", ()).status,
        Status::Success
    );
    assert_eq!(counter.query::<u32>(&mut env, "get", ()), 5);
}

#[test]
fn terminate_removes_the_contract_and_pays_its_owner() {
    let code = (fixtures::INK_UPGRADEABLE, "ink_upgradeable");
    let (mut env, counter) = Ink::alone(code, "new", ());
    assert_eq!(
        counter.call_with(&mut env, (ALICE, 0), "inc", ()).status,
        Status::Success
    );
    env.host.set_balance(CONTRACT, 500);
    env.host.set_balance(ALICE, 10);

    let refused = counter.call_with(&mut env, (BOB, 0), "retire", ());
    assert_eq!(refused.status, Status::Revert(1));
    assert_eq!(
        env.host.contract(&CONTRACT),
        Some(runtime_vm::code_hash(code.0))
    );

    let retired = counter.call_with(&mut env, (ALICE, 0), "retire", ());
    assert_eq!(retired.status, Status::Success, "{retired:?}");
    assert!(retired.return_data.is_empty());
    assert_eq!(env.host.contract(&CONTRACT), None);
    assert!(env.host.contract_storage(&CONTRACT).is_empty());
    assert_eq!(env.host.free_balance(&CONTRACT), 0);
    assert_eq!(env.host.free_balance(&ALICE), 510);
    let request = env.request(CONTRACT, &[]);
    assert_eq!(
        env.run_ink(request).unwrap_err().error,
        runtime_vm::Error::ContractNotFound
    );
}

#[test]
fn a_delegator_locks_its_logic_and_moves_the_lock_to_new_logic() {
    let (mut env, delegator, logic) = delegator_of_delegatee();
    assert_eq!(env.host.dependencies(&CONTRACT), [logic]);

    let other = env.host.add_code(fixtures::INK_INCREMENTER.to_vec());
    let moved = delegator.call_with(&mut env, (ALICE, 0), "update_delegate_to", other);
    assert_eq!(moved.status, Status::Success, "{moved:?}");
    assert_eq!(env.host.dependencies(&CONTRACT), [other]);

    // Its own code, code that is not stored: refused, nothing changes.
    let own = runtime_vm::code_hash(fixtures::INK_DELEGATOR);
    for refused in [own, [7; 32]] {
        let outcome = delegator.call_with(&mut env, (ALICE, 0), "update_delegate_to", refused);
        assert_eq!(
            outcome.status,
            Status::Trap(TrapKind::Host(HostTrap::DelegateDependencyRefused))
        );
        assert_eq!(env.host.dependencies(&CONTRACT), [other]);
    }
}
