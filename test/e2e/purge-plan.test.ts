import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { expression } from '../../src/history/purge-plan.js';
import { fake } from '../../src/rules/fake.js';
import { cli } from '../support/cli.js';
import { tempDir, tempRepo } from '../support/repo.js';
import { expectNoSecret, expectOneLineError } from '../support/secrets.js';

/** A repository whose history holds two keys, both deleted at HEAD. */
function leakyRepo() {
  const repo = tempRepo();
  const keys = [fake.openaiProject(601), fake.anthropic(602)];
  repo.write('a.ts', `const a = "${keys[0]}";\n`);
  repo.write('b.ts', `const b = "${keys[1]}";\nconst again = "${keys[1]}";\n`);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'add');
  repo.write('a.ts', 'const a = process.env.A;\n');
  repo.write('b.ts', 'const b = process.env.B;\n');
  repo.git('commit', '-q', '-am', 'remove');
  return { repo, keys };
}

describe('history --purge-plan', () => {
  test('writes a git filter-repo --replace-text file outside the work tree, mode 0600, one line per key', async () => {
    const { repo, keys } = leakyRepo();
    const file = path.join(tempDir(), 'purge.txt');
    const run = await cli(repo.dir, ['history', '--purge-plan', file]);
    expect(run.exitCode).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines.sort()).toEqual(
      [`literal:${keys[0]}==>***REMOVED-openai-project-key***`, `literal:${keys[1]}==>***REMOVED-anthropic-api-key***`].sort(),
    );
    // The CLI says where the file is, that it holds the keys, and what to do with it; it prints no key itself.
    expect(run.stderr).toContain(`wrote the purge plan for 2 keys to ${file} (mode 0600`);
    expect(run.stderr).toContain('it holds the keys themselves');
    expect(run.stderr).toContain('git filter-repo --replace-text');
    expectNoSecret(run, keys);
  });

  test('refuses a path inside the work tree before scanning, and writes nothing', async () => {
    const { repo, keys } = leakyRepo();
    for (const target of ['purge.txt', path.join(repo.dir, 'sub', '..', 'plan.txt')]) {
      const run = await cli(repo.dir, ['history', '--purge-plan', target]);
      expect(expectOneLineError(run)).toMatch(/refusing to write it inside the work tree.*holds the keys themselves/);
      expect(existsSync(path.resolve(repo.dir, target))).toBe(false);
      expect(run.stdout).toBe('');
      expectNoSecret(run, keys);
    }
  });

  test('refuses a symbolic link outside the work tree that leads into it, and leaves the tracked target as it was', async () => {
    const { repo, keys } = leakyRepo();
    const outside = tempDir();
    // A link to a tracked file, a dangling link to a file not yet there, a link to a link, and a folder link.
    symlinkSync(path.join(repo.dir, 'a.ts'), path.join(outside, 'to-tracked.txt'));
    symlinkSync(path.join(repo.dir, 'new-plan.txt'), path.join(outside, 'dangling.txt'));
    symlinkSync(path.join(outside, 'dangling.txt'), path.join(outside, 'chain.txt'));
    symlinkSync(repo.dir, path.join(outside, 'tree'));
    for (const link of ['to-tracked.txt', 'dangling.txt', 'chain.txt', 'tree/plan.txt']) {
      const run = await cli(repo.dir, ['history', '--purge-plan', path.join(outside, link)]);
      expect(expectOneLineError(run), link).toMatch(/refusing to write it inside the work tree \(it leads to .*\), where it could be committed/);
      expectNoSecret(run, keys);
    }
    expect(readFileSync(path.join(repo.dir, 'a.ts'), 'utf8')).toBe('const a = process.env.A;\n');
    expect(existsSync(path.join(repo.dir, 'new-plan.txt'))).toBe(false);
    expect(existsSync(path.join(repo.dir, 'plan.txt'))).toBe(false);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  test('follows a link inside the work tree that leads outside it, and writes the plan at its target', async () => {
    const { repo } = leakyRepo();
    const outside = tempDir();
    mkdirSync(path.join(outside, 'plans'));
    symlinkSync(path.join(outside, 'plans', 'purge.txt'), path.join(repo.dir, 'plan-link'));
    const run = await cli(repo.dir, ['history', '-q', '--purge-plan', 'plan-link']);
    expect(run.exitCode).toBe(1);
    expect(statSync(path.join(outside, 'plans', 'purge.txt')).mode & 0o777).toBe(0o600);
  });

  test('a link loop or a missing folder is a one-line usage error', async () => {
    const { repo } = leakyRepo();
    const outside = tempDir();
    symlinkSync(path.join(outside, 'b'), path.join(outside, 'a'));
    symlinkSync(path.join(outside, 'a'), path.join(outside, 'b'));
    expect(expectOneLineError(await cli(repo.dir, ['history', '--purge-plan', path.join(outside, 'a')]))).toMatch(/cannot resolve the path \(ELOOP\)/);
    expect(expectOneLineError(await cli(repo.dir, ['history', '--purge-plan', path.join(outside, 'no', 'plan.txt')]))).toMatch(
      /the folder .*no does not exist/,
    );
  });

  test('accepts a git-ignored path inside the work tree, and a path inside .git', async () => {
    const { repo } = leakyRepo();
    repo.write('.gitignore', 'secrets/\n');
    repo.write('secrets/.keep', '');
    const ignored = await cli(repo.dir, ['history', '-q', '--purge-plan', 'secrets/purge.txt']);
    expect(ignored.exitCode).toBe(1);
    expect(statSync(path.join(repo.dir, 'secrets/purge.txt')).mode & 0o777).toBe(0o600);

    const inGit = await cli(repo.dir, ['history', '-q', '--purge-plan', '.git/purge.txt']);
    expect(inGit.exitCode).toBe(1);
    expect(existsSync(path.join(repo.dir, '.git/purge.txt'))).toBe(true);
  });

  test('a history without keys writes no plan, and says so', async () => {
    const repo = tempRepo();
    repo.write('a.txt', 'nothing here\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'clean');
    const file = path.join(tempDir(), 'purge.txt');
    const run = await cli(repo.dir, ['history', '--purge-plan', file]);
    expect(run.exitCode).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(run.stderr).toContain('no keys found in history: no purge plan written');
  });

  test('a value with a line break becomes an escaped regex (a literal line cannot hold it)', () => {
    expect(expression('ab\ncd.e', 'custom')).toBe('regex:ab\\ncd\\.e==>***REMOVED-custom***');
  });
});
