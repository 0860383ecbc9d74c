import { isUtf8 } from 'node:buffer';
import { existsSync, lstatSync, promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Ignore } from 'ignore';
import { isDotenvPath } from '../dotenv/paths.js';
import { UsageError } from '../errors.js';
import { excludedBy } from './excluded.js';
import { Repo } from './git.js';
import type { Prefilter } from './prefilter.js';
import { ReaderPool, readerThreadsAvailable } from './read-pool.js';
import type { FileToRead } from './read.js';
import { DEFAULT_MAX_FILE_SIZE, notAFile, type SkippedFile, type SourceItem } from './unit.js';
import { holdYoungGenerationFor } from './young-generation.js';

export interface FileSourceOptions {
  /** Files and folders to scan; default the current folder. */
  readonly paths?: readonly string[];
  readonly cwd?: string;
  readonly maxFileSize?: number;
  /** Gitignore-style patterns (from the config) for paths to leave out. */
  readonly ignore?: readonly string[];
  /**
   * Lets the reader threads pass over (count, not hand on) files that hold
   * none of the keywords and whose paths the prefilter does not hand over
   * regardless. Only for a pipeline whose rules' keywords are all listed, and
   * whose matchers look only at the paths handed over.
   */
  readonly prefilter?: Prefilter;
  /** The repository holding `cwd` (or undefined for none), when the caller already asked git: saves asking again. */
  readonly cwdRepo?: Repo | undefined;
}

/**
 * Below this many files, starting a reader thread costs more than it saves.
 * (Starting it while git lists the files saved 20-40 ms on the bench corpus,
 * but cost as much on a 36-file folder: it starts early only when the index
 * of the repository being scanned whole holds this many entries.)
 */
const MIN_FILES_FOR_THREADS = 256;

/** Folders never worth scanning outside a repository (inside one, .gitignore decides). */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/** A path a folder scan covers: a file to read, or one already known not to be read, and why. */
interface Candidate extends FileToRead {
  readonly skipped?: SkippedFile;
  /** A .env file git ignores: linted all the same, and a key in it is kept out of git rather than leaked. */
  readonly gitIgnored?: boolean;
}

const skippedAt = (absolute: string, display: string, skip: Omit<SkippedFile, 'path'>): Candidate => ({
  absolute,
  display,
  skipped: { ...skip, path: display },
});

/** The same candidate shown as `display`. */
function renamed(c: Candidate, display: string): Candidate {
  return c.skipped ? skippedAt(c.absolute, display, c.skipped) : { ...c, display };
}

/**
 * A path's candidates in two parts: what is known at once, and what comes
 * later. Inside git the index lists the tracked files in a few milliseconds,
 * while finding the untracked ones walks the whole tree (20-45 ms on the
 * bench corpus): the tracked files are read during that walk.
 */
interface Listing {
  readonly now: readonly Candidate[];
  readonly later?: Promise<readonly Candidate[]>;
}

const listingOf = (now: readonly Candidate[]): Listing => ({ now });

/** The same candidates, each as `display` gives it, in both parts. */
function mapListing(listing: Listing, display: (c: Candidate) => Candidate): Listing {
  const now = listing.now.map(display);
  return listing.later ? { now, later: listing.later.then((l) => l.map(display)) } : { now };
}

/** The same candidate, its path (and its skip's) under `prefix`. */
const under = (prefix: string, c: Candidate): Candidate => renamed(c, path.posix.join(prefix, c.display));

/** A POSIX path from `from` to `to`. */
const posixRelative = (from: string, to: string) => path.relative(from, to).split(path.sep).join('/');

/**
 * The files a folder scan covers: inside a git work tree the files git would
 * track (tracked plus untracked-not-ignored); elsewhere every file, with
 * .gitignore files honoured. A file named explicitly is always scanned.
 */
export async function* fileUnits(options: FileSourceOptions = {}): AsyncGenerator<SourceItem> {
  const cwd = options.cwd ?? process.cwd();
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const excluded = await excludedBy(options.ignore);
  // Only several paths can name one file twice (`scan-keys src src/a.ts`): one path's listings never overlap
  // (trackedFiles drops the index's repeats of a conflicted path).
  const seen = (options.paths?.length ?? 0) > 1 ? new Set<string>() : undefined;
  // The pool with reader threads (started early for a large index, or for a large part of the listing), and the main thread's alone.
  const readers: { pool?: ReaderPool; alone?: ReaderPool } = {};
  const startReaders = () => (readers.pool ??= new ReaderPool(maxFileSize, options.prefilter));
  // A small job is read on the main thread alone: starting a worker would cost more than it saves.
  const poolFor = (files: readonly FileToRead[]) =>
    readers.pool ?? (files.length >= MIN_FILES_FOR_THREADS ? startReaders() : (readers.alone ??= new ReaderPool(maxFileSize, options.prefilter, 0)));
  const args = options.paths?.length ? options.paths : ['.'];
  /** Candidates not seen before and not excluded, sorted by what becomes of them. */
  const sort = (found: readonly Candidate[]) => {
    const part = { toRead: [] as FileToRead[], ignoredDotenv: [] as FileToRead[], skipped: [] as SkippedFile[] };
    for (const c of found) {
      if (seen?.has(c.absolute)) continue;
      seen?.add(c.absolute);
      if (excluded?.(c.display)) continue;
      if (c.skipped) part.skipped.push(c.skipped);
      else if (c.gitIgnored) part.ignoredDotenv.push(c);
      else part.toRead.push(c);
    }
    return part;
  };
  try {
    const now: Candidate[] = [];
    const later: Promise<readonly Candidate[]>[] = [];
    for (const arg of args) {
      // Outside git, paths are relative to the folder scanned; with several arguments each keeps the one it came
      // from, so that a.ts in two folders stays two paths.
      const prefix = args.length > 1 ? path.normalize(arg).split(path.sep).join('/') : '';
      const absolute = path.resolve(cwd, arg);
      const known = 'cwdRepo' in options ? { dir: path.resolve(cwd), repo: options.cwdRepo } : undefined;
      const named = { arg, prefix, whole: Boolean(options.paths?.length), cwd: path.resolve(cwd) };
      const listing = await candidatesFor(absolute, named, startReaders, known);
      for (const c of listing.now) now.push(c);
      if (listing.later) {
        // Awaited below, after the first part is read; this keeps a failure meanwhile from being unhandled.
        listing.later.catch(() => undefined);
        later.push(listing.later);
      }
    }
    const first = sort(now);
    yield* first.skipped;
    if (first.toRead.length > 0) yield* poolFor(first.toRead).read(first.toRead);
    const rest = sort((await Promise.all(later)).flat());
    yield* rest.skipped;
    if (rest.toRead.length > 0) yield* poolFor(rest.toRead).read(rest.toRead);
    yield* readIgnoredDotenv([...first.ignoredDotenv, ...rest.ignoredDotenv], maxFileSize);
  } finally {
    readers.pool?.close();
    readers.alone?.close();
  }
}

/**
 * The few ignored .env files, read on this thread like a small job and
 * marked as ignored (the readers know nothing of it): a key there is where it
 * belongs. Every one is handed on, whatever it holds: each is linted.
 */
async function* readIgnoredDotenv(files: readonly FileToRead[], maxFileSize: number): AsyncGenerator<SourceItem> {
  if (files.length === 0) return;
  for await (const item of new ReaderPool(maxFileSize, undefined, 0).read(files)) yield 'bytes' in item && 'path' in item ? { ...item, gitIgnored: true } : item;
}

/** A path from the command line, as the scan of it needs it. */
interface Named {
  readonly arg: string;
  /** Outside git with several arguments: the argument its files are shown under. */
  readonly prefix: string;
  /** Named by the user, not the default `.`: a folder git ignores is then scanned whole (a build output, say). */
  readonly whole: boolean;
  /** The current folder, absolute. */
  readonly cwd: string;
}

const isOutside = (from: string, to: string) => {
  const rel = path.relative(from, to);
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
};

/**
 * The candidates for a path, shown relative to the current folder when the
 * path lies outside it and in another repository than the current folder's
 * (or in none): `src/agent.py` of another checkout must not read as the user's own.
 */
async function candidatesFor(
  absolute: string,
  named: Named,
  largeRepo: () => void,
  known?: { dir: string; repo: Repo | undefined },
): Promise<Listing> {
  const found = await candidatesOf(absolute, named, largeRepo, known);
  if (!isOutside(named.cwd, absolute)) return found;
  const cwdRepo = known?.dir === named.cwd ? known.repo : await Repo.findIfInstalled(named.cwd);
  const targetRepo = await Repo.findIfInstalled(path.dirname(absolute));
  if (cwdRepo && targetRepo && cwdRepo.root === targetRepo.root) return found;
  return mapListing(found, (c) => renamed(c, posixRelative(named.cwd, c.absolute)));
}

/** `largeRepo` is called before git lists the files of a whole repository whose index is large: a reader thread can start meanwhile. */
async function candidatesOf(
  absolute: string,
  { arg, prefix, whole }: Named,
  largeRepo: () => void,
  known?: { dir: string; repo: Repo | undefined },
): Promise<Listing> {
  let st;
  try {
    // Blocking: one call, and node:fs/promises is not loaded before the reader thread starts (see Repo.indexEntries).
    st = lstatSync(absolute);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`${arg}: no such file or folder`);
    // It may exist, behind a folder this user cannot search: asked for and not read, so said.
    return listingOf([skippedAt(absolute, prefix || arg, { skipped: 'unreadable', detail: code ?? String(err) })]);
  }
  const dir = st.isDirectory() ? absolute : path.dirname(absolute);
  const repo = known?.dir === dir ? known.repo : await Repo.findIfInstalled(dir);
  if (!st.isDirectory()) {
    const display = repo ? repo.relative(absolute) : prefix || path.basename(absolute);
    // Named on the command line and not a file (a link, a FIFO...): never followed nor opened, but listed.
    const skip = notAFile(st, display);
    if (skip) return listingOf([skippedAt(absolute, display, skip)]);
    // `scan-keys .env` asks about the same file a folder scan lints: a key in it is kept out of git all the same.
    if (repo && isDotenvPath(display) && (await repo.isIgnored(absolute))) return listingOf([{ absolute, display, gitIgnored: true }]);
    return listingOf([{ absolute, display }]);
  }
  if (!repo) return listingOf((await walkFolder(absolute)).map((c) => (prefix ? under(prefix, c) : c)));
  const rel = repo.relative(absolute);
  // What git ignores and the user named (dist/, .next/static/): what the team ships, so scanned whole.
  if (whole && rel !== '' && (await repo.isIgnored(absolute))) return listingOf((await walkFolder(absolute)).map((c) => under(rel, c)));
  if (readerThreadsAvailable && repo.relative(absolute) === '' && (await repo.indexEntries()) >= MIN_FILES_FOR_THREADS) largeRepo();
  return trackedFiles(repo, absolute);
}

/**
 * Command-line excludes beat .gitignore: these let the one listing walk also
 * name the .env files git ignores (a .env is where a key belongs, and its
 * formatting breaks the key all the same, so it is linted). A folder git
 * ignores stays unentered (node_modules/.env is not listed), as gitignore
 * cannot re-include a file whose folder is excluded.
 */
const DOTENV_UNIGNORED = ['-x', '!.env', '-x', '!.env.*', '-x', '!*.env'];

/** A name the excludes above re-include: a .env file, or a folder so named (a virtualenv in .env/). */
const dotenvLikeName = (name: string) => name === '.env' || name.startsWith('.env.') || name.endsWith('.env');

async function trackedFiles(repo: Repo, dir: string): Promise<Listing> {
  const pathspec = repo.relative(dir) || '.';
  // Two listings at once: the index's (no walk) comes first, and its files are read while git walks the tree for the rest.
  const cached = repo.records(['--literal-pathspecs', 'ls-files', '-z', '--cached', '--', pathspec]);
  const others = repo.listing(['--literal-pathspecs', 'ls-files', '-z', '--others', '--exclude-standard', ...DOTENV_UNIGNORED, '--', pathspec]);
  others.catch(() => undefined);
  // git prints normalized relative paths: joining by hand gives what path.join would, at a tenth of its cost.
  const root = repo.root.endsWith(path.sep) ? repo.root : repo.root + path.sep;
  const absolute = (f: string) => (path.sep === '/' ? root + f : path.join(root, f));
  // Only an index entry can lie below a link (git's walk lists a link as a file and never enters it): the readers
  // check its folders before they open it (see FolderGuard), beside the reading rather than before it starts.
  const guardFrom = root.length;
  const now: Candidate[] = [];
  const indexed = await cached;
  holdYoungGenerationFor(indexed.length);
  // A path with a merge conflict is listed once per stage, one after the other: listed once here.
  for (const [i, f] of indexed.entries()) if (f !== indexed[i - 1]) now.push({ absolute: absolute(f), display: f, guardFrom });
  const later = async (): Promise<Candidate[]> => {
    const { records, unopened } = await others;
    holdYoungGenerationFor(indexed.length + records.length);
    const { untracked, ignoredEnv } = await withoutIgnored(repo, records);
    const found: Candidate[] = [];
    for (const f of untracked) found.push({ absolute: absolute(f), display: f });
    // A folder git could not open: its untracked files were never listed.
    for (const u of unopened) found.push(skippedAt(absolute(u.path), u.path, { skipped: 'unreadable', detail: `git could not open the folder: ${u.reason}` }));
    for (const f of ignoredEnv) found.push({ absolute: absolute(f), display: f, gitIgnored: true });
    for (const c of await submoduleFiles(repo, dir)) found.push(c);
    return found;
  };
  return { now, later: later() };
}

/**
 * The untracked paths, with what only the re-includes brought in set apart:
 * the ignored .env files are kept (marked), anything else git ignores (a file
 * inside an ignored .env/ folder, a .env.example.js) is dropped. Only the
 * paths with a .env-like part are asked about: in most repositories none, or
 * the few .env files.
 */
async function withoutIgnored(repo: Repo, others: readonly string[]): Promise<{ untracked: string[]; ignoredEnv: string[] }> {
  const untracked: string[] = [];
  const suspects: string[] = [];
  for (const file of others) {
    // Every .env-like name holds ".env": most paths are settled without being cut into parts.
    if (file.includes('.env') && file.split('/').some(dotenvLikeName)) suspects.push(file);
    else untracked.push(file);
  }
  const ignored = await repo.ignoredAmong(suspects);
  const ignoredEnv: string[] = [];
  for (const file of suspects) {
    if (!ignored.has(file)) untracked.push(file);
    else if (isDotenvPath(file) && !path.posix.dirname(file).split('/').some(dotenvLikeName)) ignoredEnv.push(file);
  }
  return { untracked, ignoredEnv };
}

/**
 * The files of the checked-out submodules under dir, with paths from the top
 * repository's root: a key committed in a submodule leaks with it. Only a
 * repository with a .gitmodules file pays for the look.
 */
async function submoduleFiles(repo: Repo, dir: string): Promise<Candidate[]> {
  if (!existsSync(path.join(repo.root, '.gitmodules'))) return [];
  const files: Candidate[] = [];
  for (const sub of await repo.submodules(dir)) {
    const subRoot = path.join(repo.root, sub);
    const subRepo = await Repo.findIfInstalled(subRoot);
    // Not checked out (an empty folder inside the top repository): nothing on disk to scan.
    if (!subRepo || subRepo.root !== subRoot) continue;
    const listing = await trackedFiles(subRepo, subRoot);
    for (const f of [...listing.now, ...((await listing.later) ?? [])]) files.push(under(sub, f));
  }
  return files;
}

/**
 * Loaded on first use: it costs milliseconds of start-up, which the pre-commit
 * hook (and any scan inside git) never needs. allowRelativePaths: a name such
 * as "..." is a file name here, not a path that climbs.
 */
const loadIgnore = async (): Promise<Ignore> => (await import('ignore')).default({ allowRelativePaths: true });

/** The .gitignore rules met on the way down, each with the folder it applies from ("" or "dir/"). */
type Rules = readonly { readonly base: string; readonly ig: Ignore }[];

const ignoredBy = (rules: Rules, rel: string) => rules.some(({ base, ig }) => rel.startsWith(base) && ig.ignores(rel.slice(base.length)));

/**
 * Outside git: every file below root, minus what the .gitignore files found on
 * the way exclude (an ignored folder is not entered, as git does). Entries are
 * read by their raw names, so a name holding a newline or a carriage return is
 * read like any other; a name that is not UTF-8, a link, a FIFO, a socket, a
 * device and a folder that cannot be listed are skipped and said so.
 */
async function walkFolder(root: string): Promise<Candidate[]> {
  return walkInto(root, '', []);
}

async function walkInto(root: string, rel: string, parentRules: Rules): Promise<Candidate[]> {
  const dir = rel ? path.join(root, rel) : root;
  let entries: Dirent<Buffer>[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return [skippedAt(dir, `${rel || '.'}/`, { skipped: 'unreadable', detail: `could not open the folder: ${code}` })];
  }
  const rules = await withGitignore(dir, rel, entries, parentRules);
  const found: Candidate[] = [];
  const folders: string[] = [];
  for (const entry of entries) {
    const name = entry.name.toString('utf8');
    const relPath = rel ? `${rel}/${name}` : name;
    const absolute = path.join(dir, name);
    const isFolder = entry.isDirectory();
    if (ALWAYS_SKIPPED.has(name) && !entry.isFile()) continue;
    if (ignoredBy(rules, isFolder ? `${relPath}/` : relPath)) continue;
    if (!isUtf8(entry.name)) {
      found.push(skippedAt(absolute, isFolder ? `${relPath}/` : relPath, { skipped: 'bad-name', detail: 'its name is not valid UTF-8' }));
    } else if (isFolder) folders.push(relPath);
    else if (entry.isFile()) found.push({ absolute, display: relPath });
    else {
      const skip = notAFile(entry, relPath);
      if (skip) found.push(skippedAt(absolute, relPath, skip));
    }
  }
  for (const inner of await Promise.all(folders.map((f) => walkInto(root, f, rules)))) for (const c of inner) found.push(c);
  return found;
}

/** The rules in force in a folder: its parent's, plus its own .gitignore when it has one (a regular file: never a FIFO). */
async function withGitignore(dir: string, rel: string, entries: readonly Dirent<Buffer>[], parentRules: Rules): Promise<Rules> {
  if (!entries.some((e) => e.isFile() && e.name.toString('latin1') === '.gitignore')) return parentRules;
  const text = await fs.readFile(path.join(dir, '.gitignore'), 'utf8').catch(() => '');
  return [...parentRules, { base: rel ? `${rel}/` : '', ig: (await loadIgnore()).add(text) }];
}
