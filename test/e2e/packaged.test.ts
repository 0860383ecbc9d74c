import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { expectKeyRefusedThenCleanCommitted, npmEnv, OWN_MODULES } from '../support/hooks.js';
import { tempDir, tempRepo, type TempRepo } from '../support/repo.js';

/**
 * The packaged user's path: the tarball `npm pack` makes, installed into a
 * fresh project with npm, set up with `npx scan-keys init`, then real commits.
 * npm's cache (filled by npm ci) serves every dependency; the registry is only
 * asked for what the cache lacks.
 */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SLOW = { timeout: 240_000 };

const env = npmEnv({ npm_config_loglevel: 'error' });

/** The version this checkout itself uses, so that npm's cache has it. */
const ownVersion = (name: string) =>
  (JSON.parse(readFileSync(path.join(OWN_MODULES, name, 'package.json'), 'utf8')) as { version: string }).version;

function run(cwd: string, command: string, args: readonly string[]) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${output}`);
  return output;
}

let tarball: string;
beforeAll(() => {
  // dist/ is built by npm test's pretest; packing it as is keeps this test from building twice.
  const dir = tempDir('scan-keys-pack-');
  const out = run(PACKAGE_ROOT, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir]);
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string }[];
  if (!info) throw new Error(`npm pack printed no file name:\n${out}`);
  tarball = path.join(dir, info.filename);
}, SLOW.timeout);

function project(pkg: Record<string, unknown>): TempRepo {
  const repo = tempRepo();
  repo.write('package.json', `${JSON.stringify({ name: 'app', version: '1.0.0', private: true, ...pkg }, null, 2)}\n`);
  repo.write('.gitignore', 'node_modules/\n');
  return repo;
}

describe('installed from the npm tarball', () => {
  test('a project with husky and lint-staged: init adds a lint-staged task, git commit blocks the key', SLOW, () => {
    const repo = project({ 'lint-staged': { '*.js': 'node --check' } });
    run(repo.dir, 'npm', ['install', '--save-dev', `husky@${ownVersion('husky')}`, `lint-staged@${ownVersion('lint-staged')}`, tarball]);
    // husky's documented setup, then lint-staged's.
    run(repo.dir, 'npx', ['--no', '--', 'husky', 'init']);
    repo.write('.husky/pre-commit', 'npx lint-staged\n');

    const init = run(repo.dir, 'npx', ['--no', '--', 'scan-keys', 'init']);
    expect(init).toContain('lint-staged (package.json)');
    const pkg = JSON.parse(readFileSync(path.join(repo.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg['lint-staged']).toEqual({ '*.js': 'node --check', '*': 'scan-keys --staged' });

    expectKeyRefusedThenCleanCommitted(repo, fake.openaiServiceAccount(5), 'openai-service-account-key', env);
  });

  test('a plain repository without a hook manager: init writes .git/hooks/pre-commit, git commit blocks the key', SLOW, () => {
    const repo = project({});
    run(repo.dir, 'npm', ['install', '--save-dev', tarball]);
    const init = run(repo.dir, 'npx', ['--no', '--', 'scan-keys', 'init']);
    expect(init).toContain('git hook (.git/hooks/pre-commit)');
    expectKeyRefusedThenCleanCommitted(repo, fake.openaiServiceAccount(5), 'openai-service-account-key', env);
    // The tarball holds the CommonJS build too: the project (no "type": "module") can require() the library.
    const required = run(repo.dir, process.execPath, ['-e', `require('scan-keys').scanText(${JSON.stringify(fake.anthropic(6))}).then((f) => console.log(f.map((x) => x.rule).join()))`]);
    expect(required.trim()).toBe('anthropic-api-key');
  });
});
