//! The native ABI's table: its imports with their signatures and prices,
//! its exports, and how validation recognizes a native module.

use wasmparser::ValType::{I32, I64};

use crate::abi::table::{import, AbiRules, Exports, Import, MemoryRule, Signature};
use crate::{Abi, Semantics, ValidationError};

/// The module every native import lives in.
pub const IMPORT_MODULE: &str = "env";

/// Every import of the native ABI, by name.
pub const IMPORTS: &[Import] = &[
    import(
        IMPORT_MODULE,
        "storage_read",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.storage_read,
    ),
    import(
        IMPORT_MODULE,
        "storage_write",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.storage_write,
    ),
    import(
        IMPORT_MODULE,
        "storage_remove",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.storage_remove,
    ),
    import(
        IMPORT_MODULE,
        "block_number",
        Signature::new(&[], &[I64]),
        |s| s.context,
    ),
    import(
        IMPORT_MODULE,
        "timestamp",
        Signature::new(&[], &[I64]),
        |s| s.context,
    ),
    import(IMPORT_MODULE, "caller", Signature::new(&[I32], &[]), |s| {
        s.context
    }),
    import(IMPORT_MODULE, "address", Signature::new(&[I32], &[]), |s| {
        s.context
    }),
    import(
        IMPORT_MODULE,
        "value_transferred",
        Signature::new(&[I32], &[]),
        |s| s.context,
    ),
    import(
        IMPORT_MODULE,
        "get_balance",
        Signature::new(&[I32, I32], &[]),
        |s| s.balance,
    ),
    // The host call and its reads; the transfer pays `Schedule::transfer` itself.
    import(
        IMPORT_MODULE,
        "transfer",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.context,
    ),
    import(
        IMPORT_MODULE,
        "sha256",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.sha256,
    ),
    import(
        IMPORT_MODULE,
        "keccak256",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.keccak256,
    ),
    import(
        IMPORT_MODULE,
        "blake2_256",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.blake2_256,
    ),
    import(
        IMPORT_MODULE,
        "set_return",
        Signature::new(&[I32, I32], &[]),
        |s| s.set_return,
    ),
    import(
        IMPORT_MODULE,
        "emit_event",
        Signature::new(&[I32, I32, I32, I32], &[]),
        |s| s.emit_event,
    ),
    import(
        IMPORT_MODULE,
        "gas_left",
        Signature::new(&[], &[I64]),
        |s| s.context,
    ),
    import(
        IMPORT_MODULE,
        "call",
        Signature::new(&[I32, I32, I32, I32, I64], &[I32]),
        |s| s.call,
    ),
    import(
        IMPORT_MODULE,
        "return_data_len",
        Signature::new(&[], &[I32]),
        |s| s.context,
    ),
    import(
        IMPORT_MODULE,
        "return_data_copy",
        Signature::new(&[I32, I32, I32], &[]),
        |s| s.return_data_copy,
    ),
    import(
        IMPORT_MODULE,
        "debug_log",
        Signature::new(&[I32, I32], &[]),
        |s| s.debug_log,
    ),
];

/// The signature of `execute` and `deploy`: `(input_ptr, input_len) -> status`.
pub const ENTRY_SIGNATURE: Signature = Signature::new(&[I32, I32], &[I32]);
/// The signature of `alloc`: `(len) -> ptr`.
pub const ALLOC_SIGNATURE: Signature = Signature::new(&[I32], &[I32]);

/// The native entry point run by `call`.
pub const EXECUTE: &str = "execute";
/// The native entry point run once at deployment, if exported.
pub const DEPLOY: &str = "deploy";

/// The export the host calls to get a buffer for the input.
pub const ALLOC: &str = "alloc";

/// How validation recognizes and checks a native module: any module that
/// claims no other ABI, exporting `execute` (and perhaps `deploy` and
/// `alloc`) with their signatures.
pub(super) const RULES: AbiRules = AbiRules {
    id: Abi::Native,
    since: Semantics::V1,
    memory: MemoryRule::Exported,
    imports: IMPORTS,
    detect: |_| Ok(true),
    check_exports,
};

fn check_exports(exports: &dyn Exports) -> Result<Vec<String>, ValidationError> {
    exports.require_function(EXECUTE, &[ENTRY_SIGNATURE])?;
    exports.check_function(DEPLOY, &[ENTRY_SIGNATURE])?;
    exports.check_function(ALLOC, &[ALLOC_SIGNATURE])?;
    Ok(Vec::new())
}
