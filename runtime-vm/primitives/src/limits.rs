//! Hard limits: [`CodeLimits`], checked at validation (upload), and
//! [`ExecutionLimits`], checked at run time.

#[cfg(feature = "codec")]
use crate::scale::*;

/// Every limit the VM enforces, in two parts that change under different rules.
///
/// SCALE-encoded as the two parts' fields in order, the bytes of the one
/// struct of 27 fields it was: the runtime interface's bytes did not change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct Limits {
    /// Checked at upload: which code is accepted.
    pub code: CodeLimits,
    /// Checked as contracts run: what they may do.
    pub execution: ExecutionLimits,
}

/// Limits checked when code is uploaded (validated): they decide which code
/// is accepted. On a live chain they may only grow, or code already stored
/// would stop validating when a node compiles it again.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct CodeLimits {
    /// Largest accepted code, in bytes. Default 1 MiB: bounds compile time
    /// (linear in size with the baseline compiler) and memory while fitting
    /// real-world contracts.
    pub max_code_len: u32,
    /// Most functions (imported and defined). Default 20 000, as cosmwasm-vm.
    pub max_functions: u32,
    /// Most locals per function, parameters included. Default 4 096.
    pub max_locals: u32,
    /// Largest function body, in bytes. Default 256 KiB: bounds the
    /// compiler's working memory per function.
    pub max_function_body_len: u32,
    /// Most globals. Default 256.
    pub max_globals: u32,
    /// Most tables. Default 1 (what rustc emits for indirect calls).
    pub max_tables: u32,
    /// Most elements a table may hold (initial and maximum). Default 4 096.
    pub max_table_elements: u32,
    /// Most element segments. Default 256.
    pub max_element_segments: u32,
    /// Most data segments. Default 1 024.
    pub max_data_segments: u32,
    /// Most imports. Default 64 (the native ABI has 20 functions).
    pub max_imports: u32,
    /// Most compile cost per KiB of code, in units of about one byte of
    /// ordinary code (runtime-vm's `compile_cost` model: every byte and
    /// operator costs one unit, calls, loops, indirect calls, library
    /// calls, functions and their trampolines more). Default 3 328 (3.25
    /// per byte): whatever a module is made of, it compiles within 3x the
    /// time of ordinary code of its size, while real contracts (1.8 to 2.6
    /// per byte under version 4 of the semantics, which prices trampolines
    /// and start-up code by the time they take) pass.
    /// Exceeding it is refused with `CompileCostTooHigh`.
    pub max_compile_cost_per_kib: u32,
    /// Compile cost every module may have on top of
    /// [`Self::max_compile_cost_per_kib`]'s share. Default 65 536 (about
    /// 4 ms of compilation): small contracts are mostly fixed costs
    /// (functions, imports, the table).
    pub compile_cost_allowance: u32,
}

/// Limits contracts observe as they run: part of consensus, so changing
/// one is a runtime upgrade that changes what contracts do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct ExecutionLimits {
    /// Most 64 KiB pages of linear memory, initial or grown. Default 256 (16 MiB).
    pub max_memory_pages: u32,
    /// Deterministic stack budget of the whole call stack (all contract
    /// frames together), in 8-byte units: each active wasm frame costs
    /// `8 + locals + max operand stack height` of its function. Default
    /// 65 536 (512 KiB worth; about 2 000 frames of a typical Rust function).
    /// Exceeding it traps with `StackExhausted` on every machine alike;
    /// Wasmtime's native `max_wasm_stack` only backs it up.
    pub max_stack_height: u32,
    /// Most contract frames on the call stack (the top-level call is 1).
    /// Default 8.
    pub max_call_depth: u32,
    /// Largest input to an entry point, in bytes. Default 64 KiB.
    pub max_input_len: u32,
    /// Largest storage key, in bytes. Default 128.
    pub max_storage_key_len: u32,
    /// Largest storage value, in bytes. Default 16 KiB.
    pub max_storage_value_len: u32,
    /// Largest return data, in bytes. Default 64 KiB.
    pub max_return_data_len: u32,
    /// Largest event payload, in bytes. Default 16 KiB.
    pub max_event_data_len: u32,
    /// Largest `debug_log` message, in bytes. Default 4 KiB.
    pub max_debug_message_len: u32,
    /// Most events one execution may emit, over all its frames (CosmWasm:
    /// per entry point, its response's events and the `wasm` event of its
    /// attributes). Default 128. Counted when emitted, whether or not the
    /// frame commits, so the work a contract can make the host do is bounded
    /// too. Exceeding it traps with `TooManyEvents`.
    pub max_events: u32,
    /// Most bytes of event topics and data one execution may emit (CosmWasm:
    /// event types, attribute keys and values). Default 128 KiB. Exceeding it
    /// traps with `EventsTooLarge`.
    pub max_events_len: u32,
    /// Most attributes of one CosmWasm response, over all its events. Default
    /// 1 024. Exceeding it traps with `TooManyAttributes`.
    pub max_event_attributes: u32,
    /// Most debug output one execution may produce, in bytes (each message
    /// counts its length plus [`DEBUG_MESSAGE_OVERHEAD`]). Default 64 KiB.
    /// Counted whether or not the caller collects debug output (only dry
    /// runs do), so a dry run and the real call end alike. Exceeding it traps
    /// with `DebugOutputTooLarge`.
    pub max_debug_output_len: u32,
    /// Most chain effects one execution may make, over all its frames:
    /// value transfers (`transfer`, a call with value) and, for ink!,
    /// contracts instantiated, terminated or given new code. Default 1 024.
    /// Bounds the effects an outcome reports (within
    /// [`Self::max_outcome_len`]). Exceeding it traps with `TooManyEffects`.
    pub max_effects: u32,
    /// Most native `call`s one execution may make, over all its frames.
    /// Default 1 024. Bounds the contracts whose storage one execution can
    /// change, so the storage changes it reports (one entry per contract)
    /// stay within [`Self::max_outcome_len`]. Exceeding it traps with
    /// `TooManyCalls`.
    pub max_calls: u32,
}

impl Default for CodeLimits {
    fn default() -> Self {
        Self {
            max_code_len: 1024 * 1024,
            max_functions: 20_000,
            max_locals: 4096,
            max_function_body_len: 256 * 1024,
            max_globals: 256,
            max_tables: 1,
            max_table_elements: 4096,
            max_element_segments: 256,
            max_data_segments: 1024,
            max_imports: 64,
            max_compile_cost_per_kib: 3328,
            compile_cost_allowance: 64 * 1024,
        }
    }
}

impl Default for ExecutionLimits {
    fn default() -> Self {
        Self {
            max_memory_pages: 256,
            max_stack_height: 65_536,
            max_call_depth: 8,
            max_input_len: 64 * 1024,
            max_storage_key_len: 128,
            max_storage_value_len: 16 * 1024,
            max_return_data_len: 64 * 1024,
            max_event_data_len: 16 * 1024,
            max_debug_message_len: 4 * 1024,
            max_events: 128,
            max_events_len: 128 * 1024,
            max_event_attributes: 1024,
            max_debug_output_len: 64 * 1024,
            max_effects: 1024,
            max_calls: 1024,
        }
    }
}

impl Limits {
    /// Checks that a node can serve these limits: the top-level call fits
    /// the call depth, a call stack at its deepest holds at most 1 GiB of
    /// linear memory, and an outcome at its largest fits the 16 MiB a
    /// runtime allocates for it. `Vm::new` refuses limits that fail it, and
    /// the pallet's `integrity_test` asserts it of the runtime's.
    ///
    /// # Errors
    ///
    /// What is wrong, in words.
    pub fn validate(&self) -> Result<(), &'static str> {
        let execution = &self.execution;
        if execution.max_call_depth == 0 {
            return Err("max_call_depth must allow the top-level call");
        }
        let memory = u64::from(execution.max_call_depth) * execution.max_memory_bytes() as u64;
        if memory > MAX_CALL_STACK_MEMORY {
            return Err("max_call_depth × max_memory_pages exceeds 1 GiB of node memory per call");
        }
        if execution.max_outcome_len() > MAX_OUTCOME_LEN {
            return Err("an execution's outcome may exceed 16 MiB of runtime memory");
        }
        Ok(())
    }
}

impl CodeLimits {
    /// The most compile cost a module of `code_len` bytes may have.
    pub fn max_compile_cost(&self, code_len: u32) -> u64 {
        u64::from(code_len) * u64::from(self.max_compile_cost_per_kib) / 1024
            + u64::from(self.compile_cost_allowance)
    }
}

impl ExecutionLimits {
    /// The memory cap in bytes.
    pub fn max_memory_bytes(&self) -> usize {
        self.max_memory_pages as usize * WASM_PAGE_SIZE
    }

    /// The most bytes an execution's outcome can take, SCALE-encoded, with
    /// everything a node adds to it (proof size, transfers): return data (or
    /// a CosmWasm response, converted from at most `max_return_data_len`
    /// bytes of JSON), events, debug output and transfers at their caps.
    ///
    /// The VM keeps every outcome within it, the node checks it again before
    /// handing an outcome over, and a runtime refuses a longer one before it
    /// allocates a buffer for it.
    pub fn max_outcome_len(&self) -> u32 {
        let events = u64::from(self.max_events) * EVENT_OVERHEAD
            + u64::from(self.max_event_attributes) * ATTRIBUTE_OVERHEAD
            + u64::from(self.max_events_len);
        let total = OUTCOME_OVERHEAD
            + 2 * u64::from(self.max_return_data_len)
            + events
            + u64::from(self.max_debug_output_len)
            + u64::from(self.max_effects) * EFFECT_LEN
            + (u64::from(self.max_calls) + 1) * STORAGE_DELTA_LEN;
        u32::try_from(total).unwrap_or(u32::MAX)
    }
}

/// The most delegate dependencies (code locked by ink!'s
/// `lock_delegate_dependency`) one contract may hold: pallet-contracts'
/// default.
pub const MAX_DELEGATE_DEPENDENCIES: u32 = 32;

/// The most linear memory one call stack may hold, over all its frames.
const MAX_CALL_STACK_MEMORY: u64 = 1 << 30;
/// The most bytes an outcome may take: what a runtime allocates for it.
const MAX_OUTCOME_LEN: u32 = 16 << 20;

/// What each debug message counts on top of its bytes toward
/// [`ExecutionLimits::max_debug_output_len`]: its length prefix, so that many empty
/// messages cannot outgrow the cap either.
pub const DEBUG_MESSAGE_OVERHEAD: u32 = 8;

/// Encoded bytes of an outcome besides its variable parts: status, fuel,
/// proof size, length prefixes.
const OUTCOME_OVERHEAD: u64 = 1024;
/// Encoded bytes of an event besides its topics and data: its contract, the
/// length prefixes (CosmWasm: its type's prefix).
const EVENT_OVERHEAD: u64 = 32 + 16;
/// Encoded bytes of a CosmWasm attribute besides its key and value.
const ATTRIBUTE_OVERHEAD: u64 = 16;
/// Encoded bytes of the most a node reports per chain effect: a
/// termination, which it reports as a transfer (payer, payee, amount) and
/// the removal (contract, beneficiary), each with its variant.
const EFFECT_LEN: u64 = (1 + 32 + 32 + 16) + (1 + 32 + 32);
/// Encoded bytes of a storage change: contract, bytes, items.
const STORAGE_DELTA_LEN: u64 = 32 + 8 + 8;

/// The size of a WebAssembly page.
pub const WASM_PAGE_SIZE: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_each_unservable_limit_is_named() {
        assert_eq!(Limits::default().validate(), Ok(()));
        let with = |change: fn(&mut ExecutionLimits)| {
            let mut limits = Limits::default();
            change(&mut limits.execution);
            limits.validate()
        };
        assert_eq!(
            with(|l| l.max_call_depth = 0),
            Err("max_call_depth must allow the top-level call")
        );
        // 8 frames of 16 MiB is 128 MiB; 8 of 256 MiB is 2 GiB.
        assert!(with(|l| l.max_memory_pages = 4096)
            .unwrap_err()
            .contains("1 GiB"));
        assert!(with(|l| l.max_return_data_len = 8 << 20)
            .unwrap_err()
            .contains("16 MiB"));
    }
}
