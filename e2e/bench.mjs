// Browser benchmark (not part of test.sh): a 20-position book, 200 slider input
// events; time from the input event to the updated DOM (numbers and both
// charts replaced, layout flushed): median and p95; and the first render.
// Usage: node e2e/bench.mjs   (after trunk build --release --offline)
import { deflateRawSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { launchBrowser, site, watchErrors } from './browser.mjs';
import { DEFAULT_SCENARIO, REPO } from './oracle.mjs';

const EVENTS = Number(process.env.EVENTS ?? 200);

function book20() {
  const s = JSON.parse(readFileSync(DEFAULT_SCENARIO, 'utf8'));
  s.wallet = '200000';
  const specs = [
    ['BTCUSDT', '60000', '0.2'],
    ['ETHUSDT', '3000', '3'],
    ['SOLUSDT', '150', '50'],
  ];
  s.positions = [];
  for (let i = 0; i < 20; i++) {
    const [market, mark, size] = specs[i % 3];
    s.positions.push({
      market,
      side: i % 4 === 3 ? 'short' : 'long',
      size,
      entry: String(Math.round(Number(mark) * (0.95 + (i % 5) * 0.02))),
      leverage: String([5, 10, 20, 25][i % 4]),
      mode: i % 2 ? 'cross' : 'isolated',
    });
  }
  return '#v1=' + deflateRawSync(Buffer.from(JSON.stringify({ scenario: s }))).toString('base64url');
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
};

const server = await site();
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = watchErrors(page);
page.on('crash', () => console.error('page crashed'));
page.on('console', (m) => process.env.VERBOSE && console.error('console:', m.text()));
browser.on('disconnected', () => console.error('browser disconnected'));
await page.addInitScript(() => {
  const mo = new MutationObserver(() => {
    if (document.querySelector('[data-testid="verdict"]') && document.querySelector('[data-testid="map-chart"] svg')) {
      window.__firstRender = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
});
await page.goto(server.url + book20(), { waitUntil: 'load' });
await page.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 30_000 });
const firstRender = await page.evaluate(() => window.__firstRender);
const rows = await page.locator('[data-testid="position-row"]').count();

const times = await page.evaluate(async (n) => {
  const slider = document.querySelector('[data-testid="price-slider-BTCUSDT"]');
  const q = (s) => document.querySelector(s);
  const min = Number(slider.min);
  const max = Number(slider.max);
  const out = [];
  let mapUpdates = 0;
  let valueUpdates = 0;
  for (let k = 0; k < n; k++) {
    const v = Math.round(min + (max - min) * (0.15 + (0.5 * k) / n));
    const vc = q('[data-testid="value-chart"] svg');
    const mc = q('[data-testid="map-chart"] svg');
    const val = q('[data-testid="cross-account-value"]')?.textContent;
    const t0 = performance.now();
    slider.value = String(v);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => {
      // The map is redrawn too; its SVG is only replaced when the cursor moves a whole pixel.
      const ready = () => q('[data-testid="value-chart"] svg') !== vc;
      if (ready()) return resolve();
      const mo = new MutationObserver(() => {
        if (ready()) {
          mo.disconnect();
          resolve();
        }
      });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    void document.body.offsetHeight; // include style and layout
    out.push(performance.now() - t0);
    if (q('[data-testid="map-chart"] svg') !== mc) mapUpdates++;
    if (q('[data-testid="cross-account-value"]')?.textContent !== val) valueUpdates++;
    await new Promise((r) => requestAnimationFrame(() => r()));
  }
  return { out, mapUpdates, valueUpdates };
}, EVENTS).then((r) => {
  console.error(`map chart replaced on ${r.mapUpdates} events, cross value changed on ${r.valueUpdates}`);
  return r.out;
});

// An embed's first render: the same module, in embed mode, in a fresh page.
const embedPage = await browser.newPage({ viewport: { width: 800, height: 900 } });
await embedPage.addInitScript(() => {
  const mo = new MutationObserver(() => {
    if (document.querySelector('[data-testid="verdict"]')) {
      window.__firstRender = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
});
await embedPage.goto(`${server.url}index.html?embed=1&panels=verdict,twin,value-chart,prices${book20()}`, { waitUntil: 'load' });
await embedPage.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 30_000 });
const embedFirstRender = await embedPage.evaluate(() => window.__firstRender);

const dist = join(REPO, 'dist');
const gz = (ext) =>
  readdirSync(dist)
    .filter((f) => f.endsWith(ext))
    .reduce((n, f) => n + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);

console.log(JSON.stringify({
  positions: rows,
  events: times.length,
  median_ms: +quantile(times, 0.5).toFixed(2),
  p95_ms: +quantile(times, 0.95).toFixed(2),
  max_ms: +Math.max(...times).toFixed(2),
  first_render_ms: +firstRender.toFixed(1),
  embed_first_render_ms: +embedFirstRender.toFixed(1),
  wasm_gzip_bytes: gz('.wasm'),
  js_gzip_bytes: gz('.js'),
  errors,
}, null, 2));
await browser.close();
await server.close();
