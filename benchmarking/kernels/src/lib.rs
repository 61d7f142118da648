//! CPU- and memory-bound kernels, compiled both into a benchmark contract and
//! natively into the harness, so every engine runs the same logic.

#![no_std]

extern crate alloc;

use alloc::vec;
use sha2::{Digest, Sha256};

/// A tight integer loop of `rounds` xorshift steps; returns the wrapped sum of states.
#[inline(never)]
pub fn integer_loop(rounds: u32) -> u64 {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut sum = 0u64;
    for _ in 0..rounds {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        sum = sum.wrapping_add(state);
    }
    sum
}

/// SHA-256 of `len` bytes whose i-th byte is `i as u8`, hashed in 4 KiB chunks.
pub fn sha256_of_pattern(len: u32) -> [u8; 32] {
    let chunk: [u8; 4096] = core::array::from_fn(|i| i as u8);
    let mut hasher = Sha256::new();
    let mut left = len as usize;
    while left > 0 {
        let take = left.min(chunk.len());
        hasher.update(&chunk[..take]);
        left -= take;
    }
    hasher.finalize().into()
}

/// `rounds` times: fill half of a 64 KiB buffer and copy it over the other
/// half; returns a checksum of the final buffer.
pub fn copy_and_fill(rounds: u32) -> u64 {
    let mut buffer = vec![0u8; 64 * 1024];
    let (low, high) = buffer.split_at_mut(32 * 1024);
    for round in 0..rounds {
        low.fill(round as u8);
        high.copy_from_slice(low);
    }
    buffer.iter().step_by(4096).map(|&b| u64::from(b)).sum()
}
