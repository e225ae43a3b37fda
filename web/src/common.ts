// Pieces shared by the screens: handling chips, source grading in words,
// error and "not available" notices, entity links.
import { ApiError, CatalogueRecord, Provenance, displayName } from "./api";
import { h, link, notice } from "./dom";
import { Handling, codeLabel, kClassifications } from "./marking";

const kReliability: Record<string, string> = {
  A: "completely reliable",
  B: "usually reliable",
  C: "fairly reliable",
  D: "not usually reliable",
  E: "unreliable",
  F: "reliability cannot be judged",
};
const kCredibility: Record<number, string> = {
  1: "confirmed",
  2: "probably true",
  3: "possibly true",
  4: "doubtful",
  5: "improbable",
  6: "truth cannot be judged",
};

// "B2 — usually reliable, probably true"
export function gradingText(p: Provenance): string {
  return `${p.reliability}${p.credibility} — ${kReliability[p.reliability] ?? "?"}, ${kCredibility[p.credibility] ?? "?"}`;
}

export function gradingChip(p: Provenance): HTMLElement {
  return h("span", { class: "chip chip-grade", title: gradingText(p) }, `${p.reliability}${p.credibility}`);
}

export function handlingChip(hd: Handling | undefined): HTMLElement | null {
  if (!hd) return null;
  const level = kClassifications.indexOf(hd.classification as (typeof kClassifications)[number]);
  const cls = level < 0 ? "top-secret" : kClassifications[level].toLowerCase().replace(" ", "-");
  const tlp = hd.tlp.replace("TLP:", "").toLowerCase().replace("+", "-");
  const title = [
    hd.classification,
    hd.tlp,
    hd.originator_control ? "originator controlled (ORCON)" : "",
    ...(hd.codes ?? []).map(codeLabel),
    hd.releasable_to && hd.releasable_to.length > 0 ? "releasable to " + hd.releasable_to.join(", ") : "originator only",
  ]
    .filter(Boolean)
    .join("; ");
  return h(
    "span",
    { class: "chips", title },
    h("span", { class: `chip chip-class chip-${cls}` }, hd.classification),
    h("span", { class: `chip chip-tlp tlp-${tlp}` }, hd.tlp),
    hd.originator_control ? h("span", { class: "chip chip-orcon" }, "ORCON") : null,
  );
}

// The full handling of one record, as a definition list.
export function handlingDetails(hd: Handling): HTMLElement {
  return h(
    "dl",
    { class: "kv" },
    h("dt", null, "Classification"),
    h("dd", null, hd.classification),
    h("dt", null, "TLP"),
    h("dd", null, hd.tlp),
    h("dt", null, "Releasable to"),
    h("dd", null, hd.releasable_to && hd.releasable_to.length > 0 ? hd.releasable_to.join(", ") : "originator only"),
    h("dt", null, "Handling codes"),
    h("dd", null, hd.codes && hd.codes.length > 0 ? hd.codes.map(codeLabel).join(", ") : "none"),
    hd.restrictions ? [h("dt", null, "Restrictions"), h("dd", null, hd.restrictions)] : null,
    h("dt", null, "ORCON"),
    h("dd", null, hd.originator_control ? "yes: only the originator may release it further" : "no"),
    hd.compartment ? [h("dt", null, "Compartment"), h("dd", null, hd.compartment)] : null,
    h("dt", null, "Review by"),
    h("dd", null, hd.review_date ?? ""),
  );
}

export function entityHref(id: string): string {
  return "/entities/" + encodeURIComponent(id);
}

export function entityLink(r: CatalogueRecord | string, label?: string): HTMLAnchorElement {
  const id = typeof r === "string" ? r : r.id;
  const text = label ?? (typeof r === "string" ? r : displayName(r));
  if (typeof r !== "string" && r.type === "Network") return link("/networks/" + encodeURIComponent(id), text);
  return link(entityHref(id), text);
}

// A failed call as the user should read it. `feature` names what was asked
// for, for the "not available on this server" answer (a route the server
// does not have).
export function errorNotice(e: unknown, feature: string): HTMLElement {
  if (e instanceof ApiError) {
    if (e.unavailable) return notice("unavailable", `${feature}: not available on this server.`);
    if (e.status === 401) return notice("info", "Your session has ended. Please sign in again.");
    return notice("error", `${feature}: ${e.describe()}`);
  }
  if (e instanceof DOMException && e.name === "AbortError") return notice("info", "Cancelled.");
  return notice("error", `${feature}: ${e instanceof Error ? e.message : String(e)}`);
}

export function pageHeader(title: string, ...extra: (HTMLElement | string | null)[]): HTMLElement {
  return h("div", { class: "page-header" }, h("h1", { tabindex: "-1" }, title), ...extra);
}

function humanKey(k: string): string {
  return k.replace(/_/g, " ");
}

// A readable view of an analysis answer whose exact shape this page does not
// fix: objects as definition lists, arrays of objects as tables, record ids
// (fields named id, entity, actor, source, target) as profile links.
// Handling blocks are drawn as chips. Depth-limited.
export function jsonView(value: unknown, depth = 0): HTMLElement | string {
  const idKeys = new Set(["id", "entity", "entity_id", "actor", "source", "target", "record"]);
  if (value === null || value === undefined) return "—";
  if (typeof value !== "object") {
    if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(3);
    return String(value);
  }
  if (depth > 3) return h("span", { class: "muted" }, "…");
  if (Array.isArray(value)) {
    if (value.length === 0) return h("span", { class: "muted" }, "none");
    if (value.every((v) => v !== null && typeof v === "object" && !Array.isArray(v))) {
      const cols: string[] = [];
      for (const row of value.slice(0, 200)) for (const k of Object.keys(row as object)) if (!cols.includes(k)) cols.push(k);
      return h(
        "table",
        { class: "data compact" },
        h("thead", null, h("tr", null, cols.map((c) => h("th", { scope: "col" }, humanKey(c))))),
        h(
          "tbody",
          null,
          value.slice(0, 200).map((row) =>
            h(
              "tr",
              null,
              cols.map((c) => {
                const v = (row as Record<string, unknown>)[c];
                if (idKeys.has(c) && typeof v === "string") return h("td", null, entityLink(v));
                if (c === "handling" && v && typeof v === "object") return h("td", null, handlingChip(v as Handling));
                return h("td", null, jsonView(v, depth + 1));
              }),
            ),
          ),
        ),
      );
    }
    return h("span", null, value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", "));
  }
  const o = value as Record<string, unknown>;
  if (typeof o.classification === "string" && typeof o.tlp === "string") return handlingChip(o as unknown as Handling) ?? "";
  return h(
    "dl",
    { class: "kv" },
    Object.entries(o).map(([k, v]) => [
      h("dt", null, humanKey(k)),
      h("dd", null, idKeys.has(k) && typeof v === "string" ? entityLink(v) : jsonView(v, depth + 1)),
    ]),
  );
}
