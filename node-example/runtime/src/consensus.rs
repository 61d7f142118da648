//! Block production and finality for `--chain local`: Aura authors a block
//! per slot in turn, GRANDPA finalizes. The validators come from the
//! `local_testnet` genesis preset; the `development` preset has none and its
//! blocks are sealed instantly by the node, without either.

// `impl_opaque_keys!` expands to code that names `Vec` unqualified.
use alloc::vec::Vec;

use frame_support::traits::{ConstBool, ConstU32, ConstU64, OnTimestampSet};
use sp_runtime::impl_opaque_keys;

use crate::{Aura, Grandpa, Runtime, RuntimeEvent};

/// Milliseconds per Aura slot: a block every six seconds, Substrate's usual.
/// A block may hold two seconds of computation (`RuntimeBlockWeights`, which
/// the largest code upload needs); its author has two thirds of the slot to
/// build it and its peers need as long again to import it before the next.
pub const SLOT_DURATION_MS: u64 = 6_000;

/// The most validators a set may hold.
const MAX_AUTHORITIES: u32 = 32;

/// An Aura authority's key (sr25519).
pub type AuraId = sp_consensus_aura::sr25519::AuthorityId;
/// A GRANDPA voter's key (ed25519).
pub type GrandpaId = sp_consensus_grandpa::AuthorityId;

impl_opaque_keys! {
    /// A validator's keys: `--alice` style flags put the dev ones in the keystore.
    pub struct SessionKeys {
        /// Signs the blocks it authors.
        pub aura: Aura,
        /// Votes on finality.
        pub grandpa: Grandpa,
    }
}

impl pallet_aura::Config for Runtime {
    type AuthorityId = AuraId;
    type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
    type DisabledValidators = ();
    type AllowMultipleBlocksPerSlot = ConstBool<false>;
    type SlotDuration = ConstU64<SLOT_DURATION_MS>;
}

impl pallet_grandpa::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type WeightInfo = ();
    type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
    type MaxNominators = ConstU32<0>;
    type MaxSetIdSessionEntries = ConstU64<0>;
    type KeyOwnerProof = sp_core::Void;
    type EquivocationReportSystem = ();
}

/// Aura's check that a block's timestamp lies in its slot, on the chains
/// that have Aura validators. A `--dev` chain has none: its blocks carry no
/// slot, and instant seal may author several within one.
pub struct AuraSlotCheck;

impl OnTimestampSet<u64> for AuraSlotCheck {
    fn on_timestamp_set(moment: u64) {
        if Aura::authorities_len() > 0 {
            <Aura as OnTimestampSet<u64>>::on_timestamp_set(moment);
        }
    }
}

#[cfg(test)]
mod tests {
    use frame_support::genesis_builder_helper::build_state;
    use sp_consensus_aura::Slot;
    use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

    use super::*;
    use crate::{genesis, RuntimeGenesisConfig};

    /// The chain state of genesis preset `id`.
    fn chain(id: &str) -> sp_io::TestExternalities {
        let patch = genesis::preset(&id.into()).expect("the preset exists");
        let mut ext = sp_io::TestExternalities::default();
        ext.execute_with(|| build_state::<RuntimeGenesisConfig>(patch).expect("the preset builds"));
        ext
    }

    #[test]
    fn local_testnet_has_alice_bob_charlie_and_dave_as_validators_and_dev_has_none() {
        chain(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
            let authors: Vec<AuraId> = pallet_aura::Authorities::<Runtime>::get().into_inner();
            let expected = [
                Sr25519Keyring::Alice,
                Sr25519Keyring::Bob,
                Sr25519Keyring::Charlie,
                Sr25519Keyring::Dave,
            ];
            assert_eq!(
                authors,
                expected.map(|key| AuraId::from(key.public())).to_vec()
            );
            let voters = Grandpa::grandpa_authorities();
            let expected = [
                Ed25519Keyring::Alice,
                Ed25519Keyring::Bob,
                Ed25519Keyring::Charlie,
                Ed25519Keyring::Dave,
            ];
            assert_eq!(
                voters,
                expected
                    .map(|key| (GrandpaId::from(key.public()), 1))
                    .to_vec()
            );
            assert_eq!(Aura::slot_duration(), SLOT_DURATION_MS);
        });
        chain(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
            assert_eq!(Aura::authorities_len(), 0);
            assert!(Grandpa::grandpa_authorities().is_empty());
        });
    }

    #[test]
    fn a_dev_block_carries_no_slot_and_any_timestamp_passes() {
        chain(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
            AuraSlotCheck::on_timestamp_set(1);
            AuraSlotCheck::on_timestamp_set(SLOT_DURATION_MS * 7 + 1);
        });
    }

    #[test]
    fn with_validators_a_timestamp_must_lie_in_the_blocks_slot() {
        chain(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
            pallet_aura::CurrentSlot::<Runtime>::put(Slot::from(7));
            AuraSlotCheck::on_timestamp_set(SLOT_DURATION_MS * 7 + 1);
            let outside = std::panic::catch_unwind(|| {
                AuraSlotCheck::on_timestamp_set(SLOT_DURATION_MS * 8);
            });
            assert!(outside.is_err(), "a timestamp of slot 8 in slot 7 passed");
        });
    }
}
