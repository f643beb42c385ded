//! A prefetch hint, for tables read at random (the event postings, the DF table).

/// A hint that `ptr`'s cache line is needed soon (no effect on values; a no-op off
/// x86-64). `ptr` may point anywhere: a prefetch never faults.
#[inline(always)]
pub(crate) fn prefetch<T>(ptr: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing architecturally and never faults, whatever the
    // address; SSE (which has it) is part of x86-64.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(ptr.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = ptr;
}
