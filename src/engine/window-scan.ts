/**
 * The keyword search's hot loop (keyword-set.ts) as a WebAssembly function:
 * in JS the loop costs about 2 ns a byte (210 ms for the 99 MB bench corpus);
 * here 0.85 ns, the copy into the module's memory included (86 ms). It reads
 * each window as one unaligned 32-bit load (no rolling value, so iterations
 * do not wait on each other) and tests a bitmap that stays in L1 cache. The
 * module is a few dozen instructions, encoded here by hand: no toolchain, no
 * binary file.
 *
 * Memory layout: a bit per slot (8 kB), the 64K-slot table of windows
 * (256 kB), then a chunk of the file's bytes (1 MB). A file is scanned a
 * chunk at a time, so the memory stays at a fixed 1.3 MB per search whatever
 * the file's size (WASM memory never shrinks: sized for the largest file it
 * would keep 10 MB for good).
 *
 * Windows are keyed here in little-endian byte order (what the load gives),
 * so the caller fills the table with `littleGram`s; it maps a hit back to the
 * big-endian window of its own table.
 */

const TABLE_BITS = 16;
/** One bit per slot: whether anything is filed there. */
const BITMAP_BYTES = (1 << TABLE_BITS) / 8;
/** Where the file's bytes start: after the bitmap and the table. */
const DATA = BITMAP_BYTES + (4 << TABLE_BITS);
const PAGE = 65536;
/** A chunk of file bytes; one byte short of its pages, as the last window's 4-byte load reads one past the chunk. */
export const CHUNK = 16 * PAGE - 8;
const PAGES = Math.ceil(DATA / PAGE) + 16;
const MIXED = -2;
const HASH = 0x9e3779b1 | 0;

/** The three bytes starting at `i` as the 32-bit load of the module sees them, top byte dropped. */
export const littleGram = (b: Uint8Array, i: number) => (b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16);
const slotOf = (gram: number) => Math.imul(gram, HASH) >>> (32 - TABLE_BITS);

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
const [LOAD, LOAD8_U, CONST, EQ, GT_U, GE_U, ADD, MUL, AND, OR, SHL, SHR_U] = [0x28, 0x2d, 0x41, 0x46, 0x4b, 0x4f, 0x6a, 0x6c, 0x71, 0x72, 0x74, 0x76];
const VOID = 0x40;
const I32 = 0x7f;
const [P, LAST, V, H, W] = [0, 1, 2, 3, 4];

/**
 * One position, the window at p + k: its slot's bit first (the bitmap is 8 kB,
 * in L1 cache; the table is not), then the table, which tells a window
 * that only hashes alike from one filed there.
 */
// prettier-ignore
const step = (k: number) => [
  GET, P, LOAD, 0, ...uleb(k), CONST, ...sleb(0xffffff), AND, TEE, V,
  CONST, ...sleb(HASH), MUL, CONST, 32 - TABLE_BITS, SHR_U, TEE, H,
  CONST, 3, SHR_U, LOAD8_U, 0, 0, GET, H, CONST, 7, AND, SHR_U, CONST, 1, AND,
  IF, VOID,
  GET, H, CONST, 2, SHL, LOAD, 2, ...uleb(BITMAP_BYTES), TEE, W, GET, V, EQ, GET, W, CONST, ...sleb(MIXED), EQ, OR,
  IF, VOID, GET, P, CONST, ...sleb(k), ADD, RETURN, END,
  END,
];

/**
 * scan(p, last): the first p in [p, last) whose window (the three bytes at p)
 * is filed in its slot, or shares a MIXED slot; -1 when none. Four windows a
 * turn, which halves the loop's own cost, then one a turn for the rest.
 */
// prettier-ignore
const body = [
  1, 3, I32, // three locals: v (the window), h (its slot), w (what the slot holds)
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

/** One search's instance: its own table, filled once by the caller through `table`. */
export class WindowScan {
  private readonly bits: Uint8Array;
  private readonly table: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly scan: (p: number, last: number) => number;

  private constructor({ memory, scan }: WasmExports) {
    this.scan = scan;
    this.bits = new Uint8Array(memory.buffer, 0, BITMAP_BYTES);
    this.table = new Int32Array(memory.buffer, BITMAP_BYTES, 1 << TABLE_BITS).fill(-1);
    this.bytes = new Uint8Array(memory.buffer, DATA);
  }

  static create(): WindowScan | null {
    const mod = module();
    return mod && WebAssembly ? new WindowScan(new WebAssembly.Instance(mod).exports) : null;
  }

  /** Files a keyword's window (a `littleGram`): MIXED where windows of several keywords meet. */
  file(gram: number): void {
    const slot = slotOf(gram);
    const held = this.table[slot] as number;
    this.table[slot] = held === -1 || held === gram ? gram : MIXED;
    this.bits[slot >>> 3] = (this.bits[slot >>> 3] as number) | (1 << (slot & 7));
  }

  /**
   * Calls `onCandidate(start)` for each window start whose slot may hold a
   * keyword's window, in order; stops when it returns true.
   */
  forEach(src: Uint8Array, onCandidate: (start: number) => boolean): void {
    // Chunks overlap by two bytes, so every window lies whole in one of them.
    for (let base = 0; base + 2 < src.length; base += CHUNK - 2) {
      const length = Math.min(CHUNK, src.length - base);
      this.bytes.set(src.subarray(base, base + length));
      const last = DATA + length - 2;
      for (let p = this.scan(DATA, last); p !== -1; p = this.scan(p + 1, last)) {
        if (onCandidate(base + p - DATA)) return;
      }
      if (base + length >= src.length) return;
    }
  }
}
