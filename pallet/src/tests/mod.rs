//! Pallet tests on a mock runtime. Every execution goes through the
//! `wasm_contracts_vm` runtime interface, natively, as a node runs it.

mod cosmwasm;
mod interface;

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

const GAS: frame_support::weights::Weight =
    frame_support::weights::Weight::from_parts(5_000_000_000_000, 2_000_000);

fn storage_root() -> Vec<u8> {
    sp_io::storage::root(StateVersion::V1)
}

fn upload(code: &[u8]) -> H256 {
    assert_ok!(WasmContracts::upload_code(
        RuntimeOrigin::signed(ALICE),
        code.to_vec()
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

/// A dry run of `call`.
fn dry_call(caller: AccountId32, contract: &AccountId32, input: &[u8]) -> CallOutcome {
    rolled_back(|| WasmContracts::bare_call(caller, contract.clone(), input.to_vec(), 0, GAS))
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

// ---- upload / remove ------------------------------------------------------

#[test]
fn upload_code_stores_validated_code_with_its_owner() {
    new_test_ext().execute_with(|| {
        let hash = upload(fixtures::COUNTER);
        let info = CodeInfoOf::<Test>::get(hash).unwrap();
        assert_eq!(
            (info.owner, info.len as usize, info.abi, info.refcount),
            (ALICE, fixtures::COUNTER.len(), Abi::Native, 0)
        );
        assert_eq!(PristineCode::<Test>::get(hash).unwrap(), fixtures::COUNTER);
        assert_eq!(
            pallet_events(),
            [Event::CodeStored {
                code_hash: hash,
                owner: ALICE
            }]
        );
    });
}

#[test]
fn an_upload_is_weighed_as_the_slowest_code_of_its_length_and_charged_for_its_functions() {
    use crate::WeightInfo;
    use frame_support::dispatch::GetDispatchInfo;
    new_test_ext().execute_with(|| {
        let code = fixtures::TOKEN.to_vec();
        let len = code.len() as u32;
        let functions = runtime_vm::Vm::new(VmLimits::get(), VmSchedule::get(), 1 << 20)
            .unwrap()
            .validate(&code)
            .unwrap()
            .usage
            .functions;
        let bound = WasmContracts::upload_weight_bound(len);
        let call = crate::Call::<Test>::upload_code { code: code.clone() };
        assert_eq!(call.get_dispatch_info().call_weight, bound);
        assert_eq!(bound, <() as WeightInfo>::upload_code(len, len / 4));

        let post = WasmContracts::upload_code(RuntimeOrigin::signed(ALICE), code.clone()).unwrap();
        let charged = <() as WeightInfo>::upload_code(len, functions);
        assert_eq!(post.actual_weight, Some(charged));
        assert!(functions < len / 4 && charged.all_lte(bound));
        // Code already stored is not compiled again: no function is charged.
        let again = WasmContracts::upload_code(RuntimeOrigin::signed(ALICE), code).unwrap();
        assert_eq!(
            again.actual_weight,
            Some(<() as WeightInfo>::upload_code(len, 0))
        );
    });
}

#[test]
fn invalid_code_is_refused_with_its_reason_and_changes_nothing() {
    new_test_ext().execute_with(|| {
        let root = storage_root();
        assert_noop!(
            WasmContracts::upload_code(
                RuntimeOrigin::signed(ALICE),
                b"\0asm\x01\0\0\0garbage".to_vec()
            ),
            Error::<Test>::InvalidCode(CodeRejection::InvalidWasm)
        );
        // A module importing something outside the ABI.
        let mut bad = fixtures::COUNTER.to_vec();
        let at = bad.windows(13).position(|w| w == b"storage_write").unwrap();
        bad[at..at + 13].copy_from_slice(b"storage_wrote");
        assert_noop!(
            WasmContracts::upload_code(RuntimeOrigin::signed(ALICE), bad),
            Error::<Test>::InvalidCode(CodeRejection::UnknownImport)
        );
        let too_large = vec![0u8; VmLimits::get().max_code_len as usize + 1];
        assert_noop!(
            WasmContracts::upload_code(RuntimeOrigin::signed(ALICE), too_large),
            Error::<Test>::CodeTooLarge
        );
        assert_eq!(storage_root(), root);
    });
}

#[test]
fn remove_code_only_by_its_owner_and_only_when_unused() {
    new_test_ext().execute_with(|| {
        let hash = upload(fixtures::COUNTER);
        assert_noop!(
            WasmContracts::remove_code(RuntimeOrigin::signed(BOB), hash),
            Error::<Test>::NotCodeOwner
        );
        assert_ok!(WasmContracts::instantiate(
            RuntimeOrigin::signed(BOB),
            hash,
            vec![],
            0,
            GAS,
            vec![1],
            None,
            vec![]
        ));
        assert_eq!(CodeInfoOf::<Test>::get(hash).unwrap().refcount, 1);
        assert_noop!(
            WasmContracts::remove_code(RuntimeOrigin::signed(ALICE), hash),
            Error::<Test>::CodeInUse
        );

        let unused = upload(fixtures::HASHER);
        assert_ok!(WasmContracts::remove_code(
            RuntimeOrigin::signed(ALICE),
            unused
        ));
        assert!(
            PristineCode::<Test>::get(unused).is_none()
                && CodeInfoOf::<Test>::get(unused).is_none()
        );
        assert_eq!(
            pallet_events().last(),
            Some(&Event::CodeRemoved { code_hash: unused })
        );
        assert_noop!(
            WasmContracts::remove_code(RuntimeOrigin::signed(ALICE), unused),
            Error::<Test>::CodeNotFound
        );
    });
}

// ---- instantiate ------------------------------------------------------------

#[test]
fn instantiate_derives_the_address_and_runs_deploy() {
    new_test_ext().execute_with(|| {
        let hash = upload(fixtures::COUNTER);
        assert_ok!(WasmContracts::instantiate(
            RuntimeOrigin::signed(ALICE),
            hash,
            7u64.to_le_bytes().to_vec(),
            0,
            GAS,
            b"one".to_vec(),
            None,
            vec![]
        ));
        let contract = WasmContracts::contract_address(&ALICE, &hash, b"one");
        let info = ContractInfoOf::<Test>::get(raw(&contract)).unwrap();
        assert_eq!(
            (info.code_hash, info.deployer, info.abi),
            (hash.0, raw(&ALICE), Abi::Native)
        );
        assert!(pallet_events().contains(&Event::Deployed {
            deployer: ALICE,
            contract: contract.clone(),
            code_hash: hash
        }));
        assert_eq!(
            dry_call(ALICE, &contract, &[1]).return_data,
            7u64.to_le_bytes()
        );

        assert_fails(
            || {
                WasmContracts::instantiate(
                    RuntimeOrigin::signed(ALICE),
                    hash,
                    vec![],
                    0,
                    GAS,
                    b"one".to_vec(),
                    None,
                    vec![],
                )
            },
            Error::<Test>::ContractAlreadyExists,
        );
        assert_ok!(WasmContracts::instantiate(
            RuntimeOrigin::signed(ALICE),
            hash,
            vec![],
            0,
            GAS,
            b"two".to_vec(),
            None,
            vec![]
        ));
        assert_ne!(
            WasmContracts::contract_address(&ALICE, &hash, b"two"),
            contract
        );
        assert_fails(
            || {
                WasmContracts::instantiate(
                    RuntimeOrigin::signed(ALICE),
                    H256::repeat_byte(9),
                    vec![],
                    0,
                    GAS,
                    vec![],
                    None,
                    vec![],
                )
            },
            Error::<Test>::CodeNotFound,
        );
    });
}

// ---- the token, end to end ---------------------------------------------------

#[test]
fn token_deploy_transfer_and_events() {
    new_test_ext().execute_with(|| {
        let token = deploy(fixtures::TOKEN, &1_000u128.to_le_bytes());
        System::reset_events();
        let transfer = token_op(1, &[&raw(&BOB), &250u128.to_le_bytes()]);
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            token.clone(),
            transfer,
            0,
            GAS
        ));
        let transfer_topic = H256(*b"Transfer\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
        assert_eq!(
            pallet_events(),
            [
                Event::ContractEmitted {
                    contract: token.clone(),
                    topics: vec![transfer_topic, H256(raw(&ALICE)), H256(raw(&BOB))],
                    data: 250u128.to_le_bytes().to_vec(),
                },
                Event::Called {
                    caller: ALICE,
                    contract: token.clone(),
                    success: true
                },
            ]
        );
        let balance = |who: &AccountId32| {
            u128::from_le_bytes(
                dry_call(ALICE, &token, &token_op(2, &[&raw(who)]))
                    .return_data
                    .try_into()
                    .unwrap(),
            )
        };
        assert_eq!((balance(&ALICE), balance(&BOB)), (750, 250));
        // Contract storage lives in the contract's own child trie.
        let info = ContractInfoOf::<Test>::get(raw(&token)).unwrap();
        let child = sp_core::storage::ChildInfo::new_default(&info.trie_id);
        let key = [&[b'b'][..], &raw(&BOB)].concat();
        assert_eq!(
            sp_io::default_child_storage::get(child.storage_key(), &key),
            Some(250u128.to_le_bytes().to_vec())
        );
    });
}

#[test]
fn a_reverted_call_fails_with_no_storage_change_and_its_data_in_the_dry_run() {
    new_test_ext().execute_with(|| {
        let token = deploy(fixtures::TOKEN, &1_000u128.to_le_bytes());
        let overdraw = token_op(1, &[&raw(&ALICE), &1u128.to_le_bytes()]);
        assert_fails(
            || {
                WasmContracts::call(
                    RuntimeOrigin::signed(BOB),
                    token.clone(),
                    overdraw.clone(),
                    0,
                    GAS,
                )
            },
            Error::<Test>::ContractReverted,
        );

        let dry = dry_call(BOB, &token, &overdraw);
        assert_eq!(dry.status, Some(Status::Revert(1)));
        assert_eq!(dry.return_data, b"insufficient balance");
        assert_eq!(dry.result, Err(Error::<Test>::ContractReverted.into()));
    });
}

#[test]
fn call_errors_are_named() {
    new_test_ext().execute_with(|| {
        let nobody = AccountId32::new([0xEE; 32]);
        assert_fails(
            || WasmContracts::call(RuntimeOrigin::signed(ALICE), nobody, vec![], 0, GAS),
            Error::<Test>::ContractNotFound,
        );

        let looper = deploy(fixtures::INFINITE_LOOP, &[]);
        let small = frame_support::weights::Weight::from_parts(
            50_000_000 * REF_TIME_PER_FUEL,
            GAS.proof_size(),
        );
        let starved =
            rolled_back(|| WasmContracts::bare_call(ALICE, looper.clone(), vec![], 0, small));
        assert_eq!(starved.gas_consumed.ref_time(), small.ref_time());
        assert_eq!(
            starved.gas_required, small,
            "all the fuel, and more is needed"
        );
        assert_fails(
            || WasmContracts::call(RuntimeOrigin::signed(ALICE), looper, vec![], 0, small),
            Error::<Test>::OutOfGas,
        );

        let pointer = deploy(fixtures::BAD_POINTER, &[]);
        assert_fails(
            || {
                WasmContracts::call(
                    RuntimeOrigin::signed(ALICE),
                    pointer.clone(),
                    vec![2],
                    0,
                    GAS,
                )
            },
            Error::<Test>::ContractTrapped(TrapCode::MemoryOutOfBounds),
        );
        assert_fails(
            || {
                WasmContracts::call(
                    RuntimeOrigin::signed(ALICE),
                    pointer.clone(),
                    vec![0],
                    0,
                    GAS,
                )
            },
            Error::<Test>::ContractTrapped(TrapCode::PointerOutOfBounds),
        );

        let counter = deploy(fixtures::COUNTER, &[]);
        let big = vec![0u8; VmLimits::get().max_input_len as usize + 1];
        assert_fails(
            || {
                WasmContracts::call(
                    RuntimeOrigin::signed(ALICE),
                    counter.clone(),
                    big.clone(),
                    0,
                    GAS,
                )
            },
            Error::<Test>::InputTooLarge,
        );
    });
}

// ---- gas and weight -------------------------------------------------------

#[test]
fn unused_gas_is_refunded_and_out_of_gas_charges_the_limit() {
    new_test_ext().execute_with(|| {
        let counter = deploy(fixtures::COUNTER, &[]);
        let base = <() as crate::WeightInfo>::call(1);
        let fuel = dry_call(ALICE, &counter, &[0]).gas_consumed.ref_time() / REF_TIME_PER_FUEL;
        let post = WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            counter.clone(),
            vec![0],
            0,
            GAS,
        )
        .unwrap();
        let actual = post.actual_weight.unwrap();
        assert!(fuel > 0);
        assert_eq!(
            actual.ref_time(),
            base.ref_time() + fuel * REF_TIME_PER_FUEL
        );
        assert!(
            actual.all_lt(base.saturating_add(GAS)),
            "the unused gas is refunded"
        );

        let looper = deploy(fixtures::INFINITE_LOOP, &[]);
        let limit = frame_support::weights::Weight::from_parts(2_000_000 * REF_TIME_PER_FUEL, 0);
        let failed = WasmContracts::call(RuntimeOrigin::signed(ALICE), looper, vec![], 0, limit)
            .unwrap_err();
        let base = <() as crate::WeightInfo>::call(0);
        assert_eq!(
            failed.post_info.actual_weight.unwrap().ref_time(),
            base.ref_time() + limit.ref_time()
        );
    });
}

#[test]
fn the_same_call_costs_the_same_twice_and_the_dry_run_agrees() {
    new_test_ext().execute_with(|| {
        let token = deploy(fixtures::TOKEN, &1_000u128.to_le_bytes());
        let transfer = token_op(1, &[&raw(&BOB), &1u128.to_le_bytes()]);
        // Warm the entries both runs touch, so storage is the same shape for each.
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            token.clone(),
            transfer.clone(),
            0,
            GAS
        ));
        let dry = dry_call(ALICE, &token, &transfer);
        let first = WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            token.clone(),
            transfer.clone(),
            0,
            GAS,
        )
        .unwrap();
        let second =
            WasmContracts::call(RuntimeOrigin::signed(ALICE), token, transfer, 0, GAS).unwrap();
        assert_eq!(first.actual_weight, second.actual_weight);
        let base = <() as crate::WeightInfo>::call(49);
        assert_eq!(
            first.actual_weight.unwrap(),
            base.saturating_add(dry.gas_consumed)
        );
    });
}

// ---- value ------------------------------------------------------------------

#[test]
fn value_moves_through_the_currency_and_issuance_is_conserved() {
    new_test_ext().execute_with(|| {
        let issuance = Balances::total_issuance();
        let context = deploy(fixtures::CONTEXT, &[]);
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            context.clone(),
            vec![0],
            500,
            GAS
        ));
        assert_eq!(Balances::balance(&context), 500);
        assert_eq!(Balances::balance(&ALICE), INITIAL_BALANCE - 500);

        // The contract pays Bob 200 of it.
        let pay = |amount: u128| token_op(1, &[&raw(&BOB), &amount.to_le_bytes()]);
        let dry = dry_call(ALICE, &context, &pay(200));
        assert_eq!(dry.return_data, [0]);
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            context.clone(),
            pay(200),
            0,
            GAS
        ));
        assert_eq!(
            (Balances::balance(&context), Balances::balance(&BOB)),
            (300, INITIAL_BALANCE + 200)
        );
        // It may not drop below the existential deposit: the contract sees 1 and carries on.
        assert_eq!(
            dry_call(ALICE, &context, &pay(300 - ED + 1)).return_data,
            [1]
        );
        assert_eq!(dry_call(ALICE, &context, &pay(300 - ED)).return_data, [0]);
        assert_eq!(Balances::total_issuance(), issuance);

        // The contract sees its balance including value sent with the call.
        let seen = dry_call(ALICE, &context, &token_op(2, &[&raw(&context)]));
        assert_eq!(seen.return_data, 300u128.to_le_bytes());

        // Value that would leave a fresh contract account below the existential deposit is refused.
        let counter = deploy(fixtures::COUNTER, &[]);
        assert_fails(
            || {
                WasmContracts::call(
                    RuntimeOrigin::signed(ALICE),
                    counter.clone(),
                    vec![0],
                    ED - 1,
                    GAS,
                )
            },
            Error::<Test>::TransferFailed,
        );
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            counter.clone(),
            vec![0],
            ED,
            GAS
        ));
        assert_eq!(Balances::balance(&counter), ED);

        // A caller who cannot pay the value gets a named error and nothing moves.
        let poor = AccountId32::new([0x99; 32]);
        assert_fails(
            || {
                WasmContracts::call(
                    RuntimeOrigin::signed(poor.clone()),
                    context.clone(),
                    vec![0],
                    5,
                    GAS,
                )
            },
            Error::<Test>::InsufficientBalance,
        );
    });
}

#[test]
fn context_reaches_the_contract() {
    new_test_ext().execute_with(|| {
        let context = deploy(fixtures::CONTEXT, &[]);
        let out = dry_call(BOB, &context, &[0]).return_data;
        assert_eq!(out[..32], raw(&BOB));
        assert_eq!(out[32..64], raw(&context));
        assert_eq!(
            u64::from_le_bytes(out[80..88].try_into().unwrap()),
            1,
            "block number"
        );
        assert_eq!(
            u64::from_le_bytes(out[88..96].try_into().unwrap()),
            NOW_MS,
            "timestamp in ms"
        );
    });
}

// ---- nested calls -------------------------------------------------------------

fn caller_input(flags: u8, callee: &AccountId32, input: &[u8]) -> Vec<u8> {
    [
        &[flags][..],
        &raw(callee),
        &0u128.to_le_bytes(),
        &0u64.to_le_bytes(),
        input,
    ]
    .concat()
}

#[test]
fn nested_calls_commit_or_roll_back_through_the_host() {
    new_test_ext().execute_with(|| {
        let caller = deploy(fixtures::CALLER, &[]);
        let counter = deploy(fixtures::COUNTER, &[]);
        let reverter = deploy(fixtures::REVERTER, &[]);

        let ok = dry_call(ALICE, &caller, &caller_input(0, &counter, &[0]));
        assert_eq!(ok.return_data[0], 0);
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            caller.clone(),
            caller_input(0, &counter, &[0]),
            0,
            GAS
        ));
        assert_eq!(
            dry_call(ALICE, &counter, &[1]).return_data,
            1u64.to_le_bytes()
        );

        let reverter_info = ContractInfoOf::<Test>::get(raw(&reverter)).unwrap();
        let child = sp_core::storage::ChildInfo::new_default(&reverter_info.trie_id);
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            caller.clone(),
            caller_input(0, &reverter, b"no"),
            0,
            GAS
        ));
        assert_eq!(
            sp_io::default_child_storage::get(child.storage_key(), b"touched"),
            None,
            "the reverted callee's write rolled back"
        );

        // Re-entrancy is refused (2), a missing contract is 3.
        assert_eq!(
            dry_call(ALICE, &caller, &caller_input(0, &caller, &[])).return_data,
            [2]
        );
        assert_eq!(
            dry_call(
                ALICE,
                &caller,
                &caller_input(0, &AccountId32::new([7; 32]), &[])
            )
            .return_data,
            [3]
        );
    });
}

#[test]
fn a_large_outcome_comes_back_through_take_outcome() {
    new_test_ext().execute_with(|| {
        let reverter = deploy(fixtures::REVERTER, &[]);
        let input: Vec<u8> = (0..40_000u32).map(|i| i as u8).collect();
        let dry = dry_call(ALICE, &reverter, &input);
        assert_eq!(dry.status, Some(Status::Revert(1)));
        assert_eq!(dry.return_data, input);
        assert!(dry.encode().len() > 16 * 1024);
    });
}

#[test]
fn debug_output_comes_back_from_dry_runs_only() {
    new_test_ext().execute_with(|| {
        let context = deploy(fixtures::CONTEXT, &[]);
        let dry = WasmContracts::dry_run_call(BOB, context.clone(), 0, Some(GAS), vec![0]);
        assert_eq!(dry.debug, [b"context".to_vec()]);
        // The same call as a transaction carries none, and costs the same.
        let real = WasmContracts::bare_call(BOB, context, vec![0], 0, GAS);
        assert!(real.debug.is_empty());
        assert_eq!(real.result, Ok(()));
        assert_eq!(real.gas_consumed, dry.gas_consumed);
    });
}

#[test]
fn the_largest_outcome_the_vm_allows_fits_the_runtimes_limit() {
    // Return data, events, debug output and transfers, each at its cap.
    let limits = VmLimits::get();
    let event_bytes = (limits.max_events_len / limits.max_events) as usize;
    let ended = runtime_vm_primitives::Outcome {
        status: Status::Success,
        gas_used: u64::MAX,
        return_data: vec![0; limits.max_return_data_len as usize],
        events: (0..limits.max_events)
            .map(|_| runtime_vm_primitives::Event {
                contract: [0; 32],
                topics: vec![[0; 32]; 4],
                data: vec![0; event_bytes - 4 * 32],
            })
            .collect(),
        debug: vec![
            String::new();
            (limits.max_debug_output_len / runtime_vm_primitives::DEBUG_MESSAGE_OVERHEAD)
                as usize
        ],
    };
    let outcome = crate::primitives::ExecOutcome {
        result: Ok(crate::primitives::Ended::Native(ended)),
        fuel_used: u64::MAX,
        proof_size: u64::MAX,
        transfers: vec![
            crate::primitives::Transfer {
                from: [0; 32],
                to: [0; 32],
                amount: u128::MAX
            };
            limits.max_transfers as usize
        ],
    };
    assert!(outcome.encode().len() <= limits.max_outcome_len() as usize);
}

#[test]
fn the_runtime_refuses_an_over_long_outcome_before_allocating_it() {
    new_test_ext().execute_with(|| {
        let mut asked = 0;
        let fetched: Option<crate::primitives::ExecOutcome> = crate::vm::fetch::<Test, _>(|_| {
            asked += 1;
            u32::MAX
        });
        assert_eq!(fetched, None);
        assert_eq!(asked, 1, "no second call fetched it");
    });
}

#[test]
fn traps_are_reported_with_their_kind_in_the_dry_run() {
    new_test_ext().execute_with(|| {
        let recursion = deploy(fixtures::RECURSION, &[]);
        let deep = dry_call(ALICE, &recursion, &1_000_000u32.to_le_bytes());
        assert_eq!(deep.status, Some(Status::Trap(TrapKind::StackExhausted)));
        assert_eq!(
            deep.result,
            Err(DispatchError::from(Error::<Test>::ContractTrapped(
                TrapCode::StackExhausted
            )))
        );
    });
}

// ---- runtime API helpers, metadata, integrity ----------------------------

#[test]
fn get_storage_reads_a_contracts_child_trie() {
    new_test_ext().execute_with(|| {
        let counter = deploy(fixtures::COUNTER, &5u64.to_le_bytes());
        assert_eq!(
            WasmContracts::get_storage(counter.clone(), b"count".to_vec()),
            Ok(Some(5u64.to_le_bytes().to_vec()))
        );
        assert_eq!(
            WasmContracts::get_storage(counter, b"nothing".to_vec()),
            Ok(None)
        );
        assert_eq!(
            WasmContracts::get_storage(BOB, b"count".to_vec()),
            Err(crate::ContractAccessError::ContractNotFound)
        );
    });
}

#[test]
fn dry_runs_default_to_a_blocks_gas_and_match_the_real_call() {
    new_test_ext().execute_with(|| {
        // Uploading and instantiating in one dry run, as a UI does before `deploy`.
        let hash: H256 = sp_io::hashing::blake2_256(fixtures::COUNTER).into();
        let dry_deploy = |code: crate::Code| {
            rolled_back(|| {
                let input = 3u64.to_le_bytes().to_vec();
                WasmContracts::dry_run_instantiate(ALICE, code, 0, None, input, Instance::default())
            })
        };
        let instantiated = dry_deploy(crate::Code::Upload(fixtures::COUNTER.to_vec()));
        assert_eq!(
            (instantiated.result, instantiated.status),
            (Ok(()), Some(Status::Success))
        );
        assert_eq!(
            instantiated.contract,
            WasmContracts::contract_address(&ALICE, &hash, &[])
        );
        assert_eq!(instantiated.gas_required, instantiated.gas_consumed);
        assert!(
            ContractInfoOf::<Test>::get(raw(&instantiated.contract)).is_none(),
            "the dry run kept nothing"
        );
        assert!(CodeInfoOf::<Test>::get(hash).is_none(), "not even the code");
        assert_eq!(
            dry_deploy(crate::Code::Existing(hash)).result,
            Err(Error::<Test>::CodeNotFound.into())
        );
        let invalid = dry_deploy(crate::Code::Upload(b"not wasm".to_vec()));
        assert_eq!(
            invalid.result,
            Err(Error::<Test>::InvalidCode(CodeRejection::InvalidWasm).into())
        );

        let counter = deploy(fixtures::COUNTER, &[]);
        let dry =
            rolled_back(|| WasmContracts::dry_run_call(ALICE, counter.clone(), 0, None, vec![0]));
        let post = WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            counter,
            vec![0],
            0,
            dry.gas_consumed,
        )
        .unwrap();
        let base = <() as crate::WeightInfo>::call(1);
        assert_eq!(
            post.actual_weight,
            Some(base.saturating_add(dry.gas_consumed)),
            "the dry run's gas is enough, exactly"
        );
    });
}

#[test]
fn limits_and_costs_are_constants_in_the_metadata() {
    let constants: Vec<String> = WasmContracts::pallet_constants_metadata()
        .into_iter()
        .map(|c| c.name.to_string())
        .collect();
    for name in ["Limits", "Schedule", "RefTimePerFuel"] {
        assert!(
            constants.contains(&name.to_string()),
            "{name} missing from {constants:?}"
        );
    }
}

#[test]
fn integrity_test_passes() {
    new_test_ext().execute_with(|| {
        <WasmContracts as frame_support::traits::IntegrityTest>::integrity_test();
    });
}

// ---- the benchmarks' contracts ------------------------------------------------

fn fuel_of(contract: &AccountId32, iterations: u32) -> u64 {
    dry_call(ALICE, contract, &iterations.to_le_bytes())
        .gas_consumed
        .ref_time()
        / REF_TIME_PER_FUEL
}

#[test]
fn fuel_per_iteration_is_what_the_calibration_assumes() {
    use crate::benchmarking::contracts;
    new_test_ext().execute_with(|| {
        let looping = deploy(&contracts::looping(&[], &[]), &[]);
        let per_iteration = (fuel_of(&looping, 2_000) - fuel_of(&looping, 1_000)) / 1_000;
        assert_eq!(per_iteration, crate::benchmarking::FUEL_PER_ITERATION);
    });
}

#[test]
fn the_upload_benchmarks_code_is_as_long_as_asked_and_its_largest_is_accepted() {
    use crate::benchmarking::contracts::{sized, TINY_FUNCTION_LEN};
    use crate::benchmarking::{CONTRACT_OVERHEAD, MAX_CODE, MAX_FILLER, MAX_TINY_FUNCTIONS};
    new_test_ext().execute_with(|| {
        for (len, functions) in [(0, 0), (10_000, 0), (100_000, 0), (0, 1_000), (50_000, 500)] {
            let code = sized(len, functions, b"nonce");
            let asked = len + functions * TINY_FUNCTION_LEN;
            assert!((asked..asked + CONTRACT_OVERHEAD).contains(&(code.len() as u32)));
        }
        let largest = sized(MAX_FILLER, MAX_TINY_FUNCTIONS, b"nonce");
        assert!(largest.len() as u32 <= MAX_CODE);
        assert_ok!(WasmContracts::upload_code(
            RuntimeOrigin::signed(ALICE),
            largest
        ));
    });
}

#[test]
fn the_storage_benchmark_writes_a_new_entry_per_iteration() {
    use crate::benchmarking::contracts;
    new_test_ext().execute_with(|| {
        let contract = deploy(&contracts::looping(contracts::STORAGE, &[]), &[]);
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            contract.clone(),
            5u32.to_le_bytes().to_vec(),
            0,
            GAS
        ));
        let trie = sp_core::storage::ChildInfo::new_default(
            &ContractInfoOf::<Test>::get(raw(&contract)).unwrap().trie_id,
        );
        let mut key = [0u8; 32];
        for n in 1..=5u32 {
            key[..4].copy_from_slice(&n.to_le_bytes());
            assert!(
                sp_io::default_child_storage::get(trie.storage_key(), &key).is_some(),
                "entry {n}"
            );
        }
    });
}

#[test]
fn storage_read_is_charged_as_proof_size_and_limited() {
    new_test_ext().execute_with(|| {
        let token = deploy(fixtures::TOKEN, &1_000u128.to_le_bytes());
        let balance_of = |who: &AccountId32| token_op(2, &[&raw(who)]);
        let proof = |input: &[u8]| dry_call(ALICE, &token, input).gas_consumed.proof_size();
        // Every call reads at least the contract's code.
        assert!(proof(&balance_of(&BOB)) > fixtures::TOKEN.len() as u64);
        // Alice's balance entry exists (16 bytes of value), Bob's does not.
        assert_eq!(proof(&balance_of(&ALICE)) - proof(&balance_of(&BOB)), 16);

        // Enough fuel but too little proof size: out of gas, and nothing kept.
        let needed = proof(&token_op(1, &[&raw(&BOB), &1u128.to_le_bytes()]));
        let tight = frame_support::weights::Weight::from_parts(GAS.ref_time(), needed - 1);
        let transfer = token_op(1, &[&raw(&BOB), &1u128.to_le_bytes()]);
        assert_fails(
            || {
                WasmContracts::call(
                    RuntimeOrigin::signed(ALICE),
                    token.clone(),
                    transfer.clone(),
                    0,
                    tight,
                )
            },
            Error::<Test>::OutOfGas,
        );
        let exact = frame_support::weights::Weight::from_parts(GAS.ref_time(), needed);
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            token.clone(),
            transfer,
            0,
            exact
        ));
    });
}

#[test]
fn a_contract_reading_past_its_proof_size_is_stopped_while_it_runs() {
    new_test_ext().execute_with(|| {
        let bench = deploy(fixtures::BENCH_STORAGE, &[]);
        // 100 entries written, then read back: 36 bytes (a 4-byte key, a
        // 32-byte value) added to the proof per read.
        let input = 100u32.to_le_bytes();
        let full = dry_call(ALICE, &bench, &input);
        assert_eq!(full.result, Ok(()));
        let before_reads = full.gas_consumed.proof_size() - 100 * 36;
        let limit =
            frame_support::weights::Weight::from_parts(GAS.ref_time(), before_reads + 10 * 36);
        let stopped = rolled_back(|| {
            WasmContracts::bare_call(ALICE, bench.clone(), input.to_vec(), 0, limit)
        });
        assert_eq!(stopped.result, Err(Error::<Test>::OutOfGas.into()));
        assert_eq!(stopped.status, Some(Status::Trap(TrapKind::OutOfGas)));
        // The eleventh read passed the limit, and the contract read no more.
        assert_eq!(stopped.gas_consumed.proof_size(), limit.proof_size() + 36);
        assert!(stopped.gas_consumed.ref_time() < full.gas_consumed.ref_time());
        assert_eq!(stopped.gas_required, limit.max(stopped.gas_consumed));
    });
}
