//! Unmodified cw1-whitelist: admins send the contract's funds and others are refused.

use super::*;

fn whitelist(mutable: bool, funds: u128) -> AccountId32 {
    let code = upload(fixtures::CW1_WHITELIST);
    instantiate(code)
        .input(bytes(
            &json!({"admins": [human(&ALICE), human(&BOB)], "mutable": mutable}),
        ))
        .value(funds)
        .salt(b"whitelist")
        .instantiated()
}

#[test]
fn cw1_admins_send_the_contracts_funds_and_others_are_refused() {
    new_test_ext().execute_with(|| {
        let wallet = whitelist(true, 1_000);
        // The existential deposit came with the contract (see `deposits.rs`).
        assert_eq!(Balances::balance(&wallet), ED + 1_000);
        let carol_before = Balances::balance(&CAROL);
        execute(
            &BOB,
            &wallet,
            json!({"execute": {"msgs": [bank_send(&CAROL, 300)]}}),
        );
        assert_eq!(Balances::balance(&wallet), ED + 700);
        assert_eq!(Balances::balance(&CAROL), carol_before + 300);

        let root = storage_root();
        let refused = call(&wallet)
            .origin(CAROL)
            .input(bytes(&json!({"execute": {"msgs": [bank_send(&CAROL, 1)]}})))
            .dispatch()
            .unwrap_err();
        assert_eq!(refused.error, Error::<Test>::ContractFailed.into());
        assert_eq!(storage_root(), root);

        // More than the contract holds: the message fails, and with it the call.
        let error = execute_with_funds(
            &ALICE,
            &wallet,
            json!({"execute": {"msgs": [bank_send(&CAROL, 5_000)]}}),
            0,
        )
        .unwrap_err();
        assert_eq!(error.error, Error::<Test>::InsufficientBalance.into());
        assert_eq!(storage_root(), root);
    });
}

#[test]
fn cw1_update_admins_and_freeze() {
    new_test_ext().execute_with(|| {
        let wallet = whitelist(true, 100);
        // Carol's freezing grows the contract's state ("mutable": `true` to
        // `false`): she pays its deposit.
        <Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(&CAROL, 1_000);
        execute(
            &ALICE,
            &wallet,
            json!({"update_admins": {"admins": [human(&CAROL)]}}),
        );
        assert_eq!(
            query(&wallet, json!({"admin_list": {}})),
            json!({"admins": [human(&CAROL)], "mutable": true})
        );
        let outcome = call(&wallet)
            .input(bytes(&json!({"execute": {"msgs": [bank_send(&ALICE, 1)]}})))
            .build();
        assert_eq!(outcome.result, Err(Error::<Test>::ContractFailed.into()));
        assert_eq!(
            query(
                &wallet,
                json!({"can_execute": {"sender": human(&CAROL), "msg": bank_send(&ALICE, 1)}})
            ),
            json!({"can_execute": true})
        );
        execute(&CAROL, &wallet, json!({"freeze": {}}));
        assert_eq!(
            query(&wallet, json!({"admin_list": {}}))["mutable"],
            json!(false)
        );
        let frozen = call(&wallet)
            .origin(CAROL)
            .input(bytes(
                &json!({"update_admins": {"admins": [human(&ALICE)]}}),
            ))
            .build();
        assert_eq!(frozen.result, Err(Error::<Test>::ContractFailed.into()));
    });
}

#[test]
fn unsupported_messages_fail_by_name() {
    new_test_ext().execute_with(|| {
        let wallet = whitelist(true, 100);
        let staking = json!({"staking": {"delegate": {"validator": "v", "amount": {"denom": DENOM, "amount": "1"}}}});
        let outcome = rolled_back(|| {
            call(&wallet).input(bytes(&json!({"execute": {"msgs": [staking]}}))).build()
        });
        assert_eq!(outcome.result, Err(Error::<Test>::UnsupportedMessage.into()));
        assert_eq!(
            text(&outcome.return_data),
            "staking messages are not supported by this chain"
        );
    });
}
