//! What a frame runs in, and what an ABI plugs into it.
//!
//! The core runs every contract the same way (a [`Store`] per frame holding
//! a [`State`], fuel, transactions, outputs); an ABI is a type implementing
//! [`ContractAbi`], which adds its own per-execution context, per-frame
//! state, entry points and imports. Everything generic over the ABI is
//! monomorphized, so an import reaches its ABI's state with no dynamic
//! dispatch.
//!
//! The chain's [`Host`] is published for the duration of an execution with
//! `environmental` and borrowed one call at a time ([`with_host`]); no
//! pointer to it is ever stored.

use std::any::Any;
use std::sync::Arc;

use wasmtime::{Caller, Global, InstancePre, Linker, Memory, Module, Store, StoreLimits};

use crate::abi::table::{AbiRules, MEMORY};
use crate::exports::{ContractInstance, Exports};
use crate::fault::HostFault;
use crate::host::{Address, Balance, ContractCode, Host};
use crate::instrument::STACK_HEIGHT_EXPORT;
use crate::runtime::{Link, Runtime};
use crate::validation::ModuleInfo;
use crate::{BlockContext, Error, Event, Status};

environmental::environmental!(current_host: trait Host);

/// Runs `f` with `host` published to every frame of the execution.
pub(crate) fn using_host<R>(host: &mut dyn Host, f: impl FnOnce() -> R) -> R {
    current_host::using(host, f)
}

/// Runs `f` with the host of the current execution.
pub(crate) fn with_host<R>(f: impl FnOnce(&mut dyn Host) -> R) -> Result<R, HostFault> {
    current_host::with(|host| f(host))
        .ok_or_else(|| HostFault::Fatal(Error::Internal("no host in scope".into())))
}

/// A contract ABI, as the core runs it: a new ABI implements this trait in
/// a folder of its own under `abi/` and is registered in `abi::REGISTERED`.
pub(crate) trait ContractAbi: Sized + Send + 'static {
    /// How validation recognizes this ABI's modules and checks their
    /// imports and exports.
    const RULES: &'static AbiRules;
    /// What every frame of one execution shares (shown to the contract as
    /// its environment).
    type Context: Clone + Send + Sync + 'static;
    /// What one frame keeps besides the common [`State`].
    type FrameState: Default + Send + 'static;
    /// What a frame runs: an entry point and its arguments.
    type Entry<'a>: Copy;
    /// What a frame hands back besides the common [`FrameResult`] fields,
    /// taken from its final state.
    type Output;

    /// The exports its `run_entry` looks up, found once per module when it
    /// is linked (`exports.rs`).
    fn exports() -> impl Iterator<Item = &'static str>;

    /// Defines every import of the ABI in `linker` (`imports::define`).
    fn define_imports(linker: &mut Linker<State<Self>>) -> wasmtime::Result<()>;

    /// Runs `entry` on the freshly instantiated `instance`: hands it its
    /// arguments, calls it, and reads what it returned.
    ///
    /// # Errors
    ///
    /// An [`Error`] only when the VM itself failed; whatever the contract
    /// did is the returned [`Status`].
    fn run_entry(
        store: &mut Store<State<Self>>,
        info: &ModuleInfo,
        instance: &ContractInstance<'_>,
        entry: Self::Entry<'_>,
    ) -> Result<Status, Error>;

    /// What the frame hands back from its final state.
    fn finish(state: Self::FrameState) -> Self::Output;
}

/// Who and where a frame runs.
pub(crate) struct FrameContext<A: ContractAbi> {
    pub address: Address,
    pub caller: Address,
    pub value: Balance,
    pub block: BlockContext,
    /// Addresses of every frame from the top-level call to this one (inclusive).
    pub call_stack: Vec<Address>,
    /// The stack height this frame starts at.
    pub stack_height: i32,
    /// A query: storage writes trap.
    pub read_only: bool,
    /// The code a delegate call runs in this contract's context; `None`
    /// runs the contract's own. A delegated frame moves no value: the frame
    /// that delegates was paid it already.
    pub code: Option<ContractCode>,
    /// What the ABI's frames of this execution share.
    pub abi: A::Context,
}

impl<A: ContractAbi> FrameContext<A> {
    /// The context of a top-level call of `address` by `caller`, moving
    /// `value`, at the bottom of the stack.
    pub(crate) fn top_level(
        address: Address,
        caller: Address,
        value: Balance,
        block: BlockContext,
        read_only: bool,
        abi: A::Context,
    ) -> Self {
        Self {
            address,
            caller,
            value,
            block,
            call_stack: vec![address],
            stack_height: 0,
            read_only,
            code: None,
            abi,
        }
    }
}

impl<A: ContractAbi> Clone for FrameContext<A> {
    fn clone(&self) -> Self {
        Self {
            address: self.address,
            caller: self.caller,
            value: self.value,
            block: self.block,
            call_stack: self.call_stack.clone(),
            stack_height: self.stack_height,
            read_only: self.read_only,
            code: self.code,
            abi: self.abi.clone(),
        }
    }
}

/// The data of a frame's [`Store`].
pub(crate) struct State<A: ContractAbi> {
    pub vm: Arc<Runtime>,
    pub frame: FrameContext<A>,
    pub memory: Option<Memory>,
    /// The instrumentation's stack-height global of this frame's instance.
    pub stack_height: Option<Global>,
    /// What the frame returns to its caller.
    pub return_data: Vec<u8>,
    /// Emitted by this frame and by callees that succeeded.
    pub events: Vec<Event>,
    /// Debug messages of this frame and its callees, if the execution collects them.
    pub debug: Vec<String>,
    /// The ABI's own state of this frame.
    pub abi: A::FrameState,
    pub(crate) store_limits: StoreLimits,
    /// How the frame's fuel is held.
    pub(crate) meter: Meter,
}

/// A frame's fuel beside what its store holds (`gas.rs`): how much one
/// unit of the store's fuel is worth, and the fuel left below one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Meter {
    /// Fuel per unit of the store's fuel (`gas::memory_rate`).
    pub rate: u64,
    /// Fuel left that is less than one unit of the store's.
    pub carry: u64,
}

impl Default for Meter {
    fn default() -> Self {
        Self { rate: 1, carry: 0 }
    }
}

/// What a frame hands back to its caller.
pub(crate) struct FrameResult<A: ContractAbi> {
    pub status: Status,
    pub gas_used: u64,
    pub return_data: Vec<u8>,
    pub events: Vec<Event>,
    pub debug: Vec<String>,
    /// What the ABI takes from the frame's final state.
    pub abi: A::Output,
}

/// The context an import runs in.
pub(crate) type Ctx<'a, A> = Caller<'a, State<A>>;
/// What an import returns to Wasmtime.
pub(crate) type HostResult<T> = Result<T, wasmtime::Error>;

/// A module linked by one ABI's linker: what instantiates it, and the
/// exports its frames look up, found once.
pub(crate) struct Linked<A: ContractAbi> {
    pub pre: InstancePre<State<A>>,
    pub exports: Exports,
}

impl<A: ContractAbi> Link for Linker<State<A>> {
    fn instantiate_pre(&self, module: &Module) -> wasmtime::Result<Box<dyn Any + Send + Sync>> {
        // The frame's own lookups, then the ABI's.
        let names = [MEMORY, STACK_HEIGHT_EXPORT].into_iter();
        Ok(Box::new(Linked::<A> {
            pre: Linker::instantiate_pre(self, module)?,
            exports: Exports::of(module, names.chain(A::exports())),
        }))
    }
}
