import { closeSync, constants, fstatSync, promises as fs, lstatSync, openSync, readSync } from 'node:fs';
import { FolderGuard } from './folder-guard.js';
import { looksBinary, notAFile, type ScanUnit, type SkippedFile, type SourceItem } from './unit.js';

/** A file a folder scan reads. */
export interface FileToRead {
  readonly absolute: string;
  /** POSIX path relative to the repository root (or the scan root outside git), for output. */
  readonly display: string;
  /**
   * For an index entry: the length of its work tree's root (with the separator)
   * in `absolute`. The folders below it are checked before the file is opened
   * (see FolderGuard): one that leads out of the work tree is never read through.
   */
  readonly guardFrom?: number;
}

/** O_NOFOLLOW is missing on Windows: lstat decides there, as in readFileUnit. */
const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
/** O_NONBLOCK: a FIFO put in place of a file must not hang the scan (fstat then rejects it). */
const OPEN_FLAGS = O_RDONLY | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0);

/**
 * Reads one file from disk into a unit, or says why it was skipped.
 * Symbolic links are never followed (their target is scanned where it lives,
 * if it lives inside the scan) and a FIFO is never opened: both are skipped,
 * and said so. Folders and vanished files are not files to scan. The file is
 * opened as the reader threads open it, so that one swapped for a link or a
 * FIFO after the lstat is neither followed nor waited on.
 */
export async function readFileUnit(absolute: string, display: string, maxFileSize: number): Promise<SourceItem | undefined> {
  try {
    const st = await fs.lstat(absolute);
    if (!st.isFile()) return notAFile(st, display);
    const skip = tooLarge(st.size, display, maxFileSize);
    if (skip) return skip;
    const handle = await fs.open(absolute, OPEN_FLAGS);
    try {
      const now = await handle.stat();
      if (!now.isFile()) return notAFile(now, display);
      return tooLarge(now.size, display, maxFileSize) ?? fromBytes(await handle.readFile(), display);
    } finally {
      await handle.close();
    }
  } catch (err) {
    return failed(err, display);
  }
}

/** What reading a file gives: its unit, or why it was skipped. */
export type FileItem = ScanUnit | SkippedFile;

export interface BatchRead {
  readonly items: FileItem[];
  /** How many of the files were dealt with: the batch stops early once their sizes reach the budget. */
  readonly consumed: number;
  /** The one allocation that every unit's bytes are a view of (the scratch memory, if it was big enough). */
  readonly memory: Buffer;
}

/**
 * Read memory that a reader whose units do not outlive the next read uses
 * again and again: one allocation of the budget's size per reader, so that
 * reads go into memory already paged in, and malloc is not handed a new size
 * for every batch (that had grown its arenas by tens of megabytes on the npm
 * tree). A file larger than the budget is read alone, into a second
 * allocation kept for the next such file and replaced only by a larger one:
 * memory of its own for each had kept several alive at once until the
 * collector came (23 MB of them on the npm tree's main thread).
 */
export class Scratch {
  private large: Buffer | undefined;

  /** `memory`: the budget's memory, if the reader has some to offer (its search's read area, KeywordSet.readArea). */
  constructor(
    readonly budget: number,
    private memory?: Buffer,
  ) {}

  take(size: number): Buffer {
    if (size <= this.budget) return (this.memory ??= Buffer.allocUnsafeSlow(this.budget));
    if (!this.large || this.large.length < size) this.large = Buffer.allocUnsafeSlow(size);
    return this.large;
  }
}

/**
 * Where a batch is read when the caller keeps its units (no scratch): the
 * same budget-sized memory each time, copied out to an allocation of the
 * batch's own size. Module state is per thread, and a read never yields.
 */
let transient: Scratch | undefined;
const transientFor = (budget: number): Scratch => (transient?.budget === budget ? transient : (transient = new Scratch(budget)));

/**
 * The same as readFileUnit for a batch of files, blocking, for the reader
 * threads (read-pool.ts): every file's bytes go into one shared allocation
 * (one page-faulting allocation and one transfer per batch, not per file).
 * A file is opened once, without following a symbolic link, and read to its
 * end into the room left in the budget: no stat for a file that fits (the
 * Stats object cost more than the read on a tree of small files). Only a
 * file that reads empty, fills the room or fails to read is asked about
 * with fstat: a FIFO or a device, a file too large, or one that does not fit.
 * Files are read while the budget has room; a file that would take the batch
 * past it is left to the next (unless it is the first, and then it is read
 * alone), and the caller hands the rest out again, so memory stays bounded.
 * A caller that keeps no unit past the next batch passes its `scratch`, to
 * read into the same memory each time. `guard`: the scan's FolderGuard, so
 * that each folder is checked once however many batches hold it.
 */
export function readBatchSync(files: readonly FileToRead[], maxFileSize: number, budget: number, scratch?: Scratch, guard = new FolderGuard()): BatchRead {
  const area = (scratch ?? transientFor(budget)).take(budget);
  const items: FileItem[] = [];
  /** Each read file's display path and where its bytes lie in the area. */
  const read: { readonly display: string; readonly at: number; readonly n: number }[] = [];
  let total = 0;
  let next = 0;
  /** The memory of a file larger than the budget, read alone (any file read before it was empty). */
  let large: Buffer | undefined;
  for (; next < files.length && total < budget; next++) {
    const file = files[next] as FileToRead;
    const fd = openToRead(file, guard);
    if (typeof fd !== 'number') {
      if (fd) items.push(fd);
      continue;
    }
    try {
      const room = Math.min(budget - total, maxFileSize + 1);
      const outcome = readInto(fd, area, total, room);
      if (typeof outcome === 'number' && outcome > 0 && outcome < room) {
        read.push({ display: file.display, at: total, n: outcome });
        total += outcome;
        continue;
      }
      const st = fstatSync(fd);
      const skip = st.isFile() ? tooLarge(Math.max(st.size, typeof outcome === 'number' ? outcome : 0), file.display, maxFileSize) : notAFile(st, file.display);
      if (!st.isFile() || skip) {
        if (skip) items.push(skip);
      } else if (typeof outcome !== 'number') {
        const item = failed(outcome, file.display);
        if (item) items.push(item);
      } else if (outcome === 0) {
        read.push({ display: file.display, at: total, n: 0 });
      } else if (total > 0) {
        // Too large for the room left: opened again by the next batch (one more open is cheaper than memory of two budgets).
        break;
      } else {
        // Larger than the budget, and first: read alone, into the scratch's memory for large files (or memory of its own).
        const size = Math.max(st.size, outcome);
        large = scratch ? scratch.take(size) : Buffer.allocUnsafeSlow(size);
        area.copy(large, 0, 0, outcome);
        const rest = readInto(fd, large, outcome, large.length - outcome);
        if (typeof rest === 'number') read.push({ display: file.display, at: 0, n: outcome + rest });
        else {
          const item = failed(rest, file.display);
          if (item) items.push(item);
        }
        next++;
        break;
      }
    } catch (err) {
      const item = failed(err, file.display);
      if (item) items.push(item);
    } finally {
      closeSync(fd);
    }
  }
  // Units kept by the caller get memory of their own, the size of what was read.
  const memory = large ?? (scratch ? area : Buffer.allocUnsafeSlow(total));
  if (!large && !scratch) area.copy(memory, 0, 0, total);
  for (const r of read) items.push(fromBytes(memory.subarray(r.at, r.at + r.n), r.display));
  return { items, consumed: next, memory };
}

/** An open file descriptor, or the reason the file is not read (undefined: not a file to scan). */
function openToRead(file: FileToRead, guard: FolderGuard): number | SkippedFile | undefined {
  try {
    if (file.guardFrom !== undefined && guard.leadsOut(file.absolute, file.guardFrom)) {
      return { path: file.display, skipped: 'symlink', detail: 'in a folder that is a symbolic link out of the repository' };
    }
    if (O_NOFOLLOW === undefined) {
      const st = lstatSync(file.absolute);
      if (!st.isFile()) return notAFile(st, file.display);
    }
    return openSync(file.absolute, OPEN_FLAGS);
  } catch (err) {
    return failed(err, file.display);
  }
}

/**
 * Reads into memory at offset until the end of the file or `room` bytes: how
 * many it read, or the error a read threw (a folder's EISDIR, a FIFO's EAGAIN).
 */
function readInto(fd: number, memory: Buffer, offset: number, room: number): number | Error {
  let n = 0;
  try {
    while (n < room) {
      const got = readSync(fd, memory, offset + n, room - n, null);
      if (got === 0) break;
      n += got;
    }
  } catch (err) {
    return err as Error;
  }
  return n;
}

function tooLarge(size: number, display: string, maxFileSize: number): SkippedFile | undefined {
  return size > maxFileSize ? { path: display, skipped: 'too-large', detail: `${size} bytes` } : undefined;
}

function fromBytes(bytes: Buffer, display: string): FileItem {
  return looksBinary(bytes) ? { path: display, skipped: 'binary' } : { path: display, bytes };
}

function failed(err: unknown, display: string): SkippedFile | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  // A name that is not UTF-8 comes out of git's listing with U+FFFD in it, and no such file exists: say so.
  if (code === 'ENOENT' && display.includes('\uFFFD')) return { path: display, skipped: 'bad-name', detail: 'its name is not valid UTF-8' };
  // With O_NOFOLLOW a symbolic link fails to open (ELOOP; EMLINK on FreeBSD): never followed, and said so.
  if (code === 'ELOOP' || code === 'EMLINK') return { path: display, skipped: 'symlink' };
  // Deleted from the work tree but still in the index, or removed while we scanned.
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
  return { path: display, skipped: 'unreadable', detail: code ?? String(err) };
}
