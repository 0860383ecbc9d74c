/** What the engine scans: a unit of bytes with its path, from whatever source. The engine knows nothing of where bytes come from. */

/** Inclusive 1-based line ranges: the lines a commit adds. */
export type LineRanges = readonly (readonly [first: number, last: number])[];

export interface Commit {
  readonly sha: string;
  readonly author: string;
  /** ISO 8601. */
  readonly date: string;
  /** The first line of the message (history traces): text from the repository, so shown before it is printed. */
  readonly subject?: string;
}

export interface ScanUnit {
  /** POSIX path relative to the repository root (or the scan root outside git). */
  readonly path: string;
  readonly bytes: Buffer;
  /** Only matches on these lines count; absent means every line. */
  readonly addedLines?: LineRanges;
  readonly commit?: Commit;
  /** The git blob the bytes were read from (history), so findings can be traced to commits. */
  readonly blob?: string;
  /** A file git ignores (a folder scan lints the ignored .env files): a key there is kept out of git, not leaked. */
  readonly gitIgnored?: boolean;
  /**
   * Every keyword hit in the bytes, as (keyword index, offset) pairs, found
   * by the reader that read them (KeywordSet.hits), with the keyword list
   * whose key is `hitsKey`: the engine then does not search the bytes again.
   */
  readonly hits?: Int32Array;
  readonly hitsKey?: string;
}
