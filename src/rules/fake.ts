/**
 * Fake keys for examples, tests and benchmarks, built at run time from pieces
 * (prefix + seeded random body + marker), so that no file in this repository
 * holds a string that looks like a live key to GitHub push protection or to
 * scan-keys itself. The same seed always gives the same key.
 */

/** base64("OpenAI"): the marker every OpenAI key carries in its middle. */
export const OPENAI_MARKER = Buffer.from('OpenAI').toString('base64');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = `${ALNUM}_-`;

/** mulberry32: tiny, fast and deterministic; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function body(rand: () => number, length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

/** `sk-` + `kind` + `-`: joined here so that the prefixes never stand whole in the source. */
const sk = (kind?: string) => (kind ? ['sk', kind, ''].join('-') : 'sk-');

function openai(kind: string | undefined, side: number, alphabet: string, seed: number): string {
  const rand = seededRandom(seed);
  return sk(kind) + body(rand, side, alphabet) + OPENAI_MARKER + body(rand, side, alphabet);
}

function anthropic(kind: string, seed: number): string {
  const rand = seededRandom(seed);
  // 93 random characters then the fixed `AA` tail, as the provider issues them.
  return ['sk', 'ant', kind, ''].join('-') + body(rand, 93, URLSAFE) + 'AA';
}

export const fake = {
  /** 164 characters, as current project keys. */
  openaiProject: (seed = 1) => openai('proj', 74, URLSAFE, seed),
  openaiProjectShort: (seed = 2) => openai('proj', 20, URLSAFE, seed),
  openaiServiceAccount: (seed = 3) => openai('svcacct', 74, URLSAFE, seed),
  openaiServiceLegacy: (seed = 4) => openai('service', 58, URLSAFE, seed),
  /** 133 characters, as admin keys. */
  openaiAdmin: (seed = 5) => openai('admin', 58, URLSAFE, seed),
  /** 51 characters: sk- + 20 + marker + 20. */
  openaiLegacy: (seed = 6) => openai(undefined, 20, ALNUM, seed),
  openaiNoneShort: (seed = 7) => openai('None', 20, ALNUM, seed),
  openaiNoneLong: (seed = 8) => openai('None', 74, URLSAFE, seed),
  /** 108 characters. */
  anthropic: (seed = 9) => anthropic('api03', seed),
  anthropicAdmin: (seed = 10) => anthropic('admin01', seed),
} as const;
