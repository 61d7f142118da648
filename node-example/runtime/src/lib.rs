//! The example node's runtime: System, Timestamp, Aura, Grandpa, Balances,
//! TransactionPayment, Sudo and the contracts pallet as `WasmContracts`,
//! with pallet-contracts' surface over it as `Contracts` (and its
//! `ContractsApi`) for `@polkadot/api-contract` and `cargo contract`.
//!
//! `--dev` blocks are sealed instantly by the node (the `development` preset
//! has no validators); `--chain local` runs Aura and GRANDPA with Alice, Bob,
//! Charlie and Dave as validators ([`consensus`]). Contracts run in the node through the pallet's
//! `wasm_contracts_vm` host functions, which the node registers next to
//! `sp_io::SubstrateHostFunctions`.

#![cfg_attr(not(feature = "std"), no_std)]
// `#[frame_support::runtime]` and `impl_runtime_apis!` generate undocumented items.
#![allow(missing_docs)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

/// This runtime's previous release, built beside it (with the
/// `previous-release` feature): `spec_version` one lower and contracts
/// under version 2 of the VM's semantics (no ink! ABI). The e2e starts a
/// network with it and upgrades the network live to this runtime
/// (`docs/upgrades.md`).
#[cfg(feature = "std")]
pub mod previous_release {
    include!(concat!(env!("OUT_DIR"), "/previous_release"));
}

extern crate alloc;

// `#[frame_support::runtime]` expands to code that names `Vec` unqualified.
use alloc::vec::Vec;

mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod consensus;
pub mod gas;
pub mod genesis;

use frame_support::dispatch::DispatchClass;
use frame_support::traits::{ConstU128, ConstU16, ConstU32, ConstU64, ConstU8, VariantCountOf};
use frame_support::weights::constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND};
use frame_support::weights::{IdentityFee, Weight};
use frame_support::{derive_impl, parameter_types};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::traits::{BlakeTwo256, IdentifyAccount, Verify};
use sp_runtime::{generic, MultiAddress, MultiSignature, Perbill};
use sp_version::RuntimeVersion;

pub use apis::RuntimeApi;
pub use pallet_wasm_contracts::{CosmWasmConfig, Limits, Schedule};

/// A block's number.
pub type BlockNumber = u32;
/// A transaction's signature: sr25519, ed25519 or ECDSA.
pub type Signature = MultiSignature;
/// An account: the public key of its signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// An amount of the native currency.
pub type Balance = u128;
/// A transaction count.
pub type Nonce = u32;
/// A block or state hash.
pub type Hash = sp_core::H256;

/// One unit of the native currency (12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;
/// The smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = UNIT / 1_000;
/// The native currency's symbol, which CosmWasm contracts also see as its denom.
pub const TOKEN_SYMBOL: &str = "UNIT";
/// Substrate's generic SS58 prefix: addresses start with `5`.
pub const SS58_PREFIX: u16 = 42;

/// Types the node needs without knowing the runtime's extrinsic format.
pub mod opaque {
    use super::*;

    pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;
    /// A block header.
    pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
    /// A block with opaque extrinsics.
    pub type Block = generic::Block<Header, UncheckedExtrinsic>;
}

/// `VERSION` with `spec_version` (a literal: the version is read from the
/// wasm by the `runtime_version` attribute).
macro_rules! runtime_version {
    ($spec_version:tt) => {
        /// This runtime's version. Bump `spec_version` on every change of its logic.
        #[sp_version::runtime_version]
        pub const VERSION: RuntimeVersion = RuntimeVersion {
            spec_name: alloc::borrow::Cow::Borrowed("node-example"),
            impl_name: alloc::borrow::Cow::Borrowed("node-example"),
            authoring_version: 1,
            spec_version: $spec_version,
            impl_version: 1,
            apis: apis::RUNTIME_API_VERSIONS,
            transaction_version: 1,
            system_version: 1,
        };
    };
}

#[cfg(not(feature = "previous-release"))]
runtime_version!(103);
#[cfg(feature = "previous-release")]
runtime_version!(102);

const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
    pub const Version: RuntimeVersion = VERSION;
    /// Two seconds of computation per block.
    pub RuntimeBlockWeights: frame_system::limits::BlockWeights =
        frame_system::limits::BlockWeights::with_sensible_defaults(
            Weight::from_parts(2 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
            NORMAL_DISPATCH_RATIO,
        );
    /// 5 MiB per block, 75% of it for normal transactions: room for a
    /// contract upload (1 MiB at most).
    pub RuntimeBlockLength: frame_system::limits::BlockLength =
        frame_system::limits::BlockLength::builder()
            .max_length(MAX_BLOCK_LENGTH)
            .modify_max_length_for_class(DispatchClass::Normal, |max| {
                *max = NORMAL_DISPATCH_RATIO * MAX_BLOCK_LENGTH
            })
            .build();
    pub FeeMultiplier: Multiplier = Multiplier::from_u32(1);
    /// Contracts run under version 6 of the VM's semantics (with the ink!
    /// ABI, the module's start-up code priced, every byte handed back paid
    /// as returned, and wasm fuel at its memory's rate), 2 in the previous
    /// release's runtime.
    pub const VmSemantics: u32 = if cfg!(feature = "previous-release") { 2 } else { 6 };
    pub VmLimits: Limits = Limits::default();
    /// Derived from the pallet's benchmarked weights, priced with the same
    /// database weights as the rest of the runtime.
    pub VmSchedule: Schedule = gas::schedule::<
        <Runtime as pallet_wasm_contracts::Config>::WeightInfo,
        <Runtime as frame_system::Config>::DbWeight,
    >();
    /// The `fuel` benchmark's time per unit of fuel.
    pub RefTimePerFuel: u64 =
        gas::ref_time_per_fuel::<<Runtime as pallet_wasm_contracts::Config>::WeightInfo>();
    pub CosmWasm: CosmWasmConfig = CosmWasmConfig {
        chain_id: "node-example-dev".into(),
        denom: TOKEN_SYMBOL.into(),
    };
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
    type Block = Block;
    type BlockWeights = RuntimeBlockWeights;
    type BlockLength = RuntimeBlockLength;
    type AccountId = AccountId;
    type Nonce = Nonce;
    type Hash = Hash;
    type BlockHashCount = ConstU32<2400>;
    /// The node stores its state in ParityDB.
    type DbWeight = ParityDbWeight;
    type Version = Version;
    type AccountData = pallet_balances::AccountData<Balance>;
    type SS58Prefix = ConstU16<SS58_PREFIX>;
    type MaxConsumers = ConstU32<16>;
    /// Multi-block migrations pause transactions while they run.
    type MultiBlockMigrator = MultiBlockMigrations;
}

impl pallet_timestamp::Config for Runtime {
    type Moment = u64;
    type OnTimestampSet = consensus::AuraSlotCheck;
    /// Instant seal may author two blocks in the same millisecond; Aura
    /// keeps its own slot duration.
    type MinimumPeriod = ConstU64<0>;
    type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
    type MaxLocks = ConstU32<50>;
    type MaxReserves = ();
    type ReserveIdentifier = [u8; 8];
    type Balance = Balance;
    type RuntimeEvent = RuntimeEvent;
    type DustRemoval = ();
    type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
    type AccountStore = System;
    type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
    type FreezeIdentifier = RuntimeFreezeReason;
    type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
    type RuntimeHoldReason = RuntimeHoldReason;
    type RuntimeFreezeReason = RuntimeFreezeReason;
    type DoneSlashHandler = ();
}

impl pallet_transaction_payment::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type OnChargeTransaction = FungibleAdapter<Balances, ()>;
    type OperationalFeeMultiplier = ConstU8<5>;
    type WeightToFee = IdentityFee<Balance>;
    type LengthToFee = IdentityFee<Balance>;
    type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
    type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type RuntimeCall = RuntimeCall;
    type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
    /// 0.01 UNIT per KB of state: a megabyte costs 10 UNIT, held while it exists.
    pub const DepositPerByte: Balance = UNIT / 100_000;
    /// Each entry of state costs as much as an account's existence.
    pub const DepositPerItem: Balance = EXISTENTIAL_DEPOSIT;
}

impl pallet_wasm_contracts::compat::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
}

impl pallet_wasm_contracts::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type Currency = Balances;
    type RuntimeHoldReason = RuntimeHoldReason;
    type DepositPerByte = DepositPerByte;
    type DepositPerItem = DepositPerItem;
    type Time = Timestamp;
    type VmSemantics = VmSemantics;
    type Limits = VmLimits;
    type Schedule = VmSchedule;
    type RefTimePerFuel = RefTimePerFuel;
    type CosmWasm = CosmWasm;
    /// Anyone signed may upload and instantiate on the example chain.
    type UploadOrigin = frame_system::EnsureSigned<AccountId>;
    type InstantiateOrigin = frame_system::EnsureSigned<AccountId>;
    type WeightInfo = pallet_wasm_contracts::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
    /// Multi-block migrations may use four-fifths of a block.
    pub MbmServiceWeight: Weight = Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

/// Storage migrations run over as many blocks as they need, transactions
/// paused meanwhile; a chain started at the pallets' current storage
/// versions has nothing to migrate (see `docs/upgrades.md`).
impl pallet_migrations::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    /// Every storage migration of the pallets, oldest first.
    #[cfg(not(feature = "runtime-benchmarks"))]
    type Migrations = (pallet_wasm_contracts::migrations::v1::Migration<Runtime>,);
    #[cfg(feature = "runtime-benchmarks")]
    type Migrations = pallet_migrations::mock_helpers::MockedMigrations;
    type CursorMaxLen = ConstU32<65_536>;
    type IdentifierMaxLen = ConstU32<256>;
    type MigrationStatusHandler = ();
    /// A failed migration stops the chain's transactions until governance
    /// mends it, rather than run contracts over half-migrated storage.
    type FailedMigrationHandler = frame_support::migrations::FreezeChainOnFailedMigration;
    type MaxServiceWeight = MbmServiceWeight;
    type WeightInfo = pallet_migrations::weights::SubstrateWeight<Runtime>;
}

#[frame_support::runtime]
mod runtime {
    #[runtime::runtime]
    #[runtime::derive(
        RuntimeCall,
        RuntimeEvent,
        RuntimeError,
        RuntimeOrigin,
        RuntimeFreezeReason,
        RuntimeHoldReason,
        RuntimeSlashReason,
        RuntimeLockId,
        RuntimeTask,
        RuntimeViewFunction
    )]
    pub struct Runtime;

    #[runtime::pallet_index(0)]
    pub type System = frame_system;
    #[runtime::pallet_index(1)]
    pub type Timestamp = pallet_timestamp;
    #[runtime::pallet_index(2)]
    pub type Balances = pallet_balances;
    #[runtime::pallet_index(3)]
    pub type TransactionPayment = pallet_transaction_payment;
    #[runtime::pallet_index(4)]
    pub type Sudo = pallet_sudo;
    #[runtime::pallet_index(5)]
    pub type WasmContracts = pallet_wasm_contracts;
    #[runtime::pallet_index(6)]
    pub type Aura = pallet_aura;
    #[runtime::pallet_index(7)]
    pub type Grandpa = pallet_grandpa;
    #[runtime::pallet_index(8)]
    pub type MultiBlockMigrations = pallet_migrations;
    /// pallet-contracts' calls and events over `WasmContracts`, for the
    /// clients ink! authors use (`pallet_wasm_contracts::compat`).
    #[runtime::pallet_index(9)]
    pub type Contracts = pallet_wasm_contracts::compat;
}

/// How transactions name their sender.
pub type Address = MultiAddress<AccountId, ()>;
/// A block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// A block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// The checks every signed transaction passes; all of them are known to polkadot.js.
pub type TxExtension = (
    frame_system::CheckNonZeroSender<Runtime>,
    frame_system::CheckSpecVersion<Runtime>,
    frame_system::CheckTxVersion<Runtime>,
    frame_system::CheckGenesis<Runtime>,
    frame_system::CheckEra<Runtime>,
    frame_system::CheckNonce<Runtime>,
    frame_system::CheckWeight<Runtime>,
    pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
);
/// A transaction as it arrives.
pub type UncheckedExtrinsic =
    generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// What a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;
/// Dispatches to the pallets.
pub type Executive = frame_executive::Executive<
    Runtime,
    Block,
    frame_system::ChainContext<Runtime>,
    Runtime,
    AllPalletsWithSystem,
>;

#[cfg(test)]
mod tests {
    use frame_support::dispatch::{DispatchClass, GetDispatchInfo};

    use super::*;

    #[test]
    fn the_largest_code_an_upload_accepts_fits_one_transaction() {
        let code = vec![0; VmLimits::get().code.max_code_len as usize];
        let upload = RuntimeCall::WasmContracts(pallet_wasm_contracts::Call::upload_code {
            code,
            storage_deposit_limit: None,
        });
        let weight = upload.get_dispatch_info().total_weight();
        let max = RuntimeBlockWeights::get()
            .get(DispatchClass::Normal)
            .max_extrinsic
            .expect("normal transactions have a limit");
        assert!(weight.all_lte(max), "{weight:?} exceeds {max:?}");
    }
}
