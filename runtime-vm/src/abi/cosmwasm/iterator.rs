//! CosmWasm storage iterators over a contract's ordered keys.
//!
//! Semantics are CosmWasm's: keys in bytewise order, `start` inclusive, `end`
//! exclusive, either bound open. An ascending iterator walks lazily, asking
//! the host for the next key after the last one it returned, so it sees
//! writes made after it was opened as the chain's storage does. A descending
//! iterator collects its range's keys when it is opened (a host can only
//! step forwards) and returns them from the end; it pays for every key as it
//! goes, before each step, so opening one costs in proportion to its range.

use crate::fault::HostFault;
use crate::Address;
use crate::Cost;
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
    /// A descending one collects its keys now: `pay` is asked for `cost`'s
    /// base before each step and for its per-byte part of every key after
    /// it, and the first refusal stops the walk with that fault.
    pub(crate) fn open(
        host: &mut dyn Host,
        contract: &Address,
        start: Option<Vec<u8>>,
        end: Option<Vec<u8>>,
        order: Order,
        cost: Cost,
        pay: &mut dyn FnMut(u64) -> Result<(), HostFault>,
    ) -> Result<Self, HostFault> {
        if order == Order::Ascending {
            return Ok(Iter::Ascending {
                start,
                last: None,
                end,
                done: false,
            });
        }
        let per_byte = Cost::new(0, cost.per_byte);
        let mut keys = Vec::new();
        pay(cost.base)?;
        let mut next = first_key(host, contract, start.as_deref());
        while let Some(key) = next.filter(|key| before_end(key, end.as_deref())) {
            pay(per_byte.of(key.len()))?;
            pay(cost.base)?;
            next = host.storage_next_key(contract, &key);
            keys.push(key);
        }
        Ok(Iter::Descending(keys))
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

    /// Opens an iterator, paying nothing.
    fn open(host: &mut MockHost, start: Option<&str>, end: Option<&str>, order: Order) -> Iter {
        let bytes = |s: Option<&str>| s.map(|s| s.as_bytes().to_vec());
        let (start, end) = (bytes(start), bytes(end));
        let cost = Cost::new(0, 0);
        Iter::open(host, &C, start, end, order, cost, &mut |_| Ok(())).unwrap()
    }

    fn collect(start: Option<&str>, end: Option<&str>, order: Order) -> Vec<String> {
        let mut host = host();
        let mut iter = open(&mut host, start, end, order);
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
        let mut iter = open(&mut host, None, None, Order::Ascending);
        assert_eq!(iter.next_key(&mut host, &C), Some(b"a".to_vec()));
        host.set_storage(C, b"aa".to_vec(), b"v".to_vec());
        assert_eq!(iter.next_key(&mut host, &C), Some(b"aa".to_vec()));
    }

    #[test]
    fn a_descending_scan_pays_per_key_before_each_step_and_stops_when_refused() {
        let mut host = host();
        let cost = Cost::new(100, 1);
        let mut paid = Vec::new();
        let mut pay = |fuel| {
            paid.push(fuel);
            Ok(())
        };
        Iter::open(&mut host, &C, None, None, Order::Descending, cost, &mut pay).unwrap();
        // Five keys: a base before every step (six steps: the last finds no key)
        // and each key's bytes after it.
        assert_eq!(paid.iter().filter(|&&f| f == 100).count(), 6);
        assert_eq!(paid.iter().filter(|&&f| f < 100).sum::<u64>(), 6);

        let mut steps = 0;
        let mut refuse_third = |_| {
            steps += 1;
            if steps == 3 {
                return Err(HostFault::Trap(crate::TrapKind::OutOfGas));
            }
            Ok(())
        };
        let refused = Iter::open(
            &mut host,
            &C,
            None,
            None,
            Order::Descending,
            cost,
            &mut refuse_third,
        );
        assert!(matches!(
            refused,
            Err(HostFault::Trap(crate::TrapKind::OutOfGas))
        ));
        assert_eq!(steps, 3, "the walk stops at the first refusal");
    }
}
