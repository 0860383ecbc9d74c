import { fake } from '../../rules/fake.js';
import { isAnthropicKeyShape, isOpenaiKeyShape } from '../keylike.js';
import { partOffset, type DotenvEntry } from '../parse.js';
import { dotenvRule, withValue, type Problem } from './rule.js';

interface Canonical {
  readonly name: string;
  readonly sdk: string;
  /** Names (upper case, separators removed) people use instead. */
  readonly misses: readonly string[];
}

const OPENAI: Canonical = {
  name: 'OPENAI_API_KEY',
  sdk: 'OpenAI',
  misses: ['OPENAIKEY', 'OPENAITOKEN', 'OPENAIAPITOKEN', 'OPENAISECRET', 'OPENAISECRETKEY', 'OPENAIAPISECRET', 'OPENAIAPISECRETKEY', 'CHATGPTAPIKEY', 'CHATGPTKEY', 'GPTAPIKEY'],
};
const ANTHROPIC: Canonical = {
  name: 'ANTHROPIC_API_KEY',
  sdk: 'Anthropic',
  misses: ['ANTHROPICKEY', 'ANTHROPICTOKEN', 'ANTHROPICAPITOKEN', 'ANTHROPICSECRET', 'ANTHROPICSECRETKEY', 'ANTHROPICAPISECRET', 'CLAUDEAPIKEY', 'CLAUDEKEY', 'CLAUDETOKEN'],
};

const squash = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '');
const CANONICAL = [OPENAI, ANTHROPIC].map((c) => ({ ...c, squashed: squash(c.name) }));

/** Prefixes that frameworks strip or expose (VITE_OPENAI_KEY): such names are read by the app's own code, by name. */
const FRAMEWORK_PREFIX = /^(?:VITE|NEXT_PUBLIC|REACT_APP|NUXT|NUXT_PUBLIC|EXPO_PUBLIC|PUBLIC|GATSBY|VUE_APP|STORYBOOK)_/i;

/** Levenshtein distance, stopping early past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...row) > max) return max + 1;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

/** The canonical name a near-miss was meant to be, if any. */
function meant(key: string): Canonical | undefined {
  if (FRAMEWORK_PREFIX.test(key)) return undefined;
  const s = squash(key);
  return CANONICAL.find(
    ({ name, squashed, misses }) => key !== name && (s === squashed || misses.includes(s) || distance(s, squashed, 2) <= 2),
  );
}

function nearMiss(e: DotenvEntry, c: Canonical): string {
  const why = squash(e.key) === squash(c.name) && e.key.toUpperCase() === c.name ? 'names are case-sensitive on Linux and macOS' : 'and no other name';
  return (
    `${e.key} is not the name the ${c.sdk} SDKs read: they read ${c.name} (${why}), so unless your code passes ` +
    `${e.key} itself, the client finds no key (or an old one from the environment) and the API answers 401. ` +
    `Rename it to ${c.name}.`
  );
}

/** A key of one provider under the other provider's name. */
function wrongProvider(e: DotenvEntry): string | undefined {
  const v = e.value.trim();
  if (e.key === OPENAI.name && isAnthropicKeyShape(v)) {
    return `${e.key} holds an Anthropic key: the OpenAI API answers 401 invalid_api_key. Put it in ${ANTHROPIC.name}, and an OpenAI key here.`;
  }
  if (e.key === ANTHROPIC.name && !isAnthropicKeyShape(v) && isOpenaiKeyShape(v)) {
    return `${e.key} holds an OpenAI key: the Anthropic API answers 401 authentication_error. Put it in ${OPENAI.name}, and an Anthropic key here.`;
  }
  return undefined;
}

/**
 * Near-misses of OPENAI_API_KEY and ANTHROPIC_API_KEY (OPENAI_KEY,
 * OPEN_AI_API_KEY, openai_api_key, ...), which the SDKs never read, and a
 * provider's key stored under the other provider's name. A near-miss in a file
 * that also sets the real name is taken as meant.
 */
export const dotenvKeyName = dotenvRule({
  id: 'dotenv-key-name',
  title: 'API key under a name the SDKs do not read',
  fixable: false,
  check({ doc }) {
    const names = new Set(doc.entries.map((e) => e.key));
    const problems: Problem[] = [];
    for (const e of doc.entries) {
      const c = meant(e.key);
      const message = c && !names.has(c.name) ? nearMiss(e, c) : wrongProvider(e);
      if (!message) continue;
      const start = partOffset(e, 'key');
      problems.push({ start, end: start + e.key.length, message, ...withValue(e) });
    }
    return problems;
  },
  examples: {
    positive: () => [
      { text: 'OPENAI_KEY=abc\n', line: 1 },
      { text: 'A=1\nOPEN_AI_API_KEY=abc\n', line: 2 },
      { text: 'OPENAI_APIKEY=abc\n', line: 1 },
      { text: 'openai_api_key=abc\n', line: 1 },
      { text: 'OPENAI-API-KEY=abc\n', line: 1 },
      { text: 'OPNEAI_API_KEY=abc\n', line: 1 },
      { text: 'ANTHROPIC_KEY=abc\n', line: 1 },
      { text: 'CLAUDE_API_KEY=abc\n', line: 1 },
      { text: 'ANTROPIC_API_KEY=abc\n', line: 1 },
      { text: `OPENAI_API_KEY=${fake.anthropic()}\n`, line: 1 },
      { text: `ANTHROPIC_API_KEY=${fake.openaiProject()}\n`, line: 1 },
    ],
    clean: () => [
      { text: `OPENAI_API_KEY=${fake.openaiProject()}\nANTHROPIC_API_KEY=${fake.anthropic()}\n` },
      { text: 'OPENAI_BASE_URL=http://localhost\nOPENAI_ORG_ID=org-1\nOPENAI_PROJECT_ID=p\nOPENAI_API_TYPE=azure\nOPENAI_ADMIN_KEY=x\n' },
      { text: 'AZURE_OPENAI_API_KEY=x\nANTHROPIC_AUTH_TOKEN=x\nANTHROPIC_BASE_URL=x\nOPENAI_MODEL=gpt\n' },
      { text: 'VITE_OPENAI_KEY=x\nNEXT_PUBLIC_OPENAI_API_KEY=x\n' },
      { text: 'OPENAI_API_KEY=x\nOPENAI_KEY=x\n' },
    ],
  },
});
