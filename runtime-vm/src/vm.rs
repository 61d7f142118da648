//! The public [`Vm`]: a deterministic engine, its limits and fuel schedule, a
//! cache of compiled contracts, and the two ways in (native and CosmWasm).
//!
//! An execution publishes the chain's [`Host`] and the execution's
//! [`OutputMeter`] with `environmental` for its duration; host functions
//! borrow them one call at a time and no pointer to either is ever stored.
//! Frames, fuel and state changes are the `frame` module's.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use wasmtime::{Engine, Linker};

use crate::artifacts::ArtifactStore;
use crate::cache::{CacheStats, ModuleCache};
use crate::cosmwasm::{self, CwContext, CwRequest};
use crate::frame::{self, FrameContext, FrameEntry, FrameResult, HostFault, State};
use crate::host::{Address, Balance, CodeHash, Host};
use crate::output::OutputMeter;
use crate::slots::Slots;
use crate::validation::{self, ModuleInfo};
use crate::{engine, native};
use crate::{
    BlockContext, CwEntry, CwOutcome, EntryPoint, Error, Limits, Outcome, Schedule, ValidationError,
};

environmental::environmental!(current_host: trait Host);

/// Runs `f` with the host of the current execution.
pub(crate) fn with_host<R>(f: impl FnOnce(&mut dyn Host) -> R) -> Result<R, HostFault> {
    current_host::with(|host| f(host))
        .ok_or_else(|| HostFault::Fatal(Error::Internal("no host in scope".into())))
}

/// A top-level call into a contract.
#[derive(Clone, Debug)]
pub struct CallRequest<'a> {
    /// The entry point to run.
    pub entry: EntryPoint,
    /// The contract's address (the host resolves its code).
    pub contract: Address,
    /// Who calls it.
    pub caller: Address,
    /// Value moved from `caller` to `contract` before the code runs.
    pub value: Balance,
    /// The input handed to the entry point.
    pub input: &'a [u8],
    /// Fuel the call may consume, host-function charges included.
    pub gas_limit: u64,
    /// Block number and time.
    pub block: BlockContext,
    /// Keep `debug_log` messages in the outcome (dry runs and tools; a
    /// transaction does not). Debug output is counted and charged either way.
    pub collect_debug: bool,
}

/// Why an execution could not be served, or was abandoned, with the fuel it
/// had consumed by then (so nothing is refunded for work done).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{error} (after {gas_used} fuel)")]
pub struct ExecError {
    /// What went wrong.
    pub error: Error,
    /// Fuel consumed before it did.
    pub gas_used: u64,
}

impl From<Error> for ExecError {
    /// An error before any fuel was consumed.
    fn from(error: Error) -> Self {
        Self { error, gas_used: 0 }
    }
}

/// Default capacity of the module cache: 256 MiB of compiled code.
pub const DEFAULT_CACHE_BYTES: usize = 256 * 1024 * 1024;

/// The contract VM: a deterministic engine, its limits and fuel schedule, and
/// a cache of compiled contracts.
///
/// Cheap to clone and `Send + Sync`: a node keeps one and shares it between
/// threads, so every runtime instance uses the same cache.
#[derive(Clone)]
pub struct Vm {
    inner: Arc<VmInner>,
}

/// What every frame shares.
pub(crate) struct VmInner {
    pub engine: Engine,
    pub(crate) native_linker: Linker<State>,
    pub(crate) cosmwasm_linker: Linker<State>,
    pub(crate) cache: ModuleCache,
    /// Where compiled artifacts are kept on disk, if anywhere.
    pub(crate) artifacts: OnceLock<ArtifactStore>,
    slots: Slots,
    pub limits: Limits,
    pub schedule: Schedule,
}

impl Vm {
    /// A VM with the given limits and schedule and a cache of `cache_bytes`.
    ///
    /// # Errors
    ///
    /// [`Error::Internal`] if the limits fail [`Limits::validate`], or the
    /// engine or the host functions cannot be set up.
    pub fn new(limits: Limits, schedule: Schedule, cache_bytes: usize) -> Result<Self, Error> {
        limits
            .validate()
            .map_err(|reason| Error::Internal(format!("invalid limits: {reason}")))?;
        let engine = engine::new_engine(&limits)?;
        let native_linker = native::linker(&engine)?;
        let cosmwasm_linker = cosmwasm::linker(&engine)?;
        let cache = ModuleCache::new(cache_bytes);
        Ok(Self {
            inner: Arc::new(VmInner {
                engine,
                native_linker,
                cosmwasm_linker,
                cache,
                artifacts: OnceLock::new(),
                slots: Slots::new(engine::CONCURRENT_EXECUTIONS),
                limits,
                schedule,
            }),
        })
    }

    /// The limits this VM enforces.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// The fuel schedule of host functions.
    pub fn schedule(&self) -> &Schedule {
        &self.inner.schedule
    }

    /// Validates `code` without compiling it.
    ///
    /// # Errors
    ///
    /// The [`ValidationError`] that rejects it.
    pub fn validate(&self, code: &[u8]) -> Result<ModuleInfo, ValidationError> {
        validation::validate(code, &self.inner.limits)
    }

    /// Validates and compiles `code` into the cache under `hash` (at upload).
    /// Code whose compiled artifact is kept on disk is loaded instead, and
    /// only described (`validate` accepted it before): the per-function
    /// usage figures of the returned info are then zero.
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] or [`Error::Compilation`].
    pub fn prepare(&self, hash: &CodeHash, code: &[u8]) -> Result<ModuleInfo, Error> {
        Ok(self.inner.compiled(hash, || Ok(code))?.info.clone())
    }

    /// The module cache's counters.
    pub fn cache_stats(&self) -> CacheStats {
        self.inner.cache.stats()
    }

    /// Whether the compiled module for `hash` is in the cache.
    pub fn is_cached(&self, hash: &CodeHash) -> bool {
        self.inner.cache.contains(hash)
    }

    /// Empties the module cache (the next call of every contract loads its
    /// artifact from disk, or compiles again).
    pub fn clear_cache(&self) {
        self.inner.cache.clear()
    }

    /// Keeps compiled artifacts under `root` from now on: every compile
    /// writes one, and a module missing from the cache is loaded from its
    /// artifact instead of compiled. Returns the directory used (`root`
    /// joined with this VM's engine fingerprint). Set once per VM.
    ///
    /// # Errors
    ///
    /// [`Error::Internal`] if the directory cannot be created, or artifacts
    /// are already kept elsewhere.
    pub fn keep_artifacts_in(&self, root: &Path) -> Result<PathBuf, Error> {
        let store = ArtifactStore::open(root, self.inner.fingerprint())
            .map_err(|e| Error::Internal(format!("artifact directory {}: {e}", root.display())))?;
        let dir = store.dir().to_path_buf();
        self.inner
            .artifacts
            .set(store)
            .map_err(|_| Error::Internal("artifacts are already kept".into()))?;
        Ok(dir)
    }

    /// Loads every stored artifact into the module cache (at node start, on
    /// a background thread), until the cache is nine-tenths full. Returns how
    /// many were loaded.
    pub fn warm_cache(&self) -> usize {
        let Some(store) = self.inner.artifacts.get() else {
            return 0;
        };
        let mut loaded = 0;
        for hash in store.hashes() {
            if self.inner.cache.is_nearly_full() {
                break;
            }
            let Some(artifact) = store.load(&hash) else {
                continue;
            };
            if self.inner.cache_artifact(&hash, &artifact).is_ok() {
                loaded += 1;
            }
        }
        loaded
    }

    /// Drops the compiled module of `hash` from the cache and its artifact
    /// from disk: the chain no longer stores that code. What a node keeps on
    /// disk then follows what the chain stores (and its deposits pay for),
    /// with no age-based eviction an uploader could use to make nodes
    /// compile live contracts again.
    pub fn forget(&self, hash: &CodeHash) {
        self.inner.cache.remove(hash);
        if let Some(store) = self.inner.artifacts.get() {
            store.remove(hash);
        }
    }

    /// Runs `request` against `host`.
    ///
    /// State changes (storage, transfers) reach `host` inside a transaction
    /// that is committed only if the entry point returned `0`.
    ///
    /// # Errors
    ///
    /// An [`ExecError`] when the request could not be served at all (input
    /// too large, no contract at the address, invalid code, the value
    /// transfer failed) or the VM itself failed; it carries the fuel used
    /// until then. A contract that reverts or traps is an `Ok` [`Outcome`].
    pub fn execute(
        &self,
        host: &mut dyn Host,
        request: CallRequest<'_>,
    ) -> Result<Outcome, ExecError> {
        let frame = FrameContext {
            address: request.contract,
            caller: request.caller,
            value: request.value,
            block: request.block,
            call_stack: vec![request.contract],
            stack_height: 0,
            read_only: false,
            cosmwasm: None,
        };
        let entry = FrameEntry::Native(request.entry, request.input);
        let top = TopLevel {
            input_len: request.input.len(),
            gas_limit: request.gas_limit,
            collect_debug: request.collect_debug,
        };
        let result = self.run_top_level(host, frame, entry, top)?;
        Ok(Outcome {
            status: result.status,
            gas_used: result.gas_used,
            return_data: result.return_data,
            events: result.events,
            debug: result.debug,
        })
    }

    /// Runs a CosmWasm entry point against `host`.
    ///
    /// Storage changes reach `host` inside a transaction committed only if
    /// the entry point returned `Ok`. The messages of its `Response` are
    /// returned, not run: the chain dispatches them (and calls `reply`).
    ///
    /// # Errors
    ///
    /// As [`Vm::execute`]: the request could not be served at all.
    pub fn execute_cosmwasm(
        &self,
        host: &mut dyn Host,
        request: CwRequest<'_>,
    ) -> Result<CwOutcome, ExecError> {
        let input_len = match &request.entry {
            CwEntry::Reply(_) => 0,
            CwEntry::Instantiate(msg)
            | CwEntry::Execute(msg)
            | CwEntry::Migrate { msg, .. }
            | CwEntry::Sudo(msg)
            | CwEntry::Query(msg) => msg.len(),
        };
        let frame = FrameContext {
            address: request.contract,
            caller: request.sender,
            value: request.funds,
            block: request.block,
            call_stack: vec![request.contract],
            stack_height: 0,
            read_only: matches!(request.entry, CwEntry::Query(_)),
            cosmwasm: Some(Arc::new(CwContext {
                chain: request.chain.clone(),
                transaction_index: request.transaction_index,
            })),
        };
        let entry = FrameEntry::CosmWasm(&request.entry);
        let top = TopLevel {
            input_len,
            gas_limit: request.gas_limit,
            collect_debug: request.collect_debug,
        };
        let result = self.run_top_level(host, frame, entry, top)?;
        Ok(CwOutcome {
            status: result.cosmwasm_status(),
            gas_used: result.gas_used,
            debug: result.debug,
        })
    }
}

/// What a top-level request asks besides its frame.
struct TopLevel {
    input_len: usize,
    gas_limit: u64,
    collect_debug: bool,
}

impl Vm {
    /// Checks a top-level request's input length and gas limit, then runs its
    /// frame with `host` and a fresh output meter published.
    fn run_top_level(
        &self,
        host: &mut dyn Host,
        frame: FrameContext,
        entry: FrameEntry<'_>,
        top: TopLevel,
    ) -> Result<FrameResult, ExecError> {
        let limits = &self.inner.limits;
        if top.input_len > limits.execution.max_input_len as usize {
            return Err(Error::InputTooLarge {
                len: u32::try_from(top.input_len).unwrap_or(u32::MAX),
                max: limits.execution.max_input_len,
            }
            .into());
        }
        if top.gas_limit == u64::MAX {
            return Err(Error::GasLimitTooLarge(top.gas_limit).into());
        }
        let mut output = OutputMeter::new(&limits.execution, top.collect_debug);
        let _slot = self.inner.slots.take();
        current_host::using(host, || {
            output.using(|| frame::run_frame(&self.inner, frame, entry, top.gas_limit))
        })
    }
}
