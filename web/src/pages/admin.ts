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
  totp_pending?: boolean;
  created_at: string;
}
interface UserResult {
  user: AdminUser;
  enrolment?: { totp_uri: string; totp_secret: string };
}
interface Agency {
  acronym: string;
  name: string;
  focal_point: string;
  registered: boolean;
  users: number;
}

interface Member {
  code: string;
  name: string;
  kind: string;
  role: string;
  ad_hoc_group: boolean;
  agencies: Agency[];
}

// Edits one member (or adds one when `existing` is null) and its agency register.
function memberEditor(existing: Member | null, onSaved: () => Promise<void>): HTMLElement {
  const status = h("div", { "aria-live": "polite" });
  const fail = (e: unknown) => status.replaceChildren(notice("error", e instanceof Error ? e.message : String(e)));
  const code = h("input", { name: "code", required: true, value: existing?.code ?? "", readonly: existing !== null, pattern: "[A-Z0-9]{2,16}", placeholder: "ISO 3166 alpha-3, e.g. TLS" });
  const name = h("input", { name: "name", required: true, value: existing?.name ?? "", maxlength: "200" });
  const kind = h("select", { name: "kind" }, ["state", "territory", "organisation"].map((k) => h("option", { value: k, selected: existing?.kind === k }, k)));
  const role = h("select", { name: "role" }, ["member", "observer", "meeting_observer"].map((r) => h("option", { value: r, selected: existing?.role === r }, r.replace("_", " "))));
  const ahgId = uid("ahg");
  const ahg = h("input", { type: "checkbox", id: ahgId, checked: existing?.ad_hoc_group ?? false });
  const memberForm = h(
    "form",
    { class: "form-grid" },
    field("Code", code),
    field("Name", name),
    field("Kind", kind),
    field("Role", role, "Observers are not part of ALL_MEMBERS for releases."),
    h("label", { class: "check", for: ahgId }, ahg, " In the Ad Hoc Group"),
    h("button", { type: "submit", class: "primary" }, existing ? "Save member" : "Add member"),
  );
  memberForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await call("PUT", "/api/v1/admin/members/" + encodeURIComponent(code.value.trim().toUpperCase()), {
        body: { name: name.value.trim(), kind: kind.value, role: role.value, ad_hoc_group: ahg.checked },
      });
      status.replaceChildren(notice("ok", "Saved."));
      await onSaved();
    } catch (err) {
      fail(err);
    }
  });
  const parts: HTMLElement[] = [h("h3", null, existing ? `${existing.code} — ${existing.name}` : "New member"), memberForm];
  if (existing) {
    const base = "/api/v1/admin/members/" + encodeURIComponent(existing.code) + "/agencies/";
    parts.push(
      h("h4", null, "Agencies"),
      table(
        ["Acronym", "Name", "Focal point", "Users", ""],
        existing.agencies.map((a) => [
          a.acronym || h("span", { class: "muted" }, "not registered"),
          a.name,
          a.focal_point,
          String(a.users),
          a.registered
            ? h(
                "button",
                {
                  type: "button",
                  class: "small-button",
                  "aria-label": `Remove agency ${a.acronym}`,
                  onclick: async () => {
                    try {
                      await call("DELETE", base + encodeURIComponent(a.acronym));
                      await onSaved();
                    } catch (err) {
                      fail(err);
                    }
                  },
                },
                "Remove",
              )
            : "",
        ]),
      ),
    );
    const acronym = h("input", { name: "acronym", required: true, pattern: "[A-Z0-9-]{2,16}", placeholder: "e.g. POLRI" });
    const agencyName = h("input", { name: "agency_name", required: true, maxlength: "200" });
    const focal = h("input", { name: "focal_point", placeholder: "user id (optional)", autocomplete: "off" });
    const agencyForm = h(
      "form",
      { class: "form-grid" },
      field("Acronym", acronym),
      field("Full name", agencyName),
      field("Focal point", focal, "A user of this member."),
      h("button", { type: "submit" }, "Register agency"),
    );
    agencyForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        await call("PUT", base + encodeURIComponent(acronym.value.trim().toUpperCase()), {
          body: { name: agencyName.value.trim(), focal_point: focal.value.trim() },
        });
        await onSaved();
      } catch (err) {
        fail(err);
      }
    });
    parts.push(agencyForm);
  }
  parts.push(status);
  return h("div", { class: "card member-editor" }, ...parts);
}

const kRoles = ["administrator", "secretariat", "co_chair", "member_official", "analyst", "observer", "victim_protection"];

function enrolmentBox(userId: string, e: { totp_uri: string; totp_secret: string }): HTMLElement {
  return h(
    "section",
    { class: "card enrolment", "aria-labelledby": "enrol-h" },
    h("h2", { id: "enrol-h" }, `Second factor for ${userId}`),
    h("p", null, "The user sets up the app at their first sign-in (password only; the portal then shows this code to them) within three days. If they cannot, hand it to them in person; it is shown here only now."),
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
  const editorBox = h("div");
  const loadMembers = async (editing: string | null): Promise<void> => {
    members = (await get<{ members: Member[] }>("/api/v1/admin/members", { signal: ctx.signal })).members;
    const edit = (m: Member | null) => {
      editorBox.replaceChildren(memberEditor(m, () => loadMembers(m ? m.code : null)));
      editorBox.scrollIntoView({ block: "nearest" });
    };
    membersBox.replaceChildren(
      h("h2", { id: "members-h" }, "Member states and agencies"),
      table(
        ["Code", "Name", "Kind", "Role", "Ad Hoc Group", "Agencies (users)", ""],
        members.map((m) => [
          m.code,
          m.name,
          m.kind,
          m.role,
          m.ad_hoc_group ? "yes" : "",
          m.agencies.map((a) => `${a.acronym || a.name || "—"} (${a.users})`).join(", "),
          h("button", { type: "button", class: "small-button", "aria-label": `Edit member ${m.code}`, onclick: () => edit(m) }, "Edit"),
        ]),
      ),
      h("button", { type: "button", onclick: () => edit(null) }, "Add a member"),
      editorBox,
    );
    const current = editing ? members.find((m) => m.code === editing) : undefined;
    if (current) editorBox.replaceChildren(memberEditor(current, () => loadMembers(current.code)));
  };
  try {
    await loadMembers(null);
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
            u.disabled ? h("span", { class: "status status-disabled" }, "disabled") : !u.totp_required ? "no second factor" : u.totp_enrolled ? "active" : u.totp_pending ? "awaiting first sign-in" : "not enrolled",
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
