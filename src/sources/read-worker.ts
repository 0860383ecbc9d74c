/**
 * A file reader thread (see read-pool.ts): claims batches of the job's files
 * from the shared counter, reads each with blocking reads, and posts the
 * units back with their bytes moved to the main thread, not copied. With a
 * prefilter it runs the engine's keyword search on each file, and moves only
 * the files that can hold a finding (copied into memory the main thread
 * sends back once it has scanned them), so that the main thread neither
 * receives nor collects the rest; the read memory is then reused.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { BatchReader } from './batch-reader.js';
import { batchCount, decodeBatch, FINISHED, HELD, HELD_MAX, NEXT, POSTED, TAKEN, type Job, type ReaderSettings, type Recycled, type Reply } from './read-pool.js';
import type { ScanUnit } from './unit.js';

/** Built as the worker starts, while the main thread still lists the files: its search and screen are ready for the job. */
const reader = new BatchReader(workerData as ReaderSettings);
let replies: MessagePort | undefined;

parentPort?.on('message', (message: Job | { port: MessagePort }) => {
  if (!('files' in message)) {
    replies = message.port;
    return;
  }
  if (replies) work(message, replies);
});

function work(job: Job, port: MessagePort): void {
  const state = new Int32Array(job.state);
  const count = batchCount(job);
  // Far enough ahead of the main thread, in replies or in their memory: wait for it to take or scan one (the
  // timeout only guards against a lost wake-up).
  const waitForRoom = () => {
    for (
      let taken = Atomics.load(state, TAKEN);
      Atomics.load(state, POSTED) - taken >= job.ahead || Atomics.load(state, HELD) >= HELD_MAX;
      taken = Atomics.load(state, TAKEN)
    ) {
      Atomics.wait(state, TAKEN, taken, 50);
    }
  };
  for (let batch = Atomics.add(state, NEXT, 1); batch < count; batch = Atomics.add(state, NEXT, 1)) {
    for (const sorted of reader.reads(decodeBatch(job, batch), waitForRoom)) {
      // With a prefilter the read memory is reused at once: the few units handed over are copied out.
      const out = reader.search ? gather(sorted.units, port) : sorted.memory;
      const { spans, hits } = layout(sorted.units, out);
      const reply: Reply = {
        paths: sorted.units.map((u) => u.path).join('\0'),
        spans,
        hits,
        skipped: sorted.skipped,
        memory: out.buffer as ArrayBuffer,
        passedOver: sorted.passedOver,
        passedBytes: sorted.passedBytes,
      };
      Atomics.add(state, HELD, reply.memory.byteLength);
      port.postMessage(reply, [reply.memory]);
      // Counted once posted: the main thread then finds the reply on its port.
      Atomics.add(state, POSTED, 1);
      Atomics.notify(state, POSTED);
    }
    Atomics.add(state, FINISHED, 1);
    Atomics.notify(state, POSTED);
  }
}

/** Where each unit lies in the moved memory, and its hits, all of them in one array. */
function layout(units: readonly ScanUnit[], out: Buffer): { spans: Float64Array; hits: Int32Array } {
  const spans = new Float64Array(4 * units.length);
  const hits = new Int32Array(units.reduce((n, u) => n + (u.hits?.length ?? 0), 0));
  let at = 0;
  for (const [i, u] of units.entries()) {
    spans.set([u.bytes.byteOffset - out.byteOffset, u.bytes.byteLength, at, u.hits?.length ?? 0], 4 * i);
    if (u.hits) hits.set(u.hits, at);
    at += u.hits?.length ?? 0;
  }
  return { spans, hits };
}

/** Memory the main thread sent back (see Recycled in read-pool.ts), to gather the next replies into. */
const spare: ArrayBuffer[] = [];
/** Spare memory kept beyond this is left to the collector: the replies in flight need no more. */
const SPARE_MAX = 4;

/**
 * New reply memory comes in powers of two from 256 KB, so that a reply fits in
 * memory that came back and malloc sees few sizes: memory of a new size for
 * each reply, freed as the main thread collects it, had grown malloc's arenas
 * (the replies of the npm tree carry some 80 MB of bundles and source maps).
 */
const REPLY_MIN = 256 * 1024;
const sizeClass = (size: number) => Math.max(REPLY_MIN, 2 ** Math.ceil(Math.log2(size)));

/** Memory for a reply of `size` bytes: the smallest spare it fits in, or new; a reply without units needs none. */
function replyMemory(size: number, port: MessagePort): Buffer {
  for (let got = receiveMessageOnPort(port); got; got = receiveMessageOnPort(port)) spare.push((got.message as Recycled).recycled);
  if (size === 0) return Buffer.from(new ArrayBuffer(0));
  spare.sort((x, y) => x.byteLength - y.byteLength);
  const fits = spare.findIndex((b) => b.byteLength >= size);
  const memory = fits === -1 ? Buffer.allocUnsafeSlow(sizeClass(size)).buffer : (spare.splice(fits, 1)[0] as ArrayBuffer);
  // Past SPARE_MAX spares or HELD_MAX bytes of them, the smallest go first: they cost the least to allocate again.
  let bytes = spare.reduce((n, b) => n + b.byteLength, 0);
  while (spare.length > SPARE_MAX || (spare.length > 0 && bytes > HELD_MAX)) bytes -= (spare.shift() as ArrayBuffer).byteLength;
  return Buffer.from(memory, 0, size);
}

/** Copies the units into memory to move to the main thread, and points them at it. */
function gather(units: ScanUnit[], port: MessagePort): Buffer {
  const out = replyMemory(units.reduce((n, u) => n + u.bytes.length, 0), port);
  let offset = 0;
  for (const [i, u] of units.entries()) {
    u.bytes.copy(out, offset);
    units[i] = { ...u, bytes: out.subarray(offset, offset + u.bytes.length) };
    offset += u.bytes.length;
  }
  return out;
}
