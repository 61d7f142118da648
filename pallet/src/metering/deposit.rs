//! Storage deposits: state is paid for while it exists, by a hold.
//!
//! Every byte and entry a transaction adds to the chain's state costs
//! [`Config::DepositPerByte`] and [`Config::DepositPerItem`], paid by the
//! transaction's origin and held with `fungible::MutateHold`, so total
//! issuance never changes:
//! - code: held on its uploader ([`HoldReason::CodeUploadDepositReserve`]),
//!   released when the code is removed;
//! - a contract: the existential deposit moved to its account (which keeps
//!   the account alive) and its info's deposit moved there and held
//!   ([`HoldReason::StorageDepositReserve`]);
//! - contract storage: the net change a call made to each contract's
//!   storage (bytes of keys and values, entries), as the node counted it per
//!   frame with rolled-back frames left out. Growth is paid at today's price,
//!   moved from the origin to the contract and held there; shrinkage
//!   releases, from the contract's hold back to the origin, its share of
//!   what the contract paid for its bytes and for its entries (pro rata, as
//!   pallet-revive does): a price change never refunds more than was paid,
//!   and removing everything refunds exactly what was paid.
//!
//! One [`DepositMeter`] per transaction (and per dry run) counts it all
//! against the transaction's `storage_deposit_limit`, and reports the net
//! [`StorageDeposit`] a dry run predicts. Contract storage is settled once,
//! at the end of the call, so a contract that grows and shrinks within one
//! call pays only for the difference; the counts it settles from live in
//! [`ContractInfo`](crate::ContractInfo) and roll back with any failed
//! part of the call.

use alloc::collections::BTreeMap;

use frame_support::pallet_prelude::*;
use frame_support::traits::fungible::{Inspect, Mutate, MutateHold};
use frame_support::traits::tokens::{Fortitude, Precision, Preservation, Restriction};
use sp_runtime::helpers_128bit::multiply_by_rational_with_rounding;
use sp_runtime::{AccountId32, Rounding};

use crate::primitives::StorageDelta;
use crate::StorageDeposit;
use crate::{Config, ContractInfoOf, Error, HoldReason};

/// What one transaction's state costs its origin, against its limit.
pub(crate) struct DepositMeter<T> {
    origin: AccountId32,
    /// The most the origin agreed to pay, net (`None`: what it has).
    limit: Option<u128>,
    /// Paid so far for code and contracts (never refunded in the same call).
    charged: u128,
    /// Storage bytes and entries of each contract whose storage changed,
    /// as they were before the call.
    before: BTreeMap<[u8; 32], (u64, u64)>,
    _config: PhantomData<T>,
}

impl<T: Config> DepositMeter<T> {
    /// A meter for a transaction of `origin` allowed to pay at most `limit`.
    pub(crate) fn new(origin: AccountId32, limit: Option<u128>) -> Self {
        Self {
            origin,
            limit,
            charged: 0,
            before: BTreeMap::new(),
            _config: PhantomData,
        }
    }

    /// The deposit of `items` entries of `bytes` bytes in all.
    pub(crate) fn price(items: u64, bytes: u64) -> u128 {
        T::DepositPerItem::get()
            .saturating_mul(items.into())
            .saturating_add(T::DepositPerByte::get().saturating_mul(bytes.into()))
    }

    /// Holds `amount` on the origin for code it uploads.
    ///
    /// # Errors
    ///
    /// `StorageDepositLimitExhausted` past the limit,
    /// `StorageDepositNotEnoughFunds` if the origin cannot pay.
    pub(crate) fn hold_for_code(&mut self, amount: u128) -> DispatchResult {
        self.count(amount)?;
        T::Currency::hold(
            &HoldReason::CodeUploadDepositReserve.into(),
            &self.origin,
            amount,
        )
        .map_err(|_| Error::<T>::StorageDepositNotEnoughFunds.into())
    }

    /// Pays for a new contract at `contract` whose info takes `info_bytes`:
    /// the existential deposit to its account and the info's deposit held
    /// there, which it returns.
    ///
    /// # Errors
    ///
    /// As [`Self::hold_for_code`].
    pub(crate) fn pay_for_contract(
        &mut self,
        contract: &AccountId32,
        info_bytes: u64,
    ) -> Result<u128, DispatchError> {
        let existential = T::Currency::minimum_balance();
        let held = Self::price(1, info_bytes);
        self.count(existential.saturating_add(held))?;
        T::Currency::transfer(&self.origin, contract, existential, Preservation::Preserve)
            .map_err(|_| Error::<T>::StorageDepositNotEnoughFunds)?;
        self.transfer_and_hold(contract, held)?;
        Ok(held)
    }

    /// Holds `amount` on `contract`, paid by the origin (a delegate
    /// dependency's deposit).
    ///
    /// # Errors
    ///
    /// As [`Self::hold_for_code`].
    pub(crate) fn hold_on(&mut self, contract: &AccountId32, amount: u128) -> DispatchResult {
        self.count(amount)?;
        self.transfer_and_hold(contract, amount)
    }

    /// Releases `amount` of `contract`'s hold back to the origin (a
    /// delegate dependency's deposit, on unlock).
    ///
    /// # Errors
    ///
    /// The currency's, if the contract holds less.
    pub(crate) fn refund_from(&mut self, contract: &[u8; 32], amount: u128) -> DispatchResult {
        T::Currency::transfer_on_hold(
            &HoldReason::StorageDepositReserve.into(),
            &AccountId32::new(*contract),
            &self.origin,
            amount,
            Precision::Exact,
            Restriction::Free,
            Fortitude::Polite,
        )
        .map(drop)
    }

    /// What was paid so far, for [`Self::roll_back_to`].
    pub(super) fn checkpoint(&self) -> u128 {
        self.charged
    }

    /// Forgets what was paid since `checkpoint`: the storage transaction that
    /// paid it rolled back. (The contracts' storage counts roll back with it.)
    pub(super) fn roll_back_to(&mut self, checkpoint: u128) {
        self.charged = checkpoint;
    }

    /// Records how an execution changed contracts' storage; settled at the end.
    pub(crate) fn record(&mut self, deltas: &[StorageDelta]) {
        for delta in deltas {
            ContractInfoOf::<T>::mutate(delta.contract, |info| {
                let Some(info) = info else { return };
                self.before
                    .entry(delta.contract)
                    .or_insert((info.storage_bytes, info.storage_items));
                info.storage_bytes = info.storage_bytes.saturating_add_signed(delta.bytes);
                info.storage_items = info.storage_items.saturating_add_signed(delta.items);
            });
        }
    }

    /// Settles the call's contract storage (refunds first, then charges)
    /// and returns what the transaction paid in all, net.
    ///
    /// # Errors
    ///
    /// As [`Self::hold_for_code`]; the caller rolls the call back.
    pub(crate) fn settle(&self) -> Result<StorageDeposit, DispatchError> {
        let mut settlements = alloc::vec::Vec::new();
        for (address, (bytes_before, items_before)) in &self.before {
            let Some(info) = ContractInfoOf::<T>::get(address) else {
                continue;
            };
            let bytes = Change::of(
                (*bytes_before, info.storage_bytes),
                info.storage_byte_deposit,
                T::DepositPerByte::get(),
            );
            let items = Change::of(
                (*items_before, info.storage_items),
                info.storage_item_deposit,
                T::DepositPerItem::get(),
            );
            settlements.push((*address, bytes, items));
        }
        let (charged, refunded) = settlements.iter().fold(
            (self.charged, 0u128),
            |(charged, refunded), (_, bytes, items)| {
                let charge = bytes.charge.saturating_add(items.charge);
                let refund = bytes.refund.saturating_add(items.refund);
                (
                    charged.saturating_add(charge),
                    refunded.saturating_add(refund),
                )
            },
        );
        if charged > refunded {
            ensure!(
                self.limit.is_none_or(|limit| charged - refunded <= limit),
                Error::<T>::StorageDepositLimitExhausted
            );
        }
        // Each contract's net, refunds first: the origin may need them to pay.
        settlements.sort_by_key(|(_, bytes, items)| {
            bytes.charge.saturating_add(items.charge) > bytes.refund.saturating_add(items.refund)
        });
        for (address, bytes, items) in settlements {
            // Storage changed, its deposit did not (a value rewritten at its size).
            if bytes.is_nothing() && items.is_nothing() {
                continue;
            }
            let contract = AccountId32::new(address);
            let charge = bytes.charge.saturating_add(items.charge);
            let refund = bytes.refund.saturating_add(items.refund);
            if refund > charge {
                T::Currency::transfer_on_hold(
                    &HoldReason::StorageDepositReserve.into(),
                    &contract,
                    &self.origin,
                    refund - charge,
                    Precision::Exact,
                    Restriction::Free,
                    Fortitude::Polite,
                )?;
            } else {
                self.transfer_and_hold(&contract, charge - refund)?;
            }
            ContractInfoOf::<T>::mutate(address, |info| {
                if let Some(info) = info {
                    info.storage_byte_deposit = bytes.apply(info.storage_byte_deposit);
                    info.storage_item_deposit = items.apply(info.storage_item_deposit);
                }
            });
        }
        Ok(match charged >= refunded {
            true => StorageDeposit::Charge(charged - refunded),
            false => StorageDeposit::Refund(refunded - charged),
        })
    }

    /// Counts `amount` more paid, within the limit.
    fn count(&mut self, amount: u128) -> DispatchResult {
        let charged = self.charged.saturating_add(amount);
        ensure!(
            self.limit.is_none_or(|limit| charged <= limit),
            Error::<T>::StorageDepositLimitExhausted
        );
        self.charged = charged;
        Ok(())
    }

    /// Moves `amount` from the origin to `contract` and holds it there.
    fn transfer_and_hold(&self, contract: &AccountId32, amount: u128) -> DispatchResult {
        if amount == 0 {
            return Ok(());
        }
        T::Currency::transfer_and_hold(
            &HoldReason::StorageDepositReserve.into(),
            &self.origin,
            contract,
            amount,
            Precision::Exact,
            Preservation::Preserve,
            Fortitude::Polite,
        )
        .map(drop)
        .map_err(|_| Error::<T>::StorageDepositNotEnoughFunds.into())
    }
}

/// What one part of a contract's storage (its bytes, or its entries) costs
/// or refunds for a change of its count.
struct Change {
    charge: u128,
    refund: u128,
}

impl Change {
    /// The count went from `before` to `now`; the contract paid `paid` for
    /// `before`, and the price is now `price` per unit. Growth is charged at
    /// `price`; shrinkage refunds `paid` pro rata, rounded down, so refunds
    /// never add up to more than was paid, and all of it when the count
    /// reaches zero.
    fn of((before, now): (u64, u64), paid: u128, price: u128) -> Self {
        match now.checked_sub(before) {
            Some(grown) => Self {
                charge: price.saturating_mul(grown.into()),
                refund: 0,
            },
            None => Self {
                charge: 0,
                refund: multiply_by_rational_with_rounding(
                    paid,
                    (before - now).into(),
                    before.into(),
                    Rounding::Down,
                )
                .unwrap_or(0)
                .min(paid),
            },
        }
    }

    /// Whether the change neither charges nor refunds.
    fn is_nothing(&self) -> bool {
        self.charge == 0 && self.refund == 0
    }

    /// What the contract has paid after this change, from `paid` before it.
    fn apply(&self, paid: u128) -> u128 {
        paid.saturating_add(self.charge).saturating_sub(self.refund)
    }
}
