//! The SDK-built fixture contracts, used as a contract author would.

use runtime_vm::{CallRequest, EntryPoint, Event, Status};
use runtime_vm_fixtures as fixtures;

use crate::common::*;

const TRANSFER: [u8; 32] = *b"Transfer\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
const APPROVAL: [u8; 32] = *b"Approval\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
const CAROL: [u8; 32] = [0xCC; 32];

fn op(code: u8, args: &[&[u8]]) -> Vec<u8> {
    let mut input = vec![code];
    for arg in args {
        input.extend_from_slice(arg);
    }
    input
}

fn amount(n: u128) -> [u8; 16] {
    n.to_le_bytes()
}

fn balance_of(env: &mut Env, who: &[u8; 32]) -> u128 {
    u128_le(&env.call(CONTRACT, &op(2, &[who])).return_data)
}

fn token() -> Env {
    let mut env = Env::new();
    let deployed = env.deploy(CONTRACT, fixtures::TOKEN, &amount(1_000));
    assert_eq!(deployed.status, Status::Success);
    assert_eq!(
        deployed.events,
        [Event {
            contract: CONTRACT,
            topics: vec![TRANSFER, [0; 32], ALICE],
            data: amount(1_000).to_vec()
        }]
    );
    env
}

#[test]
fn counter_deploys_counts_and_reports() {
    let mut env = Env::new();
    assert!(env
        .deploy(CONTRACT, fixtures::COUNTER, &40u64.to_le_bytes())
        .is_success());
    assert_eq!(u64_le(&env.call(CONTRACT, &[0]).return_data), 41);
    assert_eq!(
        u64_le(
            &env.call(CONTRACT, &[&[0u8][..], &5u64.to_le_bytes()].concat())
                .return_data
        ),
        46
    );
    assert_eq!(u64_le(&env.call(CONTRACT, &[1]).return_data), 46);
    let unknown = env.call(CONTRACT, &[9]);
    assert_eq!(
        (unknown.status, unknown.return_data),
        (Status::Revert(1), b"unknown op".to_vec())
    );
}

#[test]
fn the_sdk_reads_back_values_of_every_length() {
    // `storage::get` reads into 128 bytes first and again into the whole
    // length when the value is longer; neither buffer is zeroed first.
    let mut env = Env::new();
    env.install(CONTRACT, fixtures::STORAGE_HOG);
    assert!(env.call(CONTRACT, &[3]).return_data.is_empty());
    for len in [0u32, 1, 127, 128, 129, 1_000, 16 << 10] {
        assert!(env
            .call(CONTRACT, &op(0, &[&len.to_le_bytes()]))
            .is_success());
        let read = env.call(CONTRACT, &[3]);
        assert_eq!(
            (read.status, read.return_data),
            (Status::Success, vec![0xAB; len as usize]),
            "{len} bytes"
        );
    }
}

#[test]
fn a_contract_without_deploy_deploys_as_a_no_op() {
    let mut env = Env::new();
    let outcome = env.deploy(CONTRACT, fixtures::HASHER, b"ignored");
    assert_eq!(
        (outcome.status, outcome.return_data.len()),
        (Status::Success, 0)
    );
    assert!(outcome.gas_used > 0, "loading the code is charged");
}

#[test]
fn token_transfer_moves_balances_and_emits_an_event() {
    let mut env = token();
    let outcome = env.call(CONTRACT, &op(1, &[&BOB, &amount(250)]));
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(
        outcome.events,
        [Event {
            contract: CONTRACT,
            topics: vec![TRANSFER, ALICE, BOB],
            data: amount(250).to_vec()
        }]
    );
    assert_eq!(
        (balance_of(&mut env, &ALICE), balance_of(&mut env, &BOB)),
        (750, 250)
    );
    assert_eq!(
        u128_le(&env.call(CONTRACT, &[6]).return_data),
        1_000,
        "supply unchanged"
    );
}

#[test]
fn an_over_balance_transfer_reverts_with_a_reason_and_changes_nothing() {
    let mut env = token();
    let before = env.host.storage().clone();
    let outcome = env.call_as(BOB, CONTRACT, &op(1, &[&ALICE, &amount(1)]));
    assert_eq!(
        (outcome.status, outcome.return_data),
        (Status::Revert(1), b"insufficient balance".to_vec())
    );
    assert!(outcome.events.is_empty());
    assert_eq!(env.host.storage(), &before);
}

#[test]
fn allowances_gate_transfer_from() {
    let mut env = token();
    let approve = env.call(CONTRACT, &op(3, &[&BOB, &amount(100)]));
    assert_eq!(
        approve.events,
        [Event {
            contract: CONTRACT,
            topics: vec![APPROVAL, ALICE, BOB],
            data: amount(100).to_vec()
        }]
    );
    assert_eq!(
        u128_le(&env.call(CONTRACT, &op(4, &[&ALICE, &BOB])).return_data),
        100
    );

    let spend = env.call_as(BOB, CONTRACT, &op(5, &[&ALICE, &CAROL, &amount(60)]));
    assert_eq!(spend.status, Status::Success);
    assert_eq!(
        u128_le(&env.call(CONTRACT, &op(4, &[&ALICE, &BOB])).return_data),
        40
    );
    assert_eq!(
        (balance_of(&mut env, &ALICE), balance_of(&mut env, &CAROL)),
        (940, 60)
    );

    let overspend = env.call_as(BOB, CONTRACT, &op(5, &[&ALICE, &CAROL, &amount(41)]));
    assert_eq!(
        (overspend.status, overspend.return_data),
        (Status::Revert(1), b"allowance exceeded".to_vec())
    );
    let stranger = env.call_as(CAROL, CONTRACT, &op(5, &[&ALICE, &CAROL, &amount(1)]));
    assert_eq!(stranger.status, Status::Revert(1));
    assert_eq!(balance_of(&mut env, &CAROL), 60);
}

#[test]
fn only_the_owner_mints() {
    let mut env = token();
    assert!(env.call(CONTRACT, &op(0, &[&BOB, &amount(5)])).is_success());
    assert_eq!(u128_le(&env.call(CONTRACT, &[6]).return_data), 1_005);
    let refused = env.call_as(BOB, CONTRACT, &op(0, &[&BOB, &amount(5)]));
    assert_eq!(
        (refused.status, refused.return_data),
        (Status::Revert(1), b"not the owner".to_vec())
    );
    assert_eq!(balance_of(&mut env, &BOB), 5);
}

#[test]
fn deploy_runs_with_the_deployer_as_caller() {
    let mut env = Env::new();
    env.install(CONTRACT, fixtures::TOKEN);
    let supply = amount(7);
    let request = CallRequest {
        entry: EntryPoint::Deploy,
        caller: BOB,
        ..env.request(CONTRACT, &supply)
    };
    assert!(env.run(request).unwrap().is_success());
    assert_eq!(balance_of(&mut env, &BOB), 7);
    assert_eq!(balance_of(&mut env, &ALICE), 0);
}
