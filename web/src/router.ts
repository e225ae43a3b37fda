// A small client-side router over the History API. Paths are the portal's
// screens ("/entities/AUS-P-1"); the server answers every such path with
// index.html. A screen is a function that fills the main element and may
// return a cleanup (for renderers holding WebGL contexts or timers).
import { resetMarking } from "./marking";

export interface PageContext {
  params: string[];
  query: URLSearchParams;
  main: HTMLElement;
  // Set by the router when the user moves on: long tasks stop updating the screen.
  signal: AbortSignal;
}

export type Cleanup = () => void;
export type Page = (ctx: PageContext) => void | Cleanup | Promise<void | Cleanup>;

export interface Route {
  pattern: RegExp;
  title: string;
  page: Page;
  public?: boolean;
  admin?: boolean;
}

let routes: Route[] = [];
let mainEl: HTMLElement | null = null;
let cleanup: Cleanup | null = null;
let controller: AbortController | null = null;
let guard: (route: Route, path: string) => string | null = () => null;
let afterRender: (route: Route) => void = () => {};

export function configure(
  table: Route[],
  main: HTMLElement,
  options: { guard: typeof guard; afterRender: typeof afterRender },
): void {
  routes = table;
  mainEl = main;
  guard = options.guard;
  afterRender = options.afterRender;
  window.addEventListener("popstate", () => void render());
  document.addEventListener("click", (e) => {
    const a = (e.target as Element | null)?.closest?.("a[data-link]") as HTMLAnchorElement | null;
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (a.origin !== location.origin) return;
    e.preventDefault();
    navigate(a.pathname + a.search);
  });
}

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  void render();
}

// Re-renders the current screen (after sign-in, for instance).
export async function render(): Promise<void> {
  if (!mainEl) return;
  const path = decodeURI(location.pathname);
  let route: Route | undefined;
  let match: RegExpMatchArray | null = null;
  for (const r of routes) {
    match = path.match(r.pattern);
    if (match) {
      route = r;
      break;
    }
  }
  if (!route || !match) {
    route = routes[routes.length - 1]; // the not-found screen
    match = [path];
  }
  const redirect = guard(route, location.pathname + location.search);
  if (redirect) {
    navigate(redirect, true);
    return;
  }
  if (cleanup) {
    try {
      cleanup();
    } catch {
      // a failing cleanup must not block navigation
    }
    cleanup = null;
  }
  controller?.abort();
  controller = new AbortController();
  resetMarking();
  document.title = `${route.title} — Disrupt`;
  mainEl.replaceChildren();
  afterRender(route);
  const ctx: PageContext = {
    params: match.slice(1).map((p) => decodeURIComponent(p ?? "")),
    query: new URLSearchParams(location.search),
    main: mainEl,
    signal: controller.signal,
  };
  const result = await route.page(ctx);
  if (typeof result === "function") {
    if (ctx.signal.aborted) result();
    else cleanup = result;
  }
}
