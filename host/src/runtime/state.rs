//! The data of one call's `Store`: a WASI context with nothing granted, the
//! HTTP hooks that enforce outbound grants, the memory limiter, and the log
//! budget. A fresh one is made for every call and dropped with it.

use std::sync::Arc;

use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

use super::PluginRef;
use super::config::CallLimits;
use super::embeddings::{HostEmbeddings, HostTime};
use super::grants::Grants;
use super::http::OutboundHooks;
use super::mail::Mailer;
use super::scheduler::LaneHold;

/// Bytes of stdout/stderr kept per call (a panic message fits).
const STDIO_CAPACITY: usize = 8 << 10;

/// Table elements of one call, all its tables together (host memory: a few
/// bytes each).
const TABLE_ELEMENTS: usize = 100_000;

/// The call's memory limiter: linear memory and table elements counted over
/// every memory and table of the store together, so a component cannot
/// multiply its limit by defining many memories.
#[derive(Debug)]
pub(crate) struct Limiter {
    memory_bytes: usize,
    memory_in_use: usize,
    table_elements: usize,
    pub(crate) memory_refused: bool,
}

impl Limiter {
    fn new(memory_bytes: usize) -> Self {
        Self { memory_bytes, memory_in_use: 0, table_elements: 0, memory_refused: false }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        // Called for every memory as it is created (from 0) and as it grows.
        let total = self.memory_in_use.saturating_sub(current).saturating_add(desired);
        if total > self.memory_bytes {
            self.memory_refused = true;
            return Ok(false);
        }
        self.memory_in_use = total;
        Ok(true)
    }

    fn table_growing(&mut self, current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let total = self.table_elements.saturating_sub(current).saturating_add(desired);
        if total > TABLE_ELEMENTS {
            return Ok(false);
        }
        self.table_elements = total;
        Ok(true)
    }
}

/// Log lines of one call, within its budget.
#[derive(Debug, Default)]
pub(crate) struct LogBudget {
    pub(crate) lines: u32,
    pub(crate) dropped: u32,
    pub(crate) flooded: bool,
}

/// Store data for one call.
pub struct CallState {
    pub(crate) plugin: Arc<PluginRef>,
    pub(crate) function: &'static str,
    pub(crate) config: Arc<str>,
    pub(crate) grants: Arc<Grants>,
    pub(crate) limits: Arc<CallLimits>,
    pub(crate) limiter: Limiter,
    pub(crate) log: LogBudget,
    pub(crate) stderr: MemoryOutputPipe,
    pub(crate) denied: Vec<String>,
    /// The component was instantiated: a later host-side error is the
    /// plugin breaking a host call's rules, not a failure to start.
    pub(crate) started: bool,
    /// The host's embeddings, if it has a model.
    pub(crate) embeddings: Option<Arc<HostEmbeddings>>,
    /// Time spent in host work the call's deadline does not count (the
    /// model computing embeddings: the host's cost, not the plugin's).
    pub(crate) host_time: Arc<HostTime>,
    /// The call's hold on its plugin's CPU lane, given up while it waits on the host.
    pub(crate) lane: LaneHold,
    wasi: WasiCtx,
    http: WasiHttpCtx,
    hooks: OutboundHooks,
    table: ResourceTable,
}

impl std::fmt::Debug for CallState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallState").field("plugin", &self.plugin).field("function", &self.function).finish()
    }
}

/// What the host lends one call: the mail gateway, the embeddings, and the
/// call's hold on its plugin's CPU lane.
pub(crate) struct HostServices {
    pub(crate) mailer: Option<Arc<Mailer>>,
    pub(crate) embeddings: Option<Arc<HostEmbeddings>>,
    pub(crate) lane: LaneHold,
}

impl CallState {
    pub(crate) fn new(
        plugin: Arc<PluginRef>,
        function: &'static str,
        config: Arc<str>,
        grants: Arc<Grants>,
        limits: Arc<CallLimits>,
        services: HostServices,
    ) -> Self {
        let HostServices { mailer, embeddings, lane } = services;
        let stderr = MemoryOutputPipe::new(STDIO_CAPACITY);
        // No preopened directories, no environment, no arguments, no sockets:
        // a plugin sees an empty machine.
        let wasi = WasiCtx::builder()
            .stdout(MemoryOutputPipe::new(STDIO_CAPACITY))
            .stderr(stderr.clone())
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        // Every header set, request, response, body, stream and pollable a
        // plugin creates lives in the table; its size bounds what a call can
        // make the host hold, with the per-header-set limit below.
        let mut table = ResourceTable::new();
        table.set_max_capacity(limits.host_resources);
        let mut http = WasiHttpCtx::new();
        http.set_field_size_limit(limits.header_bytes);
        Self {
            limiter: Limiter::new(limits.memory_bytes),
            hooks: OutboundHooks::new(grants.clone(), mailer),
            plugin,
            function,
            config,
            grants,
            limits,
            log: LogBudget::default(),
            stderr,
            denied: Vec::new(),
            started: false,
            embeddings,
            host_time: Arc::default(),
            lane,
            wasi,
            http,
            table,
        }
    }

    /// The resource table and the lane hold, borrowed together for the
    /// lane-releasing `wasi:io/poll` ([`super::waits`]).
    pub(crate) fn table_and_lane(&mut self) -> (&mut ResourceTable, &LaneHold) {
        (&mut self.table, &self.lane)
    }

    /// Capabilities refused during the call, from every source.
    pub(crate) fn refused_capabilities(&self) -> Vec<String> {
        let mut all = self.denied.clone();
        all.extend(self.hooks.denied().iter().cloned());
        all
    }
}

impl WasiView for CallState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl WasiHttpView for CallState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView { ctx: &mut self.http, table: &mut self.table, hooks: &mut self.hooks }
    }
}
