import { promises as fs } from 'node:fs';
import { NONE_SUPPRESSED, type Summary } from '../finding.js';
import { ReadError, ScanKeysError, UsageError } from '../errors.js';
import { resolveRange, type Range, type RangeRequest } from '../history/range.js';
import { runHistoryScan } from '../history/scan.js';
import { shown } from '../redact.js';
import { scanTarget, wantsTarget } from '../scan-target.js';
import { Repo } from '../sources/git.js';
import type { Command } from './command.js';
import type { OptionValues } from './options.js';
import { oneOf } from './options.js';
import { exitCodeFor, failOnOf, FORMATS, outputTargets, report } from './output.js';
import { PROBE_OPTIONS, proberFrom } from './probe-options.js';
import { progressLine } from './progress.js';
import { SCAN_OPTIONS, scanSettingsFrom } from './settings.js';

const note = (text: string) => process.stderr.write(`scan-keys: ${shown(text)}\n`);

/** A range that holds no commits, under --fail-on-empty: CI must not pass on a scan of nothing. */
class EmptyRangeError extends ScanKeysError {}

export const ciCommand: Command = {
  name: 'ci',
  summary: 'scan the commits a CI run brings: a pull request, a push, or --base..--head',
  usage: `scan-keys ci [--base REV] [--head REV] [--fail-on-empty]
                                the commits a pull request or push brings (from GITHUB_EVENT_PATH), or those
                                of --head (default HEAD) that --base lacks; a shallow clone is deepened`,
  options: {
    ...SCAN_OPTIONS,
    ...PROBE_OPTIONS,
    base: { type: 'string' },
    head: { type: 'string' },
    'fail-on-empty': { type: 'boolean' },
  },
  async run({ values, positionals }) {
    if (positionals.length > 0) throw new UsageError(`ci takes no revisions; got '${positionals[0]}' (use --base and --head)`);
    const repo = await Repo.open(process.cwd(), 'scan-keys ci');
    const range = await resolveRange(repo, await requestFrom(values, process.env));
    return scanRange(repo, range, values);
  },
};

function revOption(values: OptionValues, name: 'base' | 'head'): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UsageError(`--${name} is empty (in GitLab, CI_MERGE_REQUEST_DIFF_BASE_SHA is set in merge request pipelines only)`);
  }
  if (value.startsWith('-')) throw new UsageError(`--${name} '${value}' is not a revision`);
  return value;
}

/** --base/--head when given (they win), else the GitHub Actions event; neither is a usage error, never a guess. */
async function requestFrom(values: OptionValues, env: NodeJS.ProcessEnv): Promise<RangeRequest> {
  const base = revOption(values, 'base');
  const head = revOption(values, 'head');
  if (base !== undefined) return { kind: 'explicit', base, head: head ?? 'HEAD' };
  if (head !== undefined) throw new UsageError('--head needs --base: the commits to scan are those of --head that --base lacks');
  const file = env.GITHUB_EVENT_PATH;
  const name = env.GITHUB_EVENT_NAME;
  if (!file || !name) {
    throw new UsageError('ci needs --base REV (and --head REV, default HEAD), or GITHUB_EVENT_PATH and GITHUB_EVENT_NAME as GitHub Actions sets them');
  }
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ReadError(`GITHUB_EVENT_PATH ${file}: ${err.code ?? err.message}`);
  });
  try {
    return { kind: 'event', name, payload: JSON.parse(text) as unknown };
  } catch {
    throw new UsageError(`GITHUB_EVENT_PATH ${file} is not valid JSON`);
  }
}

/** A report of a scan that had nothing to read: a tag push, a deletion. */
function nothingSummary(): Summary {
  return { mode: 'history', files: 0, bytes: 0, errors: 0, warnings: 0, durationMs: 0, skipped: [], suppressed: NONE_SUPPRESSED, covered: { commits: 0, blobs: 0, files: 0, bytes: 0 } };
}

/**
 * Scans a range with the history scan (findings carry their commits), says
 * when it held no commits, and with --fail-on-empty makes that exit 2. The
 * report is written first in every case, so CI always has one to read.
 */
export async function scanRange(repo: Repo, range: Range, values: OptionValues): Promise<number> {
  oneOf('format', values.format, FORMATS, 'text');
  const failOn = failOnOf(values);
  const quiet = Boolean(values.quiet);
  const target = wantsTarget(outputTargets(values)) ? scanTarget(repo, { revisions: range.kind === 'commits' ? range.revs : [] }) : undefined;
  if (range.kind === 'nothing') {
    note(range.reason);
    await report([], { ...nothingSummary(), ...(target ? { target: await target } : {}) }, values);
    return 0;
  }
  for (const n of range.notes) note(n);
  const probe = await proberFrom(values);
  const { pipeline, source } = await scanSettingsFrom(values, probe ? { extra: { probe } } : {});
  const progress = progressLine(process.stderr, quiet);
  const { findings, summary } = await runHistoryScan(repo, range.revs, { ...pipeline, ...(target ? { target } : {}) }, { ...source, onProgress: (p) => progress.update(p) }).finally(() =>
    progress.end(),
  );
  await report(findings, summary, values);
  if (summary.covered?.commits === 0) {
    const empty = `the range ${range.label} holds no commits: nothing was scanned`;
    if (values['fail-on-empty']) throw new EmptyRangeError(`${empty} (--fail-on-empty)`);
    note(empty);
  }
  return exitCodeFor(findings, failOn);
}
