// Shipping: the site as a teacher would publish it. From a plain static
// server with no CORS header, in a sub-folder: the app, the lesson page and
// its embeds work; an embed works on a host page of another origin, and one
// that cannot start shows a link instead; after one visit everything works
// offline; a new version is picked up on the next visit; and the README's
// first command serves the release build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, launchBrowser, watchErrors } from '../browser.mjs';
import { serveDist, DEFAULT_ROOT } from '../serve-dist.mjs';
import { REPO } from '../oracle.mjs';

const DIST = process.env.DIST_DIR ?? DEFAULT_ROOT;
const SUB = 'courses/margin/';
let browser;
const temps = [];

/** A copy of dist/ under `sub` in a fresh folder, served as it is. */
async function publish(sub = SUB) {
  const root = mkdtempSync(join(tmpdir(), 'margin-lab-site-'));
  temps.push(root);
  cpSync(DIST, join(root, sub), { recursive: true });
  const server = await serveDist({ root });
  return { root, dir: join(root, sub), server, url: server.url + sub };
}

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const tid = (page, id) => page.locator(`[data-testid="${id}"]`);

async function appReady(page) {
  await tid(page, 'verdict').waitFor({ state: 'visible', timeout: 30_000 });
}

/** Polls `check` (run in the page; it may be async) until it is true. */
async function until(page, check, arg, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await page.evaluate(check, arg)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the service worker is active and its cache holds the site. */
async function offlineReady(page) {
  await until(page, async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg?.active || reg.active.state !== 'activated') return false;
    const keys = await caches.keys();
    const cache = keys.find((k) => k.startsWith('margin-lab-'));
    if (!cache) return false;
    const c = await caches.open(cache);
    return !!(await c.match('margin-lab-web_bg.wasm')) && !!(await c.match('lesson.html'));
  }, null, 'the offline copy');
}

test('from a plain static server in a sub-folder: the app, the lesson page and its embeds', async () => {
  const site = await publish();
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(site.url, { waitUntil: 'load' });
  await appReady(page);
  assert.equal(await tid(page, 'cross-account-value').textContent(), '10,000.00 USDT');
  assert.match(await page.locator('meta[name="margin-lab-version"]').getAttribute('content'), /^[0-9a-f]{16}$/);
  assert.equal(await page.locator('#boot').count(), 0, 'the loading line is gone once the app runs');

  const lesson = await context.newPage();
  const lessonErrors = watchErrors(lesson);
  await lesson.goto(site.url + 'lesson.html', { waitUntil: 'load' });
  for (const id of ['lesson-hedged', 'lesson-bad-trade', 'lesson-isolated']) {
    await lesson.locator(`#${id}`).scrollIntoViewIfNeeded();
    const frame = lesson.frameLocator(`#${id}`);
    await frame.locator('[data-testid="verdict"]').waitFor({ state: 'visible', timeout: 30_000 });
  }
  // The embeds respond: SOL down to 120 in the second one.
  const bad = lesson.frameLocator('#lesson-bad-trade');
  await bad.locator('[data-testid="price-input-SOLUSDT"]').fill('120');
  await bad.locator('[data-testid="verdict"][data-verdict="cross_wiped_isolated_survives"]').waitFor({ timeout: 5_000 });
  assert.equal(await lesson.locator('#lesson-table tbody tr').count(), 4);
  assert.equal(await lesson.locator('.margin-lab-fallback:not([hidden])').count(), 0);
  await lesson.screenshot({ path: `${ARTIFACTS}lesson-plain-host.png`, fullPage: true });
  assert.deepEqual(errors, [], errors.join('\n'));
  assert.deepEqual(lessonErrors, [], lessonErrors.join('\n'));
  await context.close();
  await site.server.close();
});

test('the embed snippet on a host page of another origin; one that cannot start shows a link', async () => {
  const site = await publish();
  const app = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await app.goto(site.url, { waitUntil: 'load' });
  await appReady(app);
  await tid(app, 'embed-code').click();
  const snippet = await tid(app, 'embed-snippet').inputValue();
  await app.close();

  // The host: another server (another port, so another origin), plain too.
  const hostRoot = mkdtempSync(join(tmpdir(), 'margin-lab-host-'));
  temps.push(hostRoot);
  writeFileSync(join(hostRoot, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A course</title></head>
<body><h1>Week 3: margin</h1>${snippet}<p>After the embed.</p></body></html>`);
  const host = await serveDist({ root: hostRoot });
  const siteOrigin = new URL(site.url).origin;
  assert.notEqual(new URL(host.url).origin, siteOrigin);
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const errors = watchErrors(page, { origins: [siteOrigin] });
  await page.goto(host.url, { waitUntil: 'load' });
  const frame = page.frameLocator('.margin-lab-embed iframe');
  await frame.locator('[data-testid="verdict"]').waitFor({ state: 'visible', timeout: 30_000 });
  await frame.locator('[data-testid="price-input-BTCUSDT"]').fill('45000');
  await frame.locator('[data-testid="verdict"]:not([data-verdict="neither"])').waitFor({ timeout: 5_000 });
  await page.waitForFunction(() => document.querySelector('.margin-lab-embed iframe').getBoundingClientRect().height > 200);
  await page.waitForTimeout(5_500);
  assert.equal(await page.locator('.margin-lab-embed p').isHidden(), true, 'no fallback for an embed that started');
  await page.screenshot({ path: `${ARTIFACTS}embed-other-origin.png`, fullPage: true });
  assert.deepEqual(errors, [], errors.join('\n'));
  await page.close();

  // A site whose wasm is missing: the host shows the link within a few seconds.
  rmSync(join(site.dir, 'margin-lab-web_bg.wasm'));
  const broken = await browser.newPage({ viewport: { width: 900, height: 900 } });
  await broken.goto(host.url, { waitUntil: 'load' });
  const started = Date.now();
  await broken.locator('.margin-lab-embed p').waitFor({ state: 'visible', timeout: 10_000 });
  assert.ok(Date.now() - started < 8_000, 'the link shows within a few seconds');
  const link = broken.locator('.margin-lab-embed p a');
  assert.equal(new URL(await link.getAttribute('href')).origin, siteOrigin);
  assert.match(await link.getAttribute('href'), /#v1=/);
  // Inside the frame, the page says in words that it could not start.
  await broken.frameLocator('.margin-lab-embed iframe').locator('#boot').filter({ hasText: 'could not start' }).waitFor({ timeout: 10_000 });
  await broken.screenshot({ path: `${ARTIFACTS}embed-fallback.png`, fullPage: true });
  await broken.close();
  await host.close();
  await site.server.close();
});

test('after one visit, the app, the lesson page and its embeds work with the server gone', async () => {
  const site = await publish();
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(site.url, { waitUntil: 'load' });
  await appReady(page);
  await offlineReady(page);
  await site.server.close();

  await page.reload({ waitUntil: 'load' });
  await appReady(page);
  await tid(page, 'price-input-BTCUSDT').fill('45000');
  await tid(page, 'verdict').locator('xpath=self::*[not(@data-verdict="neither")]').waitFor({ timeout: 5_000 });
  const lesson = await context.newPage();
  const lessonErrors = watchErrors(lesson);
  await lesson.goto(site.url + 'lesson.html', { waitUntil: 'load' });
  for (const id of ['lesson-hedged', 'lesson-bad-trade']) {
    await lesson.locator(`#${id}`).scrollIntoViewIfNeeded();
    await lesson.frameLocator(`#${id}`).locator('[data-testid="verdict"]').waitFor({ state: 'visible', timeout: 30_000 });
  }
  assert.equal(await lesson.locator('#lesson-table tbody tr').count(), 4);
  await lesson.screenshot({ path: `${ARTIFACTS}lesson-offline.png`, fullPage: true });
  assert.deepEqual(errors, [], errors.join('\n'));
  assert.deepEqual(lessonErrors, [], lessonErrors.join('\n'));
  await context.close();
});

test('a new version is picked up on the next visit', async () => {
  const site = await publish();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url, { waitUntil: 'load' });
  await appReady(page);
  await offlineReady(page);
  const v1 = await page.locator('meta[name="margin-lab-version"]').getAttribute('content');

  // A new build: another version in the page and in the service worker.
  const v2 = 'f'.repeat(16);
  const swPath = join(site.dir, 'sw.js');
  writeFileSync(swPath, readFileSync(swPath, 'utf8').replace(JSON.stringify(v1), JSON.stringify(v2)));
  const indexPath = join(site.dir, 'index.html');
  writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace(`content="${v1}"`, `content="${v2}"`));

  // The next visit finds the new service worker, which fetches the new files…
  await page.goto(site.url, { waitUntil: 'load' });
  await until(page, async (v) => {
    const keys = await caches.keys();
    return keys.length === 1 && keys[0] === `margin-lab-${v}`;
  }, v2, 'the new version to replace the old');
  // …and the visit after shows the new version.
  await page.goto(site.url, { waitUntil: 'load' });
  await appReady(page);
  assert.equal(await page.locator('meta[name="margin-lab-version"]').getAttribute('content'), v2);
  await context.close();
  await site.server.close();
});

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test("the README's first command serves the release build", { timeout: 600_000 }, async () => {
  const port = await freePort();
  const child = spawn('bash', ['scripts/serve.sh'], { cwd: REPO, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  try {
    const url = `http://127.0.0.1:${port}/`;
    const deadline = Date.now() + 540_000;
    let served;
    while (Date.now() < deadline) {
      served = await fetch(url + 'margin-lab-web_bg.wasm').then((r) => (r.ok ? r.arrayBuffer() : null)).catch(() => null);
      if (served) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    assert.ok(served, `the serve command did not serve:\n${log}`);
    const release = readFileSync(join(DIST, 'margin-lab-web_bg.wasm'));
    assert.equal(served.byteLength, release.length, 'the same wasm as the release build');
    assert.ok(served.byteLength < 2_000_000, `a release build (${served.byteLength} bytes)`);
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(url, { waitUntil: 'load' });
    await appReady(page);
    assert.deepEqual(errors, [], errors.join('\n'));
    await page.close();
  } finally {
    process.kill(-child.pid, 'SIGTERM');
  }
});
