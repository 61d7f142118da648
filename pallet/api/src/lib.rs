//! `pallet-wasm-contracts-api`: what crosses the pallet's boundaries, with
//! nothing of the pallet's logic, so each side depends on this alone.
//!
//! - [`interface`]: the runtime interface's request and outcome, between the
//!   runtime (the pallet) and the node (runtime-vm), frozen per interface
//!   version.
//! - [`runtime_api`]: the `WasmContractsApi` runtime API UIs call for dry
//!   runs, queries and storage reads.
//! - [`contracts_api`]: pallet-contracts' `ContractsApi`, for the clients
//!   ink! authors use.
//! - The outcomes clients decode: `CallOutcome`, `UploadOutcome`,
//!   `StorageDeposit`, `ContractAccessError`, and the `Code` a dry run
//!   instantiates.
//!
//! The last two need the `runtime-api` feature (default), which brings
//! Substrate's primitives; without it only [`interface`] is built.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-api")]
pub mod contracts_api;
pub mod interface;
#[cfg(feature = "runtime-api")]
mod outcome;
#[cfg(feature = "runtime-api")]
pub mod runtime_api;

#[cfg(feature = "runtime-api")]
pub use outcome::{CallOutcome, Code, ContractAccessError, StorageDeposit, UploadOutcome};
