/**
 * The keyword search's hot loop (keyword-set.ts) as a WebAssembly function:
 * in JS the loop costs about 2 ns a byte (210 ms for the 99 MB bench corpus);
 * here about 0.8 ns, the copy into the module's memory included. It reads
 * each window as one unaligned 32-bit load (no rolling value, so iterations
 * do not wait on each other) and tests that window's own bit in a bitmap of
 * every 3-byte window (2^24 bits, 2 MB): no hash, no table, and a bit is set
 * only where a keyword's window is, so a candidate is always one. (A 64K-slot
 * hashed bitmap with a table to tell windows that only hash alike cost 1.7x
 * more: 136 ms against 75-83 ms for the bench corpus's 99 MB, one thread.)
 * The module is a few dozen instructions, encoded here by hand: no toolchain,
 * no binary file.
 *
 * Memory layout: three bitmaps (2 MB each; only their pages with a bit set are ever
 * written, and untouched pages cost no memory), then a chunk of the file's
 * bytes (1 MB), then the read area (4 MB). A file is copied in and scanned a
 * chunk at a time, so the memory stays fixed whatever the file's size (WASM
 * memory never shrinks: sized for the largest file it would keep 10 MB for
 * good). A reader thread reads its files into the read area (`area`) instead,
 * and they are scanned where they lie, with no copy: the copy had been a
 * sixth of the search's time. The memory never grows, so views of it stay valid.
 *
 * Windows are keyed here in little-endian byte order (what the load gives),
 * so the caller files `littleGram`s; it maps a hit back to the big-endian
 * window of its own table.
 */

/** One bit per 3-byte window. */
const BITMAP_BYTES = (1 << 24) / 8;
/**
 * Three bitmaps: FIRST, the window each keyword is filed under (the only one
 * the hot loop reads); ALONE, those of keywords that are that window and no
 * more (three bytes); NEXT, the window after a longer keyword's filed one. A
 * position whose window is in FIRST is a candidate only when it is in ALONE
 * or the window after it is in NEXT: `mis` of mistral alone matched every
 * "promise" (67,000 candidates on the npm tree, each a call into JS), `mis`
 * then `ist` does not.
 */
const ALONE = BITMAP_BYTES;
const NEXT = 2 * BITMAP_BYTES;
/** Where the file's bytes start: after the bitmaps. */
const DATA = 3 * BITMAP_BYTES;
const PAGE = 65536;
/** A chunk of file bytes; eight bytes short of its pages: the last window's 4-byte loads (its own and the next one's) read up to two past the chunk. */
export const CHUNK = 16 * PAGE - 8;
/** Where the read area starts, after the chunk's pages, and its size: the reader threads' read budget (read-pool.ts). */
const AREA = DATA + 16 * PAGE;
export const AREA_BYTES = 4 * 1024 * 1024;
/** Eight bytes past the area, for the last window's load. */
const PAGES = Math.ceil((AREA + AREA_BYTES + 8) / PAGE);

/** The three bytes starting at `i` as the 32-bit load of the module sees them, top byte dropped. */
export const littleGram = (b: Uint8Array, i: number) => (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16);

/** Signed LEB128, the encoding of i32.const operands. */
function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

// The opcodes used (WebAssembly core spec, section 5.4).
const [BLOCK, LOOP, IF, END, BR, BR_IF, RETURN] = [0x02, 0x03, 0x04, 0x0b, 0x0c, 0x0d, 0x0f];
const [GET, SET, TEE] = [0x20, 0x21, 0x22];
const [LOAD, LOAD8_U, CONST, GT_U, GE_U, ADD, AND, SHR_U] = [0x28, 0x2d, 0x41, 0x4b, 0x4f, 0x6a, 0x71, 0x76];
const VOID = 0x40;
const I32 = 0x7f;
const [P, LAST, V, W] = [0, 1, 2, 3];

/** The bit of the window in local `local` in the bitmap at `at` (on the stack: 0 or 1). */
// prettier-ignore
const bitOf = (local: number, at: number) => [
  GET, local, CONST, 3, SHR_U, LOAD8_U, 0, ...uleb(at), GET, local, CONST, 7, AND, SHR_U, CONST, 1, AND,
];

/** One position, the window at p + k: its bit in FIRST, then (rarely) in ALONE, or the next window's in NEXT. */
// prettier-ignore
const step = (k: number) => [
  GET, P, LOAD, 0, ...uleb(k), CONST, ...sleb(0xffffff), AND, TEE, V,
  ...bitOf(V, 0),
  IF, VOID,
  ...bitOf(V, ALONE),
  IF, VOID, GET, P, CONST, ...sleb(k), ADD, RETURN, END,
  GET, P, LOAD, 0, ...uleb(k + 1), CONST, ...sleb(0xffffff), AND, SET, W,
  ...bitOf(W, NEXT),
  IF, VOID, GET, P, CONST, ...sleb(k), ADD, RETURN, END,
  END,
];

/**
 * scan(p, last): the first p in [p, last) whose window (the three bytes at p)
 * is filed, alone or with the window after it; -1 when none. Four windows a turn, which halves the loop's own
 * cost, then one a turn for the rest.
 */
// prettier-ignore
const body = [
  1, 2, I32, // two locals: v (the window), w (the one after it)
  BLOCK, VOID, LOOP, VOID,
  GET, P, CONST, 4, ADD, GET, LAST, GT_U, BR_IF, 1,
  ...step(0), ...step(1), ...step(2), ...step(3),
  GET, P, CONST, 4, ADD, SET, P, BR, 0,
  END, END,
  BLOCK, VOID, LOOP, VOID,
  GET, P, GET, LAST, GE_U, BR_IF, 1,
  ...step(0),
  GET, P, CONST, 1, ADD, SET, P, BR, 0,
  END, END,
  CONST, ...sleb(-1),
  END,
];

const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const name = (s: string) => [s.length, ...Buffer.from(s)];
function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    const byte = value & 0x7f;
    value >>>= 7;
    out.push(value === 0 ? byte : byte | 0x80);
  } while (value !== 0);
  return out;
}

// prettier-ignore
const moduleBytes = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // magic, version 1
  ...section(1, [1, 0x60, 2, I32, I32, 1, I32]), // type 0: (i32, i32) -> i32
  ...section(3, [1, 0]), // function 0 has type 0
  ...section(5, [1, 0, ...uleb(PAGES)]), // one memory, PAGES pages, no maximum
  ...section(7, [2, ...name('scan'), 0, 0, ...name('memory'), 2, 0]), // exports
  ...section(10, [1, ...uleb(body.length), ...body]),
]);

// What of WebAssembly this uses: the project's libs (ES2022, no DOM) and @types/node 20 do not declare it.
interface WasmModule {
  readonly kind: 'wasm module';
}
interface WasmExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly scan: (p: number, last: number) => number;
}
declare const WebAssembly:
  | {
      Module: new (bytes: Uint8Array) => WasmModule;
      Instance: new (module: WasmModule) => { readonly exports: WasmExports };
    }
  | undefined;

let compiled: WasmModule | null | undefined;
/** The compiled module, or null where WebAssembly is missing or refuses it (the caller then stays in JS). */
function module(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(moduleBytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export const wasmAvailable = (): boolean => module() !== null;

/** One search's instance: its own bitmap, filled once by the caller through `file`. */
export class WindowScan {
  private readonly bits: Uint8Array;
  private readonly bytes: Uint8Array;
  private readonly memory: ArrayBuffer;
  private readonly scan: (p: number, last: number) => number;

  private constructor({ memory, scan }: WasmExports) {
    this.scan = scan;
    this.memory = memory.buffer;
    this.bits = new Uint8Array(memory.buffer, 0, DATA);
    this.bytes = new Uint8Array(memory.buffer, DATA, CHUNK + 8);
  }

  /** The read area (AREA_BYTES), for a reader to read files into: bytes there are scanned in place. */
  area(): Buffer {
    return Buffer.from(this.memory, AREA, AREA_BYTES);
  }

  static create(): WindowScan | null {
    const mod = module();
    return mod && WebAssembly ? new WindowScan(new WebAssembly.Instance(mod).exports) : null;
  }

  /**
   * Files a keyword's window (a `littleGram`): alone (a 3-byte keyword), or
   * with the window after it in the keyword (`next`), so that only a position
   * with both is a candidate.
   */
  file(gram: number, next?: number): void {
    this.set(0, gram);
    if (next === undefined) this.set(ALONE, gram);
    else this.set(NEXT, next);
  }

  private set(bitmap: number, gram: number): void {
    const at = bitmap + (gram >>> 3);
    this.bits[at] = (this.bits[at] as number) | (1 << (gram & 7));
  }

  /**
   * Calls `onCandidate(start)` for each window start where a keyword's
   * window is, in order; stops when it returns true.
   */
  forEach(src: Uint8Array, onCandidate: (start: number) => boolean): void {
    if (src.buffer === this.memory && src.byteOffset >= AREA) {
      const from = src.byteOffset;
      // A window's load reads past the file's end, into the next file's bytes or the area's slack: masked off.
      const last = from + src.length - 2;
      for (let p = this.scan(from, last); p !== -1; p = this.scan(p + 1, last)) if (onCandidate(p - from)) return;
      return;
    }
    // A window is tested with the one after it: a chunk that is not the last tests its windows up to where that one
    // would run past it, and the next chunk starts there (they overlap by three bytes).
    for (let base = 0; base + 2 < src.length; base += CHUNK - 3) {
      const length = Math.min(CHUNK, src.length - base);
      const final = base + length >= src.length;
      this.bytes.set(src.subarray(base, base + length));
      const last = DATA + length - (final ? 2 : 3);
      for (let p = this.scan(DATA, last); p !== -1; p = this.scan(p + 1, last)) {
        if (onCandidate(base + p - DATA)) return;
      }
      if (final) return;
    }
  }
}
