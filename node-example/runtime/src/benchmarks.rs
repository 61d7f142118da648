//! The pallets `node-example benchmark pallet` can measure.

use alloc::string::String;
use alloc::vec::Vec;

use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::StorageInfo;

use crate::*;

frame_benchmarking::define_benchmarks!(
    [frame_benchmarking, BaselineBench::<Runtime>]
    [pallet_balances, Balances]
    [pallet_timestamp, Timestamp]
    [pallet_sudo, Sudo]
    [pallet_wasm_contracts, WasmContracts]
);

use frame_benchmarking::baseline::Pallet as BaselineBench;

impl frame_benchmarking::baseline::Config for Runtime {}

/// `Benchmark::benchmark_metadata`: the benchmarks and the storage they touch.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
    use frame_benchmarking::BenchmarkList;
    use frame_support::traits::StorageInfoTrait;

    let mut list = Vec::<BenchmarkList>::new();
    list_benchmarks!(list, extra);
    (list, AllPalletsWithSystem::storage_info())
}

/// `Benchmark::dispatch_benchmark`: runs the benchmarks `config` names.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
    use frame_benchmarking::BenchmarkBatch;
    use frame_support::traits::WhitelistedStorageKeys;
    use sp_core::storage::TrackedStorageKey;

    let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
    let params = (&config, &whitelist);
    let mut batches = Vec::<BenchmarkBatch>::new();
    add_benchmarks!(params, batches);
    Ok(batches)
}
