//! CosmWasm through the pallet: unmodified cw20-base, cw721-base and
//! cw1-whitelist from crates.io, driven through the dispatchables and the
//! runtime API's dry runs, with `cw-receiver` on the other side of sends
//! and submessages.

use frame_support::assert_ok;
use frame_support::traits::fungible::Inspect;
use runtime_vm_fixtures as fixtures;
use runtime_vm_primitives::{Status, TrapKind};
use serde_json::{json, Value};
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
use sp_core::H256;
use sp_runtime::AccountId32;

use super::{rolled_back, storage_root, upload, GAS};
use crate::mock::*;
use crate::{CallOutcome, ContractInfoOf, Error, Event};

const CAROL: AccountId32 = AccountId32::new([0xCA; 32]);

/// The SS58 form a CosmWasm contract sees (the mock runtime's prefix, 42).
fn human(account: &AccountId32) -> String {
    account.to_ss58check_with_version(Ss58AddressFormat::custom(42))
}

fn bytes(msg: &Value) -> Vec<u8> {
    serde_json::to_vec(msg).unwrap()
}

fn base64(msg: &Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes(msg))
}

/// Instantiates `code_hash` as `sender` with `msg`, `funds` and `admin`; returns the contract.
fn instantiate(
    sender: &AccountId32,
    code_hash: H256,
    msg: Value,
    funds: u128,
    admin: Option<AccountId32>,
    salt: &[u8],
) -> AccountId32 {
    assert_ok!(WasmContracts::instantiate(
        RuntimeOrigin::signed(sender.clone()),
        code_hash,
        bytes(&msg),
        funds,
        GAS,
        salt.to_vec(),
        admin,
        b"a label".to_vec()
    ));
    WasmContracts::contract_address(sender, &code_hash, salt)
}

fn execute(sender: &AccountId32, contract: &AccountId32, msg: Value) -> CallOutcome {
    let outcome = WasmContracts::bare_call(sender.clone(), contract.clone(), bytes(&msg), 0, GAS);
    assert_eq!(outcome.result, Ok(()), "{}", text(&outcome.return_data));
    outcome
}

fn execute_with_funds(
    sender: &AccountId32,
    contract: &AccountId32,
    msg: Value,
    funds: u128,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
    WasmContracts::call(
        RuntimeOrigin::signed(sender.clone()),
        contract.clone(),
        bytes(&msg),
        funds,
        GAS,
    )
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A smart query through the runtime API's path.
fn query(contract: &AccountId32, msg: Value) -> Value {
    let outcome = WasmContracts::bare_query(contract.clone(), bytes(&msg), None);
    assert_eq!(outcome.result, Ok(()), "{}", text(&outcome.return_data));
    serde_json::from_slice(&outcome.return_data).unwrap()
}

/// A deposited `WasmEvent`: contract, type, attributes.
type WasmEvent = (AccountId32, String, Vec<(String, String)>);

/// The `wasm*` events deposited so far.
fn wasm_events() -> Vec<WasmEvent> {
    System::events()
        .into_iter()
        .filter_map(|record| match record.event {
            RuntimeEvent::WasmContracts(Event::WasmEvent {
                contract,
                ty,
                attributes,
            }) => Some((
                contract,
                text(&ty),
                attributes
                    .into_iter()
                    .map(|(k, v)| (text(&k), text(&v)))
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

fn token(initial: &[(&AccountId32, u128)]) -> AccountId32 {
    let code = upload(fixtures::CW20_BASE);
    let balances: Vec<Value> = initial
        .iter()
        .map(|(who, amount)| json!({"address": human(who), "amount": amount.to_string()}))
        .collect();
    instantiate(
        &ALICE,
        code,
        json!({
            "name": "Test Token", "symbol": "TST", "decimals": 6,
            "initial_balances": balances,
            "mint": {"minter": human(&ALICE), "cap": "1000000"}
        }),
        0,
        None,
        b"token",
    )
}

fn balance(token: &AccountId32, who: &AccountId32) -> String {
    query(token, json!({"balance": {"address": human(who)}}))["balance"]
        .as_str()
        .unwrap()
        .to_string()
}

fn receiver() -> AccountId32 {
    let code = upload(fixtures::CW_RECEIVER);
    instantiate(&ALICE, code, json!({}), 0, Some(ALICE), b"receiver")
}

// ---- cw20-base -------------------------------------------------------------

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

        let outcome = WasmContracts::bare_call(
            BOB,
            token.clone(),
            bytes(&json!({"mint": {"recipient": human(&BOB), "amount": "1"}})),
            0,
            GAS,
        );
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

        let too_much = WasmContracts::bare_call(
            BOB,
            token.clone(),
            bytes(&json!({"transfer_from": {"owner": human(&ALICE), "recipient": human(&BOB), "amount": "51"}})),
            0,
            GAS,
        );
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
        let dry =
            rolled_back(|| WasmContracts::bare_call(ALICE, token.clone(), bytes(&msg), 0, GAS));
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

// ---- cw721-base ------------------------------------------------------------

fn nft_collection() -> AccountId32 {
    let code = upload(fixtures::CW721_BASE);
    instantiate(
        &ALICE,
        code,
        json!({"name": "Pictures", "symbol": "PIC", "minter": human(&ALICE)}),
        0,
        None,
        b"nft",
    )
}

fn mint(nft: &AccountId32, token_id: &str, owner: &AccountId32) {
    execute(
        &ALICE,
        nft,
        json!({"mint": {"token_id": token_id, "owner": human(owner)}}),
    );
}

fn owner_of(nft: &AccountId32, token_id: &str) -> Value {
    query(nft, json!({"owner_of": {"token_id": token_id}}))
}

#[test]
fn cw721_mint_transfer_and_owner_of() {
    new_test_ext().execute_with(|| {
        let nft = nft_collection();
        mint(&nft, "picture-1", &ALICE);
        assert_eq!(
            owner_of(&nft, "picture-1"),
            json!({"owner": human(&ALICE), "approvals": []})
        );
        execute(
            &ALICE,
            &nft,
            json!({"transfer_nft": {"recipient": human(&BOB), "token_id": "picture-1"}}),
        );
        assert_eq!(owner_of(&nft, "picture-1")["owner"], human(&BOB));
        // Alice no longer owns it.
        let outcome = WasmContracts::bare_call(
            ALICE,
            nft.clone(),
            bytes(&json!({"transfer_nft": {"recipient": human(&ALICE), "token_id": "picture-1"}})),
            0,
            GAS,
        );
        assert_eq!(outcome.result, Err(Error::<Test>::ContractFailed.into()));
        assert_eq!(query(&nft, json!({"num_tokens": {}})), json!({"count": 1}));
    });
}

#[test]
fn cw721_approve_revoke_and_send() {
    new_test_ext().execute_with(|| {
        let nft = nft_collection();
        let receiver = receiver();
        mint(&nft, "t1", &ALICE);
        execute(
            &ALICE,
            &nft,
            json!({"approve": {"spender": human(&BOB), "token_id": "t1"}}),
        );
        assert_eq!(
            owner_of(&nft, "t1")["approvals"],
            json!([{"spender": human(&BOB), "expires": {"never": {}}}])
        );
        execute(
            &ALICE,
            &nft,
            json!({"revoke": {"spender": human(&BOB), "token_id": "t1"}}),
        );
        assert_eq!(owner_of(&nft, "t1")["approvals"], json!([]));
        execute(
            &ALICE,
            &nft,
            json!({"approve": {"spender": human(&BOB), "token_id": "t1"}}),
        );
        // Bob, approved, sends Alice's token to the receiving contract.
        let hook = json!({"why": "gift"});
        execute(
            &BOB,
            &nft,
            json!({"send_nft": {"contract": human(&receiver), "token_id": "t1", "msg": base64(&hook)}}),
        );
        assert_eq!(owner_of(&nft, "t1")["owner"], human(&receiver));
        assert_eq!(
            query(&receiver, json!({"record": {}}))["nfts"],
            json!([[human(&nft), human(&BOB), "t1", base64(&hook)]])
        );
    });
}

#[test]
fn cw721_tokens_page_in_key_order() {
    new_test_ext().execute_with(|| {
        let nft = nft_collection();
        for id in ["delta", "alpha", "echo", "charlie", "bravo"] {
            mint(&nft, id, &BOB);
        }
        mint(&nft, "zulu", &ALICE);
        let tokens = |start_after: Option<&str>| {
            let mut msg = json!({"tokens": {"owner": human(&BOB), "limit": 3}});
            if let Some(start) = start_after {
                msg["tokens"]["start_after"] = json!(start);
            }
            query(&nft, msg)["tokens"].clone()
        };
        assert_eq!(tokens(None), json!(["alpha", "bravo", "charlie"]));
        assert_eq!(tokens(Some("charlie")), json!(["delta", "echo"]));
        assert_eq!(
            query(&nft, json!({"all_tokens": {"start_after": "delta"}}))["tokens"],
            json!(["echo", "zulu"])
        );
        assert_eq!(query(&nft, json!({"num_tokens": {}})), json!({"count": 6}));
    });
}

// ---- cw1-whitelist ---------------------------------------------------------

fn whitelist(mutable: bool, funds: u128) -> AccountId32 {
    let code = upload(fixtures::CW1_WHITELIST);
    instantiate(
        &ALICE,
        code,
        json!({"admins": [human(&ALICE), human(&BOB)], "mutable": mutable}),
        funds,
        None,
        b"whitelist",
    )
}

fn bank_send(to: &AccountId32, amount: u128) -> Value {
    json!({"bank": {"send": {"to_address": human(to), "amount": [{"denom": DENOM, "amount": amount.to_string()}]}}})
}

#[test]
fn cw1_admins_send_the_contracts_funds_and_others_are_refused() {
    new_test_ext().execute_with(|| {
        let wallet = whitelist(true, 1_000);
        assert_eq!(Balances::balance(&wallet), 1_000);
        let carol_before = Balances::balance(&CAROL);
        execute(
            &BOB,
            &wallet,
            json!({"execute": {"msgs": [bank_send(&CAROL, 300)]}}),
        );
        assert_eq!(Balances::balance(&wallet), 700);
        assert_eq!(Balances::balance(&CAROL), carol_before + 300);

        let root = storage_root();
        let refused = WasmContracts::call(
            RuntimeOrigin::signed(CAROL),
            wallet.clone(),
            bytes(&json!({"execute": {"msgs": [bank_send(&CAROL, 1)]}})),
            0,
            GAS,
        )
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
        execute(
            &ALICE,
            &wallet,
            json!({"update_admins": {"admins": [human(&CAROL)]}}),
        );
        assert_eq!(
            query(&wallet, json!({"admin_list": {}})),
            json!({"admins": [human(&CAROL)], "mutable": true})
        );
        let outcome = WasmContracts::bare_call(
            ALICE,
            wallet.clone(),
            bytes(&json!({"execute": {"msgs": [bank_send(&ALICE, 1)]}})),
            0,
            GAS,
        );
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
        let frozen = WasmContracts::bare_call(
            CAROL,
            wallet.clone(),
            bytes(&json!({"update_admins": {"admins": [human(&ALICE)]}})),
            0,
            GAS,
        );
        assert_eq!(frozen.result, Err(Error::<Test>::ContractFailed.into()));
    });
}

#[test]
fn unsupported_messages_fail_by_name() {
    new_test_ext().execute_with(|| {
        let wallet = whitelist(true, 100);
        let staking = json!({"staking": {"delegate": {"validator": "v", "amount": {"denom": DENOM, "amount": "1"}}}});
        let outcome = rolled_back(|| {
            WasmContracts::bare_call(
                ALICE,
                wallet.clone(),
                bytes(&json!({"execute": {"msgs": [staking]}})),
                0,
                GAS,
            )
        });
        assert_eq!(outcome.result, Err(Error::<Test>::UnsupportedMessage.into()));
        assert_eq!(
            text(&outcome.return_data),
            "staking messages are not supported by this chain"
        );
    });
}

// ---- submessages, replies, migrate and admins --------------------------------

fn dispatch(messages: Value) -> Value {
    json!({"dispatch": {"messages": messages}})
}

fn submsg(id: u64, msg: Value, reply_on: &str, payload: &str) -> Value {
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
        let other = instantiate(
            &ALICE,
            upload(fixtures::CW_RECEIVER),
            json!({}),
            0,
            None,
            b"other",
        );
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
        let other = instantiate(&ALICE, code, json!({}), 0, Some(receiver.clone()), b"other");
        let dispatched = |messages: Value| {
            let input = bytes(&dispatch(messages));
            let outcome =
                rolled_back(|| WasmContracts::bare_call(ALICE, receiver.clone(), input, 0, GAS));
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
            let dry = rolled_back(|| {
                WasmContracts::dry_run_migrate(ALICE, receiver.clone(), code, None, msg.clone())
            });
            assert_eq!(dry.result, Ok(()));
            assert_ok!(WasmContracts::migrate(
                RuntimeOrigin::signed(ALICE),
                receiver.clone(),
                code,
                msg,
                dry.gas_required
            ));
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
        let error = WasmContracts::migrate(
            RuntimeOrigin::signed(BOB),
            receiver.clone(),
            receiver_code,
            bytes(&json!({"note": "v2"})),
            GAS,
        )
        .unwrap_err();
        assert_eq!(error.error, Error::<Test>::NotAdmin.into());
        let native = upload(fixtures::COUNTER);
        let error = WasmContracts::migrate(
            RuntimeOrigin::signed(ALICE),
            receiver.clone(),
            native,
            bytes(&json!({"note": "v2"})),
            GAS,
        )
        .unwrap_err();
        assert_eq!(error.error, Error::<Test>::NotCosmWasm.into());

        assert_ok!(WasmContracts::migrate(
            RuntimeOrigin::signed(ALICE),
            receiver.clone(),
            receiver_code,
            bytes(&json!({"note": "v2"})),
            GAS
        ));
        assert_eq!(
            query(&receiver, json!({"record": {}}))["migrated"],
            json!("v2")
        );
        // cw20-base refuses a migration from another contract (its own rule, run for real).
        let outcome =
            WasmContracts::bare_migrate(ALICE, receiver.clone(), new_code, bytes(&json!({})), GAS);
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
        let token_msg =
            json!({"name": "Child", "symbol": "CHD", "decimals": 0, "initial_balances": []});
        let instantiate = json!({"wasm": {"instantiate": {
            "admin": null, "code_id": code_id, "msg": base64(&token_msg),
            "funds": [], "label": "child"}}});
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

// ---- gas -------------------------------------------------------------------

#[test]
fn a_dry_runs_gas_suffices_in_the_next_block_at_any_index_and_fails_there_alike() {
    new_test_ext().execute_with(|| {
        let token = token(&[(&ALICE, 1_000)]);
        let transfer = bytes(&json!({"transfer": {"recipient": human(&BOB), "amount": "1"}}));
        let too_much = bytes(&json!({"transfer": {"recipient": human(&ALICE), "amount": "2"}}));
        // The dry run sees block 99; the transaction lands in block 100, whose
        // height has one more digit, at whatever index its block gives it.
        System::set_block_number(99);
        let dry = rolled_back(|| {
            WasmContracts::dry_run_call(ALICE, token.clone(), 0, None, transfer.clone())
        });
        let dry_failing = rolled_back(|| {
            WasmContracts::dry_run_call(BOB, token.clone(), 0, None, too_much.clone())
        });
        assert_eq!(dry.result, Ok(()));
        assert_eq!(
            dry_failing.result,
            Err(Error::<Test>::ContractFailed.into())
        );
        System::set_block_number(100);
        let mut consumed = Vec::new();
        for index in [1, 2, 9, 10, 99, 100, 4_321, 65_536, 1_000_000] {
            System::set_extrinsic_index(index);
            let real = rolled_back(|| {
                WasmContracts::bare_call(
                    ALICE,
                    token.clone(),
                    transfer.clone(),
                    0,
                    dry.gas_required,
                )
            });
            assert_eq!(
                real.result,
                Ok(()),
                "index {index}: {}",
                text(&real.return_data)
            );
            consumed.push(real.gas_consumed.ref_time());
            let failing = rolled_back(|| {
                WasmContracts::bare_call(
                    BOB,
                    token.clone(),
                    too_much.clone(),
                    0,
                    dry_failing.gas_required,
                )
            });
            assert_eq!(
                (failing.result, text(&failing.return_data)),
                (dry_failing.result, text(&dry_failing.return_data)),
                "index {index}"
            );
        }
        // The index's length changes the fuel; the dry run covered the dearest.
        assert!(consumed.iter().any(|fuel| *fuel != consumed[0]));
        assert_eq!(consumed.iter().max(), Some(&dry.gas_required.ref_time()));
        assert_eq!(dry.gas_required.proof_size(), dry.gas_consumed.proof_size());
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            token,
            transfer,
            0,
            dry.gas_required
        ));
    });
}

#[test]
fn gas_is_charged_exactly_and_running_out_is_clean() {
    new_test_ext().execute_with(|| {
        let token = token(&[(&ALICE, 1_000), (&BOB, 1)]);
        let msg = bytes(&json!({"transfer": {"recipient": human(&BOB), "amount": "1"}}));
        let first =
            rolled_back(|| WasmContracts::bare_call(ALICE, token.clone(), msg.clone(), 0, GAS));
        let second =
            rolled_back(|| WasmContracts::bare_call(ALICE, token.clone(), msg.clone(), 0, GAS));
        assert_eq!(first.result, Ok(()));
        assert!(first.gas_consumed.ref_time() > 0);
        assert_eq!(first.gas_consumed, second.gas_consumed);
        assert_eq!(first.gas_required, first.gas_consumed);

        let root = storage_root();
        let short = first
            .gas_consumed
            .saturating_sub(frame_support::weights::Weight::from_parts(
                REF_TIME_PER_FUEL,
                0,
            ));
        let error = WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            token.clone(),
            msg.clone(),
            0,
            short,
        )
        .unwrap_err();
        assert_eq!(error.error, Error::<Test>::OutOfGas.into());
        assert_eq!(storage_root(), root);
        let starved =
            rolled_back(|| WasmContracts::bare_call(ALICE, token.clone(), msg.clone(), 0, short));
        assert_eq!(starved.status, Some(Status::Trap(TrapKind::OutOfGas)));
        assert_ok!(WasmContracts::call(
            RuntimeOrigin::signed(ALICE),
            token,
            msg,
            0,
            first.gas_consumed
        ));
    });
}

#[test]
fn funds_reach_the_contract_as_message_info() {
    new_test_ext().execute_with(|| {
        let code = upload(fixtures::CW_RECEIVER);
        let receiver = instantiate(&BOB, code, json!({}), 250, None, b"funded");
        assert_eq!(Balances::balance(&receiver), 250);
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
