//! The benchmarks' contracts are what the calibration assumes.

use super::*;

fn fuel_of(contract: &AccountId32, iterations: u32) -> u64 {
    dry_call(ALICE, contract, &iterations.to_le_bytes())
        .gas_consumed
        .ref_time()
        / REF_TIME_PER_FUEL
}

#[test]
fn fuel_per_iteration_is_what_the_calibration_assumes() {
    use crate::benchmark_contracts as contracts;
    new_test_ext().execute_with(|| {
        let looping = deploy(&contracts::looping(&[], &[]), &[]);
        let per_iteration = (fuel_of(&looping, 2_000) - fuel_of(&looping, 1_000)) / 1_000;
        assert_eq!(per_iteration, crate::benchmarking::FUEL_PER_ITERATION);
    });
}

#[test]
fn the_upload_benchmarks_code_is_as_long_as_asked_and_as_costly_as_its_length_allows() {
    use crate::benchmark_contracts::sized;
    use crate::benchmarking::{CONTRACT_OVERHEAD, MAX_CODE, MAX_FILLER};
    new_test_ext().execute_with(|| {
        let limits = VmLimits::get();
        for len in [0, 10_000, 100_000, MAX_FILLER] {
            let code = sized(len, &limits, b"nonce");
            assert!((len..len + CONTRACT_OVERHEAD).contains(&(code.len() as u32)));
            // Accepted, and within one table function of its budget when it
            // is large enough for the allowance not to dominate.
            let cost = runtime_vm::validate(&code, &limits, runtime_vm::Semantics::LATEST)
                .unwrap()
                .usage
                .compile_cost;
            let max = limits.code.max_compile_cost(code.len() as u32);
            assert!(len < 100_000 || cost * 100 >= max * 99, "{cost} of {max}");
        }
        let largest = sized(MAX_FILLER, &limits, b"nonce");
        assert!(largest.len() as u32 <= MAX_CODE);
        assert_ok!(WasmContracts::upload_code(
            RuntimeOrigin::signed(ALICE),
            largest,
            None
        ));
    });
}

#[test]
fn the_upload_benchmarks_table_functions_have_the_hostile_suites_slowest_arity() {
    // vm-bench measures `TableFunctions` beside the upload benchmark's code:
    // both must be the arity that compiles slowest per unit.
    assert_eq!(
        crate::benchmark_contracts::TABLE_FUNCTION_PARAMS,
        runtime_vm_hostile::compile::TABLE_FUNCTION_PARAMS
    );
}

#[test]
fn the_storage_benchmark_writes_a_new_entry_per_iteration() {
    use crate::benchmark_contracts as contracts;
    new_test_ext().execute_with(|| {
        let contract = deploy(&contracts::looping(contracts::STORAGE, &[]), &[]);
        assert_ok!(call(&contract).input(5u32.to_le_bytes()).dispatch());
        let trie = sp_core::storage::ChildInfo::new_default(
            &ContractInfoOf::<Test>::get(raw(&contract)).unwrap().trie_id,
        );
        let mut key = [0u8; 32];
        for n in 1..=5u32 {
            key[..4].copy_from_slice(&n.to_le_bytes());
            assert!(
                sp_io::default_child_storage::get(trie.storage_key(), &key).is_some(),
                "entry {n}"
            );
        }
    });
}
