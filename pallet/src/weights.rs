//! Weights for `pallet_wasm_contracts`.
//!
//! HAND-WRITTEN ESTIMATES, NOT BENCHMARK OUTPUT: this file has the layout the
//! `benchmark pallet` command generates, and the node-example issue replaces
//! it with that command's output. Until then the figures are conservative
//! guesses (reads and writes are counted exactly).

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::traits::Get;
use frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed for `pallet_wasm_contracts`.
pub trait WeightInfo {
    fn upload_code(c: u32) -> Weight;
    fn instantiate(i: u32) -> Weight;
    fn call(i: u32) -> Weight;
    fn remove_code() -> Weight;
    fn migrate(i: u32) -> Weight;
    fn update_admin() -> Weight;
    fn clear_admin() -> Weight;
    fn fuel(r: u32) -> Weight;
    fn host_storage(r: u32) -> Weight;
    fn host_hashing(r: u32) -> Weight;
    fn host_context(r: u32) -> Weight;
    fn host_balance(r: u32) -> Weight;
    fn host_events(r: u32) -> Weight;
    fn host_call(r: u32) -> Weight;
}

/// Weights for `pallet_wasm_contracts` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
    /// Storage: `WasmContracts::CodeInfoOf` (r:1 w:1), `WasmContracts::PristineCode` (r:0 w:1)
    /// The range of component `c` is `[0, 1048576]`.
    fn upload_code(c: u32) -> Weight {
        Weight::from_parts(50_000_000, 3_600)
            .saturating_add(Weight::from_parts(500_000, 0).saturating_mul(c.into()))
            .saturating_add(Weight::from_parts(0, 1).saturating_mul(c.into()))
            .saturating_add(T::DbWeight::get().reads(1_u64))
            .saturating_add(T::DbWeight::get().writes(2_u64))
    }
    /// Storage: `WasmContracts::CodeInfoOf` (r:1 w:1), `WasmContracts::ContractInfoOf` (r:1 w:1),
    /// `WasmContracts::PristineCode` (r:1 w:0), `System::Account` (r:2 w:2)
    /// The range of component `i` is `[0, 65536]`.
    fn instantiate(i: u32) -> Weight {
        Weight::from_parts(80_000_000, 6_000)
            .saturating_add(Weight::from_parts(1_000, 0).saturating_mul(i.into()))
            .saturating_add(T::DbWeight::get().reads(5_u64))
            .saturating_add(T::DbWeight::get().writes(4_u64))
    }
    /// Storage: `WasmContracts::ContractInfoOf` (r:1 w:0), `WasmContracts::PristineCode` (r:1 w:0),
    /// `System::Account` (r:2 w:2)
    /// The range of component `i` is `[0, 65536]`.
    fn call(i: u32) -> Weight {
        Weight::from_parts(60_000_000, 6_000)
            .saturating_add(Weight::from_parts(1_000, 0).saturating_mul(i.into()))
            .saturating_add(T::DbWeight::get().reads(4_u64))
            .saturating_add(T::DbWeight::get().writes(2_u64))
    }
    /// Storage: `WasmContracts::CodeInfoOf` (r:1 w:1), `WasmContracts::PristineCode` (r:0 w:1),
    /// `WasmContracts::CodeIdOf` (r:0 w:1)
    fn remove_code() -> Weight {
        Weight::from_parts(30_000_000, 3_600)
            .saturating_add(T::DbWeight::get().reads(1_u64))
            .saturating_add(T::DbWeight::get().writes(3_u64))
    }
    /// Storage: `WasmContracts::ContractInfoOf` (r:1 w:1), `WasmContracts::CodeInfoOf` (r:2 w:2),
    /// `WasmContracts::PristineCode` (r:1 w:0), `System::Account` (r:2 w:2)
    /// The range of component `i` is `[0, 65536]`.
    fn migrate(i: u32) -> Weight {
        Weight::from_parts(80_000_000, 6_000)
            .saturating_add(Weight::from_parts(1_000, 0).saturating_mul(i.into()))
            .saturating_add(T::DbWeight::get().reads(6_u64))
            .saturating_add(T::DbWeight::get().writes(5_u64))
    }
    /// Storage: `WasmContracts::ContractInfoOf` (r:1 w:1)
    fn update_admin() -> Weight {
        Weight::from_parts(20_000_000, 3_600)
            .saturating_add(T::DbWeight::get().reads(1_u64))
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }
    /// Storage: `WasmContracts::ContractInfoOf` (r:1 w:1)
    fn clear_admin() -> Weight {
        Weight::from_parts(20_000_000, 3_600)
            .saturating_add(T::DbWeight::get().reads(1_u64))
            .saturating_add(T::DbWeight::get().writes(1_u64))
    }

    /// The range of component `r` is `[0, 1000]`.
    fn fuel(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(9_000_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 1000]`.
    fn host_storage(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(12_000_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 1000]`.
    fn host_hashing(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(15_000_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 1000]`.
    fn host_context(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(400_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 1000]`.
    fn host_balance(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 1000]`.
    fn host_events(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(1_500_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 100]`.
    fn host_call(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(40_000_000, 0).saturating_mul(r.into()))
    }
}

// For backwards compatibility and tests.
impl WeightInfo for () {
    fn upload_code(c: u32) -> Weight {
        Weight::from_parts(50_000_000, 3_600)
            .saturating_add(Weight::from_parts(500_000, 0).saturating_mul(c.into()))
            .saturating_add(RocksDbWeight::get().reads(1_u64))
            .saturating_add(RocksDbWeight::get().writes(2_u64))
    }
    fn instantiate(i: u32) -> Weight {
        Weight::from_parts(80_000_000, 6_000)
            .saturating_add(Weight::from_parts(1_000, 0).saturating_mul(i.into()))
            .saturating_add(RocksDbWeight::get().reads(5_u64))
            .saturating_add(RocksDbWeight::get().writes(4_u64))
    }
    fn call(i: u32) -> Weight {
        Weight::from_parts(60_000_000, 6_000)
            .saturating_add(Weight::from_parts(1_000, 0).saturating_mul(i.into()))
            .saturating_add(RocksDbWeight::get().reads(4_u64))
            .saturating_add(RocksDbWeight::get().writes(2_u64))
    }
    fn remove_code() -> Weight {
        Weight::from_parts(30_000_000, 3_600)
            .saturating_add(RocksDbWeight::get().reads(1_u64))
            .saturating_add(RocksDbWeight::get().writes(3_u64))
    }
    fn migrate(i: u32) -> Weight {
        Weight::from_parts(80_000_000, 6_000)
            .saturating_add(Weight::from_parts(1_000, 0).saturating_mul(i.into()))
            .saturating_add(RocksDbWeight::get().reads(6_u64))
            .saturating_add(RocksDbWeight::get().writes(5_u64))
    }
    fn update_admin() -> Weight {
        Weight::from_parts(20_000_000, 3_600)
            .saturating_add(RocksDbWeight::get().reads(1_u64))
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }
    fn clear_admin() -> Weight {
        Weight::from_parts(20_000_000, 3_600)
            .saturating_add(RocksDbWeight::get().reads(1_u64))
            .saturating_add(RocksDbWeight::get().writes(1_u64))
    }

    /// The range of component `r` is `[0, 1000]`.
    fn fuel(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(9_000_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 1000]`.
    fn host_storage(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(12_000_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 1000]`.
    fn host_hashing(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(15_000_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 1000]`.
    fn host_context(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(400_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 1000]`.
    fn host_balance(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 1000]`.
    fn host_events(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(1_500_000, 0).saturating_mul(r.into()))
    }
    /// The range of component `r` is `[0, 100]`.
    fn host_call(r: u32) -> Weight {
        Self::call(4).saturating_add(Weight::from_parts(40_000_000, 0).saturating_mul(r.into()))
    }
}
