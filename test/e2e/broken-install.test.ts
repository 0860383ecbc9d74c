import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { commit, OWN_MODULES } from '../support/hooks.js';
import { tempDir, tempRepo, testEnv } from '../support/repo.js';
import { expectNoLeak, plant } from '../support/secrets.js';

/**
 * scan-keys installed with a file of its own missing or damaged: every
 * command fails closed with one line and exit 2, and a pre-commit hook
 * blocks the commit. The CLI carries its dependencies in its bundle, so a
 * dependency missing from node_modules (a pruned or half-done install)
 * cannot break it: every command still runs.
 */

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEPENDENCIES = Object.keys(
  (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies,
);
const KEY = plant.openaiProject(951);

/** node_modules/scan-keys as npm lays it out (the built dist/ and package.json), its dependencies beside it but `without` one. */
function installWithout(without: string | undefined): string {
  const modules = path.join(tempDir('scan-keys-install-'), 'node_modules');
  const own = path.join(modules, 'scan-keys');
  mkdirSync(own, { recursive: true });
  cpSync(path.join(PACKAGE_ROOT, 'dist'), path.join(own, 'dist'), { recursive: true });
  cpSync(path.join(PACKAGE_ROOT, 'package.json'), path.join(own, 'package.json'));
  // Links to this checkout's copies: their own dependencies resolve from there.
  for (const dep of DEPENDENCIES) if (dep !== without) symlinkSync(path.join(OWN_MODULES, dep), path.join(modules, dep));
  return path.join(own, 'dist', 'cli', 'main.cjs');
}

function runCli(cli: string, cwd: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: testEnv({ NO_COLOR: '1', DEBUG: undefined }) });
  expectNoLeak(r.stdout, r.stderr);
  return r;
}

/** A folder outside git with a key, a .gitignore and a config: a folder scan there loads every dependency but one. */
function plainFolder(): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'app.ts'), `const k = "${KEY}";\n`);
  writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
  return dir;
}

const BROKEN = /^scan-keys: broken install: cannot load (\S+) \(ERR_MODULE_NOT_FOUND\); reinstall scan-keys \(npm ci, or npm install\)\n$/;

describe('a broken install is a one-line error and exit 2', () => {
  test('the complete install works (the layout the other cases break)', () => {
    const r = runCli(installWithout(undefined), plainFolder(), ['.']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
  });

  test("dist/cli/main.js, the command's entry before main.cjs, still runs the CLI: a hook that names it is not a silent pass", () => {
    const cli = path.join(path.dirname(installWithout(undefined)), 'main.js');
    const r = runCli(cli, plainFolder(), ['.', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
  });

  // write-file-atomic is used only for a write: `baseline` writes one.
  test.each(DEPENDENCIES.map((dep) => [dep, dep === 'write-file-atomic' ? ['baseline'] : ['.', '--format', 'json']] as const))(
    'without %s in node_modules, the CLI still runs (its bundle carries it)',
    (dep, args) => {
      const dir = plainFolder();
      const r = runCli(installWithout(dep), dir, args);
      expect(r.stderr).not.toMatch(/broken install/);
      if (args[0] === 'baseline') {
        expect(r.status).toBe(0);
        expect(readFileSync(path.join(dir, '.scan-keys-baseline.json'), 'utf8')).toContain('"fingerprint"');
      } else {
        expect(r.status).toBe(1);
        expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
      }
    },
  );

  test('with no dependency at all in node_modules, a scan reads its config (jsonc-parser) and finds the key', () => {
    const dir = plainFolder();
    // A rule made a warning: the finding says whether the config was read.
    writeFileSync(path.join(dir, 'scan-keys.config.json'), '{ "rules": { "openai-project-key": "warning" } }\n');
    const modules = path.dirname(path.dirname(path.dirname(path.dirname(installWithout(undefined)))));
    for (const dep of DEPENDENCIES) rmSync(path.join(modules, dep), { force: true });
    const r = runCli(path.join(modules, 'scan-keys', 'dist', 'cli', 'main.cjs'), dir, ['.', '--format', 'json']);
    expect(r.stderr).toBe('');
    // The key is a warning now, as the config says: exit 0 under the default --fail-on error.
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { findings: { severity: string }[] }).findings.map((f) => f.severity)).toEqual(['warning']);
  });

  test('the CLI bundle missing or damaged', () => {
    const cli = installWithout(undefined);
    const bundle = path.join(path.dirname(cli), 'scan-keys.cjs');
    writeFileSync(bundle, 'this is not javascript (\n');
    const damaged = runCli(cli, plainFolder(), ['.']);
    expect(damaged.status).toBe(2);
    expect(damaged.stderr).toMatch(/^scan-keys: broken install: cannot load a part of itself \(SyntaxError: .*\); reinstall scan-keys/);
    expect(damaged.stderr.trimEnd().split('\n')).toHaveLength(1);
    rmSync(bundle);
    const missing = runCli(cli, plainFolder(), ['.']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(BROKEN);
    expect(BROKEN.exec(missing.stderr)?.[1]).toBe('scan-keys.cjs');
  });

  test('the reader thread\'s file missing', () => {
    const cli = installWithout(undefined);
    rmSync(path.join(path.dirname(cli), 'read-worker.cjs'));
    // Enough files that a folder scan starts its reader thread.
    const dir = plainFolder();
    for (let i = 0; i < 300; i++) writeFileSync(path.join(dir, `f${i}.txt`), `line ${i}\n`);
    const r = runCli(cli, dir, ['.']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('scan-keys: broken install: cannot load read-worker.cjs (MODULE_NOT_FOUND); reinstall scan-keys (npm ci, or npm install)\n');
  });

  // Inside git the tracked files come first (the index's listing) and the untracked ones later (git's walk):
  // a large job starts the reader thread whichever part holds it, which the missing worker file shows.
  test.each([
    ['tracked', true],
    ['untracked (an npm tree with no .gitignore)', false],
  ])('a repository of 300 %s files reads them with the reader thread too', (_, tracked) => {
    const cli = installWithout(undefined);
    rmSync(path.join(path.dirname(cli), 'read-worker.cjs'));
    const repo = tempRepo();
    repo.write('package.json', '{}\n');
    repo.git('add', 'package.json');
    for (let i = 0; i < 300; i++) repo.write(`node_modules/m${i % 9}/f${i}.js`, `module.exports = ${i};\n`);
    if (tracked) repo.git('add', 'node_modules');
    const r = runCli(cli, repo.dir, ['.']);
    expect(r.stderr).toBe('scan-keys: broken install: cannot load read-worker.cjs (MODULE_NOT_FOUND); reinstall scan-keys (npm ci, or npm install)\n');
    expect(r.status).toBe(2);
  });

  test('a pre-commit hook with a broken install blocks the commit of a key, and says why in one line', () => {
    const cli = installWithout(undefined);
    rmSync(path.join(path.dirname(cli), 'scan-keys.cjs'));
    const repo = tempRepo();
    const hook = path.join(repo.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${cli}" --staged\n`);
    chmodSync(hook, 0o755);
    repo.write('app.ts', `const k = "${KEY}";\n`);
    repo.git('add', 'app.ts');
    const result = commit(repo, 'add a key', testEnv({ NO_COLOR: '1' }));
    expectNoLeak(result.output);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/scan-keys: broken install: cannot load scan-keys\.cjs \(ERR_MODULE_NOT_FOUND\)/);
    expect(result.output).not.toMatch(/\n\s+at /);
    expect(spawnSync('git', ['rev-parse', '-q', '--verify', 'HEAD'], { cwd: repo.dir, env: testEnv() }).status).not.toBe(0);
  });
});
