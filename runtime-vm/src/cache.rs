//! The compiled-module cache.
//!
//! Compiling a contract costs far more than running a typical
//! call, so compiled modules, already linked (an [`InstancePre`] and the
//! exports frames look up, found once), are kept by
//! code hash and shared by every thread of the node. The cache is bounded by
//! an estimate of the bytes each entry holds and evicts the least recently
//! used entry first.
//!
//! Behind it, optionally, compiled artifacts on disk (`artifacts.rs`): a
//! miss loads the module's artifact when there is a valid one.
//!
//! The cache is invisible to contracts and to gas: what an execution is
//! charged depends on the code's size, never on whether it was cached.

use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use lru::LruCache;

use crate::host::CodeHash;
use crate::validation::ModuleInfo;

/// A validated, instrumented, compiled and linked contract.
pub(crate) struct CompiledContract {
    /// What validation found.
    pub info: ModuleInfo,
    /// The module with every import of its ABI resolved, ready to
    /// instantiate: a `context::Linked` of that ABI (its `InstancePre` and
    /// the exports its frames look up), which the frame running it downcasts.
    pub linked: Box<dyn Any + Send + Sync>,
    /// Bytes this entry is accounted for in the cache.
    pub weight: usize,
}

/// A thread-safe LRU map from code hash to compiled contract, bounded by bytes.
pub struct ModuleCache {
    inner: Mutex<Entries>,
    capacity_bytes: usize,
    hits: AtomicU64,
    misses: AtomicU64,
    compiled: AtomicU64,
    loaded: AtomicU64,
}

struct Entries {
    map: LruCache<CodeHash, Arc<CompiledContract>>,
    bytes: usize,
}

/// Counters describing the cache's state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Entries held.
    pub entries: usize,
    /// Accounted bytes held.
    pub bytes: usize,
    /// Lookups that found their module.
    pub hits: u64,
    /// Lookups that did not: each compiled the module or loaded its artifact.
    pub misses: u64,
    /// Modules compiled.
    pub compiled: u64,
    /// Modules loaded from their artifact on disk instead.
    pub loaded: u64,
}

impl ModuleCache {
    /// A cache holding at most `capacity_bytes` of compiled code.
    pub fn new(capacity_bytes: usize) -> Self {
        Self {
            inner: Mutex::new(Entries {
                map: LruCache::unbounded(),
                bytes: 0,
            }),
            capacity_bytes,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            compiled: AtomicU64::new(0),
            loaded: AtomicU64::new(0),
        }
    }

    /// Counts a module compiled for a miss.
    pub(crate) fn count_compile(&self) {
        self.compiled.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a module loaded from its artifact for a miss.
    pub(crate) fn count_load(&self) {
        self.loaded.fetch_add(1, Ordering::Relaxed);
    }

    /// Whether the cache holds nine-tenths of its capacity or more.
    pub(crate) fn is_nearly_full(&self) -> bool {
        self.lock().bytes >= self.capacity_bytes / 10 * 9
    }

    /// The compiled contract for `hash`, compiling it with `compile` on a miss.
    ///
    /// Compilation runs without the lock held, so other threads keep using
    /// the cache meanwhile; two threads missing on the same hash both compile
    /// and the second insert wins.
    pub(crate) fn get_or_compile<E>(
        &self,
        hash: &CodeHash,
        compile: impl FnOnce() -> Result<CompiledContract, E>,
    ) -> Result<Arc<CompiledContract>, E> {
        if let Some(found) = self.lock().map.get(hash) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(found.clone());
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let compiled = Arc::new(compile()?);
        self.lock()
            .insert(*hash, compiled.clone(), self.capacity_bytes);
        Ok(compiled)
    }

    /// Whether `hash` is cached, without touching its recency.
    pub fn contains(&self, hash: &CodeHash) -> bool {
        self.lock().map.contains(hash)
    }

    /// Drops the entry of `hash`, if any.
    pub(crate) fn remove(&self, hash: &CodeHash) {
        let mut entries = self.lock();
        if let Some(removed) = entries.map.pop(hash) {
            entries.bytes -= removed.weight;
        }
    }

    /// Drops every entry.
    pub fn clear(&self) {
        let mut entries = self.lock();
        entries.map.clear();
        entries.bytes = 0;
    }

    /// The cache's size and hit counters.
    pub fn stats(&self) -> CacheStats {
        let entries = self.lock();
        CacheStats {
            entries: entries.map.len(),
            bytes: entries.bytes,
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            compiled: self.compiled.load(Ordering::Relaxed),
            loaded: self.loaded.load(Ordering::Relaxed),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Entries> {
        // A panic while holding the lock leaves the map consistent (every
        // mutation is a single `LruCache` call), so a poisoned lock is safe to reuse.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Entries {
    /// Inserts `compiled`, then evicts least recently used entries until the
    /// total fits `capacity` (an entry larger than the whole cache is still
    /// returned to its caller, just not kept).
    fn insert(&mut self, hash: CodeHash, compiled: Arc<CompiledContract>, capacity: usize) {
        self.bytes += compiled.weight;
        if let Some(replaced) = self.map.put(hash, compiled) {
            self.bytes -= replaced.weight;
        }
        while self.bytes > capacity {
            let Some((_, evicted)) = self.map.pop_lru() else {
                break;
            };
            self.bytes -= evicted.weight;
        }
    }
}
