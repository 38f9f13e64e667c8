// End-to-end tests of the built site: the default book, editing, prices checked
// against the CLI, share links, malformed links, and the phone layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { ARTIFACTS, siteAndBrowser, watchErrors } from '../browser.mjs';
import { DEFAULT_SCENARIO, evaluate, money } from '../oracle.mjs';

const env = siteAndBrowser();

const tid = (page, id) => page.locator(`[data-testid="${id}"]`);
const text = async (page, id) => (await tid(page, id).textContent())?.trim();

async function open(hash = '', viewport = { width: 1280, height: 900 }) {
  const page = await env.browser.newPage({ viewport });
  const errors = watchErrors(page);
  await page.goto(env.server.url + hash, { waitUntil: 'load' });
  await tid(page, 'verdict').waitFor({ state: 'visible', timeout: 30_000 });
  return { page, errors };
}

async function done(page, errors, shot) {
  if (shot) await page.screenshot({ path: `${ARTIFACTS}${shot}.png`, fullPage: true });
  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
}

const AHEAD_KEY = { all_cross: 'cross', all_isolated: 'isolated' };

/** The page at its current prices agrees with the CLI at `prices`. */
async function assertMatchesCli(page, prices) {
  const r = evaluate(DEFAULT_SCENARIO, prices);
  const c = r.comparison;
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="cross-account-value"]')?.textContent?.trim() === want,
    money(c.all_cross.account_value),
    { timeout: 5_000 },
  ).catch(() => {});
  assert.equal(await text(page, 'cross-account-value'), money(c.all_cross.account_value), `cross at ${JSON.stringify(prices)}`);
  assert.equal(await text(page, 'isolated-account-value'), money(c.all_isolated.account_value), `isolated at ${JSON.stringify(prices)}`);
  assert.equal(await tid(page, 'verdict').getAttribute('data-verdict'), c.verdict);
  // The banner leads with the side that holds more, as the engine's story says.
  const ahead = r.story.ahead_now;
  assert.equal(await tid(page, 'verdict').getAttribute('data-ahead'), AHEAD_KEY[ahead] ?? '');
  const head = await text(page, 'verdict-head');
  if (c.verdict === 'neither') {
    const stake = (v) => money(r.story.set_ups.find((x) => x.variant === v).at_stake);
    assert.equal(head, `No liquidation at these prices. At stake: the whole ${stake('all_cross')} in cross, ${stake('all_isolated')} in isolated (each position only its own margin).`);
  }
  else if (ahead) assert.ok(head.startsWith(ahead === 'all_cross' ? 'Cross' : 'Isolated'), `headline for ${ahead}: ${head}`);
  if (c.all_cross.cross_liquidated) assert.match(await text(page, 'verdict-cross'), /^Cross: the whole /);
  if (c.all_isolated.liquidated_positions.length) assert.match(await text(page, 'verdict-isolated'), /margin is lost for good/);
  return r;
}

test('the first screen of a laptop shows the verdict, what each mode risks and the value chart', async () => {
  const { page, errors } = await open('', { width: 1280, height: 800 });
  const inView = async (id) => {
    const b = await tid(page, id).boundingBox();
    assert.ok(b && b.y >= 0 && b.y + b.height <= 800, `${id} at ${JSON.stringify(b)}`);
  };
  await inView('verdict-head');
  await inView('value-chart');
  await inView('cross-stake');
  await inView('isolated-stake');
  assert.match(await text(page, 'verdict-head'), /At stake: the whole 10,000\.00 USDT in cross, 9,000\.00 USDT in isolated/);
  // Every term on screen says what it means, in place.
  for (const note of await page.locator('.column .col-note').allTextContents()) assert.ok(note.length > 20, note);
  await page.screenshot({ path: `${ARTIFACTS}first-screen.png` });
  await done(page, errors);
});

test('default book loads with both columns, a verdict and both charts', async () => {
  const { page, errors } = await open();
  assert.equal(await page.title(), 'Margin Lab');
  assert.equal(await tid(page, 'position-row').count(), 3);
  assert.equal(await tid(page, 'wallet').inputValue(), '10000');
  assert.equal(await text(page, 'cross-account-value'), '10,000.00 USDT');
  assert.equal(await text(page, 'isolated-account-value'), '10,000.00 USDT');
  assert.match(await text(page, 'verdict'), /^No liquidation/);
  assert.equal(await text(page, 'cross-liq-price-BTCUSDT'), '50,487');
  assert.equal(await text(page, 'isolated-liq-price-0'), '57,236');
  assert.equal(await page.locator('[data-testid="value-chart"] svg.chart-svg').count(), 1);
  assert.equal(await page.locator('[data-testid="map-chart"] svg.chart-svg').count(), 1);
  assert.equal(await tid(page, 'error').count(), 0);
  await assertMatchesCli(page, {});
  await done(page, errors, 'default');
});

test('editing leverage changes the numbers; a bad value names the field and keeps the last book', async () => {
  const { page, errors } = await open();
  const before = await text(page, 'isolated-liq-price-0');
  await page.locator('#pos-0-leverage').fill('25');
  await page.waitForFunction((b) => document.querySelector('[data-testid="isolated-liq-price-0"]')?.textContent?.trim() !== b, before);
  assert.notEqual(await text(page, 'isolated-liq-price-0'), before);
  const good = await text(page, 'isolated-liq-price-0');
  // "25x" is how exchanges print a leverage: read as 25, no error.
  await page.locator('#pos-0-leverage').fill('25x');
  await page.waitForTimeout(100);
  assert.equal(await tid(page, 'error').count(), 0);
  assert.equal(await text(page, 'isolated-liq-price-0'), good);
  await page.locator('#pos-0-leverage').fill('25,5');
  await tid(page, 'error').waitFor();
  assert.match(await text(page, 'error'), /Row 1, leverage: .*not a number/);
  assert.equal(await page.locator('[data-testid="error"] p[data-field="positions[0].leverage"]').getAttribute('data-code'), 'malformed');
  assert.equal(await page.locator('#pos-0-leverage').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#pos-0-leverage').inputValue(), '25,5');
  assert.equal(await text(page, 'isolated-liq-price-0'), good, 'still the last valid book');
  await page.locator('#pos-0-leverage').fill('500');
  assert.match(await text(page, 'error'), /Row 1, leverage: leverage 500 is above the max leverage/);
  assert.equal(await page.locator('[data-testid="error"] p[data-field="positions[0].leverage"]').getAttribute('data-code'), 'leverage_above_tier_max');
  await page.screenshot({ path: `${ARTIFACTS}edit-error.png`, fullPage: true });
  await tid(page, 'add-position').click();
  await page.locator('#pos-0-leverage').fill('20');
  await page.waitForFunction(() => !document.querySelector('[data-testid="error"]'));
  assert.equal(await tid(page, 'position-row').count(), 4);

  // A bad size on row 4: the message sits next to the field and says row 4.
  await page.locator('#pos-3-size').fill('-2');
  const near = page.locator('[data-testid="field-error"][data-field="positions[3].size"]');
  await near.waitFor();
  assert.match(await near.textContent(), /^⚠ Row 4, size: /);
  const [field, message] = [await page.locator('#pos-3-size').boundingBox(), await near.boundingBox()];
  assert.ok(message.y - (field.y + field.height) < 60 && message.y > field.y, `message ${JSON.stringify(message)} is beside the field ${JSON.stringify(field)}`);
  await page.locator('#pos-3-size').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}row-4-error.png` });
  await page.locator('#pos-3-size').fill('1,000');
  await page.waitForFunction(() => !document.querySelector('[data-testid="error"]'));
  await done(page, errors);
});

test('BTC at 52,000 and 45,000 (typed, slider keys, mouse drag) matches the CLI', async () => {
  const { page, errors } = await open();
  const input = tid(page, 'price-input-BTCUSDT');
  await input.fill('52000');
  await assertMatchesCli(page, { BTCUSDT: '52000' });
  assert.equal(await tid(page, 'price-slider-BTCUSDT').inputValue(), '52000', 'slider follows the box');
  await page.screenshot({ path: `${ARTIFACTS}btc-52000.png`, fullPage: true });
  await input.fill('45000');
  const r = await assertMatchesCli(page, { BTCUSDT: '45000' });
  assert.notEqual(r.comparison.verdict, 'neither');
  await page.screenshot({ path: `${ARTIFACTS}btc-45000.png`, fullPage: true });

  // Keyboard on the slider: one step (1 USDT) per arrow key.
  const slider = tid(page, 'price-slider-BTCUSDT');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await input.inputValue(), '45002', 'box follows the slider');
  await assertMatchesCli(page, { BTCUSDT: '45002' });

  // A real mouse drag on the slider, checked against the CLI at wherever it lands.
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.2, y, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.25, y, { steps: 4 });
  await page.mouse.up();
  const landed = await slider.inputValue();
  assert.equal(await input.inputValue(), landed);
  assert.notEqual(landed, '45002', 'the drag moved the slider');
  await assertMatchesCli(page, { BTCUSDT: landed });

  // The whole-market move applies on top of the per-market price, and the
  // boxes show the prices actually in use.
  await input.fill('52000');
  await tid(page, 'market-move').evaluate((el) => {
    el.value = '-10';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await assertMatchesCli(page, { BTCUSDT: '46800', ETHUSDT: '2700', SOLUSDT: '135' });
  assert.equal(await input.inputValue(), '46800');
  assert.equal(await tid(page, 'price-input-ETHUSDT').inputValue(), '2700');
  assert.equal(await tid(page, 'price-slider-BTCUSDT').inputValue(), '46800');
  // Typing a price under a move folds the move into the prices.
  await tid(page, 'price-input-ETHUSDT').fill('2800');
  await assertMatchesCli(page, { BTCUSDT: '46800', ETHUSDT: '2800', SOLUSDT: '135' });
  assert.equal(await page.locator('#market-move-exact').inputValue(), '0');
  // A percentage in a price box moves that market from its mark.
  await input.fill('-15%');
  await assertMatchesCli(page, { BTCUSDT: '51000', ETHUSDT: '2800', SOLUSDT: '135' });
  await done(page, errors);
});

test('a share link round-trips the scenario and prices', async () => {
  const { page, errors } = await open();
  await tid(page, 'wallet').fill('12000');
  await tid(page, 'price-input-BTCUSDT').fill('52000');
  await page.locator('#pos-1-size').fill('12');
  const cross = await text(page, 'cross-account-value');
  const iso = await text(page, 'isolated-account-value');
  const verdict = await text(page, 'verdict');
  await tid(page, 'share-link').click();
  const link = await tid(page, 'share-url').inputValue();
  assert.match(link, /#v1=[A-Za-z0-9_-]+$/);
  await done(page, errors);

  const again = await open(link.slice(link.indexOf('#')));
  assert.equal(await tid(again.page, 'wallet').inputValue(), '12000');
  assert.equal(await tid(again.page, 'price-input-BTCUSDT').inputValue(), '52000');
  assert.equal(await again.page.locator('#pos-1-size').inputValue(), '12');
  assert.equal(await text(again.page, 'cross-account-value'), cross);
  assert.equal(await text(again.page, 'isolated-account-value'), iso);
  assert.equal(await text(again.page, 'verdict'), verdict);
  assert.equal(await tid(again.page, 'error').count(), 0);
  await done(again.page, again.errors, 'share-opened');
});

function linkFor(obj) {
  return '#v1=' + deflateRawSync(Buffer.from(JSON.stringify(obj))).toString('base64url');
}

test('malformed and outdated links show a message and fall back to the default book', async () => {
  const garbage = await open('#v1=garbage');
  await tid(garbage.page, 'error').waitFor();
  assert.match(await text(garbage.page, 'error'), /shared link: the link is damaged/);
  assert.equal(await tid(garbage.page, 'wallet').inputValue(), '10000');
  assert.equal(await tid(garbage.page, 'position-row').count(), 3);
  await done(garbage.page, garbage.errors, 'link-garbage');

  const scenario = JSON.parse(readFileSync(DEFAULT_SCENARIO, 'utf8'));
  scenario.version = 7;
  const v7 = await open(linkFor({ scenario }));
  await tid(v7.page, 'error').waitFor();
  assert.match(await text(v7.page, 'error'), /version: scenario version 7 is not supported/);
  assert.equal(await text(v7.page, 'cross-account-value'), '10,000.00 USDT');
  await done(v7.page, v7.errors, 'link-version7');

  scenario.version = 1;
  scenario.positions[0].leverage = 'x';
  const bad = await open(linkFor({ scenario }));
  assert.match(await text(bad.page, 'error'), /positions\[0\]\.leverage/);
  await done(bad.page, bad.errors);
});

test('at 360 px wide nothing overflows horizontally, in any state', async () => {
  const { page, errors } = await open('', { width: 360, height: 740 });
  const fits = async (what) => {
    const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
    assert.ok(width <= 360, `${what}: scrollWidth ${width}`);
  };
  await fits('default book');
  await tid(page, 'price-input-BTCUSDT').fill('45000');
  await fits('BTC at 45,000');
  await tid(page, 'tier-source-BTCUSDT').selectOption('custom');
  await fits('a custom tier table open');
  await page.locator('[data-testid="export-group"] > summary').click();
  await page.locator('[data-testid="paste-panel"] > summary').click();
  await tid(page, 'paste-text').fill('BTCUSDT\tlong\t0.5\t61,250\t20x\tcross\nETHUSDT\tshort\t12\t3,010\t10x\tisolated\t3,612');
  await fits('export and paste panels open');
  await tid(page, 'swing-back').click();
  await fits('after a swing');
  await page.locator('#pos-0-size').fill('-1');
  await fits('with an error beside a field');
  await page.locator('#pos-0-size').fill('1');
  await done(page, errors, 'phone-360');
});

test('on a phone: a drag keeps the summary on screen; touch targets and chart text are large enough', async () => {
  const { page, errors } = await open('', { width: 360, height: 740 });
  // Every control is at least 44 px high.
  const small = await page.evaluate(() => [...document.querySelectorAll('main button, main select, main input, main summary')]
    .filter((el) => el.offsetParent !== null && el.type !== 'checkbox' && el.type !== 'hidden')
    .map((el) => [el.dataset.testid || el.id || el.textContent.trim().slice(0, 20), el.getBoundingClientRect().height])
    .filter(([, h]) => h < 43.5));
  assert.deepEqual(small, [], 'controls under 44 px');
  // Chart text, as drawn on screen, is at least 11 px.
  const fonts = await page.evaluate(() => [...document.querySelectorAll('svg.chart-svg')].map((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size')) * scale);
    return Math.min(...sizes);
  }));
  assert.equal(fonts.length, 2);
  for (const f of fonts) assert.ok(f >= 11, `chart text ${f.toFixed(1)} px`);
  // Drag the BTC slider, far below the results: the summary stays in view and follows.
  const slider = tid(page, 'price-slider-BTCUSDT');
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const before = await text(page, 'summary-cross');
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2, { steps: 10 });
  const summary = await tid(page, 'summary').boundingBox();
  assert.ok(summary && summary.y >= -1 && summary.y + summary.height <= 740, `summary at ${JSON.stringify(summary)}`);
  await page.screenshot({ path: `${ARTIFACTS}phone-drag.png` });
  await page.mouse.up();
  const after = await text(page, 'summary-cross');
  assert.notEqual(after, before, 'the summary follows the drag');
  assert.match(after, new RegExp((await text(page, 'cross-account-value')).replace(/[.]/g, '\\.')));
  await done(page, errors);
});

test('the book is kept across a reload; whatever replaces it can be undone', async () => {
  const { page, errors } = await open();
  await tid(page, 'wallet').fill('12,000');
  await tid(page, 'add-position').click();
  await page.getByLabel('Position 4 market').selectOption('SOLUSDT');
  // Moved to SOL, the new position starts at SOL's mark.
  assert.equal(await page.locator('#pos-3-entry').inputValue(), '150');
  await page.locator('#pos-3-size').fill('25');
  await tid(page, 'price-input-BTCUSDT').fill('52000');
  const cross = await text(page, 'cross-account-value');
  await page.reload({ waitUntil: 'load' });
  await tid(page, 'verdict').waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(await tid(page, 'wallet').inputValue(), '12000');
  assert.equal(await tid(page, 'position-row').count(), 4);
  assert.equal(await page.locator('#pos-3-size').inputValue(), '25');
  assert.equal(await tid(page, 'price-input-BTCUSDT').inputValue(), '52000');
  assert.equal(await text(page, 'cross-account-value'), cross);

  // An example replaces the book; undo brings it back.
  await tid(page, 'preset').selectOption('hedged-pair');
  await tid(page, 'undo-bar').waitFor();
  assert.match(await text(page, 'undo-bar'), /replaced by the example “Hedged pair/);
  assert.equal(await tid(page, 'position-row').count(), 2);
  await tid(page, 'undo').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="position-row"]').length === 4);
  assert.equal(await tid(page, 'wallet').inputValue(), '12000');
  assert.equal(await tid(page, 'undo-bar').count(), 0);
  // A new book keeps the wallet and markets, with no positions; undo again.
  await tid(page, 'new-book').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="position-row"]').length === 0);
  assert.equal(await tid(page, 'wallet').inputValue(), '12000');
  assert.equal(await text(page, 'cross-account-value'), '12,000.00 USDT');
  await tid(page, 'undo').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="position-row"]').length === 4);

  // An embed never shows (or overwrites) the kept book.
  await page.goto(`${env.server.url}?embed=1`, { waitUntil: 'load' });
  await tid(page, 'verdict').waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(await text(page, 'cross-account-value'), '10,000.00 USDT');
  await page.goto(env.server.url, { waitUntil: 'load' });
  await tid(page, 'verdict').waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(await tid(page, 'position-row').count(), 4);
  assert.equal(await tid(page, 'wallet').inputValue(), '12000');
  await done(page, errors, 'kept-book');
});

test('a 6-row table pasted from an exchange becomes 6 positions, with a preview first', async () => {
  const { page, errors } = await open();
  await tid(page, 'new-book').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="position-row"]').length === 0);
  await page.locator('[data-testid="paste-panel"] > summary').click();
  const table = [
    'Symbol\tSize\tEntry Price\tMark Price\tMargin Mode\tLeverage\tMargin',
    'BTCUSDT Perpetual\t0.250 BTC\t61,250.5\t60,000\tCross\t20x\t765.63 USDT',
    'ETHUSDT Perpetual\t-4 ETH\t3,010\t3,000\tIsolated\t10x\t1,204 USDT',
    'SOLUSDT Perpetual\t-60 SOL\t152.4\t150\tCross\t10x\t914.4 USDT',
    'XRPUSDT Perpetual\t5,000 XRP\t0.5321\t0.53\tCross\t20x\t133 USDT',
    'DOGEUSDT Perpetual\t20,000 DOGE\t0.1432\t0.14\tIsolated\t10x\t286.4 USDT',
    'BNBUSDT Perpetual\t3 BNB\t590\t590\tCross\t5x\t354 USDT',
  ];
  // One line broken first: the preview names it; nothing can be added.
  await tid(page, 'paste-text').fill(table.join('\n').replace('5,000 XRP', 'five XRP'));
  await tid(page, 'paste-line-error').waitFor();
  assert.match(await text(page, 'paste-line-error'), /^⚠ Line 5: size /);
  assert.equal(await tid(page, 'paste-add').isDisabled(), true);
  await tid(page, 'paste-text').fill(table.join('\n'));
  await page.waitForFunction(() => document.querySelector('[data-testid="paste-status"]')?.textContent === '6 positions read.');
  assert.equal(await page.locator('[data-testid="paste-preview"] tbody tr').count(), 6);
  await tid(page, 'paste-add').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="position-row"]').length === 6);
  assert.equal(await tid(page, 'error').count(), 0);
  // The markets the book lacked came with their shipped tier tables, marked at the pasted entry.
  assert.match(await tid(page, 'tier-source-XRPUSDT').inputValue(), /binance-usdm-xrpusdt-2024-10/);
  assert.equal(await page.locator('#pos-1-entry').inputValue(), '3010');
  assert.equal(await page.getByLabel('Position 2 margin mode').inputValue(), 'isolated');
  assert.equal(await page.locator('#pos-1-margin').inputValue(), '1204');
  assert.match(await text(page, 'undo-bar'), /6 pasted positions were added to your book/);
  await page.locator('[data-testid="paste-panel"]').scrollIntoViewIfNeeded();
  await done(page, errors, 'pasted-6');
});

test('the guided tour walks the teaching examples and gives the book back', async () => {
  const { page, errors } = await open();
  await page.locator('#pos-0-size').fill('2');
  await tid(page, 'tour-start').click();
  await tid(page, 'tour').waitFor();
  assert.match(await text(page, 'tour-title'), /Two ways/);
  await tid(page, 'tour-next').click();
  await page.locator('[data-testid="verdict"][data-ahead="isolated"]').waitFor({ timeout: 5_000 });
  assert.match(await text(page, 'verdict-head'), /^Isolated holds more now/);
  await tid(page, 'tour-next').click();
  await tid(page, 'verdict-head').filter({ hasText: 'After this path, cross is better off: it holds 12,000.00 USDT against 6,000.00 USDT.' }).waitFor({ timeout: 5_000 });
  // The chart too shows what the path left, not the book before it.
  await page.waitForFunction(() => /after the path/.test(document.querySelector('[data-testid="value-chart"] svg.chart-svg')?.textContent ?? ''));
  assert.match(await text(page, 'chart-path-note'), /liquidated on the way stays closed/);
  await page.screenshot({ path: `${ARTIFACTS}tour-swing.png` });
  await tid(page, 'tour-next').click();
  await tid(page, 'verdict-cross').filter({ hasText: /^Cross: the whole / }).waitFor({ timeout: 5_000 });
  await tid(page, 'tour-next').click();
  assert.match(await text(page, 'tour-title'), /your own book/);
  await tid(page, 'tour-end').click();
  assert.equal(await tid(page, 'tour').count(), 0);
  await tid(page, 'undo').click();
  await page.waitForFunction(() => document.querySelector('#pos-0-size')?.value === '2');
  assert.equal(await tid(page, 'position-row').count(), 3);
  await done(page, errors);
});

test('dark mode: the charts follow the page, not white boxes', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  const errors = watchErrors(page);
  await page.goto(env.server.url, { waitUntil: 'load' });
  await tid(page, 'value-chart').waitFor({ timeout: 30_000 });
  const colours = await page.evaluate(() => {
    const bg = getComputedStyle(document.querySelector('svg.chart-svg rect[fill="#FFFFFF"]')).fill;
    const ink = getComputedStyle(document.querySelector('svg.chart-svg text')).fill;
    const card = getComputedStyle(document.querySelector('.card')).backgroundColor;
    return { bg, ink, card };
  });
  assert.notEqual(colours.bg, 'rgb(255, 255, 255)', JSON.stringify(colours));
  assert.equal(colours.bg, colours.card, 'the chart sits on the card colour');
  assert.notEqual(colours.ink, 'rgb(34, 34, 34)', 'chart text is light on dark');
  await page.screenshot({ path: `${ARTIFACTS}dark.png` });
  assert.deepEqual(errors, []);
  await page.close();
});
