//! Hostile components made at test time from a built test plugin: the
//! plugin's component with extra core modules appended that define many
//! linear memories and grow and touch them when instantiated. Rust cannot
//! define more than one memory, so these are encoded here, byte by byte,
//! rather than checked in as binaries.
//!
//! The result is still the plugin (same exports, same `panel:api-version`),
//! so it loads and is called like the plugin; each call instantiates the
//! extra modules too.

/// wasmparser refuses a core module with more memories than this.
const MEMORIES_PER_MODULE: u32 = 100;

/// What the extra memories do when instantiated.
#[derive(Debug, Clone, Copy)]
pub struct ExtraMemories {
    /// How many memories, over as many modules as needed.
    pub count: u32,
    /// Pages (64 KiB) each grows by when instantiated, then writes to.
    pub grow_pages: u32,
}

/// `component` with `extra.count` more linear memories.
pub fn with_extra_memories(component: &[u8], extra: ExtraMemories) -> Vec<u8> {
    assert_eq!(&component[..4], b"\0asm", "not WebAssembly");
    assert_eq!(&component[4..8], &[0x0d, 0x00, 0x01, 0x00], "not a component");
    let mut modules = top_level_core_modules(component);
    let mut out = component.to_vec();
    let mut left = extra.count;
    while left > 0 {
        let here = left.min(MEMORIES_PER_MODULE);
        left -= here;
        section(&mut out, 1, &memory_module(here, extra.grow_pages));
        // (core instance (instantiate <module>)) with no arguments.
        let mut instance = Vec::new();
        leb_u32(&mut instance, 1);
        instance.push(0x00);
        leb_u32(&mut instance, modules);
        leb_u32(&mut instance, 0);
        section(&mut out, 2, &instance);
        modules += 1;
    }
    out
}

/// Core modules defined at the top level of a component (its core module
/// index space, as the components `cargo component`/`wasm-tools` build have
/// no top-level module imports or aliases).
fn top_level_core_modules(component: &[u8]) -> u32 {
    let mut at = 8;
    let mut modules = 0;
    while at < component.len() {
        let id = component[at];
        let (size, after) = read_leb(component, at + 1);
        if id == 1 {
            modules += 1;
        }
        at = after + size as usize;
    }
    modules
}

/// A core module with `count` one-page memories and a start function that
/// grows each by `grow_pages` and fills what it grew.
fn memory_module(count: u32, grow_pages: u32) -> Vec<u8> {
    let mut m = b"\0asm\x01\0\0\0".to_vec();
    section(&mut m, 1, &[1, 0x60, 0, 0]); // one type: [] -> []
    section(&mut m, 3, &[1, 0]); // one function of that type
    let mut memories = Vec::new();
    leb_u32(&mut memories, count);
    for _ in 0..count {
        memories.extend_from_slice(&[0x00, 1]); // min 1 page, no max
    }
    section(&mut m, 5, &memories);
    section(&mut m, 8, &[0]); // start: function 0
    let mut body = vec![0]; // no locals
    let bytes = i64::from(grow_pages) * 65536;
    for memory in 0..count {
        // (drop (memory.grow $m (i32.const grow_pages)))
        body.push(0x41);
        leb_i64(&mut body, i64::from(grow_pages));
        body.push(0x40);
        leb_u32(&mut body, memory);
        body.push(0x1a);
        if grow_pages > 0 {
            // (memory.fill $m (i32.const 65536) (i32.const 1) (i32.const bytes)):
            // writes every grown page, so the host must back it.
            body.push(0x41);
            leb_i64(&mut body, 65536);
            body.push(0x41);
            leb_i64(&mut body, 1);
            body.push(0x41);
            leb_i64(&mut body, bytes);
            body.extend_from_slice(&[0xfc, 0x0b]);
            leb_u32(&mut body, memory);
        }
    }
    body.push(0x0b);
    let mut code = Vec::new();
    leb_u32(&mut code, 1);
    leb_u32(&mut code, body.len() as u32);
    code.extend_from_slice(&body);
    section(&mut m, 10, &code);
    m
}

fn section(out: &mut Vec<u8>, id: u8, content: &[u8]) {
    out.push(id);
    leb_u32(out, content.len() as u32);
    out.extend_from_slice(content);
}

fn leb_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn leb_i64(out: &mut Vec<u8>, mut value: i64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        let done = (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0);
        if done {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn read_leb(bytes: &[u8], mut at: usize) -> (u64, usize) {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = bytes[at];
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return (value, at);
        }
        shift += 7;
    }
}
