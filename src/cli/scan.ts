import { dotenvMatcher } from '../dotenv/lint.js';
import { screenSpecOf } from '../engine/screen.js';
import { runPipeline } from '../pipeline.js';
import { scanTarget, wantsTarget } from '../scan-target.js';
import { builtinRules } from '../rules/index.js';
import type { Rule } from '../rules/rule.js';
import { fileUnits } from '../sources/files.js';
import { Repo } from '../sources/git.js';
import { stagedUnits } from '../sources/staged.js';
import type { Command } from './command.js';
import { dryRunExit, exitCodeFor, failOnOf, outputTargets, report } from './output.js';
import { PROBE_OPTIONS, proberFrom } from './probe-options.js';
import { SCAN_OPTIONS, scanSettingsFrom } from './settings.js';

/** The readers screen files with the very rules the engine runs (screen.ts); built for a folder scan only (a staged scan has no readers). */
function readersPrefilter(rules: readonly Rule[]) {
  const screen = screenSpecOf(rules);
  return { keywords: screen.keywords, screen, dotenv: true, names: true };
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan files and folders (default .), or with --staged what is staged for commit',
  usage: `scan-keys [paths...]            scan files and folders (default .); inside git, the files git would track
scan-keys --staged [paths...]   scan the staged blobs; only the lines this commit adds unless --all-lines`,
  options: {
    staged: { type: 'boolean' },
    'all-lines': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    ...SCAN_OPTIONS,
    ...PROBE_OPTIONS,
  },
  async run({ values, positionals }) {
    // Bad --format or --output values are refused before any time is spent scanning.
    const outputs = outputTargets(values);
    const failOn = failOnOf(values);
    const probe = await proberFrom(values);
    const paths = positionals;
    // The config's rule settings (off, warning, error) apply to the .env lint too.
    const matchers = [dotenvMatcher({ staged: Boolean(values.staged) })];
    const { pipeline, source, repo } = await scanSettingsFrom(values, { extra: { matchers, ...(probe ? { probe } : {}) } });
    const items = values.staged
      ? // The repository the settings found; Repo.open only to say why there is none.
        stagedUnits(repo ?? (await Repo.open(process.cwd(), '--staged')), { paths, allLines: Boolean(values['all-lines']), ...source })
      : fileUnits({ paths, ...source, cwdRepo: repo, prefilter: readersPrefilter(pipeline.rules ?? builtinRules) });
    const target = wantsTarget(outputs) ? scanTarget(repo, { paths: paths.length > 0 || values.staged ? paths : ['.'] }) : undefined;
    const { findings, summary } = await runPipeline(items, values.staged ? 'staged' : 'files', { ...pipeline, ...(target ? { target } : {}) });
    await report(findings, summary, values);
    return dryRunExit(exitCodeFor(findings, failOn), values);
  },
};
