// The catalogue of networks: each network the user may see with its status,
// summary, countries and modus operandi; a network's page adds its members,
// and the analysis profile (routes, modus operandi against the regional
// baseline, hierarchy, key actors) when the server offers it.
import { CatalogueRecord, RecordDetail, RecordPage, displayName, firstValue, get, qs, valueOf } from "../api";
import { entityLink, errorNotice, gradingChip, handlingChip, jsonView, pageHeader } from "../common";
import { h, link, loading, notice, table } from "../dom";
import { PageContext } from "../router";

function networkCard(r: CatalogueRecord): HTMLElement {
  const status = firstValue(r, "network_status");
  const countries = (r.properties.countries ?? []).map(valueOf);
  const mo = (r.properties.modus_operandi ?? []).map(valueOf);
  return h(
    "li",
    { class: "card network-card" },
    h(
      "h2",
      null,
      link("/networks/" + encodeURIComponent(r.id), displayName(r)),
      status ? h("span", { class: `status status-${status}` }, status) : null,
    ),
    h("div", { class: "small" }, `${r.id} · ${r.provenance.originator} `, gradingChip(r.provenance), " ", handlingChip(r.handling)),
    firstValue(r, "summary") ? h("p", null, firstValue(r, "summary")) : null,
    countries.length > 0 ? h("p", { class: "small" }, h("strong", null, "Countries: "), countries.join(" → ")) : null,
    mo.length > 0 ? h("ul", { class: "tags", "aria-label": "Modus operandi" }, mo.map((t) => h("li", { class: "tag" }, t.replace(/_/g, " ")))) : null,
  );
}

export async function networksPage(ctx: PageContext): Promise<void> {
  const list = h("ul", { class: "network-list" });
  const more = h("button", { type: "button" }, "Show more");
  const status = h("div", { "aria-live": "polite" });
  ctx.main.append(pageHeader("Networks"), status, list);
  let after = "";
  const load = async () => {
    status.replaceChildren(loading("networks"));
    try {
      const page = await get<RecordPage>("/api/v1/networks" + qs({ limit: 50, after }), { signal: ctx.signal });
      status.replaceChildren();
      for (const r of page.items) list.append(networkCard(r));
      if (list.children.length === 0) status.replaceChildren(notice("info", "No network you may see is catalogued."));
      after = page.next_after ?? "";
      if (after) list.after(more);
      else more.remove();
    } catch (e) {
      status.replaceChildren(errorNotice(e, "The network catalogue"));
    }
  };
  more.addEventListener("click", () => void load());
  await load();
}

export async function networkPage(ctx: PageContext): Promise<void> {
  const id = ctx.params[0];
  ctx.main.append(loading("the network"));
  let detail: RecordDetail;
  try {
    detail = await get<RecordDetail>("/api/v1/networks/" + encodeURIComponent(id), { signal: ctx.signal });
  } catch (e) {
    ctx.main.replaceChildren(pageHeader("Network"), errorNotice(e, "This network"));
    return;
  }
  const r = detail.record;
  const members = detail.links.filter((l) => l.kind === "link" && l.target === r.id);
  const profile = h("section", { class: "card", "aria-labelledby": "profile-h" }, h("h2", { id: "profile-h" }, "Analysis profile"), loading("the profile"));
  ctx.main.replaceChildren(
    pageHeader(displayName(r), handlingChip(r.handling)),
    h(
      "p",
      { class: "actions" },
      link("/explore" + qs({ network: r.id }), "Explore the graph"),
      " · ",
      link("/routes" + qs({ network: r.id }), "Route map"),
      " · ",
      link("/entities/" + encodeURIComponent(r.id), "Record"),
    ),
    h("ul", { class: "network-list" }, networkCard(r)),
    h(
      "section",
      { class: "card", "aria-labelledby": "members-h" },
      h("h2", { id: "members-h" }, `Members you may see (${members.length})`),
      members.length === 0
        ? h("p", { class: "muted" }, "No member links you may see.")
        : table(
            ["Member", "Role", "Since", "Recorded by"],
            members.map((m) => [entityLink(m.source!), firstValue(m, "role"), m.valid_from ?? "", h("span", null, m.provenance.originator + " ", gradingChip(m.provenance))]),
          ),
    ),
    profile,
  );
  try {
    const p = await get<Record<string, unknown>>("/api/v1/networks/" + encodeURIComponent(id) + "/profile", { signal: ctx.signal });
    profile.replaceChildren(h("h2", { id: "profile-h" }, "Analysis profile"), jsonView(p));
  } catch (e) {
    profile.replaceChildren(h("h2", { id: "profile-h" }, "Analysis profile"), errorNotice(e, "The network profile (routes, modus operandi, hierarchy, key actors)"));
  }
}
