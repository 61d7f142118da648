//! The contract ABIs a module can speak, and their signatures.
//!
//! The native ABI is specified in `docs/native-abi.md`, CosmWasm's support in
//! `docs/cosmwasm.md`; the tables here are their machine-readable form,
//! used by validation and by the linker: each import is listed with its
//! signature and its [`Price`], the [`Schedule`] entry whose base it pays on
//! entry, on every path. The import implementations live in the private
//! `native` and `cosmwasm` modules; they are defined from these tables, and
//! tests check that every entry links and pays its base.

use std::fmt;

pub use runtime_vm_primitives::Abi;
use wasmparser::ValType::{self, I32, I64};

use crate::{Cost, EntryPoint, Schedule};

/// The export that marks a CosmWasm contract.
pub const COSMWASM_MARKER: &str = "interface_version_8";
/// The prefix of every CosmWasm interface-version export.
pub const COSMWASM_VERSION_PREFIX: &str = "interface_version_";
/// The prefix of CosmWasm capability exports (`requires_iterator`, ...).
pub const COSMWASM_CAPABILITY_PREFIX: &str = "requires_";

/// A function signature: parameter and result types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// Parameter types.
    pub params: &'static [ValType],
    /// Result types.
    pub results: &'static [ValType],
}

impl Signature {
    const fn new(params: &'static [ValType], results: &'static [ValType]) -> Self {
        Self { params, results }
    }

    /// Whether `ty` has exactly this signature.
    pub fn matches(&self, ty: &wasmparser::FuncType) -> bool {
        ty.params() == self.params && ty.results() == self.results
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_signature(f, self.params, self.results)
    }
}

/// Writes a signature as `(i32, i32) -> i32`.
pub(crate) fn write_signature(
    f: &mut impl fmt::Write,
    params: &[ValType],
    results: &[ValType],
) -> fmt::Result {
    let list = |types: &[ValType]| {
        types
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    write!(f, "({}) -> ({})", list(params), list(results))
}

/// The [`Schedule`] entry an import is priced by: its `base` is charged
/// before the import does anything, its per-unit part by the import as it
/// learns the size of its work.
pub type Price = fn(&Schedule) -> Cost;

/// One import of an ABI: its name (in module `env`), signature and price.
#[derive(Clone, Copy, Debug)]
pub struct Import {
    /// The import's name.
    pub name: &'static str,
    /// Its parameter and result types.
    pub signature: Signature,
    /// What it pays on entry (the base) and per unit.
    pub price: Price,
}

const fn import(name: &'static str, signature: Signature, price: Price) -> Import {
    Import {
        name,
        signature,
        price,
    }
}

/// Looks `name` up in `table`.
pub fn find(table: &[Import], name: &str) -> Option<Import> {
    table.iter().find(|import| import.name == name).copied()
}

/// The module every native import lives in.
pub const NATIVE_IMPORT_MODULE: &str = "env";

/// Every import of the native ABI, by name.
pub const NATIVE_IMPORTS: &[Import] = &[
    import(
        "storage_read",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.storage_read,
    ),
    import(
        "storage_write",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.storage_write,
    ),
    import("storage_remove", Signature::new(&[I32, I32], &[I32]), |s| {
        s.storage_remove
    }),
    import("block_number", Signature::new(&[], &[I64]), |s| s.context),
    import("timestamp", Signature::new(&[], &[I64]), |s| s.context),
    import("caller", Signature::new(&[I32], &[]), |s| s.context),
    import("address", Signature::new(&[I32], &[]), |s| s.context),
    import("value_transferred", Signature::new(&[I32], &[]), |s| {
        s.context
    }),
    import("get_balance", Signature::new(&[I32, I32], &[]), |s| {
        s.balance
    }),
    // The host call and its reads; the transfer pays `Schedule::transfer` itself.
    import("transfer", Signature::new(&[I32, I32], &[I32]), |s| {
        s.context
    }),
    import("sha256", Signature::new(&[I32, I32, I32], &[I32]), |s| {
        s.sha256
    }),
    import("keccak256", Signature::new(&[I32, I32, I32], &[I32]), |s| {
        s.keccak256
    }),
    import(
        "blake2_256",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.blake2_256,
    ),
    import("set_return", Signature::new(&[I32, I32], &[]), |s| {
        s.set_return
    }),
    import(
        "emit_event",
        Signature::new(&[I32, I32, I32, I32], &[]),
        |s| s.emit_event,
    ),
    import("gas_left", Signature::new(&[], &[I64]), |s| s.context),
    import(
        "call",
        Signature::new(&[I32, I32, I32, I32, I64], &[I32]),
        |s| s.call,
    ),
    import("return_data_len", Signature::new(&[], &[I32]), |s| {
        s.context
    }),
    import(
        "return_data_copy",
        Signature::new(&[I32, I32, I32], &[]),
        |s| s.return_data_copy,
    ),
    import("debug_log", Signature::new(&[I32, I32], &[]), |s| {
        s.debug_log
    }),
];

/// The signature of `execute` and `deploy`: `(input_ptr, input_len) -> status`.
pub const ENTRY_SIGNATURE: Signature = Signature::new(&[I32, I32], &[I32]);
/// The signature of `alloc`: `(len) -> ptr`.
pub const ALLOC_SIGNATURE: Signature = Signature::new(&[I32], &[I32]);

/// The native entry point run by `call`.
pub const EXECUTE: &str = "execute";
/// The native entry point run once at deployment, if exported.
pub const DEPLOY: &str = "deploy";

/// The export a native entry point runs.
pub(crate) fn export_name(entry: EntryPoint) -> &'static str {
    match entry {
        EntryPoint::Deploy => DEPLOY,
        EntryPoint::Execute => EXECUTE,
    }
}
/// The export the host calls to get a buffer for the input.
pub const ALLOC: &str = "alloc";
/// The contract's linear memory.
pub const MEMORY: &str = "memory";

/// The module every CosmWasm import lives in.
pub const COSMWASM_IMPORT_MODULE: &str = "env";

/// Every import of the CosmWasm ABI (`cosmwasm-std` 2.x and 3.x).
pub const COSMWASM_IMPORTS: &[Import] = &[
    import("db_read", Signature::new(&[I32], &[I32]), |s| {
        s.storage_read
    }),
    import("db_write", Signature::new(&[I32, I32], &[]), |s| {
        s.storage_write
    }),
    import("db_remove", Signature::new(&[I32], &[]), |s| {
        s.storage_remove
    }),
    import("db_scan", Signature::new(&[I32, I32, I32], &[I32]), |s| {
        s.db_scan
    }),
    import("db_next", Signature::new(&[I32], &[I32]), |s| s.db_next),
    import("db_next_key", Signature::new(&[I32], &[I32]), |s| s.db_next),
    import("db_next_value", Signature::new(&[I32], &[I32]), |s| {
        s.db_next
    }),
    import("addr_validate", Signature::new(&[I32], &[I32]), |s| {
        s.address
    }),
    import(
        "addr_canonicalize",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.address,
    ),
    import("addr_humanize", Signature::new(&[I32, I32], &[I32]), |s| {
        s.address
    }),
    import(
        "secp256k1_verify",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.secp256k1_verify,
    ),
    import(
        "secp256k1_recover_pubkey",
        Signature::new(&[I32, I32, I32], &[I64]),
        |s| s.secp256k1_recover_pubkey,
    ),
    import(
        "ed25519_verify",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.ed25519_verify,
    ),
    import(
        "ed25519_batch_verify",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.ed25519_batch_verify,
    ),
    import(
        "secp256r1_verify",
        Signature::new(&[I32, I32, I32], &[I32]),
        |s| s.secp256r1_verify,
    ),
    import(
        "secp256r1_recover_pubkey",
        Signature::new(&[I32, I32, I32], &[I64]),
        |s| s.secp256r1_recover_pubkey,
    ),
    import(
        "bls12_381_aggregate_g1",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.bls12_381_aggregate_g1,
    ),
    import(
        "bls12_381_aggregate_g2",
        Signature::new(&[I32, I32], &[I32]),
        |s| s.bls12_381_aggregate_g2,
    ),
    import(
        "bls12_381_pairing_equality",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.bls12_381_pairing_equality,
    ),
    import(
        "bls12_381_hash_to_g1",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.bls12_381_hash_to_g1,
    ),
    import(
        "bls12_381_hash_to_g2",
        Signature::new(&[I32, I32, I32, I32], &[I32]),
        |s| s.bls12_381_hash_to_g2,
    ),
    import("debug", Signature::new(&[I32], &[]), |s| s.debug_log),
    import("query_chain", Signature::new(&[I32], &[I32]), |s| {
        s.query_chain
    }),
    import("abort", Signature::new(&[I32], &[]), |s| s.debug_log),
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
pub const COSMWASM_CAPABILITIES: &[&str] = &[
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
pub const COSMWASM_REQUIRED_EXPORTS: &[(&str, Signature)] = &[
    (ALLOCATE, Signature::new(&[I32], &[I32])),
    (DEALLOCATE, Signature::new(&[I32], &[])),
    (COSMWASM_MARKER, Signature::new(&[], &[])),
];

/// CosmWasm entry points and the signatures each may have (`migrate` has two).
pub const COSMWASM_ENTRY_POINTS: &[(&str, &[Signature])] = &[
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

/// Looks up a CosmWasm import's signature.
pub fn cosmwasm_import(name: &str) -> Option<Signature> {
    find(COSMWASM_IMPORTS, name).map(|import| import.signature)
}

/// Looks up a native import's signature.
pub fn native_import(name: &str) -> Option<Signature> {
    find(NATIVE_IMPORTS, name).map(|import| import.signature)
}
