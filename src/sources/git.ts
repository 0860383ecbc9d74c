import { closeSync, constants, openSync, readdirSync, readSync } from 'node:fs';
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import path from 'node:path';
import { GitError } from '../errors.js';
import { BatchParser, type BatchHeader } from './batch-parser.js';

/**
 * The only module that runs git. Output is read NUL-separated wherever git
 * offers it, so names with spaces, quotes, newlines or any unicode survive;
 * blobs are read through one long-lived `git cat-file --batch` process.
 */

/** Settings that keep git's output machine-readable whatever the user's config says. */
const BASE_ARGS = ['-c', 'core.quotePath=false', '-c', 'color.ui=false'];

interface RunResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  );
}

function exec(cwd: string, args: readonly string[], input?: Buffer): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn('git', [...BASE_ARGS, ...args], { cwd, env: gitEnv(args) });
    } catch (err) {
      reject(spawnError(err));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(spawnError(e)));
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.end(input);
  });
}

interface Started {
  /** The git command (log, cat-file...), for messages. */
  readonly name: string;
  readonly child: ChildProcess;
  readonly stdout: Readable;
  /** Resolves when git has exited; stdout is left to the caller. */
  readonly done: Promise<{ code: number; stderr: string }>;
}

/**
 * Starts git for callers that stream its output (exec collects it instead).
 * `stdin` may be another git's stdout: the two are joined by a pipe that this
 * process never reads, so the data does not pass through Node.
 */
function startGit(cwd: string, args: readonly string[], stdin: Readable | 'pipe' | 'ignore' = 'ignore'): Started {
  const child = spawn('git', [...BASE_ARGS, ...args], { cwd, env: gitEnv(args), stdio: [stdin, 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin?.on('error', () => {
    /* git exited early: its exit code and stderr tell why */
  });
  const done = new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    child.on('error', (e) => reject(spawnError(e)));
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
  if (!child.stdout) throw new GitError('could not read from git');
  return { name: args[0] ?? 'git', child, stdout: child.stdout, done };
}

/**
 * A started git's stdout split at `separator`, one array of complete records
 * per chunk read; a failure (non-zero exit) is a GitError with git's first
 * line. If the caller stops early, git is ended.
 */
async function* splitOutput(run: Started, separator: number): AsyncGenerator<string[]> {
  for await (const records of splitBytes(run, separator)) yield records.map((r) => r.toString('utf8'));
}

/** The records of `data` that `separator` ends (views of it, no copy), and the bytes after the last one: a record not yet ended. */
export function cutRecords(data: Buffer, separator: number): { records: Buffer[]; rest: Buffer } {
  const records: Buffer[] = [];
  let at = 0;
  for (let end = data.indexOf(separator, at); end !== -1; end = data.indexOf(separator, at)) {
    records.push(data.subarray(at, end));
    at = end + 1;
  }
  return { records, rest: data.subarray(at) };
}

/** splitOutput, the records left as bytes (views of git's output): for a parser that decodes only what it keeps. */
async function* splitBytes(run: Started, separator: number): AsyncGenerator<Buffer[]> {
  let pending: Buffer = Buffer.alloc(0);
  let finished = false;
  try {
    for await (const chunk of run.stdout as AsyncIterable<Buffer>) {
      const { records, rest } = cutRecords(pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk, separator);
      pending = rest;
      if (records.length > 0) yield records;
    }
    const r = await run.done;
    finished = true;
    if (r.code !== 0) throw new GitError(`git ${run.name} failed: ${firstLine(r.stderr) || `exit code ${r.code}`}`);
    if (pending.length > 0) yield [pending];
  } finally {
    if (!finished) run.child.kill();
  }
}

/** How much output a git started ahead of need may hold (past it, the run is dropped and done again when needed). */
export const EARLY_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The output of a git started before it is known to be needed, so that it
 * runs while the machine has time to spare (a history scan waits on
 * cat-file): held whole while it stays under `cap` bytes. Past the cap, or if
 * git fails, it is dropped and `output` gives undefined: the caller then runs
 * git itself, so a failure is reported where it always was.
 */
export class EarlyOutput {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly held: Promise<Buffer | undefined>;

  constructor(private readonly run: Started, cap: number) {
    run.stdout.on('data', (chunk: Buffer) => {
      const fitted = this.size <= cap;
      this.size += chunk.length;
      if (this.size <= cap) this.chunks.push(chunk);
      else if (fitted) {
        this.chunks.length = 0;
        run.child.kill();
      }
    });
    this.held = run.done.then(
      (r) => (r.code === 0 && this.size <= cap ? Buffer.concat(this.chunks, this.size) : undefined),
      () => undefined,
    );
  }

  /** The whole output, or undefined when it was dropped. */
  output(): Promise<Buffer | undefined> {
    return this.held;
  }

  /** Ends git if it still runs: its output will not be wanted. */
  cancel(): void {
    this.run.child.kill();
  }
}

/** git itself could not be found: a folder scan can do without it; staged and history scans cannot. */
export class GitNotInstalled extends GitError {}

function spawnError(err: unknown): GitError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new GitNotInstalled('git is not installed or not on PATH');
  return new GitError(`could not run git: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * The environment of every git call: no pager, no prompts, and git's
 * messages in English so that we can tell errors apart. GIT_NO_LAZY_FETCH:
 * in a partial clone, git would fetch a missing object from the remote the
 * moment a command needs it (a tree for rev-list or log); a scan never
 * reaches the network, so the object is missing instead, and said to be.
 * Only an explicit fetch (ci deepening a shallow clone) goes to the network.
 * Git has honoured it since its 2024 security releases (2.39.4, 2.45.1).
 */
function gitEnv(args: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  if (args[0] !== 'fetch') env.GIT_NO_LAZY_FETCH = '1';
  return env;
}

/** Splits NUL-terminated records; the last one may lack its terminator. */
export function splitNul(buf: Buffer): string[] {
  const text = buf.toString('utf8');
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** A folder git could not open while listing files, with its path from the root (ending in /) and git's reason. */
export interface Unopened {
  readonly path: string;
  readonly reason: string;
}

const UNOPENED = "warning: could not open directory '";

/**
 * git's "could not open directory 'dir/': Permission denied" warnings. git
 * prints the path raw, newlines included, so a warning runs to the next one
 * (or the end) and its path to the last "': " in it, not to the end of a line.
 */
export function unopenedFolders(stderr: string): Unopened[] {
  const found: Unopened[] = [];
  for (const part of stderr.split(UNOPENED).slice(1)) {
    const end = part.lastIndexOf("': ");
    if (end === -1) continue;
    found.push({ path: part.slice(0, end), reason: part.slice(end + 3).split('\n', 1)[0] ?? '' });
  }
  return found;
}

/** What the history's blob stream gives, in listing order. `path`: one path the blob was reached by (rev-list names each object once, and cuts a name at a newline). */
export type StreamedBlob =
  | { readonly kind: 'blob'; readonly id: string; readonly path: string; readonly bytes: Buffer }
  | { readonly kind: 'too-large' | 'known'; readonly id: string; readonly path: string; readonly size: number }
  /** An object the repository lacks: a blob, or a tree whose blobs are then unknown. */
  | { readonly kind: 'missing'; readonly id: string };

export interface BlobStreamOptions {
  /** Blobs larger than this are listed as too-large, never read. */
  readonly maxSize: number;
  /** Blobs not to read (already scanned clean): listed as known, with their size. Given, the stream reads the batch-check way (see Repo.streamBlobs). */
  readonly known?: (id: string, path: string) => boolean;
  /** Bytes of blobs read from cat-file and not yet handed on, at most (past it, its output is not read). */
  readonly windowBytes?: number;
  /** Bytes of too-large blobs a first audit may read and pass over before the listing that never reads them takes over (see streamBlobs). */
  readonly tooLargeReadBytes?: number;
  /**
   * Called once rev-list has listed everything, with the number of commits it
   * walked (what `rev-list --count` says) and, up to COMMIT_WALK_LIMIT of
   * them, the walk itself (see CommitWalk).
   */
  readonly onListed?: (commits: number, walk: CommitWalk | undefined) => void;
}

const HEAD_COMMIT = 'HEAD^{commit}';

/**
 * The commits of a history scan, newest first in `--date-order` (never a
 * parent before its children), one line each: "<commit> <parent>...". The
 * trace splits them between two processes, and the refs walk reads them
 * backwards (see introductions and refsContaining).
 */
export type CommitWalk = readonly string[];

/** Past this many commits, a history scan keeps only their count, not their walk. */
export const COMMIT_WALK_LIMIT = 200_000;

/** A batch of the stream, and how far listing has come (for a progress line). */
export interface BlobBatch {
  readonly items: readonly StreamedBlob[];
  /** Blobs listed so far and their bytes: final once `listing` is false. */
  readonly listed: number;
  readonly listedBytes: number;
  readonly listing: boolean;
}

const STREAM_WINDOW_BYTES = 64 * 1024 * 1024;
/** A repository with more than this of blobs over the size cap is better listed with batch-check, which never reads them. */
const TOO_LARGE_READ_BYTES = 64 * 1024 * 1024;
/** One listed object: its type, id, size and path ("%(rest)": the name rev-list gave it). */
const CHECK_FORMAT = '%(objecttype) %(objectname) %(objectsize) %(rest)';
/** The listing a history stream starts with: blobs only, or every object with the missing ones named. */
type Listing = 'blobs' | 'naming-missing';
const NO_BODY: BatchHeader = { size: undefined, wanted: false };

const SPACE = 0x20;
const TREE = Buffer.from('tree ');
const BLOB = Buffer.from('blob ');
const MISSING = Buffer.from(' missing');
/**
 * True when `line` holds `part` at `at`. This and the two below are loops,
 * not Buffer.compare, indexOf or toString: the calls into Node's Buffer code,
 * once per line, had cost more than the checks.
 */
function holds(line: Buffer, part: Buffer, at: number): boolean {
  if (at < 0 || at + part.length > line.length) return false;
  for (let i = 0; i < part.length; i++) if (line[at + i] !== part[i]) return false;
  return true;
}
/** Where the space-separated field starting at `from` ends: at its space, or at the line's end. */
function fieldEnd(line: Buffer, from: number): number {
  let at = from;
  while (at < line.length && line[at] !== SPACE) at++;
  return at;
}

/** The number written in bytes from..to (git's decimal size), read without making a string of it. */
function decimal(line: Buffer, from: number, to: number): number {
  let n = 0;
  for (let at = from; at < to; at++) {
    const digit = (line[at] as number) - 0x30;
    if (digit < 0 || digit > 9) return Number(line.toString('latin1', from, to));
    n = n * 10 + digit;
  }
  return n;
}
const startsWith = (line: Buffer, head: Buffer): boolean => holds(line, head, 0);
const endsWith = (line: Buffer, tail: Buffer): boolean => holds(line, tail, line.length - tail.length);

const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a, 32 bits, of bytes from..to of `bytes`, continued from `hash`. */
function fnv(hash: number, bytes: Buffer, from: number, to: number): number {
  let h = hash;
  for (let i = from; i < to; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193) >>> 0;
  return h;
}

/** A wake-up that is not lost when it comes before the wait. */
class Signal {
  private woken = false;
  private waiter: (() => void) | undefined;

  wake(): void {
    this.woken = true;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  async wait(): Promise<void> {
    if (!this.woken) await new Promise<void>((resolve) => (this.waiter = resolve));
    this.woken = false;
  }
}

/** A listed object in the queue; `asked`: its bytes were asked of cat-file (and count in the window once read, until handed on). */
type Slot = { item: StreamedBlob | undefined; readonly id: string; readonly path: string; readonly size: number; readonly asked?: boolean };

/**
 * The order of a blob stream: listed objects wait in one queue, in listing
 * order, and leave it as soon as those before them are answered; reads are
 * answered by cat-file in the order they were asked.
 */
export class BlobFlow {
  private readonly order: Slot[] = [];
  private head = 0;
  private readonly asked: Slot[] = [];
  private askedHead = 0;
  /** Bytes read from cat-file and not yet handed on. */
  private held = 0;
  private full = false;
  /** Stop and restart reading cat-file's output (set by the stream): the window is what bounds memory. */
  onFull: (() => void) | undefined;
  onRoom: (() => void) | undefined;
  private listed = 0;
  private listedBytes = 0;
  private listing = true;
  /** The first listing's blobs still to pass over in a second one, and the hash of their ids. */
  private repeat: { left: number; readonly hash: number } | undefined;
  /** FNV-1a of the ids of the blobs listed so far. */
  private idHash = FNV_OFFSET;
  /** Called when listed objects were queued (some may be ready without a read). */
  onQueued: (() => void) | undefined;

  constructor(private readonly options: BlobStreamOptions) {}

  /** Reads batch-check lines, queues each object and asks for the blobs to read, one write per batch. */
  async pump(lines: AsyncIterable<Buffer[]>, out: Writable): Promise<void> {
    for await (const batch of lines) {
      const ids: string[] = [];
      for (const line of batch) {
        const id = this.queue(line);
        if (id) ids.push(id);
      }
      this.onQueued?.();
      // Only the pipe holds the pump back: waiting on answers here could wait on output cat-file --buffer still holds.
      if (ids.length > 0 && !out.write(`${ids.join('\n')}\n`)) await once(out, 'drain');
    }
  }

  /**
   * Queues the object of a header line from the first way's cat-file (a
   * batch-check line: see queue) and says what the parser does with its
   * body: reads it when it is a blob to read; passes over it otherwise (a
   * too-large blob, a commit or a tag rev-list named). No body follows a
   * line of two fields, "<id> missing".
   */
  listedHeader(line: Buffer): BatchHeader {
    const wanted = this.queue(line) !== undefined;
    const idEnd = fieldEnd(line, fieldEnd(line, 0) + 1);
    if (idEnd >= line.length) return NO_BODY;
    return { size: decimal(line, idEnd + 1, fieldEnd(line, idEnd + 1)), wanted };
  }

  /** Listing is over: the counts are final. */
  endListing(): void {
    this.listing = false;
  }

  /**
   * A second listing starts (the first stopped at a missing object): its
   * first blobs are the ones listed already, in the same order, and are
   * passed over; their ids' hash must match, or the stream fails.
   */
  relist(): void {
    this.repeat = this.listed > 0 ? { left: this.listed, hash: this.idHash } : undefined;
    this.idHash = FNV_OFFSET;
  }

  /**
   * Queues one batch-check line ("<type> <id> <size> <path>"); the id when
   * the blob is to be read. Most lines are trees, dropped before any string
   * is made of them: decoding every line had been a tenth of the main
   * thread's work in a history audit.
   */
  private queue(line: Buffer): string | undefined {
    if (startsWith(line, TREE)) return undefined;
    if (!startsWith(line, BLOB)) {
      // "?<id> missing": rev-list's "?<id>" for an object the repository lacks; "<id> missing": one git cannot read (corrupt).
      if (endsWith(line, MISSING)) this.queueMissing(line.toString('latin1'));
      return undefined;
    }
    const idEnd = fieldEnd(line, BLOB.length);
    if (idEnd === line.length) return undefined;
    this.idHash = fnv(this.idHash, line, BLOB.length, idEnd);
    if (this.repeat) {
      // Listed by the first listing: passed over, and once they are all passed, checked to be the same ones.
      if (--this.repeat.left === 0) {
        if (this.repeat.hash !== this.idHash) throw new GitError('git rev-list listed the blobs in another order the second time: run the audit again');
        this.repeat = undefined;
      }
      return undefined;
    }
    const sizeEnd = fieldEnd(line, idEnd + 1);
    const id = line.toString('latin1', BLOB.length, idEnd);
    const size = decimal(line, idEnd + 1, sizeEnd);
    const path = line.toString('utf8', sizeEnd + 1);
    this.listed++;
    this.listedBytes += size;
    if (size > this.options.maxSize) {
      this.order.push({ item: { kind: 'too-large', id, path, size }, id, path, size });
      return undefined;
    }
    if (this.options.known?.(id, path)) {
      this.order.push({ item: { kind: 'known', id, path, size }, id, path, size });
      return undefined;
    }
    const slot: Slot = { item: undefined, id, path, size, asked: true };
    this.order.push(slot);
    this.asked.push(slot);
    return id;
  }

  private queueMissing(line: string): void {
    const parts = line.split(' ');
    if (parts.length !== 2) return;
    const id = (parts[0] as string).replace(/^\?/, '');
    this.order.push({ item: { kind: 'missing', id }, id, path: '', size: 0 });
  }

  /** cat-file's next answer: the bytes of the oldest blob asked for. */
  answered(bytes: Buffer | undefined): void {
    const slot = this.asked[this.askedHead];
    if (!slot) throw new GitError('git cat-file answered more objects than were asked for');
    this.asked[this.askedHead++] = undefined as never;
    if (this.askedHead > 4096) {
      this.asked.splice(0, this.askedHead);
      this.askedHead = 0;
    }
    slot.item = bytes ? { kind: 'blob', id: slot.id, path: slot.path, bytes } : { kind: 'missing', id: slot.id };
    this.held += slot.size;
    if (!this.full && this.held > (this.options.windowBytes ?? STREAM_WINDOW_BYTES)) {
      this.full = true;
      this.onFull?.();
    }
  }

  /** The objects at the front of the queue whose turn has come. */
  ready(): BlobBatch {
    const items: StreamedBlob[] = [];
    let handedOn = 0;
    while (this.head < this.order.length) {
      const slot = this.order[this.head] as Slot;
      if (!slot.item) break;
      items.push(slot.item);
      if (slot.asked) handedOn += slot.size;
      this.order[this.head++] = undefined as never;
    }
    this.held -= handedOn;
    if (this.full && this.held <= (this.options.windowBytes ?? STREAM_WINDOW_BYTES)) {
      this.full = false;
      this.onRoom?.();
    }
    if (this.head > 4096) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
    return { items, listed: this.listed, listedBytes: this.listedBytes, listing: this.listing };
  }
}

interface RefTip {
  readonly ref: string;
  readonly commit: string;
}

/** The refs and the graph walk of refsContaining, started ahead (see Repo.refsAhead). */
export class RefsAhead {
  constructor(
    readonly tips: Promise<RefTip[]>,
    readonly walk: Promise<EarlyOutput | undefined>,
    /** A walk of every ref's commits known already (a history scan's of --all), used instead of walking again. */
    readonly known?: CommitWalk,
  ) {
    tips.catch(() => undefined);
    walk.catch(() => undefined);
  }

  /** The walk's lines, parents first (a known walk read backwards); undefined when the walk was dropped. */
  async lines(): Promise<Iterable<string> | undefined> {
    if (this.known) return backwards(this.known);
    return (await (await this.walk.catch(() => undefined))?.output())?.toString('latin1').split('\n').slice(0, -1);
  }

  /** Ends the walk if it still runs: no finding needs it. */
  cancel(): void {
    this.walk.then(
      (walk) => walk?.cancel(),
      () => undefined,
    );
  }
}

/**
 * HEAD's ref and whether a stash exists, from the last lines of find's
 * rev-parse: "<ref>" (or "HEAD" when detached), then "refs/stash" when there
 * is one. git prints no ref for an ambiguous HEAD (a tag named HEAD), so one
 * line that says refs/stash could be either: then neither is known, and git is
 * asked again when they are needed.
 */
function headAndStash(lines: readonly string[]): { headRef: string | undefined; stash: boolean | undefined } {
  const [first, second] = lines;
  if (lines.length === 2 && second === 'refs/stash') return { headRef: first, stash: true };
  if (lines.length === 1 && first !== 'refs/stash') return { headRef: first, stash: false };
  return { headRef: undefined, stash: undefined };
}

/** The lines of a walk, last first: a `--date-order` walk then gives every parent before its children. */
function* backwards(walk: CommitWalk): Generator<string> {
  for (let i = walk.length - 1; i >= 0; i--) yield walk[i] as string;
}

/** How many finding commits a history report looks up the refs of (a bit each per commit of the graph walk). */
export const REFS_LOOKUP_LIMIT = 1024;

export class Repo {
  private blobReader: BlobReader | undefined;
  /** HEAD's commit as `find` saw it (null: no commit yet), so that --staged asks git one question fewer. */
  private knownHead: string | null | undefined;
  /** The ref HEAD is on, known since find (null: detached); undefined when not known (before the first commit). */
  private knownRef: string | null | undefined;
  /** Whether the clone is shallow and whether refs/stash exists, known since find (undefined: ask git). */
  private knownShallow: boolean | undefined;
  private knownStash: boolean | undefined;

  private constructor(
    /** Absolute path of the work tree's top folder (undefined for a bare repository). */
    readonly root: string,
    readonly gitDir: string,
    /** Where the objects and refs are: the git folder itself, except in a linked worktree. */
    private readonly commonDir = gitDir,
  ) {}

  /** The repository holding `cwd`, or undefined when there is none. Throws when git itself is missing. */
  static async find(cwd: string): Promise<Repo | undefined> {
    // HEAD's commit and the ref it is on come in the same call: before the first commit git prints the name back, and fails.
    // So do whether the clone is shallow and whether a stash exists (which history asks): the glob, unlike a ref's name,
    // prints nothing when there is none, and its brackets keep git from reading it as refs/stash/*.
    const r = await exec(cwd, [
      'rev-parse',
      '--path-format=absolute',
      '--show-toplevel',
      '--git-dir',
      '--git-common-dir',
      '--is-shallow-repository',
      HEAD_COMMIT,
      '--symbolic-full-name',
      'HEAD',
      '--glob=refs/sta[s]h',
    ]);
    const lines = r.stdout.toString('utf8').trim().split('\n');
    const [root, gitDir, commonDir, shallow, head] = lines;
    const { headRef, stash } = headAndStash(lines.slice(5));
    const unborn = r.code !== 0 && head === HEAD_COMMIT && /unknown revision/.test(r.stderr);
    if (r.code !== 0 && !unborn) {
      if (/not a git repository/i.test(r.stderr)) return undefined;
      if (/must be run in a work tree/i.test(r.stderr)) return Repo.bare(cwd);
      throw new GitError(firstLine(r.stderr) || `git rev-parse failed in ${cwd}`);
    }
    if (!root || !gitDir || !commonDir) throw new GitError(`git rev-parse gave no work tree for ${cwd}`);
    const repo = new Repo(path.resolve(root), path.resolve(gitDir), path.resolve(commonDir));
    repo.knownHead = unborn ? null : head && /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
    // "refs/heads/<branch>", or "HEAD" when detached (where symbolic-ref would fail).
    if (repo.knownHead && headRef) repo.knownRef = headRef === 'HEAD' ? null : headRef;
    if (shallow === 'true' || shallow === 'false') repo.knownShallow = shallow === 'true';
    if (repo.knownHead) repo.knownStash = stash;
    return repo;
  }

  /**
   * A bare repository (a `git clone --mirror` to audit before a rewrite): no
   * work tree, so its folder is the root. History scans work there; commands
   * that need a work tree or an index fail with git's own one-line reason.
   * Inside the .git folder of a work tree is not a bare repository.
   */
  private static async bare(cwd: string): Promise<Repo> {
    const r = await exec(cwd, ['rev-parse', '--is-bare-repository', '--absolute-git-dir']);
    const [isBare, gitDir] = r.stdout.toString('utf8').trim().split('\n');
    if (r.code !== 0 || isBare !== 'true' || !gitDir) {
      throw new GitError(`${cwd} is inside a .git folder, not a work tree: run scan-keys from the work tree`);
    }
    const root = path.resolve(gitDir);
    return new Repo(root, root);
  }

  /** A bare repository has no work tree and no index to scan (its root is its git folder). */
  get bare(): boolean {
    return this.root === this.gitDir;
  }

  /**
   * Like find, but without git installed there is no repository to find: a
   * folder scan then reads the folder as it is (its .gitignore files still
   * honoured) instead of failing.
   */
  static async findIfInstalled(cwd: string): Promise<Repo | undefined> {
    return Repo.find(cwd).catch((err: unknown) => {
      if (err instanceof GitNotInstalled) return undefined;
      throw err;
    });
  }

  /** Like find, but a missing repository is an error that names the folder. */
  static async open(cwd: string, purpose: string): Promise<Repo> {
    const repo = await Repo.find(cwd);
    if (!repo) throw new GitError(`${purpose} needs a git repository (no .git found above ${cwd})`);
    return repo;
  }

  /** Runs git in the work tree root; a non-zero exit is a GitError with git's own first line. */
  async run(args: readonly string[], input?: Buffer): Promise<Buffer> {
    return (await this.runChecked(args, input)).stdout;
  }

  private async runChecked(args: readonly string[], input?: Buffer): Promise<RunResult> {
    const r = await exec(this.root, args, input);
    // Name the command, not a leading global option such as --literal-pathspecs.
    const command = args.find((a) => !a.startsWith('-')) ?? '';
    if (r.code !== 0) throw new GitError(`git ${command} failed: ${firstLine(r.stderr) || `exit code ${r.code}`}`);
    return r;
  }

  /**
   * NUL-separated records of a listing run with -z (ls-files), and the folders
   * git warned it could not open: git still exits 0 then, and the files in
   * those folders would otherwise be left out of the scan without a word.
   */
  async listing(args: readonly string[]): Promise<{ records: string[]; unopened: Unopened[] }> {
    const r = await this.runChecked(args);
    return { records: splitNul(r.stdout), unopened: unopenedFolders(r.stderr) };
  }

  /** Runs git and tells only whether it succeeded (for questions such as "is there a HEAD?"). */
  async succeeds(args: readonly string[]): Promise<boolean> {
    return (await exec(this.root, args)).code === 0;
  }

  /**
   * How many entries the index holds, from its header (0 when there is no
   * index): a cheap guess at the size of a scan before git lists the files.
   */
  async indexEntries(): Promise<number> {
    // Twelve bytes, read with blocking calls: a folder scan asks this before anything else needs node:fs/promises,
    // whose loading cost the main thread 2 ms while the reader thread waited to start. O_NONBLOCK: a FIFO opens at once.
    const header = Buffer.alloc(12);
    let fd: number | undefined;
    try {
      fd = openSync(path.join(this.gitDir, 'index'), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      const bytesRead = readSync(fd, header, 0, 12, 0);
      return bytesRead === 12 && header.toString('latin1', 0, 4) === 'DIRC' ? header.readUInt32BE(8) : 0;
    } catch {
      return 0;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** NUL-separated records of a command run with -z. */
  async records(args: readonly string[]): Promise<string[]> {
    return splitNul(await this.run(args));
  }

  /** Paths, relative to the root, of the submodules (gitlinks) the index records under `dir`. */
  async submodules(dir: string): Promise<string[]> {
    const records = await this.records(['--literal-pathspecs', 'ls-files', '-z', '--stage', '--', this.relative(dir) || '.']);
    // "<mode> <id> <stage>\t<path>": a gitlink has mode 160000.
    return records.filter((r) => r.startsWith('160000 ')).map((r) => r.slice(r.indexOf('\t') + 1));
  }

  /** The commit HEAD points at, or undefined on an unborn branch (before the first commit). */
  async head(): Promise<string | undefined> {
    if (this.knownHead !== undefined) return this.knownHead ?? undefined;
    const r = await exec(this.root, ['rev-parse', '-q', '--verify', HEAD_COMMIT]);
    return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
  }

  /**
   * The absolute folder git runs hooks from: honours core.hooksPath and, in a
   * linked worktree, the hooks shared through the common git folder.
   */
  async hooksDir(): Promise<string> {
    const out = await this.run(['rev-parse', '--path-format=absolute', '--git-path', 'hooks']);
    return path.resolve(out.toString('utf8').trim());
  }

  /** The empty tree's id in this repository's hash format (sha1 or sha256). */
  async emptyTree(): Promise<string> {
    return (await this.run(['hash-object', '-t', 'tree', '--stdin'], Buffer.alloc(0))).toString('utf8').trim();
  }

  /** Starts git cat-file now, so that its start-up overlaps other git calls before the first blob is wanted. */
  startBlobReader(): void {
    this.blobReader ??= new BlobReader(this.root);
  }

  /** Reads a blob's bytes through the shared cat-file process. */
  readBlob(id: string): Promise<Buffer> {
    this.blobReader ??= new BlobReader(this.root);
    return this.blobReader.read(id);
  }

  /** True when git ignores the file (a tracked file is never ignored). `absolute` must lie inside the work tree. */
  async isIgnored(absolute: string): Promise<boolean> {
    const r = await exec(this.root, ['check-ignore', '-q', '--', this.relative(absolute)]);
    if (r.code > 1) throw new GitError(`git check-ignore failed: ${firstLine(r.stderr) || `exit code ${r.code}`}`);
    return r.code === 0;
  }

  /** Those of `paths` (relative to the root) that git ignores: one check-ignore for them all. */
  async ignoredAmong(paths: readonly string[]): Promise<Set<string>> {
    if (paths.length === 0) return new Set();
    const r = await exec(this.root, ['check-ignore', '-z', '--stdin'], Buffer.from(paths.map((p) => `${p}\0`).join('')));
    if (r.code > 1) throw new GitError(`git check-ignore failed: ${firstLine(r.stderr) || `exit code ${r.code}`}`);
    return new Set(splitNul(r.stdout));
  }

  /** True in a shallow clone, whose history stops at grafted commits. */
  async isShallow(): Promise<boolean> {
    if (this.knownShallow !== undefined) return this.knownShallow;
    return (await this.run(['rev-parse', '--is-shallow-repository'])).toString('utf8').trim() === 'true';
  }

  /** The commit a revision names, or undefined when the repository does not hold it (never a guess). */
  async commitOf(rev: string): Promise<string | undefined> {
    const r = await exec(this.root, ['rev-parse', '-q', '--verify', '--end-of-options', `${rev}^{commit}`]);
    return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
  }

  /** The best common ancestor of two commits, or undefined when the history held here does not join them. */
  async mergeBase(a: string, b: string): Promise<string | undefined> {
    const r = await exec(this.root, ['merge-base', a, b]);
    return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
  }

  /**
   * Where the work tree stands, for a report to say what it covered: HEAD's
   * commit, its branch, and the URL of the remote the branch tracks (else
   * origin, else the first). Two git calls run side by side; whatever git
   * cannot tell (an unborn or detached HEAD, no remote) is left out. The URL
   * is as configured, credentials included: the caller strips them.
   */
  async whereabouts(): Promise<{ head?: string; branch?: string; remoteUrl?: string }> {
    // HEAD's commit and ref are known since find (or asked for once); symbolic-ref names the branch before the first commit.
    const [head, ref, config] = await Promise.all([
      this.head(),
      this.headRef(),
      exec(this.root, ['config', '-z', '--get-regexp', '^(remote\\..*\\.url|branch\\..*\\.remote)$']),
    ]);
    const branch = ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
    const remoteUrl = config.code === 0 ? remoteUrlFor(splitNul(config.stdout), branch) : undefined;
    return { ...(head ? { head } : {}), ...(branch ? { branch } : {}), ...(remoteUrl ? { remoteUrl } : {}) };
  }

  /** The ref HEAD points at (refs/heads/main), or undefined when detached. */
  private async headRef(): Promise<string | undefined> {
    if (this.knownRef !== undefined) return this.knownRef ?? undefined;
    const at = await exec(this.root, ['symbolic-ref', '-q', 'HEAD']);
    return at.code === 0 ? at.stdout.toString('utf8').trim() : undefined;
  }

  /** The names of the configured remotes. */
  async remotes(): Promise<string[]> {
    return (await this.run(['remote'])).toString('utf8').split('\n').filter((l) => l.length > 0);
  }

  /** Full names of the refs under a prefix (refs/remotes/, refs/heads/...). */
  async refsUnder(prefix: string): Promise<string[]> {
    return (await this.run(['for-each-ref', '--format=%(refname)', prefix])).toString('utf8').split('\n').filter((l) => l.length > 0);
  }

  /** Fetches from a remote (deepening a shallow clone, or the whole history); a failure is a GitError with git's reason. */
  async fetch(args: readonly string[]): Promise<void> {
    // A fetch can deepen or unshallow the clone: what find saw of it no longer holds.
    this.knownShallow = undefined;
    await this.run(['fetch', '--quiet', '--no-tags', ...args]);
  }

  /** True when at least one ref exists (an empty repository has none, not even HEAD's branch). */
  async hasRefs(): Promise<boolean> {
    // HEAD's commit is known since find: asking git is only for an unborn branch (other branches may have commits).
    return (await this.head()) !== undefined || (await this.run(['for-each-ref', '--count=1', '--format=%(objectname)'])).length > 0;
  }

  /**
   * Every stash entry's commit. `--all` reaches refs/stash, the newest entry
   * only; the older ones live in its reflog.
   */
  async stashCommits(): Promise<string[]> {
    if (!(this.knownStash ?? (await this.succeeds(['rev-parse', '-q', '--verify', 'refs/stash'])))) return [];
    return (await this.run(['log', '-g', '--format=%H', 'refs/stash']))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length > 0);
  }

  /**
   * Every unique blob reachable from revs, in listing order, as batches. Two
   * ways to read them, one order and one count (BlobFlow):
   * - A first audit (nothing known yet, no partial clone) pipes `git rev-list
   *   --objects` straight into `git cat-file --batch`, git to git: this
   *   process reads only cat-file's answers (readListed). Blobs over maxSize
   *   are passed over as they stream by; past `tooLargeReadBytes` of them,
   *   the second way takes over where the first stopped.
   * - Otherwise `git rev-list --objects` piped into `git cat-file
   *   --batch-check` (type and size), and the blobs to read written, one
   *   write per batch of listed objects, to a second `git cat-file --buffer
   *   --batch` (readAsked): known and too-large blobs are never read. Past
   *   `windowBytes` of blobs read and not yet handed on, cat-file's output is
   *   left unread, so memory stays bounded however fast git is.
   * Both split cat-file's output in place (see BatchParser). Objects the
   * repository lacks (a partial clone, a damaged mirror) are listed as
   * missing instead of failing the walk: a listing without --missing stops
   * at the first one, and one with --missing=print takes over, passing over
   * the blobs listed already (BlobFlow.relist).
   */
  async *streamBlobs(revs: readonly string[], options: BlobStreamOptions): AsyncGenerator<BlobBatch> {
    const flow = new BlobFlow(options);
    const counted = options.onListed ? this.commitWalk(revs) : undefined;
    counted?.catch(() => undefined);
    const reportListed = async () => {
      if (!counted) return;
      const { count, walk } = await counted;
      options.onListed?.(count, walk);
    };
    // A partial clone gets the listing that names missing objects alone (see isPartialClone).
    let listing: Listing = this.isPartialClone() ? 'naming-missing' : 'blobs';
    if (listing === 'blobs' && !options.known) {
      const end = yield* this.readListed(revs, flow, options.maxSize, options.tooLargeReadBytes ?? TOO_LARGE_READ_BYTES);
      if (end === 'done') {
        await reportListed();
        flow.endListing();
        // Even with no items: it carries the final counts (a progress line's last word).
        yield flow.ready();
        return;
      }
      flow.relist();
      if (end === 'missing') listing = 'naming-missing';
    }
    yield* this.readAsked(revs, flow, listing, reportListed);
  }

  /**
   * The first way (see streamBlobs): rev-list's lines go to cat-file
   * --batch, whose header lines are batch-check's (type, id, size, path), so
   * BlobFlow counts and orders them as it does batch-check's. Ends 'done',
   * 'missing' (rev-list stopped at an object the repository lacks: every blob
   * listed before it was answered), or 'too-large' (at a blob's header, past
   * the budget of too-large bytes read, every blob before it answered).
   */
  private async *readListed(revs: readonly string[], flow: BlobFlow, maxSize: number, tooLargeBudget: number): AsyncGenerator<BlobBatch, 'done' | 'missing' | 'too-large'> {
    const list = startGit(this.root, ['rev-list', '--objects', '--filter=object:type=blob', ...revs, '--']);
    const read = startGit(this.root, ['cat-file', '--buffer', `--batch=${CHECK_FORMAT}`], list.stdout);
    // cat-file holds the read end now; ours would keep rev-list writing if cat-file died.
    list.stdout.destroy();
    let tooLargeRead = 0;
    const parser = new BatchParser(
      (bytes) => flow.answered(bytes),
      (line) => {
        const header = flow.listedHeader(line);
        if (header.size !== undefined && !header.wanted && header.size > maxSize) tooLargeRead += header.size;
        return tooLargeRead > tooLargeBudget ? { ...header, stop: true } : header;
      },
    );
    let finished = false;
    try {
      for await (const chunk of read.stdout as AsyncIterable<Buffer>) {
        parser.push(chunk);
        const ready = flow.ready();
        if (ready.items.length > 0) yield ready;
        if (parser.hasStopped) return 'too-large';
      }
      const r = await read.done;
      if (r.code !== 0 || !parser.idle) throw new GitError(`git cat-file failed: ${firstLine(r.stderr) || `exit code ${r.code}`}`);
      finished = true;
      return (await list.done).code === 0 ? 'done' : 'missing';
    } finally {
      if (!finished) read.child.kill();
      list.child.kill();
    }
  }

  /** The second way (see streamBlobs), with `listing`'s rev-list, and then the one naming missing objects if that one stops at one. */
  private async *readAsked(revs: readonly string[], flow: BlobFlow, first: Listing, reportListed: () => Promise<void>): AsyncGenerator<BlobBatch> {
    let listing = this.listObjects(first === 'naming-missing' ? ['--missing=print', ...revs] : ['--filter=object:type=blob', ...revs]);
    const read = startGit(this.root, ['cat-file', '--buffer', '--batch=%(objectname) %(objectsize)'], 'pipe');
    const stdin = read.child.stdin as Writable;
    const parser = new BatchParser((bytes) => flow.answered(bytes));
    const pumpAll = async (l: typeof listing) => {
      await flow.pump(splitBytes(l.check, 0x0a), stdin);
      return l.list.done;
    };
    const pumped = (async () => {
      let done = await pumpAll(listing);
      if (done.code !== 0 && first !== 'naming-missing') {
        listing = this.listObjects(['--missing=print', ...revs]);
        flow.relist();
        done = await pumpAll(listing);
      }
      if (done.code !== 0) throw new GitError(`git rev-list failed: ${firstLine(done.stderr) || `exit code ${done.code}`}`);
      await reportListed();
    })().finally(() => {
      flow.endListing();
      stdin.end();
    });
    // Awaited below; this keeps a failure from being reported as unhandled meanwhile.
    pumped.catch(() => undefined);
    let finished = false;
    // Woken by either side: answers from cat-file, or listed objects that need no read (cached, too large, missing).
    const signal = new Signal();
    let ended = false;
    let failure: Error | undefined;
    flow.onQueued = () => signal.wake();
    flow.onFull = () => read.stdout.pause();
    flow.onRoom = () => read.stdout.resume();
    read.stdout.on('data', (chunk: Buffer) => {
      try {
        parser.push(chunk);
      } catch (err) {
        failure ??= err instanceof Error ? err : new GitError(String(err));
      }
      signal.wake();
    });
    read.stdout.on('end', () => {
      ended = true;
      signal.wake();
    });
    try {
      for (;;) {
        if (failure) throw failure;
        const ready = flow.ready();
        if (ready.items.length > 0) yield ready;
        else if (ended) break;
        else await signal.wait();
      }
      // cat-file first: if it died, the pump may wait forever for room to write.
      const r = await read.done;
      if (r.code !== 0 || !parser.idle) throw new GitError(`git cat-file failed: ${firstLine(r.stderr) || `exit code ${r.code}`}`);
      await pumped;
      finished = true;
      const rest = flow.ready();
      if (rest.items.length > 0) yield rest;
    } finally {
      if (!finished) {
        read.child.kill();
        listing.check.child.kill();
      }
      listing.list.child.kill();
    }
  }

  /** The commits revs select: how many, and their walk while it stays under COMMIT_WALK_LIMIT lines (see CommitWalk). */
  private async commitWalk(revs: readonly string[]): Promise<{ count: number; walk: CommitWalk | undefined }> {
    let count = 0;
    let walk: string[] | undefined = [];
    for await (const line of this.streamLines(['rev-list', '--date-order', '--parents', ...revs, '--'])) {
      count++;
      if (walk && walk.push(line) > COMMIT_WALK_LIMIT) walk = undefined;
    }
    return { count, walk };
  }

  /**
   * A partial clone (its packs marked .promisor) lacks objects on purpose,
   * and there rev-list without --missing fetches a missing tree from the
   * remote: a scan must never reach the network, so there only the listing
   * that names missing objects runs.
   */
  private isPartialClone(): boolean {
    try {
      return readdirSync(path.join(this.commonDir, 'objects', 'pack')).some((name) => name.endsWith('.promisor'));
    } catch {
      return false;
    }
  }

  /** `git rev-list --objects` piped into `git cat-file --batch-check`: each object's type, id, size and path. */
  private listObjects(args: readonly string[]): { list: Started; check: Started } {
    const list = startGit(this.root, ['rev-list', '--objects', ...args, '--']);
    const check = startGit(this.root, ['cat-file', '--buffer', `--batch-check=${CHECK_FORMAT}`], list.stdout);
    // cat-file holds the read end now; ours would keep rev-list writing if cat-file died.
    list.stdout.destroy();
    return { list, check };
  }

  /**
   * The full names of the refs whose history holds each of the given
   * commits, from two git calls whatever their number: the refs and the
   * commits they point at (tags peeled), and one walk of the commit graph,
   * parents first, in which each commit inherits the set of given commits its
   * parents hold (a commit with one parent shares its parent's set). Commits
   * past `limit` are not looked up (absent from the map).
   */
  async refsContaining(commits: readonly string[], limit = REFS_LOOKUP_LIMIT, ahead?: RefsAhead): Promise<Map<string, string[]>> {
    const targets = commits.slice(0, limit);
    const found = new Map<string, string[]>(targets.map((c) => [c, []]));
    if (targets.length === 0) return found;
    const bit = new Map(targets.map((c, i) => [c, i]));
    const words = Math.ceil(targets.length / 32);
    // Refs read ahead may be out of date by now (a push during the scan): the findings are placed as of then.
    const tips = (await ahead?.tips.catch(() => undefined)) ?? (await this.refTips());
    if (tips.length === 0) return found;
    const none = new Uint32Array(words);
    const walkTips = () => this.streamLines(this.refsWalkArgs(tips));
    const walkedAhead = await ahead?.lines();
    let held = await this.reached(walkedAhead ?? walkTips(), bit, none);
    // A walk read ahead that lacks a ref's tip (a commit made since, during the scan): git walks from the tips.
    if (walkedAhead && tips.some((t) => !held.has(t.commit))) held = await this.reached(walkTips(), bit, none);
    for (const { ref, commit } of tips) {
      const set = held.get(commit);
      if (!set) continue;
      for (const [c, i] of bit) if (((set[i >>> 5] as number) >>> (i & 31)) & 1) found.get(c)?.push(ref);
    }
    return found;
  }

  /** For each commit of a walk (parents first), the bit set of the targets it reaches. */
  private async reached(lines: Iterable<string> | AsyncIterable<string>, bit: ReadonlyMap<string, number>, none: Uint32Array): Promise<Map<string, Uint32Array>> {
    const held = new Map<string, Uint32Array>();
    const take = (line: string): void => {
      const space = line.indexOf(' ');
      const sha = space === -1 ? line : line.slice(0, space);
      const own = bit.get(sha);
      // Most commits have one parent and are no target: they share its set, with nothing split or joined.
      if (own === undefined && space !== -1 && line.indexOf(' ', space + 1) === -1) {
        held.set(sha, held.get(line.slice(space + 1)) ?? none);
        return;
      }
      const parents = space === -1 ? [] : line.slice(space + 1).split(' ');
      held.set(sha, this.inherited(parents.map((p) => held.get(p) ?? none), own, none));
    };
    // A walk in hand is read without a turn of the event loop per commit.
    if (Symbol.asyncIterator in lines) for await (const line of lines) take(line);
    else for (const line of lines) take(line);
    return held;
  }

  /** A commit's set: its parents' sets joined, and its own bit; shared with the parent when nothing changes. */
  private inherited(parents: readonly Uint32Array[], own: number | undefined, none: Uint32Array): Uint32Array {
    if (parents.length === 1 && own === undefined) return parents[0] as Uint32Array;
    if (parents.length === 0 && own === undefined) return none;
    const set = new Uint32Array(none.length);
    for (const p of parents) for (let w = 0; w < set.length; w++) set[w] = (set[w] as number) | (p[w] as number);
    if (own !== undefined) set[own >>> 5] = (set[own >>> 5] as number) | (1 << (own & 31));
    return set;
  }

  /** Every ref that points (through any tags) at a commit, sorted by name, with that commit. */
  private async refTips(): Promise<RefTip[]> {
    const out = await this.run(['for-each-ref', '--format=%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)']);
    const tips: RefTip[] = [];
    for (const line of out.toString('utf8').split('\n')) {
      const [ref = '', type = '', id = '', peeledType = '', peeled = ''] = line.split('\0');
      if (type === 'commit') tips.push({ ref, commit: id });
      else if (peeledType === 'commit') tips.push({ ref, commit: peeled });
    }
    return tips;
  }

  /** Starts git now and holds its output until `EarlyOutput.output` asks for it (see EarlyOutput). */
  early(args: readonly string[], cap = EARLY_OUTPUT_BYTES, input?: string): EarlyOutput {
    const run = startGit(this.root, args, input === undefined ? 'ignore' : 'pipe');
    run.child.stdin?.end(input);
    return new EarlyOutput(run, cap);
  }

  /**
   * The two git calls of refsContaining started now, so that they run beside
   * other work (a history audit's trace to commits): the refs, then the walk
   * of the commit graph from them, held (see EarlyOutput) for a later
   * refsContaining.
   */
  refsAhead(known?: CommitWalk): RefsAhead {
    const tips = this.refTips();
    if (known) return new RefsAhead(tips, Promise.resolve(undefined), known);
    return new RefsAhead(
      tips,
      tips.then((t) => (t.length > 0 ? this.early(this.refsWalkArgs(t)) : undefined)),
    );
  }

  private refsWalkArgs(tips: readonly RefTip[]): string[] {
    return ['rev-list', '--topo-order', '--reverse', '--parents', ...new Set(tips.map((t) => t.commit)), '--'];
  }

  /** Newline-separated lines of a long output, as they come. */
  private async *streamLines(args: readonly string[]): AsyncGenerator<string> {
    for await (const lines of splitOutput(startGit(this.root, args), 0x0a)) yield* lines;
  }

  /**
   * NUL-separated records of a long output, in batches as they come: for passes over the
   * whole history whose output is too big to hold at once. As bytes (views of
   * git's output), so that a parser decodes only the records it keeps.
   */
  async *streamRecords(args: readonly string[]): AsyncGenerator<Buffer[]> {
    yield* splitBytes(startGit(this.root, args), 0);
  }

  /** Ends the long-lived cat-file process, if one was started. */
  close(): void {
    this.blobReader?.close();
    this.blobReader = undefined;
  }

  /** A POSIX path relative to the root, for output and pathspecs. */
  relative(absolute: string): string {
    return path.relative(this.root, absolute).split(path.sep).join('/');
  }
}

/**
 * The URL of the remote a branch tracks, else origin's, else the first one's,
 * from `git config -z --get-regexp` records ("key\nvalue"). Remote and branch
 * names may hold dots, so a name is what lies between the fixed first and
 * last parts of the key.
 */
function remoteUrlFor(records: readonly string[], branch: string | undefined): string | undefined {
  const urls = new Map<string, string>();
  let tracked: string | undefined;
  for (const record of records) {
    const eol = record.indexOf('\n');
    const key = record.slice(0, eol === -1 ? record.length : eol);
    const value = eol === -1 ? '' : record.slice(eol + 1);
    if (key.startsWith('remote.') && key.endsWith('.url')) urls.set(key.slice('remote.'.length, -'.url'.length), value);
    else if (branch !== undefined && key === `branch.${branch}.remote`) tracked = value;
  }
  return urls.get(tracked ?? '') ?? urls.get('origin') ?? urls.values().next().value;
}

interface Pending {
  readonly id: string;
  readonly resolve: (b: Buffer) => void;
  readonly reject: (e: Error) => void;
}

/**
 * One `git cat-file --batch` process: requests are written as they come and
 * answered in order, so many reads can be in flight at once. Its output is
 * split by the same BatchParser as the history's blob stream.
 */
class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  /** Ids queued in this tick, not yet written. */
  private outgoing: string[] = [];
  private readonly parser = new BatchParser((bytes) => this.answer(bytes));
  private failure: GitError | undefined;
  private stderr = '';

  constructor(cwd: string) {
    this.child = spawn('git', [...BASE_ARGS, 'cat-file', '--batch=%(objectname) %(objectsize)'], { cwd, env: gitEnv(['cat-file']) });
    this.child.stdout.on('data', (c: Buffer) => this.onData(c));
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString('utf8')));
    this.child.on('error', (e) => this.fail(spawnError(e)));
    this.child.on('close', (code) => {
      if (this.queue.length > 0) this.fail(new GitError(`git cat-file ended early (exit ${code}): ${firstLine(this.stderr)}`));
    });
    this.child.stdin.on('error', () => {
      /* reported through 'close' or 'error' */
    });
  }

  /**
   * Queues a request. Requests made in the same tick go to git in one write,
   * so that reading many blobs costs a few writes, not one per blob.
   */
  read(id: string): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id, resolve, reject });
      this.outgoing.push(id);
      if (this.outgoing.length === 1) queueMicrotask(() => this.flush());
    });
  }

  private flush(): void {
    const ids = this.outgoing;
    if (ids.length === 0) return;
    this.outgoing = [];
    this.child.stdin.write(`${ids.join('\n')}\n`);
  }

  close(): void {
    this.flush();
    this.child.stdin.end();
  }

  private fail(err: GitError): void {
    this.failure = err;
    for (const p of this.queue.splice(0)) p.reject(err);
  }

  private onData(chunk: Buffer): void {
    try {
      this.parser.push(chunk);
    } catch (err) {
      this.fail(err instanceof GitError ? err : new GitError(String(err)));
    }
  }

  /** The oldest request's answer: its bytes (copied, so that git's output chunk can be collected), or missing. */
  private answer(bytes: Buffer | undefined): void {
    const pending = this.queue.shift();
    if (!pending) return this.fail(new GitError('git cat-file answered more objects than were asked for'));
    if (bytes) pending.resolve(Buffer.from(bytes));
    else pending.reject(new GitError(`git object ${pending.id} is missing`));
  }
}
