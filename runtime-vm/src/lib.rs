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
//! use runtime_vm::{testing::MockHost, BlockContext, CallRequest, EntryPoint, Limits, Schedule, Status, Vm};
//!
//! let wasm = wat::parse_str(r#"(module
//!     (import "env" "set_return" (func $set_return (param i32 i32)))
//!     (memory (export "memory") 1)
//!     (data (i32.const 0) "hi")
//!     (func (export "execute") (param i32 i32) (result i32)
//!         (call $set_return (i32.const 0) (i32.const 2))
//!         (i32.const 0)))"#).unwrap();
//! let vm = Vm::new(Limits::default(), Schedule::default(), 64 << 20).unwrap();
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
//! Module map: [`engine`] builds the deterministic Wasmtime configuration,
//! [`operators`] prices every operator in one table, `validation` checks code against the [`Limits`] and the ABI (its compile
//! cost by [`compile_cost`]'s model among them), `instrument`
//! bounds the stack deterministically and charges library calls, `compile`
//! turns code into a linked module, `cache` keeps compiled modules,
//! `artifacts` keeps them on disk across restarts, `slots` gates executions
//! onto the pooled instances, `vm` is the public [`Vm`], `frame` runs frames (the call stack, transactions,
//! every way the host enters wasm), `gas` is where every charge is made,
//! `output` caps what an execution hands back, `imports` holds what every
//! import does, `native` implements the native ABI's imports, `cosmwasm` the
//! CosmWasm ABI (see [`Vm::execute_cosmwasm`]), and `memory` is the only
//! code touching guest memory.

#![deny(missing_docs)]

pub mod abi;
mod artifacts;
mod cache;
mod compile;
pub mod compile_cost;
mod cosmwasm;
pub mod engine;
mod frame;
mod gas;
mod host;
mod imports;
mod instrument;
mod memory;
mod native;
pub mod operators;
mod output;
mod slots;
pub mod testing;
mod validation;
mod vm;

pub use cache::CacheStats;
pub use cosmwasm::CwRequest;
pub use frame::HOST_FRAME_COST;
pub use host::{
    Address, Balance, CodeHash, CodeMeta, ContractCode, ContractMeta, Host, TransferError,
};
pub use runtime_vm_primitives::{
    BlockContext, CodeLimits, Cost, CwAttribute, CwChain, CwEntry, CwEvent, CwMsg, CwMsgResponse,
    CwOutcome, CwReply, CwReplyOn, CwResponse, CwStatus, CwSubMsg, CwSubMsgResponse, EntryPoint,
    Error, Event, ExecutionLimits, HostTrap, Limits, Outcome, Schedule, Status, TrapKind,
    ValidationError, DEBUG_MESSAGE_OVERHEAD, WASM_PAGE_SIZE,
};
pub use validation::{
    validate, ExportInfo, ExportKind, ImportInfo, ModuleInfo, Usage, FRAME_OVERHEAD,
};
pub use vm::{CallRequest, ExecError, Vm, DEFAULT_CACHE_BYTES};

/// The hash contract code is stored and cached under: BLAKE2b-256, as
/// Substrate's `blake2_256`.
pub fn code_hash(code: &[u8]) -> CodeHash {
    use blake2::Digest;
    blake2::Blake2b::<blake2::digest::consts::U32>::digest(code).into()
}
