// Trunk post-build hook (Trunk.toml): finishes the site in Trunk's staging
// directory before it becomes dist/.
// 1. Removes the inline loader Trunk injects into index.html: the content
//    security policy allows no inline script; start.js loads the module.
// 2. Writes the service worker: its version (a digest of every file it
//    keeps) and its file list. In a debug build the service worker only
//    removes itself, so development never serves stale files.
// 3. Puts the version in index.html (<meta name="margin-lab-version">).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk hook');
const release = process.env.TRUNK_PROFILE === 'release';

const indexPath = join(dir, 'index.html');
let index = readFileSync(indexPath, 'utf8');
const loader = /<script type="module">\s*import init, \* as bindings from '\.\/margin-lab-web\.js';[\s\S]*?<\/script>/;
if (!loader.test(index)) throw new Error("Trunk's loader was not found in index.html: its shape changed");
index = index.replace(loader, '');
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(index)) throw new Error('index.html still holds an inline script');

// Everything the site is made of, except the service worker itself and the
// TypeScript declarations (for developers, not for the page).
const files = readdirSync(dir).filter((f) => f !== 'sw.js' && !f.endsWith('.d.ts')).sort();
const digest = createHash('sha256');
for (const f of files) digest.update(f).update(f === 'index.html' ? index : readFileSync(join(dir, f)));
const version = digest.digest('hex').slice(0, 16);

index = index.replace('<head>', `<head>\n    <meta name="margin-lab-version" content="${version}" />`);
writeFileSync(indexPath, index);

const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
const keep = ['./', ...files.map((f) => `./${f}`)];
const out = release
  ? sw.replace('"__VERSION__"', JSON.stringify(version)).replace('__FILES__', JSON.stringify(keep))
  : `// Development build: no offline copy; a worker left by a release build removes itself.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(
  caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith("margin-lab-")).map((k) => caches.delete(k))))
    .then(() => self.registration.unregister())));
`;
if (release && (out.includes('__VERSION__') || out.includes('__FILES__'))) throw new Error('sw.js template placeholders not replaced');
writeFileSync(join(dir, 'sw.js'), out);
console.log(`finish-site: version ${version}, ${keep.length} files kept offline${release ? '' : ' (debug: none)'}`);
