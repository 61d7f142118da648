//! CosmWasm gas: dry runs predict the next block, exact charges, running out cleanly.

use frame_support::traits::Get;

use super::*;

#[test]
fn a_dry_runs_gas_suffices_in_the_next_block_at_any_index_and_fails_there_alike() {
    new_test_ext().execute_with(|| {
        let token = token(&[(&ALICE, 1_000)]);
        let transfer = bytes(&json!({"transfer": {"recipient": human(&BOB), "amount": "1"}}));
        let too_much = bytes(&json!({"transfer": {"recipient": human(&ALICE), "amount": "2"}}));
        // The dry run sees block 99; the transaction lands in block 100, whose
        // height has one more digit, at whatever index its block gives it.
        System::set_block_number(99);
        let dry = rolled_back(|| call(&token).input(&transfer).dry_run());
        let dry_failing = rolled_back(|| call(&token).origin(BOB).input(&too_much).dry_run());
        assert_eq!(dry.result, Ok(()));
        assert_eq!(
            dry_failing.result,
            Err(Error::<Test>::ContractFailed.into())
        );
        System::set_block_number(100);
        let mut consumed = Vec::new();
        for index in [1, 2, 9, 10, 99, 100, 4_321, 65_536, 1_000_000] {
            System::set_extrinsic_index(index);
            let real = rolled_back(|| call(&token).input(&transfer).gas(dry.gas_required).build());
            assert_eq!(
                real.result,
                Ok(()),
                "index {index}: {}",
                text(&real.return_data)
            );
            consumed.push(real.gas_consumed.ref_time());
            let failing = rolled_back(|| {
                call(&token)
                    .origin(BOB)
                    .input(&too_much)
                    .gas(dry_failing.gas_required)
                    .build()
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
        assert_ok!(call(&token)
            .input(transfer)
            .gas(dry.gas_required)
            .dispatch());
    });
}

#[test]
fn gas_is_charged_exactly_and_running_out_is_clean() {
    new_test_ext().execute_with(|| {
        let token = token(&[(&ALICE, 1_000), (&BOB, 1)]);
        let msg = bytes(&json!({"transfer": {"recipient": human(&BOB), "amount": "1"}}));
        let first = rolled_back(|| call(&token).input(&msg).build());
        let second = rolled_back(|| call(&token).input(&msg).build());
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
        let error = call(&token).input(&msg).gas(short).dispatch().unwrap_err();
        assert_eq!(error.error, Error::<Test>::OutOfGas.into());
        assert_eq!(storage_root(), root);
        let starved = rolled_back(|| call(&token).input(&msg).gas(short).build());
        assert_eq!(starved.status, Some(Status::Trap(TrapKind::OutOfGas)));
        assert_ok!(call(&token).input(msg).gas(first.gas_consumed).dispatch());
    });
}

#[test]
fn a_dry_runs_gas_suffices_from_genesis_on_in_any_block_its_transaction_can_land_in() {
    new_test_ext().execute_with(|| {
        let code = upload(fixtures::CW20_BASE);
        let msg = bytes(&json!({
            "name": "Test Token", "symbol": "TST", "decimals": 6,
            "initial_balances": [{"address": human(&ALICE), "amount": "1000"}],
            "mint": {"minter": human(&ALICE)}
        }));
        let token = || instantiate(code).input(&msg).salt(b"token");
        let lifetime: u64 = <Test as frame_system::Config>::BlockHashCount::get();
        // Genesis (no block has a time yet: the dry run shows 0, block 1 the
        // clock's), a window with a new digit (block 100), one without.
        for (dry_at, now) in [(0, 0), (95, NOW_MS), (1_234, NOW_MS)] {
            System::set_block_number(dry_at);
            pallet_timestamp::Now::<Test>::put(now);
            let dry = token().dry_run();
            assert_eq!(dry.result, Ok(()), "{}", text(&dry.return_data));
            let mut consumed = Vec::new();
            for block in dry_at + 1..=dry_at + 1 + lifetime {
                System::set_block_number(block);
                pallet_timestamp::Now::<Test>::put(NOW_MS + block * 6_000);
                for index in [1, 9, 10, 1_000_000] {
                    System::set_extrinsic_index(index);
                    let real = rolled_back(|| token().gas(dry.gas_required).build());
                    assert_eq!(real.result, Ok(()), "block {block}, index {index}");
                    consumed.push((block, index, real.gas_consumed.ref_time()));
                }
            }
            // The time costs nothing: the next block at the first index
            // consumes exactly what the dry run's first rehearsal did.
            assert_eq!(consumed[0].2, dry.gas_consumed.ref_time());
            // The dry run covered the dearest block and index, exactly.
            let dearest = consumed.iter().map(|(.., fuel)| *fuel).max();
            assert_eq!(dearest, Some(dry.gas_required.ref_time()), "{consumed:?}");
        }
        System::set_block_number(1);
        let dry = token().dry_run();
        assert_ok!(token().gas(dry.gas_required).dispatch());
    });
}
