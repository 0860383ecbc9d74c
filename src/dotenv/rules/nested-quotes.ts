import { fake } from '../../rules/fake.js';
import { looksLikeKey } from '../keylike.js';
import { partOffset, type DotenvEntry } from '../parse.js';
import { dotenvRule, effect, FIXED_BY, withValue, type Problem } from './rule.js';

const QUOTES = new Set(['"', "'", '`']);
const ANY_QUOTE = /["'`]/;

/** dotenv keeps \" as written; python-dotenv decodes it: either way the value starts with a quote. */
const unescape = (v: string) => v.replace(/^\\(?=["'`])/, '').replace(/\\(["'`])$/, '$1');

/** The loaded value wrapped in (or starting or ending with) a quote: quotes inside quotes. */
function quotedInside(e: DotenvEntry): { open: string; close: string; inner?: string } | undefined {
  // Most values hold no quote at all: one native test, before the trims and replaces below.
  if (!ANY_QUOTE.test(e.value)) return undefined;
  const v = unescape(e.value.trim());
  const open = v[0] ?? '';
  const close = v[v.length - 1] ?? '';
  if (v.length >= 2 && QUOTES.has(open) && close === open) return { open, close, inner: v.slice(1, -1) };
  // Inside a pair of quotes, a lone quote at one end is a nested quote too ("'sk-..."); a quoted word is not.
  const lone = (c: string) => QUOTES.has(c) && v.split(c).length === 2;
  if (e.quote !== '' && lone(open)) return { open, close: '' };
  if (e.quote !== '' && lone(close)) return { open: '', close };
  return undefined;
}

/**
 * `KEY="'sk-...'"` or `KEY='"sk-..."'`: loaders remove one pair of quotes, so
 * the other pair becomes part of the key. fix-env keeps only the key when what
 * is inside looks like one.
 */
export const dotenvNestedQuotes = dotenvRule({
  id: 'dotenv-nested-quotes',
  title: 'Quotes inside the quotes of a .env value',
  fixable: true,
  check({ doc }) {
    const problems: Problem[] = [];
    for (const e of doc.entries) {
      const q = quotedInside(e);
      if (!q) continue;
      const start = partOffset(e, 'value');
      const end = start + e.parts.value.length;
      const safe = q.inner !== undefined && looksLikeKey(q.inner) && !/["'`\\#]/.test(q.inner);
      const what = q.inner !== undefined ? `is wrapped in ${q.open}…${q.close} inside its quotes` : `has a stray ${q.open || q.close} inside its quotes`;
      problems.push({
        start,
        end,
        message:
          `${e.key}'s value ${what}: loaders remove only one pair of quotes, so ` +
          `${effect(e, q.open ? `starts with ${q.open}` : `ends with ${q.close}`)}. Keep one pair of quotes${safe ? FIXED_BY : ''}.`,
        ...withValue(e),
        ...(safe && q.inner ? { fix: [{ start, end, text: q.inner }] } : {}),
      });
    }
    return problems;
  },
  examples: {
    positive: () => {
      const key = fake.openaiProject();
      return [
        { text: `OPENAI_API_KEY="'${key}'"\n`, line: 1, fixed: `OPENAI_API_KEY=${key}\n` },
        { text: `A=1\nANTHROPIC_API_KEY='"${fake.anthropic()}"'\n`, line: 2, fixed: `A=1\nANTHROPIC_API_KEY=${fake.anthropic()}\n` },
        { text: `OPENAI_API_KEY="\\"${key}\\""\n`, line: 1, fixed: `OPENAI_API_KEY=${key}\n` },
        { text: `OPENAI_API_KEY="'${key}"\n`, line: 1 },
        // Not a key: JSON strings are sometimes meant, so reported but left alone.
        { text: `GREETING='"hello"'\n`, line: 1 },
      ];
    },
    clean: () => [
      { text: `OPENAI_API_KEY="${fake.openaiProject()}"\n` },
      { text: `SAY="it's"\nSQL='say "hi" there'\nPLAIN=a'b\n` },
    ],
  },
});
