// The device check before a recorded interview: the camera with a live
// preview, the microphone with a level meter, and a timed request to the
// server; with help in plain words when something does not work. Nothing is
// recorded here: the stream checked is handed to the interview, which
// records the answers from it.

import { byId, showMessage } from "./dom.js";
import { setText } from "./i18n.js";

/** A level above this (0..1) means the microphone hears something. */
const HEARD_LEVEL = 0.02;
/** Without a sound for this long, the candidate is told to check the microphone. */
const SILENCE_HELP_MS = 8000;
const METADATA_TIMEOUT_MS = 8000;
const SLOW_NETWORK_MS = 800;

/** Why getUserMedia failed, as catalogue help. */
const MEDIA_HELP = {
  NotAllowedError: "help.denied",
  SecurityError: "help.denied",
  NotFoundError: "help.not-found",
  OverconstrainedError: "help.not-found",
  NotReadableError: "help.busy",
  AbortError: "help.busy",
};

const CHECK_TEXT = { pending: "check.pending", running: "check.running", ok: "check.ok", failed: "check.failed" };

export class DeviceCheck {
  /** `onContinue(stream)` when every check passed, `onTextInstead()` to answer in writing. */
  constructor({ api, onContinue, onTextInstead }) {
    this.api = api;
    this.stream = null;
    this.audio = null;
    this.frame = 0;
    this.preview = byId("device-preview");
    this.meter = byId("device-level");
    this.help = byId("device-help");
    this.results = { camera: "pending", microphone: "pending", network: "pending" };
    byId("device-run").addEventListener("click", () => this.run());
    byId("device-continue").addEventListener("click", () => onContinue(this.handOver()));
    byId("device-text").addEventListener("click", () => {
      this.stop();
      onTextInstead();
    });
  }

  async run() {
    this.stop();
    showMessage(this.help, null);
    byId("device-continue").hidden = true;
    // Made inside the click so browsers let it play sound analysis at once.
    this.audio = new AudioContext();
    for (const check of ["camera", "microphone", "network"]) this.mark(check, "running");
    setText(byId("device-run"), "device.again");
    await Promise.all([this.checkNetwork(), this.checkMedia()]);
  }

  /** Stops the camera, the microphone and the meter. */
  stop() {
    this.handOver()?.getTracks().forEach((track) => track.stop());
  }

  /** Stops the preview and the meter; returns the camera and microphone stream, still live. */
  handOver() {
    cancelAnimationFrame(this.frame);
    const stream = this.stream;
    this.stream = null;
    this.preview.srcObject = null;
    this.audio?.close();
    this.audio = null;
    return stream;
  }

  async checkNetwork() {
    try {
      const ms = await this.api.ping();
      this.mark("network", "ok", ms > SLOW_NETWORK_MS ? "device.network-slow" : "device.network-ok", { ms });
    } catch {
      this.mark("network", "failed");
      this.explain("help.network");
    }
  }

  async checkMedia() {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.fail("help.insecure");
      return;
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } },
        audio: { echoCancellation: true, noiseSuppression: true },
      });
    } catch (error) {
      this.fail(MEDIA_HELP[error.name] ?? "help.unknown");
      return;
    }
    this.listen(this.stream);
    this.preview.srcObject = this.stream;
    this.mark("camera", (await this.previewShows()) ? "ok" : "failed");
    if (this.results.camera === "failed") this.explain("help.unknown");
  }

  /** Whether the preview shows frames of a real size. */
  previewShows() {
    return new Promise((resolve) => {
      const settle = () => resolve(this.preview.videoWidth > 0 && this.preview.videoHeight > 0);
      if (this.preview.readyState >= HTMLMediaElement.HAVE_METADATA) {
        settle();
        return;
      }
      this.preview.addEventListener("loadedmetadata", settle, { once: true });
      setTimeout(settle, METADATA_TIMEOUT_MS);
    });
  }

  /** Drives the level meter from the microphone until stopped. */
  listen(stream) {
    const analyser = this.audio.createAnalyser();
    analyser.fftSize = 1024;
    this.audio.createMediaStreamSource(stream).connect(analyser);
    this.audio.resume();
    const samples = new Float32Array(analyser.fftSize);
    const started = performance.now();
    let level = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
      // Rise at once, fall slowly: a readable meter rather than a flicker.
      level = Math.max(Math.min(1, rms * 4), level * 0.92);
      this.meter.value = level;
      if (level > HEARD_LEVEL && this.results.microphone !== "ok") {
        this.mark("microphone", "ok");
        if (this.help.dataset.i18n === "help.silent") this.explain(null);
      } else if (this.results.microphone === "running" && performance.now() - started > SILENCE_HELP_MS) {
        this.mark("microphone", "failed");
        this.explain("help.silent");
      }
      this.frame = requestAnimationFrame(tick);
    };
    tick();
  }

  fail(helpKey) {
    this.mark("camera", "failed");
    this.mark("microphone", "failed");
    this.explain(helpKey);
  }

  explain(helpKey) {
    showMessage(this.help, helpKey);
  }

  /** Shows a check's state; when all passed, offers to continue. */
  mark(check, state, key, args) {
    this.results[check] = state;
    const element = byId(`check-${check}`);
    element.dataset.state = state;
    setText(element, key ?? CHECK_TEXT[state], args);
    const allOk = Object.values(this.results).every((s) => s === "ok");
    byId("device-continue").hidden = !allOk;
  }
}
