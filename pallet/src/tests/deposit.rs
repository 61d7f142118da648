//! Storage deposits: code, contracts and contract storage held while they
//! exist, refunds when storage shrinks, the limit and funds errors, and dry
//! runs that predict the deposit the transaction then pays.
//!
//! Prices are computed here from the mock's constants, not through the
//! pallet's own pricing: `DEPOSIT_PER_ITEM` per entry, `DEPOSIT_PER_BYTE`
//! per byte of key and value.

use codec::MaxEncodedLen;
use frame_support::traits::fungible::InspectHold;

use super::builder::call;
use super::nested::caller_input;
use super::*;
use crate::{CodeInfo, ContractInfo, HoldReason, StorageDeposit};

/// The deposit of `items` entries of `bytes` bytes in all.
pub(super) fn price(items: u64, bytes: u64) -> u128 {
    DEPOSIT_PER_ITEM * u128::from(items) + DEPOSIT_PER_BYTE * u128::from(bytes)
}

/// The deposit of code of `len` bytes: the code, its info (by its largest
/// encoding) and its id's entry (a 32-byte hash under an 8-byte id, with the
/// code's 32-byte hash as the others' key).
pub(super) fn code_price(len: usize) -> u128 {
    let bytes = len + CodeInfo::<AccountId32>::max_encoded_len() + 2 * 32 + 8;
    price(3, bytes as u64)
}

/// A new contract's cost to its instantiator besides its storage: the
/// existential deposit of its account and its info's deposit.
pub(super) fn contract_price() -> u128 {
    ED + info_price()
}

/// The deposit held on a contract for its info.
pub(super) fn info_price() -> u128 {
    price(1, ContractInfo::max_encoded_len() as u64)
}

/// What `who` holds for `reason`.
pub(super) fn held(who: &AccountId32, reason: HoldReason) -> u128 {
    Balances::balance_on_hold(&reason.into(), who)
}

/// A contract's storage: bytes, entries, and the deposit held for them.
pub(super) fn storage_of(contract: &AccountId32) -> (u64, u64, u128) {
    let info = ContractInfoOf::<Test>::get(raw(contract)).unwrap();
    let deposit = info.storage_byte_deposit + info.storage_item_deposit;
    (info.storage_bytes, info.storage_items, deposit)
}

/// `STORAGE_HOG`'s input writing one `len`-byte value under `big`.
fn write_big(len: u32) -> Vec<u8> {
    token_op(0, &[&len.to_le_bytes()])
}

/// `STORAGE_HOG`'s input removing the value under `big`.
fn remove_big() -> Vec<u8> {
    vec![2]
}

fn funded(seed: u8, amount: u128) -> AccountId32 {
    let who = AccountId32::new([seed; 32]);
    <Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(&who, amount);
    who
}

#[test]
fn code_deposit_is_held_on_the_uploader_and_released_when_the_code_is_removed() {
    new_test_ext().execute_with(|| {
        let code = fixtures::COUNTER.to_vec();
        let deposit = code_price(code.len());
        let poor = funded(0x51, deposit);
        let issuance = Balances::total_issuance();
        let hash = H256(sp_io::hashing::blake2_256(&code));

        let dry = rolled_back(|| WasmContracts::dry_run_upload_code(ALICE, code.clone(), None));
        assert_eq!(dry.map(|upload| upload.deposit), Ok(deposit));

        // One less than the deposit is refused, and nothing changes.
        assert_noop!(
            WasmContracts::upload_code(
                RuntimeOrigin::signed(ALICE),
                code.clone(),
                Some((deposit - 1).into())
            ),
            Error::<Test>::StorageDepositLimitExhausted
        );
        // Someone who cannot pay it (and keep the existential deposit) is refused too.
        assert_noop!(
            WasmContracts::upload_code(RuntimeOrigin::signed(poor), code.clone(), None),
            Error::<Test>::StorageDepositNotEnoughFunds
        );

        let alice = Balances::balance(&ALICE);
        assert_ok!(WasmContracts::upload_code(
            RuntimeOrigin::signed(ALICE),
            code.clone(),
            Some(deposit.into())
        ));
        assert_eq!(held(&ALICE, HoldReason::CodeUploadDepositReserve), deposit);
        assert_eq!(CodeInfoOf::<Test>::get(hash).unwrap().deposit, deposit);
        assert_eq!(Balances::balance(&ALICE), alice - deposit);
        // Uploading it again stores nothing and holds nothing more.
        assert_ok!(WasmContracts::upload_code(
            RuntimeOrigin::signed(BOB),
            code,
            Some(0.into())
        ));
        assert_eq!(held(&BOB, HoldReason::CodeUploadDepositReserve), 0);

        assert_ok!(WasmContracts::remove_code(
            RuntimeOrigin::signed(ALICE),
            hash
        ));
        assert_eq!(held(&ALICE, HoldReason::CodeUploadDepositReserve), 0);
        assert_eq!(Balances::balance(&ALICE), alice);
        assert_eq!(Balances::total_issuance(), issuance);
    });
}

#[test]
fn instantiation_pays_for_the_contract_and_its_storage_as_the_dry_run_predicts() {
    new_test_ext().execute_with(|| {
        let issuance = Balances::total_issuance();
        let hash = upload(fixtures::COUNTER);
        // `deploy` stores the count: an 8-byte value under the 5-byte key `count`.
        let storage = price(1, 5 + 8);
        let expected = contract_price() + storage;
        let instantiation = || instantiate(hash).input(5u64.to_le_bytes());

        let dry = instantiation().dry_run();
        assert_eq!(dry.result, Ok(()));
        assert_eq!(dry.storage_deposit, StorageDeposit::Charge(expected));
        assert_fails(
            || {
                instantiation()
                    .storage_deposit_limit(expected - 1)
                    .dispatch()
            },
            Error::<Test>::StorageDepositLimitExhausted,
        );

        let alice = Balances::balance(&ALICE);
        let counter = instantiation()
            .storage_deposit_limit(expected)
            .instantiated();
        assert_eq!(Balances::balance(&ALICE), alice - expected);
        // The contract's account has the existential deposit, and holds the rest.
        assert_eq!(Balances::balance(&counter), ED);
        assert_eq!(
            held(&counter, HoldReason::StorageDepositReserve),
            info_price() + storage
        );
        assert_eq!(storage_of(&counter), (13, 1, storage));
        assert_eq!(Balances::total_issuance(), issuance);
    });
}

#[test]
fn storage_growth_is_charged_and_shrinkage_refunded_to_the_origin() {
    new_test_ext().execute_with(|| {
        let poor = funded(0x52, ED + price(0, 50));
        let issuance = Balances::total_issuance();
        let hog = deploy(fixtures::STORAGE_HOG, &[]);
        let base = held(&hog, HoldReason::StorageDepositReserve);
        assert_eq!(base, info_price());

        // Alice stores 1 000 bytes under `big` (3 bytes of key).
        let grown = price(1, 1_003);
        let dry = call(&hog).input(write_big(1_000)).dry_run();
        assert_eq!(dry.storage_deposit, StorageDeposit::Charge(grown));
        let alice = Balances::balance(&ALICE);
        assert_ok!(call(&hog).input(write_big(1_000)).dispatch());
        assert_eq!(Balances::balance(&ALICE), alice - grown);
        assert_eq!(storage_of(&hog), (1_003, 1, grown));
        assert_eq!(held(&hog, HoldReason::StorageDepositReserve), base + grown);

        // Bob shrinks it to 10 bytes: the 990 bytes' deposit is his.
        let refund = price(0, 990);
        let dry = call(&hog).origin(BOB).input(write_big(10)).dry_run();
        assert_eq!(dry.storage_deposit, StorageDeposit::Refund(refund));
        let bob = Balances::balance(&BOB);
        assert_ok!(call(&hog).origin(BOB).input(write_big(10)).dispatch());
        assert_eq!(Balances::balance(&BOB), bob + refund);
        assert_eq!(storage_of(&hog), (13, 1, grown - refund));
        assert_eq!(
            held(&hog, HoldReason::StorageDepositReserve),
            base + grown - refund
        );

        // Rewriting the same size costs nothing.
        let same = call(&hog).input(write_big(10)).dry_run();
        assert_eq!(same.storage_deposit, StorageDeposit::Charge(0));

        // Growing again within a limit one short of the price fails; at the price it passes.
        let regrown = price(0, 90);
        assert_fails(
            || {
                call(&hog)
                    .input(write_big(100))
                    .storage_deposit_limit(regrown - 1)
                    .dispatch()
            },
            Error::<Test>::StorageDepositLimitExhausted,
        );
        assert_ok!(call(&hog)
            .input(write_big(100))
            .storage_deposit_limit(regrown)
            .dispatch());

        // An origin that cannot pay for what its call stores is refused.
        assert_fails(
            || call(&hog).origin(poor).input(write_big(1_000)).dispatch(),
            Error::<Test>::StorageDepositNotEnoughFunds,
        );
        assert_eq!(Balances::total_issuance(), issuance);
    });
}

#[test]
fn refunds_return_what_was_paid_pro_rata_whatever_the_price_is_then() {
    new_test_ext().execute_with(|| {
        let hog = deploy(fixtures::STORAGE_HOG, &[]);
        let deposits = || {
            let info = ContractInfoOf::<Test>::get(raw(&hog)).unwrap();
            (info.storage_byte_deposit, info.storage_item_deposit)
        };
        let refund_to_bob = |input: Vec<u8>| {
            let dry = call(&hog).origin(BOB).input(input.clone()).dry_run();
            let bob = Balances::balance(&BOB);
            assert_ok!(call(&hog).origin(BOB).input(input).dispatch());
            let refund = Balances::balance(&BOB) - bob;
            assert_eq!(dry.storage_deposit, StorageDeposit::Refund(refund));
            assert_eq!(crate::migrations::v1::check_deposits::<Test>(), Ok(()));
            refund
        };

        // 1 003 bytes and an entry, paid at 2 per byte and 100 per entry.
        assert_ok!(call(&hog).input(write_big(1_000)).dispatch());
        assert_eq!(deposits(), (2 * 1_003, 100));

        // The price of a byte rises fivefold: shrinking by 990 bytes refunds
        // the 990 bytes' share of what was paid, not their price today.
        PricePerByte::set(10);
        assert_eq!(refund_to_bob(write_big(10)), 2 * 990);
        assert_eq!(deposits(), (2 * 13, 100));

        // Growing again pays today's price.
        let alice = Balances::balance(&ALICE);
        assert_ok!(call(&hog).input(write_big(1_000)).dispatch());
        assert_eq!(Balances::balance(&ALICE), alice - 10 * 990);
        assert_eq!(deposits(), (2 * 13 + 10 * 990, 100));

        // The price falls below what was paid: the share paid still comes
        // back, rounded down (9 926 paid for 1 003 bytes; 990 of them removed).
        PricePerByte::set(1);
        PricePerItem::set(1);
        assert_eq!(refund_to_bob(write_big(10)), 9_926 * 990 / 1_003);
        let left = 9_926 - 9_926 * 990 / 1_003;
        assert_eq!(deposits(), (left, 100));

        // Removing everything refunds exactly what is left, at no price at all.
        PricePerByte::set(0);
        PricePerItem::set(0);
        assert_eq!(refund_to_bob(remove_big()), left + 100);
        assert_eq!(deposits(), (0, 0));
        // What stays held is the info's deposit, paid at instantiation.
        assert_eq!(held(&hog, HoldReason::StorageDepositReserve), info_price());
    });
}

#[test]
fn a_failed_call_pays_nothing_and_leaves_no_hold() {
    new_test_ext().execute_with(|| {
        let reverter = deploy(fixtures::REVERTER, &[]);
        let hog = deploy(fixtures::STORAGE_HOG, &[]);
        let alice = Balances::balance(&ALICE);
        // It writes, then reverts.
        assert_fails(
            || call(&reverter).dispatch(),
            Error::<Test>::ContractReverted,
        );
        // It writes 1 KiB values until its gas runs out.
        assert_fails(|| call(&hog).input([1]).dispatch(), Error::<Test>::OutOfGas);
        let failed = call(&hog).input([1]).dry_run();
        assert_eq!(failed.storage_deposit, StorageDeposit::Charge(0));
        assert_eq!(Balances::balance(&ALICE), alice);
        for contract in [&reverter, &hog] {
            assert_eq!(storage_of(contract), (0, 0, 0));
            assert_eq!(
                held(contract, HoldReason::StorageDepositReserve),
                info_price()
            );
        }
    });
}

#[test]
fn nested_calls_pay_for_each_contract_they_change_and_not_for_rolled_back_frames() {
    new_test_ext().execute_with(|| {
        let caller = deploy(fixtures::CALLER, &[]);
        let hog = deploy(fixtures::STORAGE_HOG, &[]);
        let reverter = deploy(fixtures::REVERTER, &[]);
        let nested = |callee: &AccountId32, input: &[u8]| caller_input(0, callee, input);

        // The caller counts its calls (a 16-byte value under `calls`); the
        // hog stores 100 bytes under `big`. Alice pays for both.
        let (callers, hogs) = (price(1, 5 + 16), price(1, 3 + 100));
        let input = nested(&hog, &write_big(100));
        let dry = call(&caller).input(&input).dry_run();
        assert_eq!(dry.storage_deposit, StorageDeposit::Charge(callers + hogs));
        let alice = Balances::balance(&ALICE);
        assert_ok!(call(&caller).input(&input).dispatch());
        assert_eq!(Balances::balance(&ALICE), alice - callers - hogs);
        assert_eq!(storage_of(&caller), (21, 1, callers));
        assert_eq!(storage_of(&hog), (103, 1, hogs));

        // The reverter's write rolls back with its frame: no one pays for it,
        // and the caller's counter keeps its size.
        let input = nested(&reverter, b"no");
        let dry = call(&caller).input(&input).dry_run();
        assert_eq!(dry.result, Ok(()));
        assert_eq!(dry.storage_deposit, StorageDeposit::Charge(0));
        assert_ok!(call(&caller).input(&input).dispatch());
        assert_eq!(storage_of(&reverter), (0, 0, 0));
    });
}

#[test]
fn deploy_pays_for_its_code_and_its_contract_within_one_limit() {
    new_test_ext().execute_with(|| {
        let code = fixtures::COUNTER.to_vec();
        let expected = code_price(code.len()) + contract_price() + price(1, 5 + 8);
        let deploy = |limit: u128| {
            WasmContracts::deploy(
                RuntimeOrigin::signed(ALICE),
                code.clone(),
                Vec::new(),
                0,
                GAS,
                Some(limit.into()),
                Vec::new(),
                None,
                Vec::new(),
            )
        };
        let dry = dry_deploy(crate::Code::Upload(code.clone()), &[]);
        assert_eq!(dry.storage_deposit, StorageDeposit::Charge(expected));
        assert_fails(
            || deploy(expected - 1),
            Error::<Test>::StorageDepositLimitExhausted,
        );
        let alice = Balances::balance(&ALICE);
        assert_ok!(deploy(expected));
        assert_eq!(Balances::balance(&ALICE), alice - expected);
    });
}
