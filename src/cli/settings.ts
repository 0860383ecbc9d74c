import path from 'node:path';
import { BASELINE_FILE, loadBaseline, type BaselineEntry } from '../baseline/baseline.js';
import { baselineFilter } from '../baseline/filter.js';
import { allowFilter, rulesFrom, withRuleSettings } from '../config/apply.js';
import type { LoadedConfig } from '../config/config.js';
import { loadConfig } from '../config/load.js';
import type { MatchFilter } from '../engine/filters.js';
import { ConfigError } from '../errors.js';
import type { PipelineOptions } from '../pipeline.js';
import { Repo } from '../sources/git.js';
import type { OptionSpec, OptionValues } from './options.js';

/** Options of every command that scans. */
export const SCAN_OPTIONS = {
  baseline: { type: 'string' },
  'no-baseline': { type: 'boolean' },
  'show-suppressed': { type: 'boolean' },
  'no-inline-allow': { type: 'boolean' },
  explain: { type: 'boolean' },
} as const satisfies OptionSpec;

/** What a scan command needs from the config and the baseline. */
export interface ScanSettings {
  readonly pipeline: PipelineOptions;
  /** For the sources: paths to leave out, and the size cap. */
  readonly source: { readonly ignore: readonly string[]; readonly maxFileSize?: number };
  readonly config: LoadedConfig;
  /** The repository holding the current folder, if any. */
  readonly repo: Repo | undefined;
}

export interface SettingsOptions {
  /** false for `scan-keys baseline`, which must see every finding. */
  readonly useBaseline?: boolean;
  /** Pipeline parts a command adds (matchers, probe...); the config's rule settings apply to the matchers too. */
  readonly extra?: PipelineOptions;
}

/** The baseline file: --baseline FILE, else .scan-keys-baseline.json at the repository root (the current folder outside git). */
export function baselinePath(values: OptionValues, repo: Repo | undefined, cwd = process.cwd()): { file: string; shown: string; explicit: boolean } {
  if (typeof values.baseline === 'string') return { file: path.resolve(cwd, values.baseline), shown: values.baseline, explicit: true };
  const file = path.join(repo?.root ?? cwd, BASELINE_FILE);
  return { file, shown: path.relative(cwd, file) || BASELINE_FILE, explicit: false };
}

async function baselineEntries(values: OptionValues, repo: Repo | undefined): Promise<readonly BaselineEntry[]> {
  const where = baselinePath(values, repo);
  const entries = await loadBaseline(where.file, where.shown);
  if (!entries && where.explicit) throw new ConfigError(`--baseline ${where.shown}: no such file`);
  return entries ?? [];
}

/**
 * Builds the pipeline options of a scan from the command line: the config
 * (found or --config), its rules, allow-list and source settings, and the
 * baseline as a filter unless --no-baseline. Scan, staged, history and
 * baseline all go through here, so they agree.
 */
export async function scanSettingsFrom(values: OptionValues, options: SettingsOptions = {}): Promise<ScanSettings> {
  const cwd = process.cwd();
  const repo = await Repo.findIfInstalled(cwd);
  const loaded = await loadConfig({ cwd, root: repo?.root, ...(typeof values.config === 'string' ? { explicit: values.config } : {}) });
  const { config } = loaded;
  const useBaseline = options.useBaseline !== false && !values['no-baseline'];
  const filters: MatchFilter[] = [...(options.extra?.filters ?? [])];
  const allow = allowFilter(config);
  if (allow) filters.push(allow);
  const baseline = useBaseline ? baselineFilter(await baselineEntries(values, repo)) : undefined;
  if (baseline) filters.push(baseline);
  const extra = options.extra ?? {};
  return {
    pipeline: {
      ...extra,
      rules: rulesFrom(config, extra.rules),
      filters,
      inlineAllow: !values['no-inline-allow'],
      keepSuppressed: Boolean(values['show-suppressed']),
      ...(extra.matchers ? { matchers: extra.matchers.map((m) => withRuleSettings(m, config)) } : {}),
    },
    source: { ignore: config.ignore, ...(config.maxFileSize !== undefined ? { maxFileSize: config.maxFileSize } : {}) },
    config: loaded,
    repo,
  };
}
