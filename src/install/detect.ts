import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { Repo } from '../sources/git.js';

/** What init needs to know about the repository it installs into. */
export interface Project {
  /** The work tree's top folder: hooks run there, so paths in them are relative to it. */
  readonly root: string;
  /** The folder git runs hooks from (core.hooksPath, worktrees honoured). */
  readonly hooksDir: string;
  /** The nearest folder with a package.json at or above the current folder (the root when there is none). */
  readonly packageDir: string;
  readonly packageJson: PackageJson | undefined;
  readonly husky: Husky | undefined;
  /** The repository uses the pre-commit framework (.pre-commit-config.yaml at its root). */
  readonly preCommitFramework: boolean;
}

export interface PackageJson {
  readonly file: string;
  readonly text: string;
  readonly data: Record<string, unknown>;
}

export interface Husky {
  /** The husky folder (.husky), which holds the user's hook scripts. */
  readonly dir: string;
  /** Its pre-commit script (may not exist yet). */
  readonly hookFile: string;
  /** husky 8 and older: hooks need a shebang and source `_/husky.sh`; 9 runs them with `sh -e`. */
  readonly legacy: boolean;
  /** git runs this husky folder's hooks (core.hooksPath points into it). */
  readonly active: boolean;
}

export async function detectProject(repo: Repo, cwd: string): Promise<Project> {
  const root = repo.root;
  const hooksDir = await repo.hooksDir();
  const packageDir = findPackageDir(cwd, root);
  const packageJson = readPackageJson(packageDir);
  return {
    root,
    hooksDir,
    packageDir,
    packageJson,
    husky: detectHusky(hooksDir, packageDir, root, packageJson),
    preCommitFramework: existsSync(path.join(root, '.pre-commit-config.yaml')),
  };
}

function findPackageDir(cwd: string, root: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === root || path.dirname(dir) === dir) return root;
  }
}

function readPackageJson(dir: string): PackageJson | undefined {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(`${file} does not hold a JSON object`);
  return { file, text, data: data as Record<string, unknown> };
}

function dependsOn(pkg: PackageJson | undefined, name: string): boolean {
  const has = (field: string) => {
    const deps = pkg?.data[field];
    return typeof deps === 'object' && deps !== null && name in deps;
  };
  return has('devDependencies') || has('dependencies');
}

/**
 * husky is there when git's hooks folder is husky's (`<dir>/_` holding its `h`
 * or `husky.sh` runner), when a .husky folder exists, or when package.json
 * depends on husky (then .husky is where `husky` will look).
 */
function detectHusky(hooksDir: string, packageDir: string, root: string, pkg: PackageJson | undefined): Husky | undefined {
  const runner = (dir: string) => ['h', 'husky.sh'].some((f) => existsSync(path.join(dir, '_', f)));
  const make = (dir: string): Husky => ({
    dir,
    hookFile: path.join(dir, 'pre-commit'),
    legacy: existsSync(path.join(dir, '_', 'husky.sh')) && !existsSync(path.join(dir, '_', 'h')),
    active: hooksDir === path.join(dir, '_') || hooksDir === dir,
  });
  if (path.basename(hooksDir) === '_' && runner(path.dirname(hooksDir))) return make(path.dirname(hooksDir));
  for (const dir of new Set([packageDir, root])) {
    if (existsSync(path.join(dir, '.husky'))) return make(path.join(dir, '.husky'));
  }
  if (dependsOn(pkg, 'husky')) return make(path.join(packageDir, '.husky'));
  return undefined;
}
