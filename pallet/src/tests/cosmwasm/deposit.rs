//! Storage deposits of CosmWasm contracts: cw20-base's allowances paid for
//! and refunded, contracts created by messages, caught failures, migrations.

use super::messages::{dispatch, submsg};
use super::*;
use crate::tests::deposit::{contract_price, held, info_price, price, storage_of};
use crate::{HoldReason, StorageDeposit};

/// The deposit of the change from `before` to `after` (bytes, entries):
/// positive for growth.
fn change(before: (u64, u64, u128), after: (u64, u64, u128)) -> StorageDeposit {
    let grown = price(
        after.1.saturating_sub(before.1),
        after.0.saturating_sub(before.0),
    );
    let shrunk = price(
        before.1.saturating_sub(after.1),
        before.0.saturating_sub(after.0),
    );
    match grown >= shrunk {
        true => StorageDeposit::Charge(grown - shrunk),
        false => StorageDeposit::Refund(shrunk - grown),
    }
}

#[test]
fn cw20_allowances_are_paid_for_and_refunded_when_removed() {
    new_test_ext().execute_with(|| {
        let issuance = Balances::total_issuance();
        let token = token(&[(&ALICE, 1_000)]);
        let approve = json!({"increase_allowance": {"spender": human(&BOB), "amount": "300"}});
        let revoke = json!({"decrease_allowance": {"spender": human(&BOB), "amount": "300"}});

        let before = storage_of(&token);
        let dry = call(&token).input(bytes(&approve)).dry_run();
        assert_eq!(dry.result, Ok(()));
        let alice = Balances::balance(&ALICE);
        assert_ok!(call(&token).input(bytes(&approve)).dispatch());
        let approved = storage_of(&token);
        // Both of cw20-base's allowance indexes got an entry.
        assert_eq!(approved.1, before.1 + 2);
        let StorageDeposit::Charge(charged) = change(before, approved) else {
            panic!("an allowance adds state");
        };
        assert_eq!(dry.storage_deposit, StorageDeposit::Charge(charged));
        assert_eq!(Balances::balance(&ALICE), alice - charged);

        // Taking the allowance back to zero removes both entries, and the
        // deposit comes back to Alice in full.
        let dry = call(&token).input(bytes(&revoke)).dry_run();
        assert_eq!(dry.storage_deposit, StorageDeposit::Refund(charged));
        assert_ok!(call(&token).input(bytes(&revoke)).dispatch());
        assert_eq!(storage_of(&token), before);
        assert_eq!(Balances::balance(&ALICE), alice);
        assert_eq!(
            held(&token, HoldReason::StorageDepositReserve),
            info_price() + before.2
        );
        assert_eq!(Balances::total_issuance(), issuance);
    });
}

#[test]
fn a_contract_created_by_a_message_is_paid_for_by_the_origin() {
    new_test_ext().execute_with(|| {
        let receiver = receiver();
        let code = upload(fixtures::CW20_BASE);
        let code_id = crate::CodeInfoOf::<Test>::get(code).unwrap().code_id;
        let child_msg = |symbol: &str| wasm_instantiate(code_id, &child_token(symbol));
        // The first contract a message instantiates gets instance salt 1.
        let salt = [b"cosmwasm/instance".as_slice(), &1u64.to_le_bytes()].concat();
        let child = WasmContracts::contract_address(&receiver, &code, &salt);

        // A symbol cw20-base refuses: the failure is caught by the reply,
        // and the child's creation rolls back with its deposit.
        let refused = dispatch(json!([submsg(1, child_msg("X"), "always", "")]));
        let before = storage_of(&receiver);
        let dry = call(&receiver).input(bytes(&refused)).dry_run();
        assert_eq!(dry.result, Ok(()));
        let alice = Balances::balance(&ALICE);
        execute(&ALICE, &receiver, refused);
        let own = change(before, storage_of(&receiver));
        assert_eq!(dry.storage_deposit, own);
        let StorageDeposit::Charge(own) = own else {
            panic!("the reply is recorded");
        };
        assert_eq!(Balances::balance(&ALICE), alice - own);
        assert!(!ContractInfoOf::<Test>::contains_key(raw(&child)));
        assert_eq!(Balances::balance(&child), 0);

        // A valid child: Alice pays for its account, its info and its storage.
        let created = dispatch(json!([submsg(2, child_msg("CHD"), "never", "")]));
        let before = storage_of(&receiver);
        let dry = call(&receiver).input(bytes(&created)).dry_run();
        let alice = Balances::balance(&ALICE);
        execute(&ALICE, &receiver, created);
        let (bytes, items, deposit) = storage_of(&child);
        assert!(items > 0);
        assert_eq!(deposit, price(items, bytes));
        let receivers = change(before, storage_of(&receiver));
        let total = receivers.plus_charge(contract_price() + deposit);
        assert_eq!(dry.storage_deposit, total);
        assert_eq!(
            StorageDeposit::Refund(0).plus_charge(alice - Balances::balance(&ALICE)),
            total
        );
        assert_eq!(Balances::balance(&child), ED);
        assert_eq!(
            held(&child, HoldReason::StorageDepositReserve),
            info_price() + deposit
        );
    });
}

#[test]
fn a_migration_pays_for_the_state_it_adds_within_its_limit() {
    new_test_ext().execute_with(|| {
        let receiver = receiver();
        let code = upload(fixtures::CW_RECEIVER);
        let note = bytes(&json!({"note": "a longer note than none"}));
        let before = storage_of(&receiver);
        let dry = migrate(&receiver, code).msg(&note).dry_run();
        assert_eq!(dry.result, Ok(()));
        let StorageDeposit::Charge(needed) = dry.storage_deposit else {
            panic!("the note is stored");
        };
        assert!(needed > 0);
        let error = migrate(&receiver, code)
            .msg(&note)
            .storage_deposit_limit(needed - 1)
            .dispatch()
            .unwrap_err();
        assert_eq!(
            error.error,
            Error::<Test>::StorageDepositLimitExhausted.into()
        );
        let alice = Balances::balance(&ALICE);
        assert_ok!(migrate(&receiver, code)
            .msg(&note)
            .storage_deposit_limit(needed)
            .dispatch());
        assert_eq!(Balances::balance(&ALICE), alice - needed);
        assert_eq!(
            change(before, storage_of(&receiver)),
            StorageDeposit::Charge(needed)
        );
    });
}
