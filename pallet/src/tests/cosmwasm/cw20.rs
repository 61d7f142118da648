//! Unmodified cw20-base: instantiate, transfer, burn, mint, allowances, sends to contracts.

use super::*;

#[test]
fn cw20_instantiates_with_balances_and_a_minter() {
    new_test_ext().execute_with(|| {
        let token = token(&[(&ALICE, 1_000), (&BOB, 500)]);
        assert_eq!(
            query(&token, json!({"token_info": {}})),
            json!({"name": "Test Token", "symbol": "TST", "decimals": 6, "total_supply": "1500"})
        );
        assert_eq!(
            query(&token, json!({"minter": {}})),
            json!({"minter": human(&ALICE), "cap": "1000000"})
        );
        assert_eq!(balance(&token, &ALICE), "1000");
        assert_eq!(balance(&token, &BOB), "500");
        assert_eq!(balance(&token, &CAROL), "0");
        let info = ContractInfoOf::<Test>::get(<[u8; 32]>::from(token.clone())).unwrap();
        assert_eq!(info.label.to_vec(), b"a label");
        // A raw query: cw-storage-plus keeps the token info under its own key.
        let raw = WasmContracts::get_storage(token, b"token_info".to_vec())
            .unwrap()
            .unwrap();
        let stored: Value = serde_json::from_slice(&raw).unwrap();
        assert_eq!(stored["symbol"], "TST");
    });
}

#[test]
fn cw20_transfer_burn_and_mint() {
    new_test_ext().execute_with(|| {
        let token = token(&[(&ALICE, 1_000)]);
        System::reset_events();
        assert_ok!(execute_with_funds(
            &ALICE,
            &token,
            json!({"transfer": {"recipient": human(&BOB), "amount": "100"}}),
            0
        ));
        assert_eq!(balance(&token, &ALICE), "900");
        assert_eq!(balance(&token, &BOB), "100");
        let events = wasm_events();
        assert_eq!(events.len(), 1);
        let (contract, ty, attributes) = &events[0];
        assert_eq!((contract, ty.as_str()), (&token, "wasm"));
        assert_eq!(
            attributes,
            &[
                ("_contract_address".to_string(), human(&token)),
                ("action".into(), "transfer".into()),
                ("from".into(), human(&ALICE)),
                ("to".into(), human(&BOB)),
                ("amount".into(), "100".into()),
            ]
        );

        execute(&ALICE, &token, json!({"burn": {"amount": "50"}}));
        execute(
            &ALICE,
            &token,
            json!({"mint": {"recipient": human(&CAROL), "amount": "25"}}),
        );
        assert_eq!(balance(&token, &ALICE), "850");
        assert_eq!(balance(&token, &CAROL), "25");
        assert_eq!(
            query(&token, json!({"token_info": {}}))["total_supply"],
            "975"
        );

        let outcome = call(&token)
            .origin(BOB)
            .input(bytes(
                &json!({"mint": {"recipient": human(&BOB), "amount": "1"}}),
            ))
            .build();
        assert_eq!(outcome.result, Err(Error::<Test>::ContractFailed.into()));
        assert_eq!(text(&outcome.return_data), "Unauthorized");
    });
}

#[test]
fn cw20_allowances_and_transfer_from() {
    new_test_ext().execute_with(|| {
        let token = token(&[(&ALICE, 1_000)]);
        execute(
            &ALICE,
            &token,
            json!({"increase_allowance": {"spender": human(&BOB), "amount": "300"}}),
        );
        execute(
            &ALICE,
            &token,
            json!({"decrease_allowance": {"spender": human(&BOB), "amount": "100"}}),
        );
        let allowance = |token: &AccountId32| {
            query(
                token,
                json!({"allowance": {"owner": human(&ALICE), "spender": human(&BOB)}}),
            )["allowance"]
                .clone()
        };
        assert_eq!(allowance(&token), "200");
        execute(
            &BOB,
            &token,
            json!({"transfer_from": {"owner": human(&ALICE), "recipient": human(&CAROL), "amount": "150"}}),
        );
        assert_eq!(allowance(&token), "50");
        assert_eq!(balance(&token, &ALICE), "850");
        assert_eq!(balance(&token, &CAROL), "150");

        let too_much = call(&token).origin(BOB).input(bytes(&json!({"transfer_from": {"owner": human(&ALICE), "recipient": human(&BOB), "amount": "51"}}))).build();
        assert_eq!(too_much.result, Err(Error::<Test>::ContractFailed.into()));
        assert_eq!(balance(&token, &BOB), "0");
    });
}

#[test]
fn cw20_send_calls_the_receiving_contract() {
    new_test_ext().execute_with(|| {
        let token = token(&[(&ALICE, 1_000)]);
        let receiver = receiver();
        let hook = json!({"note": "for you"});
        System::reset_events();
        execute(
            &ALICE,
            &token,
            json!({"send": {"contract": human(&receiver), "amount": "70", "msg": base64(&hook)}}),
        );
        assert_eq!(balance(&token, &receiver), "70");
        let record = query(&receiver, json!({"record": {}}));
        assert_eq!(
            record["cw20"],
            json!([[human(&token), human(&ALICE), "70", base64(&hook)]])
        );
        let types: Vec<(AccountId32, String)> = wasm_events()
            .into_iter()
            .map(|(contract, ty, _)| (contract, ty))
            .collect();
        assert_eq!(
            types,
            [(token.clone(), "wasm".into()), (receiver, "wasm".into())]
        );
    });
}

#[test]
fn cw20_all_accounts_pages_in_key_order() {
    new_test_ext().execute_with(|| {
        let holders: Vec<AccountId32> = (1..=6u8).map(|i| AccountId32::new([i; 32])).collect();
        let initial: Vec<(&AccountId32, u128)> = holders.iter().map(|h| (h, 1)).collect();
        let token = token(&initial);
        let mut expected: Vec<String> = holders.iter().map(human).collect();
        expected.sort();
        let page = |start_after: Option<&str>| -> Vec<String> {
            let msg = match start_after {
                Some(start) => json!({"all_accounts": {"limit": 4, "start_after": start}}),
                None => json!({"all_accounts": {"limit": 4}}),
            };
            serde_json::from_value(query(&token, msg)["accounts"].clone()).unwrap()
        };
        let first = page(None);
        assert_eq!(first, expected[..4]);
        let second = page(Some(&first[3]));
        assert_eq!(second, expected[4..]);
        assert!(page(Some(&second[1])).is_empty());
    });
}

#[test]
fn cw20_over_balance_transfer_fails_with_the_contracts_error_and_changes_nothing() {
    new_test_ext().execute_with(|| {
        let token = token(&[(&ALICE, 1_000)]);
        let msg = json!({"transfer": {"recipient": human(&BOB), "amount": "1001"}});
        let dry = rolled_back(|| call(&token).input(bytes(&msg)).build());
        assert_eq!(dry.result, Err(Error::<Test>::ContractFailed.into()));
        assert_eq!(dry.status, Some(Status::Revert(1)));
        assert!(
            text(&dry.return_data).contains("Overflow"),
            "{}",
            text(&dry.return_data)
        );
        let root = storage_root();
        let error = execute_with_funds(&ALICE, &token, msg, 0).unwrap_err();
        assert_eq!(error.error, Error::<Test>::ContractFailed.into());
        assert!(error.post_info.actual_weight.unwrap().ref_time() > 0);
        assert_eq!(storage_root(), root);
        assert_eq!(balance(&token, &ALICE), "1000");
    });
}
