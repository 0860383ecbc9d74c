import type { Match } from '../engine/match.js';
import { lineIn } from '../engine/positions.js';
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

/** Offsets of line starts, with CRLF, LF and lone CR all ending a line (as the parser counts). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

function positionIn(starts: readonly number[], offset: number): { line: number; column: number } {
  const line = lineIn(starts, offset);
  return { line, column: offset - (starts[line - 1] ?? 0) + 1 };
}

/** Lints parsed .env text: every problem of every rule, in text order. */
export function lintDocument(doc: DotenvDocument, text: string, options: LintOptions = {}): DotenvProblem[] {
  const ctx = {
    text,
    doc,
    path: options.path ?? '.env',
    staged: options.staged ?? false,
    ...(options.addedLines ? { addedLines: options.addedLines } : {}),
  };
  const starts = lineStarts(text);
  const problems: DotenvProblem[] = [];
  for (const rule of options.rules ?? dotenvRules) {
    for (const p of rule.check(ctx)) problems.push({ ...p, rule, ...positionIn(starts, p.start) });
  }
  return problems.sort((a, b) => a.start - b.start || (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0));
}

/** Lints .env text (as decoded from the file, BOM included). */
export function lintDotenv(text: string, options: LintOptions = {}): DotenvProblem[] {
  return lintDocument(parseDotenv(text), text, options);
}

/** Maps UTF-16 offsets in `text` to byte offsets in its UTF-8 encoding, in time linear in the line's length. */
function byteOffsets(text: string): (offset: number) => number {
  if (!/[^\u0000-\u007f]/.test(text)) return (offset) => offset;
  const starts = lineStarts(text);
  const byteStarts = [0];
  for (let i = 1; i < starts.length; i++) {
    byteStarts.push((byteStarts[i - 1] ?? 0) + Buffer.byteLength(text.slice(starts[i - 1], starts[i]), 'utf8'));
  }
  return (offset) => {
    const line = lineIn(starts, offset);
    const start = starts[line - 1] ?? 0;
    return (byteStarts[line - 1] ?? 0) + Buffer.byteLength(text.slice(start, offset), 'utf8');
  };
}

/** Problems as Matches of kind 'dotenv' on the unit's bytes: the value is the secret finalize redacts. */
export function problemsToMatches(unit: ScanUnit, text: string, problems: readonly DotenvProblem[]): Match[] {
  const toByte = byteOffsets(text);
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
