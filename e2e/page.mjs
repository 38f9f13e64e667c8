// What the end-to-end tests do with the page, in one place: find by test id,
// read text, open the app, export the scenario as a person would, wait for a
// figure to change, and write a price the way the page shows it.
import { readFileSync } from 'node:fs';
import { watchErrors } from './browser.mjs';

export const tid = (page, id) => page.locator(`[data-testid="${id}"]`);
export const text = async (page, id) => (await tid(page, id).first().textContent())?.trim();
/** The page's price text for a price above 1,000: whole units, grouped. */
export const wholePrice = (s) => Math.round(Number(s)).toLocaleString('en-US');

/** A new page of the app at `env.server.url`, its verdict shown; with the errors it reports. */
export async function openApp(env, viewport = { width: 1280, height: 900 }) {
  const page = await env.browser.newPage({ viewport, acceptDownloads: true });
  const errors = watchErrors(page);
  await page.goto(env.server.url, { waitUntil: 'load' });
  await tid(page, 'verdict').waitFor({ state: 'visible', timeout: 30_000 });
  return { page, errors };
}

/** The scenario as the "Scenario JSON" export button downloads it. */
export async function exportScenario(page) {
  await tid(page, 'export-group').evaluate((d) => { d.open = true; });
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), tid(page, 'export-json').click()]);
  return JSON.parse(readFileSync(await dl.path(), 'utf8'));
}

/** Waits until the test id's text changes from `before`. */
export async function changed(page, id, before) {
  await page.waitForFunction(
    ([i, b]) => document.querySelector(`[data-testid="${i}"]`)?.textContent?.trim() !== b,
    [id, before],
    { timeout: 5_000 },
  );
}
