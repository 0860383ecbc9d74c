import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { CLI } from './cli.js';
import type { TempRepo } from './repo.js';

/** This checkout's own node_modules: husky and lint-staged for tests that run them in temporary repositories. */
export const OWN_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/**
 * PATH with node and git but no scan-keys, husky or lint-staged on it (npm test
 * puts node_modules/.bin there): what a hook sees on a machine without them.
 */
export function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dirs = [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'];
  return { ...process.env, PATH: [...new Set(dirs)].join(path.delimiter), NO_COLOR: '1', FORCE_COLOR: undefined, HUSKY: undefined, ...extra };
}

/** bareEnv for npm runs: npm's cache (filled by npm ci) first, the registry only for what it lacks, no audit or ads. */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return bareEnv({
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  });
}

/** An executable `node_modules/.bin/<name>` in `dir` that runs `script` with node, as npm links a dev dependency. */
export function linkBin(dir: string, name: string, script: string): void {
  const bin = path.join(dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  const file = path.join(bin, name);
  writeFileSync(file, `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  chmodSync(file, 0o755);
}

/** scan-keys as a dev dependency of the repository: the built CLI behind node_modules/.bin/scan-keys. */
export function installScanKeys(repo: TempRepo, sub = ''): void {
  linkBin(path.join(repo.dir, sub), 'scan-keys', CLI);
}

export interface GitRun {
  readonly code: number;
  /** stdout and stderr together, as a person sees them. */
  readonly output: string;
}

/** A real `git commit`, hooks and all, that reports failure instead of throwing. */
export function commit(repo: TempRepo, message: string, env: NodeJS.ProcessEnv = bareEnv(), cwd = repo.dir): GitRun {
  const r = spawnSync('git', ['commit', '-q', '-m', message], { cwd, env, encoding: 'utf8' });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** How many commits HEAD has (0 before the first). */
export function commitCount(repo: TempRepo): number {
  const r = spawnSync('git', ['rev-list', '--count', 'HEAD'], { cwd: repo.dir, encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : 0;
}

/** Content and mode of each file (absent ones too), to prove that a run changed nothing or restored everything. */
export function snapshot(files: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of files) {
    if (!existsSync(f) && !isLink(f)) out[f] = '(absent)';
    else if (isLink(f)) out[f] = `link -> ${readlinkSync(f)}`;
    else out[f] = `mode ${(lstatSync(f).mode & 0o777).toString(8)}\n${readFileSync(f, 'utf8')}`;
  }
  return out;
}

function isLink(f: string): boolean {
  try {
    return lstatSync(f).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The promise a pre-commit check makes, through a real `git commit`: a staged
 * file with `key` is refused (the rule named, the key never printed), and the
 * same file without it is committed.
 */
export function expectKeyRefusedThenCleanCommitted(repo: TempRepo, key: string, rule: string, env: NodeJS.ProcessEnv): void {
  const before = commitCount(repo);
  repo.write('src/app.js', `const key = "${key}";\n`);
  repo.git('add', '-A');
  const blocked = commit(repo, 'with a key', env);
  expect(blocked.code).not.toBe(0);
  expect(blocked.output).toContain(rule);
  expect(blocked.output).not.toContain(key);
  expect(commitCount(repo)).toBe(before);

  repo.write('src/app.js', 'const key = process.env.API_KEY;\n');
  repo.git('add', '-A');
  const clean = commit(repo, 'clean', env);
  expect(clean.code, clean.output).toBe(0);
  expect(commitCount(repo)).toBe(before + 1);
}
