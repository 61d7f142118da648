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
//! What no benchmark measures yet (the CosmWasm imports' crypto, address and
//! iterator costs, per-byte parts the fixed-size benchmarks cannot separate)
//! keeps the time its earlier estimate stood for, one nanosecond per unit,
//! converted to fuel at the measured ratio.

use frame_support::traits::Get;
use pallet_wasm_contracts::{Cost, Schedule};

/// Picoseconds of `ref_time` per unit of fuel: the `fuel` benchmark's slope,
/// 382 136 ps per 8 000 fuel (1 000 iterations of the 8-operator empty loop),
/// rounded up. The empty loop is the cheapest operator mix; heavier operators
/// (division, indirect calls) cost more per unit, which per-operator fuel
/// costs in the engine would capture.
pub const REF_TIME_PER_FUEL: u64 = 48;

/// `host_context`: six context reads per iteration.
const CONTEXT_PS: u64 = 61_782 / 6;
/// `host_balance`: one `get_balance` per iteration.
const BALANCE_PS: u64 = 384_159;
/// `host_storage`: one 32-byte write and one read per iteration.
const STORAGE_OP_PS: u64 = 309_022 / 2;
/// `host_hashing`: SHA-256, Keccak-256 and BLAKE2b-256 of 1 KiB each per iteration.
const HASH_BYTE_PS: u64 = 3_408_881 / (3 * 1024);
/// `host_events`: one event of 4 topics and 64 bytes per iteration.
const EVENT_PS: u64 = 2_665_204;
/// Bytes of one `host_events` event: 4 topics of 32 bytes and 64 bytes of data.
const EVENT_BYTES: u64 = 4 * 32 + 64;
/// `host_call`: one call of a contract that returns at once, per iteration.
const CALL_PS: u64 = 12_011_701;

/// Fuel worth `ps` picoseconds, rounded up.
const fn fuel(ps: u64) -> u64 {
    ps.div_ceil(REF_TIME_PER_FUEL)
}

/// An unmeasured cost: its earlier estimate (nanoseconds, base and per byte) in fuel.
const fn estimate(base_ns: u64, per_byte_ns: u64) -> Cost {
    Cost::new(fuel(base_ns * 1_000), fuel(per_byte_ns * 1_000))
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
    Schedule {
        instantiate: estimate(10_000, 2),
        input: estimate(100, 1),
        storage_read,
        storage_write: Cost::new(storage_op + db_write, estimate(0, 4).per_byte),
        storage_remove: Cost::new(storage_op + db_write, per_byte),
        context: Cost::new(context, 0),
        balance: Cost::new(fuel(BALANCE_PS) + db_read, 0),
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
        // A scan opens an iterator and every step reads an entry from the trie.
        db_scan: storage_read,
        db_next: storage_read,
        address: estimate(1_000, 10),
        secp256k1_verify: estimate(100_000, 0),
        secp256k1_recover_pubkey: estimate(100_000, 0),
        ed25519_verify: estimate(50_000, 4),
        ed25519_batch_verify: estimate(50_000, 25_000),
        query_chain: estimate(5_000, 2),
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

    #[test]
    fn storage_and_balances_pay_their_database_accesses() {
        let schedule = schedule::<ParityDbWeight>();
        let db = ParityDbWeight::get();
        assert!(ref_time(schedule.storage_read, 0) >= db.read);
        assert!(ref_time(schedule.db_next, 0) >= db.read);
        assert!(ref_time(schedule.balance, 0) >= db.read);
        assert!(ref_time(schedule.storage_write, 0) >= db.write);
        assert!(ref_time(schedule.storage_remove, 0) >= db.write);
        assert!(ref_time(schedule.transfer, 0) >= 2 * (db.read + db.write));
    }

    #[test]
    fn unmeasured_costs_keep_their_estimated_time() {
        // secp256k1 verification was estimated at 100 µs.
        let schedule = schedule::<ParityDbWeight>();
        assert!(ref_time(schedule.secp256k1_verify, 0) >= 100_000_000);
        assert!(ref_time(schedule.secp256k1_verify, 0) < 100_000_000 + REF_TIME_PER_FUEL);
    }
}
