//! How code becomes a linked module: from the module cache, else from its
//! compiled artifact on disk, else compiled (validated, instrumented, Winch)
//! and its artifact written. Compiles are logged: they are the expensive
//! event a node operator wants to see.

use std::hash::{Hash as _, Hasher as _};
use std::sync::Arc;

use sha2::{Digest, Sha256};
use wasmtime::Module;

use crate::artifacts::Artifact;
use crate::cache::CompiledContract;
use crate::host::CodeHash;
use crate::instrument;
use crate::runtime::Runtime;
use crate::validation::{self, ModuleInfo, Origin};
use crate::Error;

/// Log target of the VM (compiles are logged: they are the expensive event).
const LOG_TARGET: &str = "runtime-vm";

/// Bumped whenever the instrumentation's output changes without changing
/// any result or cost (a change that does is a new version of the
/// semantics): it is part of the engine fingerprint, so artifacts of older
/// rewrites are never loaded.
const INSTRUMENTATION_VERSION: u32 = 3;

impl Runtime {
    /// What compiled code depends on besides the wasm: Wasmtime's version
    /// and configuration, the version of the semantics, the instrumentation
    /// and the limits.
    pub(crate) fn fingerprint(&self) -> [u8; 32] {
        let mut engine = std::hash::DefaultHasher::new();
        self.engine
            .precompile_compatibility_hash()
            .hash(&mut engine);
        let mut hasher = Sha256::new();
        hasher.update(engine.finish().to_le_bytes());
        hasher.update(self.semantics.version().to_le_bytes());
        hasher.update(INSTRUMENTATION_VERSION.to_le_bytes());
        hasher.update(format!("{:?}", self.limits).as_bytes());
        hasher.finalize().into()
    }

    /// The compiled contract for the code `hash` from `origin`: from the
    /// cache, else from its artifact on disk, else compiled now (and its
    /// artifact written). `code` fetches the wasm, only on a cache miss.
    pub(crate) fn compiled<C: AsRef<[u8]>>(
        &self,
        hash: &CodeHash,
        origin: Origin,
        code: impl FnOnce() -> Result<C, Error>,
    ) -> Result<Arc<CompiledContract>, Error> {
        self.cache.get_or_compile(hash, || {
            let code = code()?;
            let code = code.as_ref();
            let artifact = self
                .artifacts
                .get()
                .and_then(|store| store.load(hash))
                .filter(|artifact| artifact.code == code);
            let serialized = artifact.as_ref().map(|a| a.module.as_slice());
            self.link(hash, code, origin, serialized)
        })
    }

    /// Puts an artifact already read from disk into the cache (warming).
    pub(crate) fn cache_artifact(
        &self,
        hash: &CodeHash,
        artifact: &Artifact,
    ) -> Result<Arc<CompiledContract>, Error> {
        self.cache.get_or_compile(hash, || {
            self.link(hash, &artifact.code, Origin::Stored, Some(&artifact.module))
        })
    }

    /// Links `code`'s module: deserialized from `serialized` when that is
    /// given and loads, else validated as code from `origin` and compiled.
    fn link(
        &self,
        hash: &CodeHash,
        code: &[u8],
        origin: Origin,
        serialized: Option<&[u8]>,
    ) -> Result<CompiledContract, Error> {
        // An artifact exists only for code that validated under these
        // limits (they are in its fingerprint): describing it suffices.
        let (info, module) = match serialized.and_then(|bytes| self.deserialize(bytes)) {
            Some(module) => {
                self.cache.count_load();
                (
                    validation::describe(code, &self.limits, self.rules())?,
                    module,
                )
            }
            None => {
                let info =
                    validation::validate(code, &self.limits, self.semantics, origin, self.rules())?;
                let module = self.compile(hash, code, &info)?;
                (info, module)
            }
        };
        let linker = self.linker(info.abi)?;
        let image = module.image_range();
        let weight = code.len() + (image.end as usize).saturating_sub(image.start as usize);
        let linked = linker
            .instantiate_pre(&module)
            .map_err(|e| Error::Compilation(e.to_string()))?;
        Ok(CompiledContract {
            info,
            linked,
            weight,
        })
    }

    /// Instruments and compiles validated `code`, writing its artifact if
    /// artifacts are kept.
    fn compile(&self, hash: &CodeHash, code: &[u8], info: &ModuleInfo) -> Result<Module, Error> {
        self.cache.count_compile();
        let started = std::time::Instant::now();
        let instrumented = instrument::instrument(
            code,
            &info.functions,
            self.limits.execution.max_stack_height,
            self.semantics,
        )?;
        let serialized = crate::engine::compiler(self.semantics)?
            .precompile_module(&instrumented)
            .map_err(|e| Error::Compilation(e.to_string()))?;
        // SAFETY: `serialized` is what an engine of this engine's
        // configuration (`engine::compiler`) just compiled; Wasmtime checks
        // its header and the engines' compatibility.
        let module = unsafe { Module::deserialize(&self.engine, &serialized) }
            .map_err(|e| Error::Internal(format!("loading compiled code: {e}")))?;
        log::info!(
            target: LOG_TARGET,
            "Compiled contract code 0x{} ({} bytes) in {} ms",
            hex::encode(hash),
            code.len(),
            started.elapsed().as_millis()
        );
        if let Some(store) = self.artifacts.get() {
            store.store(hash, code, &serialized);
        }
        Ok(module)
    }

    /// A module from the bytes `Module::serialize` wrote, read back from a
    /// checked artifact.
    fn deserialize(&self, serialized: &[u8]) -> Option<Module> {
        // SAFETY: the bytes are what `Module::serialize` wrote for an engine
        // of this fingerprint (Wasmtime's version and configuration), checked
        // against the checksum stored beside them (`artifacts.rs`); Wasmtime
        // checks its own header and the engine's compatibility again.
        unsafe { Module::deserialize(&self.engine, serialized) }.ok()
    }
}
