// Smoke test: the built site loads in Chromium, the wasm app mounts and says "ready".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, site, watchErrors } from '../browser.mjs';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

let server;
let browser;

before(async () => {
  server = await site();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('app loads, renders and reports ready', async () => {
  const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  const errors = watchErrors(page);

  await page.goto(server.url, { waitUntil: 'load' });
  const status = page.locator('[data-testid=status]');
  await status.waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForFunction(
    () => document.querySelector('[data-testid=status]')?.textContent?.trim() === 'ready',
    null,
    { timeout: 30_000 },
  );
  assert.equal((await page.locator('h1').textContent())?.trim(), 'Margin Lab');
  assert.equal(await page.title(), 'Margin Lab');

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}smoke.png`, fullPage: true });

  assert.deepEqual(errors, [], `browser reported errors:\n${errors.join('\n')}`);
  await page.close();
});
