import path from 'node:path';
import type { Existing } from './files.js';
import { findBlock, insertBlock, isHuskyShLine, localHook, renderBlock, replaceBlock, withoutBlock, type HookName } from './hook-block.js';
import type { Step } from './plan.js';

/** Putting our block into one shell script: husky's .husky/pre-commit or git's own pre-commit hook. */
export interface ShellHook {
  readonly file: string;
  readonly existing: Existing | undefined;
  /** The project's scan-keys relative to the repository root. */
  readonly bin: string;
  /** What a new file starts with: a shebang for git, nothing for husky 9 (it runs the file with sh). */
  readonly header: string;
  /** Default pre-commit. */
  readonly hook?: HookName;
}

const EXECUTABLE = 0o755;

/** The steps that add (or update) the block; none when the file already holds this very block. */
export function addBlockSteps(hook: ShellHook): Step[] {
  const { file, existing, bin, header } = hook;
  const name = hook.hook ?? 'pre-commit';
  if (!existing) {
    const block = renderBlock({ bin, created: true, chained: false, hook: name });
    return [{ kind: 'write', file, content: header + block, mode: EXECUTABLE, says: 'create it with the scan-keys check' }];
  }
  const found = findBlock(existing.text, file);
  if (!found) {
    const block = renderBlock({ bin, created: false, chained: false, hook: name });
    return [{ kind: 'write', file, content: insertBlock(existing.text, block), says: 'add the scan-keys check at the top of the hook' }];
  }
  const block = renderBlock({ bin, created: found.created, chained: found.chained, hook: name });
  if (block === found.text) return [];
  return [{ kind: 'write', file, content: replaceBlock(existing.text, found, block), says: 'update the scan-keys check' }];
}

/** Only a shebang, husky 8's sourcing line and blank lines: what init puts before the block in a file it creates. */
function onlyHeader(text: string): boolean {
  return text
    .split('\n')
    .every((line, i) => line.trim() === '' || (i === 0 && line.startsWith('#!')) || isHuskyShLine(line));
}

/**
 * The steps that take the block out again: the file as it was before, deleted
 * when init created it and nothing else was added, and a hook moved aside to
 * pre-commit.local moved back.
 */
export function removeBlockSteps(file: string, existing: Existing | undefined): Step[] {
  if (!existing) return [];
  const found = findBlock(existing.text, file);
  if (!found) return [];
  const rest = withoutBlock(existing.text, found);
  if (!found.created || !onlyHeader(rest)) {
    return [{ kind: 'write', file, content: rest, says: 'remove the scan-keys check' }];
  }
  const steps: Step[] = [{ kind: 'delete', file, says: 'init created it' }];
  if (found.chained) {
    const local = path.join(path.dirname(file), localHook(path.basename(file) === 'pre-push' ? 'pre-push' : 'pre-commit'));
    steps.push({ kind: 'move', from: local, to: file, says: 'put the earlier hook back' });
  }
  return steps;
}
