import { describe, expect, test } from 'vitest';
import { cleanValue, oddities, reprOf } from '../src/doctor/value.js';
import { maskValue, visible } from '../src/dotenv/display.js';
import { looksLikeKey } from '../src/dotenv/keylike.js';
import { lintDotenv } from '../src/dotenv/lint.js';
import { fixDotenv } from '../src/dotenv/fix.js';
import { redactKeys } from '../src/redact.js';
import { repositoryUri } from '../src/report/sarif.js';
import { withoutCredentials } from '../src/scan-target.js';
import { scanText } from '../src/index.js';
import { fake, OPENAI_MARKER as M } from '../src/rules/fake.js';
import { builtinRules } from '../src/rules/index.js';
import { checkBody } from '../src/rules/validators.js';

/**
 * Every regex that runs on scanned input must take time linear in it: a
 * quadratic one turns a 1 MB file into minutes (`A=x` + 200,000 spaces + `y`
 * took 32 s). Each case runs on 64 kB and on 1 MB of its worst input, a
 * pumped string: linear code takes about 16 times as long on the larger one,
 * quadratic code 256 times. Failing past 64 times (and only past 50 ms, so
 * that sub-millisecond jitter does not count) leaves room for a noisy shared
 * machine, and still catches anything that grows faster than n log n.
 */
const SCALE = 16;
const MAX_RATIO = 64;
const NOISE_MS = 50;
const MAX_LARGE_MS = 5_000;

interface Case {
  readonly name: string;
  readonly input: (size: number) => string;
  readonly run: (input: string) => unknown;
  /** The larger size; default 1 MB. Cases that make a finding per line use less, to keep the run short. */
  readonly large?: number;
}

/** `prefix`, then `pump` repeated to about `size` characters, then `suffix`. */
const pumped = (prefix: string, pump: string, suffix = '') => (size: number) =>
  prefix + pump.repeat(Math.ceil(size / pump.length)) + suffix;

function timeOf(c: Case, size: number): number {
  const input = c.input(size);
  const started = performance.now();
  c.run(input);
  return performance.now() - started;
}

/** A slow run on a busy machine is noise (a collection of the large input's garbage lands in one run or another), a slow best of three is not. */
function expectLinear(c: Case): void {
  const largeSize = c.large ?? 1024 * 1024;
  const smallSize = largeSize / SCALE;
  timeOf(c, smallSize / 4); // warm the JIT, so the small run is not the slow one
  const small = Math.min(timeOf(c, smallSize), timeOf(c, smallSize));
  const where = `${c.name}: ${small.toFixed(1)} ms on ${smallSize / 1024} kB`;
  // Quadratic code would take minutes on the large input, and a synchronous run cannot be interrupted: stop here.
  expect(small, where).toBeLessThan(MAX_LARGE_MS / SCALE);
  let large = timeOf(c, largeSize);
  for (let retry = 0; retry < 2 && large > NOISE_MS && large > MAX_RATIO * small; retry++) large = Math.min(large, timeOf(c, largeSize));
  const detail = `${where}, ${large.toFixed(1)} ms on ${largeSize / 1024} kB`;
  expect(large, detail).toBeLessThan(MAX_LARGE_MS);
  if (large > NOISE_MS) expect(large / Math.max(small, 0.01), detail).toBeLessThan(MAX_RATIO);
}

const BODY = 'aB3dE5fG7hJ9kL1mN2pQ4';
const KEY = fake.openaiProject();

/** Runs every built-in rule's own regex over the whole input, as if the input were one keyword window. */
function allRulePatterns(input: string): number {
  let n = 0;
  for (const rule of builtinRules) {
    for (const _ of input.matchAll(new RegExp(rule.pattern.source, 'g'))) n++;
  }
  return n;
}

const RULE_PUMPS = [M, 'sk-', 'sk-proj-', 'sk-ant-api03-', 'sk-ant-admin01-', 'a', 'A1_-', '\\n', 'AA', `sk-proj-${BODY}${M}`, `${BODY}${M}`, `sk-ant-api03-${BODY}`];

const ruleCases: Case[] = RULE_PUMPS.flatMap((pump) => [
  { name: `rule patterns on ${JSON.stringify(pump)}…`, input: pumped('', pump, '!'), run: allRulePatterns },
  { name: `redactKeys on ${JSON.stringify(pump)}…`, input: pumped('', pump, '!'), run: (s: string) => redactKeys(s) },
  { name: `placeholder check on ${JSON.stringify(pump)}…`, input: pumped('', pump, '!'), run: checkBody },
]);

const PLACEHOLDER_PUMPS = ['your', 'your_', 'my-api_', 'key_', 'replace_', 'xxxx-', '**-', '..-'];
const placeholderCases: Case[] = PLACEHOLDER_PUMPS.map((pump) => ({
  name: `placeholder words on ${JSON.stringify(pump)}…`,
  input: pumped('', pump),
  run: checkBody,
}));

/** Characters that pile up at a value's edges, and the quotes and escapes around them. */
const EDGE_PUMPS = [' ', '\t', '\u200b', '\u00a0', '"', "'", '`', '\u201c', '\\"', '\\n', '#', '=', 'export '];
const LINE_SHAPES: readonly [string, string][] = [
  ['A=x', 'y'],
  ['A="x', 'y"'],
  ['A=`', ''],
  ['', '!'],
  [' x', '=!'],
];

const dotenvCases: Case[] = [
  ...EDGE_PUMPS.flatMap((pump) =>
    LINE_SHAPES.map(([head, tail]) => ({
      name: `.env lint of ${JSON.stringify(head)} + ${JSON.stringify(pump)}… + ${JSON.stringify(tail)}`,
      input: pumped(head, pump, `${tail}\n`),
      run: (s: string) => lintDotenv(s),
    })),
  ),
  // Pumps that make many lines, each a problem of its own.
  ...['\n', '\r\n', '\r', '# c\n', ' \n'].map((pump) => ({
    name: `.env lint of ${JSON.stringify(pump)}…`,
    input: pumped('', pump),
    run: (s: string) => lintDotenv(s),
  })),
  ...['KEY\n', 'A=1 \n', 'A="x\\" \n', 'A="\r\n', 'A="\\"x\n'].map((pump) => ({
    name: `.env lint of ${JSON.stringify(pump)}… (a finding per line)`,
    input: pumped('', pump),
    run: (s: string) => lintDotenv(s),
    large: 256 * 1024,
  })),
  ...[' ', '\u200b', '"', '\\n', '\r\n'].map((pump) => ({
    name: `fix-env of A="x + ${JSON.stringify(pump)}… + y"`,
    input: pumped(`OPENAI_API_KEY="${KEY}`, pump, 'y"\n'),
    run: (s: string) => fixDotenv(s),
  })),
];

const doctorChecks = (s: string) => [cleanValue(s), oddities(s), reprOf(s, ['sk-'])];

const displayCases: Case[] = [' ', '"', '\u201c', '\\n', '\u200b'].flatMap((pump) => [
  { name: `maskValue of x + ${JSON.stringify(pump)}… + y`, input: pumped('x', pump, 'y'), run: maskValue },
  { name: `maskValue of ${JSON.stringify(pump)}… + x`, input: pumped('', pump, 'x'), run: maskValue },
  { name: `visible of ${JSON.stringify(pump)}…`, input: pumped('', pump), run: visible },
  { name: `looksLikeKey of x + ${JSON.stringify(pump)}… + y`, input: pumped('x', pump, 'y'), run: looksLikeKey },
  // At the edges: doctor names each stray character inside a value, so inner ones make output, not backtracking.
  { name: `doctor's checks of ${JSON.stringify(pump)}… + x`, input: pumped('', pump, 'x'), run: doctorChecks, large: 256 * 1024 },
  { name: `doctor's checks of x + ${JSON.stringify(pump)}…`, input: pumped('x', pump), run: doctorChecks, large: 256 * 1024 },
]);

/** A remote URL is input too (git config): cutting its credentials and making it a URI must stay linear. */
const remoteCases: Case[] = [
  { name: 'withoutCredentials on https://@@@…', input: pumped('https://', '@', '/x'), run: withoutCredentials },
  { name: 'withoutCredentials on scp-like u:@:@…', input: pumped('u', ':@', 'h:x'), run: withoutCredentials },
  { name: 'repositoryUri on a:a:a…', input: pumped('h', ':a', '/x'), run: repositoryUri },
  { name: 'repositoryUri on a://///…', input: pumped('a://', '/'), run: repositoryUri },
];

describe('every regex on input runs in linear time (256 kB vs 1 MB of its worst case)', () => {
  test.each(ruleCases.map((c) => [c.name, c] as const))('%s', (_, c) => expectLinear(c), 60_000);
  test.each(placeholderCases.map((c) => [c.name, c] as const))('%s', (_, c) => expectLinear(c), 60_000);
  test.each(dotenvCases.map((c) => [c.name, c] as const))('%s', (_, c) => expectLinear(c), 60_000);
  test.each(displayCases.map((c) => [c.name, c] as const))('%s', (_, c) => expectLinear(c), 60_000);
  test.each(remoteCases.map((c) => [c.name, c] as const))('%s', (_, c) => expectLinear(c), 60_000);

  test('the whole scan (engine, validators, finalize masking every token on the line)', async () => {
    const scans: Case[] = [
      // A key, then a 1 MB line of random-looking tokens: finalize masks each one in the snippet.
      { name: 'key then tokens', input: pumped(`${KEY} `, `${BODY} `), run: (s) => scanText(s, { path: 'a.txt' }) },
      { name: 'keys on one line', input: pumped('', `${fake.openaiProject()} `), run: (s) => scanText(s, { path: 'a.txt' }) },
      { name: 'marker pump', input: pumped('sk-proj-', M), run: (s) => scanText(s, { path: 'a.txt' }) },
      { name: '.env spaces', input: pumped('A=x', ' ', 'y\n'), run: (s) => scanText(s, { path: '.env' }) },
    ];
    // scanText is async: time it by awaiting each run.
    for (const c of scans) {
      const time = async (size: number) => {
        const input = c.input(size);
        const started = performance.now();
        await c.run(input);
        return performance.now() - started;
      };
      await time(16 * 1024);
      const small = Math.min(await time(64 * 1024), await time(64 * 1024));
      const large = Math.min(await time(1024 * 1024), await time(1024 * 1024));
      expect(large, `${c.name}: ${large.toFixed(0)} ms on 1 MB`).toBeLessThan(MAX_LARGE_MS);
      if (large > NOISE_MS) expect(large / small, `${c.name}: ${small.toFixed(1)} ms vs ${large.toFixed(1)} ms`).toBeLessThan(MAX_RATIO);
    }
  }, 120_000);
});
