//! What the pallet itself keeps: code and its reference counts, contracts
//! and their addresses, admins, and where the node finds all of it.
//!
//! Every change to `CodeInfoOf`, `ContractInfoOf` and `PristineCode` is made
//! here, so a code's reference count is the number of contracts running it
//! whichever path (instantiate, a CosmWasm `Instantiate` or `Migrate`
//! message, `migrate`) changed it.

use alloc::vec::Vec;

use frame_support::pallet_prelude::*;
use frame_support::storage::StoragePrefixedMap;
use frame_support::traits::fungible::{Inspect, Mutate, MutateHold};
use frame_support::traits::tokens::{Precision, Preservation};
use runtime_vm_primitives::Abi;
use sp_core::H256;
use sp_runtime::AccountId32;

use crate::interface::wasm_contracts_vm;
use crate::metering::DepositMeter;
use crate::primitives::{ContractInfo, Label, PreparedCode, StorageLayout, Transfer};
use crate::{
    CodeIdOf, CodeInfo, CodeInfoOf, Config, ContractAccessError, ContractInfoOf, Error, Event,
    HoldReason, NextCodeId, Pallet, PristineCode,
};

/// What a new contract gets besides its code: the salt of its address, and
/// (used by CosmWasm) an admin and a label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Instance {
    /// Part of the address: deployer, code hash and salt decide it.
    pub salt: Vec<u8>,
    /// Who may migrate the contract.
    pub admin: Option<AccountId32>,
    /// Free text, at most 128 bytes.
    pub label: Vec<u8>,
}

impl<T: Config> Pallet<T> {
    /// The address a contract instantiated by `deployer` from `code_hash` with `salt` gets.
    pub fn contract_address(
        deployer: &T::AccountId,
        code_hash: &H256,
        salt: &[u8],
    ) -> T::AccountId {
        let preimage = [
            b"wasm-contracts/address".as_slice(),
            deployer.as_ref(),
            code_hash.as_bytes(),
            salt,
        ]
        .concat();
        AccountId32::new(sp_io::hashing::blake2_256(&preimage))
    }

    /// The value under `key` in `contract`'s child trie.
    ///
    /// # Errors
    ///
    /// [`ContractAccessError::ContractNotFound`] if there is no contract at `contract`.
    pub fn get_storage(
        contract: T::AccountId,
        key: Vec<u8>,
    ) -> Result<Option<Vec<u8>>, ContractAccessError> {
        let address: [u8; 32] = contract.into();
        let info =
            ContractInfoOf::<T>::get(address).ok_or(ContractAccessError::ContractNotFound)?;
        let trie = sp_core::storage::ChildInfo::new_default(&info.trie_id);
        Ok(sp_io::default_child_storage::get(trie.storage_key(), &key))
    }
}

/// Stores validated `code` (hash `code_hash`, described by `prepared`)
/// uploaded by `owner` under the next code id, holding its deposit on
/// `owner` through `deposits`; returns the deposit.
///
/// # Errors
///
/// The deposit's: `StorageDepositLimitExhausted`, `StorageDepositNotEnoughFunds`.
pub(crate) fn store_code<T: Config>(
    deposits: &mut DepositMeter<T>,
    owner: T::AccountId,
    code_hash: H256,
    code: Vec<u8>,
    prepared: &PreparedCode,
) -> Result<u128, DispatchError> {
    // Three entries: the code, its info and its id.
    let bytes = code.len() + CodeInfo::<T::AccountId>::max_encoded_len() + 2 * 32 + 8;
    let deposit = DepositMeter::<T>::price(3, bytes as u64);
    deposits.hold_for_code(deposit)?;
    let code_id = NextCodeId::<T>::mutate(|next| {
        *next += 1;
        *next
    });
    let info = CodeInfo {
        owner: owner.clone(),
        len: code.len() as u32,
        abi: prepared.abi,
        refcount: 0,
        code_id,
        deposit,
        checksum: sp_io::hashing::sha2_256(&code),
        migrate_version: prepared.migrate_version,
    };
    CodeIdOf::<T>::insert(code_id, code_hash);
    PristineCode::<T>::insert(code_hash, code);
    CodeInfoOf::<T>::insert(code_hash, info);
    Pallet::<T>::deposit_event(Event::CodeStored { code_hash, owner });
    Ok(deposit)
}

/// Removes code no contract runs; only its uploader may. Its deposit is
/// released; the node forgets its compiled module and artifact.
pub(crate) fn remove_code<T: Config>(who: &T::AccountId, code_hash: H256) -> DispatchResult {
    let info = CodeInfoOf::<T>::get(code_hash).ok_or(Error::<T>::CodeNotFound)?;
    ensure!(info.owner == *who, Error::<T>::NotCodeOwner);
    ensure!(info.refcount == 0, Error::<T>::CodeInUse);
    T::Currency::release(
        &HoldReason::CodeUploadDepositReserve.into(),
        who,
        info.deposit,
        Precision::BestEffort,
    )?;
    CodeInfoOf::<T>::remove(code_hash);
    PristineCode::<T>::remove(code_hash);
    CodeIdOf::<T>::remove(info.code_id);
    wasm_contracts_vm::forget(&code_hash.0);
    Pallet::<T>::deposit_event(Event::CodeRemoved { code_hash });
    Ok(())
}

/// Creates `contract`, which `deployer` instantiates from `code_hash` with
/// `instance`, paid for through `deposits`, without running any code;
/// returns its ABI.
pub(crate) fn create_contract<T: Config>(
    deposits: &mut DepositMeter<T>,
    deployer: &T::AccountId,
    contract: &T::AccountId,
    code_hash: H256,
    instance: &Instance,
) -> Result<Abi, DispatchError> {
    let label = Label::try_from(instance.label.clone()).map_err(|_| Error::<T>::LabelTooLong)?;
    let abi = CodeInfoOf::<T>::get(code_hash)
        .ok_or(Error::<T>::CodeNotFound)?
        .abi;
    let address: [u8; 32] = contract.clone().into();
    ensure!(
        !ContractInfoOf::<T>::contains_key(address),
        Error::<T>::ContractAlreadyExists
    );
    let trie_id =
        sp_io::hashing::blake2_256(&[b"wasm-contracts/trie".as_slice(), &address].concat());
    let base_deposit =
        deposits.pay_for_contract(contract, ContractInfo::max_encoded_len() as u64)?;
    let info = ContractInfo {
        code_hash: code_hash.0,
        trie_id,
        deployer: deployer.clone().into(),
        abi,
        admin: instance.admin.clone().map(Into::into),
        label,
        storage_bytes: 0,
        storage_items: 0,
        storage_byte_deposit: 0,
        storage_item_deposit: 0,
        base_deposit,
    };
    ContractInfoOf::<T>::insert(address, info);
    add_user::<T>(code_hash);
    Pallet::<T>::deposit_event(Event::Deployed {
        deployer: deployer.clone(),
        contract: contract.clone(),
        code_hash,
    });
    Ok(abi)
}

/// The address wasmd gives the contract `creator` instantiates with
/// `WasmMsg::Instantiate2` from code with SHA-256 `checksum` and `salt`
/// (cosmwasm-std's `instantiate2_address`, ADR-028's module address of the
/// length-prefixed checksum, creator and salt); `None` unless the salt
/// has 1 to 64 bytes, as wasmd requires.
pub(crate) fn instantiate2_address(
    checksum: &[u8; 32],
    creator: &AccountId32,
    salt: &[u8],
) -> Option<AccountId32> {
    if salt.is_empty() || salt.len() > 64 {
        return None;
    }
    let creator: &[u8] = creator.as_ref();
    let prefixed = |bytes: &[u8]| [&(bytes.len() as u64).to_be_bytes()[..], bytes].concat();
    // No instantiation message is part of the address (`fix_msg` false).
    let key = [
        b"wasm\0".as_slice(),
        &prefixed(checksum),
        &prefixed(creator),
        &prefixed(salt),
        &prefixed(&[]),
    ]
    .concat();
    let module = sp_io::hashing::sha2_256(b"module");
    let address = sp_io::hashing::sha2_256(&[module.as_slice(), &key].concat());
    Some(AccountId32::new(address))
}

/// The migrate versions (`cw_migrate_version`) of a contract's code before
/// and after a switch.
pub(crate) struct MigrateVersions {
    pub(crate) old: Option<u64>,
    pub(crate) new: Option<u64>,
}

impl MigrateVersions {
    /// Whether `migrate` runs, as on wasmd: unless both codes have a
    /// migrate version and it is the same.
    pub(crate) fn call_migrate(&self) -> bool {
        self.old.is_none() || self.old != self.new
    }
}

/// Moves CosmWasm `contract` to the CosmWasm code `code_hash`, if `sender`
/// is its admin; returns both codes' migrate versions. Moving a contract to
/// the code it runs changes nothing.
pub(crate) fn switch_code<T: Config>(
    sender: &AccountId32,
    contract: &AccountId32,
    code_hash: H256,
) -> Result<MigrateVersions, DispatchError> {
    let (address, mut info) = administered::<T>(sender, contract)?;
    let new_code = CodeInfoOf::<T>::get(code_hash).ok_or(Error::<T>::CodeNotFound)?;
    ensure!(new_code.abi == Abi::CosmWasm, Error::<T>::NotCosmWasm);
    let old_hash = H256(info.code_hash);
    let old = CodeInfoOf::<T>::get(old_hash).and_then(|code| code.migrate_version);
    let versions = MigrateVersions {
        old,
        new: new_code.migrate_version,
    };
    if old_hash == code_hash {
        return Ok(versions);
    }
    remove_user::<T>(old_hash);
    add_user::<T>(code_hash);
    info.code_hash = code_hash.0;
    ContractInfoOf::<T>::insert(address, info);
    Ok(versions)
}

/// Makes `admin` the admin of CosmWasm `contract` (`None`: no admin); only its admin may.
pub(crate) fn set_admin<T: Config>(
    sender: &AccountId32,
    contract: &AccountId32,
    admin: Option<AccountId32>,
) -> DispatchResult {
    let (address, mut info) = administered::<T>(sender, contract)?;
    info.admin = admin.clone().map(Into::into);
    ContractInfoOf::<T>::insert(address, info);
    Pallet::<T>::deposit_event(Event::AdminChanged {
        contract: contract.clone(),
        admin,
    });
    Ok(())
}

/// What the pallet's storage work for a CosmWasm `Instantiate` message
/// weighs, charged to the call before [`create_contract`] does it: it reads
/// the code's and the address's entries and writes the contract's, the
/// code's reference count and the instance counter; the deposit reads and
/// writes the origin's and the contract's accounts and the contract's holds.
pub(crate) fn create_contract_weight<T: Config>() -> Weight {
    T::DbWeight::get()
        .reads_writes(5, 6)
        .saturating_add(Weight::from_parts(
            0,
            proof_of::<ContractInfo>() + proof_of::<CodeInfo<T::AccountId>>() + 3 * ACCOUNT_PROOF,
        ))
}

/// What recording and settling the storage changes of `contracts`
/// contracts weighs, charged to the call once an execution reports them:
/// per contract, its info is read and written, and settling its deposit
/// reads and writes the origin's and its account and its holds.
pub(crate) fn storage_change_weight<T: Config>(contracts: usize) -> Weight {
    let per_contract = T::DbWeight::get()
        .reads_writes(4, 4)
        .saturating_add(Weight::from_parts(
            0,
            proof_of::<ContractInfo>() + 3 * ACCOUNT_PROOF,
        ));
    per_contract.saturating_mul(contracts as u64)
}

/// The most an account's entry (in `System::Account`) or its holds (in
/// `Balances::Holds`) add to the storage proof: key and value, with room.
const ACCOUNT_PROOF: u64 = 256;

/// What [`switch_code`] weighs, charged before a CosmWasm `Migrate` message
/// does it: the contract's entry and both codes' are read and written.
pub(crate) fn switch_code_weight<T: Config>() -> Weight {
    T::DbWeight::get()
        .reads_writes(3, 3)
        .saturating_add(Weight::from_parts(
            0,
            proof_of::<ContractInfo>() + 2 * proof_of::<CodeInfo<T::AccountId>>(),
        ))
}

/// The most one entry of a map of `V` adds to the storage proof: its key
/// (pallet and item prefixes, a 16-byte hash and a 32-byte key) and value.
fn proof_of<V: MaxEncodedLen>() -> u64 {
    (16 + 16 + 16 + 32 + V::max_encoded_len()) as u64
}

/// CosmWasm `contract`'s address and info, if `sender` is its admin.
fn administered<T: Config>(
    sender: &AccountId32,
    contract: &AccountId32,
) -> Result<([u8; 32], ContractInfo), DispatchError> {
    let address: [u8; 32] = contract.clone().into();
    let info = ContractInfoOf::<T>::get(address).ok_or(Error::<T>::ContractNotFound)?;
    ensure!(info.abi == Abi::CosmWasm, Error::<T>::NotCosmWasm);
    ensure!(
        info.admin == Some(sender.clone().into()),
        Error::<T>::NotAdmin
    );
    Ok((address, info))
}

/// Counts one more contract running `code_hash`.
fn add_user<T: Config>(code_hash: H256) {
    CodeInfoOf::<T>::mutate(code_hash, |code| {
        if let Some(code) = code {
            code.refcount = code.refcount.saturating_add(1);
        }
    });
}

/// Counts one contract fewer running `code_hash`.
fn remove_user<T: Config>(code_hash: H256) {
    CodeInfoOf::<T>::mutate(code_hash, |code| {
        if let Some(code) = code {
            code.refcount = code.refcount.saturating_sub(1);
        }
    });
}

/// Applies the transfers an execution made, with the pallet's currency.
pub(crate) fn apply_transfers<T: Config>(transfers: &[Transfer]) -> DispatchResult {
    for transfer in transfers {
        let (from, to) = (
            AccountId32::new(transfer.from),
            AccountId32::new(transfer.to),
        );
        T::Currency::transfer(&from, &to, transfer.amount, Preservation::Preserve)
            .map_err(|_| Error::<T>::TransferFailed)?;
    }
    Ok(())
}

/// Where the node finds contracts, code and balances in this runtime's storage.
pub(crate) fn layout<T: Config>() -> StorageLayout {
    StorageLayout {
        contract_info: ContractInfoOf::<T>::final_prefix().to_vec(),
        code: PristineCode::<T>::final_prefix().to_vec(),
        accounts: frame_system::Account::<T>::final_prefix().to_vec(),
        code_info: CodeInfoOf::<T>::final_prefix().to_vec(),
        code_ids: CodeIdOf::<T>::final_prefix().to_vec(),
        nonce_len: T::Nonce::max_encoded_len() as u32,
        existential_deposit: T::Currency::minimum_balance(),
    }
}
