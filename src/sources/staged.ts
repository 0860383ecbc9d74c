import path from 'node:path';
import { GitError, UsageError } from '../errors.js';
import { mapConcurrent } from './concurrent.js';
import { excludedBy } from './excluded.js';
import { parseAddedLines, parseRaw, type RawEntry } from './diff.js';
import type { Repo } from './git.js';
import { DEFAULT_MAX_FILE_SIZE, looksBinary, type LineRanges, type SourceItem } from './unit.js';

export interface StagedSourceOptions {
  /** Limit the scan to these files or folders (as lint-staged passes them). */
  readonly paths?: readonly string[];
  readonly cwd?: string;
  /** Report every line of a staged file, not only the lines this commit adds. */
  readonly allLines?: boolean;
  readonly maxFileSize?: number;
  /** Gitignore-style patterns (from the config) for paths to leave out. */
  readonly ignore?: readonly string[];
}

/** Arguments of a `git diff-index --cached` against the base, limited to paths (default: the ones asked for). */
type DiffArgs = (extra: string[], paths?: readonly string[]) => string[];

/** A submodule's entry is a commit, not content: its own files are its repository's to scan. */
const SUBMODULE = '160000';
/** A symbolic link's blob is the path it points to: not followed, and listed as skipped. */
const SYMLINK = '120000';

/** Blob reads in flight through cat-file at once. */
const BLOB_CONCURRENCY = 16;

/**
 * The staged content: blobs read from the index (not the working tree) for
 * added, copied, modified and renamed files, each limited to the lines this
 * commit adds unless allLines is set. Works before the first commit too.
 */
export async function* stagedUnits(repo: Repo, options: StagedSourceOptions = {}): AsyncGenerator<SourceItem> {
  // Nothing is ever committed from a bare repository: an empty scan there would be a silent pass.
  if (repo.bare) throw new GitError(`--staged needs a work tree: ${repo.root} is a bare repository`);
  const cwd = options.cwd ?? process.cwd();
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const pathspecs = (options.paths ?? []).map((p) => path.resolve(cwd, p));
  const base = (await repo.head()) ?? (await repo.emptyTree());
  const diffArgs: DiffArgs = (extra, paths = pathspecs) => [
    '--literal-pathspecs',
    'diff-index',
    '--cached',
    '-M',
    '--no-ext-diff',
    '--no-textconv',
    '--ignore-submodules=all',
    ...extra,
    base,
    '--',
    ...paths,
  ];
  // Three git processes start at once, so that their start-ups overlap: the listing, the patch of the
  // modified files (asked for before the listing says there are any: the common case), and cat-file.
  // Deletions are listed only so that a path staged for deletion counts as asked for; they hold nothing to scan.
  const listing = repo.records(diffArgs(['--raw', '-z', '--diff-filter=ACDMRT']));
  const patch = options.allLines ? undefined : repo.run(diffArgs(['-p', '-U0', '--no-color', '--diff-filter=CMR']));
  // Awaited below when a file was modified; this keeps a failure from being reported as unhandled meanwhile.
  patch?.catch(() => undefined);
  repo.startBlobReader();
  try {
    const listed = parseRaw(await listing);
    await expectKnown(repo, options.paths ?? [], pathspecs, listed);
    const entries = listed.filter((e) => e.status !== 'D');
    const added = patch ? await addedLinesOf(entries, patch) : undefined;

    const excluded = await excludedBy(options.ignore);
    const wanted = entries.filter((e) => e.dstMode !== SUBMODULE && !excluded?.(e.path));
    const read = async (e: RawEntry): Promise<SourceItem> => {
      if (e.dstMode === SYMLINK) return { path: e.path, skipped: 'symlink' };
      const bytes = await repo.readBlob(e.dstId);
      if (bytes.length > maxFileSize) return { path: e.path, skipped: 'too-large', detail: `${bytes.length} bytes` };
      if (looksBinary(bytes)) return { path: e.path, skipped: 'binary' };
      // git took this text file for binary (a -diff or binary attribute): ask for a text diff of it alone.
      const addedLines = added?.has(e) ? (added.get(e) ?? (await textDiffOf(repo, e, diffArgs))) : undefined;
      return addedLines ? { path: e.path, bytes, addedLines } : { path: e.path, bytes };
    };
    yield* mapConcurrent(wanted, BLOB_CONCURRENCY, read);
  } finally {
    // Also on a usage error before the first blob: the cat-file process started early must not outlive the scan.
    repo.close();
  }
}

/**
 * Added lines for modified, renamed and copied files, from one -U0 patch.
 * Added files need no patch: every line of theirs is new.
 */
async function addedLinesOf(entries: readonly RawEntry[], patch: Promise<Buffer>): Promise<Map<RawEntry, LineRanges | undefined>> {
  const result = new Map<RawEntry, LineRanges | undefined>();
  // A type change (say, a symbolic link that became a file) prints as two patches: treat it as added.
  const changed = entries.filter((e) => e.status !== 'A' && e.status !== 'T');
  if (changed.length > 0) {
    const perFile = parseAddedLines((await patch).toString('utf8'));
    // Both listings come from the same diff queue in the same order; if they ever disagree, fail closed.
    if (perFile.length !== changed.length) {
      throw new GitError(`could not match the staged diff to its files (${perFile.length} patches for ${changed.length} files)`);
    }
    changed.forEach((e, i) => result.set(e, perFile[i]));
  }
  return result;
}

/**
 * Added lines of one file that git printed as binary, diffed again as text
 * (with its rename source, so that the rename is still found). When git still
 * gives no single text patch, every line counts: never a silent pass.
 */
async function textDiffOf(repo: Repo, e: RawEntry, diffArgs: DiffArgs): Promise<LineRanges | undefined> {
  const paths = e.srcPath === undefined ? [e.path] : [e.srcPath, e.path];
  const patch = await repo.run(diffArgs(['-p', '-U0', '--no-color', '--text', '--diff-filter=CMR'], paths));
  const perFile = parseAddedLines(patch.toString('utf8'));
  return perFile.length === 1 ? perFile[0] : undefined;
}

/**
 * Every path asked for must be staged or tracked: a typo, or a file never
 * added, would otherwise give an empty scan that passes. Paths the diff names
 * (or folders holding them) need no question; the rest are asked of the index
 * in one git call, and one by one only to name the culprit.
 */
async function expectKnown(repo: Repo, args: readonly string[], pathspecs: readonly string[], listed: readonly RawEntry[]): Promise<void> {
  const known = new Set<string>(['']);
  for (const e of listed) for (const p of e.srcPath === undefined ? [e.path] : [e.path, e.srcPath]) addWithFolders(known, p);
  const unmatched = pathspecs.map((absolute, i) => ({ absolute, arg: args[i] ?? absolute })).filter((p) => !known.has(repo.relative(p.absolute)));
  if (unmatched.length === 0) return;
  const inIndex = (paths: readonly string[]) => repo.succeeds(['--literal-pathspecs', 'ls-files', '--error-unmatch', '--', ...paths]);
  if (await inIndex(unmatched.map((p) => p.absolute))) return;
  for (const p of unmatched) {
    if (!(await inIndex([p.absolute]))) throw new UsageError(`${p.arg}: neither staged nor tracked by git, so --staged has nothing to scan there`);
  }
}

/** Adds a path and every folder above it ("a/b/c" adds "a/b/c", "a/b" and "a"). */
function addWithFolders(set: Set<string>, p: string): void {
  for (let at = p.length; at > 0 && !set.has(p.slice(0, at)); at = p.lastIndexOf('/', at - 1)) set.add(p.slice(0, at));
}
