import { statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { scanPaths } from '../../src/index.js';
import { fake } from '../../src/rules/fake.js';
import { cli } from '../support/cli.js';
import { tempDir, tempRepo, type TempRepo } from '../support/repo.js';

/**
 * A folder scan of 256 files or more reads them in a worker thread (the built
 * CLI only: a .ts source run by the test runner reads on the main thread).
 * Both ways must find the same keys at the same places and skip the same files.
 */
const KEYS = [fake.openaiProject(401), fake.anthropic(402), fake.openaiAdmin(403), fake.openaiLegacy(404)];
const MB = 1024 * 1024;

type Finding = { file: string; line: number; column: number; rule: string; fingerprint: string };
const places = (findings: readonly Finding[]) => findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.fingerprint}`);

describe('folder scan with a reader thread', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = tempRepo();
    for (let i = 0; i < 300; i++) repo.write(`src/m${i % 7}/file${i}.ts`, `export const v${i} = ${i};\n`.repeat(1 + (i % 50)));
    // A key on the first byte of a file, and keys inside files big enough to split a reader's 4 MB batch.
    repo.write('src/first.ts', `${KEYS[0]}\n`);
    repo.write('data/big1.txt', `${'a '.repeat(1.5 * MB)}\nk = "${KEYS[1]}"\n${'b '.repeat(MB)}`);
    repo.write('data/big2.txt', `${'c '.repeat(2.5 * MB)}\nk = "${KEYS[2]}"\n`);
    repo.write('data/big3.txt', `k = "${KEYS[3]}"\n${'d '.repeat(2 * MB)}`);
    repo.write('assets/logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x00]), Buffer.from(KEYS[0] as string)]));
    repo.write('data/huge.txt', Buffer.alloc(10 * MB + 1, 0x61));
    repo.write('empty.txt', '');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    // Untracked, and a link to a key outside the tree: never followed.
    repo.write('notes/untracked.md', `key: ${KEYS[1]}\n`);
    const outside = tempDir();
    writeFileSync(path.join(outside, 'secret.ts'), `k = "${KEYS[2]}"\n`);
    symlinkSync(path.join(outside, 'secret.ts'), path.join(repo.dir, 'link.ts'));
  });

  test('finds every key and skips (and lists) the binary, the oversized file and the link', async () => {
    const run = await cli(repo.dir, ['.', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    expect(run.json.findings.map((f: Finding) => `${f.file}:${f.line}`)).toEqual([
      'data/big1.txt:2',
      'data/big2.txt:2',
      'data/big3.txt:1',
      'notes/untracked.md:1',
      'src/first.ts:1',
    ]);
    expect(run.json.summary).toMatchObject({ files: 306, errors: 5 });
    expect(run.json.summary.skipped.map((s: { file: string; reason: string }) => `${s.file} ${s.reason}`).sort()).toEqual([
      'assets/logo.png binary',
      'data/huge.txt too-large',
      'link.ts symlink',
    ]);
  });

  test('gives the same findings and counts as reading on the main thread', async () => {
    const run = await cli(repo.dir, ['.', '--format', 'json']);
    const inThread = await scanPaths({ cwd: repo.dir });
    expect(places(run.json.findings)).toEqual(places(inThread.findings));
    expect(run.json.summary).toMatchObject({
      files: inThread.summary.files,
      bytes: inThread.summary.bytes,
    });
    expect(run.json.summary.skipped).toHaveLength(inThread.summary.skipped.length);
    expect(inThread.summary.skipped.map((s) => `${s.path} ${s.skipped}`).sort()).toEqual([
      'assets/logo.png binary',
      'data/huge.txt too-large',
      'link.ts symlink',
    ]);
  });
});

/**
 * With the CLI the reader thread runs the engine's keyword search itself and
 * hands on only files that hold a keyword of a rule in use, and .env files
 * (which the .env lint reads whatever they hold); the rest are only counted.
 */
describe("the reader thread's keyword prefilter", () => {
  test('knows the keywords of the config\'s custom rules, hands on .env files, and counts every file', async () => {
    const repo = tempRepo();
    for (let i = 0; i < 300; i++) repo.write(`lib/f${i}.ts`, `export const w${i} = "${'x'.repeat(i)}";\n`);
    // A token of a custom rule whose keyword no built-in rule has, and a .env file with no keyword at all.
    const token = `acme_live_${Buffer.from(fake.openaiProject(405)).toString('hex').slice(0, 20)}`;
    repo.write('lib/pay/client.ts', `export const t = "${token}";\n`);
    repo.write('.env', 'DEBUG = 1\n');
    repo.write(
      '.scankeysrc.json',
      JSON.stringify({ customRules: [{ id: 'acme-live-token', provider: 'acme', pattern: 'acme_live_[a-f0-9]{20}', keywords: ['acme_live_'], severity: 'error' }] }),
    );
    const run = await cli(repo.dir, ['.', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain(token);
    expect(run.json.findings.map((f: Finding) => `${f.file}:${f.line} ${f.rule}`)).toEqual([
      '.env:1 dotenv-space-around-equals',
      'lib/pay/client.ts:1 acme-live-token',
    ]);
    const tracked = repo.git('ls-files', '--others', '--cached', '--exclude-standard').trim().split('\n');
    expect(tracked.length).toBe(303);
    const bytes = tracked.reduce((n, f) => n + statSync(path.join(repo.dir, f)).size, 0);
    expect(run.json.summary).toMatchObject({ files: 303, bytes, skipped: [] });
  });
});

/**
 * The memory under the units a reader hands on is read into again once the
 * pipeline has finalized them (by the main thread, or back in the worker):
 * a finding must still show its own file's bytes. 3,000 files of 1 to 40 kB,
 * every tenth with a key of its own on a line of its own, over dozens of
 * batches of both threads: each finding's place and snippet must be its file's.
 */
describe('recycled read memory', () => {
  test('every finding keeps its own place and snippet', async () => {
    const repo = tempRepo();
    const expected: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const filler = `// ${'filler text '.repeat(1 + (i % 40) * 8)}\n`.repeat(1 + (i % 7));
      if (i % 10 === 0) {
        const key = fake.openaiProject(10_000 + i);
        const line = 1 + (i % 7) + 1;
        repo.write(`src/d${i % 13}/f${i}.ts`, `${filler}export const k${i} = "${key}";\n${filler}`);
        expected.push(`${line} │ export const k${i} = "sk-proj-…${key.slice(-4)}";`);
      } else repo.write(`src/d${i % 13}/f${i}.ts`, `${filler}export const v${i} = ${i}; // sk-proj- prefix in a comment\n`);
    }
    // --explain prints each finding's snippet under its line number: `2 │ export const k0 = "sk-proj-…abcd";`.
    const run = await cli(repo.dir, ['.', '--explain']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    const got = run.stdout.split('\n').flatMap((l) => (/^\s+\d+ │ /.test(l) ? [l.trim()] : []));
    expect(got.sort()).toEqual(expected.sort());
  }, 60_000);
});
