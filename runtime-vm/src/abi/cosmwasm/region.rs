//! CosmWasm Regions: how data crosses between the contract and the host.
//!
//! A Region is 12 bytes in the contract's memory: `offset`, `capacity` and
//! `length`, each a little-endian `u32`. It is validated as cosmwasm-vm does
//! (non-zero offset, length within capacity, capacity not wrapping past
//! 4 GiB) and every access is bounds-checked through [`crate::memory`].
//! Anything wrong traps the contract with a named [`HostTrap`].

use crate::memory;
use crate::HostTrap;

/// Size of a Region in memory.
const REGION_LEN: i32 = 12;

/// A validated Region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Region {
    offset: u32,
    capacity: u32,
    length: u32,
}

/// Reads and validates the Region at `ptr`.
fn get(memory: &[u8], ptr: u32) -> Result<Region, HostTrap> {
    let bytes = memory::read(memory, ptr as i32, REGION_LEN)?;
    let word = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4 bytes"));
    let region = Region {
        offset: word(0),
        capacity: word(4),
        length: word(8),
    };
    let valid = region.offset != 0
        && region.length <= region.capacity
        && region.capacity <= u32::MAX - region.offset;
    if !valid {
        return Err(HostTrap::InvalidRegion);
    }
    Ok(region)
}

/// The validated Region at `ptr`, whose data may be at most `max_len` bytes.
fn checked(memory: &[u8], ptr: u32, max_len: usize) -> Result<Region, HostTrap> {
    let region = get(memory, ptr)?;
    if region.length as usize > max_len {
        return Err(HostTrap::RegionTooLarge);
    }
    Ok(region)
}

/// The length of the data of the Region at `ptr`, which may hold at most
/// `max_len` bytes (what a read will copy, to charge before copying).
pub(crate) fn length(memory: &[u8], ptr: u32, max_len: usize) -> Result<usize, HostTrap> {
    checked(memory, ptr, max_len).map(|region| region.length as usize)
}

/// Copies the data of the Region at `ptr`, which may hold at most `max_len` bytes.
pub(crate) fn read(memory: &[u8], ptr: u32, max_len: usize) -> Result<Vec<u8>, HostTrap> {
    let region = checked(memory, ptr, max_len)?;
    Ok(memory::read(memory, region.offset as i32, region.length as i32)?.to_vec())
}

/// Writes `data` into the Region at `ptr` and sets its length.
pub(crate) fn write(memory: &mut [u8], ptr: u32, data: &[u8]) -> Result<(), HostTrap> {
    let region = get(memory, ptr)?;
    if data.len() > region.capacity as usize {
        return Err(HostTrap::InvalidRegion);
    }
    memory::write(memory, region.offset as i32, data)?;
    // `data.len()` is within `capacity`, a `u32`.
    memory::write(memory, ptr as i32 + 8, &(data.len() as u32).to_le_bytes())
}

/// Encodes `sections` as CosmWasm does: each followed by its length as a big-endian `u32`.
pub(crate) fn encode_sections(sections: &[&[u8]]) -> Vec<u8> {
    let len = sections.iter().map(|s| s.len() + 4).sum();
    let mut out = Vec::with_capacity(len);
    for section in sections {
        out.extend_from_slice(section);
        out.extend_from_slice(&(section.len() as u32).to_be_bytes());
    }
    out
}

/// Decodes [`encode_sections`]' format, reading from the end; `None` if
/// there are more than `max_count` sections (decoding stops there, so the
/// work is bounded by `max_count`, not by the data's length).
pub(crate) fn decode_sections(
    data: &[u8],
    max_count: usize,
) -> Result<Option<Vec<&[u8]>>, HostTrap> {
    let mut sections = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        if sections.len() == max_count {
            return Ok(None);
        }
        let split = rest.len().checked_sub(4).ok_or(HostTrap::InvalidRegion)?;
        let (head, len) = rest.split_at(split);
        let len = u32::from_be_bytes(len.try_into().expect("4 bytes")) as usize;
        let start = head.len().checked_sub(len).ok_or(HostTrap::InvalidRegion)?;
        sections.push(&head[start..]);
        rest = &head[..start];
    }
    sections.reverse();
    Ok(Some(sections))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the tests' Region lives.
    const AT: u32 = 32;

    fn memory_with_region(offset: u32, capacity: u32, length: u32) -> Vec<u8> {
        let mut memory = vec![0u8; 64];
        let at = AT as usize;
        memory[at..at + 4].copy_from_slice(&offset.to_le_bytes());
        memory[at + 4..at + 8].copy_from_slice(&capacity.to_le_bytes());
        memory[at + 8..at + 12].copy_from_slice(&length.to_le_bytes());
        memory
    }

    #[test]
    fn regions_are_validated_as_cosmwasm_does() {
        assert_eq!(
            read(&memory_with_region(0, 4, 0), AT, 16),
            Err(HostTrap::InvalidRegion)
        );
        assert_eq!(
            read(&memory_with_region(16, 4, 5), AT, 16),
            Err(HostTrap::InvalidRegion)
        );
        assert_eq!(
            read(&memory_with_region(u32::MAX - 2, 4, 0), AT, 16),
            Err(HostTrap::InvalidRegion)
        );
        assert_eq!(
            read(&memory_with_region(16, 8, 8), AT, 4),
            Err(HostTrap::RegionTooLarge)
        );
        assert_eq!(
            read(&memory_with_region(60, 8, 8), AT, 16),
            Err(HostTrap::PointerOutOfBounds)
        );
        assert_eq!(
            read(&memory_with_region(16, 8, 0), 60, 16),
            Err(HostTrap::PointerOutOfBounds)
        );
    }

    #[test]
    fn writes_fill_the_region_and_set_its_length() {
        let mut memory = memory_with_region(16, 4, 0);
        write(&mut memory, AT, b"abc").unwrap();
        assert_eq!(read(&memory, AT, 16).unwrap(), b"abc");
        assert_eq!(
            write(&mut memory, AT, b"abcde"),
            Err(HostTrap::InvalidRegion)
        );
        assert_eq!(length(&memory, AT, 16), Ok(3));
        assert_eq!(length(&memory, AT, 2), Err(HostTrap::RegionTooLarge));
    }

    #[test]
    fn sections_round_trip() {
        let encoded = encode_sections(&[b"key", b"", b"value"]);
        assert_eq!(encoded, b"key\0\0\0\x03\0\0\0\0value\0\0\0\x05".to_vec());
        assert_eq!(
            decode_sections(&encoded, 3).unwrap(),
            Some(vec![&b"key"[..], b"", b"value"])
        );
        assert_eq!(decode_sections(&encoded, 2), Ok(None));
        assert_eq!(
            decode_sections(b"ab\0\0\0\x09", 3),
            Err(HostTrap::InvalidRegion)
        );
    }
}
