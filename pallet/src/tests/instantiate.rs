//! Instantiating: addresses, `deploy`, and what refuses it.

use super::*;

#[test]
fn instantiate_derives_the_address_and_runs_deploy() {
    new_test_ext().execute_with(|| {
        let hash = upload(fixtures::COUNTER);
        assert_ok!(instantiate(hash)
            .input(7u64.to_le_bytes())
            .salt(b"one")
            .dispatch());
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
            || instantiate(hash).salt(b"one").dispatch(),
            Error::<Test>::ContractAlreadyExists,
        );
        assert_ok!(instantiate(hash).salt(b"two").dispatch());
        assert_ne!(
            WasmContracts::contract_address(&ALICE, &hash, b"two"),
            contract
        );
        assert_fails(
            || instantiate(H256::repeat_byte(9)).dispatch(),
            Error::<Test>::CodeNotFound,
        );
    });
}
