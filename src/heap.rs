//! The engine's heap, counted: live bytes and their peak, for benchmarks and diagnostics
//! (`window.tapedeckHeap()` in `boot.js`). WebAssembly memory only grows, so its size tells the
//! most the engine ever held plus what the allocator could not reuse; these counts tell what is
//! held now and at most.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

use wasm_bindgen::prelude::*;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Counts `n` more bytes held.
fn grew(n: usize) {
    let live = LIVE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(live, Relaxed);
}

/// An allocation was refused: memory is exhausted, and the program is about to abort (Rust
/// aborts on a refused allocation, without the panic hook). Shows the out-of-memory card, once.
/// Best effort: a caller that tries to allocate and can live without it (`try_reserve`, as
/// `read_to_string` does; the player's own code has none) would see the card too.
fn refused() {
    static SAID: AtomicBool = AtomicBool::new(false);
    if !SAID.swap(true, Relaxed) {
        crate::crash::out_of_memory();
    }
}

/// `p`, counting `n` bytes when it was given.
fn given(p: *mut u8, n: usize) -> *mut u8 {
    if p.is_null() {
        refused();
    } else {
        grew(n);
    }
    p
}

// SAFETY: every call is passed to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        given(unsafe { System.alloc(l) }, l.size())
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        given(unsafe { System.alloc_zeroed(l) }, l.size())
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(p, l, new) };
        if moved.is_null() {
            // The old block stays held, and counted.
            refused();
        } else {
            // The old block's size, then the new one's: the peak counts what is held, as before
            // a move.
            LIVE.fetch_sub(l.size(), Relaxed);
            grew(new);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Bytes the engine holds now.
pub fn live() -> usize {
    LIVE.load(Relaxed)
}

/// Bytes the engine holds now (for `boot.js`).
#[wasm_bindgen(js_name = heapLiveBytes)]
pub fn heap_live_bytes() -> f64 {
    LIVE.load(Relaxed) as f64
}

/// The most bytes the engine held at once.
#[wasm_bindgen(js_name = heapPeakBytes)]
pub fn heap_peak_bytes() -> f64 {
    PEAK.load(Relaxed) as f64
}
