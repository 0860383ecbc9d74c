import { describe, expect, test } from 'vitest';
import { Repo } from '../../src/sources/git.js';
import { historyRevs } from '../../src/sources/history.js';
import { commit, tempRepo, type TempRepo } from '../support/repo.js';

/** Two stash entries on top of one commit: --all reaches the newest, only the stash's reflog the older. */
function stashed(repo: TempRepo): string[] {
  for (const n of ['one', 'two']) {
    repo.write('a.txt', `${n}\n`);
    repo.git('stash', '-q');
  }
  return repo.git('log', '-g', '--format=%H', 'refs/stash').trim().split('\n');
}

/** What find's one rev-parse says, checked against git asked separately. */
async function facts(repo: TempRepo) {
  const git = (await Repo.find(repo.dir)) as Repo;
  return { revs: await historyRevs(git), shallow: await git.isShallow(), branch: (await git.whereabouts()).branch };
}

describe("Repo.find's rev-parse: the stash and shallowness, beside HEAD", () => {
  test('no stash, one stash with an older entry, a detached HEAD', async () => {
    const repo = tempRepo();
    const first = commit(repo, 'first', { 'a.txt': 'a\n' });
    expect(await facts(repo)).toEqual({ revs: ['--all'], shallow: false, branch: 'main' });
    const entries = stashed(repo);
    expect(entries).toHaveLength(2);
    expect(await facts(repo)).toEqual({ revs: ['--all', ...entries], shallow: false, branch: 'main' });
    repo.git('checkout', '-q', '--detach', first);
    expect(await facts(repo)).toEqual({ revs: ['--all', ...entries], shallow: false, branch: undefined });
  });

  test('a tag named HEAD (git then names no ref for HEAD): the stash line is not taken for the branch, nor the older entries lost', async () => {
    const repo = tempRepo();
    commit(repo, 'first', { 'a.txt': 'a\n' });
    repo.git('tag', 'HEAD');
    const entries = stashed(repo);
    expect(await facts(repo)).toEqual({ revs: ['--all', ...entries], shallow: false, branch: 'main' });
  });

  test('a shallow clone says so; a repository before its first commit asks git for the stash', async () => {
    const origin = tempRepo();
    for (let i = 0; i < 3; i++) commit(origin, `c${i}`, { 'n.txt': `${i}\n` });
    const clone = tempRepo({ init: false });
    clone.git('clone', '-q', '--depth=1', `file://${origin.dir}`, '.');
    expect((await facts(clone)).shallow).toBe(true);
    const empty = tempRepo();
    expect(await facts(empty)).toEqual({ revs: ['--all'], shallow: false, branch: 'main' });
  });
});
