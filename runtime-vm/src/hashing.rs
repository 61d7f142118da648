//! The hash functions contracts reach through their ABIs, with what each
//! processes for an input: imports charge per byte of that, padding
//! included, so an empty input still pays its one block.

use blake2::digest::consts::{U16, U32};
use blake2::Blake2b;
use sha2::Digest;

/// A hash function an ABI offers.
pub(crate) struct Hash {
    /// Computes the digest of its input into the first [`Hash::len`] bytes.
    compute: fn(&[u8]) -> [u8; 32],
    /// The digest's length in bytes.
    pub(crate) len: usize,
    /// Bytes per block.
    block: usize,
    /// Bytes the padding adds at least.
    padding: usize,
}

impl Hash {
    /// Bytes processed for an input of `len` bytes.
    pub(crate) fn processed(&self, len: usize) -> usize {
        (len + self.padding).div_ceil(self.block).max(1) * self.block
    }

    /// The digest of `data`, in the first [`Hash::len`] bytes.
    pub(crate) fn digest(&self, data: &[u8]) -> [u8; 32] {
        (self.compute)(data)
    }
}

/// SHA-256.
pub(crate) const SHA2_256: Hash = Hash {
    compute: |data| sha2::Sha256::digest(data).into(),
    len: 32,
    // A 0x80 byte and the 64-bit length.
    block: 64,
    padding: 9,
};

/// Keccak-256 (Ethereum's, not SHA3-256).
pub(crate) const KECCAK_256: Hash = Hash {
    compute: |data| sha3::Keccak256::digest(data).into(),
    len: 32,
    // The sponge's rate; the pad10*1 rule adds at least a byte.
    block: 136,
    padding: 1,
};

/// BLAKE2b with a 32-byte digest.
pub(crate) const BLAKE2_256: Hash = Hash {
    compute: |data| Blake2b::<U32>::digest(data).into(),
    len: 32,
    // Zero-padded to a whole block; an empty input is one block.
    block: 128,
    padding: 0,
};

/// BLAKE2b with a 16-byte digest: the same compression as [`BLAKE2_256`].
pub(crate) const BLAKE2_128: Hash = Hash {
    compute: |data| {
        let mut out = [0; 32];
        out[..16].copy_from_slice(&Blake2b::<U16>::digest(data));
        out
    },
    len: 16,
    block: 128,
    padding: 0,
};
