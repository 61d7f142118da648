//! Versions of the VM's semantics: the runtime names one in every request;
//! an upgrade to another changes what contracts pay from its first block;
//! a node that does not implement the runtime's version stops the block.

use frame_support::traits::OnRuntimeUpgrade;
use runtime_vm_hostile::roundings;

use super::*;

/// A version no node implements (the panics below name it).
const UNKNOWN: u32 = u32::MAX;

/// How often the contract rounds a float: 20 fuel each in version 1, 8 in 2.
const ROUNDINGS: u32 = 1_000;

/// The fuel one call of `contract` uses, as its dry run reports it.
fn fuel_of_a_call(contract: &AccountId32) -> u64 {
    let outcome = dry_call(ALICE, contract, &[]);
    assert_eq!(outcome.result, Ok(()));
    outcome.gas_consumed.ref_time() / REF_TIME_PER_FUEL
}

#[test]
fn an_upgrade_to_version_2_prices_contracts_by_it_from_its_first_block() {
    SemanticsVersion::set(1);
    new_test_ext().execute_with(|| {
        let contract = deploy(&roundings(ROUNDINGS), &[]);
        let under_1 = call(&contract).dispatch().unwrap().actual_weight.unwrap();
        assert_eq!(fuel_of_a_call(&contract), fuel_of_a_call(&contract));
        let fuel_under_1 = fuel_of_a_call(&contract);

        // The runtime upgrade: the new runtime names version 2.
        SemanticsVersion::set(2);
        AllPalletsWithSystem::on_runtime_upgrade();

        let under_2 = call(&contract).dispatch().unwrap().actual_weight.unwrap();
        let saved = u64::from(ROUNDINGS) * (20 - 8);
        assert_eq!(fuel_of_a_call(&contract), fuel_under_1 - saved);
        assert_eq!(
            under_1.ref_time() - under_2.ref_time(),
            saved * REF_TIME_PER_FUEL
        );
    });
}

#[test]
#[should_panic(expected = "does not implement version 4294967295 of the VM's semantics")]
fn a_runtime_naming_a_version_the_node_does_not_implement_stops_its_first_block() {
    new_test_ext().execute_with(|| {
        SemanticsVersion::set(UNKNOWN);
        AllPalletsWithSystem::on_runtime_upgrade();
    });
}

#[test]
#[should_panic(expected = "does not implement version 4294967295 of the VM's semantics")]
fn an_upload_under_a_version_the_node_does_not_implement_stops_the_block() {
    new_test_ext().execute_with(|| {
        SemanticsVersion::set(UNKNOWN);
        upload(&roundings(1));
    });
}

#[test]
#[should_panic(expected = "does not implement version 4294967295 of the VM's semantics")]
fn a_call_under_a_version_the_node_does_not_implement_stops_the_block() {
    new_test_ext().execute_with(|| {
        let contract = deploy(&roundings(1), &[]);
        SemanticsVersion::set(UNKNOWN);
        let _ = call(&contract).dispatch();
    });
}
