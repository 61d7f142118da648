//! runtime-vm's integration tests: one binary, a module per topic.

mod artifacts;
mod calls;
mod common;
mod cosmwasm;
mod determinism;
mod docs;
mod engine;
mod fixtures;
mod hostile;
mod imports;
mod ink;
mod ink_contracts;
mod instances;
mod layers;
mod semantics;
mod traps;
mod validation;
