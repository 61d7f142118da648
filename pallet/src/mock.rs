//! A test runtime: System, Balances (ED 10), Timestamp, WasmContracts and
//! its pallet-contracts surface as `Contracts`, with Alice and Bob funded. Every execution goes through the
//! `wasm_contracts_vm` runtime interface natively, as on a node. Anyone
//! signed may upload and instantiate, unless a test restricts uploads to
//! root (`UploadsByRootOnly`) or instantiation to one account
//! (`OnlyInstantiator`), as a chain's runtime may.

#![allow(
    missing_docs,
    reason = "the construct_runtime! expansion and test constants"
)]

use frame_support::traits::{ConstU128, ConstU16, ConstU64, EnsureOrigin};
use frame_support::{derive_impl, parameter_types};
use sp_runtime::traits::IdentityLookup;
use sp_runtime::{AccountId32, BuildStorage};

use crate::{Limits, Schedule};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
    pub enum Test {
        System: frame_system,
        Balances: pallet_balances,
        Timestamp: pallet_timestamp,
        WasmContracts: crate,
        Contracts: crate::compat,
    }
);

impl crate::compat::Config for Test {
    type RuntimeEvent = RuntimeEvent;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
    type Block = Block;
    type AccountId = AccountId32;
    type Lookup = IdentityLookup<AccountId32>;
    type AccountData = pallet_balances::AccountData<u128>;
    /// Substrate's generic prefix: CosmWasm contracts see `5...` addresses.
    type SS58Prefix = ConstU16<42>;
    /// As the dev node: the pallet charges its own storage work from these.
    type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
    type Balance = u128;
    type ExistentialDeposit = ConstU128<ED>;
    type AccountStore = System;
}

impl pallet_timestamp::Config for Test {
    type Moment = u64;
    type OnTimestampSet = ();
    type MinimumPeriod = ConstU64<1>;
    type WeightInfo = ();
}

parameter_types! {
    /// The deposit per byte, [`DEPOSIT_PER_BYTE`] unless a test changes the price.
    pub static PricePerByte: u128 = DEPOSIT_PER_BYTE;
    /// The deposit per entry, [`DEPOSIT_PER_ITEM`] unless a test changes the price.
    pub static PricePerItem: u128 = DEPOSIT_PER_ITEM;
    /// The version of the VM's semantics, the newest unless a test changes it.
    pub static SemanticsVersion: u32 = runtime_vm::Semantics::LATEST.version();
    pub VmLimits: Limits = Limits::default();
    pub VmSchedule: Schedule = Schedule::default();
    pub CwConfig: crate::CosmWasmConfig = crate::CosmWasmConfig {
        chain_id: "wasm-contracts-test".into(),
        denom: DENOM.into(),
    };
    /// Uploads by root only, the code held by [`ALICE`] (a treasury).
    pub static UploadsByRootOnly: bool = false;
    /// The only account that may instantiate, if any.
    pub static OnlyInstantiator: Option<AccountId32> = None;
    pub const Treasury: AccountId32 = ALICE;
}

/// Signed, or root only while [`UploadsByRootOnly`] is set.
pub struct UploadOrigin;

impl EnsureOrigin<RuntimeOrigin> for UploadOrigin {
    type Success = AccountId32;

    fn try_origin(origin: RuntimeOrigin) -> Result<AccountId32, RuntimeOrigin> {
        match UploadsByRootOnly::get() {
            true => {
                frame_system::EnsureRootWithSuccess::<AccountId32, Treasury>::try_origin(origin)
            }
            false => frame_system::EnsureSigned::try_origin(origin),
        }
    }

    #[cfg(feature = "runtime-benchmarks")]
    fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
        Ok(RuntimeOrigin::signed(ALICE))
    }
}

/// Signed, or only [`OnlyInstantiator`] while it is set.
pub struct InstantiateOrigin;

impl EnsureOrigin<RuntimeOrigin> for InstantiateOrigin {
    type Success = AccountId32;

    fn try_origin(origin: RuntimeOrigin) -> Result<AccountId32, RuntimeOrigin> {
        let signer = frame_system::EnsureSigned::try_origin(origin.clone())?;
        match OnlyInstantiator::get() {
            Some(only) if only != signer => Err(origin),
            _ => Ok(signer),
        }
    }

    #[cfg(feature = "runtime-benchmarks")]
    fn try_successful_origin() -> Result<RuntimeOrigin, ()> {
        Ok(RuntimeOrigin::signed(ALICE))
    }
}

impl crate::Config for Test {
    type RuntimeEvent = RuntimeEvent;
    type Currency = Balances;
    type RuntimeHoldReason = RuntimeHoldReason;
    type DepositPerByte = PricePerByte;
    type DepositPerItem = PricePerItem;
    type Time = Timestamp;
    type VmSemantics = SemanticsVersion;
    type Limits = VmLimits;
    type Schedule = VmSchedule;
    type RefTimePerFuel = ConstU64<REF_TIME_PER_FUEL>;
    type CosmWasm = CwConfig;
    type UploadOrigin = UploadOrigin;
    type InstantiateOrigin = InstantiateOrigin;
    type WeightInfo = ();
}

pub const ED: u128 = 10;
/// Storage deposit per byte of state.
pub const DEPOSIT_PER_BYTE: u128 = 2;
/// Storage deposit per entry of state.
pub const DEPOSIT_PER_ITEM: u128 = 100;
/// The native denom CosmWasm contracts see.
pub const DENOM: &str = "unit";
pub const REF_TIME_PER_FUEL: u64 = 1_000;
pub const ALICE: AccountId32 = AccountId32::new([0xA1; 32]);
pub const BOB: AccountId32 = AccountId32::new([0xB0; 32]);
pub const INITIAL_BALANCE: u128 = 1_000_000_000;
pub const NOW_MS: u64 = 1_700_000_000_000;

/// Alice and Bob funded, at block 1 with the clock set.
pub fn new_test_ext() -> sp_io::TestExternalities {
    new_test_ext_with(Default::default())
}

/// [`new_test_ext`] with this pallet's genesis code and contracts.
pub fn new_test_ext_with(wasm_contracts: crate::GenesisConfig<Test>) -> sp_io::TestExternalities {
    // The whole runtime's genesis, as a chain's: every pallet's storage
    // version set, Alice and Bob funded, then the pallet's own.
    let storage = RuntimeGenesisConfig {
        balances: pallet_balances::GenesisConfig {
            balances: vec![(ALICE, INITIAL_BALANCE), (BOB, INITIAL_BALANCE)],
            ..Default::default()
        },
        wasm_contracts,
        ..Default::default()
    }
    .build_storage()
    .unwrap();
    let mut ext = sp_io::TestExternalities::new(storage);
    ext.execute_with(|| {
        System::set_block_number(1);
        pallet_timestamp::Now::<Test>::put(NOW_MS);
    });
    ext
}
