import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { fixEnvFile, readEnvFile } from '../../src/cli/fix-env.js';
import { cliWithin } from '../support/bounded.js';
import { tempDir } from '../support/repo.js';

function collect() {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return { out, text: () => text };
}

test('fix-env leaves a file that changed after it was read untouched, and says so', async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, '.env'), 'A = 1\n');
  const file = await readEnvFile('.env', dir);
  // Someone saves the file between fix-env's read and its write.
  writeFileSync(path.join(dir, '.env'), 'A = 1\nB = 2\n');
  const { out, text } = collect();
  const outcome = await fixEnvFile(file, false, out, false);
  expect(outcome.changedMeanwhile).toBe(true);
  expect(readFileSync(path.join(dir, '.env'), 'utf8')).toBe('A = 1\nB = 2\n');
  expect(readdirSync(dir)).toEqual(['.env']);
  expect(text()).toContain('.env: changed while fix-env ran; left untouched');
  // What it read is still reported: the problem was not fixed.
  expect(outcome.findings.map((f) => f.rule)).toEqual(['dotenv-space-around-equals']);
});

test('a file that is not UTF-8 is left as it is and reported as skipped', async () => {
  const dir = tempDir();
  const bytes = Buffer.from([0x41, 0x20, 0x3d, 0x20, 0xff, 0x0a]);
  writeFileSync(path.join(dir, 'latin1.env'), bytes);
  const { out, text } = collect();
  const outcome = await fixEnvFile(await readEnvFile('latin1.env', dir), false, out, false);
  expect(outcome.skipped).toMatchObject({ path: 'latin1.env', skipped: 'unreadable', detail: 'not UTF-8' });
  expect(readFileSync(path.join(dir, 'latin1.env')).equals(bytes)).toBe(true);
  expect(text()).toContain('latin1.env: not valid UTF-8; left as it is');
});

test('a FIFO named to fix-env is a one-line error, never opened to wait for a writer', async () => {
  const dir = tempDir();
  execFileSync('mkfifo', [path.join(dir, '.env')]);
  const run = cliWithin(10_000, dir, ['fix-env', '.env']);
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toBe('scan-keys: .env is not a file (a FIFO)\n');
  await expect(readEnvFile('.env', dir)).rejects.toThrow('.env is not a file (a FIFO)');
});
