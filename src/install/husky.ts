import type { Husky, Project } from './detect.js';
import { readExisting, type Existing } from './files.js';
import path from 'node:path';
import { findBlock } from './hook-block.js';
import { findLintStagedConfig, planLintStagedTask, runsLintStaged } from './lint-staged.js';
import { display, type Plan } from './plan.js';
import { addBlockSteps, removeBlockSteps } from './shell-hook.js';

/** husky 8 hooks are run by git directly; husky 9 runs them with `sh -e` and warns about these lines. */
const LEGACY_HEADER = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n';

/**
 * husky's pre-commit script gets our block, unless it already runs lint-staged
 * and lint-staged is configured: then the scan becomes a lint-staged task, so
 * it runs on the same staged files as the other checks.
 */
export async function planHusky(project: Project, husky: Husky, bin: string): Promise<Plan> {
  const existing = await readExisting(husky.hookFile);
  const lintStaged = lintStagedRun(project, husky, existing);
  const plan = lintStaged
    ? planLintStagedTask(lintStaged)
    : {
        where: `husky (${display(project.root, husky.hookFile)})`,
        steps: addBlockSteps({ file: husky.hookFile, existing, bin, header: husky.legacy ? LEGACY_HEADER : '' }),
        notes: [],
      };
  const notes = husky.active
    ? plan.notes
    : [...plan.notes, `git does not run husky's hooks in this clone yet (its hooks folder is ${display(project.root, project.hooksDir)}): run \`npx husky\` (npm install does it when package.json has "prepare": "husky")`];
  return { ...plan, notes };
}

/** The lint-staged config to add our task to, when the husky hook runs lint-staged and has no block of ours already. */
function lintStagedRun(project: Project, husky: Husky, existing: Existing | undefined) {
  if (!existing || findBlock(existing.text, husky.hookFile) || !runsLintStaged(existing.text)) return undefined;
  return findLintStagedConfig(project.packageDir, project.packageJson);
}

export async function planHuskyRemoval(husky: Husky): Promise<Plan> {
  const steps = removeBlockSteps(husky.hookFile, await readExisting(husky.hookFile));
  return { where: 'husky', steps, notes: [] };
}

/** husky's pre-push script, beside its pre-commit: lint-staged has no part in a push. */
export const huskyPrePushFile = (husky: Husky) => path.join(husky.dir, 'pre-push');

export async function planHuskyPrePush(project: Project, husky: Husky, bin: string): Promise<Plan> {
  const file = huskyPrePushFile(husky);
  const steps = addBlockSteps({ file, existing: await readExisting(file), bin, header: husky.legacy ? LEGACY_HEADER : '', hook: 'pre-push' });
  return { where: `husky (${display(project.root, file)})`, steps, notes: [] };
}

export async function planHuskyPrePushRemoval(husky: Husky): Promise<Plan> {
  const file = huskyPrePushFile(husky);
  return { where: 'husky', steps: removeBlockSteps(file, await readExisting(file)), notes: [] };
}
