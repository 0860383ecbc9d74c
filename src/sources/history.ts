import { UsageError } from '../errors.js';
import type { Repo } from './git.js';
import { DEFAULT_MAX_FILE_SIZE, looksBinary, type SourceItem } from './unit.js';

/** How far a history scan has come, for a progress line. */
export interface HistoryProgress {
  readonly done: number;
  readonly total: number;
  readonly bytes: number;
  readonly totalBytes: number;
}

export interface HistorySourceOptions {
  readonly maxFileSize?: number;
  /** Called after each blob is read. */
  readonly onProgress?: (progress: HistoryProgress) => void;
}

/** Blob reads in flight through cat-file: enough that git always has the next request. */
const READ_WINDOW = 128;

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

/**
 * Every unique blob reachable from revs, read once, whatever the number of
 * commits and paths that hold it: no per-commit diff is ever scanned. Units
 * carry the blob id (so findings can be traced to commits afterwards) and one
 * of the blob's paths.
 */
export async function* historyUnits(repo: Repo, revs: readonly string[], options: HistorySourceOptions = {}): AsyncGenerator<SourceItem> {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const blobs = await repo.reachableBlobs(revs);
  const wanted = [];
  for (const blob of blobs) {
    if (blob.size > maxFileSize) yield { path: blob.path, skipped: 'too-large', detail: `${blob.size} bytes` };
    else wanted.push(blob);
  }
  const totalBytes = wanted.reduce((n, b) => n + b.size, 0);
  let done = 0;
  let bytesDone = 0;
  try {
    for await (const { bytes } of repo.readBlobs(wanted.map((b) => b.id), READ_WINDOW)) {
      // readBlobs answers in request order.
      const blob = wanted[done++];
      if (!blob) break;
      bytesDone += bytes.length;
      options.onProgress?.({ done, total: wanted.length, bytes: bytesDone, totalBytes });
      if (looksBinary(bytes)) yield { path: blob.path, skipped: 'binary' };
      else yield { path: blob.path, bytes, blob: blob.id };
    }
  } finally {
    repo.close();
  }
}
