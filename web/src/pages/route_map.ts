// Route map: smuggling routes as flows origin → transit → destination over
// the countries of Natural Earth (world-atlas, packaged with the portal),
// each leg's width by volume (people moved, or movements when the number of
// people is not recorded), with filters by mode and period. The flows come
// from the server's route analysis (GET /api/v1/analysis/routes); when the
// server has no route analysis, they are counted from the Movement events the
// user may see. A table under the map lists the same flows for keyboard and
// screen-reader users.
import { geoMercator, geoPath, geoCentroid } from "d3-geo";
import { feature } from "topojson-client";
import type { FeatureCollection, Geometry } from "geojson";
import type { Topology, GeometryCollection } from "topojson-specification";
import world from "world-atlas/countries-50m.json";
import { whereAlpha3, whereNumeric } from "iso-3166-1";
import { ApiError, CatalogueRecord, RecordPage, firstValue, get, qs } from "../api";
import { errorNotice, jsonView, pageHeader } from "../common";
import { formatNumber, h, field, loading, notice, table } from "../dom";
import { PageContext, navigate } from "../router";
import { itemsOf } from "./dashboard";

interface Leg {
  from: string; // ISO alpha-3
  to: string;
  volume: number;
  movements: number;
  modes: Set<string>;
}

const SVG = "http://www.w3.org/2000/svg";
function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...kids: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const k of kids) el.append(k);
  return el;
}

function countryName(code: string): string {
  return whereAlpha3(code)?.country ?? code;
}

// Legs from the route analysis answer: each route's country sequence
// (countries, or origin + transit + destination, or from/to), with its volume.
function legsFromRoutes(answer: unknown): Leg[] {
  const legs = new Map<string, Leg>();
  for (const item of itemsOf(answer)) {
    const r = item as Record<string, unknown>;
    let seq: string[] = [];
    if (Array.isArray(r.countries)) seq = r.countries.map(String);
    else if (r.origin || r.destination) {
      const transit = Array.isArray(r.transit) ? r.transit.map(String) : r.transit ? [String(r.transit)] : [];
      seq = [String(r.origin ?? ""), ...transit, String(r.destination ?? "")].filter(Boolean);
    } else if (r.from && r.to) seq = [String(r.from), String(r.to)];
    const counted = (v: unknown) => (Array.isArray(v) ? v.length : Number(v));
    const movements = counted(r.journeys ?? r.legs ?? r.movements ?? r.count) || 1;
    // People moved when recorded, otherwise the number of journeys.
    const volume = Number(r.people ?? r.volume) || movements;
    const modes = Array.isArray(r.modes)
      ? r.modes.map(String)
      : r.modes && typeof r.modes === "object"
        ? Object.keys(r.modes as object)
        : r.mode
          ? [String(r.mode)]
          : [];
    for (let i = 0; i + 1 < seq.length; i++) {
      if (seq[i] === seq[i + 1]) continue;
      const key = seq[i] + ">" + seq[i + 1];
      const leg = legs.get(key) ?? { from: seq[i], to: seq[i + 1], volume: 0, movements: 0, modes: new Set<string>() };
      leg.volume += volume;
      leg.movements += movements;
      for (const m of modes) leg.modes.add(m);
      legs.set(key, leg);
    }
  }
  return [...legs.values()];
}

async function listAll(path: string, params: Record<string, string>, signal: AbortSignal): Promise<CatalogueRecord[]> {
  const out: CatalogueRecord[] = [];
  let after = "";
  for (;;) {
    const page = await get<RecordPage>(path + qs({ ...params, limit: 1000, after }), { signal });
    out.push(...page.items);
    if (!page.next_after || out.length >= 50000) return out;
    after = page.next_after;
  }
}

// Legs counted from the Movement events the user may see.
async function legsFromMovements(network: string, mode: string, from: string, to: string, signal: AbortSignal): Promise<Leg[]> {
  const places = new Map<string, string>();
  for (const p of await listAll("/api/v1/entities", { type: "Place" }, signal)) places.set(p.id, firstValue(p, "country"));
  const legs = new Map<string, Leg>();
  for (const ev of await listAll("/api/v1/events", { type: "Movement", network }, signal)) {
    const m = firstValue(ev, "mode");
    const date = firstValue(ev, "date");
    if (mode && m !== mode) continue;
    if (from && date && date < from) continue;
    if (to && date && date.slice(0, to.length) > to) continue;
    const a = places.get(firstValue(ev, "from_place"));
    const b = places.get(firstValue(ev, "to_place"));
    if (!a || !b || a === b) continue;
    const key = a + ">" + b;
    const leg = legs.get(key) ?? { from: a, to: b, volume: 0, movements: 0, modes: new Set<string>() };
    leg.volume += Number(firstValue(ev, "people")) || 1;
    leg.movements += 1;
    if (m) leg.modes.add(m);
    legs.set(key, leg);
  }
  return [...legs.values()];
}

export async function routeMapPage(ctx: PageContext): Promise<void> {
  const q = ctx.query;
  const network = h("input", { name: "network", value: q.get("network") ?? "", placeholder: "all networks" });
  const mode = h("select", { name: "mode" }, ["", "sea", "air", "land"].map((m) => h("option", { value: m, selected: (q.get("mode") ?? "") === m }, m || "all modes")));
  const from = h("input", { name: "from", type: "date", value: q.get("from") ?? "" });
  const to = h("input", { name: "to", type: "date", value: q.get("to") ?? "" });
  const form = h("form", { class: "filters-bar" }, field("Network", network), field("Mode", mode), field("From", from), field("To", to), h("button", { type: "submit", class: "primary" }, "Show"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    navigate("/routes" + qs({ network: network.value.trim(), mode: mode.value, from: from.value, to: to.value }));
  });
  const status = h("div", { "aria-live": "polite" }, loading("routes"));
  const mapBox = h("figure", { class: "map" });
  const below = h("section", { "aria-label": "Flows" });
  ctx.main.append(pageHeader("Route map"), form, status, mapBox, below);

  let legs: Leg[];
  let source = "";
  let details: unknown = null;
  const params = { network: network.value.trim(), mode: mode.value, from: from.value, to: to.value };
  try {
    details = await get<unknown>("/api/v1/analysis/routes" + qs(params), { signal: ctx.signal });
    legs = legsFromRoutes(details);
    source = "route analysis";
  } catch (e) {
    if (!(e instanceof ApiError && e.unavailable)) {
      status.replaceChildren(errorNotice(e, "Routes"));
      return;
    }
    try {
      legs = await legsFromMovements(params.network, params.mode, params.from, params.to, ctx.signal);
      source = "movements you may see (the route analysis API is not available on this server)";
    } catch (e2) {
      status.replaceChildren(errorNotice(e2, "Routes"));
      return;
    }
  }
  if (ctx.signal.aborted) return;

  const topo = world as unknown as Topology<{ countries: GeometryCollection }>;
  const countries = feature(topo, topo.objects.countries) as unknown as FeatureCollection<Geometry, { name: string }>;
  const byCode = new Map<string, (typeof countries.features)[number]>();
  for (const f of countries.features) {
    const c = whereNumeric(String(f.id ?? ""));
    if (c) byCode.set(c.alpha3, f);
  }
  const involved = new Set(legs.flatMap((l) => [l.from, l.to]));
  const width = 960;
  const height = 560;
  const focus = [...involved].map((c) => byCode.get(c)).filter((f): f is NonNullable<typeof f> => Boolean(f));
  const projection = geoMercator();
  const fitTo: FeatureCollection = focus.length > 0 ? { type: "FeatureCollection", features: focus } : { type: "FeatureCollection", features: countries.features.filter((f) => ["AFG", "AUS", "IDN", "MYS", "NZL"].includes(whereNumeric(String(f.id))?.alpha3 ?? "")) };
  projection.fitExtent([[30, 30], [width - 30, height - 30]], fitTo);
  const path = geoPath(projection);
  const centre = new Map<string, [number, number]>();
  for (const code of involved) {
    const f = byCode.get(code);
    const p = f ? projection(geoCentroid(f)) : null;
    if (p) centre.set(code, p as [number, number]);
  }
  const outgoing = new Set(legs.map((l) => l.from));
  const incoming = new Set(legs.map((l) => l.to));
  const role = (c: string) => (outgoing.has(c) && incoming.has(c) ? "transit" : outgoing.has(c) ? "origin" : "destination");
  const maxV = Math.max(1, ...legs.map((l) => l.volume));

  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "map-svg", role: "img", "aria-labelledby": "map-title" });
  svg.append(
    s("title", { id: "map-title" }, `Routes: ${legs.length} legs between ${involved.size} countries`),
    s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "8", refY: "5", markerWidth: "5", markerHeight: "5", orient: "auto-start-reverse" }, s("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow-head" }))),
    s("rect", { x: 0, y: 0, width, height, class: "sea" }),
  );
  const land = s("g", { class: "land" });
  for (const f of countries.features) {
    const d = path(f);
    if (!d) continue;
    const code = whereNumeric(String(f.id ?? ""))?.alpha3 ?? "";
    land.append(s("path", { d, class: involved.has(code) ? `country involved ${role(code)}` : "country" }, s("title", {}, f.properties?.name ?? code)));
  }
  svg.append(land);
  const flows = s("g", { class: "flows" });
  for (const l of [...legs].sort((a, b) => b.volume - a.volume)) {
    const a = centre.get(l.from);
    const b = centre.get(l.to);
    if (!a || !b) continue;
    const mx = (a[0] + b[0]) / 2;
    const my = (a[1] + b[1]) / 2;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const bend = 0.18;
    const cx = mx - dy * bend;
    const cy = my + dx * bend;
    const w = 1 + 9 * Math.sqrt(l.volume / maxV);
    flows.append(
      s(
        "path",
        { d: `M ${a[0]} ${a[1]} Q ${cx} ${cy} ${b[0]} ${b[1]}`, class: `flow mode-${[...l.modes][0] ?? "unknown"}`, "stroke-width": w.toFixed(1), "marker-end": "url(#arrow)" },
        s("title", {}, `${countryName(l.from)} → ${countryName(l.to)}: ${formatNumber(l.volume)} people, ${formatNumber(l.movements)} journeys (${[...l.modes].join(", ") || "mode not recorded"})`),
      ),
    );
  }
  svg.append(flows);
  const dots = s("g", { class: "dots" });
  for (const [code, p] of centre) {
    dots.append(s("circle", { cx: p[0], cy: p[1], r: 4.5, class: `dot ${role(code)}` }, s("title", {}, `${countryName(code)}: ${role(code)}`)));
    dots.append(s("text", { x: p[0] + 6, y: p[1] - 6, class: "dot-label" }, code));
  }
  svg.append(dots);
  mapBox.replaceChildren(
    svg,
    h(
      "figcaption",
      { class: "small" },
      h("span", { class: "key origin" }, "origin"),
      h("span", { class: "key transit" }, "transit"),
      h("span", { class: "key destination" }, "destination"),
      ` · width by people moved · from ${source} · country shapes: Natural Earth`,
    ),
  );
  status.replaceChildren(legs.length === 0 ? notice("info", "No movements you may see match these filters.") : "");
  below.replaceChildren(
    legs.length > 0
      ? table(
          ["From", "To", "People", "Journeys", "Modes"],
          [...legs].sort((a, b) => b.volume - a.volume).map((l) => [countryName(l.from), countryName(l.to), formatNumber(l.volume), formatNumber(l.movements), [...l.modes].join(", ")]),
          "Flows on the map",
        )
      : "",
    details && source === "route analysis" ? h("details", null, h("summary", null, "Routes in detail"), jsonView(details)) : "",
  );
}
