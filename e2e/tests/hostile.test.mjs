// Hostile input, seeded: random and extreme values typed into every field of
// the book, the markets, the tier tables and the prices; every button
// pressed; links opened with garbage fragments. The page must report no
// error, never panic, and still answer a normal price change afterwards.
// SEED=… reproduces a run (the seed is printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { ARTIFACTS, siteAndBrowser, watchErrors } from '../browser.mjs';

const env = siteAndBrowser();
const SEED = Number(process.env.SEED ?? 20261128);

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTREMES = [
  '79228162514264337593543950335', // Decimal::MAX
  '-79228162514264337593543950335',
  '9'.repeat(400),
  `0.${'0'.repeat(60)}1`,
  '1'.repeat(29),
  '-1',
  '-0',
  '0',
  '1e400',
  'NaN',
  'Infinity',
  '٣٠٠٠', // Arabic-Indic digits
  '１２３', // full-width digits
  '৫০', // Bengali digits
  '<img src=x onerror=alert(1)>',
  '"><script>alert(1)</script>',
  '&amp;&lt;',
  '💥',
  ' ',
  '',
  '25,000',
  '20x',
  '1.2.3',
  '+5',
  '\u202e123',
  '0x10',
  '1_000',
];

function value(next) {
  const r = next();
  if (r < 0.6) return EXTREMES[Math.floor(next() * EXTREMES.length)];
  if (r < 0.8) return String((next() - 0.3) * 10 ** Math.floor(next() * 30));
  return String(Math.floor(next() * 1e6) / 10 ** Math.floor(next() * 8));
}

const tid = (page, id) => page.locator(`[data-testid="${id}"]`);

async function open(page, hash = '') {
  await page.goto(env.server.url + hash, { waitUntil: 'load' });
  await tid(page, 'verdict').waitFor({ state: 'visible', timeout: 30_000 });
}

/** A normal price change still moves the numbers. */
async function stillAnswers(page) {
  const before = await tid(page, 'cross-account-value').textContent();
  const box = tid(page, 'price-input-BTCUSDT');
  if ((await box.count()) === 0) return; // a book without BTC: checked through the first price box
  await box.fill('1000');
  await box.fill('45000');
  await page.waitForFunction((b) => document.querySelector('[data-testid="cross-account-value"]')?.textContent !== b, before, { timeout: 5_000 });
}

test(`hostile values in every field, every button pressed (seed ${SEED})`, async () => {
  console.log(`hostile input seed: ${SEED}`);
  const next = rng(SEED);
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const errors = watchErrors(page);
  await open(page);
  // Custom tier tables everywhere, so their rows are fields too.
  for (const sym of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) await tid(page, `tier-source-${sym}`).selectOption('custom');
  // Version-2 fields too: coins as collateral (a flat ratio, so its box
  // shows) and a coin-margined market with its contract size and tick.
  await tid(page, 'add-asset').click();
  await tid(page, 'add-asset').click();
  await tid(page, 'asset-counts-1').selectOption('flat');
  await tid(page, 'asset-price-1').selectOption('');
  await tid(page, 'contract-SOLUSDT').selectOption('inverse');
  // Venue rules: fees with the fee to close in maintenance (its boxes show)
  // on BTC, and Deribit's size-linear rates (four boxes) on ETH.
  await tid(page, 'taker-BTCUSDT').fill('0.0006');
  await tid(page, 'close-fee-BTCUSDT').selectOption('bankruptcy');
  await tid(page, 'tier-source-ETHUSDT').selectOption('size-rates');
  // Time: funding on BTC (its interval and schedule boxes show, and the
  // time chart) and a holding time; each asset shows its borrow rate box.
  await tid(page, 'funding-BTCUSDT').fill('0.0001');
  await tid(page, 'hours').fill('24');
  await page.locator('[data-testid="export-group"] > summary').click();

  for (let round = 0; round < 3; round++) {
    const fields = page.locator('main input[type="text"]:not([readonly]), main textarea:not([readonly])');
    const n = await fields.count();
    for (let i = 0; i < n; i++) {
      const f = fields.nth(i);
      if (!(await f.isVisible()) || !(await f.isEditable())) continue;
      const original = await f.inputValue();
      await f.fill(value(next));
      // Half the time the good value comes back, so later edits build on a valid book.
      if (next() < 0.5) await f.fill(original);
    }
    const buttons = page.locator('main button:not([disabled])');
    const b = await buttons.count();
    for (let i = 0; i < b; i++) {
      const btn = buttons.nth(i);
      if (!(await btn.isVisible()) || !(await btn.isEnabled())) continue;
      await btn.click({ timeout: 5_000 }).catch(() => {}); // a button a click removed is fine
    }
    // Sliders and selects, at random.
    const sliders = page.locator('main input[type="range"]:not([disabled])');
    for (let i = 0; i < (await sliders.count()); i++) {
      await sliders.nth(i).evaluate((el, t) => {
        el.value = String(Number(el.min) + (Number(el.max) - Number(el.min)) * t);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, next());
    }
    const selects = page.locator('main select:not([disabled])');
    for (let i = 0; i < (await selects.count()); i++) {
      const s = selects.nth(i);
      const opts = await s.locator('option:not([disabled])').evaluateAll((os) => os.map((o) => o.value));
      if (opts.length) await s.selectOption(opts[Math.floor(next() * opts.length)]).catch(() => {});
    }
  }
  await page.screenshot({ path: `${ARTIFACTS}hostile.png`, fullPage: true });
  assert.deepEqual(errors.filter((e) => !e.startsWith('requestfailed: blob:')), [], `browser reported errors:\n${errors.join('\n')}`);

  // A reload opens the book kept from all that (whatever it became) without
  // an error; then, the kept book cleared, the default book answers a normal
  // price change.
  await open(page);
  assert.deepEqual(errors.filter((e) => !e.startsWith('requestfailed: blob:')), [], errors.join('\n'));
  // (Cleared from another page of the site: leaving the app keeps its book.)
  await page.goto(new URL('lesson.html', env.server.url).href, { waitUntil: 'load' });
  await page.evaluate(() => localStorage.clear());
  await open(page);
  await stillAnswers(page);
  // (Requests of the lesson page that leaving it aborted are not errors.)
  const real = errors.filter((e) => !e.startsWith('requestfailed: blob:') && !e.endsWith('net::ERR_ABORTED'));
  assert.deepEqual(real, [], errors.join('\n'));
  await page.close();
});

test('the huge margin nudged twice each way leaves the page alive', async () => {
  // The panic the redesign removed: type Decimal::MAX into position 1's
  // isolated margin, press − twice and + twice.
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  await open(page);
  await page.locator('#pos-0-margin').fill('79228162514264337593543950335');
  for (const label of ['less', 'less', 'more', 'more']) await page.getByLabel(`Position 1: ${label} margin`).click();
  await tid(page, 'error').waitFor();
  assert.match(await tid(page, 'error').textContent(), /Row 1, margin/);
  await page.locator('#pos-0-margin').fill('3000');
  await stillAnswers(page);
  assert.deepEqual(errors, [], errors.join('\n'));
  await page.close();
});

test(`garbage link fragments show a message and leave a working page (seed ${SEED})`, async () => {
  const next = rng(SEED + 1);
  const b64 = (buf) => Buffer.from(buf).toString('base64url');
  const randomBytes = (n) => Array.from({ length: n }, () => Math.floor(next() * 256));
  const fragments = [
    '#v1=',
    '#v1=%%%',
    '#v1=' + b64(randomBytes(64)),
    '#v1=' + b64(deflateRawSync(Buffer.from(randomBytes(200)))),
    '#v1=' + b64(deflateRawSync(Buffer.from('{"scenario": 7}'))),
    '#v1=' + b64(deflateRawSync(Buffer.from(JSON.stringify({ scenario: { version: 1, wallet: '1e999', markets: [] } })))),
    '#v1=' + b64(deflateRawSync(Buffer.from(JSON.stringify({ scenario: { version: 1, wallet: '10', markets: [{ symbol: '<b>x</b>', mark: '١', preset: 'nope' }] }, prices: { '<b>x</b>': '-1' } })))),
    '#v1=' + b64(deflateRawSync(Buffer.alloc(3_000_000, 32))), // inflates past the limit
    '#v2=abc',
    '#v1=' + 'A'.repeat(20_000),
    '#<script>alert(1)</script>',
    '#' + encodeURIComponent('v1=💥'),
  ];
  for (const f of fragments) {
    const page = await env.browser.newPage({ viewport: { width: 800, height: 900 } });
    const errors = watchErrors(page);
    await open(page, f);
    assert.equal(await tid(page, 'position-row').count(), 3, `the default book opens for ${f.slice(0, 40)}`);
    await stillAnswers(page);
    assert.deepEqual(errors, [], `${f.slice(0, 40)}:\n${errors.join('\n')}`);
    await page.close();
  }
});
