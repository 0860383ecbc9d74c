import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { keywordsOf } from '../../src/engine/keywords.js';
import { builtinRules } from '../../src/rules/index.js';
import { tempDir } from '../support/repo.js';

/**
 * The reader pool as the built CLI runs it: the main thread and a worker
 * thread claim batches from one shared counter. It runs from dist/ (a worker
 * starts only from built .js files), so `npm run build` comes first, as
 * `npm test` does.
 */
const { ReaderPool } = (await import(new URL('../../dist/sources/read-pool.js', import.meta.url).href)) as typeof import('../../src/sources/read-pool.js');

function folderOf(count: number, content: (i: number) => string): { absolute: string; display: string }[] {
  const dir = tempDir();
  return Array.from({ length: count }, (_, i) => {
    const display = `f${i}.txt`;
    writeFileSync(path.join(dir, display), content(i));
    return { absolute: path.join(dir, display), display };
  });
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('ReaderPool: the main thread and a worker share one job', () => {
  test('every file comes out once, read by one thread or the other, and both threads take part', async () => {
    // Every file holds a keyword, so every one is handed over (and passes through a reply or the main thread).
    const files = folderOf(6400, (i) => `line ${i} with sk-ant- in it\n`);
    const pool = new ReaderPool(1 << 20, { keywords: keywordsOf(builtinRules) }, 1);
    const seen: string[] = [];
    try {
      for await (const item of pool.read(files)) {
        if ('bytes' in item && 'path' in item) {
          expect(item.bytes.toString()).toBe(`line ${item.path.slice(1, -4)} with sk-ant- in it\n`);
          seen.push(item.path);
          // A slow consumer, as the pipeline is on a file with findings: the worker starts meanwhile and reads ahead.
          if (seen.length % 64 === 0) await pause();
        }
      }
    } finally {
      pool.close();
    }
    expect(seen.length).toBe(6400);
    expect(new Set(seen).size).toBe(6400);
    expect(pool.batches.total).toBe(100);
    expect(pool.batches.onMain).toBeGreaterThan(0);
    expect(pool.batches.onMain).toBeLessThan(100);
  });

  test('with the prefilter, files without a keyword are counted, never handed over, whichever thread read them', async () => {
    const files = folderOf(3000, (i) => (i % 100 === 0 ? `k = sk-ant-${i}\n` : `plain ${i}\n`));
    const pool = new ReaderPool(1 << 20, { keywords: keywordsOf(builtinRules) }, 1);
    let units = 0;
    let passedOver = 0;
    try {
      for await (const item of pool.read(files)) {
        if ('passedOver' in item) passedOver += item.passedOver;
        else if ('bytes' in item) units++;
      }
    } finally {
      pool.close();
    }
    expect(units).toBe(30);
    expect(passedOver).toBe(2970);
  });
});
