//! How the process's memory is kept. glibc's malloc gives threads arenas of
//! their own, up to eight per core, and memory freed in one arena is kept
//! there for that arena's threads. Speech recognition allocates its working
//! buffers (ONNX Runtime's, through the same malloc) on whichever thread
//! runs it, so over many transcriptions the freed buffers spread over many
//! arenas and stay resident: `panel serve` peaked at 1,173 MiB transcribing
//! 36 answers with the default, 575 MiB with two arenas, at the same speed
//! (host/benches/speech_load.rs; docs/performance.md).
//!
//! Within an arena, glibc serves a large block from the heap once a block
//! that large has been freed (its mmap threshold rises with each such free,
//! up to 32 MiB), and a heap only shrinks from its top, so the encoder's
//! attention buffers (megabytes each) stay resident between transcriptions
//! and fragment the heap. A fixed threshold keeps blocks over it in mappings
//! of their own, returned to the kernel when freed.

/// Arenas glibc's malloc may keep, unless `MALLOC_ARENA_MAX` says otherwise.
pub const MALLOC_ARENAS: i32 = 2;

/// Blocks at least this large get a mapping of their own, unless
/// `MALLOC_MMAP_THRESHOLD_` says otherwise.
pub const MMAP_THRESHOLD: i32 = 1 << 20;

/// Limits glibc's malloc to [`MALLOC_ARENAS`] arenas and fixes its mmap
/// threshold at [`MMAP_THRESHOLD`]. Called first thing in `main`, before any
/// thread starts. An operator's `MALLOC_ARENA_MAX` or `MALLOC_MMAP_THRESHOLD_`
/// wins (glibc reads them itself). Elsewhere than Linux with glibc: nothing to do.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt takes two integers and changes a setting of the
        // allocator; no thread has started, so nothing allocates meanwhile.
        #[allow(unsafe_code)]
        let done = unsafe { libc::mallopt(libc::M_ARENA_MAX, MALLOC_ARENAS) };
        if done != 1 {
            eprintln!("panel: could not limit malloc's arenas; memory use may be higher");
        }
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
        // SAFETY: as above.
        #[allow(unsafe_code)]
        let done = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) };
        if done != 1 {
            eprintln!("panel: could not set malloc's mmap threshold; memory use may be higher");
        }
    }
}
