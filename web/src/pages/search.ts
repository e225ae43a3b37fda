// Search: names, aliases, identifiers and notes in any script (the server
// folds and transliterates, so สมชาย also finds Somchai), with filters by
// record type (asked of the server) and by originating member and grading
// (applied to the hits shown). The query lives in the address, so a search
// can be bookmarked and the back button works.
import { CatalogueRecord, firstValue, get, qs, valueOf } from "../api";
import { errorNotice, entityLink, gradingChip, handlingChip, pageHeader } from "../common";
import { h, field, loading, notice, uid } from "../dom";
import { PageContext, navigate } from "../router";

export const kEntityTypes = [
  "Person",
  "Organisation",
  "Vessel",
  "Vehicle",
  "Phone",
  "OnlineAccount",
  "BankAccount",
  "IdentityDocument",
  "Place",
  "Case",
  "Network",
];

interface Hit {
  score: number;
  record: CatalogueRecord;
}

export async function searchPage(ctx: PageContext): Promise<void> {
  const q = ctx.query.get("q") ?? "";
  const types = (ctx.query.get("type") ?? "").split(",").filter(Boolean);
  const originator = ctx.query.get("originator") ?? "";
  const limit = ctx.query.get("limit") ?? "50";

  const input = h("input", { type: "search", name: "q", value: q, required: true, autocomplete: "off" });
  const boxes = kEntityTypes.map((t) => {
    const id = uid("type");
    return h(
      "label",
      { class: "check", for: id },
      h("input", { type: "checkbox", id, name: "type", value: t, checked: types.includes(t) }),
      " " + t,
    );
  });
  const orig = h("input", { name: "originator", value: originator, maxlength: "12", size: "6", placeholder: "e.g. AUS" });
  const lim = h(
    "select",
    { name: "limit" },
    ["20", "50", "100", "200"].map((n) => h("option", { value: n, selected: n === limit }, n)),
  );
  const form = h(
    "form",
    { class: "search-form", role: "search" },
    h("div", { class: "search-row" }, field("Search names, aliases, numbers in any script", input), h("button", { type: "submit", class: "primary" }, "Search")),
    h(
      "details",
      { class: "filters", open: types.length > 0 || originator !== "" },
      h("summary", null, "Filters"),
      h("fieldset", null, h("legend", null, "Record types"), h("div", { class: "checks" }, boxes)),
      h("div", { class: "row" }, field("Originating member", orig), field("Most hits", lim)),
    ),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const picked = boxes.map((b) => b.querySelector("input")!).filter((i) => i.checked).map((i) => i.value);
    navigate("/search" + qs({ q: input.value.trim(), type: picked.join(","), originator: orig.value.trim().toUpperCase(), limit: lim.value }));
  });
  const results = h("section", { class: "results", "aria-label": "Search results", "aria-live": "polite" });
  ctx.main.append(pageHeader("Search"), form, results);
  if (!q.trim()) {
    input.focus();
    return;
  }
  results.append(loading("results"));
  try {
    const data = await get<{ hits: Hit[] }>("/api/v1/search" + qs({ q, type: types.join(","), limit }), { signal: ctx.signal });
    const hits = data.hits.filter((x) => !originator || x.record.provenance.originator === originator);
    if (hits.length === 0) {
      results.replaceChildren(notice("info", `Nothing you may see matches “${q}”.`));
      return;
    }
    results.replaceChildren(
      h("p", { class: "muted" }, `${hits.length} result${hits.length === 1 ? "" : "s"} for “${q}”`),
      h(
        "ol",
        { class: "hit-list" },
        hits.map((x) => {
          const r = x.record;
          const names = (r.properties.name ?? []).slice(1).concat(r.properties.alias ?? []).map(valueOf).slice(0, 4);
          return h(
            "li",
            { class: "hit" },
            h("div", { class: "hit-main" }, entityLink(r), h("span", { class: "type" }, r.type), handlingChip(r.handling)),
            h(
              "div",
              { class: "hit-meta small" },
              `${r.id} · recorded by ${r.provenance.originator} (${r.provenance.agency}) · `,
              gradingChip(r.provenance),
              names.length > 0 ? ` · also: ${names.join(", ")}` : "",
              firstValue(r, "nationality") ? ` · ${firstValue(r, "nationality")}` : "",
              firstValue(r, "birth_date") ? ` · born ${firstValue(r, "birth_date")}` : "",
            ),
          );
        }),
      ),
    );
  } catch (e) {
    results.replaceChildren(errorNotice(e, "Search"));
  }
}
