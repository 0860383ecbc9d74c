import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { KeywordSpec } from '../engine/keyword-set.js';
import type { FileToRead } from './read.js';
import type { SkippedFile, SourceItem } from './unit.js';

/**
 * Reads files in worker threads, so that a folder scan reads on other cores
 * while the main thread runs the engine on what has arrived. A thread reads a
 * batch of files with blocking calls (far cheaper per file than promise round
 * trips through libuv's pool) into one allocation, and moves it back without a copy.
 */

/**
 * What a folder scan may pass over: a file in which none of the keywords occurs
 * (the engine's own one-pass search, keyword-set.ts), unless `keep` asks for its path, is
 * only counted (a PassedOver item), never handed to the main thread.
 */
export interface Prefilter {
  /** The keywords of every rule in use: a rule can only match where one occurs. */
  readonly keywords: readonly KeywordSpec[];
  /** Paths handed over whatever they hold (the files a matcher looks at, such as .env files). */
  readonly keep?: (path: string) => boolean;
}

export interface ReaderSettings {
  readonly maxFileSize: number;
  /** Bytes a thread reads for one batch before it hands the rest of the batch back. */
  readonly budget: number;
  /** Prefilter.keywords; absent: every unit is handed over. */
  readonly keywords?: readonly KeywordSpec[];
}

/** Files per message: enough to make messages cheap, few enough to balance the threads. */
const BATCH = 64;
/** Batches each thread holds ahead, so that it never waits for the main thread; with the budget this bounds memory. */
const AHEAD = 2;
/**
 * With a prefilter a reply holds only the few files that can hold a finding,
 * so a thread can run further ahead: with 2 it waited half the time while the
 * main thread linted .env files.
 */
const AHEAD_PREFILTERED = 8;
/** Bytes per batch: on the bench corpus 4 MB read faster than 16 MB (fresh memory costs page faults). */
const BUDGET = 4 * 1024 * 1024;

/**
 * One reader per core beside the main thread's: on this 2-core machine a
 * second reader cost 130 ms more CPU (its start-up, and contention) than it
 * saved, and the folder scan was slower with it.
 */
const readerThreads = () => Math.min(Math.max(availableParallelism() - 1, 1), 3);

const WORKER = new URL('./read-worker.js', import.meta.url);

/**
 * Threads start only from the built .js files: a .ts module run by a test
 * runner has no .js sibling to start. Callers read in-thread then.
 */
export const readerThreadsAvailable = import.meta.url.endsWith('.js');

/**
 * Messages are flat, because cloning thousands of small objects per batch cost
 * more than reading the files: a batch goes out as one string, and comes back
 * as one string of paths, the units' [offset, length] in the moved memory, the
 * (rare) skipped files as objects, and the count of files passed over.
 */
export interface Reply {
  /** How many files of the batch were dealt with; the rest go out again. */
  readonly consumed: number;
  /** The units' paths, NUL-separated (NUL cannot occur in a path). */
  readonly paths: string;
  readonly spans: Float64Array;
  readonly skipped: readonly SkippedFile[];
  readonly memory: ArrayBuffer;
  /** Files read and passed over by the prefilter, and their bytes. */
  readonly passedOver: number;
  readonly passedBytes: number;
}

/** A batch as the thread sees it: the files, and the paths to hand over whatever they hold. */
export interface Batch {
  readonly files: FileToRead[];
  readonly keep: ReadonlySet<string>;
}

const encodeFiles = (files: readonly FileToRead[], keep: Prefilter['keep']) =>
  files.map((f) => `${f.absolute}\0${f.display}\0${keep?.(f.display) ? 'k' : ''}`).join('\0');

export function decodeBatch(encoded: string): Batch {
  const parts = encoded.split('\0');
  const files: FileToRead[] = [];
  const keep = new Set<string>();
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const display = parts[i + 1] as string;
    files.push({ absolute: parts[i] as string, display });
    if (parts[i + 2] === 'k') keep.add(display);
  }
  return { files, keep };
}

function* unitsOf(reply: Reply): Generator<SourceItem> {
  const paths = reply.paths === '' ? [] : reply.paths.split('\0');
  for (const [i, path] of paths.entries()) {
    yield { path, bytes: Buffer.from(reply.memory, reply.spans[2 * i], reply.spans[2 * i + 1]) };
  }
  yield* reply.skipped;
  if (reply.passedOver > 0) yield { passedOver: reply.passedOver, bytes: reply.passedBytes };
}

/**
 * Reader threads, started before the list of files is known so that their
 * start-up overlaps the listing; `read` uses them once, `close` ends them.
 */
export class ReaderPool {
  private readonly workers: Worker[];
  private failure: Error | undefined;
  private outstanding = 0;
  private wake: (() => void) | undefined;
  private readonly replies: { worker: Worker; reply: Reply }[] = [];

  private readonly keep: Prefilter['keep'];
  private readonly ahead: number;

  constructor(maxFileSize: number, prefilter?: Prefilter, threads = readerThreads()) {
    this.keep = prefilter?.keep;
    this.ahead = prefilter ? AHEAD_PREFILTERED : AHEAD;
    const settings: ReaderSettings = { maxFileSize, budget: BUDGET, ...(prefilter ? { keywords: prefilter.keywords } : {}) };
    this.workers = Array.from({ length: Math.max(1, threads) }, () => {
      const worker = new Worker(WORKER, { workerData: settings });
      worker.on('message', (reply: Reply) => {
        this.outstanding--;
        this.replies.push({ worker, reply });
        this.notify();
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        // A thread that ends with work in hand would drop files silently: fail instead.
        if (this.outstanding > 0) this.fail(new Error(`a file reader thread stopped (exit code ${code})`));
      });
      return worker;
    });
  }

  /** Yields the files' units, skips and passed-over counts as the threads read them (not in input order). */
  async *read(files: readonly FileToRead[]): AsyncGenerator<SourceItem> {
    const batches: (readonly FileToRead[])[] = [];
    for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
    const sentTo = new Map<Worker, (readonly FileToRead[])[]>(this.workers.map((w) => [w, []]));
    const send = (worker: Worker) => {
      const batch = batches.shift();
      if (!batch) return;
      worker.postMessage(encodeFiles(batch, this.keep));
      sentTo.get(worker)?.push(batch);
      this.outstanding++;
    };
    for (let i = 0; i < this.ahead; i++) this.workers.forEach(send);
    while (this.outstanding > 0 || this.replies.length > 0) {
      if (this.failure) throw this.failure;
      const next = this.replies.shift();
      if (next) {
        // What a thread left unread over its budget goes first, to the next reader free (a thread answers in order).
        const batch = sentTo.get(next.worker)?.shift() ?? [];
        if (next.reply.consumed < batch.length) batches.unshift(batch.slice(next.reply.consumed));
        send(next.worker);
        yield* unitsOf(next.reply);
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
    if (this.failure) throw this.failure;
  }

  close(): void {
    this.outstanding = 0;
    for (const worker of this.workers) void worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.notify();
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }
}
