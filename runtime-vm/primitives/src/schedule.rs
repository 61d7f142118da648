//! What host functions cost, in fuel.
//!
//! One unit of fuel is one metered wasm operator (see `runtime_vm::engine`), so
//! host costs are expressed in "operators' worth" of native work.
//!
//! [`Schedule::default`] holds estimates (one unit standing for about a
//! nanosecond), for tests and tools. A chain calibrates its own schedule and
//! its fuel-to-`ref_time` ratio from the pallet's benchmarks on its reference
//! hardware, as `node-example`'s runtime does (`gas.rs`). Both are consensus
//! parameters: the pallet passes its `Schedule` and nodes must agree on it.

#[cfg(feature = "codec")]
use crate::scale::*;

/// A cost of `base + per_byte * bytes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct Cost {
    /// Charged on every call.
    pub base: u64,
    /// Charged for every byte the call moves or processes.
    pub per_byte: u64,
}

impl Cost {
    /// A cost with a base and a per-byte part.
    pub const fn new(base: u64, per_byte: u64) -> Self {
        Self { base, per_byte }
    }

    /// The cost of a call that moves `bytes` bytes, saturating.
    pub fn of(&self, bytes: usize) -> u64 {
        self.base
            .saturating_add(self.per_byte.saturating_mul(bytes as u64))
    }
}

/// The fuel cost of every host function, and of loading a contract.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(
    feature = "codec",
    derive(Encode, Decode, DecodeWithMemTracking, TypeInfo)
)]
pub struct Schedule {
    /// Loading and instantiating a contract frame, per byte of its code.
    /// Charged on every frame whether or not the module cache had it, so a
    /// cache hit never changes the fuel charged.
    pub instantiate: Cost,
    /// Copying the input into the contract (on top of running its `alloc`);
    /// its `per_byte` is also what every CosmWasm Region the host reads or
    /// writes pays per byte copied, before the copy.
    pub input: Cost,
    /// `storage_read`, per byte of key and value.
    pub storage_read: Cost,
    /// `storage_write`, per byte of key and value.
    pub storage_write: Cost,
    /// `storage_remove`, per byte of key.
    pub storage_remove: Cost,
    /// Each of `block_number`, `timestamp`, `caller`, `address`,
    /// `value_transferred`, `gas_left` and `return_data_len`.
    pub context: Cost,
    /// `get_balance`.
    pub balance: Cost,
    /// `transfer`, and the value transfer of a `call` with value.
    pub transfer: Cost,
    /// `sha256`, per byte hashed.
    pub sha256: Cost,
    /// `keccak256`, per byte hashed.
    pub keccak256: Cost,
    /// `blake2_256`, per byte hashed.
    pub blake2_256: Cost,
    /// `set_return`, per byte.
    pub set_return: Cost,
    /// `emit_event`, per byte of topics and data; CosmWasm: each event of a
    /// response (and the `wasm` event of its attributes), per byte of its type.
    pub emit_event: Cost,
    /// CosmWasm: each attribute of a response, per byte of key and value.
    pub event_attribute: Cost,
    /// `call`, per byte of input (the callee's own costs come on top).
    pub call: Cost,
    /// `return_data_copy`, per byte copied.
    pub return_data_copy: Cost,
    /// `debug_log`, per byte; also CosmWasm's `debug` and `abort`.
    pub debug_log: Cost,
    /// CosmWasm `db_scan`, per byte of the range's bounds.
    pub db_scan: Cost,
    /// CosmWasm `db_next`, `db_next_key` and `db_next_value`, per byte of the
    /// entry visited. A descending `db_scan` pays this per key of its range
    /// as it collects them, each before the key is read (the host can only
    /// step forwards).
    pub db_next: Cost,
    /// CosmWasm `addr_validate`, `addr_canonicalize` and `addr_humanize`, per byte of input.
    pub address: Cost,
    /// CosmWasm `secp256k1_verify`.
    pub secp256k1_verify: Cost,
    /// CosmWasm `secp256k1_recover_pubkey`.
    pub secp256k1_recover_pubkey: Cost,
    /// CosmWasm `ed25519_verify`, per byte of message hashed.
    pub ed25519_verify: Cost,
    /// CosmWasm `ed25519_batch_verify`: `base` once, `per_byte` per
    /// signature; every message byte hashed for a signature (a message shared
    /// by all signatures is hashed once per signature) also pays
    /// `ed25519_verify.per_byte`.
    pub ed25519_batch_verify: Cost,
    /// CosmWasm `secp256r1_verify`.
    pub secp256r1_verify: Cost,
    /// CosmWasm `secp256r1_recover_pubkey`.
    pub secp256r1_recover_pubkey: Cost,
    /// CosmWasm `bls12_381_aggregate_g1`, `per_byte` per point (48 bytes).
    pub bls12_381_aggregate_g1: Cost,
    /// CosmWasm `bls12_381_aggregate_g2`, `per_byte` per point (96 bytes).
    pub bls12_381_aggregate_g2: Cost,
    /// CosmWasm `bls12_381_pairing_equality`, `per_byte` per pairing
    /// (the left-hand side's `n`, plus one).
    pub bls12_381_pairing_equality: Cost,
    /// CosmWasm `bls12_381_hash_to_g1`, per byte of message and domain hashed.
    pub bls12_381_hash_to_g1: Cost,
    /// CosmWasm `bls12_381_hash_to_g2`, per byte of message and domain hashed.
    pub bls12_381_hash_to_g2: Cost,
    /// CosmWasm `query_chain`, per byte of request and response (a queried
    /// contract's own costs come on top).
    pub query_chain: Cost,
}

impl Default for Schedule {
    /// Estimated costs, about a nanosecond per unit (see the module docs).
    fn default() -> Self {
        Self {
            instantiate: Cost::new(10_000, 2),
            input: Cost::new(100, 1),
            storage_read: Cost::new(2_000, 2),
            storage_write: Cost::new(5_000, 4),
            storage_remove: Cost::new(4_000, 2),
            context: Cost::new(50, 0),
            balance: Cost::new(1_500, 0),
            transfer: Cost::new(8_000, 0),
            sha256: Cost::new(200, 8),
            keccak256: Cost::new(200, 8),
            blake2_256: Cost::new(200, 4),
            set_return: Cost::new(100, 1),
            emit_event: Cost::new(1_000, 2),
            event_attribute: Cost::new(200, 2),
            call: Cost::new(5_000, 1),
            return_data_copy: Cost::new(100, 1),
            debug_log: Cost::new(100, 1),
            db_scan: Cost::new(2_000, 2),
            db_next: Cost::new(2_000, 2),
            address: Cost::new(1_000, 10),
            secp256k1_verify: Cost::new(100_000, 0),
            secp256k1_recover_pubkey: Cost::new(100_000, 0),
            ed25519_verify: Cost::new(50_000, 4),
            ed25519_batch_verify: Cost::new(50_000, 25_000),
            secp256r1_verify: Cost::new(300_000, 0),
            secp256r1_recover_pubkey: Cost::new(600_000, 0),
            bls12_381_aggregate_g1: Cost::new(70_000, 25_000),
            bls12_381_aggregate_g2: Cost::new(105_000, 50_000),
            bls12_381_pairing_equality: Cost::new(2_100_000, 400_000),
            bls12_381_hash_to_g1: Cost::new(600_000, 8),
            bls12_381_hash_to_g2: Cost::new(900_000, 8),
            query_chain: Cost::new(5_000, 2),
        }
    }
}
