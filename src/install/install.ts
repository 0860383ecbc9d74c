import path from 'node:path';
import type { Project } from './detect.js';
import { huskyPrePushFile, planHusky, planHuskyPrePush, planHuskyPrePushRemoval, planHuskyRemoval } from './husky.js';
import { findLintStagedConfig, planLintStagedRemoval } from './lint-staged.js';
import { planPlainHook, planPlainHookRemoval } from './plain-hook.js';
import type { Plan } from './plan.js';

/** The project's own scan-keys as the hook (run from the repository root) reaches it. */
export function projectBin(project: Project): string {
  return path.posix.join(path.relative(project.root, project.packageDir).split(path.sep).join('/'), 'node_modules/.bin/scan-keys');
}

/** Two plans as one: what each changes, where, and every note once. */
function joinPlans(plans: readonly Plan[]): Plan {
  const found = plans.filter((p) => p.steps.length > 0);
  return {
    where: (found.length > 0 ? found : plans).map((p) => p.where).join(', '),
    steps: plans.flatMap((p) => p.steps),
    notes: [...new Set(plans.flatMap((p) => p.notes))],
  };
}

/**
 * husky when the project has it (its hook, or its lint-staged), else git's own
 * hook; with prePush, a pre-push hook beside it in the same place.
 */
export async function planInstall(project: Project, options: { prePush?: boolean } = {}): Promise<Plan> {
  const bin = projectBin(project);
  const preCommit = project.husky ? await planHusky(project, project.husky, bin) : await planPlainHook(project, bin);
  if (!options.prePush) return preCommit;
  const prePush = project.husky ? await planHuskyPrePush(project, project.husky, bin) : await planPlainHook(project, bin, 'pre-push');
  return joinPlans([preCommit, prePush]);
}

/** Every place init may have put the check, so that uninstall finds it even after the setup changed. */
export async function planUninstall(project: Project): Promise<Plan> {
  const plans: Plan[] = [];
  if (project.husky) plans.push(await planHuskyRemoval(project.husky));
  const lintStaged = findLintStagedConfig(project.packageDir, project.packageJson);
  const fromLintStaged = lintStaged && planLintStagedRemoval(lintStaged);
  if (fromLintStaged) plans.push(fromLintStaged);
  // With husky 8, git's hooks folder is .husky itself: that file was handled above.
  if (project.husky?.hookFile !== path.join(project.hooksDir, 'pre-commit')) plans.push(await planPlainHookRemoval(project));
  if (project.husky) plans.push(await planHuskyPrePushRemoval(project.husky));
  if (!project.husky || huskyPrePushFile(project.husky) !== path.join(project.hooksDir, 'pre-push')) {
    plans.push(await planPlainHookRemoval(project, 'pre-push'));
  }
  const found = plans.filter((p) => p.steps.length > 0);
  return { where: found.map((p) => p.where).join(', '), steps: found.flatMap((p) => p.steps), notes: [] };
}
