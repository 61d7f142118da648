//! The runtime API's helpers, dry runs, metadata and the integrity test.

use super::*;

#[test]
fn get_storage_reads_a_contracts_child_trie() {
    new_test_ext().execute_with(|| {
        let counter = deploy(fixtures::COUNTER, &5u64.to_le_bytes());
        assert_eq!(
            WasmContracts::get_storage(counter.clone(), b"count".to_vec()),
            Ok(Some(5u64.to_le_bytes().to_vec()))
        );
        assert_eq!(
            WasmContracts::get_storage(counter, b"nothing".to_vec()),
            Ok(None)
        );
        assert_eq!(
            WasmContracts::get_storage(BOB, b"count".to_vec()),
            Err(crate::ContractAccessError::ContractNotFound)
        );
    });
}

#[test]
fn dry_runs_default_to_a_blocks_gas_and_match_the_real_call() {
    new_test_ext().execute_with(|| {
        // Uploading and instantiating in one dry run, as a UI does before `deploy`.
        let hash: H256 = sp_io::hashing::blake2_256(fixtures::COUNTER).into();
        let dry_deploy = |code: crate::Code| dry_deploy(code, &3u64.to_le_bytes());
        let instantiated = dry_deploy(crate::Code::Upload(fixtures::COUNTER.to_vec()));
        assert_eq!(
            (instantiated.result, instantiated.status),
            (Ok(()), Some(Status::Success))
        );
        assert_eq!(
            instantiated.contract,
            WasmContracts::contract_address(&ALICE, &hash, &[])
        );
        assert_eq!(instantiated.gas_required, instantiated.gas_consumed);
        assert!(
            ContractInfoOf::<Test>::get(raw(&instantiated.contract)).is_none(),
            "the dry run kept nothing"
        );
        assert!(CodeInfoOf::<Test>::get(hash).is_none(), "not even the code");
        assert_eq!(
            dry_deploy(crate::Code::Existing(hash)).result,
            Err(Error::<Test>::CodeNotFound.into())
        );
        let invalid = dry_deploy(crate::Code::Upload(b"not wasm".to_vec()));
        assert_eq!(
            invalid.result,
            Err(Error::<Test>::InvalidCode(CodeRejection::InvalidWasm).into())
        );

        let counter = deploy(fixtures::COUNTER, &[]);
        let dry = rolled_back(|| call(&counter).input(vec![0]).dry_run());
        let post = call(&counter)
            .input(vec![0])
            .gas(dry.gas_consumed)
            .dispatch()
            .unwrap();
        let base = <() as crate::WeightInfo>::call(1);
        assert_eq!(
            post.actual_weight,
            Some(base.saturating_add(dry.gas_consumed)),
            "the dry run's gas is enough, exactly"
        );
    });
}

#[test]
fn limits_and_costs_are_constants_in_the_metadata() {
    let constants: Vec<String> = WasmContracts::pallet_constants_metadata()
        .into_iter()
        .map(|c| c.name.to_string())
        .collect();
    for name in ["Limits", "Schedule", "RefTimePerFuel"] {
        assert!(
            constants.contains(&name.to_string()),
            "{name} missing from {constants:?}"
        );
    }
}

#[test]
fn integrity_test_passes() {
    new_test_ext().execute_with(|| {
        <WasmContracts as frame_support::traits::IntegrityTest>::integrity_test();
    });
}

#[test]
fn dry_run_uploads_leave_no_compiled_code_behind_for_code_the_chain_does_not_store() {
    new_test_ext().execute_with(|| {
        // No other test uses this fixture, so the node's cache is this test's to inspect.
        let code = fixtures::BENCH_COMPUTE.to_vec();
        let hash = H256(sp_io::hashing::blake2_256(&code));
        let dry_upload = || {
            rolled_back(|| WasmContracts::dry_run_upload_code(ALICE, code.clone(), None))
                .map(|upload| upload.code_hash)
        };
        assert_eq!(dry_upload(), Ok(hash));
        assert!(
            !crate::interface::node::is_cached(&hash.0),
            "the dry run's module is gone"
        );
        let deployed = dry_deploy(crate::Code::Upload(code.clone()), &[]);
        assert_eq!(deployed.result, Ok(()));
        assert!(!crate::interface::node::is_cached(&hash.0));

        // Code the chain stores stays compiled through a dry run of it.
        assert_eq!(upload(fixtures::BENCH_COMPUTE), hash);
        assert_eq!(dry_upload(), Ok(hash));
        assert!(crate::interface::node::is_cached(&hash.0));
    });
}
