// The candidate's side of the JSON API, authorised by the invitation link's
// token (sent as a bearer token, never in a URL), and the retry that keeps
// an answer safe over a poor connection. The staff API (staff-api.js) sends
// through the same `send`.

const REQUEST_TIMEOUT_MS = 20000;
/** Statuses worth trying again: the server or the way to it had a problem. */
export const TRANSIENT = new Set([408, 425, 429, 500, 502, 503, 504]);

/** The request never got an answer (offline, dropped, timed out). */
export class NetworkError extends Error {}

export class InterviewApi {
  constructor(token) {
    this.token = token;
  }

  /** Where the interview is, and the question to answer now. */
  status() {
    return this.call("GET", "/api/v1/interview");
  }

  /** The region's notice in `locale` (`en` or `zh-CN`), and the purposes it asks consent for. */
  notice(locale) {
    return this.call("GET", `/api/v1/interview/notice?locale=${encodeURIComponent(locale)}`);
  }

  /**
   * Consents per purpose (`{"ai-evaluation": true, …}`) under the notice
   * version read, and starts (or resumes) the interview.
   */
  start(consents, noticeVersion) {
    const body = { consents };
    if (noticeVersion) body.notice_version = noticeVersion;
    return this.call("POST", "/api/v1/interview/start", body);
  }

  /** Withdraws the consent to `purpose`. */
  withdraw(purpose) {
    return this.call("DELETE", `/api/v1/interview/consents/${encodeURIComponent(purpose)}`);
  }

  /** Asks for everything about the candidate to be erased. */
  erase() {
    return this.call("POST", "/api/v1/interview/erasure");
  }

  /**
   * Submits an answer until the server has it or refuses it, retrying with
   * backoff whenever it cannot be reached. Resending the identical answer is
   * safe: the API stores it once. `onState` hears every step.
   */
  answer(submission, onState) {
    return withRetry(() => this.call("POST", "/api/v1/interview/answers", submission), onState);
  }

  /** Starts the upload of a recorded answer to `questionId`. */
  createUpload(questionId, contentType) {
    return this.call("POST", "/api/v1/interview/uploads", { question_id: questionId, content_type: contentType });
  }

  /** Where an upload is: `body.offset` is the byte the server expects next. */
  uploadStatus(id) {
    return this.call("GET", `/api/v1/interview/uploads/${encodeURIComponent(id)}`);
  }

  /**
   * Sends `chunk` (a Blob) at byte `offset` of upload `id`. On a 409 the
   * server's offset is in `offset` of the result.
   */
  async putChunk(id, offset, chunk) {
    const end = offset + chunk.size - 1;
    const response = await send(`/api/v1/interview/uploads/${encodeURIComponent(id)}`, {
      method: "PUT",
      cache: "no-store",
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: "application/json",
        "content-type": "application/octet-stream",
        "content-range": `bytes ${offset}-${end}/*`,
      },
      body: chunk,
    });
    const parsed = await response.json().catch(() => null);
    const header = response.headers.get("upload-offset");
    return {
      ok: response.ok,
      status: response.status,
      code: parsed?.error?.code ?? null,
      body: parsed,
      offset: header === null ? null : Number(header),
    };
  }

  /** Completes an upload with the whole recording's size and SHA-256 (hex). */
  completeUpload(id, totalBytes, sha256) {
    return this.call("POST", `/api/v1/interview/uploads/${encodeURIComponent(id)}/complete`, {
      total_bytes: totalBytes,
      sha256,
    });
  }

  /** The round trip to the server in ms (the best of two tries). */
  async ping() {
    let best = Infinity;
    for (let i = 0; i < 2; i += 1) {
      const started = performance.now();
      const response = await send("/healthz", { cache: "no-store" });
      if (!response.ok) throw new NetworkError(`the server answered ${response.status}`);
      best = Math.min(best, performance.now() - started);
    }
    return Math.round(best);
  }

  /** `{ ok, status, code, body }`; throws NetworkError when nothing came back. */
  async call(method, path, body) {
    const init = {
      method,
      cache: "no-store",
      headers: { authorization: `Bearer ${this.token}`, accept: "application/json" },
    };
    if (body !== undefined) {
      init.headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await send(path, init);
    const parsed = await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, code: parsed?.error?.code ?? null, body: parsed };
  }
}

/** `fetch` that gives up after a while; throws NetworkError when nothing came back. */
export async function send(path, init) {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await fetch(path, { ...init, signal: timeout.signal });
  } catch (error) {
    throw new NetworkError(error.message);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `attempt` until it returns a response that is not transient. Waits
 * 1 s, 2 s, 4 s… (at most 15 s, with some jitter so many candidates do not
 * retry in step) between tries, and tries at once when the browser comes
 * back online. Reports `saving`, `retrying` or `offline` through `onState`.
 */
export async function withRetry(attempt, onState, { firstDelayMs = 1000, maxDelayMs = 15000 } = {}) {
  for (let tries = 1; ; tries += 1) {
    onState({ state: "saving", attempt: tries });
    let response = null;
    try {
      response = await attempt();
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
    }
    if (response && !TRANSIENT.has(response.status)) return response;
    const delayMs = backoffMs(tries, { firstDelayMs, maxDelayMs });
    const state = navigator.onLine ? "retrying" : "offline";
    onState({ state, attempt: tries + 1, seconds: Math.max(1, Math.round(delayMs / 1000)) });
    await pauseUnlessOnline(delayMs);
  }
}

/** The wait before try `tries + 1`: doubling, capped, with ±20 % jitter. */
export function backoffMs(tries, { firstDelayMs = 1000, maxDelayMs = 15000 } = {}) {
  const backoff = Math.min(maxDelayMs, firstDelayMs * 2 ** (tries - 1));
  return Math.round(backoff * (0.8 + Math.random() * 0.4));
}

export function pauseUnlessOnline(ms) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener("online", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener("online", done);
  });
}
