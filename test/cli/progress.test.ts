import { expect, test } from 'vitest';
import { formatProgress } from '../../src/cli/progress.js';

test('progress shows blobs done/total, MB/s and ETA; while git still lists blobs, the total is open and the ETA unknown', () => {
  const base = { done: 500, total: 2000, bytes: 5_000_000, totalBytes: 20_000_000 };
  expect(formatProgress({ ...base, listing: false }, 1000)).toBe('scanning history: 500/2000 blobs, 5.0 MB/s, ETA 3 s');
  expect(formatProgress({ ...base, listing: true }, 1000)).toBe('scanning history: 500/2000+ blobs, 5.0 MB/s, ETA ?');
  expect(formatProgress({ ...base, bytes: 1_000_000, listing: false }, 10_000)).toBe('scanning history: 500/2000 blobs, 0.1 MB/s, ETA 3 min 10 s');
});
