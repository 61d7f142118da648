//! Versions of the VM's semantics.
//!
//! Everything the node decides that can change a contract's result or its
//! cost belongs to a version: Wasmtime's configuration ([`engine`](crate::engine)),
//! each operator's fuel, compile units and library-call charge
//! ([`operators`](crate::operators)), the compile-cost model
//! ([`compile_cost`](crate::compile_cost)) and the budget validation holds
//! code to, the instrumentation, and what each import does. A chain's
//! runtime names the version its blocks run under (the pallet passes it
//! with every request, from its `VmSemantics` constant), so every node
//! computes the same result for a block whatever its release, and a node
//! syncing from genesis replays each block under the version it was
//! produced with. A node implements every version it knows and refuses any
//! other ([`Semantics::from_version`]): it never runs a block under other
//! semantics than the block's.
//!
//! # Changing the semantics
//!
//! A change to any of the items above is a new version: a variant at the
//! end of [`Semantics`] and its differences where the item is decided,
//! matched on the version (as [`Family::price`](crate::operators::Family::price)
//! does). What an existing version does never changes: blocks were final
//! under it. A chain moves to the new version with a runtime upgrade once
//! its nodes run a release that implements it (`docs/upgrades.md`).
//!
//! # The versions
//!
//! - **1**: what the chain launched with.
//! - **2**: rounding to an integral value (`f32`/`f64` `ceil`, `floor`,
//!   `trunc`, `nearest`: [`Family::FloatRounding`](crate::operators::Family::FloatRounding))
//!   costs 8 fuel, not 20. Version 1 priced it with square roots and
//!   divisions; measured alone (vm-bench's hostile rows), a chain of it paid
//!   1.7x to 1.9x its time where every other family pays 2x to 5x.
//! - **3**: the ink! 5 ABI (pallet-contracts' `seal0`/`seal1`/`seal2`
//!   imports, `crate::abi::ink`): modules that import their memory from
//!   `env.memory` and export `call` and `deploy` are ink! contracts;
//!   versions 1 and 2 refuse them.
//! - **4**: the compile-cost model counts the code Wasmtime compiles for a
//!   module besides its functions ([`compile_cost::module`](crate::compile_cost::module)):
//!   a trampoline for every distinct function type (not for each imported
//!   function), a trampoline for every function a global's initializer
//!   names (`ref.func`), and the start-up function's work for every global,
//!   every active data segment and every element the start-up function
//!   initializes. Versions 1 to 3 priced them at nothing: 60 000 distinct
//!   small types compiled for 18x what their upload paid, 1 024 one-byte
//!   data segments 6x. Instantiating a module also pays for the elements
//!   its start-up function writes (`compile_cost::INSTANTIATED_ELEMENT_BYTES`).
//! - **5**: every byte an execution hands back is paid at the price of a
//!   returned byte, whatever the ABI: a CosmWasm entry point's result at
//!   `Schedule::set_return` per byte, as native and ink! return data is
//!   (versions 1 to 4: at the price of a copy, `Schedule::input`'s, 1 ns
//!   on the dev node against 12; the dry run of a response carrying 47 KiB
//!   of data cost the dev node 3.2x its charge), and
//!   the bytes a debug message gains when made UTF-8 (each invalid sequence
//!   becomes U+FFFD, three bytes) at `Schedule::debug_log` per byte, as its
//!   own bytes are (versions 1 to 4 charged the message as read: 4 KiB of
//!   0xFF handed back 12 KiB).
//! - **6**: wasm code pays each unit of fuel at the rate of the memory it
//!   can reach ([`memory_rate`](crate::memory_rate)): 1 up to 2 MiB, 8 up
//!   to 4 MiB, 16 up to 16 MiB, doubling beyond. Versions 1 to
//!   5 charged a load 1 fuel whatever the memory: a chain of loads, each
//!   from an address the last decides, over a 16 MiB memory bought 26x to
//!   43x its charge on the reference machine (78 to 120 ns a link: the
//!   caches and the TLB missed), against the 10x every other attack stays
//!   within. And each page of memory beyond the pool slot's resident part
//!   ([`RESIDENT_PAGES`](crate::engine::RESIDENT_PAGES), 2 MiB) pays
//!   [`FUEL_PER_UNKEPT_PAGE`](crate::operators::FUEL_PER_UNKEPT_PAGE) when
//!   it becomes accessible (initial, or granted to `memory.grow`): the
//!   kernel faults in and zeroes its host pages when first touched, and
//!   takes them back after the execution; a byte written in each 4 KiB of
//!   a 16 MiB memory bought 88x to 102x its charge.

use crate::Error;

/// A version of the VM's semantics (see the [module documentation](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Semantics {
    /// Version 1: what the chain launched with.
    V1,
    /// Version 2: rounding costs 8 fuel.
    V2,
    /// Version 3: the ink! 5 ABI.
    V3,
    /// Version 4: the compile-cost model counts the module's start-up code
    /// and every function type's trampoline.
    V4,
    /// Version 5: every byte an execution hands back is paid at the price
    /// of a returned byte.
    V5,
    /// Version 6: wasm code pays its fuel at its memory's rate, and memory
    /// beyond the slot's resident part pays per page.
    V6,
}

impl Semantics {
    /// Every version, oldest first.
    pub const ALL: [Semantics; 6] = [
        Semantics::V1,
        Semantics::V2,
        Semantics::V3,
        Semantics::V4,
        Semantics::V5,
        Semantics::V6,
    ];

    /// The newest version.
    pub const LATEST: Semantics = Semantics::V6;

    /// The version's number, as a runtime names it.
    pub const fn version(self) -> u32 {
        match self {
            Semantics::V1 => 1,
            Semantics::V2 => 2,
            Semantics::V3 => 3,
            Semantics::V4 => 4,
            Semantics::V5 => 5,
            Semantics::V6 => 6,
        }
    }

    /// The version numbered `version`, if it is one of `implemented`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownSemantics`] for any other number, naming the newest
    /// of `implemented`: the node must not run the request at all.
    pub fn from_version(version: u32, implemented: &[Semantics]) -> Result<Self, Error> {
        implemented
            .iter()
            .copied()
            .find(|semantics| semantics.version() == version)
            .ok_or(Error::UnknownSemantics {
                version,
                newest: implemented.iter().map(|s| s.version()).max().unwrap_or(0),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbered_in_order_from_one() {
        for (index, semantics) in Semantics::ALL.into_iter().enumerate() {
            assert_eq!(semantics.version(), index as u32 + 1);
            assert_eq!(
                Semantics::from_version(semantics.version(), &Semantics::ALL),
                Ok(semantics)
            );
        }
        assert_eq!(Semantics::ALL.last(), Some(&Semantics::LATEST));
    }

    #[test]
    fn an_unknown_or_unimplemented_version_is_refused_naming_the_newest() {
        let refused = |version, implemented: &[Semantics]| {
            Semantics::from_version(version, implemented).unwrap_err()
        };
        assert_eq!(
            refused(7, &Semantics::ALL),
            Error::UnknownSemantics {
                version: 7,
                newest: 6
            }
        );
        assert_eq!(
            refused(0, &Semantics::ALL),
            Error::UnknownSemantics {
                version: 0,
                newest: 6
            }
        );
        assert_eq!(
            refused(2, &[Semantics::V1]),
            Error::UnknownSemantics {
                version: 2,
                newest: 1
            }
        );
    }
}
