import { lintDotenv, type DotenvProblem, type LintOptions } from './lint.js';
import type { TextEdit } from './rules/rule.js';

/** Rounds of lint-then-edit: a fix may uncover another (nested quotes around a key with a space inside). */
const MAX_ROUNDS = 8;

export interface FixResult {
  /** The repaired text (the same string when nothing was safe to change). */
  readonly text: string;
  /** The problems fixed, each with its line as it was in the text of its round. */
  readonly fixed: readonly DotenvProblem[];
  /** Problems left in the repaired text. */
  readonly remaining: readonly DotenvProblem[];
}

const overlaps = (a: TextEdit, b: TextEdit) => a.start < b.end && b.start < a.end;

/** Each fixable problem's edits, all or none, skipping those that overlap an edit already taken. */
function pickEdits(problems: readonly DotenvProblem[]): { edits: TextEdit[]; taken: DotenvProblem[] } {
  const edits: TextEdit[] = [];
  const taken: DotenvProblem[] = [];
  for (const p of problems) {
    if (!p.fix || p.fix.length === 0) continue;
    if (p.fix.some((e) => edits.some((t) => overlaps(e, t) || (e.start === e.end && e.start === t.start)))) continue;
    edits.push(...p.fix);
    taken.push(p);
  }
  return { edits, taken };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * Applies every safe fix the rules offer, round after round, until none is
 * left. Only the bytes an edit names change: everything else is kept as it was.
 */
export function fixDotenv(text: string, options: LintOptions = {}): FixResult {
  let current = text;
  const fixed: DotenvProblem[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { edits, taken } = pickEdits(lintDotenv(current, options));
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    fixed.push(...taken);
    current = next;
  }
  return { text: current, fixed, remaining: lintDotenv(current, options) };
}
