//! The only code that touches a contract's linear memory.
//!
//! Pointers and lengths arrive from the contract as `i32`; they are
//! reinterpreted as unsigned offsets and every access is bounds-checked. An
//! access outside memory is a [`HostTrap::PointerOutOfBounds`], never a panic.

use crate::HostTrap;

/// The byte range `[ptr, ptr + len)` of `memory`, if it lies inside it.
fn range(memory_len: usize, ptr: i32, len: i32) -> Result<std::ops::Range<usize>, HostTrap> {
    let start = ptr as u32 as usize;
    let end = start
        .checked_add(len as u32 as usize)
        .ok_or(HostTrap::PointerOutOfBounds)?;
    if end > memory_len {
        return Err(HostTrap::PointerOutOfBounds);
    }
    Ok(start..end)
}

/// Borrows `len` bytes at `ptr`.
pub(crate) fn read(memory: &[u8], ptr: i32, len: i32) -> Result<&[u8], HostTrap> {
    Ok(&memory[range(memory.len(), ptr, len)?])
}

/// Reads a fixed-size array at `ptr` (addresses, balances, topics).
pub(crate) fn read_array<const N: usize>(memory: &[u8], ptr: i32) -> Result<[u8; N], HostTrap> {
    let mut out = [0; N];
    out.copy_from_slice(read(memory, ptr, N as i32)?);
    Ok(out)
}

/// Copies `data` to `ptr`.
pub(crate) fn write(memory: &mut [u8], ptr: i32, data: &[u8]) -> Result<(), HostTrap> {
    let len = i32::try_from(data.len()).map_err(|_| HostTrap::PointerOutOfBounds)?;
    let range = range(memory.len(), ptr, len)?;
    memory[range].copy_from_slice(data);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accesses_inside_memory_succeed() {
        let mut memory = vec![0u8; 16];
        write(&mut memory, 12, &[1, 2, 3, 4]).unwrap();
        assert_eq!(read(&memory, 12, 4).unwrap(), &[1, 2, 3, 4]);
        assert_eq!(read(&memory, 16, 0).unwrap(), &[] as &[u8]);
        assert_eq!(read_array::<2>(&memory, 13).unwrap(), [2, 3]);
    }

    #[test]
    fn accesses_past_the_end_or_wrapping_trap() {
        let mut memory = vec![0u8; 16];
        assert_eq!(read(&memory, 13, 4), Err(HostTrap::PointerOutOfBounds));
        assert_eq!(read(&memory, 17, 0), Err(HostTrap::PointerOutOfBounds));
        // Negative i32 values are huge offsets, not negative ones.
        assert_eq!(read(&memory, -1, 1), Err(HostTrap::PointerOutOfBounds));
        assert_eq!(read(&memory, 1, -1), Err(HostTrap::PointerOutOfBounds));
        assert_eq!(
            write(&mut memory, 15, &[1, 2]),
            Err(HostTrap::PointerOutOfBounds)
        );
        assert_eq!(
            read_array::<4>(&memory, 14),
            Err(HostTrap::PointerOutOfBounds)
        );
    }
}
