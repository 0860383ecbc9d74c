import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';

/**
 * V8's young generation is held only for a large job and only where the CLI
 * allowed it: a program that scans through the library keeps its own heap
 * settings. Each case runs in a fresh Node (the setting is process-wide),
 * from the build, and allocates enough surviving objects to make V8 grow the
 * young generation if it may.
 */
const MODULE = new URL('../../dist/sources/young-generation.js', import.meta.url).href;

function newSpaceMbAfter(calls: string): number {
  const script = `
    const y = await import(${JSON.stringify(MODULE)});
    ${calls}
    const keep = [];
    for (let i = 0; i < 3e6; i++) { const o = { a: i, b: 'x' + i }; if (i % 3 === 0) keep.push(o); if (keep.length > 200000) keep.length = 0; }
    const s = (await import('node:v8')).getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
    console.log(s.space_size / 1048576);`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
}

describe('holdYoungGenerationFor', () => {
  test('the CLI allowed it, a large job: the young generation stays small', () => {
    expect(newSpaceMbAfter('y.allowHeapTuning(); y.holdYoungGenerationFor(30000);')).toBeLessThanOrEqual(4);
  });

  test('a small job, or no permission (a library scan): V8 grows it as it likes', () => {
    expect(newSpaceMbAfter('y.allowHeapTuning(); y.holdYoungGenerationFor(1000);')).toBeGreaterThan(8);
    expect(newSpaceMbAfter('y.holdYoungGenerationFor(30000);')).toBeGreaterThan(8);
  });
});
