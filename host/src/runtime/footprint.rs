//! What a component takes from the host each time it is instantiated: core
//! instances, linear memories, tables and the memory they start with. Read
//! from the binary before compiling and held against the limits of the
//! plugin's kind, so a component with hundreds of memories is refused when
//! it is loaded instead of draining the instance pool at every call.
//!
//! Every module is counted once, as the components Panel's SDK (and other
//! toolchains) build instantiate each module once. A component that
//! instantiates one module several times is held to the same limits by the
//! pooling allocator itself when it is compiled.

use wasmparser::{Instance, Parser, Payload};

use super::config::CallLimits;

/// Bytes in a WebAssembly page.
const PAGE: u64 = 64 << 10;

/// What one instantiation of a component takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Footprint {
    pub core_instances: u32,
    pub memories: u32,
    pub tables: u32,
    /// Linear memory its memories have from the start, together.
    pub initial_memory_bytes: u64,
}

/// One limit a component is over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Over {
    /// What was counted, e.g. "linear memories".
    pub what: &'static str,
    pub found: u64,
    pub limit: u64,
}

impl Footprint {
    /// Reads a component's footprint; `Err` when the binary cannot be read.
    pub fn measure(wasm: &[u8]) -> Result<Self, String> {
        let mut footprint = Footprint::default();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload.map_err(|e| e.to_string())? {
                Payload::MemorySection(memories) => {
                    for memory in memories {
                        let memory = memory.map_err(|e| e.to_string())?;
                        let page = memory.page_size_log2.map_or(PAGE, |log2| 1u64 << log2.min(16));
                        footprint.memories = footprint.memories.saturating_add(1);
                        footprint.initial_memory_bytes =
                            footprint.initial_memory_bytes.saturating_add(memory.initial.saturating_mul(page));
                    }
                }
                Payload::TableSection(tables) => footprint.tables = footprint.tables.saturating_add(tables.count()),
                Payload::InstanceSection(instances) => {
                    for instance in instances {
                        if matches!(instance.map_err(|e| e.to_string())?, Instance::Instantiate { .. }) {
                            footprint.core_instances = footprint.core_instances.saturating_add(1);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(footprint)
    }

    /// The first limit of `limits` (and the runtime's `max_core_instances`)
    /// this footprint is over.
    pub fn over(&self, limits: &CallLimits, max_core_instances: u32) -> Option<Over> {
        let checks = [
            ("core module instances", u64::from(self.core_instances), u64::from(max_core_instances)),
            ("linear memories", u64::from(self.memories), u64::from(limits.max_memories)),
            ("tables", u64::from(self.tables), u64::from(limits.max_tables)),
            ("bytes of initial linear memory", self.initial_memory_bytes, limits.memory_bytes as u64),
        ];
        checks.into_iter().find(|(_, found, limit)| found > limit).map(|(what, found, limit)| Over {
            what,
            found,
            limit,
        })
    }
}
