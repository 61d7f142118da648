//! CosmWasm's imports (`docs/cosmwasm.md`), one function each, as
//! cosmwasm-vm implements them: the same Region read limits, the same return
//! codes and messages, fuel charged from the [`Schedule`](crate::Schedule)
//! before the work whose size is known.

use cosmwasm_crypto::{
    bls12_381_aggregate_g1, bls12_381_aggregate_g2, bls12_381_hash_to_g1, bls12_381_hash_to_g2,
    bls12_381_pairing_equality, ed25519_batch_verify, ed25519_verify, secp256k1_recover_pubkey,
    secp256k1_verify, secp256r1_recover_pubkey, secp256r1_verify, CryptoError, HashFunction,
    ECDSA_PUBKEY_MAX_LEN, ECDSA_SIGNATURE_LEN, EDDSA_PUBKEY_LEN, MESSAGE_HASH_MAX_LEN,
};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};
use wasmtime::{Linker, Memory};

use super::address::MAX_LENGTH_HUMAN_ADDRESS;
use super::iterator::{Iter, Order};
use super::{address, querier, region, write_to_contract, CosmWasm, IMPORTS, IMPORT_MODULE};
use crate::context::{HostResult, State};
use crate::gas::{self, charge_per_byte, charge_replaced};
use crate::imports::{debug_text, fatal, host, keep_debug, memory_and_state, trap};
use crate::{Cost, Error, HostTrap};

/// The context a CosmWasm import runs in.
pub(super) type Ctx<'a> = crate::context::Ctx<'a, CosmWasm>;

const KI: usize = 1024;
const MI: usize = 1024 * KI;
/// Longest canonical address `addr_humanize` reads (cosmwasm-vm's limit).
const MAX_LENGTH_CANONICAL_ADDRESS: usize = 64;
/// Longest `query_chain` request (cosmwasm-vm's limit).
const MAX_LENGTH_QUERY_CHAIN_REQUEST: usize = 64 * KI;
/// Longest `ed25519_verify` message (cosmwasm-vm's limit).
const MAX_LENGTH_ED25519_MESSAGE: usize = 128 * KI;
/// Longest ed25519 signature.
const MAX_LENGTH_ED25519_SIGNATURE: usize = 64;
/// Most signatures in one `ed25519_batch_verify` (cosmwasm-vm's limit).
const MAX_COUNT_ED25519_BATCH: usize = 256;
/// Longest `debug` or `abort` message read (cosmwasm-vm's limit); the debug
/// log keeps at most `ExecutionLimits::max_debug_message_len` bytes of it.
const MAX_LENGTH_DEBUG: usize = 2 * MI;

/// The `bls12_381_*` imports' read limits (cosmwasm-vm's): concatenated
/// points, a hash-to-curve message, its domain separation tag.
const MAX_LENGTH_BLS12_381_POINTS: usize = 2 * MI;
const MAX_LENGTH_BLS12_381_MESSAGE: usize = 5 * MI;
const MAX_LENGTH_BLS12_381_DST: usize = 5 * KI;
/// Encoded (compressed) BLS12-381 points.
const BLS12_381_G1_POINT_LEN: usize = 48;
const BLS12_381_G2_POINT_LEN: usize = 96;

/// The verification imports: the signature (or pairing) is valid; also
/// every other import's success.
const VERIFY_VALID: u32 = 0;
/// The verification imports: the signature (or pairing) is invalid.
const VERIFY_INVALID: u32 = 1;

/// Defines every CosmWasm import in `linker`, each paying the base of its
/// price in [`IMPORTS`] on entry (`imports::define`).
pub(super) fn define(linker: &mut Linker<State<CosmWasm>>) -> wasmtime::Result<()> {
    use crate::imports::define as import;
    let abi = (IMPORT_MODULE, IMPORTS);
    import(linker, abi, "db_read", db_read)?;
    import(linker, abi, "db_write", db_write)?;
    import(linker, abi, "db_remove", db_remove)?;
    import(linker, abi, "db_scan", db_scan)?;
    import(linker, abi, "db_next", db_next)?;
    import(linker, abi, "db_next_key", db_next_key)?;
    import(linker, abi, "db_next_value", db_next_value)?;
    import(linker, abi, "addr_validate", addr_validate)?;
    import(linker, abi, "addr_canonicalize", addr_canonicalize)?;
    import(linker, abi, "addr_humanize", addr_humanize)?;
    for (name, curve) in [("secp256k1", &SECP256K1), ("secp256r1", &SECP256R1)] {
        let verify = move |mut ctx: Ctx<'_>, hash: u32, signature: u32, key: u32| {
            ecdsa_verify(&mut ctx, curve, (hash, signature, key))
        };
        let recover = move |mut ctx: Ctx<'_>, hash: u32, signature: u32, param: u32| {
            ecdsa_recover(&mut ctx, curve, (hash, signature, param))
        };
        let verify_name = format!("{name}_verify");
        let recover_name = format!("{name}_recover_pubkey");
        import(linker, abi, &verify_name, verify)?;
        import(linker, abi, &recover_name, recover)?;
    }
    import(linker, abi, "ed25519_verify", ed25519_verify_import)?;
    import(
        linker,
        abi,
        "ed25519_batch_verify",
        ed25519_batch_verify_import,
    )?;
    import(linker, abi, "bls12_381_aggregate_g1", aggregate_g1)?;
    import(linker, abi, "bls12_381_aggregate_g2", aggregate_g2)?;
    import(linker, abi, "bls12_381_pairing_equality", pairing_equality)?;
    import(linker, abi, "bls12_381_hash_to_g1", hash_to_g1)?;
    import(linker, abi, "bls12_381_hash_to_g2", hash_to_g2)?;
    import(linker, abi, "debug", debug)?;
    import(linker, abi, "abort", abort)?;
    import(linker, abi, "query_chain", query_chain)?;
    Ok(())
}

// ---- helpers -------------------------------------------------------------

fn memory(ctx: &Ctx<'_>) -> HostResult<Memory> {
    ctx.data()
        .memory
        .ok_or_else(|| fatal(Error::Internal("contract has no memory".into())))
}

/// Reads the Region at `ptr`, holding at most `max` bytes, paying for the
/// copy before it is made.
fn read(ctx: &mut Ctx<'_>, ptr: u32, max: usize) -> HostResult<Vec<u8>> {
    read_limited(ctx, ptr, max, HostTrap::RegionTooLarge)
}

/// [`read`] for an optional argument: a null pointer is `None`.
fn read_optional(ctx: &mut Ctx<'_>, ptr: u32, max: usize) -> HostResult<Option<Vec<u8>>> {
    if ptr == 0 {
        return Ok(None);
    }
    read(ctx, ptr, max).map(Some)
}

/// Writes `data` into the contract's own Region at `ptr`.
fn write_region(ctx: &mut Ctx<'_>, ptr: u32, data: &[u8]) -> HostResult<()> {
    let memory = memory(ctx)?;
    region::write(memory.data_mut(ctx), ptr, data).map_err(trap)
}

/// [`read`], with an over-long Region reported as `too_large`.
fn read_limited(
    ctx: &mut Ctx<'_>,
    ptr: u32,
    max: usize,
    too_large: HostTrap,
) -> HostResult<Vec<u8>> {
    let (memory, _) = memory_and_state(ctx)?;
    let len = region::length(memory, ptr, max).map_err(|error| match error {
        HostTrap::RegionTooLarge => trap(too_large),
        other => trap(other),
    })?;
    gas::charge_copy(ctx, len).map_err(wasmtime::Error::new)?;
    let (memory, _) = memory_and_state(ctx)?;
    region::read(memory, ptr, max).map_err(trap)
}

fn storage_key(ctx: &mut Ctx<'_>, ptr: u32) -> HostResult<Vec<u8>> {
    let max = ctx.data().vm.limits.execution.max_storage_key_len as usize;
    let key = read_limited(ctx, ptr, max, HostTrap::StorageKeyTooLarge)?;
    if key.is_empty() {
        return Err(trap(HostTrap::EmptyStorageKey));
    }
    Ok(key)
}

fn ensure_writable(ctx: &Ctx<'_>) -> HostResult<()> {
    if ctx.data().frame.read_only {
        return Err(trap(HostTrap::WriteAccessDenied));
    }
    Ok(())
}

fn ss58_prefix(ctx: &Ctx<'_>) -> u16 {
    ctx.data().frame.abi.chain.ss58_prefix
}

// ---- storage -------------------------------------------------------------

fn db_read(mut ctx: Ctx<'_>, key_ptr: u32) -> HostResult<u32> {
    let cost = ctx.data().vm.schedule.storage_read;
    let key = storage_key(&mut ctx, key_ptr)?;
    let contract = ctx.data().frame.address;
    let value = host(|h| h.storage_read(&contract, &key))?;
    let value_len = value.as_ref().map_or(0, Vec::len);
    charge_per_byte(&mut ctx, cost, key.len() + value_len)?;
    match value {
        Some(value) => write_to_contract(&mut ctx, &value),
        None => Ok(0),
    }
}

fn db_write(mut ctx: Ctx<'_>, key_ptr: u32, value_ptr: u32) -> HostResult<()> {
    ensure_writable(&ctx)?;
    let (cost, max_value) = (
        ctx.data().vm.schedule.storage_write,
        ctx.data().vm.limits.execution.max_storage_value_len as usize,
    );
    let key = storage_key(&mut ctx, key_ptr)?;
    let value = read_limited(
        &mut ctx,
        value_ptr,
        max_value,
        HostTrap::StorageValueTooLarge,
    )?;
    charge_per_byte(&mut ctx, cost, key.len() + value.len())?;
    let contract = ctx.data().frame.address;
    let replaced = host(|h| h.storage_write(&contract, &key, &value))?;
    charge_replaced(&mut ctx, replaced)
}

fn db_remove(mut ctx: Ctx<'_>, key_ptr: u32) -> HostResult<()> {
    ensure_writable(&ctx)?;
    let cost = ctx.data().vm.schedule.storage_remove;
    let key = storage_key(&mut ctx, key_ptr)?;
    charge_per_byte(&mut ctx, cost, key.len())?;
    let contract = ctx.data().frame.address;
    let removed = host(|h| h.storage_remove(&contract, &key))?;
    charge_replaced(&mut ctx, removed)
}

fn db_scan(mut ctx: Ctx<'_>, start_ptr: u32, end_ptr: u32, order: i32) -> HostResult<u32> {
    let (scan_cost, next_cost) = (
        ctx.data().vm.schedule.db_scan,
        ctx.data().vm.schedule.db_next,
    );
    let max = ctx.data().vm.limits.execution.max_storage_key_len as usize;
    let start = read_optional(&mut ctx, start_ptr, max)?;
    let end = read_optional(&mut ctx, end_ptr, max)?;
    let bounds_len = start.as_ref().map_or(0, Vec::len) + end.as_ref().map_or(0, Vec::len);
    charge_per_byte(&mut ctx, scan_cost, bounds_len)?;
    let order = Order::from_i32(order).ok_or_else(|| trap(HostTrap::InvalidOrder))?;
    let contract = ctx.data().frame.address;
    // A descending scan collects its range now, paying `db_next` per key
    // before each step and per byte after it.
    let mut pay = |fuel: u64| gas::consume(&mut ctx, fuel);
    let iter = host(|h| Iter::open(h, &contract, start, end, order, next_cost, &mut pay))?
        .map_err(wasmtime::Error::new)?;
    let iterators = &mut ctx.data_mut().abi.iterators;
    iterators.push(iter);
    // Ids start at 1; the count is bounded by the fuel each scan costs.
    Ok(iterators.len() as u32)
}

/// Advances iterator `id`: the next key and its value, charged per byte.
fn next_entry(ctx: &mut Ctx<'_>, id: u32) -> HostResult<Option<(Vec<u8>, Vec<u8>)>> {
    let cost = ctx.data().vm.schedule.db_next;
    let contract = ctx.data().frame.address;
    let index = (id as usize).wrapping_sub(1);
    let Some(iter) = ctx.data_mut().abi.iterators.get_mut(index) else {
        return Err(trap(HostTrap::UnknownIterator));
    };
    let entry = host(|h| {
        let key = iter.next_key(h, &contract)?;
        let value = h.storage_read(&contract, &key).unwrap_or_default();
        Some((key, value))
    })?;
    let len = entry.as_ref().map_or(0, |(k, v)| k.len() + v.len());
    charge_per_byte(ctx, cost, len)?;
    Ok(entry)
}

fn db_next(mut ctx: Ctx<'_>, id: u32) -> HostResult<u32> {
    let (key, value) = next_entry(&mut ctx, id)?.unwrap_or_default();
    let encoded = region::encode_sections(&[&key, &value]);
    write_to_contract(&mut ctx, &encoded)
}

fn db_next_key(mut ctx: Ctx<'_>, id: u32) -> HostResult<u32> {
    match next_entry(&mut ctx, id)? {
        Some((key, _)) => write_to_contract(&mut ctx, &key),
        None => Ok(0),
    }
}

fn db_next_value(mut ctx: Ctx<'_>, id: u32) -> HostResult<u32> {
    match next_entry(&mut ctx, id)? {
        Some((_, value)) => write_to_contract(&mut ctx, &value),
        None => Ok(0),
    }
}

// ---- addresses -----------------------------------------------------------

/// Reads a human address; `Err(message)` for what cosmwasm-vm reports to the contract.
fn human_address(ctx: &mut Ctx<'_>, ptr: u32) -> HostResult<Result<String, &'static str>> {
    let cost = ctx.data().vm.schedule.address;
    let source = read(ctx, ptr, MAX_LENGTH_HUMAN_ADDRESS)?;
    // Decoding is charged per byte; `address` refuses, undecoded, anything
    // longer than an SS58 address can be.
    charge_per_byte(ctx, cost, source.len())?;
    if source.is_empty() {
        return Ok(Err("Input is empty"));
    }
    Ok(String::from_utf8(source).map_err(|_| "Input is not valid UTF-8"))
}

fn addr_validate(mut ctx: Ctx<'_>, source_ptr: u32) -> HostResult<u32> {
    let prefix = ss58_prefix(&ctx);
    let human = match human_address(&mut ctx, source_ptr)? {
        Ok(human) => human,
        Err(message) => return write_to_contract(&mut ctx, message.as_bytes()),
    };
    match address::canonicalize(&human, prefix) {
        Ok(_) => Ok(0),
        Err(message) => write_to_contract(&mut ctx, message.as_bytes()),
    }
}

fn addr_canonicalize(mut ctx: Ctx<'_>, source_ptr: u32, destination_ptr: u32) -> HostResult<u32> {
    let prefix = ss58_prefix(&ctx);
    let human = match human_address(&mut ctx, source_ptr)? {
        Ok(human) => human,
        Err(message) => return write_to_contract(&mut ctx, message.as_bytes()),
    };
    match address::canonicalize(&human, prefix) {
        Ok(account) => write_region(&mut ctx, destination_ptr, &account).map(|()| 0),
        Err(message) => write_to_contract(&mut ctx, message.as_bytes()),
    }
}

fn addr_humanize(mut ctx: Ctx<'_>, source_ptr: u32, destination_ptr: u32) -> HostResult<u32> {
    let prefix = ss58_prefix(&ctx);
    let cost = ctx.data().vm.schedule.address;
    let canonical = read(&mut ctx, source_ptr, MAX_LENGTH_CANONICAL_ADDRESS)?;
    charge_per_byte(&mut ctx, cost, canonical.len())?;
    let Ok(account) = <[u8; 32]>::try_from(canonical.as_slice()) else {
        return write_to_contract(&mut ctx, b"Invalid canonical address length");
    };
    let human = address::humanize(&account, prefix);
    write_region(&mut ctx, destination_ptr, human.as_bytes()).map(|()| 0)
}

// ---- crypto --------------------------------------------------------------

fn verify_code(result: Result<bool, CryptoError>) -> u32 {
    match result {
        Ok(true) => VERIFY_VALID,
        Ok(false) => VERIFY_INVALID,
        Err(error) => error.code(),
    }
}

/// An ECDSA verification: `(hash, signature, pubkey)` to valid or not.
type Verify = fn(&[u8], &[u8], &[u8]) -> Result<bool, CryptoError>;
/// An ECDSA key recovery: `(hash, signature, recovery_param)` to the key.
type Recover = fn(&[u8], &[u8], u8) -> Result<Vec<u8>, CryptoError>;

/// An ECDSA curve's pair of imports: its verification and key recovery.
struct Ecdsa {
    verify: Verify,
    recover: Recover,
}

const SECP256K1: Ecdsa = Ecdsa {
    verify: secp256k1_verify,
    recover: |hash, signature, param| secp256k1_recover_pubkey(hash, signature, param),
};

const SECP256R1: Ecdsa = Ecdsa {
    verify: secp256r1_verify,
    recover: |hash, signature, param| secp256r1_recover_pubkey(hash, signature, param),
};

/// `*_verify(hash, signature, pubkey)` of `curve`.
fn ecdsa_verify(
    ctx: &mut Ctx<'_>,
    curve: &Ecdsa,
    (hash_ptr, signature_ptr, pubkey_ptr): (u32, u32, u32),
) -> HostResult<u32> {
    let hash = read(ctx, hash_ptr, MESSAGE_HASH_MAX_LEN)?;
    let signature = read(ctx, signature_ptr, ECDSA_SIGNATURE_LEN)?;
    let pubkey = read(ctx, pubkey_ptr, ECDSA_PUBKEY_MAX_LEN)?;
    Ok(verify_code((curve.verify)(&hash, &signature, &pubkey)))
}

/// `*_recover_pubkey(hash, signature, recovery_param)` of `curve`: the
/// key's Region in the low half, or an error code in the high half.
fn ecdsa_recover(
    ctx: &mut Ctx<'_>,
    curve: &Ecdsa,
    (hash_ptr, signature_ptr, recovery_param): (u32, u32, u32),
) -> HostResult<u64> {
    let hash = read(ctx, hash_ptr, MESSAGE_HASH_MAX_LEN)?;
    let signature = read(ctx, signature_ptr, ECDSA_SIGNATURE_LEN)?;
    let Ok(recovery_param) = u8::try_from(recovery_param) else {
        return Ok(u64::from(CryptoError::invalid_recovery_param().code()) << 32);
    };
    match (curve.recover)(&hash, &signature, recovery_param) {
        Ok(pubkey) => write_to_contract(ctx, &pubkey).map(u64::from),
        Err(error) => Ok(u64::from(error.code()) << 32),
    }
}

fn ed25519_verify_import(
    mut ctx: Ctx<'_>,
    message_ptr: u32,
    signature_ptr: u32,
    pubkey_ptr: u32,
) -> HostResult<u32> {
    let message = read(&mut ctx, message_ptr, MAX_LENGTH_ED25519_MESSAGE)?;
    let signature = read(&mut ctx, signature_ptr, MAX_LENGTH_ED25519_SIGNATURE)?;
    let pubkey = read(&mut ctx, pubkey_ptr, EDDSA_PUBKEY_LEN)?;
    let cost = ctx.data().vm.schedule.ed25519_verify;
    charge_per_byte(&mut ctx, cost, message.len())?;
    Ok(verify_code(ed25519_verify(&message, &signature, &pubkey)))
}

fn ed25519_batch_verify_import(
    mut ctx: Ctx<'_>,
    messages_ptr: u32,
    signatures_ptr: u32,
    pubkeys_ptr: u32,
) -> HostResult<u32> {
    let batch = |len: usize| (len + 4) * MAX_COUNT_ED25519_BATCH;
    let messages = read(&mut ctx, messages_ptr, batch(MAX_LENGTH_ED25519_MESSAGE))?;
    let signatures = read(
        &mut ctx,
        signatures_ptr,
        batch(MAX_LENGTH_ED25519_SIGNATURE),
    )?;
    let pubkeys = read(&mut ctx, pubkeys_ptr, batch(EDDSA_PUBKEY_LEN))?;
    let decode = |data| region::decode_sections(data, MAX_COUNT_ED25519_BATCH);
    let (Some(messages_list), Some(signatures_list), Some(pubkeys_list)) = (
        decode(&messages).map_err(trap)?,
        decode(&signatures).map_err(trap)?,
        decode(&pubkeys).map_err(trap)?,
    ) else {
        let error = CryptoError::batch_err("More than 256 messages, signatures or public keys");
        return Ok(error.code());
    };
    // Every signature hashes its message: a message shared by all of them
    // is hashed once per signature.
    let hashed: usize = match messages_list.as_slice() {
        [shared] => shared.len() * signatures_list.len(),
        each => each.iter().map(|m| m.len()).sum(),
    };
    let schedule = &ctx.data().vm.schedule;
    let fuel = Cost::new(0, schedule.ed25519_batch_verify.per_byte)
        .of(signatures_list.len())
        .saturating_add(Cost::new(0, schedule.ed25519_verify.per_byte).of(hashed));
    gas::charge_fuel(&mut ctx, fuel)?;
    // Batch verification draws random coefficients. A seed derived from the
    // inputs keeps every node's answer identical (the coefficients only make
    // a forged batch fail with overwhelming probability; they never make a
    // valid one fail).
    let seed: [u8; 32] = Sha256::new()
        .chain_update(&messages)
        .chain_update(&signatures)
        .chain_update(&pubkeys)
        .finalize()
        .into();
    let mut rng = ChaCha20Rng::from_seed(seed);
    Ok(verify_code(ed25519_batch_verify(
        &mut rng,
        &messages_list,
        &signatures_list,
        &pubkeys_list,
    )))
}

// ---- BLS12-381 -----------------------------------------------------------

/// The code of a `bls12_381_*` import that wrote `point` to `out_ptr`, or of its error.
fn point_code<const N: usize>(
    ctx: &mut Ctx<'_>,
    out_ptr: u32,
    point: Result<[u8; N], CryptoError>,
) -> HostResult<u32> {
    match point {
        Ok(point) => write_region(ctx, out_ptr, &point).map(|()| VERIFY_VALID),
        Err(error) => Ok(error.code()),
    }
}

/// Reads concatenated points of `point_len` bytes and charges `cost`'s
/// per-point part for them (its base was paid on entry).
fn points(ctx: &mut Ctx<'_>, ptr: u32, point_len: usize, cost: Cost) -> HostResult<Vec<u8>> {
    let points = read(ctx, ptr, MAX_LENGTH_BLS12_381_POINTS)?;
    charge_per_byte(ctx, cost, points.len() / point_len)?;
    Ok(points)
}

fn aggregate_g1(mut ctx: Ctx<'_>, points_ptr: u32, out_ptr: u32) -> HostResult<u32> {
    let cost = ctx.data().vm.schedule.bls12_381_aggregate_g1;
    let points = points(&mut ctx, points_ptr, BLS12_381_G1_POINT_LEN, cost)?;
    point_code(&mut ctx, out_ptr, bls12_381_aggregate_g1(&points))
}

fn aggregate_g2(mut ctx: Ctx<'_>, points_ptr: u32, out_ptr: u32) -> HostResult<u32> {
    let cost = ctx.data().vm.schedule.bls12_381_aggregate_g2;
    let points = points(&mut ctx, points_ptr, BLS12_381_G2_POINT_LEN, cost)?;
    point_code(&mut ctx, out_ptr, bls12_381_aggregate_g2(&points))
}

fn pairing_equality(
    mut ctx: Ctx<'_>,
    ps_ptr: u32,
    qs_ptr: u32,
    r_ptr: u32,
    s_ptr: u32,
) -> HostResult<u32> {
    let ps = read(&mut ctx, ps_ptr, MAX_LENGTH_BLS12_381_POINTS)?;
    let qs = read(&mut ctx, qs_ptr, MAX_LENGTH_BLS12_381_POINTS)?;
    let r = read(&mut ctx, r_ptr, BLS12_381_G1_POINT_LEN)?;
    let s = read(&mut ctx, s_ptr, BLS12_381_G2_POINT_LEN)?;
    // The pairings computed: one per pair of the left-hand side, and e(r, s).
    let pairings = ps.len() / BLS12_381_G1_POINT_LEN + 1;
    let cost = ctx.data().vm.schedule.bls12_381_pairing_equality;
    charge_per_byte(&mut ctx, cost, pairings)?;
    Ok(verify_code(bls12_381_pairing_equality(&ps, &qs, &r, &s)))
}

/// `bls12_381_hash_to_g*(hash_function, msg, dst, out)`: hashes the message
/// and domain (charged `cost` per byte of them) to a point with `hash`.
fn hash_to_curve<const N: usize>(
    ctx: &mut Ctx<'_>,
    (hash_function, msg_ptr, dst_ptr, out_ptr): (u32, u32, u32, u32),
    cost: Cost,
    hash: fn(HashFunction, &[u8], &[u8]) -> [u8; N],
) -> HostResult<u32> {
    let msg = read(ctx, msg_ptr, MAX_LENGTH_BLS12_381_MESSAGE)?;
    let dst = read(ctx, dst_ptr, MAX_LENGTH_BLS12_381_DST)?;
    charge_per_byte(ctx, cost, msg.len() + dst.len())?;
    match HashFunction::from_u32(hash_function) {
        Ok(function) => point_code(ctx, out_ptr, Ok(hash(function, &msg, &dst))),
        Err(error) => Ok(error.code()),
    }
}

fn hash_to_g1(mut ctx: Ctx<'_>, function: u32, msg: u32, dst: u32, out: u32) -> HostResult<u32> {
    let cost = ctx.data().vm.schedule.bls12_381_hash_to_g1;
    let args = (function, msg, dst, out);
    hash_to_curve(&mut ctx, args, cost, bls12_381_hash_to_g1)
}

fn hash_to_g2(mut ctx: Ctx<'_>, function: u32, msg: u32, dst: u32, out: u32) -> HostResult<u32> {
    let cost = ctx.data().vm.schedule.bls12_381_hash_to_g2;
    let args = (function, msg, dst, out);
    hash_to_curve(&mut ctx, args, cost, bls12_381_hash_to_g2)
}

// ---- debugging and aborting ----------------------------------------------

/// Reads a `debug` or `abort` message, charged per byte and cut to the debug limit.
fn message(ctx: &mut Ctx<'_>, ptr: u32) -> HostResult<String> {
    let cost = ctx.data().vm.schedule.debug_log;
    let mut message = read(ctx, ptr, MAX_LENGTH_DEBUG)?;
    charge_per_byte(ctx, cost, message.len())?;
    message.truncate(ctx.data().vm.limits.execution.max_debug_message_len as usize);
    debug_text(ctx, message)
}

fn debug(mut ctx: Ctx<'_>, message_ptr: u32) -> HostResult<()> {
    let message = message(&mut ctx, message_ptr)?;
    keep_debug(&mut ctx, message)
}

fn abort(mut ctx: Ctx<'_>, message_ptr: u32) -> HostResult<()> {
    let message = message(&mut ctx, message_ptr)?;
    keep_debug(&mut ctx, format!("abort: {message}"))?;
    Err(trap(HostTrap::Aborted))
}

// ---- queries -------------------------------------------------------------

fn query_chain(mut ctx: Ctx<'_>, request_ptr: u32) -> HostResult<u32> {
    let cost = ctx.data().vm.schedule.query_chain;
    let request = read(&mut ctx, request_ptr, MAX_LENGTH_QUERY_CHAIN_REQUEST)?;
    charge_per_byte(&mut ctx, cost, request.len())?;
    let response = querier::query(&mut ctx, &request)?;
    charge_per_byte(&mut ctx, cost, response.len())?;
    write_to_contract(&mut ctx, &response)
}
