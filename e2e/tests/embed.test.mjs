// End-to-end test of embed mode: the "Copy embed code" snippet placed in a host
// page (sandboxed iframe, opaque origin), the chosen panels only, the height
// messages sizing the iframe, and the BTC slider inside the embed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, siteAndBrowser, watchErrors } from '../browser.mjs';
import { DEFAULT_ROOT } from '../serve-dist.mjs';

const FIXTURE = 'embed-fixture.html';
const fixturePath = join(process.env.DIST_DIR ?? DEFAULT_ROOT, FIXTURE);

const env = siteAndBrowser({ cleanup: () => rmSync(fixturePath, { force: true }) });

const tid = (page, id) => page.locator(`[data-testid="${id}"]`);

test('embed snippet in a sandboxed iframe: chosen panels, height messages, live slider', async () => {
  // 1. The snippet from the full app, with the value chart unticked and a title.
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(env.server.url, { waitUntil: 'load' });
  await tid(page, 'verdict').waitFor({ state: 'visible', timeout: 30_000 });
  await tid(page, 'embed-code').click();
  await tid(page, 'embed-panel-value-chart').uncheck();
  await tid(page, 'embed-title-input').fill('Hello');
  const snippet = await tid(page, 'embed-snippet').inputValue();
  assert.match(snippet, /^<div class="margin-lab-embed"><iframe src="[^"]*\?embed=1&amp;panels=verdict,twin,prices&amp;title=Hello#v1=[A-Za-z0-9_-]+" sandbox="allow-scripts allow-same-origin allow-popups" style="width:100%;border:0"/);
  assert.match(snippet, /title="Hello"/);
  assert.match(snippet, /margin-lab:height/);
  assert.deepEqual(errors, [], errors.join('\n'));
  await page.close();

  // 2. A host page holding the snippet (plus sliders=BTCUSDT), served by the same env.server.
  const withSliders = snippet.replace('panels=verdict,twin,prices&amp;', 'panels=verdict,twin,prices&amp;sliders=BTCUSDT&amp;');
  writeFileSync(
    fixturePath,
    `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host</title></head><body style="margin:20px;font-family:sans-serif">
<h1>Host page</h1><p>An article about margin.</p>
<script>window.heights = []; addEventListener("message", function (e) { if (e.data && e.data.type === "margin-lab:height") window.heights.push(e.data); });</script>
${withSliders}
<p id="after">After the embed.</p></body></html>`,
  );
  const host = await env.browser.newPage({ viewport: { width: 900, height: 900 } });
  const hostErrors = watchErrors(host);
  const requests = [];
  host.on('request', (r) => requests.push(r.url()));
  await host.goto(env.server.url + FIXTURE, { waitUntil: 'load' });
  const frame = host.frameLocator('iframe');
  await frame.locator('[data-testid="verdict"]').waitFor({ state: 'visible', timeout: 30_000 });

  // The chosen panels only; none of the full app's chrome.
  assert.equal(await frame.locator('[data-testid="embed-title"]').textContent(), 'Hello');
  assert.equal(await frame.locator('header.top, [data-testid="preset"], [data-testid="share-link"], .editor, #how-it-works, [data-testid="embed-code"]').count(), 0);
  assert.equal(await frame.locator('[data-testid="value-chart"]').count(), 0);
  assert.equal(await frame.locator('.twin .column').count() >= 2, true);
  assert.equal(await frame.locator('[data-testid="price-slider-BTCUSDT"]').count(), 1);
  assert.equal(await frame.locator('[data-testid="price-slider-ETHUSDT"]').count(), 0);
  assert.equal(await frame.locator('[data-testid="verdict"]').getAttribute('data-verdict'), 'neither');

  // The parent got height messages and the listener sized the iframe.
  await host.waitForFunction(() => window.heights.length > 0 && document.querySelector('iframe').getBoundingClientRect().height > 100, null, { timeout: 10_000 });
  const last = await host.evaluate(() => window.heights[window.heights.length - 1]);
  assert.equal(last.id, null);
  assert.ok(Number.isInteger(last.height) && last.height > 100, JSON.stringify(last));
  const frameHeight = await host.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
  assert.ok(Math.abs(frameHeight - last.height) <= 1, `iframe ${frameHeight} vs message ${last.height}`);

  // Moving BTC inside the embed changes the verdict.
  await frame.locator('[data-testid="price-slider-BTCUSDT"]').evaluate((el) => {
    el.value = '45000';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await frame.locator('[data-testid="verdict"]:not([data-verdict="neither"])').waitFor({ timeout: 5_000 });
  assert.notEqual(await frame.locator('[data-testid="verdict"]').getAttribute('data-verdict'), 'neither');
  assert.equal(await frame.locator('[data-testid="price-input-BTCUSDT"]').inputValue(), '45000');

  // Styled: the stylesheet applies inside the sandboxed frame.
  const bg = await frame.locator('.card.prices').evaluate((el) => getComputedStyle(el).borderTopStyle);
  assert.equal(bg, 'solid', 'the embed is styled');

  // A viewport as tall as the page, so the whole frame is painted in the screenshot.
  const pageHeight = await host.evaluate(() => document.documentElement.scrollHeight);
  await host.setViewportSize({ width: 900, height: Math.min(4000, pageHeight) });
  await host.waitForTimeout(300);
  await host.screenshot({ path: `${ARTIFACTS}embed.png`, fullPage: true });
  // Nothing but the site's own files was requested.
  const foreign = requests.filter((u) => !u.startsWith(env.server.url) && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no requests outside the site');
  // No console error at all (a CSP violation would be one), the sandboxed
  // frame's included.
  assert.deepEqual(hostErrors, [], hostErrors.join('\n'));
  await host.close();
});

test('embed options: move=0, locks, caption and id', async () => {
  const page = await env.browser.newPage({ viewport: { width: 700, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}?embed=1&panels=prices,book,map&move=0&lock=wallet,prices,positions&caption=${encodeURIComponent('<b>Note</b>')}&id=x1`, { waitUntil: 'load' });
  await tid(page, 'embed').waitFor({ timeout: 30_000 });
  assert.equal(await tid(page, 'verdict').count(), 0);
  assert.equal(await tid(page, 'market-move').count(), 0);
  assert.equal(await tid(page, 'embed-caption').textContent(), '<b>Note</b>', 'caption is plain text');
  assert.equal(await tid(page, 'price-slider-BTCUSDT').isDisabled(), true);
  assert.equal(await tid(page, 'price-input-BTCUSDT').getAttribute('readonly') !== null, true);
  assert.equal(await tid(page, 'wallet').getAttribute('readonly') !== null, true);
  assert.equal(await tid(page, 'add-position').isDisabled(), true);
  assert.equal(await page.locator('#mark-0').getAttribute('readonly'), null, 'marks not locked');
  assert.equal(await page.locator('[data-testid="map-chart"] svg.chart-svg').count(), 1);
  assert.deepEqual(errors, [], errors.join('\n'));
  await page.close();
});
