import { cutRecords, EARLY_OUTPUT_BYTES, type CommitWalk, type Repo } from '../sources/git.js';
import type { Commit } from '../sources/unit.js';

/** Where a blob first appeared at one path. */
export interface Introduction {
  readonly path: string;
  readonly commit: Commit;
  /** Position in history order (a parent before its children, then by date): lower is earlier. */
  readonly order: number;
}

/**
 * Up to this many blobs, git itself keeps only the changes that add them
 * (--find-object); beyond it, one unfiltered pass is read and filtered here,
 * rather than a command line of thousands of options.
 */
export const FIND_OBJECT_LIMIT = 256;

/** The byte each commit's header starts with (%x01 in FORMAT). */
const COMMIT_MARK = 0x01;
/** sha, author, date, subject: one NUL-terminated record each. */
const FORMAT = '--format=%x01%H%x00%an <%ae>%x00%aI%x00%s';
const HEADER_FIELDS = 4;

/** What each commit's diff is read with, walked or given. */
function diffArgs(blobs: ReadonlySet<string>, limit: number): string[] {
  return [
    '--no-show-signature',
    // A merge is compared with its first parent: what it brings in (or an evil merge adds) shows as added.
    '--diff-merges=first-parent',
    '--root',
    '--raw',
    '--no-abbrev',
    // A renamed file is a new path: the blob is introduced there too.
    '--no-renames',
    '-z',
    FORMAT,
    ...(blobs.size <= limit ? [...blobs].map((id) => `--find-object=${id}`) : []),
  ];
}

/** Oldest first, and never a child before its parent: the first sighting is the introduction. */
const walkArgs = (revs: readonly string[], blobs: ReadonlySet<string>, limit: number): string[] => ['log', '--reverse', '--date-order', ...diffArgs(blobs, limit), ...revs, '--'];

/** The same log for commits given on stdin, in the order given. */
const givenArgs = (blobs: ReadonlySet<string>, limit: number): string[] => ['log', '--no-walk=unsorted', '--stdin', ...diffArgs(blobs, limit), '--'];

/** From this many commits on, the trace runs as two git processes side by side (see introductions). */
export const SPLIT_TRACE_FROM = 1000;

export interface TraceOptions {
  /** Up to this many blobs, git keeps only the changes that add them (see FIND_OBJECT_LIMIT). */
  readonly findObjectLimit?: number;
  /** The commits of revs, as the blob stream walked them: the trace then splits them in two (see CommitWalk). */
  readonly walk?: CommitWalk | undefined;
  readonly splitFrom?: number;
}

/**
 * For each of the given blobs, every path it appeared at in the history of
 * revs and the first commit that put it there, from one `git log --raw` pass.
 * A shallow clone's oldest commits show all their files as added: there, the
 * introduction is "at or before" that commit.
 *
 * The pass is a walk of every commit's diff, which nothing else in a history
 * audit waits on by then. Given the walk of commits (newest first), it is split
 * in two, one process per half on a core each: each half is given oldest
 * first, so the older half's output and then the newer half's are read in the
 * very order one walk gives.
 */
export async function introductions(repo: Repo, revs: readonly string[], blobs: ReadonlySet<string>, options: TraceOptions = {}): Promise<Map<string, Introduction[]>> {
  const limit = options.findObjectLimit ?? FIND_OBJECT_LIMIT;
  const walk = options.walk;
  // Two commits at least: given no commit on stdin, git log would read HEAD's.
  if (walk && walk.length >= Math.max(2, options.splitFrom ?? SPLIT_TRACE_FROM)) {
    const half = Math.ceil(walk.length / 2);
    const given = (from: number, to: number) => repo.early(givenArgs(blobs, limit), EARLY_OUTPUT_BYTES, oldestFirst(walk, from, to));
    const halves = [given(half, walk.length), given(0, half)];
    const outputs = await Promise.all(halves.map((h) => h.output()));
    // A half that failed or outgrew its cap is dropped: the one walk below then reports a failure as it always did.
    if (outputs.every((o) => o !== undefined)) {
      const parser = new TraceParser(blobs);
      for (const output of outputs) {
        const { records, rest } = cutRecords(output, 0);
        for (const record of records) parser.push(record);
        if (rest.length > 0) parser.push(rest);
      }
      return parser.byBlob;
    }
  }
  const parser = new TraceParser(blobs);
  for await (const records of repo.streamRecords(walkArgs(revs, blobs, limit))) {
    for (const record of records) parser.push(record);
  }
  return parser.byBlob;
}

/** The commit ids of walk[from..to), oldest first, one per line (git log --stdin). */
function oldestFirst(walk: CommitWalk, from: number, to: number): string {
  const ids: string[] = [];
  for (let i = to - 1; i >= from; i--) {
    const line = walk[i] as string;
    const space = line.indexOf(' ');
    ids.push(space === -1 ? line : line.slice(0, space));
  }
  return `${ids.join('\n')}\n`;
}


/** Reads the log's records one by one, keeping the entries that add one of `blobs` (decoding nothing else). */
class TraceParser {
  readonly byBlob = new Map<string, Introduction[]>();
  private readonly seen = new Set<string>();
  private header: Buffer[] | undefined;
  private commit: LazyCommit | undefined;
  private order = -1;
  /** After a raw entry, the next record is its path. */
  private pathNext = false;
  /** The blob of that raw entry, when it is one of ours and the entry does not delete it. */
  private wanted: string | undefined;

  constructor(private readonly blobs: ReadonlySet<string>) {}

  push(record: Buffer): void {
    if (this.pathNext) {
      // The path of the raw entry before: taken whole, whatever its first character.
      this.pathNext = false;
      if (this.commit && this.wanted !== undefined) this.add(this.wanted, record.toString('utf8'), this.commit);
      this.wanted = undefined;
      return;
    }
    if (this.header) {
      this.header.push(record);
      if (this.header.length === HEADER_FIELDS) {
        this.commit = { fields: this.header };
        this.order++;
        this.header = undefined;
      }
      return;
    }
    let at = 0;
    while (record[at] === NEWLINE) at++;
    if (record[at] === COMMIT_MARK) this.header = [record.subarray(at + 1)];
    else if (record[at] === COLON) {
      this.pathNext = true;
      this.wanted = wantedBlob(record, at, this.blobs);
    }
  }

  private add(id: string, path: string, commit: LazyCommit): void {
    const key = `${id}\0${path}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const list = this.byBlob.get(id) ?? [];
    list.push({ path, commit: commitOf(commit), order: this.order });
    this.byBlob.set(id, list);
  }
}

const NEWLINE = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;

/** A commit's header fields, decoded the first time one of its entries is kept (most commits hold none of the blobs). */
interface LazyCommit {
  fields: readonly Buffer[];
  decoded?: Commit;
}

function commitOf(lazy: LazyCommit): Commit {
  if (!lazy.decoded) {
    const [sha = '', author = '', date = '', subject = ''] = lazy.fields.map((f) => f.toString('utf8'));
    lazy.decoded = { sha, author, date, subject };
  }
  return lazy.decoded;
}

/** The destination blob of a raw entry (":mode mode src dst status"), when it is one of `blobs` and the entry does not delete it. */
function wantedBlob(meta: Buffer, at: number, blobs: ReadonlySet<string>): string | undefined {
  let space = at;
  for (let field = 0; field < 3; field++) {
    space = meta.indexOf(SPACE, space + 1);
    if (space === -1) return undefined;
  }
  const end = fieldEnd(meta, space + 1);
  const dstId = meta.toString('latin1', space + 1, end);
  if (!blobs.has(dstId)) return undefined;
  const status = end < meta.length ? meta.toString('latin1', end + 1, fieldEnd(meta, end + 1)) : '';
  return status === 'D' ? undefined : dstId;
}

/** Where the space-separated field starting at `from` ends. */
function fieldEnd(meta: Buffer, from: number): number {
  const space = meta.indexOf(SPACE, from);
  return space === -1 ? meta.length : space;
}
