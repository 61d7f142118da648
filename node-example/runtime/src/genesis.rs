//! Genesis presets: `development` (the `--dev` chain) and `local_testnet`.
//! Both fund the well-known dev accounts and make Alice sudo.

use alloc::vec::Vec;

use sp_genesis_builder::PresetId;
use sp_keyring::Sr25519Keyring;

use crate::{AccountId, BalancesConfig, RuntimeGenesisConfig, SudoConfig, UNIT};

/// Every preset this runtime offers.
pub const PRESETS: [&str; 2] = [
    sp_genesis_builder::DEV_RUNTIME_PRESET,
    sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
];

/// What each dev account starts with: a million units.
pub const ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// The JSON patch of the preset `id`, if there is one.
pub fn preset(id: &PresetId) -> Option<Vec<u8>> {
    let name: &str = id.as_ref();
    if !PRESETS.contains(&name) {
        return None;
    }
    let config = genesis(
        Sr25519Keyring::well_known()
            .map(|key| key.to_account_id())
            .collect(),
        Sr25519Keyring::Alice.to_account_id(),
    );
    serde_json::to_vec(&config).ok()
}

fn genesis(endowed: Vec<AccountId>, sudo: AccountId) -> RuntimeGenesisConfig {
    RuntimeGenesisConfig {
        balances: BalancesConfig {
            balances: endowed
                .into_iter()
                .map(|account| (account, ENDOWMENT))
                .collect(),
            ..Default::default()
        },
        sudo: SudoConfig { key: Some(sudo) },
        ..Default::default()
    }
}
