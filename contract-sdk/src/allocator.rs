//! The contract's heap: a bump allocator over linear memory, and the `alloc` export.
//!
//! A contract call is short-lived and its memory is dropped with it, so
//! freeing is not worth code size or fuel: allocation bumps a pointer,
//! growing memory a page at a time, and deallocation only gives back the most
//! recent allocation (which makes `Vec` growth in a loop cheap). A failed
//! allocation traps.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::Cell;

const PAGE: usize = 64 * 1024;

unsafe extern "C" {
    /// First byte after the stack and static data, placed by `wasm-ld`.
    static __heap_base: u8;
}

struct Bump {
    /// Next free byte; 0 until the first allocation.
    next: Cell<usize>,
}

// SAFETY: wasm32-unknown-unknown contracts are single-threaded.
unsafe impl Sync for Bump {}

#[global_allocator]
static HEAP: Bump = Bump { next: Cell::new(0) };

impl Bump {
    fn start(&self) -> usize {
        match self.next.get() {
            // Only the symbol's address is taken, never its value.
            0 => core::ptr::addr_of!(__heap_base) as usize,
            next => next,
        }
    }
}

unsafe impl GlobalAlloc for Bump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let start = self.start().next_multiple_of(layout.align());
        let Some(end) = start.checked_add(layout.size()) else {
            return core::ptr::null_mut();
        };
        let available = wasm32::memory_size(0) * PAGE;
        if end > available {
            let pages = (end - available).div_ceil(PAGE);
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return core::ptr::null_mut();
            }
        }
        self.next.set(end);
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ptr as usize + layout.size() == self.next.get() {
            self.next.set(ptr as usize);
        }
    }
}

/// The native ABI's `alloc` export: a buffer of `len` bytes for the host to write the input to.
#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: i32) -> i32 {
    let Ok(layout) = Layout::from_size_align(len as u32 as usize, 8) else {
        wasm32::unreachable()
    };
    // SAFETY: a zero-size layout is fine for this allocator.
    let ptr = unsafe { HEAP.alloc(layout) };
    if ptr.is_null() {
        wasm32::unreachable()
    }
    ptr as usize as i32
}
