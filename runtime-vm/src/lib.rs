//! A deterministic, fuel-metered WebAssembly VM for smart contracts, built on
//! Wasmtime.
//!
//! `runtime-vm` validates, instruments, compiles and runs contracts. It knows
//! nothing of Substrate: the chain is reached only through the [`Host`] trait
//! (storage, balances, contract code, transactions), which the pallet
//! implements over the node's externalities and [`testing::MockHost`]
//! implements in memory.
//!
//! ```
//! use runtime_vm::{testing::MockHost, BlockContext, CallRequest, EntryPoint, Limits, Schedule, Semantics, Status, Vm};
//!
//! let wasm = wat::parse_str(r#"(module
//!     (import "env" "set_return" (func $set_return (param i32 i32)))
//!     (memory (export "memory") 1)
//!     (data (i32.const 0) "hi")
//!     (func (export "execute") (param i32 i32) (result i32)
//!         (call $set_return (i32.const 0) (i32.const 2))
//!         (i32.const 0)))"#).unwrap();
//! let vm = Vm::new(Semantics::LATEST, Limits::default(), Schedule::default(), 64 << 20).unwrap();
//! let mut host = MockHost::new();
//! let contract = [7; 32];
//! host.add_contract(contract, wasm);
//! let outcome = vm
//!     .execute(&mut host, CallRequest {
//!         entry: EntryPoint::Execute,
//!         contract,
//!         caller: [1; 32],
//!         value: 0,
//!         input: &[],
//!         gas_limit: 1_000_000,
//!         block: BlockContext::default(),
//!         collect_debug: false,
//!     })
//!     .unwrap();
//! assert_eq!(outcome.status, Status::Success);
//! assert_eq!(outcome.return_data, b"hi");
//! ```
//!
//! # Layers
//!
//! Each layer uses only the ones above it; a test keeps the module graph
//! free of import circles and the core free of any ABI.
//!
//! - **Code**: [`semantics`] names the versions of everything below that
//!   decides a result or a cost, [`engine`] builds the deterministic
//!   Wasmtime configuration,
//!   [`operators`] prices every operator in one table, `validation` checks
//!   code against the [`Limits`] and the rules of its ABI (its compile cost
//!   by [`compile_cost`]'s model among them), `instrument` bounds the stack
//!   deterministically and charges library calls, [`abi::table`] is how an
//!   ABI describes its imports and exports.
//! - **Core** (names no ABI): `fault` (how executions fail), `runtime`
//!   (what every frame shares: engine, linkers, limits, schedule), `cache`
//!   and `artifacts` (compiled modules in memory and on disk), `compile`
//!   (code to a linked module), `exports` (what frames look up in it,
//!   found once), `slots` (the pooled instances), `context`
//!   (a frame's state, the host in scope, and the `ContractAbi` trait ABIs
//!   implement), `gas` (every charge), `output` (caps on what an execution
//!   hands back), `imports` (what every import does, and linking an ABI),
//!   `frame` (the call stack, transactions, every way the host enters
//!   wasm), and `memory`, the only code touching guest memory.
//! - **ABIs** ([`abi`]): [`abi::native`] and [`abi::cosmwasm`] (see
//!   [`Vm::execute_cosmwasm`]), each a folder, registered in one list.
//! - **Facade**: [`Vm`] and [`validate`], over every registered ABI.

#![deny(missing_docs)]

pub mod abi;
mod artifacts;
mod cache;
mod compile;
pub mod compile_cost;
mod context;
pub mod engine;
mod exports;
mod fault;
mod frame;
mod gas;
mod hashing;
mod host;
mod imports;
mod instrument;
mod memory;
pub mod operators;
mod output;
mod runtime;
pub mod semantics;
mod signatures;
mod slots;
pub mod testing;
mod validation;
mod vm;

pub use abi::cosmwasm::CwRequest;
pub use cache::CacheStats;
pub use fault::ExecError;
pub use frame::CallRequest;
pub use frame::HOST_FRAME_COST;
pub use gas::{memory_rate, unkept_pages_fuel, RATE_FREE_PAGES};
pub use host::{
    Address, Balance, CodeHash, CodeMeta, ContractCode, ContractMeta, DependencyError, Host,
    LifecycleError, TransferError,
};
pub use runtime_vm_primitives::{
    Abi, BlockContext, CodeLimits, Cost, CwAttribute, CwChain, CwEntry, CwEvent, CwMsg,
    CwMsgResponse, CwOutcome, CwReply, CwReplyOn, CwResponse, CwStatus, CwSubMsg, CwSubMsgResponse,
    EntryPoint, Error, Event, ExecutionLimits, HostTrap, InkChain, Limits, Outcome, Schedule,
    Status, TrapKind, ValidationError, DEBUG_MESSAGE_OVERHEAD, MAX_DELEGATE_DEPENDENCIES,
    WASM_PAGE_SIZE,
};
pub use semantics::Semantics;
pub use validation::{ExportInfo, ExportKind, ImportInfo, ModuleInfo, Usage, FRAME_OVERHEAD};
pub use vm::{validate, Vm, DEFAULT_CACHE_BYTES};

/// The hash contract code is stored and cached under: BLAKE2b-256, as
/// Substrate's `blake2_256`.
pub fn code_hash(code: &[u8]) -> CodeHash {
    use blake2::Digest;
    blake2::Blake2b::<blake2::digest::consts::U32>::digest(code).into()
}
