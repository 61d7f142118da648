//! What every frame of every execution shares: the version of the
//! semantics, the engine, one linker per registered ABI, the module cache
//! and its artifacts on disk, the slots, the limits and the fuel schedule. The public [`Vm`](crate::Vm) holds it
//! behind an `Arc`; compiling into it is `compile.rs`'s.

use std::any::Any;
use std::sync::OnceLock;

use wasmtime::{Engine, Module};

use crate::abi::table::AbiRules;
use crate::artifacts::ArtifactStore;
use crate::cache::ModuleCache;
use crate::semantics::Semantics;
use crate::slots::Slots;
use crate::{engine, Abi, Error, Limits, Schedule};

/// A linker of one ABI's imports, with its store type erased: it links a
/// module into a `Linked` of that ABI (an `InstancePre` of its state and
/// the exports its frames look up), which the frame running it downcasts
/// back.
pub(crate) trait Link: Send + Sync {
    /// Links `module`, every import resolved.
    fn instantiate_pre(&self, module: &Module) -> wasmtime::Result<Box<dyn Any + Send + Sync>>;
}

/// An ABI as the runtime knows it: its validation rules and how to build
/// its linker (`imports::register` makes one from a `ContractAbi`).
pub(crate) struct Registered {
    /// How validation recognizes and checks its modules.
    pub rules: &'static AbiRules,
    /// A linker with every import of the ABI and the instrumentation's.
    pub linker: fn(&Engine) -> Result<Box<dyn Link>, Error>,
}

/// What every frame shares.
pub(crate) struct Runtime {
    /// The version of the semantics everything here follows.
    pub semantics: Semantics,
    pub engine: Engine,
    /// The registered ABIs, in detection order, with their linkers.
    abis: Vec<(&'static AbiRules, Box<dyn Link>)>,
    pub(crate) cache: ModuleCache,
    /// Where compiled artifacts are kept on disk, if anywhere.
    pub(crate) artifacts: OnceLock<ArtifactStore>,
    pub(crate) slots: Slots,
    pub limits: Limits,
    pub schedule: Schedule,
}

impl Runtime {
    /// A runtime speaking those of the `abis` that `semantics` knows, with `limits`
    /// (already validated), `schedule` and a cache of `cache_bytes`.
    ///
    /// # Errors
    ///
    /// [`Error::Internal`] if the engine or an ABI's linker cannot be set up.
    pub(crate) fn new(
        abis: &'static [Registered],
        semantics: Semantics,
        limits: Limits,
        schedule: Schedule,
        cache_bytes: usize,
    ) -> Result<Self, Error> {
        let engine = engine::new_engine(&limits, semantics)?;
        let abis = abis
            .iter()
            .filter(|abi| abi.rules.since <= semantics)
            .map(|abi| Ok((abi.rules, (abi.linker)(&engine)?)))
            .collect::<Result<_, Error>>()?;
        Ok(Self {
            semantics,
            engine,
            abis,
            cache: ModuleCache::new(cache_bytes),
            artifacts: OnceLock::new(),
            slots: Slots::new(engine::CONCURRENT_EXECUTIONS),
            limits,
            schedule,
        })
    }

    /// The rules of every registered ABI, in detection order.
    pub(crate) fn rules(&self) -> impl Iterator<Item = &'static AbiRules> + Clone + '_ {
        self.abis.iter().map(|(rules, _)| *rules)
    }

    /// The linker of `abi`.
    pub(crate) fn linker(&self, abi: Abi) -> Result<&dyn Link, Error> {
        self.abis
            .iter()
            .find(|(rules, _)| rules.id == abi)
            .map(|(_, linker)| linker.as_ref())
            .ok_or_else(|| Error::Internal(format!("no linker for the {abi} ABI")))
    }
}
