import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readBatchSync, type FileItem, type FileToRead } from '../../src/sources/read.js';
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

  test('a batch stops once the sizes it opened reach the budget, and says how far it got', () => {
    const { list } = folder({ '1.txt': 'a'.repeat(100), '2.txt': 'b'.repeat(100), '3.txt': 'c'.repeat(100) });
    const first = readBatchSync(list('1.txt', '2.txt', '3.txt'), MAX, 150);
    expect(first.consumed).toBe(2);
    expect(byPath(first.items)).toEqual({ '1.txt': 'a'.repeat(100), '2.txt': 'b'.repeat(100) });
    const rest = readBatchSync(list('1.txt', '2.txt', '3.txt').slice(first.consumed), MAX, 150);
    expect(rest.consumed).toBe(1);
    expect(byPath(rest.items)).toEqual({ '3.txt': 'c'.repeat(100) });
  });
});
