// A recorded answer: MediaRecorder on the stream kept from the device check,
// a chunk every two seconds, and an upload that runs while recording. Chunks
// go in order, each at the offset the server has; a failed one is retried
// with backoff after asking the server where it is (the chunk may have
// arrived before the connection dropped), so nothing uploaded is sent twice
// or lost. Finishing checks the whole recording's size and SHA-256.

import { NetworkError, TRANSIENT, backoffMs, pauseUnlessOnline, withRetry } from "./api.js";

const TIMESLICE_MS = 2000;
/**
 * What an answer is recorded at: enough to see and hear a person, and half of
 * what the server allows a recording per second of its question's time.
 */
const BITS_PER_SECOND = { videoBitsPerSecond: 1_000_000, audioBitsPerSecond: 64_000 };
/** Chunks above this are sent in parts (the server takes up to 8 MiB). */
const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** What to ask MediaRecorder for, and the type declared to the server. */
const FORMATS = [
  ["video/webm;codecs=vp8,opus", "video/webm"],
  ["video/webm", "video/webm"],
  ["video/mp4", "video/mp4"],
  ["audio/webm", "audio/webm"],
];

/** The server refused the upload for good; `response` says why. */
export class UploadRefused extends Error {
  constructor(response) {
    super(`the upload was refused (${response.status} ${response.code})`);
    this.response = response;
  }
}

/** Whether this browser can record at all. */
export function canRecord() {
  return typeof MediaRecorder !== "undefined" && typeof crypto?.subtle?.digest === "function";
}

export class RecordedAnswer {
  /** `onState({ state, sent, total, seconds })` hears how the upload goes. */
  constructor({ api, stream, questionId, onState }) {
    this.api = api;
    this.questionId = questionId;
    this.onState = onState;
    const format = FORMATS.find(([mimeType]) => MediaRecorder.isTypeSupported(mimeType));
    this.contentType = format?.[1] ?? "video/webm";
    this.recorder = new MediaRecorder(stream, format ? { mimeType: format[0], ...BITS_PER_SECOND } : BITS_PER_SECOND);
    this.parts = [];
    this.recorded = 0;
    this.sent = 0;
    this.stopped = false;
    this.wake = () => {};
    this.recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size === 0) return;
      this.parts.push(event.data);
      this.recorded += event.data.size;
      this.wake();
    });
    this.ended = new Promise((resolve) => this.recorder.addEventListener("stop", resolve, { once: true }));
    this.recorder.start(TIMESLICE_MS);
    this.upload = this.run();
    // Awaited in finish(); handled here too so a refusal is not an uncaught rejection meanwhile.
    this.upload.catch(() => {});
  }

  /** Stops recording, waits for every byte to be uploaded and completes the upload; returns its `media_ref`. */
  async finish() {
    if (this.recorder.state !== "inactive") this.recorder.stop();
    await this.ended;
    this.stopped = true;
    this.wake();
    await this.upload;
    const whole = new Blob(this.parts, { type: this.contentType });
    const digest = await crypto.subtle.digest("SHA-256", await whole.arrayBuffer());
    this.sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    this.size = whole.size;
    const done = await withRetry(
      () => this.api.completeUpload(this.id, whole.size, this.sha256),
      (step) => this.retryState(step),
    );
    if (!done.ok) throw new UploadRefused(done);
    return done.body.media_ref;
  }

  /** Stops recording without uploading the rest (the question went away). */
  abandon() {
    this.stopped = true;
    if (this.recorder.state !== "inactive") this.recorder.stop();
    this.wake();
  }

  async run() {
    const created = await withRetry(
      () => this.api.createUpload(this.questionId, this.contentType),
      (step) => this.retryState(step),
    );
    if (!created.ok) throw new UploadRefused(created);
    this.id = created.body.id;
    for (let failures = 0; ; ) {
      if (this.sent >= this.recorded) {
        if (this.stopped) return;
        await new Promise((resolve) => {
          this.wake = resolve;
        });
        continue;
      }
      const end = Math.min(this.recorded, this.sent + MAX_CHUNK_BYTES);
      const chunk = new Blob(this.parts).slice(this.sent, end);
      let response = null;
      try {
        response = await this.api.putChunk(this.id, this.sent, chunk);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
      }
      if (response?.ok) {
        failures = 0;
        this.sent = response.body.offset;
        this.report("uploading");
        continue;
      }
      if (response?.status === 409 && response.offset !== null) {
        this.sent = response.offset;
        continue;
      }
      if (response && !TRANSIENT.has(response.status)) throw new UploadRefused(response);
      failures += 1;
      const delayMs = backoffMs(failures);
      this.report("paused", Math.max(1, Math.round(delayMs / 1000)));
      await pauseUnlessOnline(delayMs);
      await this.resync();
    }
  }

  /** Asks the server how much it has; unchanged when it cannot be asked. */
  async resync() {
    try {
      const status = await this.api.uploadStatus(this.id);
      if (status.ok) this.sent = status.body.offset;
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
    }
  }

  report(state, seconds) {
    this.onState({ state, sent: megabytes(this.sent), total: megabytes(this.recorded), seconds });
  }

  /** The retry of a single request, told as the upload's state. */
  retryState({ state, seconds }) {
    if (state === "saving") {
      this.report("uploading");
    } else {
      this.report("paused", seconds);
    }
  }
}

function megabytes(bytes) {
  return (bytes / (1024 * 1024)).toFixed(1);
}
