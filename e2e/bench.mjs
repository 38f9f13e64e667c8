// Browser benchmark (not part of test.sh): books of 20, 200 and 1,000
// positions; for each, 50 warm-up inputs then 200 input events on the BTC
// price slider (a drag over ±20 % of the range), each timed
// from the input event to the updated DOM (the price box, the numbers and the
// chart cursor replaced) with style and layout flushed: median and p95. Also
// the first render, an embed's first render, and the download size.
// Usage: node e2e/bench.mjs   (after trunk build --release --offline)
//        SIZES=20,200 EVENTS=100 node e2e/bench.mjs
//        COLLATERAL=1 node e2e/bench.mjs   (the same books funded by a
//        10-asset collateral set: coins that follow BTC, ETH and SOL at
//        flat, quantity and value tiers, and a quote valued at 98 %)
import { deflateRawSync, gzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, site, watchErrors } from './browser.mjs';
import { DEFAULT_SCENARIO, REPO } from './oracle.mjs';

const EVENTS = Number(process.env.EVENTS ?? 200);
// Inputs before the timed ones: the first moves of a drag warm up the JIT
// and the caches; what a dragging user feels is the steady state after it.
const WARMUP = Number(process.env.WARMUP ?? 50);
const SIZES = (process.env.SIZES ?? '20,200,1000').split(',').map(Number);
const COLLATERAL = process.env.COLLATERAL === '1';

/** The 10-asset collateral set of the engine's benchmark, for a book of `n`. */
function tenAssets(n) {
  const scale = 10_000 * n;
  const markets = [['BTCUSDT', 60000], ['ETHUSDT', 3000], ['SOLUSDT', 150]];
  const out = [{ asset: 'USDT', amount: String(scale), ratio: '0.98', liability_weight: '1.1' }];
  for (let k = 0; k < 9; k++) {
    const [sym, mark] = markets[k % 3];
    const units = Math.floor(scale / 10 / mark) + 1;
    const price = k === 4 ? { market: sym, beta: '0.8', mark: String(Math.floor(mark / 2) + 1) } : { market: sym };
    const a = { asset: `C${k}`, amount: String(units), price };
    if (k % 3 === 0) a.ratio = '0.95';
    else if (k % 3 === 1) a.tiers = { by: 'quantity', rows: [{ floor: '0', ratio: '0.98' }, { floor: String(Math.floor(units / 2) + 1), ratio: '0.9' }, { floor: String(units * 2 + 1), ratio: '0' }] };
    else a.tiers = { by: 'value', rows: [{ floor: '0', ratio: '0.95' }, { floor: String(scale / 20), ratio: '0.85' }, { floor: String(scale / 5), ratio: '0.5' }] };
    out.push(a);
  }
  return out;
}

/** A book of `n` positions over BTC, ETH and SOL: longs and shorts, cross and isolated. */
export function book(n) {
  const s = JSON.parse(readFileSync(DEFAULT_SCENARIO, 'utf8'));
  s.wallet = String(10_000 * n);
  if (COLLATERAL) {
    s.version = 2;
    s.wallet = '0';
    s.assets = tenAssets(n);
  }
  const specs = [
    ['BTCUSDT', 60000, '0.2'],
    ['ETHUSDT', 3000, '3'],
    ['SOLUSDT', 150, '50'],
  ];
  s.positions = [];
  for (let i = 0; i < n; i++) {
    const [market, mark, size] = specs[i % 3];
    s.positions.push({
      market,
      side: i % 4 === 3 ? 'short' : 'long',
      size,
      entry: String(Math.round(mark * (0.95 + (i % 5) * 0.02))),
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

/** Marks when the page first shows its verdict (and, for the app, its map). */
function firstRenderProbe(needsMap) {
  return (needs) => {
    const mo = new MutationObserver(() => {
      if (document.querySelector('[data-testid="verdict"]') && (!needs || document.querySelector('[data-testid="map-chart"] svg.chart-svg'))) {
        window.__firstRender = performance.now();
        mo.disconnect();
      }
    });
    mo.observe(document, { childList: true, subtree: true });
  };
}

async function measure(browser, url, n) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  page.on('crash', () => console.error('page crashed'));
  await page.addInitScript(firstRenderProbe(true), true);
  await page.goto(url + book(n), { waitUntil: 'load' });
  await page.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 60_000 });
  const firstRender = await page.evaluate(() => window.__firstRender);
  const timed = await page.evaluate(async ([events, warmup]) => {
    const q = (s) => document.querySelector(s);
    const slider = q('[data-testid="price-slider-BTCUSDT"]');
    const box = q('[data-testid="price-input-BTCUSDT"]');
    const cursor = () => q('[data-testid="value-chart"] .chart-overlay line')?.getAttribute('x1');
    const min = Number(slider.min);
    const max = Number(slider.max);
    const out = [];
    let valueChanges = 0;
    for (let k = -warmup; k < events; k++) {
      // Within the chart's narrow range (±50 % of the mark), as a drag is.
      const v = Math.round(min + (max - min) * (0.16 + (0.2 * Math.abs(k)) / events));
      const before = { cursor: cursor(), value: q('[data-testid="cross-account-value"]')?.textContent };
      const t0 = performance.now();
      slider.value = String(v);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => {
        const ready = () => box.value === String(v) && cursor() !== before.cursor;
        if (ready()) return resolve();
        const mo = new MutationObserver(() => {
          if (ready()) {
            mo.disconnect();
            resolve();
          }
        });
        mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      });
      void document.body.offsetHeight; // include style and layout
      if (k >= 0) {
        out.push(performance.now() - t0);
        if (q('[data-testid="cross-account-value"]')?.textContent !== before.value) valueChanges++;
      }
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
    return { out, valueChanges };
  }, [EVENTS, WARMUP]);
  const rows = await page.locator('[data-testid="position-row"]').count();
  await page.close();
  return { positions: n, rows_rendered: rows, firstRender, ...timed, errors };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
const server = await site();
const browser = await launchBrowser();
const results = [];
for (const n of SIZES) {
  const r = await measure(browser, server.url, n);
  results.push({
    positions: r.positions,
    editor_rows_rendered: r.rows_rendered,
    events: r.out.length,
    cross_value_changed: r.valueChanges,
    median_ms: +quantile(r.out, 0.5).toFixed(2),
    p95_ms: +quantile(r.out, 0.95).toFixed(2),
    max_ms: +Math.max(...r.out).toFixed(2),
    first_render_ms: +r.firstRender.toFixed(1),
    errors: r.errors,
  });
}

// An embed's first render: the same module, in embed mode, in a fresh page.
const embedPage = await browser.newPage({ viewport: { width: 800, height: 900 } });
await embedPage.addInitScript(firstRenderProbe(false), false);
await embedPage.goto(`${server.url}index.html?embed=1&panels=verdict,twin,value-chart,prices${book(20)}`, { waitUntil: 'load' });
await embedPage.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 30_000 });
const embedFirstRender = await embedPage.evaluate(() => window.__firstRender);

const dist = join(REPO, 'dist');
const gz = (ext) =>
  readdirSync(dist)
    .filter((f) => f.endsWith(ext))
    .reduce((n, f) => n + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);

console.log(JSON.stringify({
  books: results,
  embed_first_render_ms: +embedFirstRender.toFixed(1),
  wasm_gzip_bytes: gz('.wasm'),
  js_gzip_bytes: gz('.js'),
}, null, 2));
await browser.close();
await server.close();
}
