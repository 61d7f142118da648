//! CosmWasm addresses on a Substrate chain: the canonical form is the 32
//! raw bytes of an `AccountId32`, the human form its SS58 string with the
//! chain's prefix (what polkadot.js shows).
//!
//! SS58: base58 of `prefix ++ account ++ checksum`, where the prefix takes
//! one byte below 64 and two bytes below 16 384, and the checksum is the
//! first two bytes of BLAKE2b-512 over `"SS58PRE" ++ prefix ++ account`.

use std::num::NonZeroUsize;
use std::sync::{LazyLock, Mutex};

use blake2::{Blake2b512, Digest};
use lru::LruCache;

use crate::Address;

/// Why a string is not an address of this chain (the message goes back to the contract).
pub(crate) type AddressError = String;

/// Longest human address the `addr_*` imports read (cosmwasm-vm's limit).
pub(crate) const MAX_LENGTH_HUMAN_ADDRESS: usize = 256;

/// Longest SS58 string of a 32-byte account: base58 of at most 36 bytes
/// (two prefix bytes, the account, two checksum bytes) is at most 50
/// characters. Anything longer is refused before it is decoded, so decoding
/// (quadratic in base58) stays bounded whatever a contract hands over.
const MAX_SS58_LEN: usize = 50;

fn prefix_bytes(prefix: u16) -> Vec<u8> {
    // Prefixes are 14-bit; larger values are masked as sp-core does.
    let prefix = prefix & 0b0011_1111_1111_1111;
    if prefix < 64 {
        return vec![prefix as u8];
    }
    let first = ((prefix & 0b0000_0000_1111_1100) as u8 >> 2) | 0b0100_0000;
    let second = ((prefix >> 8) as u8) | (((prefix & 0b0000_0000_0000_0011) as u8) << 6);
    vec![first, second]
}

fn checksum(payload: &[u8]) -> [u8; 2] {
    let digest = Blake2b512::new()
        .chain_update(b"SS58PRE")
        .chain_update(payload)
        .finalize();
    [digest[0], digest[1]]
}

/// `human` as an error message may quote it: at most its first
/// [`MAX_SS58_LEN`] bytes, so a message never grows with what it quotes.
pub(crate) fn quoted(human: &str) -> &str {
    let mut end = human.len().min(MAX_SS58_LEN);
    while !human.is_char_boundary(end) {
        end -= 1;
    }
    &human[..end]
}

/// How many SS58 forms [`humanize_kept`] keeps.
const HUMANIZED_KEPT: NonZeroUsize = NonZeroUsize::new(1024).expect("not zero");

/// The SS58 forms [`humanize_kept`] computed last, by prefix and account.
static HUMANIZED: LazyLock<Mutex<LruCache<(u16, Address), String>>> =
    LazyLock::new(|| Mutex::new(LruCache::new(HUMANIZED_KEPT)));

/// [`humanize`], kept: for the accounts the chain hands a contract (the
/// contract and the sender in every `Env` and `MessageInfo`, a contract's
/// creator and admin), which a chain converts again and again, and base58
/// is quadratic in its input. A memo of a pure function, so nothing a
/// contract sees depends on it. What a contract hands over (the `addr_*`
/// imports, addresses in queries) is converted by [`humanize`] and
/// [`canonicalize`] every time: their benchmarks measure that work, so
/// what they are charged holds for inputs no memo has seen.
pub(crate) fn humanize_kept(account: &Address, prefix: u16) -> String {
    let key = (prefix, *account);
    let kept = HUMANIZED
        .lock()
        .ok()
        .and_then(|mut kept| kept.get(&key).cloned());
    if let Some(human) = kept {
        return human;
    }
    let human = humanize(account, prefix);
    if let Ok(mut kept) = HUMANIZED.lock() {
        kept.put(key, human.clone());
    }
    human
}

/// The SS58 form of `account` with `prefix`, computed.
pub(crate) fn humanize(account: &Address, prefix: u16) -> String {
    let mut payload = prefix_bytes(prefix);
    payload.extend_from_slice(account);
    let check = checksum(&payload);
    payload.extend_from_slice(&check);
    bs58::encode(payload).into_string()
}

/// The account an SS58 string of this chain's `prefix` stands for.
///
/// Only an address's normalized form is accepted, so `addr_validate` needs
/// no round trip through [`humanize`]: base58 decoding is one-to-one (each
/// leading `1` is a zero byte, the rest a number without leading zeros),
/// and the prefix and checksum must be exactly those `humanize` writes
/// (test `only_the_normalized_form_is_accepted`).
pub(crate) fn canonicalize(human: &str, prefix: u16) -> Result<Address, AddressError> {
    if human.len() > MAX_SS58_LEN {
        return Err(format!(
            "Invalid input: {} bytes is longer than an SS58 address can be ({MAX_SS58_LEN})",
            human.len()
        ));
    }
    let data = bs58::decode(human)
        .into_vec()
        .map_err(|_| "Invalid input: not base58".to_string())?;
    let prefix_len = match data.first() {
        Some(0..=63) => 1,
        Some(64..=127) => 2,
        _ => return Err("Invalid input: not an SS58 address".into()),
    };
    if data.len() != prefix_len + 32 + 2 {
        return Err("Invalid input: not a 32-byte SS58 address".into());
    }
    let (payload, check) = data.split_at(prefix_len + 32);
    if checksum(payload) != check {
        return Err("Invalid input: wrong SS58 checksum".into());
    }
    if payload[..prefix_len] != prefix_bytes(prefix)[..] {
        return Err(format!(
            "Invalid input: address of another network (this chain's SS58 prefix is {prefix})"
        ));
    }
    Ok(payload[prefix_len..]
        .try_into()
        .expect("32 bytes after the prefix"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Alice's well-known account and its SS58 forms (from `subkey inspect //Alice`).
    const ALICE: &str = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";

    fn alice() -> Address {
        let bytes: Vec<u8> = (0..32)
            .map(|i| u8::from_str_radix(&ALICE[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        bytes.try_into().unwrap()
    }

    #[test]
    fn humanize_matches_substrate_for_one_and_two_byte_prefixes() {
        assert_eq!(
            humanize(&alice(), 42),
            "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
        );
        assert_eq!(
            humanize(&alice(), 0),
            "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"
        );
        // Two-byte prefix (Kusama-era parachains use them).
        let human = humanize(&alice(), 2_000);
        assert_eq!(canonicalize(&human, 2_000), Ok(alice()));
    }

    #[test]
    fn a_kept_form_is_the_computed_one_for_its_prefix() {
        let account = [7; 32];
        let first = humanize_kept(&account, 42);
        assert_eq!(humanize_kept(&account, 42), first);
        assert_eq!(first, humanize(&account, 42));
        assert_eq!(humanize_kept(&account, 0), humanize(&account, 0));
        assert_ne!(humanize_kept(&account, 0), first);
    }

    #[test]
    fn canonicalize_rejects_what_is_not_this_chains_address() {
        let human = humanize(&alice(), 42);
        assert_eq!(canonicalize(&human, 42), Ok(alice()));
        assert!(canonicalize(&human, 0)
            .unwrap_err()
            .contains("another network"));
        let mut tampered = human.clone().into_bytes();
        tampered[10] = if tampered[10] == b'a' { b'b' } else { b'a' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(canonicalize(&tampered, 42)
            .unwrap_err()
            .contains("checksum"));
        assert!(canonicalize("0OIl", 42).unwrap_err().contains("base58"));
        assert!(canonicalize("abc", 42).is_err());
        let long = "1".repeat(MAX_SS58_LEN + 1);
        assert!(canonicalize(&long, 42).unwrap_err().contains("longer than"));
    }

    #[test]
    fn only_the_normalized_form_is_accepted() {
        // Every one-character change and a leading `1` of addresses of one-
        // and two-byte prefixes: refused, or the normalized form of what
        // it decodes to.
        const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        for (prefix, seed) in [(0, 1u8), (42, 2), (63, 3), (64, 4), (2_000, 5), (16_383, 6)] {
            let account: Address = core::array::from_fn(|i| (i as u8).wrapping_mul(seed) ^ seed);
            let human = humanize(&account, prefix);
            assert_eq!(canonicalize(&human, prefix), Ok(account));
            assert!(canonicalize(&format!("1{human}"), prefix).is_err());
            for at in 0..human.len() {
                for &c in ALPHABET {
                    let mut variant = human.clone().into_bytes();
                    variant[at] = c;
                    let variant = String::from_utf8(variant).unwrap();
                    if let Ok(decoded) = canonicalize(&variant, prefix) {
                        assert_eq!(humanize(&decoded, prefix), variant);
                    }
                }
            }
        }
    }
}
