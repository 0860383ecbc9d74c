import { GitError } from '../errors.js';

/**
 * Splits the output of `git cat-file --batch='%(objectname) %(objectsize)'`
 * into objects as chunks arrive. A body that lies inside one chunk is handed
 * on as a view of that chunk (no copy); only an object cut by a chunk boundary
 * is joined, from its own pieces.
 */

/** One answer: the object's bytes, or undefined when git says it is missing. */
export type BatchAnswer = Buffer | undefined;

const NEWLINE = 0x0a;

export class BatchParser {
  /** Pieces of an object cut by a chunk boundary. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Bytes (header, body, newline) the cut object needs in all, once its header is known. */
  private partialNeed = 0;

  constructor(private readonly answer: (bytes: BatchAnswer) => void) {}

  push(chunk: Buffer): void {
    let at = 0;
    if (this.partialBytes > 0) {
      at = this.completePartial(chunk);
      if (at < 0) return;
    }
    this.parseFrom(chunk, at);
  }

  /** True when no object is left half-read (checked once git's output ends). */
  get idle(): boolean {
    return this.partialBytes === 0;
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
    const whole = Buffer.concat([...this.partial, chunk.subarray(0, missing)], this.partialNeed);
    this.resetPartial();
    this.parseFrom(whole, 0);
    return missing;
  }

  private parseFrom(data: Buffer, start: number): void {
    let at = start;
    while (at < data.length) {
      const eol = data.indexOf(NEWLINE, at);
      if (eol === -1) break;
      // "<id> <size>" or "<id> missing".
      const space = data.lastIndexOf(0x20, eol);
      const tail = data.toString('latin1', space + 1, eol);
      if (tail === 'missing' || tail === 'ambiguous') {
        this.answer(undefined);
        at = eol + 1;
        continue;
      }
      const end = eol + 1 + Number(tail) + 1;
      if (!Number.isFinite(end)) throw new GitError(`unexpected output from git cat-file: ${data.toString('utf8', at, Math.min(eol, at + 80))}`);
      if (end > data.length) {
        this.keep(data.subarray(at));
        this.partialNeed = end - at;
        return;
      }
      this.answer(data.subarray(eol + 1, end - 1));
      at = end;
    }
    if (at < data.length) this.keep(data.subarray(at));
  }

  private keep(piece: Buffer): void {
    this.partial.push(piece);
    this.partialBytes += piece.length;
  }

  private resetPartial(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.partialNeed = 0;
  }
}
