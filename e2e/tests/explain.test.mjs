// "How this was computed" beside the numbers (docs/model.md §13), as a reader
// uses it: open the explanation of an isolated liquidation price, of the cross
// account's, of the maintenance margin and of the account value; move a price
// and watch the open explanation follow. Every number in it is checked against
// the CLI's `explain` of the same book (the engine's one explanation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, siteAndBrowser } from '../browser.mjs';
import { changed, openApp, text, tid } from '../page.mjs';
import { DEFAULT_SCENARIO, explain } from '../oracle.mjs';

const env = siteAndBrowser();

/** The page's way of writing an explanation's number (grouped, ≤ 10 decimals). */
function exact(s) {
  const neg = s.startsWith('-');
  const [int, frac = ''] = (neg ? s.slice(1) : s).split('.');
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const f = frac ? `.${frac.slice(0, 10)}${frac.length > 10 ? '…' : ''}` : '';
  return `${neg ? '−' : ''}${g}${f}`;
}

/** The steps of an open panel: symbol and the value line. */
async function steps(page, panel) {
  return tid(page, panel).locator('ol.explain-steps > li').evaluateAll((lis) =>
    lis.map((li) => ({ symbol: li.dataset.symbol, value: li.querySelector('code.value')?.textContent?.trim() })));
}

test('an isolated liquidation price opens to its formula, the tier chosen and the numbers the engine used', async () => {
  const { page, errors } = await openApp(env);
  const cli = explain(DEFAULT_SCENARIO, 'liquidation_price', { position: 0, variant: 'all_isolated' });
  const button = tid(page, 'how-liq-isolated-0');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const panel = tid(page, 'how-liq-isolated-0-panel');
  await panel.waitFor({ timeout: 5_000 });
  assert.equal(await panel.locator('[data-testid="explain-result"]').textContent(), exact(cli.result));
  const shown = await steps(page, 'how-liq-isolated-0-panel');
  assert.deepEqual(shown.map((s) => s.symbol), cli.steps.map((s) => s.symbol));
  assert.deepEqual(shown.map((s) => s.value), cli.steps.map((s) => `= ${exact(s.value)}`));
  const body = await panel.textContent();
  assert.match(body, /a₁ = −\(s₁·q₁·EP₁\) \+ cum₁/);
  assert.match(body, /= −\(1 × 1 × 60,000\) \+ 50/);
  assert.match(body, /P = −A ÷ B/);
  assert.ok(body.includes(cli.tiers[0].text), 'the tier chosen and why');
  await panel.screenshot({ path: `${ARTIFACTS}explain-isolated.png` });

  // The editor's default margin: q·EP ÷ L, 1 × 60,000 ÷ 20.
  await tid(page, 'how-opening-0').click();
  const opening = tid(page, 'how-opening-0-panel');
  await opening.waitFor({ timeout: 5_000 });
  const o = explain(DEFAULT_SCENARIO, 'opening_margin', { position: 0 });
  assert.equal(o.result, '3000');
  assert.equal(await opening.locator('[data-testid="explain-result"]').textContent(), '3,000');
  assert.match(await opening.textContent(), /IM = round\(q₁·EP₁ ÷ L₁, 20 digits\)/);

  // Move BTC: the open explanation follows the page (the isolated price
  // itself does not move; its notes and the cross one do). Close it again.
  await button.click();
  assert.equal(await panel.count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the cross account's liquidation price, the maintenance margin and the account value at moved prices", async () => {
  const { page, errors } = await openApp(env);
  const input = tid(page, 'price-input-BTCUSDT');
  const before = await text(page, 'cross-liq-price-ETHUSDT');
  await input.fill('52000');
  await input.press('Enter');
  await changed(page, 'cross-liq-price-ETHUSDT', before);
  const prices = 'BTCUSDT=52000';

  // The cross column's price along ETH, below.
  await tid(page, 'how-cross-cross-ETHUSDT-below').click();
  const cross = explain(DEFAULT_SCENARIO, 'cross_liquidation_price', { market: 'ETHUSDT', side: 'below', variant: 'all_cross', prices });
  const panel = tid(page, 'how-cross-cross-ETHUSDT-below-panel');
  await panel.waitFor({ timeout: 5_000 });
  assert.equal(await panel.locator('[data-testid="explain-result"]').textContent(), exact(cross.result));
  assert.deepEqual((await steps(page, 'how-cross-cross-ETHUSDT-below-panel')).map((s) => s.value),
    cross.steps.map((s) => `= ${exact(s.value)}`));
  await panel.screenshot({ path: `${ARTIFACTS}explain-cross.png` });

  // The isolated column's maintenance margin: every position's, summed.
  await tid(page, 'how-maintenance-isolated').click();
  const mm = explain(DEFAULT_SCENARIO, 'maintenance_margin', { variant: 'all_isolated', prices });
  const mmPanel = tid(page, 'how-maintenance-isolated-panel');
  await mmPanel.waitFor({ timeout: 5_000 });
  assert.equal(await mmPanel.locator('[data-testid="explain-result"]').textContent(), exact(mm.result));

  // The cross column's account value, with its liquidation test; then a
  // price that wipes the cross account: the open panel says so.
  await tid(page, 'how-value-cross').click();
  const valuePanel = tid(page, 'how-value-cross-panel');
  await valuePanel.waitFor({ timeout: 5_000 });
  let value = explain(DEFAULT_SCENARIO, 'account_value', { variant: 'all_cross', prices });
  assert.equal(await valuePanel.locator('[data-testid="explain-result"]').textContent(), exact(value.result));
  assert.match(await valuePanel.textContent(), /Ec > Mc: standing/);
  const eth = tid(page, 'price-input-ETHUSDT');
  await eth.fill('2000');
  await eth.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="how-value-cross-panel"]')?.textContent?.includes('Ec ≤ Mc: liquidated'), null, { timeout: 5_000 });
  value = explain(DEFAULT_SCENARIO, 'account_value', { variant: 'all_cross', prices: `${prices},ETHUSDT=2000` });
  assert.equal(await valuePanel.locator('[data-testid="explain-result"]').textContent(), exact(value.result));
  await page.locator('section.column.cross').screenshot({ path: `${ARTIFACTS}explain-value.png` });
  // What the wipe took for good, and what the isolated column still has at stake.
  await tid(page, 'how-lost-cross').click();
  const lostPanel = tid(page, 'how-lost-cross-panel');
  await lostPanel.waitFor({ timeout: 5_000 });
  const lost = explain(DEFAULT_SCENARIO, 'lost_for_good', { variant: 'all_cross', prices: `${prices},ETHUSDT=2000` });
  assert.equal(await lostPanel.locator('[data-testid="explain-result"]').textContent(), exact(lost.result));
  assert.equal(lost.result, '10000');
  await tid(page, 'how-stake-isolated').click();
  const stakePanel = tid(page, 'how-stake-isolated-panel');
  await stakePanel.waitFor({ timeout: 5_000 });
  const stake = explain(DEFAULT_SCENARIO, 'at_stake', { variant: 'all_isolated', prices: `${prices},ETHUSDT=2000` });
  assert.equal(await stakePanel.locator('[data-testid="explain-result"]').textContent(), exact(stake.result));

  // The verdict's numbers: each set-up's account value, from the banner.
  await tid(page, 'how-verdict-isolated').click();
  const verdictPanel = tid(page, 'how-verdict-isolated-panel');
  await verdictPanel.waitFor({ timeout: 5_000 });
  const iso = explain(DEFAULT_SCENARIO, 'account_value', { variant: 'all_isolated', prices: `${prices},ETHUSDT=2000` });
  assert.equal(await verdictPanel.locator('[data-testid="explain-result"]').textContent(), exact(iso.result));
  assert.equal(await verdictPanel.locator('[data-testid="explain-result"]').textContent(), (await text(page, 'isolated-account-value')).replace(/\.00 USDT$/, '').replace(/ USDT$/, ''));
  await tid(page, 'verdict').screenshot({ path: `${ARTIFACTS}explain-verdict.png` });
  assert.deepEqual(errors, []);
  await page.close();
});
