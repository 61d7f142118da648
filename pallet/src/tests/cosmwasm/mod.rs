//! CosmWasm through the pallet: unmodified cw20-base, cw721-base and
//! cw1-whitelist from crates.io, driven through the dispatchables and the
//! runtime API's dry runs, with `cw-receiver` on the other side of sends
//! and submessages.

mod cw1;
mod cw20;
mod cw721;
mod deposit;
mod gas;
mod genesis;
mod messages;
mod std3;

use frame_support::assert_ok;
use frame_support::traits::fungible::Inspect;
use runtime_vm_fixtures as fixtures;
use runtime_vm_primitives::{Status, TrapKind};
use serde_json::{json, Value};
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
use sp_core::H256;
use sp_runtime::AccountId32;

use super::builder::{call, instantiate, migrate};
use super::{raw, rolled_back, storage_root, upload};
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

fn execute(sender: &AccountId32, contract: &AccountId32, msg: Value) -> CallOutcome {
    let outcome = call(contract)
        .origin(sender.clone())
        .input(bytes(&msg))
        .build();
    assert_eq!(outcome.result, Ok(()), "{}", text(&outcome.return_data));
    outcome
}

fn execute_with_funds(
    sender: &AccountId32,
    contract: &AccountId32,
    msg: Value,
    funds: u128,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
    call(contract)
        .origin(sender.clone())
        .input(bytes(&msg))
        .value(funds)
        .dispatch()
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
    instantiate(code)
        .input(bytes(&json!({
            "name": "Test Token", "symbol": "TST", "decimals": 6,
            "initial_balances": balances,
            "mint": {"minter": human(&ALICE), "cap": "1000000"}
        })))
        .salt(b"token")
        .label(b"a label")
        .instantiated()
}

fn balance(token: &AccountId32, who: &AccountId32) -> String {
    query(token, json!({"balance": {"address": human(who)}}))["balance"]
        .as_str()
        .unwrap()
        .to_string()
}

fn receiver() -> AccountId32 {
    let code = upload(fixtures::CW_RECEIVER);
    instantiate(code)
        .input(bytes(&json!({})))
        .admin(ALICE)
        .salt(b"receiver")
        .instantiated()
}

/// cw20-base's `instantiate` message for a token `symbol` with no balances.
fn child_token(symbol: &str) -> Value {
    json!({"name": "Child", "symbol": symbol, "decimals": 0, "initial_balances": []})
}

/// A `WasmMsg::Instantiate` of code `code_id` with `msg`, no admin or funds.
fn wasm_instantiate(code_id: u64, msg: &Value) -> Value {
    json!({"wasm": {"instantiate": {
        "admin": null, "code_id": code_id, "msg": base64(msg), "funds": [], "label": "child"}}})
}

/// A `BankMsg::Send` of `amount` of the native denom to `to`.
fn bank_send(to: &AccountId32, amount: u128) -> Value {
    json!({"bank": {"send": {"to_address": human(to), "amount": [{"denom": DENOM, "amount": amount.to_string()}]}}})
}
