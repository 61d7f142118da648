//! Gas calibration: `RefTimePerFuel` and the host-function `Schedule`,
//! derived by code from the pallet's `weights.rs` (the `benchmark pallet`
//! run on the reference machine: 2 shared cores; see
//! docs/gas-and-weights.md), so regenerating the weights recalibrates gas and the two cannot
//! drift apart.
//!
//! Fuel counts wasm operators, so one ratio turns it into `ref_time`. Host
//! functions are charged in fuel from the `Schedule`: each measured cost below
//! is its benchmark's slope (the `ref_time` one more iteration adds, read
//! from the `WeightInfo` functions) divided by that ratio. Storage and
//! balance accesses also pay the database weight of the read or write they
//! stand for (`DbWeight`), as FRAME's own weights do: the benchmarks run on
//! an in-memory overlay.
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
use frame_support::weights::Weight;
use pallet_wasm_contracts::{Cost, Schedule, WeightInfo};

/// Fuel one iteration of the `fuel` benchmark runs: 1 000 iterations of an
/// 8-operator empty loop. Winch's code for this loop (a branch, a fuel check
/// and a counter per iteration, its fuel counter kept in memory) is its
/// slowest per unit measured: against its 167 ps per fuel, SHA-256 in wasm
/// runs at 125 and the integer loop at 79 (`benchmarking/RESULTS.md`,
/// 2026-12-07, the same machine as `weights.rs`), so heavier code is not
/// under-charged. (On 2026-11-28 Cranelift's code ran the same loop at 39
/// ps per fuel, but SHA-256 at 57.)
pub const FUEL_PER_FUEL_ITERATION: u64 = 8_000;

/// The `ref_time` one more iteration of `benchmark` adds: its slope in
/// `weights.rs` (database accesses are per call, not per iteration).
pub fn slope(benchmark: fn(u32) -> Weight) -> u64 {
    benchmark(1)
        .ref_time()
        .saturating_sub(benchmark(0).ref_time())
}

/// Picoseconds of `ref_time` per unit of fuel: the `fuel` benchmark's
/// slope per fuel, rounded up.
pub fn ref_time_per_fuel<W: WeightInfo>() -> u64 {
    slope(W::fuel).div_ceil(FUEL_PER_FUEL_ITERATION)
}

/// Events per iteration of `host_events`: one of 4 topics and 64 bytes.
const EVENT_BYTES: u64 = 4 * 32 + 64;
/// Signatures in the measured `host_cosmwasm_ed25519_batch` batch (of one
/// shared message).
const CW_BATCH_SIGNATURES: u64 = 8;
/// Bytes of the message the ed25519 benchmarks sign.
const CW_SIGNED_BYTES: u64 = 1024;
/// Points summed per iteration of the aggregation benchmarks.
const BLS_POINTS: u64 = 8;
/// Pairings per iteration of the pairing benchmark (3 on the left, 1 on the right).
const BLS_PAIRINGS: u64 = 4;
/// Bytes hashed per iteration of the hash-to-curve benchmarks (a 1 KiB
/// message and a 48-byte domain).
const BLS_HASHED_BYTES: u64 = 1024 + 48;
/// A byte of return data or debug output, in nanoseconds: a dry run hands
/// both back to its caller, SCALE-encoded through the runtime API and
/// hex-encoded in the RPC's JSON, work the node does beyond the contract's
/// and no fee pays. Measured on the release dev node (the hostile e2e,
/// 2026-12-07): 64 KiB of debug output took a dry run 0.7 ms beyond a
/// trivial call's, 11 ns per byte, against 1 ns charged (14.8x). A
/// transaction is charged the same, so a dry run's gas stays exact.
const RETURNED_BYTE_NS: u64 = 12;
/// Loading a contract whose module missed the cache, per byte of code, in
/// nanoseconds: vm-bench's "from disk" row, 2.5 ns, rounded up.
const LOAD_BYTE_NS: u64 = 3;

/// Fuel at one ratio of picoseconds per fuel.
#[derive(Clone, Copy)]
struct Calibration {
    ref_time_per_fuel: u64,
}

impl Calibration {
    /// Fuel worth `ps` picoseconds, rounded up.
    fn fuel(self, ps: u64) -> u64 {
        ps.div_ceil(self.ref_time_per_fuel)
    }

    /// An unmeasured cost: its earlier estimate (nanoseconds, base and per byte) in fuel.
    fn estimate(self, base_ns: u64, per_byte_ns: u64) -> Cost {
        Cost::new(self.fuel(base_ns * 1_000), self.fuel(per_byte_ns * 1_000))
    }

    /// A cost measured once, at `units` units, as `ps`: one size cannot
    /// separate the base from the per-unit part, so each unit is charged
    /// `unit_share / share` of the measurement per unit (the rest, the base,
    /// once), the split cosmwasm-vm's gas table makes for the same work, and
    /// every size costs at least what was measured.
    fn per_unit(self, ps: u64, units: u64, unit_share: u64, share: u64) -> Cost {
        let per_unit = ps * unit_share / share / units;
        Cost::new(self.fuel(ps - per_unit * units), self.fuel(per_unit))
    }

    /// A hash-to-curve import measured on `BLS_HASHED_BYTES` as `ps`: the
    /// per-byte part keeps SHA-256's measured rate (`hash_byte_ps`), the
    /// base is the rest.
    fn hashing(self, ps: u64, hash_byte_ps: u64) -> Cost {
        let per_byte = self.fuel(hash_byte_ps);
        Cost::new(
            self.fuel(ps).saturating_sub(per_byte * BLS_HASHED_BYTES),
            per_byte,
        )
    }
}

/// What each benchmark measured per iteration, in picoseconds, read from
/// `W`'s slopes.
struct Measured {
    /// `host_context`: six context reads per iteration.
    context: u64,
    /// `host_balance`: one `get_balance` of a contract (its account, and its
    /// info to leave out the existential deposit).
    balance: u64,
    /// `host_storage`: one 32-byte write of a new key (the node looks up the
    /// value it replaces) and one read, per storage operation.
    storage_op: u64,
    /// `host_hashing`: SHA-256, Keccak-256 and BLAKE2b-256 of 1 KiB each, per byte.
    hash_byte: u64,
    /// `host_events`: one event of 4 topics and 64 bytes.
    event: u64,
    /// `host_call`: one call of a contract that returns at once.
    call: u64,
    /// `host_cosmwasm_iteration`: a descending `db_scan` and one `db_next`.
    cw_iteration: u64,
    /// `host_cosmwasm_address`: one of `addr_validate`, `addr_canonicalize`
    /// and `addr_humanize` of a 48-character SS58 address.
    cw_address: u64,
    /// `host_cosmwasm_secp256k1`: one of `secp256k1_verify` and `secp256k1_recover_pubkey`.
    cw_secp256k1: u64,
    /// `host_cosmwasm_ed25519`: one `ed25519_verify` of a 1 KiB message.
    cw_ed25519: u64,
    /// `host_cosmwasm_ed25519_batch`: one batch of 8 signatures of one 1 KiB message.
    cw_ed25519_batch: u64,
    /// `host_cosmwasm_secp256r1`: one `secp256r1_verify` and one `secp256r1_recover_pubkey`.
    cw_secp256r1: u64,
    cw_aggregate_g1: u64,
    cw_aggregate_g2: u64,
    cw_pairing: u64,
    cw_hash_to_g1: u64,
    cw_hash_to_g2: u64,
    /// `host_cosmwasm_query`: one `query_chain` of a bank balance.
    cw_query: u64,
}

impl Measured {
    fn of<W: WeightInfo>() -> Self {
        Self {
            context: slope(W::host_context) / 6,
            balance: slope(W::host_balance),
            storage_op: slope(W::host_storage) / 2,
            hash_byte: slope(W::host_hashing) / (3 * 1024),
            event: slope(W::host_events),
            call: slope(W::host_call),
            cw_iteration: slope(W::host_cosmwasm_iteration),
            cw_address: slope(W::host_cosmwasm_address) / 3,
            cw_secp256k1: slope(W::host_cosmwasm_secp256k1) / 2,
            cw_ed25519: slope(W::host_cosmwasm_ed25519),
            cw_ed25519_batch: slope(W::host_cosmwasm_ed25519_batch),
            cw_secp256r1: slope(W::host_cosmwasm_secp256r1),
            cw_aggregate_g1: slope(W::host_cosmwasm_bls12_381_aggregate_g1),
            cw_aggregate_g2: slope(W::host_cosmwasm_bls12_381_aggregate_g2),
            cw_pairing: slope(W::host_cosmwasm_bls12_381_pairing),
            cw_hash_to_g1: slope(W::host_cosmwasm_bls12_381_hash_to_g1),
            cw_hash_to_g2: slope(W::host_cosmwasm_bls12_381_hash_to_g2),
            cw_query: slope(W::host_cosmwasm_query),
        }
    }
}

/// The host-function costs the benchmarks `W` measured, with `DB` the
/// runtime's database weights.
pub fn schedule<W: WeightInfo, DB: Get<frame_support::weights::RuntimeDbWeight>>() -> Schedule {
    let at = Calibration {
        ref_time_per_fuel: ref_time_per_fuel::<W>(),
    };
    let m = Measured::of::<W>();
    let db_read = at.fuel(DB::get().read);
    let db_write = at.fuel(DB::get().write);
    let context = at.fuel(m.context);
    let storage_op = at.fuel(m.storage_op);
    let per_byte = at.estimate(0, 2).per_byte;
    let hash = Cost::new(context, at.fuel(m.hash_byte));
    let storage_read = Cost::new(storage_op + db_read, per_byte);
    // One message size measured: the per-byte part stays at its 4 ns estimate.
    let signed_bytes_ps = CW_SIGNED_BYTES * at.estimate(0, 4).per_byte * at.ref_time_per_fuel;
    let ed25519_verify = Cost::new(
        at.fuel(m.cw_ed25519.saturating_sub(signed_bytes_ps)),
        at.estimate(0, 4).per_byte,
    );
    // One batch size measured: a batch pays a verification's base once (its
    // fixed cost), and each signature the rest of the measurement, less the
    // message bytes every signature hashes.
    let batch_signature_ps = m
        .cw_ed25519_batch
        .saturating_sub(CW_BATCH_SIGNATURES * signed_bytes_ps)
        .saturating_sub(ed25519_verify.base * at.ref_time_per_fuel)
        .div_ceil(CW_BATCH_SIGNATURES);
    // Split between verification and recovery as cosmwasm-vm's gas table
    // does (279 to 592).
    let secp256r1_verify = m.cw_secp256r1 * 279 / 871;
    Schedule {
        instantiate: at.estimate(10_000, LOAD_BYTE_NS),
        input: at.estimate(100, 1),
        storage_read,
        // A write or removal reads the value it replaces (its bytes are
        // charged at `storage_read`'s rate by the VM) and writes.
        storage_write: Cost::new(storage_op + db_read + db_write, at.estimate(0, 4).per_byte),
        storage_remove: Cost::new(storage_op + db_read + db_write, per_byte),
        context: Cost::new(context, 0),
        // The account, and whether it is a contract's.
        balance: Cost::new(at.fuel(m.balance) + 2 * db_read, 0),
        // Two balances read, two written when the pallet applies the transfer.
        transfer: Cost::new(2 * (at.fuel(m.balance) + db_read + db_write), 0),
        sha256: hash,
        keccak256: hash,
        blake2_256: hash,
        set_return: at.estimate(100, RETURNED_BYTE_NS),
        emit_event: Cost::new(
            at.fuel(m.event).saturating_sub(EVENT_BYTES * per_byte),
            per_byte,
        ),
        // An attribute is deposited with its event: bytes, and a share of the event's base.
        event_attribute: Cost::new(at.fuel(m.event) / 8, per_byte),
        call: Cost::new(at.fuel(m.call), at.estimate(0, 1).per_byte),
        return_data_copy: at.estimate(100, 1),
        debug_log: at.estimate(100, RETURNED_BYTE_NS),
        // A scan and a step each read the trie once more on the node.
        db_scan: Cost::new(at.fuel(m.cw_iteration / 2) + db_read, per_byte),
        db_next: Cost::new(at.fuel(m.cw_iteration / 2) + db_read, per_byte),
        address: Cost::new(at.fuel(m.cw_address), at.estimate(0, 10).per_byte),
        secp256k1_verify: Cost::new(at.fuel(m.cw_secp256k1), 0),
        secp256k1_recover_pubkey: Cost::new(at.fuel(m.cw_secp256k1), 0),
        ed25519_verify,
        ed25519_batch_verify: Cost::new(ed25519_verify.base, at.fuel(batch_signature_ps)),
        // A bank query reads the account, and whether it is a contract's.
        query_chain: Cost::new(at.fuel(m.cw_query) + 2 * db_read, per_byte),
        secp256r1_verify: Cost::new(at.fuel(secp256r1_verify), 0),
        secp256r1_recover_pubkey: Cost::new(at.fuel(m.cw_secp256r1 - secp256r1_verify), 0),
        // cosmwasm-vm's splits at these sizes: 192 of 328 µs, 392 of 599,
        // 652 of 2 764 (the rest is each import's base).
        bls12_381_aggregate_g1: at.per_unit(m.cw_aggregate_g1, BLS_POINTS, 7, 12),
        bls12_381_aggregate_g2: at.per_unit(m.cw_aggregate_g2, BLS_POINTS, 2, 3),
        bls12_381_pairing_equality: at.per_unit(m.cw_pairing, BLS_PAIRINGS, 1, 4),
        bls12_381_hash_to_g1: at.hashing(m.cw_hash_to_g1, m.hash_byte),
        bls12_381_hash_to_g2: at.hashing(m.cw_hash_to_g2, m.hash_byte),
    }
}

#[cfg(test)]
mod tests {
    use frame_support::weights::constants::ParityDbWeight;

    use super::*;

    /// The benchmarked weights (`weights.rs` generates the same figures for
    /// `()` as for the runtime's `SubstrateWeight`; vm-bench includes this
    /// file too, without the runtime).
    type Weights = ();

    /// What `gas_limit` must cover, in `ref_time`, for one host call charging `cost` on `bytes`.
    fn ref_time(cost: Cost, bytes: usize) -> u64 {
        cost.of(bytes) * ref_time_per_fuel::<Weights>()
    }

    fn schedule() -> Schedule {
        super::schedule::<Weights, ParityDbWeight>()
    }

    #[test]
    fn measured_host_calls_cost_at_least_their_benchmarked_time() {
        let (schedule, m) = (schedule(), Measured::of::<Weights>());
        assert!(ref_time(schedule.context, 0) >= m.context);
        assert!(ref_time(schedule.balance, 0) >= m.balance);
        let write_and_read =
            ref_time(schedule.storage_write, 32) + ref_time(schedule.storage_read, 32);
        assert!(write_and_read >= 2 * m.storage_op);
        assert!(ref_time(schedule.sha256, 1024) >= 1024 * m.hash_byte);
        assert!(ref_time(schedule.emit_event, EVENT_BYTES as usize) >= m.event);
        assert!(ref_time(schedule.call, 0) >= m.call);
        // A unit of fuel covers the `fuel` benchmark's time per operator.
        let fuel_ps = slope(<Weights as WeightInfo>::fuel);
        assert!(ref_time_per_fuel::<Weights>() * FUEL_PER_FUEL_ITERATION >= fuel_ps);
    }

    #[test]
    fn measured_cosmwasm_imports_cost_at_least_their_benchmarked_time() {
        let (schedule, m) = (schedule(), Measured::of::<Weights>());
        // `host_cosmwasm_storage`: `db_write` of 32 bytes under a 13-byte key
        // and `db_read` of it, through Regions (whose copies are charged on
        // top), charged as native storage accesses (the same host calls).
        let cw_storage = ref_time(schedule.storage_write, 45) + ref_time(schedule.storage_read, 45);
        assert!(cw_storage >= slope(<Weights as WeightInfo>::host_cosmwasm_storage));
        let iteration = ref_time(schedule.db_scan, 0) + ref_time(schedule.db_next, 0);
        assert!(iteration >= m.cw_iteration);
        assert!(ref_time(schedule.address, 48) >= m.cw_address);
        assert!(ref_time(schedule.secp256k1_verify, 0) >= m.cw_secp256k1);
        assert!(ref_time(schedule.secp256k1_recover_pubkey, 0) >= m.cw_secp256k1);
        assert!(ref_time(schedule.ed25519_verify, 1024) >= m.cw_ed25519);
        let hashed = (CW_BATCH_SIGNATURES * CW_SIGNED_BYTES) as usize;
        let batch = ref_time(schedule.ed25519_batch_verify, CW_BATCH_SIGNATURES as usize)
            + ref_time(Cost::new(0, schedule.ed25519_verify.per_byte), hashed);
        assert!(
            batch >= m.cw_ed25519_batch,
            "{batch} < {}",
            m.cw_ed25519_batch
        );
        assert!(ref_time(schedule.query_chain, 0) >= m.cw_query);
        let secp256r1 =
            ref_time(schedule.secp256r1_verify, 0) + ref_time(schedule.secp256r1_recover_pubkey, 0);
        assert!(secp256r1 >= m.cw_secp256r1);
        let points = BLS_POINTS as usize;
        assert!(ref_time(schedule.bls12_381_aggregate_g1, points) >= m.cw_aggregate_g1);
        assert!(ref_time(schedule.bls12_381_aggregate_g2, points) >= m.cw_aggregate_g2);
        let pairings = BLS_PAIRINGS as usize;
        assert!(ref_time(schedule.bls12_381_pairing_equality, pairings) >= m.cw_pairing);
        let hashed = BLS_HASHED_BYTES as usize;
        assert!(ref_time(schedule.bls12_381_hash_to_g1, hashed) >= m.cw_hash_to_g1);
        assert!(ref_time(schedule.bls12_381_hash_to_g2, hashed) >= m.cw_hash_to_g2);
    }

    #[test]
    fn storage_and_balances_pay_their_database_accesses() {
        let schedule = schedule();
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
        let schedule = schedule();
        let ratio = ref_time_per_fuel::<Weights>();
        assert!(ref_time(schedule.instantiate, 0) >= 10_000_000);
        assert!(ref_time(schedule.instantiate, 0) < 10_000_000 + ratio);
    }
}
