//! Code and contracts a chain starts with, from its chain spec.
//!
//! Genesis code is stored as an upload would store it (validated, compiled
//! on the node, its deposit held on its owner) and genesis contracts are
//! instantiated as `instantiate` would, running their instantiation entry
//! point (native `deploy`, CosmWasm `instantiate`), paid by their deployer,
//! in the order listed, within a block's weight each. A chain spec whose code
//! or contract fails is refused when its genesis is built, naming it.

use frame_support::traits::Get;
use frame_support::{Deserialize, Serialize};
use sp_core::{Bytes, H256};

use crate::exec::Instantiation;
use crate::{Config, Instance, Pallet};

/// Code stored at genesis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct GenesisCode<AccountId> {
    /// Its owner, who holds its deposit.
    pub owner: AccountId,
    /// The wasm.
    pub code: Bytes,
}

/// A contract instantiated at genesis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(crate = "frame_support::__private::serde", rename_all = "camelCase")]
pub struct GenesisContract<AccountId> {
    /// Who instantiates it and pays its deposits.
    pub deployer: AccountId,
    /// Its code (stored at genesis or not).
    pub code_hash: H256,
    /// Its address; `None` for the one `instantiate` derives (deployer,
    /// code hash and salt).
    pub address: Option<AccountId>,
    /// The input of its instantiation entry point (CosmWasm: the JSON message).
    pub input: Bytes,
    /// Value moved from the deployer to it.
    pub value: u128,
    /// The salt of its derived address.
    pub salt: Bytes,
    /// Its admin (CosmWasm), if any.
    pub admin: Option<AccountId>,
    /// Its label.
    pub label: Bytes,
}

/// Stores `code` and instantiates `contracts`, in order.
///
/// # Panics
///
/// If any fails: the chain spec is wrong, and no chain starts from it.
pub(crate) fn build<T: Config>(
    code: &[GenesisCode<T::AccountId>],
    contracts: &[GenesisContract<T::AccountId>],
) {
    for GenesisCode { owner, code } in code {
        if let Err(error) = Pallet::<T>::upload(owner.clone(), code.0.clone(), None) {
            panic!("genesis code owned by {owner:?}: {error:?}");
        }
    }
    let gas_limit = T::BlockWeights::get().max_block;
    for contract in contracts {
        let address = contract.address.clone().unwrap_or_else(|| {
            Pallet::<T>::contract_address(&contract.deployer, &contract.code_hash, &contract.salt)
        });
        let instantiation = Instantiation {
            deployer: contract.deployer.clone(),
            code_hash: contract.code_hash,
            input: contract.input.0.clone(),
            value: contract.value,
        };
        let instance = Instance {
            salt: contract.salt.0.clone(),
            admin: contract.admin.clone(),
            label: contract.label.0.clone(),
        };
        let outcome =
            Pallet::<T>::instantiate_at(address.clone(), instantiation, gas_limit, None, instance);
        if let Err(error) = outcome.result {
            let returned = alloc::string::String::from_utf8_lossy(&outcome.return_data);
            panic!("genesis contract {address:?}: {error:?} ({returned})");
        }
    }
}
