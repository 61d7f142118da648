//! The public [`Vm`]: a deterministic engine, its limits and fuel schedule, a
//! cache of compiled contracts, and a way in for each registered ABI.
//!
//! An execution publishes the chain's [`Host`] and the execution's output
//! meter for its duration; frames, fuel and state changes are the `frame`
//! module's, each ABI's entry points its own (`abi/`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::abi::cosmwasm::{self, CwRequest};
use crate::abi::REGISTERED;
use crate::abi::{ink, native};
use crate::artifacts::ArtifactStore;
use crate::cache::CacheStats;
use crate::fault::ExecError;
use crate::frame::CallRequest;
use crate::host::{CodeHash, Host};
use crate::runtime::Runtime;
use crate::semantics::Semantics;
use crate::validation::{self, ModuleInfo, Origin};
use crate::{CwOutcome, Error, Limits, Outcome, Schedule, ValidationError};

/// Validates `code` under `limits` and `semantics` for the ABI it
/// implements (the first registered ABI whose rules claim it: CosmWasm if
/// it exports an `interface_version_*`, else native), without compiling it.
///
/// # Errors
///
/// The first [`ValidationError`] found, in the order: size, wasm validity
/// (for the enabled feature set), each limit, the compile-cost budget, the
/// ABI's imports and exports.
pub fn validate(
    code: &[u8],
    limits: &Limits,
    semantics: Semantics,
) -> Result<ModuleInfo, ValidationError> {
    let abis = REGISTERED
        .iter()
        .map(|abi| abi.rules)
        .filter(|rules| rules.since <= semantics);
    validation::validate(code, limits, semantics, Origin::Upload, abis)
}

/// Default capacity of the module cache: 256 MiB of compiled code.
pub const DEFAULT_CACHE_BYTES: usize = 256 * 1024 * 1024;

/// The contract VM: a version of the semantics, a deterministic engine, its
/// limits and fuel schedule, and a cache of compiled contracts.
///
/// Cheap to clone and `Send + Sync`: a node keeps one and shares it between
/// threads, so every runtime instance uses the same cache.
#[derive(Clone)]
pub struct Vm {
    inner: Arc<Runtime>,
}

impl Vm {
    /// A VM following `semantics`, with the given limits and schedule and a
    /// cache of `cache_bytes`. A chain's node takes the version its runtime
    /// names ([`Semantics::from_version`]).
    ///
    /// # Errors
    ///
    /// [`Error::Internal`] if the limits fail [`Limits::validate`], or the
    /// engine or the host functions cannot be set up.
    pub fn new(
        semantics: Semantics,
        limits: Limits,
        schedule: Schedule,
        cache_bytes: usize,
    ) -> Result<Self, Error> {
        limits
            .validate()
            .map_err(|reason| Error::Internal(format!("invalid limits: {reason}")))?;
        let runtime = Runtime::new(REGISTERED, semantics, limits, schedule, cache_bytes)?;
        Ok(Self {
            inner: Arc::new(runtime),
        })
    }

    /// The version of the semantics this VM follows.
    pub fn semantics(&self) -> Semantics {
        self.inner.semantics
    }

    /// The limits this VM enforces.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// The fuel schedule of host functions.
    pub fn schedule(&self) -> &Schedule {
        &self.inner.schedule
    }

    /// Validates `code` as an upload, without compiling it.
    ///
    /// # Errors
    ///
    /// The [`ValidationError`] that rejects it.
    pub fn validate(&self, code: &[u8]) -> Result<ModuleInfo, ValidationError> {
        let inner = &self.inner;
        validation::validate(
            code,
            &inner.limits,
            inner.semantics,
            Origin::Upload,
            inner.rules(),
        )
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
        let compiled = self.inner.compiled(hash, Origin::Upload, || Ok(code))?;
        Ok(compiled.info.clone())
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

    /// Runs a native `request` against `host`.
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
        native::execute(&self.inner, host, request)
    }

    /// Runs an ink! `request` against `host`, with what the `chain` tells
    /// ink! contracts.
    ///
    /// State changes reach `host` inside a transaction committed only if
    /// the contract returned without the revert flag.
    ///
    /// # Errors
    ///
    /// As [`Vm::execute`]: the request could not be served at all.
    pub fn execute_ink(
        &self,
        host: &mut dyn Host,
        request: CallRequest<'_>,
        chain: ink::InkChain,
    ) -> Result<Outcome, ExecError> {
        ink::execute(&self.inner, host, request, chain)
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
        cosmwasm::execute(&self.inner, host, request)
    }
}
