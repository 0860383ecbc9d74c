import path from 'node:path';
import { entriesOf, loadBaseline, pruneEntries, saveBaseline } from '../baseline/baseline.js';
import { matchPlaces, readImport } from '../baseline/import.js';
import { ConfigError, UsageError } from '../errors.js';
import { runHistoryScan } from '../history/scan.js';
import { runPipeline, type ScanResult } from '../pipeline.js';
import { shown } from '../redact.js';
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
                                --history [revs...] from the history instead; --prune drops entries no longer found;
                                --import FILE adds what a gitleaks report, .gitleaksignore or detect-secrets baseline accepted`,
  options: {
    history: { type: 'boolean' },
    prune: { type: 'boolean' },
    import: { type: 'string' },
    baseline: { type: 'string' },
  },
  async run({ values, positionals }) {
    if (typeof values.import === 'string') return importBaseline(values, positionals);
    // Every finding counts here, baselined or not: the file is rebuilt from what is found now.
    const settings = await scanSettingsFrom(values, { useBaseline: false });
    const where = baselinePath(values, settings.repo);
    const previous = values.prune ? await loadBaseline(where.file, where.shown) : undefined;
    if (values.prune && !previous) throw new ConfigError(`${where.shown}: no such file, nothing to prune`);
    const { findings } = await scanFor(values, positionals, settings);
    // A key kept in a git-ignored .env is no finding to accept: baselined, it would pass the day that .env is committed.
    const accepted = findings.filter((f) => f.severity !== 'info');
    const entries = previous ? pruneEntries(previous, findings) : entriesOf(accepted);
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

/**
 * --import FILE: scans the places another scanner's file names and adds the
 * scan-keys findings there to the baseline (kept entries stay), in one line
 * saying how many places matched.
 */
async function importBaseline(values: OptionValues, positionals: readonly string[]): Promise<number> {
  if (values.history || values.prune || positionals.length > 0) {
    throw new UsageError('baseline --import FILE takes no paths, --history or --prune: it scans the places FILE names');
  }
  const file = values.import as string;
  const settings = await scanSettingsFrom(values, { useBaseline: false });
  const where = baselinePath(values, settings.repo);
  const imported = await readImport(path.resolve(file), shown(file));
  const root = settings.repo?.root ?? process.cwd();
  const result = await matchPlaces(imported, root, settings.pipeline, settings.source.maxFileSize);
  const previous = (await loadBaseline(where.file, where.shown)) ?? [];
  const entries = entriesOf([...previous, ...result.findings]);
  await saveBaseline(where.file, where.shown, entries);
  if (!values.quiet) {
    const places = result.matched + result.unmatched;
    const missed = result.unmatched > 0 ? `; ${result.unmatched} not matched (scan-keys finds no key at that file and line, or the file is gone)` : '';
    process.stdout.write(
      `${shown(file)} (${result.format}): matched ${result.matched} of ${places} place${places === 1 ? '' : 's'}, ` +
        `added ${entriesText(entries.length - previous.length)} to ${where.shown}${missed}. It holds fingerprints only: commit it.\n`,
    );
  }
  return 0;
}
