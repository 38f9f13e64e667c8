// Venue rules in the page (docs/model.md §12), driven as a person would: give
// a market a taker fee, say where the venue counts the fee to close, reserve
// it in the isolated margin, switch a market to Deribit's size-linear rates,
// and check every number against the CLI (the engine) on the exported file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, siteAndBrowser } from '../browser.mjs';
import { changed, exportScenario, openApp, text, tid, wholePrice } from '../page.mjs';
import { compare, evaluate, scenarioFile } from '../oracle.mjs';

const env = siteAndBrowser();

const open = (viewport) => openApp(env, viewport);
const grouped = (s) => Number(s).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

test('a taker fee and the fee to close: the order costs and liquidation prices the engine gives', async () => {
  const { page, errors } = await open();
  // Bybit's rule on the default book's 20x BTC long (1 BTC at 60,000).
  await tid(page, 'taker-BTCUSDT').fill('0.00055');
  await tid(page, 'order-costs').waitFor({ timeout: 5_000 });
  let scenario = await exportScenario(page);
  assert.equal(scenario.version, 2);
  assert.deepEqual(scenario.markets[0].fees, { taker: '0.00055' });
  let r = evaluate(scenarioFile(scenario));
  const c = r.positions[0].costs;
  assert.equal(c.order_cost, '3064.35'); // 3,000 + 33 + 31.35 (60,000 × 0.95 × 0.055 %)
  assert.equal(await text(page, 'order-costs'),
    `Opening takes ${grouped(c.order_cost)}: margin ${grouped(c.initial_margin)} + fee to open ${grouped(c.fee_to_open)} + fee to close ${grouped(c.fee_to_close)} (at the bankruptcy price of the leverage)`);
  // Fees outside maintenance change no liquidation price.
  const plain = await text(page, 'isolated-liq-price-0');
  assert.equal(plain, wholePrice(r.positions[0].liquidation_price));

  // Counted in maintenance at the bankruptcy price: the long liquidates higher.
  await tid(page, 'close-fee-BTCUSDT').selectOption('bankruptcy');
  await changed(page, 'isolated-liq-price-0', plain);
  scenario = await exportScenario(page);
  r = evaluate(scenarioFile(scenario));
  const withFee = await text(page, 'isolated-liq-price-0');
  assert.equal(withFee, wholePrice(r.positions[0].liquidation_price));
  assert.ok(Number(r.positions[0].liquidation_price) > Number(plain.replace(/,/g, '')));

  // Reserved in the isolated margin (Phemex): more margin, a lower price.
  await tid(page, 'close-in-margin-BTCUSDT').check();
  await changed(page, 'isolated-liq-price-0', withFee);
  scenario = await exportScenario(page);
  assert.equal(scenario.markets[0].fees.close_in_margin, true);
  r = evaluate(scenarioFile(scenario));
  assert.equal(await text(page, 'isolated-liq-price-0'), wholePrice(r.positions[0].liquidation_price));
  assert.equal(await page.locator('#pos-0-margin').getAttribute('placeholder'), '3031.35');
  await page.screenshot({ path: `${ARTIFACTS}venue-fees.png`, fullPage: false });
  await tid(page, 'market-row').first().screenshot({ path: `${ARTIFACTS}venue-fees-market.png` });
  await tid(page, 'order-costs').scrollIntoViewIfNeeded();
  await page.locator('table.positions').screenshot({ path: `${ARTIFACTS}venue-fees-positions.png` });

  // A bad rate is named beside its box; the page keeps the last valid book.
  const kept = await text(page, 'isolated-liq-price-0');
  await tid(page, 'taker-BTCUSDT').fill('0,1%');
  await tid(page, 'error').waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'error'), /taker/i);
  assert.equal(await tid(page, 'taker-BTCUSDT').getAttribute('aria-invalid'), 'true');
  assert.equal(await text(page, 'isolated-liq-price-0'), kept);
  await tid(page, 'taker-BTCUSDT').fill('0.5');
  await tid(page, 'error').waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'error'), /taker/i);
  await tid(page, 'taker-BTCUSDT').fill('');
  await page.waitForFunction(() => !document.querySelector('[data-testid="error"]'), null, { timeout: 5_000 });
  assert.equal(await tid(page, 'order-costs').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Deribit's rates linear in size: the margins and the liquidation price the engine gives", async () => {
  const { page, errors } = await open();
  const before = await text(page, 'isolated-liq-price-0');
  await tid(page, 'tier-source-BTCUSDT').selectOption('size-rates');
  await tid(page, 'size-rates-BTCUSDT').waitFor({ timeout: 5_000 });
  await changed(page, 'isolated-liq-price-0', before);
  const scenario = await exportScenario(page);
  assert.deepEqual(scenario.markets[0].size_rates, {
    maintenance: { base: '0.01', per_unit: '0.00005' },
    initial: { base: '0.02', per_unit: '0.00005' },
  });
  assert.equal(scenario.markets[0].preset, undefined);
  const r = evaluate(scenarioFile(scenario));
  // 1 BTC: MM 1.005 %, IM 2.005 % of the notional.
  assert.equal(r.positions[0].maintenance_rate, '0.01005');
  assert.equal(await text(page, 'isolated-liq-price-0'), wholePrice(r.positions[0].liquidation_price));
  // A bad rate box names its field.
  await tid(page, 'rate-BTCUSDT-1').fill('-1');
  await tid(page, 'error').waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'error'), /per.?unit/i);
  await tid(page, 'rate-BTCUSDT-1').fill('0.00005');
  await page.waitForFunction(() => !document.querySelector('[data-testid="error"]'), null, { timeout: 5_000 });
  // Back to the shipped table: the first price again.
  await tid(page, 'tier-source-BTCUSDT').selectOption('binance-usdm-btcusdt-2024-10');
  await page.waitForFunction((b) => document.querySelector('[data-testid="isolated-liq-price-0"]')?.textContent?.trim() === b, before, { timeout: 5_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a venue profile and a position like the venue's worked example: the venue's own number on the page", async () => {
  const { page, errors } = await open();
  // Bybit's help-centre example: 1 BTC long at 20,000, 50x, MMR 0.5 %,
  // maintenance on the entry value, no fees: liquidation at 19,700.
  await tid(page, 'venue-BTCUSDT').selectOption('bybit-linear-help-example');
  await tid(page, 'venue-note-BTCUSDT').waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'venue-note-BTCUSDT'), /^Bybit USDT perpetuals, help-centre example \(no fees\): rules from an undated page \(source\); fees are not part of its margin rules.*Not modelled: /);
  await tid(page, 'tier-source-BTCUSDT').selectOption('custom');
  await page.getByLabel('BTCUSDT tier 1 maintenance rate', { exact: true }).fill('0.005');
  await page.locator('#mark-0').fill('20000');
  await page.locator('#pos-0-entry').fill('20000');
  await page.locator('#pos-0-leverage').fill('50');
  await page.waitForFunction(() => document.querySelector('[data-testid="isolated-liq-price-0"]')?.textContent?.trim() === '19,700', null, { timeout: 5_000 });
  let scenario = await exportScenario(page);
  assert.equal(scenario.markets[0].venue, 'bybit-linear-help-example');
  assert.equal(scenario.markets[0].mm_basis, 'entry');
  assert.equal(evaluate(scenarioFile(scenario)).positions[0].liquidation_price, '19700');
  await tid(page, 'market-row').first().screenshot({ path: `${ARTIFACTS}venue-profile-market.png` });

  // Phemex's rules on the same position: the fee at the mark counts, and the
  // margin reserves the fee to close; the page and the engine agree.
  await tid(page, 'venue-BTCUSDT').selectOption('phemex-usdtm');
  await page.waitForFunction(() => document.querySelector('[data-testid="isolated-liq-price-0"]')?.textContent?.trim() !== '19,700', null, { timeout: 5_000 });
  assert.equal(await tid(page, 'taker-BTCUSDT').inputValue(), '0.0006');
  scenario = await exportScenario(page);
  assert.deepEqual(scenario.markets[0].fees, { taker: '0.0006', close_in_requirement: 'mark', close_in_margin: true });
  const r = evaluate(scenarioFile(scenario));
  assert.equal(await text(page, 'isolated-liq-price-0'), wholePrice(r.positions[0].liquidation_price));
  // Changing a rule by hand leaves the profile: custom rules.
  await tid(page, 'close-fee-BTCUSDT').selectOption('bankruptcy');
  await page.waitForFunction(() => !document.querySelector('[data-testid="venue-note-BTCUSDT"]'), null, { timeout: 5_000 });
  assert.equal(await tid(page, 'venue-BTCUSDT').inputValue(), 'custom');
  assert.deepEqual(errors, []);
  await page.close();
});

test('compare with my exchange: the gap and its likely reasons, as the engine ranks them', async () => {
  const { page, errors } = await open();
  await tid(page, 'compare-box').evaluate((d) => { d.open = true; });
  await tid(page, 'compare-position').selectOption('0');
  // The default book's 20x BTC long; an exchange that shows 57,300.
  await tid(page, 'compare-price').fill('57300');
  await tid(page, 'compare-result').waitFor({ timeout: 5_000 });
  const g = compare(scenarioFile(await exportScenario(page)), 0, '57300');
  const words = await text(page, 'compare-result');
  assert.ok(words.startsWith(`Your exchange's 57,300 is ${(Number(g.relative) * 100).toFixed(2)} % higher than Margin Lab's ${wholePrice(g.engine)}.`), words);
  const items = tid(page, 'compare-reason');
  assert.equal(await items.count(), g.reasons.length);
  for (let k = 0; k < g.reasons.length; k++) {
    assert.equal(await items.nth(k).getAttribute('data-key'), g.reasons[k].key);
    assert.ok((await items.nth(k).innerText()).includes(`Margin Lab then gives ${wholePrice(g.reasons[k].price)}`));
  }
  // The fitted margin comes last, and meets the venue's price exactly.
  assert.equal(g.reasons.at(-1).key, 'margin');
  assert.match(await items.last().innerText(), /less margin on your venue.* — the same as yours\.$/);
  await tid(page, 'compare-box').screenshot({ path: `${ARTIFACTS}compare-box.png` });
  // A price that is not a number is named; the page keeps working.
  await tid(page, 'compare-price').fill('57.300,5');
  await tid(page, 'compare-error').waitFor({ timeout: 5_000 });
  assert.equal(await tid(page, 'compare-price').getAttribute('aria-invalid'), 'true');
  // Hostile values, each named and leaving the page alive; then a normal
  // one answers again.
  for (const bad of ['<b>1e9</b>', '-57300', '9'.repeat(400), '٥٧٣٠٠', '1e400']) {
    await tid(page, 'compare-price').fill(bad);
    await tid(page, 'compare-error').waitFor({ timeout: 5_000 });
    assert.equal(await tid(page, 'compare-result').count(), 0, bad);
    assert.equal(await tid(page, 'compare-price').getAttribute('aria-invalid'), 'true', bad);
  }
  await tid(page, 'compare-position').selectOption('2');
  await tid(page, 'compare-price').fill('200');
  await tid(page, 'compare-result').waitFor({ timeout: 5_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('funding over a holding time: paid out of the margin, the liquidation price the engine gives', async () => {
  const { page, errors } = await open();
  const before = await text(page, 'isolated-liq-price-0');
  // 0.01 % every 8 hours on BTC, held 30 hours: three payments of 6 by the
  // 1 BTC long (at the 60,000 mark).
  await tid(page, 'funding-BTCUSDT').fill('0.0001');
  await tid(page, 'hours').fill('30');
  await tid(page, 'funding-paid').waitFor({ timeout: 5_000 });
  assert.equal(await text(page, 'funding-paid'), 'Funding over the holding time: 18.00 paid, out of its margin');
  await changed(page, 'isolated-liq-price-0', before);
  const scenario = await exportScenario(page);
  assert.equal(scenario.settings.hours, '30');
  assert.deepEqual(scenario.markets[0].funding, { rate: '0.0001' });
  const r = evaluate(scenarioFile(scenario));
  assert.equal(r.positions[0].funding_paid, '18');
  assert.equal(await text(page, 'isolated-liq-price-0'), wholePrice(r.positions[0].liquidation_price));
  assert.ok(Number(r.positions[0].liquidation_price) > Number(before.replace(/,/g, '')));
  // A bad holding time is named.
  await tid(page, 'hours').fill('-5');
  await tid(page, 'error').waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'error'), /hours/i);
  assert.deepEqual(errors, []);
  await page.close();
});

test("hedge mode (BTZO): the hedged part at entry moves the liquidation prices the engine gives", async () => {
  const { page, errors } = await open();
  // BTZO's example: 0.2 BTC long at 39,000 and 0.1 BTC short at 39,990 on a
  // flat 0.56 %, mark 40,001, opened from a share link.
  const scenario = {
    version: 2, wallet: '100000',
    markets: [{ symbol: 'BTCUSDT', mark: '40001', tiers: [{ floor: '0', cap: null, mmr: '0.0056', max_leverage: '100' }], hedged_at_entry: true }],
    positions: [
      { market: 'BTCUSDT', side: 'long', size: '0.2', entry: '39000', leverage: '10', mode: 'isolated' },
      { market: 'BTCUSDT', side: 'short', size: '0.1', entry: '39990', leverage: '10', mode: 'isolated' },
    ],
  };
  const fragment = await page.evaluate(async (s) => (await import('./margin-lab-web.js')).shareFragment(s, null), scenario);
  await page.goto(new URL(`index.html${fragment}`, env.server.url).href, { waitUntil: 'load' });
  await tid(page, 'verdict').waitFor({ timeout: 30_000 });
  const hedged = evaluate(scenarioFile(scenario));
  assert.equal(await text(page, 'isolated-liq-price-0'), wholePrice(hedged.positions[0].liquidation_price));
  assert.equal(hedged.positions[0].maintenance_margin, '44.24056');
  assert.equal(await tid(page, 'hedged-BTCUSDT').isChecked(), true);
  // One-way: both at the mark; the page follows the engine.
  const before = await text(page, 'isolated-liq-price-1');
  await tid(page, 'hedged-BTCUSDT').uncheck();
  await changed(page, 'isolated-liq-price-1', before);
  const oneWay = evaluate(scenarioFile({ ...scenario, markets: [{ ...scenario.markets[0], hedged_at_entry: false }] }));
  assert.equal(await text(page, 'isolated-liq-price-1'), wholePrice(oneWay.positions[1].liquidation_price));
  assert.deepEqual((await exportScenario(page)).markets[0].hedged_at_entry, undefined);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Mango's health rule: a book imported and edited, each liquidation price the engine's, no isolated set-up", async () => {
  const { page, errors } = await openApp(env);
  const scenario = {
    version: 2, quote: 'USDC', wallet: '95',
    markets: [
      { symbol: 'A', mark: '150', settle_health: { positive_weight: '0.95' }, tiers: [{ floor: '0', cap: null, mmr: '0.1', max_leverage: '10' }] },
      { symbol: 'B', mark: '100', settle_health: { positive_weight: '0.95' }, tiers: [{ floor: '0', cap: null, mmr: '0.1', max_leverage: '10' }] },
    ],
    positions: [
      { market: 'A', side: 'long', size: '1', entry: '100', leverage: '10', mode: 'cross' },
      { market: 'B', side: 'long', size: '10', entry: '100', leverage: '10', mode: 'cross', unsettled: '3' },
    ],
  };
  await tid(page, 'export-group').evaluate((d) => { d.open = true; });
  await tid(page, 'import-paste').fill(JSON.stringify(scenario));
  await tid(page, 'import-paste-apply').click();
  await tid(page, 'cross-liq-price-B').waitFor({ timeout: 5_000 });
  const r = evaluate(scenarioFile(scenario));
  // 95 + 0.95·35 + (10·(P − 100) + 3 − P) = 0 along B: P = 868.75 ÷ 9.
  assert.equal(r.cross.liquidation_prices.B.down, '96.52777777777777777777777778');
  // The page shows prices under 1,000 to the cent.
  const cents = (x) => Number(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  assert.equal(await text(page, 'cross-liq-price-B'), cents(r.cross.liquidation_prices.B.down));
  assert.equal(r.cross.equity, '31.25');
  assert.equal(r.cross.margin_ratio, null);
  // No isolated margin under the rule: the set-up says why.
  assert.match(await page.locator('main').innerText(), /has no isolated margin: cross only/);
  // The unsettled PnL box of B's row: more unsettled PnL, a lower price.
  assert.equal(await tid(page, 'health-A').isChecked(), true);
  const before = await text(page, 'cross-liq-price-B');
  await tid(page, 'unsettled-1').fill('30');
  await changed(page, 'cross-liq-price-B', before);
  const edited = await exportScenario(page);
  assert.equal(edited.positions[1].unsettled, '30');
  assert.deepEqual(edited.markets[1].settle_health, { positive_weight: '0.95' });
  const r2 = evaluate(scenarioFile(edited));
  assert.equal(await text(page, 'cross-liq-price-B'), cents(r2.cross.liquidation_prices.B.down));
  assert.ok(Number(r2.cross.liquidation_prices.B.down) < Number(r.cross.liquidation_prices.B.down));
  await page.screenshot({ path: `${ARTIFACTS}mango.png`, fullPage: false });
  // A bad weight is named beside its box; a second position on B is refused, named.
  await tid(page, 'health-weight-B').fill('1.5');
  await tid(page, 'field-error').first().waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'field-error'), /Market 2, settle health, positive weight/);
  await tid(page, 'health-weight-B').fill('0.95');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="field-error"]').length === 0, null, { timeout: 5_000 });
  // Off: the usual rule, maintenance beside the balance.
  const mango = await text(page, 'cross-liq-price-B');
  await tid(page, 'health-B').uncheck();
  await tid(page, 'health-A').uncheck();
  await changed(page, 'cross-liq-price-B', mango);
  const plain = await exportScenario(page);
  assert.equal(plain.markets[1].settle_health, undefined);
  // Its unsettled PnL went with the rule (its box is gone).
  assert.equal(plain.positions[1].unsettled, undefined);
  assert.equal(await tid(page, 'field-error').count(), 0);
  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
});
