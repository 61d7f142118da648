//! The node side of the runtime interface: runtime-vm over the externalities.
//!
//! The host function receives the externalities it runs under. They are
//! re-published with `set_and_run_with_externalities` around the VM call, and
//! every [`Host`] method reaches them with `with_externalities`, so contract
//! storage writes land in the same overlay as the rest of the block (rolled
//! back with a failed dispatch, seen by proofs and benchmarks). No pointer to
//! them is kept.
//!
//! What the node reads directly from storage:
//! - a contract's [`ContractInfoHead`] (the leading fields every layout of
//!   its info keeps), its [`CodeInfo`] and code, at keys the runtime passes
//!   in a [`StorageLayout`];
//! - a contract's key/value storage, in its own child trie;
//! - balances, decoded from `frame_system::Account` as pallet-balances lays
//!   them out (nonce, three reference counts, then `free`, `reserved`, `frozen`).
//!
//! Balance *changes* are not written here: transfers are checked as
//! pallet-balances would (keeping the existential deposit), recorded, shown
//! to later balance reads of the same execution, and returned for the pallet
//! to apply with its `fungible` implementation. So are contracts an ink!
//! contract creates, terminates or gives new code ([`Effect`]s): later host
//! calls of the execution see them (a new contract's code and trie, a
//! terminated one gone), and the pallet records them after it.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use codec::{Decode, Encode};
use runtime_vm::{
    Address, Balance, CallRequest, CodeHash, CodeMeta, ContractCode, ContractMeta, CwRequest,
    CwStatus, DependencyError, Error, Host, LifecycleError, Semantics, TransferError, Vm,
    DEFAULT_CACHE_BYTES, MAX_DELEGATE_DEPENDENCIES,
};
use sp_core::storage::ChildInfo;
use sp_externalities::{set_and_run_with_externalities, with_externalities, Externalities};
use sp_io::hashing::blake2_128;

use crate::primitives::{
    self, CodeInfo, ContractInfoHead, Effect, Ended, ExecEntry, ExecOutcome, ExecRequest,
    PreparedCode, StorageDelta, StorageLayout, Transfer, VmConfig,
};

thread_local! {
    /// An outcome too large for the runtime's buffer, until `take_outcome`.
    /// The runtime calls `take_outcome` right after `execute`, on the same
    /// thread: a host function call never moves between threads.
    static PENDING_OUTCOME: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// The node's VM, shared by every runtime instance and thread, with its module
/// cache. Rebuilt (cache emptied) only if the runtime's semantics, limits or
/// schedule change.
static VM: Mutex<Option<Vm>> = Mutex::new(None);

/// The newest version of the VM's semantics this node runs, if its operator
/// capped it (`implement_semantics_up_to`); every version runtime-vm knows
/// otherwise.
static NEWEST_SEMANTICS: OnceLock<u32> = OnceLock::new();

/// Where the node keeps compiled artifacts, if it said (at start).
static ARTIFACTS: OnceLock<PathBuf> = OnceLock::new();

/// The file under the artifact root holding the configuration of the last
/// VM built, so the next start can warm the cache before any call arrives.
const LAST_CONFIG: &str = "last-vm-config.scale";

/// Log target of the node side.
const LOG_TARGET: &str = "runtime::wasm-contracts";

/// Makes this node implement the versions of the VM's semantics up to
/// `newest` only, as a release made before the newer ones would: to rehearse
/// a semantics upgrade on a test network. Call once, at node start.
pub fn implement_semantics_up_to(newest: u32) {
    let _ = NEWEST_SEMANTICS.set(newest);
}

/// The versions of the VM's semantics this node implements: every version
/// runtime-vm knows (oldest first), up to the cap if there is one.
fn implemented() -> &'static [Semantics] {
    let newest = NEWEST_SEMANTICS.get().copied().unwrap_or(u32::MAX);
    let count = (Semantics::ALL.iter())
        .take_while(|semantics| semantics.version() <= newest)
        .count();
    &Semantics::ALL[..count]
}

/// `wasm_contracts_vm::implements_semantics`.
pub fn implements_semantics(version: u32) -> bool {
    Semantics::from_version(version, implemented()).is_ok()
}

fn vm(config: &VmConfig) -> Result<Vm, Error> {
    let semantics = Semantics::from_version(config.semantics, implemented())?;
    let mut slot = VM.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let configured_alike = |vm: &&Vm| {
        vm.semantics() == semantics
            && vm.limits() == &config.limits
            && vm.schedule() == &config.schedule
    };
    if let Some(vm) = slot.as_ref().filter(configured_alike) {
        return Ok(vm.clone());
    }
    let vm = Vm::new(
        semantics,
        config.limits.clone(),
        config.schedule.clone(),
        DEFAULT_CACHE_BYTES,
    )?;
    if let Some(root) = ARTIFACTS.get() {
        match vm.keep_artifacts_in(root) {
            Ok(dir) => {
                log::info!(target: LOG_TARGET, "Compiled contracts are kept in {}", dir.display())
            }
            Err(error) => {
                log::warn!(target: LOG_TARGET, "Compiled contracts are not kept: {error}")
            }
        }
        let _ = std::fs::write(root.join(LAST_CONFIG), config.encode());
    }
    *slot = Some(vm.clone());
    Ok(vm)
}

/// Keeps compiled contracts under `root` (a directory in the node's base
/// path), so a restarted node loads them instead of compiling, and warms the
/// module cache from them on a background thread right away, with the
/// configuration the runtime last used. Call once, at node start.
pub fn keep_compiled_contracts_in(root: PathBuf) {
    if ARTIFACTS.set(root.clone()).is_err() {
        return;
    }
    let Some(config) = std::fs::read(root.join(LAST_CONFIG))
        .ok()
        .and_then(|bytes| VmConfig::decode(&mut &bytes[..]).ok())
    else {
        return;
    };
    let Ok(vm) = vm(&config) else {
        return;
    };
    let warming = std::thread::Builder::new()
        .name("wasm-contracts-warm".into())
        .spawn(move || {
            let loaded = vm.warm_cache();
            log::info!(target: LOG_TARGET, "Warmed the module cache with {loaded} compiled contracts");
        });
    if let Err(error) = warming {
        log::warn!(target: LOG_TARGET, "Could not warm the module cache: {error}");
    }
}

/// Writes `encoded` to `out` if it fits, else keeps it for [`take_outcome`].
fn deliver(encoded: Vec<u8>, out: &mut [u8]) -> u32 {
    let len = encoded.len() as u32;
    if encoded.len() <= out.len() {
        out[..encoded.len()].copy_from_slice(&encoded);
        PENDING_OUTCOME.with(|pending| pending.borrow_mut().take());
    } else {
        PENDING_OUTCOME.with(|pending| *pending.borrow_mut() = Some(encoded));
    }
    len
}

/// `wasm_contracts_vm::take_outcome`.
pub fn take_outcome(out: &mut [u8]) -> u32 {
    let Some(encoded) = PENDING_OUTCOME.with(|pending| pending.borrow_mut().take()) else {
        return 0;
    };
    let copied = encoded.len().min(out.len());
    out[..copied].copy_from_slice(&encoded[..copied]);
    encoded.len() as u32
}

/// `wasm_contracts_vm::forget`: only the VM built so far holds the code (a
/// VM built later starts empty, and reads the same artifact directory).
pub fn forget(code_hash: &[u8; 32]) {
    let slot = VM.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(vm) = slot.as_ref() {
        vm.forget(code_hash);
    }
}

/// Whether the node's VM holds the compiled module of `code_hash`.
#[cfg(test)]
pub(crate) fn is_cached(code_hash: &[u8; 32]) -> bool {
    let slot = VM.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    slot.as_ref().is_some_and(|vm| vm.is_cached(code_hash))
}

/// `wasm_contracts_vm::prepare`.
pub fn prepare(code_hash: &[u8; 32], code: &[u8], config: VmConfig, out: &mut [u8]) -> u32 {
    let result = vm(&config)
        .and_then(|vm| vm.prepare(code_hash, code))
        .map(|info| PreparedCode {
            abi: info.abi,
            migrate_version: info.migrate_version,
        });
    deliver(result.encode(), out)
}

/// The error an outcome longer than the runtime accepts is replaced with.
/// The VM's caps keep every outcome within the limit; this is the node's
/// second check, so a runtime is never handed more than it allows.
fn outcome_too_large(len: usize, max: u32) -> Error {
    Error::Internal(format!("outcome of {len} bytes exceeds the limit of {max}"))
}

/// `wasm_contracts_vm::execute`.
pub fn execute(ext: &mut dyn Externalities, request: ExecRequest, out: &mut [u8]) -> u32 {
    let max = request.config.limits.execution.max_outcome_len();
    let outcome = run(ext, request);
    let encoded = outcome.encode();
    if encoded.len() > max as usize {
        let error = outcome_too_large(encoded.len(), max);
        let refused = refused(error, outcome.fuel_used, outcome.proof_size);
        return deliver(refused.encode(), out);
    }
    deliver(encoded, out)
}

/// An outcome of nothing but `error`, after `fuel_used` fuel and `proof_size` bytes read.
fn refused(error: Error, fuel_used: u64, proof_size: u64) -> ExecOutcome {
    ExecOutcome {
        result: Err(error),
        fuel_used,
        proof_size,
        effects: Vec::new(),
        storage: Vec::new(),
    }
}

fn run(ext: &mut dyn Externalities, request: ExecRequest) -> ExecOutcome {
    let vm = match vm(&request.config) {
        Ok(vm) => vm,
        Err(error) => return refused(error, 0, 0),
    };
    let mut host = ChainHost::new(&request.layout, request.proof_size_limit, request.caller);
    // A native or ink! entry point, its input to be set (closures borrow
    // only the fields they use: the entry is moved out below).
    let call_request = |entry| CallRequest {
        entry,
        contract: request.contract,
        caller: request.caller,
        value: request.value,
        input: &[],
        gas_limit: request.fuel_limit,
        block: request.block,
        collect_debug: request.collect_debug,
    };
    let result = set_and_run_with_externalities(ext, || match request.entry {
        ExecEntry::Native { entry, input } => {
            let call = CallRequest {
                input: &input,
                ..call_request(entry)
            };
            vm.execute(&mut host, call).map(Ended::Native)
        }
        ExecEntry::Ink {
            entry,
            input,
            chain,
        } => {
            let call = CallRequest {
                input: &input,
                ..call_request(entry)
            };
            vm.execute_ink(&mut host, call, chain).map(Ended::Native)
        }
        ExecEntry::CosmWasm {
            entry,
            chain,
            transaction_index,
        } => {
            let call = CwRequest {
                entry,
                contract: request.contract,
                sender: request.caller,
                funds: request.value,
                gas_limit: request.fuel_limit,
                block: request.block,
                chain: &chain,
                transaction_index,
                collect_debug: request.collect_debug,
            };
            vm.execute_cosmwasm(&mut host, call).map(Ended::CosmWasm)
        }
    });
    let proof_size = host.proof_bytes.get();
    match result {
        Ok(ended) => {
            let succeeded = match &ended {
                Ended::Native(outcome) => outcome.is_success(),
                Ended::CosmWasm(outcome) => {
                    matches!(outcome.status, CwStatus::Ok(_) | CwStatus::Data(_))
                }
            };
            let (effects, storage) = match succeeded {
                true => (host.effects, host.storage.deltas()),
                false => (Vec::new(), Vec::new()),
            };
            ExecOutcome {
                fuel_used: match &ended {
                    Ended::Native(outcome) => outcome.gas_used,
                    Ended::CosmWasm(outcome) => outcome.gas_used,
                },
                proof_size,
                effects,
                storage,
                result: Ok(ended),
            }
        }
        Err(failure) => refused(failure.error, failure.gas_used, proof_size),
    }
}

fn ext<R>(f: impl FnOnce(&mut dyn Externalities) -> R) -> R {
    with_externalities(f).expect("host methods run only inside `set_and_run_with_externalities`")
}

/// `key_prefix ++ blake2_128(key) ++ key`: a `Blake2_128Concat` map key.
fn blake2_128_concat_key(prefix: &[u8], key: &[u8]) -> Vec<u8> {
    [prefix, &blake2_128(key), key].concat()
}

/// The chain as one execution sees it.
struct ChainHost<'a> {
    layout: &'a StorageLayout,
    /// Who signed the execution: the payer of contracts it creates.
    origin: Address,
    /// Child tries of contracts met so far (dropped when contracts are
    /// created, terminated or rolled back: see [`Self::forget_tries`]).
    tries: BTreeMap<Address, ChildInfo>,
    /// Transfers and contract changes made, in order, for the pallet to apply.
    effects: Vec<Effect>,
    /// `TrieNonce` as stored, once read.
    trie_nonce: Option<u64>,
    /// How each contract's storage changed, for the pallet's deposits.
    storage: StorageChanges,
    /// `effects.len()` and the storage changes' journal length when each
    /// open transaction started.
    checkpoints: Vec<(usize, usize)>,
    /// Bytes of keys and values read from storage: what the storage proof
    /// of this execution grows by. Reads stay in the proof when a frame rolls
    /// back, so this never decreases.
    proof_bytes: Cell<u64>,
    /// The proof bytes the execution may add.
    proof_size_limit: u64,
}

/// Net storage changes per contract (bytes of keys and values, and
/// entries), with a journal of each change so a rolled-back transaction
/// undoes its own in proportion to them (no copy per transaction).
#[derive(Default)]
struct StorageChanges {
    totals: BTreeMap<Address, (i64, i64)>,
    journal: Vec<(Address, i64, i64)>,
}

impl StorageChanges {
    /// Counts an entry of `old` bytes (key and value; `None`: absent)
    /// becoming one of `new` bytes.
    fn record(&mut self, contract: &Address, old: Option<usize>, new: Option<usize>) {
        let bytes = new.unwrap_or(0) as i64 - old.unwrap_or(0) as i64;
        let items = i64::from(new.is_some()) - i64::from(old.is_some());
        self.add(contract, bytes, items);
        self.journal.push((*contract, bytes, items));
    }

    fn add(&mut self, contract: &Address, bytes: i64, items: i64) {
        let (total_bytes, total_items) = self.totals.entry(*contract).or_default();
        *total_bytes += bytes;
        *total_items += items;
    }

    /// Where the journal stands, for [`Self::roll_back_to`].
    fn checkpoint(&self) -> usize {
        self.journal.len()
    }

    /// Undoes every change recorded since `checkpoint`.
    fn roll_back_to(&mut self, checkpoint: usize) {
        while self.journal.len() > checkpoint {
            if let Some((contract, bytes, items)) = self.journal.pop() {
                self.add(&contract, -bytes, -items);
            }
        }
    }

    /// The changes that did not cancel out, in address order.
    fn deltas(&self) -> Vec<StorageDelta> {
        self.totals
            .iter()
            .filter(|(_, change)| **change != (0, 0))
            .map(|(contract, &(bytes, items))| StorageDelta {
                contract: *contract,
                bytes,
                items,
            })
            .collect()
    }
}

/// What the node needs of a contract: its stored info's leading fields,
/// with this execution's changes.
struct LiveContract {
    code_hash: [u8; 32],
    trie_id: [u8; 32],
    deployer: [u8; 32],
    admin: Option<[u8; 32]>,
}

/// The balance fields of an account, as pallet-balances stores them.
struct AccountBalances {
    free: Balance,
    reserved: Balance,
    frozen: Balance,
}

impl<'a> ChainHost<'a> {
    fn new(layout: &'a StorageLayout, proof_size_limit: u64, origin: Address) -> Self {
        Self {
            layout,
            origin,
            tries: BTreeMap::new(),
            effects: Vec::new(),
            trie_nonce: None,
            storage: StorageChanges::default(),
            checkpoints: Vec::new(),
            proof_bytes: Cell::new(0),
            proof_size_limit,
        }
    }

    fn count_proof(&self, bytes: usize) {
        self.proof_bytes
            .set(self.proof_bytes.get().saturating_add(bytes as u64));
    }

    /// Reads `key` from the main trie, counting it toward the proof.
    fn read(&self, key: &[u8]) -> Option<Vec<u8>> {
        let value = ext(|e| e.storage(key));
        self.count_proof(key.len() + value.as_ref().map_or(0, Vec::len));
        value
    }

    /// The contract at `address` as this execution sees it: created,
    /// given new code or terminated by it, or as stored (the leading
    /// fields of its info, whatever its stored layout).
    fn contract_info(&self, address: &Address) -> Option<LiveContract> {
        let mut new_code = None;
        for effect in self.effects.iter().rev() {
            match effect {
                Effect::Terminated { contract, .. } if contract == address => return None,
                Effect::CodeChanged {
                    contract,
                    code_hash,
                } if contract == address => {
                    new_code.get_or_insert(*code_hash);
                }
                Effect::Instantiated {
                    contract,
                    deployer,
                    code_hash,
                    trie_id,
                } if contract == address => {
                    return Some(LiveContract {
                        code_hash: new_code.unwrap_or(*code_hash),
                        trie_id: *trie_id,
                        deployer: *deployer,
                        admin: None,
                    })
                }
                _ => {}
            }
        }
        let key = blake2_128_concat_key(&self.layout.contract_info, address);
        let bytes = self.read(&key)?;
        let head = ContractInfoHead::decode(&mut &bytes[..]).ok()?;
        Some(LiveContract {
            code_hash: new_code.unwrap_or(head.code_hash),
            trie_id: head.trie_id,
            deployer: head.deployer,
            admin: head.admin,
        })
    }

    /// The trie nonce the next contract created gets: the stored one (read
    /// once) plus the contracts this execution created so far.
    fn next_trie_nonce(&mut self) -> u64 {
        let stored = match self.trie_nonce {
            Some(stored) => stored,
            None => {
                let stored = (self.read(&self.layout.trie_nonce))
                    .and_then(|bytes| u64::decode(&mut &bytes[..]).ok())
                    .unwrap_or(0);
                *self.trie_nonce.insert(stored)
            }
        };
        let created = (self.effects.iter())
            .filter(|effect| matches!(effect, Effect::Instantiated { .. }))
            .count();
        stored.saturating_add(created as u64)
    }

    fn code_info(&self, code_hash: &[u8; 32]) -> Option<CodeInfo<[u8; 32]>> {
        let key = [&self.layout.code_info[..], code_hash].concat();
        CodeInfo::decode(&mut &self.read(&key)?[..]).ok()
    }

    fn trie(&mut self, contract: &Address) -> Option<ChildInfo> {
        if let Some(trie) = self.tries.get(contract) {
            return Some(trie.clone());
        }
        let trie = ChildInfo::new_default(&self.contract_info(contract)?.trie_id);
        self.tries.insert(*contract, trie.clone());
        Some(trie)
    }

    fn stored_balances(&self, who: &Address) -> AccountBalances {
        let key = blake2_128_concat_key(&self.layout.accounts, who);
        let decoded = self.read(&key).and_then(|bytes| {
            let after_nonce = bytes.get(self.layout.nonce_len as usize..)?;
            <(u32, u32, u32, Balance, Balance, Balance)>::decode(&mut &after_nonce[..]).ok()
        });
        let (_, _, _, free, reserved, frozen) = decoded.unwrap_or_default();
        AccountBalances {
            free,
            reserved,
            frozen,
        }
    }

    /// Sets (`Some`) or removes `key` of `contract`'s storage, counting the
    /// change for its storage deposit; returns the length of the value
    /// replaced. The old value is read (and counted toward the proof) to
    /// learn its length.
    fn place(&mut self, contract: &Address, key: &[u8], value: Option<&[u8]>) -> Option<u32> {
        let trie = self.trie(contract)?;
        let old = ext(|e| e.child_storage(&trie, key)).map(|old| old.len());
        self.count_proof(key.len() + old.unwrap_or(0));
        let entry = |len: Option<usize>| len.map(|len| key.len() + len);
        self.storage
            .record(contract, entry(old), entry(value.map(<[u8]>::len)));
        ext(|e| e.place_child_storage(&trie, key.to_vec(), value.map(<[u8]>::to_vec)));
        old.map(|len| len as u32)
    }

    /// Free balance with this execution's transfers applied, and the
    /// existential deposit each contract it created got from the origin.
    fn free(&self, who: &Address) -> Balance {
        let stored = self.stored_balances(who).free;
        let existential = self.layout.existential_deposit;
        self.effects.iter().fold(stored, |free, effect| {
            let (from, to, amount) = match effect {
                Effect::Transfer(t) => (t.from, t.to, t.amount),
                Effect::Instantiated { contract, .. } => (self.origin, *contract, existential),
                Effect::CodeChanged { .. }
                | Effect::Terminated { .. }
                | Effect::DependencyLocked { .. }
                | Effect::DependencyUnlocked { .. } => return free,
            };
            let free = if to == *who {
                free.saturating_add(amount)
            } else {
                free
            };
            if from == *who {
                free.saturating_sub(amount)
            } else {
                free
            }
        })
    }

    /// Whether `contract` holds a lock on `code`, as this execution sees it.
    fn locked(&self, contract: &Address, code: &CodeHash) -> bool {
        for effect in self.effects.iter().rev() {
            match effect {
                Effect::DependencyLocked {
                    contract: locker,
                    code_hash,
                } if locker == contract && code_hash == code => return true,
                Effect::DependencyUnlocked {
                    contract: locker,
                    code_hash,
                } if locker == contract && code_hash == code => return false,
                Effect::Terminated {
                    contract: removed, ..
                } if removed == contract => return false,
                _ => {}
            }
        }
        let key = [
            blake2_128_concat_key(&self.layout.delegate_dependencies, contract),
            code.to_vec(),
        ]
        .concat();
        self.read(&key).is_some()
    }

    /// How many locks `contract` holds, as this execution sees it.
    fn locks(&self, contract: &Address) -> u32 {
        let mut change = 0i64;
        for effect in self.effects.iter().rev() {
            match effect {
                Effect::DependencyLocked {
                    contract: locker, ..
                } if locker == contract => change += 1,
                Effect::DependencyUnlocked {
                    contract: locker, ..
                } if locker == contract => change -= 1,
                Effect::Terminated {
                    contract: removed, ..
                } if removed == contract => return u32::try_from(change).unwrap_or(0),
                _ => {}
            }
        }
        let key = blake2_128_concat_key(&self.layout.delegate_dependency_count, contract);
        let stored = (self.read(&key))
            .and_then(|bytes| u32::decode(&mut &bytes[..]).ok())
            .unwrap_or(0);
        u32::try_from(i64::from(stored) + change).unwrap_or(0)
    }

    /// Records `effect`; the tries of contracts it creates or removes are
    /// looked up again.
    fn push_effect(&mut self, effect: Effect) {
        if let Effect::Instantiated { contract, .. } | Effect::Terminated { contract, .. } = &effect
        {
            self.tries.remove(contract);
        }
        self.effects.push(effect);
    }
}

impl Host for ChainHost<'_> {
    fn storage_read(&mut self, contract: &Address, key: &[u8]) -> Option<Vec<u8>> {
        let trie = self.trie(contract)?;
        let value = ext(|e| e.child_storage(&trie, key));
        self.count_proof(key.len() + value.as_ref().map_or(0, Vec::len));
        value
    }

    fn storage_write(&mut self, contract: &Address, key: &[u8], value: &[u8]) -> Option<u32> {
        self.place(contract, key, Some(value))
    }

    fn storage_remove(&mut self, contract: &Address, key: &[u8]) -> Option<u32> {
        self.place(contract, key, None)
    }

    fn storage_next_key(&mut self, contract: &Address, key: &[u8]) -> Option<Vec<u8>> {
        let trie = self.trie(contract)?;
        let next = ext(|e| e.next_child_storage_key(&trie, key));
        self.count_proof(key.len() + next.as_ref().map_or(0, Vec::len));
        next
    }

    fn balance(&mut self, who: &Address) -> Balance {
        let free = self.free(who);
        // A contract's account was created with the existential deposit,
        // paid by its instantiator to keep the account alive: it is not the
        // contract's to spend, so a contract sees (and can send) the rest.
        match self.trie(who) {
            Some(_) => free.saturating_sub(self.layout.existential_deposit),
            None => free,
        }
    }

    fn transfer(
        &mut self,
        from: &Address,
        to: &Address,
        amount: Balance,
    ) -> Result<(), TransferError> {
        if amount == 0 || from == to {
            return Ok(());
        }
        // pallet-balances' `reducible_balance` with `Preservation::Preserve`.
        let stored = self.stored_balances(from);
        let untouchable = stored
            .frozen
            .saturating_sub(stored.reserved)
            .max(self.layout.existential_deposit);
        if amount > self.free(from).saturating_sub(untouchable) {
            return Err(TransferError::InsufficientBalance);
        }
        if self.free(to).saturating_add(amount) < self.layout.existential_deposit {
            return Err(TransferError::Refused(
                "the payee would stay below the existential deposit".into(),
            ));
        }
        self.push_effect(Effect::Transfer(Transfer {
            from: *from,
            to: *to,
            amount,
        }));
        Ok(())
    }

    fn contract_code(&mut self, address: &Address) -> Option<ContractCode> {
        let info = self.contract_info(address)?;
        self.stored_code(&info.code_hash)
    }

    fn stored_code(&mut self, hash: &CodeHash) -> Option<ContractCode> {
        let len = self.code_info(hash)?.len;
        // The code counts toward the proof as if read, whether or not the
        // module cache spares reading it: its key and its encoded value.
        let key_len = self.layout.code.len() + hash.len();
        self.count_proof(key_len + codec::Compact(len).encoded_size() + len as usize);
        Some(ContractCode { hash: *hash, len })
    }

    fn code(&mut self, hash: &CodeHash) -> Option<Vec<u8>> {
        let key = [&self.layout.code[..], hash].concat();
        let encoded = ext(|e| e.storage(&key))?;
        Vec::<u8>::decode(&mut &encoded[..]).ok()
    }

    fn instantiate(
        &mut self,
        deployer: &Address,
        code: &CodeHash,
        salt: &[u8],
    ) -> Result<Address, LifecycleError> {
        self.code_info(code).ok_or(LifecycleError::CodeNotFound)?;
        let contract = primitives::contract_address(deployer, code, salt);
        if self.contract_info(&contract).is_some() {
            return Err(LifecycleError::DuplicateContract);
        }
        let trie_id = primitives::trie_id(&contract, self.next_trie_nonce());
        self.push_effect(Effect::Instantiated {
            contract,
            deployer: *deployer,
            code_hash: *code,
            trie_id,
        });
        Ok(contract)
    }

    fn terminate(&mut self, contract: &Address, beneficiary: &Address) {
        // What it can spend moves now (later balance reads see it); the
        // pallet moves the rest (the existential deposit, released
        // deposits) when it removes the contract.
        let spendable = self.balance(contract);
        if spendable > 0 && contract != beneficiary {
            self.push_effect(Effect::Transfer(Transfer {
                from: *contract,
                to: *beneficiary,
                amount: spendable,
            }));
        }
        self.push_effect(Effect::Terminated {
            contract: *contract,
            beneficiary: *beneficiary,
        });
    }

    fn set_code(&mut self, contract: &Address, code: &CodeHash) -> Result<(), LifecycleError> {
        let new = self.code_info(code).ok_or(LifecycleError::CodeNotFound)?;
        let current = (self.contract_info(contract))
            .and_then(|info| self.code_info(&info.code_hash))
            .ok_or(LifecycleError::CodeNotFound)?;
        if new.abi != current.abi {
            return Err(LifecycleError::AbiMismatch);
        }
        self.push_effect(Effect::CodeChanged {
            contract: *contract,
            code_hash: *code,
        });
        Ok(())
    }

    fn lock_dependency(
        &mut self,
        contract: &Address,
        code: &CodeHash,
    ) -> Result<(), DependencyError> {
        self.code_info(code).ok_or(DependencyError::CodeNotFound)?;
        if self
            .contract_info(contract)
            .is_some_and(|info| info.code_hash == *code)
        {
            return Err(DependencyError::OwnCode);
        }
        if self.locked(contract, code) {
            return Err(DependencyError::AlreadyLocked);
        }
        if self.locks(contract) >= MAX_DELEGATE_DEPENDENCIES {
            return Err(DependencyError::TooMany);
        }
        self.push_effect(Effect::DependencyLocked {
            contract: *contract,
            code_hash: *code,
        });
        Ok(())
    }

    fn unlock_dependency(
        &mut self,
        contract: &Address,
        code: &CodeHash,
    ) -> Result<(), DependencyError> {
        if !self.locked(contract, code) {
            return Err(DependencyError::NotLocked);
        }
        self.push_effect(Effect::DependencyUnlocked {
            contract: *contract,
            code_hash: *code,
        });
        Ok(())
    }

    fn contract_meta(&mut self, address: &Address) -> Option<ContractMeta> {
        let info = self.contract_info(address)?;
        let code = self.code_info(&info.code_hash)?;
        Some(ContractMeta {
            code_id: code.code_id,
            creator: info.deployer,
            admin: info.admin,
        })
    }

    fn code_meta(&mut self, code_id: u64) -> Option<CodeMeta> {
        let key = blake2_128_concat_key(&self.layout.code_ids, &code_id.encode());
        let code_hash = <[u8; 32]>::decode(&mut &self.read(&key)?[..]).ok()?;
        let code = self.code_info(&code_hash)?;
        Some(CodeMeta {
            creator: code.owner,
            checksum: code.checksum,
        })
    }

    fn proof_size_exhausted(&self) -> bool {
        self.proof_bytes.get() > self.proof_size_limit
    }

    fn start_transaction(&mut self) {
        ext(|e| e.storage_start_transaction());
        self.checkpoints
            .push((self.effects.len(), self.storage.checkpoint()));
    }

    fn commit_transaction(&mut self) {
        // The VM pairs every commit with a start, so there is a transaction to commit.
        let _ = ext(|e| e.storage_commit_transaction());
        self.checkpoints.pop();
    }

    fn rollback_transaction(&mut self) {
        let _ = ext(|e| e.storage_rollback_transaction());
        if let Some((effects, storage)) = self.checkpoints.pop() {
            if self.effects.len() > effects {
                // Contracts created or terminated since may have had tries.
                self.tries.clear();
            }
            self.effects.truncate(effects);
            self.storage.roll_back_to(storage);
        }
    }
}
