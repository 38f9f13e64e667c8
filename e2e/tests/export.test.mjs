// End-to-end tests of the Export group: scenario JSON out and back in (and a
// bad file refused with the field named), the results CSV, the charts as SVG and PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ARTIFACTS, siteAndBrowser, watchErrors } from '../browser.mjs';

const env = siteAndBrowser();

const tid = (page, id) => page.locator(`[data-testid="${id}"]`);

async function open() {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const errors = watchErrors(page);
  await page.goto(env.server.url, { waitUntil: 'load' });
  await tid(page, 'verdict').waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('[data-testid="export-group"] > summary').click();
  return { page, errors };
}

/** Clicks an export button and returns the download's file name and bytes. */
async function download(page, id) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), tid(page, id).click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

test('scenario JSON export → import round-trips exactly; a bad file names the field and keeps the book', async () => {
  const { page, errors } = await open();
  await tid(page, 'wallet').fill('12345.67');
  await page.locator('#pos-0-leverage').fill('12');
  await page.waitForFunction(() => !document.querySelector('[data-testid="error"]'));
  const first = await download(page, 'export-json');
  assert.equal(first.name, 'margin-lab-scenario.json');
  const text = first.bytes.toString('utf8');
  assert.equal(JSON.parse(text).wallet, '12345.67');

  // Change the book, then import the file back.
  await tid(page, 'wallet').fill('5000');
  await page.locator('#pos-0-leverage').fill('3');
  await tid(page, 'import-json').setInputFiles({ name: 'scenario.json', mimeType: 'application/json', buffer: first.bytes });
  await page.waitForFunction(() => document.querySelector('[data-testid="wallet"]')?.value === '12345.67');
  assert.equal(await page.locator('#pos-0-leverage').inputValue(), '12');
  const again = await download(page, 'export-json');
  assert.equal(again.bytes.toString('utf8'), text, 'import then export gives the same file');

  // A bad file: the engine's message naming the field; the book stays.
  const bad = JSON.parse(text);
  bad.positions[1].size = '-2';
  await tid(page, 'import-json').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await tid(page, 'error').waitFor();
  const msg = await tid(page, 'error').textContent();
  assert.match(msg, /Could not import the scenario file: positions\[1\]\.size: /);
  assert.equal(await tid(page, 'wallet').inputValue(), '12345.67');
  // Not JSON at all, through the paste box.
  await tid(page, 'import-paste').fill('{"version": 1, "wallet": ');
  await tid(page, 'import-paste-apply').click();
  await page.waitForFunction(() => /Could not import the scenario file: .*/.test(document.querySelector('[data-testid="error"]')?.textContent ?? '') && !/positions\[1\]/.test(document.querySelector('[data-testid="error"]').textContent));
  // The page still works: a price change moves the verdict.
  await tid(page, 'price-input-BTCUSDT').fill('30000');
  await page.locator('[data-testid="verdict"]:not([data-verdict="neither"])').waitFor({ timeout: 5_000 });
  assert.equal(await tid(page, 'wallet').inputValue(), '12345.67');
  await page.screenshot({ path: `${ARTIFACTS}export.png`, fullPage: true });
  assert.deepEqual(errors, [], errors.join('\n'));
  await page.close();
});

test('CSV has a header and one row per position per variant', async () => {
  const { page, errors } = await open();
  await tid(page, 'price-input-BTCUSDT').fill('45000.5');
  await page.locator('[data-testid="verdict"]:not([data-verdict="neither"])').waitFor({ timeout: 5_000 });
  const { name, bytes } = await download(page, 'export-csv');
  assert.equal(name, 'margin-lab-results.csv');
  const lines = bytes.toString('utf8').split('\r\n').filter((l) => l);
  const header = lines[0].split(',');
  assert.deepEqual(header.slice(0, 5), ['variant', 'position', 'market', 'side', 'mode']);
  const positions = await tid(page, 'position-row').count();
  const variants = await page.locator('.twin .column').count();
  assert.equal(lines.length, 1 + positions * variants);
  for (const l of lines.slice(1)) assert.equal(l.split(',').length, header.length, l);
  const btc = lines.find((l) => l.startsWith('cross,1,BTCUSDT,'));
  assert.ok(btc?.includes(',45000.5,'), `exact price in ${btc}`);
  assert.equal(new Set(lines.slice(1).map((l) => l.split(',')[0])).size, variants);
  assert.deepEqual(errors, [], errors.join('\n'));
  await page.close();
});

test('charts export as SVG and as 2× PNG', async () => {
  const { page, errors } = await open();
  for (const [chart, testid] of [['value', 'value-chart'], ['map', 'map-chart']]) {
    const svg = await download(page, `export-svg-${chart}`);
    assert.ok(svg.name.endsWith('.svg'));
    const text = svg.bytes.toString('utf8');
    assert.ok(text.startsWith('<svg'), text.slice(0, 60));
    const [, vw, vh] = text.match(/viewBox="0 0 (\d+) (\d+)"/).map(Number);
    assert.ok(text.includes(`width="${vw}" height="${vh}"`));

    const png = await download(page, `export-png-${chart}`);
    assert.ok(png.name.endsWith('.png'));
    const b = png.bytes;
    assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.equal(b.subarray(12, 16).toString('ascii'), 'IHDR');
    const w = b.readUInt32BE(16);
    const h = b.readUInt32BE(20);
    assert.equal(w, vw * 2, `${chart} PNG width`);
    assert.equal(h, vh * 2, `${chart} PNG height`);
    assert.ok(b.length > 5_000, `${chart} PNG has content (${b.length} bytes)`);
    const shown = await page.locator(`[data-testid="${testid}"] svg.chart-svg`).boundingBox();
    assert.ok(w >= shown.width * 1.5, `${chart}: ${w}px wide for ${shown.width} CSS px shown`);
  }
  assert.deepEqual(errors, [], errors.join('\n'));
  await page.close();
});
