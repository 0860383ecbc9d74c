/** Real git for the benchmark's generated repositories (the scanner itself runs git only through src/sources/git.ts). */
import { execFileSync } from 'node:child_process';

const IDENTITY = ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false'];

export function git(cwd, ...args) {
  return execFileSync('git', [...IDENTITY, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** A new repository holding every file in `dir`, in one commit. */
export function commitAllAsNewRepo(dir, message) {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', message);
}
