import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'scan-keys-'): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/**
 * The environment for git and the CLI in tests: the user's global and system
 * git config (hooks paths, templates, signing) and any repository a parent
 * process points at (tests run inside a git hook, too) must not leak in, and
 * git must not find a repository above the temporary folder (a checkout in /tmp).
 */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('GIT_') && name !== 'GIT_SSL_CAINFO') delete env[name];
  // A developer's real keys, organization and probe settings must never reach a test run (doctor reads them).
  for (const name of Object.keys(env)) if (/^(?:OPENAI_|ANTHROPIC_|SCAN_KEYS_)/.test(name)) delete env[name];
  return {
    ...env,
    GIT_CONFIG_GLOBAL: emptyConfig(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CEILING_DIRECTORIES: realpathSync(tmpdir()),
    HUSKY: undefined,
    ...extra,
  };
}

let emptyConfigPath: string | undefined;
function emptyConfig(): string {
  if (!emptyConfigPath) {
    emptyConfigPath = path.join(tempDir('scan-keys-home-'), 'gitconfig');
    writeFileSync(emptyConfigPath, '');
  }
  return emptyConfigPath;
}

export interface TempRepo {
  readonly dir: string;
  /** Writes a file (folders made as needed) relative to the repository root. */
  write(file: string, content: string | Buffer): void;
  /** Runs real git in the repository and returns its stdout. */
  git(...args: string[]): string;
}

/** A real git repository in a temporary folder, with an identity and no hooks of the user's. */
export function tempRepo(options: { init?: boolean; dir?: string } = {}): TempRepo {
  const dir = options.dir ?? tempDir();
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: testEnv() });
  if (options.init !== false) {
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Test User');
    git('config', 'user.email', 'test@example.invalid');
    git('config', 'commit.gpgsign', 'false');
  }
  return {
    dir,
    git,
    write(file, content) {
      const full = path.join(dir, file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
  };
}

/** The commit id a revision names. */
export const sha = (repo: TempRepo, rev = 'HEAD'): string => repo.git('rev-parse', rev).trim();

/** Writes the files, commits everything, and returns the new commit's id. */
export function commit(repo: TempRepo, message: string, files: Record<string, string>): string {
  for (const [file, content] of Object.entries(files)) repo.write(file, content);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', message);
  return sha(repo);
}

/**
 * Leaves the repository in a merge with `file` in conflict (base, main and a
 * feature branch each wrote it): the index holds its three stages.
 * `onFeature` runs on the feature branch after its change to the file is committed.
 */
export function conflictedMerge(repo: TempRepo, file: string, onFeature?: () => void): void {
  commit(repo, 'base', { [file]: 'const v = 0;\n' });
  repo.git('checkout', '-qb', 'feature');
  commit(repo, 'feature', { [file]: 'const v = 1;\n' });
  onFeature?.();
  repo.git('checkout', '-q', 'main');
  commit(repo, 'main', { [file]: 'const v = 2;\n' });
  try {
    repo.git('merge', '-q', 'feature');
  } catch {
    /* the conflict is the point */
  }
}

