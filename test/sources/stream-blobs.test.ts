import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { Repo, type StreamedBlob } from '../../src/sources/git.js';
import { commit, tempDir, tempRepo } from '../support/repo.js';

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

/** Everything a stream gave, bytes included, and its last counts. */
async function drain(git: Repo, options: Parameters<Repo['streamBlobs']>[1]): Promise<{ items: string[]; listed: number; listedBytes: number; listing: boolean }> {
  const items: string[] = [];
  let last = { listed: -1, listedBytes: -1, listing: true };
  for await (const batch of git.streamBlobs(['--all'], options)) {
    for (const b of batch.items) items.push(b.kind === 'blob' ? `${label(b)} ${b.id} ${b.bytes.toString('latin1')}` : b.kind === 'missing' ? label(b) : `${label(b)} ${b.id} ${b.size}`);
    last = batch;
  }
  return { items, listed: last.listed, listedBytes: last.listedBytes, listing: last.listing };
}

/** The git commands a run started (trace2's start events): to tell which way a stream read. */
async function gitCommands(run: () => Promise<unknown>): Promise<string[]> {
  const file = path.join(tempDir(), 'trace.json');
  const before = process.env.GIT_TRACE2_EVENT;
  process.env.GIT_TRACE2_EVENT = file;
  try {
    await run();
  } finally {
    if (before === undefined) delete process.env.GIT_TRACE2_EVENT;
    else process.env.GIT_TRACE2_EVENT = before;
  }
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { event: string; argv?: string[] })
    .filter((e) => e.event === 'start')
    .map((e) => (e.argv ?? []).filter((a, i, all) => a !== '-c' && all[i - 1] !== '-c').slice(1).join(' '));
}

/**
 * A history with what a listing can hold: blobs over the cap (one whose bytes
 * look like cat-file's headers), names with spaces and non-ASCII letters, an
 * empty blob, a tag on a blob (a blob with no name), an annotated tag, a side
 * branch.
 */
async function variedRepo(): Promise<Repo> {
  const repo = tempRepo();
  const header = (n: number) => `${'0'.repeat(40)} blob ${n} fake\n`;
  commit(repo, 'one', { 'a b/c d.txt': 'first\n', 'ünï/cödé.txt': 'second\n', 'big.bin': `${header(3)}${'y'.repeat(400)}\n`, 'empty.txt': '' });
  repo.git('tag', '-a', '-m', 'annotated', 'v1');
  repo.git('checkout', '-q', '-b', 'side');
  commit(repo, 'side', { 'side.txt': 'side\n', 'big2.bin': 'z'.repeat(900) });
  repo.git('checkout', '-q', 'main');
  commit(repo, 'two', { 'a b/c d.txt': 'changed\n', 'big.bin': 'w'.repeat(300) });
  repo.git('tag', 'on-a-blob', repo.git('rev-parse', 'HEAD:empty.txt').trim());
  return (await Repo.find(repo.dir)) as Repo;
}

describe('Repo.streamBlobs', () => {
  test('a window smaller than one blob, and a slow consumer: every blob comes, in listing order, none lost or stuck, either way', async () => {
    const { git, listed } = await repoWith(60);
    // `known` given: the batch-check way, where the window holds cat-file back; without it, the first audit's way.
    for (const known of [() => false, undefined]) {
      const seen: StreamedBlob[] = [];
      for await (const batch of git.streamBlobs(['--all'], { maxSize: 1024, windowBytes: 1, ...(known ? { known } : {}) })) {
        for (const b of batch.items) seen.push(b);
        await sleep(1);
      }
      expect(seen.map((b) => (b.kind === 'missing' ? '' : b.path))).toEqual(listed);
      // Blobs over the cap are listed as too large, in their place.
      expect(seen.filter((b) => b.kind === 'too-large').map(label)).toEqual(listed.filter((p) => Number(p.slice(1, -4)) * 40 > 1020).map((p) => `too-large ${p}`));
      for (const b of seen) if (b.kind === 'blob') expect(b.bytes.toString()).toMatch(/^x*\d+\n$/);
    }
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

  test('a first audit pipes rev-list into cat-file git to git, and gives what the batch-check way gives: every blob, in order, with the same counts', async () => {
    const git = await variedRepo();
    const options = { maxSize: 200, onListed: () => undefined };
    let direct: Awaited<ReturnType<typeof drain>> | undefined;
    let checked: Awaited<ReturnType<typeof drain>> | undefined;
    const directRan = await gitCommands(async () => (direct = await drain(git, options)));
    const checkedRan = await gitCommands(async () => (checked = await drain(git, { ...options, known: () => false })));
    expect(direct).toEqual(checked);
    expect(direct?.listing).toBe(false);
    expect(direct?.items.filter((i) => i.startsWith('too-large')).map((i) => i.split(' ')[1]).sort()).toEqual(['big.bin', 'big.bin', 'big2.bin']);
    expect(direct?.items.find((i) => i.startsWith('blob a b/c d.txt'))).toMatch(/ changed\n$/);
    // The way each took: no batch-check in the first, where cat-file itself prints batch-check's header line.
    expect(directRan.filter((c) => c.startsWith('cat-file'))).toEqual(['cat-file --buffer --batch=%(objecttype) %(objectname) %(objectsize) %(rest)']);
    expect(checkedRan.some((c) => c.startsWith('cat-file --buffer --batch-check='))).toBe(true);
  });

  test('past its budget of too-large bytes read, a first audit hands over to the batch-check way where it stopped: nothing lost, nothing twice', async () => {
    const git = await variedRepo();
    const expected = await drain(git, { maxSize: 200, known: () => false });
    for (const tooLargeReadBytes of [0, 500]) {
      let got: Awaited<ReturnType<typeof drain>> | undefined;
      const ran = await gitCommands(async () => (got = await drain(git, { maxSize: 200, tooLargeReadBytes })));
      expect(got, `budget ${tooLargeReadBytes}`).toEqual(expected);
      expect(ran.filter((c) => c.startsWith('rev-list --objects'))).toHaveLength(2);
      expect(ran.some((c) => c.startsWith('cat-file --buffer --batch-check='))).toBe(true);
    }
    // A budget the too-large blobs stay under: the first way alone.
    const alone = await gitCommands(async () => expect(await drain(git, { maxSize: 200, tooLargeReadBytes: 1 << 20 })).toEqual(expected));
    expect(alone.filter((c) => c.startsWith('rev-list --objects'))).toHaveLength(1);
  });
});
