/**
 * Byte offsets to 1-based lines and columns, computed in one place for the
 * filters and for finalize. Columns count UTF-16 code units, as editors and
 * SARIF do, so a line with non-ASCII text before a key still points right.
 */
const NEWLINE = 0x0a;
const lineStartsCache = new WeakMap<Buffer, number[]>();

function lineStarts(bytes: Buffer): number[] {
  let starts = lineStartsCache.get(bytes);
  if (!starts) {
    starts = [0];
    for (let i = bytes.indexOf(NEWLINE); i !== -1; i = bytes.indexOf(NEWLINE, i + 1)) starts.push(i + 1);
    lineStartsCache.set(bytes, starts);
  }
  return starts;
}

/** The 1-based line holding the byte at offset. */
export function lineOf(bytes: Buffer, offset: number): number {
  return lineIn(lineStarts(bytes), offset);
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
  const starts = lineStarts(bytes);
  const start = starts[line - 1] ?? bytes.length;
  let end = line < starts.length ? (starts[line] ?? bytes.length) - 1 : bytes.length;
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
