import { PurgePlan } from '../history/purge-plan.js';
import { shown } from '../redact.js';
import { runHistoryScan } from '../history/scan.js';
import { scanTarget, wantsTarget } from '../scan-target.js';
import { Repo } from '../sources/git.js';
import { historyRevs } from '../sources/history.js';
import type { Command } from './command.js';
import { exitCodeFor, failOnOf, outputTargets, report } from './output.js';
import { PROBE_OPTIONS, proberFrom } from './probe-options.js';
import { progressLine } from './progress.js';
import { SCAN_OPTIONS, scanSettingsFrom } from './settings.js';

const note = (text: string) => process.stderr.write(`scan-keys: ${shown(text)}\n`);

export const historyCommand: Command = {
  name: 'history',
  summary: 'scan every unique file version in the history of every ref; findings carry the commit that introduced them',
  usage: `scan-keys history [revs...]     every unique blob on every ref and stash (or on revs), each key traced to the
                                commit that introduced it; --purge-plan FILE writes a git filter-repo file;
                                --no-cache reads every blob again (see .git/scan-keys/clean-blobs)`,
  options: {
    ...SCAN_OPTIONS,
    ...PROBE_OPTIONS,
    'purge-plan': { type: 'string' },
    'no-cache': { type: 'boolean' },
  },
  async run({ values, positionals }) {
    // Bad --format or --output values are refused before any time is spent scanning.
    const outputs = outputTargets(values);
    const failOn = failOnOf(values);
    const quiet = Boolean(values.quiet);
    const probe = await proberFrom(values);
    const { pipeline, source, repo: found } = await scanSettingsFrom(values, probe ? { extra: { probe } } : {});
    const repo = found ?? (await Repo.open(process.cwd(), 'history'));
    // Refuse a bad place for the plan before spending time on the scan.
    const purgeFile = values['purge-plan'];
    const purge = typeof purgeFile === 'string' ? await PurgePlan.prepare(purgeFile, process.cwd(), repo) : undefined;
    // Without revisions, every ref and stash entry: what --all names to rev-list. Its git calls run beside the next three.
    const target = wantsTarget(outputs) ? scanTarget(repo, { revisions: positionals.length > 0 ? positionals : ['--all'] }) : undefined;
    const [revs, hasRefs, shallow] = await Promise.all([historyRevs(repo, positionals), repo.hasRefs(), repo.isShallow()]);
    if (!quiet && positionals.length === 0 && !hasRefs) note('the repository has no commits yet: nothing to scan');
    if (!quiet && shallow) {
      note('this is a shallow clone: only the commits it holds were scanned, and a key shown in its oldest commit may be older (git fetch --unshallow for the whole history)');
    }
    const progress = progressLine(process.stderr, quiet);
    const { findings, summary } = await runHistoryScan(
      repo,
      revs,
      { ...pipeline, consumers: [...(pipeline.consumers ?? []), ...(purge ? [purge.consume] : [])], ...(target ? { target } : {}) },
      { ...source, useCache: !values['no-cache'], onProgress: (p) => progress.update(p) },
    ).finally(() => progress.end());
    await report(findings, summary, values);
    if (positionals.length > 0 && summary.covered?.commits === 0) note(`${positionals.join(' ')} holds no commits: nothing was scanned`);
    if (purge) await writePurgePlan(purge);
    return exitCodeFor(findings, failOn);
  },
};

/** Writes the plan and says what it is: it holds the keys, so the user must know where it went and what to do with it. */
async function writePurgePlan(purge: PurgePlan): Promise<void> {
  if (purge.size === 0) {
    note(`no keys found in history: no purge plan written to ${purge.shown}`);
    return;
  }
  const n = await purge.write();
  note(`wrote the purge plan for ${n} key${n === 1 ? '' : 's'} to ${purge.file} (mode 0600, readable by you only).`);
  note('it holds the keys themselves: never commit or share it, and delete it once history is rewritten.');
  note(`rotate the keys first, then on a fresh clone: git filter-repo --replace-text ${JSON.stringify(purge.file)}, then force-push.`);
}
