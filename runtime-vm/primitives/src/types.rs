//! Basic types shared by the VM and its chain.

#[cfg(feature = "codec")]
use crate::scale::*;

use alloc::string::String;
use core::fmt;

/// A 32-byte account address (the chain's `AccountId32`).
pub type Address = [u8; 32];

/// A 32-byte hash identifying contract code.
pub type CodeHash = [u8; 32];

/// A balance in the chain's native currency.
pub type Balance = u128;

/// Which contract interface a module implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)
)]
pub enum Abi {
    /// This project's native ABI, version 1.
    Native,
    /// The CosmWasm ABI (a module exporting `interface_version_8`).
    CosmWasm,
    /// ink! 5's ABI, pallet-contracts' `seal` imports (a module importing
    /// its memory from `env.memory`).
    Ink,
}

impl fmt::Display for Abi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Abi::Native => "native v1",
            Abi::CosmWasm => "cosmwasm",
            Abi::Ink => "ink! 5",
        })
    }
}

/// A native contract's entry point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum EntryPoint {
    /// `deploy`, run once when a contract is instantiated (success if not exported).
    Deploy,
    /// `execute`, run by every call.
    Execute,
}

/// The block an execution runs in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct BlockContext {
    /// Block number.
    pub number: u64,
    /// Block time, milliseconds since the Unix epoch.
    pub timestamp: u64,
}

/// What the chain tells ink! contracts besides the call itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct InkChain {
    /// The existential deposit (`minimum_balance`).
    pub minimum_balance: Balance,
    /// The chain's `ref_time` per unit of fuel: ink! contracts give gas
    /// limits and read `gas_left` in `ref_time`, the VM meters fuel.
    pub ref_time_per_fuel: u64,
}

/// Why a transfer moved nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum TransferError {
    /// The sender's free balance is lower than the amount.
    #[error("insufficient balance")]
    InsufficientBalance,
    /// The transfer would break a chain rule (existential deposit, locks, ...).
    #[error("transfer refused by the chain: {0}")]
    Refused(String),
}
