// The graph the network explorer draws, as the server's graph API answers it
// (GET /api/v1/graph, /api/v1/graph/ego/{id}), read tolerantly: node and
// link fields the answer lacks stay empty. When the server has no graph API,
// the same picture is built from the catalogue's own lists (entities and
// links of one network the user may see), with degree as the only measure.
import { ApiError, CatalogueRecord, RecordPage, displayName, firstValue, get, qs } from "./api";

export interface GNode {
  id: string;
  label: string;
  type: string;
  country: string;
  network: string;
  community: string;
  role: string;
  measure: number;
}
export interface GLink {
  id: string;
  source: string;
  target: string;
  type: string;
}
export interface GraphData {
  nodes: GNode[];
  links: GLink[];
  source: "analysis" | "catalogue";
  truncated: boolean;
}

function str(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.length > 0 ? String(v[0]) : "";
  return String(v);
}

function num(v: unknown): number {
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

export function parseGraph(answer: Record<string, unknown>, measure: string): GraphData {
  const rawNodes = (answer.nodes ?? []) as Record<string, unknown>[];
  const rawLinks = (answer.links ?? answer.edges ?? []) as Record<string, unknown>[];
  const nodes = rawNodes.map((n) => {
    const measures = (n.measures ?? {}) as Record<string, unknown>;
    return {
      id: str(n.id),
      label: str(n.label ?? n.name ?? n.id),
      type: str(n.type),
      country: str(n.country ?? n.nationality),
      network: str(n.network ?? n.networks),
      community: str(n.community),
      role: str(n.role ?? n.broker_role ?? n.brokerage),
      measure: num(n[measure] ?? measures[measure] ?? n.centrality ?? n.score ?? n.value),
    };
  });
  const links = rawLinks.map((l, i) => ({
    id: str(l.id) || `l${i}`,
    source: str(l.source),
    target: str(l.target),
    type: str(l.type),
  }));
  return { nodes, links, source: "analysis", truncated: Boolean(answer.truncated) };
}

const kActorTypes = new Set(["Person", "Organisation"]);

// Without the server's community detection, "community" is the connected
// group an actor belongs to (largest first), computed on the graph shown;
// actors without links stay unlabelled.
function labelGroups(nodes: GNode[], links: GLink[]): void {
  const parent = new Map<string, string>(nodes.map((n) => [n.id, n.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const l of links) {
    if (parent.has(l.source) && parent.has(l.target)) parent.set(find(l.source), find(l.target));
  }
  const members = new Map<string, GNode[]>();
  for (const n of nodes) {
    const root = find(n.id);
    if (!members.has(root)) members.set(root, []);
    members.get(root)!.push(n);
  }
  [...members.values()]
    .filter((g) => g.length > 1)
    .sort((a, b) => b.length - a.length)
    .forEach((g, i) => {
      for (const n of g) n.community = `group ${i + 1}`;
    });
}

// Reads every page of a catalogue list.
async function listAll(path: string, params: Record<string, string>, cap: number, signal: AbortSignal): Promise<[CatalogueRecord[], boolean]> {
  const out: CatalogueRecord[] = [];
  let after = "";
  for (;;) {
    const page = await get<RecordPage>(path + qs({ ...params, limit: 1000, after }), { signal });
    out.push(...page.items);
    if (!page.next_after) return [out, false];
    if (out.length >= cap) return [out, true];
    after = page.next_after;
  }
}

// The network's actors and the links between them, from the catalogue lists.
export async function graphFromCatalogue(network: string, signal: AbortSignal): Promise<GraphData> {
  if (!network) throw new ApiError(400, "invalid_argument", "choose a network: without the server's graph API the explorer draws one network at a time", "network");
  const [entities, moreEntities] = await listAll("/api/v1/entities", { network }, 20000, signal);
  const [links, moreLinks] = await listAll("/api/v1/links", { network }, 50000, signal);
  const byId = new Map<string, GNode>();
  for (const e of entities) {
    byId.set(e.id, {
      id: e.id,
      label: displayName(e),
      type: e.type,
      country: firstValue(e, "nationality") || firstValue(e, "country"),
      network,
      community: "",
      role: firstValue(e, "role"),
      measure: 0,
    });
  }
  const glinks: GLink[] = [];
  for (const l of links) {
    const s = byId.get(l.source!);
    const t = byId.get(l.target!);
    if (!s || !t) continue;
    if (!kActorTypes.has(s.type) && !kActorTypes.has(t.type)) continue;
    glinks.push({ id: l.id, source: l.source!, target: l.target!, type: l.type });
    s.measure += 1;
    t.measure += 1;
  }
  const nodes = [...byId.values()].filter((n) => n.measure > 0 || kActorTypes.has(n.type));
  labelGroups(nodes, glinks);
  return { nodes, links: glinks, source: "catalogue", truncated: moreEntities || moreLinks };
}
