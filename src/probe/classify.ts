import type { ProbeResult, ProbeStatus } from '../finding.js';
import { looksSecret, own, shown } from '../redact.js';
import type { Provider } from './base-url.js';

/** What a provider answered, reduced to what the tables look at. Nothing here is ever printed but `code`. */
export interface HttpAnswer {
  readonly httpStatus: number;
  /** The provider's error code (error.code, error.type, Slack's error...), when it sent one that is a short identifier. */
  readonly code?: string;
  /** The body parsed as JSON, when it was JSON. */
  readonly body?: unknown;
  /** The body as text (cut at 64 KiB): read by the tables (STS answers in XML), never shown. */
  readonly text?: string;
  /** Response headers, names in lower case. */
  readonly headers?: Readonly<Record<string, string>>;
}

interface Row {
  readonly httpStatus: number | readonly number[];
  /** Matches any code when absent. */
  readonly code?: string | readonly string[] | RegExp;
  /** A further condition on the answer (a field of the body). */
  readonly when?: (answer: HttpAnswer) => boolean;
  readonly status: ProbeStatus;
  /** What the answer means, in the user's terms (doctor prints it). */
  readonly meaning: string;
  /**
   * What the provider said beyond the status (credit left, expired, scopes),
   * made of our words and of numbers, dates and identifiers checked here: a
   * server's free text never goes in.
   */
  readonly detail?: (answer: HttpAnswer) => string | undefined;
}

// ---- reading a body without trusting it -------------------------------------------------------

/** The value at a path of a parsed JSON body, or undefined. */
export function at(body: unknown, ...path: readonly (string | number)[]): unknown {
  let value = body;
  for (const step of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[step];
  }
  return value;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * Error codes are short identifiers (invalid_api_key, authentication_error);
 * anything else is dropped, never printed: a server that echoes the key, or a
 * part of it, in a code field must not get it into a report.
 */
const SAFE_CODE = /^[A-Za-z][\w.:-]{0,39}$/;
/** Whether a string from a server is a short identifier that is no key (looks random: letters, digits, high entropy). */
export const isSafeCode = (code: unknown): code is string => typeof code === 'string' && SAFE_CODE.test(code) && !looksSecret(code);

/** An ISO 8601 date or date-time as the providers send them, cut to the day. */
function isoDay(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]{5,15}(?:Z|[+-]\d{2}:?\d{2}| UTC)?)?$/.exec(value);
  return m?.[1];
}

/** Identifiers from a list (scopes, permissions): only the safe ones, at most 10. */
function identifiers(values: readonly unknown[]): string[] {
  const safe = values.filter(isSafeCode);
  return safe.length > 10 ? [...safe.slice(0, 10), `and ${safe.length - 10} more`] : safe;
}

const joined = (...parts: readonly (string | undefined)[]): string | undefined => {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  return kept.length > 0 ? kept.join('; ') : undefined;
};

/** Whether the raw body says a word (a message such as "Token has expired"): read, never shown. */
const says = (re: RegExp) => (a: HttpAnswer) => a.text !== undefined && re.test(a.text.slice(0, 4096));

// ---- the words ---------------------------------------------------------------------------------

const WORKS = 'the key works';
const WRONG = 'the key is wrong, revoked or deleted';
const RESTRICTED = 'the key is valid, but restricted by scope, model or region';
const RATE_LIMITED = 'the key is valid (rate-limited, even after one retry)';
const NO_QUOTA = 'the key is valid, but its credit or quota is used up';
const DEACTIVATED = "the key's account or organization is deactivated";
const BLOCKED = 'the key exists, but is blocked or disabled';
const EXPIRED = 'the key has expired';
const REVOKED = 'the key was revoked';

const live: Row = { httpStatus: 200, status: 'live', meaning: WORKS };
const invalid401: Row = { httpStatus: 401, status: 'invalid', meaning: WRONG };
const restricted403: Row = { httpStatus: 403, status: 'live', meaning: RESTRICTED };
const rateLimited: Row = { httpStatus: 429, status: 'live', meaning: RATE_LIMITED, detail: () => 'rate-limited' };
/** The usual answers of an OpenAI-style API: 200, 401 for a bad key, 429 for a rate limit counted against the key. */
const BEARER_API: readonly Row[] = [live, invalid401, rateLimited];

// ---- per provider ------------------------------------------------------------------------------

const openai: readonly Row[] = [
  live,
  { httpStatus: 401, code: 'invalid_api_key', status: 'invalid', meaning: WRONG },
  { httpStatus: 401, code: 'account_deactivated', status: 'deactivated', meaning: DEACTIVATED },
  restricted403,
  { httpStatus: 429, code: 'insufficient_quota', status: 'live_no_quota', meaning: 'the key is valid, but its billing quota is exhausted' },
  { httpStatus: 429, status: 'live', meaning: RATE_LIMITED },
];

const anthropic: readonly Row[] = [
  live,
  { httpStatus: 401, code: 'authentication_error', status: 'invalid', meaning: WRONG },
  { httpStatus: 404, status: 'invalid', meaning: WRONG },
  { httpStatus: 401, code: 'account_deactivated', status: 'deactivated', meaning: DEACTIVATED },
  restricted403,
  { httpStatus: 429, status: 'live', meaning: RATE_LIMITED },
];

/** Google sends the reason in error.details[].reason: API_KEY_INVALID, API_KEY_HTTP_REFERRER_BLOCKED, SERVICE_DISABLED... */
const google: readonly Row[] = [
  live,
  { httpStatus: 400, code: 'API_KEY_INVALID', status: 'invalid', meaning: WRONG },
  { httpStatus: 400, code: 'API_KEY_EXPIRED', status: 'invalid', meaning: EXPIRED, detail: () => 'expired' },
  {
    httpStatus: 403,
    code: /^(?:API_KEY_[A-Z_]+_BLOCKED|SERVICE_DISABLED)$/,
    status: 'live',
    meaning: 'the key is valid, but restricted (to referrers, IPs, apps or other APIs) or the Gemini API is off in its project',
    detail: () => 'restricted: not usable for Gemini from here',
  },
  rateLimited,
];

const openrouter: readonly Row[] = [
  {
    httpStatus: 200,
    when: (a) => (num(at(a.body, 'data', 'limit_remaining')) ?? 1) <= 0,
    status: 'live_no_quota',
    meaning: NO_QUOTA,
    detail: (a) => `no credit left of the key's limit (${num(at(a.body, 'data', 'limit'))})`,
  },
  {
    ...live,
    detail: (a) => {
      const left = num(at(a.body, 'data', 'limit_remaining'));
      return joined(left !== undefined ? `credit left: ${left}` : undefined, at(a.body, 'data', 'is_free_tier') === true ? 'free tier' : undefined);
    },
  },
  invalid401,
  { httpStatus: 402, status: 'live_no_quota', meaning: NO_QUOTA, detail: () => 'out of credit' },
  rateLimited,
];

const huggingface: readonly Row[] = [
  {
    ...live,
    detail: (a) => {
      const role = at(a.body, 'auth', 'accessToken', 'role');
      return isSafeCode(role) ? `role: ${role}` : undefined;
    },
  },
  { httpStatus: 401, when: says(/expired/i), status: 'invalid', meaning: EXPIRED, detail: () => 'expired' },
  invalid401,
  rateLimited,
];

/** LangSmith answers 403 as well as 401 for a key it does not know. */
const langsmith: readonly Row[] = [live, invalid401, { httpStatus: 403, status: 'invalid', meaning: WRONG }, rateLimited];

const XAI_FLAGS = ['api_key_blocked', 'api_key_disabled', 'team_blocked'] as const;
/** xAI's GET /v1/api-key says whether the key or its team is blocked; a bad key is a 400. */
const xai: readonly Row[] = [
  {
    httpStatus: 200,
    when: (a) => XAI_FLAGS.some((f) => at(a.body, f) === true),
    status: 'deactivated',
    meaning: BLOCKED,
    detail: (a) => XAI_FLAGS.filter((f) => at(a.body, f) === true).join(', '),
  },
  live,
  { httpStatus: [400, 401], status: 'invalid', meaning: WRONG },
  rateLimited,
];

/** Tavily's GET /usage: the key's own limit (often none) and the plan's. */
function tavilyUsage(a: HttpAnswer): { used: number; limit: number } | undefined {
  const pairs = [
    [at(a.body, 'key', 'usage'), at(a.body, 'key', 'limit')],
    [at(a.body, 'account', 'plan_usage'), at(a.body, 'account', 'plan_limit')],
  ].map(([u, l]) => ({ used: num(u), limit: num(l) }));
  const full = pairs.find((p): p is { used: number; limit: number } => p.used !== undefined && p.limit !== undefined && p.limit > 0 && p.used >= p.limit);
  return full ?? pairs.find((p): p is { used: number; limit: number } => p.used !== undefined && p.limit !== undefined);
}
const tavily: readonly Row[] = [
  {
    httpStatus: 200,
    when: (a) => {
      const u = tavilyUsage(a);
      return u !== undefined && u.limit > 0 && u.used >= u.limit;
    },
    status: 'live_no_quota',
    meaning: NO_QUOTA,
    detail: (a) => `used ${tavilyUsage(a)!.used} of ${tavilyUsage(a)!.limit} credits`,
  },
  {
    ...live,
    detail: (a) => {
      const u = tavilyUsage(a);
      return u ? `used ${u.used} of ${u.limit} credits` : undefined;
    },
  },
  invalid401,
  rateLimited,
];

/** Pinecone: 403 is a key that authenticated but may not list indexes. */
const pinecone: readonly Row[] = [live, invalid401, restricted403, rateLimited];

/**
 * Perplexity has no read-only endpoint: the probe asks for a completion with a
 * made-up model and no messages, which it refuses (400, 404 or 422) only after
 * the key authenticated. Nothing is generated or billed.
 */
const perplexity: readonly Row[] = [
  { httpStatus: [400, 404, 422], status: 'live', meaning: WORKS, detail: () => 'authenticated (the test request was refused, nothing billed)' },
  live,
  invalid401,
  rateLimited,
];

/** ElevenLabs' GET /v1/user: the subscription's characters used and allowed; a scoped key may lack user_read. */
const elevenlabs: readonly Row[] = [
  {
    httpStatus: 200,
    when: (a) => {
      const used = num(at(a.body, 'subscription', 'character_count'));
      const limit = num(at(a.body, 'subscription', 'character_limit'));
      return used !== undefined && limit !== undefined && used >= limit;
    },
    status: 'live_no_quota',
    meaning: NO_QUOTA,
    detail: (a) => `used ${num(at(a.body, 'subscription', 'character_count'))} of ${num(at(a.body, 'subscription', 'character_limit'))} characters`,
  },
  {
    ...live,
    detail: (a) => {
      const used = num(at(a.body, 'subscription', 'character_count'));
      const limit = num(at(a.body, 'subscription', 'character_limit'));
      return used !== undefined && limit !== undefined ? `used ${used} of ${limit} characters` : undefined;
    },
  },
  { httpStatus: 401, code: 'missing_permissions', status: 'live', meaning: RESTRICTED, detail: () => 'restricted: no user_read permission' },
  { httpStatus: 401, code: 'detected_unusual_activity', status: 'deactivated', meaning: BLOCKED, detail: () => 'blocked for unusual activity' },
  invalid401,
  rateLimited,
];

/** Firecrawl answers 402 when the team has no credit left. */
const firecrawl: readonly Row[] = [live, invalid401, { httpStatus: 402, status: 'live_no_quota', meaning: NO_QUOTA, detail: () => 'out of credit' }, rateLimited];

/** W&B's GraphQL answers `viewer: null` to a request it could not tie to a user. */
const wandb: readonly Row[] = [
  { httpStatus: 200, when: (a) => at(a.body, 'data', 'viewer') === null, status: 'invalid', meaning: WRONG },
  { httpStatus: 200, when: (a) => typeof at(a.body, 'data', 'viewer') === 'object', status: 'live', meaning: WORKS },
  invalid401,
  rateLimited,
];

/** DeepSeek's GET /user/balance: is_available false means no balance to spend. */
function deepseekBalance(a: HttpAnswer): string | undefined {
  const info = at(a.body, 'balance_infos', 0);
  const total = at(info, 'total_balance');
  const currency = at(info, 'currency');
  return typeof total === 'string' && /^-?\d{1,12}(?:\.\d{1,4})?$/.test(total) && typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)
    ? `balance: ${total} ${currency}`
    : undefined;
}
const deepseek: readonly Row[] = [
  { httpStatus: 200, when: (a) => at(a.body, 'is_available') === false, status: 'live_no_quota', meaning: NO_QUOTA, detail: (a) => joined('no balance to spend', deepseekBalance(a)) },
  { ...live, detail: deepseekBalance },
  invalid401,
  { httpStatus: 402, status: 'live_no_quota', meaning: NO_QUOTA, detail: () => 'insufficient balance' },
  rateLimited,
];

/** Cohere's check-api-key, documented for this: 200 with `valid`. */
const cohere: readonly Row[] = [
  { httpStatus: 200, when: (a) => at(a.body, 'valid') === true, status: 'live', meaning: WORKS },
  { httpStatus: 200, when: (a) => at(a.body, 'valid') === false, status: 'invalid', meaning: WRONG },
  invalid401,
  rateLimited,
];

/** Azure answers 403 when the resource's network rules keep this machine out: the key itself was not refused. */
const azureOpenai: readonly Row[] = [live, invalid401, { ...restricted403, detail: () => 'refused by the resource (network rules?)' }, rateLimited];

/** GitHub tells the scopes (classic tokens) and the expiry (tokens that have one) in headers. */
function githubDetail(a: HttpAnswer): string | undefined {
  const scopes = a.headers?.['x-oauth-scopes'];
  const listed = scopes === undefined ? [] : identifiers(scopes.split(',').map((s) => s.trim()).filter(Boolean));
  const expires = isoDay(a.headers?.['github-authentication-token-expiration']);
  return joined(
    scopes !== undefined ? `scopes: ${listed.length > 0 ? listed.join(', ') : 'none'}` : undefined,
    expires ? `expires ${expires}` : undefined,
  );
}
const github: readonly Row[] = [{ ...live, detail: githubDetail }, invalid401];

/** GitLab's GET /personal_access_tokens/self: active, revoked, expires_at and scopes of the token itself. */
function gitlabDetail(a: HttpAnswer): string | undefined {
  const scopes = at(a.body, 'scopes');
  const expires = isoDay(at(a.body, 'expires_at'));
  return joined(Array.isArray(scopes) ? `scopes: ${identifiers(scopes).join(', ')}` : undefined, expires ? `expires ${expires}` : undefined);
}
const gitlab: readonly Row[] = [
  { httpStatus: 200, when: (a) => at(a.body, 'revoked') === true, status: 'invalid', meaning: REVOKED, detail: () => 'revoked' },
  { httpStatus: 200, when: (a) => at(a.body, 'active') === false, status: 'invalid', meaning: EXPIRED, detail: () => 'inactive (expired)' },
  { ...live, detail: gitlabDetail },
  { httpStatus: 401, when: says(/expired/i), status: 'invalid', meaning: EXPIRED, detail: () => 'expired' },
  { httpStatus: 401, when: says(/revoked/i), status: 'invalid', meaning: REVOKED, detail: () => 'revoked' },
  invalid401,
  { httpStatus: 403, code: 'insufficient_scope', status: 'live', meaning: RESTRICTED, detail: () => 'restricted: insufficient scope' },
  { httpStatus: 403, when: says(/blocked|banned|locked|deactivated/i), status: 'deactivated', meaning: DEACTIVATED, detail: () => 'the user is blocked' },
  rateLimited,
];

/** STS: the account the key belongs to (12 digits: an identifier, no secret). */
const awsAccount = (a: HttpAnswer) => {
  const m = a.text === undefined ? null : /<Account>(\d{12})<\/Account>/.exec(a.text);
  return m ? `account ${m[1]}` : undefined;
};
const aws: readonly Row[] = [
  { ...live, detail: awsAccount },
  { httpStatus: 403, code: 'InvalidClientTokenId', status: 'invalid', meaning: WRONG, detail: () => 'the key id is not known' },
  {
    httpStatus: 403,
    code: 'SignatureDoesNotMatch',
    status: 'invalid',
    meaning: 'the key id exists, but the secret access key beside it is not its secret',
    detail: () => 'the secret does not match the key id',
  },
  { httpStatus: [400, 403], code: 'ExpiredToken', status: 'invalid', meaning: EXPIRED, detail: () => 'expired' },
];

const stripe: readonly Row[] = [
  live,
  { httpStatus: 401, code: 'api_key_expired', status: 'invalid', meaning: EXPIRED, detail: () => 'expired' },
  invalid401,
  { ...restricted403, detail: () => 'restricted key without balance read permission' },
  rateLimited,
];

/** Slack's auth.test answers 200 whatever the token: the verdict is in ok and error. */
const slackError = (...errors: readonly string[]) => (a: HttpAnswer) => at(a.body, 'ok') === false && errors.includes(a.code ?? '');
const slack: readonly Row[] = [
  { httpStatus: 200, when: (a) => at(a.body, 'ok') === true, status: 'live', meaning: WORKS },
  { httpStatus: 200, when: slackError('invalid_auth', 'not_authed'), status: 'invalid', meaning: WRONG },
  { httpStatus: 200, when: slackError('token_revoked'), status: 'invalid', meaning: REVOKED, detail: () => 'revoked' },
  { httpStatus: 200, when: slackError('token_expired'), status: 'invalid', meaning: EXPIRED, detail: () => 'expired' },
  { httpStatus: 200, when: slackError('account_inactive', 'team_disabled'), status: 'deactivated', meaning: DEACTIVATED },
  rateLimited,
];

/** Discord: a webhook that was deleted is a 404 (Unknown Webhook). */
const discord: readonly Row[] = [live, invalid401, { httpStatus: 404, status: 'invalid', meaning: WRONG, detail: () => 'unknown webhook (deleted)' }];

/** Telegram's getMe: 404 is a token of the wrong shape. */
const telegram: readonly Row[] = [
  { httpStatus: 200, when: (a) => at(a.body, 'ok') === true, status: 'live', meaning: WORKS },
  { httpStatus: [401, 404], status: 'invalid', meaning: WRONG },
];

const sendgrid: readonly Row[] = [
  {
    ...live,
    detail: (a) => {
      const scopes = at(a.body, 'scopes');
      return Array.isArray(scopes) ? `${scopes.length} scopes` : undefined;
    },
  },
  invalid401,
  { ...restricted403, detail: () => 'restricted: no scopes read permission' },
  rateLimited,
];

/** Vercel answers a bad token with 403 and `invalidToken: true`; a 403 without it is a scope matter. */
const vercel: readonly Row[] = [
  live,
  invalid401,
  { httpStatus: 403, when: (a) => at(a.body, 'error', 'invalidToken') === true, status: 'invalid', meaning: WRONG },
  rateLimited,
];

/** Cloudflare's tokens/verify: result.status is active, disabled or expired. */
const cloudflare: readonly Row[] = [
  { httpStatus: 200, when: (a) => at(a.body, 'result', 'status') === 'disabled', status: 'deactivated', meaning: BLOCKED, detail: () => 'disabled' },
  { httpStatus: 200, when: (a) => at(a.body, 'result', 'status') === 'expired', status: 'invalid', meaning: EXPIRED, detail: () => 'expired' },
  {
    httpStatus: 200,
    when: (a) => at(a.body, 'result', 'status') === 'active',
    status: 'live',
    meaning: WORKS,
    detail: (a) => {
      const expires = isoDay(at(a.body, 'result', 'expires_on'));
      return expires ? `expires ${expires}` : undefined;
    },
  },
  { httpStatus: [400, 401], status: 'invalid', meaning: WRONG },
  rateLimited,
];

/** How each provider's answers read. The first row that fits wins; no row means unknown. */
export const CLASSIFICATION: Readonly<Record<Provider, readonly Row[]>> = {
  openai,
  anthropic,
  google,
  groq: BEARER_API,
  openrouter,
  huggingface,
  langsmith,
  xai,
  tavily,
  pinecone,
  replicate: BEARER_API,
  perplexity,
  together: BEARER_API,
  cerebras: BEARER_API,
  elevenlabs,
  firecrawl,
  langfuse: [live, invalid401, rateLimited],
  wandb,
  deepseek,
  mistral: BEARER_API,
  cohere,
  'azure-openai': azureOpenai,
  github,
  gitlab,
  aws,
  supabase: BEARER_API,
  stripe,
  slack,
  discord,
  telegram,
  npm: BEARER_API,
  sendgrid,
  vercel,
  cloudflare,
};

const fits = (row: Row, answer: HttpAnswer) =>
  (typeof row.httpStatus === 'number' ? row.httpStatus === answer.httpStatus : row.httpStatus.includes(answer.httpStatus)) &&
  (row.code === undefined ||
    (typeof row.code === 'string'
      ? row.code === answer.code
      : row.code instanceof RegExp
        ? answer.code !== undefined && row.code.test(answer.code)
        : answer.code !== undefined && row.code.includes(answer.code))) &&
  (row.when === undefined || row.when(answer));

/** Why an answer outside the table tells nothing (the HTTP status and code are kept beside it). */
function unknownReason(answer: HttpAnswer): string {
  if (answer.httpStatus === 529) return 'the provider is overloaded';
  if (answer.httpStatus >= 500) return 'the provider had an error';
  if (answer.httpStatus === 429) return 'rate-limited, even after one retry';
  return 'an answer the probe table does not know';
}

export interface Classified {
  readonly result: ProbeResult;
  readonly meaning: string;
}

/** The status of a key from its provider's answer, keeping the HTTP status, the error code and what the provider said. */
export function classify(provider: Provider, answer: HttpAnswer): Classified {
  const row = CLASSIFICATION[provider].find((r) => fits(r, answer));
  const kept = { httpStatus: answer.httpStatus, ...(answer.code ? { code: shown(answer.code) } : {}) };
  if (row) {
    const detail = row.detail?.(answer);
    return { result: { status: row.status, ...kept, ...(detail ? { detail: shown(detail) } : {}) }, meaning: row.meaning };
  }
  const reason = unknownReason(answer);
  return { result: { status: 'unknown', ...kept, detail: own(reason) }, meaning: `could not tell: ${reason}` };
}

/** 429 for a rate limit (not for an empty quota), 5xx and 529 may pass: worth one more try. */
export const isRetryable = (answer: HttpAnswer): boolean =>
  answer.httpStatus >= 500 || (answer.httpStatus === 429 && answer.code !== 'insufficient_quota');
