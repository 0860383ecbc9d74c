import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLI } from '../support/cli.js';
import { tempDir, tempRepo, testEnv, type TempRepo } from '../support/repo.js';
import { expectNoLeak, plant, run } from '../support/secrets.js';

/**
 * A real `git commit` through a real pre-commit hook that runs the built CLI:
 * rejected while a key is staged, accepted once it is gone.
 */

const HUSKY = fileURLToPath(new URL('../../node_modules/husky/bin.js', import.meta.url));
const KEY = plant.openaiProject(401);
const ANT = plant.anthropic(402);

/** The hook's command line: this node and this checkout's built CLI, whatever PATH the hook gets. */
const HOOK = `"${process.execPath}" "${CLI}" --staged\n`;

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs git as a person would (hooks and all) in a home of its own, and checks that nothing printed a key. */
function gitAsUser(repo: TempRepo, home: string, ...args: string[]): Outcome {
  const r = spawnSync('git', args, {
    cwd: repo.dir,
    encoding: 'utf8',
    env: testEnv({ HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), NO_COLOR: '1' }),
  });
  expectNoLeak(r.stdout, r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const headOf = (repo: TempRepo) => spawnSync('git', ['rev-parse', '-q', '--verify', 'HEAD'], { cwd: repo.dir, encoding: 'utf8', env: testEnv() }).stdout.trim();

describe('a husky pre-commit hook running scan-keys --staged', () => {
  let repo: TempRepo;
  let home: string;
  beforeAll(() => {
    repo = tempRepo();
    home = tempDir('scan-keys-home-');
    // husky's own installer, from this project's node_modules: it sets core.hooksPath to .husky/_
    const install = spawnSync(process.execPath, [HUSKY], { cwd: repo.dir, encoding: 'utf8', env: testEnv({ HOME: home }) });
    expect(install.status).toBe(0);
    writeFileSync(path.join(repo.dir, '.husky', 'pre-commit'), HOOK);
  });

  test('husky set core.hooksPath', () => {
    expect(repo.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
  });

  test('the first commit is rejected while it holds a key, and nothing is committed', () => {
    repo.write('app.ts', `export const key = "${KEY}";\n`);
    repo.git('add', '.');
    const r = gitAsUser(repo, home, 'commit', '-m', 'first');
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(`✖ app.ts:1:21  openai-project-key  sk-proj-…${KEY.slice(-4)} OpenAI project API key`);
    // husky runs the hook with git's environment: scan-keys knows the commit really was blocked.
    expect(r.stdout + r.stderr).toContain('The commit was blocked');
    expect(r.stdout + r.stderr).not.toContain('would be blocked');
    expect(r.stdout + r.stderr).toContain('husky - pre-commit script failed (code 1)');
    expect(headOf(repo)).toBe('');
  });

  test('the commit is accepted once the key is gone', () => {
    repo.write('app.ts', 'export const key = process.env.OPENAI_API_KEY;\n');
    repo.git('add', '.');
    const r = gitAsUser(repo, home, 'commit', '-m', 'first');
    expect(r.status).toBe(0);
    expect(headOf(repo)).toMatch(/^[0-9a-f]{40}$/);
    expect(repo.git('show', '--name-only', '--format=%s', 'HEAD').split('\n')).toContain('app.ts');
  });

  test('a later commit adding a key is rejected and HEAD stays where it was', () => {
    const before = headOf(repo);
    repo.write('lib/client.py', `client = Anthropic(api_key="${ANT}")\n`);
    repo.git('add', '.');
    const r = gitAsUser(repo, home, 'commit', '-m', 'client');
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('lib/client.py:1:');
    expect(headOf(repo)).toBe(before);
    // The key is still staged, for the user to fix: the hook changed nothing.
    expect(repo.git('diff', '--cached', '--name-only').trim()).toBe('lib/client.py');
    repo.git('reset', '-q', '--hard');
  });
});

describe('a plain pre-commit hook in a core.hooksPath folder', () => {
  let repo: TempRepo;
  let home: string;
  beforeAll(() => {
    repo = tempRepo();
    home = tempDir('scan-keys-home-');
    const hooks = path.join(repo.dir, '.githooks');
    mkdirSync(hooks);
    writeFileSync(path.join(hooks, 'pre-commit'), `#!/bin/sh\n${HOOK}`);
    chmodSync(path.join(hooks, 'pre-commit'), 0o755);
    repo.git('config', 'core.hooksPath', '.githooks');
    repo.write('app.ts', 'export const a = 1;\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
  });

  test('`git commit -a` scans what -a stages (a temporary index), and is rejected', () => {
    const before = headOf(repo);
    repo.write('app.ts', `export const a = "${KEY}";\n`);
    const r = gitAsUser(repo, home, 'commit', '-a', '-m', 'all');
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('app.ts:1:19');
    expect(headOf(repo)).toBe(before);
  });

  test('`git commit -- file` (only that file, from the working tree) is rejected too', () => {
    const before = headOf(repo);
    const r = gitAsUser(repo, home, 'commit', '-m', 'only', '--', 'app.ts');
    expect(r.status).not.toBe(0);
    expect(headOf(repo)).toBe(before);
  });

  test('the same commit without the key is accepted; --no-verify is git\'s own bypass', () => {
    repo.write('app.ts', 'export const a = 2;\n');
    expect(gitAsUser(repo, home, 'commit', '-a', '-m', 'clean').status).toBe(0);
    repo.write('app.ts', `export const a = "${ANT}";\n`);
    const bypass = gitAsUser(repo, home, 'commit', '-a', '--no-verify', '-m', 'bypass');
    expect(bypass.status).toBe(0);
  });

  test('the hook fails closed: when git cannot be run, --staged exits 2 with one line', async () => {
    repo.write('other.ts', `k = "${KEY}"\n`);
    repo.git('add', 'other.ts');
    const r = await run(repo.dir, ['--staged'], { PATH: path.join(tempDir(), 'empty') });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('scan-keys: git is not installed or not on PATH\n');
    repo.git('reset', '-q', '--hard');
  });
});
