// Opens the network explorer on one network and prints what the page
// measured (run by bench/web.sh): two runs, each in a fresh page.
import { createRequire } from "node:module";
import path from "node:path";
const [base, network] = process.argv.slice(2);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const { chromium } = createRequire(path.join(ROOT, "web", "package.json"))("playwright-core");
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
for (let run = 1; run <= 2; run++) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 850 } });
  await page.goto(base + "/signin");
  await page.fill("input[name=username]", "bench.analyst");
  await page.fill("input[name=password]", "correct-horse-battery-9");
  await page.click("form.signin button[type=submit]");
  await page.waitForSelector(".who");
  await page.goto(base + "/explore?network=" + encodeURIComponent(network));
  await page.waitForSelector(".graph-canvas[data-settled=true], .graph-status .notice", { timeout: 600000 });
  const m = await page.$eval(".graph-canvas", (c) => ({ ...c.dataset }));
  const status = await page.textContent(".graph-status");
  console.log(`run ${run}: ${status.trim().split(" · ").slice(0, 1)} · graph data ${m.dataMs} ms · browser to first frame ${m.renderMs} ms · redraw (pan, zoom) ${m.frameMs} ms`);
  await page.close();
}
await browser.close();
