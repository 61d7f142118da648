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
use frame_support::traits::tokens::{Fortitude, Precision, Preservation};
use runtime_vm_primitives::Abi;
use sp_core::H256;
use sp_runtime::AccountId32;

use crate::interface::wasm_contracts_vm;
use crate::metering::DepositMeter;
use crate::primitives::{self, ContractInfo, Effect, Label, PreparedCode, StorageLayout, Transfer};
use crate::{
    CodeIdOf, CodeInfo, CodeInfoOf, Config, ContractAccessError, ContractInfoOf,
    DelegateDependencies, DelegateDependencyCount, DeletionQueue, DeletionQueueCounter, Error,
    Event, HoldReason, NextCodeId, Pallet, PristineCode, TrieNonce,
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
        let deployer: &[u8; 32] = deployer.as_ref();
        AccountId32::new(primitives::contract_address(deployer, &code_hash.0, salt))
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
    let address: [u8; 32] = contract.clone().into();
    let trie_id = primitives::trie_id(&address, next_trie_nonce::<T>());
    record_contract::<T>(deposits, deployer, contract, code_hash, instance, trie_id)
}

/// The `TrieNonce` the next contract gets; counts it.
fn next_trie_nonce<T: Config>() -> u64 {
    TrieNonce::<T>::mutate(|nonce| {
        let next = *nonce;
        *nonce = nonce.saturating_add(1);
        next
    })
}

/// [`create_contract`] with the child trie `trie_id` (which the node may
/// have written to already).
fn record_contract<T: Config>(
    deposits: &mut DepositMeter<T>,
    deployer: &T::AccountId,
    contract: &T::AccountId,
    code_hash: H256,
    instance: &Instance,
    trie_id: [u8; 32],
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
/// code's reference count, the instance counter and the trie nonce (read
/// too); the deposit reads and writes the origin's and the contract's
/// accounts and the contract's holds.
pub(crate) fn create_contract_weight<T: Config>() -> Weight {
    T::DbWeight::get()
        .reads_writes(6, 7)
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

/// Applies what an execution changed besides contract storage, in the
/// order it did, paying for contracts it created through `deposits`.
///
/// # Errors
///
/// A transfer's `TransferFailed`; a new contract's deposit errors;
/// `VmFailure` if the node reports what cannot be (a contract created
/// with another trie than the chain's next, new code of another ABI).
pub(crate) fn apply_effects<T: Config>(
    deposits: &mut DepositMeter<T>,
    effects: &[Effect],
) -> DispatchResult {
    for effect in effects {
        match effect {
            Effect::Transfer(transfer) => apply_transfer::<T>(transfer)?,
            Effect::Instantiated {
                contract,
                deployer,
                code_hash,
                trie_id,
            } => {
                let nonce = next_trie_nonce::<T>();
                ensure!(
                    primitives::trie_id(contract, nonce) == *trie_id,
                    Error::<T>::VmFailure
                );
                let (contract, deployer) =
                    (AccountId32::new(*contract), AccountId32::new(*deployer));
                let instance = Instance::default();
                record_contract::<T>(
                    deposits,
                    &deployer,
                    &contract,
                    H256(*code_hash),
                    &instance,
                    *trie_id,
                )?;
            }
            Effect::CodeChanged {
                contract,
                code_hash,
            } => change_code::<T>(contract, H256(*code_hash))?,
            Effect::Terminated {
                contract,
                beneficiary,
            } => terminate::<T>(contract, beneficiary)?,
            Effect::DependencyLocked {
                contract,
                code_hash,
            } => lock_dependency::<T>(deposits, contract, H256(*code_hash))?,
            Effect::DependencyUnlocked {
                contract,
                code_hash,
            } => deposits.refund_from(
                contract,
                unlock_dependency::<T>(contract, H256(*code_hash))?,
            )?,
        }
    }
    Ok(())
}

/// The deposit a delegate dependency costs: its entry (contract, code
/// hash, deposit) as any stored item pays, held on the contract.
fn dependency_deposit<T: Config>() -> u128 {
    DepositMeter::<T>::price(1, 32 + 32 + 16)
}

/// Records `contract`'s lock on `code_hash`, a user of the code, paying
/// its deposit through `deposits`.
fn lock_dependency<T: Config>(
    deposits: &mut DepositMeter<T>,
    contract: &[u8; 32],
    code_hash: H256,
) -> DispatchResult {
    ensure!(
        CodeInfoOf::<T>::contains_key(code_hash)
            && !DelegateDependencies::<T>::contains_key(contract, code_hash),
        Error::<T>::VmFailure
    );
    let deposit = dependency_deposit::<T>();
    deposits.hold_on(&AccountId32::new(*contract), deposit)?;
    DelegateDependencies::<T>::insert(contract, code_hash, deposit);
    DelegateDependencyCount::<T>::mutate(contract, |count| *count = count.saturating_add(1));
    add_user::<T>(code_hash);
    Ok(())
}

/// Removes `contract`'s lock on `code_hash` and its user of the code;
/// returns the lock's deposit.
fn unlock_dependency<T: Config>(
    contract: &[u8; 32],
    code_hash: H256,
) -> Result<u128, DispatchError> {
    let deposit =
        DelegateDependencies::<T>::take(contract, code_hash).ok_or(Error::<T>::VmFailure)?;
    DelegateDependencyCount::<T>::mutate_exists(contract, |count| {
        *count = count
            .and_then(|count| count.checked_sub(1))
            .filter(|count| *count > 0);
    });
    remove_user::<T>(code_hash);
    Ok(deposit)
}

/// Applies a transfer an execution made, with the pallet's currency.
fn apply_transfer<T: Config>(transfer: &Transfer) -> DispatchResult {
    let (from, to) = (
        AccountId32::new(transfer.from),
        AccountId32::new(transfer.to),
    );
    T::Currency::transfer(&from, &to, transfer.amount, Preservation::Preserve)
        .map_err(|_| Error::<T>::TransferFailed)?;
    Ok(())
}

/// Makes the contract at `address` run `code_hash` (of its ABI).
fn change_code<T: Config>(address: &[u8; 32], code_hash: H256) -> DispatchResult {
    let mut info = ContractInfoOf::<T>::get(address).ok_or(Error::<T>::ContractNotFound)?;
    let code = CodeInfoOf::<T>::get(code_hash).ok_or(Error::<T>::CodeNotFound)?;
    ensure!(code.abi == info.abi, Error::<T>::VmFailure);
    let old_code_hash = H256(info.code_hash);
    remove_user::<T>(old_code_hash);
    add_user::<T>(code_hash);
    info.code_hash = code_hash.0;
    ContractInfoOf::<T>::insert(address, info);
    Pallet::<T>::deposit_event(Event::ContractCodeUpdated {
        contract: AccountId32::new(*address),
        new_code_hash: code_hash,
        old_code_hash,
    });
    Ok(())
}

/// Removes the contract at `address`: its info goes, its code loses a
/// user, its trie is queued for deletion, its deposits are released and
/// everything its account holds moves to `beneficiary` (the account is
/// reaped unless something else keeps it).
fn terminate<T: Config>(address: &[u8; 32], beneficiary: &[u8; 32]) -> DispatchResult {
    let info = ContractInfoOf::<T>::take(address).ok_or(Error::<T>::ContractNotFound)?;
    remove_user::<T>(H256(info.code_hash));
    // Its locks go with it (their deposits are released below).
    for (code_hash, _) in DelegateDependencies::<T>::drain_prefix(address) {
        remove_user::<T>(code_hash);
    }
    DelegateDependencyCount::<T>::remove(address);
    DeletionQueueCounter::<T>::mutate(|(next_insert, _)| {
        DeletionQueue::<T>::insert(*next_insert, info.trie_id);
        *next_insert = next_insert.saturating_add(1);
    });
    let (contract, beneficiary) = (AccountId32::new(*address), AccountId32::new(*beneficiary));
    T::Currency::release_all(
        &HoldReason::StorageDepositReserve.into(),
        &contract,
        Precision::BestEffort,
    )?;
    let all =
        T::Currency::reducible_balance(&contract, Preservation::Expendable, Fortitude::Polite);
    if contract != beneficiary {
        T::Currency::transfer(&contract, &beneficiary, all, Preservation::Expendable)
            .map_err(|_| Error::<T>::TransferFailed)?;
    }
    Pallet::<T>::deposit_event(Event::Terminated {
        contract,
        beneficiary,
    });
    Ok(())
}

/// What applying `effects` weighs beyond the transfers (which the VM's
/// schedule prices): a new contract as [`create_contract_weight`], new
/// code as [`switch_code_weight`], a termination as [`terminate_weight`].
pub(crate) fn effects_weight<T: Config>(effects: &[Effect]) -> Weight {
    effects.iter().fold(Weight::zero(), |total, effect| {
        let weight = match effect {
            Effect::Transfer(_) => Weight::zero(),
            Effect::Instantiated { .. } => create_contract_weight::<T>(),
            Effect::CodeChanged { .. } => switch_code_weight::<T>(),
            Effect::Terminated { .. } => terminate_weight::<T>(),
            Effect::DependencyLocked { .. } | Effect::DependencyUnlocked { .. } => {
                dependency_weight::<T>()
            }
        };
        total.saturating_add(weight)
    })
}

/// What locking or unlocking a delegate dependency weighs: the code's
/// record, the lock's entry and the count read and written, and the
/// deposit's accounts and holds.
fn dependency_weight<T: Config>() -> Weight {
    T::DbWeight::get()
        .reads_writes(6, 6)
        .saturating_add(Weight::from_parts(
            0,
            proof_of::<CodeInfo<T::AccountId>>() + 2 * 64 + 3 * ACCOUNT_PROOF,
        ))
}

/// What [`terminate`] weighs: the contract's info is read and removed, its
/// code's read and written, its locks (as many as a contract may hold)
/// removed with their codes' records written, the deletion queue's counter
/// and an entry written, the contract's holds and account and the
/// beneficiary's account read and written.
fn terminate_weight<T: Config>() -> Weight {
    let locks = u64::from(runtime_vm_primitives::MAX_DELEGATE_DEPENDENCIES);
    T::DbWeight::get()
        .reads_writes(5 + 2 * locks, 6 + 2 * locks)
        .saturating_add(Weight::from_parts(
            0,
            proof_of::<ContractInfo>()
                + proof_of::<CodeInfo<T::AccountId>>()
                + 3 * ACCOUNT_PROOF
                + 2 * 64,
        ))
}

/// What removing one key of a child trie adds to the storage proof at most:
/// its leaf (a key of at most `max_storage_key_len` plus pallet-contracts'
/// 16-byte hash prefix, a value or its 32-byte hash) and its share of the
/// branch nodes above it.
const DELETED_KEY_PROOF: u64 = 512;

/// Deletes queued tries of terminated contracts, oldest first, within
/// `remaining` weight; returns the weight used. Each key removed is a
/// write and [`DELETED_KEY_PROOF`]; a trie not finished goes on in the
/// next block's idle time.
pub(crate) fn delete_queued_tries<T: Config>(remaining: Weight) -> Weight {
    let db = T::DbWeight::get();
    // The counter's read and write, and a queue entry's read and removal.
    let per_trie = db.reads_writes(2, 2);
    let per_key = db
        .writes(1)
        .saturating_add(Weight::from_parts(0, DELETED_KEY_PROOF));
    let mut used = db.reads(1);
    if remaining.any_lt(used.saturating_add(per_trie).saturating_add(per_key)) {
        return Weight::zero();
    }
    let (next_insert, mut next_delete) = DeletionQueueCounter::<T>::get();
    while next_delete < next_insert {
        let left = remaining.saturating_sub(used).saturating_sub(per_trie);
        // No deletion at all if the runtime prices writes at nothing.
        let by_time = left.ref_time().checked_div(per_key.ref_time());
        let by_proof = left.proof_size() / DELETED_KEY_PROOF;
        let keys = by_time.unwrap_or(0).min(by_proof);
        if keys == 0 || left.any_lt(per_key) {
            break;
        }
        used = used.saturating_add(per_trie);
        let Some(trie_id) = DeletionQueue::<T>::get(next_delete) else {
            next_delete += 1;
            continue;
        };
        let trie = sp_core::storage::ChildInfo::new_default(&trie_id);
        let limit = u32::try_from(keys).unwrap_or(u32::MAX);
        let removed = frame_support::storage::child::clear_storage(&trie, Some(limit), None);
        used = used.saturating_add(per_key.saturating_mul(u64::from(removed.loops)));
        if removed.maybe_cursor.is_some() {
            break;
        }
        DeletionQueue::<T>::remove(next_delete);
        next_delete += 1;
    }
    DeletionQueueCounter::<T>::put((next_insert, next_delete));
    used
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
        trie_nonce: TrieNonce::<T>::hashed_key().to_vec(),
        delegate_dependencies: DelegateDependencies::<T>::final_prefix().to_vec(),
        delegate_dependency_count: DelegateDependencyCount::<T>::final_prefix().to_vec(),
    }
}
