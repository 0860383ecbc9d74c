import { describe, expect, test } from 'vitest';
import { displayLine, maskValue } from '../../src/dotenv/display.js';
import { fixDotenv } from '../../src/dotenv/fix.js';
import { looksLikeKey } from '../../src/dotenv/keylike.js';
import { parseDotenv } from '../../src/dotenv/parse.js';
import { fake } from '../../src/rules/fake.js';
import { anyText } from './generate.js';

const key = fake.openaiProject();
const ant = fake.anthropic();

describe('fix-env before and after', () => {
  test.each([
    ['everything at once on a key', `\uFEFF  OPENAI_API_KEY = " ${key} "  \r\n`, `OPENAI_API_KEY="${key}"\n`],
    ['nested quotes with a space inside', `OPENAI_API_KEY="'${key} '"\n`, `OPENAI_API_KEY=${key}\n`],
    ['smart quotes then spaces around =', `ANTHROPIC_API_KEY = \u201c${ant}\u201d\n`, `ANTHROPIC_API_KEY=${ant}\n`],
    ['a trailing newline in a multi-line value', `OPENAI_API_KEY="${key}\r\n"\r\nDEBUG=1\r\n`, `OPENAI_API_KEY="${key}"\nDEBUG=1\n`],
    ['comments, blanks and other values kept', `# keys\n\nA = 1 # one\nB="x y"\n${'C'}=${key}\t\n`, `# keys\n\nA=1 # one\nB="x y"\nC=${key}\n`],
    ['a CR-only file', 'A=1\rB=2', 'A=1\nB=2'],
  ])('%s', (_name, before, after) => {
    const result = fixDotenv(before);
    expect(result.text === after, JSON.stringify(parseDotenv(result.text).lines.map((l) => l.raw.length))).toBe(true);
    expect(result.remaining.filter((p) => p.fix)).toEqual([]);
  });

  test.each([
    ['an unclosed quote', `OPENAI_API_KEY="${key}\n`],
    ['a duplicate key', 'A=1\nA=2\n'],
    ['a near-miss name', 'OPENAI_KEY=abc\n'],
    ['a masked key', 'OPENAI_API_KEY=sk-proj-...Abcd\n'],
    ['a space inside the quotes of a value that is not a key', 'GREETING="hello "\n'],
    ['an invalid line', 'OPENAI_API_KEY abc\n'],
  ])('leaves %s as it is', (_name, text) => {
    const result = fixDotenv(text);
    expect(result.text).toBe(text);
    expect(result.fixed).toEqual([]);
    expect(result.remaining.length).toBeGreaterThan(0);
  });
});

/** A value's text without what fixes may remove at its edges: whitespace, invisible characters, quotes of any kind. */
const core = (v: string) => v.replace(/^[\s\u200b-\u200d\u2060"'`\u2018-\u201f\u00ab\u00bb\u2039\u203a]+|[\s\u200b-\u200d\u2060"'`\u2018-\u201f\u00ab\u00bb\u2039\u203a]+$/g, '');

const lf = (raw: string) => raw.replace(/\r\n?/g, '\n');

describe('fix-env on 1500 generated texts', () => {
  const cases = Array.from({ length: 1500 }, (_, i) => [i + 1, anyText(i + 1)] as const);

  test('keeps every name, comment and blank line, and every value up to what it may trim', () => {
    for (const [seed, text] of cases) {
      const before = parseDotenv(text);
      const after = parseDotenv(fixDotenv(text).text);
      expect(after.lines.map((l) => l.kind), `seed ${seed}`).toEqual(before.lines.map((l) => l.kind));
      before.lines.forEach((a, i) => {
        const b = after.lines[i];
        if (!b) throw new Error(`seed ${seed}: line item ${i} lost`);
        if (a.kind !== 'entry' || b.kind !== 'entry') {
          // A run of blank or comment lines is one item: its inner line endings are the CRLF fix's to change.
          expect(lf(b.raw), `seed ${seed}, item ${i}`).toBe(lf(a.raw));
          return;
        }
        expect([b.key, b.parts.comment], `seed ${seed}, ${a.key}`).toEqual([a.key, a.parts.comment]);
        if (b.value !== a.value) {
          // Only edges change, and inside quotes only for keys (or a pair of smart quotes).
          expect(core(b.value), `seed ${seed}, ${a.key}`).toBe(core(a.value));
          expect(looksLikeKey(a.value) || /^[\u2018-\u201f\u00ab\u00bb\u2039\u203a]/.test(a.value.trim()), `seed ${seed}, ${a.key}`).toBe(true);
        }
      });
    }
  });

  test('is idempotent and leaves nothing fixable behind', () => {
    for (const [seed, text] of cases) {
      const once = fixDotenv(text);
      expect(once.remaining.filter((p) => p.fix).map((p) => p.rule.id), `seed ${seed}`).toEqual([]);
      expect(fixDotenv(once.text).text === once.text, `seed ${seed}`).toBe(true);
    }
  });
});

describe('the diff shows no key whole', () => {
  test('a key keeps its prefix and last four characters; whitespace and quotes stay in view', () => {
    const [line] = parseDotenv(`OPENAI_API_KEY = "'${key} '"\t# old: ${ant}\n`).lines;
    if (!line) throw new Error('no line');
    const shown = displayLine(line);
    expect(shown).toBe(`OPENAI_API_KEY·=·"'sk-proj-…${key.slice(-4)}·'"→#…`);
    expect(shown).not.toContain(key.slice(8, 28));
    expect(shown).not.toContain(ant.slice(13, 33));
  });

  test('short values show nothing but an ellipsis', () => {
    expect(maskValue('hunter2')).toBe('…');
    expect(maskValue('" x "')).toBe('" … "');
  });
});
