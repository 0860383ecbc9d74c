import { describe, expect, test } from 'vitest';
import { RefsAhead, Repo } from '../../src/sources/git.js';
import { commit, tempRepo } from '../support/repo.js';

/** main with a, then b; a branch `side` off a with c, tagged (annotated) v-side; main checked out. */
function sideBranch() {
  const repo = tempRepo();
  const a = commit(repo, 'a', { 'a.txt': 'a\n' });
  repo.git('checkout', '-q', '-b', 'side');
  const c = commit(repo, 'c', { 'c.txt': 'c\n' });
  repo.git('tag', '-a', '-m', 'annotated', 'v-side');
  repo.git('checkout', '-q', 'main');
  const b = commit(repo, 'b', { 'b.txt': 'b\n' });
  return { repo, a, b, c };
}

describe('Repo.refsContaining', () => {
  test('gives, for every commit, the refs git for-each-ref --contains names: branches, merges, annotated and plain tags, a remote', async () => {
    const { repo, a, b, c } = sideBranch();
    repo.git('tag', 'v-plain');
    repo.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    const m = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-q', '-b', 'topic', a);
    const t = commit(repo, 't', { 't.txt': 't\n' });
    repo.git('update-ref', 'refs/remotes/origin/topic', t);
    repo.git('checkout', '-q', 'main');
    // A tag on a blob reaches no commit: it must not break the walk.
    repo.git('tag', 'blob-tag', repo.git('rev-parse', 'HEAD:a.txt').trim());

    const git = (await Repo.find(repo.dir)) as Repo;
    const commits = [a, b, c, m, t];
    const found = await git.refsContaining(commits);
    for (const sha of commits) {
      const expected = repo.git('for-each-ref', '--format=%(refname)', '--contains', sha).split('\n').filter(Boolean);
      expect(found.get(sha), sha).toEqual(expected);
    }
    expect(found.get(c)).toEqual(['refs/heads/main', 'refs/heads/side', 'refs/tags/v-side']);
  });

  test('more commits than one 32-bit word of the walk holds: each keeps its own refs', async () => {
    const repo = tempRepo();
    const commits: string[] = [];
    for (let i = 0; i < 40; i++) {
      commits.push(commit(repo, `c${i}`, { 'n.txt': `${i}\n` }));
      if (i % 7 === 3) repo.git('tag', `t${i}`);
    }
    const git = (await Repo.find(repo.dir)) as Repo;
    const found = await git.refsContaining(commits);
    for (const sha of commits) {
      expect(found.get(sha), sha).toEqual(repo.git('for-each-ref', '--format=%(refname)', '--contains', sha).split('\n').filter(Boolean));
    }
  });

  test('past the limit, commits are not looked up rather than guessed', async () => {
    const repo = tempRepo();
    const a = commit(repo, 'a', { 'a.txt': 'a\n' });
    const b = commit(repo, 'b', { 'b.txt': 'b\n' });
    const git = (await Repo.find(repo.dir)) as Repo;
    const found = await git.refsContaining([a, b], 1);
    expect(found.get(a)).toEqual(['refs/heads/main']);
    expect(found.has(b)).toBe(false);
  });

  test('read ahead (refsAhead, as a history scan does) or afterwards, or with the walk dropped past its cap: the same refs', async () => {
    const { repo, a, b, c } = sideBranch();
    const git = (await Repo.find(repo.dir)) as Repo;
    const commits = [a, b, c];
    const after = await git.refsContaining(commits);
    expect(after.get(c)).toEqual(['refs/heads/side', 'refs/tags/v-side']);
    expect(await git.refsContaining(commits, undefined, git.refsAhead())).toEqual(after);
    // A walk whose output outgrew its cap is dropped: the lookup walks again itself.
    const ahead = git.refsAhead();
    const dropped = new RefsAhead(ahead.tips, Promise.resolve(git.early(['rev-list', '--all'], 8)));
    expect(await (await dropped.walk)?.output()).toBeUndefined();
    expect(await git.refsContaining(commits, undefined, dropped)).toEqual(after);
  });
});

describe('Repo.refsContaining with a known walk', () => {
  test("the walk a history scan made of --all stands in for git's own; a ref moved since is walked again by git", async () => {
    const { repo, a, b, c } = sideBranch();
    const git = (await Repo.find(repo.dir)) as Repo;
    const commits = [a, b, c];
    // The walk given is the one read: one that makes main's b a child of side's c gives c main's ref as well.
    const unmerged = repo.git('rev-list', '--date-order', '--parents', '--all').trim().split('\n');
    const doctored = unmerged.map((l) => (l.startsWith(b) ? `${l} ${c}` : l));
    expect((await git.refsContaining(commits, undefined, git.refsAhead(unmerged))).get(c)).toEqual(['refs/heads/side', 'refs/tags/v-side']);
    expect((await git.refsContaining(commits, undefined, git.refsAhead(doctored))).get(c)).toEqual(['refs/heads/main', 'refs/heads/side', 'refs/tags/v-side']);
    repo.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    const expected = await git.refsContaining(commits);
    const walk = repo.git('rev-list', '--date-order', '--parents', '--all').trim().split('\n');
    expect(await git.refsContaining(commits, undefined, git.refsAhead(walk))).toEqual(expected);
    // A walk that lacks a ref's tip (made before a commit on it): the refs are still right.
    repo.git('checkout', '-q', 'side');
    commit(repo, 'later', { 'later.txt': 'l\n' });
    const now = await git.refsContaining(commits);
    expect(now.get(c)).toEqual(['refs/heads/main', 'refs/heads/side', 'refs/tags/v-side']);
    expect(await git.refsContaining(commits, undefined, git.refsAhead(walk))).toEqual(now);
    // Without that fallback, the stale walk would have lost side for c: the walk does lack side's new tip.
    expect(walk.some((l) => l.startsWith(repo.git('rev-parse', 'side').trim()))).toBe(false);
  });
});

describe('Repo.early', () => {
  test('holds the whole output of a git started ahead; gives nothing once it outgrew its cap, or when git failed', async () => {
    const repo = tempRepo();
    for (let i = 0; i < 30; i++) commit(repo, `c${i}`, { 'n.txt': `${i}\n` });
    const git = (await Repo.find(repo.dir)) as Repo;
    const all = repo.git('rev-list', '--all');
    expect((await git.early(['rev-list', '--all']).output())?.toString()).toBe(all);
    expect(await git.early(['rev-list', '--all'], all.length - 1).output()).toBeUndefined();
    expect(await git.early(['rev-list', 'no-such-ref']).output()).toBeUndefined();
  });
});
