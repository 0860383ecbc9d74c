import { fake } from '../../rules/fake.js';
import { isAnthropicKeyShape, isOpenaiKeyShape, providerOfKey } from '../keylike.js';
import { partOffset, type DotenvEntry } from '../parse.js';
import { dotenvRule, withValue, type Problem } from './rule.js';

export interface Canonical {
  readonly name: string;
  /** The rules' provider id, to tell whose key a value is. */
  readonly provider: string;
  readonly sdk: string;
  /** Names (upper case, separators removed) people use instead. */
  readonly misses: readonly string[];
  /** Other names the provider's SDKs read as well (GOOGLE_API_KEY beside GEMINI_API_KEY). */
  readonly also?: readonly string[];
  /**
   * Near-misses by spelling (edit distance 2): only for the long, distinctive
   * names. Short ones have real neighbours (HF_TOKEN and GH_TOKEN, GROQ and
   * GROK), so they match only when they squash to the same letters.
   */
  readonly fuzzy?: boolean;
}

const OPENAI: Canonical = {
  name: 'OPENAI_API_KEY',
  provider: 'openai',
  sdk: 'OpenAI',
  fuzzy: true,
  misses: ['OPENAIKEY', 'OPENAITOKEN', 'OPENAIAPITOKEN', 'OPENAISECRET', 'OPENAISECRETKEY', 'OPENAIAPISECRET', 'OPENAIAPISECRETKEY', 'CHATGPTAPIKEY', 'CHATGPTKEY', 'GPTAPIKEY'],
};
const ANTHROPIC: Canonical = {
  name: 'ANTHROPIC_API_KEY',
  provider: 'anthropic',
  sdk: 'Anthropic',
  fuzzy: true,
  misses: ['ANTHROPICKEY', 'ANTHROPICTOKEN', 'ANTHROPICAPITOKEN', 'ANTHROPICSECRET', 'ANTHROPICSECRETKEY', 'ANTHROPICAPISECRET', 'CLAUDEAPIKEY', 'CLAUDEKEY', 'CLAUDETOKEN'],
};

/** The variables the other providers' SDKs and frameworks read (LangChain, the Vercel AI SDK, LiteLLM agree on these). */
const OTHERS: readonly Canonical[] = [
  { name: 'GEMINI_API_KEY', provider: 'google', sdk: 'Google Gen AI', also: ['GOOGLE_API_KEY'], misses: ['GEMINIKEY', 'GEMINIAPITOKEN', 'GOOGLEGEMINIAPIKEY'] },
  { name: 'GROQ_API_KEY', provider: 'groq', sdk: 'Groq', misses: ['GROQKEY', 'GROQTOKEN', 'GROQAPITOKEN'] },
  { name: 'OPENROUTER_API_KEY', provider: 'openrouter', sdk: 'OpenRouter', fuzzy: true, misses: ['OPENROUTERKEY', 'OPENROUTERTOKEN'] },
  { name: 'HF_TOKEN', provider: 'huggingface', sdk: 'Hugging Face', also: ['HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACEHUB_API_TOKEN'], misses: ['HUGGINGFACETOKEN', 'HFAPITOKEN', 'HFAPIKEY', 'HUGGINGFACEAPIKEY'] },
  { name: 'LANGSMITH_API_KEY', provider: 'langsmith', sdk: 'LangSmith', fuzzy: true, also: ['LANGCHAIN_API_KEY'], misses: ['LANGSMITHKEY', 'LANGSMITHTOKEN'] },
  { name: 'XAI_API_KEY', provider: 'xai', sdk: 'xAI', misses: ['XAIKEY', 'GROKAPIKEY'] },
  { name: 'TAVILY_API_KEY', provider: 'tavily', sdk: 'Tavily', misses: ['TAVILYKEY'] },
  { name: 'PINECONE_API_KEY', provider: 'pinecone', sdk: 'Pinecone', fuzzy: true, misses: ['PINECONEKEY'] },
  { name: 'REPLICATE_API_TOKEN', provider: 'replicate', sdk: 'Replicate', fuzzy: true, misses: ['REPLICATEAPIKEY', 'REPLICATETOKEN', 'REPLICATEKEY'] },
  { name: 'PERPLEXITY_API_KEY', provider: 'perplexity', sdk: 'Perplexity', fuzzy: true, also: ['PPLX_API_KEY'], misses: ['PERPLEXITYKEY'] },
  { name: 'TOGETHER_API_KEY', provider: 'together', sdk: 'Together', misses: ['TOGETHERAIAPIKEY', 'TOGETHERKEY'] },
  { name: 'CEREBRAS_API_KEY', provider: 'cerebras', sdk: 'Cerebras', misses: ['CEREBRASKEY'] },
  { name: 'ELEVENLABS_API_KEY', provider: 'elevenlabs', sdk: 'ElevenLabs', fuzzy: true, also: ['ELEVEN_API_KEY'], misses: ['ELEVENLABSKEY', 'XIAPIKEY'] },
  { name: 'FIRECRAWL_API_KEY', provider: 'firecrawl', sdk: 'Firecrawl', fuzzy: true, misses: ['FIRECRAWLKEY'] },
  { name: 'MISTRAL_API_KEY', provider: 'mistral', sdk: 'Mistral', misses: ['MISTRALKEY', 'MISTRALAIAPIKEY'] },
  { name: 'COHERE_API_KEY', provider: 'cohere', sdk: 'Cohere', also: ['CO_API_KEY'], misses: ['COHEREKEY'] },
  { name: 'DEEPSEEK_API_KEY', provider: 'deepseek', sdk: 'DeepSeek', fuzzy: true, misses: ['DEEPSEEKKEY'] },
];

/** The names each provider's SDKs read, the canonical one first (doctor checks the ones that are set). */
export const SDK_VARIABLES: readonly Canonical[] = [OPENAI, ANTHROPIC, ...OTHERS];

const squash = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** How often each of A-Z and 0-9 occurs in a squashed name. */
function letterCounts(squashed: string): Int32Array {
  const counts = new Int32Array(36);
  for (let i = 0; i < squashed.length; i++) {
    const c = squashed.charCodeAt(i);
    const bin = c >= 65 ? c - 65 : c - 48 + 26;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts;
}

/**
 * Whether two names' letter counts differ by more than an edit distance of
 * `max` could explain (a substitution moves two counts, an insertion or a
 * deletion one): then their distance is more than `max`, and need not be
 * computed. Most names of a large tree's .env files end here, in a few
 * dozen steps instead of a table of their lengths' product.
 */
function countsTooFar(a: Int32Array, b: Int32Array, max: number): boolean {
  let apart = 0;
  for (let i = 0; i < 36; i++) apart += Math.abs((a[i] as number) - (b[i] as number));
  return apart > 2 * max;
}

const CANONICAL = [OPENAI, ANTHROPIC, ...OTHERS].map((c) => ({ ...c, squashed: squash(c.name), counts: letterCounts(squash(c.name)) }));
/** Each canonical name squashed and each known miss, to the first canonical name (in CANONICAL's order) it belongs to. */
const EXACT = new Map<string, number>();
CANONICAL.forEach((c, i) => {
  for (const name of [c.squashed, ...c.misses]) if (!EXACT.has(name)) EXACT.set(name, i);
});
/** Every name an SDK reads, and whose key belongs there. */
const READ_NAMES = new Map(CANONICAL.flatMap((c) => [c.name, ...(c.also ?? [])].map((n) => [n, c] as const)));
const ALSO_SQUASHED = new Set(CANONICAL.flatMap((c) => (c.also ?? []).map(squash)));

/** Edits a fuzzy near-miss may be from its canonical name. */
const FUZZY_EDITS = 2;

/**
 * Pieces of each fuzzy name, FUZZY_EDITS + 1 of them: a name within that many
 * edits of a canonical one holds at least one of its pieces unchanged (each
 * edit can spoil one piece at most). One native test of this alternation
 * turns most names of a large tree's .env files away before any per-name
 * loop, which runs cold there: each name is seen once.
 */
function fuzzyPieces(names: readonly string[]): RegExp {
  const pieces = new Set<string>();
  const parts = FUZZY_EDITS + 1;
  for (const name of names) {
    for (let k = 0; k < parts; k++) pieces.add(name.slice(Math.floor((k * name.length) / parts), Math.floor(((k + 1) * name.length) / parts)));
  }
  // Squashed names are A-Z and 0-9 only: nothing to escape.
  return new RegExp([...pieces].join('|'));
}
const NEAR_SOME_FUZZY = fuzzyPieces(CANONICAL.filter((c) => c.fuzzy === true).map((c) => c.squashed));

/** Prefixes that frameworks strip or expose (VITE_OPENAI_KEY): such names are read by the app's own code, by name. */
const FRAMEWORK_PREFIX = /^(?:VITE|NEXT_PUBLIC|REACT_APP|NUXT|NUXT_PUBLIC|EXPO_PUBLIC|PUBLIC|GATSBY|VUE_APP|STORYBOOK)_/i;

/** Levenshtein distance, stopping early past `max`: two reused rows, no allocation per call. */
let rows: [Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64)];
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let [prev, row] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    [prev, row] = [row, prev];
  }
  return prev[b.length] as number;
}

/**
 * Answers of `nearestFuzzy`, by squashed name: a tree's .env files use the
 * same few names again and again. Bounded, so that a file of a million
 * distinct names cannot grow it without end. Names that hold no piece of a
 * fuzzy name are answered without it: that is as quick as a lookup.
 */
const NEAREST = new Map<string, number>();
const NEAREST_LIMIT = 10_000;

/** The canonical name a near-miss was meant to be, if any. */
function meant(key: string): Canonical | undefined {
  if (FRAMEWORK_PREFIX.test(key)) return undefined;
  const s = squash(key);
  if (READ_NAMES.has(key) || ALSO_SQUASHED.has(s)) return undefined;
  // The first canonical name, in CANONICAL's order, that the name squashes to, misses, or (if fuzzy) is near.
  const exact = EXACT.get(s) ?? CANONICAL.length;
  if (!NEAR_SOME_FUZZY.test(s)) return CANONICAL[exact];
  let nearest = NEAREST.get(s);
  if (nearest === undefined) {
    nearest = nearestFuzzy(s, exact);
    if (NEAREST.size < NEAREST_LIMIT) NEAREST.set(s, nearest);
  }
  return CANONICAL[nearest];
}

/** The index of the first fuzzy canonical name before `exact` within FUZZY_EDITS of `s`, else `exact`. */
function nearestFuzzy(s: string, exact: number): number {
  let counts: Int32Array | undefined;
  for (let i = 0; i < exact; i++) {
    const c = CANONICAL[i] as (typeof CANONICAL)[number];
    if (c.fuzzy === true && Math.abs(s.length - c.squashed.length) <= FUZZY_EDITS && !countsTooFar((counts ??= letterCounts(s)), c.counts, FUZZY_EDITS) && distance(s, c.squashed, FUZZY_EDITS) <= FUZZY_EDITS) return i;
  }
  return exact;
}

function nearMiss(e: DotenvEntry, c: Canonical): string {
  const why = squash(e.key) === squash(c.name) && e.key.toUpperCase() === c.name ? 'names are case-sensitive on Linux and macOS' : 'and no other name';
  return (
    `${e.key} is not the name the ${c.sdk} SDKs read: they read ${c.name} (${why}), so unless your code passes ` +
    `${e.key} itself, the client finds no key (or an old one from the environment) and the API answers 401. ` +
    `Rename it to ${c.name}.`
  );
}

/** A base URL in the same file points the SDK at another provider's OpenAI-compatible API: any key may go with it. */
const BASE_URL = /(?:BASE_URL|API_BASE|BASE_PATH|ENDPOINT|HOST)$/;

/** A key of one provider under another provider's name. */
function wrongProvider(e: DotenvEntry, names: ReadonlySet<string>): string | undefined {
  const v = e.value.trim();
  if (e.key === OPENAI.name && isAnthropicKeyShape(v)) {
    return `${e.key} holds an Anthropic key: the OpenAI API answers 401 invalid_api_key. Put it in ${ANTHROPIC.name}, and an OpenAI key here.`;
  }
  if (e.key === ANTHROPIC.name && !isAnthropicKeyShape(v) && isOpenaiKeyShape(v)) {
    return `${e.key} holds an OpenAI key: the Anthropic API answers 401 authentication_error. Put it in ${OPENAI.name}, and an Anthropic key here.`;
  }
  const meantFor = READ_NAMES.get(e.key);
  const holds = meantFor && providerOfKey(v);
  if (!meantFor || !holds || holds.provider === meantFor.provider) return undefined;
  const stem = e.key.replace(/_(?:API_KEY|API_TOKEN|TOKEN|KEY)$/, '');
  if ([...names].some((n) => n.startsWith(`${stem}_`) && BASE_URL.test(n))) return undefined;
  const home = CANONICAL.find((c) => c.provider === holds.provider);
  const where = home ? `Put it in ${home.name}, and ` : 'Move it out, and put ';
  return `${e.key} holds a ${holds.title}, not a ${meantFor.sdk} key: the ${meantFor.sdk} API answers 401. ${where}a ${meantFor.sdk} key here.`;
}

/**
 * Near-misses of the names the SDKs read (OPENAI_KEY, OPEN_AI_API_KEY,
 * openai_api_key, groq_api_key, ...), which they never read, and a
 * provider's key stored under another provider's name (a Groq key in
 * OPENAI_API_KEY), unless a base URL in the file points that SDK elsewhere.
 * A near-miss in a file that also sets the real name is taken as meant.
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
      const message = c && !names.has(c.name) ? nearMiss(e, c) : wrongProvider(e, names);
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
      { text: 'groq_api_key=abc\n', line: 1 },
      { text: 'HUGGINGFACE_TOKEN=abc\n', line: 1 },
      { text: 'OPENROUTER_APIKEY=abc\n', line: 1 },
      { text: `OPENAI_API_KEY=${fake.groq()}\n`, line: 1 },
      { text: `GEMINI_API_KEY=${fake.openaiProject()}\n`, line: 1 },
      { text: `A=1\nGROQ_API_KEY=${fake.huggingface()}\n`, line: 2 },
      { text: `HF_TOKEN=${fake.githubClassic()}\n`, line: 1 },
      { text: 'GROK_API_KEY=abc\n', line: 1 },
    ],
    clean: () => [
      { text: `OPENAI_API_KEY=${fake.openaiProject()}\nANTHROPIC_API_KEY=${fake.anthropic()}\n` },
      { text: 'OPENAI_BASE_URL=http://localhost\nOPENAI_ORG_ID=org-1\nOPENAI_PROJECT_ID=p\nOPENAI_API_TYPE=azure\nOPENAI_ADMIN_KEY=x\n' },
      { text: 'AZURE_OPENAI_API_KEY=x\nANTHROPIC_AUTH_TOKEN=x\nANTHROPIC_BASE_URL=x\nOPENAI_MODEL=gpt\n' },
      { text: 'VITE_OPENAI_KEY=x\nNEXT_PUBLIC_OPENAI_API_KEY=x\n' },
      { text: 'OPENAI_API_KEY=x\nOPENAI_KEY=x\n' },
      {
        text:
          `GROQ_API_KEY=${fake.groq()}\nGEMINI_API_KEY=${fake.googleApiKey()}\nGOOGLE_API_KEY=${fake.geminiAuthKey()}\n` +
          `OPENROUTER_API_KEY=${fake.openrouter()}\nHF_TOKEN=${fake.huggingface()}\nLANGSMITH_API_KEY=${fake.langsmith()}\n` +
          `XAI_API_KEY=${fake.xai()}\nTAVILY_API_KEY=${fake.tavilyDev()}\nHUGGINGFACEHUB_API_TOKEN=${fake.huggingface(2)}\n`,
      },
      // The OpenAI SDK pointed at OpenRouter or Groq: their key belongs in OPENAI_API_KEY then.
      { text: `OPENAI_BASE_URL=https://openrouter.ai/api/v1\nOPENAI_API_KEY=${fake.openrouter()}\n` },
      { text: `OPENAI_API_BASE=https://api.groq.com/openai/v1\nOPENAI_API_KEY=${fake.groq()}\n` },
      { text: 'GH_TOKEN=x\nGROQ_MODEL=x\nHF_HOME=/cache\nCO_API_KEY=x\nGOOGLE_API_KEY=x\n' },
    ],
  },
});
