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
    /// Arrivals waiting for their turn: only when there are any does a
    /// change wake them (waking is a system call, an uncontended lock is not).
    waiting: u32,
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
                waiting: 0,
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
            queue.waiting += 1;
            queue = self
                .changed
                .wait(queue)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            queue.waiting -= 1;
        }
        queue.free -= 1;
        queue.serving += 1;
        // The next in line may find a slot free too.
        self.wake_waiters(queue);
        Slot { slots: self }
    }

    /// Releases `queue` and wakes the arrivals waiting on it, if any.
    fn wake_waiters(&self, queue: MutexGuard<'_, Queue>) {
        let waiting = queue.waiting > 0;
        drop(queue);
        if waiting {
            self.changed.notify_all();
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        // The queue is four integers, consistent even if a holder panicked.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut queue = self.slots.lock();
        queue.free += 1;
        self.slots.wake_waiters(queue);
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

    #[test]
    fn every_waiter_is_woken_and_no_more_than_the_slots_are_held_at_once() {
        use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
        use std::sync::{mpsc, Arc};
        const SLOTS: u32 = 2;
        const THREADS: u32 = 8;
        const ROUNDS: u32 = 500;
        let slots = Arc::new(Slots::new(SLOTS));
        let (held, most_held) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
        let (done, finished) = mpsc::channel();
        for _ in 0..THREADS {
            let (slots, held, most_held, done) =
                (slots.clone(), held.clone(), most_held.clone(), done.clone());
            std::thread::spawn(move || {
                for _ in 0..ROUNDS {
                    let _slot = slots.take();
                    most_held.fetch_max(held.fetch_add(1, SeqCst) + 1, SeqCst);
                    std::thread::yield_now();
                    held.fetch_sub(1, SeqCst);
                }
                done.send(()).unwrap();
            });
        }
        // A lost wake-up leaves a thread waiting forever: fail instead of hanging.
        for _ in 0..THREADS {
            finished
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("every thread finishes its rounds");
        }
        assert!(most_held.load(SeqCst) <= SLOTS);
        let queue = slots.lock();
        assert_eq!((queue.free, queue.waiting), (SLOTS, 0));
        assert_eq!(queue.serving, u64::from(THREADS * ROUNDS));
    }
}
