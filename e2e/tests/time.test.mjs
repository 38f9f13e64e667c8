// Time, as a trader checks a week of funding: give BTC a funding rate with a
// schedule of its first rates, hold the book 30 hours, and read the chart of
// liquidation prices against holding time and its table — every number the
// engine's (the CLI's timeline and evaluate on the exported book).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, siteAndBrowser } from '../browser.mjs';
import { changed, exportScenario, openApp, text, tid, wholePrice } from '../page.mjs';
import { evaluate, money, scenarioFile, timeline, walk } from '../oracle.mjs';

const env = siteAndBrowser();

test('a funding schedule and a holding time: liquidation prices against time, as the engine gives them', async () => {
  const { page, errors } = await openApp(env);
  // No funding: no time chart.
  assert.equal(await tid(page, 'time-chart').count(), 0);
  const before = await text(page, 'isolated-liq-price-0');
  await tid(page, 'funding-BTCUSDT').fill('0.0001');
  await tid(page, 'time-chart').waitFor({ timeout: 5_000 });
  // The first two intervals at 0.1 % and 0.2 % (a funding spike), then 0.01 %.
  await tid(page, 'funding-schedule-BTCUSDT').fill('0.001, 0.002');
  await tid(page, 'hours').fill('30');
  await changed(page, 'isolated-liq-price-0', before);
  const scenario = await exportScenario(page);
  assert.deepEqual(scenario.markets[0].funding, { rate: '0.0001', schedule: ['0.001', '0.002'] });
  const file = scenarioFile(scenario);
  const r = evaluate(file);
  // 60 + 120 + 6 paid by the 1 BTC long over 30 hours.
  assert.equal(r.positions[0].funding_paid, '186');
  assert.equal(await text(page, 'isolated-liq-price-0'), wholePrice(r.positions[0].liquidation_price));
  assert.equal(await text(page, 'funding-paid'), 'Funding over the holding time: 186.00 paid, out of its margin');

  // The table: now, held 30 h, a week — the engine's timeline.
  const t = timeline(file, 'BTCUSDT', 168);
  const rows = await tid(page, 'time-table').locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  const long = t.lines.find((l) => l.of === 'isolated' && l.position === 0);
  const row = rows.find((x) => x[0] === '#1 BTC long (isolated)');
  assert.ok(row, JSON.stringify(rows));
  assert.equal(row[1], wholePrice(long.prices[0]));
  assert.equal(row[2], wholePrice(r.positions[0].liquidation_price), 'held 30 h is the book the page shows');
  assert.equal(row[3], wholePrice(long.prices.at(-1)));
  // Funding walks the long's liquidation price up every interval.
  const ps = long.prices.map(Number);
  assert.ok(ps.every((p, k) => k === 0 || p > ps[k - 1]), ps.join());
  // The cross account's lines are there too (the ETH and SOL positions are
  // cross; BTC moves it only through the cross wallet's funding: none here).
  await tid(page, 'time-chart').screenshot({ path: `${ARTIFACTS}time-chart.png` });
  await page.locator('section[aria-labelledby="time-h"]').screenshot({ path: `${ARTIFACTS}time-card.png` });

  // A bad schedule rate is named, and the page keeps the last good book.
  await tid(page, 'funding-schedule-BTCUSDT').fill('0.001, 9');
  await tid(page, 'error').waitFor({ timeout: 5_000 });
  assert.match(await text(page, "error"), /Market 1, funding, schedule 2: 9 is out of the supported range/);
  assert.equal(await text(page, 'isolated-liq-price-0'), wholePrice(r.positions[0].liquidation_price));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a loan accrues interest over the holding time, as the engine counts it', async () => {
  const { page, errors } = await openApp(env);
  await tid(page, 'preset').selectOption('same-coin-long');
  await tid(page, 'collateral-panel').waitFor({ timeout: 5_000 });
  // The BTC becomes a loan of 0.5 BTC at 10 % a year, held 876 hours (a
  // tenth of a year): 0.005 BTC of interest.
  await tid(page, 'asset-amount-0').fill('-0.5');
  await tid(page, 'asset-borrow-0').fill('0.1');
  await tid(page, 'hours').fill('876');
  const line = tid(page, 'asset-line').nth(1);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="asset-line"]')[1]?.textContent?.includes('interest'), null, { timeout: 5_000 });
  const scenario = await exportScenario(page);
  assert.equal(scenario.assets[0].borrow_rate, '0.1');
  const r = evaluate(scenarioFile(scenario));
  const btc = r.assets.find((a) => a.asset === 'BTC');
  assert.equal(btc.interest, '0.005');
  assert.equal(btc.units, '-0.505');
  assert.match(await line.innerText(), /−0\.505\d* \(interest 0\.005\d*\)/);
  // A bad rate is named.
  await tid(page, 'asset-borrow-0').fill('-1');
  await tid(page, 'error').waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'error'), /borrow rate/i);
  assert.deepEqual(errors, []);
  await page.close();
});

test('letting time pass in path mode: a week at a time, funding drains the isolated margin as the engine walks it', async () => {
  const { page, errors } = await openApp(env);
  await tid(page, 'funding-BTCUSDT').fill('0.001');
  await tid(page, 'time-chart').waitFor({ timeout: 5_000 });
  await tid(page, 'pass-hours').selectOption('168');
  // Path mode turns on with the first press.
  await tid(page, 'pass-time').click();
  assert.equal(await tid(page, 'path-mode').isChecked(), true);
  const note = (key) => tid(page, `path-note-${key}`).innerText();
  await page.waitForFunction(() => /7 days/.test(document.querySelector('[data-testid="path-note-isolated"]')?.textContent ?? ''), null, { timeout: 5_000 });
  await tid(page, 'pass-time').click();
  await tid(page, 'pass-time').click();
  await page.waitForFunction(() => /21 days/.test(document.querySelector('[data-testid="path-note-isolated"]')?.textContent ?? ''), null, { timeout: 5_000 });
  // The engine's walk of the marks a week apart: the same events.
  const scenario = await exportScenario(page);
  const r = walk(scenarioFile(scenario), [{}, {}, {}, {}], 168);
  const iso = r.variants.find((v) => v.variant === 'all_isolated');
  assert.equal(iso.hours, '504');
  const shown = await note('isolated');
  assert.match(shown, /^Along the path \(1 price, 21 days\)/);
  const funding = iso.events.filter((e) => e.kind === 'funding');
  assert.equal(funding.length, 3);
  // 21 payments of 60 a week from the 3,000 margin; in the third week,
  // each payment on its own time, the fourth leaves 240 — its maintenance
  // at 60,000 — and it is liquidated there, 15 days 8 hours in.
  assert.deepEqual(funding.map((e) => e.hours), ['168', '336', '368']);
  assert.deepEqual(funding.map((e) => e.cost), ['1260', '1260', '240']);
  for (const [i, e] of funding.entries()) {
    const days = ['7 days', '14 days', '15 days 8 h'][i];
    const verb = e.cost.startsWith('-') ? 'received' : 'paid';
    const amount = money(e.cost.replace('-', ''));
    assert.ok(shown.includes(`after ${days}, funding and interest ${verb} ${amount} at BTC 60,000\n`), `${shown}\n${days} ${verb} ${amount}`);
  }
  assert.ok(iso.events.some((e) => e.kind === 'isolated' && e.position === 0), JSON.stringify(iso.events));
  assert.match(shown, /#1 liquidated at BTC 60,000/);
  assert.equal(iso.open[0], false);
  // The verdict says what time did: the cross account paid and stood; the
  // isolated BTC long paid its margin away and was liquidated.
  const cross = r.variants.find((v) => v.variant === 'all_cross');
  assert.equal(await text(page, 'verdict-cross'),
    `Cross: nothing was liquidated in 21 days, after paying ${money(cross.funding_cost)} in funding and interest; it holds ${money(cross.final_value)}.`);
  assert.equal(iso.funding_cost, '2760');
  assert.equal(iso.wallet_lost, '240');
  assert.equal(await text(page, 'verdict-isolated'),
    `Isolated: the BTC long was liquidated on the path at BTC 60,000, after paying 2,760.00 USDT in funding and interest; its 240.00 USDT margin is lost for good, even with prices back. It holds ${money(iso.final_value)}.`);
  await page.screenshot({ path: `${ARTIFACTS}pass-time.png`, fullPage: false });
  // Reset to marks: a fresh recording, no time passed.
  await tid(page, 'reset-path').click();
  await page.waitForFunction(() => !/days/.test(document.querySelector('[data-testid="path-note-isolated"]')?.textContent ?? 'days'), null, { timeout: 5_000 });
  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
});
