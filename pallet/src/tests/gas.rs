//! Gas: refunds, out of gas, exact repeat costs, proof size.

use super::*;

#[test]
fn unused_gas_is_refunded_and_out_of_gas_charges_the_limit() {
    new_test_ext().execute_with(|| {
        let counter = deploy(fixtures::COUNTER, &[]);
        let base = <() as crate::WeightInfo>::call(1);
        let fuel = dry_call(ALICE, &counter, &[0]).gas_consumed.ref_time() / REF_TIME_PER_FUEL;
        let post = call(&counter).input(vec![0]).dispatch().unwrap();
        let actual = post.actual_weight.unwrap();
        assert!(fuel > 0);
        assert_eq!(
            actual.ref_time(),
            base.ref_time() + fuel * REF_TIME_PER_FUEL
        );
        assert!(
            actual.all_lt(base.saturating_add(GAS)),
            "the unused gas is refunded"
        );

        let looper = deploy(fixtures::INFINITE_LOOP, &[]);
        let limit = frame_support::weights::Weight::from_parts(2_000_000 * REF_TIME_PER_FUEL, 0);
        let failed = call(&looper).gas(limit).dispatch().unwrap_err();
        let base = <() as crate::WeightInfo>::call(0);
        assert_eq!(
            failed.post_info.actual_weight.unwrap().ref_time(),
            base.ref_time() + limit.ref_time()
        );
    });
}

#[test]
fn the_same_call_costs_the_same_twice_and_the_dry_run_agrees() {
    new_test_ext().execute_with(|| {
        let token = deploy(fixtures::TOKEN, &1_000u128.to_le_bytes());
        let transfer = token_op(1, &[&raw(&BOB), &1u128.to_le_bytes()]);
        // Warm the entries both runs touch, so storage is the same shape for each.
        assert_ok!(call(&token).input(&transfer).dispatch());
        let dry = dry_call(ALICE, &token, &transfer);
        let first = call(&token).input(&transfer).dispatch().unwrap();
        let second = call(&token).input(transfer).dispatch().unwrap();
        assert_eq!(first.actual_weight, second.actual_weight);
        let base = <() as crate::WeightInfo>::call(49);
        assert_eq!(
            first.actual_weight.unwrap(),
            base.saturating_add(dry.gas_consumed)
        );
    });
}

#[test]
fn storage_read_is_charged_as_proof_size_and_limited() {
    new_test_ext().execute_with(|| {
        let token = deploy(fixtures::TOKEN, &1_000u128.to_le_bytes());
        let balance_of = |who: &AccountId32| token_op(2, &[&raw(who)]);
        let proof = |input: &[u8]| dry_call(ALICE, &token, input).gas_consumed.proof_size();
        // Every call reads at least the contract's code.
        assert!(proof(&balance_of(&BOB)) > fixtures::TOKEN.len() as u64);
        // Alice's balance entry exists (16 bytes of value), Bob's does not.
        assert_eq!(proof(&balance_of(&ALICE)) - proof(&balance_of(&BOB)), 16);

        // Enough fuel but too little proof size: out of gas, and nothing kept.
        let needed = proof(&token_op(1, &[&raw(&BOB), &1u128.to_le_bytes()]));
        let tight = frame_support::weights::Weight::from_parts(GAS.ref_time(), needed - 1);
        let transfer = token_op(1, &[&raw(&BOB), &1u128.to_le_bytes()]);
        assert_fails(
            || call(&token).input(&transfer).gas(tight).dispatch(),
            Error::<Test>::OutOfGas,
        );
        let exact = frame_support::weights::Weight::from_parts(GAS.ref_time(), needed);
        assert_ok!(call(&token).input(transfer).gas(exact).dispatch());
    });
}

#[test]
fn a_contract_reading_past_its_proof_size_is_stopped_while_it_runs() {
    new_test_ext().execute_with(|| {
        let bench = deploy(fixtures::BENCH_STORAGE, &[]);
        // 100 entries written, then read back: 36 bytes (a 4-byte key, a
        // 32-byte value) added to the proof per read. After the run, the
        // pallet records the storage it changed for the deposit.
        let input = 100u32.to_le_bytes();
        let full = dry_call(ALICE, &bench, &input);
        assert_eq!(full.result, Ok(()));
        let recording = crate::storage::storage_change_weight::<Test>(1).proof_size();
        let before_reads = full.gas_consumed.proof_size() - recording - 100 * 36;
        let limit =
            frame_support::weights::Weight::from_parts(GAS.ref_time(), before_reads + 10 * 36);
        let stopped = rolled_back(|| call(&bench).input(input).gas(limit).build());
        assert_eq!(stopped.result, Err(Error::<Test>::OutOfGas.into()));
        assert_eq!(stopped.status, Some(Status::Trap(TrapKind::OutOfGas)));
        // The eleventh read passed the limit, and the contract read no more.
        assert_eq!(stopped.gas_consumed.proof_size(), limit.proof_size() + 36);
        assert!(stopped.gas_consumed.ref_time() < full.gas_consumed.ref_time());
        assert_eq!(stopped.gas_required, limit.max(stopped.gas_consumed));
    });
}
