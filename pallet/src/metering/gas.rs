//! Gas: one meter per top-level call, and the one place fuel becomes `Weight`.
//!
//! Gas has two dimensions. `ref_time` is fuel, [`Config::RefTimePerFuel`]
//! `ref_time` each: the VM meters it as the code runs, and the pallet's own
//! work for a contract (the storage it writes carrying out CosmWasm
//! messages, a transfer) is charged here, before it is done, at its
//! benchmarked weight. `proof_size` is the bytes the call adds to the block's
//! storage proof: the node counts what every execution reads and stops a
//! contract that reads past what is left, and the pallet's own work adds its
//! benchmarked proof size. Past either limit the call is out of gas.
//!
//! Native runs, CosmWasm dispatch and every dry run meter through a
//! [`GasMeter`], so a dry run's `gas_required` is computed exactly as the
//! transaction's limit is checked.

use alloc::vec;
use alloc::vec::Vec;
use core::marker::PhantomData;

use frame_support::pallet_prelude::*;

use crate::primitives::ExecOutcome;
use crate::{CallOutcome, Config};

/// The call ran out of gas (fuel or proof size).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OutOfGas;

/// The gas of one top-level call: what it may use, and what it used.
pub(crate) struct GasMeter<T> {
    /// The call's gas limit.
    limit: Weight,
    /// Proof size the call may add.
    proof_size_limit: u64,
    /// Fuel caps, outermost first: the call's limit, then each enclosing
    /// CosmWasm submessage's `gas_limit` (as a total, not a remainder).
    caps: Vec<u64>,
    fuel_used: u64,
    proof_size: u64,
    _config: PhantomData<T>,
}

impl<T: Config> GasMeter<T> {
    /// A meter for a call given `limit`.
    pub(crate) fn new(limit: Weight) -> Self {
        Self {
            limit,
            proof_size_limit: limit.proof_size(),
            caps: vec![limit.ref_time() / T::RefTimePerFuel::get()],
            fuel_used: 0,
            proof_size: 0,
            _config: PhantomData,
        }
    }

    /// Fuel the next execution may use.
    pub(crate) fn fuel_left(&self) -> u64 {
        self.cap().saturating_sub(self.fuel_used)
    }

    /// Proof size the next execution may add.
    pub(crate) fn proof_size_left(&self) -> u64 {
        self.proof_size_limit.saturating_sub(self.proof_size)
    }

    /// Fuel used so far.
    pub(crate) fn fuel_used(&self) -> u64 {
        self.fuel_used
    }

    /// Charges the pallet's own work for the call, at its benchmarked
    /// `weight`, before it is done.
    ///
    /// # Errors
    ///
    /// [`OutOfGas`] if the call cannot afford it; it then used all it had.
    pub(crate) fn charge(&mut self, weight: Weight) -> Result<(), OutOfGas> {
        let fuel = weight.ref_time().div_ceil(T::RefTimePerFuel::get());
        let proof_size = self.proof_size.saturating_add(weight.proof_size());
        if fuel > self.fuel_left() || proof_size > self.proof_size_limit {
            self.fuel_used = self.cap().max(self.fuel_used);
            return Err(OutOfGas);
        }
        self.fuel_used += fuel;
        self.proof_size = proof_size;
        Ok(())
    }

    /// Records what an execution on the node used.
    ///
    /// # Errors
    ///
    /// [`OutOfGas`] if it read past the proof size left to it (the node
    /// stops a contract that does at its next host call).
    pub(crate) fn record(&mut self, executed: &ExecOutcome) -> Result<(), OutOfGas> {
        self.fuel_used = self.fuel_used.saturating_add(executed.fuel_used);
        self.proof_size = self.proof_size.saturating_add(executed.proof_size);
        match self.proof_size > self.proof_size_limit {
            true => Err(OutOfGas),
            false => Ok(()),
        }
    }

    /// Caps what runs until [`Self::end_cap`] at `fuel` more (a CosmWasm
    /// submessage's `gas_limit`), within what is left.
    pub(super) fn begin_cap(&mut self, fuel: u64) {
        let cap = self
            .fuel_used
            .saturating_add(fuel)
            .min(self.cap().max(self.fuel_used));
        self.caps.push(cap);
    }

    /// Ends the innermost cap [`Self::begin_cap`] set.
    pub(super) fn end_cap(&mut self) {
        if self.caps.len() > 1 {
            self.caps.pop();
        }
    }

    /// Gas consumed: fuel in `ref_time`, and proof size.
    fn consumed(&self) -> Weight {
        Weight::from_parts(
            self.fuel_used.saturating_mul(T::RefTimePerFuel::get()),
            self.proof_size,
        )
    }

    /// Gas the same call needs to end as this one did: what it consumed, or,
    /// out of gas, more than its limit (how much more is unknown).
    fn required(&self, out_of_gas: bool) -> Weight {
        match out_of_gas {
            true => self.limit.max(self.consumed()),
            false => self.consumed(),
        }
    }

    /// Records in `outcome` the gas counted for the call.
    pub(crate) fn report(&self, outcome: &mut CallOutcome, out_of_gas: bool) {
        outcome.gas_consumed = self.consumed();
        outcome.gas_required = self.required(out_of_gas);
    }

    fn cap(&self) -> u64 {
        self.caps.last().copied().unwrap_or(0)
    }
}
