// Administration: users (create, edit roles, clearance and compartments,
// disable, enable, reset the second factor, unlock) and the member states
// with their agencies. A new user's or a reset's TOTP enrolment appears once,
// as a QR code and its secret, for the administrator to hand to the user;
// leaving the page forgets it.
import { ApiError, call, get } from "../api";
import { errorNotice, pageHeader } from "../common";
import { h, field, loading, notice, table, uid } from "../dom";
import { kClassifications } from "../marking";
import { qrSvg } from "../qr";
import { PageContext } from "../router";
import { currentSession } from "../session";

interface AdminUser {
  id: string;
  display_name: string;
  member: string;
  agency: string;
  roles: string[];
  clearance: { level: string; granted_by: string; expires: string } | null;
  compartments: string[];
  disabled: boolean;
  totp_required: boolean;
  totp_enrolled: boolean;
  created_at: string;
}
interface UserResult {
  user: AdminUser;
  enrolment?: { totp_uri: string; totp_secret: string };
}
interface Member {
  code: string;
  name: string;
  kind: string;
  role: string;
  ad_hoc_group: boolean;
  agencies: { name: string; users: number }[];
}

const kRoles = ["administrator", "secretariat", "co_chair", "member_official", "analyst", "observer", "victim_protection"];

function enrolmentBox(userId: string, e: { totp_uri: string; totp_secret: string }): HTMLElement {
  return h(
    "section",
    { class: "card enrolment", "aria-labelledby": "enrol-h" },
    h("h2", { id: "enrol-h" }, `Second factor for ${userId}`),
    h("p", null, "Hand this to the user in person. They scan it with their authenticator app, then sign in with the 6-digit code it shows. It is shown only now."),
    qrSvg(e.totp_uri, `QR code of the authenticator enrolment for ${userId}`),
    h("p", { class: "small" }, "Or enter this key by hand: ", h("code", { class: "secret" }, e.totp_secret.replace(/(.{4})/g, "$1 ").trim())),
  );
}

// The fields shared by the create and edit forms.
function userForm(existing: AdminUser | null, members: Member[], onSubmit: (body: Record<string, unknown>) => Promise<void>): HTMLFormElement {
  const id = h("input", { name: "id", required: true, value: existing?.id ?? "", readonly: existing !== null, pattern: "[a-z][a-z0-9._-]{1,63}", autocomplete: "off" });
  const name = h("input", { name: "display_name", value: existing?.display_name ?? "" });
  const member = h(
    "select",
    { name: "member", required: true },
    members.map((m) => h("option", { value: m.code, selected: (existing?.member ?? currentSession()?.member) === m.code }, `${m.code} — ${m.name}`)),
  );
  const agency = h("input", { name: "agency", value: existing?.agency ?? "" });
  const roleBoxes = kRoles.map((r) => {
    const rid = uid("role");
    return h("label", { class: "check", for: rid }, h("input", { type: "checkbox", id: rid, value: r, checked: existing ? existing.roles.includes(r) : r === "analyst" }), " " + r.replace(/_/g, " "));
  });
  const clearance = h("select", { name: "clearance" }, h("option", { value: "" }, "none"), kClassifications.map((c) => h("option", { value: c, selected: existing?.clearance?.level === c }, c)));
  const expires = h("input", { name: "clearance_expires", type: "date", value: existing?.clearance?.expires ?? "" });
  const compartments = h("input", { name: "compartments", value: existing?.compartments.join(", ") ?? "", placeholder: "comma-separated" });
  const password = existing ? null : h("input", { name: "password", type: "password", required: true, minlength: "12", autocomplete: "new-password" });
  const status = h("div", { "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary" }, existing ? "Save" : "Create user");
  const form = h(
    "form",
    { class: "card user-form" },
    h("div", { class: "row" }, field("User name", id), field("Display name", name)),
    h("div", { class: "row" }, field("Member", member), field("Agency", agency)),
    h("fieldset", null, h("legend", null, "Roles"), h("div", { class: "checks" }, roleBoxes)),
    h("div", { class: "row" }, field("Clearance", clearance), field("Clearance valid until", expires), field("Compartments", compartments)),
    password ? field("Initial password", password, "At least 12 characters; the user signs in with it and the authenticator code.") : null,
    submit,
    status,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    submit.disabled = true;
    const body: Record<string, unknown> = {
      display_name: name.value.trim(),
      member: member.value,
      agency: agency.value.trim(),
      roles: roleBoxes.map((b) => b.querySelector("input")!).filter((i) => i.checked).map((i) => i.value),
      compartments: compartments.value.split(",").map((x) => x.trim()).filter(Boolean),
      clearance: clearance.value || undefined,
      clearance_expires: clearance.value && expires.value ? expires.value : undefined,
    };
    if (!existing) {
      body.id = id.value.trim();
      body.password = password!.value;
    }
    try {
      await onSubmit(body);
      status.replaceChildren();
    } catch (err) {
      status.replaceChildren(errorNotice(err, existing ? "Saving the user" : "Creating the user"));
    } finally {
      submit.disabled = false;
      if (password) password.value = "";
    }
  });
  return form;
}

export async function adminPage(ctx: PageContext): Promise<void> {
  const enrolmentArea = h("div", { "aria-live": "polite" });
  const usersBox = h("section", { "aria-labelledby": "users-h" }, h("h2", { id: "users-h" }, "Users"), loading("users"));
  const formBox = h("section", { "aria-labelledby": "new-h" });
  const membersBox = h("section", { "aria-labelledby": "members-h" }, h("h2", { id: "members-h" }, "Member states and agencies"), loading("members"));
  ctx.main.append(pageHeader("Administration"), enrolmentArea, usersBox, formBox, membersBox);

  let members: Member[] = [];
  try {
    members = (await get<{ members: Member[] }>("/api/v1/admin/members", { signal: ctx.signal })).members;
    membersBox.replaceChildren(
      h("h2", { id: "members-h" }, "Member states and agencies"),
      table(
        ["Code", "Name", "Kind", "Role", "Ad Hoc Group", "Agencies (users)"],
        members.map((m) => [m.code, m.name, m.kind, m.role, m.ad_hoc_group ? "yes" : "", m.agencies.map((a) => `${a.name || "—"} (${a.users})`).join(", ")]),
      ),
    );
  } catch (e) {
    membersBox.replaceChildren(h("h2", { id: "members-h" }, "Member states and agencies"), errorNotice(e, "Member administration"));
    if (e instanceof ApiError && e.unavailable) return;
  }

  const showEnrolment = (r: UserResult) => {
    enrolmentArea.replaceChildren(r.enrolment && r.enrolment.totp_uri ? enrolmentBox(r.user.id, r.enrolment) : "");
    enrolmentArea.scrollIntoView({ block: "start" });
  };

  const loadUsers = async () => {
    try {
      const users = (await get<{ users: AdminUser[] }>("/api/v1/admin/users", { signal: ctx.signal })).users;
      const act = (label: string, fn: () => Promise<void>, userId: string) =>
        h(
          "button",
          {
            type: "button",
            class: "small-button",
            "aria-label": `${label} ${userId}`,
            onclick: async () => {
              try {
                await fn();
                await loadUsers();
              } catch (e) {
                enrolmentArea.replaceChildren(errorNotice(e, label));
              }
            },
          },
          label,
        );
      usersBox.replaceChildren(
        h("h2", { id: "users-h" }, `Users (${users.length})`),
        table(
          ["User", "Member · agency", "Roles", "Clearance", "Compartments", "State", "Actions"],
          users.map((u) => [
            h("span", null, h("strong", null, u.id), u.display_name ? ` ${u.display_name}` : ""),
            `${u.member}${u.agency ? " · " + u.agency : ""}`,
            u.roles.join(", "),
            u.clearance ? `${u.clearance.level}${u.clearance.expires ? " until " + u.clearance.expires : ""}` : "none",
            u.compartments.join(", "),
            u.disabled ? h("span", { class: "status status-disabled" }, "disabled") : !u.totp_required ? "no second factor" : u.totp_enrolled ? "active" : "not enrolled",
            h(
              "div",
              { class: "button-row" },
              act("Edit", async () => {
                formBox.replaceChildren(
                  h("h2", { id: "new-h" }, `Edit ${u.id}`),
                  userForm(u, members, async (body) => {
                    await call<UserResult>("PUT", "/api/v1/admin/users/" + encodeURIComponent(u.id), { body });
                    formBox.replaceChildren(notice("ok", `Saved ${u.id}.`));
                    await loadUsers();
                  }),
                );
                formBox.querySelector("input:not([readonly])")?.scrollIntoView();
              }, u.id),
              u.disabled
                ? act("Enable", async () => void (await call("POST", `/api/v1/admin/users/${encodeURIComponent(u.id)}/enable`)), u.id)
                : act("Disable", async () => void (await call("POST", `/api/v1/admin/users/${encodeURIComponent(u.id)}/disable`)), u.id),
              act("Reset second factor", async () => showEnrolment(await call<UserResult>("POST", `/api/v1/admin/users/${encodeURIComponent(u.id)}/totp-reset`)), u.id),
              act("Unlock", async () => void (await call("POST", `/api/v1/admin/users/${encodeURIComponent(u.id)}/unlock`)), u.id),
            ),
          ]),
        ),
      );
    } catch (e) {
      usersBox.replaceChildren(h("h2", { id: "users-h" }, "Users"), errorNotice(e, "User administration"));
    }
  };
  const newUserForm = () =>
    formBox.replaceChildren(
      h("h2", { id: "new-h" }, "New user"),
      userForm(null, members, async (body) => {
        const r = await call<UserResult>("POST", "/api/v1/admin/users", { body });
        showEnrolment(r);
        newUserForm();
        await loadUsers();
      }),
    );
  newUserForm();
  await loadUsers();
}
