import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { keywordsOf } from '../../src/engine/keywords.js';
import { builtinRules } from '../../src/rules/index.js';
import { KeywordSet } from '../../src/engine/keyword-set.js';
import { screenSpecOf } from '../../src/engine/screen.js';
import { fakeParts } from '../../src/rules/fake.js';
import { handedOver, namesWithKeyword } from '../../src/sources/prefilter.js';
import { tempDir } from '../support/repo.js';

/**
 * The reader pool as the built CLI runs it: the main thread and a worker
 * thread claim batches from one shared counter. It runs from dist/ (a worker
 * starts only from built .js files), so `npm run build` comes first, as
 * `npm test` does.
 */
const { ReaderPool, encodeFiles, decodeBatch, batchCount, HELD_MAX } = (await import(new URL('../../dist/sources/read-pool.js', import.meta.url).href)) as typeof import('../../src/sources/read-pool.js');

function folderOf(count: number, content: (i: number) => string): { absolute: string; display: string }[] {
  const dir = tempDir();
  return Array.from({ length: count }, (_, i) => {
    const display = `f${i}.txt`;
    writeFileSync(path.join(dir, display), content(i));
    return { absolute: path.join(dir, display), display };
  });
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 1));

/** Reads the files through the pool (then closes it): how many were handed over, and how many passed over. */
async function counted(pool: InstanceType<typeof ReaderPool>, files: { absolute: string; display: string }[], each?: () => Promise<unknown>) {
  let units = 0;
  let passedOver = 0;
  try {
    for await (const item of pool.read(files)) {
      if ('passedOver' in item) passedOver += item.passedOver;
      else if ('bytes' in item) units++;
      await each?.();
    }
  } finally {
    pool.close();
  }
  return { units, passedOver };
}

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

  test('index entries below a folder that links out are skipped by whichever thread claims them, never read', async () => {
    // 3,200 files whose folder became a link to a place outside the work tree: each must be checked where it is opened.
    const root = tempDir();
    const elsewhere = tempDir();
    for (let i = 0; i < 3200; i++) writeFileSync(path.join(elsewhere, `f${i}.txt`), `k = sk-ant-${i}\n`);
    symlinkSync(elsewhere, path.join(root, 'keys'));
    const guardFrom = root.length + 1;
    const files = Array.from({ length: 3200 }, (_, i) => ({ absolute: path.join(root, 'keys', `f${i}.txt`), display: `keys/f${i}.txt`, guardFrom }));
    const pool = new ReaderPool(1 << 20, { keywords: keywordsOf(builtinRules) }, 1);
    const kinds = new Map<string, number>();
    let seen = 0;
    try {
      for await (const item of pool.read(files)) {
        const kind = 'skipped' in item ? `${item.skipped}: ${item.detail ?? ''}` : 'bytes' in item ? 'read' : 'other';
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        // Skips cost the main thread nothing: on a loaded machine it had claimed every batch before the worker started.
        if (++seen === 1) await new Promise((resolve) => setTimeout(resolve, 300));
        else if (seen % 64 === 0) await pause();
      }
    } finally {
      pool.close();
    }
    expect(Object.fromEntries(kinds)).toEqual({ 'symlink: in a folder that is a symbolic link out of the repository': 3200 });
    expect(pool.batches.onMain).toBeLessThan(pool.batches.total);
  });

  test('with the prefilter, files without a keyword are counted, never handed over, whichever thread read them', async () => {
    const files = folderOf(3000, (i) => (i % 100 === 0 ? `k = sk-ant-${i}\n` : `plain ${i}\n`));
    const pool = new ReaderPool(1 << 20, { keywords: keywordsOf(builtinRules) }, 1);
    expect(await counted(pool, files)).toEqual({ units: 30, passedOver: 2970 });
  });

  test('files with a keyword come through whole whatever their size, beside replies that hand nothing over', async () => {
    // Most batches hold no keyword (empty replies); a few files are larger than new reply memory (256 KB) or than the read budget (4 MB).
    const sizes = new Map([
      [7, 300 * 1024],
      [700, 5 * 1024 * 1024],
      [1500, 1024 * 1024],
      [2900, 64],
    ]);
    const body = (i: number) => `${i}:sk-ant-`.padEnd(sizes.get(i) ?? 0, String.fromCharCode(97 + (i % 26)));
    const files = folderOf(3000, (i) => (sizes.has(i) ? body(i) : `plain ${i}\n`));
    const pool = new ReaderPool(8 << 20, { keywords: keywordsOf(builtinRules) }, 1);
    const got = new Map<string, boolean>();
    try {
      for await (const item of pool.read(files)) {
        if ('bytes' in item && 'path' in item) {
          const i = Number(item.path.slice(1, -4));
          got.set(item.path, item.bytes.toString() === body(i));
        }
        // A slow consumer: the worker starts meanwhile and reads its share.
        await pause();
      }
    } finally {
      pool.close();
    }
    expect(Object.fromEntries(got)).toEqual({ 'f7.txt': true, 'f700.txt': true, 'f1500.txt': true, 'f2900.txt': true });
    expect(pool.batches.onMain).toBeLessThan(pool.batches.total);
  });
});

describe('ReaderPool with the screen', () => {
  test('a file whose keyword hits lead to no rule match is passed over by either thread; one with a key is handed over', async () => {
    const screen = screenSpecOf(builtinRules);
    // Every file holds a keyword (cohere in "coherent"); one in fifty a key.
    const files = folderOf(1600, (i) => (i % 50 === 0 ? `COHERE_API_KEY=${fakeParts.cohere(i)}\n` : `a coherent design, file ${i}\n`));
    const pool = new ReaderPool(1 << 20, { keywords: screen.keywords, screen }, 1);
    // A slow consumer: the worker starts meanwhile and screens its share.
    expect(await counted(pool, files, pause)).toEqual({ units: 32, passedOver: 1568 });
    expect(pool.batches.onMain).toBeLessThan(pool.batches.total);
  });
});

describe('ReaderPool: memory held for a slow main thread', () => {
  test('a worker waits once its replies not yet scanned hold HELD_MAX bytes, and every file still comes through', async () => {
    // 192 files of 256 KB with a keyword each, three batches: sixteen to a read budget, so each reply holds 4 MB.
    const files = folderOf(192, (i) => `${i} sk-ant-`.padEnd(1 << 18, 'x'));
    const pool = new ReaderPool(2 << 20, { keywords: keywordsOf(builtinRules) }, 1);
    let seen = 0;
    try {
      for await (const item of pool.read(files)) {
        if ('bytes' in item) {
          seen++;
          // Slower than the worker reads: without the limit it would post its eight replies ahead, 32 MB.
          await new Promise((resolve) => setTimeout(resolve, 4));
        }
      }
    } finally {
      pool.close();
    }
    expect(seen).toBe(192);
    expect(pool.batches.onMain).toBeLessThan(pool.batches.total);
    expect(pool.held.peak).toBeGreaterThan(0);
    // The limit, and the one reply posted as it was reached.
    expect(pool.held.peak).toBeLessThanOrEqual(HELD_MAX + (4 << 20));
  });
});

describe('the job a worker receives', () => {
  test('every batch decodes to its files, names in any script, with their guard', () => {
    const files = Array.from({ length: 150 }, (_, i) => ({
      absolute: `/repo/dir ${i}/naïve-日本-${i}.txt`,
      display: `dir ${i}/naïve-日本-${i}.txt`,
      ...(i % 3 === 0 ? { guardFrom: 6 } : {}),
    }));
    const job = encodeFiles(files);
    expect(batchCount(job)).toBe(3);
    const decoded = [0, 1, 2].map((b) => decodeBatch(job, b));
    expect(decoded.map((d) => d.length)).toEqual([64, 64, 22]);
    expect(decoded.flat()).toEqual(files);
  });

  test('an empty job has no batches', () => {
    expect(batchCount(encodeFiles([]))).toBe(0);
  });
});

describe('handedOver: the paths of a batch the pipeline looks at whatever the file holds', () => {
  const search = new KeywordSet(keywordsOf(builtinRules));
  const files = ['.env', 'app/.env.local', '.env.example.js', 'src/sk-ant-notes.md', 'src/plain.ts'].map((display) => ({ absolute: `/r/${display}`, display }));

  test('.env files and names with a keyword, each as the prefilter asks', () => {
    const keywords = keywordsOf(builtinRules);
    expect([...handedOver(files, { keywords, dotenv: true, names: true }, search)].sort()).toEqual(['.env', 'app/.env.local', 'src/sk-ant-notes.md']);
    expect([...handedOver(files, { keywords, dotenv: true }, search)].sort()).toEqual(['.env', 'app/.env.local']);
    expect([...handedOver(files, { keywords, names: true }, search)]).toEqual(['src/sk-ant-notes.md']);
    expect([...handedOver(files, { keywords }, search)]).toEqual([]);
  });
});

describe('namesWithKeyword: the paths the pipeline must see for their name alone', () => {
  const search = new KeywordSet(keywordsOf(builtinRules));
  const files = (...names: string[]) => names.map((display) => ({ absolute: `/r/${display}`, display }));

  test('finds a keyword in the first, a middle and the last path, each once', () => {
    const list = files('sk-ant-first.txt', 'a/plain.ts', 'b/ghp_x and ghp_y.md', 'c/plain.js', 'z/last-AKIA');
    expect(namesWithKeyword(list, search).sort()).toEqual(['b/ghp_x and ghp_y.md', 'sk-ant-first.txt', 'z/last-AKIA']);
  });

  test('a keyword inside a word is not where a key starts, as the engine decides', () => {
    expect(namesWithKeyword(files('task_list.ts', 'ask-anthropic/readme.md'), search)).toEqual([]);
  });

  test('names outside ASCII: each path is asked on its own', () => {
    const list = files('données/é.txt', 'notes/日本 ghp_token.md', 'plain.txt');
    expect(namesWithKeyword(list, search)).toEqual(['notes/日本 ghp_token.md']);
  });

  test('the same paths as asking the search of each path on its own', () => {
    const parts = ['src', 'sk-', 'ghp_', 'x', 'AKIA', 'task_', 'hf_', '-', '.env', 'lib', 'sk-ant-', 'glpat-', 'xoxb-'];
    const names = Array.from({ length: 3000 }, (_, i) => `${parts[i % 13]}${parts[(i * 7) % 13]}/${parts[(i * 11) % 13]}${i}.ts`);
    const expected = names.filter((n) => search.has(Buffer.from(n)));
    expect(expected.length).toBeGreaterThan(100);
    expect(namesWithKeyword(files(...names), search).sort()).toEqual([...new Set(expected)].sort());
  });

  test('no paths, or none with a keyword', () => {
    expect(namesWithKeyword([], search)).toEqual([]);
    expect(namesWithKeyword(files('a.ts', 'b/c.md'), search)).toEqual([]);
  });
});
