//! ink! contracts that create, upgrade and remove contracts, through the
//! pallet: a factory instantiating flippers (records, reference counts,
//! deposits and events as for an `instantiate` extrinsic), `set_code_hash`
//! and `terminate` (deposits refunded, account reaped, storage deleted in
//! idle time, the address free for a new contract with a new trie).

use frame_support::traits::fungible::InspectHold;
use frame_support::traits::Hooks;
use frame_support::weights::Weight;
use runtime_vm_fixtures::InkMetadata;

use super::ink::message_ok;
use super::*;
use crate::{DelegateDependencies, DeletionQueue, DeletionQueueCounter, TrieNonce};

/// The contract a factory creates with `salt`.
fn created_by(factory: &AccountId32, code_hash: H256, salt: u32) -> AccountId32 {
    WasmContracts::contract_address(factory, &code_hash, &salt.to_le_bytes())
}

#[test]
fn a_contract_instantiates_another_recorded_and_paid_for_as_any_contract() {
    new_test_ext().execute_with(|| {
        let flipper_code = upload(fixtures::INK_FLIPPER);
        let metadata = InkMetadata::of("ink_factory");
        let factory = deploy(
            fixtures::INK_FACTORY,
            &metadata.constructor("new", &flipper_code.0.encode()),
        );
        let nonce = TrieNonce::<Test>::get();
        let alice = Balances::balance(&ALICE);
        System::reset_events();

        let create = metadata.message("create", &(true, 1u32).encode());
        let dry = dry_call(ALICE, &factory, &create);
        assert_eq!(dry.result, Ok(()), "{dry:?}");
        let flipper = created_by(&factory, flipper_code, 1);
        assert_eq!(
            message_ok::<Result<[u8; 32], u8>>(&dry.return_data),
            Ok(raw(&flipper))
        );
        // The dry run's gas and deposit suffice on chain.
        let crate::StorageDeposit::Charge(deposit) = dry.storage_deposit else {
            panic!("a new contract is paid for: {:?}", dry.storage_deposit)
        };
        assert_ok!(call(&factory)
            .input(&create)
            .gas(dry.gas_required)
            .storage_deposit_limit(deposit)
            .dispatch());

        let info = ContractInfoOf::<Test>::get(raw(&flipper)).unwrap();
        assert_eq!(H256(info.code_hash), flipper_code);
        assert_eq!(info.deployer, raw(&factory));
        assert_eq!(info.abi, Abi::Ink);
        assert_eq!(
            info.trie_id,
            crate::primitives::trie_id(&raw(&flipper), nonce)
        );
        assert_eq!(TrieNonce::<Test>::get(), nonce + 1);
        assert_eq!(CodeInfoOf::<Test>::get(flipper_code).unwrap().refcount, 1);
        // Its storage (the constructor's `true`) is paid, with its record
        // and existential deposit, by Alice: what the dry run said.
        assert!(info.storage_items > 0);
        assert_eq!(Balances::balance(&flipper), ED);
        assert_eq!(alice - Balances::balance(&ALICE), deposit);
        assert!(pallet_events().contains(&Event::Deployed {
            deployer: factory.clone(),
            contract: flipper.clone(),
            code_hash: flipper_code,
        }));

        // Called through the factory, in its own trie.
        let flip = metadata.message("flip", &raw(&flipper).encode());
        assert_ok!(call(&factory).origin(BOB).input(&flip).dispatch());
        let get = InkMetadata::of("ink_flipper").message("get", &[]);
        assert!(!message_ok::<bool>(
            &dry_call(BOB, &flipper, &get).return_data
        ));

        // The same salt again: the factory traps, nothing changes.
        assert_fails(
            || call(&factory).input(&create).dispatch(),
            Error::<Test>::ContractTrapped(TrapCode::DuplicateContract),
        );
    });
}

#[test]
fn set_code_hash_moves_a_contract_and_its_code_references() {
    new_test_ext().execute_with(|| {
        let v2 = upload(fixtures::INK_UPGRADEABLE_V2);
        let metadata = InkMetadata::of("ink_upgradeable");
        let counter = deploy(fixtures::INK_UPGRADEABLE, &metadata.constructor("new", &[]));
        let v1 = H256(sp_io::hashing::blake2_256(fixtures::INK_UPGRADEABLE));
        assert_ok!(call(&counter)
            .input(metadata.message("inc", &[]))
            .dispatch());
        System::reset_events();

        let set_code = metadata.message("set_code", &v2.0.encode());
        assert_ok!(call(&counter).input(&set_code).dispatch());
        assert_eq!(
            H256(
                ContractInfoOf::<Test>::get(raw(&counter))
                    .unwrap()
                    .code_hash
            ),
            v2
        );
        assert_eq!(CodeInfoOf::<Test>::get(v1).unwrap().refcount, 0);
        assert_eq!(CodeInfoOf::<Test>::get(v2).unwrap().refcount, 1);
        assert!(pallet_events().contains(&Event::ContractCodeUpdated {
            contract: counter.clone(),
            new_code_hash: v2,
            old_code_hash: v1,
        }));
        // The new code on the old storage: 1, then 4 more.
        assert_ok!(call(&counter)
            .input(metadata.message("inc", &[]))
            .dispatch());
        let get = metadata.message("get", &[]);
        assert_eq!(
            message_ok::<u32>(&dry_call(ALICE, &counter, &get).return_data),
            5
        );
        // The old code is no longer in use: its owner may remove it.
        assert_ok!(WasmContracts::remove_code(RuntimeOrigin::signed(ALICE), v1));
    });
}

#[test]
fn set_code_hash_refuses_code_of_another_abi() {
    new_test_ext().execute_with(|| {
        let native = upload(fixtures::COUNTER);
        let metadata = InkMetadata::of("ink_upgradeable");
        let counter = deploy(fixtures::INK_UPGRADEABLE, &metadata.constructor("new", &[]));
        let set_code = metadata.message("set_code", &native.0.encode());
        assert_fails(
            || call(&counter).input(&set_code).dispatch(),
            Error::<Test>::ContractReverted,
        );
        let dry = dry_call(ALICE, &counter, &set_code);
        assert_eq!(
            message_ok::<Result<(), u8>>(&dry.return_data),
            Err(1),
            "CodeNotFound"
        );
    });
}

#[test]
fn terminate_refunds_deposits_reaps_the_account_and_deletes_storage_in_idle_time() {
    new_test_ext().execute_with(|| {
        let metadata = InkMetadata::of("ink_upgradeable");
        let input = metadata.constructor("new", &[]);
        let counter = deploy(fixtures::INK_UPGRADEABLE, &input);
        let code = H256(sp_io::hashing::blake2_256(fixtures::INK_UPGRADEABLE));
        assert_ok!(call(&counter)
            .input(metadata.message("inc", &[]))
            .dispatch());
        assert_ok!(Balances::transfer_allow_death(
            RuntimeOrigin::signed(ALICE),
            counter.clone(),
            50
        ));
        let info = ContractInfoOf::<Test>::get(raw(&counter)).unwrap();
        let held = Balances::total_balance(&counter);
        assert_eq!(held, ED + 50 + info.deposit());
        let alice = Balances::balance(&ALICE);
        let issuance = Balances::total_issuance();

        // Only its owner may.
        let retire = metadata.message("retire", &[]);
        assert_fails(
            || call(&counter).origin(BOB).input(&retire).dispatch(),
            Error::<Test>::ContractReverted,
        );
        System::reset_events();
        assert_ok!(call(&counter).input(&retire).dispatch());
        assert!(ContractInfoOf::<Test>::get(raw(&counter)).is_none());
        assert_eq!(CodeInfoOf::<Test>::get(code).unwrap().refcount, 0);
        assert_eq!(Balances::total_balance(&counter), 0);
        assert!(!System::account_exists(&counter));
        assert_eq!(Balances::balance(&ALICE), alice + held);
        assert_eq!(Balances::total_issuance(), issuance);
        assert!(pallet_events().contains(&Event::Terminated {
            contract: counter.clone(),
            beneficiary: ALICE,
        }));

        // Its storage waits in the deletion queue until a block's idle time.
        let trie = sp_core::storage::ChildInfo::new_default(&info.trie_id);
        let stored = || sp_io::default_child_storage::next_key(trie.storage_key(), &[]);
        assert!(stored().is_some());
        assert_eq!(DeletionQueue::<Test>::get(0), Some(info.trie_id));
        let none = WasmContracts::on_idle(1, Weight::zero());
        assert_eq!(none, Weight::zero());
        assert!(stored().is_some());
        let used = WasmContracts::on_idle(1, Weight::MAX);
        assert!(used.ref_time() > 0);
        assert!(stored().is_none());
        assert_eq!(DeletionQueue::<Test>::get(0), None);
        assert_eq!(DeletionQueueCounter::<Test>::get(), (1, 1));

        // The address is free again; a contract there gets a new trie.
        let again = deploy(fixtures::INK_UPGRADEABLE, &input);
        assert_eq!(again, counter);
        let new_trie = ContractInfoOf::<Test>::get(raw(&again)).unwrap().trie_id;
        assert_ne!(new_trie, info.trie_id);
        let get = metadata.message("get", &[]);
        assert_eq!(
            message_ok::<u32>(&dry_call(ALICE, &again, &get).return_data),
            0
        );
    });
}

#[test]
fn a_locked_delegate_dependency_keeps_its_code_and_pays_for_its_entry() {
    new_test_ext().execute_with(|| {
        let logic = upload(fixtures::INK_DELEGATEE);
        let metadata = InkMetadata::of("ink_delegator");
        let delegator = deploy(
            fixtures::INK_DELEGATOR,
            &metadata.constructor("new", &logic.0.encode()),
        );
        // The lock counts as a user of the code: its owner may not remove it.
        assert_eq!(CodeInfoOf::<Test>::get(logic).unwrap().refcount, 1);
        assert_noop!(
            WasmContracts::remove_code(RuntimeOrigin::signed(ALICE), logic),
            Error::<Test>::CodeInUse
        );
        // Its entry is paid for, held on the contract beside its other deposits.
        let deposit = DelegateDependencies::<Test>::get(raw(&delegator), logic).unwrap();
        assert_eq!(deposit, PricePerItem::get() + 80 * PricePerByte::get());
        let info = ContractInfoOf::<Test>::get(raw(&delegator)).unwrap();
        let held =
            Balances::balance_on_hold(&crate::HoldReason::StorageDepositReserve.into(), &delegator);
        assert_eq!(held, info.deposit() + deposit);

        // Moving to other logic moves the lock; the old code may go.
        let other = upload(fixtures::INK_INCREMENTER);
        let alice = Balances::balance(&ALICE);
        let update = metadata.message("update_delegate_to", &other.0.encode());
        assert_ok!(call(&delegator).input(&update).dispatch());
        assert_eq!(CodeInfoOf::<Test>::get(logic).unwrap().refcount, 0);
        assert_eq!(CodeInfoOf::<Test>::get(other).unwrap().refcount, 1);
        assert_eq!(
            DelegateDependencies::<Test>::get(raw(&delegator), logic),
            None
        );
        assert_eq!(
            DelegateDependencies::<Test>::get(raw(&delegator), other),
            Some(deposit)
        );
        // The old lock's deposit came back, the new one was paid: even.
        assert_eq!(Balances::balance(&ALICE), alice);
        assert_ok!(WasmContracts::remove_code(
            RuntimeOrigin::signed(ALICE),
            logic
        ));
    });
}

#[test]
fn a_large_trie_is_deleted_over_several_blocks_within_their_idle_weight() {
    let trie_id = [0x7E; 32];
    let trie = sp_core::storage::ChildInfo::new_default(&trie_id);
    let mut ext = new_test_ext();
    ext.execute_with(|| {
        for key in 0u8..10 {
            sp_io::default_child_storage::set(trie.storage_key(), &[key], &[key; 40]);
        }
        DeletionQueue::<Test>::insert(0, trie_id);
        DeletionQueueCounter::<Test>::put((1, 0));
    });
    // In the database, as a trie written in earlier blocks is (a removal's
    // limit counts the database's keys).
    ext.commit_all().unwrap();
    let left = || {
        let mut keys = 0;
        let mut key = Vec::new();
        while let Some(next) = sp_io::default_child_storage::next_key(trie.storage_key(), &key) {
            keys += 1;
            key = next;
        }
        keys
    };
    // Room for the queue's bookkeeping and four keys: four go per block,
    // each block's changes committed before the next.
    let db = <Test as frame_system::Config>::DbWeight::get();
    let per_key = db.writes(1).saturating_add(Weight::from_parts(0, 512));
    let budget = db
        .reads(1)
        .saturating_add(db.reads_writes(2, 2))
        .saturating_add(per_key.saturating_mul(4));
    for (block, left_after) in [(1, 6), (2, 2), (3, 0)] {
        ext.execute_with(|| {
            let used = WasmContracts::on_idle(block, budget);
            assert!(used.all_lte(budget), "{used:?} within {budget:?}");
            assert_eq!(left(), left_after, "block {block}");
        });
        ext.commit_all().unwrap();
    }
    ext.execute_with(|| {
        assert_eq!(DeletionQueueCounter::<Test>::get(), (1, 1));
        assert_eq!(DeletionQueue::<Test>::get(0), None);
    });
}
