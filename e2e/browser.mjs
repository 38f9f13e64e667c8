// Shared helpers for the end-to-end tests: headless Chromium via playwright-core
// (the system browser, never a downloaded one) and the built site served locally.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDist, DEFAULT_ROOT } from './serve-dist.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath() {
  if (process.env.CHROMIUM && existsSync(process.env.CHROMIUM)) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const p = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (p) return p;
    } catch {
      // try the next name
    }
  }
  throw new Error('no Chromium found on PATH (run scripts/install.sh)');
}

export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** Serves dist/ on a free port unless BASE_URL is set. Returns { url, close }. */
export async function site() {
  if (process.env.BASE_URL) return { url: process.env.BASE_URL, close: async () => {} };
  const root = process.env.DIST_DIR ?? DEFAULT_ROOT;
  if (!existsSync(`${root}/index.html`)) {
    throw new Error(`${root}/index.html missing: build first (trunk build --release --offline)`);
  }
  return serveDist({ root });
}

/**
 * Collects console errors, page errors, failed requests, content security
 * policy violations (in the page and its frames) and requests that leave the
 * site (any origin but the page's own and those in `origins`).
 */
export function watchErrors(page, { origins = [] } = {}) {
  const errors = [];
  page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    const here = new URL(page.url() === 'about:blank' ? url : page.url()).origin;
    const origin = new URL(url).origin;
    if (origin !== here && !origins.includes(origin)) errors.push(`request left the site: ${url}`);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`http ${res.status()}: ${res.url()}`);
  });
  return errors;
}

/** Where the tests save screenshots and other artifacts. */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * For a test file: serves dist/ and launches Chromium before its tests (then
 * runs `setup(env)`, if given), and closes both (after `cleanup`) when they are
 * done. The returned object's `server` and `browser` are set by the time the
 * tests run.
 */
export function siteAndBrowser({ setup, cleanup } = {}) {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await site();
    env.browser = await launchBrowser();
    await setup?.(env);
  });
  after(async () => {
    await cleanup?.();
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
