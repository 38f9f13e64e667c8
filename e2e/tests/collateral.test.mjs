// Coin collateral and coin-margined contracts (scenario version 2), driven as
// a person would: load the teaching examples, read the third comparison in
// words, drag the price, change how the coin counts, make a market inverse,
// and check every number against the CLI (the engine) on the exported file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, siteAndBrowser } from '../browser.mjs';
import { changed, exportScenario, openApp, text, tid, wholePrice } from '../page.mjs';
import { evaluate, money, scenarioFile } from '../oracle.mjs';

const env = siteAndBrowser();

const open = (viewport) => openApp(env, viewport);

test('a long backed by the same coin: the verdict says where each funding goes, as the engine does', async () => {
  const { page, errors } = await open();
  await tid(page, 'preset').selectOption('same-coin-long');
  await tid(page, 'verdict-collateral').waitFor({ timeout: 5_000 });
  const words = await text(page, 'verdict-collateral');
  assert.match(words, /^The BTC you posted as margin falls with BTCUSDT/);
  const scenario = await exportScenario(page);
  assert.equal(scenario.version, 2);
  assert.equal(scenario.assets[0].preset, 'binance-multiassets-btc-2021');
  const r = evaluate(scenarioFile(scenario));
  const [coin, stable] = [r.funding.markets[0].with_coins.down, r.funding.markets[0].in_stablecoins.down];
  assert.ok(words.includes(wholePrice(coin)) && words.includes(wholePrice(stable)), `${words} vs ${coin} ${stable}`);
  assert.equal(await text(page, 'cross-liq-price-BTCUSDT'), wholePrice(r.cross.liquidation_prices.BTCUSDT.down));

  // The collateral at these prices: 1 BTC counts 57,000 (95 %).
  const lines = tid(page, 'asset-line');
  assert.equal(await lines.count(), 2);
  assert.match(await lines.nth(1).innerText(), /BTC\s+1\.00\s+60,000\s+60,000\.00 USDT\s+57,000\.00 USDT/);

  // BTC down to 45,000: the coin is worth 45,000 and counts 42,750.
  const box = tid(page, 'price-input-BTCUSDT');
  const before = await text(page, 'cross-account-value');
  await box.fill('45000');
  await changed(page, 'cross-account-value', before);
  assert.match(await lines.nth(1).innerText(), /45,000\.00 USDT\s+42,750\.00 USDT/);
  const at45 = evaluate(scenarioFile(scenario), { BTCUSDT: '45000' });
  assert.equal(await text(page, 'cross-account-value'), Number(at45.account_value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' USDT');
  // Below the coin-funded price the whole cross account is gone; with the
  // same value in USDT it would still stand.
  await box.fill('40000');
  await page.waitForFunction(() => /liquidat|went/i.test(document.querySelector('[data-testid="verdict"]')?.textContent ?? ''), null, { timeout: 5_000 });
  const at40 = evaluate(scenarioFile(scenario), { BTCUSDT: '40000' });
  assert.equal(at40.cross.liquidated, true);
  assert.equal(at40.funding.liquidated_in_stablecoins, false);
  await page.waitForFunction(() => /^At these prices/.test(document.querySelector('[data-testid="verdict-collateral"]')?.textContent ?? ''), null, { timeout: 5_000 });
  assert.equal(await text(page, 'verdict-collateral'),
    'At these prices the cross account funded by the BTC is liquidated; the same 60,000.00 in USDT would still stand.');
  await page.screenshot({ path: `${ARTIFACTS}same-coin-long.png`, fullPage: false });

  // Counted in full instead, the account lasts longer: the page agrees with the engine.
  await box.fill('60000');
  await tid(page, 'asset-counts-0').selectOption('full');
  await page.waitForFunction((w) => document.querySelector('[data-testid="verdict-collateral"]')?.textContent?.trim() !== w, words, { timeout: 5_000 });
  const full = await exportScenario(page);
  assert.equal(full.assets[0].preset, undefined);
  const rf = evaluate(scenarioFile(full));
  assert.equal(await text(page, 'cross-liq-price-BTCUSDT'), wholePrice(rf.cross.liquidation_prices.BTCUSDT.down));
  assert.ok(Number(rf.cross.liquidation_prices.BTCUSDT.down) < Number(coin));

  // Half as sensitive to BTC (beta 0.5): the page still agrees with the engine.
  const before05 = await text(page, 'cross-liq-price-BTCUSDT');
  await tid(page, 'asset-beta-0').fill('0.5');
  await changed(page, 'cross-liq-price-BTCUSDT', before05);
  const half = await exportScenario(page);
  assert.equal(half.assets[0].price.beta, '0.5');
  const rh = evaluate(scenarioFile(half));
  assert.equal(await text(page, 'cross-liq-price-BTCUSDT'), wholePrice(rh.cross.liquidation_prices.BTCUSDT.down));

  // A bad amount names its field beside it; the results keep the last valid book.
  const good = await text(page, 'cross-liq-price-BTCUSDT');
  await tid(page, 'asset-amount-0').fill('1,5x');
  await tid(page, 'field-error').first().waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'field-error'), /Collateral 1, amount/);
  assert.equal(await tid(page, 'asset-amount-0').getAttribute('aria-invalid'), 'true');
  assert.equal(await text(page, 'cross-liq-price-BTCUSDT'), good);
  await tid(page, 'asset-amount-0').fill('2');
  await changed(page, 'cross-liq-price-BTCUSDT', good);
  assert.equal(await tid(page, 'field-error').count(), 0);
  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
});

test("Binance's auto-exchange and Drift's size discount, typed in the collateral editor, as the engine computes them", async () => {
  const { page, errors } = await open();
  await tid(page, 'preset').selectOption('same-coin-long');
  await tid(page, 'asset-line').nth(1).waitFor({ timeout: 5_000 });
  // 128 hours of 1 % funding on the 3 BTC long (180,000 notional): 16
  // payments of 1,800 take the 20,000 USDT wallet to −8,800.
  await tid(page, 'funding-BTCUSDT').fill('0.01');
  await tid(page, 'hours').fill('128');
  await page.waitForFunction(() => /−8,800\.00/.test(document.querySelectorAll('[data-testid="asset-line"]')[0]?.textContent ?? ''), null, { timeout: 5_000 });
  // BTC sold at 97.5 % repays a debt above 5,000.
  await tid(page, 'asset-exchange-0').fill('0.975');
  await tid(page, 'auto-exchange').fill('5000');
  await page.waitForFunction(() => /auto-exchange: repaid 8,800/.test(document.querySelectorAll('[data-testid="asset-line"]')[0]?.textContent ?? ''), null, { timeout: 5_000 });
  assert.match(await tid(page, 'asset-line').nth(1).innerText(), /auto-exchange: sold 0\.15/);
  const scenario = await exportScenario(page);
  assert.equal(scenario.settings.auto_exchange, '5000');
  assert.equal(scenario.assets[0].exchange_ratio, '0.975');
  const r = evaluate(scenarioFile(scenario));
  assert.equal(r.assets[0].exchanged, '8800');
  // 8,800 ÷ 0.975 = 9,025.64… USDT of BTC at 60,000.
  assert.ok(Math.abs(Number(r.assets[1].exchanged) * 60000 + 8800 / 0.975) < 1e-6, r.assets[1].exchanged);
  assert.equal(await text(page, 'cross-account-value'), money(r.account_value));

  // Drift's size discount on a flat 90 %: 1.1/(1 + 0.5·√0.8496) ≈ 0.753 bites.
  await tid(page, 'asset-counts-0').selectOption('flat');
  await tid(page, 'asset-ratio-0').fill('0.9');
  const before = await tid(page, 'asset-line').nth(1).innerText();
  await tid(page, 'asset-discount-0').fill('0.5');
  await page.waitForFunction((b) => document.querySelectorAll('[data-testid="asset-line"]')[1]?.innerText !== b, before, { timeout: 5_000 });
  const drift = await exportScenario(page);
  assert.equal(drift.assets[0].size_discount, '0.5');
  const rd = evaluate(scenarioFile(drift));
  const btc = rd.assets[1];
  const ratio = Number(btc.margin_value) / Number(btc.balance);
  assert.ok(Math.abs(ratio - 1.1 / (1 + 0.5 * Math.sqrt(Number(btc.units)))) < 1e-9, `${ratio}`);
  assert.ok((await tid(page, 'asset-line').nth(1).innerText()).includes(money(btc.margin_value)));
  await page.screenshot({ path: `${ARTIFACTS}auto-exchange-drift.png`, fullPage: false });
  // A bad factor is named beside its box; the results keep the last book.
  await tid(page, 'asset-discount-0').fill('2');
  await tid(page, 'field-error').first().waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'field-error'), /Collateral 1, size discount/);
  await tid(page, 'asset-discount-0').fill('');
  await tid(page, 'auto-exchange').fill('-1');
  await page.waitForFunction(() => /auto exchange/i.test(document.querySelector('[data-testid="field-error"]')?.textContent ?? ''), null, { timeout: 5_000 });
  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
});

test('a cash-and-carry with a large haircut: liquidated on the way up', async () => {
  const { page, errors } = await open();
  await tid(page, 'preset').selectOption('cash-and-carry');
  await tid(page, 'verdict-collateral').waitFor({ timeout: 5_000 });
  const words = await text(page, 'verdict-collateral');
  assert.match(words, /^On a rise of BTCUSDT the haircut bites/);
  assert.ok(words.includes('109,634') && words.includes('120,406'), words);
  // 100 BTC count as 44.8 under Bybit's quantity tiers.
  assert.match(await tid(page, 'asset-line').nth(1).innerText(), /6,000,000\.00 USDT\s+2,688,000\.00 USDT/);
  // Up to the price: the cross account goes.
  const box = tid(page, 'price-input-BTCUSDT');
  await box.fill('110000');
  await page.waitForFunction(() => /liquidat|went/i.test(document.querySelector('[data-testid="verdict"]')?.textContent ?? ''), null, { timeout: 5_000 });
  // Past the coin-funded price but short of the stablecoin one.
  assert.equal(await text(page, 'verdict-collateral'),
    'At these prices the cross account funded by the BTC is liquidated; the same 6,000,000.00 in USDT would still stand.');
  await page.screenshot({ path: `${ARTIFACTS}cash-and-carry.png`, fullPage: false });
  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
});

test('a market made coin-margined keeps its exposure and is priced as the engine prices it', async () => {
  const { page, errors } = await open();
  // The default book: BTC isolated 20x. Make BTCUSDT inverse (contracts of 1 USD).
  const size = page.locator('#pos-0-size');
  assert.equal(await size.inputValue(), '1');
  await tid(page, 'contract-BTCUSDT').selectOption('inverse');
  await page.waitForFunction(() => document.querySelector('#pos-0-size')?.value === '60000', null, { timeout: 5_000 });
  // The coin it settles in was added, holding what the isolated position opens with.
  assert.equal(await tid(page, 'asset-row').count(), 1);
  assert.equal(await tid(page, 'asset-asset-0').inputValue(), 'BTC');
  assert.equal(await tid(page, 'asset-amount-0').inputValue(), '0.05');
  await tid(page, 'tick-BTCUSDT').fill('0.5');
  await tid(page, 'contract-size-BTCUSDT').fill('100');
  await size.fill('600');
  await page.waitForTimeout(300);
  assert.equal(await tid(page, 'field-error').count(), 0);
  const scenario = await exportScenario(page);
  assert.equal(scenario.markets[0].contract, 'inverse_perpetual');
  assert.equal(scenario.markets[0].contract_size, '100');
  const r = evaluate(scenarioFile(scenario));
  const liq = r.positions[0].liquidation_price;
  assert.equal(await text(page, 'isolated-liq-price-0'), wholePrice(liq));
  // An inverse long's isolated liquidation: margin N/EP/L coins.
  assert.equal(r.positions[0].coin.notional, '1');
  assert.ok(r.positions[0].liquidation_price_at_tick);
  // Back to linear: 1 BTC again.
  await tid(page, 'contract-BTCUSDT').selectOption('linear');
  await page.waitForFunction(() => document.querySelector('#pos-0-size')?.value === '1', null, { timeout: 5_000 });
  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
});

test('on a phone the collateral editor and panel fit the screen', async () => {
  const { page, errors } = await open({ width: 390, height: 844 });
  await tid(page, 'preset').selectOption('same-coin-long');
  await tid(page, 'collateral-panel').waitFor({ timeout: 5_000 });
  await tid(page, 'add-asset').click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
  await tid(page, 'collateral-panel').screenshot({ path: `${ARTIFACTS}collateral-phone.png` });
  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
});
