//! The contract ABIs this VM speaks, each a plug-in on the core.
//!
//! The core (frames, fuel, outputs, compilation, the cache) names none of
//! them; a test (`tests/all/layers.rs`) keeps it so.
//!
//! - [`native`]: the native ABI (`docs/native-abi.md`), for contracts
//!   written against this VM.
//! - [`cosmwasm`]: CosmWasm (`docs/cosmwasm.md`), for unmodified
//!   `cosmwasm-std` 2.x and 3.x contracts.
//!
//! # Adding an ABI
//!
//! A folder here, as `native/` and `cosmwasm/` are: `table.rs` (its import
//! table with signatures and prices, and an
//! [`AbiRules`](table::AbiRules): how validation recognizes its modules
//! and what they must export), `imports.rs` (one function per import,
//! defined with `imports::define`), and `mod.rs` (a type implementing the
//! core's `ContractAbi` trait, `context.rs`: per-execution context,
//! per-frame state, entry points; and its top-level `execute`). Then one
//! line in `REGISTERED`, its identity in [`Abi`], and its way in on
//! [`Vm`](crate::Vm). Tests link every import of every registered table,
//! call each with hostile arguments and check it pays its base.

pub mod cosmwasm;
pub mod ink;
pub mod native;
pub mod table;

pub use runtime_vm_primitives::Abi;
pub use table::{find, Import, Price, Signature, MEMORY};

use crate::imports::register;
use crate::runtime::Registered;

/// Every ABI the VM speaks, in detection order: a module speaks the first
/// whose rules claim it (the native ABI, last, claims every module). The
/// one place an ABI is registered.
pub(crate) const REGISTERED: &[Registered] = &[
    register::<cosmwasm::CosmWasm>(),
    register::<ink::Ink>(),
    register::<native::Native>(),
];

/// Every ABI the VM speaks, in detection order.
pub fn registered() -> impl Iterator<Item = Abi> {
    REGISTERED.iter().map(|registered| registered.rules.id)
}

/// The import table of `abi`.
pub fn imports(abi: Abi) -> &'static [Import] {
    REGISTERED
        .iter()
        .find(|registered| registered.rules.id == abi)
        .map_or(&[], |registered| registered.rules.imports)
}
