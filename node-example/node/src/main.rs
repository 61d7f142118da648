//! `node-example`: a node whose runtime includes `pallet-wasm-contracts`.
//!
//! `node-example --dev` authors a block for every transaction (instant seal)
//! and finalizes it at once, serves RPC on 127.0.0.1:9944 and keeps its state
//! in ParityDB. `node-example --chain local --alice` (`--bob`, `--charlie`)
//! is one validator of a four-node network: Aura authors, GRANDPA finalizes. `node-example benchmark pallet` runs the runtime's benchmarks
//! (build with `--features runtime-benchmarks`). Both register the pallet's
//! `wasm_contracts_vm` host functions next to Substrate's.

#![allow(
    clippy::result_large_err,
    reason = "sc-cli's and sc-service's error types, which their runners require"
)]

mod chain_spec;
mod cli;
mod command;
mod consensus;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
    command::run()
}
