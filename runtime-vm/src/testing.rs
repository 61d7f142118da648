//! An in-memory [`Host`] for tests, tools and benchmarks.
//!
//! Storage, balances and deployed contracts live in ordered maps. Transactions
//! are undo logs: each open transaction records the previous value of every
//! entry it changes, a rollback replays its log backwards and a commit hands
//! the log to the enclosing transaction. No state is ever copied.

use std::collections::BTreeMap;

use crate::hashing::BLAKE2_256;
use crate::host::{
    Address, Balance, CodeHash, CodeMeta, ContractCode, ContractMeta, DependencyError, Host,
    LifecycleError, TransferError,
};

/// Contract storage: contract, key → value.
pub type Storage = BTreeMap<Address, BTreeMap<Vec<u8>, Vec<u8>>>;

/// A complete, transactional chain state in memory.
#[derive(Clone, Debug, Default)]
pub struct MockHost {
    storage: Storage,
    balances: BTreeMap<Address, Balance>,
    contracts: BTreeMap<Address, CodeHash>,
    codes: BTreeMap<CodeHash, Vec<u8>>,
    contract_metas: BTreeMap<Address, ContractMeta>,
    dependencies: BTreeMap<Address, std::collections::BTreeSet<CodeHash>>,
    code_metas: BTreeMap<u64, CodeMeta>,
    /// One undo log per open transaction, innermost last.
    journal: Vec<Vec<Undo>>,
    work: Work,
    /// Bytes of keys and values read past which the proof size is exhausted.
    proof_size_limit: Option<u64>,
}

/// What a [`MockHost`] was asked to do, for tests that hold what a contract
/// was charged against the work it made the host do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// Storage reads.
    pub reads: u64,
    /// Bytes of keys and values read, including the values writes and
    /// removals replaced.
    pub read_bytes: u64,
    /// Steps to the next key (iteration).
    pub next_keys: u64,
    /// Storage writes and removals.
    pub writes: u64,
    /// Code fetched ([`Host::code`]: module cache misses).
    pub code_fetches: u64,
}

#[derive(Clone, Debug)]
enum Undo {
    Storage {
        contract: Address,
        key: Vec<u8>,
        previous: Option<Vec<u8>>,
    },
    Balance {
        who: Address,
        previous: Balance,
    },
    Contract {
        address: Address,
        previous: Option<CodeHash>,
    },
    ContractStorage {
        contract: Address,
        previous: BTreeMap<Vec<u8>, Vec<u8>>,
    },
    Dependency {
        contract: Address,
        code: CodeHash,
        locked: bool,
    },
}

impl MockHost {
    /// An empty chain.
    pub fn new() -> Self {
        Self::default()
    }

    /// What the host has been asked to do so far.
    pub fn work(&self) -> Work {
        self.work
    }

    /// Counts the bytes of keys and values read ([`Work::read_bytes`]) as
    /// proof size, and exhausts it past `limit`; without a limit the host
    /// builds no proof.
    pub fn limit_proof_size(&mut self, limit: u64) {
        self.proof_size_limit = Some(limit);
    }

    /// Stores `code` and places a contract running it at `address`; returns the code hash.
    pub fn add_contract(&mut self, address: Address, code: Vec<u8>) -> CodeHash {
        let hash = self.add_code(code);
        self.contracts.insert(address, hash);
        hash
    }

    /// Stores `code` under its hash, for no contract (a delegate call's).
    pub fn add_code(&mut self, code: Vec<u8>) -> CodeHash {
        let hash = crate::code_hash(&code);
        self.codes.insert(hash, code);
        hash
    }

    /// The code the contract at `address` runs, if there is one.
    pub fn contract(&self, address: &Address) -> Option<CodeHash> {
        self.contracts.get(address).copied()
    }

    /// The address [`Host::instantiate`] gives the contract `deployer`
    /// instantiates from `code` with `salt`: the BLAKE2b-256 of the three.
    pub fn contract_address(deployer: &Address, code: &CodeHash, salt: &[u8]) -> Address {
        BLAKE2_256.digest(&[deployer.as_slice(), code, salt].concat())
    }

    /// The codes the contract at `address` locked as delegate dependencies.
    pub fn dependencies(&self, address: &Address) -> Vec<CodeHash> {
        self.dependencies
            .get(address)
            .map(|codes| codes.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Records what CosmWasm's `ContractInfo` query returns for `address`.
    pub fn set_contract_meta(&mut self, address: Address, meta: ContractMeta) {
        self.contract_metas.insert(address, meta);
    }

    /// Records what CosmWasm's `CodeInfo` query returns for `code_id`.
    pub fn set_code_meta(&mut self, code_id: u64, meta: CodeMeta) {
        self.code_metas.insert(code_id, meta);
    }

    /// Sets the free balance of `who`.
    pub fn set_balance(&mut self, who: Address, balance: Balance) {
        self.balances.insert(who, balance);
    }

    /// The free balance of `who`.
    pub fn free_balance(&self, who: &Address) -> Balance {
        self.balances.get(who).copied().unwrap_or(0)
    }

    /// Sum of every balance (conservation checks).
    pub fn total_issuance(&self) -> Balance {
        self.balances.values().sum()
    }

    /// Every contract's storage.
    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// One contract's storage (empty if it has none).
    pub fn contract_storage(&self, contract: &Address) -> BTreeMap<Vec<u8>, Vec<u8>> {
        self.storage.get(contract).cloned().unwrap_or_default()
    }

    /// Writes a storage entry directly, outside any contract.
    pub fn set_storage(&mut self, contract: Address, key: Vec<u8>, value: Vec<u8>) {
        self.storage.entry(contract).or_default().insert(key, value);
    }

    /// Number of transactions open (0 between executions).
    pub fn open_transactions(&self) -> usize {
        self.journal.len()
    }

    fn record(&mut self, undo: Undo) {
        if let Some(log) = self.journal.last_mut() {
            log.push(undo);
        }
    }

    /// Puts `value` under `key` of `contract`'s storage (`None` removes
    /// it), undoably; returns the length of the value it replaced.
    fn put_storage(&mut self, contract: &Address, key: &[u8], value: Option<&[u8]>) -> Option<u32> {
        let previous = match (value, self.storage.get_mut(contract)) {
            (Some(value), Some(map)) => map.insert(key.to_vec(), value.to_vec()),
            (Some(value), None) => {
                let map = BTreeMap::from([(key.to_vec(), value.to_vec())]);
                self.storage.insert(*contract, map);
                None
            }
            (None, Some(map)) => {
                let previous = map.remove(key);
                if map.is_empty() {
                    self.storage.remove(contract);
                }
                previous
            }
            // Nothing to remove: no map is made only to be dropped.
            (None, None) => None,
        };
        // Counted as read: a chain host reads the replaced value to know it.
        let len = previous.as_ref().map(Vec::len);
        self.work.read_bytes += (key.len() + len.unwrap_or(0)) as u64;
        if let Some(log) = self.journal.last_mut() {
            log.push(Undo::Storage {
                contract: *contract,
                key: key.to_vec(),
                previous,
            });
        }
        len.map(|len| len as u32)
    }

    fn put_contract(&mut self, address: &Address, code: Option<CodeHash>) {
        let previous = match code {
            Some(code) => self.contracts.insert(*address, code),
            None => self.contracts.remove(address),
        };
        self.record(Undo::Contract {
            address: *address,
            previous,
        });
    }

    /// Locks (`locked`) or unlocks `code` for `contract`, undoably.
    fn put_dependency(&mut self, contract: &Address, code: &CodeHash, locked: bool) {
        let codes = self.dependencies.entry(*contract).or_default();
        match locked {
            true => codes.insert(*code),
            false => codes.remove(code),
        };
        self.record(Undo::Dependency {
            contract: *contract,
            code: *code,
            locked: !locked,
        });
    }

    fn put_balance(&mut self, who: &Address, balance: Balance) {
        let previous = self.balances.insert(*who, balance).unwrap_or(0);
        self.record(Undo::Balance {
            who: *who,
            previous,
        });
    }
}

impl Host for MockHost {
    fn storage_read(&mut self, contract: &Address, key: &[u8]) -> Option<Vec<u8>> {
        let value = self.storage.get(contract)?.get(key).cloned();
        self.work.reads += 1;
        self.work.read_bytes += (key.len() + value.as_ref().map_or(0, Vec::len)) as u64;
        value
    }

    fn storage_write(&mut self, contract: &Address, key: &[u8], value: &[u8]) -> Option<u32> {
        self.work.writes += 1;
        self.put_storage(contract, key, Some(value))
    }

    fn storage_remove(&mut self, contract: &Address, key: &[u8]) -> Option<u32> {
        self.work.writes += 1;
        self.put_storage(contract, key, None)
    }

    fn storage_next_key(&mut self, contract: &Address, key: &[u8]) -> Option<Vec<u8>> {
        use std::ops::Bound::{Excluded, Unbounded};
        self.work.next_keys += 1;
        let map = self.storage.get(contract)?;
        let range = (Excluded(key.to_vec()), Unbounded);
        map.range::<Vec<u8>, _>(range)
            .next()
            .map(|(k, _)| k.clone())
    }

    fn balance(&mut self, who: &Address) -> Balance {
        self.free_balance(who)
    }

    fn transfer(
        &mut self,
        from: &Address,
        to: &Address,
        amount: Balance,
    ) -> Result<(), TransferError> {
        let from_balance = self.free_balance(from);
        let remaining = from_balance
            .checked_sub(amount)
            .ok_or(TransferError::InsufficientBalance)?;
        if from == to {
            return Ok(());
        }
        let credited = self
            .free_balance(to)
            .checked_add(amount)
            .ok_or_else(|| TransferError::Refused("balance overflow".into()))?;
        self.put_balance(from, remaining);
        self.put_balance(to, credited);
        Ok(())
    }

    fn contract_code(&mut self, address: &Address) -> Option<ContractCode> {
        let hash = *self.contracts.get(address)?;
        self.stored_code(&hash)
    }

    fn stored_code(&mut self, hash: &CodeHash) -> Option<ContractCode> {
        Some(ContractCode {
            hash: *hash,
            len: self.codes.get(hash)?.len() as u32,
        })
    }

    fn code(&mut self, hash: &CodeHash) -> Option<Vec<u8>> {
        self.work.code_fetches += 1;
        self.codes.get(hash).cloned()
    }

    fn instantiate(
        &mut self,
        deployer: &Address,
        code: &CodeHash,
        salt: &[u8],
    ) -> Result<Address, LifecycleError> {
        if !self.codes.contains_key(code) {
            return Err(LifecycleError::CodeNotFound);
        }
        let address = Self::contract_address(deployer, code, salt);
        if self.contracts.contains_key(&address) {
            return Err(LifecycleError::DuplicateContract);
        }
        self.put_contract(&address, Some(*code));
        Ok(address)
    }

    fn terminate(&mut self, contract: &Address, beneficiary: &Address) {
        self.put_contract(contract, None);
        for code in self.dependencies(contract) {
            self.put_dependency(contract, &code, false);
        }
        if let Some(previous) = self.storage.remove(contract) {
            self.record(Undo::ContractStorage {
                contract: *contract,
                previous,
            });
        }
        let all = self.free_balance(contract);
        if all > 0 && contract != beneficiary {
            self.put_balance(contract, 0);
            let payee = self.free_balance(beneficiary).saturating_add(all);
            self.put_balance(beneficiary, payee);
        }
    }

    /// The mock does not know a code's ABI: code of another ABI is set,
    /// and the contract's next call traps with `AbiMismatch`.
    fn set_code(&mut self, contract: &Address, code: &CodeHash) -> Result<(), LifecycleError> {
        if !self.codes.contains_key(code) {
            return Err(LifecycleError::CodeNotFound);
        }
        self.put_contract(contract, Some(*code));
        Ok(())
    }

    fn lock_dependency(
        &mut self,
        contract: &Address,
        code: &CodeHash,
    ) -> Result<(), DependencyError> {
        if !self.codes.contains_key(code) {
            return Err(DependencyError::CodeNotFound);
        }
        if self.contracts.get(contract) == Some(code) {
            return Err(DependencyError::OwnCode);
        }
        let locked = self.dependencies.get(contract);
        if locked.is_some_and(|codes| codes.contains(code)) {
            return Err(DependencyError::AlreadyLocked);
        }
        if locked.is_some_and(|codes| codes.len() >= crate::MAX_DELEGATE_DEPENDENCIES as usize) {
            return Err(DependencyError::TooMany);
        }
        self.put_dependency(contract, code, true);
        Ok(())
    }

    fn unlock_dependency(
        &mut self,
        contract: &Address,
        code: &CodeHash,
    ) -> Result<(), DependencyError> {
        let locked = self.dependencies.get(contract);
        if !locked.is_some_and(|codes| codes.contains(code)) {
            return Err(DependencyError::NotLocked);
        }
        self.put_dependency(contract, code, false);
        Ok(())
    }

    fn contract_meta(&mut self, address: &Address) -> Option<ContractMeta> {
        self.contract_metas.get(address).cloned()
    }

    fn code_meta(&mut self, code_id: u64) -> Option<CodeMeta> {
        self.code_metas.get(&code_id).cloned()
    }

    fn proof_size_exhausted(&self) -> bool {
        self.proof_size_limit
            .is_some_and(|limit| self.work.read_bytes > limit)
    }

    fn start_transaction(&mut self) {
        self.journal.push(Vec::new());
    }

    fn commit_transaction(&mut self) {
        let Some(log) = self.journal.pop() else {
            return;
        };
        if let Some(parent) = self.journal.last_mut() {
            parent.extend(log);
        }
    }

    fn rollback_transaction(&mut self) {
        let Some(log) = self.journal.pop() else {
            return;
        };
        for undo in log.into_iter().rev() {
            match undo {
                Undo::Storage {
                    contract,
                    key,
                    previous,
                } => {
                    let map = self.storage.entry(contract).or_default();
                    match previous {
                        Some(value) => map.insert(key, value),
                        None => map.remove(&key),
                    };
                    if map.is_empty() {
                        self.storage.remove(&contract);
                    }
                }
                Undo::Balance { who, previous } => {
                    self.balances.insert(who, previous);
                }
                Undo::Contract { address, previous } => {
                    match previous {
                        Some(code) => self.contracts.insert(address, code),
                        None => self.contracts.remove(&address),
                    };
                }
                Undo::ContractStorage { contract, previous } => {
                    self.storage.insert(contract, previous);
                }
                Undo::Dependency {
                    contract,
                    code,
                    locked,
                } => {
                    let codes = self.dependencies.entry(contract).or_default();
                    match locked {
                        true => codes.insert(code),
                        false => codes.remove(&code),
                    };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Address = [1; 32];
    const B: Address = [2; 32];

    #[test]
    fn rollback_undoes_only_the_innermost_transaction() {
        let mut host = MockHost::new();
        host.set_balance(A, 100);
        host.start_transaction();
        host.storage_write(&A, b"k", b"outer");
        host.start_transaction();
        host.storage_write(&A, b"k", b"inner");
        host.storage_write(&A, b"new", b"x");
        host.transfer(&A, &B, 40).unwrap();
        host.rollback_transaction();
        assert_eq!(host.storage_read(&A, b"k"), Some(b"outer".to_vec()));
        assert_eq!(host.storage_read(&A, b"new"), None);
        assert_eq!((host.free_balance(&A), host.free_balance(&B)), (100, 0));
        host.commit_transaction();
        assert_eq!(host.open_transactions(), 0);
        assert_eq!(host.storage_read(&A, b"k"), Some(b"outer".to_vec()));
    }

    #[test]
    fn a_committed_inner_transaction_rolls_back_with_its_parent() {
        let mut host = MockHost::new();
        host.set_storage(A, b"k".to_vec(), b"before".to_vec());
        host.start_transaction();
        host.start_transaction();
        assert_eq!(host.storage_remove(&A, b"k"), Some(6));
        host.commit_transaction();
        assert_eq!(host.storage_read(&A, b"k"), None);
        host.rollback_transaction();
        assert_eq!(host.storage_read(&A, b"k"), Some(b"before".to_vec()));
    }

    #[test]
    fn a_contract_has_a_storage_map_only_while_it_holds_entries() {
        let mut host = MockHost::new();
        host.start_transaction();
        assert_eq!(host.storage_remove(&A, b"absent"), None);
        assert!(host.storage().is_empty());
        assert_eq!(host.storage_write(&A, b"k", b"v"), None);
        assert_eq!(host.storage_remove(&A, b"k"), Some(1));
        assert!(host.storage().is_empty());
        host.rollback_transaction();
        assert!(host.storage().is_empty());
        assert_eq!(host.open_transactions(), 0);
    }

    #[test]
    fn transfer_moves_all_or_nothing() {
        let mut host = MockHost::new();
        host.set_balance(A, 10);
        assert_eq!(
            host.transfer(&A, &B, 11),
            Err(TransferError::InsufficientBalance)
        );
        assert_eq!((host.free_balance(&A), host.free_balance(&B)), (10, 0));
        host.transfer(&A, &B, 10).unwrap();
        assert_eq!((host.free_balance(&A), host.free_balance(&B)), (0, 10));
        assert_eq!(host.total_issuance(), 10);
    }
}
