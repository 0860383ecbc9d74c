import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { Project } from './detect.js';
import { readExisting, type Existing } from './files.js';
import { findBlock, isShellScript, localHook, renderBlock, type HookName } from './hook-block.js';
import { display, type Plan } from './plan.js';
import { addBlockSteps, removeBlockSteps } from './shell-hook.js';

const SHEBANG = '#!/bin/sh\n';

/** Why an existing hook cannot take our lines in place, or undefined when it can. */
function whyNotInPlace(existing: Existing): string | undefined {
  if (existing.symlink) return 'it is a symbolic link';
  if (!isShellScript(existing.text)) return 'it is not a shell script';
  if ((existing.mode & 0o111) === 0) return 'it is not executable, so git did not run it (it still will not)';
  return undefined;
}

/**
 * A pre-commit hook in the folder git really runs hooks from. An existing
 * shell hook gets our block; any other hook is moved to pre-commit.local and
 * run after the scan, never overwritten.
 */
export async function planPlainHook(project: Project, bin: string, hook: HookName = 'pre-commit'): Promise<Plan> {
  const file = path.join(project.hooksDir, hook);
  const where = `git hook (${display(project.root, file)})`;
  const notes = project.preCommitFramework && hook === 'pre-commit'
    ? ['this repository uses the pre-commit framework, whose `pre-commit install` rewrites this hook: prefer the scan-keys hook in .pre-commit-config.yaml (see the README)']
    : [];
  const existing = await readExisting(file);
  const reason = existing && !findBlock(existing.text, file) ? whyNotInPlace(existing) : undefined;
  if (!reason) return { where, steps: addBlockSteps({ file, existing, bin, header: SHEBANG, hook }), notes };

  const LOCAL_HOOK = localHook(hook);
  const local = path.join(project.hooksDir, LOCAL_HOOK);
  if (await readExisting(local)) {
    throw new ConfigError(`${display(project.root, file)} cannot be edited (${reason}) and ${LOCAL_HOOK} already exists beside it: merge them by hand, then run scan-keys init again`);
  }
  return {
    where,
    steps: [
      { kind: 'move', from: file, to: local, says: `keep your hook (${reason}); it runs after the scan` },
      { kind: 'write', file, content: SHEBANG + renderBlock({ bin, created: true, chained: true, hook }), mode: 0o755, says: `run the scan-keys check, then ${LOCAL_HOOK}` },
    ],
    notes,
  };
}

export async function planPlainHookRemoval(project: Project, hook: HookName = 'pre-commit'): Promise<Plan> {
  const file = path.join(project.hooksDir, hook);
  return { where: `git hook (${display(project.root, file)})`, steps: removeBlockSteps(file, await readExisting(file)), notes: [] };
}
