//! The chain specs `--chain` accepts: `dev` (what `--dev` runs) and `local`.

use node_example_runtime::{SS58_PREFIX, TOKEN_SYMBOL, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// This node's chain spec type: no extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The `--dev` chain: the `development` genesis preset, one node.
pub fn development() -> Result<ChainSpec, String> {
    build(
        "Development",
        "dev",
        ChainType::Development,
        sp_genesis_builder::DEV_RUNTIME_PRESET,
    )
}

/// A local test chain: the `local_testnet` genesis preset.
pub fn local_testnet() -> Result<ChainSpec, String> {
    build(
        "Local Testnet",
        "local_testnet",
        ChainType::Local,
        sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
    )
}

fn build(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
    let wasm = WASM_BINARY.ok_or("the runtime's wasm was not built (SKIP_WASM_BUILD was set)")?;
    Ok(ChainSpec::builder(wasm, Default::default())
        .with_name(name)
        .with_id(id)
        .with_chain_type(chain_type)
        .with_genesis_config_preset_name(preset)
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
