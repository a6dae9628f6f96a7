//! Waiting on the host gives the CPU lane up. `wasi:io/poll` is where a
//! plugin waits for anything (a timer, an HTTP response, a stream): these
//! are the standard implementations with one step in front, releasing the
//! call's hold on its plugin's lane ([`super::scheduler::LaneHold`]), so a
//! call that sleeps or waits on the network never keeps its plugin's other
//! calls from running. The next epoch tick after plugin code resumes takes
//! the lane again.

use wasmtime::component::{HasData, Linker, Resource, ResourceTable};
use wasmtime_wasi_io::bindings::wasi::io::poll;
use wasmtime_wasi_io::poll::DynPollable;

use super::scheduler::LaneHold;
use super::state::CallState;

/// `wasi:io/poll` of one call: its resource table and its lane.
pub(crate) struct LaneAwarePoll<'a> {
    table: &'a mut ResourceTable,
    lane: &'a LaneHold,
}

struct WaitsReleaseTheLane;

impl HasData for WaitsReleaseTheLane {
    type Data<'a> = LaneAwarePoll<'a>;
}

/// Replaces `wasi:io/poll` in `linker` (added with the rest of WASI before)
/// with the lane-releasing one.
pub(crate) fn add_to_linker(linker: &mut Linker<CallState>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    let added = poll::add_to_linker::<CallState, WaitsReleaseTheLane>(linker, |state| {
        let (table, lane) = state.table_and_lane();
        LaneAwarePoll { table, lane }
    });
    linker.allow_shadowing(false);
    added
}

impl poll::Host for LaneAwarePoll<'_> {
    async fn poll(&mut self, pollables: Vec<Resource<DynPollable>>) -> wasmtime::Result<Vec<u32>> {
        self.lane.release();
        poll::Host::poll(&mut *self.table, pollables).await
    }
}

impl poll::HostPollable for LaneAwarePoll<'_> {
    async fn block(&mut self, pollable: Resource<DynPollable>) -> wasmtime::Result<()> {
        self.lane.release();
        poll::HostPollable::block(&mut *self.table, pollable).await
    }

    async fn ready(&mut self, pollable: Resource<DynPollable>) -> wasmtime::Result<bool> {
        // Never waits: the call keeps its lane.
        poll::HostPollable::ready(&mut *self.table, pollable).await
    }

    fn drop(&mut self, pollable: Resource<DynPollable>) -> wasmtime::Result<()> {
        poll::HostPollable::drop(&mut *self.table, pollable)
    }
}
