//! Storage version 1's migration (`migrations/v1.rs`) on a populated chain:
//! contracts with storage, rewound to version 0's layout, migrated over
//! several steps of limited weight, their deposits split and still held
//! exactly, and their refunds pro rata afterwards.

use frame_support::migrations::{SteppedMigration, SteppedMigrationError};
use frame_support::traits::{GetStorageVersion, StorageVersion};
use frame_support::weights::{Weight, WeightMeter};

use super::builder::{call, instantiate};
use super::deposit::{held, info_price, price};
use super::*;
use crate::migrations::v1::{check_deposits, old, Migration};
use crate::{ContractInfo, HoldReason, StorageDeposit};

/// `STORAGE_HOG` contracts, the `n`-th storing `100 * n` bytes under `big`.
fn hogs(count: u8) -> Vec<AccountId32> {
    let hash = upload(fixtures::STORAGE_HOG);
    (1..=count)
        .map(|n| {
            let hog = instantiate(hash).salt([n]).instantiated();
            let len = 100 * u32::from(n);
            assert_ok!(call(&hog)
                .input(token_op(0, &[&len.to_le_bytes()]))
                .dispatch());
            hog
        })
        .collect()
}

/// Puts the chain back at storage version 0: every contract's info in
/// version 0's layout, with its storage deposit as one sum.
fn rewind_to_version_0() {
    let infos: Vec<_> = ContractInfoOf::<Test>::iter().collect();
    for (address, info) in infos {
        let old = old::ContractInfo {
            code_hash: info.code_hash,
            trie_id: info.trie_id,
            deployer: info.deployer,
            abi: info.abi,
            admin: info.admin,
            label: info.label,
            storage_bytes: info.storage_bytes,
            storage_items: info.storage_items,
            storage_deposit: info.storage_byte_deposit + info.storage_item_deposit,
        };
        old::ContractInfoOf::<Test>::insert(address, old);
    }
    StorageVersion::new(0).put::<WasmContracts>();
}

/// Runs the migration to its end in steps of `per_step` contracts' weight;
/// returns how many steps it took.
fn migrate_in_steps(per_step: u64) -> u32 {
    let weight = Migration::<Test>::weight_per_contract().mul(per_step);
    let mut cursor = None;
    for steps in 1.. {
        let mut meter = WeightMeter::with_limit(weight);
        cursor = Migration::<Test>::step(cursor, &mut meter).unwrap();
        if cursor.is_none() {
            return steps;
        }
    }
    unreachable!()
}

#[test]
fn version_1_splits_each_contracts_deposit_over_several_blocks_and_keeps_it_held() {
    new_test_ext().execute_with(|| {
        let hogs = hogs(5);
        rewind_to_version_0();
        assert_eq!(WasmContracts::on_chain_storage_version(), 0);
        assert!(
            check_deposits::<Test>().is_err(),
            "version 0 is not version 1"
        );

        // Two contracts a step: three steps, the last one finding the end.
        assert_eq!(migrate_in_steps(2), 3);
        assert_eq!(WasmContracts::on_chain_storage_version(), 1);
        assert_eq!(check_deposits::<Test>(), Ok(()));
        for (n, hog) in (1u64..).zip(&hogs) {
            let info = ContractInfoOf::<Test>::get(raw(hog)).unwrap();
            let bytes = 100 * n + 3;
            // At unchanged prices, the split is exactly what each part cost.
            assert_eq!(info.storage_byte_deposit, price(0, bytes));
            assert_eq!(info.storage_item_deposit, price(1, 0));
            assert_eq!(info.base_deposit, info_price());
            assert_eq!(held(hog, HoldReason::StorageDepositReserve), info.deposit());
        }

        // The migrated contracts run, and removed storage refunds what was paid.
        let hog = &hogs[4];
        let dry = call(hog).origin(BOB).input([2]).dry_run();
        assert_eq!(dry.storage_deposit, StorageDeposit::Refund(price(1, 503)));
        assert_ok!(call(hog).origin(BOB).input([2]).dispatch());
        assert_eq!(held(hog, HoldReason::StorageDepositReserve), info_price());
    });
}

#[test]
fn a_step_without_room_for_one_contract_asks_for_it_and_a_migrated_chain_is_left_alone() {
    new_test_ext().execute_with(|| {
        hogs(1);
        let migrated: Vec<(_, ContractInfo)> = ContractInfoOf::<Test>::iter().collect();
        // A chain at version 1 (as every new chain is from genesis): nothing to do.
        let mut meter = WeightMeter::new();
        assert_eq!(Migration::<Test>::step(None, &mut meter), Ok(None));
        assert_eq!(meter.consumed(), Weight::zero());
        assert_eq!(ContractInfoOf::<Test>::iter().collect::<Vec<_>>(), migrated);

        rewind_to_version_0();
        let required = Migration::<Test>::weight_per_contract();
        let mut meter = WeightMeter::with_limit(required - Weight::from_parts(1, 0));
        assert_eq!(
            Migration::<Test>::step(None, &mut meter),
            Err(SteppedMigrationError::InsufficientWeight { required })
        );
        assert_eq!(WasmContracts::on_chain_storage_version(), 0);
    });
}
