// Sign-in: user name, password and the 6-digit code of the user's
// authenticator app (RFC 6238).
//
// Self-service enrolment: a new user, or one whose second factor an
// administrator has reset, signs in with the password alone; the server then
// answers with the factor to set up instead of a session (only while it is
// unconfirmed, and only before its deadline). This page shows it as a QR code
// and as a key to type, and asks for the first code; the sign-in with that
// code confirms the factor and opens the session. After that the server never
// shows the secret again.
import { ApiError } from "../api";
import { PageContext, navigate } from "../router";
import { h, field, notice } from "../dom";
import { qrSvg } from "../qr";
import { signIn, TotpEnrolment } from "../session";

function formatDeadline(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function signInPage(ctx: PageContext): void {
  const next = ctx.query.get("next");
  const reason = ctx.query.get("reason");
  const user = h("input", { name: "username", autocomplete: "username", required: true, autocapitalize: "none", spellcheck: "false" });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true });
  const totp = h("input", {
    name: "totp",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    pattern: "[0-9]{6}",
    maxlength: "6",
  });
  const totpHint = "The 6-digit code your authenticator app shows for Disrupt. Leave it empty at your first sign-in to set up the app.";
  const totpField = field("Authenticator code", totp, totpHint);
  const enrolmentSlot = h("div", { class: "enrolment-slot" });
  const status = h("div", { class: "form-status", "aria-live": "polite" });
  const button = h("button", { type: "submit", class: "primary" }, "Sign in");
  const heading = h("h1", { tabindex: "-1" }, "Sign in to Disrupt");
  const form = h(
    "form",
    { class: "signin card", novalidate: false },
    heading,
    reason === "expired" ? notice("info", "Your session has ended. Please sign in again.") : null,
    reason === "signed-out" ? notice("ok", "You have signed out.") : null,
    field("User name", user),
    field("Password", password),
    enrolmentSlot,
    totpField,
    button,
    status,
  );

  // The server answered with a second factor to set up: show it, keep the
  // user name and password in the form, and ask for the first code.
  function showEnrolment(e: TotpEnrolment): void {
    user.readOnly = true;
    password.readOnly = true;
    totp.required = true;
    enrolmentSlot.replaceChildren(
      h(
        "section",
        { class: "enrolment", "aria-labelledby": "enrol-h" },
        h("h2", { id: "enrol-h" }, "Set up your authenticator app"),
        h(
          "p",
          null,
          "Your account needs a second factor. Scan this code with your authenticator app (or type the key), then enter the 6-digit code the app shows and sign in. ",
          `Do this before ${formatDeadline(e.enrol_until)}; after that an administrator has to reset it.`,
        ),
        qrSvg(e.totp_uri, `QR code of the authenticator enrolment for ${e.user}`),
        h("p", { class: "small" }, "Key: ", h("code", { class: "secret" }, e.totp_secret.replace(/(.{4})/g, "$1 ").trim())),
      ),
    );
    button.textContent = "Confirm code and sign in";
    status.replaceChildren();
    totp.focus();
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    button.disabled = true;
    status.replaceChildren(notice("info", "Signing in…"));
    try {
      const answer = await signIn(user.value.trim(), password.value, totp.value.trim());
      if ("enrolment_required" in answer) {
        showEnrolment(answer);
        button.disabled = false;
        return;
      }
      password.value = "";
      const target = next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/signin") ? next : "/";
      navigate(target, true);
    } catch (err) {
      const enrolling = password.readOnly;
      totp.value = "";
      if (!enrolling) password.value = "";
      const msg =
        err instanceof ApiError && err.status === 429
          ? err.message
          : err instanceof ApiError && err.status === 401
            ? enrolling
              ? "That code is not right. Check the time on your device and enter the code the app shows now."
              : "The user name, password or code is not right."
            : err instanceof Error
              ? err.message
              : String(err);
      status.replaceChildren(notice("error", msg));
      button.disabled = false;
      (enrolling ? totp : password).focus();
    }
  });
  ctx.main.append(
    h(
      "div",
      { class: "signin-wrap" },
      form,
      h(
        "p",
        { class: "small muted" },
        "For official use by Bali Process members. Every sign-in and every record you view is recorded in the audit log.",
      ),
    ),
  );
  user.focus();
}
