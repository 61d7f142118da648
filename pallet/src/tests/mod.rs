//! Pallet tests on a mock runtime, one file per concern (`cosmwasm/` for
//! the CosmWasm contracts). Every execution goes through the
//! `wasm_contracts_vm` runtime interface, natively, as a node runs it.
//! Calls are built with `builder.rs` (`call(&contract).input(..).value(..)`).

mod benchmarks;
mod builder;
mod code;
mod compat;
mod cosmwasm;
mod deposit;
mod gas;
mod ink;
mod ink_examples;
mod ink_lifecycle;
mod instantiate;
mod layouts;
mod migrations;
mod nested;
mod permissions;
mod runtime_api;
mod semantics;
mod token;
mod value;

use codec::Encode;
use frame_support::dispatch::DispatchResultWithPostInfo;
use frame_support::storage::{with_transaction, TransactionOutcome};
use frame_support::traits::fungible::Inspect;
use frame_support::{assert_noop, assert_ok};
use runtime_vm_fixtures as fixtures;
use runtime_vm_primitives::{Abi, Status, TrapKind};
use sp_core::H256;
use sp_runtime::{AccountId32, DispatchError, StateVersion};

use crate::mock::*;
use crate::{
    CallOutcome, CodeInfoOf, CodeRejection, ContractInfoOf, Error, Event, Instance, PristineCode,
    TrapCode,
};
use builder::{call, instantiate};

const GAS: frame_support::weights::Weight =
    frame_support::weights::Weight::from_parts(5_000_000_000_000, 2_000_000);

fn storage_root() -> Vec<u8> {
    sp_io::storage::root(StateVersion::V1)
}

fn upload(code: &[u8]) -> H256 {
    assert_ok!(WasmContracts::upload_code(
        RuntimeOrigin::signed(ALICE),
        code.to_vec(),
        None
    ));
    sp_io::hashing::blake2_256(code).into()
}

/// Deploys `code` as Alice with `input` and no salt; returns its address.
fn deploy(code: &[u8], input: &[u8]) -> AccountId32 {
    assert_ok!(WasmContracts::deploy(
        RuntimeOrigin::signed(ALICE),
        code.to_vec(),
        input.to_vec(),
        0,
        GAS,
        None,
        vec![],
        None,
        vec![]
    ));
    WasmContracts::contract_address(&ALICE, &sp_io::hashing::blake2_256(code).into(), &[])
}

/// Runs `f` and rolls back every change it made, as the node does for a dry run.
fn rolled_back<R>(f: impl FnOnce() -> R) -> R {
    with_transaction(|| TransactionOutcome::Rollback(Ok::<_, DispatchError>(f()))).unwrap()
}

/// `WasmContractsApi::instantiate` of `code` by Alice with `input` (no
/// value, salt, admin or label, a block's gas), rolled back.
fn dry_deploy(code: crate::Code, input: &[u8]) -> CallOutcome {
    rolled_back(|| {
        let input = input.to_vec();
        WasmContracts::dry_run_instantiate(ALICE, code, 0, None, None, input, Instance::default())
    })
}

/// A dry run of `call`.
fn dry_call(caller: AccountId32, contract: &AccountId32, input: &[u8]) -> CallOutcome {
    rolled_back(|| call(contract).origin(caller).input(input).build())
}

/// Asserts a dispatch failed with `error` and left storage exactly as it was.
fn assert_fails(dispatch: impl FnOnce() -> DispatchResultWithPostInfo, error: Error<Test>) {
    let root = storage_root();
    assert_eq!(dispatch().map_err(|e| e.error), Err(error.into()));
    assert_eq!(storage_root(), root, "a failed dispatch changed storage");
}

fn token_op(op: u8, args: &[&[u8]]) -> Vec<u8> {
    let mut input = vec![op];
    args.iter().for_each(|arg| input.extend_from_slice(arg));
    input
}

fn raw(account: &AccountId32) -> [u8; 32] {
    account.clone().into()
}

fn pallet_events() -> Vec<Event<Test>> {
    System::events()
        .into_iter()
        .filter_map(|record| match record.event {
            RuntimeEvent::WasmContracts(event) => Some(event),
            _ => None,
        })
        .collect()
}
