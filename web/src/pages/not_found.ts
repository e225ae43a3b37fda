// The screen for an address the portal does not have.
import { pageHeader } from "../common";
import { h, link } from "../dom";
import { PageContext } from "../router";

export function notFoundPage(ctx: PageContext): void {
  ctx.main.append(pageHeader("Not found"), h("p", null, "This page does not exist. ", link("/", "Go to the dashboard"), "."));
}
