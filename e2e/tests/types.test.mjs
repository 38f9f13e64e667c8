// The TypeScript declarations of the JS API, as generated into dist/, compile
// against a typical use (e2e/types/usage.ts) under --strict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const E2E = fileURLToPath(new URL('..', import.meta.url));

test('the generated margin-lab-web.d.ts type-checks a typical use', () => {
  assert.ok(existsSync(`${E2E}../dist/margin-lab-web.d.ts`), 'dist/margin-lab-web.d.ts missing');
  const tsc = `${E2E}node_modules/.bin/tsc`;
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'es2022', '--moduleResolution', 'bundler', '--lib', 'es2022,dom', 'types/usage.ts'];
  try {
    execFileSync(tsc, args, { cwd: E2E, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc reported:\n${e.stdout}${e.stderr}`);
  }
});
