import { describe, expect, test } from 'vitest';
import { parseAddedLines, parseRaw } from '../../src/sources/diff.js';
import { splitNul } from '../../src/sources/git.js';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('parseRaw', () => {
  test('reads one path for A/M/T and the destination path for R and C', () => {
    const raw = [
      `:000000 100644 ${Z} ${A} A`, 'new file.ts',
      `:100644 100644 ${A} ${B} M`, 'dir/changed\nname.ts',
      `:100644 100644 ${A} ${B} R087`, 'old.ts', 'new.ts',
      `:100644 100644 ${A} ${B} C100`, 'src.ts', 'copy.ts',
      `:120000 100644 ${A} ${B} T`, '-dash *.ts',
    ].join('\0') + '\0';
    expect(parseRaw(splitNul(Buffer.from(raw)))).toEqual([
      { srcMode: '000000', dstMode: '100644', dstId: A, status: 'A', path: 'new file.ts' },
      { srcMode: '100644', dstMode: '100644', dstId: B, status: 'M', path: 'dir/changed\nname.ts' },
      { srcMode: '100644', dstMode: '100644', dstId: B, status: 'R', path: 'new.ts', srcPath: 'old.ts' },
      { srcMode: '100644', dstMode: '100644', dstId: B, status: 'C', path: 'copy.ts', srcPath: 'src.ts' },
      { srcMode: '120000', dstMode: '100644', dstId: B, status: 'T', path: '-dash *.ts' },
    ]);
  });

  test('a path that starts with a colon is a path, not a record', () => {
    const raw = [`:000000 100644 ${Z} ${A} A`, ':colon.ts', `:000000 100644 ${Z} ${B} A`, 'b.ts'];
    expect(parseRaw(raw).map((e) => e.path)).toEqual([':colon.ts', 'b.ts']);
  });

  test('nothing staged is no entries', () => {
    expect(parseRaw(splitNul(Buffer.alloc(0)))).toEqual([]);
  });
});

describe('parseAddedLines', () => {
  test('collects the added ranges of each file, in order, from a -U0 patch', () => {
    const patch = [
      'diff --git a/a.ts b/a.ts',
      'index 1111111..2222222 100644',
      '--- a/a.ts',
      '+++ b/a.ts',
      '@@ -2 +2 @@ first',
      '-old',
      '+new',
      '@@ -10,0 +11,3 @@',
      '+x',
      '+y',
      '+z',
      '@@ -20,2 +22,0 @@',
      '-gone',
      '-gone',
      'diff --git "a/q\\"uote\\nd.ts" "b/q\\"uote\\nd.ts"',
      'similarity index 100%',
      'rename from "q\\"uote\\nd.ts"',
      'rename to "q\\"uote\\nd.ts"',
      'diff --git a/c.ts b/c.ts',
      '--- a/c.ts',
      '+++ b/c.ts',
      '@@ -1 +1,2 @@',
      '+diff --git a/fake b/fake',
      '+@@ -1 +99,9 @@',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    expect(parseAddedLines(patch)).toEqual([
      [
        [2, 2],
        [11, 13],
      ],
      [],
      [[1, 2]],
    ]);
  });

  test('a file git printed as binary has unknown added lines, not none', () => {
    const patch = [
      'diff --git a/deps.lock b/deps.lock',
      'index 1111111..2222222 100644',
      'Binary files a/deps.lock and b/deps.lock differ',
      'diff --git a/b.ts b/b.ts',
      '@@ -0,0 +1 @@',
      '+x',
      '',
    ].join('\n');
    expect(parseAddedLines(patch)).toEqual([undefined, [[1, 1]]]);
  });

  test('an empty patch has no files', () => {
    expect(parseAddedLines('')).toEqual([]);
  });
});
