// The signed-in user as the browser knows it: asked of the server at start
// (GET /api/v1/session) and after sign-in; forgotten at sign-out or when any
// call answers 401. The session itself is an HttpOnly cookie the pages never
// see; the CSRF token is kept in memory only.
import { ApiError, SessionInfo, call, setCsrfToken } from "./api";

let session: SessionInfo | null = null;
const listeners: Array<(s: SessionInfo | null) => void> = [];

export function currentSession(): SessionInfo | null {
  return session;
}

export function isAdministrator(): boolean {
  return session?.roles.includes("administrator") ?? false;
}

export function onSessionChange(fn: (s: SessionInfo | null) => void): void {
  listeners.push(fn);
}

export function setSession(s: SessionInfo | null): void {
  session = s;
  setCsrfToken(s?.csrf_token ?? "");
  for (const fn of listeners) fn(session);
}

// Asks the server who is signed in. Null when nobody is.
export async function loadSession(): Promise<SessionInfo | null> {
  try {
    const s = await call<SessionInfo>("GET", "/api/v1/session", { quiet401: true });
    setSession(s);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    setSession(null);
  }
  return session;
}

// What the server answers instead of a session while the user's second
// factor is not set up yet (self-service enrolment).
export interface TotpEnrolment {
  enrolment_required: true;
  user: string;
  totp_uri: string;
  totp_secret: string;
  enrol_until: string;
}

// Signs in; returns the session, or the second factor to set up first (no
// session then: the user adds it to their app and signs in with its code).
export async function signIn(username: string, password: string, totp: string): Promise<SessionInfo | TotpEnrolment> {
  const body: Record<string, string> = { username, password };
  if (totp) body.totp = totp;
  const s = await call<SessionInfo | TotpEnrolment>("POST", "/api/v1/session", { body, quiet401: true });
  if ("enrolment_required" in s && s.enrolment_required) return s;
  setSession(s as SessionInfo);
  return s;
}

export async function signOut(): Promise<void> {
  try {
    await call<void>("DELETE", "/api/v1/session", { quiet401: true });
  } finally {
    setSession(null);
  }
}
