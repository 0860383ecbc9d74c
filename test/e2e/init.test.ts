import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cli } from '../support/cli.js';
import { bareEnv, commit, commitCount, installScanKeys, linkBin, OWN_MODULES, snapshot } from '../support/hooks.js';
import { tempDir, tempRepo, type TempRepo } from '../support/repo.js';

const KEY_LINE = () => `const key = "${fake.openaiProject(41)}";\n`;
const CLEAN_LINE = 'const key = process.env.OPENAI_API_KEY;\n';
const modeOf = (f: string) => statSync(f).mode & 0o777;

/** A repository with a first commit, so that later commits show as added lines against HEAD. */
function repoWithCommit(): TempRepo {
  const repo = tempRepo();
  repo.write('README.md', '# app\n');
  repo.git('add', 'README.md');
  repo.git('commit', '-q', '--no-verify', '-m', 'first');
  return repo;
}

/** Stages a file and commits it through the hooks. */
function tryCommit(repo: TempRepo, file: string, content: string, env = bareEnv()) {
  repo.write(file, content);
  repo.git('add', file);
  return commit(repo, `add ${file}`, env);
}

function expectBlocked(run: { code: number; output: string }) {
  expect(run.code).not.toBe(0);
  expect(run.output).toContain('openai-project-key');
  expect(run.output).not.toContain(fake.openaiProject(41));
  // Run by git (a plain hook, husky, lint-staged): the words say the commit was blocked, not that it would be.
  expect(run.output).toContain('The commit was blocked');
}

/** husky 9 set up in the repository as `npx husky` would: core.hooksPath=.husky/_ and its runner. */
function setUpHusky(repo: TempRepo, preCommit?: string): void {
  if (preCommit !== undefined) repo.write('.husky/pre-commit', preCommit);
  execFileSync(process.execPath, [path.join(OWN_MODULES, 'husky/bin.js')], { cwd: repo.dir, env: bareEnv(), stdio: 'pipe' });
}

describe('plain git hook', () => {
  test('init writes an executable hook that blocks a key and lets a clean commit through', async () => {
    const repo = repoWithCommit();
    installScanKeys(repo);
    const run = await cli(repo.dir, ['init']);
    expect(run.exitCode).toBe(0);
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    expect(run.stdout).toContain('.git/hooks/pre-commit');
    expect(modeOf(hook)).toBe(0o755);
    expect(readFileSync(hook, 'utf8')).not.toContain('npx');

    expectBlocked(tryCommit(repo, 'app.ts', KEY_LINE()));
    expect(commitCount(repo)).toBe(1);
    expect(tryCommit(repo, 'app.ts', CLEAN_LINE).code).toBe(0);
    expect(commitCount(repo)).toBe(2);
  });

  test('the hook scans the staged content, not the working tree', async () => {
    const repo = repoWithCommit();
    installScanKeys(repo);
    expect((await cli(repo.dir, ['init'])).exitCode).toBe(0);

    // Key staged, then removed from the working tree: still blocked.
    repo.write('app.ts', KEY_LINE());
    repo.git('add', 'app.ts');
    repo.write('app.ts', CLEAN_LINE);
    expectBlocked(commit(repo, 'staged key'));
    expect(commitCount(repo)).toBe(1);

    // Clean content staged, key only in the working tree: the commit goes through.
    repo.git('add', 'app.ts');
    repo.write('app.ts', KEY_LINE());
    expect(commit(repo, 'clean staged').code).toBe(0);
    expect(repo.git('show', 'HEAD:app.ts')).toBe(CLEAN_LINE);
  });

  test('without scan-keys installed the hook says how to install it and stops the commit', async () => {
    const repo = repoWithCommit();
    expect((await cli(repo.dir, ['init'])).exitCode).toBe(0);
    const run = tryCommit(repo, 'app.ts', CLEAN_LINE);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('npm install --save-dev scan-keys');
    expect(commitCount(repo)).toBe(1);
  });

  test('honours core.hooksPath and leaves .git/hooks alone', async () => {
    const repo = repoWithCommit();
    installScanKeys(repo);
    repo.git('config', 'core.hooksPath', '.githooks');
    const run = await cli(repo.dir, ['init']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('.githooks/pre-commit');
    expect(existsSync(path.join(repo.dir, '.githooks/pre-commit'))).toBe(true);
    expect(existsSync(path.join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
    expectBlocked(tryCommit(repo, 'app.ts', KEY_LINE()));
  });

  test('run in a linked worktree, it installs into the hooks every worktree shares', async () => {
    const repo = repoWithCommit();
    const other = path.join(tempDir(), 'other');
    repo.git('worktree', 'add', '-q', other);
    installScanKeys({ ...repo, dir: other });
    expect((await cli(other, ['init'])).exitCode).toBe(0);
    expect(existsSync(path.join(repo.dir, '.git/hooks/pre-commit'))).toBe(true);
    writeFileSync(path.join(other, 'app.ts'), KEY_LINE());
    execFileSync('git', ['add', 'app.ts'], { cwd: other });
    expectBlocked(commit(repo, 'from the worktree', bareEnv(), other));
  });

  test('run in a package in a subfolder, the hook calls that package\'s scan-keys from the root', async () => {
    const repo = repoWithCommit();
    repo.write('web/package.json', '{ "name": "web" }\n');
    installScanKeys(repo, 'web');
    expect((await cli(path.join(repo.dir, 'web'), ['init'])).exitCode).toBe(0);
    expect(readFileSync(path.join(repo.dir, '.git/hooks/pre-commit'), 'utf8')).toContain("'web/node_modules/.bin/scan-keys' --staged");
    expectBlocked(tryCommit(repo, 'web/app.ts', KEY_LINE()));
  });

  test('an existing shell hook keeps its lines and still runs; uninstall restores it byte for byte', async () => {
    const repo = repoWithCommit();
    installScanKeys(repo);
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    // Ends with `exit 0`: lines appended after it would never run.
    const original = '#!/bin/sh\n# the team lint\necho ran >> "$(git rev-parse --git-dir)/lint-ran"\nexit 0\n';
    writeFileSync(hook, original);
    chmodSync(hook, 0o750);
    const before = snapshot([hook, `${hook}.local`]);

    const run = await cli(repo.dir, ['init']);
    expect(run.exitCode).toBe(0);
    const edited = readFileSync(hook, 'utf8');
    expect(edited.startsWith('#!/bin/sh\n# >>> scan-keys')).toBe(true);
    expect(edited.endsWith(original.slice('#!/bin/sh\n'.length))).toBe(true);
    expect(modeOf(hook)).toBe(0o750);

    expectBlocked(tryCommit(repo, 'app.ts', KEY_LINE()));
    expect(tryCommit(repo, 'app.ts', CLEAN_LINE).code).toBe(0);
    expect(existsSync(path.join(repo.dir, '.git/lint-ran'))).toBe(true);

    expect((await cli(repo.dir, ['init', '--uninstall'])).exitCode).toBe(0);
    expect(snapshot([hook, `${hook}.local`])).toEqual(before);
  });

  test('a hook that is not a shell script moves to pre-commit.local and runs after the scan', async () => {
    const repo = repoWithCommit();
    installScanKeys(repo);
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    const local = `${hook}.local`;
    writeFileSync(hook, `#!${process.execPath}\nrequire('node:fs').appendFileSync(require('node:path').join(process.env.GIT_DIR ?? '.git', 'node-ran'), 'x');\n`);
    chmodSync(hook, 0o755);
    const before = snapshot([hook, local]);

    const run = await cli(repo.dir, ['init']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/move\s+\.git\/hooks\/pre-commit -> \.git\/hooks\/pre-commit\.local: keep your hook \(it is not a shell script\)/);
    expect(snapshot([local])[local]).toBe(before[hook]);
    expect(modeOf(hook)).toBe(0o755);

    expectBlocked(tryCommit(repo, 'app.ts', KEY_LINE()));
    expect(existsSync(path.join(repo.dir, '.git/node-ran'))).toBe(false);
    expect(tryCommit(repo, 'app.ts', CLEAN_LINE).code).toBe(0);
    expect(existsSync(path.join(repo.dir, '.git/node-ran'))).toBe(true);

    expect((await cli(repo.dir, ['init', '--uninstall'])).exitCode).toBe(0);
    expect(snapshot([hook, local])).toEqual(before);
  });

  test('a symbolic link to a shared hook is moved aside, not edited through', async () => {
    const repo = repoWithCommit();
    const shared = path.join(repo.dir, 'tools/hook.sh');
    repo.write('tools/hook.sh', '#!/bin/sh\nexit 0\n');
    chmodSync(shared, 0o755);
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    symlinkSync(shared, hook);
    const before = snapshot([hook, `${hook}.local`, shared]);

    const run = await cli(repo.dir, ['init']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('it is a symbolic link');
    expect(readFileSync(shared, 'utf8')).toBe('#!/bin/sh\nexit 0\n');

    expect((await cli(repo.dir, ['init', '--uninstall'])).exitCode).toBe(0);
    expect(snapshot([hook, `${hook}.local`, shared])).toEqual(before);
  });

  test('init twice changes nothing the second time', async () => {
    const repo = repoWithCommit();
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/bash\necho hello\n');
    chmodSync(hook, 0o755);
    expect((await cli(repo.dir, ['init'])).exitCode).toBe(0);
    const once = snapshot([hook, `${hook}.local`]);
    const again = await cli(repo.dir, ['init']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already installed');
    expect(snapshot([hook, `${hook}.local`])).toEqual(once);
    expect(readFileSync(hook, 'utf8').split('# >>> scan-keys').length).toBe(2);
  });

  test('--dry-run prints the plan and writes nothing', async () => {
    const repo = repoWithCommit();
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/usr/bin/env python3\nprint("hi")\n');
    chmodSync(hook, 0o755);
    const files = [hook, `${hook}.local`];
    const before = snapshot(files);
    const run = await cli(repo.dir, ['init', '--dry-run']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('would change');
    expect(run.stdout).toContain('pre-commit.local');
    expect(run.stdout).toContain('Nothing was written (--dry-run)');
    expect(snapshot(files)).toEqual(before);
  });

  test('an unreadable marker state is an error, not a guess', async () => {
    const repo = repoWithCommit();
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/sh\n# >>> scan-keys\necho half a block\n');
    chmodSync(hook, 0o755);
    const run = await cli(repo.dir, ['init']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('without its');
  });
});

describe('husky', () => {
  test('creates .husky/pre-commit when missing; husky runs it and blocks the key', async () => {
    const repo = repoWithCommit();
    installScanKeys(repo);
    repo.write('package.json', JSON.stringify({ name: 'app', private: true, devDependencies: { husky: '^9' } }, null, 2));
    setUpHusky(repo);
    const run = await cli(repo.dir, ['init']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('husky (.husky/pre-commit)');
    expect(run.stdout).not.toContain('note:');
    const hook = readFileSync(path.join(repo.dir, '.husky/pre-commit'), 'utf8');
    expect(hook.startsWith('# >>> scan-keys')).toBe(true);
    expect(existsSync(path.join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);

    expectBlocked(tryCommit(repo, 'app.ts', KEY_LINE()));
    expect(tryCommit(repo, 'app.ts', CLEAN_LINE).code).toBe(0);

    expect((await cli(repo.dir, ['init', '--uninstall'])).exitCode).toBe(0);
    expect(existsSync(path.join(repo.dir, '.husky/pre-commit'))).toBe(false);
  });

  test('adds the check to an existing husky hook, ahead of its commands', async () => {
    const repo = repoWithCommit();
    installScanKeys(repo);
    setUpHusky(repo, 'npm test\n');
    const hookFile = path.join(repo.dir, '.husky/pre-commit');
    const before = snapshot([hookFile]);
    expect((await cli(repo.dir, ['init'])).exitCode).toBe(0);
    const hook = readFileSync(hookFile, 'utf8');
    expect(hook.startsWith('# >>> scan-keys')).toBe(true);
    expect(hook.endsWith('# <<< scan-keys\nnpm test\n')).toBe(true);
    expect((await cli(repo.dir, ['init', '--uninstall'])).exitCode).toBe(0);
    expect(snapshot([hookFile])).toEqual(before);
  });

  test('husky in package.json but not set up in this clone: init writes the hook and says how to activate it', async () => {
    const repo = repoWithCommit();
    repo.write('package.json', '{ "name": "app", "devDependencies": { "husky": "^9.1.7" } }\n');
    const run = await cli(repo.dir, ['init']);
    expect(run.exitCode).toBe(0);
    expect(existsSync(path.join(repo.dir, '.husky/pre-commit'))).toBe(true);
    expect(run.stdout).toContain('note: git does not run husky');
    expect(run.stdout).toContain('npx husky');
  });
});

describe('husky + lint-staged', () => {
  function lintStagedRepo(): TempRepo {
    const repo = repoWithCommit();
    installScanKeys(repo);
    linkBin(repo.dir, 'lint-staged', path.join(OWN_MODULES, 'lint-staged/bin/lint-staged.js'));
    setUpHusky(repo, 'lint-staged\n');
    return repo;
  }

  test('adds a scan-keys task to the lint-staged config in package.json, and the commit is blocked', async () => {
    const repo = lintStagedRepo();
    const pkg = '{\n  "name": "app",\n  "files": ["dist"],\n  "lint-staged": {\n    "*.md": "node --version"\n  }\n}\n';
    repo.write('package.json', pkg);
    repo.git('add', 'package.json');
    repo.git('commit', '-q', '--no-verify', '-m', 'package');
    const hookFile = path.join(repo.dir, '.husky/pre-commit');
    const pkgFile = path.join(repo.dir, 'package.json');
    const before = snapshot([hookFile, pkgFile]);

    const run = await cli(repo.dir, ['init']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('lint-staged (package.json)');
    expect(snapshot([hookFile])).toEqual({ [hookFile]: before[hookFile] });
    expect(readFileSync(pkgFile, 'utf8')).toBe(
      '{\n  "name": "app",\n  "files": ["dist"],\n  "lint-staged": {\n    "*.md": "node --version",\n    "*": "scan-keys --staged"\n  }\n}\n',
    );

    expectBlocked(tryCommit(repo, 'src/app.ts', KEY_LINE()));
    expect(tryCommit(repo, 'src/app.ts', CLEAN_LINE).code).toBe(0);

    const again = await cli(repo.dir, ['init']);
    expect(again.stdout).toContain('already installed');
    expect((await cli(repo.dir, ['init', '--uninstall'])).exitCode).toBe(0);
    expect(snapshot([hookFile, pkgFile])).toEqual(before);
  });

  test('uses another match-all glob when "*" is taken, in a .lintstagedrc.json', async () => {
    const repo = lintStagedRepo();
    const rc = '{\n\t"*": "node --version"\n}\n';
    repo.write('.lintstagedrc.json', rc);
    expect((await cli(repo.dir, ['init'])).exitCode).toBe(0);
    expect(readFileSync(path.join(repo.dir, '.lintstagedrc.json'), 'utf8')).toBe('{\n\t"*": "node --version",\n\t"**/*": "scan-keys --staged"\n}\n');
    expectBlocked(tryCommit(repo, 'deep/er/app.ts', KEY_LINE()));
    expect((await cli(repo.dir, ['init', '--uninstall'])).exitCode).toBe(0);
    expect(readFileSync(path.join(repo.dir, '.lintstagedrc.json'), 'utf8')).toBe(rc);
  });

  test('a JavaScript lint-staged config is not edited: init says what to add and exits 2', async () => {
    const repo = lintStagedRepo();
    repo.write('lint-staged.config.js', 'export default { "*.ts": "tsc --noEmit" };\n');
    const files = [path.join(repo.dir, 'lint-staged.config.js'), path.join(repo.dir, '.husky/pre-commit')];
    const before = snapshot(files);
    const run = await cli(repo.dir, ['init']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('lint-staged.config.js');
    expect(run.stderr).toContain('"*": "scan-keys --staged"');
    expect(snapshot(files)).toEqual(before);
  });

  test('a hook that runs lint-staged without any lint-staged config gets the block instead', async () => {
    const repo = lintStagedRepo();
    expect((await cli(repo.dir, ['init'])).exitCode).toBe(0);
    expect(readFileSync(path.join(repo.dir, '.husky/pre-commit'), 'utf8')).toMatch(/^# >>> scan-keys[\s\S]*# <<< scan-keys\nlint-staged\n$/);
  });
});

test('outside a git repository init exits 2 with one line', async () => {
  const dir = tempDir();
  const run = await cli(dir, ['init']);
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toBe(`scan-keys: scan-keys init needs a git repository (no .git found above ${dir})\n`);
  expect(run.stdout).toBe('');
});

test('init takes no paths', async () => {
  const repo = tempRepo();
  const run = await cli(repo.dir, ['init', 'src']);
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toContain('init takes no paths');
});
