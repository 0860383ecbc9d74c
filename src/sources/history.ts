import { UsageError } from '../errors.js';
import type { Repo } from './git.js';
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
  /** Called after each blob is read. */
  readonly onProgress?: (progress: HistoryProgress) => void;
}

/** Blob reads in flight through cat-file, by count and by bytes: enough that git never waits, bounded memory. */
const READ_WINDOW = 256;
const READ_WINDOW_BYTES = 64 * 1024 * 1024;

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

interface Queued {
  readonly path: string;
  readonly id: string;
  readonly size: number;
  /** Absent for a blob over the size cap: it is reported as skipped, never read. */
  readonly bytes?: Promise<Buffer>;
}

/**
 * Every unique blob reachable from revs, read once, whatever the number of
 * commits and paths that hold it: no per-commit diff is ever scanned. Blobs
 * are read while git still lists them, through the shared cat-file process,
 * and yielded in listing order. Units carry the blob id (so findings can be
 * traced to commits afterwards) and one of the blob's paths.
 */
export async function* historyUnits(repo: Repo, revs: readonly string[], options: HistorySourceOptions = {}): AsyncGenerator<SourceItem> {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const queue: Queued[] = [];
  let head = 0;
  let inFlightBytes = 0;
  const progress = { done: 0, total: 0, bytes: 0, totalBytes: 0, listing: true };

  /** The oldest queued blob, once read (in listing order). */
  async function takeOne(): Promise<SourceItem> {
    const q = queue[head] as Queued;
    queue[head++] = undefined as never;
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    }
    if (!q.bytes) return { path: q.path, skipped: 'too-large', detail: `${q.size} bytes` };
    const bytes = await q.bytes;
    inFlightBytes -= q.size;
    progress.done++;
    progress.bytes += bytes.length;
    options.onProgress?.({ ...progress });
    return looksBinary(bytes) ? { path: q.path, skipped: 'binary' } : { path: q.path, bytes, blob: q.id };
  }

  try {
    for await (const batch of repo.reachableBlobs(revs)) {
      for (const blob of batch) {
        while (head < queue.length && (queue.length - head >= READ_WINDOW || inFlightBytes >= READ_WINDOW_BYTES)) yield await takeOne();
        if (blob.size > maxFileSize) {
          queue.push(blob);
          continue;
        }
        const bytes = repo.readBlob(blob.id);
        // Awaited in takeOne; this keeps a failure from being reported as unhandled meanwhile.
        bytes.catch(() => undefined);
        inFlightBytes += blob.size;
        progress.total++;
        progress.totalBytes += blob.size;
        queue.push({ ...blob, bytes });
      }
    }
    progress.listing = false;
    while (head < queue.length) yield await takeOne();
  } finally {
    repo.close();
  }
}
