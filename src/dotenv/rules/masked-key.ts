import { OPENAI_MARKER } from '../../rules/fake.js';
import { isExamplePath } from '../paths.js';
import { ANTHROPIC_KEYS_PAGE, keyPrefixOf, mayHoldKeyPrefix, OPENAI_KEYS_PAGE } from '../keylike.js';
import { partOffset, type DotenvEntry } from '../parse.js';
import { dotenvRule, withValue, type Problem } from './rule.js';

/** What dashboards and error messages put where the middle of a key was: dots, an ellipsis, stars, bullets. */
const MASK = /\.{3}|\u2026|\*{3,}|[\u2022\u25cf]/;
/** Placeholder words, and a run of x (five or more: a random key body almost never has one). */
const PLACEHOLDER = /(?:your|my)[_-]?(?:api[_-]?)?key|key[_-]?here|replace[_-]?me|changeme|placeholder|example|insert|dummy|redacted/i;

/** Full lengths of the key kinds whose length is fixed or bounded below (DESIGN.md, key formats). */
const MIN_LENGTH: readonly (readonly [prefix: string, min: number, kind: string])[] = [
  ['sk-ant-api03-', 108, 'Anthropic API'],
  ['sk-ant-admin01-', 110, 'Anthropic admin'],
  ['sk-proj-', 8 + 20 + OPENAI_MARKER.length + 20, 'OpenAI project'],
  ['sk-svcacct-', 11 + 20 + OPENAI_MARKER.length + 20, 'OpenAI service account'],
  ['sk-admin-', 9 + 20 + OPENAI_MARKER.length + 20, 'OpenAI admin'],
];

function problemOf(e: DotenvEntry): string | undefined {
  // Most values hold no key prefix anywhere: one native search before any trim or replace.
  if (!mayHoldKeyPrefix(e.value)) return undefined;
  const v = e.value.trim().replace(/^["'`]|["'`]$/g, '');
  const prefix = keyPrefixOf(v);
  if (!prefix) return undefined;
  const page = prefix.startsWith('sk-ant-') ? ANTHROPIC_KEYS_PAGE : OPENAI_KEYS_PAGE;
  const rest = v.slice(prefix.length);
  if (MASK.test(rest) || rest === '') {
    return (
      `${e.key} holds a masked key: dashboards and error messages show keys shortened like this, it is not the key, ` +
      `and the API answers 401 invalid_api_key. A key is shown whole only once, when it is created: create a new one at ${page}.`
    );
  }
  if (PLACEHOLDER.test(rest) || /x{5,}|X{5,}/.test(rest)) {
    return `${e.key} still holds a placeholder, not a key: the API answers 401 invalid_api_key. Paste a key from ${page}.`;
  }
  const bound = MIN_LENGTH.find(([p]) => p === prefix);
  if (bound && v.length < bound[1]) {
    return (
      `${e.key} holds a key cut short (${v.length} characters; a ${bound[2]} key has ${bound[1]} or more): ` +
      `the API answers 401 invalid_api_key. Copy the whole key again, or create a new one at ${page}.`
    );
  }
  return undefined;
}

/**
 * A masked (`sk-proj-...Abcd`), placeholder or truncated key pasted as a value:
 * the most common "wrong key was copied". Example, sample and template files
 * hold placeholders on purpose and are left alone.
 */
export const dotenvMaskedKey = dotenvRule({
  id: 'dotenv-masked-key',
  title: 'Masked, placeholder or truncated key in a .env file',
  fixable: false,
  check({ doc, path }) {
    if (isExamplePath(path)) return [];
    const problems: Problem[] = [];
    for (const e of doc.entries) {
      const message = problemOf(e);
      if (!message) continue;
      const start = partOffset(e, 'value');
      problems.push({ start, end: start + e.parts.value.length, message, ...withValue(e) });
    }
    return problems;
  },
  examples: {
    positive: () => [
      { text: 'OPENAI_API_KEY=sk-proj-...Abcd\n', line: 1 },
      { text: 'A=1\nOPENAI_API_KEY="sk-proj-****Abcd"\n', line: 2 },
      { text: 'OPENAI_API_KEY=sk-\u2026Abcd\n', line: 1 },
      { text: 'ANTHROPIC_API_KEY=sk-ant-api03-...\n', line: 1 },
      { text: 'OPENAI_API_KEY=sk-proj-YOUR_KEY_HERE\n', line: 1 },
      { text: 'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxx\n', line: 1 },
      { text: 'OPENAI_API_KEY=sk-proj-abc123def456\n', line: 1 },
      { text: `ANTHROPIC_API_KEY=sk-ant-api03-${'Ab3d'.repeat(10)}\n`, line: 1 },
    ],
    clean: () => [
      { text: 'OPENAI_API_KEY=sk-proj-...Abcd\n', path: '.env.example' },
      { text: 'OPENAI_API_KEY=\nTASK=sk-learn\n' },
      { text: `DEEPSEEK_API_KEY=sk-${'0123456789abcdef'.repeat(2)}\n` },
    ],
  },
});
