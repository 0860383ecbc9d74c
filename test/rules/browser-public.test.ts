import { describe, expect, test } from 'vitest';
import { browserPublicExamples, LOOK_BEHIND, publicVariableBefore } from '../../src/rules/browser-public.js';
import { fake } from '../../src/rules/fake.js';

/** The line with a fake key in place of `<key>`, after a line of its own, and where the key starts. */
function placed(line: string): { bytes: Buffer; start: number } {
  const before = `FIRST_LINE=1\n${line.slice(0, line.indexOf('<key>'))}`;
  const bytes = Buffer.from(`${before}${fake.openaiProject()}${line.slice(line.indexOf('<key>') + 5)}\n`);
  return { bytes, start: before.length };
}

describe('browser-public variables', () => {
  test.each(browserPublicExamples.public)('%s: the key is in %s', (line, name) => {
    const { bytes, start } = placed(line);
    expect(publicVariableBefore(bytes, start)?.name).toBe(name);
  });

  test.each(browserPublicExamples.private)('%s: no browser-public variable', (line) => {
    const { bytes, start } = placed(line);
    expect(publicVariableBefore(bytes, start)).toBeUndefined();
  });

  test('a variable on the line before, or farther back than LOOK_BEHIND, does not count', () => {
    const key = fake.openaiProject();
    const above = Buffer.from(`VITE_KEY=1\nOPENAI_API_KEY=${key}\n`);
    expect(publicVariableBefore(above, above.indexOf('sk-'))).toBeUndefined();
    const far = Buffer.from(`VITE_KEY=${' '.repeat(LOOK_BEHIND)}${key}`);
    expect(publicVariableBefore(far, far.indexOf('sk-'))).toBeUndefined();
  });

  test('the look-behind is bounded: a 1 MB line before the key costs no more than a short one', () => {
    const long = Buffer.from(`${'VITE_A '.repeat(150_000)}${fake.openaiProject()}`);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) publicVariableBefore(long, long.indexOf('sk-'));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
