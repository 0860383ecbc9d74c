import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { fake, OPENAI_MARKER } from '../../src/rules/fake.js';
import { builtinRules } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/rule.js';

/**
 * The engine files each keyword under one 3-byte window and checks the rest
 * of the keyword around it. These cases put keywords where an off-by-one in
 * that check would lose them: at the very start and end of the buffer, back
 * to back, and after bytes that share the window.
 */
const engine = new Engine(builtinRules);
const found = (text: string) => engine.scan({ path: 'x', bytes: Buffer.from(text) }).map((m) => m.secret);

describe('keyword search', () => {
  const anthropic = fake.anthropic(31);
  const openai = fake.openaiProject(32);

  test('finds keys at the first and the last byte of the buffer', () => {
    expect(found(anthropic)).toEqual([anthropic]);
    expect(found(`${openai}\n${anthropic}`)).toEqual([openai, anthropic]);
  });

  test('a part of a keyword cut off by the start or the end of the buffer is no hit (and no error)', () => {
    expect(found('k-ant-api03-')).toEqual([]);
    expect(found(`sk-proj-${OPENAI_MARKER.slice(0, 6)}`)).toEqual([]);
  });

  test('finds every key of a line that holds many, and keys after anchor look-alikes', () => {
    const text = `-ant- k-ant- s-ant- ${anthropic} ${openai} ${anthropic.replace('sk-ant-', 'xk-ant-')} ${anthropic}`;
    expect(found(text)).toEqual([anthropic, openai, anthropic]);
  });

  test('a keyword whose rarest byte is its last one is found as well', () => {
    const rule: Rule = { ...(builtinRules[0] as Rule), keywords: ['alphaQ'], pattern: /alphaQ[0-9]+/g, validate: undefined };
    const scan = (t: string) => new Engine([rule]).scan({ path: 'x', bytes: Buffer.from(t) }).map((m) => m.secret);
    expect(scan('alphaQ1 lphaQ2 alphaQ3')).toEqual(['alphaQ1', 'alphaQ3']);
    expect(scan('Q1 aQ2')).toEqual([]);
  });
});
