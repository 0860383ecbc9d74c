import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cli } from '../support/cli.js';
import { bareEnv, installScanKeys, OWN_MODULES, snapshot } from '../support/hooks.js';
import { tempDir, tempRepo, type TempRepo } from '../support/repo.js';
import { expectNoLeak, plant } from '../support/secrets.js';

/**
 * A real `git push` to a local bare remote through the pre-push hook that
 * `scan-keys init --pre-push` installs: a key committed with --no-verify
 * (the pre-commit hook skipped) is still stopped on its way out.
 */

interface Pushed {
  readonly code: number;
  readonly output: string;
}

/** A person's `git push`, hooks and all, on a PATH without scan-keys: the hook must use the project's own. */
function push(repo: TempRepo, ...args: string[]): Pushed {
  const r = spawnSync('git', ['push', ...args], { cwd: repo.dir, env: bareEnv(), encoding: 'utf8' });
  expectNoLeak(r.stdout, r.stderr);
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

const remoteHas = (origin: TempRepo, ref: string) => spawnSync('git', ['rev-parse', '-q', '--verify', ref], { cwd: origin.dir, encoding: 'utf8' }).status === 0;
const remoteSha = (origin: TempRepo, ref: string) => origin.git('rev-parse', ref).trim();

function commitNoVerify(repo: TempRepo, message: string, files: Record<string, string>, ...extra: string[]): string {
  for (const [file, content] of Object.entries(files)) repo.write(file, content);
  repo.git('add', '-A');
  repo.git('commit', '-q', '--no-verify', ...extra, '-m', message);
  return repo.git('rev-parse', 'HEAD').trim();
}

/** A clone of a bare remote with one pushed commit and scan-keys installed as a dev dependency. */
function project(): { origin: TempRepo; work: TempRepo } {
  const origin = tempRepo({ init: false });
  origin.git('init', '-q', '--bare', '-b', 'main');
  const work = tempRepo({ dir: tempDir(), init: false });
  work.git('clone', '-q', origin.dir, '.');
  work.git('config', 'user.name', 'Test User');
  work.git('config', 'user.email', 'test@example.invalid');
  work.git('config', 'commit.gpgsign', 'false');
  installScanKeys(work);
  writeFileSync(path.join(work.dir, '.gitignore'), 'node_modules/\n');
  commitNoVerify(work, 'init', { 'README.md': '# app\n' });
  work.git('push', '-q', 'origin', 'main');
  return { origin, work };
}

describe('scan-keys init --pre-push, plain git hooks', () => {
  test('a key committed with --no-verify is stopped at push until the commit is amended', async () => {
    const { origin, work } = project();
    const init = await cli(work.dir, ['init', '--pre-push']);
    expect(init.exitCode).toBe(0);
    expect(init.stdout).toContain('.git/hooks/pre-push');
    expect(init.stdout).toContain('.git/hooks/pre-commit');
    const pushedBefore = remoteSha(origin, 'main');

    const key = plant.openaiProject(901);
    commitNoVerify(work, 'add client', { 'src/client.ts': `const key = "${key}";\n` });
    const blocked = push(work, 'origin', 'main');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('openai-project-key');
    expect(blocked.output).toContain('the push was stopped');
    expect(remoteSha(origin, 'main')).toBe(pushedBefore);

    // A new commit that removes the key still pushes the one that added it.
    commitNoVerify(work, 'read the key from the environment', { 'src/client.ts': 'const key = process.env.OPENAI_API_KEY;\n' });
    expect(push(work, 'origin', 'main').code).not.toBe(0);
    expect(remoteSha(origin, 'main')).toBe(pushedBefore);

    // Rewritten so that no pushed commit holds the key: allowed.
    work.git('reset', '-q', '--soft', 'HEAD~2');
    const clean = commitNoVerify(work, 'add client', { 'src/client.ts': 'const key = process.env.OPENAI_API_KEY;\n' });
    const allowed = push(work, 'origin', 'main');
    expect(allowed.code, allowed.output).toBe(0);
    expect(remoteSha(origin, 'main')).toBe(clean);
  });

  test('amending the commit that holds the key lets the push through', async () => {
    const { origin, work } = project();
    expect((await cli(work.dir, ['init', '--pre-push'])).exitCode).toBe(0);
    const key = plant.anthropic(902);
    commitNoVerify(work, 'add settings', { 'app.env': `ANTHROPIC_API_KEY=${key}\n` });
    expect(push(work, 'origin', 'main').code).not.toBe(0);
    const amended = commitNoVerify(work, 'add settings', { 'app.env': 'ANTHROPIC_API_KEY=\n' }, '--amend');
    const r = push(work, 'origin', 'main');
    expect(r.code, r.output).toBe(0);
    expect(remoteSha(origin, 'main')).toBe(amended);
  });

  test('a new branch is scanned for the commits no remote-tracking branch holds, not the whole history', async () => {
    const { origin, work } = project();
    expect((await cli(work.dir, ['init', '--pre-push'])).exitCode).toBe(0);
    work.git('checkout', '-q', '-b', 'topic');
    const key = plant.openaiProject(903);
    commitNoVerify(work, 'topic key', { 'k.env': `OPENAI_API_KEY=${key}\n` });
    const blocked = push(work, 'origin', 'topic');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('in 1 commit,');
    expect(remoteHas(origin, 'refs/heads/topic')).toBe(false);

    work.git('checkout', '-q', 'main');
    work.git('checkout', '-q', '-b', 'clean');
    commitNoVerify(work, 'clean work', { 'c.ts': 'export {};\n' });
    const allowed = push(work, 'origin', 'clean');
    expect(allowed.code, allowed.output).toBe(0);
    expect(allowed.output).toContain('in 1 commit,');
  });

  test('deleting a remote branch is not blocked, even when it holds a key', async () => {
    const { origin, work } = project();
    work.git('checkout', '-q', '-b', 'old');
    commitNoVerify(work, 'old key', { 'k.env': `OPENAI_API_KEY=${plant.openaiProject(904)}\n` });
    // Pushed before the hook was installed.
    work.git('push', '-q', 'origin', 'old');
    expect((await cli(work.dir, ['init', '--pre-push'])).exitCode).toBe(0);
    const r = push(work, 'origin', '--delete', 'old');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain('the push only deletes: nothing is pushed to scan');
    expect(remoteHas(origin, 'refs/heads/old')).toBe(false);
  });

  test('without scan-keys installed the push is stopped and says how to install it', async () => {
    const { origin, work } = project();
    expect((await cli(work.dir, ['init', '--pre-push'])).exitCode).toBe(0);
    execFileSync('rm', ['-rf', path.join(work.dir, 'node_modules')]);
    commitNoVerify(work, 'clean', { 'a.ts': 'export {};\n' });
    const r = push(work, 'origin', 'main');
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('scan-keys: not installed, so the commits being pushed were not scanned and the push is stopped.');
    expect(remoteSha(origin, 'main')).not.toBe(work.git('rev-parse', 'HEAD').trim());
  });

  test('a broken scan-keys stops the push (fail closed)', async () => {
    const { work } = project();
    expect((await cli(work.dir, ['init', '--pre-push'])).exitCode).toBe(0);
    const bin = path.join(work.dir, 'node_modules/.bin/scan-keys');
    writeFileSync(bin, '#!/bin/sh\necho "scan-keys: internal error" >&2\nexit 2\n');
    chmodSync(bin, 0o755);
    commitNoVerify(work, 'clean', { 'a.ts': 'export {};\n' });
    expect(push(work, 'origin', 'main').code).not.toBe(0);
  });

  test('an existing pre-push hook keeps running with the ref lines on its stdin; --uninstall restores it', async () => {
    const { work } = project();
    const hook = path.join(work.dir, '.git/hooks/pre-push');
    const seen = path.join(work.dir, 'seen.txt');
    writeFileSync(hook, `#!/bin/sh\ncat > '${seen}'\n`);
    chmodSync(hook, 0o755);
    const before = snapshot([hook]);
    expect((await cli(work.dir, ['init', '--pre-push'])).exitCode).toBe(0);
    const head = commitNoVerify(work, 'clean', { 'a.ts': 'export {};\n' });
    const r = push(work, 'origin', 'main');
    expect(r.code, r.output).toBe(0);
    expect(readFileSync(seen, 'utf8')).toContain(`refs/heads/main ${head} refs/heads/main`);

    expect((await cli(work.dir, ['init', '--uninstall'])).exitCode).toBe(0);
    expect(snapshot([hook])).toEqual(before);
    expect(existsSync(path.join(work.dir, '.git/hooks/pre-commit'))).toBe(false);
  });
});

describe('scan-keys init --pre-push, a pre-push hook that is not a shell script', () => {
  test('moves to pre-push.local and runs after the scan with the ref lines; --uninstall puts it back', async () => {
    const { work } = project();
    const hook = path.join(work.dir, '.git/hooks/pre-push');
    const seen = path.join(work.dir, 'seen.txt');
    writeFileSync(hook, `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(seen)}, require('fs').readFileSync(0));\n`);
    chmodSync(hook, 0o755);
    const before = snapshot([hook]);
    const init = await cli(work.dir, ['init', '--pre-push']);
    expect(init.exitCode).toBe(0);
    expect(init.stdout).toContain('pre-push.local');
    expect(existsSync(path.join(work.dir, '.git/hooks/pre-push.local'))).toBe(true);

    commitNoVerify(work, 'key', { 'k.env': `OPENAI_API_KEY=${plant.openaiProject(906)}\n` });
    expect(push(work, 'origin', 'main').code).not.toBe(0);
    // Blocked by the scan: the moved hook never ran.
    expect(existsSync(seen)).toBe(false);
    work.git('reset', '-q', '--hard', 'HEAD~1');
    const head = commitNoVerify(work, 'clean', { 'a.ts': 'export {};\n' });
    const r = push(work, 'origin', 'main');
    expect(r.code, r.output).toBe(0);
    expect(readFileSync(seen, 'utf8')).toContain(`refs/heads/main ${head} refs/heads/main`);

    expect((await cli(work.dir, ['init', '--uninstall'])).exitCode).toBe(0);
    expect(snapshot([hook])).toEqual(before);
    expect(existsSync(path.join(work.dir, '.git/hooks/pre-push.local'))).toBe(false);
  });
});

describe('scan-keys init --pre-push with husky', () => {
  test('writes .husky/pre-push beside .husky/pre-commit; husky runs it and the push is blocked', async () => {
    const { origin, work } = project();
    work.write('package.json', JSON.stringify({ name: 'app', private: true, devDependencies: { husky: '^9' } }, null, 2));
    execFileSync(process.execPath, [path.join(OWN_MODULES, 'husky/bin.js')], { cwd: work.dir, env: bareEnv(), stdio: 'pipe' });
    const init = await cli(work.dir, ['init', '--pre-push']);
    expect(init.exitCode).toBe(0);
    expect(init.stdout).toContain('husky (.husky/pre-push)');
    expect(readFileSync(path.join(work.dir, '.husky/pre-push'), 'utf8').startsWith('# >>> scan-keys')).toBe(true);
    expect(existsSync(path.join(work.dir, '.git/hooks/pre-push'))).toBe(false);

    const pushedBefore = remoteSha(origin, 'main');
    commitNoVerify(work, 'key', { 'k.env': `OPENAI_API_KEY=${plant.openaiProject(905)}\n` });
    const blocked = push(work, 'origin', 'main');
    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('openai-project-key');
    expect(remoteSha(origin, 'main')).toBe(pushedBefore);

    expect((await cli(work.dir, ['init', '--uninstall'])).exitCode).toBe(0);
    expect(existsSync(path.join(work.dir, '.husky/pre-push'))).toBe(false);
  });
});

describe('scan-keys pre-push, run by hand', () => {
  test('needs the remote name and ref lines; a bad line is exit 2', async () => {
    const repo = tempRepo();
    repo.write('a.txt', 'a\n');
    repo.git('add', 'a.txt');
    repo.git('commit', '-q', '--no-verify', '-m', 'a');
    const none = await cli(repo.dir, ['pre-push']);
    expect(none.exitCode).toBe(2);
    const bad = await cli(repo.dir, ['pre-push', 'origin'], {}, 'not a ref line\n');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("pre-push reads git's '<local ref> <local sha> <remote ref> <remote sha>' lines on stdin");
  });
});
