// The CLI as the oracle of the e2e tests, and the page's number formatting in JS.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const DEFAULT_SCENARIO = join(REPO, 'crates/engine/scenarios/default.json');

// The CLI (crates/cli, binary `margin-lab`), built by `cargo test --workspace`
// earlier in scripts/test.sh; `cargo run` when it is not there.
function cliCommand() {
  const dir = process.env.CARGO_TARGET_DIR || join(REPO, 'target');
  const bin = join(dir, 'debug', 'margin-lab');
  return existsSync(bin) ? [bin, []] : ['cargo', ['run', '-q', '-p', 'margin-lab-cli', '--']];
}

/** `margin-lab evaluate FILE --prices SYM=P ...` as parsed JSON. */
export function evaluate(file, prices = {}) {
  const [cmd, pre] = cliCommand();
  const args = [...pre, 'evaluate', file];
  const pairs = Object.entries(prices).map(([k, v]) => `${k}=${v}`);
  if (pairs.length) args.push('--prices', pairs.join(','));
  return JSON.parse(execFileSync(cmd, args, { cwd: REPO, encoding: 'utf8' }));
}

/** Writes a scenario object to a temporary file and returns its path. */
export function scenarioFile(obj) {
  const dir = mkdtempSync(join(tmpdir(), 'margin-lab-'));
  const f = join(dir, 'scenario.json');
  writeFileSync(f, JSON.stringify(obj));
  return f;
}

/** Exact decimal string → the page's money text: 2 dp half away from zero, grouped, quote. */
export function money(s, quote = 'USDT') {
  let neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  const [i, f = ''] = s.split('.');
  const frac = f.padEnd(3, '0');
  let cents = BigInt(i + frac.slice(0, 2));
  if (Number(frac[2]) >= 5) cents += 1n;
  if (cents === 0n) neg = false;
  const str = cents.toString().padStart(3, '0');
  const int = str.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '−' : ''}${int}.${str.slice(-2)} ${quote}`;
}

/** `margin-lab compare FILE --position I --venue-price P` as parsed JSON. */
export function compare(file, position, venuePrice) {
  const [cmd, pre] = cliCommand();
  const args = [...pre, 'compare', file, '--position', String(position), '--venue-price', String(venuePrice)];
  return JSON.parse(execFileSync(cmd, args, { cwd: REPO, encoding: 'utf8' }));
}

/** `margin-lab explain FILE --of ... [flags]` as parsed JSON; `flags` maps flag names to values. */
export function explain(file, of, flags = {}) {
  const [cmd, pre] = cliCommand();
  const args = [...pre, 'explain', file, '--of', of];
  for (const [k, v] of Object.entries(flags)) args.push(`--${k}`, String(v));
  return JSON.parse(execFileSync(cmd, args, { cwd: REPO, encoding: 'utf8' }));
}

/** `margin-lab timeline FILE --market SYM --to HOURS` as parsed JSON. */
export function timeline(file, market, to) {
  const [cmd, pre] = cliCommand();
  const args = [...pre, 'timeline', file, '--market', market, '--to', String(to)];
  return JSON.parse(execFileSync(cmd, args, { cwd: REPO, encoding: 'utf8' }));
}

/** `margin-lab path FILE --path SAMPLES [--hours-per-step H]` as parsed JSON. */
export function walk(file, samples, hoursPerStep) {
  const [cmd, pre] = cliCommand();
  const args = [...pre, 'path', file, '--path', JSON.stringify(samples)];
  if (hoursPerStep) args.push('--hours-per-step', String(hoursPerStep));
  return JSON.parse(execFileSync(cmd, args, { cwd: REPO, encoding: 'utf8' }));
}
