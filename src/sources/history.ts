import { UsageError } from '../errors.js';
import type { CommitWalk, Repo, StreamedBlob } from './git.js';
import { DEFAULT_MAX_FILE_SIZE, looksBinary, type SourceItem } from './unit.js';

/** How far a history scan has come, for a progress line. */
export interface HistoryProgress {
  readonly done: number;
  /** Blobs listed so far: the final count once `listing` is false. */
  readonly total: number;
  readonly bytes: number;
  readonly totalBytes: number;
  /** True while git is still listing blobs (total and totalBytes still grow). */
  readonly listing: boolean;
}

export interface HistorySourceOptions {
  readonly maxFileSize?: number;
  /** Called after each batch of blobs is read. */
  readonly onProgress?: (progress: HistoryProgress) => void;
  /** Blobs scanned clean before (skipped, their bytes still counted), and where to record the ones read now. */
  readonly cache?: { has(id: string, path: string): boolean; scanned(id: string, path: string): void; readonly size: number };
  /** Called with the id of each object the repository lacks. */
  readonly onMissing?: (id: string) => void;
  /** Called once the blobs are all listed, with the number of commits revs select and their walk (see CommitWalk). */
  readonly onCommits?: (commits: number, walk: CommitWalk | undefined) => void;
}

/**
 * The revisions a history scan covers: those given, or every ref (branches,
 * tags, remote-tracking refs, HEAD, refs/stash) plus the older stash entries,
 * which only the stash's reflog reaches.
 */
export async function historyRevs(repo: Repo, revs: readonly string[] = []): Promise<string[]> {
  for (const rev of revs) {
    if (rev.startsWith('-') || rev === '') throw new UsageError(`'${rev}' is not a revision (history takes branch, tag or commit names, or ranges such as main..topic)`);
  }
  if (revs.length > 0) return [...revs];
  return ['--all', ...(await repo.stashCommits())];
}

const NOTHING = Buffer.alloc(0);

/** What a streamed object becomes for the pipeline. */
function* itemsOf(blob: StreamedBlob, options: HistorySourceOptions): Generator<SourceItem> {
  const cache = options.cache;
  switch (blob.kind) {
    case 'missing':
      options.onMissing?.(blob.id);
      // Its path is not known yet: the trace after the scan names it where it can.
      yield { path: blob.id, skipped: 'missing', detail: `object ${blob.id}, a blob or a tree` };
      return;
    case 'too-large':
      yield { path: blob.path, skipped: 'too-large', detail: `${blob.size} bytes` };
      return;
    case 'known':
      // Scanned clean before: only its name is scanned again (a key can sit in a name), its bytes still count.
      yield { path: blob.path, bytes: NOTHING, blob: blob.id };
      yield { passedOver: 0, bytes: blob.size };
      return;
    case 'blob':
      if (looksBinary(blob.bytes)) {
        yield { path: blob.path, skipped: 'binary' };
        return;
      }
      cache?.scanned(blob.id, blob.path);
      yield { path: blob.path, bytes: blob.bytes, blob: blob.id };
  }
}

/**
 * Every unique blob reachable from revs, read once, whatever the number of
 * commits and paths that hold it: no per-commit diff is ever scanned. Blobs
 * stream from git while it still lists them (see Repo.streamBlobs) and are
 * yielded in listing order. Units carry the blob id (so findings can be
 * traced to commits afterwards) and one of the blob's paths. Objects the
 * repository lacks are yielded as skipped (missing), and the scan goes on.
 */
export async function* historyUnits(repo: Repo, revs: readonly string[], options: HistorySourceOptions = {}): AsyncGenerator<SourceItem> {
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const cache = options.cache;
  const progress = { done: 0, total: 0, bytes: 0, totalBytes: 0, listing: true };
  // An empty cache knows no blob: without `known`, the stream reads the faster way (see Repo.streamBlobs).
  const known = cache && cache.size > 0 ? (id: string, path: string) => cache.has(id, path) : undefined;
  try {
    for await (const batch of repo.streamBlobs(revs, { maxSize, ...(known ? { known } : {}), ...(options.onCommits ? { onListed: options.onCommits } : {}) })) {
      for (const blob of batch.items) {
        yield* itemsOf(blob, options);
        if (blob.kind === 'blob' || blob.kind === 'known') {
          progress.done++;
          progress.bytes += blob.kind === 'blob' ? blob.bytes.length : blob.size;
        }
      }
      if (options.onProgress) options.onProgress({ ...progress, total: batch.listed, totalBytes: batch.listedBytes, listing: batch.listing });
    }
  } finally {
    repo.close();
  }
}
