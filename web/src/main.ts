// The members' portal in the browser: the layout (skip link, handling banner
// top and bottom, navigation, the signed-in user), the screens' route table,
// and the session rules: every screen but sign-in needs a session, a 401 on
// any call returns to sign-in with the current address kept for afterwards.
import "@fontsource/noto-sans/400.css";
import "@fontsource/noto-sans/700.css";
import "./styles.css";

import { onUnauthenticated } from "./api";
import { h } from "./dom";
import { classificationClass, markingText, onMarkingChange } from "./marking";
import { Route, configure, navigate, render } from "./router";
import { currentSession, isAdministrator, loadSession, onSessionChange, setSession, signOut } from "./session";
import { dashboardPage } from "./pages/dashboard";
import { entityPage } from "./pages/entity";
import { importsPage } from "./pages/imports";
import { networkPage, networksPage } from "./pages/networks";
import { searchPage } from "./pages/search";
import { signInPage } from "./pages/signin";
import { notFoundPage } from "./pages/not_found";
import { reviewPage } from "./pages/review";
import { meetingsPage } from "./pages/meetings";
import { Page } from "./router";

// The graph renderer, the map data and administration load with their screens.
const lazy =
  (load: () => Promise<Record<string, unknown>>, name: string): Page =>
  async (ctx) =>
    ((await load())[name] as Page)(ctx);
const explorerPage = lazy(() => import("./pages/explorer"), "explorerPage");
const routeMapPage = lazy(() => import("./pages/route_map"), "routeMapPage");
const adminPage = lazy(() => import("./pages/admin"), "adminPage");

const routes: Route[] = [
  { pattern: /^\/signin$/, title: "Sign in", page: signInPage, public: true },
  { pattern: /^\/$/, title: "Dashboard", page: dashboardPage },
  { pattern: /^\/search$/, title: "Search", page: searchPage },
  { pattern: /^\/entities\/([^/]+)$/, title: "Entity", page: entityPage },
  { pattern: /^\/networks$/, title: "Networks", page: networksPage },
  { pattern: /^\/networks\/([^/]+)$/, title: "Network", page: networkPage },
  { pattern: /^\/explore$/, title: "Network explorer", page: explorerPage },
  { pattern: /^\/routes$/, title: "Route map", page: routeMapPage },
  { pattern: /^\/review$/, title: "Resolution review", page: reviewPage },
  { pattern: /^\/imports$/, title: "Import", page: importsPage },
  { pattern: /^\/meetings$/, title: "Meetings and actions", page: meetingsPage },
  { pattern: /^\/admin$/, title: "Administration", page: adminPage, admin: true },
  { pattern: /.*/, title: "Not found", page: notFoundPage, public: true },
];

const kNav: [string, string, boolean?][] = [
  ["/", "Dashboard"],
  ["/search", "Search"],
  ["/networks", "Networks"],
  ["/explore", "Explorer"],
  ["/routes", "Route map"],
  ["/review", "Review"],
  ["/imports", "Import"],
  ["/meetings", "Meetings"],
  ["/admin", "Administration", true],
];

function banner(position: "top" | "bottom"): HTMLElement {
  const el = h("div", { class: `banner banner-${position}`, role: position === "top" ? "note" : null, "aria-label": "Handling marking of this screen" });
  onMarkingChange((m) => {
    el.textContent = markingText(m);
    el.className = `banner banner-${position} ${classificationClass(m.classification)}`;
  });
  return el;
}

function build(): HTMLElement {
  const nav = h("nav", { "aria-label": "Main" });
  const who = h("div", { class: "who" });
  const main = h("main", { id: "main", tabindex: "-1" });
  const drawNav = () => {
    const s = currentSession();
    nav.replaceChildren(
      s
        ? h(
            "ul",
            null,
            kNav
              .filter(([, , admin]) => !admin || isAdministrator())
              .map(([href, label]) => h("li", null, h("a", { href, "data-link": true }, label))),
          )
        : "",
    );
    who.replaceChildren(
      s
        ? h(
            "span",
            null,
            h("span", { class: "who-name" }, s.user),
            ` · ${s.member} · ${s.clearance ?? "no clearance"} `,
            h(
              "button",
              {
                type: "button",
                class: "link-button",
                onclick: async () => {
                  await signOut();
                  navigate("/signin?reason=signed-out", true);
                },
              },
              "Sign out",
            ),
          )
        : "",
    );
    markCurrent();
  };
  const markCurrent = () => {
    for (const a of nav.querySelectorAll("a")) {
      const href = a.getAttribute("href")!;
      const here = href === "/" ? location.pathname === "/" : location.pathname.startsWith(href);
      if (here) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
  };
  onSessionChange(drawNav);
  drawNav();
  const app = h(
    "div",
    { class: "app" },
    h("a", { class: "skip-link", href: "#main" }, "Skip to content"),
    banner("top"),
    h("header", { class: "topbar" }, h("a", { class: "brand", href: "/", "data-link": true }, "Disrupt"), nav, who),
    main,
    banner("bottom"),
  );
  configure(routes, main, {
    guard: (route, path) => {
      if (!route.public && !currentSession()) return "/signin?next=" + encodeURIComponent(path);
      if (route.admin && !isAdministrator()) return "/";
      return null;
    },
    afterRender: () => {
      markCurrent();
      main.focus({ preventScroll: true });
    },
  });
  return app;
}

async function start(): Promise<void> {
  const root = document.getElementById("app")!;
  root.replaceChildren(build());
  onUnauthenticated(() => {
    if (!currentSession()) return;
    setSession(null);
    const here = location.pathname + location.search;
    navigate("/signin?reason=expired&next=" + encodeURIComponent(here), true);
  });
  try {
    await loadSession();
  } catch {
    // the server is unreachable: the sign-in screen says so on submit
  }
  if (location.pathname === "/signin" && currentSession()) navigate("/", true);
  else await render();
}

void start();
