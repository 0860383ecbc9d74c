import type { LineRanges } from './unit.js';

/** One entry of `git diff-index --raw -z` output. */
export interface RawEntry {
  readonly srcMode: string;
  readonly dstMode: string;
  readonly dstId: string;
  /** A, C, M, R, ... (the score of R and C is dropped). */
  readonly status: string;
  /** The path in the index. */
  readonly path: string;
  /** For R and C: the path it was renamed or copied from. */
  readonly srcPath?: string;
}

/** Parses `--raw -z` records: ":srcmode dstmode srcid dstid STATUS\0path\0" (two paths for R and C). */
export function parseRaw(records: readonly string[]): RawEntry[] {
  const entries: RawEntry[] = [];
  for (let i = 0; i < records.length; i++) {
    const meta = records[i] ?? '';
    if (!meta.startsWith(':')) continue;
    const [srcMode = '', dstMode = '', , dstId = '', statusField = ''] = meta.slice(1).split(' ');
    const status = statusField.charAt(0);
    const twoPaths = status === 'R' || status === 'C';
    const p = records[twoPaths ? i + 2 : i + 1] ?? '';
    const src = twoPaths ? { srcPath: records[i + 1] ?? '' } : {};
    i += twoPaths ? 2 : 1;
    entries.push({ srcMode, dstMode, dstId, status, path: p, ...src });
  }
  return entries;
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/**
 * Splits a `-U0` patch into one list of added-line ranges per file, in the
 * order git printed them. Every file section starts with a "diff --git" line;
 * content lines start with +, -, space or backslash, so they cannot be confused.
 * A file git printed no text diff for ("Binary files ... differ": binary content,
 * or a `-diff` / `binary` attribute) gives undefined: its added lines are unknown.
 */
export function parseAddedLines(patch: string): (LineRanges | undefined)[] {
  const files: ([number, number][] | undefined)[] = [];
  let current: [number, number][] | undefined;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = [];
      files.push(current);
      continue;
    }
    if (current && line.startsWith('Binary files ')) {
      files[files.length - 1] = undefined;
      current = undefined;
      continue;
    }
    if (!current || !line.startsWith('@@ ')) continue;
    const m = HUNK.exec(line);
    if (!m) continue;
    const first = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (count > 0) current.push([first, first + count - 1]);
  }
  return files;
}
