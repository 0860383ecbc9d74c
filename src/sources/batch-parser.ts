import { GitError } from '../errors.js';

/**
 * Splits the output of `git cat-file --batch` into objects as chunks arrive.
 * A body that lies inside one chunk is handed on as a view of that chunk (no
 * copy); only an object cut by a chunk boundary is joined, from its own
 * pieces. A body its header says is not wanted is passed over as it streams
 * by, never held, however large.
 */

/** One answer: the object's bytes, or undefined when git says it is missing. */
export type BatchAnswer = Buffer | undefined;

/**
 * What a header line says: the size of the body after it (undefined: no body
 * follows, the object is missing), whether that body is wanted (answered) or
 * passed over, and whether to stop there and read nothing more.
 */
export interface BatchHeader {
  readonly size: number | undefined;
  readonly wanted: boolean;
  readonly stop?: boolean;
}

export type HeaderReader = (line: Buffer) => BatchHeader;

const NEWLINE = 0x0a;
const WANTED_MISSING: BatchHeader = { size: undefined, wanted: true };

/** The header of `--batch='%(objectname) %(objectsize)'`: "<id> <size>", or "<id> missing". */
export function idAndSize(line: Buffer): BatchHeader {
  const tail = line.toString('latin1', line.lastIndexOf(0x20) + 1);
  if (tail === 'missing' || tail === 'ambiguous') return WANTED_MISSING;
  return { size: Number(tail), wanted: true };
}

export class BatchParser {
  /** Pieces of an object cut by a chunk boundary. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Bytes (header, body, newline) the cut object needs in all, once its header is known. */
  private partialNeed = 0;
  /** Where the cut object's body starts in its bytes, past its header. */
  private partialBodyStart = 0;
  /** Bytes still to pass over: the rest of a body that is not wanted, and its newline. */
  private skip = 0;
  private stopped = false;

  constructor(
    private readonly answer: (bytes: BatchAnswer) => void,
    private readonly readHeader: HeaderReader = idAndSize,
  ) {}

  push(chunk: Buffer): void {
    if (this.stopped) return;
    let at = 0;
    if (this.skip > 0) {
      at = Math.min(this.skip, chunk.length);
      this.skip -= at;
    } else if (this.partialBytes > 0) {
      at = this.completePartial(chunk);
      if (at < 0) return;
    }
    this.parseFrom(chunk, at);
  }

  /** True when no object is left half-read (checked once git's output ends). */
  get idle(): boolean {
    return this.partialBytes === 0 && this.skip === 0;
  }

  /** True once a header said to stop: what came after it was not read. */
  get hasStopped(): boolean {
    return this.stopped;
  }

  /** Joins the cut object with the start of `chunk`; the offset where the rest starts, or -1 if the chunk was all absorbed. */
  private completePartial(chunk: Buffer): number {
    if (this.partialNeed === 0) {
      // The header itself was cut (rare: it is a few dozen bytes): parse the joined bytes as one chunk.
      const joined = Buffer.concat([...this.partial, chunk]);
      this.resetPartial();
      this.parseFrom(joined, 0);
      return -1;
    }
    const missing = this.partialNeed - this.partialBytes;
    if (chunk.length < missing) {
      this.keep(chunk);
      return -1;
    }
    // Its header was read already (a header reader may count what it reads): only the body is handed on.
    const whole = Buffer.concat([...this.partial, chunk.subarray(0, missing)], this.partialNeed);
    const bodyStart = this.partialBodyStart;
    this.resetPartial();
    this.answer(whole.subarray(bodyStart, whole.length - 1));
    return missing;
  }

  private parseFrom(data: Buffer, start: number): void {
    let at = start;
    while (at < data.length && !this.stopped) {
      const eol = data.indexOf(NEWLINE, at);
      if (eol === -1) break;
      const header = this.readHeader(data.subarray(at, eol));
      if (header.stop) this.stopped = true;
      if (header.size === undefined) {
        if (header.wanted) this.answer(undefined);
        at = eol + 1;
        continue;
      }
      const end = eol + 1 + header.size + 1;
      if (!Number.isFinite(end) || header.size < 0) throw new GitError(`unexpected output from git cat-file: ${data.toString('utf8', at, Math.min(eol, at + 80))}`);
      if (!header.wanted) {
        this.skip = Math.max(0, end - data.length);
        at = Math.min(end, data.length);
        continue;
      }
      if (end > data.length) {
        this.keep(data.subarray(at));
        this.partialNeed = end - at;
        this.partialBodyStart = eol + 1 - at;
        return;
      }
      this.answer(data.subarray(eol + 1, end - 1));
      at = end;
    }
    if (at < data.length && !this.stopped) this.keep(data.subarray(at));
  }

  private keep(piece: Buffer): void {
    this.partial.push(piece);
    this.partialBytes += piece.length;
  }

  private resetPartial(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.partialNeed = 0;
    this.partialBodyStart = 0;
  }
}
