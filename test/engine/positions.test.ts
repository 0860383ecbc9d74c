import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lineBounds, lineOf, positionOf } from '../../src/engine/positions.js';
import { scanText } from '../../src/index.js';
import { fake } from '../../src/rules/fake.js';

describe('lineOf, lineBounds and positionOf', () => {
  const bytes = Buffer.from('ab\r\ncd\n\nef');

  test('count lines from 1, each newline starting the next', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((o) => lineOf(bytes, o))).toEqual([1, 1, 1, 1, 2, 2, 2, 3, 4, 4]);
  });

  test('a line ends before its newline and before a CR in front of it', () => {
    expect(lineBounds(bytes, 1)).toEqual([0, 2]);
    expect(lineBounds(bytes, 2)).toEqual([4, 6]);
    expect(lineBounds(bytes, 3)).toEqual([7, 7]);
    expect(lineBounds(bytes, 4)).toEqual([8, 10]);
  });

  test('columns are 1-based and count UTF-16 code units, not bytes', () => {
    const text = Buffer.from('é€😀x');
    // é is 2 bytes (1 unit), € 3 bytes (1 unit), 😀 4 bytes (2 units).
    expect(positionOf(text, text.indexOf('x'))).toEqual({ line: 1, column: 5 });
  });

  test('an empty buffer and the offset just past the end are on the last line', () => {
    expect(positionOf(Buffer.alloc(0), 0)).toEqual({ line: 1, column: 1 });
    expect(positionOf(bytes, bytes.length)).toEqual({ line: 4, column: 3 });
  });
});

describe('findings point at the key', () => {
  const key = fake.openaiProject();

  test('with CRLF line endings', async () => {
    const [f] = await scanText(`one\r\ntwo\r\n  k = "${key}"\r\nfour\r\n`);
    expect(f).toMatchObject({ line: 3, column: 8, endLine: 3, endColumn: 8 + key.length });
  });

  test('with non-ASCII text before the key on its line', async () => {
    const [f] = await scanText(`# Schlüssel für die Straße 🔑\nconst 鍵 = "${key}" // ключ`);
    expect(f).toMatchObject({ line: 2, column: 12, endColumn: 12 + key.length });
  });

  test('on the last line, without a newline after it', async () => {
    const [f] = await scanText(`a\nb\n${key}`);
    expect(f).toMatchObject({ line: 3, column: 1, endLine: 3, endColumn: 1 + key.length });
  });

  test('on the first byte of the file', async () => {
    const [f] = await scanText(`${key}\n`);
    expect(f).toMatchObject({ line: 1, column: 1 });
  });

  test('after a lone CR, which is not a line break', async () => {
    const [f] = await scanText(`a\rb=${key}`);
    expect(f).toMatchObject({ line: 1, column: 5 });
  });
});

describe('the sparse line index', () => {
  /** Lines and bounds the slow way: split on every newline. */
  function naiveLine(bytes: Buffer, offset: number): number {
    let line = 1;
    for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
    return line;
  }

  test('agrees with counting newlines, on texts with more lines than one stride', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('\n', '\r\n', 'a', 'é', ' '), { maxLength: 600 }), (parts) => {
        const bytes = Buffer.from(parts.join(''));
        for (let offset = 0; offset <= bytes.length; offset += 7) expect(lineOf(bytes, offset)).toBe(naiveLine(bytes, offset));
        const lines = bytes.toString('latin1').split('\n');
        lines.forEach((text, i) => {
          const [start, end] = lineBounds(bytes, i + 1);
          expect(bytes.toString('latin1', start, end)).toBe(text.endsWith('\r') ? text.slice(0, -1) : text);
        });
        expect(lineBounds(bytes, lines.length + 5)).toEqual([bytes.length, bytes.length]);
      }),
      { numRuns: 200 },
    );
  });
});
