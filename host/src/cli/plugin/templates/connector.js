// A connector: sends each lifecycle event to the configured endpoint as
// JSON, with the event id as the idempotency key.
import { config, log } from 'panel:plugin/host@0.2.0';

function failure(code, message, retryable = false) {
  return { code, message, retryable };
}

export const events = {
  describe() {
    return {
      name: 'Connector',
      description: 'Sends lifecycle events to another system.',
      eventKinds: ['candidate.hired'],
      // Set to true and implement outcomes.pull to read what became of hires.
      pullsOutcomes: false,
    };
  },

  async handle(event) {
    const { endpoint } = JSON.parse(config());
    if (typeof endpoint !== 'string') {
      throw failure('invalid-config', 'the configuration has no endpoint');
    }
    const body = JSON.stringify({
      event: event.id,
      kind: event.kind,
      candidate: event.candidateId,
      job: event.jobId,
      stage: event.stage,
    });
    let response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': event.id },
        body,
      });
    } catch (e) {
      throw failure('upstream-unavailable', `the request failed: ${e}`, true);
    }
    const text = await response.text();
    if (response.status >= 500 || response.status === 429) {
      throw failure('upstream-unavailable', `the endpoint answered ${response.status}`, true);
    }
    if (!response.ok) {
      throw failure('upstream-rejected', `the endpoint answered ${response.status}`);
    }
    log('info', `delivered event ${event.id}: ${response.status}`);
    return { tag: 'applied', val: text };
  },
};

// What became of hires (probation, ratings, departures), read from the other
// system. Only called when describe() sets pullsOutcomes.
export const outcomes = {
  pull(cursor, limit) {
    throw failure('unsupported', 'this connector does not read outcomes');
  },
};
