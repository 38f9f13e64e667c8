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
  // The account that is gone says where it went, and nothing else.
  assert.match(await bad.locator('[data-testid="cross-wiped"]').textContent(), /it went at SOL 125\.8/);
  assert.equal(await bad.locator('[data-testid="cross-maintenance"]').count(), 0);
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

test('lesson 1 shows the swing: isolated holds more at +12 %, then keeps its loss when prices come back', async () => {
  const { page, errors } = await openLesson();
  const frame = await embed(page, 'lesson-hedged');
  const tid = (id) => frame.locator(`[data-testid="${id}"]`);
  const move = frame.locator('#market-move-exact');
  await move.fill('12');
  await move.press('Enter');
  await frame.locator('[data-testid="verdict"][data-ahead="isolated"]').waitFor({ timeout: 10_000 });
  // At +12 % the isolated account holds more: the banner must not call it the loser.
  const head = (await tid('verdict-head').textContent()).trim();
  assert.equal(head, 'Isolated holds more now (13,200.00 USDT against 12,000.00 USDT), but cross comes out ahead if prices return (12,000.00 USDT against 6,000.00 USDT).');
  assert.equal((await tid('isolated-account-value').textContent()).trim(), '13,200.00 USDT');
  // What each still risks, and what isolated already lost for good.
  assert.equal((await tid('isolated-lost').textContent()).trim(), '6,000.00 USDT');
  assert.equal((await tid('isolated-stake').textContent()).trim(), '6,000.00 USDT');
  assert.equal((await tid('cross-stake').textContent()).trim(), '12,000.00 USDT');

  // The swing back: prices return to the marks, the ETH short stays liquidated.
  await tid('swing-back').click();
  await frame.locator('[data-testid="verdict"][data-ahead="cross"]').waitFor({ timeout: 10_000 });
  assert.equal((await tid('verdict-head').textContent()).trim(),
    'After this path, cross is better off: it holds 12,000.00 USDT against 6,000.00 USDT.');
  assert.match(await tid('verdict-isolated').textContent(), /the ETH short was liquidated on the path at ETH 3,2\d\d.*6,000\.00 USDT margin is lost for good, even with prices back/);
  assert.match(await tid('verdict-cross').textContent(), /rode the swing out/);
  // Everywhere else on screen too: the values, the loss, the position marks, the prices.
  assert.equal((await tid('isolated-account-value').textContent()).trim(), '6,000.00 USDT');
  assert.equal((await tid('cross-account-value').textContent()).trim(), '12,000.00 USDT');
  assert.equal((await tid('isolated-lost').textContent()).trim(), '6,000.00 USDT');
  assert.equal((await tid('cross-lost').textContent()).trim(), '0.00 USDT');
  const ethRow = frame.locator('.column.isolated .pos-list li', { hasText: '#2 ETH short' });
  assert.match(await ethRow.getAttribute('class'), /liquidated/);
  assert.match(await ethRow.textContent(), /✕ liquidated.*on the path at ETH 3,2/);
  const btcRow = frame.locator('.column.isolated .pos-list li', { hasText: '#1 BTC long' });
  assert.match(await btcRow.textContent(), /● open/);
  assert.equal(await move.inputValue(), '0', 'the prices shown are the start again');
  assert.equal(await tid('path-mode').isChecked(), true, 'the swing is a path');
  await page.waitForTimeout(200);
  await frame.locator('[data-testid="embed"]').screenshot({ path: `${ARTIFACTS}lesson-swing.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test("each lesson embed's chart follows the market its text names, in one colour per mode", async () => {
  const { page, errors } = await openLesson();
  for (const id of ['lesson-bad-trade', 'lesson-isolated']) {
    const frame = await embed(page, id);
    const svg = frame.locator('[data-testid="value-chart"] svg.chart-svg');
    await svg.waitFor({ timeout: 10_000 });
    assert.match(await svg.textContent(), /SOLUSDT price \(USDT\)/, `${id} follows SOL`);
    // The zone where cross is wiped is shaded in cross's colour, the one
    // where isolated loses in isolated's, as their lines and columns.
    const fills = await svg.locator('rect').evaluateAll((rs) => rs.map((r) => r.getAttribute('fill')));
    assert.ok(fills.includes('#0072B2'), `${id}: a zone in cross blue`);
  }
  // Lesson 3 is the isolated set-up: its column alone.
  const iso = await embed(page, 'lesson-isolated');
  assert.equal(await iso.locator('.column').count(), 1);
  assert.equal(await iso.locator('.column.isolated').count(), 1);
  const bad = await embed(page, 'lesson-bad-trade');
  assert.equal(await bad.locator('.column').count(), 2);
  // "One bad trade": the threat is SOL's −16 %, not BTC's −80 %.
  assert.match(await bad.locator('[data-testid="verdict-threat"]').textContent(),
    /^Nearest threat to cross: the cross account is liquidated at SOL 125\.8\d? \(−16\.\d %/);
  assert.deepEqual(errors, []);
  await page.close();
});
