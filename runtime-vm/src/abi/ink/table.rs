//! The ink! ABI's table: the `seal0`/`seal1`/`seal2` imports ink! 5
//! contracts make, with pallet-contracts' signatures and this VM's prices,
//! and how validation recognizes an ink! module.
//!
//! A contract imports only what it uses; an import of pallet-contracts'
//! that is not in this table (chain extensions, `call_runtime`, XCM,
//! `weight_to_fee`, `instantiation_nonce`, transient storage) refuses the
//! module at upload with [`ValidationError::UnknownImport`], naming it.

use wasmparser::ValType::{I32, I64};

use crate::abi::table::{import, AbiRules, Exports, Import, MemoryRule, Signature};
use crate::{Abi, Semantics, ValidationError};

/// pallet-contracts' first import module.
pub const SEAL0: &str = "seal0";
/// Its second versions of some imports.
pub const SEAL1: &str = "seal1";
/// Its third versions of some imports.
pub const SEAL2: &str = "seal2";
/// The module an ink! contract imports its memory from.
pub const MEMORY_MODULE: &str = "env";

/// The entry point run by a call.
pub const CALL: &str = "call";
/// The entry point run once, when the contract is instantiated.
pub const DEPLOY: &str = "deploy";
/// The signature of both entry points.
pub const ENTRY_SIGNATURE: Signature = Signature::new(&[], &[]);

const fn seal0(name: &'static str, signature: Signature, price: crate::abi::Price) -> Import {
    import(SEAL0, name, signature, price)
}

/// `(out_ptr, out_len_ptr) -> ()`: a value written to an output buffer.
const OUTPUT: Signature = Signature::new(&[I32, I32], &[]);
/// `(input_ptr, input_len, out_ptr) -> ()`: a hash.
const HASH: Signature = Signature::new(&[I32, I32, I32], &[]);

/// Every import of the ink! ABI, by module and name.
pub const IMPORTS: &[Import] = &[
    // The call's input and output.
    seal0("input", OUTPUT, |s| s.input),
    seal0("seal_return", Signature::new(&[I32, I32, I32], &[]), |s| {
        s.set_return
    }),
    seal0("debug_message", Signature::new(&[I32, I32], &[I32]), |s| {
        s.debug_log
    }),
    // Storage: `seal0` with 32-byte keys, `seal1`/`seal2` and `take_storage`
    // with keys of a given length.
    seal0(
        "get_storage",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.storage_read,
    ),
    import(
        SEAL1,
        "get_storage",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.storage_read,
    ),
    seal0("set_storage", Signature::new(&[I32, I32, I32], &[]), |s| {
        s.storage_write
    }),
    import(
        SEAL1,
        "set_storage",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.storage_write,
    ),
    import(
        SEAL2,
        "set_storage",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.storage_write,
    ),
    seal0("clear_storage", Signature::new(&[I32], &[]), |s| {
        s.storage_remove
    }),
    import(
        SEAL1,
        "clear_storage",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.storage_remove,
    ),
    seal0("contains_storage", Signature::new(&[I32], &[I32]), |s| {
        s.storage_read
    }),
    import(
        SEAL1,
        "contains_storage",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.storage_read,
    ),
    // A read and a removal: the write's base, the costlier of the two.
    seal0(
        "take_storage",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.storage_write,
    ),
    // The context.
    seal0("caller", OUTPUT, |s| s.context),
    seal0("address", OUTPUT, |s| s.context),
    seal0("value_transferred", OUTPUT, |s| s.context),
    seal0("block_number", OUTPUT, |s| s.context),
    seal0("now", OUTPUT, |s| s.context),
    seal0("minimum_balance", OUTPUT, |s| s.context),
    seal0("gas_left", OUTPUT, |s| s.context),
    import(SEAL1, "gas_left", OUTPUT, |s| s.context),
    seal0("caller_is_origin", Signature::new(&[], &[I32]), |s| {
        s.context
    }),
    seal0("caller_is_root", Signature::new(&[], &[I32]), |s| s.context),
    seal0("reentrance_count", Signature::new(&[], &[I32]), |s| {
        s.context
    }),
    seal0(
        "account_reentrance_count",
        Signature::new(&[I32], &[I32]),
        |s| s.context,
    ),
    // Accounts: a balance read, or a contract's record read.
    seal0("balance", OUTPUT, |s| s.balance),
    seal0("is_contract", Signature::new(&[I32], &[I32]), |s| {
        s.storage_read
    }),
    seal0("code_hash", Signature::new(&[I32, I32, I32], &[I32]), |s| {
        s.storage_read
    }),
    seal0("own_code_hash", OUTPUT, |s| s.storage_read),
    // The host call and its reads; the transfer pays `Schedule::transfer` itself.
    seal0(
        "transfer",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.context,
    ),
    seal0(
        "deposit_event",
        Signature::new(&[I32, I32, I32, I32], &[]),
        |s| s.emit_event,
    ),
    // Hashes.
    seal0("hash_sha2_256", HASH, |s| s.sha256),
    seal0("hash_keccak_256", HASH, |s| s.keccak256),
    seal0("hash_blake2_256", HASH, |s| s.blake2_256),
    // The same compression function as BLAKE2b-256.
    seal0("hash_blake2_128", HASH, |s| s.blake2_256),
    // Signatures.
    seal0(
        "ecdsa_recover",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.secp256k1_recover_pubkey,
    ),
    // A point decompression and a Keccak-256: less than a verification.
    seal0(
        "ecdsa_to_eth_address",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.secp256k1_verify,
    ),
    // A Ristretto verification, per byte of message hashed into its transcript.
    seal0(
        "sr25519_verify",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.ed25519_verify,
    ),
    // Calls to other contracts.
    seal0(
        "call",
        Signature::new(&[I32, I32, I64, I32, I32, I32, I32, I32, I32], &[I32]),
        |s| s.call,
    ),
    import(
        SEAL1,
        "call",
        Signature::new(&[I32, I32, I64, I32, I32, I32, I32, I32], &[I32]),
        |s| s.call,
    ),
    import(
        SEAL2,
        "call",
        Signature::new(&[I32, I32, I64, I64, I32, I32, I32, I32, I32, I32], &[I32]),
        |s| s.call,
    ),
    // Runs code by hash in the calling contract.
    seal0(
        "delegate_call",
        Signature::new(&[I32, I32, I32, I32, I32, I32], &[I32]),
        |s| s.call,
    ),
    // A call into a contract created first (the host's reads and the
    // address's hash are a call's lookups; the salt pays its hashing per byte).
    seal0(
        "instantiate",
        Signature::new(
            &[
                I32, I32, I64, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32,
            ],
            &[I32],
        ),
        |s| s.call,
    ),
    import(
        SEAL1,
        "instantiate",
        Signature::new(
            &[I32, I64, I32, I32, I32, I32, I32, I32, I32, I32, I32],
            &[I32],
        ),
        |s| s.call,
    ),
    import(
        SEAL2,
        "instantiate",
        Signature::new(
            &[
                I32, I64, I64, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32,
            ],
            &[I32],
        ),
        |s| s.call,
    ),
    // The contract's record removed and its balance moved: a transfer's
    // work on the node (the pallet's part is weighed when it applies it).
    seal0("terminate", Signature::new(&[I32, I32], &[]), |s| {
        s.transfer
    }),
    import(SEAL1, "terminate", Signature::new(&[I32], &[]), |s| {
        s.transfer
    }),
    // Two records read (the contract's and the code's), one changed.
    seal0("set_code_hash", Signature::new(&[I32], &[I32]), |s| {
        s.storage_write
    }),
    // The code's record and the lock's entry and count read, one written.
    seal0(
        "lock_delegate_dependency",
        Signature::new(&[I32], &[]),
        |s| s.storage_write,
    ),
    seal0(
        "unlock_delegate_dependency",
        Signature::new(&[I32], &[]),
        |s| s.storage_write,
    ),
];

/// How validation recognizes and checks an ink! module: it imports its
/// memory from `env.memory` (no other ABI does), and exports `call` and
/// `deploy`, both `() -> ()`.
pub(super) const RULES: AbiRules = AbiRules {
    id: Abi::Ink,
    since: Semantics::V3,
    memory: MemoryRule::Imported {
        module: MEMORY_MODULE,
        name: crate::abi::MEMORY,
    },
    imports: IMPORTS,
    detect: |exports| {
        let memory = (MEMORY_MODULE, crate::abi::MEMORY);
        Ok(exports.memory_import() == Some(memory))
    },
    check_exports,
};

fn check_exports(exports: &dyn Exports) -> Result<Vec<String>, ValidationError> {
    exports.require_function(CALL, &[ENTRY_SIGNATURE])?;
    exports.require_function(DEPLOY, &[ENTRY_SIGNATURE])?;
    Ok(Vec::new())
}
