//! Storage migrations, FRAME's way.
//!
//! The pallet's [`STORAGE_VERSION`](crate::STORAGE_VERSION) names the
//! layout of its storage; each step from one version to the next is a
//! [`SteppedMigration`](frame_support::migrations::SteppedMigration) run by
//! `pallet-migrations` over as many blocks as it needs (a chain's contracts
//! are unbounded), with transactions paused meanwhile. A runtime lists them
//! in `pallet_migrations::Config::Migrations`, oldest first; each does
//! nothing on a chain already past it (a chain started at a later version
//! gets that version at genesis).
//!
//! What the node reads from storage ([`ContractInfoHead`], [`CodeInfo`],
//! code) never changes with a storage version (`tests/layouts.rs` pins it):
//! a node decodes every version a chain has stored.
//!
//! - [`v1`]: each contract records what it paid for its bytes, its entries
//!   and its info (pro-rata refunds).
//!
//! [`ContractInfoHead`]: crate::primitives::ContractInfoHead
//! [`CodeInfo`]: crate::CodeInfo

pub mod v1;

use frame_support::migrations::MigrationId;

/// The identifier of this pallet's migration from `version_from` to the next.
const fn id(version_from: u8) -> MigrationId<21> {
    MigrationId {
        pallet_id: *b"pallet-wasm-contracts",
        version_from,
        version_to: version_from + 1,
    }
}
