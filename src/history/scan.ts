import { GitError } from '../errors.js';
import { excludedBy } from '../sources/excluded.js';
import type { ShownSkipped } from '../finding.js';
import { runPipeline, type PipelineOptions, type Placer, type ScanResult } from '../pipeline.js';
import { shown } from '../redact.js';
import { builtinRules } from '../rules/index.js';
import type { CommitWalk, Repo } from '../sources/git.js';
import { historyUnits, type HistorySourceOptions } from '../sources/history.js';
import { CleanBlobCache, matchingKey } from './cache.js';
import { introductions, type Introduction } from './origins.js';
import { placeFindings, withRefs } from './place.js';

export interface HistoryScanOptions extends HistorySourceOptions {
  /** Gitignore-style patterns (from the config): places at these paths are not reported. */
  readonly ignore?: readonly string[];
  /** Skip blobs an earlier audit scanned clean under the same rules, and record this run's (.git/scan-keys/clean-blobs). */
  readonly useCache?: boolean;
}

/** What the placer learnt on its way: which blobs had findings, where the missing objects were, and whether the trace ran. */
interface Traced {
  withFindings: Set<string>;
  missingAt: Map<string, Introduction[]>;
  untraced: boolean;
}

/**
 * Traces findings back to commits once the scan is done, and only for the
 * blobs that had findings (and the objects found missing, to name their
 * paths): one `git log` pass, whatever the history's size, split between the
 * two cores when the commits are many (see introductions); then the refs that
 * reach each finding's commit, so the advice can tell a key on a side branch
 * from one on a kept branch or tag. When the scan covers every ref, the refs
 * are read beside the trace, and the commit graph is the one the blob stream
 * walked: a trace started during the scan slowed it (tried three times, the
 * last in the background at the lowest priority), and a clean audit paid for
 * it too.
 */
function historyPlacer(repo: Repo, revs: readonly string[], patterns: readonly string[], missing: ReadonlySet<string>, traced: Traced, walked: () => CommitWalk | undefined): Placer {
  return async (findings) => {
    const blobs = new Set(findings.flatMap((f) => (f.blob ? [f.blob] : [])));
    traced.withFindings = blobs;
    if (blobs.size === 0 && missing.size === 0) return findings;
    // The trace first: it takes the longest, and each git started costs the main thread a fork.
    const walk = walked();
    const tracing = introductions(repo, revs, new Set([...blobs, ...missing]), { walk });
    // Every ref's commits were walked with --all: the refs then need no walk of their own.
    const ahead = blobs.size > 0 && revs.includes('--all') ? repo.refsAhead(walk) : undefined;
    try {
      const found = await tracing.catch((err: unknown) => {
        // git log reads every commit's trees: one missing tree (a damaged mirror, a treeless clone offline) ends it. The
        // findings then keep the path they were read at, without a commit, and the summary says they were not traced.
        if (missing.size === 0 || !(err instanceof GitError)) throw err;
        traced.untraced = true;
        return new Map<string, Introduction[]>();
      });
      for (const id of missing) traced.missingAt.set(id, found.get(id) ?? []);
      if (blobs.size === 0) return findings;
      const placed = placeFindings(findings, found, await excludedBy(patterns));
      const commits = [...new Set(placed.flatMap((f) => (f.commit ? [f.commit.sha] : [])))];
      return withRefs(placed, await repo.refsContaining(commits, undefined, ahead));
    } finally {
      ahead?.cancel();
    }
  };
}

/** A missing object as the summary lists it: at the first path a commit gave it, or by its id when none did (a tree). */
function namedMissing(s: ShownSkipped, missingAt: ReadonlyMap<string, readonly Introduction[]>): ShownSkipped {
  if (s.skipped !== 'missing') return s;
  const id = String(s.path);
  const first = missingAt.get(id)?.[0];
  return first ? { path: shown(first.path), skipped: 'missing', detail: shown(`blob ${id}, added in ${first.commit.sha.slice(0, 12)}`) } : s;
}

/**
 * The history scan: every unique blob reachable from revs through the one
 * pipeline, findings placed at their commits. The summary says how many
 * commits and blobs the revisions held, so that an empty range is seen as one,
 * and whether objects were missing, so that a partial audit is seen as one.
 */
export async function runHistoryScan(repo: Repo, revs: readonly string[], pipeline: PipelineOptions = {}, options: HistoryScanOptions = {}): Promise<ScanResult> {
  const cache = options.useCache
    ? await CleanBlobCache.open(repo.gitDir, matchingKey(pipeline.rules ?? builtinRules, pipeline.matchers), { pathMatters: (pipeline.matchers ?? []).length > 0 })
    : undefined;
  const missing = new Set<string>();
  const traced: Traced = { withFindings: new Set(), missingAt: new Map(), untraced: false };
  // Walked beside the listing (see Repo.streamBlobs), and given once the listing is done.
  let listed: { readonly commits: number; readonly walk: CommitWalk | undefined } | undefined;
  const onCommits = (commits: number, walk: CommitWalk | undefined): void => {
    listed = { commits, walk };
  };
  const units = historyUnits(repo, revs, { ...options, ...(cache ? { cache } : {}), onMissing: (id) => missing.add(id), onCommits });
  const { findings, summary } = await runPipeline(units, 'history', { ...pipeline, place: historyPlacer(repo, revs, options.ignore ?? [], missing, traced, () => listed?.walk) });
  await cache?.save(traced.withFindings);
  const skipped = missing.size > 0 ? summary.skipped.map((s) => namedMissing(s, traced.missingAt)) : summary.skipped;
  // The stream ends only after rev-list has exited well and given its count: without one, the listing did not finish.
  if (listed === undefined) throw new GitError('git rev-list ended without listing the commits');
  const covered = { commits: listed.commits, blobs: summary.files + summary.skipped.length, files: summary.files, bytes: summary.bytes };
  const incomplete = missing.size > 0 ? { incomplete: { missing: missing.size, ...(traced.untraced ? { untraced: true as const } : {}) } } : {};
  return { findings, summary: { ...summary, skipped, covered, ...incomplete } };
}
