//! Storage version 1: pro-rata deposits.
//!
//! Version 0 recorded one `storage_deposit` per contract for the bytes and
//! entries of its storage together, and refunded removed storage at the
//! price of the day. Version 1 records what the contract paid for its bytes
//! ([`ContractInfo::storage_byte_deposit`]), for its entries
//! ([`ContractInfo::storage_item_deposit`]) and for its info
//! ([`ContractInfo::base_deposit`]), and refunds removed storage its share
//! of what was paid.
//!
//! Version 0's deposit is split between bytes and entries in proportion to
//! what they would cost today (the only split it can tell; the sum is kept
//! exactly); the info's deposit is what the contract's account holds beyond
//! it. After the migration every contract's recorded deposits add up to
//! its hold ([`check_deposits`]).

use core::marker::PhantomData;

use codec::{Decode, Encode};
use frame_support::migrations::{MigrationId, SteppedMigration, SteppedMigrationError};
use frame_support::pallet_prelude::*;
use frame_support::traits::fungible::InspectHold;
use frame_support::weights::WeightMeter;
use sp_runtime::helpers_128bit::multiply_by_rational_with_rounding;
use sp_runtime::{AccountId32, Rounding};

use crate::primitives::Label;
use crate::{Config, ContractInfo, ContractInfoOf, HoldReason, Pallet};

/// Storage version 0's layout.
pub mod old {
    use super::*;

    /// Version 0's layout of a contract's info.
    #[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
    pub struct ContractInfo {
        /// The code it runs.
        pub code_hash: [u8; 32],
        /// Its child trie.
        pub trie_id: [u8; 32],
        /// Who instantiated it.
        pub deployer: [u8; 32],
        /// Its ABI.
        pub abi: runtime_vm_primitives::Abi,
        /// Its admin, if any.
        pub admin: Option<[u8; 32]>,
        /// Its label.
        pub label: Label,
        /// Bytes of keys and values in its storage.
        pub storage_bytes: u64,
        /// Entries in its storage.
        pub storage_items: u64,
        /// What its account held for its storage (bytes and entries together).
        pub storage_deposit: u128,
    }

    /// Version 0's map of contracts: the pallet's `ContractInfoOf`, read in
    /// the old layout.
    #[frame_support::storage_alias]
    pub(crate) type ContractInfoOf<T: Config> =
        StorageMap<Pallet<T>, Blake2_128Concat, [u8; 32], ContractInfo>;
}

/// The migration from storage version 0 to 1, one contract per unit of
/// weight; its cursor is the last contract migrated.
pub struct Migration<T>(PhantomData<T>);

impl<T: Config> Migration<T> {
    /// What migrating one contract costs: its info read and written, and
    /// the hold on its account read.
    pub fn weight_per_contract() -> Weight {
        let proof = old::ContractInfo::max_encoded_len() + ContractInfo::max_encoded_len() + 128;
        T::DbWeight::get()
            .reads_writes(2, 1)
            .saturating_add(Weight::from_parts(0, proof as u64))
    }
}

impl<T: Config> SteppedMigration for Migration<T> {
    type Cursor = [u8; 32];
    type Identifier = MigrationId<21>;

    fn id() -> Self::Identifier {
        super::id(0)
    }

    fn step(
        mut cursor: Option<Self::Cursor>,
        meter: &mut WeightMeter,
    ) -> Result<Option<Self::Cursor>, SteppedMigrationError> {
        if Pallet::<T>::on_chain_storage_version() != 0 {
            return Ok(None);
        }
        let required = Self::weight_per_contract();
        if meter.remaining().any_lt(required) {
            return Err(SteppedMigrationError::InsufficientWeight { required });
        }
        while meter.try_consume(required).is_ok() {
            let mut contracts = match cursor {
                Some(last) => old::ContractInfoOf::<T>::iter_from(
                    old::ContractInfoOf::<T>::hashed_key_for(last),
                ),
                None => old::ContractInfoOf::<T>::iter(),
            };
            let Some((address, old)) = contracts.next() else {
                StorageVersion::new(1).put::<Pallet<T>>();
                return Ok(None);
            };
            ContractInfoOf::<T>::insert(address, migrate::<T>(&address, old));
            cursor = Some(address);
        }
        Ok(cursor)
    }

    #[cfg(feature = "try-runtime")]
    fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
        let contracts = old::ContractInfoOf::<T>::iter_values().count() as u64;
        Ok(contracts.encode())
    }

    #[cfg(feature = "try-runtime")]
    fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
        let before = u64::decode(&mut &state[..]).map_err(|_| "pre_upgrade's count")?;
        let after = ContractInfoOf::<T>::iter_values().count() as u64;
        ensure!(before == after, "a contract was lost");
        ensure!(
            Pallet::<T>::on_chain_storage_version() == 1,
            "storage version not set"
        );
        check_deposits::<T>().map_err(Into::into)
    }
}

/// Version 1's info of the contract at `address`, from version 0's.
fn migrate<T: Config>(address: &[u8; 32], old: old::ContractInfo) -> ContractInfo {
    let byte_cost = T::DepositPerByte::get().saturating_mul(old.storage_bytes.into());
    let item_cost = T::DepositPerItem::get().saturating_mul(old.storage_items.into());
    // Shares: today's costs; the counts if both are free; all to bytes if
    // there is no storage.
    let (bytes_share, total_share) = match byte_cost.saturating_add(item_cost) {
        0 => match old.storage_bytes.saturating_add(old.storage_items) {
            0 => (1, 1),
            counts => (old.storage_bytes.into(), counts.into()),
        },
        costs => (byte_cost, costs),
    };
    let storage_byte_deposit = multiply_by_rational_with_rounding(
        old.storage_deposit,
        bytes_share,
        total_share,
        Rounding::Down,
    )
    .unwrap_or(old.storage_deposit)
    .min(old.storage_deposit);
    let held = T::Currency::balance_on_hold(
        &HoldReason::StorageDepositReserve.into(),
        &AccountId32::new(*address),
    );
    ContractInfo {
        code_hash: old.code_hash,
        trie_id: old.trie_id,
        deployer: old.deployer,
        abi: old.abi,
        admin: old.admin,
        label: old.label,
        storage_bytes: old.storage_bytes,
        storage_items: old.storage_items,
        storage_byte_deposit,
        storage_item_deposit: old.storage_deposit - storage_byte_deposit,
        base_deposit: held.saturating_sub(old.storage_deposit),
    }
}

/// Checks that every contract's info is in version 1's layout and its
/// account holds exactly the deposits the info records (storage version
/// 1's invariant).
///
/// # Errors
///
/// Says which of the two failed.
pub fn check_deposits<T: Config>() -> Result<(), &'static str> {
    for address in ContractInfoOf::<T>::iter_keys() {
        let info = ContractInfoOf::<T>::try_get(address)
            .map_err(|()| "a contract's info is not in version 1's layout")?;
        let held = T::Currency::balance_on_hold(
            &HoldReason::StorageDepositReserve.into(),
            &AccountId32::new(address),
        );
        let locks: u128 = crate::DelegateDependencies::<T>::iter_prefix_values(address).sum();
        if held != info.deposit().saturating_add(locks) {
            return Err("a contract's hold differs from its recorded deposits");
        }
    }
    Ok(())
}
