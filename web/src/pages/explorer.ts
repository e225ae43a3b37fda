// Network explorer: the graph of actors and links the user may see, drawn
// with WebGL (sigma.js) so that a 5,000-node network is interactive at once;
// the layout starts grouped by community (or country) and then settles with
// ForceAtlas2 a few iterations per frame while the user already works.
// Filters (network, type, country, time), size by a chosen centrality, colour
// by community, country, role or type; expand an actor's neighbours; find a
// path; select actors and run the disruption what-if, whose result is shown
// on the graph (removed actors dark, actors cut off from the largest
// component orange) beside the server's figures.
import Graph from "graphology";
import Sigma from "sigma";
import forceAtlas2 from "graphology-layout-forceatlas2";
import { ApiError, RecordPage, displayName, get, post, qs } from "../api";
import { errorNotice, jsonView, pageHeader } from "../common";
import { formatNumber, h, field, link, loading, notice, uid } from "../dom";
import { GNode, GraphData, graphFromCatalogue, parseGraph } from "../graph_data";
import { Cleanup, PageContext, navigate } from "../router";
import { kEntityTypes } from "./search";

const kPalette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#ff7f0e", "#393b79", "#637939"];
const kMeasures = ["degree", "betweenness", "eigenvector", "pagerank", "closeness", "kcore"];
const kColourBy = ["community", "country", "role", "type"] as const;
type ColourBy = (typeof kColourBy)[number];

interface State {
  data: GraphData;
  graph: Graph;
  sigma: Sigma | null;
  colourBy: ColourBy;
  selected: Set<string>;
  focus: string | null;
  path: Set<string>;
  pathEnds: [string | null, string | null];
  removed: Set<string>;
  cutOff: Set<string>;
  legend: Map<string, string>;
}

function categoryOf(n: GNode, by: ColourBy): string {
  const v = by === "community" ? n.community : by === "country" ? n.country : by === "role" ? n.role : n.type;
  return v || "unknown";
}

function colours(nodes: GNode[], by: ColourBy): Map<string, string> {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(categoryOf(n, by), (counts.get(categoryOf(n, by)) ?? 0) + 1);
  const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const m = new Map<string, string>();
  ordered.forEach(([k], i) => m.set(k, k === "unknown" ? "#a0a0a0" : i < kPalette.length ? kPalette[i] : "#a0a0a0"));
  return m;
}

// Initial positions: each group (community or country) on its own circle,
// the groups on a spiral, so the first frame already shows the structure.
function seedLayout(graph: Graph, nodes: GNode[], by: ColourBy): void {
  const groups = new Map<string, GNode[]>();
  for (const n of nodes) {
    const k = categoryOf(n, by === "type" || by === "role" ? "community" : by);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(n);
  }
  let gi = 0;
  for (const members of [...groups.values()].sort((a, b) => b.length - a.length)) {
    const angle = gi * 2.39996;
    const radius = 40 * Math.sqrt(gi);
    const cx = radius * Math.cos(angle);
    const cy = radius * Math.sin(angle);
    const r = 2 + Math.sqrt(members.length) * 1.5;
    members.forEach((n, i) => {
      const a = (2 * Math.PI * i) / members.length;
      graph.mergeNodeAttributes(n.id, { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a) });
    });
    gi += 1;
  }
}

function buildGraph(data: GraphData): Graph {
  const g = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  const max = Math.max(1e-12, ...data.nodes.map((n) => n.measure));
  for (const n of data.nodes) {
    if (g.hasNode(n.id)) continue;
    g.addNode(n.id, { label: n.label, size: 2.5 + 11 * Math.sqrt(Math.max(0, n.measure) / max), x: 0, y: 0, color: "#888" });
  }
  for (const l of data.links) {
    if (l.source === l.target || !g.hasNode(l.source) || !g.hasNode(l.target) || g.hasEdge(l.source, l.target)) continue;
    g.addEdge(l.source, l.target, { size: 0.6, color: "#c9cdd3", type: "line", ltype: l.type });
  }
  return g;
}

// Nodes outside the largest connected component once `removed` are gone.
function cutOffAfter(graph: Graph, removed: Set<string>): Set<string> {
  const comp = new Map<string, number>();
  const sizes: number[] = [];
  graph.forEachNode((start) => {
    if (removed.has(start) || comp.has(start)) return;
    const c = sizes.length;
    let size = 0;
    const stack = [start];
    comp.set(start, c);
    while (stack.length > 0) {
      const v = stack.pop()!;
      size += 1;
      graph.forEachNeighbor(v, (w) => {
        if (!removed.has(w) && !comp.has(w)) {
          comp.set(w, c);
          stack.push(w);
        }
      });
    }
    sizes.push(size);
  });
  let largest = 0;
  sizes.forEach((s, i) => {
    if (s > sizes[largest]) largest = i;
  });
  const out = new Set<string>();
  for (const [v, c] of comp) if (c !== largest) out.add(v);
  return out;
}

// Shortest path on the graph shown (breadth-first), when the server has no path API.
function bfsPath(graph: Graph, from: string, to: string): string[] {
  const prev = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift()!;
    if (v === to) break;
    graph.forEachNeighbor(v, (w) => {
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    });
  }
  if (!prev.has(to)) return [];
  const path = [to];
  while (path[path.length - 1] !== from) path.push(prev.get(path[path.length - 1])!);
  return path.reverse();
}

// The node ids of the first path in a path answer.
function pathFromAnswer(answer: unknown): string[] {
  const a = answer as Record<string, unknown>;
  const first = Array.isArray(a.paths) && a.paths.length > 0 ? (a.paths[0] as unknown) : (a.path ?? a);
  const nodes = Array.isArray(first) ? first : ((first as Record<string, unknown>).nodes as unknown[]) ?? [];
  return nodes.map((n) => (typeof n === "object" && n !== null ? String((n as Record<string, unknown>).id) : String(n)));
}

export async function explorerPage(ctx: PageContext): Promise<Cleanup | void> {
  const q = ctx.query;
  const networkList = h("datalist", { id: uid("networks") });
  const network = h("input", { name: "network", value: q.get("network") ?? "", placeholder: "network id, or empty for all", list: networkList.id });
  void get<RecordPage>("/api/v1/networks?limit=500", { signal: ctx.signal })
    .then((page) => networkList.replaceChildren(...page.items.map((n) => h("option", { value: n.id }, displayName(n)))))
    .catch(() => {});
  const typeSel = h("select", { name: "types" }, h("option", { value: "" }, "Actors (people and organisations)"), kEntityTypes.map((t) => h("option", { value: t, selected: q.get("types") === t }, t)));
  const country = h("input", { name: "countries", value: q.get("countries") ?? "", size: "8", placeholder: "e.g. IDN,MYS" });
  const from = h("input", { name: "from", type: "date", value: q.get("from") ?? "" });
  const to = h("input", { name: "to", type: "date", value: q.get("to") ?? "" });
  const measure = h("select", { name: "measure" }, kMeasures.map((m) => h("option", { value: m, selected: (q.get("measure") ?? "degree") === m }, m)));
  const colourBy = h("select", { name: "colour" }, kColourBy.map((c) => h("option", { value: c, selected: (q.get("colour") ?? "community") === c }, c)));
  const form = h(
    "form",
    { class: "filters-bar" },
    field("Network", network),
    networkList,
    field("Type", typeSel),
    field("Countries", country),
    field("From", from),
    field("To", to),
    field("Size by", measure),
    field("Colour by", colourBy),
    h("button", { type: "submit", class: "primary" }, "Show"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    navigate(
      "/explore" +
        qs({ network: network.value.trim(), types: typeSel.value, countries: country.value.trim().toUpperCase(), from: from.value, to: to.value, measure: measure.value, colour: colourBy.value }),
    );
  });
  const canvas = h("div", { class: "graph-canvas", role: "img", "aria-label": "Network graph; use the actor list beside it to move by keyboard" });
  const side = h("aside", { class: "graph-side", "aria-label": "Selection and what-if" });
  const status = h("div", { class: "graph-status", "aria-live": "polite" });
  const legend = h("ul", { class: "legend", "aria-label": "Colours" });
  ctx.main.append(pageHeader("Network explorer"), form, status, h("div", { class: "graph-layout" }, h("div", { class: "graph-wrap" }, canvas, legend), side));
  status.append(loading("the graph"));

  const t0 = performance.now();
  let data: GraphData;
  const params = { network: network.value.trim(), types: typeSel.value, countries: country.value.trim().toUpperCase(), from: from.value, to: to.value, measure: measure.value, limit: 20000 };
  try {
    data = parseGraph(await get<Record<string, unknown>>("/api/v1/graph" + qs(params), { signal: ctx.signal }), measure.value);
  } catch (e) {
    if (!(e instanceof ApiError && e.unavailable)) {
      status.replaceChildren(errorNotice(e, "The graph"));
      return;
    }
    try {
      data = await graphFromCatalogue(params.network, ctx.signal);
    } catch (e2) {
      status.replaceChildren(notice("unavailable", "The graph analysis API: not available on this server."), errorNotice(e2, "The graph"));
      return;
    }
  }
  if (ctx.signal.aborted) return;
  const tData = performance.now();
  if (data.nodes.length === 0) {
    status.replaceChildren(notice("info", "No actors you may see match these filters."));
    return;
  }
  const graph = buildGraph(data);
  const state: State = {
    data,
    graph,
    sigma: null,
    colourBy: colourBy.value as ColourBy,
    selected: new Set(),
    focus: null,
    path: new Set(),
    pathEnds: [null, null],
    removed: new Set(),
    cutOff: new Set(),
    legend: new Map(),
  };
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const recolour = () => {
    state.legend = colours(state.data.nodes, state.colourBy);
    for (const n of state.data.nodes) if (graph.hasNode(n.id)) graph.setNodeAttribute(n.id, "color", state.legend.get(categoryOf(n, state.colourBy)));
    legend.replaceChildren(
      ...[...state.legend.entries()].slice(0, 12).map(([k, c]) => h("li", null, h("span", { class: `swatch sw-${kPalette.indexOf(c)}` }), k)),
    );
  };
  seedLayout(graph, data.nodes, state.colourBy);
  recolour();

  const sigma = new Sigma(graph, canvas, {
    renderEdgeLabels: false,
    labelRenderedSizeThreshold: 9,
    defaultEdgeType: "line",
    zIndex: true,
    nodeReducer: (node, attrs) => {
      const out: Record<string, unknown> = { ...attrs };
      if (state.removed.has(node)) {
        out.color = "#111";
        out.label = "✕ " + attrs.label;
        out.zIndex = 2;
      } else if (state.cutOff.has(node)) {
        out.color = "#f28e2b";
      }
      if (state.path.size > 0 && !state.path.has(node)) out.color = "#dde1e6";
      if (state.path.has(node)) out.zIndex = 3;
      if (state.selected.has(node) || node === state.focus) {
        out.highlighted = true;
        out.zIndex = 4;
      }
      return out;
    },
    edgeReducer: (edge, attrs) => {
      const [s, t] = graph.extremities(edge);
      if (state.removed.has(s) || state.removed.has(t)) return { ...attrs, hidden: true };
      if (state.path.size > 0) return state.path.has(s) && state.path.has(t) ? { ...attrs, color: "#d62728", size: 2.5, zIndex: 2 } : { ...attrs, color: "#eef0f3" };
      return attrs;
    },
  });
  state.sigma = sigma;
  sigma.refresh();
  const firstFrame = performance.now() - t0;
  canvas.dataset.dataMs = (tData - t0).toFixed(0);
  canvas.dataset.renderMs = (performance.now() - tData).toFixed(0);
  const done = () => {
    status.replaceChildren(
      h(
        "p",
        { class: "small muted" },
        `${formatNumber(graph.order)} actors, ${formatNumber(graph.size)} links you may see · drawn in ${formatNumber(firstFrame / 1000, 2)} s (${formatNumber(Number(canvas.dataset.renderMs) / 1000, 2)} s of it in the browser)`,
        data.source === "catalogue" ? " · built from the catalogue lists (the graph analysis API is not available on this server; size is the number of links)" : "",
        data.truncated ? " · the graph was cut at the server's limit: narrow the filters" : "",
      ),
    );
  };
  done();
  canvas.dataset.ready = "true";

  // How long a redraw takes (what panning and zooming cost): the median of five.
  const redraws: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r0 = performance.now();
    sigma.refresh();
    redraws.push(performance.now() - r0);
  }
  redraws.sort((a, b) => a - b);
  canvas.dataset.frameMs = redraws[2].toFixed(1);

  // Settle the layout a little each frame while it stays cheap enough for the
  // graph to remain fluid; on large graphs (or a slow machine) the user asks
  // for it with "Settle layout", a few iterations per frame, stoppable.
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 300 };
  let raf = 0;
  let settling = false;
  const settleButton = h("button", { type: "button" }, "Settle layout");
  const settle = (frames: number, budgetMs: number) => {
    if (frames <= 0) {
      canvas.dataset.settled = "true";
      return;
    }
    settling = true;
    settleButton.textContent = "Stop settling";
    let left = frames;
    const step = () => {
      const s0 = performance.now();
      forceAtlas2.assign(graph, { iterations: 1, settings });
      left -= 1;
      const cost = performance.now() - s0;
      if (left > 0 && settling && !ctx.signal.aborted && cost <= budgetMs) {
        raf = requestAnimationFrame(step);
      } else {
        settling = false;
        settleButton.textContent = "Settle layout";
        canvas.dataset.settled = "true";
      }
    };
    raf = requestAnimationFrame(step);
  };
  settleButton.addEventListener("click", () => {
    if (settling) {
      settling = false;
      cancelAnimationFrame(raf);
      settleButton.textContent = "Settle layout";
    } else {
      settle(150, Infinity);
    }
  });
  // Automatically only while one iteration costs less than a frame's budget.
  settle(graph.order > 2000 ? 0 : 200, 40);
  legend.after(h("div", { class: "button-row" }, settleButton));

  // --- side panel ---
  const actorList = h("datalist", { id: uid("actors") }, data.nodes.slice(0, 5000).map((n) => h("option", { value: n.id }, n.label)));
  const find = h("input", { list: actorList.id, placeholder: "name or id" });
  const info = h("div", { class: "node-info", "aria-live": "polite" });
  const selList = h("ul", { class: "selection" });
  const whatIfOut = h("div", { class: "whatif-result", "aria-live": "polite" });
  const pathOut = h("div", { "aria-live": "polite" });
  const runWhatIf = h("button", { type: "button", class: "primary", disabled: true }, "Run what-if");
  const clearSel = h("button", { type: "button" }, "Clear");

  const refresh = () => sigma.refresh();
  const drawSelection = () => {
    selList.replaceChildren(
      ...[...state.selected].map((id) =>
        h("li", null, byId.get(id)?.label ?? id, " ", h("button", { type: "button", class: "link-button", "aria-label": `Remove ${byId.get(id)?.label ?? id} from the selection`, onclick: () => toggle(id) }, "remove")),
      ),
    );
    runWhatIf.disabled = state.selected.size === 0;
  };
  const toggle = (id: string) => {
    if (state.selected.has(id)) state.selected.delete(id);
    else state.selected.add(id);
    drawSelection();
    if (state.focus === id) drawInfo(id);
    refresh();
  };
  const focusNode = (id: string) => {
    if (!graph.hasNode(id)) return;
    state.focus = id;
    const pos = sigma.getNodeDisplayData(id);
    if (pos) void sigma.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.4 }, { duration: 300 });
    drawInfo(id);
    refresh();
  };
  const drawInfo = (id: string) => {
    const n = byId.get(id);
    info.replaceChildren(
      h("h3", null, n?.label ?? id),
      h(
        "dl",
        { class: "kv" },
        h("dt", null, "Type"),
        h("dd", null, n?.type || "—"),
        h("dt", null, "Country"),
        h("dd", null, n?.country || "—"),
        h("dt", null, "Community"),
        h("dd", null, n?.community || "—"),
        h("dt", null, "Role"),
        h("dd", null, n?.role || "—"),
        h("dt", null, measure.value),
        h("dd", null, formatNumber(n?.measure ?? 0, 4)),
        h("dt", null, "Links shown"),
        h("dd", null, String(graph.degree(id))),
      ),
      h(
        "div",
        { class: "button-row" },
        link("/entities/" + encodeURIComponent(id), "Profile"),
        h("button", { type: "button", onclick: () => toggle(id) }, state.selected.has(id) ? "Deselect" : "Select for what-if"),
        h("button", { type: "button", onclick: () => void expand(id) }, "Expand neighbours"),
        h("button", { type: "button", onclick: () => setEnd(0, id) }, "Path from here"),
        h("button", { type: "button", onclick: () => setEnd(1, id) }, "Path to here"),
      ),
    );
  };
  const addData = (more: GraphData) => {
    let added = 0;
    for (const n of more.nodes) {
      if (graph.hasNode(n.id)) continue;
      const anchor = more.links.find((l) => (l.source === n.id && graph.hasNode(l.target)) || (l.target === n.id && graph.hasNode(l.source)));
      const other = anchor ? (anchor.source === n.id ? anchor.target : anchor.source) : null;
      const base = other ? graph.getNodeAttributes(other) : { x: 0, y: 0 };
      graph.addNode(n.id, { label: n.label, size: 3, x: base.x + (Math.random() - 0.5) * 8, y: base.y + (Math.random() - 0.5) * 8, color: "#888" });
      state.data.nodes.push(n);
      byId.set(n.id, n);
      added += 1;
    }
    for (const l of more.links) {
      if (l.source !== l.target && graph.hasNode(l.source) && graph.hasNode(l.target) && !graph.hasEdge(l.source, l.target)) {
        graph.addEdge(l.source, l.target, { size: 0.6, color: "#c9cdd3", ltype: l.type });
      }
    }
    recolour();
    return added;
  };
  const expand = async (id: string) => {
    info.append(loading("neighbours"));
    try {
      const more = parseGraph(await get<Record<string, unknown>>("/api/v1/graph/ego/" + encodeURIComponent(id) + qs({ depth: 1 }), { signal: ctx.signal }), measure.value);
      const added = addData(more);
      info.lastElementChild?.replaceWith(notice("ok", `${added} neighbour${added === 1 ? "" : "s"} added.`));
    } catch (e) {
      info.lastElementChild?.replaceWith(errorNotice(e, "Expanding neighbours"));
    }
  };
  const setEnd = (i: 0 | 1, id: string) => {
    state.pathEnds[i] = id;
    const [a, b] = state.pathEnds;
    pathOut.replaceChildren(h("p", { class: "small" }, `Path from ${a ? byId.get(a)?.label ?? a : "…"} to ${b ? byId.get(b)?.label ?? b : "…"}`));
    if (a && b) void findPath(a, b);
  };
  const findPath = async (a: string, b: string) => {
    let nodes: string[] = [];
    let note = "";
    try {
      nodes = pathFromAnswer(await get<unknown>("/api/v1/graph/path" + qs({ from: a, to: b, k: 1, network: network.value.trim() }), { signal: ctx.signal }));
    } catch (e) {
      if (!(e instanceof ApiError && e.unavailable)) {
        pathOut.append(errorNotice(e, "Path"));
        return;
      }
      nodes = bfsPath(graph, a, b);
      note = " (computed in the browser on the graph shown: the path API is not available on this server)";
    }
    state.path = new Set(nodes);
    refresh();
    pathOut.append(
      nodes.length === 0
        ? notice("info", "No path between them through actors you may see.")
        : h("p", null, `${nodes.length - 1} step${nodes.length === 2 ? "" : "s"}: `, nodes.map((n) => byId.get(n)?.label ?? n).join(" → "), h("span", { class: "small muted" }, note)),
      h("button", { type: "button", onclick: () => { state.path.clear(); state.pathEnds = [null, null]; pathOut.replaceChildren(); refresh(); } }, "Clear path"),
    );
  };
  runWhatIf.addEventListener("click", async () => {
    whatIfOut.replaceChildren(loading("the what-if"));
    const remove = [...state.selected];
    try {
      const answer = await post<Record<string, unknown>>("/api/v1/what-if", { remove, network: network.value.trim() || undefined }, { signal: ctx.signal });
      state.removed = new Set(remove);
      state.cutOff = cutOffAfter(graph, state.removed);
      refresh();
      whatIfOut.replaceChildren(
        h("h3", null, `What if ${remove.length} actor${remove.length === 1 ? " is" : "s are"} removed`),
        h("p", { class: "small" }, `On the graph: removed actors dark (✕), ${formatNumber(state.cutOff.size)} actors cut off from the largest remaining group in orange.`),
        jsonView(answer),
        h("button", { type: "button", onclick: () => { state.removed.clear(); state.cutOff.clear(); whatIfOut.replaceChildren(); refresh(); } }, "Undo on the graph"),
      );
    } catch (e) {
      whatIfOut.replaceChildren(errorNotice(e, "The disruption what-if"));
    }
  });
  clearSel.addEventListener("click", () => {
    state.selected.clear();
    drawSelection();
    refresh();
  });
  find.addEventListener("change", () => {
    const v = find.value.trim();
    const id = graph.hasNode(v) ? v : data.nodes.find((n) => n.label.toLowerCase() === v.toLowerCase())?.id;
    // A change also fires when the field loses focus: do not redraw what is shown.
    if (id && id !== state.focus) focusNode(id);
  });
  colourBy.addEventListener("change", () => {
    state.colourBy = colourBy.value as ColourBy;
    recolour();
    refresh();
  });
  sigma.on("clickNode", ({ node, event }) => {
    if (event.original.shiftKey) toggle(node);
    else focusNode(node);
  });
  side.append(
    field("Find an actor", find),
    actorList,
    info,
    h("h2", null, "Disruption what-if"),
    h("p", { class: "small muted" }, "Select actors (shift-click on the graph, or “Select for what-if”), then run."),
    selList,
    h("div", { class: "button-row" }, runWhatIf, clearSel),
    whatIfOut,
    h("h2", null, "Path"),
    pathOut,
  );
  drawSelection();

  return () => {
    cancelAnimationFrame(raf);
    sigma.kill();
  };
}
