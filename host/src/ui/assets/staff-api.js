// The staff side of the JSON API. The sign-in token lives in this tab's
// sessionStorage: it goes with every call as a bearer token, never in a URL
// or a cookie, and is gone when the tab closes. The content security policy
// allows no inline or foreign script that could read it.

import { NetworkError, send as fetchWithTimeout } from "./api.js";

const TOKEN_KEY = "panel:staff-token";

/** An API call that did not succeed: `status` 0 means no answer came back. */
export class ApiFailure extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field ?? null;
  }
}

export function signedIn() {
  return sessionStorage.getItem(TOKEN_KEY) !== null;
}

export function forgetSignIn() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Signs in; returns the user. Throws ApiFailure (401 for a wrong password). */
export async function signIn(email, password) {
  const body = await request("POST", "/api/v1/auth/login", { body: { email, password }, token: null });
  sessionStorage.setItem(TOKEN_KEY, body.token);
  return body.user;
}

export async function signOut() {
  try {
    await request("POST", "/api/v1/auth/logout");
  } finally {
    forgetSignIn();
  }
}

/** GET `path`, the parsed JSON body. */
export function get(path) {
  return request("GET", path);
}

export function post(path, body) {
  return request("POST", path, { body });
}

export function put(path, body) {
  return request("PUT", path, { body });
}

export function del(path) {
  return request("DELETE", path);
}

/** POSTs CSV text (a bulk import). */
export function postCsv(path, csv) {
  return request("POST", path, { raw: csv, contentType: "text/csv" });
}

/** GETs a binary body (a recording) as a Blob. */
export async function blob(path) {
  const response = await send("GET", path, {});
  if (!response.ok) throw await failure(response);
  return response.blob();
}

async function request(method, path, { body, raw, contentType, token } = {}) {
  const response = await send(method, path, { body, raw, contentType, token });
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return null;
  return response.json();
}

async function send(method, path, { body, raw, contentType, token = sessionStorage.getItem(TOKEN_KEY) }) {
  const headers = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const init = { method, headers, cache: "no-store" };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  } else if (raw !== undefined) {
    headers["content-type"] = contentType;
    init.body = raw;
  }
  try {
    return await fetchWithTimeout(path, init);
  } catch (error) {
    if (error instanceof NetworkError) throw new ApiFailure(0, "network", error.message);
    throw error;
  }
}

async function failure(response) {
  const parsed = await response.json().catch(() => null);
  const error = parsed?.error ?? {};
  if (response.status === 401) forgetSignIn();
  return new ApiFailure(response.status, error.code ?? "http", error.message ?? response.statusText, error.field);
}
