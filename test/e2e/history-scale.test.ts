import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cli, type CliRun } from '../support/cli.js';
import { commit, sha, tempRepo, type TempRepo } from '../support/repo.js';
import { expectNoSecret } from '../support/secrets.js';

const CACHE = path.join('.git', 'scan-keys', 'clean-blobs');

/** Deletes a blob's loose object file, as a damaged mirror or a partial clone lacks it. */
function dropObject(repo: TempRepo, rev: string): string {
  const id = sha(repo, rev);
  rmSync(path.join(repo.dir, '.git', 'objects', id.slice(0, 2), id.slice(2)));
  return id;
}

/** The JSON report without its duration, for comparing two runs. */
const stable = (run: CliRun) => JSON.stringify({ ...run.json, summary: { ...run.json.summary, durationMs: 0 } });

describe('history with objects missing from the repository', () => {
  test('everything present is audited, the missing blob is listed as skipped at its path, the exit follows the findings', async () => {
    const repo = tempRepo();
    const key = fake.openaiProject(1301);
    commit(repo, 'add', { 'src/client.ts': `const k = "${key}";\n`, 'notes.txt': 'nothing here\n' });
    commit(repo, 'more', { 'docs/guide.md': '# guide\n' });
    const missing = dropObject(repo, 'HEAD:notes.txt');

    const run = await cli(repo.dir, ['history', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    expect(run.json.findings).toMatchObject([{ file: 'src/client.ts', rule: 'openai-project-key' }]);
    expect(run.json.summary.skipped).toEqual([{ file: 'notes.txt', reason: 'missing', detail: expect.stringContaining(`blob ${missing}`) }]);
    expect(run.json.summary.incomplete).toEqual({ missing: 1 });
    expect(run.json.summary.files).toBe(2);
    expectNoSecret(run, [key]);
  });

  test('a clean history with a missing blob exits 0 and the text report says the audit was incomplete', async () => {
    const repo = tempRepo();
    commit(repo, 'one', { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' });
    commit(repo, 'two', { 'c.txt': 'gamma\n' });
    dropObject(repo, 'HEAD:a.txt');
    dropObject(repo, 'HEAD:c.txt');

    const run = await cli(repo.dir, ['history', '--no-cache']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/skipped 2 objects missing from the repository: (a\.txt, c\.txt|c\.txt, a\.txt)\n/);
    expect(run.stdout).toContain('audit incomplete: 2 objects missing from the repository');
    const quiet = await cli(repo.dir, ['history', '--no-cache', '-q']);
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).toContain('2 missing');
  });

  test('a corrupt object is listed as missing too, never dropped without a word', async () => {
    const repo = tempRepo();
    commit(repo, 'one', { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' });
    const id = sha(repo, 'HEAD:b.txt');
    const file = path.join(repo.dir, '.git', 'objects', id.slice(0, 2), id.slice(2));
    chmodSync(file, 0o644);
    writeFileSync(file, 'not a zlib stream');

    const run = await cli(repo.dir, ['history', '--format', 'json', '--no-cache']);
    expect(run.exitCode).toBe(0);
    expect(run.json.summary.skipped).toMatchObject([{ file: 'b.txt', reason: 'missing' }]);
    expect(run.json.summary.incomplete).toEqual({ missing: 1 });
    expect(run.json.summary.files).toBe(1);
  });

  test('a missing tree is listed as missing, and the findings beside it are reported without their commit, said to be untraced', async () => {
    const repo = tempRepo();
    const key = fake.anthropic(1302);
    commit(repo, 'one', { 'sub/a.txt': 'alpha\n', 'b.txt': 'beta\n' });
    commit(repo, 'two', { 'src/client.ts': `const k = "${key}";\n` });
    const tree = dropObject(repo, 'HEAD~1:sub');

    const run = await cli(repo.dir, ['history', '--format', 'json', '--no-cache']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    expect(run.json.findings).toMatchObject([{ file: 'src/client.ts', rule: 'anthropic-api-key' }]);
    expect(run.json.findings[0]?.commit).toBeUndefined();
    expect(run.json.summary.skipped).toMatchObject([{ reason: 'missing', detail: expect.stringContaining(tree) }]);
    expect(run.json.summary.incomplete).toEqual({ missing: 1, untraced: true });
    expect(run.json.summary.files).toBe(2);
    const text = await cli(repo.dir, ['history', '--no-cache']);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain('audit incomplete: 1 object missing');
    expect(text.stdout).toContain('findings not traced to commits');
    expectNoSecret(run, [key]);
    expectNoSecret(text, [key]);
  });

  test('a treeless partial clone is audited offline: its missing trees are listed, never fetched from the remote', async () => {
    const origin = tempRepo();
    const key = fake.openaiProject(1303);
    commit(origin, 'one', { 'docs/old.md': 'first\n', 'notes.txt': 'alpha\n' });
    commit(origin, 'two', { 'src/client.ts': `const k = "${key}";\n` });
    commit(origin, 'three', { 'docs/old.md': 'second\n' });
    origin.git('config', 'uploadpack.allowFilter', 'true');
    origin.git('config', 'uploadpack.allowAnySHA1InWant', 'true');
    const clone = tempRepo({ init: false });
    clone.git('clone', '-q', '--no-local', '--filter=tree:0', `file://${origin.dir}`, '.');
    const packs = () => readdirSync(path.join(clone.dir, '.git', 'objects', 'pack')).sort();
    const before = packs();
    expect(before.some((name) => name.endsWith('.promisor'))).toBe(true);

    const run = await cli(clone.dir, ['history', '--format', 'json', '--no-cache']);
    expect(run.exitCode).toBe(1);
    expect(run.json.findings).toMatchObject([{ file: 'src/client.ts', rule: 'openai-project-key' }]);
    expect(run.json.summary.incomplete?.missing).toBeGreaterThan(0);
    expect(run.json.summary.skipped.every((s: { reason: string }) => s.reason === 'missing')).toBe(true);
    // A lazy fetch would have added a pack.
    expect(packs()).toEqual(before);
    expectNoSecret(run, [key]);
  });

  test('a complete history says nothing of it', async () => {
    const repo = tempRepo();
    commit(repo, 'one', { 'a.txt': 'alpha\n' });
    const run = await cli(repo.dir, ['history', '--format', 'json']);
    expect(run.json.summary.incomplete).toBeUndefined();
    expect((await cli(repo.dir, ['history'])).stdout).not.toContain('incomplete');
  });
});

describe('the clean-blob cache', () => {
  test('a second audit gives the same report; the cache holds only ids of clean blobs, never the key or its blob', async () => {
    const repo = tempRepo();
    const key = fake.anthropic(1302);
    commit(repo, 'add', { 'app.env': `ANTHROPIC_API_KEY=${key}\n`, 'a.txt': 'alpha\n' });
    commit(repo, 'allowed', { 'b.ts': `const sample = "${fake.openaiProject(1303)}"; // scan-keys:allow documented sample\n` });
    commit(repo, 'clean', { 'c.txt': 'gamma\n', 'app.env': 'ANTHROPIC_API_KEY=\n' });

    const first = await cli(repo.dir, ['history', '--format', 'json']);
    const cache = readFileSync(path.join(repo.dir, CACHE), 'latin1');
    const ids = cache.split('\n').slice(1).sort();
    // The clean versions only: not the .env version with the key, nor the file whose key an allow comment let through.
    expect(ids).toEqual([sha(repo, 'HEAD:a.txt'), sha(repo, 'HEAD:app.env'), sha(repo, 'HEAD:c.txt')].sort());
    expect(cache).not.toContain(key);

    const second = await cli(repo.dir, ['history', '--format', 'json']);
    expect(stable(second)).toBe(stable(first));
    expect(second.exitCode).toBe(1);
  });

  test('a cached blob is not read again, and --no-cache reads it', async () => {
    const repo = tempRepo();
    const key = fake.openaiProject(1304);
    commit(repo, 'one', { 'clean.txt': 'alpha\n', 'key.ts': `const k = "${key}";\n` });
    await cli(repo.dir, ['history']);
    // Mark the blob with the key as clean under the same rules: only a run that trusts the cache misses it.
    const file = path.join(repo.dir, CACHE);
    writeFileSync(file, `${readFileSync(file, 'latin1')}\n${sha(repo, 'HEAD:key.ts')}`);

    const cached = await cli(repo.dir, ['history', '--format', 'json']);
    expect(cached.json.findings).toEqual([]);
    // Its bytes still count: a cached audit covers what a full one does.
    const full = await cli(repo.dir, ['history', '--format', 'json', '--no-cache']);
    expect(full.json.findings).toMatchObject([{ file: 'key.ts' }]);
    expect(cached.json.summary.covered).toEqual(full.json.summary.covered);
  });

  test('other rules make another cache: a blob clean with a rule turned off is read again once it is on', async () => {
    const repo = tempRepo();
    const key = fake.anthropic(1305);
    commit(repo, 'one', { 'k.txt': `${key}\n` });
    writeFileSync(path.join(repo.dir, 'scan-keys.config.json'), JSON.stringify({ rules: { 'anthropic-api-key': 'off' } }));
    const off = await cli(repo.dir, ['history', '--format', 'json']);
    expect(off.json.findings).toEqual([]);
    expect(readFileSync(path.join(repo.dir, CACHE), 'latin1')).toContain(sha(repo, 'HEAD:k.txt'));

    rmSync(path.join(repo.dir, 'scan-keys.config.json'));
    const on = await cli(repo.dir, ['history', '--format', 'json']);
    expect(on.json.findings).toMatchObject([{ file: 'k.txt', rule: 'anthropic-api-key' }]);
  });

  test('--no-cache neither reads nor writes the cache', async () => {
    const repo = tempRepo();
    commit(repo, 'one', { 'a.txt': 'alpha\n' });
    await cli(repo.dir, ['history', '--no-cache']);
    expect(existsSync(path.join(repo.dir, CACHE))).toBe(false);
  });
});
