import { describe, expect, test } from 'vitest';
import { introductions } from '../../src/history/origins.js';
import { Repo } from '../../src/sources/git.js';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { commit, sha, tempRepo } from '../support/repo.js';

/** Deletes a loose object, as a damaged mirror lacks it. */
function removeLooseObject(dir: string, id: string): void {
  rmSync(path.join(dir, '.git', 'objects', id.slice(0, 2), id.slice(2)));
}

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
    const found = await introductions(git, ['--all'], new Set([blob]), { findObjectLimit: limit });
    expect(found.get(blob)?.map((i) => ({ path: i.path, sha: i.commit.sha }))).toEqual([
      { path: 'a.txt', sha: one },
      { path: 'moved.txt', sha: rename },
      { path: 'dir/copy.txt', sha: copy },
    ]);
    const orders = found.get(blob)?.map((i) => i.order) ?? [];
    expect([...orders].sort((a, b) => a - b)).toEqual(orders);
    expect([...found.keys()]).toEqual([blob]);
  });

  // Split in two halves (each given oldest first, the older half read first), the trace must read as the one walk does.
  test.each([
    ['filtered by git (--find-object)', 256],
    ['one unfiltered pass', 0],
  ])('split between two processes, the same introductions as one walk, orders included: %s', async (_name, limit) => {
    const { repo, blob } = history();
    // The same content added on two branches at the same path, and a side branch merged: ties for the first sighting.
    repo.git('checkout', '-q', '-b', 'twin');
    commit(repo, 'twin', { 'dup.txt': 'same content\n' });
    repo.git('checkout', '-q', 'main');
    commit(repo, 'main twin', { 'dup.txt': 'same content\n' });
    repo.git('merge', '-q', '--no-ff', '-m', 'merge twin', '-X', 'ours', 'twin');
    for (let i = 0; i < 5; i++) commit(repo, `after ${i}`, { 'n.txt': `${i}\n`, [`f${i}.txt`]: 'same content\n' });
    const git = (await Repo.find(repo.dir)) as Repo;
    const blobs = new Set([blob, sha(repo, 'HEAD:n.txt')]);
    const walk = repo.git('rev-list', '--date-order', '--parents', '--all').trim().split('\n');
    const whole = await introductions(git, ['--all'], blobs, { findObjectLimit: limit });
    expect(whole.get(blob)?.length).toBe(9);
    // Split (from the first commit on, and from exactly this many), the same blobs in the same order, the same lists.
    for (const splitFrom of [1, walk.length]) {
      const split = await introductions(git, ['--all'], blobs, { findObjectLimit: limit, walk, splitFrom });
      expect([...split.entries()]).toEqual([...whole.entries()]);
    }
    // A walk of one commit is not split (git log, given no commit on stdin, would read HEAD's).
    const one = walk.slice(-1);
    expect(await introductions(git, ['--all'], blobs, { findObjectLimit: limit, walk: one, splitFrom: 1 })).toEqual(whole);
    expect(await introductions(git, ['--all'], blobs, { findObjectLimit: limit, walk: walk.slice(0, 3), splitFrom: 1 })).not.toEqual(whole);
  });

  test('a split trace that git cannot read (a missing tree) fails as the one walk does', async () => {
    const { repo, blob } = history();
    const git = (await Repo.find(repo.dir)) as Repo;
    const walk = repo.git('rev-list', '--date-order', '--parents', '--all').trim().split('\n');
    const tree = repo.git('rev-parse', 'HEAD^{tree}').trim();
    removeLooseObject(repo.dir, tree);
    await expect(introductions(git, ['--all'], new Set([blob]), { walk, splitFrom: 1 })).rejects.toThrow(/git log failed/);
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
      const found = (await introductions(git, ['--all'], new Set([blob]), { findObjectLimit: limit })).get(blob) ?? [];
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
