/**
 * A file reader thread (see read-pool.ts): reads each batch of files it is
 * sent with blocking reads, and posts the units back with their bytes moved
 * to the main thread, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeFiles, type Reply, type ReaderSettings } from './read-pool.js';
import { readBatchSync } from './read.js';
import type { SkippedFile } from './unit.js';

const { maxFileSize, budget } = workerData as ReaderSettings;
const port = parentPort;

port?.on('message', (encoded: string) => {
  const { items, consumed, memory } = readBatchSync(decodeFiles(encoded), maxFileSize, budget);
  const paths: string[] = [];
  const spans: number[] = [];
  const skipped: SkippedFile[] = [];
  for (const item of items) {
    if ('skipped' in item) {
      skipped.push(item);
      continue;
    }
    paths.push(item.path);
    spans.push(item.bytes.byteOffset, item.bytes.byteLength);
  }
  const reply: Reply = { consumed, paths: paths.join('\0'), spans: new Float64Array(spans), skipped, memory };
  port.postMessage(reply, [memory]);
});
