import { describe, expect, test } from 'vitest';
import { Engine } from '../src/engine/engine.js';
import { builtinRules } from '../src/rules/index.js';

/**
 * Every rule carries its own proof. A rule whose example is missed, or that
 * claims a look-alike, fails here under its own id.
 */
const engine = new Engine(builtinRules);
const scan = (text: string) => engine.scan({ path: 'example', bytes: Buffer.from(text) });

describe.each(builtinRules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  test('has examples of both kinds', () => {
    expect(rule.examples.match().length).toBeGreaterThan(0);
    expect(rule.examples.ignore.length).toBeGreaterThan(0);
  });

  test('finds each of its examples whole, and no other rule claims them', () => {
    for (const [i, key] of rule.examples.match().entries()) {
      for (const text of [key, `const k = "${key}";`, `KEY=${key}\n`, `{"k":"${key}"}`, `x\\n${key}`]) {
        const found = scan(text);
        expect(found.map((m) => m.rule.id), `example ${i} in ${text.length}-char text`).toEqual([rule.id]);
        expect(found[0]?.secret === key, `example ${i} found whole`).toBe(true);
      }
    }
  });

  test('finds nothing in its look-alikes', () => {
    for (const text of rule.examples.ignore) {
      const ids = new Engine([rule]).scan({ path: 'example', bytes: Buffer.from(text) }).map((m) => m.rule.id);
      expect(ids, `look-alike of ${text.length} chars`).toEqual([]);
    }
  });

  test('does not match inside a longer word (task-proj-…, xsk-…)', () => {
    for (const key of rule.examples.match()) expect(scan(`x${key}`)).toEqual([]);
  });
});
