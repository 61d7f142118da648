//! The chain specs `--chain` accepts: `dev` (what `--dev` runs) and `local`.

use node_example_runtime::{AccountId, Runtime, SS58_PREFIX, TOKEN_SYMBOL, WASM_BINARY};
use pallet_wasm_contracts::{GenesisCode, GenesisConfig, GenesisContract};
use sc_service::{ChainType, Properties};
use sp_core::crypto::{AccountId32, Ss58Codec};
use sp_core::Bytes;
use sp_keyring::Sr25519Keyring;

/// This node's chain spec type: no extensions; its genesis runs contracts,
/// so it is built with the VM's host functions.
pub type ChainSpec =
    sc_service::GenericChainSpec<sc_service::NoExtension, crate::service::ContractHostFunctions>;

/// Where the dev chain's genesis token lives:
/// `5Hf1CXn8eqVkzjcrvr58xA2TkXXDGaz3bbYuiHrniigWF6Wp`, the BLAKE2-256 of
/// `node-example/dev-token`, an account nobody holds the key of.
pub fn dev_token() -> AccountId {
    AccountId32::new(sp_io::hashing::blake2_256(b"node-example/dev-token"))
}

/// The `--dev` chain: the `development` genesis preset, one node, and a
/// cw20-base token at [`dev_token`]: `DEV`, 6 decimals, a million each for
/// Alice and Bob, Alice its minter and admin.
pub fn development() -> Result<ChainSpec, String> {
    let alice = Sr25519Keyring::Alice.to_account_id();
    let human = |who: &AccountId| who.to_ss58check_with_version(SS58_PREFIX.into());
    let token = serde_json::json!({
        "name": "Dev Token", "symbol": "DEV", "decimals": 6,
        "initial_balances": [
            {"address": human(&alice), "amount": "1000000000000"},
            {"address": human(&Sr25519Keyring::Bob.to_account_id()), "amount": "1000000000000"}
        ],
        "mint": {"minter": human(&alice)}
    });
    let cw20 = runtime_vm_fixtures::CW20_BASE;
    let contracts = GenesisConfig::<Runtime> {
        code: vec![GenesisCode {
            owner: alice.clone(),
            code: Bytes(cw20.to_vec()),
        }],
        contracts: vec![GenesisContract {
            deployer: alice.clone(),
            code_hash: sp_io::hashing::blake2_256(cw20).into(),
            address: Some(dev_token()),
            input: Bytes(token.to_string().into_bytes()),
            value: 0,
            salt: Bytes(Vec::new()),
            admin: Some(alice),
            label: Bytes(b"dev token".to_vec()),
        }],
    };
    let contracts = serde_json::to_value(contracts).map_err(|e| e.to_string())?;
    build(
        "Development",
        "dev",
        ChainType::Development,
        sp_genesis_builder::DEV_RUNTIME_PRESET,
        serde_json::json!({ "wasmContracts": contracts }),
    )
}

/// A local test chain: the `local_testnet` genesis preset.
pub fn local_testnet() -> Result<ChainSpec, String> {
    build(
        "Local Testnet",
        "local_testnet",
        ChainType::Local,
        sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
        serde_json::json!({}),
    )
}

/// A chain spec of the runtime's genesis `preset` with `patch` over it.
fn build(
    name: &str,
    id: &str,
    chain_type: ChainType,
    preset: &str,
    patch: serde_json::Value,
) -> Result<ChainSpec, String> {
    let wasm = WASM_BINARY.ok_or("the runtime's wasm was not built (SKIP_WASM_BUILD was set)")?;
    Ok(ChainSpec::builder(wasm, Default::default())
        .with_name(name)
        .with_id(id)
        .with_chain_type(chain_type)
        .with_genesis_config_preset_name(preset)
        .with_genesis_config_patch(patch)
        .with_properties(properties())
        .build())
}

/// What wallets show: the token's symbol and decimals, and the address format.
fn properties() -> Properties {
    let mut properties = Properties::new();
    properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
    properties.insert("tokenDecimals".into(), 12.into());
    properties.insert("ss58Format".into(), SS58_PREFIX.into());
    properties
}
