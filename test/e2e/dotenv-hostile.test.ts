import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fixDotenv } from '../../src/dotenv/fix.js';
import { scanText } from '../../src/index.js';
import { cli } from '../support/cli.js';
import { tempDir } from '../support/repo.js';

/** The .env files of issue 9 that took 32 s each (200,000 of a character inside a value). */
const SLOW_BEFORE: Record<string, string> = {
  spaces: `A=x${' '.repeat(200_000)}y\n`,
  quotes: `A="x${' '.repeat(200_000)}y"\n`,
  unclosed: `A="${' '.repeat(200_000)}y\n`,
  tabs: `A=x${'\t'.repeat(200_000)}y\n`,
  'zero-width spaces': `OPENAI_API_KEY=x${'\u200b'.repeat(200_000)}y\n`,
  'escaped newlines': `A="x${'\\n'.repeat(100_000)}y"\n`,
  // An alternation of \r\n and \r backtracked exponentially here: 26 lines took 0.8 s, 40 would never end.
  'line breaks in quotes': `A="x${'\r\n'.repeat(200)} "\n`,
};

/**
 * A 64 MB heap. V8 refuses the checkout's code cache under another heap flag, and the run would write its own over it
 * (every later run then refusing that one in turn): these runs use no cache.
 */
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=64', SCAN_KEYS_CODE_CACHE: '0' };

describe('hostile .env files', () => {
  test('the whole lint path (parse, every .env rule, the scan) takes seconds on each, not minutes', async () => {
    const dir = tempDir();
    for (const [name, text] of Object.entries(SLOW_BEFORE)) {
      mkdirSync(path.join(dir, name.replace(/ /g, '-')));
      writeFileSync(path.join(dir, name.replace(/ /g, '-'), '.env'), text);
    }
    const started = performance.now();
    const run = await cli(dir, ['.', '--format', 'json']);
    const seconds = (performance.now() - started) / 1000;
    expect(run.stderr).toBe('');
    expect(run.json.summary.files).toBe(Object.keys(SLOW_BEFORE).length);
    expect(run.json.findings.length).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(10);
  });

  test('200,000 problems in one .env are all reported (a push(...spread) overflowed the stack past 125,000)', async () => {
    const started = performance.now();
    const findings = await scanText('KEY\n'.repeat(200_000), { path: '.env' });
    expect(findings).toHaveLength(200_000);
    expect(findings.every((f) => f.rule === 'dotenv-invalid-line')).toBe(true);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  test('fix-env repairs 150,000 problems in one go', () => {
    const text = Array.from({ length: 150_000 }, (_, i) => `K${i}=v `).join('\n');
    const result = fixDotenv(text);
    expect(result.fixed).toHaveLength(150_000);
    expect(result.text).toBe(text.replace(/ $/gm, ''));
  });

  test('10 MB of blank lines, or of comments, scan in a 64 MB heap (they took 1.6 GB)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'blank'));
    mkdirSync(path.join(dir, 'comments'));
    writeFileSync(path.join(dir, 'blank', '.env'), '\n'.repeat(10 * 1024 * 1024 - 64));
    writeFileSync(path.join(dir, 'comments', '.env'), '# c\n'.repeat(2.5 * 1024 * 1024 - 64));
    const run = await cli(dir, ['.', '--format', 'json'], SMALL_HEAP);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.json.summary.files).toBe(2);
  });

  test('9 MB of blank lines around one finding scan in a 64 MB heap: the line index is sparse', async () => {
    const dir = tempDir();
    const half = '\n'.repeat(4.5 * 1024 * 1024);
    writeFileSync(path.join(dir, '.env'), `${half}KEY=value \n${half}`);
    const run = await cli(dir, ['.', '--format', 'json'], SMALL_HEAP);
    expect(run.stderr).toBe('');
    expect(run.json.findings.map((f: { rule: string; line: number }) => [f.rule, f.line])).toEqual([['dotenv-trailing-whitespace', 4.5 * 1024 * 1024 + 1]]);
  });
});
