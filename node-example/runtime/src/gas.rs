//! Gas calibration: `RefTimePerFuel` and the host-function `Schedule`, derived
//! from the `benchmark pallet` run that produced the pallet's `weights.rs`
//! (reference machine: 2 shared cores; see the README's Weights section).
//!
//! Fuel counts wasm operators, so one ratio turns it into `ref_time`. Host
//! functions are charged in fuel from the `Schedule`: each measured cost below
//! is its benchmark's slope (picoseconds per loop iteration) divided by that
//! ratio. Storage and balance accesses also pay the database weight of the
//! read or write they stand for (`DbWeight`), as FRAME's own weights do: the
//! benchmarks run on an in-memory overlay.
//!
//! CosmWasm imports are measured by the `host_cosmwasm_*` benchmarks, one
//! message or input size each: where a cost has a per-byte part that one
//! size cannot separate from its base, the per-byte part keeps its earlier
//! estimate (conservative) and the base is the rest of the measurement.
//! Loading a contract pays per byte what vm-bench measures for a module
//! cache miss (its "from disk" row: the code described, its artifact
//! checksummed and loaded, 2.5 ns per byte of code), so evicting modules
//! buys no node time. What no benchmark measures (loading's base, copying
//! input and return data, debug output) keeps the time its earlier estimate
//! stood for, one nanosecond per unit, converted to fuel at the measured ratio.

use frame_support::traits::Get;
use pallet_wasm_contracts::{Cost, Schedule};

/// Picoseconds of `ref_time` per unit of fuel: the `fuel` benchmark's slope,
/// 756 287 ps per 8 000 fuel (1 000 iterations of the 8-operator empty loop),
/// rounded up. Winch's code for this loop (a branch, a fuel check and a
/// counter per iteration, its fuel counter kept in memory) is its slowest per
/// unit measured: SHA-256 in wasm runs at 87 ps per fuel, integer arithmetic
/// at 56 (`benchmarking/RESULTS.md`), so heavier code is not under-charged.
/// (Cranelift's code ran the same loop at 39 ps per fuel, but SHA-256 at 57.)
pub const REF_TIME_PER_FUEL: u64 = 95;

/// `host_context`: six context reads per iteration.
const CONTEXT_PS: u64 = 68_821 / 6;
/// `host_balance`: one `get_balance` of a contract per iteration (its
/// account, and its info to leave out the existential deposit).
const BALANCE_PS: u64 = 732_423;
/// `host_storage`: one 32-byte write of a new key (the node looks up the
/// value it replaces) and one read per iteration.
const STORAGE_OP_PS: u64 = 378_291 / 2;
/// `host_hashing`: SHA-256, Keccak-256 and BLAKE2b-256 of 1 KiB each per iteration.
const HASH_BYTE_PS: u64 = 3_310_412 / (3 * 1024);
/// `host_events`: one event of 4 topics and 64 bytes per iteration.
const EVENT_PS: u64 = 2_563_300;
/// Bytes of one `host_events` event: 4 topics of 32 bytes and 64 bytes of data.
const EVENT_BYTES: u64 = 4 * 32 + 64;
/// `host_call`: one call of a contract that returns at once, per iteration.
const CALL_PS: u64 = 3_640_684;
/// `host_cosmwasm_iteration`: a descending `db_scan` and one `db_next` per iteration.
const CW_ITERATION_PS: u64 = 286_670;
/// `host_cosmwasm_address`: `addr_validate`, `addr_canonicalize` and
/// `addr_humanize` of one 48-character SS58 address per iteration.
const CW_ADDRESS_PS: u64 = 5_042_621 / 3;
/// `host_cosmwasm_secp256k1`: one `secp256k1_verify` and one
/// `secp256k1_recover_pubkey` per iteration.
const CW_SECP256K1_PS: u64 = 209_748_900 / 2;
/// `host_cosmwasm_ed25519`: one `ed25519_verify` of a 1 KiB message per iteration.
const CW_ED25519_PS: u64 = 31_409_941;
/// `host_cosmwasm_ed25519_batch`: one `ed25519_batch_verify` of 8 signatures
/// of one shared 1 KiB message (8 KiB hashed) per iteration.
const CW_ED25519_BATCH_PS: u64 = 90_349_258;
/// Signatures in the measured batch.
const CW_BATCH_SIGNATURES: u64 = 8;
/// Bytes of the message the ed25519 benchmarks sign.
const CW_SIGNED_BYTES: u64 = 1024;
/// `host_cosmwasm_secp256r1`: one `secp256r1_verify` and one
/// `secp256r1_recover_pubkey` per iteration, split between them as
/// cosmwasm-vm's gas table does (279 to 592).
const CW_SECP256R1_PS: u64 = 593_073_619;
const CW_SECP256R1_VERIFY_PS: u64 = CW_SECP256R1_PS * 279 / 871;
const CW_SECP256R1_RECOVER_PS: u64 = CW_SECP256R1_PS - CW_SECP256R1_VERIFY_PS;
/// `host_cosmwasm_bls12_381_aggregate_g1`: one sum of `BLS_POINTS` G1 points per iteration.
const CW_AGGREGATE_G1_PS: u64 = 206_759_729;
/// `host_cosmwasm_bls12_381_aggregate_g2`: one sum of `BLS_POINTS` G2 points per iteration.
const CW_AGGREGATE_G2_PS: u64 = 441_530_904;
/// Points summed per iteration of the aggregation benchmarks.
const BLS_POINTS: u64 = 8;
/// `host_cosmwasm_bls12_381_pairing`: one pairing equality of `BLS_PAIRINGS`
/// pairings per iteration.
const CW_PAIRING_PS: u64 = 1_998_033_333;
/// Pairings per iteration of the pairing benchmark (3 on the left, 1 on the right).
const BLS_PAIRINGS: u64 = 4;
/// `host_cosmwasm_bls12_381_hash_to_g1`: a 1 KiB message (and a 48-byte
/// domain) hashed to G1 per iteration.
const CW_HASH_TO_G1_PS: u64 = 253_491_706;
/// `host_cosmwasm_bls12_381_hash_to_g2`: the same, to G2.
const CW_HASH_TO_G2_PS: u64 = 479_382_307;
/// Bytes hashed per iteration of the hash-to-curve benchmarks.
const BLS_HASHED_BYTES: u64 = 1024 + 48;

/// `host_cosmwasm_query`: one `query_chain` of a bank balance per iteration.
const CW_QUERY_PS: u64 = 1_968_542;

/// Loading a contract whose module missed the cache, per byte of code, in
/// nanoseconds: vm-bench's "from disk" row, 2.5 ns, rounded up.
const LOAD_BYTE_NS: u64 = 3;

/// Fuel worth `ps` picoseconds, rounded up.
const fn fuel(ps: u64) -> u64 {
    ps.div_ceil(REF_TIME_PER_FUEL)
}

/// An unmeasured cost: its earlier estimate (nanoseconds, base and per byte) in fuel.
const fn estimate(base_ns: u64, per_byte_ns: u64) -> Cost {
    Cost::new(fuel(base_ns * 1_000), fuel(per_byte_ns * 1_000))
}

/// A cost measured once, at `units` units, as `ps`: one size cannot separate
/// the base from the per-unit part, so each unit is charged
/// `unit_share / share` of the measurement per unit (the rest, the base,
/// once), the split cosmwasm-vm's gas table makes for the same work, and
/// every size costs at least what was measured.
const fn per_unit(ps: u64, units: u64, unit_share: u64, share: u64) -> Cost {
    let per_unit = ps * unit_share / share / units;
    Cost::new(fuel(ps - per_unit * units), fuel(per_unit))
}

/// A hash-to-curve import measured on `BLS_HASHED_BYTES` as `ps`: the
/// per-byte part keeps SHA-256's measured rate (3 hashes of 1 KiB in
/// `HASH_BYTE_PS` per byte), the base is the rest.
const fn hashing(ps: u64) -> Cost {
    let per_byte = fuel(HASH_BYTE_PS);
    Cost::new(
        fuel(ps).saturating_sub(per_byte * BLS_HASHED_BYTES),
        per_byte,
    )
}

/// The host-function costs on the reference machine, with `DB` the runtime's
/// database weights.
pub fn schedule<DB: Get<frame_support::weights::RuntimeDbWeight>>() -> Schedule {
    let db_read = fuel(DB::get().read);
    let db_write = fuel(DB::get().write);
    let context = fuel(CONTEXT_PS);
    let storage_op = fuel(STORAGE_OP_PS);
    let per_byte = estimate(0, 2).per_byte;
    let hash = Cost::new(context, fuel(HASH_BYTE_PS));
    let storage_read = Cost::new(storage_op + db_read, per_byte);
    // One message size measured: the per-byte part stays at its 4 ns estimate.
    let signed_bytes_ps = CW_SIGNED_BYTES * estimate(0, 4).per_byte * REF_TIME_PER_FUEL;
    let ed25519_verify = Cost::new(
        fuel(CW_ED25519_PS - signed_bytes_ps),
        estimate(0, 4).per_byte,
    );
    // One batch size measured: a batch pays a verification's base once (its
    // fixed cost), and each signature the rest of the measurement, less the
    // message bytes every signature hashes.
    let batch_signature_ps = (CW_ED25519_BATCH_PS
        - CW_BATCH_SIGNATURES * signed_bytes_ps
        - ed25519_verify.base * REF_TIME_PER_FUEL)
        .div_ceil(CW_BATCH_SIGNATURES);
    Schedule {
        instantiate: estimate(10_000, LOAD_BYTE_NS),
        input: estimate(100, 1),
        storage_read,
        // A write or removal reads the value it replaces (its bytes are
        // charged at `storage_read`'s rate by the VM) and writes.
        storage_write: Cost::new(storage_op + db_read + db_write, estimate(0, 4).per_byte),
        storage_remove: Cost::new(storage_op + db_read + db_write, per_byte),
        context: Cost::new(context, 0),
        // The account, and whether it is a contract's.
        balance: Cost::new(fuel(BALANCE_PS) + 2 * db_read, 0),
        // Two balances read, two written when the pallet applies the transfer.
        transfer: Cost::new(2 * (fuel(BALANCE_PS) + db_read + db_write), 0),
        sha256: hash,
        keccak256: hash,
        blake2_256: hash,
        set_return: estimate(100, 1),
        emit_event: Cost::new(
            fuel(EVENT_PS).saturating_sub(EVENT_BYTES * per_byte),
            per_byte,
        ),
        // An attribute is deposited with its event: bytes, and a share of the event's base.
        event_attribute: Cost::new(fuel(EVENT_PS) / 8, per_byte),
        call: Cost::new(fuel(CALL_PS), estimate(0, 1).per_byte),
        return_data_copy: estimate(100, 1),
        debug_log: estimate(100, 1),
        // A scan and a step each read the trie once more on the node.
        db_scan: Cost::new(fuel(CW_ITERATION_PS / 2) + db_read, per_byte),
        db_next: Cost::new(fuel(CW_ITERATION_PS / 2) + db_read, per_byte),
        address: Cost::new(fuel(CW_ADDRESS_PS), estimate(0, 10).per_byte),
        secp256k1_verify: Cost::new(fuel(CW_SECP256K1_PS), 0),
        secp256k1_recover_pubkey: Cost::new(fuel(CW_SECP256K1_PS), 0),
        ed25519_verify,
        ed25519_batch_verify: Cost::new(ed25519_verify.base, fuel(batch_signature_ps)),
        // A bank query reads the account, and whether it is a contract's.
        query_chain: Cost::new(fuel(CW_QUERY_PS) + 2 * db_read, per_byte),
        secp256r1_verify: Cost::new(fuel(CW_SECP256R1_VERIFY_PS), 0),
        secp256r1_recover_pubkey: Cost::new(fuel(CW_SECP256R1_RECOVER_PS), 0),
        // cosmwasm-vm's splits at these sizes: 192 of 328 µs, 392 of 599,
        // 652 of 2 764 (the rest is each import's base).
        bls12_381_aggregate_g1: per_unit(CW_AGGREGATE_G1_PS, BLS_POINTS, 7, 12),
        bls12_381_aggregate_g2: per_unit(CW_AGGREGATE_G2_PS, BLS_POINTS, 2, 3),
        bls12_381_pairing_equality: per_unit(CW_PAIRING_PS, BLS_PAIRINGS, 1, 4),
        bls12_381_hash_to_g1: hashing(CW_HASH_TO_G1_PS),
        bls12_381_hash_to_g2: hashing(CW_HASH_TO_G2_PS),
    }
}

#[cfg(test)]
mod tests {
    use frame_support::weights::constants::ParityDbWeight;

    use super::*;

    /// What `gas_limit` must cover, in `ref_time`, for one host call charging `cost` on `bytes`.
    fn ref_time(cost: Cost, bytes: usize) -> u64 {
        cost.of(bytes) * REF_TIME_PER_FUEL
    }

    #[test]
    fn measured_host_calls_cost_at_least_their_benchmarked_time() {
        let schedule = schedule::<ParityDbWeight>();
        assert!(ref_time(schedule.context, 0) >= CONTEXT_PS);
        assert!(ref_time(schedule.balance, 0) >= BALANCE_PS);
        let write_and_read =
            ref_time(schedule.storage_write, 32) + ref_time(schedule.storage_read, 32);
        assert!(write_and_read >= 2 * STORAGE_OP_PS);
        assert!(ref_time(schedule.sha256, 1024) >= 1024 * HASH_BYTE_PS);
        assert!(ref_time(schedule.emit_event, EVENT_BYTES as usize) >= EVENT_PS);
        assert!(ref_time(schedule.call, 0) >= CALL_PS);
    }

    /// `host_cosmwasm_storage`: `db_write` of 32 bytes under a 13-byte key and
    /// `db_read` of it, through Regions, per iteration. The schedule charges
    /// these as native storage accesses (the same host calls).
    const CW_STORAGE_PS: u64 = 439_386;

    #[test]
    fn measured_cosmwasm_imports_cost_at_least_their_benchmarked_time() {
        let schedule = schedule::<ParityDbWeight>();
        // Region copies (13-byte key, 32-byte value) are charged on top.
        let cw_storage = ref_time(schedule.storage_write, 45) + ref_time(schedule.storage_read, 45);
        assert!(cw_storage >= CW_STORAGE_PS);
        let iteration = ref_time(schedule.db_scan, 0) + ref_time(schedule.db_next, 0);
        assert!(iteration >= CW_ITERATION_PS);
        assert!(ref_time(schedule.address, 48) >= CW_ADDRESS_PS);
        assert!(ref_time(schedule.secp256k1_verify, 0) >= CW_SECP256K1_PS);
        assert!(ref_time(schedule.secp256k1_recover_pubkey, 0) >= CW_SECP256K1_PS);
        assert!(ref_time(schedule.ed25519_verify, 1024) >= CW_ED25519_PS);
        let hashed = (CW_BATCH_SIGNATURES * CW_SIGNED_BYTES) as usize;
        let batch = ref_time(schedule.ed25519_batch_verify, CW_BATCH_SIGNATURES as usize)
            + ref_time(Cost::new(0, schedule.ed25519_verify.per_byte), hashed);
        assert!(
            batch >= CW_ED25519_BATCH_PS,
            "{batch} < {CW_ED25519_BATCH_PS}"
        );
        assert!(ref_time(schedule.query_chain, 0) >= CW_QUERY_PS);
        let secp256r1 =
            ref_time(schedule.secp256r1_verify, 0) + ref_time(schedule.secp256r1_recover_pubkey, 0);
        assert!(secp256r1 >= CW_SECP256R1_PS);
        let points = BLS_POINTS as usize;
        assert!(ref_time(schedule.bls12_381_aggregate_g1, points) >= CW_AGGREGATE_G1_PS);
        assert!(ref_time(schedule.bls12_381_aggregate_g2, points) >= CW_AGGREGATE_G2_PS);
        let pairings = BLS_PAIRINGS as usize;
        assert!(ref_time(schedule.bls12_381_pairing_equality, pairings) >= CW_PAIRING_PS);
        let hashed = BLS_HASHED_BYTES as usize;
        assert!(ref_time(schedule.bls12_381_hash_to_g1, hashed) >= CW_HASH_TO_G1_PS);
        assert!(ref_time(schedule.bls12_381_hash_to_g2, hashed) >= CW_HASH_TO_G2_PS);
    }

    #[test]
    fn storage_and_balances_pay_their_database_accesses() {
        let schedule = schedule::<ParityDbWeight>();
        let db = ParityDbWeight::get();
        assert!(ref_time(schedule.storage_read, 0) >= db.read);
        assert!(ref_time(schedule.db_next, 0) >= db.read);
        assert!(ref_time(schedule.balance, 0) >= 2 * db.read);
        assert!(ref_time(schedule.storage_write, 0) >= db.read + db.write);
        assert!(ref_time(schedule.storage_remove, 0) >= db.read + db.write);
        assert!(ref_time(schedule.transfer, 0) >= 2 * (db.read + db.write));
    }

    #[test]
    fn unmeasured_costs_keep_their_estimated_time() {
        // Loading a contract was estimated at 10 µs.
        let schedule = schedule::<ParityDbWeight>();
        assert!(ref_time(schedule.instantiate, 0) >= 10_000_000);
        assert!(ref_time(schedule.instantiate, 0) < 10_000_000 + REF_TIME_PER_FUEL);
    }
}
