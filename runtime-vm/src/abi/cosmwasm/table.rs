//! The CosmWasm ABI's table: its imports with their signatures and prices,
//! its capabilities, its exports and entry points, and how validation
//! recognizes a CosmWasm module.

use wasmparser::ValType::{I32, I64};

use crate::abi::table::{import, AbiRules, Exports, Import, MemoryRule, Signature};
use crate::validation::shown;
use crate::{Abi, Semantics, ValidationError};

/// The export that marks a CosmWasm contract.
pub const MARKER: &str = "interface_version_8";
/// The prefix of every CosmWasm interface-version export.
pub const VERSION_PREFIX: &str = "interface_version_";
/// The prefix of CosmWasm capability exports (`requires_iterator`, ...).
pub const CAPABILITY_PREFIX: &str = "requires_";

/// The module every CosmWasm import lives in.
pub const IMPORT_MODULE: &str = "env";

/// Every import of the CosmWasm ABI (`cosmwasm-std` 2.x and 3.x).
pub const IMPORTS: &[Import] = &[
    import(
        IMPORT_MODULE,
        "db_read",
        Signature::new(&[I32], &[I32]),
        |s| s.storage_read,
    ),
    import(
        IMPORT_MODULE,
        "db_write",
        Signature::new(&[I32, I32], &[]),
        |s| s.storage_write,
    ),
    import(
        IMPORT_MODULE,
        "db_remove",
        Signature::new(&[I32], &[]),
        |s| s.storage_remove,
    ),
    import(
        IMPORT_MODULE,
        "db_scan",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.db_scan,
    ),
    import(
        IMPORT_MODULE,
        "db_next",
        Signature::new(&[I32], &[I32]),
        |s| s.db_next,
    ),
    import(
        IMPORT_MODULE,
        "db_next_key",
        Signature::new(&[I32], &[I32]),
        |s| s.db_next,
    ),
    import(
        IMPORT_MODULE,
        "db_next_value",
        Signature::new(&[I32], &[I32]),
        |s| s.db_next,
    ),
    import(
        IMPORT_MODULE,
        "addr_validate",
        Signature::new(&[I32], &[I32]),
        |s| s.address,
    ),
    import(
        IMPORT_MODULE,
        "addr_canonicalize",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.address,
    ),
    import(
        IMPORT_MODULE,
        "addr_humanize",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.address,
    ),
    import(
        IMPORT_MODULE,
        "secp256k1_verify",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.secp256k1_verify,
    ),
    import(
        IMPORT_MODULE,
        "secp256k1_recover_pubkey",
        Signature::new(&[I32, I32, I32], &[I64]),
        |s| s.secp256k1_recover_pubkey,
    ),
    import(
        IMPORT_MODULE,
        "ed25519_verify",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.ed25519_verify,
    ),
    import(
        IMPORT_MODULE,
        "ed25519_batch_verify",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.ed25519_batch_verify,
    ),
    import(
        IMPORT_MODULE,
        "secp256r1_verify",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.secp256r1_verify,
    ),
    import(
        IMPORT_MODULE,
        "secp256r1_recover_pubkey",
        Signature::new(&[I32, I32, I32], &[I64]),
        |s| s.secp256r1_recover_pubkey,
    ),
    import(
        IMPORT_MODULE,
        "bls12_381_aggregate_g1",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.bls12_381_aggregate_g1,
    ),
    import(
        IMPORT_MODULE,
        "bls12_381_aggregate_g2",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.bls12_381_aggregate_g2,
    ),
    import(
        IMPORT_MODULE,
        "bls12_381_pairing_equality",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.bls12_381_pairing_equality,
    ),
    import(
        IMPORT_MODULE,
        "bls12_381_hash_to_g1",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.bls12_381_hash_to_g1,
    ),
    import(
        IMPORT_MODULE,
        "bls12_381_hash_to_g2",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.bls12_381_hash_to_g2,
    ),
    import(IMPORT_MODULE, "debug", Signature::new(&[I32], &[]), |s| {
        s.debug_log
    }),
    import(
        IMPORT_MODULE,
        "query_chain",
        Signature::new(&[I32], &[I32]),
        |s| s.query_chain,
    ),
    import(IMPORT_MODULE, "abort", Signature::new(&[I32], &[]), |s| {
        s.debug_log
    }),
];

/// The capabilities (`requires_*` exports) this VM offers CosmWasm contracts.
///
/// A capability is an interface version the VM speaks; what a chain lacks
/// fails by name at run time, as on wasmd. `staking`, `stargate` and `ibc2`
/// let contracts that can send such messages (cw1-whitelist can stake)
/// deploy; this chain has no staking, IBC or Stargate module, so those
/// messages are refused by name and those queries answer
/// `UnsupportedRequest` (IBC entry points are never called).
/// `cosmwasm_1_3`/`cosmwasm_1_4` bring `db_next_key` and `db_next_value`;
/// `cosmwasm_2_0` submessage payloads, `msg_responses` and `gas_used` in
/// replies, `Any` messages and gRPC queries (refused by name);
/// `cosmwasm_2_1` the `secp256r1_*` and `bls12_381_*` imports;
/// `cosmwasm_2_2` the three-argument `migrate`; `cosmwasm_3_0` nothing the
/// VM must add (it marks contracts built against cosmwasm-std 3).
pub const CAPABILITIES: &[&str] = &[
    "iterator",
    "staking",
    "stargate",
    "ibc2",
    "cosmwasm_1_1",
    "cosmwasm_1_2",
    "cosmwasm_1_3",
    "cosmwasm_1_4",
    "cosmwasm_2_0",
    "cosmwasm_2_1",
    "cosmwasm_2_2",
    "cosmwasm_3_0",
];

/// CosmWasm's `allocate(size) -> region`.
pub const ALLOCATE: &str = "allocate";
/// CosmWasm's `deallocate(region)`.
pub const DEALLOCATE: &str = "deallocate";

/// CosmWasm's required exports (besides `memory`) and their signatures.
pub const REQUIRED_EXPORTS: &[(&str, Signature)] = &[
    (ALLOCATE, Signature::new(&[I32], &[I32])),
    (DEALLOCATE, Signature::new(&[I32], &[])),
    (MARKER, Signature::new(&[], &[])),
];

/// CosmWasm entry points and the signatures each may have (`migrate` has two).
pub const ENTRY_POINTS: &[(&str, &[Signature])] = &[
    ("instantiate", &[Signature::new(&[I32, I32, I32], &[I32])]),
    ("execute", &[Signature::new(&[I32, I32, I32], &[I32])]),
    ("query", &[Signature::new(&[I32, I32], &[I32])]),
    (
        "migrate",
        &[
            Signature::new(&[I32, I32], &[I32]),
            Signature::new(&[I32, I32, I32], &[I32]),
        ],
    ),
    ("sudo", &[Signature::new(&[I32, I32], &[I32])]),
    ("reply", &[Signature::new(&[I32, I32], &[I32])]),
];

/// How validation recognizes and checks a CosmWasm module: it exports an
/// interface version (which must be 8), `allocate`, `deallocate`, entry
/// points with their signatures, and only capabilities this VM offers.
pub(super) const RULES: AbiRules = AbiRules {
    id: Abi::CosmWasm,
    since: Semantics::V1,
    memory: MemoryRule::Exported,
    imports: IMPORTS,
    detect,
    check_exports,
};

/// CosmWasm if the module exports an interface version; one other than 8
/// refuses it.
fn detect(exports: &dyn Exports) -> Result<bool, ValidationError> {
    let names = exports.names();
    match names.iter().find(|name| name.starts_with(VERSION_PREFIX)) {
        None => Ok(false),
        Some(&name) if name == MARKER => Ok(true),
        Some(name) => Err(ValidationError::UnsupportedInterfaceVersion(shown(name))),
    }
}

/// Checks CosmWasm's required exports, entry points and capabilities;
/// returns the capabilities the module requires.
fn check_exports(exports: &dyn Exports) -> Result<Vec<String>, ValidationError> {
    for (name, signature) in REQUIRED_EXPORTS {
        exports.require_function(name, &[*signature])?;
    }
    for (name, signatures) in ENTRY_POINTS {
        exports.check_function(name, signatures)?;
    }
    let mut capabilities = Vec::new();
    for name in exports.names() {
        let Some(capability) = name.strip_prefix(CAPABILITY_PREFIX) else {
            continue;
        };
        if !CAPABILITIES.contains(&capability) {
            return Err(ValidationError::UnsupportedCapability(shown(capability)));
        }
        capabilities.push(capability.to_string());
    }
    Ok(capabilities)
}
