//! Contract-to-contract calls: results, rollback, gas, value, depth and re-entrancy.

use runtime_vm::{CallRequest, Error, Event, Limits, Schedule, Status, TransferError};
use runtime_vm_fixtures as fixtures;

use crate::common::*;

const CALLER: [u8; 32] = [0xCA; 32];
const COUNTER: [u8; 32] = [0xC7; 32];
const REVERTER: [u8; 32] = [0xE1; 32];
const LOOPER: [u8; 32] = [0x10; 32];
const TOKEN: [u8; 32] = [0x70; 32];
const NOBODY: [u8; 32] = [0xFF; 32];

fn env() -> Env {
    let mut env = Env::new();
    env.install(CALLER, fixtures::CALLER);
    env.install(COUNTER, fixtures::COUNTER);
    env.install(REVERTER, fixtures::REVERTER);
    env.install(LOOPER, fixtures::INFINITE_LOOP);
    env
}

fn count(env: &Env, contract: &[u8; 32]) -> u64 {
    env.host
        .contract_storage(contract)
        .get(&b"count"[..])
        .map(|v| u64_le(v))
        .unwrap_or(0)
}

fn calls_made(env: &Env) -> u128 {
    env.host
        .contract_storage(&CALLER)
        .get(&b"calls"[..])
        .map(|v| u128_le(v))
        .unwrap_or(0)
}

#[test]
fn a_successful_call_keeps_its_changes_and_relays_its_output() {
    let mut env = env();
    let outcome = env.call(CALLER, &caller_input(0, COUNTER, 0, 0, &[0]));
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(
        outcome.return_data,
        [&[0u8][..], &1u64.to_le_bytes()].concat()
    );
    assert_eq!((count(&env, &COUNTER), calls_made(&env)), (1, 1));
}

#[test]
fn a_reverted_callee_is_rolled_back_alone() {
    let mut env = env();
    let outcome = env.call(CALLER, &caller_input(0, REVERTER, 0, 0, b"why"));
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(
        outcome.return_data,
        [&[1u8][..], b"why"].concat(),
        "revert data is relayed"
    );
    assert!(
        env.host.contract_storage(&REVERTER).is_empty(),
        "the callee's write rolled back"
    );
    assert_eq!(calls_made(&env), 1, "the caller's own write stays");
    assert!(outcome.events.is_empty(), "the callee's event rolled back");
}

#[test]
fn a_caller_that_reverts_takes_its_callees_changes_with_it() {
    let mut env = env();
    let outcome = env.call(CALLER, &caller_input(1, COUNTER, 0, 0, &[0]));
    assert_eq!(outcome.status, Status::Revert(1));
    assert_eq!(outcome.return_data[0], 0, "the inner call itself succeeded");
    assert_eq!((count(&env, &COUNTER), calls_made(&env)), (0, 0));
}

#[test]
fn a_trapping_callee_spends_only_the_gas_it_was_lent() {
    let mut env = env();
    let lent = 2_000_000;
    let outcome = env.call(CALLER, &caller_input(0, LOOPER, 0, lent, &[]));
    assert_eq!(outcome.status, Status::Success);
    assert_eq!(outcome.return_data, [2], "trapped, no return data");
    assert!(
        outcome.gas_used > lent && outcome.gas_used < lent + 500_000,
        "{}",
        outcome.gas_used
    );
    assert_eq!(calls_made(&env), 1);

    // Lending everything (0) lets the callee exhaust the caller too.
    let all = env.run(CallRequest {
        gas_limit: 5_000_000,
        ..env.request(CALLER, &caller_input(0, LOOPER, 0, 0, &[]))
    });
    assert_eq!(
        all.unwrap().status,
        Status::Trap(runtime_vm::TrapKind::OutOfGas)
    );
}

#[test]
fn the_callees_gas_is_charged_to_the_caller_exactly() {
    let mut env = env();
    let direct = env.call(COUNTER, &[1]).gas_used;
    let via = |env: &mut Env, lent: u64| env.call(CALLER, &caller_input(0, COUNTER, 0, lent, &[1]));
    // The first call creates the caller's `calls` entry; from then on every call costs the same.
    via(&mut env, 0);
    let generous = via(&mut env, 0);
    assert_eq!(generous.return_data[0], 0);
    // Lending exactly what the callee used on its own works and costs the
    // caller the same as lending everything: the callee is charged what it used.
    let exact = via(&mut env, direct);
    assert_eq!(
        (exact.return_data[0], exact.gas_used),
        (0, generous.gas_used)
    );
    // One less and the callee runs out of gas.
    let starved = via(&mut env, direct - 1);
    assert_eq!(starved.return_data, [2]);
}

#[test]
fn calling_nobody_returns_3() {
    let mut env = env();
    assert_eq!(
        env.call(CALLER, &caller_input(0, NOBODY, 0, 0, &[]))
            .return_data,
        [3]
    );
}

#[test]
fn re_entrancy_is_denied() {
    let mut env = env();
    // CALLER -> CALLER
    let direct = env.call(
        CALLER,
        &caller_input(0, CALLER, 0, 0, &caller_input(0, COUNTER, 0, 0, &[0])),
    );
    assert_eq!(direct.return_data, [2]);
    // CALLER -> SECOND -> CALLER
    let second = [0xCB; 32];
    env.install(second, fixtures::CALLER);
    let back = caller_input(0, CALLER, 0, 0, &caller_input(0, COUNTER, 0, 0, &[0]));
    let indirect = env.call(CALLER, &caller_input(0, second, 0, 0, &back));
    assert_eq!(
        indirect.return_data,
        [0, 2],
        "SECOND ran; its call back into CALLER was refused"
    );
    assert_eq!(count(&env, &COUNTER), 0);
}

/// Input for the caller at `chain_address(links)`: each caller calls the one
/// below it, and the caller at `chain_address(1)` calls the counter.
fn chain_input(links: usize) -> Vec<u8> {
    (0..links).fold(vec![0u8], |inner, i| {
        caller_input(0, chain_address(i), 0, 0, &inner)
    })
}

fn chain_address(i: usize) -> [u8; 32] {
    if i == 0 {
        return COUNTER;
    }
    let mut address = [0x40; 32];
    address[0] = i as u8;
    address
}

#[test]
fn the_call_depth_is_limited() {
    let max = Limits::default().execution.max_call_depth as usize;
    let mut env = env();
    for i in 1..=max {
        env.install(chain_address(i), fixtures::CALLER);
    }
    // The top-level call is frame 1; `max - 1` callers reach the counter as frame `max`.
    let fits = env.call(chain_address(max - 1), &chain_input(max - 1));
    assert!(fits.is_success());
    assert_eq!(fits.return_data[..max - 1], vec![0; max - 1][..]);
    assert_eq!(count(&env, &COUNTER), 1);

    // One more frame: the deepest call returns 2 and the counter is not reached.
    let too_deep = env.call(chain_address(max), &chain_input(max));
    assert!(too_deep.is_success());
    assert_eq!(
        too_deep.return_data[..max],
        [vec![0; max - 1], vec![2]].concat()[..]
    );
    assert_eq!(count(&env, &COUNTER), 1);
}

#[test]
fn value_moves_with_calls_and_back_on_revert() {
    let mut env = env();
    env.install(TOKEN, fixtures::CONTEXT);
    env.host.set_balance(ALICE, 1_000);
    let issuance = env.host.total_issuance();

    let send = |value: u128, flags: u8| {
        caller_input(flags, TOKEN, value, 0, &[&[2u8][..], &TOKEN].concat())
    };
    let outcome = env
        .run(CallRequest {
            value: 100,
            ..env.request(CALLER, &send(30, 0))
        })
        .unwrap();
    assert!(outcome.is_success());
    assert_eq!(
        u128_le(&outcome.return_data[1..]),
        30,
        "the callee sees its own balance, value included"
    );
    assert_eq!(
        (
            env.host.free_balance(&ALICE),
            env.host.free_balance(&CALLER),
            env.host.free_balance(&TOKEN)
        ),
        (900, 70, 30)
    );

    let reverted = env
        .run(CallRequest {
            value: 100,
            ..env.request(CALLER, &send(30, 1))
        })
        .unwrap();
    assert_eq!(reverted.status, Status::Revert(1));
    assert_eq!(
        (
            env.host.free_balance(&ALICE),
            env.host.free_balance(&CALLER),
            env.host.free_balance(&TOKEN)
        ),
        (900, 70, 30)
    );

    // More value than the caller holds: the call fails with 2, nothing moves.
    let too_much = env.call(CALLER, &send(71, 0));
    assert_eq!(too_much.return_data, [2]);
    assert_eq!(env.host.free_balance(&CALLER), 70);
    assert_eq!(env.host.total_issuance(), issuance);
}

#[test]
fn a_top_level_value_the_caller_cannot_pay_is_an_error() {
    let mut env = env();
    env.host.set_balance(ALICE, 5);
    let error = env
        .run(CallRequest {
            value: 6,
            ..env.request(COUNTER, &[0])
        })
        .unwrap_err();
    assert_eq!(
        error.error,
        Error::Transfer(TransferError::InsufficientBalance)
    );
    // Loading the contract and attempting the transfer were done, and are paid for.
    let schedule = Schedule::default();
    let paid = schedule.instantiate.of(fixtures::COUNTER.len()) + schedule.transfer.of(0);
    assert_eq!(error.gas_used, paid);
    assert_eq!(count(&env, &COUNTER), 0);
    assert_eq!(env.host.free_balance(&ALICE), 5);
    assert_eq!(env.host.open_transactions(), 0);
    assert_eq!(
        env.run(env.request(NOBODY, &[])).unwrap_err(),
        Error::ContractNotFound.into(),
        "nothing ran: no fuel used"
    );
}

#[test]
fn events_of_nested_calls_arrive_in_order() {
    let mut env = env();
    env.install(TOKEN, fixtures::TOKEN);
    assert!(env
        .deploy(TOKEN, fixtures::TOKEN, &1_000u128.to_le_bytes())
        .is_success());
    // Alice approves CALLER, then CALLER moves Alice's tokens to Bob with transfer_from.
    let approve = [&[3u8][..], &CALLER, &100u128.to_le_bytes()].concat();
    assert!(env.call(TOKEN, &approve).is_success());
    let transfer_from = [&[5u8][..], &ALICE, &BOB, &40u128.to_le_bytes()].concat();
    let outcome = env.call(CALLER, &caller_input(0, TOKEN, 0, 0, &transfer_from));
    assert_eq!(outcome.return_data, [0]);
    let transfer_topic = *b"Transfer\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
    assert_eq!(
        outcome.events,
        [Event {
            contract: TOKEN,
            topics: vec![transfer_topic, ALICE, BOB],
            data: 40u128.to_le_bytes().to_vec()
        }]
    );
}
