/**
 * Every keyword of a rule set found in one pass over the bytes, however many
 * there are: with 80 keywords, one native Buffer#indexOf per keyword cost 80
 * passes over every file (1.8 s on the 99 MB bench corpus, against 0.15 s for
 * this one). It runs in the file reader thread as the prefilter and in the
 * engine to place the regex windows, so the two agree by construction.
 *
 * How: each keyword is filed under one of its 3-byte windows, the rarest (so
 * few positions of real text lead to a check). The pass keeps the last three
 * bytes in a rolling value and looks up a 64 kB table of hashed windows; only
 * where a filed window may end is a keyword compared byte for byte.
 */

import { AREA_BYTES, littleGram, WindowScan } from './window-scan.js';

/** What to search for: a keyword, and whether it is where a key starts (sk_, hf_, ghp_). */
export interface KeywordSpec {
  readonly text: string;
  /**
   * True when every rule with this keyword has the key begin with it, after
   * no key character (or after an escaped \n, \r, \t in a string literal): a
   * hit inside a word (`task_`, `rfc-`) then cannot be the start of a key and
   * is not a hit at all, which keeps short keywords from flooding the engine.
   */
  readonly startsKey: boolean;
}

const GRAM = 3;
/** A slot where windows of several keywords are filed (a window is 24 bits, so never this). */
const MIXED = -2;
const TABLE_BITS = 16;
const hashOf = (gram: number) => Math.imul(gram, 0x9e3779b1) >>> (32 - TABLE_BITS);

/**
 * Bytes that occur often in source text, most frequent first: whitespace,
 * lower-case letters in English order, and the commonest punctuation of code.
 * Any other byte (capitals, digits, `-`...) counts as rarer than all of these.
 */
const COMMON_BYTES = Buffer.from(' \n\t.,;()=_"\'/etaoinsrhldcumfpgwybvkxjqz');
/** The higher, the rarer: the most frequent byte scores 0, a byte not listed the most. */
export const rarity = (byte: number): number => {
  const rank = COMMON_BYTES.indexOf(byte);
  return rank === -1 ? COMMON_BYTES.length : rank;
};

/** A key character: what may not stand before a key that starts with its keyword. */
const KEY_CHAR = new Uint8Array(256);
for (const ch of Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')) KEY_CHAR[ch] = 1;
const BACKSLASH = 0x5c;
const ESCAPE_LETTERS = new Set([0x6e, 0x72, 0x74]); // n r t

/** Whether a key may start at `at`: no key character before it, or an escaped newline or tab. */
export function keyMayStartAt(bytes: Uint8Array, at: number): boolean {
  if (at === 0) return true;
  const before = bytes[at - 1] as number;
  if (KEY_CHAR[before] === 0) return true;
  return at >= 2 && bytes[at - 2] === BACKSLASH && ESCAPE_LETTERS.has(before);
}

interface Filed {
  readonly index: number;
  readonly needle: Buffer;
  /** Where the filed window starts in the needle. */
  readonly gramAt: number;
  /** The window's three bytes, to tell it apart from others that hash alike before the full compare. */
  readonly gram: number;
  readonly startsKey: boolean;
}

const gramAt = (b: Uint8Array, i: number) => ((b[i] as number) << 16) | ((b[i + 1] as number) << 8) | (b[i + 2] as number);

const isLower = (byte: number) => byte >= 0x61 && byte <= 0x7a;

/**
 * The needle's 3-byte window whose bytes are rarest in source text; a window
 * of lower-case letters only comes last, whatever its letters: three letters
 * of a word (`vic` of `"service_account"`) are in many other words.
 */
function rarestWindow(needle: Buffer): number {
  let best = 0;
  let bestScore = -1;
  // Not the last window of a longer keyword: the WebAssembly loop tests the window after the filed one too.
  const windows = needle.length === GRAM ? 1 : needle.length - GRAM;
  for (let j = 0; j < windows; j++) {
    const [a, b, c] = [needle[j] as number, needle[j + 1] as number, needle[j + 2] as number];
    const word = isLower(a) && isLower(b) && isLower(c) ? 0 : 1000;
    const score = word + rarity(a) + rarity(b) + rarity(c);
    if (score > bestScore) {
      best = j;
      bestScore = score;
    }
  }
  return best;
}

export class KeywordSet {
  /**
   * Per slot of hashed windows, 1 + the index in `filed` of the first keyword
   * filed there (0: none): the only lookup most positions pay. The keywords
   * of one slot follow each other through `next`.
   */
  private readonly heads = new Int32Array(1 << TABLE_BITS);
  /** Per slot, the one window filed there (-1: none, MIXED: several), so that a window that only hashes alike costs nothing. */
  private readonly windows = new Int32Array(1 << TABLE_BITS).fill(-1);
  private readonly filed: Filed[] = [];
  private readonly next: number[] = [];
  /** Keywords shorter than a window (a custom rule's `:` say), searched natively one by one. */
  private readonly short: Filed[] = [];
  /** The hot loop in WebAssembly (window-scan.ts), null where it is unavailable or not wanted: then the JS loop below. */
  private readonly wasm: WindowScan | null;
  readonly size: number;
  /** Names the keyword list: hits found by one set are another's only when their keys are equal (see ScanUnit.hits). */
  readonly key: string;

  /** `wasm: false` keeps to the JS loop, which the tests hold to the same results. */
  constructor(keywords: readonly KeywordSpec[], { wasm = true }: { wasm?: boolean } = {}) {
    this.size = keywords.length;
    this.key = keywordsKey(keywords);
    this.wasm = wasm ? WindowScan.create() : null;
    keywords.forEach(({ text, startsKey }, index) => {
      const needle = Buffer.from(text);
      if (needle.length === 0) return;
      if (needle.length < GRAM) {
        this.short.push({ index, needle, gramAt: 0, gram: 0, startsKey });
        return;
      }
      const at = rarestWindow(needle);
      const gram = gramAt(needle, at);
      const slot = hashOf(gram);
      this.filed.push({ index, needle, gramAt: at, gram, startsKey });
      this.next.push((this.heads[slot] as number) - 1);
      this.heads[slot] = this.filed.length;
      const held = this.windows[slot] as number;
      this.windows[slot] = held === -1 || held === gram ? gram : MIXED;
      this.wasm?.file(littleGram(needle, at), needle.length > GRAM ? littleGram(needle, at + 1) : undefined);
    });
  }

  /**
   * Memory of `size` bytes for a reader to read files into, where this set
   * searches them without copying them first (window-scan.ts); undefined
   * without WebAssembly, or past the area's size.
   */
  readArea(size: number): Buffer | undefined {
    return this.wasm && size <= AREA_BYTES ? this.wasm.area().subarray(0, size) : undefined;
  }

  /**
   * Calls `onHit(keyword index, offset)` for every occurrence, in byte order
   * for the windowed keywords (short ones after them); stops early when it
   * returns true.
   */
  search(bytes: Uint8Array, onHit: (index: number, offset: number) => boolean | void): void {
    const stopped = this.wasm ? this.searchWasm(this.wasm, bytes, onHit) : this.searchJs(bytes, onHit);
    if (!stopped) this.searchShort(bytes, onHit);
  }

  /** The windowed keywords, true when onHit said stop. */
  private searchWasm(wasm: WindowScan, bytes: Uint8Array, onHit: (index: number, offset: number) => boolean | void): boolean {
    let stopped = false;
    wasm.forEach(bytes, (start) => {
      const window = gramAt(bytes, start);
      return (stopped = this.check(bytes, start + GRAM - 1, window, (this.heads[hashOf(window)] as number) - 1, onHit));
    });
    return stopped;
  }

  /** The same in JS, for where WebAssembly is unavailable. */
  private searchJs(bytes: Uint8Array, onHit: (index: number, offset: number) => boolean | void): boolean {
    const { heads, windows } = this;
    const n = bytes.length;
    let v = 0;
    // The hot loop: one table read per byte; the rest (rare) in a function of its own, which keeps this one small
    // enough to compile tight (measured 2x faster than with the check inline).
    for (let i = 0; i < n; i++) {
      v = ((v << 8) | (bytes[i] as number)) & 0xffffff;
      const slot = Math.imul(v, 0x9e3779b1) >>> (32 - TABLE_BITS);
      const filed = windows[slot] as number;
      if ((filed === v || filed === MIXED) && this.check(bytes, i, v, (heads[slot] as number) - 1, onHit)) return true;
    }
    return false;
  }

  private searchShort(bytes: Uint8Array, onHit: (index: number, offset: number) => boolean | void): void {
    for (const f of this.short) {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let at = buf.indexOf(f.needle); at !== -1; at = buf.indexOf(f.needle, at + 1)) {
        if (f.startsKey && !keyMayStartAt(bytes, at)) continue;
        if (onHit(f.index, at) === true) return;
      }
    }
  }

  /** The keywords filed in the slot of the window that ends at `i`, compared in full; true when onHit says stop. */
  private check(bytes: Uint8Array, i: number, window: number, first: number, onHit: (index: number, offset: number) => boolean | void): boolean {
    if (i < GRAM - 1) return false;
    for (let k = first; k !== -1; k = this.next[k] as number) {
      const f = this.filed[k] as Filed;
      if (f.gram !== window) continue;
      const start = i - (GRAM - 1) - f.gramAt;
      if (start < 0 || start + f.needle.length > bytes.length || !matchesAt(bytes, f.needle, start)) continue;
      if (f.startsKey && !keyMayStartAt(bytes, start)) continue;
      if (onHit(f.index, start) === true) return true;
    }
    return false;
  }

  /**
   * Every hit, as (keyword index, offset) pairs in search order: what a reader
   * thread finds once, so that the engine need not search the bytes again.
   */
  hits(bytes: Uint8Array): Int32Array {
    const found: number[] = [];
    this.search(bytes, (index, at) => {
      found.push(index, at);
    });
    return Int32Array.from(found);
  }

  /** Whether any keyword occurs. */
  has(bytes: Uint8Array): boolean {
    let found = false;
    this.search(bytes, () => (found = true));
    return found;
  }
}

function matchesAt(bytes: Uint8Array, needle: Buffer, start: number): boolean {
  for (let k = 0; k < needle.length; k++) if (bytes[start + k] !== needle[k]) return false;
  return true;
}

/** The key of a keyword list (KeywordSet.key). */
export const keywordsKey = (keywords: readonly KeywordSpec[]): string => keywords.map((k) => `${k.startsKey ? 1 : 0}${k.text}`).join('\0');
