import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { builtinRules } from '../../src/rules/index.js';
import { fake, OPENAI_MARKER as M, seededRandom } from '../../src/rules/fake.js';
import { checkBody, entropy } from '../../src/rules/validators.js';

const engine = new Engine(builtinRules);
const found = (text: string) => engine.scan({ path: 'example', bytes: Buffer.from(text) });

/** A body that passes on its own: 40 seeded characters. */
function randomBody(seed: number, length = 40): string {
  const rand = seededRandom(seed);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

describe('entropy', () => {
  test('is 0 for nothing and for one repeated character', () => {
    expect(entropy('')).toBe(0);
    expect(entropy('aaaaaaaa')).toBe(0);
  });

  test('is log2 of the alphabet size for an even spread', () => {
    expect(entropy('ab')).toBeCloseTo(1);
    expect(entropy('abcd')).toBeCloseTo(2);
    expect(entropy('0123456789abcdef')).toBeCloseTo(4);
  });
});

describe('checkBody: the placeholder filter', () => {
  test('keeps a random body', () => {
    expect(checkBody(randomBody(1))).toEqual({ ok: true });
  });

  test.each([
    'YOUR_KEY_HERE',
    'your-api-key',
    'yourapikey',
    'MY_KEY',
    'key_here',
    'example',
    'EXAMPLE',
    'placeholder',
    'replace_me',
    'changeme',
    'dummy',
    'redacted',
    'insert',
    'xxxxx',
    '***',
    '...',
  ])('drops a body holding the placeholder word %j', (word) => {
    const body = `${randomBody(2, 20)}${word}${randomBody(3, 20)}`;
    expect(checkBody(body)).toEqual({ ok: false, reason: 'placeholder word' });
  });

  test('drops six or more of one character in a row, keeps five', () => {
    expect(checkBody(`${randomBody(4, 20)}QQQQQQ${randomBody(5, 20)}`)).toEqual({ ok: false, reason: 'repeated character' });
    expect(checkBody(`${randomBody(4, 20)}QQQQQ${randomBody(5, 20)}`)).toEqual({ ok: true });
  });

  test('drops a run of six consecutive characters (abcdef, 123456), keeps five', () => {
    for (const run of ['abcdef', '123456', 'KLMNOP']) {
      expect(checkBody(`${randomBody(6, 20)}${run}${randomBody(7, 20)}`)).toEqual({ ok: false, reason: 'sequence' });
    }
    expect(checkBody(`${randomBody(6, 20)}abcde${randomBody(7, 20)}`)).toEqual({ ok: true });
  });

  test('drops a body of low entropy that no other check catches', () => {
    const body = 'ab12ba21'.repeat(5); // 4 symbols: 2 bits a character
    expect(entropy(body)).toBeLessThan(3.5);
    expect(checkBody(body)).toEqual({ ok: false, reason: 'low entropy' });
    expect(checkBody(body, 1.5)).toEqual({ ok: true });
  });
});

describe('the placeholder filter in the rules', () => {
  // Shaped like real keys (prefix, lengths, marker), but not issued by anyone.
  const shaped = (body: string) => `sk-proj-${body}${M}${body}`;

  test.each([
    ['placeholder words', shaped('YOUR_KEY_HERE_abc123XYZ789')],
    ['one repeated character', shaped('x'.repeat(30))],
    ['a sequence', shaped('abcdefghijklmnopqrstuvwxyz')],
    ['low entropy', shaped('ab12ba21ab12ba21ab12ba21')],
    ['an Anthropic placeholder', `sk-ant-api03-${'0123'.repeat(23)}aAA`],
  ])('a key-shaped string with %s is not reported', (_what, text) => {
    // The pattern alone takes it: only the filter stands between it and a finding.
    expect(builtinRules.some((r) => new RegExp(r.pattern.source).test(text))).toBe(true);
    expect(found(`const k = "${text}";`)).toEqual([]);
  });

  test('seeded fake keys of every kind pass, for hundreds of seeds', () => {
    const makers = Object.entries(fake);
    let checked = 0;
    for (const [name, make] of makers) {
      for (let seed = 1; seed <= 300; seed++) {
        const key = make(seed);
        const matches = found(`"${key}"`);
        expect(matches.length, `${name} seed ${seed}`).toBe(1);
        expect(matches[0]?.secret === key, `${name} seed ${seed} found whole`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(makers.length * 300);
  });
});
