// Sign-in: user name, password and the 6-digit code of the user's
// authenticator app (RFC 6238). A new user, or one whose code an
// administrator has reset, receives the enrolment (a QR code of the
// otpauth:// URI) from the administrator in person (see admin.ts); the
// server never shows a TOTP secret to someone who only knows the password.
import { ApiError } from "../api";
import { PageContext, navigate } from "../router";
import { h, field, notice } from "../dom";
import { signIn } from "../session";

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
  const status = h("div", { class: "form-status", "aria-live": "polite" });
  const button = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h(
    "form",
    { class: "signin card", novalidate: false },
    h("h1", { tabindex: "-1" }, "Sign in to Disrupt"),
    reason === "expired" ? notice("info", "Your session has ended. Please sign in again.") : null,
    reason === "signed-out" ? notice("ok", "You have signed out.") : null,
    field("User name", user),
    field("Password", password),
    field("Authenticator code", totp, "The 6-digit code your authenticator app shows for Disrupt."),
    button,
    status,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    button.disabled = true;
    status.replaceChildren(notice("info", "Signing in…"));
    try {
      await signIn(user.value.trim(), password.value, totp.value.trim());
      password.value = "";
      const target = next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/signin") ? next : "/";
      navigate(target, true);
    } catch (err) {
      password.value = "";
      totp.value = "";
      const msg =
        err instanceof ApiError && err.status === 429
          ? err.message
          : err instanceof ApiError && err.status === 401
            ? "The user name, password or code is not right."
            : err instanceof Error
              ? err.message
              : String(err);
      status.replaceChildren(notice("error", msg));
      button.disabled = false;
      password.focus();
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
