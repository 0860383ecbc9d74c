/**
 * Fake keys to plant in the corpus, built at run time with the built package's
 * `fake` export (no key literal is stored anywhere), and look-alikes that carry
 * a keyword but must not be reported, so that the engine's slow path runs too.
 */
import { fake, scanText } from '../dist/index.js';
import { OPENAI_MARKER } from '../dist/rules/fake.js';

const KINDS = Object.keys(fake);

/** How a key sits in each kind of file. */
const CONTEXT = {
  ts: (k) => `const apiKey = process.env.API_KEY ?? "${k}";`,
  py: (k) => `client = Client(api_key="${k}")`,
  go: (k) => `\tapiKey := "${k}"`,
  md: (k) => `Run it with \`API_KEY=${k} npm start\`.`,
  json: (k) => `  "apiKey": "${k}",`,
  yml: (k) => `  api_key: ${k}`,
  log: (k) => `2024-03-01T10:00:00Z DEBUG auth header=Bearer ${k} sent`,
  env: (k) => `OPENAI_API_KEY=${k}`,
  min: (k) => `var k="${k}";`,
};

/**
 * The n-th planted key: a fake of every kind in turn, each from its own seed.
 * A seed whose random body happens to look like a placeholder (a run, a
 * sequence) would not be a fair plant, so the next seed is taken instead.
 * Returns the key with the rule and fingerprint the scanner reports for it.
 */
export async function plantedKey(n) {
  const kind = KINDS[n % KINDS.length];
  for (let seed = 7000 + n * 13; ; seed++) {
    const key = fake[kind](seed);
    const found = await scanText(`k = "${key}"`);
    if (found.length === 1) return { key, rule: found[0].rule, fingerprint: found[0].fingerprint };
  }
}

export const keyLine = (kind, key) => (CONTEXT[kind] ?? CONTEXT.ts)(key);

/** Lines that hold a keyword (the OpenAI marker or the Anthropic prefix) but no key. */
export const LOOKALIKES = [
  '// Anthropic keys start with sk-ant-api03- and end with AA; never paste one here.',
  'ANTHROPIC_API_KEY=sk-ant-api03-YOUR_KEY_HERE',
  `OPENAI_API_KEY=sk-proj-${'x'.repeat(40)}${OPENAI_MARKER}${'x'.repeat(40)}`,
  `# the marker ${OPENAI_MARKER} is base64 of OpenAI`,
  'Error: Incorrect API key provided: sk-proj-...Abcd',
];
