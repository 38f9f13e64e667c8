// The lesson page a teacher could copy: three sandboxed embeds that size
// themselves and respond to their sliders, and a table from the JS API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, siteAndBrowser, watchErrors } from '../browser.mjs';
import { evaluate, scenarioFile } from '../oracle.mjs';

const env = siteAndBrowser();

async function openLesson() {
  const page = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(new URL('lesson.html', env.server.url).href, { waitUntil: 'load' });
  return { page, errors };
}

/** The embed in iframe `id`, once it shows its verdict. */
async function embed(page, id) {
  const frame = page.frameLocator(`#${id}`);
  await frame.locator('[data-testid="verdict"]').waitFor({ timeout: 30_000 });
  return frame;
}

test('the table printed with the JS API matches the CLI', async () => {
  const { page, errors } = await openLesson();
  const rows = page.locator('#lesson-table tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('#lesson-table tbody tr[data-verdict]').length === 4, null, { timeout: 30_000 });
  const verdicts = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.verdict));
  const samples = await page.evaluate(async () => {
    const ml = await import('./margin-lab-web.js');
    await ml.default();
    return Object.fromEntries(ml.samples().map((s) => [s.id, s.scenario]));
  });
  const expected = [
    ['hedged-pair', { BTCUSDT: '67200', ETHUSDT: '3360' }],
    ['one-bad-trade', { SOLUSDT: '120' }],
    ['one-bad-trade', { SOLUSDT: '135' }],
    ['alt-drags-btc', { SOLUSDT: '120' }],
  ].map(([id, prices]) => evaluate(scenarioFile(samples[id]), prices).comparison.verdict);
  assert.deepEqual(verdicts, expected);
  assert.deepEqual(verdicts, ['isolated_loses_cross_survives', 'cross_wiped_isolated_survives', 'isolated_loses_cross_survives', 'cross_wiped_isolated_survives']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('each embed renders without chrome, reports its height and responds to its slider', async () => {
  const { page, errors } = await openLesson();
  for (const id of ['lesson-hedged', 'lesson-bad-trade', 'lesson-isolated']) {
    const frame = await embed(page, id);
    // Embed mode: the lesson's title instead of the page header; no toolbar or editor.
    assert.equal(await frame.locator('.tagline').count(), 0, `${id} shows the page header`);
    assert.equal(await frame.locator('[data-testid="share-link"]').count(), 0, `${id} shows the toolbar`);
    assert.equal(await frame.locator('[data-testid="add-position"]').count(), 0, `${id} shows the editor`);
    // The parent sized the iframe from the height the embed posted.
    await page.waitForFunction((i) => parseFloat(document.getElementById(i).style.height) > 150, id, { timeout: 10_000 });
  }
  // Embed 2: SOL down to 120 wipes the cross account.
  const bad = await embed(page, 'lesson-bad-trade');
  const before = await bad.locator('[data-testid="verdict"]').textContent();
  const input = bad.locator('[data-testid="price-input-SOLUSDT"]');
  await input.fill('120');
  await input.press('Enter');
  await bad.locator('[data-testid="verdict"]').filter({ hasText: 'Cross: the whole' }).waitFor({ timeout: 10_000 });
  assert.notEqual(await bad.locator('[data-testid="verdict"]').textContent(), before);
  // Embed 3, the same book isolated: only SOL's margin is lost.
  const iso = await embed(page, 'lesson-isolated');
  const input3 = iso.locator('[data-testid="price-input-SOLUSDT"]');
  await input3.fill('120');
  await input3.press('Enter');
  await iso.locator('[data-testid="verdict"]').filter({ hasText: '1,500' }).waitFor({ timeout: 10_000 });
  await iso.locator('[data-testid="verdict-isolated"]').filter({ hasText: "the SOL long's 1,500.00 USDT margin is lost for good" }).waitFor({ timeout: 10_000 });
  await iso.locator('[data-testid="verdict-threat"]').filter({ hasText: /^Nearest threat to isolated: the (BTC|ETH) long/ }).waitFor({ timeout: 10_000 });
  // A viewport as tall as the page, so every frame is painted in the screenshot.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1100, height: Math.min(6000, height) });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${ARTIFACTS}lesson.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
