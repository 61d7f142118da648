//! Errors: everything that stops the VM before a contract could run to its end.
//!
//! A contract that runs and fails is not an error: it is an [`Outcome`](crate::Outcome)
//! with a [`Status::Revert`](crate::Status::Revert) or [`Status::Trap`](crate::Status::Trap).
//! An [`Error`] means the request itself could not be served: the code is
//! invalid, the input too large, the caller cannot pay the value.

#[cfg(feature = "codec")]
use crate::scale::*;

use alloc::string::String;

/// Why the VM refused a request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum Error {
    /// The code failed validation.
    #[error("invalid code: {0}")]
    Validation(#[from] ValidationError),
    /// The code is valid wasm but Wasmtime could not compile or link it.
    #[error("compilation failed: {0}")]
    Compilation(String),
    /// The input is longer than [`ExecutionLimits::max_input_len`](crate::ExecutionLimits::max_input_len).
    #[error("input of {len} bytes exceeds the limit of {max}")]
    InputTooLarge {
        /// Input length (saturated at `u32::MAX`).
        len: u32,
        /// The limit.
        max: u32,
    },
    /// The host has no contract at the called address.
    #[error("no contract at the called address")]
    ContractNotFound,
    /// The value sent with the call could not be transferred.
    #[error("value transfer failed: {0}")]
    Transfer(#[from] crate::types::TransferError),
    /// The gas limit does not fit the VM's fuel counter.
    #[error("gas limit {0} is too large")]
    GasLimitTooLarge(u64),
    /// The node's native stack ran out under the VM. The deterministic stack
    /// budget is sized to trip first on every supported node, so this is a
    /// node fault (a thread with too little stack), never a contract result.
    #[error("native stack overflow: the thread running the VM has too little stack")]
    NativeStackOverflow,
    /// Wasmtime failed in a way no contract can cause (out of host memory, ...).
    #[error("internal VM error: {0}")]
    Internal(String),
    /// The node does not implement the version of the VM's semantics the
    /// runtime asks for: it must not run the request (its results could
    /// differ from those of nodes that do). The runtime stops the block;
    /// the node needs a release implementing the version.
    #[error(
        "this node does not implement version {version} of the VM's semantics (the newest it \
         implements is {newest}): run a node release that does"
    )]
    UnknownSemantics {
        /// The version asked for.
        version: u32,
        /// The newest version the node implements.
        newest: u32,
    },
}

/// Why a module was rejected at validation, with the numbers that broke the rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum ValidationError {
    /// The code is longer than [`CodeLimits::max_code_len`](crate::CodeLimits::max_code_len).
    #[error("code is {len} bytes, the limit is {max}")]
    CodeTooLarge {
        /// Code length (saturated at `u32::MAX`).
        len: u32,
        /// The limit.
        max: u32,
    },
    /// The bytes are not a valid WebAssembly module for the enabled feature set.
    #[error("invalid wasm: {0}")]
    InvalidWasm(String),
    /// Too many functions (imported and defined).
    #[error("{count} functions, the limit is {max}")]
    TooManyFunctions {
        /// Number found.
        count: u32,
        /// The limit.
        max: u32,
    },
    /// A function declares too many locals (parameters included).
    #[error("function {function} has {count} locals, the limit is {max}")]
    TooManyLocals {
        /// Function index.
        function: u32,
        /// Number found.
        count: u32,
        /// The limit.
        max: u32,
    },
    /// One frame of a function costs more stack height than a whole instance may use.
    #[error("a frame of function {function} costs {cost} stack-height units, the limit is {max}")]
    FrameTooLarge {
        /// Function index.
        function: u32,
        /// `1 + locals + max operand stack height`.
        cost: u32,
        /// [`ExecutionLimits::max_stack_height`](crate::ExecutionLimits::max_stack_height).
        max: u32,
    },
    /// A function body is too large.
    #[error("function {function} body is {len} bytes, the limit is {max}")]
    FunctionBodyTooLarge {
        /// Function index.
        function: u32,
        /// Body length.
        len: u32,
        /// The limit.
        max: u32,
    },
    /// Too many globals.
    #[error("{count} globals, the limit is {max}")]
    TooManyGlobals {
        /// Number found.
        count: u32,
        /// The limit.
        max: u32,
    },
    /// More than one table.
    #[error("{count} tables, the limit is {max}")]
    TooManyTables {
        /// Number found.
        count: u32,
        /// The limit.
        max: u32,
    },
    /// A table may hold too many elements.
    #[error("table of {elements} elements, the limit is {max}")]
    TableTooLarge {
        /// Initial or maximum size found.
        elements: u64,
        /// The limit.
        max: u32,
    },
    /// Too many element segments.
    #[error("{count} element segments, the limit is {max}")]
    TooManyElementSegments {
        /// Number found.
        count: u32,
        /// The limit.
        max: u32,
    },
    /// Too many data segments.
    #[error("{count} data segments, the limit is {max}")]
    TooManyDataSegments {
        /// Number found.
        count: u32,
        /// The limit.
        max: u32,
    },
    /// The module defines or imports no memory, or more than one.
    #[error("expected exactly one memory, found {count}")]
    MemoryCount {
        /// Number found.
        count: u32,
    },
    /// The memory's initial or maximum size is above the cap.
    #[error("memory of {pages} pages, the limit is {max}")]
    MemoryTooLarge {
        /// Initial or declared maximum pages.
        pages: u64,
        /// The limit.
        max: u32,
    },
    /// Too many imports.
    #[error("{count} imports, the limit is {max}")]
    TooManyImports {
        /// Number found.
        count: u32,
        /// The limit.
        max: u32,
    },
    /// An import that is not part of the ABI.
    #[error("unknown import `{module}.{name}`")]
    UnknownImport {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
    },
    /// An ABI import with the wrong signature.
    #[error("import `{name}` has signature {found}, expected {expected}")]
    ImportSignature {
        /// Import name.
        name: String,
        /// The signature the module declares.
        found: String,
        /// The signature the ABI defines.
        expected: String,
    },
    /// A non-function import (memory, table, global, tag).
    #[error("import `{module}.{name}` is not a function")]
    NonFunctionImport {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
    },
    /// A required export is missing.
    #[error("missing export `{0}`")]
    MissingExport(String),
    /// An ABI export with the wrong kind or signature.
    #[error("export `{name}` has signature {found}, expected {expected}")]
    ExportSignature {
        /// Export name.
        name: String,
        /// What the module exports.
        found: String,
        /// What the ABI defines.
        expected: String,
    },
    /// An export name the VM reserves for its instrumentation.
    #[error("export `{0}` uses a name reserved by the VM")]
    ReservedExport(String),
    /// A module with a `start` function: code would run at instantiation, outside any entry point.
    #[error("modules with a start function are not accepted")]
    StartFunction,
    /// A CosmWasm module of an interface version other than 8.
    #[error("unsupported CosmWasm interface `{0}` (this chain runs interface_version_8)")]
    UnsupportedInterfaceVersion(String),
    /// A CosmWasm module requires a capability this chain does not offer.
    #[error("CosmWasm capability `{0}` is not supported by this chain")]
    UnsupportedCapability(String),
    /// The module would take too long to compile for its size: its
    /// compile cost is over [`CodeLimits::max_compile_cost`](crate::CodeLimits::max_compile_cost).
    #[error("compile cost {cost} is over the limit of {max} for a module of this size (too many functions, calls, loops or indirect calls per byte)")]
    CompileCostTooHigh {
        /// The module's compile cost, in units of one byte of ordinary code.
        cost: u64,
        /// The limit for its size.
        max: u64,
    },
}
