//! Benchmarks: every dispatchable, the fuel-to-`ref_time` calibration, and
//! one benchmark per host-function group.
//!
//! `fuel(r)` runs `1 000 r` iterations of an empty loop
//! ([`FUEL_PER_ITERATION`] fuel each, checked by a test): its slope divided by
//! `1 000 × FUEL_PER_ITERATION` is the `ref_time` one unit of fuel is worth,
//! which is what `Config::RefTimePerFuel` should be. Each `host_*(r)` benchmark
//! calls a group of host functions `r` times; its slope, less `r` loop
//! iterations' fuel, is what the group's `Schedule` entries should charge.
//!
//! `deploy` is not benchmarked on its own: its weight is `upload_code` plus
//! `instantiate`, which is exactly the work it does.

use alloc::vec;
use alloc::vec::Vec;

use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_support::traits::{EnsureOrigin, Get};
use frame_support::weights::Weight;
use frame_system::RawOrigin;
use sp_core::H256;

use crate::*;

use crate::benchmark_contracts as contracts;

/// The default `CodeLimits::max_code_len`.
pub(crate) const MAX_CODE: u32 = 1024 * 1024;
/// Most bytes the `upload_code` benchmark's code has beyond its entry points.
pub(crate) const MAX_FILLER: u32 = MAX_CODE - CONTRACT_OVERHEAD;
/// The default `ExecutionLimits::max_input_len`.
const MAX_INPUT: u32 = 64 * 1024;
/// Loop iterations per unit of `r` in the fuel benchmark.
pub const FUEL_ITERATIONS_PER_R: u32 = 1_000;
/// Fuel one iteration of the benchmark contracts' empty loop consumes.
#[allow(
    dead_code,
    reason = "read by the `fuel` benchmark's verification, which only test builds compile"
)]
pub const FUEL_PER_ITERATION: u64 = 8;
/// Bytes of a benchmark contract beyond its filler.
pub(crate) const CONTRACT_OVERHEAD: u32 = 512;

fn funded<T: Config>(name: &'static str) -> T::AccountId {
    let who: T::AccountId = account(name, 0, 0);
    T::Currency::set_balance(&who, 1u128 << 100);
    who
}

/// An origin `O` lets through, and the account it yields, funded. (Test
/// builds without `runtime-benchmarks` have no `try_successful_origin`; they
/// run on the mock runtime, whose origins let anyone signed through.)
fn permitted<T: Config, O: EnsureOrigin<T::RuntimeOrigin, Success = T::AccountId>>(
) -> Result<(T::RuntimeOrigin, T::AccountId), BenchmarkError> {
    #[cfg(feature = "runtime-benchmarks")]
    let origin = O::try_successful_origin().map_err(|()| BenchmarkError::Weightless)?;
    #[cfg(not(feature = "runtime-benchmarks"))]
    let origin: T::RuntimeOrigin = RawOrigin::Signed(account("caller", 0, 0)).into();
    let who = O::ensure_origin(origin.clone()).map_err(|_| BenchmarkError::Weightless)?;
    T::Currency::set_balance(&who, 1u128 << 100);
    Ok((origin, who))
}

/// More gas than any benchmark uses.
fn gas() -> Weight {
    Weight::from_parts(u64::MAX / 4, u64::MAX / 4)
}

/// Uploads benchmark `code` (valid by construction) as `owner`; returns its hash.
fn upload<T: Config>(owner: T::AccountId, code: Vec<u8>) -> H256 {
    Pallet::<T>::bare_upload_code(owner, code, None)
        .expect("benchmark contracts are valid")
        .code_hash
}

fn code_hash(code: &[u8]) -> H256 {
    H256(sp_io::hashing::blake2_256(code))
}

/// Instantiates uploaded `hash` as `deployer` with `input`, which must
/// succeed; returns the contract.
fn instantiate_as<T: Config>(
    deployer: &T::AccountId,
    hash: H256,
    input: &[u8],
    instance: Instance,
) -> T::AccountId {
    let input = input.to_vec();
    let outcome =
        Pallet::<T>::bare_instantiate(deployer.clone(), hash, input, 0, gas(), None, instance);
    assert_eq!(outcome.result, Ok(()));
    outcome.contract
}

/// Uploads and instantiates `code` as `deployer`; returns the contract.
fn instantiated<T: Config>(deployer: &T::AccountId, code: Vec<u8>) -> T::AccountId {
    let hash = upload::<T>(deployer.clone(), code);
    instantiate_as::<T>(deployer, hash, &[], Instance::default())
}

/// A funded caller and a contract calling `imports` once per iteration.
fn looping_contract<T: Config>(
    imports: &[contracts::Import],
    data: &[u8],
) -> (T::AccountId, T::AccountId) {
    let caller = funded::<T>("caller");
    let contract = instantiated::<T>(&caller, contracts::looping(imports, data));
    (caller, contract)
}

/// A funded caller, and the minimal CosmWasm contract it instantiated as its admin.
fn cosmwasm_contract<T: Config>() -> (T::AccountId, T::AccountId, H256) {
    let caller = funded::<T>("caller");
    let hash = upload::<T>(caller.clone(), contracts::cosmwasm());
    let instance = Instance {
        admin: Some(caller.clone()),
        ..Instance::default()
    };
    let contract = instantiate_as::<T>(&caller, hash, b"{}", instance);
    (caller, contract, hash)
}

/// A funded caller and a CosmWasm contract calling `calls` once per iteration.
fn cosmwasm_looping_contract<T: Config>(
    calls: &[contracts::CwCall],
) -> (T::AccountId, T::AccountId) {
    use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
    let caller = funded::<T>("caller");
    let prefix = <T as frame_system::Config>::SS58Prefix::get();
    let human = sp_runtime::AccountId32::new([0x42; 32])
        .to_ss58check_with_version(Ss58AddressFormat::custom(prefix));
    let denom = T::CosmWasm::get().denom;
    let regions = contracts::cosmwasm_regions(human.as_bytes(), denom.as_bytes());
    let code = contracts::cosmwasm_looping(calls, &regions);
    let hash = upload::<T>(caller.clone(), code);
    let contract = instantiate_as::<T>(&caller, hash, b"{}", Instance::default());
    (caller, contract)
}

/// Input telling a benchmark contract to loop `n` times.
fn iterations(n: u32) -> Vec<u8> {
    n.to_le_bytes().to_vec()
}

#[benchmarks]
mod benchmarks {
    use super::*;

    /// `c` bytes of the code that compiles slowest per byte of what
    /// validation accepts.
    #[benchmark]
    fn upload_code(c: Linear<0, MAX_FILLER>) -> Result<(), BenchmarkError> {
        let (origin, _) = permitted::<T, T::UploadOrigin>()?;
        // A new nonce every run: a repeat must compile, not hit the module cache.
        let nonce = frame_benchmarking::benchmarking::current_time();
        let code = contracts::sized(c, &T::Limits::get(), &nonce);
        let hash = code_hash(&code);
        #[extrinsic_call]
        _(origin as T::RuntimeOrigin, code, None);
        assert!(CodeInfoOf::<T>::contains_key(hash));
        Ok(())
    }

    #[benchmark]
    fn instantiate(i: Linear<0, MAX_INPUT>) -> Result<(), BenchmarkError> {
        let (origin, caller) = permitted::<T, T::InstantiateOrigin>()?;
        let code = contracts::looping(&[], &[]);
        let hash = upload::<T>(caller.clone(), code);
        #[extrinsic_call]
        _(
            origin as T::RuntimeOrigin,
            hash,
            vec![0u8; i as usize],
            0,
            gas(),
            None,
            vec![],
            None,
            vec![],
        );
        assert!(ContractInfoOf::<T>::contains_key(<[u8; 32]>::from(
            Pallet::<T>::contract_address(&caller, &hash, &[])
        )));
        Ok(())
    }

    #[benchmark]
    fn call(i: Linear<0, MAX_INPUT>) {
        let (caller, contract) = looping_contract::<T>(&[], &[]);
        #[extrinsic_call]
        _(
            RawOrigin::Signed(caller),
            contract,
            vec![0u8; i as usize],
            0,
            gas(),
            None,
        );
    }

    #[benchmark]
    fn remove_code() {
        let caller = funded::<T>("caller");
        let code = contracts::looping(&[], &[]);
        let hash = upload::<T>(caller.clone(), code);
        #[extrinsic_call]
        _(RawOrigin::Signed(caller), hash);
        assert!(!CodeInfoOf::<T>::contains_key(hash));
    }

    #[benchmark]
    fn migrate(i: Linear<0, MAX_INPUT>) {
        let (caller, contract, hash) = cosmwasm_contract::<T>();
        #[extrinsic_call]
        _(
            RawOrigin::Signed(caller),
            contract.clone(),
            hash,
            vec![b' '; i as usize],
            gas(),
            None,
        );
    }

    #[benchmark]
    fn update_admin() {
        let (caller, contract, _) = cosmwasm_contract::<T>();
        let admin = funded::<T>("admin");
        #[extrinsic_call]
        _(RawOrigin::Signed(caller), contract.clone(), admin.clone());
        let info = ContractInfoOf::<T>::get(<[u8; 32]>::from(contract)).expect("exists");
        assert_eq!(info.admin, Some(admin.into()));
    }

    #[benchmark]
    fn clear_admin() {
        let (caller, contract, _) = cosmwasm_contract::<T>();
        #[extrinsic_call]
        _(RawOrigin::Signed(caller), contract.clone());
        let info = ContractInfoOf::<T>::get(<[u8; 32]>::from(contract)).expect("exists");
        assert_eq!(info.admin, None);
    }

    /// `1 000 r` iterations of an empty loop: the fuel-to-`ref_time` calibration.
    #[benchmark]
    fn fuel(r: Linear<0, 1_000>) {
        let (caller, contract) = looping_contract::<T>(&[], &[]);
        #[extrinsic_call]
        call(
            RawOrigin::Signed(caller),
            contract,
            iterations(r * FUEL_ITERATIONS_PER_R),
            0,
            gas(),
            None,
        );
    }

    #[benchmark]
    fn host_storage(r: Linear<0, 1_000>) {
        let (caller, contract) = looping_contract::<T>(contracts::STORAGE, &[]);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_hashing(r: Linear<0, 1_000>) {
        let (caller, contract) = looping_contract::<T>(contracts::HASHING, &[]);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_context(r: Linear<0, 1_000>) {
        let (caller, contract) = looping_contract::<T>(contracts::CONTEXT, &[]);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_balance(r: Linear<0, 1_000>) {
        let (caller, contract) = looping_contract::<T>(contracts::BALANCE, &[]);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    /// Up to `ExecutionLimits::max_events` (128 by default): an execution may emit no more.
    #[benchmark]
    fn host_events(r: Linear<0, 128>) {
        let (caller, contract) = looping_contract::<T>(contracts::EVENTS, &[]);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_call(r: Linear<0, 100>) {
        let caller = funded::<T>("caller");
        let callee = instantiated::<T>(&caller, contracts::looping(&[], &[]));
        let contract = instantiated::<T>(
            &caller,
            contracts::looping(contracts::CALL, callee.as_ref()),
        );
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_storage(r: Linear<0, 1_000>) {
        let (caller, contract) = cosmwasm_looping_contract::<T>(contracts::CW_STORAGE);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_iteration(r: Linear<0, 1_000>) {
        let (caller, contract) = cosmwasm_looping_contract::<T>(contracts::CW_ITERATION);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_address(r: Linear<0, 1_000>) {
        let (caller, contract) = cosmwasm_looping_contract::<T>(contracts::CW_ADDRESS);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_secp256k1(r: Linear<0, 100>) {
        let (caller, contract) = cosmwasm_looping_contract::<T>(contracts::CW_SECP256K1);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_ed25519(r: Linear<0, 100>) {
        let (caller, contract) = cosmwasm_looping_contract::<T>(contracts::CW_ED25519);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_ed25519_batch(r: Linear<0, 100>) {
        let (caller, contract) = cosmwasm_looping_contract::<T>(contracts::CW_ED25519_BATCH);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_query(r: Linear<0, 1_000>) {
        let (caller, contract) = cosmwasm_looping_contract::<T>(contracts::CW_QUERY);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_secp256r1(r: Linear<0, 100>) {
        let (caller, contract) = cosmwasm_looping_contract::<T>(contracts::CW_SECP256R1);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_bls12_381_aggregate_g1(r: Linear<0, 100>) {
        let calls = contracts::CW_BLS12_381_AGGREGATE_G1;
        let (caller, contract) = cosmwasm_looping_contract::<T>(calls);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_bls12_381_aggregate_g2(r: Linear<0, 100>) {
        let calls = contracts::CW_BLS12_381_AGGREGATE_G2;
        let (caller, contract) = cosmwasm_looping_contract::<T>(calls);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_bls12_381_pairing(r: Linear<0, 20>) {
        let calls = contracts::CW_BLS12_381_PAIRING;
        let (caller, contract) = cosmwasm_looping_contract::<T>(calls);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_bls12_381_hash_to_g1(r: Linear<0, 100>) {
        let calls = contracts::CW_BLS12_381_HASH_TO_G1;
        let (caller, contract) = cosmwasm_looping_contract::<T>(calls);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    #[benchmark]
    fn host_cosmwasm_bls12_381_hash_to_g2(r: Linear<0, 100>) {
        let calls = contracts::CW_BLS12_381_HASH_TO_G2;
        let (caller, contract) = cosmwasm_looping_contract::<T>(calls);
        let origin = RawOrigin::Signed(caller);
        #[extrinsic_call]
        call(origin, contract, iterations(r), 0, gas(), None);
    }

    impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
