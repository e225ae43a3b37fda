// Entity profile: the record's attributes (each value with its validity),
// aliases, provenance with its source grading in words, the full handling,
// the links and the timeline of events involving it that the user may see,
// the networks and cases it belongs to. The server sends only what the user
// may see; a hidden record answers exactly like a missing one.
import { CatalogueRecord, PropertyValue, RecordDetail, displayName, get, valueOf } from "../api";
import { entityLink, errorNotice, gradingChip, gradingText, handlingChip, handlingDetails, pageHeader } from "../common";
import { h, link, loading, notice, table } from "../dom";
import { PageContext } from "../router";

// Properties whose values name other entities.
const kReferenceProps = new Set([
  "from_place",
  "to_place",
  "crossing_point",
  "vessel",
  "participants",
  "payer",
  "payee",
  "place",
  "target",
  "from",
  "to",
  "birth_place",
]);

function humanise(name: string): string {
  return name.replace(/_/g, " ");
}

function valueCell(name: string, values: PropertyValue[], names: Map<string, string>): HTMLElement {
  return h(
    "ul",
    { class: "values" },
    values.map((v) => {
      const text = valueOf(v);
      const validity =
        typeof v === "object" && v !== null && (v.valid_from || v.valid_to)
          ? h("span", { class: "validity small" }, ` (${v.valid_from ?? "…"} – ${v.valid_to ?? "…"})`)
          : null;
      const shown = kReferenceProps.has(name) ? entityLink(text, names.get(text) ?? text) : text;
      return h("li", null, shown, validity);
    }),
  );
}

function attributes(r: CatalogueRecord, names: Map<string, string>, skip: string[] = []): HTMLElement {
  const rows = Object.entries(r.properties)
    .filter(([k]) => !skip.includes(k))
    .map(([k, vs]) => [h("th", { scope: "row" }, humanise(k)), valueCell(k, vs, names)]);
  return h(
    "table",
    { class: "data attrs" },
    h("caption", { class: "visually-hidden" }, "Attributes"),
    h("tbody", null, rows.map((cells) => h("tr", null, cells[0], h("td", null, cells[1])))),
  );
}

function eventDate(r: CatalogueRecord): string {
  const d = r.properties.date;
  return d && d.length > 0 ? valueOf(d[0]) : (r.valid_from ?? "");
}

function eventSummary(r: CatalogueRecord, names: Map<string, string>): HTMLElement {
  const parts: (HTMLElement | string)[] = [];
  const ref = (id: string) => entityLink(id, names.get(id) ?? id);
  const p = r.properties;
  const one = (k: string) => (p[k] && p[k].length > 0 ? valueOf(p[k][0]) : "");
  if (r.type === "Movement") {
    parts.push(one("mode") ? `by ${one("mode")} ` : "", "from ", ref(one("from_place")), " to ", ref(one("to_place")));
    if (one("crossing_point")) parts.push(" via ", ref(one("crossing_point")));
    if (one("people")) parts.push(`, ${one("people")} people`);
  } else if (r.type === "Payment") {
    parts.push(`${one("amount")} ${one("currency")} by ${one("channel")}`);
    if (one("payer")) parts.push(" from ", ref(one("payer")));
    if (one("payee")) parts.push(" to ", ref(one("payee")));
  } else if (r.type === "DisruptionAction") {
    parts.push(humanise(one("action")));
    if (one("acting_member")) parts.push(` by ${one("acting_member")}`);
  } else if (r.type === "Meeting") {
    parts.push("meeting");
    if (one("place")) parts.push(" at ", ref(one("place")));
  } else {
    parts.push(humanise(r.type));
  }
  return h("span", null, parts);
}

interface Names {
  label: Map<string, string>; // id -> "name (Type)"
  type: Map<string, string>; // id -> schema name
}

// Fetches the names of `ids` (at most `max`, four at a time). Ids the user
// may not see, or beyond the cap, are shown as ids.
async function namesOf(ids: string[], max: number, signal: AbortSignal): Promise<Names> {
  const out: Names = { label: new Map(), type: new Map() };
  const queue = ids.slice(0, max);
  const worker = async () => {
    for (;;) {
      const id = queue.shift();
      if (id === undefined || signal.aborted) return;
      try {
        const d = await get<RecordDetail>("/api/v1/entities/" + encodeURIComponent(id), { signal });
        out.label.set(id, `${displayName(d.record)} (${d.record.type})`);
        out.type.set(id, d.record.type);
      } catch {
        // hidden or missing: shown as its id
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return out;
}

export async function entityPage(ctx: PageContext): Promise<void> {
  const id = ctx.params[0];
  ctx.main.append(loading("the profile"));
  let detail: RecordDetail;
  try {
    detail = await get<RecordDetail>("/api/v1/entities/" + encodeURIComponent(id), { signal: ctx.signal });
  } catch (e) {
    ctx.main.replaceChildren(pageHeader("Entity"), errorNotice(e, "This record"));
    return;
  }
  const r = detail.record;
  const links = detail.links.filter((x) => x.kind === "link");
  const events = detail.links.filter((x) => x.kind === "event").sort((a, b) => eventDate(a).localeCompare(eventDate(b)));

  // Names of the entities this profile refers to.
  const refs = new Set<string>();
  for (const l of links) refs.add(l.source === r.id ? l.target! : l.source!);
  for (const ev of events) {
    for (const [k, vs] of Object.entries(ev.properties)) if (kReferenceProps.has(k)) for (const v of vs) refs.add(valueOf(v));
  }
  for (const [k, vs] of Object.entries(r.properties)) if (kReferenceProps.has(k)) for (const v of vs) refs.add(valueOf(v));
  for (const n of r.networks ?? []) refs.add(n);
  refs.delete(r.id);
  const found = await namesOf([...refs], 60, ctx.signal);
  const names = found.label;
  if (ctx.signal.aborted) return;

  const aliases = (r.properties.alias ?? []).map(valueOf);
  const otherNames = (r.properties.name ?? []).slice(1).map(valueOf);
  const cases = new Map<string, string>();
  for (const x of [r, ...links, ...events]) {
    if (x.provenance.case) cases.set(`${x.provenance.originator} ${x.provenance.case}`, x.provenance.agency);
  }
  const caseEntities = links
    .map((l) => (l.source === r.id ? l.target! : l.source!))
    .filter((other) => found.type.get(other) === "Case");

  const linkRows = links.map((l) => {
    const outgoing = l.source === r.id;
    const other = outgoing ? l.target! : l.source!;
    return [
      h("span", null, outgoing ? "→ " : "← ", humanise(l.type)),
      entityLink(other, names.get(other) ?? other),
      l.valid_from || l.valid_to ? `${l.valid_from ?? "…"} – ${l.valid_to ?? "…"}` : "",
      h("span", null, `${l.provenance.originator} `, gradingChip(l.provenance)),
      handlingChip(l.handling),
    ];
  });
  const timeline = events.map((ev) =>
    h(
      "li",
      { class: "event" },
      h("time", { datetime: eventDate(ev) }, eventDate(ev) || "undated"),
      h("span", { class: "event-type" }, humanise(ev.type)),
      eventSummary(ev, names),
      h("span", { class: "event-meta small" }, ` · ${ev.provenance.originator} `, gradingChip(ev.provenance), " ", handlingChip(ev.handling)),
    ),
  );

  ctx.main.replaceChildren(
    pageHeader(displayName(r), h("span", { class: "type" }, r.type), handlingChip(r.handling)),
    h(
      "div",
      { class: "profile-grid" },
      h(
        "section",
        { class: "card", "aria-labelledby": "attr-h" },
        h("h2", { id: "attr-h" }, "Attributes"),
        attributes(r, names, ["alias"]),
        r.valid_from || r.valid_to ? h("p", { class: "small" }, `Valid ${r.valid_from ?? "…"} – ${r.valid_to ?? "…"}`) : null,
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "prov-h" },
        h("h2", { id: "prov-h" }, "Provenance and handling"),
        h(
          "dl",
          { class: "kv" },
          h("dt", null, "Record"),
          h("dd", null, r.id + (r.version ? ` (version ${r.version})` : "")),
          h("dt", null, "Originator"),
          h("dd", null, `${r.provenance.originator} — ${r.provenance.agency}`),
          r.provenance.case ? [h("dt", null, "Case"), h("dd", null, r.provenance.case)] : null,
          h("dt", null, "Reported"),
          h("dd", null, r.provenance.reported),
          h("dt", null, "Source grading"),
          h("dd", null, gradingText(r.provenance)),
        ),
        handlingDetails(r.handling),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "alias-h" },
        h("h2", { id: "alias-h" }, "Names and aliases"),
        otherNames.length + aliases.length === 0
          ? h("p", { class: "muted" }, "No other names recorded.")
          : h("ul", null, otherNames.map((n) => h("li", null, n)), aliases.map((n) => h("li", null, n, h("span", { class: "muted small" }, " (alias)")))),
        h("h2", null, "Networks"),
        r.networks && r.networks.length > 0
          ? h("ul", null, r.networks.map((n) => h("li", null, link("/networks/" + encodeURIComponent(n), names.get(n) ?? n))))
          : h("p", { class: "muted" }, "Not attributed to a network you may see."),
        h("h2", null, "Cases"),
        cases.size + caseEntities.length === 0
          ? h("p", { class: "muted" }, "No case references.")
          : h(
              "ul",
              null,
              caseEntities.map((c) => h("li", null, entityLink(c, names.get(c) ?? c))),
              [...cases].map(([c, agency]) => h("li", null, `${c} (${agency})`)),
            ),
      ),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "links-h" },
      h("h2", { id: "links-h" }, `Links (${links.length})`),
      links.length === 0
        ? h("p", { class: "muted" }, "No links you may see.")
        : table(["Link", "With", "When", "Source", "Handling"], linkRows),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "tl-h" },
      h("h2", { id: "tl-h" }, `Timeline (${events.length} events)`),
      events.length === 0 ? h("p", { class: "muted" }, "No events you may see.") : h("ol", { class: "timeline" }, timeline),
    ),
    r.type === "Network"
      ? notice("info", "This is a network: its catalogue page has its routes, hierarchy and key actors.")
      : "",
  );
  (ctx.main.querySelector("h1") as HTMLElement | null)?.focus();
}
