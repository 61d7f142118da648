//! Signature schemes an ABI offers beyond CosmWasm's (which come from
//! `cosmwasm-crypto`), computed with the ecosystem's crates: `k256` for
//! secp256k1, `schnorrkel` for sr25519, as Substrate's host functions do.
//! Each answers `None` or `false` for any input it refuses, never an error
//! value that could capture a backtrace.

use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};
use k256::elliptic_curve::sec1::ToEncodedPoint;
use sha3::Digest;

/// The compressed key that signed `message_hash` with the 65-byte `[r, s,
/// v]` `signature` (`v` is 0 to 3, or that plus 27), as Substrate's
/// `secp256k1_ecdsa_recover_compressed`.
pub(crate) fn ecdsa_recover_compressed(
    signature: &[u8; 65],
    message_hash: &[u8; 32],
) -> Option<[u8; 33]> {
    let v = match signature[64] {
        v @ 27.. => v - 27,
        v => v,
    };
    let recovery = RecoveryId::from_byte(v)?;
    let signature = Signature::from_slice(&signature[..64]).ok()?;
    let key = VerifyingKey::recover_from_prehash(message_hash, &signature, recovery).ok()?;
    key.to_encoded_point(true).as_bytes().try_into().ok()
}

/// The Ethereum address of the compressed secp256k1 `key`: the last 20
/// bytes of the Keccak-256 of its uncompressed coordinates.
pub(crate) fn ecdsa_to_eth_address(key: &[u8; 33]) -> Option<[u8; 20]> {
    let key = k256::PublicKey::from_sec1_bytes(key).ok()?;
    let point = key.to_encoded_point(false);
    let hash = sha3::Keccak256::digest(&point.as_bytes()[1..]);
    hash[12..].try_into().ok()
}

/// Whether `signature` is `key`'s sr25519 signature of `message` in
/// Substrate's signing context.
pub(crate) fn sr25519_verify(signature: &[u8; 64], message: &[u8], key: &[u8; 32]) -> bool {
    let (Ok(signature), Ok(key)) = (
        schnorrkel::Signature::from_bytes(signature),
        schnorrkel::PublicKey::from_bytes(key),
    ) else {
        return false;
    };
    key.verify_simple(b"substrate", message, &signature).is_ok()
}
