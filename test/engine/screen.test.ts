import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { KeywordSet } from '../../src/engine/keyword-set.js';
import { Screen, screenSpecOf } from '../../src/engine/screen.js';
import { defineRule } from '../../src/rules/define.js';
import { fake, fakeParts, seededRandom } from '../../src/rules/fake.js';
import { builtinRules } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/rule.js';

/**
 * The reader threads' screen (src/engine/screen.ts): a file it passes over
 * must hold nothing the engine would report. So wherever the engine finds a
 * match, the screen must say a rule may match; and it should pass over a file
 * whose keyword hits lead to no match.
 */
function screening(rules: readonly Rule[]) {
  const spec = screenSpecOf(rules);
  const search = new KeywordSet(spec.keywords);
  const screen = new Screen(spec);
  const engine = new Engine(rules);
  return {
    mayMatch: (text: string) => {
      const bytes = Buffer.from(text);
      return screen.mayMatch(bytes, search.hits(bytes));
    },
    finds: (text: string) => engine.scan({ path: 'a.txt', bytes: Buffer.from(text) }).length > 0,
  };
}

const builtin = screening(builtinRules);

describe('Screen', () => {
  test('every built-in rule: wherever the engine finds its examples, the screen lets the text through', () => {
    let found = 0;
    for (const rule of builtinRules) {
      const texts = [...rule.examples.match().map((e) => (typeof e === 'string' ? e : e.text)), ...rule.examples.ignore()];
      for (const text of texts) {
        // Alone, and amid other text, as in a file.
        for (const t of [text, `const x = 1;\n${text}\nmore text after it\n`]) {
          if (!builtin.finds(t)) continue;
          found++;
          expect(builtin.mayMatch(t), `${rule.id}: ${t.length} chars`).toBe(true);
        }
      }
    }
    expect(found).toBeGreaterThan(100);
  });

  test('random text with keywords and key-like runs around them: never a match the screen would have passed over', () => {
    const rand = seededRandom(4242);
    const parts = ['cohere ', 'Discord ', 'AKIA', 'azure_openai=', 'mistral: ', 'sk-ant-', 'ghp_', 'postgres://u:', '@h/db ', 'xoxb-', '\n', ' ', '"', '='];
    const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const run = (n: number) => Array.from({ length: n }, () => alnum[Math.floor(rand() * alnum.length)]).join('');
    // Whole fake keys too, so that the engine finds something in many texts: cut, or next to a context word or not.
    const keys = Array.from({ length: 20 }, (_, n) => [fakeParts.cohere(n), fakeParts.mistral(n), fakeParts.discordBot(), fake.anthropic(n), fake.openaiProject(n)]).flat();
    let found = 0;
    for (let i = 0; i < 1500; i++) {
      const piece = () => {
        const r = rand();
        if (r < 0.4) return parts[Math.floor(rand() * parts.length)] as string;
        if (r < 0.6) return keys[Math.floor(rand() * keys.length)] as string;
        return run(Math.floor(rand() * 48));
      };
      const text = Array.from({ length: 12 }, piece).join('');
      if (builtin.finds(text)) {
        found++;
        expect(builtin.mayMatch(text)).toBe(true);
      }
    }
    expect(found).toBeGreaterThan(80);
  });

  test('passes over keyword hits near which no rule matches, and keeps one with a key', () => {
    expect(builtin.mayMatch('The coherent design of Discord bots and AKIA in prose.\n')).toBe(false);
    expect(builtin.mayMatch(`COHERE_API_KEY=${fakeParts.cohere()}\n`)).toBe(true);
    expect(builtin.mayMatch(`key = "${fake.anthropic(5)}"\n`)).toBe(true);
  });

  test('a context-bound rule needs its context word before the match, as the engine does', () => {
    // A 40-character mixed-case run near the keyword, but the word stands after it.
    expect(builtin.mayMatch(`${fakeParts.cohere()} is not for cohere\n`)).toBe(false);
    expect(builtin.mayMatch(`cohere: ${fakeParts.cohere()}\n`)).toBe(true);
  });

  test("a custom rule's sticky or global flags do not make it miss a match in mid-window", () => {
    const rule = defineRule({
      id: 'custom-token',
      provider: 'custom',
      title: 'Custom token',
      keywords: ['tok_'],
      source: 'tok_[0-9]{8}',
      match: () => ['tok_12345678'],
      ignore: () => ['tok_1234'],
    });
    // As a config's custom rule may come: its own flags.
    const custom = screening([{ ...rule, pattern: /tok_[0-9]{8}/gy }]);
    expect(custom.mayMatch('prefix text then tok_12345678 here')).toBe(true);
    expect(custom.mayMatch('prefix text then tok_1234 here')).toBe(false);
  });
});
