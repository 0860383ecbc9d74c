import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MessagePort, Worker } from 'node:worker_threads';
import { InstallError } from '../errors.js';
import { BatchReader } from './batch-reader.js';
import type { Prefilter, Sorted } from './prefilter.js';
import type { FileToRead } from './read.js';
import { holdYoungGenerationFor } from './young-generation.js';
import type { SkippedFile, SourceItem } from './unit.js';

/**
 * Reads the files of a folder scan with blocking calls (far cheaper per file
 * than promise round trips through libuv's pool), on the main thread and in
 * worker threads at once. The files are cut into batches that every reader
 * claims from one shared counter, so whichever thread is free reads the next
 * one: the main thread reads whenever it has no unit to scan, and a worker
 * thread joins as soon as it has started, without ever being waited for.
 */

/**
 * A prefiltered read hands units whose bytes are valid until the consumer
 * asks for the next item (the pipeline finalizes each unit before it does,
 * and keeps no bytes): the memory under them is then read into again, by the
 * main thread, or sent back to the worker that filled it. Fresh memory for
 * every batch cost page faults, and moved buffers waited for the main
 * thread's garbage collector (60-70 MB more peak memory on the npm tree).
 */
export interface Recycled {
  readonly recycled: ArrayBuffer;
}

export interface ReaderSettings {
  readonly maxFileSize: number;
  /** Bytes read at once before a reader hands over what it has: with BATCH this bounds memory. */
  readonly budget: number;
  /** The prefilter; absent: every unit is handed over. */
  readonly prefilter?: Prefilter;
}

/** Files per claim: enough to make claims and replies cheap, few enough to balance the threads. */
export const BATCH = 64;
/**
 * Replies a worker may have posted and the main thread not yet taken, before
 * it waits: with the budget this bounds memory when every file is handed over.
 */
const AHEAD = 2;
/** With a prefilter a reply holds only the few files that can hold a finding: a thread may run further ahead. */
const AHEAD_PREFILTERED = 8;
/** Bytes per read: on the bench corpus 4 MB read faster than 16 MB (fresh memory costs page faults). */
const BUDGET = 4 * 1024 * 1024;

/** Atomics.waitAsync (V8 has it since Node 16; TypeScript's lib only from es2024). */
const waitAsync = (a: Int32Array, index: number, value: number, ms: number): Promise<string> | string =>
  (Atomics as unknown as { waitAsync(this: void, a: Int32Array, i: number, v: number, ms: number): { value: Promise<string> | string } }).waitAsync(a, index, value, ms).value;

/** Slots of the shared counters. */
export const NEXT = 0;
export const POSTED = 1;
export const TAKEN = 2;
export const FINISHED = 3;
/** Bytes of the replies posted and not yet scanned (see HELD_MAX). */
export const HELD = 4;
const SLOTS = 5;

/**
 * Reply memory a worker may have posted and the main thread not yet scanned,
 * before it waits: the npm tree's bundles and source maps (3-9 MB each, with
 * keywords) had eight replies of 2-4 MB in flight while the main thread
 * scanned them.
 */
export const HELD_MAX = 8 * 1024 * 1024;

/**
 * One worker beside the main thread on this 2-core machine (a second cost
 * 130 ms more CPU, its start-up and contention, than it saved); one per core
 * beside the main thread's elsewhere, up to 3.
 */
const readerThreads = () => Math.min(Math.max(process.getBuiltinModule('node:os').availableParallelism() - 1, 1), 3);

/**
 * node:worker_threads, loaded when a pool starts a worker: a small job (the
 * pre-commit hook's, above all) never does, and loading it cost a millisecond or two.
 */
let threads: typeof import('node:worker_threads') | undefined;
const threadsApi = () => (threads ??= process.getBuiltinModule('node:worker_threads'));

const WORKER = new URL('./read-worker.cjs', import.meta.url);

/**
 * Threads start only from a build (dist/, or a bundle with the worker beside
 * it): a .ts module run by a test runner has no .js sibling to start. The
 * main thread reads alone then.
 */
export const readerThreadsAvailable = !import.meta.url.endsWith('.ts');

/**
 * A job as a worker receives it: the files as UTF-8 in shared memory, batch
 * after batch, with where each batch starts (cloning thousands of objects, or
 * even one string of them, cost more than reading; a worker decodes only the
 * batches it claims), the counters, where to reply.
 */
export interface Job {
  readonly files: SharedArrayBuffer;
  /** Byte offset of each batch in `files`, and the end of the last: batches + 1 numbers. */
  readonly starts: SharedArrayBuffer;
  readonly state: SharedArrayBuffer;
  readonly ahead: number;
  readonly port: MessagePort;
}

/**
 * A reply is flat for the same reason: the units' paths as one string, their
 * [offset, length] in the moved memory, the (rare) skipped files as objects,
 * and the count of files passed over.
 */
export interface Reply {
  readonly paths: string;
  /** Per unit: its offset and length in `memory`, and where its hits start in `hits` and how many numbers they take. */
  readonly spans: Float64Array;
  readonly hits: Int32Array;
  readonly skipped: readonly SkippedFile[];
  readonly memory: ArrayBuffer;
  readonly passedOver: number;
  readonly passedBytes: number;
}

const batchesOf = (files: readonly FileToRead[]) => Math.ceil(files.length / BATCH);

const encodeFile = (f: FileToRead) => `${f.absolute}\0${f.display}\0${f.guardFrom ?? ''}\0`;

/** The job's files as a worker reads them (see Job). */
export function encodeFiles(files: readonly FileToRead[]): Pick<Job, 'files' | 'starts'> {
  const batches = Array.from({ length: batchesOf(files) }, (_, b) =>
    files
      .slice(b * BATCH, (b + 1) * BATCH)
      .map(encodeFile)
      .join(''),
  );
  const starts = new Int32Array(new SharedArrayBuffer((batches.length + 1) * Int32Array.BYTES_PER_ELEMENT));
  for (const [b, text] of batches.entries()) starts[b + 1] = (starts[b] as number) + Buffer.byteLength(text);
  const bytes = Buffer.from(new SharedArrayBuffer(starts[batches.length] as number));
  for (const [b, text] of batches.entries()) bytes.write(text, starts[b] as number);
  return { files: bytes.buffer, starts: starts.buffer };
}

/** How many batches a job holds. */
export const batchCount = (job: Pick<Job, 'starts'>) => job.starts.byteLength / Int32Array.BYTES_PER_ELEMENT - 1;

/** Batch `b` of a job, decoded. */
export function decodeBatch(job: Pick<Job, 'files' | 'starts'>, b: number): FileToRead[] {
  const starts = new Int32Array(job.starts);
  const parts = Buffer.from(job.files).toString('utf8', starts[b], starts[b + 1]).split('\0');
  const files: FileToRead[] = [];
  for (let i = 0; i + 3 < parts.length; i += 3) {
    const guardFrom = parts[i + 2] as string;
    files.push({ absolute: parts[i] as string, display: parts[i + 1] as string, ...(guardFrom === '' ? {} : { guardFrom: Number(guardFrom) }) });
  }
  return files;
}

function* itemsOf(sorted: Sorted): Generator<SourceItem> {
  yield* sorted.units;
  yield* sorted.skipped;
  if (sorted.passedOver > 0) yield { passedOver: sorted.passedOver, bytes: sorted.passedBytes };
}

function* unitsOf(reply: Reply, hitsKey: string | undefined): Generator<SourceItem> {
  const paths = reply.paths === '' ? [] : reply.paths.split('\0');
  const { spans } = reply;
  for (const [i, path] of paths.entries()) {
    const bytes = Buffer.from(reply.memory, spans[4 * i], spans[4 * i + 1]);
    const from = spans[4 * i + 2] as number;
    yield hitsKey === undefined ? { path, bytes } : { path, bytes, hits: reply.hits.subarray(from, from + (spans[4 * i + 3] as number)), hitsKey };
  }
  yield* reply.skipped;
  if (reply.passedOver > 0) yield { passedOver: reply.passedOver, bytes: reply.passedBytes };
}

/**
 * The readers of one folder scan: worker threads started (by the constructor)
 * before the list of files is known, so that their start-up overlaps the
 * listing, and the main thread; `read` uses them once, `close` ends them.
 */
export class ReaderPool {
  private readonly workers: { readonly worker: Worker; readonly port: MessagePort }[];
  private failure: Error | undefined;
  private readonly settings: ReaderSettings;
  /** The main thread's reader, built at the first read. */
  private reader: BatchReader | undefined;
  private readonly ahead: number;
  /** Batches of the last read, and how many of them the main thread read itself. */
  readonly batches = { total: 0, onMain: 0 };
  /** The most reply memory held at once in the last read (see HELD_MAX), as the main thread took each reply. */
  readonly held = { peak: 0 };

  constructor(maxFileSize: number, prefilter?: Prefilter, threads = readerThreadsAvailable ? readerThreads() : 0) {
    this.ahead = prefilter ? AHEAD_PREFILTERED : AHEAD;
    this.settings = { maxFileSize, budget: BUDGET, ...(prefilter ? { prefilter } : {}) };
    // A missing worker file would go unnoticed when the main thread reads everything first: a broken install is said.
    if (threads > 0 && !existsSync(fileURLToPath(WORKER))) {
      throw new InstallError('broken install: cannot load read-worker.cjs (MODULE_NOT_FOUND); reinstall scan-keys (npm ci, or npm install)');
    }
    this.workers = Array.from({ length: threads }, () => {
      const worker = new (threadsApi().Worker)(WORKER, { workerData: this.settings });
      // A worker that fails mid-batch would leave that batch unread: the scan fails instead.
      worker.on('error', (err) => (this.failure ??= err));
      worker.on('exit', (code) => {
        if (code !== 0) this.failure ??= new Error(`a file reader thread stopped (exit code ${code})`);
      });
      const { port1, port2 } = new (threadsApi().MessageChannel)();
      return { worker, port: port1, theirs: port2 };
    }).map(({ worker, port, theirs }) => {
      worker.postMessage({ port: theirs }, [theirs]);
      return { worker, port };
    });
  }

  /** Yields the files' units, skips and passed-over counts as the readers read them (not in input order). */
  async *read(files: readonly FileToRead[]): AsyncGenerator<SourceItem> {
    holdYoungGenerationFor(files.length);
    // One for the pool (a scan reads the index first, then the untracked files): its search, screen and memory serve both.
    const reader = (this.reader ??= new BatchReader(this.settings));
    const count = batchesOf(files);
    const state = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
    // The workers get the job in shared memory (see Job); the main thread keeps its own list.
    if (this.workers.length > 0) {
      const encoded = encodeFiles(files);
      for (const { worker } of this.workers) worker.postMessage({ ...encoded, state: state.buffer, ahead: this.ahead } satisfies Omit<Job, 'port'>);
    }
    this.batches.total = count;
    this.batches.onMain = 0;
    this.held.peak = 0;
    for (;;) {
      this.throwIfFailed();
      const posted = Atomics.load(state, POSTED);
      const taken = this.takeReply(state);
      if (taken) {
        this.held.peak = Math.max(this.held.peak, Atomics.load(state, HELD));
        yield* unitsOf(taken.reply, reader.search?.key);
        // Asked for the next item: done with these units' bytes (see Recycled).
        const held = taken.reply.memory.byteLength;
        if (held > 0) {
          if (reader.search) taken.port.postMessage({ recycled: taken.reply.memory } satisfies Recycled, [taken.reply.memory]);
          Atomics.sub(state, HELD, held);
          Atomics.notify(state, TAKEN);
        }
        continue;
      }
      const batch = Atomics.add(state, NEXT, 1);
      if (batch < count) {
        // Read here, while no reply waits: the main thread would otherwise idle.
        // Units handed over are views of the read memory: asked for the next item, the consumer is done with them (see Recycled).
        for (const sorted of reader.reads(files.slice(batch * BATCH, (batch + 1) * BATCH))) yield* itemsOf(sorted);
        Atomics.add(state, FINISHED, 1);
        this.batches.onMain++;
        continue;
      }
      if (Atomics.load(state, FINISHED) >= count && Atomics.load(state, TAKEN) >= Atomics.load(state, POSTED)) break;
      // Workers still read their last batches: wait for a reply (the timeout lets an 'error' event in).
      await waitAsync(state, POSTED, posted, 50);
    }
    this.throwIfFailed();
  }

  /** A worker's failure, set by its 'error' or 'exit' event: the scan fails closed. */
  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** The next reply any worker posted, if one waits, and the port it came by; taking it lets that worker read ahead again. */
  private takeReply(state: Int32Array): { reply: Reply; port: MessagePort } | undefined {
    for (const { port } of this.workers) {
      const got = threadsApi().receiveMessageOnPort(port);
      if (got) {
        Atomics.add(state, TAKEN, 1);
        Atomics.notify(state, TAKEN);
        return { reply: got.message as Reply, port };
      }
    }
    return undefined;
  }

  close(): void {
    for (const { worker, port } of this.workers) {
      port.close();
      void worker.terminate();
    }
  }
}
