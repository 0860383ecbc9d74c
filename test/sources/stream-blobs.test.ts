import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { Repo, type StreamedBlob } from '../../src/sources/git.js';
import { commit, tempRepo } from '../support/repo.js';

/** A repository of `n` blobs of growing size, one of them over 1 kB. */
async function repoWith(n: number): Promise<{ git: Repo; listed: string[] }> {
  const repo = tempRepo();
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`f${i}.txt`] = `${'x'.repeat(i * 40)}${i}\n`;
  commit(repo, 'many', files);
  const listed = repo
    .git('rev-list', '--objects', '--all')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((p) => p.startsWith('f'));
  return { git: (await Repo.find(repo.dir)) as Repo, listed };
}

const label = (b: StreamedBlob) => (b.kind === 'missing' ? `missing ${b.id}` : `${b.kind} ${b.path}`);

describe('Repo.streamBlobs', () => {
  test('a window smaller than one blob, and a slow consumer: every blob comes, in listing order, none lost or stuck', async () => {
    const { git, listed } = await repoWith(60);
    const seen: StreamedBlob[] = [];
    for await (const batch of git.streamBlobs(['--all'], { maxSize: 1024, windowBytes: 1 })) {
      for (const b of batch.items) seen.push(b);
      await sleep(1);
    }
    expect(seen.map((b) => b.kind === 'missing' ? '' : b.path)).toEqual(listed);
    // Blobs over the cap are listed as too large, in their place, never read.
    expect(seen.filter((b) => b.kind === 'too-large').map(label)).toEqual(listed.filter((p) => Number(p.slice(1, -4)) * 40 > 1020).map((p) => `too-large ${p}`));
    for (const b of seen) if (b.kind === 'blob') expect(b.bytes.toString()).toMatch(/^x*\d+\n$/);
  });

  test('blobs the caller already knows are not read, and come in their place', async () => {
    const { git, listed } = await repoWith(10);
    const seen: StreamedBlob[] = [];
    for await (const batch of git.streamBlobs(['--all'], { maxSize: 1 << 20, known: (_id, p) => p === 'f3.txt' })) for (const b of batch.items) seen.push(b);
    expect(seen.map((b) => (b.kind === 'missing' ? '' : b.path))).toEqual(listed);
    expect(seen.find((b) => b.kind !== 'missing' && b.path === 'f3.txt')?.kind).toBe('known');
  });

  test('a consumer that stops early ends the git processes instead of hanging', async () => {
    const { git } = await repoWith(200);
    for await (const batch of git.streamBlobs(['--all'], { maxSize: 1 << 20, windowBytes: 1 })) {
      expect(batch.items.length).toBeGreaterThan(0);
      break;
    }
    // Reaching here is the assertion: the generator's cleanup returned.
    const again: number[] = [];
    for await (const batch of git.streamBlobs(['--all'], { maxSize: 1 << 20 })) again.push(batch.items.length);
    expect(again.reduce((a, b) => a + b, 0)).toBe(200);
  });

  test('onListed gives the number of commits rev-list --count gives, and their walk: merges, a side branch, a range, a tag on a blob, commits without blobs', async () => {
    const repo = tempRepo();
    const base = commit(repo, 'base', { 'a.txt': 'a\n' });
    repo.git('checkout', '-q', '-b', 'side');
    commit(repo, 'side', { 's.txt': 's\n' });
    repo.git('commit', '-q', '--allow-empty', '-m', 'empty');
    repo.git('checkout', '-q', 'main');
    commit(repo, 'main', { 'b.txt': 'b\n' });
    repo.git('merge', '-q', '--no-ff', '-m', 'merge', 'side');
    repo.git('tag', 'on-a-blob', repo.git('rev-parse', 'HEAD:a.txt').trim());
    const git = (await Repo.find(repo.dir)) as Repo;
    for (const revs of [['--all'], [`${base}..main`], ['side', '^main']]) {
      let listed: number | undefined;
      let walk: readonly string[] | undefined;
      const onListed = (n: number, w: readonly string[] | undefined) => {
        listed = n;
        walk = w;
      };
      for await (const batch of git.streamBlobs(revs, { maxSize: 1 << 20, onListed })) expect(batch).toBeDefined();
      expect(listed, revs.join(' ')).toBe(Number(repo.git('rev-list', '--count', ...revs, '--').trim()));
      // And the walk itself, newest first, each commit with its parents: what the trace and the refs read.
      expect(walk).toEqual(repo.git('rev-list', '--date-order', '--parents', ...revs, '--').split('\n').filter(Boolean));
    }
  });
});
