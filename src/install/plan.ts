import { promises as fs } from 'node:fs';
import path from 'node:path';
import { cannot, writeAtomic } from './files.js';

/**
 * What init or uninstall will do, as data: computed first, then printed
 * (--dry-run stops there) or applied. Planning reads files; only applyPlan writes.
 */
export type Step =
  /** Write a whole file atomically; `mode` only for a new file (an existing file keeps its own). */
  | { readonly kind: 'write'; readonly file: string; readonly content: string; readonly mode?: number; readonly says: string }
  | { readonly kind: 'move'; readonly from: string; readonly to: string; readonly says: string }
  | { readonly kind: 'delete'; readonly file: string; readonly says: string };

export interface Plan {
  /** Where the check lives (or lived), for the summary line: "husky (.husky/pre-commit)". */
  readonly where: string;
  readonly steps: readonly Step[];
  /** Things the user should know that are not changes: "husky is not set up in this clone yet". */
  readonly notes: readonly string[];
}

/** Applies the steps in order; if one fails, moves already made are undone so no hook is lost. */
export async function applyPlan(plan: Plan): Promise<void> {
  const moved: { from: string; to: string }[] = [];
  try {
    for (const step of plan.steps) {
      if (step.kind === 'write') await writeAtomic(step.file, step.content, step.mode);
      else if (step.kind === 'delete') await fs.rm(step.file, { force: true }).catch((e: unknown) => Promise.reject(cannot('delete', step.file, e)));
      else {
        await fs.rename(step.from, step.to).catch((e: unknown) => Promise.reject(cannot('move', step.from, e)));
        moved.push(step);
      }
    }
  } catch (err) {
    for (const m of moved.reverse()) await fs.rename(m.to, m.from).catch(() => undefined);
    throw err;
  }
}

/** A path for people: relative to the repository root when inside it, else absolute. */
export function display(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

/** One line per step. */
export function describePlan(plan: Plan, root: string): string[] {
  const rel = (f: string) => display(root, f);
  return plan.steps.map((s) => {
    if (s.kind === 'move') return `  move   ${rel(s.from)} -> ${rel(s.to)}: ${s.says}`;
    if (s.kind === 'delete') return `  delete ${rel(s.file)}: ${s.says}`;
    return `  write  ${rel(s.file)}: ${s.says}`;
  });
}
