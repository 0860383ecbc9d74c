import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dotenvMatcher } from '../src/dotenv/lint.js';
import { parseDotenv, printDotenv } from '../src/dotenv/parse.js';
import { runPipeline } from '../src/pipeline.js';
import { githubReporter } from '../src/report/github.js';
import { htmlReporter } from '../src/report/html.js';
import { jsonReporter } from '../src/report/json.js';
import type { Reporter } from '../src/report/reporter.js';
import { sarifReporter } from '../src/report/sarif.js';
import { textReporter } from '../src/report/text.js';
import { fake } from '../src/rules/fake.js';
import type { ScanUnit, SourceItem } from '../src/sources/unit.js';
import { render } from './support/findings.js';

/**
 * Property-based tests: for random bytes, random .env text and random file
 * names, (a) the scan never throws, (b) no report in any format holds 32
 * consecutive characters of a key planted anywhere in the input, (c) the .env
 * parser gives back every byte it was given.
 */

const REPORTERS: readonly Reporter[] = [textReporter, jsonReporter, sarifReporter, githubReporter, htmlReporter];
/** Enough runs to find what a run of this size finds, few enough for CI (the whole file stays well under 30 s). */
const RUNS = { numRuns: 300 };

/** Fresh keys of every built-in shape, from seeds the fuzzer picks. */
const keyArb = fc.integer({ min: 1, max: 1_000_000 }).chain((seed) =>
  fc.constantFrom(
    fake.openaiProject(seed),
    fake.openaiLegacy(seed),
    fake.openaiAdmin(seed),
    fake.openaiServiceAccount(seed),
    fake.anthropic(seed),
  ),
);

/** Text that tries hard to confuse: controls, quotes, separators, `=`, newlines of every kind, bidi marks. */
const hostileChar = fc.constantFrom(...'\n\r\t\0\x1b\x07 =#"\'`\\$:,/.-_\u202e\u2028\ufeff\u200bAZaz09'.split(''));
const hostileText = fc.array(fc.oneof(hostileChar, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 60 }).map((a) => a.join(''));

async function* items(...units: ScanUnit[]): AsyncGenerator<SourceItem> {
  yield* units;
}

async function scanAndRender(unit: ScanUnit): Promise<string[]> {
  const { findings, summary } = await runPipeline(items(unit), 'files', { matchers: [dotenvMatcher({ staged: false })] });
  return REPORTERS.map((r) => render(r, findings, summary));
}

/** The first 32-character window of the key that shows in the output, as a place (never the key itself). */
function leak(outputs: readonly string[], key: string): string | undefined {
  for (let i = 0; i + 32 <= key.length; i++) {
    const window = key.slice(i, i + 32);
    const at = outputs.findIndex((o) => o.includes(window));
    if (at >= 0) return `report #${at} shows characters ${i}..${i + 32} of a ${key.length}-character key`;
  }
  return undefined;
}

describe('fuzz', () => {
  test('random bytes: the scan never throws, as a source file or as a .env', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('src/a.ts', '.env', '.env.local'), async (bytes, path) => {
        await scanAndRender({ path, bytes: Buffer.from(bytes) });
      }),
      RUNS,
    );
  });

  test('a key planted in random text, a .env name or a file name never reaches a report', async () => {
    await fc.assert(
      fc.asyncProperty(
        keyArb,
        hostileText,
        hostileText,
        fc.constantFrom('content', 'dotenv-name', 'dotenv-value', 'file-name'),
        async (key, before, after, where) => {
          const text = where === 'dotenv-name' ? `${before}\n${key}${after}\n` : where === 'dotenv-value' ? `${before}\nK=${key}${after}\n` : `${before}${key}${after}`;
          const unit: ScanUnit =
            where === 'file-name'
              ? { path: `${before}${key}${after}`, bytes: Buffer.from('nothing\n') }
              : { path: where === 'content' ? 'src/app.ts' : '.env', bytes: Buffer.from(text) };
          const outputs = await scanAndRender(unit);
          expect(leak(outputs, key)).toBeUndefined();
        },
      ),
      RUNS,
    );
  });

  test('a key glued to a file name from random pieces stays out of every report', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, fc.string({ unit: 'binary', maxLength: 30 }), async (key, noise) => {
        const unit = { path: `${noise}/${key}`, bytes: Buffer.from(`const k = "${key}";\n`) };
        expect(leak(await scanAndRender(unit), key)).toBeUndefined();
      }),
      RUNS,
    );
  });

  test('no report holds a raw control character taken from a file name', async () => {
    await fc.assert(
      fc.asyncProperty(keyArb, hostileText, async (key, name) => {
        const outputs = await scanAndRender({ path: name, bytes: Buffer.from(`k = "${key}"\n`) });
        for (const out of outputs.slice(0, 1)) {
          // The text report: our own newlines end lines; nothing else that moves the cursor or colours the terminal.
           
          expect(/[\0-\x09\x0b-\x1f\x7f\u202e\u2028]/.test(out)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  test('the .env parser gives back every byte of random .env text', () => {
    const envText = fc
      .array(
        fc.oneof(
          hostileText,
          fc.constantFrom('A=1', 'export B="x y"', "C='z'", 'D=`q`', '# c', 'E = "multi\nline"', 'F=a #b', '\r\n', '\n'),
        ),
        { maxLength: 30 },
      )
      .map((a) => a.join('\n'));
    fc.assert(
      fc.property(envText, (text) => {
        expect(printDotenv(parseDotenv(text))).toBe(text);
      }),
      { numRuns: 400 },
    );
  });
});
