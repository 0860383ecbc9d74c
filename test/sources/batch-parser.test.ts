import { describe, expect, test } from 'vitest';
import { BatchParser, idAndSize, type BatchAnswer, type BatchHeader } from '../../src/sources/batch-parser.js';

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

  test('a body its header does not want is passed over, cut anywhere, and each header is read once however the output is cut', () => {
    const all = batchOutput(objects);
    // Odd objects unwanted: their bodies never reach the answers, and the headers after them are read as headers.
    const wanted = objects.filter((_, i) => i % 2 === 0);
    for (let cut = 0; cut <= all.length; cut++) {
      const answers: BatchAnswer[] = [];
      let read = 0;
      const parser = new BatchParser(
        (a) => answers.push(a === undefined ? undefined : Buffer.from(a)),
        (line): BatchHeader => {
          read++;
          return { ...idAndSize(line), wanted: Number.parseInt(line.toString('latin1', 0, 40), 16) % 2 === 0 };
        },
      );
      parser.push(all.subarray(0, cut));
      parser.push(all.subarray(cut));
      expect(parser.idle, `cut ${cut}`).toBe(true);
      expect(read, `cut ${cut}`).toBe(objects.length);
      expect(answers, `cut ${cut}`).toEqual(wanted);
    }
  });

  test('a header that says stop ends the parse after its own object: nothing after it is read', () => {
    const answers: BatchAnswer[] = [];
    let read = 0;
    const parser = new BatchParser(
      (a) => answers.push(a),
      (line) => {
        read++;
        return { ...idAndSize(line), stop: read === 2 };
      },
    );
    parser.push(batchOutput(objects));
    expect(parser.hasStopped).toBe(true);
    expect(read).toBe(2);
    expect(answers).toEqual(objects.slice(0, 2));
  });
});
