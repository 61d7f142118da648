//! Execution slots: how many top-level executions hold pooled instances at once.
//!
//! The pooling allocator (`engine.rs`) has a fixed number of instance slots,
//! enough for [`CONCURRENT_EXECUTIONS`](crate::engine::CONCURRENT_EXECUTIONS)
//! executions at their deepest call stack. An execution that found none free
//! would fail, and whether it did would depend on how many threads the node
//! happened to run contracts on: a consensus hazard. So every top-level
//! execution first takes a slot, and waits while all are taken.
//!
//! Waiters are served in arrival order (a ticket queue), so a block's
//! executions cannot be starved by a stream of dry runs arriving after them;
//! each one holding a slot is bounded by its gas limit.

use std::sync::{Condvar, Mutex, MutexGuard};

/// A first-come, first-served gate of execution slots.
pub(crate) struct Slots {
    state: Mutex<Queue>,
    changed: Condvar,
}

struct Queue {
    /// Slots not held.
    free: u32,
    /// The ticket the next arrival draws.
    next_ticket: u64,
    /// The oldest ticket still waiting (or the next to be drawn).
    serving: u64,
}

/// A slot held for one execution; released when dropped.
pub(crate) struct Slot<'a> {
    slots: &'a Slots,
}

impl Slots {
    /// `count` free slots.
    pub(crate) fn new(count: u32) -> Self {
        Self {
            state: Mutex::new(Queue {
                free: count,
                next_ticket: 0,
                serving: 0,
            }),
            changed: Condvar::new(),
        }
    }

    /// Takes a slot, waiting until one is free and every earlier arrival
    /// has taken one.
    pub(crate) fn take(&self) -> Slot<'_> {
        let mut queue = self.lock();
        let ticket = queue.next_ticket;
        queue.next_ticket += 1;
        while queue.serving != ticket || queue.free == 0 {
            queue = self
                .changed
                .wait(queue)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        queue.free -= 1;
        queue.serving += 1;
        drop(queue);
        // The next in line may find a slot free too.
        self.changed.notify_all();
        Slot { slots: self }
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        // The queue is three integers, consistent even if a holder panicked.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.slots.lock().free += 1;
        self.slots.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiter_is_served_before_a_later_arrival_even_one_that_finds_a_slot_free() {
        let slots = Slots::new(1);
        let order = Mutex::new(Vec::new());
        let held = slots.take();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let _slot = slots.take();
                order.lock().unwrap().push("waiter");
            });
            // The waiter has drawn its ticket (the holder drew the first).
            while slots.lock().next_ticket != 2 {
                std::thread::yield_now();
            }
            // Release and arrive again at once: the slot is free, but the
            // waiter came first.
            drop(held);
            let _again = slots.take();
            order.lock().unwrap().push("later arrival");
        });
        assert_eq!(*order.lock().unwrap(), ["waiter", "later arrival"]);
    }
}
