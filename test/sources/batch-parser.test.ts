import { describe, expect, test } from 'vitest';
import { BatchParser, type BatchAnswer } from '../../src/sources/batch-parser.js';

/** What `git cat-file --batch='%(objectname) %(objectsize)'` prints for these objects (undefined: missing). */
function batchOutput(objects: readonly (Buffer | undefined)[]): Buffer {
  return Buffer.concat(
    objects.map((o, i) => {
      const id = i.toString(16).padStart(40, '0');
      return o ? Buffer.concat([Buffer.from(`${id} ${o.length}\n`), o, Buffer.from('\n')]) : Buffer.from(`${id} missing\n`);
    }),
  );
}

function parse(chunks: readonly Buffer[]): BatchAnswer[] {
  const answers: BatchAnswer[] = [];
  const parser = new BatchParser((a) => answers.push(a === undefined ? undefined : Buffer.from(a)));
  for (const c of chunks) parser.push(c);
  expect(parser.idle).toBe(true);
  return answers;
}

// Bodies with newlines, an empty one, one that looks like a header, and a missing object between them.
const objects = [Buffer.from('line one\nline two\n'), Buffer.alloc(0), undefined, Buffer.from('0000 12\nfake header\n'), Buffer.alloc(300, 0x61), Buffer.from('x')];

describe('BatchParser', () => {
  test('whole output in one chunk', () => {
    expect(parse([batchOutput(objects)])).toEqual(objects);
  });

  test('cut at every offset into two chunks, the answers are the same', () => {
    const all = batchOutput(objects);
    for (let cut = 1; cut < all.length; cut++) expect(parse([all.subarray(0, cut), all.subarray(cut)])).toEqual(objects);
  });

  test('one byte at a time', () => {
    const all = batchOutput(objects);
    expect(parse([...all].map((b) => Buffer.from([b])))).toEqual(objects);
  });

  test('a body inside one chunk is a view of it, not a copy', () => {
    const all = batchOutput([Buffer.from('hello')]);
    let answer: BatchAnswer;
    new BatchParser((a) => (answer = a)).push(all);
    expect(answer?.buffer).toBe(all.buffer);
  });

  test('output that is not cat-file batch output is an error, not a wrong answer', () => {
    expect(() => new BatchParser(() => undefined).push(Buffer.from('garbage line here\n'))).toThrow(/unexpected output from git cat-file/);
  });
});
