// The dashboard: what the user's member should look at first. New alerts,
// deconfliction hits, open review items, upcoming meetings and open actions,
// each from its own API; a panel whose API this server does not offer says
// so. Counts of the catalogue are of the records the user may see only.
import { get } from "../api";
import { errorNotice, jsonView, pageHeader } from "../common";
import { formatNumber, h, link, loading, notice } from "../dom";
import { PageContext } from "../router";
import { currentSession } from "../session";
import { actionLine, meetingLine } from "./meetings";

interface Stats {
  entities: number;
  links: number;
  events: number;
  by_type: Record<string, number>;
  by_originator: Record<string, number>;
}

// The list inside an answer: the answer itself, or its first array field.
export function itemsOf(answer: unknown): unknown[] {
  if (Array.isArray(answer)) return answer;
  if (answer && typeof answer === "object") {
    for (const v of Object.values(answer as Record<string, unknown>)) if (Array.isArray(v)) return v;
  }
  return [];
}

// The plain fields of an item (ids, dates, states, scores), at most four: a
// dashboard lists, the screen behind it explains.
function brief(item: unknown): unknown {
  if (!item || typeof item !== "object") return item;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
    if (v === null || typeof v === "object") continue;
    out[k] = v;
    if (Object.keys(out).length === 4) break;
  }
  return out;
}

function panel(title: string, href: string | null, body: HTMLElement): HTMLElement {
  return h("section", { class: "card panel" }, h("h2", null, href ? link(href, title) : title), body);
}

type Render = ((item: never) => HTMLElement) | null;

async function fill(body: HTMLElement, path: string, feature: string, empty: string, render: Render, signal: AbortSignal): Promise<void> {
  try {
    const answer = await get<unknown>(path, { signal });
    const items = itemsOf(answer);
    const shown = items.slice(0, 5);
    body.replaceChildren(
      items.length === 0
        ? h("p", { class: "muted" }, empty)
        : h(
            "div",
            null,
            h("p", { class: "big-number" }, formatNumber(items.length)),
            render ? h("ul", { class: "plain" }, shown.map((x) => h("li", null, render(x as never)))) : jsonView(shown.map(brief)),
          ),
    );
  } catch (e) {
    body.replaceChildren(errorNotice(e, feature));
  }
}

export async function dashboardPage(ctx: PageContext): Promise<void> {
  const s = currentSession();
  const statsBody = loading("counts");
  const panels: [string, string | null, string, string, string, Render][] = [
    ["New alerts", null, "/api/v1/alerts", "Alerts", "No new alerts for your member.", null],
    ["Deconfliction hits", null, "/api/v1/deconfliction/hits", "Deconfliction", "No hits.", null],
    ["Open review items", "/review", "/api/v1/resolution/review", "The resolution review queue", "Nothing to review.", null],
    ["Upcoming meetings", "/meetings", "/api/v1/meetings?limit=20", "Meetings", "No meetings scheduled.", meetingLine],
    ["Open actions", "/meetings", "/api/v1/actions", "Actions", "No open actions.", actionLine],
  ];
  const bodies = panels.map(() => loading(""));
  ctx.main.append(
    pageHeader("Dashboard", h("p", { class: "muted" }, s ? `${s.user} · ${s.member}${s.agency ? " · " + s.agency : ""} · cleared ${s.clearance ?? "none"}` : "")),
    h(
      "div",
      { class: "dashboard-grid" },
      panel("The catalogue you may see", "/search", h("div", null, statsBody)),
      panels.map(([title, href], i) => panel(title, href, bodies[i])),
    ),
  );
  const jobs = panels.map(([, , path, feature, empty, render], i) => fill(bodies[i], path, feature, empty, render, ctx.signal));
  try {
    const st = await get<Stats>("/api/v1/stats", { signal: ctx.signal });
    const top = Object.entries(st.by_originator).sort((a, b) => b[1] - a[1]);
    statsBody.replaceWith(
      h(
        "div",
        null,
        h(
          "ul",
          { class: "stat-row" },
          h("li", null, h("span", { class: "big-number" }, formatNumber(st.entities)), " entities"),
          h("li", null, h("span", { class: "big-number" }, formatNumber(st.links)), " links"),
          h("li", null, h("span", { class: "big-number" }, formatNumber(st.events)), " events"),
        ),
        top.length > 0
          ? h("p", { class: "small" }, "Recorded by: ", top.map(([m, n]) => `${m} ${formatNumber(n)}`).join(" · "))
          : notice("info", "You may see no records yet."),
      ),
    );
  } catch (e) {
    statsBody.replaceWith(errorNotice(e, "Catalogue counts"));
  }
  await Promise.all(jobs);
}
