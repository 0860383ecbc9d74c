import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cliWithin } from '../support/bounded.js';
import { cli } from '../support/cli.js';
import { tempRepo } from '../support/repo.js';
import { expectNoSecret, expectOneLineError } from '../support/secrets.js';

const BASELINE = '.scan-keys-baseline.json';

/** A repository with two known keys in its files (nothing committed: a folder scan sees them). */
function adoptingRepo() {
  const repo = tempRepo();
  const keys = [fake.openaiProject(701), fake.anthropic(702)];
  repo.write('test/fixtures/client.ts', `export const key = "${keys[0]}";\n`);
  repo.write('legacy/config.py', `KEY = "${keys[1]}"\nOTHER = "${keys[1]}"\n`);
  return { repo, keys };
}

const fingerprints = (json: { findings: { fingerprint: string }[] }) => json.findings.map((f) => f.fingerprint);

describe('scan-keys baseline', () => {
  test('round trip: the baseline holds fingerprints only, and later scans skip exactly those', async () => {
    const { repo, keys } = adoptingRepo();
    const before = await cli(repo.dir, ['--format', 'json']);
    expect(before.exitCode).toBe(1);

    const made = await cli(repo.dir, ['baseline']);
    expect(made.exitCode).toBe(0);
    expect(made.stdout).toContain(`wrote 2 entries (2 fingerprints) in ${BASELINE}`);
    const text = readFileSync(path.join(repo.dir, BASELINE), 'utf8');
    for (const key of keys) expect(text.includes(key)).toBe(false);
    const doc = JSON.parse(text);
    expect(doc.version).toBe(1);
    expect(doc.findings).toEqual([
      { fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), rule: 'anthropic-api-key', file: 'legacy/config.py' },
      { fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), rule: 'openai-project-key', file: 'test/fixtures/client.ts' },
    ]);
    expect(new Set(doc.findings.map((f: { fingerprint: string }) => f.fingerprint))).toEqual(new Set(fingerprints(before.json)));
    // Pretty-printed, one key per line, ending in a newline: diff-friendly.
    expect(text).toBe(`${JSON.stringify(doc, null, 2)}\n`);

    const after = await cli(repo.dir, ['--format', 'json']);
    expect(after.exitCode).toBe(0);
    expect(after.json.findings).toEqual([]);

    // A new key is still reported, and only it.
    const fresh = fake.openaiServiceAccount(703);
    repo.write('src/new.ts', `const k = "${fresh}";\n`);
    const withNew = await cli(repo.dir, ['--format', 'json']);
    expect(withNew.exitCode).toBe(1);
    expect(withNew.json.findings).toMatchObject([{ file: 'src/new.ts', rule: 'openai-service-account-key' }]);

    // --no-baseline shows everything; --baseline FILE reads another file.
    const all = await cli(repo.dir, ['--format', 'json', '--no-baseline']);
    expect(all.json.findings).toHaveLength(4);
    const moved = path.join(repo.dir, 'ci-baseline.json');
    writeFileSync(moved, text);
    writeFileSync(path.join(repo.dir, BASELINE), `${JSON.stringify({ version: 1, findings: [] })}\n`);
    const other = await cli(repo.dir, ['--format', 'json', '--baseline', 'ci-baseline.json']);
    expect(other.json.findings).toHaveLength(1);
    // The pre-commit scan skips them too: only the new file blocks.
    repo.git('add', '-A');
    const staged = await cli(repo.dir, ['--staged', '--format', 'json', '--baseline', 'ci-baseline.json']);
    expect(staged.json.findings).toMatchObject([{ file: 'src/new.ts' }]);
    for (const run of [before, made, after, withNew, all, other, staged]) expectNoSecret(run, [...keys, fresh]);
  });

  test('the same findings give the same file, byte for byte, whatever order they are found in', async () => {
    const { repo } = adoptingRepo();
    await cli(repo.dir, ['baseline']);
    const first = readFileSync(path.join(repo.dir, BASELINE), 'utf8');
    await cli(repo.dir, ['baseline', 'test', 'legacy']);
    expect(readFileSync(path.join(repo.dir, BASELINE), 'utf8')).toBe(first);
  });

  test('--prune drops the entries no longer found and keeps the others', async () => {
    const { repo, keys } = adoptingRepo();
    await cli(repo.dir, ['baseline']);
    repo.write('legacy/config.py', 'KEY = os.environ["KEY"]\n');
    const pruned = await cli(repo.dir, ['baseline', '--prune']);
    expect(pruned.exitCode).toBe(0);
    expect(pruned.stdout).toContain('pruned 1 entry, 1 left');
    const doc = JSON.parse(readFileSync(path.join(repo.dir, BASELINE), 'utf8'));
    expect(doc.findings).toMatchObject([{ rule: 'openai-project-key', file: 'test/fixtures/client.ts' }]);
    // Pruning never adds: a key found now but not in the baseline stays out of it.
    repo.write('src/new.ts', `const k = "${fake.openaiAdmin(704)}";\n`);
    await cli(repo.dir, ['baseline', '--prune']);
    expect(JSON.parse(readFileSync(path.join(repo.dir, BASELINE), 'utf8')).findings).toHaveLength(1);
    expectNoSecret(pruned, keys);
  });

  test('baseline --history accepts the keys in history; a later history scan passes, a new commit with a key does not', async () => {
    const { repo } = adoptingRepo();
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'old keys');
    repo.git('rm', '-q', '-r', 'legacy');
    repo.git('commit', '-q', '-m', 'remove legacy');
    expect((await cli(repo.dir, ['history', '-q'])).exitCode).toBe(1);

    const made = await cli(repo.dir, ['baseline', '--history']);
    expect(made.exitCode).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(repo.dir, BASELINE), 'utf8'));
    expect(doc.findings.map((f: { file: string }) => f.file)).toEqual(['legacy/config.py', 'test/fixtures/client.ts']);
    expect((await cli(repo.dir, ['history', '-q'])).exitCode).toBe(0);

    repo.write('app.ts', `const k = "${fake.openaiLegacy(705)}";\n`);
    repo.git('add', 'app.ts');
    repo.git('commit', '-q', '-m', 'new key');
    const later = await cli(repo.dir, ['history', '--format', 'json']);
    expect(later.exitCode).toBe(1);
    expect(later.json.findings).toMatchObject([{ file: 'app.ts' }]);
  });

  test('a broken baseline, a missing --baseline file and nothing to prune are one-line errors', async () => {
    const { repo } = adoptingRepo();
    repo.write(BASELINE, '{"version": 1, "findings": [ {"fingerprint": "nope", "rule": "x", "file": "y"} ]}');
    expect(expectOneLineError(await cli(repo.dir, []))).toBe(
      `scan-keys: ${BASELINE}: findings[0].fingerprint must be a 64-digit lowercase hex string`,
    );
    repo.write(BASELINE, '{"version": 1, "findings": [ }');
    expect(expectOneLineError(await cli(repo.dir, []))).toMatch(new RegExp(`^scan-keys: ${BASELINE.replace('.', '\\.')}: not valid JSON at line 1, column 30`));
    expect(expectOneLineError(await cli(repo.dir, ['--baseline', 'missing.json']))).toBe('scan-keys: --baseline missing.json: no such file');
    expect(expectOneLineError(await cli(repo.dir, ['baseline', '--prune', '--baseline', 'missing.json']))).toBe(
      'scan-keys: missing.json: no such file, nothing to prune',
    );
  });

  test('a FIFO or a folder in the baseline\'s place is a one-line error, not a hung hook', () => {
    const { repo } = adoptingRepo();
    execFileSync('mkfifo', [path.join(repo.dir, BASELINE)]);
    repo.git('add', 'legacy/config.py');
    for (const args of [['--staged'], ['.']]) {
      expect(expectOneLineError(cliWithin(10_000, repo.dir, args)), args.join(' ')).toBe(`scan-keys: ${BASELINE} is not a regular file (it is a FIFO)`);
    }
    mkdirSync(path.join(repo.dir, 'folder.json'));
    expect(expectOneLineError(cliWithin(10_000, repo.dir, ['--baseline', 'folder.json']))).toBe(
      'scan-keys: folder.json is not a regular file (it is a folder)',
    );
  });
});
