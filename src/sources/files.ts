import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Ignore } from 'ignore';
import { UsageError } from '../errors.js';
import { mapConcurrent } from './concurrent.js';
import { excludedBy } from './excluded.js';
import { Repo } from './git.js';
import { ReaderPool, readerThreadsAvailable, type Prefilter } from './read-pool.js';
import { readFileUnit, type FileToRead } from './read.js';
import { DEFAULT_MAX_FILE_SIZE, type SourceItem } from './unit.js';

export interface FileSourceOptions {
  /** Files and folders to scan; default the current folder. */
  readonly paths?: readonly string[];
  readonly cwd?: string;
  readonly maxFileSize?: number;
  /** Gitignore-style patterns (from the config) for paths to leave out. */
  readonly ignore?: readonly string[];
  /**
   * Lets the reader threads pass over (count, not hand on) files that hold
   * none of the keywords and that `keep` does not ask for. Only for a pipeline
   * whose rules' keywords are all listed, and whose matchers look only at kept paths.
   */
  readonly prefilter?: Prefilter;
  /** The repository holding `cwd` (or undefined for none), when the caller already asked git: saves asking again. */
  readonly cwdRepo?: Repo | undefined;
}

/** Reads in flight at once when reading on the main thread: enough to keep the disk and the thread pool busy. */
const READ_CONCURRENCY = 32;
/**
 * Below this many files, starting a reader thread costs more than it saves.
 * (Starting it while git lists the files saved 20-40 ms on the bench corpus,
 * but cost as much on a 36-file folder: it starts early only when the index
 * of the repository being scanned whole holds this many entries.)
 */
const MIN_FILES_FOR_THREADS = 256;

/** Folders never worth scanning outside a repository (inside one, .gitignore decides). */
const ALWAYS_SKIPPED = ['**/.git/**', '**/node_modules/**'];

/**
 * The files a folder scan covers: inside a git work tree the files git would
 * track (tracked plus untracked-not-ignored); elsewhere every file, with
 * .gitignore files honoured. A file named explicitly is always scanned.
 */
export async function* fileUnits(options: FileSourceOptions = {}): AsyncGenerator<SourceItem> {
  const cwd = options.cwd ?? process.cwd();
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const excluded = await excludedBy(options.ignore);
  const seen = new Set<string>();
  const candidates: FileToRead[] = [];
  const readers: { pool?: ReaderPool } = {};
  const startReaders = () => (readers.pool ??= new ReaderPool(maxFileSize, options.prefilter));
  const args = options.paths?.length ? options.paths : ['.'];
  try {
    for (const arg of args) {
      // Outside git, paths are relative to the folder scanned; with several arguments each keeps the one it came
      // from, so that a.ts in two folders stays two paths.
      const prefix = args.length > 1 ? path.normalize(arg).split(path.sep).join('/') : '';
      const absolute = path.resolve(cwd, arg);
      const known = 'cwdRepo' in options ? { dir: path.resolve(cwd), repo: options.cwdRepo } : undefined;
      for (const c of await candidatesFor(absolute, arg, prefix, startReaders, known)) {
        if (seen.has(c.absolute)) continue;
        seen.add(c.absolute);
        if (excluded?.(c.display)) continue;
        candidates.push(c);
      }
    }
    if (readerThreadsAvailable && candidates.length >= MIN_FILES_FOR_THREADS) {
      yield* startReaders().read(candidates);
      return;
    }
    for await (const item of mapConcurrent(candidates, READ_CONCURRENCY, (c) => readFileUnit(c.absolute, c.display, maxFileSize))) {
      if (item) yield item;
    }
  } finally {
    readers.pool?.close();
  }
}

/** `largeRepo` is called before git lists the files of a whole repository whose index is large: a reader thread can start meanwhile. */
async function candidatesFor(
  absolute: string,
  arg: string,
  prefix: string,
  largeRepo: () => void,
  known?: { dir: string; repo: Repo | undefined },
): Promise<FileToRead[]> {
  let st;
  try {
    st = await fs.lstat(absolute);
  } catch {
    throw new UsageError(`${arg}: no such file or folder`);
  }
  const dir = st.isDirectory() ? absolute : path.dirname(absolute);
  const repo = known?.dir === dir ? known.repo : await Repo.findIfInstalled(dir);
  if (st.isFile()) {
    const display = repo ? repo.relative(absolute) : prefix || path.basename(absolute);
    return [{ absolute, display }];
  }
  if (!st.isDirectory()) return [];
  if (!repo) return (await globFiles(absolute)).map((f) => (prefix ? { ...f, display: path.posix.join(prefix, f.display) } : f));
  if (readerThreadsAvailable && repo.relative(absolute) === '' && (await repo.indexEntries()) >= MIN_FILES_FOR_THREADS) largeRepo();
  return trackedFiles(repo, absolute);
}

async function trackedFiles(repo: Repo, dir: string): Promise<FileToRead[]> {
  const files = await repo.records([
    '--literal-pathspecs',
    'ls-files',
    '-z',
    '--cached',
    '--others',
    '--exclude-standard',
    '--deduplicate',
    '--',
    repo.relative(dir) || '.',
  ]);
  const inside = await withoutSymlinkedFolders(repo.root, files);
  // git prints normalized relative paths: joining by hand gives what path.join would, at a tenth of its cost.
  const root = repo.root.endsWith(path.sep) ? repo.root : repo.root + path.sep;
  const found = inside.map((f) => ({ absolute: path.sep === '/' ? root + f : path.join(root, f), display: f }));
  return [...found, ...(await submoduleFiles(repo, dir))];
}

/**
 * The files of the checked-out submodules under dir, with paths from the top
 * repository's root: a key committed in a submodule leaks with it. Only a
 * repository with a .gitmodules file pays for the look.
 */
async function submoduleFiles(repo: Repo, dir: string): Promise<FileToRead[]> {
  const hasModules = await fs.access(path.join(repo.root, '.gitmodules')).then(
    () => true,
    () => false,
  );
  if (!hasModules) return [];
  const files: FileToRead[] = [];
  for (const sub of await repo.submodules(dir)) {
    const subRoot = path.join(repo.root, sub);
    const subRepo = await Repo.findIfInstalled(subRoot);
    // Not checked out (an empty folder inside the top repository): nothing on disk to scan.
    if (!subRepo || subRepo.root !== subRoot) continue;
    for (const f of await trackedFiles(subRepo, subRoot)) files.push({ ...f, display: `${sub}/${f.display}` });
  }
  return files;
}

/**
 * Drops index entries whose folder now leads outside the tree (say, a tracked
 * folder replaced by a symbolic link to one elsewhere): git itself never reads
 * through such a link, and a scan never leaves its root. One realpath per folder;
 * both sides come from realpath, so case-insensitive file systems compare alike.
 */
async function withoutSymlinkedFolders(root: string, files: readonly string[]): Promise<string[]> {
  const realRoot = await fs.realpath(root);
  const folders = new Set(files.map((f) => path.posix.dirname(f)));
  folders.delete('.');
  const outside = new Set<string>();
  await Promise.all(
    [...folders].map(async (folder) => {
      // A folder that is gone holds nothing to read; readFileUnit skips its files.
      const real = await fs.realpath(path.join(root, folder)).catch(() => undefined);
      if (real === undefined) return;
      const rel = path.relative(realRoot, real);
      if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) outside.add(folder);
    }),
  );
  return outside.size === 0 ? [...files] : files.filter((f) => !outside.has(path.posix.dirname(f)));
}

/**
 * Loaded on first use: together they cost tens of milliseconds of start-up,
 * which the pre-commit hook (and any scan inside git) never needs.
 */
const loadIgnore = async (): Promise<Ignore> => (await import('ignore')).default();
const loadGlob = async () => (await import('fast-glob')).default;

/** Outside git: every file below root, minus what the .gitignore files found on the way exclude. */
async function globFiles(root: string): Promise<FileToRead[]> {
  const fg = await loadGlob();
  const entries = await fg('**', { cwd: root, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ALWAYS_SKIPPED });
  const gitignores = entries.filter((e) => e === '.gitignore' || e.endsWith('/.gitignore'));
  const rules: { base: string; ig: Ignore }[] = [];
  for (const file of gitignores) {
    const text = await fs.readFile(path.join(root, file), 'utf8').catch(() => '');
    const base = path.posix.dirname(file);
    rules.push({ base: base === '.' ? '' : `${base}/`, ig: (await loadIgnore()).add(text) });
  }
  const ignored = (rel: string) =>
    rules.some(({ base, ig }) => rel.startsWith(base) && ig.ignores(rel.slice(base.length)));
  return entries.filter((e) => !ignored(e)).map((e) => ({ absolute: path.join(root, e), display: e }));
}
