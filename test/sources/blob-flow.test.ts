import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { GitError } from '../../src/errors.js';
import { BlobFlow } from '../../src/sources/git.js';

/**
 * BlobFlow reads `git cat-file --batch-check` lines of a listing. When the
 * fast listing (blobs only) stops at a missing object, a second listing
 * takes over: its first blobs are the ones already listed, passed over, and
 * checked to be the same. Lines are given here as git prints them.
 */

const id = (n: number) => n.toString(16).padStart(40, '0');
const blob = (n: number, path: string) => `blob ${id(n)} ${10 * n} ${path}`;

async function* batches(...lines: string[]): AsyncGenerator<Buffer[]> {
  yield lines.map((l) => Buffer.from(l));
}

/** What the flow asks cat-file to read, id by id. */
function sink(): { out: Writable; asked: string[] } {
  const asked: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) asked.push(line);
      done();
    },
  });
  return { out, asked };
}

describe('BlobFlow', () => {
  test('trees, tags and commits are not queued; a missing object is, in its place', async () => {
    const flow = new BlobFlow({ maxSize: 1 << 20 });
    const { out, asked } = sink();
    await flow.pump(batches(`tree ${id(9)} 40 src`, blob(1, 'src/a.ts'), `tag ${id(8)} 140 v1`, `commit ${id(7)} 200 `, `?${id(6)} missing`), out);
    expect(asked).toEqual([id(1)]);
    flow.answered(Buffer.from('body'));
    expect(flow.ready().items).toEqual([{ kind: 'blob', id: id(1), path: 'src/a.ts', bytes: Buffer.from('body') }, { kind: 'missing', id: id(6) }]);
  });

  test('a second listing passes over the blobs the first listed and goes on from there', async () => {
    const flow = new BlobFlow({ maxSize: 1 << 20 });
    const { out, asked } = sink();
    await flow.pump(batches(blob(1, 'a.ts'), blob(2, 'b.ts')), out);
    flow.relist();
    await flow.pump(batches(`commit ${id(7)} 200 `, `tree ${id(9)} 40 `, blob(1, 'a.ts'), blob(2, 'b.ts'), blob(3, 'c.ts'), `?${id(6)} missing`), out);
    expect(asked).toEqual([id(1), id(2), id(3)]);
    for (const body of ['a', 'b', 'c']) flow.answered(Buffer.from(body));
    expect(flow.ready().items.map((b) => (b.kind === 'missing' ? `missing ${b.id}` : b.path))).toEqual(['a.ts', 'b.ts', 'c.ts', `missing ${id(6)}`]);
  });

  test('a second listing that starts with other blobs fails the stream instead of scanning some twice and others never', async () => {
    const flow = new BlobFlow({ maxSize: 1 << 20 });
    const { out } = sink();
    await flow.pump(batches(blob(1, 'a.ts'), blob(2, 'b.ts')), out);
    flow.relist();
    await expect(flow.pump(batches(blob(2, 'b.ts'), blob(1, 'a.ts'), blob(3, 'c.ts')), out)).rejects.toThrow(GitError);
  });

  test('a first listing that stopped before any blob leaves nothing to pass over', async () => {
    const flow = new BlobFlow({ maxSize: 1 << 20 });
    const { out, asked } = sink();
    await flow.pump(batches(`commit ${id(7)} 200 `), out);
    flow.relist();
    await flow.pump(batches(blob(1, 'a.ts')), out);
    expect(asked).toEqual([id(1)]);
  });
});
