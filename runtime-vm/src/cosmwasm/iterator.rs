//! CosmWasm storage iterators over a contract's ordered keys.
//!
//! Semantics are CosmWasm's: keys in bytewise order, `start` inclusive, `end`
//! exclusive, either bound open. An ascending iterator walks lazily, asking
//! the host for the next key after the last one it returned, so it sees
//! writes made after it was opened as the chain's storage does. A descending
//! iterator collects its range's keys when it is opened (a host can only
//! step forwards) and returns them from the end.

use crate::Address;
use crate::Host;

/// Iteration order, as `cosmwasm_std::Order` encodes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    /// `1`.
    Ascending,
    /// `2`.
    Descending,
}

impl Order {
    /// Decodes `db_scan`'s order argument.
    pub(crate) fn from_i32(order: i32) -> Option<Self> {
        match order {
            1 => Some(Order::Ascending),
            2 => Some(Order::Descending),
            _ => None,
        }
    }
}

/// One open iterator.
#[derive(Debug)]
pub(crate) enum Iter {
    /// Lazily ascending from `start` (or after `last`) to `end`.
    Ascending {
        /// The inclusive lower bound, until the first key was returned.
        start: Option<Vec<u8>>,
        /// The last key returned.
        last: Option<Vec<u8>>,
        /// The exclusive upper bound.
        end: Option<Vec<u8>>,
        /// Set once the range is exhausted.
        done: bool,
    },
    /// The remaining keys of the range, ascending; returned from the back.
    Descending(Vec<Vec<u8>>),
}

/// First key of `contract`'s storage that is `>= start` (any key without a start).
fn first_key(host: &mut dyn Host, contract: &Address, start: Option<&[u8]>) -> Option<Vec<u8>> {
    match start {
        Some(start) if host.storage_read(contract, start).is_some() => Some(start.to_vec()),
        Some(start) => host.storage_next_key(contract, start),
        // Keys are never empty, so every key is after the empty one.
        None => host.storage_next_key(contract, &[]),
    }
}

fn before_end(key: &[u8], end: Option<&[u8]>) -> bool {
    end.is_none_or(|end| key < end)
}

impl Iter {
    /// Opens an iterator over `[start, end)` of `contract`'s storage.
    ///
    /// Returns it with the number of key bytes visited to open it (for fuel).
    pub(crate) fn open(
        host: &mut dyn Host,
        contract: &Address,
        start: Option<Vec<u8>>,
        end: Option<Vec<u8>>,
        order: Order,
    ) -> (Self, usize) {
        if order == Order::Ascending {
            let iter = Iter::Ascending {
                start,
                last: None,
                end,
                done: false,
            };
            return (iter, 0);
        }
        let mut keys = Vec::new();
        let mut visited = 0;
        let mut next = first_key(host, contract, start.as_deref());
        while let Some(key) = next.filter(|key| before_end(key, end.as_deref())) {
            visited += key.len();
            next = host.storage_next_key(contract, &key);
            keys.push(key);
        }
        (Iter::Descending(keys), visited)
    }

    /// The next key, or `None` once the range is exhausted.
    pub(crate) fn next_key(&mut self, host: &mut dyn Host, contract: &Address) -> Option<Vec<u8>> {
        match self {
            Iter::Descending(keys) => keys.pop(),
            Iter::Ascending { done: true, .. } => None,
            Iter::Ascending {
                start,
                last,
                end,
                done,
            } => {
                let candidate = match last {
                    Some(last) => host.storage_next_key(contract, last),
                    None => first_key(host, contract, start.as_deref()),
                };
                match candidate.filter(|key| before_end(key, end.as_deref())) {
                    Some(key) => {
                        *last = Some(key.clone());
                        Some(key)
                    }
                    None => {
                        *done = true;
                        None
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MockHost;

    const C: Address = [9; 32];

    fn host() -> MockHost {
        let mut host = MockHost::new();
        for key in ["a", "b", "ba", "c", "d"] {
            host.set_storage(C, key.as_bytes().to_vec(), b"v".to_vec());
        }
        host
    }

    fn collect(start: Option<&str>, end: Option<&str>, order: Order) -> Vec<String> {
        let mut host = host();
        let bytes = |s: Option<&str>| s.map(|s| s.as_bytes().to_vec());
        let (mut iter, _) = Iter::open(&mut host, &C, bytes(start), bytes(end), order);
        let mut keys = Vec::new();
        while let Some(key) = iter.next_key(&mut host, &C) {
            keys.push(String::from_utf8(key).unwrap());
        }
        assert_eq!(iter.next_key(&mut host, &C), None, "stays exhausted");
        keys
    }

    #[test]
    fn start_is_inclusive_and_end_exclusive_in_both_orders() {
        use Order::*;
        assert_eq!(collect(None, None, Ascending), ["a", "b", "ba", "c", "d"]);
        assert_eq!(collect(None, None, Descending), ["d", "c", "ba", "b", "a"]);
        assert_eq!(collect(Some("b"), Some("d"), Ascending), ["b", "ba", "c"]);
        assert_eq!(collect(Some("b"), Some("d"), Descending), ["c", "ba", "b"]);
        assert_eq!(collect(Some("bb"), None, Ascending), ["c", "d"]);
        assert_eq!(collect(None, Some("b"), Descending), ["a"]);
        assert!(collect(Some("c"), Some("c"), Ascending).is_empty());
        assert!(collect(Some("d"), Some("a"), Descending).is_empty());
    }

    #[test]
    fn an_ascending_iterator_sees_later_writes_ahead_of_it() {
        let mut host = host();
        let (mut iter, _) = Iter::open(&mut host, &C, None, None, Order::Ascending);
        assert_eq!(iter.next_key(&mut host, &C), Some(b"a".to_vec()));
        host.set_storage(C, b"aa".to_vec(), b"v".to_vec());
        assert_eq!(iter.next_key(&mut host, &C), Some(b"aa".to_vec()));
    }
}
