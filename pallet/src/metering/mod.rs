//! Metering: what one transaction (or dry run) may use and what it used,
//! its gas and its storage deposits together, in one [`Meter`].
//!
//! A transaction's meter is made with its gas limit and storage deposit
//! limit and handed down to everything the transaction runs: a native
//! contract, a CosmWasm entry point and every message it returns. A CosmWasm
//! submessage runs nested ([`Meter::enter`], [`Meter::exit`]): its
//! `gas_limit` caps the fuel it may use, and if it fails, its storage
//! transaction rolls back and with it the deposits it paid, while the gas
//! it used stays used. At the end the gas is reported in the outcome and
//! the deposits are settled.
//!
//! - [`gas`]: the gas meter, and the one place fuel becomes `Weight`.
//! - [`deposit`]: storage deposits, held while state exists.

pub(crate) mod deposit;
pub(crate) mod gas;

use frame_support::pallet_prelude::*;
use sp_runtime::AccountId32;

pub(crate) use deposit::DepositMeter;
pub(crate) use gas::{GasMeter, OutOfGas};

use crate::Config;

/// The gas and storage deposits of one transaction, against its limits.
pub(crate) struct Meter<T> {
    /// Fuel and proof size.
    pub(crate) gas: GasMeter<T>,
    /// What the transaction's state costs its origin.
    pub(crate) deposits: DepositMeter<T>,
}

/// Where a nested part of a transaction began, for [`Meter::exit`].
#[must_use = "a nested part must exit"]
pub(crate) struct Nested {
    deposits: u128,
    capped: bool,
}

impl<T: Config> Meter<T> {
    /// A meter for a transaction of `origin` with `gas_limit`, allowed to
    /// pay at most `deposit_limit` for state (`None`: what it has).
    pub(crate) fn new(origin: AccountId32, gas_limit: Weight, deposit_limit: Option<u128>) -> Self {
        Self {
            gas: GasMeter::new(gas_limit),
            deposits: DepositMeter::new(origin, deposit_limit),
        }
    }

    /// Begins a nested part (a CosmWasm submessage), its fuel capped at
    /// `fuel_cap` more if it has a cap of its own.
    pub(crate) fn enter(&mut self, fuel_cap: Option<u64>) -> Nested {
        if let Some(fuel) = fuel_cap {
            self.gas.begin_cap(fuel);
        }
        Nested {
            deposits: self.deposits.checkpoint(),
            capped: fuel_cap.is_some(),
        }
    }

    /// Ends the nested part `nested` began: its cap is lifted, and unless
    /// it is `kept` (its storage transaction committed) the deposits it paid
    /// are forgotten with its changes. The gas it used stays used.
    pub(crate) fn exit(&mut self, nested: Nested, kept: bool) {
        if nested.capped {
            self.gas.end_cap();
        }
        if !kept {
            self.deposits.roll_back_to(nested.deposits);
        }
    }
}
