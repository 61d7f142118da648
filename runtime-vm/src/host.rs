//! The one seam between the VM and the chain.
//!
//! Like cosmwasm-vm's `Backend`, the [`Host`] trait is all the VM knows of the
//! chain it runs on: contract storage, balances, contract code and storage
//! transactions. The pallet implements it over the node's externalities; the
//! [`testing`](crate::testing) module implements it in memory.

pub use runtime_vm_primitives::{Address, Balance, CodeHash, TransferError};

/// The code a deployed contract runs: what the VM needs to find its
/// compiled module and charge its load. The bytes themselves come from
/// [`Host::code`], asked only when the module cache misses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContractCode {
    /// The hash the code is stored and cached under.
    pub hash: CodeHash,
    /// The length of the original (uninstrumented) wasm, in bytes.
    pub len: u32,
}

/// What CosmWasm's `ContractInfo` query tells about a contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractMeta {
    /// The id of the code it runs.
    pub code_id: u64,
    /// Who instantiated it.
    pub creator: Address,
    /// Who may migrate it, if anyone.
    pub admin: Option<Address>,
}

/// What CosmWasm's `CodeInfo` query tells about uploaded code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeMeta {
    /// Who uploaded it.
    pub creator: Address,
    /// Its SHA-256, CosmWasm's checksum (a chain may store code under
    /// another hash).
    pub checksum: [u8; 32],
}

/// Why the host refused to create a contract or change its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    /// No code is stored under the hash.
    #[error("no code is stored under the hash")]
    CodeNotFound,
    /// The code speaks another ABI than the contract.
    #[error("the code speaks another ABI")]
    AbiMismatch,
    /// A contract exists at the address already.
    #[error("a contract exists at the address")]
    DuplicateContract,
}

/// Why the host refused to lock or unlock a delegate dependency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DependencyError {
    /// No code is stored under the hash.
    #[error("no code is stored under the hash")]
    CodeNotFound,
    /// The contract runs that code itself.
    #[error("the contract's own code")]
    OwnCode,
    /// The contract locked that code already.
    #[error("locked already")]
    AlreadyLocked,
    /// The contract holds as many locks as the chain allows.
    #[error("too many delegate dependencies")]
    TooMany,
    /// The contract holds no lock on that code.
    #[error("not locked")]
    NotLocked,
}

/// What the VM needs from the chain.
///
/// Storage is addressed per contract: the host keeps each contract's keys apart
/// (the pallet uses one child trie per contract).
///
/// Transactions nest. The VM opens one around every contract frame and either
/// commits it (the frame returned `0`) or rolls it back (revert, trap), so a
/// host must undo every storage write, transfer, and contract created,
/// terminated or given new code since the matching
/// [`start_transaction`](Host::start_transaction) on rollback.
pub trait Host {
    /// Reads `key` of `contract`'s storage.
    fn storage_read(&mut self, contract: &Address, key: &[u8]) -> Option<Vec<u8>>;
    /// Writes `value` under `key` of `contract`'s storage; returns the
    /// length of the value it replaced, if any. A host reads that value to
    /// know it (the chain's storage deposit follows the bytes stored), and
    /// the VM charges its bytes as read.
    fn storage_write(&mut self, contract: &Address, key: &[u8], value: &[u8]) -> Option<u32>;
    /// Removes `key` from `contract`'s storage; returns the length of the
    /// value that was there, if any (charged as read, as for a write).
    fn storage_remove(&mut self, contract: &Address, key: &[u8]) -> Option<u32>;
    /// The smallest key of `contract`'s storage strictly greater than `key`
    /// (bytewise order), for CosmWasm's iterators.
    fn storage_next_key(&mut self, contract: &Address, key: &[u8]) -> Option<Vec<u8>>;

    /// The free balance of `who`.
    fn balance(&mut self, who: &Address) -> Balance;
    /// Moves `amount` from `from` to `to`, or nothing at all.
    ///
    /// # Errors
    ///
    /// A [`TransferError`] when nothing was moved.
    fn transfer(
        &mut self,
        from: &Address,
        to: &Address,
        amount: Balance,
    ) -> Result<(), TransferError>;

    /// The code the contract at `address` runs, or `None` if there is no
    /// contract there. A host that builds a storage proof counts the code's
    /// bytes here, read or not, so the proof size never depends on a node's
    /// module cache.
    fn contract_code(&mut self, address: &Address) -> Option<ContractCode>;
    /// The code stored under `hash`, if any (for a delegate call, which
    /// runs code by hash). Counted toward the proof as
    /// [`contract_code`](Host::contract_code) counts it.
    fn stored_code(&mut self, hash: &CodeHash) -> Option<ContractCode>;
    /// The wasm bytes of the code `hash`: asked only when the module cache
    /// has no compiled module for it (a node's first call after a restart,
    /// an eviction), so a warm call copies no code.
    fn code(&mut self, hash: &CodeHash) -> Option<Vec<u8>>;
    /// Creates a contract running the code `code`, instantiated by
    /// `deployer` (a contract), at the address the chain derives from
    /// them and `salt`, and returns the address. The contract exists at
    /// once for this execution (its code, its storage, its account with
    /// whatever the chain gives a new contract), and goes with a rollback.
    ///
    /// # Errors
    ///
    /// [`LifecycleError::CodeNotFound`], [`LifecycleError::DuplicateContract`].
    fn instantiate(
        &mut self,
        deployer: &Address,
        code: &CodeHash,
        salt: &[u8],
    ) -> Result<Address, LifecycleError>;
    /// Removes the contract at `contract`: its code and storage are no
    /// longer its, and everything its account holds goes to
    /// `beneficiary`. Comes back with a rollback.
    fn terminate(&mut self, contract: &Address, beneficiary: &Address);
    /// Makes the contract at `contract` run the code `code` from its next
    /// call on. Undone by a rollback.
    ///
    /// # Errors
    ///
    /// [`LifecycleError::CodeNotFound`], [`LifecycleError::AbiMismatch`]
    /// (the code speaks another ABI than the contract).
    fn set_code(&mut self, contract: &Address, code: &CodeHash) -> Result<(), LifecycleError>;
    /// Locks the code `code` for the contract at `contract`, which runs it
    /// by delegate calls: the code cannot be removed while the lock holds
    /// (pallet-contracts' delegate dependencies). Undone by a rollback.
    ///
    /// # Errors
    ///
    /// A [`DependencyError`] other than `NotLocked`.
    fn lock_dependency(
        &mut self,
        contract: &Address,
        code: &CodeHash,
    ) -> Result<(), DependencyError>;
    /// Releases the lock [`lock_dependency`](Host::lock_dependency) took.
    /// Undone by a rollback.
    ///
    /// # Errors
    ///
    /// [`DependencyError::NotLocked`].
    fn unlock_dependency(
        &mut self,
        contract: &Address,
        code: &CodeHash,
    ) -> Result<(), DependencyError>;
    /// CosmWasm facts about the contract at `address`.
    fn contract_meta(&mut self, address: &Address) -> Option<ContractMeta>;
    /// CosmWasm facts about the code with id `code_id`.
    fn code_meta(&mut self, code_id: u64) -> Option<CodeMeta>;

    /// Whether what this execution read so far exceeds what it may add to
    /// the block's storage proof (`proof_size`, the second dimension of gas).
    /// The VM asks after every host call a contract makes and stops the
    /// contract out of gas once it is, so a contract cannot read on past its
    /// proof budget. A host that builds no proof answers `false`.
    fn proof_size_exhausted(&self) -> bool;

    /// Opens a nested storage transaction.
    fn start_transaction(&mut self);
    /// Keeps every change since the matching [`start_transaction`](Host::start_transaction).
    fn commit_transaction(&mut self);
    /// Undoes every change since the matching [`start_transaction`](Host::start_transaction).
    fn rollback_transaction(&mut self);
}
