// The Working Group's calendar and action list: upcoming meetings (with the
// Chatham House Rule flagged where it applies) and open actions by due date.
// The secretariat and co-chairs schedule meetings and record actions here;
// the member that owns an action reports its progress. The server decides
// who sees each item (the need-to-know policy, like records) and who may
// change it; this page only offers what the signed-in user's roles suggest.
import { ApiError, call, get, post } from "../api";
import { errorNotice, handlingChip, pageHeader } from "../common";
import { field, h, loading, notice, table } from "../dom";
import { Handling } from "../marking";
import { PageContext } from "../router";
import { currentSession } from "../session";

export interface Meeting {
  id: string;
  title: string;
  kind: string;
  starts_at: string;
  ends_at: string;
  location: string;
  chatham_house: boolean;
  agenda: string;
  originator: string;
  cancelled: boolean;
  handling: Handling;
}

export interface Action {
  id: string;
  title: string;
  detail: string;
  meeting_id: string;
  owner: string;
  assignee: string;
  due: string;
  status: string;
  originator: string;
  handling: Handling;
}

const kKinds = ["working_group", "co_chairs", "steering_group", "workshop", "bilateral", "other"];
const kStatuses = ["open", "in_progress", "done", "dropped"];

export function when(m: Meeting): string {
  const start = new Date(m.starts_at);
  const end = new Date(m.ends_at);
  const day = (d: Date) => d.toLocaleDateString(undefined, { dateStyle: "medium", timeZone: "UTC" });
  const time = (d: Date) => d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
  if (Number.isNaN(start.getTime())) return m.starts_at;
  return day(start) === day(end) ? `${day(start)} ${time(start)}–${time(end)} UTC` : `${day(start)} – ${day(end)}`;
}

export function meetingLine(m: Meeting): HTMLElement {
  return h(
    "span",
    null,
    h("strong", null, m.title),
    ` · ${when(m)}${m.location ? " · " + m.location : ""} `,
    m.chatham_house ? h("span", { class: "chip", title: "What is said may be used but not attributed" }, "Chatham House Rule") : null,
    m.cancelled ? h("span", { class: "chip" }, "cancelled") : null,
  );
}

export function actionLine(a: Action): HTMLElement {
  return h("span", null, h("strong", null, a.title), ` · ${a.owner}${a.due ? " · due " + a.due : ""} · ${a.status.replace("_", " ")}`);
}

function organiser(): boolean {
  const roles = currentSession()?.roles ?? [];
  return roles.includes("secretariat") || roles.includes("co_chair");
}

// An ISO time (UTC) from a datetime-local value read as UTC.
function utc(value: string): string {
  if (!value) return "";
  return value.length === 16 ? `${value}:00Z` : `${value}Z`;
}

function meetingForm(onDone: () => void): HTMLElement {
  const title = h("input", { name: "title", required: true, maxlength: "200" });
  const kind = h("select", { name: "kind" }, kKinds.map((k) => h("option", { value: k }, k.replace("_", " "))));
  const starts = h("input", { name: "starts_at", type: "datetime-local", required: true });
  const ends = h("input", { name: "ends_at", type: "datetime-local", required: true });
  const location = h("input", { name: "location", maxlength: "200" });
  const chatham = h("input", { type: "checkbox", name: "chatham_house", id: "chatham" });
  const agenda = h("textarea", { name: "agenda", rows: "4" });
  const status = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "card form-grid", "aria-labelledby": "new-meeting-h" },
    h("h2", { id: "new-meeting-h" }, "Schedule a meeting"),
    field("Title", title),
    field("Kind", kind),
    field("Starts (UTC)", starts),
    field("Ends (UTC)", ends),
    field("Location", location, "A city and venue, or online."),
    h("label", { class: "check", for: "chatham" }, chatham, " Held under the Chatham House Rule"),
    field("Agenda", agenda),
    h("button", { type: "submit", class: "primary" }, "Schedule"),
    status,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await post("/api/v1/meetings", {
        title: title.value.trim(),
        kind: kind.value,
        starts_at: utc(starts.value),
        ends_at: utc(ends.value),
        location: location.value.trim(),
        chatham_house: chatham.checked,
        agenda: agenda.value,
      });
      form.reset();
      status.replaceChildren(notice("ok", "Scheduled."));
      onDone();
    } catch (err) {
      status.replaceChildren(notice("error", err instanceof Error ? err.message : String(err)));
    }
  });
  return form;
}

// The form, and a function that refreshes its list of meetings to choose from.
function actionForm(onDone: () => void): [HTMLElement, (meetings: Meeting[]) => void] {
  const title = h("input", { name: "title", required: true, maxlength: "200" });
  const owner = h("input", { name: "owner", required: true, pattern: "[A-Z0-9_]{2,16}", placeholder: "member code, e.g. IDN" });
  const due = h("input", { name: "due", type: "date" });
  const meeting = h("select", { name: "meeting_id" }, h("option", { value: "" }, "none"));
  const setMeetings = (meetings: Meeting[]) => {
    const chosen = meeting.value;
    meeting.replaceChildren(h("option", { value: "" }, "none"), ...meetings.map((m) => h("option", { value: m.id, selected: m.id === chosen }, `${m.title} (${when(m)})`)));
  };
  const detail = h("textarea", { name: "detail", rows: "3" });
  const status = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "card form-grid", "aria-labelledby": "new-action-h" },
    h("h2", { id: "new-action-h" }, "Record an action"),
    field("Action", title),
    field("Owner member", owner),
    field("Due", due),
    field("Decided at", meeting),
    field("Detail", detail),
    h("button", { type: "submit", class: "primary" }, "Record"),
    status,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await post("/api/v1/actions", {
        title: title.value.trim(),
        owner: owner.value.trim().toUpperCase(),
        due: due.value,
        meeting_id: meeting.value,
        detail: detail.value,
      });
      form.reset();
      status.replaceChildren(notice("ok", "Recorded."));
      onDone();
    } catch (err) {
      status.replaceChildren(notice("error", err instanceof Error ? err.message : String(err)));
    }
  });
  return [form, setMeetings];
}

// The status of an action, changeable by its owner member (the server decides).
function statusControl(a: Action, onDone: () => void): HTMLElement {
  const s = currentSession();
  const mayChange = s !== null && (s.member === a.owner || (organiser() && s.member === a.originator));
  if (!mayChange) return h("span", null, a.status.replace("_", " "));
  const select = h(
    "select",
    { "aria-label": `Status of ${a.title}` },
    kStatuses.map((st) => h("option", { value: st, selected: st === a.status }, st.replace("_", " "))),
  );
  select.addEventListener("change", async () => {
    try {
      await call("PUT", `/api/v1/actions/${encodeURIComponent(a.id)}`, { body: { status: select.value } });
      onDone();
    } catch (err) {
      select.value = a.status;
      select.setCustomValidity(err instanceof ApiError ? err.message : String(err));
      select.reportValidity();
    }
  });
  return select;
}

export async function meetingsPage(ctx: PageContext): Promise<void> {
  const meetingsBody = loading("meetings");
  const actionsBody = loading("actions");
  const forms = h("div", { class: "forms" });
  let setMeetings: ((meetings: Meeting[]) => void) | null = null;
  ctx.main.append(
    pageHeader("Meetings and actions", h("p", { class: "muted" }, "The Working Group's calendar and the actions its meetings decided.")),
    h("section", { class: "card", "aria-labelledby": "meetings-h" }, h("h2", { id: "meetings-h" }, "Upcoming meetings"), meetingsBody),
    h("section", { class: "card", "aria-labelledby": "actions-h" }, h("h2", { id: "actions-h" }, "Open actions"), actionsBody),
    forms,
  );
  const refresh = async () => {
    try {
      const [m, a] = await Promise.all([
        get<{ meetings: Meeting[] }>("/api/v1/meetings", { signal: ctx.signal }),
        get<{ actions: Action[] }>("/api/v1/actions", { signal: ctx.signal }),
      ]);
      const titles = new Map(m.meetings.map((x) => [x.id, x.title]));
      meetingsBody.replaceChildren(
        m.meetings.length === 0
          ? h("p", { class: "muted" }, "No meetings scheduled.")
          : table(
              ["Meeting", "When", "Where", "Rule", "Marking"],
              m.meetings.map((x) => [
                h("span", null, x.title, x.cancelled ? h("span", { class: "chip" }, " cancelled") : null),
                when(x),
                x.location,
                x.chatham_house ? "Chatham House" : "",
                handlingChip(x.handling),
              ]),
            ),
      );
      actionsBody.replaceChildren(
        a.actions.length === 0
          ? h("p", { class: "muted" }, "No open actions.")
          : table(
              ["Action", "Owner", "Due", "From meeting", "Status", "Marking"],
              a.actions.map((x) => [x.title, x.owner, x.due, titles.get(x.meeting_id) ?? x.meeting_id, statusControl(x, refresh), handlingChip(x.handling)]),
            ),
      );
      // The forms are made once, so that a refresh never clears what is being typed.
      if (organiser() && !setMeetings) {
        const [form, set] = actionForm(refresh);
        setMeetings = set;
        forms.replaceChildren(meetingForm(refresh), form);
      }
      setMeetings?.(m.meetings);
    } catch (e) {
      meetingsBody.replaceChildren(errorNotice(e, "Meetings"));
      actionsBody.replaceChildren();
    }
  };
  await refresh();
}
