//! What an execution produces.

#[cfg(feature = "codec")]
use crate::scale::*;

use alloc::string::String;
use alloc::vec::Vec;

use crate::types::Address;

/// The result of running a contract entry point to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct Outcome {
    /// How the entry point ended.
    pub status: Status,
    /// Fuel consumed, host-function charges included. Never more than the limit.
    pub gas_used: u64,
    /// Data set with `set_return` (empty after a trap).
    pub return_data: Vec<u8>,
    /// Events emitted by every frame that committed, in emission order.
    /// Empty unless the call succeeded.
    pub events: Vec<Event>,
    /// Messages from `debug_log`, kept even when the call failed; empty
    /// unless the request asked for them (dry runs do, transactions do not).
    pub debug: Vec<String>,
}

impl Outcome {
    /// `true` when the entry point returned `0` and its changes were kept.
    pub fn is_success(&self) -> bool {
        self.status == Status::Success
    }
}

/// How an entry point ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum Status {
    /// Returned `0`: state changes are kept.
    Success,
    /// Returned the given non-zero code: state changes were rolled back.
    Revert(i32),
    /// Trapped: state changes were rolled back.
    Trap(TrapKind),
}

/// An event emitted with `emit_event`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct Event {
    /// The contract that emitted it.
    pub contract: Address,
    /// Zero to four 32-byte topics.
    pub topics: Vec<[u8; 32]>,
    /// The event's payload.
    pub data: Vec<u8>,
}

/// Why a contract trapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum TrapKind {
    /// Fuel ran out (in wasm code or when a host function charged).
    #[error("out of gas")]
    OutOfGas,
    /// The deterministic stack-height limit was exceeded.
    #[error("stack exhausted")]
    StackExhausted,
    /// A load or store outside the contract's linear memory.
    #[error("memory access out of bounds")]
    MemoryOutOfBounds,
    /// The `unreachable` instruction ran (Rust panics and aborts end here).
    #[error("unreachable executed")]
    Unreachable,
    /// An integer division or remainder by zero.
    #[error("integer division by zero")]
    IntegerDivisionByZero,
    /// A signed integer division overflowed.
    #[error("integer overflow")]
    IntegerOverflow,
    /// A trapping float-to-int conversion of a NaN or out-of-range value.
    #[error("invalid conversion to integer")]
    BadConversionToInteger,
    /// An indirect call through a table index out of bounds.
    #[error("table access out of bounds")]
    TableOutOfBounds,
    /// An indirect call to a null table entry.
    #[error("indirect call to null")]
    IndirectCallToNull,
    /// An indirect call whose signature did not match.
    #[error("indirect call signature mismatch")]
    IndirectCallTypeMismatch,
    /// A host function refused the contract's request.
    #[error("host error: {0}")]
    Host(HostTrap),
}

/// Why a host function trapped the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub enum HostTrap {
    /// A pointer and length passed to an import reach outside linear memory.
    #[error("pointer out of bounds")]
    PointerOutOfBounds,
    /// A storage key is longer than [`ExecutionLimits::max_storage_key_len`](crate::ExecutionLimits::max_storage_key_len).
    #[error("storage key too large")]
    StorageKeyTooLarge,
    /// A storage value is longer than [`ExecutionLimits::max_storage_value_len`](crate::ExecutionLimits::max_storage_value_len).
    #[error("storage value too large")]
    StorageValueTooLarge,
    /// More than four topics were passed to `emit_event`.
    #[error("too many event topics")]
    TooManyTopics,
    /// Event data is longer than [`ExecutionLimits::max_event_data_len`](crate::ExecutionLimits::max_event_data_len).
    #[error("event data too large")]
    EventDataTooLarge,
    /// Return data is longer than [`ExecutionLimits::max_return_data_len`](crate::ExecutionLimits::max_return_data_len).
    #[error("return data too large")]
    ReturnDataTooLarge,
    /// Input passed to `call` is longer than [`ExecutionLimits::max_input_len`](crate::ExecutionLimits::max_input_len).
    #[error("call input too large")]
    InputTooLarge,
    /// A `debug_log` message is longer than [`ExecutionLimits::max_debug_message_len`](crate::ExecutionLimits::max_debug_message_len).
    #[error("debug message too large")]
    DebugMessageTooLarge,
    /// `return_data_copy` asked for bytes past the end of the return data.
    #[error("return data copy out of bounds")]
    ReturnDataOutOfBounds,
    /// The input is not empty but the contract exports no `alloc`.
    #[error("contract has no `alloc` export")]
    MissingAlloc,
    /// `alloc` returned a buffer that does not fit in linear memory.
    #[error("`alloc` returned an invalid buffer")]
    InvalidAlloc,
    /// An entry point of one ABI was called on a contract of the other.
    #[error("the contract implements another ABI")]
    AbiMismatch,
    /// A CosmWasm Region is malformed (zero offset, length over capacity,
    /// end past 4 GiB) or too small for the data written into it.
    #[error("invalid CosmWasm region")]
    InvalidRegion,
    /// A CosmWasm import read a Region longer than its limit.
    #[error("CosmWasm region longer than the import's limit")]
    RegionTooLarge,
    /// A CosmWasm storage key was empty.
    #[error("empty storage key")]
    EmptyStorageKey,
    /// `db_write` or `db_remove` during a query.
    #[error("storage is read-only during a query")]
    WriteAccessDenied,
    /// `db_next*` with an iterator id this frame never handed out.
    #[error("unknown iterator id")]
    UnknownIterator,
    /// `db_scan` with an order other than 1 (ascending) or 2 (descending).
    #[error("invalid iteration order")]
    InvalidOrder,
    /// The contract called `abort` (a Rust panic); the message is in the debug log.
    #[error("the contract aborted")]
    Aborted,
    /// The contract does not export the CosmWasm entry point called (`migrate`, `reply`, ...).
    #[error("the contract has no such entry point")]
    MissingEntryPoint,
    /// An entry point returned something that is not a valid CosmWasm result.
    #[error("invalid CosmWasm result")]
    InvalidResult,
    /// The execution emitted more than [`ExecutionLimits::max_events`](crate::ExecutionLimits::max_events) events.
    #[error("too many events")]
    TooManyEvents,
    /// The execution's events hold more than [`ExecutionLimits::max_events_len`](crate::ExecutionLimits::max_events_len) bytes.
    #[error("events too large")]
    EventsTooLarge,
    /// A CosmWasm response has more than [`ExecutionLimits::max_event_attributes`](crate::ExecutionLimits::max_event_attributes) attributes.
    #[error("too many event attributes")]
    TooManyAttributes,
    /// The execution's debug output exceeds [`ExecutionLimits::max_debug_output_len`](crate::ExecutionLimits::max_debug_output_len).
    #[error("debug output too large")]
    DebugOutputTooLarge,
    /// The execution made more than [`ExecutionLimits::max_effects`](crate::ExecutionLimits::max_effects) chain effects.
    #[error("too many chain effects")]
    TooManyEffects,
    /// The execution made more than [`ExecutionLimits::max_calls`](crate::ExecutionLimits::max_calls) calls.
    #[error("too many calls")]
    TooManyCalls,
    /// ink!: a value is longer than the output buffer the contract gave for it.
    #[error("output buffer too small")]
    OutputBufferTooSmall,
    /// ink!: `input` after the frame forwarded its input to a call.
    #[error("the input was forwarded")]
    InputAlreadyRead,
    /// ink!: return or call flags with bits the ABI does not define.
    #[error("invalid flags")]
    InvalidFlags,
    /// ink!: an argument that does not decode as its type (event topics).
    #[error("argument does not decode")]
    DecodingFailed,
    /// ink!: a call into a contract already on the stack, without `ALLOW_REENTRY`.
    #[error("reentrance denied")]
    ReentranceDenied,
    /// ink!: a call beyond [`ExecutionLimits::max_call_depth`](crate::ExecutionLimits::max_call_depth).
    #[error("maximum call depth reached")]
    MaxCallDepth,
    /// An ink! `instantiate` would create a contract where one exists.
    #[error("a contract exists at the new contract's address")]
    DuplicateContract,
    /// An ink! contract on the call stack more than once called `terminate`.
    #[error("terminate called by a contract on the call stack more than once")]
    TerminatedWhileReentrant,
    /// An ink! contract's delegate dependency was refused: no such code,
    /// its own code, locked already, too many locked, or not locked.
    #[error("delegate dependency refused")]
    DelegateDependencyRefused,
}
