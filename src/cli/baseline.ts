import { entriesOf, loadBaseline, pruneEntries, saveBaseline } from '../baseline/baseline.js';
import { ConfigError } from '../errors.js';
import { runHistoryScan } from '../history/scan.js';
import { runPipeline, type ScanResult } from '../pipeline.js';
import { fileUnits } from '../sources/files.js';
import { Repo } from '../sources/git.js';
import { historyRevs } from '../sources/history.js';
import type { Command } from './command.js';
import type { OptionValues } from './options.js';
import { baselinePath, scanSettingsFrom, type ScanSettings } from './settings.js';

const entriesText = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

/** The same scan a later run will filter: files (paths) or, with --history, the history of revs. */
async function scanFor(values: OptionValues, positionals: readonly string[], settings: ScanSettings): Promise<ScanResult> {
  if (!values.history) return runPipeline(fileUnits({ paths: positionals, ...settings.source, cwdRepo: settings.repo }), 'files', settings.pipeline);
  const repo = await Repo.open(process.cwd(), 'baseline --history');
  return runHistoryScan(repo, await historyRevs(repo, positionals), settings.pipeline, settings.source);
}

export const baselineCommand: Command = {
  name: 'baseline',
  summary: 'accept the current findings: write their fingerprints to .scan-keys-baseline.json so that scans skip them',
  usage: `scan-keys baseline [paths...]   write .scan-keys-baseline.json (fingerprints, never keys): scans skip these;
                                --history [revs...] from the history instead; --prune drops entries no longer found`,
  options: {
    history: { type: 'boolean' },
    prune: { type: 'boolean' },
    baseline: { type: 'string' },
  },
  async run({ values, positionals }) {
    // Every finding counts here, baselined or not: the file is rebuilt from what is found now.
    const settings = await scanSettingsFrom(values, { useBaseline: false });
    const where = baselinePath(values, settings.repo);
    const previous = values.prune ? await loadBaseline(where.file, where.shown) : undefined;
    if (values.prune && !previous) throw new ConfigError(`${where.shown}: no such file, nothing to prune`);
    const { findings } = await scanFor(values, positionals, settings);
    const entries = previous ? pruneEntries(previous, findings) : entriesOf(findings);
    await saveBaseline(where.file, where.shown, entries);
    if (!values.quiet) {
      const keys = new Set(entries.map((e) => e.fingerprint)).size;
      const what = previous
        ? `pruned ${entriesText(previous.length - entries.length)}, ${entries.length} left`
        : `wrote ${entriesText(entries.length)} (${keys} fingerprint${keys === 1 ? '' : 's'})`;
      process.stdout.write(`${what} in ${where.shown}. Scans skip these fingerprints; commit the file (it holds no key).\n`);
    }
    return 0;
  },
};
