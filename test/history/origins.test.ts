import { describe, expect, test } from 'vitest';
import { introductions } from '../../src/history/origins.js';
import { Repo } from '../../src/sources/git.js';
import { commit, sha, tempRepo } from '../support/repo.js';

/** A small history: a blob added, renamed, copied on a branch, and merged. */
function history() {
  const repo = tempRepo();
  const one = commit(repo, 'one', { 'a.txt': 'same content\n', 'b.txt': 'other\n' });
  repo.git('mv', 'a.txt', 'moved.txt');
  repo.git('commit', '-q', '-m', 'rename');
  const rename = sha(repo);
  repo.git('checkout', '-q', '-b', 'side');
  const copy = commit(repo, 'copy', { 'dir/copy.txt': 'same content\n' });
  repo.git('checkout', '-q', 'main');
  repo.git('merge', '-q', '--no-ff', '-m', 'merge', 'side');
  return { repo, one, rename, copy, blob: sha(repo, 'HEAD:moved.txt') };
}

describe('introductions', () => {
  // Both ways of reading the log (git filtering with --find-object, or one unfiltered pass) must agree.
  test.each([
    ['filtered by git (--find-object)', 256],
    ['one unfiltered pass', 0],
  ])('every path a blob appeared at, with its first commit, in history order: %s', async (_name, limit) => {
    const { repo, one, rename, copy, blob } = history();
    const git = (await Repo.find(repo.dir)) as Repo;
    const found = await introductions(git, ['--all'], new Set([blob]), limit);
    expect(found.get(blob)?.map((i) => ({ path: i.path, sha: i.commit.sha }))).toEqual([
      { path: 'a.txt', sha: one },
      { path: 'moved.txt', sha: rename },
      { path: 'dir/copy.txt', sha: copy },
    ]);
    const orders = found.get(blob)?.map((i) => i.order) ?? [];
    expect([...orders].sort((a, b) => a - b)).toEqual(orders);
    expect([...found.keys()]).toEqual([blob]);
  });

  test('paths with spaces, quotes and non-ASCII letters come back whole', async () => {
    const repo = tempRepo();
    const name = 'docs/a "quoted" näme\twith tab.txt';
    repo.write(name, 'content\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'odd name');
    const git = (await Repo.find(repo.dir)) as Repo;
    const blob = sha(repo, 'HEAD:docs/a "quoted" näme\twith tab.txt');
    const found = await introductions(git, ['--all'], new Set([blob]));
    expect(found.get(blob)?.map((i) => i.path)).toEqual([name]);
  });

  test('a deletion is no introduction; the commit comes whole (author, date, a subject in any script), the same object for each of its paths', async () => {
    const repo = tempRepo();
    const added = commit(repo, 'añadir: ключ 🔑', { 'k.txt': 'kept\n', 'twin.txt': 'kept\n' });
    repo.git('rm', '-q', 'k.txt', 'twin.txt');
    repo.git('commit', '-q', '-m', 'remove');
    const again = commit(repo, 'again', { 'again.txt': 'kept\n' });
    const git = (await Repo.find(repo.dir)) as Repo;
    const blob = sha(repo, 'HEAD:again.txt');
    for (const limit of [256, 0]) {
      const found = (await introductions(git, ['--all'], new Set([blob]), limit)).get(blob) ?? [];
      expect(found.map((i) => [i.path, i.commit.sha])).toEqual([
        ['k.txt', added],
        ['twin.txt', added],
        ['again.txt', again],
      ]);
      expect(found[0]?.commit).toMatchObject({ subject: 'añadir: ключ 🔑', author: expect.stringContaining('<'), date: expect.stringMatching(/^\d{4}-/) });
      expect(found[1]?.commit).toBe(found[0]?.commit);
      expect(found[2]?.order).toBeGreaterThan(found[0]?.order ?? Infinity);
    }
  });
});
