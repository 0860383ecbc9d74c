import { distance as levenshtein } from 'fastest-levenshtein';
import { describe, expect, test } from 'vitest';
import { seededRandom } from '../../src/rules/fake.js';
import { fixDotenv } from '../../src/dotenv/fix.js';
import { lintDotenv, type LintOptions } from '../../src/dotenv/lint.js';
import { dotenvRules } from '../../src/dotenv/rules/index.js';
import type { DotenvExample } from '../../src/dotenv/rules/rule.js';

/**
 * Every .env rule carries its own proof: each positive example is found at its
 * line (and, where given, fixed to its `fixed` text; otherwise fix-env leaves it
 * as it is), and no clean example is reported.
 */
const optionsOf = (ex: DotenvExample): LintOptions => ({
  path: ex.path ?? '.env',
  staged: ex.staged ?? false,
  ...(ex.addedLines ? { addedLines: ex.addedLines } : {}),
});

/** The ids DESIGN.md lists: part of the public interface (JSON, config). */
const DESIGN_IDS = [
  'dotenv-trailing-whitespace', 'dotenv-leading-whitespace', 'dotenv-space-around-equals', 'dotenv-crlf',
  'dotenv-unbalanced-quotes', 'dotenv-nested-quotes', 'dotenv-smart-quotes', 'dotenv-duplicate-key',
  'dotenv-invalid-line', 'dotenv-bom', 'dotenv-key-name', 'dotenv-masked-key', 'dotenv-committed',
];

test('the rules are exactly the ids DESIGN.md lists, each once', () => {
  expect(dotenvRules.map((r) => r.id)).toEqual(DESIGN_IDS);
});

describe.each(dotenvRules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  test('is a warning with a title and examples of both kinds', () => {
    expect(rule.severity).toBe('warning');
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.examples.positive().length).toBeGreaterThan(0);
    expect(rule.examples.clean().length).toBeGreaterThan(0);
  });

  test('finds each positive example at its line, with a message that says what to do', () => {
    for (const [i, ex] of rule.examples.positive().entries()) {
      const found = lintDotenv(ex.text, optionsOf(ex)).filter((p) => p.rule.id === id);
      expect(found.map((p) => p.line), `example ${i}`).toContain(ex.line);
      for (const p of found) {
        expect(p.message, `example ${i}`).toMatch(/\.$/);
        expect(p.start).toBeLessThanOrEqual(p.end);
      }
    }
  });

  test('reports nothing in its clean examples', () => {
    for (const [i, ex] of rule.examples.clean().entries()) {
      const found = lintDotenv(ex.text, optionsOf(ex)).filter((p) => p.rule.id === id);
      expect(found.map((p) => p.message), `clean example ${i}`).toEqual([]);
    }
  });

  test(rule.fixable ? 'fix-env repairs what is safe and leaves the rest' : 'offers no fix', () => {
    for (const [i, ex] of rule.examples.positive().entries()) {
      const result = fixDotenv(ex.text, optionsOf(ex));
      expect(result.text === (ex.fixed ?? ex.text), `example ${i} fixed as expected`).toBe(true);
      if (!rule.fixable) expect(lintDotenv(ex.text, optionsOf(ex)).filter((p) => p.rule.id === id && p.fix)).toEqual([]);
      if (ex.fixed !== undefined) {
        expect(result.remaining.filter((p) => p.rule.id === id), `example ${i} has no ${id} left`).toEqual([]);
      }
    }
  });
});

test('a problem offsets point inside the text, and the value it carries is the entry value', () => {
  for (const rule of dotenvRules) {
    for (const ex of rule.examples.positive()) {
      for (const p of lintDotenv(ex.text, optionsOf(ex))) {
        expect(p.end).toBeLessThanOrEqual(ex.text.length);
        if (p.value) expect(p.value.end).toBeLessThanOrEqual(ex.text.length);
      }
    }
  }
});

describe('dotenv-key-name near misses by spelling', () => {
  // The rule skips the edit-distance table for names that hold none of the pieces of a fuzzy name, or whose
  // letter counts are too far apart; this checks that the shortcuts never drop a name the full distance would
  // flag, on names one to four edits away from each fuzzy name.
  const canonical = [
    'OPENAI_API_KEY',
    'ANTHROPIC_API_KEY',
    'OPENROUTER_API_KEY',
    'LANGSMITH_API_KEY',
    'PINECONE_API_KEY',
    'REPLICATE_API_TOKEN',
    'PERPLEXITY_API_KEY',
    'ELEVENLABS_API_KEY',
    'FIRECRAWL_API_KEY',
    'DEEPSEEK_API_KEY',
  ];
  const squash = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const rand = seededRandom(4242);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const pick = () => letters[Math.floor(rand() * letters.length)] as string;
  const edit = (name: string) => {
    const at = Math.floor(rand() * (name.length + 1));
    const op = Math.floor(rand() * 3);
    if (op === 0) return name.slice(0, at) + pick() + name.slice(at);
    if (op === 1) return name.slice(0, at) + name.slice(at + 1);
    return name.slice(0, at) + pick() + name.slice(at + 1);
  };
  const names: string[] = [];
  for (const c of canonical) {
    for (let n = 0; n < 120; n++) {
      let name = squash(c);
      for (let e = 1 + Math.floor(rand() * 4); e > 0; e--) name = edit(name);
      names.push(name);
    }
  }

  test.each(canonical)('names around %s are flagged exactly when they are within 2 edits of it', (c) => {
    const around = names.filter((n) => levenshtein(n, squash(c)) <= 4);
    for (const name of around) {
      const flagged = lintDotenv(`${name}=abc\n`).some((p) => p.rule.id === 'dotenv-key-name' && p.message.includes(`Rename it to ${c}.`));
      const near = name !== squash(c) && levenshtein(name, squash(c)) <= 2;
      // A name within 2 edits of c may be flagged for another canonical name first (never the case for these ten).
      expect(flagged, name).toBe(near || name === squash(c));
    }
  });
});

describe('dotenv-unbalanced-quotes names the assignments a quote swallowed', () => {
  const swallowed = (text: string) => lintDotenv(text).find((p) => p.rule.id === 'dotenv-unbalanced-quotes')?.message.match(/so (.*) never set/)?.[1];

  test('one, several, more than three; after LF, CRLF or a lone CR; an export line; never the first line', () => {
    const cases: [text: string, names: string | undefined][] = [
      ['A_B="x\nDEBUG_MODE=1\n"\n', 'DEBUG_MODE is'],
      ['A_B="x\r\nC_D=1\r  export e=2\n"\n', 'C_D, e are'],
      ['A_B="x\nC_D=1\nE_F=2\nG_H=3\nI_J=4\nK_L=5\n"\n', 'C_D, E_F, G_H, ... are'],
      // Lines that only look alike: no underscore, a comparison, an indented name in lower case.
      ['A_B="x\nABC=1\nC_D==2\n  lower_case=3\n"\n', undefined],
      // A quote closed on its own line swallows nothing.
      ['A_B="x\n"\nC_D=1\n', undefined],
    ];
    for (const [text, names] of cases) expect(swallowed(text), JSON.stringify(text)).toBe(names);
  });
});
