import { closeSync, constants, fstatSync, promises as fs, lstatSync, openSync, readSync, type Stats } from 'node:fs';
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
    const skip = tooLarge(st, display, maxFileSize);
    if (skip) return skip;
    const handle = await fs.open(absolute, OPEN_FLAGS);
    try {
      const now = await handle.stat();
      if (!now.isFile()) return notAFile(now, display);
      return tooLarge(now, display, maxFileSize) ?? fromBytes(await handle.readFile(), display);
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
  private memory: Buffer | undefined;
  private large: Buffer | undefined;

  constructor(private readonly budget: number) {}

  take(size: number): Buffer {
    if (size <= this.budget) return (this.memory ??= Buffer.allocUnsafeSlow(this.budget));
    if (!this.large || this.large.length < size) this.large = Buffer.allocUnsafeSlow(size);
    return this.large;
  }
}

/**
 * The same as readFileUnit for a batch of files, blocking, for the reader
 * threads (read-pool.ts): every file's bytes go into one shared allocation
 * (one page-faulting allocation and one transfer per batch, not per file),
 * and a file is opened once, without following a symbolic link, then sized
 * with fstat, instead of lstat then readFile. Files are opened while their
 * sizes fit in `budget`; a file that would take the batch past it is left to
 * the next (unless it is the first, and then it is read alone), and the caller
 * hands the rest out again, so memory stays bounded. A caller that keeps no
 * unit past the next batch passes its `scratch`, to read into the same memory
 * each time. `guard`: the scan's FolderGuard, so that each folder is checked
 * once however many batches hold it.
 */
export function readBatchSync(files: readonly FileToRead[], maxFileSize: number, budget: number, scratch?: Scratch, guard = new FolderGuard()): BatchRead {
  const items: FileItem[] = [];
  const opened: Opened[] = [];
  let total = 0;
  let next = 0;
  for (; next < files.length && total < budget; next++) {
    const o = openToRead(files[next] as FileToRead, maxFileSize, guard);
    if (o && 'fd' in o) {
      if (opened.length > 0 && total + o.size > budget) {
        // Opened again by the next batch: one more open is cheaper than memory of two budgets.
        closeSync(o.fd);
        break;
      }
      opened.push(o);
      total += o.size;
    } else if (o) items.push(o);
  }
  const memory = scratch ? scratch.take(total) : Buffer.allocUnsafeSlow(total);
  let offset = 0;
  for (const o of opened) {
    try {
      const n = readFully(o.fd, memory, offset, o.size);
      items.push(fromBytes(memory.subarray(offset, offset + n), o.file.display));
    } catch (err) {
      const item = failed(err, o.file.display);
      if (item) items.push(item);
    } finally {
      closeSync(o.fd);
    }
    offset += o.size;
  }
  return { items, consumed: next, memory };
}

interface Opened {
  readonly file: FileToRead;
  readonly fd: number;
  readonly size: number;
}

/** An open regular file within the size cap, or the reason it is not read (undefined: not a file to scan). */
function openToRead(file: FileToRead, maxFileSize: number, guard: FolderGuard): Opened | SkippedFile | undefined {
  let fd: number;
  try {
    if (file.guardFrom !== undefined && guard.leadsOut(file.absolute, file.guardFrom)) {
      return { path: file.display, skipped: 'symlink', detail: 'in a folder that is a symbolic link out of the repository' };
    }
    if (O_NOFOLLOW === undefined) {
      const st = lstatSync(file.absolute);
      if (!st.isFile()) return notAFile(st, file.display);
    }
    fd = openSync(file.absolute, OPEN_FLAGS);
  } catch (err) {
    return failed(err, file.display);
  }
  try {
    const st = fstatSync(fd);
    const skip = st.isFile() ? tooLarge(st, file.display, maxFileSize) : notAFile(st, file.display);
    if (st.isFile() && !skip) return { file, fd, size: st.size };
    closeSync(fd);
    return skip;
  } catch (err) {
    closeSync(fd);
    return failed(err, file.display);
  }
}

/** Reads up to `size` bytes (fewer if the file shrank since fstat) into memory at offset. */
function readFully(fd: number, memory: Buffer, offset: number, size: number): number {
  let n = 0;
  while (n < size) {
    const got = readSync(fd, memory, offset + n, size - n, null);
    if (got === 0) break;
    n += got;
  }
  return n;
}

function tooLarge(st: Stats, display: string, maxFileSize: number): SkippedFile | undefined {
  return st.size > maxFileSize ? { path: display, skipped: 'too-large', detail: `${st.size} bytes` } : undefined;
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
