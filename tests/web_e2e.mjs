// End-to-end test of the members' portal (run by tests/web_e2e_test.sh).
//
// A real `disrupt serve` on a loopback port chosen by the system, over a
// SQLite catalogue made with `disrupt init`, `disrupt generate` and
// `disrupt import`, with users of two member states (AUS, IDN) and an
// administrator made with `disrupt user add`. Debian's Chromium, headless,
// driven by playwright-core, does what an analyst does:
//   sign in with a TOTP code (computed here from the secret, RFC 6238),
//   search in two scripts (Latin and Thai), open a profile, explore a
//   network, run a what-if, open the route map, import a file with a bad row
//   and read the refused row, find the session ended when the cookie goes;
//   an administrator creates a user, who at their first sign-in is shown the
//   QR code of their second factor, confirms it with a code and opens the
//   Meetings screen.
// Throughout, every answer the server sends to the AUS user's browser is
// checked for an IDN record that is not released to AUS: its id and name
// must never reach the browser, on any screen.
import { createHmac, randomBytes } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = process.env.DISRUPT_SOURCE_DIR ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const BIN = process.env.DISRUPT_BINARY ?? "";
if (!BIN || !fs.existsSync(BIN)) {
  console.log("skipped: DISRUPT_BINARY is not set or missing");
  process.exit(77);
}
const require = createRequire(path.join(ROOT, "web", "package.json"));
const { chromium } = require("playwright-core");

// ---- helpers ----

let failures = 0;
function check(cond, what) {
  if (cond) {
    console.log("ok   -", what);
  } else {
    failures += 1;
    console.log("FAIL -", what);
  }
}

// RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from a base32 secret, written here
// independently of the server's implementation.
function base32Decode(s) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of s.replace(/[\s=]/g, "").toUpperCase()) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error("bad base32");
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
function totp(secret, step = Math.floor(Date.now() / 1000 / 30)) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const code = ((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).toString();
  return code.padStart(6, "0");
}
// A code for a step not used before by this user (the server refuses replays).
const usedSteps = new Map();
async function freshTotp(user, secret) {
  for (;;) {
    const step = Math.floor(Date.now() / 1000 / 30);
    if ((usedSteps.get(user) ?? -1) < step) {
      usedSteps.set(user, step);
      return totp(secret, step);
    }
    await new Promise((r) => setTimeout(r, 1000)); // waiting for the next TOTP step, not timing anything
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "disrupt-web-e2e-"));
const env = { ...process.env };
for (const k of Object.keys(env)) if (k.startsWith("DISRUPT_") && k !== "DISRUPT_BINARY" && k !== "DISRUPT_SOURCE_DIR") delete env[k];
for (const name of ["audit", "field"]) {
  const p = path.join(dir, name + ".key");
  fs.writeFileSync(p, randomBytes(32).toString("hex") + "\n", { mode: 0o600 });
  env[`DISRUPT_${name.toUpperCase()}_KEY_FILE`] = p;
}
function cli(args, input) {
  const r = spawnSync(BIN, args, { input, env, encoding: "utf8", timeout: 300000 });
  if (r.status !== 0) throw new Error(`disrupt ${args[0]} failed (${r.status ?? r.signal ?? r.error}): ${r.stdout} ${r.stderr}`);
  return r.stdout;
}
const PASSWORD = "correct-horse-battery-9";
function addUser(id, member, roles, { totpOn = false, clearance = "SECRET" } = {}) {
  const args = ["user", "add", "--store", store, "--id", id, "--member", member, "--agency", "AG", "--roles", roles, "--clearance", clearance, "--password-stdin"];
  if (!totpOn) args.push("--no-totp");
  const out = cli(args, PASSWORD + "\n");
  const m = out.match(/secret:\s*([A-Z2-7]+)/);
  return m ? m[1] : "";
}

const store = path.join(dir, "catalogue.db");
let server = null;
let browser = null;
async function main() {
  // ---- the catalogue and the server ----
  cli(["init", "--store", store, "--members", path.join(ROOT, "datasets", "bali-process-members", "members.csv")], "Adm1n-passphrase-long\n");
  cli(["generate", "--entities", "200", "--seed", "11", "--out", path.join(dir, "gen"), "--quiet"]);
  cli(["import", "--store", store, "--format", "json", "--quiet", path.join(dir, "gen", "records.jsonl")]);
  const ausSecret = addUser("aus.analyst", "AUS", "analyst", { totpOn: true });
  addUser("aus.setup", "AUS", "analyst");
  addUser("idn.analyst", "IDN", "analyst");
  const adminSecret = addUser("web.admin", "AUS", "administrator,analyst", { totpOn: true });
  check(ausSecret.length >= 16 && adminSecret.length >= 16, "users with TOTP secrets created");

  const portFile = path.join(dir, "port");
  const config = { store, port: 0, port_file: portFile, demo_mode: true, web_root: path.join(ROOT, "web", "dist"), rate_limit_per_second: 100000, rate_limit_burst: 100000 };
  fs.writeFileSync(path.join(dir, "serve.json"), JSON.stringify(config));
  const log = fs.openSync(path.join(dir, "server.log"), "a");
  server = spawn(BIN, ["serve", "--config", path.join(dir, "serve.json")], { env, stdio: ["ignore", log, log] });
  const deadline = Date.now() + 60000;
  while (!fs.existsSync(portFile) || fs.readFileSync(portFile, "utf8").trim() === "") {
    if (server.exitCode !== null) throw new Error("server exited: " + fs.readFileSync(path.join(dir, "server.log"), "utf8"));
    if (Date.now() > deadline) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 50)); // waiting for the port file, not timing anything
  }
  const base = `http://127.0.0.1:${fs.readFileSync(portFile, "utf8").trim()}`;

  // API sessions for setting up records (Node's fetch, cookie by hand).
  async function apiSession(user) {
    const r = await fetch(base + "/api/v1/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: user, password: PASSWORD }) });
    if (r.status !== 200) throw new Error(`sign-in of ${user}: ${r.status}`);
    const cookie = r.headers.get("set-cookie").split(";")[0];
    const { csrf_token } = await r.json();
    return async (method, p, body) => {
      const resp = await fetch(base + p, { method, headers: { Cookie: cookie, "X-CSRF-Token": csrf_token, "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
      const text = await resp.text();
      return { status: resp.status, json: text ? JSON.parse(text) : null };
    };
  }
  const aus = await apiSession("aus.setup");
  const idn = await apiSession("idn.analyst");
  const handling = (rel, extra = {}) => ({ classification: "RESTRICTED", tlp: "TLP:AMBER", codes: [], releasable_to: rel, originator_control: false, review_date: "2099-01-01", ...extra });
  const prov = (m) => ({ originator: m, agency: "AG", reported: "2024-03-01", reliability: "B", credibility: 2 });

  // A network both members may see, to hang records on.
  const ausNets = (await aus("GET", "/api/v1/networks?limit=500")).json.items.map((n) => n.id);
  const idnNets = new Set((await idn("GET", "/api/v1/networks?limit=500")).json.items.map((n) => n.id));
  const shared = ausNets.filter((n) => idnNets.has(n));
  check(ausNets.length > 0, `AUS sees ${ausNets.length} networks`);
  const net = shared[0] ?? ausNets[0];

  // AUS: a person with a Thai name's Latin form, released to all members.
  const somchai = { id: "AUS-WEB-P-1", kind: "entity", type: "Person", properties: { name: ["Somchai Jaidee"], nationality: ["THA"] }, networks: shared[0] ? [net] : [], provenance: prov("AUS"), handling: handling(["ALL_MEMBERS"], { classification: "SECRET", tlp: "TLP:AMBER+STRICT", codes: ["no_judicial_use"] }) };
  let r = await aus("POST", "/api/v1/entities", somchai);
  check(r.status === 201, `AUS record created (${r.status})`);
  // IDN: a person released to nobody else, linked to the AUS person and on the shared network.
  const SECRET_NAME = "Zulkarnaen Rahasiawan";
  const SECRET_ID = "IDN-WEB-P-SECRET";
  const hidden = { id: SECRET_ID, kind: "entity", type: "Person", properties: { name: [SECRET_NAME] }, networks: shared[0] ? [net] : [], provenance: prov("IDN"), handling: handling([]) };
  r = await idn("POST", "/api/v1/entities", hidden);
  check(r.status === 201, `IDN unreleased record created (${r.status} ${JSON.stringify(r.json)})`);
  r = await idn("POST", "/api/v1/links", { id: "IDN-WEB-L-SECRET", kind: "link", type: "associate_of", source: SECRET_ID, target: somchai.id, properties: {}, networks: shared[0] ? [net] : [], provenance: prov("IDN"), handling: handling([]) });
  check(r.status === 201, `IDN unreleased link to the AUS person created (${r.status} ${JSON.stringify(r.json)})`);
  r = await idn("GET", "/api/v1/entities/" + SECRET_ID);
  check(r.status === 200, "IDN sees its own record");

  // ---- the browser ----
  // A fresh profile in the test's directory.
  const context = await chromium.launchPersistentContext(path.join(dir, "chromium"), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1366, height: 850 },
  });
  browser = context;
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) problems.push("CSP: " + m.text());
  });
  page.on("pageerror", (e) => problems.push("script error: " + e.message));
  const outside = [];
  page.on("request", (req) => {
    if (!req.url().startsWith(base) && !req.url().startsWith("data:")) outside.push(req.url());
  });
  // Every answer the AUS user's browser receives, checked for the IDN record.
  const bodies = [];
  let watching = true;
  page.on("response", (resp) => {
    if (!watching || !resp.url().startsWith(base + "/api/")) return;
    // A body the browser never hands over (an answer cut off by a navigation
    // can leave the promise unsettled) counts as unread, not as checked.
    const unread = new Promise((resolve) => setTimeout(() => resolve({ url: resp.url(), leaked: false, unread: true }), 15000));
    bodies.push(
      Promise.race([
        resp
          .text()
          .then((t) => ({ url: resp.url(), leaked: t.includes(SECRET_ID) || t.includes(SECRET_NAME) || t.includes("IDN-WEB-L-SECRET") }))
          .catch(() => ({ url: resp.url(), leaked: false, unread: true })),
        unread,
      ]),
    );
  });
  const text = async () => (await page.textContent("main")) ?? "";
  const banner = async () => (await page.textContent(".banner-top")) ?? "";

  // Sign in with TOTP.
  await page.goto(base + "/");
  await page.waitForSelector("form.signin");
  check(page.url().includes("/signin"), "an anonymous visit goes to sign-in");
  await page.fill("input[name=username]", "aus.analyst");
  await page.fill("input[name=password]", PASSWORD);
  await page.fill("input[name=totp]", "000000" === totp(ausSecret) ? "111111" : "000000");
  await page.click("form.signin button[type=submit]");
  await page.waitForSelector(".notice-error");
  check((await text()).includes("not right"), "a wrong TOTP code is refused");
  await page.fill("input[name=password]", PASSWORD);
  await page.fill("input[name=totp]", await freshTotp("aus.analyst", ausSecret));
  await page.click("form.signin button[type=submit]");
  await page.waitForSelector("h1:text('Dashboard')");
  check((await page.textContent(".who")).includes("aus.analyst"), "signed in with password and TOTP");

  // Search in two scripts.
  await page.goto(base + "/search?q=" + encodeURIComponent("Somchai"));
  await page.waitForSelector(".hit, .notice");
  check((await text()).includes("Somchai Jaidee"), "Latin search finds Somchai Jaidee");
  await page.fill("input[name=q]", "สมชาย");
  await page.click("form.search-form button[type=submit]");
  await page.waitForURL(/q=%E0%B8/);
  await page.waitForSelector(".hit, .notice");
  check((await text()).includes("Somchai Jaidee"), "Thai-script search สมชาย finds Somchai Jaidee");
  check((await banner()).includes("SECRET") && (await banner()).includes("TLP:AMBER+STRICT"), `the banner carries the highest marking shown (${await banner()})`);
  await page.goto(base + "/search?q=" + encodeURIComponent(SECRET_NAME));
  await page.waitForSelector(".hit, .notice");
  check((await page.$$(".hit")).length === 0, "searching the IDN record's name finds nothing for AUS");

  // Open a profile.
  await page.goto(base + "/search?q=Somchai");
  await page.waitForSelector(".hit a");
  await page.click(".hit a");
  await page.waitForSelector("#attr-h");
  const profile = await text();
  check(profile.includes("Somchai Jaidee") && profile.includes("usually reliable, probably true") && profile.includes("NO JUDICIAL USE"), "the profile shows attributes, grading in words and handling");
  check(!profile.includes(SECRET_NAME) && !profile.includes(SECRET_ID), "the profile does not show the IDN link or person");
  await page.goto(base + "/entities/" + SECRET_ID);
  await page.waitForSelector(".notice");
  check((await text()).includes("no such record"), "the IDN record's page answers as if it did not exist");

  // Networks catalogue and the network explorer.
  await page.goto(base + "/networks");
  await page.waitForSelector(".network-card");
  check((await page.$$(".network-card")).length > 0, "the networks catalogue lists networks");
  await page.goto(base + "/explore?network=" + encodeURIComponent(net));
  await page.waitForSelector(".graph-canvas[data-ready=true], .graph-status .notice", { timeout: 120000 });
  const drawn = await page.$(".graph-canvas[data-ready=true]");
  check(drawn !== null, "the explorer draws the network's graph: " + (await page.textContent(".graph-status")));
  if (drawn) {
    // Select an actor through the keyboard-accessible actor list and run the what-if.
    const firstId = await page.$eval(".graph-side datalist option", (o) => o.value);
    await page.fill(".graph-side input[list]", firstId);
    await page.dispatchEvent(".graph-side input[list]", "change");
    await page.waitForSelector(".node-info h3");
    await page.click(".node-info button:text('Select for what-if')");
    await page.waitForSelector(".node-info button:text('Deselect')");
    await page.click("button:text('Run what-if')");
    await page.waitForSelector(".whatif-result h3, .whatif-result .notice", { timeout: 60000 });
    const whatIf = await page.textContent(".whatif-result");
    const direct = await aus("POST", "/api/v1/what-if", { remove: [firstId], network: net });
    if (direct.status === 404 && direct.json?.error?.message === "no such resource") {
      check(whatIf.includes("not available on this server"), "the what-if says it is not available on this server");
    } else {
      check(whatIf.includes("What if 1 actor is removed"), "the what-if result is shown: " + whatIf.slice(0, 120));
    }
    check(!(await text()).includes(SECRET_NAME), "the explorer does not show the IDN person");
  }

  // Route map.
  await page.goto(base + "/routes");
  await page.waitForSelector("svg.map-svg, main .notice-error", { timeout: 120000 });
  check((await page.$$("svg.map-svg path.country")).length > 100, "the route map draws the countries");
  check((await page.$$("svg.map-svg path.flow")).length > 0 || (await text()).includes("No movements"), "the route map draws flows (or says there are none)");

  // Import with a bad row.
  const good = (n) => JSON.stringify({ id: `AUS-WEB-IMP-${n}`, kind: "entity", type: "Person", properties: { name: [`Imported Person ${n}`] }, provenance: prov("AUS"), handling: handling([]) });
  const bad = JSON.stringify({ id: "AUS-WEB-IMP-BAD", kind: "entity", type: "Person", properties: { nationality: ["AUS"] }, provenance: prov("AUS"), handling: handling([]) });
  const file = path.join(dir, "upload.jsonl");
  fs.writeFileSync(file, [good(1), bad, good(2)].join("\n") + "\n");
  await page.goto(base + "/imports");
  await page.setInputFiles("input[type=file]", file);
  await page.click("form button[type=submit]");
  await page.waitForSelector("text=Import finished", { timeout: 60000 });
  const report = await text();
  check(report.includes("2 records written") && report.includes("1 row refused"), "the import reports 2 written and 1 refused");
  const row = await page.$$eval("table.data tbody tr", (trs) => trs.map((tr) => tr.textContent));
  check(row.length === 1 && row[0].startsWith("2") && row[0].includes("name"), `the refused row is line 2 with its field and message (${row[0]})`);

  // Session expiry: the cookie goes, the next screen asks to sign in again.
  await context.clearCookies();
  await page.click("nav a[href='/networks']");
  await page.waitForURL(/\/signin/);
  await page.waitForSelector("form.signin");
  check((await text()).includes("Your session has ended"), "an ended session returns to sign-in with a message");

  // Nothing of the IDN record reached the AUS user's browser, on any screen.
  watching = false;
  const seen = (await Promise.all(bodies)).filter((b) => !b.unread);
  const leaks = seen.filter((b) => b.leaked).map((b) => b.url);
  check(seen.length > 20 && leaks.length === 0,
        `none of ${seen.length} API answers to AUS carried the IDN record (${bodies.length - seen.length} unreadable) ${leaks.join(" ")}`);

  // Administration: a new user and their QR enrolment, then their first sign-in.
  await page.fill("input[name=username]", "web.admin");
  await page.fill("input[name=password]", PASSWORD);
  await page.fill("input[name=totp]", await freshTotp("web.admin", adminSecret));
  await page.click("form.signin button[type=submit]");
  // Back to where the ended session was.
  await page.waitForURL(/\/networks$/);
  await page.waitForSelector(".network-card");
  await page.click("nav a[href='/admin']");
  await page.waitForSelector("form.user-form");
  await page.fill("form.user-form input[name=id]", "new.officer");
  await page.fill("form.user-form input[name=display_name]", "New Officer");
  await page.selectOption("form.user-form select[name=member]", "NZL");
  await page.selectOption("form.user-form select[name=clearance]", "CONFIDENTIAL");
  await page.fill("form.user-form input[name=password]", PASSWORD);
  await page.click("form.user-form button[type=submit]");
  await page.waitForSelector(".enrolment svg.qr");
  const newSecret = ((await page.textContent(".enrolment code.secret")) ?? "").replace(/\s/g, "");
  check(newSecret.length >= 16, "the new user's enrolment is shown as a QR code with its key");
  await page.waitForSelector("text=new.officer");
  check((await text()).includes("NZL"), "the new user is listed with their member");
  await page.click(".who button");
  await page.waitForSelector("form.signin");
  // Self-service: the password alone shows the new user their QR code and key.
  await page.fill("input[name=username]", "new.officer");
  await page.fill("input[name=password]", PASSWORD);
  await page.click("form.signin button[type=submit]");
  await page.waitForSelector("form.signin .enrolment svg.qr");
  const selfSecret = ((await page.textContent("form.signin .enrolment code.secret")) ?? "").replace(/\s/g, "");
  check(selfSecret === newSecret, "at the first sign-in the user is shown the same factor to set up");
  check((await page.$$(".who .who-name")).length === 0, "no session before the first code");
  await page.fill("input[name=totp]", await freshTotp("new.officer", selfSecret));
  await page.click("form.signin button[type=submit]");
  await page.waitForSelector("h1:text('Dashboard')");
  check((await page.textContent(".who")).includes("new.officer"), "the new user signs in with the first code from their app");
  // The Working Group's calendar: the dashboard panels and the Meetings screen.
  await page.waitForSelector("text=No meetings scheduled.");
  await page.click("nav a[href='/meetings']");
  await page.waitForSelector("h1:text('Meetings and actions')");
  // The list arrives after the heading: wait for it (or for the wait to give up) before checking.
  const listed = await page.waitForSelector("text=No open actions.").then(() => true, () => false);
  check(listed && (await text()).includes("No open actions."), "the Meetings screen lists the open actions the user may see");
  check((await page.$$("nav a[href='/admin']")).length === 0, "a non-administrator has no administration link");

  check(problems.length === 0, "no script errors or CSP refusals: " + problems.join(" | "));
  check(outside.length === 0, "no request left the portal's origin: " + outside.join(" "));
}

let code = 0;
try {
  await main();
  console.log(failures === 0 ? "web e2e: all checks passed" : `web e2e: ${failures} checks failed`);
  code = failures === 0 ? 0 : 1;
} catch (e) {
  console.log("FAIL:", e && e.stack ? e.stack : e);
  try {
    console.log(fs.readFileSync(path.join(dir, "server.log"), "utf8").split("\n").slice(-20).join("\n"));
  } catch {}
  code = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
