// The portal's JSON API as the pages use it: same-origin fetch with the
// session cookie, the CSRF token in X-CSRF-Token on every state-changing
// call, the server's one error shape turned into ApiError, and a 401 on any
// call (the session ended: idle, expired, signed out elsewhere, user
// disabled) sent to the sign-in screen. Every JSON answer a page asks for is
// observed for the handling banner (marking.ts).
import { currentGeneration, observe } from "./marking";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string;
  constructor(status: number, code: string, message: string, field = "") {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
  // True when the server does not offer the route: the feature is not there.
  get unavailable(): boolean {
    return this.status === 404 && this.code === "not_found" && this.message === "no such resource";
  }
  describe(): string {
    return this.field ? `${this.message} (${this.field})` : this.message;
  }
}

export interface SessionInfo {
  user: string;
  member: string;
  agency: string;
  roles: string[];
  clearance?: string;
  clearance_expires?: string;
  csrf_token?: string;
  expires_at?: string;
}

let csrfToken = "";
let unauthenticatedHandler: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export function onUnauthenticated(fn: () => void): void {
  unauthenticatedHandler = fn;
}

export interface CallOptions {
  body?: unknown;
  raw?: Blob | string;
  contentType?: string;
  // Sign-in and the session probe: a 401 there is an answer, not an expiry.
  quiet401?: boolean;
  signal?: AbortSignal;
}

async function errorFrom(resp: Response): Promise<ApiError> {
  let code = "error";
  let message = `${resp.status} ${resp.statusText}`;
  let fieldName = "";
  try {
    const j = await resp.json();
    if (j && j.error) {
      code = j.error.code ?? code;
      message = j.error.message ?? message;
      fieldName = j.error.field ?? "";
    }
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(resp.status, code, message, fieldName);
}

export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const gen = currentGeneration();
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  } else if (options.raw !== undefined) {
    headers["Content-Type"] = options.contentType ?? "application/octet-stream";
    body = options.raw;
  }
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let resp: Response;
  try {
    resp = await fetch(path, {
      method,
      headers,
      body,
      credentials: "same-origin",
      cache: "no-store",
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network", "the portal server cannot be reached; check the connection and try again");
  }
  if (!resp.ok) {
    const err = await errorFrom(resp);
    if (resp.status === 401 && !options.quiet401 && unauthenticatedHandler) unauthenticatedHandler();
    throw err;
  }
  if (resp.status === 204) return undefined as T;
  const type = resp.headers.get("Content-Type") ?? "";
  if (!type.includes("json")) return (await resp.text()) as unknown as T;
  const json = await resp.json();
  observe(json, gen);
  return json as T;
}

export const get = <T>(path: string, options?: CallOptions) => call<T>("GET", path, options);
export const post = <T>(path: string, body?: unknown, options?: CallOptions) =>
  call<T>("POST", path, { ...options, body });

// A query string from the non-empty values of `params`.
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  }
  const s = u.toString();
  return s ? "?" + s : "";
}

// ---- the catalogue's shapes (docs/api.md) ----

export type PropertyValue = string | number | boolean | { value: string | number | boolean; valid_from?: string; valid_to?: string };

export interface Provenance {
  originator: string;
  agency: string;
  case?: string;
  reported: string;
  reliability: string;
  credibility: number;
}

export interface CatalogueRecord {
  id: string;
  kind: "entity" | "link" | "event";
  type: string;
  source?: string;
  target?: string;
  valid_from?: string;
  valid_to?: string;
  properties: Record<string, PropertyValue[]>;
  networks?: string[];
  provenance: Provenance;
  handling: import("./marking").Handling;
  version?: number;
  updated_at?: string;
}

export interface RecordDetail {
  record: CatalogueRecord;
  links: CatalogueRecord[];
}

export interface RecordPage {
  items: CatalogueRecord[];
  next_after: string | null;
}

export function valueOf(v: PropertyValue): string {
  if (v !== null && typeof v === "object") return String(v.value);
  return String(v);
}

export function firstValue(r: CatalogueRecord, name: string): string {
  const vs = r.properties[name];
  return vs && vs.length > 0 ? valueOf(vs[0]) : "";
}

// The name an analyst knows a record by.
export function displayName(r: CatalogueRecord): string {
  for (const p of ["name", "number", "handle", "account_number", "reference"]) {
    const v = firstValue(r, p);
    if (v) return v;
  }
  return r.id;
}
