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

/**
 * Edits taken so far, and which characters they cover: a new edit that touches
 * a covered character clashes (an insertion counts as covering the character
 * after it, so two edits never share a start). Linear in the edits' lengths.
 */
class EditSet {
  readonly edits: TextEdit[] = [];
  private readonly covered: Uint8Array;

  constructor(length: number) {
    this.covered = new Uint8Array(length + 1);
  }

  private span(e: TextEdit): [number, number] {
    return [e.start, Math.max(e.end, e.start + 1)];
  }

  clashes(e: TextEdit): boolean {
    const [from, to] = this.span(e);
    for (let i = from; i < to; i++) if (this.covered[i]) return true;
    return false;
  }

  add(e: TextEdit): void {
    const [from, to] = this.span(e);
    this.covered.fill(1, from, to);
    this.edits.push(e);
  }
}

/** Each fixable problem's edits, all or none, skipping those that clash with an edit already taken. */
function pickEdits(text: string, problems: readonly DotenvProblem[]): { edits: TextEdit[]; taken: DotenvProblem[] } {
  const set = new EditSet(text.length);
  const taken: DotenvProblem[] = [];
  for (const p of problems) {
    if (!p.fix || p.fix.length === 0) continue;
    const own = [...p.fix].sort((a, b) => a.start - b.start);
    const selfOverlap = own.some((e, i) => i > 0 && (own[i - 1] as TextEdit).end > e.start);
    if (selfOverlap || own.some((e) => set.clashes(e))) continue;
    for (const e of own) set.add(e);
    taken.push(p);
  }
  return { edits: set.edits, taken };
}

/** Applies non-overlapping edits in one pass. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    parts.push(text.slice(at, e.start), e.text);
    at = e.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Applies every safe fix the rules offer, round after round, until none is
 * left. Only the bytes an edit names change: everything else is kept as it was.
 */
export function fixDotenv(text: string, options: LintOptions = {}): FixResult {
  let current = text;
  const fixed: DotenvProblem[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { edits, taken } = pickEdits(current, lintDotenv(current, options));
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    for (const p of taken) fixed.push(p);
    current = next;
  }
  return { text: current, fixed, remaining: lintDotenv(current, options) };
}
