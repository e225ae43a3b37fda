// The entity-resolution review queue: pairs of records that may be the same
// person, in the uncertain band, shown only when the user may see both, with
// why (which fields agreed and with what weight). The analyst decides "same"
// or "not same"; decisions are audited and respected by later runs.
import { get, post } from "../api";
import { entityLink, errorNotice, jsonView, pageHeader } from "../common";
import { formatNumber, h, loading, notice } from "../dom";
import { PageContext } from "../router";
import { itemsOf } from "./dashboard";

function pairIds(item: Record<string, unknown>): [string, string] {
  const pick = (v: unknown): string => (v && typeof v === "object" ? String((v as Record<string, unknown>).id ?? "") : String(v ?? ""));
  if (Array.isArray(item.records) && item.records.length >= 2) return [pick(item.records[0]), pick(item.records[1])];
  return [pick(item.a ?? item.left ?? item.first), pick(item.b ?? item.right ?? item.second)];
}

export async function reviewPage(ctx: PageContext): Promise<void> {
  const status = h("div", { "aria-live": "polite" }, loading("the review queue"));
  const list = h("ol", { class: "review-list" });
  ctx.main.append(pageHeader("Resolution review"), status, list);
  let answer: unknown;
  try {
    answer = await get<unknown>("/api/v1/resolution/review", { signal: ctx.signal });
  } catch (e) {
    status.replaceChildren(errorNotice(e, "The resolution review queue"));
    return;
  }
  const items = itemsOf(answer) as Record<string, unknown>[];
  status.replaceChildren(items.length === 0 ? notice("info", "Nothing to review.") : h("p", { class: "muted" }, `${formatNumber(items.length)} pairs to review`));
  for (const item of items) {
    const [a, b] = pairIds(item);
    const out = h("div", { "aria-live": "polite" });
    const decide = async (decision: "same" | "not_same") => {
      try {
        await post<unknown>("/api/v1/resolution/decisions", { a, b, decision });
        out.replaceChildren(notice("ok", decision === "same" ? "Recorded: the same person." : "Recorded: not the same person."));
      } catch (e) {
        out.replaceChildren(errorNotice(e, "Recording the decision"));
      }
    };
    const rest = { ...item };
    for (const k of ["a", "b", "left", "right", "records"]) delete rest[k];
    list.append(
      h(
        "li",
        { class: "card review-item" },
        h("h2", null, entityLink(a), " and ", entityLink(b)),
        jsonView(rest),
        h(
          "div",
          { class: "button-row" },
          h("button", { type: "button", class: "primary", onclick: () => void decide("same") }, "Same person"),
          h("button", { type: "button", onclick: () => void decide("not_same") }, "Not the same"),
        ),
        out,
      ),
    );
  }
}
