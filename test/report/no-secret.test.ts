import { expect, test } from 'vitest';
import { FORMATS } from '../../src/cli/output.js';
import { fake } from '../../src/rules/fake.js';
import { cli } from '../support/cli.js';
import { leakedWindow } from '../support/findings.js';
import { tempRepo } from '../support/repo.js';

test('no output format prints any part of a key beyond its redacted form', async () => {
  const repo = tempRepo();
  const keys = Object.values(fake).map((make) => make());
  repo.write('src/keys.ts', keys.map((k, i) => `export const k${i} = "${k}";`).join('\n'));
  repo.write('notes/all on one line.md', keys.join(' '));
  const counts = new Map<string, number>();
  for (const format of FORMATS) {
    const run = await cli(repo.dir, ['--format', format]);
    expect(run.exitCode, `${format}: ${run.stderr}`).toBe(1);
    expect(leakedWindow(run.stdout + run.stderr, keys), format).toBeUndefined();
    counts.set(format, run.stdout.length);
  }
  // Every format reported something: a silent empty report would pass the leak check too.
  for (const [format, length] of counts) expect(length, format).toBeGreaterThan(200);
});
