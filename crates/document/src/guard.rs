//! Containing panics of third-party parsers (calamine, pdf_oxide) on hostile input: a
//! string sliced inside a character, an index past the end, an overflow. Such a panic
//! becomes an error of the file being read; it never takes the batch (or a fuzzer) down.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// Set while this thread runs contained code.
    static CONTAINED: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs `f`, returning `None` if it panicked.
///
/// The panic hook in force (the default one printing a message, or a fuzzer's one that
/// aborts the process) is wrapped once so that it stays silent for a panic inside
/// contained code on this thread, and runs as before for every other panic.
///
/// ```
/// assert_eq!(xxgk_document::contain(|| 2 + 2), Some(4));
/// let v: Vec<u8> = Vec::new();
/// assert_eq!(xxgk_document::contain(|| v[3]), None);
/// ```
pub fn contain<T>(f: impl FnOnce() -> T) -> Option<T> {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let outer = CONTAINED.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(outer));
    result.ok()
}
