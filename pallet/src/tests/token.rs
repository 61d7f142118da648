//! The native token fixture end to end: transfers, events, reverts, named errors.

use super::*;

#[test]
fn token_deploy_transfer_and_events() {
    new_test_ext().execute_with(|| {
        let token = deploy(fixtures::TOKEN, &1_000u128.to_le_bytes());
        System::reset_events();
        let transfer = token_op(1, &[&raw(&BOB), &250u128.to_le_bytes()]);
        assert_ok!(call(&token).input(transfer).dispatch());
        let transfer_topic = H256(*b"Transfer\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
        assert_eq!(
            pallet_events(),
            [
                Event::ContractEmitted {
                    contract: token.clone(),
                    topics: vec![transfer_topic, H256(raw(&ALICE)), H256(raw(&BOB))],
                    data: 250u128.to_le_bytes().to_vec(),
                },
                Event::Called {
                    caller: ALICE,
                    contract: token.clone(),
                    success: true
                },
            ]
        );
        let balance = |who: &AccountId32| {
            u128::from_le_bytes(
                dry_call(ALICE, &token, &token_op(2, &[&raw(who)]))
                    .return_data
                    .try_into()
                    .unwrap(),
            )
        };
        assert_eq!((balance(&ALICE), balance(&BOB)), (750, 250));
        // Contract storage lives in the contract's own child trie.
        let info = ContractInfoOf::<Test>::get(raw(&token)).unwrap();
        let child = sp_core::storage::ChildInfo::new_default(&info.trie_id);
        let key = [&[b'b'][..], &raw(&BOB)].concat();
        assert_eq!(
            sp_io::default_child_storage::get(child.storage_key(), &key),
            Some(250u128.to_le_bytes().to_vec())
        );
    });
}

#[test]
fn a_reverted_call_fails_with_no_storage_change_and_its_data_in_the_dry_run() {
    new_test_ext().execute_with(|| {
        let token = deploy(fixtures::TOKEN, &1_000u128.to_le_bytes());
        let overdraw = token_op(1, &[&raw(&ALICE), &1u128.to_le_bytes()]);
        assert_fails(
            || call(&token).origin(BOB).input(&overdraw).dispatch(),
            Error::<Test>::ContractReverted,
        );

        let dry = dry_call(BOB, &token, &overdraw);
        assert_eq!(dry.status, Some(Status::Revert(1)));
        assert_eq!(dry.return_data, b"insufficient balance");
        assert_eq!(dry.result, Err(Error::<Test>::ContractReverted.into()));
    });
}

#[test]
fn call_errors_are_named() {
    new_test_ext().execute_with(|| {
        let nobody = AccountId32::new([0xEE; 32]);
        assert_fails(|| call(&nobody).dispatch(), Error::<Test>::ContractNotFound);

        let looper = deploy(fixtures::INFINITE_LOOP, &[]);
        let small = frame_support::weights::Weight::from_parts(
            50_000_000 * REF_TIME_PER_FUEL,
            GAS.proof_size(),
        );
        let starved = rolled_back(|| call(&looper).gas(small).build());
        assert_eq!(starved.gas_consumed.ref_time(), small.ref_time());
        assert_eq!(
            starved.gas_required, small,
            "all the fuel, and more is needed"
        );
        assert_fails(
            || call(&looper).gas(small).dispatch(),
            Error::<Test>::OutOfGas,
        );

        let pointer = deploy(fixtures::BAD_POINTER, &[]);
        assert_fails(
            || call(&pointer).input(vec![2]).dispatch(),
            Error::<Test>::ContractTrapped(TrapCode::MemoryOutOfBounds),
        );
        assert_fails(
            || call(&pointer).input(vec![0]).dispatch(),
            Error::<Test>::ContractTrapped(TrapCode::PointerOutOfBounds),
        );

        let counter = deploy(fixtures::COUNTER, &[]);
        let big = vec![0u8; VmLimits::get().execution.max_input_len as usize + 1];
        assert_fails(
            || call(&counter).input(&big).dispatch(),
            Error::<Test>::InputTooLarge,
        );
    });
}
