import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { commitCount, expectKeyRefusedThenCleanCommitted, npmEnv } from '../support/hooks.js';
import { tempDir, tempRepo } from '../support/repo.js';

/**
 * The pre-commit framework (https://pre-commit.com; Debian's `pre-commit`
 * package, which .ci/run installs) using this repository's .pre-commit-hooks.yaml
 * the way a user's .pre-commit-config.yaml does: it clones the hook repository,
 * runs `npm install` (whose prepare script builds dist/), `npm pack`, and
 * installs the tarball into its own node environment.
 */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function requirePreCommit(): void {
  const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('pre-commit is not installed: apt-get install -y pre-commit nodeenv (as .ci/run does)');
}

/** A git repository holding this checkout as it is on disk (tracked and new files, nothing ignored): the hook repo. */
function hookRepoFromCheckout(): { dir: string; rev: string } {
  const dir = path.join(tempDir('scan-keys-hookrepo-'), 'scan-keys');
  mkdirSync(dir);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PACKAGE_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const f of files) cpSync(path.join(PACKAGE_ROOT, f), path.join(dir, f), { recursive: true, errorOnExist: false });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'snapshot');
  return { dir, rev: git('rev-parse', 'HEAD').trim() };
}

test('the pre-commit framework runs the scan-keys hook: a key is rejected, a clean commit accepted', { timeout: 300_000 }, () => {
  requirePreCommit();
  const hookRepo = hookRepoFromCheckout();
  const repo = tempRepo();
  repo.write(
    '.pre-commit-config.yaml',
    `repos:\n  - repo: ${hookRepo.dir}\n    rev: ${hookRepo.rev}\n    hooks:\n      - id: scan-keys\n`,
  );
  // The framework's npm install of the hook repo is served from npm's cache where it can be.
  const env = npmEnv({ PRE_COMMIT_HOME: tempDir('scan-keys-pre-commit-home-') });
  const preCommit = (...args: string[]) => spawnSync('pre-commit', args, { cwd: repo.dir, env, encoding: 'utf8' });
  expect(preCommit('install').status).toBe(0);
  const installed = preCommit('install-hooks');
  expect(installed.status, `${installed.stdout}${installed.stderr}`).toBe(0);

  expectKeyRefusedThenCleanCommitted(repo, fake.anthropic(77), 'anthropic-api-key', env);
  expect(commitCount(repo)).toBe(1);
});
