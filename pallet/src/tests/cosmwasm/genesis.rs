//! Genesis code and contracts (`genesis.rs`): a cw20 token at a named
//! address and a native counter at its derived one are in the chain's first
//! state, paid for and running; a genesis contract that fails refuses the
//! chain spec, naming it.

use sp_core::Bytes;

use super::*;
use crate::mock::new_test_ext_with;
use crate::tests::deposit::{code_price, contract_price, held, price};
use crate::tests::token_op;
use crate::{CodeIdOf, CodeInfoOf, GenesisCode, GenesisConfig, GenesisContract, HoldReason};

/// Where the genesis token lives: an address its chain spec names.
const TOKEN: AccountId32 = AccountId32::new([0x70; 32]);

fn cw20_hash() -> H256 {
    sp_io::hashing::blake2_256(fixtures::CW20_BASE).into()
}

fn genesis() -> GenesisConfig<Test> {
    let token = json!({
        "name": "Genesis Token", "symbol": "GEN", "decimals": 6,
        "initial_balances": [{"address": human(&BOB), "amount": "700"}],
        "mint": {"minter": human(&ALICE)}
    });
    let contract = |deployer: AccountId32, code_hash, address, input: Vec<u8>| GenesisContract {
        deployer,
        code_hash,
        address,
        input: Bytes(input),
        value: 0,
        salt: Bytes(b"genesis".to_vec()),
        admin: Some(ALICE),
        label: Bytes(b"genesis token".to_vec()),
    };
    GenesisConfig {
        code: vec![
            GenesisCode {
                owner: ALICE,
                code: Bytes(fixtures::CW20_BASE.to_vec()),
            },
            GenesisCode {
                owner: BOB,
                code: Bytes(fixtures::COUNTER.to_vec()),
            },
        ],
        contracts: vec![
            contract(ALICE, cw20_hash(), Some(TOKEN), bytes(&token)),
            contract(
                BOB,
                sp_io::hashing::blake2_256(fixtures::COUNTER).into(),
                None,
                vec![],
            ),
        ],
    }
}

#[test]
fn genesis_code_and_contracts_are_stored_paid_for_and_run() {
    new_test_ext_with(genesis()).execute_with(|| {
        // The code, by id, its deposit held on its owner.
        assert_eq!(CodeIdOf::<Test>::get(1), Some(cw20_hash()));
        assert_eq!(CodeInfoOf::<Test>::get(cw20_hash()).unwrap().owner, ALICE);

        // The token, at its named address, with its balances and minter.
        assert_eq!(balance(&TOKEN, &BOB), "700");
        assert_eq!(
            query(&TOKEN, json!({"minter": {}}))["minter"],
            json!(human(&ALICE))
        );
        let info = ContractInfoOf::<Test>::get(raw(&TOKEN)).unwrap();
        assert_eq!(info.label.to_vec(), b"genesis token");
        assert_eq!(info.admin, Some(raw(&ALICE)));
        assert_eq!(
            held(&TOKEN, HoldReason::StorageDepositReserve),
            info.deposit()
        );
        let token_storage = price(info.storage_items, info.storage_bytes);
        assert_eq!(
            held(&ALICE, HoldReason::CodeUploadDepositReserve),
            code_price(fixtures::CW20_BASE.len())
        );
        assert_eq!(
            Balances::balance(&ALICE),
            INITIAL_BALANCE
                - code_price(fixtures::CW20_BASE.len())
                - contract_price()
                - token_storage
        );

        // The counter, at the address `instantiate` derives.
        let counter = WasmContracts::contract_address(
            &BOB,
            &sp_io::hashing::blake2_256(fixtures::COUNTER).into(),
            b"genesis",
        );
        assert!(ContractInfoOf::<Test>::contains_key(raw(&counter)));

        // Both run in the chain's first blocks.
        let sent = execute(
            &BOB,
            &TOKEN,
            json!({"transfer": {"recipient": human(&CAROL), "amount": "200"}}),
        );
        assert_ok!(sent.result);
        assert_eq!(balance(&TOKEN, &CAROL), "200");
        assert_ok!(call(&counter).input(token_op(0, &[])).dispatch());
    });
}

#[test]
#[should_panic(
    expected = "genesis contract 7070707070707070707070707070707070707070707070707070707070707070 (5Ec8d1ZA...): Module"
)]
fn a_genesis_contract_that_fails_refuses_the_chain_spec() {
    let mut genesis = genesis();
    // cw20 refuses a token without a name.
    genesis.contracts[0].input = Bytes(bytes(&json!({"symbol": "GEN"})));
    new_test_ext_with(genesis);
}
