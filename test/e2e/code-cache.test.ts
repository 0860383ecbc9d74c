import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { tempDir, tempRepo, testEnv } from '../support/repo.js';
import { expectNoLeak, plant } from '../support/secrets.js';

/**
 * dist/cli/main.cjs compiles the CLI bundle with V8's code cache
 * (dist/cli/scan-keys.cache, made by the build). A cache that fits is used
 * and left alone; one that is missing or does not fit (another Node, a
 * damaged file) costs nothing but time and is written anew; a folder that
 * cannot take it changes nothing; SCAN_KEYS_CODE_CACHE=0 turns it off.
 * Whatever the cache, the command's output is the same.
 */

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KEY = plant.openaiProject(952);

/** A copy of the built package (its bundle carries its dependencies), so the cache can be changed without touching this checkout's. */
function install(): { cli: string; cache: string } {
  const own = path.join(tempDir('scan-keys-cache-'), 'scan-keys');
  mkdirSync(own);
  cpSync(path.join(PACKAGE_ROOT, 'dist'), path.join(own, 'dist'), { recursive: true });
  cpSync(path.join(PACKAGE_ROOT, 'package.json'), path.join(own, 'package.json'));
  return { cli: path.join(own, 'dist', 'cli', 'main.cjs'), cache: path.join(own, 'dist', 'cli', 'scan-keys.cache') };
}

function folder(): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'app.ts'), `const k = "${KEY}";\n`);
  return dir;
}

function scan(cli: string, dir: string, env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [cli, '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: testEnv({ NO_COLOR: '1', ...env }) });
  expectNoLeak(r.stdout, r.stderr);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  const report = JSON.parse(r.stdout) as { findings: { rule: string; fingerprint: string }[] };
  return report.findings.map((f) => `${f.rule} ${f.fingerprint}`);
}

const tempFilesIn = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

test('the build ships a cache that fits, and a run leaves it as it is', () => {
  const { cli, cache } = install();
  const before = readFileSync(cache);
  expect(before.length).toBeGreaterThan(10_000);
  const mtime = statSync(cache).mtimeMs;
  expect(scan(cli, folder())).toHaveLength(1);
  // A cache V8 rejected would have been written anew at exit.
  expect(statSync(cache).mtimeMs).toBe(mtime);
  expect(readFileSync(cache).equals(before)).toBe(true);
});

test('a missing cache is written by the next run, and the runs before and after report the same', () => {
  const { cli, cache } = install();
  const dir = folder();
  const withShipped = scan(cli, dir);
  rmSync(cache);
  expect(scan(cli, dir)).toEqual(withShipped);
  expect(existsSync(cache)).toBe(true);
  expect(scan(cli, dir)).toEqual(withShipped);
  expect(tempFilesIn(path.dirname(cache))).toEqual([]);
});

test('a damaged cache is rejected, not trusted: the scan runs and the cache is replaced', () => {
  const { cli, cache } = install();
  const dir = folder();
  const expected = scan(cli, dir);
  const garbage = Buffer.alloc(4096, 0x5a);
  writeFileSync(cache, garbage);
  expect(scan(cli, dir)).toEqual(expected);
  expect(readFileSync(cache).equals(garbage)).toBe(false);
});

test('a cache that cannot be written (its name taken by a folder) changes nothing and leaves no temporary file', () => {
  const { cli, cache } = install();
  const dir = folder();
  rmSync(cache);
  mkdirSync(cache);
  expect(scan(cli, dir)).toHaveLength(1);
  expect(statSync(cache).isDirectory()).toBe(true);
  expect(tempFilesIn(path.dirname(cache))).toEqual([]);
});

/** A --staged run in a repository with the key staged. */
function stagedScan(cli: string): void {
  const repo = tempRepo();
  repo.write('app.ts', `const k = "${KEY}";\n`);
  repo.git('add', 'app.ts');
  const r = spawnSync(process.execPath, [cli, '--staged'], { cwd: repo.dir, encoding: 'utf8', env: testEnv({ NO_COLOR: '1' }) });
  expectNoLeak(r.stdout, r.stderr);
  expect(r.status).toBe(1);
}

test('a cache one kind of run wrote fits the other: a folder scan raises V8\'s JIT budget, a --staged run does not', () => {
  const { cli, cache } = install();
  // Written by a folder scan: V8 rejects a cache made under other flags, and the --staged run would write it anew.
  rmSync(cache);
  expect(scan(cli, folder())).toHaveLength(1);
  const byScan = readFileSync(cache);
  stagedScan(cli);
  expect(readFileSync(cache).equals(byScan)).toBe(true);
  // And the other way round.
  rmSync(cache);
  stagedScan(cli);
  const byHook = readFileSync(cache);
  expect(scan(cli, folder())).toHaveLength(1);
  expect(readFileSync(cache).equals(byHook)).toBe(true);
});

test('a folder scan large enough to hold V8\'s young generation (20,000 files) writes a cache that fits the next run', () => {
  const { cli, cache } = install();
  const dir = folder();
  for (let i = 0; i < 20_000; i++) {
    if (i % 1000 === 0) mkdirSync(path.join(dir, `d${i / 1000}`));
    writeFileSync(path.join(dir, `d${Math.floor(i / 1000)}`, `f${i}.txt`), 'plain text\n');
  }
  rmSync(cache);
  expect(scan(cli, dir)).toHaveLength(1);
  const written = readFileSync(cache);
  stagedScan(cli);
  expect(readFileSync(cache).equals(written)).toBe(true);
});

test('SCAN_KEYS_CODE_CACHE=0 neither reads nor writes a cache', () => {
  const { cli, cache } = install();
  rmSync(cache);
  expect(scan(cli, folder(), { SCAN_KEYS_CODE_CACHE: '0' })).toHaveLength(1);
  expect(existsSync(cache)).toBe(false);
});

test('the bundles Node loads on every command are ASCII, so V8 holds each source as one byte a character', () => {
  // esbuild escapes non-ASCII text in strings but not in regex literals: one "…" made the whole 670 kB bundle
  // a two-byte string, slower to read and to check against its code cache on every command.
  for (const file of ['main.cjs', 'scan-keys.cjs', 'read-worker.cjs']) {
    const text = readFileSync(path.join(PACKAGE_ROOT, 'dist', 'cli', file), 'latin1');
    const at = text.search(/[^\u0000-\u007f]/);
    expect(at === -1 ? '' : `${file}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`).toBe('');
  }
});
