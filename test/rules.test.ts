import { describe, expect, test } from 'vitest';
import { Engine } from '../src/engine/engine.js';
import { builtinRules } from '../src/rules/index.js';
import type { Rule } from '../src/rules/rule.js';

/**
 * Every rule carries its own proof. A rule whose example is missed, or that
 * claims a look-alike, fails here under its own id.
 */
const engine = new Engine(builtinRules);
const scan = (text: string) => engine.scan({ path: 'example', bytes: Buffer.from(text) });

/** An example as a text and the secret to be found in it (a key alone is both). */
const examplesOf = (rule: Rule) =>
  rule.examples.match().map((e) => (typeof e === 'string' ? { text: e, secret: e } : e));

describe.each(builtinRules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  test('has examples of both kinds', () => {
    expect(rule.examples.match().length).toBeGreaterThan(0);
    expect(rule.examples.ignore().length).toBeGreaterThan(0);
  });

  test('finds each of its examples whole, and no other rule claims them', () => {
    for (const [i, { text: example, secret }] of examplesOf(rule).entries()) {
      for (const text of [example, `const k = "${example}";`, `KEY=${example}\n`, `{"k":"${example}"}`, `x\\n${example}`]) {
        const found = scan(text);
        expect(found.map((m) => m.rule.id), `example ${i} in ${text.length}-char text`).toEqual([rule.id]);
        expect(found[0]?.secret === secret, `example ${i} found whole`).toBe(true);
      }
    }
  });

  test('finds nothing in its look-alikes', () => {
    for (const text of rule.examples.ignore()) {
      const ids = new Engine([rule]).scan({ path: 'example', bytes: Buffer.from(text) }).map((m) => m.rule.id);
      expect(ids, `look-alike of ${text.length} chars`).toEqual([]);
    }
  });

  test('does not match inside a longer word (task-proj-…, xsk-…)', () => {
    for (const { text, secret } of examplesOf(rule)) {
      const ids = scan(text.replace(secret, `x${secret}`)).map((m) => m.rule.id);
      expect(ids).not.toContain(rule.id);
    }
  });
});

describe('rule ids', () => {
  test('are unique and provider-kind', () => {
    const ids = builtinRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)+$/);
  });
});
