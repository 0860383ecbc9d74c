import { excludedBy } from '../sources/excluded.js';
import { runPipeline, type PipelineOptions, type Placer, type ScanResult } from '../pipeline.js';
import type { Repo } from '../sources/git.js';
import { historyUnits, type HistorySourceOptions } from '../sources/history.js';
import { introductions } from './origins.js';
import { placeFindings, withRefs } from './place.js';

export interface HistoryScanOptions extends HistorySourceOptions {
  /** Gitignore-style patterns (from the config): places at these paths are not reported. */
  readonly ignore?: readonly string[];
}

/**
 * Traces findings back to commits once the scan is done, and only for the
 * blobs that had findings: one `git log` pass, whatever the history's size;
 * then the refs that reach each of those commits, so the advice can tell a
 * key on a side branch from one on a kept branch or tag.
 */
function historyPlacer(repo: Repo, revs: readonly string[], patterns: readonly string[]): Placer {
  return async (findings) => {
    const blobs = new Set(findings.flatMap((f) => (f.blob ? [f.blob] : [])));
    if (blobs.size === 0) return findings;
    const found = await introductions(repo, revs, blobs);
    const placed = placeFindings(findings, found, await excludedBy(patterns));
    const commits = [...new Set(placed.flatMap((f) => (f.commit ? [f.commit.sha] : [])))];
    return withRefs(placed, await repo.refsContaining(commits));
  };
}

/**
 * The history scan: every unique blob reachable from revs through the one
 * pipeline, findings placed at their commits. The summary says how many
 * commits and blobs the revisions held, so that an empty range is seen as one.
 */
export async function runHistoryScan(repo: Repo, revs: readonly string[], pipeline: PipelineOptions = {}, options: HistoryScanOptions = {}): Promise<ScanResult> {
  const commits = await repo.countCommits(revs);
  const { findings, summary } = await runPipeline(historyUnits(repo, revs, options), 'history', {
    ...pipeline,
    place: historyPlacer(repo, revs, options.ignore ?? []),
  });
  const covered = { commits, blobs: summary.files + summary.skipped.length, files: summary.files, bytes: summary.bytes };
  return { findings, summary: { ...summary, covered } };
}
