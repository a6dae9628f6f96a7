"""A connector: sends each lifecycle event to the configured endpoint as
JSON, with the event id as the idempotency key."""

import json
from urllib.parse import urlsplit

import wit_world
from wit_world.exports import events, outcomes
from wit_world.imports import host, outgoing_handler, panel_plugin_types as types
from wit_world.imports import wasi_http_types as http
from wit_world.imports.streams import StreamError_Closed
from componentize_py_types import Err, Ok


def fail(code: str, message: str, retryable: bool = False) -> Err:
    return Err(types.PluginError(code=code, message=message, retryable=retryable))


def post(url: str, headers: list[tuple[str, bytes]], body: bytes) -> tuple[int, bytes]:
    """Sends one POST through the host's wasi:http and waits for the answer."""
    parts = urlsplit(url)
    request = http.OutgoingRequest(http.Fields.from_list(headers))
    request.set_method(http.Method_Post())
    request.set_scheme(http.Scheme_Https() if parts.scheme == "https" else http.Scheme_Http())
    request.set_authority(parts.netloc)
    request.set_path_with_query(parts.path + ("?" + parts.query if parts.query else ""))
    outgoing = request.body()
    with outgoing.write() as stream:
        for start in range(0, len(body), 4096):
            chunk = body[start : start + 4096]
            stream.blocking_write_and_flush(chunk)
    http.OutgoingBody.finish(outgoing, None)
    future = outgoing_handler.handle(request, None)
    while (answer := future.get()) is None:
        future.subscribe().block()
    # get() gives Ok(Ok(response)), Ok(Err(error-code)) when the request
    # failed, or Err() when asked twice; Err is an exception.
    if isinstance(answer, Err):
        raise answer
    if isinstance(answer.value, Err):
        raise answer.value
    response = answer.value.value
    status = response.status()
    incoming = response.consume()
    received = b""
    with incoming.stream() as stream:
        while True:
            try:
                stream.subscribe().block()
                received += stream.read(16384)
            except Err as e:
                if isinstance(e.value, StreamError_Closed):
                    break
                raise
    return status, received


class Events(wit_world.exports.Events):
    def describe(self) -> events.ConnectorInfo:
        return events.ConnectorInfo(
            name="Connector",
            description="Sends lifecycle events to another system.",
            event_kinds=["candidate.hired"],
            # Set to True and implement Outcomes.pull to read what became of hires.
            pulls_outcomes=False,
        )

    def handle(self, event: types.LifecycleEvent) -> events.Outcome:
        config = json.loads(host.config())
        endpoint = config.get("endpoint")
        if not isinstance(endpoint, str):
            raise fail("invalid-config", "the configuration has no endpoint")
        body = json.dumps({
            "event": event.id,
            "kind": event.kind,
            "candidate": event.candidate_id,
            "job": event.job_id,
            "stage": event.stage,
        }).encode()
        headers = [("content-type", b"application/json"), ("idempotency-key", event.id.encode())]
        try:
            status, answer = post(endpoint, headers, body)
        except Err as e:
            raise fail("upstream-unavailable", f"the request failed: {e.value}", retryable=True)
        if status >= 500 or status == 429:
            raise fail("upstream-unavailable", f"the endpoint answered {status}", retryable=True)
        if status >= 400:
            raise fail("upstream-rejected", f"the endpoint answered {status}")
        host.log(types.LogLevel.INFO, f"delivered event {event.id}: {status}")
        return events.Outcome_Applied(answer.decode("utf-8", "replace"))


class Outcomes(wit_world.exports.Outcomes):
    """What became of hires (probation, ratings, departures), read from the
    other system. Only called when describe() sets pulls_outcomes."""

    def pull(self, cursor: str, limit: int) -> outcomes.OutcomePage:
        raise fail("unsupported", "this connector does not read outcomes")
