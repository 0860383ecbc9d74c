/**
 * Fake keys for examples, tests and benchmarks, built at run time from pieces
 * (prefix + seeded random body + marker), so that no file in this repository
 * holds a string that looks like a live key to GitHub push protection or to
 * scan-keys itself. The same seed always gives the same key.
 */

/** base64("OpenAI"): the marker every OpenAI key carries in its middle. */
export const OPENAI_MARKER = Buffer.from('OpenAI').toString('base64');

import { crc32, crc32Base62 } from './checksum.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = `${UPPER}${LOWER}${DIGITS}`;
const URLSAFE = `${ALNUM}_-`;
const HEX = '0123456789abcdef';
const LETTERS = `${UPPER}${LOWER}`;
const LOWER_ALNUM = `${LOWER}${DIGITS}`;
const BASE32 = `${UPPER}234567`;
const BASE64 = `${ALNUM}+/`;

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

/** Joins the pieces of a prefix, so that no whole prefix followed by a body stands in this file. */
const p = (...pieces: string[]) => pieces.join('');

/** prefix + random body of one alphabet: most token formats. */
function token(prefix: string, length: number, alphabet: string, seed: number): string {
  return prefix + body(seededRandom(seed), length, alphabet);
}

const b64url = (text: string | Buffer) => Buffer.from(text).toString('base64url');

function uuid(rand: () => number): string {
  const h = (n: number) => body(rand, n, HEX);
  return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`;
}

/** A JSON Web Token: real base64url JSON header and payload, random signature. */
function jwt(payload: Record<string, unknown>, rand: () => number, signature = 43): string {
  return `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(payload))}.${body(rand, signature, URLSAFE)}`;
}

/** 30 random characters and their CRC32 in base62: a token that passes GitHub's and npm's offline check. */
function checksummed(prefix: string, seed: number): string {
  const random = body(seededRandom(seed), 30, ALNUM);
  return prefix + random + crc32Base62(random);
}

/** A PEM block: armour lines around base64 of `magic` + random bytes, in 64-character lines. */
function pem(label: string, magic: string, seed: number, newline = '\n', size = 1200): string {
  const rand = seededRandom(seed);
  const data = magic + body(rand, size, BASE64);
  const lines = data.match(/.{1,64}/g) ?? [];
  const dashes = '-'.repeat(5);
  return [`${dashes}BEGIN ${label}${dashes}`, ...lines, `${dashes}END ${label}${dashes}`].join(newline);
}

function langsmith(kind: 'pt' | 'sk', seed: number): string {
  const rand = seededRandom(seed);
  return `${p('lsv2_', kind, '_')}${body(rand, 32, HEX)}_${body(rand, 10, HEX)}`;
}

function supabaseJwt(role: 'service_role' | 'anon', seed: number): string {
  const rand = seededRandom(seed);
  const payload = { iss: 'supabase', ref: body(rand, 20, LOWER), role, iat: 1700000000, exp: 2000000000 };
  return jwt(payload, rand);
}

function databaseUrl(scheme: string, seed: number): string {
  const rand = seededRandom(seed);
  return `${scheme}://app_user:${body(rand, 20, ALNUM)}@db-${body(rand, 8, LOWER_ALNUM)}.eu-west-1.rds.amazonaws.com`;
}

/** Cloudflare's scannable tokens: prefix + 40 + 8 hex (CRC32 of the 40, as secretlint reads the format). */
function cloudflare(kind: 'cfut' | 'cfat' | 'cfk', seed: number): string {
  const random = body(seededRandom(seed), 40, ALNUM);
  return `${p(kind, '_')}${random}${crc32(random).toString(16).padStart(8, '0')}`;
}

/** Every key here is found on its own: `fake.x(seed)` is a whole key that one rule claims. */
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
  /** Claude Code OAuth access (oat01) and refresh (ort01) tokens. */
  anthropicOauth: (seed = 11) => anthropic('oat01', seed),
  anthropicOauthRefresh: (seed = 13) => anthropic('ort01', seed),
  /** A 2024 service-account key named by its owner: sk-<name>- + body + marker + body. */
  openaiNamed: (seed = 12) => openai('mybot', 74, URLSAFE, seed),
  openaiNamedLong: (seed = 14) => openai('prod-api-1', 58, URLSAFE, seed),

  /** Google API key (Gemini, Maps, Firebase...): 39 characters. */
  googleApiKey: (seed = 20) => token(p('AI', 'za'), 35, URLSAFE, seed),
  /** Gemini auth key, the default for new AI Studio keys. */
  geminiAuthKey: (seed = 21) => token(p('AQ', '.Ab8RN6'), 44, URLSAFE, seed),
  groq: (seed = 22) => token(p('gs', 'k_'), 52, ALNUM, seed),
  openrouter: (seed = 23) => token(p('sk-or', '-v1-'), 64, HEX, seed),
  huggingface: (seed = 24) => token(p('hf', '_'), 34, LETTERS, seed),
  huggingfaceOrg: (seed = 25) => token(p('api', '_org_'), 34, LETTERS, seed),
  langsmith: (seed = 26) => langsmith('pt', seed),
  langsmithService: (seed = 19) => langsmith('sk', seed),
  xai: (seed = 27) => token(p('xa', 'i-'), 80, ALNUM, seed),
  tavily: (seed = 28) => token(p('tv', 'ly-'), 32, ALNUM, seed),
  tavilyDev: (seed = 29) => token(p('tvly', '-dev-'), 32, ALNUM, seed),
  /** The newer hyphenated development key: tvly-dev- + 6 + `-` + 48. */
  tavilyDevLong: (seed = 30) => {
    const rand = seededRandom(seed);
    return `${p('tvly', '-dev-')}${body(rand, 6, ALNUM)}-${body(rand, 48, ALNUM)}`;
  },
  pinecone: (seed = 31) => {
    const rand = seededRandom(seed);
    return `${p('pc', 'sk_')}${body(rand, 5, ALNUM)}_${body(rand, 63, ALNUM)}`;
  },
  replicate: (seed = 32) => token(p('r8', '_'), 37, ALNUM, seed),
  perplexity: (seed = 33) => token(p('pp', 'lx-'), 48, ALNUM, seed),
  together: (seed = 34) => token(p('tgp', '_v1_'), 43, URLSAFE, seed),
  cerebras: (seed = 35) => token(p('cs', 'k-'), 48, LOWER_ALNUM, seed),
  elevenlabs: (seed = 36) => token(p('sk', '_'), 48, HEX, seed),
  firecrawl: (seed = 37) => token(p('fc', '-'), 32, HEX, seed),
  langfuseSecret: (seed = 38) => p('sk-', 'lf-') + uuid(seededRandom(seed)),
  wandb: (seed = 40) => token(p('wandb', '_v1_'), 77, `${ALNUM}_`, seed),

  githubClassic: (seed = 50) => checksummed(p('gh', 'p_'), seed),
  githubOauth: (seed = 46) => checksummed(p('gh', 'o_'), seed),
  githubUserToServer: (seed = 47) => checksummed(p('gh', 'u_'), seed),
  githubServerToServer: (seed = 48) => checksummed(p('gh', 's_'), seed),
  githubRefresh: (seed = 49) => checksummed(p('gh', 'r_'), seed),
  githubFineGrained: (seed = 51) => {
    const rand = seededRandom(seed);
    return `${p('github', '_pat_')}${body(rand, 22, ALNUM)}_${body(rand, 59, ALNUM)}`;
  },
  /** The stateless installation token of 2026: ghs_<app id>_<JWT>, about 520 characters. */
  githubInstallation: (seed = 52) => {
    const rand = seededRandom(seed);
    const payload = { iss: 'github', app: Number(body(rand, 7, DIGITS)), iid: Number(body(rand, 8, DIGITS)), exp: 1900000000, nonce: body(rand, 40, ALNUM) };
    return `${p('gh', 's_')}${1 + Math.floor(rand() * 9)}${body(rand, 6, DIGITS)}_${jwt(payload, rand, 342)}`;
  },
  gitlab: (seed = 53) => token(p('gl', 'pat-'), 20, URLSAFE, seed),
  /** Routable GitLab token: payload, `.`, 2 base36 (payload length), `.`, 9 base36. */
  gitlabRoutable: (seed = 54) => {
    const rand = seededRandom(seed);
    return `${p('gl', 'pat-')}${body(rand, 36, URLSAFE)}.01.${body(rand, 9, LOWER_ALNUM)}`;
  },
  awsKeyId: (seed = 55) => token(p('AK', 'IA'), 16, BASE32, seed),
  awsSessionKeyId: (seed = 56) => token(p('AS', 'IA'), 16, BASE32, seed),
  /** A long-lived Bedrock API key: ABSK + base64 of BedrockAPIKey-<id>:<secret>. */
  bedrock: (seed = 84) => {
    const rand = seededRandom(seed);
    return p('AB', 'SK') + Buffer.from(`BedrockAPIKey-${body(rand, 4, LOWER_ALNUM)}-at-${body(rand, 12, DIGITS)}:${body(rand, 60, BASE64)}`).toString('base64');
  },
  /** A PEM private key block; `newline` '\\n' gives the escaped form found in JSON strings. */
  privateKey: (seed = 58) => pem('RSA PRIVATE KEY', 'MIIEow', seed),
  privateKeyPkcs8: (seed = 15) => pem('PRIVATE KEY', 'MIIEvQ', seed),
  privateKeyEc: (seed = 16) => pem('EC PRIVATE KEY', 'MHcCAQ', seed, '\n', 160),
  privateKeyOpenssh: (seed = 17) => pem('OPENSSH PRIVATE KEY', 'b3BlbnNzaC1rZXktdjEAAAAA', seed),
  /** The escaped form a JSON string holds. */
  privateKeyEscaped: (seed = 18) => pem('PRIVATE KEY', 'MIIEvQ', seed, '\\n'),
  supabaseSecret: (seed = 60) => token(p('sb_', 'secret_'), 31, URLSAFE, seed),
  supabaseAccess: (seed = 61) => token(p('sb', 'p_'), 40, LOWER_ALNUM, seed),
  /** A legacy Supabase key: a JWT whose payload says role service_role (anon for the public one). */
  supabaseServiceRole: (seed = 62) => supabaseJwt('service_role', seed),
  databaseUrl: (seed = 63) => databaseUrl('postgres', seed),
  mongodbUrl: (seed = 76) => databaseUrl('mongodb+srv', seed),
  stripe: (seed = 64) => token(p('sk', '_li', 've_'), 99, ALNUM, seed),
  /** The 24-character live keys Stripe issued before the long ones. */
  stripeShort: (seed = 77) => token(p('sk', '_li', 've_'), 24, ALNUM, seed),
  stripeRestricted: (seed = 78) => token(p('rk', '_li', 've_'), 99, ALNUM, seed),
  slackBot: (seed = 65) => {
    const rand = seededRandom(seed);
    return `${p('xo', 'xb-')}${body(rand, 12, DIGITS)}-${body(rand, 13, DIGITS)}-${body(rand, 24, ALNUM)}`;
  },
  slackUser: (seed = 66) => {
    const rand = seededRandom(seed);
    return `${p('xo', 'xp-')}${body(rand, 12, DIGITS)}-${body(rand, 12, DIGITS)}-${body(rand, 13, DIGITS)}-${body(rand, 32, HEX)}`;
  },
  slackApp: (seed = 67) => {
    const rand = seededRandom(seed);
    return `${p('xa', 'pp-1-A')}${body(rand, 10, `${UPPER}${DIGITS}`)}-${body(rand, 13, DIGITS)}-${body(rand, 64, HEX)}`;
  },
  slackWebhook: (seed = 68) => {
    const rand = seededRandom(seed);
    const id = () => body(rand, 10, `${UPPER}${DIGITS}`);
    return `https://${p('hooks', '.slack.com')}/services/T${id()}/B${id()}/${body(rand, 24, ALNUM)}`;
  },
  discordWebhook: (seed = 70) => {
    const rand = seededRandom(seed);
    return `https://discord.com/api/${p('web', 'hooks')}/${1 + Math.floor(rand() * 9)}${body(rand, 17, DIGITS)}/${body(rand, 68, URLSAFE)}`;
  },
  telegram: (seed = 71) => {
    const rand = seededRandom(seed);
    return `${1 + Math.floor(rand() * 9)}${body(rand, 9, DIGITS)}${p(':', 'AA')}${body(rand, 33, URLSAFE)}`;
  },
  npm: (seed = 72) => checksummed(p('np', 'm_'), seed),
  sendgrid: (seed = 73) => {
    const rand = seededRandom(seed);
    return `${p('S', 'G.')}${body(rand, 22, URLSAFE)}.${body(rand, 43, URLSAFE)}`;
  },
  vercel: (seed = 74) => token(p('vc', 'p_'), 56, URLSAFE, seed),
  vercelIntegration: (seed = 79) => token(p('vc', 'i_'), 56, URLSAFE, seed),
  vercelAiGateway: (seed = 80) => token(p('vc', 'k_'), 56, URLSAFE, seed),
  cloudflare: (seed = 75) => cloudflare('cfut', seed),
  cloudflareAccount: (seed = 81) => cloudflare('cfat', seed),
  cloudflareGlobal: (seed = 82) => cloudflare('cfk', seed),
} as const;

/**
 * Pieces that are a secret only beside something else: bodies of keys with
 * no prefix (found where a context word names the provider), the halves of
 * paired secrets, and whole files.
 */
export const fakeParts = {
  deepseek: (seed = 42) => token(p('sk', '-'), 32, HEX, seed),
  mistral: (seed = 43) => token('', 32, ALNUM, seed),
  cohere: (seed = 44) => token('', 40, ALNUM, seed),
  azureOpenai: (seed = 45) => token('', 32, HEX, seed),
  wandbLegacy: (seed = 41) => token('', 40, HEX, seed),
  awsSecret: (seed = 57) => token('', 40, BASE64, seed),
  langfusePublic: (seed = 39) => p('pk-', 'lf-') + uuid(seededRandom(seed)),
  supabaseAnon: (seed = 83) => supabaseJwt('anon', seed),
  /** base64(bot user id) . 6 . 38: the first part decodes to the bot's numeric id. */
  discordBot: (seed = 69) => {
    const rand = seededRandom(seed);
    const id = `${1 + Math.floor(rand() * 9)}${body(rand, 17, DIGITS)}`;
    return `${Buffer.from(id).toString('base64url')}.${body(rand, 6, URLSAFE)}.${body(rand, 38, URLSAFE)}`;
  },
  /** A Google service-account key file: the whole JSON text, and its private_key member (the secret). */
  serviceAccount: (seed = 59) => {
    const rand = seededRandom(seed);
    const key = pem('PRIVATE KEY', 'MIIEvQ', seed, '\\n');
    const project = `demo-${body(rand, 6, LOWER_ALNUM)}`;
    const member = `"private_key": "${key}\\n"`;
    const text = [
      '{',
      '  "type": "service_account",',
      `  "project_id": "${project}",`,
      `  "private_key_id": "${body(rand, 40, HEX)}",`,
      `  ${member},`,
      `  "client_email": "runner@${project}.iam.gserviceaccount.com",`,
      '  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs"',
      '}',
    ].join('\n');
    return { text, secret: member };
  },
} as const;
