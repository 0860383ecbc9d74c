import type { Repo } from '../sources/git.js';
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

const COMMIT_MARK = '\x01';
/** sha, author, date, subject: one NUL-terminated record each. */
const FORMAT = '--format=%x01%H%x00%an <%ae>%x00%aI%x00%s';
const HEADER_FIELDS = 4;

function logArgs(revs: readonly string[], blobs: ReadonlySet<string>, limit: number): string[] {
  return [
    'log',
    '--no-show-signature',
    // Oldest first, and never a child before its parent: the first sighting is the introduction.
    '--reverse',
    '--date-order',
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
    ...revs,
    '--',
  ];
}

/**
 * For each of the given blobs, every path it appeared at in the history of
 * revs and the first commit that put it there, from one `git log --raw` pass.
 * A shallow clone's oldest commits show all their files as added: there, the
 * introduction is "at or before" that commit.
 */
export async function introductions(
  repo: Repo,
  revs: readonly string[],
  blobs: ReadonlySet<string>,
  findObjectLimit = FIND_OBJECT_LIMIT,
): Promise<Map<string, Introduction[]>> {
  const byBlob = new Map<string, Introduction[]>();
  const seen = new Set<string>();
  let header: string[] | undefined;
  let commit: Commit | undefined;
  let order = -1;
  let meta: string | undefined;
  for await (const record of repo.streamRecords(logArgs(revs, blobs, findObjectLimit))) {
    if (meta !== undefined) {
      // The path of the raw entry before: taken whole, whatever its first character.
      const [, , , dstId = '', status = ''] = meta.slice(1).split(' ');
      meta = undefined;
      const key = `${dstId}\0${record}`;
      if (commit && status !== 'D' && blobs.has(dstId) && !seen.has(key)) {
        seen.add(key);
        const list = byBlob.get(dstId) ?? [];
        list.push({ path: record, commit, order });
        byBlob.set(dstId, list);
      }
      continue;
    }
    if (header) {
      header.push(record);
      if (header.length === HEADER_FIELDS) {
        const [sha = '', author = '', date = '', subject = ''] = header;
        commit = { sha, author, date, subject };
        order++;
        header = undefined;
      }
      continue;
    }
    const text = record.replace(/^\n+/, '');
    if (text.startsWith(COMMIT_MARK)) header = [text.slice(1)];
    else if (text.startsWith(':')) meta = text;
  }
  return byBlob;
}
