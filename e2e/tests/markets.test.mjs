// End-to-end tests of the markets editor: a custom tier table changes the
// isolated liquidation price exactly as the CLI computes it, a bad tier names
// its field, and markets can be added and removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ARTIFACTS, siteAndBrowser, watchErrors } from '../browser.mjs';
import { evaluate, scenarioFile } from '../oracle.mjs';

const env = siteAndBrowser();

const tid = (page, id) => page.locator(`[data-testid="${id}"]`);
const text = async (page, id) => (await tid(page, id).textContent())?.trim();

async function open() {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await page.goto(env.server.url, { waitUntil: 'load' });
  await tid(page, 'verdict').waitFor({ state: 'visible', timeout: 30_000 });
  return { page, errors };
}

/** The page's price text for a price above 1,000: whole units, grouped. */
const wholePrice = (s) => Math.round(Number(s)).toLocaleString('en-US');

async function exportScenario(page) {
  await tid(page, 'export-group').evaluate((d) => { d.open = true; });
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), tid(page, 'export-json').click()]);
  return JSON.parse(readFileSync(await dl.path(), 'utf8'));
}

test('a custom BTC tier table moves the isolated liquidation price as the CLI does', async () => {
  const { page, errors } = await open();
  assert.equal(await tid(page, 'market-row').count(), 3);
  const before = await text(page, 'isolated-liq-price-0');
  await tid(page, 'tier-source-BTCUSDT').selectOption('custom');
  const rows = page.locator('[data-testid="market-row"]').nth(0).locator('[data-testid="tier-row"]');
  assert.equal(await rows.count(), 12);
  // The position's notional (60,000, and ~57,000 at liquidation) is in tier 2.
  const mmr = page.getByLabel('BTCUSDT tier 2 maintenance rate', { exact: true });
  assert.equal(await mmr.inputValue(), '0.005');
  assert.equal(await text(page, 'isolated-liq-price-0'), before, 'the copy is the same table');
  // 0.05 would exceed tier 3's 0.0065 (rates must not decrease): the engine says so.
  await mmr.fill('0.05');
  await tid(page, 'error').waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'error'), /Market 1, tier 3, mmr/);
  assert.equal(await text(page, 'isolated-liq-price-0'), before, 'still the last valid book');
  await mmr.fill('0.006');
  await page.waitForFunction((b) => document.querySelector('[data-testid="isolated-liq-price-0"]')?.textContent?.trim() !== b, before);
  assert.equal(await tid(page, 'error').count(), 0);

  const scenario = await exportScenario(page);
  assert.equal(scenario.markets[0].preset, undefined);
  assert.equal(scenario.markets[0].tiers[1].mmr, '0.006');
  const r = evaluate(scenarioFile(scenario));
  const liq = r.positions[0].liquidation_price;
  assert.equal(await text(page, 'isolated-liq-price-0'), wholePrice(liq));
  assert.notEqual(wholePrice(liq), before);

  // An overlapping floor names the field; the page keeps working.
  const good = await text(page, 'isolated-liq-price-0');
  const floor = page.getByLabel('BTCUSDT tier 2 floor', { exact: true });
  await floor.fill('40000');
  await tid(page, 'error').waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'error'), /Market 1, tier 2, floor/);
  assert.equal(await floor.getAttribute('aria-invalid'), 'true');
  assert.equal(await text(page, 'isolated-liq-price-0'), good);
  await page.locator('#pos-0-leverage').fill('10');
  assert.equal(await text(page, 'isolated-liq-price-0'), good, 'results stay on the last valid book');
  await floor.fill('50000');
  await page.waitForFunction((g) => document.querySelector('[data-testid="isolated-liq-price-0"]')?.textContent?.trim() !== g, good);
  assert.equal(await tid(page, 'error').count(), 0);
  await page.locator('#pos-0-leverage').fill('20');
  await page.screenshot({ path: `${ARTIFACTS}markets.png`, fullPage: true });
  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
});

test('markets can be added and removed; a used market cannot be removed', async () => {
  const { page, errors } = await open();
  const btcRemove = tid(page, 'remove-market-BTCUSDT');
  assert.equal(await btcRemove.isDisabled(), true);
  assert.match((await btcRemove.getAttribute('title')) ?? '', /used by a position/);
  await tid(page, 'add-market').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="market-row"]').length === 4);
  assert.equal(await page.locator('#symbol-3').inputValue(), 'NEWUSDT');
  assert.equal(await tid(page, 'tier-source-NEWUSDT').inputValue(), 'custom');
  assert.equal(await page.locator('[data-testid="market-row"]').nth(3).locator('[data-testid="tier-row"]').count(), 1);
  assert.equal(await tid(page, 'error').count(), 0);
  assert.equal(await page.locator('#mark-3').inputValue(), '100');
  // The price controls follow the new market.
  assert.equal(await tid(page, 'price-slider-NEWUSDT').count(), 1);
  await tid(page, 'remove-market-NEWUSDT').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="market-row"]').length === 3);
  assert.equal(await tid(page, 'error').count(), 0);
  assert.equal(await tid(page, 'price-slider-NEWUSDT').count(), 0);
  assert.match(await text(page, 'verdict'), /^No liquidation/);
  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
});
