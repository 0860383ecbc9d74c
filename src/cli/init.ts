import { UsageError } from '../errors.js';
import { detectProject } from '../install/detect.js';
import { planInstall, planUninstall } from '../install/install.js';
import { applyPlan, describePlan, type Plan } from '../install/plan.js';
import { Repo } from '../sources/git.js';
import type { Command } from './command.js';

export const initCommand: Command = {
  name: 'init',
  summary: 'install the pre-commit check (husky, lint-staged or a plain git hook), and with --pre-push a pre-push hook',
  usage: `scan-keys init [--pre-push] [--dry-run] [--uninstall]
                                install the pre-commit check (husky, lint-staged, plain hook); --pre-push adds
                                a pre-push hook that scans the commits a push sends (--uninstall removes both)`,
  options: {
    'dry-run': { type: 'boolean' },
    'pre-push': { type: 'boolean' },
    uninstall: { type: 'boolean' },
  },
  async run({ values, positionals }) {
    if (positionals.length > 0) throw new UsageError(`init takes no paths; got '${positionals[0]}' (run it inside the repository)`);
    const dryRun = Boolean(values['dry-run']);
    const uninstall = Boolean(values.uninstall);
    const repo = await Repo.open(process.cwd(), 'scan-keys init');
    const project = await detectProject(repo, process.cwd());
    const prePush = Boolean(values['pre-push']);
    const plan = uninstall ? await planUninstall(project) : await planInstall(project, { prePush });
    if (!dryRun) await applyPlan(plan);
    if (!values.quiet) process.stdout.write(summary(plan, project.root, { dryRun, uninstall, prePush }));
    return 0;
  },
};

/** What was (or, with --dry-run, would be) done, one step a line, then the notes. */
function summary(plan: Plan, root: string, mode: { dryRun: boolean; uninstall: boolean; prePush: boolean }): string {
  const command = `scan-keys init${mode.prePush ? ' --pre-push' : ''}${mode.uninstall ? ' --uninstall' : ''}${mode.dryRun ? ' --dry-run' : ''}`;
  const lines: string[] = [];
  if (plan.steps.length === 0) {
    lines.push(
      mode.uninstall
        ? `${command}: scan-keys init had added nothing here; nothing to remove.`
        : `${command}: already installed in ${plan.where}; nothing to change.`,
    );
  } else {
    lines.push(`${command}: ${mode.dryRun ? 'would change' : 'changed'} ${plan.where}:`);
    for (const line of describePlan(plan, root)) lines.push(line);
    if (mode.dryRun) lines.push('Nothing was written (--dry-run).');
    else if (mode.uninstall) lines.push('Removed: git commit and git push no longer run scan-keys.');
    else {
      const push = mode.prePush ? ', and every git push the commits it sends' : '';
      lines.push(`Done: every git commit now scans the staged changes for keys${push}. Undo: npx scan-keys init --uninstall`);
    }
  }
  for (const n of plan.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}
