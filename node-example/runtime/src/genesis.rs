//! Genesis presets: `development` (the `--dev` chain: no validators, blocks
//! sealed instantly) and `local_testnet` (`--chain local`: Alice, Bob,
//! Charlie and Dave author with Aura and vote with GRANDPA; any one of them
//! may stop without stopping finality). Both fund the well-known
//! dev accounts and make Alice sudo.

use alloc::vec::Vec;

use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::consensus::{AuraId, GrandpaId};
use crate::{AccountId, AuraConfig, BalancesConfig, GrandpaConfig, RuntimeGenesisConfig};
use crate::{SudoConfig, UNIT};

/// Every preset this runtime offers.
pub const PRESETS: [&str; 2] = [
    sp_genesis_builder::DEV_RUNTIME_PRESET,
    sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
];

/// What each dev account starts with: a million units.
pub const ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// The validators of `local_testnet`, in Aura's authoring order: each one's
/// Aura key and GRANDPA key, the ones `--alice` (and so on) put in the keystore.
pub const LOCAL_VALIDATORS: [(Sr25519Keyring, Ed25519Keyring); 4] = [
    (Sr25519Keyring::Alice, Ed25519Keyring::Alice),
    (Sr25519Keyring::Bob, Ed25519Keyring::Bob),
    (Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
    (Sr25519Keyring::Dave, Ed25519Keyring::Dave),
];

/// The JSON patch of the preset `id`, if there is one.
pub fn preset(id: &PresetId) -> Option<Vec<u8>> {
    let validators: &[(Sr25519Keyring, Ed25519Keyring)] = match id.as_ref() {
        sp_genesis_builder::DEV_RUNTIME_PRESET => &[],
        sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => &LOCAL_VALIDATORS,
        _ => return None,
    };
    let config = genesis(
        Sr25519Keyring::well_known()
            .map(|key| key.to_account_id())
            .collect(),
        Sr25519Keyring::Alice.to_account_id(),
        validators,
    );
    serde_json::to_vec(&config).ok()
}

fn genesis(
    endowed: Vec<AccountId>,
    sudo: AccountId,
    validators: &[(Sr25519Keyring, Ed25519Keyring)],
) -> RuntimeGenesisConfig {
    RuntimeGenesisConfig {
        balances: BalancesConfig {
            balances: endowed
                .into_iter()
                .map(|account| (account, ENDOWMENT))
                .collect(),
            ..Default::default()
        },
        sudo: SudoConfig { key: Some(sudo) },
        aura: AuraConfig {
            authorities: validators
                .iter()
                .map(|(author, _)| AuraId::from(author.public()))
                .collect(),
        },
        grandpa: GrandpaConfig {
            authorities: validators
                .iter()
                .map(|(_, voter)| (GrandpaId::from(voter.public()), 1))
                .collect(),
            ..Default::default()
        },
        ..Default::default()
    }
}
