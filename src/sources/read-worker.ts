/**
 * A file reader thread (see read-pool.ts): reads each batch of files it is
 * sent with blocking reads, and posts the units back with their bytes moved
 * to the main thread, not copied. With a prefilter it runs the engine's
 * keyword search on each file, and moves only the files that can hold a
 * finding (copied into one small allocation), so that the main thread neither
 * receives nor collects the rest; the read memory is then reused.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KeywordSet } from '../engine/keyword-set.js';
import { decodeBatch, type Reply, type ReaderSettings } from './read-pool.js';
import { readBatchSync } from './read.js';
import type { ScanUnit, SkippedFile } from './unit.js';

const { maxFileSize, budget, keywords } = workerData as ReaderSettings;
const search = keywords ? new KeywordSet(keywords) : undefined;
const port = parentPort;
/** With a prefilter no unit outlives its batch's reply: the next batch reads into the same memory. */
let scratch: Buffer | undefined;

port?.on('message', (encoded: string) => {
  const { files, keep } = decodeBatch(encoded);
  const { items, consumed, memory } = readBatchSync(files, maxFileSize, budget, scratch);
  const units: ScanUnit[] = [];
  const skipped: SkippedFile[] = [];
  let passedOver = 0;
  let passedBytes = 0;
  for (const item of items) {
    if ('skipped' in item) skipped.push(item);
    else if (search && !keep.has(item.path) && !search.has(item.bytes)) {
      passedOver++;
      passedBytes += item.bytes.length;
    } else units.push(item);
  }
  if (search) scratch = memory;
  const out = search ? gather(units) : memory;
  const reply: Reply = {
    consumed,
    paths: units.map((u) => u.path).join('\0'),
    spans: new Float64Array(units.flatMap((u) => [u.bytes.byteOffset - out.byteOffset, u.bytes.byteLength])),
    skipped,
    memory: out.buffer as ArrayBuffer,
    passedOver,
    passedBytes,
  };
  port.postMessage(reply, [reply.memory]);
});

/** Copies the units into one new allocation (to move to the main thread), and points them at it. */
function gather(units: ScanUnit[]): Buffer {
  const out = Buffer.allocUnsafeSlow(units.reduce((n, u) => n + u.bytes.length, 0));
  let offset = 0;
  for (const [i, u] of units.entries()) {
    u.bytes.copy(out, offset);
    units[i] = { path: u.path, bytes: out.subarray(offset, offset + u.bytes.length) };
    offset += u.bytes.length;
  }
  return out;
}
