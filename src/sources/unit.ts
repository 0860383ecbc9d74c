/** What sources produce beside units: skipped files, passed-over counts. Sources know nothing of rules. */

// The unit itself belongs to the engine, which consumes it: sources import it from there, never the reverse.
import type { ScanUnit } from '../engine/unit.js';
export type { Commit, LineRanges, ScanUnit } from '../engine/unit.js';

/**
 * Why a file the scan was asked to cover was not read:
 * - binary: a NUL byte in its first 8000 bytes; too-large: over maxFileSize;
 * - unreadable: the file or folder could not be opened or read (detail: the error);
 * - bad-name: its name is not valid UTF-8, so it has no path to report or read it by;
 * - symlink: never followed (its target is scanned where it lives, if inside the scan);
 * - fifo, socket, device: not files with content (a FIFO is never opened: reading one would hang);
 * - missing: a git object the repository lacks (a partial clone, a damaged mirror): history only.
 */
export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'bad-name' | 'symlink' | 'fifo' | 'socket' | 'device' | 'missing';

/** A file a source chose not to scan, and why: reported, never silent. */
export interface SkippedFile {
  readonly path: string;
  readonly skipped: SkipReason;
  readonly detail?: string;
}

/**
 * Files a source read and passed over, because none of the keywords it was
 * given occurs in them and nothing asked to see them (see FileSourceOptions.prefilter):
 * no rule can match there, so they count in the summary but are never scanned.
 */
export interface PassedOver {
  readonly passedOver: number;
  readonly bytes: number;
}

export type SourceItem = ScanUnit | SkippedFile | PassedOver;

export const isSkipped = (item: SourceItem): item is SkippedFile => 'skipped' in item;
export const isPassedOver = (item: SourceItem): item is PassedOver => 'passedOver' in item;

/** git's own test for binary content: a NUL byte in the first 8000 bytes. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/** What lstat or a directory entry can tell about an entry. */
interface EntryType {
  isFIFO(): boolean;
  isSocket(): boolean;
  isSymbolicLink(): boolean;
  isBlockDevice(): boolean;
  isCharacterDevice(): boolean;
}

/** The skip for an entry that is neither a regular file nor a folder; undefined for those two. */
export function notAFile(type: EntryType, path: string): SkippedFile | undefined {
  const skipped: SkipReason | undefined = type.isSymbolicLink()
    ? 'symlink'
    : type.isFIFO()
      ? 'fifo'
      : type.isSocket()
        ? 'socket'
        : type.isBlockDevice() || type.isCharacterDevice()
          ? 'device'
          : undefined;
  return skipped ? { path, skipped } : undefined;
}

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
