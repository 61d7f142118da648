//! ink! 5 contracts built by cargo-contract, through the pallet's
//! extrinsics and dry runs: a token's transfers with their events and
//! topics, an error that reverts, storage paid by deposits, value sent to a
//! payable message, dry-run gas that suffices on chain.

use codec::Decode;
use runtime_vm_fixtures::InkMetadata;

use super::deposit::storage_of;
use super::*;

/// Someone with no tokens.
const CAROL: AccountId32 = AccountId32::new([0xCA; 32]);

/// Deploys ink!'s erc20 with a supply of `supply` to Alice.
fn erc20(supply: u128) -> (AccountId32, InkMetadata) {
    let metadata = InkMetadata::of("ink_erc20");
    let token = deploy(
        fixtures::INK_ERC20,
        &metadata.constructor("new", &supply.encode()),
    );
    (token, metadata)
}

/// The `Ok` value of an ink! message's `MessageResult`.
pub(super) fn message_ok<R: Decode>(data: &[u8]) -> R {
    match Result::<R, u8>::decode(&mut &data[..]).expect("a MessageResult") {
        Ok(value) => value,
        Err(lang_error) => panic!("ink! LangError {lang_error}"),
    }
}

fn balance_of(token: &AccountId32, metadata: &InkMetadata, who: &AccountId32) -> u128 {
    let query = metadata.message("balance_of", &raw(who).encode());
    message_ok(&dry_call(ALICE, token, &query).return_data)
}

#[test]
fn an_ink_contract_is_stored_with_its_abi_and_deployed_by_its_constructor() {
    new_test_ext().execute_with(|| {
        let (token, metadata) = erc20(1_000);
        let info = ContractInfoOf::<Test>::get(raw(&token)).unwrap();
        assert_eq!(
            CodeInfoOf::<Test>::get(H256(info.code_hash)).unwrap().abi,
            Abi::Ink
        );
        assert_eq!(balance_of(&token, &metadata, &ALICE), 1_000);
        // What it stores is paid for by deposits.
        let (bytes, items, deposit) = storage_of(&token);
        assert!(bytes > 0 && items >= 2, "{bytes} bytes, {items} items");
        assert!(deposit > 0);
    });
}

#[test]
fn ink_events_reach_the_chain_with_their_topics() {
    new_test_ext().execute_with(|| {
        let (token, metadata) = erc20(1_000);
        System::reset_events();
        let transfer = metadata.message("transfer", &(raw(&BOB), 250u128).encode());
        assert_ok!(call(&token).input(&transfer).dispatch());
        // ink! 5: the signature topic, then each `#[ink(topic)]` field's
        // value (of an `Option<AccountId>`, the account).
        let account_topic = |who: &AccountId32| H256(raw(who));
        assert_eq!(
            pallet_events(),
            [
                Event::ContractEmitted {
                    contract: token.clone(),
                    topics: vec![
                        H256(metadata.event_topic("Transfer")),
                        account_topic(&ALICE),
                        account_topic(&BOB)
                    ],
                    data: (Some(raw(&ALICE)), Some(raw(&BOB)), 250u128).encode(),
                },
                Event::Called {
                    caller: ALICE,
                    contract: token.clone(),
                    success: true
                },
            ]
        );
        assert_eq!(balance_of(&token, &metadata, &BOB), 250);
    });
}

#[test]
fn an_ink_error_reverts_with_no_storage_change_and_its_data_in_the_dry_run() {
    new_test_ext().execute_with(|| {
        let (token, metadata) = erc20(1_000);
        let overdraw = metadata.message("transfer", &(raw(&ALICE), 1u128).encode());
        assert_fails(
            || call(&token).origin(BOB).input(&overdraw).dispatch(),
            Error::<Test>::ContractReverted,
        );
        let dry = dry_call(BOB, &token, &overdraw);
        assert_eq!(dry.status, Some(Status::Revert(1)));
        assert_eq!(
            message_ok::<Result<(), u8>>(&dry.return_data),
            Err(0),
            "Error::InsufficientBalance"
        );
    });
}

#[test]
fn an_ink_call_with_its_dry_run_gas_succeeds_and_pays_its_deposit() {
    new_test_ext().execute_with(|| {
        let (token, metadata) = erc20(1_000);
        let transfer = metadata.message("transfer", &(raw(&CAROL), 10u128).encode());
        let dry = dry_call(ALICE, &token, &transfer);
        assert_eq!(dry.result, Ok(()));
        let crate::StorageDeposit::Charge(deposit) = dry.storage_deposit else {
            panic!("a new balance entry is charged: {:?}", dry.storage_deposit)
        };
        let (_, _, before) = storage_of(&token);
        assert_ok!(call(&token)
            .input(&transfer)
            .gas(dry.gas_required)
            .storage_deposit_limit(deposit)
            .dispatch());
        let (_, _, after) = storage_of(&token);
        assert_eq!(after - before, deposit);
        assert_eq!(balance_of(&token, &metadata, &CAROL), 10);
    });
}

#[test]
fn value_sent_to_a_payable_ink_message_moves_and_an_unpayable_one_traps() {
    new_test_ext().execute_with(|| {
        let metadata = InkMetadata::of("ink_incrementer");
        let counter = deploy(
            fixtures::INK_INCREMENTER,
            &metadata.constructor("new", &0i32.encode()),
        );
        let before = Balances::balance(&counter);
        let deposit = metadata.message("deposit", &[]);
        assert_ok!(call(&counter).input(&deposit).value(300).dispatch());
        assert_eq!(Balances::balance(&counter), before + 300);
        let funds = metadata.message("funds", &[]);
        // A contract's balance, as pallet-contracts reports it: what it can
        // spend, its existential deposit kept.
        assert_eq!(
            message_ok::<(u128, u128)>(&dry_call(ALICE, &counter, &funds).return_data),
            (300, before + 300 - ED)
        );

        let inc = metadata.message("inc", &1i32.encode());
        assert_fails(
            || call(&counter).input(&inc).value(1).dispatch(),
            Error::<Test>::ContractTrapped(TrapCode::Unreachable),
        );
    });
}

#[test]
fn a_delegate_call_runs_uploaded_code_on_the_contracts_storage() {
    new_test_ext().execute_with(|| {
        let logic = upload(fixtures::INK_DELEGATEE);
        let metadata = InkMetadata::of("ink_delegator");
        let delegator = deploy(
            fixtures::INK_DELEGATOR,
            &metadata.constructor("new", &logic.0.encode()),
        );
        let inc = metadata.message("inc", &5i32.encode());
        assert_ok!(call(&delegator).origin(BOB).input(&inc).dispatch());
        let get = metadata.message("get", &[]);
        assert_eq!(
            message_ok::<(i32, Option<[u8; 32]>)>(&dry_call(ALICE, &delegator, &get).return_data),
            (5, Some(raw(&BOB)))
        );
        // Logic that is not stored cannot be locked: the constructor traps
        // and nothing is created.
        let orphan = instantiate(H256(sp_io::hashing::blake2_256(fixtures::INK_DELEGATOR)))
            .input(metadata.constructor("new", &[7u8; 32].encode()))
            .salt(b"orphan");
        assert_fails(
            || orphan.dispatch(),
            Error::<Test>::ContractTrapped(TrapCode::DelegateDependencyRefused),
        );
    });
}
