import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readBatchSync, Scratch, type FileItem, type FileToRead } from '../../src/sources/read.js';
import { tempDir } from '../support/repo.js';

/**
 * The reader threads' batch read (src/sources/read.ts): it must decide every
 * file exactly as the one-file reader does (scan, skip with a reason, or leave
 * out), while it opens each file once without following links and reads a
 * whole batch into one allocation.
 */
const MAX = 1000;

function folder(files: Record<string, string | Buffer>): { dir: string; list: (...names: string[]) => FileToRead[] } {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return { dir, list: (...names) => names.map((n) => ({ absolute: path.join(dir, n), display: n })) };
}

const byPath = (items: readonly FileItem[]) =>
  Object.fromEntries(items.map((i) => [i.path, 'skipped' in i ? `skipped ${i.skipped}${i.detail ? ` (${i.detail})` : ''}` : i.bytes.toString('utf8')]));

describe('readBatchSync', () => {
  test('text files come back whole; binary, oversized and missing files as the one-file reader decides', () => {
    const { list } = folder({
      'a.ts': 'const a = 1;\n',
      'empty.txt': '',
      'sub/b.md': '# b\n',
      'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'big.log': 'x'.repeat(MAX + 1),
    });
    const { items, consumed } = readBatchSync(list('a.ts', 'empty.txt', 'sub/b.md', 'image.png', 'big.log', 'gone.ts'), MAX, 1 << 20);
    expect(consumed).toBe(6);
    expect(byPath(items)).toEqual({
      'a.ts': 'const a = 1;\n',
      'empty.txt': '',
      'sub/b.md': '# b\n',
      'image.png': 'skipped binary',
      'big.log': `skipped too-large (${MAX + 1} bytes)`,
    });
  });

  test('a symbolic link and a FIFO are skipped and said so, a folder is not a file (and a FIFO does not hang the read)', () => {
    const outside = folder({ 'secret.ts': 'outside the tree\n' });
    const { dir, list } = folder({ 'real.ts': 'inside\n', 'folder/x.ts': 'x\n' });
    symlinkSync(path.join(outside.dir, 'secret.ts'), path.join(dir, 'link.ts'));
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const { items } = readBatchSync(list('link.ts', 'folder', 'pipe', 'real.ts'), MAX, 1 << 20);
    expect(byPath(items)).toEqual({ 'real.ts': 'inside\n', 'link.ts': 'skipped symlink', pipe: 'skipped fifo' });
  });

  test('a batch holds the files that fit in the budget, and says how far it got', () => {
    const { list } = folder({ '1.txt': 'a'.repeat(60), '2.txt': 'b'.repeat(60), '3.txt': 'c'.repeat(60) });
    const files = list('1.txt', '2.txt', '3.txt');
    // 120 bytes fit in 150; the third file would take the batch past it, so it waits for the next batch.
    const first = readBatchSync(files, MAX, 150);
    expect(first.consumed).toBe(2);
    expect(byPath(first.items)).toEqual({ '1.txt': 'a'.repeat(60), '2.txt': 'b'.repeat(60) });
    const rest = readBatchSync(files.slice(first.consumed), MAX, 150);
    expect(rest.consumed).toBe(1);
    expect(byPath(rest.items)).toEqual({ '3.txt': 'c'.repeat(60) });
  });

  test('a file larger than the budget is read alone, into memory kept for the next such file; the budget-sized memory is reused', () => {
    const { list } = folder({ 'small.txt': 's'.repeat(40), 'large.txt': 'L'.repeat(500), 'after.txt': 'z'.repeat(40), 'less.txt': 'l'.repeat(300), 'more.txt': 'M'.repeat(700) });
    const files = list('small.txt', 'large.txt', 'after.txt', 'less.txt', 'more.txt');
    const scratch = new Scratch(100);
    const reads = [];
    const contents: Record<string, string>[] = [];
    for (let done = 0; done < files.length; ) {
      const read = readBatchSync(files.slice(done), MAX, 100, scratch);
      // Read now: the next read may reuse the memory.
      contents.push(byPath(read.items));
      reads.push(read);
      done += read.consumed;
    }
    expect(contents).toEqual([{ 'small.txt': 's'.repeat(40) }, { 'large.txt': 'L'.repeat(500) }, { 'after.txt': 'z'.repeat(40) }, { 'less.txt': 'l'.repeat(300) }, { 'more.txt': 'M'.repeat(700) }]);
    const [small, large, after, less, more] = reads.map((r) => r.memory.buffer);
    // The small files share the budget's memory; the 300-byte file reuses the 500-byte one's; only a larger file replaces it.
    expect(after).toBe(small);
    expect(less).toBe(large);
    expect(more).not.toBe(large);
    expect(reads[4]?.memory.length).toBe(700);
  });

  test('a FIFO that a writer holds open (a read would wait: EAGAIN) is skipped as a FIFO too', () => {
    const { dir, list } = folder({ 'real.ts': 'inside\n' });
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    // Opened for reading and writing, the FIFO has a writer and no data: a non-blocking read fails with EAGAIN.
    const writer = openSync(path.join(dir, 'pipe'), constants.O_RDWR | constants.O_NONBLOCK);
    try {
      const { items } = readBatchSync(list('pipe', 'real.ts'), MAX, 1 << 20);
      expect(byPath(items)).toEqual({ pipe: 'skipped fifo', 'real.ts': 'inside\n' });
    } finally {
      closeSync(writer);
    }
  });

  test('files are read without their sizes: one that fills the budget exactly, empty ones before a large one, one past the size cap', () => {
    const { list } = folder({ 'exact.txt': 'e'.repeat(100), 'empty.txt': '', 'large.txt': 'L'.repeat(250), 'after.txt': 'a', 'capped.txt': 'c'.repeat(MAX + 1) });
    const files = list('exact.txt', 'empty.txt', 'large.txt', 'after.txt', 'capped.txt');
    const scratch = new Scratch(100);
    const contents: Record<string, string>[] = [];
    const consumed: number[] = [];
    for (let done = 0; done < files.length; ) {
      const read = readBatchSync(files.slice(done), MAX, 100, scratch);
      contents.push(byPath(read.items));
      consumed.push(read.consumed);
      done += read.consumed;
    }
    // 100 bytes fill the budget: the batch ends there. The empty file goes with the large one, read alone after it.
    expect(contents).toEqual([{ 'exact.txt': 'e'.repeat(100) }, { 'empty.txt': '', 'large.txt': 'L'.repeat(250) }, { 'after.txt': 'a', 'capped.txt': `skipped too-large (${MAX + 1} bytes)` }]);
    expect(consumed).toEqual([1, 2, 2]);
  });

  test('without a scratch, each batch gets memory of its own, the size of what it read', () => {
    const { list } = folder({ 'a.txt': 'a'.repeat(30), 'b.txt': 'b'.repeat(20) });
    const first = readBatchSync(list('a.txt', 'b.txt'), MAX, 1000);
    const second = readBatchSync(list('b.txt'), MAX, 1000);
    expect(first.memory.length).toBe(50);
    expect(second.memory.buffer).not.toBe(first.memory.buffer);
    expect(byPath(first.items)).toEqual({ 'a.txt': 'a'.repeat(30), 'b.txt': 'b'.repeat(20) });
  });
});
