//! Execution slots: how many top-level executions hold pooled instances at once.
//!
//! The pooling allocator (`engine.rs`) has a fixed number of instance slots,
//! enough for [`CONCURRENT_EXECUTIONS`](crate::engine::CONCURRENT_EXECUTIONS)
//! executions at their deepest call stack. An execution that found none free
//! would fail, and whether it did would depend on how many threads the node
//! happened to run contracts on: a consensus hazard. So every top-level
//! execution first takes a slot, and waits while all are taken.

use std::sync::{Condvar, Mutex, MutexGuard};

/// A counting gate of execution slots.
pub(crate) struct Slots {
    free: Mutex<u32>,
    freed: Condvar,
}

/// A slot held for one execution; released when dropped.
pub(crate) struct Slot<'a> {
    slots: &'a Slots,
}

impl Slots {
    /// `count` free slots.
    pub(crate) fn new(count: u32) -> Self {
        Self {
            free: Mutex::new(count),
            freed: Condvar::new(),
        }
    }

    /// Takes a slot, waiting until one is free.
    pub(crate) fn take(&self) -> Slot<'_> {
        let mut free = self.lock();
        while *free == 0 {
            free = self
                .freed
                .wait(free)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        *free -= 1;
        Slot { slots: self }
    }

    fn lock(&self) -> MutexGuard<'_, u32> {
        // The count is a single integer, consistent even if a holder panicked.
        self.free
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        *self.slots.lock() += 1;
        self.slots.freed.notify_one();
    }
}
