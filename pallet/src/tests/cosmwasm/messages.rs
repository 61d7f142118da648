//! Submessages, replies, migrations and admins, carried out by the pallet as wasmd does.

use super::*;

pub(super) fn dispatch(messages: Value) -> Value {
    json!({"dispatch": {"messages": messages}})
}

pub(super) fn submsg(id: u64, msg: Value, reply_on: &str, payload: &str) -> Value {
    use base64::Engine;
    let payload = base64::engine::general_purpose::STANDARD.encode(payload);
    json!({"id": id, "payload": payload, "msg": msg, "gas_limit": null, "reply_on": reply_on})
}

fn wasm_execute(contract: &AccountId32, msg: Value) -> Value {
    json!({"wasm": {"execute": {"contract_addr": human(contract), "msg": base64(&msg), "funds": []}}})
}

#[test]
fn a_caught_failure_is_rolled_back_alone_and_replied_to() {
    new_test_ext().execute_with(|| {
        let receiver = receiver();
        let other = instantiate(upload(fixtures::CW_RECEIVER))
            .input(bytes(&json!({})))
            .salt(b"other")
            .instantiated();
        assert_ok!(execute_with_funds(
            &ALICE,
            &receiver,
            dispatch(json!([])),
            500
        ));
        let messages = json!([
            submsg(1, wasm_execute(&other, json!({"fail": {}})), "error", ""),
            submsg(2, bank_send(&CAROL, 200), "success", ""),
        ]);
        execute(&ALICE, &receiver, dispatch(messages));
        let record = query(&receiver, json!({"record": {}}));
        assert_eq!(
            record["replies"],
            json!([[1, "Generic error: deliberate failure"], [2, "ok"]])
        );
        assert_eq!(Balances::balance(&CAROL), 200);
        // The failed message's own write is gone.
        assert_eq!(
            WasmContracts::get_storage(other, b"failed".to_vec()),
            Ok(None)
        );
    });
}

#[test]
fn an_uncaught_failure_or_a_failing_reply_reverts_everything() {
    new_test_ext().execute_with(|| {
        let receiver = receiver();
        assert_ok!(execute_with_funds(
            &ALICE,
            &receiver,
            dispatch(json!([])),
            500
        ));
        let root = storage_root();
        // The send succeeds, then the execute fails with no reply to catch it.
        let uncaught = json!([
            submsg(1, bank_send(&CAROL, 100), "never", ""),
            submsg(
                2,
                wasm_execute(&receiver, json!({"fail": {}})),
                "success",
                ""
            ),
        ]);
        let error = execute_with_funds(&ALICE, &receiver, dispatch(uncaught), 0).unwrap_err();
        assert_eq!(error.error, Error::<Test>::ContractFailed.into());
        assert_eq!(storage_root(), root);
        assert_eq!(Balances::balance(&CAROL), 0);

        let refused_reply = json!([submsg(3, bank_send(&CAROL, 100), "always", "fail")]);
        let error = execute_with_funds(&ALICE, &receiver, dispatch(refused_reply), 0).unwrap_err();
        assert_eq!(error.error, Error::<Test>::ContractFailed.into());
        assert_eq!(storage_root(), root);
    });
}

#[test]
fn the_pallets_own_storage_work_for_a_message_is_charged() {
    new_test_ext().execute_with(|| {
        let receiver = receiver();
        let code = upload(fixtures::CW_RECEIVER);
        let other = instantiate(code).input(bytes(&json!({}))).admin(receiver.clone()).salt(b"other").instantiated();
        let dispatched = |messages: Value| {
            let input = bytes(&dispatch(messages));
            let outcome =
                rolled_back(|| call(&receiver).input(input).build());
            assert_eq!(outcome.result, Ok(()), "{}", text(&outcome.return_data));
            outcome.gas_consumed
        };
        // The receiver runs alike (it reads and writes the same record); the
        // admin change adds what its benchmark says it reads to the proof.
        let nothing = dispatched(json!([]));
        let update = json!({"wasm": {"update_admin": {"contract_addr": human(&other), "admin": human(&BOB)}}});
        let clear = json!({"wasm": {"clear_admin": {"contract_addr": human(&other)}}});
        let weights = |weight: frame_support::weights::Weight| weight.proof_size();
        assert_eq!(
            dispatched(json!([submsg(1, update, "never", "")])).proof_size() - nothing.proof_size(),
            weights(<() as crate::WeightInfo>::update_admin())
        );
        assert_eq!(
            dispatched(json!([submsg(1, clear, "never", "")])).proof_size() - nothing.proof_size(),
            weights(<() as crate::WeightInfo>::clear_admin())
        );
    });
}

#[test]
fn migrating_to_the_code_a_contract_runs_keeps_its_reference_count_as_its_dry_run_predicts() {
    new_test_ext().execute_with(|| {
        let receiver = receiver();
        let code = H256(
            ContractInfoOf::<Test>::get(<[u8; 32]>::from(receiver.clone()))
                .unwrap()
                .code_hash,
        );
        let refcount = || crate::CodeInfoOf::<Test>::get(code).unwrap().refcount;
        assert_eq!(refcount(), 1);
        for note in ["v2", "v3"] {
            let msg = bytes(&json!({"note": note}));
            // The runtime API's dry run, then the transaction with its gas.
            let dry = migrate(&receiver, code).msg(&msg).dry_run();
            assert_eq!(dry.result, Ok(()));
            assert_ok!(migrate(&receiver, code)
                .msg(msg)
                .gas(dry.gas_required)
                .dispatch());
            assert_eq!(refcount(), 1);
        }
        assert_eq!(
            query(&receiver, json!({"record": {}}))["migrated"],
            json!("v3")
        );
    });
}

#[test]
fn migrate_and_admins() {
    new_test_ext().execute_with(|| {
        let receiver = receiver();
        let new_code = upload(fixtures::CW20_BASE);
        let receiver_code = H256(
            ContractInfoOf::<Test>::get(<[u8; 32]>::from(receiver.clone()))
                .unwrap()
                .code_hash,
        );
        // Only the admin may migrate; to code of another ABI never.
        let note = bytes(&json!({"note": "v2"}));
        let error = migrate(&receiver, receiver_code)
            .origin(BOB)
            .msg(&note)
            .dispatch()
            .unwrap_err();
        assert_eq!(error.error, Error::<Test>::NotAdmin.into());
        let native = upload(fixtures::COUNTER);
        let error = migrate(&receiver, native)
            .msg(&note)
            .dispatch()
            .unwrap_err();
        assert_eq!(error.error, Error::<Test>::NotCosmWasm.into());

        assert_ok!(migrate(&receiver, receiver_code).msg(&note).dispatch());
        assert_eq!(
            query(&receiver, json!({"record": {}}))["migrated"],
            json!("v2")
        );
        // cw20-base refuses a migration from another contract (its own rule, run for real).
        let outcome = migrate(&receiver, new_code).msg(bytes(&json!({}))).build();
        assert_eq!(outcome.result, Err(Error::<Test>::ContractFailed.into()));

        assert_ok!(WasmContracts::update_admin(
            RuntimeOrigin::signed(ALICE),
            receiver.clone(),
            BOB
        ));
        assert_eq!(
            query(
                &receiver,
                json!({"contract_info": {"contract": human(&receiver)}})
            )["admin"],
            json!(human(&BOB))
        );
        assert_eq!(
            WasmContracts::clear_admin(RuntimeOrigin::signed(ALICE), receiver.clone()),
            Err(Error::<Test>::NotAdmin.into())
        );
        assert_ok!(WasmContracts::clear_admin(
            RuntimeOrigin::signed(BOB),
            receiver.clone()
        ));
        assert_eq!(
            query(
                &receiver,
                json!({"contract_info": {"contract": human(&receiver)}})
            )["admin"],
            Value::Null
        );
    });
}

#[test]
fn a_contract_instantiates_another_by_code_id() {
    new_test_ext().execute_with(|| {
        let receiver = receiver();
        let code = upload(fixtures::CW20_BASE);
        let code_id = crate::CodeInfoOf::<Test>::get(code).unwrap().code_id;
        let instantiate = wasm_instantiate(code_id, &child_token("CHD"));
        execute(
            &ALICE,
            &receiver,
            dispatch(json!([submsg(9, instantiate, "success", "")])),
        );
        assert_eq!(
            query(&receiver, json!({"record": {}}))["replies"],
            json!([[9, "ok"]])
        );
        let child = System::events()
            .into_iter()
            .find_map(|record| match record.event {
                RuntimeEvent::WasmContracts(Event::Deployed {
                    deployer, contract, ..
                }) if deployer == receiver => Some(contract),
                _ => None,
            })
            .unwrap();
        assert_eq!(query(&child, json!({"token_info": {}}))["symbol"], "CHD");
    });
}

#[test]
fn funds_reach_the_contract_as_message_info() {
    new_test_ext().execute_with(|| {
        let code = upload(fixtures::CW_RECEIVER);
        let receiver = instantiate(code)
            .origin(BOB)
            .input(bytes(&json!({})))
            .value(250)
            .salt(b"funded")
            .instantiated();
        assert_eq!(Balances::balance(&receiver), ED + 250);
        assert_eq!(
            query(&receiver, json!({"record": {}}))["instantiated_by"],
            json!([human(&BOB), "250"])
        );
        assert_eq!(
            query(
                &receiver,
                json!({"balances": {"address": human(&receiver)}})
            ),
            json!([{"denom": DENOM, "amount": "250"}])
        );
    });
}

#[test]
fn an_instantiate_message_pays_for_the_contract_it_creates_before_creating_it() {
    new_test_ext().execute_with(|| {
        let receiver = receiver();
        let code = upload(fixtures::CW20_BASE);
        let code_id = crate::CodeInfoOf::<Test>::get(code).unwrap().code_id;
        let token_msg = child_token("CHD");
        // The child's own `instantiate`, run at the top level (no message).
        let alone = rolled_back(|| instantiate(code).input(bytes(&token_msg)).build())
            .gas_consumed
            .ref_time()
            / REF_TIME_PER_FUEL;
        let instantiate = wasm_instantiate(code_id, &token_msg);
        // Whether the message succeeds within a submessage cap of `fuel`.
        let fits = |fuel: u64| {
            let mut capped = submsg(9, instantiate.clone(), "always", "");
            capped["gas_limit"] = json!(fuel);
            rolled_back(|| {
                execute(&ALICE, &receiver, dispatch(json!([capped])));
                query(&receiver, json!({"record": {}}))["replies"][0][1] == json!("ok")
            })
        };
        let (mut low, mut high) = (0, 100 * alone);
        while high - low > 1 {
            let mid = (low + high) / 2;
            *(if fits(mid) { &mut high } else { &mut low }) = mid;
        }
        // The least cap that fits is the child's run plus the creation's
        // weight: charged in full, and before the child could run.
        let creation = crate::storage::create_contract_weight::<Test>();
        assert!(creation.ref_time() > 0);
        assert_eq!(
            high,
            alone + creation.ref_time().div_ceil(REF_TIME_PER_FUEL)
        );
    });
}
