// The JS API (margin-lab-web.js, the app's own module) used from a page: the
// same numbers as the CLI for the same scenario, and errors that name the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { siteAndBrowser, watchErrors } from '../browser.mjs';
import { DEFAULT_SCENARIO, evaluate, explain } from '../oracle.mjs';

let page;
let errors;
const env = siteAndBrowser({
  async setup({ browser, server }) {
    page = await browser.newPage();
    errors = watchErrors(page);
    // A page of the site without the app: the API only.
    await page.goto(new URL('lesson.html', server.url).href, { waitUntil: 'load' });
    await page.evaluate(async () => {
      const ml = await import('./margin-lab-web.js');
      await ml.default();
      window.ml = ml;
    });
  },
});

const scenario = JSON.parse(readFileSync(DEFAULT_SCENARIO, 'utf8'));

test('evaluate returns exactly what the CLI prints, object or JSON text', async () => {
  for (const prices of [{}, { BTCUSDT: '52000' }, { BTCUSDT: '45000', SOLUSDT: '170' }]) {
    const cli = evaluate(DEFAULT_SCENARIO, prices);
    const js = await page.evaluate(([s, p]) => window.ml.evaluate(s, p), [scenario, prices]);
    assert.deepEqual(js, cli, `prices ${JSON.stringify(prices)}`);
    const fromText = await page.evaluate(([s, p]) => window.ml.evaluate(s, p), [JSON.stringify(scenario), prices]);
    assert.deepEqual(fromText, cli);
  }
});

test('liquidationPrices, compare, sweep, grid and path agree with evaluate', async () => {
  const cli = evaluate(DEFAULT_SCENARIO, { BTCUSDT: '52000' });
  const r = await page.evaluate((s) => {
    const ml = window.ml;
    return {
      liq: ml.liquidationPrices(s, { BTCUSDT: '52000' }),
      cmp: ml.compare(s, { BTCUSDT: '52000' }),
      sweep: ml.sweep(s, { market: 'BTCUSDT', from: '40000', to: '70000', points: 31 }),
      grid: ml.grid(s, { x_market: 'BTCUSDT', x_from: '40000', x_to: '70000', y_market: 'ETHUSDT', y_from: '2000', y_to: '4000', points: 8 }),
      path: ml.path(s, [{}, { BTCUSDT: '55000' }, { BTCUSDT: '60000' }]),
      timedPath: ml.path({ ...s, version: 2, markets: s.markets.map((m, k) => (k === 0 ? { ...m, funding: { rate: '0.001' } } : m)) },
        [{}, {}, {}], { hours_per_step: '8' }),
      timeline: ml.timeline({ ...s, version: 2, markets: s.markets.map((m, k) => (k === 0 ? { ...m, funding: { rate: '0.001' } } : m)) },
        { market: 'BTCUSDT', to: '16' }),
      nullPrices: ml.compare(s, null),
    };
  }, scenario);
  assert.equal(r.liq.positions[0].liquidation_price, cli.positions[0].liquidation_price);
  assert.deepEqual(r.liq.cross, cli.cross.liquidation_prices);
  assert.deepEqual(r.cmp, cli.comparison);
  assert.equal(r.sweep.prices.length, 31);
  assert.equal(r.sweep.series.find((s) => s.variant === 'all_cross').values[10], '0');
  assert.equal(r.grid.cells.length, 64);
  const configured = r.path.variants[0];
  assert.equal(configured.events[0].kind, 'isolated');
  assert.equal(configured.events[0].prices[0], cli.positions[0].liquidation_price);
  assert.equal(configured.final_value, '7000');
  // Samples 8 hours apart on a market paying 0.1 %: 60 at each of two payments.
  const funding = r.timedPath.variants[0].events.filter((e) => e.kind === 'funding');
  assert.deepEqual(funding.map((e) => [e.step, e.paid]), [[1, ['60']], [2, ['60']]]);
  assert.deepEqual(r.timeline.hours, ['0', '8', '16']);
  assert.deepEqual(r.timeline.lines[0].funding_paid, ['0', '60', '120']);
  assert.equal(r.nullPrices.verdict, 'neither');
});

test('explain gives the CLI explain\'s formula, which gives the number evaluate shows', async () => {
  const cli = evaluate(DEFAULT_SCENARIO, { BTCUSDT: '52000' });
  const r = await page.evaluate((s) => {
    const ml = window.ml;
    const bad = (req) => { try { ml.explain(s, req); return null; } catch (e) { return `${e.field}|${e.message}`; } };
    return {
      lp: ml.explain(s, { subject: { of: 'liquidation_price', position: 0 } }),
      cross: ml.explain(s, { subject: { of: 'cross_liquidation_price', market: 'ETHUSDT', side: 'below' }, prices: { BTCUSDT: '52000' } }),
      value: ml.explain(s, { subject: { of: 'account_value' }, variant: 'all_isolated', prices: { BTCUSDT: '52000' } }),
      unknown: bad({ subject: { of: 'everything' } }),
      crossPosition: bad({ subject: { of: 'liquidation_price', position: 1 } }),
      noMarket: bad({ subject: { of: 'cross_liquidation_price', market: 'XRPUSDT', side: 'below' } }),
    };
  }, scenario);
  assert.deepEqual(r.lp, explain(DEFAULT_SCENARIO, 'liquidation_price', { position: 0 }));
  assert.equal(r.lp.result, cli.positions[0].liquidation_price);
  assert.equal(r.lp.steps.at(-1).value, r.lp.result);
  assert.equal(r.cross.result, cli.cross.liquidation_prices.ETHUSDT.down);
  assert.deepEqual(r.cross, explain(DEFAULT_SCENARIO, 'cross_liquidation_price', { market: 'ETHUSDT', side: 'below', prices: 'BTCUSDT=52000' }));
  const allIsolated = cli.comparison.all_isolated.account_value;
  assert.equal(r.value.result, allIsolated);
  assert.match(r.unknown, /^request\.subject\.of\|/);
  assert.match(r.crossPosition, /^position\|.*cross/);
  assert.match(r.noMarket, /^market\|/);
  assert.deepEqual(errors, []);
});

test('a bad scenario throws an Error naming the field, never a panic', async () => {
  const bad = structuredClone(scenario);
  bad.positions[0].leverage = '500';
  const e = await page.evaluate((s) => {
    try {
      window.ml.evaluate(s);
      return null;
    } catch (err) {
      return { name: err.name, field: err.field, code: err.code, message: err.message, isError: err instanceof Error };
    }
  }, bad);
  assert.ok(e, 'no error thrown');
  assert.equal(e.isError, true);
  assert.equal(e.name, 'MarginLabError');
  assert.equal(e.field, 'positions[0].leverage');
  assert.equal(e.code, 'leverage_above_tier_max');
  assert.match(e.message, /^positions\[0\]\.leverage: leverage 500 is above the max leverage 100/);

  const cases = await page.evaluate((s) => {
    const tryIt = (f) => { try { f(); return 'no error'; } catch (err) { return `${err.field} | ${err.message}`; } };
    return [
      tryIt(() => window.ml.evaluate({ ...s, version: 7 })),
      tryIt(() => window.ml.evaluate({ ...s, wallet: 10000.5 })),
      tryIt(() => window.ml.evaluate(s, { DOGE: '1' })),
      tryIt(() => window.ml.sweep(s, { market: 'BTCUSDT', from: '2', to: '1' })),
      tryIt(() => window.ml.evaluate('{not json')),
      tryIt(() => window.ml.evaluate(42)),
      tryIt(() => { const c = { ...s }; c.self = c; return window.ml.evaluate(c); }),
      tryIt(() => window.ml.evaluate(s, { BTCUSDT: 10n })),
      tryIt(() => window.ml.path(s, [{ BTCUSDT: '1' }, { BTCUSDT: 'x' }])),
    ];
  }, scenario);
  assert.match(cases[0], /^version \| version: scenario version 7 is not supported/);
  assert.match(cases[1], /^wallet \| wallet: the number 10000.5 must be written as a string/);
  assert.match(cases[2], /^prices.DOGE \| .*unknown market "DOGE"/);
  assert.match(cases[3], /^range \| range: range end 1 must be above its start 2/);
  assert.match(cases[4], /not valid JSON/);
  assert.notEqual(cases[5], 'no error');
  // Not plain data: a cycle, a BigInt.
  assert.match(cases[6], /expected plain data/);
  assert.match(cases[7], /^prices \| prices: expected plain data/);
  // The field path, not a position in some JSON text the caller never wrote.
  assert.match(cases[8], /^path\[1\]\.BTCUSDT \| /);
  assert.doesNotMatch(cases[8], /line \d+ column/);
  // The module is still usable after all those errors.
  const ok = await page.evaluate((s) => window.ml.compare(s).verdict, scenario);
  assert.equal(ok, 'neither');
  assert.deepEqual(errors, []);
});

test('shareFragment opens the same scenario in the app', async () => {
  const hash = await page.evaluate((s) => window.ml.shareFragment(s, { BTCUSDT: '45000' }), scenario);
  assert.match(hash, /^#v1=[A-Za-z0-9_-]+$/);
  const app = await env.browser.newPage();
  const appErrors = watchErrors(app);
  await app.goto(new URL('index.html' + hash, env.server.url).href);
  const verdict = app.locator('[data-testid="verdict"]');
  await verdict.waitFor({ timeout: 30_000 });
  assert.match(await verdict.textContent(), /Cross: the whole/);
  assert.deepEqual(appErrors, []);
  await app.close();
});
