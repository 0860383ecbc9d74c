/**
 * Byte offsets to 1-based lines and columns, computed in one place for the
 * filters and for finalize. Columns count UTF-16 code units, as editors and
 * SARIF do, so a line with non-ASCII text before a key still points right.
 */
const NEWLINE = 0x0a;
/**
 * Lines between two remembered line starts: a sparse index keeps memory to a
 * 64th of one entry per line (10 MB of blank lines with one finding held 10
 * million starts), and a lookup walks at most 64 lines with a native search.
 */
const STRIDE = 64;

interface LineIndex {
  /** The offset where line 1 + k * STRIDE starts, for each k. */
  readonly checkpoints: readonly number[];
  readonly lines: number;
}

const indexCache = new WeakMap<Buffer, LineIndex>();

function lineIndex(bytes: Buffer): LineIndex {
  let index = indexCache.get(bytes);
  if (!index) {
    const checkpoints = [0];
    let lines = 1;
    for (let i = bytes.indexOf(NEWLINE); i !== -1; i = bytes.indexOf(NEWLINE, i + 1)) {
      if (lines++ % STRIDE === 0) checkpoints.push(i + 1);
    }
    index = { checkpoints, lines };
    indexCache.set(bytes, index);
  }
  return index;
}

/** The 1-based line holding the byte at offset. */
export function lineOf(bytes: Buffer, offset: number): number {
  const { checkpoints } = lineIndex(bytes);
  const k = lineIn(checkpoints, offset) - 1;
  let line = k * STRIDE + 1;
  for (let nl = bytes.indexOf(NEWLINE, checkpoints[k]); nl !== -1 && nl < offset; nl = bytes.indexOf(NEWLINE, nl + 1)) line++;
  return line;
}

/** Where a 1-based line starts (the buffer's length past its last line). */
function lineStart(bytes: Buffer, line: number): number {
  const { checkpoints, lines } = lineIndex(bytes);
  if (line > lines) return bytes.length;
  const k = Math.floor((line - 1) / STRIDE);
  let at = checkpoints[k] ?? 0;
  for (let n = k * STRIDE + 1; n < line; n++) at = bytes.indexOf(NEWLINE, at) + 1;
  return at;
}

/** The 1-based line holding `offset`, given the sorted offsets where lines start (the .env linter has its own). */
export function lineIn(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Byte range [start, end) of a 1-based line, without its newline (nor a CR before it). */
export function lineBounds(bytes: Buffer, line: number): [number, number] {
  const start = lineStart(bytes, line);
  const newline = start < bytes.length ? bytes.indexOf(NEWLINE, start) : -1;
  let end = newline === -1 ? bytes.length : newline;
  if (end > start && bytes[end - 1] === 0x0d) end--;
  return [start, end];
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** The last position computed per buffer: matches come in order, so a long line is decoded once, not once per match. */
const lastPosition = new WeakMap<Buffer, { offset: number; line: number; column: number }>();

export function positionOf(bytes: Buffer, offset: number): Position {
  const line = lineOf(bytes, offset);
  const [start] = lineBounds(bytes, line);
  const last = lastPosition.get(bytes);
  const column =
    last && last.line === line && last.offset <= offset
      ? last.column + bytes.toString('utf8', last.offset, offset).length
      : bytes.toString('utf8', start, offset).length + 1;
  lastPosition.set(bytes, { offset, line, column });
  return { line, column };
}
