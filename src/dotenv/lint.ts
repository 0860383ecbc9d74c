import type { Match } from '../engine/match.js';
import type { Matcher } from '../pipeline.js';
import type { LineRanges, ScanUnit } from '../sources/unit.js';
import { parseDotenv, type DotenvDocument } from './parse.js';
import { isDotenvPath } from './paths.js';
import { dotenvRules } from './rules/index.js';
import type { DotenvRule, Problem } from './rules/rule.js';

export { isDotenvPath, isExamplePath, isPrivateEnvPath } from './paths.js';
export { dotenvRules } from './rules/index.js';
export type { DotenvContext, DotenvExample, DotenvRule, Problem, TextEdit, ValueSpan } from './rules/rule.js';

export interface LintOptions {
  /** The file's path (decides example files and dotenv-committed); default `.env`. */
  readonly path?: string;
  /** A --staged scan: enables dotenv-committed. */
  readonly staged?: boolean;
  /** Lines the commit adds; file-wide problems are placed on one of them. */
  readonly addedLines?: LineRanges;
  /** Default: every rule. */
  readonly rules?: readonly DotenvRule[];
}

/** A rule's problem with its rule and its 1-based position (offsets stay UTF-16, into the linted text). */
export interface DotenvProblem extends Problem {
  readonly rule: DotenvRule;
  readonly line: number;
  readonly column: number;
}

/**
 * 1-based line and column of offsets asked in increasing order, with CRLF, LF
 * and lone CR all ending a line (as the parser counts). One walk over the text
 * and no table of line starts: memory follows the problems, not the lines.
 */
function positionsInOrder(text: string): (offset: number) => { line: number; column: number } {
  let i = 0;
  let line = 1;
  let lineStart = 0;
  return (offset) => {
    while (i < offset && i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
        // An offset on the \n of a CRLF is still on the line the CRLF ends.
        if (i + 2 > offset) break;
        i += 2;
      } else {
        i++;
        if (c !== 0x0a && c !== 0x0d) continue;
      }
      line++;
      lineStart = i;
    }
    return { line, column: offset - lineStart + 1 };
  };
}

const byStartThenRule = (a: { start: number; rule: DotenvRule }, b: { start: number; rule: DotenvRule }) =>
  a.start - b.start || (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0);

/** Lints parsed .env text: every problem of every rule, in text order. */
export function lintDocument(doc: DotenvDocument, text: string, options: LintOptions = {}): DotenvProblem[] {
  const ctx = {
    text,
    doc,
    path: options.path ?? '.env',
    staged: options.staged ?? false,
    ...(options.addedLines ? { addedLines: options.addedLines } : {}),
  };
  const found: (Problem & { rule: DotenvRule })[] = [];
  for (const rule of options.rules ?? dotenvRules) {
    for (const p of rule.check(ctx)) found.push({ ...p, rule });
  }
  const positionOf = positionsInOrder(text);
  return found.sort(byStartThenRule).map((p) => ({ ...p, ...positionOf(p.start) }));
}

/** Lints .env text (as decoded from the file, BOM included). */
export function lintDotenv(text: string, options: LintOptions = {}): DotenvProblem[] {
  return lintDocument(parseDotenv(text), text, options);
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Bytes of the code unit at i in UTF-8: a surrogate pair counts 4 at its first half, a lone surrogate 3 (as U+FFFD). */
function utf8Width(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (isHigh(c)) return isLow(text.charCodeAt(i + 1)) ? 4 : 3;
  if (isLow(c)) return isHigh(text.charCodeAt(i - 1)) ? 0 : 3;
  return 3;
}

/**
 * Maps the given UTF-16 offsets in `text` to byte offsets in its UTF-8
 * encoding (as Buffer.byteLength of the text before each), in one walk: no
 * table per line. An offset between the halves of a pair counts the first half alone, 3 bytes.
 */
function byteOffsets(text: string, offsets: readonly number[]): (offset: number) => number {
  if (!/[^\u0000-\u007f]/.test(text)) return (offset) => offset;
  const map = new Map<number, number>();
  let i = 0;
  let bytes = 0;
  for (const offset of [...new Set(offsets)].sort((a, b) => a - b)) {
    for (const end = Math.min(offset, text.length); i < end; i++) bytes += utf8Width(text, i);
    const split = i > 0 && i < text.length && isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i));
    map.set(offset, split ? bytes - 1 : bytes);
  }
  return (offset) => map.get(offset) ?? Buffer.byteLength(text.slice(0, offset), 'utf8');
}

/** Problems as Matches of kind 'dotenv' on the unit's bytes: the value is the secret finalize redacts. */
export function problemsToMatches(unit: ScanUnit, text: string, problems: readonly DotenvProblem[]): Match[] {
  const toByte = byteOffsets(
    text,
    problems.flatMap((p) => (p.value ? [p.start, p.end, p.value.start, p.value.end] : [p.start, p.end])),
  );
  const max = unit.bytes.length;
  const at = (offset: number) => Math.min(toByte(offset), max);
  return problems.map((p) => ({
    kind: 'dotenv',
    rule: p.rule,
    secret: p.value?.text ?? '',
    unit,
    start: at(p.start),
    end: at(p.end),
    message: p.message,
    ...(p.value ? { secretRange: [at(p.value.start), at(p.value.end)] as const } : {}),
  }));
}

/**
 * The pipeline's .env linter: for units whose name is a .env file, one Match
 * per problem. File-wide problems land on an added line in staged scans, so
 * the pipeline's added-lines filter keeps them when the commit brings them in.
 * Files that are not valid UTF-8 are linted as decoded (positions after an
 * invalid byte may be a little off).
 */
export function dotenvMatcher(options: { staged: boolean }): Matcher {
  return (unit) => {
    if (!isDotenvPath(unit.path)) return [];
    const text = unit.bytes.toString('utf8');
    const problems = lintDotenv(text, {
      path: unit.path,
      staged: options.staged,
      ...(unit.addedLines ? { addedLines: unit.addedLines } : {}),
    });
    return problemsToMatches(unit, text, problems);
  };
}
