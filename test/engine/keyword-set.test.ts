import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { KeywordSet as Search, keyMayStartAt, type KeywordSpec } from '../../src/engine/keyword-set.js';
import { keywordsOf } from '../../src/engine/keywords.js';
import { builtinRules } from '../../src/rules/index.js';
import { CHUNK, littleGram, wasmAvailable, WindowScan } from '../../src/engine/window-scan.js';

/** What the one-pass search must agree with: a native search per keyword, the boundary checked the same way. */
function naive(bytes: Buffer, specs: readonly KeywordSpec[]): [number, number][] {
  const hits: [number, number][] = [];
  specs.forEach(({ text, startsKey }, index) => {
    const needle = Buffer.from(text);
    if (needle.length === 0) return;
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) {
      if (!startsKey || keyMayStartAt(bytes, at)) hits.push([index, at]);
    }
  });
  return hits.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

function all(set: Search, bytes: Buffer): [number, number][] {
  const hits: [number, number][] = [];
  set.search(bytes, (index, at) => void hits.push([index, at]));
  return hits.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

test('Node has WebAssembly, so the tests below hold its loop to the JS one', () => {
  expect(wasmAvailable()).toBe(true);
});

const spec = (text: string, startsKey = false): KeywordSpec => ({ text, startsKey });

// Both loops, the WebAssembly one and the JS fallback, must give the very same hits.
describe.each([{ wasm: true }, { wasm: false }])('the one-pass keyword search (%o)', (options) => {
  class KeywordSet extends Search {
    constructor(specs: readonly KeywordSpec[]) {
      super(specs, options);
    }
  }

  test('finds keywords at the first and last byte, overlapping and back to back', () => {
    const set = new KeywordSet([spec('abc'), spec('bcd'), spec('cdcd'), spec('T3Blbk')]);
    const bytes = Buffer.from('abcdcdcd T3BlbkT3Blbk abc');
    expect(all(set, bytes)).toEqual(naive(bytes, [spec('abc'), spec('bcd'), spec('cdcd'), spec('T3Blbk')]));
    expect(all(set, bytes).map(([, at]) => at)).toEqual([0, 1, 2, 4, 9, 15, 22]);
  });

  test('a keyword that starts a key is no hit inside a word, but is one after an escaped newline', () => {
    const set = new KeywordSet([spec('sk_', true)]);
    const hits = (t: string) => all(set, Buffer.from(t)).map(([, at]) => at);
    expect(hits('task_list disk_size')).toEqual([]);
    expect(hits('k = "sk_1" sk_2')).toEqual([5, 11]);
    expect(hits('"line\\nsk_3"')).toEqual([7]);
    expect(hits('-sk_ 9sk_ _sk_')).toEqual([]);
  });

  test('keywords shorter than its window are found too', () => {
    const set = new KeywordSet([spec(':'), spec('ab'), spec('xyz')]);
    expect(all(set, Buffer.from('ab:xyz:'))).toEqual([
      [1, 0],
      [0, 2],
      [2, 3],
      [0, 6],
    ]);
  });

  test('finds keywords across the boundaries of the chunks the WebAssembly loop reads', () => {
    const specs = [spec('abc'), spec('T3Blbk'), spec('sk_', true)];
    const set = new KeywordSet(specs);
    const bytes = Buffer.alloc(2 * CHUNK + 5, 'x');
    // Every offset near the ends of the first two chunks (which overlap by three bytes: a window is tested with the one
    // after it), and the file's last bytes.
    const ends = [CHUNK - 3, 2 * CHUNK - 6];
    for (const at of [...ends.flatMap((end) => [-6, -5, -4, -3, -2, -1, 0, 1, 2].map((d) => end + d)), bytes.length - 6]) {
      for (const text of ['abc', 'T3Blbk', ' sk_']) {
        bytes.fill('x').write(text, at);
        const hits = all(set, bytes);
        expect(hits).toEqual(naive(bytes, specs));
        expect(hits).toHaveLength(1);
      }
    }
  });

  test('has() stops at the first hit and says no for none', () => {
    const set = new KeywordSet(keywordsOf(builtinRules));
    expect(set.has(Buffer.from('nothing to see here, task_list'))).toBe(false);
    expect(set.has(Buffer.from('x = "-----BEGIN RSA PRIVATE KEY-----"'))).toBe(true);
  });

  test('agrees with a native search per keyword on random text and random keyword sets', () => {
    const alphabet = fc.constantFrom(...'abcAB_-:\n\\ns'.split(''));
    const word = fc.array(alphabet, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: word, startsKey: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.array(alphabet, { maxLength: 400 }).map((a) => a.join('')),
        (specs, text) => {
          const bytes = Buffer.from(text);
          expect(all(new KeywordSet(specs), bytes)).toEqual(naive(bytes, specs));
        },
      ),
      { numRuns: 500 },
    );
  });

  test('agrees with a native search for the built-in keywords on text full of their pieces', () => {
    const specs = keywordsOf(builtinRules);
    const pieces = specs.flatMap((s) => [s.text, s.text.slice(1), s.text.slice(0, -1)]);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.constantFrom(' ', 'x', '_', '\\n', '"')), { maxLength: 80 }), (parts) => {
        const bytes = Buffer.from(parts.join(''));
        expect(all(new KeywordSet(specs), bytes)).toEqual(naive(bytes, specs));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the read area: files read into the search memory are searched where they lie', () => {
  test('each file of an area finds what a copy of it finds, and nothing of the file after it', () => {
    const specs = [spec('ghp_', true), spec('T3BlbkFJ'), spec('AKIA', true)];
    const set = new Search(specs);
    const area = set.readArea(1 << 16);
    expect(area).toBeDefined();
    if (!area) return;
    // Back to back as a reader lays them out: a keyword split across two files belongs to neither.
    const files = ['x = ghp_abc', 'T3Blbk', 'FJ and AKIA', 'gh', 'p_ at the start of the next', 'ends with AKIA'].map((t) => Buffer.from(t));
    let at = 0;
    const views = files.map((f) => {
      f.copy(area, at);
      const view = area.subarray(at, at + f.length);
      at += f.length;
      return view;
    });
    // The byte after the last file is not part of it: a window's load reads it, and must drop it.
    area[at] = 0x5f;
    for (const [i, view] of views.entries()) expect(all(set, view)).toEqual(naive(Buffer.from(files[i] as Buffer), specs));
    expect(all(set, views[1] as Buffer)).toEqual([]);
    expect(all(set, views[5] as Buffer)).toEqual([[2, 10]]);
  });

  test('is offered only up to its size, and not without WebAssembly', () => {
    expect(new Search([spec('ghp_')]).readArea(1 << 30)).toBeUndefined();
    expect(new Search([spec('ghp_')], { wasm: false }).readArea(1024)).toBeUndefined();
  });
});

describe('offsets and overlaps, copied into the search memory or read into its area', () => {
  const specs = [spec('r8_'), spec('gsk_'), spec('tvly-'), spec('sk-lf-'), spec('aaa'), spec('xyxy')];
  const set = new Search(specs);
  const area = set.readArea(1 << 12);

  test('each keyword is found at every offset, odd or even, up to the last byte', () => {
    for (const { text } of specs) {
      for (let at = 0; at < 8; at++) {
        for (const after of ['', ' ', 'aa']) {
          const bytes = Buffer.from(`${'.'.repeat(at)}${text}${after}`);
          const expected = naive(bytes, specs);
          expect(all(set, bytes)).toEqual(expected);
          if (!area) continue;
          // Read into the area at an odd address too: offsets count from the file's start.
          bytes.copy(area, 1);
          expect(all(set, area.subarray(1, 1 + bytes.length))).toEqual(expected);
        }
      }
    }
  });

  test('reports each occurrence once, overlapping ones included', () => {
    const bytes = Buffer.from('aaaaaaa xyxyxyxy r8_r8_');
    expect(all(set, bytes)).toEqual(naive(bytes, specs));
  });
});

describe('the WebAssembly loop tests a keyword\'s window with the one after it', () => {
  const candidates = (scan: WindowScan, text: string) => {
    const found: number[] = [];
    scan.forEach(Buffer.from(text), (at) => {
      found.push(at);
      return false;
    });
    return found;
  };
  const gram = (text: string) => littleGram(Buffer.from(text), 0);

  test('a position is a candidate only with both windows, or with a 3-byte keyword\'s window alone', () => {
    const scan = WindowScan.create();
    expect(scan).not.toBeNull();
    if (!scan) return;
    // mistral filed under `mis` then `ist`: "promise" has the first, not the second.
    scan.file(gram('mis'), gram('ist'));
    // sk_ is its only window.
    scan.file(gram('sk_'));
    expect(candidates(scan, 'a promise, a mistral')).toEqual([13]);
    expect(candidates(scan, 'task_list sk_live')).toEqual([2, 10]);
    // Each in a chunk's last bytes and across a chunk boundary.
    const long = Buffer.alloc(CHUNK + 20, 'x');
    long.write('mistral', CHUNK - 5);
    const at: number[] = [];
    scan.forEach(long, (p) => {
      at.push(p);
      return false;
    });
    expect(at).toEqual([CHUNK - 5]);
  });
});
