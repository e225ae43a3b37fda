// Captures every screen of the portal into a folder (run by
// scripts/screenshots.sh): signs in as the demonstration administrator with
// a TOTP code computed from data/demo-accounts.txt and visits each screen.
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [base, accountsFile, outDir] = process.argv.slice(2);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const { chromium } = createRequire(path.join(ROOT, "web", "package.json"))("playwright-core");

// demo-accounts.txt: blocks of "login: / password: / totp secret:" lines.
const accounts = {};
let current = null;
for (const line of fs.readFileSync(accountsFile, "utf8").split("\n")) {
  const m = line.match(/^(login|password|totp secret):\s*(\S+)/);
  if (!m) continue;
  if (m[1] === "login") accounts[(current = m[2])] = {};
  else if (current) accounts[current][m[1] === "password" ? "password" : "secret"] = m[2];
}
const admin = accounts["demo.admin"];
if (!admin || !admin.secret) throw new Error("no demo.admin with a TOTP secret in " + accountsFile);

function totp(secret) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0;
  const key = [];
  for (const ch of secret.toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) { key.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
  const mac = createHmac("sha1", Buffer.from(key)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, "0");
}

const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "disrupt-shots-"));
const browser = await chromium.launchPersistentContext(userDir, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1366, height: 850 },
});
const page = browser.pages()[0] ?? (await browser.newPage());
const shot = async (name, full = false) => {
  await page.screenshot({ path: path.join(outDir, name + ".png"), fullPage: full });
  console.log("screenshots:", name + ".png");
};
const settle = async (selector, timeout = 120000) => {
  await page.waitForSelector(selector, { timeout });
  await page.waitForLoadState("networkidle");
};

await page.goto(base + "/signin");
await page.fill("input[name=username]", "demo.admin");
await shot("signin");
await page.fill("input[name=password]", admin.password);
await page.fill("input[name=totp]", totp(admin.secret));
await page.click("form.signin button[type=submit]");
await settle("h1:text('Dashboard')");
await settle(".stat-row, .panel .notice-error");
await shot("dashboard");

await page.goto(base + "/search?q=" + encodeURIComponent("ahmad"));
await settle(".hit, main .notice");
await shot("search");
const first = await page.$(".hit a");
if (first) {
  await first.click();
  await settle("#attr-h");
  await shot("entity", true);
}
await page.goto(base + "/networks");
await settle(".network-card, main .notice");
await shot("networks");
const net = await page.$eval(".network-card h2 a", (a) => a.getAttribute("href")).catch(() => null);
if (net) {
  await page.goto(base + net);
  await settle("#profile-h");
  await shot("network", true);
  const id = decodeURIComponent(net.split("/").pop());
  await page.goto(base + "/explore?network=" + encodeURIComponent(id));
  await settle(".graph-canvas[data-ready=true], .graph-status .notice");
  await page.waitForTimeout(2500); // let the layout settle for the picture
  await shot("explorer");
}
await page.goto(base + "/routes");
await settle("svg.map-svg, main .notice-error");
await shot("route-map");
await page.goto(base + "/review");
await settle("main .notice, .review-item");
await shot("review");
await page.goto(base + "/imports");
const file = path.join(userDir, "example.jsonl");
const rec = (id, props) => JSON.stringify({ id, kind: "entity", type: "Person", properties: props, provenance: { originator: "AUS", agency: "Department of Home Affairs", reported: "2024-03-01", reliability: "B", credibility: 2 }, handling: { classification: "RESTRICTED", tlp: "TLP:AMBER", codes: [], releasable_to: [], originator_control: false, review_date: "2099-01-01" } });
fs.writeFileSync(file, [rec("AUS-SHOT-P-1", { name: ["Example Person"] }), rec("AUS-SHOT-P-2", { nationality: ["AUS"] })].join("\n") + "\n");
await page.setInputFiles("input[type=file]", file);
await page.click("form button[type=submit]");
await settle("text=Import finished", 60000);
await shot("import");
// The Working Group's calendar: a meeting and an action entered through the screen's forms.
await page.goto(base + "/meetings");
await settle("#meetings-h");
if (await page.$("#new-meeting-h")) {
  const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
  await page.fill("input[name=title]", "Working Group on the Disruption of Criminal Networks");
  await page.fill("input[name=starts_at]", day(10) + "T02:00");
  await page.fill("input[name=ends_at]", day(10) + "T09:00");
  await page.fill("input[name=location]", "Bangkok");
  await page.check("#chatham");
  await page.click("form[aria-labelledby=new-meeting-h] button[type=submit]");
  await settle("text=Scheduled.");
  await page.fill("form[aria-labelledby=new-action-h] input[name=title]", "Share the analysis of the Andaman Sea route");
  await page.fill("input[name=owner]", "IDN");
  await page.fill("input[name=due]", day(40));
  await page.selectOption("select[name=meeting_id]", { index: 1 });
  await page.click("form[aria-labelledby=new-action-h] button[type=submit]");
  await settle("text=Recorded.");
}
await shot("meetings", true);
await page.goto(base + "/admin");
await settle("#users-h");
await shot("admin");
await browser.close();
fs.rmSync(userDir, { recursive: true, force: true });
